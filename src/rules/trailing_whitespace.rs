use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::inline::in_reference_link;
use super::layout::{is_bare_marker, is_blank};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds};

declare_rule! {
    /// ## What it does
    /// Finds spaces and tabs at the end of lines, and removes them.
    ///
    /// Two or more trailing spaces inside a paragraph are a hard line break (`<br>`): that
    /// meaning is kept by writing the break as a backslash at the end of the line, which is
    /// what mdformat writes too. Lines in code blocks and HTML blocks are content and are not
    /// checked; whitespace-only lines are left to `blank-lines`. Where the spaces may be
    /// content, inside a code span, inline HTML, or a link's title that goes on over lines
    /// (in the link, or in a link reference definition), or may decide what a bare list
    /// marker starts, they are reported without a fix; so is a hard break after a `*`, `_` or
    /// `~` (a backslash there could let the run open emphasis), and so are the spaces of a
    /// paragraph holding a link whose destination, title or `)` is on another line (`[a](`
    /// then `u)`, `[a](u` then `)`), where the parser's positions cannot tell a hard break from
    /// none or a code span's lines from others, and a hard break in
    /// the text of a reference link (`[a` then `b]`), which is matched as written against
    /// the labels of the link reference definitions.
    ///
    /// ## Why is this bad?
    /// Trailing whitespace is invisible: it shows up as noise in diffs and reviews, and a hard
    /// break written with two spaces is lost the moment an editor trims the line. mdformat
    /// removes it, so the two tools would keep rewriting these lines.
    ///
    /// ## Example
    /// ```markdown
    #[doc = " ### Check-in "]
    ///
    #[doc = " - Min / @minrk / Simula  "]
    ///   Oslo
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ### Check-in
    ///
    /// - Min / @minrk / Simula\
    ///   Oslo
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct TrailingWhitespace;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for TrailingWhitespace {
    type Options = Options;
    fn new(_: Options) -> Self {
        TrailingWhitespace
    }
}

impl Rule for TrailingWhitespace {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        // By line (1-based): whether a hard break written as trailing spaces ends it, and
        // whether its end is inside a code span, inline HTML or a link's title (its spaces are
        // content).
        let line_count = doc.lines.line_count(doc.source);
        let mut space_breaks = vec![false; line_count + 2];
        let mut inline_content = vec![false; line_count + 2];
        // The lines of a block whose inlines comrak placed wrongly (after a link whose
        // destination, title or `)` is on another line: [`Document::unplaced`]) are all taken
        // as content (but the last, whose trailing spaces are never a break).
        for block in &doc.unplaced {
            let lines = doc.line_of(block.start)..doc.line_of(block.end.saturating_sub(1));
            if let Some(lines) = inline_content.get_mut(lines) {
                lines.fill(true);
            }
        }
        for node in doc.nodes_of_each(Kinds::LINE_BREAK | Kinds::CODE | Kinds::HTML_INLINE) {
            let pos = node.data().sourcepos;
            let lines = match &node.data().value {
                // A break's position takes in its line ending: one past it is misplaced.
                NodeValue::LineBreak
                    if pos.end.column > doc.full_line_range(pos.end.line).len() =>
                {
                    let Some(block) = doc.block_range(node) else {
                        continue;
                    };
                    doc.line_of(block.start)
                        ..doc.line_of(block.end.saturating_sub(1).max(block.start))
                }
                // In the text of a reference link (`[a  ` then `b]`, not `[...](url)`), which
                // matches its definition's label as written: a backslash there is another label.
                NodeValue::LineBreak if in_reference_link(doc, node) => {
                    pos.start.line..pos.start.line + 1
                }
                NodeValue::LineBreak if doc.text(doc.node_range(node)).starts_with(' ') => {
                    if let Some(flag) = space_breaks.get_mut(pos.start.line) {
                        *flag = true;
                    }
                    continue;
                }
                NodeValue::Code(_) | NodeValue::HtmlInline(_) => pos.start.line..pos.end.line,
                _ => continue,
            };
            let end = lines.end.min(line_count + 1);
            if let Some(lines) = inline_content.get_mut(lines.start..end) {
                lines.fill(true);
            }
        }
        // A link reference definition leaves no node, and its title may go on over lines:
        // from a line that may start one (a `[` before a `]:`) to the next blank line, a line
        // ends inside a title when a quote or parenthesis opened after the `]:` is not closed.
        // One search of the whole text finds the lines with a `]:`, few in notes.
        let mut after_run = 1;
        for label_line in super::inline::lines_holding_label_ends(doc.source) {
            let first = doc.line_of(label_line.start);
            let Some((before, after)) = doc.text(label_line).split_once("]:") else {
                continue;
            };
            if first < after_run || doc.is_verbatim_line(first) || !before.contains('[') {
                continue;
            }
            let mut open = None;
            let mut line = first;
            let mut text = after;
            loop {
                for c in text.chars() {
                    open = match (open, c) {
                        (None, '"') => Some('"'),
                        (None, '\'') => Some('\''),
                        (None, '(') => Some(')'),
                        (Some(close), c) if c == close => None,
                        (open, _) => open,
                    };
                }
                inline_content[line] |= open.is_some();
                line += 1;
                if line > line_count {
                    break;
                }
                text = doc.text(doc.line_range(line));
                if is_blank(text) {
                    break;
                }
            }
            after_run = line;
        }
        let bytes = doc.source.as_bytes();
        for line in 1..=line_count {
            let range = doc.line_range(line);
            // Most lines end in neither: told by their last byte.
            if range.is_empty() || !matches!(bytes[range.end - 1], b' ' | b'\t') {
                continue;
            }
            let text = doc.text(range.clone());
            if doc.is_verbatim_line(line) || is_blank(text) {
                continue;
            }
            let kept = text.trim_end_matches([' ', '\t']);
            let trailing = range.start + kept.len()..range.end;
            let whitespace = doc.text(trailing.clone());
            let diagnostic = report.report(trailing.clone(), "trailing whitespace");
            // After a bare list marker, comrak tells a space from none: `- a` then `1. ` starts
            // a list, `1.` goes on with `a`.
            let bare_marker = kept
                .split_whitespace()
                .all(|t| t == ">" || is_bare_marker(t));
            if inline_content[line] || bare_marker {
                // The spaces may be content: reported, for a human to decide.
                continue;
            }
            if space_breaks[line] {
                // A backslash after a backslash would be an escape, not a break; after a bare
                // URL, the autolink would take it into the link; after a `*`, `_` or `~` run,
                // punctuation where there was a space could let the run open emphasis (`e *\`
                // then `x*`).
                let last_word = kept
                    .rsplit(super::inline::ends_bare_url)
                    .next()
                    .unwrap_or(kept);
                let after_url = super::inline::holds_url(last_word);
                let after_delimiter = kept.ends_with(['*', '_', '~']);
                let fix = (!kept.ends_with('\\') && !after_url && !after_delimiter)
                    .then(|| doc.edit(trailing, whitespace, "\\"))
                    .flatten()
                    .and_then(|e| Fix::safe([e]));
                diagnostic.with_fix("Write the hard line break as a backslash", fix);
            } else {
                // A backslash left at the end of the line would be a hard line break.
                let fix = (!kept.ends_with('\\'))
                    .then(|| doc.edit(trailing, whitespace, ""))
                    .flatten()
                    .and_then(|e| Fix::safe([e]));
                diagnostic.with_fix("Remove it", fix);
            }
        }
    }
}
