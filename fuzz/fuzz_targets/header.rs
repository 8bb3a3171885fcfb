//! The vault header: checksum, slots, bounds. Must never panic or allocate
//! beyond the 64 KiB header limit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::format::Header;

fuzz_target!(|data: &[u8]| {
    let _ = Header::peek_len(data);
    if let Ok(h) = Header::decode(data) {
        // What decodes must encode back to the same bytes.
        assert_eq!(h.encode(), data);
    }
});
