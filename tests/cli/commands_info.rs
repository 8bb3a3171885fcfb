//! `sesame info`: the vault path, format version, KDF parameters, the number
//! of secrets, and the session.

use std::collections::BTreeSet;

use crate::support::Env;

fn info(env: &Env) -> serde_json::Value {
    env.ok(&["info", "--format", "json"]).json()
}

#[test]
fn info_json_has_exactly_the_documented_shape() {
    let env = Env::init();
    let json = info(&env);
    let keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "vault",
            "format_version",
            "kdf",
            "secrets",
            "generation",
            "session"
        ]),
        "{json}"
    );
    let kdf: BTreeSet<&str> = json["kdf"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        kdf,
        BTreeSet::from(["memory_mib", "iterations", "parallelism"]),
        "{json}"
    );
    assert_eq!(json["vault"], env.vault_path().to_str().unwrap(), "{json}");
    assert!(!json["format_version"].is_null(), "{json}");
    assert_eq!(json["kdf"]["memory_mib"], 19, "{json}");
    assert_eq!(json["kdf"]["iterations"], 2, "{json}");
    assert_eq!(json["kdf"]["parallelism"], 1, "{json}");
    assert_eq!(json["secrets"], 0, "{json}");
    assert!(json["generation"].is_u64(), "{json}");
    assert!(json["session"].is_null(), "no session is active: {json}");
}

#[test]
fn info_counts_secrets_and_the_generation_grows_with_each_write() {
    let env = Env::init();
    let g0 = info(&env)["generation"].as_u64().unwrap();
    env.add("project/atlas/secret/Custom/a", "a");
    env.add("project/atlas/secret/Custom/b", "b");
    env.run_stdin(
        &["add", "project/atlas/connect/S3/c"],
        r#"{"access_key_id":"AK","secret_access_key":"SK"}"#,
    )
    .success();
    let after_adds = info(&env);
    assert_eq!(after_adds["secrets"], 3, "{after_adds}");
    let g3 = after_adds["generation"].as_u64().unwrap();
    assert!(g3 > g0, "generation did not grow: {g0} -> {g3}");

    // A new version is not a new secret.
    env.run_stdin(&["add", "--force", "project/atlas/secret/Custom/a"], "a2")
        .success();
    let after_force = info(&env);
    assert_eq!(after_force["secrets"], 3, "{after_force}");
    let g4 = after_force["generation"].as_u64().unwrap();
    assert!(g4 > g3, "generation did not grow: {g3} -> {g4}");

    env.ok(&["rm", "project/atlas/secret/Custom/b"]);
    let after_rm = info(&env);
    assert_eq!(after_rm["secrets"], 2, "{after_rm}");
    let g5 = after_rm["generation"].as_u64().unwrap();
    assert!(g5 > g4, "generation did not grow: {g4} -> {g5}");

    // Reads and a refused write change nothing.
    env.get("project/atlas/secret/Custom/a");
    env.run_stdin(&["add", "project/atlas/secret/Custom/a"], "dup")
        .fails(4);
    let after_refusal = info(&env);
    assert_eq!(after_refusal["secrets"], 2, "{after_refusal}");
    assert_eq!(after_refusal["generation"], g5, "{after_refusal}");
}

#[test]
fn info_reports_the_vault_given_by_option_and_its_kdf() {
    let env = Env::new();
    let vault = env.root().join("other.sesame");
    let vault = vault.to_str().unwrap();
    env.ok(&[
        "--vault",
        vault,
        "init",
        "--kdf-memory",
        "21",
        "--kdf-iterations",
        "3",
        "--kdf-parallelism",
        "2",
    ]);
    let json = env
        .ok(&["--vault", vault, "info", "--format", "json"])
        .json();
    assert_eq!(json["vault"], vault, "{json}");
    assert_eq!(json["kdf"]["memory_mib"], 21, "{json}");
    assert_eq!(json["kdf"]["iterations"], 3, "{json}");
    assert_eq!(json["kdf"]["parallelism"], 2, "{json}");
}

#[test]
fn info_table_names_the_vault_and_kdf() {
    let env = Env::init();
    env.add("project/atlas/secret/Custom/a", "info-secret-value");
    let run = env.ok(&["info"]).never_shows("info-secret-value");
    assert!(
        run.stdout.contains(env.vault_path().to_str().unwrap()),
        "{run:#?}"
    );
    assert!(run.stdout.contains("19"), "no KDF memory shown: {run:#?}");
}
