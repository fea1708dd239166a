use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::inline::{OpenBrackets, OpenHtml, autolinkable};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds, has_ancestor};

declare_rule! {
    /// ## What it does
    /// Finds links whose text is their own URL, `[https://x](https://x)`, and writes them as
    /// autolinks, `<https://x>`.
    ///
    /// The text and the destination are compared as they render (`\_` in either is `_`), and
    /// the fix writes the destination: backslash escapes are literal inside `<...>`. A link
    /// whose text differs from its destination, that has a title, or whose URL cannot be an
    /// autolink (no scheme, a space, `<` or `>`) is not reported. The rendered HTML is
    /// unchanged. A link after raw HTML left open in its paragraph (`<!x [https://x](...)`), or
    /// inside a `[` left open, is reported without a fix: the autolink's `>` would close the
    /// HTML, and a link inside brackets keeps them from being a link, where an autolink does
    /// not (`[[https://x](https://x)]()`).
    ///
    /// ## Why is this bad?
    /// Pads export links this way. The URL is written twice, often with pad escapes in one copy
    /// only, and the line is twice as long to read and to review. `<https://x>` is the
    /// archive's convention.
    ///
    /// ## Example
    /// ```markdown
    /// - [https://github.com/jupyterhub/team-compass/issues/842](https://github.com/jupyterhub/team-compass/issues/842)
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - <https://github.com/jupyterhub/team-compass/issues/842>
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct UrlAsLinkText;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for UrlAsLinkText {
    type Options = Options;
    fn new(_: Options) -> Self {
        UrlAsLinkText
    }
}

impl Rule for UrlAsLinkText {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let mut brackets = OpenBrackets::default();
        let mut open_html = OpenHtml::default();
        for node in doc.nodes_in_window(Kinds::LINK) {
            let NodeValue::Link(link) = &node.data().value else {
                continue;
            };
            let range = doc.node_range(node);
            let source = doc.text(range.clone());
            // Inline links only: `<...>` and bare autolinks do not start with `[`.
            if !source.starts_with('[') || !source.ends_with(')') || !link.title.is_empty() {
                continue;
            }
            // The text must be one plain run (no emphasis or code inside) equal to the URL.
            let mut children = node.children();
            let (Some(only), None) = (children.next(), children.next()) else {
                continue;
            };
            let NodeValue::Text(text) = &only.data().value else {
                continue;
            };
            if **text != *link.url || !autolinkable(&link.url) {
                continue;
            }
            if has_ancestor(node, |v| {
                matches!(v, NodeValue::Link(_) | NodeValue::Image(_))
            }) {
                continue;
            }
            let autolink = ["<", &link.url, ">"].concat();
            // The autolink's `>` could close raw HTML left open before the link; and the link
            // kept brackets open before it from being a link (`[[https://x](https://x)]()`),
            // which an autolink does not.
            let enclosed = brackets.before(doc, node, range.start);
            let fix = (!open_html.before(doc, node, range.start) && !enclosed)
                .then(|| doc.edit(range.clone(), source, autolink.clone()))
                .flatten()
                .and_then(|e| Fix::safe([e]));
            report
                .report(
                    range,
                    ["link text is its own URL `", &link.url, "`"].concat(),
                )
                .with_fix(["Write it as `", &autolink, "`"].concat(), fix);
        }
    }
}
