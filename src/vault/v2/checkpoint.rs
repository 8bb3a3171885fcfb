//! What a scope's checkpoint holds, and the page store its tree lives in
//! (docs/format2-design.md §4, §4.2).
//!
//! A checkpoint's body (sealed under the scope's names key) carries what
//! the engine otherwise computes by replaying every record of the scope:
//! the owner, the grant table, the records set aside, the purged value
//! parts, the record that made the current keys, the number of live
//! secrets, and the root of the page tree. Each leaf entry of the tree is
//! keyed by a path and holds the *valid ops* of every secret at that path
//! (closed under `absorb`), not a summary of them: folding a leaf's ops is
//! the same computation as folding the whole scope, restricted to those
//! secrets, so a reader that reads one leaf gets exactly what a full
//! replay would show at that path, and a writer that appends ops to a
//! leaf and folds again gets exactly the next state.
//!
//! Everything here parses hostile bytes (a checkpoint is only as honest as
//! the member who signed it; `verify` rebuilds and compares): counts are
//! bounded by the bytes that remain, and nothing panics.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use zeroize::Zeroizing;

use crate::id::{Owner, OwnerType};
use crate::vault::codec::{Malformed, Reader, Writer};

use super::access::{Causal, GrantOp};
use super::image::Image;
use super::keys::scope::ScopeKeys;
use super::ops::{Op, OpName, Role, ScopeId, SecretKey, decode_op, encode_op};
use super::record::{DeviceId, Id, MemberId, Page, Tag};
use super::state::{Scope, Stamp};
use super::tree::{PageStore, Root, TreeError};

/// A secret's op with its stamp.
pub(super) type Stamped = (Stamp, Op);

/// The sealed body of a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Body {
    pub scope: ScopeId,
    pub epoch: u32,
    pub owner: Owner,
    /// Live secrets in the scope.
    pub live: u64,
    pub grants: Vec<GrantOp>,
    pub quarantined: Vec<(Id, MemberId)>,
    pub purged_parts: Vec<(Id, u32)>,
    /// The record whose `scope` or `epoch` op made the current keys.
    pub made: Option<Causal>,
    /// The member whose private `user/<name>` scope this is (the scope's
    /// founder, when the owner names them), as the writer replayed it.
    pub private_to: Option<MemberId>,
    /// Each device's last covered record: (device, seq, record id). With
    /// the records' hash chains, this pins exactly which records the
    /// checkpoint covers: a record swapped for another below the frontier
    /// breaks a chain, and the checkpoint is not used.
    pub heads: Vec<(DeviceId, u64, Id)>,
    pub root: Root,
}

fn write_causal(w: &mut Writer, c: &Causal) {
    w.bytes(&c.id);
    w.bytes(&c.device);
    w.u64(c.seq);
    w.u32(u32::try_from(c.seen.len()).expect("devices fit in u32"));
    for (d, s) in &c.seen {
        w.bytes(d);
        w.u64(*s);
    }
    w.u64(c.clock);
}

fn read_causal(r: &mut Reader<'_>) -> Result<Causal, Malformed> {
    let id = r.array()?;
    let device = r.array()?;
    let seq = r.u64()?;
    let n = r.count(24)?;
    let seen = (0..n)
        .map(|_| Ok((r.array()?, r.u64()?)))
        .collect::<Result<Vec<_>, Malformed>>()?;
    let clock = r.u64()?;
    Ok(Causal {
        id,
        device,
        seq,
        seen,
        clock,
    })
}

