//! Format 2 through the binary (issue 12): what `init` makes, `upgrade`
//! from format 1 (kept as `.v1.bak`, killed at every step), the threat
//! tests of vault.md on the new file, sessions and passwd per member, and
//! identity files (age and OpenSSH ed25519 keys, made by the real tools).

use std::path::{Path, PathBuf};

use crate::support::{
    Env, FAST_KDF, PASSPHRASE, Run, age_key, mode_of, run_with_stdin, tool, value_of,
};

const DB: &str = "project/atlas/secret/Custom/db-password";
const S3: &str = "project/atlas/connect/S3/prod-bucket";
const BOB: &str = "user/bob/secret/Custom/token";

/// A format-2 vault with three secrets of two owners, one rotated, one
/// with a description and a policy.
fn populated(env: &Env) {
    env.add(DB, "db-first-value");
    env.run_stdin(&["rotate", DB], "db-second-value").success();
    env.run_stdin(
        &["add", S3, "--description", "bucket of the atlas deploys"],
        r#"{"access_key_id":"AKIAEXAMPLEKEYID","secret_access_key":"s3-secret-key-value","region":"eu-west-1"}"#,
    )
    .success();
    env.run_stdin(&["add", BOB, "--rotate-every", "30d"], "bob-token-value")
        .success();
}

fn format_of(env: &Env) -> u64 {
    env.ok(&["info", "--format", "json"]).json()["format_version"]
        .as_u64()
        .expect("a format version")
}

#[test]
fn init_makes_format_2_and_format_version_1_still_makes_format_1_issue_12() {
    let env = Env::init();
    assert_eq!(format_of(&env), 2);
    let run = env.ok(&["info"]);
    assert!(run.stdout.contains("format version: 2\n"), "{run:#?}");
    assert!(!run.stderr.contains("upgrade"), "{run:#?}");

    let old = Env::init_v1();
    assert_eq!(format_of(&old), 1);
    old.test(&["info"])
        .stderr_has("hint: this vault is format 1; `sesame upgrade` moves it to format 2")
        .run();
    // The file says which it is in its first ten bytes.
    assert_eq!(&env.vault_bytes()[8..10], &2u16.to_le_bytes());
    assert_eq!(&old.vault_bytes()[8..10], &1u16.to_le_bytes());
}

#[test]
fn every_kind_of_secret_round_trips_on_format_2_issue_12() {
    let env = Env::init();
    populated(&env);
    assert_eq!(value_of(&env, DB), "db-second-value");
    assert_eq!(crate::support::value_at(&env, DB, 1), "db-first-value");
    assert_eq!(
        env.ok(&["get", &format!("{S3}#region")]).stdout,
        "eu-west-1\n"
    );
    let listed = env.ok(&["list", "--format", "json"]).json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [S3, DB, BOB]);
    assert_eq!(listed[0]["description"], "bucket of the atlas deploys");
    assert_eq!(listed[1]["version"], 2);
    assert!(listed[2]["rotate_every"].is_string(), "{listed:#}");
    env.ok(&["mv", DB, "project/atlas/secret/Custom/db"]);
    assert_eq!(
        crate::support::value_at(&env, "project/atlas/secret/Custom/db", 1),
        "db-first-value"
    );
    env.ok(&["rm", BOB]);
    env.test(&["get", BOB]).status(3).run();
    let verify = env.ok(&["verify"]);
    assert!(
        verify
            .stderr
            .contains("verified 1 owner, 2 secrets, 3 versions"),
        "{verify:#?}"
    );
}

// ---------------------------------------------------------------------------
// The threat tests of vault.md on a format-2 file
// ---------------------------------------------------------------------------

#[test]
fn an_offline_copy_of_format_2_shows_no_owner_path_field_value_or_description_issue_12() {
    let env = Env::init();
    populated(&env);
    let bytes = env.vault_bytes();
    for needle in [
        "atlas",
        "project",
        "db-password",
        "prod-bucket",
        "Custom",
        "token",
        "db-first-value",
        "db-second-value",
        "AKIAEXAMPLEKEYID",
        "s3-secret-key-value",
        "eu-west-1",
        "access_key_id",
        "region",
        "bucket of the atlas deploys",
        "bob-token-value",
        PASSPHRASE,
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle:?} is readable in the vault file"
        );
    }
}

