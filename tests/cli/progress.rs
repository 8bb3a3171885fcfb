//! Long work shows a line on a terminal while it runs (`verify`, `upgrade`,
//! `passwd --rekey`, as `import` shows its bar), and nothing on a pipe or
//! with `--quiet`. Real pseudo-terminals (`script` from util-linux).

use crate::support::{Env, PASSPHRASE};

const DB: &str = "project/atlas/secret/Custom/db-password";
use crate::tty::Tty;

/// `sesame ARGS` on a terminal that says what it is (a `TERM` of `dumb`
/// or none shows no line, as for every terminal program).
fn on_terminal(env: &Env, args: &[&str]) -> std::process::Command {
    let mut cmd = env.cmd(args);
    cmd.env("TERM", "xterm");
    cmd
}

#[test]
fn verify_shows_what_it_is_doing_on_a_terminal_and_nothing_on_a_pipe() {
    let env = Env::init();
    env.add(DB, "the-value");
    let (code, shown) = Tty::spawn(&on_terminal(&env, &["verify"])).finish();
    assert_eq!(code, 0, "{shown}");
    assert!(
        shown.contains("verifying every byte, signature and value"),
        "{shown:?}"
    );
    // The table still follows, and the line was cleared before it.
    assert!(shown.contains("STATUS"), "{shown:?}");
    let piped = env.ok(&["verify"]);
    assert!(!piped.stderr.contains("verifying"), "{piped:#?}");
    let (_, quiet) = Tty::spawn(&on_terminal(&env, &["verify", "--quiet"])).finish();
    assert!(!quiet.contains("verifying"), "{quiet:?}");
}

#[test]
fn upgrade_shows_its_line_after_the_passphrase_prompt() {
    let env = Env::init_v1();
    env.add(DB, "the-value");
    let mut cmd = on_terminal(&env, &["upgrade"]);
    cmd.env_remove("SESAME_PASSPHRASE");
    let mut tty = Tty::spawn(&cmd);
    tty.expect("Passphrase for the vault:");
    assert!(
        !tty.text().contains("upgrading to format 2"),
        "{:?}",
        tty.text()
    );
    tty.send(PASSPHRASE);
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown}");
    let after_prompt = &shown[shown.find("Passphrase for the vault:").unwrap()..];
    assert!(after_prompt.contains("upgrading to format 2"), "{shown:?}");
    assert!(shown.contains("upgraded"), "{shown:?}");
    assert_eq!(env.get(DB), "the-value");
    // On a pipe: the notices only.
    let env = Env::init_v1();
    env.add(DB, "the-value");
    let piped = env.ok(&["upgrade"]);
    assert!(
        !piped.stderr.contains("upgrading to format 2"),
        "{piped:#?}"
    );
}

#[test]
fn passwd_rekey_shows_its_line_on_a_terminal() {
    let env = Env::init();
    env.add(DB, "the-value");
    let new = env.root().join("new-pass");
    std::fs::write(&new, "a new passphrase\n").unwrap();
    crate::support::set_mode(&new, 0o600);
    let (code, shown) = Tty::spawn(&on_terminal(
        &env,
        &[
            "passwd",
            "--rekey",
            "--new-passphrase-file",
            new.to_str().unwrap(),
        ],
    ))
    .finish();
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("making new keys"), "{shown:?}");
}
