//! `sesame get`: print a value, one field, or the JSON record.

use zeroize::Zeroizing;

use crate::cli::{GetArgs, GetFormat};
use crate::error::Result;
use crate::output;

use super::Context;

/// Prints the value of `ID[#field]`.
pub fn run(ctx: &Context, args: &GetArgs) -> Result<()> {
    let target = ctx.field_ref(&args.id)?;
    let mut vault = ctx.open()?;
    let info = ctx.hinting(&mut vault, |v| v.info_of(&target.id, args.version))?;
    if info.conflict && args.version.is_none() {
        ctx.notice(&format!(
            "warning: {} is in conflict; this is its latest value (see `sesame conflicts`, then `sesame resolve`)",
            target.id
        ));
    }
    // A read member may see a non-secret field (format2.md D11), from the
    // metadata alone: no value is decrypted.
    if let Some(name) = &target.field
        && !vault.may_read_values(&target.id)
        && let Some(value) = vault.public_field(&target.id, args.version, name)?
    {
        return match args.format {
            GetFormat::Json => {
                let mut m = output::info_json(&info, vault.last_read(&target.id));
                m.insert("value".into(), serde_json::Value::String(value));
                output::print_json(&serde_json::Value::Object(m))
            }
            GetFormat::Value => output::print(&if args.no_newline {
                value
            } else {
                format!("{value}\n")
            }),
        };
    }
    let fields = vault.fields(&target.id, args.version)?;
    let field = match &target.field {
        Some(name) => Some(
            fields
                .get(name)
                .ok_or_else(|| crate::envvars::field_error(&target.id, info.kind, name))?,
        ),
        None => None,
    };
    match args.format {
        GetFormat::Json => {
            let last_read = vault.last_read(&target.id);
            let mut m = output::info_json(&info, last_read);
            match field {
                Some(v) => {
                    m.insert(
                        "value".into(),
                        serde_json::Value::String(v.expose_secret().to_string()),
                    );
                }
                None => output::add_fields(&mut m, &fields),
            }
            output::print_json(&serde_json::Value::Object(m))?;
        }
        GetFormat::Value => {
            let mut text = Zeroizing::new(match field {
                Some(v) => v.expose_secret().to_string(),
                None => output::plain_value(&fields),
            });
            if !args.no_newline {
                text.push('\n');
            }
            output::print(&text)?;
        }
    }
    vault.record_reads(std::slice::from_ref(&target.id));
    Ok(())
}
