//! Records, checkpoints and pages: their bytes and their ids.
//!
//! Every item is immutable and named by the SHA-256 of its bytes, so two
//! copies that hold the same item hold the same bytes, and a merge is a
//! union by id. Parsing is for hostile input: every count is bounded by the
//! bytes that remain, and every part is checked against the hash its
//! envelope pins.

use sha2::{Digest, Sha256};

use crate::vault::codec::{Malformed, Reader, Writer};

/// A 32-byte id: the SHA-256 of an item's bytes.
pub type Id = [u8; 32];
/// A member's id (16 random bytes, from its member record).
pub type MemberId = [u8; 16];
/// A device id: random per (machine, vault path).
pub type DeviceId = [u8; 16];
/// A scope tag: keyed, per scope and epoch (docs/format2-design.md §2).
pub type Tag = [u8; 16];

/// Ed25519 signature length.
pub const SIG_LEN: usize = 64;

/// The SHA-256 of `bytes`.
pub fn hash(bytes: &[u8]) -> Id {
    Sha256::digest(bytes).into()
}

/// Kinds of primary records. The high bit marks a kind a reader must
/// understand (critical); a reader that meets an unknown critical kind
/// refuses the file, an unknown non-critical one is carried untouched.
pub mod kind {
    /// A member: added, removed, made a vault owner or not.
    pub const MEMBER: u8 = 0x81;
    /// A member's key slot (names the slot it replaces).
    pub const SLOT: u8 = 0x82;
    /// A transaction: one write's ops on one or more scopes.
    pub const TXN: u8 = 0x83;
    /// A member's new keys, signed by the old and the new signing key.
    pub const REKEY: u8 = 0x84;
    /// A transaction that also changes access: creates a scope, grants,
    /// revokes, or moves a scope to a new epoch (it carries deliveries).
    pub const ACCESS: u8 = 0x85;
    /// Whether a reader must understand `kind` to read the file.
    pub fn is_critical(kind: u8) -> bool {
        kind & 0x80 != 0
    }
    /// Whether records of `kind` change membership or access (the
    /// membership rows index them so readers never scan the whole record
    /// table to learn who holds which keys).
    pub fn is_membership(kind: u8) -> bool {
        matches!(kind, MEMBER | SLOT | REKEY | ACCESS)
    }
}

/// One part of a record, as its envelope describes it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartRef {
    /// What the part holds (meaningful to readers with keys).
    pub kind: u8,
    /// Which of the record's tags the part belongs to (`0xff`: none).
    pub tag: u8,
    /// Its length.
    pub len: u32,
    /// Its SHA-256.
    pub hash: Id,
}

/// A primary record: an envelope in the clear, the author's signature over
/// it, and its parts (each pinned by its hash in the envelope).
///
/// The record's id covers the envelope and the signature, not the parts'
/// bytes (the envelope pins those by hash). So a part can be dropped, when a
/// purge makes it unreachable (D5), without changing the record's id: the
/// stored record then marks that part absent. A merge keeps a part that any
/// copy still has (see [`Record::absorb`]); only writers, who can check a
/// purge's authority, drop parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Record kind (see [`kind`]).
    pub kind: u8,
    /// Who wrote it.
    pub author: MemberId,
    /// Which device wrote it.
    pub device: DeviceId,
    /// Per-device sequence number, from 1, without gaps.
    pub seq: u64,
    /// The id of the device's record `seq − 1` (zeros for the first).
    pub prev: Id,
    /// Hybrid logical clock (ms << 16 | counter).
    pub clock: u64,
    /// What the writer had seen of other devices: a vector clock of
    /// (device, highest seq), sorted by device, without this record's own
    /// device (its `prev` says that). `a` happened before `b` exactly when
    /// `b.seen` (or `b`'s own chain) covers `a`'s (device, seq).
    pub seen: Vec<(DeviceId, u64)>,
    /// The scope tags this record touches, sorted.
    pub tags: Vec<Tag>,
    /// The parts, as the envelope pins them.
    pub parts: Vec<PartRef>,
    /// Ed25519 over the SHA-256 of the envelope.
    pub signature: [u8; SIG_LEN],
    /// Each part's bytes, `None` where the part was purged.
    pub data: Vec<Option<Vec<u8>>>,
}

/// Bytes of a part-table row.
const PART_ROW: usize = 1 + 1 + 4 + 32;

