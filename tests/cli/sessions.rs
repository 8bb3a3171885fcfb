//! Sessions (issue 4): `sesame unlock` and `sesame lock`, `SESAME_SESSION`,
//! the session file, and every misuse of `shared/design/vault.md` §3
//! (expired, wrong vault, after `lock`, tampered or missing file, wrong
//! token): exit 5 when no passphrase source is left, a warning and the
//! passphrase otherwise (`docs/cli-decisions.md`, "Scripting (issue 4)").
//!
//! Helpers shared with the other issue-4 files are `pub(crate)` here.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{
    Env, PASSPHRASE, Run, mode_of, output, run_with_stdin, set_mode, without_terminal,
};

const ID: &str = "project/atlas/secret/Custom/db-password";
const VALUE: &str = "s3ss10n-db-pa55word";
const TOKEN_PREFIX: &str = "sesame-session-v1.";

// ---- shared helpers ---------------------------------------------------------

/// `sesame unlock --raw ARGS...` with the passphrase; the token, checked
/// against the documented shape.
pub(crate) fn token_with(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["unlock", "--raw"];
    all.extend_from_slice(args);
    let run = env.ok(&all);
    let token = run
        .stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("unlock --raw prints the token and a newline: {run:#?}"))
        .to_string();
    assert_token_shape(&token);
    token
}

pub(crate) fn token(env: &Env) -> String {
    token_with(env, &[])
}

fn assert_token_shape(token: &str) {
    let hex = token
        .strip_prefix(TOKEN_PREFIX)
        .unwrap_or_else(|| panic!("token lacks {TOKEN_PREFIX:?}: {token:?}"));
    assert_eq!(hex.len(), 128, "token is not 128 hex digits: {token:?}");
    assert!(
        hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "token is not hex: {token:?}"
    );
}

/// `sesame ARGS` opened by the session alone: no passphrase source, no
/// terminal.
pub(crate) fn session_cmd(env: &Env, token: &str, args: &[&str]) -> Command {
    let mut cmd = env.cmd(args);
    cmd.env_remove("SESAME_PASSPHRASE")
        .env("SESAME_SESSION", token);
    without_terminal(&mut cmd);
    cmd
}

pub(crate) fn session_run(env: &Env, token: &str, args: &[&str]) -> Run {
    output(session_cmd(env, token, args))
}

/// The directory holding the session files.
pub(crate) fn sessions_dir(env: &Env) -> PathBuf {
    env.root().join("runtime").join("sesame").join("sessions")
}

/// The regular files in `dir` (none when it does not exist).
pub(crate) fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The one session file `unlock` wrote.
fn the_session_file(env: &Env) -> PathBuf {
    let files = files_in(&sessions_dir(env));
    assert_eq!(
        files.len(),
        1,
        "expected exactly one session file: {files:?}"
    );
    files.into_iter().next().expect("one file")
}

fn vault_with_secret() -> Env {
    let env = Env::init();
    env.add(ID, VALUE);
    env
}

/// The `SESAME_SESSION` value in `export SESAME_SESSION='…'`.
fn token_from_export(stdout: &str) -> String {
    let line = stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("unlock's output does not end in a newline: {stdout:?}"));
    assert!(
        !line.contains('\n'),
        "unlock printed more than one line: {stdout:?}"
    );
    let token = line
        .strip_prefix("export SESAME_SESSION='")
        .and_then(|rest| rest.strip_suffix('\''))
        .unwrap_or_else(|| panic!("not `export SESAME_SESSION='…'`: {stdout:?}"));
    token.to_string()
}

fn parse_time(s: &str) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("not RFC 3339 ({e}): {s:?}"))
}

/// The `<time>` of `unlocked '<vault>' until <time>` on unlock's stderr.
fn unlocked_until(run: &Run, env: &Env) -> String {
    let head = format!("unlocked '{}' until ", env.vault_path().display());
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&head))
        .unwrap_or_else(|| panic!("no `{head}<time>` line: {run:#?}"));
    line[head.len()..].trim().to_string()
}

/// The session cannot be used (`kind` is `expired` or `invalid`): with the
/// passphrase still set `get ID` works, after the documented warning (said
/// once per token, issue 15); with no passphrase source left it is exit 5
/// and says why. `setup` adjusts both commands (e.g. another vault).
fn assert_unusable(
    env: &Env,
    token: &str,
    kind: &str,
    expected: &str,
    setup: impl Fn(&mut Command),
) {
    assert_falls_back(env, token, kind, expected, &setup);
    assert_refused(env, token, kind, expected, &setup);
}

