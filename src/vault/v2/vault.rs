//! A format-2 vault file as the commands use it: the same operations as
//! format 1 (`crate::vault::Vault` dispatches to either), over the
//! [`Engine`] of the member who unlocked.
//!
//! The file is read lazily ([`Image::open`]: parts and pages when the
//! command needs them, each checked against its hash; what it reads is
//! narrowed by [`crate::vault::LoadHint`]), and opened by one member: a
//! passphrase, an identity file, a session or the keys of an
//! earlier open of the same vault find the member and their user key.
//! Changes collect in the engine and become one signed record when the
//! vault is saved, under format 1's write lock and atomic replace.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::id::{Owner, Prefix, SecretId};
use crate::secret::{Key, SecretString};
use crate::secret_type::{Fields, SecretType};
use crate::vault::crypto::{self, KdfParams};
use crate::vault::error::{Advice, Error, Result};
use crate::vault::keys::session;
use crate::vault::{
    ExportedSecret, LoadHint, NewSecret, OpenOptions, OwnerCheck, SecretInfo, Setting, Unlock,
    VaultInfo, journal, now, store,
};

use super::engine::{self, Engine, NewSlot};
use super::image::{Image, ImageError, OpenError};
use super::keys::slot::Slot;
use super::keys::{Identity, PassphraseIdentity, UserKey, load_identity};
use super::local::{self, Checkout};
use super::ops::{Role, ScopeId};
use super::record::MemberId;
use super::state::{Secret, Version};

/// The format number this module reads and writes.
pub const FORMAT_VERSION: u16 = 2;

/// An open format-2 vault.
pub struct Format2 {
    path: PathBuf,
    pub(crate) options: OpenOptions,
    engine: Engine,
    /// What this machine remembers of this checkout.
    checkout: Checkout,
    /// The passphrase slot that opened the vault (for `passwd`).
    passphrase_slot: Option<[u8; 16]>,
    /// When the session that opened the vault ends, if one did.
    session_expires: Option<i64>,
    /// `lock` or `passwd` asked to end this member's sessions.
    end_sessions: bool,
    /// Last-read times by journal label, loaded on first use.
    last_reads: Option<HashMap<String, i64>>,
    /// `ID@<short id>`: which of the secrets at a path created twice the
    /// reads of that ID mean.
    instance: Option<(SecretId, String)>,
    /// Last-read times to record under the new keys once a rekey is saved.
    carry_reads: Option<Vec<(SecretId, i64)>>,
}

fn damaged(path: &Path, reason: &'static str) -> Error {
    Error::Damaged {
        path: path.to_path_buf(),
        reason,
    }
}

/// Whether `file`, just written from `image`, opens as a file holding
/// the same records, checkpoints and pages, every record's head where its
/// row puts it and matching its id.
fn reads_back_as(file: std::fs::File, image: &Image) -> bool {
    let Ok(mut written) = Image::open(file) else {
        return false;
    };
    written.load_heads(|_, _| true).is_ok() && written.same_items(image)
}

/// The engine reports damage without a path: name the file.
fn at(path: &Path) -> impl Fn(Error) -> Error + '_ {
    move |e| match e {
        Error::Damaged { path: p, reason } if p.as_os_str().is_empty() => damaged(path, reason),
        other => other,
    }
}

fn image_error(path: &Path, e: ImageError) -> Error {
    match e {
        ImageError::NotAVault => damaged(path, "not a sesame vault"),
        ImageError::UnknownVersion(_) => {
            damaged(path, "unknown format version; a newer sesame may read it")
        }
        ImageError::UnknownFlags => damaged(path, "unknown flags: written by a newer sesame?"),
        ImageError::Malformed => damaged(path, "the file's framing does not check out"),
    }
}

/// The access journal of member `uk` of vault `vault_id` in `dir`: its
/// labels are keyed from the member's user key (D8).
pub(crate) fn journal_of(dir: &Path, vault_id: &[u8; 16], uk: &UserKey) -> journal::Journal {
    let key: Key = crypto::derive_subkey(uk.expose_secret(), vault_id, &[b"sesame v2 journal key"]);
    journal::Journal::new(dir, vault_id, &key)
}

/// The login name: the member a passphrase is tried for first (D9), and
/// the name `init` gives the founder when none is given.
pub fn login_name() -> Option<String> {
    ["USER", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|n| !n.is_empty())
}

/// The passphrase error format 1 gives, so a wrong passphrase reads alike
/// in both formats.
fn wrong_passphrase(e: Error) -> Error {
    match e {
        Error::Unlock { message, advice } if message.starts_with("passphrase ") => Error::Unlock {
            message: "wrong passphrase: it does not open this vault".into(),
            advice,
        },
        other => other,
    }
}

/// What an unlock found: the member, their key, the slot that opened
/// (when a passphrase or identity did) and the session's expiry (when a
/// session did).
struct Unlocked {
    member: MemberId,
    uk: UserKey,
    slot: Option<([u8; 16], bool)>,
    session_expires: Option<i64>,
}

fn unlock_member(
    image: &Image,
    unlock: Unlock,
    options: &OpenOptions,
    path: &Path,
) -> Result<Unlocked> {
    // The login name picks a passphrase slot (D9); a key file finds its
    // own member whoever is logged in. An explicit `--member` holds for
    // both: a key that does not open that member is refused (exit 5).
    let with_identity = |identity: &dyn Identity, passphrase: bool| {
        let login = login_name();
        engine::unlock_slot(
            image,
            identity,
            options.member.as_deref(),
            login.as_deref().filter(|_| passphrase),
        )
        .map_err(wrong_passphrase)
        .map_err(at(path))
        .map(|(member, uk, slot)| Unlocked {
            member,
            uk,
            slot: Some((slot, passphrase)),
            session_expires: None,
        })
    };
    match unlock {
        Unlock::Passphrase(p) => with_identity(&PassphraseIdentity(p), true),
        Unlock::Deferred(f) => with_identity(&PassphraseIdentity(f()?), true),
        Unlock::MasterKey(_) => Err(Error::Unlock {
            message: "a format-1 key does not open a format-2 vault".into(),
            advice: None,
        }),
        Unlock::Member { member, key } => Ok(Unlocked {
            member,
            uk: UserKey::from_bytes(*key.expose_secret()),
            slot: None,
            session_expires: None,
        }),
        Unlock::Identity { path: file, .. } => {
            let bytes = std::fs::read(&file).map_err(|e| Error::Unlock {
                message: format!("cannot read the identity file {}: {e}", file.display()),
                advice: None,
            })?;
            let identity = load_identity(&bytes).map_err(|e| Error::Unlock {
                message: format!("{}: {e}", file.display()),
                advice: None,
            })?;
            with_identity(identity.as_ref(), false)
        }
        Unlock::Session {
            token,
            fallback,
            warn,
        } => {
            let resolved = session_keys(&token, image, options);
            match resolved {
                Ok(found) => Ok(found),
                Err(why) => {
                    if let session::Unusable::Ended(file) = &why {
                        let _ = std::fs::remove_file(file);
                    }
                    warn(&why);
                    unlock_member(image, *fallback, options, path).map_err(|e| {
                        Error::SessionUnusable {
                            why,
                            fallback: Box::new(e),
                        }
                    })
                }
            }
        }
    }
}

