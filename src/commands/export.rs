//! `sesame export`: every secret under a prefix, with every kept version
//! (JSON), or its current values as dotenv. Not a read for `last_read`: a
//! backup must not make unused secrets look used.

use std::io::IsTerminal;

use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use crate::cli::{ExportArgs, ExportFormat};
use crate::envvars;
use crate::error::Result;
use crate::id::Prefix;
use crate::output;
use crate::vault::Setting;
use crate::vault::store;

use super::Context;

/// Writes the export to `-o FILE` (atomically, 0600) or stdout.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<()> {
    let prefix = match &args.prefix {
        Some(p) => Prefix::parse_with_default(p, ctx.default_owner.as_ref())?,
        None => Prefix::all(),
    };
    let mut vault = ctx.open()?;
    // Metadata only here: the values are decrypted once, below.
    let settings = vault.list(&prefix, None, false)?;
    let text = Zeroizing::new(match args.format {
        ExportFormat::Json => {
            let mut items = Vec::with_capacity(settings.len());
            for s in settings {
                let record = vault.export_record(&s.info.id)?;
                let current = Setting {
                    fields: record.versions.last().map(|v| v.2.clone()),
                    ..s
                };
                let last_read = vault.last_read(&current.info.id);
                let Value::Object(mut m) = output::setting_json(&current, last_read) else {
                    unreachable!("a setting is a JSON object")
                };
                let versions = record
                    .versions
                    .iter()
                    .map(|(number, created, fields)| {
                        let mut v = Map::new();
                        v.insert("version".into(), json!(number));
                        v.insert("created".into(), json!(output::rfc3339(*created)));
                        output::add_fields(&mut v, fields);
                        Value::Object(v)
                    })
                    .collect();
                m.insert("versions".into(), Value::Array(versions));
                items.push(Value::Object(m));
            }
            output::json_pretty(&Value::Array(items))
        }
        ExportFormat::Dotenv => {
            let selectors: Vec<String> = settings.iter().map(|s| s.info.id.to_string()).collect();
            let (vars, _) = envvars::collect(&mut vault, &selectors, &[], None)?;
            envvars::to_dotenv(&vars)?
        }
    });
    match &args.output {
        Some(path) => Ok(store::write_file_atomic(path, text.as_bytes())?),
        None => {
            if std::io::stdout().is_terminal() {
                ctx.notice("sesame: warning: printing secret values to the terminal; use -o FILE to write a file");
            }
            output::print(&text)
        }
    }
}
