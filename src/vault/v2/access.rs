//! Who may do what: membership replayed in causal order, roles per scope,
//! and the validity of a record against them (docs/format2-design.md §5.3,
//! format2.md D4 and D10).
//!
//! Like the secret state, this is a pure function of the record set:
//! every copy that holds the same records decides the same members, roles
//! and quarantine. Signatures are checked by the caller (it holds the
//! verifying code); a record whose signature failed comes in marked so and
//! is quarantined here.

use std::collections::BTreeMap;

use crate::vault::codec::{Malformed, Reader, Writer};

use super::ops::{Role, ScopeId};
use super::record::{DeviceId, Id, MemberId, Record};

/// A record's place in the causal order: enough to tell whether one record
/// happened before another without the record itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Causal {
    /// The record's id.
    pub id: Id,
    /// Its device.
    pub device: DeviceId,
    /// Its seq on that device.
    pub seq: u64,
    /// What its writer had seen of other devices (sorted by device).
    pub seen: Vec<(DeviceId, u64)>,
    /// Its hybrid logical clock.
    pub clock: u64,
}

impl Causal {
    /// The causal place of `record`.
    pub fn of(record: &Record) -> Causal {
        Causal {
            id: record.id(),
            device: record.device,
            seq: record.seq,
            seen: record.seen.clone(),
            clock: record.clock,
        }
    }

    /// Whether this record happened before `other`.
    pub fn before(&self, other: &Causal) -> bool {
        super::record::happened_before(
            (&self.device, self.seq),
            (&other.device, other.seq, &other.seen),
        )
    }

    /// Neither happened before the other.
    pub fn concurrent(&self, other: &Causal) -> bool {
        self.id != other.id && !self.before(other) && !other.before(self)
    }

    /// A deterministic linear extension of the causal order: a record
    /// that happened before another always sorts first.
    pub(crate) fn order_key(&self) -> (u64, u64, Id) {
        let total = self
            .seen
            .iter()
            .fold(self.seq, |sum, (_, seq)| sum.saturating_add(*seq));
        (total, self.clock, self.id)
    }
}

/// An operation of a `member`, `slot` or `rekey` record (plaintext,
/// signed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberOp {
    /// A new member (the vault's first record adds its founder).
    Add {
        /// Its id.
        member: MemberId,
        /// Its name (the grammar of an owner id).
        name: String,
        /// Its public keys (IK and SK public halves, as the keys module
        /// encodes them).
        public: Vec<u8>,
        /// Its IK and SK secret halves, sealed under its user key.
        sealed: Vec<u8>,
        /// Whether it is a vault owner.
        owner: bool,
    },
    /// The member is removed: every later or concurrent record of theirs
    /// is invalid.
    Remove {
        /// The member.
        member: MemberId,
    },
    /// Makes a member a vault owner, or not.
    Owner {
        /// The member.
        member: MemberId,
        /// Owner or not.
        owner: bool,
    },
    /// A role on every scope but the private ones (`None`: revoked).
    All {
        /// The member.
        member: MemberId,
        /// The role, or none.
        role: Option<Role>,
    },
    /// Adds, replaces or removes one of a member's key slots.
    Slot {
        /// The member.
        member: MemberId,
        /// The slot's id.
        slot: [u8; 16],
        /// The slot it replaces, if any.
        replaces: Option<[u8; 16]>,
        /// The slot's bytes (as the keys module encodes them); `None`
        /// removes the slot.
        body: Option<Vec<u8>>,
    },
    /// The member's new keys (`passwd --rekey`), with a signature by the
    /// new signing key over the member id and both public keys.
    Rekey {
        /// The member.
        member: MemberId,
        /// New public keys.
        public: Vec<u8>,
        /// New secret halves, sealed under the new user key.
        sealed: Vec<u8>,
        /// The new signing key's signature.
        proof: Vec<u8>,
    },
}

mod code {
    pub const ADD: u8 = 1;
    pub const REMOVE: u8 = 2;
    pub const OWNER: u8 = 3;
    pub const ALL: u8 = 4;
    pub const SLOT: u8 = 5;
    pub const REKEY: u8 = 6;
}

