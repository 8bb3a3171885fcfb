//! `sesame lock`: end every session of the vault at once.
//!
//! Deleting the session files here is not enough: a copy of a file, with
//! its token, would still open the vault. Only bumping the vault's session
//! epoch ends a session everywhere, and that is a write, which needs the
//! master key: the passphrase (from the usual sources, or asked for on the
//! terminal), or a session that is still valid.

use crate::error::{Error, Result};
use crate::unlock;
use crate::vault::keys::session;
use crate::vault::{Unlock, Vault};

use super::Context;

/// Opens the vault the usual way (a valid session, the passphrase sources,
/// a prompt at a terminal), deletes its session files, and bumps its
/// session epoch. Without a terminal, a passphrase source or a valid
/// session, it deletes the files and says plainly that copies stay valid
/// until they expire (exit 0).
pub fn run(ctx: &Context) -> Result<()> {
    let vault_id = Vault::peek_id(&ctx.vault)?;
    let can_prove = ctx.sources.configured() || unlock::can_prompt();
    // Open before deleting: the session being ended may be the key.
    let opened = if can_prove {
        ctx.open()
    } else {
        match session_alone() {
            Some(how) => Vault::open(&ctx.vault, how, &ctx.options).map_err(Error::from),
            None => Err(no_proof()),
        }
    };
    let ended = session::end_all(&vault_id);
    let vault = match opened {
        Ok(vault) => vault,
        // (KDF parameters that grew are not asked about here either: there
        // is no terminal to ask on.)
        Err(Error::Unlock { .. } | Error::KdfPolicy { .. }) if !can_prove => {
            let ended = ended?;
            if !ctx.quiet {
                eprintln!(
                    "sesame: warning: deleted {ended} session files of '{}', but copies of session files (with their tokens) stay valid until they expire: ending every session needs the passphrase or a valid session, and there is no terminal to ask on and no passphrase source",
                    ctx.vault.display()
                );
                eprintln!(
                    "hint: run `sesame lock` at a terminal, or with --passphrase-file, SESAME_PASSPHRASE_COMMAND or SESAME_PASSPHRASE, to end them for good"
                );
            }
            return Ok(());
        }
        Err(Error::Unlock { message, hint }) => {
            let _ = ended;
            return Err(Error::Unlock {
                message,
                hint: Some(
                    hint.map_or(String::new(), |h| format!("{h}; "))
                        + "the session files here were deleted, but the sessions were not ended: copies of their files stay valid until they expire",
                ),
            });
        }
        Err(e) => return Err(e),
    };
    // Bump the epoch even when the files could not be deleted: that alone
    // ends every session, wherever its file is.
    vault.edit_again(|v| {
        v.end_sessions();
        Ok(())
    })?;
    let ended = ended?;
    ctx.notice(&format!(
        "locked '{}' ({ended} sessions ended)",
        ctx.vault.display()
    ));
    Ok(())
}

/// `SESAME_SESSION` if it is still valid, and nothing else: no warning
/// when it is not, since `lock` then says what it could not do.
fn session_alone() -> Option<Unlock> {
    match std::env::var("SESAME_SESSION") {
        Ok(token) if !token.trim().is_empty() => Some(Unlock::Session {
            token: token.into(),
            fallback: Box::new(Unlock::Deferred(Box::new(|| Err(no_proof().into())))),
            warn: Box::new(|_| {}),
        }),
        _ => None,
    }
}

fn no_proof() -> Error {
    Error::Unlock {
        message: "no way to prove the passphrase".into(),
        hint: None,
    }
}
