//! The floor of the benchmark: what it costs only to find, read and parse the same files with
//! comrak and cafe-lint's options, in parallel the same way (rayon over the sorted files). No
//! rules, no output but a count. cafe-lint's time over this one is what the rules, the outline
//! and the output cost.
//!
//! ```text
//! comrak-floor [--rewrite] PATH...
//! ```
//!
//! With `--rewrite`, the least that a fixer on comrak which re-parses what it writes does
//! (an anchor for `--fix`, beside the floor): each file parsed, its text parsed again (no rule
//! changes it) and written back atomically (a temp file renamed over it), without the fsync
//! that cafe-lint's write adds for durability; on twice as many threads as there are cores,
//! as `--fix` runs.

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    // Malloc tuned as cafe-lint's is.
    cafe_lint::keep_freed_memory();
    let mut files = Vec::new();
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let rewrite = args.first().is_some_and(|a| a.as_os_str() == "--rewrite");
    if rewrite {
        args.remove(0);
    }
    for root in args {
        if root.is_file() {
            files.push(root);
            continue;
        }
        // The same walk as cafe-lint's: .gitignore respected, hidden files skipped.
        let walker = ignore::WalkBuilder::new(&root)
            .hidden(true)
            .require_git(false)
            .follow_links(false)
            .build();
        files.extend(
            walker
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(ignore::DirEntry::into_path)
                .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "markdown")),
        );
    }
    files.sort();
    let options = cafe_lint::document::comrak_options();
    let parse_all = || -> Result<usize, String> {
        files
            .par_iter()
            .map(|path| {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let arena = comrak::Arena::new();
                let root = comrak::parse_document(&arena, &text, &options);
                let mut nodes = root.descendants().count();
                if rewrite {
                    let again = comrak::Arena::new();
                    nodes += comrak::parse_document(&again, &text, &options)
                        .descendants()
                        .count();
                    rewrite_atomic(path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
                }
                Ok(nodes)
            })
            .sum()
    };
    // Writing, on the threads of cafe-lint's --fix.
    let nodes = match rewrite.then(cafe_lint::writing_pool).flatten() {
        Some(pool) => pool.install(parse_all),
        None => parse_all(),
    };
    match nodes {
        Ok(nodes) => {
            println!("{} files, {nodes} nodes", files.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("comrak-floor: {e}");
            ExitCode::from(2)
        }
    }
}

/// `text` written over `path` through a temp file beside it, renamed over it.
fn rewrite_atomic(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
