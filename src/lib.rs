//! cafe-lint: a linter and formatter for the JupyterHub Collaboration Cafe notes archives.
//!
//! The pipeline: [`Document::parse`] parses a file once (comrak AST, line index, notes outline),
//! every enabled rule in [`rules::REGISTRY`] checks it, [`linter::lint`] applies levels and inline
//! suppressions, and [`fixer::fix`] applies byte-range edits until the text settles.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fixer;
pub mod linter;
pub mod output;
pub mod pages;
pub mod rules;
pub mod suppression;
pub mod verify;
pub mod walk;
pub mod write;

/// Keeps glibc's malloc from handing the memory freed after each file back to the system,
/// which the next file's parse then takes back a page at a time: with two threads, the
/// corpus's check took 11,000 to 22,000 page faults in 7 runs of 10 (1,500 to 1,600 with
/// this), some 4 % of its CPU time, by where a heap's top fell after each file. Large blocks
/// come from the heap too (up to 32 MB, glibc's most): a block the system maps is unmapped
/// once freed. Elsewhere, nothing to do.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt sets two of malloc's parameters; it reads and writes no memory of ours.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

/// The threads of a run that writes files: twice as many as there are cores, as each write is
/// synced to the disk before it replaces its file, and a thread waiting for the disk leaves
/// its core to another (on the corpus, the syncs were a quarter of the run). `None` when
/// `RAYON_NUM_THREADS` is set (it decides, in rayon's global pool) or no pool can be built.
pub fn writing_pool() -> Option<rayon::ThreadPool> {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return None;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(2 * cores)
        .build()
        .ok()
}

/// Calls `check` with every string of up to `max_len` chars of `alphabet`: the unit tests that
/// hold a fast path to its plain statement on every small input.
#[cfg(test)]
pub(crate) fn every_string(alphabet: &[char], max_len: u32, mut check: impl FnMut(&str)) {
    let mut text = String::new();
    for len in 0..=max_len {
        for mut code in 0..alphabet.len().pow(len) {
            text.clear();
            for _ in 0..len {
                text.push(alphabet[code % alphabet.len()]);
                code /= alphabet.len();
            }
            check(&text);
        }
    }
}

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use document::Document;