impl Record {
    /// A stand-in for a record whose head was not read: its row's kind,
    /// device and seq, and nothing else (no tags, no parts).
    pub(super) fn stub(kind: u8, device: DeviceId, seq: u64) -> Record {
        Record {
            kind,
            author: [0; 16],
            device,
            seq,
            prev: [0; 32],
            clock: 0,
            seen: vec![],
            tags: vec![],
            parts: vec![],
            signature: [0; SIG_LEN],
            data: vec![],
        }
    }

    /// The envelope's bytes: what the signature covers (through its hash).
    pub fn envelope(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(128 + self.parts.len() * PART_ROW);
        w.u8(self.kind);
        w.bytes(&self.author);
        w.bytes(&self.device);
        w.u64(self.seq);
        w.bytes(&self.prev);
        w.u64(self.clock);
        w.u16(u16::try_from(self.seen.len()).expect("devices fit in u16"));
        for (device, seq) in &self.seen {
            w.bytes(device);
            w.u64(*seq);
        }
        w.u8(u8::try_from(self.tags.len()).expect("tags fit in u8"));
        for t in &self.tags {
            w.bytes(t);
        }
        w.u32(u32::try_from(self.parts.len()).expect("parts fit in u32"));
        for p in &self.parts {
            w.u8(p.kind);
            w.u8(p.tag);
            w.u32(p.len);
            w.bytes(&p.hash);
        }
        w.into_inner()
    }

    /// The record's bytes: envelope, signature, a bitmap of the parts
    /// present (bit `i % 8` of byte `i / 8`), the present parts.
    pub fn encode(&self) -> Vec<u8> {
        let present: Vec<bool> = self.data.iter().map(Option::is_some).collect();
        let mut out = self.encode_head(&present);
        for part in self.data.iter().flatten() {
            out.extend_from_slice(part);
        }
        out
    }

    /// The head (envelope, signature, bitmap) of this record holding the
    /// parts `present` marks: what precedes those parts' bytes.
    pub fn encode_head(&self, present: &[bool]) -> Vec<u8> {
        let mut out = self.envelope();
        out.extend_from_slice(&self.signature);
        let mut bitmap = vec![0u8; self.parts.len().div_ceil(8)];
        for (i, _) in present.iter().enumerate().filter(|(_, p)| **p) {
            bitmap[i / 8] |= 1 << (i % 8);
        }
        out.extend_from_slice(&bitmap);
        out
    }

    /// Checks a whole record's bytes as [`Record::decode`] does (framing,
    /// each present part against its pinned hash), without copying its
    /// parts: its head, and its id hashed from the bytes.
    pub fn check(bytes: &[u8]) -> Result<Head, Malformed> {
        Record::checked_parts(bytes).map(|(head, _)| head)
    }

    /// The head of a whole record's bytes and each present part's bytes
    /// (in order), every part checked against its pinned hash.
    fn checked_parts(bytes: &[u8]) -> Result<(Head, Vec<&[u8]>), Malformed> {
        let (head, at) = Record::decode_head(bytes, bytes.len())?;
        let mut r = Reader::new(&bytes[at..]);
        let mut parts = Vec::new();
        for (p, _) in head
            .record
            .parts
            .iter()
            .zip(&head.present)
            .filter(|(_, p)| **p)
        {
            let part = r.take(p.len as usize)?;
            if hash(part) != p.hash {
                return Err(Malformed);
            }
            parts.push(part);
        }
        Ok((head, parts))
    }

    /// The record's id: the SHA-256 of its envelope and signature.
    pub fn id(&self) -> Id {
        let mut signed = self.envelope();
        signed.extend_from_slice(&self.signature);
        hash(&signed)
    }

