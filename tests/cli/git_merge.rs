//! `sesame merge`, `sesame git-textconv` and `sesame git setup`, run as git
//! runs them (issue 14): the merge is a keyless union, commutative,
//! associative and idempotent byte for byte; bad inputs leave OURS as it
//! was; real git merges, rebases and cherry-picks without a conflict, with
//! the driver set up or passed with `-c`; and no plaintext lands anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sesame::vault::v2::Image;
use sesame::vault::v2::merge::merge;

use crate::support::{Env, Run};
use crate::v2_images::{VAULT, divergence, image, run};

const MARKER: &str = "PAYLOAD-MARKER-7f3c";

/// Runs `sesame merge BASE OURS THEIRS` on files in `env`'s root.
fn sesame_merge(env: &Env, base: &Path, ours: &Path, theirs: &Path) -> Run {
    env.run(&[
        "merge",
        base.to_str().unwrap(),
        ours.to_str().unwrap(),
        theirs.to_str().unwrap(),
        "vault.sesame",
    ])
}

fn write(env: &Env, name: &str, image: &Image) -> PathBuf {
    env.write_file(name, image.encode())
}

fn library_merge(a: &Image, b: &Image) -> Vec<u8> {
    merge(a, b).unwrap().encode()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn merge_of_divergent_images_is_the_union_and_commutes() {
    let env = Env::new();
    let (base, ours, theirs) = divergence(MARKER);
    let b = write(&env, "base", &base);
    let o = write(&env, "ours", &ours);
    let t = write(&env, "theirs", &theirs);
    let out = sesame_merge(&env, &b, &o, &t).success();
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:#?}");
    let merged = std::fs::read(&o).unwrap();
    let image = Image::decode(&merged).unwrap();
    for input in [&ours, &theirs] {
        for k in input.records.keys() {
            assert!(image.records.contains_key(k), "a record was lost");
        }
    }
    assert_eq!(image.records.len(), 2 + 2 + 1);
    assert_eq!(
        image.checkpoints.len(),
        2,
        "both concurrent checkpoints stay"
    );
    assert_eq!(merged, library_merge(&ours, &theirs));

    // Swapped, as a rebase calls it: the same bytes.
    let o2 = write(&env, "ours2", &theirs);
    let t2 = write(&env, "theirs2", &ours);
    sesame_merge(&env, &b, &o2, &t2).success();
    assert_eq!(std::fs::read(&o2).unwrap(), merged);

    // Idempotent: merging the result with either side changes nothing.
    for side in [&t, &t2] {
        sesame_merge(&env, &b, &o, side).success();
        assert_eq!(std::fs::read(&o).unwrap(), merged);
    }
    let names = names_in(env.root());
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "no temp file left: {names:?}"
    );
}

#[test]
fn three_way_merges_are_associative() {
    let env = Env::new();
    let a = image(VAULT, &run(1, 3, MARKER, &[]), None);
    let b = image(VAULT, &run(2, 2, MARKER, &[(1, 1)]), None);
    let c = image(VAULT, &run(3, 4, MARKER, &[]), None);
    let empty = env.write_file("empty", b"");
    // (a ∪ b) ∪ c
    let left = write(&env, "left", &a);
    let bf = write(&env, "b", &b);
    let cf = write(&env, "c", &c);
    sesame_merge(&env, &empty, &left, &bf).success();
    sesame_merge(&env, &empty, &left, &cf).success();
    // a ∪ (b ∪ c)
    let right = write(&env, "right", &b);
    sesame_merge(&env, &empty, &right, &cf).success();
    let af = write(&env, "a", &a);
    sesame_merge(&env, &empty, &af, &right).success();
    let left = std::fs::read(&left).unwrap();
    assert_eq!(left, std::fs::read(&af).unwrap());
    assert_eq!(Image::decode(&left).unwrap().records.len(), 3 + 2 + 4);
}