/// With no passphrase source left, `get ID` is exit 5 and the error says
/// why.
fn assert_refused(
    env: &Env,
    token: &str,
    kind: &str,
    expected: &str,
    setup: impl Fn(&mut Command),
) {
    let mut cmd = session_cmd(env, token, &["get", ID]);
    setup(&mut cmd);
    let run = output(cmd).never_shows(expected);
    assert_eq!(
        run.code, 5,
        "an unusable {kind} session must give exit 5: {run:#?}"
    );
    assert!(run.stdout.is_empty(), "an error prints no data: {run:#?}");
    let error = run
        .stderr
        .lines()
        .find(|l| l.starts_with("sesame: error: "))
        .unwrap_or_else(|| panic!("no `sesame: error: ` line: {run:#?}"));
    assert!(
        error.contains("session"),
        "the error does not say the session was not usable: {run:#?}"
    );
    if kind == "expired" {
        assert!(
            error.contains("expired"),
            "the error does not say `expired`: {run:#?}"
        );
    } else {
        assert!(
            !run.stderr.contains("expired"),
            "an invalid session is reported as expired: {run:#?}"
        );
    }
}

/// The other half of `assert_unusable`: with the passphrase still set the
/// command works, after the documented warning.
fn assert_falls_back(
    env: &Env,
    token: &str,
    kind: &str,
    expected: &str,
    setup: impl Fn(&mut Command),
) {
    let mut cmd = env.cmd(&["get", ID]);
    cmd.env("SESAME_SESSION", token);
    setup(&mut cmd);
    let run = output(cmd).success();
    assert_eq!(run.stdout, format!("{expected}\n"), "{run:#?}");
    // `(<expired|invalid>: <why>)`; an expiry needs no further why.
    let warning = format!("sesame: warning: the session is not usable ({kind}");
    assert!(
        run.stderr.lines().any(|l| l
            .strip_prefix(&warning)
            .is_some_and(|rest| rest.starts_with(": ") || rest.starts_with(')'))),
        "no `{warning}: …)` line: {run:#?}"
    );
    assert!(
        !run.stderr.contains(token),
        "the warning shows the token: {run:#?}"
    );
}

fn assert_usable(env: &Env, token: &str) {
    let run = session_run(env, token, &["get", ID]).success();
    assert_eq!(run.stdout, format!("{VALUE}\n"), "{run:#?}");
    assert!(
        !run.stderr.contains("warning"),
        "a usable session warns: {run:#?}"
    );
}

// ---- unlock -------------------------------------------------------------------

#[test]
fn unlock_prints_an_export_line_and_a_notice_issue_4() {
    let env = vault_with_secret();
    let run = env.ok(&["unlock"]);
    let token = token_from_export(&run.stdout);
    assert_token_shape(&token);
    let until = unlocked_until(&run, &env);
    parse_time(&until);
    assert!(
        !run.stderr.contains(&token),
        "the token belongs on stdout only: {run:#?}"
    );
    assert_usable(&env, &token);
}

#[test]
fn unlock_raw_prints_the_token_alone_issue_4() {
    let env = vault_with_secret();
    let run = env.ok(&["unlock", "--raw"]);
    assert!(
        run.stdout.ends_with('\n') && run.stdout.lines().count() == 1,
        "{run:#?}"
    );
    let token = run.stdout.trim_end_matches('\n');
    assert_token_shape(token);
    assert_usable(&env, token);
}

#[test]
fn every_unlock_makes_a_new_token_issue_4() {
    let env = vault_with_secret();
    let (a, b) = (token(&env), token(&env));
    assert_ne!(a, b, "two unlocks gave the same token");
    assert_usable(&env, &a);
    assert_usable(&env, &b);
}

#[test]
fn eval_of_unlock_in_bash_lets_later_commands_skip_the_passphrase_issue_4() {
    let env = vault_with_secret();
    let inner = env.cmd(&[]);
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg(
            "out=$(\"$SESAME_BIN\" unlock) || exit 90\n\
             eval \"$out\" || exit 91\n\
             unset SESAME_PASSPHRASE\n\
             exec \"$SESAME_BIN\" get -n \"$1\"",
        )
        .arg("bash")
        .arg(ID);
    cmd.env_clear();
    for (key, value) in inner.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.env("SESAME_BIN", inner.get_program())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    without_terminal(&mut cmd);
    let run = output(cmd).success();
    assert_eq!(run.stdout, VALUE, "{run:#?}");
}

