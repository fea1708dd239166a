//! Fixes you can trust: a rule whose fix changes more than it declares is caught before
//! anything is written; fixing converges and is idempotent on every fixture (and, with
//! `--ignored`, every corpus file); line endings and a BOM come out as they went in.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cafe_lint::Severity;
use cafe_lint::config::Level;
use cafe_lint::diagnostic::{Changes, Fix};
use cafe_lint::document::Document;
use cafe_lint::fixer::{self, FixError};
use cafe_lint::linter::{ActiveRule, RuleSet};
use cafe_lint::rules::{
    Configurable, Documented, FixAvailability, REGISTRY, Reporter, Rule, RuleInfo,
};
use common::invariants;

/// A deliberately wrong rule: its "safe" fix deletes the word `obsolete`, which changes the
/// rendered text, but it is registered as changing nothing.
struct DeletesAWord;

impl Documented for DeletesAWord {
    const DOC: &'static str = "## What it does\nDeletes the word `obsolete`.\n";
}

#[derive(Default, serde::Deserialize)]
struct NoOptions {}

impl Configurable for DeletesAWord {
    type Options = NoOptions;
    fn new(_: NoOptions) -> Self {
        DeletesAWord
    }
}

impl Rule for DeletesAWord {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        let word = "obsolete ";
        if let Some(at) = doc.source.find(word) {
            let range = at..at + word.len();
            let fix = doc
                .edit(range.clone(), word, "")
                .and_then(|e| Fix::safe(vec![e]));
            report
                .report(range, "an obsolete word")
                .with_fix("Delete it", fix);
        }
    }
}

static WRONGLY_DECLARED: RuleInfo = RuleInfo::of::<DeletesAWord>(
    "deletes-a-word",
    Level::Error,
    FixAvailability::Always,
    Changes::NOTHING,
);

/// The same rule, honestly declared.
static HONESTLY_DECLARED: RuleInfo = RuleInfo::of::<DeletesAWord>(
    "deletes-a-word",
    Level::Error,
    FixAvailability::Always,
    Changes::TEXT,
);

/// Every registered rule at its defaults, plus `extra`.
fn all_rules_and(extra: &'static RuleInfo) -> RuleSet {
    let mut set = RuleSet::default();
    for info in REGISTRY.iter().chain([extra]) {
        set.rules.push(ActiveRule {
            info,
            severity: Severity::Error,
            rule: (info.build)(toml::Table::new()).expect("default options"),
        });
    }
    set
}

const TEXT: &str = "# 2025 Collaboration Cafe Notes Archive\n\n## 2025-1-2\n\n\
                    An obsolete word, see https://x.org.\n";

#[test]
fn a_fix_that_changes_more_than_declared_fails_verification_naming_its_rule() {
    let rules = all_rules_and(&WRONGLY_DECLARED);
    match fixer::fix(TEXT, None, &rules, false) {
        Err(e @ FixError::Unverified { .. }) => {
            let FixError::Unverified { rules: named, .. } = &e else {
                unreachable!()
            };
            // date-heading fixed in the same pass, and it may change text: its allowance must
            // not cover for the wrong rule, which alone is blamed.
            assert_eq!(named, &["deletes-a-word"], "{e}");
            assert!(e.to_string().contains("not written"), "{e}");
            assert!(e.to_string().contains("`An obsolete word, see "), "{e}");
        }
        other => panic!("expected Unverified, got {other:?}"),
    }
    // Alone, too.
    let alone = RuleSet::single(&WRONGLY_DECLARED, toml::Table::new()).unwrap();
    assert!(matches!(
        fixer::fix(TEXT, None, &alone, false),
        Err(FixError::Unverified { rules, .. }) if rules == ["deletes-a-word"]
    ));
}

#[test]
fn the_same_fix_honestly_declared_passes() {
    let fixed = fixer::fix(TEXT, None, &all_rules_and(&HONESTLY_DECLARED), false).unwrap();
    assert!(fixed.source.contains("## 2025-01-02"));
    assert!(fixed.source.contains("An word, see <https://x.org>."));
}

/// A rule that removes the blank line between a list and the paragraph after it, which makes
/// the paragraph part of the list's last item: its text moves, nothing is removed. Registered
/// as removing and changing text (as template-text is); with `NARROWED`, its fix declares only
/// a removal, as a fix that removes whole blocks does.
struct RemovesBlankLine<const NARROWED: bool>;

impl<const NARROWED: bool> Documented for RemovesBlankLine<NARROWED> {
    const DOC: &'static str = "## What it does\nRemoves the blank line after a list.\n";
}

impl<const NARROWED: bool> Configurable for RemovesBlankLine<NARROWED> {
    type Options = NoOptions;
    fn new(_: NoOptions) -> Self {
        RemovesBlankLine
    }
}

