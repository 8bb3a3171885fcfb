//! Secret IDs, prefixes, `#field` and `sesame://` references, durations
//! and dates: whatever parses must print back as what it parsed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::{FieldRef, Owner, Prefix, SecretId};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let owner: Owner = "project/fuzz".parse().expect("valid owner");
    if let Ok(id) = text.parse::<SecretId>() {
        assert_eq!(id.to_string(), text);
        assert!(text.len() <= 512);
    }
    let _ = FieldRef::parse_with_default(text, Some(&owner));
    let _ = Prefix::parse_with_default(text, Some(&owner));
    let _ = sesame::envvars::parse_reference(text, None);
    let _ = sesame::duration::parse(text);
    let _ = sesame::duration::parse_date(text);
});
