//! What reaches the terminal, and what `-o` failures say (issue 11, items
//! 11 and 12): text from the vault or an input file never carries a
//! control, bidi or invisible character to the terminal in tables, JSON or
//! errors (`docs/cli-decisions.md` "Terminal output (issue 11)"), while the
//! values `get`, `env`, `run` and `inject` print stay byte-exact; and a
//! failed `inject -o`/`export -o` names the file it was writing.

use serde_json::Value;

use crate::support::{Env, PASSPHRASE, Run, set_mode};

const ID: &str = "user/u/secret/Custom/spoof";

/// One of each kind of character that can drive or spoof a terminal line:
/// C0 (ESC), C1 (8-bit CSI, NEL), bidi overrides and isolates, the Arabic
/// letter mark, zero-width and direction marks, the line separator, the
/// BOM, and a Tag character (an invisible `A`).
const HOSTILE_CHARS: [char; 13] = [
    '\u{1b}',
    '\u{9b}',
    '\u{85}',
    '\u{202e}',
    '\u{2066}',
    '\u{2069}',
    '\u{61c}',
    '\u{200b}',
    '\u{200f}',
    '\u{2028}',
    '\u{feff}',
    '\u{ad}',
    '\u{e0041}',
];

/// Text that uses every one of [`HOSTILE_CHARS`], plus ordinary non-ASCII.
fn hostile(tag: &str) -> String {
    let mut s = format!("{tag}: pässwörd 🔑 ");
    for c in HOSTILE_CHARS {
        s.push(c);
        s.push('x');
    }
    s.push_str("[31mgnp.exe");
    s
}

/// Asserts no character of [`HOSTILE_CHARS`] reaches stdout or stderr.
fn assert_no_hostile(run: &Run, what: &str) {
    for c in HOSTILE_CHARS {
        assert!(
            !run.stdout.contains(c) && !run.stderr.contains(c),
            "{what} shows U+{:04X} raw: {run:#?}",
            c as u32
        );
    }
}

/// A vault holding [`ID`] whose value and description are hostile, and a
/// second version so that `history` has two rows.
fn hostile_vault() -> Env {
    let env = Env::init();
    let value = env.write_file("value", hostile("value-1"));
    env.ok(&[
        "add",
        "--description",
        &hostile("description"),
        "--from-file",
        value.to_str().unwrap(),
        ID,
    ]);
    let value = env.write_file("value", hostile("value-2"));
    env.ok(&["rotate", "--from-file", value.to_str().unwrap(), ID]);
    env
}

#[test]
fn list_table_escapes_c1_bidi_and_invisible_characters_issue_11() {
    let env = hostile_vault();
    for args in [&["list"][..], &["list", "--decrypt"]] {
        let run = env.ok(args);
        assert_no_hostile(&run, &args.join(" "));
        for escape in [r"\u{1b}", r"\u{9b}", r"\u{202e}", r"\u{2066}", r"\u{200b}"] {
            assert!(run.stdout.contains(escape), "no {escape} in {run:#?}");
        }
        // Still one line per secret: no separator or NEL broke the row.
        assert_eq!(run.stdout.lines().count(), 2, "{run:#?}");
    }
    let decrypted = env.ok(&["list", "--decrypt"]).stdout;
    assert!(decrypted.contains(r"value-2: pässwörd 🔑 \u{1b}x\u{9b}x"));
}

#[test]
fn history_table_escapes_hostile_characters_in_values_issue_11() {
    let env = hostile_vault();
    let run = env.ok(&["history", "--decrypt", ID]);
    assert_no_hostile(&run, "history --decrypt");
    assert!(
        run.stdout
            .contains(r"value-1: pässwörd 🔑 \u{1b}x\u{9b}x\u{85}x\u{202e}x")
    );
    assert!(run.stdout.contains(r"\u{e0041}x[31mgnp.exe"), "{run:#?}");
    assert_eq!(run.stdout.lines().count(), 3, "{run:#?}");
}

