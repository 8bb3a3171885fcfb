//! Format 2, the keyless layer: records, derived checkpoints and pages, the
//! file image that holds them, and the merge of two images.
//!
//! Nothing here needs a key. What a record *means* (membership, grants,
//! secrets, validity) is decided by readers that hold keys; this layer
//! only frames records, names them by their hash, keeps the canonical
//! order, and merges record sets (docs/format2-design.md §1, §3, §6). It is
//! what `sesame merge` runs, so it must stay keyless and deterministic.

pub mod access;
pub mod image;
pub mod keys;
pub mod merge;
pub mod ops;
pub mod record;
pub mod state;
pub mod tree;

pub use image::Image;
pub use record::{Checkpoint, Page, Record};
