//! Prompts at a terminal (issue 15, items 1, 3 and 4): a mistyped
//! passphrase is asked again, `add` unlocks before it asks for the value,
//! `init` and `passwd` ask again when the two entries differ, `rm` asks
//! before it deletes, and a session ended by `lock` is warned about once.
//! Every terminal here is a real pseudo-terminal (`script` from util-linux).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::sessions::token;
use crate::support::{Env, FAST_KDF, PASSPHRASE, custom, ids, value_of};

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A command running on a pseudo-terminal of its own (`script -qefc`),
/// with what it writes to the terminal collected.
pub struct Tty {
    child: std::process::Child,
    input: Option<std::process::ChildStdin>,
    seen: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Tty {
    /// Runs `cmd` (program, arguments and environment; its stdio is
    /// replaced by the terminal) under `script`.
    pub fn spawn(cmd: &Command) -> Tty {
        let mut line = sh_quote(&cmd.get_program().to_string_lossy());
        for arg in cmd.get_args() {
            line.push(' ');
            line.push_str(&sh_quote(&arg.to_string_lossy()));
        }
        let mut script = Command::new("script");
        script.args(["-qefc", &line, "/dev/null"]).env_clear();
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                script.env(k, v);
            }
        }
        script.env("SHELL", "/bin/sh");
        let mut child = script
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run script(1) from util-linux");
        let mut stdout = child.stdout.take().expect("piped");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Tty {
            input: child.stdin.take(),
            child,
            seen,
            reader: Some(reader),
        }
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned()
    }

    /// Waits (at most 120 s, for a loaded machine) until the terminal has
    /// shown `needle` at least `times` times in all.
    pub fn expect_n(&mut self, needle: &str, times: usize) {
        let start = Instant::now();
        while self.text().matches(needle).count() < times {
            if start.elapsed() > Duration::from_secs(120)
                || self.child.try_wait().ok().flatten().is_some()
            {
                std::thread::sleep(Duration::from_millis(200));
                if self.text().matches(needle).count() >= times {
                    return;
                }
                let _ = self.child.kill();
                panic!(
                    "the terminal never showed {needle:?} {times} times; it showed: {:?}",
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the terminal has shown `needle`.
    pub fn expect(&mut self, needle: &str) {
        self.expect_n(needle, 1);
    }

    /// Types `line` and Enter.
    pub fn send(&mut self, line: &str) {
        // A prompt is printed a moment before echo is turned off; typing
        // into that moment would echo what is typed.
        std::thread::sleep(Duration::from_millis(150));
        let input = self.input.as_mut().expect("input open");
        input
            .write_all(format!("{line}\r").as_bytes())
            .and_then(|()| input.flush())
            .expect("type on the terminal");
    }

    /// Waits (at most 180 s) for the command's exit; its code and what the
    /// terminal showed.
    pub fn finish(mut self) -> (i32, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if start.elapsed() > Duration::from_secs(180) {
                let _ = self.child.kill();
                panic!("the command did not finish; it showed: {:?}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(self.input.take());
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        (status.code().unwrap_or(-1), self.text())
    }
}

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
    assert!(shown.contains("sesame: error: wrong passphrase"), "{shown:?}");
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
