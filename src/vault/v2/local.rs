//! What this machine remembers of a format-2 vault, outside the file
//! (docs/format2-design.md §7, format2.md D8): per (vault id, file path),
//! this checkout's device id and the highest seq of each device it has
//! seen (rollback detection); per (vault id, member), the session epoch
//! and the tags of the member-record signatures already checked (keyed
//! from the member's user key: `engine::Remembered`).
//!
//! Files live in the state directory the format-1 rollback marks use
//! (`OpenOptions::rollback_state`), 0600, replaced atomically. Without a
//! state directory nothing is remembered: a random device id per process,
//! no rollback detection, session epoch 0.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::vault::crypto;
use crate::vault::error::{Error, Result};
use crate::vault::store::{self, hex};

use super::image::Image;
use super::record::{DeviceId, MemberId, hash};

/// This checkout's device id and rollback marks.
#[derive(Debug)]
pub(crate) struct Checkout {
    file: Option<PathBuf>,
    /// The device id this checkout writes as.
    pub(crate) device: DeviceId,
    /// The highest seq seen of each device.
    seen: BTreeMap<DeviceId, u64>,
    /// Whether `device` is new (not yet saved).
    fresh: bool,
}

/// The file of one (vault id, path): the path is made absolute first, so
/// two clones or a worktree of one vault are never each other's rollback.
fn checkout_file(dir: &Path, vault_id: &[u8; 16], path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let digest = hash(absolute.as_os_str().as_encoded_bytes());
    dir.join(format!("{}-{}.v2", hex(vault_id), hex(&digest[..12])))
}

fn random_device() -> DeviceId {
    let mut d = [0u8; 16];
    crypto::fill_random(&mut d);
    d
}

fn parse_hex16(text: &str) -> Option<[u8; 16]> {
    if text.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The highest seq of each device in `image`.
pub(crate) fn frontier(image: &Image) -> BTreeMap<DeviceId, u64> {
    let mut out: BTreeMap<DeviceId, u64> = BTreeMap::new();
    for (device, seq, _) in image.records.keys() {
        let e = out.entry(*device).or_default();
        *e = (*e).max(*seq);
    }
    out
}

impl Checkout {
    /// What this machine remembers of the vault `vault_id` at `path`.
    pub(crate) fn load(dir: Option<&Path>, vault_id: &[u8; 16], path: &Path) -> Checkout {
        let Some(dir) = dir else {
            return Checkout {
                file: None,
                device: random_device(),
                seen: BTreeMap::new(),
                fresh: true,
            };
        };
        let file = checkout_file(dir, vault_id, path);
        let mut device = None;
        let mut seen = BTreeMap::new();
        if let Ok(text) = read_nofollow(&file) {
            for line in text.lines() {
                let mut words = line.split(' ');
                match (words.next(), words.next(), words.next()) {
                    (Some("device"), Some(d), None) => device = parse_hex16(d),
                    (Some("seen"), Some(d), Some(s)) => {
                        if let (Some(d), Ok(s)) = (parse_hex16(d), s.parse::<u64>()) {
                            seen.insert(d, s);
                        }
                    }
                    _ => {}
                }
            }
        }
        Checkout {
            file: Some(file),
            fresh: device.is_none(),
            device: device.unwrap_or_else(random_device),
            seen,
        }
    }

    /// How many records this path has seen that `image` lacks (0: none; a
    /// pull or a merge only adds records, so only an older copy lacks
    /// some).
    pub(crate) fn missing(&self, image: &Image) -> u64 {
        let have = frontier(image);
        self.seen
            .iter()
            .map(|(d, s)| s.saturating_sub(have.get(d).copied().unwrap_or(0)))
            .fold(0u64, u64::saturating_add)
    }

    /// Remembers what `image` holds (marks only rise), and the device id.
    /// Best effort: a failure is a warning.
    pub(crate) fn remember(&mut self, image: &Image, warn: fn(&str)) {
        let mut changed = self.fresh;
        for (d, s) in frontier(image) {
            let e = self.seen.entry(d).or_default();
            if s > *e {
                *e = s;
                changed = true;
            }
        }
        let Some(file) = &self.file else {
            return;
        };
        if !changed {
            return;
        }
        let mut text = format!("device {}\n", hex(&self.device));
        for (d, s) in &self.seen {
            text.push_str(&format!("seen {} {s}\n", hex(d)));
        }
        match write_state(file, text.as_bytes()) {
            Ok(()) => self.fresh = false,
            Err(e) => warn(&format!(
                "cannot remember this vault's state in {}: {e}",
                file.display()
            )),
        }
    }

    /// Forgets the marks (an `--allow-rollback` open of an older copy):
    /// the next [`Checkout::remember`] starts from what that copy holds.
    pub(crate) fn reset(&mut self) {
        self.seen.clear();
    }
}

fn read_nofollow(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)?;
    let mut text = String::new();
    f.take(1 << 20).read_to_string(&mut text)?;
    Ok(text)
}

fn write_state(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        store::create_private_dir(dir)?;
    }
    store::write_atomic(path, store::Replace::Overwrite, |w| {
        w.write_all(bytes)
            .map_err(|e| Error::io("cannot write", path, e))
    })
}

