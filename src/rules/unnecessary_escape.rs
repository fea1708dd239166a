use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::inline::{OpenBrackets, OpenHtml};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
use crate::document::{Document, Kinds, Node};

declare_rule! {
    /// ## What it does
    /// Finds backslash escapes that change nothing in the rendered output, and removes the
    /// backslash. The rendered HTML stays byte-identical.
    ///
    /// Reported only where the character cannot mean anything there: `\_` between two letters
    /// or digits, `\&` not starting an entity (`&amp;`), `\^` not after `[` (these three
    /// outside a word that looks like an e-mail address, with an `@` and a `.`, or an `@` and a
    /// `<`: `<a_b@t>` is a link), `\<` before whitespace, the end or a digit (but in such an
    /// address: `<7@i>` is a link too), `\>` after other text on its line with no `<` before
    /// it, `\@` not after an e-mail address's characters, and a `\[...\]` pair that cannot be a
    /// link (not followed by `(`, `[` or `:`, not a task box, no reference definitions in the
    /// file). Escapes in a word that holds a URL are left alone (the autolink extension reads
    /// them), as are those after a `[` on a line with an `@` after them (the escape splits the
    /// text where the autolinker looks for an e-mail address), those in a link whose text is
    /// its URL (`url-as-link-text`), and, in a file with reference definitions, those inside
    /// brackets (`[a\@b]` is text, `[a@b]` a link to a definition of `[a@b]`), and in any file
    /// those inside `[^...]` (the parser reads it as a footnote's name unless an escape stops
    /// it, and then inline HTML in it is text: `[^<n>\< ]` shows a tag, `[^<n>< ]` the text
    /// `<n>`) and those after a `<` that may open a tag (`<n b\_x>` is text, `<n b_x>` a tag).
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
        // The lines holding a backslash, in order: a text whose lines hold none (most) is
        // passed over without turning its position into bytes. Its range, and the byte
        // before it, which `text_range` may take in, lie on its lines or end the line before.
        let backslash_lines = doc.marked_lines(memchr::memchr_iter(b'\\', doc.source.as_bytes()));
        if backslash_lines.is_empty() {
            return;
        }
        let mut context = Context::default();
        for node in doc.nodes_of(Kinds::TEXT) {
            if !backslash_lines.touch(node) {
                continue;
            }
            let range = text_range(doc, node);
            let source = doc.text(range.clone());
            if memchr::memchr(b'\\', source.as_bytes()).is_none() || in_url_link(doc, node) {
                continue;
            }
            context.block = doc.block_range(node).map_or("", |r| doc.text(r));
            for escape in escapes(source) {
                let Some(edits) = needless(doc, node, source, range.start, escape, &mut context)
                else {
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
                    .report(at..at + 2, ["unnecessary escape `", written, "`"].concat())
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

/// What the escapes of a text share, worked out once: a line of thousands of escapes must not
/// cost thousands of scans of the line (the `growth` fuzz target found `=\=\=\=...` taking
/// a minute for 160 KB).
#[derive(Default)]
struct Context<'a> {
    /// The source of the paragraph, heading or cell holding the text.
    block: &'a str,
    /// The block last asked about, and whether it holds a `<`.
    block_has_lt: Option<((*const u8, usize), bool)>,
    /// The whitespace-delimited word (offsets in the file) last asked about, and what it is.
    word: Option<(std::ops::Range<usize>, Word)>,
    /// The line of a text (offsets in the file) that an escape was last found after text on.
    after_text_on: Option<std::ops::Range<usize>>,
    /// Whether the file has a line like a reference definition, once asked: a scan of every
    /// line, and only an escaped `[` asks.
    reference_definitions: Option<bool>,
    /// Whether the file has a line like a reference definition, in a list item or quote too,
    /// once asked (by its first escape): the wider test, for escapes inside brackets (for a
    /// `\[...\]` pair it would count the pad's `* [name=Min]: ...` lines).
    labels_defined: Option<bool>,
    /// Read up to the last escape asked about in such a file: whether it is inside brackets,
    /// which may be a link label.
    brackets: OpenBrackets,
    /// Read up to the last escape asked about: whether a tag may be open before it.
    html: OpenHtml,
}

impl Context<'_> {
    fn reference_definitions(&mut self, source: &str) -> bool {
        *self
            .reference_definitions
            .get_or_insert_with(|| has_reference_definitions(source))
    }

    /// What the whitespace-delimited word of `text` around `at` is.
    fn word_around(&mut self, text: &str, at: usize) -> Word {
        if let Some((_, word)) = self.word.as_ref().filter(|(w, _)| w.contains(&at)) {
            return *word;
        }
        // After the whitespace char, which may be several bytes (a no-break space).
        let start = text[..at]
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        let word = &text[start..end];
        let kind = Word {
            url: super::inline::holds_url(word),
            email: word.contains('@') && (word.contains('.') || word.contains('<')),
        };
        self.word = Some((start..end, kind));
        kind
    }

    fn block_has_lt(&mut self) -> bool {
        let key = (self.block.as_ptr(), self.block.len());
        match self.block_has_lt {
            Some((block, has)) if block == key => has,
            _ => {
                let has = self.block.contains('<');
                self.block_has_lt = Some((key, has));
                has
            }
        }
    }

    /// Whether the text before `at` on its line (within `text`, which starts at `base` in the
    /// file) is text and not only list or quote markers. Once true on a line it stays true for
    /// later escapes on it: the words before them only grow, by the earlier escape's backslash
    /// at least, and a word with a backslash is no marker.
    fn after_text(&mut self, text: &str, base: usize, at: usize) -> bool {
        if self
            .after_text_on
            .as_ref()
            .is_some_and(|line| line.contains(&(base + at)))
        {
            return true;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..at];
        let found = !before.trim().is_empty() && after_text(before);
        if found {
            let line_end =
                memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
            self.after_text_on = Some(base + line_start..base + line_end);
        }
        found
    }
}

#[derive(Clone, Copy)]
struct Word {
    /// Holds `://` or `www.`: a URL, left alone.
    url: bool,
    /// Holds `@` and `.` (an address the autolink extension links) or `@` and `<` (one in
    /// `<...>`, which needs no dot: `<a_b@t>` links): an email address, where `\_`, `\&` and
    /// `\^` stay.
    email: bool,
}

/// The edits that remove the escape at `escape` (and its partner, for a `\[...\]` pair), when
/// removing them cannot change what renders.
fn needless(
    doc: &Document,
    node: Node<'_>,
    source: &str,
    base: usize,
    escape: usize,
    context: &mut Context,
) -> Option<Vec<Option<Edit>>> {
    let ch = source[escape + 1..].chars().next()?;
    // Neighbours come from the whole text: a text node can end where an autolink begins.
    let (text, at) = (doc.source, base + escape);
    // In a bracket, the text may be a link label: labels match definitions' as written, so
    // `[a\@b]` is text and `[a@b]` a link where `[a@b]: url` is defined.
    if *context
        .labels_defined
        .get_or_insert_with(|| super::inline::may_define_labels(doc.source))
        && context.brackets.before(doc, node, at)
    {
        return None;
    }
    // In `[^...]`, comrak reads a footnote's name from the texts and inline HTML between the
    // brackets, unless an escape's text placed oddly stops it; read as one and not defined,
    // the HTML in it is text: `[^<n>\< ]` shows the tag `<n>`, `[^<n>< ]` the text `<n>`.
    if context.brackets.caret_before(doc, node, at) {
        return None;
    }
    // After a `<` that may open a tag, the escape may be what keeps the tag from being one:
    // `<n b\_x>` is text, `<n b_x>` a tag.
    if context.html.before(doc, node, at) {
        return None;
    }
    let prev = text[..at].chars().next_back();
    let next = text.get(at + 1 + ch.len_utf8()..)?.chars().next();
    let word = context.word_around(text, at);
    if word.url || splits_text_before_email(doc, at) {
        return None;
    }
    let remove = |at: usize| doc.edit(base + at..base + at + 1, "\\", "");
    let ok = match ch {
        '_' => {
            prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)
                && !word.email
        }
        // In an email address the escape ends a text node, where comrak's autolinker starts
        // looking: `[\&a@b.n` links `a@b.n`, `[&a@b.n` links nothing.
        '&' => !super::inline::starts_entity(&source[escape + 2..]) && !word.email,
        // Only before a space, a digit (`<3`) or the end: `\<>` next to other brackets can pair
        // up; a digit not in an e-mail address (`<7@i>` is a link).
        '<' => next.is_none_or(|c| c.is_whitespace() || (c.is_ascii_digit() && !word.email)),
        // Not where a quote could start, and nothing an HTML tag or autolink could close.
        '>' => context.after_text(source, base, escape) && !context.block_has_lt(),
        '@' => !prev.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')),
        '^' => prev != Some('[') && !word.email,
        '[' if !context.reference_definitions(doc.source) => {
            return bracket_pair(source, escape).map(|close| vec![remove(escape), remove(close)]);
        }
        _ => false,
    };
    ok.then(|| vec![remove(escape)])
}

/// Whether the escape at `at` ends a text node before an e-mail address on its line, after a
/// `[`: comrak's autolinker links the address in the text node the escape starts
/// (`h[a\_b x@y.org`), and not once the two texts are one (`h[a_b x@y.org`).
fn splits_text_before_email(doc: &Document, at: usize) -> bool {
    let bytes = doc.source.as_bytes();
    let line = doc.line_range(doc.line_of(at));
    // After the escaped char (ASCII punctuation): an escaped `@` is the `@` arm's.
    memchr::memchr(b'@', bytes.get(at + 2..line.end).unwrap_or_default()).is_some()
        && memchr::memchr(b'[', &bytes[line.start..at]).is_some()
}

/// Whether the text before an escape on its line is text and not only list or quote markers
/// (after which an unescaped `>` would start a quote).
fn after_text(before: &str) -> bool {
    !before.split_whitespace().all(|w| {
        matches!(w, "-" | "*" | "+" | ">")
            // A list number; not sliced by bytes, which could cut a multi-byte char.
            || w.strip_suffix(['.', ')'])
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// For `\[` at `open`: the offset of its `\]` when the pair cannot become a link, a footnote
/// or a task box once unescaped.
fn bracket_pair(source: &str, open: usize) -> Option<usize> {
    if source[..open].ends_with('!') {
        return None;
    }
    let inner_start = open + 2;
    // The inner text holds no bracket and no line break: the first of those must be the `]`
    // of the closing `\]` (looking no further keeps a line of `\[` linear).
    let stop = inner_start + memchr::memchr3(b'[', b']', b'\n', &source.as_bytes()[inner_start..])?;
    // The `\` before the `]` escapes it only when it is not itself escaped: `\[:\\]` ends in
    // an escaped backslash and a plain `]`.
    let escapes_it = |c: usize| {
        let run = source.as_bytes()[inner_start..=c].iter().rev();
        run.take_while(|&&b| b == b'\\').count() % 2 == 1
    };
    let close = stop.checked_sub(1).filter(|&c| {
        c >= inner_start
            && source.as_bytes()[stop] == b']'
            && source.as_bytes()[c] == b'\\'
            && escapes_it(c)
    })?;
    let inner = &source[inner_start..close];
    if inner.starts_with('^') || inner.trim().len() <= 1 {
        return None;
    }
    let after = source[close + 2..].chars().next();
    (!matches!(after, Some('(' | '[' | ':'))).then_some(close)
}

/// A link reference definition anywhere (`[label]: url` at a line's start): with one, an
/// unescaped `[label]` could become a link.
fn has_reference_definitions(source: &str) -> bool {
    super::inline::definition_labels(source).any(|label| !label.is_empty())
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
