use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::document::{Document, Kinds, has_ancestor};

declare_rule! {
    /// ## What it does
    /// Finds a link written inside another link: in its target (`[text]([url](url))`, usually
    /// a pad pasting a link where a URL was expected) or in its text (`[see [x](u)](v)` or
    /// `[see <https://x>](v)`).
    ///
    /// There is no fix: which of the two URLs was meant is for the author to say.
    ///
    /// ## Why is this bad?
    /// A link target holding `[url](url)` is not a URL: the link goes to a page that does not
    /// exist. Links cannot contain links: the page gets broken markup, and the text shows
    /// stray brackets.
    ///
    /// ## Example
    /// ```markdown
    /// - [the PR]([https://github.com/jupyterhub/jupyterhub/pull/5192](https://github.com/jupyterhub/jupyterhub/pull/5192))
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - [the PR](https://github.com/jupyterhub/jupyterhub/pull/5192)
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct NestedLink;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for NestedLink {
    type Options = Options;
    fn new(_: Options) -> Self {
        NestedLink
    }
}

/// Whether a link target is itself written as a Markdown link: `[...](...)`.
fn target_is_link(url: &str) -> bool {
    url.starts_with('[') && url.contains("](") && url.ends_with(')')
}

impl Rule for NestedLink {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for node in doc.nodes_in_window(Kinds::LINK) {
            let NodeValue::Link(link) = &node.data().value else {
                continue;
            };
            // Its range only for a report, or for the rare link after a `[`.
            let range = || doc.node_range(node);
            if target_is_link(&link.url) {
                report
                    .report(range(), "a link inside a link's target")
                    .fix_title = Some("Keep only the URL as the target".into());
                continue;
            }
            if has_ancestor(node, |v| matches!(v, NodeValue::Link(_))) {
                report
                    .report(range(), "a link inside a link's text")
                    .fix_title = Some("Remove the inner link, or the outer one".into());
                continue;
            }
            // `[see [x](u)](v)`: the inner link wins and the outer brackets become text, so
            // the link is followed by `](` in the source.
            let opened_before = node.previous_sibling().is_some_and(
                |prev| matches!(&prev.data().value, NodeValue::Text(t) if t.contains('[')),
            );
            if opened_before && doc.source[range().end..].starts_with("](") {
                report
                    .report(range(), "a link inside a link's text")
                    .fix_title = Some("Remove the inner link, or the outer one".into());
            }
        }
    }
}
