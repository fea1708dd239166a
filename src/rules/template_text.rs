use aho_corasick::packed;
use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::blocks::remove_lines;
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Changes, Edit, Fix};
use crate::document::{Document, Kinds, Node, plain_text, plain_text_pieces};

declare_rule! {
    /// ## What it does
    /// Finds prompts and placeholders left in from the meeting pad's template: the
    /// attendee-line placeholder, "Add a note to celebrate ...", "Thank you for taking notes
    /// ...", `[name=Your name]`, "Sign up here!", and the others in `phrases`.
    ///
    /// A paragraph or list item that holds nothing but a prompt is removed (a safe fix: the
    /// prompt was never part of the notes), unless it holds a footnote reference (the
    /// footnotes left would be numbered anew) or the lists before and after it (or the quote
    /// it is all of) would join into one; the first item of a list between two lists stays
    /// too (the same pass may remove the list's other items). A prompt inside other text
    /// (`**Participating:** Min, Erik, _Sign up here!_`) gets an unsafe fix that removes only
    /// the prompt (on every line of the paragraph that holds it), where it is a run of its
    /// own, and not after a `](` not yet closed or a `]:` (its removal could complete a link
    /// or a definition), nor in a link that raw HTML opened (`<a href=x>` with no `</a>`);
    /// an item with sub-bullets under the prompt is reported without a fix.
    /// Matching ignores case, emphasis and runs of spaces; a phrase ending in `...` matches
    /// the start of a paragraph, and the rest of the paragraph counts as part of the prompt.
    ///
    /// ## Why is this bad?
    /// The prompts tell note-takers what to write in the pad; in the archive they are noise
    /// that every reader skips, and the attendee placeholder looks like an attendee.
    /// Facilitators delete them by hand when they remember to.
    ///
    /// ## Example
    /// ```markdown
    /// ### Celebrations and shout-outs 🎉
    ///
    /// Add a note to celebrate the awesome work someone in the community has been doing!
    ///
    /// - Two new MyST releases since last meeting
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ### Celebrations and shout-outs 🎉
    ///
    /// - Two new MyST releases since last meeting
    /// ```
    ///
    /// ## Options
    /// - `phrases` (list of strings): the prompts. Default: the template's own (the
    ///   attendee-line placeholder `Name (and pronouns if you'd like) / GitHub handle /
    ///   affiliation / geographic location`, `Let us know that you're here and how we can stay
    ///   in touch`, `Add a note to celebrate the awesome work someone in the community has been
    ///   doing!`, `Thank you for taking notes ...`, `If you are new to the meeting, add your
    ///   name below ...`, `Whether you're new to the communities or an old hand, please answer
    ///   the icebreaker here`, `Add items to discuss below to build the agenda for the meeting
    ///   ...`, `Please add topics you'd like to discuss in the list below ...`, `Please add your
    ///   name to any breakout room topics that you'd like to join.`, `Please add your own
    ///   breakout if you need to bring together community members around a topic`, `Please
    ///   keep notes of the discussion ...`, `Please keep notes of the discusion` (sic),
    ///   `Please provide enough information here for folk to decide whether they would like to
    ///   participate or not`, `Sign up here!`, `TBA by the facilitator`, `[name=Your name]
    ///   (5m) Topic`, `[name=Your name]`).
    pub struct TemplateText {
        phrases: Vec<Phrase>,
        /// Every normalised phrase at once: one scan of a paragraph, whatever their number.
        automaton: Automaton,
        /// A word of each phrase, looked for first ([`TemplateText::candidates`]).
        anchors: Option<packed::Searcher>,
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub phrases: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            phrases: [
                "Name (and pronouns if you'd like) / GitHub handle / affiliation / geographic location",
                "Let us know that you're here and how we can stay in touch",
                "Add a note to celebrate the awesome work someone in the community has been doing!",
                "Thank you for taking notes ...",
                "If you are new to the meeting, add your name below ...",
                "Whether you're new to the communities or an old hand, please answer the icebreaker here",
                "Add items to discuss below to build the agenda for the meeting ...",
                "Please add topics you'd like to discuss in the list below ...",
                "Please add your name to any breakout room topics that you'd like to join.",
                "Please add your own breakout if you need to bring together community members around a topic",
                "Please keep notes of the discussion ...",
                "Please keep notes of the discusion",
                "Please provide enough information here for folk to decide whether they would like to participate or not",
                "Sign up here!",
                "TBA by the facilitator",
                "[name=Your name] (5m) Topic",
                "[name=Your name]",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

#[derive(Debug)]
struct Phrase {
    /// As configured, for messages.
    text: String,
    /// Normalised, without a final `...`.
    normalized: String,
    /// Ends in `...`: matches the start of a paragraph, whose rest is part of the prompt.
    prefix: bool,
}

impl Configurable for TemplateText {
    type Options = Options;
    fn new(options: Options) -> Self {
        let mut phrases: Vec<Phrase> = options
            .phrases
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .map(|text| {
                let trimmed = text.trim_end();
                let body = trimmed
                    .strip_suffix("...")
                    .or_else(|| trimmed.strip_suffix('…'));
                Phrase {
                    normalized: normalize(body.unwrap_or(trimmed)),
                    prefix: body.is_some(),
                    text,
                }
            })
            .collect();
        // The longest phrase that matches is the one reported.
        phrases.sort_by_key(|p| std::cmp::Reverse(p.normalized.len()));
        let automaton = Automaton::new(&phrases);
        let anchors = anchors(&phrases);
        TemplateText {
            phrases,
            automaton,
            anchors,
        }
    }
}

/// Lower case, typographic quotes made straight, runs of whitespace made one space, trimmed.
fn normalize(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut space_pending = false;
    for c in text.chars() {
        // ASCII by the table, whitespace included.
        if c.is_ascii() {
            match ASCII_FOLD[c as usize] {
                SPACE => space_pending = !out.is_empty(),
                folded => {
                    if std::mem::take(&mut space_pending) {
                        out.push(b' ');
                    }
                    out.push(folded);
                }
            }
            continue;
        }
        if c.is_whitespace() {
            space_pending = !out.is_empty();
            continue;
        }
        if std::mem::take(&mut space_pending) {
            out.push(b' ');
        }
        fold_char(c, |b| out.push(b));
    }
    String::from_utf8(out).expect("only whole chars are written")
}

/// The bytes of a char that is not whitespace, normalised: in lower case, a typographic
/// quote made straight.
#[inline(always)]
fn fold_char(c: char, mut emit: impl FnMut(u8)) {
    if c.is_ascii() {
        return emit(ASCII_FOLD[c as usize]);
    }
    match c {
        '\u{2019}' | '\u{2018}' => emit(b'\''),
        c => {
            let mut buffer = [0; 4];
            for lower in c.to_lowercase() {
                lower.encode_utf8(&mut buffer).bytes().for_each(&mut emit);
            }
        }
    }
}

/// What normalising makes of an ASCII byte: [`SPACE`] for whitespace (as `char::is_whitespace`
/// says: other control characters are kept), else the byte in lower case. One table lookup a
/// byte: this runs on every byte of every paragraph.
static ASCII_FOLD: [u8; 128] = {
    let mut fold = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        fold[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => SPACE,
            byte => byte.to_ascii_lowercase(),
        };
        b += 1;
    }
    fold
};

/// Not an ASCII byte: marks whitespace in [`ASCII_FOLD`].
const SPACE: u8 = 0x80;

/// An Aho-Corasick automaton of the normalised phrases, as a table stepped on a paragraph's
/// text as it comes: folding case and making a run of whitespace one space are in the table,
/// so an ASCII byte costs a class lookup and a table lookup, and no branch but the rare
/// match's. Its states (rows) are pairs of a state of the phrases' automaton and whether the
/// last char was whitespace (or there was none). Built here rather than from one of the
/// aho-corasick crate's automata, which step normalised bytes one at a time: turning one into
/// this table cost 5 to 8 M instructions at every start, building it directly 1.1 M (a whole
/// run on one 110 KB file is 31 M).
#[derive(Debug)]
struct Automaton {
    /// The class of each byte of normalised text: [`SPACE_CLASS`] for a space, one for each
    /// other byte of the phrases, and one for all the bytes no phrase holds.
    class: [u8; 256],
    /// The class of each ASCII byte as it comes (its normalised byte's; whitespace's a space's).
    raw_class: [u8; 128],
    classes: usize,
    /// At row `r` (a multiple of `classes`) plus a class, the next row, with [`STEPS`] when a
    /// byte of normalised text is stepped, and [`MATCH`] when a phrase ends there.
    next: Vec<u32>,
    /// The phrases (indices) that end at each state of the phrases' automaton (row `r`'s is
    /// `r / classes / 2`) itself: a state matches them and those of its failure states.
    ends: Vec<Vec<usize>>,
    /// Each state's failure state: the longest proper suffix of its text that is a state; the
    /// chain ends at the start.
    fail: Vec<u32>,
}

const SPACE_CLASS: u8 = 0;
const STEPS: u32 = 1 << 30;
const MATCH: u32 = 1 << 31;
const ROW: u32 = STEPS - 1;

impl Automaton {
    fn new(phrases: &[Phrase]) -> Self {
        let mut class = [0u8; 256];
        let mut classes = 1; // SPACE_CLASS
        for b in phrases.iter().flat_map(|p| p.normalized.bytes()) {
            if b != b' ' && class[usize::from(b)] == 0 {
                class[usize::from(b)] = u8::try_from(classes).expect("at most 255 bytes");
                classes += 1;
            }
        }
        let other = u8::try_from(classes).expect("at most 256 classes");
        classes += 1;
        for (b, c) in class.iter_mut().enumerate() {
            if *c == 0 && b != usize::from(b' ') {
                *c = other;
            }
        }
        let mut raw_class = [SPACE_CLASS; 128];
        for (b, c) in raw_class.iter_mut().enumerate() {
            if ASCII_FOLD[b] != SPACE {
                *c = class[usize::from(ASCII_FOLD[b])];
            }
        }
        // The trie of the phrases, then (breadth first, so a state's failure state is done
        // before it) each state's missing transitions taken from its failure state's.
        const NONE: u32 = u32::MAX;
        let mut delta = vec![NONE; classes];
        let mut ends: Vec<Vec<usize>> = vec![Vec::new()];
        for (index, phrase) in phrases.iter().enumerate() {
            let mut state = 0;
            for b in phrase.normalized.bytes() {
                let at = state * classes + usize::from(class[usize::from(b)]);
                if delta[at] == NONE {
                    delta[at] = u32::try_from(ends.len()).expect("the phrases fit the table");
                    delta.extend(std::iter::repeat_n(NONE, classes));
                    ends.push(Vec::new());
                }
                state = delta[at] as usize;
            }
            ends[state].push(index);
        }
        // A state matches when a phrase ends there or at a state of its failure chain.
        let states = ends.len();
        let mut fail = vec![0u32; states];
        let mut matches: Vec<bool> = ends.iter().map(|e| !e.is_empty()).collect();
        let mut queue = std::collections::VecDeque::new();
        for to in &mut delta[..classes] {
            if *to == NONE {
                *to = 0;
            } else {
                queue.push_back(*to as usize);
            }
        }
        let mut fallbacks = vec![0; classes];
        while let Some(state) = queue.pop_front() {
            let failure = fail[state] as usize;
            matches[state] |= matches[failure];
            fallbacks.copy_from_slice(&delta[failure * classes..][..classes]);
            let row = &mut delta[state * classes..][..classes];
            for (to, &fallback) in row.iter_mut().zip(&fallbacks) {
                if *to == NONE {
                    *to = fallback;
                } else {
                    fail[*to as usize] = fallback;
                    queue.push_back(*to as usize);
                }
            }
        }
        assert!(
            (2 * states * classes) < ROW as usize,
            "the phrases fit the table"
        );
        // Each state's row (after a char that is not whitespace), with the flags of a step
        // into it.
        let entry: Vec<u32> = (0..states)
            .map(|to| {
                let flags = if matches[to] { STEPS | MATCH } else { STEPS };
                (2 * to * classes) as u32 | flags
            })
            .collect();
        let mut next = Vec::with_capacity(2 * delta.len());
        for (state, transitions) in delta.chunks(classes).enumerate() {
            // A space (the first class) is not stepped after whitespace; a step on one leads
            // to the row after whitespace (the next one).
            let spaced = |to: u32| entry[to as usize] + classes as u32;
            next.push(spaced(transitions[0]));
            next.extend(transitions[1..].iter().map(|&to| entry[to as usize]));
            next.push(((2 * state + 1) * classes) as u32);
            next.extend(transitions[1..].iter().map(|&to| entry[to as usize]));
        }
        Automaton {
            class,
            raw_class,
            classes,
            next,
            ends,
            fail,
        }
    }

    /// The row to start a paragraph at: the automaton's start, after "whitespace".
    fn start(&self) -> u32 {
        self.classes as u32
    }

    /// The phrases that end at row `row`'s state.
    fn phrases_ending(&self, row: u32) -> impl Iterator<Item = usize> + '_ {
        let mut state = Some(row as usize / self.classes / 2);
        std::iter::from_fn(move || {
            let now = state?;
            state = (now != 0).then(|| self.fail[now] as usize);
            Some(&self.ends[now])
        })
        .flatten()
        .copied()
    }
}

/// Steps the phrase automaton over a paragraph's text as [`normalize`] would make it, a piece
/// at a time, without making it (this runs on every paragraph).
struct PhraseScan<'r> {
    rule: &'r TemplateText,
    /// The [`Automaton`]'s row: a state of the phrases' automaton, and whether the last char
    /// was whitespace, or there was none: a space here is not stepped (a run of whitespace is
    /// one space, and leading whitespace none). A trailing space is stepped, harmlessly: no
    /// phrase ends in one.
    row: u32,
    /// Bytes of the normalised text so far.
    at: usize,
    /// The first phrase (so the longest) found where it may be.
    best: Option<usize>,
}

