use serde::Deserialize;

use super::sections::{SectionNames, default_standard_sections, names_heading, topics};
use super::{Configurable, Reporter, Rule, declare_rule};
use crate::document::Document;

declare_rule! {
    /// ## What it does
    /// Checks that every topic section has a `Notes` heading one level below it.
    ///
    /// A topic is a level-3 section under a meeting whose name is not one of the standard
    /// sections (Check-in, Ice breaker, Celebrations, Agenda, Breakout rooms, Notes, ...).
    ///
    /// ## Why is this bad?
    /// The notes of a discussion are what the archive is for. A topic without a `Notes`
    /// heading either lost its notes in the paste, or has them mixed into its description.
    ///
    /// ## Example
    /// ```markdown
    /// # 2023 Collaboration Cafe Notes Archive
    ///
    /// ## 2023-10-17
    ///
    /// ### Misc releases
    ///
    /// - **Description:** releases that are due
    /// - oauthenticator release will be made soon
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 2023 Collaboration Cafe Notes Archive
    ///
    /// ## 2023-10-17
    ///
    /// ### Misc releases
    ///
    /// - **Description:** releases that are due
    ///
    /// #### Notes
    ///
    /// - oauthenticator release will be made soon
    /// ```
    ///
    /// ## Options
    /// - `standard-sections` (list of strings): the names of sections that are not topics, as
    ///   for `topic-description`.
    /// - `heading` (string): the name of the notes heading. Default: `Notes`.
    pub struct TopicNotes {
        options: Options,
        standard_sections: SectionNames,
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub standard_sections: Vec<String>,
    pub heading: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            standard_sections: default_standard_sections(),
            heading: "Notes".into(),
        }
    }
}

impl Configurable for TopicNotes {
    type Options = Options;
    fn new(options: Options) -> Self {
        TopicNotes {
            standard_sections: SectionNames::new(&options.standard_sections),
            options,
        }
    }
}

impl Rule for TopicNotes {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        for topic in topics(doc, &self.standard_sections) {
            let heading = doc.outline.heading(topic.heading);
            let has_notes = topic
                .subsections
                .iter()
                .any(|&i| names_heading(&doc.outline.heading(i).text, &self.options.heading));
            if !has_notes {
                let level = "#".repeat(usize::from(heading.level) + 1);
                report
                    .report(
                        heading.range.clone(),
                        format!(
                            "topic `{}` has no `{level} {}` heading",
                            heading.text, self.options.heading
                        ),
                    )
                    .fix_title = Some(
                    format!(
                        "Add a `{level} {}` heading over the topic's discussion",
                        self.options.heading
                    )
                    .into(),
                );
            }
        }
    }
}
