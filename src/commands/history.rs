//! `sesame history`: the kept versions of a secret.

use serde_json::{Map, Value, json};

use crate::cli::{HistoryArgs, TableFormat};
use crate::error::Result;
use crate::output;

use super::Context;

/// Lists versions oldest first, with values only on `--decrypt`.
pub fn run(ctx: &Context, args: &HistoryArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let mut vault = ctx.open_for(crate::vault::LoadHint::Ids(vec![id.clone()]))?;
    let mut rows = Vec::new();
    for (number, created) in ctx.hinting(&mut vault, |v| v.versions(&id))? {
        let fields = if args.decrypt {
            Some(vault.fields(&id, Some(number))?)
        } else {
            None
        };
        rows.push((number, created, fields));
    }
    match args.format {
        TableFormat::Json => {
            let items = rows
                .iter()
                .map(|(number, created, fields)| {
                    let mut m = Map::new();
                    m.insert("version".into(), json!(number));
                    m.insert("created".into(), json!(output::rfc3339(*created)));
                    if let Some(f) = fields {
                        output::add_fields(&mut m, f);
                    }
                    Value::Object(m)
                })
                .collect();
            output::print_json(&Value::Array(items))?;
        }
        TableFormat::Table => {
            let mut header = vec!["VERSION", "CREATED"];
            if args.decrypt {
                header.push("VALUE");
            }
            let mut table = output::table(&header);
            for (number, created, fields) in &rows {
                let mut row = vec![number.to_string(), output::rfc3339(*created)];
                if let Some(f) = fields {
                    row.push(output::sanitize(&output::plain_value(f)));
                }
                table.add_row(row);
            }
            output::print_table(&table)?;
        }
    }
    if args.decrypt {
        vault.record_reads(std::slice::from_ref(&id));
    }
    Ok(())
}