/// The member and key a session gives. The epoch is this machine's, per
/// member: which member is only known once the token opens its file, so
/// the file is opened first and the epoch checked after.
fn session_keys(
    token: &SecretString,
    image: &Image,
    options: &OpenOptions,
) -> std::result::Result<Unlocked, session::Unusable> {
    let opened = session::open(token, &image.vault_id)?;
    let plain = &opened.payload;
    if plain.len() != 48 {
        return Err(session::Unusable::Invalid(
            "it belongs to another vault".into(),
        ));
    }
    let member: MemberId = plain[..16].try_into().expect("16 bytes");
    let epoch = local::session_epoch(options.rollback_state.as_deref(), &image.vault_id, &member);
    if opened.epoch != epoch {
        // The epoch is this machine's own state, not the file's: the
        // session file can go at once.
        return Err(session::Unusable::Ended(opened.file));
    }
    let expires = opened.expires;
    let key: [u8; 32] = plain[16..].try_into().expect("32 bytes");
    Ok(Unlocked {
        member,
        uk: UserKey::from_bytes(key),
        slot: None,
        session_expires: Some(expires),
    })
}

/// Reads and checks the file, and what this machine remembers of it. A
/// file lacking records this path has seen is an older copy (exit 8)
/// unless `allow_rollback`; but a writer may have replaced the file and
/// raised the marks between our read and our look at them, so a file
/// that changed meanwhile is read again (as format 1 does).
fn read_checked(path: &Path, options: &OpenOptions) -> Result<(Image, Checkout)> {
    use std::os::unix::fs::MetadataExt;
    let mut attempts = 0;
    loop {
        let (file, _) = store::open_vault(path)?;
        let meta = file
            .metadata()
            .map_err(|e| Error::io("cannot read vault", path, e))?;
        // Read lazily: the header, the tables, every record's head and the
        // checkpoints now; parts and pages when a command needs them,
        // checked against their hashes then. The open file is the one read
        // throughout, whatever replaces the path meanwhile.
        let image = Image::open(file).map_err(|e| match e {
            OpenError::Io(e) => Error::io("cannot read vault", path, e),
            OpenError::Image(e) => image_error(path, e),
        })?;
        let mut checkout = Checkout::load(options.rollback_state.as_deref(), &image.vault_id, path);
        let missing = checkout.missing(&image);
        if missing == 0 {
            return Ok((image, checkout));
        }
        if options.allow_rollback {
            checkout.reset();
            return Ok((image, checkout));
        }
        let replaced = std::fs::metadata(path)
            .map(|now| now.ino() != meta.ino() || now.dev() != meta.dev())
            .unwrap_or(false);
        attempts += 1;
        if !replaced || attempts >= 10 {
            // The rows of records whose heads the open left in the file
            // are not yet checked against them: check every one before
            // calling this copy older (a damaged row is damage).
            let mut image = image;
            image.load_heads(|_, _| true).map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData => damaged(
                    path,
                    "a record does not match the id or place its table row gives",
                ),
                _ => Error::io("cannot read vault", path, e),
            })?;
            return Err(Error::RecordsMissing {
                path: path.to_path_buf(),
                missing,
            });
        }
    }
}

impl Format2 {
    /// Creates a new format-2 vault at `path` whose only member, `name`, a
    /// vault owner, unlocks with `slot`. Never overwrites a file (exit 4).
    pub(crate) fn create(
        path: &Path,
        name: &str,
        slot: &NewSlot<'_>,
        options: &OpenOptions,
    ) -> Result<()> {
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
        let mut checkout = Checkout::load(options.rollback_state.as_deref(), &vault_id, path);
        let image = engine::create(vault_id, name, slot, &checkout.device)?;
        let bytes = image.encode();
        let _lock = store::WriteLock::acquire(path, store::lock_timeout()?)?;
        store::write_atomic(path, store::Replace::NoClobber, |w| {
            w.write_all(&bytes)
                .map_err(|e| Error::io("cannot write vault", path, e))
        })?;
        checkout.remember(&image, options.warn);
        Ok(())
    }

    /// Opens the format-2 vault at `path` as the member `unlock` finds.
    pub(crate) fn open(path: &Path, unlock: Unlock, options: &OpenOptions) -> Result<Format2> {
        if let Some(warning) = store::loose_directory_warning(path) {
            (options.warn)(&warning);
        }
        let (image, mut checkout) = read_checked(path, options)?;
        let found = unlock_member(&image, unlock, options, path)?;
        let passphrase_slot = match found.slot {
            Some((slot, true)) => Some(slot),
            _ => None,
        };
        let load = match &options.load {
            LoadHint::All => engine::Load::All,
            LoadHint::Ids(ids) => engine::Load::Ids(ids),
            LoadHint::Prefix(p) => engine::Load::Prefix(p),
        };
        let state = options.rollback_state.as_deref();
        let vault_id = image.vault_id;
        let mut remembered = engine::Remembered::new(
            &found.uk,
            &vault_id,
            local::checked_signatures(state, &vault_id, &found.member),
        );
        remembered.local_ring = local::keyring(state, &vault_id, &found.member);
        let engine = Engine::open_remembering(
            image,
            found.member,
            found.uk,
            checkout.device,
            options.history_limit,
            load,
            remembered,
        )
        .map_err(at(path))?;
        if engine.remembered().grew() {
            // Tidiness, not safety: the next open checks them again if
            // this is lost.
            let _ = local::keep_checked_signatures(
                state,
                &vault_id,
                engine.member(),
                &engine.remembered().tags(),
            );
        }
        // A member who has not written since keys were delivered to them
        // keeps their keyring here, so the next open need not try every
        // delivery again (only a write puts a keyring in the file).
        if let Some(sealed) = engine.local_ring() {
            let _ = local::keep_keyring(state, &vault_id, engine.member(), &sealed);
        }
        checkout.remember(engine.image(), options.warn);
        Ok(Format2 {
            path: path.to_path_buf(),
            options: options.clone(),
            engine,
            checkout,
            passphrase_slot,
            session_expires: found.session_expires,
            end_sessions: false,
            last_reads: None,
            instance: None,
            carry_reads: None,
        })
    }