impl Body {
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut w = Writer::default();
        w.bytes(&self.scope);
        w.u32(self.epoch);
        w.short_str(self.owner.owner_type().as_str());
        w.short_str(self.owner.owner_id());
        w.u64(self.live);
        w.u32(u32::try_from(self.grants.len()).expect("grants fit in u32"));
        for g in &self.grants {
            write_causal(&mut w, &g.causal);
            w.bytes(&g.member);
            w.u8(g.role.map_or(0, Role::code));
        }
        w.u32(u32::try_from(self.quarantined.len()).expect("records fit in u32"));
        for (record, author) in &self.quarantined {
            w.bytes(record);
            w.bytes(author);
        }
        w.u32(u32::try_from(self.purged_parts.len()).expect("parts fit in u32"));
        for (record, part) in &self.purged_parts {
            w.bytes(record);
            w.u32(*part);
        }
        match &self.made {
            None => w.u8(0),
            Some(c) => {
                w.u8(1);
                write_causal(&mut w, c);
            }
        }
        match &self.private_to {
            None => w.u8(0),
            Some(m) => {
                w.u8(1);
                w.bytes(m);
            }
        }
        w.u32(u32::try_from(self.heads.len()).expect("devices fit in u32"));
        for (device, seq, id) in &self.heads {
            w.bytes(device);
            w.u64(*seq);
            w.bytes(id);
        }
        w.blob(&self.root.encode());
        Zeroizing::new(w.into_inner())
    }

    pub fn decode(bytes: &[u8]) -> Result<Body, Malformed> {
        let mut r = Reader::new(bytes);
        let scope = r.array()?;
        let epoch = r.u32()?;
        let owner_type = OwnerType::from_word(r.short_str()?).ok_or(Malformed)?;
        let owner = Owner::new(owner_type, r.short_str()?).map_err(|_| Malformed)?;
        let live = r.u64()?;
        let n = r.count(32 + 16 + 8 + 4 + 8 + 16 + 1)?;
        let mut grants = Vec::with_capacity(n);
        for _ in 0..n {
            let causal = read_causal(&mut r)?;
            let member = r.array()?;
            let role = match r.u8()? {
                0 => None,
                code => Some(Role::from_code(code).ok_or(Malformed)?),
            };
            grants.push(GrantOp {
                causal,
                member,
                role,
            });
        }
        let n = r.count(48)?;
        let quarantined = (0..n)
            .map(|_| Ok((r.array()?, r.array()?)))
            .collect::<Result<Vec<_>, Malformed>>()?;
        let n = r.count(36)?;
        let purged_parts = (0..n)
            .map(|_| Ok((r.array()?, r.u32()?)))
            .collect::<Result<Vec<_>, Malformed>>()?;
        let made = match r.u8()? {
            0 => None,
            1 => Some(read_causal(&mut r)?),
            _ => return Err(Malformed),
        };
        let private_to = match r.u8()? {
            0 => None,
            1 => Some(r.array()?),
            _ => return Err(Malformed),
        };
        let n = r.count(56)?;
        let heads = (0..n)
            .map(|_| Ok((r.array()?, r.u64()?, r.array()?)))
            .collect::<Result<Vec<_>, Malformed>>()?;
        let root = Root::decode(r.blob()?).map_err(|_| Malformed)?;
        if r.remaining() != 0 {
            return Err(Malformed);
        }
        Ok(Body {
            scope,
            epoch,
            owner,
            live,
            grants,
            quarantined,
            purged_parts,
            made,
            private_to,
            heads,
            root,
        })
    }
}

/// The fuzz target `v2_checkpoint`: a checkpoint body and a leaf entry
/// from hostile bytes (what a member's names key opens): each decodes or
/// is refused, never panics, and what decodes encodes back to the same
/// bytes.
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub fn fuzz_decoders(data: &[u8]) {
    if let Ok(body) = Body::decode(data) {
        assert_eq!(&body.encode()[..], data);
    }
    if let Ok(entry) = decode_entry(data) {
        let _ = Scope::fold(entry.clone());
        assert_eq!(decode_entry(&encode_entry(&entry)), Ok(entry));
    }
}

/// A leaf entry's bytes: its ops grouped by record (one record id, clock
/// and author for all the ops a write made), in the deterministic order.
pub(super) fn encode_entry(ops: &[Stamped]) -> Vec<u8> {
    let mut groups: Vec<(&Stamp, Vec<(u32, &Op)>)> = Vec::new();
    for (stamp, op) in ops {
        match groups.last_mut() {
            Some((s, list))
                if s.op.record == stamp.op.record
                    && s.clock == stamp.clock
                    && s.author == stamp.author =>
            {
                list.push((stamp.op.index, op))
            }
            _ => groups.push((stamp, vec![(stamp.op.index, op)])),
        }
    }
    let mut w = Writer::default();
    w.u32(u32::try_from(groups.len()).expect("records fit in u32"));
    for (stamp, list) in groups {
        w.bytes(&stamp.op.record);
        w.u64(stamp.clock);
        w.bytes(&stamp.author);
        w.u32(u32::try_from(list.len()).expect("ops fit in u32"));
        for (index, op) in list {
            w.u32(index);
            encode_op(&mut w, op);
        }
    }
    w.into_inner()
}

