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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

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
    /// What [`Image::open`] left in the file (nothing for an image
    /// decoded or built in memory).
    lazy: LazySlot,
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

    /// The file's bytes, for an image all in memory (decoded, merged,
    /// built); a lazily opened one is written with [`Image::write_to`].
    pub fn encode(&self) -> Vec<u8> {
        assert!(
            !self.is_lazy(),
            "a lazily opened image is written with write_to, which reads what it left in the file"
        );
        let mut out = Vec::new();
        self.write_to(&mut out)
            .expect("an image in memory encodes into memory");
        out
    }

    /// Writes the file's bytes to `out`. What a lazy open left in the file
    /// is copied from it, and checked as it is copied against the hash
    /// that pins it (as [`Image::load_all`] checks it), so a write never
    /// carries bytes it has not authenticated: damage is an
    /// `InvalidData` error, and the caller must then discard `out`. Only
    /// what is in memory costs memory: a write into a vault of 100,000
    /// secrets streams the 45 MB it carries through a small buffer.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let lazy = self.lazy.0.as_ref();
        let records: Vec<(&RecordKey, u8, Source<'_>)> = self
            .records
            .iter()
            .map(|(key, r)| (key, r.kind, self.record_source(key, r)))
            .collect();
        let mut checkpoints: BTreeMap<(Tag, Id), Source<'_>> = self
            .checkpoints
            .iter()
            .map(|(k, c)| (*k, Source::Bytes(c.encode())))
            .collect();
        let mut pages: BTreeMap<(Tag, Id), Source<'_>> = self
            .pages
            .iter()
            .map(|(k, p)| (*k, Source::Bytes(p.encode())))
            .collect();
        if let Some(l) = lazy {
            for (k, &(at, len)) in &l.checkpoints {
                checkpoints.entry(*k).or_insert(Source::File {
                    at,
                    len,
                    check: Check::Checkpoint(*k),
                });
            }
            for (k, &(at, len)) in &l.pages {
                pages.entry(*k).or_insert(Source::File {
                    at,
                    len: len as usize,
                    check: Check::Page(*k),
                });
            }
        }
        let mut devices: BTreeMap<DeviceId, (u32, u64)> = BTreeMap::new();
        for ((device, _, _), _, source) in &records {
            let d = devices.entry(*device).or_default();
            d.0 += 1;
            d.1 += source.len() as u64;
        }
        let membership: Vec<(DeviceId, u64)> = self
            .records
            .iter()
            .filter(|(_, r)| kind::is_membership(r.kind))
            .map(|((device, seq, _), _)| (*device, *seq))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut groups: BTreeMap<Tag, (u32, u64)> = BTreeMap::new();
        for ((tag, _), source) in &pages {
            let g = groups.entry(*tag).or_default();
            g.0 += 1;
            g.1 += source.len() as u64;
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
        for ((device, seq, id), kind, source) in &records {
            if run_device != Some(*device) {
                run_device = Some(*device);
                run_offset = 0;
            }
            w.u64(*seq);
            w.bytes(id);
            w.u64(run_offset);
            w.u32(u32::try_from(source.len()).expect("a record fits in u32"));
            w.u8(*kind);
            w.bytes(&[0; 3]);
            run_offset += source.len() as u64;
        }
        for (device, seq) in &membership {
            w.bytes(device);
            w.u64(*seq);
        }
        for ((tag, id), source) in &checkpoints {
            w.bytes(tag);
            w.bytes(id);
            w.u32(u32::try_from(source.len()).expect("a checkpoint fits in u32"));
        }
        for (tag, (count, bytes)) in &groups {
            w.bytes(tag);
            w.u32(*count);
            w.u64(*bytes);
        }
        for ((_, id), source) in &pages {
            w.bytes(id);
            w.u32(u32::try_from(source.len()).expect("a page fits in u32"));
        }
        out.write_all(&w.into_inner())?;
        let sources = records
            .iter()
            .map(|(_, _, s)| s)
            .chain(checkpoints.values())
            .chain(pages.values());
        for source in sources {
            source.write(lazy, out)?;
        }
        Ok(())
    }

    /// Where record `key`'s bytes come from: memory, the file (a
    /// stand-in), or a head in memory and parts from either.
    fn record_source<'a>(&'a self, key: &RecordKey, record: &'a Record) -> Source<'a> {
        let lazy = self.lazy.0.as_ref();
        if let Some(&(at, len, kind)) = lazy.and_then(|l| l.heads.get(key)) {
            return Source::File {
                at,
                len,
                check: Check::Record(*key, kind),
            };
        }
        let offsets = lazy.and_then(|l| l.parts.get(key));
        let mut present = Vec::with_capacity(record.parts.len());
        let mut parts = Vec::new();
        for (i, p) in record.parts.iter().enumerate() {
            let in_file = offsets.and_then(|o| o.get(i)).filter(|o| **o != ABSENT);
            match (record.data.get(i).and_then(Option::as_deref), in_file) {
                (Some(bytes), _) => parts.push(PartSource::Memory(bytes)),
                (None, Some(&at)) => parts.push(PartSource::File {
                    at,
                    len: p.len,
                    hash: p.hash,
                }),
                (None, None) => {
                    present.push(false);
                    continue;
                }
            }
            present.push(true);
        }
        Source::Head {
            head: record.encode_head(&present),
            parts,
        }
    }

    /// Parses and checks a whole file: the header's checksum, every table's
    /// order and sums, and every item's id against its bytes. Any failure
    /// is [`Malformed`]: damaged or forged framing, never half a vault.
    pub fn decode(bytes: &[u8]) -> Result<Image, ImageError> {
        let tables = Tables::parse(bytes)?;
        let mut r = Reader::new(&bytes[tables.len..]);
        let mut image = Image::new(tables.vault_id);
        tables.check_runs()?;
        let mut rows_left = &tables.records[..];
        for (device, count, run_bytes) in &tables.devices {
            let (run, rest) = rows_left.split_at(*count);
            rows_left = rest;
            let mut at = 0u64;
            for (seq, id, offset, len, kind) in run {
                if *offset != at {
                    return Err(ImageError::Malformed);
                }
                let bytes = r.take(*len)?;
                let record = Record::decode(bytes)?;
                image.add_decoded(record, (*device, *seq, *id), *kind)?;
                at += *len as u64;
            }
            if at != *run_bytes {
                return Err(ImageError::Malformed);
            }
        }
        tables.check_membership(&image)?;
        for (tag, id, len) in &tables.checkpoints {
            let bytes = r.take(*len)?;
            image.add_checkpoint_bytes(bytes, *tag, *id)?;
        }
        tables.check_groups()?;
        let mut rows_left = &tables.pages[..];
        for (tag, count, group_bytes) in &tables.groups {
            let (run, rest) = rows_left.split_at(*count);
            rows_left = rest;
            let mut total = 0u64;
            for (id, len) in run {
                let bytes = r.take(*len)?;
                let page = Page::decode(bytes)?;
                let key = (*tag, *id);
                if hash(bytes) != *id
                    || page.tag != *tag
                    || image.pages.last_key_value().is_some_and(|(k, _)| *k >= key)
                {
                    return Err(ImageError::Malformed);
                }
                image.pages.insert(key, page);
                total += *len as u64;
            }
            if total != *group_bytes {
                return Err(ImageError::Malformed);
            }
        }
        if r.remaining() != 0 {
            return Err(ImageError::Malformed);
        }
        Ok(image)
    }

    /// Reads a file lazily: the header, the tables and the member, slot
    /// and rekey records whole; the head of every other record that is not
    /// a transaction or access record (ids checked as in [`Image::decode`]).
    /// Transaction and access records stay stand-ins until
    /// [`Image::load_heads`] or [`Image::load_prefixes`], checkpoints wait
    /// for [`Image::load_checkpoints`], and record parts and pages are read
    /// from `file` when asked for ([`Image::part`], [`Image::page`]), each
    /// checked against the hash that pins it then. A `get` thus reads a
    /// few pages and one value whatever the vault's size.
    ///
    /// The image keeps `file` open; the caller must not change the file's
    /// bytes while the image lives (a write replaces the file by a rename,
    /// which leaves this open file as it was). [`Image::write_to`] copies
    /// what is still in the file; merging needs [`Image::load_all`].
    pub fn open(file: std::fs::File) -> Result<Image, OpenError> {
        let file = Arc::new(file);
        let size = file.metadata().map_err(OpenError::Io)?.len();
        let header = read_at(&file, 0, HEADER_LEN.min(size as usize))?;
        let tables_len = Tables::len_from_header(&header)?;
        if tables_len as u64 > size {
            return Err(ImageError::Malformed.into());
        }
        let table_bytes = read_at(&file, 0, tables_len)?;
        let tables = Tables::parse(&table_bytes)?;
        drop(table_bytes);
        let mut image = Image::new(tables.vault_id);
        let mut lazy = Lazy {
            file: Arc::clone(&file),
            parts: BTreeMap::new(),
            pages: BTreeMap::new(),
            heads: BTreeMap::new(),
            checkpoints: BTreeMap::new(),
            prefixed: BTreeSet::new(),
            read: Arc::default(),
        };
        tables.check_runs()?;
        let mut at = tables.len as u64;
        let mut rows_left = &tables.records[..];
        for (device, count, run_bytes) in &tables.devices {
            let (run, rest) = rows_left.split_at(*count);
            rows_left = rest;
            let mut in_run = 0u64;
            for (seq, id, offset, len, kind) in run {
                if *offset != in_run || at + *len as u64 > size {
                    return Err(ImageError::Malformed.into());
                }
                let key = (*device, *seq, *id);
                // Member records are read whole: every open replays them
                // (and they are few and small).
                if matches!(*kind, kind::MEMBER | kind::SLOT | kind::REKEY) {
                    let bytes = read_at(&file, at, *len)?;
                    image.add_decoded(Record::decode(&bytes)?, key, *kind)?;
                    in_run += *len as u64;
                    at += *len as u64;
                    continue;
                }
                if matches!(*kind, kind::TXN | kind::ACCESS) {
                    // A transaction's head waits until something needs
                    // it (an import's head lists every value it holds:
                    // megabytes a `get` of one secret has no use for).
                    image.add_stub(key, *kind)?;
                    lazy.heads.insert(key, (at, *len, *kind));
                } else {
                    let (head, offsets) = read_record_head(&file, key, *kind, at, *len)?;
                    image.add_checked(head, key, *kind)?;
                    lazy.parts.insert(key, offsets);
                }
                in_run += *len as u64;
                at += *len as u64;
            }
            if in_run != *run_bytes {
                return Err(ImageError::Malformed.into());
            }
        }
        tables.check_membership(&image)?;
        // Checkpoints wait too (a thousand owners have a thousand): the
        // engine reads those of the tags it looks up.
        let mut last = None;
        for (tag, id, len) in &tables.checkpoints {
            let key = (*tag, *id);
            if at + *len as u64 > size || last.is_some_and(|k| k >= key) {
                return Err(ImageError::Malformed.into());
            }
            last = Some(key);
            lazy.checkpoints.insert(key, (at, *len));
            at += *len as u64;
        }
        tables.check_groups()?;
        let mut rows_left = &tables.pages[..];
        for (tag, count, group_bytes) in &tables.groups {
            let (run, rest) = rows_left.split_at(*count);
            rows_left = rest;
            let mut total = 0u64;
            let mut last = None;
            for (id, len) in run {
                let key = (*tag, *id);
                if last.is_some_and(|k| k >= key) || *len < 16 {
                    return Err(ImageError::Malformed.into());
                }
                last = Some(key);
                lazy.pages.insert(key, (at, *len as u32));
                at += *len as u64;
                total += *len as u64;
            }
            if total != *group_bytes {
                return Err(ImageError::Malformed.into());
            }
        }
        if at != size {
            return Err(ImageError::Malformed.into());
        }
        image.lazy = LazySlot(Some(lazy));
        Ok(image)
    }

    fn add_decoded(&mut self, record: Record, key: RecordKey, kind: u8) -> Result<(), ImageError> {
        if record.id() != key.2 {
            return Err(ImageError::Malformed);
        }
        self.add_checked(record, key, kind)
    }

    /// Adds a record whose id was checked against its bytes.
    fn add_checked(&mut self, record: Record, key: RecordKey, kind: u8) -> Result<(), ImageError> {
        let (device, seq, _) = key;
        if record.device != device || record.seq != seq || record.kind != kind {
            return Err(ImageError::Malformed);
        }
        if self
            .records
            .last_key_value()
            .is_some_and(|(k, _)| *k >= key)
        {
            return Err(ImageError::Malformed);
        }
        self.records.insert(key, record);
        Ok(())
    }

    /// Adds a record whose head is still in the file: a stand-in that
    /// knows only its row (kind, device, seq; the id is its key).
    fn add_stub(&mut self, key: RecordKey, kind: u8) -> Result<(), ImageError> {
        if self
            .records
            .last_key_value()
            .is_some_and(|(k, _)| *k >= key)
        {
            return Err(ImageError::Malformed);
        }
        self.records.insert(key, Record::stub(kind, key.0, key.1));
        Ok(())
    }

    fn add_checkpoint_bytes(&mut self, bytes: &[u8], tag: Tag, id: Id) -> Result<(), ImageError> {
        let checkpoint = Checkpoint::decode(bytes)?;
        if hash(bytes) != id || checkpoint.tag != tag {
            return Err(ImageError::Malformed);
        }
        let key = (tag, id);
        if self
            .checkpoints
            .last_key_value()
            .is_some_and(|(k, _)| *k >= key)
        {
            return Err(ImageError::Malformed);
        }
        self.checkpoints.insert(key, checkpoint);
        Ok(())
    }

    /// Whether some parts or pages are still only in the file.
    pub fn is_lazy(&self) -> bool {
        self.lazy.0.is_some()
    }

    /// Whether record `key`'s head is still in the file: its entry in
    /// `records` is a stand-in with only kind, device and seq (its id is
    /// the key's), until [`Image::load_heads`] reads it.
    pub fn is_stub(&self, key: &RecordKey) -> bool {
        self.lazy
            .0
            .as_ref()
            .is_some_and(|l| l.heads.contains_key(key))
    }

    /// Whether stand-in `key` knows its envelope's fields before the
    /// part list (tags, prev, clock, seen: [`Image::load_prefixes`]), or
    /// is no stand-in. Those fields are not checked against the record's
    /// id until its head is read.
    pub fn knows_envelope(&self, key: &RecordKey) -> bool {
        self.lazy
            .0
            .as_ref()
            .is_none_or(|l| !l.heads.contains_key(key) || l.prefixed.contains(key))
    }

    /// Reads the first bytes of the stand-ins `wanted` selects, so they
    /// know their tags, prev, clock and seen (not their parts): enough
    /// to tell which scopes a record touches without reading a head that
    /// lists a thousand parts.
    pub fn load_prefixes(&mut self, wanted: impl Fn(&RecordKey) -> bool) -> std::io::Result<()> {
        let Some(lazy) = &mut self.lazy.0 else {
            return Ok(());
        };
        let keys: Vec<RecordKey> = lazy
            .heads
            .keys()
            .filter(|k| !lazy.prefixed.contains(k) && wanted(k))
            .copied()
            .collect();
        for key in keys {
            let (at, len, kind) = lazy.heads[&key];
            let mut bytes = lazy.read(at, len.min(512))?;
            let record = loop {
                match Record::decode_prefix(&bytes) {
                    Ok(Some(r)) => break r,
                    Ok(None) if bytes.len() < len => {
                        bytes = lazy.read(at, len.min(bytes.len() * 4))?;
                    }
                    _ => return Err(damaged_file()),
                }
            };
            if record.device != key.0 || record.seq != key.1 || record.kind != kind {
                return Err(damaged_file());
            }
            self.records.insert(key, record);
            lazy.prefixed.insert(key);
        }
        Ok(())
    }

    /// Reads the checkpoints of `tag` that [`Image::open`] left in the
    /// file, each checked against its id.
    pub fn load_checkpoints(&mut self, tag: &Tag) -> std::io::Result<()> {
        let Some(lazy) = &mut self.lazy.0 else {
            return Ok(());
        };
        let keys: Vec<(Tag, Id)> = lazy
            .checkpoints
            .range((*tag, [0; 32])..=(*tag, [0xff; 32]))
            .map(|(k, _)| *k)
            .collect();
        for key in keys {
            let (at, len) = lazy.checkpoints[&key];
            let bytes = lazy.read(at, len)?;
            let checkpoint = Checkpoint::decode(&bytes).map_err(|_| damaged_file())?;
            if hash(&bytes) != key.1 || checkpoint.tag != key.0 {
                return Err(damaged_file());
            }
            lazy.checkpoints.remove(&key);
            self.checkpoints.insert(key, checkpoint);
        }
        Ok(())
    }

    /// The tags of every page, in memory or still in the file.
    pub fn page_tags(&self) -> BTreeSet<Tag> {
        let mut tags: BTreeSet<Tag> = self.pages.keys().map(|(t, _)| *t).collect();
        if let Some(l) = &self.lazy.0 {
            tags.extend(l.pages.keys().map(|(t, _)| *t));
        }
        tags
    }

    /// Whether some checkpoint of `tag` is still in the file.
    pub fn checkpoints_in_file(&self, tag: &Tag) -> bool {
        self.lazy.0.as_ref().is_some_and(|l| {
            l.checkpoints
                .range((*tag, [0; 32])..=(*tag, [0xff; 32]))
                .next()
                .is_some()
        })
    }

    /// Keeps the pages of `tag`, in memory or still in the file, whose id
    /// `keep` accepts, and drops the others.
    pub fn retain_pages_of(&mut self, tag: &Tag, keep: impl Fn(&Id) -> bool) {
        self.pages.retain(|(t, id), _| t != tag || keep(id));
        if let Some(l) = &mut self.lazy.0 {
            l.pages.retain(|(t, id), _| t != tag || keep(id));
        }
    }

    /// Whether `other` holds the same records, checkpoints and pages, in
    /// memory or still in the file (by key: each key names its bytes).
    pub fn same_items(&self, other: &Image) -> bool {
        type Keys = BTreeSet<(Tag, Id)>;
        fn keys(image: &Image) -> (Vec<RecordKey>, Keys, Keys) {
            let mut checkpoints: Keys = image.checkpoints.keys().copied().collect();
            let mut pages: Keys = image.pages.keys().copied().collect();
            if let Some(l) = &image.lazy.0 {
                checkpoints.extend(l.checkpoints.keys());
                pages.extend(l.pages.keys());
            }
            (image.records.keys().copied().collect(), checkpoints, pages)
        }
        self.vault_id == other.vault_id && keys(self) == keys(other)
    }

    /// Whether some record's head is still in the file.
    pub fn has_stubs(&self) -> bool {
        self.lazy.0.as_ref().is_some_and(|l| !l.heads.is_empty())
    }

    /// Reads the heads of the records `wanted` selects (by key and kind)
    /// that [`Image::open`] left in the file, each checked against the id
    /// its row gives; they replace their stand-ins.
    pub fn load_heads(&mut self, wanted: impl Fn(&RecordKey, u8) -> bool) -> std::io::Result<()> {
        let Some(lazy) = &mut self.lazy.0 else {
            return Ok(());
        };
        let keys: Vec<RecordKey> = lazy
            .heads
            .iter()
            .filter(|(k, (_, _, kind))| wanted(k, *kind))
            .map(|(k, _)| *k)
            .collect();
        for key in keys {
            let loaded = lazy.head(&key)?;
            lazy.heads.remove(&key);
            lazy.prefixed.remove(&key);
            lazy.read
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&key);
            lazy.parts.insert(key, loaded.1.clone());
            self.records.insert(key, loaded.0.clone());
        }
        Ok(())
    }

    /// The bytes of part `i` of record `key` if that part is of kind
    /// `kind` (as [`Image::part`]).
    pub fn part_of_kind(
        &self,
        key: &RecordKey,
        i: usize,
        kind: u8,
    ) -> std::io::Result<Option<Cow<'_, [u8]>>> {
        self.part_where(key, i, |k| k == kind)
    }

    /// The bytes of part `i` of record `key`: `None` if it is absent
    /// (purged) or the record is not here; read from the file and checked
    /// against its pinned hash if [`Image::open`] left it there (with the
    /// record's head, if that is still in the file too: read once, kept).
    pub fn part(&self, key: &RecordKey, i: usize) -> std::io::Result<Option<Cow<'_, [u8]>>> {
        self.part_where(key, i, |_| true)
    }

    fn part_where(
        &self,
        key: &RecordKey,
        i: usize,
        wanted: impl Fn(u8) -> bool,
    ) -> std::io::Result<Option<Cow<'_, [u8]>>> {
        let lazy = self.lazy.0.as_ref();
        let (part, offset) = match lazy.filter(|l| l.heads.contains_key(key)) {
            Some(l) => {
                let head = l.head(key)?;
                match (head.0.parts.get(i), head.1.get(i)) {
                    (Some(p), Some(&offset)) => (p.clone(), offset),
                    _ => return Ok(None),
                }
            }
            None => {
                let Some(p) = self.records.get(key).and_then(|r| r.parts.get(i)) else {
                    return Ok(None);
                };
                if !wanted(p.kind) {
                    return Ok(None);
                }
                if let Some(bytes) = self.records[key].part(i) {
                    return Ok(Some(Cow::Borrowed(bytes)));
                }
                match lazy.and_then(|l| l.parts.get(key)).and_then(|o| o.get(i)) {
                    Some(&offset) => (p.clone(), offset),
                    None => return Ok(None),
                }
            }
        };
        let Some(lazy) = lazy.filter(|_| wanted(part.kind) && offset != ABSENT) else {
            return Ok(None);
        };
        let bytes = lazy.read(offset, part.len as usize)?;
        if hash(&bytes) != part.hash {
            return Err(damaged_file());
        }
        Ok(Some(Cow::Owned(bytes)))
    }

    /// Page `id` of `tag`, read from the file (and checked against its
    /// id) if [`Image::open`] left it there.
    pub fn page(&self, tag: &Tag, id: &Id) -> std::io::Result<Option<Cow<'_, Page>>> {
        if let Some(page) = self.pages.get(&(*tag, *id)) {
            return Ok(Some(Cow::Borrowed(page)));
        }
        let Some(lazy) = &self.lazy.0 else {
            return Ok(None);
        };
        let Some(&(offset, len)) = lazy.pages.get(&(*tag, *id)) else {
            return Ok(None);
        };
        let bytes = lazy.read(offset, len as usize)?;
        let page = Page::decode(&bytes).map_err(|_| damaged_file())?;
        if hash(&bytes) != *id || page.tag != *tag {
            return Err(damaged_file());
        }
        Ok(Some(Cow::Owned(page)))
    }

    /// Drops part `i` of record `key` (a purge made it unreachable), from
    /// memory and from what is left to read.
    pub fn drop_part(&mut self, key: &RecordKey, i: usize) {
        if let Some(r) = self.records.get_mut(key)
            && let Some(d) = r.data.get_mut(i)
        {
            *d = None;
        }
        if let Some(lazy) = &mut self.lazy.0
            && let Some(o) = lazy.parts.get_mut(key).and_then(|o| o.get_mut(i))
        {
            *o = ABSENT;
        }
    }

    /// Reads every part and page [`Image::open`] left in the file, each
    /// checked against the hash that pins it, so the image can be encoded
    /// or merged. A no-op for an image that is all in memory.
    pub fn load_all(&mut self) -> std::io::Result<()> {
        self.load_heads(|_, _| true)?;
        let tags: BTreeSet<Tag> = self
            .lazy
            .0
            .as_ref()
            .map(|l| l.checkpoints.keys().map(|(t, _)| *t).collect())
            .unwrap_or_default();
        for tag in &tags {
            self.load_checkpoints(tag)?;
        }
        let Some(lazy) = self.lazy.0.take() else {
            return Ok(());
        };
        let result = (|| {
            for (key, offsets) in &lazy.parts {
                let record = self
                    .records
                    .get_mut(key)
                    .expect("a lazy record is in the image");
                for (i, offset) in offsets.iter().enumerate() {
                    if *offset == ABSENT || record.data[i].is_some() {
                        continue;
                    }
                    let bytes = lazy.read(*offset, record.parts[i].len as usize)?;
                    if hash(&bytes) != record.parts[i].hash {
                        return Err(damaged_file());
                    }
                    record.data[i] = Some(bytes);
                }
            }
            for (key, (offset, len)) in &lazy.pages {
                if self.pages.contains_key(key) {
                    continue;
                }
                let bytes = lazy.read(*offset, *len as usize)?;
                let page = Page::decode(&bytes).map_err(|_| damaged_file())?;
                if hash(&bytes) != key.1 || page.tag != key.0 {
                    return Err(damaged_file());
                }
                self.pages.insert(*key, page);
            }
            Ok(())
        })();
        if result.is_err() {
            self.lazy.0 = Some(lazy);
        }
        result
    }
}

