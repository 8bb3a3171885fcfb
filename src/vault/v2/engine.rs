//! The format-2 vault as a member sees it: open an image with a member's
//! key, compute what is current, and turn changes into one signed record
//! per write (docs/format2-design.md §3–§5).
//!
//! This first engine replays every record it can read on open; the
//! checkpoints and page trees that keep a `get` cheap at any scale
//! ([`super::tree`]) are layered on top of it without changing what it
//! computes. File access, locking and atomic writes stay with the caller:
//! the engine takes the file's bytes and gives back the bytes to write.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::id::{Owner, OwnerType, SecretId};
use crate::secret::SecretString;
use crate::secret_type::{Fields, SecretType};
use crate::vault::ExportedSecret;
use crate::vault::codec::{Malformed, Reader, Writer};
use crate::vault::crypto::{self, KdfParams};
use crate::vault::format::{decode_value, encode_value};

use super::access::{Causal, MemberOp, MemberRecord, Membership, ScopeAccess};
use super::image::Image;
use super::keys::scope::ScopeKeys;
use super::keys::slot::Slot;
use super::keys::{
    self, Identity, MemberKeys, MemberPublic, UserKey, deliver, hint, hint_matches, open_delivery,
};
use super::ops::{Change, Op, OpName, OpsPart, Role, ScopeId, SecretKey, ValueRef, VersionId};
use super::record::{DeviceId, Id, MemberId, PartRef, Record, Tag, hash, kind};
use super::state::{Scope, Secret, Stamp};

/// What a part of a record holds.
pub mod part {
    /// Member ops in the clear (member, slot, rekey records).
    pub const MEMBER_OPS: u8 = 1;
    /// A scope's ops, sealed under its names key.
    pub const OPS: u8 = 2;
    /// One value, sealed under its scope's values key.
    pub const VALUE: u8 = 3;
    /// Scope keys delivered to one member: nonce, hint, age file.
    pub const DELIVERY: u8 = 4;
    /// The previous epoch's keys sealed under the new epoch's.
    pub const CHAIN: u8 = 5;
}

fn aad(label: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut out = label.to_vec();
    for p in parts {
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(p);
    }
    out
}

/// The context a member's sealed secret keys are bound to.
pub fn member_aad(vault: &[u8; 16], member: &MemberId) -> Vec<u8> {
    aad(b"sesame v2 member", &[vault, member])
}

/// The context a member's slots are bound to.
pub fn slot_aad(vault: &[u8; 16], member: &MemberId) -> Vec<u8> {
    aad(b"sesame v2 slot", &[vault, member])
}

fn ops_aad(vault: &[u8; 16], scope: &ScopeId, epoch: u32) -> Vec<u8> {
    aad(b"sesame v2 ops", &[vault, scope, &epoch.to_le_bytes()])
}

fn value_aad(
    vault: &[u8; 16],
    scope: &ScopeId,
    secret: &SecretKey,
    version: &VersionId,
) -> Vec<u8> {
    aad(b"sesame v2 value", &[vault, scope, secret, version])
}

fn chain_aad(vault: &[u8; 16], scope: &ScopeId, epoch: u32) -> Vec<u8> {
    aad(b"sesame v2 chain", &[vault, scope, &epoch.to_le_bytes()])
}

fn random16() -> [u8; 16] {
    let mut id = [0u8; 16];
    crypto::fill_random(&mut id);
    id
}

/// What a delivery carries to its member.
struct Delivered {
    scope: ScopeId,
    epoch: u32,
    owner: Owner,
    keys: ScopeKeys,
}

impl Delivered {
    fn encode(&self) -> zeroize::Zeroizing<Vec<u8>> {
        let mut w = Writer::default();
        w.bytes(&self.scope);
        w.u32(self.epoch);
        w.short_str(self.owner.owner_type().as_str());
        w.short_str(self.owner.owner_id());
        w.blob(&self.keys.encode());
        zeroize::Zeroizing::new(w.into_inner())
    }

    fn decode(bytes: &[u8]) -> std::result::Result<Delivered, Malformed> {
        let mut r = Reader::new(bytes);
        let scope = r.array()?;
        let epoch = r.u32()?;
        let owner_type = OwnerType::from_word(r.short_str()?).ok_or(Malformed)?;
        let owner = Owner::new(owner_type, r.short_str()?).map_err(|_| Malformed)?;
        let keys = ScopeKeys::decode(r.blob()?).ok_or(Malformed)?;
        if r.remaining() != 0 {
            return Err(Malformed);
        }
        Ok(Delivered {
            scope,
            epoch,
            owner,
            keys,
        })
    }
}

/// A scope this member can read.
pub struct ScopeView {
    /// Whose secrets it holds.
    pub owner: Owner,
    /// Its keys by epoch (two concurrent rotations make two keys of one
    /// epoch number, told apart by their tags).
    keys: BTreeMap<EpochKey, ScopeKeys>,
    /// The keys a write uses: the highest epoch (then tag).
    current: EpochKey,
    /// The current keys must not be written under: two concurrent
    /// rotations forked the epoch, or a removed member may hold them (a
    /// grant or a scope made concurrently with the removal). The next write
    /// moves the scope to a new epoch first (D4).
    needs_rotation: bool,
    /// Grants and revokes.
    pub access: ScopeAccess,
    /// Its valid ops with where they came from, in no particular order
    /// (for `sesame log`).
    pub log: Vec<(Stamp, Op)>,
    /// Its secrets.
    pub state: Scope,
    /// Records set aside (invalid for this scope), with their author.
    pub quarantined: Vec<(Id, MemberId)>,
    /// Value parts that valid purges made unreachable: (record, part).
    purged_parts: Vec<(Id, u32)>,
}

/// An epoch's number and its keys' tag.
type EpochKey = (u32, Tag);

impl ScopeView {
    fn current_keys(&self) -> &ScopeKeys {
        &self.keys[&self.current]
    }

    /// The keys of epoch `epoch` (more than one after a forked rotation).
    fn keys_of(&self, epoch: u32) -> impl Iterator<Item = &ScopeKeys> {
        self.keys
            .range((epoch, [0; 16])..=(epoch, [0xff; 16]))
            .map(|(_, k)| k)
    }
}

/// What `verify` says of one scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeReport {
    /// Whose scope.
    pub owner: Owner,
    /// Live secrets.
    pub secrets: usize,
    /// Their unpurged versions.
    pub versions: usize,
    /// Versions whose value is damaged or missing (`owner/path version N`).
    pub unreadable: Vec<String>,
    /// Records set aside: their author's name and time (Unix seconds).
    pub quarantined: Vec<(String, i64)>,
}

impl ScopeReport {
    /// Whether `verify` passes this scope.
    pub fn ok(&self) -> bool {
        self.unreadable.is_empty() && self.quarantined.is_empty()
    }
}

/// One pending write's content for one scope.
#[derive(Default)]
struct Pending {
    ops: Vec<Op>,
    /// Value parts: (secret, version, plaintext value bytes).
    values: Vec<(SecretKey, VersionId, zeroize::Zeroizing<Vec<u8>>)>,
    /// Deliveries: (member public keys, payload).
    deliveries: Vec<(MemberPublic, zeroize::Zeroizing<Vec<u8>>)>,
    /// A new scope: its keys are in `ScopeView` already.
    created: bool,
    /// A rotation: the previous epoch's keys sealed under the new ones.
    chain: Option<Vec<u8>>,
    /// Ops also written under an earlier epoch's keys: a revoke, so that
    /// the member it revokes (who holds only those keys) learns of it and
    /// stops showing the scope.
    notice: Option<(EpochKey, Vec<Op>)>,
}

/// A secret as this write left it: id, type, heads, and whether it was
/// removed.
type Written = (SecretKey, SecretType, Vec<VersionId>, bool);

