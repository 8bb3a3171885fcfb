//! What is current in one scope: a pure function of the scope's valid ops
//! (docs/format2-design.md §5.4).
//!
//! Nothing here is stored: every reader computes it the same way from the
//! same ops, in whatever order they arrive, so two copies that hold the
//! same records show the same secrets, heads, conflicts and version
//! numbers. Validity (signatures, authority) is decided before: only valid
//! ops come in.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use crate::secret_type::SecretType;

use super::ops::{Change, Op, OpName, SecretKey, ValueRef, VersionId};
use super::record::{Id, MemberId};

/// Where an op came from, and its place in the deterministic order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The op.
    pub op: OpName,
    /// Its record's hybrid logical clock.
    pub clock: u64,
    /// Its record's author.
    pub author: MemberId,
}

impl Stamp {
    /// The tie-breaking order: clock, then record id, then op index.
    fn key(&self) -> OrderKey {
        (self.clock, self.op.record, self.op.index)
    }
}

/// One version of a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Its id.
    pub id: VersionId,
    /// Its shown number (1-based), the same on every copy.
    pub number: u32,
    /// The versions it superseded.
    pub parents: Vec<VersionId>,
    /// When it was made (Unix seconds).
    pub created: i64,
    /// Where its value is (in the record of `stamp.op.record`).
    pub value: ValueRef,
    /// Non-secret fields.
    pub public: Vec<(String, String)>,
    /// Where the op came from.
    pub stamp: Stamp,
    /// A purge made it unreachable (it keeps its number).
    pub purged: bool,
    /// The secret it was sealed for (its value's AAD names it): another
    /// than the one it shows under once a resolve absorbed that secret.
    pub sealed_for: SecretKey,
}

/// Why a secret is in conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Conflict {
    /// Two or more heads: concurrent edits.
    Heads,
    /// Edited concurrently with a delete.
    EditDelete,
    /// Renamed concurrently.
    Rename,
    /// Another secret was created at the same path.
    SamePath,
}

/// A secret as it currently stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    /// Its id.
    pub id: SecretKey,
    /// Its path (of the latest path head when renames conflict).
    pub path: String,
    /// The path ops (create or renames) no other path op supersedes: what
    /// a rename names as superseded.
    pub path_heads: Vec<OpName>,
    /// Its type.
    pub kind: SecretType,
    /// Created (Unix seconds).
    pub created: i64,
    /// Last changed: its newest unpurged version.
    pub updated: i64,
    /// Description.
    pub description: Option<String>,
    /// Rotation period, seconds.
    pub rotate_every: Option<i64>,
    /// Expiry (Unix seconds).
    pub expires: Option<i64>,
    /// Every version, in shown order.
    pub versions: Vec<Version>,
    /// The heads, latest first.
    pub heads: Vec<VersionId>,
    /// Deleted: every head is covered by a tombstone.
    pub deleted: bool,
    /// The tombstones that count (not voided by a revive).
    pub tombstones: Vec<OpName>,
    /// Absorbed into another secret by a resolve.
    pub absorbed_into: Option<SecretKey>,
    /// Why it is in conflict, if it is.
    pub conflicts: Vec<Conflict>,
}

impl Secret {
    /// The latest head: what `get` prints.
    pub fn current(&self) -> Option<&Version> {
        let head = self.heads.first()?;
        self.versions.iter().find(|v| v.id == *head)
    }

    /// The version shown as `number`.
    pub fn version(&self, number: u32) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| v.number == number && !v.purged)
    }

    /// The version whose short id (8 hex digits, see [`short_id`]) is `short`.
    pub fn version_by_short_id(&self, short: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| !v.purged && short_id(&v.id).eq_ignore_ascii_case(short))
    }

    /// Whether it shows as live (not deleted, not absorbed).
    pub fn is_live(&self) -> bool {
        !self.deleted && self.absorbed_into.is_none()
    }
}

