//! Threats to the vault file at rest: one or more tests per row of the threat
//! table in `shared/design/vault.md` §3, and the guarantees of
//! `shared/spec/cli.md` §5 that concern the file's bytes, its modes and what
//! errors print. (Sessions, KDF downgrade, section splice and value swap need
//! the format's internals and are tested elsewhere; the write path —
//! concurrency, crashes, full disks, the lock — is in `threats_writes`.)
//!
//! Helpers shared with `threats_writes` are `pub(crate)` here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use crate::support::{Env, FAST_KDF, PASSPHRASE, Run, mode_of, run_with_stdin, set};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The vault's block size: every vault file is a whole number of these.
pub(crate) const BLOCK: usize = 4096;

/// What `Env::new` puts in its root besides the vault.
pub(crate) const HARNESS_ENTRIES: [&str; 6] =
    ["home", "data", "config", "state", "cache", "runtime"];

/// The IDs `list --format ids` prints, as a set.
pub(crate) fn ids(env: &Env) -> BTreeSet<String> {
    ids_of(&env.ok(&["list", "--format", "ids"]))
}

pub(crate) fn ids_of(run: &Run) -> BTreeSet<String> {
    run.stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `needle` occurs anywhere in `hay`.
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The names in a directory.
pub(crate) fn dir_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read dir {}: {e}", dir.display()))
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// What the root of an `Env` must hold after a successful write: the
/// harness's directories, the vault and its lock file, and nothing else (no
/// temp file, no backup).
pub(crate) fn expected_root(extra: &[&str]) -> BTreeSet<String> {
    let mut s = set(&HARNESS_ENTRIES);
    s.insert("vault.sesame".into());
    s.insert("vault.sesame.lock".into());
    s.extend(extra.iter().map(|e| e.to_string()));
    s
}

/// Copies a directory tree (regular files and directories only).
pub(crate) fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("create dir");
    for entry in std::fs::read_dir(src).expect("read dir") {
        let entry = entry.expect("dir entry");
        let kind = entry.file_type().expect("file type");
        let to = dst.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &to);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &to).expect("copy file");
        }
    }
}

/// A fresh home holding byte-for-byte copies of `src`'s vault and of its data,
/// config and state directories (so the copy has the same rollback state).
pub(crate) fn clone_env(src: &Env) -> Env {
    let dst = Env::new();
    for sub in ["data", "config", "state"] {
        copy_tree(&src.root().join(sub), &dst.root().join(sub));
    }
    std::fs::copy(src.vault_path(), dst.vault_path()).expect("copy vault");
    dst
}

/// A deterministic PRNG step (splitmix64): no `rand` in the dev-dependencies.
pub(crate) fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `sh -c SCRIPT sesame ARGS...` with exactly the environment `env.cmd`
/// would give sesame; SCRIPT ends with `exec "$0" "$@"`.
pub(crate) fn via_sh(env: &Env, script: &str, args: &[&str]) -> Command {
    let inner = env.cmd(args);
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .arg(inner.get_program())
        .args(inner.get_args());
    cmd.env_clear();
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Threads for the brute-force loops: one per core (Argon2 is CPU-bound).
pub(crate) fn worker_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8)
}

/// Runs `check(env, item)` for every item, spread over `worker_threads()`
/// threads, each with its own `clone_env(base)`. Before its first item each
/// thread runs `sanity(env)` on its untouched clone; after its last item it
/// restores the original vault and runs `sanity` again (so a damaged-file run
/// that changed the rollback state or anything else is caught). Returns the
/// failures, each described.
pub(crate) fn par_check<I: Sync>(
    base: &Env,
    items: &[I],
    sanity: impl Fn(&Env) + Sync,
    check: impl Fn(&Env, &I) -> Result<(), String> + Sync,
) -> Vec<String> {
    let threads = worker_threads();
    let original = base.vault_bytes();
    let mut failures = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (sanity, check, original) = (&sanity, &check, &original);
                scope.spawn(move || {
                    let env = clone_env(base);
                    sanity(&env);
                    let mut failures = Vec::new();
                    for item in items.iter().skip(t).step_by(threads) {
                        if let Err(e) = check(&env, item) {
                            failures.push(e);
                        }
                    }
                    std::fs::write(env.vault_path(), original).expect("restore vault");
                    sanity(&env);
                    failures
                })
            })
            .collect();
        for h in handles {
            failures.extend(h.join().expect("worker thread panicked"));
        }
    });
    failures
}

