//! `sesame rm`: remove secrets with all their versions.

use crate::cli::RmArgs;
use crate::error::Result;

use super::Context;

/// Removes every ID; none when one is missing (unless `--force`).
pub fn run(ctx: &Context, args: &RmArgs) -> Result<()> {
    let ids = args
        .ids
        .iter()
        .map(|a| ctx.id(a))
        .collect::<Result<Vec<_>>>()?;
    let removed = ctx.edit(|vault| vault.remove(&ids, args.force))?;
    for id in removed {
        ctx.notice(&format!("removed {id}"));
    }
    Ok(())
}
