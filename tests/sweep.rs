//! Every file of four lines drawn from a small alphabet of the lines notes are made of (lists
//! at every depth, empty items, fences, HTML left open, prompts, headings, tabs), fixed with
//! every rule: where random search (proptest, fuzzing) samples, this tries every combination.
//! Two alphabets of 16 lines, 65,536 files each, LF, CRLF or no final line ending in turn;
//! and every three lines of 12 kinds, each ended by `\n`, `\r\n` or a lone `\r` (46,656
//! files of mixed line endings).
//! Ignored by default (about 30 s in a release build): `.ci/hardening.sh` runs it with
//! `cargo test --release --test sweep -- --ignored`.

mod common;

use common::invariants;

const LISTS: [&str; 16] = [
    "", "-", "- a", "  -", "  - a", "    - a", "   -   a", "* a", "1. a", "  1. a", "a", "  a",
    "```", "<!--", "> - a", "- [ ] a",
];

const BLOCKS: [&str; 16] = [
    "",
    "## 2025-1-2",
    "# T",
    "### Agenda",
    "<div>",
    "  ```",
    "    x",
    "\t- a",
    "-   [ ]",
    "1)",
    "a  ",
    "Thank you for taking notes",
    "[name=x]",
    "- **Description:** a",
    "  * b",
    "\\- a",
];

/// Lints and fixes the `n`th file of each sweep: safe fixes, and unsafe ones for every fifth.
fn check_all(files: impl Iterator<Item = (usize, String)>) {
    let rules = invariants::all_rules();
    for (n, text) in files {
        invariants::assert_lint_ok(&text, &rules);
        invariants::assert_fix_ok(&text, &rules, n % 5 == 0);
    }
}

fn sweep(alphabet: &[&str; 16]) {
    check_all((0..16usize.pow(4)).map(|n| {
        let lines: Vec<&str> = (0..4).map(|i| alphabet[(n >> (4 * i)) & 15]).collect();
        let ending = if n % 3 == 0 { "\r\n" } else { "\n" };
        let mut text = lines.join(ending);
        if n % 2 == 1 {
            text.push_str(ending);
        }
        (n, text)
    }));
}

#[test]
#[ignore = "65,536 files: run in a release build (.ci/hardening.sh)"]
fn every_four_lines_of_lists() {
    sweep(&LISTS);
}

#[test]
#[ignore = "65,536 files: run in a release build (.ci/hardening.sh)"]
fn every_four_lines_of_blocks() {
    sweep(&BLOCKS);
}

#[test]
#[ignore = "46,656 files: run in a release build (.ci/hardening.sh)"]
fn every_three_lines_with_mixed_line_endings() {
    let kinds = [
        "", " ", "\t", "> q", "- a", "-", "a ", "a\\", "```", "# T", "<!--", "  - b",
    ];
    let lines: Vec<String> = kinds
        .iter()
        .flat_map(|k| ["\n", "\r\n", "\r"].map(|e| format!("{k}{e}")))
        .collect();
    let count = lines.len();
    check_all((0..count.pow(3)).map(|n| {
        let mut text: String = (0..3)
            .map(|i| lines[(n / count.pow(i)) % count].as_str())
            .collect();
        if n % 4 == 0 {
            text.push('x');
        }
        (n, text)
    }));
}
