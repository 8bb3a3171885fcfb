//! `verify`: read every byte of the vault and open everything in it.
//!
//! Opening the vault already checks the header, the index, the layout and
//! the zero padding after the sections; this goes on to every section
//! (its MAC in the index, its seal, its encoding and padding, its owner and
//! secret count) and every kept value of every secret. Nothing is printed
//! from here and no read is journaled: a check is not a use.

use subtle::ConstantTimeEq;

use crate::id::{Owner, SecretId};
use crate::vault::error::Result;

use super::format::IndexEntry;
use super::format1::Format1;
use super::image::{section_aad, section_mac, section_mac_key};
use super::keys::scope_key;
use super::{crypto, format, open_value, store};

/// What [`Vault::verify`](super::Vault::verify) found in one owner (or format-2 scope).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerCheck {
    /// The owner.
    pub owner: Owner,
    /// How many secrets the section holds (as the index says, when the
    /// section itself cannot be read).
    pub secrets: u64,
    /// How many versions it keeps, when the section could be read.
    pub versions: Option<u64>,
    /// What is wrong, if anything. Coarse on purpose: which check failed,
    /// never which byte.
    pub problem: Option<String>,
}

impl OwnerCheck {
    /// Whether the section and all its values are intact.
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

impl Format1 {
    /// Checks every section and every kept value, owner by owner, sorted.
    /// Damage is reported in the result, not as an error; an error is an
    /// I/O failure.
    pub fn verify(&self) -> Result<Vec<OwnerCheck>> {
        let mac_key = section_mac_key(&self.keys.master, &self.header.vault_id);
        let mut out = Vec::with_capacity(self.index.entries.len());
        for entry in &self.index.entries {
            let mut check = OwnerCheck {
                owner: entry.owner.clone(),
                secrets: entry.secrets as u64,
                versions: None,
                problem: None,
            };
            if let Err(problem) = self.verify_section(entry, &mac_key, &mut check) {
                check.problem = Some(problem);
            }
            out.push(check);
        }
        Ok(out)
    }

    fn verify_section(
        &self,
        entry: &IndexEntry,
        mac_key: &crate::secret::Key,
        check: &mut OwnerCheck,
    ) -> std::result::Result<(), String> {
        let owner = &entry.owner;
        let sealed = store::read_at(&self.file, &self.path, entry.offset, entry.len as usize)
            .map_err(|_| "the section cannot be read".to_string())?;
        if let Some(expected) = entry.mac {
            let mac = section_mac(mac_key, owner, &entry.nonce, &sealed);
            if !bool::from(mac.ct_eq(&expected)) {
                return Err("the section does not match its MAC".into());
            }
        }
        let vault_id = &self.header.vault_id;
        let key = scope_key(&self.keys.master, vault_id, owner, b"meta");
        let plain = crypto::open(&key, &entry.nonce, &section_aad(vault_id, owner), &sealed)
            .ok_or("the section does not authenticate")?;
        let section = format::decode_section(&plain).map_err(|_| "bad section")?;
        if section.owner != *owner {
            return Err("the section is out of place".into());
        }
        if section.entries.len() as u64 != check.secrets {
            return Err("the section's secret count differs from the index".into());
        }
        check.versions = Some(
            section
                .entries
                .values()
                .map(|e| e.versions.len() as u64)
                .sum(),
        );
        let value_key = scope_key(&self.keys.master, vault_id, owner, b"value");
        for (path, e) in &section.entries {
            let id = SecretId::new(owner.clone(), path).map_err(|_| "bad section")?;
            for v in &e.versions {
                open_value(&self.path, &value_key, vault_id, &id, e.kind, v)
                    .map_err(|_| format!("version {} of {id} does not open", v.number))?;
            }
        }
        Ok(())
    }
}
