//! Format 1: one file of sealed per-owner sections under one master key
//! (docs/format-v1.md). Kept so that the vaults people have keep working
//! until they run `sesame upgrade`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use subtle::ConstantTimeEq;

use crate::id::Owner;
use crate::secret::{Key, SecretString};
use crate::vault::error::{Error, Result};

use super::crypto::{self, KdfParams};
use super::format::{self, Header, Index, IndexEntry, Slot};
use super::image::{
    CurrentHeader, SectionBytes, read_current_header, section_aad, section_mac, section_mac_key,
    write_file,
};
use super::keys::{self, KeySource, Keys, derive_keys, kdf_seen, make_passphrase_slot, scope_key};
use super::model::Section;
use super::{OpenOptions, Unlock, VaultInfo, damaged, store};

/// An open vault.
pub(crate) struct Format1 {
    pub(super) path: PathBuf,
    pub(super) file: File,
    pub(super) header: Header,
    pub(super) keys: Keys,
    pub(super) index: Index,
    /// Decrypted sections, by owner.
    pub(super) sections: HashMap<Owner, Section>,
    /// Owners whose section changed (or was removed) since opening.
    pub(super) dirty: BTreeSet<Owner>,
    /// The key slot the passphrase opened (for `passwd`).
    pub(super) unlocked_slot: Option<usize>,
    /// That slot's KEK, salt and KDF parameters, until the upgrade to
    /// format 2 takes them ([`Format1::take_passphrase_kek`]).
    pub(super) passphrase_kek: Option<keys::PassphraseKek>,
    /// When the session that opened the vault ends, if one did.
    pub(super) session_expires: Option<i64>,
    /// Last-read times by journal label, loaded on first use.
    pub(super) last_reads: Option<HashMap<String, i64>>,
    pub(super) options: OpenOptions,
}

