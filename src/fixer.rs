//! Applies fixes as byte-range edits on the original text, then re-parses and re-lints until
//! nothing changes.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use comrak::Arena;

use crate::diagnostic::{Changes, Diagnostic, Edit, Fix};
use crate::document::{Document, LineIndex, line_ending_of};
use crate::linter::{ActiveRule, RuleSet, lint, lint_in_windows, lint_selected};
use crate::pages::{ChunkedPage, page, render, splice_within};
use crate::verify;

/// How many parse-lint-fix passes before giving up. The real archives settle in two.
pub const MAX_PASSES: usize = 10;

#[derive(Debug)]
pub struct Fixed {
    pub source: String,
    /// What remains after the last pass.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    pub passes: usize,
    /// The lines of `source`, for the output (indexed once, by the last pass's parse).
    pub lines: LineIndex,
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

/// Lints `source`, read from `path` when it came from a file (for rules that check the file
/// name), without fixing.
pub fn check(source: &str, path: Option<&Path>, rules: &RuleSet) -> Vec<Diagnostic> {
    check_indexed(source, path, rules).0
}

/// [`check`], with the lines of `source` its parse indexed, for the output.
pub fn check_indexed(
    source: &str,
    path: Option<&Path>,
    rules: &RuleSet,
) -> (Vec<Diagnostic>, LineIndex) {
    let arena = Arena::new();
    let doc = Document::parse(&arena, source).with_path(path);
    (lint(&doc, rules), doc.lines)
}

/// [`check`] with windows of at least `window_nodes` nodes (see
/// [`crate::linter::lint_in_windows`]): the same diagnostics for any size, as the tests check.
pub fn check_in_windows(
    source: &str,
    path: Option<&Path>,
    rules: &RuleSet,
    window_nodes: usize,
) -> Vec<Diagnostic> {
    let arena = Arena::new();
    let doc = Document::parse(&arena, source).with_path(path);
    lint_in_windows(&doc, rules, |_| true, window_nodes)
}

/// Applies every applicable fix until the text settles, then verifies that the rendered
/// document changed only as the rules that fixed it declare. `path` as for [`check`].
pub fn fix(
    source: &str,
    path: Option<&Path>,
    rules: &RuleSet,
    unsafe_fixes: bool,
) -> Result<Fixed, FixError> {
    match fix_by(source, path, rules, unsafe_fixes, None) {
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
                        fix_by(source, path, rules, unsafe_fixes, Some(rule)),
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
///
/// Each pass is verified a group of rules at a time (see [`verify_steps`]); the last step
/// against the next pass's parse, so that a pass whose fixing rules all declare the same
/// changes costs a render, not a parse.
fn fix_by(
    source: &str,
    path: Option<&Path>,
    rules: &RuleSet,
    unsafe_fixes: bool,
    only: Option<&str>,
) -> Result<Fixed, FixError> {
    let mut text = source.to_string();
    // Once a pass's fixes leave no line ending (`\r` then `a`, the blank line removed), a line
    // ending added later follows the file's.
    let ending = line_ending_of(source);
    let mut applied = 0;
    // The page before the last step of the last pass that fixed, what that step may change,
    // and its rules.
    let mut unverified: Option<Step> = None;
    // Until the text settles, only the rules whose fixes may apply need to run; the others
    // (spelling, with unsafe fixes only, is the costly one) run once, on the settled text.
    let may_fix = |r: &ActiveRule| r.info.may_fix(unsafe_fixes);
    let mut every_rule = false;
    for pass in 0..=MAX_PASSES {
        let arena = Arena::new();
        let doc = Document::parse(&arena, &text)
            .with_path(path)
            .with_line_ending_of(ending);
        let applies = |d: &Diagnostic| d.fixable(unsafe_fixes) && only.is_none_or(|r| d.rule == r);
        let mut diagnostics = lint_selected(&doc, rules, |r| every_rule || may_fix(r));
        let fixes: Vec<(&'static str, Changes, &Fix)> = diagnostics
            .iter()
            .filter(|d| applies(d))
            .filter_map(|d| {
                let fix = d.fix.as_ref()?;
                Some((d.rule, allowed_changes(rules, d.rule, fix), fix))
            })
            .collect();
        let (accepted, count, fixing) = accept(&text, &fixes);
        let next = splice(&text, accepted.iter().map(|(_, _, edit)| *edit));
        let settled = count == 0 || next == text;
        // This pass's page: the last step of the pass before is checked against it, and this
        // pass's steps start from it (cut into chunks when there are steps before the last).
        let page = if settled {
            unverified
                .is_some()
                .then(|| PassPage::Whole(render(doc.root)))
        } else {
            Some(PassPage::new(&doc, &accepted))
        };
        if let Some(step) = unverified.take() {
            step.verify(page.as_ref().expect("a page to check against").html())?;
        }
        if settled {
            if !every_rule {
                let rest = lint_selected(&doc, rules, |r| !may_fix(r));
                if rest.iter().any(applies) {
                    // A rule fixed after all (it should not): run every rule from now on.
                    if pass == MAX_PASSES {
                        return Err(FixError::NotConverged {
                            rules: rest.iter().filter(|d| applies(d)).map(|d| d.rule).collect(),
                        });
                    }
                    every_rule = true;
                    continue;
                }
                diagnostics.extend(rest);
                crate::linter::sort(&mut diagnostics);
            }
            let lines = doc.lines;
            return Ok(Fixed {
                source: text,
                diagnostics,
                applied,
                passes: pass + 1,
                lines,
            });
        }
        if pass == MAX_PASSES {
            return Err(FixError::NotConverged {
                rules: fixing.into_iter().collect(),
            });
        }
        let page = page.expect("a pass that fixes has its page");
        unverified = Some(verify_steps(&text, page, &accepted)?);
        text = next;
        applied += count;
    }
    unreachable!("the loop returns on its last pass")
}

/// An edit that will be applied: its rule, what its fix may change, the edit.
type Accepted<'f> = (&'static str, Changes, &'f Edit);

/// A pass's page: whole, or in chunks (see [`crate::pages`]).
enum PassPage {
    Whole(String),
    Chunked(ChunkedPage),
}

impl PassPage {
    /// The page of the pass's `doc`, in chunks when its steps before the last need pages.
    fn new(doc: &Document, accepted: &[Accepted<'_>]) -> Self {
        let steps = step_groups(accepted).len();
        let edits = || {
            accepted
                .iter()
                .map(|&(_, _, edit)| edit)
                .collect::<Vec<_>>()
        };
        let chunked = (steps > 1)
            .then(|| ChunkedPage::new(doc, &edits()))
            .flatten();
        chunked.map_or_else(|| PassPage::Whole(render(doc.root)), PassPage::Chunked)
    }

    fn html(&self) -> &str {
        match self {
            PassPage::Whole(html) => html,
            PassPage::Chunked(page) => &page.html,
        }
    }
}

/// A pass's last verification step, made on the next pass's parse: the page before it, what
/// it may change, and the rules whose fixes it holds; when the page was made in chunks, the
/// pass's text and edits, to verify the pass anew on whole pages if the step fails.
struct Step {
    before: String,
    allowed: Changes,
    rules: BTreeSet<&'static str>,
    chunked: Option<PassFixes>,
}

/// A pass's text, and its edits, each with its rule and what its fix may change.
type PassFixes = (String, Vec<(&'static str, Changes, Edit)>);

impl Step {
    fn verify(self, after: &str) -> Result<(), FixError> {
        let Err(reason) = verify::compare(&self.before, after, self.allowed) else {
            return Ok(());
        };
        if let Some((text, edits)) = self.chunked {
            let accepted: Vec<Accepted<'_>> = edits.iter().map(|(r, c, e)| (*r, *c, e)).collect();
            let whole = PassPage::Whole(page(&text));
            return verify_steps(&text, whole, &accepted)?.verify(after);
        }
        Err(FixError::Unverified {
            rules: self.rules.into_iter().collect(),
            reason,
        })
    }
}

/// What a pass's fixes may change, a group for each, in the order of its steps.
fn step_groups(accepted: &[Accepted<'_>]) -> Vec<Changes> {
    // A few groups for hundreds of edits: gathered as they come, then sorted.
    let mut groups: Vec<Changes> = Vec::new();
    for &(_, changes, _) in accepted {
        if !groups.contains(&changes) {
            groups.push(changes);
        }
    }
    groups.sort_unstable_by_key(|&changes| step_order(changes));
    groups
}

/// The fixes of a pass, grouped by what each may change, are checked a group at a time: the
/// page with the groups before it applied against the page with this one applied too,
/// allowing only what this group may change. Checking the whole pass at once, allowing what
/// any of its fixes may change, would let a fix that may change text cover for another's
/// undeclared text change. Each step costs a parse and a render (of the chunks its fixes are
/// in, when the pass's page is in chunks), but the last: its page is the next pass's, so it is
/// returned for that pass to check. A step that fails on chunked pages is verified anew on
/// whole ones, which decide.
fn verify_steps(text: &str, page: PassPage, accepted: &[Accepted<'_>]) -> Result<Step, FixError> {
    let mut groups = step_groups(accepted);
    let rules_of = |group: Changes| {
        accepted
            .iter()
            .filter(|&&(_, changes, _)| changes == group)
            .map(|&(rule, _, _)| rule)
            .collect::<BTreeSet<_>>()
    };
    let last = groups.pop().expect("a pass that fixes has a fix");
    let (mut before, chunked) = match page {
        PassPage::Whole(html) => (html, None),
        PassPage::Chunked(page) => match chunked_steps(text, page, accepted, &groups) {
            Ok(html) => {
                let edits = accepted
                    .iter()
                    .map(|&(r, c, e)| (r, c, e.clone()))
                    .collect();
                (html, Some((text.to_string(), edits)))
            }
            Err(whole) => (whole, None),
        },
    };
    if chunked.is_none() {
        for (done, &allowed) in groups.iter().enumerate() {
            let edits = accepted
                .iter()
                .filter(|(_, changes, _)| groups[..=done].contains(changes));
            let after = self::page(&splice(text, edits.map(|(_, _, edit)| *edit)));
            let step = Step {
                before,
                allowed,
                rules: rules_of(allowed),
                chunked: None,
            };
            step.verify(&after)?;
            before = after;
        }
    }
    Ok(Step {
        before,
        allowed: last,
        rules: rules_of(last),
        chunked,
    })
}

/// The steps of `groups` (all but a pass's last) on chunked pages: the page before the last
/// step, or, when a step fails or a chunk may hold a footnote, the pass's whole first page.
fn chunked_steps(
    text: &str,
    first: ChunkedPage,
    accepted: &[Accepted<'_>],
    groups: &[Changes],
) -> Result<String, String> {
    let mut current = first;
    for (done, &allowed) in groups.iter().enumerate() {
        let applied: Vec<&Edit> = accepted
            .iter()
            .filter(|(_, changes, _)| groups[..=done].contains(changes))
            .map(|&(_, _, edit)| edit)
            .collect();
        let own = accepted
            .iter()
            .filter(|&&(_, changes, _)| changes == allowed)
            .map(|&(_, _, edit)| edit);
        let next = current.step(text, &applied, own);
        // The chunks parsed anew hold every difference: compared alone, or else the pages.
        let passes = next.as_ref().is_some_and(|next| {
            let pages = || verify::compare(&current.html, &next.html, allowed).is_ok();
            let parts = next.changed_parts(&current);
            let by_parts = verify::same_parts(&current.html, &next.html, parts, allowed);
            debug_assert!(!by_parts || pages(), "parts pass where pages fail");
            by_parts || pages()
        });
        match next {
            Some(next) if passes => {
                // A step that fails is done again on whole pages; one that passes holds the
                // page the next step starts from, which must be the whole page.
                debug_assert_eq!(
                    next.html,
                    page(&splice(text, applied.iter().copied())),
                    "a chunked page is the whole page"
                );
                current = next;
            }
            _ => return Err(page(text)),
        }
    }
    Ok(current.html)
}

/// What `fix` of `rule` may change: what the fix declares, within what its rule declares.
fn allowed_changes(rules: &RuleSet, rule: &str, fix: &Fix) -> Changes {
    let declared = rules
        .rules
        .iter()
        .find(|r| r.info.name == rule)
        .map_or(Changes::NOTHING, |r| r.info.changes);
    fix.allowed(declared)
}

/// Applies the fixes whose edits do not conflict with an earlier fix's edits (by start) and
/// are valid ranges of `source`; the rest wait for the next pass. Returns the text, how many
/// fixes applied, and their rules.
#[cfg(test)]
fn apply(source: &str, fixes: &[(&'static str, &Fix)]) -> (String, usize, BTreeSet<&'static str>) {
    let fixes: Vec<_> = fixes
        .iter()
        .map(|&(r, f)| (r, Changes::NOTHING, f))
        .collect();
    let (accepted, count, rules) = accept(source, &fixes);
    (
        splice(source, accepted.iter().map(|(_, _, edit)| *edit)),
        count,
        rules,
    )
}

/// The edits [`apply`] applies, each with its rule and what its fix may change, sorted by
/// (start, end); how many fixes they make; their rules. Conflicts are decided edit by edit,
/// not by the span a fix covers, so a fix that re-indents a whole list item does not hold back
/// a fix on one marker inside it. An edit that another fix makes already (a fix that takes
/// along the move `list-indent` makes) is made once. An edit within one line that lies inside
/// lines another fix removes is dropped, not held back: the lines go whatever they hold, so
/// the text is the one the two fixes make one after the other (an item of template text
/// removed, the list's other markers changed). Either way the group of fixes that keeps the
/// edit is verified first (see [`step_order`]).
fn accept<'f>(
    source: &str,
    fixes: &[(&'static str, Changes, &'f Fix)],
) -> (Vec<Accepted<'f>>, usize, BTreeSet<&'static str>) {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| (fixes[i].2.range().start, fixes[i].2.range().end));
    let mut accepted: Vec<Accepted<'_>> = Vec::new();
    let mut count = 0;
    let mut rules = BTreeSet::new();
    // Fixes shared by several diagnostics, once one of them is in: the others are made by it.
    let mut shared_in: HashSet<*const Edit> = HashSet::new();
    for i in order {
        let (rule, changes, fix) = fixes[i];
        if shared_in.contains(&fix.edits.as_ptr()) {
            count += 1;
            continue;
        }
        let mut clear = true;
        let mut absorbing = false;
        for edit in fix.edits.iter() {
            match place(source, &accepted, edit, changes) {
                Place::Clear => {}
                Place::Absorbed | Place::Absorbs => absorbing = true,
                Place::Blocked => {
                    clear = false;
                    break;
                }
            }
        }
        if !clear {
            continue;
        }
        // Placed against the edits accepted before this fix: its own edits never conflict.
        let places: Vec<Place> = if absorbing {
            let places = fix.edits.iter();
            places
                .map(|e| place(source, &accepted, e, changes))
                .collect()
        } else {
            Vec::new()
        };
        for (at, edit) in fix.edits.iter().enumerate() {
            match places.get(at) {
                Some(Place::Absorbed) => continue,
                Some(Place::Absorbs) => {
                    accepted.retain(|&(_, c, a)| !goes_with(source, (a, c), edit));
                }
                _ => {}
            }
            let at = accepted.partition_point(|(_, _, a)| {
                (a.range.start, a.range.end) <= (edit.range.start, edit.range.end)
            });
            accepted.insert(at, (rule, changes, edit));
        }
        if let Some(edits) = fix.edits.shared() {
            shared_in.insert(edits);
        }
        count += 1;
        rules.insert(rule);
    }
    (accepted, count, rules)
}

/// How an edit stands with the edits accepted so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In conflict with none.
    Clear,
    /// Made already (an accepted edit is the same), or within one line inside lines that
    /// accepted edits remove: dropped.
    Absorbed,
    /// Removes whole lines, inside which lie the edits it conflicts with: they are dropped.
    Absorbs,
    /// Waits for the next pass.
    Blocked,
}

fn place(source: &str, accepted: &[Accepted<'_>], edit: &Edit, changes: Changes) -> Place {
    if !valid(source, edit) {
        return Place::Blocked;
    }
    if conflicting(source, accepted, edit).next().is_none() {
        return Place::Clear;
    }
    let verified_before = |a: Changes, b: Changes| step_order(a) <= step_order(b);
    if conflicting(source, accepted, edit).all(|&(_, held_changes, held)| {
        (held == edit || goes_with(source, (edit, changes), held))
            && verified_before(held_changes, changes)
    }) {
        return Place::Absorbed;
    }
    if conflicting(source, accepted, edit).all(|&(_, inside_changes, inside)| {
        goes_with(source, (inside, inside_changes), edit)
            && verified_before(changes, inside_changes)
    }) {
        return Place::Absorbs;
    }
    Place::Blocked
}

/// The order in which a pass's groups of fixes are verified: those that remove content first,
/// so that the edits inside what they remove can be dropped (see [`accept`]); those that
/// change nothing last, as they are most (their step's page is the next pass's, which costs
/// no page of its own).
fn step_order(changes: Changes) -> (bool, bool, Changes) {
    (!changes.removal, changes == Changes::NOTHING, changes)
}

/// Whether `edit` (of a fix that may make `changes`) can be dropped because `removal` removes
/// whole lines where it lies: an edit within one line inside them (or an insertion at their
/// start) would go with the lines, and a blank line inserted before them by a fix that changes
/// nothing was meant to set them apart from the line above (one that a removal puts there
/// keeps a list loose, and stays).
fn goes_with(source: &str, (edit, changes): (&Edit, Changes), removal: &Edit) -> bool {
    let (range, removed) = (&edit.range, &removal.range);
    let inside = if range.is_empty() {
        removed.start <= range.start && range.start < removed.end
    } else {
        removed.start <= range.start && range.end <= removed.end
    };
    let blank_lines_before = range.is_empty()
        && changes == Changes::NOTHING
        && range.start == removed.start
        && edit
            .replacement
            .trim_start_matches([' ', '\t', '\n', '\r'])
            .is_empty();
    removes_lines(source, removal) && inside && (within_line(source, edit) || blank_lines_before)
}

/// Whether `edit` changes one line and adds none.
fn within_line(source: &str, edit: &Edit) -> bool {
    let no_line_ending = |s: &str| !s.bytes().any(|b| b == b'\n' || b == b'\r');
    no_line_ending(&source[edit.range.clone()]) && no_line_ending(&edit.replacement)
}

/// Whether `edit` removes whole lines, line endings included.
fn removes_lines(source: &str, edit: &Edit) -> bool {
    !edit.range.is_empty()
        && edit.replacement.is_empty()
        && starts_line(source, edit.range.start)
        && starts_line(source, edit.range.end)
}

fn starts_line(source: &str, at: usize) -> bool {
    at == 0 || matches!(source.as_bytes()[at - 1], b'\n' | b'\r')
}

/// `source` with `edits` (sorted, not overlapping) applied.
fn splice<'e>(source: &str, edits: impl Iterator<Item = &'e Edit>) -> String {
    splice_within(source, 0..source.len(), edits)
}

/// The edits of `accepted` (sorted by start and end, no two in conflict) that `edit` conflicts
/// with. Only neighbours can: accepted edits do not overlap, so their ends rise with their
/// starts, and the scan stops at the first edit that ends before `edit` starts (to the left)
/// or starts after it ends (to the right). A linear scan made fixing a file with thousands of
/// fixes quadratic.
fn conflicting<'a, 'f>(
    source: &'a str,
    accepted: &'a [Accepted<'f>],
    edit: &'a Edit,
) -> impl Iterator<Item = &'a Accepted<'f>> {
    let range = &edit.range;
    let at = accepted.partition_point(|(_, _, a)| a.range.start < range.start);
    let left = accepted[..at]
        .iter()
        .rev()
        .take_while(|(_, _, a)| a.range.end >= range.start);
    let right = accepted[at..]
        .iter()
        .take_while(|(_, _, a)| a.range.start <= range.end);
    left.chain(right).filter(|(_, _, a)| {
        conflict(&a.range, range)
            || inserts_next_to_removed_lines(source, a, edit)
            || inserts_next_to_removed_lines(source, edit, a)
    })
}

/// Whether `insert` inserts at either end of lines `removal` removes: what it inserts was
/// meant for the neighbour that goes (a blank line before an empty item that is removed ends
/// up between the lines around it, and can make a list loose). It waits for the next pass.
fn inserts_next_to_removed_lines(source: &str, insert: &Edit, removal: &Edit) -> bool {
    let (at, removed) = (insert.range.start, &removal.range);
    insert.range.is_empty()
        && (at == removed.start || at == removed.end)
        && removes_lines(source, removal)
}

/// Two edits conflict when their ranges overlap, when both insert at one point (no defined
/// order), or when one inserts strictly inside the other's range.
fn conflict(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => a.start < b.end && b.start < a.end,
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
    }
}

fn valid(source: &str, edit: &Edit) -> bool {
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

    /// A fix shared by several diagnostics is applied once and counted for each, one edit
    /// or several; so is a fix whose edits another fix makes already (the same range, the same
    /// text). Edits that differ in either conflict.
    #[test]
    fn a_shared_fix_applies_once_for_every_diagnostic() {
        let one = vec![Edit::replace(1..2, "X")];
        let two = vec![Edit::replace(0..1, "Y"), Edit::replace(1..2, "X")];
        for edits in [one.clone(), two.clone()] {
            let shared = Fix::safe(edits).unwrap().shared_by(2);
            let copy = shared.clone();
            let (out, count, _) = apply("ab", &[("s", &shared), ("s", &copy)]);
            assert_eq!((out.contains('X'), count), (true, 2));
        }
        let alone = Fix::safe(one).unwrap();
        let (out, count, _) = apply("ab", &[("s", &alone), ("t", &alone.clone())]);
        assert_eq!((out.as_str(), count), ("aX", 2));
        let both = Fix::safe(two).unwrap();
        let (out, count, _) = apply("ab", &[("b", &both), ("a", &alone)]);
        assert_eq!((out.as_str(), count), ("YX", 2));
        for other in [Edit::replace(1..2, "Z"), Edit::replace(0..2, "aX")] {
            let other = Fix::safe(vec![other]).unwrap();
            let (_, count, _) = apply("ab", &[("a", &alone), ("o", &other)]);
            assert_eq!(count, 1);
        }
    }

    #[test]
    fn two_insertions_at_one_point_apply_one_per_pass() {
        let a = Fix::safe(vec![Edit::insert(1, "<")]).unwrap();
        let b = Fix::safe(vec![Edit::insert(1, ">")]).unwrap();
        let (out, count, _) = apply("ab", &[("a", &a), ("b", &b)]);
        assert_eq!((out.as_str(), count), ("a<b", 1));
    }

    #[test]
    fn fixes_with_interleaved_disjoint_edits_apply_together() {
        let outer = Fix::safe(vec![Edit::delete(0..1), Edit::delete(4..5)]).unwrap();
        let inner = Fix::safe(vec![Edit::replace(2..3, "X")]).unwrap();
        let clash = Fix::safe(vec![Edit::replace(4..6, "Y")]).unwrap();
        let (out, count, _) = apply("abcdef", &[("o", &outer), ("i", &inner), ("c", &clash)]);
        assert_eq!((out.as_str(), count), ("bXdf", 2));
    }

    /// An edit within one line that lies inside lines another fix removes is dropped and both
    /// fixes apply, whichever comes first: the lines go with what the edit made of them.
    #[test]
    fn an_edit_inside_removed_lines_goes_with_them() {
        let source = "* a\n* b\n* c\n";
        let markers = Fix::safe([0, 4, 8].map(|at| Edit::replace(at..at + 1, "-"))).unwrap();
        for (line, out) in [(0..4, "- b\n- c\n"), (4..8, "- a\n- c\n")] {
            let removal = Fix::safe(vec![Edit::delete(line)]).unwrap();
            let (text, count, _) = apply(source, &[("m", &markers), ("r", &removal)]);
            assert_eq!((text.as_str(), count), (out, 2));
        }
        // Not an edit that spans lines, nor one inside a removal that is not of whole lines.
        let joins = Fix::safe(vec![Edit::replace(3..5, " ")]).unwrap();
        let removal = Fix::safe(vec![Edit::delete(0..8)]).unwrap();
        let (_, count, _) = apply(source, &[("j", &joins), ("r", &removal)]);
        assert_eq!(count, 1);
        let part = Fix::safe(vec![Edit::delete(0..2)]).unwrap();
        let (_, count, _) = apply(source, &[("m", &markers), ("p", &part)]);
        assert_eq!(count, 1);
    }

    /// The edit is dropped only when the removal's group of fixes is verified before its own:
    /// the page with its group alone must not miss it.
    #[test]
    fn an_edit_goes_with_removed_lines_only_when_they_are_verified_first() {
        let source = "* a\n* b\n";
        let marker = Fix::safe(vec![Edit::replace(0..1, "-")]).unwrap();
        let removal = Fix::safe(vec![Edit::delete(0..4)]).unwrap();
        for (removal_changes, marker_changes, both) in [
            (Changes::REMOVAL, Changes::NOTHING, true),
            (Changes::NOTHING, Changes::NOTHING, true),
            (Changes::NOTHING, Changes::REMOVAL, false),
        ] {
            let fixes = [
                ("r", removal_changes, &removal),
                ("m", marker_changes, &marker),
            ];
            let (accepted, count, _) = accept(source, &fixes);
            assert_eq!(
                (count == 2, accepted.len()),
                (both, 1),
                "{removal_changes:?}"
            );
        }
    }

    #[test]
    fn an_insertion_next_to_removed_lines_waits() {
        let source = "a\n-\nb\n";
        let removal = Fix::safe(vec![Edit::delete(2..4)]).unwrap();
        // After them it waits; before them, a blank line meant to set them apart goes with
        // them. Never both (`a\n\nb\n`).
        for (at, count) in [(4, 1), (2, 2)] {
            let blank = Fix::safe(vec![Edit::replace(at..at, "\n")]).unwrap();
            for fixes in [
                [("r", &removal), ("b", &blank)],
                [("b", &blank), ("r", &removal)],
            ] {
                let (out, applied, _) = apply(source, &fixes);
                assert_eq!((out.as_str(), applied), ("a\nb\n", count), "{at}");
            }
        }
        // Text inserted before them is not a blank line: the first by start applies.
        let text = Fix::safe(vec![Edit::replace(2..2, "x\n")]).unwrap();
        let (out, count, _) = apply(source, &[("r", &removal), ("t", &text)]);
        assert_eq!((out.as_str(), count), ("a\nx\n-\nb\n", 1));
        // Next to a removal within a line, or a line replaced by another, it does not.
        let within = Fix::safe(vec![Edit::delete(2..3)]).unwrap();
        let blank = Fix::safe(vec![Edit::replace(2..2, "\n")]).unwrap();
        let (out, count, _) = apply(source, &[("w", &within), ("b", &blank)]);
        assert_eq!((out.as_str(), count), ("a\n\n\nb\n", 2));
        let replaced = Fix::safe(vec![Edit::replace(2..4, "+\n")]).unwrap();
        let (out, count, _) = apply(source, &[("p", &replaced), ("b", &blank)]);
        assert_eq!((out.as_str(), count), ("a\n\n+\nb\n", 2));
    }
}
