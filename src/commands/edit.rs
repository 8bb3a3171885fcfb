//! `sesame edit`: change a secret in `$VISUAL`/`$EDITOR`, as `pass edit`
//! does.
//!
//! The value goes to a 0600 file in a fresh 0700 directory under
//! `$XDG_RUNTIME_DIR` (memory-backed on systemd systems), or, only with
//! `--unsafe-tmp`, beside the vault file. The directory is private to this
//! one edit, so the editor's swap and backup files land in it too; every
//! file in it is overwritten with zeros and removed when the editor
//! returns, whatever it returned, and a guard process (`sesame
//! __edit-guard`, in its own process group so a Ctrl-C at the terminal
//! does not reach it) does the same if sesame itself is killed meanwhile.
//! No lock is held while the editor runs: the new version is written on
//! top of the latest vault, and refused (exit 4) if the secret changed
//! meanwhile.

use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use zeroize::Zeroizing;

use crate::cli::EditArgs;
use crate::error::{Error, Result};
use crate::secret::SecretString;
use crate::secret_type::{Fields, MAX_VALUE_BYTES};

use super::Context;

/// The largest file read back from the editor.
const MAX_EDITED: usize = 8 * MAX_VALUE_BYTES;

/// Opens the editor on the secret and stores what it leaves, if changed.
pub fn run(ctx: &Context, args: &EditArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let mut vault = ctx.open_for(crate::vault::LoadHint::Ids(vec![id.clone()]))?;
    let before = vault.info_of(&id, None)?;
    let fields = vault.fields(&id, None)?;
    let kind = fields.kind();
    if fields.get("value").is_some_and(crate::binary::is_binary) {
        return Err(Error::usage_hint(
            format!("{id} is a binary value; edit cannot show it as text"),
            format!(
                "sesame get {id} > FILE, change FILE, then sesame rotate {id} --from-file FILE"
            ),
        ));
    }
    let original = render(&fields);
    let dir = PrivateDir::create(ctx, args.unsafe_tmp)?;
    let ext = if kind.is_single_value() {
        "txt"
    } else {
        "json"
    };
    let file = dir.path.join(format!("{}.{ext}", id.name()));
    write_new(&file, &original)?;
    let _guard = spawn_guard(&dir.path);
    let status = run_editor(&file);
    let edited = read_back(&file);
    drop(dir);
    let status = status?;
    if !status.success() {
        return Err(Error::Other {
            message: format!("the editor exited with {status}; {id} was not changed"),
        });
    }
    let edited = edited?;
    let new = parse(kind, &fields, edited, args.allow_empty)?;
    if new == fields {
        ctx.notice(&format!("no change; {id} was left as it was"));
        return Ok(());
    }
    let version = vault.edit_again(|latest| {
        if latest.info_of(&id, None)?.version != before.version {
            return Err(Error::Conflict {
                message: format!(
                    "{id} got a new version while you edited it; nothing was written (run edit again)"
                ),
            }
            .into());
        }
        latest.add_version(&id, new, None)
    })?;
    ctx.notice(&format!("edited {id} (version {version})"));
    Ok(())
}

/// A variable's file holds exactly its value; a structured secret's, its
/// fields as a JSON object, one per line.
fn render(fields: &Fields) -> Zeroizing<Vec<u8>> {
    if fields.kind().is_single_value() {
        let value = fields.get("value").map(|v| v.expose_secret()).unwrap_or("");
        Zeroizing::new(value.as_bytes().to_vec())
    } else {
        let mut text = serde_json::to_string_pretty(&fields.to_json())
            .expect("a JSON value always serializes");
        let mut bytes = Zeroizing::new(text.as_bytes().to_vec());
        zeroize::Zeroize::zeroize(&mut text);
        bytes.push(b'\n');
        bytes
    }
}

/// What the editor left, as fields of the same type. Editors end files
/// with a newline: one that the value did not end with is dropped.
fn parse(
    kind: crate::secret_type::SecretType,
    old: &Fields,
    mut bytes: Zeroizing<Vec<u8>>,
    allow_empty: bool,
) -> Result<Fields> {
    if kind.is_single_value() {
        let had_newline = old
            .get("value")
            .is_some_and(|v| v.expose_secret().ends_with('\n'));
        if !had_newline && bytes.ends_with(b"\n") {
            let cut = if bytes.ends_with(b"\r\n") { 2 } else { 1 };
            let keep = bytes.len() - cut;
            bytes.truncate(keep);
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Error::usage("the edited value is not valid UTF-8 text; nothing was written")
        })?;
        return Ok(Fields::single(
            SecretString::new(text.to_string()),
            allow_empty,
        )?);
    }
    let map: std::collections::BTreeMap<String, SecretString> = serde_json::from_slice(&bytes)
        .map_err(|e| {
            // serde_json's messages can quote the input: say where, never what.
            Error::usage_hint(
                format!(
                    "the edited file is not a JSON object of string fields (line {}, column {}); nothing was written",
                    e.line(),
                    e.column()
                ),
                "run edit again; the file was removed",
            )
        })?;
    Ok(Fields::new(kind, map.into_iter().collect(), allow_empty)?)
}

