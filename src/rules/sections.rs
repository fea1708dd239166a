//! Section names as the notes write them, with their decorations dropped.

use std::borrow::Cow;

/// The standard sections of a meeting since 2024: a level-3 heading whose name starts with one
/// of these is not a topic.
pub fn default_standard_sections() -> Vec<String> {
    [
        "check-in",
        "attendees",
        "introductions",
        "introduce yourself",
        "getting to know each other",
        "ice breaker",
        "celebrations",
        "agenda",
        "breakout",
        "break out",
        "possible breakout",
        "notes",
    ]
    .map(String::from)
    .to_vec()
}

/// A heading's name for matching: lowercased, with emoji, `:shortcodes:` and punctuation other
/// than `-` dropped, and runs of spaces folded.
pub fn normalize(name: &str) -> String {
    // One pass, ASCII first: every heading is normalised, once per rule.
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if word.len() > 2 && word.starts_with(':') && word.ends_with(':') {
            continue;
        }
        let mut space = !out.is_empty();
        for c in word.chars() {
            let kept = if c.is_ascii() {
                c.is_ascii_alphanumeric() || c == '-'
            } else {
                c.is_alphanumeric()
            };
            if !kept {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// Whether normalised `name` starts with the words of normalised `prefix`; with `plural`, the
/// last word may take an `s`.
fn starts_with_words(name: &str, prefix: &str, plural: bool) -> bool {
    name.strip_prefix(prefix).is_some_and(|rest| {
        let rest = if plural {
            rest.strip_prefix('s').unwrap_or(rest)
        } else {
            rest
        };
        rest.is_empty() || rest.starts_with(' ')
    })
}

/// `text` normalised, borrowed when it already is (as configured names usually are): a name is
/// compared with every heading, and this keeps that free of allocations.
fn normalized(text: &str) -> Cow<'_, str> {
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b' ')
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ");
    if plain {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalize(text))
    }
}

/// Whether `name` is the heading `wanted` or starts with its words (`Notes for room 1` is a
/// `Notes` heading), both normalised.
pub fn names_heading(name: &str, wanted: &str) -> bool {
    starts_with_words(&normalize(name), &normalized(wanted), false)
}

pub fn starts_with_any(name: &str, prefixes: &[String]) -> bool {
    let name = normalize(name);
    // Word for word, allowing a plural: `breakout` names `Breakouts` too.
    prefixes.iter().any(|p| {
        // A prefix starting with a lowercase letter or digit keeps it when normalised: a
        // different first letter settles it without normalising the prefix.
        let first = p.as_bytes().first().copied().unwrap_or(b' ');
        let settled = (first.is_ascii_lowercase() || first.is_ascii_digit())
            && name.as_bytes().first() != Some(&first);
        !settled && starts_with_words(&name, &normalized(p), true)
    })
}

pub fn topics<'d, 'a>(
    doc: &'d crate::document::Document<'a>,
    standard: &'d [String],
) -> impl Iterator<Item = &'d crate::document::Section> + 'd {
    doc.outline
        .meetings
        .iter()
        .flat_map(|m| &m.sections)
        .filter(move |s| !starts_with_any(&doc.outline.heading(s.heading).text, standard))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decorations_and_case_do_not_matter() {
        let standard = default_standard_sections();
        for name in [
            "Check-in 💁",
            "Celebrations and Shout-Outs :tada:",
            "Agenda / Notes",
            "Possible breakouts/topics",
            "Notes for Breakout room 1: JupyterHub",
            "Ice breaker 🧊⛏️",
        ] {
            assert!(starts_with_any(name, &standard), "{name}");
        }
        for name in ["User-initiated sharing", "Notebook sharing", "Maintenance"] {
            assert!(!starts_with_any(name, &standard), "{name}");
        }
        assert!(!starts_with_any("Agendas2", &standard));
        assert!(!starts_with_any("Notesy", &standard));
    }

    #[test]
    fn normalize_drops_shortcodes_and_punctuation() {
        assert_eq!(
            normalize("  Celebrations & Shout-Outs :tada: "),
            "celebrations shout-outs"
        );
        assert_eq!(normalize("Notes (room 1)"), "notes room 1");
        assert_eq!(normalize("ÉTÉ"), "été");
        assert_eq!(normalize(":x:"), "");
    }

    #[test]
    fn heading_names_match_word_for_word() {
        assert!(names_heading("Notes", "notes"));
        assert!(names_heading("Notes for room 1 :memo:", "Notes"));
        assert!(!names_heading("Notebook", "Notes"));
        assert!(!names_heading("Notes", "Notes for room"));
        assert!(!names_heading("Notess", "Notes"));
    }
}
