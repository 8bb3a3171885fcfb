//! `sesame env`: print secrets as environment assignments.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::cli::{EnvArgs, EnvFormat};
use crate::envvars::{self, Var};
use crate::error::{Error, Result};
use crate::output;

use super::Context;

/// Prints `sh`, dotenv or JSON; nothing at all if any variable fails.
pub fn run(ctx: &Context, args: &EnvArgs) -> Result<()> {
    let mut vault = ctx.open()?;
    let (vars, read) = envvars::collect(
        &mut vault,
        &args.selectors,
        &args.selection.maps,
        ctx.default_owner.as_ref(),
    )?;
    let text = Zeroizing::new(render(&vars, args.format, ctx)?);
    output::print(&text)?;
    vault.record_reads(&read);
    Ok(())
}

fn render(vars: &[Var], format: EnvFormat, ctx: &Context) -> Result<String> {
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
        EnvFormat::Dotenv => {
            for v in vars {
                let value = v.value.expose_secret();
                let quoted = envvars::dotenv_quote(value).ok_or_else(|| {
                    Error::usage_hint(
                        format!("the value of {} cannot be written as dotenv (a value ending in `\\` can be written only unquoted, and this one cannot be)", v.name),
                        "use --format sh or --format json",
                    )
                })?;
                if value.contains("${") {
                    ctx.notice(&format!(
                        "sesame: warning: the value of {} contains `${{`, which interpolating dotenv readers expand",
                        v.name
                    ));
                }
                out.push_str(&format!("{}={quoted}\n", v.name));
            }
        }
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
            out =
                serde_json::to_string_pretty(&Value::Object(map)).expect("JSON serializes") + "\n";
        }
    }
    Ok(out)
}
