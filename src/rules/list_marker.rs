use std::borrow::Cow;

use comrak::nodes::{ListType, NodeValue};
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Kinds, Node};

declare_rule! {
    /// ## What it does
    /// Checks that bullet lists use `-` as their marker, not `*` or `+`.
    ///
    /// Two bullet lists that follow each other with nothing between them are two lists only
    /// because their markers differ; as mdformat does, such a run of lists alternates `-`,
    /// `*`, `-`, ... and the fix rewrites the whole run at once so they stay apart. There is
    /// no fix on a line of nothing but marks, which new markers could make a thematic break
    /// (`- **` with `*`, or `- * *`).
    ///
    /// ## Why is this bad?
    /// The archive's convention, and what mdformat writes, is `-`. Pads export `*`, and a
    /// file that mixes both shows every pasted meeting as a diff against the formatter.
    ///
    /// ## Example
    /// ```markdown
    /// * Min / @minrk
    ///   * Simula
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - Min / @minrk
    ///   - Simula
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct ListMarker;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for ListMarker {
    type Options = Options;
    fn new(_: Options) -> Self {
        ListMarker
    }
}

/// The bullet of a list's items, as comrak read it.
fn bullet(list: Node<'_>) -> Option<u8> {
    match &list.data().value {
        NodeValue::List(l) if l.list_type == ListType::Bullet => Some(l.bullet_char),
        _ => None,
    }
}

/// The message for a list's `marker` where `want` is wanted: fixed text for every marker
/// and want (a message of its own for a list after the first, in a run of several).
fn message(marker: &str, want: &str, after_another: bool) -> Cow<'static, str> {
    macro_rules! messages {
        ($($marker:literal => $want:literal),*) => {
            match (marker, want, after_another) {
                $(
                    ($marker, $want, false) => {
                        concat!("list marker `", $marker, "` instead of `", $want, "`").into()
                    }
                    ($marker, $want, true) => concat!(
                        "list marker `", $marker,
                        "`: a list right after another alternates to `", $want, "`"
                    )
                    .into(),
                )*
                // Not reached: a bullet is one of these markers, and never the one wanted.
                _ => {
                    let middle = if after_another {
                        "`: a list right after another alternates to `"
                    } else {
                        "` instead of `"
                    };
                    ["list marker `", marker, middle, want, "`"].concat().into()
                }
            }
        };
    }
    messages!("*" => "-", "+" => "-", "-" => "*", "+" => "*")
}

fn is_bullet_list(node: Node<'_>) -> bool {
    bullet(node).is_some()
}

impl Rule for ListMarker {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        // The wrong markers of a run of lists, and their edits: one list each for every run.
        let (mut wrong, mut edits) = (Vec::new(), Vec::new());
        for node in doc.nodes_in_window(Kinds::LIST) {
            // Each run of adjacent bullet lists, from its first list.
            if !is_bullet_list(node) || node.previous_sibling().is_some_and(is_bullet_list) {
                continue;
            }
            let run = std::iter::successors(Some(node), |n| {
                n.next_sibling().filter(|s| is_bullet_list(s))
            });
            let mut fixable = true;
            wrong.clear();
            edits.clear();
            for (index, list) in run.enumerate() {
                let want = if index % 2 == 0 { "-" } else { "*" };
                // A list's items share its bullet (another starts another list): most lists
                // have the one wanted, told without reading their items.
                if bullet(list) == Some(want.as_bytes()[0]) {
                    continue;
                }
                for item in list.children() {
                    let at = doc.node_start(item);
                    let Some(marker) = doc.source.get(at..at + 1) else {
                        fixable = false;
                        continue;
                    };
                    if marker != want {
                        // `- **` with `*` for its marker is a thematic break, not an item; so
                        // is `- * *` with both inner markers changed (by two runs' fixes).
                        if only_marks(doc.text(doc.line_range(item.data().sourcepos.start.line))) {
                            fixable = false;
                        }
                        if fixable {
                            match doc.edit(at..at + 1, marker, want) {
                                Some(edit) => edits.push(edit),
                                None => fixable = false,
                            }
                        }
                        if wrong.last().is_none_or(|&(l, _, _)| l != index) {
                            wrong.push((index, at, marker));
                        }
                    }
                }
            }
            if wrong.is_empty() {
                continue;
            }
            let fix = fixable
                .then(|| Fix::safe(edits.as_slice()))
                .flatten()
                .map(|f| f.shared_by(wrong.len()));
            for &(index, at, marker) in &wrong {
                let want = if index % 2 == 0 { "-" } else { "*" };
                let message = message(marker, want, index > 0);
                report
                    .report(at..at + 1, message)
                    .with_fix(if want == "-" { "Use `-`" } else { "Use `*`" }, fix.clone());
            }
        }
    }
}

/// Whether a line holds nothing but three or more of `-`, `*`, `+` and `_`, with spaces, tabs
/// and quote markers: new list markers could make it a thematic break.
fn only_marks(line: &str) -> bool {
    // Most lines fail at their first letter: the count comes after.
    let mark = |b: &u8| matches!(b, b'-' | b'*' | b'+' | b'_');
    line.bytes()
        .all(|b| mark(&b) || matches!(b, b' ' | b'\t' | b'>'))
        && line.bytes().filter(mark).count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Kinds;

    /// The fixed messages are the joined ones, for every marker, want and place in a run.
    #[test]
    fn messages_are_fixed_text() {
        let joined = |marker: &str, want: &str, after_another: bool| {
            let middle = if after_another {
                "`: a list right after another alternates to `"
            } else {
                "` instead of `"
            };
            ["list marker `", marker, middle, want, "`"].concat()
        };
        for marker in ["*", "+", "-"] {
            for want in ["-", "*"].into_iter().filter(|&w| w != marker) {
                for after_another in [false, true] {
                    let message = message(marker, want, after_another);
                    assert_eq!(message, joined(marker, want, after_another));
                    assert!(matches!(message, Cow::Borrowed(_)));
                }
            }
        }
        for after_another in [false, true] {
            assert_eq!(
                message("x", "-", after_another),
                joined("x", "-", after_another)
            );
        }
    }

    /// Every item of a bullet list starts with the list's bullet: lists of three items of any
    /// bullets, indented or not, under a paragraph or in a quote, nested or not.
    #[test]
    fn items_start_with_their_lists_bullet() {
        let mut items = 0;
        for first in ["", "text\n", "> "] {
            for a in ["-", "*", "+"] {
                for b in ["-", "*", "+", "  -", "  *", "   +"] {
                    for c in ["-", "*", "+", "  -", "    *"] {
                        let text = format!("{first}{a} x\n{b} y\n{c} z\n");
                        let arena = comrak::Arena::new();
                        let doc = Document::parse(&arena, &text);
                        for list in doc.nodes_of(Kinds::LIST) {
                            let Some(bullet) = bullet(list) else { continue };
                            for item in list.children() {
                                items += 1;
                                let at = doc.node_start(item);
                                assert_eq!(doc.source.as_bytes()[at], bullet, "{text:?}");
                            }
                        }
                    }
                }
            }
        }
        assert!(items > 500, "{items} items");
    }
}
