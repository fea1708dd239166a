//! A Bloom filter of the spelling dictionary's words: most words of the notes are not
//! misspellings, and the filter says so in a few instructions instead of the dictionary's
//! SipHash of the word. `build.rs` builds it from typos-dict at compile time (no run pays for
//! hashing ~100,000 keys); the spelling rule queries it. 2^20 bits (128 KiB), two probes: about
//! 3% of correct words still go on to the dictionary.

pub const BITS: usize = 1 << 20;

fn probes(word: &[u8]) -> [usize; 2] {
    // Eight bytes at a time: the words looked up are ASCII letters, which `| 0x20` puts in
    // lower case (other bytes change too, alike for the dictionary and the query).
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ word.len() as u64;
    for chunk in word.chunks(8) {
        let mut bytes = [0u8; 8];
        bytes[..chunk.len()].copy_from_slice(chunk);
        let lower = u64::from_le_bytes(bytes) | 0x2020_2020_2020_2020;
        hash = (hash.rotate_left(23) ^ lower).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    // A product's low bits depend only on its factors' low bits: mix the high ones down.
    hash ^= hash >> 32;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 29;
    [hash as usize % BITS, (hash >> 40) as usize % BITS]
}

/// The filter's bytes, for `words` (ignoring ASCII case).
#[cfg_attr(not(test), allow(dead_code))] // Used by build.rs (and a test) only.
pub fn build<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut bits = vec![0u8; BITS / 8];
    for word in words {
        for probe in probes(word.as_bytes()) {
            bits[probe / 8] |= 1 << (probe % 8);
        }
    }
    bits
}

/// False when `word` is certainly not one of the filter's words.
#[allow(dead_code)] // Used by the rule only.
pub fn may_contain(bits: &[u8], word: &str) -> bool {
    probes(word.as_bytes())
        .iter()
        .all(|&p| bits[p / 8] & (1 << (p % 8)) != 0)
}
