use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, packed};
use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::inline::OpenBrackets;
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Changes, Fix};
use crate::document::{Document, Kinds};

declare_rule! {
    /// ## What it does
    /// Finds HackMD and pad syntax that the docs site does not render: `[name=X]` and
    /// `[time=X]` tags, `:::spoiler ...` and other `:::` containers, and `{%preview URL %}` /
    /// `{%youtube ID %}` embeds.
    ///
    /// Fixes: `[name=Min]` becomes `Min` (safe), `Min:` before the words it introduces
    /// (`[name=Min] release today` becomes `Min: release today`, as the pad shows an author
    /// badge then the text); `{%preview URL %}` becomes `<URL>` (safe; not after raw HTML left
    /// open in its paragraph, which the `>` would close, nor after `](` or `]:`, where `<URL>`
    /// would be a link's destination or make a link reference definition); `[time=5 minutes]`
    /// becomes `(5 minutes)` (unsafe: the parentheses are a guess), with the same colon. `:::`
    /// containers and `{%youtube %}` embeds are reported without a fix: what should replace
    /// them is the author's call, and so is a tag inside an open `[` (its brackets keep the
    /// text around it from being a link label) or one that could make its line start a block
    /// (`[name=# 2025]` at the start of a line would become a heading, `1[name=.] x` a numbered
    /// list): a tag that starts its line keeps its fix only when its value starts with a
    /// letter. So is a tag next to a `*`, `_` or `~` run that its value would turn into
    /// emphasis markup or out of it (`[name=n]*(*` holds emphasis, `n*(*` does not), and a
    /// tag right after a `:` whose value starts with a letter or digit (label-style may write
    /// `**description:**` in the same pass, and `**description:**e` holds no emphasis), and
    /// a tag or embed in a link that raw HTML opened (`<a href=x>` with no `</a>`), whose
    /// text the fix would change.
    /// `[name=Your name]` is a template placeholder, left to `template-text`.
    ///
    /// ## Why is this bad?
    /// In the pad these render as an author badge, a time badge, a collapsible block or an
    /// embedded preview; in the archive they show as the raw markup (`[name=Min]`,
    /// `:::spoiler`), which reads as noise.
    ///
    /// ## Example
    /// ```markdown
    /// - [name=Dan] Team Compass maintenance checklist
    /// - {%preview https://github.com/jupyterhub/team-compass/issues/761 %}
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - Dan: Team Compass maintenance checklist
    /// - <https://github.com/jupyterhub/team-compass/issues/761>
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct PadSyntax;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for PadSyntax {
    type Options = Options;
    fn new(_: Options) -> Self {
        PadSyntax
    }
}

impl Rule for PadSyntax {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let window = doc.window_range();
        // Every pad mark holds `[name=`, `[time=`, `{%` or `:::`; most files have none. One
        // search of the window finds them all, and the lines of the first three: a text or
        // paragraph on no such line (most) is passed over without turning its position into
        // bytes (its range lies on its lines).
        let mut any_mark = false;
        let mut tags = Vec::new();
        marks(&doc.source.as_bytes()[window.clone()], |pattern, at| {
            any_mark = true;
            if pattern != CONTAINER_MARK {
                tags.push(window.start + at);
            }
        });
        if !any_mark {
            return;
        }
        let tag_lines = doc.marked_lines(tags);
        // One for each kind of tag, each asked in document order (the texts are, kind after
        // kind; the paragraphs are checked each on its own).
        let mut brackets = [OpenBrackets::default(), OpenBrackets::default()];
        for node in doc.nodes_in_window_each(Kinds::TEXT | Kinds::PARAGRAPH) {
            match &node.data().value {
                NodeValue::Text(literal) => {
                    check_container(doc, node, literal, report);
                    if tag_lines.touch(node) {
                        self.check_text(doc, node, &mut brackets, report);
                    }
                }
                NodeValue::Paragraph if tag_lines.touch(node) => check_preview(doc, node, report),
                _ => {}
            }
        }
    }
}

/// The marks of pad syntax: tags, embeds (and previews), containers.
const MARK_PATTERNS: [&str; 4] = ["[name=", "[time=", "{%", ":::"];
const CONTAINER_MARK: usize = 3;