/// Runs `sesame ARGS` on a damaged vault and checks what a damaged vault must
/// give: an exit code in `allowed`, an error line, no data, no panic, and none
/// of `secrets` anywhere.
pub(crate) fn check_refused(
    env: &Env,
    args: &[&str],
    allowed: &[i32],
    secrets: &[&str],
) -> Result<(), String> {
    check_refused_run(&env.run(args), args, allowed, secrets)
}

/// [`check_refused`] of a run already made.
pub(crate) fn check_refused_run(
    run: &Run,
    args: &[&str],
    allowed: &[i32],
    secrets: &[&str],
) -> Result<(), String> {
    let mut problems = Vec::new();
    if !allowed.contains(&run.code) {
        problems.push(format!("exit {} (want one of {allowed:?})", run.code));
    }
    if !run.stdout.is_empty() {
        problems.push(format!("printed data {:?}", truncate(&run.stdout, 200)));
    }
    if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
        problems.push("panicked".to_string());
    }
    if !run.stderr.starts_with("sesame: error: ") {
        problems.push("no `sesame: error: ` line".to_string());
    }
    for s in secrets {
        if run.stdout.contains(s) || run.stderr.contains(s) {
            problems.push(format!("SHOWED SECRET {s:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "`sesame {}`: {}; stderr: {:?}",
            args.join(" "),
            problems.join(", "),
            truncate(&run.stderr, 300)
        ))
    }
}

pub(crate) fn truncate(s: &str, n: usize) -> String {
    if s.len() <= n {
        s.to_string()
    } else {
        let mut end = n;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    }
}

