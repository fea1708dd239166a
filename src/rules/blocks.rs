//! Removing a whole block (a list item, a paragraph) by its lines.

use comrak::nodes::NodeValue;

use super::layout::{indent_column, is_blank, item_layout, next_text, only_in_lists};
use crate::diagnostic::Edit;
use crate::document::{Document, Node};

/// Whether `block` has lists on either side, past the paragraphs between (other fixes of the
/// same pass may remove those too: two prompts in a row between two lists): without it they
/// could join into one.
pub fn between_lists(block: Node<'_>) -> bool {
    let list_beyond = |mut n: Option<Node<'_>>, next: fn(Node<'_>) -> Option<Node<'_>>| {
        while let Some(p) = n.filter(|p| matches!(p.data().value, NodeValue::Paragraph)) {
            n = next(p);
        }
        n.is_some_and(|n| matches!(n.data().value, NodeValue::List(_)))
    };
    list_beyond(block.previous_sibling(), |p| p.previous_sibling())
        && list_beyond(block.next_sibling(), |p| p.next_sibling())
}

/// The edits that delete the lines of `node`, when nothing else is on them, with the blank
/// lines after it but one (so no run of blank lines is left); and, for an item whose blank
/// lines are all that makes its list loose, the blank line between two other items that keeps
/// it loose (the one `blank-lines` puts there: the same edit, made once).
///
/// `None` when removing the block could change how its neighbours render otherwise: an item
/// of a loose list that would turn tight, the first item of an ordered list (the next one
/// would set the start number), the first item of a list right after a paragraph when the
/// next item is empty, a block whose removal (with the quote or list it is all of) would join
/// the lists before and after it into one, the first item of a list between lists, or a block
/// holding a footnote reference or definition (the footnotes left would be numbered and linked
/// back anew).
pub fn remove_lines(doc: &Document, node: Node<'_>) -> Option<Vec<Edit>> {
    if node.descendants().any(|n| {
        matches!(
            n.data().value,
            NodeValue::FootnoteReference(_) | NodeValue::FootnoteDefinition(_)
        )
    }) {
        return None;
    }
    let keep_loose = match node.data().value {
        NodeValue::Item(_) => keeps_looseness(doc, node)?,
        _ => None,
    };
    if let NodeValue::Item(list) = &node.data().value
        && list.list_type == comrak::nodes::ListType::Ordered
        && node.previous_sibling().is_none()
    {
        return None;
    }
    // The first item of a list that interrupts a paragraph: the next item takes its place,
    // and an empty one cannot interrupt a paragraph (`-` would underline it as a heading).
    if matches!(node.data().value, NodeValue::Item(_))
        && node.previous_sibling().is_none()
        && let Some(next) = node.next_sibling()
        && next
            .first_child()
            .is_none_or(|c| c.data().sourcepos.start.line > next.data().sourcepos.start.line)
        && node
            .parent()
            .and_then(|list| list.previous_sibling())
            .is_some_and(|p| {
                matches!(p.data().value, NodeValue::Paragraph)
                    && p.data().sourcepos.end.line + 1 == node.data().sourcepos.start.line
            })
    {
        return None;
    }
    // The block that would leave its neighbours adjacent: the item's list when it is the
    // only item, the quote when the block is all it holds (and so on up).
    let mut outer = node;
    while let Some(parent) = outer.parent().filter(|p| {
        matches!(p.data().value, NodeValue::List(_) | NodeValue::BlockQuote)
            && p.first_child().is_some_and(|c| c.same_node(outer))
            && p.last_child().is_some_and(|c| c.same_node(outer))
    }) {
        outer = parent;
    }
    if !matches!(outer.data().value, NodeValue::Item(_)) && between_lists(outer) {
        return None;
    }
    // Of a list between lists, the first item stays: the other fixes of the pass (prompts,
    // empty items) may remove all its other items, and the list would go with them.
    if matches!(outer.data().value, NodeValue::Item(_))
        && outer.previous_sibling().is_none()
        && outer.parent().is_some_and(between_lists)
    {
        return None;
    }
    let range = doc.node_range(node);
    let first = doc.line_of(range.start);
    let blank = |line: usize| is_blank(doc.text(doc.line_range(line)));
    // comrak may end an item on a whitespace-only line after its text (seen before a lone
    // `\r`): that line keeps what follows out of the item before, and stays.
    let mut last = doc.line_of(range.end.saturating_sub(1).max(range.start));
    while last > first && blank(last) {
        last -= 1;
    }
    let start = doc.line_start(first);
    // Only indentation and container markers (`>`) before it on its first line.
    if !doc
        .text(start..range.start)
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'>'))
    {
        return None;
    }
    // An item after another: the text after it must stay out of the item before it (`*`,
    // then `  *` that a wider item kept apart, would become a sub-list of the first).
    if let NodeValue::Item(_) = node.data().value
        && let Some(previous) = node.previous_sibling()
    {
        let column = only_in_lists(node)
            .then(|| item_layout(doc, previous))
            .flatten()
            .map(|layout| layout.content_column);
        match (next_text(doc, last), column) {
            (None, _) => {}
            (Some(text), Some(column))
                if !text.starts_with('\t') && indent_column(text) < column => {}
            _ => return None,
        }
    }
    let after = doc.line_range(last);
    if !is_blank(doc.text(range.end.min(after.end)..after.end)) {
        return None;
    }
    // A block after another: the text after it must not be indented past it, or the block
    // before could take it (a list item takes an indented fence once the paragraph between
    // them is gone, an indented code block the indented lines after a blank line). So for an
    // item whose list (or quote) goes with it: `- a`, `>- prompt`, then `  d`.
    if !matches!(outer.data().value, NodeValue::Item(_)) && outer.previous_sibling().is_some() {
        let item = matches!(node.data().value, NodeValue::Item(_));
        // The column of what goes: the block, or the list or quote the item takes with it.
        let column = if item {
            let outer_start = doc.node_start(outer);
            outer_start - doc.line_start(doc.line_of(outer_start))
        } else {
            range.start - start
        };
        let deeper = |text: &str| {
            let lead = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
            lead.contains('\t') || lead.len() > column
        };
        if next_text(doc, last).is_some_and(|text| (!item && !only_in_lists(node)) || deeper(text))
        {
            return None;
        }
    }
    // The blank lines after it go too, but one (none when the line above is blank), so that
    // no run of blank lines is left where it was (after a bare marker `blank-lines` leaves
    // such a run alone). Not into the blank lines that end the file (`final-newline`'s), nor
    // in a file with footnotes, where comrak tells a whitespace-only line from an empty one
    // (one ends a footnote's definition): there, one blank line at most goes.
    let line_count = doc.lines.line_count(doc.source);
    let run = (last + 1..=line_count).take_while(|&l| blank(l)).count();
    let kept = usize::from(first > 1 && !blank(first - 1));
    let blanks = if run > 1 && last + run < line_count && !doc.may_hold_footnotes() {
        run - kept
    } else {
        usize::from(kept == 0 && run > 0)
    };
    let end = doc.line_start(last + 1 + blanks);
    let removal = doc.edit(start..end, doc.text(start..end), "")?;
    Some([removal].into_iter().chain(keep_loose).collect())
}

