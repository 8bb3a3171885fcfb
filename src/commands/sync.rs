//! Sync through git (teams-sync.md "Sync through git"): `sesame sync`,
//! `sesame conflicts`, `sesame resolve`, `sesame log`.
//!
//! `sync` runs the `git` binary, as gopass does: commit the vault file,
//! pull with the merge driver passed through `git -c` (so a clone that
//! never ran `sesame git setup` still merges record by record), push, and
//! retry a rejected push after another pull. It holds the vault's write
//! lock throughout, so no sesame write lands between git's merge and our
//! reading of its result. The vault is opened once (one key derivation)
//! and read again after the pull with the same keys.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::cli::{ConflictsArgs, ListFormat, LogArgs, ResolveArgs, SyncArgs, TableFormat};
use crate::error::{Error, Result};
use crate::id::Prefix;
use crate::output;
use crate::vault::LoadHint;
use crate::vault::Vault;

use super::{Context, input};

/// At most this many pushes per sync.
const PUSH_ATTEMPTS: u32 = 3;

/// The git error the user sees: the command, and what git said.
fn git_failed(args: &[String], stderr: &[u8]) -> Error {
    let text = String::from_utf8_lossy(stderr);
    let said: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect();
    Error::Other {
        message: format!(
            "git {} failed{}{}",
            args.iter()
                .filter(|a| !a.starts_with("merge.sesame")
                    && !a.starts_with("diff.sesame")
                    && *a != "-c")
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            if said.is_empty() { "" } else { ": " },
            said.iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" / ")
        ),
    }
}

/// Runs git in `dir` (never prompting on the terminal for credentials),
/// returning its output whatever its status.
fn run_git(dir: &Path, args: &[String]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::io("cannot run", "git", e))
}

fn git_ok(dir: &Path, args: &[String]) -> Result<String> {
    let out = run_git(dir, args)?;
    if !out.status.success() {
        return Err(git_failed(args, &out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_string()).collect()
}

/// What each secret looks like: shown ID → (version, in conflict).
fn snapshot(vault: &mut Vault) -> Result<BTreeMap<String, (u32, bool)>> {
    Ok(vault
        .list(&Prefix::all(), None, false)?
        .into_iter()
        .map(|s| (s.info.shown_id(), (s.info.version, s.info.conflict)))
        .collect())
}

/// How many records the vault file holds (0 for none or not format 2).
fn records_in(bytes: &[u8]) -> usize {
    crate::vault::v2::image::Image::decode(bytes).map_or(0, |i| i.records.len())
}

/// The top of the work tree holding `dir`, and where its local
/// `info/attributes` and `info/exclude` are: one `git rev-parse`.
fn repository(dir: &Path) -> Result<(PathBuf, PathBuf, PathBuf)> {
    let out = run_git(
        dir,
        &strings(&[
            "rev-parse",
            "--show-toplevel",
            "--git-path",
            "info/attributes",
            "--git-path",
            "info/exclude",
        ]),
    )?;
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    match (out.status.success(), lines.as_slice()) {
        (true, [top, attributes, exclude]) => {
            Ok((PathBuf::from(top), dir.join(attributes), dir.join(exclude)))
        }
        _ => Err(Error::usage_hint(
            format!("'{}' is not in a git repository", dir.display()),
            "keep the vault in a clone of a shared repository (git init, or git clone), then run `sesame git setup`",
        )),
    }
}

/// Adds `line` to the repository-local `file` (such as `info/exclude`)
/// unless it is there: local to this clone, never committed.
fn ensure_local_line(file: &Path, line: &str) -> Result<()> {
    let existing = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("cannot read", file, e)),
    };
    if existing.lines().any(|l| l == line) {
        return Ok(());
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    }
    std::fs::write(file, text).map_err(|e| Error::io("cannot write", file, e))
}

