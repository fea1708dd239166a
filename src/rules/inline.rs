//! Inline syntax that several rules must read alike: entity references, what `<url>` links,
//! the lines that read as link reference definitions (which comrak keeps out of the tree), and
//! the brackets open before a place, the text of a reference link.

use comrak::nodes::NodeValue;

use crate::document::{Document, Node};

/// `&name;`, `&#123;` or `&#x1F;` at the start of `text` (the text after a `&`).
pub fn starts_entity(text: &str) -> bool {
    let body = text.strip_prefix('#').unwrap_or(text);
    let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    name_len > 0 && body[name_len..].starts_with(';')
}

/// Whether a `<url>` written right after `before` (the source up to it) would be a link's
/// destination, after `](`, or a link reference definition's, after `]:` (whitespace between
/// them allowed): there `<...>` turns text into a link or a definition.
pub fn destination_follows(before: &str) -> bool {
    let before = before.trim_end();
    before.ends_with("](") || before.ends_with("]:")
}

/// Whether `text` holds `://` or `www.`: a URL is written in it.
pub fn holds_url(text: &str) -> bool {
    holds_after(text, b':', b"//") || holds_after(text, b'w', b"ww.")
}

/// Whether `text` holds `://`.
pub fn holds_scheme(text: &str) -> bool {
    holds_after(text, b':', b"//")
}

/// Whether `text` holds `first` followed by `rest`. Found by `first`, rare in what is asked:
/// `str::contains` sets up a two-way search a call, costlier than the short texts searched.
fn holds_after(text: &str, first: u8, rest: &[u8]) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(first, bytes).any(|at| bytes[at + 1..].starts_with(rest))
}

/// Whether comrak's autolink extension ends a bare URL at `c`: at a space, a tab or a line
/// ending only (cmark's `isspace`), not at `\v`, `\f` or other Unicode whitespace, which
/// `char::is_whitespace` counts.
pub fn ends_bare_url(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
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
        && !has_space_control_or_angle(url)
}

