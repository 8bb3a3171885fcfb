//! `sesame rotate` (issue 3): a new version from the same sources as `add`,
//! the type and description kept, partial rotations of `s3` and `registry`
//! secrets, and every way a rotation is refused (each refusal leaves the
//! vault byte-identical and shows no value).

use crate::support::{Env, Run, meta, value_at, value_of};

const VAR: &str = "project/atlas/secret/Custom/api-key";
const S3: &str = "project/atlas/connect/S3/prod";
const REG: &str = "project/atlas/connect/ContainerRegistry/ghcr";

const S3_JSON: &str = r#"{"access_key_id":"AKIA1","secret_access_key":"sk1","region":"eu-west-1"}"#;
const REG_JSON: &str = r#"{"server":"ghcr.io","username":"ci-bot","password":"pw1"}"#;

/// A vault holding `VAR` = `first-value`, the s3 secret `S3` and the
/// registry secret `REG`, each at version 1.
fn vault() -> Env {
    let env = Env::init();
    env.add(VAR, "first-value");
    env.run_stdin(&["add", S3], S3_JSON).success();
    env.run_stdin(&["add", REG], REG_JSON).success();
    env
}

/// Runs a rotation that must succeed, and checks what it prints: nothing on
/// stdout, `rotated ID (version N)` on stderr, and never the new value.
fn rotated(env: &Env, args: &[&str], input: &[u8], id: &str, version: u32, secret: &str) -> Run {
    let run = env.run_stdin(args, input).success();
    assert!(run.stdout.is_empty(), "rotate printed data: {run:#?}");
    let notice = format!("rotated {id} (version {version})");
    assert!(
        run.stderr.contains(&notice),
        "stderr lacks {notice:?}: {run:#?}"
    );
    run.never_shows(secret)
}

// ---- variable ---------------------------------------------------------------

#[test]
fn rotate_from_stdin_makes_version_2_and_keeps_version_1() {
    let env = vault();
    rotated(
        &env,
        &["rotate", VAR],
        b"second-value\n",
        VAR,
        2,
        "second-value",
    );
    assert_eq!(value_of(&env, VAR), "second-value");
    assert_eq!(value_at(&env, VAR, 1), "first-value");
    assert_eq!(value_at(&env, VAR, 2), "second-value");
    assert_eq!(meta(&env, VAR)["version"], 2);
    rotated(&env, &["rotate", VAR], b"third\r\n", VAR, 3, "third");
    assert_eq!(value_of(&env, VAR), "third");
    assert_eq!(value_at(&env, VAR, 2), "second-value");
}

#[test]
fn rotate_from_stdin_strips_exactly_one_trailing_newline() {
    let env = vault();
    env.run_stdin(&["rotate", VAR], "two\n\n").success();
    assert_eq!(value_of(&env, VAR), "two\n");
}

