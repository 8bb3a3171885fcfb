use proptest::prelude::*;

use super::*;
use crate::vault::v2::keys::{AgeIdentity, Identity, PassphraseIdentity};

const AAD: &[u8] = b"vault id || member id";

pub(crate) fn fast_kdf() -> KdfParams {
    KdfParams {
        memory_mib: crypto::bounds::MIN_MEMORY_MIB,
        iterations: crypto::bounds::MIN_ITERATIONS,
        parallelism: 1,
    }
}

fn age_pair() -> (AgeIdentity, Recipient) {
    let key = age::x25519::Identity::generate();
    let text = format!(
        "# test\n{}\n",
        age::secrecy::ExposeSecret::expose_secret(&key.to_string())
    );
    let id = AgeIdentity::parse(&text).expect("a generated identity parses");
    let rec = parse_recipient(&key.to_public().to_string()).expect("its recipient parses");
    (id, rec)
}

/// Every prefix of `encoded` is refused, and every single-bit flip is
/// either refused by decode or yields a slot that `opens` does not open.
fn assert_damage_refused(encoded: &[u8], opens: impl Fn(&Slot) -> bool) {
    for n in 0..encoded.len() {
        assert!(Slot::decode(&encoded[..n]).is_err(), "prefix of {n} bytes");
    }
    for bit in 0..encoded.len() * 8 {
        let mut bad = encoded.to_vec();
        bad[bit / 8] ^= 1 << (bit % 8);
        if let Ok(slot) = Slot::decode(&bad) {
            assert!(!opens(&slot), "bit {bit} flipped still opens");
        }
    }
}

#[test]
fn passphrase_slot_round_trips_and_unwraps() {
    let uk = UserKey::generate();
    let slot = Slot::passphrase(&uk, &SecretString::from("right"), fast_kdf(), AAD).unwrap();
    let bytes = slot.encode();
    assert_eq!(Slot::decode(&bytes), Ok(slot.clone()));
    let right = PassphraseIdentity(SecretString::from("right"));
    assert_eq!(right.unwrap(&slot, AAD), Some(uk.clone()));
    assert_eq!(right.unwrap(&slot, b"another member"), None);
    assert_eq!(
        PassphraseIdentity(SecretString::from("wrong")).unwrap(&slot, AAD),
        None
    );
    assert!(slot.fingerprint().starts_with("passphrase "));
    assert_eq!(
        slot.fingerprint(),
        format!("passphrase {}", hex(&slot.id()[..4]))
    );
}

#[test]
fn passphrase_slot_refuses_kdf_out_of_bounds() {
    let uk = UserKey::generate();
    let mut kdf = fast_kdf();
    kdf.memory_mib = crypto::bounds::MAX_MEMORY_MIB + 1;
    assert!(Slot::passphrase(&uk, &SecretString::from("p"), kdf, AAD).is_err());
    let slot = Slot::passphrase(&uk, &SecretString::from("p"), fast_kdf(), AAD).unwrap();
    let mut bytes = slot.encode();
    // memory_mib is the u32 after kind and id.
    bytes[17..21].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(Slot::decode(&bytes), Err(Malformed));
}

#[test]
fn passphrase_slot_damage_is_refused() {
    let uk = UserKey::generate();
    let pass = SecretString::from("right");
    let slot = Slot::passphrase(&uk, &pass, fast_kdf(), AAD).unwrap();
    let Slot::Passphrase { salt, kdf, .. } = &slot else {
        unreachable!("made a passphrase slot")
    };
    // The KEK of the undamaged slot: every flip is refused even by the
    // right KEK (AAD covers id, KDF parameters and salt), which is
    // stronger than re-deriving per flip and keeps the test fast.
    let kek = crypto::derive_kek(&pass, salt, *kdf).unwrap();
    assert!(open_passphrase(&kek, &slot, AAD).is_some());
    assert_damage_refused(&slot.encode(), |s| open_passphrase(&kek, s, AAD).is_some());
    // And through the identity, with Argon2 on the damaged salt.
    let mut bytes = slot.encode();
    bytes[30] ^= 1;
    let damaged = Slot::decode(&bytes).unwrap();
    assert_eq!(PassphraseIdentity(pass).unwrap(&damaged, AAD), None);
}

