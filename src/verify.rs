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
    let mut raw: Vec<&str> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (token, tail) = match rest.find('<') {
            Some(0) => match rest.find('>') {
                Some(end) => rest.split_at(end + 1),
                None => (rest, ""),
            },
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        rest = tail;
        raw.push(token);
    }
    let mut merged: Vec<String> = Vec::new();
    let mut last_is_text = false;
    for token in raw {
        let is_tag = token.starts_with('<');
        if allowed.emphasis && is_tag && is_emphasis_tag(token) {
            continue;
        }
        // With emphasis tags dropped, the text runs they split are one run again.
        match merged.last_mut() {
            Some(last) if last_is_text && !is_tag => last.push_str(token),
            _ => merged.push(token.to_string()),
        }
        last_is_text = !is_tag;
    }
    merged
        .into_iter()
        .map(|token| {
            let is_tag = token.starts_with('<');
            if allowed.heading_levels && is_tag {
                heading_level_free(&token)
            } else if allowed.text && !is_tag {
                "\u{1}text".into()
            } else {
                token
            }
        })
        .collect()
}

fn is_emphasis_tag(tag: &str) -> bool {
    matches!(tag, "<strong>" | "</strong>" | "<em>" | "</em>")
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
        let moved = "<h2>B</h2>\n<h2>A</h2>\n";
        assert!(compare("<h2>A</h2>\n<h2>B</h2>\n", moved, Changes::ORDER).is_ok());
        assert!(compare("<h2>A</h2>\n<h2>B</h2>\n", moved, Changes::NOTHING).is_err());
    }

    #[test]
    fn emphasis_may_come_and_go_around_the_same_text() {
        let plain = "<li>Description: x</li>\n";
        let bold = "<li><strong>Description:</strong> x</li>\n";
        assert!(compare(plain, bold, Changes::NOTHING).is_err());
        assert!(compare(plain, bold, Changes::EMPHASIS).is_ok());
        assert!(compare(bold, plain, Changes::EMPHASIS).is_ok());
        let other_text = "<li><strong>Description:</strong> y</li>\n";
        assert!(compare(plain, other_text, Changes::EMPHASIS).is_err());
        let link = "<li><a href=\"x\">Description:</a> x</li>\n";
        assert!(compare(plain, link, Changes::EMPHASIS).is_err());
        let moved_colon = "<li><strong>Description</strong>: x</li>\n";
        assert!(compare(moved_colon, bold, Changes::EMPHASIS).is_ok());
        assert!(compare(moved_colon, bold, Changes::NOTHING).is_err());
    }
}
