//! Prompts at a terminal (issue 15, items 1, 3 and 4): a mistyped
//! passphrase is asked again, `add` unlocks before it asks for the value,
//! `init` and `passwd` ask again when the two entries differ, `rm` asks
//! before it deletes, and a session ended by `lock` is warned about once.
//! Every terminal here is a real pseudo-terminal (`script` from util-linux).

use std::time::Duration;

use crate::sessions::token;
use crate::support::{Env, FAST_KDF, PASSPHRASE, custom, ids, value_of};
use crate::tty::Tty;

/// `sesame ARGS` on a terminal, with no passphrase in the environment.
fn at_terminal(env: &Env, args: &[&str]) -> Tty {
    let mut cmd = env.cmd(args);
    cmd.env_remove("SESAME_PASSPHRASE");
    Tty::spawn(&cmd)
}

const WRONG: &str = "not the passphrase";

// ---- item 1: a mistyped passphrase is asked again ----------------------------

#[test]
fn a_wrong_passphrase_at_a_terminal_is_asked_again_issue_15() {
    let env = Env::init();
    env.add(&custom("api-key"), "the-value");
    let mut tty = at_terminal(&env, &["get", &custom("api-key")]);
    tty.expect_n("Passphrase for the vault:", 1);
    tty.send(WRONG);
    tty.expect_n("Passphrase for the vault:", 2);
    tty.send(WRONG);
    tty.expect_n("Passphrase for the vault:", 3);
    tty.send(PASSPHRASE);
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown:?}");
    assert!(shown.contains("the-value"), "{shown:?}");
    assert_eq!(
        shown.matches("sesame: wrong passphrase; try again").count(),
        2,
        "{shown:?}"
    );
}

#[test]
fn three_wrong_passphrases_at_a_terminal_exit_5_issue_15() {
    let env = Env::init();
    env.add(&custom("api-key"), "the-value");
    let mut tty = at_terminal(&env, &["get", &custom("api-key")]);
    for n in 1..=3 {
        tty.expect_n("Passphrase for the vault:", n);
        tty.send(WRONG);
    }
    let (code, shown) = tty.finish();
    assert_eq!(code, 5, "{shown:?}");
    assert_eq!(
        shown.matches("Passphrase for the vault:").count(),
        3,
        "asked more than 3 times: {shown:?}"
    );
    assert!(
        shown.contains("sesame: error: wrong passphrase"),
        "{shown:?}"
    );
    assert!(!shown.contains("the-value"), "{shown:?}");
}

#[test]
fn a_wrong_passphrase_without_a_terminal_is_tried_once_issue_15() {
    let env = Env::init();
    let marker = env.root().join("asked");
    let script = env.write_file(
        "pass.sh",
        format!("#!/bin/sh\necho x >> '{}'\necho wrong\n", marker.display()),
    );
    crate::support::set_mode(&script, 0o755);
    let run = env
        .test(&["list"])
        .env_remove("SESAME_PASSPHRASE")
        .env("SESAME_PASSPHRASE_COMMAND", &script)
        .without_terminal()
        .status(5)
        .stderr_has("wrong passphrase")
        .run();
    assert!(!run.stderr.contains("try again"), "{run:#?}");
    let asked = std::fs::read_to_string(&marker).expect("the command ran");
    assert_eq!(asked.lines().count(), 1, "the source was asked again");
}

#[test]
fn add_at_a_terminal_unlocks_before_asking_for_the_value_issue_15() {
    let env = Env::init();
    let id = custom("typed");
    let mut tty = at_terminal(&env, &["add", &id]);
    tty.expect("Passphrase for the vault:");
    assert!(
        !tty.text().contains("Value:"),
        "asked for the value before unlocking: {:?}",
        tty.text()
    );
    tty.send(WRONG);
    tty.expect_n("Passphrase for the vault:", 2);
    tty.send(PASSPHRASE);
    tty.expect("Value:");
    tty.send("typed-value");
    tty.expect("Repeat the value:");
    tty.send("typed-value");
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown:?}");
    assert!(shown.contains("added project/atlas/secret/Custom/typed (version 1)"));
    assert_eq!(value_of(&env, &id), "typed-value");
}

#[test]
fn add_at_a_terminal_refuses_an_existing_id_before_asking_for_the_value_issue_15() {
    let env = Env::init();
    let id = custom("taken");
    env.add(&id, "old");
    let mut tty = at_terminal(&env, &["add", &id]);
    tty.expect("Passphrase for the vault:");
    tty.send(PASSPHRASE);
    let (code, shown) = tty.finish();
    assert_eq!(code, 4, "{shown:?}");
    assert!(!shown.contains("Value:"), "{shown:?}");
    assert!(shown.contains("already exists"), "{shown:?}");
}

