//! `sesame merge BASE OURS THEIRS [PATHNAME]`: the git merge driver
//! (docs/format2-design.md §6, format2.md D1).
//!
//! Keyless by construction: it parses the three files as format-2 images,
//! checks framing and that every item's id is its hash, and writes
//! `merge(ours, theirs)` into OURS. It never reads stdin, never opens a
//! terminal, reads no config and no environment, and writes exactly one
//! file besides OURS: the temp file next to OURS that is renamed over it.
//! On any error OURS keeps its bytes.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::cli::MergeArgs;
use crate::error::{Error, Result};
use crate::vault::v2::image::{Image, ImageError, MAGIC};
use crate::vault::v2::merge::{MergeError, merge};

/// Runs the driver.
pub fn run(args: &MergeArgs) -> Result<()> {
    // BASE adds nothing to the union (the record set carries its history),
    // but one of another vault means the three files are not one history.
    // Only its vault id is kept: each image is the size of the vault, and
    // the merge holds at most three at once (ours, theirs, the union).
    let base = match std::fs::metadata(&args.base) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        _ => read_image("base", &args.base)?.map(|b| b.vault_id),
    };
    let ours = read_image("ours", &args.ours)?.ok_or_else(|| empty("ours", &args.ours))?;
    if base.is_some_and(|id| id != ours.vault_id) {
        return Err(different("base", "ours"));
    }
    let theirs =
        read_image("theirs", &args.theirs)?.ok_or_else(|| empty("theirs", &args.theirs))?;
    let merged = merge(&ours, &theirs).map_err(|e| match e {
        MergeError::DifferentVaults => different("theirs", "ours"),
    })?;
    drop((ours, theirs));
    let bytes = merged.encode();
    drop(merged);
    write_over(&args.ours, &bytes)
}

/// The image in `path`, `None` for an empty file (git's BASE of an
/// add/add). `input` names the argument in messages.
fn read_image(input: &str, path: &Path) -> Result<Option<Image>> {
    let bytes = std::fs::read(path).map_err(|e| Error::Other {
        message: format!("cannot read {input} '{}': {e}", path.display()),
    })?;
    if bytes.is_empty() {
        return Ok(None);
    }
    decode(&bytes).map(Some).map_err(|e| Error::Other {
        message: format!(
            "{input} '{}' is not a format-2 vault: {}",
            path.display(),
            why(e)
        ),
    })
}

/// [`Image::decode`], except that a file too short for a header is
/// [`ImageError::NotAVault`] unless it starts with the magic.
pub(crate) fn decode(bytes: &[u8]) -> std::result::Result<Image, ImageError> {
    if !bytes.starts_with(&MAGIC) {
        return Err(ImageError::NotAVault);
    }
    Image::decode(bytes)
}

/// Why `decode` refused a file, in words (no byte offsets: D1 wants the
/// file refused, not a map of where to forge it).
pub(crate) fn why(e: ImageError) -> String {
    match e {
        ImageError::NotAVault => "not a sesame vault".into(),
        ImageError::UnknownVersion(1) => {
            "it is a format-1 vault, which git cannot merge (run `sesame upgrade`)".into()
        }
        ImageError::UnknownVersion(v) => format!("format {v} is unknown to this sesame"),
        ImageError::UnknownFlags => "header flags unknown to this sesame".into(),
        ImageError::Malformed => {
            "damaged framing: truncated, or an item does not match its hash".into()
        }
    }
}

fn empty(input: &str, path: &Path) -> Error {
    Error::Other {
        message: format!(
            "{input} '{}' is empty, not a format-2 vault",
            path.display()
        ),
    }
}

fn different(a: &str, b: &str) -> Error {
    Error::Other {
        message: format!("{a} and {b} are different vaults (their vault ids differ)"),
    }
}

/// Replaces `path` with `bytes` atomically: a temp file created new in
/// `path`'s own directory with `path`'s permission bits (0600 if it has
/// none to copy), written, fsynced, renamed over `path`, and the directory
/// fsynced. On error the temp file is removed and `path` is untouched.
fn write_over(path: &Path, bytes: &[u8]) -> Result<()> {
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0o600);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, file) = create_temp(&dir, &name, mode)?;
    let result = (|| {
        let mut file = file;
        // The umask may have narrowed the mode at open: set it exactly.
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("cannot write merge result", path, e));
    }
    File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("cannot sync directory", &dir, e))
}

/// A new file `.<name>.sesame-merge-<random>` in `dir`, created exclusively.
fn create_temp(dir: &Path, name: &str, mode: u32) -> Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..8 {
        let mut rand = [0u8; 8];
        getrandom::fill(&mut rand).map_err(|e| Error::Other {
            message: format!("no randomness for a temp file name: {e}"),
        })?;
        let hex: String = rand.iter().map(|b| format!("{b:02x}")).collect();
        let tmp = dir.join(format!(".{name}.sesame-merge-{hex}"));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some((tmp, e)),
            Err(e) => return Err(Error::io("cannot create temp file", tmp, e)),
        }
    }
    let (tmp, e) = last.expect("the loop ran and every try collided");
    Err(Error::io("cannot create temp file", tmp, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_over_replaces_the_bytes_keeps_the_mode_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ours");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_over(&path, b"new bytes").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new bytes");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("ours")]);
    }

    #[test]
    fn write_over_a_path_in_a_missing_directory_fails_without_creating_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone").join("ours");
        assert!(write_over(&path, b"x").is_err());
        assert!(!dir.path().join("gone").exists());
    }

    #[test]
    fn each_decode_failure_has_its_own_words() {
        let all = [
            ImageError::NotAVault,
            ImageError::UnknownVersion(1),
            ImageError::UnknownVersion(9),
            ImageError::UnknownFlags,
            ImageError::Malformed,
        ];
        let words: std::collections::BTreeSet<String> = all.iter().map(|e| why(*e)).collect();
        assert_eq!(words.len(), all.len());
        assert!(why(ImageError::UnknownVersion(1)).contains("format-1"));
    }
}