/// Calls `found` with the pattern and the offset of each mark in `text`, in order: with a
/// SIMD search (aho-corasick's packed Teddy) where the machine has one (the automaton of
/// `AhoCorasick` reads a byte at a time: several times slower on a window of notes).
fn marks(text: &[u8], found: impl FnMut(usize, usize)) {
    static PACKED: LazyLock<Option<packed::Searcher>> =
        LazyLock::new(|| packed::Searcher::new(MARK_PATTERNS));
    marks_with(PACKED.as_ref(), text, found);
}

fn marks_with(packed: Option<&packed::Searcher>, text: &[u8], mut found: impl FnMut(usize, usize)) {
    static AUTOMATON: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(MARK_PATTERNS).expect("four short patterns"));
    match packed {
        Some(searcher) => searcher
            .find_iter(text)
            .for_each(|m| found(m.pattern().as_usize(), m.start())),
        None => AUTOMATON
            .find_iter(text)
            .for_each(|m| found(m.pattern().as_usize(), m.start())),
    }
}

/// Whether an inline node starts its line: nothing before it in its block but a line break.
fn starts_line(node: crate::document::Node<'_>) -> bool {
    node.previous_sibling()
        .is_none_or(|p| matches!(p.data().value, NodeValue::SoftBreak | NodeValue::LineBreak))
}

/// A text at the start of a line: `:::name` opens a container (`:::` alone closes one). Read
/// in the text, as comrak decoded it; the window was looked at only if its source holds a mark.
fn check_container(
    doc: &Document,
    node: crate::document::Node<'_>,
    literal: &str,
    report: &mut Reporter,
) {
    let Some(name) = literal.trim_start().strip_prefix(":::") else {
        return;
    };
    let name = name.split_whitespace().next().unwrap_or("");
    if starts_line(node) && !name.is_empty() && !name.starts_with(':') {
        report
            .report(
                doc.node_range(node),
                ["pad container `:::", name, "`"].concat(),
            )
            .fix_title =
            Some("Write its content as plain Markdown and remove the `:::` lines".into());
    }
}

impl PadSyntax {
    /// Tags and embeds in a text's source.
    fn check_text(
        &self,
        doc: &Document,
        node: crate::document::Node<'_>,
        brackets: &mut [OpenBrackets; 2],
        report: &mut Reporter,
    ) {
        let range = doc.node_range(node);
        let source = doc.text(range.clone());
        // Tags and embeds start with `[` or `{`: most texts have neither.
        if memchr::memchr2(b'[', b'{', source.as_bytes()).is_none() {
            return;
        }
        let starts_line = starts_line(node);
        // `[name=X]` and `[time=X]`, found in the source so that the edit is exact.
        for (kind, (tag, open)) in [("name", "[name="), ("time", "[time=")]
            .into_iter()
            .enumerate()
        {
            let mut from = 0;
            while let Some(at) = source[from..].find(open).map(|i| from + i) {
                let Some(close) = source[at..].find(']').map(|i| at + i) else {
                    break;
                };
                from = close + 1;
                let value = &source[at + open.len()..close];
                if value.contains('[') || value.trim().is_empty() {
                    continue;
                }
                if tag == "name" && value.trim().eq_ignore_ascii_case("your name") {
                    continue; // A placeholder: template-text's.
                }
                let whole = range.start + at..range.start + close + 1;
                let written = doc.text(whole.clone());
                let plain = !value.contains(['*', '_', '`', '<', '>', '\\', '&', '!', ']']);
                // Before the words it introduces, the tag becomes a label: `[name=Min] text`
                // is `Min: text`, as the pad shows it (a badge, then the text).
                let rest = &doc.source[whole.end..];
                let labels = rest.strip_prefix(' ').is_some_and(|r| {
                    r.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '*' | '_' | '['))
                        && !r.starts_with("[time=")
                });
                let colon = if labels { ":" } else { "" };
                let (replacement, safe) = match tag {
                    "name" => (format!("{}{colon}", value.trim()), plain),
                    _ => (format!("({}){colon}", value.trim()), false),
                };
                // Joined to the text around it, the value must not make or change a link:
                // `http://[name=h]` would become the autolink `http://h`, `a@[name=b.c]` a
                // mail address, `<https://x.org/[name=y]>` another URL.
                // A word longer than that gets no fix: looking no further keeps a line of
                // thousands of tags linear.
                let links = match word_around(doc.source, whole.clone()) {
                    Some((before, after)) => {
                        let word = format!("{before}{replacement}{after}").to_ascii_lowercase();
                        ["://", "www.", "@", "mailto:", "xmpp:"]
                            .iter()
                            .any(|p| word.contains(p))
                    }
                    None => true,
                };
                // Inside an open `[`, the tag's brackets keep `[^a [name=b] c]:` from being
                // a label: written without them it is one (a definition, or a link).
                let in_brackets = brackets[kind].before(doc, node, whole.start);
                // The text from its line's start (an escaping backslash is not in the text's
                // range) to the tag.
                let escaped = doc.source[..range.start].ends_with('\\');
                let lead = &doc.source[range.start - usize::from(escaped)..whole.start];
                let starts_block = starts_line && may_start_block(lead, &replacement);
                // `[name=n]*(*` holds emphasis; `n*(*` does not.
                let flips =
                    super::inline::flips_delimiter_run(doc.source, whole.clone(), &replacement);
                // Right after a `]`, a value in parentheses would close a link: `[a][time=5m]`
                // written `[a](5m)`.
                let closes_link =
                    doc.source[..whole.start].ends_with(']') && replacement.starts_with('(');
                // Right after a `:`, label-style may close `**` before the tag in the same pass
                // (`description:[name=e]`): a value starting with a letter or digit would keep
                // that `**` from closing (`**description:**e`).
                let after_label = doc.source[..whole.start].ends_with(':')
                    && replacement.starts_with(char::is_alphanumeric);
                let edit = (plain
                    && !links
                    && !in_brackets
                    && !starts_block
                    && !flips
                    && !closes_link
                    && !after_label)
                    .then(|| doc.edit(whole.clone(), written, replacement.clone()));
                // A tag is rewritten within its text: nothing is removed.
                let fix = edit.flatten().and_then(|e| {
                    if safe {
                        Fix::safe([e])
                    } else {
                        Fix::unsafe_([e])
                    }
                    .map(|f| f.changing(Changes::TEXT))
                });
                report
                    .report(whole, ["pad tag `", written, "`"].concat())
                    .with_fix(
                        ["Write it as `", replacement.trim_end_matches(':'), "`"].concat(),
                        fix,
                    );
            }
        }
        if let Some(at) = source.find("{%youtube") {
            let end = source[at..].find("%}").map_or(source.len(), |i| at + i + 2);
            report
                .report(
                    range.start + at..range.start + end,
                    "pad embed `{%youtube %}`",
                )
                .fix_title =
                Some("Link the video instead: `<https://www.youtube.com/watch?v=ID>`".into());
        }
    }
}

