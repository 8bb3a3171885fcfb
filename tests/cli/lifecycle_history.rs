//! Versions (issue 3): `add --force`, `rotate` and `rollback` each make the
//! next version; `get --version` reads the kept ones; `history` lists them
//! (values only with `--decrypt`); only the last `history_limit` are kept.

use std::path::PathBuf;

use crate::support::{Env, history, keys, set, value_at, value_of};

const VAR: &str = "project/atlas/secret/Custom/api-key";
const S3: &str = "project/atlas/connect/S3/prod";
const S3_JSON: &str = r#"{"access_key_id":"AKIA1","secret_access_key":"sk1","region":"eu-west-1"}"#;

fn version_of(env: &Env, id: &str) -> u64 {
    let json = env.ok(&["get", "--format", "json", id]).json();
    json["version"]
        .as_u64()
        .unwrap_or_else(|| panic!("no version in {json}"))
}

fn versions(items: &[serde_json::Value]) -> Vec<u64> {
    items
        .iter()
        .map(|i| {
            i["version"]
                .as_u64()
                .unwrap_or_else(|| panic!("no version in {i}"))
        })
        .collect()
}

/// `2026-11-27T06:30:00Z`: RFC 3339 in UTC with whole seconds.
fn assert_utc_time(v: &serde_json::Value) {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("time is not a string: {v}"));
    let b = s.as_bytes();
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    assert!(
        b.len() == 20
            && digits.iter().all(|&i| b[i].is_ascii_digit())
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z',
        "not RFC 3339 UTC with whole seconds: {s:?}"
    );
}

/// Adds `id` as `v1` and rotates it to `v2` … `v{n}`.
fn with_versions(env: &Env, id: &str, n: u32) {
    env.add(id, "v1");
    for i in 2..=n {
        env.run_stdin(&["rotate", id], format!("v{i}")).success();
    }
}

fn config(env: &Env, text: &str) -> PathBuf {
    env.write_file("config.toml", text)
}

// ---- every kind of write makes the next version --------------------------

#[test]
fn add_force_rotate_and_rollback_each_make_the_next_version() {
    let env = Env::init();
    env.add(VAR, "one");
    assert_eq!(version_of(&env, VAR), 1);
    env.run_stdin(&["add", "--force", VAR], "two").success();
    assert_eq!(version_of(&env, VAR), 2);
    env.run_stdin(&["rotate", VAR], "three").success();
    assert_eq!(version_of(&env, VAR), 3);
    env.ok(&["rollback", VAR, "--to", "1"]);
    assert_eq!(version_of(&env, VAR), 4);
    env.run_stdin(&["add", "--force", VAR], "five").success();
    assert_eq!(version_of(&env, VAR), 5);

    for (n, v) in [
        (1, "one"),
        (2, "two"),
        (3, "three"),
        (4, "one"),
        (5, "five"),
    ] {
        assert_eq!(value_at(&env, VAR, n), v, "version {n}");
    }
    assert_eq!(value_of(&env, VAR), "five");
    assert_eq!(versions(&history(&env, VAR, &[])), vec![1, 2, 3, 4, 5]);
}

#[test]
fn get_version_of_a_version_never_made_exits_3_with_the_kept_range() {
    let env = Env::init();
    with_versions(&env, VAR, 3);
    for v in ["4", "0", "99"] {
        env.run(&["get", "--version", v, VAR])
            .fails(3)
            .stderr_has("hint: versions 1 to 3 are kept")
            .never_shows("v3");
    }
}

// ---- history ------------------------------------------------------------

