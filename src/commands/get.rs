//! `sesame get`: print a value, one field, or the JSON record.

use zeroize::Zeroizing;

use crate::cli::{GetArgs, GetFormat};
use crate::error::{Error, Result};
use crate::id::FieldRef;
use crate::output;
use crate::secret::SecretString;

use super::Context;

/// Prints the value of `ID[#field]`.
pub fn run(ctx: &Context, args: &GetArgs) -> Result<()> {
    let target = FieldRef::parse_with_default(&args.id, ctx.default_owner.as_ref())?;
    let mut vault = ctx.open()?;
    let info = vault.info_of(&target.id, args.version)?;
    let fields = vault.fields(&target.id, args.version)?;
    let field = match &target.field {
        Some(name) => Some(fields.get(name).ok_or_else(|| Error::FieldNotFound {
            id: target.id.to_string(),
            field: name.clone(),
        })?),
        None => None,
    };
    if args.clip {
        let text = SecretString::new(match field {
            Some(v) => v.expose_secret().to_string(),
            None => output::plain_value(&fields),
        });
        super::clip::copy(ctx, &args.id, &text)?;
        vault.record_reads(std::slice::from_ref(&target.id));
        return Ok(());
    }
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
