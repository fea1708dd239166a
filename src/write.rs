//! Reading and writing notes files without losing a byte.
//!
//! A file is read as bytes; a UTF-8 BOM is kept aside, so that rules and fixes see the text and
//! the BOM survives. Writes go to a temp file in the target's folder, which is then renamed over
//! it, keeping its permissions: a reader or a crash sees the old content or the new, never half.
//! A symlink is written through to its target, and the link stays a link.

use std::io::Write;
use std::path::Path;

use crate::walk::io_reason;

const BOM: &str = "\u{feff}";

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
    let permissions = std::fs::metadata(&target)?.permissions();
    if permissions.readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "file is read-only",
        ));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".cafe-lint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents.as_bytes())?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
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
}
