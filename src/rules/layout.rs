//! Line-level facts shared by the formatting rules: which lines are verbatim (code or HTML
//! blocks, never touched), and where a list item's marker and content sit.

use std::ops::Range;

use comrak::nodes::{ListType, NodeValue};

use crate::document::{Document, Node};

/// Whether a line holds only spaces and tabs (or nothing).
pub fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b == b'\t')
}

/// The number of leading spaces of a line (tabs stop the count: the rules do not fix lines
/// indented with tabs, whose columns depend on tab stops).
pub fn indent(text: &str) -> usize {
    text.bytes().take_while(|&b| b == b' ').count()
}

/// The column a line's text starts at: a space takes one column, a tab reaches the next
/// multiple of four. Whether a line is inside an item is a question of columns: counting only
/// spaces, `\t  x` (column 6) looked less indented than an item's content at column 3.
pub fn indent_column(text: &str) -> usize {
    let mut column = 0;
    for b in text.bytes() {
        match b {
            b' ' => column += 1,
            b'\t' => column += 4 - column % 4,
            _ => break,
        }
    }
    column
}

/// Where a list item's marker and content are, in bytes and columns of its first line.
#[derive(Debug, Clone)]
pub struct ItemLayout {
    /// The item's first line (1-based).
    pub line: usize,
    /// Column (= bytes: only spaces before it) of the marker.
    pub marker_column: usize,
    /// The marker's bytes: `-`, `*`, `+`, `1.`, `12)`.
    pub marker: Range<usize>,
    /// Spaces between the marker and the content, when the content starts on the marker line.
    pub spaces: usize,
    /// Column where the item's content starts (where continuation lines must be indented to).
    pub content_column: usize,
    /// The item's last line.
    pub end_line: usize,
}

/// The layout of a list item, or `None` when its first line is not plain spaces + marker
/// (tabs, or an item that does not start its line, such as `> - x` or `- - x`).
pub fn item_layout(doc: &Document, item: Node<'_>) -> Option<ItemLayout> {
    let NodeValue::Item(list) = item.data().value else {
        return None;
    };
    let pos = item.data().sourcepos;
    let start = doc.node_start(item);
    let line_range = doc.line_range(pos.start.line);
    let before = doc.text(line_range.start..start);
    if !before.bytes().all(|b| b == b' ') {
        return None;
    }
    let marker_len = match list.list_type {
        ListType::Bullet => 1,
        ListType::Ordered => {
            let digits = doc.text(start..line_range.end);
            digits.bytes().take_while(u8::is_ascii_digit).count() + 1
        }
    };
    let marker = start..start + marker_len;
    let after = doc.text(marker.end..line_range.end);
    let spaces = if is_blank(after) { 0 } else { indent(after) };
    Some(ItemLayout {
        line: pos.start.line,
        marker_column: before.len(),
        marker: marker.clone(),
        spaces,
        content_column: before.len() + list.padding,
        end_line: pos.end.line,
    })
}

/// Whether `node` sits in lists and the document only (no block quote or footnote on the way
/// up), so that its lines' columns are the columns the rules compute.
pub fn only_in_lists(node: Node<'_>) -> bool {
    node.ancestors().skip(1).all(|a| {
        matches!(
            a.data().value,
            NodeValue::List(_) | NodeValue::Item(_) | NodeValue::Document
        )
    })
}

/// Whether `item` ends in a block left open (a fence without its closing fence, an HTML block
/// of types 1 to 5 without its end marker): it runs to the item's end, through blank lines its
/// source positions leave out, whose spaces past the content column are content. Moving the
/// item's content column would change them: no fix moves such an item.
pub fn ends_open(item: Node<'_>) -> bool {
    std::iter::successors(item.last_child(), |n| n.last_child())
        .any(|n| super::blocks::left_open(&n.data().value))
}

/// The content column of the item holding `list` (0 for a list at the document level).
pub fn parent_content_column(doc: &Document, list: Node<'_>) -> Option<usize> {
    match list.parent() {
        Some(parent) if matches!(parent.data().value, NodeValue::Item(_)) => {
            item_layout(doc, parent).map(|l| l.content_column)
        }
        Some(parent) if matches!(parent.data().value, NodeValue::Document) => Some(0),
        _ => None,
    }
}