/// An offset that marks a part as absent (or already read).
const ABSENT: u64 = u64::MAX;

/// Where the bytes of one item of a file being written come from.
enum Source<'a> {
    /// Encoded in memory.
    Bytes(Vec<u8>),
    /// A record whose head is in memory: the head, then its present parts.
    Head {
        head: Vec<u8>,
        parts: Vec<PartSource<'a>>,
    },
    /// Still in the file that was opened: copied, and checked as `check`
    /// says on the way.
    File { at: u64, len: usize, check: Check },
}

/// Where one part of a record being written comes from.
enum PartSource<'a> {
    Memory(&'a [u8]),
    File { at: u64, len: u32, hash: Id },
}

/// How bytes copied from the file are checked (as the lazy reads that
/// would have loaded them check them).
#[derive(Clone, Copy)]
enum Check {
    Record(RecordKey, u8),
    Checkpoint((Tag, Id)),
    Page((Tag, Id)),
}

impl Source<'_> {
    fn len(&self) -> usize {
        match self {
            Source::Bytes(b) => b.len(),
            Source::Head { head, parts } => {
                head.len()
                    + parts
                        .iter()
                        .map(|p| match p {
                            PartSource::Memory(b) => b.len(),
                            PartSource::File { len, .. } => *len as usize,
                        })
                        .sum::<usize>()
            }
            Source::File { len, .. } => *len,
        }
    }

    fn write(&self, lazy: Option<&Lazy>, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let from_file = |at: u64, len: usize| match lazy {
            Some(l) => l.read(at, len),
            None => Err(damaged_file()),
        };
        match self {
            Source::Bytes(b) => out.write_all(b),
            Source::File { at, len, check } => {
                let bytes = from_file(*at, *len)?;
                let intact = match check {
                    Check::Record(key, kind) => Record::check(&bytes).is_ok_and(|h| {
                        h.id == key.2
                            && h.record.device == key.0
                            && h.record.seq == key.1
                            && h.record.kind == *kind
                    }),
                    Check::Checkpoint((tag, id)) => {
                        Checkpoint::decode(&bytes).is_ok_and(|c| c.tag == *tag)
                            && hash(&bytes) == *id
                    }
                    Check::Page((tag, id)) => {
                        Page::decode(&bytes).is_ok_and(|p| p.tag == *tag) && hash(&bytes) == *id
                    }
                };
                if !intact {
                    return Err(damaged_file());
                }
                out.write_all(&bytes)
            }
            Source::Head { head, parts } => {
                out.write_all(head)?;
                // Parts still in the file lie one after another there:
                // each run of them is one read.
                let mut i = 0;
                while i < parts.len() {
                    let PartSource::File { at, .. } = parts[i] else {
                        if let PartSource::Memory(b) = parts[i] {
                            out.write_all(b)?;
                        }
                        i += 1;
                        continue;
                    };
                    let mut end = at;
                    let mut j = i;
                    while let Some(PartSource::File { at: a, len, .. }) = parts.get(j)
                        && *a == end
                    {
                        end += u64::from(*len);
                        j += 1;
                    }
                    let bytes = from_file(at, (end - at) as usize)?;
                    let mut from = 0usize;
                    for p in &parts[i..j] {
                        if let PartSource::File { len, hash: h, .. } = p {
                            let part = &bytes[from..from + *len as usize];
                            if hash(part) != *h {
                                return Err(damaged_file());
                            }
                            from += *len as usize;
                        }
                    }
                    out.write_all(&bytes)?;
                    i = j;
                }
                Ok(())
            }
        }
    }
}

