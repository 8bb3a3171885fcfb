//! `sesame import --format dotenv` (issue 6): `KEY=value` lines with
//! optional `export `, comments and blank lines, literal single quotes,
//! escaping and multi-line double quotes; each key becomes `PREFIX/KEY`;
//! what `env --format dotenv` prints reads back to the same values; and a
//! malformed line, a missing or owner-less prefix or a duplicate key changes
//! nothing (`shared/spec/cli.md` §3 "Moving secrets in and out",
//! `docs/cli-decisions.md` "Import and export (issue 6)").

use crate::export_cmd::{add_exact, generation, strings};
use crate::support::{Env, Run, custom, ids, meta, value_at, value_of};

const PREFIX: &str = "project/atlas/secret/Custom";

/// `import --format dotenv --prefix PREFIX EXTRA...` with `text` on stdin.
fn import(env: &Env, extra: &[&str], text: &str) -> Run {
    let mut args = vec!["import", "--format", "dotenv", "--prefix", PREFIX];
    args.extend_from_slice(extra);
    env.run_stdin(&args, text)
}

fn import_refused(env: &Env, extra: &[&str], text: &str, code: i32) -> Run {
    let mut args = vec!["import", "--format", "dotenv", "--prefix", PREFIX];
    args.extend_from_slice(extra);
    env.test(&args)
        .stdin(text.as_bytes())
        .status(code)
        .vault_unchanged()
        .run()
}

const EVERY_FORM: &str = r#"# a comment at the top
PLAIN=plain-value
export EXPORTED=exported-value

# quotes
SINGLE='single\nstays $HOME "x"'
DOUBLE="tab\there\nnewline \"quoted\" back\\slash cr\r."
MULTI="first line
second line
"
HASHED=before #after
URL=https://example.test/#anchor
lower_case_1=lower
"#;

fn every_form_values() -> Vec<(&'static str, &'static str)> {
    vec![
        ("PLAIN", "plain-value"),
        ("EXPORTED", "exported-value"),
        ("SINGLE", "single\\nstays $HOME \"x\""),
        ("DOUBLE", "tab\there\nnewline \"quoted\" back\\slash cr\r."),
        ("MULTI", "first line\nsecond line\n"),
        ("HASHED", "before"),
        ("URL", "https://example.test/#anchor"),
        ("lower_case_1", "lower"),
    ]
}

#[test]
fn import_dotenv_reads_every_documented_form_issue_6() {
    let env = Env::init();
    let run = import(&env, &[], EVERY_FORM)
        .success()
        .stderr_has("imported 8 secrets (skipped 0)")
        .never_shows("plain-value");
    assert!(run.stdout.is_empty(), "import printed data: {run:#?}");
    let values = every_form_values();
    let mut expected: Vec<String> = values
        .iter()
        .map(|(key, _)| format!("{PREFIX}/{key}"))
        .collect();
    expected.sort();
    assert_eq!(ids(&env), expected, "comments or blanks became secrets");
    for (key, value) in values {
        let id = format!("{PREFIX}/{key}");
        assert_eq!(value_of(&env, &id), value, "{key}");
        let m = meta(&env, &id);
        assert_eq!(m["type"], "variable", "{key}: {m:#}");
        assert_eq!(m["version"], 1, "{key}: {m:#}");
    }
}

#[test]
fn import_dotenv_reads_a_file_argument_and_dash_issue_6() {
    let env = Env::init();
    let file = env.write_file("app.env", "FROM_FILE=file-value\n");
    import(&env, &[file.to_str().expect("utf-8")], "").success();
    import(&env, &["-"], "FROM_DASH=dash-value").success();
    assert_eq!(value_of(&env, &custom("FROM_FILE")), "file-value");
    assert_eq!(value_of(&env, &custom("FROM_DASH")), "dash-value");
}