#[test]
fn history_json_lists_version_and_created_oldest_first_without_values() {
    let env = Env::init();
    env.add(VAR, "hist-value-one");
    env.run_stdin(&["rotate", VAR], "hist-value-two").success();
    env.run_stdin(&["rotate", VAR], "hist-value-three")
        .success();
    let run = env
        .ok(&["history", VAR, "--format", "json"])
        .never_shows("hist-value");
    let items = run.json();
    let items = items.as_array().expect("an array");
    assert_eq!(versions(items), vec![1, 2, 3]);
    for item in items {
        assert_eq!(keys(item), set(&["created", "version"]), "{item}");
        assert_utc_time(&item["created"]);
    }
    // Oldest first: creation times never go down.
    let times: Vec<&str> = items
        .iter()
        .map(|i| i["created"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

#[test]
fn history_first_version_was_created_when_the_secret_was() {
    let env = Env::init();
    with_versions(&env, VAR, 2);
    let items = history(&env, VAR, &[]);
    let meta = env.ok(&["get", "--format", "json", VAR]).json();
    assert_eq!(items[0]["created"], meta["created"], "{meta}");
}

#[test]
fn history_json_with_decrypt_has_the_values() {
    let env = Env::init();
    with_versions(&env, VAR, 3);
    let items = history(&env, VAR, &["--decrypt"]);
    assert_eq!(versions(&items), vec![1, 2, 3]);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(keys(item), set(&["created", "value", "version"]), "{item}");
        assert_eq!(item["value"], format!("v{}", i + 1), "{item}");
    }
}

#[test]
fn history_json_with_decrypt_of_an_s3_secret_has_the_fields() {
    let env = Env::init();
    env.run_stdin(&["add", S3], S3_JSON).success();
    env.run_stdin(&["rotate", S3], r#"{"secret_access_key":"sk2"}"#)
        .success();
    let plain = env
        .ok(&["history", S3, "--format", "json"])
        .never_shows("sk1")
        .never_shows("sk2")
        .never_shows("AKIA1");
    assert_eq!(versions(plain.json().as_array().unwrap()), vec![1, 2]);

    let items = history(&env, S3, &["--decrypt"]);
    assert_eq!(versions(&items), vec![1, 2]);
    assert_eq!(keys(&items[0]), set(&["created", "fields", "version"]));
    assert_eq!(
        items[0]["fields"],
        serde_json::from_str::<serde_json::Value>(S3_JSON).unwrap()
    );
    assert_eq!(items[1]["fields"]["secret_access_key"], "sk2");
    assert_eq!(items[1]["fields"]["access_key_id"], "AKIA1");
    assert_eq!(items[1]["fields"]["region"], "eu-west-1");
}

#[test]
fn history_table_shows_versions_and_no_values_without_decrypt() {
    let env = Env::init();
    env.add(VAR, "table-value-one");
    env.run_stdin(&["rotate", VAR], "table-value-two").success();
    let created: Vec<String> = history(&env, VAR, &[])
        .iter()
        .map(|i| i["created"].as_str().unwrap().to_string())
        .collect();
    for args in [
        &["history", VAR][..],
        &["history", VAR, "--format", "table"][..],
    ] {
        let run = env.ok(args).never_shows("table-value");
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 3, "a header and two rows: {run:#?}");
        let header: Vec<&str> = lines[0].split_whitespace().collect();
        assert_eq!(header, ["VERSION", "CREATED"], "{run:#?}");
        for (n, line) in lines[1..].iter().enumerate() {
            let cells: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(
                cells,
                [(n + 1).to_string().as_str(), created[n].as_str()],
                "{run:#?}"
            );
        }
    }
}

#[test]
fn history_table_with_decrypt_adds_a_value_column() {
    let env = Env::init();
    env.add(VAR, "table-value-one");
    env.run_stdin(&["rotate", VAR], "table-value-two").success();
    let run = env.ok(&["history", VAR, "--decrypt"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{run:#?}");
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(header, ["VERSION", "CREATED", "VALUE"], "{run:#?}");
    assert!(lines[1].contains("table-value-one"), "{run:#?}");
    assert!(lines[2].contains("table-value-two"), "{run:#?}");
    assert!(lines[1].trim_start().starts_with('1'), "{run:#?}");
    assert!(lines[2].trim_start().starts_with('2'), "{run:#?}");
}

#[test]
fn history_of_a_missing_secret_exits_3() {
    let env = Env::init();
    env.add(VAR, "v");
    env.run(&["history", "project/atlas/secret/Custom/nope"])
        .fails(3);
    env.run(&["history", "project/atlas/secret/Custom/nope", "--decrypt"])
        .fails(3);
    env.run(&["history", "team/atlas/secret/Custom/x"]).fails(2);
}

#[test]
fn history_prints_nothing_on_stderr() {
    let env = Env::init();
    with_versions(&env, VAR, 2);
    let run = env.ok(&["history", VAR, "--format", "json", "--decrypt"]);
    assert!(run.stderr.is_empty(), "{run:#?}");
}

// ---- history_limit ------------------------------------------------------

#[test]
fn by_default_the_last_ten_versions_are_kept() {
    let env = Env::init();
    with_versions(&env, VAR, 12);
    assert_eq!(
        versions(&history(&env, VAR, &[])),
        (3..=12).collect::<Vec<u64>>()
    );
    let before = env.vault_bytes();
    for v in ["1", "2"] {
        env.run(&["get", "--version", v, VAR])
            .fails(3)
            .stderr_has("hint: versions 3 to 12 are kept");
    }
    assert!(env.vault_bytes() == before);
    assert_eq!(value_at(&env, VAR, 3), "v3");
    assert_eq!(value_at(&env, VAR, 12), "v12");
    let values: Vec<String> = history(&env, VAR, &["--decrypt"])
        .iter()
        .map(|i| i["value"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        values,
        (3..=12).map(|i| format!("v{i}")).collect::<Vec<_>>()
    );
}

#[test]
fn history_limit_from_a_config_flag_prunes_older_versions() {
    let env = Env::init();
    let cfg = config(&env, "history_limit = 3\n");
    let cfg = cfg.to_str().unwrap();
    env.run_stdin(&["--config", cfg, "add", VAR], "v1")
        .success();
    for i in 2..=5 {
        env.run_stdin(&["--config", cfg, "rotate", VAR], format!("v{i}"))
            .success();
    }
    assert_eq!(versions(&history(&env, VAR, &[])), vec![3, 4, 5]);
    let before = env.vault_bytes();
    env.run(&["get", "--version", "1", VAR])
        .fails(3)
        .stderr_has("hint: versions 3 to 5 are kept")
        .never_shows("v1");
    env.run(&["get", "--version", "2", VAR])
        .fails(3)
        .stderr_has("versions 3 to 5 are kept");
    assert!(env.vault_bytes() == before);
    assert_eq!(value_at(&env, VAR, 3), "v3");
    assert_eq!(value_of(&env, VAR), "v5");
}

#[test]
fn history_limit_from_sesame_config_prunes_on_add_force_and_rollback_too() {
    let env = Env::init();
    let cfg = config(&env, "# keep few\nhistory_limit = 2\n");
    let with_cfg = |args: &[&str], input: &str| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_CONFIG", &cfg);
        crate::support::run_with_stdin(cmd, input.as_bytes()).success()
    };
    with_cfg(&["add", VAR], "v1");
    with_cfg(&["add", "--force", VAR], "v2");
    with_cfg(&["add", "--force", VAR], "v3");
    assert_eq!(versions(&history(&env, VAR, &[])), vec![2, 3]);
    with_cfg(&["rollback", VAR, "--to", "2"], "");
    assert_eq!(versions(&history(&env, VAR, &[])), vec![3, 4]);
    assert_eq!(value_of(&env, VAR), "v2");
    env.run(&["get", "--version", "2", VAR])
        .fails(3)
        .stderr_has("versions 3 to 4 are kept");
}

#[test]
fn lowering_history_limit_prunes_at_the_next_write() {
    let env = Env::init();
    with_versions(&env, VAR, 5);
    let cfg = config(&env, "history_limit = 2\n");
    env.run_stdin(&["--config", cfg.to_str().unwrap(), "rotate", VAR], "v6")
        .success();
    assert_eq!(versions(&history(&env, VAR, &[])), vec![5, 6]);
    env.run(&["get", "--version", "4", VAR])
        .fails(3)
        .stderr_has("versions 5 to 6 are kept");
    // Raising it again brings nothing back.
    env.run_stdin(&["rotate", VAR], "v7").success();
    assert_eq!(versions(&history(&env, VAR, &[])), vec![5, 6, 7]);
}

#[test]
fn history_limit_one_keeps_only_the_current_version() {
    let env = Env::init();
    let cfg = config(&env, "history_limit = 1\n");
    let cfg = cfg.to_str().unwrap();
    env.run_stdin(&["--config", cfg, "add", VAR], "v1")
        .success();
    env.run_stdin(&["--config", cfg, "rotate", VAR], "v2")
        .success();
    assert_eq!(versions(&history(&env, VAR, &[])), vec![2]);
    env.run(&["get", "--version", "1", VAR])
        .fails(3)
        .stderr_has("only version 2 is kept");
    // Version numbers keep counting after pruning.
    env.run_stdin(&["--config", cfg, "rotate", VAR], "v3")
        .success();
    assert_eq!(versions(&history(&env, VAR, &[])), vec![3]);
    assert_eq!(version_of(&env, VAR), 3);
}

// ---- rollback -----------------------------------------------------------

#[test]
fn rollback_to_an_older_version_makes_a_new_version_with_its_content() {
    let env = Env::init();
    with_versions(&env, VAR, 3);
    let run = env.ok(&["rollback", VAR, "--to", "1"]).never_shows("v1");
    assert!(run.stdout.is_empty(), "rollback printed data: {run:#?}");
    let notice = format!("rolled back {VAR} to version 1 (now version 4)");
    assert!(
        run.stderr.contains(&notice),
        "stderr lacks {notice:?}: {run:#?}"
    );
    assert_eq!(value_of(&env, VAR), "v1");
    assert_eq!(version_of(&env, VAR), 4);
    // The versions in between are kept as they were.
    assert_eq!(value_at(&env, VAR, 2), "v2");
    assert_eq!(value_at(&env, VAR, 3), "v3");
    assert_eq!(value_at(&env, VAR, 4), "v1");
    assert_eq!(versions(&history(&env, VAR, &[])), vec![1, 2, 3, 4]);
}

#[test]
fn rollback_quiet_prints_nothing() {
    let env = Env::init();
    with_versions(&env, VAR, 2);
    let run = env.ok(&["-q", "rollback", VAR, "--to", "1"]);
    assert!(run.stdout.is_empty() && run.stderr.is_empty(), "{run:#?}");
    assert_eq!(value_of(&env, VAR), "v1");
}

#[test]
fn rollback_to_the_current_version_is_allowed_and_makes_a_new_version() {
    let env = Env::init();
    with_versions(&env, VAR, 2);
    let run = env.ok(&["rollback", VAR, "--to", "2"]);
    assert!(
        run.stderr
            .contains(&format!("rolled back {VAR} to version 2 (now version 3)")),
        "{run:#?}"
    );
    assert_eq!(version_of(&env, VAR), 3);
    assert_eq!(value_of(&env, VAR), "v2");
    assert_eq!(versions(&history(&env, VAR, &[])), vec![1, 2, 3]);
}

#[test]
fn rollback_of_an_s3_secret_restores_every_field_and_keeps_the_type() {
    let env = Env::init();
    env.run_stdin(&["add", S3, "--description", "prod bucket"], S3_JSON)
        .success();
    env.run_stdin(&["rotate", S3, "--field", "region=us-east-1"], "sk2\n")
        .success();
    env.ok(&["rollback", S3, "--to", "1"]);
    assert_eq!(value_of(&env, S3), S3_JSON);
    let json = env.ok(&["get", "--format", "json", S3]).json();
    assert_eq!(json["type"], "s3", "{json}");
    assert_eq!(json["version"], 3, "{json}");
    assert_eq!(json["description"], "prod bucket", "{json}");
}

#[test]
fn rollback_to_a_version_that_is_not_kept_exits_3_with_the_kept_range() {
    let env = Env::init();
    let cfg = config(&env, "history_limit = 3\n");
    let cfg = cfg.to_str().unwrap();
    env.run_stdin(&["--config", cfg, "add", VAR], "v1")
        .success();
    for i in 2..=5 {
        env.run_stdin(&["--config", cfg, "rotate", VAR], format!("v{i}"))
            .success();
    }
    // Kept: 3 to 5. Pruned: 1, 2. Never made: 6, 1000. And 0.
    for to in ["0", "1", "2", "6", "1000"] {
        env.test(&["--config", cfg, "rollback", VAR, "--to", to])
            .status(3)
            .vault_unchanged()
            .run()
            .stderr_has("hint: versions 3 to 5 are kept")
            .never_shows("v5");
    }
    assert_eq!(version_of(&env, VAR), 5);
    assert_eq!(value_of(&env, VAR), "v5");
}

#[test]
fn rollback_to_a_version_never_made_exits_3_with_the_kept_range() {
    let env = Env::init();
    with_versions(&env, VAR, 2);
    for to in ["0", "3", "4294967295"] {
        env.test(&["rollback", VAR, "--to", to])
            .status(3)
            .vault_unchanged()
            .run()
            .stderr_has("hint: versions 1 to 2 are kept");
    }
}

#[test]
fn rollback_of_a_missing_secret_exits_3() {
    let env = Env::init();
    env.add(VAR, "v1");
    env.test(&["rollback", "project/atlas/secret/Custom/nope", "--to", "1"])
        .status(3)
        .vault_unchanged()
        .run();
}

#[test]
fn rollback_without_a_valid_to_is_a_usage_error() {
    let env = Env::init();
    with_versions(&env, VAR, 2);
    env.test(&["rollback", VAR])
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["rollback", VAR, "--to", "latest"])
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["rollback", VAR, "--to", "-1"])
        .status(2)
        .vault_unchanged()
        .run();
}
