//! Files on disk that are not what they seem (issue 11, items 6, 7 and
//! 12): a vault kept as a symbolic link stays a link after a write; a pass
//! import reads only regular files inside the store and says what it
//! skipped; the lock file, the access journal (and its compaction temp
//! file) and the rollback state are never opened through a link; and a
//! rollback state that cannot be written is a warning, once per command
//! (`docs/cli-decisions.md` "Files that are links (issue 11)").

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::hygiene_journal::journal;
use crate::import_pass::Gpg;
use crate::support::{Env, FAST_KDF, Run, custom, ids, value_of};

const VICTIM: &str = "a file of the user's that sesame must not touch\n";

/// `root/victim`, with [`VICTIM`] in it.
fn victim(env: &Env) -> PathBuf {
    env.write_file("victim", VICTIM)
}

fn assert_untouched(victim: &Path) {
    assert_eq!(
        std::fs::read_to_string(victim).expect("read victim"),
        VICTIM,
        "sesame wrote through a symbolic link into '{}'",
        victim.display()
    );
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// `sesame ARGS` on the vault at `vault` instead of the test's own.
fn run_on(env: &Env, vault: &Path, args: &[&str]) -> Run {
    let mut cmd = env.cmd(args);
    cmd.env("SESAME_VAULT", vault);
    Run::from(cmd.output().expect("spawn sesame"))
}

/// The names in `dir` that start with `prefix`.
fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

// Item 6: a symlinked vault path.

#[test]
fn init_through_a_dangling_vault_link_creates_the_real_file_issue_11() {
    let env = Env::new();
    std::fs::create_dir(env.root().join("synced")).expect("mkdir");
    symlink("synced/vault.sesame", env.vault_path()).expect("symlink");
    let mut init = vec!["init"];
    init.extend(FAST_KDF);
    env.ok(&init);
    assert!(is_link(&env.vault_path()), "init replaced the link");
    let real = env.root().join("synced/vault.sesame");
    assert!(real.is_file(), "no vault at the link's target");
    env.add(&custom("a"), "through-the-link");
    assert_eq!(
        run_on(&env, &real, &["get", "-n", &custom("a")])
            .success()
            .stdout,
        "through-the-link"
    );
}

#[test]
fn writes_through_a_symlinked_vault_keep_the_link_issue_11() {
    let env = Env::new();
    let synced = env.root().join("synced");
    let hops = env.root().join("links");
    std::fs::create_dir(&synced).expect("mkdir");
    std::fs::create_dir(&hops).expect("mkdir");
    let real = synced.join("vault.sesame");
    let mut init = vec!["init"];
    init.extend(FAST_KDF);
    run_on(&env, &real, &init).success();
    // A chain of two links, each relative to its own directory.
    symlink("links/hop", env.vault_path()).expect("symlink");
    symlink("../synced/vault.sesame", hops.join("hop")).expect("symlink");

    env.add(&custom("a"), "first-value");
    env.ok(&["mv", &custom("a"), &custom("b")]);
    env.run_stdin(&["rotate", &custom("b")], "second-value")
        .success();

    assert!(
        is_link(&env.vault_path()),
        "a write replaced the vault link"
    );
    assert!(
        is_link(&hops.join("hop")),
        "a write replaced the second link"
    );
    assert!(real.is_file());
    assert_eq!(
        run_on(&env, &real, &["get", "-n", &custom("b")])
            .success()
            .stdout,
        "second-value",
        "the writes did not reach the real vault"
    );
    // The lock and the temp files live beside the real file.
    assert!(synced.join("vault.sesame.lock").is_file());
    for dir in [env.root(), hops.as_path()] {
        let strays: Vec<String> = names_starting(dir, "vault.sesame.lock")
            .into_iter()
            .chain(names_starting(dir, ".vault.sesame.tmp-"))
            .chain(names_starting(dir, ".hop"))
            .chain(names_starting(dir, "hop.lock"))
            .collect();
        assert!(
            strays.is_empty(),
            "files beside a link in {}: {strays:?}",
            dir.display()
        );
    }
}

// Item 7: pass import.

const PREFIX: &str = "project/atlas/secret/Custom";

fn import_pass(env: &Env, gpg: &Gpg, store: &Path) -> Run {
    gpg.run(
        env,
        &[
            "import",
            "--format",
            "pass",
            "--prefix",
            PREFIX,
            store.to_str().expect("utf-8"),
        ],
    )
}

#[test]
fn import_pass_skips_links_out_of_the_store_issue_11() {
    let env = Env::init();
    let Some(gpg) = Gpg::new(&env) else {
        return;
    };
    let store = env.root().join("store");
    gpg.store(&store, &[("web/github", "inside-token\n")]);
    let elsewhere = env.root().join("elsewhere");
    gpg.store(&elsewhere, &[("bank", "outside-bank-pin\n")]);
    symlink("../elsewhere/bank.gpg", store.join("bank.gpg")).expect("symlink");
    symlink("../elsewhere", store.join("work")).expect("symlink");
    symlink("github.gpg", store.join("web/alias.gpg")).expect("symlink");
    symlink("missing.gpg", store.join("broken.gpg")).expect("symlink");

    let run = import_pass(&env, &gpg, &store)
        .success()
        .never_shows("outside-bank-pin")
        .stderr_has("imported 2 secrets")
        .stderr_has("sesame: warning: skipped 'bank.gpg' in the pass store: it is a symbolic link out of the store")
        .stderr_has("sesame: warning: skipped 'work' in the pass store: it is a symbolic link out of the store")
        .stderr_has("sesame: warning: skipped 'broken.gpg' in the pass store: it is a broken symbolic link");
    assert!(run.stdout.is_empty(), "{run:#?}");
    // A link to an entry inside the store is an entry under its own name.
    assert_eq!(ids(&env), [custom("web/alias"), custom("web/github")]);
    assert_eq!(value_of(&env, &custom("web/alias")), "inside-token\n");
}

#[test]
fn import_pass_skips_a_fifo_instead_of_hanging_issue_11() {
    let env = Env::init();
    let store = env.root().join("store");
    std::fs::create_dir_all(store.join("dir")).expect("mkdir");
    let fifo = store.join("dir/stuck.gpg");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .expect("mkfifo");
    let mut child = env
        .cmd(&[
            "import",
            "--format",
            "pass",
            "--prefix",
            PREFIX,
            store.to_str().expect("utf-8"),
        ])
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn sesame");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            // Open and close the FIFO's other end: whatever still blocks
            // on it (gpg, orphaned by the kill) reads end-of-file and exits.
            drop(
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&fifo),
            );
            panic!("import hung on a FIFO named *.gpg");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().expect("wait"))
        .success()
        .stderr_has(
            "sesame: warning: skipped 'dir/stuck.gpg' in the pass store: it is not a regular file",
        )
        .stderr_has("imported 0 secrets");
    assert!(ids(&env).is_empty());
}

