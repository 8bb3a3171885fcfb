//! `sesame sync`, `conflicts`, `resolve` and `log` through real git (issue
//! 14): clones of a local bare repository, each a machine of its own (its
//! own HOME and state) unless a test says otherwise; git sealed from the
//! caller's configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Env, FAST_KDF, Run, Test, custom};

/// A bare repository everyone pushes to, under a directory of its own.
pub struct Remote {
    root: TempDir,
}

impl Remote {
    pub fn new() -> Remote {
        let root = tempfile::Builder::new()
            .prefix("sesame-sync-")
            .tempdir()
            .expect("create temp dir");
        let remote = Remote { root };
        let bare = remote.bare();
        git_in(
            remote.root.path(),
            &["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()],
        );
        remote
    }

    pub fn bare(&self) -> PathBuf {
        self.root.path().join("shared.git")
    }

    /// A new clone named `name` on a machine of its own.
    pub fn clone(&self, name: &str) -> Clone {
        self.clone_on(Rc::new(Env::new()), name)
    }

    /// A new clone named `name` on `machine` (which other clones may share).
    pub fn clone_on(&self, machine: Rc<Env>, name: &str) -> Clone {
        let dir = self.root.path().join(name);
        git_in(
            self.root.path(),
            &[
                "clone",
                "-q",
                self.bare().to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
        );
        Clone {
            machine,
            dir,
            name: name.to_string(),
        }
    }

    /// The first clone: a vault made, `git setup` run, `.gitattributes`
    /// committed and everything pushed by a first `sesame sync`.
    pub fn first(&self, name: &str) -> Clone {
        let a = self.clone(name);
        a.init();
        a.sesame(&["git", "setup"]).run();
        a.git(&["add", ".gitattributes"]);
        a.git(&["commit", "-q", "-m", "merge and diff the vault with sesame"]);
        a.sync();
        a
    }

    /// The commit the shared branch points to.
    pub fn head(&self) -> String {
        git_in(
            self.root.path(),
            &[
                "--git-dir",
                self.bare().to_str().unwrap(),
                "rev-parse",
                "main",
            ],
        )
        .stdout
        .trim()
        .to_string()
    }
}

/// What git sees besides PATH and HOME, in git's runs and sesame's: no
/// configuration from outside and a fixed identity.
pub const GIT_VARS: [(&str, &str); 6] = [
    ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_AUTHOR_NAME", "Sync Test"),
    ("GIT_AUTHOR_EMAIL", "sync@example.com"),
    ("GIT_COMMITTER_NAME", "Sync Test"),
    ("GIT_COMMITTER_EMAIL", "sync@example.com"),
];

/// The environment every git command gets: GIT_VARS, no editor, no prompt.
pub fn seal(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .envs(GIT_VARS)
        .env("GIT_EDITOR", "true")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
}

fn git_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).args(args);
    seal(&mut cmd, dir);
    let out = Run::from(cmd.output().expect("run git"));
    assert_eq!(out.code, 0, "git {args:?} failed: {out:#?}");
    out
}

/// One clone of the shared repository with a vault at `vault.sesame`.
pub struct Clone {
    pub machine: Rc<Env>,
    pub dir: PathBuf,
    pub name: String,
}

impl Clone {
    pub fn vault(&self) -> PathBuf {
        self.dir.join("vault.sesame")
    }

    pub fn vault_bytes(&self) -> Vec<u8> {
        std::fs::read(self.vault()).expect("read vault")
    }

    /// `git ARGS` in the clone; its output, whatever the exit code.
    pub fn try_git(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(&self.dir).args(args);
        seal(&mut cmd, &self.machine.root().join("home"));
        cmd.env("TMPDIR", self.machine.root().join("cache"));
        Run::from(cmd.output().expect("run git"))
    }

    /// `git ARGS`, which must succeed; a pull or a merge must leave no
    /// unmerged path behind.
    pub fn git(&self, args: &[&str]) -> Run {
        let out = self.try_git(args);
        assert_eq!(out.code, 0, "{}: git {args:?} failed: {out:#?}", self.name);
        if matches!(
            args.first().copied(),
            Some("pull" | "merge" | "rebase" | "cherry-pick")
        ) {
            self.no_unmerged();
        }
        out
    }

    /// `git ls-files -u` is empty.
    pub fn no_unmerged(&self) {
        let out = self.try_git(&["ls-files", "-u"]);
        assert_eq!(out.stdout, "", "{}: unmerged paths: {out:#?}", self.name);
    }

