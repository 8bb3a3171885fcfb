//! `sesame info`: what the vault is and holds, without any value.

use serde_json::json;

use crate::cli::{InfoArgs, TableFormat};
use crate::error::Result;
use crate::output;

use super::Context;

/// Prints the vault's path, format, KDF parameters, number of secrets,
/// generation and session.
pub fn run(ctx: &Context, args: &InfoArgs) -> Result<()> {
    let vault = ctx.open()?;
    let info = vault.info();
    if info.format_version == 1 {
        ctx.notice("hint: this vault is format 1; `sesame upgrade` moves it to format 2 (members, roles, git sync)");
    }
    let kdf = info.kdf.map(|k| json!({"memory_mib": k.memory_mib, "iterations": k.iterations, "parallelism": k.parallelism}));
    match args.format {
        TableFormat::Json => output::print_json(&json!({
            "vault": info.path.display().to_string(),
            "format_version": info.format_version,
            "kdf": kdf,
            "secrets": info.secrets,
            "generation": info.generation,
            "session": vault.session_expires().map(|e| json!({"expires": output::rfc3339(e)})),
        })),
        TableFormat::Table => {
            let kdf = info
                .kdf
                .map(|k| {
                    format!(
                        "argon2id, {} MiB, {} iterations, {} lanes",
                        k.memory_mib, k.iterations, k.parallelism
                    )
                })
                .unwrap_or_else(|| "none".into());
            output::print(&format!(
                "vault:          {}\nformat version: {}\nkdf:            {}\nsecrets:        {}\ngeneration:     {}\nsession:        {}\n",
                output::sanitize(&info.path.display().to_string()),
                info.format_version,
                kdf,
                info.secrets,
                info.generation,
                vault
                    .session_expires()
                    .map(|e| format!("until {}", output::rfc3339(e)))
                    .unwrap_or_else(|| "none".into()),
            ))
        }
    }
}
