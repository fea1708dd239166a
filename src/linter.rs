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
    let mut diagnostics = Vec::new();
    for active in rules.rules.iter().filter(|r| select(r)) {
        let first = diagnostics.len();
        active
            .rule
            .check(doc, &mut Reporter::new(active.info.name, &mut diagnostics));
        for d in &mut diagnostics[first..] {
            d.severity = active.severity;
        }
    }
    let suppressions = Suppressions::parse(doc);
    if !suppressions.is_empty() {
        diagnostics.retain(|d| !suppressions.suppresses(d.rule, doc.line_of(d.range.start)));
    }
    sort(&mut diagnostics);
    diagnostics
}

/// Diagnostics in the order they are reported: by position, then rule.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
}
