//! A format-2 record, checkpoint and page, each from the same bytes; and a
//! record's check without copying its parts (what a write runs on the
//! bytes it copies) accepts exactly what the full decode accepts.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::{Checkpoint, Page, Record};

fuzz_target!(|data: &[u8]| {
    let decoded = Record::decode(data);
    let checked = Record::check(data);
    assert_eq!(decoded.is_ok(), checked.is_ok(), "check and decode agree");
    if let (Ok(r), Ok(head)) = (decoded, checked) {
        assert_eq!(head.id, r.id());
        assert_eq!(Record::decode(&r.encode()).expect("re-encodes"), r);
    }
    if let Ok(c) = Checkpoint::decode(data) {
        assert_eq!(c.encode(), data);
    }
    let _ = Page::decode(data);
});
