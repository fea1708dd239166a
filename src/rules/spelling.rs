use std::collections::{HashMap, HashSet};
use std::ops::Range;

use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::diagnostic::Fix;
use crate::document::{Document, Node};

declare_rule! {
    /// ## What it does
    /// Finds common misspellings ("maintainence", "disussion", "whther") in the prose, using
    /// the dictionary of the `typos` spell checker (the `typos-dict` crate: misspellings that
    /// are never real words, each with its corrections).
    ///
    /// Only prose is checked: text in paragraphs, headings, list items, tables and link text.
    /// Not checked: code spans and blocks, HTML, URLs and link targets, `@handles`, and words
    /// that look like names of things rather than English (with digits, `_`, `/`, a dot
    /// inside, or capitals after the first letter: `JupyterHub`, `mystmd.org`).
    ///
    /// When the dictionary has exactly one correction, the fix writes it, keeping the case of
    /// the word (`Maintainence` becomes `Maintenance`). Words in capitals are acronyms
    /// (`TRE`) and are not checked. The fix is
    /// unsafe (applied with `--unsafe-fixes`): it changes the text, and a word the dictionary
    /// calls a typo can be a name or a quotation; a typo in a heading also changes that
    /// heading's anchor.
    ///
    /// ## Why is this bad?
    /// Typos make notes harder to search ("maintainence" does not find "maintenance") and
    /// were the most frequent kind of hand edit to the archives.
    ///
    /// ## Example
    /// ```markdown
    /// - project maintainence proposals, and a disussion of whther to bulid it
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - project maintenance proposals, and a discussion of whether to build it
    /// ```
    ///
    /// ## Options
    /// - `accept` (list of strings): words that are not typos here (names, jargon), matched
    ///   without regard to case. Default: none.
    /// - `corrections` (table of strings): more misspellings and their correction, such as
    ///   `{ jupter = "jupyter" }`; they win over the dictionary. Default: none.
    pub struct Spelling {
        accept: HashSet<String>,
        corrections: HashMap<String, String>,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub accept: Vec<String>,
    pub corrections: HashMap<String, String>,
}

impl Configurable for Spelling {
    type Options = Options;
    fn new(options: Options) -> Self {
        Spelling {
            accept: options.accept.iter().map(|w| w.to_lowercase()).collect(),
            corrections: options
                .corrections
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect(),
        }
    }
}

/// Whether a text node is prose: not in code, HTML, or a link whose text is a URL.
fn is_prose(node: Node<'_>) -> bool {
    node.ancestors().skip(1).all(|a| match &a.data().value {
        NodeValue::Link(link) | NodeValue::Image(link) => {
            !link.url.contains("://") || !a.children().any(|c| {
                matches!(&c.data().value, NodeValue::Text(t) if t.contains("://") || t.contains("www."))
            })
        }
        NodeValue::Code(_) | NodeValue::CodeBlock(_) | NodeValue::HtmlBlock(_) => false,
        _ => true,
    })
}

/// Whether a whitespace-separated token names a thing rather than being English words.
fn is_name_like(token: &str) -> bool {
    let bytes = token.as_bytes();
    token.contains("://")
        || token.starts_with("www.")
        || token.bytes().any(|b| matches!(b, b'@' | b'/' | b'_' | b'\\' | b'#' | b'=' | b'~' | b'`'))
        || token.bytes().any(|b| b.is_ascii_digit())
        // A dot between letters: a file name or domain, not the end of a sentence.
        || bytes.windows(3).any(|w| w[1] == b'.' && w[0].is_ascii_alphabetic() && w[2].is_ascii_alphabetic())
        // A capital after a small letter: CamelCase.
        || bytes.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// The words of a token: runs of letters, with the byte range of each. A run touching a
/// letter outside ASCII is part of a word the dictionary cannot know (`Sipőcz`): skipped.
fn words(token: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in token
        .char_indices()
        .chain(std::iter::once((token.len(), ' ')))
    {
        let letter = c.is_alphabetic();
        match (start, letter) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter().filter(move |r| token[r.clone()].is_ascii())
}

/// `correction` written in the case of `word`.
fn same_case(word: &str, correction: &str) -> String {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    if first_upper && word.len() > 1 && chars.all(char::is_uppercase) {
        correction.to_uppercase()
    } else if first_upper {
        let mut c = correction.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        correction.to_string()
    }
}

impl Spelling {
    /// The corrections for `word`, or `None` when it is not a known misspelling.
    fn lookup(&self, word: &str, lower: &mut String) -> Option<Vec<&str>> {
        if !self.corrections.is_empty() {
            lower.clear();
            lower.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            if let Some(c) = self.corrections.get(lower.as_str()) {
                return Some(vec![c.as_str()]);
            }
        }
        let found = typos_dict::WORD.find(&unicase::UniCase::new(word))?;
        if self.accept.contains(&word.to_lowercase()) {
            return None;
        }
        Some(found.to_vec())
    }
}

impl Rule for Spelling {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let mut lower = String::new();
        for node in &doc.nodes {
            if !matches!(node.data().value, NodeValue::Text(_)) || !is_prose(node) {
                continue;
            }
            let range = doc.node_range(node);
            let text = doc.text(range.clone());
            let mut offset = 0;
            for token in text.split(char::is_whitespace) {
                let token_start = offset;
                offset += token.len() + 1;
                if token.is_empty() || is_name_like(token) {
                    continue;
                }
                let all: Vec<_> = words(token).collect();
                for (index, word_range) in all.iter().enumerate() {
                    let word = &token[word_range.clone()];
                    // Contractions: `doesn't` is two runs; only a possessive stem is a word.
                    let next = all.get(index + 1).map(|r| &token[r.clone()]);
                    let apostrophe_after = token[word_range.end..].starts_with(['\'', '’']);
                    let apostrophe_before =
                        token[..word_range.start].ends_with(['\'', '’']) && index > 0;
                    if apostrophe_before || (apostrophe_after && next != Some("s")) {
                        continue;
                    }
                    // All capitals: an acronym (`TRE`), not a word.
                    if word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase()) {
                        continue;
                    }
                    let Some(corrections) = self.lookup(word, &mut lower) else {
                        continue;
                    };
                    let at = range.start + token_start + word_range.start;
                    let at = at..at + word.len();
                    let diagnostic =
                        report.report(at.clone(), format!("`{word}` is a misspelling"));
                    match corrections.as_slice() {
                        [one] => {
                            let fixed = same_case(word, one);
                            let fix = doc
                                .edit(at, word, fixed.clone())
                                .and_then(|e| Fix::unsafe_(vec![e]));
                            diagnostic.with_fix(format!("Write `{fixed}`"), fix);
                        }
                        many => {
                            let list: Vec<String> = many
                                .iter()
                                .map(|c| format!("`{}`", same_case(word, c)))
                                .collect();
                            diagnostic.fix_title =
                                Some(format!("Did you mean {}?", list.join(" or ")));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_kept() {
        assert_eq!(same_case("maintainence", "maintenance"), "maintenance");
        assert_eq!(same_case("Maintainence", "maintenance"), "Maintenance");
        assert_eq!(same_case("BULID", "build"), "BUILD");
    }

    #[test]
    fn names_are_not_prose() {
        assert!(is_name_like("JupyterHub"));
        assert!(is_name_like("mystmd.org"));
        assert!(is_name_like("@minrk"));
        assert!(is_name_like("2i2c"));
        assert!(!is_name_like("maintainence,"));
        assert!(!is_name_like("end."));
    }
}
