//! The floor of the benchmark: what it costs only to find, read and parse the same files with
//! comrak and cafe-lint's options, in parallel the same way (rayon over the sorted files). No
//! rules, no output but a count. cafe-lint's time over this one is what the rules, the outline
//! and the output cost.
//!
//! ```text
//! comrak-floor PATH...
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    // Malloc tuned as cafe-lint's is.
    cafe_lint::keep_freed_memory();
    let mut files = Vec::new();
    for root in std::env::args_os().skip(1).map(PathBuf::from) {
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
    let nodes: Result<usize, String> = files
        .par_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let arena = comrak::Arena::new();
            let root = comrak::parse_document(&arena, &text, &options);
            Ok(root.descendants().count())
        })
        .sum();
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
