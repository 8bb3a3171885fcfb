//! `sesame env`: print secrets as environment assignments.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::cli::{EnvArgs, EnvFormat};
use crate::envvars::{self, Var};
use crate::error::Result;
use crate::output;

use super::Context;

/// Prints `sh`, dotenv or JSON; nothing at all if any variable fails.
pub fn run(ctx: &Context, args: &EnvArgs) -> Result<()> {
    let mut vault = ctx.open()?;
    let (vars, read) = ctx.hinting(&mut vault, |v| {
        envvars::collect(
            v,
            &args.selectors,
            &args.selection.maps,
            ctx.default_owner.as_ref(),
        )
    })?;
    let text = Zeroizing::new(render(&vars, args.format)?);
    output::print(&text)?;
    vault.record_reads(&read);
    Ok(())
}

fn render(vars: &[Var], format: EnvFormat) -> Result<String> {
    let mut out = String::new();
    match format {
        EnvFormat::Sh => {
            for v in vars {
                out.push_str(&format!(
                    "export {}={}\n",
                    v.name,
                    envvars::sh_quote(v.value.expose_secret())
                ));
            }
        }
        EnvFormat::Fish => {
            for v in vars {
                out.push_str(&format!(
                    "set -gx {} {}\n",
                    v.name,
                    envvars::fish_quote(v.value.expose_secret())
                ));
            }
        }
        EnvFormat::Dotenv => out = envvars::to_dotenv(vars)?,
        EnvFormat::Json => {
            let map: Map<String, Value> = vars
                .iter()
                .map(|v| {
                    (
                        v.name.clone(),
                        Value::String(v.value.expose_secret().to_string()),
                    )
                })
                .collect();
            out = output::json_pretty(&Value::Object(map));
        }
    }
    Ok(out)
}
