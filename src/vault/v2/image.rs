//! The format-2 file image: a header, tables, and the records, checkpoints
//! and pages they describe, each region in a canonical order that depends
//! only on the set of items (docs/format2-design.md §1).
//!
//! ```text
//! header        magic (8) | version u16 = 2 | flags u16 = 0 | vault id (16)
//!               | devices u32 | records u32 | membership u32
//!               | checkpoints u32 | page groups u32 | pages u32
//!               | SHA-256 of the bytes before it (32)
//! devices       device id (16) | records u32 | bytes u64          sorted by id
//! records       seq u64 | id (32) | offset in its device's run u64
//!               | len u32 | kind u8 | 0 (3)             sorted by (device, seq, id)
//! membership    device id (16) | seq u64        of member, slot, rekey, access records
//! checkpoints   tag (16) | id (32) | len u32                     sorted by (tag, id)
//! page groups   tag (16) | pages u32 | bytes u64                 sorted by tag
//! pages         id (32) | len u32                        sorted by (tag, id)
//! data          records, then checkpoints, then pages, in table order
//! ```
//!
//! No row holds an absolute offset: a record's offset is relative to its
//! device's run (append-only, so it never moves), and checkpoints and pages
//! are found by summing lengths within their table or group. A write
//! therefore changes a few rows and adds its own, and git's delta finds the
//! rest of the file unchanged. The version's bytes `02 00` and the flags
//! put NUL bytes in the header, so git treats the file as binary and never
//! writes conflict markers into it.

use std::collections::{BTreeMap, BTreeSet};

use crate::vault::codec::{Malformed, Reader, Writer};

use super::record::{Checkpoint, DeviceId, Id, Page, Record, Tag, hash, kind};

/// The magic shared with format 1 (so an older sesame reports an unknown
/// version rather than "not a vault").
pub const MAGIC: [u8; 8] = *b"\x89SESAME\n";
/// This format's version.
pub const VERSION: u16 = 2;
/// Bytes of the header.
pub const HEADER_LEN: usize = 8 + 2 + 2 + 16 + 6 * 4 + 32;

/// Where a primary record sorts: (device, seq, id).
pub type RecordKey = (DeviceId, u64, Id);

const DEVICE_ROW: usize = 16 + 4 + 8;
const RECORD_ROW: usize = 8 + 32 + 8 + 4 + 1 + 3;
const MEMBERSHIP_ROW: usize = 16 + 8;
const CHECKPOINT_ROW: usize = 16 + 32 + 4;
const GROUP_ROW: usize = 16 + 4 + 8;
const PAGE_ROW: usize = 32 + 4;

/// A whole vault file, parsed: the set of items, keyed so that iteration
/// is the canonical order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Image {
    /// The vault id.
    pub vault_id: [u8; 16],
    /// Primary records by (device, seq, id).
    pub records: BTreeMap<RecordKey, Record>,
    /// Checkpoints by (tag, id).
    pub checkpoints: BTreeMap<(Tag, Id), Checkpoint>,
    /// Pages by (tag, id).
    pub pages: BTreeMap<(Tag, Id), Page>,
}

impl Image {
    /// An empty image of vault `vault_id`.
    pub fn new(vault_id: [u8; 16]) -> Image {
        Image {
            vault_id,
            ..Image::default()
        }
    }

