use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::layout::{indent_column, is_bare_marker, is_blank, item_layout, only_in_lists};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Fix, counted};
use crate::document::{Document, Kinds, Node};

declare_rule! {
    /// ## What it does
    /// Checks the blank lines between blocks: no runs of two or more blank lines, no blank
    /// lines at the start of the file, whitespace-only lines emptied, and one blank line
    /// between the top-level blocks of the document (around headings, lists, paragraphs,
    /// code blocks and tables).
    ///
    /// Blank lines are added between blocks directly under the document, and in lists that
    /// are already loose (their items render as paragraphs because some are separated by a
    /// blank line): there, as mdformat does, between every two items and between the blocks of
    /// an item. In a tight list a blank line would make the list loose, which changes the
    /// rendered page, so none is added; nor before a table whose header row would then start
    /// a list or an HTML block (`2. x` glued to a paragraph is the table's header; after a
    /// blank line, an ordered list), nor before a block of an item whose first line is lazy
    /// (indented less than the item's content, it would leave the item), nor after a fence or
    /// an HTML block left open, which would take it in (one in a footnote definition too:
    /// blocks are paired as the source orders them, not as the parser, which moves footnote
    /// definitions to the end). Code blocks and HTML blocks are content and are not touched.
    /// Blank lines at the end of the file are left to `final-newline`. The blank lines after a
    /// bare list marker, and, in a file with footnotes, those before a line indented 4 columns
    /// or more, are left as they are: there the parser tells a whitespace-only line from an
    /// empty one, and they decide what the item or footnote holds.
    ///
    /// ## Why is this bad?
    /// Runs of blank lines and invisible whitespace-only lines are noise from pasting pad
    /// exports; a heading or list glued to the paragraph before it is hard to read in the
    /// source. mdformat writes exactly one blank line between blocks, so the two tools would
    /// keep rewriting these lines.
    ///
    /// ## Example
    /// ```markdown
    /// ## 2025-10-21
    /// ### Check-in
    ///
    ///
    /// - Min / @minrk
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2025-10-21
    ///
    /// ### Check-in
    ///
    /// - Min / @minrk
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct BlankLines;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for BlankLines {
    type Options = Options;
    fn new(_: Options) -> Self {
        BlankLines
    }
}

impl Rule for BlankLines {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let count = doc.lines.line_count(doc.source);
        let blank = |line: usize| is_blank(doc.text(doc.line_range(line)));
        // Lines after the last one with text belong to `final-newline`.
        let last_text = (1..=count).rev().find(|&l| !blank(l)).unwrap_or(0);
        // comrak ends a footnote definition at a whitespace-only line, but not at an empty one
        // (nor at one of 4 spaces or more): in a file that may define footnotes, a run of blank
        // lines before a line indented 4 columns or more (which would continue a footnote)
        // decides what belongs to one. Found in the text: an unused definition is not in the
        // document, but still takes the lines.
        let may_define_footnotes = doc.may_hold_footnotes();
        let mut line = 1;
        while line <= last_text {
            if doc.is_verbatim_line(line) || !blank(line) {
                line += 1;
                continue;
            }
            let run_end = (line..=last_text)
                .find(|&l| doc.is_verbatim_line(l) || !blank(l))
                .unwrap_or(last_text + 1);
            // After a bare list marker, the blank lines decide what the item holds (and comrak
            // tells a whitespace-only line from an empty one there): left as they are. So do
            // those before what may be a footnote's next lines.
            let before_footnote_content = || {
                may_define_footnotes
                    && run_end <= last_text
                    && indent_column(doc.text(doc.line_range(run_end))) >= 4
            };
            if line > 1 && is_bare_marker(doc.text(doc.line_range(line - 1)))
                || before_footnote_content()
            {
                line = run_end;
                continue;
            }
            // A run at the start of the file goes; elsewhere one (empty) line stays.
            let keep = usize::from(line > 1);
            let removed = run_end - line - keep;
            let kept_line_dirty = keep == 1 && !doc.text(doc.line_range(line)).is_empty();
            if removed > 0 {
                let range = doc.line_start(line + keep)..doc.line_start(run_end);
                let mut edits = vec![doc.edit(range.clone(), doc.text(range.clone()), "")];
                if kept_line_dirty {
                    let kept = doc.line_range(line);
                    edits.push(doc.edit(kept.clone(), doc.text(kept), ""));
                }
                let fix = edits
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .and_then(Fix::safe);
                let message: std::borrow::Cow<str> = if line == 1 {
                    "blank lines at the start of the file".into()
                } else {
                    counted!(run_end - line, " blank lines in a row")
                };
                report
                    .report(doc.line_start(line)..doc.line_start(run_end), message)
                    .with_fix("Keep one blank line", fix);
            } else if kept_line_dirty {
                let kept = doc.line_range(line);
                let fix = doc
                    .edit(kept.clone(), doc.text(kept.clone()), "")
                    .and_then(|e| Fix::safe([e]));
                report
                    .report(kept, "whitespace-only line")
                    .with_fix("Empty it", fix);
            }
            line = run_end;
        }
        self.check_separation(doc, report);
    }
}

