//! `sesame import --format pass` (issue 6): a real `pass` store, encrypted
//! to a throwaway gpg key, becomes `PREFIX/<relative path>` with the whole
//! decrypted content as the value; an entry gpg cannot decrypt or a path
//! that is not an ID changes nothing (`shared/spec/cli.md` §3 "Moving
//! secrets in and out", `docs/cli-decisions.md` "Import and export (issue
//! 6)").
//!
//! Needs `gpg` (and `pass` for the test that builds the store with it);
//! without them a test says why on stderr and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{Env, Run, custom, ids, run_with_stdin, set_mode, value_of};

const PREFIX: &str = "project/atlas/secret/Custom";

/// Entries of the test store: relative path without `.gpg`, content.
const ENTRIES: &[(&str, &str)] = &[
    ("web/github", "ghp_passtoken123\n"),
    (
        "db/prod/password",
        "pw-line-one\nuser: admin\nurl: https://db.example.test\n",
    ),
    ("email", "no-trailing-newline"),
    ("blank-lines", "value\n\n"),
];

fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A throwaway GnuPG home with one key without a passphrase; its agent is
/// stopped on drop.
pub struct Gpg {
    home: PathBuf,
    user_home: PathBuf,
    fingerprint: String,
}

impl Gpg {
    /// `None` (after a note on stderr) when gpg is not installed.
    pub fn new(env: &Env) -> Option<Gpg> {
        if !works("gpg", &["--version"]) {
            eprintln!("skipped: gpg is not installed");
            return None;
        }
        let home = env.root().join("gnupg");
        std::fs::create_dir(&home).expect("mkdir gnupg");
        set_mode(&home, 0o700);
        let mut gpg = Gpg {
            home,
            user_home: env.root().join("home"),
            fingerprint: String::new(),
        };
        let out = gpg
            .command("gpg")
            .args([
                "--batch",
                "--passphrase",
                "",
                "--quick-gen-key",
                "test <t@example.invalid>",
                "default",
                "default",
                "never",
            ])
            .output()
            .expect("spawn gpg");
        assert!(
            out.status.success(),
            "gpg --quick-gen-key: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = gpg
            .command("gpg")
            .args(["--batch", "--with-colons", "--list-secret-keys"])
            .output()
            .expect("spawn gpg");
        let listing = String::from_utf8_lossy(&out.stdout).into_owned();
        gpg.fingerprint = listing
            .lines()
            .find(|l| l.starts_with("fpr:"))
            .and_then(|l| l.split(':').nth(9))
            .unwrap_or_else(|| panic!("no fingerprint in {listing}"))
            .to_string();
        Some(gpg)
    }

    /// PROGRAM with a clean environment pointing at this GnuPG home.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.user_home)
            .env("GNUPGHOME", &self.home)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Writes `store/<name>.gpg`: `content` encrypted to the key, as pass
    /// does.
    pub fn encrypt(&self, store: &Path, name: &str, content: &str) {
        let file = store.join(format!("{name}.gpg"));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir entry dir");
        let mut cmd = self.command("gpg");
        cmd.args([
            "--batch",
            "--yes",
            "--trust-model",
            "always",
            "-r",
            &self.fingerprint,
            "-o",
        ])
        .arg(&file)
        .arg("--encrypt");
        run_with_stdin(cmd, content.as_bytes()).success();
    }

    /// A store at `store` holding `entries`, with the `.gpg-id` pass writes
    /// and a file that is not an entry.
    pub fn store(&self, store: &Path, entries: &[(&str, &str)]) {
        std::fs::create_dir_all(store).expect("mkdir store");
        std::fs::write(store.join(".gpg-id"), format!("{}\n", self.fingerprint))
            .expect("write .gpg-id");
        std::fs::write(store.join("README.txt"), "not an entry\n").expect("write readme");
        for (name, content) in entries {
            self.encrypt(store, name, content);
        }
    }

    /// `sesame ARGS` with this GnuPG home.
    fn sesame(&self, env: &Env, args: &[&str]) -> Command {
        let mut cmd = env.cmd(args);
        cmd.env("GNUPGHOME", &self.home);
        cmd
    }

    pub fn run(&self, env: &Env, args: &[&str]) -> Run {
        Run::from(self.sesame(env, args).output().expect("spawn sesame"))
    }
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = self
            .command("gpgconf")
            .args(["--kill", "all"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn entry_ids(entries: &[(&str, &str)]) -> Vec<String> {
    let mut ids: Vec<String> = entries
        .iter()
        .map(|(name, _)| format!("{PREFIX}/{name}"))
        .collect();
    ids.sort();
    ids
}

fn assert_imported(env: &Env, entries: &[(&str, &str)]) {
    assert_eq!(
        ids(env),
        entry_ids(entries),
        "not exactly the store's entries"
    );
    for (name, content) in entries {
        assert_eq!(
            value_of(env, &format!("{PREFIX}/{name}")),
            *content,
            "{name}: the content changed"
        );
    }
}

#[test]
fn import_pass_makes_each_entry_a_secret_with_its_whole_content_issue_6() {
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    let store = env.root().join("store");
    gpg.store(&store, ENTRIES);
    let run = gpg
        .run(
            &env,
            &[
                "import",
                "--format",
                "pass",
                "--prefix",
                PREFIX,
                store.to_str().expect("utf-8"),
            ],
        )
        .success()
        .stderr_has("imported 4 secrets (skipped 0)")
        .never_shows("ghp_passtoken123")
        .never_shows("pw-line-one");
    assert!(run.stdout.is_empty(), "import printed data: {run:#?}");
    assert_imported(&env, ENTRIES);
    assert_eq!(
        env.ok(&["get", "--format", "json", &custom("db/prod/password")])
            .json()["type"],
        "variable"
    );
}

#[test]
fn import_pass_reads_a_store_made_by_pass_itself_issue_6() {
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    if !works("pass", &["version"]) {
        eprintln!("skipped: pass is not installed");
        return;
    }
    let store = env.root().join("pass-store");
    let pass = |args: &[&str], input: &str| {
        let mut cmd = gpg.command("pass");
        cmd.args(args).env("PASSWORD_STORE_DIR", &store);
        run_with_stdin(cmd, input.as_bytes())
    };
    pass(&["init", &gpg.fingerprint], "").success();
    for (name, content) in ENTRIES {
        pass(&["insert", "-m", name], content).success();
    }
    // The store is `$PASSWORD_STORE_DIR` when no DIR is given.
    let mut cmd = gpg.sesame(&env, &["import", "--format", "pass", "--prefix", PREFIX]);
    cmd.env("PASSWORD_STORE_DIR", &store);
    Run::from(cmd.output().expect("spawn sesame")).success();
    assert_imported(&env, ENTRIES);
}

#[test]
fn import_pass_defaults_to_the_password_store_in_home_issue_6() {
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    let entries = &[("home/entry", "from-the-default-store\n")];
    gpg.store(&env.root().join("home/.password-store"), entries);
    gpg.run(&env, &["import", "--format", "pass", "--prefix", PREFIX])
        .success();
    assert_imported(&env, entries);
}

#[test]
fn import_pass_refuses_an_entry_gpg_cannot_decrypt_issue_6() {
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    env.add(&custom("already"), "already-there");
    let store = env.root().join("store");
    gpg.store(&store, ENTRIES);
    std::fs::create_dir_all(store.join("broken")).expect("mkdir");
    std::fs::write(
        store.join("broken/zz-corrupt.gpg"),
        b"\x85\x01\x0cthis is not an OpenPGP message at all",
    )
    .expect("write corrupt entry");
    env.test(&[
        "import",
        "--format",
        "pass",
        "--prefix",
        PREFIX,
        store.to_str().expect("utf-8"),
    ])
    .env("GNUPGHOME", &gpg.home)
    .status(1)
    .vault_unchanged()
    .run()
    .stderr_has("zz-corrupt")
    .never_shows("ghp_passtoken123")
    .never_shows("pw-line-one");
    assert_eq!(ids(&env), [custom("already")], "a failed import wrote");
}

/// A store holding `ENTRIES` and `web/cut-short`, whose file keeps only
/// `keep(len)` of its bytes.
fn truncated_store(env: &Env, gpg: &Gpg, keep: fn(usize) -> usize) -> PathBuf {
    let store = env.root().join("store");
    gpg.store(&store, ENTRIES);
    gpg.encrypt(&store, "web/cut-short", "a long enough secret to cut\n");
    let file = store.join("web/cut-short.gpg");
    let bytes = std::fs::read(&file).expect("read entry");
    std::fs::write(&file, &bytes[..keep(bytes.len())]).expect("truncate");
    store
}

#[test]
fn import_pass_refuses_an_entry_with_its_tail_cut_off_issue_6() {
    // gpg prints part of the plaintext and exits 2.
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    let store = truncated_store(&env, &gpg, |len| len - 10);
    env.test(&[
        "import",
        "--format",
        "pass",
        "--prefix",
        PREFIX,
        store.to_str().expect("utf-8"),
    ])
    .env("GNUPGHOME", &gpg.home)
    .status(1)
    .vault_unchanged()
    .run()
    .stderr_has("cut-short")
    .never_shows("a long enough secret");
    assert!(ids(&env).is_empty(), "a failed import wrote");
}

#[test]
fn import_pass_refuses_an_entry_cut_in_half_issue_6() {
    // Cut inside the encrypted session key, gpg decrypts nothing, reports
    // `[GNUPG:] NODATA` and still exits 0: the entry was not decrypted, and
    // importing it as an empty value would lose the secret silently.
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    let store = truncated_store(&env, &gpg, |len| len / 2);
    env.test(&[
        "import",
        "--format",
        "pass",
        "--prefix",
        PREFIX,
        store.to_str().expect("utf-8"),
    ])
    .env("GNUPGHOME", &gpg.home)
    .status(1)
    .vault_unchanged()
    .run()
    .stderr_has("cut-short");
    assert!(ids(&env).is_empty(), "a failed import wrote");
}

#[test]
fn import_pass_refuses_a_path_that_is_not_an_id_issue_6() {
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    let store = env.root().join("store");
    gpg.store(
        &store,
        &[("web/github", "fine\n"), ("web/bad name", "spaced\n")],
    );
    env.test(&[
        "import",
        "--format",
        "pass",
        "--prefix",
        PREFIX,
        store.to_str().expect("utf-8"),
    ])
    .env("GNUPGHOME", &gpg.home)
    .status(2)
    .vault_unchanged()
    .run()
    .stderr_has("bad name");
    assert!(ids(&env).is_empty());
}

#[test]
fn import_pass_conflicts_and_dry_run_issue_6() {
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    let existing = custom("web/github");
    env.add(&existing, "existing-token");
    let store = env.root().join("store");
    gpg.store(&store, ENTRIES);
    let store = store.to_str().expect("utf-8");

    env.test(&["import", "--format", "pass", "--prefix", PREFIX, store])
        .env("GNUPGHOME", &gpg.home)
        .status(4)
        .vault_unchanged()
        .run()
        .stderr_has(&existing);

    let before = env.vault_bytes();
    let run = gpg
        .run(
            &env,
            &[
                "import",
                "--format",
                "pass",
                "--prefix",
                PREFIX,
                "--dry-run",
                "--on-conflict",
                "skip",
                store,
            ],
        )
        .success()
        .never_shows("pw-line-one");
    let mut lines: Vec<&str> = run.stdout.lines().collect();
    lines.sort();
    let mut expected = entry_ids(ENTRIES);
    expected.retain(|id| *id != existing);
    assert_eq!(lines, expected);
    assert!(env.vault_bytes() == before, "a dry run wrote the vault");

    gpg.run(
        &env,
        &[
            "import",
            "--format",
            "pass",
            "--prefix",
            PREFIX,
            "--on-conflict",
            "skip",
            store,
        ],
    )
    .success()
    .stderr_has("imported 3 secrets (skipped 1)");
    assert_eq!(value_of(&env, &existing), "existing-token");
    assert_eq!(value_of(&env, &custom("email")), "no-trailing-newline");
}

#[test]
fn import_pass_needs_a_prefix_and_an_existing_store_issue_6() {
    let env = Env::init();
    let store = env.root().join("store");
    std::fs::create_dir(&store).expect("mkdir store");
    let store = store.to_str().expect("utf-8");
    env.test(&["import", "--format", "pass", store])
        .stdin(b"")
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["import", "--format", "pass", "--prefix", "project", store])
        .stdin(b"")
        .status(2)
        .vault_unchanged()
        .run();
    let missing = env.root().join("no-such-store");
    env.test(&[
        "import",
        "--format",
        "pass",
        "--prefix",
        PREFIX,
        missing.to_str().expect("utf-8"),
    ])
    .stdin(b"")
    .status(3)
    .vault_unchanged()
    .run();
    // No DIR, no PASSWORD_STORE_DIR and no ~/.password-store.
    env.test(&["import", "--format", "pass", "--prefix", PREFIX])
        .stdin(b"")
        .status(3)
        .vault_unchanged()
        .run();
    assert!(ids(&env).is_empty());
}