impl MemberOp {
    /// The member the op is about.
    pub fn member(&self) -> &MemberId {
        match self {
            MemberOp::Add { member, .. }
            | MemberOp::Remove { member }
            | MemberOp::Owner { member, .. }
            | MemberOp::All { member, .. }
            | MemberOp::Slot { member, .. }
            | MemberOp::Rekey { member, .. } => member,
        }
    }

    /// Encodes a list of ops (a member record's body).
    pub fn encode_all(ops: &[MemberOp]) -> Vec<u8> {
        let mut w = Writer::default();
        w.u32(u32::try_from(ops.len()).expect("ops fit in u32"));
        for op in ops {
            match op {
                MemberOp::Add {
                    member,
                    name,
                    public,
                    sealed,
                    owner,
                } => {
                    w.u8(code::ADD);
                    w.bytes(member);
                    w.blob(name.as_bytes());
                    w.blob(public);
                    w.blob(sealed);
                    w.u8(u8::from(*owner));
                }
                MemberOp::Remove { member } => {
                    w.u8(code::REMOVE);
                    w.bytes(member);
                }
                MemberOp::Owner { member, owner } => {
                    w.u8(code::OWNER);
                    w.bytes(member);
                    w.u8(u8::from(*owner));
                }
                MemberOp::All { member, role } => {
                    w.u8(code::ALL);
                    w.bytes(member);
                    w.u8(role.map_or(0, Role::code));
                }
                MemberOp::Slot {
                    member,
                    slot,
                    replaces,
                    body,
                } => {
                    w.u8(code::SLOT);
                    w.bytes(member);
                    w.bytes(slot);
                    w.bytes(&replaces.unwrap_or([0; 16]));
                    match body {
                        Some(b) => {
                            w.u8(1);
                            w.blob(b);
                        }
                        None => w.u8(0),
                    }
                }
                MemberOp::Rekey {
                    member,
                    public,
                    sealed,
                    proof,
                } => {
                    w.u8(code::REKEY);
                    w.bytes(member);
                    w.blob(public);
                    w.blob(sealed);
                    w.blob(proof);
                }
            }
        }
        w.into_inner()
    }

    /// Parses a member record's body.
    pub fn decode_all(bytes: &[u8]) -> Result<Vec<MemberOp>, Malformed> {
        let mut r = Reader::new(bytes);
        let n = r.count(17)?;
        let mut ops = Vec::with_capacity(n);
        for _ in 0..n {
            let flag = |b: u8| match b {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(Malformed),
            };
            ops.push(match r.u8()? {
                code::ADD => MemberOp::Add {
                    member: r.array()?,
                    name: r.long_str()?.to_string(),
                    public: r.blob()?.to_vec(),
                    sealed: r.blob()?.to_vec(),
                    owner: flag(r.u8()?)?,
                },
                code::REMOVE => MemberOp::Remove { member: r.array()? },
                code::OWNER => MemberOp::Owner {
                    member: r.array()?,
                    owner: flag(r.u8()?)?,
                },
                code::ALL => MemberOp::All {
                    member: r.array()?,
                    role: match r.u8()? {
                        0 => None,
                        c => Some(Role::from_code(c).ok_or(Malformed)?),
                    },
                },
                code::SLOT => MemberOp::Slot {
                    member: r.array()?,
                    slot: r.array()?,
                    replaces: Some(r.array()?).filter(|s| *s != [0; 16]),
                    body: if flag(r.u8()?)? {
                        Some(r.blob()?.to_vec())
                    } else {
                        None
                    },
                },
                code::REKEY => MemberOp::Rekey {
                    member: r.array()?,
                    public: r.blob()?.to_vec(),
                    sealed: r.blob()?.to_vec(),
                    proof: r.blob()?.to_vec(),
                },
                _ => return Err(Malformed),
            });
        }
        if r.remaining() != 0 {
            return Err(Malformed);
        }
        Ok(ops)
    }
}

/// One membership record as replay sees it.
#[derive(Clone, Debug)]
pub struct MemberRecord {
    /// Its causal place.
    pub causal: Causal,
    /// Its author.
    pub author: MemberId,
    /// Whether its signature verified (checked by the caller against the
    /// author's signing key as of the record).
    pub signature_ok: bool,
    /// Its ops.
    pub ops: Vec<MemberOp>,
}