/// What `list` and `get DB` print on the intact vault.
struct Intact {
    list: String,
    get: String,
}

/// `verify` and a write must refuse `bytes` (exit 6), the write leaving the
/// file as it is. A read refuses them too (exit 6, nothing on stdout) unless
/// the damage lies in bytes it does not read: format 2 reads lazily, and
/// every part and page it reads is checked against the hash its record or
/// table pins (format2.md, threat test 10), so then it prints exactly what
/// it prints on the intact vault, never another value.
fn assert_refused(env: &Env, bytes: &[u8], intact: &Intact, what: &str) {
    std::fs::write(env.vault_path(), bytes).unwrap();
    for (args, want) in [(&["list"][..], &intact.list), (&["get", DB], &intact.get)] {
        let run = env.run(args);
        match run.code {
            6 => assert_eq!(run.stdout, "", "{what}: {args:?} printed {run:#?}"),
            0 => assert_eq!(&run.stdout, want, "{what}: {args:?} gave {run:#?}"),
            _ => panic!("{what}: {args:?} gave {run:#?}"),
        }
    }
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 6, "{what}: verify gave {run:#?}");
    assert_eq!(run.stdout, "", "{what}: verify printed {run:#?}");
    let run = env.run_stdin(&["add", "project/atlas/new"], "v");
    assert_eq!(run.code, 6, "{what}: add gave {run:#?}");
    assert_eq!(
        env.vault_bytes(),
        bytes,
        "{what}: a refused write changed the file"
    );
}

#[test]
fn any_changed_byte_truncation_or_appended_bytes_is_refused_issue_12() {
    let env = Env::init();
    populated(&env);
    let good = env.vault_bytes();
    let intact = Intact {
        list: env.ok(&["list"]).stdout,
        get: env.ok(&["get", DB]).stdout,
    };
    let seed: u64 = std::env::var("SESAME_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    println!("seed {seed} (SESAME_SEED={seed} replays it)");
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Flipped bits anywhere: 24 positions, the header's first 100 bytes
    // always among them.
    let mut positions: Vec<usize> = vec![0, 9, 10, 30, 60, 99];
    positions.extend((0..18).map(|_| (next() as usize) % good.len()));
    for pos in positions {
        let mut bad = good.clone();
        bad[pos] ^= 1 << (next() % 8);
        assert_refused(
            &env,
            &bad,
            &intact,
            &format!("bit flipped at {pos} (seed {seed})"),
        );
    }
    for cut in [1, 100, good.len() / 2, good.len() - 1] {
        assert_refused(&env, &good[..cut], &intact, &format!("truncated to {cut}"));
    }
    let mut longer = good.clone();
    longer.extend_from_slice(b"appended");
    assert_refused(&env, &longer, &intact, "appended bytes");
    // And the good file still reads.
    std::fs::write(env.vault_path(), &good).unwrap();
    assert_eq!(value_of(&env, DB), "db-second-value");
}

#[test]
fn an_older_copy_of_a_format_2_vault_is_refused_unless_allowed_issue_12() {
    let env = Env::init();
    env.add(DB, "first");
    let older = env.vault_bytes();
    env.add(BOB, "second");
    std::fs::write(env.vault_path(), &older).unwrap();
    env.test(&["list"])
        .status(8)
        .stderr_has("lacks 1 change(s) already seen here")
        .stderr_has("--allow-rollback")
        .run();
    let run = env.ok(&["list", "--allow-rollback", "--format", "ids"]);
    assert_eq!(run.stdout, format!("{DB}\n"));
    // A second checkout of the same vault (a clone elsewhere) is not a
    // rollback of the first.
    let clone = env.root().join("clone.sesame");
    std::fs::write(&clone, &older).unwrap();
    let run = crate::support::output({
        let mut cmd = env.cmd(&["list", "--format", "ids"]);
        cmd.env("SESAME_VAULT", &clone);
        cmd
    });
    assert_eq!(run.success().stdout, format!("{DB}\n"));
}

// ---------------------------------------------------------------------------
// Sessions and passwd on format 2
// ---------------------------------------------------------------------------

fn token(env: &Env) -> String {
    env.ok(&["unlock", "--raw"]).stdout.trim().to_string()
}

#[test]
fn a_session_opens_format_2_without_the_passphrase_until_lock_issue_12() {
    let env = Env::init();
    env.add(DB, "value");
    let token = token(&env);
    let with_session = |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_SESSION", &token)
            .env_remove("SESAME_PASSPHRASE");
        crate::support::output(cmd)
    };
    assert_eq!(with_session(&["get", DB]).success().stdout, "value\n");
    let sessions = env.root().join("runtime/sesame/sessions");
    let files: Vec<PathBuf> = std::fs::read_dir(&sessions)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    let saved: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|f| (f.clone(), std::fs::read(f).unwrap()))
        .collect();
    env.ok(&["lock"]);
    let run = with_session(&["get", DB]);
    assert_eq!(run.code, 5, "{run:#?}");
    // A copy of the session file put back after `lock` is dead too: the
    // member's session epoch moved on.
    for (f, bytes) in &saved {
        std::fs::write(f, bytes).unwrap();
    }
    let run = with_session(&["get", DB]);
    assert_eq!(run.code, 5, "{run:#?}");
    assert!(run.stderr.contains("ended by `sesame lock`"), "{run:#?}");
}