/// Parses a leaf entry.
pub(super) fn decode_entry(bytes: &[u8]) -> Result<Vec<Stamped>, Malformed> {
    let mut r = Reader::new(bytes);
    let n = r.count(32 + 8 + 16 + 4)?;
    let mut out = Vec::new();
    for _ in 0..n {
        let record = r.array()?;
        let clock = r.u64()?;
        let author = r.array()?;
        let k = r.count(5)?;
        for _ in 0..k {
            let index = r.u32()?;
            let op = decode_op(&mut r)?;
            out.push((
                Stamp {
                    op: OpName { record, index },
                    clock,
                    author,
                },
                op,
            ));
        }
    }
    if r.remaining() != 0 {
        return Err(Malformed);
    }
    Ok(out)
}

/// The secrets an op is about (`absorb` names two).
pub(super) fn secrets_of(op: &Op) -> Vec<SecretKey> {
    match op {
        Op::Create { secret, .. }
        | Op::Version { secret, .. }
        | Op::Meta { secret, .. }
        | Op::Rename { secret, .. }
        | Op::Tombstone { secret, .. }
        | Op::Revive { secret, .. }
        | Op::Purge { secret, .. } => vec![*secret],
        Op::Absorb { keep, absorbed } => vec![*keep, *absorbed],
        Op::Scope { .. }
        | Op::Grant { .. }
        | Op::Revoke { .. }
        | Op::Epoch { .. }
        | Op::Dismiss { .. } => vec![],
    }
}

fn order(s: &Stamp) -> (u64, Id, u32) {
    (s.clock, s.op.record, s.op.index)
}

/// Sorts ops in the deterministic order and drops duplicates (an `absorb`
/// sits in the entries of both its secrets).
pub(super) fn normalize(ops: &mut Vec<Stamped>) {
    ops.sort_by_key(|a| order(&a.0));
    ops.dedup_by(|a, b| a.0.op == b.0.op);
}

/// The leaf entries that `ops` (a scope's valid secret ops, or a closed
/// part of them) make, given their fold `state`: for each path, the ops of
/// every secret whose path it is, together with the ops of every secret
/// joined to one of them by `absorb` (the fold moves versions between
/// those). Secrets that never got a `create` have no path and no entry,
/// as they have no place in the fold either.
pub(super) fn entries(ops: &[Stamped], state: &Scope) -> BTreeMap<String, Vec<Stamped>> {
    // Union-find over absorbs.
    let mut parent: HashMap<SecretKey, SecretKey> = HashMap::new();
    fn find(parent: &mut HashMap<SecretKey, SecretKey>, x: SecretKey) -> SecretKey {
        let mut root = x;
        while let Some(&p) = parent.get(&root) {
            if p == root {
                break;
            }
            root = p;
        }
        let mut cur = x;
        while cur != root {
            let next = *parent.get(&cur).unwrap_or(&root);
            parent.insert(cur, root);
            cur = next;
        }
        root
    }
    for (_, op) in ops {
        if let Op::Absorb { keep, absorbed } = op {
            let a = find(&mut parent, *keep);
            let b = find(&mut parent, *absorbed);
            if a != b {
                parent.insert(a.max(b), a.min(b));
            }
        }
    }
    let mut by_group: HashMap<SecretKey, Vec<usize>> = HashMap::new();
    for (i, (_, op)) in ops.iter().enumerate() {
        let mut groups: Vec<SecretKey> = secrets_of(op)
            .into_iter()
            .map(|s| find(&mut parent, s))
            .collect();
        groups.dedup();
        for g in groups {
            by_group.entry(g).or_default().push(i);
        }
    }
    let mut paths: BTreeMap<String, BTreeSet<SecretKey>> = BTreeMap::new();
    for (id, secret) in &state.secrets {
        paths
            .entry(secret.path.clone())
            .or_default()
            .insert(find(&mut parent, *id));
    }
    paths
        .into_iter()
        .map(|(path, groups)| {
            let mut list: Vec<Stamped> = groups
                .iter()
                .flat_map(|g| by_group.get(g).into_iter().flatten())
                .map(|&i| ops[i].clone())
                .collect();
            normalize(&mut list);
            (path, list)
        })
        .collect()
}

