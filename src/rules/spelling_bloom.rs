//! A Bloom filter of the spelling dictionary's words: most words of the notes are not
//! misspellings, and the filter says so in a few instructions instead of a binary search of
//! the dictionary. `build.rs` builds it from typos-dict at compile time (no run pays for
//! hashing ~100,000 keys); the spelling rule queries it. 2^20 bits (128 KiB), blocked: a word's
//! three bits lie in one 64-byte block, so a query reads one cache line (the filter does not
//! fit the first-level cache, and two scattered reads a word were the rule's largest cost).
//! About 2% of correct words (estimated) still go on to the dictionary. Words of up to three
//! letters (the commonest: `the`, `and`, `of`) are looked up exactly in a table of their own,
//! which stays in the first-level cache: they never reach the filter.

use std::ops::Range;

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
pub fn load(chunk: &[u8]) -> u64 {
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

/// The block and the three bits in it of a word of `hash`.
fn probes(hash: u64) -> (usize, [usize; 3]) {
    let bit = |shift: u32| (hash >> shift) as usize % BLOCK_BITS;
    ((hash >> 40) as usize % BLOCKS, [bit(0), bit(9), bit(18)])
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
#[allow(dead_code)] // Used by the rule and tests (build.rs includes this file too).
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

/// [`may_contain`] remembering answers: words recur (notes use the same words over and over),
/// and an answer from these small tables, in the second-level cache at worst, costs a fraction
/// of a query of the filter, which does not stay there. Every answer is the filter's own: no
/// word can get another word's answer.
#[allow(dead_code)] // Used by the rule and tests (build.rs includes this file too).
pub struct Remembered<'f> {
    bits: &'f [u8],
    /// Words of up to eight bytes (most words), by the word itself: its bytes `| 0x20`, all
    /// the filter reads of them, zero-padded (so nonzero but for the padding) as one number,
    /// with the answer in the top bit; 0 for an empty slot. A word found here needs no hash.
    short: Vec<u64>,
    /// Longer words, by `hash % LONG`: the hash, its low bits (the slot's number, so known)
    /// replaced by 1 (no) or 2 (maybe); 0 for an empty slot.
    long: Vec<u64>,
}

#[allow(dead_code)] // As above.
impl<'f> Remembered<'f> {
    /// 8,192 slots (64 KB): with 2,048, an archive's words pushed each other out, and a check
    /// of the corpus took 3 % more time.
    const SHORT_BITS: u32 = 13;
    const LONG: usize = 2048;
    const LONG_SLOT: u64 = Self::LONG as u64 - 1;
    const ANSWER: u64 = 1 << 63;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

    pub fn new(bits: &'f [u8]) -> Self {
        Remembered {
            bits,
            short: vec![0; 1 << Self::SHORT_BITS],
            long: vec![0; Self::LONG],
        }
    }

    /// The key of a word of one to eight bytes in the table of short words: `first`, its first
    /// eight bytes (with what follows it, or zeros), `| 0x20`, cut to its `len`.
    #[inline]
    fn short_key(first: u64, len: usize) -> u64 {
        (first | 0x2020_2020_2020_2020) & (u64::MAX >> (64 - 8 * len))
    }

    /// [`may_contain`] for the word at `word` of `text`.
    #[inline]
    pub fn may_contain(&mut self, text: &[u8], word: Range<usize>) -> bool {
        let start = word.start;
        let word = &text[word];
        // Its first eight bytes, read with the text after it (most words are not at the end).
        let first = match text.get(start..start + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
            None => load(word),
        };
        self.may_contain_read(word, first)
    }

    /// [`may_contain`] for `word`, whose first eight bytes (with what follows it, or zeros)
    /// are `first`: the spelling rule's scan has read them already.
    #[inline]
    pub fn may_contain_read(&mut self, word: &[u8], first: u64) -> bool {
        let len = word.len();
        if len == 0 || len > 8 {
            return self.may_contain_long(word);
        }
        let key = Self::short_key(first, len);
        if key & Self::HIGH_BITS != 0 {
            // A byte of a non-ASCII char (no word looked up has one): its high bit would be
            // taken for the answer's.
            return may_contain(self.bits, word);
        }
        let at = key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::SHORT_BITS);
        let slot = &mut self.short[at as usize];
        if *slot & !Self::ANSWER == key {
            return *slot & Self::ANSWER != 0;
        }
        let answer = may_contain(self.bits, word);
        *slot = key | if answer { Self::ANSWER } else { 0 };
        answer
    }

    /// [`may_contain`] for a word of more than eight bytes, remembered by its hash.
    fn may_contain_long(&mut self, word: &[u8]) -> bool {
        let hash = hash(word);
        let slot = &mut self.long[(hash & Self::LONG_SLOT) as usize];
        if *slot & !Self::LONG_SLOT == hash & !Self::LONG_SLOT && *slot & Self::LONG_SLOT != 0 {
            return *slot & Self::LONG_SLOT == 2;
        }
        let answer = filter_has(self.bits, hash);
        *slot = hash & !Self::LONG_SLOT | (1 + u64::from(answer));
        answer
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

    /// Remembered answers are the filter's: every word of a list with repeats, in either case
    /// and with any bytes after it, asked in turns through tables far smaller than the list,
    /// answers as the filter does.
    #[test]
    fn remembered_answers_are_the_filters() {
        let words: Vec<String> = (0..20_000u32)
            .map(|i| {
                let stem = ["w", "wor", "ab", "x", "spellingword"][(i % 5) as usize];
                format!(
                    "{stem}{}{}",
                    i % 7_000,
                    ["ord", "ing", "er", ""][(i % 4) as usize]
                )
            })
            .chain(["a", "The", "THE", "the", "and", "Zebra", "zebras", "éclair"].map(String::from))
            // Words of each length up to nine that differ only in their last letter.
            .chain((1..=9).flat_map(|len| {
                (b'a'..=b'z')
                    .map(move |last| format!("{}{}", &"qwertyuio"[..len - 1], last as char))
            }))
            .collect();
        let mut bits = build(words.iter().step_by(2).map(String::as_str));
        bits[5] |= 0xff;
        let mut remembered = Remembered::new(&bits);
        let mut maybes = 0;
        for word in words.iter().chain(&words) {
            let answer = may_contain(&bits, word.as_bytes());
            // What follows the word in the text: nothing, another word, more letters (which
            // make a longer word of the list when the word starts `qwertyuiop`).
            let letters = "qwertyuiop"
                .strip_prefix(word.as_str())
                .unwrap_or("QQQQQQQQ");
            for after in ["", " next", letters, "é"] {
                let text = format!("{word}{after}");
                assert_eq!(
                    remembered.may_contain(text.as_bytes(), 0..word.len()),
                    answer,
                    "{text}"
                );
                // Asked with the text's first eight bytes (zeros past its end), read already.
                let first = load(&text.as_bytes()[..text.len().min(8)]);
                assert_eq!(
                    remembered.may_contain_read(word.as_bytes(), first),
                    answer,
                    "{text} by key"
                );
            }
            maybes += usize::from(answer);
        }
        assert!(maybes > 10_000 && maybes < 40_000, "{maybes}");
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