fn damaged_file() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "the vault's bytes do not match their hashes",
    )
}

fn read_at(file: &std::fs::File, offset: u64, len: usize) -> Result<Vec<u8>, OpenError> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; len];
    file.read_exact_at(&mut buf, offset)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => OpenError::Image(ImageError::Malformed),
            _ => OpenError::Io(e),
        })?;
    Ok(buf)
}

/// A record's head (envelope, signature, bitmap), read in at most four
/// pieces as [`Record::head_len`] learns its length.
fn read_head(file: &std::fs::File, at: u64, len: usize) -> Result<Vec<u8>, OpenError> {
    let mut head = read_at(file, at, len.min(512))?;
    loop {
        match Record::head_len(&head)? {
            Some(n) if n <= head.len() => return Ok(head),
            Some(n) if n > len => return Err(ImageError::Malformed.into()),
            Some(n) => head = read_at(file, at, n)?,
            None if head.len() >= len => return Err(ImageError::Malformed.into()),
            None => head = read_at(file, at, len.min(head.len() * 4))?,
        }
    }
}

/// The head of record `key` (of `kind`, `len` bytes at `at`), checked
/// against its row: the record with no part read, and each part's file
/// offset ([`ABSENT`] for a part the stored record lacks).
fn read_record_head(
    file: &std::fs::File,
    key: RecordKey,
    kind: u8,
    at: u64,
    len: usize,
) -> Result<(Record, Vec<u64>), OpenError> {
    let head = read_head(file, at, len)?;
    let (head, head_len) = Record::decode_head(&head, len)?;
    let mut offset = at + head_len as u64;
    let offsets: Vec<u64> = head
        .record
        .parts
        .iter()
        .zip(&head.present)
        .map(|(p, present)| {
            if *present {
                offset += u64::from(p.len);
                offset - u64::from(p.len)
            } else {
                ABSENT
            }
        })
        .collect();
    let r = &head.record;
    if head.id != key.2 || r.device != key.0 || r.seq != key.1 || r.kind != kind {
        return Err(ImageError::Malformed.into());
    }
    Ok((head.record, offsets))
}

