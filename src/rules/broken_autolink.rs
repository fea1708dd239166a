use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::document::{Document, Kinds, Node};

declare_rule! {
    /// ## What it does
    /// Finds angle-bracket links that do not parse as links: stray characters after the `<`
    /// (`\<> https://...>`, `< https://...>`, an escaped `\<https://...>`), or a space inside
    /// the URL (`<https: //x>`).
    ///
    /// Reported without a fix. Rewriting `\<> https://x>` as `<https://x>` is the obvious
    /// remedy, but it changes the link's target (the autolink extension links the stray `>`
    /// too, as `https://x%3E`), a change the fixer's verification has no kind for; and where
    /// the space in `<https: //x>` goes is a guess.
    ///
    /// ## Why is this bad?
    /// The brackets and stray characters show up as text around the link (`<> https://x>`),
    /// or the link is not a link at all.
    ///
    /// ## Example
    /// ```markdown
    /// - the list of repos: \<> https://github.com/jupyterhub/team-compass>
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - the list of repos: <https://github.com/jupyterhub/team-compass>
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct BrokenAutolink;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for BrokenAutolink {
    type Options = Options;
    fn new(_: Options) -> Self {
        BrokenAutolink
    }
}

impl Rule for BrokenAutolink {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        // A malformed autolink is a `<` before a URL: most blocks have neither, and are passed
        // over when their lines hold no `<`.
        let window = doc.window_range();
        let lt = memchr::memchr_iter(b'<', &doc.source.as_bytes()[window.clone()]);
        let lt_lines = doc.marked_lines(lt.map(|at| window.start + at));
        if lt_lines.is_empty() {
            return;
        }
        // Each block on its own: in any order.
        for node in doc.nodes_in_window_each(Kinds::PARAGRAPH | Kinds::HEADING | Kinds::TABLE_CELL)
        {
            if lt_lines.touch(node) {
                check_block(doc, node, report);
            }
        }
    }
}

/// The next offset of a byte at or after a position, for positions that only grow: each
/// search starts where it is asked, and an answer is reused until it is passed.
struct NextByte {
    byte: u8,
    /// The last answer: `Some(None)` when none was left.
    last: Option<Option<usize>>,
}

impl NextByte {
    fn new(byte: u8) -> Self {
        NextByte { byte, last: None }
    }

    fn at_or_after(&mut self, haystack: &[u8], from: usize) -> Option<usize> {
        match self.last {
            Some(None) => None,
            Some(Some(at)) if at >= from => Some(at),
            _ => {
                let at = memchr::memchr(self.byte, &haystack[from..]).map(|i| from + i);
                self.last = Some(at);
                at
            }
        }
    }
}

/// Ranges merged where they overlap, sorted.
fn disjoint(mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn check_block(doc: &Document, block: Node<'_>, report: &mut Reporter) {
    let block_range = doc.node_range(block);
    let source = doc.text(block_range.clone());
    // A malformed autolink is a `<` before a URL: most blocks have neither.
    if memchr::memchr(b'<', source.as_bytes()).is_none() {
        return;
    }
    // Where the text is not text: code, HTML and links written `<...>` or `[...](...)`.
    let opaque: Vec<std::ops::Range<usize>> = block
        .descendants()
        .filter(|n| match &n.data().value {
            NodeValue::Code(_) | NodeValue::HtmlInline(_) => true,
            NodeValue::Link(_) | NodeValue::Image(_) => {
                let text = doc.text(doc.node_range(n));
                text.starts_with('<') || text.starts_with('[') || text.starts_with('!')
            }
            _ => false,
        })
        .map(|n| doc.node_range(n))
        .collect();
    // Found left to right: every search below starts where the last one ended, or reuses it,
    // so that a line of thousands of `<http://...` stays linear.
    let bytes = source.as_bytes();
    let (mut next_newline, mut next_gt, mut next_lt) = (
        NextByte::new(b'\n'),
        NextByte::new(b'>'),
        NextByte::new(b'<'),
    );
    let mut opaque = disjoint(opaque).into_iter().peekable();
    let mut from = 0;
    // Built once: `memmem::find` builds its searcher at every call.
    static HTTP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("http"));
    while let Some(found) = HTTP.find(&bytes[from..]).map(|i| from + i) {
        from = found + 4;
        if !(source[found + 4..].starts_with(':') || source[found + 4..].starts_with("s:")) {
            continue;
        }
        let scheme_at = block_range.start + found;
        while opaque.next_if(|r| r.end <= scheme_at).is_some() {}
        if opaque.peek().is_some_and(|r| r.contains(&scheme_at)) {
            continue;
        }
        // Back over the stray characters to a `<` on the same line.
        let before = &source[..found];
        let junk_len = before.len() - before.trim_end_matches([' ', '\t', '<', '>', '\\']).len();
        let junk = &before[before.len() - junk_len..];
        let Some(lt) = junk.find('<') else { continue };
        let lt_at = found - junk_len + lt;
        // An escaped `\<` goes with its backslash.
        let start = if lt > 0 && junk.as_bytes()[lt - 1] == b'\\' {
            lt_at - 1
        } else {
            lt_at
        };
        // On to the first `>` on the line.
        let line_end = next_newline
            .at_or_after(bytes, found)
            .unwrap_or(source.len());
        let Some(gt) = next_gt
            .at_or_after(bytes, found)
            .filter(|&gt| gt < line_end)
        else {
            continue;
        };
        if next_lt.at_or_after(bytes, found).is_some_and(|lt| lt < gt) {
            continue;
        }
        let url_written = &source[found..gt];
        let url = url_written.trim().trim_end_matches('\\').trim_end();
        let stray = &source[lt_at + 1..found];
        let spaced = url.contains(char::is_whitespace);
        if start == lt_at && stray.is_empty() && url.len() == url_written.len() && !spaced {
            // A `<https://x>` that is text for another reason (a `<` in the URL, say).
            continue;
        }
        let range = block_range.start + start..block_range.start + gt + 1;
        let written = doc.text(range.clone());
        from = gt;
        let diagnostic = report.report(range, format!("malformed autolink `{written}`"));
        diagnostic.fix_title = Some(if spaced {
            "Remove the space from the URL and write it as `<URL>`".into()
        } else {
            format!("Write it as `<{url}>`").into()
        });
    }
}
