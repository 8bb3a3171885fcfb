//! Types that hold secret material: they zeroize on drop, print
//! `[REDACTED]` in `Debug`, implement no `Display`, and give up their bytes
//! only through a deliberately loud `expose_secret()`.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// Secret UTF-8 text: a passphrase, a value, a field.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Takes ownership of `s`; the caller's copy is moved, not cloned.
    pub fn new(s: String) -> SecretString {
        SecretString(Zeroizing::new(s))
    }

    /// The text. Every call site is a place where the secret leaves our care.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Compares in constant time (for passphrase confirmation).
    pub fn ct_eq(&self, other: &SecretString) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> SecretString {
        SecretString::new(s)
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> SecretString {
        SecretString::new(s.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
        String::deserialize(d).map(SecretString::new)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// A 256-bit key.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl Key {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key(bytes)
    }

    /// A fresh random key from the OS.
    pub fn random() -> Key {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).expect("the OS random number generator must be available");
        Key(k)
    }

    /// The key bytes.
    pub fn expose_secret(&self) -> &[u8; 32] {
        &self.0
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = SecretString::from("hunter2");
        assert_eq!(format!("{s:?}"), "[REDACTED]");
        let k = Key::from_bytes([7; 32]);
        assert!(!format!("{k:?}").contains('7'));
    }

    /// vault.md §1.10 / issue 8: `Debug` of everything that carries a
    /// secret prints `[REDACTED]`, never the secret.
    #[test]
    fn every_secret_bearing_type_is_redacted_in_debug() {
        use crate::secret_type::{Fields, SecretType};
        let secret = "hunter2-d3bug";
        let s3 = Fields::new(
            SecretType::S3,
            vec![
                ("access_key_id".into(), "AKIA".into()),
                ("secret_access_key".into(), secret.into()),
            ],
            false,
        )
        .unwrap();
        let id: crate::SecretId = "user/u/x".parse().unwrap();
        let shown = [
            format!("{:?}", SecretString::from(secret)),
            format!(
                "{:?}",
                Key::from_bytes(*b"hunter2-d3bughunter2-d3bughunter")
            ),
            format!("{:?}", crate::Unlock::Passphrase(secret.into())),
            format!("{:?}", crate::Unlock::MasterKey(Key::from_bytes([7; 32]))),
            format!("{s3:?}"),
            format!(
                "{:?}",
                crate::Setting {
                    info: info(&id),
                    fields: Some(s3.clone())
                }
            ),
            format!(
                "{:?}",
                crate::NewSecret {
                    fields: s3.clone(),
                    description: None
                }
            ),
            format!(
                "{:?}",
                crate::envvars::Var {
                    name: "X".into(),
                    value: secret.into(),
                    source: "s".into(),
                    named_from: None,
                }
            ),
            format!(
                "{:?}",
                crate::import::Entry::Value {
                    id: id.clone(),
                    fields: s3.clone()
                }
            ),
            format!(
                "{:?}",
                crate::vault::model::Sealed {
                    nonce: [1; 24],
                    ciphertext: secret.as_bytes().to_vec()
                }
            ),
        ];
        for text in &shown {
            assert!(
                !text.contains(secret) && !text.contains("hunter"),
                "leaks: {text}"
            );
        }
        assert!(
            shown.iter().filter(|t| t.contains("[REDACTED]")).count() >= 8,
            "{shown:#?}"
        );
    }

    fn info(id: &crate::SecretId) -> crate::SecretInfo {
        crate::SecretInfo {
            id: id.clone(),
            kind: crate::SecretType::S3,
            version: 1,
            created: 0,
            updated: 0,
            description: None,
            rotate_every: None,
            rotation_due: None,
            expires: None,
            conflict: false,
            instance: None,
        }
    }

    #[test]
    fn constant_time_compare() {
        assert!(SecretString::from("a").ct_eq(&"a".into()));
        assert!(!SecretString::from("a").ct_eq(&"b".into()));
    }
}
