//! Per-rule fixtures: `tests/fixtures/<rule>/<case>.md`, each aimed at one behaviour, run with
//! that rule alone (options from `<case>.toml` beside it, if any). The snapshot holds the
//! rendered diagnostics and the fix as a diff.

mod common;

use std::path::Path;

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/*.md", |path: &Path| {
        let rule = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .expect("rule folder");
        let text = std::fs::read_to_string(path).expect("fixture");
        let options = std::fs::read_to_string(path.with_extension("toml"))
            .map(|t| toml::from_str(&t).expect("fixture options"))
            .unwrap_or_default();
        let name = format!(
            "{rule}/{}",
            path.file_name().and_then(|n| n.to_str()).expect("name")
        );
        let report = common::report(&name, &text, &common::rule_set(rule, options));
        insta::assert_snapshot!(report);
    });
}

#[test]
fn every_rule_has_fixtures() {
    for rule in cafe_lint::rules::REGISTRY {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rule.name);
        let count = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        assert!(
            count >= 2,
            "{}: add fixtures under {}",
            rule.name,
            dir.display()
        );
    }
}

/// Every fixture, linted by every rule: the windowed rules find in windows of one top-level
/// block what they find in the whole document.
#[test]
fn windows_of_one_block_find_what_the_whole_finds() {
    let rules = common::invariants::all_rules();
    let mut checked = 0;
    insta::glob!("fixtures/*/*.md", |path: &Path| {
        let text = std::fs::read_to_string(path).expect("fixture");
        let whole = cafe_lint::fixer::check(&text, None, &rules);
        common::invariants::assert_windows_agree(&text, None, &rules, &whole);
        checked += 1;
    });
    assert!(checked > 70, "{checked} fixtures");
}
