//! The format-2 vault as a member sees it: open an image with a member's
//! key, compute what is current, and turn changes into one signed record
//! per write (docs/format2-design.md §3–§5).
//!
//! A scope is read from its checkpoint when one is usable (§4.2: the
//! leaves [`Engine::open_with`] asks for, one root-to-leaf path of pages
//! each), else by replaying every record of the scope; both compute the
//! same state, and `report` (verify) checks that they do. Scope keys come
//! from the member's keyring checkpoint and the deliveries beyond it
//! (§5.5.1). Each commit folds its ops into the leaves it touched and
//! signs the scopes' next checkpoints. File access, locking and atomic
//! writes stay with the caller: the engine takes an image (decoded, or
//! opened lazily with [`Image::open`]) and gives back the image to write.

use std::collections::{BTreeMap, BTreeSet};

use crate::id::{Owner, OwnerType, SecretId};
use crate::secret::SecretString;
use crate::secret_type::{Fields, SecretType};
use crate::vault::ExportedSecret;
use crate::vault::codec::{Malformed, Reader, Writer};
use crate::vault::crypto::{self, KdfParams};
use crate::vault::error::{Advice, Error, Result};
use crate::vault::format::{decode_value, encode_value};

use super::access::{Causal, MemberOp, MemberRecord, Membership, ScopeAccess};
use super::checkpoint::{self as cp, Body, Pages, Stamped};
use super::image::Image;
use super::keys::scope::ScopeKeys;
use super::keys::slot::Slot;
use super::keys::{
    self, Identity, MemberKeys, MemberPublic, UserKey, deliver, hint, hint_matches, open_delivery,
};
use super::ops::{Change, Op, OpName, OpsPart, Role, ScopeId, SecretKey, ValueRef, VersionId};
use super::record::{Checkpoint, DeviceId, Id, MemberId, PartRef, Record, Tag, hash, kind};
use super::state::{Scope, Secret, Stamp};
use super::tree::{Root, Tree};

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

fn body_aad(vault: &[u8; 16], scope: &ScopeId, epoch: u32) -> Vec<u8> {
    aad(cp::BODY_LABEL, &[vault, scope, &epoch.to_le_bytes()])
}

fn page_aad(vault: &[u8; 16], scope: &ScopeId, epoch: u32) -> Vec<u8> {
    aad(cp::PAGE_LABEL, &[vault, scope, &epoch.to_le_bytes()])
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
    /// The record that made the current keys (a `scope` or `epoch` op).
    made: Option<Causal>,
    /// How `state` was computed: from a checkpoint (the leaves read so
    /// far), or by replaying every record (all valid secret ops).
    source: Source,
}

/// Where a scope's state came from.
enum Source {
    /// A valid checkpoint of the current keys with no tail: the leaves
    /// read so far.
    Checkpoint(Loaded),
    /// Every record of the scope, replayed: its valid secret ops.
    Replay(Vec<Stamped>),
}

/// What a scope read from its checkpoint.
struct Loaded {
    root: Root,
    /// The pages the checkpoint pins (sorted).
    pinned: Vec<Id>,
    /// The ops of each leaf entry read so far, by path (an empty list: no
    /// secret at that path).
    entries: BTreeMap<String, Vec<Stamped>>,
    /// Live secrets in the whole scope.
    live: u64,
    /// Whether every leaf was read.
    all: bool,
    /// Path prefixes whose every leaf was read (a listing of a prefix).
    under: Vec<String>,
    /// The valid ops of records beyond the checkpoint's frontier (a merge
    /// brought them in; the next write folds them): folded with the leaves
    /// they reach ([`Loaded::ops`]).
    tail: Vec<Stamped>,
    /// The path prefix of a listing whose leaves were left in the file
    /// (a scope with no tail, opened for `list`): read a leaf at a time by
    /// [`Engine::for_each_listed`], or all at once by
    /// [`Engine::load_prefix`].
    deferred: Option<String>,
}

impl Loaded {
    /// Takes in the entries [`read_under`] read under `under`.
    fn add_under(&mut self, under: String, found: Vec<(String, Vec<Stamped>)>) {
        self.entries.extend(found);
        self.all |= under.is_empty();
        self.under.push(under);
    }

    /// The ops of the leaves read so far and the tail ops that reach
    /// them (a tail op reaches a leaf when its secret is there, or it
    /// creates a secret at that path), in fold order.
    fn ops(&self) -> Vec<Stamped> {
        let mut ops: Vec<Stamped> = self.entries.values().flatten().cloned().collect();
        if !self.tail.is_empty() {
            let mut secrets: BTreeSet<SecretKey> =
                ops.iter().flat_map(|(_, op)| cp::secrets_of(op)).collect();
            for (_, op) in &self.tail {
                if let Op::Create { secret, path, .. } = op
                    && (self.all
                        || self.entries.contains_key(path)
                        || self.under.iter().any(|u| path.starts_with(u.as_str())))
                {
                    secrets.insert(*secret);
                }
            }
            ops.extend(
                self.tail
                    .iter()
                    .filter(|(_, op)| cp::secrets_of(op).iter().any(|s| secrets.contains(s)))
                    .cloned(),
            );
        }
        cp::normalize(&mut ops);
        ops
    }
}

/// What [`Engine::open_with`] was asked to read, kept for reloads.
#[derive(Clone, Debug)]
enum Wanted {
    All,
    Paths(BTreeSet<(Owner, String)>),
    Prefix(crate::id::Prefix),
}

/// An earlier tree of a scope's current keys: root, pinned pages, and
/// every entry's bytes by path.
type BaseTree = (Root, Vec<Id>, BTreeMap<String, Vec<u8>>);

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
    /// The scope's checkpoint says something its records do not (what
    /// the report counts comes from the records).
    pub checkpoint_differs: bool,
}

impl ScopeReport {
    /// Whether `verify` passes this scope.
    pub fn ok(&self) -> bool {
        self.unreadable.is_empty() && self.quarantined.is_empty() && !self.checkpoint_differs
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
    /// Which secrets to read from checkpoints.
    wanted: Wanted,
    /// Whether a checkpoint with a tail is read as checkpoint and tail
    /// (a narrow read's open) or not used (a write replays the scope, so
    /// its next checkpoint folds the tail).
    tails: bool,
    /// Every scope key this member holds, by scope: what its keyring
    /// checkpoint records.
    found: Found,
    /// Scopes found (their keys are in `found`) but not read: an open that
    /// names IDs or a prefix reads only the scopes of their owners.
    skipped: BTreeSet<ScopeId>,
    /// Every member's keys over time (`rekey::key_history`), for the
    /// image as it is.
    history: rekey::KeyHistory,
    /// What this machine remembers for the member between opens.
    remembered: Remembered,
    /// Whether the keyring checkpoint covers every access record.
    ring_fresh: bool,
    /// Each member's public keys, parsed.
    publics: std::collections::HashMap<MemberId, MemberPublic>,
    /// The user key a pending `passwd --rekey` gives this member.
    rekeyed: Option<UserKey>,
}

/// Scope keys found: by scope, its owner and its keys by epoch.
type Found = BTreeMap<ScopeId, (Owner, Held)>;

/// One scope's keys by epoch, sorted by epoch and unique.
///
/// A member of a thousand scopes holds a thousand of these, and an open
/// reads one or a few scopes: a scope's entry in the keyring is checked
/// when the keyring is read but decoded (its keys built, their tags
/// derived) only when the scope is used; a write carries the bytes of the
/// others as they were. Decoded, the keys are a vector, not a map: a map
/// allocates a node of eleven slots for a scope's one epoch.
#[derive(Clone)]
enum Held {
    /// Decoded: sorted by (epoch, tag), unique.
    Keys(Vec<(EpochKey, ScopeKeys)>),
    /// The keyring's bytes for the scope (a count, then each epoch and its
    /// keys), checked by [`Held::read`]: epochs whose numbers rise.
    Raw(zeroize::Zeroizing<Vec<u8>>),
}

impl Held {
    fn new() -> Held {
        Held::Keys(Vec::new())
    }

    /// Reads one scope's epochs from a keyring, refusing what decoding
    /// would refuse. Kept undecoded when the epochs' numbers rise (their
    /// order then holds whatever their tags); a forked epoch, two keys
    /// of one number, is decoded now to check the order of its tags.
    fn read(r: &mut Reader<'_>, all: &[u8]) -> std::result::Result<Held, Malformed> {
        let start = all.len() - r.remaining();
        let k = r.count(4 + 4)?;
        let mut rising = true;
        let mut last = None;
        for _ in 0..k {
            let epoch = r.u32()?;
            if !ScopeKeys::is_encoding_len(r.blob()?.len()) {
                return Err(Malformed);
            }
            rising &= last.is_none_or(|l| epoch > l);
            last = Some(epoch);
        }
        if k == 0 {
            return Err(Malformed);
        }
        let raw = &all[start..all.len() - r.remaining()];
        if rising {
            Ok(Held::Raw(zeroize::Zeroizing::new(raw.to_vec())))
        } else {
            decode_epochs(raw).map(Held::Keys)
        }
    }

    /// The keys, decoded.
    fn keys(&mut self) -> &mut Vec<(EpochKey, ScopeKeys)> {
        if let Held::Raw(raw) = self {
            *self = Held::Keys(decode_epochs(raw).expect("checked when the keyring was read"));
        }
        match self {
            Held::Keys(keys) => keys,
            Held::Raw(_) => unreachable!("decoded above"),
        }
    }

    /// The keys as a map, for reading the scope.
    fn map(&self) -> BTreeMap<EpochKey, ScopeKeys> {
        match self {
            Held::Keys(keys) => keys.iter().cloned().collect(),
            Held::Raw(raw) => decode_epochs(raw)
                .expect("checked when the keyring was read")
                .into_iter()
                .collect(),
        }
    }

