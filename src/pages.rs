//! The pages a fix's verification compares: a text rendered to HTML, whole, or a chunk at a
//! time for the steps of a pass (see [`crate::fixer`]).
//!
//! comrak's page is the HTML of the document's top-level blocks one after the other (and, in
//! a text with footnotes, the footnotes after them). An ATX heading at the top level starts a
//! block whatever is above it: no paragraph, list, quote or table runs on into it. So the text
//! between two such headings parses alone to the HTML it has in the whole page, but for what
//! reaches across them: footnotes (their numbers, by order of reference) and links by reference
//! (their definition can be anywhere), in a text with which no chunked page is made, and a
//! definition or a fence or an HTML block that a fix would add or leave open. Each step of a
//! pass changes a few chunks: parsing those alone makes its page. What a fix's new definition
//! or open block does to the chunks after it changes tags there, which no step allows but a
//! removal, and removals are verified first: the pass's last step, compared with the next
//! pass's whole page, sees such a change and fails, and a failure is verified again on whole
//! pages. In debug builds (tests and fuzzing) every chunked page is checked against the whole
//! page.

use std::ops::Range;

use comrak::Arena;
use comrak::nodes::NodeValue;

use crate::diagnostic::Edit;
use crate::document::{Document, Kinds, Node, comrak_options};

/// The page of `text`, for a step that only verifies: comrak's tree, rendered, without the
/// rest of a [`Document`] (line index, node lists, outline), which no rule will read.
pub fn page(text: &str) -> String {
    let arena = Arena::new();
    render(comrak::parse_document(&arena, text, &comrak_options()))
}

/// `node` (the document, or one of its blocks) rendered to HTML.
pub fn render(node: Node<'_>) -> String {
    let mut html = String::new();
    render_into(node, &mut html);
    html
}

fn render_into(node: Node<'_>, html: &mut String) {
    let from = html.len();
    comrak::format_html(node, &comrak_options(), html).expect("writing to a String");
    // Raw HTML and code keep the source's line endings. A browser reads `\r\n` and a lone `\r`
    // as `\n` (the HTML input stream is normalised before parsing), so the page is the same
    // whichever a line has: a final line ending added to a CRLF file changes no page.
    if memchr::memchr(b'\r', &html.as_bytes()[from..]).is_some() {
        let normalised = html[from..].replace("\r\n", "\n").replace('\r', "\n");
        html.truncate(from);
        html.push_str(&normalised);
    }
}

/// A pass's text's page, cut into chunks where the text's top-level ATX headings start.
#[derive(Debug, Clone)]
pub struct ChunkedPage {
    pub html: String,
    /// Where each chunk starts in the pass's text: the first at 0, then ascending.
    starts: Vec<usize>,
    /// Where each chunk's HTML starts in `html`, and `html.len()` last.
    html_starts: Vec<usize>,
    /// The chunks parsed anew for this page (none for a pass's first page).
    changed: Vec<usize>,
}

impl ChunkedPage {
    /// The page of the pass's `doc`, to be changed by `edits` (sorted by start, disjoint): cut
    /// before each top-level ATX heading, but where an edit spans the cut (the chunks on either
    /// side are one). `None` when the text may hold footnotes or links by reference.
    pub fn new(doc: &Document, edits: &[&Edit]) -> Option<Self> {
        if doc.may_hold_footnotes() || links_by_reference(doc) {
            return None;
        }
        let mut page = ChunkedPage {
            html: String::with_capacity(doc.source.len() * 5 / 4),
            starts: vec![0],
            html_starts: vec![0],
            changed: Vec::new(),
        };
        for block in doc.root.children() {
            let start = doc.line_start(block.data().sourcepos.start.line);
            let heading = matches!(&block.data().value, NodeValue::Heading(h) if !h.setext);
            if heading && start > 0 && !spanned(edits, start) {
                page.starts.push(start);
                page.html_starts.push(page.html.len());
            }
            render_into(block, &mut page.html);
        }
        page.html_starts.push(page.html.len());
        debug_assert_eq!(page.html, render(doc.root), "a page is its blocks' HTML");
        Some(page)
    }

    /// The chunk `edit` changes: the one its range starts in, but for blank lines inserted at
    /// a chunk's start, which end the chunk before (the heading after them stays one).
    fn chunk_of(&self, edit: &Edit) -> usize {
        let at = edit.range.start;
        let chunk = self.starts.partition_point(|&s| s <= at) - 1;
        let blank_lines = edit.range.is_empty()
            && edit.replacement.ends_with('\n')
            && edit
                .replacement
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .is_empty();
        if chunk > 0 && self.starts[chunk] == at && blank_lines {
            chunk - 1
        } else {
            chunk
        }
    }

