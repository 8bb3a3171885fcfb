//! Members, slots, vault owners, grants and identities (teams-sync.md):
//! `identity new`, `whoami`, `member add|rm|list|slot`, `owner add|rm`,
//! `grant`, `revoke`, `access`. Format 2 only; a format-1 vault says to
//! upgrade (exit 2).

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::cli::{
    AccessArgs, GrantArgs, IdentityNewArgs, MemberAddArgs, MemberListArgs, MemberRmArgs,
    NewSlotArgs, OwnerArgs, RevokeArgs, SlotAddArgs, SlotRmArgs, TableFormat, WhoamiArgs,
};
use crate::error::{Error, Result};
use crate::id::{Owner, SecretId};
use crate::output;
use crate::secret::SecretString;
use crate::unlock::{self, Sources};
use crate::vault::v2::keys::slot::Recipient;
use crate::vault::{GrantScope, KdfParams, MemberInfo, NewMember, parse_role, role_name};

use super::Context;
use super::init::recipient_arg;

/// `sesame identity new`: a new age identity, written 0600 and never over
/// a file; its recipient on stdout.
pub fn identity_new(ctx: &Context, args: &IdentityNewArgs) -> Result<()> {
    let path = match &args.output {
        Some(p) => p.clone(),
        None => dirs::config_dir()
            .map(|d| d.join("sesame").join("identity.txt"))
            .ok_or_else(|| Error::usage_hint("cannot find a config directory", "pass -o PATH"))?,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        crate::vault::store::create_private_dir(dir)?;
    }
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let secret = {
        use age::secrecy::ExposeSecret;
        SecretString::new(identity.to_string().expose_secret().to_string())
    };
    let content = SecretString::new(format!(
        "# created: {}\n# public key: {recipient}\n{}\n",
        output::rfc3339(crate::vault::now()),
        secret.expose_secret()
    ));
    write_new_private(&path, content.expose_secret().as_bytes())?;
    output::print(&format!("{recipient}\n"))?;
    ctx.notice(&format!(
        "wrote a new age identity to '{}'; give the recipient above to a vault owner",
        path.display()
    ));
    Ok(())
}

/// Creates `path` 0600, refusing an existing file (exit 4).
fn write_new_private(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Conflict {
                message: format!("'{}' exists already; it was left as it is", path.display()),
            },
            _ => Error::io("cannot write", path, e),
        })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io("cannot write", path, e))
}

fn slot_json(info: &MemberInfo) -> Vec<Value> {
    info.slots
        .iter()
        .map(|s| json!({"kind": s.kind, "fingerprint": s.fingerprint}))
        .collect()
}

fn grants_json(info: &MemberInfo) -> Vec<Value> {
    let mut out: Vec<Value> = info
        .grants
        .iter()
        .map(|(owner, role)| json!({"scope": owner.to_string(), "role": role_name(*role)}))
        .collect();
    if let Some(all) = info.all {
        out.push(json!({"scope": "*", "role": role_name(all)}));
    }
    out
}

