//! Section names as the notes write them, with their decorations dropped.

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
    normalized_chars(name).collect()
}

/// The characters of [`normalize`]`(name)`, computed as they are read: headings are matched
/// against every standard name, and this costs no allocation.
fn normalized_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.split_whitespace()
        .filter(|word| !(word.len() > 2 && word.starts_with(':') && word.ends_with(':')))
        .flat_map(|word| word.split(|c: char| !(c.is_alphanumeric() || c == '-')))
        .filter(|piece| !piece.is_empty())
        .enumerate()
        .flat_map(|(i, piece)| {
            let space = (i > 0).then_some(' ');
            space.into_iter().chain(piece.chars().flat_map(char::to_lowercase))
        })
}

/// Whether `name` starts with the words of `prefix`, both normalised; with `plural`, the last
/// word may take an `s`.
fn starts_with_words(name: &str, prefix: &str, plural: bool) -> bool {
    let mut name = normalized_chars(name);
    if !normalized_chars(prefix).all(|p| name.next() == Some(p)) {
        return false;
    }
    match name.next() {
        None | Some(' ') => true,
        Some('s') if plural => matches!(name.next(), None | Some(' ')),
        Some(_) => false,
    }
}

/// Whether `name` is the heading `wanted` or starts with its words (`Notes for room 1` is a
/// `Notes` heading), both normalised.
pub fn names_heading(name: &str, wanted: &str) -> bool {
    starts_with_words(name, wanted, false)
}

pub fn starts_with_any(name: &str, prefixes: &[String]) -> bool {
    // Word for word, allowing a plural: `breakout` names `Breakouts` too.
    prefixes.iter().any(|p| starts_with_words(name, p, true))
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
        assert_eq!(normalize("  Celebrations & Shout-Outs :tada: "), "celebrations shout-outs");
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
