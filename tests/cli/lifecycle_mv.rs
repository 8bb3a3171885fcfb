//! `sesame mv OLD NEW` (issue 3): a rename that keeps the versions, times,
//! type and description, across owners too; exit 3 / 4 as for `get` / `add`,
//! each refusal leaving the vault byte-identical.

use crate::support::{Env, Run, history, ids, meta};

const OLD: &str = "project/atlas/connect/S3/prod";
const NEW: &str = "project/atlas/connect/S3/production";
const S3_JSON: &str = r#"{"access_key_id":"AKIA1","secret_access_key":"sk1","region":"eu-west-1"}"#;

/// A vault with `OLD`: an s3 secret with a description at version 3.
fn vault() -> Env {
    let env = Env::init();
    env.run_stdin(&["add", OLD, "--description", "prod bucket"], S3_JSON)
        .success();
    env.run_stdin(&["rotate", OLD], "sk2\n").success();
    env.run_stdin(&["rotate", OLD, "--field", "region=us-east-1"], "sk3\n")
        .success();
    env
}

/// `get --format json` without what a rename must change.
fn without_name(mut json: serde_json::Value) -> serde_json::Value {
    let obj = json.as_object_mut().expect("an object");
    for k in ["id", "owner_type", "owner_id", "path"] {
        obj.remove(k);
    }
    json
}

#[test]
fn mv_keeps_versions_times_type_and_description() {
    let env = vault();
    let before = meta(&env, OLD);
    let hist = history(&env, OLD, &[]);
    let hist_decrypted = history(&env, OLD, &["--decrypt"]);
    let v1 = env.ok(&["get", "--version", "1", OLD]).stdout;

    let run = env.ok(&["mv", OLD, NEW]).never_shows("sk3");
    assert!(run.stdout.is_empty(), "mv printed data: {run:#?}");
    let notice = format!("moved {OLD} to {NEW}");
    assert!(
        run.stderr.contains(&notice),
        "stderr lacks {notice:?}: {run:#?}"
    );

    let after = meta(&env, NEW);
    assert_eq!(after["id"], NEW);
    assert_eq!(after["path"], "connect/S3/production");
    assert_eq!(after["version"], 3, "{after}");
    assert_eq!(after["type"], "s3", "{after}");
    assert_eq!(after["description"], "prod bucket", "{after}");
    assert_eq!(after["created"], before["created"], "created changed");
    assert_eq!(after["updated"], before["updated"], "updated changed");
    assert_eq!(without_name(after), without_name(before));

    assert_eq!(history(&env, NEW, &[]), hist, "history changed");
    assert_eq!(
        history(&env, NEW, &["--decrypt"]),
        hist_decrypted,
        "history values changed"
    );
    assert_eq!(env.ok(&["get", "--version", "1", NEW]).stdout, v1);
    assert_eq!(v1, format!("{S3_JSON}\n"));
    assert_eq!(
        env.ok(&["get", "-n", &format!("{NEW}#secret_access_key")])
            .stdout,
        "sk3"
    );
}

#[test]
fn mv_removes_the_old_id() {
    let env = vault();
    env.ok(&["mv", OLD, NEW]);
    env.run(&["get", OLD]).fails(3);
    env.run(&["get", "--version", "1", OLD]).fails(3);
    env.run(&["history", OLD]).fails(3);
    assert_eq!(ids(&env), [NEW]);
    // OLD is free again: a new secret there starts at version 1.
    env.run_stdin(
        &["add", OLD],
        r#"{"access_key_id":"AKIA9","secret_access_key":"fresh"}"#,
    )
    .success();
    assert_eq!(meta(&env, OLD)["version"], 1);
    let hist = history(&env, OLD, &[]);
    assert_eq!(hist.len(), 1, "{hist:?}");
    assert_eq!(meta(&env, NEW)["version"], 3);
}

