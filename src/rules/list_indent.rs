use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::layout::{
    ends_open, final_content_column, has_lazy_lines, item_layout, next_text_indent, only_in_lists,
    parent_content_column, shift_lines,
};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds};

declare_rule! {
    /// ## What it does
    /// Checks that a list's items start at the content column of the item they are nested in
    /// (column 0 for a list at the top level): two spaces under `- `, three under `1. `.
    ///
    /// The list is found from the parsed document, so it is fixed as it renders: an item
    /// indented 4 spaces under `- x` is nested and moves to 2; an item indented 2 spaces under
    /// `-   x` (content at 4) is not nested, it renders as the next item of the same list,
    /// and moves to 0. The fix moves every line of each item (its continuation lines and
    /// nested lists) by the same number of columns, so what belongs to the item does not
    /// change. There is no fix when the line after the list would join its last item, or when
    /// lines are indented with tabs. Lists in block quotes are not checked.
    ///
    /// ## Why is this bad?
    /// Indentation that does not match the structure misleads: a reader (and the next
    /// note-taker) sees nesting where the page has none, or the reverse. mdformat writes
    /// nested items at their parent's content column; the archive's humans re-indented 4 to 2
    /// by hand.
    ///
    /// ## Example
    /// ```markdown
    /// - Min / @minrk
    ///     - Simula
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - Min / @minrk
    ///   - Simula
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct ListIndent;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for ListIndent {
    type Options = Options;
    fn new(_: Options) -> Self {
        ListIndent
    }
}

impl Rule for ListIndent {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for node in doc.nodes_of(Kinds::LIST) {
            if !only_in_lists(node) {
                continue;
            }
            let Some(column) = parent_content_column(doc, node) else {
                continue;
            };
            let items: Option<Vec<_>> = node.children().map(|i| item_layout(doc, i)).collect();
            let Some(items) = items else {
                continue;
            };
            let Some(first_off) = items.iter().position(|i| i.marker_column != column) else {
                continue;
            };
            let last = items.last().expect("a list has items");
            let after_ok = next_text_indent(doc, last.end_line)
                .is_none_or(|indent| indent < final_content_column(last, column))
                && !items.iter().any(|i| has_lazy_lines(doc, i))
                && !node.children().any(ends_open);
            let fix = after_ok
                .then(|| {
                    let mut edits = Vec::new();
                    for item in items.iter().filter(|i| i.marker_column > column) {
                        let shift = item.marker_column - column;
                        edits.extend(shift_lines(doc, [item.line], 0, column, shift)?);
                        edits.extend(shift_lines(
                            doc,
                            item.line + 1..=item.end_line,
                            item.content_column,
                            column,
                            shift,
                        )?);
                    }
                    Some(edits)
                })
                .flatten()
                .and_then(Fix::safe);
            let item = &items[first_off];
            let line = doc.line_range(item.line);
            let message = if node
                .parent()
                .is_some_and(|p| matches!(p.data().value, NodeValue::Document))
            {
                format!(
                    "list item indented {} at the top level",
                    n_spaces(item.marker_column)
                )
            } else if item.marker_column < column {
                format!(
                    "list item at column {} is left of its parent's content (column {column})",
                    item.marker_column
                )
            } else {
                format!(
                    "nested list item indented {}; its parent's content starts at column {column}",
                    n_spaces(item.marker_column)
                )
            };
            report
                .report(line.start..line.start + item.marker_column + 1, message)
                .with_fix(format!("Indent the list to column {column}"), fix);
        }
    }
}

fn n_spaces(n: usize) -> String {
    if n == 1 {
        "1 space".to_string()
    } else {
        format!("{n} spaces")
    }
}
