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
    let format = vault.format_version();
    let working = args
        .rekey
        .then(|| ctx.working("making new keys and moving every scope you own to them"))
        .flatten();
    let not_moved = vault.edit_again(|v| {
        let not_moved = if args.rekey {
            v.rekey(&new)?
        } else {
            v.change_passphrase(&new)?;
            vec![]
        };
        // Every session ends: a session holds the master key, and whoever
        // changes the passphrase may be shutting out someone who has one.
        v.end_sessions();
        Ok(not_moved)
    })?;
    drop(working);
    // The epoch already ended them; deleting the files is tidiness.
    let ended = crate::vault::keys::session::end_all(&vault_id).unwrap_or(0);
    ctx.notice(&format!(
        "changed the passphrase of '{}'{} ({ended} sessions ended)",
        ctx.vault.display(),
        match (args.rekey, format) {
            (false, _) => "",
            (true, 1) => " and replaced its master key",
            (true, _) => " and replaced your keys; every scope you own has new keys",
        }
    ));
    for owner in not_moved {
        ctx.notice(&format!(
            "note: {owner} is not yours to move to new keys; ask one of its owners to revoke and grant again if your old keys leaked"
        ));
    }
    Ok(())
}
