//! `sesame upgrade`: format 1 → format 2.

use crate::error::Result;
use std::cell::RefCell;
use std::rc::Rc;

use crate::vault::{Unlock, Vault};

use super::{Context, Working};

/// Converts the vault, keeping the format-1 file as `<vault>.v1.bak`.
pub fn run(ctx: &Context) -> Result<()> {
    let name = crate::vault::founder_name(&ctx.options)?;
    // The line shows once the passphrase is in (a prompt comes first, and
    // only once the vault proves to exist), for the conversion itself.
    let working: Rc<RefCell<Option<Working>>> = Rc::default();
    let shown = Rc::clone(&working);
    let sources = ctx.sources.clone();
    let quiet = ctx.quiet;
    let unlock = Unlock::Deferred(Box::new(move || {
        let passphrase = sources.passphrase()?;
        *shown.borrow_mut() = super::working(quiet, "upgrading to format 2");
        Ok(passphrase)
    }));
    let done = Vault::upgrade(&ctx.vault, unlock, &ctx.options, &name);
    working.borrow_mut().take();
    match done? {
        None => ctx.notice(&format!(
            "'{}' is format 2 already; nothing to do",
            ctx.vault.display()
        )),
        Some(done) => {
            ctx.notice(&format!(
                "upgraded '{}' to format 2: {} secret{} of {} owner{}, member {name} (a vault owner)",
                ctx.vault.display(),
                done.secrets,
                if done.secrets == 1 { "" } else { "s" },
                done.owners,
                if done.owners == 1 { "" } else { "s" },
            ));
            ctx.notice(&format!(
                "the format-1 file is kept as '{}': it still opens with the same passphrase; delete it once you no longer need it",
                done.backup.display(),
            ));
        }
    }
    Ok(())
}