/// Every `--format json` output writes the set as `\uXXXX` escapes, stays
/// valid JSON, and parses back to exactly what is stored.
#[test]
fn json_outputs_escape_hostile_characters_and_parse_back_exactly_issue_11() {
    let env = hostile_vault();
    let (v1, v2, description) = (
        hostile("value-1"),
        hostile("value-2"),
        hostile("description"),
    );
    let checked = |args: &[&str]| -> Value {
        let run = env.ok(args);
        assert_no_hostile(&run, &args.join(" "));
        for escape in [r"\u009b", r"\u0085", r"\u202e", r"\u2028", r"\udb40\udc41"] {
            assert!(
                run.stdout.contains(escape),
                "{args:?}: no {escape}: {run:#?}"
            );
        }
        run.json()
    };
    let listed = checked(&["list", "--format", "json", "--decrypt"]);
    assert_eq!(listed[0]["description"], description.as_str());
    assert_eq!(listed[0]["value"], v2.as_str());
    let got = checked(&["get", "--format", "json", ID]);
    assert_eq!(got["description"], description.as_str());
    assert_eq!(got["value"], v2.as_str());
    let history = checked(&["history", "--format", "json", "--decrypt", ID]);
    assert_eq!(history[0]["value"], v1.as_str());
    assert_eq!(history[1]["value"], v2.as_str());
    let exported = checked(&["export", "--format", "json"]);
    assert_eq!(exported[0]["description"], description.as_str());
    assert_eq!(exported[0]["versions"][0]["value"], v1.as_str());
    let env_json = checked(&["env", "--format", "json", ID]);
    assert_eq!(env_json["SPOOF"], v2.as_str());
    // Without the value, the description alone is escaped too.
    let run = env.ok(&["list", "--format", "json"]);
    assert_no_hostile(&run, "list --format json");
    assert_eq!(run.json()[0]["description"], description.as_str());
}

/// An export written with `-o` and imported again loses nothing.
#[test]
fn an_escaped_json_export_round_trips_through_import_issue_11() {
    let env = hostile_vault();
    let file = env.root().join("export.json");
    env.ok(&["export", "--format", "json", "-o", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains('\u{202e}') && text.contains(r"\u202e"),
        "{text}"
    );
    let other = Env::init();
    other.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["get", "-n", ID]).stdout, hostile("value-2"));
    assert_eq!(
        other.ok(&["get", "-n", "--version", "1", ID]).stdout,
        hostile("value-1")
    );
    assert_eq!(
        other.ok(&["get", "--format", "json", ID]).json()["description"],
        hostile("description").as_str()
    );
}

/// Values are data: `get`, `env`, `run` and `inject` give them byte for
/// byte, hostile characters and all.
#[test]
fn get_env_run_and_inject_keep_hostile_values_byte_exact_issue_11() {
    let env = hostile_vault();
    let value = hostile("value-2");
    assert_eq!(env.ok(&["get", "-n", ID]).stdout, value);
    assert_eq!(env.ok(&["get", ID]).stdout, format!("{value}\n"));
    let sh = env.ok(&["env", ID]).stdout;
    assert_eq!(sh, format!("export SPOOF='{value}'\n"));
    let run = env.ok(&["run", ID, "--", "sh", "-c", "printf %s \"$SPOOF\""]);
    assert_eq!(run.stdout, value);
    let injected = env
        .run_stdin(&["inject"], format!("<{{{{ sesame://{ID} }}}}>"))
        .success();
    assert_eq!(injected.stdout, format!("<{value}>"));
}

/// An error quoting text from an input file (here a config file's unknown
/// key) shows the hostile characters escaped, not raw.
#[test]
fn errors_escape_hostile_characters_from_input_files_issue_11() {
    let env = Env::init();
    let key = "k\u{202e}\u{9b}31m\u{200b}ey";
    let config = env.write_file("config.toml", format!("\"{key}\" = 1\n"));
    let run = env
        .run(&["--config", config.to_str().unwrap(), "list"])
        .fails(2)
        .stderr_has(r"k\u{202e}\u{9b}31m\u{200b}ey");
    assert_no_hostile(&run, "a config error");
    let missing = env.root().join("no\u{202e}such\u{85}file");
    let run = env
        .run(&["inject", "-i", missing.to_str().unwrap()])
        .fails(3)
        .stderr_has(r"no\u{202e}such\u{85}file");
    assert_no_hostile(&run, "a missing template");
}

