use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::Document;

declare_rule! {
    /// ## What it does
    /// Checks that headings go down one level at a time: a `#####` right under a `###`
    /// skips a level.
    ///
    /// The fix moves the heading up to one level below the heading before it, and with it the
    /// headings that follow it down to the next one above its old level, by the same number
    /// of levels. Which heading is under which does not change, so the fix is safe. Headings
    /// in code blocks, lists and quotes are not part of the outline and are not checked.
    ///
    /// ## Why is this bad?
    /// The docs site builds its table of contents from the heading levels; a skipped level
    /// leaves an entry with no parent, and Sphinx (MyST) warns about it, which fails the
    /// site's build (warnings are errors).
    ///
    /// ## Example
    /// ```markdown
    /// # 2025 Collaboration Cafe Notes Archive
    ///
    /// ## 2025-09-02
    ///
    /// ### Break out sessions
    ///
    /// ##### Plan the leadership retreat
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 2025 Collaboration Cafe Notes Archive
    ///
    /// ## 2025-09-02
    ///
    /// ### Break out sessions
    ///
    /// #### Plan the leadership retreat
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct HeadingIncrement;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for HeadingIncrement {
    type Options = Options;
    fn new(_: Options) -> Self {
        HeadingIncrement
    }
}

impl Rule for HeadingIncrement {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let headings = &doc.outline.headings;
        for (index, pair) in headings.windows(2).enumerate() {
            let (previous, heading) = (&pair[0], &pair[1]);
            if heading.level <= previous.level + 1 {
                continue;
            }
            let gap = usize::from(heading.level - previous.level - 1);
            // The heading and those after it until one above its level: moved together, they
            // keep their nesting.
            let moved = headings[index + 1..]
                .iter()
                .take_while(|h| h.level >= heading.level);
            let edits = moved
                .map(|h| {
                    let text = doc.text(h.range.clone());
                    let at = h.range.start + (text.len() - text.trim_start().len());
                    (!h.setext)
                        .then(|| doc.edit(at..at + gap, &"#".repeat(gap), ""))
                        .flatten()
                })
                .collect::<Option<Vec<_>>>();
            let wanted = previous.level + 1;
            report
                .report(
                    heading.range.clone(),
                    format!(
                        "heading level {} under a level-{} heading skips {}",
                        heading.level,
                        previous.level,
                        if gap == 1 {
                            "a level".to_string()
                        } else {
                            format!("{gap} levels")
                        }
                    ),
                )
                .with_fix(
                    format!("Make it a level-{wanted} heading"),
                    edits.and_then(Fix::safe),
                );
        }
    }
}
