//! The test harness: a throwaway home with its own vault, config, state and
//! runtime directories, a fast but in-bounds KDF, and helpers that run the
//! real `sesame` binary and check what a user would see.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

/// The passphrase every test vault is created with.
pub const PASSPHRASE: &str = "correct horse battery staple";

/// The fast but in-bounds KDF the suite uses (19 MiB, 2 iterations, 1 lane).
pub const FAST_KDF: [&str; 6] = [
    "--kdf-memory",
    "19",
    "--kdf-iterations",
    "2",
    "--kdf-parallelism",
    "1",
];

/// An isolated user: every directory sesame may touch lives under `root`.
pub struct Env {
    root: TempDir,
}

impl Env {
    /// A fresh home with no vault yet.
    pub fn new() -> Env {
        let root = tempfile::Builder::new()
            .prefix("sesame-test-")
            .tempdir()
            .expect("create temp dir");
        for sub in ["home", "data", "config", "state", "cache", "runtime"] {
            std::fs::create_dir_all(root.path().join(sub)).expect("create sub dir");
        }
        let runtime = root.path().join("runtime");
        set_mode(&runtime, 0o700);
        Env { root }
    }

    /// A fresh home with an initialised vault at `vault_path()`.
    pub fn init() -> Env {
        let env = Env::new();
        env.ok(&["init"]
            .iter()
            .chain(FAST_KDF.iter())
            .copied()
            .collect::<Vec<_>>());
        env
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// The vault every command uses (through `SESAME_VAULT`).
    pub fn vault_path(&self) -> PathBuf {
        self.root.path().join("vault.sesame")
    }

    pub fn state_dir(&self) -> PathBuf {
        self.root.path().join("state")
    }

    /// A `sesame` command with the isolated environment and the test
    /// passphrase in `SESAME_PASSPHRASE`; nothing from the caller's
    /// environment that could change its behaviour leaks in.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sesame"));
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.root.path().join("home"))
            .env("XDG_DATA_HOME", self.root.path().join("data"))
            .env("XDG_CONFIG_HOME", self.root.path().join("config"))
            .env("XDG_STATE_HOME", self.root.path().join("state"))
            .env("XDG_CACHE_HOME", self.root.path().join("cache"))
            .env("XDG_RUNTIME_DIR", self.root.path().join("runtime"))
            .env("SESAME_VAULT", self.vault_path())
            .env("SESAME_PASSPHRASE", PASSPHRASE)
            .env("SESAME_LOCK_TIMEOUT", "2")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs `sesame ARGS` with empty stdin.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd(args).output().expect("spawn sesame"))
    }

    /// Runs `sesame ARGS` with `input` on stdin.
    pub fn run_stdin(&self, args: &[&str], input: impl AsRef<[u8]>) -> Run {
        run_with_stdin(self.cmd(args), input.as_ref())
    }

    /// Runs `sesame ARGS` and asserts it succeeded; returns what it printed.
    pub fn ok(&self, args: &[&str]) -> Run {
        self.run(args).success()
    }

    /// Adds a `variable` secret with `value` from stdin.
    pub fn add(&self, id: &str, value: &str) {
        self.run_stdin(&["add", id], value).success();
    }

    /// The value of `id` as `get` prints it, without the final newline.
    pub fn get(&self, id: &str) -> String {
        let out = self.ok(&["get", id]).stdout;
        out.strip_suffix('\n').unwrap_or(&out).to_string()
    }

    pub fn vault_bytes(&self) -> Vec<u8> {
        std::fs::read(self.vault_path()).expect("read vault")
    }

    pub fn write_file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.path().join(name);
        std::fs::write(&path, content).expect("write file");
        path
    }
}

pub fn run_with_stdin(mut cmd: Command, input: &[u8]) -> Run {
    cmd.stdin(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn sesame");
    let mut stdin = child.stdin.take().expect("stdin piped");
    let input = input.to_vec();
    // A writer thread, so that a child that exits early cannot deadlock us.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("wait for sesame");
    let _ = writer.join();
    Run::from(output)
}

pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

pub fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts exit 0.
    pub fn success(self) -> Run {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        self
    }

    /// Asserts the exit code, that stderr starts with `sesame: error: ` and
    /// that stdout is empty (an error prints no data).
    pub fn fails(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit {code}, got {self:#?}");
        assert!(
            self.stderr.starts_with("sesame: error: "),
            "stderr should start with `sesame: error: `: {self:#?}"
        );
        assert!(self.stdout.is_empty(), "an error prints no data: {self:#?}");
        self
    }

    /// Asserts stderr contains `needle`.
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}: {self:#?}"
        );
        self
    }

    /// Asserts neither stdout nor stderr contains `secret`.
    pub fn never_shows(self, secret: &str) -> Run {
        assert!(
            !self.stdout.contains(secret) && !self.stderr.contains(secret),
            "output shows a secret {secret:?}: {self:#?}"
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:#?}"))
    }
}
