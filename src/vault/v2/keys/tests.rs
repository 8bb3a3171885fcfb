use proptest::prelude::*;

use super::*;

const AAD: &[u8] = b"vault id || member id";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn member_public_round_trips() {
    let keys = MemberKeys::generate();
    let public = keys.public();
    let bytes = public.to_bytes();
    assert_eq!(MemberPublic::from_bytes(&bytes), Ok(public.clone()));
    assert_eq!(
        MemberPublic::from_bytes(&bytes[..63]),
        Err(KeyError::Malformed)
    );
    let mut long = bytes.to_vec();
    long.push(0);
    assert_eq!(MemberPublic::from_bytes(&long), Err(KeyError::Malformed));
    // The age recipient is the IK.
    let r = public.age_recipient().to_string();
    assert!(r.starts_with("age1"), "{r}");
    assert_eq!(keys.age_identity().to_public().to_string(), r);
}

#[test]
fn member_public_refuses_small_order_and_weak_keys() {
    let good = MemberKeys::generate().public().to_bytes();
    // The X25519 identity point (u = 1 is of order 4? u = 0 is order 1).
    let mut zero_ik = good;
    zero_ik[..32].fill(0);
    assert_eq!(MemberPublic::from_bytes(&zero_ik), Err(KeyError::Malformed));
    let mut one_ik = good;
    one_ik[..32].copy_from_slice(&{
        let mut b = [0u8; 32];
        b[0] = 1;
        b
    });
    assert_eq!(MemberPublic::from_bytes(&one_ik), Err(KeyError::Malformed));
    // Parsed for signatures only, such a key verifies signatures but
    // receives nothing, and no hint with it matches.
    for small in [zero_ik, one_ik] {
        let public = MemberPublic::for_signatures(&small).expect("SK is fine");
        assert!(!public.ik_usable());
        assert_eq!(deliver(&public, b"scope keys"), Err(KeyError::Malformed));
        let me = MemberKeys::generate();
        let nonce = [7u8; 16];
        assert!(!hint_matches(&me, &public, &nonce, &[0; HINT_LEN]));
    }
    assert!(MemberPublic::for_signatures(&good).unwrap().ik_usable());
    // The Ed25519 identity point is weak.
    let mut weak_sk = good;
    weak_sk[32..].copy_from_slice(&{
        let mut b = [0u8; 32];
        b[0] = 1;
        b
    });
    assert_eq!(MemberPublic::from_bytes(&weak_sk), Err(KeyError::Malformed));
}

#[test]
fn secrets_round_trip_and_check_public_halves() {
    let keys = MemberKeys::generate();
    let sealed = keys.seal_secrets(AAD);
    assert_eq!(sealed.len(), SEALED_SECRETS_LEN);
    let opened = MemberKeys::open_secrets(keys.uk.clone(), &sealed, &keys.public(), AAD)
        .expect("opens with its own UK");
    assert_eq!(opened.public(), keys.public());
    assert_eq!(opened.uk, keys.uk);
    // Signatures by the opened key verify under the original public key.
    let sig = sign(opened.signing_key(), b"msg");
    assert!(verify(&keys.public().sk, b"msg", &sig));

    let other = MemberKeys::generate();
    assert_eq!(
        MemberKeys::open_secrets(other.uk.clone(), &sealed, &keys.public(), AAD).err(),
        Some(KeyError::Undecryptable)
    );
    assert_eq!(
        MemberKeys::open_secrets(keys.uk.clone(), &sealed, &keys.public(), b"other").err(),
        Some(KeyError::Undecryptable)
    );
    assert_eq!(
        MemberKeys::open_secrets(keys.uk.clone(), &sealed, &other.public(), AAD).err(),
        Some(KeyError::Mismatch)
    );
}

#[test]
fn every_truncation_and_bit_flip_of_sealed_secrets_is_refused() {
    let keys = MemberKeys::generate();
    let sealed = keys.seal_secrets(AAD);
    let public = keys.public();
    for n in 0..sealed.len() {
        assert!(MemberKeys::open_secrets(keys.uk.clone(), &sealed[..n], &public, AAD).is_err());
    }
    for bit in 0..sealed.len() * 8 {
        let mut bad = sealed.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        assert!(
            MemberKeys::open_secrets(keys.uk.clone(), &bad, &public, AAD).is_err(),
            "bit {bit}"
        );
    }
}