impl<'r> PhraseScan<'r> {
    fn new(rule: &'r TemplateText) -> Self {
        PhraseScan {
            rule,
            row: rule.automaton.start(),
            at: 0,
            best: None,
        }
    }

    /// Takes the automaton's next row for the class of what comes next.
    fn step(&mut self, class: u8) {
        let automaton = &self.rule.automaton;
        let next = automaton.next[self.row as usize + usize::from(class)];
        self.row = next & ROW;
        self.at += usize::from(next & STEPS != 0);
        if next & MATCH != 0 {
            self.found();
        }
    }

    fn push_str(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let automaton = &self.rule.automaton;
        // In locals, which `found` cannot change: not reloaded at each byte.
        let (next_of, class): (&[u32], &[u8; 128]) = (&automaton.next, &automaton.raw_class);
        let mut i = 0;
        while i < bytes.len() {
            let (mut row, mut at) = (self.row, self.at);
            while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii()) {
                let next = next_of[row as usize + usize::from(class[usize::from(b)])];
                row = next & ROW;
                at += usize::from(next & STEPS != 0);
                if next & MATCH != 0 {
                    (self.row, self.at) = (row, at);
                    self.found();
                }
                i += 1;
            }
            (self.row, self.at) = (row, at);
            let Some(c) = piece[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            if c.is_whitespace() {
                self.step(SPACE_CLASS);
            } else {
                fold_char(c, |b| self.step(automaton.class[usize::from(b)]));
            }
        }
    }

