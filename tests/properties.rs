//! Property tests on generated notes-like Markdown: a title, date headings in the forms people
//! write, sections, nested lists with `-`/`*` markers and indents of 2, 3 or 4, URLs bare, in
//! `<...>` and in links, code fences holding headings and URLs, emphasis, trailing spaces and
//! sometimes CRLF endings. With every registered rule: linting never panics and reports valid
//! ranges; fixing converges, verifies, is idempotent and keeps the line-ending style.

mod common;

use std::sync::{Arc, LazyLock};

use cafe_lint::linter::RuleSet;
use common::invariants;
use proptest::collection::vec;
use proptest::prelude::*;

static RULES: LazyLock<Arc<RuleSet>> = LazyLock::new(invariants::all_rules);

fn one_of(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(items).prop_map(String::from)
}

fn word() -> impl Strategy<Value = String> {
    one_of(&[
        "notes",
        "JupyterHub",
        "café",
        "a_b",
        "x",
        "2i2c",
        "Min",
        "K8s",
        "—",
        "#1",
        "\\_",
        "&",
    ])
}

fn url() -> impl Strategy<Value = String> {
    one_of(&[
        "https://github.com/jupyterhub/team-compass/issues/1",
        "http://x.org/a_(b)",
        "https://x.org/path?q=1&r=2",
        "https://hackmd.io/@team/notes#top",
        "ftp://files.x.org/a.txt",
        "https://x.org/é",
    ])
}

fn inline() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => word(),
        2 => url(),
        1 => url().prop_map(|u| format!("{u}.")),
        1 => url().prop_map(|u| format!("({u})")),
        1 => url().prop_map(|u| format!("<{u}>")),
        1 => (word(), url()).prop_map(|(w, u)| format!("[{w}]({u})")),
        1 => url().prop_map(|u| format!("[{u}]({u})")),
        1 => word().prop_map(|w| format!("*{w}*")),
        1 => word().prop_map(|w| format!("**{w}**")),
        1 => word().prop_map(|w| format!("_{w}_")),
        1 => word().prop_map(|w| format!("`{w}`")),
        1 => one_of(&["**Description:**", "**Participating:**", "[name=Min]"]),
    ];
    vec(piece, 1..6).prop_map(|pieces| pieces.join(" "))
}

fn date_heading() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => one_of(&["2025-10-01", "2024-02-29", "2023-12-31"]),
        1 => one_of(&[
            "2025-10-1", "2025/10/01", "October 1, 2025", "1 Oct 2025", "2024-06",
            "2023-02-30", "Agenda", "Check-in 💁", "2025-10-01 ##",
        ]),
    ]
    .prop_map(|d| format!("## {d}"))
}

fn section_heading() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("###"), Just("####")],
        one_of(&[
            "Check-in",
            "Agenda",
            "Notes",
            "Notes for room 1",
            "Celebrations and shout-outs 🎉",
            "A topic about https://x.org",
            "Topic",
        ]),
    )
        .prop_map(|(hashes, name)| format!("{hashes} {name}"))
}

/// A list, nested up to three levels, each item with its own marker, indent and spacing.
fn list() -> impl Strategy<Value = Vec<String>> {
    let item = (
        0usize..3,
        prop_oneof![Just('-'), Just('*')],
        prop_oneof![Just(2usize), Just(3), Just(4)],
        prop_oneof![4 => Just(1usize), 1 => Just(3)],
        prop_oneof![8 => inline(), 1 => Just(String::new())],
    );
    vec(item, 1..7).prop_map(|items| {
        let mut depth = 0;
        let mut indent = 0;
        items
            .into_iter()
            .map(|(wanted, marker, step, spaces, text)| {
                depth = wanted.min(depth + 1);
                indent = if depth == 0 {
                    0
                } else {
                    indent.min((depth - 1) * 4) + step
                };
                format!("{}{marker}{}{text}", " ".repeat(indent), " ".repeat(spaces))
            })
            .collect()
    })
}

fn code_fence() -> impl Strategy<Value = Vec<String>> {
    (
        vec(
            one_of(&[
                "## 2025-1-2",
                "### Agenda",
                "see https://x.org",
                "* item",
                "# x",
            ]),
            0..4,
        ),
        any::<bool>(),
    )
        .prop_map(|(body, closed)| {
            let mut lines = vec!["```markdown".to_string()];
            lines.extend(body);
            if closed {
                lines.push("```".into());
            }
            lines
        })
}

fn block() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        3 => list(),
        2 => inline().prop_map(|p| vec![p]),
        2 => section_heading().prop_map(|h| vec![h]),
        2 => date_heading().prop_map(|h| vec![h]),
        1 => code_fence(),
        1 => inline().prop_map(|p| vec![format!("> {p}")]),
    ]
}

prop_compose! {
    /// A notes file, with its line endings and trailing spaces.
    fn notes()(
        title in prop_oneof![
            3 => Just("# 2025 Collaboration Cafe Notes Archive".to_string()),
            1 => Just("Notes".to_string()),
        ],
        blocks in vec((block(), 0usize..3), 0..12),
        trailing in vec(prop_oneof![6 => Just(""), 1 => Just(" "), 1 => Just("  "), 1 => Just("\t")], 8),
        crlf in prop_oneof![3 => Just(false), 1 => Just(true)],
        final_newline in prop_oneof![4 => Just(true), 1 => Just(false)],
    ) -> String {
        let mut lines = vec![title];
        for (block, blanks) in blocks {
            lines.extend(std::iter::repeat_n(String::new(), blanks));
            lines.extend(block);
        }
        let ending = if crlf { "\r\n" } else { "\n" };
        let mut text = lines
            .iter()
            .enumerate()
            .map(|(i, line)| format!("{line}{}", trailing[i % trailing.len()]))
            .collect::<Vec<_>>()
            .join(ending);
        if final_newline {
            text.push_str(ending);
        }
        text
    }
}

proptest! {
    // 128 cases on every run; more with `PROPTEST_CASES=N` (a longer search, by hand).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn lint_and_fix_keep_their_promises(text in notes()) {
        invariants::assert_lint_ok(&text, &RULES);
        invariants::assert_fix_ok(&text, &RULES, false);
        invariants::assert_fix_ok(&text, &RULES, true);
    }
}

/// The generator exercises the fixer: many generated files have something to fix, in both
/// line-ending styles, and fixes need more than one pass now and then.
#[test]
fn generated_notes_need_fixing() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut fixed, mut crlf, mut multi_pass) = (0, 0, 0);
    for _ in 0..64 {
        let text = notes().new_tree(&mut runner).unwrap().current();
        let result = cafe_lint::fixer::fix(&text, None, &RULES, true)
            .unwrap_or_else(|e| panic!("{e}\n--- input:\n{text:?}"));
        fixed += usize::from(result.applied > 0);
        crlf += usize::from(text.contains("\r\n") && result.applied > 0);
        multi_pass += usize::from(result.passes > 2);
        if std::env::var_os("SHOW_GENERATED").is_some() {
            println!(
                "----- {} fixes, {} passes\n{text}",
                result.applied, result.passes
            );
        }
    }
    assert!(fixed >= 16, "only {fixed} of 64 generated files had fixes");
    assert!(crlf >= 4, "only {crlf} CRLF files had fixes");
    println!("{fixed} of 64 fixed, {crlf} with CRLF, {multi_pass} needing > 2 passes");
}
