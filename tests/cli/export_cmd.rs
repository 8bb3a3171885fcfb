//! `sesame export` (issue 6): JSON is the array `list --format json
//! --decrypt` prints plus every kept version, dotenv follows the `env`
//! naming and quoting rules, `-o FILE` is private and exact, PREFIX
//! restricts, and an export is not a read (`shared/spec/cli.md` §3 "Moving
//! secrets in and out", `docs/cli-decisions.md` "Import and export (issue
//! 6)").
//!
//! Helpers shared with the `import_*` files are `pub(crate)` here.

use serde_json::Value;

use crate::support::{Env, custom, mode_of, set_mode};

pub(crate) const VAR: &str = "project/atlas/secret/Custom/api-key";
pub(crate) const S3: &str = "project/atlas/connect/S3/prod";
pub(crate) const REG: &str = "organization/acme/connect/ContainerRegistry/ghcr";
pub(crate) const PAT: &str = "user/alice/secret/Custom/github-pat";
pub(crate) const PAT_VALUE: &str = "line one\nline two\n";
pub(crate) const EMPTY: &str = "user/alice/secret/Custom/empty";
pub(crate) const UNICODE: &str = "organization/acme/secret/Custom/motto";
// No `$`: dotenv cannot carry `$` together with `'` (issue 11).
pub(crate) const UNICODE_VALUE: &str = "pässwörd — 密码 🔑 it's \"quoted\" \\ %HOME%";

/// Stores `value` exactly (through `--from-file`, so a trailing newline
/// stays), empty values included. `extra` goes before the ID.
pub(crate) fn add_exact(env: &Env, id: &str, value: &str, extra: &[&str]) {
    let name = format!("value-{}", id.replace('/', "_"));
    let path = env.write_file(&name, value);
    let mut args = vec![
        "add",
        "--allow-empty",
        "--from-file",
        path.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    args.push(id);
    env.ok(&args);
    std::fs::remove_file(path).expect("rm value file");
}

/// Adds a structured secret from its JSON fields on stdin.
pub(crate) fn add_json(env: &Env, id: &str, json: &str) {
    env.run_stdin(&["add", id], json).success();
}

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The vault's write generation (`info --format json`), which every write
/// bumps by one.
pub(crate) fn generation(env: &Env) -> i64 {
    env.ok(&["info", "--format", "json"]).json()["generation"]
        .as_i64()
        .expect("generation is a number")
}

/// `export --format json ARGS` on stdout, parsed.
pub(crate) fn export_json(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["export", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.ok(&all);
    let value = run.json();
    assert!(value.is_array(), "export is not an array: {run:#?}");
    value
}

/// Seconds in a duration as the JSON shows it (`90d`, `12w6d`, `1h30m`).
pub(crate) fn duration_secs(text: &str) -> i64 {
    let mut total = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number
            .parse()
            .unwrap_or_else(|_| panic!("bad duration {text:?}"));
        number.clear();
        total += n * match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => panic!("bad unit in duration {text:?}"),
        };
    }
    assert!(number.is_empty(), "duration {text:?} ends in a number");
    total
}

/// An export with what may legitimately differ between two exports of the
/// same content taken out: `last_read` is dropped, and `rotate_every` is
/// compared as seconds (`90d` and `12w6d` are one policy).
pub(crate) fn normalized(export: &Value) -> Value {
    let mut export = export.clone();
    for entry in export.as_array_mut().expect("export is an array") {
        let entry = entry.as_object_mut().expect("entry is an object");
        entry.remove("last_read");
        if let Some(Value::String(every)) = entry.get("rotate_every") {
            let secs = duration_secs(every);
            entry.insert("rotate_every".into(), Value::from(secs));
        }
    }
    export
}