    /// The page of `text` (the pass's) with `applied` made (sorted by start: the edits of the
    /// steps so far, this one's included), this page's text being `text` with all of those but
    /// `step`'s made: the chunks `step`'s edits are in are parsed anew, the others' HTML kept.
    /// `None` when such a chunk's new text may hold a footnote.
    pub fn step<'e>(
        &self,
        text: &str,
        applied: &[&Edit],
        step: impl Iterator<Item = &'e Edit>,
    ) -> Option<ChunkedPage> {
        let chunks = self.starts.len();
        let mut changed = vec![false; chunks];
        for edit in step {
            changed[self.chunk_of(edit)] = true;
        }
        let mut html = String::with_capacity(self.html.len() + self.html.len() / 8);
        let mut html_starts = Vec::with_capacity(chunks + 1);
        for (chunk, &changed) in changed.iter().enumerate() {
            html_starts.push(html.len());
            if !changed {
                html.push_str(&self.html[self.html_starts[chunk]..self.html_starts[chunk + 1]]);
                continue;
            }
            let range = self.starts[chunk]..self.starts.get(chunk + 1).map_or(text.len(), |&e| e);
            // The edits are in chunk order (sorted by start; a chunk's blank lines before the
            // next chunk's first edit, which starts at or after them).
            let first = applied.partition_point(|e| self.chunk_of(e) < chunk);
            let count = applied[first..].partition_point(|e| self.chunk_of(e) == chunk);
            let new_text =
                splice_within(text, range, applied[first..first + count].iter().copied());
            if memchr::memmem::find(new_text.as_bytes(), b"[^").is_some() {
                return None;
            }
            let arena = Arena::new();
            let root = comrak::parse_document(&arena, &new_text, &comrak_options());
            render_into(root, &mut html);
        }
        html_starts.push(html.len());
        let changed = (0..chunks).filter(|&chunk| changed[chunk]).collect();
        Some(ChunkedPage {
            html,
            starts: self.starts.clone(),
            html_starts,
            changed,
        })
    }

    /// The HTML ranges of the chunks `self` (made by a step from `before`) parsed anew, in
    /// both pages: all that differs between them.
    pub fn changed_parts<'s>(
        &'s self,
        before: &'s ChunkedPage,
    ) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + 's {
        let html =
            |page: &ChunkedPage, chunk: usize| page.html_starts[chunk]..page.html_starts[chunk + 1];
        self.changed
            .iter()
            .map(move |&chunk| (html(before, chunk), html(self, chunk)))
    }
}

/// Whether a link or image of `doc` may take its destination from a definition: one that is
/// neither inline (its source ends with `)`) nor an autolink (`<...>`, or a bare URL, `www.`
/// address or email address, the end of its URL).
fn links_by_reference(doc: &Document) -> bool {
    doc.nodes_of(Kinds::LINK | Kinds::IMAGE).any(|node| {
        let source = doc.text(doc.node_range(node));
        let data = node.data();
        let url = match &data.value {
            NodeValue::Link(link) | NodeValue::Image(link) => &link.url,
            _ => return true,
        };
        !(source.ends_with(')') || source.starts_with('<') || url.ends_with(source))
    })
}

/// Whether an edit of `edits` (sorted by start, disjoint: their ends ascend too) spans `at`:
/// starts before it and ends after it.
fn spanned(edits: &[&Edit], at: usize) -> bool {
    let first = edits.partition_point(|e| e.range.end <= at);
    edits.get(first).is_some_and(|e| e.range.start < at)
}

/// `text[range]` with `edits` (sorted, disjoint, within `range`) made.
pub fn splice_within<'e>(
    text: &str,
    range: Range<usize>,
    edits: impl Iterator<Item = &'e Edit>,
) -> String {
    let mut out = String::with_capacity(range.len() + 64);
    let mut copied = range.start; // bytes of `text` already in `out`
    for edit in edits {
        out.push_str(&text[copied..edit.range.start]);
        out.push_str(&edit.replacement);
        copied = edit.range.end;
    }
    out.push_str(&text[copied..range.end]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(text: &str, edits: &[&Edit]) -> Option<ChunkedPage> {
        let arena = Arena::new();
        ChunkedPage::new(&Document::parse(&arena, text), edits)
    }

    /// Footnotes and links by reference reach across headings: no chunks. Inline links and
    /// autolinks of every kind do not.
    #[test]
    fn texts_with_footnotes_or_links_by_reference_are_not_chunked() {
        for text in [
            "[a]\n\n# h\n\n[a]: /x\n",
            "![a][b]\n\n# h\n\n[b]: /y\n",
            "x[^1]\n\n# h\n\n[^1]: y\n",
        ] {
            assert!(chunked(text, &[]).is_none(), "{text:?}");
        }
        let links = "<https://x.org> [b](y) ![c](z) www.x.org a@b.org https://y.org\n\n# h\n";
        let page = chunked(links, &[]).expect("chunks");
        assert_eq!(page.starts.len(), 2);
    }

    /// A step's page is the whole page of the text its edits make: the chunks they are in
    /// parsed alone (blank lines inserted before a heading end the chunk above it), and no cut
    /// where an edit spans a heading.
    #[test]
    fn a_step_parses_the_chunks_its_edits_are_in() {
        let text = "# t\n\npara\n## a\n- x\n\n## b\n\ntext\n\n## c\n\n- y\n";
        let at = |s: &str| text.find(s).unwrap();
        let blank = Edit::insert(at("## a"), "\n");
        let marker = Edit::replace(at("- y")..at("- y") + 1, "*");
        let spans = Edit::delete(at("text")..at("## c") + 2);
        let first = chunked(text, &[&blank, &marker]).expect("chunks");
        assert_eq!(first.starts.len(), 4);
        let step = first.step(text, &[&blank, &marker], [&blank, &marker].into_iter());
        let after = "# t\n\npara\n\n## a\n- x\n\n## b\n\ntext\n\n## c\n\n* y\n";
        assert_eq!(step.expect("no footnotes").html, page(after));
        assert_eq!(chunked(text, &[&spans]).expect("chunks").starts.len(), 3);
    }
}
