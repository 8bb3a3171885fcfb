//! `sesame passwd` (issue 3): the new passphrase opens the vault and reads
//! every value unchanged, the old one no longer does; refusals leave the
//! vault byte-identical; a `kill -9` mid-change leaves a vault that opens
//! with one of the two passphrases.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{Env, PASSPHRASE, Run, pass_file, run_with_stdin};

const VAR: &str = "project/atlas/secret/Custom/api-key";
const S3: &str = "project/atlas/connect/S3/prod";
const REG: &str = "organization/acme/connect/ContainerRegistry/ghcr";
const S3_JSON: &str = r#"{"access_key_id":"AKIA1","secret_access_key":"sk1","region":"eu-west-1"}"#;
const REG_JSON: &str = r#"{"server":"ghcr.io","username":"ci-bot","password":"pw1"}"#;

/// A vault with one secret of each type; `VAR` is at version 2.
fn vault() -> Env {
    let env = Env::init();
    env.add(VAR, "var-value-1");
    env.run_stdin(&["rotate", VAR], "var-value-2").success();
    env.run_stdin(&["add", S3], S3_JSON).success();
    env.run_stdin(&["add", REG], REG_JSON).success();
    env
}

/// `sesame ARGS` unlocking with `pass` through `SESAME_PASSPHRASE`.
fn with_pass(env: &Env, args: &[&str], pass: &str) -> Command {
    let mut cmd = env.cmd(args);
    cmd.env("SESAME_PASSPHRASE", pass);
    cmd
}

fn run_with_pass(env: &Env, args: &[&str], pass: &str) -> Run {
    Run::from(with_pass(env, args, pass).output().expect("spawn sesame"))
}

/// Whether `pass` opens the vault: exit 0 yes, exit 5 no, anything else is
/// a failure of the test.
fn opens_with(env: &Env, pass: &str) -> bool {
    let run = run_with_pass(env, &["get", "-n", VAR], pass);
    match run.code {
        0 => true,
        5 => {
            run.fails(5).never_shows("var-value");
            false
        }
        _ => panic!("opening with {pass:?}: neither opened nor refused: {run:#?}"),
    }
}

/// Every value of `vault()` reads back unchanged with `pass`.
fn assert_values(env: &Env, pass: &str) {
    let get = |args: &[&str]| run_with_pass(env, args, pass).success().stdout;
    assert_eq!(get(&["get", "-n", VAR]), "var-value-2");
    assert_eq!(get(&["get", "-n", "--version", "1", VAR]), "var-value-1");
    assert_eq!(get(&["get", "-n", S3]), S3_JSON);
    assert_eq!(get(&["get", "-n", REG]), REG_JSON);
    assert_eq!(
        get(&["get", "-n", &format!("{REG}#password")]),
        "pw1",
        "registry password"
    );
}

fn passwd(env: &Env, new_file: &Path) -> Run {
    env.run(&[
        "passwd",
        "--new-passphrase-file",
        new_file.to_str().unwrap(),
    ])
}

/// A deterministic PRNG step (splitmix64), so each run kills at the same
/// delays.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

// ---- success ------------------------------------------------------------

#[test]
fn passwd_switches_the_passphrase_and_every_value_reads_unchanged() {
    let env = vault();
    let new = "a brand new passphrase";
    let file = pass_file(&env, "new-pass", format!("{new}\n"));
    let run = passwd(&env, &file).success().never_shows(new);
    assert!(run.stdout.is_empty(), "passwd printed data: {run:#?}");
    let notice = format!("changed the passphrase of '{}'", env.vault_path().display());
    assert!(
        run.stderr.contains(&notice),
        "stderr lacks {notice:?}: {run:#?}"
    );

    // The old passphrase no longer opens the vault: exit 5, nothing shown.
    env.run(&["get", VAR]).fails(5).never_shows("var-value");
    env.run(&["get", S3]).fails(5).never_shows("sk1");
    assert!(!opens_with(&env, PASSPHRASE));
    assert!(opens_with(&env, new));
    assert_values(&env, new);
    // And the vault keeps working with the new one.
    run_with_stdin(with_pass(&env, &["rotate", VAR], new), b"var-value-3").success();
    assert_eq!(
        run_with_pass(&env, &["get", "-n", VAR], new)
            .success()
            .stdout,
        "var-value-3"
    );
}