#[test]
fn unlock_with_a_wrong_passphrase_exits_5_and_writes_no_session_issue_4() {
    let env = vault_with_secret();
    let mut cmd = env.cmd(&["unlock"]);
    cmd.env("SESAME_PASSPHRASE", "wrong horse");
    without_terminal(&mut cmd);
    output(cmd).fails(5);
    assert!(
        files_in(&sessions_dir(&env)).is_empty(),
        "a failed unlock wrote a session file"
    );
}

#[test]
fn unlock_refuses_a_bad_ttl_with_exit_2_issue_4() {
    let env = vault_with_secret();
    for ttl in ["25h", "24h1s", "0s", "0", "soon", "", "-5m", "15"] {
        let run = env.run(&["unlock", "--ttl", ttl]);
        assert_eq!(run.code, 2, "--ttl {ttl:?}: {run:#?}");
        run.fails(2);
    }
    assert!(
        files_in(&sessions_dir(&env)).is_empty(),
        "a refused unlock wrote a session file"
    );
    let t = token_with(&env, &["--ttl", "24h"]);
    assert_usable(&env, &t);
}

#[test]
fn the_session_file_is_0600_in_0700_directories_under_the_runtime_dir_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    let base = env.root().join("runtime").join("sesame");
    assert_eq!(mode_of(&base), 0o700, "{}", base.display());
    assert_eq!(mode_of(&sessions_dir(&env)), 0o700);
    let file = the_session_file(&env);
    assert_eq!(mode_of(&file), 0o600, "{}", file.display());
    // Nothing else was written outside the sessions directory.
    let cache = env.root().join("cache").join("sesame").join("sessions");
    assert!(
        files_in(&cache).is_empty(),
        "a session file went to the cache dir"
    );

    // The file without the token is useless: it does not hold the token
    // (hex or raw) or the passphrase.
    let bytes = std::fs::read(&file).expect("read session file");
    let hex = &token[TOKEN_PREFIX.len()..];
    let raw: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    for (what, needle) in [
        ("the token", token.as_bytes()),
        ("the token's hex", hex.as_bytes()),
        ("the token's bytes", raw.as_slice()),
        ("the passphrase", PASSPHRASE.as_bytes()),
        ("the value", VALUE.as_bytes()),
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the session file holds {what}"
        );
    }
}

#[test]
fn without_a_runtime_dir_sessions_live_in_the_cache_dir_issue_4() {
    let env = vault_with_secret();
    let mut cmd = env.cmd(&["unlock", "--raw"]);
    cmd.env_remove("XDG_RUNTIME_DIR");
    let run = output(cmd).success();
    let token = run.stdout.trim_end_matches('\n').to_string();
    assert_token_shape(&token);
    let dir = env.root().join("cache").join("sesame").join("sessions");
    let files = files_in(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode_of(&dir), 0o700);
    assert_eq!(mode_of(&files[0]), 0o600);
    assert!(files_in(&sessions_dir(&env)).is_empty());

    let mut cmd = session_cmd(&env, &token, &["get", "-n", ID]);
    cmd.env_remove("XDG_RUNTIME_DIR");
    let run = output(cmd).success();
    assert_eq!(run.stdout, VALUE);
}

// ---- using a session --------------------------------------------------------------

#[test]
fn a_session_opens_get_list_and_add_without_any_passphrase_source_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    assert_usable(&env, &token);
    let run = session_run(&env, &token, &["list", "--format", "ids"]).success();
    assert_eq!(run.stdout, format!("{ID}\n"));

    let other = "project/atlas/secret/Custom/added-in-session";
    let cmd = session_cmd(&env, &token, &["add", other]);
    run_with_stdin(cmd, b"added-with-a-session").success();
    // The passphrase sees what the session wrote.
    assert_eq!(env.get(other), "added-with-a-session");
    assert_usable(&env, &token);
}

#[test]
fn without_the_session_the_same_command_exits_5_issue_4() {
    // The control for the tests above: the environment they use really has
    // no other way to open the vault.
    let env = vault_with_secret();
    let mut cmd = env.cmd(&["get", ID]);
    cmd.env_remove("SESAME_PASSPHRASE");
    without_terminal(&mut cmd);
    output(cmd).fails(5).never_shows(VALUE);
}