    /// Takes from `other`, a copy of the same record, the parts this copy
    /// lacks (the merge's rule: a part survives while any copy has it).
    pub fn absorb(&mut self, other: &Record) {
        for (mine, theirs) in self.data.iter_mut().zip(&other.data) {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }

    /// Parses a record, checking that its parts fill it exactly and match
    /// the hashes the envelope pins. The signature is not checked here
    /// (that needs the member table, and the merge never checks it).
    pub fn decode(bytes: &[u8]) -> Result<Record, Malformed> {
        let (
            Head {
                mut record,
                present,
                ..
            },
            parts,
        ) = Record::checked_parts(bytes)?;
        let mut parts = parts.into_iter();
        for (data, present) in record.data.iter_mut().zip(present) {
            if present {
                *data = parts.next().map(<[u8]>::to_vec);
            }
        }
        Ok(record)
    }

    /// The bytes a record's head takes (envelope, signature and bitmap),
    /// from its first bytes: `Some(n)` once `prefix` is long enough to
    /// tell, `None` when more are needed (at most three more reads: after
    /// the seen list's count, the tag count and the part count).
    pub fn head_len(prefix: &[u8]) -> Result<Option<usize>, Malformed> {
        const FIXED: usize = 1 + 16 + 16 + 8 + 32 + 8;
        let mut at = FIXED;
        let Some(n) = prefix.get(at..at + 2) else {
            return Ok(None);
        };
        at += 2 + 24 * u16::from_le_bytes([n[0], n[1]]) as usize;
        let Some(&t) = prefix.get(at) else {
            return Ok(None);
        };
        at += 1 + 16 * t as usize;
        let Some(n) = prefix.get(at..at + 4) else {
            return Ok(None);
        };
        let n = u32::from_le_bytes(n.try_into().map_err(|_| Malformed)?) as usize;
        let parts = n.checked_mul(PART_ROW).ok_or(Malformed)?;
        Ok(Some(
            at.checked_add(4 + parts + SIG_LEN + n.div_ceil(8))
                .ok_or(Malformed)?,
        ))
    }

    /// The envelope's fields before the part list (kind, author, device,
    /// seq, prev, clock, seen, tags), from a record's first bytes, as a
    /// record with no parts and no signature: `Ok(None)` when `prefix` is
    /// too short to tell. Not checked against the record's id (that needs
    /// the whole head): only for deciding which heads to read.
    pub fn decode_prefix(prefix: &[u8]) -> Result<Option<Record>, Malformed> {
        const FIXED: usize = 1 + 16 + 16 + 8 + 32 + 8;
        let Some(n) = prefix.get(FIXED..FIXED + 2) else {
            return Ok(None);
        };
        let at = FIXED + 2 + 24 * u16::from_le_bytes([n[0], n[1]]) as usize;
        let Some(&t) = prefix.get(at) else {
            return Ok(None);
        };
        let Some(bytes) = prefix.get(..at + 1 + 16 * t as usize) else {
            return Ok(None);
        };
        read_envelope_start(&mut Reader::new(bytes)).map(Some)
    }

    /// Parses a record's head from `bytes` (at least [`Record::head_len`]
    /// of them) for a record of `len` bytes in all: every part is left
    /// unread (`data` all `None`), and the present ones are listed. Checks
    /// that the present parts' lengths fill the record exactly. Returns the
    /// head's length.
    pub fn decode_head(bytes: &[u8], len: usize) -> Result<(Head, usize), Malformed> {
        let mut r = Reader::new(bytes);
        let start = read_envelope_start(&mut r)?;
        let n_parts = r.count(PART_ROW)?;
        let mut parts = Vec::with_capacity(n_parts);
        for _ in 0..n_parts {
            let kind = r.u8()?;
            let tag = r.u8()?;
            let len = r.u32()?;
            let hash = r.array()?;
            if tag != 0xff && tag as usize >= start.tags.len() {
                return Err(Malformed);
            }
            parts.push(PartRef {
                kind,
                tag,
                len,
                hash,
            });
        }
        let signature = r.array()?;
        // The id covers the envelope and the signature as stored: hashing
        // these bytes is hashing `envelope() || signature` (the encoding
        // is canonical: `decode` then `encode` gives the same bytes).
        let signed_len = bytes.len() - r.remaining();
        let bitmap = r.take(parts.len().div_ceil(8))?;
        if parts.len() % 8 != 0 && bitmap[bitmap.len() - 1] >> (parts.len() % 8) != 0 {
            return Err(Malformed);
        }
        let id = hash(&bytes[..signed_len]);
        let present: Vec<bool> = (0..parts.len())
            .map(|i| bitmap[i / 8] & (1 << (i % 8)) != 0)
            .collect();
        let head = bytes.len() - r.remaining();
        let body: u64 = parts
            .iter()
            .zip(&present)
            .filter(|(_, p)| **p)
            .map(|(p, _)| u64::from(p.len))
            .sum();
        if (head as u64).checked_add(body) != Some(len as u64)
            || start.seq == 0
            || (start.seq == 1) != (start.prev == [0; 32])
            || !start.seen.windows(2).all(|w| w[0].0 < w[1].0)
            || start.seen.iter().any(|(d, _)| *d == start.device)
            || !strictly_sorted(&start.tags)
        {
            return Err(Malformed);
        }
        let data = vec![None; parts.len()];
        Ok((
            Head {
                record: Record {
                    parts,
                    signature,
                    data,
                    ..start
                },
                present,
                id,
            },
            head,
        ))
    }

    /// The bytes of part `i`, if it is present.
    pub fn part(&self, i: usize) -> Option<&[u8]> {
        self.data.get(i)?.as_deref()
    }

    /// Whether this record happened before `other` (it is in `other`'s
    /// causal past).
    pub fn happened_before(&self, other: &Record) -> bool {
        happened_before(
            (&self.device, self.seq),
            (&other.device, other.seq, &other.seen),
        )
    }
}

/// The envelope's fields before the part list, as a record with no parts
/// and no signature.
fn read_envelope_start(r: &mut Reader<'_>) -> Result<Record, Malformed> {
    let kind = r.u8()?;
    let author = r.array()?;
    let device = r.array()?;
    let seq = r.u64()?;
    let prev = r.array()?;
    let clock = r.u64()?;
    let n_seen = r.u16()? as usize;
    if n_seen.saturating_mul(24) > r.remaining() {
        return Err(Malformed);
    }
    let seen = (0..n_seen)
        .map(|_| Ok((r.array()?, r.u64()?)))
        .collect::<Result<Vec<(DeviceId, u64)>, Malformed>>()?;
    let n_tags = r.u8()? as usize;
    let tags = (0..n_tags)
        .map(|_| r.array())
        .collect::<Result<Vec<Tag>, _>>()?;
    Ok(Record {
        author,
        prev,
        clock,
        seen,
        tags,
        ..Record::stub(kind, device, seq)
    })
}

/// A record's head as [`Record::decode_head`] reads it: the record with
/// no part read, and which parts the stored record holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The record, every `data` entry `None`.
    pub record: Record,
    /// Whether each part is present (follows the head, in order).
    pub present: Vec<bool>,
    /// The record's id, hashed from the bytes read.
    pub id: Id,
}

