//! Format-2 images of synthetic records, built through the library, for
//! the tests of the keyless layer (`sesame merge`, `git-textconv`). The
//! records are well framed but unsigned: the merge checks framing and
//! hashes, never signatures (format2.md D1). Everything is a function of
//! its arguments (fixed "seeds"), so two runs build the same bytes.

#![allow(dead_code)]

use sesame::vault::v2::record::{PartRef, SIG_LEN, hash, kind};
use sesame::vault::v2::{Checkpoint, Image, Page, Record};

/// The vault id of every image here unless a test wants another.
pub const VAULT: [u8; 16] = [0x5e; 16];

/// The scope tag the synthetic records and checkpoints carry.
pub const TAG: [u8; 16] = [0x7a; 16];

/// The bytes of part `seq` of `device`'s run: `marker`, then filler
/// derived from the arguments.
pub fn part(device: u8, seq: u64, marker: &str) -> Vec<u8> {
    let mut bytes = marker.as_bytes().to_vec();
    bytes.extend((0..32u8).map(|i| i ^ device ^ (seq as u8).wrapping_mul(31)));
    bytes
}

/// `device`'s records `1..=n`, chained by `prev`, each one transaction on
/// [`TAG`] with one part holding `marker`; `seen` is the vector clock each
/// record carries.
pub fn run(device: u8, n: u64, marker: &str, seen: &[(u8, u64)]) -> Vec<Record> {
    let mut prev = [0; 32];
    (1..=n)
        .map(|seq| {
            let data = part(device, seq, marker);
            let r = Record {
                kind: if seq == 1 { kind::MEMBER } else { kind::TXN },
                author: [device; 16],
                device: [device; 16],
                seq,
                prev,
                clock: (1_780_000_000_000 + u64::from(device) * 60_000 + seq * 1000) << 16,
                seen: seen.iter().map(|(d, s)| ([*d; 16], *s)).collect(),
                tags: vec![TAG],
                parts: vec![PartRef {
                    kind: 1,
                    tag: 0,
                    len: data.len() as u32,
                    hash: hash(&data),
                }],
                signature: [device; SIG_LEN],
                data: vec![Some(data)],
            };
            prev = r.id();
            r
        })
        .collect()
}

/// A page of [`TAG`] holding `content`.
pub fn page(content: &str) -> Page {
    Page {
        tag: TAG,
        sealed: content.as_bytes().to_vec(),
    }
}

/// A checkpoint of [`TAG`] at `frontier`, pinning `pages`.
pub fn checkpoint(frontier: &[(u8, u64)], pages: &[&Page]) -> Checkpoint {
    let mut ids: Vec<_> = pages.iter().map(|p| p.id()).collect();
    ids.sort();
    Checkpoint {
        author: [1; 16],
        tag: TAG,
        clock: 1_780_000_000_000 << 16,
        frontier: frontier.iter().map(|(d, s)| ([*d; 16], *s)).collect(),
        pages: ids,
        body: b"sealed checkpoint body".to_vec(),
        signature: [1; SIG_LEN],
    }
}

/// An image of vault `vault` holding `records`, and `checkpoint` with its
/// pages when given.
pub fn image(
    vault: [u8; 16],
    records: &[Record],
    checkpoint: Option<(Checkpoint, Vec<Page>)>,
) -> Image {
    let mut image = Image::new(vault);
    for r in records {
        image.insert_record(r.clone());
    }
    if let Some((c, pages)) = checkpoint {
        image.insert_checkpoint(c);
        for p in pages {
            image.insert_page(p);
        }
    }
    image
}

/// The three images of a divergence: BASE (device 1 wrote 2 records and a
/// checkpoint of them), OURS (BASE, then device 2 wrote 2 records and a
/// checkpoint over all), THEIRS (BASE, then device 3 wrote 1 record and a
/// checkpoint over all). The two newer checkpoints are concurrent, so
/// the merge keeps both and drops BASE's.
pub fn divergence(marker: &str) -> (Image, Image, Image) {
    let base_run = run(1, 2, marker, &[]);
    let p0 = page("base page");
    let base = image(
        VAULT,
        &base_run,
        Some((checkpoint(&[(1, 2)], &[&p0]), vec![p0])),
    );
    let mut ours_records = base_run.clone();
    ours_records.extend(run(2, 2, marker, &[(1, 2)]));
    let p2 = page("ours page");
    let ours = image(
        VAULT,
        &ours_records,
        Some((checkpoint(&[(1, 2), (2, 2)], &[&p2]), vec![p2])),
    );
    let mut theirs_records = base_run;
    theirs_records.extend(run(3, 1, marker, &[(1, 2)]));
    let p3 = page("theirs page");
    let theirs = image(
        VAULT,
        &theirs_records,
        Some((checkpoint(&[(1, 2), (3, 1)], &[&p3]), vec![p3])),
    );
    (base, ours, theirs)
}
