//! Scope keys: the names key (NK) and values key (VK) of one scope epoch,
//! the scope tag derived from NK, and the epoch chain.
//!
//! D4 in code: a read grant holds no values key; the chain seals NK(e−1)
//! under NK(e) and VK(e−1) under VK(e) as two separate blobs, so walking
//! the chain from a names key alone never reaches a values key.

use std::fmt;

use zeroize::Zeroizing;

use crate::secret::Key;
use crate::vault::codec::{Reader, Writer};
use crate::vault::crypto;

/// Length of a scope tag.
pub const TAG_LEN: usize = 16;
const SEALED_KEY_LEN: usize = crypto::NONCE_LEN + 32 + crypto::TAG_LEN;

/// The keys of one scope epoch that a member holds.
#[derive(Clone, PartialEq, Eq)]
pub struct ScopeKeys {
    /// NK: checkpoints, pages, records' sealed metadata.
    pub names: Key,
    /// VK: value blobs. `None` for a read grant.
    pub values: Option<Key>,
}

impl fmt::Debug for ScopeKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScopeKeys")
            .field("names", &"[REDACTED]")
            .field("values", &self.values.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

/// The scope tag of an epoch: HKDF-SHA256(NK, info "sesame v2 tag"),
/// truncated to 16 bytes.
pub fn tag(names: &Key) -> [u8; TAG_LEN] {
    let k = crypto::derive_subkey(names, &[], &[b"sesame v2 tag"]);
    k.expose_secret()[..TAG_LEN]
        .try_into()
        .expect("16 of 32 bytes")
}

fn labelled(label: &[u8], aad: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(label.len() + aad.len());
    v.extend_from_slice(label);
    v.extend_from_slice(aad);
    v
}

fn seal_key(under: &Key, label: &[u8], aad: &[u8], key: &Key) -> Vec<u8> {
    let (nonce, ct) = crypto::seal(under, &labelled(label, aad), key.expose_secret());
    let mut out = Vec::with_capacity(SEALED_KEY_LEN);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

fn open_key(under: &Key, label: &[u8], aad: &[u8], sealed: &[u8]) -> Option<Key> {
    let plain = open_blob(under, &labelled(label, aad), sealed)?;
    let bytes: [u8; 32] = plain.as_slice().try_into().ok()?;
    Some(Key::from_bytes(bytes))
}

fn open_blob(under: &Key, aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let nonce: [u8; crypto::NONCE_LEN] = sealed.get(..crypto::NONCE_LEN)?.try_into().ok()?;
    crypto::open(under, &nonce, aad, &sealed[crypto::NONCE_LEN..])
}

fn seal_blob(under: &Key, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let (nonce, ct) = crypto::seal(under, aad, plaintext);
    let mut out = Vec::with_capacity(nonce.len() + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

const CHAIN_NAMES: &[u8] = b"sesame v2 chain names";
const CHAIN_VALUES: &[u8] = b"sesame v2 chain values";
const NAMES_LABEL: &[u8] = b"sesame v2 names";
const VALUES_LABEL: &[u8] = b"sesame v2 values";

impl ScopeKeys {
    /// Fresh random NK and VK (a new scope or epoch).
    pub fn generate() -> ScopeKeys {
        ScopeKeys {
            names: Key::random(),
            values: Some(Key::random()),
        }
    }

    /// The same epoch's keys with the values key dropped: what a read
    /// delivery carries.
    pub fn read_only(&self) -> ScopeKeys {
        ScopeKeys {
            names: self.names.clone(),
            values: None,
        }
    }

    /// This epoch's scope tag.
    pub fn tag(&self) -> [u8; TAG_LEN] {
        tag(&self.names)
    }

    /// The delivery payload: `NK` (read) or `NK || VK` (write).
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(64));
        out.extend_from_slice(self.names.expose_secret());
        if let Some(vk) = &self.values {
            out.extend_from_slice(vk.expose_secret());
        }
        out
    }

    /// Whether `len` bytes can be an encoding ([`ScopeKeys::decode`]
    /// takes any bytes of such a length).
    pub fn is_encoding_len(len: usize) -> bool {
        matches!(len, 32 | 64)
    }

    /// Decodes [`ScopeKeys::encode`]: exactly 32 or 64 bytes.
    pub fn decode(bytes: &[u8]) -> Option<ScopeKeys> {
        let key = |b: &[u8]| -> Option<Key> { Some(Key::from_bytes(b.try_into().ok()?)) };
        match bytes.len() {
            32 => Some(ScopeKeys {
                names: key(bytes)?,
                values: None,
            }),
            64 => Some(ScopeKeys {
                names: key(&bytes[..32])?,
                values: Some(key(&bytes[32..])?),
            }),
            _ => None,
        }
    }

    /// Seals names-side data (metadata, pages) under NK.
    pub fn seal_names(&self, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        seal_blob(&self.names, &labelled(NAMES_LABEL, aad), plaintext)
    }

    /// Opens [`ScopeKeys::seal_names`].
    pub fn open_names(&self, aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        open_blob(&self.names, &labelled(NAMES_LABEL, aad), sealed)
    }

    /// Seals a value under VK; `None` without a values key.
    pub fn seal_value(&self, aad: &[u8], plaintext: &[u8]) -> Option<Vec<u8>> {
        let vk = self.values.as_ref()?;
        Some(seal_blob(vk, &labelled(VALUES_LABEL, aad), plaintext))
    }

    /// Opens [`ScopeKeys::seal_value`]; `None` without a values key.
    pub fn open_value(&self, aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        open_blob(self.values.as_ref()?, &labelled(VALUES_LABEL, aad), sealed)
    }
}

/// The chain link from epoch e−1 to e: `NK(e−1)` sealed under `NK(e)`,
/// then a flag byte and, when both epochs have a values key, `VK(e−1)`
/// sealed under `VK(e)`. Two separate blobs: a values key is never sealed
/// under a names key.
pub fn seal_previous(current: &ScopeKeys, previous: &ScopeKeys, aad: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(&seal_key(&current.names, CHAIN_NAMES, aad, &previous.names));
    match (&current.values, &previous.values) {
        (Some(vk), Some(prev)) => {
            w.u8(1);
            w.bytes(&seal_key(vk, CHAIN_VALUES, aad, prev));
        }
        _ => w.u8(0),
    }
    w.into_inner()
}

/// Opens a chain link with the current epoch's keys: the previous NK, and
/// the previous VK only when `current` has a values key. `None` when the
/// link is malformed or does not open.
pub fn open_previous(current: &ScopeKeys, sealed: &[u8], aad: &[u8]) -> Option<ScopeKeys> {
    let mut r = Reader::new(sealed);
    let names_blob = r.take(SEALED_KEY_LEN).ok()?;
    let values_blob = match r.u8().ok()? {
        0 => None,
        1 => Some(r.take(SEALED_KEY_LEN).ok()?),
        _ => return None,
    };
    if r.remaining() != 0 {
        return None;
    }
    let names = open_key(&current.names, CHAIN_NAMES, aad, names_blob)?;
    let values = match (&current.values, values_blob) {
        (Some(vk), Some(blob)) => Some(open_key(vk, CHAIN_VALUES, aad, blob)?),
        _ => None,
    };
    Some(ScopeKeys { names, values })
}

#[cfg(test)]
mod tests;
