//! A format-2 file read lazily, as every command reads it: `Image::open`
//! then `load_all` either refuses the bytes or gives exactly what
//! `Image::decode` gives.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::Image;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::tempfile().expect("a temp file");
    file.write_all(data).expect("write");
    let decoded = Image::decode(data).ok();
    let lazy = Image::open(file).ok().and_then(|mut image| {
        image.load_all().ok()?;
        Some(image)
    });
    match (decoded, lazy) {
        (Some(d), Some(l)) => assert_eq!(d, l),
        (None, None) => {}
        (d, l) => panic!("decode {} but lazy open {}", d.is_some(), l.is_some()),
    }
});
