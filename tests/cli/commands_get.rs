//! `sesame get`: values, fields, versions, the JSON shape, and how a relative
//! ID finds its default owner.

use std::process::Command;

use serde_json::Value;

use crate::support::{Env, Run, keys, output, set};

const VAR: &str = "project/atlas/secret/Custom/api-key";
const S3: &str = "project/atlas/connect/S3/prod";
const REG: &str = "project/atlas/connect/ContainerRegistry/ghcr";

/// A vault with one secret of each type.
fn vault() -> Env {
    let env = Env::init();
    env.add(VAR, "api-key-value");
    env.run_stdin(
        &["add", S3],
        r#"{"access_key_id":"AKIAPROD","secret_access_key":"prod-secret-key"}"#,
    )
    .success();
    env.run_stdin(
        &["add", REG],
        r#"{"server":"ghcr.io","username":"ci-bot","password":"reg-password"}"#,
    )
    .success();
    env
}

/// RFC 3339 in UTC with whole seconds, e.g. `2026-11-27T06:30:00Z`, and
/// within a day of now (not the epoch, not local time shifted by hours).
fn assert_recent_utc_time(value: &Value, what: &str) {
    let s = value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {value}"));
    let shape_ok = s.len() == 20
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'Z',
            _ => b.is_ascii_digit(),
        });
    assert!(
        shape_ok,
        "{what} is not RFC 3339 UTC with whole seconds: {s:?}"
    );
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("{what} {s:?} does not parse: {e}"));
    let now = time::OffsetDateTime::now_utc();
    assert!(
        (now - t).abs() < time::Duration::hours(24),
        "{what} {s:?} is not about now ({now})"
    );
}

// ---- values and fields --------------------------------------------------

#[test]
fn get_prints_the_value_and_a_newline_and_n_omits_it() {
    let env = vault();
    assert_eq!(env.ok(&["get", VAR]).stdout, "api-key-value\n");
    assert_eq!(env.ok(&["get", "-n", VAR]).stdout, "api-key-value");
    assert_eq!(
        env.ok(&["get", "--no-newline", VAR]).stdout,
        "api-key-value"
    );
}

#[test]
fn get_hash_value_reads_a_variable() {
    let env = vault();
    assert_eq!(
        env.ok(&["get", &format!("{VAR}#value")]).stdout,
        "api-key-value\n"
    );
}

#[test]
fn get_hash_field_reads_one_field_of_s3_and_registry_secrets() {
    let env = vault();
    let field = |id: &str, f: &str| env.ok(&["get", &format!("{id}#{f}")]).stdout;
    assert_eq!(field(S3, "access_key_id"), "AKIAPROD\n");
    assert_eq!(field(S3, "secret_access_key"), "prod-secret-key\n");
    assert_eq!(field(REG, "server"), "ghcr.io\n");
    assert_eq!(field(REG, "username"), "ci-bot\n");
    assert_eq!(field(REG, "password"), "reg-password\n");
    assert_eq!(
        env.ok(&["get", "-n", &format!("{REG}#password")]).stdout,
        "reg-password"
    );
}

#[test]
fn get_of_a_structured_secret_without_field_prints_compact_json() {
    let env = vault();
    assert_eq!(
        env.ok(&["get", REG]).stdout,
        "{\"server\":\"ghcr.io\",\"username\":\"ci-bot\",\"password\":\"reg-password\"}\n"
    );
    assert_eq!(
        env.ok(&["get", S3]).stdout,
        "{\"access_key_id\":\"AKIAPROD\",\"secret_access_key\":\"prod-secret-key\"}\n"
    );
}

#[test]
fn get_of_a_missing_secret_field_or_version_exits_3() {
    let env = vault();
    env.run(&["get", "project/atlas/secret/Custom/nope"])
        .fails(3);
    env.run(&["get", "project/other/secret/Custom/api-key"])
        .fails(3);
    env.run(&["get", &format!("{VAR}#password")])
        .fails(3)
        .never_shows("api-key-value");
    env.run(&["get", &format!("{S3}#password")])
        .fails(3)
        .never_shows("prod-secret-key");
    // `region` is an s3 field, but this secret has none.
    env.run(&["get", &format!("{S3}#region")])
        .fails(3)
        .never_shows("prod-secret-key");
    env.run(&["get", &format!("{REG}#value")])
        .fails(3)
        .never_shows("reg-password");
    env.run(&["get", "--version", "2", VAR])
        .fails(3)
        .never_shows("api-key-value");
    env.run(&["get", "--version", "2", S3])
        .fails(3)
        .never_shows("prod-secret-key");
}

// ---- --format json ------------------------------------------------------