/// What [`Image::open`] left in the file.
#[derive(Clone)]
struct Lazy {
    file: Arc<std::fs::File>,
    /// Per record, the file offset of each part not read ([`ABSENT`]:
    /// absent, or read).
    parts: BTreeMap<RecordKey, Vec<u64>>,
    /// Each page not read: offset and length.
    pages: BTreeMap<(Tag, Id), (u64, u32)>,
    /// Each record whose head was not read (its entry in `records` is a
    /// stand-in): offset and length of the whole record, and its kind.
    heads: BTreeMap<RecordKey, (u64, usize, u8)>,
    /// Each checkpoint not read: offset and length.
    checkpoints: BTreeMap<(Tag, Id), (u64, usize)>,
    /// Stand-ins whose envelope prefix was read ([`Image::load_prefixes`]).
    prefixed: BTreeSet<RecordKey>,
    /// Heads of stand-ins read by a `&self` method, kept for the next.
    read: Arc<std::sync::Mutex<HeadCache>>,
}

/// Heads read for [`Image::part`] while their records stay stand-ins:
/// the record (no part read) and the file offset of each part.
type HeadCache = BTreeMap<RecordKey, Arc<(Record, Vec<u64>)>>;

impl Lazy {
    /// The head of stand-in `key`, read (once) and checked against its row.
    fn head(&self, key: &RecordKey) -> std::io::Result<Arc<(Record, Vec<u64>)>> {
        let mut cache = self.read.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = cache.get(key) {
            return Ok(Arc::clone(h));
        }
        let &(at, len, kind) = self.heads.get(key).ok_or_else(damaged_file)?;
        let loaded = match read_record_head(&self.file, *key, kind, at, len) {
            Ok(h) => Arc::new(h),
            Err(OpenError::Io(e)) => return Err(e),
            Err(OpenError::Image(_)) => return Err(damaged_file()),
        };
        cache.insert(*key, Arc::clone(&loaded));
        Ok(loaded)
    }