    /// How to open this vault again under the write lock without a second
    /// key derivation (`Vault::edit_again`).
    pub(crate) fn reopen(&self) -> (Unlock, OpenOptions, Option<[u8; 16]>) {
        let unlock = Unlock::Member {
            member: *self.engine.member(),
            key: self.engine.user_key().expose_secret().clone(),
        };
        (unlock, self.options.clone(), self.passphrase_slot)
    }

    /// The passphrase slot this vault was first opened with, if the latest
    /// vault still has it (no `passwd` meanwhile).
    pub(crate) fn keep_slot(&mut self, slot: Option<[u8; 16]>) {
        self.passphrase_slot = slot.filter(|s| self.my_slot(s).is_some());
    }

    fn my_slot(&self, slot: &[u8; 16]) -> Option<Slot> {
        let me = self.engine.membership().members.get(self.engine.member())?;
        Slot::decode(me.slots.get(slot)?).ok()
    }

    /// Writes the pending changes as one signed record, atomically.
    pub(crate) fn save(mut self) -> Result<()> {
        let wrote = self.engine.commit().map_err(at(&self.path))?;
        if wrote {
            let image = self.engine.image();
            store::write_atomic(&self.path, store::Replace::Overwrite, |w| {
                image.write_to(w).map_err(|e| match e.kind() {
                    std::io::ErrorKind::InvalidData => damaged(&self.path, engine::UNREADABLE),
                    _ => Error::io("cannot write vault", &self.path, e),
                })?;
                w.flush()
                    .map_err(|e| Error::io("cannot write vault", &self.path, e))?;
                // What a later open will read: a file that does not read
                // back as this image is never put in place.
                let written = w
                    .get_ref()
                    .try_clone()
                    .map_err(|e| Error::io("cannot read back vault", &self.path, e))?;
                if !reads_back_as(written, image) {
                    return Err(Error::Other {
                        message: "the new vault image does not read back; nothing was written"
                            .into(),
                    });
                }
                Ok(())
            })?;
            self.checkout
                .remember(self.engine.image(), self.options.warn);
            if let (Some(reads), Some(uk), Some(dir)) = (
                self.carry_reads.take(),
                self.engine.rekeyed_user_key(),
                self.options.journal.as_deref(),
            ) && let Err(e) = journal_of(dir, self.engine.vault_id(), uk).carry(&reads)
            {
                (self.options.warn)(&format!(
                    "the last-read times were not carried over to the new keys: {e}"
                ));
            }
        }
        if self.end_sessions {
            local::bump_session_epoch(
                self.options.rollback_state.as_deref(),
                self.engine.vault_id(),
                self.engine.member(),
            )?;
        }
        Ok(())
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn session_expires(&self) -> Option<i64> {
        self.session_expires
    }

    pub(crate) fn start_session(&self, ttl: std::time::Duration) -> Result<(SecretString, i64)> {
        let mut payload = zeroize::Zeroizing::new(Vec::with_capacity(48));
        payload.extend_from_slice(self.engine.member());
        payload.extend_from_slice(self.engine.user_key().expose_secret().expose_secret());
        let epoch = local::session_epoch(
            self.options.rollback_state.as_deref(),
            self.engine.vault_id(),
            self.engine.member(),
        );
        session::create(self.engine.vault_id(), epoch, &payload, ttl)
    }

    pub(crate) fn end_sessions(&mut self) {
        self.end_sessions = true;
    }

    pub(crate) fn vault_id(&self) -> [u8; 16] {
        *self.engine.vault_id()
    }

    pub(crate) fn info(&self) -> VaultInfo {
        let kdf = self
            .engine
            .membership()
            .members
            .get(self.engine.member())
            .and_then(|m| {
                m.slots.values().find_map(|b| match Slot::decode(b) {
                    Ok(Slot::Passphrase { kdf, .. }) => Some(kdf),
                    _ => None,
                })
            });
        VaultInfo {
            path: self.path.clone(),
            format_version: FORMAT_VERSION,
            kdf,
            secrets: self.engine.secrets().len() as u64,
            generation: self.engine.image().records.len() as u64,
        }
    }

    pub(crate) fn owners(&self) -> Vec<Owner> {
        self.engine.owners()
    }

    pub(crate) fn contains(&mut self, id: &SecretId) -> Result<bool> {
        self.load(id)?;
        Ok(self.engine.contains(id))
    }

    /// Reads the secrets at `id` if the open left them in the file.
    fn load(&mut self, id: &SecretId) -> Result<()> {
        self.engine.ensure_loaded(id).map_err(at(&self.path))
    }

    fn find(&self, id: &SecretId) -> Result<(ScopeId, &Secret)> {
        if let Some((chosen, short)) = &self.instance
            && chosen == id
        {
            return self
                .engine
                .find_all(id)
                .into_iter()
                .find(|(_, s)| super::state::short_id(&s.id) == *short)
                .map(|(scope, s)| (*scope, s))
                .ok_or_else(|| Error::SecretNotFound {
                    id: format!("{id}@{short}"),
                });
        }
        self.engine
            .find(id)
            .map(|(scope, s)| (*scope, s))
            .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })
    }

    /// Makes reads of `id` mean its secret whose short id is `short` (one
    /// of a path created twice, as `list` shows it: `ID@<short id>`).
    pub(crate) fn select_instance(&mut self, id: &SecretId, short: &str) -> Result<()> {
        self.load(id)?;
        self.instance = Some((id.clone(), short.to_ascii_lowercase()));
        self.find(id).map(|_| ())
    }

    pub(crate) fn info_of(&mut self, id: &SecretId, version: Option<u32>) -> Result<SecretInfo> {
        self.load(id)?;
        let (_, secret) = self.find(id)?;
        let v = pick_version(id, secret, version)?;
        let mut info = secret_info(id, secret, v.number);
        info.conflict |= self.engine.find_all(id).len() > 1;
        Ok(info)
    }

    pub(crate) fn fields(&mut self, id: &SecretId, version: Option<u32>) -> Result<Fields> {
        self.load(id)?;
        let (scope, secret) = self.find(id)?;
        let v = pick_version(id, secret, version)?;
        self.engine
            .open_version(&scope, secret, v)
            .map_err(at(&self.path))
    }

    pub(crate) fn list(
        &mut self,
        prefix: &Prefix,
        kind: Option<SecretType>,
        decrypt: bool,
    ) -> Result<Vec<Setting>> {
        let mut out = Vec::new();
        // Each batch holds every secret of each ID in it, so a path held
        // by two secrets is seen whole.
        let mut list = |secrets: Vec<(SecretId, &ScopeId, &Secret)>, engine: &Engine| {
            let mut shared: HashMap<&SecretId, usize> = HashMap::new();
            for (id, ..) in &secrets {
                *shared.entry(id).or_default() += 1;
            }
            for (id, scope, secret) in &secrets {
                if !prefix.matches(id) || kind.is_some_and(|k| secret.kind != k) {
                    continue;
                }
                let Some(current) = secret.current() else {
                    continue;
                };
                let mut info = secret_info(id, secret, current.number);
                if shared[id] > 1 {
                    info.instance = Some(super::state::short_id(&secret.id));
                    info.conflict = true;
                }
                // Like the seed's get_settings(…, decrypt=True): values only
                // where the member may read them; the rest listed without.
                let fields = if decrypt {
                    match engine.open_version(scope, secret, current) {
                        Ok(f) => Some(f),
                        Err(Error::NotPermitted { .. }) => None,
                        Err(e) => return Err(e),
                    }
                } else {
                    None
                };
                out.push(Setting { info, fields });
            }
            Ok(())
        };
        if !decrypt && self.engine.lists_by_leaf(prefix) {
            // Names only: a leaf at a time, so a listing of everything
            // never holds the whole vault's state.
            let engine = &self.engine;
            engine
                .for_each_listed(prefix, |batch| list(batch, engine))
                .map_err(at(&self.path))?;
        } else {
            self.engine.load_prefix(prefix).map_err(at(&self.path))?;
            list(self.engine.secrets(), &self.engine).map_err(at(&self.path))?;
        }
        out.sort_by(|a, b| a.info.id.cmp(&b.info.id));
        Ok(out)
    }

    pub(crate) fn add(&mut self, id: &SecretId, secret: NewSecret, force: bool) -> Result<u32> {
        self.load(id)?;
        if self.engine.contains(id) {
            if !force {
                return Err(Error::SecretExists { id: id.to_string() });
            }
            return self.add_version(id, secret.fields, secret.description);
        }
        self.engine
            .add(id, &secret.fields, secret.description, now())
            .map_err(at(&self.path))?;
        Ok(1)
    }

    pub(crate) fn add_version(
        &mut self,
        id: &SecretId,
        fields: Fields,
        description: Option<String>,
    ) -> Result<u32> {
        self.load(id)?;
        // The new version supersedes every head and comes after every
        // version in the shown order: the next number.
        let next = match self.engine.find(id) {
            Some((_, s)) => {
                let last = s.versions.last().map_or(0, |v| v.number);
                last.checked_add(1).ok_or_else(|| Error::Other {
                    message: format!(
                        "{id} is at version {last}, the highest a version number can go; it cannot take another"
                    ),
                })?
            }
            None => 2,
        };
        self.engine
            .add_version(id, &fields, description)
            .map_err(at(&self.path))?;
        Ok(next)
    }

    pub(crate) fn remove(&mut self, ids: &[SecretId], force: bool) -> Result<Vec<SecretId>> {
        let mut present: Vec<SecretId> = Vec::new();
        for id in ids {
            self.load(id)?;
            if self.engine.contains(id) {
                if !present.contains(id) {
                    present.push(id.clone());
                }
            } else if !force {
                return Err(Error::SecretNotFound { id: id.to_string() });
            }
        }
        for id in &present {
            self.engine.remove(id).map_err(at(&self.path))?;
        }
        Ok(present)
    }

    fn journal(&self) -> Option<journal::Journal> {
        let dir = self.options.journal.as_deref()?;
        Some(journal_of(
            dir,
            self.engine.vault_id(),
            self.engine.user_key(),
        ))
    }

    pub(crate) fn record_reads(&self, ids: &[SecretId]) {
        if let Some(journal) = self.journal()
            && let Err(e) = journal.record(ids, now(), self.options.warn)
        {
            (self.options.warn)(&format!(
                "cannot record the read in the access journal: {e}"
            ));
        }
    }

    pub(crate) fn last_read(&mut self, id: &SecretId) -> Option<i64> {
        let journal = self.journal()?;
        let warn = self.options.warn;
        let map = self.last_reads.get_or_insert_with(|| journal.load(warn));
        map.get(&journal.label(id)).copied()
    }

    pub(crate) fn set_policy(
        &mut self,
        id: &SecretId,
        rotate_every: Option<Option<i64>>,
        expires: Option<Option<i64>>,
    ) -> Result<()> {
        self.engine
            .set_policy(id, rotate_every, expires)
            .map_err(at(&self.path))
    }

    pub(crate) fn export_record(&mut self, id: &SecretId) -> Result<ExportedSecret> {
        self.load(id)?;
        let (scope, secret) = self.find(id)?;
        let mut versions = Vec::new();
        for v in secret.versions.iter().filter(|v| !v.purged) {
            let fields = self
                .engine
                .open_version(&scope, secret, v)
                .map_err(at(&self.path))?;
            versions.push((v.number, v.created, fields));
        }
        Ok(ExportedSecret {
            id: id.clone(),
            created: secret.created,
            updated: secret.updated,
            description: secret.description.clone(),
            rotate_every: secret.rotate_every,
            expires: secret.expires,
            versions,
        })
    }

    pub(crate) fn put_record(&mut self, record: ExportedSecret) -> Result<()> {
        if record.versions.is_empty() {
            return Err(Error::invalid("a secret needs a version"));
        }
        self.load(&record.id)?;
        if self.engine.contains(&record.id) {
            self.engine.remove(&record.id).map_err(at(&self.path))?;
        }
        self.engine.put_exported(&record).map_err(at(&self.path))
    }

    pub(crate) fn versions(&mut self, id: &SecretId) -> Result<Vec<(u32, i64)>> {
        self.load(id)?;
        let (_, secret) = self.find(id)?;
        Ok(secret
            .versions
            .iter()
            .filter(|v| !v.purged)
            .map(|v| (v.number, v.created))
            .collect())
    }

    pub(crate) fn rename(&mut self, old: &SecretId, new: &SecretId) -> Result<()> {
        self.load(old)?;
        self.load(new)?;
        self.engine.rename(old, new).map_err(at(&self.path))
    }

    /// The passphrase slot that opened the vault and its KDF parameters,
    /// if the latest vault still has it (`passwd` needs both).
    fn opened_passphrase_slot(&self) -> Result<([u8; 16], KdfParams)> {
        let changed_meanwhile = || Error::Unlock {
            message: "the passphrase was changed meanwhile; run passwd again with the new one"
                .into(),
            advice: None,
        };
        let slot = self.passphrase_slot.ok_or_else(changed_meanwhile)?;
        match self.my_slot(&slot) {
            Some(Slot::Passphrase { kdf, .. }) => Ok((slot, kdf)),
            _ => Err(changed_meanwhile()),
        }
    }

    /// Replaces the passphrase slot that opened the vault (D7: a slot
    /// record naming the slot it replaces), with the same KDF parameters.
    pub(crate) fn change_passphrase(&mut self, passphrase: &SecretString) -> Result<()> {
        let (slot, kdf) = self.opened_passphrase_slot()?;
        self.engine
            .set_passphrase(Some(slot), passphrase, kdf)
            .map_err(at(&self.path))
    }

    /// `passwd --rekey` (D7): new keys for this member, every scope it
    /// owns on new keys, a passphrase slot for `passphrase` with the KDF
    /// parameters of the slot that opened the vault. Returns the owners of
    /// the scopes it holds without owning them (their owners must rotate).
    pub(crate) fn rekey(&mut self, passphrase: &SecretString) -> Result<Vec<Owner>> {
        let (_, kdf) = self.opened_passphrase_slot()?;
        // The last-read times move to the new key's labels on save.
        self.engine.load_everything().map_err(at(&self.path))?;
        let ids: Vec<SecretId> = self
            .engine
            .secrets()
            .into_iter()
            .map(|(id, ..)| id)
            .collect();
        let mut reads = Vec::new();
        for id in ids {
            if let Some(when) = self.last_read(&id) {
                reads.push((id, when));
            }
        }
        self.carry_reads = Some(reads);
        self.engine.rekey(passphrase, kdf).map_err(at(&self.path))
    }

    /// `verify --purge`: ends every record set aside in the scopes this
    /// vault owner owns; each owner with how many.
    pub(crate) fn purge_set_aside(&mut self) -> Result<Vec<(Owner, usize)>> {
        self.engine.dismiss_set_aside().map_err(at(&self.path))
    }

    /// `verify`: one row per scope the member can read.
    pub(crate) fn verify(&mut self) -> Result<Vec<OwnerCheck>> {
        // Every byte: the parts and pages the open left in the file are
        // read and checked against their hashes (once: the report below
        // then reads them from memory).
        self.engine.load_bytes().map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => damaged(
                &self.path,
                "a record part or page does not match the hash its record or table pins",
            ),
            _ => Error::io("cannot read vault", &self.path, e),
        })?;
        Ok(self
            .engine
            .report()
            .into_iter()
            // A scope whose secrets were all removed is no owner any more
            // (as in `list`), unless something in it is wrong.
            .filter(|r| r.secrets > 0 || !r.ok())
            .map(|r| {
                let mut problems = Vec::new();
                if !r.unreadable.is_empty() {
                    problems.push(format!(
                        "{} value(s) do not open: {}",
                        r.unreadable.len(),
                        r.unreadable.join(", ")
                    ));
                }
                for (author, when) in &r.quarantined {
                    problems.push(format!(
                        "a change by {author} at {} is set aside (its author lacked the grant or its signature fails)",
                        crate::duration::rfc3339(*when)
                    ));
                }
                OwnerCheck {
                    owner: r.owner,
                    secrets: r.secrets as u64,
                    versions: Some(r.versions as u64),
                    problem: (!problems.is_empty()).then(|| problems.join("; ")),
                }
            })
            .collect())
    }
}

