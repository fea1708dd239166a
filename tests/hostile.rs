//! Hostile input: each gives a clear error or correct output, the documented exit code (0/1:
//! ran, 2: error), and no file changed unless a fix was asked for and succeeded. Timing is not
//! asserted here (`.ci/scale.sh` measures how time grows); a hang fails by the command timeout.
//!
//! `cargo test --test hostile -- --nocapture` prints one line per case (input, exit code,
//! message), the table of the hardening report.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs cafe-lint with one rule, `bare-url`: these tests are about the input, not the rules.
fn cafe_lint(dir: &Path, args: &[&str]) -> Ran {
    let output = Command::cargo_bin("cafe-lint")
        .unwrap()
        .current_dir(dir)
        .args(["--select", "bare-url"])
        .args(args)
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    Ran {
        code: output
            .status
            .code()
            .expect("exited, not killed (a stack overflow aborts)"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Prints the case as a row of the report's table.
fn row(case: &str, ran: &Ran) {
    let message = ran
        .stderr
        .lines()
        .find(|l| l.contains("error:"))
        .or_else(|| ran.stderr.lines().last())
        .unwrap_or("");
    println!("HOSTILE | {case} | {} | {message}", ran.code);
}

fn dir_with(name: &str, contents: &[u8]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

/// Lints, then fixes: a file that cannot be read as text is an error (2) and stays as it was.
fn assert_rejected(case: &str, name: &str, contents: &[u8], reason: &str) {
    let (dir, path) = dir_with(name, contents);
    for args in [vec![name], vec!["--fix", name]] {
        let ran = cafe_lint(dir.path(), &args);
        row(&format!("{case} ({})", args.join(" ")), &ran);
        assert_eq!(ran.code, 2, "{case}: {}", ran.stderr);
        assert!(
            ran.stderr.contains(&format!("error: {name}: {reason}")),
            "{case}: {}",
            ran.stderr
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            contents,
            "{case}: file changed"
        );
    }
}

/// Lint leaves the file alone and exits 0 or 1; `--fix` gives what the library gives.
fn assert_handled(case: &str, contents: &str) -> (Ran, String) {
    let (dir, path) = dir_with("notes.md", contents.as_bytes());
    let ran = cafe_lint(dir.path(), &["notes.md"]);
    row(&format!("{case} (lint)"), &ran);
    assert!(matches!(ran.code, 0 | 1), "{case}: {}", ran.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        contents,
        "{case}: lint wrote"
    );
    let fixed = cafe_lint(dir.path(), &["--fix", "notes.md"]);
    row(&format!("{case} (--fix)"), &fixed);
    assert!(matches!(fixed.code, 0 | 1), "{case}: {}", fixed.stderr);
    let written = std::fs::read_to_string(&path).unwrap();
    let only_bare_url = cafe_lint::config::RuleSelection {
        select: Some(vec!["bare-url".into()]),
        ignore: vec![],
    };
    let config = cafe_lint::config::Config::embedded(dir.path(), &only_bare_url).unwrap();
    let expected = cafe_lint::fixer::fix(contents, None, &config.rules_for(&path).unwrap(), false)
        .unwrap()
        .source;
    assert!(written == expected, "{case}: --fix wrote something else");
    (ran, written)
}

/// A bare URL under 10,000 levels of `marker`: reported, and wrapped by `--fix`.
fn assert_deep_url_fixed(case: &str, marker: &str) {
    let text = format!("{}see https://x.org.\n", marker.repeat(10_000));
    let (ran, written) = assert_handled(case, &text);
    assert_eq!(ran.code, 1);
    assert!(
        ran.stdout.contains("bare URL `https://x.org`"),
        "{}",
        ran.stdout
    );
    assert!(written.ends_with("see <https://x.org>.\n"));
}

#[test]
fn deeply_nested_blockquote() {
    assert_deep_url_fixed("10,000-deep blockquote", "> ");
}

#[test]
fn deeply_nested_list() {
    assert_deep_url_fixed("10,000-deep list", "- ");
}

#[test]
fn deeply_nested_list_by_indentation() {
    // 300 levels of 2-space indents (10,000 would be a 100 MB file): each item its own line.
    let text: String = (0..300)
        .map(|depth| format!("{}- item https://x.org/{depth}\n", "  ".repeat(depth)))
        .collect();
    let (ran, written) = assert_handled("300-deep indented list", &text);
    assert_eq!(ran.code, 1);
    assert_eq!(written.matches("<https://x.org/").count(), 300);
}

#[test]
fn one_megabyte_single_line() {
    // A thousand bare URLs on one 1 MB line, no line ending at the end.
    let unit = format!("{} https://x.org/a ", "word".repeat(200));
    let text = unit.repeat(1_000_000 / unit.len() + 1);
    let (ran, written) = assert_handled("1 MB single line", &text);
    assert_eq!(ran.code, 1);
    assert_eq!(ran.stdout.lines().count(), text.matches("https://").count());
    let last = ran.stdout.lines().last().unwrap();
    // Columns count chars: the last URL's column is its byte offset + 1 (all ASCII).
    let column = text.rfind("https://").unwrap() + 1;
    assert!(
        last.contains(&format!("notes.md:1:{column}: bare-url")),
        "{last}"
    );
    assert_eq!(
        written.matches("<https://x.org/a>").count(),
        1 + 1_000_000 / unit.len()
    );
    // The full format (code frames) does not print the megabyte once per diagnostic, nor
    // panic past column 65,535.
    let (dir, _) = dir_with("notes.md", text.as_bytes());
    let full = cafe_lint(dir.path(), &["--output-format", "full", "notes.md"]);
    row("1 MB single line (--output-format full)", &full);
    assert_eq!(full.code, 1, "{}", full.stderr);
    assert!(
        full.stdout.len() < 200 * 1000,
        "{} bytes of output",
        full.stdout.len()
    );
    assert!(
        full.stdout
            .contains(&format!("notes.md:1:{column}: bare-url"))
    );
    assert!(full.stdout.contains("help: Wrap it in `<...>`"));
}

#[test]
fn empty_and_whitespace_only_files() {
    for (case, text) in [
        ("empty file", ""),
        ("whitespace-only file", "  \n\t\n \r\n  "),
    ] {
        let (ran, _) = assert_handled(case, text);
        assert!(ran.stdout.is_empty(), "{case}: {}", ran.stdout);
    }
}

#[test]
fn nul_bytes_and_invalid_utf8_and_binary_files_are_errors() {
    assert_rejected(
        "NUL byte",
        "notes.md",
        b"# T\n\0\n",
        "binary file (NUL byte at offset 4); not linted",
    );
    assert_rejected(
        "invalid UTF-8",
        "notes.md",
        b"# T\n\xff\xfe\n",
        "not valid UTF-8 (invalid byte at line 2, column 1, offset 4); not linted",
    );
    assert_rejected(
        "binary file given explicitly",
        "logo.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "binary file (NUL byte at offset 8); not linted",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_end() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(notes.join("sub")).unwrap();
    std::fs::write(notes.join("sub/2025.md"), "see https://x.org\n").unwrap();
    std::os::unix::fs::symlink("..", notes.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("loop.md", notes.join("loop.md")).unwrap();
    // Walking a folder does not follow links: the loop is not entered.
    let ran = cafe_lint(dir.path(), &["notes"]);
    row("directory symlink loop (walked)", &ran);
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert_eq!(ran.stdout.lines().count(), 1, "{}", ran.stdout);
    // Given explicitly, a link to itself is a clear error.
    let ran = cafe_lint(dir.path(), &["notes/loop.md"]);
    row("self-referencing symlink (explicit)", &ran);
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr
            .contains("notes/loop.md: Too many levels of symbolic links"),
        "{}",
        ran.stderr
    );
    // Through the loop, the same file is still found and fixed once.
    let ran = cafe_lint(dir.path(), &["--fix", "notes/sub/up/sub/up/sub/2025.md"]);
    row("file reached through a symlink loop (--fix)", &ran);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        std::fs::read_to_string(notes.join("sub/2025.md")).unwrap(),
        "see <https://x.org>\n"
    );
    assert!(
        std::fs::symlink_metadata(notes.join("sub/up"))
            .unwrap()
            .is_symlink()
    );
}

fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let probe = tempfile::NamedTempFile::new().unwrap();
        probe.as_file().metadata().unwrap().uid() == 0
    }
    #[cfg(not(unix))]
    false
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let contents = b"see https://x.org\n";
    let (dir, path) = dir_with("notes.md", contents);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if running_as_root() {
        println!(
            "HOSTILE | mode-000 file | skipped | running as root: permissions do not block reads"
        );
    } else {
        let ran = cafe_lint(dir.path(), &["--fix", "notes.md"]);
        row("mode-000 file (--fix)", &ran);
        assert_eq!(ran.code, 2);
        assert!(
            ran.stderr.contains("notes.md: permission denied"),
            "{}",
            ran.stderr
        );
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), contents);
    // A file that no one can read, root included: reading /proc/self/mem from offset 0 fails.
    if cfg!(target_os = "linux") {
        let ran = cafe_lint(dir.path(), &["/proc/self/mem"]);
        row("unreadable file (/proc/self/mem)", &ran);
        assert_eq!(ran.code, 2);
        assert!(
            ran.stderr.contains("error: /proc/self/mem: "),
            "{}",
            ran.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn read_only_file_with_fix() {
    use std::os::unix::fs::PermissionsExt;
    let contents = b"see https://x.org\n";
    let (dir, path) = dir_with("notes.md", contents);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let ran = cafe_lint(dir.path(), &["--fix", "notes.md"]);
    row("read-only file (--fix)", &ran);
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr
            .contains("error: notes.md: cannot write: permission denied"),
        "{}",
        ran.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), contents);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp left"
    );
}

#[test]
fn a_directory_named_like_a_markdown_file_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("2025.md")).unwrap();
    std::fs::write(dir.path().join("2025.md/notes.md"), "see https://x.org\n").unwrap();
    for args in [vec!["."], vec!["2025.md"]] {
        let ran = cafe_lint(dir.path(), &args);
        row(
            &format!("directory named 2025.md ({})", args.join(" ")),
            &ran,
        );
        assert_eq!(ran.code, 1, "{}", ran.stderr);
        assert_eq!(ran.stdout.lines().count(), 1, "{}", ran.stdout);
        assert!(
            ran.stdout.contains("2025.md/notes.md:1:5: bare-url"),
            "{}",
            ran.stdout
        );
    }
}

