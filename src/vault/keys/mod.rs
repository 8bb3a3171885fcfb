//! Keys: how the master key is obtained ([`Unlock`]), and the keys
//! derived from it for one vault.

pub(crate) mod kdf_seen;
mod passphrase;
// The `session_file` fuzz target parses session files directly.
#[cfg(fuzzing)]
pub mod session;
#[cfg(not(fuzzing))]
pub(crate) mod session;

use std::path::PathBuf;

use crate::id::Owner;
use crate::secret::{Key, SecretString};
use crate::vault::error::{Error, Result};

use super::OpenOptions;
use super::crypto;
use super::format::Header;
use super::image::lp;
pub use passphrase::PassphraseKek;
pub(crate) use passphrase::{make_passphrase_slot, unwrap_master};

/// The master key of the vaults that seed the `open_vault` fuzz target
/// (they are made by `examples/fuzz_seeds.rs`). Public knowledge: never the
/// key of a real vault.
#[cfg(any(test, fuzzing, feature = "fuzz-seeds"))]
#[doc(hidden)]
pub const FUZZ_MASTER_KEY: [u8; 32] = *b"sesame fuzzing key, not a secret";

/// How the master key is obtained when the vault is opened.
pub enum Unlock {
    /// A passphrase already at hand.
    Passphrase(SecretString),
    /// A passphrase asked for only once the vault is known to exist and its
    /// header is sound (so a missing vault never prompts).
    Deferred(Box<dyn FnOnce() -> Result<SecretString>>),
    /// A master key recovered earlier (by an open of the same vault, or a
    /// session). No key slot is tried; a wrong key fails the index (exit 6).
    MasterKey(Key),
    /// A format-2 member's id and user key, recovered by an open of the
    /// same vault (`Vault::edit_again`). No slot is tried.
    Member {
        /// The member.
        member: [u8; 16],
        /// Their user key.
        key: Key,
    },
    /// An identity file (`--identity`, `SESAME_IDENTITY`): an age identity
    /// or an unencrypted OpenSSH ed25519 key, for format-2 members. A
    /// format-1 vault has no identity slots and goes to `fallback`.
    Identity {
        /// The file.
        path: PathBuf,
        /// What a format-1 vault uses instead.
        fallback: Box<Unlock>,
    },
    /// A session token (`SESAME_SESSION`), and what to do when the session
    /// cannot be used: `warn` is told why, then `fallback` is tried.
    Session {
        /// The token.
        token: SecretString,
        /// Tried when the session is not usable.
        fallback: Box<Unlock>,
        /// Told why the session was not usable, before `fallback` is tried.
        warn: Box<dyn Fn(&session::Unusable)>,
    },
}

impl std::fmt::Debug for Unlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Unlock([REDACTED])")
    }
}

impl Unlock {
    /// The master key; with it, the key slot a passphrase opened (and its
    /// KEK), or the expiry of the session that gave it. `ended` receives
    /// the file of a session ended by `lock` or `passwd`, to delete once
    /// the header has authenticated.
    pub(crate) fn master_key(
        self,
        header: &Header,
        options: &OpenOptions,
        ended: &mut Option<PathBuf>,
    ) -> Result<(Key, KeySource, Option<PassphraseKek>)> {
        let passphrase = match self {
            Unlock::MasterKey(key) => return Ok((key, KeySource::Key, None)),
            Unlock::Member { .. } => {
                return Err(Error::Unlock {
                    message: "a format-2 member key does not open a format-1 vault".into(),
                    advice: None,
                });
            }
            Unlock::Identity { fallback, .. } => {
                return fallback.master_key(header, options, ended);
            }
            Unlock::Passphrase(p) => {
                kdf_seen::check_growth(header, options)?;
                p
            }
            Unlock::Deferred(f) => {
                kdf_seen::check_growth(header, options)?;
                f()?
            }
            Unlock::Session {
                token,
                fallback,
                warn,
            } => {
                let resolved = session::resolve(&token, &header.vault_id, header.session_epoch)
                    .and_then(|(plain, expires)| {
                        <[u8; 32]>::try_from(&plain[..])
                            .map(|key| (Key::from_bytes(key), expires))
                            .map_err(|_| {
                                session::Unusable::Invalid("it belongs to another vault".into())
                            })
                    });
                return match resolved {
                    Ok((key, expires)) => Ok((key, KeySource::Session { expires }, None)),
                    Err(why) => {
                        if let session::Unusable::Ended(file) = &why {
                            *ended = Some(file.clone());
                        }
                        warn(&why);
                        fallback.master_key(header, options, ended).map_err(|e| {
                            Error::SessionUnusable {
                                why,
                                fallback: Box::new(e),
                            }
                        })
                    }
                };
            }
        };
        unwrap_master(header, passphrase)
            .map(|(key, slot, kek)| (key, KeySource::Slot(slot), Some(kek)))
    }
}

/// How the master key was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeySource {
    /// A passphrase opened this key slot.
    Slot(usize),
    /// A session that lasts until this time (Unix seconds).
    Session { expires: i64 },
    /// A master key was given.
    Key,
}

pub(crate) struct Keys {
    pub(crate) master: Key,
    pub(crate) file: Key,
}

pub(crate) fn derive_keys(master: &Key, vault_id: &[u8; 16]) -> Keys {
    Keys {
        master: master.clone(),
        file: crypto::derive_subkey(master, vault_id, &[b"sesame v1 file"]),
    }
}

/// The metadata (`kind = b"meta"`) or value (`b"value"`) key of one owner
/// scope.
pub(crate) fn scope_key(master: &Key, vault_id: &[u8; 16], owner: &Owner, kind: &[u8]) -> Key {
    let t = owner.owner_type().as_str().as_bytes();
    let id = owner.owner_id().as_bytes();
    crypto::derive_subkey(
        master,
        vault_id,
        &[b"sesame v1 scope ", kind, &lp(t), t, &lp(id), id],
    )
}
