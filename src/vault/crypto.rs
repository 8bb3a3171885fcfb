//! The only place that touches the cryptographic crates.
//!
//! - Argon2id turns a passphrase into a key-encryption key; its working
//!   memory is ours, and is wiped before it is freed.
//! - XChaCha20-Poly1305 seals everything, always with a fresh random 24-byte
//!   nonce from the OS (never a counter: copies of a vault must never repeat
//!   a nonce under one key).
//! - HKDF-SHA256 derives purpose keys from the master key; HMAC-SHA256 makes
//!   keyed labels.

use argon2::{Algorithm, Argon2, Block, Params, Version};
use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::secret::{Key, SecretString};

/// Length of a nonce.
pub const NONCE_LEN: usize = 24;
/// Length of an authentication tag.
pub const TAG_LEN: usize = 16;

/// The bounds the spec puts on Argon2id parameters (checked before any
/// derivation or allocation).
pub mod bounds {
    /// Smallest memory, MiB.
    pub const MIN_MEMORY_MIB: u32 = 19;
    /// Largest memory, MiB.
    pub const MAX_MEMORY_MIB: u32 = 4096;
    /// Fewest iterations.
    pub const MIN_ITERATIONS: u32 = 2;
    /// Most iterations.
    pub const MAX_ITERATIONS: u32 = 64;
    /// Fewest lanes.
    pub const MIN_PARALLELISM: u32 = 1;
    /// Most lanes.
    pub const MAX_PARALLELISM: u32 = 16;
}

/// Argon2id parameters as stored in a key slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in MiB.
    pub memory_mib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for KdfParams {
    fn default() -> KdfParams {
        KdfParams {
            memory_mib: 64,
            iterations: 3,
            parallelism: 4,
        }
    }
}

impl KdfParams {
    /// Checks the parameters against the spec's bounds; the message names the
    /// parameter and the bound.
    pub fn check(&self) -> Result<(), String> {
        use bounds::*;
        if !(MIN_MEMORY_MIB..=MAX_MEMORY_MIB).contains(&self.memory_mib) {
            return Err(format!(
                "memory {} MiB is outside {MIN_MEMORY_MIB}..={MAX_MEMORY_MIB} MiB",
                self.memory_mib
            ));
        }
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(format!(
                "{} iterations is outside {MIN_ITERATIONS}..={MAX_ITERATIONS}",
                self.iterations
            ));
        }
        if !(MIN_PARALLELISM..=MAX_PARALLELISM).contains(&self.parallelism) {
            return Err(format!(
                "{} lanes is outside {MIN_PARALLELISM}..={MAX_PARALLELISM}",
                self.parallelism
            ));
        }
        Ok(())
    }
}

/// Fills `buf` from the OS random number generator.
///
/// Panics if the OS has no randomness to give: continuing without it would
/// make nonces and keys predictable, which is worse than stopping.
pub fn fill_random(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the OS random number generator must be available");
}

/// A fresh random nonce.
pub fn random_nonce() -> [u8; NONCE_LEN] {
    let mut n = [0u8; NONCE_LEN];
    fill_random(&mut n);
    n
}

#[cfg(test)]
thread_local! {
    static KEK_DERIVATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many Argon2id derivations this thread has run (tests count them
/// to check that a path derives a passphrase's key only once).
#[cfg(test)]
pub(crate) fn kek_derivations() -> u64 {
    KEK_DERIVATIONS.with(|n| n.get())
}

/// Derives a key-encryption key from a passphrase with Argon2id.
///
/// Guarantees: the parameters are checked against the bounds before any
/// memory is allocated; the Argon2 working memory is zeroed before it is
/// freed. Returns `Err` with the bound's message when out of bounds.
pub fn derive_kek(
    passphrase: &SecretString,
    salt: &[u8; 32],
    params: KdfParams,
) -> Result<Key, String> {
    params.check()?;
    let mut memory: Zeroizing<Vec<Block>> = Zeroizing::new(Vec::new());
    derive_kek_in(passphrase, salt, params, &mut memory)
}

/// [`derive_kek`] with the caller's working memory, which is resized to
/// the parameters and left zeroed whatever the outcome (so a test can
/// look at it afterwards).
pub fn derive_kek_in(
    passphrase: &SecretString,
    salt: &[u8; 32],
    params: KdfParams,
    memory: &mut Vec<Block>,
) -> Result<Key, String> {
    params.check()?;
    #[cfg(test)]
    KEK_DERIVATIONS.with(|n| n.set(n.get() + 1));
    let blocks = params.memory_mib as usize * 1024;
    let argon_params = Params::new(
        params.memory_mib * 1024,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|e| format!("invalid Argon2 parameters: {e}"))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    memory.clear();
    memory.resize(blocks, Block::default());
    let mut out = [0u8; 32];
    let result = argon.hash_password_into_with_memory(
        passphrase.expose_secret().as_bytes(),
        salt,
        &mut out,
        &mut memory[..],
    );
    wipe_blocks(memory);
    let key = Key::from_bytes(out);
    out.zeroize();
    result.map_err(|e| format!("Argon2 failed: {e}"))?;
    Ok(key)
}

/// Zeroes Argon2 blocks in place (also done on drop by `Zeroizing`; this
/// explicit call is what the memory test observes).
pub fn wipe_blocks(blocks: &mut [Block]) {
    for b in blocks.iter_mut() {
        b.zeroize();
    }
}

/// Seals `plaintext` under `key` with `aad`, returning the nonce and
/// `ciphertext || tag`.
pub fn seal(key: &Key, aad: &[u8], plaintext: &[u8]) -> ([u8; NONCE_LEN], Vec<u8>) {
    let nonce = random_nonce();
    let ct = seal_with_nonce(key, &nonce, aad, plaintext);
    (nonce, ct)
}

/// Seals with a given nonce. Only for nonces fresh from [`random_nonce`].
pub fn seal_with_nonce(
    key: &Key,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose_secret().into());
    let mut buf = Vec::with_capacity(plaintext.len() + TAG_LEN);
    buf.extend_from_slice(plaintext);
    let tag = cipher
        .encrypt_inout_detached(&XNonce::from(*nonce), aad, buf.as_mut_slice().into())
        .expect("XChaCha20-Poly1305 seals any message that fits in memory");
    buf.extend_from_slice(&tag);
    buf
}

/// Opens `ciphertext || tag`. `None` means it is not authentic; which check
/// failed is deliberately not said.
pub fn open(
    key: &Key,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    sealed: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let split = sealed.len().checked_sub(TAG_LEN)?;
    let (ct, tag) = sealed.split_at(split);
    let tag = Tag::try_from(tag).ok()?;
    let cipher = XChaCha20Poly1305::new(key.expose_secret().into());
    let mut buf = Zeroizing::new(ct.to_vec());
    cipher
        .decrypt_inout_detached(&XNonce::from(*nonce), aad, buf.as_mut_slice().into(), &tag)
        .ok()?;
    Some(buf)
}

/// HKDF-SHA256 of the master key with `salt` (the vault id) and `info`.
pub fn derive_subkey(master: &Key, salt: &[u8], info: &[&[u8]]) -> Key {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(salt), master.expose_secret());
    let mut okm = [0u8; 32];
    hk.expand_multi_info(info, &mut okm)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    Key::from_bytes(okm)
}