#[test]
fn a_usable_session_comes_before_every_passphrase_source_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    // A wrong passphrase is never tried.
    let mut cmd = env.cmd(&["get", "-n", ID]);
    cmd.env("SESAME_SESSION", &token)
        .env("SESAME_PASSPHRASE", "wrong horse");
    let run = output(cmd).success();
    assert_eq!(run.stdout, VALUE);
    // Neither is a passphrase command run.
    let marker = env.root().join("command-ran");
    let script = env.write_file(
        "pass.sh",
        format!(
            "touch '{}'\nprintf '%s\\n' '{PASSPHRASE}'\n",
            marker.display()
        ),
    );
    set_mode(&script, 0o600);
    let mut cmd = session_cmd(&env, &token, &["get", "-n", ID]);
    cmd.env(
        "SESAME_PASSPHRASE_COMMAND",
        format!("sh {}", script.display()),
    );
    let run = output(cmd).success();
    assert_eq!(run.stdout, VALUE);
    assert!(
        !marker.exists(),
        "the passphrase command ran despite a session"
    );
    // The control: without the session the command does run.
    let mut cmd = env.cmd(&["get", "-n", ID]);
    cmd.env_remove("SESAME_PASSPHRASE").env(
        "SESAME_PASSPHRASE_COMMAND",
        format!("sh {}", script.display()),
    );
    output(cmd).success();
    assert!(marker.exists(), "the passphrase command did not run");
}

#[test]
fn info_shows_the_session_and_when_it_expires_issue_4() {
    let env = vault_with_secret();
    let json = env.ok(&["info", "--format", "json"]).json();
    assert!(json["session"].is_null(), "no session yet: {json}");

    let run = env.ok(&["unlock", "--raw", "--ttl", "2h"]);
    let token = run.stdout.trim_end_matches('\n').to_string();
    let until = unlocked_until(&run, &env);
    let run = session_run(&env, &token, &["info", "--format", "json"]).success();
    let json = run.json();
    let expires = json["session"]["expires"]
        .as_str()
        .unwrap_or_else(|| panic!("no session.expires: {run:#?}"));
    assert_eq!(expires, until, "info and unlock disagree on the expiry");
    let left = parse_time(expires) - time::OffsetDateTime::now_utc();
    assert!(
        left > time::Duration::minutes(110) && left <= time::Duration::minutes(121),
        "a 2h session expires in {left}"
    );

    let run = session_run(&env, &token, &["info"]).success();
    assert!(
        run.stdout.contains(&format!("until {until}")) && run.stdout.contains("session"),
        "the table does not show the session: {run:#?}"
    );
}

#[test]
fn the_default_ttl_is_15m_and_the_config_can_change_it_issue_4() {
    let env = vault_with_secret();
    let run = env.ok(&["unlock"]);
    let left = parse_time(&unlocked_until(&run, &env)) - time::OffsetDateTime::now_utc();
    assert!(
        left > time::Duration::minutes(13) && left <= time::Duration::minutes(16),
        "the default session lasts {left}"
    );
    let dir = env.root().join("config").join("sesame");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), "session_ttl = \"3h\"\n").expect("config");
    let run = env.ok(&["unlock"]);
    let left = parse_time(&unlocked_until(&run, &env)) - time::OffsetDateTime::now_utc();
    assert!(
        left > time::Duration::minutes(170) && left <= time::Duration::minutes(181),
        "session_ttl = 3h gave {left}"
    );
    // --ttl wins over the config.
    let run = env.ok(&["unlock", "--ttl", "1h"]);
    let left = parse_time(&unlocked_until(&run, &env)) - time::OffsetDateTime::now_utc();
    assert!(
        left > time::Duration::minutes(50) && left <= time::Duration::minutes(61),
        "--ttl 1h gave {left}"
    );
}

// ---- misuse (vault.md §3) ------------------------------------------------------------

