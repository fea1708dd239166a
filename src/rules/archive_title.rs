use std::path::Path;

use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::Document;

declare_rule! {
    /// ## What it does
    /// Checks that the archive has exactly one level-1 heading, its title, written as the
    /// configured pattern (`{year} Collaboration Cafe Notes Archive`), and that the title's
    /// year agrees with the file name's.
    ///
    /// The file name's year is the last run of four digits in its name
    /// (`team-compass__docs__meetings__collab-cafe__2023.md`, `2023.md`); a file name without
    /// one is not checked against. When the year is known (from the file name, or else from
    /// the title), a wrong title gets an unsafe fix that writes the pattern with that year.
    /// A missing title and extra level-1 headings are reported without a fix, and so is a
    /// title holding a link or emphasis, or in a link that raw HTML opened above it.
    ///
    /// ## Why is this bad?
    /// The title is the page's name in the docs site's navigation, one per yearly file. A
    /// second level-1 heading makes a second page entry, and a title with the wrong year
    /// (left from copying last year's file) mislabels the whole archive.
    ///
    /// ## Example
    /// ```markdown
    /// # Collaboration Cafe notes 2025
    ///
    /// ## 2025-12-16
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 2025 Collaboration Cafe Notes Archive
    ///
    /// ## 2025-12-16
    /// ```
    ///
    /// ## Options
    /// - `pattern` (string): the title, with `{year}` standing for a four-digit year.
    ///   Default: `{year} Collaboration Cafe Notes Archive`.
    pub struct ArchiveTitle {
        options: Options,
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub pattern: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pattern: "{year} Collaboration Cafe Notes Archive".into(),
        }
    }
}

impl Configurable for ArchiveTitle {
    type Options = Options;
    fn new(options: Options) -> Self {
        ArchiveTitle { options }
    }
}

impl Rule for ArchiveTitle {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let outline = &doc.outline;
        let file_year = doc.path.and_then(file_year);
        let Some(title_index) = outline.title else {
            let expected = self.title(file_year.map_or("{year}".into(), |y| y.to_string()));
            report
                .report(0..0, "the archive has no level-1 title")
                .fix_title = Some(format!("Add `# {expected}` at the top").into());
            return;
        };
        for extra in outline.headings[title_index + 1..]
            .iter()
            .filter(|h| h.level == 1)
        {
            report
                .report(
                    extra.range.clone(),
                    format!("a second level-1 heading `{}`", extra.text),
                )
                .fix_title = Some("Keep one title: make this a lower-level heading".into());
        }
        let title = outline.heading(title_index);
        let title_year = self.year_in_title(&title.text);
        let year = file_year
            .or(title_year.flatten())
            .or_else(|| first_year(&title.text));
        let expected = year.map(|y| self.title(y.to_string()));
        let problem = match (title_year, file_year) {
            (None, _) => format!(
                "the title `{}` is not `{}`",
                title.text, self.options.pattern
            ),
            (Some(Some(t)), Some(f)) if t != f => {
                format!("the title's year {t} is not the file name's year {f}")
            }
            _ => return,
        };
        // Only plain text is rewritten: a title holding a link or emphasis would lose it.
        let plain = title
            .node
            .children()
            .all(|c| matches!(c.data().value, comrak::nodes::NodeValue::Text(_)));
        let fix = expected.as_ref().filter(|_| plain).and_then(|expected| {
            doc.edit(
                title.content.clone(),
                doc.text(title.content.clone()),
                expected.clone(),
            )
            .and_then(|e| Fix::unsafe_([e]))
        });
        let diagnostic = report.report(title.content.clone(), problem);
        match expected {
            Some(expected) => {
                diagnostic.with_fix(format!("Write the title as `{expected}`"), fix);
            }
            None => {
                diagnostic.fix_title =
                    Some(format!("Write the title as `{}`", self.options.pattern).into())
            }
        }
    }
}

impl ArchiveTitle {
    fn title(&self, year: String) -> String {
        self.options.pattern.replace("{year}", &year)
    }

    /// `None`: the title does not match the pattern; `Some(year)`: it does, with that year
    /// (`Some(None)` when the pattern has no `{year}`).
    fn year_in_title(&self, title: &str) -> Option<Option<u32>> {
        match self.options.pattern.split_once("{year}") {
            None => (title == self.options.pattern).then_some(None),
            Some((before, after)) => {
                let year = title.strip_prefix(before)?.strip_suffix(after)?;
                let year = (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| year.parse().ok())
                    .flatten()?;
                Some(Some(year))
            }
        }
    }
}

/// The year in a file name: its last run of exactly four digits.
pub fn file_year(path: &Path) -> Option<u32> {
    let stem = path.file_stem()?.to_str()?;
    last_year(stem)
}

/// The first run of exactly four digits in `text`.
pub fn first_year(text: &str) -> Option<u32> {
    digit_runs(text).first().and_then(|r| r.parse().ok())
}

fn last_year(text: &str) -> Option<u32> {
    digit_runs(text).last().and_then(|r| r.parse().ok())
}

fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_file_names_and_titles() {
        let path = Path::new("x/team-compass__docs__meetings__collab-cafe__2023.md");
        assert_eq!(file_year(path), Some(2023));
        assert_eq!(file_year(Path::new("2024-notes-v12345.md")), Some(2024));
        assert_eq!(file_year(Path::new("notes.md")), None);
        assert_eq!(first_year("2025 Collaboration Cafe"), Some(2025));
        let rule = ArchiveTitle::new(Options::default());
        assert_eq!(
            rule.year_in_title("2023 Collaboration Cafe Notes Archive"),
            Some(Some(2023))
        );
        assert_eq!(rule.year_in_title("2023 Collaboration Cafe Notes"), None);
        assert_eq!(
            rule.year_in_title("23 Collaboration Cafe Notes Archive"),
            None
        );
    }
}