#[test]
fn add_asks_the_value_again_when_the_two_differ_issue_15() {
    let env = Env::init();
    let id = custom("retyped");
    // The session in the environment unlocks; only the value is asked.
    let token = token(&env);
    let mut cmd = env.cmd(&["add", &id]);
    cmd.env_remove("SESAME_PASSPHRASE")
        .env("SESAME_SESSION", &token);
    let mut tty = Tty::spawn(&cmd);
    tty.expect_n("Value:", 1);
    tty.send("first");
    tty.expect_n("Repeat the value:", 1);
    tty.send("frist");
    tty.expect("the two values differ; try again");
    tty.expect_n("Value:", 2);
    tty.send("second");
    tty.expect_n("Repeat the value:", 2);
    tty.send("second");
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown:?}");
    assert_eq!(value_of(&env, &id), "second");
}

#[test]
fn init_asks_again_when_the_two_passphrases_differ_issue_15() {
    let env = Env::new();
    let mut args = vec!["init"];
    args.extend(FAST_KDF);
    let mut tty = at_terminal(&env, &args);
    tty.expect_n("New passphrase:", 1);
    tty.send("one thing");
    tty.expect_n("Repeat the passphrase:", 1);
    tty.send("another");
    tty.expect("the two passphrases differ; try again");
    tty.expect_n("New passphrase:", 2);
    tty.send(PASSPHRASE);
    tty.expect_n("Repeat the passphrase:", 2);
    tty.send(PASSPHRASE);
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown:?}");
    assert!(shown.contains("created vault"), "{shown:?}");
    // The second pair is the passphrase.
    assert!(ids(&env).is_empty());
}

#[test]
fn init_gives_up_after_three_differing_pairs_issue_15() {
    let env = Env::new();
    let mut args = vec!["init"];
    args.extend(FAST_KDF);
    let mut tty = at_terminal(&env, &args);
    for n in 1..=3 {
        tty.expect_n("New passphrase:", n);
        tty.send("one thing");
        tty.expect_n("Repeat the passphrase:", n);
        tty.send("another");
    }
    let (code, shown) = tty.finish();
    assert_eq!(code, 2, "{shown:?}");
    assert!(
        shown.contains("sesame: error: the two passphrases differed 3 times"),
        "{shown:?}"
    );
    assert!(!env.vault_path().exists(), "a vault was made");
}

#[test]
fn passwd_asks_again_when_the_two_new_passphrases_differ_issue_15() {
    let env = Env::init();
    env.add(&custom("kept"), "kept-value");
    let mut tty = at_terminal(&env, &["passwd"]);
    tty.expect("Passphrase for the vault:");
    tty.send(WRONG);
    tty.expect_n("Passphrase for the vault:", 2);
    tty.send(PASSPHRASE);
    tty.expect_n("New passphrase:", 1);
    tty.send("new one");
    tty.expect_n("Repeat the new passphrase:", 1);
    tty.send("new on");
    tty.expect("the two passphrases differ; try again");
    tty.expect_n("New passphrase:", 2);
    tty.send("new one");
    tty.expect_n("Repeat the new passphrase:", 2);
    tty.send("new one");
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown:?}");
    env.test(&["get", &custom("kept")])
        .env("SESAME_PASSPHRASE", "new one")
        .stdout("kept-value\n")
        .run();
}

// ---- item 3: rm asks first at a terminal -------------------------------------

#[test]
fn rm_at_a_terminal_asks_and_no_removes_nothing_issue_15() {
    let env = Env::init();
    let id = custom("doomed");
    env.add(&id, "v1");
    env.run_stdin(&["rotate", &id], "v2").success();
    let before = env.vault_bytes();
    let mut tty = at_terminal(&env, &["rm", &id]);
    tty.expect("Passphrase for the vault:");
    tty.send(PASSPHRASE);
    tty.expect(&format!("Remove {id} and its 2 versions? [y/N] "));
    tty.send("n");
    let (code, shown) = tty.finish();
    assert_eq!(code, 1, "{shown:?}");
    assert!(
        shown.contains("sesame: error: nothing removed: not confirmed"),
        "{shown:?}"
    );
    assert_eq!(env.vault_bytes(), before, "a no changed the vault");
    assert_eq!(value_of(&env, &id), "v2");
}

#[test]
fn rm_at_a_terminal_removes_on_yes_issue_15() {
    let env = Env::init();
    let id = custom("doomed");
    env.add(&id, "v1");
    let mut cmd = env.cmd(&["rm", &id]);
    cmd.env("SESAME_SESSION", token(&env));
    let mut tty = Tty::spawn(&cmd);
    tty.expect(&format!("Remove {id} and its 1 version? [y/N] "));
    tty.send("y");
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown:?}");
    assert!(shown.contains(&format!("removed {id}")), "{shown:?}");
    assert!(ids(&env).is_empty());
}

