//! Files on disk: reading ranges of the vault, the write lock, atomic and
//! durable replacement, and the rollback state.
//!
//! Write protocol (vault.md §1.7): take an exclusive lock on `<vault>.lock`
//! (the rename replaces the vault's inode, so the vault itself cannot carry
//! the lock), re-read the vault inside the lock, write a temp file in the
//! same directory (0600, create-new), `sync_all`, rename over the vault,
//! `sync_all` the directory. On any error the temp file is removed and the
//! vault is left as it was. Readers take no lock.
//!
//! A vault path that is a symbolic link (say, into a synced folder) is
//! resolved once per write by [`resolve_vault_link`], so the lock, the temp
//! file and the rename all sit beside the real file and the link survives.
//! sesame's own side files (the lock file, the rollback state, the access
//! journal) are opened with `O_NOFOLLOW`: a link planted in their place is
//! refused ([`nofollow`]), never written through.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::vault::error::{Error, Result};

/// How long to wait for the lock when `SESAME_LOCK_TIMEOUT` is not set.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens an existing vault for reading. A missing file is
/// [`Error::VaultNotFound`]; a directory is an I/O error that says so.
pub fn open_vault(path: &Path) -> Result<(File, u64)> {
    let file = File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Error::VaultNotFound {
            path: path.to_path_buf(),
        },
        _ => Error::io("cannot open vault", path, e),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| Error::io("cannot read vault", path, e))?;
    if meta.is_dir() {
        return Err(Error::Other {
            message: format!("'{}' is a directory, not a vault file", path.display()),
        });
    }
    // A vault someone else owns (say, through a symlink planted in a shared
    // directory) is not ours to read secrets from or to write them into.
    let uid = rustix::process::geteuid().as_raw();
    if meta.uid() != uid {
        return Err(Error::Other {
            message: format!(
                "the vault '{}' belongs to user {}, not to you (user {uid}); refusing to use it",
                path.display(),
                meta.uid()
            ),
        });
    }
    Ok((file, meta.len()))
}

/// A warning when the vault's directory lets others create or replace
/// files in it (without the sticky bit): they could swap the vault.
pub fn loose_directory_warning(vault: &Path) -> Option<String> {
    let dir = parent_dir(vault);
    let mode = std::fs::metadata(&dir).ok()?.mode();
    (mode & 0o022 != 0 && mode & 0o1000 == 0).then(|| {
        format!(
            "the vault's directory '{}' is writable by others, who could replace or delete the vault; take their write permission away",
            dir.display()
        )
    })
}

/// Reads exactly `len` bytes at `offset`.
pub fn read_at(file: &File, path: &Path, offset: u64, len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    file.read_exact_at(&mut buf, offset)
        .map_err(|e| Error::io("cannot read vault", path, e))?;
    Ok(buf)
}

/// Creates `dir` and its missing parents with mode 0700.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io("cannot create directory", dir, e))
}

/// The directory holding `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// How many links [`resolve_vault_link`] follows before giving up, as the
/// kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// The file a write to `vault` must replace: `vault` itself, or, when it is
/// a symbolic link (or a chain of them), the file it finally points at,
/// which need not exist yet (`init` through a link creates the target).
/// Only the last component is resolved: links among the directories are
/// followed by the kernel anyway and do not change which entry a rename
/// replaces. A relative target is taken relative to the link's directory,
/// as the kernel does.
pub fn resolve_vault_link(vault: &Path) -> Result<PathBuf> {
    let mut path = vault.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)
                    .map_err(|e| Error::io("cannot read the link", &path, e))?;
                path = parent_dir(&path).join(target);
            }
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path),
            Err(e) => return Err(Error::io("cannot open vault", &path, e)),
        }
    }
    Err(Error::Other {
        message: format!(
            "the vault path '{}' is a chain of more than {MAX_LINKS} symbolic links",
            vault.display()
        ),
    })
}

/// `O_NOFOLLOW`, for [`OpenOptionsExt::custom_flags`]: opening a path whose
/// last component is a symbolic link fails instead of following it.
pub const O_NOFOLLOW: i32 = rustix::fs::OFlags::NOFOLLOW.bits() as i32;

/// Turns the `ELOOP` of an `O_NOFOLLOW` open into an error that says what
/// happened; other errors pass unchanged.
pub fn nofollow(e: io::Error) -> io::Error {
    if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        io::Error::new(
            e.kind(),
            "it is a symbolic link, which sesame does not follow for its own files; remove the link",
        )
    } else {
        e
    }
}

/// The exclusive write lock of a vault, held until dropped.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock on `<vault>.lock`, waiting at most `timeout`.
    pub fn acquire(vault: &Path, timeout: Duration) -> Result<WriteLock> {
        let lock_path = lock_path(vault);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(O_NOFOLLOW)
            .open(&lock_path)
            .map_err(|e| Error::io("cannot open lock file", &lock_path, nofollow(e)))?;
        let deadline = Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WriteLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        return Err(Error::Busy {
                            path: vault.to_path_buf(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io("cannot lock", &lock_path, e));
                }
            }
        }
    }
}

