//! A format-2 file image (what `sesame merge` parses with no key), and the
//! merge of it with itself, which must give it back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::{Image, merge};

fuzz_target!(|data: &[u8]| {
    if let Ok(image) = Image::decode(data) {
        let merged = merge::merge(&image, &image).expect("same vault");
        let again = Image::decode(&merged.encode()).expect("a merge encodes a valid image");
        assert_eq!(again, merged);
    }
});
