//! The operations on an open vault: reading, listing, adding, removing,
//! renaming, policies, versions, the access journal, passphrase changes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::id::{Owner, Prefix, SecretId};
use crate::secret::{Key, SecretString};
use crate::secret_type::{Fields, SecretType};
use crate::vault::error::{Error, Result};

use super::format::{self, Slot};
use super::format1::Format1;
use super::image::value_aad;
use super::keys::{derive_keys, make_passphrase_slot, scope_key};
use super::model::{Entry, Sealed, VersionRecord};
use super::{ExportedSecret, NewSecret, SecretInfo, Setting, crypto, damaged, journal, now};

impl Format1 {
    /// Every owner with at least one secret, sorted.
    pub fn owners(&self) -> Vec<Owner> {
        let mut owners: BTreeSet<Owner> =
            self.index.entries.iter().map(|e| e.owner.clone()).collect();
        for (owner, section) in &self.sections {
            if section.entries.is_empty() {
                owners.remove(owner);
            } else {
                owners.insert(owner.clone());
            }
        }
        owners.into_iter().collect()
    }

    pub(crate) fn entry(&mut self, id: &SecretId) -> Result<&Entry> {
        self.section(id.owner())?
            .and_then(|s| s.entries.get(id.path()))
            .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })
    }

    /// Whether `id` exists.
    pub fn contains(&mut self, id: &SecretId) -> Result<bool> {
        Ok(self
            .section(id.owner())?
            .is_some_and(|s| s.entries.contains_key(id.path())))
    }

    /// Metadata of `id` (current version, or `version`).
    pub fn info_of(&mut self, id: &SecretId, version: Option<u32>) -> Result<SecretInfo> {
        let entry = self.entry(id)?;
        let v = pick_version(id, entry, version)?;
        Ok(secret_info(id, entry, v.number))
    }

    /// Decrypts the fields of `id` (current version, or `version`).
    pub fn fields(&mut self, id: &SecretId, version: Option<u32>) -> Result<Fields> {
        let vault_id = self.header.vault_id;
        let key = scope_key(&self.keys.master, &vault_id, id.owner(), b"value");
        let path = self.path.clone();
        let entry = self.entry(id)?;
        let v = pick_version(id, entry, version)?;
        open_value(&path, &key, &vault_id, id, entry.kind, v)
    }

    /// The secrets under `prefix`, sorted by ID, optionally of one type,
    /// with their fields when `decrypt` (and only then is anything
    /// decrypted beyond the sections' metadata).
    pub fn list(
        &mut self,
        prefix: &Prefix,
        kind: Option<SecretType>,
        decrypt: bool,
    ) -> Result<Vec<Setting>> {
        let owners: Vec<Owner> = match prefix.owner() {
            Some(owner) => vec![owner],
            None => self
                .owners()
                .into_iter()
                .filter(|o| prefix.owner_type().is_none_or(|t| o.owner_type() == t))
                .collect(),
        };
        let mut out = Vec::new();
        for owner in owners {
            let ids: Vec<SecretId> = match self.section(&owner)? {
                Some(section) => section
                    .entries
                    .iter()
                    .filter(|(_, e)| kind.is_none_or(|k| e.kind == k))
                    .map(|(path, _)| SecretId::new(owner.clone(), path))
                    .collect::<Result<_>>()
                    .map_err(|_| damaged(&self.path, "bad section"))?,
                None => continue,
            };
            for id in ids.into_iter().filter(|id| prefix.matches(id)) {
                let info = self.info_of(&id, None)?;
                let fields = if decrypt {
                    Some(self.fields(&id, None)?)
                } else {
                    None
                };
                out.push(Setting { info, fields });
            }
        }
        out.sort_by(|a, b| a.info.id.cmp(&b.info.id));
        Ok(out)
    }

    /// Stores `secret` at `id`: version 1 of a new secret, or, with
    /// `force`, the next version of an existing one. Returns the version.
    pub fn add(&mut self, id: &SecretId, secret: NewSecret, force: bool) -> Result<u32> {
        if self.contains(id)? {
            if !force {
                return Err(Error::SecretExists { id: id.to_string() });
            }
            return self.add_version(id, secret.fields, secret.description);
        }
        let now = now();
        let sealed = self.seal_value(id, 1, &secret.fields);
        let entry = Entry {
            kind: secret.fields.kind(),
            created: now,
            updated: now,
            description: secret.description,
            rotate_every: None,
            expires: None,
            versions: vec![VersionRecord {
                number: 1,
                created: now,
                sealed,
            }],
        };
        self.section_mut(id.owner())?
            .entries
            .insert(id.path().to_string(), entry);
        Ok(1)
    }

    /// Adds the next version of an existing secret; its type must not change.
    pub fn add_version(
        &mut self,
        id: &SecretId,
        fields: Fields,
        description: Option<String>,
    ) -> Result<u32> {
        let entry = self.entry(id)?;
        if entry.kind != fields.kind() {
            return Err(Error::invalid(format!(
                "{id} is a {} secret; a new version must be one too",
                entry.kind
            )));
        }
        let current = entry.current().number;
        let number = current.checked_add(1).ok_or_else(|| Error::Other {
            message: format!(
                "{id} is at version {current}, the highest a version number can go; it cannot take another"
            ),
        })?;
        let sealed = self.seal_value(id, number, &fields);
        let limit = self.options.history_limit.max(1);
        let now = now();
        let entry = self
            .section_mut(id.owner())?
            .entries
            .get_mut(id.path())
            .expect("checked above");
        entry.versions.push(VersionRecord {
            number,
            created: now,
            sealed,
        });
        let excess = entry.versions.len().saturating_sub(limit);
        entry.versions.drain(..excess);
        entry.updated = now;
        if description.is_some() {
            entry.description = description;
        }
        Ok(number)
    }

    /// Removes secrets with all their versions. Unless `force`, every ID
    /// must exist, and none is removed when one does not. Returns the IDs
    /// removed.
    pub fn remove(&mut self, ids: &[SecretId], force: bool) -> Result<Vec<SecretId>> {
        let mut present = Vec::new();
        for id in ids {
            if self.contains(id)? {
                if !present.contains(id) {
                    present.push(id.clone());
                }
            } else if !force {
                return Err(Error::SecretNotFound { id: id.to_string() });
            }
        }
        for id in &present {
            self.section_mut(id.owner())?.entries.remove(id.path());
        }
        Ok(present)
    }

    pub(crate) fn journal(&self) -> Option<journal::Journal> {
        let dir = self.options.journal.as_deref()?;
        Some(journal::Journal::new(
            dir,
            &self.header.vault_id,
            &self.keys.master,
        ))
    }

    /// Records that the values of `ids` were read now, in the access
    /// journal (never in the vault file). Best effort: a journal that
    /// cannot be written is a warning, not a failed read.
    pub fn record_reads(&self, ids: &[SecretId]) {
        if let Some(journal) = self.journal()
            && let Err(e) = journal.record(ids, now(), self.options.warn)
        {
            (self.options.warn)(&format!(
                "cannot record the read in the access journal: {e}"
            ));
        }
    }

    /// When the value of `id` was last read (Unix seconds), if the journal
    /// remembers.
    pub fn last_read(&mut self, id: &SecretId) -> Option<i64> {
        let journal = self.journal()?;
        let warn = self.options.warn;
        let map = self.last_reads.get_or_insert_with(|| journal.load(warn));
        map.get(&journal.label(id)).copied()
    }

    /// Sets or clears the rotation period and expiry of `id`
    /// (`None` leaves one as it is, `Some(None)` clears it).
    pub fn set_policy(
        &mut self,
        id: &SecretId,
        rotate_every: Option<Option<i64>>,
        expires: Option<Option<i64>>,
    ) -> Result<()> {
        self.entry(id)?;
        let entry = self
            .section_mut(id.owner())?
            .entries
            .get_mut(id.path())
            .expect("checked above");
        if let Some(r) = rotate_every {
            entry.rotate_every = r;
        }
        if let Some(e) = expires {
            entry.expires = e;
        }
        Ok(())
    }

    /// Everything about `id` that an export carries, every kept version
    /// decrypted.
    pub fn export_record(&mut self, id: &SecretId) -> Result<ExportedSecret> {
        let entry = self.entry(id)?.clone();
        let key = scope_key(
            &self.keys.master,
            &self.header.vault_id,
            id.owner(),
            b"value",
        );
        let versions = entry
            .versions
            .iter()
            .map(|v| {
                Ok((
                    v.number,
                    v.created,
                    open_value(&self.path, &key, &self.header.vault_id, id, entry.kind, v)?,
                ))
            })
            .collect::<Result<_>>()?;
        Ok(ExportedSecret {
            id: id.clone(),
            created: entry.created,
            updated: entry.updated,
            description: entry.description,
            rotate_every: entry.rotate_every,
            expires: entry.expires,
            versions,
        })
    }

    /// Stores a whole secret as an export carried it, replacing any secret
    /// with its ID. Every version must be of one type.
    pub fn put_record(&mut self, record: ExportedSecret) -> Result<()> {
        let kind = record
            .versions
            .first()
            .map(|v| v.2.kind())
            .ok_or_else(|| Error::invalid("a secret needs a version"))?;
        if record.versions.iter().any(|v| v.2.kind() != kind) {
            return Err(Error::invalid(format!(
                "{}: all versions must be of one type",
                record.id
            )));
        }
        let versions = record
            .versions
            .iter()
            .map(|(number, created, fields)| VersionRecord {
                number: *number,
                created: *created,
                sealed: self.seal_value(&record.id, *number, fields),
            })
            .collect();
        let entry = Entry {
            kind,
            created: record.created,
            updated: record.updated,
            description: record.description,
            rotate_every: record.rotate_every,
            expires: record.expires,
            versions,
        };
        self.section_mut(record.id.owner())?
            .entries
            .insert(record.id.path().to_string(), entry);
        Ok(())
    }

    /// The kept versions of `id`, oldest first: `(number, created)`.
    pub fn versions(&mut self, id: &SecretId) -> Result<Vec<(u32, i64)>> {
        Ok(self
            .entry(id)?
            .versions
            .iter()
            .map(|v| (v.number, v.created))
            .collect())
    }

    /// Renames `old` to `new`, keeping versions, times, type and
    /// description. Every version is sealed again, since a value's AAD
    /// names its secret (and a new owner has its own value key).
    pub fn rename(&mut self, old: &SecretId, new: &SecretId) -> Result<()> {
        let mut entry = self.entry(old)?.clone();
        if self.contains(new)? {
            return Err(Error::SecretExists {
                id: new.to_string(),
            });
        }
        let old_key = scope_key(
            &self.keys.master,
            &self.header.vault_id,
            old.owner(),
            b"value",
        );
        for v in &mut entry.versions {
            let fields = open_value(
                &self.path,
                &old_key,
                &self.header.vault_id,
                old,
                entry.kind,
                v,
            )?;
            v.sealed = self.seal_value(new, v.number, &fields);
        }
        self.section_mut(old.owner())?.entries.remove(old.path());
        self.section_mut(new.owner())?
            .entries
            .insert(new.path().to_string(), entry);
        Ok(())
    }

    /// Replaces the key slot the vault was opened with by one for
    /// `passphrase`, with the same KDF parameters. Only the slot changes:
    /// the master key, and so every secret, stays as it is.
    pub fn change_passphrase(&mut self, passphrase: &SecretString) -> Result<()> {
        let index = self.unlocked_slot.ok_or_else(|| Error::Unlock {
            message: "the passphrase was changed meanwhile; run passwd again with the new one"
                .into(),
            advice: None,
        })?;
        let Slot::Passphrase { kdf, .. } = self.header.slots[index] else {
            unreachable!("a passphrase opened a passphrase slot")
        };
        self.header.slots[index] =
            make_passphrase_slot(&self.header.vault_id, &self.keys.master, passphrase, kdf)?;
        Ok(())
    }

    /// Replaces the master key by a new random one (`passwd --rekey`):
    /// every section and every kept version is sealed again under keys
    /// derived from it, and the key slots are replaced by one slot for
    /// `passphrase`, with the KDF parameters of the slot that was opened.
    /// A leaked master key (or a session token with its file) then opens
    /// nothing. One key derivation, for the new slot; the write that
    /// follows is atomic like every other.
    pub fn rekey(&mut self, passphrase: &SecretString) -> Result<()> {
        let index = self.unlocked_slot.ok_or_else(|| Error::Unlock {
            message: "the passphrase was changed meanwhile; run passwd again with the new one"
                .into(),
            advice: None,
        })?;
        let Slot::Passphrase { kdf, .. } = self.header.slots[index] else {
            unreachable!("a passphrase opened a passphrase slot")
        };
        let vault_id = self.header.vault_id;
        // Everything, opened under the old keys.
        let owners: Vec<Owner> = self.index.entries.iter().map(|e| e.owner.clone()).collect();
        let mut opened = Vec::new();
        let mut reads: BTreeMap<i64, Vec<SecretId>> = BTreeMap::new();
        for owner in owners {
            let Some(section) = self.section(&owner)?.cloned() else {
                continue;
            };
            let key = scope_key(&self.keys.master, &vault_id, &owner, b"value");
            let mut values = Vec::new();
            for (path, entry) in &section.entries {
                let id = SecretId::new(owner.clone(), path)
                    .map_err(|_| damaged(&self.path, "bad section"))?;
                for v in &entry.versions {
                    let fields = open_value(&self.path, &key, &vault_id, &id, entry.kind, v)?;
                    values.push((id.clone(), v.number, fields));
                }
                if let Some(when) = self.last_read(&id) {
                    reads.entry(when).or_default().push(id);
                }
            }
            opened.push((owner, section, values));
        }
        let master = Key::random();
        let slot = make_passphrase_slot(&vault_id, &master, passphrase, kdf)?;
        self.keys = derive_keys(&master, &vault_id);
        self.header.slots = vec![slot];
        self.unlocked_slot = Some(0);
        for (owner, mut section, values) in opened {
            for (id, number, fields) in values {
                let sealed = self.seal_value(&id, number, &fields);
                if let Some(v) = section
                    .entries
                    .get_mut(id.path())
                    .and_then(|e| e.versions.iter_mut().find(|v| v.number == number))
                {
                    v.sealed = sealed;
                }
            }
            *self.section_mut(&owner)? = section;
        }
        // The access journal's labels are keyed by the master key too:
        // carry the last-read times over under the new one.
        self.last_reads = None;
        if let Some(journal) = self.journal() {
            for (when, ids) in reads {
                if let Err(e) = journal.record(&ids, when, self.options.warn) {
                    (self.options.warn)(&format!(
                        "cannot carry the last-read times over to the new key: {e}"
                    ));
                    break;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn seal_value(&self, id: &SecretId, version: u32, fields: &Fields) -> Sealed {
        let key = scope_key(
            &self.keys.master,
            &self.header.vault_id,
            id.owner(),
            b"value",
        );
        let plain = format::encode_value(fields);
        let (nonce, ciphertext) =
            crypto::seal(&key, &value_aad(&self.header.vault_id, id, version), &plain);
        Sealed { nonce, ciphertext }
    }
}

pub(crate) fn pick_version<'e>(
    id: &SecretId,
    entry: &'e Entry,
    version: Option<u32>,
) -> Result<&'e VersionRecord> {
    match version {
        None => Ok(entry.current()),
        Some(n) => entry.version(n).ok_or_else(|| Error::VersionNotFound {
            id: id.to_string(),
            version: n,
            kept: entry.kept_range(),
        }),
    }
}

pub(crate) fn secret_info(id: &SecretId, entry: &Entry, version: u32) -> SecretInfo {
    SecretInfo {
        id: id.clone(),
        kind: entry.kind,
        version,
        created: entry.created,
        updated: entry.updated,
        description: entry.description.clone(),
        rotate_every: entry.rotate_every,
        rotation_due: entry
            .rotate_every
            .map(|every| entry.current().created.saturating_add(every)),
        expires: entry.expires,
        conflict: false,
        instance: None,
    }
}

pub(crate) fn open_value(
    path: &Path,
    key: &Key,
    vault_id: &[u8; 16],
    id: &SecretId,
    kind: SecretType,
    v: &VersionRecord,
) -> Result<Fields> {
    let plain = crypto::open(
        key,
        &v.sealed.nonce,
        &value_aad(vault_id, id, v.number),
        &v.sealed.ciphertext,
    )
    .ok_or_else(|| damaged(path, "a value does not authenticate"))?;
    let pairs = format::decode_value(&plain).map_err(|_| damaged(path, "bad value"))?;
    Fields::new(kind, pairs, true).map_err(|_| damaged(path, "bad value"))
}
