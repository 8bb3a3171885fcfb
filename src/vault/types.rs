//! The vault's public types: options, what listings show, what is stored.

use std::path::PathBuf;

use crate::id::SecretId;
use crate::secret_type::{Fields, SecretType};

use super::KdfParams;
use super::store;

/// Options for opening a vault.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    /// Open a vault older than one already seen here.
    pub allow_rollback: bool,
    /// How many versions of each secret to keep.
    pub history_limit: usize,
    /// Where the highest generation seen of each vault is kept (rollback
    /// detection); `None` turns rollback detection off.
    pub rollback_state: Option<PathBuf>,
    /// Where the access journals (last-read times) are kept; `None` turns
    /// read tracking off.
    pub journal: Option<PathBuf>,
    /// Told about problems that must not stop the command (a damaged
    /// journal line). The default ignores them: the library prints
    /// nothing, and the caller decides how a warning shows (the CLI's is
    /// `output::warn`).
    pub warn: fn(&str),
    /// Asked, with a description of the change, whether to derive a key
    /// with KDF parameters larger than the ones remembered for this vault
    /// (see `vault::keys::kdf_seen`). The default refuses: only a person at a
    /// terminal should accept.
    pub confirm_kdf_growth: fn(&str) -> bool,
    /// Which member's passphrase slot to try in a format-2 vault
    /// (`--member`, `SESAME_MEMBER`, `member` in the config); `None`: the
    /// login name's if it is a member, else every slot.
    pub member: Option<String>,
    /// What the command will read: a format-2 vault then reads only the
    /// secrets it names (their leaves of each scope's checkpoint), not
    /// every secret. Methods that see every secret (`list` without a
    /// prefix, `export`, the "did you mean" hint) read the rest first.
    /// Format 1 reads the whole file either way.
    pub load: LoadHint,
}

/// Which secrets a command reads ([`OpenOptions::load`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LoadHint {
    /// Every secret.
    #[default]
    All,
    /// The secrets at these IDs.
    Ids(Vec<SecretId>),
    /// The secrets under this prefix.
    Prefix(crate::id::Prefix),
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions {
            allow_rollback: false,
            history_limit: 10,
            rollback_state: store::seen::default_dir(),
            journal: store::seen::default_dir().and_then(|d| d.parent().map(|p| p.join("reads"))),
            warn: |_| {},
            confirm_kdf_growth: |_| false,
            member: None,
            load: LoadHint::All,
        }
    }
}

/// A secret's metadata, as a listing shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretInfo {
    /// Its ID.
    pub id: SecretId,
    /// Its type.
    pub kind: SecretType,
    /// The version shown (the current one unless asked otherwise).
    pub version: u32,
    /// Created (Unix seconds).
    pub created: i64,
    /// Last changed (Unix seconds).
    pub updated: i64,
    /// Description.
    pub description: Option<String>,
    /// Rotation period, seconds.
    pub rotate_every: Option<i64>,
    /// When the rotation policy wants a new version (Unix seconds).
    pub rotation_due: Option<i64>,
    /// Expiry (Unix seconds).
    pub expires: Option<i64>,
    /// In conflict (format 2): concurrent edits, an edit concurrent with a
    /// delete, concurrent renames, or its path created twice.
    pub conflict: bool,
    /// When its path holds two secrets (created concurrently on two
    /// clones): this one's short id, shown as `ID@<short id>`.
    pub instance: Option<String>,
}

impl SecretInfo {
    /// The ID as listings show it: `ID`, or `ID@<short id>` when its path
    /// holds two secrets.
    pub fn shown_id(&self) -> String {
        match &self.instance {
            Some(short) => format!("{}@{short}", self.id),
            None => self.id.to_string(),
        }
    }
}

/// A secret with, when decrypted, its fields (the `get_settings` row).
#[derive(Clone, Debug)]
pub struct Setting {
    /// Metadata.
    pub info: SecretInfo,
    /// The fields, only when asked to decrypt.
    pub fields: Option<Fields>,
}

/// What `info` shows.
#[derive(Clone, Debug)]
pub struct VaultInfo {
    /// The file.
    pub path: PathBuf,
    /// Format version.
    pub format_version: u16,
    /// KDF parameters of the first passphrase slot.
    pub kdf: Option<KdfParams>,
    /// Number of secrets.
    pub secrets: u64,
    /// Generation counter.
    pub generation: u64,
}

/// A new secret or version to store.
#[derive(Clone, Debug)]
pub struct NewSecret {
    /// Its fields (which carry its type).
    pub fields: Fields,
    /// A description.
    pub description: Option<String>,
}

/// Current time, Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A secret with everything an export carries.
#[derive(Debug)]
pub struct ExportedSecret {
    /// The ID.
    pub id: SecretId,
    /// Created (Unix seconds).
    pub created: i64,
    /// Last changed (Unix seconds).
    pub updated: i64,
    /// Description.
    pub description: Option<String>,
    /// Rotation period (seconds).
    pub rotate_every: Option<i64>,
    /// Expiry (Unix seconds).
    pub expires: Option<i64>,
    /// Versions, oldest first: number, created, fields.
    pub versions: Vec<(u32, i64, Fields)>,
}
