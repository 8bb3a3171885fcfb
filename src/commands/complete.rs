//! `sesame __complete WORD`: candidate completions of a secret ID, for the
//! completion scripts. Only with a usable session; never prompts, never
//! fails loudly (a completion must not print errors into the prompt).

use std::collections::BTreeSet;

use crate::cli::CompleteArgs;
use crate::error::Result;
use crate::id::{OwnerType, Prefix};
use crate::output;
use crate::vault::{Unlock, Vault};

use super::Context;

/// Prints each candidate on its own line: the next whole segment (with a
/// trailing `/` when more follow) or a whole ID.
pub fn run(ctx: &Context, args: &CompleteArgs) -> Result<()> {
    let Ok(token) = std::env::var("SESAME_SESSION") else {
        return Ok(());
    };
    let unlock = Unlock::Session {
        token: token.into(),
        fallback: Box::new(Unlock::Deferred(Box::new(|| {
            Err(crate::Error::Unlock {
                message: "no session".into(),
                hint: None,
            })
        }))),
        warn: Box::new(|_| {}),
    };
    // Completion never asks anything, not even about KDF parameters.
    let options = crate::vault::OpenOptions {
        confirm_kdf_growth: |_| false,
        ..ctx.options.clone()
    };
    let Ok(mut vault) = Vault::open(&ctx.vault, unlock, &options) else {
        return Ok(());
    };
    let text: String = candidates(&mut vault, &args.word)
        .into_iter()
        .map(|c| c + "\n")
        .collect();
    output::print(&text)
}

/// The completions of `word` among the vault's IDs.
pub fn candidates(vault: &mut Vault, word: &str) -> BTreeSet<String> {
    // Narrow to one owner's section when the word names a whole owner.
    let mut segments = word.split('/');
    let prefix = match (
        segments.next().and_then(OwnerType::from_word),
        segments.next(),
        segments.next(),
    ) {
        (Some(t), Some(id), Some(_)) => {
            Prefix::from_parts(Some(t), Some(id), None).unwrap_or_default()
        }
        _ => Prefix::all(),
    };
    let Ok(settings) = vault.list(&prefix, None, false) else {
        return BTreeSet::new();
    };
    settings
        .into_iter()
        .map(|s| s.info.id.to_string())
        .filter(|id| id.starts_with(word))
        .map(|id| match id[word.len()..].find('/') {
            Some(i) => id[..word.len() + i + 1].to_string(),
            None => id,
        })
        .collect()
}
