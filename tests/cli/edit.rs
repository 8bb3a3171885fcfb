//! `sesame edit ID` (issue 16 item 2): the editor gets the value in a 0600
//! file in a private 0700 directory under `$XDG_RUNTIME_DIR`; a new version
//! only when it changed; the file is gone afterwards in every case.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::env_cmd::add_exact;
use crate::support::{Env, custom, history, set_mode};

const S3: &str = "project/atlas/connect/S3/prod";

/// An editor script that records what it was given (path, modes,
/// content) under the test root, then runs `then` (with `$1` the file).
fn editor(env: &Env, then: &str) -> PathBuf {
    let root = env.root().display();
    let script = env.write_file(
        "editor.sh",
        format!(
            "#!/bin/sh\nprintf %s \"$1\" > '{root}/edited-path'\n\
             stat -c '%a' \"$1\" \"$(dirname \"$1\")\" > '{root}/edited-modes'\n\
             cat \"$1\" > '{root}/edited-content'\n{then}\n"
        ),
    );
    set_mode(&script, 0o755);
    script
}

fn seen(env: &Env, what: &str) -> String {
    std::fs::read_to_string(env.root().join(format!("edited-{what}"))).expect("the editor ran")
}

fn edited_path(env: &Env) -> PathBuf {
    PathBuf::from(seen(env, "path"))
}

#[test]
fn edit_gives_exactly_the_value_in_a_private_file_and_stores_the_change() {
    let env = Env::init();
    env.add(&custom("db"), "old-value");
    let ed = editor(&env, "printf 'new-value\\n' > \"$1\"");
    env.test(&["edit", &custom("db")])
        .env("EDITOR", &ed)
        .stdout("")
        .stderr_has(format!("edited {} (version 2)", custom("db")))
        .never_shows("old-value")
        .never_shows("new-value")
        .run();
    // The editor's trailing newline is not part of the value.
    assert_eq!(crate::support::value_of(&env, &custom("db")), "new-value");
    assert_eq!(seen(&env, "content"), "old-value");
    assert_eq!(seen(&env, "modes"), "600\n700\n");
    let path = edited_path(&env);
    assert!(
        path.starts_with(env.root().join("runtime").join("sesame")),
        "{path:?}"
    );
    assert!(path.to_string_lossy().ends_with("/db.txt"), "{path:?}");
    assert!(!path.exists() && !path.parent().expect("dir").exists());
    // $VISUAL wins over $EDITOR.
    let visual = editor(&env, "printf 'from-visual' > \"$1\"");
    env.test(&["edit", &custom("db")])
        .env("EDITOR", "false")
        .env("VISUAL", &visual)
        .run();
    assert_eq!(env.get(&custom("db")), "from-visual");
}

#[test]
fn edit_without_a_change_writes_nothing() {
    let env = Env::init();
    add_exact(&env, &custom("nl"), "ends in a newline\n");
    for then in ["true", "printf 'ends in a newline\\n' > \"$1\""] {
        env.test(&["edit", &custom("nl")])
            .env("EDITOR", editor(&env, then))
            .stderr_has("no change")
            .vault_unchanged()
            .run();
    }
    assert_eq!(history(&env, &custom("nl"), &[]).len(), 1);
    assert!(!edited_path(&env).exists());
}

