//! The page tree of a scope's metadata (docs/format2-design.md §4).
//!
//! A scope's metadata is one entry per secret path, kept in immutable pages
//! sorted by path: leaf pages hold `(path, entry)` pairs, index pages hold
//! `(first path, child page id)`, and the root, a short list of the same
//! shape plus the tree's height, lives in the checkpoint body. A `get`
//! reads one root-to-leaf path; a `range` reads the pages its prefix can
//! match; a change re-writes only the pages on the paths it touches
//! (copy-on-write), so a one-entry write stores one leaf and one page per
//! index level, whatever the scope's size.
//!
//! The tree knows nothing of encryption or of what an entry means: keys are
//! paths compared as bytes, values are opaque. The caller's [`PageStore`]
//! seals each page, names it by the hash of its sealed bytes and checks
//! that hash on load.
//!
//! Invariants, checked on every page read, so a hostile or damaged page is
//! [`TreeError::Malformed`] and never a panic or a wrong answer from a
//! search: every page holds at least one item, its keys are valid UTF-8 and
//! strictly ascending, its first key equals the separator its parent holds
//! for it, and its last key is below the parent's next separator. Pages are
//! at most [`PAGE_LIMIT`] bytes, except a leaf of a single entry, which
//! holds that entry however large it is.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::record::Id;
use crate::vault::codec::{Malformed, Reader, Writer};

/// The largest page the tree writes (a single-entry leaf may be larger).
pub const PAGE_LIMIT: usize = 16 * 1024;
/// The fill a bulk load and a split aim at, leaving room for inserts.
pub const PAGE_TARGET: usize = 12 * 1024;
/// A page a change leaves smaller than this merges with a neighbour.
pub const PAGE_MIN: usize = 4 * 1024;
/// The deepest tree a root may describe (a 16 KiB fan-out of two already
/// covers far more entries than a scope holds at this height).
pub const MAX_HEIGHT: u8 = 32;
/// The longest key, in bytes. Paths are at most 512 bytes (`crate::id`);
/// the bound keeps an index page's fan-out at 10 or more, so every page but
/// a single-entry leaf stays under [`PAGE_LIMIT`] and growing a level
/// always shrinks the root.
pub const MAX_KEY: usize = 1024;

const LEAF: u8 = 1;
const INDEX: u8 = 2;
/// Kind byte and item count.
const HEADER: usize = 1 + 4;

/// Why a tree operation failed. Deliberately coarse: nothing in it names a
/// key or a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// A page's bytes, or a root's, are not a well-formed part of the tree.
    #[error("a page of the metadata tree is malformed")]
    Malformed,
    /// The store does not hold a page the tree names.
    #[error("a page of the metadata tree is missing")]
    MissingPage,
    /// [`Tree::build`] was given keys that are not strictly ascending.
    #[error("entries for the metadata tree are not strictly sorted")]
    Unsorted,
    /// A key given to [`Tree::build`] or [`Tree::apply`] is longer than
    /// [`MAX_KEY`] bytes.
    #[error("a key for the metadata tree is longer than {MAX_KEY} bytes")]
    KeyTooLong,
}

impl From<Malformed> for TreeError {
    fn from(_: Malformed) -> TreeError {
        TreeError::Malformed
    }
}

/// Where the tree's pages live. The caller seals a page under the scope's
/// names key, names it by the SHA-256 of the sealed bytes, and checks that
/// hash (and the seal) on load.
///
/// A store that opens a page into a new buffer returns it as `Cow::Owned`:
/// the tree wipes it once parsed. The plaintext given to `store` is the
/// store's to wipe.
pub trait PageStore {
    /// The plaintext of page `id` (the store checks its hash and opens it).
    fn load(&self, id: &Id) -> Result<Cow<'_, [u8]>, TreeError>;
    /// Seals and keeps a new page; returns its id.
    fn store(&mut self, plaintext: Vec<u8>) -> Id;
    /// Page `id` is no longer part of the tree: a change replaced it (or
    /// merged it into another). The store may forget it; the old root
    /// still names it.
    fn release(&mut self, id: &Id) {
        let _ = id;
    }
}

/// The top of a tree: the `(first key, child id)` list and the height (the
/// number of pages on a root-to-leaf path; 0 for the empty tree). It is
/// small and lives in the checkpoint body.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Root {
    height: u8,
    children: Vec<Child>,
}

impl fmt::Debug for Root {
    /// Paths are names-key data: show the shape, not the keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Root")
            .field("height", &self.height)
            .field("children", &self.children.len())
            .finish()
    }
}

impl Root {
    /// The empty tree.
    pub fn empty() -> Root {
        Root::default()
    }

    /// Whether the tree holds no entry.
    pub fn is_empty(&self) -> bool {
        self.children.is_empty()
    }

    /// Pages on a root-to-leaf path (0 for the empty tree).
    pub fn height(&self) -> u8 {
        self.height
    }

    /// The root's `(first key, child id)` list.
    pub fn children(&self) -> impl ExactSizeIterator<Item = (&str, &Id)> {
        self.children.iter().map(|c| (c.key.as_str(), &c.id))
    }

    /// The root's bytes, for the checkpoint body.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.u8(self.height);
        w.u32(u32::try_from(self.children.len()).expect("a root is smaller than 4 GiB"));
        for child in &self.children {
            child.write(&mut w);
        }
        w.into_inner()
    }

    /// Parses a root from hostile bytes: bounded height and count, keys
    /// strictly ascending, nothing trailing.
    pub fn decode(bytes: &[u8]) -> Result<Root, TreeError> {
        let mut r = Reader::new(bytes);
        let height = r.u8()?;
        let n = r.count(<Child as Item>::MIN_SIZE)?;
        let children = (0..n)
            .map(|_| Child::read(&mut r))
            .collect::<Result<Vec<Child>, Malformed>>()?;
        if r.remaining() != 0
            || height > MAX_HEIGHT
            || (height == 0) != children.is_empty()
            || !strictly_sorted(&children)
        {
            return Err(TreeError::Malformed);
        }
        Ok(Root { height, children })
    }
}