#[test]
fn passwd_reads_only_the_first_line_of_the_new_passphrase_file() {
    let env = vault();
    let file = pass_file(&env, "new-pass", "first line pass\nsecond line\n");
    passwd(&env, &file).success();
    assert!(opens_with(&env, "first line pass"));
    assert!(!opens_with(&env, PASSPHRASE));
    // The same file as `--passphrase-file` opens it too: both read the first
    // line the same way.
    let run = env.run(&[
        "--passphrase-file",
        file.to_str().unwrap(),
        "get",
        "-n",
        VAR,
    ]);
    assert_eq!(run.success().stdout, "var-value-2");
}

#[test]
fn passwd_reads_a_crlf_new_passphrase_file_as_passphrase_file_reads_it() {
    let env = vault();
    let file = pass_file(&env, "new-pass", "crlf pass\r\n");
    passwd(&env, &file).success();
    assert!(!opens_with(&env, PASSPHRASE));
    let mut cmd = env.cmd(&[
        "--passphrase-file",
        file.to_str().unwrap(),
        "get",
        "-n",
        VAR,
    ]);
    cmd.env_remove("SESAME_PASSPHRASE");
    assert_eq!(
        Run::from(cmd.output().unwrap()).success().stdout,
        "var-value-2"
    );
}

#[test]
fn passwd_takes_the_current_passphrase_from_the_usual_sources() {
    let env = vault();
    let current = pass_file(&env, "current-pass", format!("{PASSPHRASE}\n"));
    let new = pass_file(&env, "new-pass", "from a file\n");
    let mut cmd = env.cmd(&[
        "--passphrase-file",
        current.to_str().unwrap(),
        "passwd",
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ]);
    cmd.env_remove("SESAME_PASSPHRASE");
    Run::from(cmd.output().unwrap()).success();
    assert_values(&env, "from a file");
}

#[test]
fn passwd_twice_and_back() {
    let env = vault();
    let one = pass_file(&env, "one", "passphrase one\n");
    passwd(&env, &one).success();
    let back = pass_file(&env, "back", format!("{PASSPHRASE}\n"));
    let cmd_args = ["passwd", "--new-passphrase-file", back.to_str().unwrap()];
    Run::from(
        with_pass(&env, &cmd_args, "passphrase one")
            .output()
            .unwrap(),
    )
    .success();
    assert!(!opens_with(&env, "passphrase one"));
    assert_values(&env, PASSPHRASE);
}

#[test]
fn passwd_quiet_prints_nothing() {
    let env = vault();
    let file = pass_file(&env, "new-pass", "quiet pass\n");
    let run = env
        .run(&[
            "-q",
            "passwd",
            "--new-passphrase-file",
            file.to_str().unwrap(),
        ])
        .success();
    assert!(run.stdout.is_empty() && run.stderr.is_empty(), "{run:#?}");
    assert_values(&env, "quiet pass");
}

// ---- refusals -----------------------------------------------------------

#[test]
fn passwd_refuses_an_empty_new_passphrase_with_exit_2() {
    let env = vault();
    for (name, content) in [("empty", ""), ("newline", "\n"), ("crlf", "\r\n")] {
        let file = pass_file(&env, name, content);
        let args = ["passwd", "--new-passphrase-file", file.to_str().unwrap()];
        env.test(&args).status(2).vault_unchanged().run();
        assert_values(&env, PASSPHRASE);
    }
    assert!(!opens_with(&env, ""));
}

#[test]
fn passwd_without_a_terminal_or_a_new_passphrase_file_exits_5() {
    let env = vault();
    env.test(&["passwd"])
        .without_terminal()
        .status(5)
        .vault_unchanged()
        .run();
    assert_values(&env, PASSPHRASE);
    // Stdin is not a source for the new passphrase either.
    env.test(&["passwd"])
        .without_terminal()
        .stdin(b"piped new pass\npiped new pass\n")
        .status(5)
        .never_shows("piped new pass")
        .vault_unchanged()
        .run();
    assert!(!opens_with(&env, "piped new pass"));
}