#[test]
fn age_slot_round_trips_and_unwraps() {
    let uk = UserKey::generate();
    let (id, rec) = age_pair();
    let slot = Slot::for_recipient(&uk, &rec, AAD);
    assert!(matches!(slot, Slot::Age { .. }));
    assert_eq!(Slot::decode(&slot.encode()), Ok(slot.clone()));
    assert_eq!(id.unwrap(&slot, AAD), Some(uk.clone()));
    assert_eq!(id.unwrap(&slot, b"elsewhere"), None);
    let (other, _) = age_pair();
    assert_eq!(other.unwrap(&slot, AAD), None);
    // A passphrase does not open an age slot.
    assert_eq!(
        PassphraseIdentity(SecretString::from("x")).unwrap(&slot, AAD),
        None
    );
    let fp = slot.fingerprint();
    let r = rec.to_string();
    assert_eq!(fp, format!("{}…{}", &r[..12], &r[r.len() - 6..]));
}

#[test]
fn age_slot_damage_is_refused() {
    let uk = UserKey::generate();
    let (id, rec) = age_pair();
    let slot = Slot::for_recipient(&uk, &rec, AAD);
    assert_damage_refused(&slot.encode(), |s| id.unwrap(s, AAD).is_some());
}

#[test]
fn a_moved_age_file_does_not_open_in_another_slot() {
    // The binding ties the file to its slot id: copying it into a slot
    // with another id (or context) does not yield the key.
    let uk = UserKey::generate();
    let (id, rec) = age_pair();
    let Slot::Age {
        recipient, file, ..
    } = Slot::for_recipient(&uk, &rec, AAD)
    else {
        unreachable!("an age recipient makes an age slot")
    };
    let moved = Slot::Age {
        id: [9; 16],
        recipient,
        file,
    };
    assert_eq!(id.unwrap(&moved, AAD), None);
}

#[test]
fn parse_recipient_accepts_age_and_ssh_ed25519() {
    let (_, rec) = age_pair();
    let text = rec.to_string();
    assert!(matches!(parse_recipient(&text), Ok(Recipient::Age(_))));
    assert!(matches!(
        parse_recipient(&format!("# created: today\n# public key\n{text}\n")),
        Ok(Recipient::Age(_))
    ));
    assert!(matches!(
        parse_recipient(&text.to_uppercase()),
        Ok(Recipient::Age(_))
    ));
    let ssh = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@host";
    let parsed = parse_recipient(ssh).expect("an ssh-ed25519 line parses");
    assert!(matches!(parsed, Recipient::Ssh(_)));
    // Canonical: no comment.
    assert_eq!(
        parsed.to_string(),
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN"
    );
}

#[test]
fn parse_recipient_errors_name_what_was_expected() {
    let unrecognised = parse_recipient("hello").unwrap_err();
    assert_eq!(unrecognised, RecipientError::Unrecognised);
    let msg = unrecognised.to_string();
    assert!(
        msg.contains("age1…") && msg.contains("ssh-ed25519"),
        "{msg}"
    );
    assert_eq!(parse_recipient(""), Err(RecipientError::Unrecognised));
    assert_eq!(
        parse_recipient("age1notbech32"),
        Err(RecipientError::InvalidAge)
    );
    assert_eq!(
        parse_recipient("ssh-ed25519 AAAAnotakey"),
        Err(RecipientError::InvalidSsh)
    );
    assert_eq!(
        parse_recipient("ssh-ed25519"),
        Err(RecipientError::InvalidSsh)
    );
    let rsa = parse_recipient("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ me@host").unwrap_err();
    assert_eq!(rsa, RecipientError::UnsupportedSsh("ssh-rsa".into()));
    assert_eq!(
        rsa.to_string(),
        "ssh key type ssh-rsa is not supported: use an ssh-ed25519 key or an age recipient (age1…)"
    );
    assert_eq!(
        parse_recipient("AGE-SECRET-KEY-1QQQ"),
        Err(RecipientError::PrivateKey)
    );
    assert_eq!(
        parse_recipient(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----"
        ),
        Err(RecipientError::PrivateKey)
    );
    let (_, a) = age_pair();
    let (_, b) = age_pair();
    assert_eq!(
        parse_recipient(&format!("{a}\n{b}\n")),
        Err(RecipientError::Several(2))
    );
}