/// Whether `text` holds whitespace, a control character, `<` or `>`. In ASCII (URLs almost
/// always are) the first two are the bytes up to the space, and DEL: read bytewise.
fn has_space_control_or_angle(text: &str) -> bool {
    if text.is_ascii() {
        return text
            .bytes()
            .any(|b| b <= b' ' || b == 0x7f || b == b'<' || b == b'>');
    }
    text.chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// Whether a `>` written at a place could close raw HTML that the text of the block before it
/// opens and leaves open: a tag or declaration (an unescaped `<` after the last `>` that can
/// start one: `<!`, `<?`, or a tag name, `<a`, `</a`, followed by whitespace, `/` or nothing
/// yet; `<http:` starts no tag, whatever follows), a comment, a processing instruction or a
/// CDATA section. The text between would become HTML: fixes that write `<url>` withhold
/// themselves then. The block's later lines are read without their container markers (a
/// quote's `>` closes nothing). Places must come in document order for one reader: each
/// block's source is read once, however many places it holds (a paragraph of 20,000 URLs
/// took seconds when each place read the block before it again).
#[derive(Default, Clone)]
pub struct OpenHtml {
    /// The block read so far (its start), where its reading stopped, on which line.
    block: Option<usize>,
    read_to: usize,
    line: usize,
    /// What was read, as one text (the lines' pieces joined by `\n`): how many bytes, the last
    /// nine (the longest marker is `<![CDATA[`), the backslashes just read.
    read: usize,
    recent: [u8; 9],
    backslashes: usize,
    /// A `<` that may open a tag or declaration read since the last `>`; the tag being read.
    opened: bool,
    tag: TagRead,
    /// For comments, processing instructions and CDATA: where the last opener ended (in
    /// `read`), and whether a closer came after it.
    left_open: [Option<(usize, bool)>; 3],
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum TagRead {
    #[default]
    None,
    /// Right after an unescaped `<`; after `</`; in the tag's name.
    Lt,
    Slash,
    Name,
}

/// The openers and closers of comments, processing instructions and CDATA sections.
const LEFT_OPEN: [(&[u8], &[u8]); 3] = [(b"<!--", b"-->"), (b"<?", b"?>"), (b"<![CDATA[", b"]]>")];

impl OpenHtml {
    pub fn before(&mut self, doc: &Document, node: Node<'_>, at: usize) -> bool {
        let start = doc
            .block_range(node)
            .map_or(at, |block| block.start.min(at));
        if self.block != Some(start) || self.read_to > at {
            *self = OpenHtml {
                block: Some(start),
                read_to: start,
                line: doc.line_of(start),
                ..OpenHtml::default()
            };
        }
        let bytes = doc.source.as_bytes();
        let line_count = doc.lines.line_count(doc.source);
        loop {
            let line_end = doc.line_range(self.line).end;
            let until = line_end.min(at).max(self.read_to);
            self.read(&bytes[self.read_to..until]);
            self.read_to = until;
            if at <= line_end || self.line >= line_count {
                return self.answer();
            }
            // The next line after its container markers, the lines' pieces joined by `\n`.
            let next = doc.line_range(self.line + 1);
            let full = doc.text(next.clone());
            let markers_end = next.start + full.len() - after_container_markers(full).len();
            if at < markers_end {
                // A place among the markers: the line's piece before it, stripped as far as
                // it goes, read ahead without moving this reader on.
                let mut ahead = self.clone();
                ahead.step(b'\n');
                for &b in
                    after_container_markers(doc.text(next.start..at.max(next.start))).as_bytes()
                {
                    ahead.step(b);
                }
                return ahead.answer();
            }
            self.step(b'\n');
            self.line += 1;
            self.read_to = markers_end;
        }
    }

    /// Reads `text`, skipping to the next `<` while nothing is open and no `<` is among the
    /// last bytes (a marker it starts may still end): most text has none.
    fn read(&mut self, mut text: &[u8]) {
        while !text.is_empty() {
            let clean = !self.opened
                && self.tag == TagRead::None
                && self
                    .left_open
                    .iter()
                    .all(|o| !matches!(o, Some((_, false))))
                && !self.recent[1..].contains(&b'<');
            if clean {
                let skip = memchr::memchr(b'<', text).unwrap_or(text.len());
                self.skip(&text[..skip]);
                text = &text[skip..];
                if text.is_empty() {
                    break;
                }
            }
            self.step(text[0]);
            text = &text[1..];
        }
    }

    /// What [`OpenHtml::step`] leaves after `text` holding no `<`, with nothing open.
    fn skip(&mut self, text: &[u8]) {
        if text.is_empty() {
            return;
        }
        self.read += text.len();
        let kept = text.len().min(self.recent.len());
        self.recent.rotate_left(kept);
        let at = self.recent.len() - kept;
        self.recent[at..].copy_from_slice(&text[text.len() - kept..]);
        let trailing = text.iter().rev().take_while(|&&b| b == b'\\').count();
        self.backslashes = if trailing == text.len() {
            self.backslashes + trailing
        } else {
            trailing
        };
    }

    fn answer(&self) -> bool {
        self.opened
            || self.tag == TagRead::Name
            || self.left_open.iter().any(|o| matches!(o, Some((_, false))))
    }

    fn step(&mut self, b: u8) {
        self.read += 1;
        self.recent.rotate_left(1);
        self.recent[8] = b;
        for ((open, close), state) in LEFT_OPEN.iter().zip(&mut self.left_open) {
            if self.recent.ends_with(open) {
                *state = Some((self.read, false));
            } else if self.recent.ends_with(close)
                && let Some((open_end, closed)) = state
                && self.read - close.len() >= *open_end
            {
                *closed = true;
            }
        }
        let unescaped = self.backslashes.is_multiple_of(2);
        self.backslashes = if b == b'\\' { self.backslashes + 1 } else { 0 };
        self.tag = match (self.tag, b) {
            (TagRead::Lt, b'!' | b'?') => {
                self.opened = true;
                TagRead::None
            }
            (TagRead::Lt, b'/') => TagRead::Slash,
            (TagRead::Lt | TagRead::Slash, b) if b.is_ascii_alphabetic() => TagRead::Name,
            (TagRead::Name, b) if b.is_ascii_alphanumeric() || b == b'-' => TagRead::Name,
            (TagRead::Name, b) if b.is_ascii_whitespace() || b == b'/' => {
                self.opened = true;
                TagRead::None
            }
            _ => TagRead::None,
        };
        if self.tag == TagRead::None {
            match b {
                b'>' => self.opened = false,
                b'<' if unescaped => self.tag = TagRead::Lt,
                _ => {}
            }
        }
    }
}

/// The label of each line that starts (after indentation) like a link reference definition,
/// `[label]:` (or a footnote's, `[^label]:`), as written. Lines in code count too: callers use
/// it only to withhold a fix. Lines as `str::lines` cuts them (at `\n`).
pub fn definition_labels(source: &str) -> impl Iterator<Item = &str> {
    lines_holding(source, b"]:", LineEnds::Lf).filter_map(|line| {
        let rest = source[line].trim_start().strip_prefix('[')?;
        rest.split_once("]:").map(|(label, _)| label)
    })
}

/// Whether a line starts like a link reference definition, `[label]:`, after indentation, list
/// markers and `>` too (a definition in a list item or quote defines a label for the whole
/// file). Lines in code count too: callers use it only to withhold a fix.
pub fn may_define_labels(source: &str) -> bool {
    lines_holding_label_ends(source).any(|line| {
        after_container_markers(&source[line])
            .strip_prefix('[')
            .is_some_and(|rest| rest.contains("]:"))
    })
}

/// The lines (byte ranges, without their endings) that hold a `]:`, each once, in order.
pub fn lines_holding_label_ends(source: &str) -> impl Iterator<Item = std::ops::Range<usize>> {
    lines_holding(source, b"]:", LineEnds::Any)
}

/// What ends a line for [`lines_holding`].
#[derive(Clone, Copy)]
enum LineEnds {
    /// `\n` only, as `str::lines` cuts lines.
    Lf,
    /// `\n`, `\r\n` or a lone `\r`, as CommonMark does.
    Any,
}

/// The lines (byte ranges, without their endings) that hold `needle` (no line ending in it),
/// each once, in order: found by one search of the whole text, not one a line (they are few
/// in notes).
fn lines_holding<'s>(
    source: &'s str,
    needle: &'s [u8],
    ends: LineEnds,
) -> impl Iterator<Item = std::ops::Range<usize>> + 's {
    let bytes = source.as_bytes();
    // Searching for `\n` twice is searching for `\n`.
    let cr = match ends {
        LineEnds::Lf => b'\n',
        LineEnds::Any => b'\r',
    };
    let mut after = 0;
    memchr::memmem::find_iter(bytes, needle).filter_map(move |at| {
        if at < after {
            return None;
        }
        let start = memchr::memrchr2(b'\n', cr, &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr2(b'\n', cr, &bytes[at..]).map_or(bytes.len(), |i| at + i);
        after = end;
        Some(start..end)
    })
}

/// The class of a char next to a delimiter run, which decides whether the run can open or
/// close emphasis (CommonMark's flanking): 0 whitespace or none (a line's end), 1
/// punctuation (taken here as any other char that is not alphanumeric, as symbols are), 2
/// the rest.
pub fn char_class(c: Option<char>) -> u8 {
    match c {
        None => 0,
        Some(c) if c.is_whitespace() => 0,
        Some(c) if c.is_alphanumeric() => 2,
        Some(_) => 1,
    }
}

/// Whether writing `replacement` for `range` of `source` changes how a delimiter run (`*`,
/// `_`, `~`) right before or after it flanks: whether a run can open or close emphasis depends
/// on whether whitespace, punctuation or another char is on each side of it, and the edit
/// changes the char on one side (`]*(*` holds emphasis, `n*(*` does not). With whitespace or
/// nothing on the run's other side, only whether that char is whitespace matters (`_[name=a]`
/// and `_a` open alike).
pub fn flips_delimiter_run(source: &str, range: std::ops::Range<usize>, replacement: &str) -> bool {
    let kind = char_class;
    let flips = |run: &str, beyond: Option<char>, was: Option<char>, is: Option<char>| {
        !run.is_empty()
            && if kind(beyond) == 0 {
                (kind(was) == 0) != (kind(is) == 0)
            } else {
                kind(was) != kind(is)
            }
    };
    let (head, tail, old) = (&source[..range.start], &source[range.end..], &source[range]);
    let run_before = match head.chars().next_back() {
        Some(d @ ('*' | '_' | '~')) => &head[head.trim_end_matches(d).len()..],
        _ => "",
    };
    let run_after = match tail.chars().next() {
        Some(d @ ('*' | '_' | '~')) => &tail[..tail.len() - tail.trim_start_matches(d).len()],
        _ => "",
    };
    let beyond_before = head[..head.len() - run_before.len()].chars().next_back();
    let beyond_after = tail[run_after.len()..].chars().next();
    // An empty side leaves the run next to the char beyond the edit.
    let first = |s: &str| s.chars().next().or(tail.chars().next());
    let last = |s: &str| s.chars().next_back().or(head.chars().next_back());
    flips(run_before, beyond_before, first(old), first(replacement))
        || flips(run_after, beyond_after, last(old), last(replacement))
}

/// `line` after its indentation and any list markers (`-`, `*`, `+`, `1.`, `1)`) and `>`
/// before its content.
pub(super) fn after_container_markers(line: &str) -> &str {
    let mut rest = line.trim_start();
    loop {
        let marker = rest.strip_prefix('>').or_else(|| {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let after = if digits > 0 {
                rest[digits..].strip_prefix(['.', ')'])
            } else {
                rest.strip_prefix(['-', '*', '+'])
            }?;
            after.starts_with([' ', '\t']).then_some(after)
        });
        match marker {
            Some(after) => rest = after.trim_start(),
            None => return rest,
        }
    }
}

/// Whether a `[` not escaped and not yet closed comes before a place in the block holding a
/// text (its paragraph, heading or cell): there, text may be part of a link label (a tag's own
/// `]` closes it no longer once the tag is rewritten; an escape removed in a label can make it
/// match a definition's). Brackets in code spans count too: the callers only withhold a fix.
/// Places must come in document order for one reader: each block's source is read once,
/// however many places it holds.
#[derive(Default)]
pub struct OpenBrackets {
    /// The block read so far, where its reading stopped, and what it found: for each bracket
    /// open, whether it opens `[^` (a footnote's, or text comrak may read as one).
    block: Option<usize>,
    read_to: usize,
    open: Vec<bool>,
    carets: usize,
    escaped: bool,
    after_open: bool,
}

impl OpenBrackets {
    pub fn before(&mut self, doc: &Document, text: Node<'_>, at: usize) -> bool {
        self.read(doc, text, at);
        !self.open.is_empty()
    }

    /// Whether a `[^` not escaped and not yet closed comes before the place (see [`Self::before`]).
    pub fn caret_before(&mut self, doc: &Document, text: Node<'_>, at: usize) -> bool {
        self.read(doc, text, at);
        self.carets > 0
    }

    fn read(&mut self, doc: &Document, text: Node<'_>, at: usize) {
        let Some(start) = doc.block_range(text).map(|r| r.start) else {
            *self = OpenBrackets::default();
            return;
        };
        if self.block != Some(start) || self.read_to > at {
            self.open.clear();
            (self.block, self.read_to) = (Some(start), start.min(at));
            (self.carets, self.escaped, self.after_open) = (0, false, false);
        }
        for &b in &doc.source.as_bytes()[self.read_to..at] {
            let after_open = std::mem::take(&mut self.after_open);
            match b {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'[' => {
                    self.open.push(false);
                    self.after_open = true;
                }
                b'^' if after_open => {
                    *self.open.last_mut().expect("a `[` just read") = true;
                    self.carets += 1;
                }
                b']' => self.carets -= usize::from(self.open.pop().unwrap_or(false)),
                _ => {}
            }
        }
        self.read_to = at;
    }
}

/// Whether `node` is in the text of a link or image written as a reference (`[a]`, `[a][]`,
/// `[a][b]`; its source ends in `]`, an inline one's in `)`). The text of the first two is
/// their label, matched as written against the definitions': an edit there unlinks them.
pub fn in_reference_link(doc: &Document, node: Node<'_>) -> bool {
    node.ancestors().skip(1).any(|a| {
        matches!(a.data().value, NodeValue::Link(_) | NodeValue::Image(_))
            && written_as_reference(doc, a)
    })
}

/// Whether a link or image is written as a reference: see [`in_reference_link`].
pub fn written_as_reference(doc: &Document, link: Node<'_>) -> bool {
    doc.text(doc.node_range(link)).ends_with(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search by first byte says what `str::contains` says.
    #[test]
    fn urls_found_as_contains_finds_them() {
        crate::every_string(&[':', '/', 'w', '.', 'é'], 6, |text| {
            let url = text.contains("://") || text.contains("www.");
            assert_eq!(holds_url(text), url, "{text:?}");
            assert_eq!(holds_scheme(text), text.contains("://"), "{text:?}");
        });
    }

    /// The bytewise reading of ASCII says what the char classes say, for every char.
    #[test]
    fn space_control_or_angle_bytewise() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let plain = c.is_whitespace() || c.is_control() || c == '<' || c == '>';
            for text in [c.to_string(), format!("a{c}b")] {
                assert_eq!(has_space_control_or_angle(&text), plain, "{c:?}");
            }
        }
    }

    /// Reading only the lines that hold a `]:` finds the labels a reading of every line
    /// finds, in order: every string of up to 6 chars of an alphabet of the syntax's.
    #[test]
    fn definition_labels_are_those_of_every_line() {
        crate::every_string(&['[', ']', ':', ' ', '\n', '\r', 'a', '^'], 6, |text| {
            let every_line: Vec<&str> = text
                .lines()
                .filter_map(|line| {
                    let rest = line.trim_start().strip_prefix('[')?;
                    rest.split_once("]:").map(|(label, _)| label)
                })
                .collect();
            assert_eq!(
                definition_labels(text).collect::<Vec<_>>(),
                every_line,
                "{text:?}"
            );
        });
    }

    /// The place-by-place reading that [`OpenHtml`] does once per block: the block's text
    /// before the place, its later lines without their markers, searched from the last `>`.
    fn html_left_open_reread(doc: &Document, node: Node<'_>, at: usize) -> bool {
        let start = doc
            .block_range(node)
            .map_or(at, |block| block.start.min(at));
        let (first, last) = (doc.line_of(start), doc.line_of(at));
        let before = if first == last {
            doc.text(start..at).to_string()
        } else {
            let mut text = String::new();
            for line in first..=last {
                let range = doc.line_range(line);
                let piece = doc.text(range.start.max(start)..range.end.min(at).max(range.start));
                text.push_str(if line == first {
                    piece
                } else {
                    after_container_markers(piece)
                });
                text.push('\n');
            }
            text
        };
        let after_last_close = before
            .rfind('>')
            .map_or(&before[..], |at| &before[at + 1..]);
        let may_open_html = |after: &str| {
            if after.starts_with(['!', '?']) {
                return true;
            }
            let name = after.strip_prefix('/').unwrap_or(after);
            let name_len = name
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
                .count();
            name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name[name_len..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_whitespace() || c == '/')
        };
        let tag_open = after_last_close.match_indices('<').any(|(at, _)| {
            let backslashes =
                after_last_close[..at].len() - after_last_close[..at].trim_end_matches('\\').len();
            backslashes.is_multiple_of(2) && may_open_html(&after_last_close[at + 1..])
        });
        let left_open = |open: &str, close: &str| {
            before
                .rfind(open)
                .is_some_and(|at| !before[at + open.len()..].contains(close))
        };
        tag_open
            || left_open("<!--", "-->")
            || left_open("<?", "?>")
            || left_open("<![CDATA[", "]]>")
    }

    /// One reader for a block's places in order answers as reading the block again for each
    /// place does: on blocks made of the marks that matter, at every char boundary.
    #[test]
    fn one_reading_of_a_block_answers_as_rereading_it() {
        let marks = [
            "<", ">", "!", "?", "-", "/", "\\", "a", "h", "1", ":", " ", "\n", "\n> ", "\n- ", "[",
            "]", "CDATA", "é", "\t",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3_000 {
            let len = 1 + next(24);
            let text: String = (0..len).map(|_| marks[next(marks.len())]).collect();
            let text = ["x ", &text].concat();
            let arena = comrak::Arena::new();
            let doc = Document::parse(&arena, &text);
            let mut reader = OpenHtml::default();
            for &node in doc.nodes.iter().skip(1) {
                if doc.block_range(node).is_none() {
                    continue;
                }
                let range = doc.node_range(node);
                for at in (range.start..=range.end).filter(|&i| text.is_char_boundary(i)) {
                    assert_eq!(
                        reader.before(&doc, node, at),
                        html_left_open_reread(&doc, node, at),
                        "{text:?} at {at}"
                    );
                }
            }
        }
    }

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

    #[test]
    fn delimiter_runs_next_to_an_edit() {
        let flips = |text: &str, old: &str, new: &str| {
            let at = text.find(old).unwrap();
            flips_delimiter_run(text, at..at + old.len(), new)
        };
        // Punctuation to a letter next to a run with punctuation beyond it.
        assert!(flips("[a]*(*", "[a]", "a"));
        assert!(flips("(*[a]", "[a]", "a"));
        assert!(!flips("[a]*(*", "[a]", "(a)"));
        // Whitespace or nothing beyond the run: only whitespace next to it would matter.
        assert!(!flips("_[a] x_", "[a]", "a"));
        assert!(!flips("x [a]** y", "[a]", "a"));
        assert!(flips("x [a]** y", "[a]", " a "));
        // Emptied: the run meets the char beyond the edit.
        assert!(!flips("*[b]c", "[b]", ""));
        assert!(flips("a*[b] c", "[b]", ""));
        // No run next to the edit.
        assert!(!flips("a [b] c", "[b]", "b"));
    }
}