#[test]
fn import_dotenv_keys_go_under_the_prefix_issue_6() {
    let env = Env::init();
    env.run_stdin(
        &["import", "--format", "dotenv", "--prefix", "project/atlas"],
        "TOP=owner-level\n",
    )
    .success();
    env.run_stdin(
        &[
            "import",
            "--format",
            "dotenv",
            "--prefix",
            "organization/acme/secret/Custom/app",
        ],
        "DEEP=deeper\n",
    )
    .success();
    assert_eq!(
        ids(&env),
        strings(&[
            "organization/acme/secret/Custom/app/DEEP",
            "project/atlas/TOP"
        ])
    );
    assert_eq!(value_of(&env, "project/atlas/TOP"), "owner-level");
    assert_eq!(
        value_of(&env, "organization/acme/secret/Custom/app/DEEP"),
        "deeper"
    );
}

#[test]
fn import_dotenv_needs_a_prefix_that_names_an_owner_issue_6() {
    let env = Env::init();
    let text = "KEY=prefix-secret\n";
    env.test(&["import", "--format", "dotenv"])
        .stdin(text.as_bytes())
        .status(2)
        .vault_unchanged()
        .run()
        .never_shows("prefix-secret");
    for prefix in [
        "project",
        "organization",
        "user",
        "project/atlas/bad seg",
        "team/x",
    ] {
        env.test(&["import", "--format", "dotenv", "--prefix", prefix])
            .stdin(text.as_bytes())
            .status(2)
            .vault_unchanged()
            .run()
            .never_shows("prefix-secret");
    }
    assert!(ids(&env).is_empty());
}

#[test]
fn import_dotenv_one_write_for_many_keys_issue_6() {
    let env = Env::init();
    let before = generation(&env);
    import(&env, &[], EVERY_FORM).success();
    assert_eq!(generation(&env), before + 1, "import wrote more than once");
}

// ---- malformed input -------------------------------------------------------------

#[test]
fn import_dotenv_refuses_a_malformed_line_naming_it_issue_6() {
    let env = Env::init();
    let cases: &[(&str, &str)] = &[
        (
            "GOOD=visible-secret-1\n# comment\nDB_PASSWORD hunter2-leak\nLATER=later-secret\n",
            "line 3",
        ),
        (
            "A=\"multi\nline\"\nB=visible-secret-1\nnot valid at all\n",
            "line 4",
        ),
        ("GOOD=visible-secret-1\nBAD KEY=hunter2-leak\n", "line 2"),
        ("=hunter2-leak\n", "line 1"),
        ("GOOD=visible-secret-1\n\n\nexport\n", "line 4"),
    ];
    for (text, line) in cases {
        let run = import_refused(&env, &[], text, 2)
            .never_shows("visible-secret-1")
            .never_shows("hunter2-leak")
            .never_shows("later-secret");
        assert!(
            run.stderr.contains(line),
            "{text:?}: stderr does not name {line}: {run:#?}"
        );
    }
    // An unterminated quote names a line too.
    import_refused(&env, &[], "A=1\nB=\"never closed\nC=3\n", 2).stderr_has("line ");
    assert!(ids(&env).is_empty(), "a refused import imported something");
}

#[test]
fn import_dotenv_refuses_a_key_given_twice_issue_6() {
    let env = Env::init();
    import_refused(
        &env,
        &[],
        "TWICE=first-copy\nOTHER=x\nTWICE=second-copy\n",
        4,
    )
    .stderr_has(&custom("TWICE"))
    .never_shows("first-copy")
    .never_shows("second-copy");
    assert!(ids(&env).is_empty());
}

#[test]
fn import_dotenv_of_a_missing_file_is_not_found_issue_6() {
    let env = Env::init();
    let missing = env.root().join("missing.env");
    import_refused(&env, &[missing.to_str().expect("utf-8")], "", 3);
}

// ---- conflicts and dry run ---------------------------------------------------------

