use std::collections::{HashMap, HashSet};
use std::ops::Range;

use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule, spelling_bloom};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds, Node};

declare_rule! {
    /// ## What it does
    /// Finds common misspellings ("maintainence", "disussion", "whther") in the prose, using
    /// the dictionary of the `typos` spell checker (the `typos-dict` crate: misspellings that
    /// are never real words, each with its corrections).
    ///
    /// Only prose is checked: text in paragraphs, headings, list items, tables and link text.
    /// Not checked: code spans and blocks, HTML, URLs and link targets, `@handles`, and words
    /// that look like names of things rather than English (with digits, `_`, `/`, a dot
    /// inside, or capitals after the first letter: `JupyterHub`, `mystmd.org`).
    ///
    /// When the dictionary has exactly one correction, the fix writes it, keeping the case of
    /// the word (`Maintainence` becomes `Maintenance`). Words in capitals are acronyms
    /// (`TRE`) and are not checked. A misspelling in an image's description is reported
    /// without a fix (on the page it is an attribute, not text), so is one in the text of a
    /// link written as a reference (`[Plese]`: its text is its label, and a corrected label
    /// would no longer match the definition's), and so is one right after `<`
    /// (corrected, it could become a tag: `<stle` is text, `<style` HTML). The fix is
    /// unsafe (applied with `--unsafe-fixes`): it changes the text, and a word the dictionary
    /// calls a typo can be a name or a quotation; a typo in a heading also changes that
    /// heading's anchor.
    ///
    /// ## Why is this bad?
    /// Typos make notes harder to search ("maintainence" does not find "maintenance") and
    /// were the most frequent kind of hand edit to the archives.
    ///
    /// ## Example
    /// ```markdown
    /// - project maintainence proposals, and a disussion of whther to bulid it
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - project maintenance proposals, and a discussion of whether to build it
    /// ```
    ///
    /// ## Options
    /// - `accept` (list of strings): words that are not typos here (names, jargon), matched
    ///   without regard to case. Default: none.
    /// - `corrections` (table of strings): more misspellings and their correction, such as
    ///   `{ jupter = "jupyter" }`; they win over the dictionary. Default: none.
    pub struct Spelling {
        accept: HashSet<String>,
        corrections: HashMap<String, String>,
        /// The length of the shortest misspelling known (the dictionary has no one-letter
        /// word): shorter words need no lookup.
        shortest: usize,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub accept: Vec<String>,
    pub corrections: HashMap<String, String>,
}

impl Configurable for Spelling {
    type Options = Options;
    fn new(options: Options) -> Self {
        let corrections: HashMap<String, String> = options
            .corrections
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let shortest = corrections
            .keys()
            .map(String::len)
            .chain([dictionary::SHORTEST])
            .min()
            .unwrap_or(0);
        Spelling {
            accept: options.accept.iter().map(|w| w.to_lowercase()).collect(),
            corrections,
            shortest,
        }
    }
}

/// Whether a text node is prose (not in a link whose text is a URL; code and HTML hold no text
/// nodes), and if so whether it is an image's description or a reference link's text. Links
/// and images are inline: only the ancestors below the block holding the text can be one.
fn prose(doc: &Document, node: Node<'_>) -> Option<Prose> {
    let mut prose = Prose::Text;
    for a in node.ancestors().skip(1) {
        let value = &a.data().value;
        if value.block() {
            break;
        }
        if let NodeValue::Link(link) | NodeValue::Image(link) = value {
            let url_text = super::inline::holds_scheme(&link.url)
                && a.children().any(|c| {
                    matches!(&c.data().value, NodeValue::Text(t) if super::inline::holds_url(t))
                });
            if url_text {
                return None;
            }
            if matches!(value, NodeValue::Image(_)) {
                prose = Prose::ImageDescription;
            } else if prose == Prose::Text && super::inline::written_as_reference(doc, a) {
                prose = Prose::Label;
            }
        }
    }
    Some(prose)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prose {
    Text,
    /// An image's `alt` attribute on the page: a fix there is not a change of text, which is
    /// all the rule declares (the verifier would refuse it). Reported without a fix.
    ImageDescription,
    /// The text of a link written as a reference (`[a]`, `[a][]`, `[a][b]`): for the first
    /// two it is the label, matched as written against the definitions' labels, and a fix
    /// would unlink it. Reported without a fix.
    Label,
}

/// What a byte is, for the token scanner: one table lookup a byte.
const WHITESPACE: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const LETTER: u8 = LOWER | UPPER;
/// A byte that makes its token name-like wherever it is: `://` (a URL), `@`, `/`, `_`, `\`,
/// `#`, `=`, `~`, a backtick, a digit, `^` (a footnote label: `[^oen]` fixed to `[^one]` would
/// become a reference to another footnote).
const NAME: u8 = 8;
const DOT: u8 = 16;
/// Part of a non-ASCII char.
const HIGH: u8 = 32;
/// Any other ASCII byte (punctuation, an apostrophe).
const OTHER: u8 = 64;

static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = match byte {
            b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => WHITESPACE,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'@' | b'/' | b'_' | b'\\' | b'#' | b'=' | b'~' | b'`' | b'^' | b'0'..=b'9' => NAME,
            b'.' => DOT,
            0x80..=0xFF => HIGH,
            _ => OTHER,
        };
        b += 1;
    }
    class
};