    #[cold]
    fn found(&mut self) {
        for index in self.rule.automaton.phrases_ending(self.row) {
            let phrase = &self.rule.phrases[index];
            if self.at == phrase.normalized.len() || !phrase.prefix {
                self.best = Some(self.best.map_or(index, |b| b.min(index)));
            }
        }
    }
}

/// A search for the anchors of the phrases, with SIMD (Teddy). A phrase's anchor is its rarest
/// run of ASCII bytes that are neither a space nor a `'` (which a typographic quote folds to):
/// the one with the most information by [`commonness`] (so, roughly, its longest word). None
/// when a phrase has no such run, or there are too many phrases for Teddy (some 60), or no SIMD:
/// then no paragraph can be ruled out this way.
fn anchors(phrases: &[Phrase]) -> Option<packed::Searcher> {
    packed::Searcher::new(phrases.iter().map(anchor).collect::<Option<Vec<_>>>()?)
}

fn anchor(phrase: &Phrase) -> Option<&[u8]> {
    let runs = || {
        phrase
            .normalized
            .split(|c: char| !c.is_ascii() || c == ' ' || c == '\'')
            .map(str::as_bytes)
    };
    // Bits of information, as if bytes were independent.
    let rarity = |run: &&[u8]| -> u32 { run.iter().map(|&b| 10 - commonness(b).ilog2()).sum() };
    runs()
        .max_by_key(rarity)
        .filter(|anchor| !anchor.is_empty())
}