/// A vault with all three types, descriptions, policies, several versions
/// (`add --force`, `rotate`), several owners, an empty value, a multi-line
/// value and one that breaks naive quoting.
pub(crate) fn mixed_vault() -> Env {
    let env = Env::init();
    add_exact(
        &env,
        VAR,
        "v1",
        &[
            "--description",
            "the API key",
            "--rotate-every",
            "90d",
            "--expires",
            "2030-01-01",
        ],
    );
    env.run_stdin(&["add", "--force", VAR], "v2").success();
    env.run_stdin(&["rotate", VAR], "v3").success();
    env.run_stdin(
        &["add", "--description", "prod bucket", S3],
        r#"{"access_key_id":"AKIAEXPORT","secret_access_key":"s3-sk-1","region":"eu-west-1","endpoint":"https://s3.example.test","bucket":"atlas-prod"}"#,
    )
    .success();
    env.run_stdin(&["rotate", S3], r#"{"secret_access_key":"s3-sk-2"}"#)
        .success();
    env.run_stdin(
        &["add", "--expires", "2031-06-30T12:00:00Z", REG],
        r#"{"server":"ghcr.io","username":"ci-bot","password":"ghp_registry"}"#,
    )
    .success();
    add_exact(&env, PAT, PAT_VALUE, &["--rotate-every", "1w2d"]);
    add_exact(&env, EMPTY, "", &[]);
    add_exact(&env, UNICODE, UNICODE_VALUE, &[]);
    env
}

fn id_of(entry: &Value) -> &str {
    entry["id"].as_str().expect("entry has a string id")
}

fn without(entry: &Value, keys: &[&str]) -> Value {
    let mut entry = entry.clone();
    let object = entry.as_object_mut().expect("entry is an object");
    for key in keys {
        object.remove(*key);
    }
    entry
}

// ---- JSON ----------------------------------------------------------------------

#[test]
fn export_json_is_the_decrypted_list_plus_every_kept_version_issue_6() {
    let env = mixed_vault();
    let export = export_json(&env, &[]);
    let list = env.ok(&["list", "--format", "json", "--decrypt"]).json();
    let export = export.as_array().expect("array");
    let list = list.as_array().expect("array");
    let exported: Vec<&str> = export.iter().map(id_of).collect();
    assert_eq!(
        exported,
        vec![REG, UNICODE, S3, VAR, EMPTY, PAT],
        "export is sorted by ID and holds every secret"
    );
    assert_eq!(export.len(), list.len());
    for (entry, listed) in export.iter().zip(list) {
        let id = id_of(entry);
        // `list --decrypt` is a read, so only `last_read` may differ.
        assert_eq!(
            without(entry, &["versions", "last_read"]),
            without(listed, &["last_read"]),
            "{id}: the export differs from `list --format json --decrypt`"
        );
        let history = env
            .ok(&["history", "--format", "json", "--decrypt", id])
            .json();
        assert_eq!(
            entry["versions"], history,
            "{id}: versions differ from `history --format json --decrypt`"
        );
    }
}

#[test]
fn export_json_versions_hold_each_version_with_its_time_and_content_issue_6() {
    let env = mixed_vault();
    let export = export_json(&env, &[]);
    let entry = |id: &str| {
        export
            .as_array()
            .expect("array")
            .iter()
            .find(|e| id_of(e) == id)
            .unwrap_or_else(|| panic!("{id} not exported"))
            .clone()
    };

    let var = entry(VAR);
    assert_eq!(var["version"], 3);
    assert_eq!(var["value"], "v3");
    assert_eq!(var["description"], "the API key");
    assert_eq!(var["expires"], "2030-01-01T00:00:00Z");
    assert_eq!(
        duration_secs(var["rotate_every"].as_str().expect("rotate_every")),
        90 * 86_400
    );
    let versions = var["versions"].as_array().expect("versions array");
    let numbers: Vec<&Value> = versions.iter().map(|v| &v["version"]).collect();
    assert_eq!(numbers, [1, 2, 3], "oldest first: {versions:#?}");
    let values: Vec<&Value> = versions.iter().map(|v| &v["value"]).collect();
    assert_eq!(values, ["v1", "v2", "v3"]);
    for version in versions {
        assert!(version["created"].is_string(), "no time: {version}");
        assert!(version.get("fields").is_none(), "a variable has no fields");
    }

    let s3 = entry(S3);
    let versions = s3["versions"].as_array().expect("versions array");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["fields"]["secret_access_key"], "s3-sk-1");
    assert_eq!(versions[1]["fields"]["secret_access_key"], "s3-sk-2");
    assert_eq!(versions[1]["fields"]["bucket"], "atlas-prod");
    assert_eq!(versions[1]["fields"], s3["fields"]);
    assert!(
        versions[0].get("value").is_none(),
        "s3 has fields, no value"
    );

    assert_eq!(entry(PAT)["value"], PAT_VALUE);
    assert_eq!(entry(EMPTY)["value"], "");
    assert_eq!(entry(UNICODE)["versions"][0]["value"], UNICODE_VALUE);
}