#[test]
fn get_format_json_of_a_variable_has_exactly_the_documented_keys() {
    let env = vault();
    let json = env.ok(&["get", "--format", "json", VAR]).json();
    assert_eq!(
        keys(&json),
        set(&[
            "id",
            "owner_type",
            "owner_id",
            "path",
            "type",
            "version",
            "created",
            "updated",
            "description",
            "rotate_every",
            "rotation_due",
            "expires",
            "last_read",
            "value",
        ]),
        "{json}"
    );
    assert_eq!(json["id"], VAR);
    assert_eq!(json["owner_type"], "project");
    assert_eq!(json["owner_id"], "atlas");
    assert_eq!(json["path"], "secret/Custom/api-key");
    assert_eq!(json["type"], "variable");
    assert_eq!(json["version"], 1);
    assert!(json["version"].is_u64(), "version is not a number: {json}");
    assert!(json["description"].is_null(), "{json}");
    assert_eq!(json["value"], "api-key-value");
    assert_recent_utc_time(&json["created"], "created");
    assert_recent_utc_time(&json["updated"], "updated");
}

#[test]
fn get_format_json_of_structured_secrets_has_fields_instead_of_value() {
    let env = vault();
    for (id, ty, path) in [
        (S3, "s3", "connect/S3/prod"),
        (REG, "registry", "connect/ContainerRegistry/ghcr"),
    ] {
        let json = env.ok(&["get", "--format", "json", id]).json();
        assert_eq!(
            keys(&json),
            set(&[
                "id",
                "owner_type",
                "owner_id",
                "path",
                "type",
                "version",
                "created",
                "updated",
                "description",
                "rotate_every",
                "rotation_due",
                "expires",
                "last_read",
                "fields",
            ]),
            "{json}"
        );
        assert_eq!(json["id"], id);
        assert_eq!(json["type"], ty);
        assert_eq!(json["path"], path);
        assert!(json["fields"].is_object(), "{json}");
    }
    let s3 = env.ok(&["get", "--format", "json", S3]).json();
    assert_eq!(s3["fields"]["access_key_id"], "AKIAPROD", "{s3}");
    assert_eq!(s3["fields"]["secret_access_key"], "prod-secret-key", "{s3}");
    for (name, v) in s3["fields"].as_object().unwrap() {
        if name != "access_key_id" && name != "secret_access_key" {
            assert!(v.is_null(), "field {name} was never set: {s3}");
        }
    }
    let reg = env.ok(&["get", "--format", "json", REG]).json();
    assert_eq!(
        reg["fields"],
        serde_json::json!({"server": "ghcr.io", "username": "ci-bot", "password": "reg-password"})
    );
}

#[test]
fn get_format_json_after_force_shows_version_2_and_version_1_reads_the_old_value() {
    let env = vault();
    let v1 = env.ok(&["get", "--format", "json", VAR]).json();
    env.run_stdin(&["add", "--force", VAR], "api-key-rotated")
        .success();
    let v2 = env.ok(&["get", "--format", "json", VAR]).json();
    assert_eq!(v2["version"], 2, "{v2}");
    assert_eq!(v2["value"], "api-key-rotated", "{v2}");
    assert_eq!(
        v2["created"], v1["created"],
        "created changed with a new version"
    );
    let (created, updated) = (
        v2["created"].as_str().unwrap(),
        v2["updated"].as_str().unwrap(),
    );
    assert!(
        updated >= created,
        "updated {updated} before created {created}"
    );

    assert_eq!(
        env.ok(&["get", "--version", "1", VAR]).stdout,
        "api-key-value\n"
    );
    assert_eq!(
        env.ok(&["get", "--version", "2", VAR]).stdout,
        "api-key-rotated\n"
    );
    let old = env
        .ok(&["get", "--format", "json", "--version", "1", VAR])
        .json();
    assert_eq!(old["version"], 1, "{old}");
    assert_eq!(old["value"], "api-key-value", "{old}");
    env.run(&["get", "--version", "3", VAR]).fails(3);
}

// ---- default owner ------------------------------------------------------

/// Three owners holding the same path with different values, and a config
/// file whose default owner is `project/cfg`.
fn owners_vault() -> (Env, String) {
    let env = Env::init();
    env.add("project/flag/secret/Custom/k", "from-flag");
    env.add("project/env/secret/Custom/k", "from-env");
    env.add("project/cfg/secret/Custom/k", "from-config");
    let config = env.write_file("owner.toml", "default_owner = \"project/cfg\"\n");
    (env, config.to_str().unwrap().to_string())
}

fn get_relative(env: &Env, global: &[&str], setup: impl FnOnce(&mut Command)) -> Run {
    let mut args = global.to_vec();
    args.extend_from_slice(&["get", "secret/Custom/k"]);
    let mut cmd = env.cmd(&args);
    setup(&mut cmd);
    output(cmd)
}

#[test]
fn owner_option_resolves_a_relative_id() {
    let (env, _) = owners_vault();
    let run = get_relative(&env, &["--owner", "project/flag"], |_| {}).success();
    assert_eq!(run.stdout, "from-flag\n");
}

