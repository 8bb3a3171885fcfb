//! `sesame run` (issue 4): the command sees the variables, its exit code and
//! stdin pass through, and nothing is started when a secret is missing or
//! two names collide (`shared/spec/cli.md` §3 "Scripting",
//! `docs/cli-decisions.md` "Scripting (issue 4)").

use std::path::PathBuf;

use crate::env_cmd::{add_exact, add_json};
use crate::sessions::{session_cmd, token};
use crate::support::{Env, Run, output, run_with_stdin, set_mode, without_terminal};

const DB: &str = "project/atlas/secret/Custom/db-password";
const DB_VALUE: &str = "run-pg-s3cr3t";
const S3: &str = "project/atlas/connect/S3/prod";

fn vault_with_db() -> Env {
    let env = Env::init();
    env.add(DB, DB_VALUE);
    env
}

fn marker(env: &Env) -> PathBuf {
    env.root().join("command-started")
}

fn run_args<'a>(before: &[&'a str], command: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["run"];
    args.extend_from_slice(before);
    args.push("--");
    args.extend_from_slice(command);
    args
}

fn no_terminal(env: &Env, args: &[&str]) -> Run {
    let mut cmd = env.cmd(args);
    without_terminal(&mut cmd);
    output(cmd)
}

#[test]
fn the_command_sees_the_variables_issue_4() {
    let env = vault_with_db();
    let run = env.ok(&run_args(
        &[DB],
        &["sh", "-c", "printf %s \"$DB_PASSWORD\""],
    ));
    assert_eq!(run.stdout, DB_VALUE);
}

#[test]
fn the_command_sees_structured_secrets_and_prefixes_issue_4() {
    let env = vault_with_db();
    add_json(
        &env,
        S3,
        r#"{"access_key_id":"AKIARUN","secret_access_key":"run-s3-secret","region":"eu-west-3"}"#,
    );
    let run = env.ok(&run_args(
        &["project/atlas"],
        &[
            "sh",
            "-c",
            "printf '%s|' \"$DB_PASSWORD\" \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \
             \"$AWS_DEFAULT_REGION\" \"${AWS_ENDPOINT_URL-unset}\"",
        ],
    ));
    assert_eq!(
        run.stdout,
        format!("{DB_VALUE}|AKIARUN|run-s3-secret|eu-west-3|unset|")
    );
}

#[test]
fn values_reach_the_command_byte_for_byte_issue_4() {
    let env = Env::init();
    let values = [
        ("quotes", "it's \"quoted\""),
        ("newlines", "a\nb\n"),
        ("dollars", "$HOME ${HOME} $(id) `id`"),
        ("backslash", "trailing\\"),
        ("unicode", "pässwörd 密码 🔑"),
        ("empty", ""),
    ];
    for (name, value) in values {
        add_exact(&env, &format!("project/atlas/secret/Custom/{name}"), value);
    }
    let run = env.ok(&run_args(
        &["project/atlas"],
        &[
            "sh",
            "-c",
            "printf '%s\\0' \"$QUOTES\" \"$NEWLINES\" \"$DOLLARS\" \"$BACKSLASH\" \"$UNICODE\" \
             \"${EMPTY-unset}\"",
        ],
    ));
    let got: Vec<&str> = run.stdout.split('\0').collect();
    let mut want: Vec<&str> = values.iter().map(|(_, v)| *v).collect();
    want.push("");
    assert_eq!(got, want);
}

#[test]
fn the_commands_exit_code_is_returned_issue_4() {
    let env = vault_with_db();
    for code in [0, 1, 2, 3, 5, 7, 42, 255] {
        let script = format!("exit {code}");
        let run = env.run(&run_args(&[DB], &["sh", "-c", &script]));
        assert_eq!(run.code, code, "{run:#?}");
        assert!(
            !run.stderr.contains("sesame: error"),
            "the command's failure is not sesame's: {run:#?}"
        );
    }
}

#[test]
fn stdin_passes_through_to_the_command_issue_4() {
    let env = vault_with_db();
    let input = "line one\nline two\0binary\n".repeat(1000);
    let run = env
        .run_stdin(&run_args(&[DB], &["cat"]), input.as_bytes())
        .success();
    assert_eq!(run.stdout, input);
}

#[test]
fn arguments_after_the_separator_belong_to_the_command_issue_4() {
    let env = vault_with_db();
    let run = env.ok(&run_args(
        &[DB],
        &[
            "printf", "%s|", "--format", "json", "--map", "-q", "--", "--help",
        ],
    ));
    assert_eq!(run.stdout, "--format|json|--map|-q|--|--help|");
}

#[test]
fn the_rest_of_the_environment_is_kept_and_a_secret_wins_a_clash_issue_4() {
    let env = vault_with_db();
    let mut cmd = env.cmd(&run_args(
        &[DB],
        &[
            "sh",
            "-c",
            "printf '%s|%s|%s' \"$DB_PASSWORD\" \"$KEEP_ME\" \"$HOME\"",
        ],
    ));
    cmd.env("KEEP_ME", "kept").env("DB_PASSWORD", "stale");
    let run = output(cmd).success();
    assert_eq!(
        run.stdout,
        format!("{DB_VALUE}|kept|{}", env.root().join("home").display())
    );
}

#[test]
fn run_without_selectors_runs_the_command_unchanged_issue_4() {
    let env = Env::init();
    let run = env.ok(&[
        "run",
        "--",
        "sh",
        "-c",
        "printf '%s' \"${DB_PASSWORD-none}\"",
    ]);
    assert_eq!(run.stdout, "none");
}