/// Git path patterns match `/`-separated paths from the top; a path with
/// characters patterns treat specially is escaped.
fn pattern(rel: &Path) -> String {
    let mut out = String::from("/");
    for c in rel.to_string_lossy().chars() {
        if matches!(c, '*' | '?' | '[' | '\\' | ' ' | '!' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the branch this clone pulls from does not exist at its remote
/// yet (the first sync into a new, empty repository): then there is
/// nothing to pull, and the push creates it. False when no upstream is
/// set, so that git's own message says what is missing.
fn upstream_missing(top: &Path, remote: Option<&str>, branch: &str) -> Result<bool> {
    let config = |key: String| -> Result<Option<String>> {
        let out = run_git(top, &strings(&["config", "--get", &key]))?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    };
    let (remote, merge) = match remote {
        Some(r) => (r.to_string(), format!("refs/heads/{branch}")),
        None => match (
            config(format!("branch.{branch}.remote"))?,
            config(format!("branch.{branch}.merge"))?,
        ) {
            (Some(r), Some(m)) => (r, m),
            _ => return Ok(false),
        },
    };
    // `--exit-code`: 2 when the remote answered and has no such ref.
    let out = run_git(
        top,
        &strings(&["ls-remote", "--exit-code", "--", &remote, &merge]),
    )?;
    Ok(out.status.code() == Some(2))
}

/// `sesame sync`.
pub fn sync(ctx: &Context, args: &SyncArgs) -> Result<()> {
    let progress = !ctx.quiet && std::io::stderr().is_terminal();
    let step = |what: &str| {
        if progress {
            eprintln!("sync: {what}");
        }
    };
    let vault_path = crate::vault::store::resolve_vault_link(&ctx.vault)?;
    let dir = match vault_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (top, attributes, exclude) = repository(&dir).map_err(|_| {
        Error::usage_hint(
            format!("the vault '{}' is not in a git repository", ctx.vault.display()),
            "keep the vault in a clone of a shared repository (git init, or git clone), then run `sesame git setup`",
        )
    })?;
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let rel = vault_path
        .strip_prefix(&top)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| vault_path.clone());
    let rel_arg = rel.to_string_lossy().into_owned();
    // This clone merges and diffs the vault with sesame even if no one
    // committed `.gitattributes` (git setup) and keeps the lock file out
    // of `git status`: both local to the clone.
    ensure_local_line(
        &attributes,
        &format!("{} merge=sesame diff=sesame -text", pattern(&rel)),
    )?;
    ensure_local_line(&exclude, &format!("{}.lock", pattern(&rel)))?;

    // Opened lazily, reading no secret yet: with nothing to pull, sync
    // costs the opens and git's own work, whatever the vault holds.
    let identity = |path: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    };
    let opened = identity(&vault_path);
    let vault = ctx.open_for(LoadHint::Ids(vec![]))?;
    vault.members()?;
    let _lock =
        crate::vault::store::WriteLock::acquire(&vault_path, crate::vault::store::lock_timeout()?)?;
    // The vault as it was before the pull: read lazily from the file it
    // opened, which git replaces (never rewrites in place) when it merges
    // or checks out; listed only if something came in. A writer replaces
    // the file too: if one did before the lock, the newer file is read.
    let mut before_vault = if opened.is_some() && identity(&vault_path) == opened {
        vault
    } else {
        vault.reopen()?
    };

    // 1. Commit the vault if it changed (or is new to git). One `status`
    // tells that, HEAD and the branch.
    let status = git_ok(
        &top,
        &strings(&["status", "--porcelain=v2", "--branch", "--", &rel_arg]),
    )?;
    let (mut oid, mut head_name, mut changed) = (None, None, false);
    for line in status.lines() {
        if let Some(v) = line.strip_prefix("# branch.oid ") {
            oid = Some(v.to_string());
        } else if let Some(v) = line.strip_prefix("# branch.head ") {
            head_name = Some(v.to_string());
        } else if !line.starts_with('#') && !line.is_empty() {
            changed = true;
        }
    }
    // Whether the vault differs from HEAD once added (the commit below).
    let committed = changed && {
        git_ok(&top, &strings(&["add", "--", &rel_arg]))?;
        !run_git(
            &top,
            &strings(&["diff", "--cached", "--quiet", "--", &rel_arg]),
        )?
        .status
        .success()
    };
    if committed {
        let now =
            std::fs::read(&vault_path).map_err(|e| Error::io("cannot read", &vault_path, e))?;
        let head = run_git(&top, &strings(&["show", &format!("HEAD:{rel_arg}")]))?;
        let was = if head.status.success() {
            records_in(&head.stdout)
        } else {
            0
        };
        let changes = records_in(&now).saturating_sub(was);
        let message = args.message.clone().unwrap_or_else(|| {
            format!(
                "sesame: {changes} change{}",
                if changes == 1 { "" } else { "s" }
            )
        });
        step("committing the vault");
        git_ok(
            &top,
            &strings(&["commit", "--quiet", "-m", &message, "--", &rel_arg]),
        )?;
    }

    // HEAD and the branch as `status` saw them, unless a commit moved HEAD
    // (or it was unborn, or detached).
    let (head_before, branch) = match (committed, oid, head_name) {
        (false, Some(oid), Some(name)) if oid != "(initial)" && name != "(detached)" => {
            (format!("{oid}\n").into_bytes(), name)
        }
        _ => (
            run_git(&top, &strings(&["rev-parse", "--verify", "-q", "HEAD"]))?.stdout,
            git_ok(&top, &strings(&["rev-parse", "--abbrev-ref", "HEAD"]))?
                .trim()
                .to_string(),
        ),
    };

    // 2. Pull with the driver, push, and pull again if the push lost a race.
    let exe = std::env::current_exe().map_err(|e| Error::Other {
        message: format!("cannot find the path of this sesame: {e}"),
    })?;
    let driver = super::git::config_args(&exe)?;
    // git asks how to reconcile divergent branches unless told: the
    // user's own pull.rebase wins, else a merge (the vault merges either way).
    let choose = run_git(&top, &strings(&["config", "--get", "pull.rebase"]))?
        .status
        .success();
    let mut attempt = 0;
    loop {
        attempt += 1;
        step("pulling");
        let mut pull = driver.clone();
        pull.extend(strings(&["pull", "--no-edit", "--quiet"]));
        if !choose {
            pull.push("--no-rebase".into());
        }
        if let Some(remote) = &args.remote {
            pull.push(remote.clone());
            pull.push(branch.clone());
        }
        let out = run_git(&top, &pull)?;
        if !out.status.success() && !upstream_missing(&top, args.remote.as_deref(), &branch)? {
            let unmerged = git_ok(&top, &strings(&["ls-files", "-u"])).unwrap_or_default();
            let mut e = git_failed(&pull, &out.stderr);
            if !unmerged.trim().is_empty()
                && let Error::Other { message } = &mut e
            {
                message.push_str(" (files other than the vault are in conflict: resolve them with git, then run sesame sync again)");
            }
            return Err(e);
        }
        step("pushing");
        let mut push = strings(&["push", "--quiet"]);
        if let Some(remote) = &args.remote {
            push.push(remote.clone());
            push.push(format!("HEAD:{branch}"));
        }
        let out = run_git(&top, &push)?;
        if out.status.success() {
            break;
        }
        let said = String::from_utf8_lossy(&out.stderr);
        let rejected = said.contains("rejected") || said.contains("fetch first");
        if !rejected || attempt >= PUSH_ATTEMPTS {
            return Err(git_failed(&push, &out.stderr));
        }
        step("the push was rejected (someone pushed first); pulling again");
    }

    // 3. What came in.
    let head_after = run_git(&top, &strings(&["rev-parse", "--verify", "-q", "HEAD"]))?.stdout;
    if head_after == head_before {
        // Nothing came in (the pull was up to date; a push alone does not
        // change the vault): nothing to list, and no merge made conflicts.
        ctx.notice("synced: 0 added, 0 changed, 0 removed (nothing came in)");
        return Ok(());
    }
    // Listing the vault as it was needs its secrets; if its file was
    // rewritten in place meanwhile, the reads fail their hash checks and
    // the list says what it can.
    let before = snapshot(&mut before_vault).unwrap_or_default();
    let mut after_vault = before_vault.reopen()?;
    let after = snapshot(&mut after_vault)?;
    report(ctx, &before, &after);
    let conflicts = after_vault.conflicts();
    if !conflicts.is_empty() {
        for c in &conflicts {
            ctx.notice(&format!(
                "  conflict: {} ({})",
                shown(&c.id, c.instance.as_deref()),
                c.why.join(", ")
            ));
        }
        return Err(Error::Conflict {
            message: format!(
                "{} secret{} in conflict after the merge; the vault is merged and usable",
                conflicts.len(),
                if conflicts.len() == 1 { " is" } else { "s are" }
            ),
        });
    }
    Ok(())
}

fn shown(id: &crate::id::SecretId, instance: Option<&str>) -> String {
    match instance {
        Some(short) => format!("{id}@{short}"),
        None => id.to_string(),
    }
}

fn report(
    ctx: &Context,
    before: &BTreeMap<String, (u32, bool)>,
    after: &BTreeMap<String, (u32, bool)>,
) {
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k).is_some_and(|b| b.0 != v.0))
        .map(|(k, _)| k)
        .collect();
    let conflicts = after.values().filter(|v| v.1).count();
    ctx.notice(&format!(
        "synced: {} added, {} changed, {} removed, {} in conflict",
        added.len(),
        changed.len(),
        removed.len(),
        conflicts
    ));
    for (mark, ids) in [("+", &added), ("~", &changed), ("-", &removed)] {
        for id in ids.iter() {
            ctx.notice(&format!("  {mark} {id}"));
        }
    }
}

