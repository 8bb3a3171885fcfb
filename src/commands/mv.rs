//! `sesame mv`: rename a secret, keeping its versions.

use crate::cli::MvArgs;
use crate::error::Result;

use super::Context;

/// Renames OLD to NEW (across owners too).
pub fn run(ctx: &Context, args: &MvArgs) -> Result<()> {
    let old = ctx.id(&args.old)?;
    let new = ctx.id(&args.new)?;
    ctx.edit(|v| v.rename(&old, &new))?;
    ctx.notice(&format!("moved {old} to {new}"));
    Ok(())
}
