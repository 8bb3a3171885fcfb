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

pub mod crypto;
pub mod error;
pub mod format;
mod format1;
mod image;
// The fuzz targets parse journal lines and session files directly.
#[cfg(fuzzing)]
pub mod journal;
#[cfg(not(fuzzing))]
pub(crate) mod journal;
pub mod keys;
pub mod model;
mod ops;
pub(crate) mod store;
mod types;
pub mod v2;
mod verify;

pub use format::codec;
#[cfg(any(test, fuzzing, feature = "fuzz-seeds"))]
pub use keys::FUZZ_MASTER_KEY;
pub use keys::Unlock;

use std::collections::BTreeMap;
use std::path::Path;

use crate::id::{Owner, OwnerType, Prefix, SecretId};
use crate::secret::SecretString;
use crate::secret_type::{Fields, SecretType};
pub use error::{Advice, Error, Result};

pub use crypto::KdfParams;
use format1::Format1;
pub(crate) use ops::open_value;
pub use types::{
    ExportedSecret, LoadHint, NewSecret, OpenOptions, SecretInfo, Setting, VaultInfo, now,
};
pub use v2::ops::Role;
use v2::vault::Format2;
pub use v2::vault::{
    ConflictInfo, GrantScope, HeadInfo, LogEntry, MemberInfo, NewMember, SlotInfo, login_name,
    parse_role, role_name,
};
pub use verify::OwnerCheck;

/// An open vault, of either format.
pub struct Vault {
    inner: Inner,
}

enum Inner {
    V1(Box<Format1>),
    V2(Box<Format2>),
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path())
            .finish_non_exhaustive()
    }
}

/// Calls the same method on whichever format is open.
macro_rules! dispatch {
    ($self:expr, $v:ident => $call:expr) => {
        match $self {
            Inner::V1($v) => $call,
            Inner::V2($v) => $call,
        }
    };
}

pub(crate) fn damaged(path: &Path, reason: &'static str) -> Error {
    Error::Damaged {
        path: path.to_path_buf(),
        reason,
    }
}

impl Vault {
    /// Creates a new, empty format-2 vault at `path` whose only member, a
    /// vault owner, is `options.member` (else the login name, else
    /// `owner`), unlocking with `passphrase`. Never overwrites an existing
    /// file (exit 4).
    pub fn create(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
    ) -> Result<()> {
        kdf.check()
            .map_err(|message| Error::KdfPolicy { message })?;
        let name = founder_name(options)?;
        Format2::create(
            path,
            &name,
            &v2::engine::NewSlot::Passphrase(passphrase, kdf),
            options,
        )
    }

    /// Creates a new format-2 vault whose founder `name` unlocks with an
    /// age or ssh-ed25519 recipient's identity.
    pub fn create_for_recipient(
        path: &Path,
        name: &str,
        recipient: &v2::keys::slot::Recipient,
        options: &OpenOptions,
    ) -> Result<()> {
        check_member_name(name)?;
        Format2::create(
            path,
            name,
            &v2::engine::NewSlot::Recipient(recipient),
            options,
        )
    }

    /// Creates a new, empty format-1 vault (for vaults that an older
    /// sesame must still read).
    pub fn create_v1(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
    ) -> Result<()> {
        Format1::create(path, passphrase, kdf, options)
    }

    /// [`Vault::create`] with a given master key: for the fuzzing seeds
    /// only (see [`FUZZ_MASTER_KEY`]). A real vault's key must be random.
    #[cfg(any(test, fuzzing, feature = "fuzz-seeds"))]
    #[doc(hidden)]
    pub fn create_with_master_key(
        path: &Path,
        passphrase: &SecretString,
        kdf: KdfParams,
        options: &OpenOptions,
        master: crate::secret::Key,
    ) -> Result<()> {
        Format1::create_with_master_key(path, passphrase, kdf, options, master)
    }

    /// Opens the vault at `path` for reading, whichever its format.
    pub fn open(path: &Path, unlock: Unlock, options: &OpenOptions) -> Result<Vault> {
        let inner = if format_of(path)? == v2::vault::FORMAT_VERSION {
            Inner::V2(Box::new(Format2::open(path, unlock, options)?))
        } else {
            Inner::V1(Box::new(Format1::open(path, unlock, options)?))
        };
        Ok(Vault { inner })
    }

    /// The format of the open vault: 1 or 2.
    pub fn format_version(&self) -> u16 {
        match &self.inner {
            Inner::V1(_) => format::FORMAT_VERSION,
            Inner::V2(_) => v2::vault::FORMAT_VERSION,
        }
    }

