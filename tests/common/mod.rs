//! Shared by the integration tests: run one rule over a text, render what it reports and
//! what its fix writes.

#![allow(dead_code)]

pub mod invariants;
use std::path::Path;

use cafe_lint::fixer;
use cafe_lint::linter::RuleSet;
use cafe_lint::output::{FileDiagnostics, Format};
use cafe_lint::rules;

pub fn rule_set(rule: &str, options: toml::Table) -> RuleSet {
    let info = rules::find(rule).unwrap_or_else(|| panic!("no rule `{rule}`"));
    RuleSet::single(info, options).expect("valid options")
}

fn diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return "(no change)\n".into();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// The snapshot of one fixture: the diagnostics (concise and full), and the fix as a diff
/// (safe fixes; unsafe ones too when they differ).
pub fn report(name: &str, text: &str, rules: &RuleSet) -> String {
    let (diagnostics, lines) = fixer::check_indexed(text, Some(Path::new(name)), rules);
    let file = FileDiagnostics {
        path: name,
        text,
        offset: 0,
        diagnostics: &diagnostics,
        lines: &lines,
    };
    let mut out = String::new();
    out.push_str("----- concise\n");
    out.push_str(&file.render(Format::Concise, false));
    out.push_str("----- full\n");
    out.push_str(&file.render(Format::Full, false));
    let safe =
        fixer::fix(text, Some(Path::new(name)), rules, false).expect("fixes converge and verify");
    out.push_str("----- fix\n");
    out.push_str(&diff(name, text, &safe.source));
    let unsafe_ = fixer::fix(text, Some(Path::new(name)), rules, true)
        .expect("unsafe fixes converge and verify");
    if unsafe_.source != safe.source {
        out.push_str("----- unsafe fix\n");
        out.push_str(&diff(name, text, &unsafe_.source));
    }
    // Whatever the fixer wrote must be stable: a second run changes nothing.
    let again =
        fixer::fix(&unsafe_.source, Some(Path::new(name)), rules, true).expect("second run");
    assert_eq!(
        again.source, unsafe_.source,
        "{name}: a second fix changed the text"
    );
    out
}

/// The real archives in `../shared/corpus` (or `$CAFE_LINT_CORPUS`), read at test time and never
/// copied into the repo.
pub fn corpus_files() -> Vec<std::path::PathBuf> {
    let dir = std::env::var_os("CAFE_LINT_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
        });
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("collab-cafe"))
        })
        .collect();
    files.sort();
    files
}
