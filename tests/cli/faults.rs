//! Fault injection at each step of a write (issue 8): the process dies
//! (`abort`, like a crash or `kill -9`) or gets an I/O error after the temp
//! file is written, before the rename, and after the rename but before the
//! directory sync. The vault must open as before or as after, and the next
//! write must leave no temp file behind. Debug builds carry the failpoints
//! (`SESAME_FAILPOINT=<point>:<abort|error>`).

use crate::support::{Env, PASSPHRASE, Run, ids};

const POINTS: [&str; 3] = ["temp-written", "before-rename", "after-rename"];

fn vault_dir_entries(env: &Env) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("vault.sesame"))
        .collect();
    names.sort();
    names
}

fn with_failpoint(env: &Env, args: &[&str], input: &str, spec: &str) -> Run {
    let mut cmd = env.cmd(args);
    cmd.env("SESAME_FAILPOINT", spec);
    crate::support::run_with_stdin(cmd, input.as_bytes())
}

#[test]
fn a_write_that_dies_or_fails_at_any_step_leaves_the_old_or_the_new_vault_issue_8() {
    for point in POINTS {
        for action in ["abort", "error"] {
            let env = Env::init();
            env.add("user/u/a", "value-a");
            let before = env.vault_bytes();
            let run = with_failpoint(
                &env,
                &["add", "user/u/b"],
                "value-b",
                &format!("{point}:{action}"),
            );
            assert_ne!(run.code, 0, "{point}:{action} should not succeed: {run:?}");
            if action == "error" {
                assert_eq!(run.code, 1, "{point}:{action}: {run:?}");
                assert!(!run.stderr.contains("value-b"), "{run:?}");
            }
            let now = ids(&env);
            if point == "after-rename" {
                assert_eq!(
                    now,
                    ["user/u/a", "user/u/b"],
                    "{point}:{action}: the rename happened"
                );
                assert_eq!(env.get("user/u/b"), "value-b");
            } else {
                assert_eq!(
                    now,
                    ["user/u/a"],
                    "{point}:{action}: the vault must be the old one"
                );
                assert_eq!(
                    env.vault_bytes(),
                    before,
                    "{point}:{action}: the vault must be byte-identical"
                );
            }
            assert_eq!(env.get("user/u/a"), "value-a");
            // The next write sweeps any temp file the dead writer left.
            env.add("user/u/c", "value-c");
            assert_eq!(
                vault_dir_entries(&env),
                ["vault.sesame", "vault.sesame.lock"],
                "{point}:{action}"
            );
        }
    }
}

#[test]
fn a_passwd_that_dies_at_any_step_leaves_a_vault_one_passphrase_opens_issue_8() {
    for point in POINTS {
        let env = Env::init();
        env.add("user/u/a", "value-a");
        let new_file = env.write_file("new-pass", "new passphrase\n");
        crate::support::set_mode(&new_file, 0o600);
        let run = with_failpoint(
            &env,
            &[
                "passwd",
                "--new-passphrase-file",
                new_file.to_str().unwrap(),
            ],
            "",
            &format!("{point}:abort"),
        );
        assert_ne!(run.code, 0, "{point}: {run:?}");
        let with = |pass: &str| {
            let out = env
                .cmd(&["get", "user/u/a"])
                .env("SESAME_PASSPHRASE", pass)
                .output()
                .unwrap();
            Run::from(out)
        };
        let (old, new) = (with(PASSPHRASE), with("new passphrase"));
        let expect_new = point == "after-rename";
        assert_eq!(
            (old.code == 0, new.code == 0),
            (!expect_new, expect_new),
            "{point}: old {old:?} new {new:?}"
        );
        let opened = if expect_new { new } else { old };
        assert_eq!(opened.stdout, "value-a\n");
    }
}
