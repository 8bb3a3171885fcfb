//! `sesame import --format json` (issue 6): the export format round-trips
//! with nothing lost (versions, times, descriptions, policies), the minimal
//! forms `{"id", "value"}` and `{"id", "type"?, "fields"}` make version 1,
//! the conflict policies, `--dry-run`, and every refusal leaving the vault
//! byte-identical (`shared/spec/cli.md` §3 "Moving secrets in and out",
//! `docs/cli-decisions.md` "Import and export (issue 6)").

use serde_json::{Value, json};

use crate::export_cmd::{
    EMPTY, PAT, PAT_VALUE, S3, UNICODE, UNICODE_VALUE, VAR, export_json, generation, mixed_vault,
    normalized,
};
use crate::support::{Env, Run, custom, history, ids, meta, value_at, value_of};

const IMPORT: &[&str] = &["import", "--format", "json"];

/// Runs `import --format json EXTRA...` with `doc` on stdin; must succeed.
fn import(env: &Env, extra: &[&str], doc: &str) -> Run {
    let mut args = IMPORT.to_vec();
    args.extend_from_slice(extra);
    env.run_stdin(&args, doc).success()
}

/// An import that must be refused with `code`, the vault byte-identical.
fn import_refused(env: &Env, extra: &[&str], doc: &str, code: i32) -> Run {
    let mut args = IMPORT.to_vec();
    args.extend_from_slice(extra);
    env.test(&args)
        .stdin(doc.as_bytes())
        .status(code)
        .vault_unchanged()
        .run()
}