#[test]
fn passwd_with_a_wrong_current_passphrase_exits_5() {
    let env = vault();
    let file = pass_file(&env, "new-pass", "never applied\n");
    let args = ["passwd", "--new-passphrase-file", file.to_str().unwrap()];
    env.test(&args)
        .env("SESAME_PASSPHRASE", "wrong horse")
        .status(5)
        .never_shows("never applied")
        .vault_unchanged()
        .run();
    assert_values(&env, PASSPHRASE);
    assert!(!opens_with(&env, "never applied"));
    assert!(!opens_with(&env, "wrong horse"));
}

#[test]
fn passwd_without_any_current_passphrase_source_exits_5() {
    let env = vault();
    let file = pass_file(&env, "new-pass", "never applied\n");
    env.test(&["passwd", "--new-passphrase-file", file.to_str().unwrap()])
        .env_remove("SESAME_PASSPHRASE")
        .without_terminal()
        .status(5)
        .vault_unchanged()
        .run();
    assert_values(&env, PASSPHRASE);
    assert!(!opens_with(&env, "never applied"));
}

#[test]
fn passwd_with_a_missing_new_passphrase_file_fails_naming_it() {
    let env = vault();
    let missing = env.root().join("no-such-pass-file");
    let before = env.vault_bytes();
    let run = passwd(&env, &missing);
    let code = run.code;
    assert_ne!(code, 0, "{run:#?}");
    run.fails(code).stderr_has("no-such-pass-file");
    assert!(env.vault_bytes() == before);
    assert_values(&env, PASSPHRASE);
}

#[test]
fn passwd_of_a_missing_vault_exits_3() {
    let env = Env::new();
    let file = pass_file(&env, "new-pass", "new pass\n");
    passwd(&env, &file).fails(3);
    assert!(!env.vault_path().exists());
}

// ---- kill -9 ------------------------------------------------------------

#[test]
fn kill_9_during_passwd_leaves_a_vault_that_opens_with_the_old_or_the_new_passphrase() {
    let env = vault();
    let mut current = PASSPHRASE.to_string();
    let (mut finished, mut old_kept, mut new_taken) = (0, 0, 0);
    for i in 0u64..20 {
        let next = format!("kill test passphrase {i}");
        let file = pass_file(&env, "next-pass", format!("{next}\n"));
        let delay = Duration::from_millis(splitmix64(i) % 151);
        let mut cmd = with_pass(
            &env,
            &["passwd", "--new-passphrase-file", file.to_str().unwrap()],
            &current,
        );
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        let mut child = cmd.spawn().expect("spawn sesame");
        std::thread::sleep(delay);
        if child.try_wait().expect("try_wait").is_some() {
            finished += 1;
        }
        let _ = child.kill(); // SIGKILL
        child.wait().expect("wait");

        let old_opens = opens_with(&env, &current);
        let new_opens = opens_with(&env, &next);
        assert!(
            old_opens || new_opens,
            "iteration {i}: passwd killed after {delay:?} left a vault that opens with neither passphrase"
        );
        assert!(
            !(old_opens && new_opens),
            "iteration {i}: passwd killed after {delay:?} left a vault that opens with both passphrases"
        );
        if new_opens {
            new_taken += 1;
            current = next;
        } else {
            old_kept += 1;
        }
        assert_values(&env, &current);
    }
    eprintln!(
        "kill -9 during passwd: 20 runs (delays 0..=150 ms), {finished} had finished before the kill; \
         {old_kept} left the old passphrase, {new_taken} the new one"
    );
    // Whatever the killed ones left, a whole passwd still works.
    let file = pass_file(&env, "final-pass", "final passphrase\n");
    let args = ["passwd", "--new-passphrase-file", file.to_str().unwrap()];
    Run::from(with_pass(&env, &args, &current).output().unwrap()).success();
    assert_values(&env, "final passphrase");
    assert!(!opens_with(&env, &current));
}