#[test]
fn signatures_verify_strictly() {
    let keys = MemberKeys::generate();
    let vk = keys.public().sk;
    let sig = sign(keys.signing_key(), b"record");
    assert!(verify(&vk, b"record", &sig));
    assert!(!verify(&vk, b"recorD", &sig));
    assert!(!verify(
        &MemberKeys::generate().public().sk,
        b"record",
        &sig
    ));
    for bit in 0..SIG_LEN * 8 {
        let mut bad = sig;
        bad[bit / 8] ^= 1 << (bit % 8);
        assert!(!verify(&vk, b"record", &bad), "bit {bit}");
    }
}

#[test]
fn deliveries_open_only_for_their_member() {
    let alice = MemberKeys::generate();
    let bob = MemberKeys::generate();
    let payload = ScopeKeys::generate().encode();
    let d = deliver(&bob.public(), &payload).unwrap();
    assert_eq!(open_delivery(&bob, &d).as_deref(), Some(&*payload));
    assert_eq!(open_delivery(&alice, &d), None);
    assert_eq!(open_delivery(&bob, &d[..d.len() - 1]), None);
    assert_eq!(open_delivery(&bob, b"not age"), None);
}

#[test]
fn hint_matches_only_for_the_right_pair() {
    let alice = MemberKeys::generate();
    let bob = MemberKeys::generate();
    let carol = MemberKeys::generate();
    let nonce = [7u8; 16];
    let h = hint(&alice, &bob.public(), &nonce);
    assert!(hint_matches(&bob, &alice.public(), &nonce, &h));
    // Another recipient, another claimed author, another nonce, the
    // reverse direction: no match.
    assert!(!hint_matches(&carol, &alice.public(), &nonce, &h));
    assert!(!hint_matches(&bob, &carol.public(), &nonce, &h));
    assert!(!hint_matches(&bob, &alice.public(), &[8u8; 16], &h));
    assert!(!hint_matches(&alice, &bob.public(), &nonce, &h));
    assert_ne!(h, hint(&alice, &carol.public(), &nonce));
    assert_ne!(h, hint(&bob, &alice.public(), &nonce));
}

#[test]
fn debug_of_member_keys_shows_no_key_bytes() {
    let keys = MemberKeys::generate();
    let uk = hex(keys.uk.expose_secret().expose_secret());
    let ik = hex(&keys.ik.to_bytes());
    let sk = hex(keys.sk.as_bytes());
    let shown = format!("{keys:?} {:?}", keys.uk);
    assert!(shown.contains("REDACTED"), "{shown}");
    for secret in [&uk, &ik, &sk] {
        assert!(!shown.contains(secret.as_str()), "{shown}");
    }
    let decimal = |b: &[u8]| format!("{:?}", &b[..4]).trim_end_matches(']').to_string();
    assert!(!shown.contains(&decimal(keys.uk.expose_secret().expose_secret())));
    assert!(!shown.contains(&decimal(&keys.ik.to_bytes())));
    assert!(!shown.contains(&decimal(keys.sk.as_bytes())));
    assert!(!shown.contains("AGE-SECRET-KEY"));
}

#[test]
fn exactly_one_curve25519_dalek_is_used() {
    // age, x25519-dalek and ed25519-dalek must share one curve
    // implementation; Cargo.lock is the record of what is built.
    let lock = include_str!("../../../../Cargo.lock");
    let n = lock.matches("name = \"curve25519-dalek\"\n").count();
    assert_eq!(n, 1, "Cargo.lock holds {n} curve25519-dalek versions");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Decoding public keys never panics, and what decodes re-encodes to
    /// the same bytes.
    #[test]
    fn member_public_decode_is_total(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        if let Ok(public) = MemberPublic::from_bytes(&bytes) {
            prop_assert_eq!(&public.to_bytes()[..], &bytes[..]);
        }
    }

    /// A hint computed by the author is the one the recipient checks, for
    /// any nonce; a changed hint is refused.
    #[test]
    fn hint_is_agreed_by_both_sides(nonce in any::<[u8; 16]>(), flip in 0usize..64) {
        let alice = MemberKeys::generate();
        let bob = MemberKeys::generate();
        let mut h = hint(&alice, &bob.public(), &nonce);
        prop_assert!(hint_matches(&bob, &alice.public(), &nonce, &h));
        h[flip / 8] ^= 1 << (flip % 8);
        prop_assert!(!hint_matches(&bob, &alice.public(), &nonce, &h));
    }
}
