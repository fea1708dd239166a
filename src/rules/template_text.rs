use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::blocks::remove_lines;
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
use crate::document::{Document, Kinds, Node, plain_text, plain_text_pieces};

declare_rule! {
    /// ## What it does
    /// Finds prompts and placeholders left in from the meeting pad's template: the
    /// attendee-line placeholder, "Add a note to celebrate ...", "Thank you for taking notes
    /// ...", `[name=Your name]`, "Sign up here!", and the others in `phrases`.
    ///
    /// A paragraph or list item that holds nothing but a prompt is removed (a safe fix: the
    /// prompt was never part of the notes). A prompt inside other text (`**Participating:**
    /// Min, Erik, _Sign up here!_`) gets an unsafe fix that removes only the prompt, when it is
    /// a run of its own; an item with sub-bullets under the prompt is reported without a fix.
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
        /// Stepped itself only on non-ASCII chars; ASCII bytes go through `table`.
        matcher: NFA,
        start: StateID,
        table: ByteTable,
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
        // An NFA, which builds in a fraction of a DFA's time: the table holds its transitions
        // for ASCII, and it is stepped itself only on other chars.
        let matcher = NFA::new(phrases.iter().map(|p| &p.normalized))
            .expect("a few short phrases fit the automaton");
        let start = matcher
            .start_state(Anchored::No)
            .expect("an unanchored search can start");
        let table = ByteTable::new(&matcher, start, &phrases);
        TemplateText {
            phrases,
            matcher,
            start,
            table,
        }
    }
}