impl std::ops::Deref for Head {
    type Target = Record;
    fn deref(&self) -> &Record {
        &self.record
    }
}

impl std::ops::DerefMut for Head {
    fn deref_mut(&mut self) -> &mut Record {
        &mut self.record
    }
}

/// A checkpoint: derived data that summarises one scope (at one epoch) up
/// to a frontier, pinning the pages of its metadata tree by hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// Who wrote it (a member with write on the scope).
    pub author: MemberId,
    /// The scope tag it summarises.
    pub tag: Tag,
    /// Hybrid logical clock.
    pub clock: u64,
    /// Highest seq covered, per device, sorted by device.
    pub frontier: Vec<(DeviceId, u64)>,
    /// Hashes of the pages it pins, sorted.
    pub pages: Vec<Id>,
    /// Sealed under the scope's names key: owner id, grants, tree root.
    pub body: Vec<u8>,
    /// Ed25519 by the author over the SHA-256 of everything above.
    pub signature: [u8; SIG_LEN],
}

/// Checkpoint kind byte (first byte of its bytes).
pub const CHECKPOINT_KIND: u8 = 0x90;

impl Checkpoint {
    /// What the signature covers (through its hash).
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(
            64 + self.frontier.len() * 24 + self.pages.len() * 32 + self.body.len(),
        );
        w.u8(CHECKPOINT_KIND);
        w.bytes(&self.author);
        w.bytes(&self.tag);
        w.u64(self.clock);
        w.u32(u32::try_from(self.frontier.len()).expect("frontier fits in u32"));
        for (device, seq) in &self.frontier {
            w.bytes(device);
            w.u64(*seq);
        }
        w.u32(u32::try_from(self.pages.len()).expect("pages fit in u32"));
        for p in &self.pages {
            w.bytes(p);
        }
        w.blob(&self.body);
        w.into_inner()
    }

    /// Its bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = self.signed_bytes();
        out.extend_from_slice(&self.signature);
        out
    }

    /// Its id.
    pub fn id(&self) -> Id {
        hash(&self.encode())
    }

    /// Parses a checkpoint.
    pub fn decode(bytes: &[u8]) -> Result<Checkpoint, Malformed> {
        let mut r = Reader::new(bytes);
        if r.u8()? != CHECKPOINT_KIND {
            return Err(Malformed);
        }
        let author = r.array()?;
        let tag = r.array()?;
        let clock = r.u64()?;
        let n = r.count(24)?;
        let frontier = (0..n)
            .map(|_| Ok((r.array()?, r.u64()?)))
            .collect::<Result<Vec<(DeviceId, u64)>, Malformed>>()?;
        let n = r.count(32)?;
        let pages = (0..n).map(|_| r.array()).collect::<Result<Vec<Id>, _>>()?;
        let body = r.blob()?.to_vec();
        let signature = r.array()?;
        if r.remaining() != 0
            || !frontier.windows(2).all(|w| w[0].0 < w[1].0)
            || !strictly_sorted(&pages)
        {
            return Err(Malformed);
        }
        Ok(Checkpoint {
            author,
            tag,
            clock,
            frontier,
            pages,
            body,
            signature,
        })
    }

    /// The seq this checkpoint covers of `device` (0: none).
    pub fn covers(&self, device: &DeviceId) -> u64 {
        self.frontier
            .binary_search_by(|(d, _)| d.cmp(device))
            .map_or(0, |i| self.frontier[i].1)
    }

    /// Whether `other` makes this checkpoint redundant: the same tag, a
    /// frontier at least as far on every device, and (when the frontiers
    /// are equal) the lower id. A strict partial order, so keeping the
    /// maximal checkpoints of a union is commutative, associative and
    /// idempotent.
    pub fn dominated_by(&self, self_id: &Id, other: &Checkpoint, other_id: &Id) -> bool {
        if self.tag != other.tag || self_id == other_id {
            return false;
        }
        let at_least = self
            .frontier
            .iter()
            .all(|(device, seq)| other.covers(device) >= *seq);
        if !at_least {
            return false;
        }
        let equal = self.frontier == other.frontier;
        !equal || other_id < self_id
    }
}

