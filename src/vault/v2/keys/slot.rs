//! Slots: the ways a member's user key (UK) is wrapped, their bytes, and
//! the recipients a slot can be made for.
//!
//! A passphrase slot wraps `32 zero bytes || UK` under an Argon2id KEK, as
//! format 1 does: the zero prefix, checked in constant time, makes the
//! unwrap key-committing. An age or ssh slot is an age file (the `age`
//! crate's X25519 or ssh-ed25519 stanza) of `binding || UK`, where
//! `binding` is a hash of the slot's kind, id, recipient and the caller's
//! context: the recipient string beside the file and the slot id are
//! authenticated by the unwrap, though the age file itself has no AAD.

use std::fmt;

use base64::Engine;
use base64::prelude::{BASE64_STANDARD, BASE64_STANDARD_NO_PAD};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::UserKey;
use crate::secret::{Key, SecretString};
use crate::vault::codec::{Malformed, Reader, Writer};
use crate::vault::crypto::{self, KdfParams};

/// A slot's random id.
pub type SlotId = [u8; 16];

/// Length of a passphrase slot's wrapped key: `32 zero bytes || UK` and
/// the tag.
pub const WRAPPED_LEN: usize = 64 + crypto::TAG_LEN;
/// The longest age file a slot may hold. One stanza wrapping 64 bytes
/// takes about 250; the bound keeps hostile input small.
pub const MAX_SLOT_FILE: usize = 2048;
/// The longest recipient string a slot may hold (an ssh-ed25519 line
/// without comment is 80 characters, `age1…` 62).
pub const MAX_RECIPIENT: usize = 256;

const KIND_PASSPHRASE: u8 = 1;
const KIND_AGE: u8 = 2;
const KIND_SSH: u8 = 3;

/// One way to unwrap a member's user key.
#[derive(Clone, PartialEq, Eq)]
pub enum Slot {
    /// Argon2id KEK over XChaCha20-Poly1305 of `32 zero bytes || UK`.
    Passphrase {
        /// The slot id.
        id: SlotId,
        /// Argon2id parameters (checked against the bounds on decode).
        kdf: KdfParams,
        /// Argon2id salt.
        salt: [u8; 32],
        /// XChaCha20 nonce.
        nonce: [u8; crypto::NONCE_LEN],
        /// Ciphertext and tag.
        wrapped: [u8; WRAPPED_LEN],
    },
    /// An age file to an X25519 recipient.
    Age {
        /// The slot id.
        id: SlotId,
        /// The `age1…` recipient, canonical (lower case).
        recipient: String,
        /// The age file of `binding || UK`.
        file: Vec<u8>,
    },
    /// An age file to an ssh-ed25519 public key.
    Ssh {
        /// The slot id.
        id: SlotId,
        /// `ssh-ed25519 AAAA…`, canonical, without comment.
        recipient: String,
        /// The age file of `binding || UK`.
        file: Vec<u8>,
    },
}

impl fmt::Debug for Slot {
    /// Slots hold only wrapped keys, but the wrapped bytes are not useful
    /// to print either: kind, id and fingerprint only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Slot")
            .field("kind", &self.kind_name())
            .field("id", &hex(self.id()))
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_id() -> SlotId {
    let mut id = [0u8; 16];
    crypto::fill_random(&mut id);
    id
}

impl Slot {
    /// A passphrase slot wrapping `uk`. `aad` binds it to its context (the
    /// vault and member ids). Fails only when `kdf` is out of bounds.
    pub fn passphrase(
        uk: &UserKey,
        passphrase: &SecretString,
        kdf: KdfParams,
        aad: &[u8],
    ) -> Result<Slot, String> {
        let mut salt = [0u8; 32];
        crypto::fill_random(&mut salt);
        let kek = crypto::derive_kek(passphrase, &salt, kdf)?;
        Ok(Slot::passphrase_from_kek(uk, &kek, kdf, salt, aad))
    }