    /// Writes the keys as the keyring holds them.
    fn encode(&self, w: &mut Writer) {
        match self {
            Held::Raw(raw) => w.bytes(raw),
            Held::Keys(keys) => {
                w.u32(u32::try_from(keys.len()).expect("epochs fit in u32"));
                for ((epoch, _), keys) in keys {
                    w.u32(*epoch);
                    w.blob(&keys.encode());
                }
            }
        }
    }
}

/// Decodes one scope's epochs as a keyring holds them: sorted by (epoch,
/// tag) and unique, at least one.
fn decode_epochs(bytes: &[u8]) -> std::result::Result<Vec<(EpochKey, ScopeKeys)>, Malformed> {
    let mut r = Reader::new(bytes);
    let k = r.count(4 + 4)?;
    let mut epochs = Vec::with_capacity(k);
    for _ in 0..k {
        let epoch = r.u32()?;
        let keys = ScopeKeys::decode(r.blob()?).ok_or(Malformed)?;
        epochs.push(((epoch, keys.tag()), keys));
    }
    if r.remaining() != 0 || epochs.is_empty() || !epochs.windows(2).all(|w| w[0].0 < w[1].0) {
        return Err(Malformed);
    }
    Ok(epochs)
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

/// A part or page of a lazily read file could not be read, or does not
/// match its hash.
/// What a read or a copy of bytes that do not match their hashes says.
pub(super) const UNREADABLE: &str =
    "the vault's bytes could not be read or do not match their hashes";

fn unreadable(_: std::io::Error) -> Error {
    damaged(UNREADABLE)
}

fn damaged_tree(e: super::tree::TreeError) -> Error {
    match e {
        super::tree::TreeError::MissingPage => damaged("a checkpoint's page is missing"),
        _ => damaged("a checkpoint's page is malformed"),
    }
}

fn decode_entry(bytes: &[u8]) -> Result<Vec<Stamped>> {
    cp::decode_entry(bytes).map_err(|_| damaged("a checkpoint's entry is malformed"))
}

/// A keyring's plaintext: each device's last covered record (device,
/// seq, id), then per scope its id, owner and keys by epoch.
fn encode_ring(heads: &[(DeviceId, u64, Id)], found: &Found) -> zeroize::Zeroizing<Vec<u8>> {
    let mut w = Writer::default();
    w.u32(u32::try_from(heads.len()).expect("devices fit in u32"));
    for (device, seq, id) in heads {
        w.bytes(device);
        w.u64(*seq);
        w.bytes(id);
    }
    w.u32(u32::try_from(found.len()).expect("scopes fit in u32"));
    for (scope, (owner, epochs)) in found {
        w.bytes(scope);
        w.short_str(owner.owner_type().as_str());
        w.short_str(owner.owner_id());
        epochs.encode(&mut w);
    }
    zeroize::Zeroizing::new(w.into_inner())
}

type Heads = Vec<(DeviceId, u64, Id)>;

fn decode_ring(bytes: &[u8]) -> std::result::Result<(Heads, Found), Malformed> {
    let mut r = Reader::new(bytes);
    let n = r.count(56)?;
    let heads = (0..n)
        .map(|_| Ok((r.array()?, r.u64()?, r.array()?)))
        .collect::<std::result::Result<Heads, Malformed>>()?;
    let n = r.count(16 + 2 + 4)?;
    let mut found = Found::new();
    for _ in 0..n {
        let scope = r.array()?;
        let owner_type = OwnerType::from_word(r.short_str()?).ok_or(Malformed)?;
        let owner = Owner::new(owner_type, r.short_str()?).map_err(|_| Malformed)?;
        let epochs = Held::read(&mut r, bytes)?;
        found.insert(scope, (owner, epochs));
    }
    if r.remaining() != 0 {
        return Err(Malformed);
    }
    // One encoding per keyring: repeated or unordered scopes and epochs,
    // or an owner spelt another way, are refused (found by fuzzing).
    if encode_ring(&heads, &found)[..] != *bytes {
        return Err(Malformed);
    }
    Ok((heads, found))
}

/// Adds an epoch's keys to what a member holds: new keys, or the values
/// key of an epoch it held for reading only (a read grant raised to write
/// delivers the same epoch again, now with its values key). Whether
/// anything was learned (so the older epochs are chained again).
fn learn(epochs: &mut Vec<(EpochKey, ScopeKeys)>, at: EpochKey, keys: ScopeKeys) -> bool {
    match epochs.binary_search_by(|(k, _)| k.cmp(&at)) {
        Err(slot) => {
            epochs.insert(slot, (at, keys));
            true
        }
        Ok(i) => {
            if epochs[i].1.values.is_none() && keys.values.is_some() {
                epochs[i].1 = keys;
                true
            } else {
                false
            }
        }
    }
}

/// The fuzz target `v2_checkpoint`: a keyring's plaintext from hostile
/// bytes decodes or is refused, never panics, and encodes back.
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub fn fuzz_keyring(data: &[u8]) {
    if let Ok((heads, mut found)) = decode_ring(data) {
        assert_eq!(&encode_ring(&heads, &found)[..], data);
        // What was checked but not decoded decodes (no panic), and is
        // written back the same once decoded.
        for (_, held) in found.values_mut() {
            let _ = held.map();
            held.keys();
        }
        assert_eq!(&encode_ring(&heads, &found)[..], data);
    }
}

/// The most scopes one record carries: a record names at most 255 tags,
/// and a scope takes two when a revoke notice goes with it.
const SCOPES_PER_RECORD: usize = 127;

/// The most value parts one record carries: a record's head lists every
/// part (38 bytes each), and a reader of one value reads the whole head of
/// its record; an import of 100,000 secrets is a hundred records of a
/// 39 KB head rather than one of 3.8 MB.
const VALUES_PER_RECORD: usize = 1024;

/// A record's share of one scope's pending write: a run of its ops and
/// the values they seal; the first share also carries the scope's
/// deliveries, key chain and revoke notice.
struct Share {
    scope: ScopeId,
    ops: std::ops::Range<usize>,
    values: std::ops::Range<usize>,
    first: bool,
}

/// Cuts each scope's pending write into shares of at most
/// [`VALUES_PER_RECORD`] values, only ever before a `create` (a secret's
/// ops stay together), and only when the ops name their values in order
/// (else the scope is one share).
fn shares_of(pending: &BTreeMap<ScopeId, Pending>) -> Vec<Share> {
    let mut out = Vec::new();
    for (scope, p) in pending {
        let parts: Vec<usize> = p
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Version { value, .. } => Some(value.part as usize),
                _ => None,
            })
            .collect();
        let in_order =
            parts.iter().enumerate().all(|(i, part)| i == *part) && parts.len() == p.values.len();
        let whole = Share {
            scope: *scope,
            ops: 0..p.ops.len(),
            values: 0..p.values.len(),
            first: true,
        };
        if !in_order || p.values.len() <= VALUES_PER_RECORD {
            out.push(whole);
            continue;
        }
        let (mut op_start, mut value_start, mut values) = (0, 0, 0);
        for (i, op) in p.ops.iter().enumerate() {
            if matches!(op, Op::Create { .. }) && values >= VALUES_PER_RECORD {
                out.push(Share {
                    scope: *scope,
                    ops: op_start..i,
                    values: value_start..value_start + values,
                    first: op_start == 0,
                });
                (op_start, value_start, values) = (i, value_start + values, 0);
            }
            if matches!(op, Op::Version { .. }) {
                values += 1;
            }
        }
        out.push(Share {
            scope: *scope,
            ops: op_start..p.ops.len(),
            values: value_start..p.values.len(),
            first: op_start == 0,
        });
    }
    out
}

/// Groups shares (by index) into records: at most [`SCOPES_PER_RECORD`]
/// scopes and [`VALUES_PER_RECORD`] values each (a single share may hold
/// more: a scope whose ops do not name their values in order); a scope's
/// shares go to successive records, in order.
fn records_of(shares: &[Share]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut values = 0;
    for (i, share) in shares.iter().enumerate() {
        let n = share.values.len();
        let fits = out.last().is_some_and(|r| {
            r.len() < SCOPES_PER_RECORD
                && values + n <= VALUES_PER_RECORD
                && r.iter().all(|&j| shares[j].scope != share.scope)
        });
        if fits {
            out.last_mut().expect("a record").push(i);
            values += n;
        } else {
            out.push(vec![i]);
            values = n;
        }
    }
    out
}

/// Every leaf entry under path prefix `under` of the tree at `root`.
fn read_under(pages: &Pages<'_>, root: &Root, under: &str) -> Result<Vec<(String, Vec<Stamped>)>> {
    Tree::range(pages, root, under)
        .map_err(damaged_tree)?
        .into_iter()
        .map(|(path, bytes)| Ok((path, decode_entry(&bytes)?)))
        .collect()
}

impl From<super::tree::TreeError> for Error {
    fn from(e: super::tree::TreeError) -> Error {
        damaged_tree(e)
    }
}

/// The live secrets among `secrets` of `scope` (owned by `owner`), by ID.
fn listed<'a>(
    owner: &Owner,
    scope: &'a ScopeId,
    secrets: impl Iterator<Item = &'a Secret>,
) -> Vec<(SecretId, &'a ScopeId, &'a Secret)> {
    secrets
        .filter(|s| s.is_live())
        .filter_map(|s| Some((SecretId::new(owner.clone(), &s.path).ok()?, scope, s)))
        .collect()
}

/// Whether `prefix` reaches into `owner`'s secrets.
fn prefix_covers(prefix: &crate::id::Prefix, owner: &Owner) -> bool {
    match (prefix.owner_type(), prefix.owner()) {
        (None, _) => true,
        (Some(t), None) => t == owner.owner_type(),
        (Some(_), Some(o)) => o == *owner,
    }
}

/// The path part of `prefix` (empty when it names no path).
fn prefix_path(prefix: &crate::id::Prefix) -> String {
    let text = prefix.to_string();
    text.splitn(3, '/').nth(2).unwrap_or("").to_string()
}

/// What this machine remembers for a member between opens (the local
/// state, docs/format2-design.md §7), so an open need not redo work:
///
/// - the member records whose signature an earlier open checked (tags
///   keyed from the member's user key: nobody without it can add one), so
///   an open verifies only the member records it has not seen. Used only
///   while no member has rekeyed (then a record is authentic exactly when
///   its author's one key signed it); otherwise every record is checked;
/// - the member's keyring, while they have not written one into the file.
#[derive(Default)]
pub struct Remembered {
    key: Option<crate::secret::Key>,
    known: std::collections::HashSet<[u8; 16]>,
    new: std::cell::RefCell<Vec<[u8; 16]>>,
    /// This member's keyring as the local state keeps it (sealed like the
    /// keyring checkpoint): for a member who has not written since the
    /// deliveries they were sent (only a write puts a keyring in the file).
    pub local_ring: Option<Vec<u8>>,
}

impl Remembered {
    /// The tags of an earlier open (see [`Remembered::tags`]),
    /// under a key from `uk`.
    pub fn new(
        uk: &UserKey,
        vault_id: &[u8; 16],
        known: impl IntoIterator<Item = [u8; 16]>,
    ) -> Self {
        Remembered {
            key: Some(crypto::derive_subkey(
                uk.expose_secret(),
                vault_id,
                &[b"sesame v2 checked signatures"],
            )),
            known: known.into_iter().collect(),
            new: std::cell::RefCell::default(),
            local_ring: None,
        }
    }

