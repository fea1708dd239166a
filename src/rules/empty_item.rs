use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::blocks::{between_lists, remove_lines};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds};

declare_rule! {
    /// ## What it does
    /// Finds list items with no content: a bullet (or number) and nothing after it, and
    /// removes them.
    ///
    /// An unchecked task (`- [ ]`) is not empty, nor is an item holding only a link reference
    /// definition (`- [x]: /url`, which leaves no node either: removing it would unlink the
    /// references to it). The first item of a numbered list is reported without a fix (the
    /// next item would set the list's start number). A run of empty items goes in one pass;
    /// a list of nothing but empty items between two other lists keeps its last one (without
    /// it, the two lists would join).
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
        for node in doc.nodes_in_window(Kinds::ITEM) {
            if node.first_child().is_some()
                || !super::layout::is_bare_marker(doc.text(doc.node_range(node)))
            {
                continue;
            }
            // The lines after it must not have been indented relative to it: without it they
            // would attach elsewhere.
            let next_stays = super::layout::item_layout(doc, node).is_some_and(|item| {
                super::layout::next_text_indent(doc, item.end_line)
                    .is_none_or(|indent| indent <= item.marker_column)
                    && !lazy_after(doc, node, item.end_line)
            });
            let fix = (next_stays && !after_bare_marker_or_blank_line(doc, node))
                .then(|| remove_lines(doc, node))
                .flatten()
                .and_then(Fix::safe);
            report
                .report(doc.node_range(node), "empty list item")
                .with_fix("Remove the empty item", fix);
        }
    }
}

/// Whether the line above the item is a bare list marker (`-`, `*`, `1.`) opening its parent:
/// without the item, the parent would start with a blank line and end there, and the lists
/// after it would leave it. Or a blank line: in a tight list, only a blank line that is not
/// between two blocks can be there (`-`, a blank line, then `  -`); without the item, it would
/// separate the items around it and make their list loose.
fn after_bare_marker_or_blank_line(doc: &Document, item: crate::document::Node<'_>) -> bool {
    let line = item.data().sourcepos.start.line;
    line > 1 && {
        let above = doc.text(doc.line_range(line - 1));
        super::layout::is_bare_marker(above) && !after_empty_sibling(doc, item)
            || super::layout::is_blank(above)
    }
}

/// Whether the line above the item is the item before it, empty too, with its marker no
/// further left: that marker is not the parent's, and the lines after the item, which must
/// be indented no further than the item's marker, stay out of it once the item is gone. So a
/// run of empty items goes in one pass, not one item a pass (ten of them did not converge).
/// But for the last item of a list of empty items between two other lists: the list, gone
/// whole, would join them.
fn after_empty_sibling(doc: &Document, item: crate::document::Node<'_>) -> bool {
    let line = item.data().sourcepos.start.line;
    let list_keeps_an_item = item.parent().is_some_and(|list| {
        item.next_sibling().is_some()
            || list.children().any(|i| i.first_child().is_some())
            || !between_lists(list)
    });
    list_keeps_an_item
        && item.previous_sibling().is_some_and(|previous| {
            let column = |n| super::layout::item_layout(doc, n).map(|l| l.marker_column);
            previous.first_child().is_none()
                && previous.data().sourcepos.start.line + 1 == line
                && matches!((column(previous), column(item)), (Some(a), Some(b)) if a >= b)
        })
}

/// Whether the line right after `line` is text that would continue the previous item's
/// paragraph once the empty item between them is gone. A marker starts an item only within
/// three columns of the content of a container it is inside: `      - x` after items whose
/// content starts at column 7 is text at the document level, and lazy.
fn lazy_after(doc: &Document, item: crate::document::Node<'_>, line: usize) -> bool {
    if line >= doc.lines.line_count(doc.source) {
        return false;
    }
    let text = doc.text(doc.line_range(line + 1));
    // Indentation is spaces and tabs: a line that starts with another whitespace char
    // (`\v`, a no-break space) is text.
    let next = text.trim_start_matches([' ', '\t']);
    if next.is_empty() {
        return false;
    }
    let starts_item = super::layout::is_bare_marker(next)
        || ["- ", "* ", "+ "].iter().any(|m| next.starts_with(m))
        || next.split_once(['.', ')']).is_some_and(|(n, rest)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
        });
    let lead = &text[..text.len() - next.len()];
    if !starts_item || lead.contains('\t') || !super::layout::only_in_lists(item) {
        return true;
    }
    let indent = super::layout::indent(text);
    let containers: Option<Vec<usize>> = item
        .ancestors()
        .skip(1)
        .filter(|a| matches!(a.data().value, NodeValue::Item(_)))
        .map(|a| super::layout::item_layout(doc, a).map(|layout| layout.content_column))
        .collect();
    let Some(containers) = containers else {
        return true;
    };
    let container_column = containers.into_iter().find(|&c| c <= indent).unwrap_or(0);
    indent - container_column >= 4
}