/// A member as the replay leaves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its name.
    pub name: String,
    /// Its current public keys.
    pub public: Vec<u8>,
    /// Its current sealed secret halves.
    pub sealed: Vec<u8>,
    /// A vault owner.
    pub owner: bool,
    /// Its `*` role.
    pub all: Option<Role>,
    /// Its key slots: slot id → bytes.
    pub slots: BTreeMap<[u8; 16], Vec<u8>>,
    /// Removed (its records after or concurrent with the removal are
    /// invalid).
    pub removed: bool,
}

/// Why a record was set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quarantine {
    /// Its signature does not verify.
    BadSignature,
    /// Its author was not a member (or not one yet).
    NotAMember,
    /// Its author lacked the authority for one of its ops.
    NotAllowed,
    /// Its author was removed before or concurrently.
    Removed,
}

/// The damage that makes a file unreadable, as opposed to a record that is
/// merely set aside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Founding {
    /// No founding record: nobody can be a member.
    Missing,
    /// More than one founding record.
    Ambiguous,
}

/// The membership of a vault, replayed.
#[derive(Clone, Debug, Default)]
pub struct Membership {
    /// Members by id (removed ones included, marked).
    pub members: BTreeMap<MemberId, Member>,
    /// Records set aside, with why.
    pub quarantined: BTreeMap<Id, Quarantine>,
    /// Each removal: the member and the removing record.
    removals: Vec<(MemberId, Causal)>,
}

impl Membership {
    /// Replays the membership records (in any order). The founding record
    /// is the one record whose author adds itself as a vault owner.
    pub fn replay(records: &[MemberRecord]) -> Result<Membership, Founding> {
        let founders: Vec<&MemberRecord> = records.iter().filter(|r| is_founding(r)).collect();
        match founders.len() {
            0 => return Err(Founding::Missing),
            1 => {}
            _ => return Err(Founding::Ambiguous),
        }
        let mut order: Vec<&MemberRecord> = records.iter().collect();
        order.sort_by_key(|r| r.causal.order_key());
        // A removal invalidates its member's records that did not happen
        // before it; which removals are valid depends on that in turn, so
        // replay until the set of removals settles (each round can only
        // shrink or grow it by what the last one decided; bounded).
        let mut removals: Vec<(MemberId, Causal)> = Vec::new();
        for _ in 0..=records.len() {
            let next = Membership::replay_once(&order, &removals);
            if next.removals == removals {
                return Ok(next);
            }
            removals = next.removals.clone();
        }
        Ok(Membership::replay_once(&order, &removals))
    }

