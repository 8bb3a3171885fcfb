//! Threats that need the file's layout (vault.md §3): KDF downgrade,
//! section swap and replay, and the golden vault of each format version.

use std::path::Path;

use sesame::vault::format::{Header, Slot};
use sesame::{OpenOptions, Unlock, Vault};

use crate::support::{Env, PASSPHRASE};

/// Where each owner's sealed section lies in the vault of `env`.
fn spans(env: &Env) -> std::collections::BTreeMap<String, (u64, u32)> {
    // No rollback state: this peek must not touch the runner's home.
    let vault = Vault::open(
        &env.vault_path(),
        Unlock::Passphrase(PASSPHRASE.into()),
        &OpenOptions {
            rollback_state: None,
            ..OpenOptions::default()
        },
    )
    .expect("open vault");
    sesame::vault::section_spans(&vault)
}

fn splice(target: &mut [u8], source: &[u8], (offset, len): (u64, u32)) {
    let range = offset as usize..offset as usize + len as usize;
    target[range.clone()].copy_from_slice(&source[range]);
}

fn rewrite_kdf(env: &Env, memory_mib: u32) {
    let mut bytes = env.vault_bytes();
    let len = Header::peek_len(&bytes).expect("header length");
    let mut header = Header::decode(&bytes[..len]).expect("header");
    for slot in &mut header.slots {
        if let Slot::Passphrase { kdf, .. } = slot {
            kdf.memory_mib = memory_mib;
        }
    }
    let encoded = header.encode();
    assert_eq!(encoded.len(), len);
    bytes[..len].copy_from_slice(&encoded);
    std::fs::write(env.vault_path(), bytes).expect("write vault");
}

#[test]
fn kdf_parameters_out_of_bounds_are_refused_before_asking_for_the_passphrase() {
    for memory in [1, 18, 4097, u32::MAX] {
        let env = Env::init_v1();
        env.add("project/atlas/secret/Custom/a", "value-a");
        rewrite_kdf(&env, memory);
        let marker = env.root().join("asked");
        let script = env.write_file(
            "pass.sh",
            format!(
                "#!/bin/sh\ntouch '{}'\necho '{PASSPHRASE}'\n",
                marker.display()
            ),
        );
        crate::support::set_mode(&script, 0o755);
        let run = env
            .cmd(&["get", "project/atlas/secret/Custom/a"])
            .env_remove("SESAME_PASSPHRASE")
            .env("SESAME_PASSPHRASE_COMMAND", &script)
            .output()
            .expect("run sesame");
        let run = crate::support::Run::from(run)
            .fails(9)
            .stderr_has("KDF")
            .never_shows("value-a");
        assert!(
            !marker.exists(),
            "the passphrase was asked for before the bounds check: {run:?}"
        );
    }
}

#[test]
fn a_section_from_an_older_copy_is_detected() {
    let env = Env::init_v1();
    env.add("project/atlas/secret/Custom/a", "value-a");
    env.add("project/zeta/secret/Custom/b", "value-b");
    let old = env.vault_bytes();
    let old_spans = spans(&env);
    // Same lengths, new content: remove and re-add with a value of equal size.
    env.ok(&["rm", "project/zeta/secret/Custom/b"]);
    env.add("project/zeta/secret/Custom/b", "value-c");
    let new_spans = spans(&env);
    assert_eq!(
        old_spans, new_spans,
        "the test needs sections at the same places"
    );
    let mut spliced = env.vault_bytes();
    splice(&mut spliced, &old, new_spans["project/zeta"]);
    std::fs::write(env.vault_path(), &spliced).unwrap();
    env.run(&["get", "project/zeta/secret/Custom/b"])
        .fails(6)
        .never_shows("value-b")
        .never_shows("value-c");
    env.run(&["list", "--decrypt"]).fails(6);
}

#[test]
fn a_section_from_another_vault_is_detected() {
    let a = Env::init_v1();
    let b = Env::init_v1();
    for env in [&a, &b] {
        env.add("project/atlas/secret/Custom/a", "value-a");
    }
    let sa = spans(&a);
    assert_eq!(sa, spans(&b));
    let mut bytes = a.vault_bytes();
    splice(&mut bytes, &b.vault_bytes(), sa["project/atlas"]);
    std::fs::write(a.vault_path(), &bytes).unwrap();
    a.run(&["get", "project/atlas/secret/Custom/a"])
        .fails(6)
        .never_shows("value-a");
}