#[test]
fn add_add_merges_with_an_empty_or_missing_base() {
    let env = Env::new();
    let (_, ours, theirs) = divergence(MARKER);
    let expected = library_merge(&ours, &theirs);
    for base in [
        env.write_file("empty-base", b""),
        env.root().join("no-such-base"),
    ] {
        let o = write(&env, "ours", &ours);
        let t = write(&env, "theirs", &theirs);
        sesame_merge(&env, &base, &o, &t).success();
        assert_eq!(std::fs::read(&o).unwrap(), expected, "base {base:?}");
    }
    assert!(!env.root().join("no-such-base").exists());
}

#[test]
fn merge_keeps_the_mode_of_ours() {
    let env = Env::new();
    let (base, ours, theirs) = divergence(MARKER);
    let (b, o, t) = (
        write(&env, "base", &base),
        write(&env, "ours", &ours),
        write(&env, "theirs", &theirs),
    );
    // Not the default 0600 nor what the umask gives: the driver copies it.
    crate::support::set_mode(&o, 0o640);
    sesame_merge(&env, &b, &o, &t).success();
    assert_eq!(crate::support::mode_of(&o), 0o640);
}

/// Runs the driver with `bad` in the place `which` and checks: exit 1,
/// stderr names the input and says `why`, OURS unchanged byte for byte,
/// no other file appears.
fn refuses(which: &str, bad: &[u8], why: &str) {
    let env = Env::new();
    let (base, ours, theirs) = divergence(MARKER);
    let mut files = [base.encode(), ours.encode(), theirs.encode()];
    let slot = ["base", "ours", "theirs"]
        .iter()
        .position(|w| *w == which)
        .unwrap();
    files[slot] = bad.to_vec();
    let b = env.write_file("base", &files[0]);
    let o = env.write_file("ours", &files[1]);
    let t = env.write_file("theirs", &files[2]);
    let before = names_in(env.root());
    let out = sesame_merge(&env, &b, &o, &t)
        .fails(1)
        .stderr_has(which)
        .stderr_has(why);
    assert_eq!(
        std::fs::read(&o).unwrap(),
        files[1],
        "OURS changed: {out:#?}"
    );
    assert_eq!(names_in(env.root()), before);
}

#[test]
fn a_format_1_vault_is_refused_naming_the_input() {
    let v1 = Env::init_v1().vault_bytes();
    for which in ["ours", "theirs", "base"] {
        refuses(which, &v1, "format-1");
    }
}

#[test]
fn a_truncated_image_is_refused() {
    let bytes = divergence(MARKER).2.encode();
    refuses("theirs", &bytes[..bytes.len() - 7], "damaged");
    refuses("ours", &bytes[..bytes.len() / 2], "damaged");
}

#[test]
fn a_flipped_byte_in_a_record_is_refused() {
    let mut bytes = divergence(MARKER).2.encode();
    let at = bytes
        .windows(MARKER.len())
        .position(|w| w == MARKER.as_bytes())
        .unwrap();
    bytes[at + 3] ^= 0x01;
    refuses("theirs", &bytes, "does not match its hash");
    refuses("ours", &bytes, "does not match its hash");
}

#[test]
fn images_of_two_vaults_are_refused() {
    let other = image([0x01; 16], &run(4, 1, MARKER, &[]), None).encode();
    refuses("theirs", &other, "different vaults");
    refuses("base", &other, "different vaults");
}

#[test]
fn a_file_that_is_not_a_vault_is_refused() {
    refuses(
        "theirs",
        b"just some text, long enough to be more than a header would be; really quite long text\n",
        "not a sesame vault",
    );
    refuses("ours", b"x", "not a sesame vault");
    refuses("ours", b"", "empty");
}