/// A page of a scope's metadata tree: the scope tag in the clear, then
/// bytes sealed under the scope's names key. Pinned by its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The scope tag.
    pub tag: Tag,
    /// Sealed bytes.
    pub sealed: Vec<u8>,
}

impl Page {
    /// Its bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.sealed.len());
        out.extend_from_slice(&self.tag);
        out.extend_from_slice(&self.sealed);
        out
    }

    /// Its id.
    pub fn id(&self) -> Id {
        hash(&self.encode())
    }

    /// Parses a page.
    pub fn decode(bytes: &[u8]) -> Result<Page, Malformed> {
        let tag = bytes.get(..16).ok_or(Malformed)?;
        Ok(Page {
            tag: tag.try_into().map_err(|_| Malformed)?,
            sealed: bytes[16..].to_vec(),
        })
    }
}

/// Whether the record at (`device`, `seq`) is in the causal past of the
/// record at (`device`, `seq`) whose writer had seen `seen`.
pub fn happened_before(
    (device, seq): (&DeviceId, u64),
    (other_device, other_seq, seen): (&DeviceId, u64, &[(DeviceId, u64)]),
) -> bool {
    if device == other_device {
        return seq < other_seq;
    }
    seen.binary_search_by(|(d, _)| d.cmp(device))
        .is_ok_and(|i| seen[i].1 >= seq)
}