/// Lower case, typographic quotes made straight, runs of whitespace made one space, trimmed.
fn normalize(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut space_pending = false;
    for c in text.chars() {
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

/// The phrase automaton as a table stepped on a paragraph's raw ASCII bytes: folding case and
/// making a run of whitespace one space are in the table, so a byte costs a class lookup and a
/// table lookup, and no branch but the rare match's. Its states are pairs of an automaton
/// state and whether the last char was whitespace (or there was none); other chars step the
/// automaton itself.
#[derive(Debug)]
struct ByteTable {
    /// The class of each ASCII byte: [`WHITESPACE`], one for each byte of the phrases (both
    /// cases of a letter are one), and one for all the bytes no phrase holds, which lead the
    /// automaton to its start whatever its state.
    class: [u8; 128],
    classes: usize,
    /// At state `p` (a row: a multiple of `classes`) plus a class, the next state, with
    /// [`STEPS`] when a byte of normalised text is stepped, and [`MATCH`] when the automaton
    /// then is in a match state.
    next: Vec<u32>,
    /// The automaton's state of each row (row number `p / classes`: twice the index of the
    /// automaton's state, plus one after whitespace).
    automaton: Vec<StateID>,
    /// The index of each of the automaton's states, by `StateID::as_usize`.
    index: Vec<u32>,
}

const WHITESPACE: u8 = 0;
const STEPS: u32 = 1 << 30;
const MATCH: u32 = 1 << 31;
const ROW: u32 = STEPS - 1;

impl ByteTable {
    fn new(matcher: &NFA, start: StateID, phrases: &[Phrase]) -> Self {
        let mut held = [false; 256];
        for b in phrases.iter().flat_map(|p| p.normalized.bytes()) {
            held[usize::from(b)] = true;
        }
        let in_phrases = |b: u8| held[usize::from(b)];
        // Each class's byte of normalised text: a space for whitespace.
        let mut stepped = vec![b' '];
        let mut other = None;
        let mut class = [WHITESPACE; 128];
        for b in 0..128u8 {
            let folded = ASCII_FOLD[usize::from(b)];
            if folded == SPACE {
                continue;
            }
            let c = if in_phrases(folded) {
                stepped.iter().position(|&s| s == folded && s != b' ')
            } else {
                other
            };
            class[usize::from(b)] = c.unwrap_or_else(|| {
                stepped.push(folded);
                let c = stepped.len() - 1;
                if !in_phrases(folded) {
                    other = Some(c);
                }
                c
            }) as u8;
        }
        let classes = stepped.len();
        // Every state of the automaton, each with its transitions on each class's byte (the
        // bytes no phrase holds lead back to the start), and on the non-ASCII bytes of the
        // phrases, which the table does not step but can lead to states of their own.
        let high: Vec<u8> = (0x80..=0xFF).filter(|&b| in_phrases(b)).collect();
        let mut automaton = vec![start];
        let mut index = Vec::new();
        let mut index_of = |automaton: &mut Vec<StateID>, state: StateID| {
            if index.len() <= state.as_usize() {
                index.resize(state.as_usize() + 1, u32::MAX);
            }
            if index[state.as_usize()] == u32::MAX {
                index[state.as_usize()] = u32::try_from(automaton.len()).expect("few phrases");
                automaton.push(state);
            }
            index[state.as_usize()]
        };
        index_of(&mut automaton, start);
        let mut steps = Vec::new();
        let mut k = 0;
        while k < automaton.len() {
            let state = automaton[k];
            for (c, &b) in stepped.iter().chain(&high).enumerate() {
                let to = matcher.next_state(Anchored::No, state, b);
                let to_index = index_of(&mut automaton, to);
                if c < classes {
                    steps.push((to_index, matcher.is_match(to)));
                }
            }
            k += 1;
        }
        let row = |k: u32, after_space: bool| {
            u32::try_from((2 * k as usize + usize::from(after_space)) * classes)
                .ok()
                .filter(|&p| p <= ROW)
                .expect("the phrases fit the table")
        };
        let mut next = Vec::with_capacity(2 * steps.len());
        for (k, state_steps) in steps.chunks(classes).enumerate() {
            for after_space in [false, true] {
                for (c, &(to, is_match)) in state_steps.iter().enumerate() {
                    let whitespace = c == usize::from(WHITESPACE);
                    next.push(if whitespace && after_space {
                        row(k as u32, true)
                    } else {
                        let flags = if is_match { STEPS | MATCH } else { STEPS };
                        row(to, whitespace) | flags
                    });
                }
            }
        }
        // Rows are pairs: the automaton's state of row `r` is that of pair `r / 2`.
        let automaton = automaton.iter().flat_map(|&s| [s, s]).collect();
        ByteTable {
            class,
            classes,
            next,
            automaton,
            index,
        }
    }

    /// The row of the automaton's state `state` after a char that is not whitespace.
    fn row_of(&self, state: StateID) -> u32 {
        let k = self.index[state.as_usize()];
        debug_assert_ne!(k, u32::MAX, "every state is in the table");
        2 * k * self.classes as u32
    }

    fn state_of(&self, row: u32) -> StateID {
        self.automaton[row as usize / self.classes]
    }
}

/// Steps the phrase automaton over a paragraph's text as [`normalize`] would make it, a piece
/// at a time, without making it (this runs on every paragraph).
struct PhraseScan<'r> {
    rule: &'r TemplateText,
    /// The [`ByteTable`]'s state: the automaton's, and whether the last char was whitespace,
    /// or there was none: a space here is not stepped (a run of whitespace is one space, and
    /// leading whitespace none). A trailing space is stepped, harmlessly: no phrase ends in one.
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
            row: rule.table.row_of(rule.start) + rule.table.classes as u32,
            at: 0,
            best: None,
        }
    }

    /// Steps the automaton itself on a byte of normalised text that is not a space.
    fn step(&mut self, b: u8) {
        let table = &self.rule.table;
        let state = self
            .rule
            .matcher
            .next_state(Anchored::No, table.state_of(self.row), b);
        self.row = table.row_of(state);
        self.at += 1;
        if self.rule.matcher.is_match(state) {
            self.found();
        }
    }

    fn push_str(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let table = &self.rule.table;
        // In locals, which `found` cannot change: not reloaded at each byte.
        let (next_of, class): (&[u32], &[u8; 128]) = (&table.next, &table.class);
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
                // As an ASCII space would.
                let next = table.next[self.row as usize + usize::from(WHITESPACE)];
                self.row = next & ROW;
                self.at += usize::from(next & STEPS != 0);
                if next & MATCH != 0 {
                    self.found();
                }
            } else {
                fold_char(c, |b| self.step(b));
            }
        }
    }

    #[cold]
    fn found(&mut self) {
        let matcher = &self.rule.matcher;
        let state = self.rule.table.state_of(self.row);
        for i in 0..matcher.match_len(state) {
            let pattern = matcher.match_pattern(state, i);
            let starts = self.at - matcher.pattern_len(pattern);
            let index = pattern.as_usize();
            if starts == 0 || !self.rule.phrases[index].prefix {
                self.best = Some(self.best.map_or(index, |b| b.min(index)));
            }
        }
    }
}