/// How often an ASCII byte comes in English prose, roughly, per thousand bytes: letters by
/// their frequency in English, and anything else as a rare letter but for common punctuation.
fn commonness(byte: u8) -> u32 {
    const LETTERS: [u32; 26] = [
        82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24,
        2, 20, 1,
    ];
    match byte {
        b'a'..=b'z' => LETTERS[usize::from(byte - b'a')],
        b'.' | b',' | b'/' | b'-' | b'(' | b')' | b':' => 10,
        _ => 2,
    }
}

/// The chars other than ASCII whose lower case holds an ASCII letter (`İ` is `i̇`, the Kelvin
/// sign `k`): text with one may hold a phrase's anchor without holding its bytes.
const FOLDED_TO_ASCII: [&str; 2] = ["\u{130}", "\u{212a}"];

/// The plain text of a window's paragraphs, one after another, with the ASCII in lower case.
struct ParagraphTexts<'a> {
    paragraphs: Vec<Node<'a>>,
    /// Each paragraph's text is `text[ends[i - 1] + 1..ends[i]]` (a newline, which no anchor
    /// holds, between two).
    text: String,
    ends: Vec<usize>,
}

impl<'a> ParagraphTexts<'a> {
    fn new(doc: &Document, paragraphs: Vec<Node<'a>>) -> Self {
        // Room for their source, between the first's start and the last's end: their text is
        // shorter (markup goes) but for a rare entity (`&nGt;` is six bytes). A hint only
        // (comrak moves footnotes to the tree's end): the text grows if it needs more.
        let source = match (paragraphs.first(), paragraphs.last()) {
            (Some(&first), Some(&last)) => doc
                .node_range(last)
                .end
                .saturating_sub(doc.node_start(first)),
            _ => 0,
        };
        let mut text = String::with_capacity(source + paragraphs.len());
        let mut ends = Vec::with_capacity(paragraphs.len());
        for &paragraph in &paragraphs {
            plain_text_pieces(paragraph, |piece| text.push_str(piece));
            ends.push(text.len());
            text.push('\n');
        }
        text.make_ascii_lowercase();
        ParagraphTexts {
            paragraphs,
            text,
            ends,
        }
    }