    fn read(&self, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0u8; len];
        self.file.read_exact_at(&mut buf, offset)?;
        Ok(buf)
    }
}

/// The lazy part of an image: compared by identity (two images read from
/// one open file), shown by size.
#[derive(Clone, Default)]
struct LazySlot(Option<Lazy>);

impl PartialEq for LazySlot {
    fn eq(&self, other: &LazySlot) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                Arc::ptr_eq(&a.file, &b.file)
                    && a.parts == b.parts
                    && a.pages == b.pages
                    && a.heads == b.heads
                    && a.checkpoints == b.checkpoints
            }
            _ => false,
        }
    }
}

impl Eq for LazySlot {}

impl std::fmt::Debug for LazySlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            None => f.write_str("in memory"),
            Some(l) => write!(f, "{} pages left in the file", l.pages.len()),
        }
    }
}

/// The header and tables of a file, parsed and checked for size.
struct Tables {
    vault_id: [u8; 16],
    /// Bytes of header and tables: where the data starts.
    len: usize,
    devices: Vec<(DeviceId, usize, u64)>,
    records: Vec<(u64, Id, u64, usize, u8)>,
    membership: Vec<(DeviceId, u64)>,
    checkpoints: Vec<(Tag, Id, usize)>,
    groups: Vec<(Tag, usize, u64)>,
    pages: Vec<(Id, usize)>,
}