/// Panics with the first failures and their count.
pub(crate) fn assert_no_failures(what: &str, failures: &[String]) {
    if !failures.is_empty() {
        let shown: Vec<&str> = failures.iter().take(25).map(String::as_str).collect();
        panic!(
            "{what}: {} failure(s); first ones:\n{}",
            failures.len(),
            shown.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------
// A small vault used by the brute-force tests
// ---------------------------------------------------------------------------

const SMALL_VAR_ID: &str = "project/atlas/secret/Custom/db-password";
const SMALL_VAR_VALUE: &str = "flipvalue-Zq8wX3kP-db-password";
const SMALL_S3_ID: &str = "project/atlas/connect/S3/backups";
const SMALL_S3_KEY_ID: &str = "AKIAFLIPTESTKEYID0001";
const SMALL_S3_SECRET: &str = "flipsecret-Vb7nM2qL-s3-secret-access-key";
const SMALL_SECRETS: [&str; 3] = [SMALL_VAR_VALUE, SMALL_S3_KEY_ID, SMALL_S3_SECRET];

const LIST_DECRYPT: [&str; 4] = ["list", "--decrypt", "--format", "json"];

/// One owner, two secrets (a `variable` and an `s3`).
fn small_vault() -> Env {
    small_vault_in(Env::init())
}

fn small_vault_in(env: Env) -> Env {
    env.add(SMALL_VAR_ID, SMALL_VAR_VALUE);
    env.run_stdin(
        &["add", SMALL_S3_ID],
        format!(
            r#"{{"access_key_id":"{SMALL_S3_KEY_ID}","secret_access_key":"{SMALL_S3_SECRET}"}}"#
        ),
    )
    .success();
    env
}

/// The untouched small vault opens and shows every value: proves the checks
/// on damaged copies could see a value if one were printed.
fn small_vault_sane(env: &Env) {
    let run = env.ok(&LIST_DECRYPT);
    for s in SMALL_SECRETS {
        assert!(
            run.stdout.contains(s),
            "untouched vault should show {s:?}: {run:#?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Offline copy of the file
// ---------------------------------------------------------------------------

struct Populated {
    env: Env,
    /// Every string that must not appear in the vault's bytes.
    needles: Vec<String>,
    /// The values (secret and not) of every secret.
    values: Vec<String>,
    ids: Vec<String>,
}

/// A vault with several owners of each type, all three secret types and
/// descriptions.
fn populated_vault() -> Populated {
    populated_vault_in(Env::init())
}

fn populated_vault_in(env: Env) -> Populated {
    let mut needles: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();

    let variables = [
        (
            "project/atlas-orbital/secret/Custom/database-password",
            "Tr0ub4dor-and-3-offline-value",
            Some("primary postgres login for the atlas team"),
        ),
        (
            "user/alice-wonderland/secret/Custom/github-token",
            "ghp_aliceOfflineTokenValue0123456789",
            None,
        ),
        (
            "organization/acme-industries/secret/Custom/slack-webhook-url",
            "https://hooks.slack.example/services/T0FFLINE/B0FFLINE/xoxoOffline",
            Some("alerts channel webhook"),
        ),
    ];
    for (id, value, desc) in variables {
        let mut args = vec!["add", id];
        if let Some(d) = desc {
            args.extend(["--description", d]);
            needles.push(d.to_string());
        }
        env.run_stdin(&args, value).success();
        values.push(value.to_string());
        ids.push(id.to_string());
    }

    let s3_id = "project/atlas-orbital/connect/S3/production-backups";
    let s3_fields = [
        ("access_key_id", "AKIAOFFLINEEXAMPLE77"),
        (
            "secret_access_key",
            "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",
        ),
        ("region", "eu-central-1"),
        ("bucket", "atlas-nightly-backups-bucket"),
    ];
    let s3_json = serde_json::Value::Object(
        s3_fields
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect(),
    );
    env.run_stdin(
        &[
            "add",
            s3_id,
            "--description",
            "nightly backup bucket credentials",
        ],
        s3_json.to_string(),
    )
    .success();
    needles.push("nightly backup bucket credentials".into());
    ids.push(s3_id.into());

    let reg_id = "organization/acme-industries/connect/ContainerRegistry/ghcr-mirror";
    let reg_fields = [
        ("server", "registry.acme-offline.example"),
        ("username", "deploy-robot-offline"),
        ("password", "registry-pass-Offline-4455-zz"),
    ];
    let reg_json = serde_json::Value::Object(
        reg_fields
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect(),
    );
    env.run_stdin(&["add", reg_id], reg_json.to_string())
        .success();
    ids.push(reg_id.into());

    for (name, value) in s3_fields.iter().chain(reg_fields.iter()) {
        needles.push(name.to_string());
        values.push(value.to_string());
    }
    needles.push("value".into()); // the field name of a `variable`
    needles.extend(values.iter().cloned());
    for id in &ids {
        needles.push(id.clone());
        // Every owner id, owner type and path segment on its own.
        needles.extend(id.split('/').map(str::to_string));
        // The owner scope and the path as a whole.
        let parts: Vec<&str> = id.splitn(3, '/').collect();
        needles.push(format!("{}/{}", parts[0], parts[1]));
        needles.push(parts[2].to_string());
    }
    // Strings shorter than 4 bytes (`S3`) would match random ciphertext by
    // chance (2 bytes: ~6% per 4 KiB); 4 bytes and up: < 1e-6 per needle.
    needles.retain(|n| n.len() >= 4);
    needles.sort();
    needles.dedup();
    Populated {
        env,
        needles,
        values,
        ids,
    }
}

#[test]
fn offline_copy_shows_no_id_owner_path_field_value_or_description() {
    let p = populated_vault_in(Env::init_v1());
    // Sanity: the vault really holds what we look for.
    let listed = p.env.ok(&LIST_DECRYPT).stdout;
    for v in &p.values {
        assert!(
            listed.contains(v.as_str()),
            "list --decrypt should show {v:?}"
        );
    }
    assert_eq!(ids(&p.env), p.ids.iter().cloned().collect::<BTreeSet<_>>());

    let bytes = p.env.vault_bytes();
    assert!(
        !bytes.is_empty() && bytes.len().is_multiple_of(BLOCK),
        "vault size {} is not a multiple of {BLOCK}",
        bytes.len()
    );
    let found: Vec<&String> = p
        .needles
        .iter()
        .filter(|n| contains(&bytes, n.as_bytes()))
        .collect();
    assert!(
        found.is_empty(),
        "the vault file holds these in plain text: {found:?}"
    );
}

#[test]
fn vault_size_is_a_multiple_of_4k_after_every_write() {
    let env = Env::init_v1();
    let mut sizes = vec![env.vault_bytes().len()];
    // Values of many sizes, so the payload crosses block boundaries.
    for (i, n) in [1usize, 100, 1000, 3000, 4095, 4096, 4097, 10_000]
        .into_iter()
        .enumerate()
    {
        let value = "x".repeat(n);
        env.add(&format!("project/atlas/secret/Custom/size-{i}"), &value);
        sizes.push(env.vault_bytes().len());
    }
    env.ok(&["rm", "project/atlas/secret/Custom/size-7"]);
    sizes.push(env.vault_bytes().len());
    assert!(
        sizes.iter().all(|s| *s > 0 && s.is_multiple_of(BLOCK)),
        "vault sizes after each write: {sizes:?}"
    );
}

#[test]
fn files_beside_the_vault_hold_no_plaintext_id_or_value() {
    // An offline copy of the home directory is as likely as one of the vault:
    // the rollback state, the read journal and anything else sesame keeps
    // must not hold IDs or values in plain text either.
    let p = populated_vault();
    for id in &p.ids {
        p.env.ok(&["get", id]);
    }
    let listed = p.env.ok(&LIST_DECRYPT).stdout;
    for v in &p.values {
        assert!(
            listed.contains(v.as_str()),
            "list --decrypt should show {v:?}"
        );
    }
    p.env.ok(&["info"]);
    let mut files = Vec::new();
    collect_files(p.env.root(), &mut files);
    let vault = p.env.vault_path();
    let mut found = Vec::new();
    for f in files.iter().filter(|f| **f != vault) {
        let bytes = std::fs::read(f).expect("read file");
        for n in p.needles.iter().filter(|n| n.len() >= 8) {
            if contains(&bytes, n.as_bytes()) {
                found.push(format!("{} holds {n:?}", f.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "plaintext outside the vault (files scanned: {files:?}):\n{}",
        found.join("\n")
    );
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("dir entry");
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            collect_files(&entry.path(), out);
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
}

// ---------------------------------------------------------------------------
// Flipped byte anywhere
// ---------------------------------------------------------------------------

/// The JSON of `list --decrypt` without the fields a read itself changes
/// (`last_read`): what the vault holds, as a command shows it.
fn listed_contents(stdout: &str) -> Option<serde_json::Value> {
    let mut v: serde_json::Value = serde_json::from_str(stdout).ok()?;
    for item in v.as_array_mut()? {
        item.as_object_mut()?.remove("last_read");
    }
    Some(v)
}

/// A read of a damaged format-2 vault either refuses it (exit 5 or 6,
/// nothing printed, no secret anywhere), or, when the damage lies in bytes
/// it does not read (format 2 reads lazily: a record's ops a checkpoint
/// already folded, a page of another scope), prints exactly what the
/// intact vault holds, never another value; then `verify` must find the
/// damage (exit 6) and a write must refuse to carry it (format2.md,
/// threat test 10, docs/format.md "What a damaged file does").
fn check_refused_or_intact(
    env: &Env,
    run: &Run,
    args: &[&str],
    intact: &serde_json::Value,
    secrets: &[&str],
) -> Result<(), String> {
    if run.code != 0 {
        return check_refused_run(run, args, &[5, 6], secrets);
    }
    if listed_contents(&run.stdout).as_ref() != Some(intact) {
        return Err(format!(
            "`sesame {}`: exit 0 with other contents than the intact vault's: {:?}",
            args.join(" "),
            truncate(&run.stdout, 300)
        ));
    }
    check_refused(env, &["verify"], &[6], secrets)
        .map_err(|e| format!("after a read that did not see the damage: {e}"))?;
    let before = env.vault_bytes();
    let write = env.run_stdin(&["add", "project/atlas/secret/Custom/new"], "v");
    if write.code != 6 || env.vault_bytes() != before {
        return Err(format!(
            "a write carried damage a read did not see: exit {}, file changed: {}",
            write.code,
            env.vault_bytes() != before
        ));
    }
    Ok(())
}

#[test]
fn flipping_any_bit_anywhere_is_refused_without_printing_a_value() {
    let env = small_vault();
    small_vault_sane(&env);
    let original = env.vault_bytes();
    let intact = listed_contents(&env.ok(&LIST_DECRYPT).stdout).expect("list is JSON");
    let len = original.len();
    // Every offset with one mask (alternating the low and the high bit), and
    // the first 320 bytes (the header, where parsing happens; a flip there is
    // refused before the KDF, so these are cheap) with the other one too.
    let mut items: Vec<(usize, u8)> = (0..len)
        .map(|o| (o, if o % 2 == 0 { 0x01 } else { 0x80 }))
        .collect();
    items.extend((0..len.min(320)).map(|o| (o, if o % 2 == 0 { 0x80 } else { 0x01 })));

    let start = Instant::now();
    let unseen = std::sync::atomic::AtomicUsize::new(0);
    let failures = par_check(&env, &items, small_vault_sane, |e, &(offset, mask)| {
        let mut bytes = original.clone();
        bytes[offset] ^= mask;
        std::fs::write(e.vault_path(), &bytes).map_err(|err| err.to_string())?;
        let tag =
            |r: Result<(), String>| r.map_err(|m| format!("offset {offset} ^ {mask:#04x}: {m}"));
        let list = e.run(&LIST_DECRYPT);
        if list.code == 0 {
            unseen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        tag(check_refused_or_intact(
            e,
            &list,
            &LIST_DECRYPT,
            &intact,
            &SMALL_SECRETS,
        ))?;
        // A get reads one secret's value: refused, or exactly that value
        // (the damage is elsewhere, and verify found it above or below).
        if offset % 61 == 0 {
            let field = format!("{SMALL_S3_ID}#secret_access_key");
            for (args, value) in [
                (vec!["get", SMALL_VAR_ID], SMALL_VAR_VALUE),
                (vec!["get", &field], SMALL_S3_SECRET),
            ] {
                let run = e.run(&args);
                if run.code == 0 && run.stdout == format!("{value}\n") {
                    tag(check_refused(e, &["verify"], &[6], &SMALL_SECRETS))?;
                } else {
                    tag(check_refused_run(&run, &args, &[5, 6], &SMALL_SECRETS))?;
                }
            }
        }
        Ok(())
    });
    eprintln!(
        "flip test: {} flips of a {len}-byte vault over {} threads in {:.1?}; {} not seen by list (found by verify)",
        items.len(),
        worker_threads(),
        start.elapsed(),
        unseen.into_inner()
    );
    assert_no_failures("flipped bits", &failures);
}

// ---------------------------------------------------------------------------
// Truncation and appended bytes
// ---------------------------------------------------------------------------

#[test]
fn truncation_at_every_length_is_refused() {
    let env = small_vault();
    let original = env.vault_bytes();
    let lengths: Vec<usize> = (0..original.len()).collect();
    let start = Instant::now();
    let failures = par_check(&env, &lengths, small_vault_sane, |e, &n| {
        std::fs::write(e.vault_path(), &original[..n]).map_err(|err| err.to_string())?;
        check_refused(e, &LIST_DECRYPT, &[6], &SMALL_SECRETS)
            .map_err(|m| format!("length {n}: {m}"))?;
        if n.is_multiple_of(BLOCK) {
            check_refused(e, &["get", SMALL_VAR_ID], &[6], &SMALL_SECRETS)
                .map_err(|m| format!("length {n}: {m}"))?;
        }
        Ok(())
    });
    eprintln!(
        "truncation test: {} lengths over {} threads in {:.1?}",
        lengths.len(),
        worker_threads(),
        start.elapsed()
    );
    assert_no_failures("truncated vault", &failures);
}

#[test]
fn an_empty_vault_file_is_damaged_not_missing() {
    let env = small_vault();
    std::fs::write(env.vault_path(), b"").unwrap();
    env.run(&LIST_DECRYPT).fails(6).never_shows(SMALL_VAR_VALUE);
    env.run(&["get", SMALL_VAR_ID]).fails(6);
}

#[test]
fn appended_bytes_are_refused() {
    let env = small_vault_in(Env::init_v1());
    let original = env.vault_bytes();
    let last_block = original[original.len() - BLOCK..].to_vec();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("one zero byte", vec![0]),
        ("one 0xff byte", vec![0xff]),
        ("4096 zero bytes", vec![0; BLOCK]),
        ("a copy of the last block", last_block),
    ];
    for (what, extra) in cases {
        let mut bytes = original.clone();
        bytes.extend_from_slice(&extra);
        std::fs::write(env.vault_path(), &bytes).unwrap();
        for args in [
            &LIST_DECRYPT[..],
            &["get", SMALL_VAR_ID],
            &["list", "--format", "ids"],
        ] {
            if let Err(m) = check_refused(&env, args, &[6], &SMALL_SECRETS) {
                panic!("vault with {what} appended: {m}");
            }
        }
    }
    // The original still opens: the refusals were about the bytes.
    std::fs::write(env.vault_path(), &original).unwrap();
    small_vault_sane(&env);
}

// ---------------------------------------------------------------------------
// Rollback
// ---------------------------------------------------------------------------

#[test]
fn restoring_an_older_copy_is_refused_unless_allowed() {
    let env = Env::init();
    let old_id = "project/atlas/secret/Custom/old";
    let new_id = "project/atlas/secret/Custom/new";
    env.add(old_id, "old-value-rollback");
    let old = env.vault_bytes();
    env.add(new_id, "new-value-rollback");
    assert_eq!(ids(&env), set(&[new_id, old_id]));

    std::fs::write(env.vault_path(), &old).unwrap();
    env.run(&["list", "--format", "ids"]).fails(8);
    env.run(&["get", old_id])
        .fails(8)
        .never_shows("old-value-rollback");
    env.run(&LIST_DECRYPT)
        .fails(8)
        .never_shows("old-value-rollback");
    // A refused write leaves the old copy as it is.
    env.run_stdin(&["add", "project/atlas/secret/Custom/third"], "third")
        .fails(8);
    assert_eq!(
        env.vault_bytes(),
        old,
        "a refused command changed the vault"
    );

    let run = env.ok(&["--allow-rollback", "list", "--format", "ids"]);
    assert_eq!(
        ids_of(&run),
        set(&[old_id]),
        "--allow-rollback should open the older copy"
    );
    assert_eq!(
        env.ok(&["--allow-rollback", "get", old_id]).stdout,
        "old-value-rollback\n"
    );
}

#[test]
fn restoring_a_copy_from_several_writes_ago_is_refused() {
    let env = Env::init();
    let oldest = env.vault_bytes(); // right after init: no secrets
    for i in 0..3 {
        env.add(&format!("project/atlas/secret/Custom/s{i}"), "v");
    }
    std::fs::write(env.vault_path(), &oldest).unwrap();
    env.run(&["list", "--format", "ids"]).fails(8);
    let run = env.ok(&["--allow-rollback", "list", "--format", "ids"]);
    assert!(ids_of(&run).is_empty(), "{run:#?}");
}

#[test]
fn writing_with_allow_rollback_makes_the_restored_copy_current() {
    // Once the user has accepted an older copy and written to it, the result
    // is the newest vault: later commands need no flag.
    let env = Env::init();
    let old_id = "project/atlas/secret/Custom/old";
    env.add(old_id, "old-value");
    let old = env.vault_bytes();
    env.add("project/atlas/secret/Custom/new", "new-value");
    env.add("project/atlas/secret/Custom/newer", "newer-value");
    std::fs::write(env.vault_path(), &old).unwrap();
    env.run(&["list", "--format", "ids"]).fails(8);
    env.run_stdin(
        &[
            "--allow-rollback",
            "add",
            "project/atlas/secret/Custom/after",
        ],
        "after-value",
    )
    .success();
    assert_eq!(
        ids(&env),
        set(&[old_id, "project/atlas/secret/Custom/after"])
    );
}

#[test]
fn a_write_to_a_damaged_vault_is_refused_and_changes_nothing() {
    // A writer must not "repair" a damaged file by writing over it: the
    // damaged bytes are the user's only chance of recovering anything.
    let env = small_vault_in(Env::init_v1());
    let original = env.vault_bytes();
    let len = original.len();
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for offset in [0, 20, 100, 300, 600, 1500, len - 1] {
        let mut bytes = original.clone();
        bytes[offset] ^= 0x01;
        cases.push((format!("flip at {offset}"), bytes));
    }
    cases.push((
        "truncated by one block".into(),
        original[..len - BLOCK].to_vec(),
    ));
    cases.push(("truncated by one byte".into(), original[..len - 1].to_vec()));
    let mut appended = original.clone();
    appended.extend_from_slice(&[0; BLOCK]);
    cases.push(("a block appended".into(), appended));
    let root_before = dir_names(env.root());
    for (what, bytes) in cases {
        std::fs::write(env.vault_path(), &bytes).unwrap();
        let writes: [(&[&str], &str); 3] = [
            (
                &["add", "project/atlas/secret/Custom/new"],
                "new-value-on-damage",
            ),
            (&["add", "--force", SMALL_VAR_ID], "forced-value-on-damage"),
            (&["rm", SMALL_VAR_ID], ""),
        ];
        for (args, input) in writes {
            let run = env.run_stdin(args, input);
            assert!(
                [5, 6].contains(&run.code),
                "{what}: `sesame {}` should be refused: {run:#?}",
                args.join(" ")
            );
            let code = run.code;
            run.fails(code).never_shows(SMALL_VAR_VALUE);
            assert!(
                env.vault_bytes() == bytes,
                "{what}: `sesame {}` changed the damaged vault",
                args.join(" ")
            );
            assert_eq!(
                dir_names(env.root()),
                root_before,
                "{what}: files left beside the vault"
            );
        }
    }
    std::fs::write(env.vault_path(), &original).unwrap();
    small_vault_sane(&env);
}

// ---------------------------------------------------------------------------
// Modes
// ---------------------------------------------------------------------------

fn lock_path(vault: &Path) -> PathBuf {
    let mut name = vault.file_name().unwrap().to_os_string();
    name.push(".lock");
    vault.with_file_name(name)
}

#[test]
fn vault_and_lock_files_are_0600_and_created_dirs_0700() {
    let env = Env::new();
    let dir = env.root().join("fresh");
    let vault = dir.join("deeper").join("vault.sesame");
    let with_vault = |mut c: Command| {
        c.env("SESAME_VAULT", &vault);
        c
    };
    let init: Vec<&str> = ["init"].iter().chain(FAST_KDF.iter()).copied().collect();
    Run::from(with_vault(env.cmd(&init)).output().unwrap()).success();
    assert_eq!(mode_of(&vault), 0o600, "vault after init");
    assert_eq!(mode_of(&dir), 0o700, "directory created by init");
    assert_eq!(
        mode_of(&dir.join("deeper")),
        0o700,
        "directory created by init"
    );

    run_with_stdin(
        with_vault(env.cmd(&["add", "project/atlas/secret/Custom/x"])),
        b"v",
    )
    .success();
    assert_eq!(mode_of(&vault), 0o600, "vault after add");
    assert_eq!(mode_of(&lock_path(&vault)), 0o600, "lock file after add");
    assert_eq!(mode_of(&dir.join("deeper")), 0o700, "vault dir after add");
}

#[test]
fn modes_do_not_depend_on_the_umask() {
    let env = Env::new();
    let dir = env.root().join("fresh");
    let vault = dir.join("vault.sesame");
    let script = r#"umask 000; exec "$0" "$@""#;
    let init: Vec<&str> = ["init"].iter().chain(FAST_KDF.iter()).copied().collect();
    let mut c = via_sh(&env, script, &init);
    c.env("SESAME_VAULT", &vault);
    Run::from(c.output().unwrap()).success();
    assert_eq!(mode_of(&vault), 0o600, "vault after init under umask 000");
    assert_eq!(
        mode_of(&dir),
        0o700,
        "directory created by init under umask 000"
    );

    let mut c = via_sh(&env, script, &["add", "project/atlas/secret/Custom/x"]);
    c.env("SESAME_VAULT", &vault);
    run_with_stdin(c, b"v").success();
    assert_eq!(mode_of(&vault), 0o600, "vault after add under umask 000");
    assert_eq!(
        mode_of(&lock_path(&vault)),
        0o600,
        "lock file after add under umask 000"
    );
    let state = env.state_dir().join("sesame");
    assert_eq!(mode_of(&state), 0o700, "state dir created under umask 000");
}

#[test]
fn the_state_dir_sesame_creates_is_0700() {
    let env = Env::init();
    env.add("project/atlas/secret/Custom/x", "v");
    let state = env.state_dir().join("sesame");
    assert!(
        state.is_dir(),
        "rollback state dir {} missing",
        state.display()
    );
    assert_eq!(mode_of(&state), 0o700);
}

// ---------------------------------------------------------------------------
// Reads do not write
// ---------------------------------------------------------------------------

fn stamp(path: &Path) -> (Vec<u8>, SystemTime, u64) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (
        std::fs::read(path).unwrap(),
        meta.modified().unwrap(),
        meta.ino(),
    )
}

#[test]
fn reads_leave_the_vault_file_untouched() {
    let env = small_vault();
    let before = stamp(&env.vault_path());
    let dir_before = dir_names(env.root());
    let field = format!("{SMALL_S3_ID}#secret_access_key");
    let reads: Vec<Vec<&str>> = vec![
        vec!["get", SMALL_VAR_ID],
        vec!["get", SMALL_S3_ID],
        vec!["get", &field],
        vec!["get", "--format", "json", SMALL_VAR_ID],
        vec!["list"],
        vec!["list", "--format", "ids"],
        vec!["list", "--format", "json"],
        LIST_DECRYPT.to_vec(),
        vec!["list", "--decrypt", "project/atlas"],
        vec!["info"],
        vec!["info", "--format", "json"],
    ];
    for args in &reads {
        env.ok(args);
        let after = stamp(&env.vault_path());
        assert!(
            after.0 == before.0,
            "`sesame {}` changed the vault's bytes",
            args.join(" ")
        );
        assert_eq!(
            after.1,
            before.1,
            "`sesame {}` changed the vault's mtime",
            args.join(" ")
        );
        assert_eq!(
            after.2,
            before.2,
            "`sesame {}` replaced the vault file",
            args.join(" ")
        );
        assert_eq!(
            dir_names(env.root()),
            dir_before,
            "`sesame {}` left files beside the vault",
            args.join(" ")
        );
    }
}

// ---------------------------------------------------------------------------
// Secrets never in errors
// ---------------------------------------------------------------------------

#[test]
fn a_piped_value_is_not_echoed_when_the_command_fails() {
    let env = Env::init();
    let existing = "project/atlas/secret/Custom/existing";
    env.add(existing, "existing-value-ERR-111");

    let value = "piped-secret-ERR-2468-do-not-echo";
    let before = env.vault_bytes();
    // Wrong passphrase.
    let mut c = env.cmd(&["add", "project/atlas/secret/Custom/new"]);
    c.env("SESAME_PASSPHRASE", "not the passphrase");
    run_with_stdin(c, value.as_bytes())
        .fails(5)
        .never_shows(value)
        .never_shows(PASSPHRASE);
    let mut c = env.cmd(&["get", existing]);
    c.env("SESAME_PASSPHRASE", "not the passphrase");
    Run::from(c.output().unwrap())
        .fails(5)
        .never_shows("existing-value-ERR-111")
        .never_shows("not the passphrase");
    // Already exists.
    env.run_stdin(&["add", existing], value)
        .fails(4)
        .never_shows(value)
        .never_shows("existing-value-ERR-111");
    // A bad ID.
    env.run_stdin(&["add", "project/atlas/secret/Custom/../x"], value)
        .fails(2)
        .never_shows(value);
    // Too large (1 MiB + 1 byte), starting with a recognisable marker.
    let mut big = String::from("BIGSECRET-marker-7755-");
    big.push_str(&"y".repeat((1 << 20) + 1 - big.len()));
    env.run_stdin(&["add", "project/atlas/secret/Custom/big"], &big)
        .fails(2)
        .never_shows("BIGSECRET-marker-7755");
    // Nothing was written by any of these.
    assert!(
        env.vault_bytes() == before,
        "a failed command changed the vault"
    );
    assert_eq!(ids(&env), set(&[existing]));
}

#[test]
fn a_secret_field_on_the_command_line_is_not_echoed() {
    let env = Env::init();
    let secret = "cmdline-secret-access-key-9911";
    env.run_stdin(
        &[
            "add",
            "project/atlas/connect/S3/prod",
            "--field",
            "access_key_id=AKIAFIELD",
            "--field",
            &format!("secret_access_key={secret}"),
        ],
        "",
    )
    .fails(2)
    .never_shows(secret);
    env.run_stdin(
        &[
            "add",
            "project/atlas/connect/ContainerRegistry/ghcr",
            "--field",
            "server=ghcr.example",
            "--field",
            "username=u",
            "--field",
            &format!("password={secret}"),
        ],
        "",
    )
    .fails(2)
    .never_shows(secret);
}

#[test]
fn malformed_structured_input_does_not_echo_secret_material() {
    // JSON parsers like to quote the offending input (`invalid type: string
    // "…", expected a map`); for these inputs that input is the secret.
    let env = Env::init();
    let s3 = "project/atlas/connect/S3/prod";
    let reg = "organization/acme/connect/ContainerRegistry/ghcr";
    let cases: Vec<(&str, String, &str)> = vec![
        // The bare secret, quoted, where an object belongs.
        (s3, r#""wJalrXUtnFEMI-bare-json-string-0042""#.into(), "wJalrXUtnFEMI-bare-json-string-0042"),
        // The bare secret, unquoted: not JSON at all.
        (s3, "wJalrXUtnFEMI-not-json-0043".into(), "wJalrXUtnFEMI-not-json-0043"),
        // A numeric password, unquoted.
        (
            reg,
            r#"{"server":"ghcr.example","username":"bot","password":918273645546372819}"#.into(),
            "918273645546372819",
        ),
        // A misspelt secret field next to the right one.
        (
            reg,
            r#"{"server":"ghcr.example","username":"bot","password":"pw-right-0044","pasword":"pw-typo-0045"}"#.into(),
            "pw-",
        ),
        // Broken JSON after the secret.
        (
            s3,
            r#"{"access_key_id":"AKIAX","secret_access_key":"sk-truncated-json-0046""#.into(),
            "sk-truncated-json-0046",
        ),
        // An array where an object belongs.
        (s3, r#"["sk-in-array-0047"]"#.into(), "sk-in-array-0047"),
    ];
    for (id, input, secret) in cases {
        let run = env.run_stdin(&["add", id], &input);
        assert_eq!(
            run.code, 2,
            "input {input:?} should be a usage error: {run:#?}"
        );
        run.fails(2).never_shows(secret);
    }
    assert!(ids(&env).is_empty());
}
