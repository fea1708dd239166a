use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::layout::is_blank;
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds};

declare_rule! {
    /// ## What it does
    /// Checks that the file ends with exactly one line ending: not none, and no blank (or
    /// whitespace-only) lines after the last line of text.
    ///
    /// The line ending added is the file's own (`\r\n` in a CRLF file). Blank lines that are
    /// part of a code block left open at the end of the file are code, and are kept. No line
    /// ending is added after a last line that would then read differently (a bare `1.` becomes
    /// an empty list item, a `<ul` an HTML block): reported without a fix.
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
        // A code block left open at the end owns the line endings after it: adding or removing
        // one changes the code. A fence left open in a list item ends, by comrak's position,
        // on its fence line: any open fence keeps the file as it is.
        let in_open_code = doc
            .nodes_of_each(Kinds::CODE_BLOCK | Kinds::HTML_BLOCK)
            .any(|n| match &n.data().value {
                value @ NodeValue::CodeBlock(_) => {
                    super::blocks::is_open_fence(value)
                        || (doc.node_range(n).end >= text_end
                            && n.data().sourcepos.end.line > last_line)
                }
                // So does an HTML block that ends only at its marker (`-->`...), left open.
                NodeValue::HtmlBlock(html) => {
                    doc.node_range(n).end >= text_end && super::blocks::html_block_left_open(html)
                }
                _ => false,
            });
        if in_open_code {
            return;
        }
        if tail.is_empty() {
            // Not where the line ending would change what the last line is (`1.`, `<p`).
            let fix = (!super::blocks::ending_would_change_last_line(doc))
                .then(|| doc.edit(line_end..line_end, "", ending))
                .flatten()
                .and_then(|e| Fix::safe([e]));
            report
                .report(line_end..line_end, "no line ending at the end of the file")
                .with_fix("Add a final line ending", fix);
            return;
        }
        // Keep the last line's own ending (`\n`, `\r\n` or a lone `\r`).
        let first_ending = match tail.as_bytes() {
            [b'\r', b'\n', ..] => 2,
            [b'\r' | b'\n', ..] => 1,
            _ => 0,
        };
        let keep = line_end + first_ending;
        let fix = doc
            .edit(keep..source.len(), &source[keep..], "")
            .and_then(|e| Fix::safe([e]));
        let endings =
            tail.matches('\n').count() + tail.matches('\r').count() - tail.matches("\r\n").count();
        let lines = endings.saturating_sub(1);
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
