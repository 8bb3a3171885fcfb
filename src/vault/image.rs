//! The file image: reading and checking the header, writing a whole
//! vault file, and the AADs and MACs that bind its parts together.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use subtle::ConstantTimeEq;

use crate::id::{Owner, SecretId};
use crate::secret::Key;
use crate::vault::error::{Error, Result};

use super::format::{self, FILE_ALIGN, Header, HeaderError, Index, IndexEntry};
use super::keys::Keys;
use super::{OpenOptions, crypto, damaged, store};

/// A section to write: re-sealed, or carried over byte for byte (its
/// entry's MAC always set, checked again as the bytes are copied).
pub(crate) enum SectionBytes {
    New {
        nonce: [u8; crypto::NONCE_LEN],
        ct: Vec<u8>,
        secrets: u32,
        mac: [u8; format::SECTION_MAC_LEN],
    },
    Old(IndexEntry),
}

impl SectionBytes {
    fn len(&self) -> usize {
        match self {
            SectionBytes::New { ct, .. } => ct.len(),
            SectionBytes::Old(e) => e.len as usize,
        }
    }
}

/// Writes a whole vault: `parts` are re-sealed sections, or sections
/// carried over byte for byte from `old`, the file the vault was opened from.
pub(crate) fn write_file(
    path: &Path,
    old: Option<&File>,
    replace: store::Replace,
    mut header: Header,
    keys: &Keys,
    parts: Vec<(Owner, SectionBytes)>,
) -> Result<()> {
    let mut index = Index {
        data_end: 0,
        entries: parts
            .iter()
            .map(|(owner, bytes)| {
                let (nonce, secrets, mac) = match bytes {
                    SectionBytes::New {
                        nonce,
                        secrets,
                        mac,
                        ..
                    } => (*nonce, *secrets, Some(*mac)),
                    SectionBytes::Old(e) => (e.nonce, e.secrets, e.mac),
                };
                IndexEntry {
                    owner: owner.clone(),
                    offset: 0,
                    len: u32::try_from(bytes.len()).expect("section lengths were checked"),
                    nonce,
                    secrets,
                    mac,
                }
            })
            .collect(),
    };
    let too_big = || Error::Other {
        message: "the vault would be too large to write".into(),
    };
    header.index_nonce = crypto::random_nonce();
    header.index_len = u32::try_from(index.sealed_len()).map_err(|_| too_big())?;
    let index_end = (header.encoded_len() as u64)
        .checked_add(header.index_len as u64)
        .ok_or_else(too_big)?;
    let mut offset = index_end;
    for e in &mut index.entries {
        e.offset = offset;
        offset = offset.checked_add(e.len as u64).ok_or_else(too_big)?;
    }
    index.data_end = offset;
    let header_bytes = header.encode();
    let sealed_index = crypto::seal_with_nonce(
        &keys.file,
        &header.index_nonce,
        &header_bytes,
        &index.encode(),
    );
    let total = offset.div_ceil(FILE_ALIGN as u64) * FILE_ALIGN as u64;
    // Read the index back as an open will, before anything is written.
    let reads_back = sealed_index.len() == header.index_len as usize
        && crypto::open(
            &keys.file,
            &header.index_nonce,
            &header_bytes,
            &sealed_index,
        )
        .and_then(|p| Index::decode(&p).ok())
        .is_some_and(|back| back == index && back.check_layout(index_end, total).is_ok());
    if !reads_back {
        return Err(Error::Other {
            message: "the new index does not read back; nothing was written".into(),
        });
    }
    let mac_key = section_mac_key(&keys.master, &header.vault_id);
    store::write_atomic(path, replace, |w| {
        let io = |e| Error::io("cannot write vault", path, e);
        w.write_all(&header_bytes).map_err(io)?;
        w.write_all(&sealed_index).map_err(io)?;
        for (owner, bytes) in &parts {
            match bytes {
                SectionBytes::New { ct, .. } => w.write_all(ct).map_err(io)?,
                SectionBytes::Old(e) => {
                    let old = old.expect("carried-over sections come from the file opened");
                    let buf = store::read_at(old, path, e.offset, e.len as usize)?;
                    // Checked again as copied: these are the bytes written.
                    let mac = section_mac(&mac_key, owner, &e.nonce, &buf);
                    let expected = e.mac.expect("carried-over sections were authenticated");
                    if !bool::from(mac.ct_eq(&expected)) {
                        return Err(damaged(path, "a section does not authenticate"));
                    }
                    w.write_all(&buf).map_err(io)?;
                }
            }
        }
        w.write_all(&vec![0u8; (total - offset) as usize])
            .map_err(io)?;
        Ok(())
    })
}

