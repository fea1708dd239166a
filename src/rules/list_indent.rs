use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::layout::{
    ItemLayout, ends_open, final_content_column, has_lazy_lines, item_layout, next_text_indent,
    next_text_line, only_in_lists, parent_content_column, shift_lines,
};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
use crate::document::{Document, Kinds, Node};

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
        let lists: Vec<OffList> = doc
            .nodes_of(Kinds::LIST)
            .filter_map(|node| OffList::new(doc, node))
            .collect();
        // Decided last to first: a list whose next line starts the next list, moving in the
        // same pass, is judged by where that line goes (a run of such lists, each one's last
        // item empty, would otherwise move one list a pass).
        let mut moves: Vec<Option<Move>> = (0..lists.len()).map(|_| None).collect();
        for (index, list) in lists.iter().enumerate().rev() {
            moves[index] = list.moves(doc, |next| {
                // After this list in document order (it follows this list's items).
                let later = index
                    + 1
                    + lists[index + 1..]
                        .iter()
                        .position(|l| std::ptr::eq(l.node, next))?;
                moves[later].is_some().then_some(later)
            });
        }
        // A list that may move only with the next one takes it along: one fix for the run,
        // shared by its lists' diagnostics, so that it is applied whole or not at all.
        // Each list is the next of one list at most, so it is in one run: taken once.
        let mut fixes: Vec<Option<Fix>> = vec![None; lists.len()];
        for start in 0..lists.len() {
            let (mut run, mut edits, mut at) = (Vec::new(), Vec::new(), Some(start));
            while let Some(index) = at {
                let Some(step) = moves[index].take() else {
                    break;
                };
                edits.extend(step.edits);
                run.push(index);
                at = step.with_next;
            }
            let fix = Fix::safe(edits).map(|f| f.shared_by(run.len()));
            for index in run {
                fixes[index] = fix.clone();
            }
        }
        for (list, fix) in lists.iter().zip(fixes) {
            list.report(doc, report, fix);
        }
    }
}

/// The edits of this rule's fix when it moves `list` on its own (not with the next list): for
/// a fix of another rule that needs the list's items at their column, and takes the move along.
pub fn move_alone(doc: &Document, list: Node<'_>) -> Option<Vec<Edit>> {
    Some(OffList::new(doc, list)?.moves(doc, |_| None)?.edits)
}

/// Whether comrak puts every item's marker at the content column of what holds the list (its
/// marker offset, the columns past that column, is 0): most lists, told in place without
/// their items' layouts.
fn in_place_by_offsets(list: Node<'_>) -> bool {
    list.children()
        .all(|item| matches!(&item.data().value, NodeValue::Item(l) if l.marker_offset == 0))
}

/// How a list moves: its edits, and the list (an index) whose move it needs.
struct Move {
    edits: Vec<Edit>,
    with_next: Option<usize>,
}

/// A list whose items are not all at the content column of the item holding it.
struct OffList<'a> {
    node: Node<'a>,
    items: Vec<ItemLayout>,
    /// Where its items belong.
    column: usize,
    /// The first item that is not there.
    first_off: usize,
}

impl<'a> OffList<'a> {
    fn new(doc: &Document, node: Node<'a>) -> Option<Self> {
        if in_place_by_offsets(node) || !only_in_lists(node) {
            return None;
        }
        Self::new_from_layouts(doc, node)
    }

    /// [`Self::new`] of a list in lists only, from its items' layouts.
    fn new_from_layouts(doc: &Document, node: Node<'a>) -> Option<Self> {
        let column = parent_content_column(doc, node)?;
        let layouts = || node.children().map(|i| item_layout(doc, i));
        // Most lists are in place: found so without collecting their items.
        let mut first_off = None;
        for (index, item) in layouts().enumerate() {
            if item?.marker_column != column {
                first_off = first_off.or(Some(index));
            }
        }
        let first_off = first_off?;
        let items: Vec<_> = layouts().collect::<Option<_>>()?;
        Some(OffList {
            node,
            items,
            column,
            first_off,
        })
    }

