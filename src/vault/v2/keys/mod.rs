//! Format 2 keys: a member's own keys, the slots that wrap them, the
//! identities that open slots, scope keys and their epoch chain, and the
//! deliveries that hand scope keys to members (docs/format2-design.md §2).
//!
//! Invariants:
//! - every type that holds key material zeroizes it on drop and prints
//!   `[REDACTED]` in `Debug`; errors never carry key bytes;
//! - every decoder is for hostile input: fixed or bounded lengths, no panic
//!   on any input, trailing bytes refused;
//! - a values key is only ever sealed under a values key or delivered to a
//!   member by a write delivery; nothing here seals one under a names key.
//!
//! Public-key work (X25519 stanzas, ssh-ed25519 stanzas) is the `age`
//! crate's; this module only chooses what is encrypted to whom.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use subtle::ConstantTimeEq;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::{Zeroize, Zeroizing};

use crate::secret::Key;
use crate::vault::crypto;

pub mod identity;
pub mod scope;
pub mod slot;

pub use identity::{
    AgeIdentity, Identity, IdentityError, PassphraseIdentity, SshIdentity, load_identity,
};
pub use scope::ScopeKeys;
pub use slot::{Recipient, RecipientError, Slot, SlotId, parse_recipient};

/// Length of an Ed25519 signature.
pub const SIG_LEN: usize = 64;
/// Length of an encoded [`MemberPublic`].
pub const MEMBER_PUBLIC_LEN: usize = 64;
/// Length of a delivery hint.
pub const HINT_LEN: usize = 8;

/// Why keys could not be decoded or opened. Deliberately coarse: it never
/// says which byte or which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The bytes are not a well-formed encoding.
    #[error("malformed key data")]
    Malformed,
    /// The sealed keys do not open under this key (or were altered).
    #[error("the sealed member keys do not open with this key")]
    Undecryptable,
    /// The opened secret keys do not belong to the member's public keys.
    #[error("the sealed member keys do not match the member's public keys")]
    Mismatch,
}

/// A member's own key (UK): 32 random bytes that every one of the member's
/// slots wraps, and under which the member's secret keys are sealed.
#[derive(Clone, PartialEq, Eq)]
pub struct UserKey(Key);

impl UserKey {
    /// A fresh random user key.
    pub fn generate() -> UserKey {
        UserKey(Key::random())
    }

    /// Wraps raw bytes (from an opened slot).
    pub fn from_bytes(bytes: [u8; 32]) -> UserKey {
        UserKey(Key::from_bytes(bytes))
    }

    /// The key, for sealing and opening under it.
    pub fn expose_secret(&self) -> &Key {
        &self.0
    }
}

impl fmt::Debug for UserKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserKey([REDACTED])")
    }
}

/// A member's public keys: the X25519 key deliveries are encrypted to (an
/// age recipient) and the Ed25519 key their records are verified with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberPublic {
    /// X25519 public key (IK).
    pub ik: PublicKey,
    /// Ed25519 verifying key (SK).
    pub sk: VerifyingKey,
}

impl MemberPublic {
    /// `ik || sk`, 64 bytes.
    pub fn to_bytes(&self) -> [u8; MEMBER_PUBLIC_LEN] {
        let mut out = [0u8; MEMBER_PUBLIC_LEN];
        out[..32].copy_from_slice(self.ik.as_bytes());
        out[32..].copy_from_slice(self.sk.as_bytes());
        out
    }

    /// Decodes [`MemberPublic::to_bytes`]. Refuses an X25519 key of small
    /// order (its shared secrets would be public) and a weak or
    /// non-canonical Ed25519 key.
    pub fn from_bytes(bytes: &[u8]) -> Result<MemberPublic, KeyError> {
        let public = MemberPublic::for_signatures(bytes)?;
        if !public.ik_usable() {
            return Err(KeyError::Malformed);
        }
        Ok(public)
    }

    /// [`MemberPublic::from_bytes`] without the X25519 check (a scalar
    /// multiplication): for checking signatures, which use SK only. The
    /// IK of a key parsed so must pass [`MemberPublic::ik_usable`] before
    /// anything is delivered to it; a hint with it never matches.
    pub fn for_signatures(bytes: &[u8]) -> Result<MemberPublic, KeyError> {
        let bytes: &[u8; MEMBER_PUBLIC_LEN] = bytes.try_into().map_err(|_| KeyError::Malformed)?;
        let ik_bytes: [u8; 32] = bytes[..32].try_into().expect("32 of 64 bytes");
        let sk_bytes: [u8; 32] = bytes[32..].try_into().expect("32 of 64 bytes");
        let ik = PublicKey::from(ik_bytes);
        let sk = VerifyingKey::from_bytes(&sk_bytes).map_err(|_| KeyError::Malformed)?;
        if sk.is_weak() || sk.as_bytes() != &sk_bytes {
            return Err(KeyError::Malformed);
        }
        Ok(MemberPublic { ik, sk })
    }

