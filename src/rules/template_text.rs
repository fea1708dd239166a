use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::blocks::remove_lines;
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
use crate::document::{Document, Node, plain_text};

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
        TemplateText { phrases }
    }
}

/// Lowercased, typographic apostrophes made straight, runs of spaces folded.
fn normalize(text: &str) -> String {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Rule for TemplateText {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for node in &doc.nodes {
            if !matches!(node.data().value, NodeValue::Paragraph)
                || node
                    .parent()
                    .is_some_and(|p| matches!(p.data().value, NodeValue::TableCell))
            {
                continue;
            }
            let text = normalize(&plain_text(node));
            let Some(phrase) = self.phrases.iter().find(|p| {
                if p.prefix {
                    text.starts_with(&p.normalized)
                } else {
                    text.contains(&p.normalized)
                }
            }) else {
                continue;
            };
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
                _ => Some(*node),
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