    /// Opens the vault under its write lock, applies `change`, and saves
    /// the result atomically. Nothing is written when `change` fails. A
    /// `path` that is a symbolic link is resolved once, first: the lock,
    /// the temp file and the rename are beside the real file, and the link
    /// stays a link.
    pub fn edit<T>(
        path: &Path,
        unlock: Unlock,
        options: &OpenOptions,
        change: impl FnOnce(&mut Vault) -> Result<T>,
    ) -> Result<T> {
        let path = &store::resolve_vault_link(path)?;
        let _lock = store::WriteLock::acquire(path, store::lock_timeout()?)?;
        store::remove_stale_temps(path);
        let mut vault = Vault::open(path, unlock, options)?;
        let out = change(&mut vault)?;
        vault.save()?;
        Ok(out)
    }

    /// Applies `change` to the latest vault under the write lock, reusing
    /// the keys this vault was opened with (no second key derivation). For
    /// commands that read before they write, e.g. to learn a secret's type
    /// before reading its new value: the change still lands on top of
    /// whatever other writers did meanwhile.
    pub fn edit_again<T>(self, change: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let path = self.path().to_path_buf();
        match self.inner {
            Inner::V1(v1) => {
                let (unlock, options, slot) = v1.reopen();
                Vault::edit(&path, unlock, &options, |latest| {
                    match &mut latest.inner {
                        Inner::V1(l) => l.keep_slot(slot),
                        Inner::V2(_) => return Err(changed_format(&path)),
                    }
                    change(latest)
                })
            }
            Inner::V2(v2) => {
                let (unlock, options, slot) = v2.reopen();
                Vault::edit(&path, unlock, &options, |latest| {
                    match &mut latest.inner {
                        Inner::V2(l) => l.keep_slot(slot),
                        Inner::V1(_) => return Err(changed_format(&path)),
                    }
                    change(latest)
                })
            }
        }
    }

    /// The format-1 vault inside, for the unit tests that reach into it.
    #[cfg(test)]
    pub(crate) fn v1(&mut self) -> &mut Format1 {
        match &mut self.inner {
            Inner::V1(v) => v,
            Inner::V2(_) => panic!("a format-2 vault"),
        }
    }

    /// Opens the latest file again with the keys this vault was opened
    /// with (no key derivation): to read what another writer, or git, made
    /// of it.
    pub fn reopen(&self) -> Result<Vault> {
        let path = self.path().to_path_buf();
        match &self.inner {
            Inner::V1(v1) => {
                let (unlock, options, slot) = v1.reopen();
                let mut latest = Vault::open(&path, unlock, &options)?;
                if let Inner::V1(l) = &mut latest.inner {
                    l.keep_slot(slot);
                }
                Ok(latest)
            }
            Inner::V2(v2) => {
                let (unlock, options, slot) = v2.reopen();
                let mut latest = Vault::open(&path, unlock, &options)?;
                if let Inner::V2(l) = &mut latest.inner {
                    l.keep_slot(slot);
                }
                Ok(latest)
            }
        }
    }

    fn save(self) -> Result<()> {
        dispatch!(self.inner, v => v.save())
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        dispatch!(&self.inner, v => v.path())
    }

    /// When the session that opened this vault ends (Unix seconds), if a
    /// session opened it.
    pub fn session_expires(&self) -> Option<i64> {
        dispatch!(&self.inner, v => v.session_expires())
    }

    /// Starts a session for this vault (see `vault::keys::session`): returns
    /// the token and its expiry.
    pub fn start_session(&self, ttl: std::time::Duration) -> Result<(SecretString, i64)> {
        dispatch!(&self.inner, v => v.start_session(ttl))
    }

    /// Ends every session made before, wherever its file is.
    pub fn end_sessions(&mut self) {
        dispatch!(&mut self.inner, v => v.end_sessions())
    }

    /// This vault's id.
    pub fn vault_id(&self) -> [u8; 16] {
        dispatch!(&self.inner, v => v.vault_id())
    }

    /// Takes the KEK (with its salt and KDF parameters) of the passphrase
    /// slot that opened this format-1 vault, if a passphrase opened it and
    /// nothing took it yet: for the upgrade to format 2, which makes the
    /// member's new passphrase slot from it instead of running Argon2
    /// again. Taking it leaves none behind.
    pub fn take_passphrase_kek(&mut self) -> Option<keys::PassphraseKek> {
        match &mut self.inner {
            Inner::V1(v) => v.take_passphrase_kek(),
            Inner::V2(_) => None,
        }
    }

