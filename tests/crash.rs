//! Crash safety of `--fix`, run by `.ci/hardening.sh` (ignored by a plain `cargo test`: slow).
//!
//! - SIGKILL at random moments while `cafe-lint --fix` rewrites a few hundred files: every file
//!   holds its old or its new content, keeps its permissions, symlinks stay links to the same
//!   targets, and the temps the killed run could not remove are swept by the next run.
//! - Two runs fixing overlapping sets of files at once leave every file fixed.
//!
//! `CAFE_LINT_KILL_TRIALS` (default 200) and `CAFE_LINT_KILL_SEED` (default: from the clock,
//! printed) make a run reproducible.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cafe-lint");

/// A small deterministic generator (xorshift), so that a failing seed can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A notes file with problems to fix: unpadded dates and bare URLs.
fn notes(file: usize, items: usize) -> String {
    let mut text = String::from("# 2025 Collaboration Cafe Notes Archive\n");
    for meeting in 0..3 {
        text.push_str(&format!(
            "\n## 2025-{}-{}\n\n### Agenda\n\n",
            10 - meeting,
            1 + file % 9
        ));
        for i in 0..items {
            text.push_str(&format!(
                "- item {i}: see https://github.com/jupyterhub/team-compass/issues/{file}{i}.\n"
            ));
        }
    }
    text
}

struct Tree {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// The paths given to cafe-lint: the `notes` folder and the symlinks in `links`.
    args: Vec<PathBuf>,
    /// Every real file written to (symlinks' targets included), its mode, old and new text.
    files: BTreeMap<PathBuf, (u32, String, String)>,
    /// Each symlink and its target.
    links: Vec<(PathBuf, PathBuf)>,
}

#[cfg(unix)]
fn build_tree(count: usize, items: usize) -> Tree {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    // A config file and a `.git` make the run independent of the folders above.
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join("cafe-lint.toml"), "").unwrap();
    let config =
        cafe_lint::config::Config::load(&root.join("cafe-lint.toml"), &Default::default()).unwrap();
    let mut files = BTreeMap::new();
    let mut links = Vec::new();
    let modes = [0o644, 0o600, 0o640, 0o755];
    for i in 0..count {
        let (path, link) = match i % 10 {
            // Every tenth file is reached through a symlink given on the command line.
            9 => (
                root.join(format!("targets/{i}.md")),
                Some(root.join(format!("links/{i}.md"))),
            ),
            n => (root.join(format!("notes/{}/{i}.md", n % 3)), None),
        };
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let old = notes(i, items + i % 7 * items / 3);
        let rules = config.rules_for(&path).unwrap();
        let new = cafe_lint::fixer::fix(&old, None, &rules, false)
            .unwrap()
            .source;
        assert_ne!(old, new);
        std::fs::write(&path, &old).unwrap();
        let mode = modes[i % modes.len()];
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        if let Some(link) = link {
            std::fs::create_dir_all(link.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(&path, &link).unwrap();
            links.push((link, path.clone()));
        }
        files.insert(path, (mode, old, new));
    }
    let mut args = vec![root.join("notes")];
    args.extend(links.iter().map(|(link, _)| link.clone()));
    Tree {
        _dir: dir,
        root,
        args,
        files,
        links,
    }
}

impl Tree {
    fn reset(&self) {
        for (path, (_, old, _)) in &self.files {
            std::fs::write(path, old).unwrap();
        }
    }

