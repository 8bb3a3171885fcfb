//! `sesame rollback`: a new version with an older version's content.

use crate::cli::RollbackArgs;
use crate::error::Result;

use super::Context;

/// Copies version `--to` into a new version.
pub fn run(ctx: &Context, args: &RollbackArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let version = ctx.edit(|v| v.rollback(&id, args.to))?;
    ctx.notice(&format!(
        "rolled back {id} to version {} (now version {version})",
        args.to
    ));
    Ok(())
}