#[test]
fn map_works_with_run_issue_4() {
    let env = vault_with_db();
    add_json(
        &env,
        S3,
        r#"{"access_key_id":"AKIAMAP","secret_access_key":"map-secret","bucket":"b-1"}"#,
    );
    let run = env.ok(&[
        "run",
        "--map",
        &format!("PGPASS=sesame://{DB}"),
        "--map",
        &format!("BUCKET=sesame://{S3}#bucket"),
        "--",
        "sh",
        "-c",
        "printf '%s|%s|%s' \"$PGPASS\" \"$BUCKET\" \"${DB_PASSWORD-unset}\"",
    ]);
    assert_eq!(run.stdout, format!("{DB_VALUE}|b-1|unset"));
}

#[test]
fn a_missing_secret_exits_3_and_starts_nothing_issue_4() {
    let env = vault_with_db();
    let m = marker(&env);
    let touch = ["touch", m.to_str().expect("utf-8")];
    env.run(&run_args(&["project/atlas/secret/Custom/missing"], &touch))
        .fails(3);
    env.run(&run_args(&[DB, "project/nobody"], &touch)).fails(3);
    env.run(&run_args(
        &["--map", "X=sesame://project/atlas/secret/Custom/missing"],
        &touch,
    ))
    .fails(3);
    env.run(&run_args(
        &["--map", &format!("X=sesame://{DB}#nope")],
        &touch,
    ))
    .fails(3);
    assert!(!m.exists(), "the command ran although a secret was missing");
    // The control: the same command does start.
    env.ok(&run_args(&[DB], &touch));
    assert!(m.exists(), "the command did not run");
}

#[test]
fn a_conflict_exits_4_and_starts_nothing_issue_4() {
    let env = Env::init();
    let (a, b) = (
        "project/atlas/secret/Custom/token",
        "user/alice/secret/Custom/token",
    );
    env.add(a, "token-a");
    env.add(b, "token-b");
    let m = marker(&env);
    let touch = ["touch", m.to_str().expect("utf-8")];
    let run = env
        .run(&run_args(&["project/atlas", "user/alice"], &touch))
        .fails(4)
        .never_shows("token-a")
        .never_shows("token-b");
    assert!(run.stderr.contains(a) && run.stderr.contains(b), "{run:#?}");
    env.run(&run_args(
        &[a, "--map", &format!("TOKEN=sesame://{b}")],
        &touch,
    ))
    .fails(4);
    assert!(!m.exists(), "the command ran despite a conflict");
}

#[test]
fn a_locked_vault_starts_nothing_issue_4() {
    let env = vault_with_db();
    let m = marker(&env);
    let mut cmd = env.cmd(&run_args(&[DB], &["touch", m.to_str().expect("utf-8")]));
    cmd.env_remove("SESAME_PASSPHRASE");
    without_terminal(&mut cmd);
    output(cmd).fails(5);
    assert!(!m.exists(), "the command ran without the secrets");
}

#[test]
fn a_command_that_cannot_start_exits_127_or_126_as_shells_do_issue_4_issue_15() {
    let env = vault_with_db();
    let run = env
        .run(&run_args(&[DB], &["/nonexistent/prog"]))
        .fails(127)
        .never_shows(DB_VALUE);
    assert!(
        run.stderr.contains("command not found"),
        "no reason: {run:#?}"
    );
    let run = env
        .run(&run_args(&[DB], &["sesame-no-such-command-anywhere"]))
        .fails(127);
    assert!(run.stderr.contains("command not found"), "{run:#?}");
    // A file that is not executable.
    let script = env.write_file("not-executable.sh", "#!/bin/sh\necho hi\n");
    set_mode(&script, 0o600);
    let run = env
        .run(&run_args(&[DB], &[script.to_str().expect("utf-8")]))
        .fails(126);
    assert!(run.stderr.contains("Permission denied"), "{run:#?}");
}

#[test]
fn run_without_a_command_exits_2_issue_4() {
    let env = vault_with_db();
    let m = marker(&env);
    let m = m.to_str().expect("utf-8");
    for args in [
        vec!["run", DB],
        vec!["run", DB, "--"],
        vec!["run"],
        vec!["run", "--"],
        vec!["run", DB, "touch", m],
    ] {
        let run = no_terminal(&env, &args);
        assert_eq!(run.code, 2, "{args:?}: {run:#?}");
        run.fails(2).never_shows(DB_VALUE);
    }
    assert!(
        !std::path::Path::new(m).exists(),
        "a command ran without `--`"
    );
}

#[test]
fn run_refuses_a_bad_map_with_exit_2_issue_4() {
    let env = vault_with_db();
    let m = marker(&env);
    let touch = ["touch", m.to_str().expect("utf-8")];
    for bad in ["NOEQUALS", "X=notsesame", "1X=sesame://project/atlas/x"] {
        let run = env.run(&run_args(&["--map", bad], &touch));
        assert_eq!(run.code, 2, "--map {bad:?}: {run:#?}");
        run.fails(2);
    }
    assert!(!m.exists());
}

#[test]
fn run_works_with_a_session_alone_issue_4() {
    let env = vault_with_db();
    let token = token(&env);
    let cmd = session_cmd(
        &env,
        &token,
        &run_args(&[DB], &["sh", "-c", "printf %s \"$DB_PASSWORD\"; cat"]),
    );
    let run = run_with_stdin(cmd, b"+stdin").success();
    assert_eq!(run.stdout, format!("{DB_VALUE}+stdin"));
}