/// Whether a byte of class `class`, after bytes of classes `before` and `last`, makes a token
/// name-like: a `NAME` byte, a capital after a small letter (CamelCase), a letter after a dot
/// after a letter (a file name or domain, not the end of a sentence).
fn makes_name(before: u8, last: u8, class: u8) -> bool {
    class & NAME != 0
        || (class & UPPER != 0 && last & LOWER != 0)
        || (class & LOWER != 0 && last & DOT != 0 && before & LETTER != 0)
}

/// Whether a token (no whitespace) names a thing rather than being English words: a URL or
/// path, a handle, a number, a file name or domain, CamelCase, `www.`... [`scan_tokens`]
/// asks only about tokens with a capital or a dot: with neither, only a `NAME` byte makes one.
fn is_name_like(token: &[u8]) -> bool {
    if token.starts_with(b"www.") {
        return true;
    }
    let (mut before, mut last) = (0, 0);
    for &b in token {
        let class = CLASS[usize::from(b)];
        if makes_name(before, last, class) {
            return true;
        }
        (before, last) = (last, class);
    }
    false
}

/// The runs of letters (any script) in `token` that are all ASCII, into `out`: only those are
/// looked up, and their neighbours tell contractions.
fn letter_runs(token: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut run_start = None;
    let mut all_ascii = true;
    for (i, c) in token.char_indices() {
        match (run_start, c.is_alphabetic()) {
            (None, true) => (run_start, all_ascii) = (Some(i), c.is_ascii()),
            (Some(_), true) => all_ascii &= c.is_ascii(),
            (Some(from), false) => {
                if all_ascii {
                    out.push(from..i);
                }
                run_start = None;
            }
            (None, false) => {}
        }
    }
    if let Some(from) = run_start.filter(|_| all_ascii) {
        out.push(from..token.len());
    }
}

/// Calls `word` with the range in `text` of each word to look up: split at whitespace (as
/// `char::is_whitespace` says), name-like tokens dropped, the [`letter_runs`] of the rest that
/// [`is_checked`] keeps. A first loop finds a token's end and which classes of bytes it holds:
/// most tokens are then settled without looking at a byte twice (one with a digit, `/` or `@`
/// is a name; one without capitals or dots cannot be; one of letters only is one run).
/// With a plain word, also its first eight bytes (with what follows it, or zeros), read
/// already: what [`spelling_bloom::Remembered::may_contain_read`] keys it by.
fn scan_words(
    text: &str,
    runs: &mut Vec<Range<usize>>,
    mut word: impl FnMut(Range<usize>, Option<u64>),
) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // Whitespace: a table lookup a byte; non-ASCII whitespace is decoded.
        if CLASS[usize::from(bytes[i])] & WHITESPACE != 0 {
            i += 1;
            continue;
        }
        let start = i;
        // Most tokens are plain words: eight bytes at once settle them, with no branch a byte
        // to mispredict at the token's end.
        if let Some((word_len, token_len, first)) = plain_word_at(bytes, i) {
            word(start..start + word_len, Some(first));
            // The byte after the token, seen by plain_word_at, is ASCII whitespace (or the end).
            i += token_len + 1;
            continue;
        }
        let mut classes = 0;
        while i < n {
            let class = CLASS[usize::from(bytes[i])];
            if class & (WHITESPACE | HIGH) == 0 {
                classes |= class;
                i += 1;
                continue;
            }
            if class & WHITESPACE != 0 {
                break;
            }
            let c = text[i..].chars().next().unwrap_or('x');
            if c.is_whitespace() {
                break;
            }
            classes |= HIGH;
            i += c.len_utf8();
        }
        if i == start {
            // A non-ASCII whitespace char.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        // Bytes: an ASCII token needs no char boundary checks.
        let token = &bytes[start..i];
        if classes & NAME != 0
            || classes & (LETTER | HIGH) == 0
            || (classes & (UPPER | DOT) != 0 && is_name_like(token))
        {
            continue;
        }
        if classes & !LETTER == 0 {
            // ASCII letters only: one run, checked unless it is an acronym.
            if classes != UPPER || token.len() == 1 {
                word(start..i, None);
            }
            continue;
        }
        if classes & HIGH == 0 {
            ascii_letter_runs(token, runs);
        } else {
            letter_runs(&text[start..i], runs);
        }
        for (index, run) in runs.iter().enumerate() {
            if is_checked(token, runs, index) {
                word(start + run.start..start + run.end, None);
            }
        }
    }
}

