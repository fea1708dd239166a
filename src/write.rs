//! Reading and writing notes files without losing a byte.
//!
//! A file is read as bytes; a UTF-8 BOM is kept aside, so that rules and fixes see the text and
//! the BOM survives. Writes go to a temp file in the target's folder, which is then renamed over
//! it, keeping its permissions (and owner, where allowed): a reader or a crash sees the old
//! content or the new, never half. A symlink is written through to its target, and the link
//! stays a link.
//!
//! A run killed between creating its temp and renaming it (SIGKILL, power loss) cannot remove
//! the temp. Temps are therefore named `.cafe-lint-<pid>-<random>.tmp` and locked while they
//! exist, and `--fix` first sweeps, in the folders it will write, the temps whose process is
//! gone and whose lock is free ([`sweep_stale_temps`]). A live run's temp is never taken.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::walk::io_reason;

const BOM: &str = "\u{feff}";

/// Temp files are `{TEMP_PREFIX}{pid}-{random}{TEMP_SUFFIX}` in the target's folder.
pub const TEMP_PREFIX: &str = ".cafe-lint-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// A file's text, split from its BOM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub bom: bool,
    pub text: String,
}

impl SourceText {
    /// Decodes bytes: an error names the problem (not UTF-8, binary).
    pub fn decode(bytes: Vec<u8>) -> Result<Self, String> {
        if let Some(at) = memchr::memchr(0, &bytes) {
            return Err(format!("binary file (NUL byte at offset {at}); not linted"));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            format!("not valid UTF-8 (invalid byte at line {line}, column {column}, offset {at}); not linted")
        })?;
        Ok(match text.strip_prefix(BOM) {
            Some(rest) => SourceText {
                bom: true,
                text: rest.to_string(),
            },
            None => SourceText { bom: false, text },
        })
    }

    pub fn read(path: &Path) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|e| io_reason(&e))?;
        Self::decode(bytes)
    }

    /// The file's bytes for `text`, with the BOM back in front if there was one.
    pub fn encode(&self, text: &str) -> String {
        if self.bom {
            format!("{BOM}{text}")
        } else {
            text.to_string()
        }
    }
}

/// Replaces the content of `path` atomically.
pub fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    // Through a symlink to its target: renaming over the link would replace it with a file.
    // Only links are resolved: `canonicalize` costs a syscall per path component.
    let target = if std::fs::symlink_metadata(path)?.is_symlink() {
        std::fs::canonicalize(path)?
    } else {
        path.to_path_buf()
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let metadata = std::fs::metadata(&target)?;
    let permissions = metadata.permissions();
    if permissions.readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "file is read-only",
        ));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    // Held until the temp is renamed or removed, so that a sweep never takes it. Where the
    // file system has no locks, the PID in the name still protects it.
    let _ = temp.as_file().try_lock();
    temp.write_all(contents.as_bytes())?;
    temp.as_file().set_permissions(permissions)?;
    keep_owner(temp.as_file(), &metadata);
    // On disk before the rename: after a power loss the name holds the old or the new content.
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Gives the temp the target's owner and group, when they differ and we may (as root, or a
/// group we are in); otherwise the rewritten file belongs to whoever ran the fix.
#[cfg(unix)]
fn keep_owner(temp: &File, target: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if let Ok(own) = temp.metadata()
        && (own.uid(), own.gid()) != (target.uid(), target.gid())
    {
        let _ = std::os::unix::fs::fchown(temp, Some(target.uid()), Some(target.gid()))
            .or_else(|_| std::os::unix::fs::fchown(temp, None, Some(target.gid())));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &std::fs::Metadata) {}

/// Removes the temps in `dir` left by runs that died before renaming them: those whose process
/// is gone and whose lock is free. Returns how many were removed. Errors are ignored: a temp
/// that cannot be removed does no harm (it is hidden and never linted).
pub fn sweep_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(temp_pid) else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_file()) || !process_gone(pid, &entry) {
            continue;
        }
        let Ok(file) = File::open(entry.path()) else {
            continue;
        };
        if let Err(std::fs::TryLockError::WouldBlock) = file.try_lock() {
            continue;
        }
        if std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The PID in a temp's name.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    rest.split_once('-')?.0.parse().ok()
}

/// Whether the run that made a temp is gone. With `/proc`, its PID says; without, a temp
/// untouched for a minute is taken as left behind (a run renames its temps in milliseconds, and
/// the lock still protects a slow one).
fn process_gone(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() >= 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_kept_aside_and_restored() {
        let s = SourceText::decode(b"\xef\xbb\xbf# T\r\n".to_vec()).unwrap();
        assert!(s.bom);
        assert_eq!(s.text, "# T\r\n");
        assert_eq!(s.encode(&s.text).as_bytes(), b"\xef\xbb\xbf# T\r\n");
    }

    #[test]
    fn invalid_utf8_and_nul_are_named() {
        assert!(
            SourceText::decode(b"ok\xff".to_vec())
                .unwrap_err()
                .contains("line 1, column 3, offset 2")
        );
        assert!(
            SourceText::decode(b"a\0b".to_vec())
                .unwrap_err()
                .contains("binary")
        );
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, "new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temp file left"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn sweeps_temps_of_dead_runs_only() {
        let dir = tempfile::tempdir().unwrap();
        // A PID above the kernel's maximum (2^22) is never a running process.
        let dead = dir
            .path()
            .join(format!("{TEMP_PREFIX}99999999-abc123{TEMP_SUFFIX}"));
        let alive = dir
            .path()
            .join(format!("{TEMP_PREFIX}1-abc123{TEMP_SUFFIX}"));
        let ours = dir.path().join(format!(
            "{TEMP_PREFIX}{}-abc123{TEMP_SUFFIX}",
            std::process::id()
        ));
        let unrelated = dir.path().join(".cafe-lint-notes.tmp");
        let locked = dir
            .path()
            .join(format!("{TEMP_PREFIX}99999998-abc123{TEMP_SUFFIX}"));
        for p in [&dead, &alive, &ours, &unrelated, &locked] {
            std::fs::write(p, "x").unwrap();
        }
        let holder = File::open(&locked).unwrap();
        holder.lock().unwrap();
        assert_eq!(sweep_stale_temps(dir.path()), 1);
        assert!(!dead.exists());
        for p in [&alive, &ours, &unrelated, &locked] {
            assert!(p.exists(), "{} was removed", p.display());
        }
    }
}