#[test]
fn edit_of_an_s3_secret_is_its_fields_as_json() {
    let env = Env::init();
    env.test(&["add", S3])
        .stdin(r#"{"access_key_id":"AKIA1","secret_access_key":"sk1","region":"eu-west-1"}"#)
        .run();
    env.test(&["edit", S3])
        .env(
            "EDITOR",
            editor(&env, "sed -i 's/eu-west-1/us-east-1/' \"$1\""),
        )
        .run();
    let content: serde_json::Value = serde_json::from_str(&seen(&env, "content")).expect("JSON");
    assert_eq!(
        content,
        serde_json::json!({"access_key_id":"AKIA1","secret_access_key":"sk1","region":"eu-west-1"})
    );
    assert!(edited_path(&env).to_string_lossy().ends_with("/prod.json"));
    assert_eq!(env.get(&format!("{S3}#region")), "us-east-1");
    assert_eq!(env.get(&format!("{S3}#secret_access_key")), "sk1");
    // Broken JSON or a missing required field: exit 2, nothing written.
    for then in [
        "printf '{\"access_key_id\": SECRET' > \"$1\"",
        "printf '{\"access_key_id\":\"A\"}' > \"$1\"",
    ] {
        env.test(&["edit", S3])
            .env("EDITOR", editor(&env, then))
            .status(2)
            .never_shows("SECRET")
            .vault_unchanged()
            .run();
        assert!(!edited_path(&env).exists());
    }
}

#[test]
fn edit_when_the_editor_fails_or_is_killed_changes_nothing_and_removes_the_file() {
    let env = Env::init();
    env.add(&custom("db"), "old-value");
    for (then, why) in [
        ("printf changed > \"$1\"; exit 3", "exit status: 3"),
        ("printf changed > \"$1\"; kill -9 $$", "signal: 9"),
    ] {
        env.test(&["edit", &custom("db")])
            .env("EDITOR", editor(&env, then))
            .status(1)
            .stderr_has(format!("the editor exited with {why}"))
            .stderr_has("was not changed")
            .vault_unchanged()
            .run();
        let path = edited_path(&env);
        assert!(!path.exists() && !path.parent().expect("dir").exists());
    }
    env.test(&["edit", &custom("db")])
        .env("EDITOR", "/nonexistent/editor --wait")
        .status(1)
        .stderr_has("cannot run the editor \"/nonexistent/editor\" (from EDITOR)")
        .vault_unchanged()
        .run();
    env.test(&["edit", &custom("missing")])
        .env("EDITOR", "true")
        .status(3)
        .run();
    // An emptied file is refused unless --allow-empty.
    let empty = editor(&env, ": > \"$1\"");
    env.test(&["edit", &custom("db")])
        .env("EDITOR", &empty)
        .status(2)
        .stderr_has("the value is empty")
        .vault_unchanged()
        .run();
    env.test(&["edit", "--allow-empty", &custom("db")])
        .env("EDITOR", &empty)
        .run();
    assert_eq!(crate::support::value_of(&env, &custom("db")), "");
}

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edit_file_is_removed_even_when_sesame_itself_is_killed() {
    let env = Env::init();
    env.add(&custom("db"), "old-value");
    let root = env.root().display().to_string();
    let ed = editor(
        &env,
        &format!("echo $$ > '{root}/editor-pid'; exec sleep 30"),
    );
    let mut cmd = env.cmd(&["edit", &custom("db")]);
    cmd.env("EDITOR", &ed);
    let mut child = cmd.spawn().expect("spawn sesame");
    let pid_file = env.root().join("editor-pid");
    wait_for("the editor to start", || pid_file.exists());
    let path = edited_path(&env);
    assert!(path.exists());
    child.kill().expect("kill sesame");
    child.wait().expect("reap sesame");
    wait_for("the guard to remove the file", || !path.exists());
    wait_for("the guard to remove the directory", || {
        !path.parent().is_some_and(Path::exists)
    });
    let pid = std::fs::read_to_string(&pid_file).expect("pid");
    let _ = std::process::Command::new("kill").arg(pid.trim()).status();
    assert_eq!(env.get(&custom("db")), "old-value");
}

#[test]
fn edit_refuses_a_disk_backed_fallback_without_unsafe_tmp() {
    let env = Env::init();
    env.add(&custom("db"), "old-value");
    let ed = editor(&env, "printf new > \"$1\"");
    env.test(&["edit", &custom("db")])
        .env("EDITOR", &ed)
        .env_remove("XDG_RUNTIME_DIR")
        .status(2)
        .stderr_has("XDG_RUNTIME_DIR is not set")
        .stderr_has("--unsafe-tmp")
        .vault_unchanged()
        .run();
    assert!(!env.root().join("edited-path").exists(), "the editor ran");
    // A runtime directory open to others is no private place either.
    set_mode(&env.root().join("runtime"), 0o755);
    env.test(&["edit", &custom("db")])
        .env("EDITOR", &ed)
        .status(2)
        .stderr_has("not a directory of yours closed to others")
        .vault_unchanged()
        .run();
    set_mode(&env.root().join("runtime"), 0o700);
    env.test(&["edit", "--unsafe-tmp", &custom("db")])
        .env("EDITOR", &ed)
        .env_remove("XDG_RUNTIME_DIR")
        .stderr_has("goes on disk")
        .run();
    let path = edited_path(&env);
    assert_eq!(
        path.parent().and_then(Path::parent),
        Some(env.root()),
        "beside the vault: {path:?}"
    );
    assert!(!path.exists() && !path.parent().expect("dir").exists());
    assert_eq!(env.get(&custom("db")), "new");
}