/// The token at `at` when it is a plain word: ASCII letters, small but for the first, and at
/// most one closing punctuation mark (`,.;:!?)`; not `www.`, a name), then whitespace or the
/// end of the text. Its lengths, the word's and the token's, and its first eight bytes. Eight
/// bytes at a time are read as one number.
fn plain_word_at(bytes: &[u8], at: usize) -> Option<(usize, usize, u64)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let rest = &bytes[at..];
    // Eight bytes read as they are; the text's last few followed by zeros.
    let eight = |from: usize| match rest.get(from..from + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => spelling_bloom::load(&rest[from..]),
    };
    // Each byte's high bit: whether it is `a` to `z` (on its low seven bits, so that no sum
    // carries into the next byte, and not a byte of 0x80 or more).
    let small = |word: u64| {
        let low = word & !HIGH;
        (low + ONES * u64::from(0x80 - b'a'))
            & !(low + ONES * u64::from(0x80 - b'z' - 1))
            & !word
            & HIGH
    };
    let letters = |small: u64| ((!small & HIGH).trailing_zeros() / 8) as usize;
    // The first eight apart: its first letter may be a capital (most words end in them).
    let first = eight(0);
    let mut len = letters(small(first) | u64::from((first as u8).is_ascii_uppercase()) << 7);
    let mut more = len == 8;
    while more {
        let next = letters(small(eight(len)));
        len += next;
        more = next == 8;
    }
    let ends = |at: usize| {
        rest.get(at)
            .is_none_or(|&b| CLASS[usize::from(b)] & WHITESPACE != 0)
    };
    if len == 0 {
        None
    } else if ends(len) {
        Some((len, len, first))
    } else if matches!(rest[len], b',' | b'.' | b';' | b':' | b'!' | b'?' | b')')
        && ends(len + 1)
        && !rest.starts_with(b"www.")
    {
        Some((len, len + 1, first))
    } else {
        None
    }
}

/// Whether run `index` of the letter `runs` of `token` is a word to look up. Not a part of a
/// contraction: `doesn't` is two runs, and only a possessive stem (`Min's`) is a word. Not an
/// acronym: a word in capitals (`TRE`).
fn is_checked(token: &[u8], runs: &[Range<usize>], index: usize) -> bool {
    let run = runs[index].clone();
    let next_is_s = runs
        .get(index + 1)
        .is_some_and(|r| &token[r.clone()] == b"s");
    let apostrophe_after = starts_with_apostrophe(&token[run.end..]);
    let apostrophe_before = index > 0 && ends_with_apostrophe(&token[..run.start]);
    let acronym = run.len() > 1 && token[run].iter().all(u8::is_ascii_uppercase);
    !(apostrophe_before || (apostrophe_after && !next_is_s) || acronym)
}

