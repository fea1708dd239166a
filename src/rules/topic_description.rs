use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::sections::{SectionNames, default_standard_sections, topics};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::document::{Document, plain_text};

declare_rule! {
    /// ## What it does
    /// Checks that every topic section starts with a `- **Description:** ...` bullet.
    ///
    /// A topic is a level-3 section under a meeting whose name is not one of the standard
    /// sections (Check-in, Ice breaker, Celebrations, Agenda, Breakout rooms, Notes, ...).
    ///
    /// ## Why is this bad?
    /// The description is how people decide which breakout room to join, and how readers of the
    /// archive find what a topic was about. The topic template puts it first.
    ///
    /// ## Example
    /// ```markdown
    /// # 2023 Collaboration Cafe Notes Archive
    ///
    /// ## 2023-10-17
    ///
    /// ### User-initiated sharing
    ///
    /// #### Notes
    ///
    /// - make it opt-in
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 2023 Collaboration Cafe Notes Archive
    ///
    /// ## 2023-10-17
    ///
    /// ### User-initiated sharing
    ///
    /// - **Description:** how sharing between users should work
    ///
    /// #### Notes
    ///
    /// - make it opt-in
    /// ```
    ///
    /// ## Options
    /// - `standard-sections` (list of strings): the names of sections that are not topics. A
    ///   section is standard when its name, lowercased and without emoji, `:shortcodes:` and
    ///   punctuation, starts with one of them. Default: `check-in`, `attendees`, `introductions`,
    ///   `introduce yourself`, `getting to know each other`, `ice breaker`, `celebrations`,
    ///   `agenda`, `breakout`, `break out`, `possible breakout`, `notes`.
    /// - `label` (string): the label of the bullet. Default: `Description`.
    pub struct TopicDescription {
        options: Options,
        standard_sections: SectionNames,
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub standard_sections: Vec<String>,
    pub label: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            standard_sections: default_standard_sections(),
            label: "Description".into(),
        }
    }
}

impl Configurable for TopicDescription {
    type Options = Options;
    fn new(options: Options) -> Self {
        TopicDescription {
            standard_sections: SectionNames::new(&options.standard_sections),
            options,
        }
    }
}

impl Rule for TopicDescription {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let label = format!("{}:", self.options.label.to_lowercase());
        for topic in topics(doc, &self.standard_sections) {
            let heading = doc.outline.heading(topic.heading);
            // The first block after the heading must be a list whose first item is labelled;
            // `**Description**:` and `Description:` count here (label-style checks their form).
            let first_item = heading
                .node
                .next_sibling()
                .filter(|n| matches!(n.data().value, NodeValue::List(_)))
                .and_then(|list| list.first_child());
            let labelled = first_item.is_some_and(|item| {
                plain_text(item)
                    .trim_start()
                    .to_lowercase()
                    .starts_with(&label)
            });
            if !labelled {
                report
                    .report(
                        heading.range.clone(),
                        format!(
                            "topic `{}` does not start with a `- **{}:**` bullet",
                            heading.text, self.options.label
                        ),
                    )
                    .fix_title = Some(
                    format!(
                        "Add `- **{}:** ...` as the first bullet under the heading",
                        self.options.label
                    )
                    .into(),
                );
            }
        }
    }
}