#[test]
fn slot_debug_shows_no_wrapped_bytes() {
    let uk = UserKey::generate();
    let slot = Slot::passphrase(&uk, &SecretString::from("p"), fast_kdf(), AAD).unwrap();
    let Slot::Passphrase { wrapped, salt, .. } = &slot else {
        unreachable!("made a passphrase slot")
    };
    let shown = format!("{slot:?}");
    assert!(shown.contains("passphrase"), "{shown}");
    assert!(!shown.contains(&hex(&wrapped[..8])));
    assert!(!shown.contains(&hex(&salt[..8])));
    assert!(!shown.contains(&hex(&uk.expose_secret().expose_secret()[..8])));
    assert!(
        !shown.contains(
            &format!("{:?}", &wrapped[..4])
                .trim_end_matches(']')
                .to_string()
        )
    );
}

fn arb_slot_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<[u8; 16]>(),
        crypto::bounds::MIN_MEMORY_MIB..=crypto::bounds::MAX_MEMORY_MIB,
        crypto::bounds::MIN_ITERATIONS..=crypto::bounds::MAX_ITERATIONS,
        crypto::bounds::MIN_PARALLELISM..=crypto::bounds::MAX_PARALLELISM,
        any::<[u8; 32]>(),
        any::<[u8; 24]>(),
        proptest::collection::vec(any::<u8>(), WRAPPED_LEN),
    )
        .prop_map(|(id, m, i, p, salt, nonce, wrapped)| {
            Slot::Passphrase {
                id,
                kdf: KdfParams {
                    memory_mib: m,
                    iterations: i,
                    parallelism: p,
                },
                salt,
                nonce,
                wrapped: wrapped.try_into().expect("WRAPPED_LEN bytes"),
            }
            .encode()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Decoding never panics, and whatever decodes re-encodes to the same
    /// bytes (the encoding is canonical).
    #[test]
    fn decode_is_total_and_canonical(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(slot) = Slot::decode(&bytes) {
            prop_assert_eq!(slot.encode(), bytes);
        }
    }

    /// Well-formed passphrase slots round-trip, and any single byte changed
    /// to another value still decodes canonically or is refused.
    #[test]
    fn passphrase_slots_round_trip(bytes in arb_slot_bytes(), at in any::<prop::sample::Index>(), x in 1u8..) {
        let slot = Slot::decode(&bytes).expect("encoded slots decode");
        prop_assert_eq!(slot.encode(), bytes.clone());
        let mut bad = bytes.clone();
        let i = at.index(bad.len());
        bad[i] ^= x;
        if let Ok(other) = Slot::decode(&bad) {
            prop_assert_ne!(other.clone(), slot);
            prop_assert_eq!(other.encode(), bad);
        }
    }
}

#[test]
fn a_slot_from_the_kek_opens_with_the_passphrase_and_only_it() {
    let uk = UserKey::generate();
    let pass = SecretString::from("right");
    let salt = [7u8; 32];
    let kek = crypto::derive_kek(&pass, &salt, fast_kdf()).unwrap();
    let slot = Slot::passphrase_from_kek(&uk, &kek, fast_kdf(), salt, AAD);
    let Slot::Passphrase { kdf, salt: s, .. } = &slot else {
        unreachable!("made a passphrase slot")
    };
    assert_eq!((*kdf, *s), (fast_kdf(), salt));
    let decoded = Slot::decode(&slot.encode()).unwrap();
    assert_eq!(PassphraseIdentity(pass).unwrap(&decoded, AAD), Some(uk));
    assert_eq!(
        PassphraseIdentity(SecretString::from("wrong")).unwrap(&decoded, AAD),
        None
    );
    assert_eq!(open_passphrase(&kek, &decoded, b"another context"), None);
}
