use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
use crate::document::{Document, Node};

declare_rule! {
    /// ## What it does
    /// Finds backslash escapes that change nothing in the rendered output, and removes the
    /// backslash. The rendered HTML stays byte-identical.
    ///
    /// Reported only where the character cannot mean anything there: `\_` between two letters
    /// or digits, `\&` not starting an entity (`&amp;`), `\<` not followed by a letter, `/`,
    /// `!` or `?`, `\>` after other text on its line with no `<` before it, `\@` not after
    /// an e-mail address's characters, `\^` not after `[`, and a `\[...\]` pair that cannot
    /// be a link (not followed by `(`, `[` or `:`, not a task box, no reference definitions in
    /// the file). Escapes in a word that holds a URL are left alone (the autolink extension
    /// reads them), as are those in a link whose text is its URL (`url-as-link-text`).
    ///
    /// ## Why is this bad?
    /// Pads escape on export whatever might be markup. The backslashes make the source harder
    /// to read and to search (`jupyterhub\_config` does not match `jupyterhub_config`), and
    /// readers copy them into commands.
    ///
    /// ## Example
    /// ```markdown
    /// - Rowan / Curvenote \& Continuous Science Foundation
    /// - set c.Spawner.default\_url, -\> then restart
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - Rowan / Curvenote & Continuous Science Foundation
    /// - set c.Spawner.default_url, -> then restart
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct UnnecessaryEscape;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for UnnecessaryEscape {
    type Options = Options;
    fn new(_: Options) -> Self {
        UnnecessaryEscape
    }
}

impl Rule for UnnecessaryEscape {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let reference_definitions = has_reference_definitions(doc.source);
        // The word around the last escape looked at: escapes come in order, and the ones in
        // one word share it (a long word is scanned once, not once per escape).
        let mut word = Word::default();
        let mut tags = (std::ptr::null(), false);
        for node in &doc.nodes {
            if !matches!(node.data().value, NodeValue::Text(_)) || in_url_link(doc, node) {
                continue;
            }
            let range = text_range(doc, node);
            let source = doc.text(range.clone());
            let block = block_source(doc, node);
            // Looked up once per block, not per text or escape (comrak cuts a text at each
            // escape): a line of escapes stays linear.
            if tags.0 != block.as_ptr() {
                tags = (block.as_ptr(), block.contains('<'));
            }
            let block_has_tag = tags.1;
            for escape in escapes(source) {
                let Some(edits) = needless(
                    doc,
                    source,
                    range.start,
                    escape,
                    block_has_tag,
                    reference_definitions,
                    &mut word,
                ) else {
                    continue;
                };
                let at = range.start + escape;
                let written = if edits.len() == 2 {
                    "\\[...\\]"
                } else {
                    &source[escape..escape + 2]
                };
                let edits: Vec<Edit> = edits.into_iter().flatten().collect();
                report
                    .report(at..at + 2, format!("unnecessary escape `{written}`"))
                    .with_fix("Remove the backslash", Fix::safe(edits));
            }
        }
    }
}

/// A text's source. comrak starts a text that opens with an escape after its backslash
/// (`\[x` at 1:2): the backslash is taken back in.
fn text_range(doc: &Document, node: Node<'_>) -> std::ops::Range<usize> {
    let range = doc.node_range(node);
    let bytes = doc.source.as_bytes();
    let escaped_first = range.start > 0
        && bytes[range.start - 1] == b'\\'
        && (range.start < 2 || bytes[range.start - 2] != b'\\')
        && bytes.get(range.start).is_some_and(u8::is_ascii_punctuation);
    if escaped_first {
        range.start - 1..range.end
    } else {
        range
    }
}

