//! The access journal: when each secret was last read, kept outside the
//! vault file so that reads never rewrite it (vault.md §1.11).
//!
//! One line per read, `<label> <unix seconds>`, where the label is the
//! first 16 bytes (hex) of HMAC-SHA256 of the secret's ID under a key
//! derived from the master key: the journal names no secret. Appends take
//! a shared lock on `<journal>.lock` (O_APPEND writes of one short line
//! each); past [`COMPACT_AT`] bytes the appender rewrites the journal with
//! the latest time per label under the exclusive lock, so no concurrent
//! append is lost. A line that does not parse is skipped with a warning; a
//! missing journal means "never read since the journal began".
//!
//! The journal, its lock and its compaction temp file are opened with
//! `O_NOFOLLOW`: a symbolic link in their place is refused (a warning, as
//! every journal failure is), never written or truncated through.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::id::SecretId;
use crate::secret::Key;

use super::crypto;
use super::store::{self, hex};

/// The journal is compacted when it grows past this many bytes.
pub const COMPACT_AT: u64 = 1024 * 1024;

/// The journal of one vault.
pub struct Journal {
    path: PathBuf,
    key: Key,
}

impl Journal {
    /// The journal of vault `vault_id` in `dir`, keyed by a key derived
    /// from `master`.
    pub fn new(dir: &Path, vault_id: &[u8; 16], master: &Key) -> Journal {
        Journal {
            path: dir.join(format!("{}.journal", hex(vault_id))),
            key: crypto::derive_subkey(master, vault_id, &[b"sesame v1 journal"]),
        }
    }

    /// The label of `id`.
    pub fn label(&self, id: &SecretId) -> String {
        let mac = crypto::keyed_label(&self.key, &[id.to_string().as_bytes()]);
        hex(&mac[..16])
    }

    fn lock_file(&self) -> std::io::Result<File> {
        if let Some(dir) = self.path.parent() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        open(
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600),
            &self.path.with_file_name(name),
        )
    }

    /// Records that `ids` were read at `when`. Compacts when the journal
    /// has grown past [`COMPACT_AT`].
    pub fn record(&self, ids: &[SecretId], when: i64, warn: fn(&str)) -> std::io::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let lock = self.lock_file()?;
        let size = {
            lock.lock_shared()?;
            let mut file = open(
                OpenOptions::new().append(true).create(true).mode(0o600),
                &self.path,
            )?;
            // A reader killed mid-append may have left a torn last line:
            // start on a fresh one so this record is not glued to it.
            let torn = {
                use std::io::{Seek, SeekFrom};
                let mut last = [0u8; 1];
                let mut probe = open(OpenOptions::new().read(true), &self.path)?;
                probe.seek(SeekFrom::End(-1)).is_ok()
                    && probe.read_exact(&mut last).is_ok()
                    && last[0] != b'\n'
            };
            let mut lines = String::from(if torn { "\n" } else { "" });
            lines.extend(ids.iter().map(|id| format!("{} {when}\n", self.label(id))));

            file.write_all(lines.as_bytes())?;
            let size = file.metadata()?.len();
            lock.unlock()?;
            size
        };
        if size > COMPACT_AT {
            lock.lock()?;
            let result = self.compact(warn);
            lock.unlock()?;
            result?;
        }
        Ok(())
    }

    /// Records each ID's own read time (carrying times over to new keys:
    /// `upgrade`, `passwd --rekey`).
    pub fn carry(&self, reads: &[(SecretId, i64)]) -> std::io::Result<()> {
        let lock = self.lock_file()?;
        lock.lock()?;
        let mut file = open(
            OpenOptions::new().append(true).create(true).mode(0o600),
            &self.path,
        )?;
        let mut lines = String::from("\n");
        lines.extend(
            reads
                .iter()
                .map(|(id, when)| format!("{} {when}\n", self.label(id))),
        );
        let result = file.write_all(lines.as_bytes());
        lock.unlock()?;
        result
    }

    /// The latest read time of every label. A journal that exists but
    /// cannot be read (a symbolic link, say) is a warning.
    pub fn load(&self, warn: fn(&str)) -> HashMap<String, i64> {
        let mut bytes = Vec::new();
        let read = open(OpenOptions::new().read(true), &self.path)
            .and_then(|mut f| f.read_to_end(&mut bytes));
        match read {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return HashMap::new(),
            Err(e) => {
                warn(&format!("cannot read the access journal: {e}"));
                return HashMap::new();
            }
        }
        parse(&bytes, |n| {
            warn(&format!(
                "skipped a damaged line {n} of the access journal '{}'",
                self.path.display()
            ))
        })
    }

    fn compact(&self, warn: fn(&str)) -> std::io::Result<()> {
        let latest = self.load(warn);
        let tmp = self.path.with_extension("journal.tmp");
        let mut text: Vec<(String, i64)> = latest.into_iter().collect();
        text.sort();
        let body: String = text.iter().map(|(l, t)| format!("{l} {t}\n")).collect();
        // A temp file left by a killed compaction is ours to truncate; a
        // link in its place is not followed.
        let mut f = open(
            OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600),
            &tmp,
        )?;
        f.write_all(body.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| named(&tmp, e))?;
        // rename replaces a link at the journal's path, never its target.
        std::fs::rename(&tmp, &self.path).map_err(|e| named(&self.path, e))
    }
}

