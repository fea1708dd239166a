use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds, has_ancestor};

declare_rule! {
    /// ## What it does
    /// Finds URLs written bare in the text, not in `<...>`, a link or code, and wraps them in
    /// `<...>`.
    ///
    /// Trailing punctuation that is not part of the URL (`.` `,` `;` `:` and an unbalanced
    /// `)`) stays outside the brackets. Nothing in code spans, code blocks or HTML is reported,
    /// nor text inside a link. A URL holding a control character, which `<...>` may not hold,
    /// right after `](` or `]:` and any whitespace (where `<...>` would become a link's
    /// destination, or a link reference definition's), or right after a
    /// backslash (which would escape the `<`), is reported without a fix; so is one next to a
    /// run of `*`, `_` or `~` with no whitespace on the run's other side (`~(~https://x`),
    /// which the brackets could turn into emphasis or a strikethrough, and one after raw
    /// HTML left open in its paragraph (`<!x https://x`), which the closing `>` would close.
    ///
    /// ## Why is this bad?
    /// Whether a bare URL becomes a link depends on the renderer's extensions, and where it
    /// ends is guessed: the archive's convention, and mdformat's, is `<https://...>`, which
    /// every CommonMark renderer links the same way.
    ///
    /// ## Example
    /// ```markdown
    /// - see https://github.com/jupyterhub/jupyterhub/pull/4594.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - see <https://github.com/jupyterhub/jupyterhub/pull/4594>.
    /// ```
    ///
    /// ## Options
    /// - `schemes` (list of strings): the URL schemes reported. Default: `http`, `https`,
    ///   `ftp`. (`www.` links and e-mail addresses are not reported: `<www.x.org>` is not a link.)
    pub struct BareUrl {
        options: Options,
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub schemes: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            schemes: ["http", "https", "ftp"].map(String::from).to_vec(),
        }
    }
}

impl Configurable for BareUrl {
    type Options = Options;
    fn new(options: Options) -> Self {
        BareUrl { options }
    }
}

impl Rule for BareUrl {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let mut open_html = super::inline::OpenHtml::default();
        for node in doc.nodes_in_window(Kinds::LINK) {
            let NodeValue::Link(link) = &node.data().value else {
                continue;
            };
            // A link from the autolink extension spans exactly its URL in the source; `<...>`
            // and `[...](...)` links start with their bracket.
            let range = doc.node_range(node);
            let source = doc.text(range.clone());
            if source != link.url || !self.reported_scheme(&link.url) {
                continue;
            }
            if has_ancestor(node, |v| {
                matches!(v, NodeValue::Link(_) | NodeValue::Image(_))
            }) {
                continue;
            }
            let diagnostic = report.report(range.clone(), ["bare URL `", source, "`"].concat());
            // An autolink holds no control character, space, `<` or `>` (CommonMark): such a
            // URL in `<...>` would no longer be a link.
            // Right after `](` or `]:` (and whitespace), `<url>` would be a link's destination:
            // `[a]( http://m( "")`, text while the URL runs on past the `(`, would become a
            // link, and `[a]: http://m( ""` a link reference definition.
            let after_link_text = super::inline::destination_follows(&doc.source[..range.start]);
            // After a backslash, `<` would be an escaped `<`, not an autolink's start.
            let after_backslash = doc.source[..range.start].ends_with('\\');
            // An emphasis or strikethrough delimiter run next to the URL would see `<` or `>`
            // (punctuation) where it saw the URL's letter, and could open or close where it
            // did not (`~(~http://x`): unless whitespace (or the line's end) is on its other
            // side, which keeps it as it was. A run is of one character: another delimiter
            // after it is punctuation on its other side (`http://g*~*`).
            let delimiter = |c: &char| matches!(c, '*' | '_' | '~');
            let spaced = |c: Option<char>| c.is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
            let before = &doc.source[..range.start];
            let flips_before = (before.chars().next_back().filter(delimiter))
                .is_some_and(|d| !spaced(before.trim_end_matches(d).chars().next_back()));
            let after = &doc.source[range.end..];
            let flips_after = source.ends_with(char::is_alphanumeric)
                && (after.chars().next().filter(delimiter))
                    .is_some_and(|d| !spaced(after.trim_start_matches(d).chars().next()));
            // The `>` written after the URL could close raw HTML left open before it.
            let html_open = open_html.before(doc, node, range.start);
            if after_link_text
                || after_backslash
                || html_open
                || flips_before
                || flips_after
                || !super::inline::autolinkable(source)
            {
                diagnostic.with_fix("Write it as a link, `[text](url)`", None);
                continue;
            }
            let edits = [
                doc.edit(range.start..range.start, "", "<"),
                doc.edit(range.end..range.end, "", ">"),
            ];
            let fix = match edits {
                [Some(open), Some(close)] => Fix::safe([open, close]),
                _ => None,
            };
            diagnostic.with_fix("Wrap it in `<...>`", fix);
        }
    }
}

impl BareUrl {
    fn reported_scheme(&self, url: &str) -> bool {
        url.split_once("://").is_some_and(|(scheme, _)| {
            self.options
                .schemes
                .iter()
                .any(|s| s.eq_ignore_ascii_case(scheme))
        })
    }
}
