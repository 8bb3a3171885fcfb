//! The vault: one encrypted file of secrets, and the operations on it.
//!
//! Opening reads and checks the header, unwraps the master key through a
//! key slot, and opens the sealed index; sections (one per owner) are
//! decrypted only when an operation needs that owner, and values only when
//! asked for. Writes go through [`Vault::edit`], which holds the write lock
//! for the whole read-modify-write so concurrent commands lose nothing.
//!
//! ```no_run
//! use sesame::{OwnerType, Unlock, Vault, OpenOptions};
//!
//! # fn main() -> sesame::Result<()> {
//! let unlock = Unlock::Passphrase("correct horse".into());
//! let mut vault = Vault::open("vault.sesame".as_ref(), unlock, &OpenOptions::default())?;
//! // Like the seed system's get_settings(owner_type, owner_id, path, decrypt):
//! for s in vault.get_settings(OwnerType::Project, "atlas", Some("connect/S3"), false)? {
//!     println!("{} ({}, version {})", s.info.id, s.info.kind, s.info.version);
//! }
//! # Ok(())
//! # }
//! ```

pub mod codec;
pub mod crypto;
pub mod format;
pub mod journal;
pub mod model;
pub mod store;
pub mod v2;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::id::{Owner, OwnerType, Prefix, SecretId};
use crate::secret::{Key, SecretString};
use crate::secret_type::{Fields, SecretType};

pub use crypto::KdfParams;
use format::{FILE_ALIGN, Header, HeaderError, Index, IndexEntry, Slot};
use model::{Entry, Sealed, Section, VersionRecord};

/// The master key of the vaults that seed the `open_vault` fuzz target
/// (they are made by `examples/fuzz_seeds.rs`). Public knowledge: never the
/// key of a real vault.
#[doc(hidden)]
pub const FUZZ_MASTER_KEY: [u8; 32] = *b"sesame fuzzing key, not a secret";

/// How the master key is obtained when the vault is opened.
pub enum Unlock {
    /// A passphrase already at hand.
    Passphrase(SecretString),
    /// A passphrase asked for only once the vault is known to exist and its
    /// header is sound (so a missing vault never prompts).
    Deferred(Box<dyn FnOnce() -> Result<SecretString>>),
    /// A master key recovered earlier (by an open of the same vault, or a
    /// session). No key slot is tried; a wrong key fails the index (exit 6).
    MasterKey(Key),
    /// A session token (`SESAME_SESSION`), and what to do when the session
    /// cannot be used: `warn` is told why, then `fallback` is tried.
    Session {
        /// The token.
        token: SecretString,
        /// Tried when the session is not usable.
        fallback: Box<Unlock>,
        /// Told why the session was not usable.
        warn: Box<dyn Fn(&str)>,
    },
}

impl std::fmt::Debug for Unlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Unlock([REDACTED])")
    }
}

impl Unlock {
    /// The master key; with it, the key slot a passphrase opened, or the
    /// expiry of the session that gave it.
    fn master_key(self, header: &Header) -> Result<(Key, KeySource)> {
        let passphrase = match self {
            Unlock::MasterKey(key) => return Ok((key, KeySource::Key)),
            Unlock::Passphrase(p) => p,
            Unlock::Deferred(f) => f()?,
            Unlock::Session {
                token,
                fallback,
                warn,
            } => {
                return match crate::session::resolve(&token, header) {
                    Ok((key, expires)) => Ok((key, KeySource::Session { expires })),
                    Err(why) => {
                        warn(&format!(
                            "the session is not usable ({why}); trying the other passphrase sources"
                        ));
                        fallback.master_key(header).map_err(|e| match e {
                            Error::Unlock { message, hint } => Error::Unlock {
                                message: format!("{message} (and the session in SESAME_SESSION is not usable: {why})"),
                                hint: hint.or_else(|| Some("run `eval \"$(sesame unlock)\"` to start a new session".into())),
                            },
                            other => other,
                        })
                    }
                };
            }
        };
        unwrap_master(header, passphrase).map(|(key, slot)| (key, KeySource::Slot(slot)))
    }
}