/// A format-2 vault opened by one member.
pub struct Engine {
    vault_id: [u8; 16],
    image: Image,
    me: MemberId,
    keys: MemberKeys,
    membership: Membership,
    scopes: BTreeMap<ScopeId, ScopeView>,
    device: DeviceId,
    pending: BTreeMap<ScopeId, Pending>,
    pending_members: Vec<MemberOp>,
    /// Per pending path: the secret made or changed in this write, with
    /// its heads, so later changes in the same write build on it.
    overlay: BTreeMap<(ScopeId, String), Written>,
    history_limit: usize,
    /// Where each record sits in the image, by id.
    index: std::collections::HashMap<Id, super::image::RecordKey>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

fn damaged(reason: &'static str) -> Error {
    Error::Damaged {
        path: std::path::PathBuf::new(),
        reason,
    }
}

/// The member records of an image, with their signatures checked against
/// the keys the image itself declares (the founding record is self-signed).
fn member_records(image: &Image) -> Result<Vec<MemberRecord>> {
    let mut parsed = Vec::new();
    for record in image.records.values() {
        if !matches!(record.kind, kind::MEMBER | kind::SLOT | kind::REKEY) {
            continue;
        }
        let body = record
            .parts
            .iter()
            .position(|p| p.kind == part::MEMBER_OPS)
            .and_then(|i| record.part(i))
            .ok_or_else(|| damaged("a member record has no body"))?;
        let ops = MemberOp::decode_all(body).map_err(|_| damaged("bad member record"))?;
        parsed.push((record, ops));
    }
    // A member's old key signs only what happened before its rekey.
    let history = rekey::key_history(image);
    Ok(parsed
        .into_iter()
        .map(|(record, ops)| {
            let signature_ok = rekey::authentic(&history, record);
            MemberRecord {
                causal: Causal::of(record),
                author: record.author,
                signature_ok,
                ops,
            }
        })
        .collect())
}

/// How a new member's first slot is made.
pub enum NewSlot<'a> {
    /// A passphrase, with the KDF parameters to use.
    Passphrase(&'a SecretString, KdfParams),
    /// An age or ssh-ed25519 recipient.
    Recipient(&'a keys::slot::Recipient),
    /// A passphrase whose KEK is already derived (with these salt and
    /// parameters): the upgrade from format 1 reuses the KEK that opened
    /// the format-1 slot, so the passphrase is not derived twice.
    PassphraseKek(&'a crate::vault::keys::PassphraseKek),
}

fn make_slot(uk: &UserKey, how: &NewSlot<'_>, vault: &[u8; 16], member: &MemberId) -> Result<Slot> {
    let aad = slot_aad(vault, member);
    match how {
        NewSlot::Passphrase(p, kdf) => {
            Slot::passphrase(uk, p, *kdf, &aad).map_err(|message| Error::KdfPolicy { message })
        }
        NewSlot::Recipient(r) => Ok(Slot::for_recipient(uk, r, &aad)),
        NewSlot::PassphraseKek(k) => {
            k.kdf
                .check()
                .map_err(|message| Error::KdfPolicy { message })?;
            Ok(Slot::passphrase_from_kek(uk, &k.kek, k.kdf, k.salt, &aad))
        }
    }
}

/// The hybrid logical clock for a new record: wall time in ms, shifted,
/// never below what the image already holds.
fn next_clock(image: &Image) -> u64 {
    let wall = (crate::vault::now().max(0) as u64).saturating_mul(1000) << 16;
    let seen = image.records.values().map(|r| r.clock).max().unwrap_or(0);
    wall.max(seen.saturating_add(1))
}

/// Signs and frames a record of `kind` by `author` on `device`, after
/// everything the image holds.
fn seal_record(
    image: &Image,
    author: &MemberId,
    signer: &MemberKeys,
    device: &DeviceId,
    kind: u8,
    tags: Vec<Tag>,
    parts: Vec<(u8, u8, Vec<u8>)>,
) -> Result<Record> {
    let mine = image
        .records
        .range((*device, 0, [0; 32])..=(*device, u64::MAX, [0xff; 32]))
        .next_back();
    let (seq, prev) = match mine {
        Some(((_, seq, id), _)) => (
            seq.checked_add(1)
                .ok_or_else(|| damaged("a device's sequence is exhausted"))?,
            *id,
        ),
        None => (1, [0; 32]),
    };
    let mut seen: BTreeMap<DeviceId, u64> = BTreeMap::new();
    for (d, s, _) in image.records.keys() {
        if d != device {
            let e = seen.entry(*d).or_default();
            *e = (*e).max(*s);
        }
    }
    let mut record = Record {
        kind,
        author: *author,
        device: *device,
        seq,
        prev,
        clock: next_clock(image),
        seen: seen.into_iter().collect(),
        tags,
        parts: parts
            .iter()
            .map(|(k, t, bytes)| PartRef {
                kind: *k,
                tag: *t,
                len: u32::try_from(bytes.len()).expect("a part fits in u32"),
                hash: hash(bytes),
            })
            .collect(),
        signature: [0; 64],
        data: parts.into_iter().map(|(_, _, b)| Some(b)).collect(),
    };
    record.signature = keys::sign(signer.signing_key(), &hash(&record.envelope()));
    Ok(record)
}

/// A new vault: the founder's member record, and nothing else.
pub fn create(
    vault_id: [u8; 16],
    name: &str,
    slot: &NewSlot<'_>,
    device: &DeviceId,
) -> Result<Image> {
    found(vault_id, name, slot, device).map(|(image, _, _)| image)
}

/// [`create`], also giving the founder's id and user key, so the caller
/// can open the new vault without unwrapping the slot it just made.
pub(super) fn found(
    vault_id: [u8; 16],
    name: &str,
    slot: &NewSlot<'_>,
    device: &DeviceId,
) -> Result<(Image, MemberId, UserKey)> {
    let member = random16();
    let keys = MemberKeys::generate();
    let slot = make_slot(&keys.uk, slot, &vault_id, &member)?;
    let ops = vec![
        MemberOp::Add {
            member,
            name: name.to_string(),
            public: keys.public().to_bytes().to_vec(),
            sealed: keys.seal_secrets(&member_aad(&vault_id, &member)),
            owner: true,
        },
        MemberOp::Slot {
            member,
            slot: *slot.id(),
            replaces: None,
            body: Some(slot.encode()),
        },
    ];
    let mut image = Image::new(vault_id);
    let record = seal_record(
        &image,
        &member,
        &keys,
        device,
        kind::MEMBER,
        vec![],
        vec![(part::MEMBER_OPS, 0xff, MemberOp::encode_all(&ops))],
    )?;
    image.insert_record(record);
    Ok((image, member, keys.uk.clone()))
}

/// Finds the member and user key that `identity` opens: `member` names
/// one; else `preferred` (the login name), if it is a member's name, is
/// the one tried; else every live member's slots are (format2.md D9).
pub fn unlock(
    image: &Image,
    identity: &dyn Identity,
    member: Option<&str>,
    preferred: Option<&str>,
) -> Result<(MemberId, UserKey)> {
    unlock_slot(image, identity, member, preferred).map(|(m, uk, _)| (m, uk))
}

/// [`unlock`], also saying which of the member's slots opened.
pub fn unlock_slot(
    image: &Image,
    identity: &dyn Identity,
    member: Option<&str>,
    preferred: Option<&str>,
) -> Result<(MemberId, UserKey, [u8; 16])> {
    let membership = replay(image)?;
    let mut candidates: Vec<(&MemberId, &super::access::Member)> = membership
        .members
        .iter()
        .filter(|(_, m)| !m.removed)
        .collect();
    if let Some(name) = member {
        candidates.retain(|(_, m)| m.name == name);
        if candidates.is_empty() {
            return Err(Error::Unlock {
                message: format!(
                    "no member called {:?} in this vault",
                    crate::output::sanitize(name)
                ),
                hint: Some("`sesame member list` shows the members".into()),
            });
        }
    } else if let Some(name) = preferred
        && candidates.iter().any(|(_, m)| m.name == name)
    {
        candidates.retain(|(_, m)| m.name == name);
    }
    for (id, m) in candidates {
        let aad = slot_aad(&image.vault_id, id);
        for (slot_id, bytes) in &m.slots {
            let Ok(slot) = Slot::decode(bytes) else {
                continue;
            };
            if let Some(uk) = identity.unwrap(&slot, &aad) {
                return Ok((*id, uk, *slot_id));
            }
        }
    }
    Err(Error::Unlock {
        message: format!(
            "{} does not open this vault",
            crate::output::sanitize(&identity.describe())
        ),
        hint: None,
    })
}

fn replay(image: &Image) -> Result<Membership> {
    Membership::replay(&member_records(image)?).map_err(|e| match e {
        super::access::Founding::Missing => damaged("the vault has no founding member"),
        super::access::Founding::Ambiguous => damaged("the vault has two founding members"),
    })
}

impl Engine {
    /// Opens `image` as `member` with its user key `uk`, writing (if it
    /// writes) as `device`.
    pub fn open(
        image: Image,
        member: MemberId,
        uk: UserKey,
        device: DeviceId,
        history_limit: usize,
    ) -> Result<Engine> {
        let membership = replay(&image)?;
        let m = membership
            .members
            .get(&member)
            .filter(|m| !m.removed)
            .ok_or_else(|| Error::Unlock {
                message: "this member was removed from the vault".into(),
                hint: None,
            })?;
        let public = MemberPublic::from_bytes(&m.public).map_err(|_| damaged("bad member keys"))?;
        let keys = MemberKeys::open_secrets(
            uk,
            &m.sealed,
            &public,
            &member_aad(&image.vault_id, &member),
        )
        .map_err(|_| damaged("the member's keys do not open"))?;
        let mut engine = Engine {
            vault_id: image.vault_id,
            image,
            me: member,
            keys,
            membership,
            scopes: BTreeMap::new(),
            device,
            pending: BTreeMap::new(),
            pending_members: Vec::new(),
            overlay: BTreeMap::new(),
            history_limit: history_limit.max(1),
            index: std::collections::HashMap::new(),
        };
        engine.load_scopes()?;
        Ok(engine)
    }

    /// The member this engine acts as.
    pub fn member(&self) -> &MemberId {
        &self.me
    }

    /// The member's user key (for sessions).
    pub fn user_key(&self) -> &UserKey {
        &self.keys.uk
    }

    /// The vault id.
    pub fn vault_id(&self) -> &[u8; 16] {
        &self.vault_id
    }

    /// The membership as replayed.
    pub fn membership(&self) -> &Membership {
        &self.membership
    }

    /// Every scope the member holds keys for.
    pub fn scopes(&self) -> impl Iterator<Item = (&ScopeId, &ScopeView)> {
        self.scopes.iter()
    }

    fn public_of(&self, member: &MemberId) -> Option<MemberPublic> {
        let m = self.membership.members.get(member)?;
        MemberPublic::from_bytes(&m.public).ok()
    }

    /// Reads every delivery addressed to this member, then every scope it
    /// opened: keys by epoch, grants, valid ops, the secrets they make.
    fn load_scopes(&mut self) -> Result<()> {
        self.index = self.image.records.keys().map(|k| (k.2, *k)).collect();
        let history = rekey::key_history(&self.image);
        let mut found: BTreeMap<ScopeId, (Owner, BTreeMap<EpochKey, ScopeKeys>)> = BTreeMap::new();
        for record in self.image.records.values() {
            if record.kind != kind::ACCESS {
                continue;
            }
            // Deliveries made before the author's rekey carry hints under
            // the author's old key: try each key they had.
            let authors = rekey::every_key(&history, &record.author);
            if authors.is_empty() {
                continue;
            }
            for (i, p) in record.parts.iter().enumerate() {
                if p.kind != part::DELIVERY {
                    continue;
                }
                let Some(bytes) = record.part(i) else {
                    continue;
                };
                if bytes.len() < 24 {
                    continue;
                }
                let nonce: [u8; 16] = bytes[..16].try_into().expect("16 bytes");
                let h: [u8; 8] = bytes[16..24].try_into().expect("8 bytes");
                if !authors
                    .iter()
                    .any(|author| hint_matches(&self.keys, author, &nonce, &h))
                {
                    continue;
                }
                let Some(payload) = open_delivery(&self.keys, &bytes[24..]) else {
                    continue;
                };
                let Ok(d) = Delivered::decode(&payload) else {
                    continue;
                };
                let entry = found
                    .entry(d.scope)
                    .or_insert_with(|| (d.owner.clone(), BTreeMap::new()));
                entry.1.insert((d.epoch, d.keys.tag()), d.keys);
            }
        }
        for (scope, (owner, mut epochs)) in found {
            self.follow_chain(&scope, &mut epochs);
            let view = self.read_scope(scope, owner, epochs, &history)?;
            // Keys from an earlier grant still open the scope's old epochs;
            // without a role now, its secrets do not exist for this member
            // (teams-sync.md "What each role sees").
            if let Some(view) = view
                && view.access.role(&self.membership, &self.me, None).is_some()
            {
                self.scopes.insert(scope, view);
            }
        }
        Ok(())
    }

    /// Fills in older epochs' keys from the chain parts, from every key
    /// known (a forked epoch chains back along each branch).
    fn follow_chain(&self, scope: &ScopeId, epochs: &mut BTreeMap<EpochKey, ScopeKeys>) {
        let mut todo: Vec<EpochKey> = epochs.keys().copied().collect();
        while let Some((epoch, tag)) = todo.pop() {
            if epoch <= 1 {
                continue;
            }
            let keys = epochs[&(epoch, tag)].clone();
            for record in self.image.records.values() {
                let Some(t) = record.tags.iter().position(|x| *x == tag) else {
                    continue;
                };
                for (i, p) in record.parts.iter().enumerate() {
                    if p.kind == part::CHAIN
                        && usize::from(p.tag) == t
                        && let Some(bytes) = record.part(i)
                        && let Some(prev) = super::keys::scope::open_previous(
                            &keys,
                            bytes,
                            &chain_aad(&self.vault_id, scope, epoch),
                        )
                    {
                        let key = (epoch - 1, prev.tag());
                        if let std::collections::btree_map::Entry::Vacant(slot) = epochs.entry(key)
                        {
                            slot.insert(prev);
                            todo.push(key);
                        }
                    }
                }
            }
        }
    }

    /// The scope as this member sees it, or `None` if its founding op is
    /// not valid (a scope made by someone who may not make it).
    fn read_scope(
        &self,
        scope: ScopeId,
        owner: Owner,
        epochs: BTreeMap<EpochKey, ScopeKeys>,
        history: &rekey::KeyHistory,
    ) -> Result<Option<ScopeView>> {
        let tags: BTreeMap<Tag, u32> = epochs.keys().map(|(e, t)| (*t, *e)).collect();
        let mut ops: Vec<(Causal, MemberId, Vec<Op>)> = Vec::new();
        // The record that made each epoch's keys (a scope or epoch op).
        let mut made: BTreeMap<EpochKey, Causal> = BTreeMap::new();
        for record in self.image.records.values() {
            if !record.tags.iter().any(|t| tags.contains_key(t)) {
                continue;
            }
            // Only records whose signature verifies (under the key their
            // author held then) count at all.
            if !rekey::authentic(history, record) {
                continue;
            }
            for (t, tag) in record.tags.iter().enumerate() {
                let Some(&epoch) = tags.get(tag) else {
                    continue;
                };
                for (i, p) in record.parts.iter().enumerate() {
                    if p.kind != part::OPS || usize::from(p.tag) != t {
                        continue;
                    }
                    let Some(bytes) = record.part(i) else {
                        continue;
                    };
                    let plain = epochs[&(epoch, *tag)]
                        .open_names(&ops_aad(&self.vault_id, &scope, epoch), bytes)
                        .ok_or_else(|| damaged("a scope's ops do not authenticate"))?;
                    let part = OpsPart::decode(&plain).map_err(|_| damaged("bad ops"))?;
                    if part.scope != scope || part.epoch != epoch {
                        return Err(damaged("ops out of place"));
                    }
                    if part
                        .ops
                        .iter()
                        .any(|op| matches!(op, Op::Scope { .. } | Op::Epoch { .. }))
                    {
                        made.insert((epoch, *tag), Causal::of(record));
                    }
                    ops.push((Causal::of(record), record.author, part.ops));
                }
            }
        }
        ops.sort_by_key(|(c, ..)| c.order_key());
        let mut private_to = match owner.owner_type() {
            OwnerType::User => self.membership.by_name(owner.owner_id()).map(|(id, _)| *id),
            _ => None,
        };
        // `user/<name>` is private to member <name> when they made it. One
        // a vault owner made before a member of that name joined stays an
        // ordinary scope (adding a member never hides a scope from those
        // who hold it).
        if let Some(m) = private_to
            && !ops.iter().any(|(_, author, list)| {
                *author == m && list.iter().any(|op| matches!(op, Op::Scope { .. }))
            })
        {
            private_to = None;
        }
        let mut access = ScopeAccess {
            scope,
            private_to,
            grants: Vec::new(),
        };
        // The scope's founding op must come from someone who may make it.
        let founder_ok = ops.iter().any(|(c, author, list)| {
            list.iter().any(|op| matches!(op, Op::Scope { .. }))
                && !self.membership.removed_at(author, c)
                && match private_to {
                    Some(m) => *author == m,
                    None => self
                        .membership
                        .members
                        .get(author)
                        .is_some_and(|m| m.owner || m.all.is_some_and(|r| r >= Role::Write)),
                }
        });
        if !founder_ok {
            return Ok(None);
        }
        let mut valid: Vec<(Stamp, Op)> = Vec::new();
        let mut quarantined = Vec::new();
        let mut purged_parts = Vec::new();
        for (causal, author, list) in &ops {
            let needs_owner = list
                .iter()
                .any(|op| matches!(op, Op::Grant { .. } | Op::Revoke { .. } | Op::Epoch { .. }));
            let founding = list.iter().any(|op| matches!(op, Op::Scope { .. }));
            let role = if founding {
                Some(Role::Owner)
            } else {
                access.role(&self.membership, author, Some(causal))
            };
            let allowed = role.is_some_and(|r| {
                r >= if needs_owner {
                    Role::Owner
                } else {
                    Role::Write
                }
            }) && !self.membership.removed_at(author, causal)
                && !access.revoked_concurrently(author, causal);
            if !allowed {
                quarantined.push((causal.id, *author));
                continue;
            }
            for (index, op) in list.iter().enumerate() {
                match op {
                    Op::Grant { member, role } => access.grants.push(super::access::GrantOp {
                        causal: causal.clone(),
                        member: *member,
                        role: Some(*role),
                    }),
                    Op::Revoke { member } => access.grants.push(super::access::GrantOp {
                        causal: causal.clone(),
                        member: *member,
                        role: None,
                    }),
                    Op::Purge { parts, .. } => purged_parts.extend(parts.iter().copied()),
                    _ => {}
                }
                valid.push((
                    Stamp {
                        op: OpName {
                            record: causal.id,
                            index: u32::try_from(index).unwrap_or(u32::MAX),
                        },
                        clock: causal.clock,
                        author: *author,
                    },
                    op.clone(),
                ));
            }
        }
        let current = *epochs
            .keys()
            .next_back()
            .expect("a delivery gave one epoch");
        let forked = epochs.keys().filter(|(e, _)| *e == current.0).count() > 1;
        // A removed member who had access and whose removal did not happen
        // before these keys were made may hold them.
        let made = made.get(&current);
        let exposed = self.membership.members.iter().any(|(id, m)| {
            m.removed
                && (m.owner || m.all.is_some() || access.grants.iter().any(|g| g.member == *id))
                && access.private_to.is_none_or(|p| p == *id)
                && match (self.membership.removal_of(id), made) {
                    (Some(removal), Some(made)) => !removal.before(made),
                    _ => true,
                }
        });
        Ok(Some(ScopeView {
            owner,
            keys: epochs,
            current,
            needs_rotation: forked || exposed,
            access,
            log: valid.clone(),
            state: Scope::fold(valid),
            quarantined,
            purged_parts,
        }))
    }

    /// This member's role on a scope.
    pub fn role(&self, scope: &ScopeId) -> Option<Role> {
        let view = self.scopes.get(scope)?;
        view.access.role(&self.membership, &self.me, None)
    }

    /// The scopes holding `owner`'s secrets.
    fn scopes_of(&self, owner: &Owner) -> Vec<ScopeId> {
        self.scopes
            .iter()
            .filter(|(_, v)| v.owner == *owner)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Every owner with at least one live secret this member can see.
    pub fn owners(&self) -> Vec<Owner> {
        let owners: BTreeSet<Owner> = self
            .scopes
            .values()
            .filter(|v| v.state.secrets.values().any(Secret::is_live))
            .map(|v| v.owner.clone())
            .collect();
        owners.into_iter().collect()
    }

    /// The live secret at `id`: its scope and state. When one path holds
    /// two secrets (created concurrently), the one created last shows.
    pub fn find(&self, id: &SecretId) -> Option<(&ScopeId, &Secret)> {
        let mut found: Vec<(&ScopeId, &Secret)> = Vec::new();
        for scope in self.scopes_of(id.owner()) {
            let (key, view) = self.scopes.get_key_value(&scope).expect("listed");
            for s in view.state.secrets.values() {
                if s.is_live() && s.path == id.path() {
                    found.push((key, s));
                }
            }
        }
        found.sort_by_key(|(_, s)| std::cmp::Reverse((s.created, s.id)));
        found.into_iter().next()
    }

    /// Every live secret at `id` (more than one when the path was created
    /// concurrently twice), newest first.
    pub fn find_all(&self, id: &SecretId) -> Vec<(&ScopeId, &Secret)> {
        let mut found: Vec<(&ScopeId, &Secret)> = Vec::new();
        for scope in self.scopes_of(id.owner()) {
            let (key, view) = self.scopes.get_key_value(&scope).expect("listed");
            found.extend(
                view.state
                    .secrets
                    .values()
                    .filter(|s| s.is_live() && s.path == id.path())
                    .map(|s| (key, s)),
            );
        }
        found.sort_by_key(|(_, s)| std::cmp::Reverse((s.created, s.id)));
        found
    }

    /// Every live secret this member can see, with its scope, by ID.
    pub fn secrets(&self) -> Vec<(SecretId, &ScopeId, &Secret)> {
        let mut out = Vec::new();
        for (scope, view) in &self.scopes {
            for s in view.state.secrets.values().filter(|s| s.is_live()) {
                if let Ok(id) = SecretId::new(view.owner.clone(), &s.path) {
                    out.push((id, scope, s));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.id.cmp(&b.2.id)));
        out
    }

    /// Decrypts a version's fields.
    pub fn open_version(
        &self,
        scope: &ScopeId,
        secret: &Secret,
        version: &super::state::Version,
    ) -> Result<Fields> {
        let view = self
            .scopes
            .get(scope)
            .ok_or_else(|| damaged("no such scope"))?;
        // A values key kept from an earlier write grant still opens the
        // old epochs; a read member reads no value all the same.
        if self.role(scope).is_none_or(|r| r < Role::Write) {
            return Err(Error::NotPermitted {
                scope: view.owner.to_string(),
            });
        }
        let mut keys = view.keys_of(version.value.epoch).peekable();
        if keys.peek().is_none() {
            return Err(damaged("a value's epoch has no key"));
        }
        let record = self
            .index
            .get(&version.stamp.op.record)
            .and_then(|k| self.image.records.get(k))
            .ok_or_else(|| damaged("a value's record is missing"))?;
        let bytes = record
            .part(version.value.part as usize)
            .filter(|_| {
                record
                    .parts
                    .get(version.value.part as usize)
                    .is_some_and(|p| p.kind == part::VALUE)
            })
            .ok_or_else(|| damaged("a value was purged or is missing"))?;
        let aad = value_aad(&self.vault_id, scope, &version.sealed_for, &version.id);
        let mut read_only = false;
        let mut plain = None;
        for k in keys {
            read_only |= k.values.is_none();
            if let Some(p) = k.open_value(&aad, bytes) {
                plain = Some(p);
                break;
            }
        }
        let plain = match plain {
            Some(p) => p,
            None if read_only => {
                return Err(Error::NotPermitted {
                    scope: view.owner.to_string(),
                });
            }
            None => return Err(damaged("a value does not authenticate")),
        };
        let pairs = decode_value(&plain).map_err(|_| damaged("bad value"))?;
        Fields::new(secret.kind, pairs, true).map_err(|_| damaged("bad value"))
    }

    /// What `verify` reports of each scope this member can read: its
    /// secrets and versions, the values that do not open (with this
    /// member's keys), and the records set aside, with author and time.
    pub fn report(&self) -> Vec<ScopeReport> {
        let mut out: Vec<ScopeReport> = self
            .scopes
            .iter()
            .map(|(scope, view)| {
                let live: Vec<&Secret> = view
                    .state
                    .secrets
                    .values()
                    .filter(|s| s.is_live())
                    .collect();
                let mut versions = 0;
                let mut unreadable = Vec::new();
                for s in &live {
                    for v in s.versions.iter().filter(|v| !v.purged) {
                        versions += 1;
                        match self.open_version(scope, s, v) {
                            Ok(_) | Err(Error::NotPermitted { .. }) => {}
                            Err(_) => unreadable
                                .push(format!("{}/{} version {}", view.owner, s.path, v.number)),
                        }
                    }
                }
                let quarantined =
                    view.quarantined
                        .iter()
                        .map(|(record, author)| {
                            let name = self.membership.members.get(author).map_or_else(
                                || "an unknown author".to_string(),
                                |m| m.name.clone(),
                            );
                            let clock = self
                                .index
                                .get(record)
                                .and_then(|k| self.image.records.get(k))
                                .map_or(0, |r| r.clock);
                            (name, (clock >> 16) as i64 / 1000)
                        })
                        .collect();
                ScopeReport {
                    owner: view.owner.clone(),
                    secrets: live.len(),
                    versions,
                    unreadable,
                    quarantined,
                }
            })
            .collect();
        out.sort_by(|a, b| a.owner.cmp(&b.owner));
        out
    }

    // ----- writes -----

    /// The scope to write `owner`'s new secrets into: an existing one this
    /// member may write, or a new one it is allowed to make (D10).
    fn scope_for_write(&mut self, owner: &Owner) -> Result<ScopeId> {
        let mut existing = self.scopes_of(owner);
        existing.sort();
        if let Some(s) = existing
            .iter()
            .find(|s| self.role(s).is_some_and(|r| r >= Role::Write))
        {
            return Ok(*s);
        }
        if !existing.is_empty() {
            return Err(Error::NotPermitted {
                scope: owner.to_string(),
            });
        }
        let me = self
            .membership
            .members
            .get(&self.me)
            .expect("opened as a member");
        let private = owner.owner_type() == OwnerType::User;
        let may_create = if private {
            owner.owner_id() == me.name || me.owner || me.all.is_some_and(|r| r >= Role::Write)
        } else {
            me.owner || me.all.is_some_and(|r| r >= Role::Write)
        };
        if !may_create {
            return Err(Error::NotPermitted {
                scope: owner.to_string(),
            });
        }
        if private
            && owner.owner_id() != me.name
            && self.membership.by_name(owner.owner_id()).is_some()
        {
            // Another member's private scope: only they make it.
            return Err(Error::NotPermitted {
                scope: owner.to_string(),
            });
        }
        let scope = random16();
        let keys = ScopeKeys::generate();
        // Who gets keys: the creator (owner), vault owners and `*` grantees
        // unless the scope is private.
        let mut deliveries: Vec<(MemberId, ScopeKeys)> = vec![(self.me, keys.clone())];
        if !private {
            for (id, m) in &self.membership.members {
                if m.removed || *id == self.me {
                    continue;
                }
                if m.owner || m.all.is_some_and(|r| r >= Role::Write) {
                    deliveries.push((*id, keys.clone()));
                } else if m.all == Some(Role::Read) {
                    deliveries.push((*id, keys.read_only()));
                }
            }
        }
        let mut pending = Pending {
            created: true,
            ..Pending::default()
        };
        pending.ops.push(Op::Scope {
            owner_type: owner.owner_type().as_str().to_string(),
            owner_id: owner.owner_id().to_string(),
        });
        pending.ops.push(Op::Grant {
            member: self.me,
            role: Role::Owner,
        });
        for (member, k) in deliveries {
            if let Some(public) = self.public_of(&member) {
                let payload = Delivered {
                    scope,
                    epoch: 1,
                    owner: owner.clone(),
                    keys: k,
                }
                .encode();
                pending.deliveries.push((public, payload));
            }
        }
        self.pending.insert(scope, pending);
        let mut epochs = BTreeMap::new();
        let current = (1, keys.tag());
        epochs.insert(current, keys);
        self.scopes.insert(
            scope,
            ScopeView {
                owner: owner.clone(),
                keys: epochs,
                current,
                needs_rotation: false,
                access: ScopeAccess {
                    scope,
                    private_to: if private {
                        self.membership.by_name(owner.owner_id()).map(|(id, _)| *id)
                    } else {
                        None
                    },
                    grants: vec![super::access::GrantOp {
                        causal: Causal {
                            id: [0xff; 32],
                            device: self.device,
                            seq: u64::MAX,
                            seen: vec![],
                            clock: u64::MAX,
                        },
                        member: self.me,
                        role: Some(Role::Owner),
                    }],
                },
                log: vec![],
                state: Scope::default(),
                quarantined: vec![],
                purged_parts: vec![],
            },
        );
        Ok(scope)
    }

    /// Checks that this member may write `scope`, and first moves it to new
    /// keys if the current ones must not be written under.
    fn require_write(&mut self, scope: &ScopeId) -> Result<()> {
        if self.role(scope).is_some_and(|r| r >= Role::Write)
            || self.pending.get(scope).is_some_and(|p| p.created)
        {
            if self.scopes[scope].needs_rotation {
                self.rotate(*scope, None)?;
            }
            Ok(())
        } else {
            Err(Error::NotPermitted {
                scope: self.scopes[scope].owner.to_string(),
            })
        }
    }

    /// The secret at `id`, as this write sees it (its own earlier changes
    /// included): scope, secret id, type, heads.
    fn current(&self, id: &SecretId) -> Option<(ScopeId, SecretKey, SecretType, Vec<VersionId>)> {
        for scope in self.scopes_of(id.owner()) {
            if let Some((sk, kind, heads, deleted)) =
                self.overlay.get(&(scope, id.path().to_string()))
            {
                if *deleted {
                    continue;
                }
                return Some((scope, *sk, *kind, heads.clone()));
            }
        }
        self.find(id)
            .filter(|(scope, s)| !self.overlay.contains_key(&(**scope, s.path.clone())))
            .map(|(scope, s)| (*scope, s.id, s.kind, s.heads.clone()))
    }

    /// Whether `id` exists (this write's changes included).
    pub fn contains(&self, id: &SecretId) -> bool {
        self.current(id).is_some()
    }

    fn push_version(
        &mut self,
        scope: ScopeId,
        secret: SecretKey,
        parents: Vec<VersionId>,
        created: i64,
        fields: &Fields,
    ) -> VersionId {
        let version = random16();
        let public = fields
            .iter()
            .filter(|(name, _)| fields.kind().field(name).is_some_and(|f| !f.secret))
            .map(|(name, v)| (name.to_string(), v.expose_secret().to_string()))
            .collect();
        let epoch = self.scopes[&scope].current.0;
        let pending = self.pending.entry(scope).or_default();
        let index = u32::try_from(pending.values.len()).expect("values fit in u32");
        pending.values.push((secret, version, encode_value(fields)));
        pending.ops.push(Op::Version {
            secret,
            version,
            parents,
            created,
            // Part numbers are fixed up when the record is built: values
            // follow the ops part, in order.
            value: ValueRef { part: index, epoch },
            public,
        });
        version
    }

    /// Adds a new secret (version 1).
    pub fn add(
        &mut self,
        id: &SecretId,
        fields: &Fields,
        description: Option<String>,
        created: i64,
    ) -> Result<()> {
        if self.contains(id) {
            return Err(Error::SecretExists { id: id.to_string() });
        }
        let scope = self.scope_for_write(id.owner())?;
        self.require_write(&scope)?;
        let secret = random16();
        self.pending.entry(scope).or_default().ops.push(Op::Create {
            secret,
            path: id.path().to_string(),
            kind: fields.kind(),
            created,
            first_number: 1,
        });
        let version = self.push_version(scope, secret, vec![], created, fields);
        if let Some(d) = description {
            self.pending.entry(scope).or_default().ops.push(Op::Meta {
                secret,
                description: Change::Set(d),
                rotate_every: Change::Keep,
                expires: Change::Keep,
            });
        }
        self.overlay.insert(
            (scope, id.path().to_string()),
            (secret, fields.kind(), vec![version], false),
        );
        Ok(())
    }

    /// Stores a whole secret as an export (or a format-1 vault) carries
    /// it: its versions in order keep their numbers. Replaces nothing: the
    /// ID must be free.
    pub fn put_exported(&mut self, secret: &ExportedSecret) -> Result<()> {
        let id = &secret.id;
        if self.contains(id) {
            return Err(Error::SecretExists { id: id.to_string() });
        }
        let (first, rest) = secret
            .versions
            .split_first()
            .ok_or_else(|| Error::usage(format!("{id}: a secret needs a version")))?;
        let kind = first.2.kind();
        if secret.versions.iter().any(|v| v.2.kind() != kind) {
            return Err(Error::usage(format!(
                "{id}: all versions must be of one type"
            )));
        }
        let scope = self.scope_for_write(id.owner())?;
        self.require_write(&scope)?;
        let key = random16();
        self.pending.entry(scope).or_default().ops.push(Op::Create {
            secret: key,
            path: id.path().to_string(),
            kind,
            created: secret.created,
            first_number: first.0.max(1),
        });
        let mut head = self.push_version(scope, key, vec![], first.1, &first.2);
        for (_, created, fields) in rest {
            head = self.push_version(scope, key, vec![head], *created, fields);
        }
        self.pending.entry(scope).or_default().ops.push(Op::Meta {
            secret: key,
            description: secret.description.clone().map_or(Change::Keep, Change::Set),
            rotate_every: secret.rotate_every.map_or(Change::Keep, Change::Set),
            expires: secret.expires.map_or(Change::Keep, Change::Set),
        });
        self.overlay.insert(
            (scope, id.path().to_string()),
            (key, kind, vec![head], false),
        );
        Ok(())
    }

    /// Adds a version superseding every head (so it also ends a conflict
    /// of concurrent edits). Returns the number it will show as.
    pub fn add_version(
        &mut self,
        id: &SecretId,
        fields: &Fields,
        description: Option<String>,
    ) -> Result<()> {
        let (scope, secret, kind, heads) = self
            .current(id)
            .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })?;
        self.require_write(&scope)?;
        if kind != fields.kind() {
            return Err(Error::usage(format!(
                "{id} is a {kind} secret; a new version must be one too"
            )));
        }
        let version = self.push_version(scope, secret, heads, crate::vault::now(), fields);
        if let Some(d) = description {
            self.pending.entry(scope).or_default().ops.push(Op::Meta {
                secret,
                description: Change::Set(d),
                rotate_every: Change::Keep,
                expires: Change::Keep,
            });
        }
        self.prune(&scope, &secret);
        self.overlay.insert(
            (scope, id.path().to_string()),
            (secret, kind, vec![version], false),
        );
        Ok(())
    }

    /// Ends a conflict at `id` (`sesame resolve`): the new version's
    /// parents are every head; its value is `value`, or that of the version
    /// whose short id is `pick`. One path created twice keeps the secret
    /// holding the picked version (or the newest) and absorbs the others;
    /// an edit concurrent with a delete is kept (its tombstones voided).
    pub fn resolve(
        &mut self,
        id: &SecretId,
        pick: Option<&str>,
        value: Option<Fields>,
    ) -> Result<()> {
        let all: Vec<(ScopeId, Secret)> = self
            .find_all(id)
            .into_iter()
            .map(|(scope, s)| (*scope, s.clone()))
            .collect();
        let Some((scope, _)) = all.first() else {
            return Err(Error::SecretNotFound { id: id.to_string() });
        };
        let scope = *scope;
        if all.iter().any(|(other, _)| *other != scope) {
            return Err(Error::Conflict {
                message: format!(
                    "{id} exists in two scopes of its owner; resolve by writing to it first"
                ),
            });
        }
        self.require_write(&scope)?;
        let picked = match pick {
            Some(short) => Some(
                all.iter()
                    .find_map(|(_, s)| s.version_by_short_id(short).map(|v| (s.clone(), v.clone())))
                    .ok_or_else(|| Error::usage(format!("{id} has no version {short}")))?,
            ),
            None => None,
        };
        let keep = picked.as_ref().map_or(all[0].1.id, |(s, _)| s.id);
        let fields = match (value, &picked) {
            (Some(f), _) => f,
            (None, Some((s, v))) => self.open_version(&scope, s, v)?,
            (None, None) => {
                return Err(Error::usage(
                    "resolve needs a version to pick or a new value",
                ));
            }
        };
        let kept = all
            .iter()
            .find(|(_, s)| s.id == keep)
            .map(|(_, s)| s)
            .expect("kept is one of them");
        if kept.kind != fields.kind() {
            return Err(Error::usage(format!("{id} is a {} secret", kept.kind)));
        }
        let heads: Vec<VersionId> = all
            .iter()
            .flat_map(|(_, s)| s.heads.iter().copied())
            .collect();
        let revive: Vec<OpName> = kept.tombstones.clone();
        let pending = self.pending.entry(scope).or_default();
        for (_, s) in all.iter().filter(|(_, s)| s.id != keep) {
            pending.ops.push(Op::Absorb {
                keep,
                absorbed: s.id,
            });
        }
        if !revive.is_empty() {
            pending.ops.push(Op::Revive {
                secret: keep,
                tombstones: revive,
            });
        }
        let version = self.push_version(scope, keep, heads, crate::vault::now(), &fields);
        self.overlay.insert(
            (scope, id.path().to_string()),
            (keep, fields.kind(), vec![version], false),
        );
        Ok(())
    }

    /// Purges versions beyond the history limit (D5).
    fn prune(&mut self, scope: &ScopeId, secret: &SecretKey) {
        let Some(s) = self.scopes[scope].state.secrets.get(secret) else {
            return;
        };
        let kept: Vec<&super::state::Version> = s.versions.iter().filter(|v| !v.purged).collect();
        // The new version counts too.
        let excess = (kept.len() + 1).saturating_sub(self.history_limit);
        if excess == 0 {
            return;
        }
        // Called for a new version whose parents are every head: the heads
        // are old versions now, as prunable as any.
        let old: Vec<&super::state::Version> = kept.into_iter().take(excess).collect();
        if old.is_empty() {
            return;
        }
        let op = Op::Purge {
            secret: *secret,
            versions: old.iter().map(|v| v.id).collect(),
            parts: old
                .iter()
                .map(|v| (v.stamp.op.record, v.value.part))
                .collect(),
        };
        self.pending.entry(*scope).or_default().ops.push(op);
    }

    /// Removes a secret: a tombstone of the heads this member saw, and a
    /// purge of every version it saw (D5).
    pub fn remove(&mut self, id: &SecretId) -> Result<()> {
        let (scope, secret, kind, heads) = self
            .current(id)
            .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })?;
        self.require_write(&scope)?;
        let purge = self.scopes[&scope]
            .state
            .secrets
            .get(&secret)
            .map(|s| Op::Purge {
                secret,
                versions: s.versions.iter().map(|v| v.id).collect(),
                parts: s
                    .versions
                    .iter()
                    .map(|v| (v.stamp.op.record, v.value.part))
                    .collect(),
            });
        let pending = self.pending.entry(scope).or_default();
        pending.ops.push(Op::Tombstone { secret, heads });
        pending.ops.extend(purge);
        self.overlay
            .insert((scope, id.path().to_string()), (secret, kind, vec![], true));
        Ok(())
    }

    /// Sets or clears a secret's rotation period and expiry.
    pub fn set_policy(
        &mut self,
        id: &SecretId,
        rotate_every: Option<Option<i64>>,
        expires: Option<Option<i64>>,
    ) -> Result<()> {
        let (scope, secret, ..) = self
            .current(id)
            .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })?;
        self.require_write(&scope)?;
        let change = |c: Option<Option<i64>>| match c {
            None => Change::Keep,
            Some(None) => Change::Clear,
            Some(Some(v)) => Change::Set(v),
        };
        self.pending.entry(scope).or_default().ops.push(Op::Meta {
            secret,
            description: Change::Keep,
            rotate_every: change(rotate_every),
            expires: change(expires),
        });
        Ok(())
    }

    /// Renames within a scope (a path op: nothing re-sealed, D12), or
    /// across owners (re-sealed under the destination, then removed).
    pub fn rename(&mut self, old: &SecretId, new: &SecretId) -> Result<()> {
        if self.contains(new) {
            return Err(Error::SecretExists {
                id: new.to_string(),
            });
        }
        let (scope, secret_id, ..) = self.current(old).ok_or_else(|| Error::SecretNotFound {
            id: old.to_string(),
        })?;
        self.require_write(&scope)?;
        if old.owner() == new.owner() {
            let heads = self.scopes[&scope]
                .state
                .secrets
                .get(&secret_id)
                .map(|s| s.path_heads.clone())
                .ok_or_else(|| Error::usage(format!("{old} was made in this same write")))?;
            self.pending.entry(scope).or_default().ops.push(Op::Rename {
                secret: secret_id,
                path: new.path().to_string(),
                supersedes: heads,
            });
            if let Some(o) = self.overlay.remove(&(scope, old.path().to_string())) {
                self.overlay.insert((scope, new.path().to_string()), o);
            }
            return Ok(());
        }
        let secret = self.scopes[&scope]
            .state
            .secrets
            .get(&secret_id)
            .cloned()
            .ok_or_else(|| Error::usage(format!("{old} was made in this same write")))?;
        let mut versions = Vec::new();
        for v in secret.versions.iter().filter(|v| !v.purged) {
            versions.push((v.created, self.open_version(&scope, &secret, v)?));
        }
        let (first_created, first) = versions
            .first()
            .cloned()
            .ok_or_else(|| damaged("a secret without a version"))?;
        self.add(
            new,
            &first,
            secret.description.clone(),
            secret.created.min(first_created),
        )?;
        for (created, fields) in versions.into_iter().skip(1) {
            let (dscope, dsecret, kind, heads) = self.current(new).expect("just added");
            let v = self.push_version(dscope, dsecret, heads, created, &fields);
            self.overlay.insert(
                (dscope, new.path().to_string()),
                (dsecret, kind, vec![v], false),
            );
        }
        self.set_policy(new, Some(secret.rotate_every), Some(secret.expires))?;
        self.remove(old)
    }

    /// Writes the pending changes as one record (plus the member record,
    /// if membership changed) into the image; returns whether anything
    /// was written.
    pub fn commit(&mut self) -> Result<bool> {
        if self
            .pending_members
            .iter()
            .any(|op| matches!(op, MemberOp::Rekey { .. }))
            && !self.pending.is_empty()
        {
            // A rekey is written last: the records before it are signed by
            // the key it retires, which signs nothing after it (rekey.rs).
            let members = std::mem::take(&mut self.pending_members);
            let wrote = self.commit()?;
            self.pending_members = members;
            return Ok(self.commit()? || wrote);
        }
        let mut wrote = false;
        if !self.pending_members.is_empty() {
            let ops = std::mem::take(&mut self.pending_members);
            let record = seal_record(
                &self.image,
                &self.me,
                &self.keys,
                &self.device,
                kind::MEMBER,
                vec![],
                vec![(part::MEMBER_OPS, 0xff, MemberOp::encode_all(&ops))],
            )?;
            self.image.insert_record(record);
            wrote = true;
        }
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() {
            if wrote {
                self.reload()?;
            }
            return Ok(wrote);
        }
        let mut access = false;
        let mut tags: Vec<(Tag, ScopeId, bool)> = Vec::new();
        for (scope, p) in &pending {
            tags.push((self.scopes[scope].current_keys().tag(), *scope, false));
            if let Some(((_, tag), _)) = &p.notice {
                tags.push((*tag, *scope, true));
            }
        }
        tags.sort();
        let mut parts: Vec<(u8, u8, Vec<u8>)> = Vec::new();
        for (t, (_, scope, notice)) in tags.iter().enumerate() {
            let t = u8::try_from(t)
                .map_err(|_| Error::usage("one write touches at most 255 owners"))?;
            let p = &pending[scope];
            let view = &self.scopes[scope];
            if *notice {
                let Some((epoch, ops)) = &p.notice else {
                    continue;
                };
                let plain = OpsPart {
                    scope: *scope,
                    epoch: epoch.0,
                    ops: ops.clone(),
                }
                .encode();
                parts.push((
                    part::OPS,
                    t,
                    view.keys[epoch].seal_names(&ops_aad(&self.vault_id, scope, epoch.0), &plain),
                ));
                continue;
            }
            let keys = view.current_keys();
            // Value parts come right after this scope's ops part.
            let first_value = parts.len() + 1;
            let mut ops = p.ops.clone();
            for op in &mut ops {
                if let Op::Version { value, .. } = op {
                    value.part += u32::try_from(first_value).expect("parts fit");
                    // Sealed below under the scope's current keys, which a
                    // rotation in this same write may have replaced.
                    value.epoch = view.current.0;
                }
            }
            let plain = OpsPart {
                scope: *scope,
                epoch: view.current.0,
                ops,
            }
            .encode();
            parts.push((
                part::OPS,
                t,
                keys.seal_names(&ops_aad(&self.vault_id, scope, view.current.0), &plain),
            ));
            for (secret, version, value) in &p.values {
                let sealed = keys
                    .seal_value(&value_aad(&self.vault_id, scope, secret, version), value)
                    .ok_or_else(|| Error::NotPermitted {
                        scope: view.owner.to_string(),
                    })?;
                parts.push((part::VALUE, t, sealed));
            }
            for (to, payload) in &p.deliveries {
                access = true;
                let nonce = random16();
                let mut bytes = nonce.to_vec();
                bytes.extend_from_slice(&hint(&self.keys, to, &nonce));
                bytes.extend_from_slice(&deliver(to, payload));
                parts.push((part::DELIVERY, t, bytes));
            }
            if let Some(chain) = &p.chain {
                parts.push((part::CHAIN, t, chain.clone()));
            }
            if p.ops
                .iter()
                .any(|op| matches!(op, Op::Grant { .. } | Op::Revoke { .. } | Op::Epoch { .. }))
            {
                access = true;
            }
        }
        let record = seal_record(
            &self.image,
            &self.me,
            &self.keys,
            &self.device,
            if access { kind::ACCESS } else { kind::TXN },
            tags.iter().map(|(t, ..)| *t).collect(),
            parts,
        )?;
        self.image.insert_record(record);
        self.reload()?;
        self.drop_purged();
        Ok(true)
    }

    /// Recomputes what is current after a write.
    fn reload(&mut self) -> Result<()> {
        self.overlay.clear();
        self.membership = replay(&self.image)?;
        self.scopes.clear();
        self.load_scopes()
    }

    /// Drops the value parts that valid purges made unreachable (D5): the
    /// record ids stay, the ciphertext goes. A merge with an older copy
    /// may bring a part back; the next write drops it again.
    fn drop_purged(&mut self) {
        let parts: Vec<(Id, u32)> = self
            .scopes
            .values()
            .flat_map(|v| v.purged_parts.iter().copied())
            .collect();
        for (record, index) in parts {
            let i = index as usize;
            if let Some(r) = self
                .index
                .get(&record)
                .and_then(|k| self.image.records.get_mut(k))
                && r.parts.get(i).is_some_and(|p| p.kind == part::VALUE)
            {
                r.data[i] = None;
            }
        }
    }

    /// The image, with every committed write.
    pub fn image(&self) -> &Image {
        &self.image
    }

    fn require_vault_owner(&self) -> Result<()> {
        if self.membership.is_owner(&self.me) {
            Ok(())
        } else {
            Err(Error::NotPermitted {
                scope: "the vault's members (vault owners only)".into(),
            })
        }
    }

    fn member_by_name(&self, name: &str) -> Result<MemberId> {
        self.membership
            .by_name(name)
            .map(|(id, _)| *id)
            .ok_or_else(|| Error::MemberNotFound { name: name.into() })
    }

    /// The keys of `scope` that `role` gets: both keys for write and owner,
    /// the names key alone for read.
    fn keys_for(&self, scope: &ScopeId, role: Role) -> ScopeKeys {
        let keys = self.scopes[scope].current_keys();
        if role >= Role::Write {
            keys.clone()
        } else {
            keys.read_only()
        }
    }

    fn deliver_to(&mut self, scope: ScopeId, to: MemberPublic, role: Role) {
        let view = &self.scopes[&scope];
        let payload = Delivered {
            scope,
            epoch: view.current.0,
            owner: view.owner.clone(),
            keys: self.keys_for(&scope, role),
        }
        .encode();
        self.pending
            .entry(scope)
            .or_default()
            .deliveries
            .push((to, payload));
    }

    /// Adds a member with one slot (vault owners only). A vault owner
    /// gets the keys of every scope this member holds that is not private.
    pub fn add_member(&mut self, name: &str, slot: &NewSlot<'_>, owner: bool) -> Result<MemberId> {
        self.require_vault_owner()?;
        if self.membership.by_name(name).is_some()
            || self
                .pending_members
                .iter()
                .any(|op| matches!(op, MemberOp::Add { name: n, .. } if n == name))
        {
            return Err(Error::Conflict {
                message: format!("a member called {name:?} exists already"),
            });
        }
        let member = random16();
        let keys = MemberKeys::generate();
        let slot = make_slot(&keys.uk, slot, &self.vault_id, &member)?;
        self.pending_members.push(MemberOp::Add {
            member,
            name: name.to_string(),
            public: keys.public().to_bytes().to_vec(),
            sealed: keys.seal_secrets(&member_aad(&self.vault_id, &member)),
            owner,
        });
        self.pending_members.push(MemberOp::Slot {
            member,
            slot: *slot.id(),
            replaces: None,
            body: Some(slot.encode()),
        });
        if owner {
            let scopes: Vec<ScopeId> = self
                .scopes
                .iter()
                .filter(|(_, v)| v.access.private_to.is_none())
                .map(|(id, _)| *id)
                .collect();
            for scope in scopes {
                self.deliver_to(scope, keys.public(), Role::Owner);
            }
        }
        Ok(member)
    }

    /// The scope of `owner` to manage grants on: an existing one (where
    /// this member must be an owner), or, for a vault owner, a new empty
    /// one (D10).
    fn scope_to_manage(&mut self, owner: &Owner) -> Result<ScopeId> {
        if let Some(scope) = self.scopes_of(owner).into_iter().min() {
            if self.role(&scope) == Some(Role::Owner)
                || self.pending.get(&scope).is_some_and(|p| p.created)
            {
                return Ok(scope);
            }
            return Err(Error::NotPermitted {
                scope: owner.to_string(),
            });
        }
        if !self.membership.is_owner(&self.me) {
            // No scope this member can see: as if it did not exist.
            return Err(Error::SecretNotFound {
                id: owner.to_string(),
            });
        }
        self.scope_for_write(owner)
    }

    /// Gives `name` a role on `owner`'s scope. A lower role than the one
    /// held is a revoke of the higher one, with a rotation. Returns the IDs
    /// whose values they could read and no longer may.
    pub fn grant(&mut self, name: &str, owner: &Owner, role: Role) -> Result<Vec<SecretId>> {
        let member = self.member_by_name(name)?;
        let scope = self.scope_to_manage(owner)?;
        let held = self.scopes[&scope]
            .access
            .role(&self.membership, &member, None);
        let mut exposed = Vec::new();
        if held.is_some_and(|h| h > role) {
            if role < Role::Write {
                exposed = self.readable_by(&scope, &member);
                exposed.sort();
            }
            self.revoke_in(scope, member)?;
        }
        let to = self
            .public_of(&member)
            .ok_or_else(|| damaged("bad member keys"))?;
        self.pending
            .entry(scope)
            .or_default()
            .ops
            .push(Op::Grant { member, role });
        self.deliver_to(scope, to, role);
        Ok(exposed)
    }

    /// Takes `name`'s grant on `owner`'s scope away and moves the scope to
    /// new keys. Returns the IDs whose values they could read.
    pub fn revoke(&mut self, name: &str, owner: &Owner) -> Result<Vec<SecretId>> {
        let member = self.member_by_name(name)?;
        let scope = self.scope_to_manage(owner)?;
        let mut exposed = self.readable_by(&scope, &member);
        // Sorted by ID, as `member rm` lists them.
        exposed.sort();
        let before = self.scopes[&scope].current;
        self.revoke_in(scope, member)?;
        // The revoked member learns of it under the keys they hold, and
        // stops showing the scope (what they saw they keep anyway).
        self.pending.entry(scope).or_default().notice = Some((before, vec![Op::Revoke { member }]));
        Ok(exposed)
    }

    /// The live IDs of `scope` whose values `member` could read.
    fn readable_by(&self, scope: &ScopeId, member: &MemberId) -> Vec<SecretId> {
        let view = &self.scopes[scope];
        if view
            .access
            .role(&self.membership, member, None)
            .is_none_or(|r| r < Role::Write)
        {
            return vec![];
        }
        view.state
            .secrets
            .values()
            .filter(|s| s.is_live())
            .filter_map(|s| SecretId::new(view.owner.clone(), &s.path).ok())
            .collect()
    }

    fn revoke_in(&mut self, scope: ScopeId, member: MemberId) -> Result<()> {
        self.pending
            .entry(scope)
            .or_default()
            .ops
            .push(Op::Revoke { member });
        self.rotate(scope, Some(member))
    }

    /// Moves `scope` to a new epoch: new keys, the old ones chained under
    /// them, delivered to every member who keeps a role (never `gone`).
    fn rotate(&mut self, scope: ScopeId, gone: Option<MemberId>) -> Result<()> {
        let holders: Vec<(MemberId, Role)> = self
            .membership
            .members
            .iter()
            .filter(|(id, m)| !m.removed && Some(**id) != gone)
            .filter_map(|(id, _)| {
                self.scopes[&scope]
                    .access
                    .role(&self.membership, id, None)
                    .map(|r| (*id, r))
            })
            .collect();
        let view = self.scopes.get_mut(&scope).expect("a scope we hold");
        let old = view.current_keys().clone();
        let new = ScopeKeys::generate();
        let epoch = view
            .current
            .0
            .checked_add(1)
            .ok_or_else(|| damaged("a scope's epochs are exhausted"))?;
        let chain = super::keys::scope::seal_previous(
            &new,
            &old,
            &chain_aad(&self.vault_id, &scope, epoch),
        );
        view.current = (epoch, new.tag());
        view.keys.insert(view.current, new);
        view.needs_rotation = false;
        let pending = self.pending.entry(scope).or_default();
        pending.ops.push(Op::Epoch { epoch, chain: 0 });
        pending.chain = Some(chain);
        // Deliveries made earlier in this write carried the old keys.
        pending.deliveries.clear();
        for (member, role) in holders {
            if let Some(to) = self.public_of(&member) {
                self.deliver_to(scope, to, role);
            }
        }
        Ok(())
    }

    /// Removes a member (vault owners only): every scope they could read
    /// moves to new keys. Returns the IDs whose values they could read.
    pub fn remove_member(&mut self, name: &str) -> Result<Vec<SecretId>> {
        self.require_vault_owner()?;
        let member = self.member_by_name(name)?;
        let owners = self
            .membership
            .members
            .iter()
            .filter(|(id, m)| !m.removed && m.owner && **id != member)
            .count();
        if self.membership.is_owner(&member) && owners == 0 {
            return Err(Error::Conflict {
                message: "the vault needs at least one vault owner".into(),
            });
        }
        let scopes: Vec<ScopeId> = self
            .scopes
            .iter()
            .filter(|(id, v)| {
                v.access.private_to != Some(member)
                    && v.access.role(&self.membership, &member, None).is_some()
                    && self.role(id) == Some(Role::Owner)
            })
            .map(|(id, _)| *id)
            .collect();
        let mut exposed = Vec::new();
        for scope in scopes {
            exposed.extend(self.readable_by(&scope, &member));
            self.rotate(scope, Some(member))?;
        }
        self.pending_members.push(MemberOp::Remove { member });
        exposed.sort();
        Ok(exposed)
    }

    /// Replaces this member's passphrase slot `old` (or adds one).
    pub fn set_passphrase(
        &mut self,
        old: Option<[u8; 16]>,
        passphrase: &SecretString,
        kdf: KdfParams,
    ) -> Result<()> {
        let slot = make_slot(
            &self.keys.uk,
            &NewSlot::Passphrase(passphrase, kdf),
            &self.vault_id,
            &self.me,
        )?;
        self.pending_members.push(MemberOp::Slot {
            member: self.me,
            slot: *slot.id(),
            replaces: old,
            body: Some(slot.encode()),
        });
        Ok(())
    }
}

mod across;
mod hooks;
mod members;
mod rekey;

#[cfg(test)]
mod tests;