    /// Adds a record; a copy already there takes the parts it lacks.
    pub fn insert_record(&mut self, record: Record) {
        match self.records.entry((record.device, record.seq, record.id())) {
            std::collections::btree_map::Entry::Occupied(mut mine) => {
                mine.get_mut().absorb(&record)
            }
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(record);
            }
        }
    }

    /// Adds a checkpoint.
    pub fn insert_checkpoint(&mut self, checkpoint: Checkpoint) {
        self.checkpoints
            .insert((checkpoint.tag, checkpoint.id()), checkpoint);
    }

    /// Adds a page.
    pub fn insert_page(&mut self, page: Page) {
        self.pages.insert((page.tag, page.id()), page);
    }

    /// The file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let records: Vec<(&RecordKey, Vec<u8>)> =
            self.records.iter().map(|(k, r)| (k, r.encode())).collect();
        let mut devices: BTreeMap<DeviceId, (u32, u64)> = BTreeMap::new();
        for ((device, _, _), bytes) in &records {
            let d = devices.entry(*device).or_default();
            d.0 += 1;
            d.1 += bytes.len() as u64;
        }
        let membership: Vec<(DeviceId, u64)> = self
            .records
            .iter()
            .filter(|(_, r)| kind::is_membership(r.kind))
            .map(|((device, seq, _), _)| (*device, *seq))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let checkpoints: Vec<(&(Tag, Id), Vec<u8>)> = self
            .checkpoints
            .iter()
            .map(|(k, c)| (k, c.encode()))
            .collect();
        let pages: Vec<(&(Tag, Id), Vec<u8>)> =
            self.pages.iter().map(|(k, p)| (k, p.encode())).collect();
        let mut groups: BTreeMap<Tag, (u32, u64)> = BTreeMap::new();
        for ((tag, _), bytes) in &pages {
            let g = groups.entry(*tag).or_default();
            g.0 += 1;
            g.1 += bytes.len() as u64;
        }

        let mut w = Writer::default();
        w.bytes(&MAGIC);
        w.u16(VERSION);
        w.u16(0);
        w.bytes(&self.vault_id);
        for n in [
            devices.len(),
            records.len(),
            membership.len(),
            checkpoints.len(),
            groups.len(),
            pages.len(),
        ] {
            w.u32(u32::try_from(n).expect("counts fit in u32"));
        }
        let checksum = hash(&w.buf_mut()[..]);
        w.bytes(&checksum);
        for (device, (count, bytes)) in &devices {
            w.bytes(device);
            w.u32(*count);
            w.u64(*bytes);
        }
        let mut run_offset = 0u64;
        let mut run_device = None;
        for (((device, seq, id), bytes), record) in records.iter().zip(self.records.values()) {
            if run_device != Some(*device) {
                run_device = Some(*device);
                run_offset = 0;
            }
            w.u64(*seq);
            w.bytes(id);
            w.u64(run_offset);
            w.u32(u32::try_from(bytes.len()).expect("a record fits in u32"));
            w.u8(record.kind);
            w.bytes(&[0; 3]);
            run_offset += bytes.len() as u64;
        }
        for (device, seq) in &membership {
            w.bytes(device);
            w.u64(*seq);
        }
        for ((tag, id), bytes) in &checkpoints {
            w.bytes(tag);
            w.bytes(id);
            w.u32(u32::try_from(bytes.len()).expect("a checkpoint fits in u32"));
        }
        for (tag, (count, bytes)) in &groups {
            w.bytes(tag);
            w.u32(*count);
            w.u64(*bytes);
        }
        for ((_, id), bytes) in &pages {
            w.bytes(id);
            w.u32(u32::try_from(bytes.len()).expect("a page fits in u32"));
        }
        for (_, bytes) in &records {
            w.bytes(bytes);
        }
        for (_, bytes) in &checkpoints {
            w.bytes(bytes);
        }
        for (_, bytes) in &pages {
            w.bytes(bytes);
        }
        w.into_inner()
    }

    /// Parses and checks a whole file: the header's checksum, every table's
    /// order and sums, and every item's id against its bytes. Any failure
    /// is [`Malformed`]: damaged or forged framing, never half a vault.
    pub fn decode(bytes: &[u8]) -> Result<Image, ImageError> {
        let header = bytes.get(..HEADER_LEN).ok_or(ImageError::Malformed)?;
        if header[..8] != MAGIC {
            return Err(ImageError::NotAVault);
        }
        let version = u16::from_le_bytes([header[8], header[9]]);
        if version != VERSION {
            return Err(ImageError::UnknownVersion(version));
        }
        if hash(&header[..HEADER_LEN - 32]) != header[HEADER_LEN - 32..] {
            return Err(ImageError::Malformed);
        }
        let mut r = Reader::new(&header[10..HEADER_LEN - 32]);
        if r.u16()? != 0 {
            return Err(ImageError::UnknownFlags);
        }
        let vault_id = r.array()?;
        let n_devices = r.u32()? as usize;
        let n_records = r.u32()? as usize;
        let n_membership = r.u32()? as usize;
        let n_checkpoints = r.u32()? as usize;
        let n_groups = r.u32()? as usize;
        let n_pages = r.u32()? as usize;

        let mut r = Reader::new(&bytes[HEADER_LEN..]);
        let rows = |r: &mut Reader<'_>, n: usize, size: usize| -> Result<(), Malformed> {
            if n.saturating_mul(size) > r.remaining() {
                return Err(Malformed);
            }
            Ok(())
        };
        rows(&mut r, n_devices, DEVICE_ROW)?;
        let mut devices = Vec::with_capacity(n_devices);
        for _ in 0..n_devices {
            devices.push((r.array::<16>()?, r.u32()? as usize, r.u64()?));
        }
        rows(&mut r, n_records, RECORD_ROW)?;
        let mut record_rows = Vec::with_capacity(n_records);
        for _ in 0..n_records {
            let seq = r.u64()?;
            let id: Id = r.array()?;
            let offset = r.u64()?;
            let len = r.u32()? as usize;
            let kind = r.u8()?;
            if r.take(3)? != [0; 3] {
                return Err(ImageError::Malformed);
            }
            record_rows.push((seq, id, offset, len, kind));
        }
        rows(&mut r, n_membership, MEMBERSHIP_ROW)?;
        let mut membership = Vec::with_capacity(n_membership);
        for _ in 0..n_membership {
            membership.push((r.array::<16>()?, r.u64()?));
        }
        rows(&mut r, n_checkpoints, CHECKPOINT_ROW)?;
        let mut checkpoint_rows = Vec::with_capacity(n_checkpoints);
        for _ in 0..n_checkpoints {
            checkpoint_rows.push((r.array::<16>()?, r.array::<32>()?, r.u32()? as usize));
        }
        rows(&mut r, n_groups, GROUP_ROW)?;
        let mut groups = Vec::with_capacity(n_groups);
        for _ in 0..n_groups {
            groups.push((r.array::<16>()?, r.u32()? as usize, r.u64()?));
        }
        rows(&mut r, n_pages, PAGE_ROW)?;
        let mut page_rows = Vec::with_capacity(n_pages);
        for _ in 0..n_pages {
            page_rows.push((r.array::<32>()?, r.u32()? as usize));
        }

        let mut image = Image::new(vault_id);
        // Records, device run by device run.
        if devices.iter().map(|d| d.1).sum::<usize>() != n_records
            || !devices.windows(2).all(|w| w[0].0 < w[1].0)
        {
            return Err(ImageError::Malformed);
        }
        let mut rows_left = &record_rows[..];
        for (device, count, run_bytes) in &devices {
            let (run, rest) = rows_left.split_at(*count);
            rows_left = rest;
            let mut at = 0u64;
            for (seq, id, offset, len, kind) in run {
                if *offset != at {
                    return Err(ImageError::Malformed);
                }
                let bytes = r.take(*len)?;
                let record = Record::decode(bytes)?;
                if record.id() != *id
                    || record.device != *device
                    || record.seq != *seq
                    || record.kind != *kind
                {
                    return Err(ImageError::Malformed);
                }
                let key = (*device, *seq, *id);
                if image
                    .records
                    .last_key_value()
                    .is_some_and(|(k, _)| *k >= key)
                {
                    return Err(ImageError::Malformed);
                }
                image.records.insert(key, record);
                at += *len as u64;
            }
            if at != *run_bytes {
                return Err(ImageError::Malformed);
            }
        }
        let expected_membership: Vec<(DeviceId, u64)> = image
            .records
            .iter()
            .filter(|(_, r)| kind::is_membership(r.kind))
            .map(|((d, s, _), _)| (*d, *s))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if membership != expected_membership {
            return Err(ImageError::Malformed);
        }
        for (tag, id, len) in checkpoint_rows {
            let bytes = r.take(len)?;
            let checkpoint = Checkpoint::decode(bytes)?;
            if hash(bytes) != id || checkpoint.tag != tag {
                return Err(ImageError::Malformed);
            }
            let key = (tag, id);
            if image
                .checkpoints
                .last_key_value()
                .is_some_and(|(k, _)| *k >= key)
            {
                return Err(ImageError::Malformed);
            }
            image.checkpoints.insert(key, checkpoint);
        }
        if groups.iter().map(|g| g.1).sum::<usize>() != n_pages
            || !groups.windows(2).all(|w| w[0].0 < w[1].0)
        {
            return Err(ImageError::Malformed);
        }
        let mut rows_left = &page_rows[..];
        for (tag, count, group_bytes) in groups {
            let (run, rest) = rows_left.split_at(count);
            rows_left = rest;
            let mut total = 0u64;
            for (id, len) in run {
                let bytes = r.take(*len)?;
                let page = Page::decode(bytes)?;
                let key = (tag, *id);
                if hash(bytes) != *id
                    || page.tag != tag
                    || image.pages.last_key_value().is_some_and(|(k, _)| *k >= key)
                {
                    return Err(ImageError::Malformed);
                }
                image.pages.insert(key, page);
                total += *len as u64;
            }
            if total != group_bytes {
                return Err(ImageError::Malformed);
            }
        }
        if r.remaining() != 0 {
            return Err(ImageError::Malformed);
        }
        Ok(image)
    }
}

