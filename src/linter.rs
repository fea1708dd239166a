//! Runs a set of configured rules over a document.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Reporter, Rule, RuleInfo};
use crate::suppression::Suppressions;

/// One enabled rule with its options and severity.
pub struct ActiveRule {
    pub info: &'static RuleInfo,
    pub severity: Severity,
    pub rule: Box<dyn Rule>,
}

/// The rules that apply to one file.
#[derive(Default)]
pub struct RuleSet {
    pub rules: Vec<ActiveRule>,
}

impl RuleSet {
    /// One rule with the given options (empty: its defaults), at its default severity (error
    /// when it is off by default). For tests and documentation examples.
    pub fn single(info: &'static RuleInfo, options: toml::Table) -> Result<Self, String> {
        Ok(RuleSet {
            rules: vec![ActiveRule {
                info,
                severity: info.default_level.severity().unwrap_or(Severity::Error),
                rule: (info.build)(options)?,
            }],
        })
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.rules.iter().map(|r| r.info.name).collect()
    }
}

/// Every diagnostic of the enabled rules that no inline comment suppresses, sorted by position.
pub fn lint(doc: &Document, rules: &RuleSet) -> Vec<Diagnostic> {
    lint_selected(doc, rules, |_| true)
}

/// [`lint`] with only the rules `select` picks.
pub fn lint_selected(
    doc: &Document,
    rules: &RuleSet,
    select: impl Fn(&ActiveRule) -> bool,
) -> Vec<Diagnostic> {
    lint_in_windows(doc, rules, select, WINDOW_NODES)
}

/// The fewest nodes in a window of a document (a smaller document is one window): some 45 KB
/// of notes, whose tree (a few hundred kilobytes) stays in the core's cache while every
/// windowed rule walks it. Walking a large document's whole tree rule after rule read it from
/// memory again for each rule (a check of a 50 MB file, a tree of most of a gigabyte, took a
/// tenth longer; windows of 1,024 to 4,096 nodes measured alike).
pub const WINDOW_NODES: usize = 2_048;

/// [`lint_selected`], the windowed rules ([`crate::rules::RuleInfo::windowed`]) checking
/// windows of top-level blocks of at least `window_nodes` nodes, one after the other, and the
/// others the whole document. The diagnostics are the same for any window size.
pub fn lint_in_windows(
    doc: &Document,
    rules: &RuleSet,
    select: impl Fn(&ActiveRule) -> bool,
    window_nodes: usize,
) -> Vec<Diagnostic> {
    // Room for the problems of notes before a first fix (the 2025 and 2026 archives, as kept,
    // have one every 100 bytes): a growing list moved every diagnostic (some 170 bytes) again
    // at each doubling. Room never written takes address space, not memory.
    let mut diagnostics = Vec::with_capacity(doc.source.len() / 96);
    let (windowed, whole): (Vec<&ActiveRule>, Vec<&ActiveRule>) = rules
        .rules
        .iter()
        .filter(|r| select(r))
        .partition(|r| r.info.windowed);
    if !windowed.is_empty() {
        for window in doc.windows(window_nodes) {
            doc.set_window(window);
            for active in &windowed {
                check(doc, active, &mut diagnostics);
            }
        }
        doc.set_window(doc.whole());
    }
    for active in whole {
        check(doc, active, &mut diagnostics);
    }
    let suppressions = Suppressions::parse(doc);
    if !suppressions.is_empty() {
        diagnostics.retain(|d| !suppressions.suppresses(d.rule, doc.line_of(d.range.start)));
    }
    sort(&mut diagnostics);
    diagnostics
}

fn check(doc: &Document, active: &ActiveRule, diagnostics: &mut Vec<Diagnostic>) {
    let first = diagnostics.len();
    active
        .rule
        .check(doc, &mut Reporter::new(active.info.name, diagnostics));
    for d in &mut diagnostics[first..] {
        d.severity = active.severity;
        // A fix that may change text but not a link's gets none in a link raw HTML opened:
        // the verifier would refuse it (see `Document::in_raw_link`).
        let in_raw_link = d.fix.as_ref().is_some_and(|fix| {
            let allowed = fix.allowed(active.info.changes);
            allowed.text
                && !allowed.link_text
                && fix.edits.iter().any(|e| doc.in_raw_link(e.range.start))
        });
        if in_raw_link {
            d.fix = None;
        }
    }
}

/// Diagnostics in the order they are reported: by position, then rule, then as reported.
///
/// Each rule reports in order, so the list is a few dozen sorted runs; merging them moved every
/// diagnostic (some 170 bytes) once a level. The keys are sorted instead, and each diagnostic
/// moved once into its place.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    let key = |(i, d): (usize, &Diagnostic)| (d.range.start, d.range.end, d.rule, i);
    let mut keys: Vec<_> = diagnostics.iter().enumerate().map(key).collect();
    if keys.is_sorted() {
        return;
    }
    keys.sort();
    let mut slots: Vec<Option<Diagnostic>> =
        std::mem::take(diagnostics).into_iter().map(Some).collect();
    diagnostics.reserve_exact(slots.len());
    diagnostics.extend(
        keys.iter()
            .map(|&(.., i)| slots[i].take().expect("each index once")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Reporter;

    #[test]
    fn diagnostics_sort_by_position_then_rule_then_report_order() {
        let mut diagnostics = Vec::new();
        let mut b = Reporter::new("b-rule", &mut diagnostics);
        b.report(5..6, "b first");
        b.report(0..2, "b at 0");
        b.report(5..6, "b second");
        let mut a = Reporter::new("a-rule", &mut diagnostics);
        a.report(5..6, "a");
        a.report(0..1, "a at 0");
        let messages =
            |d: &[Diagnostic]| d.iter().map(|d| d.message.to_string()).collect::<Vec<_>>();
        let sorted = ["a at 0", "b at 0", "a", "b first", "b second"];
        sort(&mut diagnostics);
        assert_eq!(messages(&diagnostics), sorted);
        // Already sorted: left as it is.
        sort(&mut diagnostics);
        assert_eq!(messages(&diagnostics), sorted);
    }
}