#[test]
fn passwd_on_format_2_replaces_the_members_passphrase_issue_12() {
    let env = Env::init();
    env.add(DB, "value");
    let new = crate::support::pass_file(&env, "new", "a new passphrase\n");
    env.ok(&["passwd", "--new-passphrase-file", new.to_str().unwrap()]);
    env.test(&["get", DB])
        .status(5)
        .stderr_has("wrong passphrase")
        .run();
    let mut cmd = env.cmd(&["get", DB]);
    cmd.env("SESAME_PASSPHRASE", "a new passphrase");
    assert_eq!(crate::support::output(cmd).success().stdout, "value\n");
}

// ---------------------------------------------------------------------------
// sesame upgrade
// ---------------------------------------------------------------------------

fn v1_populated() -> Env {
    let env = Env::init_v1();
    populated(&env);
    env
}

fn backup_of(env: &Env) -> PathBuf {
    env.root().join("vault.sesame.v1.bak")
}

/// What the user sees of every secret: the JSON listing (without this
/// machine's last-read times, which are journal, not vault) and every
/// version's value.
fn everything(env: &Env) -> (serde_json::Value, Vec<String>) {
    let mut listed = env.ok(&["list", "--format", "json"]).json();
    for s in listed.as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("last_read");
    }
    let mut values = Vec::new();
    for s in listed.as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        for v in crate::support::history(env, id, &[]) {
            let n = v["version"].as_u64().unwrap() as u32;
            values.push(format!("{id}@{n}={}", crate::support::value_at(env, id, n)));
        }
    }
    (listed, values)
}