/// How the master key was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeySource {
    /// A passphrase opened this key slot.
    Slot(usize),
    /// A session that lasts until this time (Unix seconds).
    Session { expires: i64 },
    /// A master key was given.
    Key,
}

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
    /// journal line).
    pub warn: fn(&str),
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions {
            allow_rollback: false,
            history_limit: 10,
            rollback_state: store::seen::default_dir(),
            journal: store::seen::default_dir().and_then(|d| d.parent().map(|p| p.join("reads"))),
            warn: |message| eprintln!("sesame: warning: {message}"),
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

struct Keys {
    master: Key,
    file: Key,
}

/// An open vault.
pub struct Vault {
    path: PathBuf,
    file: File,
    header: Header,
    keys: Keys,
    index: Index,
    /// Decrypted sections, by owner.
    sections: HashMap<Owner, Section>,
    /// Owners whose section changed (or was removed) since opening.
    dirty: BTreeSet<Owner>,
    /// The key slot the passphrase opened (for `passwd`).
    unlocked_slot: Option<usize>,
    /// When the session that opened the vault ends, if one did.
    session_expires: Option<i64>,
    /// Last-read times by journal label, loaded on first use.
    last_reads: Option<HashMap<String, i64>>,
    options: OpenOptions,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Current time, Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn damaged(path: &Path, reason: &'static str) -> Error {
    Error::Damaged {
        path: path.to_path_buf(),
        reason,
    }
}

impl Vault {
    /// Creates a new, empty vault at `path` with one passphrase slot.
    /// Never overwrites an existing file (exit 4).
    pub fn create(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
    ) -> Result<()> {
        Vault::create_with_master_key(path, passphrase, kdf, options, Key::random())
    }

    /// [`Vault::create`] with a given master key: for the fuzzing seeds
    /// only (see [`FUZZ_MASTER_KEY`]). A real vault's key must be random.
    #[doc(hidden)]
    pub fn create_with_master_key(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
        master: Key,
    ) -> Result<()> {
        kdf.check()
            .map_err(|message| Error::KdfPolicy { message })?;
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
            header,
            &derive_keys(&master, &vault_id),
            Vec::new(),
        )?;
        store::seen::record(options.rollback_state.as_deref(), &vault_id, 1);
        Ok(())
    }

    /// Opens the vault at `path` for reading.
    pub fn open(path: &Path, unlock: Unlock, options: &OpenOptions) -> Result<Vault> {
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
        let (master, source) = unlock.master_key(&header)?;
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
        // Only a newer generation is worth a write to the state dir; most
        // opens (every warm get) skip it.
        if header.generation > seen {
            store::seen::record(
                options.rollback_state.as_deref(),
                &header.vault_id,
                header.generation,
            );
        }
        Ok(Vault {
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
            session_expires,
            last_reads: None,
            options: options.clone(),
        })
    }

    /// Applies `change` to the latest vault under the write lock, reusing
    /// this vault's master key (no second key derivation). For commands
    /// that read before they write, e.g. to learn a secret's type before
    /// reading its new value: the change still lands on top of whatever
    /// other writers did meanwhile.
    pub fn edit_again<T>(self, change: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let unlock = Unlock::MasterKey(self.keys.master.clone());
        let slot = self
            .unlocked_slot
            .map(|i| (i, self.header.slots[i].clone()));
        Vault::edit(&self.path, unlock, &self.options, |latest| {
            // The passphrase we were opened with still opens the latest
            // vault only if its slot is unchanged (no `passwd` meanwhile).
            latest.unlocked_slot =
                slot.and_then(|(i, old)| (latest.header.slots.get(i) == Some(&old)).then_some(i));
            change(latest)
        })
    }

    /// Opens the vault under its write lock, applies `change`, and saves
    /// the result atomically. Nothing is written when `change` fails.
    pub fn edit<T>(
        path: &Path,
        unlock: Unlock,
        options: &OpenOptions,
        change: impl FnOnce(&mut Vault) -> Result<T>,
    ) -> Result<T> {
        let _lock = store::WriteLock::acquire(path, store::lock_timeout()?)?;
        store::remove_stale_temps(path);
        let mut vault = Vault::open(path, unlock, options)?;
        let out = change(&mut vault)?;
        vault.save()?;
        Ok(out)
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

    /// Starts a session for this vault (see [`crate::session`]): returns
    /// the token and its expiry.
    pub fn start_session(&self, ttl: std::time::Duration) -> Result<(SecretString, i64)> {
        crate::session::create(&self.header, &self.keys.master, ttl)
    }

    /// Bumps the session epoch, which ends every session made before,
    /// wherever its file is.
    pub fn end_sessions(&mut self) {
        self.header.session_epoch += 1;
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
    fn section(&mut self, owner: &Owner) -> Result<Option<&Section>> {
        if !self.sections.contains_key(owner) {
            let Some(entry) = self.index.find(owner) else {
                return Ok(None);
            };
            let section = self.load_section(entry)?;
            self.sections.insert(owner.clone(), section);
        }
        Ok(self.sections.get(owner))
    }

    fn load_section(&self, entry: &IndexEntry) -> Result<Section> {
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

    fn section_mut(&mut self, owner: &Owner) -> Result<&mut Section> {
        if self.section(owner)?.is_none() {
            self.sections
                .insert(owner.clone(), Section::new(owner.clone()));
        }
        self.dirty.insert(owner.clone());
        Ok(self.sections.get_mut(owner).expect("inserted above"))
    }

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

    fn entry(&mut self, id: &SecretId) -> Result<&Entry> {
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

    /// The analogue of the seed system's
    /// `get_settings(owner_type, owner_id, path, decrypt)`: the secrets of
    /// one owner under `path` (segment by segment), with values only when
    /// `decrypt` is true.
    pub fn get_settings(
        &mut self,
        owner_type: OwnerType,
        owner_id: &str,
        path: Option<&str>,
        decrypt: bool,
    ) -> Result<Vec<Setting>> {
        let prefix = Prefix::from_parts(Some(owner_type), Some(owner_id), path)?;
        self.list(&prefix, None, decrypt)
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
            return Err(Error::usage(format!(
                "{id} is a {} secret; a new version must be one too",
                entry.kind
            )));
        }
        let number = entry.current().number + 1;
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

    fn journal(&self) -> Option<journal::Journal> {
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
    pub fn export_record(&mut self, id: &SecretId) -> Result<crate::import::Record> {
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
        Ok(crate::import::Record {
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
    pub fn put_record(&mut self, record: crate::import::Record) -> Result<()> {
        let kind = record
            .versions
            .first()
            .map(|v| v.2.kind())
            .ok_or_else(|| Error::usage("a secret needs a version"))?;
        if record.versions.iter().any(|v| v.2.kind() != kind) {
            return Err(Error::usage(format!(
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

    /// Makes a new version of `id` with the content of version `to`.
    /// Returns the new version's number.
    pub fn rollback(&mut self, id: &SecretId, to: u32) -> Result<u32> {
        let fields = self.fields(id, Some(to))?;
        self.add_version(id, fields, None)
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
            hint: None,
        })?;
        let Slot::Passphrase { kdf, .. } = self.header.slots[index] else {
            unreachable!("a passphrase opened a passphrase slot")
        };
        self.header.slots[index] =
            make_passphrase_slot(&self.header.vault_id, &self.keys.master, passphrase, kdf)?;
        Ok(())
    }

    fn seal_value(&self, id: &SecretId, version: u32, fields: &Fields) -> Sealed {
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

    /// Writes the vault with every change made since it was opened.
    fn save(mut self) -> Result<()> {
        let generation = if self.options.allow_rollback {
            self.header.generation.max(store::seen::get(
                self.options.rollback_state.as_deref(),
                &self.header.vault_id,
            )) + 1
        } else {
            self.header.generation + 1
        };
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
                let key = scope_key(&self.keys.master, &self.header.vault_id, &owner, b"meta");
                let plain = format::encode_section(&section);
                let (nonce, ct) =
                    crypto::seal(&key, &section_aad(&self.header.vault_id, &owner), &plain);
                parts.push((
                    owner,
                    SectionBytes::New {
                        nonce,
                        ct,
                        secrets: section.entries.len() as u32,
                    },
                ));
            } else {
                let old = self
                    .index
                    .find(&owner)
                    .expect("owner from the index")
                    .clone();
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
        );
        Ok(())
    }
}

/// A section to write: re-sealed, or carried over byte for byte.
enum SectionBytes {
    New {
        nonce: [u8; crypto::NONCE_LEN],
        ct: Vec<u8>,
        secrets: u32,
    },
    Old(IndexEntry),
}

impl SectionBytes {
    fn len(&self) -> usize {
        match self {
            SectionBytes::New { ct, .. } => ct.len(),
            SectionBytes::Old(e) => e.len as usize,
        }
    }
}

/// Writes a whole vault: `parts` are re-sealed sections, or sections
/// carried over byte for byte from `old`, the file the vault was opened from.
fn write_file(
    path: &Path,
    old: Option<&File>,
    replace: store::Replace,
    mut header: Header,
    keys: &Keys,
    parts: Vec<(Owner, SectionBytes)>,
) -> Result<()> {
    let mut index = Index {
        data_end: 0,
        entries: parts
            .iter()
            .map(|(owner, bytes)| {
                let (nonce, secrets) = match bytes {
                    SectionBytes::New { nonce, secrets, .. } => (*nonce, *secrets),
                    SectionBytes::Old(e) => (e.nonce, e.secrets),
                };
                IndexEntry {
                    owner: owner.clone(),
                    offset: 0,
                    len: bytes.len() as u32,
                    nonce,
                    secrets,
                }
            })
            .collect(),
    };
    header.index_nonce = crypto::random_nonce();
    header.index_len = (index.encoded_len() + crypto::TAG_LEN) as u32;
    let mut offset = (header.encoded_len() + header.index_len as usize) as u64;
    for e in &mut index.entries {
        e.offset = offset;
        offset += e.len as u64;
    }
    index.data_end = offset;
    let header_bytes = header.encode();
    let sealed_index = crypto::seal_with_nonce(
        &keys.file,
        &header.index_nonce,
        &header_bytes,
        &index.encode(),
    );
    let total = offset.div_ceil(FILE_ALIGN as u64) * FILE_ALIGN as u64;
    store::write_atomic(path, replace, |w| {
        let io = |e| Error::io("cannot write vault", path, e);
        w.write_all(&header_bytes).map_err(io)?;
        w.write_all(&sealed_index).map_err(io)?;
        for (_, bytes) in &parts {
            match bytes {
                SectionBytes::New { ct, .. } => w.write_all(ct).map_err(io)?,
                SectionBytes::Old(e) => {
                    let old = old.expect("carried-over sections come from the file opened");
                    let buf = store::read_at(old, path, e.offset, e.len as usize)?;
                    w.write_all(&buf).map_err(io)?;
                }
            }
        }
        w.write_all(&vec![0u8; (total - offset) as usize])
            .map_err(io)?;
        Ok(())
    })
}

/// Opens the file at `path` and reads its header, checking its checksum
/// and that it is not older than the newest generation seen here.
///
/// Readers take no lock, so a writer may replace the vault between our
/// open and our look at the rollback state (which writers update after
/// the rename). A lower generation is a rollback only if the path still
/// holds the file we opened; if it was replaced, we read the new one.
/// The vault file as [`read_current_header`] found it.
struct CurrentHeader {
    file: File,
    size: u64,
    bytes: Vec<u8>,
    header: Header,
    /// The highest generation recorded here before this open.
    seen: u64,
}

fn read_current_header(path: &Path, options: &OpenOptions) -> Result<CurrentHeader> {
    use std::os::unix::fs::MetadataExt;
    let mut attempts = 0;
    loop {
        let (file, size) = store::open_vault(path)?;
        let prefix = store::read_at(&file, path, 0, (size as usize).min(16))?;
        let header_len = Header::peek_len(&prefix).map_err(|e| header_error(path, e))?;
        if size < FILE_ALIGN as u64 || size % FILE_ALIGN as u64 != 0 || (header_len as u64) > size {
            return Err(damaged(path, "truncated or extended"));
        }
        let header_bytes = store::read_at(&file, path, 0, header_len)?;
        let header = Header::decode(&header_bytes).map_err(|e| header_error(path, e))?;
        let seen = store::seen::get(options.rollback_state.as_deref(), &header.vault_id);
        if header.generation >= seen || options.allow_rollback {
            return Ok(CurrentHeader {
                file,
                size,
                bytes: header_bytes,
                header,
                seen,
            });
        }
        let ours = file.metadata().map(|m| (m.dev(), m.ino())).ok();
        let now = std::fs::metadata(path).map(|m| (m.dev(), m.ino())).ok();
        attempts += 1;
        if ours == now || attempts >= 10 {
            return Err(Error::Rollback {
                path: path.to_path_buf(),
                found: header.generation,
                seen,
            });
        }
    }
}

fn header_error(path: &Path, e: HeaderError) -> Error {
    match e {
        HeaderError::NotAVault => damaged(path, "not a sesame vault"),
        HeaderError::UnknownVersion(_) => {
            damaged(path, "unknown format version; a newer sesame may read it")
        }
        HeaderError::Damaged => damaged(path, "the header fails its checksum"),
    }
}

fn derive_keys(master: &Key, vault_id: &[u8; 16]) -> Keys {
    Keys {
        master: master.clone(),
        file: crypto::derive_subkey(master, vault_id, &[b"sesame v1 file"]),
    }
}

/// The metadata (`kind = b"meta"`) or value (`b"value"`) key of one owner
/// scope.
fn scope_key(master: &Key, vault_id: &[u8; 16], owner: &Owner, kind: &[u8]) -> Key {
    let t = owner.owner_type().as_str().as_bytes();
    let id = owner.owner_id().as_bytes();
    crypto::derive_subkey(
        master,
        vault_id,
        &[b"sesame v1 scope ", kind, &lp(t), t, &lp(id), id],
    )
}

fn lp(part: &[u8]) -> [u8; 4] {
    (part.len() as u32).to_le_bytes()
}

fn push_lp(aad: &mut Vec<u8>, part: &[u8]) {
    aad.extend_from_slice(&lp(part));
    aad.extend_from_slice(part);
}

fn section_aad(vault_id: &[u8; 16], owner: &Owner) -> Vec<u8> {
    let mut aad = b"sesame section v1".to_vec();
    aad.extend_from_slice(vault_id);
    push_lp(&mut aad, owner.owner_type().as_str().as_bytes());
    push_lp(&mut aad, owner.owner_id().as_bytes());
    aad
}

/// The AAD of a sealed value: the vault, the secret's ID in
/// length-prefixed parts, and the version, so a value moved to another
/// secret or version no longer opens.
fn value_aad(vault_id: &[u8; 16], id: &SecretId, version: u32) -> Vec<u8> {
    let mut aad = b"sesame value v1".to_vec();
    aad.extend_from_slice(vault_id);
    push_lp(&mut aad, id.owner().owner_type().as_str().as_bytes());
    push_lp(&mut aad, id.owner().owner_id().as_bytes());
    push_lp(&mut aad, id.path().as_bytes());
    aad.extend_from_slice(&version.to_le_bytes());
    aad
}

fn make_passphrase_slot(
    vault_id: &[u8; 16],
    master: &Key,
    passphrase: &SecretString,
    kdf: KdfParams,
) -> Result<Slot> {
    let mut salt = [0u8; 32];
    crypto::fill_random(&mut salt);
    let kek = crypto::derive_kek(passphrase, &salt, kdf)
        .map_err(|message| Error::KdfPolicy { message })?;
    let mut plain = Zeroizing::new([0u8; 64]);
    plain[32..].copy_from_slice(master.expose_secret());
    let (nonce, ct) = crypto::seal(&kek, &format::slot_aad(vault_id, &kdf, &salt), &plain[..]);
    let wrapped = ct.try_into().expect("64 bytes seal to WRAPPED_LEN");
    Ok(Slot::Passphrase {
        kdf,
        salt,
        nonce,
        wrapped,
    })
}

/// Tries every passphrase slot; the zero prefix, compared in constant
/// time, makes the unwrap key-committing.
fn unwrap_master(header: &Header, passphrase: SecretString) -> Result<(Key, usize)> {
    for (i, slot) in header.slots.iter().enumerate() {
        let Slot::Passphrase {
            kdf,
            salt,
            nonce,
            wrapped,
        } = slot
        else {
            continue;
        };
        let kek = crypto::derive_kek(&passphrase, salt, *kdf)
            .map_err(|message| Error::KdfPolicy { message })?;
        let Some(plain) = crypto::open(
            &kek,
            nonce,
            &format::slot_aad(&header.vault_id, kdf, salt),
            wrapped,
        ) else {
            continue;
        };
        if plain.len() == 64 && bool::from(plain[..32].ct_eq(&[0u8; 32])) {
            let mut key = [0u8; 32];
            key.copy_from_slice(&plain[32..]);
            return Ok((Key::from_bytes(key), i));
        }
    }
    Err(Error::Unlock {
        message: "wrong passphrase: it does not open this vault".into(),
        hint: None,
    })
}

fn pick_version<'e>(
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

fn secret_info(id: &SecretId, entry: &Entry, version: u32) -> SecretInfo {
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
    }
}

fn open_value(
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

/// Where each owner's sealed section lies: `(offset, length)` by owner.
/// For the threat tests, which splice sections between files.
#[doc(hidden)]
pub fn section_spans(vault: &Vault) -> BTreeMap<String, (u64, u32)> {
    vault
        .index
        .entries
        .iter()
        .map(|e| (e.owner.to_string(), (e.offset, e.len)))
        .collect()
}

#[cfg(test)]
mod tests;
