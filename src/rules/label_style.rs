use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds, plain_text};

declare_rule! {
    /// ## What it does
    /// Checks that labelled bullets write their label bold with the colon inside the bold,
    /// `- **Description:** ...`, and fixes `**Description**:`, `__Description:__` and a plain
    /// `Description:`.
    ///
    /// Only the configured labels are checked, in any case, at the start of a list item.
    /// The fix keeps the label's own text and case; only the bold markup and the colon move.
    /// A label broken over two lines is reported without a fix (rewritten on one line, its
    /// line break would become a space), and so is one right before a `*` (`Description:*x*`:
    /// the closing `**` would join that `*` and pair otherwise) or a `~` (before which the
    /// parser does not close the bold).
    ///
    /// ## Why is this bad?
    /// The topic template writes `- **Description:**`, and readers scan the archive for those
    /// bold labels. Three spellings of one label make the notes look unreviewed and defeat
    /// searching for `**Description:**`.
    ///
    /// ## Example
    /// ```markdown
    /// - **Description**: how sharing between users should work
    /// - Participating: Min, Erik
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - **Description:** how sharing between users should work
    /// - **Participating:** Min, Erik
    /// ```
    ///
    /// ## Options
    /// - `labels` (list of strings): the labels checked. Default: `Description`,
    ///   `Participating`, `Assigned to room number`.
    pub struct LabelStyle {
        options: Options,
        /// The bytes of the longest label.
        longest: usize,
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub labels: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            labels: ["Description", "Participating", "Assigned to room number"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl Configurable for LabelStyle {
    type Options = Options;
    fn new(options: Options) -> Self {
        LabelStyle {
            longest: options.labels.iter().map(String::len).max().unwrap_or(0),
            options,
        }
    }
}

impl Rule for LabelStyle {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for node in doc.nodes_in_window(Kinds::ITEM) {
            let Some(paragraph) = node
                .first_child()
                .filter(|p| matches!(p.data().value, NodeValue::Paragraph))
            else {
                continue;
            };
            let Some(first) = paragraph.first_child() else {
                continue;
            };
            let Some(found) = self.label_form(doc, first, doc.node_start(first)) else {
                continue;
            };
            let (range, label) = found;
            // `**Label:**` only closes before a space, punctuation or the end of the line.
            let next = doc.source[range.end..].chars().next();
            if next.is_some_and(|c| !c.is_whitespace() && !c.is_ascii_punctuation()) {
                continue;
            }
            let wanted = format!("**{label}:**");
            // A label broken over two lines is one line once rewritten: its line break would
            // become a space on the page. Before a `*`, the closing `**` would join its run
            // (`***`) and pair otherwise; before a `~` (strikethrough's delimiter) comrak does
            // not close it. Both reported without a fix.
            let one_line = !doc.text(range.clone()).contains(['\n', '\r']);
            let fix = (one_line && !matches!(next, Some('*' | '~')))
                .then(|| doc.edit(range.clone(), doc.text(range.clone()), wanted.clone()))
                .flatten()
                .and_then(|e| Fix::safe([e]));
            report
                .report(
                    range.clone(),
                    format!("label `{}` is not written `{wanted}`", doc.text(range)),
                )
                .with_fix(format!("Write it as `{wanted}`"), fix);
        }
    }
}

impl LabelStyle {
    /// The source range of a label in a wrong form at the start of an item, and the label's
    /// text as written.
    fn label_form(
        &self,
        doc: &Document,
        first: crate::document::Node<'_>,
        start: usize,
    ) -> Option<(std::ops::Range<usize>, String)> {
        let source = &doc.source[start..];
        let known = |text: &str| {
            self.options
                .labels
                .iter()
                .any(|l| l.eq_ignore_ascii_case(text.trim()))
        };
        match &first.data().value {
            NodeValue::Strong => {
                let inner = plain_text(first);
                let strong = doc.node_range(first);
                let marker = &doc.source[strong.start..strong.start + 2];
                // Only a label of text: raw HTML or code inside (`ro<l>om`) is not in the
                // plain text, and the rewrite would drop it.
                let text_only = first.descendants().skip(1).all(|n| {
                    matches!(
                        n.data().value,
                        NodeValue::Text(_) | NodeValue::SoftBreak | NodeValue::LineBreak
                    )
                });
                if !text_only {
                    return None;
                }
                if let Some(label) = inner.strip_suffix(':') {
                    // `**Label:**` is right; `__Label:__` renders the same but is not the
                    // convention.
                    return (marker == "__" && known(label) && simple(label))
                        .then(|| (strong, label.trim().to_string()));
                }
                let after = &doc.source[strong.end..];
                (known(&inner) && simple(&inner) && after.starts_with(':'))
                    .then(|| (strong.start..strong.end + 1, inner.trim().to_string()))
            }
            NodeValue::Text(text) => {
                // A label is as long as a known one (compared byte for byte but for case,
                // with no space around it): its `:` is looked for there, not along the line.
                let head = &text.as_bytes()[..text.len().min(self.longest + 1)];
                let label = &text[..memchr::memchr(b':', head)?];
                // The label is the text's start, written as is in the source (no escapes).
                (known(label) && simple(label) && source.starts_with(&format!("{label}:")))
                    .then(|| (start..start + label.len() + 1, label.to_string()))
            }
            _ => None,
        }
    }
}

/// A label that can be put between `**` as it is: letters, digits and spaces.
fn simple(label: &str) -> bool {
    !label.trim().is_empty()
        && label.trim() == label
        && label.chars().all(|c| c.is_alphanumeric() || c == ' ')
}
