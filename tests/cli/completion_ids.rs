//! ID completion (issue 4): the hidden `sesame __complete WORD` and the
//! committed bash script that calls it, in a real bash. IDs are offered
//! only with a usable `SESAME_SESSION`; otherwise nothing, at once and
//! without a prompt (`docs/cli-decisions.md`, "Scripting (issue 4)").

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::sessions::{session_run, token};
use crate::support::{Env, Run, output, set, without_terminal};

const IDS: [&str; 6] = [
    "project/atlas/secret/Custom/db-password",
    "project/atlas/secret/Custom/api-token",
    "project/atlas/connect/S3/prod",
    "project/apollo/secret/Custom/x",
    "organization/acme/secret/Custom/slack-token",
    "user/alice/secret/Custom/github-pat",
];

fn vault() -> Env {
    let env = Env::init();
    for id in IDS {
        if id.contains("/connect/S3/") {
            env.run_stdin(
                &["add", id],
                r#"{"access_key_id":"AKIACOMP","secret_access_key":"comp-secret"}"#,
            )
            .success();
        } else {
            env.add(id, &format!("value-of-{id}"));
        }
    }
    env
}

fn lines(run: &Run) -> BTreeSet<String> {
    run.stdout.lines().map(str::to_string).collect()
}

fn completions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

// ---- sesame __complete -------------------------------------------------------------

#[test]
fn complete_offers_the_next_segment_or_a_full_id_issue_4() {
    let env = vault();
    let token = token(&env);
    let cases: &[(&str, &[&str])] = &[
        ("", &["organization/", "project/", "user/"]),
        ("proj", &["project/"]),
        ("project/", &["project/apollo/", "project/atlas/"]),
        ("project/at", &["project/atlas/"]),
        (
            "project/atlas/",
            &["project/atlas/connect/", "project/atlas/secret/"],
        ),
        (
            "project/atlas/secret/Custom",
            &["project/atlas/secret/Custom/"],
        ),
        (
            "project/atlas/secret/Custom/",
            &[
                "project/atlas/secret/Custom/api-token",
                "project/atlas/secret/Custom/db-password",
            ],
        ),
        (
            "project/atlas/secret/Custom/d",
            &["project/atlas/secret/Custom/db-password"],
        ),
        (
            "project/atlas/secret/Custom/db-password",
            &["project/atlas/secret/Custom/db-password"],
        ),
        (
            "project/atlas/connect/S3/p",
            &["project/atlas/connect/S3/prod"],
        ),
        ("user/a", &["user/alice/"]),
        ("nothing", &[]),
        ("project/atlas/secret/Custom/zz", &[]),
    ];
    for (word, want) in cases {
        let run = session_run(&env, &token, &["__complete", word]).success();
        assert_eq!(lines(&run), set(want), "__complete {word:?}: {run:#?}");
        assert!(
            run.stdout.is_empty() || run.stdout.ends_with('\n'),
            "one candidate per line: {run:#?}"
        );
    }
}

#[test]
fn complete_never_prints_values_issue_4() {
    let env = vault();
    let token = token(&env);
    for word in [
        "",
        "project/atlas/secret/Custom/",
        "project/atlas/secret/Custom/db-password",
    ] {
        let run = session_run(&env, &token, &["__complete", word]).success();
        for id in IDS {
            run_never_shows(&run, &format!("value-of-{id}"));
        }
        run_never_shows(&run, "comp-secret");
    }
}

fn run_never_shows(run: &Run, secret: &str) {
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "shows {secret:?}: {run:#?}"
    );
}

#[test]
fn complete_without_a_usable_session_prints_nothing_and_succeeds_issue_4() {
    let env = vault();
    // The passphrase alone is not enough: completion never runs the KDF.
    let run = env.ok(&["__complete", "proj"]);
    assert!(run.stdout.is_empty(), "{run:#?}");
    // No source at all, no terminal.
    let mut cmd = env.cmd(&["__complete", "proj"]);
    cmd.env_remove("SESAME_PASSPHRASE");
    without_terminal(&mut cmd);
    let run = output(cmd).success();
    assert!(run.stdout.is_empty(), "{run:#?}");
    // A session that lock ended, or garbage.
    let token = token(&env);
    env.ok(&["lock"]);
    for t in [token.as_str(), "garbage"] {
        let run = session_run(&env, t, &["__complete", "proj"]).success();
        assert!(run.stdout.is_empty(), "{run:#?}");
    }
    // No vault at all.
    let empty = Env::new();
    let run = empty.ok(&["__complete", "proj"]);
    assert!(run.stdout.is_empty(), "{run:#?}");
}

