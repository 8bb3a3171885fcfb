//! `sesame init`: create a new vault.

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::vault::v2::keys::slot::{Recipient, parse_recipient};
use crate::vault::{KdfParams, Vault};

use super::Context;

/// Creates the vault: format 2 unless `--format-version 1`; its founding
/// member (`--member`, else the login name) unlocks with a passphrase
/// (KDF parameters from flags, then config, then defaults) or with the
/// key of `--recipient`.
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
    if let Some(text) = &args.recipient {
        let recipient = recipient_arg(text)?;
        let name = crate::vault::founder_name(&ctx.options)?;
        Vault::create_for_recipient(&ctx.vault, &name, &recipient, &ctx.options)?;
    } else {
        let passphrase = ctx.sources.new_passphrase()?;
        if args.format_version == 1 {
            Vault::create_v1(&ctx.vault, &passphrase, kdf, &ctx.options)?;
        } else {
            Vault::create(&ctx.vault, &passphrase, kdf, &ctx.options)?;
        }
    }
    ctx.notice(&format!("created vault '{}'", ctx.vault.display()));
    Ok(())
}

/// A `--recipient`: an `age1…` string, an `ssh-ed25519 …` line, or a file
/// holding one.
pub fn recipient_arg(text: &str) -> Result<Recipient> {
    let trimmed = text.trim();
    let looks_inline = trimmed.starts_with("age1") || trimmed.starts_with("ssh-");
    let content = if !looks_inline && std::path::Path::new(text).is_file() {
        std::fs::read_to_string(text).map_err(|e| Error::io("cannot read", text, e))?
    } else {
        text.to_string()
    };
    let line = content
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    parse_recipient(line).map_err(|e| {
        Error::usage_hint(
            format!("not a recipient: {e}"),
            "give an age1… recipient (age-keygen -y KEYFILE prints it), an ssh-ed25519 public key line, or a file holding one",
        )
    })
}
