//! Format 2 (docs/format2-design.md): immutable signed records, per-scope
//! keys, checkpoints over a tree of pages, and a keyless merge.
//!
//! - [`record`], [`image`], [`merge`]: the keyless layer: records named by
//!   their hash, the file image in canonical order, and the merge of two
//!   images (what `sesame merge` runs: no key, deterministic).
//! - [`keys`]: member keys, slots, identities, scope keys, deliveries.
//! - [`ops`], [`state`], [`access`]: what records mean: the ops of a
//!   transaction, the secrets they make, membership and roles.
//! - [`tree`]: the page tree that keeps reads cheap at any scale.
//! - [`upgrade`]: format 1 → format 2.

pub mod access;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod checkpoint;
#[cfg(not(any(test, fuzzing)))]
mod checkpoint;
pub mod engine;
pub mod image;
pub mod keys;
pub(crate) mod local;
pub mod merge;
pub mod ops;
pub mod record;
pub mod state;
pub mod tree;
pub mod upgrade;
pub mod vault;

pub use image::Image;
pub use record::{Checkpoint, Page, Record};