    /// The passphrase slot [`Slot::passphrase`] makes with this `salt`,
    /// from the KEK already derived from the passphrase with `kdf` and
    /// `salt` (no Argon2 run here: the upgrade from format 1 reuses the
    /// KEK that opened the format-1 slot). `kek` must be that derivation's
    /// output, or the slot will not open with the passphrase.
    pub fn passphrase_from_kek(
        uk: &UserKey,
        kek: &Key,
        kdf: KdfParams,
        salt: [u8; 32],
        aad: &[u8],
    ) -> Slot {
        let id = random_id();
        let mut plain = Zeroizing::new([0u8; 64]);
        plain[32..].copy_from_slice(uk.expose_secret().expose_secret());
        let (nonce, ct) = crypto::seal(kek, &passphrase_aad(&id, &kdf, &salt, aad), &plain[..]);
        let wrapped = ct.try_into().expect("64 bytes seal to WRAPPED_LEN");
        Slot::Passphrase {
            id,
            kdf,
            salt,
            nonce,
            wrapped,
        }
    }

    /// An age or ssh slot wrapping `uk` for `recipient`.
    pub fn for_recipient(uk: &UserKey, recipient: &Recipient, aad: &[u8]) -> Slot {
        let id = random_id();
        let text = recipient.to_string();
        let kind = match recipient {
            Recipient::Age(_) => KIND_AGE,
            Recipient::Ssh(_) => KIND_SSH,
        };
        let mut plain = Zeroizing::new([0u8; 64]);
        plain[..32].copy_from_slice(&binding(kind, &id, &text, aad));
        plain[32..].copy_from_slice(uk.expose_secret().expose_secret());
        let file = match recipient {
            Recipient::Age(r) => age::encrypt(r, &plain[..]),
            Recipient::Ssh(r) => age::encrypt(r, &plain[..]),
        }
        .expect("age encrypts to an X25519 or ssh-ed25519 recipient into memory");
        match recipient {
            Recipient::Age(_) => Slot::Age {
                id,
                recipient: text,
                file,
            },
            Recipient::Ssh(_) => Slot::Ssh {
                id,
                recipient: text,
                file,
            },
        }
    }

    /// The slot's id.
    pub fn id(&self) -> &SlotId {
        match self {
            Slot::Passphrase { id, .. } | Slot::Age { id, .. } | Slot::Ssh { id, .. } => id,
        }
    }

    /// `passphrase`, `age` or `ssh`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Slot::Passphrase { .. } => "passphrase",
            Slot::Age { .. } => "age",
            Slot::Ssh { .. } => "ssh",
        }
    }

    /// A short display of the slot: `passphrase 1a2b3c4d` (the first bytes
    /// of the slot id), `age1abcdefgh…uvwxyz` (the recipient's ends) or
    /// `SHA256:…` (the key's fingerprint exactly as `ssh-keygen -l` shows
    /// it).
    pub fn fingerprint(&self) -> String {
        match self {
            Slot::Passphrase { id, .. } => format!("passphrase {}", hex(&id[..4])),
            Slot::Age { recipient, .. } => short_age(recipient),
            Slot::Ssh { recipient, .. } => ssh_fingerprint(recipient),
        }
    }

    /// The slot's bytes:
    /// `kind u8 || id 16 || passphrase: memory u32, iterations u32,
    /// lanes u32, salt 32, nonce 24, wrapped 80 | age, ssh: recipient
    /// (u16-prefixed UTF-8), file (u32-prefixed)`.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            Slot::Passphrase {
                id,
                kdf,
                salt,
                nonce,
                wrapped,
            } => {
                w.u8(KIND_PASSPHRASE);
                w.bytes(id);
                w.u32(kdf.memory_mib);
                w.u32(kdf.iterations);
                w.u32(kdf.parallelism);
                w.bytes(salt);
                w.bytes(nonce);
                w.bytes(wrapped);
            }
            Slot::Age {
                id,
                recipient,
                file,
            }
            | Slot::Ssh {
                id,
                recipient,
                file,
            } => {
                w.u8(if matches!(self, Slot::Age { .. }) {
                    KIND_AGE
                } else {
                    KIND_SSH
                });
                w.bytes(id);
                w.short_str(recipient);
                w.blob(file);
            }
        }
        w.into_inner()
    }

    /// Decodes [`Slot::encode`]. Hostile input: KDF parameters out of
    /// bounds, a recipient that is not canonical for the slot's kind, an
    /// oversized file, an unknown kind and trailing bytes are refused.
    pub fn decode(bytes: &[u8]) -> Result<Slot, Malformed> {
        let mut r = Reader::new(bytes);
        let kind = r.u8()?;
        let id = r.array::<16>()?;
        let slot = match kind {
            KIND_PASSPHRASE => {
                let kdf = KdfParams {
                    memory_mib: r.u32()?,
                    iterations: r.u32()?,
                    parallelism: r.u32()?,
                };
                kdf.check().map_err(|_| Malformed)?;
                Slot::Passphrase {
                    id,
                    kdf,
                    salt: r.array()?,
                    nonce: r.array()?,
                    wrapped: r.array()?,
                }
            }
            KIND_AGE | KIND_SSH => {
                let recipient = r.short_str()?;
                if recipient.len() > MAX_RECIPIENT {
                    return Err(Malformed);
                }
                let canonical = match (kind, parse_recipient(recipient)) {
                    (KIND_AGE, Ok(rec @ Recipient::Age(_)))
                    | (KIND_SSH, Ok(rec @ Recipient::Ssh(_))) => rec.to_string(),
                    _ => return Err(Malformed),
                };
                if canonical != recipient {
                    return Err(Malformed);
                }
                let file = r.blob()?;
                if file.len() > MAX_SLOT_FILE {
                    return Err(Malformed);
                }
                let (recipient, file) = (canonical, file.to_vec());
                if kind == KIND_AGE {
                    Slot::Age {
                        id,
                        recipient,
                        file,
                    }
                } else {
                    Slot::Ssh {
                        id,
                        recipient,
                        file,
                    }
                }
            }
            _ => return Err(Malformed),
        };
        if r.remaining() != 0 {
            return Err(Malformed);
        }
        Ok(slot)
    }
}