    /// Moves every item to the column, unless the line after the list would then join its last
    /// item; a line that starts the next list, when that list moves too (to the same column,
    /// left of that item), does not. `moving` gives a list's index when it moves.
    fn moves(
        &self,
        doc: &Document,
        moving: impl FnOnce(Node<'a>) -> Option<usize>,
    ) -> Option<Move> {
        let column = self.column;
        let last = self.items.last().expect("a list has items");
        let stays_out = next_text_indent(doc, last.end_line)
            .is_none_or(|indent| indent < final_content_column(last, column));
        let with_next = if stays_out {
            None
        } else {
            let next = self.node.next_sibling()?;
            let index = moving(next)?;
            if next_text_line(doc, last.end_line) != Some(next.data().sourcepos.start.line) {
                return None;
            }
            Some(index)
        };
        if self.items.iter().any(|i| has_lazy_lines(doc, i)) || self.node.children().any(ends_open)
        {
            return None;
        }
        let mut edits = Vec::new();
        for item in self.items.iter().filter(|i| i.marker_column > column) {
            let shift = item.marker_column - column;
            shift_lines(doc, &mut edits, [item.line], 0, column, shift)?;
            shift_lines(
                doc,
                &mut edits,
                item.line + 1..=item.end_line,
                item.content_column,
                column,
                shift,
            )?;
        }
        Some(Move { edits, with_next })
    }

    fn report(&self, doc: &Document, report: &mut Reporter, fix: Option<Fix>) {
        let column = self.column;
        let item = &self.items[self.first_off];
        let line = doc.line_range(item.line);
        let mut numbers = (itoa::Buffer::new(), itoa::Buffer::new());
        let at = numbers.0.format(item.marker_column);
        let want = numbers.1.format(column);
        let spaces = if item.marker_column == 1 {
            " space"
        } else {
            " spaces"
        };
        let message = if self
            .node
            .parent()
            .is_some_and(|p| matches!(p.data().value, NodeValue::Document))
        {
            ["list item indented ", at, spaces, " at the top level"].concat()
        } else if item.marker_column < column {
            [
                "list item at column ",
                at,
                " is left of its parent's content (column ",
                want,
                ")",
            ]
            .concat()
        } else {
            [
                "nested list item indented ",
                at,
                spaces,
                "; its parent's content starts at column ",
                want,
            ]
            .concat()
        };
        report
            .report(line.start..line.start + item.marker_column + 1, message)
            .with_fix(["Indent the list to column ", want].concat(), fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list told in place by its items' marker offsets is one the layouts put in place: every
    /// text of three items of two kinds, each indented by 0 to 5 spaces or a tab, under a
    /// paragraph or a heading or nothing, in a quote or not.
    #[test]
    fn lists_told_in_place_by_offsets_are_in_place() {
        let indents = ["", " ", "  ", "   ", "    ", "     ", "\t"];
        let (mut told, mut off) = (0, 0);
        for first in ["", "text\n", "# h\n", "> "] {
            for a in indents {
                for b in indents {
                    for c in indents {
                        for marker in ["-", "1."] {
                            let text =
                                format!("{first}{a}{marker} x\n{b}{marker} y\n{c}- z\n   more\n");
                            let arena = comrak::Arena::new();
                            let doc = Document::parse(&arena, &text);
                            for list in doc.nodes_of(Kinds::LIST) {
                                if in_place_by_offsets(list) {
                                    told += 1;
                                    let checked = only_in_lists(list)
                                        .then(|| OffList::new_from_layouts(&doc, list))
                                        .flatten();
                                    assert!(checked.is_none(), "{text:?}");
                                } else {
                                    off += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(told > 1000 && off > 1000, "{told} told in place, {off} not");
    }
}