/// Sizes and counts over a whole tree, for tests and benchmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageStats {
    /// Pages on a root-to-leaf path.
    pub height: u8,
    /// Leaf pages.
    pub leaves: usize,
    /// Index pages (the root is not a page).
    pub index_pages: usize,
    /// Entries in all leaves.
    pub entries: usize,
    /// Plaintext bytes of all pages.
    pub bytes: usize,
    /// The largest page that is not a single-entry leaf (the ones
    /// [`PAGE_LIMIT`] bounds).
    pub largest_bounded: usize,
    /// The largest single-entry leaf (unbounded: it holds one big entry).
    pub largest_single: usize,
    /// The smallest page.
    pub smallest: usize,
}

/// The operations on a tree. Every function reads pages through the
/// caller's store and checks each page it reads (module docs).
pub struct Tree;

impl Tree {
    /// Bulk-loads `entries`, which must be strictly ascending by key, into
    /// new pages filled to about [`PAGE_TARGET`], so later inserts rarely
    /// split a page.
    pub fn build<S: PageStore>(
        store: &mut S,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<Root, TreeError> {
        Shape::DEFAULT.build(store, entries)
    }

    /// The value of `key`, reading one root-to-leaf path.
    pub fn get<S: PageStore>(
        store: &S,
        root: &Root,
        key: &str,
    ) -> Result<Option<Vec<u8>>, TreeError> {
        let mut children = Cow::Borrowed(root.children.as_slice());
        // The bound of the current subtree: the separator after it (a clone
        // of a child, so the copy of the key is wiped like the others).
        let mut hi: Option<Child> = None;
        for level in (1..=root.height).rev() {
            let i = children.partition_point(|c| c.key.as_str() <= key);
            if i == 0 {
                return Ok(None);
            }
            let child = children[i - 1].clone();
            if let Some(next) = children.get(i) {
                hi = Some(next.clone());
            }
            let hi_key = hi.as_ref().map(|c| c.key.as_str());
            if level == 1 {
                let leaf = load::<Entry, S>(store, &child.id, &child.key, hi_key)?;
                return Ok(leaf
                    .binary_search_by(|e| e.key.as_str().cmp(key))
                    .ok()
                    .map(|at| leaf[at].value.clone()));
            }
            children = Cow::Owned(load::<Child, S>(store, &child.id, &child.key, hi_key)?);
        }
        Ok(None)
    }

    /// Every entry whose key starts with `prefix`, in key order. Reads only
    /// the pages whose key range can hold such a key. The match is on bytes:
    /// the caller keeps only matches that end on a path-segment boundary.
    pub fn range<S: PageStore>(
        store: &S,
        root: &Root,
        prefix: &str,
    ) -> Result<Vec<(String, Vec<u8>)>, TreeError> {
        let mut out = Vec::new();
        range_in::<S, TreeError>(
            store,
            &root.children,
            root.height,
            None,
            prefix,
            &mut |leaf| {
                out.extend(leaf);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// [`Tree::range`] a leaf at a time: `f` gets the matching entries of
    /// each leaf in key order (never an empty list), so a caller that
    /// folds and drops each holds one leaf, not the whole range.
    pub fn range_by_leaf<S: PageStore, E: From<TreeError>>(
        store: &S,
        root: &Root,
        prefix: &str,
        f: &mut LeafSink<'_, E>,
    ) -> Result<(), E> {
        range_in(store, &root.children, root.height, None, prefix, f)
    }

    /// Applies `changes` (`Some` inserts or replaces, `None` deletes),
    /// copy-on-write: pages no change reaches keep their ids; a leaf that
    /// grows past [`PAGE_LIMIT`] splits, a page that falls under
    /// [`PAGE_MIN`] merges with a neighbour, and index levels are added or
    /// removed as the root grows or shrinks. Deleting an absent key is a
    /// no-op that writes nothing.
    pub fn apply<S: PageStore>(
        store: &mut S,
        root: &Root,
        changes: BTreeMap<String, Option<Vec<u8>>>,
    ) -> Result<Root, TreeError> {
        Shape::DEFAULT.apply(store, root, changes)
    }

    /// Every page id the tree reaches, depth-first in key order: the caller
    /// pins them in the checkpoint.
    pub fn pages<S: PageStore>(store: &S, root: &Root) -> Result<Vec<Id>, TreeError> {
        let mut ids = Vec::new();
        walk(store, &root.children, root.height, None, &mut |id, _, _| {
            ids.push(*id)
        })?;
        Ok(ids)
    }

    /// Sizes and counts over the whole tree (reads every page).
    pub fn stats<S: PageStore>(store: &S, root: &Root) -> Result<PageStats, TreeError> {
        let mut stats = PageStats {
            height: root.height,
            ..PageStats::default()
        };
        let mut smallest = usize::MAX;
        walk(
            store,
            &root.children,
            root.height,
            None,
            &mut |_, len, page| {
                stats.bytes += len;
                smallest = smallest.min(len);
                match page {
                    Walked::Leaf(n) => {
                        stats.leaves += 1;
                        stats.entries += n;
                        if n == 1 {
                            stats.largest_single = stats.largest_single.max(len);
                        } else {
                            stats.largest_bounded = stats.largest_bounded.max(len);
                        }
                    }
                    Walked::Index => {
                        stats.index_pages += 1;
                        stats.largest_bounded = stats.largest_bounded.max(len);
                    }
                }
            },
        )?;
        stats.smallest = if smallest == usize::MAX { 0 } else { smallest };
        Ok(stats)
    }
}

/// A leaf item: key and opaque value. Page plaintext is names-key data,
/// so every copy the tree makes is wiped when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
struct Entry {
    key: String,
    value: Vec<u8>,
}

/// An index item: the child's first key and its page id.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
struct Child {
    key: String,
    id: Id,
}

impl fmt::Debug for Entry {
    /// The value is opaque to the tree and may be confidential: its length only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({} bytes)", self.key, self.value.len())
    }
}

impl fmt::Debug for Child {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} -> page", self.key)
    }
}

impl Entry {
    /// Moves the key and value out (the emptied entry wipes nothing).
    fn into_pair(mut self) -> (String, Vec<u8>) {
        (
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.value),
        )
    }
}

