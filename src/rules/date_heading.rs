use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::{Changes, Fix};
use crate::document::{Date, Document};

declare_rule! {
    /// ## What it does
    /// Checks that each meeting heading (level 2, under the title) is an ISO date,
    /// `YYYY-MM-DD`, that exists in the calendar.
    ///
    /// Unambiguous other forms are fixed: `2025-10-1`, `2025/10/01`, `October 1, 2025`,
    /// `1 Oct 2025` all become `2025-10-01`. A month-only heading (`## 2024-06`) is reported
    /// without a fix, and so is a date in a link that raw HTML opened above it (`<a href=x>`
    /// with no `</a>`: the fix would change the link's text). A section heading promoted to
    /// the meeting level after a meeting (`## Agenda`, `## Check-in 💁`) is reported, and the
    /// fix moves it and the headings under it one level down.
    ///
    /// ## Why is this bad?
    /// Meetings are found, sorted and linked by their date headings; other forms break the
    /// order checks and the archive's table of contents. A section heading at the date level
    /// shows up in the table of contents as if it were a meeting.
    ///
    /// ## Example
    /// ```markdown
    /// # 2025 Collaboration Cafe Notes Archive
    ///
    /// ## 2025-10-1
    ///
    /// ### Check-in
    ///
    /// ## Agenda
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 2025 Collaboration Cafe Notes Archive
    ///
    /// ## 2025-10-01
    ///
    /// ### Check-in
    ///
    /// ### Agenda
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct DateHeading;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for DateHeading {
    type Options = Options;
    fn new(_: Options) -> Self {
        DateHeading
    }
}

impl Rule for DateHeading {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let outline = &doc.outline;
        let mut after_meeting = false;
        for meeting in &outline.meetings {
            let heading = outline.heading(meeting.heading);
            let name = heading.text.as_str();
            let range = heading.content.clone();
            match parse(name) {
                Parsed::Iso => after_meeting = true,
                Parsed::Date(y, m, d) if valid(y, m, d) => {
                    after_meeting = true;
                    let iso = format!("{y:04}-{m:02}-{d:02}");
                    let fix = doc
                        .edit(range.clone(), name, iso.clone())
                        .and_then(|e| Fix::safe([e]))
                        .map(|f| f.changing(Changes::TEXT));
                    report
                        .report(
                            range,
                            format!("meeting heading `{name}` is not an ISO date"),
                        )
                        .with_fix(format!("Write it as `{iso}`"), fix);
                }
                Parsed::Date(..) => {
                    after_meeting = true;
                    report.report(range, format!("`{name}` is not a date in the calendar"));
                }
                Parsed::Month => {
                    after_meeting = true;
                    report
                        .report(range, format!("month-only meeting heading `{name}`"))
                        .fix_title = Some("Give the meeting's full date".into());
                }
                Parsed::DateLike => {
                    after_meeting = true;
                    report.report(
                        range,
                        format!("meeting heading `{name}` is not an ISO date (YYYY-MM-DD)"),
                    );
                }
                Parsed::NotDate if after_meeting => {
                    let end = outline.section_end(meeting.heading);
                    let moved = &outline.headings[meeting.heading..end];
                    let under = moved.len() - 1;
                    let edits = moved
                        .iter()
                        .map(|h| {
                            // One more `#` in front of the marker; setext and level-6 headings
                            // cannot be moved by an insertion, so they get no fix.
                            let at = h.range.start
                                + (doc.text(h.range.clone()).len()
                                    - doc.text(h.range.clone()).trim_start().len());
                            (!h.setext && h.level < 6)
                                .then(|| doc.edit(at..at, "", "#"))
                                .flatten()
                        })
                        .collect::<Option<Vec<_>>>();
                    let title = match under {
                        0 => "Move it one level down".to_string(),
                        1 => "Move it and the heading under it one level down".to_string(),
                        n => format!("Move it and the {n} headings under it one level down"),
                    };
                    report
                        .report(
                            heading.range.clone(),
                            format!("section heading `{name}` is at the meeting level"),
                        )
                        .with_fix(
                            title,
                            edits
                                .and_then(Fix::safe)
                                .map(|f| f.changing(Changes::HEADING_LEVELS)),
                        );
                }
                Parsed::NotDate => {
                    report.report(range, format!("meeting heading `{name}` is not a date"));
                }
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    /// `YYYY-MM-DD` and a real date.
    Iso,
    /// Another unambiguous form of a date (not checked against the calendar yet), or an ISO
    /// one that is not in the calendar.
    Date(u32, u32, u32),
    /// A year and a month only.
    Month,
    /// Has a year or a month name but no form we can read without guessing.
    DateLike,
    NotDate,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    // Full names and their three-letter (or longer) prefixes: `Oct`, `Sept`.
    MONTHS
        .iter()
        .position(|m| m.starts_with(&word))
        .map(|i| i as u32 + 1)
}

fn number(word: &str, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (digits.contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// A day of the month, with an optional ordinal suffix: `1`, `01`, `1st`, `22nd`.
fn day(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(',');
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        .then(|| number(digits, 1..=2))
        .flatten()
}

fn year(word: &str) -> Option<u32> {
    number(word.trim_end_matches(','), 4..=4)
}

fn parse(text: &str) -> Parsed {
    let text = text.trim();
    // Numeric forms, year first: 2025-10-01, 2025-10-1, 2025/10/01, 2025.10.01, 2024-06.
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = text.split(sep).collect();
        match parts[..] {
            [y, m, d] => {
                if let (Some(y), Some(m), Some(d)) =
                    (number(y, 4..=4), number(m, 1..=2), number(d, 1..=2))
                {
                    let iso = sep == '-' && parts[1].len() == 2 && parts[2].len() == 2;
                    return if iso && valid(y, m, d) {
                        Parsed::Iso
                    } else {
                        Parsed::Date(y, m, d)
                    };
                }
            }
            [y, m]
                if number(y, 4..=4).is_some()
                    && number(m, 1..=2).is_some_and(|m| (1..=12).contains(&m)) =>
            {
                return Parsed::Month;
            }
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words[..] {
        // October 1, 2025 / Oct 1 2025 / October 1st, 2025
        [m, d, y] if month_number(m).is_some() && day(d).is_some() && year(y).is_some() => {
            Parsed::Date(
                year(y).unwrap_or(0),
                month_number(m).unwrap_or(0),
                day(d).unwrap_or(0),
            )
        }
        // 1 October 2025 / 1st Oct, 2025
        [d, m, y]
            if month_number(m.trim_end_matches(',')).is_some()
                && day(d).is_some()
                && year(y).is_some() =>
        {
            Parsed::Date(
                year(y).unwrap_or(0),
                month_number(m.trim_end_matches(',')).unwrap_or(0),
                day(d).unwrap_or(0),
            )
        }
        // October 2025
        [m, y] if month_number(m).is_some() && year(y).is_some() => Parsed::Month,
        _ if text.split(|c: char| !c.is_alphanumeric()).any(|w| {
            year(w).is_some_and(|y| (1900..2200).contains(&y))
                || (w.len() > 3 && month_number(w).is_some())
        }) =>
        {
            Parsed::DateLike
        }
        _ => Parsed::NotDate,
    }
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    Date::new(y, m, d).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_people_write() {
        assert_eq!(parse("2025-10-01"), Parsed::Iso);
        assert_eq!(parse("2025-10-1"), Parsed::Date(2025, 10, 1));
        assert_eq!(parse("2025/10/01"), Parsed::Date(2025, 10, 1));
        assert_eq!(parse("October 1, 2025"), Parsed::Date(2025, 10, 1));
        assert_eq!(parse("1 Oct 2025"), Parsed::Date(2025, 10, 1));
        assert_eq!(parse("Sept 2nd, 2025"), Parsed::Date(2025, 9, 2));
        assert_eq!(parse("2024-06"), Parsed::Month);
        assert_eq!(parse("2025-02-30"), Parsed::Date(2025, 2, 30));
        assert_eq!(
            parse("01/10/2025"),
            Parsed::DateLike,
            "day or month first: a guess"
        );
        assert_eq!(parse("2025-10-01 extra meeting"), Parsed::DateLike);
        assert_eq!(parse("Agenda :clock2:"), Parsed::NotDate);
        assert_eq!(parse("Check-in 💁"), Parsed::NotDate);
        assert_eq!(parse("Mayday"), Parsed::NotDate);
    }

    #[test]
    fn calendar() {
        assert!(valid(2024, 2, 29));
        assert!(!valid(2025, 2, 29));
        assert!(!valid(2025, 13, 1));
        assert!(!valid(2025, 4, 31));
    }
}
