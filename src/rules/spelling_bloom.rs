//! A Bloom filter of the spelling dictionary's words: most words of the notes are not
//! misspellings, and the filter says so in a few instructions instead of the dictionary's
//! SipHash of the word. `build.rs` builds it from typos-dict at compile time (no run pays for
//! hashing ~100,000 keys); the spelling rule queries it. 2^20 bits (128 KiB), two probes: about
//! 3% of correct words still go on to the dictionary.

pub const BITS: usize = 1 << 20;

fn probes(word: &[u8]) -> [usize; 2] {
    let hash = word.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h.rotate_left(5) ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x517c_c1b7_2722_0a95)
    });
    [hash as usize % BITS, (hash >> 32) as usize % BITS]
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