#[test]
fn upgrade_keeps_every_secret_and_the_passphrase_and_a_0600_backup_issue_12() {
    let env = v1_populated();
    let before = everything(&env);
    let v1_bytes = env.vault_bytes();
    let run = env.ok(&["upgrade", "--member", "alice"]);
    assert!(
        run.stderr
            .contains("to format 2: 3 secrets of 2 owners, member alice (a vault owner)"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("vault.sesame.v1.bak"), "{run:#?}");
    assert_eq!(format_of(&env), 2);
    assert_eq!(everything(&env), before);
    assert_eq!(std::fs::read(backup_of(&env)).unwrap(), v1_bytes);
    assert_eq!(mode_of(&backup_of(&env)), 0o600);
    assert_eq!(mode_of(&env.vault_path()), 0o600);
    // The new vault takes writes; a second upgrade does nothing.
    env.run_stdin(&["rotate", DB], "db-third-value").success();
    let after = env.vault_bytes();
    env.test(&["upgrade"])
        .stderr_has("is format 2 already; nothing to do")
        .run();
    assert_eq!(env.vault_bytes(), after);
}

#[test]
fn upgrade_needs_the_passphrase_not_a_session_issue_12() {
    let env = v1_populated();
    let token = token(&env);
    let mut cmd = env.cmd(&["upgrade"]);
    cmd.env("SESAME_SESSION", &token)
        .env_remove("SESAME_PASSPHRASE");
    crate::support::without_terminal(&mut cmd);
    let run = crate::support::output(cmd);
    assert_eq!(run.code, 5, "{run:#?}");
    assert_eq!(format_of(&env), 1);
    assert!(!backup_of(&env).exists());
}

#[test]
fn upgrade_refuses_to_replace_a_backup_that_is_not_this_vault_issue_12() {
    let env = v1_populated();
    std::fs::write(backup_of(&env), b"the user's own file").unwrap();
    let before = env.vault_bytes();
    env.test(&["upgrade"]).status(4).stderr_has("v1.bak").run();
    assert_eq!(env.vault_bytes(), before);
    assert_eq!(
        std::fs::read(backup_of(&env)).unwrap(),
        b"the user's own file"
    );
}

#[test]
fn an_upgrade_killed_at_any_step_leaves_a_vault_that_opens_with_the_same_passphrase_issue_12() {
    // The backup is the first atomic write and the vault the second.
    let points = [
        "temp-written#1",
        "before-rename#1",
        "after-rename#1",
        "backup-written",
        "temp-written#2",
        "before-rename#2",
        "after-rename#2",
    ];
    for point in points {
        let env = v1_populated();
        let before = everything(&env);
        let mut cmd = env.cmd(&["upgrade"]);
        cmd.env("SESAME_FAILPOINT", format!("{point}:abort"));
        let run = run_with_stdin(cmd, b"");
        assert_ne!(run.code, 0, "{point}: the failpoint did not fire: {run:#?}");
        let format = format_of(&env);
        assert_eq!(
            everything(&env),
            before,
            "killed at {point} (format {format})"
        );
        // Running it again finishes the job, whatever was left.
        env.ok(&["upgrade"]);
        assert_eq!(format_of(&env), 2, "{point}");
        assert_eq!(
            everything(&env),
            before,
            "{point}: after the second upgrade"
        );
        let names: Vec<String> = std::fs::read_dir(env.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("vault.sesame") && !n.ends_with(".lock"))
            .collect();
        let mut names = names;
        names.sort();
        assert_eq!(
            names,
            ["vault.sesame", "vault.sesame.v1.bak"],
            "{point}: temp files left"
        );
    }
}

#[test]
fn the_golden_format_1_vault_upgrades_to_the_same_listing_and_values_issue_12() {
    let env = Env::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v1.sesame");
    std::fs::copy(&src, env.vault_path()).unwrap();
    crate::support::set_mode(&env.vault_path(), 0o600);
    let golden = |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_PASSPHRASE", "golden passphrase");
        crate::support::output(cmd)
    };
    let list = |run: Run| {
        let mut v = run.success().json();
        for s in v.as_array_mut().unwrap() {
            s.as_object_mut().unwrap().remove("last_read");
        }
        v
    };
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v1.list.json"),
        )
        .unwrap(),
    )
    .unwrap();
    golden(&["upgrade", "--member", "golden"]).success();
    assert_eq!(list(golden(&["list", "--format", "json"])), {
        let mut e = expected.clone();
        for s in e.as_array_mut().unwrap() {
            s.as_object_mut().unwrap().remove("last_read");
        }
        e
    });
    assert_eq!(
        golden(&["get", "user/alice/connect/ContainerRegistry/ghcr#password"])
            .success()
            .stdout,
        "golden-token\n"
    );
}

