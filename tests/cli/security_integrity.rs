//! Issue 11, items 2, 3 and 12 (part): version numbers that cannot
//! overflow, writes that never carry damaged bytes forward, `sesame
//! verify`, unknown header flags, and an index whose length leaks nothing.

use std::collections::BTreeMap;
use std::path::Path;

use sesame::secret_type::Fields;
use sesame::vault::ExportedSecret;
use sesame::vault::format::Header;
use sesame::{OpenOptions, Unlock, Vault};

use crate::support::{Env, PASSPHRASE, run_with_stdin};
use crate::threats::dir_names;

const A_ID: &str = "project/atlas/secret/Custom/alpha";
const A_VALUE: &str = "alpha-value-1d8e";
const B_ID: &str = "user/bob/secret/Custom/bravo";
const B_VALUE: &str = "bravo-value-77c2";

/// Library access for what the binary cannot do: no rollback state or
/// journal, so nothing outside the test's own vault is touched.
fn lib_options() -> OpenOptions {
    OpenOptions {
        rollback_state: None,
        journal: None,
        ..OpenOptions::default()
    }
}

/// Where each owner's sealed section lies: `(offset, length)` by owner.
fn spans(vault: &Path, passphrase: &str) -> BTreeMap<String, (u64, u32)> {
    let vault = Vault::open(vault, Unlock::Passphrase(passphrase.into()), &lib_options())
        .expect("open vault");
    sesame::vault::section_spans(&vault)
}

/// The vault of `env` with one byte flipped in the middle of `owner`'s
/// section, written over the vault; returns the damaged bytes.
fn damage_section(env: &Env, passphrase: &str, owner: &str) -> Vec<u8> {
    let (offset, len) = spans(&env.vault_path(), passphrase)[owner];
    let mut bytes = env.vault_bytes();
    bytes[offset as usize + len as usize / 2] ^= 0x01;
    std::fs::write(env.vault_path(), &bytes).expect("write vault");
    bytes
}

/// `index_len` as the header carries it, in the clear.
fn index_len(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes[72..76].try_into().expect("4 bytes"))
}

/// Two owners: atlas with two versions of one secret, bob with one.
fn two_owners() -> Env {
    two_owners_in(Env::init())
}

fn two_owners_in(env: Env) -> Env {
    env.add(A_ID, "alpha-old-value");
    env.run_stdin(&["rotate", A_ID], A_VALUE).success();
    env.add(B_ID, B_VALUE);
    env
}

// ---------------------------------------------------------------------------
// Item 2: version numbers
// ---------------------------------------------------------------------------

fn export_json(version: u64) -> String {
    format!(
        r#"[{{"id": "{A_ID}", "type": "variable", "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z",
            "versions": [{{"version": {version}, "created": "2026-01-01T00:00:00Z", "value": "{A_VALUE}"}}]}}]"#
    )
}

#[test]
fn import_refuses_a_version_number_that_rotate_would_overflow_issue_11() {
    let env = Env::init();
    let before = env.vault_bytes();
    let file = env.write_file("export.json", export_json(u32::MAX as u64));
    env.run(&["import", "--format", "json", file.to_str().unwrap()])
        .fails(2)
        .stderr_has("entry 1")
        .stderr_has("version 4294967295 is above 1000000000")
        .never_shows(A_VALUE);
    assert!(
        env.vault_bytes() == before,
        "a refused import changed the vault"
    );
    env.ok(&["list", "--format", "ids"]);
}

#[test]
fn an_import_at_the_version_bound_can_still_rotate_issue_11() {
    let env = Env::init();
    let file = env.write_file("export.json", export_json(1_000_000_000));
    env.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    env.run_stdin(&["rotate", A_ID], "next-value")
        .success()
        .stderr_has("1000000001");
    let json = env.ok(&["get", A_ID, "--format", "json"]).json();
    assert_eq!(json["version"], 1_000_000_001u64);
    assert_eq!(env.get(A_ID), "next-value");
    env.ok(&["verify"]);
}

