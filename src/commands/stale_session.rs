//! The warning that `SESAME_SESSION` no longer works, said once per token
//! (issue 15): after `sesame lock`, a shell that still exports the token
//! would otherwise hear it before every command. Only tokens that expired
//! or were ended are remembered; other reasons are said every time.
//!
//! The tokens already warned about are remembered in the state directory
//! that holds the rollback state (`stale-sessions`, 0600, at most
//! [`KEPT`] lines), as a SHA-256 of the token under a label of its own:
//! nothing there opens anything. The file is never opened through a
//! symbolic link. When it cannot be read or written, the warning is said
//! anyway: the cost is a repeated line, never a lost one.

use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use crate::vault::keys::session::Unusable;

/// How many warned tokens are remembered (the newest).
const KEPT: usize = 64;
/// The file's name in the state directory.
const FILE: &str = "stale-sessions";

/// Prints the one-line warning for `why` (the vault's reason), unless it
/// was printed before for the token whose [`label`] this is.
pub fn warn_once(state_dir: Option<&Path>, label: String, why: &Unusable) {
    // Only a token that can never work again is worth remembering: one
    // that expired or was ended (`lock`, `passwd`). Any other reason (a
    // session directory open to others, another vault's session) may be
    // fixed, and is said every time.
    if let Unusable::Invalid(_) = why {
        eprintln!(
            "sesame: warning: {}",
            crate::output::sanitize(&one_line(why))
        );
        return;
    }
    let mut seen = state_dir.map(read).unwrap_or_default();
    if seen.contains(&label) {
        return;
    }
    eprintln!(
        "sesame: warning: {}",
        crate::output::sanitize(&one_line(why))
    );
    if let Some(dir) = state_dir {
        seen.push(label);
        let keep = seen.len().saturating_sub(KEPT);
        let _ = write(dir, &seen[keep..]);
    }
}

/// What to say, in one short line: the vault's reason, the usual one in
/// fewer words, and what to do instead of what happens next (the other
/// passphrase sources are tried, which any prompt shows).
fn one_line(why: &Unusable) -> String {
    let why = match why {
        Unusable::Ended(_) | Unusable::Gone => "invalid: ended by `sesame lock` or `passwd`".into(),
        other => other.to_string(),
    };
    format!("the session is not usable ({why}); unset SESAME_SESSION")
}

/// What is remembered of a token: a hash that opens nothing.
pub fn label(token: &str) -> String {
    let mut input = b"sesame stale session\0".to_vec();
    input.extend_from_slice(token.trim().as_bytes());
    crate::vault::crypto::checksum(&input)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read(dir: &Path) -> Vec<String> {
    let mut text = String::new();
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(dir.join(FILE));
    match opened.and_then(|f| f.take(64 * 1024).read_to_string(&mut text)) {
        Ok(_) => text.lines().map(str::to_string).collect(),
        Err(_) => Vec::new(),
    }
}

fn write(dir: &Path, labels: &[String]) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(dir.join(FILE))?;
    file.write_all((labels.join("\n") + "\n").as_bytes())
}