    fn replay_once(order: &[&MemberRecord], removals: &[(MemberId, Causal)]) -> Membership {
        let mut m = Membership::default();
        // Owner flags and `*` roles: the lowest among concurrent heads wins.
        let mut owner_ops: BTreeMap<MemberId, Vec<(Causal, bool)>> = BTreeMap::new();
        let mut all_ops: BTreeMap<MemberId, Vec<(Causal, Option<Role>)>> = BTreeMap::new();
        for record in order {
            let id = record.causal.id;
            if !record.signature_ok {
                m.quarantined.insert(id, Quarantine::BadSignature);
                continue;
            }
            let founding = is_founding(record);
            if !founding {
                let Some(author) = m.members.get(&record.author) else {
                    m.quarantined.insert(id, Quarantine::NotAMember);
                    continue;
                };
                if removals
                    .iter()
                    .any(|(who, r)| *who == record.author && !record.causal.before(r))
                {
                    m.quarantined.insert(id, Quarantine::Removed);
                    continue;
                }
                let author_is_owner = author.owner;
                let allowed = record.ops.iter().all(|op| match op {
                    // A member manages its own slots and keys.
                    MemberOp::Slot { member, .. } | MemberOp::Rekey { member, .. } => {
                        *member == record.author || author_is_owner
                    }
                    _ => author_is_owner,
                });
                if !allowed {
                    m.quarantined.insert(id, Quarantine::NotAllowed);
                    continue;
                }
            }
            for op in &record.ops {
                match op {
                    MemberOp::Add {
                        member,
                        name,
                        public,
                        sealed,
                        owner,
                    } => {
                        // A member id is added once; a name names one
                        // live member.
                        let taken = m.members.values().any(|x| !x.removed && x.name == *name);
                        if !m.members.contains_key(member) && !taken {
                            m.members.insert(
                                *member,
                                Member {
                                    name: name.clone(),
                                    public: public.clone(),
                                    sealed: sealed.clone(),
                                    owner: *owner,
                                    all: None,
                                    slots: BTreeMap::new(),
                                    removed: false,
                                },
                            );
                            owner_ops
                                .entry(*member)
                                .or_default()
                                .push((record.causal.clone(), *owner));
                        }
                    }
                    MemberOp::Remove { member } => {
                        if let Some(x) = m.members.get_mut(member) {
                            x.removed = true;
                            m.removals.push((*member, record.causal.clone()));
                        }
                    }
                    MemberOp::Owner { member, owner } => owner_ops
                        .entry(*member)
                        .or_default()
                        .push((record.causal.clone(), *owner)),
                    MemberOp::All { member, role } => all_ops
                        .entry(*member)
                        .or_default()
                        .push((record.causal.clone(), *role)),
                    MemberOp::Slot {
                        member,
                        slot,
                        replaces,
                        body,
                    } => {
                        if let Some(x) = m.members.get_mut(member) {
                            if let Some(old) = replaces {
                                x.slots.remove(old);
                            }
                            match body {
                                Some(b) => {
                                    x.slots.insert(*slot, b.clone());
                                }
                                None => {
                                    x.slots.remove(slot);
                                }
                            }
                        }
                    }
                    MemberOp::Rekey {
                        member,
                        public,
                        sealed,
                        ..
                    } => {
                        if let Some(x) = m.members.get_mut(member) {
                            x.public.clone_from(public);
                            x.sealed.clone_from(sealed);
                        }
                    }
                }
            }
            for (member, ops) in &owner_ops {
                if let Some(x) = m.members.get_mut(member) {
                    x.owner = lowest_of_heads(ops, |o| *o);
                }
            }
            for (member, ops) in &all_ops {
                if let Some(x) = m.members.get_mut(member) {
                    x.all = lowest_of_heads(ops, |r| *r);
                }
            }
        }
        m.removals.sort_by_key(|(who, c)| (*who, c.order_key()));
        m
    }

    /// The live member called `name`.
    pub fn by_name(&self, name: &str) -> Option<(&MemberId, &Member)> {
        self.members
            .iter()
            .find(|(_, m)| !m.removed && m.name == name)
    }

    /// The record that removed `member`, if one did.
    pub fn removal_of(&self, member: &MemberId) -> Option<&Causal> {
        self.removals
            .iter()
            .find(|(who, _)| who == member)
            .map(|(_, r)| r)
    }

    /// Whether `member` is live and a vault owner.
    pub fn is_owner(&self, member: &MemberId) -> bool {
        self.members
            .get(member)
            .is_some_and(|m| !m.removed && m.owner)
    }

    /// Whether `member`'s record at `at` is invalidated by a removal that
    /// precedes it or is concurrent with it (D4).
    pub fn removed_at(&self, member: &MemberId, at: &Causal) -> bool {
        self.removals
            .iter()
            .any(|(who, r)| who == member && !at.before(r))
    }
}

fn is_founding(r: &MemberRecord) -> bool {
    r.causal.seen.is_empty()
        && r.causal.seq == 1
        && matches!(
            r.ops.as_slice(),
            [MemberOp::Add { member, owner: true, .. }, ..] if *member == r.author
        )
}

/// Among ops on one thing, the heads (no other op happened after them);
/// their lowest value wins, so a concurrent revoke beats a grant.
/// Ops of one record apply in order: a later op of the same record (a
/// grant of a lower role after the revoke of the higher one) supersedes
/// an earlier one rather than being concurrent with it.
fn lowest_of_heads<T, V: Ord + Default>(ops: &[(Causal, T)], value: impl Fn(&T) -> V) -> V {
    let heads: Vec<V> = ops
        .iter()
        .enumerate()
        .filter(|(i, (c, _))| {
            !ops.iter()
                .enumerate()
                .any(|(j, (other, _))| c.before(other) || (j > *i && other.id == c.id))
        })
        .map(|(_, (_, t))| value(t))
        .collect();
    heads.into_iter().min().unwrap_or_default()
}

