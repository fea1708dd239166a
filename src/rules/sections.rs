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
    if name.is_ascii() {
        normalize_ascii(name.as_bytes())
    } else {
        normalize_chars(name)
    }
}

fn normalize_chars(name: &str) -> String {
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

/// [`normalize`] of an ASCII name (most headings), a byte at a time: the words are split at
/// the ASCII chars `char::is_whitespace` takes (`\x0b` too), and only ASCII bytes are written.
fn normalize_ascii(name: &[u8]) -> String {
    let mut out = Vec::with_capacity(name.len());
    normalize_ascii_into(name, |b| out.push(b));
    String::from_utf8(out).expect("ASCII bytes")
}

/// [`normalize`] of an ASCII name, its bytes handed to `push` in turn (never more than the
/// name's).
#[inline]
fn normalize_ascii_into(name: &[u8], mut push: impl FnMut(u8)) {
    let mut empty = true;
    let words = name
        .split(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        .filter(|word| !word.is_empty());
    for word in words {
        if word.len() > 2 && word.starts_with(b":") && word.ends_with(b":") {
            continue;
        }
        let mut space = !empty;
        for &b in word {
            if !(b.is_ascii_alphanumeric() || b == b'-') {
                space = !empty;
                continue;
            }
            if space {
                push(b' ');
                space = false;
            }
            push(b.to_ascii_lowercase());
            empty = false;
        }
    }
}

/// Whether normalised `name` starts with the words of normalised `prefix`; with `plural`, the
/// last word may take an `s`.
fn starts_with_words(name: &str, prefix: &str, plural: bool) -> bool {
    // Most names differ from most prefixes at their first byte: told without a comparison of
    // the rest (a call to memcmp).
    if !prefix.is_empty() && name.as_bytes().first() != prefix.as_bytes().first() {
        return false;
    }
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

/// Configured section names, normalised once: each is compared with every section heading.
#[derive(Debug)]
pub struct SectionNames {
    normalized: Vec<String>,
}

impl SectionNames {
    pub fn new(names: &[String]) -> Self {
        SectionNames {
            normalized: names.iter().map(|n| normalize(n)).collect(),
        }
    }

    /// Whether `name` starts with the words of one of the names, word for word, allowing a
    /// plural: `breakout` names `Breakouts` too.
    pub fn start(&self, name: &str) -> bool {
        // Headings are short: an ASCII one is normalised on the stack, with no allocation
        // (every section's heading is asked, by two rules).
        let mut buffer = [0u8; 128];
        let name: Cow<'_, str> = if name.len() <= buffer.len() && name.is_ascii() {
            let mut len = 0;
            normalize_ascii_into(name.as_bytes(), |b| {
                buffer[len] = b;
                len += 1;
            });
            Cow::Borrowed(std::str::from_utf8(&buffer[..len]).expect("ASCII bytes"))
        } else {
            Cow::Owned(normalize(name))
        };
        self.normalized
            .iter()
            .any(|prefix| starts_with_words(&name, prefix, true))
    }
}

/// The sections of the meetings that are topics: not one of the `standard` sections.
pub fn topics<'d, 'a>(
    doc: &'d crate::document::Document<'a>,
    standard: &'d SectionNames,
) -> impl Iterator<Item = &'d crate::document::Section> + 'd {
    doc.outline
        .meetings
        .iter()
        .flat_map(|m| &m.sections)
        .filter(move |s| !standard.start(&doc.outline.heading(s.heading).text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytewise normalising of ASCII names is the char by char one: every string of up
    /// to 6 chars of an alphabet of letters, digits, kept and dropped punctuation and every
    /// ASCII whitespace char.
    #[test]
    fn ascii_names_normalise_as_any_other() {
        let alphabet = ['a', 'B', '1', '-', ':', '!', ' ', '\t', '\x0b', '\x1f'];
        crate::every_string(&alphabet, 6, |name| {
            assert_eq!(
                normalize_ascii(name.as_bytes()),
                normalize_chars(name),
                "{name:?}"
            );
        });
    }

    #[test]
    fn decorations_and_case_do_not_matter() {
        let standard = SectionNames::new(&default_standard_sections());
        for name in [
            "Check-in 💁",
            "Celebrations and Shout-Outs :tada:",
            "Agenda / Notes",
            "Possible breakouts/topics",
            "Notes for Breakout room 1: JupyterHub",
            "Ice breaker 🧊⛏️",
        ] {
            assert!(standard.start(name), "{name}");
        }
        for name in ["User-initiated sharing", "Notebook sharing", "Maintenance"] {
            assert!(!standard.start(name), "{name}");
        }
        assert!(!standard.start("Agendas2"));
        assert!(!standard.start("Notesy"));
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