#[test]
fn rm_asks_for_every_id_and_one_no_removes_none_issue_15() {
    let env = Env::init();
    let (a, b) = (custom("a"), custom("b"));
    env.add(&a, "va");
    env.add(&b, "vb");
    let mut cmd = env.cmd(&["rm", &a, &b]);
    cmd.env("SESAME_SESSION", token(&env));
    let mut tty = Tty::spawn(&cmd);
    tty.expect(&format!("Remove {a} and its 1 version? [y/N] "));
    tty.send("yes");
    tty.expect(&format!("Remove {b} and its 1 version? [y/N] "));
    tty.send("");
    let (code, shown) = tty.finish();
    assert_eq!(code, 1, "{shown:?}");
    assert_eq!(ids(&env), vec![a, b]);
}

#[test]
fn rm_yes_at_a_terminal_and_rm_without_a_terminal_do_not_ask_issue_15() {
    let env = Env::init();
    let (a, b) = (custom("a"), custom("b"));
    env.add(&a, "va");
    env.add(&b, "vb");
    for flag in ["-y", "--yes"] {
        let id = if flag == "-y" { &a } else { &b };
        let tty = Tty::spawn(&env.cmd(&["rm", flag, id]));
        let (code, shown) = tty.finish();
        assert_eq!(code, 0, "{flag}: {shown:?}");
        assert!(!shown.contains("[y/N]"), "{flag}: {shown:?}");
    }
    assert!(ids(&env).is_empty());
    env.add(&a, "va");
    let run = env.test(&["rm", &a]).without_terminal().run();
    assert!(!run.stderr.contains("[y/N]"), "{run:#?}");
    assert!(ids(&env).is_empty());
}

// ---- item 4: a session ended by lock is warned about once --------------------

fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("sesame: warning: ") && l.contains("SESAME_SESSION"))
        .collect()
}

#[test]
fn a_session_ended_by_lock_is_warned_about_once_in_one_line_issue_15() {
    let env = Env::init();
    env.add(&custom("x"), "vx");
    let dead = token(&env);
    env.ok(&["lock"]);
    let first = env
        .test(&["get", &custom("x")])
        .env("SESAME_SESSION", &dead)
        .stdout("vx\n")
        .run();
    let said = warnings(&first.stderr);
    assert_eq!(said.len(), 1, "{first:#?}");
    assert!(
        said[0].contains("ended by `sesame lock`") && said[0].ends_with("; unset SESAME_SESSION"),
        "{first:#?}"
    );
    assert_eq!(
        first.stderr.lines().count(),
        1,
        "more than one line: {first:#?}"
    );
    assert!(said[0].len() <= 110, "a long line: {:?}", said[0]);
    for args in [vec!["list"], vec!["get", &custom("x")], vec!["info"]] {
        let run = env.test(&args).env("SESAME_SESSION", &dead).run();
        assert!(warnings(&run.stderr).is_empty(), "said again: {run:#?}");
    }
    // What is remembered: not the token, 0600.
    let file = env.state_dir().join("sesame/seen/stale-sessions");
    let kept = std::fs::read_to_string(&file).expect("the state file");
    assert!(!kept.contains(&dead) && !kept.contains(&dead[dead.len() - 16..]));
    assert_eq!(crate::support::mode_of(&file), 0o600);
    // Another dead token is said once too.
    let second = token(&env);
    env.ok(&["lock"]);
    let run = env.test(&["list"]).env("SESAME_SESSION", &second).run();
    assert_eq!(warnings(&run.stderr).len(), 1, "{run:#?}");
    // Without a passphrase the error still says why, every time.
    env.test(&["list"])
        .env("SESAME_SESSION", &dead)
        .env_remove("SESAME_PASSPHRASE")
        .without_terminal()
        .status(5)
        .stderr_has("session")
        .run();
}

#[test]
fn an_expired_session_is_warned_about_once_issue_15() {
    let env = Env::init();
    let run = env.ok(&["unlock", "--raw", "--ttl", "1s"]);
    let expired = run.stdout.trim().to_string();
    std::thread::sleep(Duration::from_millis(2100));
    let runs: Vec<_> = (0..3)
        .map(|_| env.test(&["list"]).env("SESAME_SESSION", &expired).run())
        .collect();
    let counts: Vec<usize> = runs.iter().map(|r| warnings(&r.stderr).len()).collect();
    assert_eq!(counts, vec![1, 0, 0], "{runs:#?}");
    assert!(warnings(&runs[0].stderr)[0].contains("expired"));
}
