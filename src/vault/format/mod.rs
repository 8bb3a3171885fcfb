//! The vault file's bytes: header, key slots, index and section
//! plaintexts. Pure encoding and decoding, no I/O and no keys; see
//! `docs/format-v1.md` for the layout.
//!
//! Decoders treat their input as hostile: they check lengths before they
//! allocate and reject anything they do not fully understand (unknown
//! flags, trailing bytes, non-zero padding).

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::id::{Owner, OwnerType};
use crate::secret::SecretString;
use crate::secret_type::SecretType;

pub mod codec;

use crate::vault::crypto::{self, KdfParams, NONCE_LEN};
use crate::vault::model::{Entry, Sealed, Section, VersionRecord};
use codec::{Malformed, Reader, Writer};

/// The first 8 bytes of every vault.
pub const MAGIC: [u8; 8] = *b"\x89SESAME\n";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// The file is padded to a multiple of this.
pub const FILE_ALIGN: usize = 4096;
/// A section's plaintext is padded to a multiple of this.
pub const SECTION_ALIGN: usize = 256;
/// The sealed index is padded to a power of two of at least this many
/// bytes, so `index_len` (in the clear) tells nothing about how many
/// owners there are or how long their names are until the index outgrows
/// it (about a dozen owners), and then only its power of two.
pub const INDEX_BUCKET_FLOOR: usize = 1024;
/// Length of a section's MAC in the index.
pub const SECTION_MAC_LEN: usize = 32;
/// The largest header we accept (bounds allocation before the checksum).
pub const MAX_HEADER_LEN: usize = 64 * 1024;
/// Bytes of the fixed header part before the key slots.
const FIXED_HEADER_LEN: usize = 78;
/// The most passphrase slots a format-1 vault may have. A wrong
/// passphrase costs one key derivation per slot, so a file writer who
/// added slots could make every failed attempt arbitrarily long.
pub const MAX_PASSPHRASE_SLOTS: usize = 8;
/// Key-slot kind: a passphrase through Argon2id.
pub const SLOT_PASSPHRASE: u8 = 1;
/// Length of a passphrase slot's body.
const PASSPHRASE_SLOT_BODY: usize = 12 + 32 + NONCE_LEN + WRAPPED_LEN;
/// A wrapped master key: 32 zero bytes, the 32-byte key, a 16-byte tag.
pub const WRAPPED_LEN: usize = 32 + 32 + crypto::TAG_LEN;

/// Why the header could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// Not a sesame vault at all.
    NotAVault,
    /// A format version this build does not know.
    UnknownVersion(u16),
    /// The checksum or structure is wrong: accidental damage or tampering.
    Damaged,
    /// The checksum holds but flags this build does not know are set: a
    /// newer sesame wrote the file.
    UnknownFlags(u16),
}

/// A key slot: one way to unwrap the master key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A passphrase through Argon2id.
    Passphrase {
        /// KDF parameters.
        kdf: KdfParams,
        /// Argon2 salt.
        salt: [u8; 32],
        /// Nonce of the wrap.
        nonce: [u8; NONCE_LEN],
        /// The sealed `zeros || master key`.
        wrapped: [u8; WRAPPED_LEN],
    },
    /// A slot of a kind this build does not know (kept verbatim, skipped).
    Unknown {
        /// Its kind byte.
        kind: u8,
        /// Its body.
        body: Vec<u8>,
    },
}

/// The plaintext header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Random id of this vault, for its whole life.
    pub vault_id: [u8; 16],
    /// Grows by one per write (rollback detection).
    pub generation: u64,
    /// Bumped by `lock` to end every session (later issue).
    pub session_epoch: u64,
    /// Nonce of the sealed index.
    pub index_nonce: [u8; NONCE_LEN],
    /// Length of the sealed index (with its tag).
    pub index_len: u32,
    /// Key slots.
    pub slots: Vec<Slot>,
}

