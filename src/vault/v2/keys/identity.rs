//! Identities: what a member unlocks with. Each kind opens only its own
//! kind of slot and answers `None` for any slot it does not open, so the
//! caller can try every identity against every slot without learning why
//! one failed.
//!
//! Identity files are read by the caller; this module only parses their
//! bytes. Errors name the kind of file expected, never its contents.

use std::fmt;

use zeroize::Zeroizing;

use super::UserKey;
use super::slot::{self, Slot};
use crate::secret::SecretString;
use crate::vault::crypto;

/// Something that may open a member's slot.
pub trait Identity {
    /// The user key if this identity opens `slot` (with the context `aad`
    /// the slot was made with), else `None`.
    fn unwrap(&self, slot: &Slot, aad: &[u8]) -> Option<UserKey>;
    /// A short, non-secret description (`passphrase`, `age identity
    /// age1…`, `ssh key SHA256:…`).
    fn describe(&self) -> String;
}

/// Why an identity file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// Neither an age identity nor an OpenSSH private key.
    #[error(
        "expected an age identity (AGE-SECRET-KEY-1…, as age-keygen writes it) or an unencrypted OpenSSH ed25519 private key"
    )]
    Unrecognised,
    /// A line of an age identity file that is not a valid identity.
    #[error("invalid age identity on line {line}: expected AGE-SECRET-KEY-1…")]
    InvalidAge {
        /// 1-based line number.
        line: usize,
    },
    /// An age plugin identity.
    #[error(
        "age plugin identities are not supported: use an age X25519 identity (AGE-SECRET-KEY-1…)"
    )]
    AgePlugin,
    /// A passphrase-protected ssh key.
    #[error(
        "the ssh private key is protected by a passphrase: sesame reads only unencrypted OpenSSH ed25519 keys"
    )]
    SshEncrypted,
    /// An ssh key of another type.
    #[error("ssh key type {0} is not supported: use an ssh-ed25519 key or an age identity")]
    SshUnsupported(String),
    /// An OpenSSH private key that does not parse.
    #[error("invalid OpenSSH private key")]
    SshInvalid,
}

/// A passphrase, to open passphrase slots.
pub struct PassphraseIdentity(pub SecretString);

impl fmt::Debug for PassphraseIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PassphraseIdentity([REDACTED])")
    }
}

impl Identity for PassphraseIdentity {
    fn unwrap(&self, slot: &Slot, aad: &[u8]) -> Option<UserKey> {
        let Slot::Passphrase { kdf, salt, .. } = slot else {
            return None;
        };
        let kek = crypto::derive_kek(&self.0, salt, *kdf).ok()?;
        slot::open_passphrase(&kek, slot, aad)
    }

    fn describe(&self) -> String {
        "passphrase".to_string()
    }
}

/// One or more age X25519 identities, as `age-keygen` writes them.
pub struct AgeIdentity {
    keys: Vec<(age::x25519::Identity, String)>,
}

impl fmt::Debug for AgeIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let publics: Vec<&str> = self.keys.iter().map(|(_, r)| r.as_str()).collect();
        f.debug_struct("AgeIdentity")
            .field("recipients", &publics)
            .field("secrets", &"[REDACTED]")
            .finish()
    }
}

impl AgeIdentity {
    /// Parses an identity file: blank lines and `#` comments, and one or
    /// more `AGE-SECRET-KEY-1…` lines.
    pub fn parse(text: &str) -> Result<AgeIdentity, IdentityError> {
        let mut keys = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with("AGE-PLUGIN-") {
                return Err(IdentityError::AgePlugin);
            }
            let key: age::x25519::Identity = line
                .parse()
                .map_err(|_| IdentityError::InvalidAge { line: i + 1 })?;
            let public = key.to_public().to_string();
            keys.push((key, public));
        }
        if keys.is_empty() {
            return Err(IdentityError::Unrecognised);
        }
        Ok(AgeIdentity { keys })
    }

    /// The public recipients (`age1…`) of the identities.
    pub fn recipients(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(_, r)| r.as_str())
    }
}

