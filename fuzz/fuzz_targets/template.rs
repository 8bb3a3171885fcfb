//! The template parser: the text pieces plus the references must account
//! for the whole template.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::template::{Piece, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(pieces) = parse(text, None) {
        let text_len: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                Piece::Ref(_) => 0,
            })
            .sum();
        assert!(text_len <= text.len());
        if !pieces.iter().any(|p| matches!(p, Piece::Ref(_))) {
            assert_eq!(text_len, text.len());
        }
    }
});