    /// The options this vault was opened with.
    pub(crate) fn options(&self) -> &OpenOptions {
        dispatch!(&self.inner, v => &v.options)
    }

    /// The vault id, read from the header alone (no key needed).
    pub fn peek_id(path: &Path) -> Result<[u8; 16]> {
        if format_of(path)? == v2::vault::FORMAT_VERSION {
            let (file, size) = store::open_vault(path)?;
            let head = store::read_at(
                &file,
                path,
                0,
                size.min(v2::image::HEADER_LEN as u64) as usize,
            )?;
            return head
                .get(12..28)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| damaged(path, "truncated"));
        }
        Format1::peek_id(path)
    }

    /// What `info` shows.
    pub fn info(&self) -> VaultInfo {
        dispatch!(&self.inner, v => v.info())
    }

    /// Every owner with at least one secret, sorted.
    pub fn owners(&self) -> Vec<Owner> {
        dispatch!(&self.inner, v => v.owners())
    }

    /// Whether `id` exists.
    pub fn contains(&mut self, id: &SecretId) -> Result<bool> {
        dispatch!(&mut self.inner, v => v.contains(id))
    }

    /// Metadata of `id` (current version, or `version`).
    pub fn info_of(&mut self, id: &SecretId, version: Option<u32>) -> Result<SecretInfo> {
        dispatch!(&mut self.inner, v => v.info_of(id, version))
    }

    /// Decrypts the fields of `id` (current version, or `version`).
    pub fn fields(&mut self, id: &SecretId, version: Option<u32>) -> Result<Fields> {
        dispatch!(&mut self.inner, v => v.fields(id, version))
    }

    /// The secrets under `prefix`, sorted by ID, optionally of one type,
    /// with their fields when `decrypt` (and only then is anything
    /// decrypted beyond the metadata).
    pub fn list(
        &mut self,
        prefix: &Prefix,
        kind: Option<SecretType>,
        decrypt: bool,
    ) -> Result<Vec<Setting>> {
        dispatch!(&mut self.inner, v => v.list(prefix, kind, decrypt))
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
        dispatch!(&mut self.inner, v => v.add(id, secret, force))
    }

    /// Adds the next version of an existing secret; its type must not change.
    pub fn add_version(
        &mut self,
        id: &SecretId,
        fields: Fields,
        description: Option<String>,
    ) -> Result<u32> {
        dispatch!(&mut self.inner, v => v.add_version(id, fields, description))
    }

    /// Removes secrets with all their versions. Unless `force`, every ID
    /// must exist, and none is removed when one does not. Returns the IDs
    /// removed.
    pub fn remove(&mut self, ids: &[SecretId], force: bool) -> Result<Vec<SecretId>> {
        dispatch!(&mut self.inner, v => v.remove(ids, force))
    }

    /// Records that the values of `ids` were read now, in the access
    /// journal (never in the vault file). Best effort: a journal that
    /// cannot be written is a warning, not a failed read.
    pub fn record_reads(&self, ids: &[SecretId]) {
        dispatch!(&self.inner, v => v.record_reads(ids))
    }

    /// When the value of `id` was last read (Unix seconds), if the journal
    /// remembers.
    pub fn last_read(&mut self, id: &SecretId) -> Option<i64> {
        dispatch!(&mut self.inner, v => v.last_read(id))
    }

    /// Sets or clears the rotation period and expiry of `id`
    /// (`None` leaves one as it is, `Some(None)` clears it).
    pub fn set_policy(
        &mut self,
        id: &SecretId,
        rotate_every: Option<Option<i64>>,
        expires: Option<Option<i64>>,
    ) -> Result<()> {
        dispatch!(&mut self.inner, v => v.set_policy(id, rotate_every, expires))
    }

    /// Everything about `id` that an export carries, every kept version
    /// decrypted.
    pub fn export_record(&mut self, id: &SecretId) -> Result<ExportedSecret> {
        dispatch!(&mut self.inner, v => v.export_record(id))
    }

    /// Stores a whole secret as an export carried it, replacing any secret
    /// with its ID. Every version must be of one type.
    pub fn put_record(&mut self, record: ExportedSecret) -> Result<()> {
        dispatch!(&mut self.inner, v => v.put_record(record))
    }

    /// The kept versions of `id`, oldest first: `(number, created)`.
    pub fn versions(&mut self, id: &SecretId) -> Result<Vec<(u32, i64)>> {
        dispatch!(&mut self.inner, v => v.versions(id))
    }

    /// Makes a new version of `id` with the content of version `to`.
    /// Returns the new version's number.
    pub fn rollback(&mut self, id: &SecretId, to: u32) -> Result<u32> {
        let fields = self.fields(id, Some(to))?;
        self.add_version(id, fields, None)
    }

    /// Renames `old` to `new`, keeping versions, times, type and
    /// description.
    pub fn rename(&mut self, old: &SecretId, new: &SecretId) -> Result<()> {
        dispatch!(&mut self.inner, v => v.rename(old, new))
    }

    /// Replaces the passphrase that opened the vault by `passphrase`, with
    /// the same KDF parameters. No secret is sealed again.
    pub fn change_passphrase(&mut self, passphrase: &SecretString) -> Result<()> {
        dispatch!(&mut self.inner, v => v.change_passphrase(passphrase))
    }

    /// New keys (`passwd --rekey`): format 1 replaces the master key and
    /// seals everything again; format 2 gives the member new keys and moves
    /// every scope they own to new keys. Returns the owners of the scopes
    /// it could not move (format 2: held without owning them).
    pub fn rekey(&mut self, passphrase: &SecretString) -> Result<Vec<Owner>> {
        match &mut self.inner {
            Inner::V1(v) => v.rekey(passphrase).map(|()| vec![]),
            Inner::V2(v) => v.rekey(passphrase),
        }
    }

    /// Checks everything this vault holds that can be read, owner by
    /// owner, sorted.
    pub fn verify(&mut self) -> Result<Vec<OwnerCheck>> {
        dispatch!(&mut self.inner, v => v.verify())
    }
}