    fn tag(&self, record: &Id, public: &MemberPublic) -> Option<[u8; 16]> {
        let key = self.key.as_ref()?;
        let full = crypto::keyed_label(key, &[record, &public.to_bytes()]);
        Some(full[..16].try_into().expect("16 of 32 bytes"))
    }

    fn seen(&self, record: &Id, public: &MemberPublic) -> bool {
        self.tag(record, public)
            .is_some_and(|t| self.known.contains(&t))
    }

    fn note(&self, record: &Id, public: &MemberPublic) {
        if let Some(t) = self.tag(record, public)
            && !self.known.contains(&t)
        {
            self.new.borrow_mut().push(t);
        }
    }

    /// The tags to keep: the earlier ones and those of this open.
    pub fn tags(&self) -> Vec<[u8; 16]> {
        let mut all: Vec<[u8; 16]> = self.known.iter().copied().collect();
        all.extend(self.new.borrow().iter().copied());
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Whether this open checked a signature not among the earlier tags.
    pub fn grew(&self) -> bool {
        !self.new.borrow().is_empty()
    }
}

/// The member records of an image, with their signatures checked against
/// the keys the image itself declares (the founding record is self-signed).
fn member_records(
    image: &Image,
    history: &rekey::KeyHistory,
    checked: &Remembered,
) -> Result<Vec<MemberRecord>> {
    // With no rekey, each member has one key: a record is authentic when
    // it signed it, which an earlier open may have checked already.
    let one_key = history.values().all(|keys| keys.len() == 1);
    let mut parsed = Vec::new();
    for (key, record) in &image.records {
        if !matches!(record.kind, kind::MEMBER | kind::SLOT | kind::REKEY) {
            continue;
        }
        let body = match record.parts.iter().position(|p| p.kind == part::MEMBER_OPS) {
            Some(i) => image.part(key, i).map_err(unreadable)?,
            None => None,
        }
        .ok_or_else(|| damaged("a member record has no body"))?;
        let ops = MemberOp::decode_all(&body).map_err(|_| damaged("bad member record"))?;
        parsed.push((record, ops));
    }
    // A member's old key signs only what happened before its rekey.
    Ok(parsed
        .into_iter()
        .map(|(record, ops)| {
            let single = history
                .get(&record.author)
                .filter(|_| one_key)
                .and_then(|keys| keys.first())
                .map(|(k, _)| k);
            let id = record.id();
            let signature_ok = match single {
                Some(key) if checked.seen(&id, key) => true,
                Some(key) => {
                    let ok = rekey::authentic(history, record);
                    if ok {
                        checked.note(&id, key);
                    }
                    ok
                }
                None => rekey::authentic(history, record),
            };
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
    let membership = replay(image, &rekey::key_history(image), &Remembered::default())?;
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
                    crate::text::sanitize(name)
                ),
                advice: Some(Advice::ListMembers),
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
            crate::text::sanitize(&identity.describe())
        ),
        advice: None,
    })
}

fn replay(image: &Image, history: &rekey::KeyHistory, checked: &Remembered) -> Result<Membership> {
    Membership::replay(&member_records(image, history, checked)?).map_err(|e| match e {
        super::access::Founding::Missing => damaged("the vault has no founding member"),
        super::access::Founding::Ambiguous => damaged("the vault has two founding members"),
    })
}