impl Header {
    /// The header's bytes, checksum included. These bytes are the AAD of
    /// the sealed index, so the index authenticates every header field.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(256);
        w.bytes(&MAGIC);
        w.u16(FORMAT_VERSION);
        w.u16(0); // flags
        w.u32(self.encoded_len() as u32);
        w.bytes(&self.vault_id);
        w.u64(self.generation);
        w.u64(self.session_epoch);
        w.bytes(&self.index_nonce);
        w.u32(self.index_len);
        w.u16(u16::try_from(self.slots.len()).expect("fewer than 65536 key slots"));
        for slot in &self.slots {
            match slot {
                Slot::Passphrase {
                    kdf,
                    salt,
                    nonce,
                    wrapped,
                } => {
                    w.u8(SLOT_PASSPHRASE);
                    w.u16(PASSPHRASE_SLOT_BODY as u16);
                    w.u32(kdf.memory_mib);
                    w.u32(kdf.iterations);
                    w.u32(kdf.parallelism);
                    w.bytes(salt);
                    w.bytes(nonce);
                    w.bytes(wrapped);
                }
                Slot::Unknown { kind, body } => {
                    w.u8(*kind);
                    w.u16(u16::try_from(body.len()).expect("slot bodies are small"));
                    w.bytes(body);
                }
            }
        }
        let mut bytes = w.into_inner();
        let sum = crypto::checksum(&bytes);
        bytes.extend_from_slice(&sum);
        bytes
    }

    /// The encoded length.
    pub fn encoded_len(&self) -> usize {
        let slots: usize = self
            .slots
            .iter()
            .map(|s| {
                3 + match s {
                    Slot::Passphrase { .. } => PASSPHRASE_SLOT_BODY,
                    Slot::Unknown { body, .. } => body.len(),
                }
            })
            .sum();
        FIXED_HEADER_LEN + slots + 32
    }

    /// The header length announced by the first bytes, checked for
    /// plausibility only (the checksum is verified by [`Header::decode`]).
    pub fn peek_len(prefix: &[u8]) -> Result<usize, HeaderError> {
        if prefix.len() < 16 || prefix[..8] != MAGIC {
            return Err(HeaderError::NotAVault);
        }
        let version = u16::from_le_bytes([prefix[8], prefix[9]]);
        if version != FORMAT_VERSION {
            return Err(HeaderError::UnknownVersion(version));
        }
        let len = u32::from_le_bytes(prefix[12..16].try_into().expect("4 bytes")) as usize;
        if !(FIXED_HEADER_LEN + 32..=MAX_HEADER_LEN).contains(&len) {
            return Err(HeaderError::Damaged);
        }
        Ok(len)
    }

    /// Decodes exactly `bytes` as a header, verifying its checksum first.
    pub fn decode(bytes: &[u8]) -> Result<Header, HeaderError> {
        let len = Header::peek_len(bytes)?;
        if bytes.len() != len {
            return Err(HeaderError::Damaged);
        }
        let (body, sum) = bytes.split_at(len - 32);
        if crypto::checksum(body) != sum {
            return Err(HeaderError::Damaged);
        }
        // Only now that the checksum holds are set flags a deliberate
        // choice of the writer rather than damage.
        let flags = u16::from_le_bytes([body[10], body[11]]);
        if flags != 0 {
            return Err(HeaderError::UnknownFlags(flags));
        }
        Header::decode_body(body).map_err(|Malformed| HeaderError::Damaged)
    }

    fn decode_body(body: &[u8]) -> Result<Header, Malformed> {
        let mut r = Reader::new(body);
        r.take(10)?; // magic and version, checked by peek_len
        if r.u16()? != 0 {
            return Err(Malformed); // unknown flags
        }
        r.u32()?;
        let vault_id = r.array()?;
        let generation = r.u64()?;
        let session_epoch = r.u64()?;
        let index_nonce = r.array()?;
        let index_len = r.u32()?;
        let count = r.u16()? as usize;
        let mut slots = Vec::with_capacity(count.min(r.remaining() / 3));
        for _ in 0..count {
            let kind = r.u8()?;
            let body_len = r.u16()? as usize;
            let body = r.take(body_len)?;
            slots.push(decode_slot(kind, body)?);
        }
        if r.remaining() != 0 {
            return Err(Malformed);
        }
        Ok(Header {
            vault_id,
            generation,
            session_epoch,
            index_nonce,
            index_len,
            slots,
        })
    }
}

fn decode_slot(kind: u8, body: &[u8]) -> Result<Slot, Malformed> {
    if kind != SLOT_PASSPHRASE {
        return Ok(Slot::Unknown {
            kind,
            body: body.to_vec(),
        });
    }
    if body.len() != PASSPHRASE_SLOT_BODY {
        return Err(Malformed);
    }
    let mut r = Reader::new(body);
    let kdf = KdfParams {
        memory_mib: r.u32()?,
        iterations: r.u32()?,
        parallelism: r.u32()?,
    };
    Ok(Slot::Passphrase {
        kdf,
        salt: r.array()?,
        nonce: r.array()?,
        wrapped: r.array()?,
    })
}

