use proptest::prelude::*;

use super::*;

const AAD: &[u8] = b"vault id || scope id || epoch";

#[test]
fn tag_is_derived_from_the_names_key_only() {
    let a = ScopeKeys::generate();
    assert_eq!(a.tag(), tag(&a.names));
    assert_eq!(a.tag(), a.read_only().tag());
    assert_ne!(a.tag(), ScopeKeys::generate().tag());
    assert_ne!(&a.tag()[..], &a.names.expose_secret()[..TAG_LEN]);
    // Pinned: HKDF-SHA256(salt empty, ikm 32 zero bytes, info "sesame v2
    // tag"), first 16 bytes, as computed independently with Python's
    // hmac/hashlib. A change here is a format change.
    let known: String = tag(&Key::from_bytes([0u8; 32]))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(known, "1b7a6346eeb092dad1965b8a785324c7");
}

#[test]
fn read_only_keys_cannot_open_values() {
    let write = ScopeKeys::generate();
    let read = write.read_only();
    assert_eq!(read.values, None);
    let sealed = write.seal_value(AAD, b"the value").unwrap();
    assert_eq!(
        write.open_value(AAD, &sealed).as_deref().map(|v| &v[..]),
        Some(&b"the value"[..])
    );
    assert_eq!(read.open_value(AAD, &sealed), None);
    assert_eq!(read.seal_value(AAD, b"x"), None);
    // Nor does the names key open it as names data.
    assert_eq!(read.open_names(AAD, &sealed), None);
    let names = write.seal_names(AAD, b"meta");
    assert_eq!(
        read.open_names(AAD, &names).as_deref().map(|v| &v[..]),
        Some(&b"meta"[..])
    );
    assert_eq!(write.open_value(AAD, &names), None);
}

#[test]
fn chain_opens_back_two_epochs() {
    let e0 = ScopeKeys::generate();
    let e1 = ScopeKeys::generate();
    let e2 = ScopeKeys::generate();
    let link1 = seal_previous(&e1, &e0, b"epoch 1");
    let link2 = seal_previous(&e2, &e1, b"epoch 2");

    let back1 = open_previous(&e2, &link2, b"epoch 2").unwrap();
    assert_eq!(back1, e1);
    let back0 = open_previous(&back1, &link1, b"epoch 1").unwrap();
    assert_eq!(back0, e0);

    // A reader walks the same chain and reaches only names keys.
    let r1 = open_previous(&e2.read_only(), &link2, b"epoch 2").unwrap();
    assert_eq!(r1, e1.read_only());
    let r0 = open_previous(&r1, &link1, b"epoch 1").unwrap();
    assert_eq!(r0, e0.read_only());
    let old_value = e0.seal_value(AAD, b"old").unwrap();
    assert_eq!(r0.open_value(AAD, &old_value), None);
    assert!(back0.open_value(AAD, &old_value).is_some());

    // Wrong link, wrong context, wrong keys.
    assert_eq!(open_previous(&e2, &link1, b"epoch 1"), None);
    assert_eq!(open_previous(&e2, &link2, b"epoch 1"), None);
    assert_eq!(open_previous(&e0, &link2, b"epoch 2"), None);
}

#[test]
fn no_values_key_is_sealed_under_a_names_key() {
    // Try every blob of a link under every names key reachable: none
    // yields a values key.
    let e0 = ScopeKeys::generate();
    let e1 = ScopeKeys::generate();
    let link = seal_previous(&e1, &e0, AAD);
    let vk0 = e0.values.clone().unwrap();
    for start in 0..=link.len() - SEALED_KEY_LEN {
        let blob = &link[start..start + SEALED_KEY_LEN];
        for label in [CHAIN_NAMES, CHAIN_VALUES] {
            for key in [&e1.names, &e0.names] {
                if let Some(k) = open_key(key, label, AAD, blob) {
                    assert_ne!(k, vk0, "a values key opened under a names key");
                }
            }
        }
    }
}

#[test]
fn every_truncation_and_bit_flip_of_a_link_is_refused() {
    let e0 = ScopeKeys::generate();
    let e1 = ScopeKeys::generate();
    let link = seal_previous(&e1, &e0, AAD);
    for n in 0..link.len() {
        assert_eq!(open_previous(&e1, &link[..n], AAD), None, "prefix {n}");
    }
    for bit in 0..link.len() * 8 {
        let mut bad = link.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(open_previous(&e1, &bad, AAD), None, "bit {bit}");
    }
}

#[test]
fn payload_round_trips() {
    let w = ScopeKeys::generate();
    assert_eq!(ScopeKeys::decode(&w.encode()), Some(w.clone()));
    assert_eq!(
        ScopeKeys::decode(&w.read_only().encode()),
        Some(w.read_only())
    );
    assert_eq!(ScopeKeys::decode(&w.encode()[..63]), None);
    assert_eq!(ScopeKeys::decode(&[]), None);
}

#[test]
fn debug_shows_no_key_bytes() {
    let k = ScopeKeys::generate();
    let shown = format!("{k:?}");
    for key in [&k.names, k.values.as_ref().unwrap()] {
        let hex: String = key
            .expose_secret()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!shown.contains(&hex[..8]), "{shown}");
        assert!(!shown.contains(format!("{:?}", &key.expose_secret()[..3]).trim_end_matches(']')));
    }
    assert!(shown.contains("REDACTED"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Opening any bytes as a link never panics and, under unrelated keys,
    /// never succeeds.
    #[test]
    fn open_previous_is_total(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let k = ScopeKeys::generate();
        prop_assert_eq!(open_previous(&k, &bytes, AAD), None);
        prop_assert_eq!(ScopeKeys::decode(&bytes).is_some(), bytes.len() == 32 || bytes.len() == 64);
    }
}
