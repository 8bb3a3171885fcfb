//! Sessions: `sesame unlock` once, then commands skip the key derivation.
//!
//! A session is two halves that are useless apart:
//! - the **token**, `sesame-session-v1.` + hex(vault id ‖ session id ‖ S),
//!   which the shell holds in `SESAME_SESSION`;
//! - the **session file**, `<dir>/<vault id>-<session id>` (0600 in a 0700
//!   directory under the runtime dir), holding the master key sealed under
//!   S with the vault id, session id, session epoch and expiry as AAD.
//!
//! A session works only for its vault, until its expiry, and while the
//! vault's session epoch is the one it was made under: `lock` deletes the
//! files and bumps the epoch (so does `passwd`), so even a copy of a file
//! restored later is dead. A file of an older epoch is deleted only after
//! the vault's index has authenticated the header that says so. What a session does not protect against: anyone who can read both
//! the token (your shell's environment) and the file (your runtime dir)
//! while it lasts, which is to say your own user.

use std::fmt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use zeroize::{Zeroize, Zeroizing};

use crate::secret::{Key, SecretString};
use crate::vault::codec::{Reader, Writer};
use crate::vault::crypto;
use crate::vault::error::{Error, Result};
use crate::vault::store::hex;

/// What every token starts with.
pub const TOKEN_PREFIX: &str = "sesame-session-v1.";
/// The longest session.
pub const MAX_TTL: Duration = Duration::from_secs(24 * 3600);
/// The session length when neither `--ttl` nor `session_ttl` says.
pub const DEFAULT_TTL: Duration = Duration::from_secs(15 * 60);
const FILE_MAGIC: &[u8; 8] = b"SSESSv1\n";
/// What a session file may seal: a format-1 master key (32 bytes), or a
/// format-2 member id and user key (16 + 32 bytes).
const PAYLOAD_LENS: [usize; 2] = [32, 48];

/// Why a session could not be used. Says which kind of failure without
/// helping anyone forge one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// It was valid, and its time ended at this Unix time.
    Expired(i64),
    /// Ended by `lock` or `passwd` (its epoch is not the header's): the
    /// session file to delete once the header is known to be genuine.
    Ended(PathBuf),
    /// Its session file is gone: ended by `lock` or `passwd`, or the token
    /// was made on another machine.
    Gone,
    /// Anything else: wrong vault, tampered.
    Invalid(String),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::Expired(at) => {
                write!(f, "expired: it ended at {}", crate::duration::rfc3339(*at))
            }
            Unusable::Ended(_) => {
                write!(
                    f,
                    "invalid: it was ended (locked, or the passphrase changed)"
                )
            }
            Unusable::Gone => write!(
                f,
                "invalid: its session file is gone (locked, the passphrase changed, or made on another machine)"
            ),
            Unusable::Invalid(why) => write!(f, "invalid: {why}"),
        }
    }
}

fn invalid(why: &str) -> Unusable {
    Unusable::Invalid(why.to_string())
}

/// A parsed token.
struct Token {
    vault_id: [u8; 16],
    session_id: [u8; 16],
    key: Key,
}

impl Token {
    fn parse(text: &str) -> std::result::Result<Token, Unusable> {
        let hexpart = text
            .trim()
            .strip_prefix(TOKEN_PREFIX)
            .ok_or_else(|| invalid("not a sesame session token"))?;
        let mut raw = Zeroizing::new([0u8; 64]);
        if hexpart.len() != 128 {
            return Err(invalid("malformed token"));
        }
        for (i, chunk) in hexpart.as_bytes().chunks(2).enumerate() {
            let s = std::str::from_utf8(chunk).map_err(|_| invalid("malformed token"))?;
            raw[i] = u8::from_str_radix(s, 16).map_err(|_| invalid("malformed token"))?;
        }
        let mut key = [0u8; 32];
        key.copy_from_slice(&raw[32..]);
        Ok(Token {
            vault_id: raw[..16].try_into().expect("16 bytes"),
            session_id: raw[16..32].try_into().expect("16 bytes"),
            key: Key::from_bytes(key),
        })
    }

    fn encode(&self) -> SecretString {
        let mut s = String::with_capacity(TOKEN_PREFIX.len() + 128);
        s.push_str(TOKEN_PREFIX);
        s.push_str(&hex(&self.vault_id));
        s.push_str(&hex(&self.session_id));
        let mut k = hex(self.key.expose_secret());
        s.push_str(&k);
        k.zeroize();
        SecretString::new(s)
    }
}

