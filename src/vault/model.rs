//! What a decrypted section holds: the secrets of one owner, their
//! metadata, and each version's sealed value.
//!
//! Values stay sealed here; opening one is an explicit call in
//! `vault::mod` with the scope's value key, so a listing never decrypts a
//! value it does not print.

use std::collections::BTreeMap;

use crate::id::Owner;
use crate::secret_type::SecretType;

use super::crypto::NONCE_LEN;

/// A value sealed under its scope's value key, bound (AAD) to the vault id,
/// the secret's ID and the version number.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The nonce.
    pub nonce: [u8; NONCE_LEN],
    /// Ciphertext and tag.
    pub ciphertext: Vec<u8>,
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sealed({} bytes)", self.ciphertext.len())
    }
}

/// One kept version of a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRecord {
    /// 1 for the first, growing by one per change.
    pub number: u32,
    /// When it was made (Unix seconds, UTC).
    pub created: i64,
    /// Its value.
    pub sealed: Sealed,
}

/// One secret's record inside its owner's section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its type.
    pub kind: SecretType,
    /// When it was created (Unix seconds).
    pub created: i64,
    /// When it last changed (Unix seconds).
    pub updated: i64,
    /// A free-text description.
    pub description: Option<String>,
    /// Rotation period in seconds.
    pub rotate_every: Option<i64>,
    /// Expiry (Unix seconds).
    pub expires: Option<i64>,
    /// Kept versions, oldest first; never empty.
    pub versions: Vec<VersionRecord>,
}

impl Entry {
    /// The newest version.
    pub fn current(&self) -> &VersionRecord {
        self.versions
            .last()
            .expect("an entry always has at least one version")
    }

    /// The version numbered `n`, if kept.
    pub fn version(&self, n: u32) -> Option<&VersionRecord> {
        self.versions.iter().find(|v| v.number == n)
    }

    /// Oldest and newest kept version numbers.
    pub fn kept_range(&self) -> (u32, u32) {
        (self.versions[0].number, self.current().number)
    }
}

/// The decrypted content of one owner's section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The owner every entry belongs to.
    pub owner: Owner,
    /// Entries by path.
    pub entries: BTreeMap<String, Entry>,
}

impl Section {
    /// An empty section for `owner`.
    pub fn new(owner: Owner) -> Section {
        Section {
            owner,
            entries: BTreeMap::new(),
        }
    }
}
