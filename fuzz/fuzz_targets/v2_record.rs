//! A format-2 record, checkpoint and page, each from the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::{Checkpoint, Page, Record};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = Record::decode(data) {
        assert_eq!(Record::decode(&r.encode()).expect("re-encodes"), r);
    }
    if let Ok(c) = Checkpoint::decode(data) {
        assert_eq!(c.encode(), data);
    }
    let _ = Page::decode(data);
});
