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
    let mut words = Vec::new();
    for word in name.split_whitespace() {
        if word.len() > 2 && word.starts_with(':') && word.ends_with(':') {
            continue;
        }
        let kept: String = word
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        words.extend(kept.split_whitespace().map(str::to_lowercase));
    }
    words.join(" ")
}

/// Whether `name` starts with one of `prefixes`, word for word.
pub fn starts_with_any(name: &str, prefixes: &[String]) -> bool {
    let name = normalize(name);
    prefixes.iter().any(|p| {
        let p = normalize(p);
        // Word for word, allowing a plural: `breakout` names `Breakouts` too.
        name.strip_prefix(&p).is_some_and(|rest| {
            let rest = rest.strip_prefix('s').unwrap_or(rest);
            rest.is_empty() || rest.starts_with(' ')
        })
    })
}

/// The topic sections: level-3 sections under a meeting whose name is not a standard one.
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
    }
}