#[test]
fn import_dotenv_conflict_policies_issue_6() {
    let env = Env::init();
    env.add(&custom("EXISTS"), "old-value");
    let text = "EXISTS=new-value\nFRESH=fresh-value\nFRESH2=fresh-2\n";

    import_refused(&env, &[], text, 4)
        .stderr_has(&custom("EXISTS"))
        .never_shows("new-value");

    let before = env.vault_bytes();
    let run = import(&env, &["--dry-run", "--on-conflict", "skip"], text).success();
    let mut lines: Vec<&str> = run.stdout.lines().collect();
    lines.sort();
    assert_eq!(lines, [custom("FRESH"), custom("FRESH2")]);
    assert!(env.vault_bytes() == before, "a dry run wrote the vault");

    import(&env, &["--on-conflict", "skip"], text)
        .success()
        .stderr_has("imported 2 secrets (skipped 1)");
    assert_eq!(value_of(&env, &custom("EXISTS")), "old-value");
    assert_eq!(value_of(&env, &custom("FRESH")), "fresh-value");

    let text = "EXISTS=newer-value\nFRESH=fresher-value\n";
    import(&env, &["--on-conflict", "overwrite"], text).success();
    assert_eq!(value_of(&env, &custom("EXISTS")), "newer-value");
    assert_eq!(meta(&env, &custom("EXISTS"))["version"], 2);
    assert_eq!(value_at(&env, &custom("EXISTS"), 1), "old-value");
    assert_eq!(value_of(&env, &custom("FRESH")), "fresher-value");
    assert_eq!(value_at(&env, &custom("FRESH"), 1), "fresh-value");
}

// ---- what `env --format dotenv` prints reads back ----------------------------------

/// Values that break naive quoting (the empty value aside; and `${`, which
/// dotenv output refuses since issue 11). Each name's upper-case form is
/// its variable.
const NASTY: &[(&str, &str)] = &[
    ("single-quote", "it's"),
    ("double-quote", "say \"hi\""),
    ("newlines", "line1\nline2\n"),
    ("leading-newline", "\nafter"),
    ("crlf", "a\r\nb"),
    ("trailing-cr", "ends in cr\r"),
    ("dollar-home", "$HOME"),
    ("backticks", "`id`"),
    ("subshell", "$(id)"),
    ("backslashes", "a\\b\\\\c\\n\\'"),
    ("trailing-backslash", "ends\\"),
    ("windows-dir", "C:\\dir\\"),
    ("non-ascii", "pässwörd 密码 🔑"),
    ("spaces", "  two  spaces  "),
    ("quote-escape", "'\\''"),
    ("lone-quote", "'"),
    ("double-single", "''"),
    ("lone-double", "\""),
    ("tab", "a\tb"),
    ("hash", "a #b"),
    ("hash-start", "#not a comment"),
    ("equals", "k=v=w"),
    ("export-word", "export X=1"),
    ("semicolon", "x; exit 3"),
];

#[test]
fn import_dotenv_reads_back_what_env_dotenv_prints_issue_6() {
    let env = Env::init();
    let source = "project/nasty/secret/Custom";
    for (name, value) in NASTY {
        add_exact(&env, &format!("{source}/{name}"), value, &[]);
    }
    let printed = env.ok(&["env", "--format", "dotenv", source]).stdout;
    let copy = "project/copy/secret/Custom";
    env.run_stdin(
        &["import", "--format", "dotenv", "--prefix", copy],
        &printed,
    )
    .success();
    for (name, value) in NASTY {
        let key = name.to_ascii_uppercase().replace('-', "_");
        assert_eq!(
            value_of(&env, &format!("{copy}/{key}")),
            *value,
            "{name} did not survive env --format dotenv | import\n{printed}"
        );
    }
    assert_eq!(ids(&env).len(), 2 * NASTY.len());
}

#[test]
fn import_dotenv_reads_back_what_export_dotenv_writes_issue_6() {
    let env = Env::init();
    for (name, value) in NASTY {
        add_exact(
            &env,
            &format!("project/atlas/secret/Custom/{name}"),
            value,
            &[],
        );
    }
    let file = env.root().join("backup.env");
    env.ok(&[
        "export",
        "--format",
        "dotenv",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    let target = Env::init();
    target
        .run(&[
            "import",
            "--format",
            "dotenv",
            "--prefix",
            PREFIX,
            file.to_str().expect("utf-8"),
        ])
        .success();
    for (name, value) in NASTY {
        let key = name.to_ascii_uppercase().replace('-', "_");
        assert_eq!(value_of(&target, &custom(&key)), *value, "{name}");
    }
}