/// Reads a key: UTF-8 and at most [`MAX_KEY`] bytes.
fn read_key(r: &mut Reader<'_>) -> Result<String, Malformed> {
    let key = r.long_str()?;
    if key.len() > MAX_KEY {
        return Err(Malformed);
    }
    Ok(key.to_owned())
}

/// What pages of one kind hold, and how an item is framed.
trait Item: Sized + Clone + PartialEq {
    const KIND: u8;
    /// The fewest bytes an item takes, which bounds a forged count.
    const MIN_SIZE: usize;
    fn key(&self) -> &str;
    /// Encoded bytes.
    fn size(&self) -> usize;
    fn write(&self, w: &mut Writer);
    fn read(r: &mut Reader<'_>) -> Result<Self, Malformed>;
}

impl Item for Entry {
    const KIND: u8 = LEAF;
    const MIN_SIZE: usize = 8;
    fn key(&self) -> &str {
        &self.key
    }
    fn size(&self) -> usize {
        8 + self.key.len() + self.value.len()
    }
    fn write(&self, w: &mut Writer) {
        w.blob(self.key.as_bytes());
        w.blob(&self.value);
    }
    fn read(r: &mut Reader<'_>) -> Result<Self, Malformed> {
        let key = read_key(r)?;
        let value = r.blob()?.to_vec();
        Ok(Entry { key, value })
    }
}

impl Item for Child {
    const KIND: u8 = INDEX;
    const MIN_SIZE: usize = 4 + 32;
    fn key(&self) -> &str {
        &self.key
    }
    fn size(&self) -> usize {
        4 + self.key.len() + 32
    }
    fn write(&self, w: &mut Writer) {
        w.blob(self.key.as_bytes());
        w.bytes(&self.id);
    }
    fn read(r: &mut Reader<'_>) -> Result<Self, Malformed> {
        let key = read_key(r)?;
        let id = r.array()?;
        Ok(Child { key, id })
    }
}

fn strictly_sorted<T: Item>(items: &[T]) -> bool {
    items
        .windows(2)
        .all(|w| w[0].key().as_bytes() < w[1].key().as_bytes())
}

fn page_size<T: Item>(items: &[T]) -> usize {
    HEADER + items.iter().map(Item::size).sum::<usize>()
}

fn encode_page<T: Item>(items: &[T]) -> Vec<u8> {
    let mut w = Writer::with_capacity(page_size(items));
    w.u8(T::KIND);
    w.u32(u32::try_from(items.len()).expect("a page is smaller than 4 GiB"));
    for item in items {
        item.write(&mut w);
    }
    w.into_inner()
}

/// Parses a page of kind `T` from hostile bytes.
fn decode_page<T: Item>(bytes: &[u8]) -> Result<Vec<T>, TreeError> {
    let mut r = Reader::new(bytes);
    if r.u8()? != T::KIND {
        return Err(TreeError::Malformed);
    }
    let n = r.count(T::MIN_SIZE)?;
    let items = (0..n)
        .map(|_| T::read(&mut r))
        .collect::<Result<Vec<T>, Malformed>>()?;
    if items.is_empty() || r.remaining() != 0 || !strictly_sorted(&items) {
        return Err(TreeError::Malformed);
    }
    Ok(items)
}

/// Loads page `id` as a page of `T` whose keys must lie in `[lo, hi)` and
/// start at `lo` (its parent's separator).
fn load<T: Item, S: PageStore>(
    store: &S,
    id: &Id,
    lo: &str,
    hi: Option<&str>,
) -> Result<Vec<T>, TreeError> {
    load_sized(store, id, lo, hi).map(|(items, _)| items)
}

/// [`load`], also returning the page's plaintext length. A plaintext the
/// store hands over (`Cow::Owned`) is wiped once parsed.
fn load_sized<T: Item, S: PageStore>(
    store: &S,
    id: &Id,
    lo: &str,
    hi: Option<&str>,
) -> Result<(Vec<T>, usize), TreeError> {
    let bytes = store.load(id)?;
    let len = bytes.len();
    let items = decode_page::<T>(&bytes);
    if let Cow::Owned(mut owned) = bytes {
        owned.zeroize();
    }
    let items = items?;
    check_bounds(&items, lo, hi)?;
    Ok((items, len))
}

fn check_bounds<T: Item>(items: &[T], lo: &str, hi: Option<&str>) -> Result<(), TreeError> {
    let first = items.first().map(Item::key);
    let last = items.last().map(Item::key);
    let below_hi = match (last, hi) {
        (Some(last), Some(hi)) => last.as_bytes() < hi.as_bytes(),
        _ => true,
    };
    if first == Some(lo) && below_hi {
        Ok(())
    } else {
        Err(TreeError::Malformed)
    }
}

/// The upper bound of child `i` of `children`: the next separator, or the
/// parent's own bound for the last child.
fn bound_of<'a>(children: &'a [Child], i: usize, hi: Option<&'a str>) -> Option<&'a str> {
    children.get(i + 1).map(|c| c.key.as_str()).or(hi)
}

/// What takes a leaf's matching entries (key, bytes) during a range walk.
type LeafSink<'a, E> = dyn FnMut(Vec<(String, Vec<u8>)>) -> Result<(), E> + 'a;

fn range_in<S: PageStore, E: From<TreeError>>(
    store: &S,
    children: &[Child],
    height: u8,
    hi: Option<&str>,
    prefix: &str,
    out: &mut LeafSink<'_, E>,
) -> Result<(), E> {
    // Matches form one interval that starts at `prefix`: children whose
    // keys all sit below `prefix` hold none (skipped by a binary search),
    // and once a child starts past the interval, so do all that follow.
    let start = children
        .partition_point(|c| c.key.as_bytes() <= prefix.as_bytes())
        .saturating_sub(1);
    for (i, Child { key: lo, id }) in children.iter().enumerate().skip(start) {
        let child_hi = bound_of(children, i, hi);
        if lo.as_bytes() > prefix.as_bytes() && !lo.starts_with(prefix) {
            break;
        }
        if height <= 1 {
            let leaf = load::<Entry, S>(store, id, lo, child_hi)?;
            let matching: Vec<(String, Vec<u8>)> = leaf
                .into_iter()
                .filter(|e| e.key.starts_with(prefix))
                .map(Entry::into_pair)
                .collect();
            if !matching.is_empty() {
                out(matching)?;
            }
        } else {
            let index = load::<Child, S>(store, id, lo, child_hi)?;
            range_in(store, &index, height - 1, child_hi, prefix, out)?;
        }
    }
    Ok(())
}

/// What [`walk`] reports for each page.
enum Walked {
    /// A leaf of this many entries.
    Leaf(usize),
    Index,
}

/// Visits every page under `children` with its id and plaintext length,
/// checking each one.
fn walk<S: PageStore>(
    store: &S,
    children: &[Child],
    height: u8,
    hi: Option<&str>,
    visit: &mut dyn FnMut(&Id, usize, Walked),
) -> Result<(), TreeError> {
    for (i, Child { key: lo, id }) in children.iter().enumerate() {
        let child_hi = bound_of(children, i, hi);
        if height <= 1 {
            let (leaf, len) = load_sized::<Entry, S>(store, id, lo, child_hi)?;
            visit(id, len, Walked::Leaf(leaf.len()));
        } else {
            let (index, len) = load_sized::<Child, S>(store, id, lo, child_hi)?;
            visit(id, len, Walked::Index);
            walk(store, &index, height - 1, child_hi, visit)?;
        }
    }
    Ok(())
}

/// Page sizes: the real ones, or small ones that let tests reach deep trees
/// with few entries.
#[derive(Clone, Copy, Debug)]
struct Shape {
    limit: usize,
    target: usize,
    min: usize,
}

/// A child during [`Shape::update`]: untouched (keeps its id) or new items.
enum Slot<T> {
    Kept {
        key: String,
        id: Id,
        hi: Option<String>,
    },
    Fresh(Vec<T>),
}

impl Shape {
    const DEFAULT: Shape = Shape {
        limit: PAGE_LIMIT,
        target: PAGE_TARGET,
        min: PAGE_MIN,
    };

