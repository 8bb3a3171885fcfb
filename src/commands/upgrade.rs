//! `sesame upgrade`: format 1 → format 2.

use crate::error::{Error, Result};
use crate::vault::Vault;

use super::Context;

/// Converts the vault, keeping the format-1 file as `<vault>.v1.bak`.
pub fn run(ctx: &Context) -> Result<()> {
    let name = match &ctx.options.member {
        Some(name) => name.clone(),
        None => crate::vault::v2::vault::login_name().ok_or_else(|| {
            Error::usage_hint(
                "no member name: the login name is not set",
                "pass --member NAME",
            )
        })?,
    };
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
        Some(done) => ctx.notice(&format!(
            "upgraded '{}' to format 2: {} secret{} of {} owner{}, member {name} (a vault owner)\n\
             the format-1 file is kept as '{}': it still opens with the same passphrase; delete it once you no longer need it",
            ctx.vault.display(),
            done.secrets,
            if done.secrets == 1 { "" } else { "s" },
            done.owners,
            if done.owners == 1 { "" } else { "s" },
            done.backup.display(),
        )),
    }
    Ok(())
}
