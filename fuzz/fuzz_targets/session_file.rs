//! Session files and tokens as they come from the runtime dir and the
//! environment.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::keys::session::SessionFile;

fuzz_target!(|data: &[u8]| {
    let _ = SessionFile::parse(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sesame::vault::keys::session::parse_ttl(text);
    }
});