/// Opens the file at `path` and reads its header, checking its checksum
/// and that it is not older than the newest generation seen here.
///
/// Readers take no lock, so a writer may replace the vault between our
/// open and our look at the rollback state (which writers update after
/// the rename). A lower generation is a rollback only if the path still
/// holds the file we opened; if it was replaced, we read the new one.
/// The vault file as [`read_current_header`] found it.
pub(crate) struct CurrentHeader {
    pub(crate) file: File,
    pub(crate) size: u64,
    pub(crate) bytes: Vec<u8>,
    pub(crate) header: Header,
    /// The highest generation recorded here before this open.
    pub(crate) seen: u64,
}

pub(crate) fn read_current_header(path: &Path, options: &OpenOptions) -> Result<CurrentHeader> {
    use std::os::unix::fs::MetadataExt;
    let mut attempts = 0;
    loop {
        let (file, size) = store::open_vault(path)?;
        let prefix = store::read_at(&file, path, 0, (size as usize).min(16))?;
        let header_len = Header::peek_len(&prefix).map_err(|e| header_error(path, e))?;
        if size < FILE_ALIGN as u64 || size % FILE_ALIGN as u64 != 0 || (header_len as u64) > size {
            return Err(damaged(path, "truncated or extended"));
        }
        let header_bytes = store::read_at(&file, path, 0, header_len)?;
        let header = Header::decode(&header_bytes).map_err(|e| header_error(path, e))?;
        let seen = store::seen::get(options.rollback_state.as_deref(), &header.vault_id);
        if header.generation >= seen || options.allow_rollback {
            return Ok(CurrentHeader {
                file,
                size,
                bytes: header_bytes,
                header,
                seen,
            });
        }
        let ours = file.metadata().map(|m| (m.dev(), m.ino())).ok();
        let now = std::fs::metadata(path).map(|m| (m.dev(), m.ino())).ok();
        attempts += 1;
        if ours == now || attempts >= 10 {
            return Err(Error::Rollback {
                path: path.to_path_buf(),
                found: header.generation,
                seen,
            });
        }
    }
}

pub(crate) fn header_error(path: &Path, e: HeaderError) -> Error {
    match e {
        HeaderError::NotAVault => damaged(path, "not a sesame vault"),
        HeaderError::UnknownVersion(_) => {
            damaged(path, "unknown format version; a newer sesame may read it")
        }
        HeaderError::Damaged => damaged(path, "the header fails its checksum"),
        HeaderError::UnknownFlags(_) => damaged(path, "unknown flags: written by a newer sesame?"),
    }
}

pub(crate) fn lp(part: &[u8]) -> [u8; 4] {
    (part.len() as u32).to_le_bytes()
}

pub(crate) fn push_lp(aad: &mut Vec<u8>, part: &[u8]) {
    aad.extend_from_slice(&lp(part));
    aad.extend_from_slice(part);
}

pub(crate) fn section_aad(vault_id: &[u8; 16], owner: &Owner) -> Vec<u8> {
    let mut aad = b"sesame section v1".to_vec();
    aad.extend_from_slice(vault_id);
    push_lp(&mut aad, owner.owner_type().as_str().as_bytes());
    push_lp(&mut aad, owner.owner_id().as_bytes());
    aad
}

/// The key of the section MACs in the index.
pub(crate) fn section_mac_key(master: &Key, vault_id: &[u8; 16]) -> Key {
    crypto::derive_subkey(master, vault_id, &[b"sesame v1 section mac"])
}

/// The MAC of one sealed section as the index holds it: HMAC-SHA256 over
/// its owner, nonce and bytes. A write checks it for every section it
/// carries over, without decrypting them.
pub(crate) fn section_mac(
    key: &Key,
    owner: &Owner,
    nonce: &[u8; crypto::NONCE_LEN],
    sealed: &[u8],
) -> [u8; format::SECTION_MAC_LEN] {
    let t = owner.owner_type().as_str().as_bytes();
    let id = owner.owner_id().as_bytes();
    crypto::keyed_label(key, &[&lp(t), t, &lp(id), id, nonce, &lp(sealed), sealed])
}

/// The AAD of a sealed value: the vault, the secret's ID in
/// length-prefixed parts, and the version, so a value moved to another
/// secret or version no longer opens.
pub(crate) fn value_aad(vault_id: &[u8; 16], id: &SecretId, version: u32) -> Vec<u8> {
    let mut aad = b"sesame value v1".to_vec();
    aad.extend_from_slice(vault_id);
    push_lp(&mut aad, id.owner().owner_type().as_str().as_bytes());
    push_lp(&mut aad, id.owner().owner_id().as_bytes());
    push_lp(&mut aad, id.path().as_bytes());
    aad.extend_from_slice(&version.to_le_bytes());
    aad
}