/// `sesame conflicts`.
pub fn conflicts(ctx: &Context, args: &ConflictsArgs) -> Result<()> {
    let vault = ctx.open()?;
    let list = vault.conflicts();
    match args.format {
        ListFormat::Ids => output::print(
            &list
                .iter()
                .map(|c| format!("{}\n", shown(&c.id, c.instance.as_deref())))
                .collect::<String>(),
        ),
        ListFormat::Json => output::print_json(&Value::Array(
            list.iter()
                .map(|c| {
                    json!({
                        "id": c.id.to_string(),
                        "instance": c.instance,
                        "why": c.why,
                        "heads": c.heads.iter().map(|h| json!({
                            "version": h.number,
                            "short_id": h.short,
                            "created": output::rfc3339(h.created),
                            "author": h.author,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        )),
        ListFormat::Table if list.is_empty() => Ok(()),
        ListFormat::Table => {
            let mut t = output::table(&["ID", "WHY", "HEADS"]);
            for c in &list {
                let heads: Vec<String> = c
                    .heads
                    .iter()
                    .map(|h| {
                        format!(
                            "{} {} by {}",
                            h.number,
                            h.short,
                            output::sanitize(&h.author)
                        )
                    })
                    .collect();
                t.add_row(vec![
                    shown(&c.id, c.instance.as_deref()),
                    c.why.join(", "),
                    heads.join("; "),
                ]);
            }
            output::print_table(&t)
        }
    }
}

/// `sesame resolve`.
pub fn resolve(ctx: &Context, args: &ResolveArgs) -> Result<()> {
    let id = ctx.id(&args.id)?;
    let mut vault = ctx.open()?;
    let info = vault.info_of(&id, None)?;
    if !info.conflict {
        return Err(Error::usage_hint(
            format!("{id} is not in conflict"),
            "`sesame conflicts` lists the secrets that are",
        ));
    }
    let value = match &args.pick {
        Some(_) => None,
        None => {
            let given = input::read_given(&args.value, info.kind, input::Purpose::Rotate)?;
            let current = vault.fields(&id, None)?;
            Some(input::merge(&current, given, args.value.allow_empty)?)
        }
    };
    vault.edit_again(|v| v.resolve(&id, args.pick.as_deref(), value))?;
    ctx.notice(&format!("resolved {id}"));
    Ok(())
}

/// `sesame log`.
pub fn log(ctx: &Context, args: &LogArgs) -> Result<()> {
    let prefix = match &args.prefix {
        Some(p) => Some(Prefix::parse_with_default(p, ctx.default_owner.as_ref())?),
        None => None,
    };
    let mut vault = ctx.open()?;
    let entries: Vec<crate::vault::LogEntry> = vault
        .log()?
        .into_iter()
        .filter(|e| match (&prefix, &e.id) {
            (None, _) => true,
            (Some(p), Some(id)) => p.matches(id),
            (Some(_), None) => false,
        })
        .collect();
    match args.format {
        TableFormat::Json => output::print_json(&Value::Array(
            entries
                .iter()
                .map(|e| {
                    json!({
                        "time": output::rfc3339(e.time),
                        "member": e.member,
                        "action": e.action,
                        "target": e.target,
                        "id": e.id.as_ref().map(|i| i.to_string()),
                    })
                })
                .collect(),
        )),
        TableFormat::Table if entries.is_empty() => Ok(()),
        TableFormat::Table => {
            let mut t = output::table(&["TIME", "MEMBER", "ACTION", "WHAT"]);
            for e in &entries {
                t.add_row(vec![
                    output::rfc3339(e.time),
                    output::sanitize(&e.member),
                    e.action.to_string(),
                    output::sanitize(&e.target),
                ]);
            }
            output::print_table(&t)
        }
    }
}
