//! `sesame cp SRC DST` and `sesame rm -r PREFIX` (issue 16 item 4).

use std::process::{Command, Stdio};

use crate::support::{Env, Run, custom, history, ids, meta};

const S3: &str = "project/atlas/connect/S3/prod";

fn vault() -> Env {
    let env = Env::init();
    env.test(&["add", &custom("db"), "--description", "the db"])
        .stdin("v1")
        .run();
    env.test(&["rotate", &custom("db")])
        .stdin("v2-current")
        .run();
    env.test(&["add", S3])
        .stdin(r#"{"access_key_id":"AKIA","secret_access_key":"sk","region":"eu-west-1"}"#)
        .run();
    env
}

#[test]
fn cp_makes_a_new_secret_with_the_current_value_and_description_only() {
    let env = vault();
    let dst = "project/staging/secret/Custom/db";
    env.test(&["cp", &custom("db"), dst])
        .stdout("")
        .stderr_has(format!("copied {} to {dst} (version 1)", custom("db")))
        .never_shows("v2-current")
        .run();
    assert_eq!(env.get(dst), "v2-current");
    assert_eq!(history(&env, dst, &[]).len(), 1, "only the current value");
    assert_eq!(meta(&env, dst)["description"], "the db");
    // The source is untouched.
    assert_eq!(history(&env, &custom("db"), &[]).len(), 2);
    // Structured secrets keep their type and fields.
    env.ok(&["cp", S3, "project/atlas/connect/S3/copy"]);
    assert_eq!(meta(&env, "project/atlas/connect/S3/copy")["type"], "s3");
    assert_eq!(env.get("project/atlas/connect/S3/copy#region"), "eu-west-1");
}

#[test]
fn cp_refuses_an_existing_destination_unless_force_and_a_missing_source() {
    let env = vault();
    env.add(&custom("other"), "keep-me");
    env.test(&["cp", &custom("db"), &custom("other")])
        .status(4)
        .stderr_has("already exists")
        .vault_unchanged()
        .run();
    env.ok(&["cp", "--force", &custom("db"), &custom("other")]);
    assert_eq!(env.get(&custom("other")), "v2-current");
    assert_eq!(history(&env, &custom("other"), &[]).len(), 2);
    env.test(&["cp", &custom("missing"), &custom("new")])
        .status(3)
        .vault_unchanged()
        .run();
    env.test(&["cp", &custom("db"), &custom("db")])
        .status(2)
        .stderr_has("both the source and the copy")
        .run();
    // A variable into an s3 secret's place: a new version must keep the type.
    env.test(&["cp", "--force", &custom("db"), S3])
        .status(2)
        .vault_unchanged()
        .run();
}

fn tree() -> Env {
    let env = Env::init();
    for name in ["old/a", "old/b", "old/deep/c", "oldx/keep", "keep"] {
        env.add(&format!("project/atlas/secret/{name}"), "x");
    }
    env
}

#[test]
fn rm_r_removes_everything_under_a_segment_prefix_with_yes() {
    let env = tree();
    env.test(&["rm", "-r", "--yes", "project/atlas/secret/old"])
        .stdout("")
        .stderr_has("removed 3 secrets")
        .run();
    assert_eq!(
        ids(&env),
        [
            "project/atlas/secret/keep",
            "project/atlas/secret/oldx/keep"
        ]
    );
}

#[test]
fn rm_r_without_a_terminal_or_yes_refuses_naming_the_count() {
    let env = tree();
    env.test(&["rm", "-r", "project/atlas/secret/old"])
        .without_terminal()
        .status(2)
        .stderr_has("rm -r would remove 3 secrets under project/atlas/secret/old")
        .stderr_has("hint: pass --yes")
        .vault_unchanged()
        .run();
}

#[test]
fn rm_r_of_nothing_is_exit_3_unless_force_and_needs_an_owner() {
    let env = tree();
    env.test(&["rm", "-r", "--yes", "project/atlas/secret/ol"])
        .status(3)
        .stderr_has("no secret matches")
        .vault_unchanged()
        .run();
    // All or nothing across several prefixes.
    env.test(&[
        "rm",
        "-r",
        "--yes",
        "project/atlas/secret/old",
        "project/nobody",
    ])
    .status(3)
    .vault_unchanged()
    .run();
    env.ok(&["rm", "-r", "--force", "project/nobody"]);
    for everything in ["project", "", "/"] {
        env.test(&["rm", "-r", "--yes", everything])
            .status(2)
            .stderr_has("must name an owner type and id")
            .vault_unchanged()
            .run();
    }
    assert_eq!(ids(&env).len(), 5);
}

/// `sesame ARGS` on a pseudo-terminal (`script`), typing `answer`.
pub(crate) fn at_terminal(env: &Env, args: &[&str], answer: &str) -> Option<Run> {
    let inner = env.cmd(args);
    let mut line = format!("'{}'", inner.get_program().to_string_lossy());
    for a in inner.get_args() {
        line.push_str(&format!(" '{}'", a.to_string_lossy()));
    }
    let mut cmd = Command::new("script");
    cmd.args(["-qefc", &line, "/dev/null"]).env_clear();
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    crate::support::without_terminal(&mut cmd);
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: script is not installed");
        return None;
    }
    Some(crate::support::run_with_stdin(cmd, answer.as_bytes()))
}

#[test]
fn rm_r_at_a_terminal_asks_with_the_count_and_no_removes_nothing() {
    let env = tree();
    let before = env.vault_bytes();
    let Some(run) = at_terminal(&env, &["rm", "-r", "project/atlas/secret/old"], "n\n") else {
        return;
    };
    assert!(
        run.stdout.contains(
            "Remove 3 secrets under project/atlas/secret/old, with all their versions? [y/N]"
        ),
        "{run:#?}"
    );
    assert!(
        run.stdout.contains("not confirmed; nothing was removed"),
        "{run:#?}"
    );
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(env.vault_bytes() == before);
    let run = at_terminal(&env, &["rm", "-r", "project/atlas/secret/old"], "y\n").unwrap();
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(ids(&env).len(), 2);
}