/// The AAD that binds a wrapped master key to its vault and slot.
pub fn slot_aad(vault_id: &[u8; 16], kdf: &KdfParams, salt: &[u8; 32]) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(b"sesame slot v1");
    w.bytes(vault_id);
    w.u8(SLOT_PASSPHRASE);
    w.u32(kdf.memory_mib);
    w.u32(kdf.iterations);
    w.u32(kdf.parallelism);
    w.bytes(salt);
    w.into_inner()
}

/// Where one owner's sealed section lies, and how to open it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// The owner scope whose secrets the section holds.
    pub owner: Owner,
    /// Absolute offset in the file.
    pub offset: u64,
    /// Length of the sealed section (with tag).
    pub len: u32,
    /// Nonce of the sealed section. Authenticated here, it pins the exact
    /// ciphertext: a section from an older copy or another vault fails.
    pub nonce: [u8; NONCE_LEN],
    /// How many secrets it holds (for `info` without decrypting it).
    pub secrets: u32,
    /// A keyed hash of the sealed section's bytes, so a write can
    /// authenticate the sections it carries over without decrypting them.
    /// `None` in indexes written before these MACs existed.
    pub mac: Option<[u8; SECTION_MAC_LEN]>,
}

impl IndexEntry {
    fn encoded_len(&self) -> usize {
        1 + 2 + self.owner.owner_id().len() + 8 + 4 + NONCE_LEN + 4
    }
}

/// The marker that starts the index's MAC block (after the entries).
const INDEX_MACS: u8 = 1;

/// The index: where every section is. Sealed under the file key with the
/// header bytes as AAD, so it authenticates the header and pins every
/// section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    /// Where the sections end and the zero padding starts.
    pub data_end: u64,
    /// Sections, sorted by owner, contiguous from the end of the index.
    pub entries: Vec<IndexEntry>,
}

impl Index {
    /// Length of the index's content before padding: the entries and the
    /// MAC block.
    fn unpadded_len(&self) -> usize {
        12 + self
            .entries
            .iter()
            .map(|e| e.encoded_len() + SECTION_MAC_LEN)
            .sum::<usize>()
            + 1
    }

    /// Length of the sealed index (tag included) that [`Index::encode`]
    /// makes: a power of two, at least [`INDEX_BUCKET_FLOOR`].
    pub fn sealed_len(&self) -> usize {
        (self.unpadded_len() + crypto::TAG_LEN)
            .next_power_of_two()
            .max(INDEX_BUCKET_FLOOR)
    }

    /// Plaintext bytes (zeroizing: they name owners), padded with zeros
    /// so that they seal to [`Index::sealed_len`]. Every entry must carry
    /// its MAC (a writer computes them all), and there are fewer than
    /// 2^32 entries (each is a section of the file).
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let plain_len = self.sealed_len() - crypto::TAG_LEN;
        // Reserved in full, so no reallocation leaves a copy behind.
        let mut w = Writer::with_capacity(plain_len);
        w.u64(self.data_end);
        w.u32(u32::try_from(self.entries.len()).expect("fewer than 2^32 sections"));
        for e in &self.entries {
            w.u8(owner_type_code(e.owner.owner_type()));
            w.short_str(e.owner.owner_id());
            w.u64(e.offset);
            w.u32(e.len);
            w.bytes(&e.nonce);
            w.u32(e.secrets);
        }
        w.u8(INDEX_MACS);
        for e in &self.entries {
            w.bytes(&e.mac.expect("a writer computes every section's MAC"));
        }
        w.buf_mut().resize(plain_len, 0);
        Zeroizing::new(w.into_inner())
    }

    /// Decodes plaintext bytes (already authenticated), requiring owners
    /// in strictly increasing order. Accepts both the index written before
    /// section MACs (entries only) and the current one (entries, MAC
    /// block, zero padding).
    pub fn decode(bytes: &[u8]) -> Result<Index, Malformed> {
        let mut r = Reader::new(bytes);
        let data_end = r.u64()?;
        let count = r.count(1 + 2 + 1 + 8 + 4 + NONCE_LEN + 4)?;
        let mut entries: Vec<IndexEntry> = Vec::with_capacity(count);
        for _ in 0..count {
            let owner_type = owner_type_from_code(r.u8()?)?;
            let owner = Owner::new(owner_type, r.short_str()?).map_err(|_| Malformed)?;
            if entries.last().is_some_and(|prev| prev.owner >= owner) {
                return Err(Malformed);
            }
            entries.push(IndexEntry {
                owner,
                offset: r.u64()?,
                len: r.u32()?,
                nonce: r.array()?,
                secrets: r.u32()?,
                mac: None,
            });
        }
        if r.remaining() != 0 {
            if r.u8()? != INDEX_MACS {
                return Err(Malformed);
            }
            for e in &mut entries {
                e.mac = Some(r.array()?);
            }
            r.expect_zero_padding()?;
        }
        Ok(Index { data_end, entries })
    }

    /// The entry of `owner`.
    pub fn find(&self, owner: &Owner) -> Option<&IndexEntry> {
        self.entries
            .binary_search_by(|e| e.owner.cmp(owner))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// Checks that sections tile `[index_end, data_end)` exactly, in
    /// order, and that the file is `data_end` rounded up to the alignment.
    pub fn check_layout(&self, index_end: u64, file_size: u64) -> Result<(), Malformed> {
        let mut at = index_end;
        for e in &self.entries {
            if e.offset != at || (e.len as usize) < crypto::TAG_LEN {
                return Err(Malformed);
            }
            at = at.checked_add(e.len as u64).ok_or(Malformed)?;
        }
        let aligned = self.data_end.div_ceil(FILE_ALIGN as u64) * FILE_ALIGN as u64;
        if at != self.data_end || aligned != file_size {
            return Err(Malformed);
        }
        Ok(())
    }
}