/// The label of a page's seal; the AAD adds the vault, scope and epoch.
pub(super) const PAGE_LABEL: &[u8] = b"sesame v2 page";
/// The label of a checkpoint body's seal.
pub(super) const BODY_LABEL: &[u8] = b"sesame v2 checkpoint";

/// The pages of one checkpoint's tree: those the image holds under its
/// tag and the checkpoint pins, opened under the names key; and the pages
/// a change stores, sealed under it. Pages a change makes unreachable are
/// noted, so the next checkpoint pins exactly the tree's pages.
pub(super) struct Pages<'a> {
    pub image: &'a Image,
    pub tag: Tag,
    pub keys: &'a ScopeKeys,
    pub aad: Vec<u8>,
    pub pinned: &'a [Id],
    /// Pages stored by this change, by id, with their plaintext.
    pub fresh: BTreeMap<Id, (Page, Zeroizing<Vec<u8>>)>,
    /// Pinned pages this change made unreachable.
    pub released: BTreeSet<Id>,
}

impl<'a> Pages<'a> {
    pub fn new(
        image: &'a Image,
        tag: Tag,
        keys: &'a ScopeKeys,
        aad: Vec<u8>,
        pinned: &'a [Id],
    ) -> Pages<'a> {
        Pages {
            image,
            tag,
            keys,
            aad,
            pinned,
            fresh: BTreeMap::new(),
            released: BTreeSet::new(),
        }
    }

    /// The page ids the tree reaches after this change (sorted).
    pub fn pinned_after(&self) -> Vec<Id> {
        let mut out: BTreeSet<Id> = self
            .pinned
            .iter()
            .filter(|id| !self.released.contains(*id))
            .copied()
            .collect();
        out.extend(self.fresh.keys().copied());
        out.into_iter().collect()
    }

    /// The new pages, to put in the image.
    pub fn into_fresh(self) -> Vec<Page> {
        self.fresh.into_values().map(|(p, _)| p).collect()
    }
}

