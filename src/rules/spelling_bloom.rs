//! A Bloom filter of the spelling dictionary's words: most words of the notes are not
//! misspellings, and the filter says so in a few instructions instead of a binary search of
//! the dictionary. `build.rs` builds it from typos-dict at compile time (no run pays for
//! hashing ~100,000 keys); the spelling rule queries it. 2^20 bits (128 KiB), blocked: a word's
//! three bits lie in one 64-byte block, so a query reads one cache line (the filter does not
//! fit the first-level cache, and two scattered reads a word were the rule's largest cost).
//! About 2% of correct words (estimated) still go on to the dictionary. Words of up to three
//! letters (the commonest: `the`, `and`, `of`) are looked up exactly in a table of their own,
//! which stays in the first-level cache: they never reach the filter.

pub const BITS: usize = 1 << 20;
const BLOCK_BITS: usize = 512;
const BLOCKS: usize = BITS / BLOCK_BITS;
/// One bit for each word of one to three letters `a`-`z`.
const SHORT_BITS: usize = 26 + 26 * 26 + 26 * 26 * 26;
/// The filter's bytes, then the short words' table's.
pub const BYTES: usize = BITS / 8 + SHORT_BITS.div_ceil(8);

/// The bit of a word of one to three ASCII letters (in either case) in the short words' table.
#[inline(always)]
fn short_index(word: &[u8]) -> Option<usize> {
    if word.is_empty() || word.len() > 3 || !word.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let letter = |i: usize| usize::from((word[i] | 0x20) - b'a');
    Some(match word.len() {
        1 => letter(0),
        2 => 26 + letter(0) * 26 + letter(1),
        _ => 26 + 26 * 26 + (letter(0) * 26 + letter(1)) * 26 + letter(2),
    })
}

/// The up to 8 bytes of `chunk` as a little-endian number, zero-padded: without copying them
/// into a buffer first, which cost more than the rest of the hash for short words.
fn load(chunk: &[u8]) -> u64 {
    let n = chunk.len();
    let at = |i: usize| u64::from(chunk[i]);
    match n {
        0 => 0,
        1..=3 => at(0) | at(n / 2) << (8 * (n / 2)) | at(n - 1) << (8 * (n - 1)),
        4..=7 => {
            let word =
                |i: usize| u64::from(u32::from_le_bytes(chunk[i..i + 4].try_into().unwrap()));
            // The two reads overlap on equal bytes: or-ing them is exact.
            word(0) | word(n - 4) << (8 * (n - 4))
        }
        _ => u64::from_le_bytes(chunk[..8].try_into().unwrap()),
    }
}

/// The word's hash, whose bits pick its block and its bits there: the filter's answer for a word
/// depends on nothing else.
pub fn hash(word: &[u8]) -> u64 {
    // Eight bytes at a time: the words looked up are ASCII letters, which `| 0x20` puts in
    // lower case (other bytes change too, alike for the dictionary and the query).
    let step = |hash: u64, chunk: &[u8]| {
        let lower = load(chunk) | 0x2020_2020_2020_2020;
        (hash.rotate_left(23) ^ lower).wrapping_mul(0x517c_c1b7_2722_0a95)
    };
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ word.len() as u64;
    // Whole chunks, then the last (most words have only that one).
    let mut rest = word;
    while rest.len() > 8 {
        hash = step(hash, &rest[..8]);
        rest = &rest[8..];
    }
    if !rest.is_empty() {
        hash = step(hash, rest);
    }
    // A product's low bits depend only on its factors' low bits: mix the high ones down.
    hash ^= hash >> 32;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ hash >> 29
}

/// The block of a word of `hash`.
fn block_of(hash: u64) -> usize {
    (hash >> 40) as usize % BLOCKS
}

/// The block and the three bits in it of a word of `hash`.
fn probes(hash: u64) -> (usize, [usize; 3]) {
    let bit = |shift: u32| (hash >> shift) as usize % BLOCK_BITS;
    (block_of(hash), [bit(0), bit(9), bit(18)])
}

fn filter_has(bits: &[u8], hash: u64) -> bool {
    let (block, probes) = probes(hash);
    let block = &bits[block * BLOCK_BITS / 8..][..BLOCK_BITS / 8];
    probes.iter().all(|&p| block[p / 8] & (1 << (p % 8)) != 0)
}

/// The filter's bytes, for `words` (ignoring ASCII case).
#[cfg_attr(not(test), allow(dead_code))] // Used by build.rs (and a test) only.
pub fn build<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut bits = vec![0u8; BYTES];
    for word in words {
        if let Some(at) = short_index(word.as_bytes()) {
            let at = BITS + at;
            bits[at / 8] |= 1 << (at % 8);
            continue;
        }
        let (block, probes) = probes(hash(word.as_bytes()));
        for probe in probes {
            let at = block * BLOCK_BITS + probe;
            bits[at / 8] |= 1 << (at % 8);
        }
    }
    bits
}

/// False when `word` is certainly not one of the filter's words.
#[allow(dead_code)] // Used by the rule and tests.
pub fn may_contain(bits: &[u8], word: &[u8]) -> bool {
    match short_index(word) {
        Some(at) => short_has(bits, at),
        None => filter_has(bits, hash(word)),
    }
}