/// One `grant` or `revoke` op of a scope (`role: None` for a revoke).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantOp {
    /// Its record's causal place.
    pub causal: Causal,
    /// The member.
    pub member: MemberId,
    /// The role set, or `None` for a revoke.
    pub role: Option<Role>,
}

/// A scope's grants, and who the scope is private to (`user/<member>`).
#[derive(Clone, Debug, Default)]
pub struct ScopeAccess {
    /// The scope.
    pub scope: ScopeId,
    /// The member whose private scope this is.
    pub private_to: Option<MemberId>,
    /// Every valid grant and revoke op of the scope.
    pub grants: Vec<GrantOp>,
}

impl ScopeAccess {
    /// `member`'s role on this scope, from the grants in `at`'s causal
    /// past (every grant when `at` is `None`), vault ownership and `*`
    /// grants (which do not reach a private scope); the higher of the
    /// scope's grant and the rest applies (D10). A removed member has none.
    pub fn role(
        &self,
        membership: &Membership,
        member: &MemberId,
        at: Option<&Causal>,
    ) -> Option<Role> {
        let m = membership.members.get(member)?;
        if m.removed && at.is_none_or(|at| membership.removed_at(member, at)) {
            return None;
        }
        let ops: Vec<(Causal, Option<Role>)> = self
            .grants
            .iter()
            .filter(|g| g.member == *member && at.is_none_or(|at| g.causal.before(at)))
            .map(|g| (g.causal.clone(), g.role))
            .collect();
        let granted = lowest_of_heads(&ops, |r| *r);
        if self.private_to.is_some() {
            let own = (self.private_to == Some(*member)).then_some(Role::Owner);
            return granted.max(own);
        }
        let vault = if m.owner { Some(Role::Owner) } else { m.all };
        granted.max(vault)
    }

