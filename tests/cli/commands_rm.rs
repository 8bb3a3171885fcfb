//! `sesame rm`: removing secrets with all their versions, all or nothing.

use crate::support::{Env, ids};

const A: &str = "project/atlas/secret/Custom/a";
const B: &str = "project/atlas/secret/Custom/b";
const C: &str = "project/atlas/secret/Custom/c";
const MISSING: &str = "project/atlas/secret/Custom/missing";

fn vault() -> Env {
    let env = Env::init();
    env.add(A, "value-a");
    env.add(B, "value-b");
    env.add(C, "value-c");
    env
}

#[test]
fn rm_removes_several_secrets_and_leaves_the_others() {
    let env = vault();
    let run = env.ok(&["rm", A, C]);
    assert!(run.stdout.is_empty(), "rm prints no data: {run:#?}");
    env.run(&["get", A]).fails(3);
    env.run(&["get", C]).fails(3);
    assert_eq!(env.get(B), "value-b");
    assert_eq!(ids(&env), [B]);
}

#[test]
fn rm_with_one_missing_id_exits_3_and_removes_none() {
    let env = vault();
    let before = env.vault_bytes();
    let run = env.run(&["rm", A, MISSING, C]).fails(3);
    assert!(
        run.stderr.contains(MISSING),
        "the error should name the missing ID: {run:#?}"
    );
    assert_eq!(env.vault_bytes(), before, "a refused rm changed the vault");
    assert_eq!(ids(&env), [A, B, C]);
    assert_eq!(env.get(A), "value-a");
}

#[test]
fn rm_force_ignores_missing_ids() {
    let env = vault();
    env.ok(&["rm", "--force", A, MISSING]);
    env.run(&["get", A]).fails(3);
    assert_eq!(ids(&env), [B, C]);
    // Nothing but missing IDs: still fine.
    env.ok(&["rm", "--force", MISSING]);
    assert_eq!(ids(&env), [B, C]);
}

#[test]
fn rm_of_a_prefix_that_is_not_a_secret_exits_3_and_removes_nothing() {
    let env = vault();
    let before = env.vault_bytes();
    env.run(&["rm", "project/atlas/secret/Custom"]).fails(3);
    env.run(&["rm", "project/atlas"]).fails(2);
    assert_eq!(env.vault_bytes(), before);
    assert_eq!(ids(&env), [A, B, C]);
}

#[test]
fn rm_removes_every_version() {
    let env = vault();
    env.run_stdin(&["add", "--force", A], "value-a-2").success();
    env.ok(&["rm", A]);
    env.run(&["get", "--version", "1", A]).fails(3);
    env.run(&["get", "--version", "2", A]).fails(3);
    // A new secret at the same ID starts over at version 1.
    env.add(A, "value-a-new");
    let json = env.ok(&["get", "--format", "json", A]).json();
    assert_eq!(json["version"], 1, "{json}");
    env.run(&["get", "--version", "2", A]).fails(3);
}

#[test]
fn rm_resolves_relative_ids_under_the_default_owner() {
    let env = vault();
    env.ok(&["--owner", "project/atlas", "rm", "secret/Custom/b"]);
    assert_eq!(ids(&env), [A, C]);
}

#[test]
fn rm_without_ids_or_with_a_malformed_id_exits_2() {
    let env = vault();
    let before = env.vault_bytes();
    env.run(&["rm"]).fails(2);
    env.run(&["rm", A, "project/atlas/secret/bad id"]).fails(2);
    assert_eq!(env.vault_bytes(), before);
    assert_eq!(ids(&env), [A, B, C]);
}