/// The lines of a dry run, sorted.
fn sorted_lines(run: &Run) -> Vec<String> {
    let mut lines: Vec<String> = run.stdout.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

const LEGACY: &str = "project/atlas/secret/Custom/legacy";
const ARCHIVE: &str = "organization/acme/connect/S3/archive";

/// An export written years ago: pruned versions (3 and 4 kept), old times,
/// a description and both policies.
fn old_export() -> Value {
    let archive_fields = json!({
        "access_key_id": "AKIAOLD",
        "secret_access_key": "old-s3-secret",
        "region": "eu-central-1"
    });
    json!([
        {
            "id": ARCHIVE,
            "owner_type": "organization",
            "owner_id": "acme",
            "path": "connect/S3/archive",
            "type": "s3",
            "version": 1,
            "created": "2020-02-29T23:59:59Z",
            "updated": "2020-02-29T23:59:59Z",
            "description": null,
            "rotate_every": null,
            "rotation_due": null,
            "expires": null,
            "last_read": null,
            "fields": archive_fields,
            "versions": [
                {"version": 1, "created": "2020-02-29T23:59:59Z", "fields": archive_fields}
            ]
        },
        {
            "id": LEGACY,
            "owner_type": "project",
            "owner_id": "atlas",
            "path": "secret/Custom/legacy",
            "type": "variable",
            "version": 4,
            "created": "2021-01-01T00:00:00Z",
            "updated": "2021-06-01T12:00:00Z",
            "description": "kept from 2021",
            "rotate_every": "90d",
            "rotation_due": "2021-08-30T12:00:00Z",
            "expires": "2029-12-31T00:00:00Z",
            "last_read": null,
            "value": "fourth",
            "versions": [
                {"version": 3, "created": "2021-03-01T08:30:00Z", "value": "third"},
                {"version": 4, "created": "2021-06-01T12:00:00Z", "value": "fourth"}
            ]
        }
    ])
}

// ---- the export format ---------------------------------------------------------

#[test]
fn import_json_round_trip_loses_nothing_issue_6() {
    let source = mixed_vault();
    let text = source.ok(&["export", "--format", "json"]).stdout;
    let first: Value = serde_json::from_str(&text).expect("export is JSON");
    assert_eq!(first.as_array().map(Vec::len), Some(6), "{first:#}");

    let target = Env::init();
    import(&target, &[], &text).stderr_has("imported 6 secrets (skipped 0)");
    let second = export_json(&target, &[]);
    assert_eq!(
        normalized(&second),
        normalized(&first),
        "the second export differs from the first"
    );

    // And the imported vault behaves like the source.
    assert_eq!(value_of(&target, VAR), "v3");
    assert_eq!(value_at(&target, VAR, 1), "v1");
    assert_eq!(value_at(&target, VAR, 2), "v2");
    assert_eq!(value_of(&target, PAT), PAT_VALUE);
    assert_eq!(value_of(&target, EMPTY), "");
    assert_eq!(value_of(&target, UNICODE), UNICODE_VALUE);
    assert_eq!(
        value_of(&target, &format!("{S3}#secret_access_key")),
        "s3-sk-2"
    );
    assert_eq!(
        target
            .ok(&[
                "get",
                "-n",
                "--version",
                "1",
                &format!("{S3}#secret_access_key")
            ])
            .stdout,
        "s3-sk-1"
    );
    assert_eq!(meta(&target, VAR)["description"], "the API key");
}

#[test]
fn import_json_keeps_times_version_numbers_and_policies_exactly_issue_6() {
    let doc = old_export();
    let env = Env::init();
    import(&env, &[], &doc.to_string()).stderr_has("imported 2 secrets (skipped 0)");
    let exported = export_json(&env, &[]);
    assert_eq!(normalized(&exported), normalized(&doc));

    assert_eq!(value_of(&env, LEGACY), "fourth");
    assert_eq!(value_at(&env, LEGACY, 3), "third");
    env.run(&["get", "--version", "2", LEGACY]).fails(3);
    let legacy = meta(&env, LEGACY);
    assert_eq!(legacy["version"], 4);
    assert_eq!(legacy["created"], "2021-01-01T00:00:00Z");
    assert_eq!(legacy["updated"], "2021-06-01T12:00:00Z");
    assert_eq!(legacy["rotation_due"], "2021-08-30T12:00:00Z");
    assert_eq!(
        Value::from(history(&env, LEGACY, &["--decrypt"])),
        doc[1]["versions"],
        "history after import"
    );
    // The next rotation continues the numbering.
    env.run_stdin(&["rotate", LEGACY], "fifth").success();
    assert_eq!(meta(&env, LEGACY)["version"], 5);
}

#[test]
fn import_json_reads_stdin_by_default_dash_or_a_file_issue_6() {
    let doc = json!([{"id": custom("from-input"), "value": "input-value"}]).to_string();

    let env = Env::init();
    import(&env, &[], &doc);
    assert_eq!(value_of(&env, &custom("from-input")), "input-value");

    let env = Env::init();
    import(&env, &["-"], &doc);
    assert_eq!(value_of(&env, &custom("from-input")), "input-value");

    let env = Env::init();
    let file = env.write_file("import.json", &doc);
    import(&env, &[file.to_str().expect("utf-8")], "");
    assert_eq!(value_of(&env, &custom("from-input")), "input-value");
}

#[test]
fn import_json_of_an_export_file_written_with_o_issue_6() {
    let source = mixed_vault();
    let file = source.root().join("backup.json");
    source.ok(&[
        "export",
        "--format",
        "json",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    let first = export_json(&source, &[]);
    let target = Env::init();
    target.ok(&["import", "--format", "json", file.to_str().expect("utf-8")]);
    assert_eq!(normalized(&export_json(&target, &[])), normalized(&first));
}

#[test]
fn import_json_is_one_vault_write_issue_6() {
    let env = Env::init();
    let before = generation(&env);
    import(&env, &[], &old_export().to_string());
    assert_eq!(generation(&env), before + 1, "import wrote more than once");
    let doc = json!([
        {"id": custom("one"), "value": "1"},
        {"id": custom("two"), "value": "2"},
        {"id": custom("three"), "value": "3"},
    ]);
    import(&env, &[], &doc.to_string());
    assert_eq!(generation(&env), before + 2, "import wrote more than once");
}

#[test]
fn import_json_notice_and_quiet_issue_6() {
    let env = Env::init();
    let doc = json!([
        {"id": custom("n1"), "value": "notice-secret-1"},
        {"id": custom("n2"), "value": "notice-secret-2"},
    ]);
    let run = import(&env, &[], &doc.to_string())
        .stderr_has("imported 2 secrets (skipped 0)")
        .never_shows("notice-secret-1");
    assert!(run.stdout.is_empty(), "import printed data: {run:#?}");
    let doc = json!([
        {"id": custom("q1"), "value": "q"},
        {"id": custom("q2"), "value": "q"},
    ]);
    let run = env
        .run_stdin(&["-q", "import", "--format", "json"], doc.to_string())
        .success();
    assert!(
        run.stdout.is_empty() && run.stderr.is_empty(),
        "-q import printed: {run:#?}"
    );
    assert_eq!(ids(&env).len(), 4);
}

// ---- minimal forms -------------------------------------------------------------

#[test]
fn import_json_minimal_value_entries_make_version_1_issue_6() {
    let env = Env::init();
    let doc = json!([
        {"id": custom("plain"), "value": "plain-value"},
        {"id": "user/alice/secret/Custom/multi", "value": "a\nb\n"},
        {"id": custom("typed"), "type": "variable", "value": "typed-value"},
    ]);
    import(&env, &[], &doc.to_string()).stderr_has("imported 3 secrets (skipped 0)");
    assert_eq!(value_of(&env, &custom("plain")), "plain-value");
    assert_eq!(value_of(&env, "user/alice/secret/Custom/multi"), "a\nb\n");
    assert_eq!(value_of(&env, &custom("typed")), "typed-value");
    for id in [&custom("plain"), "user/alice/secret/Custom/multi"] {
        let m = meta(&env, id);
        assert_eq!(m["type"], "variable", "{m:#}");
        assert_eq!(m["version"], 1, "{m:#}");
        assert_eq!(m["description"], Value::Null, "{m:#}");
        assert_eq!(m["rotate_every"], Value::Null, "{m:#}");
        assert_eq!(m["expires"], Value::Null, "{m:#}");
        let h = Value::from(history(&env, id, &["--decrypt"]));
        assert_eq!(h.as_array().map(Vec::len), Some(1), "{h:#}");
        assert_eq!(h[0]["version"], 1);
        assert_eq!(m["created"], h[0]["created"]);
        assert_eq!(m["updated"], h[0]["created"]);
    }
    // The next rotation is version 2.
    env.run_stdin(&["rotate", &custom("plain")], "next")
        .success();
    assert_eq!(meta(&env, &custom("plain"))["version"], 2);
    assert_eq!(value_at(&env, &custom("plain"), 1), "plain-value");
}

#[test]
fn import_json_minimal_fields_entries_infer_the_type_from_the_path_issue_6() {
    let env = Env::init();
    let s3 = "project/atlas/connect/S3/inferred";
    let reg = "organization/acme/connect/ContainerRegistry/inferred";
    let typed = "project/atlas/connect/ContainerRegistry/typed";
    let odd = "project/atlas/secret/Custom/s3-here";
    let doc = json!([
        {"id": s3, "fields": {"access_key_id": "AKIAMIN", "secret_access_key": "min-s3", "region": "us-east-1"}},
        {"id": reg, "fields": {"server": "ghcr.io", "username": "bot", "password": "min-reg"}},
        {"id": typed, "type": "registry", "fields": {"server": "r.example", "username": "u", "password": "p"}},
        {"id": odd, "type": "s3", "fields": {"access_key_id": "AKIAODD", "secret_access_key": "odd-s3"}},
    ]);
    import(&env, &[], &doc.to_string()).stderr_has("imported 4 secrets (skipped 0)");
    assert_eq!(meta(&env, s3)["type"], "s3");
    assert_eq!(meta(&env, reg)["type"], "registry");
    assert_eq!(meta(&env, typed)["type"], "registry");
    assert_eq!(meta(&env, odd)["type"], "s3");
    assert_eq!(
        env.ok(&["get", s3]).stdout,
        "{\"access_key_id\":\"AKIAMIN\",\"secret_access_key\":\"min-s3\",\"region\":\"us-east-1\"}\n"
    );
    assert_eq!(value_of(&env, &format!("{reg}#password")), "min-reg");
    assert_eq!(
        value_of(&env, &format!("{odd}#secret_access_key")),
        "odd-s3"
    );
    for id in [s3, reg, typed, odd] {
        assert_eq!(meta(&env, id)["version"], 1, "{id}");
    }
}

// ---- conflicts -----------------------------------------------------------------

/// A vault holding `b-exists` and `d-exists`, and an import of `a-new`,
/// `b-exists`, `c-new`, `d-exists`.
fn conflicting() -> (Env, String) {
    let env = Env::init();
    env.add(&custom("b-exists"), "old-b");
    env.add(&custom("d-exists"), "old-d");
    let doc = json!([
        {"id": custom("a-new"), "value": "new-a"},
        {"id": custom("b-exists"), "value": "new-b"},
        {"id": custom("c-new"), "value": "new-c"},
        {"id": custom("d-exists"), "value": "new-d"},
    ]);
    (env, doc.to_string())
}

#[test]
fn import_json_conflict_fails_by_default_naming_the_id_issue_6() {
    let (env, doc) = conflicting();
    import_refused(&env, &[], &doc, 4)
        .stderr_has(&custom("b-exists"))
        .never_shows("new-b")
        .never_shows("old-b");
    import_refused(&env, &["--on-conflict", "fail"], &doc, 4).stderr_has(&custom("b-exists"));
    env.run(&["get", &custom("a-new")]).fails(3);
    assert_eq!(value_of(&env, &custom("b-exists")), "old-b");
}

#[test]
fn import_json_conflict_skip_leaves_existing_secrets_alone_issue_6() {
    let (env, doc) = conflicting();
    import(&env, &["--on-conflict", "skip"], &doc).stderr_has("imported 2 secrets (skipped 2)");
    assert_eq!(value_of(&env, &custom("a-new")), "new-a");
    assert_eq!(value_of(&env, &custom("b-exists")), "old-b");
    assert_eq!(value_of(&env, &custom("c-new")), "new-c");
    assert_eq!(value_of(&env, &custom("d-exists")), "old-d");
    assert_eq!(meta(&env, &custom("b-exists"))["version"], 1);
}

#[test]
fn import_json_conflict_overwrite_makes_a_value_the_next_version_issue_6() {
    let (env, doc) = conflicting();
    env.run_stdin(
        &["rotate", "--description", "described", &custom("d-exists")],
        "old-d-2",
    )
    .success();
    import(&env, &["--on-conflict", "overwrite"], &doc);
    assert_eq!(value_of(&env, &custom("a-new")), "new-a");
    assert_eq!(value_of(&env, &custom("b-exists")), "new-b");
    assert_eq!(meta(&env, &custom("b-exists"))["version"], 2);
    assert_eq!(value_at(&env, &custom("b-exists"), 1), "old-b");
    assert_eq!(meta(&env, &custom("d-exists"))["version"], 3);
    assert_eq!(value_at(&env, &custom("d-exists"), 1), "old-d");
    assert_eq!(value_at(&env, &custom("d-exists"), 2), "old-d-2");
    assert_eq!(value_of(&env, &custom("d-exists")), "new-d");
}

#[test]
fn import_json_conflict_overwrite_replaces_with_an_exported_secret_issue_6() {
    let env = Env::init();
    env.add(LEGACY, "mine-1");
    env.run_stdin(&["rotate", LEGACY], "mine-2").success();
    env.run_stdin(&["rotate", LEGACY], "mine-3").success();
    env.run_stdin(&["rotate", LEGACY], "mine-4").success();
    env.run_stdin(&["rotate", LEGACY], "mine-5").success();
    let doc = old_export();
    import(&env, &["--on-conflict", "overwrite"], &doc.to_string());
    assert_eq!(normalized(&export_json(&env, &[])), normalized(&doc));
    assert_eq!(
        Value::from(history(&env, LEGACY, &["--decrypt"])),
        doc[1]["versions"]
    );
    assert_eq!(value_of(&env, LEGACY), "fourth");
    env.run(&["get", "--version", "5", LEGACY]).fails(3);
}

#[test]
fn import_json_duplicate_ids_are_a_conflict_issue_6() {
    let env = Env::init();
    let doc = json!([
        {"id": custom("twice"), "value": "first-copy"},
        {"id": custom("once"), "value": "only"},
        {"id": custom("twice"), "value": "second-copy"},
    ]);
    import_refused(&env, &[], &doc.to_string(), 4)
        .stderr_has(&custom("twice"))
        .never_shows("first-copy")
        .never_shows("second-copy");
    import_refused(&env, &["--on-conflict", "overwrite"], &doc.to_string(), 4);
    import_refused(&env, &["--on-conflict", "skip"], &doc.to_string(), 4);
    assert!(ids(&env).is_empty());
}

// ---- dry run -------------------------------------------------------------------

#[test]
fn import_json_dry_run_prints_the_ids_and_writes_nothing_issue_6() {
    let (env, doc) = conflicting();
    let before = env.vault_bytes();

    let run = env
        .run_stdin(
            &[
                "import",
                "--format",
                "json",
                "--dry-run",
                "--on-conflict",
                "skip",
            ],
            &doc,
        )
        .success()
        .never_shows("new-a");
    assert_eq!(sorted_lines(&run), [custom("a-new"), custom("c-new")]);

    let run = env
        .run_stdin(
            &[
                "import",
                "--format",
                "json",
                "--dry-run",
                "--on-conflict",
                "overwrite",
            ],
            &doc,
        )
        .success();
    assert_eq!(
        sorted_lines(&run),
        [
            custom("a-new"),
            custom("b-exists"),
            custom("c-new"),
            custom("d-exists")
        ]
    );

    env.test(&["import", "--format", "json", "--dry-run"])
        .stdin(doc.as_bytes())
        .status(4)
        .vault_unchanged()
        .run()
        .stderr_has(&custom("b-exists"));

    assert!(env.vault_bytes() == before, "a dry run wrote the vault");
    env.run(&["get", &custom("a-new")]).fails(3);
    assert_eq!(value_of(&env, &custom("b-exists")), "old-b");

    let fresh = Env::init();
    let before = fresh.vault_bytes();
    let run = fresh
        .run_stdin(&["import", "--format", "json", "--dry-run"], &doc)
        .success();
    assert_eq!(sorted_lines(&run).len(), 4);
    assert!(fresh.vault_bytes() == before, "a dry run wrote the vault");
}

// ---- refusals ------------------------------------------------------------------

#[test]
fn import_json_refuses_invalid_json_with_its_line_issue_6() {
    let env = Env::init();
    let doc = format!(
        "[{{\"id\": \"{}\", \"value\": \"fine\"}},\n {{\"id\": \"{}\", \"value\": }}]",
        custom("a"),
        custom("b")
    );
    import_refused(&env, &[], &doc, 2).stderr_has("line 2");
    import_refused(&env, &[], "", 2);
    import_refused(&env, &[], "not json at all", 2);
    assert!(ids(&env).is_empty());
}

#[test]
fn import_json_refuses_a_bad_entry_naming_it_issue_6() {
    let env = Env::init();
    env.add(&custom("already"), "already-there");
    let good = json!({"id": custom("good"), "value": "good-entry-secret"});
    let too_big = "x".repeat(1024 * 1024 + 1);
    let bad: Vec<(&str, Value, Option<&str>)> = vec![
        (
            "a space in the ID",
            json!({"id": "project/atlas/secret/Custom/has space", "value": "bad-entry-secret"}),
            Some("project/atlas/secret/Custom/has space"),
        ),
        (
            "a `..` segment",
            json!({"id": "project/atlas/secret/../x", "value": "bad-entry-secret"}),
            None,
        ),
        (
            "an unknown owner type",
            json!({"id": "team/atlas/secret/Custom/x", "value": "bad-entry-secret"}),
            None,
        ),
        (
            "an unknown type",
            json!({"id": custom("typed"), "type": "ssh-key", "value": "bad-entry-secret"}),
            Some("project/atlas/secret/Custom/typed"),
        ),
        (
            "a missing required field",
            json!({"id": "project/atlas/connect/S3/half", "fields": {"access_key_id": "AKIAHALF"}}),
            Some("project/atlas/connect/S3/half"),
        ),
        (
            "an unknown field",
            json!({"id": "project/atlas/connect/S3/extra", "fields": {
                "access_key_id": "AK", "secret_access_key": "bad-entry-secret", "colour": "blue"}}),
            Some("project/atlas/connect/S3/extra"),
        ),
        (
            "neither value nor fields",
            json!({"id": custom("nothing")}),
            Some("project/atlas/secret/Custom/nothing"),
        ),
        (
            "a value that is not a string",
            json!({"id": custom("number"), "value": 42}),
            None,
        ),
        ("no id", json!({"value": "bad-entry-secret"}), None),
        ("not an object", json!("bad-entry-secret"), None),
        (
            "a value over 1 MiB",
            json!({"id": custom("huge"), "value": too_big}),
            Some("project/atlas/secret/Custom/huge"),
        ),
    ];
    // Every case is checked before the test fails, so that one run lists
    // every message that does not name what it should.
    let mut problems = Vec::new();
    for (what, entry, id) in bad {
        let doc = json!([good, entry]).to_string();
        let run = import_refused(&env, &[], &doc, 2);
        if !run.stderr.contains("entry 2") {
            problems.push(format!("{what}: does not name `entry 2`: {:?}", run.stderr));
        }
        if let Some(id) = id
            && !run.stderr.contains(id)
        {
            problems.push(format!("{what}: does not name {id}: {:?}", run.stderr));
        }
        let run = run
            .never_shows("bad-entry-secret")
            .never_shows("good-entry-secret");
        assert!(run.stderr.len() < 4096, "{what}: the error is too long");
    }
    assert_eq!(ids(&env), [custom("already")]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn import_json_of_a_missing_file_is_not_found_issue_6() {
    let env = Env::init();
    let missing = env.root().join("no-such-export.json");
    import_refused(&env, &[missing.to_str().expect("utf-8")], "", 3);
}

#[test]
fn import_refuses_an_unknown_format_issue_6() {
    let env = Env::init();
    let doc = json!([{"id": custom("x"), "value": "format-secret"}]).to_string();
    env.test(&["import", "--format", "yaml"])
        .stdin(doc.as_bytes())
        .status(2)
        .vault_unchanged()
        .run()
        .never_shows("format-secret");
    env.test(&["import", "--format", "csv"])
        .stdin(doc.as_bytes())
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["import", "--format", "json", "--on-conflict", "replace"])
        .stdin(doc.as_bytes())
        .status(2)
        .vault_unchanged()
        .run();
}

// ---- scale ---------------------------------------------------------------------

#[test]
fn import_json_of_5000_minimal_entries_issue_6() {
    let env = Env::init();
    let entries: Vec<Value> = (0..5000)
        .map(|i| json!({"id": format!("project/scale/secret/Custom/key-{i:05}"), "value": format!("value-{i}")}))
        .collect();
    import(&env, &[], &Value::Array(entries).to_string())
        .stderr_has("imported 5000 secrets (skipped 0)");
    let listed = ids(&env);
    assert_eq!(listed.len(), 5000);
    assert_eq!(listed[0], "project/scale/secret/Custom/key-00000");
    assert_eq!(listed[4999], "project/scale/secret/Custom/key-04999");
    assert_eq!(
        value_of(&env, "project/scale/secret/Custom/key-04321"),
        "value-4321"
    );
}