fn needs_format_2() -> Error {
    Error::invalid_advice(
        "this vault is format 1: members, grants and sync need format 2",
        Advice::Upgrade,
    )
}

/// Members and grants: format 2 only (teams-sync.md).
impl Vault {
    fn v2(&self) -> Result<&Format2> {
        match &self.inner {
            Inner::V2(v) => Ok(v),
            Inner::V1(_) => Err(needs_format_2()),
        }
    }

    fn v2_mut(&mut self) -> Result<&mut Format2> {
        match &mut self.inner {
            Inner::V2(v) => Ok(v),
            Inner::V1(_) => Err(needs_format_2()),
        }
    }

    /// Every live member, by name.
    pub fn members(&self) -> Result<Vec<MemberInfo>> {
        Ok(self.v2()?.members())
    }

    /// The member who unlocked.
    pub fn whoami(&self) -> Result<MemberInfo> {
        Ok(self.v2()?.whoami())
    }

    /// Adds a member with one slot (vault owners only; exit 4 if the name
    /// is taken). No secret is sealed again.
    pub fn add_member(&mut self, name: &str, how: &NewMember<'_>) -> Result<()> {
        check_member_name(name)?;
        self.v2_mut()?.add_member(name, how)
    }

    /// Removes a member: their grants go, every scope they could read moves
    /// to new keys. Returns the IDs whose values they could read.
    pub fn remove_member(&mut self, name: &str) -> Result<Vec<SecretId>> {
        self.v2_mut()?.remove_member(name)
    }

    /// Makes a member a vault owner, or not.
    pub fn set_owner(&mut self, name: &str, owner: bool) -> Result<()> {
        self.v2_mut()?.set_owner(name, owner)
    }

    /// Gives a member a role on a scope (a lower one than held revokes the
    /// higher one, with a rotation). Returns the IDs whose values they
    /// could read and no longer may.
    pub fn grant(&mut self, name: &str, scope: &GrantScope, role: Role) -> Result<Vec<SecretId>> {
        self.v2_mut()?.grant(name, scope, role)
    }

    /// Takes a member's grant on a scope away, moving it to new keys.
    /// Returns the IDs whose values they could read.
    pub fn revoke(&mut self, name: &str, scope: &GrantScope) -> Result<Vec<SecretId>> {
        self.v2_mut()?.revoke(name, scope)
    }

    /// Who holds which role on each scope the member can see.
    pub fn access(&self) -> Result<Vec<(Owner, String, Role)>> {
        Ok(self.v2()?.access())
    }

