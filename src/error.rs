//! The one error type of sesame, and the exit codes of the spec (§4).
//!
//! Messages are lower case, quote paths and IDs, and never contain a secret
//! value: variants carry IDs, paths and reasons, never plaintext. Decryption
//! failures stay coarse on purpose (which check failed is not said).

use std::path::PathBuf;

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

fn is_disk_full(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::StorageFull
            | std::io::ErrorKind::FileTooLarge
            | std::io::ErrorKind::QuotaExceeded
    )
}