#[test]
fn sesame_owner_resolves_a_relative_id() {
    let (env, _) = owners_vault();
    let run = get_relative(&env, &[], |c| {
        c.env("SESAME_OWNER", "project/env");
    })
    .success();
    assert_eq!(run.stdout, "from-env\n");
}

#[test]
fn default_owner_in_the_config_file_resolves_a_relative_id() {
    let (env, config) = owners_vault();
    let run = get_relative(&env, &["--config", &config], |_| {}).success();
    assert_eq!(run.stdout, "from-config\n");
    let run = get_relative(&env, &[], |c| {
        c.env("SESAME_CONFIG", &config);
    })
    .success();
    assert_eq!(run.stdout, "from-config\n");
    // The default config file: <config dir>/sesame/config.toml.
    let dir = env.root().join("config").join("sesame");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "default_owner = \"project/cfg\"\n").unwrap();
    let run = get_relative(&env, &[], |_| {}).success();
    assert_eq!(run.stdout, "from-config\n");
}

#[test]
fn owner_option_beats_sesame_owner_beats_the_config_file() {
    let (env, config) = owners_vault();
    let run = get_relative(&env, &["--config", &config], |c| {
        c.env("SESAME_OWNER", "project/env");
    })
    .success();
    assert_eq!(
        run.stdout, "from-env\n",
        "SESAME_OWNER must beat default_owner"
    );
    let run = get_relative(
        &env,
        &["--config", &config, "--owner", "project/flag"],
        |c| {
            c.env("SESAME_OWNER", "project/env");
        },
    )
    .success();
    assert_eq!(run.stdout, "from-flag\n", "--owner must beat SESAME_OWNER");
}

#[test]
fn a_relative_id_without_any_default_owner_exits_2() {
    let (env, _) = owners_vault();
    let run = get_relative(&env, &[], |_| {}).fails(2);
    assert!(
        run.stderr.contains("--owner") || run.stderr.contains("SESAME_OWNER"),
        "the error should say how to set a default owner: {run:#?}"
    );
    let before = env.vault_bytes();
    env.run_stdin(&["add", "secret/Custom/new"], "v").fails(2);
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn an_id_that_starts_with_an_owner_type_ignores_the_default_owner() {
    let (env, _) = owners_vault();
    let run = env.ok(&[
        "--owner",
        "project/flag",
        "get",
        "project/env/secret/Custom/k",
    ]);
    assert_eq!(run.stdout, "from-env\n");
}

#[test]
fn add_and_field_reads_resolve_relative_ids_under_the_default_owner() {
    let env = Env::init();
    env.run_stdin(
        &["--owner", "organization/acme", "add", "connect/S3/logs"],
        r#"{"access_key_id":"AKIAREL","secret_access_key":"rel-secret"}"#,
    )
    .success();
    let json = env
        .ok(&[
            "get",
            "--format",
            "json",
            "organization/acme/connect/S3/logs",
        ])
        .json();
    assert_eq!(json["owner_type"], "organization", "{json}");
    assert_eq!(json["owner_id"], "acme", "{json}");
    assert_eq!(json["type"], "s3", "{json}");
    let mut cmd = env.cmd(&["get", "connect/S3/logs#secret_access_key"]);
    cmd.env("SESAME_OWNER", "organization/acme");
    assert_eq!(output(cmd).success().stdout, "rel-secret\n");
}

#[test]
fn a_malformed_default_owner_exits_2() {
    let (env, _) = owners_vault();
    get_relative(&env, &["--owner", "team/flag"], |_| {}).fails(2);
    get_relative(&env, &["--owner", "project"], |_| {}).fails(2);
    get_relative(&env, &[], |c| {
        c.env("SESAME_OWNER", "project/bad owner");
    })
    .fails(2);
    let bad = env.write_file("bad-owner.toml", "default_owner = \"galaxy/far\"\n");
    get_relative(&env, &["--config", bad.to_str().unwrap()], |_| {}).fails(2);
}

#[test]
fn an_unknown_config_key_exits_2_naming_the_file_key_and_line() {
    let (env, _) = owners_vault();
    let config = env.write_file(
        "typo.toml",
        "default_owner = \"project/cfg\"\ndefault_ownr = \"project/env\"\n",
    );
    let run = get_relative(&env, &["--config", config.to_str().unwrap()], |_| {}).fails(2);
    assert!(
        run.stderr.contains("typo.toml"),
        "does not name the file: {run:#?}"
    );
    assert!(
        run.stderr.contains("default_ownr"),
        "does not name the key: {run:#?}"
    );
    assert!(
        run.stderr.contains("line 2") || run.stderr.contains(":2"),
        "does not name line 2: {run:#?}"
    );
}