fn short_has(bits: &[u8], at: usize) -> bool {
    let at = BITS + at;
    bits[at / 8] & (1 << (at % 8)) != 0
}

/// [`may_contain`] remembering recent answers by the word's hash: words recur (a file's notes
/// use a few hundred words over and over), and an answer from this small table, in the
/// first-level cache, costs a fraction of a read of the filter, which does not stay there.
/// The answer for a hash is the filter's own: no word can get another word's answer.
#[allow(dead_code)] // Used by the rule and tests.
pub struct Remembered<'f> {
    bits: &'f [u8],
    /// By `hash % SLOTS`: the hash, its low bits (the slot's number, so known) replaced by 1
    /// (no) or 2 (maybe); 0 for an empty slot. One read a word.
    slots: Vec<u64>,
}

#[allow(dead_code)] // Used by the rule and tests.
impl<'f> Remembered<'f> {
    const SLOTS: usize = 2048;
    const SLOT: u64 = Self::SLOTS as u64 - 1;

    pub fn new(bits: &'f [u8]) -> Self {
        Remembered {
            bits,
            slots: vec![0; Self::SLOTS],
        }
    }

    /// The first half of [`Remembered::may_contain`]: the answer for a short word, or the
    /// hash of another, whose slot and filter block are read now while their answer waits
    /// for [`Remembered::answer`]: the reads, often cache misses, overlap the scan of the next
    /// word instead of stalling this one's. (Read, not used: a value used here would be
    /// waited for here.)
    #[inline]
    pub fn ask(&self, word: &[u8]) -> Result<bool, u64> {
        if let Some(at) = short_index(word) {
            return Ok(short_has(self.bits, at));
        }
        let hash = hash(word);
        std::hint::black_box(self.slots[(hash & Self::SLOT) as usize]);
        std::hint::black_box(self.bits[block_of(hash) * BLOCK_BITS / 8]);
        Err(hash)
    }

    /// The second half of [`Remembered::may_contain`], for the hash [`Remembered::ask`] gave.
    pub fn answer(&mut self, hash: u64) -> bool {
        let slot = &mut self.slots[(hash & Self::SLOT) as usize];
        if *slot & !Self::SLOT == hash & !Self::SLOT && *slot & Self::SLOT != 0 {
            return *slot & Self::SLOT == 2;
        }
        let answer = filter_has(self.bits, hash);
        *slot = hash & !Self::SLOT | (1 + u64::from(answer));
        answer
    }

    /// [`Remembered::ask`] and [`Remembered::answer`] at once (the tests').
    #[cfg(test)]
    pub fn may_contain(&mut self, word: &[u8]) -> bool {
        self.ask(word).unwrap_or_else(|hash| self.answer(hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_have_a_bit_each() {
        let mut seen = vec![false; SHORT_BITS];
        let mut words = Vec::new();
        for a in b'a'..=b'z' {
            words.push(vec![a]);
            for b in b'a'..=b'z' {
                words.push(vec![a, b]);
                words.extend((b'a'..=b'z').map(|c| vec![a, b, c]));
            }
        }
        for word in &words {
            let at = short_index(word).expect("letters");
            assert!(!seen[at], "{word:?}");
            seen[at] = true;
            assert_eq!(short_index(&word.to_ascii_uppercase()), Some(at));
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(short_index(b"a'"), None);
        assert_eq!(short_index(b"abcd"), None);
        assert_eq!(short_index(b""), None);
    }

    /// Remembered answers are the filter's: every word of a list with repeats, asked in turns
    /// through a table far smaller than the list, answers as the filter does.
    #[test]
    fn remembered_answers_are_the_filters() {
        let words: Vec<String> = (0..20_000u32)
            .map(|i| format!("w{}{}", i % 7_000, ["ord", "ing", "er"][(i % 3) as usize]))
            .collect();
        let mut bits = build(words.iter().step_by(2).map(String::as_str));
        bits[5] |= 0xff;
        let mut remembered = Remembered::new(&bits);
        let mut maybes = 0;
        for word in words.iter().chain(&words) {
            let answer = may_contain(&bits, word.as_bytes());
            assert_eq!(remembered.may_contain(word.as_bytes()), answer, "{word}");
            maybes += usize::from(answer);
        }
        assert!(maybes > 10_000 && maybes < 40_000, "{maybes}");
        // Asked one word ahead, as the rule asks: each answered after the next is asked.
        let mut pending: Option<(&String, u64)> = None;
        for word in words.iter().chain(&words) {
            let asked = remembered.ask(word.as_bytes());
            if let Err(hash) = asked
                && let Some((before, hash)) = pending.replace((word, hash))
            {
                assert_eq!(
                    remembered.answer(hash),
                    may_contain(&bits, before.as_bytes())
                );
            }
            if let Ok(answer) = asked {
                assert_eq!(answer, may_contain(&bits, word.as_bytes()), "{word}");
            }
        }
    }

    #[test]
    fn load_is_a_zero_padded_copy() {
        let bytes = b"abcdefghij";
        for len in 0..=8 {
            let mut padded = [0u8; 8];
            padded[..len].copy_from_slice(&bytes[..len]);
            assert_eq!(load(&bytes[..len]), u64::from_le_bytes(padded), "{len}");
        }
    }
}
