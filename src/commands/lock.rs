//! `sesame lock`: end every session of the vault at once.

use crate::error::Result;
use crate::session;
use crate::vault::Vault;

use super::Context;

/// Deletes the vault's session files and, when the vault opens without a
/// prompt (a usable session, or a non-interactive passphrase source),
/// bumps its session epoch so that copies of session files die too.
pub fn run(ctx: &Context) -> Result<()> {
    let vault_id = Vault::peek_id(&ctx.vault)?;
    // Open before deleting: the session being ended may be the key.
    let opened = Vault::open(&ctx.vault, ctx.unlock_without_prompt(), &ctx.options).ok();
    let ended = session::end_all(&vault_id);
    // Bump the epoch even when the files could not be deleted: that alone
    // ends every session, wherever its file is.
    if let Some(vault) = opened {
        vault.edit_again(|v| {
            v.end_sessions();
            Ok(())
        })?;
    }
    let ended = ended?;
    ctx.notice(&format!(
        "locked '{}' ({ended} sessions ended)",
        ctx.vault.display()
    ));
    Ok(())
}