// ---- concurrent writers -------------------------------------------------

#[test]
fn passwd_among_concurrent_writers_keeps_the_new_passphrase_and_every_write() {
    // A writer that unlocked with the old passphrase and then waited for the
    // lock (as `rotate` does: it reads before it writes) must apply its
    // change on top of the vault passwd left: it must neither bring the old
    // passphrase back nor lose the change.
    let env = vault();
    let new = "passphrase changed mid-stream";
    let file = pass_file(&env, "new-pass", format!("{new}\n"));
    let (writes, passwd_run) = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let env = &env;
                scope.spawn(move || {
                    // One add, then rotations; the last value that was
                    // reported stored.
                    let id = format!("user/w{w}/secret/Custom/n");
                    let mut stored = None;
                    for i in 0..5 {
                        let value = format!("concurrent-{w}-{i}");
                        let verb = if i == 0 { "add" } else { "rotate" };
                        let mut cmd = env.cmd(&[verb, &id]);
                        cmd.env("SESAME_LOCK_TIMEOUT", "60");
                        let run = run_with_stdin(cmd, value.as_bytes());
                        match run.code {
                            0 => stored = Some(value),
                            // Unlocked after the change: the old passphrase
                            // is refused, and nothing is written.
                            5 => {}
                            _ => panic!("{verb} {id}: {run:#?}"),
                        }
                    }
                    (id, stored)
                })
            })
            .collect();
        let passwd = scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(60));
            let mut cmd = env.cmd(&["passwd", "--new-passphrase-file", file.to_str().unwrap()]);
            cmd.env("SESAME_LOCK_TIMEOUT", "60");
            Run::from(cmd.output().unwrap())
        });
        let writes: Vec<(String, Option<String>)> = writers
            .into_iter()
            .map(|h| h.join().expect("writer thread"))
            .collect();
        (writes, passwd.join().expect("passwd thread"))
    });
    passwd_run.success();
    assert!(
        !opens_with(&env, PASSPHRASE),
        "the old passphrase opens the vault again after concurrent writes"
    );
    assert!(opens_with(&env, new));
    assert_values(&env, new);
    for (id, stored) in &writes {
        let run = run_with_pass(&env, &["get", "-n", id], new);
        match stored {
            Some(value) => assert_eq!(run.success().stdout, *value, "{id}"),
            None => {
                run.fails(3);
            }
        }
    }
    eprintln!(
        "passwd among concurrent writers: {} of 4 writers stored something",
        writes.iter().filter(|(_, s)| s.is_some()).count()
    );
}

#[test]
fn of_two_concurrent_passwds_exactly_one_wins_and_its_passphrase_opens() {
    // Both start from the same passphrase; the second to take the lock
    // finds it no longer valid and must say so (exit 5) rather than
    // silently replace the first one's new passphrase.
    for round in 0..3 {
        let env = vault();
        let files: Vec<PathBuf> = ["x", "y"]
            .iter()
            .map(|n| pass_file(&env, n, format!("passphrase {n}\n")))
            .collect();
        let runs: Vec<Run> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .iter()
                .map(|f| {
                    let env = &env;
                    scope.spawn(move || {
                        let mut cmd =
                            env.cmd(&["passwd", "--new-passphrase-file", f.to_str().unwrap()]);
                        cmd.env("SESAME_LOCK_TIMEOUT", "60");
                        Run::from(cmd.output().unwrap())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let winners: Vec<usize> = (0..2).filter(|&i| runs[i].code == 0).collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round}: exactly one passwd must succeed: {runs:#?}"
        );
        let (win, lose) = (winners[0], 1 - winners[0]);
        let names = ["passphrase x", "passphrase y"];
        assert_eq!(runs[lose].code, 5, "round {round}: {runs:#?}");
        assert!(
            opens_with(&env, names[win]),
            "round {round}: the winner's passphrase does not open"
        );
        assert!(
            !opens_with(&env, names[lose]),
            "round {round}: the loser's passphrase opens"
        );
        assert!(!opens_with(&env, PASSPHRASE), "round {round}");
        assert_values(&env, names[win]);
    }
}