fn strictly_sorted<T: Ord>(items: &[T]) -> bool {
    items.windows(2).all(|w| w[0] < w[1])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A record with one part; `data` decides its content.
    pub fn record(device: u8, seq: u64, data: &[u8]) -> Record {
        Record {
            kind: kind::TXN,
            author: [device; 16],
            device: [device; 16],
            seq,
            prev: if seq == 1 { [0; 32] } else { [seq as u8; 32] },
            clock: seq << 16,
            seen: vec![],
            tags: vec![[7; 16]],
            parts: vec![PartRef {
                kind: 1,
                tag: 0,
                len: data.len() as u32,
                hash: hash(data),
            }],
            signature: [9; SIG_LEN],
            data: vec![Some(data.to_vec())],
        }
    }

    #[test]
    fn a_head_alone_gives_the_record_its_id_and_where_its_parts_are() {
        let mut r = record(3, 2, b"some part bytes");
        r.data.push(None);
        r.parts.push(PartRef {
            kind: 9,
            tag: 0xff,
            len: 5,
            hash: hash(b"gone!"),
        });
        let bytes = r.encode();
        let n = Record::head_len(&bytes).unwrap().unwrap();
        assert_eq!(Record::head_len(&bytes[..40]), Ok(None));
        let (head, len) = Record::decode_head(&bytes[..n], bytes.len()).unwrap();
        assert_eq!(len, n);
        assert_eq!(head.id, r.id());
        assert_eq!(head.present, vec![true, false]);
        assert!(head.record.data.iter().all(Option::is_none));
        assert!(Record::decode_head(&bytes[..n], bytes.len() + 1).is_err());
    }

    #[test]
    fn a_record_round_trips_and_its_id_is_its_hash() {
        let r = record(1, 2, b"sealed bytes");
        let bytes = r.encode();
        let back = Record::decode(&bytes).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.part(0), Some(&b"sealed bytes"[..]));
    }

    #[test]
    fn a_purged_part_keeps_the_record_id_and_a_copy_restores_it() {
        let full = record(1, 2, b"value");
        let mut purged = full.clone();
        purged.data[0] = None;
        assert_eq!(purged.id(), full.id());
        let back = Record::decode(&purged.encode()).unwrap();
        assert_eq!(back.part(0), None);
        let mut merged = back;
        merged.absorb(&full);
        assert_eq!(merged, full);
    }

    #[test]
    fn a_part_that_does_not_match_its_hash_is_refused() {
        let mut bytes = record(1, 1, b"sealed bytes").encode();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(Record::decode(&bytes), Err(Malformed));
    }

    #[test]
    fn every_truncation_of_a_record_is_refused() {
        let bytes = record(3, 4, b"abc").encode();
        for n in 0..bytes.len() {
            assert_eq!(Record::decode(&bytes[..n]), Err(Malformed), "cut at {n}");
        }
    }

    #[test]
    fn causality_follows_the_device_chain_and_the_vector_clock() {
        let a = record(1, 3, b"a");
        let mut b = record(2, 1, b"b");
        assert!(
            !a.happened_before(&b) && !b.happened_before(&a),
            "concurrent"
        );
        b.seen = vec![([1; 16], 3)];
        assert!(a.happened_before(&b));
        assert!(!b.happened_before(&a));
        assert!(record(1, 2, b"x").happened_before(&a));
        b.seen = vec![([1; 16], 2)];
        assert!(!a.happened_before(&b), "seen up to seq 2 only");
    }

    #[test]
    fn a_checkpoint_round_trips() {
        let c = Checkpoint {
            author: [1; 16],
            tag: [2; 16],
            clock: 3,
            frontier: vec![([1; 16], 4), ([2; 16], 5)],
            pages: vec![[1; 32], [2; 32]],
            body: b"sealed".to_vec(),
            signature: [0; SIG_LEN],
        };
        assert_eq!(Checkpoint::decode(&c.encode()).unwrap(), c);
    }

    #[test]
    fn domination_needs_the_same_tag_and_a_frontier_at_least_as_far() {
        let base = Checkpoint {
            author: [1; 16],
            tag: [2; 16],
            clock: 0,
            frontier: vec![([1; 16], 4)],
            pages: vec![],
            body: vec![],
            signature: [0; SIG_LEN],
        };
        let further = Checkpoint {
            frontier: vec![([1; 16], 5)],
            ..base.clone()
        };
        let other_tag = Checkpoint {
            tag: [3; 16],
            ..further.clone()
        };
        let concurrent = Checkpoint {
            frontier: vec![([1; 16], 3), ([2; 16], 1)],
            ..base.clone()
        };
        let (b, f, o, c) = (base.id(), further.id(), other_tag.id(), concurrent.id());
        assert!(base.dominated_by(&b, &further, &f));
        assert!(!further.dominated_by(&f, &base, &b));
        assert!(!base.dominated_by(&b, &other_tag, &o));
        assert!(!base.dominated_by(&b, &concurrent, &c));
        assert!(!concurrent.dominated_by(&c, &base, &b));
        assert!(!base.dominated_by(&b, &base, &b));
    }
}