impl Tables {
    /// The header's checks, and the tables' length it announces.
    fn len_from_header(bytes: &[u8]) -> Result<usize, ImageError> {
        let header = Tables::header(bytes)?;
        let n = |i: usize| {
            u32::from_le_bytes(header[28 + 4 * i..32 + 4 * i].try_into().expect("4 bytes")) as usize
        };
        Ok(HEADER_LEN
            + n(0) * DEVICE_ROW
            + n(1) * RECORD_ROW
            + n(2) * MEMBERSHIP_ROW
            + n(3) * CHECKPOINT_ROW
            + n(4) * GROUP_ROW
            + n(5) * PAGE_ROW)
    }

    fn header(bytes: &[u8]) -> Result<&[u8], ImageError> {
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
        Ok(header)
    }

    fn parse(bytes: &[u8]) -> Result<Tables, ImageError> {
        let header = Tables::header(bytes)?;
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
        let mut records = Vec::with_capacity(n_records);
        for _ in 0..n_records {
            let seq = r.u64()?;
            let id: Id = r.array()?;
            let offset = r.u64()?;
            let len = r.u32()? as usize;
            let kind = r.u8()?;
            if r.take(3)? != [0; 3] {
                return Err(ImageError::Malformed);
            }
            records.push((seq, id, offset, len, kind));
        }
        rows(&mut r, n_membership, MEMBERSHIP_ROW)?;
        let mut membership = Vec::with_capacity(n_membership);
        for _ in 0..n_membership {
            membership.push((r.array::<16>()?, r.u64()?));
        }
        rows(&mut r, n_checkpoints, CHECKPOINT_ROW)?;
        let mut checkpoints = Vec::with_capacity(n_checkpoints);
        for _ in 0..n_checkpoints {
            checkpoints.push((r.array::<16>()?, r.array::<32>()?, r.u32()? as usize));
        }
        rows(&mut r, n_groups, GROUP_ROW)?;
        let mut groups = Vec::with_capacity(n_groups);
        for _ in 0..n_groups {
            groups.push((r.array::<16>()?, r.u32()? as usize, r.u64()?));
        }
        rows(&mut r, n_pages, PAGE_ROW)?;
        let mut pages = Vec::with_capacity(n_pages);
        for _ in 0..n_pages {
            pages.push((r.array::<32>()?, r.u32()? as usize));
        }
        let len = bytes.len() - r.remaining();
        Ok(Tables {
            vault_id,
            len,
            devices,
            records,
            membership,
            checkpoints,
            groups,
            pages,
        })
    }