/// What [`Engine::open_with`] reads of each scope's secrets.
#[derive(Clone, Copy, Debug)]
pub enum Load<'a> {
    /// Every secret ([`Engine::open`]).
    All,
    /// The secrets at these IDs (what `get`, `add`, `rotate`, `rm`, `mv`
    /// touch); the others are not read.
    Ids(&'a [SecretId]),
    /// The secrets under this prefix (`list PREFIX`).
    Prefix(&'a crate::id::Prefix),
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
        Engine::open_with(image, member, uk, device, history_limit, Load::All)
    }

    /// [`Engine::open`], reading only the secrets `load` names: `find`,
    /// `secrets` and the writes see those (a write's ID must be among
    /// them); [`Engine::owners`] still sees every scope.
    pub fn open_with(
        image: Image,
        member: MemberId,
        uk: UserKey,
        device: DeviceId,
        history_limit: usize,
        load: Load<'_>,
    ) -> Result<Engine> {
        Engine::open_remembering(
            image,
            member,
            uk,
            device,
            history_limit,
            load,
            Remembered::default(),
        )
    }

    /// [`Engine::open_with`] with what this machine remembers for the
    /// member ([`Remembered`]): member-record signatures checked before are
    /// not checked again, a kept keyring spares the delivery search;
    /// [`Engine::remembered`] then says what to keep.
    pub fn open_remembering(
        image: Image,
        member: MemberId,
        uk: UserKey,
        device: DeviceId,
        history_limit: usize,
        load: Load<'_>,
        remembered: Remembered,
    ) -> Result<Engine> {
        let wanted = match load {
            Load::All => Wanted::All,
            Load::Ids(ids) => Wanted::Paths(
                ids.iter()
                    .map(|id| (id.owner().clone(), id.path().to_string()))
                    .collect(),
            ),
            Load::Prefix(p) => Wanted::Prefix(p.clone()),
        };
        // Each member's keys over time: parsed (a curve point each) and
        // their rekeys checked once per open.
        let history = rekey::key_history(&image);
        let membership = replay(&image, &history, &remembered)?;
        let m = membership
            .members
            .get(&member)
            .filter(|m| !m.removed)
            .ok_or_else(|| Error::Unlock {
                message: "this member was removed from the vault".into(),
                advice: None,
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
            tails: true,
            wanted,
            found: BTreeMap::new(),
            skipped: BTreeSet::new(),
            history,
            remembered,
            ring_fresh: false,
            publics: std::collections::HashMap::new(),
            rekeyed: None,
        };
        engine.cache_publics();
        engine.load_scopes()?;
        Ok(engine)
    }

    /// What this machine remembers for the member, with what this open
    /// added (to keep for the next open).
    pub fn remembered(&self) -> &Remembered {
        &self.remembered
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
        self.publics.get(member).cloned()
    }

    /// Parses every member's public keys once (a parse decompresses a
    /// curve point and checks the X25519 key's order: too slow to repeat
    /// for each of a thousand scopes).
    fn cache_publics(&mut self) {
        self.publics = self
            .membership
            .members
            .iter()
            .filter_map(|(id, m)| {
                // The key history parsed them already: reuse the one that
                // is the member's current key.
                let parsed = self
                    .history
                    .get(id)
                    .and_then(|keys| keys.iter().find(|(p, _)| p.to_bytes()[..] == m.public[..]))
                    .map(|(p, _)| p.clone());
                Some((
                    *id,
                    parsed.or_else(|| MemberPublic::for_signatures(&m.public).ok())?,
                ))
            })
            .collect();
    }

    /// Reads every delivery addressed to this member, then every scope it
    /// opened: keys by epoch, grants, valid ops, the secrets they make.
    fn load_scopes(&mut self) -> Result<()> {
        self.index = self.image.records.keys().map(|k| (k.2, *k)).collect();
        let history = self.history.clone();
        // The keyring checkpoint holds the keys of every delivery up to its
        // frontier; only the access records beyond it are tried (§5.5).
        let reach = |r: &Option<(Vec<(DeviceId, u64)>, Found)>| {
            r.as_ref()
                .map_or(0, |(f, _)| f.iter().map(|(_, s)| *s).sum::<u64>())
        };
        let (_, ring_tag) = self.ring_keys();
        self.image.load_checkpoints(&ring_tag).map_err(unreadable)?;
        let in_file = self.read_ring();
        let local = self.read_local_ring();
        let (covered, mut found): (Vec<(DeviceId, u64)>, Found) =
            if reach(&local) > reach(&in_file) {
                local
            } else {
                in_file
            }
            .unwrap_or_default();
        let covers = |device: &DeviceId| {
            covered
                .binary_search_by(|(d, _)| d.cmp(device))
                .map_or(0, |i| covered[i].1)
        };
        // Deliveries are in access records: read the heads of those
        // beyond the keyring.
        self.image
            .load_heads(|k, what| what == kind::ACCESS && k.1 > covers(&k.0))
            .map_err(unreadable)?;
        let mut fresh: BTreeMap<ScopeId, Vec<EpochKey>> = BTreeMap::new();
        let mut ring_fresh = !covered.is_empty();
        for (key, record) in &self.image.records {
            if record.kind != kind::ACCESS || record.seq <= covers(&record.device) {
                continue;
            }
            ring_fresh = false;
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
                let Some(bytes) = self.image.part(key, i).map_err(unreadable)? else {
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
                    .or_insert_with(|| (d.owner.clone(), Held::new()));
                let at = (d.epoch, d.keys.tag());
                if learn(entry.1.keys(), at, d.keys) {
                    fresh.entry(d.scope).or_default().push(at);
                }
            }
        }
        if !fresh.is_empty() {
            // Older epochs' keys are chained in the access records that
            // made the newer ones, wherever they lie.
            self.image
                .load_heads(|_, what| what == kind::ACCESS)
                .map_err(unreadable)?;
        }
        for (scope, (_, epochs)) in &mut found {
            if let Some(start) = fresh.remove(scope) {
                self.follow_chain(scope, epochs.keys(), start);
            }
        }
        self.found = found;
        self.ring_fresh = ring_fresh;
        self.skipped.clear();
        let scopes: Vec<ScopeId> = self.found.keys().copied().collect();
        for scope in scopes {
            // An open that names IDs or a prefix reads only their owners'
            // scopes: the rest wait in `skipped` (a thousand owners cost a
            // thousand checkpoint signatures otherwise), and only the
            // scopes read are copied out of `found`.
            let (owner, epochs) = &self.found[&scope];
            if !self.wants_owner(owner) {
                self.skipped.insert(scope);
                continue;
            }
            let (owner, epochs) = (owner.clone(), epochs.map());
            self.read_one(scope, owner, epochs, &history)?;
        }
        Ok(())
    }

    /// Reads one scope (from its checkpoint, else by replay) and keeps it
    /// if this member holds a role on it.
    fn read_one(
        &mut self,
        scope: ScopeId,
        owner: Owner,
        epochs: BTreeMap<EpochKey, ScopeKeys>,
        history: &rekey::KeyHistory,
    ) -> Result<()> {
        if let Some(((_, tag), _)) = epochs.iter().next_back() {
            self.image.load_checkpoints(tag).map_err(unreadable)?;
        }
        self.load_tail_heads(&epochs)?;
        let view = match self.read_checkpoint(scope, &owner, &epochs)? {
            Some(view) => Some(view),
            None => {
                self.load_heads()?;
                self.read_scope(scope, owner, epochs, history)?
            }
        };
        // Keys from an earlier grant still open the scope's old epochs;
        // without a role now, its secrets do not exist for this member
        // (teams-sync.md "What each role sees").
        if let Some(view) = view
            && view.access.role(&self.membership, &self.me, None).is_some()
        {
            self.scopes.insert(scope, view);
        }
        Ok(())
    }

    /// Reads the heads of the records a scope's newest checkpoint (of
    /// its current keys) does not cover: its tail, which decides whether
    /// the checkpoint is usable. The records below it stay stand-ins.
    fn load_tail_heads(&mut self, epochs: &BTreeMap<EpochKey, ScopeKeys>) -> Result<()> {
        if !self.image.has_stubs() {
            return Ok(());
        }
        let Some(((_, tag), _)) = epochs.iter().next_back() else {
            return self.load_heads();
        };
        let newest = self
            .image
            .checkpoints
            .range((*tag, [0; 32])..=(*tag, [0xff; 32]))
            .map(|(_, c)| c)
            .max_by_key(|c| c.frontier.iter().map(|(_, s)| *s).sum::<u64>());
        let Some(checkpoint) = newest else {
            return self.load_heads();
        };
        let frontier = checkpoint.clone();
        let beyond = |(device, seq, _): &super::image::RecordKey| *seq > frontier.covers(device);
        // Which scopes a record touches is in its first bytes: read those,
        // then the whole head of the records of this scope.
        self.image.load_prefixes(beyond).map_err(unreadable)?;
        let tags: BTreeSet<Tag> = epochs.keys().map(|(_, t)| *t).collect();
        let of_scope: BTreeSet<super::image::RecordKey> = self
            .image
            .records
            .iter()
            .filter(|(k, r)| {
                beyond(k) && self.image.is_stub(k) && r.tags.iter().any(|t| tags.contains(t))
            })
            .map(|(k, _)| *k)
            .collect();
        self.image
            .load_heads(|k, _| of_scope.contains(k))
            .map_err(unreadable)
    }

    /// Reads every record head a lazy open left in the file (a replay
    /// needs them all).
    pub fn load_heads(&mut self) -> Result<()> {
        self.image.load_heads(|_, _| true).map_err(unreadable)
    }

    /// Whether the open reads `owner`'s scopes.
    fn wants_owner(&self, owner: &Owner) -> bool {
        match &self.wanted {
            Wanted::All => true,
            Wanted::Paths(paths) => paths.iter().any(|(o, _)| o == owner),
            Wanted::Prefix(p) => prefix_covers(p, owner),
        }
    }

    /// Reads the skipped scopes `which` selects.
    fn read_skipped(&mut self, which: impl Fn(&Owner) -> bool) -> Result<()> {
        let scopes: Vec<ScopeId> = self
            .skipped
            .iter()
            .filter(|s| self.found.get(*s).is_some_and(|(o, _)| which(o)))
            .copied()
            .collect();
        if scopes.is_empty() {
            return Ok(());
        }
        let history = self.history.clone();
        for scope in scopes {
            self.skipped.remove(&scope);
            let (owner, epochs) = &self.found[&scope];
            let (owner, epochs) = (owner.clone(), epochs.map());
            self.read_one(scope, owner, epochs, &history)?;
        }
        Ok(())
    }

    /// The key that seals this member's keyring, and the keyring's tag
    /// (both keyed from UK: nobody else can tell the keyring is theirs
    /// from its tag, or open it).
    fn ring_keys(&self) -> (crate::secret::Key, Tag) {
        let uk = self.keys.uk.expose_secret();
        let info: [&[u8]; 2] = [&self.vault_id, &self.me];
        let key = crypto::derive_subkey(uk, b"sesame v2 keyring", &info);
        let tag_key = crypto::derive_subkey(uk, b"sesame v2 keyring tag", &info);
        let mut tag = [0u8; 16];
        tag.copy_from_slice(&tag_key.expose_secret()[..16]);
        (key, tag)
    }

    fn ring_aad(&self) -> Vec<u8> {
        aad(b"sesame v2 keyring", &[&self.vault_id, &self.me])
    }

    /// Every device's last record in the image: the frontier a keyring or
    /// checkpoint written now covers, with the ids that pin it.
    fn heads(&self) -> Heads {
        let mut last: BTreeMap<DeviceId, (u64, Id)> = BTreeMap::new();
        for (device, seq, id) in self.image.records.keys() {
            last.insert(*device, (*seq, *id));
        }
        last.into_iter().map(|(d, (s, id))| (d, s, id)).collect()
    }

    /// The keyring's plaintext (`heads` and every key found), sealed under
    /// this member's keyring key: `nonce || ciphertext`.
    fn seal_ring(&self, heads: &[(DeviceId, u64, Id)]) -> Vec<u8> {
        let (key, _) = self.ring_keys();
        let (nonce, ct) = crypto::seal(&key, &self.ring_aad(), &encode_ring(heads, &self.found));
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        out
    }

    /// [`Engine::seal_ring`] undone, if it opens and decodes.
    fn open_ring(&self, sealed: &[u8]) -> Option<(Heads, Found)> {
        let (key, _) = self.ring_keys();
        let nonce: [u8; crypto::NONCE_LEN] = sealed.get(..crypto::NONCE_LEN)?.try_into().ok()?;
        let plain = crypto::open(&key, &nonce, &self.ring_aad(), &sealed[crypto::NONCE_LEN..])?;
        decode_ring(&plain).ok()
    }

    /// This member's newest keyring checkpoint that opens: its frontier
    /// and the keys it holds. Sealed under a key only this member's UK
    /// gives, and signed by this member.
    fn read_ring(&self) -> Option<(Vec<(DeviceId, u64)>, Found)> {
        let (_, tag) = self.ring_keys();
        let mine = self.public_of(&self.me)?;
        let mut best: Option<(u64, &Checkpoint)> = None;
        for (_, c) in self
            .image
            .checkpoints
            .range((tag, [0; 32])..=(tag, [0xff; 32]))
        {
            let reach = c.frontier.iter().map(|(_, s)| *s).sum::<u64>();
            if c.author == self.me && best.is_none_or(|(r, _)| reach > r) {
                best = Some((reach, c));
            }
        }
        let (_, c) = best?;
        if !keys::verify(&mine.sk, &hash(&c.signed_bytes()), &c.signature) {
            return None;
        }
        let (heads, found) = self.open_ring(&c.body)?;
        // Exactly the records it covered are still below its frontier (a
        // device's two records of one seq, or another fork of its chain,
        // would hide a delivery): else every delivery is tried.
        if !self.covers_exactly(c) || !self.heads_match(c, &heads) {
            return None;
        }
        Some((c.frontier.clone(), found))
    }

    /// The keyring the local state keeps ([`Remembered::local_ring`]),
    /// if it opens under this member's keyring key and the records below
    /// its frontier are exactly the ones it covered.
    fn read_local_ring(&self) -> Option<(Vec<(DeviceId, u64)>, Found)> {
        let (heads, found) = self.open_ring(self.remembered.local_ring.as_ref()?)?;
        let frontier: Vec<(DeviceId, u64)> = heads.iter().map(|(d, s, _)| (*d, *s)).collect();
        let pinned = heads
            .iter()
            .all(|(d, s, id)| self.image.records.contains_key(&(*d, *s, *id)));
        (pinned && self.chains_exactly(&frontier)).then_some((frontier, found))
    }

    /// This member's keyring, sealed for the local state, when this open
    /// tried deliveries beyond every keyring it had (so the next open
    /// need not): `None` when nothing would change.
    pub fn local_ring(&self) -> Option<Vec<u8>> {
        (!self.ring_fresh).then(|| self.seal_ring(&self.heads()))
    }

    /// Writes this member's keyring checkpoint: every scope key found, at
    /// a frontier of every record (the older keyring is then dominated).
    fn write_ring(&mut self) -> Result<()> {
        let (_, tag) = self.ring_keys();
        let heads = self.heads();
        let body = self.seal_ring(&heads);
        let mut checkpoint = Checkpoint {
            author: self.me,
            tag,
            clock: next_clock(&self.image),
            frontier: heads.iter().map(|(d, s, _)| (*d, *s)).collect(),
            pages: vec![],
            body,
            signature: [0; 64],
        };
        checkpoint.signature =
            keys::sign(self.keys.signing_key(), &hash(&checkpoint.signed_bytes()));
        self.image.insert_checkpoint(checkpoint);
        super::merge::drop_redundant(&mut self.image);
        self.ring_fresh = true;
        Ok(())
    }

    /// The scope as its newest usable checkpoint shows it, reading only
    /// the leaves [`Engine::open_with`] asked for; `None` when no
    /// checkpoint is usable, and the scope must be replayed.
    ///
    /// Usable: a checkpoint of the current keys, whose signature verifies
    /// under its author's key, whose author may write the scope (by the
    /// checkpoint's own grant table, as replayed by that writer; `verify`
    /// rebuilds and compares), and with an empty tail: no record of the
    /// scope and no member or rekey record lies beyond its frontier (those
    /// could change what is valid; the next write folds them).
    fn read_checkpoint(
        &self,
        scope: ScopeId,
        owner: &Owner,
        epochs: &BTreeMap<EpochKey, ScopeKeys>,
    ) -> Result<Option<ScopeView>> {
        let Some((&current, keys)) = epochs.iter().next_back() else {
            return Ok(None);
        };
        let tags: BTreeSet<Tag> = epochs.keys().map(|(_, t)| *t).collect();
        let candidates = self
            .image
            .checkpoints
            .range((current.1, [0; 32])..=(current.1, [0xff; 32]));
        for ((_, checkpoint_id), checkpoint) in candidates {
            // A record whose head was not read might be of the scope.
            let mut unusable = false;
            let mut tail: Vec<super::image::RecordKey> = Vec::new();
            for (key, r) in &self.image.records {
                if r.seq <= checkpoint.covers(&r.device) {
                    continue;
                }
                let of_scope = r.tags.iter().any(|t| tags.contains(t));
                if matches!(r.kind, kind::MEMBER | kind::REKEY)
                    || !self.image.knows_envelope(key)
                    || (of_scope && self.image.is_stub(key))
                {
                    unusable = true;
                    break;
                }
                if of_scope {
                    tail.push(*key);
                }
            }
            let narrow = self.tails && !matches!(self.wanted, Wanted::All);
            if unusable || (!tail.is_empty() && !narrow) || !self.covers_exactly(checkpoint) {
                continue;
            }
            let signed = self
                .membership
                .members
                .get(&checkpoint.author)
                .filter(|m| !m.removed)
                .and_then(|_| self.public_of(&checkpoint.author))
                .is_some_and(|p| {
                    keys::verify(
                        &p.sk,
                        &hash(&checkpoint.signed_bytes()),
                        &checkpoint.signature,
                    )
                });
            if !signed {
                continue;
            }
            let Some(plain) = keys.open_names(
                &body_aad(&self.vault_id, &scope, current.0),
                &checkpoint.body,
            ) else {
                continue;
            };
            let Ok(body) = Body::decode(&plain) else {
                continue;
            };
            if body.scope != scope
                || body.epoch != current.0
                || body.owner != *owner
                || !self.heads_match(checkpoint, &body.heads)
            {
                continue;
            }
            // The writer replayed who founded the scope; a checkpoint may
            // only name the member the owner id names (or nobody).
            if body.private_to.is_some() && body.private_to != self.private_to(owner) {
                continue;
            }
            let access = ScopeAccess {
                scope,
                private_to: body.private_to,
                grants: body.grants,
            };
            if access
                .role(&self.membership, &checkpoint.author, None)
                .is_none_or(|r| r < Role::Write)
            {
                continue;
            }
            let _ = checkpoint_id;
            let Some(tail) = self.tail_ops(scope, current, keys, &access, checkpoint, &tail)?
            else {
                continue;
            };
            let created = tail
                .iter()
                .filter(|(_, op)| matches!(op, Op::Create { .. }))
                .count() as u64;
            let mut loaded = Loaded {
                root: body.root,
                pinned: checkpoint.pages.clone(),
                entries: BTreeMap::new(),
                live: body.live + created,
                all: false,
                under: vec![],
                tail,
                deferred: None,
            };
            let pages = Pages::new(
                &self.image,
                current.1,
                keys,
                page_aad(&self.vault_id, &scope, current.0),
                &loaded.pinned,
            );
            let tree = |e: super::tree::TreeError| damaged_tree(e);
            match &self.wanted {
                Wanted::All => {
                    for (path, bytes) in Tree::range(&pages, &loaded.root, "").map_err(tree)? {
                        loaded.entries.insert(path, decode_entry(&bytes)?);
                    }
                    loaded.all = true;
                }
                Wanted::Paths(paths) => {
                    for (o, path) in paths {
                        if o == owner {
                            let ops = match Tree::get(&pages, &loaded.root, path).map_err(tree)? {
                                Some(bytes) => decode_entry(&bytes)?,
                                None => vec![],
                            };
                            loaded.entries.insert(path.clone(), ops);
                        }
                    }
                }
                Wanted::Prefix(prefix) => {
                    if prefix_covers(prefix, owner) {
                        let under = prefix_path(prefix);
                        if loaded.tail.is_empty() {
                            // A listing folds it a leaf at a time.
                            loaded.deferred = Some(under);
                        } else {
                            let found = read_under(&pages, &loaded.root, &under)?;
                            drop(pages);
                            loaded.add_under(under, found);
                        }
                    }
                }
            }
            let ops = loaded.ops();
            let view = ScopeView {
                owner: owner.clone(),
                keys: epochs.clone(),
                current,
                needs_rotation: false,
                access,
                state: Scope::fold(ops),
                quarantined: body.quarantined,
                purged_parts: body.purged_parts,
                made: body.made,
                log: vec![],
                source: Source::Checkpoint(loaded),
            };
            let mut view = view;
            view.needs_rotation = self.needs_rotation(&view);
            return Ok(Some(view));
        }
        Ok(None)
    }

    /// Whether the image holds, for each device of the checkpoint's
    /// frontier, one unbroken hash chain of records from seq 1 up to it
    /// (so the records below the frontier are the ones its writer had,
    /// once [`Engine::heads_match`] pins the chain's end).
    fn covers_exactly(&self, checkpoint: &Checkpoint) -> bool {
        self.chains_exactly(&checkpoint.frontier)
    }

    /// [`Engine::covers_exactly`] of a frontier.
    fn chains_exactly(&self, frontier: &[(DeviceId, u64)]) -> bool {
        frontier.iter().all(|(device, last)| {
            let mut prev = [0u8; 32];
            let mut expect = 1u64;
            for (_, seq, id) in self
                .image
                .records
                .range((*device, 0, [0; 32])..=(*device, *last, [0xff; 32]))
                .map(|(k, _)| k)
            {
                // A stand-in's link is not read (its head stays in the
                // file, like every byte a command does not use): the
                // chain is checked where heads are read, and in full by
                // `verify` and every write.
                let key = (*device, *seq, *id);
                let record = &self.image.records[&key];
                if *seq != expect || (self.image.knows_envelope(&key) && record.prev != prev) {
                    return false;
                }
                prev = *id;
                expect += 1;
            }
            expect == last + 1
        })
    }

    /// Whether the body's pinned chain ends are the records the image
    /// holds at the checkpoint's frontier.
    fn heads_match(&self, checkpoint: &Checkpoint, heads: &[(DeviceId, u64, Id)]) -> bool {
        heads.len() == checkpoint.frontier.len()
            && heads
                .iter()
                .zip(&checkpoint.frontier)
                .all(|((d, s, id), (fd, fs))| {
                    d == fd && s == fs && self.image.records.contains_key(&(*d, *s, *id))
                })
    }

    /// The valid ops of a checkpoint's tail records (`keys`: those of
    /// sealing `current`), stamped; `None` when the tail is more than a
    /// narrow read can fold on top of the checkpoint: a record that is not
    /// a plain transaction under the current keys, whose signature or
    /// author's role fails (it is set aside: a replay reports it), a
    /// record that did not see every member, slot, rekey or access record
    /// the checkpoint covers (its author's role is judged in its causal
    /// past, which the checkpoint's grant table then is not), or an op
    /// that renames, revives, purges, absorbs or removes (those reach
    /// leaves the read did not open).
    fn tail_ops(
        &self,
        scope: ScopeId,
        current: EpochKey,
        keys: &ScopeKeys,
        access: &ScopeAccess,
        checkpoint: &Checkpoint,
        tail: &[super::image::RecordKey],
    ) -> Result<Option<Vec<Stamped>>> {
        if tail.is_empty() {
            return Ok(Some(vec![]));
        }
        let governing: Vec<(DeviceId, u64)> = self
            .image
            .records
            .iter()
            .filter(|((d, seq, _), r)| kind::is_membership(r.kind) && *seq <= checkpoint.covers(d))
            .map(|((d, seq, _), _)| (*d, *seq))
            .collect();
        let mut out = Vec::new();
        for key in tail {
            let record = &self.image.records[key];
            let saw_all = governing.iter().all(|(d, seq)| {
                super::record::happened_before(
                    (d, *seq),
                    (&record.device, record.seq, &record.seen),
                )
            });
            if !saw_all {
                return Ok(None);
            }
            let authorized = access
                .role(&self.membership, &record.author, None)
                .is_some_and(|r| r >= Role::Write);
            if record.kind != kind::TXN
                || record.tags != [current.1]
                || !authorized
                || !rekey::authentic(&self.history, record)
            {
                return Ok(None);
            }
            for (i, p) in record.parts.iter().enumerate() {
                if p.kind != part::OPS {
                    continue;
                }
                let Some(bytes) = self.image.part(key, i).map_err(unreadable)? else {
                    return Ok(None);
                };
                let Some(plain) =
                    keys.open_names(&ops_aad(&self.vault_id, &scope, current.0), &bytes)
                else {
                    return Ok(None);
                };
                let Ok(part) = OpsPart::decode(&plain) else {
                    return Ok(None);
                };
                if part.scope != scope || part.epoch != current.0 {
                    return Ok(None);
                }
                for (index, op) in part.ops.into_iter().enumerate() {
                    if !matches!(op, Op::Create { .. } | Op::Version { .. } | Op::Meta { .. }) {
                        return Ok(None);
                    }
                    let stamp = Stamp {
                        op: OpName {
                            record: key.2,
                            index: u32::try_from(index).unwrap_or(u32::MAX),
                        },
                        clock: record.clock,
                        author: record.author,
                    };
                    out.push((stamp, op));
                }
            }
        }
        Ok(Some(out))
    }

    /// Which member a `user/<name>` owner names, if any (the scope is
    /// private to them only when they founded it: see `read_scope`).
    fn private_to(&self, owner: &Owner) -> Option<MemberId> {
        match owner.owner_type() {
            OwnerType::User => self.membership.by_name(owner.owner_id()).map(|(id, _)| *id),
            _ => None,
        }
    }

    /// Whether the scope's current keys must not be written under: two
    /// concurrent rotations forked the epoch, or a removed member who had
    /// access, and whose removal did not happen before these keys were
    /// made, may hold them (D4).
    fn needs_rotation(&self, view: &ScopeView) -> bool {
        let forked = view
            .keys
            .keys()
            .filter(|(e, _)| *e == view.current.0)
            .count()
            > 1;
        let access = &view.access;
        let exposed = self.membership.members.iter().any(|(id, m)| {
            m.removed
                && (m.owner || m.all.is_some() || access.grants.iter().any(|g| g.member == *id))
                && access.private_to.is_none_or(|p| p == *id)
                && match (self.membership.removal_of(id), view.made.as_ref()) {
                    (Some(removal), Some(made)) => !removal.before(made),
                    _ => true,
                }
        });
        forked || exposed
    }

    /// Fills in older epochs' keys from the chain parts, from the keys in
    /// `start` (a forked epoch chains back along each branch).
    fn follow_chain(
        &self,
        scope: &ScopeId,
        epochs: &mut Vec<(EpochKey, ScopeKeys)>,
        start: Vec<EpochKey>,
    ) {
        let mut todo = start;
        while let Some((epoch, tag)) = todo.pop() {
            if epoch <= 1 {
                continue;
            }
            let Ok(at) = epochs.binary_search_by(|(k, _)| k.cmp(&(epoch, tag))) else {
                continue;
            };
            let keys = epochs[at].1.clone();
            for (rkey, record) in &self.image.records {
                let Some(t) = record.tags.iter().position(|x| *x == tag) else {
                    continue;
                };
                for (i, p) in record.parts.iter().enumerate() {
                    // A chain part that does not read leaves the older
                    // keys unknown: their values then report as damaged.
                    if p.kind == part::CHAIN
                        && usize::from(p.tag) == t
                        && let Ok(Some(bytes)) = self.image.part(rkey, i)
                        && let Some(prev) = super::keys::scope::open_previous(
                            &keys,
                            &bytes,
                            &chain_aad(&self.vault_id, scope, epoch),
                        )
                    {
                        let key = (epoch - 1, prev.tag());
                        if learn(epochs, key, prev) {
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
        debug_assert!(!self.image.has_stubs(), "a replay reads every head");
        let tags: BTreeMap<Tag, u32> = epochs.keys().map(|(e, t)| (*t, *e)).collect();
        let mut ops: Vec<(Causal, MemberId, Vec<Op>)> = Vec::new();
        // The record that made each epoch's keys (a scope or epoch op).
        let mut made: BTreeMap<EpochKey, Causal> = BTreeMap::new();
        for (rkey, record) in &self.image.records {
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
                    let Some(bytes) = self.image.part(rkey, i).map_err(unreadable)? else {
                        continue;
                    };
                    let plain = epochs[&(epoch, *tag)]
                        .open_names(&ops_aad(&self.vault_id, &scope, epoch), &bytes)
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
        let mut private_to = self.private_to(&owner);
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
        let mut dismissed: BTreeSet<Id> = BTreeSet::new();
        for (causal, author, list) in &ops {
            let needs_owner = list.iter().any(|op| {
                matches!(
                    op,
                    Op::Grant { .. } | Op::Revoke { .. } | Op::Epoch { .. } | Op::Dismiss { .. }
                )
            });
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
                    Op::Dismiss { records } => dismissed.extend(records.iter().copied()),
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
        // Records set aside that a vault owner dismissed (`verify --purge`)
        // are no longer reported, and their value parts for this scope go
        // with the next write (their ops stay, so every copy still finds
        // them set aside and dismissed). Only records set aside: a
        // dismissal of a record that counts drops nothing.
        let gone: Vec<Id> = quarantined
            .iter()
            .map(|(record, _)| *record)
            .filter(|record| dismissed.contains(record))
            .collect();
        quarantined.retain(|(record, _)| !dismissed.contains(record));
        for record in &gone {
            if let Some(r) = self
                .index
                .get(record)
                .and_then(|k| self.image.records.get(k))
            {
                for (i, p) in r.parts.iter().enumerate() {
                    let of_scope = r
                        .tags
                        .get(usize::from(p.tag))
                        .is_some_and(|t| tags.contains_key(t));
                    if of_scope && p.kind == part::VALUE {
                        purged_parts.push((*record, u32::try_from(i).unwrap_or(u32::MAX)));
                    }
                }
            }
        }
        let current = *epochs
            .keys()
            .next_back()
            .expect("a delivery gave one epoch");
        let made = made.remove(&current);
        let secret_ops: Vec<Stamped> = valid
            .iter()
            .filter(|(_, op)| !cp::secrets_of(op).is_empty())
            .cloned()
            .collect();
        let mut view = ScopeView {
            owner,
            keys: epochs,
            current,
            needs_rotation: false,
            access,
            log: valid.clone(),
            state: Scope::fold(valid),
            quarantined,
            purged_parts,
            made,
            source: Source::Replay(secret_ops),
        };
        view.needs_rotation = self.needs_rotation(&view);
        Ok(Some(view))
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

    /// Every owner with at least one live secret this member can see,
    /// among the scopes read (an open that names IDs or a prefix reads
    /// only their owners' scopes until [`Engine::load_everything`]).
    pub fn owners(&self) -> Vec<Owner> {
        let owners: BTreeSet<Owner> = self
            .scopes
            .values()
            .filter(|v| match &v.source {
                Source::Checkpoint(l) if !l.all => l.live > 0,
                _ => v.state.secrets.values().any(Secret::is_live),
            })
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
            out.extend(listed(&view.owner, scope, view.state.secrets.values()));
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
        let key = self
            .index
            .get(&version.stamp.op.record)
            .filter(|k| self.image.records.contains_key(k))
            .ok_or_else(|| damaged("a value's record is missing"))?;
        let index = version.value.part as usize;
        let bytes = self
            .image
            .part_of_kind(key, index, part::VALUE)
            .map_err(unreadable)?
            .ok_or_else(|| damaged("a value was purged or is missing"))?;
        let aad = value_aad(&self.vault_id, scope, &version.sealed_for, &version.id);
        let mut read_only = false;
        let mut plain = None;
        for k in keys {
            read_only |= k.values.is_none();
            if let Some(p) = k.open_value(&aad, &bytes) {
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

    /// The valid ops of `scope`, as `sesame log` shows them: a scope read
    /// from its checkpoint holds only the leaves' folded ops, so it is
    /// replayed from its records here.
    pub fn log_of(&self, scope: &ScopeId) -> Result<Vec<(Stamp, Op)>> {
        let view = &self.scopes[scope];
        if let Source::Replay(_) = view.source {
            return Ok(view.log.clone());
        }
        Ok(self
            .read_scope(*scope, view.owner.clone(), view.keys.clone(), &self.history)?
            .map(|v| v.log)
            .unwrap_or_default())
    }

    /// What `verify` reports of each scope this member can read: its
    /// secrets and versions, the values that do not open (with this
    /// member's keys), and the records set aside, with author and time.
    pub fn report(&self) -> Vec<ScopeReport> {
        let history = &self.history;
        let mut out: Vec<ScopeReport> = self
            .scopes
            .iter()
            .map(|(scope, view)| {
                // Rebuilt from the primary records, and compared with the
                // checkpoint the view was read from (D3).
                let (rebuilt, checkpoint_differs) = match &view.source {
                    Source::Replay(_) => (None, false),
                    Source::Checkpoint(_) => {
                        match self.read_scope(
                            *scope,
                            view.owner.clone(),
                            view.keys.clone(),
                            history,
                        ) {
                            Ok(Some(rebuilt)) => {
                                let same = self.checkpoint_agrees(scope, view, &rebuilt);
                                (Some(rebuilt), !same)
                            }
                            _ => (None, true),
                        }
                    }
                };
                let view = rebuilt.as_ref().unwrap_or(view);
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
                    checkpoint_differs,
                }
            })
            .collect();
        out.sort_by(|a, b| a.owner.cmp(&b.owner));
        out
    }

    /// Whether the checkpoint `view` was read from says what the records
    /// say (`rebuilt`, a replay): the same secrets with the same ops'
    /// results, records set aside, purged parts, grants, live count and
    /// the record that made the keys. Page hashes are never compared (the
    /// tree's shape depends on history, §4.1).
    fn checkpoint_agrees(&self, scope: &ScopeId, view: &ScopeView, rebuilt: &ScopeView) -> bool {
        let Source::Checkpoint(loaded) = &view.source else {
            return true;
        };
        let state = if loaded.all {
            view.state.clone()
        } else {
            let pages = Pages::new(
                &self.image,
                view.current.1,
                view.current_keys(),
                page_aad(&self.vault_id, scope, view.current.0),
                &loaded.pinned,
            );
            let Ok(all) = Tree::range(&pages, &loaded.root, "") else {
                return false;
            };
            let mut ops = Vec::new();
            for (_, bytes) in all {
                match cp::decode_entry(&bytes) {
                    Ok(e) => ops.extend(e),
                    Err(_) => return false,
                }
            }
            cp::normalize(&mut ops);
            Scope::fold(ops)
        };
        let sorted = |mut v: Vec<(Id, MemberId)>| {
            v.sort();
            v
        };
        let parts = |v: &[(Id, u32)]| v.iter().copied().collect::<BTreeSet<_>>();
        let grants = |v: &ScopeView| {
            let mut g: Vec<(Id, MemberId, Option<Role>)> = v
                .access
                .grants
                .iter()
                .map(|g| (g.causal.id, g.member, g.role))
                .collect();
            g.sort();
            g
        };
        let live = rebuilt
            .state
            .secrets
            .values()
            .filter(|s| s.is_live())
            .count() as u64;
        state == rebuilt.state
            && loaded.live == live
            && sorted(view.quarantined.clone()) == sorted(rebuilt.quarantined.clone())
            && parts(&view.purged_parts) == parts(&rebuilt.purged_parts)
            && grants(view) == grants(rebuilt)
            && view.made == rebuilt.made
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
                made: None,
                source: Source::Replay(vec![]),
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
        self.ensure_loaded(id)?;
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
        self.ensure_loaded(id)?;
        if self.contains(id) {
            return Err(Error::SecretExists { id: id.to_string() });
        }
        let (first, rest) = secret
            .versions
            .split_first()
            .ok_or_else(|| Error::invalid(format!("{id}: a secret needs a version")))?;
        let kind = first.2.kind();
        if secret.versions.iter().any(|v| v.2.kind() != kind) {
            return Err(Error::invalid(format!(
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
        self.ensure_loaded(id)?;
        let (scope, secret, kind, heads) = self
            .current(id)
            .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })?;
        self.require_write(&scope)?;
        if kind != fields.kind() {
            return Err(Error::invalid(format!(
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
        self.ensure_loaded(id)?;
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
                    .ok_or_else(|| Error::invalid(format!("{id} has no version {short}")))?,
            ),
            None => None,
        };
        let keep = picked.as_ref().map_or(all[0].1.id, |(s, _)| s.id);
        let fields = match (value, &picked) {
            (Some(f), _) => f,
            (None, Some((s, v))) => self.open_version(&scope, s, v)?,
            (None, None) => {
                return Err(Error::invalid(
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
            return Err(Error::invalid(format!("{id} is a {} secret", kept.kind)));
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
        self.ensure_loaded(id)?;
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
        self.ensure_loaded(id)?;
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
        self.ensure_loaded(old)?;
        self.ensure_loaded(new)?;
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
                .ok_or_else(|| Error::invalid(format!("{old} was made in this same write")))?;
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
            .ok_or_else(|| Error::invalid(format!("{old} was made in this same write")))?;
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
        // A write carries every byte of the file: what a lazy open left in
        // it is checked as `Image::write_to` copies it. It reads every
        // record's head (not its parts): its clock must pass every clock
        // in the file, and its checks see every record.
        if self.pending_members.is_empty() && self.pending.is_empty() {
            return Ok(false);
        }
        self.load_heads()?;
        // The scopes this write replays get a checkpoint that folds any
        // tail: read them whole when the write reloads.
        self.tails = false;
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
        // A record names at most 255 scope tags, and its head lists every
        // part: a write that touches more owners, or carries more values,
        // than one record should (an import, an upgrade) is several
        // records, all in the one atomic file write.
        let shares = shares_of(&pending);
        let mut written: BTreeMap<ScopeId, Vec<Stamped>> = BTreeMap::new();
        for chunk in records_of(&shares) {
            let mut access = false;
            let mut tags: Vec<(Tag, usize, bool)> = Vec::new();
            for &s in &chunk {
                let share = &shares[s];
                let p = &pending[&share.scope];
                tags.push((self.scopes[&share.scope].current_keys().tag(), s, false));
                if share.first
                    && let Some(((_, tag), _)) = &p.notice
                {
                    tags.push((*tag, s, true));
                }
            }
            tags.sort();
            let mut parts: Vec<(u8, u8, Vec<u8>)> = Vec::new();
            let mut in_record: Vec<(ScopeId, Vec<Op>)> = Vec::new();
            for (t, (_, s, notice)) in tags.iter().enumerate() {
                let t = u8::try_from(t)
                    .map_err(|_| Error::invalid("one write touches at most 255 owners"))?;
                let share = &shares[*s];
                let scope = &share.scope;
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
                        view.keys[epoch]
                            .seal_names(&ops_aad(&self.vault_id, scope, epoch.0), &plain),
                    ));
                    continue;
                }
                let keys = view.current_keys();
                // Value parts come right after this share's ops part.
                let first_value = parts.len() + 1;
                let mut ops = p.ops[share.ops.clone()].to_vec();
                for op in &mut ops {
                    if let Op::Version { value, .. } = op {
                        value.part = value.part - share.values.start as u32
                            + u32::try_from(first_value).expect("parts fit");
                        // Sealed below under the scope's current keys, which a
                        // rotation in this same write may have replaced.
                        value.epoch = view.current.0;
                    }
                }
                let plain = OpsPart {
                    scope: *scope,
                    epoch: view.current.0,
                    ops: ops.clone(),
                }
                .encode();
                in_record.push((*scope, ops));
                parts.push((
                    part::OPS,
                    t,
                    keys.seal_names(&ops_aad(&self.vault_id, scope, view.current.0), &plain),
                ));
                for (secret, version, value) in &p.values[share.values.clone()] {
                    let sealed = keys
                        .seal_value(&value_aad(&self.vault_id, scope, secret, version), value)
                        .ok_or_else(|| Error::NotPermitted {
                            scope: view.owner.to_string(),
                        })?;
                    parts.push((part::VALUE, t, sealed));
                }
                if share.first {
                    for (to, payload) in &p.deliveries {
                        access = true;
                        let nonce = random16();
                        let mut bytes = nonce.to_vec();
                        bytes.extend_from_slice(&hint(&self.keys, to, &nonce));
                        bytes.extend_from_slice(&deliver(to, payload).map_err(|_| {
                            damaged(
                                "a member's key is of small order: nothing can be delivered to it",
                            )
                        })?);
                        parts.push((part::DELIVERY, t, bytes));
                    }
                    if let Some(chain) = &p.chain {
                        parts.push((part::CHAIN, t, chain.clone()));
                    }
                }
                if p.ops[share.ops.clone()]
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
            let (rid, clock) = (record.id(), record.clock);
            self.index.insert(rid, (record.device, record.seq, rid));
            self.image.insert_record(record);
            for (scope, ops) in in_record {
                written
                    .entry(scope)
                    .or_default()
                    .extend(ops.into_iter().enumerate().map(|(i, op)| {
                        let stamp = Stamp {
                            op: OpName {
                                record: rid,
                                index: u32::try_from(i).expect("ops fit in u32"),
                            },
                            clock,
                            author: self.me,
                        };
                        (stamp, op)
                    }));
            }
        }
        self.overlay.clear();
        // A scope read from its checkpoint folds this write's ops into the
        // leaves it touched and writes the next checkpoint; the others
        // (new scopes, access changes, scopes that were replayed) are
        // replayed with the write and get a checkpoint of everything.
        let mut rebuild = Vec::new();
        for (scope, stamped) in written {
            if !self.fold_in(&scope, &stamped)? {
                rebuild.push(scope);
            }
        }
        if wrote || !rebuild.is_empty() {
            self.reload()?;
            for scope in rebuild {
                if self.scopes.contains_key(&scope) {
                    self.checkpoint_all(&scope)?;
                }
            }
        }
        self.drop_purged();
        if !self.ring_fresh {
            self.write_ring()?;
        }
        Ok(true)
    }

    /// Recomputes what is current after a write.
    fn reload(&mut self) -> Result<()> {
        self.overlay.clear();
        self.history = rekey::key_history(&self.image);
        self.membership = replay(&self.image, &self.history, &self.remembered)?;
        self.cache_publics();
        self.scopes.clear();
        self.load_scopes()
    }

    /// Folds this write's ops on `scope` (`stamped`, valid: the write
    /// checked its role) into the leaves it touches, and writes the
    /// scope's next checkpoint. `false` when the scope cannot be folded
    /// this way (it was replayed, the write changes access, or the leaves
    /// the ops reach were not all read): the caller replays it.
    fn fold_in(&mut self, scope: &ScopeId, stamped: &[Stamped]) -> Result<bool> {
        if stamped.iter().any(|(_, op)| {
            matches!(
                op,
                Op::Scope { .. }
                    | Op::Grant { .. }
                    | Op::Revoke { .. }
                    | Op::Epoch { .. }
                    | Op::Dismiss { .. }
            )
        }) {
            return Ok(false);
        }
        let Engine {
            scopes,
            image,
            vault_id,
            ..
        } = self;
        let Some(view) = scopes.get_mut(scope) else {
            return Ok(false);
        };
        let Source::Checkpoint(loaded) = &mut view.source else {
            return Ok(false);
        };
        if !loaded.tail.is_empty() {
            // The tail reaches leaves this write did not read: replayed.
            return Ok(false);
        }
        let mut affected: BTreeSet<String> = BTreeSet::new();
        for (_, op) in stamped {
            for secret in cp::secrets_of(op) {
                if let Some(s) = view.state.secrets.get(&secret) {
                    affected.insert(s.path.clone());
                }
            }
            if let Op::Create { path, .. } | Op::Rename { path, .. } = op {
                affected.insert(path.clone());
            }
        }
        if affected
            .iter()
            .any(|p| !loaded.all && !loaded.entries.contains_key(p))
        {
            return Ok(false);
        }
        let mut combined: Vec<Stamped> = affected
            .iter()
            .filter_map(|p| loaded.entries.get(p))
            .flatten()
            .cloned()
            .collect();
        combined.extend(stamped.iter().cloned());
        cp::normalize(&mut combined);
        let folded = Scope::fold(combined.clone());
        let mut new_entries = cp::entries(&combined, &folded);
        if new_entries.keys().any(|p| !affected.contains(p)) {
            // An absorbed secret sits at another path: its leaf holds
            // secrets this write did not read.
            return Ok(false);
        }
        let live_before = view
            .state
            .secrets
            .values()
            .filter(|s| s.is_live() && affected.contains(&s.path))
            .count() as u64;
        let live_after = folded.secrets.values().filter(|s| s.is_live()).count() as u64;
        let changes: BTreeMap<String, Option<Vec<u8>>> = affected
            .iter()
            .map(|p| (p.clone(), new_entries.get(p).map(|e| cp::encode_entry(e))))
            .collect();
        let keys = &view.keys[&view.current];
        let mut pages = Pages::new(
            image,
            view.current.1,
            keys,
            page_aad(vault_id, scope, view.current.0),
            &loaded.pinned,
        );
        let root = Tree::apply(&mut pages, &loaded.root, changes).map_err(damaged_tree)?;
        let pinned = pages.pinned_after();
        let fresh = pages.into_fresh();
        for p in &affected {
            loaded
                .entries
                .insert(p.clone(), new_entries.remove(p).unwrap_or_default());
        }
        loaded.root = root;
        loaded.pinned = pinned;
        loaded.live = (loaded.live + live_after).saturating_sub(live_before);
        view.state
            .secrets
            .retain(|_, s| !affected.contains(&s.path));
        view.state.secrets.extend(folded.secrets);
        for (_, op) in stamped {
            if let Op::Purge { parts, .. } = op {
                view.purged_parts.extend(parts.iter().copied());
            }
        }
        for page in fresh {
            image.insert_page(page);
        }
        self.write_checkpoint(scope)?;
        Ok(true)
    }

    /// Gives a replayed scope a checkpoint of everything it holds.
    fn checkpoint_all(&mut self, scope: &ScopeId) -> Result<()> {
        let base = self.base_tree(scope);
        let Engine {
            scopes,
            image,
            vault_id,
            ..
        } = self;
        let view = scopes.get_mut(scope).expect("a scope we hold");
        let Source::Replay(ops) = &view.source else {
            return Ok(());
        };
        let entries = cp::entries(ops, &view.state);
        let encoded: BTreeMap<String, Vec<u8>> = entries
            .iter()
            .map(|(p, e)| (p.clone(), cp::encode_entry(e)))
            .collect();
        let keys = &view.keys[&view.current];
        let aad = page_aad(vault_id, scope, view.current.0);
        let (root, pinned, fresh) = match &base {
            // Only the entries that differ from an earlier tree of these
            // keys are written: after a merge, the pages the tail did not
            // reach keep their bytes (and git finds them unchanged).
            Some((old_root, old_pinned, old)) => {
                let mut changes: BTreeMap<String, Option<Vec<u8>>> = BTreeMap::new();
                for (path, bytes) in &encoded {
                    if old.get(path) != Some(bytes) {
                        changes.insert(path.clone(), Some(bytes.clone()));
                    }
                }
                for path in old.keys() {
                    if !encoded.contains_key(path) {
                        changes.insert(path.clone(), None);
                    }
                }
                let mut pages = Pages::new(image, view.current.1, keys, aad, old_pinned);
                let root = Tree::apply(&mut pages, old_root, changes).map_err(damaged_tree)?;
                (root, pages.pinned_after(), pages.into_fresh())
            }
            None => {
                let mut pages = Pages::new(image, view.current.1, keys, aad, &[]);
                let root =
                    Tree::build(&mut pages, encoded.into_iter().collect()).map_err(damaged_tree)?;
                (root, pages.pinned_after(), pages.into_fresh())
            }
        };
        for page in fresh {
            image.insert_page(page);
        }
        let live = view.state.secrets.values().filter(|s| s.is_live()).count() as u64;
        view.source = Source::Checkpoint(Loaded {
            root,
            pinned,
            entries,
            live,
            all: true,
            under: vec![],
            tail: vec![],
            deferred: None,
        });
        self.write_checkpoint(scope)
    }

    /// The tree of the newest checkpoint of `scope`'s current keys that
    /// opens (signed by a live member, body for this scope and epoch, every
    /// page readable), with every entry's bytes: a base that a rebuild
    /// changes only where the replay differs. Whether it was usable for
    /// reading does not matter: every entry is compared with the replay.
    fn base_tree(&self, scope: &ScopeId) -> Option<BaseTree> {
        let view = self.scopes.get(scope)?;
        let keys = view.current_keys();
        let tag = view.current.1;
        let mut candidates: Vec<&Checkpoint> = self
            .image
            .checkpoints
            .range((tag, [0; 32])..=(tag, [0xff; 32]))
            .map(|(_, c)| c)
            .collect();
        candidates.sort_by_key(|c| std::cmp::Reverse(c.clock));
        candidates.into_iter().find_map(|c| {
            let public = self
                .membership
                .members
                .get(&c.author)
                .filter(|m| !m.removed)
                .and_then(|_| self.public_of(&c.author))?;
            if !keys::verify(&public.sk, &hash(&c.signed_bytes()), &c.signature) {
                return None;
            }
            let plain =
                keys.open_names(&body_aad(&self.vault_id, scope, view.current.0), &c.body)?;
            let body = Body::decode(&plain).ok()?;
            if body.scope != *scope || body.epoch != view.current.0 {
                return None;
            }
            let pages = Pages::new(
                &self.image,
                tag,
                keys,
                page_aad(&self.vault_id, scope, view.current.0),
                &c.pages,
            );
            let all = Tree::range(&pages, &body.root, "").ok()?;
            Some((body.root, c.pages.clone(), all.into_iter().collect()))
        })
    }

    /// Signs and adds the checkpoint of `scope` as its view holds it (a
    /// checkpoint source), covering every record of the image; drops the
    /// checkpoints it makes redundant (and their pages).
    fn write_checkpoint(&mut self, scope: &ScopeId) -> Result<()> {
        let view = &self.scopes[scope];
        let Source::Checkpoint(loaded) = &view.source else {
            return Ok(());
        };
        let heads = self.heads();
        let frontier: Vec<(DeviceId, u64)> = heads.iter().map(|(d, s, _)| (*d, *s)).collect();
        let body = Body {
            scope: *scope,
            epoch: view.current.0,
            owner: view.owner.clone(),
            live: loaded.live,
            grants: view.access.grants.clone(),
            quarantined: view.quarantined.clone(),
            purged_parts: view.purged_parts.clone(),
            made: view.made.clone(),
            private_to: view.access.private_to,
            heads,
            root: loaded.root.clone(),
        };
        let sealed = view.current_keys().seal_names(
            &body_aad(&self.vault_id, scope, view.current.0),
            &body.encode(),
        );
        let mut checkpoint = Checkpoint {
            author: self.me,
            tag: view.current.1,
            clock: next_clock(&self.image),
            frontier,
            pages: loaded.pinned.clone(),
            body: sealed,
            signature: [0; 64],
        };
        checkpoint.signature =
            keys::sign(self.keys.signing_key(), &hash(&checkpoint.signed_bytes()));
        // Checkpoints of this scope's older epochs are under keys no
        // reader uses for the current state.
        let older: BTreeSet<Tag> = view
            .keys
            .keys()
            .filter(|(e, _)| *e < view.current.0)
            .map(|(_, t)| *t)
            .collect();
        self.image
            .checkpoints
            .retain(|(tag, _), _| !older.contains(tag));
        self.image.insert_checkpoint(checkpoint);
        super::merge::drop_redundant(&mut self.image);
        Ok(())
    }

    /// Reads every leaf of every scope opened from a checkpoint: what a
    /// listing of everything, or a search, needs after a narrower open.
    pub fn load_everything(&mut self) -> Result<()> {
        if matches!(self.wanted, Wanted::All) {
            return Ok(());
        }
        self.wanted = Wanted::All;
        self.read_skipped(|_| true)?;
        let scopes: Vec<ScopeId> = self.scopes.keys().copied().collect();
        for scope in scopes {
            self.load_leaves(&scope, None)?;
        }
        Ok(())
    }

    /// Makes every secret under `prefix` visible: nothing to do when the
    /// open read that prefix (or everything), else every leaf is read.
    pub fn load_prefix(&mut self, prefix: &crate::id::Prefix) -> Result<()> {
        match &self.wanted {
            Wanted::All => Ok(()),
            Wanted::Prefix(p) if p == prefix => self.read_deferred(),
            _ => self.load_everything(),
        }
    }

    /// Reads the leaves a listing's open left in the file, and folds.
    fn read_deferred(&mut self) -> Result<()> {
        let Engine {
            scopes,
            image,
            vault_id,
            ..
        } = self;
        for (scope, view) in scopes.iter_mut() {
            let Source::Checkpoint(loaded) = &mut view.source else {
                continue;
            };
            let Some(under) = loaded.deferred.take() else {
                continue;
            };
            let pages = Pages::new(
                image,
                view.current.1,
                &view.keys[&view.current],
                page_aad(vault_id, scope, view.current.0),
                &loaded.pinned,
            );
            let found = read_under(&pages, &loaded.root, &under)?;
            drop(pages);
            loaded.add_under(under, found);
            view.state = Scope::fold(loaded.ops());
        }
        Ok(())
    }

    /// Whether [`Engine::for_each_listed`] can list `prefix` a leaf at a
    /// time: the open was for that prefix, and no two scopes under it
    /// share an owner (two secrets at one ID are then in one leaf).
    pub fn lists_by_leaf(&self, prefix: &crate::id::Prefix) -> bool {
        let mut owners = BTreeSet::new();
        matches!(&self.wanted, Wanted::Prefix(p) if p == prefix)
            && self
                .scopes
                .values()
                .filter(|v| prefix_covers(prefix, &v.owner))
                .all(|v| owners.insert(&v.owner))
    }

    /// Calls `f` with the live secrets of every scope under `prefix`, in
    /// batches that hold every secret of each ID they hold: a leaf at a
    /// time where the open left the scope's leaves in the file (each leaf
    /// folded, listed and dropped: listing 100,000 secrets holds one
    /// leaf's state), else a scope at a time. Only after an open for
    /// `prefix` with [`Engine::lists_by_leaf`] true.
    pub fn for_each_listed(
        &self,
        prefix: &crate::id::Prefix,
        mut f: impl FnMut(Vec<(SecretId, &ScopeId, &Secret)>) -> Result<()>,
    ) -> Result<()> {
        for (scope, view) in &self.scopes {
            if !prefix_covers(prefix, &view.owner) {
                continue;
            }
            match &view.source {
                Source::Checkpoint(loaded) if loaded.deferred.is_some() => {
                    let under = loaded.deferred.as_deref().unwrap_or_default();
                    let pages = Pages::new(
                        &self.image,
                        view.current.1,
                        &view.keys[&view.current],
                        page_aad(&self.vault_id, scope, view.current.0),
                        &loaded.pinned,
                    );
                    Tree::range_by_leaf(&pages, &loaded.root, under, &mut |leaf| {
                        let mut ops = Vec::new();
                        for (_, bytes) in leaf {
                            ops.extend(decode_entry(&bytes)?);
                        }
                        let folded = Scope::fold(ops);
                        f(listed(&view.owner, scope, folded.secrets.values()))
                    })?;
                }
                _ => f(listed(&view.owner, scope, view.state.secrets.values()))?,
            }
        }
        Ok(())
    }

    /// Reads the leaf of `id`'s path in every scope of its owner that was
    /// opened from a checkpoint without it, so a write sees every secret
    /// at that path.
    pub fn ensure_loaded(&mut self, id: &SecretId) -> Result<()> {
        if let Wanted::Paths(paths) = &mut self.wanted {
            paths.insert((id.owner().clone(), id.path().to_string()));
        }
        self.read_skipped(|o| o == id.owner())?;
        for scope in self.scopes_of(id.owner()) {
            self.load_leaves(&scope, Some(id.path()))?;
        }
        Ok(())
    }

    /// Reads the leaf of `path` (every leaf when `None`) of a scope opened
    /// from a checkpoint, and folds again.
    pub(super) fn load_leaves(&mut self, scope: &ScopeId, path: Option<&str>) -> Result<()> {
        let Engine {
            scopes,
            image,
            vault_id,
            ..
        } = self;
        let view = scopes.get_mut(scope).expect("a scope we hold");
        let Source::Checkpoint(loaded) = &mut view.source else {
            return Ok(());
        };
        if loaded.all || path.is_some_and(|p| loaded.entries.contains_key(p)) {
            return Ok(());
        }
        let keys = &view.keys[&view.current];
        let pages = Pages::new(
            image,
            view.current.1,
            keys,
            page_aad(vault_id, scope, view.current.0),
            &loaded.pinned,
        );
        match path {
            Some(path) => {
                let ops = match Tree::get(&pages, &loaded.root, path).map_err(damaged_tree)? {
                    Some(bytes) => decode_entry(&bytes)?,
                    None => vec![],
                };
                loaded.entries.insert(path.to_string(), ops);
            }
            None => {
                for (path, bytes) in Tree::range(&pages, &loaded.root, "").map_err(damaged_tree)? {
                    loaded.entries.insert(path, decode_entry(&bytes)?);
                }
                loaded.all = true;
                loaded.deferred = None;
            }
        }
        view.state = Scope::fold(loaded.ops());
        Ok(())
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
            if let Some(k) = self.index.get(&record).copied()
                && self
                    .image
                    .records
                    .get(&k)
                    .and_then(|r| r.parts.get(i))
                    .is_some_and(|p| p.kind == part::VALUE)
            {
                self.image.drop_part(&k, i);
            }
        }
    }

    /// Reads every part and page a lazy open left in the file, each
    /// checked against its hash (what `verify` and every write need).
    pub fn load_bytes(&mut self) -> std::io::Result<()> {
        self.image.load_all()
    }

    /// The image, with every committed write.
    pub fn image(&self) -> &Image {
        &self.image
    }

    /// `verify --purge`: dismisses every record set aside in each scope
    /// this member owns (a vault owner only). Returns each owner with how
    /// many records it dismissed.
    pub fn dismiss_set_aside(&mut self) -> Result<Vec<(Owner, usize)>> {
        self.require_vault_owner()?;
        let mut out = Vec::new();
        let scopes: Vec<(ScopeId, Owner, Vec<Id>)> = self
            .scopes
            .iter()
            .filter(|(id, v)| !v.quarantined.is_empty() && self.role(id) == Some(Role::Owner))
            .map(|(id, v)| {
                let mut records: Vec<Id> = v.quarantined.iter().map(|(r, _)| *r).collect();
                records.sort_unstable();
                records.dedup();
                (*id, v.owner.clone(), records)
            })
            .collect();
        for (scope, owner, records) in scopes {
            out.push((owner, records.len()));
            self.pending
                .entry(scope)
                .or_default()
                .ops
                .push(Op::Dismiss { records });
        }
        Ok(out)
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
                self.load_leaves(&scope, None)?;
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
        self.load_leaves(&scope, None)?;
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
            self.load_leaves(&scope, None)?;
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
