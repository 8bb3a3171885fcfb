//! The command line's error type, and the exit codes of the spec (§4).
//!
//! The vault library has its own, coarser type ([`crate::vault::Error`]:
//! what failed, never how a shell user would fix it); `From` below maps
//! each of its kinds to the variant of the same name, its exit code, and
//! hints that name sesame's commands.
//!
//! Messages are lower case, quote paths and IDs, and never contain a secret
//! value: variants carry IDs, paths and reasons, never plaintext. Decryption
//! failures stay coarse on purpose (which check failed is not said).

use std::path::PathBuf;

use crate::vault;
use crate::vault::error::Advice;
use crate::vault::keys::session::Unusable;

/// Everything that can go wrong, named after what failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or input (exit 2).
    #[error("{message}")]
    Usage {
        /// What was wrong.
        message: String,
        /// What to do about it, if anything.
        hint: Option<String>,
    },
    /// A malformed secret ID (exit 2).
    #[error("invalid secret ID {id:?}: {rule}")]
    InvalidId {
        /// The offending ID, with control characters escaped.
        id: String,
        /// The rule it breaks.
        rule: String,
    },
    /// The config file is bad (exit 2).
    #[error("config file '{path}': {message}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the key and line.
        message: String,
    },
    /// No vault at the path (exit 3).
    #[error("no vault at '{path}'")]
    VaultNotFound {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// No such secret (exit 3).
    #[error("no secret {id:?}")]
    SecretNotFound {
        /// The ID.
        id: String,
    },
    /// No such version of a secret (exit 3).
    #[error("secret {id:?} has no version {version}")]
    VersionNotFound {
        /// The ID.
        id: String,
        /// The version asked for.
        version: u32,
        /// The versions kept, oldest and newest.
        kept: (u32, u32),
    },
    /// No such field in a secret (exit 3).
    #[error("secret {id:?} has no field {field:?}")]
    FieldNotFound {
        /// The ID.
        id: String,
        /// The field asked for.
        field: String,
    },
    /// An optional field the secret does not set (exit 3).
    #[error("secret {id:?} does not set its optional field {field:?}")]
    FieldUnset {
        /// The ID.
        id: String,
        /// The field asked for.
        field: String,
    },
    /// No member of that name (exit 3).
    #[error("no member called {name:?} in this vault")]
    MemberNotFound {
        /// The name asked for.
        name: String,
    },
    /// Nothing matched a selector or prefix where something must (exit 3).
    #[error("no secret matches {selector:?}")]
    NothingMatches {
        /// The selector.
        selector: String,
    },
    /// A file that was asked for does not exist (exit 3).
    #[error("no file '{path}'")]
    FileNotFound {
        /// The path.
        path: PathBuf,
    },
    /// The secret exists already (exit 4).
    #[error("secret {id:?} already exists")]
    SecretExists {
        /// The ID.
        id: String,
    },
    /// `init` would overwrite a vault (exit 4).
    #[error("a vault already exists at '{path}'")]
    VaultExists {
        /// The path.
        path: PathBuf,
    },
    /// Any other conflict (exit 4).
    #[error("{message}")]
    Conflict {
        /// What collides.
        message: String,
    },
    /// A selected secret would set, by the naming rules alone, a variable
    /// on the deny list of `envvars` (exit 4).
    #[error("{id} would set the variable {name}, which changes what programs run or load")]
    DeniedVariable {
        /// The secret.
        id: String,
        /// The variable its name maps to.
        name: String,
    },
    /// The vault could not be unlocked (exit 5).
    #[error("{message}")]
    Unlock {
        /// Why, without any secret.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// The member's grants do not allow this (exit 11).
    #[error("not permitted by your grants on {scope}")]
    NotPermitted {
        /// The owner scope (`project/atlas`).
        scope: String,
    },
    /// The vault file is damaged or was changed outside sesame (exit 6).
    #[error("the vault '{path}' is damaged or was modified outside sesame ({reason})")]
    Damaged {
        /// The vault.
        path: PathBuf,
        /// A coarse reason that helps no attacker.
        reason: &'static str,
    },
    /// The write lock could not be taken in time (exit 7).
    #[error("the vault '{path}' is busy: another sesame holds its lock")]
    Busy {
        /// The vault.
        path: PathBuf,
    },
    /// The vault is older than one seen before (exit 8).
    #[error(
        "the vault '{path}' is older than one already opened here (generation {found} < {seen})"
    )]
    Rollback {
        /// The vault.
        path: PathBuf,
        /// Its generation.
        found: u64,
        /// The highest generation seen.
        seen: u64,
    },
    /// A format-2 vault lacks changes this checkout has seen (exit 8).
    #[error("the vault '{path}' lacks {missing} change(s) already seen here: it is an older copy")]
    RecordsMissing {
        /// The vault.
        path: PathBuf,
        /// How many records are missing.
        missing: u64,
    },
    /// KDF parameters outside the allowed bounds (exit 9).
    #[error("KDF parameters refused: {message}")]
    KdfPolicy {
        /// Which parameter and the bound.
        message: String,
    },
    /// `audit` listed secrets that need attention (exit 10). Not a failure:
    /// the listing is the output, and nothing more is printed.
    #[error("audit found {count} secrets that need attention")]
    AuditFound {
        /// How many.
        count: usize,
    },
    /// `run`'s command was not found (exit 127, as shells do).
    #[error("cannot run {program:?}: command not found")]
    CommandNotFound {
        /// The command, as given.
        program: String,
    },
    /// `run`'s command exists but cannot be executed (exit 126, as shells
    /// do).
    #[error("cannot run {program:?}: {reason}")]
    CommandNotExecutable {
        /// The command, as given.
        program: String,
        /// Why (the OS error).
        reason: String,
    },
    /// An I/O error on a named file (exit 1).
    #[error("{action} '{path}': {source}")]
    Io {
        /// What was being done (e.g. "cannot write").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// An error with advice added by the command that met it: the error's
    /// own message and exit code, its hints and then these.
    #[error("{error}")]
    WithHints {
        /// The error.
        error: Box<Error>,
        /// The advice added.
        hints: Vec<String>,
    },
    /// `get --clip` found no clipboard tool (exit 1).
    #[error(
        "no clipboard tool: found none of wl-copy (with WAYLAND_DISPLAY), xclip or xsel (with DISPLAY), pbcopy"
    )]
    NoClipboard,
    /// Any other failure (exit 1).
    #[error("{message}")]
    Other {
        /// What failed.
        message: String,
    },
}

