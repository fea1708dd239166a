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
    // A fix changes a few places of a large page: without reordering, the lines both pages
    // share at each end need no tokens. (Only a pass: the whole is compared when it fails.)
    if !allowed.order {
        let (start, b, a) = differing_middles(before, after);
        // Only a change of text outside links needs to know where the middles start.
        let in_link = allowed.text && !allowed.link_text && may_end_in_link(&before[..start]);
        if same(b, a, allowed, in_link) {
            // Debug builds (tests, fuzzing) check that the shortcut decides as the whole.
            debug_assert!(
                same(before, after, allowed, false),
                "middles pass where pages fail"
            );
            return Ok(());
        }
    }
    if same(before, after, allowed, false) {
        return Ok(());
    }
    let before: Vec<_> = tokens(before, allowed, false).collect();
    let after: Vec<_> = tokens(after, allowed, false).collect();
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

/// Whether two pages compare as [`compare`] passes them, told from parts of them: `parts`
/// pairs the ranges of `before` and `after` that hold every difference between the two, each
/// starting where a line starts with a tag other than an emphasis tag (no token crosses such a
/// cut, nor merges across it: see [`differing_middles`]), in order. The parts are compared one
/// by one, each from the link state its page has at its start, which must be the same in both:
/// wherever the parts pass, the pages do. `false` (compare the pages) when they do not, and
/// for a reordering, whose tokens are compared as a whole.
pub fn same_parts(
    before: &str,
    after: &str,
    parts: impl IntoIterator<Item = (std::ops::Range<usize>, std::ops::Range<usize>)>,
    allowed: Changes,
) -> bool {
    if allowed.order {
        return false;
    }
    let links_matter = allowed.text && !allowed.link_text;
    // Each page read once for its link states, part after part (from its start for each part,
    // a file without links took time by the square of its parts).
    let (mut before_links, mut after_links) = (LinkScan::new(before), LinkScan::new(after));
    parts.into_iter().all(|(b, a)| {
        let (b_text, a_text) = (&before[b.clone()], &after[a.clone()]);
        b_text == a_text || {
            let in_link = links_matter && before_links.at(b.start);
            (!links_matter || in_link == after_links.at(a.start))
                && same(b_text, a_text, allowed, in_link)
        }
    })
}

/// [`may_end_in_link`] of `html[..to]` for one `to` after another, each read on from the one
/// before. Each `to` starts a line: no `</a>` or `<a` crosses it.
struct LinkScan<'h> {
    html: &'h str,
    scanned: usize,
    open: bool,
}

impl<'h> LinkScan<'h> {
    fn new(html: &'h str) -> Self {
        LinkScan {
            html,
            scanned: 0,
            open: false,
        }
    }

    fn at(&mut self, to: usize) -> bool {
        debug_assert!(self.scanned <= to, "parts in order");
        self.open = may_end_in_link_after(&self.html[self.scanned..to], self.open);
        self.scanned = to;
        self.open
    }
}

/// Whether the token streams are the same once `allowed` changes are set aside; `in_link`:
/// whether both start inside a link (see [`tokens`]).
fn same(before: &str, after: &str, allowed: Changes, in_link: bool) -> bool {
    let tokens = |html| tokens(html, allowed, in_link);
    // Token streams are compared as they are cut, without collecting them, except to sort.
    match (allowed.order, allowed.removal) {
        (false, false) => tokens(before).eq(tokens(after)),
        (false, true) => is_subsequence(tokens(after), tokens(before)),
        (true, removal) => {
            let mut b: Vec<_> = tokens(before).collect();
            let mut a: Vec<_> = tokens(after).collect();
            b.sort_unstable();
            a.sort_unstable();
            if removal {
                is_subsequence(a.into_iter(), b.into_iter())
            } else {
                a == b
            }
        }
    }
}