fn passphrase_aad(id: &SlotId, kdf: &KdfParams, salt: &[u8; 32], aad: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(b"sesame v2 slot");
    w.u8(KIND_PASSPHRASE);
    w.bytes(id);
    w.u32(kdf.memory_mib);
    w.u32(kdf.iterations);
    w.u32(kdf.parallelism);
    w.bytes(salt);
    w.bytes(aad);
    w.into_inner()
}

/// What an age or ssh slot's plaintext starts with: it ties the file to
/// the slot's kind, id and recipient and to the caller's context.
fn binding(kind: u8, id: &SlotId, recipient: &str, aad: &[u8]) -> [u8; 32] {
    let mut w = Writer::default();
    w.bytes(b"sesame v2 slot");
    w.u8(kind);
    w.bytes(id);
    w.short_str(recipient);
    w.bytes(aad);
    Sha256::digest(w.into_inner()).into()
}

/// Opens a passphrase slot with an already derived KEK. Key-committing:
/// the zero prefix is compared in constant time.
pub(super) fn open_passphrase(kek: &Key, slot: &Slot, aad: &[u8]) -> Option<UserKey> {
    let Slot::Passphrase {
        id,
        kdf,
        salt,
        nonce,
        wrapped,
    } = slot
    else {
        return None;
    };
    let plain = crypto::open(kek, nonce, &passphrase_aad(id, kdf, salt, aad), wrapped)?;
    committed_key(&plain, &[0u8; 32])
}

/// Checks the plaintext of an age or ssh slot opened by an age identity.
pub(super) fn open_age_plaintext(slot: &Slot, plain: &[u8], aad: &[u8]) -> Option<UserKey> {
    let (kind, id, recipient) = match slot {
        Slot::Age { id, recipient, .. } => (KIND_AGE, id, recipient),
        Slot::Ssh { id, recipient, .. } => (KIND_SSH, id, recipient),
        Slot::Passphrase { .. } => return None,
    };
    committed_key(plain, &binding(kind, id, recipient, aad))
}

fn committed_key(plain: &[u8], prefix: &[u8; 32]) -> Option<UserKey> {
    if plain.len() != 64 || !bool::from(plain[..32].ct_eq(prefix)) {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&plain[32..]);
    Some(UserKey::from_bytes(*key))
}