    /// The unlocking member's role on `owner`'s scope, if any: format 1
    /// has one user, who may do everything.
    pub fn my_role(&self, owner: &Owner) -> Option<Role> {
        match &self.inner {
            Inner::V1(_) => Some(Role::Owner),
            Inner::V2(v) => v.my_role(owner),
        }
    }

    /// Adds a slot to the unlocking member's own slots.
    pub fn add_slot(&mut self, how: &NewMember<'_>) -> Result<SlotInfo> {
        self.v2_mut()?.add_slot(how)
    }

    /// Removes one of the unlocking member's slots, by fingerprint.
    pub fn remove_slot(&mut self, which: &str) -> Result<SlotInfo> {
        self.v2_mut()?.remove_slot(which)
    }

    /// A non-secret field of `id` (s3 region, endpoint, bucket; registry
    /// server, username) without decrypting its value: what a read member
    /// may see (format2.md D11). `None` on format 1 or for a field that is
    /// secret or unset.
    pub fn public_field(
        &mut self,
        id: &SecretId,
        version: Option<u32>,
        field: &str,
    ) -> Result<Option<String>> {
        match &self.inner {
            Inner::V1(_) => Ok(None),
            Inner::V2(v) => v.public_field(id, version, field),
        }
    }

    /// Who changed what, oldest first (format 2: from the signed records
    /// this member can read).
    pub fn log(&mut self) -> Result<Vec<LogEntry>> {
        self.v2_mut()?.log()
    }

    /// `verify --purge` (format 2, a vault owner): ends every record set
    /// aside in the scopes this member owns; each owner with how many.
    pub fn purge_set_aside(&mut self) -> Result<Vec<(Owner, usize)>> {
        self.v2_mut()?.purge_set_aside()
    }

    /// Every secret in conflict (format 2; none on format 1).
    pub fn conflicts(&self) -> Vec<ConflictInfo> {
        match &self.inner {
            Inner::V1(_) => vec![],
            Inner::V2(v) => v.conflicts(),
        }
    }

    /// Ends a conflict at `id` (`sesame resolve`): `pick` (a version
    /// number or short id) becomes the current value, else `value` does;
    /// the new version's parents are every head.
    pub fn resolve(
        &mut self,
        id: &SecretId,
        pick: Option<&str>,
        value: Option<Fields>,
    ) -> Result<()> {
        self.v2_mut()?.resolve(id, pick, value)
    }

    /// Makes the reads of `id` (`info_of`, `fields`, `versions`) mean the
    /// secret shown as `ID@<short>`: one of a path created twice on two
    /// clones (format 2). Exit 3 if there is none.
    pub fn select_instance(&mut self, id: &SecretId, short: &str) -> Result<()> {
        match &mut self.inner {
            Inner::V1(_) => Err(Error::SecretNotFound {
                id: format!("{id}@{short}"),
            }),
            Inner::V2(v) => v.select_instance(id, short),
        }
    }

    /// Whether the unlocking member may read the values of `id`'s scope.
    pub fn may_read_values(&self, id: &SecretId) -> bool {
        match &self.inner {
            Inner::V1(_) => true,
            Inner::V2(v) => v.may_read_values(id),
        }
    }
}

/// What [`Vault::upgrade`] converted.
#[derive(Clone, Debug)]
pub struct Upgraded {
    /// Secrets converted.
    pub secrets: u64,
    /// Their owners.
    pub owners: usize,
    /// Where the format-1 file is kept.
    pub backup: std::path::PathBuf,
}

/// The backup `sesame upgrade` keeps: `<vault>.v1.bak` beside the vault.
pub fn upgrade_backup_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".v1.bak");
    path.with_file_name(name)
}

