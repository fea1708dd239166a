//! Applies fixes as byte-range edits on the original text, then re-parses and re-lints until
//! nothing changes.

use std::collections::BTreeSet;

use comrak::Arena;

use crate::diagnostic::{Changes, Diagnostic, Fix};
use crate::document::{Document, comrak_options};
use crate::linter::{RuleSet, lint};
use crate::rules::FixAvailability;
use crate::verify;

/// How many parse-lint-fix passes before giving up. Real archives settle in two or three.
pub const MAX_PASSES: usize = 10;

#[derive(Debug)]
pub struct Fixed {
    pub source: String,
    /// What remains after the last pass.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    pub passes: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("fixes did not converge after {MAX_PASSES} passes (rules still fixing: {})", .rules.join(", "))]
    NotConverged { rules: Vec<&'static str> },
    #[error("not written: fixes by {} failed verification: {reason}", .rules.join(", "))]
    Unverified {
        rules: Vec<&'static str>,
        reason: String,
    },
}

/// Lints `source`, without fixing.
pub fn check(source: &str, rules: &RuleSet) -> Vec<Diagnostic> {
    let arena = Arena::new();
    lint(&Document::parse(&arena, source), rules)
}

/// Applies every applicable fix until the text settles, then verifies that the rendered
/// document changed only as the rules that fixed it declare.
pub fn fix(source: &str, rules: &RuleSet, unsafe_fixes: bool) -> Result<Fixed, FixError> {
    match fix_by(source, rules, unsafe_fixes, None) {
        Err(FixError::Unverified {
            rules: fixing,
            reason,
        }) if fixing.len() > 1 => {
            // Name the culprits: the rules whose fixes fail verification on their own (all of
            // them, when only their combination does).
            let culprits: Vec<&'static str> = fixing
                .iter()
                .copied()
                .filter(|&rule| {
                    matches!(
                        fix_by(source, rules, unsafe_fixes, Some(rule)),
                        Err(FixError::Unverified { .. })
                    )
                })
                .collect();
            Err(FixError::Unverified {
                rules: if culprits.is_empty() {
                    fixing
                } else {
                    culprits
                },
                reason,
            })
        }
        result => result,
    }
}

/// [`fix`], applying only the fixes of rule `only` when given (every rule still lints).
fn fix_by(
    source: &str,
    rules: &RuleSet,
    unsafe_fixes: bool,
    only: Option<&str>,
) -> Result<Fixed, FixError> {
    let mut text = source.to_string();
    let mut applied = 0;
    let mut original_html: Option<String> = None;
    let mut fixing_rules = BTreeSet::new();
    for pass in 0..=MAX_PASSES {
        let arena = Arena::new();
        let doc = Document::parse(&arena, &text);
        let diagnostics = lint(&doc, rules);
        let fixes: Vec<(&'static str, &Fix)> = diagnostics
            .iter()
            .filter(|d| d.fixable(unsafe_fixes) && only.is_none_or(|rule| d.rule == rule))
            .filter_map(|d| Some((d.rule, d.fix.as_ref()?)))
            .collect();
        let (next, count, fixing) = apply(&text, &fixes);
        if count == 0 || next == text {
            if let Some(before) = original_html {
                verify(&before, &render(&doc), rules, &fixing_rules)?;
            }
            return Ok(Fixed {
                source: text,
                diagnostics,
                applied,
                passes: pass + 1,
            });
        }
        if pass == MAX_PASSES {
            return Err(FixError::NotConverged {
                rules: fixing.into_iter().collect(),
            });
        }
        verify_each_rule(&text, &doc, &fixes, &fixing, rules)?;
        original_html.get_or_insert_with(|| render(&doc));
        fixing_rules.extend(fixing);
        text = next;
        applied += count;
    }
    unreachable!("the loop returns on its last pass")
}

/// Each rule's fixes of this pass, applied alone, may change only what that rule declares.
/// The end-to-end check allows what any fixing rule declares, everywhere: without this, a rule
/// that may change text would cover for another rule's undeclared text change. Rules that
/// declare all that any fixing rule in the set may declare are left to the end-to-end check.
fn verify_each_rule(
    text: &str,
    doc: &Document,
    fixes: &[(&'static str, &Fix)],
    fixing: &BTreeSet<&'static str>,
    rules: &RuleSet,
) -> Result<(), FixError> {
    let changes = |name: &str| {
        rules
            .rules
            .iter()
            .find(|r| r.info.name == name)
            .map_or(Changes::NOTHING, |r| r.info.changes)
    };
    let widest = rules
        .rules
        .iter()
        .filter(|r| r.info.fix != FixAvailability::Never)
        .fold(Changes::NOTHING, |c, r| c.and(r.info.changes));
    let mut before = None;
    for &rule in fixing {
        if changes(rule) == widest {
            continue;
        }
        let own: Vec<_> = fixes.iter().filter(|(r, _)| *r == rule).copied().collect();
        let (alone, _, _) = apply(text, &own);
        let arena = Arena::new();
        let after = render(&Document::parse(&arena, &alone));
        let before = before.get_or_insert_with(|| render(doc));
        verify::compare(before, &after, changes(rule)).map_err(|reason| FixError::Unverified {
            rules: vec![rule],
            reason,
        })?;
    }
    Ok(())
}

fn render(doc: &Document) -> String {
    let mut html = String::new();
    comrak::format_html(doc.root, &comrak_options(), &mut html).expect("writing to a String");
    html
}

fn verify(
    before: &str,
    after: &str,
    rules: &RuleSet,
    fixing: &BTreeSet<&'static str>,
) -> Result<(), FixError> {
    let allowed = rules
        .rules
        .iter()
        .filter(|r| fixing.contains(r.info.name))
        .fold(Changes::NOTHING, |c, r| c.and(r.info.changes));
    verify::compare(before, after, allowed).map_err(|reason| FixError::Unverified {
        rules: fixing.iter().copied().collect(),
        reason,
    })
}

/// Applies the fixes that do not overlap an earlier one (by start) and whose edits are valid
/// ranges of `source`; the rest wait for the next pass.
pub fn apply(
    source: &str,
    fixes: &[(&'static str, &Fix)],
) -> (String, usize, BTreeSet<&'static str>) {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| (fixes[i].1.range().start, fixes[i].1.range().end));
    let mut out = String::with_capacity(source.len());
    let mut copied = 0; // bytes of `source` already in `out`
    let mut last_insert_at = None;
    let mut count = 0;
    let mut rules = BTreeSet::new();
    for i in order {
        let (rule, fix) = fixes[i];
        let range = fix.range();
        // Two insertions at one point have no defined order: keep the first.
        let touches_insert = range.start == copied && last_insert_at == Some(copied);
        if range.start < copied || touches_insert || !fix.edits.iter().all(|e| valid(source, e)) {
            continue;
        }
        for edit in &fix.edits {
            out.push_str(&source[copied..edit.range.start]);
            out.push_str(&edit.replacement);
            copied = edit.range.end;
            last_insert_at = edit.range.is_empty().then_some(copied);
        }
        count += 1;
        rules.insert(rule);
    }
    out.push_str(&source[copied..]);
    (out, count, rules)
}

fn valid(source: &str, edit: &crate::diagnostic::Edit) -> bool {
    edit.range.start <= edit.range.end && source.get(edit.range.clone()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    #[test]
    fn overlapping_fixes_wait_and_invalid_edits_are_dropped() {
        let a = Fix::safe(vec![Edit::replace(0..3, "X")]).unwrap();
        let b = Fix::safe(vec![Edit::replace(2..4, "Y")]).unwrap();
        let c = Fix::safe(vec![Edit::replace(5..6, "Z")]).unwrap();
        let bad = Fix::safe(vec![Edit::replace(7..8, "!")]).unwrap();
        let (out, count, _) = apply("abcdefé", &[("a", &a), ("b", &b), ("c", &c), ("bad", &bad)]);
        assert_eq!(out, "XdeZé");
        assert_eq!(count, 2);
    }

    #[test]
    fn two_insertions_at_one_point_apply_one_per_pass() {
        let a = Fix::safe(vec![Edit::insert(1, "<")]).unwrap();
        let b = Fix::safe(vec![Edit::insert(1, ">")]).unwrap();
        let (out, count, _) = apply("ab", &[("a", &a), ("b", &b)]);
        assert_eq!((out.as_str(), count), ("a<b", 1));
    }
}
