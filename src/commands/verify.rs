//! `sesame verify`: read every byte of the vault, open every section and
//! every kept value, and print a summary by owner.

use serde_json::json;

use crate::cli::{TableFormat, VerifyArgs};
use crate::error::{Error, Result};
use crate::output;

use super::Context;

/// Verifies the vault; exit 6 when anything in it is damaged.
pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<()> {
    if args.purge {
        // Under the write lock, on the latest vault; the summary below is
        // of the vault as it is afterwards.
        let purged = ctx.edit(|v| v.purge_set_aside())?;
        for (owner, n) in &purged {
            ctx.notice(&format!(
                "purged {n} change{} set aside in {owner}",
                if *n == 1 { "" } else { "s" }
            ));
        }
        if purged.is_empty() {
            ctx.notice("nothing set aside in the scopes you own: nothing purged");
        }
    }
    let mut vault = ctx.open()?;
    let working = ctx.working("verifying every byte, signature and value");
    let checks = vault.verify()?;
    drop(working);
    let ok = checks.iter().all(|c| c.ok());
    match args.format {
        TableFormat::Json => output::print_json(&json!({
            "vault": vault.path().display().to_string(),
            "format_version": vault.info().format_version,
            "ok": ok,
            "owners": checks.iter().map(|c| json!({
                "owner": c.owner.to_string(),
                "owner_type": c.owner.owner_type().as_str(),
                "owner_id": c.owner.owner_id(),
                "secrets": c.secrets,
                "versions": c.versions,
                "ok": c.ok(),
                "problem": c.problem,
            })).collect::<Vec<_>>(),
        }))?,
        TableFormat::Table => {
            let mut table = output::table(&["OWNER", "SECRETS", "VERSIONS", "STATUS"]);
            for c in &checks {
                table.add_row(vec![
                    c.owner.to_string(),
                    c.secrets.to_string(),
                    c.versions.map_or_else(|| "-".into(), |v| v.to_string()),
                    match &c.problem {
                        None => "ok".into(),
                        Some(p) => format!("damaged: {p}"),
                    },
                ]);
            }
            output::print_table(&table)?;
        }
    }
    if !ok {
        return Err(Error::Damaged {
            path: vault.path().to_path_buf(),
            reason: "a section or value does not verify; see the summary",
        });
    }
    let secrets: u64 = checks.iter().map(|c| c.secrets).sum();
    let versions: u64 = checks.iter().filter_map(|c| c.versions).sum();
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    ctx.notice(&format!(
        "verified {}, {}, {}: no damage",
        plural(checks.len() as u64, "owner"),
        plural(secrets, "secret"),
        plural(versions, "version")
    ));
    Ok(())
}
