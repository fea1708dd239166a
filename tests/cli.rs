//! The command line, end to end: exit codes, output formats, fixing, stdin, config.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const BARE: &str =
    "# 2025 Collaboration Cafe Notes Archive\n\n## 2025-10-21\n\n- see https://x.org/a.\n";
const CLEAN: &str =
    "# 2025 Collaboration Cafe Notes Archive\n\n## 2025-10-21\n\n- see <https://x.org/a>.\n";

fn cafe_lint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cafe-lint").unwrap();
    cmd.current_dir(dir).env_remove("NO_COLOR");
    cmd
}

/// A folder with a `.git` so that config lookup stops there.
fn repo(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn read(dir: &TempDir, name: &str) -> String {
    fs::read_to_string(dir.path().join(name)).unwrap()
}

#[test]
fn exit_codes_follow_the_findings() {
    let dir = repo(&[("bare.md", BARE), ("clean.md", CLEAN)]);
    cafe_lint(dir.path()).arg("clean.md").assert().code(0);
    cafe_lint(dir.path())
        .arg("bare.md")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "bare.md:5:7: bare-url bare URL `https://x.org/a` [*]",
        ));
    cafe_lint(dir.path())
        .args(["--exit-zero", "bare.md"])
        .assert()
        .code(0);
    cafe_lint(dir.path())
        .arg("missing.md")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.md: no such file or directory",
        ));
    cafe_lint(dir.path()).arg("--no-such-flag").assert().code(2);
}

#[test]
fn diff_writes_nothing() {
    let dir = repo(&[("bare.md", BARE)]);
    cafe_lint(dir.path())
        .args(["--diff", "bare.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "-- see https://x.org/a.\n+- see <https://x.org/a>.",
        ));
    assert_eq!(read(&dir, "bare.md"), BARE);
    cafe_lint(dir.path())
        .args(["--diff", "."])
        .env("X", "1")
        .assert()
        .code(1);
}