/// Each child of `parent` with the next one in the source. Not the next in the tree: comrak
/// moves footnote definitions to the document's end, and the block above one in the source
/// (a fence it leaves open, say) is not the one before it in the tree. A footnote definition
/// written inside another block (`- [^a]: x`) is moved out of it too: it has no line of its
/// own to be separated by, and is left out.
fn pairs_of<'a>(parent: Node<'a>) -> Vec<(Node<'a>, Node<'a>)> {
    let mut children: Vec<Node> = parent.children().collect();
    children.sort_by_key(|n| n.data().sourcepos.start.line);
    // `dedup_by` compares each child with the last one kept.
    children.dedup_by(|child, previous| {
        matches!(child.data().value, NodeValue::FootnoteDefinition(_))
            && child.data().sourcepos.start.line <= previous.data().sourcepos.end.line
    });
    children.windows(2).map(|w| (w[0], w[1])).collect()
}

impl BlankLines {
    /// One blank line between consecutive blocks directly under the document, and, in a
    /// loose list, between its items and between the blocks of each item.
    fn check_separation(&self, doc: &Document, report: &mut Reporter) {
        let mut pairs: Vec<(Node, Node)> = Vec::new();
        pairs.extend(pairs_of(doc.root));
        for node in doc.nodes_of(Kinds::LIST) {
            if matches!(&node.data().value, NodeValue::List(l) if !l.tight) && only_in_lists(node) {
                pairs.extend(pairs_of(node));
                for item in node.children() {
                    pairs.extend(pairs_of(item));
                }
            }
        }
        pairs.sort_by_key(|(_, after)| after.data().sourcepos.start.line);
        for (before, after) in pairs {
            let start_line = after.data().sourcepos.start.line;
            // Separated when the line just above the second block is blank.
            if start_line < 2 || is_blank(doc.text(doc.line_range(start_line - 1))) {
                continue;
            }
            let what = |n: &NodeValue| match n {
                NodeValue::Heading(_) => "heading",
                NodeValue::List(_) => "list",
                NodeValue::CodeBlock(_) => "code block",
                NodeValue::Table(_) => "table",
                NodeValue::ThematicBreak => "thematic break",
                NodeValue::BlockQuote => "quote",
                NodeValue::Item(_) => "list item",
                NodeValue::Paragraph => "paragraph",
                NodeValue::FootnoteDefinition(_) => "footnote definition",
                _ => "block",
            };
            let at = doc.line_start(start_line);
            // A blank line after a fence, or an HTML block of the kinds that end only at their
            // closing marker, left open would join it.
            let after_open_fence = before
                .descendants()
                .any(|n| super::blocks::left_open(&n.data().value));
            // After a blank line, a line indented 4 or more past the content column of its
            // item (of the document, for top-level blocks and their lists' items) would start
            // an indented code block (a lazy line can carry such an indent, as a table's header
            // row). A nested list indented too far (`list-indent` moves it) is still a list.
            let first = doc.text(doc.line_range(start_line));
            let item = after
                .ancestors()
                .skip(1)
                .find(|a| matches!(a.data().value, NodeValue::Item(_)));
            let content_column = match item {
                None => Some(0),
                Some(item) => item_layout(doc, item).map(|l| l.content_column),
            };
            let deep = first.starts_with('\t')
                || content_column.is_none_or(|column| indent_column(first) >= column + 4);
            // comrak splits a table's header row off the paragraph above it before it takes
            // link reference definitions out of that paragraph: `[e]:m` there stays text, and a
            // blank line would make it a definition, gone from the page.
            let definition_like = matches!(before.data().value, NodeValue::Paragraph) && {
                let text = doc.text(doc.node_range(before)).trim_start();
                text.starts_with('[') && text.contains("]:")
            };
            // A table's header row glued to a paragraph is split off it by comrak; after a
            // blank line, a row like `2. x`, `- `, `<x>` or `[x]: y` would start a list, an
            // HTML block or a definition instead (none of which can interrupt a paragraph).
            let header_starts_block = matches!(after.data().value, NodeValue::Table(_))
                && first
                    .trim_start_matches(' ')
                    .starts_with(|c: char| c.is_ascii_digit() || "-*+<[".contains(c));
            // A lazy line of an item (indented less than its content: a table's header row can
            // be one) would leave the item after a blank line.
            let lazy = after
                .parent()
                .filter(|p| matches!(p.data().value, NodeValue::Item(_)))
                .is_some_and(|item| {
                    item_layout(doc, item).is_none_or(|l| indent_column(first) < l.content_column)
                });
            let fix =
                (!after_open_fence && !deep && !definition_like && !header_starts_block && !lazy)
                    .then(|| doc.edit(at..at, "", doc.line_ending))
                    .flatten()
                    .and_then(|e| Fix::safe([e]));
            report
                .report(
                    doc.line_range(start_line),
                    [
                        "no blank line between a ",
                        what(&before.data().value),
                        " and a ",
                        what(&after.data().value),
                    ]
                    .concat(),
                )
                .with_fix("Insert a blank line", fix);
        }
    }
}