/// `before` and `after` without the bytes they share at the start and at the end, cut where a
/// line starts with a tag other than an emphasis tag in both. No token crosses such a cut (a
/// text run ends at the `<`, a tag holds no `<`) and none merges across it (tokens merge only
/// around text and dropped emphasis tags), so the shared parts give the same tokens, and the
/// middles differ as the wholes do. With them, where they start (the shared start's length).
fn differing_middles<'a>(before: &'a str, after: &'a str) -> (usize, &'a str, &'a str) {
    let (b, a) = (before.as_bytes(), after.as_bytes());
    let cut_at = |html: &str, at: usize| {
        at == 0
            || at == html.len()
            || (html.as_bytes()[at - 1] == b'\n'
                && tag_len(&html[at..]).is_some_and(|len| !is_emphasis_tag(&html[at..at + len])))
    };
    let mut start = common_prefix(b, a);
    while start > 0 && !(cut_at(before, start) && cut_at(after, start)) {
        start = memchr::memrchr(b'\n', &b[..start - 1]).map_or(0, |i| i + 1);
    }
    let shared_end = common_prefix_rev(&b[start..], &a[start..]);
    // The end cut: the first line start with a tag in the shared end (the same in both).
    let mut from = b.len() - shared_end;
    let end_cut = loop {
        match memchr::memchr(b'\n', &b[from..]) {
            Some(i) if cut_at(before, from + i + 1) => break from + i + 1,
            Some(i) => from += i + 1,
            None => break b.len(),
        }
    };
    let suffix = b.len() - end_cut;
    (
        start,
        &before[start..end_cut],
        &after[start..a.len() - suffix],
    )
}

/// Whether `html` holds an opening link tag after its last `</a>`: where [`tokens`] would be
/// inside a link at its end, and also where a `<a ` it would read as text is there. Wrong
/// only towards inside, which compares more strictly: the middles then fail where the wholes
/// may pass, and the wholes are compared.
pub(crate) fn may_end_in_link(html: &str) -> bool {
    may_end_in_link_after(html, false)
}

/// [`may_end_in_link`] of a text that `html` follows, `open` telling it of the text before.
fn may_end_in_link_after(html: &str, open: bool) -> bool {
    let (from, open) = match memchr::memmem::rfind(html.as_bytes(), b"</a>") {
        Some(at) => (at + 4, false),
        None => (0, open),
    };
    open || memchr::memmem::find_iter(&html.as_bytes()[from..], b"<a")
        .any(|at| opens_link(&html[from + at..]))
}

/// Whether `tag` (or the text from a `<`) is an opening link tag: `<a>` or `<a ...>`.
pub(crate) fn opens_link(tag: &str) -> bool {
    tag.strip_prefix("<a")
        .and_then(|rest| rest.bytes().next())
        .is_some_and(|b| b == b'>' || b.is_ascii_whitespace())
}

/// The length of the longest common prefix, compared 64 bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 64 <= n && a[i..i + 64] == b[i..i + 64] {
        i += 64;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The length of the longest common suffix, compared 64 bytes at a time.
