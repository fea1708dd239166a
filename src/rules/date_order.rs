use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::archive_title::{file_year, first_year};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
use crate::document::{Date, Document, Kinds};

declare_rule! {
    /// ## What it does
    /// Checks the order of the meetings: newest first (or oldest first, by option), no date
    /// twice, and every meeting in the archive's year.
    ///
    /// Only meetings whose heading is an ISO date (`## 2025-10-07`) take part; other meeting
    /// headings are `date-heading`'s business and stay where they are. The archive's year is
    /// the title's (its first four-digit number), or else the file name's. A meeting out of
    /// order gets an unsafe fix that moves its whole section (from its heading to the next
    /// level-2 heading) to its place; the fewest meetings that put the rest in order are the
    /// ones reported. A meeting whose date is used again later is not moved (the next one
    /// would take its place). No meeting is moved when a label (`[x]:`) is defined twice (the
    /// first definition wins, and a move could change which is first), in a file with
    /// footnotes (numbered in the order they are first referenced), nor in one whose last line
    /// has no line ending and would change with one (`<p` would start an HTML block).
    ///
    /// ## Why is this bad?
    /// New notes go at the top of the year's file, so readers find the latest meeting first;
    /// a meeting pasted in the wrong place (or into last year's file) is hard to find, and a
    /// date written twice is either a duplicated paste or a wrong date.
    ///
    /// ## Example
    /// ```markdown
    /// # 2025 Collaboration Cafe Notes Archive
    ///
    /// ## 2025-09-16
    ///
    /// ## 2025-10-07
    ///
    /// ## 2025-09-02
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 2025 Collaboration Cafe Notes Archive
    ///
    /// ## 2025-10-07
    ///
    /// ## 2025-09-16
    ///
    /// ## 2025-09-02
    /// ```
    ///
    /// ## Options
    /// - `order` (`"newest-first"` or `"oldest-first"`): the order of the meetings. Default:
    ///   `"newest-first"`.
    pub struct DateOrder {
        options: Options,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub order: Order,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    #[default]
    NewestFirst,
    OldestFirst,
}

impl Configurable for DateOrder {
    type Options = Options;
    fn new(options: Options) -> Self {
        DateOrder { options }
    }
}

/// A meeting with an ISO date: its heading's index in the outline and its date.
struct Dated {
    heading: usize,
    date: Date,
}

impl Rule for DateOrder {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let outline = &doc.outline;
        let dated: Vec<Dated> = outline
            .meetings
            .iter()
            .filter_map(|m| {
                Some(Dated {
                    heading: m.heading,
                    date: m.date?,
                })
            })
            .collect();
        let year = outline
            .title
            .and_then(|t| first_year(&outline.heading(t).text))
            .or_else(|| doc.path.and_then(file_year));
        let mut seen = HashMap::new();
        // A date used twice: the first of its meetings is ordered, but not moved (the next
        // would take its place as the first, one pass after another).
        let mut repeated = HashSet::new();
        // A repeated date or a meeting of another year has no right place: reported, not moved.
        let mut ordered = Vec::new();
        for meeting in dated {
            let heading = outline.heading(meeting.heading);
            if let Some(&first) = seen.get(&meeting.date) {
                repeated.insert(meeting.date);
                let line = doc.line_of(outline.heading(first).range.start);
                report.report(
                    heading.content.clone(),
                    format!(
                        "meeting date `{}` is already used on line {line}",
                        heading.text
                    ),
                );
            } else if let Some(year) = year.filter(|&y| y != meeting.date.year) {
                report.report(
                    heading.content.clone(),
                    format!(
                        "meeting `{}` is not in the archive's year {year}",
                        heading.text
                    ),
                );
            } else {
                seen.insert(meeting.date, meeting.heading);
                ordered.push(meeting);
            }
        }
        self.check_order(doc, &ordered, &repeated, report);
    }
}

impl DateOrder {
    /// Whether `a` may come before `b`.
    fn ordered(&self, a: &Dated, b: &Dated) -> bool {
        match self.options.order {
            Order::NewestFirst => a.date >= b.date,
            Order::OldestFirst => a.date <= b.date,
        }
    }