    /// Whether IK is not of small order (its shared secrets would be
    /// public, and so would what is delivered to it).
    pub fn ik_usable(&self) -> bool {
        // A clamped scalar is a multiple of the cofactor, so the product is
        // zero exactly when the point lies in the small subgroup.
        let probe = StaticSecret::from([1u8; 32]);
        probe.diffie_hellman(&self.ik).was_contributory()
    }

    /// The member's IK as an age recipient.
    pub fn age_recipient(&self) -> age::x25519::Recipient {
        let text = bech32::encode_lower::<bech32::Bech32>(AGE_PUBLIC_HRP, self.ik.as_bytes())
            .expect("32 bytes fit a bech32 string");
        text.parse()
            .expect("a bech32 age1 string of 32 bytes is an age recipient")
    }
}

const AGE_PUBLIC_HRP: bech32::Hrp = bech32::Hrp::parse_unchecked("age");
const AGE_SECRET_HRP: bech32::Hrp = bech32::Hrp::parse_unchecked("AGE-SECRET-KEY-");

/// A member's keys: UK, and the secret halves of IK and SK.
pub struct MemberKeys {
    /// The member's own key.
    pub uk: UserKey,
    ik: StaticSecret,
    sk: SigningKey,
}

impl fmt::Debug for MemberKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemberKeys")
            .field("public", &self.public())
            .field("secrets", &"[REDACTED]")
            .finish()
    }
}

const SECRETS_LABEL: &[u8] = b"sesame v2 member secrets";
const SECRETS_PLAIN_LEN: usize = 64;
/// Length of [`MemberKeys::seal_secrets`]' output.
pub const SEALED_SECRETS_LEN: usize = crypto::NONCE_LEN + SECRETS_PLAIN_LEN + crypto::TAG_LEN;

impl MemberKeys {
    /// Fresh random UK, IK and SK.
    pub fn generate() -> MemberKeys {
        let mut ik = Zeroizing::new([0u8; 32]);
        let mut sk = Zeroizing::new([0u8; 32]);
        crypto::fill_random(&mut ik[..]);
        crypto::fill_random(&mut sk[..]);
        MemberKeys {
            uk: UserKey::generate(),
            ik: StaticSecret::from(*ik),
            sk: SigningKey::from_bytes(&sk),
        }
    }

    /// The public halves.
    pub fn public(&self) -> MemberPublic {
        MemberPublic {
            ik: PublicKey::from(&self.ik),
            sk: self.sk.verifying_key(),
        }
    }

    /// The signing key (SK), for [`sign`].
    pub fn signing_key(&self) -> &SigningKey {
        &self.sk
    }

    /// The member's IK as an age identity (to open deliveries).
    pub fn age_identity(&self) -> age::x25519::Identity {
        let bytes = Zeroizing::new(self.ik.to_bytes());
        let text = Zeroizing::new(
            bech32::encode_upper::<bech32::Bech32>(AGE_SECRET_HRP, &bytes[..])
                .expect("32 bytes fit a bech32 string"),
        );
        text.parse()
            .expect("a bech32 AGE-SECRET-KEY-1 string of 32 bytes is an age identity")
    }

    /// `nonce || XChaCha20-Poly1305(UK, ik_secret || sk_secret)` with
    /// `aad` (the caller binds it to the vault and member) behind a fixed
    /// label. The public halves travel in the clear beside it.
    pub fn seal_secrets(&self, aad: &[u8]) -> Vec<u8> {
        let mut plain = Zeroizing::new([0u8; SECRETS_PLAIN_LEN]);
        plain[..32].copy_from_slice(&Zeroizing::new(self.ik.to_bytes())[..]);
        plain[32..].copy_from_slice(self.sk.as_bytes());
        let (nonce, ct) = crypto::seal(self.uk.expose_secret(), &secrets_aad(aad), &plain[..]);
        let mut out = Vec::with_capacity(SEALED_SECRETS_LEN);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out
    }