/// `<vault>.lock`.
pub fn lock_path(vault: &Path) -> PathBuf {
    let mut name = vault.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    vault.with_file_name(name)
}

/// The lock timeout from `SESAME_LOCK_TIMEOUT` (seconds), else the default.
pub fn lock_timeout() -> Result<Duration> {
    match std::env::var("SESAME_LOCK_TIMEOUT") {
        Ok(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0 && *v <= 86_400.0)
            .map(Duration::from_secs_f64)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "SESAME_LOCK_TIMEOUT={s:?} is not a number of seconds"
                ))
            }),
        Err(_) => Ok(DEFAULT_LOCK_TIMEOUT),
    }
}

fn temp_prefix(target: &Path) -> String {
    format!(
        ".{}.tmp-",
        target.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Removes temp files a killed writer left behind. Call only while holding
/// the write lock: then no other writer can own one.
pub fn remove_stale_temps(vault: &Path) {
    let dir = parent_dir(vault);
    let prefix = temp_prefix(vault);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// How the new file replaces the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    /// Rename over an existing file.
    Overwrite,
    /// Fail with [`Error::VaultExists`] if a file appeared meanwhile (only
    /// `init` uses it: a new vault never replaces anything).
    NoClobber,
}

/// The atomic write of the vault and of every file sesame writes for the
/// user (`export -o`, `inject -o`): `fill` writes a 0600 temp file next to
/// `target`, which is synced and then renamed over `target` (and the
/// directory synced). On any error the temp file is removed and `target`
/// is untouched. Errors speak of a vault; [`write_file_atomic`] is the
/// same write with errors that name `target`.
pub fn write_atomic(
    target: &Path,
    replace: Replace,
    fill: impl FnOnce(&mut BufWriter<&File>) -> Result<()>,
) -> Result<()> {
    let dir = parent_dir(target);
    let mut rand = [0u8; 8];
    super::crypto::fill_random(&mut rand);
    let tmp = dir.join(format!("{}{}", temp_prefix(target), hex(&rand)));
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| Error::io("cannot write vault", &tmp, e))?;
    let result = (|| {
        let mut w = BufWriter::with_capacity(1 << 20, &file);
        fill(&mut w)?;
        w.flush()
            .map_err(|e| Error::io("cannot write vault", &tmp, e))?;
        drop(w);
        failpoint("temp-written", &tmp)?;
        file.sync_all()
            .map_err(|e| Error::io("cannot write vault", &tmp, e))?;
        failpoint("before-rename", &tmp)?;
        match replace {
            Replace::Overwrite => std::fs::rename(&tmp, target)
                .map_err(|e| Error::io("cannot replace vault", target, e)),
            Replace::NoClobber => rename_noreplace(&tmp, target),
        }
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    failpoint("after-rename", target)?;
    File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("cannot sync directory", &dir, e))
}

/// Test-only fault injection (debug builds, or the `failpoints` feature):
/// `SESAME_FAILPOINT=<point>[#<n>]:<abort|error>` makes the write die
/// (abort, as a crash or `kill -9` would) or fail with an I/O error the
/// `n`-th time (default: the first) it reaches `<point>`:
/// `temp-written`, `before-rename` or `after-rename` (before the
/// directory sync) of any atomic write, or a point a command names (the
/// upgrade's `backup-written`). Release builds compile this to nothing.
#[cfg(any(debug_assertions, feature = "failpoints"))]
pub(crate) fn failpoint(point: &str, path: &Path) -> Result<()> {
    use std::sync::Mutex;
    static HITS: Mutex<Vec<(String, u32)>> = Mutex::new(Vec::new());
    let Ok(spec) = std::env::var("SESAME_FAILPOINT") else {
        return Ok(());
    };
    let Some((target, action)) = spec.split_once(':') else {
        return Ok(());
    };
    let (name, nth) = match target.split_once('#') {
        Some((name, n)) => (name, n.parse::<u32>().unwrap_or(1)),
        None => (target, 1),
    };
    if name != point {
        return Ok(());
    }
    let hit = {
        let mut hits = HITS.lock().unwrap_or_else(|e| e.into_inner());
        let i = match hits.iter().position(|(p, _)| p == point) {
            Some(i) => i,
            None => {
                hits.push((point.to_string(), 0));
                hits.len() - 1
            }
        };
        hits[i].1 += 1;
        hits[i].1
    };
    if hit != nth {
        return Ok(());
    }
    match action {
        "abort" => std::process::abort(),
        "error" => Err(Error::io(
            "cannot write vault",
            path,
            std::io::Error::other(format!("failpoint {point}")),
        )),
        _ => Ok(()),
    }
}

#[cfg(not(any(debug_assertions, feature = "failpoints")))]
pub(crate) fn failpoint(_point: &str, _path: &Path) -> Result<()> {
    Ok(())
}

fn rename_noreplace(from: &Path, to: &Path) -> Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::EXIST) => Err(Error::VaultExists {
            path: to.to_path_buf(),
        }),
        // Filesystems without RENAME_NOREPLACE: a hard link is also no-clobber.
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => {
            std::fs::hard_link(from, to).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => Error::VaultExists {
                    path: to.to_path_buf(),
                },
                _ => Error::io("cannot create vault", to, e),
            })?;
            std::fs::remove_file(from).map_err(|e| Error::io("cannot remove temp file", from, e))
        }
        Err(e) => Err(Error::io("cannot create vault", to, e.into())),
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// [`write_atomic`] of `bytes` to a file that is not a vault (`inject -o`,
/// `export -o`): the same atomic, durable 0600 write, replacing `path`, but
/// a failure names `path`, the file being written, rather than a temp file
/// or "vault".
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, Replace::Overwrite, |w| {
        w.write_all(bytes)
            .map_err(|e| Error::io("cannot write", path, e))
    })
    .map_err(|e| match e {
        Error::Io { source, .. } => Error::io("cannot write", path, source),
        other => other,
    })
}