    fn text(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i] + 1);
        &self.text[start..self.ends[index]]
    }
}

impl TemplateText {
    /// Which paragraphs may hold a phrase: those holding, in any case, the anchor of one.
    /// Normalising makes a phrase's anchor only of the same bytes in either case (it has no
    /// space or quote, and no char folds to ASCII but [`FOLDED_TO_ASCII`], which makes a
    /// paragraph a candidate too). One search of the window's text for a few words at once
    /// rules out most paragraphs at several bytes an instruction, where the automaton takes a
    /// table lookup a byte that waits for the last one.
    fn candidates(&self, texts: &ParagraphTexts<'_>) -> Vec<bool> {
        let Some(anchors) = &self.anchors else {
            return vec![true; texts.ends.len()];
        };
        let mut candidates = vec![false; texts.ends.len()];
        // A match is within one paragraph (no anchor holds a newline), and at least one is
        // found in each paragraph holding one; they come in order.
        let mut mark = |ends: &mut dyn Iterator<Item = usize>| {
            let mut index = 0;
            for end in ends {
                while texts.ends[index] < end {
                    index += 1;
                }
                candidates[index] = true;
            }
        };
        let text = texts.text.as_bytes();
        mark(&mut anchors.find_iter(text).map(|m| m.end()));
        // Found by their last bytes, rarer than their first (`’` starts as `K` does).
        let [a, b] = FOLDED_TO_ASCII.map(|c| c.as_bytes()[c.len() - 1]);
        mark(
            &mut memchr::memchr2_iter(a, b, text)
                .map(|at| at + 1)
                .filter(|&end| {
                    FOLDED_TO_ASCII
                        .iter()
                        .any(|c| text[..end].ends_with(c.as_bytes()))
                }),
        );
        candidates
    }