    fn check_order(
        &self,
        doc: &Document,
        dated: &[Dated],
        repeated: &HashSet<Date>,
        report: &mut Reporter,
    ) {
        let in_place = self.longest_ordered(dated);
        let outline = &doc.outline;
        let word = match self.options.order {
            Order::NewestFirst => "newest first",
            Order::OldestFirst => "oldest first",
        };
        for (i, meeting) in dated.iter().enumerate() {
            if in_place[i] {
                continue;
            }
            // Its place: before the first meeting in place that it must precede, else after
            // the last meeting's section.
            let before = dated
                .iter()
                .zip(&in_place)
                .find(|(other, kept)| {
                    **kept && self.ordered(meeting, other) && other.date != meeting.date
                })
                .map(|(other, _)| other);
            let heading = outline.heading(meeting.heading);
            let section = self.section(doc, meeting.heading);
            // The headings the move puts after other text: the moved one, the one after its
            // old place, and the one it goes before. Only an ATX heading at the start of its
            // line ends any block above it: an indented one can be taken into a list item
            // above, a setext one into a paragraph.
            let at_margin = |index: usize| {
                outline.headings.get(index).is_none_or(|h| {
                    !h.setext && doc.line_start(doc.line_of(h.range.start)) == h.range.start
                })
            };
            let mut moved = doc.text(section.clone()).to_string();
            if !moved.ends_with(['\n', '\r']) {
                moved.push_str(doc.line_ending);
            }
            // A blank line after it, in the file's own line ending.
            let blank_after = format!("{0}{0}", doc.line_ending);
            if !moved.ends_with(&blank_after) {
                moved.push_str(doc.line_ending);
            }
            // Where it goes, and the heading that follows it there (if any).
            let (at, place, follows) = match before {
                Some(other) => (
                    doc.line_start(doc.line_of(outline.heading(other.heading).range.start)),
                    format!("before `{}`", outline.heading(other.heading).text),
                    other.heading,
                ),
                None => {
                    let last = dated
                        .iter()
                        .zip(&in_place)
                        .rfind(|(_, kept)| **kept)
                        .map_or(meeting.heading, |(m, _)| m.heading);
                    (
                        self.section(doc, last).end,
                        "at the end".to_string(),
                        outline.section_end(last),
                    )
                }
            };
            let fix = doc
                .edit(section.clone(), doc.text(section.clone()), "")
                .map(|delete| {
                    // At the end of a text with no final line ending, start a new line first.
                    let lead = if at == doc.source.len() && !doc.source.ends_with(['\n', '\r']) {
                        format!("{0}{0}", doc.line_ending)
                    } else {
                        String::new()
                    };
                    vec![delete, Edit::insert(at, format!("{lead}{moved}"))]
                })
                // A move gives the last line a line ending if it has none, which can change
                // what the line is: `<p` at the end of the text is text, followed by a line
                // ending the start of an HTML block.
                .filter(|_| !super::blocks::ending_would_change_last_line(doc))
                .filter(|_| at < section.start || at > section.end)
                .filter(|_| {
                    at_margin(meeting.heading)
                        && at_margin(outline.section_end(meeting.heading))
                        && at_margin(follows)
                })
                // An HTML block at the end of the text may run to it (`<!--` never closed), or
                // end only at a blank line: nothing moves after it, and it moves nowhere.
                .filter(|_| {
                    !ends_in_html(doc) || (at < doc.source.len() && section.end < doc.source.len())
                })
                // A code block left open runs to the end of the text: moving text around it
                // would move text in or out of the code.
                .filter(|_| !has_open_code_block(doc))
                .filter(|_| !repeated.contains(&meeting.date))
                // Of two definitions of one label (`[x]: ...`) the first wins, and footnotes are
                // numbered in the order they are first referenced: moving meetings could change
                // which definition is first, or the numbers.
                .filter(|_| !definitions_repeat(doc.source))
                .filter(|_| doc.nodes_of(Kinds::FOOTNOTE_DEFINITION).next().is_none())
                .and_then(Fix::unsafe_);
            report
                .report(
                    heading.content.clone(),
                    format!("meeting `{}` is out of date order ({word})", heading.text),
                )
                .with_fix(format!("Move the meeting {place}"), fix);
        }
    }

    /// The bytes of a meeting's section: from its heading's line to the next heading at
    /// level 2 or above (or the end of the text).
    fn section(&self, doc: &Document, heading: usize) -> std::ops::Range<usize> {
        let outline = &doc.outline;
        let start = doc.line_start(doc.line_of(outline.heading(heading).range.start));
        let end_index = outline.section_end(heading);
        let end = outline
            .headings
            .get(end_index)
            .map_or(doc.source.len(), |h| {
                doc.line_start(doc.line_of(h.range.start))
            });
        start..end
    }

    /// Which meetings stay in place: a longest subsequence already in order (the others are
    /// the fewest moves that sort the rest). Ties keep the earlier meetings.
    fn longest_ordered(&self, dated: &[Dated]) -> Vec<bool> {
        let n = dated.len();
        let mut length = vec![1usize; n];
        let mut previous = vec![None; n];
        for i in 0..n {
            for j in 0..i {
                if self.ordered(&dated[j], &dated[i]) && length[j] + 1 > length[i] {
                    length[i] = length[j] + 1;
                    previous[i] = Some(j);
                }
            }
        }
        let mut kept = vec![false; n];
        let mut at = (0..n).max_by_key(|&i| (length[i], std::cmp::Reverse(i)));
        while let Some(i) = at {
            kept[i] = true;
            at = previous[i];
        }
        kept
    }
}

fn ends_in_html(doc: &Document) -> bool {
    doc.root
        .last_child()
        .is_some_and(|n| matches!(n.data().value, comrak::nodes::NodeValue::HtmlBlock(_)))
}

/// Whether a label is defined twice ([`super::inline::definition_labels`]), labels compared as
/// CommonMark does, ignoring case and runs of whitespace.
fn definitions_repeat(source: &str) -> bool {
    let mut labels = std::collections::HashSet::new();
    super::inline::definition_labels(source).any(|label| {
        let words: Vec<String> = label.split_whitespace().map(str::to_lowercase).collect();
        !labels.insert(words.join(" "))
    })
}

fn has_open_code_block(doc: &Document) -> bool {
    doc.nodes_of(Kinds::CODE_BLOCK)
        .any(|n| super::blocks::is_open_fence(&n.data().value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewest_moves() {
        let rule = DateOrder::new(Options::default());
        let dated = |days: &[u32]| {
            days.iter()
                .enumerate()
                .map(|(i, &d)| Dated {
                    heading: i,
                    date: Date::new(2025, 1, d).unwrap(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            rule.longest_ordered(&dated(&[9, 20, 8, 7])),
            [true, false, true, true]
        );
        assert_eq!(rule.longest_ordered(&dated(&[3, 2, 1])), [true, true, true]);
    }
}