/// [`letter_runs`] of an ASCII token.
fn ascii_letter_runs(token: &[u8], out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut run_start = None;
    for (i, &b) in token.iter().enumerate() {
        match (run_start, CLASS[usize::from(b)] & LETTER != 0) {
            (None, true) => run_start = Some(i),
            (Some(from), false) => {
                out.push(from..i);
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = run_start {
        out.push(from..token.len());
    }
}

const CURLY_APOSTROPHE: &[u8] = "’".as_bytes();

fn ends_with_apostrophe(text: &[u8]) -> bool {
    text.ends_with(b"'") || text.ends_with(CURLY_APOSTROPHE)
}

fn starts_with_apostrophe(text: &[u8]) -> bool {
    text.starts_with(b"'") || text.starts_with(CURLY_APOSTROPHE)
}

/// The dictionary's words as a Bloom filter, built by build.rs.
static DICTIONARY_FILTER: &[u8] = &ALIGNED_FILTER.0;

/// The filter's bytes at the start of a cache line, so that each of its 64-byte blocks is one:
/// `include_bytes!` alone gives no alignment, and a block across two lines costs a query two
/// misses.
static ALIGNED_FILTER: CacheLine<{ spelling_bloom::BYTES }> = CacheLine(*include_bytes!(concat!(
    env!("OUT_DIR"),
    "/spelling-bloom.bin"
)));

#[repr(C, align(64))]
struct CacheLine<const N: usize>([u8; N]);

/// typos-dict's entries with ASCII keys, as build.rs writes them, sorted by key in lower case:
/// the keys one after the other and where each ends, and each entry's corrections (after
/// tabs) and where they end. Not the crate's own tables: their 230,000 `&str`s made as many
/// relocations, which the loader applied (copying 4.5 MB of pages) at every start, for a
/// dictionary the Bloom filter leaves all but unread; a run on one file took half as long again.
mod dictionary {
    include!(concat!(env!("OUT_DIR"), "/spelling-dictionary.rs"));

    macro_rules! out_dir_file {
        ($how:ident, $name:literal) => {
            $how!(concat!(env!("OUT_DIR"), "/", $name))
        };
    }
    static KEYS: &str = out_dir_file!(include_str, "spelling-dictionary-keys.txt");
    static KEY_ENDS: &[u8] = out_dir_file!(include_bytes, "spelling-dictionary-key-ends.bin");
    static CORRECTIONS: &str = out_dir_file!(include_str, "spelling-dictionary-corrections.txt");
    static CORRECTION_ENDS: &[u8] =
        out_dir_file!(include_bytes, "spelling-dictionary-correction-ends.bin");

    /// Entry `i`'s part of `text`, whose parts end at `ends`.
    fn part(text: &'static str, ends: &[u8], i: usize) -> &'static str {
        let end = |i: usize| {
            let bytes = ends[4 * i..4 * i + 4].try_into().expect("4 bytes");
            u32::from_le_bytes(bytes) as usize
        };
        &text[if i == 0 { 0 } else { end(i - 1) }..end(i)]
    }

    /// The number of entries.
    pub fn len() -> usize {
        KEY_ENDS.len() / 4
    }

    /// The corrections of `word`, when it is a key, in any case.
    pub fn corrections(word: &str) -> Option<std::str::Split<'static, char>> {
        let mut buffer = [0u8; 32];
        let lower: &[u8] = match buffer.get_mut(..word.len()) {
            Some(lower) => {
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                lower
            }
            None => &word.to_ascii_lowercase().into_bytes(),
        };
        let (mut low, mut high) = (0, len());
        while low < high {
            let middle = low + (high - low) / 2;
            match part(KEYS, KEY_ENDS, middle).as_bytes().cmp(lower) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => {
                    return Some(part(CORRECTIONS, CORRECTION_ENDS, middle).split('\t'));
                }
            }
        }
        None
    }
}

fn same_case(word: &str, correction: &str) -> String {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    if first_upper && word.len() > 1 && chars.all(char::is_uppercase) {
        correction.to_uppercase()
    } else if first_upper {
        let mut c = correction.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        correction.to_string()
    }
}

impl Spelling {
    /// The corrections for `word`, or `None` when it is not a known misspelling.
    fn lookup(&self, word: &str, lower: &mut String, not_keys: &mut NotKeys) -> Option<Vec<&str>> {
        if !self.corrections.is_empty() {
            lower.clear();
            lower.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            if let Some(c) = self.corrections.get(lower.as_str()) {
                return Some(vec![c.as_str()]);
            }
        }
        if !spelling_bloom::may_contain(DICTIONARY_FILTER, word.as_bytes())
            || not_keys.contains(word.as_bytes())
        {
            return None;
        }
        let Some(found) = dictionary::corrections(word) else {
            not_keys.insert(word.as_bytes());
            return None;
        };
        if self.accept.contains(&word.to_lowercase()) {
            return None;
        }
        Some(found.collect())
    }
}

/// Words the Bloom filter lets through but the dictionary lacks, remembered exactly (in ASCII
/// lower case): the filter's false positives are few words met again and again (`along`,
/// `social`, `Seattle`: 52 words made 2,750 of the 3,525 lookups of 125 files of the corpus),
/// and a binary search of the dictionary reads some 17 scattered cache lines.
struct NotKeys {
    /// By the word's hash: its length, then its bytes; a length of 0 for an empty slot.
    slots: Vec<[u8; NotKeys::SLOT_BYTES]>,
}

impl NotKeys {
    const SLOTS: usize = 256;
    const SLOT_BYTES: usize = 32;

    fn new() -> Self {
        NotKeys {
            slots: vec![[0; Self::SLOT_BYTES]; Self::SLOTS],
        }
    }

    fn slot(word: &[u8]) -> usize {
        spelling_bloom::hash(word) as usize % Self::SLOTS
    }

    fn contains(&self, word: &[u8]) -> bool {
        let slot = &self.slots[Self::slot(word)];
        usize::from(slot[0]) == word.len()
            && !word.is_empty()
            && slot[1..=word.len()].eq_ignore_ascii_case(word)
    }

    /// Remembers `word`, in place of the word in its slot; not a word too long for a slot.
    fn insert(&mut self, word: &[u8]) {
        if word.is_empty() || word.len() >= Self::SLOT_BYTES {
            return;
        }
        let slot = &mut self.slots[Self::slot(word)];
        slot[0] = word.len() as u8;
        slot[1..=word.len()].copy_from_slice(word);
        slot[1..=word.len()].make_ascii_lowercase();
    }
}

impl Rule for Spelling {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        MEMORY.with_borrow_mut(|memory| self.check_with(doc, report, memory));
    }
}

/// What each thread remembers from window to window and file to file: the filter's answers
/// (an answer is the filter's own, whatever the text it was asked for) and the words that
/// are not the dictionary's keys.
struct Memory {
    filter: spelling_bloom::Remembered<'static>,
    not_keys: NotKeys,
}

thread_local! {
    static MEMORY: std::cell::RefCell<Memory> = std::cell::RefCell::new(Memory {
        filter: spelling_bloom::Remembered::new(DICTIONARY_FILTER),
        not_keys: NotKeys::new(),
    });
}

impl Spelling {
    fn check_with(&self, doc: &Document, report: &mut Reporter, memory: &mut Memory) {
        let mut lower = String::new();
        let mut runs = Vec::new();
        let source = doc.source.as_bytes();
        for node in doc.nodes_in_window(Kinds::TEXT) {
            let Some(prose) = prose(doc, node) else {
                continue;
            };
            let range = doc.node_range(node);
            let text = doc.text(range.clone());
            scan_words(
                text,
                &mut runs,
                // Called for every word: inlined, as a call was some 14 instructions a word.
                #[inline(always)]
                |word_range, first| {
                    // Most words end at the filter's answer, in a few instructions: the rest,
                    // rare, go on to `report_misspelling`, out of line.
                    if word_range.len() < self.shortest {
                        return;
                    }
                    let at = range.start + word_range.start..range.start + word_range.end;
                    // Configured corrections are looked up whatever the filter says.
                    let maybe = !self.corrections.is_empty()
                        || match first {
                            Some(first) => {
                                memory.filter.may_contain_read(&source[at.clone()], first)
                            }
                            None => memory.filter.may_contain(source, at.clone()),
                        };
                    if maybe {
                        self.report_misspelling(
                            doc,
                            at,
                            prose,
                            &mut lower,
                            &mut memory.not_keys,
                            report,
                        );
                    }
                },
            );
        }
    }
}

impl Spelling {
    /// Reports the word at `at` if it is a misspelling.
    #[cold]
    #[inline(never)]
    fn report_misspelling(
        &self,
        doc: &Document,
        at: Range<usize>,
        prose: Prose,
        lower: &mut String,
        not_keys: &mut NotKeys,
        report: &mut Reporter,
    ) {
        let word = doc.text(at.clone());
        let Some(corrections) = self.lookup(word, lower, not_keys) else {
            return;
        };
        // Only whole words: comrak may end a text node inside a word, and fixing a piece of a
        // word would grow it at every pass.
        let joined = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if joined(doc.source[..at.start].chars().next_back())
            || joined(doc.source[at.end..].chars().next())
        {
            return;
        }
        let diagnostic = report.report(at.clone(), format!("`{word}` is a misspelling"));
        match corrections.as_slice() {
            [one] => {
                let fixed = same_case(word, one);
                // Right after `<` or `</`, the corrected word could make a tag of the text
                // (`<stle` is text, `<style` an HTML block).
                let before = &doc.source[..at.start];
                let tag_name = before.ends_with('<') || before.ends_with("</");
                let fix = (prose == Prose::Text && !tag_name)
                    .then(|| doc.edit(at, word, fixed.clone()))
                    .flatten()
                    .and_then(|e| Fix::unsafe_([e]));
                diagnostic.with_fix(format!("Write `{fixed}`"), fix);
            }
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|c| format!("`{}`", same_case(word, c)))
                    .collect();
                diagnostic.fix_title = Some(format!("Did you mean {}?", list.join(" or ")).into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_any_whitespace_without_names_contractions_and_acronyms() {
        let text = "a\u{a0}bulid,  doesn't café’s Min's 2i2c TRE I (ok)";
        let mut seen = Vec::new();
        scan_words(text, &mut Vec::new(), |range, _| {
            seen.push((range.start, &text[range]))
        });
        let expected = [
            (0, "a"),
            (3, "bulid"),
            (27, "s"),
            (29, "Min"),
            (44, "I"),
            (47, "ok"),
        ];
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_filter_starts_a_cache_line() {
        assert_eq!(DICTIONARY_FILTER.as_ptr() as usize % 64, 0);
    }

    #[test]
    fn the_filter_is_the_dictionarys() {
        let ascii = || {
            typos_dict::WORD
                .map
                .keys()
                .map(|k| k.into_inner())
                .filter(|k| k.is_ascii())
        };
        assert_eq!(spelling_bloom::build(ascii()), DICTIONARY_FILTER);
        assert!(
            ascii().all(|word| spelling_bloom::may_contain(DICTIONARY_FILTER, word.as_bytes()))
        );
        assert!(spelling_bloom::may_contain(
            DICTIONARY_FILTER,
            b"MAINTAINENCE"
        ));
    }

    /// The scan's plain statement: split at whitespace, drop name-like tokens, the letter runs
    /// of each that `is_checked` keeps.
    fn plain_words(text: &str) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut runs = Vec::new();
        for token in text.split(char::is_whitespace).filter(|t| !t.is_empty()) {
            if is_name_like(token.as_bytes()) {
                continue;
            }
            letter_runs(token, &mut runs);
            let start = token.as_ptr() as usize - text.as_ptr() as usize;
            for (index, run) in runs.iter().enumerate() {
                if is_checked(token.as_bytes(), &runs, index) {
                    words.push(start + run.start..start + run.end);
                }
            }
        }
        words
    }

    /// The words `scan_words` finds in `text`; the first bytes it gives with one are the
    /// word's eight bytes from its start (zeros past the text's end).
    fn scanned(text: &str) -> Vec<Range<usize>> {
        let mut seen = Vec::new();
        scan_words(text, &mut Vec::new(), |range, first| {
            if let Some(first) = first {
                let mut eight = [0u8; 8];
                let read = &text.as_bytes()[range.start..];
                let n = read.len().min(8);
                eight[..n].copy_from_slice(&read[..n]);
                assert_eq!(first, u64::from_le_bytes(eight), "{text:?} at {range:?}");
            }
            seen.push(range);
        });
        seen
    }

    /// Every string of up to 5 chars from an alphabet of the classes that matter.
    #[test]
    fn scan_is_split_filter_and_checked_letter_runs() {
        let alphabet = [
            'a', 'B', '.', '/', '1', ' ', 'é', '\u{a0}', '\'', 'w', '’', 's',
        ];
        crate::every_string(&alphabet, 5, |text| {
            assert_eq!(scanned(text), plain_words(text), "{text:?}");
        });
    }

    /// The eight-byte fast path: every ASCII char and a few others at every place of texts
    /// with words of lengths around eight, capitals, punctuation, and ends shorter than eight.
    #[test]
    fn eight_bytes_at_once_scan_as_one_at_a_time() {
        let others = ['é', '\u{a0}', '’', '\u{2003}'];
        let chars = (0..128u8).map(char::from).chain(others);
        for c in chars {
            for base in [
                "abcdefg hij",
                "abcdefgh ij",
                "a bcdefghij k",
                "abcdefghijklmnop q",
                // Eight letters to the end, in a text of eight bytes or more; a text of fewer.
                "ab cdefghij",
                "abcdefgh",
                "ab cd",
            ] {
                for place in 0..base.len() {
                    let mut text = base.to_string();
                    text.replace_range(place..place + 1, c.encode_utf8(&mut [0; 4]));
                    assert_eq!(scanned(&text), plain_words(&text), "{text:?}");
                }
            }
        }
    }

    /// Every ASCII key of typos-dict, in lower, upper and its own case, has the crate's
    /// corrections, and the key with a letter added the crate's answer; the entries are the
    /// ASCII keys; the shortest is theirs.
    #[test]
    fn the_dictionary_is_typos_dicts() {
        let mut keys = 0;
        for (key, corrections) in typos_dict::WORD.map.entries() {
            let key = key.into_inner();
            if !key.is_ascii() {
                continue;
            }
            keys += 1;
            for word in [
                key.to_string(),
                key.to_ascii_lowercase(),
                key.to_ascii_uppercase(),
            ] {
                let found: Vec<&str> = dictionary::corrections(&word).expect(key).collect();
                assert_eq!(found, *corrections, "{word}");
            }
            let off = format!("{key}q");
            assert_eq!(
                dictionary::corrections(&off).map(Iterator::count),
                typos_dict::WORD
                    .find(&unicase::UniCase::new(&off))
                    .map(|c| c.len()),
                "{off}"
            );
        }
        assert_eq!(dictionary::len(), keys);
        let shortest = typos_dict::WORD.map.keys().map(|k| k.into_inner());
        let shortest = shortest.filter(|k| k.is_ascii()).map(str::len).min();
        assert_eq!(Some(dictionary::SHORTEST), shortest);
    }

    /// A word is remembered as no key exactly: in any ASCII case, never for another word of
    /// its slot (the last one in wins), never when too long for a slot.
    #[test]
    fn words_that_are_no_keys_are_remembered_exactly() {
        let mut not_keys = NotKeys::new();
        assert!(!not_keys.contains(b"along"));
        not_keys.insert(b"Along");
        assert!(not_keys.contains(b"along") && not_keys.contains(b"ALONG"));
        assert!(!not_keys.contains(b"alon") && !not_keys.contains(b"alongs"));
        let rival = (0..10_000)
            .map(|i| format!("w{i}"))
            .find(|w| NotKeys::slot(w.as_bytes()) == NotKeys::slot(b"along"))
            .expect("a word of the same slot");
        assert!(!not_keys.contains(rival.as_bytes()));
        not_keys.insert(rival.as_bytes());
        assert!(not_keys.contains(rival.as_bytes()) && !not_keys.contains(b"along"));
        let long = "a".repeat(NotKeys::SLOT_BYTES);
        not_keys.insert(long.as_bytes());
        assert!(!not_keys.contains(long.as_bytes()));
        not_keys.insert(b"");
        assert!(!not_keys.contains(b""));
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(same_case("maintainence", "maintenance"), "maintenance");
        assert_eq!(same_case("Maintainence", "maintenance"), "Maintenance");
        assert_eq!(same_case("BULID", "build"), "BUILD");
    }

    #[test]
    fn names_are_not_prose() {
        assert!(is_name_like(b"JupyterHub"));
        assert!(is_name_like(b"mystmd.org"));
        assert!(is_name_like(b"@minrk"));
        assert!(is_name_like(b"2i2c"));
        assert!(!is_name_like(b"maintainence,"));
        assert!(!is_name_like(b"end."));
    }
}