    /// The phrase a paragraph's text (from [`ParagraphTexts`]) holds: the longest (they are
    /// sorted longest first), and one ending in `...` only at the start.
    fn phrase_in(&self, text: &str) -> Option<&Phrase> {
        let mut scan = PhraseScan::new(self);
        scan.push_str(text);
        scan.best.map(|i| &self.phrases[i])
    }
}

impl Rule for TemplateText {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let paragraphs = doc.nodes_in_window(Kinds::PARAGRAPH).filter(|node| {
            !node
                .parent()
                .is_some_and(|p| matches!(p.data().value, NodeValue::TableCell))
        });
        let texts = ParagraphTexts::new(doc, paragraphs.collect());
        let candidates = self.candidates(&texts);
        for (index, &node) in texts.paragraphs.iter().enumerate() {
            if !candidates[index] {
                continue;
            }
            let Some(phrase) = self.phrase_in(texts.text(index)) else {
                continue;
            };
            // The plain text made once for the window (normalising folds its case again).
            let text = &normalize(texts.text(index));
            let whole = phrase.prefix
                || text
                    .strip_prefix(&phrase.normalized)
                    .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_punctuation() || c == ' '));
            let message = ["template text `", &phrase.text, "`"].concat();
            // The block that goes: the item when the paragraph is all it holds.
            let parent = node.parent();
            let alone = node.previous_sibling().is_none() && node.next_sibling().is_none();
            let unit = match parent {
                Some(item) if matches!(item.data().value, NodeValue::Item(_)) => {
                    alone.then_some(item)
                }
                _ => Some(node),
            };
            let range = doc.node_range(unit.unwrap_or(node));
            if whole {
                let fix = unit
                    .and_then(|u| remove_lines(doc, u))
                    .and_then(Fix::safe)
                    // A whole block goes: no text that stays may change.
                    .map(|f| f.changing(Changes::REMOVAL));
                let title = match unit {
                    Some(u) if matches!(u.data().value, NodeValue::Item(_)) => "Remove the item",
                    _ => "Remove the paragraph",
                };
                report.report(range, message).with_fix(title, fix);
            } else {
                let edits = partial_removals(doc, node, &phrase.normalized);
                let title = match edits.len() {
                    0 | 1 => "Remove the prompt",
                    _ => "Remove the prompts",
                };
                report
                    .report(range, message)
                    .with_fix(title, Fix::unsafe_(edits));
            }
        }
    }
}

/// Removes each prompt that is one inline run of `paragraph` (a text, or an emphasis holding
/// only the prompt), with the separator before it (`, ` or a space), or after it at the start:
/// every one in one pass (a paragraph pasted from the pad repeats it on line after line, or
/// on one line: one a pass would not converge). Prompts with only separators between them
/// (`,`, `;`, spaces) are one run, removed as one; other runs on the line keep text between
/// them that neither removal touches, so that each, judged against the line as it is, judges
/// what the line becomes. A run that cannot go safely stays.
fn partial_removals(doc: &Document, paragraph: Node<'_>, phrase: &str) -> Vec<Edit> {
    let own = doc.node_range(paragraph);
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for child in paragraph.children() {
        let range = doc.node_range(child);
        let found: Vec<std::ops::Range<usize>> = match &child.data().value {
            NodeValue::Emph | NodeValue::Strong if normalize(&plain_text(child)) == phrase => {
                vec![range]
            }
            NodeValue::Text(literal)
                if doc.text(range.clone()) == &**literal && phrase.is_ascii() =>
            {
                let lower = literal.to_ascii_lowercase();
                let at = |(at, _): (usize, &str)| range.start + at..range.start + at + phrase.len();
                lower.match_indices(phrase).map(at).collect()
            }
            _ => continue,
        };
        for found in found {
            let separated_only = |run: &std::ops::Range<usize>| {
                run.end <= found.start
                    && (doc.text(run.end..found.start).bytes())
                        .all(|b| matches!(b, b' ' | b',' | b';'))
            };
            match runs.last_mut() {
                Some(run) if separated_only(run) => run.end = found.end,
                _ => runs.push(found),
            }
        }
    }
    runs.into_iter()
        .filter_map(|run| removal(doc, own.clone(), run.clone(), doc.line_of(run.start)))
        .collect()
}