impl Vault {
    /// Converts the format-1 vault at `path` to format 2 (docs/format2-design.md
    /// §9): under the write lock, opened with its passphrase (one key
    /// derivation: the new member slot reuses its key), the founding
    /// member `name`, a vault owner; the old file kept as
    /// `<vault>.v1.bak` (0600, never overwritten), the new one written
    /// atomically over the vault, format 1's sessions ended. A kill at any
    /// step leaves a vault that opens with the same passphrase. `None`:
    /// the vault is format 2 already, and nothing was done.
    pub fn upgrade(
        path: &Path,
        unlock: Unlock,
        options: &OpenOptions,
        name: &str,
    ) -> Result<Option<Upgraded>> {
        check_member_name(name)?;
        let path = &store::resolve_vault_link(path)?;
        let _lock = store::WriteLock::acquire(path, store::lock_timeout()?)?;
        store::remove_stale_temps(path);
        if format_of(path)? == v2::vault::FORMAT_VERSION {
            return Ok(None);
        }
        let backup = upgrade_backup_path(path);
        store::remove_stale_temps(&backup);
        let mut vault = Vault::open(path, unlock, options)?;
        let vault_id = vault.vault_id();
        let owners = vault.owners().len();
        let secrets = vault.info().secrets;
        let mut checkout =
            v2::local::Checkout::load(options.rollback_state.as_deref(), &vault_id, path);
        // The last-read times (`audit --unused-for`), to carry over: the
        // journal's labels are keyed from the vault's key, which changes.
        let mut reads = Vec::new();
        for setting in vault.list(&Prefix::all(), None, false)? {
            let id = setting.info.id;
            if let Some(when) = vault.last_read(&id) {
                reads.push((id, when));
            }
        }
        let (image, uk) = v2::upgrade::upgrade_keeping_key(&mut vault, name, checkout.device)?;
        let bytes = image.encode();
        drop(vault);
        let (file, size) = store::open_vault(path)?;
        let old = store::read_at(&file, path, 0, size as usize)?;
        drop(file);
        // A backup left by an upgrade that was killed after writing it is
        // this very file: keep it. Any other is the user's, never replaced.
        match std::fs::read(&backup) {
            Ok(existing) if existing == old => {}
            Ok(_) => return Err(Error::VaultExists { path: backup }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                store::write_atomic(&backup, store::Replace::NoClobber, |w| {
                    use std::io::Write;
                    w.write_all(&old)
                        .map_err(|e| Error::io("cannot write", &backup, e))
                })?
            }
            Err(e) => return Err(Error::io("cannot read", &backup, e)),
        }
        store::failpoint("backup-written", &backup)?;
        store::write_atomic(path, store::Replace::Overwrite, |w| {
            use std::io::Write;
            w.write_all(&bytes)
                .map_err(|e| Error::io("cannot write vault", path, e))
        })?;
        checkout.remember(&image, options.warn);
        if let Some(dir) = options.journal.as_deref()
            && !reads.is_empty()
        {
            let journal = v2::vault::journal_of(dir, &vault_id, &uk);
            if let Err(e) = journal.carry(&reads) {
                (options.warn)(&format!(
                    "the last-read times were not carried over to format 2: {e}"
                ));
            }
        }
        // Format 1's sessions held its master key: they open nothing now,
        // and their files go.
        let _ = keys::session::end_all(&vault_id);
        Ok(Some(Upgraded {
            secrets,
            owners,
            backup,
        }))
    }
}

/// The format a vault file announces (its first ten bytes: magic and
/// version). Anything that is not format 2 is left to format 1 to refuse
/// with its own errors.
fn format_of(path: &Path) -> Result<u16> {
    let (file, size) = store::open_vault(path)?;
    let head = store::read_at(&file, path, 0, size.min(10) as usize)?;
    if head.len() == 10 && head[..8] == format::MAGIC {
        Ok(u16::from_le_bytes([head[8], head[9]]))
    } else {
        Ok(format::FORMAT_VERSION)
    }
}

fn changed_format(path: &Path) -> Error {
    Error::Other {
        message: format!(
            "the vault '{}' changed format while this command ran; run it again",
            path.display()
        ),
    }
}

/// Member names: what `user/<name>` scopes and `--member` use, so they
/// follow owner-id rules.
pub fn check_member_name(name: &str) -> Result<()> {
    Owner::new(OwnerType::User, name).map(|_| ()).map_err(|_| {
        Error::invalid(format!(
            "{:?} is not a valid member name: use letters, digits, '.', '_' and '-'",
            crate::text::sanitize(name)
        ))
    })
}

/// The name `init` and `upgrade` give the founding member: `--member`
/// (or config), else the login name, else `owner`.
pub fn founder_name(options: &OpenOptions) -> Result<String> {
    let name = options
        .member
        .clone()
        .or_else(v2::vault::login_name)
        .unwrap_or_else(|| "owner".to_string());
    check_member_name(&name)?;
    Ok(name)
}

/// Where each owner's sealed section lies in a format-1 vault: `(offset,
/// length)` by owner. For the threat tests, which splice sections between
/// files.
#[doc(hidden)]
pub fn section_spans(vault: &Vault) -> BTreeMap<String, (u64, u32)> {
    match &vault.inner {
        Inner::V1(v) => format1::section_spans(v),
        Inner::V2(_) => BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests;
