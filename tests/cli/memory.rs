//! Memory guarantees of the running process (vault.md §1.10, issue 8):
//! no core dumps, and other processes of the same user cannot read its
//! memory or environment (PR_SET_DUMPABLE=0).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Env;

/// Polls `/proc/<pid>/limits` until the process has set its core limit,
/// or gives up after a few seconds (it does so before anything else).
fn core_limit_of(pid: u32) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(limits) = std::fs::read_to_string(format!("/proc/{pid}/limits"))
            && let Some(line) = limits.lines().find(|l| l.starts_with("Max core file size"))
        {
            let soft = line.split_whitespace().nth(4).unwrap_or("").to_string();
            if soft == "0" {
                return Some(soft);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn the_process_runs_with_a_zero_core_limit_issue_8() {
    let env = Env::init();
    // `add` blocks reading its value from stdin: a live process to inspect.
    let mut child = env
        .cmd(&["add", "user/u/x"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn sesame");
    let soft = core_limit_of(child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        soft.as_deref(),
        Some("0"),
        "sesame should run with RLIMIT_CORE = 0"
    );
}

/// A non-dumpable process's /proc files belong to root, so another process
/// of the same (unprivileged) user cannot read its environment. Needs root
/// to switch to an unprivileged user; skipped otherwise.
#[test]
fn other_processes_of_the_user_cannot_read_its_environment_issue_8() {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: needs root to run the check as an unprivileged user");
        return;
    }
    let script = r#"
        probe() {
            if cat /proc/$1/environ >/dev/null 2>&1; then echo readable; else echo denied; fi
        }
        sleep 3 | SESAME_VAULT=/nonexistent "$0" add user/u/x & pid=$!
        sleep 0.5; probe $pid; kill $pid
        sleep 3 | cat & pid=$!
        sleep 0.5; probe $pid; kill $pid
    "#;
    let mut child = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "sh",
            "-c",
            script,
        ])
        .arg(env!("CARGO_BIN_EXE_sesame"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run setpriv");
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let _ = child.wait();
    let lines: Vec<&str> = out.lines().collect();
    // The control (`cat`, dumpable) proves the probe can see a readable process.
    assert_eq!(
        lines,
        ["denied", "readable"],
        "sesame's environment must not be readable: {out:?}"
    );
}