#[test]
fn rotate_at_the_highest_version_number_is_refused_and_the_vault_still_reads_issue_11() {
    // A vault that already holds version 4294967295 (as the old release's
    // import made them): the next version must be refused, not wrap to 0
    // and write a section that no longer decodes.
    let env = Env::init_v1();
    env.add(B_ID, B_VALUE);
    Vault::edit(
        &env.vault_path(),
        Unlock::Passphrase(PASSPHRASE.into()),
        &lib_options(),
        |vault| {
            vault.put_record(ExportedSecret {
                id: A_ID.parse()?,
                created: 0,
                updated: 0,
                description: None,
                rotate_every: None,
                expires: None,
                versions: vec![(u32::MAX, 0, Fields::single(A_VALUE.into(), false)?)],
            })
        },
    )
    .expect("store a secret at version 4294967295");
    let before = env.vault_bytes();
    env.run_stdin(&["rotate", A_ID], "wrapped-value")
        .fails(1)
        .stderr_has("is at version 4294967295, the highest a version number can go")
        .never_shows("wrapped-value");
    env.run(&["rollback", A_ID, "--to", "4294967295"]).fails(1);
    env.run_stdin(&["add", "--force", A_ID], "wrapped-value")
        .fails(1);
    assert!(
        env.vault_bytes() == before,
        "a refused rotate changed the vault"
    );
    assert_eq!(env.get(A_ID), A_VALUE);
    assert_eq!(env.get(B_ID), B_VALUE);
    let ids = env.ok(&["list", "--format", "ids"]).stdout;
    assert_eq!(ids, format!("{A_ID}\n{B_ID}\n"));
    env.ok(&["verify"]);
}

// ---------------------------------------------------------------------------
// Item 3: writes authenticate what they carry over
// ---------------------------------------------------------------------------

#[test]
fn a_write_refuses_to_carry_another_owners_damaged_section_forward_issue_11() {
    let env = two_owners_in(Env::init_v1());
    let damaged = damage_section(&env, PASSPHRASE, "user/bob");
    let root_before = dir_names(env.root());
    let writes: [(&[&str], &str); 4] = [
        (&["add", "project/atlas/secret/Custom/new"], "new-value"),
        (&["rotate", A_ID], "rotated-value"),
        (&["rm", A_ID], ""),
        (&["mv", A_ID, "project/atlas/secret/Custom/moved"], ""),
    ];
    for (args, input) in writes {
        let run = env
            .run_stdin(args, input)
            .fails(6)
            .stderr_has("a section does not authenticate")
            .never_shows(A_VALUE)
            .never_shows(B_VALUE);
        if !input.is_empty() {
            run.never_shows(input);
        }
        assert!(
            env.vault_bytes() == damaged,
            "`sesame {}` wrote over a damaged vault",
            args.join(" ")
        );
        assert_eq!(
            dir_names(env.root()),
            root_before,
            "files left beside the vault"
        );
    }
    // Reads of the intact owner still work; the damaged one is exit 6.
    assert_eq!(env.get(A_ID), A_VALUE);
    env.run(&["get", B_ID]).fails(6).never_shows(B_VALUE);
}

const GOLDEN_PASSPHRASE: &str = "golden passphrase";

/// A copy of the golden format-1 vault (written before section MACs and
/// index padding) and a way to run commands on it.
fn golden() -> Env {
    let env = Env::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v1.sesame");
    std::fs::copy(&src, env.vault_path()).expect("copy golden vault");
    crate::support::set_mode(&env.vault_path(), 0o600);
    env
}

fn golden_run(env: &Env, args: &[&str], input: &str) -> crate::support::Run {
    let mut cmd = env.cmd(args);
    cmd.env("SESAME_PASSPHRASE", GOLDEN_PASSPHRASE);
    run_with_stdin(cmd, input.as_bytes())
}

