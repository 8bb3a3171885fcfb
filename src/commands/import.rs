//! `sesame import`: secrets from a JSON export, a dotenv file or a pass
//! store, all in one vault write (all or nothing).

use std::io::IsTerminal;
use std::path::Path;

use crate::cli::{ImportArgs, ImportFormat, OnConflict};
use crate::error::{Error, Result};
use crate::import::{self, Entry};
use crate::logins;
use crate::output;
use crate::vault::{NewSecret, Vault};

use super::Context;

/// The largest JSON or dotenv input read.
const MAX_INPUT: usize = 4 * 1024 * 1024 * 1024;

fn read_text(source: Option<&Path>) -> Result<zeroize::Zeroizing<String>> {
    super::input::read_text(source, MAX_INPUT, "input")
}

/// Parses everything first; then applies it in one locked edit.
pub fn run(ctx: &Context, args: &ImportArgs) -> Result<()> {
    let mut skipped_notes = Vec::new();
    let entries = read_entries(ctx, args, &mut skipped_notes)?;
    let mut seen = std::collections::HashSet::new();
    for e in &entries {
        if !seen.insert(e.id().clone()) {
            return Err(Error::Conflict {
                message: format!("{} appears twice in the input", e.id()),
            });
        }
    }
    let progress = progress_bar(entries.len());
    let (imported, skipped) = if args.dry_run {
        let vault = ctx.open()?;
        dry_run(vault, &entries, args.on_conflict)?
    } else {
        ctx.edit(|vault| apply(vault, entries, args.on_conflict, progress.as_ref()))?
    };
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if args.dry_run {
        let text: String = imported.iter().map(|id| format!("{id}\n")).collect();
        output::print(&text)?;
    }
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    ctx.notice(&format!(
        "{verb} {} secrets (skipped {skipped})",
        imported.len()
    ));
    for note in skipped_notes {
        ctx.notice(&note);
    }
    Ok(())
}

/// The entries to import; notes on what an export held that is not
/// imported go to `later`, printed once the import succeeded.
fn read_entries(ctx: &Context, args: &ImportArgs, later: &mut Vec<String>) -> Result<Vec<Entry>> {
    let owner = ctx.default_owner.as_ref();
    match args.format {
        ImportFormat::Pass => {
            let prefix = import::parse_prefix(args.prefix.as_deref(), owner)?;
            let store = match &args.source {
                Some(p) => p.clone(),
                None => import::default_pass_store().ok_or_else(|| {
                    Error::usage("no password store: give its directory or set PASSWORD_STORE_DIR")
                })?,
            };
            let read = import::read_pass_store(&store, &prefix)?;
            for (path, why) in &read.skipped {
                ctx.notice(&format!(
                    "sesame: warning: skipped '{path}' in the pass store: {why}"
                ));
            }
            Ok(read.entries)
        }
        ImportFormat::Json => import::parse_json(&read_text(args.source.as_deref())?),
        ImportFormat::KeepassXml | ImportFormat::Bitwarden => {
            let prefix = import::parse_prefix(args.prefix.as_deref(), owner)?;
            let text = read_text(args.source.as_deref())?;
            let parsed = if args.format == ImportFormat::KeepassXml {
                logins::parse_keepass_xml(&text, &prefix)?
            } else {
                logins::parse_bitwarden(&text, &prefix)?
            };
            for (what, n) in &parsed.skipped {
                later.push(format!("sesame: warning: not imported: {what}: {n}"));
            }
            Ok(parsed.entries)
        }
        ImportFormat::Dotenv => {
            let prefix = import::parse_prefix(args.prefix.as_deref(), owner)?;
            import::parse_dotenv(&read_text(args.source.as_deref())?, &prefix)
        }
    }
}

fn progress_bar(total: usize) -> Option<indicatif::ProgressBar> {
    (total > 1000 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_message("importing");
        bar
    })
}

/// Applies entries; returns the IDs imported and how many were skipped.
fn apply(
    vault: &mut Vault,
    entries: Vec<Entry>,
    policy: OnConflict,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<(Vec<String>, usize)> {
    let mut imported = Vec::with_capacity(entries.len());
    let mut skipped = 0;
    for entry in entries {
        if let Some(p) = progress {
            p.inc(1);
        }
        let exists = vault.contains(entry.id())?;
        match (exists, policy) {
            (true, OnConflict::Fail) => return Err(conflict(entry.id())),
            (true, OnConflict::Skip) => {
                skipped += 1;
                continue;
            }
            _ => {}
        }
        imported.push(entry.id().to_string());
        match entry {
            Entry::Record(record) => vault.put_record(record)?,
            Entry::Value { id, fields } if exists => {
                vault.add_version(&id, fields, None)?;
            }
            Entry::Login {
                id,
                fields,
                description,
            } if exists => {
                vault.add_version(&id, fields, description)?;
            }
            Entry::Value { id, fields } => {
                vault.add(
                    &id,
                    NewSecret {
                        fields,
                        description: None,
                    },
                    false,
                )?;
            }
            Entry::Login {
                id,
                fields,
                description,
            } => {
                vault.add(
                    &id,
                    NewSecret {
                        fields,
                        description,
                    },
                    false,
                )?;
            }
        }
    }
    Ok((imported, skipped))
}

fn dry_run(
    mut vault: Vault,
    entries: &[Entry],
    policy: OnConflict,
) -> Result<(Vec<String>, usize)> {
    let mut imported = Vec::new();
    let mut skipped = 0;
    for entry in entries {
        match (vault.contains(entry.id())?, policy) {
            (true, OnConflict::Fail) => return Err(conflict(entry.id())),
            (true, OnConflict::Skip) => skipped += 1,
            _ => imported.push(entry.id().to_string()),
        }
    }
    Ok((imported, skipped))
}

fn conflict(id: &crate::id::SecretId) -> Error {
    Error::Conflict {
        message: format!(
            "{id} already exists; nothing was imported (see --on-conflict skip|overwrite)"
        ),
    }
}