/// The highest generation seen for each vault id, kept in the state dir so
/// that an older copy of a vault is noticed (rollback detection).
///
/// The state files are opened with `O_NOFOLLOW`: a symbolic link in the
/// place of one is neither read nor written through (it reads as "nothing
/// seen", and the write that follows warns).
pub mod seen {
    use super::*;
    use std::io::{Read, Seek, SeekFrom};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Set once a failed write has been warned about: one warning per
    /// process, that is per command, however often it records.
    static WARNED: AtomicBool = AtomicBool::new(false);

    /// The default directory: `<state dir>/sesame/seen` (the data dir
    /// where the platform has no state dir).
    pub fn default_dir() -> Option<PathBuf> {
        dirs::state_dir()
            .or_else(dirs::data_dir)
            .map(|d| d.join("sesame").join("seen"))
    }

    /// The highest generation recorded for `vault_id` (0 when none).
    pub fn get(dir: Option<&Path>, vault_id: &[u8; 16]) -> u64 {
        let read = |d: &Path| -> io::Result<String> {
            let mut text = String::new();
            OpenOptions::new()
                .read(true)
                .custom_flags(O_NOFOLLOW)
                .open(d.join(hex(vault_id)))?
                .read_to_string(&mut text)?;
            Ok(text)
        };
        dir.and_then(|d| read(d).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Records `generation` if it is higher than what is recorded. Best
    /// effort: a read-only state dir weakens rollback detection but must
    /// not stop the user from reading their secrets, so a failure is told
    /// to `warn` (once per process, naming the file) and not returned.
    pub fn record(dir: Option<&Path>, vault_id: &[u8; 16], generation: u64, warn: fn(&str)) {
        let Some(dir) = dir else { return };
        let file = dir.join(hex(vault_id));
        if let Err(e) = try_record(dir, &file, generation)
            && !WARNED.swap(true, Ordering::Relaxed)
        {
            warn(&format!(
                "cannot record the vault's generation in the rollback state '{}': {}; rollback detection is weaker until this is fixed",
                file.display(),
                nofollow(e)
            ));
        }
    }

    fn try_record(dir: &Path, file: &Path, generation: u64) -> io::Result<()> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(O_NOFOLLOW)
            .open(file)?;
        file.lock()?;
        let mut old = String::new();
        file.read_to_string(&mut old)?;
        if old.trim().parse::<u64>().unwrap_or(0) >= generation {
            return Ok(());
        }
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(format!("{generation}\n").as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn resolve_vault_link_follows_chains_relative_to_each_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::create_dir(root.join("b")).unwrap();
        std::fs::write(root.join("b/vault"), b"").unwrap();
        symlink("a/hop", root.join("link")).unwrap();
        symlink("../b/vault", root.join("a/hop")).unwrap();
        let real = resolve_vault_link(&root.join("link")).unwrap();
        assert_eq!(real, root.join("a/../b/vault"));
        assert!(real.is_file());
        // A plain file and a missing one resolve to themselves.
        let plain = root.join("b/vault");
        assert_eq!(resolve_vault_link(&plain).unwrap(), plain);
        assert_eq!(
            resolve_vault_link(&root.join("none")).unwrap(),
            root.join("none")
        );
        // A dangling link names where `init` should create the vault.
        symlink("b/new", root.join("dangling")).unwrap();
        assert_eq!(
            resolve_vault_link(&root.join("dangling")).unwrap(),
            root.join("b/new")
        );
    }

    #[test]
    fn resolve_vault_link_gives_up_on_a_loop() {
        let dir = tempfile::tempdir().unwrap();
        symlink("loop", dir.path().join("loop")).unwrap();
        let err = resolve_vault_link(&dir.path().join("loop")).unwrap_err();
        assert!(err.to_string().contains("symbolic links"), "{err}");
    }
}