#[test]
fn rotate_of_a_variable_stores_json_looking_input_as_text() {
    let env = vault();
    env.run_stdin(&["rotate", VAR], r#"{"value":"not parsed"}"#)
        .success();
    assert_eq!(value_of(&env, VAR), r#"{"value":"not parsed"}"#);
}

#[test]
fn rotate_quiet_prints_nothing_at_all() {
    let env = vault();
    let run = env
        .run_stdin(&["-q", "rotate", VAR], "quiet-value")
        .success();
    assert!(
        run.stdout.is_empty() && run.stderr.is_empty(),
        "-q rotate printed: {run:#?}"
    );
    assert_eq!(value_of(&env, VAR), "quiet-value");
}

#[test]
fn rotate_from_file_keeps_the_content_exactly_and_wins_over_stdin() {
    let env = vault();
    let pem = "-----BEGIN KEY-----\nBBBB\n-----END KEY-----\n";
    let file = env.write_file("key.pem", pem);
    rotated(
        &env,
        &["rotate", VAR, "--from-file", file.to_str().unwrap()],
        b"from-stdin",
        VAR,
        2,
        "BBBB",
    );
    assert_eq!(value_of(&env, VAR), pem);
}

#[test]
fn rotate_generate_uses_length_and_charset() {
    let env = vault();
    rotated(
        &env,
        &[
            "rotate",
            VAR,
            "--generate",
            "--length",
            "40",
            "--charset",
            "hex",
        ],
        b"",
        VAR,
        2,
        "first-value",
    );
    let v = value_of(&env, VAR);
    assert_eq!(v.len(), 40, "{v:?}");
    assert!(v.chars().all(|c| c.is_ascii_hexdigit()), "{v:?}");

    env.ok(&["rotate", VAR, "--generate"]);
    let w = value_of(&env, VAR);
    assert_eq!(w.len(), 32, "default length: {w:?}");
    assert!(w.chars().all(|c| c.is_ascii_alphanumeric()), "{w:?}");
    assert_ne!(v, w);
    assert_eq!(meta(&env, VAR)["version"], 3);
    assert_eq!(value_at(&env, VAR, 2), v);
}

#[test]
fn rotate_keeps_type_created_and_description() {
    let env = Env::init();
    let id = "project/atlas/secret/Custom/described";
    env.run_stdin(&["add", id, "--description", "Slack bot token"], "v1-value")
        .success();
    // A variable at an s3-looking path, by `--type`: rotate must not re-infer.
    let odd = "project/atlas/connect/S3/plain-text";
    env.run_stdin(&["add", "--type", "variable", odd], "plain-1")
        .success();
    let before = meta(&env, id);

    env.run_stdin(&["rotate", id], "v2-value").success();
    let after = meta(&env, id);
    assert_eq!(after["version"], 2, "{after}");
    assert_eq!(after["type"], "variable", "{after}");
    assert_eq!(after["description"], "Slack bot token", "{after}");
    assert_eq!(after["created"], before["created"], "created changed");

    env.run_stdin(&["rotate", odd], "plain-2").success();
    let json = meta(&env, odd);
    assert_eq!(json["type"], "variable", "{json}");
    assert_eq!(json["value"], "plain-2", "{json}");
}

#[test]
fn rotate_description_replaces_the_description() {
    let env = Env::init();
    let id = "project/atlas/secret/Custom/described";
    env.run_stdin(&["add", id, "--description", "old words"], "v1")
        .success();
    env.run_stdin(&["rotate", id, "--description", "new words"], "v2")
        .success();
    let json = meta(&env, id);
    assert_eq!(json["description"], "new words", "{json}");
    assert_eq!(json["value"], "v2", "{json}");
    // And a later rotation without `--description` keeps the new one.
    env.run_stdin(&["rotate", id], "v3").success();
    assert_eq!(meta(&env, id)["description"], "new words");
}

#[test]
fn rotate_with_allow_empty_stores_an_empty_value() {
    let env = vault();
    env.run_stdin(&["rotate", "--allow-empty", VAR], "")
        .success();
    assert_eq!(value_of(&env, VAR), "");
    assert_eq!(meta(&env, VAR)["version"], 2);
}

#[test]
fn rotate_with_the_default_owner() {
    let env = vault();
    env.run_stdin(
        &[
            "--owner",
            "project/atlas",
            "rotate",
            "secret/Custom/api-key",
        ],
        "owner-value",
    )
    .success();
    assert_eq!(value_of(&env, VAR), "owner-value");
}

// ---- s3 and registry ----------------------------------------------------

#[test]
fn rotate_s3_with_a_field_and_the_bare_secret_on_stdin_keeps_the_rest() {
    let env = vault();
    rotated(
        &env,
        &["rotate", S3, "--field", "region=us-east-1"],
        b"sk2\n",
        S3,
        2,
        "sk2",
    );
    assert_eq!(
        value_of(&env, S3),
        r#"{"access_key_id":"AKIA1","secret_access_key":"sk2","region":"us-east-1"}"#
    );
    assert_eq!(value_at(&env, S3, 1), S3_JSON);
    assert_eq!(meta(&env, S3)["type"], "s3");
}

#[test]
fn rotate_s3_with_a_partial_json_object_keeps_the_other_fields() {
    let env = vault();
    rotated(
        &env,
        &["rotate", S3],
        br#"{"secret_access_key":"sk3"}"#,
        S3,
        2,
        "sk3",
    );
    assert_eq!(
        value_of(&env, S3),
        r#"{"access_key_id":"AKIA1","secret_access_key":"sk3","region":"eu-west-1"}"#
    );
    // A partial object may also change a non-secret field and add an
    // optional one.
    env.run_stdin(
        &["rotate", S3],
        r#"{"access_key_id":"AKIA2","bucket":"atlas-prod"}"#,
    )
    .success();
    assert_eq!(
        value_of(&env, S3),
        r#"{"access_key_id":"AKIA2","secret_access_key":"sk3","region":"eu-west-1","bucket":"atlas-prod"}"#
    );
    assert_eq!(value_at(&env, S3, 1), S3_JSON);
    assert_eq!(meta(&env, S3)["version"], 3);
}

#[test]
fn rotate_s3_bare_secret_from_a_file() {
    let env = vault();
    let file = env.write_file("sk.txt", "sk-from-file");
    env.ok(&["rotate", S3, "--from-file", file.to_str().unwrap()]);
    assert_eq!(
        env.ok(&["get", "-n", &format!("{S3}#secret_access_key")])
            .stdout,
        "sk-from-file"
    );
    assert_eq!(
        env.ok(&["get", "-n", &format!("{S3}#region")]).stdout,
        "eu-west-1"
    );
}

#[test]
fn rotate_s3_generate_makes_a_new_secret_field_only() {
    let env = vault();
    rotated(
        &env,
        &["rotate", S3, "--generate", "--length", "48"],
        b"",
        S3,
        2,
        "sk1",
    );
    let json = meta(&env, S3);
    let fields = &json["fields"];
    assert_eq!(fields["access_key_id"], "AKIA1", "{json}");
    assert_eq!(fields["region"], "eu-west-1", "{json}");
    let sk = fields["secret_access_key"].as_str().unwrap();
    assert_eq!(sk.len(), 48, "{json}");
    assert!(sk.chars().all(|c| c.is_ascii_alphanumeric()), "{json}");
}

#[test]
fn rotate_registry_with_the_bare_password_or_a_partial_object() {
    let env = vault();
    rotated(&env, &["rotate", REG], b"pw2\n", REG, 2, "pw2");
    assert_eq!(
        value_of(&env, REG),
        r#"{"server":"ghcr.io","username":"ci-bot","password":"pw2"}"#
    );
    rotated(
        &env,
        &["rotate", REG, "--field", "username=robot"],
        b"pw3",
        REG,
        3,
        "pw3",
    );
    assert_eq!(
        value_of(&env, REG),
        r#"{"server":"ghcr.io","username":"robot","password":"pw3"}"#
    );
    rotated(
        &env,
        &["rotate", REG],
        br#"{"password":"pw4"}"#,
        REG,
        4,
        "pw4",
    );
    assert_eq!(
        value_of(&env, REG),
        r#"{"server":"ghcr.io","username":"robot","password":"pw4"}"#
    );
    assert_eq!(value_at(&env, REG, 1), REG_JSON);
    assert_eq!(meta(&env, REG)["type"], "registry");
}

// ---- refusals -----------------------------------------------------------

#[test]
fn rotate_of_a_missing_secret_exits_3_and_creates_nothing() {
    let env = vault();
    let missing = "project/atlas/secret/Custom/nope";
    env.test(&["rotate", missing])
        .stdin(b"nope-value")
        .status(3)
        .vault_unchanged()
        .never_shows("nope-value")
        .run();
    env.run(&["get", missing]).fails(3);
    env.test(&["rotate", "project/other/connect/S3/prod"])
        .stdin(b"sk-other")
        .status(3)
        .vault_unchanged()
        .never_shows("sk-other")
        .run();
}

#[test]
fn rotate_of_a_malformed_id_exits_2() {
    let env = vault();
    env.test(&["rotate", "team/atlas/secret/Custom/x"])
        .stdin(b"bad-id-value")
        .status(2)
        .vault_unchanged()
        .never_shows("bad-id-value")
        .run();
    env.test(&["rotate", "project/atlas/secret/../api-key"])
        .stdin(b"bad-id-value")
        .status(2)
        .vault_unchanged()
        .never_shows("bad-id-value")
        .run();
}

#[test]
fn rotate_refuses_empty_input_with_exit_2() {
    let env = vault();
    env.test(&["rotate", VAR])
        .stdin(b"")
        .status(2)
        .vault_unchanged()
        .never_shows("first-value")
        .run();
    env.test(&["rotate", VAR])
        .stdin(b"\n")
        .status(2)
        .vault_unchanged()
        .never_shows("first-value")
        .run();
    // No stdin at all (the harness's null stdin) is empty too.
    let before = env.vault_bytes();
    env.run(&["rotate", VAR]).fails(2);
    assert!(env.vault_bytes() == before);
    env.test(&["rotate", S3])
        .stdin(b"")
        .status(2)
        .vault_unchanged()
        .never_shows("sk1")
        .run();
    env.test(&["rotate", REG])
        .stdin(b"\n")
        .status(2)
        .vault_unchanged()
        .never_shows("pw1")
        .run();
    assert_eq!(value_of(&env, VAR), "first-value");
    assert_eq!(meta(&env, VAR)["version"], 1);
}

#[test]
fn rotate_refuses_an_unknown_field_in_json_with_exit_2() {
    let env = vault();
    env.test(&["rotate", S3])
        .stdin(br#"{"secret_access_key":"sk-unknown","colour":"red"}"#)
        .status(2)
        .vault_unchanged()
        .never_shows("sk-unknown")
        .run();
    env.test(&["rotate", REG])
        .stdin(br#"{"password":"pw-unknown","token":"t"}"#)
        .status(2)
        .vault_unchanged()
        .never_shows("pw-unknown")
        .run();
    assert_eq!(value_of(&env, S3), S3_JSON);
    assert_eq!(value_of(&env, REG), REG_JSON);
}

#[test]
fn rotate_refuses_invalid_json_with_exit_2() {
    let env = vault();
    env.test(&["rotate", S3])
        .stdin(br#"{"secret_access_key":"sk-broken""#)
        .status(2)
        .vault_unchanged()
        .never_shows("sk-broken")
        .run();
    env.test(&["rotate", REG])
        .stdin(br#"{"password": pw-bare}"#)
        .status(2)
        .vault_unchanged()
        .never_shows("pw-bare")
        .run();
    // A field that is not a string is invalid too.
    env.test(&["rotate", S3])
        .stdin(br#"{"secret_access_key":12345678}"#)
        .status(2)
        .vault_unchanged()
        .never_shows("12345678")
        .run();
    assert_eq!(value_of(&env, S3), S3_JSON);
}

#[test]
fn rotate_refuses_a_secret_field_given_with_field_and_does_not_echo_it() {
    let env = vault();
    env.test(&["rotate", S3, "--field", "secret_access_key=XYZSECRET42"])
        .stdin(b"")
        .status(2)
        .vault_unchanged()
        .never_shows("XYZSECRET42")
        .run();
    env.test(&["rotate", S3, "--field", "secret_access_key=XYZSECRET42"])
        .stdin(b"sk-alongside")
        .status(2)
        .vault_unchanged()
        .never_shows("XYZSECRET42")
        .run();
    env.test(&["rotate", REG, "--field", "password=PWSECRET42"])
        .stdin(b"pw-alongside")
        .status(2)
        .vault_unchanged()
        .never_shows("PWSECRET42")
        .run();
    // A variable's secret field is `value`.
    env.test(&["rotate", VAR, "--field", "value=VALSECRET42"])
        .stdin(b"var-alongside")
        .status(2)
        .vault_unchanged()
        .never_shows("VALSECRET42")
        .run();
    assert_eq!(value_of(&env, S3), S3_JSON);
    assert_eq!(value_of(&env, REG), REG_JSON);
    assert_eq!(value_of(&env, VAR), "first-value");
}

#[test]
fn rotate_refuses_an_unknown_field_given_with_field() {
    let env = vault();
    env.test(&["rotate", S3, "--field", "colour=red"])
        .stdin(b"sk-colour")
        .status(2)
        .vault_unchanged()
        .never_shows("sk-colour")
        .run();
}

#[test]
fn rotate_refuses_a_value_over_one_mib_with_exit_2() {
    let env = vault();
    let too_big = format!("BIGROT{}", "r".repeat(1024 * 1024));
    let run = env
        .test(&["rotate", VAR])
        .stdin(too_big.as_bytes())
        .status(2)
        .vault_unchanged()
        .never_shows("BIGROT")
        .run();
    assert!(run.stderr.len() < 4096, "{} bytes", run.stderr.len());
}

#[test]
fn rotate_with_a_wrong_passphrase_exits_5_and_changes_nothing() {
    let env = vault();
    let before = env.vault_bytes();
    let mut cmd = env.cmd(&["rotate", VAR]);
    cmd.env("SESAME_PASSPHRASE", "wrong horse");
    crate::support::run_with_stdin(cmd, b"wrong-pass-value")
        .fails(5)
        .never_shows("wrong-pass-value");
    assert!(env.vault_bytes() == before);
}

// ---- concurrency --------------------------------------------------------

#[test]
fn concurrent_rotations_of_one_secret_lose_no_version() {
    let env = vault();
    let n = 6;
    std::thread::scope(|scope| {
        for w in 0..n {
            let env = &env;
            scope.spawn(move || {
                let mut cmd = env.cmd(&["rotate", VAR]);
                cmd.env("SESAME_LOCK_TIMEOUT", "60");
                crate::support::run_with_stdin(cmd, format!("rot-{w}").as_bytes()).success();
            });
        }
    });
    assert_eq!(meta(&env, VAR)["version"], n + 1);
    let run = env.ok(&["history", VAR, "--decrypt", "--format", "json"]);
    let items = run.json();
    let items = items.as_array().expect("an array");
    let versions: Vec<u64> = items
        .iter()
        .map(|i| i["version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, (1..=n + 1).collect::<Vec<u64>>());
    let mut values: Vec<&str> = items.iter().map(|i| i["value"].as_str().unwrap()).collect();
    assert_eq!(values.remove(0), "first-value");
    values.sort();
    let want: Vec<String> = (0..n).map(|w| format!("rot-{w}")).collect();
    assert_eq!(values, want);
}