/// Whether removing `item` keeps its list as loose as it is (a loose list's paragraphs have
/// their `<p>`): `Some` with no edit when it does as it is, `None` when it could turn a loose
/// list tight. The blank lines around an item can be all that makes its list loose. Its list
/// stays loose when two other items, next to each other before and after, have a blank line
/// between them; else, in a list in lists only, `Some` with the blank line to put between the
/// first two such items (after an item that leaves no fence or HTML block open, before one
/// that does not start with a tab, as `blank-lines` puts it). Any loose list further out may
/// hang on this item's blank lines too.
fn keeps_looseness<'a>(doc: &Document, item: Node<'a>) -> Option<Option<Edit>> {
    let list = item.parent()?;
    let loose = |n: Node<'a>| matches!(&n.data().value, NodeValue::List(l) if !l.tight);
    if list.ancestors().skip(1).any(loose) {
        return None;
    }
    if !loose(list) {
        return Some(None);
    }
    let others: Vec<Node<'a>> = list.children().filter(|i| !i.same_node(item)).collect();
    let bridged = |a: Node<'a>, b: Node<'a>| {
        item.previous_sibling().is_some_and(|p| p.same_node(a))
            && item.next_sibling().is_some_and(|n| n.same_node(b))
    };
    let mut pairs = others.windows(2).filter(|pair| !bridged(pair[0], pair[1]));
    let separated = pairs.clone().any(|pair| {
        let start = pair[1].data().sourcepos.start.line;
        start > 1 && is_blank(doc.text(doc.line_range(start - 1)))
    });
    if separated {
        return Some(None);
    }
    let [before, after] = pairs.next()? else {
        return None;
    };
    let line = after.data().sourcepos.start.line;
    let separable = only_in_lists(list)
        && !before.descendants().any(|n| left_open(&n.data().value))
        && !doc.text(doc.line_range(line)).starts_with('\t');
    let at = doc.line_start(line);
    separable.then(|| doc.edit(at..at, "", doc.line_ending).map(Some))?
}