    /// `sesame ARGS` on this clone's vault, with git sealed like ours.
    pub fn sesame<'e>(&'e self, args: &[&str]) -> Test<'e> {
        let mut test = self
            .machine
            .test(args)
            .env("SESAME_VAULT", self.vault())
            .env("TMPDIR", self.machine.root().join("cache"));
        for (key, value) in GIT_VARS {
            test = test.env(key, value);
        }
        test
    }

    pub fn init(&self) {
        let mut args = vec!["init"];
        args.extend(FAST_KDF);
        self.sesame(&args).run();
    }

    /// `sesame sync`, exit 0, and no unmerged path after it.
    pub fn sync(&self) -> Run {
        let out = self.sesame(&["sync"]).run();
        self.no_unmerged();
        out
    }

    /// `sesame sync` that ends in conflicts: exit 4 after the list of
    /// what came in and of the conflicts, an error line last, no stdout,
    /// and no unmerged path.
    pub fn sync_conflicts(&self) -> Run {
        let mut cmd = self.machine.cmd(&["sync"]);
        cmd.env("SESAME_VAULT", self.vault())
            .env("TMPDIR", self.machine.root().join("cache"))
            .envs(GIT_VARS);
        let out = crate::support::output(cmd);
        assert_eq!(out.code, 4, "{}: expected conflicts: {out:#?}", self.name);
        assert!(out.stdout.is_empty(), "{out:#?}");
        let last = out.stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("sesame: error: ") && last.contains("in conflict after the merge"),
            "{out:#?}"
        );
        self.no_unmerged();
        out
    }

    pub fn add(&self, id: &str, value: &str) {
        self.sesame(&["add", id]).stdin(value).run();
    }

    pub fn rotate(&self, id: &str, value: &str) {
        self.sesame(&["rotate", id]).stdin(value).run();
    }

    pub fn get(&self, id: &str) -> String {
        self.sesame(&["get", "-n", id]).run().stdout
    }

    pub fn value_at(&self, id: &str, version: u64) -> String {
        self.sesame(&["get", "-n", "--version", &version.to_string(), id])
            .run()
            .stdout
    }

    pub fn conflicts_json(&self) -> Vec<Value> {
        self.sesame(&["conflicts", "--format", "json"])
            .run()
            .json()
            .as_array()
            .expect("conflicts is an array")
            .clone()
    }

    pub fn ids(&self) -> Vec<String> {
        self.sesame(&["list", "--format", "ids"])
            .run()
            .stdout
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Every value in `history` of `id`, oldest first.
    pub fn values(&self, id: &str) -> Vec<String> {
        let history = self
            .sesame(&["history", id, "--format", "json"])
            .run()
            .json();
        history
            .as_array()
            .expect("history is an array")
            .iter()
            .map(|v| self.value_at(id, v["version"].as_u64().unwrap()))
            .collect()
    }

    /// The subject of the newest commit.
    pub fn subject(&self) -> String {
        self.git(&["log", "-1", "--format=%s"])
            .stdout
            .trim()
            .to_string()
    }
}

