use comrak::nodes::{ListType, NodeValue};
use serde::Deserialize;

use super::layout::{
    ends_open, final_content_column, has_lazy_lines, item_layout, next_text_indent, only_in_lists,
    parent_content_column, shift_lines, spaces, tab_before_text,
};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Fix, counted};
use crate::document::{Document, Kinds};

declare_rule! {
    /// ## What it does
    /// Checks that a list marker is followed by exactly one space (`- x`, not `-   x`).
    ///
    /// The fix removes the extra spaces, and moves the item's other lines (its continuation
    /// lines and nested lists) left by as many columns, so they stay inside the item exactly
    /// as before. When the next item is indented far enough to join it (`*  x` then `  * y`,
    /// items of one list), the fix also moves the list's items to the list's column, as
    /// `list-indent` does (the two fixes' edits are the same, and made once). There is no fix
    /// when it would change what belongs to the item otherwise: when the line after the list
    /// is indented far enough to join it (`list-indent` fixes that first), or when the item's
    /// lines are indented with tabs (or its first line has a tab after a nested marker,
    /// `-    * <tab>x`, whose width the move would change). Five or more spaces make the
    /// content an indented code block, and items in block quotes are not checked.
    ///
    /// ## Why is this bad?
    /// Pad and pandoc exports write `-   x`; mdformat writes `- x`. The extra spaces push the
    /// item's content column right, which makes nested lists and continuation lines
    /// confusing to indent by hand.
    ///
    /// ## Example
    /// ```markdown
    /// -   Min / @minrk
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
    pub struct MarkerSpace;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for MarkerSpace {
    type Options = Options;
    fn new(_: Options) -> Self {
        MarkerSpace
    }
}

/// Whether a bullet item's padding (comrak's: the marker's width and the spaces after it) is
/// two or less: one space at most (most items), told without the item's layout.
fn one_space_at_most(item: crate::document::Node<'_>) -> bool {
    matches!(&item.data().value, NodeValue::Item(list)
        if list.list_type == ListType::Bullet && list.padding <= 2)
}

impl Rule for MarkerSpace {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for node in doc.nodes_in_window(Kinds::ITEM) {
            if one_space_at_most(node) {
                continue;
            }
            let Some(item) = item_layout(doc, node) else {
                continue;
            };
            let marker_width = item.marker.end - item.marker.start;
            // More than four spaces: the content is an indented code block, not text.
            if item.spaces < 2
                || item.content_column != item.marker_column + marker_width + item.spaces
            {
                continue;
            }
            let extra = item.spaces - 1;
            let spaces_range = item.marker.end + 1..item.marker.end + item.spaces;
            let list = node.parent();
            let list_column = list.and_then(|l| parent_content_column(doc, l));
            let new_content = item.content_column - extra;
            // What follows must stay outside the item: the next item, or the first line after
            // the list (which must also stay outside once `list-indent` moves the list).
            // The next item must stay out of it too. When it would join the item, `list-indent`
            // moves the list's items to the list's column, where this one is and the next stays
            // out: the fix makes that move too (the same edits, made once with that rule's).
            let mut list_move = None;
            let next_ok = match node.next_sibling() {
                Some(next) => {
                    item_layout(doc, next).is_some_and(|n| n.marker_column < new_content) || {
                        list_move = list
                            .filter(|_| list_column == Some(item.marker_column))
                            .and_then(|list| super::list_indent::move_alone(doc, list))
                            .filter(|edits| !edits.is_empty());
                        list_move.is_some()
                    }
                }
                None => match (next_text_indent(doc, item.end_line), list_column) {
                    (None, _) => true,
                    (Some(indent), Some(column)) => {
                        indent < final_content_column(&item, column).min(new_content)
                    }
                    (Some(_), None) => false,
                },
            };
            // A tab after a nested marker on the first line (`-    * \tx`) moves with it and
            // reaches another tab stop: the nested item's content could become code.
            let rest = doc.text(spaces_range.end..doc.line_range(item.line).end);
            let title = if list_move.is_some() {
                "Use one space, move the item's lines with it and the list's items to its column"
            } else {
                "Use one space, and move the item's lines with it"
            };
            let fix = (next_ok
                && !tab_before_text(rest)
                && only_in_lists(node)
                && list_column.is_some()
                && !has_lazy_lines(doc, &item)
                && !ends_open(node))
            .then(|| {
                // The marker's spaces, and one edit a line after the first (most items have
                // one line: their fix is made without a list).
                let marker = doc.edit(spaces_range.clone(), &spaces(extra), "")?;
                if item.end_line <= item.line && list_move.is_none() {
                    return Fix::safe([marker]);
                }
                let mut edits = list_move.take().unwrap_or_default();
                edits.reserve(item.end_line - item.line + 1);
                shift_lines(
                    doc,
                    &mut edits,
                    item.line + 1..=item.end_line,
                    item.content_column,
                    item.content_column - extra,
                    extra,
                )?;
                edits.push(marker);
                Fix::safe(edits)
            })
            .flatten();
            report
                .report(
                    item.marker.start..item.marker.end + item.spaces,
                    counted!(item.spaces, " spaces after the list marker"),
                )
                .with_fix(title, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An item told by its padding has no layout, or one the rule passes over: markers with
    /// indentation, spaces and tabs of every kind, and content or none.
    #[test]
    fn an_item_told_by_its_padding_is_passed_over() {
        let mut told = 0;
        for indent in ["", " ", "   ", "    "] {
            for marker in ["-", "*", "+", "1.", "10)"] {
                for spaces in ["", " ", "  ", "   ", "     ", "      ", "\t", " \t", "  \t"] {
                    for content in ["x", "", "- y", "    z"] {
                        let text = format!("{indent}{marker}{spaces}{content}\nnext\n");
                        let arena = comrak::Arena::new();
                        let doc = Document::parse(&arena, &text);
                        for item in doc.nodes_of(Kinds::ITEM).filter(|&i| one_space_at_most(i)) {
                            told += 1;
                            let passed_over = item_layout(&doc, item).is_none_or(|l| {
                                l.spaces < 2
                                    || l.content_column
                                        != l.marker_column + l.marker.len() + l.spaces
                            });
                            assert!(passed_over, "{text:?}");
                        }
                    }
                }
            }
        }
        assert!(told > 50, "{told} items told by their padding");
    }
}