#[test]
fn the_golden_format_2_vault_still_reads_issue_12() {
    // tests/data/golden-v2.sesame is the golden format-1 vault as `sesame
    // upgrade --member golden` converted it: a later release must read it
    // as this one does.
    let env = Env::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v2.sesame");
    std::fs::copy(&src, env.vault_path()).unwrap();
    crate::support::set_mode(&env.vault_path(), 0o600);
    let golden = |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_PASSPHRASE", "golden passphrase");
        crate::support::output(cmd)
    };
    let mut listed = golden(&["list", "--format", "json"]).success().json();
    let mut expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v1.list.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for v in [&mut listed, &mut expected] {
        for s in v.as_array_mut().unwrap() {
            s.as_object_mut().unwrap().remove("last_read");
        }
    }
    assert_eq!(listed, expected);
    assert_eq!(
        golden(&["get", "organization/acme/secret/Custom/slack-token"])
            .success()
            .stdout,
        "multi\nline\nvalue ünïcödé\n"
    );
    assert_eq!(
        golden(&[
            "get",
            "project/atlas/secret/Custom/db-password",
            "--version",
            "1"
        ])
        .success()
        .stdout,
        "first\n"
    );
    golden(&["verify"]).success();
}

// ---------------------------------------------------------------------------
// Identity files
// ---------------------------------------------------------------------------

fn with_identity(env: &Env, identity: &Path, args: &[&str], input: &str) -> Run {
    let mut cmd = env.cmd(args);
    cmd.env("SESAME_IDENTITY", identity)
        .env_remove("SESAME_PASSPHRASE");
    crate::support::without_terminal(&mut cmd);
    run_with_stdin(cmd, input.as_bytes())
}

#[test]
fn an_age_identity_from_age_keygen_unlocks_its_member_and_another_is_exit_5_issue_12() {
    let env = Env::new();
    let (key, recipient) = age_key(&env, "alice.age");
    let mut init = vec!["init", "--member", "alice", "--recipient", &recipient];
    init.extend(FAST_KDF);
    let mut cmd = env.cmd(&init);
    cmd.env_remove("SESAME_PASSPHRASE");
    crate::support::output(cmd).success();
    with_identity(&env, &key, &["add", DB], "from-age").success();
    assert_eq!(
        with_identity(&env, &key, &["get", DB], "").success().stdout,
        "from-age\n"
    );
    // --identity on the command line does the same.
    let mut cmd = env.cmd(&["get", DB, "--identity", key.to_str().unwrap()]);
    cmd.env_remove("SESAME_PASSPHRASE");
    assert_eq!(crate::support::output(cmd).success().stdout, "from-age\n");
    let (other, _) = age_key(&env, "mallory.age");
    let run = with_identity(&env, &other, &["get", DB], "");
    assert_eq!(run.code, 5, "{run:#?}");
    assert!(run.stderr.contains("does not open this vault"), "{run:#?}");
    assert_eq!(run.stdout, "");
    // No passphrase opens a vault whose only member has an age slot.
    env.test(&["get", DB]).status(5).run();
}

#[test]
fn an_openssh_ed25519_key_from_ssh_keygen_unlocks_its_member_issue_12() {
    let env = Env::new();
    let key = env.root().join("id_ed25519");
    tool(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "bob@laptop",
            "-f",
            key.to_str().unwrap(),
        ],
    );
    let public = key.with_extension("pub");
    let mut cmd = env.cmd(&[
        "init",
        "--member",
        "bob",
        "--recipient",
        public.to_str().unwrap(),
    ]);
    cmd.env_remove("SESAME_PASSPHRASE");
    crate::support::output(cmd).success();
    with_identity(&env, &key, &["add", BOB], "from-ssh").success();
    assert_eq!(
        with_identity(&env, &key, &["get", BOB], "")
            .success()
            .stdout,
        "from-ssh\n"
    );
    let other = env.root().join("other");
    tool(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(with_identity(&env, &other, &["get", BOB], "").code, 5);
}

#[test]
fn a_recipient_that_is_not_one_is_a_usage_error_issue_12() {
    let env = Env::new();
    env.test(&["init", "--recipient", "age1notarecipient"])
        .status(2)
        .stderr_has("not a recipient")
        .run();
    assert!(!env.vault_path().exists());
}