fn roles_text(info: &MemberInfo) -> String {
    let mut parts: Vec<String> = info
        .grants
        .iter()
        .map(|(o, r)| format!("{o}={}", role_name(*r)))
        .collect();
    if let Some(all) = info.all {
        parts.push(format!("*={}", role_name(all)));
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

/// `sesame whoami`.
pub fn whoami(ctx: &Context, args: &WhoamiArgs) -> Result<()> {
    let vault = ctx.open()?;
    let me = vault.whoami()?;
    match args.format {
        TableFormat::Json => output::print_json(&json!({
            "name": me.name,
            "vault_owner": me.owner,
            "slots": slot_json(&me),
            "grants": grants_json(&me),
        })),
        TableFormat::Table => {
            let slots: Vec<String> = me.slots.iter().map(|s| s.fingerprint.clone()).collect();
            output::print(&format!(
                "member:      {}\nvault owner: {}\nslots:       {}\ngrants:      {}\n",
                output::sanitize(&me.name),
                if me.owner { "yes" } else { "no" },
                output::sanitize(&slots.join(", ")),
                output::sanitize(&roles_text(&me)),
            ))
        }
    }
}

fn new_passphrase(ctx: &Context, file: Option<&PathBuf>) -> Result<SecretString> {
    match file {
        Some(file) => Sources {
            file: Some(file.clone()),
            quiet: ctx.quiet,
        }
        .new_passphrase(),
        None if unlock::can_prompt() => {
            let p = unlock::prompt_twice("New member's passphrase: ", "Repeat it: ")?;
            if p.is_empty() {
                return Err(Error::usage("the passphrase is empty"));
            }
            Ok(p)
        }
        None => Err(Error::Unlock {
            message: "no source for the new passphrase: not on a terminal".into(),
            hint: Some("use --new-passphrase-file PATH".into()),
        }),
    }
}

enum SlotSource {
    Passphrase(SecretString, KdfParams),
    Recipient(Recipient),
}

impl SlotSource {
    fn as_new(&self) -> NewMember<'_> {
        match self {
            SlotSource::Passphrase(p, kdf) => NewMember::Passphrase(p, *kdf),
            SlotSource::Recipient(r) => NewMember::Recipient(r),
        }
    }
}

fn slot_source(
    ctx: &Context,
    slot: &NewSlotArgs,
    file: Option<&PathBuf>,
    kdf: KdfParams,
) -> Result<SlotSource> {
    match &slot.recipient {
        Some(r) => Ok(SlotSource::Recipient(recipient_arg(r)?)),
        None => {
            kdf.check()
                .map_err(|message| Error::KdfPolicy { message })?;
            Ok(SlotSource::Passphrase(new_passphrase(ctx, file)?, kdf))
        }
    }
}

/// `sesame member add`.
pub fn member_add(ctx: &Context, args: &MemberAddArgs) -> Result<()> {
    crate::vault::check_member_name(&args.name)?;
    let base = ctx.config.kdf.apply(KdfParams::default());
    let kdf = KdfParams {
        memory_mib: args.kdf_memory.unwrap_or(base.memory_mib),
        iterations: args.kdf_iterations.unwrap_or(base.iterations),
        parallelism: args.kdf_parallelism.unwrap_or(base.parallelism),
    };
    // Unlock first, so a wrong passphrase costs nobody a second prompt.
    let vault = ctx.open()?;
    vault.members()?;
    let source = slot_source(ctx, &args.slot, args.new_passphrase_file.as_ref(), kdf)?;
    vault.edit_again(|v| v.add_member(&args.name, &source.as_new()))?;
    ctx.notice(&format!(
        "added member {} ({})",
        args.name,
        match source {
            SlotSource::Passphrase(..) => "passphrase",
            SlotSource::Recipient(_) => "key",
        }
    ));
    ctx.notice(&format!(
        "hint: they see nothing until granted: sesame grant {} OWNER read|write|owner",
        args.name
    ));
    Ok(())
}

fn print_exposed(
    ctx: &Context,
    who: &str,
    exposed: &[SecretId],
    format: TableFormat,
) -> Result<()> {
    match format {
        TableFormat::Json => output::print_json(&json!({
            "member": who,
            "readable": exposed.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
        })),
        TableFormat::Table => {
            if !exposed.is_empty() {
                ctx.notice(&format!(
                    "{who} could read the values of {} secret{}:",
                    exposed.len(),
                    if exposed.len() == 1 { "" } else { "s" }
                ));
                for id in exposed {
                    ctx.notice(&format!("  {id}"));
                }
                ctx.notice(
                    "hint: change those values at their source (rotate the key, reset the password): new keys protect what is written from now on, not what was already read",
                );
            }
            Ok(())
        }
    }
}

/// `sesame member rm`.
pub fn member_rm(ctx: &Context, args: &MemberRmArgs) -> Result<()> {
    let exposed = ctx.edit(|v| v.remove_member(&args.name))?;
    ctx.notice(&format!(
        "removed member {}; every scope they could read has new keys",
        args.name
    ));
    print_exposed(ctx, &args.name, &exposed, args.format)
}

/// `sesame member list`.
pub fn member_list(ctx: &Context, args: &MemberListArgs) -> Result<()> {
    let vault = ctx.open()?;
    let members = vault.members()?;
    match args.format {
        TableFormat::Json => output::print_json(&Value::Array(
            members
                .iter()
                .map(|m| {
                    json!({
                        "name": m.name,
                        "vault_owner": m.owner,
                        "slots": slot_json(m),
                        "grants": grants_json(m),
                        "you": m.me,
                    })
                })
                .collect(),
        )),
        TableFormat::Table => {
            let mut t = output::table(&["NAME", "VAULT OWNER", "SLOTS", "GRANTS"]);
            for m in &members {
                let slots: Vec<&str> = m.slots.iter().map(|s| s.kind).collect();
                t.add_row(vec![
                    format!(
                        "{}{}",
                        output::sanitize(&m.name),
                        if m.me { " (you)" } else { "" }
                    ),
                    if m.owner { "yes".into() } else { "no".into() },
                    slots.join(", "),
                    (m.grants.len() + usize::from(m.all.is_some())).to_string(),
                ]);
            }
            output::print_table(&t)
        }
    }
}

/// `sesame member slot add`.
pub fn slot_add(ctx: &Context, args: &SlotAddArgs) -> Result<()> {
    let vault = ctx.open()?;
    vault.whoami()?;
    let kdf = ctx.config.kdf.apply(KdfParams::default());
    let source = slot_source(ctx, &args.slot, args.new_passphrase_file.as_ref(), kdf)?;
    let info = vault.edit_again(|v| v.add_slot(&source.as_new()))?;
    ctx.notice(&format!("added slot {}", info.fingerprint));
    Ok(())
}

/// `sesame member slot rm`.
pub fn slot_rm(ctx: &Context, args: &SlotRmArgs) -> Result<()> {
    let info = ctx.edit(|v| v.remove_slot(&args.fingerprint))?;
    ctx.notice(&format!("removed slot {}", info.fingerprint));
    Ok(())
}

/// `sesame owner add|rm`.
pub fn owner(ctx: &Context, args: &OwnerArgs, owner: bool) -> Result<()> {
    ctx.edit(|v| v.set_owner(&args.name, owner))?;
    ctx.notice(&if owner {
        format!("{} is a vault owner", args.name)
    } else {
        format!(
            "{} is no longer a vault owner; scopes they kept only through it have new keys",
            args.name
        )
    });
    Ok(())
}

fn grant_scope(text: &str) -> Result<GrantScope> {
    if text == "*" {
        return Ok(GrantScope::All);
    }
    let owner: Owner = text.parse().map_err(|e: crate::vault::Error| {
        Error::usage_hint(
            format!("{e}"),
            "a scope is an owner such as project/atlas, or *",
        )
    })?;
    Ok(GrantScope::Owner(owner))
}

/// `sesame grant`.
pub fn grant(ctx: &Context, args: &GrantArgs) -> Result<()> {
    let scope = grant_scope(&args.scope)?;
    let role =
        parse_role(&args.role).ok_or_else(|| Error::usage("a role is read, write or owner"))?;
    let exposed = ctx.edit(|v| v.grant(&args.name, &scope, role))?;
    ctx.notice(&format!(
        "granted {} {} on {}",
        args.name, args.role, args.scope
    ));
    // A lower role is a revoke of the higher one: list what it took.
    if !exposed.is_empty() || args.format == TableFormat::Json {
        print_exposed(ctx, &args.name, &exposed, args.format)?;
    }
    Ok(())
}

/// `sesame revoke`.
pub fn revoke(ctx: &Context, args: &RevokeArgs) -> Result<()> {
    let scope = grant_scope(&args.scope)?;
    let exposed = ctx.edit(|v| v.revoke(&args.name, &scope))?;
    ctx.notice(&format!(
        "revoked {}'s grant on {}; the scope has new keys",
        args.name, args.scope
    ));
    print_exposed(ctx, &args.name, &exposed, args.format)
}

/// `sesame access`.
pub fn access(ctx: &Context, args: &AccessArgs) -> Result<()> {
    let only = match &args.scope {
        Some(text) => match grant_scope(text)? {
            GrantScope::Owner(o) => Some(o),
            GrantScope::All => None,
        },
        None => None,
    };
    let vault = ctx.open()?;
    let rows: Vec<(Owner, String, crate::vault::Role)> = vault
        .access()?
        .into_iter()
        .filter(|(o, ..)| only.as_ref().is_none_or(|x| x == o))
        .collect();
    if let Some(o) = &only
        && rows.is_empty()
    {
        // A scope you cannot see does not exist for you.
        return Err(Error::SecretNotFound { id: o.to_string() });
    }
    match args.format {
        TableFormat::Json => output::print_json(&Value::Array(
            rows.iter()
                .map(
                    |(o, m, r)| json!({"scope": o.to_string(), "member": m, "role": role_name(*r)}),
                )
                .collect(),
        )),
        TableFormat::Table => {
            let mut t = output::table(&["SCOPE", "MEMBER", "ROLE"]);
            for (o, m, r) in &rows {
                t.add_row(vec![
                    output::sanitize(&o.to_string()),
                    output::sanitize(m),
                    role_name(*r).to_string(),
                ]);
            }
            output::print_table(&t)
        }
    }
}