fn common_prefix_rev(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + 64 <= n && a[n - i - 64..n - i] == b[n - i - 64..n - i] {
        i += 64;
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// HTML as tags and text runs, with what `allowed` permits to differ made equal. Tokens borrow
/// from `html` unless normalising changed them: a file's HTML has thousands. A link's text
/// changes only where `allowed.link_text` says: `in_link`, whether `html` starts inside one,
/// then the last link tag (`<a ...>` or `</a>`) says whether a text is.
fn tokens(html: &str, allowed: Changes, mut in_link: bool) -> impl Iterator<Item = Cow<'_, str>> {
    let mut raw = raw_tokens(html)
        .filter(move |&(token, is_tag)| !(allowed.emphasis && is_tag && is_emphasis_tag(token)))
        .peekable();
    let tokens = std::iter::from_fn(move || {
        let (first, is_tag) = raw.next()?;
        if is_tag {
            if first == "</a>" {
                in_link = false;
            } else if opens_link(first) {
                in_link = true;
            }
            return Some(if allowed.heading_levels {
                heading_level_free(first)
            } else {
                Cow::Borrowed(first)
            });
        }
        // Adjacent text runs are one run: dropped emphasis tags and lone `<`s split them.
        // (A raw text token holds a `<` only as its first byte.)
        let mut text = Cow::Borrowed(first);
        let mut raw_lt = usize::from(first.starts_with('<'));
        while let Some(&(next, false)) = raw.peek() {
            text.to_mut().push_str(next);
            raw_lt += usize::from(next.starts_with('<'));
            raw.next();
        }
        // Where blocks may be removed, the line breaks the renderer puts between block tags
        // go with them: whitespace between tags is layout, not content (dropped below), and
        // so are the line breaks at either end of a text run (`\n<!--` after a removed list
        // is the `<!--` that was there).
        if allowed.removal {
            if text.trim().is_empty() {
                return Some(Cow::Borrowed(""));
            }
            text = match text {
                Cow::Borrowed(t) => Cow::Borrowed(t.trim_matches('\n')),
                Cow::Owned(t) if t.starts_with('\n') || t.ends_with('\n') => {
                    Cow::Owned(t.trim_matches('\n').to_string())
                }
                owned => owned,
            };
        }
        // Text may change where it is allowed to, but not into HTML: comrak writes a `<` of
        // text as `&lt;`, so one here is raw HTML passed through (`<style ` left open, which a
        // corrected `<stle ` became). Their count stays.
        Some(if allowed.text && (allowed.link_text || !in_link) {
            match raw_lt {
                0 => Cow::Borrowed("\u{1}text"),
                raw => Cow::Owned(format!("\u{1}text with {raw} `<` of raw HTML")),
            }
        } else {
            text
        })
    });
    tokens.filter(|t| !t.is_empty())
}

/// Cuts HTML into (token, is_tag).
fn raw_tokens(html: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (len, is_tag) = match tag_len(rest) {
            Some(len) => (len, true),
            // Text runs to the next `<` that may start a tag (`<` is ASCII: a char boundary).
            None => (
                memchr::memchr(b'<', &rest.as_bytes()[1..]).map_or(rest.len(), |i| i + 1),
                false,
            ),
        };
        let (token, tail) = rest.split_at(len);
        rest = tail;
        Some((token, is_tag))
    })
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
    let end = memchr::memchr2(b'<', b'>', &bytes[1..])? + 1;
    (bytes[end] == b'>').then_some(end + 1)
}

