//! A format-2 file read lazily, as every command reads it: `Image::open`,
//! then the partial reads a command makes (record prefixes, some heads,
//! parts of records still in the file), then a write's copy of it
//! (`write_to`, which checks what it copies from the file) and `load_all`,
//! each either refuses the bytes or gives exactly what `Image::decode`
//! gives (the same image; the same bytes as its encoding); nothing panics.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::Image;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::tempfile().expect("a temp file");
    file.write_all(data).expect("write");
    let decoded = Image::decode(data).ok();
    let (lazy, written) = match Image::open(file) {
        Err(_) => (None, None),
        Ok(mut image) => {
            let keys: Vec<_> = image.records.keys().copied().collect();
            let _ = image.load_prefixes(|k| k.1 % 2 == 0);
            for k in &keys {
                let _ = image.part(k, 0);
                let _ = image.part_of_kind(k, 1, 3);
            }
            let _ = image.load_heads(|k, _| k.1 % 3 == 0);
            let mut out = Vec::new();
            let written = image.write_to(&mut out).ok().map(|()| out);
            (image.load_all().ok().map(|()| image), written)
        }
    };
    // A write copies exactly what a decode accepts, or refuses.
    assert_eq!(written, decoded.as_ref().map(Image::encode));
    match (decoded, lazy) {
        (Some(d), Some(l)) => assert_eq!(d, l),
        (None, None) => {}
        (d, l) => panic!("decode {} but lazy open {}", d.is_some(), l.is_some()),
    }
});