/// The vault path `info` shows may come from a config file: escaped too.
#[test]
fn info_escapes_hostile_characters_in_the_vault_path_issue_11() {
    let env = Env::new();
    let vault = env.root().join("v\u{202e}lua\u{9b}v.sesame");
    let run = |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_VAULT", &vault);
        Run::from(cmd.output().unwrap())
    };
    let mut init = vec!["init"];
    init.extend(crate::support::FAST_KDF);
    run(&init).success();
    let table = run(&["info"]).success();
    assert_no_hostile(&table, "info");
    assert!(
        table.stdout.contains(r"v\u{202e}lua\u{9b}v.sesame"),
        "{table:#?}"
    );
    let json = run(&["info", "--format", "json"]).success();
    assert_no_hostile(&json, "info --format json");
    assert_eq!(json.json()["vault"], vault.to_str().unwrap());
}

/// Notices and warnings that quote a path (which may come from a config
/// file) escape it too: `init`'s notice, the loose-directory warning and
/// the passphrase-file warning.
#[test]
fn notices_and_warnings_escape_hostile_characters_in_paths_issue_11() {
    let env = Env::new();
    let dir = env.root().join("d\u{202e}ir\u{9b}");
    std::fs::create_dir(&dir).unwrap();
    let vault = dir.join("v\u{2066}.sesame");
    let run = |args: &[&str], passphrase_file: Option<&std::path::Path>| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_VAULT", &vault);
        if let Some(file) = passphrase_file {
            cmd.env_remove("SESAME_PASSPHRASE")
                .env("SESAME_PASSPHRASE_FILE", file);
        }
        Run::from(cmd.output().unwrap())
    };
    let mut init = vec!["init"];
    init.extend(crate::support::FAST_KDF);
    let created = run(&init, None).success();
    assert_no_hostile(&created, "init's notice");
    assert!(
        created.stderr.contains(r"d\u{202e}ir\u{9b}"),
        "{created:#?}"
    );
    set_mode(&dir, 0o777);
    let loose = run(&["list"], None).success();
    assert!(loose.stderr.contains("writable by others"), "{loose:#?}");
    assert_no_hostile(&loose, "the loose-directory warning");
    set_mode(&dir, 0o700);
    let file = env.write_file("pass\u{202e}phrase\u{85}", format!("{PASSPHRASE}\n"));
    set_mode(&file, 0o644);
    let readable = run(&["list"], Some(&file)).success();
    assert!(
        readable.stderr.contains("readable by others"),
        "{readable:#?}"
    );
    assert_no_hostile(&readable, "the passphrase-file warning");
}

// ---- item 12: `-o` failures name the file -------------------------------

/// Runs `args` with `-o` under a regular file (no directory can be made
/// there, even by root) and into an existing directory; both must fail
/// naming the output file, never a vault, and leave nothing behind.
fn assert_output_failure_names_the_file(env: &Env, args: &[&str], stdin: &str) {
    let plain = env.write_file("plain-file", "not a directory\n");
    let dir = env.root().join("out-dir");
    std::fs::create_dir(&dir).unwrap();
    let before = env.vault_bytes();
    for out in [plain.join("out.txt"), dir.clone()] {
        let out = out.to_str().unwrap();
        let mut full = args.to_vec();
        full.extend(["-o", out]);
        let run = env
            .run_stdin(&full, stdin)
            .fails(1)
            .stderr_has(&format!("sesame: error: cannot write '{out}': "))
            .never_shows("the-secret-value");
        assert!(!run.stderr.contains("vault"), "{run:#?}");
        assert!(!run.stderr.contains(".tmp-"), "{run:#?}");
    }
    assert_eq!(std::fs::read(&plain).unwrap(), b"not a directory\n");
    assert!(std::fs::read_dir(&dir).unwrap().next().is_none());
    let leftovers: Vec<_> = std::fs::read_dir(env.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    assert_eq!(env.vault_bytes(), before);
    std::fs::remove_file(&plain).unwrap();
    std::fs::remove_dir(&dir).unwrap();
}

#[test]
fn inject_output_failure_names_the_file_not_a_vault_issue_11() {
    let env = Env::init();
    env.add("user/u/k", "the-secret-value");
    assert_output_failure_names_the_file(&env, &["inject"], "v={{ sesame://user/u/k }}\n");
}

#[test]
fn export_output_failure_names_the_file_not_a_vault_issue_11() {
    let env = Env::init();
    env.add("user/u/k", "the-secret-value");
    assert_output_failure_names_the_file(&env, &["export", "--format", "json"], "");
    assert_output_failure_names_the_file(&env, &["export", "--format", "dotenv"], "");
}
