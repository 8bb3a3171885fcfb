//! `sesame unlock`: start a session, print the token for `eval`.

use crate::cli::UnlockArgs;
use crate::error::{Error, Result};
use crate::vault::keys::session;
use crate::{envvars, output};

use super::Context;

/// Opens the vault once, then writes a session file and prints the token.
pub fn run(ctx: &Context, args: &UnlockArgs) -> Result<()> {
    let ttl = match &args.ttl {
        Some(text) => session::parse_ttl(text).map_err(|e| {
            Error::usage_hint(
                e,
                "write e.g. --ttl 30m, --ttl 2h; a session lasts at most 24h",
            )
        })?,
        None => ctx.config.session_ttl.unwrap_or(session::DEFAULT_TTL),
    };
    let vault = ctx.open()?;
    let (token, expires) = vault.start_session(ttl)?;
    let line = zeroize::Zeroizing::new(if args.raw {
        format!("{}\n", token.expose_secret())
    } else {
        format!(
            "export SESAME_SESSION={}\n",
            envvars::sh_quote(token.expose_secret())
        )
    });
    output::print(&line)?;
    ctx.notice(&format!(
        "unlocked '{}' until {}",
        ctx.vault.display(),
        output::rfc3339(expires)
    ));
    Ok(())
}
