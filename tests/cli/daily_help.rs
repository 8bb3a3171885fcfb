//! Help, man pages and README agree with the program (issue 15, items 11
//! to 14).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{Env, custom, mode_of, value_of};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("read README.md")
}

/// Every subcommand `sesame --help` lists, but `help`.
fn subcommands(env: &Env) -> Vec<String> {
    let help = env.ok(&["--help"]).stdout;
    let start = help.find("Commands:").expect("a Commands: section");
    help[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

// ---- item 11 -------------------------------------------------------------------

#[test]
fn help_shows_every_exit_code_and_the_readme_lists_them_too_issue_15() {
    let env = Env::new();
    let help = env.ok(&["--help"]).stdout;
    let table = &help[help
        .find("Exit codes:")
        .expect("an exit-code table in --help")..];
    let readme = readme();
    for code in 0..=11 {
        assert!(
            table
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{code} "))),
            "--help lacks exit code {code}:\n{table}"
        );
        assert!(
            readme.contains(&format!("\n| {code} | ")),
            "the README's table lacks exit code {code}"
        );
    }
    for code in ["127", "126"] {
        assert!(
            table.contains(code),
            "--help does not say `run` gives {code}"
        );
        assert!(
            readme.contains(code),
            "the README does not say `run` gives {code}"
        );
    }
    // The README says --help shows it; -h keeps to the summary.
    assert!(readme.contains("`sesame --help`"));
    // The man page lists the codes once, in EXIT STATUS.
    let page = env.ok(&["man"]).stdout;
    assert_eq!(page.matches("Exit codes:").count(), 0, "twice in sesame(1)");
    let status = &page[page.find(".SH EXIT STATUS").expect("EXIT STATUS")..];
    for code in ["10", "11", "127", "126"] {
        assert!(status.contains(code), "sesame(1) EXIT STATUS lacks {code}");
    }
}

#[test]
fn the_readme_list_example_has_the_columns_list_prints_issue_15() {
    let env = Env::init();
    env.add("project/atlas/secret/Custom/db-password", "x");
    let header = env
        .ok(&["list", "project/atlas"])
        .stdout
        .lines()
        .next()
        .expect("a header")
        .to_string();
    assert!(header.contains("STATUS"), "{header}");
    assert!(
        readme().lines().any(|l| l == header.trim_end()),
        "the README's `list` example has another header than {header:?}"
    );
}

#[test]
fn info_promises_nothing_it_does_not_print_issue_15() {
    let env = Env::init();
    let shown = env.ok(&["info"]).stdout;
    let help = env.ok(&["info", "--help"]).stdout;
    let summary = env.ok(&["--help"]).stdout;
    let page = env.ok(&["man", "info"]).stdout;
    let summary_line = summary
        .lines()
        .find(|l| l.trim_start().starts_with("info "))
        .expect("info in --help");
    for (what, text) in [
        ("info --help", help.as_str()),
        ("--help", summary_line),
        ("sesame-info(1)", page.as_str()),
    ] {
        if text.contains("size") {
            assert!(
                shown.contains("size"),
                "{what} promises a size info does not print"
            );
        }
    }
    assert!(
        help.contains("secrets") && shown.contains("secrets:"),
        "{help}"
    );
}

#[test]
fn man_synopses_show_the_values_options_take_issue_15() {
    let env = Env::new();
    let page = env.ok(&["man"]).stdout;
    let synopsis = page
        .lines()
        .skip_while(|l| *l != ".SH SYNOPSIS")
        .nth(1)
        .expect("a synopsis line");
    assert!(
        synopsis.contains(r"[\fB\-\-vault\fR \fI<PATH>\fR]"),
        "{synopsis}"
    );
    assert!(!synopsis.contains(r"[\fB\-\-vault\fR]"), "{synopsis}");
    let rollback = env.ok(&["man", "rollback"]).stdout;
    assert!(
        rollback.contains(r"\fB\-\-to\fR \fI<N>\fR"),
        "sesame-rollback(1): {rollback}"
    );
    let inject = env.ok(&["man", "inject"]).stdout;
    assert!(
        inject.contains(r"[\fB\-i\fR|\fB\-\-in\fR \fI<IN>\fR]"),
        "sesame-inject(1): {inject}"
    );
}

// ---- item 12 -------------------------------------------------------------------

#[test]
fn every_subcommand_lists_global_options_under_their_own_heading_issue_15() {
    let env = Env::new();
    let commands = subcommands(&env);
    assert!(commands.len() > 20, "{commands:?}");
    for sub in commands {
        if sub == "git" || sub == "merge" || sub == "git-textconv" {
            // git's driver and textconv take no global options; `git`
            // groups `git setup`.
            continue;
        }
        let help = env.ok(&[&sub, "--help"]).stdout;
        let global = help
            .find("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("`{sub} --help` has no Global options heading:\n{help}"));
        let (own, globals) = help.split_at(global);
        for option in ["--vault <PATH>", "--owner <OWNER>", "--quiet"] {
            assert!(
                globals.contains(option),
                "`{sub} --help`: {option} not under Global options"
            );
            assert!(
                !own.contains(option),
                "`{sub} --help`: {option} among the command's own"
            );
        }
    }
    let setup = env.ok(&["git", "setup", "--help"]).stdout;
    assert!(setup.contains("\nGlobal options:\n"), "{setup}");
}

#[test]
fn an_option_set_in_the_environment_is_not_shown_as_a_required_flag_issue_15() {
    let env = Env::new();
    let pass = env.write_file("pass", "x\n");
    for (var, value) in [
        ("SESAME_PASSPHRASE_FILE", pass.to_str().expect("utf-8")),
        ("SESAME_OWNER", "project/atlas"),
    ] {
        let run = env
            .test(&["get"])
            .env(var, value)
            .status(2)
            .stderr_has("Usage: sesame get [OPTIONS] <ID[#FIELD]>\n")
            .run();
        assert!(
            !run.stderr.contains("--passphrase-file <PATH> <"),
            "{run:#?}"
        );
        assert!(!run.stderr.contains("--owner <OWNER> <"), "{run:#?}");
    }
    env.test(&["rollback", "x"])
        .env("SESAME_PASSPHRASE_FILE", &pass)
        .status(2)
        .stderr_has("Usage: sesame rollback [OPTIONS] --to <N> <ID>\n")
        .run();
}

// ---- item 13 -------------------------------------------------------------------

#[test]
fn add_and_rotate_help_say_what_stdin_and_fields_do_and_it_is_so_issue_15() {
    let env = Env::init();
    let add = env.ok(&["add", "--help"]).stdout.replace('\n', " ");
    let add = add.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "less exactly one trailing newline",
        "whose bytes are kept exactly",
        "JSON object of their fields",
    ] {
        assert!(add.contains(needle), "add --help lacks {needle:?}: {add}");
    }
    let rotate = env.ok(&["rotate", "--help"]).stdout.replace('\n', " ");
    let rotate = rotate.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "only the fields given change",
        "the bare new value of the secret field",
        "a JSON object of the fields to change",
        "--field NAME=VALUE changes a non-secret field",
    ] {
        assert!(
            rotate.contains(needle),
            "rotate --help lacks {needle:?}: {rotate}"
        );
    }
    // What add --help says holds.
    env.test(&["add", &custom("stdin")]).stdin("v\n\n").run();
    assert_eq!(value_of(&env, &custom("stdin")), "v\n");
    let file = env.write_file("value.txt", "w\n");
    env.test(&["add", &custom("file"), "--from-file"])
        .arg(&file)
        .run();
    assert_eq!(value_of(&env, &custom("file")), "w\n");
    // And what rotate --help says.
    let s3 = "project/atlas/connect/S3/b";
    env.test(&["add", s3])
        .stdin(r#"{"access_key_id":"A","secret_access_key":"S"}"#)
        .run();
    env.test(&["rotate", s3, "--field", "region=eu-west-1"])
        .run();
    env.test(&["rotate", s3]).stdin("S2\n").run();
    env.test(&["get", s3])
        .stdout("{\"access_key_id\":\"A\",\"secret_access_key\":\"S2\",\"region\":\"eu-west-1\"}\n")
        .run();
}

// ---- item 14 -------------------------------------------------------------------

#[test]
fn man_install_writes_every_page_where_man_finds_it_issue_15() {
    let env = Env::new();
    // What the README's install gives: ~/.local/bin on PATH.
    let home = env.root().join("home");
    let bin = home.join(".local/bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let run = env
        .test(&["man", "--install"])
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .stderr_has("installed ")
        .run();
    let dir = home.join(".local/share/man/man1");
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut count = 0;
    for entry in std::fs::read_dir(&committed).expect("man/") {
        let entry = entry.expect("entry");
        let installed = dir.join(entry.file_name());
        assert_eq!(
            std::fs::read(&installed).unwrap_or_default(),
            std::fs::read(entry.path()).expect("read"),
            "{} differs from the committed page: {run:#?}",
            installed.display()
        );
        assert_eq!(mode_of(&installed), 0o644);
        count += 1;
    }
    assert!(
        run.stderr.contains(&format!("installed {count} man pages")),
        "{run:#?}"
    );
    // man(1) finds it with nothing else set up.
    let found = Command::new("man")
        .args(["-w", "sesame"])
        .env_clear()
        .env("HOME", &home)
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .stdin(Stdio::null())
        .output();
    match found {
        Ok(out) if out.status.success() || !out.stderr.is_empty() => {
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                dir.join("sesame.1").display().to_string(),
                "{out:?}"
            );
        }
        _ => eprintln!("skipped the man(1) check: man is not installed"),
    }
    // --dir, and one page to stdout.
    let other = env.root().join("elsewhere");
    env.test(&["man", "--install", "--dir"]).arg(&other).run();
    assert!(other.join("sesame-get.1").is_file());
    let page = env.ok(&["man", "get"]).stdout;
    assert_eq!(
        page.as_bytes(),
        std::fs::read(committed.join("sesame-get.1")).expect("read")
    );
    env.test(&["man", "nope"])
        .status(2)
        .stderr_has("no man page for \"nope\"")
        .run();
}