    fn fix(&self, args: &[PathBuf]) -> std::process::Child {
        Command::new(BIN)
            .arg("--fix")
            .args(args)
            .current_dir(&self.root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Checks every file's content, mode and link; returns how many hold the new content.
    #[cfg(unix)]
    fn check(&self, context: &str) -> usize {
        use std::os::unix::fs::PermissionsExt;
        let mut new_count = 0;
        for (path, (mode, old, new)) in &self.files {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("{context}: {}: {e}", path.display()));
            if text == *new {
                new_count += 1;
            } else {
                assert!(
                    text == *old,
                    "{context}: {} is neither old nor new",
                    path.display()
                );
            }
            let now = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(now, *mode, "{context}: {} mode changed", path.display());
        }
        for (link, target) in &self.links {
            let meta = std::fs::symlink_metadata(link).unwrap();
            assert!(
                meta.is_symlink(),
                "{context}: {} is no longer a link",
                link.display()
            );
            assert_eq!(&std::fs::read_link(link).unwrap(), target, "{context}");
        }
        new_count
    }

    /// The temps anywhere in the tree.
    fn temps(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.file_type().unwrap().is_dir() {
                    walk(&path, out);
                } else if name.starts_with(".cafe-lint-") && name.ends_with(".tmp") {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }
}

fn finish(child: std::process::Child, context: &str) {
    let output = child.wait_with_output().unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{context}: exit {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[cfg(unix)]
#[test]
#[ignore = "slow: run by .ci/hardening.sh"]
fn sigkill_during_fix_leaves_every_file_old_or_new() {
    let trials: usize = std::env::var("CAFE_LINT_KILL_TRIALS")
        .map(|t| t.parse().unwrap())
        .unwrap_or(200);
    let seed = std::env::var("CAFE_LINT_KILL_SEED")
        .map(|s| s.parse().unwrap())
        .unwrap_or_else(|_| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let tree = build_tree(240, 8);
    // How long a whole run takes, to kill anywhere within it.
    let mut full = Duration::MAX;
    for _ in 0..3 {
        tree.reset();
        let start = Instant::now();
        finish(tree.fix(&tree.args), "timing run");
        full = full.min(start.elapsed());
        assert_eq!(tree.check("timing run"), tree.files.len());
    }
    let mut rng = Rng(seed);
    let (mut partial, mut none, mut all, mut temps_left) = (0, 0, 0, 0);
    for trial in 0..trials {
        let context = format!("trial {trial} (CAFE_LINT_KILL_SEED={seed})");
        tree.reset();
        let mut child = tree.fix(&tree.args);
        let delay = full.mul_f64(rng.below(1100) as f64 / 1000.0);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let new_count = tree.check(&context);
        match new_count {
            0 => none += 1,
            n if n == tree.files.len() => all += 1,
            _ => partial += 1,
        }
        temps_left += tree.temps().len();
        // The next run sweeps what the killed one left and finishes the job.
        finish(tree.fix(&tree.args), &context);
        assert_eq!(
            tree.check(&context),
            tree.files.len(),
            "{context}: not all fixed"
        );
        let temps = tree.temps();
        assert!(temps.is_empty(), "{context}: temps left: {temps:?}");
    }
    println!(
        "kill test: {trials} trials x {} files (seed {seed}, full run {full:?}): killed before \
         any write {none}, mid-run {partial}, after all writes {all}; {temps_left} temps left \
         by killed runs, all swept; 0 failures",
        tree.files.len()
    );
    assert!(
        partial >= trials / 10,
        "too few kills landed mid-run: {partial}"
    );
}

#[cfg(unix)]
#[test]
#[ignore = "slow: run by .ci/hardening.sh"]
fn two_runs_fixing_overlapping_files_at_once_leave_every_file_fixed() {
    let tree = build_tree(120, 8);
    let notes = tree.root.join("notes");
    let first = vec![notes.join("0"), notes.join("1")];
    let mut second = vec![notes.join("1"), notes.join("2")];
    second.extend(tree.links.iter().map(|(link, _)| link.clone()));
    for round in 0..20 {
        tree.reset();
        let a = tree.fix(&first);
        let b = tree.fix(&second);
        let c = tree.fix(&tree.args);
        finish(a, &format!("round {round}, first run"));
        finish(b, &format!("round {round}, second run"));
        finish(c, &format!("round {round}, third run"));
        let context = format!("round {round}");
        assert_eq!(tree.check(&context), tree.files.len(), "{context}");
        assert!(tree.temps().is_empty(), "{context}: temps left");
    }
}