    fn build<S: PageStore>(
        &self,
        store: &mut S,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<Root, TreeError> {
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|(key, value)| Entry { key, value })
            .collect();
        if entries.iter().any(|e| e.key.len() > MAX_KEY) {
            return Err(TreeError::KeyTooLong);
        }
        if !strictly_sorted(&entries) {
            return Err(TreeError::Unsorted);
        }
        if entries.is_empty() {
            return Ok(Root::empty());
        }
        let children = self
            .pack(entries, true)
            .into_iter()
            .map(|page| store_page(store, page))
            .collect();
        Ok(self.grow(store, children, 1))
    }

    /// Adds index levels until the root's list fits in a page.
    fn grow<S: PageStore>(&self, store: &mut S, mut children: Vec<Child>, mut height: u8) -> Root {
        while page_size(&children) > self.limit {
            children = self
                .pack(children, true)
                .into_iter()
                .map(|page| store_page(store, page))
                .collect();
            height += 1;
        }
        Root { height, children }
    }

    fn apply<S: PageStore>(
        &self,
        store: &mut S,
        root: &Root,
        changes: BTreeMap<String, Option<Vec<u8>>>,
    ) -> Result<Root, TreeError> {
        if root.is_empty() {
            let entries = changes
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect();
            return self.build(store, entries);
        }
        if changes.keys().any(|k| k.len() > MAX_KEY) {
            return Err(TreeError::KeyTooLong);
        }
        if changes.is_empty() {
            return Ok(root.clone());
        }
        let changes: Zeroizing<Vec<(String, Option<Vec<u8>>)>> =
            Zeroizing::new(changes.into_iter().collect());
        let children = self.update(store, &root.children, root.height, None, &changes)?;
        let mut new = self.grow(store, children, root.height);
        // A root of one index child is that child: drop a level.
        while new.children.len() == 1 && new.height > 1 {
            let only = &new.children[0];
            let children = load::<Child, S>(store, &only.id, &only.key, None)?;
            store.release(&only.id);
            new = Root {
                height: new.height - 1,
                children,
            };
        }
        if new.children.is_empty() {
            new.height = 0;
        }
        Ok(new)
    }

    /// The new `(first key, id)` list for `children` (pages of `height`)
    /// after `changes`, which are sorted and all below `hi`.
    fn update<S: PageStore>(
        &self,
        store: &mut S,
        children: &[Child],
        height: u8,
        hi: Option<&str>,
        changes: &[(String, Option<Vec<u8>>)],
    ) -> Result<Vec<Child>, TreeError> {
        if height <= 1 {
            self.update_level::<Entry, S>(store, children, hi, changes, |_, old, ch, _| {
                Ok(merge_entries(old, ch))
            })
        } else {
            self.update_level::<Child, S>(store, children, hi, changes, |store, old, ch, hi| {
                self.update(store, &old, height - 1, hi, ch)
            })
        }
    }

