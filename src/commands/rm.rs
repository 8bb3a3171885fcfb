//! `sesame rm`: remove secrets with all their versions; `rm -r` removes
//! every secret under a prefix.
//!
//! At a terminal it asks first, as `pass rm` does: `Remove ID and its N
//! versions? [y/N]` for each ID (for `-r`, once, with the count), before
//! anything is removed; one "no" and nothing is. `--yes` skips the
//! questions; without a terminal on stdin plain `rm` does not ask (scripts
//! keep working) and `rm -r` needs `--yes` or `--force`.

use std::io::IsTerminal;

use crate::cli::RmArgs;
use crate::error::{Error, Result};
use crate::id::{Prefix, SecretId};
use crate::vault::LoadHint;

use super::Context;

/// Removes every ID; none when one is missing (unless `--force`) or a
/// question is not answered yes.
pub fn run(ctx: &Context, args: &RmArgs) -> Result<()> {
    if args.recursive {
        return recursive(ctx, args);
    }
    let ids = args
        .ids
        .iter()
        .map(|a| ctx.id(a))
        .collect::<Result<Vec<_>>>()?;
    let removed = if args.yes || !std::io::stdin().is_terminal() {
        ctx.edit_for(LoadHint::Ids(ids.clone()), |vault| {
            vault.remove(&ids, args.force)
        })?
    } else {
        let mut vault = ctx.open_for(LoadHint::Ids(ids.clone()))?;
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

/// `rm -r PREFIX...`: lists what is under the prefixes, asks once with the
/// count (unless `--yes`/`--force`), then removes exactly the secrets
/// counted, in one write. If one of them went away meanwhile, nothing is
/// removed (exit 3).
fn recursive(ctx: &Context, args: &RmArgs) -> Result<()> {
    let prefixes = args
        .ids
        .iter()
        .map(|a| {
            let p = Prefix::parse_with_default(a, ctx.default_owner.as_ref())?;
            if p.owner().is_none() {
                return Err(Error::usage_hint(
                    format!("rm -r {a:?}: the prefix must name an owner type and id"),
                    "e.g. sesame rm -r project/atlas/secret/old",
                ));
            }
            Ok(p)
        })
        .collect::<Result<Vec<_>>>()?;
    let mut ids: Vec<SecretId> = Vec::new();
    {
        let mut vault = ctx.open()?;
        for (prefix, arg) in prefixes.iter().zip(&args.ids) {
            let under = vault.list(prefix, None, false)?;
            if under.is_empty() && !args.force {
                return Err(Error::NothingMatches {
                    selector: arg.clone(),
                });
            }
            ids.extend(under.into_iter().map(|s| s.info.id));
        }
    }
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let what = format!(
        "{} secret{} under {}",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        prefixes
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !(args.yes || args.force) {
        match confirm(&format!("Remove {what}, with all their versions? [y/N] ")) {
            Some(true) => {}
            Some(false) => {
                return Err(Error::Other {
                    message: format!("not confirmed; nothing was removed ({what})"),
                });
            }
            None => {
                return Err(Error::usage_hint(
                    format!("rm -r would remove {what}, and there is no terminal to confirm it"),
                    "pass --yes to remove them without asking",
                ));
            }
        }
    }
    let removed = ctx.edit(|vault| vault.remove(&ids, false))?;
    ctx.notice(&format!(
        "removed {} secret{}",
        removed.len(),
        if removed.len() == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// Asks `question` on the terminal: `None` when there is none.
fn confirm(question: &str) -> Option<bool> {
    use std::io::{BufRead, Write};
    if !crate::unlock::can_prompt() {
        return None;
    }
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let mut out = &tty;
    write!(out, "{question}").and_then(|()| out.flush()).ok()?;
    let mut answer = String::new();
    std::io::BufReader::new(&tty).read_line(&mut answer).ok()?;
    Some(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