#[test]
fn merge_never_reads_stdin_and_needs_no_passphrase() {
    let env = Env::new();
    let (base, ours, theirs) = divergence(MARKER);
    let (b, o, t) = (
        write(&env, "base", &base),
        write(&env, "ours", &ours),
        write(&env, "theirs", &theirs),
    );
    let mut cmd = env.cmd(&[
        "merge",
        b.to_str().unwrap(),
        o.to_str().unwrap(),
        t.to_str().unwrap(),
    ]);
    // Nothing in the environment matters: not even options that other
    // commands would refuse.
    cmd.env_remove("SESAME_PASSPHRASE")
        .env("SESAME_CONFIG", env.root().join("no-such-config.toml"))
        .env("SESAME_OWNER", "not an owner!");
    // A stdin that would block forever if read: an open pipe never written.
    cmd.stdin(Stdio::piped());
    let child = cmd.spawn().unwrap();
    let out = Run::from(child.wait_with_output().unwrap());
    out.success();
    assert_eq!(std::fs::read(&o).unwrap(), library_merge(&ours, &theirs));
    for dir in ["home", "data", "config", "state", "cache", "runtime"] {
        assert_eq!(
            names_in(&env.root().join(dir)),
            Vec::<String>::new(),
            "the driver wrote into {dir}"
        );
    }
}

#[test]
fn textconv_shows_envelopes_and_no_payload() {
    let env = Env::new();
    let (_, ours, _) = divergence(MARKER);
    let f = write(&env, "v.sesame", &ours);
    let out = env
        .ok(&["git-textconv", f.to_str().unwrap()])
        .never_shows(MARKER);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 4 + 1, "{out:#?}");
    assert!(lines[0].starts_with("sesame vault, format 2, vault 5e5e5e5e"));
    assert!(
        lines[1]
            .starts_with("member tags=7a7a7a7a author=01010101 device=01010101 seq=1 time=2026-")
    );
    assert!(lines[2].starts_with("txn tags=7a7a7a7a author=01010101 device=01010101 seq=2 "));
    assert!(lines[5].starts_with("checkpoint tag=7a7a7a7a author=01010101 frontier=2 pages=1 "));

    let v1 = Env::init_v1();
    let out = v1.ok(&["git-textconv", v1.vault_path().to_str().unwrap()]);
    assert!(out.stdout.starts_with("sesame vault, format 1"), "{out:#?}");
    assert_eq!(out.stdout.lines().count(), 1);

    let text = env.write_file(
        "notes.txt",
        "not a vault at all, but long enough for a header".repeat(3),
    );
    env.run(&["git-textconv", text.to_str().unwrap()])
        .fails(1)
        .stderr_has("not a sesame vault");
}

// ---- real git ---------------------------------------------------------

/// A git repository in a sealed environment: its own HOME and TMPDIR, no
/// global or system config.
struct Repo {
    env: Env,
    dir: PathBuf,
    tmp: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let env = Env::new();
        let dir = env.root().join("repo");
        let tmp = env.root().join("tmp");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&tmp).unwrap();
        let repo = Repo { env, dir, tmp };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn seal(&self, cmd: &mut Command) {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.env.root().join("home"))
            .env("TMPDIR", &self.tmp)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_EDITOR", "true")
            .stdin(Stdio::null());
    }

    /// `git ARGS` in the repository; its output, whatever the exit code.
    fn try_git(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(&self.dir)
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args(args);
        self.seal(&mut cmd);
        Run::from(cmd.output().expect("run git"))
    }

    fn git(&self, args: &[&str]) -> Run {
        let out = self.try_git(args);
        assert_eq!(out.code, 0, "git {args:?} failed: {out:#?}");
        out
    }

    /// `sesame ARGS` with the vault in the repository.
    fn sesame(&self, args: &[&str]) -> Run {
        let mut cmd = self.env.cmd(args);
        cmd.env("SESAME_VAULT", self.vault())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("TMPDIR", &self.tmp);
        Run::from(cmd.output().expect("run sesame"))
    }

    fn vault(&self) -> PathBuf {
        self.dir.join("vault.sesame")
    }

    fn commit_vault(&self, image: &Image, message: &str) {
        std::fs::write(self.vault(), image.encode()).unwrap();
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// BASE committed on main (with the attributes line), THEIRS on branch
    /// `theirs`, OURS on main.
    fn diverge(&self, attributes: bool) -> (Image, Image) {
        let (base, ours, theirs) = divergence(MARKER);
        if attributes {
            std::fs::write(
                self.dir.join(".gitattributes"),
                "*.sesame merge=sesame diff=sesame -text\n",
            )
            .unwrap();
        }
        self.commit_vault(&base, "base");
        self.git(&["checkout", "-q", "-b", "theirs"]);
        self.commit_vault(&theirs, "theirs");
        self.git(&["checkout", "-q", "main"]);
        self.commit_vault(&ours, "ours");
        (ours, theirs)
    }

    fn assert_clean_merge(&self, ours: &Image, theirs: &Image) {
        assert_eq!(self.git(&["ls-files", "-u"]).stdout, "");
        assert_eq!(
            std::fs::read(self.vault()).unwrap(),
            library_merge(ours, theirs),
            "the work tree holds the library's merge"
        );
        assert_eq!(
            self.git(&[
                "status",
                "--porcelain",
                "--ignored",
                "--untracked-files=all"
            ])
            .stdout,
            "",
            "no stray file in the work tree"
        );
        assert_eq!(
            names_in(&self.tmp),
            Vec::<String>::new(),
            "nothing in TMPDIR"
        );
    }
}

