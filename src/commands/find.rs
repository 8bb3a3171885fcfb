//! `sesame find`: search secret IDs and descriptions, never values.
//!
//! Works from the listing alone (`Vault::list` without decrypting), so it
//! decrypts nothing and shows only what `list` would show to the same
//! member.

use crate::cli::FindArgs;
use crate::error::{Error, Result};
use crate::id::Prefix;

use super::Context;

/// Prints the secrets whose ID or description matches the pattern.
pub fn run(ctx: &Context, args: &FindArgs) -> Result<()> {
    if args.pattern.is_empty() {
        return Err(Error::usage_hint(
            "the pattern is empty",
            "to see every secret, run `sesame list`",
        ));
    }
    let pattern = Pattern::new(&args.pattern);
    let mut vault = ctx.open()?;
    let settings: Vec<_> = vault
        .list(&Prefix::all(), args.kind, false)?
        .into_iter()
        .filter(|s| {
            pattern.matches(&s.info.id.to_string())
                || pattern.matches(s.info.id.name())
                || s.info
                    .description
                    .as_deref()
                    .is_some_and(|d| pattern.matches(d))
        })
        .collect();
    super::list::print_settings(&mut vault, &settings, args.format, false)
}

/// A case-insensitive glob (when the text has `*`, `?` or `[`) or
/// substring.
#[derive(Debug)]
pub struct Pattern {
    text: Vec<char>,
    glob: bool,
}

impl Pattern {
    /// Parses `pattern`.
    pub fn new(pattern: &str) -> Pattern {
        Pattern {
            text: fold(pattern),
            glob: pattern.contains(['*', '?', '[']),
        }
    }

    /// Whether `haystack` matches: a glob must match all of it, a
    /// substring any part of it.
    pub fn matches(&self, haystack: &str) -> bool {
        let hay = fold(haystack);
        if self.glob {
            glob_match(&self.text, &hay)
        } else {
            hay.windows(self.text.len())
                .any(|w| w == self.text.as_slice())
        }
    }
}

fn fold(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// `*` any run of characters (`/` included), `?` one character, `[abc]`,
/// `[a-z]` and `[!abc]` one of (or none of) a set. An unclosed `[` is
/// itself. Linear backtracking on the last `*`: no exponential blow-up.
fn glob_match(pat: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let step = match pat.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some('?') => Some(1),
            Some('[') => match class(&pat[p..], text[t]) {
                Some((true, len)) => Some(len),
                Some((false, _)) => None,
                None if text[t] == '[' => Some(1),
                None => None,
            },
            Some(c) if *c == text[t] => Some(1),
            _ => None,
        };
        match step {
            Some(len) => {
                p += len;
                t += 1;
            }
            None => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pat[p..].iter().all(|c| *c == '*')
}

/// Matches `c` against the class at the start of `pat` (`[...]`):
/// whether it matched and the class's length, or `None` when unclosed.
fn class(pat: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(pat.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let start = i;
    let mut hit = false;
    while let Some(&x) = pat.get(i) {
        if x == ']' && i > start {
            return Some((hit != negate, i + 1));
        }
        if pat.get(i + 1) == Some(&'-') && pat.get(i + 2).is_some_and(|e| *e != ']') {
            hit |= (x..=pat[i + 2]).contains(&c);
            i += 3;
        } else {
            hit |= x == c;
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn globs_and_substrings() {
        let m = |p: &str, t: &str| Pattern::new(p).matches(t);
        assert!(m("prod", "project/atlas/connect/S3/PROD-bucket"));
        assert!(!m("prod", "project/atlas/secret/Custom/dev"));
        assert!(m("*/s3/*", "project/atlas/connect/S3/x"));
        assert!(!m("s3/*", "project/atlas/connect/S3/x"));
        assert!(m("db-?", "DB-1"));
        assert!(m("key-[0-9]", "key-7"));
        assert!(!m("key-[!0-9]", "key-7"));
        assert!(m("a[b", "a[b"));
        assert!(m("*a*a*a*a*a*b", &format!("{}b", "a".repeat(30))));
        assert!(!m("*a*a*a*a*a*b", &"a".repeat(3000)));
    }
}
