//! Renders one file's diagnostics in each output format. Every file is rendered into its own
//! buffer (in parallel), and the buffers are printed in path order.
//!
//! The JSON format is an array of objects, one per diagnostic, stable across releases:
//!
//! ```json
//! {"file": "notes.md", "rule": "bare-url", "severity": "error",
//!  "message": "bare URL `https://x.org`",
//!  "start": {"line": 3, "column": 5, "offset": 20}, "end": {"line": 3, "column": 18, "offset": 33},
//!  "fix": {"title": "Wrap it in `<...>`", "applicability": "safe",
//!          "edits": [{"start": {...}, "end": {...}, "replacement": "<"}]}}
//! ```
//!
//! `line` and `column` are 1-based, columns count characters, `offset` counts bytes of the file
//! (a BOM included); `end` is exclusive; `fix` is `null` when there is none.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use serde_json::json;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Code frames with the fix as help.
    Full,
    /// One `path:line:col: rule message` line each.
    Concise,
    /// A JSON array (documented in the README).
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
}

/// Lines longer than this (in bytes) get no code frame in the full format.
const MAX_FRAMED_LINE: usize = 1000;

/// One file's text and diagnostics, ready to render.
pub struct FileDiagnostics<'a> {
    pub path: &'a str,
    pub text: &'a str,
    /// Bytes before `text` in the file (a BOM), for JSON offsets.
    pub offset: usize,
    pub diagnostics: &'a [Diagnostic],
    /// The lines of `text`, as its parse indexed them.
    pub lines: &'a LineIndex,
}

impl FileDiagnostics<'_> {
    /// The diagnostics in `format`; JSON objects are comma-separated, without the array brackets.
    pub fn render(&self, format: Format, color: bool) -> String {
        if self.diagnostics.is_empty() {
            return String::new();
        }
        let lines = self.lines;
        let mut out = String::new();
        match format {
            Format::Full => self.render_full(&mut out, color),
            Format::Concise => {
                // `path:line:col: rule message [*]`, a piece at a time: formatting with
                // `writeln!` cost more than the rest of the line's making (files with
                // hundreds of problems are common before a first fix).
                out.reserve(self.diagnostics.len() * (self.path.len() + 80));
                let mut decimal = itoa::Buffer::new();
                let mut line_hint = 0;
                for d in self.diagnostics {
                    let (line, col) = lines.line_col_from(self.text, d.range.start, &mut line_hint);
                    out.push_str(self.path);
                    out.push(':');
                    out.push_str(decimal.format(line));
                    out.push(':');
                    out.push_str(decimal.format(col));
                    out.push_str(": ");
                    out.push_str(d.rule);
                    out.push(' ');
                    out.push_str(&d.message);
                    if d.fix.is_some() {
                        out.push_str(" [*]");
                    }
                    out.push('\n');
                }
            }
            Format::Json => {
                let objects: Vec<String> = self
                    .diagnostics
                    .iter()
                    .map(|d| self.json(d).to_string())
                    .collect();
                out.push_str(&objects.join(",\n"));
            }
            Format::Github => {
                for d in self.diagnostics {
                    let (line, col) = lines.line_col(self.text, d.range.start);
                    let (end_line, end_col) = lines.line_col(self.text, d.range.end);
                    let kind = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    out.push_str(&format!(
                        "::{kind} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                        escape_property(self.path),
                        escape_property(&format!("cafe-lint({})", d.rule)),
                        escape_data(&d.message),
                    ));
                }
            }
        }
        out
    }

    fn json(&self, d: &Diagnostic) -> serde_json::Value {
        let lines = self.lines;
        let position = |offset: usize| {
            let (line, column) = lines.line_col(self.text, offset);
            json!({"line": line, "column": column, "offset": offset + self.offset})
        };
        let fix = d.fix.as_ref().map(|f| {
            json!({
                "title": d.fix_title,
                "applicability": f.applicability,
                "edits": f.edits.iter().map(|e| json!({
                    "start": position(e.range.start),
                    "end": position(e.range.end),
                    "replacement": e.replacement,
                })).collect::<Vec<_>>(),
            })
        });
        json!({
            "file": self.path,
            "rule": d.rule,
            "severity": d.severity.as_str(),
            "message": d.message,
            "start": position(d.range.start),
            "end": position(d.range.end),
            "fix": fix,
        })
    }

    fn render_full(&self, out: &mut String, color: bool) {
        let lines = self.lines;
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
        let source = NamedSource::new(self.path, self.text.to_string());
        for d in self.diagnostics {
            // A code frame of a very long line would print all of it, and past 65,535 columns
            // miette panics: such a diagnostic is shown the concise way, with its help.
            let line = lines.line_of(d.range.start.min(self.text.len()));
            if lines.line_range(self.text, line).len() > MAX_FRAMED_LINE {
                let (line, col) = lines.line_col(self.text, d.range.start);
                out.push_str(&format!(
                    "{}:{line}:{col}: {} {}\n",
                    self.path, d.rule, d.message
                ));
                if let Some(title) = &d.fix_title {
                    out.push_str(&format!("  help: {title}\n"));
                }
                continue;
            }
            let shown = Shown {
                diagnostic: d,
                source: &source,
            };
            if handler.render_report(out, &shown).is_err() {
                out.push_str(&format!("{}: {} {}\n", self.path, d.rule, d.message));
            }
        }
    }
}

/// A diagnostic as miette sees it.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let title = self.diagnostic.fix_title.as_ref()?;
        Some(Box::new(title))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let r = &self.diagnostic.range;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, r.start..r.end),
        )))
    }
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