/// Whether an HTML block of types 1 to 5 (a `<script>`, `<pre>`, `<style>` or `<textarea>`, a
/// comment, a processing instruction, a declaration, CDATA) lacks its closing marker on its
/// last line: it ended with its container, and a blank line after it would join it.
pub fn html_block_left_open(block: &comrak::nodes::NodeHtmlBlock) -> bool {
    let last = block.literal.trim_end_matches(['\n', '\r']);
    let last = last
        .rsplit(['\n', '\r'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let closes = |markers: &[&str]| markers.iter().any(|m| last.contains(m));
    match block.block_type {
        1 => !closes(&["</script>", "</pre>", "</style>", "</textarea>"]),
        2 => !closes(&["-->"]),
        3 => !closes(&["?>"]),
        4 => !closes(&[">"]),
        5 => !closes(&["]]>"]),
        _ => false,
    }
}

/// Whether a block was left open (a fence without its closing fence, an HTML block of types
/// 1 to 5 without its end marker): it runs to its container's end, blank lines included.
pub fn left_open(value: &NodeValue) -> bool {
    match value {
        NodeValue::HtmlBlock(html) => html_block_left_open(html),
        value => is_open_fence(value),
    }
}

/// Whether a code block is a fence whose closing fence never came: it runs to its container's
/// end, and a line added after it becomes code.
pub fn is_open_fence(value: &comrak::nodes::NodeValue) -> bool {
    matches!(value, comrak::nodes::NodeValue::CodeBlock(c) if c.fenced && !c.closed)
}

/// Whether the text ends without a line ending on a line that one would change: comrak reads
/// a number and its mark (`1.`, `- 2)`) as an empty list item, and a line that starts like
/// HTML after its indentation and container markers (`<p`, `- <div`) as the start of an HTML
/// block, only when a line ending follows. (An HTML block already on the line stays one.)
pub fn ending_would_change_last_line(doc: &Document) -> bool {
    if doc.source.is_empty() || doc.source.ends_with(['\n', '\r']) {
        return false;
    }
    let last_line = doc.lines.line_count(doc.source);
    let last_text = super::inline::after_container_markers(doc.text(doc.line_range(last_line)));
    let trimmed = last_text.trim();
    let bare_number = super::layout::is_bare_marker(trimmed) && trimmed.ends_with(['.', ')']);
    let html_like = last_text.starts_with('<')
        && !doc
            .nodes_of(crate::document::Kinds::HTML_BLOCK)
            .any(|n| n.data().sourcepos.end.line >= last_line);
    bare_number || html_like
}