impl std::fmt::Debug for Format1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Format1")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Format1 {
    /// Creates a new, empty vault at `path` with one passphrase slot.
    /// Never overwrites an existing file (exit 4).
    pub fn create(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
    ) -> Result<()> {
        Format1::create_with(path, passphrase, kdf, options, Key::random())
    }

    /// [`Format1::create`] with a given master key: for the fuzzing seeds
    /// only (see [`FUZZ_MASTER_KEY`]). A real vault's key must be random.
    #[cfg(any(test, fuzzing, feature = "fuzz-seeds"))]
    #[doc(hidden)]
    pub fn create_with_master_key(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
        master: Key,
    ) -> Result<()> {
        Format1::create_with(path, passphrase, kdf, options, master)
    }

    /// [`Format1::create`] with the master key given.
    fn create_with(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
        master: Key,
    ) -> Result<()> {
        kdf.check()
            .map_err(|message| Error::KdfPolicy { message })?;
        let path = &store::resolve_vault_link(path)?;
        if path.is_dir() {
            return Err(Error::Other {
                message: format!("'{}' is a directory, not a vault file", path.display()),
            });
        }
        if path.exists() {
            return Err(Error::VaultExists {
                path: path.to_path_buf(),
            });
        }
        store::create_private_dir(&store::parent_dir(path))?;
        let mut vault_id = [0u8; 16];
        crypto::fill_random(&mut vault_id);
        let slot = make_passphrase_slot(&vault_id, &master, passphrase, kdf)?;
        let header = Header {
            vault_id,
            generation: 1,
            session_epoch: 0,
            index_nonce: [0; crypto::NONCE_LEN],
            index_len: 0,
            slots: vec![slot],
        };
        let _lock = store::WriteLock::acquire(path, store::lock_timeout()?)?;
        write_file(
            path,
            None,
            store::Replace::NoClobber,
            header.clone(),
            &derive_keys(&master, &vault_id),
            Vec::new(),
        )?;
        store::seen::record(
            options.rollback_state.as_deref(),
            &vault_id,
            1,
            options.warn,
        );
        kdf_seen::remember(options.rollback_state.as_deref(), &header);
        Ok(())
    }

    /// Opens the vault at `path` for reading.
    pub fn open(path: &Path, unlock: Unlock, options: &OpenOptions) -> Result<Format1> {
        let CurrentHeader {
            file,
            size,
            bytes: header_bytes,
            header,
            seen,
        } = read_current_header(path, options)?;
        if let Some(warning) = store::loose_directory_warning(path) {
            (options.warn)(&warning);
        }
        let header_len = header_bytes.len();
        // Bounds before any derivation or allocation (vault.md §1.4).
        for slot in &header.slots {
            if let Slot::Passphrase { kdf, .. } = slot {
                kdf.check()
                    .map_err(|message| Error::KdfPolicy { message })?;
            }
        }
        // A wrong passphrase costs one derivation per slot: cap the slots.
        let passphrase_slots = header
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Passphrase { .. }))
            .count();
        if passphrase_slots > format::MAX_PASSPHRASE_SLOTS {
            return Err(damaged(
                path,
                "too many passphrase slots (format 1 allows at most 8)",
            ));
        }
        let mut ended_session = None;
        let (master, source, passphrase_kek) =
            unlock.master_key(&header, options, &mut ended_session)?;
        let unlocked_slot = match source {
            KeySource::Slot(i) => Some(i),
            _ => None,
        };
        let session_expires = match source {
            KeySource::Session { expires } => Some(expires),
            _ => None,
        };
        let keys = derive_keys(&master, &header.vault_id);
        let index_end = header_len as u64 + header.index_len as u64;
        if index_end > size {
            return Err(damaged(path, "truncated"));
        }
        let sealed_index =
            store::read_at(&file, path, header_len as u64, header.index_len as usize)?;
        let index_plain = crypto::open(
            &keys.file,
            &header.index_nonce,
            &header_bytes,
            &sealed_index,
        )
        .ok_or_else(|| damaged(path, "the index does not authenticate"))?;
        let index = Index::decode(&index_plain).map_err(|_| damaged(path, "bad index"))?;
        index
            .check_layout(index_end, size)
            .map_err(|_| damaged(path, "bad layout"))?;
        let padding = store::read_at(
            &file,
            path,
            index.data_end,
            (size - index.data_end) as usize,
        )?;
        if padding.iter().any(|b| *b != 0) {
            return Err(damaged(path, "bad padding"));
        }
        // The index authenticated the header: its session epoch and KDF
        // parameters are the vault's own, not a file writer's.
        if let Some(file) = ended_session {
            let _ = std::fs::remove_file(file);
        }
        kdf_seen::remember(options.rollback_state.as_deref(), &header);
        // Only a newer generation is worth a write to the state dir; most
        // opens (every warm get) skip it.
        if header.generation > seen {
            store::seen::record(
                options.rollback_state.as_deref(),
                &header.vault_id,
                header.generation,
                options.warn,
            );
        }
        Ok(Format1 {
            path: path.to_path_buf(),
            file,
            header,
            keys: Keys {
                master,
                file: keys.file,
            },
            index,
            sections: HashMap::new(),
            dirty: BTreeSet::new(),
            unlocked_slot,
            passphrase_kek,
            session_expires,
            last_reads: None,
            options: options.clone(),
        })
    }

    /// How to open this vault again under the write lock without a second
    /// key derivation (`Vault::edit_again`): its master key, its options,
    /// and the passphrase slot that opened it.
    pub(crate) fn reopen(&self) -> (Unlock, OpenOptions, Option<(usize, Slot)>) {
        let unlock = Unlock::MasterKey(self.keys.master.clone());
        let slot = self
            .unlocked_slot
            .map(|i| (i, self.header.slots[i].clone()));
        (unlock, self.options.clone(), slot)
    }

    /// The passphrase this vault was first opened with still opens the
    /// latest vault only if its slot is unchanged (no `passwd` meanwhile).
    pub(crate) fn keep_slot(&mut self, slot: Option<(usize, Slot)>) {
        self.unlocked_slot =
            slot.and_then(|(i, old)| (self.header.slots.get(i) == Some(&old)).then_some(i));
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// When the session that opened this vault ends (Unix seconds), if a
    /// session opened it.
    pub fn session_expires(&self) -> Option<i64> {
        self.session_expires
    }

    /// Starts a session for this vault (see `vault::keys::session`): returns
    /// the token and its expiry.
    pub fn start_session(&self, ttl: std::time::Duration) -> Result<(SecretString, i64)> {
        keys::session::create(
            &self.header.vault_id,
            self.header.session_epoch,
            self.keys.master.expose_secret(),
            ttl,
        )
    }

    /// Bumps the session epoch, which ends every session made before,
    /// wherever its file is.
    pub fn end_sessions(&mut self) {
        self.header.session_epoch += 1;
    }

    /// Takes the KEK (with its salt and KDF parameters) of the passphrase
    /// slot that opened this vault, if a passphrase opened it and nothing
    /// took it yet: for the upgrade to format 2, which makes the member's
    /// new passphrase slot from it instead of running Argon2 again. Taking
    /// it leaves none behind.
    pub fn take_passphrase_kek(&mut self) -> Option<keys::PassphraseKek> {
        self.passphrase_kek.take()
    }

    /// This vault's id.
    pub fn vault_id(&self) -> [u8; 16] {
        self.header.vault_id
    }

    /// The vault id, read from the header alone (no key needed).
    pub fn peek_id(path: &Path) -> Result<[u8; 16]> {
        let options = OpenOptions {
            rollback_state: None,
            ..OpenOptions::default()
        };
        Ok(read_current_header(path, &options)?.header.vault_id)
    }

    /// What `info` shows.
    pub fn info(&self) -> VaultInfo {
        VaultInfo {
            path: self.path.clone(),
            format_version: format::FORMAT_VERSION,
            kdf: self.header.slots.iter().find_map(|s| match s {
                Slot::Passphrase { kdf, .. } => Some(*kdf),
                Slot::Unknown { .. } => None,
            }),
            secrets: self.index.entries.iter().map(|e| e.secrets as u64).sum(),
            generation: self.header.generation,
        }
    }

    /// The section of `owner`, decrypting it on first use.
    pub(super) fn section(&mut self, owner: &Owner) -> Result<Option<&Section>> {
        if !self.sections.contains_key(owner) {
            let Some(entry) = self.index.find(owner) else {
                return Ok(None);
            };
            let section = self.load_section(entry)?;
            self.sections.insert(owner.clone(), section);
        }
        Ok(self.sections.get(owner))
    }

    pub(super) fn load_section(&self, entry: &IndexEntry) -> Result<Section> {
        let owner = &entry.owner;
        let sealed = store::read_at(&self.file, &self.path, entry.offset, entry.len as usize)?;
        let key = scope_key(&self.keys.master, &self.header.vault_id, owner, b"meta");
        let plain = crypto::open(
            &key,
            &entry.nonce,
            &section_aad(&self.header.vault_id, owner),
            &sealed,
        )
        .ok_or_else(|| damaged(&self.path, "a section does not authenticate"))?;
        let section =
            format::decode_section(&plain).map_err(|_| damaged(&self.path, "bad section"))?;
        if section.owner != *owner {
            return Err(damaged(&self.path, "a section is out of place"));
        }
        Ok(section)
    }

    pub(super) fn section_mut(&mut self, owner: &Owner) -> Result<&mut Section> {
        if self.section(owner)?.is_none() {
            self.sections
                .insert(owner.clone(), Section::new(owner.clone()));
        }
        self.dirty.insert(owner.clone());
        Ok(self.sections.get_mut(owner).expect("inserted above"))
    }

    /// Authenticates the sealed bytes of a section a write carries over,
    /// and returns their MAC: against the MAC in the index, or, in an index
    /// written before section MACs, by opening the section.
    pub(super) fn authenticate_carried(
        &self,
        entry: &IndexEntry,
        mac_key: &Key,
    ) -> Result<[u8; format::SECTION_MAC_LEN]> {
        let sealed = store::read_at(&self.file, &self.path, entry.offset, entry.len as usize)?;
        let mac = section_mac(mac_key, &entry.owner, &entry.nonce, &sealed);
        let authentic = match entry.mac {
            Some(expected) => bool::from(mac.ct_eq(&expected)),
            None => {
                let key = scope_key(
                    &self.keys.master,
                    &self.header.vault_id,
                    &entry.owner,
                    b"meta",
                );
                let aad = section_aad(&self.header.vault_id, &entry.owner);
                crypto::open(&key, &entry.nonce, &aad, &sealed).is_some()
            }
        };
        if authentic {
            Ok(mac)
        } else {
            Err(damaged(&self.path, "a section does not authenticate"))
        }
    }

    /// Writes the vault with every change made since it was opened.
    ///
    /// Every byte written is authenticated first: a re-sealed section is
    /// opened and decoded again (so nothing undecodable is ever written),
    /// and a carried-over section must match the MAC the authenticated
    /// index holds for it (or, in an index from before these MACs, open
    /// under its key). A section that fails is damage (exit 6), and the
    /// vault is left as it was.
    pub(crate) fn save(mut self) -> Result<()> {
        let base = if self.options.allow_rollback {
            self.header.generation.max(store::seen::get(
                self.options.rollback_state.as_deref(),
                &self.header.vault_id,
            ))
        } else {
            self.header.generation
        };
        let generation = base.checked_add(1).ok_or_else(|| Error::Other {
            message: "the vault's generation counter is exhausted; it cannot be written again"
                .into(),
        })?;
        let mac_key = section_mac_key(&self.keys.master, &self.header.vault_id);
        let mut parts: Vec<(Owner, SectionBytes)> = Vec::new();
        let mut all: BTreeSet<Owner> = self.index.entries.iter().map(|e| e.owner.clone()).collect();
        all.extend(self.dirty.iter().cloned());
        for owner in all {
            if self.dirty.contains(&owner) {
                let section = self
                    .sections
                    .remove(&owner)
                    .expect("dirty sections are loaded");
                if section.entries.is_empty() {
                    continue;
                }
                let too_big = || Error::Other {
                    message: format!("the secrets of {owner} do not fit in one section"),
                };
                let secrets = u32::try_from(section.entries.len()).map_err(|_| too_big())?;
                let key = scope_key(&self.keys.master, &self.header.vault_id, &owner, b"meta");
                let aad = section_aad(&self.header.vault_id, &owner);
                let plain = format::encode_section(&section);
                let (nonce, ct) = crypto::seal(&key, &aad, &plain);
                u32::try_from(ct.len()).map_err(|_| too_big())?;
                // Read back what a later open will read: a section that
                // does not decode to what we hold is never written.
                let reads_back = crypto::open(&key, &nonce, &aad, &ct)
                    .and_then(|p| format::decode_section(&p).ok())
                    .is_some_and(|back| back == section);
                if !reads_back {
                    return Err(Error::Other {
                        message: format!(
                            "the new section of {owner} does not read back; nothing was written"
                        ),
                    });
                }
                let mac = section_mac(&mac_key, &owner, &nonce, &ct);
                parts.push((
                    owner,
                    SectionBytes::New {
                        nonce,
                        ct,
                        secrets,
                        mac,
                    },
                ));
            } else {
                let mut old = self
                    .index
                    .find(&owner)
                    .expect("owner from the index")
                    .clone();
                old.mac = Some(self.authenticate_carried(&old, &mac_key)?);
                parts.push((owner, SectionBytes::Old(old)));
            }
        }
        self.header.generation = generation;
        let keys = Keys {
            master: self.keys.master.clone(),
            file: self.keys.file.clone(),
        };
        write_file(
            &self.path,
            Some(&self.file),
            store::Replace::Overwrite,
            self.header.clone(),
            &keys,
            parts,
        )?;
        store::seen::record(
            self.options.rollback_state.as_deref(),
            &self.header.vault_id,
            generation,
            self.options.warn,
        );
        Ok(())
    }
}

/// Where each owner's sealed section lies: `(offset, length)` by owner.
/// For the threat tests, which splice sections between files.
pub(crate) fn section_spans(vault: &Format1) -> BTreeMap<String, (u64, u32)> {
    vault
        .index
        .entries
        .iter()
        .map(|e| (e.owner.to_string(), (e.offset, e.len)))
        .collect()
}