/// Opens `path` without following a symbolic link in its last component;
/// the error names the file.
fn open(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    options
        .custom_flags(store::O_NOFOLLOW)
        .open(path)
        .map_err(|e| named(path, store::nofollow(e)))
}

fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("'{}': {e}", path.display()))
}

/// Parses journal bytes into the latest time per label; `damaged` is told
/// the number of each line it skips. Never fails: a journal is advisory.
pub fn parse(bytes: &[u8], mut damaged: impl FnMut(usize)) -> HashMap<String, i64> {
    let mut latest = HashMap::new();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        match std::str::from_utf8(line).ok().and_then(parse_line) {
            Some((label, when)) => {
                let e = latest.entry(label.to_string()).or_insert(when);
                *e = (*e).max(when);
            }
            None => damaged(n + 1),
        }
    }
    latest
}

fn parse_line(line: &str) -> Option<(&str, i64)> {
    let (label, when) = line.split_once(' ')?;
    if label.len() != 32 || !label.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((label, when.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_warn(_: &str) {}

    #[test]
    fn records_and_loads_the_latest_time() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path(), &[1; 16], &Key::from_bytes([2; 32]));
        let a: SecretId = "user/u/a".parse().unwrap();
        let b: SecretId = "user/u/b".parse().unwrap();
        j.record(std::slice::from_ref(&a), 100, no_warn).unwrap();
        j.record(&[a.clone(), b.clone()], 50, no_warn).unwrap();
        let m = j.load(no_warn);
        assert_eq!(m[&j.label(&a)], 100);
        assert_eq!(m[&j.label(&b)], 50);
        let text = std::fs::read_to_string(&j.path).unwrap();
        assert!(!text.contains("user/u"), "{text}");
    }

    #[test]
    fn compaction_keeps_the_latest_per_secret() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path(), &[1; 16], &Key::from_bytes([2; 32]));
        let a: SecretId = "user/u/a".parse().unwrap();
        j.record(std::slice::from_ref(&a), 7, no_warn).unwrap();
        j.compact(no_warn).unwrap();
        assert_eq!(std::fs::read_to_string(&j.path).unwrap().lines().count(), 1);
        assert_eq!(j.load(no_warn)[&j.label(&a)], 7);
    }

    #[test]
    fn damaged_lines_are_skipped() {
        assert!(parse_line("zz 5").is_none());
        assert!(parse_line(&format!("{} x", "a".repeat(32))).is_none());
        assert_eq!(
            parse_line(&format!("{} 5", "a".repeat(32))),
            Some((&*"a".repeat(32), 5))
        );
    }
}
