//! Inline syntax that several rules must read alike: entity references, what `<url>` links,
//! and the lines that read as link reference definitions (which comrak keeps out of the tree).

/// `&name;`, `&#123;` or `&#x1F;` at the start of `text` (the text after a `&`).
pub fn starts_entity(text: &str) -> bool {
    let body = text.strip_prefix('#').unwrap_or(text);
    let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    name_len > 0 && body[name_len..].starts_with(';')
}

/// Whether `url` is an absolute URI that CommonMark links as `<url>`, to the same target: a
/// scheme of 2 to 32 characters, a colon, and no space, control character, `<` or `>`, nor
/// an entity reference (`&amp;`), which `<...>` decodes where the text it came from did not.
pub fn autolinkable(url: &str) -> bool {
    if url
        .match_indices('&')
        .any(|(at, _)| starts_entity(&url[at + 1..]))
    {
        return false;
    }
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    (2..=32).contains(&scheme.len())
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// The label of each line that starts (after indentation) like a link reference definition,
/// `[label]:` (or a footnote's, `[^label]:`), as written. Lines in code count too: callers use
/// it only to withhold a fix.
pub fn definition_labels(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let rest = line.trim_start().strip_prefix('[')?;
        rest.split_once("]:").map(|(label, _)| label)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autolinkable_urls() {
        assert!(autolinkable("https://x.org/a_b?c=d&e"));
        assert!(autolinkable("mailto:a@b.c"));
        assert!(!autolinkable("www.x.org"));
        assert!(!autolinkable("https://x.org/a b"));
        assert!(!autolinkable("x:y"));
        assert!(!autolinkable("https://x.org/?a=1&amp;b=2"));
        assert!(!autolinkable("https://x.org/?a=1&#38;b=2"));
        assert!(autolinkable("https://x.org/?a=1&b=2;c"));
    }
}