#[test]
fn fix_then_fix_again_changes_nothing() {
    let dir = repo(&[("bare.md", BARE)]);
    cafe_lint(dir.path())
        .args(["--fix", "bare.md"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 1 problem in 1 file."));
    assert_eq!(read(&dir, "bare.md"), CLEAN);
    cafe_lint(dir.path())
        .args(["--fix", "bare.md"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 0 problems in 0 files."));
    assert_eq!(read(&dir, "bare.md"), CLEAN);
}

#[test]
fn fix_reports_what_it_cannot_fix() {
    let text = "# 2024 Collaboration Cafe Notes Archive\n\n## 2024-06\n\nsee https://x.org\n";
    let dir = repo(&[("a.md", text)]);
    cafe_lint(dir.path())
        .args(["--fix", "a.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("month-only"))
        .stdout(predicate::str::contains("bare-url").not());
    assert!(read(&dir, "a.md").contains("<https://x.org>"));
}

#[test]
fn stdin_is_linted_and_fixed_to_stdout() {
    let dir = repo(&[]);
    cafe_lint(dir.path())
        .args(["--stdin-filename", "notes/2025.md", "-"])
        .write_stdin(BARE)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("notes/2025.md:5:7: bare-url"));
    cafe_lint(dir.path())
        .args(["--fix", "-"])
        .write_stdin(BARE)
        .assert()
        .code(0)
        .stdout(predicate::eq(CLEAN));
    cafe_lint(dir.path())
        .args(["--diff", "-"])
        .write_stdin(BARE)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+- see <https://x.org/a>."));
}

#[test]
fn output_formats() {
    let dir = repo(&[("bare.md", BARE)]);
    let out = cafe_lint(dir.path())
        .args(["--output-format", "json", "bare.md"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d = &json.as_array().unwrap()[0];
    assert_eq!(d["file"], "bare.md");
    assert_eq!(d["rule"], "bare-url");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["start"]["line"], 5);
    assert_eq!(d["start"]["column"], 7);
    assert_eq!(d["end"]["column"], 22);
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "<");

    let dir_clean = repo(&[("clean.md", CLEAN)]);
    let out = cafe_lint(dir_clean.path())
        .args(["--output-format", "json", "."])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        serde_json::json!([])
    );

    cafe_lint(dir.path())
        .args(["--output-format", "github", "bare.md"])
        .assert()
        .code(1)
        .stdout(predicate::eq(
            "::error file=bare.md,line=5,col=7,endLine=5,endColumn=22,title=cafe-lint(bare-url)::bare URL `https://x.org/a`\n",
        ));
    cafe_lint(dir.path())
        .args(["--output-format", "full", "bare.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("× bare URL `https://x.org/a`"))
        .stdout(predicate::str::contains("help: Wrap it in `<...>`"))
        .stdout(predicate::str::contains("\u{1b}[").not());
    cafe_lint(dir.path())
        .args(["--output-format", "full", "--color", "always", "bare.md"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
}

#[test]
fn warnings_are_github_warnings() {
    let dir = repo(&[
        ("bare.md", BARE),
        ("cafe-lint.toml", "[rules]\nbare-url = \"warn\"\n"),
    ]);
    cafe_lint(dir.path())
        .args(["--output-format", "github", "bare.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("::warning file=bare.md"));
}

#[test]
fn directories_are_walked_in_order_respecting_gitignore_and_hidden_files() {
    let dir = repo(&[
        ("b/2025.md", BARE),
        ("a/2024.md", BARE),
        (".hidden/x.md", BARE),
        ("ignored/x.md", BARE),
        (".gitignore", "ignored/\n"),
        ("notes.txt", BARE),
        ("dir.md/inner.md", BARE),
    ]);
    let out = cafe_lint(dir.path())
        .arg(".")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let mut files: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    files.dedup();
    assert_eq!(files, ["./a/2024.md", "./b/2025.md", "./dir.md/inner.md"]);
}

#[test]
fn bad_files_are_errors_and_left_untouched() {
    let dir = repo(&[("ok.md", BARE)]);
    let bad: &[u8] = b"# T\n\nsee https://x.org \xff\n";
    fs::write(dir.path().join("latin1.md"), bad).unwrap();
    cafe_lint(dir.path())
        .args(["--fix", "latin1.md", "ok.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "latin1.md: not valid UTF-8 (invalid byte at line 3, column 19, offset 23)",
        ));
    assert_eq!(fs::read(dir.path().join("latin1.md")).unwrap(), bad);
    assert_eq!(read(&dir, "ok.md"), CLEAN, "the other file is still fixed");
}

#[test]
fn crlf_and_bom_survive_fixing() {
    let crlf = BARE.replace('\n', "\r\n");
    let dir = repo(&[("crlf.md", &crlf)]);
    fs::write(dir.path().join("bom.md"), format!("\u{feff}{BARE}")).unwrap();
    cafe_lint(dir.path())
        .args(["--fix", "crlf.md", "bom.md"])
        .assert()
        .code(0);
    assert_eq!(read(&dir, "crlf.md"), CLEAN.replace('\n', "\r\n"));
    assert_eq!(read(&dir, "bom.md"), format!("\u{feff}{CLEAN}"));
}

#[test]
fn invalid_config_is_named_with_its_line() {
    let dir = repo(&[
        ("a.md", CLEAN),
        (
            "cafe-lint.toml",
            "[rules]\nbare-url = \"warn\"\nbare-ulr = \"off\"\n",
        ),
    ]);
    cafe_lint(dir.path())
        .arg("a.md")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cafe-lint.toml:3: unknown rule `bare-ulr`",
        ));
    let dir = repo(&[
        ("a.md", CLEAN),
        (
            "cafe-lint.toml",
            "exclude = []\n[rules.bare-url]\nschemes = 3\n",
        ),
    ]);
    cafe_lint(dir.path())
        .arg("a.md")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cafe-lint.toml:3:"));
    let dir = repo(&[
        ("a.md", CLEAN),
        ("cafe-lint.toml", "includes = [\"*.md\"]\n"),
    ]);
    cafe_lint(dir.path())
        .arg("a.md")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cafe-lint.toml:1: unknown field `includes`",
        ));
}

#[test]
fn suppression_comments() {
    let text = "# 2025 Collaboration Cafe Notes Archive\n\n<!-- cafe-lint-disable-next-line bare-url -->\nsee https://x.org/a\n\nsee https://x.org/b\n\n<!-- cafe-lint-disable bare-url -->\n\nsee https://x.org/c\n";
    let dir = repo(&[("a.md", text)]);
    let out = cafe_lint(dir.path())
        .args(["--select", "bare-url", "a.md"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("https://x.org/b"));
    cafe_lint(dir.path())
        .args(["--fix", "a.md"])
        .assert()
        .code(0);
    let fixed = read(&dir, "a.md");
    assert!(
        fixed.contains("see https://x.org/a\n")
            && fixed.contains("<https://x.org/b>")
            && fixed.contains("see https://x.org/c\n")
    );
}

#[test]
fn config_overrides_select_and_ignore() {
    let config = "[rules.bare-url]\nlevel = \"warn\"\n\n[[overrides]]\nfiles = [\"old/*.md\"]\nrules = { bare-url = \"off\" }\n";
    let dir = repo(&[
        ("old/2025.md", BARE),
        ("new/2025.md", BARE),
        ("cafe-lint.toml", config),
    ]);
    cafe_lint(dir.path()).arg("old/2025.md").assert().code(0);
    cafe_lint(dir.path())
        .arg("new/2025.md")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("bare-url"));
    cafe_lint(dir.path())
        .args(["--ignore", "bare-url", "new/2025.md"])
        .assert()
        .code(0);
    cafe_lint(dir.path())
        .args(["--select", "date-heading", "new/2025.md"])
        .assert()
        .code(0);
    cafe_lint(dir.path())
        .args(["--select", "bare-url", "old/2025.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("bare-url"));
    cafe_lint(dir.path())
        .args(["--select", "no-such-rule", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `no-such-rule`"));
}

#[test]
fn nearest_config_wins_and_explicit_config_overrides() {
    let dir = repo(&[
        ("cafe-lint.toml", "[rules]\nbare-url = \"off\"\n"),
        ("sub/.cafe-lint.toml", "[rules]\nbare-url = \"error\"\n"),
        ("sub/a.md", BARE),
        ("b.md", BARE),
        ("strict.toml", "[rules]\nbare-url = \"error\"\n"),
    ]);
    cafe_lint(dir.path()).arg("b.md").assert().code(0);
    cafe_lint(dir.path()).arg("sub/a.md").assert().code(1);
    cafe_lint(dir.path())
        .args(["--config", "strict.toml", "b.md"])
        .assert()
        .code(1);
    cafe_lint(dir.path())
        .args(["--config", "nope.toml", "b.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.toml"));
}

#[test]
fn force_exclude_applies_to_explicit_paths() {
    let dir = repo(&[
        ("drafts/a.md", BARE),
        ("cafe-lint.toml", "exclude = [\"drafts/**\"]\n"),
    ]);
    cafe_lint(dir.path()).arg("drafts/a.md").assert().code(1);
    cafe_lint(dir.path())
        .args(["--force-exclude", "drafts/a.md"])
        .assert()
        .code(0);
    cafe_lint(dir.path()).arg(".").assert().code(0);
}

#[test]
fn rule_docs_and_list() {
    let dir = repo(&[]);
    cafe_lint(dir.path())
        .args(["rule", "bare-url"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# bare-url\n"))
        .stdout(predicate::str::contains("## Why is this bad?"));
    let out = cafe_lint(dir.path())
        .arg("rules")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for rule in cafe_lint::rules::REGISTRY {
        assert!(
            out.lines()
                .any(|l| l.starts_with(rule.name) && l.contains(rule.fix.as_str())),
            "{}",
            rule.name
        );
    }
    cafe_lint(dir.path())
        .args(["rule", "nope"])
        .assert()
        .code(2);
}

#[test]
fn symlinks_are_fixed_through_and_stay_links() {
    let dir = repo(&[("real.md", BARE)]);
    let link: PathBuf = dir.path().join("link.md");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        cafe_lint(dir.path())
            .args(["--fix", "link.md"])
            .assert()
            .code(0);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(read(&dir, "real.md"), CLEAN);
    }
}

/// `cafe-lint rules | head -1` closes the pipe early: the listing stops quietly, no panic.
#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::process::Stdio;
    let bin = assert_cmd::cargo::cargo_bin("cafe-lint");
    for args in [&["rules"][..], &["rule", "bare-url"]] {
        let mut child = std::process::Command::new(&bin)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the listing is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