/// The removal of the prompt at `found`, on line `line_no` of the paragraph at `own`, if it
/// leaves the line text of the paragraph and makes no new markup.
fn removal(
    doc: &Document,
    own: std::ops::Range<usize>,
    found: std::ops::Range<usize>,
    line_no: usize,
) -> Option<Edit> {
    let line = doc.line_range(line_no);
    // An emphasised prompt broken over lines: not a run of one line.
    if found.end > line.end {
        return None;
    }
    // The paragraph's own text on the line: not the item marker or `>` before it, which
    // a separator must not be taken from (`* *Sign up here!*` would become an empty item).
    let content = if line_no == doc.line_of(own.start) {
        own.start
    } else {
        let text = doc.text(line.clone());
        line.start + (text.len() - text.trim_start_matches([' ', '\t', '>']).len())
    };
    let before = doc.text(content.min(found.start)..found.start);
    let after = doc.text(found.end..line.end);
    let separator = [", ", "; ", " "]
        .into_iter()
        .find(|s| before.ends_with(s) && before.len() > s.len());
    let range = match separator {
        Some(s) => found.start - s.len()..found.end,
        None if after.starts_with(' ') => found.start..found.end + 1,
        None => found,
    };
    // What is left of the line must still be text of this paragraph: not a blank line
    // (which ends it), not a block marker starting the line (`# x`, `- x`, `===`, `<x>`),
    // and no new hard line break at its end (`x  ` or `x\`).
    let kept_before = doc.text(content.min(range.start)..range.start);
    let kept_after = doc.text(range.end..line.end);
    let starts_text = |t: &str| t.starts_with(|c: char| c.is_alphabetic() || c == '(');
    if kept_before.trim().is_empty() && !starts_text(kept_after) {
        return None;
    }
    let kept = format!("{kept_before}{kept_after}");
    let emphasised = kept.starts_with(['*', '_']) && kept.contains(char::is_alphanumeric);
    if !(starts_text(&kept) || emphasised) {
        return None;
    }
    // Where the two sides meet, no new inline markup: they are apart (`[]` and `()` would
    // make a link, `www` and `.x.org` an autolink), and an emphasis delimiter next to the
    // gap sees the same kind of neighbour as before (a space, punctuation, or a letter).
    let (l, r) = (kept_before.chars().last(), kept_after.chars().next());
    let removed = doc.text(range.clone());
    let kind = super::inline::char_class;
    let delimiter = |c: Option<char>| matches!(c, Some('*' | '_' | '~'));
    // A prompt glued to the text after it (`Topicwww.x.org`, `here!www.x.org`) is no run of
    // its own, and that text would start a word anew (there, an autolink).
    let glued = |a: Option<char>, b: Option<char>| kind(a) != 0 && kind(b) != 0;
    if l.is_some_and(|l| !l.is_whitespace()) && r.is_some_and(|r| !r.is_whitespace())
        || delimiter(l) && kind(r) != kind(removed.chars().next())
        || delimiter(r) && kind(l) != kind(removed.chars().last())
        || glued(removed.chars().last(), r)
    {
        return None;
    }
    // After a `](` not closed yet, or a `]:`, the removal could complete a link or a definition
    // that the prompt kept from being one (`[](x TBA by the facilitator` then `)`: `[](x` then
    // `)` links to `x`).
    let paragraph_before = doc.text(own.start..range.start);
    let open_destination = paragraph_before
        .rfind("](")
        .is_some_and(|at| !paragraph_before[at..].contains(')'));
    if open_destination || paragraph_before.contains("]:") {
        return None;
    }
    if kept_after.trim().is_empty()
        && line_no < doc.line_of(own.end.saturating_sub(1))
        && kept.ends_with([' ', '\t', '\\'])
    {
        return None;
    }
    doc.edit(range.clone(), doc.text(range), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalising, and the streaming scan (ASCII bytes through the table, other chars one at
    /// a time), do what their plain statements say: every string of up to 6 chars from an
    /// alphabet of the phrases' letters in both cases, a letter of none, ASCII and non-ASCII
    /// whitespace, a curly quote and a non-ASCII letter, cut into two pieces at every char
    /// boundary.
    #[test]
    fn streaming_scan_is_a_search_of_the_normalised_text() {
        // `bab'`: a state (`bab`) where no phrase ends but one of its suffixes (`ab`) does.
        let phrases = ["a b", "b'a ...", "ab", "é a", "bab'"];
        let rule = TemplateText::new(Options {
            phrases: phrases.map(String::from).to_vec(),
        });
        let alphabet = ['a', 'B', ' ', '\n', '’', 'é', 'b', 'A', 'z', '\u{a0}'];
        crate::every_string(&alphabet, 6, |text| {
            // Normalising as its documentation says, plainly.
            let words: Vec<&str> = text.split_whitespace().collect();
            let normalized = words.join(" ").to_lowercase().replace(['’', '‘'], "'");
            assert_eq!(normalize(text), normalized, "{text:?}");
            let phrases_held: Vec<bool> = rule
                .phrases
                .iter()
                .map(|p| {
                    if p.prefix {
                        normalized.starts_with(&p.normalized)
                    } else {
                        normalized.contains(&p.normalized)
                    }
                })
                .collect();
            let expected = phrases_held.iter().position(|&held| held);
            for (cut, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let mut scan = PhraseScan::new(&rule);
                scan.push_str(&text[..cut]);
                scan.push_str(&text[cut..]);
                assert_eq!(scan.best, expected, "{text:?} cut at {cut}");
            }
        });
    }

    /// The anchors' search lets through every text whose normalised text holds a phrase: in
    /// either case, with a typographic quote, and with the chars whose lower case is ASCII.
    #[test]
    fn anchors_rule_out_no_text_holding_a_phrase() {
        let rule = TemplateText::new(Options {
            phrases: ["ki", "a’b c", "B’A"].map(String::from).to_vec(),
        });
        let alphabet = [
            'k', 'K', '\u{212a}', 'i', 'I', '\u{130}', 'a', 'B', ' ', '’', '\'',
        ];
        crate::every_string(&alphabet, 5, |text| {
            let normalized = normalize(text);
            if rule
                .phrases
                .iter()
                .any(|p| normalized.contains(&p.normalized))
            {
                let texts = ParagraphTexts {
                    paragraphs: Vec::new(),
                    text: text.to_ascii_lowercase(),
                    ends: vec![text.len()],
                };
                assert!(rule.candidates(&texts)[0], "{text:?}");
            }
        });
    }

    /// Normalising ASCII by the table is the char by char statement: lower case, quotes
    /// straight, whitespace runs one space, trimmed.
    #[test]
    fn normalised_as_stated() {
        let stated = |text: &str| {
            let words: Vec<String> = text
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'"))
                .collect();
            words.join(" ")
        };
        let alphabet = ['A', 'b', ' ', '\t', '\u{a0}', '\u{2019}', 'É', '\x1f'];
        crate::every_string(&alphabet, 5, |text| {
            assert_eq!(normalize(text), stated(text), "{text:?}");
        });
    }

    /// [`FOLDED_TO_ASCII`] is every char but ASCII whose lower case holds an ASCII char.
    #[test]
    fn chars_folded_to_ascii() {
        let folded: Vec<String> = ('\u{80}'..=char::MAX)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .map(String::from)
            .collect();
        assert_eq!(folded, FOLDED_TO_ASCII);
    }

    /// A paragraph is a candidate when it holds an anchor, and only then: the window's text
    /// is searched once, and each match goes to the paragraph it is in.
    #[test]
    fn candidates_are_the_paragraphs_holding_an_anchor() {
        let rule = TemplateText::new(Options::default());
        let paragraphs = ["taking", "x", "Sign up HERE!", "", "here", "[name=Your"];
        let texts = ParagraphTexts {
            paragraphs: Vec::new(),
            text: paragraphs.join("\n").to_ascii_lowercase(),
            ends: paragraphs
                .iter()
                .scan(0, |start, p| {
                    let end = *start + p.len();
                    *start = end + 1;
                    Some(end)
                })
                .collect(),
        };
        assert_eq!(
            rule.candidates(&texts),
            [true, false, true, false, false, true]
        );
    }
}