#[test]
fn a_write_to_a_vault_from_before_section_macs_still_authenticates_what_it_carries_issue_11() {
    let env = golden();
    let damaged = damage_section(&env, GOLDEN_PASSPHRASE, "user/alice");
    golden_run(
        &env,
        &["add", "project/atlas/secret/Custom/new"],
        "new-value",
    )
    .fails(6)
    .stderr_has("a section does not authenticate");
    assert!(
        env.vault_bytes() == damaged,
        "the damaged golden vault was rewritten"
    );
}

#[test]
fn a_vault_from_before_section_macs_gains_them_on_its_next_write_issue_11() {
    let env = golden();
    let old = env.vault_bytes();
    assert!(
        !index_len(&old).is_power_of_two(),
        "the golden vault should have an unpadded index"
    );
    // An export records no read, so two exports compare whole.
    let before = golden_run(&env, &["export", "--format", "json"], "").success();
    golden_run(&env, &["add", "project/new/secret/Custom/x"], "x-value").success();
    let bytes = env.vault_bytes();
    assert_eq!(index_len(&bytes), 1024, "the rewritten index is padded");
    golden_run(&env, &["verify"], "").success();
    golden_run(&env, &["rm", "project/new/secret/Custom/x"], "").success();
    let after = golden_run(&env, &["export", "--format", "json"], "").success();
    assert_eq!(after.json(), before.json(), "the golden secrets changed");
    // And a section damaged now is caught by its MAC on the next write.
    damage_section(&env, GOLDEN_PASSPHRASE, "organization/acme");
    golden_run(
        &env,
        &["rotate", "project/atlas/secret/Custom/db-password"],
        "t",
    )
    .fails(6)
    .stderr_has("a section does not authenticate");
}

// ---------------------------------------------------------------------------
// Item 3: sesame verify
// ---------------------------------------------------------------------------

#[test]
fn verify_prints_a_summary_by_owner_issue_11() {
    let env = two_owners();
    let run = env
        .ok(&["verify"])
        .never_shows(A_VALUE)
        .never_shows(B_VALUE);
    assert_eq!(
        run.stdout,
        "OWNER          SECRETS  VERSIONS  STATUS\n\
         project/atlas  1        2         ok\n\
         user/bob       1        1         ok\n"
    );
    assert!(
        run.stderr
            .contains("verified 2 owners, 2 secrets, 3 versions: no damage"),
        "{run:#?}"
    );
    let json = env.ok(&["verify", "--format", "json"]).json();
    assert_eq!(json["ok"], true);
    assert_eq!(json["format_version"], 2);
    assert_eq!(
        json["owners"],
        serde_json::json!([
            {"owner": "project/atlas", "owner_type": "project", "owner_id": "atlas",
             "secrets": 1, "versions": 2, "ok": true, "problem": null},
            {"owner": "user/bob", "owner_type": "user", "owner_id": "bob",
             "secrets": 1, "versions": 1, "ok": true, "problem": null},
        ])
    );
    assert!(env.ok(&["-q", "verify"]).stderr.is_empty());
}

#[test]
fn verify_of_an_empty_vault_is_ok_issue_11() {
    let env = Env::init();
    let json = env.ok(&["verify", "--format", "json"]).json();
    assert_eq!(json["ok"], true);
    assert_eq!(json["owners"], serde_json::json!([]));
}

#[test]
fn verify_finds_a_damaged_section_that_no_command_read_yet_issue_11() {
    let env = two_owners_in(Env::init_v1());
    let damaged = damage_section(&env, PASSPHRASE, "user/bob");
    // Reading atlas alone does not notice; verify does, and says where.
    assert_eq!(env.get(A_ID), A_VALUE);
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 6, "{run:#?}");
    assert_eq!(
        run.stdout,
        "OWNER          SECRETS  VERSIONS  STATUS\n\
         project/atlas  1        2         ok\n\
         user/bob       1        -         damaged: the section does not match its MAC\n"
    );
    assert!(run.stderr.starts_with("sesame: error: "), "{run:#?}");
    let run = env
        .run(&["verify", "--format", "json"])
        .never_shows(A_VALUE)
        .never_shows(B_VALUE);
    assert_eq!(run.code, 6, "{run:#?}");
    let json = run.json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["owners"][0]["ok"], true);
    assert_eq!(json["owners"][1]["ok"], false);
    assert_eq!(json["owners"][1]["versions"], serde_json::Value::Null);
    assert_eq!(
        json["owners"][1]["problem"],
        "the section does not match its MAC"
    );
    assert!(env.vault_bytes() == damaged, "verify changed the vault");
}