/// The heads of the one conflict in `conflicts` on `id`: (version, short id).
fn heads_of(conflicts: &[Value], id: &str) -> Vec<(u64, String)> {
    let c = conflicts
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in conflict: {conflicts:#?}"));
    c["heads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["version"].as_u64().unwrap(),
                h["short_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn sync_commits_pulls_and_pushes_between_two_clones() {
    let remote = Remote::new();
    // The first sync into the empty repository pushes: nothing to pull yet.
    let a = remote.first("a");
    assert_eq!(a.subject(), "sesame: 1 change");
    assert_eq!(remote.head(), a.git(&["rev-parse", "HEAD"]).stdout.trim());

    let b = remote.clone("b");
    assert_eq!(b.ids(), Vec::<String>::new());
    b.add(&custom("one"), "value-one");
    b.add(&custom("two"), "value-two");
    b.add(&custom("three"), "value-three");
    let out = b.sync();
    assert!(out.stderr.contains("synced: 0 added"), "{out:#?}");
    assert_eq!(b.subject(), "sesame: 3 changes");
    assert_eq!(remote.head(), b.git(&["rev-parse", "HEAD"]).stdout.trim());

    a.sesame(&["sync"])
        .stderr_has("synced: 3 added, 0 changed, 0 removed, 0 in conflict")
        .stderr_has(format!("  + {}", custom("two")))
        .never_shows("value-two")
        .run();
    assert_eq!(a.get(&custom("two")), "value-two");

    a.rotate(&custom("one"), "value-one-2");
    a.sesame(&["sync", "--message", "rotate one"]).run();
    assert_eq!(a.subject(), "rotate one");
    b.sesame(&["sync"])
        .stderr_has("synced: 0 added, 1 changed, 0 removed, 0 in conflict")
        .stderr_has(format!("  ~ {}", custom("one")))
        .run();
    assert_eq!(b.get(&custom("one")), "value-one-2");

    // Nothing to do: no commit, the same head everywhere.
    let before = remote.head();
    b.sync();
    a.sync();
    assert_eq!(remote.head(), before);
    assert_eq!(a.vault_bytes(), b.vault_bytes());
}

#[test]
fn a_rejected_push_is_retried_after_a_new_pull() {
    let remote = Remote::new();
    let a = remote.first("a");
    let b = remote.clone("b");
    let c = remote.clone("c");
    // c has a commit ready; it lands on the remote while b pushes, from
    // b's pre-push hook, so b's first push is rejected.
    c.add(&custom("from-c"), "value-c");
    c.git(&["commit", "-q", "-m", "c's change", "vault.sesame"]);
    let marker = b.dir.join(".git/hook-ran");
    let hook = b.dir.join(".git/hooks/pre-push");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nif [ ! -e '{m}' ]; then\n  touch '{m}'\n  unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\n  git -C '{c}' push -q origin main || exit 1\nfi\nexit 0\n",
            m = marker.display(),
            c = c.dir.display()
        ),
    )
    .unwrap();
    crate::support::set_mode(&hook, 0o755);

    b.add(&custom("from-b"), "value-b");
    let out = b.sync();
    assert!(marker.exists(), "the hook ran: {out:#?}");
    // The retry pulled c's change in, then pushed.
    assert!(
        out.stderr.contains(&format!("+ {}", custom("from-c"))),
        "{out:#?}"
    );
    assert_eq!(b.get(&custom("from-c")), "value-c");
    assert_eq!(remote.head(), b.git(&["rev-parse", "HEAD"]).stdout.trim());
    a.sync();
    assert_eq!(a.get(&custom("from-b")), "value-b");
    assert_eq!(a.get(&custom("from-c")), "value-c");
}

/// Two clones that both hold `ids` (synced), with `a` synced last.
fn two_synced(ids: &[&str]) -> (Remote, Clone, Clone) {
    let remote = Remote::new();
    let a = remote.first("a");
    for id in ids {
        a.add(id, &format!("base-{id}"));
    }
    a.sync();
    let b = remote.clone("b");
    (remote, a, b)
}

#[test]
fn concurrent_edits_are_a_conflict_that_resolve_ends() {
    let (one, two, three) = (custom("one"), custom("two"), custom("three"));
    let (_remote, a, b) = two_synced(&[&one, &two, &three]);
    for id in [&one, &two, &three] {
        a.rotate(id, &format!("a-{id}"));
        b.rotate(id, &format!("b-{id}"));
    }
    b.sync();
    let out = a.sync_conflicts();
    for needle in [
        "3 secrets are in conflict after the merge".to_string(),
        format!("  conflict: {one} (concurrent edits)"),
        format!("  conflict: {three} (concurrent edits)"),
    ] {
        assert!(out.stderr.contains(&needle), "{needle}: {out:#?}");
    }
    assert!(!out.stderr.contains("a-project"), "{out:#?}");

    // list, conflicts in each format.
    let list = a.sesame(&["list"]).run();
    let row = list.stdout.lines().find(|l| l.starts_with(&one)).unwrap();
    assert!(row.contains(" conflict"), "{list:#?}");
    let ids = a.sesame(&["conflicts", "--format", "ids"]).run();
    let mut expected = vec![one.clone(), three.clone(), two.clone()];
    expected.sort();
    let mut got: Vec<String> = ids.stdout.lines().map(str::to_string).collect();
    got.sort();
    assert_eq!(got, expected);
    let table = a.sesame(&["conflicts"]).run();
    assert!(table.stdout.starts_with("ID"), "{table:#?}");
    assert!(table.stdout.contains("concurrent edits"), "{table:#?}");
    let json = a.conflicts_json();
    assert_eq!(json.len(), 3);
    for c in &json {
        assert_eq!(c["why"], serde_json::json!(["concurrent edits"]));
        assert_eq!(c["instance"], Value::Null);
        for h in c["heads"].as_array().unwrap() {
            assert_eq!(h["author"], "owner");
        }
    }

    // get: the latest head, a warning, exit 0.
    let heads = heads_of(&json, &one);
    assert_eq!(heads.len(), 2);
    let latest = heads.iter().map(|h| h.0).max().unwrap();
    let head_values: Vec<String> = heads.iter().map(|h| a.value_at(&one, h.0)).collect();
    let mut sorted = head_values.clone();
    sorted.sort();
    assert_eq!(sorted, vec![format!("a-{one}"), format!("b-{one}")]);
    a.sesame(&["get", &one])
        .stdout(format!("{}\n", a.value_at(&one, latest)))
        .stderr_has(format!("warning: {one} is in conflict"))
        .run();

    // resolve --pick N, --pick SHORT_ID, a new value on stdin.
    let pick_one = heads.iter().map(|h| h.0).min().unwrap();
    let kept_one = a.value_at(&one, pick_one);
    a.sesame(&["resolve", &one, "--pick", &pick_one.to_string()])
        .stderr_has(format!("resolved {one}"))
        .run();
    let heads_two = heads_of(&json, &two);
    let kept_two = a.value_at(&two, heads_two[1].0);
    a.sesame(&["resolve", &two, "--pick", &heads_two[1].1])
        .run();
    a.sesame(&["resolve", &three])
        .stdin("settled-three")
        .never_shows("settled-three")
        .run();
    assert_eq!(a.conflicts_json(), Vec::<Value>::new());
    assert_eq!(a.get(&one), kept_one);
    assert_eq!(a.get(&two), kept_two);
    assert_eq!(a.get(&three), "settled-three");
    let list = a.sesame(&["list"]).run();
    assert!(!list.stdout.contains("conflict"), "{list:#?}");
    // Every value is still in history.
    for id in [&one, &two, &three] {
        let values = a.values(id);
        for v in [format!("base-{id}"), format!("a-{id}"), format!("b-{id}")] {
            assert!(values.contains(&v), "{id}: {v} lost: {values:?}");
        }
    }
    // Resolving what is not in conflict is a usage error.
    a.sesame(&["resolve", &one, "--pick", "1"])
        .status(2)
        .stderr_has("is not in conflict")
        .run();

    a.sync();
    b.sesame(&["sync"]).stderr_has("0 in conflict").run();
    assert_eq!(b.conflicts_json(), Vec::<Value>::new());
    assert_eq!(b.get(&three), "settled-three");
    assert_eq!(b.get(&one), kept_one);
    assert_eq!(a.vault_bytes(), b.vault_bytes());
}

#[test]
fn an_edit_concurrent_with_a_delete_is_a_conflict() {
    let (keep, gone) = (custom("keep"), custom("gone"));
    let (_remote, a, b) = two_synced(&[&keep, &gone]);
    a.sesame(&["rm", &keep, &gone]).run();
    b.rotate(&keep, "b-keep");
    b.rotate(&gone, "b-gone");
    b.sync();
    let out = a.sync_conflicts();
    assert!(
        out.stderr
            .contains(&format!("  conflict: {keep} (edited and deleted)")),
        "{out:#?}"
    );
    let json = a.conflicts_json();
    let mut ids: Vec<&str> = json.iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort();
    let mut expected = vec![keep.as_str(), gone.as_str()];
    expected.sort();
    assert_eq!(ids, expected, "{json:#?}");
    for c in &json {
        let why = c["why"].to_string();
        assert!(why.contains("delete"), "{json:#?}");
    }
    // Keep one with --pick, delete the other with rm.
    let heads = heads_of(&json, &keep);
    let edited = heads
        .iter()
        .find(|h| a.value_at(&keep, h.0) == "b-keep")
        .expect("the edit is a head")
        .0;
    a.sesame(&["resolve", &keep, "--pick", &edited.to_string()])
        .run();
    a.sesame(&["rm", &gone]).run();
    assert_eq!(a.conflicts_json(), Vec::<Value>::new());
    assert_eq!(a.get(&keep), "b-keep");
    assert_eq!(a.ids(), vec![keep.clone()]);
    a.sync();
    b.sync();
    assert_eq!(b.ids(), vec![keep.clone()]);
    assert_eq!(b.get(&keep), "b-keep");
}

#[test]
fn one_path_created_on_two_clones_shows_both_as_id_at_short_id() {
    // The owner's scope exists on both clones before: one scope, two
    // secrets at one path.
    let (_remote, a, b) = two_synced(&[&custom("base")]);
    b.sync();
    let id = custom("twice");
    a.add(&id, "made-on-a");
    b.add(&id, "made-on-b");
    b.sync();
    let out = a.sync_conflicts();
    assert!(out.stderr.contains(&format!("  - {id}\n")), "{out:#?}");
    assert!(out.stderr.contains("(created twice)"), "{out:#?}");
    let shown = a.sesame(&["conflicts", "--format", "ids"]).run();
    let instances: Vec<&str> = shown.stdout.lines().collect();
    assert_eq!(instances.len(), 2, "{shown:#?}");
    for shown in &instances {
        let short = shown
            .strip_prefix(&format!("{id}@"))
            .expect("ID@<short id>");
        assert_eq!(short.len(), 8, "{instances:?}");
    }
    let ids = a.ids();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let list = a.sesame(&["list"]).run();
    for shown in &instances {
        let row = list.stdout.lines().find(|l| l.starts_with(shown)).unwrap();
        assert!(row.contains("conflict"), "{list:#?}");
    }
    let json = a.conflicts_json();
    assert_eq!(json.len(), 2, "{json:#?}");
    let mut heads = Vec::new();
    for c in &json {
        assert_eq!(c["id"], id.as_str());
        assert!(ids.contains(&format!("{id}@{}", c["instance"].as_str().unwrap())));
        heads.extend(heads_of(std::slice::from_ref(c), &id));
    }
    assert_eq!(heads.len(), 2, "one head each: {json:#?}");
    // get prints the latest with a warning.
    let latest = a
        .sesame(&["get", "-n", &id])
        .stderr_has(format!("warning: {id} is in conflict"))
        .run()
        .stdout;
    assert!(["made-on-a", "made-on-b"].contains(&latest.as_str()));
    // Keep one by the short id of its head; the one not kept stays as a
    // version.
    a.sesame(&["resolve", &id, "--pick", &heads[0].1])
        .stderr_has(format!("resolved {id}"))
        .run();
    let kept = a.get(&id);
    assert!(["made-on-a", "made-on-b"].contains(&kept.as_str()));
    assert_eq!(a.conflicts_json(), Vec::<Value>::new());
    assert_eq!(a.ids(), vec![custom("base"), id.clone()]);
    let mut values = a.values(&id);
    values.dedup();
    values.sort();
    values.sort();
    values.dedup();
    assert_eq!(values, vec!["made-on-a", "made-on-b"], "nothing lost");
    a.sesame(&["verify"]).run();
    a.sync();
    b.sync();
    assert_eq!(b.get(&id), kept);
    assert_eq!(b.ids(), vec![custom("base"), id]);
}

#[test]
fn each_secret_at_a_path_created_twice_can_be_read_before_the_resolve() {
    let (_remote, a, b) = two_synced(&[]);
    let id = custom("twice");
    a.add(&id, "made-on-a");
    b.add(&id, "made-on-b");
    b.sync();
    a.sync_conflicts();
    // Each one, as `list --format ids` shows it, can be read.
    let mut values: Vec<String> = a.ids().iter().map(|shown| a.get(shown)).collect();
    values.sort();
    assert_eq!(values, vec!["made-on-a", "made-on-b"]);
}

#[test]
fn a_path_created_twice_in_two_scopes_keeps_both_values_after_the_resolve() {
    // No secret of the owner before: each clone's first add makes the
    // owner's scope, so the path is held in two scopes (format2.md D10).
    let (_remote, a, b) = two_synced(&[]);
    let id = custom("twice");
    a.add(&id, "made-on-a");
    b.add(&id, "made-on-b");
    b.sync();
    a.sync_conflicts();
    // After a pick, the other value is still in history.
    let heads = heads_of(&a.conflicts_json(), &id);
    a.sesame(&["resolve", &id, "--pick", &heads[0].1]).run();
    let mut values = a.values(&id);
    values.sort();
    values.dedup();
    assert_eq!(values, vec!["made-on-a", "made-on-b"], "nothing lost");
}

/// `a` and `b` each add a secret and commit; `b` pushes.
fn diverged() -> (Remote, Clone, Clone) {
    let (remote, a, b) = two_synced(&[]);
    a.add(&custom("on-a"), "value-a");
    a.git(&["commit", "-q", "-m", "a", "vault.sesame"]);
    b.add(&custom("on-b"), "value-b");
    b.sync();
    (remote, a, b)
}

fn has_both(c: &Clone) {
    assert_eq!(c.get(&custom("on-a")), "value-a");
    assert_eq!(c.get(&custom("on-b")), "value-b");
    assert_eq!(c.conflicts_json(), Vec::<Value>::new());
}

#[test]
fn sync_pulls_with_rebase_when_the_clone_says_so() {
    let (_remote, a, b) = diverged();
    a.git(&["config", "pull.rebase", "true"]);
    a.sync();
    has_both(&a);
    assert_eq!(a.git(&["log", "--merges", "--oneline"]).stdout, "");
    b.sync();
    assert_eq!(a.vault_bytes(), b.vault_bytes());
}

#[test]
fn plain_git_pull_merges_and_rebases_with_the_driver_set_up() {
    let (_remote, a, b) = diverged();
    a.git(&["pull", "-q", "--no-rebase", "--no-edit"]);
    has_both(&a);
    assert_ne!(a.git(&["log", "--merges", "--oneline"]).stdout, "");
    a.git(&["push", "-q"]);

    b.add(&custom("on-b-2"), "value-b-2");
    b.git(&["commit", "-q", "-m", "b2", "vault.sesame"]);
    a.add(&custom("on-a-2"), "value-a-2");
    a.git(&["commit", "-q", "-m", "a2", "vault.sesame"]);
    a.git(&["push", "-q"]);
    // git setup is local to a clone: b runs it to merge with plain git.
    b.sesame(&["git", "setup"]).run();
    b.git(&["pull", "-q", "--rebase"]);
    has_both(&b);
    assert_eq!(b.get(&custom("on-a-2")), "value-a-2");
    assert_eq!(b.get(&custom("on-b-2")), "value-b-2");
}

#[test]
fn a_cherry_picked_vault_change_merges() {
    let (_remote, a, _b) = two_synced(&[]);
    a.git(&["checkout", "-q", "-b", "topic"]);
    a.add(&custom("picked"), "value-picked");
    a.git(&["commit", "-q", "-m", "picked", "vault.sesame"]);
    let picked = a.git(&["rev-parse", "HEAD"]).stdout.trim().to_string();
    a.git(&["checkout", "-q", "main"]);
    // Back on main the vault lacks what topic added: an older copy on
    // purpose, like any checkout of an older commit.
    a.sesame(&["list"]).status(8).stderr_has("older copy").run();
    a.sesame(&["add", &custom("on-main"), "--allow-rollback"])
        .stdin("value-main")
        .run();
    a.git(&["commit", "-q", "-m", "main", "vault.sesame"]);
    a.git(&["cherry-pick", &picked]);
    assert_eq!(a.get(&custom("picked")), "value-picked");
    assert_eq!(a.get(&custom("on-main")), "value-main");
    assert_eq!(a.conflicts_json(), Vec::<Value>::new());
}

#[test]
fn a_criss_cross_merge_merges() {
    let (_remote, a, _b) = two_synced(&[]);
    a.git(&["branch", "x"]);
    a.git(&["branch", "y"]);
    // Each checkout of the other branch is an older copy on purpose.
    let step = |branch: &str, name: &str| {
        a.git(&["checkout", "-q", branch]);
        a.sesame(&["add", &custom(name), "--allow-rollback"])
            .stdin(format!("value-{name}"))
            .run();
        a.git(&["commit", "-q", "-m", name, "vault.sesame"]);
    };
    step("x", "x1");
    step("y", "y1");
    let x1 = a.git(&["rev-parse", "x"]).stdout.trim().to_string();
    let y1 = a.git(&["rev-parse", "y"]).stdout.trim().to_string();
    // Each branch merges the other's first commit: two merge bases later.
    a.git(&["checkout", "-q", "x"]);
    a.git(&["merge", "-q", "--no-edit", &y1]);
    a.git(&["checkout", "-q", "y"]);
    a.git(&["merge", "-q", "--no-edit", &x1]);
    step("x", "x2");
    step("y", "y2");
    a.git(&["checkout", "-q", "x"]);
    a.sesame(&["list", "--allow-rollback"]).run();
    let bases = a.git(&["merge-base", "--all", "x", "y"]).stdout;
    assert_eq!(bases.lines().count(), 2, "criss-cross: {bases}");
    a.git(&["merge", "-q", "--no-edit", "y"]);
    for name in ["x1", "y1", "x2", "y2"] {
        assert_eq!(a.get(&custom(name)), format!("value-{name}"));
    }
    assert_eq!(a.conflicts_json(), Vec::<Value>::new());
}

#[test]
fn a_clone_that_never_ran_git_setup_still_merges_with_sync() {
    let remote = Remote::new();
    // Nobody ran git setup: no .gitattributes, no driver in any config.
    let a = remote.clone("a");
    a.init();
    a.sync();
    let b = remote.clone("b");
    a.add(&custom("on-a"), "value-a");
    a.git(&["commit", "-q", "-m", "a", "vault.sesame"]);
    b.add(&custom("on-b"), "value-b");
    b.sync();
    // A plain pull would conflict on the binary file; sync merges.
    a.sync();
    has_both(&a);
    assert!(!a.dir.join(".gitattributes").exists());
    assert_eq!(
        a.try_git(&["config", "--get", "merge.sesame.driver"]).code,
        1
    );
    let status = a.git(&["status", "--porcelain"]).stdout;
    assert_eq!(status, "", "the lock file is not shown either");
    b.sync();
    assert_eq!(a.vault_bytes(), b.vault_bytes());
}

#[test]
fn git_log_p_shows_envelopes_never_a_name_or_a_value() {
    let (_remote, a, b) = two_synced(&[&custom("base-name-q7")]);
    a.rotate(&custom("base-name-q7"), "rotated-value-q7");
    a.add(&custom("added-name-q7"), "added-value-q7");
    a.sync();
    b.sesame(&["mv", &custom("base-name-q7"), &custom("moved-name-q7")])
        .run();
    b.sync();
    a.sync();
    // Without the textconv (a clone that never ran git setup), git shows a
    // binary file; with it, envelopes.
    let binary = b.git(&["log", "-p"]);
    assert!(binary.stdout.contains("Binary files"), "{binary:#?}");
    b.sesame(&["git", "setup"]).run();
    for c in [&a, &b] {
        let log = c.git(&["log", "-p", "--all"]);
        assert!(log.stdout.contains("\n+txn "), "{log:#?}");
        assert!(!log.stdout.contains("Binary files"), "{log:#?}");
        for secret in ["-q7", "base-", "rotated-value", "added-", "moved-"] {
            assert!(
                !log.stdout.contains(secret),
                "{secret} in git log: {log:#?}"
            );
        }
    }
}

#[test]
fn sesame_log_shows_who_changed_what_never_a_value() {
    let (_remote, a, b) = two_synced(&[&custom("shared")]);
    let pass = a.machine.write_file("bob-pass", "bob's own passphrase\n");
    crate::support::set_mode(&pass, 0o600);
    a.sesame(&[
        "member",
        "add",
        "bob",
        "--passphrase",
        "--new-passphrase-file",
        pass.to_str().unwrap(),
        "--kdf-memory",
        "19",
    ])
    .run();
    a.sesame(&["grant", "bob", "project/atlas", "write"]).run();
    a.sync();
    b.sync();
    b.sesame(&["rotate", &custom("shared")])
        .env("SESAME_MEMBER", "bob")
        .env("SESAME_PASSPHRASE", "bob's own passphrase")
        .stdin("bobs-value-z9")
        .run();
    b.sesame(&["sync"])
        .env("SESAME_MEMBER", "bob")
        .env("SESAME_PASSPHRASE", "bob's own passphrase")
        .run();
    b.no_unmerged();
    a.sync();
    let log = a.sesame(&["log"]).never_shows("bobs-value-z9").run();
    let row = log
        .stdout
        .lines()
        .find(|l| l.contains(" bob ") && l.contains(" rotate "))
        .unwrap_or_else(|| panic!("no rotate by bob: {log:#?}"));
    assert!(row.ends_with(&custom("shared")), "{log:#?}");
    assert!(log.stdout.contains(" grant "), "{log:#?}");
    let json = a
        .sesame(&["log", "--format", "json", "project/atlas"])
        .never_shows("bobs-value-z9")
        .never_shows("base-")
        .run()
        .json();
    let entries = json.as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["member"] == "bob"
            && e["action"] == "rotate"
            && e["id"] == custom("shared").as_str()),
        "{json:#}"
    );
    assert!(
        entries.iter().all(|e| e["id"].as_str().is_some()),
        "a prefix keeps secret entries only: {json:#}"
    );
}

