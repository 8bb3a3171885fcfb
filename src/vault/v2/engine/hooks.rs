//! Test hooks: what the integration tests of roles (tests/cli/teams.rs)
//! need to show that a role is enforced by keys, not by the CLI. They
//! expose the key material a member's identity unlocks, every sealed part
//! of the file with the context it was sealed under, and a write that
//! skips the role checks, as a member who edits the file with their own
//! keys could make.
//!
//! Hidden from the docs and never called by the CLI: nothing here is part
//! of the library's contract. Each hook only reads or writes what the
//! member who opened the engine already holds; none gives key material
//! beyond it.

use crate::id::{Owner, SecretId};
use crate::secret::Key;
use crate::secret_type::Fields;
use crate::vault::error::{Error, Result};

use super::super::image::Image;
use super::super::keys::load_identity;
use super::super::keys::scope::ScopeKeys;
use super::super::ops::ScopeId;
use super::super::record::{DeviceId, Id};
use super::{Engine, ops_aad, part, value_aad};

/// One epoch's keys of one scope, as a member holds them.
#[doc(hidden)]
pub struct HeldKeys {
    /// The scope.
    pub scope: ScopeId,
    /// Whose secrets it holds.
    pub owner: Owner,
    /// The epoch.
    pub epoch: u32,
    /// Whether these are the keys a write uses now.
    pub current: bool,
    /// The keys (no values key for a read grant).
    pub keys: ScopeKeys,
}

/// A sealed part of the file, with the context it was sealed under.
#[doc(hidden)]
pub struct SealedPart {
    /// `part::OPS` (names side) or `part::VALUE`.
    pub kind: u8,
    /// Its scope.
    pub scope: ScopeId,
    /// Whose secrets its scope holds.
    pub owner: Owner,
    /// The epoch it was sealed under.
    pub epoch: u32,
    /// The record holding it.
    pub record: Id,
    /// Its index among the record's parts.
    pub index: usize,
    /// The associated data it was sealed with.
    pub aad: Vec<u8>,
    /// The ciphertext, as the file holds it.
    pub bytes: Vec<u8>,
}

impl Engine {
    /// Opens the format-2 vault `vault` (its bytes) with the identity file
    /// `identity` (its bytes), as an unlock with `--identity` would.
    #[doc(hidden)]
    pub fn open_with_identity(vault: &[u8], identity: &[u8]) -> Result<Engine> {
        let image = Image::decode(vault).map_err(|_| super::damaged("not a format-2 vault"))?;
        let identity = load_identity(identity).map_err(|e| Error::Unlock {
            message: e.to_string(),
            advice: None,
        })?;
        let (member, uk) = super::unlock(&image, identity.as_ref(), None, None)?;
        Engine::open(image, member, uk, DeviceId::default(), 10)
    }

    /// Every scope key this member holds (from its deliveries and the
    /// chains they open), with scope, owner and epoch.
    #[doc(hidden)]
    pub fn held_keys(&self) -> Vec<HeldKeys> {
        let mut out = Vec::new();
        for (scope, view) in &self.scopes {
            for (epoch, keys) in &view.keys {
                out.push(HeldKeys {
                    scope: *scope,
                    owner: view.owner.clone(),
                    epoch: epoch.0,
                    current: *epoch == view.current,
                    keys: keys.clone(),
                });
            }
        }
        out
    }

    /// Every ops part and every value part of the scopes this member
    /// holds, with the associated data each was sealed with. For a member
    /// who holds every scope, that is every sealed part of the file but
    /// deliveries and chains.
    #[doc(hidden)]
    pub fn sealed_parts(&self) -> Vec<SealedPart> {
        let mut out = Vec::new();
        for (scope, view) in &self.scopes {
            for record in self.image.records.values() {
                for (t, tag) in record.tags.iter().enumerate() {
                    let Some(((epoch, _), _)) = view.keys.iter().find(|((_, k), _)| k == tag)
                    else {
                        continue;
                    };
                    for (index, p) in record.parts.iter().enumerate() {
                        if p.kind != part::OPS || usize::from(p.tag) != t {
                            continue;
                        }
                        if let Some(bytes) = record.part(index) {
                            out.push(SealedPart {
                                kind: part::OPS,
                                scope: *scope,
                                owner: view.owner.clone(),
                                epoch: *epoch,
                                record: record.id(),
                                index,
                                aad: ops_aad(&self.vault_id, scope, *epoch),
                                bytes: bytes.to_vec(),
                            });
                        }
                    }
                }
            }
            for secret in view.state.secrets.values() {
                for version in &secret.versions {
                    let index = version.value.part as usize;
                    let Some(record) = self
                        .index
                        .get(&version.stamp.op.record)
                        .and_then(|k| self.image.records.get(k))
                    else {
                        continue;
                    };
                    if let Some(bytes) = record.part(index) {
                        out.push(SealedPart {
                            kind: part::VALUE,
                            scope: *scope,
                            owner: view.owner.clone(),
                            epoch: version.value.epoch,
                            record: version.stamp.op.record,
                            index,
                            aad: value_aad(&self.vault_id, scope, &secret.id, &version.id),
                            bytes: bytes.to_vec(),
                        });
                    }
                }
            }
        }
        out
    }

    /// Reads `image` with the keys this engine holds, as a member who kept
    /// their keys reads a later copy of the file: even one that says they
    /// were removed (the CLI refuses to open it; their keys do not care).
    #[doc(hidden)]
    pub fn read_later_copy(&mut self, image: Image) -> Result<()> {
        self.image = image;
        self.pending.clear();
        self.pending_members.clear();
        self.reload()
    }

    /// Writes a new version of `id` without checking this member's role:
    /// sealed with the names key they hold and, lacking the values key,
    /// one they make up, and signed by them. What a read member who edits
    /// the file with their own keys could write; readers must set it aside.
    #[doc(hidden)]
    pub fn write_version_unchecked(&mut self, id: &SecretId, fields: &Fields) -> Result<()> {
        let (scope, secret, _, heads) = self
            .current(id)
            .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })?;
        let view = self
            .scopes
            .get_mut(&scope)
            .expect("a scope this member holds");
        let current = view.current;
        if let Some(keys) = view.keys.get_mut(&current)
            && keys.values.is_none()
        {
            keys.values = Some(Key::random());
        }
        self.push_version(scope, secret, heads, crate::vault::now(), fields);
        Ok(())
    }
}