fn pick_version<'s>(
    id: &SecretId,
    secret: &'s Secret,
    version: Option<u32>,
) -> Result<&'s Version> {
    let current = secret
        .current()
        .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })?;
    match version {
        None => Ok(current),
        Some(n) => secret.version(n).ok_or_else(|| {
            let kept: Vec<u32> = secret
                .versions
                .iter()
                .filter(|v| !v.purged)
                .map(|v| v.number)
                .collect();
            Error::VersionNotFound {
                id: id.to_string(),
                version: n,
                kept: (
                    kept.first().copied().unwrap_or(current.number),
                    kept.last().copied().unwrap_or(current.number),
                ),
            }
        }),
    }
}

fn secret_info(id: &SecretId, secret: &Secret, version: u32) -> SecretInfo {
    let current = secret.current();
    SecretInfo {
        id: id.clone(),
        kind: secret.kind,
        version,
        created: secret.created,
        updated: secret.updated,
        description: secret.description.clone(),
        rotate_every: secret.rotate_every,
        rotation_due: secret
            .rotate_every
            .zip(current)
            .map(|(every, v)| v.created.saturating_add(every)),
        expires: secret.expires,
        conflict: !secret.conflicts.is_empty(),
        instance: None,
    }
}

/// A role's name as the CLI spells it.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Read => "read",
        Role::Write => "write",
        Role::Owner => "owner",
    }
}

