//! The operations a transaction's ops part carries for one scope
//! (docs/format2-design.md §5.1), and their bytes.
//!
//! An ops part is sealed under the scope's names key by the caller; this
//! module only encodes and decodes its plaintext, for hostile input.

use crate::secret_type::SecretType;
use crate::vault::codec::{Malformed, Reader, Writer};

use super::record::{Id, MemberId};

/// A secret's id: random, fixed for the secret's life (paths can change).
pub type SecretKey = [u8; 16];
/// A version's id: random per version.
pub type VersionId = [u8; 16];
/// A scope's id: random; the owner id is inside its `scope` op.
pub type ScopeId = [u8; 16];

/// Where an op stands: its record and its index in the ops part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpName {
    /// The record holding it.
    pub record: Id,
    /// Its index among the record's ops for that scope.
    pub index: u32,
}

/// A change to one optional metadata field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change<T> {
    /// Left as it is.
    Keep,
    /// Cleared.
    Clear,
    /// Set to a value.
    Set(T),
}

/// A role on a scope, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Sees that secrets exist, never their values.
    Read = 1,
    /// Sees and changes values.
    Write = 2,
    /// Write, plus grant and revoke.
    Owner = 3,
}

impl Role {
    /// The role's byte.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The role of a byte.
    pub fn from_code(code: u8) -> Option<Role> {
        match code {
            1 => Some(Role::Read),
            2 => Some(Role::Write),
            3 => Some(Role::Owner),
            _ => None,
        }
    }
}

/// Where a version's value is: a part of a record, sealed under the
/// values key of `epoch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueRef {
    /// The part's index in the record that holds this op.
    pub part: u32,
    /// The epoch whose values key sealed it.
    pub epoch: u32,
}

/// One operation on a scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// A secret comes to exist at `path`.
    Create {
        /// The new secret's id.
        secret: SecretKey,
        /// Its path within the scope.
        path: String,
        /// Its type.
        kind: SecretType,
        /// When (Unix seconds).
        created: i64,
        /// The number its first version shows as (1, or higher for a
        /// secret carried over from an export or a format-1 vault, so
        /// that version numbers users know stay the same).
        first_number: u32,
    },
    /// A new value; `parents` are the heads it supersedes.
    Version {
        /// The secret.
        secret: SecretKey,
        /// This version's id.
        version: VersionId,
        /// The versions it supersedes.
        parents: Vec<VersionId>,
        /// When (Unix seconds).
        created: i64,
        /// Where the value is.
        value: ValueRef,
        /// Non-secret fields, readable with the names key (D11).
        public: Vec<(String, String)>,
    },
    /// Metadata; the last writer wins per field.
    Meta {
        /// The secret.
        secret: SecretKey,
        /// Description.
        description: Change<String>,
        /// Rotation period, seconds.
        rotate_every: Change<i64>,
        /// Expiry, Unix seconds.
        expires: Change<i64>,
    },
    /// A rename within the scope (D12).
    Rename {
        /// The secret.
        secret: SecretKey,
        /// The new path.
        path: String,
        /// The path ops (create or rename) it supersedes.
        supersedes: Vec<OpName>,
    },
    /// A delete as of `heads`.
    Tombstone {
        /// The secret.
        secret: SecretKey,
        /// The heads the deleter saw.
        heads: Vec<VersionId>,
    },
    /// Keeps a secret that was deleted concurrently with an edit
    /// (`resolve --pick` of an edit/delete conflict): the named
    /// tombstones no longer count.
    Revive {
        /// The secret.
        secret: SecretKey,
        /// The tombstone ops it voids.
        tombstones: Vec<OpName>,
    },
    /// A deliberate loss of versions (D5): writers drop their value parts.
    Purge {
        /// The secret.
        secret: SecretKey,
        /// The versions lost.
        versions: Vec<VersionId>,
        /// Their value parts: (record id, part index).
        parts: Vec<(Id, u32)>,
    },
    /// `resolve --pick` of one path created twice: `absorbed`'s versions
    /// become versions of `keep`, and `absorbed` is gone.
    Absorb {
        /// The secret kept.
        keep: SecretKey,
        /// The secret absorbed.
        absorbed: SecretKey,
    },
    /// The scope's first op: whose it is.
    Scope {
        /// Owner type (`organization`, `project`, `user`).
        owner_type: String,
        /// Owner id.
        owner_id: String,
    },
    /// Sets a member's role on the scope.
    Grant {
        /// The member.
        member: MemberId,
        /// The role.
        role: Role,
    },
    /// Removes a member's role on the scope.
    Revoke {
        /// The member.
        member: MemberId,
    },
    /// `verify --purge`: a vault owner ends the records set aside (their
    /// author lacked the grant, or their signature fails) in this scope.
    /// They are no longer reported, and writers drop their value parts for
    /// the scope (envelopes and ops stay: each device's records form a
    /// chain).
    Dismiss {
        /// The records.
        records: Vec<super::record::Id>,
    },
    /// The scope moves to new keys; `chain` is the part holding the
    /// previous epoch's keys sealed under the new ones.
    Epoch {
        /// The new epoch.
        epoch: u32,
        /// The part with the chained keys.
        chain: u32,
    },
}

