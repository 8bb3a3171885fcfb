//! `sesame rotate`: replace a secret's value, making a new version.

use crate::cli::RotateArgs;
use crate::error::Result;
use crate::vault::LoadHint;

use super::{Context, input, policy};

/// Learns the secret's type, reads the new value, then applies it on top of
/// the latest vault under the write lock (one key derivation in all).
pub fn run(ctx: &Context, args: &RotateArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let mut vault = ctx.open_for(LoadHint::Ids(vec![id.clone()]))?;
    let kind = ctx.hinting(&mut vault, |v| v.info_of(&id, None))?.kind;
    let (rotate_every, expires) = policy::parse(&args.policy)?;
    let given = input::read_given(&args.value, kind, input::Purpose::Rotate)?;
    let description = args.value.description.clone();
    let version = vault.edit_again(|v| {
        let current = v.fields(&id, None)?;
        let next = input::merge(&current, given, args.value.allow_empty)?;
        let version = v.add_version(&id, next, description)?;
        v.set_policy(&id, rotate_every, expires)?;
        Ok(version)
    })?;
    ctx.notice(&format!("rotated {id} (version {version})"));
    Ok(())
}
