//! The keyless merge of two format-2 images (format2.md §1.6, D1).
//!
//! The record set is the state, so a merge is the union of the two sets by
//! id, minus derived data that the union makes redundant: a checkpoint that
//! another checkpoint of the same tag dominates, and pages no remaining
//! checkpoint pins. Union and "keep the maximal elements of a strict
//! partial order" are both commutative, associative and idempotent, and
//! the image's encoding is canonical, so merge(a, b) and merge(b, a) are
//! the same bytes. No signature is checked and no key is needed: validity
//! is decided by readers (D1).

use std::collections::BTreeSet;

use super::image::Image;
use super::record::Id;

/// Why two images cannot be merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// They belong to different vaults.
    DifferentVaults,
}

/// The merge of `ours` and `theirs`.
pub fn merge(ours: &Image, theirs: &Image) -> Result<Image, MergeError> {
    if ours.vault_id != theirs.vault_id {
        return Err(MergeError::DifferentVaults);
    }
    let mut out = ours.clone();
    for r in theirs.records.values() {
        out.insert_record(r.clone());
    }
    for (k, c) in &theirs.checkpoints {
        out.checkpoints.entry(*k).or_insert_with(|| c.clone());
    }
    for (k, p) in &theirs.pages {
        out.pages.entry(*k).or_insert_with(|| p.clone());
    }
    drop_redundant(&mut out);
    Ok(out)
}

/// Drops dominated checkpoints and the pages no remaining checkpoint pins.
/// Writers call it too, after adding their own checkpoint: in an image
/// read lazily, a tag whose checkpoints are still in the file is left as
/// it is (the file held no dominated checkpoint of it, or the write read
/// them to build its own).
pub fn drop_redundant(image: &mut Image) {
    let dominated: BTreeSet<(super::record::Tag, Id)> = image
        .checkpoints
        .iter()
        .filter(|((tag, id), c)| {
            image
                .checkpoints
                .range((*tag, [0; 32])..=(*tag, [0xff; 32]))
                .any(|((_, other_id), other)| c.dominated_by(id, other, other_id))
        })
        .map(|(k, _)| *k)
        .collect();
    image.checkpoints.retain(|k, _| !dominated.contains(k));
    for tag in image.page_tags() {
        if image.checkpoints_in_file(&tag) {
            continue;
        }
        let pinned: BTreeSet<Id> = image
            .checkpoints
            .range((tag, [0; 32])..=(tag, [0xff; 32]))
            .flat_map(|(_, c)| c.pages.iter().copied())
            .collect();
        image.retain_pages_of(&tag, |id| pinned.contains(id));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::vault::v2::image::tests::{checkpoint, page};
    use crate::vault::v2::record::tests::record;

    /// One writer's history as the proptest draws it: records on a few
    /// devices, and checkpoints (with their pages) over a few tags.
    #[derive(Clone, Debug)]
    enum Item {
        Record {
            device: u8,
            seq: u64,
            data: u8,
            purged: bool,
        },
        Checkpoint {
            tag: u8,
            frontier: Vec<(u8, u64)>,
            pages: Vec<u8>,
        },
    }

    fn item() -> impl Strategy<Value = Item> {
        prop_oneof![
            (0u8..3, 1u64..5, 0u8..3, any::<bool>()).prop_map(|(device, seq, data, purged)| {
                Item::Record {
                    device,
                    seq,
                    data,
                    purged,
                }
            }),
            (
                0u8..2,
                proptest::collection::btree_map(0u8..3, 1u64..5, 0..3),
                proptest::collection::btree_set(0u8..4, 0..3)
            )
                .prop_map(|(tag, frontier, pages)| Item::Checkpoint {
                    tag,
                    frontier: frontier.into_iter().collect(),
                    pages: pages.into_iter().collect(),
                }),
        ]
    }

    /// An image as a writer would leave it: every checkpoint with its pages,
    /// redundant derived data dropped.
    fn image(items: &[Item]) -> Image {
        let mut image = Image::new([9; 16]);
        for item in items {
            match item {
                Item::Record {
                    device,
                    seq,
                    data,
                    purged,
                } => {
                    let mut r = record(*device, *seq, &[*data]);
                    if *purged {
                        r.data[0] = None;
                    }
                    image.insert_record(r)
                }
                Item::Checkpoint {
                    tag,
                    frontier,
                    pages,
                } => {
                    let pages: Vec<_> = pages.iter().map(|p| page(*tag, &[*p])).collect();
                    image.insert_checkpoint(checkpoint(
                        *tag,
                        frontier,
                        &pages.iter().collect::<Vec<_>>(),
                    ));
                    for p in pages {
                        image.insert_page(p);
                    }
                }
            }
        }
        drop_redundant(&mut image);
        image
    }

    fn bytes(image: &Image) -> Vec<u8> {
        image.encode()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// merge(a, b) == merge(b, a); merge(a, merge(b, c)) ==
        /// merge(merge(a, b), c); merge(a, a) == a; all byte for byte, and
        /// every primary record of every input survives.
        #[test]
        fn merge_is_commutative_associative_idempotent_and_lossless(
            a in proptest::collection::vec(item(), 0..8),
            b in proptest::collection::vec(item(), 0..8),
            c in proptest::collection::vec(item(), 0..8),
        ) {
            let (a, b, c) = (image(&a), image(&b), image(&c));
            let ab = merge(&a, &b).unwrap();
            prop_assert_eq!(bytes(&ab), bytes(&merge(&b, &a).unwrap()));
            prop_assert_eq!(
                bytes(&merge(&a, &merge(&b, &c).unwrap()).unwrap()),
                bytes(&merge(&ab, &c).unwrap())
            );
            prop_assert_eq!(bytes(&merge(&a, &a).unwrap()), bytes(&a));
            for input in [&a, &b] {
                for k in input.records.keys() {
                    prop_assert!(ab.records.contains_key(k), "lost a record");
                }
            }
            prop_assert_eq!(Image::decode(&bytes(&ab)), Ok(ab));
        }
    }

    #[test]
    fn images_of_different_vaults_do_not_merge() {
        let a = Image::new([1; 16]);
        let b = Image::new([2; 16]);
        assert_eq!(merge(&a, &b), Err(MergeError::DifferentVaults));
    }

    #[test]
    fn a_dominated_checkpoint_and_its_pages_are_dropped() {
        let old_page = page(1, b"old");
        let new_page = page(1, b"new");
        let mut a = Image::new([3; 16]);
        a.insert_checkpoint(checkpoint(1, &[(1, 1)], &[&old_page]));
        a.insert_page(old_page);
        let mut b = Image::new([3; 16]);
        b.insert_checkpoint(checkpoint(1, &[(1, 2)], &[&new_page]));
        b.insert_page(new_page.clone());
        let m = merge(&a, &b).unwrap();
        assert_eq!(m.checkpoints.len(), 1);
        assert_eq!(m.pages.values().collect::<Vec<_>>(), vec![&new_page]);
    }
}