fn is_emphasis_tag(tag: &str) -> bool {
    matches!(tag, "<strong>" | "</strong>" | "<em>" | "</em>")
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

    /// Parts that hold every difference decide as the pages do, a link left open before a
    /// part included; where they fail, the pages are compared.
    #[test]
    fn parts_compare_as_the_pages_do() {
        let page = |a: &str, b: &str| format!("<p>{a}</p>\n<h2>b</h2>\n<p>{b}</p>\n");
        // The pages (`y` became `z`), compared by the part from the heading on.
        let by_parts = |first: &str, allowed: Changes| {
            let (before, after) = (page(first, "y"), page(first, "z"));
            let cut = before.find("<h2>").unwrap();
            let parts = [(cut..before.len(), cut..after.len())];
            let whole = compare(&before, &after, allowed).is_ok();
            (same_parts(&before, &after, parts, allowed), whole)
        };
        assert_eq!(by_parts("x", Changes::TEXT), (true, true));
        assert_eq!(by_parts("x", Changes::NOTHING), (false, false));
        // In a link a raw `<a>` left open, the text is a link's.
        assert_eq!(by_parts("<a href=\"u\">x", Changes::TEXT), (false, false));
        assert_eq!(by_parts("<a href=\"u\">x", Changes::ANY_TEXT), (true, true));
        // A reordering is compared whole.
        assert!(!by_parts("x", Changes::ORDER.and(Changes::TEXT)).0);
    }

    /// Read on from line start to line start, the link state is the one read from the page's
    /// start.
    #[test]
    fn link_states_read_on_are_read_from_the_start() {
        let html = "<p><a href=\"u\">x</a></p>\n<p><a href=\"v\">y\n<h2>z</h2>\n<p>w</a></p>\n<p>q <a>\n<p>r</a></p>\n<a\n";
        let starts: Vec<usize> = std::iter::once(0)
            .chain(html.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let states: Vec<bool> = starts
            .iter()
            .map(|&to| may_end_in_link(&html[..to]))
            .collect();
        assert_eq!(states, [false, false, true, true, false, true, false, true]);
        // Every line start, and every other one (parts that are the same are skipped).
        for step in [1, 2] {
            let mut scan = LinkScan::new(html);
            for (&to, &state) in starts.iter().zip(&states).step_by(step) {
                assert_eq!(scan.at(to), state, "at {to}");
            }
        }
    }

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
        // Text may change, but not into raw HTML (a corrected `<stle ` was `<style `).
        let item = |text: &str| format!("<ul>\n<li>{text}</li>\n</ul>\n");
        assert!(compare(&item("&lt;stle"), &item("&lt;style"), Changes::TEXT).is_ok());
        assert!(compare(&item("&lt;stle"), &item("<style \n"), Changes::TEXT).is_err());
        assert!(compare(&item("a <x b"), &item("c <x d"), Changes::TEXT).is_ok());
        // A link keeps its text unless link text may change (a typo corrected in it); text
        // around it may change.
        let link = |text: &str, after: &str| format!("<p><a href=\"u\">{text}</a>{after}</p>\n");
        assert!(compare(&link("u", " x"), &link("a", " x"), Changes::TEXT).is_err());
        let removal = Changes::TEXT.and(Changes::REMOVAL);
        assert!(compare(&link("u", " x"), &link("a", ""), removal).is_err());
        assert!(compare(&link("u", " x"), &link("a", " x"), Changes::ANY_TEXT).is_ok());
        assert!(compare(&link("u", " x"), &link("u", " y"), Changes::TEXT).is_ok());
        let moved = "<h2>B</h2>\n<h2>A</h2>\n";
        assert!(compare("<h2>A</h2>\n<h2>B</h2>\n", moved, Changes::ORDER).is_ok());
        assert!(compare("<h2>A</h2>\n<h2>B</h2>\n", moved, Changes::NOTHING).is_err());
    }

    #[test]
    fn comparing_only_what_differs_decides_as_the_whole() {
        let page = |middle: &str| {
            format!(
                "<h2>A</h2>\n<p><em>x</em> y</p>\n<em>z</em>\n{middle}<em>w</em>\n\
                 <ul>\n<li><strong>b</strong></li>\n</ul>\n"
            )
        };
        let changes = [
            ("<p>z</p>\n", "<p>z</p>\n<p></p>\n"),
            ("<p>z</p>\n<p>q</p>\n", "<p>q</p>\n"),
            ("<h3>T</h3>\n", "<h4>T</h4>\n"),
            ("<p>z</p>\n", "<p>w</p>\n"),
            ("<p>z <em>q</em></p>\n", "<p>z q</p>\n"),
            ("<p>a</p>\n", "<ul>\n<li>a</li>\n</ul>\n"),
            ("", "<p>new</p>\n"),
            // The middles start inside the link: its text is a link's on either side.
            (
                "<p><a href=\"u\">x\n<code>c</code> y</a></p>\n",
                "<p><a href=\"u\">x\n<code>c</code> z</a></p>\n",
            ),
            (
                "<p><a href=\"u\">x</a>\n<code>c</code> y</p>\n",
                "<p><a href=\"u\">x</a>\n<code>c</code> z</p>\n",
            ),
        ];
        let kinds = [
            Changes::NOTHING,
            Changes::TEXT,
            Changes::REMOVAL,
            Changes::EMPHASIS,
            Changes::HEADING_LEVELS,
            Changes::REMOVAL.and(Changes::TEXT),
            Changes::ANY_TEXT,
        ];
        for (b, a) in changes {
            let (before, after) = (page(b), page(a));
            let (start, mb, ma) = differing_middles(&before, &after);
            let in_link = may_end_in_link(&before[..start]);
            // The heading and the list are cut off (not the lines next to emphasis tags).
            for middle in [mb, ma] {
                assert!(
                    !middle.contains("<h2>") && !middle.contains("<strong>"),
                    "{middle:?}"
                );
            }
            for allowed in kinds {
                let whole = same(&before, &after, allowed, false);
                let middles = same(mb, ma, allowed, in_link);
                assert_eq!(middles, whole, "{b:?} -> {a:?}, {allowed:?}");
                assert_eq!(compare(&before, &after, allowed).is_ok(), whole);
            }
        }
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