/// sesame's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The process exit code for this error, as in the spec's table.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { .. } | Error::Other { .. } | Error::NoClipboard => 1,
            Error::Usage { .. } | Error::InvalidId { .. } | Error::Config { .. } => 2,
            Error::VaultNotFound { .. }
            | Error::SecretNotFound { .. }
            | Error::VersionNotFound { .. }
            | Error::FieldNotFound { .. }
            | Error::FieldUnset { .. }
            | Error::NothingMatches { .. }
            | Error::FileNotFound { .. }
            | Error::MemberNotFound { .. } => 3,
            Error::SecretExists { .. }
            | Error::VaultExists { .. }
            | Error::Conflict { .. }
            | Error::DeniedVariable { .. } => 4,
            Error::Unlock { .. } => 5,
            Error::Damaged { .. } => 6,
            Error::NotPermitted { .. } => 11,
            Error::Busy { .. } => 7,
            Error::Rollback { .. } | Error::RecordsMissing { .. } => 8,
            Error::KdfPolicy { .. } => 9,
            Error::AuditFound { .. } => 10,
            Error::WithHints { error, .. } => error.exit_code(),
            Error::CommandNotFound { .. } => 127,
            Error::CommandNotExecutable { .. } => 126,
        }
    }

    /// Lines of advice printed under the error as `hint: …`.
    pub fn hints(&self) -> Vec<String> {
        match self {
            Error::Usage { hint, .. } | Error::Unlock { hint, .. } => hint.iter().cloned().collect(),
            Error::WithHints { error, hints } => {
                error.hints().into_iter().chain(hints.iter().cloned()).collect()
            }
            Error::VaultNotFound { .. } => vec![
                "run `sesame init` to create one, or point --vault / SESAME_VAULT at an existing vault"
                    .into(),
            ],
            Error::VersionNotFound { kept, .. } if kept.0 == kept.1 => {
                vec![format!("only version {} is kept", kept.0)]
            }
            Error::VersionNotFound { kept, .. } => {
                vec![format!("versions {} to {} are kept", kept.0, kept.1)]
            }
            Error::FieldUnset { id, field } => vec![format!(
                "set it with `sesame rotate {id} --field {field}=…`"
            )],
            Error::SecretExists { .. } => {
                vec!["use `--force` to store a new version, or `sesame rotate`".into()]
            }
            Error::DeniedVariable { id, name } => vec![format!(
                "to set it anyway, name it explicitly: --map {name}=sesame://{id}"
            )],
            Error::Busy { .. } => vec![
                "wait for the other command to finish, or raise SESAME_LOCK_TIMEOUT (seconds)"
                    .into(),
            ],
            Error::Rollback { .. } | Error::RecordsMissing { .. } => vec![
                "if you restored this copy on purpose, pass --allow-rollback".into(),
            ],
            Error::Damaged { .. } => {
                vec!["restore the vault from a backup; no value was read from this file".into()]
            }
            Error::NoClipboard => vec![
                "install wl-clipboard (Wayland), xclip or xsel (X11); or print the value with `sesame get` instead"
                    .into(),
            ],
            Error::Io { source, .. } if is_disk_full(source) => {
                vec!["the disk or your file size limit is full; the vault was left as it was".into()]
            }
            _ => Vec::new(),
        }
    }

    /// A usage error without a hint.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// A usage error with a hint.
    pub fn usage_hint(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// The vault library's errors, with the exit code and advice of the
/// command line: each kind becomes the variant with the same name, and the
/// library's [`Advice`] becomes a hint naming the command that helps.
impl From<vault::Error> for Error {
    fn from(e: vault::Error) -> Error {
        use vault::Error as V;
        match e {
            V::Invalid { message, advice } => Error::Usage {
                message,
                hint: advice.map(advice_hint),
            },
            V::InvalidId { id, rule } => Error::InvalidId { id, rule },
            V::VaultNotFound { path } => Error::VaultNotFound { path },
            V::SecretNotFound { id } => Error::SecretNotFound { id },
            V::VersionNotFound { id, version, kept } => {
                Error::VersionNotFound { id, version, kept }
            }
            V::MemberNotFound { name } => Error::MemberNotFound { name },
            V::SecretExists { id } => Error::SecretExists { id },
            V::VaultExists { path } => Error::VaultExists { path },
            V::Conflict { message } => Error::Conflict { message },
            V::Unlock { message, advice } => Error::Unlock {
                message,
                hint: advice.map(advice_hint),
            },
            V::SessionUnusable { why, fallback } => match Error::from(*fallback) {
                Error::Unlock { message, hint } => Error::Unlock {
                    message: format!(
                        "{message} (and the session in SESAME_SESSION is not usable: {})",
                        session_reason(&why)
                    ),
                    hint: hint.or_else(|| {
                        Some("run `eval \"$(sesame unlock)\"` to start a new session".into())
                    }),
                },
                other => other,
            },
            V::NotPermitted { scope } => Error::NotPermitted { scope },
            V::Damaged { path, reason } => Error::Damaged { path, reason },
            V::Busy { path } => Error::Busy { path },
            V::Rollback { path, found, seen } => Error::Rollback { path, found, seen },
            V::RecordsMissing { path, missing } => Error::RecordsMissing { path, missing },
            V::KdfPolicy { message } => Error::KdfPolicy { message },
            V::Io {
                action,
                path,
                source,
            } => Error::Io {
                action,
                path,
                source,
            },
            V::Outside(e) => match e.downcast::<Error>() {
                Ok(ours) => *ours,
                Err(other) => Error::Other {
                    message: other.to_string(),
                },
            },
            V::Other { message } => Error::Other { message },
        }
    }
}

/// This crate's errors met inside the vault (an ID that does not parse, a
/// deferred passphrase source that failed) go through it untouched and come
/// back out as they went in.
impl From<Error> for vault::Error {
    fn from(e: Error) -> vault::Error {
        vault::Error::Outside(Box::new(e))
    }
}

/// Why a session is not usable, in the command line's words (naming the
/// commands that end sessions).
pub fn session_reason(why: &Unusable) -> String {
    match why {
        Unusable::Ended(_) => "invalid: it was ended by `sesame lock` or `sesame passwd`".into(),
        Unusable::Gone => "invalid: its session file is gone (ended by `sesame lock` or `sesame passwd`, or made on another machine)".into(),
        other => other.to_string(),
    }
}

/// The words for what the vault says would help.
fn advice_hint(advice: Advice) -> String {
    match advice {
        Advice::FullId => "write the full ID (`project/atlas/...`), or set --owner, SESAME_OWNER or default_owner in the config",
        Advice::FullPrefix => "write the full prefix (`project/atlas`), or set --owner, SESAME_OWNER or default_owner",
        Advice::FieldsOf(kind) => {
            return format!(
                "its fields are: {}",
                crate::secret_type::field_names(kind)
            );
        }
        Advice::AllowEmpty => "pass --allow-empty to store an empty value",
        Advice::ListMembers => "`sesame member list` shows the members",
        Advice::ListSlots => "`sesame whoami` lists your slots",
        Advice::LongerFingerprint => "give more of the fingerprint `sesame whoami` shows",
        Advice::UpgradeWithPassphrase => "run `sesame upgrade` without SESAME_SESSION set",
        Advice::Upgrade => {
            "run `sesame upgrade` to convert it (the format-1 file is kept as a backup)"
        }
    }
    .to_string()
}

fn is_disk_full(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::StorageFull
            | std::io::ErrorKind::FileTooLarge
            | std::io::ErrorKind::QuotaExceeded
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Each kind of the vault's errors keeps its message and gets the exit
    /// code of the spec's table (§4).
    #[test]
    fn each_vault_error_kind_has_its_exit_code_and_message() {
        use vault::Error as V;
        let path = PathBuf::from("/v.sesame");
        let cases: Vec<(V, u8)> = vec![
            (V::invalid("bad"), 2),
            (V::VaultNotFound { path: path.clone() }, 3),
            (
                V::SecretNotFound {
                    id: "user/u/x".into(),
                },
                3,
            ),
            (
                V::VersionNotFound {
                    id: "user/u/x".into(),
                    version: 9,
                    kept: (1, 2),
                },
                3,
            ),
            (V::MemberNotFound { name: "bob".into() }, 3),
            (
                V::SecretExists {
                    id: "user/u/x".into(),
                },
                4,
            ),
            (V::VaultExists { path: path.clone() }, 4),
            (
                V::Conflict {
                    message: "c".into(),
                },
                4,
            ),
            (
                V::Unlock {
                    message: "u".into(),
                    advice: None,
                },
                5,
            ),
            (
                V::Damaged {
                    path: path.clone(),
                    reason: "r",
                },
                6,
            ),
            (V::Busy { path: path.clone() }, 7),
            (
                V::Rollback {
                    path: path.clone(),
                    found: 1,
                    seen: 2,
                },
                8,
            ),
            (
                V::RecordsMissing {
                    path: path.clone(),
                    missing: 3,
                },
                8,
            ),
            (
                V::KdfPolicy {
                    message: "k".into(),
                },
                9,
            ),
            (
                V::NotPermitted {
                    scope: "project/a".into(),
                },
                11,
            ),
            (
                V::io("cannot read", &path, std::io::Error::other("gone")),
                1,
            ),
            (
                V::Other {
                    message: "o".into(),
                },
                1,
            ),
        ];
        for (e, code) in cases {
            let message = e.to_string();
            let ours = Error::from(e);
            assert_eq!(ours.exit_code(), code, "{ours}");
            assert_eq!(ours.to_string(), message);
        }
    }

    /// The vault's advice names no command; the binary's hint for each
    /// does (or the flag), and the message itself is the vault's,
    /// unchanged.
    #[test]
    fn the_vault_s_advice_becomes_a_hint_that_names_the_command() {
        let cases = [
            (Advice::ListMembers, "`sesame member list`"),
            (Advice::ListSlots, "`sesame whoami`"),
            (Advice::LongerFingerprint, "`sesame whoami`"),
            (
                Advice::UpgradeWithPassphrase,
                "`sesame upgrade` without SESAME_SESSION",
            ),
            (Advice::Upgrade, "`sesame upgrade`"),
            (Advice::FullId, "set --owner, SESAME_OWNER or default_owner"),
            (
                Advice::FullPrefix,
                "set --owner, SESAME_OWNER or default_owner",
            ),
            (
                Advice::FieldsOf(crate::secret_type::SecretType::S3),
                "its fields are: access_key_id, secret_access_key, ",
            ),
            (Advice::AllowEmpty, "pass --allow-empty"),
        ];
        for (advice, command) in cases {
            for e in [
                vault::Error::invalid_advice("the message", advice),
                vault::Error::Unlock {
                    message: "the message".into(),
                    advice: Some(advice),
                },
            ] {
                assert_eq!(e.to_string(), "the message");
                let ours = Error::from(e);
                assert_eq!(ours.to_string(), "the message");
                let hints = ours.hints();
                assert_eq!(hints.len(), 1, "{hints:?}");
                assert!(hints[0].contains(command), "{advice:?}: {hints:?}");
            }
        }
    }

    /// This crate's own error, met inside the vault (a passphrase source
    /// that failed, an ID that did not parse), comes back out as it went
    /// in: message, hint and exit code.
    #[test]
    fn an_error_that_went_through_the_vault_comes_back_unchanged() {
        let before = Error::usage_hint("the two passphrases differed", "type them again");
        let (message, hints, code) = (before.to_string(), before.hints(), before.exit_code());
        let through: vault::Error = before.into();
        assert!(matches!(through, vault::Error::Outside(_)));
        assert_eq!(through.to_string(), message);
        let after = Error::from(through);
        assert_eq!(
            (after.to_string(), after.hints(), after.exit_code()),
            (message, hints, code)
        );
    }

    /// A session that is not usable: an unlock failure behind it says both
    /// and keeps its own hint, else gets the one for a session; any other
    /// failure (a damaged file) is reported as itself.
    #[test]
    fn an_unusable_session_adds_itself_to_an_unlock_failure_only() {
        let unusable = |fallback: vault::Error| vault::Error::SessionUnusable {
            why: Unusable::Gone,
            fallback: Box::new(fallback),
        };
        let plain = Error::from(unusable(vault::Error::Unlock {
            message: "wrong passphrase".into(),
            advice: None,
        }));
        assert_eq!(plain.exit_code(), 5);
        assert_eq!(
            plain.to_string(),
            "wrong passphrase (and the session in SESAME_SESSION is not usable: invalid: its session file is gone (ended by `sesame lock` or `sesame passwd`, or made on another machine))"
        );
        assert_eq!(
            plain.hints(),
            ["run `eval \"$(sesame unlock)\"` to start a new session"]
        );
        let sourced = Error::from(unusable(vault::Error::from(Error::Unlock {
            message: "no passphrase source".into(),
            hint: Some("configure one".into()),
        })));
        assert_eq!(sourced.hints(), ["configure one"]);
        assert!(sourced.to_string().starts_with("no passphrase source (and"));
        let damaged = Error::from(unusable(vault::Error::Damaged {
            path: PathBuf::from("/v"),
            reason: "bad header",
        }));
        assert_eq!(damaged.exit_code(), 6);
        assert!(!damaged.to_string().contains("session"), "{damaged}");
    }

    /// The library prints nothing and words no command line: no code line
    /// in `src/vault` or the parsers it is built on names a `sesame`
    /// command, a flag, an environment variable of the CLI, a `sesame:`
    /// prefix, or prints to the terminal (its warnings go to
    /// `OpenOptions::warn`), and none of it uses the CLI's error type.
    #[test]
    fn the_vault_library_prints_nothing_and_names_no_command() {
        fn walk(path: &Path, found: &mut Vec<String>) {
            if path.is_dir() {
                for entry in std::fs::read_dir(path).unwrap() {
                    walk(&entry.unwrap().path(), found);
                }
                return;
            }
            let name = path.file_name().unwrap().to_string_lossy();
            if !name.ends_with(".rs") || name == "tests.rs" {
                return;
            }
            let text = std::fs::read_to_string(path).unwrap();
            // The unit tests at the end of a file may say anything.
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
            for (n, line) in code.lines().enumerate() {
                let line = line.trim_start();
                if line.starts_with("//") {
                    continue;
                }
                let bad = [
                    "`sesame ",
                    "sesame: ",
                    "eprint",
                    "println!",
                    "print!(",
                    "crate::error",
                    "crate::Error",
                    "crate::Result",
                ];
                // A flag (`--name`) or a variable in a string; the two
                // variables the library reads itself are its own.
                let flag = line.split('"').skip(1).step_by(2).any(|text| {
                    let flag = text
                        .match_indices("--")
                        .any(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
                    let own = ["SESAME_LOCK_TIMEOUT", "SESAME_FAILPOINT"];
                    flag || (text.contains("SESAME_") && !own.iter().any(|v| text.contains(v)))
                });
                if flag || bad.iter().any(|b| line.contains(b)) {
                    found.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        for part in [
            "vault",
            "id.rs",
            "secret_type.rs",
            "secret.rs",
            "duration.rs",
            "text.rs",
        ] {
            walk(&src.join(part), &mut found);
        }
        assert!(found.is_empty(), "{found:#?}");
    }
}