    /// One level of [`Shape::update`]: routes the changes to the children
    /// that hold their keys, lets `edit` compute each touched child's new
    /// items, then merges small pages, splits large ones and stores them.
    fn update_level<T: Item, S: PageStore>(
        &self,
        store: &mut S,
        children: &[Child],
        hi: Option<&str>,
        mut changes: &[(String, Option<Vec<u8>>)],
        mut edit: impl FnMut(
            &mut S,
            Vec<T>,
            &[(String, Option<Vec<u8>>)],
            Option<&str>,
        ) -> Result<Vec<T>, TreeError>,
    ) -> Result<Vec<Child>, TreeError> {
        let mut slots: Vec<Slot<T>> = Vec::with_capacity(children.len() + 1);
        for (i, Child { key: lo, id }) in children.iter().enumerate() {
            let child_hi = bound_of(children, i, hi);
            // Keys below the first separator belong to the first child.
            let n = match child_hi {
                Some(h) => changes.partition_point(|(k, _)| k.as_bytes() < h.as_bytes()),
                None => changes.len(),
            };
            let (mine, rest) = changes.split_at(n);
            changes = rest;
            if mine.is_empty() {
                slots.push(Slot::Kept {
                    key: lo.clone(),
                    id: *id,
                    hi: child_hi.map(str::to_owned),
                });
                continue;
            }
            let old = load::<T, S>(store, id, lo, child_hi)?;
            let new = edit(store, old.clone(), mine, child_hi)?;
            if new == old {
                slots.push(Slot::Kept {
                    key: lo.clone(),
                    id: *id,
                    hi: child_hi.map(str::to_owned),
                });
            } else {
                store.release(id);
                slots.push(Slot::Fresh(new));
            }
        }
        slots.retain(|s| !matches!(s, Slot::Fresh(items) if items.is_empty()));
        self.merge_small(store, &mut slots)?;
        let mut out = Vec::with_capacity(slots.len());
        for slot in slots {
            match slot {
                Slot::Kept { key, id, .. } => out.push(Child { key, id }),
                Slot::Fresh(items) => {
                    for page in self.pack(items, false) {
                        out.push(store_page(store, page));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Merges every new page under the minimum with a neighbour, preferring
    /// one that is new anyway (rewriting it costs nothing extra).
    fn merge_small<T: Item, S: PageStore>(
        &self,
        store: &mut S,
        slots: &mut Vec<Slot<T>>,
    ) -> Result<(), TreeError> {
        let mut i = 0;
        while i < slots.len() {
            let small = matches!(&slots[i], Slot::Fresh(items) if page_size(items) < self.min);
            if !small || slots.len() < 2 {
                i += 1;
                continue;
            }
            let fresh = |j: usize| matches!(slots.get(j), Some(Slot::Fresh(_)));
            let left = if i + 1 < slots.len() && (fresh(i + 1) || i == 0 || !fresh(i - 1)) {
                i
            } else {
                i - 1
            };
            let right = slots.remove(left + 1).into_items(store)?;
            let mut items =
                std::mem::replace(&mut slots[left], Slot::Fresh(Vec::new())).into_items(store)?;
            items.extend(right);
            slots[left] = Slot::Fresh(items);
            i = left;
        }
        Ok(())
    }

    /// Cuts `items` into pages. `fill` packs to the target (a bulk load);
    /// otherwise items that fit one page stay one page.
    fn pack<T: Item>(&self, items: Vec<T>, fill: bool) -> Vec<Vec<T>> {
        if items.is_empty() {
            return Vec::new();
        }
        if !fill && page_size(&items) <= self.limit {
            return vec![items];
        }
        let mut pages = Vec::new();
        let mut cur = Vec::new();
        let mut cur_size = HEADER;
        for item in items {
            let size = item.size();
            if !cur.is_empty() && cur_size + size > self.target {
                pages.push(std::mem::take(&mut cur));
                cur_size = HEADER;
            }
            cur_size += size;
            cur.push(item);
        }
        // A short last page joins the one before when both fit one page.
        match pages.last_mut() {
            Some(prev)
                if cur_size < self.min && page_size(prev) + cur_size - HEADER <= self.limit =>
            {
                prev.extend(cur)
            }
            _ => pages.push(cur),
        }
        pages
    }
}

impl<T: Item> Slot<T> {
    /// The slot's items; a kept page read this way is being rewritten, so
    /// it leaves the tree.
    fn into_items<S: PageStore>(self, store: &mut S) -> Result<Vec<T>, TreeError> {
        match self {
            Slot::Fresh(items) => Ok(items),
            Slot::Kept { key, id, hi } => {
                let items = load::<T, S>(store, &id, &key, hi.as_deref())?;
                store.release(&id);
                Ok(items)
            }
        }
    }
}

fn store_page<T: Item, S: PageStore>(store: &mut S, items: Vec<T>) -> Child {
    let key = items
        .first()
        .expect("a packed page holds at least one item")
        .key()
        .to_owned();
    let id = store.store(encode_page(&items));
    Child { key, id }
}

/// The entries of a leaf after `changes` (both sorted by key).
fn merge_entries(old: Vec<Entry>, changes: &[(String, Option<Vec<u8>>)]) -> Vec<Entry> {
    let mut out = Vec::with_capacity(old.len() + changes.len());
    let mut old = old.into_iter().peekable();
    for (key, change) in changes {
        while let Some(entry) = old.next_if(|e| e.key.as_bytes() < key.as_bytes()) {
            out.push(entry);
        }
        old.next_if(|e| e.key == *key);
        if let Some(value) = change {
            out.push(Entry {
                key: key.clone(),
                value: value.clone(),
            });
        }
    }
    out.extend(old);
    out
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;
    use crate::vault::v2::record::hash;

    /// Keeps plaintext pages by their hash and counts what crosses it.
    #[derive(Default)]
    struct MemStore {
        pages: HashMap<Id, Vec<u8>>,
        loads: Cell<usize>,
        stored_pages: usize,
        stored_bytes: usize,
        /// Pages stored and not released since: the current tree's.
        alive: std::collections::BTreeSet<Id>,
    }

    impl PageStore for MemStore {
        fn load(&self, id: &Id) -> Result<Cow<'_, [u8]>, TreeError> {
            self.loads.set(self.loads.get() + 1);
            self.pages
                .get(id)
                .map(|p| Cow::Borrowed(p.as_slice()))
                .ok_or(TreeError::MissingPage)
        }

        fn store(&mut self, plaintext: Vec<u8>) -> Id {
            self.stored_pages += 1;
            self.stored_bytes += plaintext.len();
            let id = hash(&plaintext);
            self.pages.insert(id, plaintext);
            self.alive.insert(id);
            id
        }

        fn release(&mut self, id: &Id) {
            assert!(
                self.alive.remove(id),
                "a page released twice or never stored"
            );
        }
    }

    impl MemStore {
        /// Page loads since the last call.
        fn take_loads(&self) -> usize {
            self.loads.replace(0)
        }
    }

    /// Tiny pages, so a few hundred entries make a deep tree.
    const SMALL: Shape = Shape {
        limit: 256,
        target: 192,
        min: 64,
    };

    fn key(i: usize) -> String {
        format!(
            "team{:02}/service{:03}/secret{i:06}",
            i % 1000 % 37,
            i % 1000
        )
    }

    fn value(i: usize) -> Vec<u8> {
        format!("entry {i}: secret id, dates, a short description")
            .into_bytes()
            .into_iter()
            .chain(std::iter::repeat_n((i % 251) as u8, i % 64))
            .collect()
    }

    fn model(n: usize) -> BTreeMap<String, Vec<u8>> {
        (0..n).map(|i| (key(i), value(i))).collect()
    }

    /// Checks the whole tree against `model`: contents, page bounds, stats.
    fn check(store: &MemStore, root: &Root, model: &BTreeMap<String, Vec<u8>>, shape: Shape) {
        let all = Tree::range(store, root, "").unwrap();
        let expected: Vec<(String, Vec<u8>)> =
            model.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        assert_eq!(all, expected);
        let stats = Tree::stats(store, root).unwrap();
        assert_eq!(stats.entries, model.len());
        assert!(stats.largest_bounded <= shape.limit, "{stats:?}");
        assert!(page_size(&root.children) <= shape.limit, "{root:?}");
        assert_eq!(root.is_empty(), model.is_empty());
        assert_eq!(
            Tree::pages(store, root).unwrap().len(),
            stats.leaves + stats.index_pages
        );
    }

    #[test]
    fn a_hundred_thousand_entries_read_and_write_a_few_pages() {
        let mut model = model(100_000);
        let mut store = MemStore::default();
        let root = Tree::build(&mut store, model.clone().into_iter().collect()).unwrap();
        check(&store, &root, &model, Shape::DEFAULT);
        let stats = Tree::stats(&store, &root).unwrap();
        assert!(root.height() >= 2, "{stats:?}");
        // Bulk load fills pages to about the target.
        assert!(
            stats.bytes / (stats.leaves + stats.index_pages) > PAGE_MIN * 2,
            "{stats:?}"
        );
        store.take_loads();

        for i in [0, 1, 4_999, 50_000, 99_999] {
            assert_eq!(Tree::get(&store, &root, &key(i)).unwrap(), Some(value(i)));
            assert!(store.take_loads() <= usize::from(root.height()) + 1);
        }
        assert_eq!(Tree::get(&store, &root, "team00/zzz").unwrap(), None);
        assert_eq!(Tree::get(&store, &root, "").unwrap(), None);
        assert!(store.take_loads() <= 2 * (usize::from(root.height()) + 1));

        // 100 of the 100,000 keys start with this prefix (i % 1000 == 7).
        let prefix = "team07/service007/";
        let found = Tree::range(&store, &root, prefix).unwrap();
        assert_eq!(found.len(), 100);
        assert!(found.iter().all(|(k, _)| k.starts_with(prefix)));
        let per_leaf = stats.entries / stats.leaves;
        let bound = usize::from(root.height()) + 100 / per_leaf + 3;
        assert!(store.take_loads() <= bound, "more than {bound} loads");

        let before: std::collections::HashSet<Id> =
            Tree::pages(&store, &root).unwrap().into_iter().collect();
        let mut root = root;
        for (k, v) in [
            (key(12_345), Some(b"replaced".to_vec())),
            ("team05/new".to_owned(), Some(b"inserted".to_vec())),
            (key(777), None),
        ] {
            let (pages, bytes) = (store.stored_pages, store.stored_bytes);
            root =
                Tree::apply(&mut store, &root, BTreeMap::from([(k.clone(), v.clone())])).unwrap();
            assert!(store.stored_bytes - bytes <= 3 * PAGE_LIMIT);
            assert!(store.stored_pages - pages <= usize::from(root.height()));
            match v {
                Some(v) => model.insert(k, v),
                None => model.remove(&k),
            };
        }
        check(&store, &root, &model, Shape::DEFAULT);
        let after = Tree::pages(&store, &root).unwrap();
        let new = after.iter().filter(|id| !before.contains(*id)).count();
        assert!(new <= 3 * usize::from(root.height()), "{new} new pages");
    }

    #[test]
    fn a_huge_entry_gets_a_leaf_of_its_own() {
        let mut model = model(300);
        let mut store = MemStore::default();
        let root = Tree::build(&mut store, model.clone().into_iter().collect()).unwrap();
        let huge = vec![7u8; 3 * PAGE_LIMIT];
        let k = key(150) + "-huge";
        let root = Tree::apply(
            &mut store,
            &root,
            BTreeMap::from([(k.clone(), Some(huge.clone()))]),
        )
        .unwrap();
        model.insert(k.clone(), huge.clone());
        check(&store, &root, &model, Shape::DEFAULT);
        let stats = Tree::stats(&store, &root).unwrap();
        assert!(stats.largest_single > 3 * PAGE_LIMIT, "{stats:?}");
        assert_eq!(Tree::get(&store, &root, &k).unwrap(), Some(huge));
    }

    #[test]
    fn a_no_op_change_writes_nothing() {
        let mut store = MemStore::default();
        let root = Tree::build(&mut store, model(2_000).into_iter().collect()).unwrap();
        let stored = store.stored_pages;
        let same = Tree::apply(
            &mut store,
            &root,
            BTreeMap::from([("absent".to_owned(), None)]),
        )
        .unwrap();
        assert_eq!(same, root);
        let same = Tree::apply(
            &mut store,
            &root,
            BTreeMap::from([(key(3), Some(value(3)))]),
        )
        .unwrap();
        assert_eq!(same, root);
        assert_eq!(
            Tree::apply(&mut store, &root, BTreeMap::new()).unwrap(),
            root
        );
        assert_eq!(store.stored_pages, stored);
    }

    #[test]
    fn the_tree_grows_and_shrinks_by_levels() {
        let mut store = MemStore::default();
        let mut root = Root::empty();
        let mut model = BTreeMap::new();
        for chunk in (0..600).collect::<Vec<_>>().chunks(7) {
            let changes = chunk.iter().map(|&i| (key(i), Some(value(i)))).collect();
            root = SMALL.apply(&mut store, &root, changes).unwrap();
            model.extend(chunk.iter().map(|&i| (key(i), value(i))));
        }
        check(&store, &root, &model, SMALL);
        assert!(root.height() >= 3, "{root:?}");
        for chunk in (0..600).rev().collect::<Vec<_>>().chunks(11) {
            let changes = chunk.iter().map(|&i| (key(i), None)).collect();
            root = SMALL.apply(&mut store, &root, changes).unwrap();
            for i in chunk {
                model.remove(&key(*i));
            }
            check(&store, &root, &model, SMALL);
        }
        assert_eq!(root, Root::empty());
        assert_eq!(root.height(), 0);
        assert_eq!(Tree::get(&store, &root, &key(1)).unwrap(), None);
    }

    #[test]
    fn deletes_merge_pages_that_fall_under_the_minimum() {
        let mut model = model(20_000);
        let mut store = MemStore::default();
        let mut root = Tree::build(&mut store, model.clone().into_iter().collect()).unwrap();
        let leaves_before = Tree::stats(&store, &root).unwrap().leaves;
        let doomed: Vec<usize> = (0..20_000).filter(|i| i % 10 != 0).collect();
        for batch in doomed.chunks(500) {
            let changes = batch.iter().map(|&i| (key(i), None)).collect();
            root = Tree::apply(&mut store, &root, changes).unwrap();
            for &i in batch {
                model.remove(&key(i));
            }
        }
        check(&store, &root, &model, Shape::DEFAULT);
        let stats = Tree::stats(&store, &root).unwrap();
        // Without merges every leaf would survive at a tenth of its size.
        assert!(stats.leaves < leaves_before / 5, "{stats:?}");
        assert!(
            stats.bytes / (stats.leaves + stats.index_pages) >= PAGE_MIN,
            "{stats:?}"
        );
    }

    #[test]
    fn build_refuses_unsorted_entries() {
        let mut store = MemStore::default();
        let twice = vec![("a".to_owned(), vec![]), ("a".to_owned(), vec![])];
        assert_eq!(Tree::build(&mut store, twice), Err(TreeError::Unsorted));
        let backwards = vec![("b".to_owned(), vec![]), ("a".to_owned(), vec![])];
        assert_eq!(Tree::build(&mut store, backwards), Err(TreeError::Unsorted));
        assert_eq!(store.stored_pages, 0);
    }

    #[test]
    fn keys_longer_than_the_bound_are_refused() {
        let mut store = MemStore::default();
        let long = "p".repeat(MAX_KEY + 1);
        let at_bound = "p".repeat(MAX_KEY);
        assert_eq!(
            Tree::build(&mut store, vec![(long.clone(), vec![])]),
            Err(TreeError::KeyTooLong)
        );
        let root = Tree::build(&mut store, vec![(at_bound.clone(), vec![1])]).unwrap();
        let change = BTreeMap::from([(long.clone(), Some(vec![]))]);
        assert_eq!(
            Tree::apply(&mut store, &root, change),
            Err(TreeError::KeyTooLong)
        );
        assert_eq!(Tree::get(&store, &root, &at_bound).unwrap(), Some(vec![1]));
        // A page that holds one anyway is malformed.
        let page = encode_page(&[Entry {
            key: long,
            value: vec![],
        }]);
        assert_eq!(decode_page::<Entry>(&page), Err(TreeError::Malformed));
    }

    #[test]
    fn root_round_trips_and_refuses_every_truncation() {
        let mut store = MemStore::default();
        let root = SMALL
            .build(&mut store, model(200).into_iter().collect())
            .unwrap();
        assert!(root.children().len() > 1);
        let bytes = root.encode();
        assert_eq!(Root::decode(&bytes), Ok(root.clone()));
        for n in 0..bytes.len() {
            assert_eq!(Root::decode(&bytes[..n]), Err(TreeError::Malformed), "{n}");
        }
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(Root::decode(&trailing), Err(TreeError::Malformed));
        let mut too_deep = bytes.clone();
        too_deep[0] = MAX_HEIGHT + 1;
        assert_eq!(Root::decode(&too_deep), Err(TreeError::Malformed));
        let mut flat = bytes;
        flat[0] = 0;
        assert_eq!(Root::decode(&flat), Err(TreeError::Malformed));
        assert_eq!(Root::decode(&Root::empty().encode()), Ok(Root::empty()));
        assert!(!format!("{root:?}").contains("team"));
    }

    #[test]
    fn malformed_pages_are_refused() {
        let entry = |key: &str, value: &[u8]| Entry {
            key: key.to_owned(),
            value: value.to_vec(),
        };
        let child = |key: &str, id: Id| Child {
            key: key.to_owned(),
            id,
        };
        let leaf = vec![entry("a", b"1"), entry("b", b"2")];
        let index = vec![child("a", [1; 32]), child("b", [2; 32])];
        let leaf_bytes = encode_page(&leaf);
        let index_bytes = encode_page(&index);
        assert_eq!(decode_page::<Entry>(&leaf_bytes), Ok(leaf.clone()));
        assert_eq!(decode_page::<Child>(&index_bytes), Ok(index.clone()));
        for n in 0..leaf_bytes.len() {
            assert_eq!(
                decode_page::<Entry>(&leaf_bytes[..n]),
                Err(TreeError::Malformed)
            );
        }
        for n in 0..index_bytes.len() {
            assert_eq!(
                decode_page::<Child>(&index_bytes[..n]),
                Err(TreeError::Malformed)
            );
        }
        // The wrong kind, no items, keys out of order or repeated, bad UTF-8.
        assert_eq!(decode_page::<Child>(&leaf_bytes), Err(TreeError::Malformed));
        assert_eq!(
            decode_page::<Entry>(&index_bytes),
            Err(TreeError::Malformed)
        );
        assert_eq!(
            decode_page::<Entry>(&encode_page::<Entry>(&[])),
            Err(TreeError::Malformed)
        );
        let reversed: Vec<Entry> = leaf.iter().rev().cloned().collect();
        assert_eq!(
            decode_page::<Entry>(&encode_page(&reversed)),
            Err(TreeError::Malformed)
        );
        let repeated = vec![leaf[0].clone(), leaf[0].clone()];
        assert_eq!(
            decode_page::<Entry>(&encode_page(&repeated)),
            Err(TreeError::Malformed)
        );
        let mut bad_utf8 = leaf_bytes.clone();
        bad_utf8[HEADER + 4] = 0xff;
        assert_eq!(decode_page::<Entry>(&bad_utf8), Err(TreeError::Malformed));
        let mut forged_count = leaf_bytes;
        forged_count[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            decode_page::<Entry>(&forged_count),
            Err(TreeError::Malformed)
        );
    }

    #[test]
    fn a_page_outside_its_parents_bounds_is_refused() {
        let mut store = MemStore::default();
        let root = SMALL
            .build(&mut store, model(50).into_iter().collect())
            .unwrap();
        assert!(root.height() >= 2);
        // Point the second child at the first one's page: right bytes, wrong place.
        let mut swapped = root.clone();
        swapped.children[1].id = root.children[0].id;
        let k = &root.children[1].key;
        assert_eq!(Tree::get(&store, &swapped, k), Err(TreeError::Malformed));
        assert_eq!(Tree::range(&store, &swapped, ""), Err(TreeError::Malformed));
        assert_eq!(Tree::pages(&store, &swapped), Err(TreeError::Malformed));
        let change = BTreeMap::from([(k.clone(), None)]);
        assert_eq!(
            SMALL.apply(&mut store, &swapped, change),
            Err(TreeError::Malformed)
        );
        // A missing page is reported as such.
        let mut missing = root.clone();
        missing.children[0].id = [0; 32];
        assert_eq!(
            Tree::get(&store, &missing, &root.children[0].key),
            Err(TreeError::MissingPage)
        );
        // A leaf where an index page belongs.
        let mut shallow = root.clone();
        shallow.height += 1;
        assert_eq!(Tree::range(&store, &shallow, ""), Err(TreeError::Malformed));
    }

    /// A change as the proptest draws it: keys from a small alphabet so
    /// inserts, replaces and deletes meet; values up to a few pages' items.
    fn change() -> impl Strategy<Value = (String, Option<Vec<u8>>)> {
        (
            "[a-c/]{0,6}",
            prop_oneof![
                1 => Just(None),
                3 => proptest::collection::vec(any::<u8>(), 0..48).prop_map(Some),
            ],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn random_changes_match_a_btreemap(
            batches in proptest::collection::vec(proptest::collection::btree_map(
                "[a-c/]{0,6}",
                prop_oneof![
                    1 => Just(None),
                    3 => proptest::collection::vec(any::<u8>(), 0..48).prop_map(Some),
                ],
                1..6,
            ), 1..60),
            probes in proptest::collection::vec(change(), 8),
        ) {
            let mut store = MemStore::default();
            let mut root = Root::empty();
            let mut model = BTreeMap::new();
            for batch in batches {
                for (k, v) in &batch {
                    match v {
                        Some(v) => model.insert(k.clone(), v.clone()),
                        None => model.remove(k),
                    };
                }
                root = SMALL.apply(&mut store, &root, batch).unwrap();
                check(&store, &root, &model, SMALL);
                // Released pages are exactly those the new tree lost.
                let reached: std::collections::BTreeSet<Id> =
                    Tree::pages(&store, &root).unwrap().into_iter().collect();
                prop_assert_eq!(&reached, &store.alive);
            }
            for (probe, _) in probes {
                prop_assert_eq!(Tree::get(&store, &root, &probe).unwrap(), model.get(&probe).cloned());
                let expected: Vec<(String, Vec<u8>)> = model
                    .range(probe.clone()..)
                    .take_while(|(k, _)| k.starts_with(&probe))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                prop_assert_eq!(Tree::range(&store, &root, &probe).unwrap(), expected);
            }
            let rebuilt = SMALL.build(&mut store, model.clone().into_iter().collect()).unwrap();
            check(&store, &rebuilt, &model, SMALL);
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = Root::decode(&bytes);
            let mut store = MemStore::default();
            let id = store.store(bytes.clone());
            let leaf = Root { height: 1, children: vec![Child { key: String::new(), id }] };
            if decode_page::<Entry>(&bytes).is_err() {
                prop_assert_eq!(Tree::get(&store, &leaf, "a"), Err(TreeError::Malformed));
                prop_assert_eq!(Tree::range(&store, &leaf, ""), Err(TreeError::Malformed));
            }
            let index = Root { height: 2, children: vec![Child { key: String::new(), id }] };
            if decode_page::<Child>(&bytes).is_err() {
                prop_assert_eq!(Tree::pages(&store, &index), Err(TreeError::Malformed));
            }
        }
    }
}