#[test]
fn export_json_of_an_empty_vault_is_an_empty_array_issue_6() {
    let env = Env::init();
    assert_eq!(export_json(&env, &[]), Value::Array(vec![]));
}

#[test]
fn export_json_keeps_only_the_kept_versions_with_their_numbers_issue_6() {
    let env = Env::init();
    let config = env.root().join("config/sesame");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(config.join("config.toml"), "history_limit = 2\n").expect("write config");
    env.add(VAR, "one");
    for value in ["two", "three", "four"] {
        env.run_stdin(&["rotate", VAR], value).success();
    }
    let export = export_json(&env, &[]);
    let versions = &export[0]["versions"];
    assert_eq!(versions[0]["version"], 3, "{export:#}");
    assert_eq!(versions[0]["value"], "three");
    assert_eq!(versions[1]["version"], 4);
    assert_eq!(versions[1]["value"], "four");
    assert_eq!(versions.as_array().expect("array").len(), 2);
}

#[test]
fn export_prefix_restricts_segment_by_segment_issue_6() {
    let env = mixed_vault();
    env.add("project/atlas/secret/Customx/sibling", "sibling-value");
    let export = export_json(&env, &["project/atlas/secret/Custom"]);
    let exported: Vec<&str> = export
        .as_array()
        .expect("array")
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(exported, vec![VAR]);

    let export = export_json(&env, &["organization/acme"]);
    let exported: Vec<&str> = export
        .as_array()
        .expect("array")
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(exported, vec![REG, UNICODE]);

    let run = env.ok(&["export", "--format", "dotenv", "project/atlas/secret"]);
    assert_eq!(run.stdout, "API_KEY=\"v3\"\nSIBLING=\"sibling-value\"\n");
}

// ---- dotenv --------------------------------------------------------------------

#[test]
fn export_dotenv_names_and_quotes_as_env_does_issue_6() {
    let env = Env::init();
    env.add(&custom("db-password"), "pg-pass");
    env.add(&custom("1st.key"), "it's \\ here");
    add_exact(&env, &custom("multi"), "a\"b\nc\td\r\n", &[]);
    add_json(
        &env,
        S3,
        r#"{"access_key_id":"AKIADOTENV","secret_access_key":"s3-dotenv","region":"eu-west-1"}"#,
    );
    add_json(
        &env,
        "project/atlas/connect/ContainerRegistry/ghcr",
        r#"{"server":"ghcr.io","username":"ci-bot","password":"reg-pass"}"#,
    );
    let run = env.ok(&["export", "--format", "dotenv"]);
    // `docs/cli-decisions.md` "Scripting (issue 4)": `NAME="value"`, one
    // line per variable, `\`, `"`, newline, CR and tab escaped.
    assert_eq!(
        run.stdout,
        "AWS_ACCESS_KEY_ID=\"AKIADOTENV\"\n\
         AWS_DEFAULT_REGION=\"eu-west-1\"\n\
         AWS_SECRET_ACCESS_KEY=\"s3-dotenv\"\n\
         DB_PASSWORD=\"pg-pass\"\n\
         GHCR_PASSWORD=\"reg-pass\"\n\
         GHCR_SERVER=\"ghcr.io\"\n\
         GHCR_USERNAME=\"ci-bot\"\n\
         MULTI=\"a\\\"b\\nc\\td\\r\\n\"\n\
         _1ST_KEY=\"it's \\\\ here\"\n"
    );
}

#[test]
fn export_dotenv_prints_what_env_dotenv_prints_for_the_same_secrets_issue_6() {
    let env = mixed_vault();
    let exported = env.ok(&["export", "--format", "dotenv"]).stdout;
    let printed = env
        .ok(&[
            "env",
            "--format",
            "dotenv",
            "project/atlas",
            "organization/acme",
            "user/alice",
        ])
        .stdout;
    assert!(exported.contains("GITHUB_PAT="), "{exported}");
    assert_eq!(exported, printed);

    let exported = env
        .ok(&["export", "--format", "dotenv", "project/atlas/connect"])
        .stdout;
    let printed = env
        .ok(&["env", "--format", "dotenv", "project/atlas/connect"])
        .stdout;
    assert_eq!(exported, printed);
    assert!(!exported.contains("API_KEY"), "{exported}");
}