/// Why a file is not a format-2 image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// Not a sesame vault at all.
    NotAVault,
    /// A sesame vault of another format version.
    UnknownVersion(u16),
    /// Header flags this version does not know.
    UnknownFlags,
    /// Damaged or forged framing.
    Malformed,
}

impl From<Malformed> for ImageError {
    fn from(_: Malformed) -> ImageError {
        ImageError::Malformed
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::vault::v2::record::SIG_LEN;
    use crate::vault::v2::record::tests::record;

    pub fn checkpoint(tag: u8, frontier: &[(u8, u64)], pages: &[&Page]) -> Checkpoint {
        let mut pages: Vec<Id> = pages.iter().map(|p| p.id()).collect();
        pages.sort();
        Checkpoint {
            author: [1; 16],
            tag: [tag; 16],
            clock: 0,
            frontier: frontier.iter().map(|(d, s)| ([*d; 16], *s)).collect(),
            pages,
            body: vec![tag],
            signature: [0; SIG_LEN],
        }
    }

    pub fn page(tag: u8, content: &[u8]) -> Page {
        Page {
            tag: [tag; 16],
            sealed: content.to_vec(),
        }
    }

    fn sample() -> Image {
        let mut image = Image::new([5; 16]);
        image.insert_record(record(1, 1, b"one"));
        image.insert_record(record(1, 2, b"two"));
        let mut member = record(2, 1, b"member");
        member.kind = kind::MEMBER;
        image.insert_record(member);
        let p1 = page(7, b"page one");
        let p2 = page(7, b"page two");
        image.insert_checkpoint(checkpoint(7, &[(1, 2)], &[&p1, &p2]));
        image.insert_page(p1);
        image.insert_page(p2);
        image
    }

    #[test]
    fn an_image_round_trips() {
        let image = sample();
        let bytes = image.encode();
        assert_eq!(Image::decode(&bytes), Ok(image));
        assert!(
            bytes[..HEADER_LEN].contains(&0),
            "the header holds a NUL byte"
        );
    }

    #[test]
    fn every_truncation_and_every_flipped_table_byte_is_refused() {
        let bytes = sample().encode();
        for n in 0..bytes.len() {
            assert!(Image::decode(&bytes[..n]).is_err(), "cut at {n}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            assert!(Image::decode(&b).is_err(), "flip at {i}");
        }
    }

    #[test]
    fn another_version_is_named() {
        let mut bytes = sample().encode();
        bytes[8] = 3;
        assert_eq!(Image::decode(&bytes), Err(ImageError::UnknownVersion(3)));
    }
}
