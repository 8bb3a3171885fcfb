//! What a member's keys open of a format-2 checkpoint: a scope
//! checkpoint's body, a leaf entry of its page tree, and a keyring's
//! plaintext. Each decodes or is refused, and what decodes encodes back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::{checkpoint, engine};

fuzz_target!(|data: &[u8]| {
    checkpoint::fuzz_decoders(data);
    engine::fuzz_keyring(data);
});
