//! A format-2 key slot (passphrase, age or ssh), as member records carry it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::keys::slot::Slot;

fuzz_target!(|data: &[u8]| {
    if let Ok(slot) = Slot::decode(data) {
        assert_eq!(slot.encode(), data);
        let _ = slot.fingerprint();
    }
});