// Item 12: sesame's own files are not opened through links.

#[test]
fn a_lock_file_that_is_a_link_is_refused_issue_11() {
    let env = Env::init();
    let lock = env.root().join("vault.sesame.lock");
    std::fs::remove_file(&lock).expect("remove lock");
    let target = env.root().join("created-through-the-link");
    symlink(&target, &lock).expect("symlink");
    let before = env.vault_bytes();
    env.run_stdin(&["add", &custom("a")], "value")
        .fails(1)
        .stderr_has(&format!("cannot open lock file '{}'", lock.display()))
        .stderr_has("it is a symbolic link, which sesame does not follow");
    assert!(!target.exists(), "the lock was created through the link");
    assert!(
        env.vault_bytes() == before,
        "a refused write changed the vault"
    );
}

#[test]
fn a_journal_that_is_a_link_is_not_written_through_issue_11() {
    let env = Env::init();
    env.add(&custom("a"), "value-a");
    env.ok(&["get", &custom("a")]);
    let journal = journal(&env);
    let victim = victim(&env);
    std::fs::remove_file(&journal).expect("remove journal");
    symlink(&victim, &journal).expect("symlink");
    let run = env.ok(&["get", "-n", &custom("a")]);
    assert_eq!(
        run.stdout, "value-a",
        "a journal problem must not stop a read"
    );
    run.stderr_has(&journal.display().to_string())
        .stderr_has("symbolic link");
    assert_untouched(&victim);
}