#[test]
fn git_setup_writes_attributes_and_local_config_idempotently() {
    let repo = Repo::new();
    let first = repo.sesame(&["git", "setup"]).success();
    assert!(
        first
            .stderr
            .contains("added `*.sesame merge=sesame diff=sesame -text`"),
        "{first:#?}"
    );
    assert!(
        first.stderr.contains("set merge.sesame.driver"),
        "{first:#?}"
    );
    let attributes = std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.sesame merge=sesame diff=sesame -text\n");
    let driver = repo
        .git(&["config", "--local", "--get", "merge.sesame.driver"])
        .stdout;
    let exe = env!("CARGO_BIN_EXE_sesame");
    assert_eq!(driver.trim_end(), format!("{exe} merge %O %A %B %P"));
    let textconv = repo
        .git(&["config", "--local", "--get", "diff.sesame.textconv"])
        .stdout;
    assert_eq!(textconv.trim_end(), format!("{exe} git-textconv"));
    assert_eq!(
        repo.try_git(&["config", "--local", "--get-regexp", "include"])
            .stdout,
        ""
    );
    let config = std::fs::read_to_string(repo.dir.join(".git/config")).unwrap();

    let second = repo.sesame(&["git", "setup"]).success();
    assert!(second.stderr.contains("already has"), "{second:#?}");
    assert!(
        second.stderr.contains("merge.sesame.driver is already set"),
        "{second:#?}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap(),
        attributes
    );
    assert_eq!(
        std::fs::read_to_string(repo.dir.join(".git/config")).unwrap(),
        config
    );
    assert_ne!(
        repo.try_git(&["rev-parse", "--verify", "HEAD"]).code,
        0,
        "commits nothing"
    );
}

#[test]
fn git_setup_with_repo_appends_to_existing_attributes() {
    let repo = Repo::new();
    std::fs::write(repo.dir.join(".gitattributes"), "*.png binary").unwrap();
    let mut cmd = repo
        .env
        .cmd(&["git", "setup", "--repo", repo.dir.to_str().unwrap()]);
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    Run::from(cmd.output().unwrap()).success();
    assert_eq!(
        std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap(),
        "*.png binary\n*.sesame merge=sesame diff=sesame -text\n"
    );
}

#[test]
fn git_setup_outside_a_repository_fails_clearly() {
    let env = Env::new();
    let dir = env.root().join("plain");
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = env.cmd(&["git", "setup", "--repo", dir.to_str().unwrap()]);
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", env.root());
    Run::from(cmd.output().unwrap())
        .fails(1)
        .stderr_has("is not in a git repository");
    assert!(!dir.join(".gitattributes").exists());
}