/// The directory of session files, created 0700 if missing, and refused
/// unless it and its parent are ours and closed to group and others.
pub fn dir() -> Result<PathBuf> {
    let base = dirs::runtime_dir()
        .or_else(dirs::cache_dir)
        .ok_or_else(|| Error::Other {
            message: "no runtime or cache directory for session files".into(),
        })?;
    let parent = base.join("sesame");
    let dir = parent.join("sessions");
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(|e| Error::io("cannot create session directory", &dir, e))?;
    for d in [&parent, &dir] {
        check_private_dir(d)?;
    }
    Ok(dir)
}

fn check_private_dir(dir: &Path) -> Result<()> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| Error::io("cannot inspect", dir, e))?;
    let uid = rustix::process::getuid().as_raw();
    if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
        return Err(Error::Other {
            message: format!(
                "the session directory '{}' is not private (it must be a directory owned by you with mode 0700)",
                dir.display()
            ),
        });
    }
    Ok(())
}

fn file_name(vault_id: &[u8; 16], session_id: &[u8; 16]) -> String {
    format!("{}-{}", hex(vault_id), hex(session_id))
}

fn aad(vault_id: &[u8; 16], session_id: &[u8; 16], epoch: u64, expires: i64) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(FILE_MAGIC);
    w.bytes(vault_id);
    w.bytes(session_id);
    w.u64(epoch);
    w.i64(expires);
    w.into_inner()
}

/// A session file's parts, not yet authenticated.
#[derive(Debug)]
pub struct SessionFile<'a> {
    /// The vault.
    pub vault_id: [u8; 16],
    /// The session.
    pub session_id: [u8; 16],
    /// The vault's session epoch when it was made.
    pub epoch: u64,
    /// When it ends (Unix seconds).
    pub expires: i64,
    /// Nonce of the sealed master key.
    pub nonce: [u8; crypto::NONCE_LEN],
    /// The sealed master key.
    pub sealed: &'a [u8],
}

impl<'a> SessionFile<'a> {
    /// Splits a session file into its parts (the seal is checked later,
    /// with the token's key).
    pub fn parse(content: &'a [u8]) -> std::result::Result<SessionFile<'a>, Unusable> {
        let mut r = Reader::new(content);
        let parsed = (|| {
            let magic: [u8; 8] = r.array()?;
            Ok::<_, crate::vault::codec::Malformed>((
                magic,
                SessionFile {
                    vault_id: r.array()?,
                    session_id: r.array()?,
                    epoch: r.u64()?,
                    expires: r.i64()?,
                    nonce: r.array()?,
                    sealed: r.rest(),
                },
            ))
        })();
        match parsed {
            Ok((magic, file))
                if &magic == FILE_MAGIC
                    && PAYLOAD_LENS.contains(&file.sealed.len().wrapping_sub(crypto::TAG_LEN)) =>
            {
                Ok(file)
            }
            _ => Err(invalid("its session file is damaged")),
        }
    }
}

/// Starts a session for the vault `vault_id`, valid while the vault's
/// session epoch is `epoch`, holding `payload` (the keys a command needs:
/// format 1's master key, or format 2's member id and user key). Returns
/// the token and the expiry (Unix seconds).
pub fn create(
    vault_id: &[u8; 16],
    epoch: u64,
    payload: &[u8],
    ttl: Duration,
) -> Result<(SecretString, i64)> {
    debug_assert!(PAYLOAD_LENS.contains(&payload.len()));
    let dir = dir()?;
    sweep_expired(&dir);
    let mut session_id = [0u8; 16];
    crypto::fill_random(&mut session_id);
    let token = Token {
        vault_id: *vault_id,
        session_id,
        key: Key::random(),
    };
    let expires = crate::vault::now() + ttl.as_secs() as i64;
    let aad = aad(vault_id, &session_id, epoch, expires);
    let (nonce, sealed) = crypto::seal(&token.key, &aad, payload);
    let mut content = aad;
    content.extend_from_slice(&nonce);
    content.extend_from_slice(&sealed);
    let path = dir.join(file_name(vault_id, &session_id));
    write_private(&path, &content)?;
    Ok((token.encode(), expires))
}

fn write_private(path: &Path, content: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| f.write_all(content).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("cannot write session file", path, e));
    }
    Ok(())
}

/// The keys a session token gives for the vault `vault_id` whose
/// session epoch is `epoch` (what [`create`] sealed), and the session's
/// expiry.
pub fn resolve(
    token: &SecretString,
    vault_id: &[u8; 16],
    epoch: u64,
) -> std::result::Result<(Zeroizing<Vec<u8>>, i64), Unusable> {
    let opened = open(token, vault_id)?;
    if opened.epoch != epoch {
        // Not deleted here: the epoch may come from a file not yet
        // authenticated (format 1's header), and a writer of the vault
        // file could bump it to make us delete every session file. The
        // vault deletes it once it knows (see `Unusable::Ended`).
        return Err(Unusable::Ended(opened.file));
    }
    Ok((opened.payload, opened.expires))
}

