//! `sesame cp`: a new secret with another's current value.

use crate::cli::CpArgs;
use crate::error::{Error, Result};
use crate::vault::NewSecret;

use super::Context;

/// Copies SRC's current fields (and description) to DST, as version 1 of a
/// new secret, or, with `--force`, as DST's next version. Versions, times,
/// rotation policy and expiry are not copied: the copy starts its own.
pub fn run(ctx: &Context, args: &CpArgs) -> Result<()> {
    let src = ctx.id(&args.src)?;
    let dst = ctx.id(&args.dst)?;
    if src == dst {
        return Err(Error::usage(format!(
            "{src} is both the source and the copy"
        )));
    }
    let version = ctx.edit(|vault| {
        let info = vault.info_of(&src, None)?;
        let fields = vault.fields(&src, None)?;
        vault.add(
            &dst,
            NewSecret {
                fields,
                description: info.description,
            },
            args.force,
        )
    })?;
    ctx.notice(&format!("copied {src} to {dst} (version {version})"));
    Ok(())
}