/// Whether a line that starts with `before`, then a tag, could start a block once the tag is
/// `replacement` (`[name=# 2025]` a heading, `[name===]` an underline, `1[name=.] x` a numbered
/// list item, `[x][name=:y]` a definition). It cannot when it starts with a letter or a
/// backslash, which start no block, or with a bracket closed, and not by `]:`, before the tag.
/// Otherwise the tag gets no fix: the other starts are rare, and each has its own rules.
fn may_start_block(before: &str, replacement: &str) -> bool {
    let lead = before.trim_start();
    let first = if lead.is_empty() { replacement } else { lead };
    if first.starts_with(|c: char| c.is_alphabetic() || c == '\\') {
        return false;
    }
    !(lead.starts_with('[')
        && lead
            .find(']')
            .and_then(|close| lead[close + 1..].chars().next())
            .is_some_and(|after| after != ':'))
}

/// The longest word around a tag that is looked at for links: [`word_around`].
const MAX_WORD: usize = 256;

/// The text of the word (up to ASCII whitespace) before and after `tag`, when the word is at
/// most [`MAX_WORD`] bytes on either side.
fn word_around(source: &str, tag: std::ops::Range<usize>) -> Option<(&str, &str)> {
    let bytes = source.as_bytes();
    let from = tag.start.saturating_sub(MAX_WORD);
    let start = match bytes[from..tag.start]
        .iter()
        .rposition(u8::is_ascii_whitespace)
    {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let to = (tag.end + MAX_WORD).min(bytes.len());
    let end = match bytes[tag.end..to].iter().position(u8::is_ascii_whitespace) {
        Some(i) => tag.end + i,
        None if to == bytes.len() => to,
        None => return None,
    };
    Some((&source[start..tag.start], &source[tag.end..end]))
}

/// `{%preview URL %}`: looked for in the paragraph's source, since the autolink extension
/// makes the URL a link node between two texts.
fn check_preview(doc: &Document, paragraph: crate::document::Node<'_>, report: &mut Reporter) {
    let range = doc.node_range(paragraph);
    let source = doc.text(range.clone());
    if memchr::memchr(b'{', source.as_bytes()).is_none() {
        return;
    }
    let mut from = 0;
    // The embeds come in order: the paragraph is read once for all of them.
    let mut open_html = super::inline::OpenHtml::default();
    while let Some(at) = source[from..].find("{%preview").map(|i| from + i) {
        let Some(end) = source[at..].find("%}").map(|i| at + i + 2) else {
            break;
        };
        from = end;
        let whole = range.start + at..range.start + end;
        let written = doc.text(whole.clone());
        let url = written["{%preview".len()..written.len() - 2].trim();
        // Only a URL already linked as it stands: the fix then only drops the pad markup.
        let linked = paragraph.descendants().any(|n| {
            matches!(&n.data().value, NodeValue::Link(l) if l.url == url)
                && doc.text(doc.node_range(n)) == url
        });
        // The embed's markup must be in no link: an autolink runs on over `{` and `%`
        // (`http://d{%preview` is one URL), and would lose its end.
        let in_link = paragraph.descendants().any(|n| {
            matches!(&n.data().value, NodeValue::Link(_) | NodeValue::Image(_))
                && doc.node_range(n).contains(&whole.start)
        });
        // The autolink's `>` could close raw HTML left open before the embed. After `](` or
        // `]:` it would be a destination: `[a](<url>)` a link, `[a]:<url>` a definition.
        let ok = linked
            && !in_link
            && super::inline::autolinkable(url)
            && !super::inline::destination_follows(&source[..at])
            && !open_html.before(doc, paragraph, whole.start);
        let replacement = ["<", url, ">"].concat();
        let fix = ok
            .then(|| doc.edit(whole.clone(), written, replacement.clone()))
            .flatten()
            .and_then(|e| Fix::safe([e]));
        report
            .report(whole, "pad embed `{%preview %}`")
            .with_fix(["Write it as `", &replacement, "`"].concat(), fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search finds where every tag and embed mark starts (their lines are all the rule
    /// reads) and whether there is any mark, as a plain search of each says, with SIMD and
    /// without: every text of up to five pieces, marks among them.
    #[test]
    fn marks_are_found_as_a_plain_search_finds_them() {
        let pieces = ["[name=", "[time=", "{%", ":::", ":", "[", "{", "%", "x"];
        let packed = packed::Searcher::new(MARK_PATTERNS);
        let mut text = String::new();
        for len in 0..=5u32 {
            for mut code in 0..pieces.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push_str(pieces[code % pieces.len()]);
                    code /= pieces.len();
                }
                let tags: Vec<usize> = (0..text.len())
                    .filter(|&i| {
                        MARK_PATTERNS[..CONTAINER_MARK]
                            .iter()
                            .any(|m| text[i..].starts_with(m))
                    })
                    .collect();
                let any = MARK_PATTERNS.iter().any(|m| text.contains(m));
                for searcher in [packed.as_ref(), None] {
                    let (mut found_tags, mut found_any) = (Vec::new(), false);
                    marks_with(searcher, text.as_bytes(), |pattern, at| {
                        found_any = true;
                        if pattern != CONTAINER_MARK {
                            found_tags.push(at);
                        }
                    });
                    assert_eq!((found_tags, found_any), (tags.clone(), any), "{text:?}");
                }
            }
        }
    }

    /// Texts and paragraphs are read only on the lines of a mark: a tag on a paragraph's
    /// third line, an embed on its second, a container on a line of its own, and a tag-like
    /// text with no mark in its source (written with an entity) are each found or not as
    /// when every text was read.
    #[test]
    fn only_the_lines_of_marks_are_read() {
        let rules = crate::linter::RuleSet::single(
            crate::rules::find("pad-syntax").expect("the rule"),
            toml::Table::new(),
        )
        .expect("default options");
        let text = ":::info\n\none\n{%preview https://a.org %}\nsaid [name=Min] so\n\n[name&#61;x] and &#58;::spoiler\n";
        let found: Vec<(usize, String)> = crate::fixer::check(text, None, &rules)
            .into_iter()
            .map(|d| (d.range.start, d.message.into_owned()))
            .collect();
        let at = |s: &str| text.find(s).expect("in the text");
        assert_eq!(
            found,
            [
                (0, "pad container `:::info`".to_string()),
                (at("{%"), "pad embed `{%preview %}`".to_string()),
                (at("[name=Min]"), "pad tag `[name=Min]`".to_string()),
            ]
        );
    }
}
