//! A command on a pseudo-terminal of its own (`script -qefc` from
//! util-linux), for the tests of prompts: what it shows is collected, and
//! the test types into it.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