/// A section's plaintext, padded to [`SECTION_ALIGN`]. The buffer is
/// zeroizing: it holds IDs and metadata.
pub fn encode_section(section: &Section) -> Zeroizing<Vec<u8>> {
    let mut w = Writer::with_capacity(64 + section.entries.len() * 160);
    w.u8(1); // section encoding version
    w.u8(owner_type_code(section.owner.owner_type()));
    w.short_str(section.owner.owner_id());
    w.u32(section.entries.len() as u32);
    for (path, e) in &section.entries {
        w.short_str(path);
        w.u8(e.kind.code());
        w.i64(e.created);
        w.i64(e.updated);
        match &e.description {
            Some(d) => {
                w.u8(1);
                w.blob(d.as_bytes());
            }
            None => w.u8(0),
        }
        w.opt_i64(e.rotate_every);
        w.opt_i64(e.expires);
        w.u32(e.versions.len() as u32);
        for v in &e.versions {
            w.u32(v.number);
            w.i64(v.created);
            w.bytes(&v.sealed.nonce);
            w.blob(&v.sealed.ciphertext);
        }
    }
    w.pad_to(SECTION_ALIGN);
    Zeroizing::new(w.into_inner())
}

/// Decodes a section's plaintext (already authenticated).
pub fn decode_section(bytes: &[u8]) -> Result<Section, Malformed> {
    let mut r = Reader::new(bytes);
    if r.u8()? != 1 {
        return Err(Malformed);
    }
    let owner_type = owner_type_from_code(r.u8()?)?;
    let owner = Owner::new(owner_type, r.short_str()?).map_err(|_| Malformed)?;
    // The smallest entry: 2+1+8+8+1+1+1+4 bytes and one version of 4+8+24+4.
    let count = r.count(26 + 40)?;
    let mut entries = BTreeMap::new();
    for _ in 0..count {
        let path = r.short_str()?.to_string();
        let kind = SecretType::from_code(r.u8()?).ok_or(Malformed)?;
        let created = r.i64()?;
        let updated = r.i64()?;
        let description = match r.u8()? {
            0 => None,
            1 => Some(r.long_str()?.to_string()),
            _ => return Err(Malformed),
        };
        let rotate_every = r.opt_i64()?;
        let expires = r.opt_i64()?;
        let n = r.count(40)?;
        if n == 0 {
            return Err(Malformed);
        }
        let mut versions = Vec::with_capacity(n);
        for _ in 0..n {
            let number = r.u32()?;
            let created = r.i64()?;
            let nonce = r.array()?;
            let ciphertext = r.blob()?.to_vec();
            versions.push(VersionRecord {
                number,
                created,
                sealed: Sealed { nonce, ciphertext },
            });
        }
        if !versions.windows(2).all(|w| w[0].number < w[1].number) {
            return Err(Malformed);
        }
        let entry = Entry {
            kind,
            created,
            updated,
            description,
            rotate_every,
            expires,
            versions,
        };
        if entries.insert(path, entry).is_some() {
            return Err(Malformed);
        }
    }
    r.expect_zero_padding()?;
    Ok(Section { owner, entries })
}

/// The plaintext of one version's value: its fields. Zeroizing.
pub fn encode_value(fields: &crate::secret_type::Fields) -> Zeroizing<Vec<u8>> {
    let mut w = Writer::default();
    w.u8(1);
    let count = fields.iter().count();
    w.u16(count as u16);
    for (name, value) in fields.iter() {
        w.short_str(name);
        w.blob(value.expose_secret().as_bytes());
    }
    Zeroizing::new(w.into_inner())
}

