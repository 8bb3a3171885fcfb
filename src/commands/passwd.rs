//! `sesame passwd`: change the vault's passphrase.
//!
//! The current passphrase is checked before the new one is asked for, and
//! the write lock is taken only after, so no one waits on our prompt.

use crate::cli::PasswdArgs;
use crate::error::{Error, Result};
use crate::unlock::{self, Sources};

use super::Context;

/// Opens with the current passphrase, then rewraps the master key under
/// the new one. The write is atomic: a crash leaves a vault that opens
/// with the old passphrase or with the new one.
pub fn run(ctx: &Context, args: &PasswdArgs) -> Result<()> {
    let vault = crate::vault::Vault::open(&ctx.vault, ctx.unlock_without_session(), &ctx.options)?;
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
    vault.edit_again(|v| v.change_passphrase(&new))?;
    ctx.notice(&format!(
        "changed the passphrase of '{}'",
        ctx.vault.display()
    ));
    Ok(())
}