/// Appends to `edits` the edits removing `count` spaces at `column` of each line of `lines`
/// that is indented to at least `min_indent` (lazy continuation lines, indented less, are left
/// as they are; so are blank lines, but for the spaces past `column` of one in a code or HTML
/// block). `None`, and `edits` is to be dropped, when a line's spaces are not where expected,
/// or when a tab comes before the line's text (in its indentation, or after a list marker): a
/// tab reaches the next tab stop, so moving it left changes how many columns it stands for,
/// and what is code.
pub fn shift_lines(
    doc: &Document,
    edits: &mut Vec<crate::diagnostic::Edit>,
    lines: impl IntoIterator<Item = usize>,
    min_indent: usize,
    column: usize,
    count: usize,
) -> Option<()> {
    for line in lines {
        let range = doc.line_range(line);
        let text = doc.text(range.clone());
        if is_blank(text) {
            // In a code or HTML block, a blank line's spaces past the content column are
            // content: they move with the block's other lines.
            let content = text.len().saturating_sub(column);
            if doc.is_verbatim_line(line) && content > 0 {
                if text.contains('\t') {
                    return None;
                }
                let start = range.start + column;
                let removed = count.min(content);
                edits.push(doc.edit(start..start + removed, &spaces(removed), "")?);
            }
            continue;
        }
        if indent_column(text) < min_indent {
            continue;
        }
        if tab_before_text(text) {
            return None;
        }
        let start = range.start + column;
        edits.push(doc.edit(start..start + count, &spaces(count), "")?);
    }
    Some(())
}

/// Whether a tab comes before a line's text: in its indentation, or after a list marker or `>`.
/// A tab reaches the next tab stop, so moving it changes how many columns it stands for, and
/// whether what follows is code.
pub fn tab_before_text(line: &str) -> bool {
    line.bytes()
        .take_while(|b| {
            matches!(
                b,
                b' ' | b'\t' | b'-' | b'*' | b'+' | b'.' | b')' | b'>' | b'0'..=b'9'
            )
        })
        .any(|b| b == b'\t')
}

/// `n` spaces, without allocating for the usual few (this runs for every line a fix moves).
pub fn spaces(n: usize) -> std::borrow::Cow<'static, str> {
    const SPACES: &str = "                                ";
    match SPACES.get(..n) {
        Some(few) => few.into(),
        None => " ".repeat(n).into(),
    }
}

/// The first line with text after `line`, if any: its number.
pub fn next_text_line(doc: &Document, line: usize) -> Option<usize> {
    let count = doc.lines.line_count(doc.source);
    (line + 1..=count).find(|&l| !is_blank(doc.text(doc.line_range(l))))
}

/// The first line with text after `line`, if any.
pub fn next_text<'a>(doc: &Document<'a>, line: usize) -> Option<&'a str> {
    next_text_line(doc, line).map(|l| doc.text(doc.line_range(l)))
}

/// The indentation (in columns: [`indent_column`]) of the first line with text after `line`.
pub fn next_text_indent(doc: &Document, line: usize) -> Option<usize> {
    next_text(doc, line).map(indent_column)
}

/// The column where a list item's content starts once the list is at `list_column` with one
/// space after its marker: what `marker-space` and `list-indent` together produce. Lines after
/// the item must stay left of it, or they would become part of the item.
pub fn final_content_column(layout: &ItemLayout, list_column: usize) -> usize {
    list_column + (layout.marker.end - layout.marker.start) + 1
}

/// Whether a line of the item after its first is a lazy continuation: text indented less than
/// the item's content. Moving the item's marker can turn such a line into a block of its own
/// (`    - x` becomes a nested list), so the list fixes leave these items alone.
pub fn has_lazy_lines(doc: &Document, item: &ItemLayout) -> bool {
    (item.line + 1..=item.end_line).any(|line| {
        let text = doc.text(doc.line_range(line));
        !doc.is_verbatim_line(line) && !is_blank(text) && indent_column(text) < item.content_column
    })
}

/// Whether a line is a list marker and nothing else (`-`, `*`, `1.`): an item that starts with
/// a blank line, where the blank lines after it decide what belongs to the item.
pub fn is_bare_marker(text: &str) -> bool {
    // Spaces and tabs only: after a marker, `\v` or a no-break space is text.
    let text = text.trim_matches([' ', '\t']);
    let number = text.trim_end_matches(['.', ')']);
    matches!(text, "-" | "*" | "+")
        || (number.len() < text.len()
            && !number.is_empty()
            && number.len() <= 9
            && number.bytes().all(|b| b.is_ascii_digit()))
}