impl<const NARROWED: bool> Rule for RemovesBlankLine<NARROWED> {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        if let Some(at) = doc.source.find("\n\nThen") {
            let range = at + 1..at + 2;
            let fix = doc.edit(range.clone(), "\n", "").and_then(|e| {
                let fix = Fix::safe(vec![e])?;
                Some(if NARROWED {
                    fix.changing(Changes::REMOVAL)
                } else {
                    fix
                })
            });
            report
                .report(range, "a blank line")
                .with_fix("Remove it", fix);
        }
    }
}

static REMOVES_DECLARED_BY_RULE: RuleInfo = RuleInfo::of::<RemovesBlankLine<false>>(
    "removes-blank-line",
    Level::Error,
    FixAvailability::Always,
    Changes::REMOVAL.and(Changes::TEXT),
);

static REMOVES_DECLARED_BY_FIX: RuleInfo = RuleInfo::of::<RemovesBlankLine<true>>(
    "removes-blank-line",
    Level::Error,
    FixAvailability::Always,
    Changes::REMOVAL.and(Changes::TEXT),
);

const LIST_THEN_PARAGRAPH: &str = "- a\n\nThen b\n";

#[test]
fn a_fix_that_declares_less_than_its_rule_is_held_to_it() {
    // Allowed to remove and to change text, the moved paragraph passes: its text is set aside
    // and no tag is new. This is why a fix that only removes says so.
    let by_rule = RuleSet::single(&REMOVES_DECLARED_BY_RULE, toml::Table::new()).unwrap();
    let fixed = fixer::fix(LIST_THEN_PARAGRAPH, None, &by_rule, false).unwrap();
    assert_eq!(fixed.source, "- a\nThen b\n");
    let by_fix = RuleSet::single(&REMOVES_DECLARED_BY_FIX, toml::Table::new()).unwrap();
    match fixer::fix(LIST_THEN_PARAGRAPH, None, &by_fix, false) {
        Err(e @ FixError::Unverified { .. }) => {
            assert!(e.to_string().contains("removes-blank-line"), "{e}");
        }
        other => panic!("expected Unverified, got {other:?}"),
    }
}

#[test]
fn a_fix_cannot_declare_more_than_its_rule() {
    /// `DeletesAWord` registered as changing nothing, its fix claiming a text change.
    struct Claims;
    impl Documented for Claims {
        const DOC: &'static str = DeletesAWord::DOC;
    }
    impl Configurable for Claims {
        type Options = NoOptions;
        fn new(_: NoOptions) -> Self {
            Claims
        }
    }
    impl Rule for Claims {
        fn check(&self, doc: &Document, report: &mut Reporter) {
            let mut found = Vec::new();
            DeletesAWord.check(doc, &mut Reporter::new("claims", &mut found));
            for mut d in found {
                d.fix = d.fix.map(|f| f.changing(Changes::TEXT));
                let fix = d.fix.take();
                report.report(d.range, d.message).with_fix("Delete it", fix);
            }
        }
    }
    static CLAIMS: RuleInfo = RuleInfo::of::<Claims>(
        "claims",
        Level::Error,
        FixAvailability::Always,
        Changes::NOTHING,
    );
    let rules = RuleSet::single(&CLAIMS, toml::Table::new()).unwrap();
    assert!(matches!(
        fixer::fix(TEXT, None, &rules, false),
        Err(FixError::Unverified { rules, .. }) if rules == ["claims"]
    ));
}

#[test]
fn a_file_whose_fix_fails_verification_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2025.md");
    std::fs::write(&path, TEXT).unwrap();
    let error = cafe_lint::cli::fix_file(&path, &all_rules_and(&WRONGLY_DECLARED), false)
        .expect_err("verification fails");
    assert!(error.contains("deletes-a-word"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TEXT);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp left"
    );
    // The honest rule does write, through the same function.
    cafe_lint::cli::fix_file(&path, &all_rules_and(&HONESTLY_DECLARED), false).unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("An word"));
}

/// Every fixture, with the text and the rules to fix it with: its own rule with its options,
/// and all rules at their defaults.
fn fixtures() -> Vec<(PathBuf, String, Vec<RuleSet>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let rule = dir.file_name().unwrap().to_str().unwrap().to_string();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let options = std::fs::read_to_string(path.with_extension("toml"))
                .map(|t| toml::from_str(&t).unwrap())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).unwrap();
            let own = common::rule_set(&rule, options);
            let all = all_rules_and(&HONESTLY_DECLARED);
            out.push((path, text, vec![own, all]));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 2 * REGISTRY.len());
    out
}

/// Converges in at most `passes` passes, verifies, is idempotent, keeps the line endings.
fn assert_converges_within(name: &str, text: &str, rules: &RuleSet, passes: [usize; 2]) {
    for (unsafe_fixes, passes) in [false, true].into_iter().zip(passes) {
        let fixed = invariants::assert_fix_ok(text, rules, unsafe_fixes);
        assert!(fixed.passes <= passes, "{name}: {} passes", fixed.passes);
    }
}

fn assert_converges(name: &str, text: &str, rules: &RuleSet) {
    assert_converges_within(name, text, rules, [3, 3]);
}

