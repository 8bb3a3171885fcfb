//! `sesame grep`: which secrets hold a value matching a pattern, so that a
//! leaked token can be traced to every secret that holds it.
//!
//! Prints IDs and field names, never a value, and never the pattern (it may
//! be the leaked token: give it on stdin to keep it off the command line).
//! Searches the current version of each secret the member may read; a
//! secret whose value the member's grants do not open (`NotPermitted`) is
//! skipped and counted, not an error. Does not record reads: finding a
//! value is not using it.

use std::io::IsTerminal;

use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::cli::{GrepArgs, TableFormat};
use crate::error::{Error, Result};
use crate::id::Prefix;
use crate::output;
use crate::secret_type::MAX_VALUE_BYTES;

use super::Context;

/// Prints `ID#field` for every field whose value matches.
pub fn run(ctx: &Context, args: &GrepArgs) -> Result<()> {
    let pattern = read_pattern(args.pattern.as_deref())?;
    let regex = build(&pattern, args.fixed_strings, args.ignore_case)?;
    drop(pattern);
    let prefix = match &args.prefix {
        Some(p) => Prefix::parse_with_default(p, ctx.default_owner.as_ref())?,
        None => Prefix::all(),
    };
    let mut vault = ctx.open()?;
    let mut hits: Vec<(String, &'static str)> = Vec::new();
    let (mut searched, mut skipped) = (0usize, 0usize);
    for setting in vault.list(&prefix, None, false)? {
        let id = setting.info.id;
        let fields = match vault.fields(&id, None) {
            Ok(fields) => fields,
            Err(crate::vault::Error::NotPermitted { .. }) => {
                skipped += 1;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        searched += 1;
        for (name, value) in fields.iter() {
            // Binary values (`crate::binary`) are bytes, not text to match.
            if crate::binary::is_binary(value) {
                continue;
            }
            if regex.is_match(value.expose_secret()) {
                hits.push((id.to_string(), name));
            }
        }
    }
    match args.format {
        TableFormat::Table => {
            let text: String = hits.iter().map(|(id, f)| format!("{id}#{f}\n")).collect();
            output::print(&text)?;
        }
        TableFormat::Json => output::print_json(&Value::Array(
            hits.iter()
                .map(|(id, f)| json!({"id": id, "field": f}))
                .collect(),
        ))?,
    }
    let mut summary = format!(
        "{} matching field{} in {searched} secret{} searched",
        hits.len(),
        plural(hits.len()),
        plural(searched)
    );
    if skipped > 0 {
        summary.push_str(&format!(
            "; skipped {skipped} secret{} whose values your grants do not let you read",
            plural(skipped)
        ));
    }
    ctx.notice(&summary);
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The pattern: the argument, else (`-` or none) stdin less one trailing
/// newline, or a hidden prompt at a terminal.
fn read_pattern(arg: Option<&str>) -> Result<Zeroizing<String>> {
    let text = match arg {
        Some(p) if p != "-" => Zeroizing::new(p.to_string()),
        _ if std::io::stdin().is_terminal() => Zeroizing::new(
            crate::unlock::prompt("Pattern (hidden): ")?
                .expose_secret()
                .to_string(),
        ),
        _ => {
            let mut text = super::input::read_text(None, MAX_VALUE_BYTES + 2, "pattern")?;
            if text.ends_with('\n') {
                text.pop();
                if text.ends_with('\r') {
                    text.pop();
                }
            }
            text
        }
    };
    if text.is_empty() {
        return Err(Error::usage("the pattern is empty"));
    }
    Ok(text)
}

/// Fixed text (lower-cased when case does not matter), or a regex.
enum Matcher {
    Fixed(Zeroizing<String>, bool),
    Regex(regex_lite::Regex),
}

impl Matcher {
    fn is_match(&self, value: &str) -> bool {
        match self {
            Matcher::Fixed(text, false) => value.contains(text.as_str()),
            Matcher::Fixed(text, true) => {
                Zeroizing::new(value.to_lowercase()).contains(text.as_str())
            }
            Matcher::Regex(re) => re.is_match(value),
        }
    }
}

fn build(pattern: &str, fixed: bool, ignore_case: bool) -> Result<Matcher> {
    if fixed {
        let text = if ignore_case {
            pattern.to_lowercase()
        } else {
            pattern.to_string()
        };
        return Ok(Matcher::Fixed(Zeroizing::new(text), ignore_case));
    }
    regex_lite::RegexBuilder::new(pattern)
        .case_insensitive(ignore_case)
        .size_limit(64 << 20)
        .build()
        .map(Matcher::Regex)
        // The parser's message quotes the pattern, which may be a secret.
        .map_err(|_| {
            Error::usage_hint(
                "the pattern is not a valid regular expression",
                "to search for it as fixed text, pass -F",
            )
        })
}