/// A role from its CLI name.
pub fn parse_role(text: &str) -> Option<Role> {
    match text {
        "read" => Some(Role::Read),
        "write" => Some(Role::Write),
        "owner" => Some(Role::Owner),
        _ => None,
    }
}

/// Where a grant applies: one owner's scope, or every scope but the
/// private ones (`*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrantScope {
    /// One owner.
    Owner(Owner),
    /// `*`.
    All,
}

/// One of a member's key slots, as `member list` and `whoami` show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotInfo {
    /// `passphrase`, `age` or `ssh`.
    pub kind: &'static str,
    /// A short, non-secret fingerprint.
    pub fingerprint: String,
}

/// A member as `member list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberInfo {
    /// The name.
    pub name: String,
    /// A vault owner.
    pub owner: bool,
    /// A `*` grant.
    pub all: Option<Role>,
    /// Its slots.
    pub slots: Vec<SlotInfo>,
    /// Its roles on the scopes the viewer can see: (owner, role).
    pub grants: Vec<(Owner, Role)>,
    /// The member who unlocked.
    pub me: bool,
}

/// What a new member's first slot is.
pub enum NewMember<'a> {
    /// A passphrase, with KDF parameters.
    Passphrase(&'a SecretString, KdfParams),
    /// An age or ssh-ed25519 recipient.
    Recipient(&'a super::keys::slot::Recipient),
}

impl NewMember<'_> {
    fn slot(&self) -> NewSlot<'_> {
        match self {
            NewMember::Passphrase(p, kdf) => NewSlot::Passphrase(p, *kdf),
            NewMember::Recipient(r) => NewSlot::Recipient(r),
        }
    }
}

