//! Secret IDs: every rule of the ID grammar is enforced with exit 2 and a
//! message naming the rule, hostile IDs are never echoed raw to the terminal,
//! and IDs right at the limits are accepted.

use crate::support::{Env, Run};

/// Every command runs with a default owner, so that an ID is refused for the
/// rule it breaks and not for lacking an owner.
const OWNER: [&str; 2] = ["--owner", "project/dflt"];

fn with_owner<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut full = OWNER.to_vec();
    full.extend_from_slice(args);
    full
}

/// Asserts that stderr holds no raw control character but the line ends.
fn no_raw_controls(run: &Run, what: &str) {
    assert!(
        !run.stderr
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{7f}'),
        "{what}: stderr echoes a raw control character: {:?}",
        run.stderr
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "{what}: stdout has ESC: {:?}",
        run.stdout
    );
}

/// `add ID` and `get ID` must both exit 2 naming the rule (one of `rule`,
/// case-insensitively), echo no control character, and leave the vault as
/// it was.
fn assert_rejected(env: &Env, id: &str, rule: &[&str]) {
    let before = env.vault_bytes();
    let runs = [
        ("add", env.run_stdin(&with_owner(&["add", id]), "value")),
        ("get", env.run(&with_owner(&["get", id]))),
    ];
    for (command, run) in runs {
        let what = format!("{command} {id:?}");
        assert_eq!(run.code, 2, "{what}: {run:#?}");
        let run = run.fails(2);
        no_raw_controls(&run, &what);
        let stderr = run.stderr.to_lowercase();
        assert!(
            rule.iter().any(|r| stderr.contains(&r.to_lowercase())),
            "{what}: the error names none of {rule:?}: {:?}",
            run.stderr
        );
    }
    assert_eq!(
        env.vault_bytes(),
        before,
        "a refused add of {id:?} changed the vault"
    );
}

#[test]
fn an_empty_id_is_refused() {
    let env = Env::init();
    assert_rejected(&env, "", &["empty"]);
}

#[test]
fn dot_and_dot_dot_segments_are_refused() {
    let env = Env::init();
    let rule: &[&str] = &[
        "segment",
        "component",
        "`.`",
        "`..`",
        "'.'",
        "'..'",
        "\".\"",
        "\"..\"",
    ];
    assert_rejected(&env, "project/atlas/../atlasx/secret", rule);
    assert_rejected(&env, "project/atlas/secret/..", rule);
    assert_rejected(&env, "project/atlas/./secret", rule);
    assert_rejected(&env, "project/atlas/secret/.", rule);
    assert_rejected(&env, "../../etc/passwd", rule);
}

#[test]
fn empty_segments_are_refused() {
    let env = Env::init();
    let rule: &[&str] = &["empty", "segment", "component"];
    assert_rejected(&env, "project/atlas/a//b", rule);
    assert_rejected(&env, "project/atlas/secret/", rule);
    assert_rejected(&env, "/project/atlas/secret", rule);
    assert_rejected(
        &env,
        "project//secret/x",
        &["empty", "owner", "segment", "component"],
    );
}

#[test]
fn control_characters_are_refused_and_never_echoed_raw() {
    let env = Env::init();
    let rule: &[&str] = &["control", "character", "letters, digits"];
    assert_rejected(&env, "project/atlas/secret/\u{1b}[31mred", rule);
    assert_rejected(&env, "project/atlas/secret/\u{1b}]0;pwned\u{7}title", rule);
    assert_rejected(&env, "project/atlas/sec\nret", rule);
    assert_rejected(&env, "project/atlas/sec\rret", rule);
    assert_rejected(&env, "project/atlas/tab\tbed", rule);
    assert_rejected(&env, "project/atlas/del\u{7f}x", rule);
    assert_rejected(&env, "\u{1b}[2J", rule);
}

#[test]
fn characters_outside_the_allowed_set_are_refused() {
    let env = Env::init();
    let rule: &[&str] = &["character", "A-Za-z0-9", "letters, digits"];
    for id in [
        "project/atlas/secret/my key",
        "project/atlas/secret/*",
        "project/atlas/secret/a:b",
        "project/atlas/secret/naïve",
        "project/atlas/secret/a\\b",
        "project/at las/secret/x",
        "project/atlas/secret/x\u{200b}",
    ] {
        assert_rejected(&env, id, rule);
    }
}

