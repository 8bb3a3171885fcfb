//! A format-2 page tree: a root and pages from the input (every page id
//! the tree asks for gets the same bytes), read by get and range.
#![no_main]
use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use sesame::vault::v2::tree::{PageStore, Root, Tree, TreeError};

struct Fixed<'a>(&'a [u8]);

impl PageStore for Fixed<'_> {
    fn load(&self, _id: &[u8; 32]) -> Result<Cow<'_, [u8]>, TreeError> {
        Ok(Cow::Borrowed(self.0))
    }
    fn store(&mut self, _plaintext: Vec<u8>) -> [u8; 32] {
        [0; 32]
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else { return };
    let at = (split as usize).min(rest.len());
    let (root, page) = rest.split_at(at);
    if let Ok(root) = Root::decode(root) {
        let store = Fixed(page);
        let _ = Tree::get(&store, &root, "a");
        let _ = Tree::range(&store, &root, "");
    }
});