/// A directory of our own for one edit, wiped and removed on drop.
struct PrivateDir {
    path: PathBuf,
}

impl PrivateDir {
    fn create(ctx: &Context, unsafe_tmp: bool) -> Result<PrivateDir> {
        let base = match runtime_dir() {
            Ok(dir) => dir,
            Err(why) if !unsafe_tmp => {
                return Err(Error::usage_hint(
                    format!("no private memory-backed directory for the file to edit: {why}"),
                    "set XDG_RUNTIME_DIR to a 0700 directory of yours, or pass --unsafe-tmp to put the file beside the vault (on disk) for the edit",
                ));
            }
            Err(why) => {
                let vault = std::fs::canonicalize(&ctx.vault).unwrap_or(ctx.vault.clone());
                let beside = vault
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("."));
                ctx.notice(&format!(
                    "sesame: warning: {why}; the file to edit goes on disk in '{}' (overwritten and removed after)",
                    beside.display()
                ));
                beside
            }
        };
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|e| Error::Other {
            message: format!("the OS random number generator failed: {e}"),
        })?;
        let name: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let path = base.join(format!(".sesame-edit-{name}"));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| Error::io("cannot create", &path, e))?;
        Ok(PrivateDir { path })
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        wipe(&self.path);
    }
}

/// `$XDG_RUNTIME_DIR/sesame`, created 0700, if the runtime directory is
/// set, absolute, ours and closed to others (as the XDG spec promises).
fn runtime_dir() -> std::result::Result<PathBuf, String> {
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .ok_or("XDG_RUNTIME_DIR is not set")?;
    if !base.is_absolute() {
        return Err("XDG_RUNTIME_DIR is not an absolute path".into());
    }
    let dir = base.join("sesame");
    match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("cannot create '{}': {e}", dir.display())),
    }
    let uid = rustix::process::getuid().as_raw();
    for d in [&base, &dir] {
        let meta = std::fs::symlink_metadata(d)
            .map_err(|e| format!("cannot inspect '{}': {e}", d.display()))?;
        if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
            return Err(format!(
                "'{}' is not a directory of yours closed to others",
                d.display()
            ));
        }
    }
    Ok(dir)
}

/// Creates `path` (never an existing file or a link) 0600 with `bytes`.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| Error::io("cannot create", path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io("cannot write", path, e))
}

/// Reads what the editor left, never through a link, at most
/// [`MAX_EDITED`] bytes.
fn read_back(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Error::usage("the editor removed the file; nothing was written")
            }
            _ => Error::io("cannot read", path, e),
        })?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_EDITED as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read", path, e))?;
    if bytes.len() > MAX_EDITED {
        return Err(Error::usage(format!(
            "the edited file is larger than {} MiB; nothing was written",
            MAX_EDITED >> 20
        )));
    }
    Ok(bytes)
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` (split as a shell would, run
/// without one) on `file`, without sesame's unlock variables.
fn run_editor(file: &Path) -> Result<std::process::ExitStatus> {
    let (var, line) = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|v| {
            std::env::var(v)
                .ok()
                .filter(|s| !s.trim().is_empty())
                .map(|s| (v, s))
        })
        .unwrap_or(("default", "vi".to_string()));
    let words = shlex::split(&line)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| Error::usage(format!("cannot split the editor command in {var}")))?;
    let mut cmd = Command::new(&words[0]);
    cmd.args(&words[1..]).arg(file);
    for name in crate::process::UNLOCK_VARIABLES {
        cmd.env_remove(name);
    }
    cmd.status().map_err(|e| Error::Other {
        message: format!(
            "cannot run the editor {:?} (from {var}): {e}; nothing was changed",
            words[0]
        ),
    })
}

/// Starts `sesame __edit-guard DIR`, which wipes DIR once its stdin
/// closes: when we drop the returned handle, or when we die.
fn spawn_guard(dir: &Path) -> Option<std::process::ChildStdin> {
    let exe = std::env::current_exe().ok()?;
    let mut child = Command::new(exe)
        .arg("__edit-guard")
        .arg(dir)
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()
}

/// The guard process: waits for stdin to close, then wipes `dir`.
pub fn guard(dir: &Path) {
    let mut sink = [0u8; 64];
    let mut stdin = std::io::stdin().lock();
    while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    wipe(dir);
}

/// Overwrites every regular file in `dir` with zeros, removes it, then
/// removes `dir`. Best effort: nothing here may stop a command.
fn wipe(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if let Ok(meta) = std::fs::symlink_metadata(&path)
            && meta.is_file()
            && let Ok(mut file) = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
                .open(&path)
        {
            let zeros = vec![0u8; 64 * 1024];
            let mut left = meta.len();
            while left > 0 {
                let n = left.min(zeros.len() as u64) as usize;
                if file.write_all(&zeros[..n]).is_err() {
                    break;
                }
                left -= n as u64;
            }
            let _ = file.sync_all();
        }
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            wipe(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
    let _ = std::fs::remove_dir(dir);
}
