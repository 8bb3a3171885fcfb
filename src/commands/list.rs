//! `sesame list`: which secrets exist, with values only on `--decrypt`.

use crate::cli::{ListArgs, ListFormat};
use crate::error::Result;
use crate::id::Prefix;
use crate::output;
use crate::vault::{LoadHint, Setting, Vault};

use super::Context;

/// Lists the secrets under the prefix (or the split form).
pub fn run(ctx: &Context, args: &ListArgs) -> Result<()> {
    let prefix = match &args.prefix {
        Some(p) => Prefix::parse_with_default(p, ctx.default_owner.as_ref())?,
        None => Prefix::from_parts(
            args.owner_type,
            args.owner_id.as_deref(),
            args.path.as_deref(),
        )?,
    };
    let mut vault = ctx.open_for(LoadHint::Prefix(prefix.clone()))?;
    let settings = vault.list(&prefix, args.kind, args.decrypt)?;
    print_settings(&mut vault, &settings, args.format, args.decrypt)?;
    if args.decrypt {
        let hidden = settings.iter().filter(|s| s.fields.is_none()).count();
        if hidden > 0 {
            ctx.notice(&format!(
                "note: {hidden} secret{} listed without {}: your grants show that {} exist, not {}",
                if hidden == 1 { " is" } else { "s are" },
                if hidden == 1 {
                    "its value"
                } else {
                    "their values"
                },
                if hidden == 1 { "it" } else { "they" },
                if hidden == 1 {
                    "its value"
                } else {
                    "their values"
                },
            ));
        }
        let ids: Vec<_> = settings
            .into_iter()
            .filter(|s| s.fields.is_some())
            .map(|s| s.info.id)
            .collect();
        vault.record_reads(&ids);
    }
    Ok(())
}

/// Prints `settings` as `list` does (also used by `find`).
pub fn print_settings(
    vault: &mut Vault,
    settings: &[Setting],
    format: ListFormat,
    decrypt: bool,
) -> Result<()> {
    match format {
        ListFormat::Ids => {
            let text: String = settings
                .iter()
                .map(|s| format!("{}\n", s.info.shown_id()))
                .collect();
            output::print(&text)?;
        }
        ListFormat::Json => output::print_json_array(settings.iter().map(|s| {
            let mut v = output::setting_json(s, vault.last_read(&s.info.id));
            // Only what was not decrypted says so: a decrypted
            // entry stays exactly what `export` writes (cli.md).
            if decrypt
                && s.fields.is_none()
                && let Some(m) = v.as_object_mut()
            {
                m.insert("decrypted".into(), false.into());
            }
            v
        }))?,
        ListFormat::Table if settings.is_empty() => {}
        ListFormat::Table => {
            let now = crate::vault::now();
            let mut header = vec!["ID", "TYPE", "VERSION", "UPDATED", "STATUS", "DESCRIPTION"];
            if decrypt {
                header.push("VALUE");
            }
            let mut table = output::table(&header);
            for s in settings {
                let mut row = vec![
                    s.info.shown_id(),
                    s.info.kind.to_string(),
                    s.info.version.to_string(),
                    output::rfc3339(s.info.updated),
                    output::status(&s.info, now),
                    output::sanitize(s.info.description.as_deref().unwrap_or("")),
                ];
                if decrypt {
                    row.push(
                        s.fields
                            .as_ref()
                            .map(|f| output::sanitize(&output::plain_value(f)))
                            .unwrap_or_default(),
                    );
                }
                table.add_row(row);
            }
            output::print_table(&table)?;
        }
    }
    Ok(())
}
