//! `sesame init`: create a new vault.

use crate::cli::InitArgs;
use crate::error::Result;
use crate::vault::{KdfParams, Vault};

use super::Context;

/// Creates the vault with the KDF parameters from flags, then config, then
/// defaults.
pub fn run(ctx: &Context, args: &InitArgs) -> Result<()> {
    let base = ctx.config.kdf.apply(KdfParams::default());
    let kdf = KdfParams {
        memory_mib: args.kdf_memory.unwrap_or(base.memory_mib),
        iterations: args.kdf_iterations.unwrap_or(base.iterations),
        parallelism: args.kdf_parallelism.unwrap_or(base.parallelism),
    };
    kdf.check()
        .map_err(|message| crate::Error::KdfPolicy { message })?;
    if ctx.vault.exists() {
        return Err(crate::Error::VaultExists {
            path: ctx.vault.clone(),
        });
    }
    let passphrase = ctx.sources.new_passphrase()?;
    Vault::create(&ctx.vault, &passphrase, kdf, &ctx.options)?;
    ctx.notice(&format!("created vault '{}'", ctx.vault.display()));
    Ok(())
}