impl Identity for AgeIdentity {
    fn unwrap(&self, slot: &Slot, aad: &[u8]) -> Option<UserKey> {
        let Slot::Age {
            recipient, file, ..
        } = slot
        else {
            return None;
        };
        let (key, _) = self.keys.iter().find(|(_, r)| r == recipient)?;
        let plain = Zeroizing::new(age::decrypt(key, file).ok()?);
        slot::open_age_plaintext(slot, &plain, aad)
    }

    fn describe(&self) -> String {
        match self.keys.as_slice() {
            [(_, r)] => format!("age identity {r}"),
            keys => format!("age identity file ({} keys)", keys.len()),
        }
    }
}

/// An unencrypted OpenSSH ed25519 private key.
pub struct SshIdentity {
    key: age::ssh::Identity,
    recipient: String,
    fingerprint: String,
}

impl fmt::Debug for SshIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SshIdentity")
            .field("public", &self.fingerprint)
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

impl SshIdentity {
    /// Parses an OpenSSH private key file. An encrypted key or another key
    /// type is a clear error.
    pub fn parse(bytes: &[u8]) -> Result<SshIdentity, IdentityError> {
        use age::ssh::{Identity as Ssh, Recipient as SshRecipient, UnsupportedKey};
        let key = Ssh::from_buffer(bytes, None).map_err(|_| IdentityError::SshInvalid)?;
        match &key {
            Ssh::Unencrypted(_) => {}
            Ssh::Encrypted(_)
            | Ssh::Unsupported(UnsupportedKey::EncryptedPem | UnsupportedKey::EncryptedSsh(_)) => {
                return Err(IdentityError::SshEncrypted);
            }
            Ssh::Unsupported(UnsupportedKey::Hardware(t) | UnsupportedKey::Type(t)) => {
                return Err(IdentityError::SshUnsupported(printable(t)));
            }
        }
        // age's key types are not all public; its recipient says which.
        let recipient = match SshRecipient::try_from(key.clone()) {
            Ok(r @ SshRecipient::SshEd25519(..)) => r.to_string(),
            Ok(SshRecipient::SshRsa(..)) => {
                return Err(IdentityError::SshUnsupported("ssh-rsa".to_string()));
            }
            Err(_) => return Err(IdentityError::SshInvalid),
        };
        let fingerprint = Slot::Ssh {
            id: [0; 16],
            recipient: recipient.clone(),
            file: Vec::new(),
        }
        .fingerprint();
        Ok(SshIdentity {
            key,
            recipient,
            fingerprint,
        })
    }

    /// The public key line (`ssh-ed25519 AAAA…`, no comment).
    pub fn recipient(&self) -> &str {
        &self.recipient
    }
}

/// At most 64 printable ASCII characters of a key type read from input.
fn printable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(64)
        .collect()
}

impl Identity for SshIdentity {
    fn unwrap(&self, slot: &Slot, aad: &[u8]) -> Option<UserKey> {
        let Slot::Ssh {
            recipient, file, ..
        } = slot
        else {
            return None;
        };
        if *recipient != self.recipient {
            return None;
        }
        let plain = Zeroizing::new(age::decrypt(&self.key, file).ok()?);
        slot::open_age_plaintext(slot, &plain, aad)
    }

    fn describe(&self) -> String {
        format!("ssh key {}", self.fingerprint)
    }
}

/// Detects the kind of an identity file and parses it.
pub fn load_identity(bytes: &[u8]) -> Result<Box<dyn Identity>, IdentityError> {
    let text = std::str::from_utf8(bytes).map_err(|_| IdentityError::Unrecognised)?;
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or(IdentityError::Unrecognised)?;
    if first.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
        return Ok(Box::new(SshIdentity::parse(bytes)?));
    }
    if first.starts_with("-----BEGIN") {
        // PEM: an old-style RSA/EC/DSA key, encrypted or not.
        return Err(match SshIdentity::parse(bytes) {
            Err(e) => e,
            Ok(_) => IdentityError::Unrecognised,
        });
    }
    if first.starts_with("AGE-SECRET-KEY-") || first.starts_with("AGE-PLUGIN-") {
        return Ok(Box::new(AgeIdentity::parse(text)?));
    }
    Err(IdentityError::Unrecognised)
}

#[cfg(test)]
mod tests;
