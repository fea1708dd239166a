use std::collections::HashSet;

use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::document::{Document, Kinds, has_ancestor};

declare_rule! {
    /// ## What it does
    /// Finds footnote references (`[^x]`) with no definition (`[^x]: ...`), and footnote
    /// definitions that no reference uses.
    ///
    /// The parser turns a reference with no definition into plain text, so references are
    /// found in the source of the text (not in code spans, code blocks or HTML, and not when
    /// the bracket is escaped, `\[^x]`). Labels match without regard to case, as footnote
    /// labels do. There is no fix: only the author knows what the note should say.
    ///
    /// ## Why is this bad?
    /// The docs site is built with warnings as errors: an undefined footnote, or one defined
    /// and never referenced, fails the build. On the page, an undefined one shows as a stray
    /// `[^x]` in the text.
    ///
    /// ## Example
    /// ```markdown
    /// - Binder had 250 concurrent users[^peak]
    ///
    /// [^weekday]: on a regular week day
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - Binder had 250 concurrent users[^peak]
    ///
    /// [^peak]: on a regular week day
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct UndefinedFootnote;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for UndefinedFootnote {
    type Options = Options;
    fn new(_: Options) -> Self {
        UndefinedFootnote
    }
}

/// The label of a `[^label]` at the start of `text`, and the length of the whole reference.
fn reference(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix("[^")?;
    let end = rest.find(']')?;
    let label = &rest[..end];
    (!label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '['))
        .then_some((label, end + 3))
}

impl Rule for UndefinedFootnote {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        // References and definitions alike start `[^`: most files have none.
        if !doc.may_hold_footnotes() {
            return;
        }
        // Definitions the parser kept are the ones some reference uses.
        let used: HashSet<String> = doc
            .nodes_of(Kinds::FOOTNOTE_DEFINITION)
            .filter_map(|n| match &n.data().value {
                NodeValue::FootnoteDefinition(d) => Some(d.name.to_lowercase()),
                _ => None,
            })
            .collect();
        let mut defined = used.clone();
        // The parser drops unused definitions from the tree: find them in the source.
        for line in 1..=doc.lines.line_count(doc.source) {
            let range = doc.line_range(line);
            let text = doc.text(range.clone());
            let trimmed = text.trim_start_matches([' ', '-', '*', '>']);
            let at = range.start + (text.len() - trimmed.len());
            let Some((label, len)) = reference(trimmed) else {
                continue;
            };
            if doc.is_verbatim_line(line) || !trimmed[len..].starts_with(':') {
                continue;
            }
            defined.insert(label.to_lowercase());
            if !used.contains(&label.to_lowercase()) && !self.in_text_node(doc, at) {
                report
                    .report(
                        at..at + len + 1,
                        format!("footnote `[^{label}]` is defined but never referenced"),
                    )
                    .fix_title = Some("Reference it, or remove the definition".into());
            }
        }
        for node in doc.nodes_of(Kinds::TEXT) {
            if has_ancestor(node, |v| {
                matches!(v, NodeValue::Link(_) | NodeValue::Image(_))
            }) {
                continue;
            }
            let range = doc.node_range(node);
            let source = doc.text(range.clone());
            for (i, _) in source.match_indices("[^") {
                let backslashes = source[..i]
                    .bytes()
                    .rev()
                    .take_while(|&b| b == b'\\')
                    .count();
                let Some((label, len)) = reference(&source[i..]) else {
                    continue;
                };
                if backslashes % 2 == 1 || source[i + len..].starts_with(':') {
                    continue;
                }
                if !defined.contains(&label.to_lowercase()) {
                    let at = range.start + i;
                    report
                        .report(
                            at..at + len,
                            format!("footnote `[^{label}]` has no definition"),
                        )
                        .fix_title = Some(format!("Add a definition: `[^{label}]: ...`").into());
                }
            }
        }
    }
}

impl UndefinedFootnote {
    /// Whether `offset` is inside a text node: a `[^x]:` there is a reference followed by a
    /// colon in a sentence, not a definition.
    fn in_text_node(&self, doc: &Document, offset: usize) -> bool {
        doc.nodes_of(Kinds::TEXT)
            .any(|n| doc.node_range(n).contains(&offset))
    }
}