#[test]
fn an_expired_session_is_refused_and_says_expired_issue_4() {
    let env = vault_with_secret();
    // Two tokens: sesame may clean up an expired session's file once it
    // has reported it.
    let token = token_with(&env, &["--ttl", "1s"]);
    let other = token_with(&env, &["--ttl", "1s"]);
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert_refused(&env, &token, "expired", VALUE, |_| {});
    assert_falls_back(&env, &other, "expired", VALUE, |_| {});
    let json = env
        .cmd(&["info", "--format", "json"])
        .env("SESAME_SESSION", &token)
        .output()
        .map(Run::from)
        .expect("info")
        .success()
        .json();
    assert!(
        json["session"].is_null(),
        "info shows an expired session: {json}"
    );
}

#[test]
fn a_session_of_another_vault_is_refused_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    let other = Env::init();
    other.add(ID, "the-other-vaults-value");
    let vault_b = other.vault_path();
    assert_unusable(&env, &token, "invalid", "the-other-vaults-value", |cmd| {
        cmd.env("SESAME_VAULT", &vault_b);
    });
    // The session still opens its own vault.
    assert_usable(&env, &token);
}

#[test]
fn lock_ends_every_session_of_the_vault_issue_4() {
    let env = vault_with_secret();
    let (a, b) = (token(&env), token(&env));
    let run = env.ok(&["lock"]);
    assert!(
        run.stderr.contains(&format!(
            "locked '{}' (2 sessions ended)",
            env.vault_path().display()
        )),
        "{run:#?}"
    );
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(
        files_in(&sessions_dir(&env)).is_empty(),
        "lock left session files"
    );
    assert_unusable(&env, &a, "invalid", VALUE, |_| {});
    assert_unusable(&env, &b, "invalid", VALUE, |_| {});
    // A new unlock works again.
    assert_usable(&env, &token(&env));
}

#[test]
fn lock_without_a_session_succeeds_issue_4() {
    let env = vault_with_secret();
    let run = env.ok(&["lock"]);
    assert!(run.stdout.is_empty(), "{run:#?}");
    // Not even a passphrase source: still exit 0.
    let mut cmd = env.cmd(&["lock"]);
    cmd.env_remove("SESAME_PASSPHRASE");
    without_terminal(&mut cmd);
    output(cmd).success();
}

#[test]
fn lock_kills_a_copy_of_the_session_file_restored_afterwards_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    env.ok(&["lock"]);
    assert!(!file.exists(), "lock left the session file");
    std::fs::write(&file, &saved).expect("restore session file");
    set_mode(&file, 0o600);
    assert_unusable(&env, &token, "invalid", VALUE, |_| {});
}

#[test]
fn lock_through_the_session_alone_also_kills_restored_copies_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    // No passphrase source: lock opens the vault with the session itself.
    session_run(&env, &token, &["lock"]).success();
    assert!(!file.exists(), "lock left the session file");
    std::fs::write(&file, &saved).expect("restore session file");
    set_mode(&file, 0o600);
    assert_unusable(&env, &token, "invalid", VALUE, |_| {});
}

#[test]
fn lock_leaves_sessions_of_other_vaults_alone_issue_4() {
    let env = vault_with_secret();
    let other = Env::init();
    other.add(ID, "vault-b-value");
    let vault_b = other.vault_path();
    let a = token(&env);
    let mut cmd = env.cmd(&["unlock", "--raw"]);
    cmd.env("SESAME_VAULT", &vault_b);
    let b = output(cmd)
        .success()
        .stdout
        .trim_end_matches('\n')
        .to_string();
    env.ok(&["lock"]);
    assert_unusable(&env, &a, "invalid", VALUE, |_| {});
    let mut cmd = session_cmd(&env, &b, &["get", "-n", ID]);
    cmd.env("SESAME_VAULT", &vault_b);
    let run = output(cmd).success();
    assert_eq!(run.stdout, "vault-b-value", "{run:#?}");
}

#[test]
fn lock_ends_the_sessions_even_when_their_directory_is_refused_issue_4() {
    // `lock` can open the vault (passphrase), so it can bump the session
    // epoch even where it will not touch a directory open to others; once
    // the directory is private again, the old session must still be dead.
    let env = vault_with_secret();
    let token = token(&env);
    set_mode(&sessions_dir(&env), 0o777);
    let run = env.run(&["lock"]);
    set_mode(&sessions_dir(&env), 0o700);
    let after = session_run(&env, &token, &["get", ID]);
    assert_eq!(
        after.code, 5,
        "the session outlived `lock` (lock gave {run:#?}); using it afterwards: {after:#?}"
    );
}