fn slot_info(slot: &Slot) -> SlotInfo {
    SlotInfo {
        kind: slot.kind_name(),
        fingerprint: slot.fingerprint(),
    }
}

impl Format2 {
    fn member_info(&self, id: &MemberId) -> Option<MemberInfo> {
        let m = self.engine.membership().members.get(id)?;
        if m.removed {
            return None;
        }
        let mut grants: Vec<(Owner, Role)> = self
            .engine
            .scopes()
            .filter_map(|(_, view)| {
                view.access
                    .role(self.engine.membership(), id, None)
                    .map(|r| (view.owner.clone(), r))
            })
            .collect();
        grants.sort();
        grants.dedup();
        Some(MemberInfo {
            name: m.name.clone(),
            owner: m.owner,
            all: m.all,
            slots: m
                .slots
                .values()
                .filter_map(|b| Slot::decode(b).ok())
                .map(|s| slot_info(&s))
                .collect(),
            grants,
            me: id == self.engine.member(),
        })
    }

    pub(crate) fn members(&self) -> Vec<MemberInfo> {
        let mut out: Vec<MemberInfo> = self
            .engine
            .membership()
            .members
            .keys()
            .filter_map(|id| self.member_info(id))
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    pub(crate) fn whoami(&self) -> MemberInfo {
        self.member_info(self.engine.member())
            .expect("the member who unlocked is a member")
    }

    pub(crate) fn add_member(&mut self, name: &str, how: &NewMember<'_>) -> Result<()> {
        self.engine
            .add_member(name, &how.slot(), false)
            .map(|_| ())
            .map_err(at(&self.path))
    }

    pub(crate) fn remove_member(&mut self, name: &str) -> Result<Vec<SecretId>> {
        self.engine.remove_member(name).map_err(at(&self.path))
    }

    pub(crate) fn set_owner(&mut self, name: &str, owner: bool) -> Result<()> {
        self.engine.set_owner(name, owner).map_err(at(&self.path))
    }

    pub(crate) fn grant(
        &mut self,
        name: &str,
        scope: &GrantScope,
        role: Role,
    ) -> Result<Vec<SecretId>> {
        match scope {
            GrantScope::Owner(owner) => self.engine.grant(name, owner, role),
            GrantScope::All => self.engine.grant_all(name, Some(role)),
        }
        .map_err(at(&self.path))
    }

    pub(crate) fn revoke(&mut self, name: &str, scope: &GrantScope) -> Result<Vec<SecretId>> {
        match scope {
            GrantScope::Owner(owner) => self.engine.revoke(name, owner),
            GrantScope::All => self.engine.grant_all(name, None),
        }
        .map_err(at(&self.path))
    }

    /// Who holds which role on each scope the member can see, by owner.
    pub(crate) fn access(&self) -> Vec<(Owner, String, Role)> {
        let mut out = Vec::new();
        for (_, view) in self.engine.scopes() {
            for (id, m) in &self.engine.membership().members {
                if m.removed {
                    continue;
                }
                if let Some(role) = view.access.role(self.engine.membership(), id, None) {
                    out.push((view.owner.clone(), m.name.clone(), role));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    pub(crate) fn my_role(&self, owner: &Owner) -> Option<Role> {
        self.engine
            .scopes()
            .filter(|(_, v)| v.owner == *owner)
            .filter_map(|(id, _)| self.engine.role(id))
            .max()
    }

    pub(crate) fn add_slot(&mut self, how: &NewMember<'_>) -> Result<SlotInfo> {
        let slot = self.engine.add_slot(&how.slot()).map_err(at(&self.path))?;
        Ok(slot_info(&slot))
    }

    /// Removes this member's slot whose fingerprint (or its start) is
    /// `which`.
    pub(crate) fn remove_slot(&mut self, which: &str) -> Result<SlotInfo> {
        let matches: Vec<([u8; 16], Slot)> = self
            .engine
            .my_slots()
            .into_iter()
            .filter(|(_, s)| {
                // The fingerprint `whoami` shows, or its start; for a
                // passphrase slot, its hex alone or its start too.
                let f = s.fingerprint();
                !which.is_empty()
                    && (f.starts_with(which)
                        || f.strip_prefix("passphrase ")
                            .is_some_and(|hex| hex.starts_with(which)))
            })
            .collect();
        match matches.as_slice() {
            [(id, slot)] => {
                self.engine.remove_slot(*id).map_err(at(&self.path))?;
                Ok(slot_info(slot))
            }
            [] => Err(Error::invalid_advice(
                format!(
                    "no slot of yours matches {:?}",
                    crate::text::sanitize(which)
                ),
                Advice::ListSlots,
            )),
            _ => Err(Error::invalid_advice(
                format!(
                    "more than one slot matches {:?}",
                    crate::text::sanitize(which)
                ),
                Advice::LongerFingerprint,
            )),
        }
    }

    /// A non-secret field of a secret (D11): what a read member may see.
    pub(crate) fn public_field(
        &self,
        id: &SecretId,
        version: Option<u32>,
        field: &str,
    ) -> Result<Option<String>> {
        let (_, secret) = self.find(id)?;
        let v = pick_version(id, secret, version)?;
        Ok(v.public
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.clone()))
    }

    /// Whether this member may read values of `id`'s scope.
    pub(crate) fn may_read_values(&self, id: &SecretId) -> bool {
        self.engine
            .find(id)
            .and_then(|(scope, _)| self.engine.role(scope))
            .is_some_and(|r| r >= Role::Write)
    }
}

/// One head of a secret in conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadInfo {
    /// Its shown version number.
    pub number: u32,
    /// Its short id (8 hex digits): what `resolve --pick` takes.
    pub short: String,
    /// When it was made (Unix seconds).
    pub created: i64,
    /// Who made it.
    pub author: String,
}

/// A secret in conflict, as `sesame conflicts` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictInfo {
    /// The ID (with `instance` when its path holds two secrets).
    pub id: SecretId,
    /// This secret's short id, when its path holds two secrets.
    pub instance: Option<String>,
    /// Why: `concurrent edits`, `edited and deleted`, `renamed twice`,
    /// `created twice`.
    pub why: Vec<&'static str>,
    /// Its heads, latest first.
    pub heads: Vec<HeadInfo>,
}

fn conflict_name(c: super::state::Conflict) -> &'static str {
    use super::state::Conflict;
    match c {
        Conflict::Heads => "concurrent edits",
        Conflict::EditDelete => "edited and deleted",
        Conflict::Rename => "renamed twice",
        Conflict::SamePath => "created twice",
    }
}

impl Format2 {
    fn author_name(&self, member: &MemberId) -> String {
        self.engine
            .membership()
            .members
            .get(member)
            .map_or_else(|| "an unknown member".to_string(), |m| m.name.clone())
    }