    /// Device runs: sorted devices whose counts add up to the records.
    fn check_runs(&self) -> Result<(), ImageError> {
        if self.devices.iter().map(|d| d.1).sum::<usize>() != self.records.len()
            || !self.devices.windows(2).all(|w| w[0].0 < w[1].0)
        {
            return Err(ImageError::Malformed);
        }
        Ok(())
    }

    /// The membership rows are exactly the membership records.
    fn check_membership(&self, image: &Image) -> Result<(), ImageError> {
        let expected: Vec<(DeviceId, u64)> = image
            .records
            .iter()
            .filter(|(_, r)| kind::is_membership(r.kind))
            .map(|((d, s, _), _)| (*d, *s))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if self.membership != expected {
            return Err(ImageError::Malformed);
        }
        Ok(())
    }

    /// Page groups: sorted tags whose counts add up to the pages.
    fn check_groups(&self) -> Result<(), ImageError> {
        if self.groups.iter().map(|g| g.1).sum::<usize>() != self.pages.len()
            || !self.groups.windows(2).all(|w| w[0].0 < w[1].0)
        {
            return Err(ImageError::Malformed);
        }
        Ok(())
    }
}

/// Why [`Image::open`] failed.
#[derive(Debug)]
pub enum OpenError {
    /// The file could not be read.
    Io(std::io::Error),
    /// What was read is not a format-2 image.
    Image(ImageError),
}