/// The offsets of backslash escapes (`\` and an ASCII punctuation character) in `text`.
fn escapes(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' && bytes[i + 1].is_ascii_punctuation() {
            if bytes[i + 1] != b'\\' {
                out.push(i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// The edits that remove the escape at `escape` (and its partner, for a `\[...\]` pair), when
/// removing them cannot change what renders.
fn needless(
    doc: &Document,
    source: &str,
    base: usize,
    escape: usize,
    block_has_tag: bool,
    reference_definitions: bool,
    word: &mut Word,
) -> Option<Vec<Option<Edit>>> {
    let ch = source[escape + 1..].chars().next()?;
    // Neighbours come from the whole text: a text node can end where an autolink begins.
    let (text, at) = (doc.source, base + escape);
    let prev = text[..at].chars().next_back();
    let next = text.get(at + 1 + ch.len_utf8()..)?.chars().next();
    if !word.range.contains(&at) {
        let word_start = text[..at]
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word_end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        let found = &text[word_start..word_end];
        *word = Word {
            range: word_start..word_end,
            url: found.contains("://") || found.contains("www."),
            email: found.contains('@') && found.contains('.'),
        };
    }
    if word.url {
        return None;
    }
    let remove = |at: usize| doc.edit(base + at..base + at + 1, "\\", "");
    let ok = match ch {
        '_' => {
            prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)
                && !word.email
        }
        '&' => !starts_entity(&source[escape + 2..]),
        // Only before a space, a digit (`<3`) or the end: `\<>` next to other brackets can pair up.
        '<' => next.is_none_or(|c| c.is_whitespace() || c.is_ascii_digit()),
        '>' => {
            let line_start = doc.line_start(doc.line_of(at)).saturating_sub(base);
            let before = &source[line_start.min(escape)..escape];
            // Not where a quote could start, and nothing an HTML tag or autolink could close.
            !block_has_tag && !before.trim().is_empty() && after_text(before)
        }
        '@' => !prev.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')),
        '^' => prev != Some('['),
        '[' if !reference_definitions => {
            return bracket_pair(source, escape).map(|close| vec![remove(escape), remove(close)]);
        }
        _ => false,
    };
    ok.then(|| vec![remove(escape)])
}

/// The word (between whitespace) around an escape, and what it holds.
#[derive(Default)]
struct Word {
    range: std::ops::Range<usize>,
    url: bool,
    email: bool,
}

/// Whether the text before an escape on its line is text and not only list or quote markers
/// (after which an unescaped `>` would start a quote).
fn after_text(before: &str) -> bool {
    let mut rest = before;
    loop {
        rest = rest.trim_start();
        // Markers are short: a word longer than any is text, however long it goes on.
        let Some((len, w)) = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, _)| (i, &rest[..i]))
            .or_else(|| (rest.len() <= 11).then_some((rest.len(), rest)))
        else {
            return true;
        };
        if w.is_empty() {
            return false;
        }
        let marker = matches!(w, "-" | "*" | "+" | ">")
            || w.strip_suffix(['.', ')'])
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !marker {
            return true;
        }
        rest = &rest[len..];
    }
}

/// `&name;`, `&#123;` or `&#x1F;` at the start of `text`.
fn starts_entity(text: &str) -> bool {
    let body = text.strip_prefix('#').unwrap_or(text);
    let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    name_len > 0 && body[name_len..].starts_with(';')
}

/// For `\[` at `open`: the offset of its `\]` when the pair cannot become a link, a footnote
/// or a task box once unescaped.
fn bracket_pair(source: &str, open: usize) -> Option<usize> {
    if source[..open].ends_with('!') {
        return None;
    }
    let inner_start = open + 2;
    let close = inner_start + source[inner_start..].find("\\]")?;
    let inner = &source[inner_start..close];
    if inner.contains(['[', ']', '\n']) || inner.starts_with('^') || inner.trim().len() <= 1 {
        return None;
    }
    let after = source[close + 2..].chars().next();
    (!matches!(after, Some('(' | '[' | ':'))).then_some(close)
}

/// A link reference definition anywhere (`[label]: url` at a line's start): with one, an
/// unescaped `[label]` could become a link.
fn has_reference_definitions(source: &str) -> bool {
    source.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with('[') && line.find("]:").is_some_and(|i| i > 1)
    })
}

/// A text inside a link that is its own URL (left to `url-as-link-text`) or an autolink.
fn in_url_link(doc: &Document, node: Node<'_>) -> bool {
    node.ancestors().skip(1).any(|a| match &a.data().value {
        NodeValue::Link(link) => {
            let source = doc.text(doc.node_range(a));
            !source.starts_with('[') || crate::document::plain_text(a) == link.url
        }
        _ => false,
    })
}

/// The source of the paragraph, heading or cell holding `node`.
fn block_source<'a>(doc: &Document<'a>, node: Node<'_>) -> &'a str {
    node.ancestors()
        .find(|a| a.data().value.block())
        .map_or("", |b| doc.text(doc.node_range(b)))
}