#[test]
fn passwd_rekey_on_format_2_keeps_everything_and_retires_the_old_keys_issue_12() {
    let env = Env::init();
    populated(&env);
    let (bob_key, bob) = age_key(&env, "bob.age");
    env.ok(&["member", "add", "bob", "--recipient", &bob]);
    env.ok(&["grant", "bob", "project/atlas", "read"]);
    let (extra_key, extra) = age_key(&env, "alice-extra.age");
    env.ok(&["member", "slot", "add", "--recipient", &extra]);
    let before = everything(&env);
    let token = token(&env);
    let new = crate::support::pass_file(&env, "new", "rekeyed passphrase\n");
    let run = env.ok(&[
        "passwd",
        "--rekey",
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ]);
    assert!(run.stderr.contains("replaced your keys"), "{run:#?}");
    env.test(&["list"]).status(5).run();
    let as_new = |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_PASSPHRASE", "rekeyed passphrase");
        crate::support::output(cmd)
    };
    let mut listed = as_new(&["list", "--format", "json"]).success().json();
    for s in listed.as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("last_read");
    }
    assert_eq!(listed, before.0);
    assert_eq!(
        as_new(&["get", DB, "--version", "1"]).success().stdout,
        "db-first-value\n"
    );
    // The age slot was made again for the new keys; bob still reads.
    assert_eq!(
        with_identity(&env, &extra_key, &["get", BOB], "")
            .success()
            .stdout,
        "bob-token-value\n"
    );
    assert_eq!(
        with_identity(&env, &bob_key, &["get", &format!("{S3}#region")], "")
            .success()
            .stdout,
        "eu-west-1\n"
    );
    // The session made before is over.
    let mut cmd = env.cmd(&["get", DB]);
    cmd.env("SESAME_SESSION", &token)
        .env_remove("SESAME_PASSPHRASE");
    crate::support::without_terminal(&mut cmd);
    assert_eq!(crate::support::output(cmd).code, 5);
    as_new(&["verify"]).success();
}

#[test]
fn a_key_file_finds_its_member_whatever_the_login_name_issue_12() {
    let env = Env::new();
    let mut init = vec!["init", "--member", "alice"];
    init.extend(FAST_KDF);
    env.ok(&init);
    env.add(DB, "shared value");
    let (bob_key, bob) = age_key(&env, "bob.age");
    env.ok(&["member", "add", "bob", "--recipient", &bob]);
    env.ok(&["grant", "bob", "project/atlas", "read"]);
    // Logged in as alice: bob's key file still opens bob (the login name
    // picks a passphrase slot, D9).
    let mut cmd = env.cmd(&["list", "--format", "ids"]);
    cmd.env("SESAME_IDENTITY", &bob_key)
        .env("USER", "alice")
        .env_remove("SESAME_PASSPHRASE");
    crate::support::without_terminal(&mut cmd);
    assert_eq!(
        crate::support::output(cmd).success().stdout,
        format!("{DB}\n")
    );
}

/// The last-read times (`audit --unused-for`, `list`'s `last_read`) live
/// outside the file under labels keyed from the vault's key; `upgrade` and
/// `passwd --rekey` change that key and carry the times over.
#[test]
fn last_read_times_survive_upgrade_and_rekey_issue_12() {
    let env = Env::init_v1();
    env.add(DB, "first");
    env.add(S3, r#"{"access_key_id":"AKIA","secret_access_key":"s"}"#);
    env.ok(&["get", DB]);
    let last_read = |env: &Env| -> Vec<(String, serde_json::Value)> {
        env.ok(&["list", "--format", "json"])
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["id"].as_str().unwrap().to_string(),
                    s["last_read"].clone(),
                )
            })
            .collect()
    };
    let before = last_read(&env);
    assert!(
        before.iter().any(|(id, t)| id == DB && t.is_string()),
        "{before:?}"
    );
    assert!(
        before.iter().any(|(id, t)| id == S3 && t.is_null()),
        "{before:?}"
    );
    env.ok(&["upgrade"]);
    assert_eq!(last_read(&env), before);
    let new = env.root().join("new-pass");
    std::fs::write(&new, "another passphrase\n").unwrap();
    crate::support::set_mode(&new, 0o600);
    env.ok(&[
        "passwd",
        "--rekey",
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ]);
    let after = env
        .cmd(&["list", "--format", "json"])
        .env("SESAME_PASSPHRASE", "another passphrase")
        .output()
        .unwrap();
    let after: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    let after: Vec<(String, serde_json::Value)> = after
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["last_read"].clone(),
            )
        })
        .collect();
    assert_eq!(after, before);
}