#[test]
fn mv_across_owners() {
    let env = Env::init();
    let from = "project/a/secret/Custom/token";
    let to = "user/b/secret/Custom/my-token";
    env.run_stdin(&["add", from, "--description", "moved around"], "tok-1")
        .success();
    env.run_stdin(&["rotate", from], "tok-2").success();
    let keep = "project/a/secret/Custom/stays";
    env.add(keep, "stays-value");
    let before = meta(&env, from);

    env.ok(&["mv", from, to]);
    let after = meta(&env, to);
    assert_eq!(after["owner_type"], "user", "{after}");
    assert_eq!(after["owner_id"], "b", "{after}");
    assert_eq!(after["path"], "secret/Custom/my-token", "{after}");
    assert_eq!(without_name(after), without_name(before));
    assert_eq!(env.ok(&["get", "-n", "--version", "1", to]).stdout, "tok-1");
    assert_eq!(env.ok(&["get", "-n", to]).stdout, "tok-2");
    env.run(&["get", from]).fails(3);
    assert_eq!(env.get(keep), "stays-value");
    assert_eq!(ids(&env), [keep, to]);
    // And back to an organization.
    let org = "organization/acme/secret/Custom/t";
    env.ok(&["mv", to, org]);
    assert_eq!(
        env.ok(&["get", "-n", "--version", "1", org]).stdout,
        "tok-1"
    );
    assert_eq!(ids(&env), [org, keep]);
}

#[test]
fn mv_keeps_the_type_even_where_the_new_path_would_infer_another() {
    let env = Env::init();
    let from = "project/atlas/secret/Custom/plain";
    let to = "project/atlas/connect/S3/plain";
    env.add(from, "not json");
    env.ok(&["mv", from, to]);
    let json = meta(&env, to);
    assert_eq!(json["type"], "variable", "{json}");
    assert_eq!(json["value"], "not json", "{json}");
}

#[test]
fn mv_resolves_relative_ids_under_the_default_owner() {
    let env = Env::init();
    env.add("project/atlas/secret/Custom/a", "a-value");
    env.ok(&[
        "--owner",
        "project/atlas",
        "mv",
        "secret/Custom/a",
        "secret/Custom/b",
    ]);
    assert_eq!(env.get("project/atlas/secret/Custom/b"), "a-value");
    env.run(&["get", "project/atlas/secret/Custom/a"]).fails(3);
}

#[test]
fn mv_onto_an_existing_secret_exits_4_and_changes_nothing() {
    let env = vault();
    let other = "project/atlas/connect/S3/other";
    env.run_stdin(
        &["add", other],
        r#"{"access_key_id":"AKIAO","secret_access_key":"other-sk"}"#,
    )
    .success();
    env.test(&["mv", OLD, other])
        .status(4)
        .vault_unchanged()
        .run()
        .never_shows("sk3")
        .never_shows("other-sk");
    env.test(&["mv", OLD, OLD])
        .status(4)
        .vault_unchanged()
        .run();
    assert_eq!(meta(&env, OLD)["version"], 3);
    assert_eq!(meta(&env, other)["version"], 1);
    assert_eq!(
        env.ok(&["get", "-n", &format!("{other}#secret_access_key")])
            .stdout,
        "other-sk"
    );
}

#[test]
fn mv_of_a_missing_secret_exits_3_and_changes_nothing() {
    let env = vault();
    env.test(&["mv", "project/atlas/connect/S3/nope", NEW])
        .status(3)
        .vault_unchanged()
        .run();
    env.test(&["mv", "user/nobody/secret/Custom/x", NEW])
        .status(3)
        .vault_unchanged()
        .run();
    env.run(&["get", NEW]).fails(3);
}

#[test]
fn mv_with_a_malformed_id_exits_2_and_changes_nothing() {
    let env = vault();
    env.test(&["mv", OLD, "team/x/secret/Custom/y"])
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["mv", OLD, "project/atlas/connect/S3/../y"])
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["mv", "project/atlas", NEW])
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["mv", OLD]).status(2).vault_unchanged().run();
    assert_eq!(meta(&env, OLD)["version"], 3);
}

#[test]
fn mv_with_a_wrong_passphrase_exits_5_and_changes_nothing() {
    let env = vault();
    let before = env.vault_bytes();
    let mut cmd = env.cmd(&["mv", OLD, NEW]);
    cmd.env("SESAME_PASSPHRASE", "wrong horse");
    Run::from(cmd.output().unwrap()).fails(5);
    assert!(env.vault_bytes() == before);
}

