//! `sesame rotate`: replace a secret's value, making a new version.

use crate::cli::RotateArgs;
use crate::error::Result;

use super::{Context, input};

/// Learns the secret's type, reads the new value, then applies it on top of
/// the latest vault under the write lock (one key derivation in all).
pub fn run(ctx: &Context, args: &RotateArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let mut vault = ctx.open()?;
    let kind = vault.info_of(&id, None)?.kind;
    let given = input::read_given(&args.value, kind, input::Purpose::Rotate)?;
    let description = args.value.description.clone();
    let version = vault.edit_again(|v| {
        let current = v.fields(&id, None)?;
        let next = input::merge(&current, given, args.value.allow_empty)?;
        v.add_version(&id, next, description)
    })?;
    ctx.notice(&format!("rotated {id} (version {version})"));
    Ok(())
}
