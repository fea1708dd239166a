//! A rule's doc comment is its documentation: `rules/<name>.md` is generated from it (set
//! `CAFE_LINT_UPDATE_DOCS=1` to rewrite them), and its examples are run.

mod common;

use std::path::Path;

use cafe_lint::fixer;
use cafe_lint::rules::REGISTRY;

#[test]
fn rule_pages_match_the_doc_comments() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let update = std::env::var_os("CAFE_LINT_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for rule in REGISTRY {
        let path = dir.join(format!("{}.md", rule.name));
        let page = rule.markdown_page();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &page).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    let pages = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        pages,
        REGISTRY.len(),
        "rules/ holds a page for a rule that does not exist"
    );
    assert!(
        stale.is_empty(),
        "stale rule pages (rerun with CAFE_LINT_UPDATE_DOCS=1): {stale:?}"
    );
}

/// The first fenced block after `heading` in a doc.
fn example(doc: &str, heading: &str) -> Option<String> {
    let after = doc.split(&format!("\n{heading}\n")).nth(1)?;
    let open = after.find("```")?;
    let body = &after[open..];
    let fence_len = body.bytes().take_while(|&b| b == b'`').count();
    let fence = &body[..fence_len];
    let start = body.find('\n')? + 1;
    let end = body[start..].find(&format!("\n{fence}"))? + start + 1;
    Some(body[start..end].to_string())
}

#[test]
fn examples_show_the_problem_and_the_remedy() {
    for rule in REGISTRY {
        let doc = rule.doc();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Options",
        ] {
            assert!(
                doc.contains(&format!("{section}\n")),
                "{}: no `{section}` section",
                rule.name
            );
        }
        let rules = common::rule_set(rule.name, toml::Table::new());
        let bad = example(&doc, "## Example")
            .unwrap_or_else(|| panic!("{}: no example block", rule.name));
        let good = example(&doc, "## Use instead")
            .unwrap_or_else(|| panic!("{}: no remedy block", rule.name));
        let found = fixer::check(&bad, None, &rules);
        assert!(
            !found.is_empty(),
            "{}: the example reports nothing",
            rule.name
        );
        assert!(found.iter().all(|d| d.rule == rule.name));
        let clean = fixer::check(&good, None, &rules);
        assert!(
            clean.is_empty(),
            "{}: `Use instead` reports {clean:?}",
            rule.name
        );
    }
}

#[test]
fn readme_lists_every_rule_with_its_defaults() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for rule in REGISTRY {
        let row = format!(
            "| [`{0}`](rules/{0}.md) | {1} | {2} |",
            rule.name,
            rule.default_level.as_str(),
            rule.fix.as_str()
        );
        assert!(readme.contains(&row), "README's rule table needs: {row}");
    }
}
