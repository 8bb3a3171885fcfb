//! `sesame add`: create a secret (or, with `--force`, a new version).

use crate::cli::AddArgs;
use crate::error::Result;
use crate::secret_type::SecretType;
use crate::vault::NewSecret;

use super::{Context, input};

/// Reads the value, then stores it under the write lock.
pub fn run(ctx: &Context, args: &AddArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let kind = args.kind.unwrap_or_else(|| SecretType::infer(id.path()));
    let fields = input::read_fields(&args.value, kind)?;
    let secret = NewSecret {
        fields,
        description: args.value.description.clone(),
    };
    let version = ctx.edit(|vault| vault.add(&id, secret, args.force))?;
    ctx.notice(&format!("added {id} (version {version})"));
    Ok(())
}