#[test]
fn export_dotenv_refuses_two_secrets_with_one_name_issue_6() {
    let env = Env::init();
    let a = "project/atlas/secret/Custom/token";
    let b = "project/other/secret/Custom/token";
    env.add(a, "token-a");
    env.add(b, "token-b");
    env.run(&["export", "--format", "dotenv"])
        .fails(4)
        .stderr_has(a)
        .stderr_has(b)
        .never_shows("token-a")
        .never_shows("token-b");
    let out = env.root().join("conflict.env");
    env.run(&[
        "export",
        "--format",
        "dotenv",
        "-o",
        out.to_str().expect("utf-8"),
    ])
    .fails(4);
    assert!(!out.exists(), "a refused export wrote {}", out.display());
    // JSON has no names to collide.
    assert_eq!(export_json(&env, &[]).as_array().map(Vec::len), Some(2));
}

// ---- -o FILE ------------------------------------------------------------------

#[test]
fn export_to_a_file_writes_exactly_stdout_with_mode_0600_issue_6() {
    let env = mixed_vault();
    let dir = env.root().join("out");
    std::fs::create_dir(&dir).expect("mkdir out");
    for format in ["json", "dotenv"] {
        let file = dir.join(format!("backup.{format}"));
        let run = env
            .run(&[
                "export",
                "--format",
                format,
                "-o",
                file.to_str().expect("utf-8"),
            ])
            .success()
            .never_shows("s3-sk-2")
            .never_shows("ghp_registry");
        assert!(run.stdout.is_empty(), "-o printed data: {run:#?}");
        assert_eq!(mode_of(&file), 0o600, "{format}: mode");
        let written = std::fs::read_to_string(&file).expect("read export");
        let printed = env.ok(&["export", "--format", format]).stdout;
        assert_eq!(written, printed, "{format}: the file differs from stdout");
        assert!(written.contains("s3-sk-2"), "{format}: {written}");
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["backup.dotenv", "backup.json"], "stray files left");
}

#[test]
fn export_replaces_an_existing_file_and_makes_it_private_issue_6() {
    let env = Env::init();
    env.add(VAR, "fresh-value");
    let file = env.write_file(
        "old.json",
        "stale content that is much longer than the export\n",
    );
    set_mode(&file, 0o644);
    env.ok(&[
        "export",
        "--format",
        "json",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(mode_of(&file), 0o600, "the export went into a 0644 file");
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("JSON");
    assert_eq!(written[0]["value"], "fresh-value");
}

// ---- not a read ----------------------------------------------------------------

#[test]
fn export_does_not_change_last_read_issue_6() {
    let env = Env::init();
    let read = custom("read");
    let unread = custom("unread");
    env.add(&read, "read-value");
    env.add(&unread, "unread-value");
    env.ok(&["get", &read]);
    let last_read = |env: &Env| -> Vec<Value> {
        let list = env.ok(&["list", "--format", "json"]).json();
        list.as_array()
            .expect("array")
            .iter()
            .map(|e| e["last_read"].clone())
            .collect()
    };
    let before = last_read(&env);
    assert!(before[0].is_string(), "get recorded no read: {before:?}");
    assert!(before[1].is_null(), "{before:?}");

    let export = export_json(&env, &[]);
    assert!(export[1]["last_read"].is_null(), "{export:#}");
    env.ok(&["export", "--format", "dotenv"]);
    let file = env.root().join("backup.json");
    env.ok(&[
        "export",
        "--format",
        "json",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    env.ok(&["export", "--format", "json", &unread]);
    assert_eq!(last_read(&env), before, "an export counted as a read");
}

#[test]
fn export_does_not_write_the_vault_issue_6() {
    let env = mixed_vault();
    let before = env.vault_bytes();
    export_json(&env, &[]);
    env.ok(&["export", "--format", "dotenv"]);
    assert!(env.vault_bytes() == before, "an export changed the vault");
}

// ---- usage errors --------------------------------------------------------------

#[test]
fn export_needs_a_known_format_issue_6() {
    let env = Env::init();
    env.add(VAR, "format-secret");
    env.run(&["export"]).fails(2).never_shows("format-secret");
    env.run(&["export", "--format", "yaml"])
        .fails(2)
        .never_shows("format-secret");
    env.run(&["export", "--format", "sh"])
        .fails(2)
        .never_shows("format-secret");
}

#[test]
fn export_of_a_malformed_prefix_is_a_usage_error_issue_6() {
    let env = Env::init();
    env.add(VAR, "prefix-secret");
    env.run(&["export", "--format", "json", "project/atlas/../x"])
        .fails(2);
}