/// A file listed by the walk and removed before it is processed: deterministic, by driving the
/// steps the CLI takes (walk, then read-fix-write) with the removal between them.
#[test]
fn a_file_deleted_while_the_run_is_under_way() {
    use cafe_lint::config::{ConfigResolver, RuleSelection};
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("kept.md");
    let gone = dir.path().join("gone.md");
    std::fs::write(&kept, "see https://x.org\n").unwrap();
    std::fs::write(&gone, "see https://x.org\n").unwrap();
    let configs = ConfigResolver::new(None, RuleSelection::default()).unwrap();
    let walked = cafe_lint::walk::collect(&[dir.path().to_path_buf()], &configs, false);
    assert_eq!(walked.files, [gone.clone(), kept.clone()]);
    std::fs::remove_file(&gone).unwrap();
    let rules = configs.for_file(&kept).unwrap().rules_for(&kept).unwrap();
    let error = cafe_lint::cli::fix_file(&gone, &rules, false).unwrap_err();
    println!("HOSTILE | file deleted after the walk (--fix) | 2 | {error}");
    assert_eq!(error, "no such file or directory");
    assert!(!gone.exists(), "not recreated");
    cafe_lint::cli::fix_file(&kept, &rules, false).unwrap();
    assert_eq!(
        std::fs::read_to_string(&kept).unwrap(),
        "see <https://x.org>\n"
    );
    // Removed after it was read, before it is written: the write fails, nothing reappears.
    std::fs::remove_file(&kept).unwrap();
    let error = cafe_lint::write::write_atomic(&kept, "new").unwrap_err();
    println!("HOSTILE | file deleted after it was read (write) | 2 | {error}");
    assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
    assert!(!kept.exists(), "not recreated");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temp left"
    );
}

#[test]
fn a_missing_path_is_an_error_and_the_others_are_still_linted() {
    let (dir, _) = dir_with("notes.md", b"see https://x.org\n");
    let ran = cafe_lint(dir.path(), &["notes.md", "missing.md"]);
    row("missing path beside a good one", &ran);
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr
            .contains("error: missing.md: no such file or directory")
    );
    assert!(ran.stdout.contains("notes.md:1:5: bare-url"));
}