#[test]
fn complete_is_hidden_from_help_issue_4() {
    let env = Env::new();
    let run = env.ok(&["--help"]);
    assert!(!run.stdout.contains("__complete"), "{run:#?}");
    assert!(run.stdout.contains("unlock"), "{run:#?}");
}

#[test]
fn the_committed_scripts_call_complete_issue_4() {
    for name in ["sesame.bash", "_sesame", "sesame.fish"] {
        let path = completions_dir().join(name);
        let text = std::fs::read_to_string(&path).expect("read completion script");
        assert!(
            text.contains("__complete"),
            "{} does not call `sesame __complete`",
            path.display()
        );
    }
}

/// A python3 that runs without the caller's HOME (pyenv shims need it).
fn python() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args(["-c", "import sys, pty; print(sys.executable)"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let path = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(path.trim()))
}

/// Runs `sesame ARGS` (with `env`'s environment and `setup`) in a fresh
/// pseudo-terminal; stops it after `limit` seconds, or as soon as it
/// writes `stop_on` (lower case; empty: never). Returns whether it was
/// stopped, its exit code and what it wrote to the terminal.
fn in_a_terminal(
    env: &Env,
    args: &[&str],
    limit: f64,
    stop_on: &str,
    setup: impl FnOnce(&mut Command),
) -> Option<(bool, i64, String)> {
    const HARNESS: &str = r#"
import json, os, pty, select, sys, time
limit = float(sys.argv[1])
stop_on = sys.argv[2].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[3], sys.argv[3:])
out = b""
deadline = time.monotonic() + limit
while True:
    r, _, _ = select.select([fd], [], [], 0.02)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if data:
            out += data
            continue
    wpid, status = os.waitpid(pid, os.WNOHANG)
    if wpid:
        print(json.dumps({"stopped": False, "code": os.waitstatus_to_exitcode(status),
                          "out": out.decode("utf-8", "replace")}))
        break
    if time.monotonic() > deadline or (stop_on and stop_on in out.lower()):
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        print(json.dumps({"stopped": True, "code": -9, "out": out.decode("utf-8", "replace")}))
        break
"#;
    let Some(python) = python() else {
        eprintln!("skipped: python3 with the pty module is not installed");
        return None;
    };
    let mut inner = env.cmd(args);
    setup(&mut inner);
    let mut cmd = Command::new(python);
    cmd.arg("-c")
        .arg(HARNESS)
        .arg(limit.to_string())
        .arg(stop_on)
        .arg(inner.get_program())
        .args(inner.get_args());
    cmd.env_clear();
    for (key, value) in inner.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    without_terminal(&mut cmd);
    let run = output(cmd);
    assert_eq!(run.code, 0, "the pty harness failed: {run:#?}");
    let json = run.json();
    Some((
        json["stopped"].as_bool().expect("stopped"),
        json["code"].as_i64().expect("code"),
        json["out"].as_str().expect("out").to_string(),
    ))
}

#[test]
fn complete_never_prompts_even_on_a_terminal_issue_4() {
    let env = vault();
    // The control: on this terminal, a command that needs the passphrase
    // does prompt for it.
    let Some((_, _, out)) = in_a_terminal(&env, &["get", IDS[0]], 20.0, "passphrase", |c| {
        c.env_remove("SESAME_PASSPHRASE");
    }) else {
        return;
    };
    assert!(
        out.to_lowercase().contains("passphrase"),
        "the pty harness gave sesame no terminal: {out:?}"
    );
    // Completion does not, and is done at once.
    for remove_passphrase in [true, false] {
        let (stopped, code, out) = in_a_terminal(&env, &["__complete", "proj"], 20.0, "", |c| {
            if remove_passphrase {
                c.env_remove("SESAME_PASSPHRASE");
            }
        })
        .expect("python was there a moment ago");
        assert!(
            !stopped && code == 0 && out.is_empty(),
            "__complete without a session (passphrase removed: {remove_passphrase}): \
             stopped {stopped}, exit {code}, wrote {out:?}"
        );
    }
}

