use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::blocks::remove_lines;
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::Document;

declare_rule! {
    /// ## What it does
    /// Finds list items with no content: a bullet (or number) and nothing after it, and
    /// removes them.
    ///
    /// An unchecked task (`- [ ]`) is not empty. The first item of a numbered list is reported
    /// without a fix (the next item would set the list's start number).
    ///
    /// ## Why is this bad?
    /// An empty bullet renders as a stray dot. In the notes it is what is left of a line the
    /// note-taker opened in the pad and never wrote.
    ///
    /// ## Example
    /// ```markdown
    /// - Issues:
    ///   - run code near the data
    ///   -
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - Issues:
    ///   - run code near the data
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct EmptyItem;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for EmptyItem {
    type Options = Options;
    fn new(_: Options) -> Self {
        EmptyItem
    }
}

impl Rule for EmptyItem {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for node in &doc.nodes {
            if !matches!(node.data().value, NodeValue::Item(_)) || node.first_child().is_some() {
                continue;
            }
            let fix = remove_lines(doc, node).and_then(|e| Fix::safe(vec![e]));
            report
                .report(doc.node_range(node), "empty list item")
                .with_fix("Remove the empty item", fix);
        }
    }
}
