//! The four real archives, read from `../shared/corpus/` (or `$CAFE_LINT_CORPUS`) at test time
//! and never copied into the repo. Ignored by a plain `cargo test` (the folder sits outside the
//! repo); `.ci/run` runs them with `--ignored`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cafe_lint::config::{Config, RuleSelection};
use cafe_lint::fixer;

fn corpus() -> Vec<PathBuf> {
    let files = common::corpus_files();
    assert_eq!(files.len(), 4, "the four yearly archives");
    files
}

fn year(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    stem.rsplit("__").next().unwrap_or(stem).to_string()
}

/// Per rule and file: found / left after `--fix`. Any change in what the rules find shows here.
#[test]
#[ignore = "needs ../shared/corpus: run by .ci/run"]
fn corpus_diagnostics_per_rule() {
    let files = corpus();
    let config = Config::embedded(Path::new("."), &RuleSelection::default()).unwrap();
    let mut table: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for rule in config.rules_for(Path::new("x.md")).unwrap().names() {
        table.insert(rule, vec![(0, 0); files.len()]);
    }
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let rules = config.rules_for(path).unwrap();
        for d in fixer::check(&text, Some(path), &rules) {
            table.get_mut(d.rule).unwrap()[i].0 += 1;
        }
        let fixed = fixer::fix(&text, Some(path), &rules, false)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            fixed.passes <= 3,
            "{}: {} passes",
            path.display(),
            fixed.passes
        );
        for d in &fixed.diagnostics {
            table.get_mut(d.rule).unwrap()[i].1 += 1;
            assert!(
                !d.fixable(false),
                "{}: a fixable diagnostic is left: {d:?}",
                path.display()
            );
        }
        let again = fixer::fix(&fixed.source, Some(path), &rules, false).unwrap();
        assert_eq!(
            again.source,
            fixed.source,
            "{}: a second --fix changed the text",
            path.display()
        );
        assert_eq!(again.applied, 0);
    }
    let mut out = format!("{:24}", "rule (found/left)");
    for f in &files {
        out.push_str(&format!("{:>10}", year(f)));
    }
    out.push('\n');
    for (rule, counts) in &table {
        out.push_str(&format!("{rule:24}"));
        for (found, left) in counts {
            out.push_str(&format!("{:>10}", format!("{found}/{left}")));
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}

/// Unsafe fixes too must converge, verify and be idempotent on the real files.
#[test]
#[ignore = "needs ../shared/corpus: run by .ci/run"]
fn corpus_unsafe_fixes_converge() {
    let config = Config::embedded(Path::new("."), &RuleSelection::default()).unwrap();
    for path in corpus() {
        let text = std::fs::read_to_string(&path).unwrap();
        let rules = config.rules_for(&path).unwrap();
        let fixed = fixer::fix(&text, Some(&path), &rules, true)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again = fixer::fix(&fixed.source, Some(&path), &rules, true).unwrap();
        assert_eq!(again.source, fixed.source, "{}", path.display());
    }
}

/// The windowed rules find in windows of one top-level block what they find in the whole
/// archive (and do find something: the archives break most rules).
#[test]
#[ignore = "needs ../shared/corpus: run by .ci/run"]
fn corpus_windows_find_what_the_whole_finds() {
    let config = Config::embedded(Path::new("."), &RuleSelection::default()).unwrap();
    let mut found = 0;
    for path in corpus() {
        let text = std::fs::read_to_string(&path).unwrap();
        let rules = config.rules_for(&path).unwrap();
        let whole = fixer::check(&text, Some(&path), &rules);
        found += (whole.iter())
            .filter(|d| cafe_lint::rules::find(d.rule).is_some_and(|r| r.windowed))
            .count();
        common::invariants::assert_windows_agree(&text, Some(&path), &rules, &whole);
    }
    assert!(found > 500, "{found} diagnostics of windowed rules");
}