#[test]
fn an_owner_id_longer_than_128_characters_is_refused() {
    let env = Env::init();
    let id = format!("project/{}/secret/x", "o".repeat(129));
    assert_rejected(&env, &id, &["128"]);
}

#[test]
fn a_segment_longer_than_128_characters_is_refused() {
    let env = Env::init();
    let id = format!("project/atlas/secret/{}", "s".repeat(129));
    assert_rejected(&env, &id, &["128"]);
}

#[test]
fn more_than_16_path_segments_are_refused() {
    let env = Env::init();
    let id = format!("project/atlas/{}", vec!["s"; 17].join("/"));
    assert_rejected(&env, &id, &["16"]);
}

/// An ID of exactly `len` bytes with an owner ID of 128 characters and
/// three path segments of at most 128.
fn id_of_length(len: usize) -> String {
    let head = format!("project/{}/", "o".repeat(128));
    let rest = len - head.len() - 2 * 129;
    let id = format!(
        "{head}{}/{}/{}",
        "a".repeat(128),
        "b".repeat(128),
        "c".repeat(rest)
    );
    assert_eq!(id.len(), len);
    id
}

#[test]
fn an_id_longer_than_512_bytes_is_refused() {
    let env = Env::init();
    assert_rejected(&env, &id_of_length(513), &["512"]);
}

#[test]
fn a_path_without_segments_is_refused() {
    let env = Env::init();
    assert_rejected(&env, "project/atlas", &["path", "segment"]);
    assert_rejected(&env, "user/alice/", &["path", "segment", "empty"]);
}

#[test]
fn a_bad_owner_type_in_the_default_owner_is_refused_naming_the_owner_types() {
    let env = Env::init();
    let rule = ["organization", "owner type", "owner_type"];
    let check = |run: Run, what: &str| {
        let run = run.fails(2);
        no_raw_controls(&run, what);
        assert!(
            rule.iter().any(|r| run.stderr.to_lowercase().contains(r)),
            "{what}: the error names none of {rule:?}: {run:#?}"
        );
    };
    check(
        env.run(&["--owner", "team/atlas", "get", "secret/x"]),
        "--owner team/atlas",
    );
    check(
        env.run(&["--owner", "Project/atlas", "get", "secret/x"]),
        "--owner Project/atlas",
    );
    let mut cmd = env.cmd(&["get", "secret/x"]);
    cmd.env("SESAME_OWNER", "\u{1b}[31mteam/atlas");
    check(Run::from(cmd.output().unwrap()), "SESAME_OWNER with ESC");
    check(
        env.run(&["list", "--owner-type", "team"]),
        "list --owner-type team",
    );
}

#[test]
fn a_bad_owner_id_in_the_default_owner_is_refused() {
    let env = Env::init();
    let long = format!("project/{}", "o".repeat(129));
    env.run(&["--owner", &long, "get", "secret/x"])
        .fails(2)
        .stderr_has("128");
    env.run(&["--owner", "project/a b", "get", "secret/x"])
        .fails(2);
    env.run(&["--owner", "project/atlas/extra", "get", "secret/x"])
        .fails(2);
    env.run(&["list", "--owner-type", "project", "--owner-id", "a*b"])
        .fails(2);
}

#[test]
fn ids_right_at_the_limits_are_accepted() {
    let env = Env::init();
    let long_owner = format!("project/{}/secret/x", "o".repeat(128));
    let long_segment = format!("project/atlas/secret/{}", "s".repeat(128));
    let sixteen = format!("project/atlas/{}", vec!["s"; 16].join("/"));
    let max_len = id_of_length(512);
    let charset = "user/A-z_0.9/Zz-._09/.../.hidden/..x/x..";
    let ids = [
        long_owner,
        long_segment,
        sixteen,
        max_len,
        charset.to_string(),
    ];
    for (i, id) in ids.iter().enumerate() {
        env.run_stdin(&["add", id], format!("value-{i}")).success();
    }
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(env.get(id), format!("value-{i}"), "{id}");
    }
    let listed = env.ok(&["list", "--format", "ids"]).stdout;
    for id in &ids {
        assert!(listed.lines().any(|l| l == id), "list lacks {id}: {listed}");
    }
}
