//! Makes the benchmark's inputs from the real archives, deterministically (same arguments, same
//! bytes), into a folder that git ignores. The archives' text is read at run time from
//! `../shared/corpus` (or `$CAFE_LINT_CORPUS`) and never copied into the repo.
//!
//! ```text
//! bench-gen files DIR --files N     N files, the archives in turn (1,250: about 67 MB)
//! bench-gen files DIR --bytes B     as many such files as it takes to hold B bytes
//! bench-gen file PATH --bytes B     one file of about B bytes: one title, then meetings
//!                                   taken from the archives in turn (cut at a meeting)
//! bench-gen copy DIR --year YYYY    the archive of that year, as it is
//! ```
//!
//! `B` takes a `K` or `M` suffix (powers of 1024). DIR is emptied first.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Archive {
    year: String,
    text: String,
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-gen: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let [command, out, flag, value] = args.as_slice() else {
        return Err(
            "usage: bench-gen files DIR (--files N | --bytes B) | file PATH --bytes B | copy DIR --year YYYY"
                .into(),
        );
    };
    let archives = archives()?;
    let out = Path::new(out);
    match (command.as_str(), flag.as_str()) {
        ("files", "--files") => {
            let n = value.parse().map_err(|_| format!("bad count `{value}`"))?;
            write_files(out, &archives, |i, _| i < n)
        }
        ("files", "--bytes") => {
            let bytes = size(value)?;
            write_files(out, &archives, |_, written| written < bytes)
        }
        ("file", "--bytes") => write_big(out, &archives, size(value)?),
        ("copy", "--year") => {
            let archive = archives
                .iter()
                .find(|a| &a.year == value)
                .ok_or_else(|| format!("no archive for {value}"))?;
            fresh_dir(out)?;
            write(&out.join(format!("{}.md", archive.year)), &archive.text)
        }
        _ => Err(format!("unknown command `{command} {flag}`")),
    }
}

/// The yearly archives, sorted by year.
fn archives() -> Result<Vec<Archive>, String> {
    let dir = std::env::var_os("CAFE_LINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("corpus {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("collab-cafe") && n.ends_with(".md"))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no archives in {}", dir.display()));
    }
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let year = stem.rsplit("__").next().unwrap_or(stem).to_string();
            Ok(Archive { year, text })
        })
        .collect()
}

/// Writes file after file (archive `i % n` for file `i`), 100 to a folder, while `more(i,
/// bytes written so far)` holds.
fn write_files(
    out: &Path,
    archives: &[Archive],
    more: impl Fn(usize, usize) -> bool,
) -> Result<(), String> {
    fresh_dir(out)?;
    let (mut i, mut written) = (0, 0);
    while more(i, written) {
        let archive = &archives[i % archives.len()];
        let path = out
            .join(format!("{:03}", i / 100))
            .join(format!("{i:05}-{}.md", archive.year));
        write(&path, &archive.text)?;
        written += archive.text.len();
        i += 1;
    }
    println!("{}: {i} files, {written} bytes", out.display());
    Ok(())
}

/// One archive-shaped file: the first archive's title, then the meetings (each `## ` heading to
/// the next) of every archive in turn, until `bytes` is reached.
fn write_big(out: &Path, archives: &[Archive], bytes: usize) -> Result<(), String> {
    let meetings: Vec<&str> = archives.iter().flat_map(|a| meetings(&a.text)).collect();
    let title = archives[0].text.lines().next().unwrap_or("# Notes");
    let mut text = format!("{title}\n\n");
    for meeting in meetings.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(meeting);
        if !meeting.ends_with('\n') {
            text.push('\n');
        }
    }
    write(out, &text)?;
    println!("{}: {} bytes", out.display(), text.len());
    Ok(())
}

/// The text from each line that starts with `## ` to the next such line (or the end).
fn meetings(text: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = text.match_indices("\n## ").map(|(i, _)| i + 1).collect();
    starts.push(text.len());
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

fn size(value: &str) -> Result<usize, String> {
    let (digits, unit) = match value.as_bytes().last() {
        Some(b'K' | b'k') => (&value[..value.len() - 1], 1024),
        Some(b'M' | b'm') => (&value[..value.len() - 1], 1024 * 1024),
        _ => (value, 1),
    };
    let n: usize = digits.parse().map_err(|_| format!("bad size `{value}`"))?;
    Ok(n * unit)
}

fn fresh_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
