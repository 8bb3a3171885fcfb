//! sesame: a secrets manager with a local encrypted vault.
//!
//! The library holds everything but the argument parsing: [`Vault`] opens,
//! reads and edits a vault file; [`SecretId`] and friends parse IDs; the
//! `commands` module implements each subcommand on top of them.
//!
//! ```no_run
//! use sesame::{NewSecret, OpenOptions, SecretId, Unlock, Vault};
//! use sesame::secret_type::Fields;
//!
//! # fn main() -> sesame::Result<()> {
//! let path = std::path::Path::new("vault.sesame");
//! let id: SecretId = "project/atlas/secret/Custom/db-password".parse()?;
//! let value = Fields::single("hunter2".into(), false)?;
//! Vault::edit(path, Unlock::Passphrase("pw".into()), &OpenOptions::default(), |v| {
//!     v.add(&id, NewSecret { fields: value, description: None }, false)
//! })?;
//! let mut vault = Vault::open(path, Unlock::Passphrase("pw".into()), &OpenOptions::default())?;
//! let fields = vault.fields(&id, None)?;
//! assert_eq!(fields.get("value").unwrap().expose_secret(), "hunter2");
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod binary;
pub mod cli;
pub mod commands;
pub mod config;
pub mod duration;
pub mod envvars;
pub mod error;
pub mod generate;
pub mod id;
pub mod import;
pub mod logins;
pub mod manpages;
pub mod output;
pub mod process;
pub mod secret;
pub mod secret_type;
pub mod template;
pub mod text;
pub mod unlock;
pub mod vault;

pub use error::{Error, Result};
pub use id::{FieldRef, Owner, OwnerType, Prefix, SecretId};
pub use secret::SecretString;
pub use secret_type::SecretType;
pub use vault::{KdfParams, NewSecret, OpenOptions, SecretInfo, Setting, Unlock, Vault, VaultInfo};