impl TemplateText {
    /// The phrase a paragraph holds: the longest (they are sorted longest first), and one
    /// ending in `...` only at the start.
    fn phrase_in(&self, paragraph: Node<'_>) -> Option<&Phrase> {
        let mut scan = PhraseScan::new(self);
        plain_text_pieces(paragraph, |piece| scan.push_str(piece));
        scan.best.map(|i| &self.phrases[i])
    }
}

impl Rule for TemplateText {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for node in doc.nodes_of(Kinds::PARAGRAPH) {
            if node
                .parent()
                .is_some_and(|p| matches!(p.data().value, NodeValue::TableCell))
            {
                continue;
            }
            let Some(phrase) = self.phrase_in(node) else {
                continue;
            };
            let text = &normalize(&plain_text(node));
            let whole = phrase.prefix
                || text
                    .strip_prefix(&phrase.normalized)
                    .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_punctuation() || c == ' '));
            let message = format!("template text `{}`", phrase.text);
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
                    .and_then(|e| Fix::safe(vec![e]));
                let title = match unit {
                    Some(u) if matches!(u.data().value, NodeValue::Item(_)) => "Remove the item",
                    _ => "Remove the paragraph",
                };
                report.report(range, message).with_fix(title, fix);
            } else {
                let fix = partial_removal(doc, node, &phrase.normalized)
                    .and_then(|e| Fix::unsafe_(vec![e]));
                report
                    .report(range, message)
                    .with_fix("Remove the prompt", fix);
            }
        }
    }
}

/// Removes a prompt that is one inline run of `paragraph` (a text, or an emphasis holding
/// only the prompt), with the separator before it (`, ` or a space), or after it at the start.
fn partial_removal(doc: &Document, paragraph: Node<'_>, phrase: &str) -> Option<Edit> {
    for child in paragraph.children() {
        let range = doc.node_range(child);
        let found = match &child.data().value {
            NodeValue::Emph | NodeValue::Strong if normalize(&plain_text(child)) == phrase => {
                Some(range)
            }
            NodeValue::Text(literal) if doc.text(range.clone()) == &**literal => literal
                .to_ascii_lowercase()
                .find(phrase)
                .filter(|_| phrase.is_ascii())
                .map(|at| range.start + at..range.start + at + phrase.len()),
            _ => None,
        };
        let Some(found) = found else { continue };
        let line_no = doc.line_of(found.start);
        let line = doc.line_range(line_no);
        // An emphasised prompt broken over lines: not a run of one line.
        if found.end > line.end {
            return None;
        }
        // The paragraph's own text on the line: not the item marker or `>` before it, which
        // a separator must not be taken from (`* *Sign up here!*` would become an empty item).
        let own = doc.node_range(paragraph);
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
        let kind = |c: Option<char>| match c {
            None => 0,
            Some(c) if c.is_whitespace() => 0,
            Some(c) if c.is_alphanumeric() => 2,
            Some(_) => 1,
        };
        let delimiter = |c: Option<char>| matches!(c, Some('*' | '_' | '~'));
        if l.is_some_and(|l| !l.is_whitespace()) && r.is_some_and(|r| !r.is_whitespace())
            || delimiter(l) && kind(r) != kind(removed.chars().next())
            || delimiter(r) && kind(l) != kind(removed.chars().last())
        {
            return None;
        }
        if kept_after.trim().is_empty()
            && line_no < doc.line_of(own.end.saturating_sub(1))
            && kept.ends_with([' ', '\t', '\\'])
        {
            return None;
        }
        return doc.edit(range.clone(), doc.text(range), "");
    }
    None
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
        let phrases = ["a b", "b'a ...", "ab", "é a"];
        let rule = TemplateText::new(Options {
            phrases: phrases.map(String::from).to_vec(),
        });
        let alphabet = ['a', 'B', ' ', '\n', '’', 'é', 'b', 'A', 'z', '\u{a0}'];
        crate::every_string(&alphabet, 6, |text| {
            // Normalising as its documentation says, plainly.
            let words: Vec<&str> = text.split_whitespace().collect();
            let normalized = words.join(" ").to_lowercase().replace(['’', '‘'], "'");
            assert_eq!(normalize(text), normalized, "{text:?}");
            let expected = rule.phrases.iter().position(|p| {
                if p.prefix {
                    normalized.starts_with(&p.normalized)
                } else {
                    normalized.contains(&p.normalized)
                }
            });
            for (cut, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let mut scan = PhraseScan::new(&rule);
                scan.push_str(&text[..cut]);
                scan.push_str(&text[cut..]);
                assert_eq!(scan.best, expected, "{text:?} cut at {cut}");
            }
        });
    }
}