    /// Opens [`MemberKeys::seal_secrets`] and checks that the secret halves
    /// are those of `public` (a record whose clear public keys were swapped
    /// is refused).
    pub fn open_secrets(
        uk: UserKey,
        sealed: &[u8],
        public: &MemberPublic,
        aad: &[u8],
    ) -> Result<MemberKeys, KeyError> {
        if sealed.len() != SEALED_SECRETS_LEN {
            return Err(KeyError::Malformed);
        }
        let (nonce, ct) = sealed.split_at(crypto::NONCE_LEN);
        let nonce: [u8; crypto::NONCE_LEN] = nonce.try_into().expect("split at NONCE_LEN");
        let plain = crypto::open(uk.expose_secret(), &nonce, &secrets_aad(aad), ct)
            .ok_or(KeyError::Undecryptable)?;
        let mut ik = Zeroizing::new([0u8; 32]);
        let mut sk = Zeroizing::new([0u8; 32]);
        ik.copy_from_slice(&plain[..32]);
        sk.copy_from_slice(&plain[32..]);
        let keys = MemberKeys {
            uk,
            ik: StaticSecret::from(*ik),
            sk: SigningKey::from_bytes(&sk),
        };
        if keys.public() != *public {
            return Err(KeyError::Mismatch);
        }
        Ok(keys)
    }
}

fn secrets_aad(aad: &[u8]) -> Vec<u8> {
    let mut full = Vec::with_capacity(SECRETS_LABEL.len() + aad.len());
    full.extend_from_slice(SECRETS_LABEL);
    full.extend_from_slice(aad);
    full
}

/// Signs `msg` with `sk`.
pub fn sign(sk: &SigningKey, msg: &[u8]) -> [u8; SIG_LEN] {
    sk.sign(msg).to_bytes()
}

/// Strict Ed25519 verification (refuses weak keys and malleable
/// signatures).
pub fn verify(vk: &VerifyingKey, msg: &[u8], sig: &[u8; SIG_LEN]) -> bool {
    let sig = ed25519_dalek::Signature::from_bytes(sig);
    vk.verify_strict(msg, &sig).is_ok()
}

/// Age-encrypts `payload` (scope keys) to the member's IK.
pub fn deliver(to: &MemberPublic, payload: &[u8]) -> Result<Vec<u8>, KeyError> {
    // A small-order IK would make the delivery readable by anyone.
    if !to.ik_usable() {
        return Err(KeyError::Malformed);
    }
    Ok(age::encrypt(&to.age_recipient(), payload)
        .expect("age encrypts to an X25519 recipient into memory"))
}

/// Opens a delivery with the member's IK; `None` when it is not for them
/// or not authentic.
pub fn open_delivery(keys: &MemberKeys, bytes: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    age::decrypt(&keys.age_identity(), bytes)
        .ok()
        .map(Zeroizing::new)
}

const HINT_LABEL: &[u8] = b"sesame v2 hint";

/// A delivery hint: HMAC-SHA256 keyed with X25519(IK_author, IK_to) over
/// the label, both public keys (author first: a hint from A to B is not
/// one from B to A) and `nonce`, truncated to 8 bytes. Only the author and
/// the recipient can compute it, so the hint tells an outsider nothing
/// about who received what; a recipient checks it instead of trying to
/// decrypt every delivery.
pub fn hint(author: &MemberKeys, to: &MemberPublic, nonce: &[u8; 16]) -> [u8; HINT_LEN] {
    // `deliver` refuses a small-order IK, so no hint is made for one.
    hint_of(&author.ik, &to.ik, &author.public().ik, &to.ik, nonce).unwrap_or([0; HINT_LEN])
}

/// Whether `hint` is the one `author` made for `me` with `nonce`
/// (constant-time comparison).
pub fn hint_matches(
    me: &MemberKeys,
    author: &MemberPublic,
    nonce: &[u8; 16],
    hint: &[u8; HINT_LEN],
) -> bool {
    hint_of(&me.ik, &author.ik, &author.ik, &me.public().ik, nonce)
        .is_some_and(|mine| mine.ct_eq(hint).into())
}

/// The hint from `author` to `to`, computed by either side: `secret` is
/// one side's IK and `peer` the other's public IK.
fn hint_of(
    secret: &StaticSecret,
    peer: &PublicKey,
    author: &PublicKey,
    to: &PublicKey,
    nonce: &[u8; 16],
) -> Option<[u8; HINT_LEN]> {
    let shared = secret.diffie_hellman(peer);
    if !shared.was_contributory() {
        return None;
    }
    let key = Key::from_bytes(*shared.as_bytes());
    let mut full =
        crypto::keyed_label(&key, &[HINT_LABEL, author.as_bytes(), to.as_bytes(), nonce]);
    let mut out = [0u8; HINT_LEN];
    out.copy_from_slice(&full[..HINT_LEN]);
    full.zeroize();
    Some(out)
}

#[cfg(test)]
mod tests;
