//! The access journal: advisory, so it must never fail, only skip.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.split(|b| *b == b'\n').count();
    let mut skipped = 0;
    let latest = sesame::vault::journal::parse(data, |_| skipped += 1);
    assert!(latest.len() + skipped <= lines);
});
