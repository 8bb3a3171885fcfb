//! The plaintext of a format-2 ops part and of a member record's body
//! (what a member's keys open, or what is in the clear).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::access::MemberOp;
use sesame::vault::v2::ops::OpsPart;

fuzz_target!(|data: &[u8]| {
    if let Ok(part) = OpsPart::decode(data) {
        assert_eq!(part.encode(), data);
    }
    if let Ok(ops) = MemberOp::decode_all(data) {
        assert_eq!(MemberOp::encode_all(&ops), data);
    }
});
