//! `sesame add`: create a secret (or, with `--force`, a new version).

use crate::cli::AddArgs;
use crate::error::Result;
use crate::secret_type::SecretType;
use crate::vault::{LoadHint, NewSecret};

use super::{Context, input, policy};

/// Reads the value, then stores it under the write lock.
pub fn run(ctx: &Context, args: &AddArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let kind = args.kind.unwrap_or_else(|| SecretType::infer(id.path()));
    let (rotate_every, expires) = policy::parse(&args.policy)?;
    let store = |vault: &mut crate::vault::Vault, fields| -> crate::vault::Result<u32> {
        let secret = NewSecret {
            fields,
            description: args.value.description.clone(),
        };
        let version = vault.add(&id, secret, args.force)?;
        vault.set_policy(&id, rotate_every, expires)?;
        Ok(version)
    };
    let version = if input::will_prompt(&args.value) {
        // Unlock first: a mistyped passphrase must not cost the value
        // typed twice, nor may the value wait on a vault that won't open.
        let mut vault = ctx.open_for(LoadHint::Ids(vec![id.clone()]))?;
        if !args.force && vault.contains(&id)? {
            return Err(crate::Error::SecretExists { id: id.to_string() });
        }
        let fields = input::read_fields(&args.value, kind)?;
        vault.edit_again(|v| store(v, fields))?
    } else {
        let fields = input::read_fields(&args.value, kind)?;
        ctx.edit_for(LoadHint::Ids(vec![id.clone()]), |v| store(v, fields))?
    };
    ctx.notice(&format!("added {id} (version {version})"));
    Ok(())
}
