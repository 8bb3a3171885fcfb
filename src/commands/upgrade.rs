//! `sesame upgrade`: format 1 → format 2.

use crate::error::Result;
use crate::vault::Vault;

use super::Context;

/// Converts the vault, keeping the format-1 file as `<vault>.v1.bak`.
pub fn run(ctx: &Context) -> Result<()> {
    let name = crate::vault::founder_name(&ctx.options)?;
    match Vault::upgrade(
        &ctx.vault,
        ctx.unlock_without_session(),
        &ctx.options,
        &name,
    )? {
        None => ctx.notice(&format!(
            "'{}' is format 2 already; nothing to do",
            ctx.vault.display()
        )),
        Some(done) => {
            ctx.notice(&format!(
                "upgraded '{}' to format 2: {} secret{} of {} owner{}, member {name} (a vault owner)",
                ctx.vault.display(),
                done.secrets,
                if done.secrets == 1 { "" } else { "s" },
                done.owners,
                if done.owners == 1 { "" } else { "s" },
            ));
            ctx.notice(&format!(
                "the format-1 file is kept as '{}': it still opens with the same passphrase; delete it once you no longer need it",
                done.backup.display(),
            ));
        }
    }
    Ok(())
}
