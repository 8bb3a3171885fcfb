//! The KDF parameters last seen for each vault, kept in the state
//! directory beside the rollback state (`<vault id>.kdf`).
//!
//! A slot's KDF parameters are read before anything authenticates them,
//! so a writer of the vault file could raise them to the bounds (4096 MiB
//! × 64 passes in every slot): hours of work per attempt, ending in "wrong
//! passphrase". So a derivation with parameters larger than the ones
//! remembered is refused unless a person confirms it, and parameters are
//! remembered only once the index has authenticated the header. The first
//! open on a machine trusts what it finds.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use crate::vault::error::{Error, Result};

use crate::vault::OpenOptions;
use crate::vault::crypto::KdfParams;
use crate::vault::format::{Header, Slot};
use crate::vault::store::hex;

/// The largest of each parameter over the header's passphrase slots.
fn largest(header: &Header) -> Option<KdfParams> {
    header
        .slots
        .iter()
        .filter_map(|s| match s {
            Slot::Passphrase { kdf, .. } => Some(*kdf),
            Slot::Unknown { .. } => None,
        })
        .reduce(|a, b| KdfParams {
            memory_mib: a.memory_mib.max(b.memory_mib),
            iterations: a.iterations.max(b.iterations),
            parallelism: a.parallelism.max(b.parallelism),
        })
}

/// The parameters remembered for `vault_id`, if any.
pub fn get(dir: Option<&Path>, vault_id: &[u8; 16]) -> Option<KdfParams> {
    let text = std::fs::read_to_string(dir?.join(format!("{}.kdf", hex(vault_id)))).ok()?;
    let mut parts = text.split_whitespace().map(|p| p.parse::<u32>().ok());
    let kdf = KdfParams {
        memory_mib: parts.next()??,
        iterations: parts.next()??,
        parallelism: parts.next()??,
    };
    kdf.check().ok().map(|()| kdf)
}

/// Remembers the parameters of an authenticated header. Best effort, like
/// the rollback state; written only when they changed.
pub fn remember(dir: Option<&Path>, header: &Header) {
    let (Some(dir), Some(kdf)) = (dir, largest(header)) else {
        return;
    };
    if get(Some(dir), &header.vault_id) == Some(kdf) {
        return;
    }
    let _ = try_remember(dir, &header.vault_id, kdf);
}

fn try_remember(dir: &Path, vault_id: &[u8; 16], kdf: KdfParams) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let path = dir.join(format!("{}.kdf", hex(vault_id)));
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    let mut nonce = [0u8; 8];
    super::crypto::fill_random(&mut nonce);
    name.push(format!(".{}.tmp", hex(&nonce)));
    let tmp = path.with_file_name(name);
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| {
            writeln!(
                f,
                "{} {} {}",
                kdf.memory_mib, kdf.iterations, kdf.parallelism
            )
        })
        .and_then(|()| std::fs::rename(&tmp, &path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn describe(kdf: &KdfParams) -> String {
    format!(
        "{} MiB, {} iterations, {} lanes",
        kdf.memory_mib, kdf.iterations, kdf.parallelism
    )
}

/// Before a passphrase is derived: refuses (exit 9) parameters larger than
/// the ones remembered for this vault, unless `options.confirm_kdf_growth`
/// accepts them.
pub fn check_growth(header: &Header, options: &OpenOptions) -> Result<()> {
    let dir = options.rollback_state.as_deref();
    let (Some(seen), Some(now)) = (get(dir, &header.vault_id), largest(header)) else {
        return Ok(());
    };
    let grew = now.memory_mib > seen.memory_mib
        || now.iterations > seen.iterations
        || now.parallelism > seen.parallelism;
    if !grew {
        return Ok(());
    }
    let change = format!(
        "the vault's KDF parameters grew since it was last opened here, from {} to {}",
        describe(&seen),
        describe(&now)
    );
    if (options.confirm_kdf_growth)(&change) {
        return Ok(());
    }
    Err(Error::KdfPolicy {
        message: format!(
            "{change}; not deriving a key with them without confirmation at a terminal (whoever can write the vault file can raise them to make every unlock take hours)"
        ),
    })
}