#[test]
fn fixing_every_fixture_converges_in_three_passes_and_is_idempotent() {
    for (path, text, rule_sets) in fixtures() {
        for rules in &rule_sets {
            assert_converges(&path.display().to_string(), &text, rules);
        }
    }
}

/// The fixer runs rules whose fixes are all unsafe (spelling) only once the text has settled:
/// so they must never offer a safe fix, and what a fix reports must be what a check of its
/// result reports.
#[test]
fn rules_marked_unsafe_only_offer_no_safe_fix_and_fixing_reports_every_rule() {
    for (path, text, rule_sets) in fixtures() {
        let all = &rule_sets[1];
        for d in fixer::check(&text, None, all) {
            let info = cafe_lint::rules::find(d.rule);
            if info.is_some_and(|r| r.unsafe_fixes_only) {
                assert!(
                    !d.fixable(false),
                    "{}: safe fix by {}",
                    path.display(),
                    d.rule
                );
            }
        }
        let fixed = fixer::fix(&text, None, all, false).unwrap();
        let rechecked = fixer::check(&fixed.source, None, all);
        let key = |ds: &[cafe_lint::diagnostic::Diagnostic]| -> Vec<_> {
            ds.iter().map(|d| (d.rule, d.range.clone())).collect()
        };
        assert_eq!(
            key(&fixed.diagnostics),
            key(&rechecked),
            "{}",
            path.display()
        );
    }
    assert!(REGISTRY.iter().any(|r| r.unsafe_fixes_only));
}

#[test]
#[ignore = "needs ../shared/corpus: run by .ci/hardening.sh"]
fn fixing_every_corpus_file_settles_in_one_fixing_pass_and_is_idempotent() {
    let rules = invariants::all_rules();
    let files = common::corpus_files();
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        // The real archives' fixes interact (an item removed from a list whose markers change,
        // a list moved so that a marker's spaces can go): they are all made in one pass, and
        // the second finds nothing, safe fixes or unsafe.
        assert_converges_within(&name, &text, &rules, [2, 2]);
        // The same file with CRLF endings fixes to the same result with CRLF endings.
        let crlf = |s: &str| s.replace('\n', "\r\n");
        let lf = fixer::fix(&text, None, &rules, false).unwrap().source;
        let fixed = fixer::fix(&crlf(&text), None, &rules, false)
            .unwrap()
            .source;
        assert!(fixed == crlf(&lf), "{name}: CRLF fixes differently");
    }
}

/// A fixture's text with its line endings replaced by `ending`.
fn with_endings(text: &str, ending: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', ending)
}

#[test]
fn crlf_and_cr_files_fix_like_lf_files_and_keep_their_endings() {
    for (path, text, rule_sets) in fixtures() {
        let name = path.display();
        for rules in &rule_sets {
            let lf = with_endings(&text, "\n");
            let fixed_lf = fixer::fix(&lf, None, rules, true).unwrap();
            for ending in ["\r\n", "\r"] {
                let input = with_endings(&text, ending);
                let fixed = fixer::fix(&input, None, rules, true)
                    .unwrap_or_else(|e| panic!("{name} with {ending:?}: {e}"));
                assert!(
                    fixed.source == with_endings(&fixed_lf.source, ending),
                    "{name} with {ending:?} endings: fixed to\n{:?}\nnot to\n{:?}",
                    fixed.source,
                    with_endings(&fixed_lf.source, ending)
                );
                let found = |f: &fixer::Fixed| {
                    let mut v: Vec<_> = f
                        .diagnostics
                        .iter()
                        .map(|d| (d.rule, d.message.clone()))
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(
                    found(&fixed),
                    found(&fixed_lf),
                    "{name} with {ending:?}: what is left"
                );
                let before = fixer::check(&input, None, rules).len();
                assert_eq!(
                    before,
                    fixer::check(&lf, None, rules).len(),
                    "{name} with {ending:?}: found"
                );
                invariants::assert_fix_ok(&input, rules, true);
            }
        }
    }
}

#[test]
fn fix_keeps_a_bom_and_crlf_endings_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2025.md");
    let text =
        "# 2025 Collaboration Cafe Notes Archive\r\n\r\n## 2025-1-2\r\n\r\nsee https://x.org.\r\n";
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let output = Command::cargo_bin("cafe-lint")
        .unwrap()
        .current_dir(dir.path())
        .args(["--fix", "2025.md"])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let written = std::fs::read(&path).unwrap();
    assert!(written.starts_with("\u{feff}".as_bytes()), "BOM kept");
    let written = String::from_utf8(written).unwrap();
    let config = cafe_lint::config::Config::embedded(dir.path(), &Default::default()).unwrap();
    let rules = config.rules_for(&path).unwrap();
    let expected = fixer::fix(&with_endings(text, "\n"), None, &rules, false)
        .unwrap()
        .source;
    assert!(expected.contains("## 2025-01-02") && expected.contains("<https://x.org>."));
    assert_eq!(
        written,
        format!("\u{feff}{}", with_endings(&expected, "\r\n"))
    );
    assert!(written.starts_with("\u{feff}# 2025"));
}
