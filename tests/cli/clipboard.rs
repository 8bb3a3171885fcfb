//! `get -c/--clip` (issue 16 item 1), in a real X server (`xvfb-run`) with
//! `xclip`: copied, then cleared; left alone when something else was
//! copied meanwhile; never on the clipboard tool's command line.

use std::process::{Command, Output, Stdio};

use crate::support::{Env, custom, without_terminal};

const VALUE: &str = "clip-s3cret-value";

/// `xvfb-run -a sh -c SCRIPT` with the environment sesame gets in tests
/// plus `SESAME_BIN`; `None` (after a note) when xvfb-run or xclip is
/// missing.
fn in_x(env: &Env, vars: &[(&str, &str)], script: &str) -> Option<Output> {
    for tool in ["xvfb-run", "xclip", "Xvfb"] {
        if Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .map_or(true, |s| !s.success())
        {
            eprintln!("skipped: {tool} is not installed");
            return None;
        }
    }
    let inner = env.cmd(&[]);
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "sh", "-c", script]).env_clear();
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.env("SESAME_BIN", inner.get_program());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    without_terminal(&mut cmd);
    Some(cmd.output().expect("spawn xvfb-run"))
}

fn check(out: &Output) {
    assert!(
        out.status.success(),
        "{:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn clip_copies_without_argv_returns_at_once_and_clears_after_the_timeout() {
    let env = Env::init();
    env.add(&custom("api"), VALUE);
    env.test(&["add", "project/atlas/connect/S3/prod"])
        .stdin(r#"{"access_key_id":"AKIA1","secret_access_key":"sk1","region":"eu-west-1"}"#)
        .run();
    let script = format!(
        r#"start=$(date +%s)
out=$("$SESAME_BIN" get -c {id} 2>"$HOME/err") || exit 90
[ -z "$out" ] || exit 91
[ $(( $(date +%s) - start )) -lt 3 ] || exit 92
grep -q 'copied {id} to the clipboard; it is cleared in 4 s' "$HOME/err" || exit 93
[ "$(xclip -selection clipboard -out)" = '{VALUE}' ] || exit 94
# The value is on no clipboard tool's command line: xclip, which stays
# behind to serve the selection, got it on stdin.
seen=0
for d in /proc/[0-9]*; do
  [ "$(cat "$d/comm" 2>/dev/null)" = xclip ] || continue
  seen=1
  if tr '\0' ' ' < "$d/cmdline" | grep -q "$(printf '%s' 'clip-s3cret')"; then exit 95; fi
done
[ "$seen" = 1 ] || exit 99
sleep 6
[ -z "$(xclip -selection clipboard -out 2>/dev/null)" ] || exit 96
"$SESAME_BIN" get --clip project/atlas/connect/S3/prod#region 2>/dev/null || exit 97
[ "$(xclip -selection clipboard -out)" = eu-west-1 ] || exit 98
"#,
        id = custom("api")
    );
    let Some(out) = in_x(&env, &[("SESAME_CLIP_TIMEOUT", "4")], &script) else {
        return;
    };
    check(&out);
}

#[test]
fn clip_leaves_alone_what_was_copied_meanwhile_with_clip_timeout_from_the_config() {
    let env = Env::init();
    env.add(&custom("api"), VALUE);
    let config = env.write_file("config.toml", "clip_timeout = 2\n");
    let script = format!(
        r#""$SESAME_BIN" get -c {id} 2>"$HOME/err" || exit 90
grep -q 'cleared in 2 s' "$HOME/err" || exit 91
printf 'something else' | xclip -selection clipboard -in >/dev/null 2>&1
sleep 4
[ "$(xclip -selection clipboard -out)" = 'something else' ] || exit 92
"#,
        id = custom("api")
    );
    let config = config.to_str().expect("utf-8");
    let Some(out) = in_x(&env, &[("SESAME_CONFIG", config)], &script) else {
        return;
    };
    check(&out);
}

#[test]
fn clip_without_a_clipboard_tool_exits_1_naming_them() {
    let env = Env::init();
    env.add(&custom("api"), VALUE);
    let empty = env.root().join("empty-bin");
    std::fs::create_dir(&empty).expect("mkdir");
    env.test(&["get", "-c", &custom("api")])
        .env("PATH", &empty)
        .env("DISPLAY", ":12345")
        .status(1)
        .stderr_has("no clipboard tool: found none of wl-copy (with WAYLAND_DISPLAY), xclip or xsel (with DISPLAY), pbcopy")
        .stderr_has("hint: install wl-clipboard")
        .never_shows(VALUE)
        .run();
    // xclip present but no display: no tool either.
    env.test(&["get", "-c", &custom("api")])
        .env_remove("DISPLAY")
        .status(1)
        .stderr_has("no clipboard tool")
        .run();
}

#[test]
fn clip_timeout_must_be_seconds_and_clip_does_not_mix_with_json() {
    let env = Env::init();
    env.add(&custom("api"), VALUE);
    env.test(&["get", "-c", &custom("api")])
        .env("SESAME_CLIP_TIMEOUT", "45s")
        .status(2)
        .stderr_has("SESAME_CLIP_TIMEOUT=\"45s\" is not a number of seconds")
        .run();
    let config = env.write_file("config.toml", "clip_timeout = -1\n");
    env.test(&["get", "-c", &custom("api")])
        .env("SESAME_CONFIG", &config)
        .status(2)
        .stderr_has("line 1: clip_timeout must be between 0 and 86400 seconds")
        .run();
    env.test(&["get", "-c", "--format", "json", &custom("api")])
        .status(2)
        .run();
}