#[test]
fn swapping_two_sections_is_detected() {
    let env = Env::init_v1();
    env.add("project/aaaa/secret/Custom/x", "value-1");
    env.add("project/bbbb/secret/Custom/x", "value-2");
    let s = spans(&env);
    let (a, b) = (s["project/aaaa"], s["project/bbbb"]);
    assert_eq!(a.1, b.1, "equal-length sections");
    let orig = env.vault_bytes();
    let mut bytes = orig.clone();
    bytes[a.0 as usize..(a.0 + a.1 as u64) as usize]
        .copy_from_slice(&orig[b.0 as usize..(b.0 + b.1 as u64) as usize]);
    bytes[b.0 as usize..(b.0 + b.1 as u64) as usize]
        .copy_from_slice(&orig[a.0 as usize..(a.0 + a.1 as u64) as usize]);
    std::fs::write(env.vault_path(), &bytes).unwrap();
    env.run(&["get", "project/aaaa/secret/Custom/x"])
        .fails(6)
        .never_shows("value-2");
    env.run(&["get", "project/bbbb/secret/Custom/x"])
        .fails(6)
        .never_shows("value-1");
}

#[test]
fn a_zeroed_section_is_detected() {
    let env = Env::init_v1();
    env.add("project/atlas/secret/Custom/a", "value-a");
    let (offset, len) = spans(&env)["project/atlas"];
    let mut bytes = env.vault_bytes();
    bytes[offset as usize..(offset + len as u64) as usize].fill(0);
    std::fs::write(env.vault_path(), &bytes).unwrap();
    env.run(&["get", "project/atlas/secret/Custom/a"]).fails(6);
}

#[test]
fn an_unknown_format_version_is_a_clear_error() {
    let env = Env::init_v1();
    let mut bytes = env.vault_bytes();
    bytes[8] = 9; // a format this release does not know (2 is format 2)
    std::fs::write(env.vault_path(), &bytes).unwrap();
    env.run(&["list"]).fails(6).stderr_has("format version");
    bytes[..8].copy_from_slice(b"NOTSESAM");
    std::fs::write(env.vault_path(), &bytes).unwrap();
    env.run(&["list"]).fails(6).stderr_has("not a sesame vault");
}

const GOLDEN_PASSPHRASE: &str = "golden passphrase";

fn golden_env(name: &str) -> Env {
    let env = Env::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::copy(&src, env.vault_path()).expect("copy golden vault");
    env
}

/// The vault made by format version 1 must keep opening (vault.md §1.9).
#[test]
fn golden_vault_v1_still_opens() {
    let env = golden_env("golden-v1.sesame");
    let get = |id: &str| {
        let out = env
            .cmd(&["get", id])
            .env("SESAME_PASSPHRASE", GOLDEN_PASSPHRASE)
            .output()
            .unwrap();
        let run = crate::support::Run::from(out).success();
        run.stdout
    };
    assert_eq!(get("project/atlas/secret/Custom/db-password"), "second\n");
    assert_eq!(
        get("project/atlas/connect/S3/prod-bucket"),
        "{\"access_key_id\":\"AKIAGOLDEN\",\"secret_access_key\":\"golden/secret+key\",\"region\":\"eu-west-1\",\"bucket\":\"atlas-prod\"}\n"
    );
    assert_eq!(
        get("user/alice/connect/ContainerRegistry/ghcr#password"),
        "golden-token\n"
    );
    assert_eq!(
        get("organization/acme/secret/Custom/slack-token"),
        "multi\nline\nvalue ünïcödé\n"
    );
    let out = env
        .cmd(&[
            "get",
            "project/atlas/secret/Custom/db-password",
            "--version",
            "1",
        ])
        .env("SESAME_PASSPHRASE", GOLDEN_PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(crate::support::Run::from(out).success().stdout, "first\n");
    let out = env
        .cmd(&["list", "--format", "json"])
        .env("SESAME_PASSPHRASE", GOLDEN_PASSPHRASE)
        .output()
        .unwrap();
    // last_read is this machine's journal, not the vault's content.
    let without_last_read = |mut v: serde_json::Value| {
        for item in v.as_array_mut().expect("a JSON array") {
            item.as_object_mut().expect("an object").remove("last_read");
        }
        v
    };
    let listed = without_last_read(serde_json::from_slice(&out.stdout).unwrap());
    let expected = without_last_read(
        serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v1.list.json"),
            )
            .unwrap(),
        )
        .unwrap(),
    );
    assert_eq!(listed, expected);
}
