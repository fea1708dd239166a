//! Inline suppression comments:
//! `<!-- cafe-lint-disable RULE ... -->`, `<!-- cafe-lint-enable RULE ... -->` (no rule: all),
//! `<!-- cafe-lint-disable-next-line RULE ... -->` and `<!-- cafe-lint-disable-file RULE ... -->`.
//! Only real HTML comments count: the same text in a code span or block is code.

use crate::document::{Document, Kinds};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    Disable,
    Enable,
    DisableNextLine,
    DisableFile,
}

#[derive(Debug)]
struct Comment {
    /// Its offset in the text: comments take effect in the order they are written.
    offset: usize,
    directive: Directive,
    /// Where it starts; for `disable-next-line`, the line it applies to.
    line: usize,
    /// Empty: every rule.
    rules: Vec<String>,
}

impl Comment {
    fn names(&self, rule: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule)
    }
}

#[derive(Debug, Default)]
pub struct Suppressions {
    comments: Vec<Comment>,
}

impl Suppressions {
    pub fn parse(doc: &Document) -> Self {
        let mut comments = Vec::new();
        // Both kinds' nodes, then put in the text's order (not the tree's: comrak moves
        // footnote definitions to its end, and a comment in one would take effect after the
        // comments below it).
        for node in doc.nodes_of_each(Kinds::HTML_BLOCK | Kinds::HTML_INLINE) {
            let range = doc.node_range(node);
            let html = doc.text(range.clone());
            let mut rest = html;
            while let Some(open) = rest.find("<!--") {
                let after = &rest[open + 4..];
                let Some(close) = after.find("-->") else {
                    break;
                };
                let offset = range.start + (html.len() - rest.len()) + open;
                if let Some((directive, rules)) = parse_directive(&after[..close]) {
                    let line = match directive {
                        // The next line with text: a formatter may put a blank line between.
                        Directive::DisableNextLine => {
                            let end = doc.line_of(offset + 4 + close);
                            (end + 1..=doc.lines.line_count(doc.source) + 1)
                                .find(|&l| !doc.text(doc.line_range(l)).trim().is_empty())
                                .unwrap_or(end + 1)
                        }
                        _ => doc.line_of(offset),
                    };
                    comments.push(Comment {
                        offset,
                        line,
                        directive,
                        rules,
                    });
                }
                rest = &after[close + 3..];
            }
        }
        comments.sort_unstable_by_key(|c| c.offset);
        Suppressions { comments }
    }

    pub fn is_empty(&self) -> bool {
        self.comments.is_empty()
    }

    /// Whether a diagnostic of `rule` starting on `line` is suppressed.
    pub fn suppresses(&self, rule: &str, line: usize) -> bool {
        let mut disabled = false;
        for c in self.comments.iter().filter(|c| c.names(rule)) {
            match c.directive {
                Directive::DisableFile => return true,
                Directive::DisableNextLine if c.line == line => return true,
                Directive::Disable if c.line <= line => disabled = true,
                Directive::Enable if c.line <= line => disabled = false,
                _ => {}
            }
        }
        disabled
    }
}

fn parse_directive(comment: &str) -> Option<(Directive, Vec<String>)> {
    let mut words = comment.split_whitespace();
    let directive = match words.next()? {
        "cafe-lint-disable" => Directive::Disable,
        "cafe-lint-enable" => Directive::Enable,
        "cafe-lint-disable-next-line" => Directive::DisableNextLine,
        "cafe-lint-disable-file" => Directive::DisableFile,
        _ => return None,
    };
    let rules = words
        .flat_map(|w| w.split(','))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    Some((directive, rules))
}

#[cfg(test)]
mod tests {
    use super::*;
    use comrak::Arena;

    fn suppressions(src: &str) -> Suppressions {
        let arena = Arena::new();
        Suppressions::parse(&Document::parse(&arena, src))
    }

    #[test]
    fn regions_next_line_and_file() {
        let s = suppressions(
            "a\n\n<!-- cafe-lint-disable bare-url -->\n\nb\n\n<!-- cafe-lint-enable -->\n\nc <!-- cafe-lint-disable-next-line x,y -->\nd\n",
        );
        assert!(!s.suppresses("bare-url", 1));
        assert!(s.suppresses("bare-url", 5));
        assert!(!s.suppresses("other", 5));
        assert!(!s.suppresses("bare-url", 7));
        assert!(s.suppresses("y", 10));
        assert!(!s.suppresses("y", 9));
        let blank_between = suppressions("<!-- cafe-lint-disable-next-line x -->\n\n\nb\n");
        assert!(
            blank_between.suppresses("x", 4),
            "applies to the next line with text"
        );
        let f = suppressions("x\n\n<!-- cafe-lint-disable-file -->\n");
        assert!(f.suppresses("anything", 1));
    }

    /// A comment in a footnote definition, which comrak moves to the end of the tree, takes
    /// effect where it is written.
    #[test]
    fn comments_take_effect_in_the_order_written() {
        let s = suppressions(
            "a[^1]\n\n[^1]: x <!-- cafe-lint-disable x -->\n\n<!-- cafe-lint-enable x -->\n\nb\n",
        );
        assert!(s.suppresses("x", 3));
        assert!(!s.suppresses("x", 7));
    }

    #[test]
    fn comments_in_code_do_not_count() {
        let s = suppressions(
            "`<!-- cafe-lint-disable-file -->`\n\n```\n<!-- cafe-lint-disable-file -->\n```\n",
        );
        assert!(s.is_empty());
    }
}