// ---- the bash script, in bash ---------------------------------------------------------

/// Sources the committed bash script, finds the function registered for
/// `sesame`, and calls it as bash would for `sesame SUBCOMMAND WORD<TAB>`;
/// returns COMPREPLY (one entry per line) and the run.
fn bash_complete(
    env: &Env,
    session: Option<&str>,
    keep_passphrase: bool,
    subcommand: &str,
    word: &str,
) -> (Vec<String>, Run) {
    const SCRIPT: &str = r#"
source "$COMPLETIONS" || exit 90
spec=$(complete -p sesame) || exit 91
func=$(printf '%s\n' "$spec" | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
[ -n "$func" ] || { echo "no -F function in: $spec" >&2; exit 92; }
COMP_WORDS=(sesame "$SUB" "$WORD")
COMP_CWORD=2
COMP_LINE="sesame $SUB $WORD"
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()
"$func" sesame "$WORD" "$SUB"
for r in "${COMPREPLY[@]}"; do printf '%s\n' "$r"; done
"#;
    let inner = env.cmd(&[]);
    let bin_dir = Path::new(inner.get_program())
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let mut cmd = Command::new("bash");
    cmd.args(["--norc", "--noprofile", "-c", SCRIPT]);
    cmd.env_clear();
    for (key, value) in inner.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    cmd.env("PATH", path)
        .env("COMPLETIONS", completions_dir().join("sesame.bash"))
        .env("SUB", subcommand)
        .env("WORD", word)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !keep_passphrase {
        cmd.env_remove("SESAME_PASSPHRASE");
    }
    if let Some(token) = session {
        cmd.env("SESAME_SESSION", token);
    }
    without_terminal(&mut cmd);
    let run = output(cmd);
    assert_eq!(run.code, 0, "completing {word:?}: {run:#?}");
    let reply = run.stdout.lines().map(str::to_string).collect();
    (reply, run)
}

#[test]
fn bash_completes_ids_segment_by_segment_with_a_session_issue_4() {
    let env = vault();
    let token = token(&env);
    let cases: &[(&str, &str)] = &[
        ("proj", "project/"),
        ("project/atl", "project/atlas/"),
        ("project/atlas/s", "project/atlas/secret/"),
        ("project/atlas/secret/", "project/atlas/secret/Custom/"),
        (
            "project/atlas/secret/Custom/db",
            "project/atlas/secret/Custom/db-password",
        ),
        (
            "project/atlas/secret/Custom/db-password",
            "project/atlas/secret/Custom/db-password",
        ),
        ("org", "organization/"),
    ];
    for (word, want) in cases {
        let (reply, run) = bash_complete(&env, Some(&token), false, "get", word);
        assert!(
            reply.iter().any(|r| r == want),
            "sesame get {word}<TAB> does not offer {want:?}: {reply:?}\n{run:#?}"
        );
        assert!(
            reply.iter().all(|r| r.starts_with(word)),
            "sesame get {word}<TAB> offers something else: {reply:?}"
        );
        assert!(
            !run.stderr.contains("sesame:"),
            "completion printed sesame's messages: {run:#?}"
        );
    }
    // The same session, other ID-taking commands.
    for sub in ["rm", "history", "rotate"] {
        let (reply, run) = bash_complete(&env, Some(&token), false, sub, "project/atl");
        assert!(
            reply.iter().any(|r| r == "project/atlas/"),
            "sesame {sub} project/atl<TAB>: {reply:?}\n{run:#?}"
        );
    }
}

#[test]
fn bash_offers_no_ids_without_a_usable_session_issue_4() {
    let env = vault();
    let no_ids = |session: Option<&str>, keep_passphrase: bool| {
        let (reply, run) = bash_complete(&env, session, keep_passphrase, "get", "proj");
        assert!(
            !reply.iter().any(|r| r.starts_with("project/")),
            "IDs offered (session {session:?}, passphrase kept: {keep_passphrase}): \
             {reply:?}\n{run:#?}"
        );
        assert!(!run.stderr.contains("sesame:"), "{run:#?}");
    };
    no_ids(None, false);
    no_ids(None, true);
    no_ids(Some("garbage"), false);
    let token = token(&env);
    env.ok(&["lock"]);
    no_ids(Some(&token), false);
    no_ids(Some(&token), true);
}
