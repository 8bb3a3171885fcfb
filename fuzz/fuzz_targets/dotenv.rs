//! The dotenv importer, and that what `env --format dotenv` writes reads
//! back exactly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::Prefix;
use sesame::import::{Entry, parse_dotenv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let prefix = Prefix::parse_with_default("project/fuzz/env", None).expect("valid prefix");
    let _ = parse_dotenv(text, &prefix);
    if !text.contains('\0')
        && let Ok(quoted) = sesame::envvars::dotenv_quote(text)
    {
        let entries = parse_dotenv(&format!("K={quoted}\n"), &prefix).expect("our own output parses");
        match &entries[..] {
            [Entry::Value { fields, .. }] => assert_eq!(fields.get("value").unwrap().expose_secret(), text),
            other => panic!("one value expected, got {other:?}"),
        }
    }
});