#[test]
fn an_older_commit_checked_out_is_a_rollback_a_merge_is_not() {
    let (_remote, a, b) = two_synced(&[&custom("one")]);
    let old = a.git(&["rev-parse", "HEAD"]).stdout.trim().to_string();
    b.sync();
    a.rotate(&custom("one"), "newer");
    a.sync();
    // A merge that brings records in is not a rollback.
    b.sync();
    b.rotate(&custom("one"), "b-newer");
    b.add(&custom("two"), "two");
    b.sync();
    a.add(&custom("three"), "three");
    a.sync();
    assert_ne!(a.git(&["log", "--merges", "--oneline"]).stdout, "");
    assert_eq!(a.get(&custom("one")), "b-newer");

    // Checking out an older commit of the vault on purpose.
    a.git(&["checkout", "-q", &old, "--", "vault.sesame"]);
    a.sesame(&["list"])
        .status(8)
        .stderr_has("older copy")
        .stderr_has("--allow-rollback")
        .run();
    a.sesame(&["sync"]).status(8).run();
    a.sesame(&["list", "--allow-rollback"]).run();
    a.git(&["checkout", "-q", "HEAD", "--", "vault.sesame"]);
    assert_eq!(a.get(&custom("one")), "b-newer");

    // A pull that drops records: someone commits an old copy.
    b.sync();
    b.git(&["checkout", "-q", &old, "--", "vault.sesame"]);
    b.git(&["commit", "-q", "-m", "an old copy", "vault.sesame"]);
    b.git(&["push", "-q"]);
    a.sesame(&["sync"])
        .status(8)
        .stderr_has("--allow-rollback")
        .run();
    a.no_unmerged();
    a.sesame(&["get", &custom("two")]).status(8).run();
    a.sesame(&["list", "--allow-rollback"]).run();
}

