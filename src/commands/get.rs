//! `sesame get`: print a value, one field, or the JSON record.

use zeroize::Zeroizing;

use crate::cli::{GetArgs, GetFormat};
use std::io::IsTerminal;

use crate::error::{Error, Result};
use crate::output;
use crate::vault::LoadHint;

use super::Context;

/// Prints the value of `ID[#field]`.
pub fn run(ctx: &Context, args: &GetArgs) -> Result<()> {
    let (arg, instance) = split_instance(&args.id);
    let target = ctx.field_ref(&arg)?;
    let mut vault = ctx.open_for(LoadHint::Ids(vec![target.id.clone()]))?;
    if let Some(short) = instance {
        vault.select_instance(&target.id, short)?;
    }
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
    // A binary value (`crate::binary`) is written as its bytes.
    let binary = match field {
        Some(v) => crate::binary::bytes_of(v),
        None => fields.get("value").and_then(crate::binary::bytes_of),
    };
    if args.clip {
        let text = match (&binary, field) {
            (Some(bytes), _) => Zeroizing::new(bytes.to_vec()),
            (None, Some(v)) => Zeroizing::new(v.expose_secret().as_bytes().to_vec()),
            (None, None) => Zeroizing::new(output::plain_value(&fields).into_bytes()),
        };
        super::clip::copy(ctx, &args.id, &text)?;
        vault.record_reads(std::slice::from_ref(&target.id));
        return Ok(());
    }
    match args.format {
        GetFormat::Json => {
            let last_read = vault.last_read(&target.id);
            let mut m = output::info_json(&info, last_read);
            match field {
                Some(v) if crate::binary::is_binary(v) => {
                    let b64 = crate::binary::base64_of(v).unwrap_or_default();
                    m.insert("value".into(), serde_json::Value::String(b64.to_string()));
                    m.insert(
                        "encoding".into(),
                        serde_json::Value::String("base64".into()),
                    );
                }
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
        GetFormat::Value if binary.is_some() => {
            if std::io::stdout().is_terminal() {
                return Err(Error::usage_hint(
                    format!(
                        "{} is a binary value; it is not printed to a terminal",
                        target.id
                    ),
                    format!("write it to a file: sesame get {} > FILE", target.id),
                ));
            }
            let bytes = binary.as_ref().expect("checked by the guard");
            output::write_stdout(bytes)?;
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

/// `ID@<short id>[#field]`, as `list` shows one of a path created twice:
/// the ID (with its field) and the short id. Anything else is the ID as
/// given.
fn split_instance(arg: &str) -> (String, Option<&str>) {
    let (id, field) = match arg.split_once('#') {
        Some((id, field)) => (id, Some(field)),
        None => (arg, None),
    };
    match id.rsplit_once('@') {
        Some((base, short)) if short.len() == 8 && short.bytes().all(|b| b.is_ascii_hexdigit()) => {
            let joined = match field {
                Some(f) => format!("{base}#{f}"),
                None => base.to_string(),
            };
            (joined, Some(short))
        }
        _ => (arg.to_string(), None),
    }
}