impl From<ImageError> for OpenError {
    fn from(e: ImageError) -> OpenError {
        OpenError::Image(e)
    }
}

impl From<Malformed> for OpenError {
    fn from(_: Malformed) -> OpenError {
        OpenError::Image(ImageError::Malformed)
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

    /// `Image::open` then `load_all`, on a file holding `bytes`.
    fn open_bytes(bytes: &[u8]) -> Result<Image, String> {
        use std::io::Write;
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(bytes).unwrap();
        let mut image = Image::open(f).map_err(|e| format!("open: {e:?}"))?;
        image.load_all().map_err(|e| format!("load: {e}"))?;
        Ok(image)
    }

    #[test]
    fn a_lazy_open_reads_parts_and_pages_on_demand_and_checks_them() {
        use std::io::{Seek, SeekFrom, Write};
        let image = sample();
        let bytes = image.encode();
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(&bytes).unwrap();
        let lazy = Image::open(f.try_clone().unwrap()).unwrap();
        assert!(lazy.is_lazy());
        assert!(lazy.pages.is_empty(), "no page read");
        // Member records are read whole; the others' parts wait.
        let member_kind = |r: &Record| matches!(r.kind, kind::MEMBER | kind::SLOT | kind::REKEY);
        assert!(lazy.records.values().any(member_kind));
        assert!(lazy.records.values().all(|r| {
            if member_kind(r) {
                r.data.iter().all(Option::is_some)
            } else {
                r.data.iter().all(Option::is_none)
            }
        }));
        for (key, record) in &image.records {
            for i in 0..record.parts.len() {
                assert_eq!(
                    lazy.part(key, i).unwrap().as_deref(),
                    record.part(i),
                    "{key:?} part {i}"
                );
            }
        }
        for ((tag, id), page) in &image.pages {
            assert_eq!(lazy.page(tag, id).unwrap().as_deref(), Some(page));
        }
        let mut loaded = lazy.clone();
        loaded.load_all().unwrap();
        assert!(!loaded.is_lazy());
        assert_eq!(loaded, image);
        assert_eq!(loaded.encode(), bytes);
        // Written without reading it first, the file copies itself; so
        // does an image that read some of it (a head, a tag's checkpoints).
        let written = |image: &Image| {
            let mut out = Vec::new();
            image.write_to(&mut out).map(|()| out)
        };
        assert_eq!(written(&lazy).unwrap(), bytes);
        let mut partly = lazy.clone();
        let first_stub = *image
            .records
            .iter()
            .find(|(k, _)| partly.is_stub(k))
            .expect("a record read lazily")
            .0;
        partly.load_heads(|k, _| *k == first_stub).unwrap();
        let tag = image.checkpoints.keys().next().unwrap().0;
        partly.load_checkpoints(&tag).unwrap();
        assert!(partly.is_lazy());
        assert_eq!(written(&partly).unwrap(), bytes);
        // A part changed in the file after the open is caught on read: the
        // last byte of the first record that is read lazily.
        let j = image
            .records
            .values()
            .position(|r| !member_kind(r))
            .expect("a record that is not a member record");
        let (key, record) = image.records.iter().nth(j).unwrap();
        let lens: Vec<u64> = image
            .records
            .values()
            .map(|r| r.encode().len() as u64)
            .collect();
        let records_start = bytes.len() as u64
            - image
                .pages
                .values()
                .map(|p| p.encode().len() as u64)
                .sum::<u64>()
            - image
                .checkpoints
                .values()
                .map(|c| c.encode().len() as u64)
                .sum::<u64>()
            - lens.iter().sum::<u64>();
        let last = records_start + lens[..=j].iter().sum::<u64>() - 1;
        f.seek(SeekFrom::Start(last)).unwrap();
        f.write_all(&[bytes[last as usize] ^ 1]).unwrap();
        let i = record.parts.len() - 1;
        assert!(lazy.part(key, i).is_err());
        assert!(lazy.clone().load_all().is_err());
        // ...and a write that would carry it refuses.
        let err = written(&lazy).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert_eq!(
            written(&partly).unwrap_err().kind(),
            std::io::ErrorKind::InvalidData
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// On any bytes near a valid file (a byte flipped, a cut), a lazy
        /// open read in full and a decode agree: both fail, or both give
        /// the same image.
        #[test]
        fn a_lazy_open_read_in_full_is_a_decode(
            at in 0usize..10_000,
            flip in 0u8..=255,
            cut in proptest::prelude::any::<bool>(),
        ) {
            let mut bytes = sample().encode();
            let at = at % bytes.len();
            if cut {
                bytes.truncate(at);
            } else {
                bytes[at] ^= flip;
            }
            let decoded = Image::decode(&bytes).ok();
            let opened = open_bytes(&bytes).ok();
            proptest::prop_assert_eq!(&decoded, &opened);
            // A write from the lazy open, reading nothing first, carries
            // exactly what a decode accepts, or refuses.
            let mut f = tempfile::tempfile().unwrap();
            std::io::Write::write_all(&mut f, &bytes).unwrap();
            let written = Image::open(f).ok().and_then(|image| {
                let mut out = Vec::new();
                image.write_to(&mut out).ok().map(|()| out)
            });
            proptest::prop_assert_eq!(decoded.map(|d| d.encode()), written);
        }
    }

    #[test]
    fn another_version_is_named() {
        let mut bytes = sample().encode();
        bytes[8] = 3;
        assert_eq!(Image::decode(&bytes), Err(ImageError::UnknownVersion(3)));
    }
}