fn short_age(recipient: &str) -> String {
    // `age1` and 58 ASCII characters; anything else is shown whole.
    if recipient.len() > 24 && recipient.is_ascii() {
        format!("{}…{}", &recipient[..12], &recipient[recipient.len() - 6..])
    } else {
        recipient.to_string()
    }
}

fn ssh_fingerprint(recipient: &str) -> String {
    let blob = recipient
        .split_ascii_whitespace()
        .nth(1)
        .and_then(|b64| BASE64_STANDARD.decode(b64).ok())
        .unwrap_or_default();
    format!(
        "SHA256:{}",
        BASE64_STANDARD_NO_PAD.encode(Sha256::digest(&blob))
    )
}

/// A public key a slot can be made for.
#[derive(Clone)]
pub enum Recipient {
    /// An age X25519 recipient (`age1…`).
    Age(age::x25519::Recipient),
    /// An ssh-ed25519 public key.
    Ssh(age::ssh::Recipient),
}

impl fmt::Display for Recipient {
    /// The canonical form: `age1…`, or `ssh-ed25519 AAAA…` without comment.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recipient::Age(r) => write!(f, "{r}"),
            Recipient::Ssh(r) => write!(f, "{r}"),
        }
    }
}

impl PartialEq for Recipient {
    /// Equal when their canonical forms are.
    fn eq(&self, other: &Recipient) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Recipient {}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Recipient({self})")
    }
}

/// Why a recipient was refused. The messages name what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecipientError {
    /// Nothing recognisable.
    #[error("expected an age recipient (age1…) or an ssh public key line (ssh-ed25519 AAAA…)")]
    Unrecognised,
    /// More than one key in the text.
    #[error("expected one recipient (age1… or ssh-ed25519 …), found {0}")]
    Several(usize),
    /// An `age1` string that does not decode.
    #[error("invalid age recipient: expected age1… as age-keygen prints it")]
    InvalidAge,
    /// An `ssh-ed25519` line that does not decode.
    #[error("invalid ssh public key: expected ssh-ed25519 AAAA… [comment]")]
    InvalidSsh,
    /// Another ssh key type.
    #[error(
        "ssh key type {0} is not supported: use an ssh-ed25519 key or an age recipient (age1…)"
    )]
    UnsupportedSsh(String),
    /// A secret key where a public one was expected.
    #[error(
        "this is a private key, not a recipient: give the public key (age1… or ssh-ed25519 AAAA…)"
    )]
    PrivateKey,
}

const SSH_OTHER_TYPES: &[&str] = &[
    "ssh-rsa",
    "ssh-dss",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// Parses an `age1…` recipient, an `ssh-ed25519 AAAA… [comment]` line,
/// or the contents of a file holding one (blank lines and `#` comments
/// are skipped).
pub fn parse_recipient(text: &str) -> Result<Recipient, RecipientError> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let line = match lines.as_slice() {
        [one] => *one,
        [] => return Err(RecipientError::Unrecognised),
        several => {
            if several.iter().any(|l| l.starts_with("-----BEGIN")) {
                return Err(RecipientError::PrivateKey);
            }
            return Err(RecipientError::Several(several.len()));
        }
    };
    let upper = line.to_ascii_uppercase();
    if upper.starts_with("AGE-SECRET-KEY-") || line.starts_with("-----BEGIN") {
        return Err(RecipientError::PrivateKey);
    }
    if upper.starts_with("AGE1") {
        return line
            .parse::<age::x25519::Recipient>()
            .map(Recipient::Age)
            .map_err(|_| RecipientError::InvalidAge);
    }
    let mut fields = line.split_ascii_whitespace();
    let key_type = fields.next().unwrap_or_default();
    if key_type == "ssh-ed25519" {
        let b64 = fields.next().ok_or(RecipientError::InvalidSsh)?;
        return match format!("ssh-ed25519 {b64}").parse::<age::ssh::Recipient>() {
            Ok(r @ age::ssh::Recipient::SshEd25519(..)) => Ok(Recipient::Ssh(r)),
            _ => Err(RecipientError::InvalidSsh),
        };
    }
    if SSH_OTHER_TYPES.contains(&key_type) {
        return Err(RecipientError::UnsupportedSsh(key_type.to_string()));
    }
    Err(RecipientError::Unrecognised)
}

#[cfg(test)]
mod tests;