#[test]
fn mv_leaves_neither_name_in_the_vault_in_plain_text() {
    let env = vault();
    let to = "user/zebulon-distinctive/secret/Custom/quetzal-distinctive";
    env.ok(&["mv", OLD, to]);
    let bytes = env.vault_bytes();
    for needle in [to, "zebulon-distinctive", "quetzal-distinctive"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle:?} appears in the vault file"
        );
    }
}

#[test]
fn mv_quiet_prints_nothing() {
    let env = vault();
    let run = env.ok(&["-q", "mv", OLD, NEW]);
    assert!(run.stdout.is_empty() && run.stderr.is_empty(), "{run:#?}");
}

#[test]
fn lifecycle_commands_on_a_missing_vault_exit_3_and_create_none() {
    let env = Env::new();
    let id = "project/atlas/secret/Custom/k";
    env.run_stdin(&["rotate", id], "v").fails(3);
    env.run(&["history", id]).fails(3);
    env.run(&["rollback", id, "--to", "1"]).fails(3);
    env.run(&["mv", id, "project/atlas/secret/Custom/j"])
        .fails(3);
    assert!(!env.vault_path().exists());
}

#[test]
fn mv_racing_a_rotate_of_the_old_id_loses_nothing_and_revives_nothing() {
    // Whichever takes the lock first, the other applies its change to the
    // vault the first left: a rotate after the mv finds no OLD (exit 3);
    // a rotate before it moves along with the secret.
    let from = "project/atlas/secret/Custom/racing";
    let to = "user/b/secret/Custom/raced";
    let mut outcomes = [0, 0];
    for round in 0..6 {
        let env = Env::init();
        env.add(from, "race-1");
        let (mv, rotate) = std::thread::scope(|scope| {
            let env = &env;
            let mv = scope.spawn(move || {
                // Staggered so that either may take the lock first.
                std::thread::sleep(std::time::Duration::from_millis(round * 30));
                let mut cmd = env.cmd(&["mv", from, to]);
                cmd.env("SESAME_LOCK_TIMEOUT", "60");
                Run::from(cmd.output().unwrap())
            });
            let rotate = scope.spawn(move || {
                let mut cmd = env.cmd(&["rotate", from]);
                cmd.env("SESAME_LOCK_TIMEOUT", "60");
                crate::support::run_with_stdin(cmd, b"race-2")
            });
            (mv.join().unwrap(), rotate.join().unwrap())
        });
        mv.success();
        env.run(&["get", from]).fails(3);
        assert_eq!(ids(&env), [to], "round {round}");
        match rotate.code {
            0 => {
                outcomes[0] += 1;
                assert_eq!(env.ok(&["get", "-n", to]).stdout, "race-2", "round {round}");
                assert_eq!(meta(&env, to)["version"], 2, "round {round}");
                assert_eq!(
                    env.ok(&["get", "-n", "--version", "1", to]).stdout,
                    "race-1"
                );
            }
            3 => {
                outcomes[1] += 1;
                assert_eq!(env.ok(&["get", "-n", to]).stdout, "race-1", "round {round}");
                assert_eq!(meta(&env, to)["version"], 1, "round {round}");
            }
            _ => panic!("round {round}: rotate racing mv: {rotate:#?}"),
        }
    }
    eprintln!(
        "mv racing rotate: rotate first {} times, mv first {} times",
        outcomes[0], outcomes[1]
    );
}

#[test]
fn of_two_concurrent_mvs_of_one_secret_exactly_one_succeeds() {
    let env = Env::init();
    let from = "project/atlas/secret/Custom/one";
    env.add(from, "only-one");
    let targets = [
        "project/atlas/secret/Custom/left",
        "project/atlas/secret/Custom/right",
    ];
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let handles: Vec<_> = targets
            .iter()
            .map(|t| {
                let env = &env;
                scope.spawn(move || {
                    let mut cmd = env.cmd(&["mv", from, t]);
                    cmd.env("SESAME_LOCK_TIMEOUT", "60");
                    Run::from(cmd.output().unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let winners: Vec<usize> = (0..2).filter(|&i| runs[i].code == 0).collect();
    assert_eq!(winners.len(), 1, "{runs:#?}");
    assert_eq!(runs[1 - winners[0]].code, 3, "{runs:#?}");
    assert_eq!(ids(&env), [targets[winners[0]]]);
    assert_eq!(env.get(targets[winners[0]]), "only-one");
}
