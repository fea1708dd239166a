//! Verified rewrites: a fix may change the rendered document only in the ways its rule
//! declares ([`Changes`]). Both texts are rendered to HTML with the site's options and compared
//! token by token after the declared changes are normalised away.

use std::borrow::Cow;

use crate::diagnostic::Changes;

/// Compares two renderings; `Err` says what changed that no rule declared.
pub fn compare(before: &str, after: &str, allowed: Changes) -> Result<(), String> {
    if before == after {
        return Ok(());
    }
    // Token streams are compared as they are cut, without collecting them, except to sort.
    let same = match (allowed.order, allowed.removal) {
        (false, false) => tokens(before, allowed).eq(tokens(after, allowed)),
        (false, true) => is_subsequence(tokens(after, allowed), tokens(before, allowed)),
        (true, removal) => {
            let mut b: Vec<_> = tokens(before, allowed).collect();
            let mut a: Vec<_> = tokens(after, allowed).collect();
            b.sort_unstable();
            a.sort_unstable();
            if removal {
                is_subsequence(a.into_iter(), b.into_iter())
            } else {
                a == b
            }
        }
    };
    if same {
        return Ok(());
    }
    let before: Vec<_> = tokens(before, allowed).collect();
    let after: Vec<_> = tokens(after, allowed).collect();
    let at = before
        .iter()
        .zip(&after)
        .position(|(b, a)| b != a)
        .unwrap_or(before.len().min(after.len()));
    let show = |t: &[Cow<str>]| {
        t.get(at)
            .map_or("<end>".to_string(), |s| s.chars().take(60).collect())
    };
    Err(format!(
        "the rendered document would change beyond what the rules declare: `{}` became `{}`",
        show(&before),
        show(&after)
    ))
}

/// HTML as tags and text runs, with what `allowed` permits to differ made equal. Tokens borrow
/// from `html` unless normalising changed them: a file's HTML has thousands.
fn tokens(html: &str, allowed: Changes) -> impl Iterator<Item = Cow<'_, str>> {
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let is_tag = bytes[0] == b'<';
        // `<` and `>` are ASCII, so every cut is on a char boundary.
        let end = if is_tag {
            memchr::memchr(b'>', bytes).map_or(rest.len(), |i| i + 1)
        } else {
            memchr::memchr(b'<', bytes).unwrap_or(rest.len())
        };
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(if allowed.heading_levels && is_tag {
            heading_level_free(token)
        } else if allowed.text && !is_tag {
            Cow::Borrowed("\u{1}text")
        } else {
            Cow::Borrowed(token)
        })
    })
}

fn heading_level_free(tag: &str) -> Cow<'_, str> {
    let b = tag.as_bytes();
    let at = if tag.starts_with("</") { 2 } else { 1 };
    if b.len() > at + 1 && b[at] == b'h' && (b'1'..=b'6').contains(&b[at + 1]) {
        Cow::Owned(format!("{}h{}", &tag[..at], &tag[at + 2..]))
    } else {
        Cow::Borrowed(tag)
    }
}

/// Whether every token of `small` is in `big`, in the same order.
fn is_subsequence<'a>(
    mut small: impl Iterator<Item = Cow<'a, str>>,
    mut big: impl Iterator<Item = Cow<'a, str>>,
) -> bool {
    small.all(|s| big.any(|b| b == s))
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
}
