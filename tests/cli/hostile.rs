//! Hostile surroundings (issue 8): a vault that is someone else's file, a
//! vault directory others can write, a flood on stdin.

use std::io::Write;
use std::process::Stdio;

use crate::support::{Env, set_mode};

#[test]
fn a_vault_owned_by_another_user_is_refused_even_through_a_symlink_issue_8() {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: needs root to give a file to another user");
        return;
    }
    let env = Env::init();
    env.add("user/u/x", "value-x");
    let theirs = env.root().join("theirs.sesame");
    std::fs::rename(env.vault_path(), &theirs).unwrap();
    rustix::fs::chown(&theirs, Some(rustix::process::Uid::from_raw(65534)), None).unwrap();
    std::os::unix::fs::symlink(&theirs, env.vault_path()).unwrap();
    let before = std::fs::read(&theirs).unwrap();
    env.run(&["get", "user/u/x"])
        .fails(1)
        .stderr_has("belongs to user 65534")
        .never_shows("value-x");
    env.run_stdin(&["add", "user/u/y"], "value-y").fails(1);
    assert_eq!(
        std::fs::read(&theirs).unwrap(),
        before,
        "their file must not change"
    );
}

#[test]
fn a_vault_directory_writable_by_others_is_warned_about_issue_8() {
    let env = Env::new();
    let dir = env.root().join("shared");
    std::fs::create_dir(&dir).unwrap();
    let vault = dir.join("vault.sesame");
    let cmd = |args: &[&str]| {
        let mut c = env.cmd(args);
        c.env("SESAME_VAULT", &vault);
        c
    };
    let run = |args: &[&str]| crate::support::Run::from(cmd(args).output().unwrap());
    let init: Vec<&str> = ["init"]
        .into_iter()
        .chain(crate::support::FAST_KDF)
        .collect();
    run(&init).success();
    set_mode(&dir, 0o777);
    let listed = run(&["list"]).success();
    assert!(
        listed.stderr.contains("sesame: warning:") && listed.stderr.contains("writable by others"),
        "{listed:?}"
    );
    let quiet = run(&["-q", "list"]).success();
    assert!(quiet.stderr.is_empty(), "{quiet:?}");
    set_mode(&dir, 0o700);
    let fine = run(&["list"]).success();
    assert!(!fine.stderr.contains("writable by others"), "{fine:?}");
}

/// A 100 MB value is refused at the 1 MiB limit without being read whole:
/// sesame stops reading, so the writer cannot get all of it in.
#[test]
fn a_flood_on_stdin_is_refused_at_the_limit_without_reading_it_all_issue_8() {
    let env = Env::init();
    let before = env.vault_bytes();
    let mut child = env
        .cmd(&["add", "user/u/flood"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 20];
        let mut written = 0usize;
        for _ in 0..100 {
            match stdin.write_all(&chunk) {
                Ok(()) => written += chunk.len(),
                Err(_) => break,
            }
        }
        written
    });
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    let run = crate::support::Run::from(out).fails(2).stderr_has("1 MiB");
    assert!(
        written < 100 << 20,
        "sesame read all 100 MB ({written} bytes) before refusing: {run:?}"
    );
    assert_eq!(env.vault_bytes(), before);
}