/// A record names at most 255 scope tags; an import (or an upgrade) that
/// touches more owners than one record holds is written as several
/// records in the one atomic file write, and everything arrives.
#[test]
fn an_import_or_upgrade_of_hundreds_of_owners_arrives_whole_issue_12() {
    let doc: Vec<serde_json::Value> = (0..300)
        .map(|i| serde_json::json!({"id": format!("project/p{i:03}/secret/Custom/k"), "value": format!("v{i}")}))
        .collect();
    let doc = serde_json::Value::Array(doc).to_string();
    let env = Env::init();
    env.run_stdin(&["import", "--format", "json"], &doc)
        .success();
    let ids = env.ok(&["list", "--format", "ids"]).stdout;
    assert_eq!(ids.lines().count(), 300, "{ids}");
    for i in [0, 126, 127, 128, 254, 255, 299] {
        assert_eq!(
            value_of(&env, &format!("project/p{i:03}/secret/Custom/k")),
            format!("v{i}")
        );
    }
    env.ok(&["verify"]);

    let v1 = Env::init_v1();
    v1.run_stdin(&["import", "--format", "json"], &doc)
        .success();
    v1.ok(&["upgrade"]);
    assert!(
        v1.ok(&["info"]).stdout.contains("format version: 2\n"),
        "upgraded to format 2"
    );
    assert_eq!(v1.ok(&["list", "--format", "ids"]).stdout, ids);
    assert_eq!(value_of(&v1, "project/p299/secret/Custom/k"), "v299");
    v1.ok(&["verify"]);
}

/// An import of thousands of secrets under one owner is several records
/// of at most 1,024 values (a `get` reads one record's head, not one that
/// lists every value), all in one write; upgrade cuts the same way.
#[test]
fn an_import_of_thousands_under_one_owner_is_records_of_a_thousand_values_issue_12() {
    let generation = |env: &Env| -> u64 {
        let info = env.ok(&["info"]).stdout;
        info.lines()
            .find_map(|l| l.strip_prefix("generation:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no generation line in {info}"))
    };
    let doc: Vec<serde_json::Value> = (0..2500)
        .map(|i| serde_json::json!({"id": format!("user/me/k{i:04}"), "value": format!("v{i}")}))
        .collect();
    let doc = serde_json::Value::Array(doc).to_string();
    let env = Env::init();
    let before = generation(&env);
    env.run_stdin(&["import", "--format", "json"], &doc)
        .success();
    assert_eq!(generation(&env) - before, 3, "2,500 values: three records");
    assert_eq!(
        env.ok(&["list", "--format", "ids"]).stdout.lines().count(),
        2500
    );
    for i in [0, 1023, 1024, 2047, 2048, 2499] {
        assert_eq!(value_of(&env, &format!("user/me/k{i:04}")), format!("v{i}"));
    }
    env.ok(&["verify"]);

    let v1 = Env::init_v1();
    v1.run_stdin(&["import", "--format", "json"], &doc)
        .success();
    v1.ok(&["upgrade"]);
    assert_eq!(value_of(&v1, "user/me/k2499"), "v2499");
    assert_eq!(value_of(&v1, "user/me/k1024"), "v1024");
    v1.ok(&["verify"]);
}

/// A write copies the bytes it does not read from the old file, and checks
/// each on the way: damage only in another secret's value (a `get` of that
/// one fails, a `get` of the one being rotated works) makes the rotate exit
/// 6, leave the vault byte for byte as it was, and leave no file beside it.
#[test]
fn a_write_refuses_to_copy_damage_it_did_not_read_issue_12() {
    let env = Env::init();
    let other = "project/atlas/secret/Custom/other";
    env.add(DB, "db-value");
    env.add(other, "other-value");
    let original = env.vault_bytes();
    let beside = crate::threats::dir_names(env.root());
    let mut found = 0;
    // Values sit in the records, before the checkpoints and pages at the
    // end: walk the file from its middle until three such flips are found.
    for offset in (original.len() / 4..original.len()).step_by(5) {
        let mut bytes = original.clone();
        bytes[offset] ^= 0x01;
        std::fs::write(env.vault_path(), &bytes).unwrap();
        if env.run(&["get", other]).code != 6 || env.run(&["get", DB]).code != 0 {
            continue;
        }
        env.run_stdin(&["rotate", DB], "db-value-2")
            .fails(6)
            .stderr_has("do not match their hashes")
            .never_shows("other-value");
        assert!(
            env.vault_bytes() == bytes,
            "offset {offset}: the vault changed"
        );
        assert_eq!(
            crate::threats::dir_names(env.root()),
            beside,
            "offset {offset}"
        );
        found += 1;
        if found == 3 {
            break;
        }
    }
    assert_eq!(found, 3, "flips that damage only the other secret's value");
    std::fs::write(env.vault_path(), &original).unwrap();
    env.run_stdin(&["rotate", DB], "db-value-2").success();
    assert_eq!(value_of(&env, DB), "db-value-2");
}

