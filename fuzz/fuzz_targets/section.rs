//! A section's and the index's plaintext (after authentication: a bug here
//! needs a key, but must still not crash or over-allocate).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::format::{Index, decode_section, decode_value, encode_section};

fuzz_target!(|data: &[u8]| {
    if let Ok(section) = decode_section(data) {
        let again = encode_section(&section);
        assert_eq!(decode_section(&again).ok(), Some(section));
    }
    if let Ok(index) = Index::decode(data) {
        let _ = index.check_layout(0, data.len() as u64);
    }
    let _ = decode_value(data);
});