#[test]
fn a_tampered_session_file_is_refused_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let original = std::fs::read(&file).expect("read session file");

    // One flip in the middle: the full check.
    let mut bytes = original.clone();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&file, &bytes).expect("write");
    assert_unusable(&env, &token, "invalid", VALUE, |_| {});

    // Every other flip, a truncation and an appended byte: exit 5.
    let mut failures = Vec::new();
    let mut variants: Vec<(String, Vec<u8>)> = (0..original.len())
        .map(|i| {
            let mut b = original.clone();
            b[i] ^= 0x01;
            (format!("flip byte {i}"), b)
        })
        .collect();
    variants.push(("truncated".into(), original[..original.len() / 2].to_vec()));
    variants.push(("emptied".into(), Vec::new()));
    let mut appended = original.clone();
    appended.push(b'x');
    variants.push(("one byte appended".into(), appended));
    for (what, bytes) in variants {
        std::fs::write(&file, &bytes).expect("write");
        let run = session_run(&env, &token, &["get", ID]);
        if run.code != 5 || !run.stdout.is_empty() {
            failures.push(format!("{what}: exit {} stdout {:?}", run.code, run.stdout));
        }
    }
    assert!(
        failures.is_empty(),
        "tampered session files accepted:\n{}",
        failures.join("\n")
    );

    // The control: the untouched file works.
    std::fs::write(&file, &original).expect("restore");
    assert_usable(&env, &token);
}

#[test]
fn a_deleted_session_file_makes_the_token_useless_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    std::fs::remove_file(the_session_file(&env)).expect("rm session file");
    assert_unusable(&env, &token, "invalid", VALUE, |_| {});
}

#[test]
fn a_wrong_or_mangled_token_is_refused_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    let hex_at = TOKEN_PREFIX.len();
    let flip = |i: usize| {
        let mut t = token.clone().into_bytes();
        t[i] = if t[i] == b'0' { b'1' } else { b'0' };
        String::from_utf8(t).expect("ascii")
    };
    let mangled = [
        ("first hex digit changed", flip(hex_at)),
        ("a middle hex digit changed", flip(hex_at + 64)),
        ("last hex digit changed", flip(token.len() - 1)),
        ("last digit dropped", token[..token.len() - 1].to_string()),
        ("half the digits", token[..hex_at + 64].to_string()),
        ("one digit more", format!("{token}0")),
        ("prefix only", TOKEN_PREFIX.to_string()),
        ("another version", token.replacen("-v1.", "-v2.", 1)),
        ("no prefix", token[hex_at..].to_string()),
        ("upper-case garbage", "GARBAGE".to_string()),
        ("not hex", format!("{TOKEN_PREFIX}{}", "zz".repeat(64))),
    ];
    for (what, bad) in &mangled {
        assert_ne!(bad, &token, "{what}");
        let run = session_run(&env, bad, &["get", ID]);
        assert_eq!(run.code, 5, "{what}: {run:#?}");
    }
    // The full check on a few.
    assert_unusable(&env, &mangled[1].1, "invalid", VALUE, |_| {});
    assert_unusable(&env, &mangled[3].1, "invalid", VALUE, |_| {});
    assert_unusable(&env, "garbage", "invalid", VALUE, |_| {});
    // Nothing above harmed the real session.
    assert_usable(&env, &token);
}

#[test]
fn a_session_directory_open_to_others_is_refused_issue_4() {
    let env = vault_with_secret();
    let token = token(&env);
    for mode in [0o777, 0o770, 0o705] {
        set_mode(&sessions_dir(&env), mode);
        let run = session_run(&env, &token, &["get", ID]).never_shows(VALUE);
        assert_eq!(run.code, 5, "sessions dir mode {mode:o}: {run:#?}");
        assert!(run.stdout.is_empty());
        // With the passphrase: works, and the warning names the directory.
        let mut cmd = env.cmd(&["get", "-n", ID]);
        cmd.env("SESAME_SESSION", &token);
        let run = output(cmd).success();
        assert_eq!(run.stdout, VALUE);
        let dir = sessions_dir(&env);
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with("sesame: warning: ") && l.contains(&*dir.to_string_lossy())),
            "mode {mode:o}: no warning naming {}: {run:#?}",
            dir.display()
        );
    }
    // The control: the same directory at 0700 works.
    set_mode(&sessions_dir(&env), 0o700);
    assert_usable(&env, &token);
}
