//! Passphrase key slots: wrapping the master key under a passphrase, and
//! unwrapping it again.

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::secret::{Key, SecretString};
use crate::vault::error::{Error, Result};

use crate::vault::KdfParams;
use crate::vault::crypto;
use crate::vault::format::{self, Header, Slot};

pub(crate) fn make_passphrase_slot(
    vault_id: &[u8; 16],
    master: &Key,
    passphrase: &SecretString,
    kdf: KdfParams,
) -> Result<Slot> {
    let mut salt = [0u8; 32];
    crypto::fill_random(&mut salt);
    let kek = crypto::derive_kek(passphrase, &salt, kdf)
        .map_err(|message| Error::KdfPolicy { message })?;
    let mut plain = Zeroizing::new([0u8; 64]);
    plain[32..].copy_from_slice(master.expose_secret());
    let (nonce, ct) = crypto::seal(&kek, &format::slot_aad(vault_id, &kdf, &salt), &plain[..]);
    let wrapped = ct.try_into().expect("64 bytes seal to WRAPPED_LEN");
    Ok(Slot::Passphrase {
        kdf,
        salt,
        nonce,
        wrapped,
    })
}

/// The key-encryption key a passphrase gave for the slot that opened the
/// vault, with that slot's salt and KDF parameters: what the upgrade to
/// format 2 needs to make the member's passphrase slot without a second
/// Argon2 run. The KEK zeroizes on drop and `Debug` shows no key bytes.
pub struct PassphraseKek {
    /// Argon2id(passphrase, salt, kdf).
    pub kek: Key,
    /// The slot's salt.
    pub salt: [u8; 32],
    /// The slot's KDF parameters.
    pub kdf: KdfParams,
}

impl std::fmt::Debug for PassphraseKek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassphraseKek")
            .field("kek", &"[REDACTED]")
            .field("kdf", &self.kdf)
            .finish_non_exhaustive()
    }
}

/// Tries every passphrase slot; the zero prefix, compared in constant
/// time, makes the unwrap key-committing. Returns the master key, the
/// index of the slot that opened, and that slot's KEK.
pub(crate) fn unwrap_master(
    header: &Header,
    passphrase: SecretString,
) -> Result<(Key, usize, PassphraseKek)> {
    for (i, slot) in header.slots.iter().enumerate() {
        let Slot::Passphrase {
            kdf,
            salt,
            nonce,
            wrapped,
        } = slot
        else {
            continue;
        };
        let kek = crypto::derive_kek(&passphrase, salt, *kdf)
            .map_err(|message| Error::KdfPolicy { message })?;
        let Some(plain) = crypto::open(
            &kek,
            nonce,
            &format::slot_aad(&header.vault_id, kdf, salt),
            wrapped,
        ) else {
            continue;
        };
        if plain.len() == 64 && bool::from(plain[..32].ct_eq(&[0u8; 32])) {
            let mut key = [0u8; 32];
            key.copy_from_slice(&plain[32..]);
            let kek = PassphraseKek {
                kek,
                salt: *salt,
                kdf: *kdf,
            };
            return Ok((Key::from_bytes(key), i, kek));
        }
    }
    Err(Error::Unlock {
        message: "wrong passphrase: it does not open this vault".into(),
        advice: None,
    })
}