#[test]
fn two_clones_on_one_machine_are_not_each_others_rollback() {
    let remote = Remote::new();
    let machine = Rc::new(Env::new());
    let a = remote.clone_on(machine.clone(), "a");
    a.init();
    a.sync();
    let behind = remote.clone_on(machine.clone(), "behind");
    a.add(&custom("one"), "one");
    a.add(&custom("two"), "two");
    a.sync();
    // `behind` holds fewer records than `a`, on the same machine: not an
    // older copy of it.
    assert_eq!(behind.ids(), Vec::<String>::new());
    behind.add(&custom("three"), "three");
    assert_eq!(a.ids().len(), 2);
    behind.sync();
    assert_eq!(behind.ids().len(), 3);
    a.sync();
    assert_eq!(a.ids().len(), 3);
    assert_eq!(a.vault_bytes(), behind.vault_bytes());
}

#[test]
fn sync_outside_a_git_repository_is_a_clear_error() {
    let env = Env::init();
    env.test(&["sync"])
        .env("GIT_CEILING_DIRECTORIES", env.root())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status(2)
        .stderr_has("is not in a git repository")
        .stderr_has("sesame git setup")
        .vault_unchanged()
        .run();
}

#[test]
fn git_failing_is_exit_1_with_gits_message() {
    let remote = Remote::new();
    let a = remote.first("a");
    // A remote that is gone.
    let url = a.git(&["remote", "get-url", "origin"]).stdout;
    a.git(&["remote", "set-url", "origin", "/nonexistent/repo.git"]);
    a.add(&custom("one"), "one");
    a.sesame(&["sync"])
        .status(1)
        .stderr_has("git pull")
        .stderr_has("does not appear to be a git repository")
        .run();
    // The vault was committed before the pull failed; nothing is lost.
    assert_eq!(a.subject(), "sesame: 1 change");
    assert_eq!(a.get(&custom("one")), "one");
    a.git(&["remote", "set-url", "origin", url.trim()]);
    // A branch with no upstream: git pull says what is missing.
    a.git(&["checkout", "-q", "-b", "alone"]);
    a.add(&custom("two"), "two");
    a.sesame(&["sync"])
        .status(1)
        .stderr_has("git pull")
        .stderr_has("no tracking information")
        .run();
    assert_eq!(a.subject(), "sesame: 1 change");
    assert_eq!(a.try_git(&["status", "--porcelain"]).stdout, "");
}
