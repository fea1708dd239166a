use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::layout::is_blank;
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::Document;

declare_rule! {
    /// ## What it does
    /// Checks that the file ends with exactly one line ending: not none, and no blank (or
    /// whitespace-only) lines after the last line of text.
    ///
    /// The line ending added is the file's own (`\r\n` in a CRLF file). Blank lines that are
    /// part of a code block left open at the end of the file are code, and are kept.
    ///
    /// ## Why is this bad?
    /// A missing final newline shows as a change on the last line of every diff that appends
    /// below it; trailing blank lines are noise that mdformat removes, so the two tools would
    /// keep rewriting the end of the file.
    ///
    /// ## Example
    /// ```markdown
    /// - the last note
    ///
    ///
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - the last note
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct FinalNewline;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for FinalNewline {
    type Options = Options;
    fn new(_: Options) -> Self {
        FinalNewline
    }
}

impl Rule for FinalNewline {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let source = doc.source;
        if is_blank(source) {
            return;
        }
        // The end of the last line with text on it.
        let text_end = source.trim_end_matches([' ', '\t', '\r', '\n']).len();
        let last_line = doc.line_of(text_end.saturating_sub(1));
        let line_end = doc.line_range(last_line).end;
        let ending = doc.line_ending;
        let tail = &source[line_end..];
        if tail == ending || (tail == "\n" && ending == "\r\n" && !source.ends_with("\r\n")) {
            return;
        }
        if tail.is_empty() {
            let fix = doc
                .edit(line_end..line_end, "", ending)
                .and_then(|e| Fix::safe(vec![e]));
            report
                .report(line_end..line_end, "no line ending at the end of the file")
                .with_fix("Add a final line ending", fix);
            return;
        }
        // An open code block at the end owns the blank lines after it.
        let in_open_code = doc.nodes.iter().any(|n| {
            matches!(n.data().value, NodeValue::CodeBlock(_))
                && doc.node_range(n).end >= text_end
                && n.data().sourcepos.end.line > last_line
        });
        if in_open_code {
            return;
        }
        let keep = line_end + tail.find('\n').map_or(0, |i| i + 1);
        let fix = doc
            .edit(keep..source.len(), &source[keep..], "")
            .and_then(|e| Fix::safe(vec![e]));
        let lines = tail.matches('\n').count().saturating_sub(1);
        report
            .report(
                keep..source.len(),
                match lines {
                    0 => "whitespace after the final line ending".to_string(),
                    1 => "a blank line at the end of the file".to_string(),
                    n => format!("{n} blank lines at the end of the file"),
                },
            )
            .with_fix("Remove them", fix);
    }
}
