//! Finds the files to lint: explicit files as given, folders walked with the `ignore` crate
//! (respects .gitignore, skips hidden files), filtered by each file's config.

use std::path::{Path, PathBuf};

use crate::config::ConfigResolver;

#[derive(Debug, Default)]
pub struct Walked {
    /// Sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Problems met on the way (missing paths, unreadable folders): each makes the exit code 2.
    pub errors: Vec<String>,
}

pub fn collect(paths: &[PathBuf], configs: &ConfigResolver, force_exclude: bool) -> Walked {
    let mut walked = Walked::default();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => walked
                .errors
                .push(format!("{}: {}", path.display(), io_reason(&e))),
            Ok(meta) if meta.is_dir() => walk_dir(path, configs, &mut walked),
            Ok(_) => match configs.for_file(path) {
                Ok(config) if force_exclude && config.excludes(path) => {}
                Ok(_) => walked.files.push(path.clone()),
                Err(e) => walked.errors.push(e.to_string()),
            },
        }
    }
    walked.files.sort();
    walked.files.dedup();
    walked.errors.sort();
    walked.errors.dedup();
    walked
}

fn walk_dir(dir: &Path, configs: &ConfigResolver, walked: &mut Walked) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walked.errors.push(e.to_string());
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.into_path();
        match configs.for_file(&path) {
            Ok(config) if config.includes(&path) => walked.files.push(path),
            Ok(_) => {}
            Err(e) => walked.errors.push(e.to_string()),
        }
    }
}

/// The reason of an I/O error, without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}