/// The plaintext of one ops part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpsPart {
    /// The scope.
    pub scope: ScopeId,
    /// The epoch whose names key seals this part.
    pub epoch: u32,
    /// The ops, in order.
    pub ops: Vec<Op>,
}

mod code {
    pub const CREATE: u8 = 1;
    pub const VERSION: u8 = 2;
    pub const META: u8 = 3;
    pub const RENAME: u8 = 4;
    pub const TOMBSTONE: u8 = 5;
    pub const PURGE: u8 = 6;
    pub const ABSORB: u8 = 7;
    pub const SCOPE: u8 = 8;
    pub const GRANT: u8 = 9;
    pub const REVOKE: u8 = 10;
    pub const EPOCH: u8 = 11;
    pub const REVIVE: u8 = 12;
    pub const DISMISS: u8 = 13;
}

impl OpsPart {
    /// Its bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(&self.scope);
        w.u32(self.epoch);
        w.u32(u32::try_from(self.ops.len()).expect("ops fit in u32"));
        for op in &self.ops {
            encode_op(&mut w, op);
        }
        w.into_inner()
    }

    /// Parses an ops part.
    pub fn decode(bytes: &[u8]) -> Result<OpsPart, Malformed> {
        let mut r = Reader::new(bytes);
        let scope = r.array()?;
        let epoch = r.u32()?;
        let n = r.count(1)?;
        let ops = (0..n)
            .map(|_| decode_op(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        if r.remaining() != 0 {
            return Err(Malformed);
        }
        Ok(OpsPart { scope, epoch, ops })
    }
}

fn ids<const N: usize>(w: &mut Writer, ids: &[[u8; N]]) {
    w.u32(u32::try_from(ids.len()).expect("ids fit in u32"));
    for id in ids {
        w.bytes(id);
    }
}

fn read_ids<const N: usize>(r: &mut Reader<'_>) -> Result<Vec<[u8; N]>, Malformed> {
    let n = r.count(N)?;
    (0..n).map(|_| r.array()).collect()
}

fn op_names(w: &mut Writer, names: &[OpName]) {
    w.u32(u32::try_from(names.len()).expect("ops fit in u32"));
    for name in names {
        w.bytes(&name.record);
        w.u32(name.index);
    }
}

fn read_op_names(r: &mut Reader<'_>) -> Result<Vec<OpName>, Malformed> {
    let n = r.count(36)?;
    (0..n)
        .map(|_| {
            Ok(OpName {
                record: r.array()?,
                index: r.u32()?,
            })
        })
        .collect()
}

fn change<T>(w: &mut Writer, c: &Change<T>, put: impl Fn(&mut Writer, &T)) {
    match c {
        Change::Keep => w.u8(0),
        Change::Clear => w.u8(1),
        Change::Set(v) => {
            w.u8(2);
            put(w, v);
        }
    }
}

fn read_change<'a, T>(
    r: &mut Reader<'a>,
    get: impl Fn(&mut Reader<'a>) -> Result<T, Malformed>,
) -> Result<Change<T>, Malformed> {
    match r.u8()? {
        0 => Ok(Change::Keep),
        1 => Ok(Change::Clear),
        2 => Ok(Change::Set(get(r)?)),
        _ => Err(Malformed),
    }
}

pub(super) fn encode_op(w: &mut Writer, op: &Op) {
    match op {
        Op::Create {
            secret,
            path,
            kind,
            created,
            first_number,
        } => {
            w.u8(code::CREATE);
            w.bytes(secret);
            w.blob(path.as_bytes());
            w.u8(kind.code());
            w.i64(*created);
            w.u32(*first_number);
        }
        Op::Version {
            secret,
            version,
            parents,
            created,
            value,
            public,
        } => {
            w.u8(code::VERSION);
            w.bytes(secret);
            w.bytes(version);
            ids(w, parents);
            w.i64(*created);
            w.u32(value.part);
            w.u32(value.epoch);
            w.u32(u32::try_from(public.len()).expect("fields fit in u32"));
            for (name, value) in public {
                w.blob(name.as_bytes());
                w.blob(value.as_bytes());
            }
        }
        Op::Meta {
            secret,
            description,
            rotate_every,
            expires,
        } => {
            w.u8(code::META);
            w.bytes(secret);
            change(w, description, |w, d| w.blob(d.as_bytes()));
            change(w, rotate_every, |w, v| w.i64(*v));
            change(w, expires, |w, v| w.i64(*v));
        }
        Op::Rename {
            secret,
            path,
            supersedes,
        } => {
            w.u8(code::RENAME);
            w.bytes(secret);
            w.blob(path.as_bytes());
            op_names(w, supersedes);
        }
        Op::Revive { secret, tombstones } => {
            w.u8(code::REVIVE);
            w.bytes(secret);
            op_names(w, tombstones);
        }
        Op::Tombstone { secret, heads } => {
            w.u8(code::TOMBSTONE);
            w.bytes(secret);
            ids(w, heads);
        }
        Op::Purge {
            secret,
            versions,
            parts,
        } => {
            w.u8(code::PURGE);
            w.bytes(secret);
            ids(w, versions);
            w.u32(u32::try_from(parts.len()).expect("parts fit in u32"));
            for (record, part) in parts {
                w.bytes(record);
                w.u32(*part);
            }
        }
        Op::Absorb { keep, absorbed } => {
            w.u8(code::ABSORB);
            w.bytes(keep);
            w.bytes(absorbed);
        }
        Op::Scope {
            owner_type,
            owner_id,
        } => {
            w.u8(code::SCOPE);
            w.blob(owner_type.as_bytes());
            w.blob(owner_id.as_bytes());
        }
        Op::Grant { member, role } => {
            w.u8(code::GRANT);
            w.bytes(member);
            w.u8(role.code());
        }
        Op::Revoke { member } => {
            w.u8(code::REVOKE);
            w.bytes(member);
        }
        Op::Dismiss { records } => {
            w.u8(code::DISMISS);
            ids(w, records);
        }
        Op::Epoch { epoch, chain } => {
            w.u8(code::EPOCH);
            w.u32(*epoch);
            w.u32(*chain);
        }
    }
}

fn string(r: &mut Reader<'_>) -> Result<String, Malformed> {
    Ok(r.long_str()?.to_string())
}

pub(super) fn decode_op(r: &mut Reader<'_>) -> Result<Op, Malformed> {
    Ok(match r.u8()? {
        code::CREATE => Op::Create {
            secret: r.array()?,
            path: string(r)?,
            kind: SecretType::from_code(r.u8()?).ok_or(Malformed)?,
            created: r.i64()?,
            first_number: r.u32()?,
        },
        code::VERSION => {
            let secret = r.array()?;
            let version = r.array()?;
            let parents = read_ids(r)?;
            let created = r.i64()?;
            let value = ValueRef {
                part: r.u32()?,
                epoch: r.u32()?,
            };
            let n = r.count(8)?;
            let public = (0..n)
                .map(|_| Ok((string(r)?, string(r)?)))
                .collect::<Result<Vec<_>, Malformed>>()?;
            Op::Version {
                secret,
                version,
                parents,
                created,
                value,
                public,
            }
        }
        code::META => Op::Meta {
            secret: r.array()?,
            description: read_change(r, string)?,
            rotate_every: read_change(r, |r| r.i64())?,
            expires: read_change(r, |r| r.i64())?,
        },
        code::RENAME => {
            let secret = r.array()?;
            let path = string(r)?;
            let supersedes = read_op_names(r)?;
            Op::Rename {
                secret,
                path,
                supersedes,
            }
        }
        code::REVIVE => {
            let secret = r.array()?;
            let tombstones = read_op_names(r)?;
            Op::Revive { secret, tombstones }
        }
        code::TOMBSTONE => Op::Tombstone {
            secret: r.array()?,
            heads: read_ids(r)?,
        },
        code::PURGE => {
            let secret = r.array()?;
            let versions = read_ids(r)?;
            let n = r.count(36)?;
            let parts = (0..n)
                .map(|_| Ok((r.array()?, r.u32()?)))
                .collect::<Result<Vec<_>, Malformed>>()?;
            Op::Purge {
                secret,
                versions,
                parts,
            }
        }
        code::ABSORB => Op::Absorb {
            keep: r.array()?,
            absorbed: r.array()?,
        },
        code::SCOPE => Op::Scope {
            owner_type: string(r)?,
            owner_id: string(r)?,
        },
        code::GRANT => Op::Grant {
            member: r.array()?,
            role: Role::from_code(r.u8()?).ok_or(Malformed)?,
        },
        code::REVOKE => Op::Revoke { member: r.array()? },
        code::EPOCH => Op::Epoch {
            epoch: r.u32()?,
            chain: r.u32()?,
        },
        code::DISMISS => Op::Dismiss {
            records: read_ids(r)?,
        },
        _ => return Err(Malformed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> OpsPart {
        OpsPart {
            scope: [1; 16],
            epoch: 2,
            ops: vec![
                Op::Scope {
                    owner_type: "project".into(),
                    owner_id: "atlas".into(),
                },
                Op::Create {
                    secret: [2; 16],
                    path: "connect/S3/prod".into(),
                    kind: SecretType::S3,
                    created: 10,
                    first_number: 1,
                },
                Op::Version {
                    secret: [2; 16],
                    version: [3; 16],
                    parents: vec![[4; 16]],
                    created: 11,
                    value: ValueRef { part: 1, epoch: 2 },
                    public: vec![("region".into(), "eu-west-1".into())],
                },
                Op::Meta {
                    secret: [2; 16],
                    description: Change::Set("prod bucket".into()),
                    rotate_every: Change::Clear,
                    expires: Change::Keep,
                },
                Op::Rename {
                    secret: [2; 16],
                    path: "connect/S3/main".into(),
                    supersedes: vec![OpName {
                        record: [5; 32],
                        index: 1,
                    }],
                },
                Op::Tombstone {
                    secret: [2; 16],
                    heads: vec![[3; 16]],
                },
                Op::Revive {
                    secret: [2; 16],
                    tombstones: vec![OpName {
                        record: [9; 32],
                        index: 4,
                    }],
                },
                Op::Purge {
                    secret: [2; 16],
                    versions: vec![[3; 16]],
                    parts: vec![([6; 32], 1)],
                },
                Op::Absorb {
                    keep: [2; 16],
                    absorbed: [7; 16],
                },
                Op::Grant {
                    member: [8; 16],
                    role: Role::Write,
                },
                Op::Revoke { member: [8; 16] },
                Op::Dismiss {
                    records: vec![[4; 32], [5; 32]],
                },
                Op::Epoch { epoch: 3, chain: 2 },
            ],
        }
    }

    #[test]
    fn every_op_round_trips() {
        let part = sample();
        assert_eq!(OpsPart::decode(&part.encode()), Ok(part));
    }

    #[test]
    fn truncated_or_extended_ops_are_refused() {
        let bytes = sample().encode();
        for n in 0..bytes.len() {
            assert_eq!(OpsPart::decode(&bytes[..n]), Err(Malformed), "cut at {n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(OpsPart::decode(&longer), Err(Malformed));
    }

    #[test]
    fn roles_order_read_below_write_below_owner() {
        assert!(Role::Read < Role::Write && Role::Write < Role::Owner);
        for role in [Role::Read, Role::Write, Role::Owner] {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code(0), None);
    }
}
