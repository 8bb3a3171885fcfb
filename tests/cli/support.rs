//! The test harness: a throwaway home with its own vault, config, state and
//! runtime directories, a fast but in-bounds KDF, and helpers that run the
//! real `sesame` binary and check what a user would see.

#![allow(dead_code)]

use std::collections::{BTreeSet, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

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

    /// A fresh home with a format-1 vault (`init --format-version 1`): for
    /// the tests of format 1's own file layout, and of what vaults made
    /// before format 2 still do.
    pub fn init_v1() -> Env {
        let env = Env::new();
        env.ok(&["init", "--format-version", "1"]
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
        output(self.cmd(args))
    }

    /// Describes a run of `sesame ARGS`; nothing runs until `.run()`.
    pub fn test(&self, args: &[&str]) -> Test<'_> {
        Test {
            env: self,
            args: args.iter().map(OsString::from).collect(),
            stdin: None,
            vars: Vec::new(),
            no_terminal: false,
            status: 0,
            stdout: None,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
            never_shows: Vec::new(),
            vault_unchanged: false,
        }
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

/// One run of `sesame`, described first and checked on `.run()` (after the
/// `Test` builder of casey/just's integration tests). By default it expects
/// exit 0; `status(code)` with a non-zero code expects what `Run::fails`
/// checks.
#[must_use = "a Test does nothing until .run()"]
pub struct Test<'e> {
    env: &'e Env,
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    vars: Vec<(OsString, Option<OsString>)>,
    no_terminal: bool,
    status: i32,
    stdout: Option<String>,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
    never_shows: Vec<String>,
    vault_unchanged: bool,
}

impl Test<'_> {
    /// Appends one argument (a path, say).
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    /// Feeds `input` on stdin (the default is empty stdin).
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Self {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// Sets an environment variable for this run.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.vars.push((
            key.as_ref().to_os_string(),
            Some(value.as_ref().to_os_string()),
        ));
        self
    }

    /// Removes an environment variable the harness would set.
    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.vars.push((key.as_ref().to_os_string(), None));
        self
    }

    /// Runs without a controlling terminal (see [`without_terminal`]).
    pub fn without_terminal(mut self) -> Self {
        self.no_terminal = true;
        self
    }

    /// The exit code expected; non-zero also expects what `Run::fails`
    /// checks (an error on stderr, nothing on stdout).
    pub fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// Expects stdout to be exactly `expected`.
    pub fn stdout(mut self, expected: impl Into<String>) -> Self {
        self.stdout = Some(expected.into());
        self
    }

    /// Expects stdout to contain `needle`.
    pub fn stdout_has(mut self, needle: impl Into<String>) -> Self {
        self.stdout_has.push(needle.into());
        self
    }

    /// Expects stderr to contain `needle`.
    pub fn stderr_has(mut self, needle: impl Into<String>) -> Self {
        self.stderr_has.push(needle.into());
        self
    }

    /// Expects `secret` in neither stdout nor stderr.
    pub fn never_shows(mut self, secret: impl Into<String>) -> Self {
        self.never_shows.push(secret.into());
        self
    }

    /// Expects the vault file to be byte-identical after the run.
    pub fn vault_unchanged(mut self) -> Self {
        self.vault_unchanged = true;
        self
    }

    /// Runs the command and checks everything described; returns what it
    /// printed for further checks.
    pub fn run(self) -> Run {
        let before = self.vault_unchanged.then(|| self.env.vault_bytes());
        let mut cmd = self.env.cmd(&[]);
        cmd.args(&self.args);
        for (key, value) in &self.vars {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        if self.no_terminal {
            without_terminal(&mut cmd);
        }
        let mut run = match &self.stdin {
            Some(input) => run_with_stdin(cmd, input),
            None => output(cmd),
        };
        run = if self.status == 0 {
            run.success()
        } else {
            run.fails(self.status)
        };
        if let Some(expected) = &self.stdout {
            assert_eq!(&run.stdout, expected, "unexpected stdout: {run:#?}");
        }
        for needle in &self.stdout_has {
            assert!(
                run.stdout.contains(needle.as_str()),
                "stdout lacks {needle:?}: {run:#?}"
            );
        }
        for needle in &self.stderr_has {
            run = run.stderr_has(needle);
        }
        for secret in &self.never_shows {
            run = run.never_shows(secret);
        }
        if let Some(before) = before {
            assert!(
                self.env.vault_bytes() == before,
                "`sesame {}` changed the vault: {run:#?}",
                self.args
                    .iter()
                    .map(|a| a.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        run
    }
}

/// Runs `cmd` (with whatever stdin it was given) to the end.
pub fn output(mut cmd: Command) -> Run {
    Run::from(cmd.output().expect("spawn sesame"))
}

/// Detaches the child from any controlling terminal, so that "no terminal"
/// holds even when the suite is run from an interactive shell: a sesame
/// that wanted to prompt cannot, and fails instead of hanging.
pub fn without_terminal(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe and touches no memory of ours.
    unsafe {
        cmd.pre_exec(|| {
            let _ = rustix::process::setsid();
            Ok(())
        });
    }
}

/// A passphrase file as a careful user keeps it: mode 0600.
pub fn pass_file(env: &Env, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = env.write_file(name, content);
    set_mode(&path, 0o600);
    path
}

/// `project/atlas/secret/Custom/NAME`.
pub fn custom(name: &str) -> String {
    format!("project/atlas/secret/Custom/{name}")
}

/// `get --format json ID`.
pub fn meta(env: &Env, id: &str) -> Value {
    env.ok(&["get", "--format", "json", id]).json()
}

/// Every ID in the vault, as `list --format ids` prints them.
pub fn ids(env: &Env) -> Vec<String> {
    env.ok(&["list", "--format", "ids"])
        .stdout
        .lines()
        .map(str::to_string)
        .collect()
}

/// The stored value exactly, through `get -n`.
pub fn value_of(env: &Env, id: &str) -> String {
    env.ok(&["get", "-n", id]).stdout
}

/// The value of version `version` exactly.
pub fn value_at(env: &Env, id: &str, version: u32) -> String {
    env.ok(&["get", "-n", "--version", &version.to_string(), id])
        .stdout
}

/// `history ID --format json [EXTRA...]` as an array.
pub fn history(env: &Env, id: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["history", id, "--format", "json"];
    args.extend_from_slice(extra);
    let run = env.ok(&args);
    run.json()
        .as_array()
        .unwrap_or_else(|| panic!("history is not a JSON array: {run:#?}"))
        .clone()
}

/// The keys of a JSON object.
pub fn keys(json: &Value) -> BTreeSet<String> {
    json.as_object()
        .unwrap_or_else(|| panic!("not an object: {json}"))
        .keys()
        .cloned()
        .collect()
}

pub fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The word list `--charset words` draws from.
pub const WORDLIST: &str = include_str!("../../assets/eff_large_wordlist.txt");

/// How many words of the word list `value` is made of, joined by `-`
/// (some list entries contain `-` themselves): `expected` when that is one
/// possible reading, another count otherwise, None when it is not made of
/// list words at all.
pub fn count_words(value: &str, expected: usize) -> Option<usize> {
    let words: HashSet<&str> = WORDLIST.split_whitespace().collect();
    let parts: Vec<&str> = value.split('-').collect();
    // counts[i]: the possible word counts for parts[..i].
    let mut counts: Vec<HashSet<usize>> = vec![HashSet::new(); parts.len() + 1];
    counts[0].insert(0);
    for end in 1..=parts.len() {
        for start in 0..end {
            if counts[start].is_empty() {
                continue;
            }
            if words.contains(parts[start..end].join("-").as_str()) {
                let prev: Vec<usize> = counts[start].iter().map(|n| n + 1).collect();
                counts[end].extend(prev);
            }
        }
    }
    // A value like `drop-down` may read as one word or two; either is fine.
    let last = &counts[parts.len()];
    if last.contains(&expected) {
        Some(expected)
    } else {
        last.iter().next().copied()
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

// ---------------------------------------------------------------------------
// Key files made by the real tools (age-keygen, ssh-keygen), for members
// ---------------------------------------------------------------------------

/// Runs a tool the tests need, failing clearly when it is missing.
pub fn tool(program: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test (.ci/run installs it): {e}"));
    assert!(out.status.success(), "{program} {args:?}: {out:?}");
    out
}

/// A new age identity from `age-keygen`: its file and its recipient.
pub fn age_key(env: &Env, name: &str) -> (PathBuf, String) {
    let path = env.root().join(name);
    tool("age-keygen", &["-o", path.to_str().unwrap()]);
    let recipient = String::from_utf8(tool("age-keygen", &["-y", path.to_str().unwrap()]).stdout)
        .unwrap()
        .trim()
        .to_string();
    (path, recipient)
}

/// A new unencrypted ed25519 key from `ssh-keygen`: the private key file
/// (the public one is next to it, `.pub`).
pub fn ssh_key(env: &Env, name: &str) -> PathBuf {
    let path = env.root().join(name);
    tool(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            name,
            "-f",
            path.to_str().unwrap(),
        ],
    );
    path
}