#[test]
fn journal_compaction_does_not_follow_a_link_at_its_temp_file_issue_11() {
    let env = Env::init();
    env.add(&custom("a"), "value-a");
    env.ok(&["get", &custom("a")]);
    let journal = journal(&env);
    // Past the compaction threshold (1 MiB), so the next read compacts.
    let line = std::fs::read_to_string(&journal).expect("read journal");
    std::fs::write(&journal, line.repeat((1 << 20) / line.len() + 10)).expect("grow journal");
    let tmp = journal.with_extension("journal.tmp");
    let victim = victim(&env);
    symlink(&victim, &tmp).expect("symlink");

    let run = env.ok(&["get", "-n", &custom("a")]);
    assert_eq!(run.stdout, "value-a");
    run.stderr_has(&format!("'{}'", tmp.display()))
        .stderr_has("it is a symbolic link, which sesame does not follow");
    assert_untouched(&victim);
    assert!(is_link(&tmp), "the planted link was moved");
    assert!(!is_link(&journal), "the link was renamed over the journal");
}

/// The one rollback-state file of the test vault.
fn rollback_state(env: &Env) -> PathBuf {
    let dir = env.state_dir().join("sesame").join("seen");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read the rollback state dir")
        .flatten()
        .map(|e| e.path())
        // Beside it: the KDF parameters last seen (`<vault id>.kdf`).
        .filter(|p| p.extension().is_none_or(|e| e != "kdf"))
        .collect();
    assert_eq!(files.len(), 1, "expected one state file: {files:?}");
    files[0].clone()
}

fn warnings_naming(run: &Run, file: &Path) -> usize {
    let needle = format!(
        "sesame: warning: cannot record the vault's generation in the rollback state '{}'",
        file.display()
    );
    run.stderr.matches(&needle).count()
}

#[test]
fn a_rollback_state_that_is_a_link_is_not_written_through_issue_11() {
    let env = Env::init_v1();
    let state = rollback_state(&env);
    let victim = victim(&env);
    std::fs::remove_file(&state).expect("remove state");
    symlink(&victim, &state).expect("symlink");
    let run = env.run_stdin(&["add", &custom("a")], "value").success();
    assert_eq!(warnings_naming(&run, &state), 1, "{run:#?}");
    run.stderr_has("symbolic link");
    assert_untouched(&victim);
    assert_eq!(value_of(&env, &custom("a")), "value");
}

#[test]
fn a_rollback_state_that_cannot_be_written_warns_once_per_command_issue_11() {
    let env = Env::init_v1();
    let state = rollback_state(&env);
    // A directory in its place: unwritable even for root.
    std::fs::remove_file(&state).expect("remove state");
    std::fs::create_dir(&state).expect("mkdir");
    // `add` records twice (on open and after the write): one warning.
    let run = env.run_stdin(&["add", &custom("a")], "value").success();
    assert_eq!(warnings_naming(&run, &state), 1, "{run:#?}");
    assert_eq!(
        run.stderr.matches("sesame: warning:").count(),
        1,
        "{run:#?}"
    );
    let run = env.ok(&["get", "-n", &custom("a")]);
    assert_eq!(run.stdout, "value");
    assert_eq!(warnings_naming(&run, &state), 1, "{run:#?}");
}
