//! Verified rewrites: a fix may change the rendered document only in the ways its rule
//! declares ([`Changes`]). Both texts are rendered to HTML with the site's options and compared
//! token by token after the declared changes are normalised away.

use crate::diagnostic::Changes;

/// Compares two renderings; `Err` says what changed that no rule declared.
pub fn compare(before: &str, after: &str, allowed: Changes) -> Result<(), String> {
    if before == after {
        return Ok(());
    }
    let before = tokens(before, allowed);
    let after = tokens(after, allowed);
    let same = match (allowed.order, allowed.removal) {
        (false, false) => before == after,
        (false, true) => is_subsequence(&after, &before),
        (true, removal) => {
            let (mut b, mut a) = (before.clone(), after.clone());
            b.sort_unstable();
            a.sort_unstable();
            if removal {
                is_subsequence(&a, &b)
            } else {
                a == b
            }
        }
    };
    if same {
        return Ok(());
    }
    let at = before
        .iter()
        .zip(&after)
        .position(|(b, a)| b != a)
        .unwrap_or(before.len().min(after.len()));
    let show = |t: &[String]| {
        t.get(at)
            .map_or("<end>".to_string(), |s| s.chars().take(60).collect())
    };
    Err(format!(
        "the rendered document would change beyond what the rules declare: `{}` became `{}`",
        show(&before),
        show(&after)
    ))
}

/// HTML as tags and text runs, with what `allowed` permits to differ made equal.
fn tokens(html: &str, allowed: Changes) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (token, tail) = match tag_len(rest) {
            Some(len) => rest.split_at(len),
            // Text runs to the next `<` that may start a tag.
            // (`<` is ASCII: splitting before one is on a char boundary.)
            None => match rest.bytes().skip(1).position(|b| b == b'<') {
                Some(i) => rest.split_at(i + 1),
                None => (rest, ""),
            },
        };
        rest = tail;
        let is_tag = tag_len(token).is_some();
        let mut token = token.to_string();
        if allowed.heading_levels && is_tag {
            token = heading_level_free(&token);
        }
        if allowed.text && !is_tag {
            token = "\u{1}text".into();
        }
        out.push(token);
    }
    out
}

/// The length of the tag at the start of `html`, if one is there: `<` then a letter, `/`, `!`
/// or `?`, up to the first `>`, with no `<` before it. Raw HTML passed through from the source
/// may hold a lone `<` (`<x: not a tag`): it is text, and must not swallow the real tag after it.
fn tag_len(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    if bytes.first() != Some(&b'<')
        || !bytes
            .get(1)
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
    {
        return None;
    }
    let end = html[1..].find(['<', '>'])? + 1;
    (bytes[end] == b'>').then_some(end + 1)
}

fn heading_level_free(tag: &str) -> String {
    let b = tag.as_bytes();
    let at = if tag.starts_with("</") { 2 } else { 1 };
    if b.len() > at + 1 && b[at] == b'h' && (b'1'..=b'6').contains(&b[at + 1]) {
        format!("{}h{}", &tag[..at], &tag[at + 2..])
    } else {
        tag.to_string()
    }
}

fn is_subsequence(small: &[String], big: &[String]) -> bool {
    let mut big = big.iter();
    small.iter().all(|s| big.any(|b| b == s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_declared_changes_pass() {
        let h2 = "<h2>Agenda</h2>\n<p>x</p>\n";
        let h3 = "<h3>Agenda</h3>\n<p>x</p>\n";
        assert!(compare(h2, h3, Changes::NOTHING).is_err());
        assert!(compare(h2, h3, Changes::HEADING_LEVELS).is_ok());
        assert!(compare(h2, "<h2>Agenda</h2>\n<p>y</p>\n", Changes::HEADING_LEVELS).is_err());
        assert!(compare(h2, "<h2>Agenda</h2>\n<p>y</p>\n", Changes::TEXT).is_ok());
        let list = "<ul>\n<li>a</li>\n<li></li>\n</ul>\n";
        assert!(compare(list, "<ul>\n<li>a</li>\n</ul>\n", Changes::REMOVAL).is_ok());
        assert!(compare(list, "<ul>\n<li>b</li>\n</ul>\n", Changes::REMOVAL).is_err());
        // A lone `<` in raw HTML is text: the heading tag after it is still a tag.
        let raw = |h: &str| format!("<div>\n<x\n{h}Topic</{}>\n", &h[1..3]);
        assert!(compare(&raw("<h3>"), &raw("<h4>"), Changes::HEADING_LEVELS).is_ok());
        assert!(compare(&raw("<h3>"), &raw("<h4>"), Changes::NOTHING).is_err());
        assert!(compare("<p>é<x</p>\n", "<p>é<x</p>\n", Changes::NOTHING).is_ok());
        assert!(compare("<p>é<b>x</b></p>\n", "<p>é<b>y</b></p>\n", Changes::NOTHING).is_err());
        let moved = "<h2>B</h2>\n<h2>A</h2>\n";
        assert!(compare("<h2>A</h2>\n<h2>B</h2>\n", moved, Changes::ORDER).is_ok());
        assert!(compare("<h2>A</h2>\n<h2>B</h2>\n", moved, Changes::NOTHING).is_err());
    }
}