/// The short form of a version or secret id: its first 4 bytes in hex.
pub fn short_id(id: &[u8; 16]) -> String {
    id[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// One scope's secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Every secret ever created, live or not.
    pub secrets: BTreeMap<SecretKey, Secret>,
}

/// A `meta` op's changes: description, rotation period, expiry.
type MetaChange = (Stamp, Change<String>, Change<i64>, Change<i64>);
/// A place in the deterministic order: (clock, record id, op index).
type OrderKey = (u64, Id, u32);

#[derive(Default)]
struct Building {
    create: Option<(Stamp, String, SecretType, i64, u32)>,
    versions: Vec<Version>,
    meta: Vec<MetaChange>,
    paths: Vec<(Stamp, String, Vec<OpName>)>,
    tombstones: Vec<(OpName, Vec<VersionId>)>,
    revived: BTreeSet<OpName>,
    purged: BTreeSet<VersionId>,
    absorbed_into: Vec<(Stamp, SecretKey)>,
}

impl Scope {
    /// Folds the scope's valid ops, in any order.
    pub fn fold(ops: impl IntoIterator<Item = (Stamp, Op)>) -> Scope {
        let mut building: BTreeMap<SecretKey, Building> = BTreeMap::new();
        let mut absorbs: Vec<(Stamp, SecretKey, SecretKey)> = Vec::new();
        for (stamp, op) in ops {
            match op {
                Op::Create {
                    secret,
                    path,
                    kind,
                    created,
                    first_number,
                } => {
                    let b = building.entry(secret).or_default();
                    if b.create
                        .as_ref()
                        .is_none_or(|(s, ..)| stamp.key() < s.key())
                    {
                        b.create = Some((stamp, path, kind, created, first_number));
                    }
                }
                Op::Version {
                    secret,
                    version,
                    parents,
                    created,
                    value,
                    public,
                } => building.entry(secret).or_default().versions.push(Version {
                    id: version,
                    number: 0,
                    parents,
                    created,
                    value,
                    public,
                    stamp,
                    purged: false,
                    sealed_for: secret,
                }),
                Op::Meta {
                    secret,
                    description,
                    rotate_every,
                    expires,
                } => building.entry(secret).or_default().meta.push((
                    stamp,
                    description,
                    rotate_every,
                    expires,
                )),
                Op::Rename {
                    secret,
                    path,
                    supersedes,
                } => building
                    .entry(secret)
                    .or_default()
                    .paths
                    .push((stamp, path, supersedes)),
                Op::Tombstone { secret, heads } => building
                    .entry(secret)
                    .or_default()
                    .tombstones
                    .push((stamp.op, heads)),
                Op::Revive { secret, tombstones } => building
                    .entry(secret)
                    .or_default()
                    .revived
                    .extend(tombstones),
                Op::Purge {
                    secret, versions, ..
                } => building.entry(secret).or_default().purged.extend(versions),
                Op::Absorb { keep, absorbed } => absorbs.push((stamp, keep, absorbed)),
                Op::Scope { .. }
                | Op::Grant { .. }
                | Op::Revoke { .. }
                | Op::Epoch { .. }
                | Op::Dismiss { .. } => {}
            }
        }
        // An absorbed secret's versions join the kept one's DAG; the
        // earliest absorb of a secret wins, and a secret never absorbs
        // itself or one that absorbed it.
        absorbs.sort_by_key(|(stamp, ..)| stamp.key());
        for (stamp, keep, absorbed) in absorbs {
            if keep == absorbed
                || building
                    .get(&absorbed)
                    .is_none_or(|b| !b.absorbed_into.is_empty())
                || building
                    .get(&keep)
                    .is_none_or(|b| b.create.is_none() || !b.absorbed_into.is_empty())
            {
                continue;
            }
            let moved =
                std::mem::take(&mut building.get_mut(&absorbed).expect("checked above").versions);
            let b = building.get_mut(&absorbed).expect("checked above");
            b.absorbed_into.push((stamp, keep));
            let purged = b.purged.clone();
            let tombstones = b.tombstones.clone();
            let revived = b.revived.clone();
            let kept = building.get_mut(&keep).expect("checked above");
            kept.versions.extend(moved);
            kept.purged.extend(purged);
            kept.tombstones.extend(tombstones);
            kept.revived.extend(revived);
        }
        let secrets = building
            .into_iter()
            .filter_map(|(id, b)| finish(id, b).map(|s| (id, s)))
            .collect();
        let mut scope = Scope { secrets };
        scope.mark_same_paths();
        scope
    }

    /// The live secrets by path; more than one at a path is a conflict.
    pub fn live(&self) -> BTreeMap<&str, Vec<&Secret>> {
        let mut out: BTreeMap<&str, Vec<&Secret>> = BTreeMap::new();
        for s in self.secrets.values().filter(|s| s.is_live()) {
            out.entry(s.path.as_str()).or_default().push(s);
        }
        out
    }

    fn mark_same_paths(&mut self) {
        let crowded: Vec<SecretKey> = self
            .live()
            .values()
            .filter(|at| at.len() > 1)
            .flat_map(|at| at.iter().map(|s| s.id))
            .collect();
        for id in crowded {
            let s = self.secrets.get_mut(&id).expect("from the map");
            s.conflicts.push(Conflict::SamePath);
            s.conflicts.sort();
        }
    }
}

/// The secret a secret id's ops make, or `None` without a `create`.
fn finish(id: SecretKey, b: Building) -> Option<Secret> {
    let (create_stamp, first_path, kind, created, first_number) = b.create?;
    // Versions: one per id (a duplicate id keeps its first op by order),
    // numbered by a deterministic topological order.
    let mut by_id: HashMap<VersionId, Version> = HashMap::new();
    for v in b.versions {
        match by_id.get(&v.id) {
            Some(old) if old.stamp.key() <= v.stamp.key() => {}
            _ => {
                by_id.insert(v.id, v);
            }
        }
    }
    let mut versions = topological(by_id);
    for (i, v) in versions.iter_mut().enumerate() {
        v.number = u32::try_from(i)
            .ok()
            .and_then(|i| i.checked_add(first_number.max(1)))
            .unwrap_or(u32::MAX);
        v.purged = b.purged.contains(&v.id);
    }
    let parents: BTreeSet<VersionId> = versions
        .iter()
        .flat_map(|v| v.parents.iter().copied())
        .collect();
    let mut heads: Vec<&Version> = versions
        .iter()
        .filter(|v| !parents.contains(&v.id))
        .collect();
    heads.sort_by_key(|v| std::cmp::Reverse(v.stamp.key()));
    let heads: Vec<VersionId> = heads.into_iter().map(|v| v.id).collect();

    let mut conflicts = Vec::new();
    if heads.len() > 1 {
        conflicts.push(Conflict::Heads);
    }
    let tombstones: Vec<(OpName, Vec<VersionId>)> = b
        .tombstones
        .into_iter()
        .filter(|(name, _)| !b.revived.contains(name))
        .collect();
    let deleted = if tombstones.is_empty() {
        false
    } else {
        let covered = ancestors(
            &versions,
            tombstones.iter().flat_map(|(_, h)| h.iter().copied()),
        );
        if heads.iter().all(|h| covered.contains(h)) {
            true
        } else {
            conflicts.push(Conflict::EditDelete);
            false
        }
    };

    // Paths: the create is the first path op; heads are path ops no other
    // path op supersedes.
    let create_name = create_stamp.op;
    let mut paths = vec![(create_stamp, first_path, Vec::new())];
    paths.extend(b.paths);
    let superseded: BTreeSet<OpName> = paths
        .iter()
        .flat_map(|(_, _, s)| s.iter().copied())
        .collect();
    let mut path_heads: Vec<&(Stamp, String, Vec<OpName>)> = paths
        .iter()
        .filter(|(stamp, ..)| !superseded.contains(&stamp.op))
        .collect();
    path_heads.sort_by_key(|(stamp, ..)| std::cmp::Reverse(stamp.key()));
    if path_heads.len() > 1 {
        conflicts.push(Conflict::Rename);
    }
    let path_head_names: Vec<OpName> = path_heads.iter().map(|(s, ..)| s.op).collect();
    let path = path_heads
        .first()
        .map(|(_, p, _)| p.clone())
        .unwrap_or_else(|| {
            // Every path op superseded (a cycle): fall back to the create.
            paths
                .iter()
                .find(|(s, ..)| s.op == create_name)
                .map(|(_, p, _)| p.clone())
                .unwrap_or_default()
        });

    // Metadata: the last writer wins, per field.
    let mut meta = b.meta;
    meta.sort_by_key(|(stamp, ..)| stamp.key());
    let (mut description, mut rotate_every, mut expires) = (None, None, None);
    for (_, d, r, e) in meta {
        apply(&mut description, d);
        apply(&mut rotate_every, r);
        apply(&mut expires, e);
    }
    let updated = versions
        .iter()
        .filter(|v| !v.purged)
        .map(|v| v.created)
        .max()
        .unwrap_or(created);
    conflicts.sort();
    Some(Secret {
        id,
        path,
        path_heads: path_head_names,
        kind,
        created,
        updated,
        description,
        rotate_every,
        expires,
        versions,
        heads,
        deleted,
        tombstones: tombstones
            .iter()
            .map(|(name, _)| *name)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        absorbed_into: b.absorbed_into.first().map(|(_, keep)| *keep),
        conflicts,
    })
}

fn apply<T>(field: &mut Option<T>, change: Change<T>) {
    match change {
        Change::Keep => {}
        Change::Clear => *field = None,
        Change::Set(v) => *field = Some(v),
    }
}

/// Kahn's algorithm; among versions ready at once, the earliest by
/// (clock, record, index) first. Parents that are not here (purged from
/// an older copy, or never seen) do not hold a version back.
fn topological(mut by_id: HashMap<VersionId, Version>) -> Vec<Version> {
    let mut waiting: HashMap<VersionId, usize> = HashMap::new();
    let mut children: HashMap<VersionId, Vec<VersionId>> = HashMap::new();
    for v in by_id.values() {
        let known: BTreeSet<&VersionId> = v
            .parents
            .iter()
            .filter(|p| by_id.contains_key(*p))
            .collect();
        waiting.insert(v.id, known.len());
        for p in known {
            children.entry(*p).or_default().push(v.id);
        }
    }
    let mut ready: BinaryHeap<std::cmp::Reverse<(OrderKey, VersionId)>> = by_id
        .values()
        .filter(|v| waiting[&v.id] == 0)
        .map(|v| std::cmp::Reverse((v.stamp.key(), v.id)))
        .collect();
    let mut out = Vec::with_capacity(by_id.len());
    while let Some(std::cmp::Reverse((_, id))) = ready.pop() {
        for child in children.remove(&id).unwrap_or_default() {
            let n = waiting.get_mut(&child).expect("every version waits");
            *n -= 1;
            if *n == 0 {
                ready.push(std::cmp::Reverse((by_id[&child].stamp.key(), child)));
            }
        }
        out.push(by_id.remove(&id).expect("popped once"));
    }
    // A parent cycle (only forged records make one): what is left, in order.
    let mut rest: Vec<Version> = by_id.into_values().collect();
    rest.sort_by_key(|v| (v.stamp.key(), v.id));
    out.extend(rest);
    out
}

/// `from` and every version they descend from.
fn ancestors(
    versions: &[Version],
    from: impl IntoIterator<Item = VersionId>,
) -> BTreeSet<VersionId> {
    let parents: HashMap<VersionId, &Vec<VersionId>> =
        versions.iter().map(|v| (v.id, &v.parents)).collect();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<VersionId> = from.into_iter().collect();
    while let Some(id) = stack.pop() {
        if seen.insert(id)
            && let Some(ps) = parents.get(&id)
        {
            stack.extend(ps.iter().copied());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn stamp(clock: u64, record: u8, index: u32) -> Stamp {
        Stamp {
            op: OpName {
                record: [record; 32],
                index,
            },
            clock,
            author: [1; 16],
        }
    }

    fn create(secret: u8, path: &str) -> Op {
        Op::Create {
            secret: [secret; 16],
            path: path.into(),
            kind: SecretType::Variable,
            created: 1,
            first_number: 1,
        }
    }

    fn version(secret: u8, id: u8, parents: &[u8], created: i64) -> Op {
        Op::Version {
            secret: [secret; 16],
            version: [id; 16],
            parents: parents.iter().map(|p| [*p; 16]).collect(),
            created,
            value: ValueRef { part: 0, epoch: 1 },
            public: vec![],
        }
    }

    fn numbers(s: &Secret) -> Vec<(u8, u32)> {
        s.versions.iter().map(|v| (v.id[0], v.number)).collect()
    }

    #[test]
    fn a_chain_of_versions_has_one_head_and_numbers_in_order() {
        let scope = Scope::fold([
            (stamp(1, 1, 0), create(1, "db")),
            (stamp(1, 1, 1), version(1, 10, &[], 1)),
            (stamp(2, 2, 0), version(1, 11, &[10], 2)),
            (stamp(3, 3, 0), version(1, 12, &[11], 3)),
        ]);
        let s = &scope.secrets[&[1; 16]];
        assert_eq!(numbers(s), vec![(10, 1), (11, 2), (12, 3)]);
        assert_eq!(s.heads, vec![[12; 16]]);
        assert!(s.conflicts.is_empty() && s.is_live());
        assert_eq!(s.current().unwrap().id, [12; 16]);
        assert_eq!(s.updated, 3);
    }

    #[test]
    fn concurrent_edits_are_two_heads_and_a_conflict_until_resolved() {
        let base = [
            (stamp(1, 1, 0), create(1, "db")),
            (stamp(1, 1, 1), version(1, 10, &[], 1)),
            (stamp(5, 2, 0), version(1, 11, &[10], 2)),
            (stamp(4, 3, 0), version(1, 12, &[10], 3)),
        ];
        let s = Scope::fold(base.clone()).secrets[&[1; 16]].clone();
        assert_eq!(s.conflicts, vec![Conflict::Heads]);
        assert_eq!(s.heads, vec![[11; 16], [12; 16]], "latest clock first");
        let mut resolved = base.to_vec();
        resolved.push((stamp(6, 4, 0), version(1, 13, &[11, 12], 4)));
        let s = &Scope::fold(resolved).secrets[&[1; 16]];
        assert!(s.conflicts.is_empty());
        assert_eq!(s.heads, vec![[13; 16]]);
        assert_eq!(s.versions.len(), 4, "both edits are kept");
    }

    #[test]
    fn a_delete_covers_what_it_saw_and_an_edit_it_did_not_see_conflicts() {
        let base = vec![
            (stamp(1, 1, 0), create(1, "db")),
            (stamp(1, 1, 1), version(1, 10, &[], 1)),
            (
                stamp(2, 2, 0),
                Op::Tombstone {
                    secret: [1; 16],
                    heads: vec![[10; 16]],
                },
            ),
        ];
        assert!(Scope::fold(base.clone()).secrets[&[1; 16]].deleted);
        let mut edited = base;
        edited.push((stamp(2, 3, 0), version(1, 11, &[10], 2)));
        let s = &Scope::fold(edited).secrets[&[1; 16]];
        assert!(!s.deleted && s.is_live());
        assert_eq!(s.conflicts, vec![Conflict::EditDelete]);
    }

    #[test]
    fn one_path_created_twice_is_a_conflict_until_absorbed() {
        let base = vec![
            (stamp(1, 1, 0), create(1, "db")),
            (stamp(1, 1, 1), version(1, 10, &[], 1)),
            (stamp(1, 2, 0), create(2, "db")),
            (stamp(1, 2, 1), version(2, 20, &[], 1)),
        ];
        let scope = Scope::fold(base.clone());
        assert_eq!(scope.live()["db"].len(), 2);
        assert!(
            scope
                .secrets
                .values()
                .all(|s| s.conflicts == vec![Conflict::SamePath])
        );
        let mut resolved = base;
        resolved.push((
            stamp(2, 3, 0),
            Op::Absorb {
                keep: [1; 16],
                absorbed: [2; 16],
            },
        ));
        resolved.push((stamp(2, 3, 1), version(1, 11, &[10, 20], 2)));
        let scope = Scope::fold(resolved);
        let live = scope.live();
        assert_eq!(live["db"].len(), 1);
        let kept = live["db"][0];
        assert!(kept.conflicts.is_empty(), "{kept:?}");
        assert_eq!(kept.versions.len(), 3, "the absorbed value is a version");
    }

    #[test]
    fn renames_follow_supersedes_and_concurrent_renames_conflict() {
        let created = stamp(1, 1, 0);
        let base = vec![
            (created, create(1, "old")),
            (stamp(1, 1, 1), version(1, 10, &[], 1)),
            (
                stamp(2, 2, 0),
                Op::Rename {
                    secret: [1; 16],
                    path: "new".into(),
                    supersedes: vec![created.op],
                },
            ),
        ];
        let s = Scope::fold(base.clone()).secrets[&[1; 16]].clone();
        assert_eq!(s.path, "new");
        assert!(s.conflicts.is_empty());
        let mut both = base;
        both.push((
            stamp(3, 3, 0),
            Op::Rename {
                secret: [1; 16],
                path: "other".into(),
                supersedes: vec![created.op],
            },
        ));
        let s = &Scope::fold(both).secrets[&[1; 16]];
        assert_eq!(s.path, "other", "the latest rename shows");
        assert_eq!(s.conflicts, vec![Conflict::Rename]);
    }

    #[test]
    fn metadata_is_last_writer_wins_per_field_and_purges_keep_numbers() {
        let meta = |clock, d: Change<String>, r: Change<i64>| {
            (
                stamp(clock, clock as u8 + 10, 0),
                Op::Meta {
                    secret: [1; 16],
                    description: d,
                    rotate_every: r,
                    expires: Change::Keep,
                },
            )
        };
        let scope = Scope::fold([
            (stamp(1, 1, 0), create(1, "db")),
            (stamp(1, 1, 1), version(1, 10, &[], 1)),
            (stamp(2, 2, 0), version(1, 11, &[10], 2)),
            meta(5, Change::Set("late".into()), Change::Keep),
            meta(3, Change::Set("early".into()), Change::Set(60)),
            (
                stamp(6, 6, 0),
                Op::Purge {
                    secret: [1; 16],
                    versions: vec![[10; 16]],
                    parts: vec![],
                },
            ),
        ]);
        let s = &scope.secrets[&[1; 16]];
        assert_eq!(s.description.as_deref(), Some("late"));
        assert_eq!(s.rotate_every, Some(60));
        assert!(s.version(1).is_none(), "purged");
        assert_eq!(s.version(2).map(|v| v.id), Some([11; 16]));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// The fold is a function of the set of ops: any order gives the
        /// same scope.
        #[test]
        fn the_order_ops_arrive_in_does_not_matter(
            edits in proptest::collection::vec((0u8..3, 0u8..6, proptest::collection::vec(0u8..6, 0..3), 1u64..9), 1..20),
            seed in any::<u64>(),
        ) {
            let mut ops = vec![];
            for s in 0..3u8 {
                ops.push((stamp(0, 200 + s, 0), create(s, if s == 2 { "a" } else { "b" })));
            }
            for (i, (secret, id, parents, clock)) in edits.into_iter().enumerate() {
                let op = if id == 5 {
                    Op::Tombstone { secret: [secret; 16], heads: parents.iter().map(|p| [*p; 16]).collect() }
                } else {
                    version(secret, id + secret * 10, &parents.iter().map(|p| p + secret * 10).collect::<Vec<_>>(), clock as i64)
                };
                ops.push((stamp(clock, i as u8, 0), op));
            }
            let forward = Scope::fold(ops.clone());
            let mut shuffled = ops;
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(Scope::fold(shuffled), forward);
        }
    }
}