    /// Whether a revoke of `member` on this scope is concurrent with `at`
    /// (then `at`'s ops by that member are invalid even if its past
    /// allowed them: D4).
    pub fn revoked_concurrently(&self, member: &MemberId, at: &Causal) -> bool {
        self.grants
            .iter()
            .any(|g| g.member == *member && g.role.is_none() && g.causal.concurrent(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn causal(id: u8, device: u8, seq: u64, seen: &[(u8, u64)]) -> Causal {
        Causal {
            id: [id; 32],
            device: [device; 16],
            seq,
            seen: seen.iter().map(|(d, s)| ([*d; 16], *s)).collect(),
            clock: u64::from(id),
        }
    }

    fn add(member: u8, name: &str, owner: bool) -> MemberOp {
        MemberOp::Add {
            member: [member; 16],
            name: name.into(),
            public: vec![member; 64],
            sealed: vec![],
            owner,
        }
    }

    fn rec(causal: Causal, author: u8, ops: Vec<MemberOp>) -> MemberRecord {
        MemberRecord {
            causal,
            author: [author; 16],
            signature_ok: true,
            ops,
        }
    }

    /// alice founds the vault on device 1 and adds bob (device 2 later).
    fn founded() -> Vec<MemberRecord> {
        vec![
            rec(causal(1, 1, 1, &[]), 1, vec![add(1, "alice", true)]),
            rec(causal(2, 1, 2, &[]), 1, vec![add(2, "bob", false)]),
        ]
    }

    #[test]
    fn member_ops_round_trip() {
        let ops = vec![
            add(1, "alice", true),
            MemberOp::Remove { member: [2; 16] },
            MemberOp::Owner {
                member: [3; 16],
                owner: true,
            },
            MemberOp::All {
                member: [3; 16],
                role: Some(Role::Read),
            },
            MemberOp::Slot {
                member: [3; 16],
                slot: [4; 16],
                replaces: Some([5; 16]),
                body: Some(vec![1, 2]),
            },
            MemberOp::Rekey {
                member: [3; 16],
                public: vec![1],
                sealed: vec![2],
                proof: vec![3],
            },
        ];
        let bytes = MemberOp::encode_all(&ops);
        assert_eq!(MemberOp::decode_all(&bytes), Ok(ops));
        for n in 0..bytes.len() {
            assert!(MemberOp::decode_all(&bytes[..n]).is_err(), "cut at {n}");
        }
    }

    #[test]
    fn the_founder_adds_members_and_a_non_owner_cannot() {
        let mut records = founded();
        records.push(rec(
            causal(3, 2, 1, &[(1, 2)]),
            2,
            vec![add(3, "eve", true)],
        ));
        let m = Membership::replay(&records).unwrap();
        assert!(m.is_owner(&[1; 16]));
        assert_eq!(m.by_name("bob").map(|(id, _)| *id), Some([2; 16]));
        assert!(m.by_name("eve").is_none());
        assert_eq!(m.quarantined.get(&[3; 32]), Some(&Quarantine::NotAllowed));
    }

    #[test]
    fn no_founder_or_two_founders_is_damage() {
        assert_eq!(
            Membership::replay(&founded()[1..]).unwrap_err(),
            Founding::Missing
        );
        let mut two = founded();
        two.push(rec(causal(9, 9, 1, &[]), 9, vec![add(9, "mallory", true)]));
        assert_eq!(Membership::replay(&two).unwrap_err(), Founding::Ambiguous);
    }

    #[test]
    fn a_removal_invalidates_the_removed_members_concurrent_and_later_records() {
        let mut records = founded();
        // bob's device 2 has seen alice's first two records.
        records.push(rec(
            causal(3, 2, 1, &[(1, 2)]),
            2,
            vec![MemberOp::Slot {
                member: [2; 16],
                slot: [7; 16],
                replaces: None,
                body: Some(vec![7]),
            }],
        ));
        // alice removes bob having seen that slot change…
        records.push(rec(
            causal(4, 1, 3, &[(2, 1)]),
            1,
            vec![MemberOp::Remove { member: [2; 16] }],
        ));
        // …while bob concurrently changes his slot again.
        records.push(rec(
            causal(5, 2, 2, &[(1, 2)]),
            2,
            vec![MemberOp::Slot {
                member: [2; 16],
                slot: [8; 16],
                replaces: None,
                body: Some(vec![8]),
            }],
        ));
        let m = Membership::replay(&records).unwrap();
        assert_eq!(m.quarantined.get(&[5; 32]), Some(&Quarantine::Removed));
        assert!(!m.quarantined.contains_key(&[3; 32]), "before the removal");
        assert!(m.members[&[2; 16]].removed);
        assert!(m.removed_at(&[2; 16], &causal(6, 2, 3, &[(1, 2)])));
        assert!(!m.removed_at(&[2; 16], &causal(3, 2, 1, &[(1, 2)])));
    }

    #[test]
    fn a_concurrent_revoke_beats_a_grant_and_private_scopes_ignore_vault_ownership() {
        let m = Membership::replay(&founded()).unwrap();
        let bob = [2; 16];
        let grant = GrantOp {
            causal: causal(10, 1, 5, &[]),
            member: bob,
            role: Some(Role::Write),
        };
        let revoke = GrantOp {
            causal: causal(11, 3, 1, &[]),
            member: bob,
            role: None,
        };
        let scope = ScopeAccess {
            scope: [1; 16],
            private_to: None,
            grants: vec![grant.clone(), revoke.clone()],
        };
        assert_eq!(scope.role(&m, &bob, None), None, "revoke wins");
        assert!(scope.revoked_concurrently(&bob, &causal(12, 1, 6, &[])));
        let granted = ScopeAccess {
            grants: vec![grant],
            ..scope.clone()
        };
        assert_eq!(granted.role(&m, &bob, None), Some(Role::Write));
        assert_eq!(
            granted.role(&m, &[1; 16], None),
            Some(Role::Owner),
            "vault owners own every scope"
        );
        let private = ScopeAccess {
            private_to: Some(bob),
            grants: vec![],
            ..scope
        };
        assert_eq!(
            private.role(&m, &[1; 16], None),
            None,
            "not bob's private scope"
        );
        assert_eq!(private.role(&m, &bob, None), Some(Role::Owner));
    }
}