#[test]
fn verify_checks_the_padding_and_golden_sections_issue_11() {
    let env = two_owners_in(Env::init_v1());
    let mut bytes = env.vault_bytes();
    *bytes.last_mut().unwrap() ^= 0x01;
    std::fs::write(env.vault_path(), &bytes).unwrap();
    env.run(&["verify"]).fails(6).stderr_has("bad padding");

    // A vault from before section MACs: its sections are opened instead.
    let env = golden();
    damage_section(&env, GOLDEN_PASSPHRASE, "project/atlas");
    let run = golden_run(&env, &["verify", "--format", "json"], "");
    assert_eq!(run.code, 6, "{run:#?}");
    let json = run.json();
    let problems: Vec<_> = json["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["owner"].as_str().unwrap().to_string(),
                o["problem"].clone(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("organization/acme".into(), serde_json::Value::Null),
            (
                "project/atlas".into(),
                "the section does not authenticate".into()
            ),
            ("user/alice".into(), serde_json::Value::Null),
        ]
    );
}

// ---------------------------------------------------------------------------
// Item 12: header flags and the index length
// ---------------------------------------------------------------------------

#[test]
fn unknown_header_flags_say_a_newer_sesame_wrote_the_file_issue_11() {
    use sha2::{Digest, Sha256};
    let env = two_owners_in(Env::init_v1());
    let mut bytes = env.vault_bytes();
    let len = Header::peek_len(&bytes).expect("header length");
    bytes[10] |= 0x01;
    let sum: [u8; 32] = Sha256::digest(&bytes[..len - 32]).into();
    bytes[len - 32..len].copy_from_slice(&sum);
    std::fs::write(env.vault_path(), &bytes).unwrap();
    for args in [&["list"][..], &["get", A_ID], &["verify"]] {
        let run = env
            .run(args)
            .fails(6)
            .stderr_has("unknown flags: written by a newer sesame?")
            .never_shows(A_VALUE);
        assert!(!run.stderr.contains("checksum"), "{run:#?}");
    }
    // A flag flipped without its checksum is still plain damage.
    bytes[len - 1] ^= 0x01;
    std::fs::write(env.vault_path(), &bytes).unwrap();
    env.run(&["list"])
        .fails(6)
        .stderr_has("the header fails its checksum");
}

#[test]
fn index_length_does_not_reveal_the_owners_or_their_names_issue_11() {
    let one = Env::init_v1();
    one.add("user/a/secret/Custom/x", "v");
    let five = Env::init_v1();
    for i in 0..5 {
        let owner = format!("{i}{}", "o".repeat(63));
        five.add(&format!("project/{owner}/secret/Custom/x"), "v");
    }
    let empty = Env::init_v1();
    for env in [&one, &five, &empty] {
        let bytes = env.vault_bytes();
        assert_eq!(index_len(&bytes), 1024, "index_len leaks the owners");
    }
    assert_eq!(one.vault_bytes().len(), five.vault_bytes().len());
    // Beyond the floor, only the power of two shows.
    let many = Env::init_v1();
    let json: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"id": "project/owner-{i:02}/secret/Custom/x", "value": "v"}}"#))
        .collect();
    let file = many.write_file("many.json", format!("[{}]", json.join(",")));
    many.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    let len = index_len(&many.vault_bytes());
    assert!(len > 1024 && len.is_power_of_two(), "index_len {len}");
    many.ok(&["verify"]);
}
