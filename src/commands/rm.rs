//! `sesame rm`: remove secrets with all their versions.
//!
//! At a terminal it asks first, as `pass rm` does: `Remove ID and its N
//! versions? [y/N]` for each ID, before anything is removed; one "no" and
//! nothing is. `--yes` skips the questions, and without a terminal on stdin
//! they are not asked (scripts keep working).

use std::io::IsTerminal;

use crate::cli::RmArgs;
use crate::error::{Error, Result};

use super::Context;

/// Removes every ID; none when one is missing (unless `--force`) or a
/// question is not answered yes.
pub fn run(ctx: &Context, args: &RmArgs) -> Result<()> {
    let ids = args
        .ids
        .iter()
        .map(|a| ctx.id(a))
        .collect::<Result<Vec<_>>>()?;
    let removed = if args.yes || !std::io::stdin().is_terminal() {
        ctx.edit(|vault| vault.remove(&ids, args.force))?
    } else {
        let mut vault = ctx.open()?;
        let mut questions = Vec::new();
        for id in &ids {
            match ctx.hinting(&mut vault, |v| v.versions(id)) {
                Ok(versions) => questions.push((id, versions.len())),
                Err(e) if args.force && e.exit_code() == 3 => {}
                Err(e) => return Err(e),
            }
        }
        for (id, count) in questions {
            let versions = if count == 1 { "version" } else { "versions" };
            let question = format!(
                "Remove {} and its {count} {versions}? [y/N] ",
                crate::output::sanitize(&id.to_string())
            );
            if !crate::unlock::confirm(&question) {
                return Err(Error::Other {
                    message: "nothing removed: not confirmed".into(),
                });
            }
        }
        vault.edit_again(|v| v.remove(&ids, args.force))?
    };
    for id in removed {
        ctx.notice(&format!("removed {id}"));
    }
    Ok(())
}
