//! "Did you mean": up to three IDs near one that was not found, as a
//! `hint:` under the error (issue 15).
//!
//! Candidates come only from [`Vault::list`], the listing `sesame list`
//! shows, so a member is never offered an ID from a scope they cannot see
//! (when format 2's roles filter that listing, this inherits the filter).
//! Nearness is an edit distance (with transpositions) per `/` segment,
//! ignoring case; an ID is close when every segment is close and the
//! whole is. Nothing close, no hint.

use crate::error::{Error, Result};
use crate::id::{Owner, OwnerType, Prefix};
use crate::vault::{Unlock, Vault};

use super::Context;

/// How many IDs a hint names at most.
const MAX_SUGGESTIONS: usize = 3;
/// The most edits in all that still count as close.
const MAX_TOTAL: usize = 3;

/// `err` with a "did you mean" hint when it is a secret (or selector) that
/// was not found and `vault` holds something close to it; `err` as it is
/// otherwise.
pub fn did_you_mean(vault: &mut Vault, default_owner: Option<&Owner>, err: Error) -> Error {
    let (typed, whole_ids) = match &err {
        Error::SecretNotFound { id } => (id.clone(), true),
        Error::NothingMatches { selector } => {
            match Prefix::parse_with_default(selector, default_owner) {
                Ok(prefix) => (prefix.to_string(), false),
                Err(_) => return err,
            }
        }
        _ => return err,
    };
    let near = nearest(vault, &typed, whole_ids);
    with_hint(err, &near)
}

/// For an ID whose first segment is not an owner type but nearly is
/// (`projet/atlas/…`, exit 2): the IDs near it, from the vault opened
/// without any prompt (a session or a configured passphrase source), or,
/// when it cannot be opened so, the owner type it was probably meant to be.
pub fn owner_type_typo(ctx: &Context, arg: &str, err: Error) -> Error {
    let id = arg.split('#').next().unwrap_or(arg);
    let first = id.split('/').next().unwrap_or("");
    if OwnerType::from_word(first).is_some() || !matches!(err, Error::Usage { .. }) {
        return err;
    }
    let Some(meant) = OwnerType::ALL
        .into_iter()
        .find(|t| close(first, t.as_str()).is_some())
    else {
        return err;
    };
    let sources = ctx.sources.clone();
    let fallback = Unlock::Deferred(Box::new(move || Ok(sources.passphrase_without_prompt()?)));
    let quiet = match std::env::var("SESAME_SESSION") {
        Ok(token) if !token.trim().is_empty() => Unlock::Session {
            token: token.into(),
            fallback: Box::new(fallback),
            warn: Box::new(|_| {}),
        },
        _ => fallback,
    };
    let options = crate::vault::OpenOptions {
        warn: |_| {},
        confirm_kdf_growth: |_| false,
        ..ctx.options.clone()
    };
    match Vault::open(&ctx.vault, quiet, &options) {
        Ok(mut vault) => {
            let near = nearest(&mut vault, id, true);
            with_hint(err, &near)
        }
        Err(_) => Error::WithHints {
            error: Box::new(err),
            hints: vec![format!(
                "{first:?} is not an owner type; did you mean `{}`?",
                meant.as_str()
            )],
        },
    }
}

fn with_hint(err: Error, near: &[String]) -> Error {
    let list = match near {
        [] => return err,
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    Error::WithHints {
        error: Box::new(err),
        hints: vec![format!("did you mean {list}?")],
    }
}

/// Up to [`MAX_SUGGESTIONS`] IDs (or, unless `whole_ids`, prefixes of IDs
/// with as many segments as `typed`) close to `typed`, nearest first.
fn nearest(vault: &mut Vault, typed: &str, whole_ids: bool) -> Vec<String> {
    let Ok(settings) = vault.list(&Prefix::all(), None, false) else {
        return Vec::new();
    };
    let typed_segments: Vec<&str> = typed.split('/').collect();
    let mut scored: Vec<(usize, usize, String)> = Vec::new();
    for setting in settings {
        let id = setting.info.id.to_string();
        let segments: Vec<&str> = id.split('/').collect();
        if segments.len() < typed_segments.len()
            || (whole_ids && segments.len() != typed_segments.len())
        {
            continue;
        }
        let candidate = segments[..typed_segments.len()].join("/");
        if candidate == typed || scored.iter().any(|(_, _, c)| *c == candidate) {
            continue;
        }
        if let Some(score) = close(typed, &candidate) {
            // Case-only differences first, then fewest exact edits.
            scored.push((score, edits(typed, &candidate), candidate));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, c)| c)
        .collect()
}

/// The distance between `typed` and `candidate`, ignoring case, when every
/// segment is close (a third of its length, at least one edit from three
/// characters on) and the whole is ([`MAX_TOTAL`]); `None` otherwise.
fn close(typed: &str, candidate: &str) -> Option<usize> {
    let a: Vec<&str> = typed.split('/').collect();
    let b: Vec<&str> = candidate.split('/').collect();
    if a.len() != b.len() {
        return None;
    }
    let mut total = 0;
    for (x, y) in a.iter().zip(&b) {
        let d = distance(&x.to_lowercase(), &y.to_lowercase());
        let len = x.chars().count().max(y.chars().count());
        let allowed = if len >= 3 { (len / 3).max(1) } else { 0 };
        if d > allowed {
            return None;
        }
        total += d;
    }
    (total <= MAX_TOTAL).then_some(total)
}

/// The case-sensitive distance, to order candidates equally close.
fn edits(a: &str, b: &str) -> usize {
    distance(a, b)
}

/// Optimal string alignment distance: insertions, deletions,
/// substitutions and transpositions of neighbours, one edit each.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The result of `attempt`, with a "did you mean" hint on a not-found
/// error.
pub fn hinting<T, E: Into<Error>>(
    vault: &mut Vault,
    default_owner: Option<&Owner>,
    attempt: impl FnOnce(&mut Vault) -> Result<T, E>,
) -> Result<T> {
    attempt(vault).map_err(|e| did_you_mean(vault, default_owner, e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_transpositions_as_one_edit() {
        assert_eq!(distance("api-kye", "api-key"), 1);
        assert_eq!(distance("alise", "alice"), 1);
        assert_eq!(distance("secrets", "secret"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn close_ignores_case_and_needs_every_segment_close() {
        assert_eq!(close("a/Api-key", "a/api-key"), Some(0));
        assert_eq!(close("projet/x/abc", "project/x/abc"), Some(1));
        assert_eq!(close("a/db", "a/id"), None);
        assert_eq!(close("a/b", "a/b/c"), None);
        assert_eq!(
            close(
                "project/atlas/secret/Custom/zzzzzz",
                "project/atlas/secret/Custom/db-password"
            ),
            None
        );
    }
}
