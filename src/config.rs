//! The TOML config file (`--config`, `SESAME_CONFIG`, default
//! `<config dir>/sesame/config.toml`).
//!
//! Every problem is reported with the file, the key and the line, so a
//! typo never silently changes behaviour: unknown keys are errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::id::Owner;
use crate::vault::KdfParams;

/// The longest session a config may ask for.
pub const MAX_SESSION_TTL: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The parsed and validated config.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Where it was read from, if it existed.
    pub path: Option<PathBuf>,
    /// `vault`.
    pub vault: Option<PathBuf>,
    /// `default_owner`.
    pub default_owner: Option<Owner>,
    /// `history_limit`.
    pub history_limit: Option<usize>,
    /// `session_ttl`.
    pub session_ttl: Option<std::time::Duration>,
    /// `clip_timeout`: seconds before `get --clip` clears the clipboard.
    pub clip_timeout: Option<u64>,
    /// `[kdf]` for `init`.
    pub kdf: KdfConfig,
    /// `member`: which member's passphrase to try (format 2).
    pub member: Option<String>,
}

/// The longest `clip_timeout` accepted (a day), in seconds.
pub const MAX_CLIP_TIMEOUT: u64 = 24 * 3600;

/// The `[kdf]` table.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KdfConfig {
    /// `memory_mib`.
    pub memory_mib: Option<u32>,
    /// `iterations`.
    pub iterations: Option<u32>,
    /// `parallelism`.
    pub parallelism: Option<u32>,
}

impl KdfConfig {
    /// These settings over `base`.
    pub fn apply(&self, base: KdfParams) -> KdfParams {
        KdfParams {
            memory_mib: self.memory_mib.unwrap_or(base.memory_mib),
            iterations: self.iterations.unwrap_or(base.iterations),
            parallelism: self.parallelism.unwrap_or(base.parallelism),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    vault: Option<PathBuf>,
    default_owner: Option<Spanned<String>>,
    history_limit: Option<Spanned<i64>>,
    session_ttl: Option<Spanned<String>>,
    clip_timeout: Option<Spanned<i64>>,
    kdf: Option<KdfConfig>,
    member: Option<Spanned<String>>,
}

/// The default config path.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("sesame").join("config.toml"))
}

impl Config {
    /// Loads `explicit` (which must exist), else the default file if it
    /// exists, else an empty config.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match default_path() {
                Some(p) if p.exists() => p,
                _ => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Config {
            path: path.clone(),
            message: format!("cannot read it: {e}"),
        })?;
        Config::parse(&text, &path)
    }

    /// Parses config text; `path` is for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let err = |span: Option<std::ops::Range<usize>>, message: String| Error::Config {
            path: path.to_path_buf(),
            message: match span {
                Some(span) => format!("line {}: {message}", line_of(text, span.start)),
                None => message,
            },
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let message = match e.span().and_then(|span| key_at(text, span.start)) {
                Some(key) if !e.message().contains(&format!("`{key}`")) => {
                    format!("{key}: {}", e.message())
                }
                _ => e.message().to_string(),
            };
            err(e.span(), message)
        })?;
        let default_owner = match raw.default_owner {
            Some(s) => Some(
                s.get_ref()
                    .parse::<Owner>()
                    .map_err(|e| err(Some(s.span()), format!("default_owner: {e}")))?,
            ),
            None => None,
        };
        let history_limit = match raw.history_limit {
            Some(n) if (1..=10_000).contains(n.get_ref()) => Some(*n.get_ref() as usize),
            Some(n) => {
                return Err(err(
                    Some(n.span()),
                    "history_limit must be between 1 and 10000".into(),
                ));
            }
            None => None,
        };
        let session_ttl = match raw.session_ttl {
            Some(s) => {
                let ttl = crate::duration::parse(s.get_ref())
                    .map_err(|e| err(Some(s.span()), format!("session_ttl: {e}")))?;
                if ttl > MAX_SESSION_TTL {
                    return Err(err(Some(s.span()), "session_ttl is at most 24h".into()));
                }
                Some(ttl)
            }
            None => None,
        };
        let member = match raw.member {
            Some(m) => {
                crate::vault::check_member_name(m.get_ref())
                    .map_err(|e| err(Some(m.span()), format!("member: {e}")))?;
                Some(m.into_inner())
            }
            None => None,
        };
        let clip_timeout = match raw.clip_timeout {
            Some(n) if (0..=MAX_CLIP_TIMEOUT as i64).contains(n.get_ref()) => {
                Some(*n.get_ref() as u64)
            }
            Some(n) => {
                return Err(err(
                    Some(n.span()),
                    format!("clip_timeout must be between 0 and {MAX_CLIP_TIMEOUT} seconds"),
                ));
            }
            None => None,
        };
        Ok(Config {
            path: Some(path.to_path_buf()),
            clip_timeout,
            vault: raw.vault,
            default_owner,
            history_limit,
            session_ttl,
            kdf: raw.kdf.unwrap_or_default(),
            member,
        })
    }
}

/// The dotted key assigned on the line holding `offset` (`kdf.memory_mib`),
/// so that a type error names what was mistyped.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('[') {
        return None;
    }
    let table = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(['[', ']']).trim().to_string());
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Path::new("c.toml"))
    }

    #[test]
    fn reads_every_key() {
        let c = parse(
            "vault = \"/v\"\ndefault_owner = \"project/atlas\"\nhistory_limit = 3\nsession_ttl = \"1h\"\n[kdf]\nmemory_mib = 32\n",
        )
        .unwrap();
        assert_eq!(c.vault.as_deref(), Some(Path::new("/v")));
        assert_eq!(c.default_owner.unwrap().to_string(), "project/atlas");
        assert_eq!(c.history_limit, Some(3));
        assert_eq!(c.kdf.memory_mib, Some(32));
    }

    #[test]
    fn errors_name_file_key_and_line() {
        let e = parse("history_limit = 3\nbogus = 1\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("c.toml") && e.contains("bogus") && e.contains("line 2"),
            "{e}"
        );
        let e = parse("\n\ndefault_owner = \"team/x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("default_owner") && e.contains("line 3"), "{e}");
        let e = parse("history_limit = 0\n").unwrap_err().to_string();
        assert!(e.contains("history_limit") && e.contains("line 1"), "{e}");
        let e = parse("\nsession_ttl = \"25h\"\n").unwrap_err().to_string();
        assert!(e.contains("at most 24h") && e.contains("line 2"), "{e}");
        let e = parse("session_ttl = \"forever\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("session_ttl") && e.contains("line 1"), "{e}");
        let e = parse("[kdf]\n\nmemory_mib = \"lots\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("kdf.memory_mib") && e.contains("line 3"), "{e}");
        let e = parse("# c\nhistory_limit = \"ten\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("history_limit") && e.contains("line 2"), "{e}");
        let e = parse("[kdf]\nmemory = 3\n").unwrap_err().to_string();
        assert!(e.contains("memory") && e.contains("line 2"), "{e}");
    }
}