impl PageStore for Pages<'_> {
    fn load(&self, id: &Id) -> Result<Cow<'_, [u8]>, TreeError> {
        if let Some((_, plain)) = self.fresh.get(id) {
            return Ok(Cow::Owned(plain.to_vec()));
        }
        if self.pinned.binary_search(id).is_err() {
            return Err(TreeError::MissingPage);
        }
        let page = self
            .image
            .page(&self.tag, id)
            .map_err(|_| TreeError::Malformed)?
            .ok_or(TreeError::MissingPage)?;
        let plain = self
            .keys
            .open_names(&self.aad, &page.sealed)
            .ok_or(TreeError::Malformed)?;
        Ok(Cow::Owned(plain.to_vec()))
    }

    fn store(&mut self, plaintext: Vec<u8>) -> Id {
        let plaintext = Zeroizing::new(plaintext);
        let page = Page {
            tag: self.tag,
            sealed: self.keys.seal_names(&self.aad, &plaintext),
        };
        let id = page.id();
        self.fresh.insert(id, (page, plaintext));
        id
    }

    fn release(&mut self, id: &Id) {
        if self.fresh.remove(id).is_none() {
            self.released.insert(*id);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::secret_type::SecretType;
    use crate::vault::v2::ops::{Change, ValueRef};

    fn stamp(record: u8, index: u32, clock: u64) -> Stamp {
        Stamp {
            op: OpName {
                record: [record; 32],
                index,
            },
            clock,
            author: [7; 16],
        }
    }

    fn create(secret: u8, path: &str) -> Op {
        Op::Create {
            secret: [secret; 16],
            path: path.into(),
            kind: SecretType::Variable,
            created: 5,
            first_number: 1,
        }
    }

    fn version(secret: u8, v: u8, parents: &[u8]) -> Op {
        Op::Version {
            secret: [secret; 16],
            version: [v; 16],
            parents: parents.iter().map(|p| [*p; 16]).collect(),
            created: 6,
            value: ValueRef { part: 1, epoch: 1 },
            public: vec![("region".into(), "eu".into())],
        }
    }

    #[test]
    fn an_entry_groups_ops_by_record_and_reads_back() {
        let ops = vec![
            (stamp(1, 0, 10), create(1, "a")),
            (stamp(1, 1, 10), version(1, 1, &[])),
            (
                stamp(2, 0, 11),
                Op::Meta {
                    secret: [1; 16],
                    description: Change::Set("d".into()),
                    rotate_every: Change::Clear,
                    expires: Change::Keep,
                },
            ),
        ];
        let bytes = encode_entry(&ops);
        // Two groups: one record id, clock and author per group.
        assert_eq!(u32::from_le_bytes(bytes[..4].try_into().unwrap()), 2);
        assert_eq!(decode_entry(&bytes).unwrap(), ops);
        assert!(decode_entry(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn entries_key_secrets_by_path_and_keep_absorbed_secrets_with_their_keeper() {
        let ops = vec![
            (stamp(1, 0, 10), create(1, "a")),
            (stamp(1, 1, 10), version(1, 1, &[])),
            (stamp(2, 0, 10), create(2, "a")),
            (stamp(2, 1, 10), version(2, 2, &[])),
            (stamp(3, 0, 12), create(3, "b")),
            (stamp(3, 1, 12), version(3, 3, &[])),
            (
                stamp(4, 0, 13),
                Op::Absorb {
                    keep: [1; 16],
                    absorbed: [2; 16],
                },
            ),
            (
                stamp(4, 1, 13),
                Op::Rename {
                    secret: [1; 16],
                    path: "c".into(),
                    supersedes: vec![OpName {
                        record: [1; 32],
                        index: 0,
                    }],
                },
            ),
        ];
        let state = Scope::fold(ops.clone());
        let e = entries(&ops, &state);
        // Secret 1 moved to "c" and took secret 2's versions; secret 2
        // (absorbed) still sits at "a", with the ops it shares with 1.
        assert_eq!(e.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        let folded_c = Scope::fold(e["c"].clone());
        assert_eq!(folded_c.secrets[&[1; 16]], state.secrets[&[1; 16]]);
        let folded_a = Scope::fold(e["a"].clone());
        assert_eq!(folded_a.secrets[&[2; 16]], state.secrets[&[2; 16]]);
        assert_eq!(e["b"].len(), 2);
    }

    fn arb_body() -> impl Strategy<Value = Body> {
        (
            any::<[u8; 16]>(),
            any::<u32>(),
            "[a-z]{1,8}",
            any::<u64>(),
            proptest::collection::vec((any::<[u8; 16]>(), 0u8..4, any::<u64>()), 0..4),
            proptest::collection::vec((any::<[u8; 32]>(), any::<[u8; 16]>()), 0..3),
            proptest::collection::vec((any::<[u8; 32]>(), any::<u32>()), 0..3),
            any::<bool>(),
            proptest::collection::vec((any::<[u8; 16]>(), any::<u64>(), any::<[u8; 32]>()), 0..3),
        )
            .prop_map(
                |(scope, epoch, owner, live, grants, quarantined, purged_parts, made, heads)| {
                    let causal = |seq: u64| Causal {
                        id: [seq as u8; 32],
                        device: [3; 16],
                        seq,
                        seen: vec![([1; 16], seq / 2)],
                        clock: seq << 16,
                    };
                    Body {
                        scope,
                        epoch,
                        owner: Owner::new(OwnerType::Project, &owner).unwrap(),
                        live,
                        grants: grants
                            .into_iter()
                            .map(|(member, role, seq)| GrantOp {
                                causal: causal(seq),
                                member,
                                role: Role::from_code(role),
                            })
                            .collect(),
                        quarantined,
                        purged_parts,
                        private_to: made.then_some([7; 16]),
                        made: made.then(|| causal(9)),
                        heads,
                        root: Root::empty(),
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A body reads back as written, and no cut of it parses.
        #[test]
        fn a_body_round_trips_and_no_prefix_of_it_parses(body in arb_body()) {
            let bytes = body.encode();
            prop_assert_eq!(Body::decode(&bytes).unwrap(), body);
            for cut in 0..bytes.len() {
                prop_assert!(Body::decode(&bytes[..cut]).is_err());
            }
        }

        /// Hostile entry bytes never panic.
        #[test]
        fn any_entry_bytes_parse_or_fail_without_panicking(
            bytes in proptest::collection::vec(any::<u8>(), 0..256)
        ) {
            let _ = decode_entry(&bytes);
        }
    }
}
