//! `sesame inject`: fill `{{ sesame://ID[#field] }}` in a template.
//!
//! Every reference is resolved before anything is written, so a missing
//! secret leaves no half-written output. Other `{{ … }}` text passes
//! through untouched.

use std::path::Path;

use zeroize::Zeroizing;

use crate::cli::InjectArgs;
use crate::error::Result;
use crate::id::FieldRef;
use crate::template::{Piece, parse};
use crate::vault::store;
use crate::{envvars, output};

use super::Context;

/// The largest template read.
const MAX_TEMPLATE: usize = 16 * 1024 * 1024;

/// Reads the template, resolves every reference, then writes the result.
pub fn run(ctx: &Context, args: &InjectArgs) -> Result<()> {
    let template = super::input::read_text(args.input.as_deref(), MAX_TEMPLATE, "template")?;
    let pieces = parse(&template, ctx.default_owner.as_ref())?;
    let refs: Vec<&FieldRef> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Ref(r) => Some(r),
            Piece::Text(_) => None,
        })
        .collect();
    // A template without references needs no vault (and no passphrase).
    let mut vault = if refs.is_empty() {
        None
    } else {
        Some(ctx.open()?)
    };
    let mut out = Zeroizing::new(String::with_capacity(template.len()));
    for piece in &pieces {
        match (piece, vault.as_mut()) {
            (Piece::Text(t), _) => out.push_str(t),
            (Piece::Ref(r), Some(v)) => {
                out.push_str(ctx.hinting(v, |v| envvars::resolve(v, r))?.expose_secret());
            }
            (Piece::Ref(_), None) => unreachable!("the vault is open when there are references"),
        }
    }
    match &args.output {
        Some(path) => write_output(path, out.as_bytes())?,
        None => output::print(&out)?,
    }
    if let Some(v) = vault {
        let read: Vec<_> = refs.iter().map(|r| r.id.clone()).collect();
        v.record_reads(&read);
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically with mode 0600.
fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(store::write_file_atomic(path, bytes)?)
}
