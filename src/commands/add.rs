//! `sesame add`: create a secret (or, with `--force`, a new version).

use crate::cli::AddArgs;
use crate::error::Result;
use crate::secret_type::SecretType;
use crate::vault::NewSecret;

use super::{Context, input, policy};

/// Reads the value, then stores it under the write lock.
pub fn run(ctx: &Context, args: &AddArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let kind = args.kind.unwrap_or_else(|| SecretType::infer(id.path()));
    let (rotate_every, expires) = policy::parse(&args.policy)?;
    let fields = input::read_fields(&args.value, kind)?;
    let secret = NewSecret {
        fields,
        description: args.value.description.clone(),
    };
    let version = ctx.edit(|vault| {
        let version = vault.add(&id, secret, args.force)?;
        vault.set_policy(&id, rotate_every, expires)?;
        Ok(version)
    })?;
    ctx.notice(&format!("added {id} (version {version})"));
    Ok(())
}