/// Decodes a value's plaintext into field pairs.
pub fn decode_value(bytes: &[u8]) -> Result<Vec<(String, SecretString)>, Malformed> {
    let mut r = Reader::new(bytes);
    if r.u8()? != 1 {
        return Err(Malformed);
    }
    let n = r.u16()? as usize;
    let mut out = Vec::with_capacity(n.min(8));
    for _ in 0..n {
        let name = r.short_str()?.to_string();
        let value = r.long_str()?.to_string();
        out.push((name, SecretString::new(value)));
    }
    if r.remaining() != 0 {
        return Err(Malformed);
    }
    Ok(out)
}

fn owner_type_code(t: OwnerType) -> u8 {
    match t {
        OwnerType::Organization => 1,
        OwnerType::Project => 2,
        OwnerType::User => 3,
    }
}

fn owner_type_from_code(code: u8) -> Result<OwnerType, Malformed> {
    OwnerType::ALL
        .into_iter()
        .find(|t| owner_type_code(*t) == code)
        .ok_or(Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            vault_id: [1; 16],
            generation: 7,
            session_epoch: 0,
            index_nonce: [2; NONCE_LEN],
            index_len: 100,
            slots: vec![Slot::Passphrase {
                kdf: KdfParams::default(),
                salt: [3; 32],
                nonce: [4; NONCE_LEN],
                wrapped: [5; WRAPPED_LEN],
            }],
        }
    }

    #[test]
    fn header_round_trips_and_checks_its_sum() {
        let h = header();
        let bytes = h.encode();
        assert_eq!(bytes.len(), h.encoded_len());
        assert_eq!(Header::decode(&bytes), Ok(h));
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            assert!(Header::decode(&b).is_err(), "flip at {i} went unnoticed");
        }
    }

    #[test]
    fn unknown_flags_are_told_apart_from_damage() {
        let mut b = header().encode();
        b[10] = 1;
        assert_eq!(Header::decode(&b), Err(HeaderError::Damaged));
        let len = b.len();
        let sum = crypto::checksum(&b[..len - 32]);
        b[len - 32..].copy_from_slice(&sum);
        assert_eq!(Header::decode(&b), Err(HeaderError::UnknownFlags(1)));
    }

    fn index(owners: usize) -> Index {
        Index {
            data_end: 4096,
            entries: (0..owners)
                .map(|i| IndexEntry {
                    owner: Owner::new(OwnerType::Project, &format!("owner-{i:03}")).unwrap(),
                    offset: 1000 + i as u64,
                    len: 256,
                    nonce: [i as u8; NONCE_LEN],
                    secrets: i as u32,
                    mac: Some([7; SECTION_MAC_LEN]),
                })
                .collect(),
        }
    }

    #[test]
    fn the_index_pads_to_a_power_of_two_bucket_and_round_trips() {
        for owners in [0, 1, 5, 11, 12, 40, 200] {
            let idx = index(owners);
            let plain = idx.encode();
            let sealed = plain.len() + crypto::TAG_LEN;
            assert_eq!(sealed, idx.sealed_len());
            assert!(sealed.is_power_of_two() && sealed >= INDEX_BUCKET_FLOOR);
            assert_eq!(Index::decode(&plain), Ok(idx));
        }
        assert_eq!(index(11).sealed_len(), INDEX_BUCKET_FLOOR);
    }

    #[test]
    fn an_index_from_before_macs_still_decodes() {
        let mut idx = index(3);
        let plain = idx.encode();
        // The old form: the entries, and nothing after them.
        let entries_end = 12 + idx.entries.iter().map(|e| e.encoded_len()).sum::<usize>();
        for e in &mut idx.entries {
            e.mac = None;
        }
        assert_eq!(Index::decode(&plain[..entries_end]), Ok(idx));
        let mut bad = plain.to_vec();
        bad[entries_end] = 2;
        assert_eq!(Index::decode(&bad), Err(Malformed));
        let mut bad = plain.to_vec();
        *bad.last_mut().unwrap() = 1;
        assert_eq!(Index::decode(&bad), Err(Malformed));
        assert_eq!(
            Index::decode(&plain[..entries_end + 1 + 64]),
            Err(Malformed)
        );
    }

    #[test]
    fn unknown_version_and_magic_are_told_apart() {
        let mut b = header().encode();
        b[8] = 9;
        assert_eq!(Header::decode(&b), Err(HeaderError::UnknownVersion(9)));
        b[0] = b'X';
        assert_eq!(Header::decode(&b), Err(HeaderError::NotAVault));
    }
}