/// A session file opened with its token, its epoch not yet checked.
pub struct Opened {
    /// What [`create`] sealed.
    pub payload: Zeroizing<Vec<u8>>,
    /// When the session ends (Unix seconds).
    pub expires: i64,
    /// The session epoch it was made under.
    pub epoch: u64,
    /// Its file.
    pub file: PathBuf,
}

/// Opens the session file of `token` for vault `vault_id`, checking
/// everything but the epoch: for format 2, whose epoch is per member and
/// so known only once the payload names the member.
pub fn open(token: &SecretString, vault_id: &[u8; 16]) -> std::result::Result<Opened, Unusable> {
    let token = Token::parse(token.expose_secret())?;
    if token.vault_id != *vault_id {
        return Err(invalid("it belongs to another vault"));
    }
    let dir = dir().map_err(|e| Unusable::Invalid(e.to_string()))?;
    let path = dir.join(file_name(&token.vault_id, &token.session_id));
    let content = match std::fs::read(&path) {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Unusable::Gone);
        }
        Err(e) => {
            return Err(Unusable::Invalid(format!(
                "cannot read its session file: {e}"
            )));
        }
    };
    let file = SessionFile::parse(&content)?;
    let SessionFile {
        vault_id: file_vault,
        session_id,
        epoch: file_epoch,
        expires,
        nonce,
        sealed,
    } = file;
    if file_vault != token.vault_id || session_id != token.session_id {
        return Err(invalid("its session file does not match it"));
    }
    let plain = crypto::open(
        &token.key,
        &nonce,
        &aad(&file_vault, &session_id, file_epoch, expires),
        sealed,
    )
    .ok_or_else(|| {
        invalid("the token does not open its session file (wrong token, or the file was altered)")
    })?;
    if expires <= crate::vault::now() {
        // The file stays until the next `unlock` or `lock` sweeps it, so
        // that the token keeps saying "expired" rather than "gone".
        return Err(Unusable::Expired(expires));
    }
    Ok(Opened {
        payload: plain,
        expires,
        epoch: file_epoch,
        file: path,
    })
}

/// How long an expired session's file stays, so that its token says
/// "expired" rather than "gone" for a while. The file opens nothing once
/// expired (the expiry is authenticated), so keeping it costs nothing.
const EXPIRED_KEPT_SECS: i64 = 600;

/// Deletes session files whose time is up, ten minutes after (their expiry
/// is in the clear part of the file, which is fine: it is authenticated,
/// not secret).
fn sweep_expired(dir: &Path) {
    let now = crate::vault::now().saturating_sub(EXPIRED_KEPT_SECS);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(content) = std::fs::read(entry.path()) else {
            continue;
        };
        let expires = content
            .get(48..56)
            .and_then(|b| b.try_into().ok())
            .map(i64::from_le_bytes);
        if content.starts_with(FILE_MAGIC) && expires.is_some_and(|e| e <= now) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Deletes every session file of the vault; returns how many.
pub fn end_all(vault_id: &[u8; 16]) -> Result<usize> {
    let dir = dir()?;
    let prefix = format!("{}-", hex(vault_id));
    let mut ended = 0;
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io("cannot read", &dir, e))?;
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            std::fs::remove_file(entry.path())
                .map_err(|e| Error::io("cannot remove", entry.path(), e))?;
            ended += 1;
        }
    }
    Ok(ended)
}

/// Parses a `--ttl` or `session_ttl`: a positive duration of at most 24 h.
pub fn parse_ttl(text: &str) -> std::result::Result<Duration, String> {
    let ttl = crate::duration::parse(text)?;
    if ttl > MAX_TTL {
        return Err(format!("{text:?} is longer than a session may last (24h)"));
    }
    Ok(ttl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let t = Token {
            vault_id: [1; 16],
            session_id: [2; 16],
            key: Key::from_bytes([3; 32]),
        };
        let s = t.encode();
        let back = Token::parse(s.expose_secret()).unwrap();
        assert_eq!(back.vault_id, [1; 16]);
        assert_eq!(back.key, Key::from_bytes([3; 32]));
        for bad in [
            "",
            "sesame-session-v1.",
            "sesame-session-v1.zz",
            "other.0000",
        ] {
            assert!(Token::parse(bad).is_err(), "{bad:?}");
        }
        let mut truncated = s.expose_secret().to_string();
        truncated.pop();
        assert!(Token::parse(&truncated).is_err());
    }

    #[test]
    fn ttl_bounds() {
        assert_eq!(parse_ttl("15m"), Ok(Duration::from_secs(900)));
        assert!(parse_ttl("25h").is_err());
        assert!(parse_ttl("0s").is_err());
        assert!(parse_ttl("soon").is_err());
    }
}