/// HMAC-SHA256 of `parts` under `key`: a label that reveals nothing
/// without the key.
pub fn keyed_label(key: &Key, parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.expose_secret())
        .expect("HMAC takes keys of any length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Unkeyed SHA-256, for the header checksum (accidental damage only).
pub fn checksum(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_the_same_value_twice_differs() {
        let key = Key::random();
        let (n1, c1) = seal(&key, b"aad", b"same value");
        let (n2, c2) = seal(&key, b"aad", b"same value");
        assert_ne!(n1, n2);
        assert_ne!(c1, c2);
        assert_eq!(&open(&key, &n1, b"aad", &c1).unwrap()[..], b"same value");
    }

    #[test]
    fn wrong_aad_or_key_fails() {
        let key = Key::random();
        let (n, c) = seal(&key, b"aad", b"v");
        assert!(open(&key, &n, b"other", &c).is_none());
        assert!(open(&Key::random(), &n, b"aad", &c).is_none());
        assert!(open(&key, &n, b"aad", &c[..c.len() - 1]).is_none());
    }

    #[test]
    fn kdf_bounds_are_checked_before_derivation() {
        let salt = [0u8; 32];
        let pw = SecretString::from("pw");
        for bad in [
            KdfParams {
                memory_mib: 18,
                iterations: 2,
                parallelism: 1,
            },
            KdfParams {
                memory_mib: 4097,
                iterations: 2,
                parallelism: 1,
            },
            KdfParams {
                memory_mib: 19,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_mib: 19,
                iterations: 65,
                parallelism: 1,
            },
            KdfParams {
                memory_mib: 19,
                iterations: 2,
                parallelism: 17,
            },
            KdfParams {
                memory_mib: u32::MAX,
                iterations: 2,
                parallelism: 1,
            },
        ] {
            assert!(derive_kek(&pw, &salt, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn kdf_is_deterministic_and_salted() {
        let p = KdfParams {
            memory_mib: 19,
            iterations: 2,
            parallelism: 1,
        };
        let pw = SecretString::from("pw");
        let a = derive_kek(&pw, &[1; 32], p).unwrap();
        let b = derive_kek(&pw, &[1; 32], p).unwrap();
        let c = derive_kek(&pw, &[2; 32], p).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    /// vault.md §1.10: Argon2's working memory is wiped after use.
    #[test]
    fn argon2_memory_is_zero_after_a_derivation() {
        let mut memory = Vec::new();
        let p = KdfParams {
            memory_mib: 19,
            iterations: 2,
            parallelism: 1,
        };
        derive_kek_in(&SecretString::from("pw"), &[9; 32], p, &mut memory).unwrap();
        assert_eq!(memory.len(), 19 * 1024);
        assert!(
            memory.iter().all(|b| b.as_ref().iter().all(|w| *w == 0)),
            "Argon2 blocks were left in memory"
        );
    }

    #[test]
    fn wiped_blocks_are_zero() {
        let mut blocks = vec![Block::default(); 8];
        for b in blocks.iter_mut() {
            b.as_mut()[0] = 0xdead_beef;
        }
        wipe_blocks(&mut blocks);
        assert!(blocks.iter().all(|b| b.as_ref().iter().all(|w| *w == 0)));
    }
}