#[test]
fn git_merge_after_setup_merges_the_vault_without_conflict() {
    let repo = Repo::new();
    repo.sesame(&["git", "setup"]).success();
    let (ours, theirs) = repo.diverge(false);
    repo.git(&["merge", "-q", "--no-edit", "theirs"]);
    repo.assert_clean_merge(&ours, &theirs);
}

#[test]
fn git_rebase_and_cherry_pick_agree_with_the_merge() {
    let repo = Repo::new();
    repo.sesame(&["git", "setup"]).success();
    let (ours, theirs) = repo.diverge(false);
    // A rebase of `theirs` onto main: git swaps ours and theirs.
    let original = repo.git(&["rev-parse", "theirs"]).stdout;
    repo.git(&["checkout", "-q", "theirs"]);
    repo.git(&["rebase", "-q", "main"]);
    repo.assert_clean_merge(&ours, &theirs);
    let rebased = std::fs::read(repo.vault()).unwrap();
    // A cherry-pick of the original `theirs` commit onto main.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["cherry-pick", original.trim()]);
    repo.assert_clean_merge(&ours, &theirs);
    assert_eq!(std::fs::read(repo.vault()).unwrap(), rebased);
}

#[test]
fn git_merge_with_the_driver_passed_by_c_needs_no_setup() {
    let repo = Repo::new();
    let (ours, theirs) = repo.diverge(true);
    // Without the driver, git's binary merge conflicts: the driver is what
    // makes the difference below.
    let mut args = vec!["merge", "--no-edit", "theirs"];
    let plain = repo.try_git(&args);
    assert_ne!(plain.code, 0, "{plain:#?}");
    repo.git(&["merge", "--abort"]);
    let driver =
        sesame::commands::git::config_args(Path::new(env!("CARGO_BIN_EXE_sesame"))).unwrap();
    let mut with: Vec<&str> = driver.iter().map(String::as_str).collect();
    with.append(&mut args);
    repo.git(&with);
    repo.assert_clean_merge(&ours, &theirs);
    assert_eq!(
        repo.try_git(&["config", "--local", "--get", "merge.sesame.driver"])
            .code,
        1
    );
}

#[test]
fn a_modify_delete_conflict_is_left_to_git() {
    let repo = Repo::new();
    repo.sesame(&["git", "setup"]).success();
    let (base, ours, _) = divergence(MARKER);
    repo.commit_vault(&base, "base");
    repo.git(&["checkout", "-q", "-b", "gone"]);
    repo.git(&["rm", "-q", "vault.sesame"]);
    repo.git(&["commit", "-q", "-m", "delete"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_vault(&ours, "modify");
    let out = repo.try_git(&["merge", "--no-edit", "gone"]);
    assert_ne!(out.code, 0);
    assert!(out.stdout.contains("CONFLICT (modify/delete)"), "{out:#?}");
    assert_eq!(std::fs::read(repo.vault()).unwrap(), ours.encode());
}

#[test]
fn git_log_and_diff_show_envelopes_through_the_textconv() {
    let repo = Repo::new();
    repo.sesame(&["git", "setup"]).success();
    repo.diverge(false);
    let log = repo.git(&["log", "-p", "main"]).never_shows(MARKER);
    assert!(
        log.stdout
            .contains("+txn tags=7a7a7a7a author=02020202 device=02020202 seq=2"),
        "{log:#?}"
    );
    assert!(!log.stdout.contains("Binary files"), "{log:#?}");
    let diff = repo.git(&["diff", "theirs", "main"]).never_shows(MARKER);
    assert!(
        diff.stdout
            .contains("-member tags=7a7a7a7a author=03030303"),
        "{diff:#?}"
    );
    assert!(
        diff.stdout.contains("+checkpoint tag=7a7a7a7a"),
        "{diff:#?}"
    );
}
