//! What linting and fixing must guarantee on ANY input, whatever rules the registry holds.
//! Shared by the property tests (`tests/properties.rs`), the engine tests and the fuzz targets
//! (`fuzz/fuzz_targets/*.rs` include this file by path), so that there is one definition.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use cafe_lint::config::{Config, RuleSelection};
use cafe_lint::diagnostic::Diagnostic;
use cafe_lint::fixer::{self, Fixed};
use cafe_lint::linter::RuleSet;
use cafe_lint::rules::REGISTRY;

/// Every rule in the registry, with the options of the embedded default config (rules that are
/// off by default are selected on).
pub fn all_rules() -> Arc<RuleSet> {
    let selection = RuleSelection {
        select: Some(REGISTRY.iter().map(|r| r.name.to_string()).collect()),
        ignore: Vec::new(),
    };
    let config = Config::embedded(Path::new("."), &selection).expect("embedded config");
    let rules = config
        .rules_for(Path::new("notes.md"))
        .expect("default rules");
    assert_eq!(rules.rules.len(), REGISTRY.len(), "every rule is on");
    rules
}

/// How a text ends its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEndings {
    /// No line ending at all.
    None,
    Lf,
    Crlf,
    Cr,
    Mixed,
}

pub fn line_endings(text: &str) -> LineEndings {
    let bytes = text.as_bytes();
    let (mut lf, mut crlf, mut cr) = (0, 0, 0);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                crlf += 1;
                i += 1;
            }
            b'\r' => cr += 1,
            b'\n' => lf += 1,
            _ => {}
        }
        i += 1;
    }
    match (lf > 0, crlf > 0, cr > 0) {
        (false, false, false) => LineEndings::None,
        (true, false, false) => LineEndings::Lf,
        (false, true, false) => LineEndings::Crlf,
        (false, false, true) => LineEndings::Cr,
        _ => LineEndings::Mixed,
    }
}

/// Every diagnostic's range and every edit of its fix lie within `text` on char boundaries.
pub fn assert_ranges_valid(text: &str, diagnostics: &[Diagnostic]) {
    let valid = |r: &std::ops::Range<usize>| r.start <= r.end && text.get(r.clone()).is_some();
    for d in diagnostics {
        assert!(
            valid(&d.range),
            "{}: diagnostic range {:?} is not a valid range of the text ({} bytes)",
            d.rule,
            d.range,
            text.len()
        );
        for edit in d.fix.iter().flat_map(|f| f.edits.iter()) {
            assert!(
                valid(&edit.range),
                "{}: edit range {:?} is not a valid range of the text ({} bytes)",
                d.rule,
                edit.range,
                text.len()
            );
        }
    }
}

/// Lints `text` and checks the diagnostics' ranges.
pub fn assert_lint_ok(text: &str, rules: &RuleSet) -> Vec<Diagnostic> {
    let diagnostics = fixer::check(text, None, rules);
    assert_ranges_valid(text, &diagnostics);
    assert_windows_agree(text, None, rules, &diagnostics);
    diagnostics
}

/// The windowed rules find in windows of one top-level block each what they find in the
/// whole document (`diagnostics`, from `lint`, whose windows are large), read from `path`.
pub fn assert_windows_agree(
    text: &str,
    path: Option<&Path>,
    rules: &RuleSet,
    diagnostics: &[Diagnostic],
) {
    let windowed = fixer::check_in_windows(text, path, rules, 1);
    if windowed != diagnostics {
        let differ = |a: &[Diagnostic], b: &[Diagnostic]| {
            a.iter()
                .filter(|d| !b.contains(d))
                .map(|d| format!("{} {:?} {}", d.rule, d.range, d.message))
                .collect::<Vec<_>>()
        };
        panic!(
            "windows of one block found {:?} and missed {:?}\n--- input:\n{text:?}",
            differ(&windowed, diagnostics),
            differ(diagnostics, &windowed)
        );
    }
}

/// Fixes `text` and checks everything a fix promises: it converges and verifies (no error),
/// the result lints with valid ranges, a second fix changes nothing, and a text with one
/// line-ending style keeps it.
pub fn assert_fix_ok(text: &str, rules: &RuleSet, unsafe_fixes: bool) -> Fixed {
    let fixed = fixer::fix(text, None, rules, unsafe_fixes)
        .unwrap_or_else(|e| panic!("fix failed: {e}\n--- input:\n{text:?}"));
    assert_ranges_valid(&fixed.source, &fixed.diagnostics);
    let again = fixer::fix(&fixed.source, None, rules, unsafe_fixes)
        .unwrap_or_else(|e| panic!("second fix failed: {e}\n--- input:\n{text:?}"));
    assert_eq!(
        again.source, fixed.source,
        "a second fix changed the text\n--- input:\n{text:?}"
    );
    assert_eq!(again.applied, 0, "a second fix applied fixes");
    let before = line_endings(text);
    let after = line_endings(&fixed.source);
    if before != LineEndings::Mixed {
        assert!(
            after == before || after == LineEndings::None || before == LineEndings::None,
            "line endings {before:?} became {after:?}\n--- input:\n{text:?}\n--- output:\n{:?}",
            fixed.source
        );
        assert_ne!(after, LineEndings::Mixed, "fixing mixed the line endings");
    }
    fixed
}
