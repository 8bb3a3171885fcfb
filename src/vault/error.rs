//! The vault library's own error type.
//!
//! The vault says what went wrong in kinds a caller can act on (not found,
//! already there, cannot unlock, damaged, busy, older than seen, not
//! permitted), never how the command line would put it: no exit codes, no
//! shell commands, no flags. The binary maps each kind to its exit code and
//! its advice in `crate::error` (`impl From<vault::Error> for crate::Error`);
//! where the library knows what would help, it names the situation as an
//! [`Advice`] and the binary chooses the words.
//!
//! The ID and secret-type parsers the vault is built on ([`crate::id`],
//! [`crate::secret_type`]) return it too.
//!
//! Messages are lower case, quote paths and IDs, and never contain a secret
//! value. Decryption failures stay coarse on purpose.

use std::path::PathBuf;

/// Everything that can go wrong in the vault, named after what failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller asked for something the vault refuses: a bad argument,
    /// name, value or combination.
    #[error("{message}")]
    Invalid {
        /// What was wrong.
        message: String,
        /// What would help, if the vault knows.
        advice: Option<Advice>,
    },
    /// A malformed secret ID or prefix.
    #[error("invalid secret ID {id:?}: {rule}")]
    InvalidId {
        /// The offending ID, with control characters escaped.
        id: String,
        /// The rule it breaks.
        rule: String,
    },
    /// No vault at the path.
    #[error("no vault at '{path}'")]
    VaultNotFound {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// No such secret.
    #[error("no secret {id:?}")]
    SecretNotFound {
        /// The ID.
        id: String,
    },
    /// No such version of a secret.
    #[error("secret {id:?} has no version {version}")]
    VersionNotFound {
        /// The ID.
        id: String,
        /// The version asked for.
        version: u32,
        /// The versions kept, oldest and newest.
        kept: (u32, u32),
    },
    /// No member of that name.
    #[error("no member called {name:?} in this vault")]
    MemberNotFound {
        /// The name asked for.
        name: String,
    },
    /// The secret exists already.
    #[error("secret {id:?} already exists")]
    SecretExists {
        /// The ID.
        id: String,
    },
    /// Creating a vault would overwrite one.
    #[error("a vault already exists at '{path}'")]
    VaultExists {
        /// The path.
        path: PathBuf,
    },
    /// Any other collision with what is in the vault.
    #[error("{message}")]
    Conflict {
        /// What collides.
        message: String,
    },
    /// The vault could not be unlocked with what was given.
    #[error("{message}")]
    Unlock {
        /// Why, without any secret.
        message: String,
        /// What would help, if the vault knows.
        advice: Option<Advice>,
    },
    /// A session was given but is not usable, and unlocking without it
    /// failed too (`fallback` says how).
    #[error("{fallback} (and the session is not usable: {why})")]
    SessionUnusable {
        /// Why the session is not usable (expired, ended, another vault).
        why: crate::vault::keys::session::Unusable,
        /// What unlocking without the session met.
        fallback: Box<Error>,
    },
    /// The member's grants do not allow this.
    #[error("not permitted by your grants on {scope}")]
    NotPermitted {
        /// The owner scope (`project/atlas`).
        scope: String,
    },
    /// The vault file is damaged or was changed outside sesame.
    #[error("the vault '{path}' is damaged or was modified outside sesame ({reason})")]
    Damaged {
        /// The vault.
        path: PathBuf,
        /// A coarse reason that helps no attacker.
        reason: &'static str,
    },
    /// The write lock could not be taken in time.
    #[error("the vault '{path}' is busy: another sesame holds its lock")]
    Busy {
        /// The vault.
        path: PathBuf,
    },
    /// The vault is older than one seen before (format 1: its generation).
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
    /// A format-2 vault lacks changes this checkout has seen.
    #[error("the vault '{path}' lacks {missing} change(s) already seen here: it is an older copy")]
    RecordsMissing {
        /// The vault.
        path: PathBuf,
        /// How many records are missing.
        missing: u64,
    },
    /// KDF parameters outside the allowed bounds.
    #[error("KDF parameters refused: {message}")]
    KdfPolicy {
        /// Which parameter and the bound.
        message: String,
    },
    /// An I/O error on a named file.
    #[error("{action} '{path}': {source}")]
    Io {
        /// What was being done (e.g. "cannot write").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// An error from code outside the vault, passed back untouched: the
    /// ID and secret-type parsers the vault calls, or the caller's own
    /// callback (a deferred passphrase source).
    #[error("{0}")]
    Outside(Box<dyn std::error::Error + Send + Sync>),
    /// Any other failure.
    #[error("{message}")]
    Other {
        /// What failed.
        message: String,
    },
}

/// What would help after an error, as the vault sees it. The binary turns
/// each into words that name its own commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Advice {
    /// The members are listed elsewhere: the named member was not found.
    ListMembers,
    /// The caller's own key slots are listed elsewhere: none matched.
    ListSlots,
    /// More than one slot matched: more of a fingerprint would pick one.
    LongerFingerprint,
    /// Upgrading needs the passphrase, and a session or key was used.
    UpgradeWithPassphrase,
    /// The vault is format 1 and the operation needs format 2.
    Upgrade,
    /// An ID without an owner type, and no default owner: the full ID, or
    /// a default owner, would do.
    FullId,
    /// The same for a prefix.
    FullPrefix,
    /// A field this type of secret does not have, or lacks: its fields.
    FieldsOf(crate::secret_type::SecretType),
    /// An empty value, refused unless empty values are allowed.
    AllowEmpty,
}

/// The vault library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Refused input, with no advice.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid {
            message: message.into(),
            advice: None,
        }
    }

    /// Refused input, with advice.
    pub fn invalid_advice(message: impl Into<String>, advice: Advice) -> Error {
        Error::Invalid {
            message: message.into(),
            advice: Some(advice),
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
