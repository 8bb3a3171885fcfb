//! Passphrase key slots: wrapping the master key under a passphrase, and
//! unwrapping it again.

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::{Key, SecretString};

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

/// Tries every passphrase slot; the zero prefix, compared in constant
/// time, makes the unwrap key-committing.
pub(crate) fn unwrap_master(header: &Header, passphrase: SecretString) -> Result<(Key, usize)> {
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
            return Ok((Key::from_bytes(key), i));
        }
    }
    Err(Error::Unlock {
        message: "wrong passphrase: it does not open this vault".into(),
        hint: None,
    })
}