fn checked_file(dir: &Path, vault_id: &[u8; 16], member: &MemberId) -> PathBuf {
    dir.join(format!("{}-{}.checked", hex(vault_id), hex(member)))
}

/// The most tags kept: a vault's member records number in the hundreds.
const MAX_CHECKED: usize = 1 << 16;

/// The tags of the member-record signatures `member` checked on vault
/// `vault_id` (none without a state directory, or if unreadable).
pub(crate) fn checked_signatures(
    dir: Option<&Path>,
    vault_id: &[u8; 16],
    member: &MemberId,
) -> Vec<[u8; 16]> {
    let Some(text) = dir.and_then(|d| read_nofollow(&checked_file(d, vault_id, member)).ok())
    else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| parse_hex16(line.trim()))
        .take(MAX_CHECKED)
        .collect()
}

/// Keeps `tags` (see [`checked_signatures`]).
pub(crate) fn keep_checked_signatures(
    dir: Option<&Path>,
    vault_id: &[u8; 16],
    member: &MemberId,
    tags: &[[u8; 16]],
) -> Result<()> {
    let Some(dir) = dir else {
        return Ok(());
    };
    let mut text = String::new();
    for tag in tags.iter().take(MAX_CHECKED) {
        text.push_str(&hex(tag));
        text.push('\n');
    }
    write_state(&checked_file(dir, vault_id, member), text.as_bytes())
}

fn ring_file(dir: &Path, vault_id: &[u8; 16], member: &MemberId) -> PathBuf {
    dir.join(format!("{}-{}.keyring", hex(vault_id), hex(member)))
}

/// This member's keyring as an earlier open kept it (sealed under a key
/// from their user key: `engine::Remembered::local_ring`).
pub(crate) fn keyring(
    dir: Option<&Path>,
    vault_id: &[u8; 16],
    member: &MemberId,
) -> Option<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let path = ring_file(dir?, vault_id, member);
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .ok()?;
    let mut bytes = Vec::new();
    f.take(64 << 20).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Keeps this member's sealed keyring for the next open.
pub(crate) fn keep_keyring(
    dir: Option<&Path>,
    vault_id: &[u8; 16],
    member: &MemberId,
    sealed: &[u8],
) -> Result<()> {
    let Some(dir) = dir else {
        return Ok(());
    };
    write_state(&ring_file(dir, vault_id, member), sealed)
}

fn epoch_file(dir: &Path, vault_id: &[u8; 16], member: &MemberId) -> PathBuf {
    dir.join(format!("{}-{}.sessions", hex(vault_id), hex(member)))
}

/// The session epoch of `member` on vault `vault_id` on this machine:
/// sessions made under another epoch are ended.
pub(crate) fn session_epoch(dir: Option<&Path>, vault_id: &[u8; 16], member: &MemberId) -> u64 {
    dir.and_then(|d| read_nofollow(&epoch_file(d, vault_id, member)).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

/// Ends every session of `member` on vault `vault_id` made on this
/// machine: a new epoch, so even a copy of a session file restored later
/// is dead.
pub(crate) fn bump_session_epoch(
    dir: Option<&Path>,
    vault_id: &[u8; 16],
    member: &MemberId,
) -> Result<()> {
    let Some(dir) = dir else {
        return Ok(());
    };
    let next = session_epoch(Some(dir), vault_id, member).saturating_add(1);
    write_state(
        &epoch_file(dir, vault_id, member),
        format!("{next}\n").as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::v2::record::tests::record;

    #[test]
    fn a_checkout_remembers_its_device_and_notices_missing_records() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v.sesame");
        let mut image = Image::new([7; 16]);
        let mut c = Checkout::load(Some(dir.path()), &[7; 16], &vault);
        let device = c.device;
        image.insert_record(record(3, 1, b"one"));
        let older = image.clone();
        image.insert_record(record(3, 2, b"two"));
        c.remember(&image, |_| panic!("no warning expected"));
        let again = Checkout::load(Some(dir.path()), &[7; 16], &vault);
        assert_eq!(again.device, device);
        assert_ne!(device, [3; 16], "a checkout's own device id is random");
        assert_eq!(again.missing(&image), 0);
        assert_eq!(again.missing(&older), 1);
        // Another path of the same vault is another checkout.
        let other = Checkout::load(Some(dir.path()), &[7; 16], &dir.path().join("w.sesame"));
        assert_ne!(other.device, device);
        assert_eq!(other.missing(&older), 0);
    }

    #[test]
    fn the_session_epoch_rises_per_member() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(session_epoch(Some(dir.path()), &[1; 16], &[2; 16]), 0);
        bump_session_epoch(Some(dir.path()), &[1; 16], &[2; 16]).unwrap();
        bump_session_epoch(Some(dir.path()), &[1; 16], &[2; 16]).unwrap();
        assert_eq!(session_epoch(Some(dir.path()), &[1; 16], &[2; 16]), 2);
        assert_eq!(session_epoch(Some(dir.path()), &[1; 16], &[3; 16]), 0);
    }
}