/// The vault library names what would help and the command line words it
/// with its own commands (issue 12: the library has its own error type and
/// suggests no shell command): each piece of the vault's advice reaches
/// the user as a hint, with the exit code of the vault's error kind.
#[test]
fn the_vault_s_advice_reaches_the_user_as_a_hint_naming_the_command_issue_12() {
    let env = Env::init();
    env.test(&["list"])
        .env("SESAME_MEMBER", "nosuch")
        .status(5)
        .stderr_has("sesame: error: no member called \"nosuch\" in this vault")
        .stderr_has("hint: `sesame member list` shows the members")
        .run();
    env.test(&["member", "slot", "rm", "zzzz"])
        .status(2)
        .stderr_has("no slot of yours matches \"zzzz\"")
        .stderr_has("hint: `sesame whoami` lists your slots")
        .vault_unchanged()
        .run();

    let old = Env::init_v1();
    old.test(&["member", "list"])
        .status(2)
        .stderr_has("this vault is format 1: members, grants and sync need format 2")
        .stderr_has("hint: run `sesame upgrade` to convert it")
        .run();
    // (`upgrade` always asks the passphrase sources, never a session: the
    // advice for a session is the library's, tested in src/error.rs.)
    old.test(&["upgrade"])
        .env("SESAME_SESSION", old.ok(&["unlock", "--raw"]).stdout.trim())
        .run();
    assert_eq!(format_of(&old), 2);
}

/// A session that no longer opens the vault, with no other way to unlock:
/// the error says both, and the hint is the one the passphrase sources
/// gave (how to start a session or name a source), on either format.
#[test]
fn an_unusable_session_without_a_fallback_says_both_on_either_format_issue_12() {
    for env in [Env::init(), Env::init_v1()] {
        env.add(DB, "db-first-value");
        let session = env.ok(&["unlock", "--raw"]).stdout.trim().to_string();
        env.ok(&["lock"]);
        // (The warning comes first: no `status`, which wants the error
        // first; the code is checked below.)
        let mut cmd = env.cmd(&["get", DB]);
        cmd.env("SESAME_SESSION", &session)
            .env_remove("SESAME_PASSPHRASE");
        crate::support::without_terminal(&mut cmd);
        let run = crate::support::output(cmd);
        assert_eq!((run.code, run.stdout.as_str()), (5, ""), "{run:#?}");
        let run = run
            .stderr_has("sesame: warning: the session is not usable")
            .stderr_has("sesame: error: no passphrase source: not on a terminal, and none was configured (and the session in SESAME_SESSION is not usable: ")
            .stderr_has("hint: start a session with `eval \"$(sesame unlock)\"` at a terminal");
        assert!(!run.stderr.contains("db-first-value"), "{run:#?}");
        // A passphrase that is wrong: the vault's own refusal, which has
        // no advice, gets the one for a session.
        let mut cmd = env.cmd(&["get", DB]);
        cmd.env("SESAME_SESSION", &session)
            .env("SESAME_PASSPHRASE", "not the passphrase");
        let run = crate::support::output(cmd);
        assert_eq!((run.code, run.stdout.as_str()), (5, ""), "{run:#?}");
        run.stderr_has("(and the session in SESAME_SESSION is not usable: ")
            .stderr_has("hint: run `eval \"$(sesame unlock)\"` to start a new session");
    }
}
