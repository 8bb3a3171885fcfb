//! `sesame passwd`: change the vault's passphrase, end every session, and
//! with `--rekey` replace the master key too.
//!
//! The current passphrase is checked before the new one is asked for, and
//! the write lock is taken only after, so no one waits on our prompt.

use crate::cli::PasswdArgs;
use crate::error::{Error, Result};
use crate::unlock::{self, Sources};

use super::Context;

/// Opens with the current passphrase, then rewraps the master key under
/// the new one (or, with `--rekey`, makes a new master key and seals
/// everything again) and bumps the session epoch. The write is atomic: a
/// crash leaves a vault that opens with the old passphrase or with the new
/// one.
pub fn run(ctx: &Context, args: &PasswdArgs) -> Result<()> {
    let vault = ctx.retrying_without_session(|unlock| {
        crate::vault::Vault::open(&ctx.vault, unlock, &ctx.options)
    })?;
    let new = match &args.new_passphrase_file {
        Some(file) => Sources {
            file: Some(file.clone()),
            quiet: ctx.quiet,
        }
        .new_passphrase()?,
        None if unlock::can_prompt() => {
            let p = unlock::prompt_twice("New passphrase: ", "Repeat the new passphrase: ")?;
            if p.is_empty() {
                return Err(Error::usage("the new passphrase is empty"));
            }
            p
        }
        None => {
            return Err(Error::Unlock {
                message: "no source for the new passphrase: not on a terminal".into(),
                hint: Some("use --new-passphrase-file PATH".into()),
            });
        }
    };
    let vault_id = vault.vault_id();
    vault.edit_again(|v| {
        if args.rekey {
            v.rekey(&new)?;
        } else {
            v.change_passphrase(&new)?;
        }
        // Every session ends: a session holds the master key, and whoever
        // changes the passphrase may be shutting out someone who has one.
        v.end_sessions();
        Ok(())
    })?;
    // The epoch already ended them; deleting the files is tidiness.
    let ended = crate::vault::keys::session::end_all(&vault_id).unwrap_or(0);
    ctx.notice(&format!(
        "changed the passphrase of '{}'{} ({ended} sessions ended)",
        ctx.vault.display(),
        if args.rekey {
            " and replaced its master key"
        } else {
            ""
        }
    ));
    Ok(())
}