    /// Every live secret in conflict, by ID.
    pub(crate) fn conflicts(&self) -> Vec<ConflictInfo> {
        let secrets = self.engine.secrets();
        let mut shared: HashMap<SecretId, usize> = HashMap::new();
        for (id, ..) in &secrets {
            *shared.entry(id.clone()).or_default() += 1;
        }
        secrets
            .iter()
            .filter(|(id, _, s)| !s.conflicts.is_empty() || shared[id] > 1)
            .map(|(id, _, s)| ConflictInfo {
                id: id.clone(),
                instance: (shared[id] > 1).then(|| super::state::short_id(&s.id)),
                why: {
                    let mut why: Vec<&'static str> =
                        s.conflicts.iter().map(|c| conflict_name(*c)).collect();
                    if shared[id] > 1 && !why.contains(&"created twice") {
                        why.push("created twice");
                    }
                    why
                },
                heads: s
                    .heads
                    .iter()
                    .filter_map(|h| s.versions.iter().find(|v| v.id == *h))
                    .map(|v| HeadInfo {
                        number: v.number,
                        short: super::state::short_id(&v.id),
                        created: v.created,
                        author: self.author_name(&v.stamp.author),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Ends a conflict at `id`: `pick` (a version number or short id)
    /// becomes the current value, else `value` does.
    pub(crate) fn resolve(
        &mut self,
        id: &SecretId,
        pick: Option<&str>,
        value: Option<Fields>,
    ) -> Result<()> {
        self.load(id)?;
        let short = match pick {
            Some(p) if !p.is_empty() && p.len() < 8 && p.bytes().all(|b| b.is_ascii_digit()) => {
                let n: u32 = p
                    .parse()
                    .map_err(|_| Error::invalid(format!("{id} has no version {p}")))?;
                let found = self
                    .engine
                    .find_all(id)
                    .into_iter()
                    .find_map(|(_, s)| s.version(n).map(|v| super::state::short_id(&v.id)));
                Some(found.ok_or_else(|| Error::invalid(format!("{id} has no version {p}")))?)
            }
            Some(p) => Some(p.to_ascii_lowercase()),
            None => None,
        };
        let all = self.engine.find_all(id);
        let scopes: std::collections::BTreeSet<&ScopeId> = all.iter().map(|(s, _)| *s).collect();
        if scopes.len() > 1 {
            // The path is held in two scopes of its owner (D10).
            let (scope, secret, version) = match &short {
                Some(short) => all
                    .iter()
                    .find_map(|(scope, s)| {
                        s.version_by_short_id(short)
                            .map(|v| (**scope, (*s).clone(), Some(v.clone())))
                    })
                    .ok_or_else(|| Error::invalid(format!("{id} has no version {short}")))?,
                None => (*all[0].0, all[0].1.clone(), None),
            };
            let fields = match (value, version) {
                (Some(f), _) => f,
                (None, Some(v)) => self
                    .engine
                    .open_version(&scope, &secret, &v)
                    .map_err(at(&self.path))?,
                (None, None) => {
                    return Err(Error::invalid(
                        "resolve needs a version to pick or a new value",
                    ));
                }
            };
            return self
                .engine
                .resolve_across(id, (scope, secret.id), &fields)
                .map_err(at(&self.path));
        }
        self.engine
            .resolve(id, short.as_deref(), value)
            .map_err(at(&self.path))
    }
}

/// One line of `sesame log`: who changed what, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// When (Unix seconds, from the record's clock).
    pub time: i64,
    /// Who (the record's author).
    pub member: String,
    /// What: add, rotate, rm, mv, resolve, grant, revoke, member add,
    /// member rm, owner add, owner rm, slot add, slot rm, rekey.
    pub action: &'static str,
    /// Of what: the secret's ID, or the member, scope and role.
    pub target: String,
    /// The secret's ID, for filtering by prefix (none for member changes).
    pub id: Option<SecretId>,
}

impl Format2 {
    /// Who changed what, from the signed records this member can read:
    /// secret changes of the scopes it holds keys for, and every member
    /// change (those are in the clear). Oldest first.
    pub(crate) fn log(&mut self) -> Result<Vec<LogEntry>> {
        use super::ops::Op;
        // Scopes read from checkpoints are replayed from every record.
        self.engine.load_heads().map_err(at(&self.path))?;
        let time = |clock: u64| ((clock >> 16) / 1000) as i64;
        let mut out: Vec<(u64, [u8; 32], u32, LogEntry)> = Vec::new();
        for (scope, view) in self.engine.scopes() {
            let log = self.engine.log_of(scope)?;
            let mut ops: Vec<&(super::state::Stamp, Op)> = log.iter().collect();
            ops.sort_by_key(|(s, _)| (s.clock, s.op.record, s.op.index));
            // A scope's first record grants its creator owner: part of
            // the first add, not a grant anyone made.
            let founding: std::collections::HashSet<[u8; 32]> = ops
                .iter()
                .filter(|(_, op)| matches!(op, Op::Scope { .. }))
                .map(|(s, _)| s.op.record)
                .collect();
            let mut paths: HashMap<[u8; 16], String> = HashMap::new();
            let mut created_in: HashMap<[u8; 16], [u8; 32]> = HashMap::new();
            for (stamp, op) in ops {
                let id_of = |path: &str| SecretId::new(view.owner.clone(), path).ok();
                let (action, path) = match op {
                    Op::Create { secret, path, .. } => {
                        paths.insert(*secret, path.clone());
                        created_in.insert(*secret, stamp.op.record);
                        ("add", Some(path.clone()))
                    }
                    Op::Version {
                        secret, parents, ..
                    } => {
                        if created_in.get(secret) == Some(&stamp.op.record) {
                            continue;
                        }
                        let action = if parents.len() > 1 {
                            "resolve"
                        } else {
                            "rotate"
                        };
                        (action, paths.get(secret).cloned())
                    }
                    Op::Tombstone { secret, .. } => ("rm", paths.get(secret).cloned()),
                    Op::Rename { secret, path, .. } => {
                        let old = paths.insert(*secret, path.clone());
                        let entry = LogEntry {
                            time: time(stamp.clock),
                            member: self.author_name(&stamp.author),
                            action: "mv",
                            target: match old {
                                Some(old) => {
                                    format!("{}/{old} -> {}/{path}", view.owner, view.owner)
                                }
                                None => format!("{}/{path}", view.owner),
                            },
                            id: id_of(path),
                        };
                        out.push((stamp.clock, stamp.op.record, stamp.op.index, entry));
                        continue;
                    }
                    Op::Revive { secret, .. } | Op::Absorb { keep: secret, .. } => {
                        ("resolve", paths.get(secret).cloned())
                    }
                    Op::Grant { member, .. }
                        if founding.contains(&stamp.op.record) && *member == stamp.author =>
                    {
                        continue;
                    }
                    Op::Grant { member, role } => {
                        let entry = LogEntry {
                            time: time(stamp.clock),
                            member: self.author_name(&stamp.author),
                            action: "grant",
                            target: format!(
                                "{} {} on {}",
                                self.author_name(member),
                                role_name(*role),
                                view.owner
                            ),
                            id: None,
                        };
                        out.push((stamp.clock, stamp.op.record, stamp.op.index, entry));
                        continue;
                    }
                    Op::Revoke { member } => {
                        let entry = LogEntry {
                            time: time(stamp.clock),
                            member: self.author_name(&stamp.author),
                            action: "revoke",
                            target: format!("{} on {}", self.author_name(member), view.owner),
                            id: None,
                        };
                        out.push((stamp.clock, stamp.op.record, stamp.op.index, entry));
                        continue;
                    }
                    _ => continue,
                };
                let Some(path) = path else { continue };
                out.push((
                    stamp.clock,
                    stamp.op.record,
                    stamp.op.index,
                    LogEntry {
                        time: time(stamp.clock),
                        member: self.author_name(&stamp.author),
                        action,
                        target: format!("{}/{path}", view.owner),
                        id: id_of(&path),
                    },
                ));
            }
        }
        // Member changes are in the clear: every member may see them.
        let image = self.engine.image();
        for record in image.records.values() {
            use super::record::kind;
            if !matches!(record.kind, kind::MEMBER | kind::SLOT | kind::REKEY)
                || self
                    .engine
                    .membership()
                    .quarantined
                    .contains_key(&record.id())
            {
                continue;
            }
            let Some(body) = record
                .parts
                .iter()
                .position(|p| p.kind == engine::part::MEMBER_OPS)
                .and_then(|i| record.part(i))
            else {
                continue;
            };
            let Ok(ops) = super::access::MemberOp::decode_all(body) else {
                continue;
            };
            use super::access::MemberOp;
            let founding = ops
                .iter()
                .any(|op| matches!(op, MemberOp::Add { member, .. } if *member == record.author));
            for (i, op) in ops.iter().enumerate() {
                let (action, who) = match op {
                    MemberOp::Add { member, .. } => {
                        (if founding { "create" } else { "member add" }, *member)
                    }
                    MemberOp::Remove { member } => ("member rm", *member),
                    MemberOp::Owner { member, owner } => {
                        (if *owner { "owner add" } else { "owner rm" }, *member)
                    }
                    MemberOp::All { member, .. } => ("grant", *member),
                    MemberOp::Slot {
                        member,
                        body,
                        replaces,
                        ..
                    } => (
                        match (body, replaces) {
                            (Some(_), Some(_)) => "passwd",
                            (Some(_), None) => "slot add",
                            (None, _) => "slot rm",
                        },
                        *member,
                    ),
                    MemberOp::Rekey { member, .. } => ("rekey", *member),
                };
                if founding && matches!(op, MemberOp::Slot { .. }) {
                    continue;
                }
                let target = match op {
                    MemberOp::All { role, .. } => format!(
                        "{} {} on *",
                        self.author_name(&who),
                        role.map_or("nothing", role_name)
                    ),
                    _ => self.author_name(&who),
                };
                out.push((
                    record.clock,
                    record.id(),
                    i as u32,
                    LogEntry {
                        time: time(record.clock),
                        member: self.author_name(&record.author),
                        action,
                        target,
                        id: None,
                    },
                ));
            }
        }
        out.sort_by_key(|a| (a.0, a.1, a.2));
        Ok(out.into_iter().map(|(.., e)| e).collect())
    }
}
