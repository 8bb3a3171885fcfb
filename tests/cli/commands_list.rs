//! `sesame list`: segment-by-segment prefixes, the split form, `--type`,
//! the three formats, sorting, and never showing a value unless asked.

use std::collections::BTreeSet;

use crate::support::{Env, Run, keys};

const S3_PROD: &str = "project/atlas/connect/S3/prod";
const S3_DEV: &str = "project/atlas/connect/S3/dev";
const S3X: &str = "project/atlas/connect/S3x/other";
const REG: &str = "project/atlas/connect/ContainerRegistry/ghcr";
const VAR: &str = "project/atlas/secret/Custom/token";
const ATLASX: &str = "project/atlasx/secret/Custom/token";
const ORG: &str = "organization/acme/secret/Custom/slack";

/// Every secret, sorted by ID.
const ALL_SORTED: [&str; 7] = [ORG, REG, S3_DEV, S3_PROD, S3X, VAR, ATLASX];

/// Every value stored in `vault()`, none of which a listing may show
/// without `--decrypt`.
const VALUES: [&str; 11] = [
    "AKIA-PROD-ID",
    "PROD-SECRET-KEY",
    "eu-central-9",
    "AKIA-DEV-ID",
    "DEV-SECRET-KEY",
    "S3X-VALUE",
    "registry.example.test",
    "REG-USER",
    "REG-PASSWORD",
    "TOKEN-VALUE",
    "ATLASX-VALUE",
];

/// A vault with secrets added out of order.
fn vault() -> Env {
    let env = Env::init();
    env.add(VAR, "TOKEN-VALUE");
    env.run_stdin(
        &["add", S3_PROD],
        r#"{"access_key_id":"AKIA-PROD-ID","secret_access_key":"PROD-SECRET-KEY","region":"eu-central-9"}"#,
    )
    .success();
    env.add(ORG, "ORG-SLACK-VALUE");
    env.add(S3X, "S3X-VALUE");
    env.run_stdin(
        &["add", S3_DEV],
        r#"{"access_key_id":"AKIA-DEV-ID","secret_access_key":"DEV-SECRET-KEY"}"#,
    )
    .success();
    env.add(ATLASX, "ATLASX-VALUE");
    env.run_stdin(
        &["add", REG],
        r#"{"server":"registry.example.test","username":"REG-USER","password":"REG-PASSWORD"}"#,
    )
    .success();
    env
}

fn ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut full = vec!["list", "--format", "ids"];
    full.extend_from_slice(args);
    let run = env.ok(&full);
    run.stdout.lines().map(str::to_string).collect()
}

fn no_values(run: Run) -> Run {
    let mut run = run;
    for v in VALUES.iter().chain(["ORG-SLACK-VALUE"].iter()) {
        run = run.never_shows(v);
    }
    run
}

/// The metadata keys (issue 2), with the hygiene keys of issue 5.
const META_KEYS: [&str; 13] = [
    "id",
    "owner_type",
    "owner_id",
    "path",
    "type",
    "version",
    "created",
    "updated",
    "description",
    "rotate_every",
    "rotation_due",
    "expires",
    "last_read",
];

#[test]
fn list_without_prefix_shows_every_id_sorted() {
    let env = vault();
    assert_eq!(ids(&env, &[]), ALL_SORTED);
}

#[test]
fn list_prefix_matches_whole_segments_only() {
    let env = vault();
    assert_eq!(ids(&env, &["project/atlas/connect/S3"]), [S3_DEV, S3_PROD]);
    assert_eq!(ids(&env, &["project/atlas/connect/S3x"]), [S3X]);
    assert_eq!(
        ids(&env, &["project/atlas"]),
        [REG, S3_DEV, S3_PROD, S3X, VAR]
    );
    assert_eq!(ids(&env, &["project/atlasx"]), [ATLASX]);
    assert_eq!(
        ids(&env, &["project"]),
        [REG, S3_DEV, S3_PROD, S3X, VAR, ATLASX]
    );
    assert_eq!(ids(&env, &[S3_PROD]), [S3_PROD]);
    // A partial segment matches nothing.
    assert!(ids(&env, &["project/atlas/connect/S"]).is_empty());
    assert!(ids(&env, &["project/atl"]).is_empty());
    assert!(ids(&env, &["project/atlas/connect/S3/pro"]).is_empty());
}

#[test]
fn list_prefix_may_be_relative_to_the_default_owner() {
    let env = vault();
    let run = env.ok(&[
        "--owner",
        "project/atlas",
        "list",
        "--format",
        "ids",
        "connect/S3",
    ]);
    assert_eq!(run.stdout, format!("{S3_DEV}\n{S3_PROD}\n"));
}

#[test]
fn list_split_form_matches_like_get_settings() {
    let env = vault();
    assert_eq!(
        ids(
            &env,
            &[
                "--owner-type",
                "project",
                "--owner-id",
                "atlas",
                "--path",
                "connect/S3"
            ]
        ),
        [S3_DEV, S3_PROD]
    );
    assert_eq!(
        ids(&env, &["--owner-type", "project", "--owner-id", "atlas"]),
        [REG, S3_DEV, S3_PROD, S3X, VAR]
    );
    assert_eq!(ids(&env, &["--owner-type", "organization"]), [ORG]);
    assert_eq!(
        ids(&env, &["--owner-type", "project"]),
        [REG, S3_DEV, S3_PROD, S3X, VAR, ATLASX]
    );
    assert!(ids(&env, &["--owner-type", "user"]).is_empty());
    assert!(ids(&env, &["--owner-type", "project", "--owner-id", "atl"]).is_empty());
}

#[test]
fn list_type_filter() {
    let env = vault();
    assert_eq!(ids(&env, &["--type", "s3"]), [S3_DEV, S3_PROD]);
    assert_eq!(ids(&env, &["--type", "registry"]), [REG]);
    assert_eq!(ids(&env, &["--type", "variable"]), [ORG, S3X, VAR, ATLASX]);
    assert_eq!(
        ids(&env, &["--type", "variable", "project/atlas"]),
        [S3X, VAR]
    );
    env.run(&["list", "--type", "password"]).fails(2);
}

#[test]
fn list_table_shows_id_type_version_updated_sorted_and_no_values() {
    let env = vault();
    env.run_stdin(&["add", "--force", VAR], "TOKEN-VALUE-2")
        .success();
    let run = no_values(env.ok(&["list"])).never_shows("TOKEN-VALUE-2");
    let mut lines = run.stdout.lines();
    let header = lines.next().expect("a header line");
    // docs/cli-decisions.md: columns `ID`, `TYPE`, `VERSION`, `UPDATED`,
    // `STATUS` (issue 5), `DESCRIPTION`.
    let columns: Vec<&str> = header
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    assert_eq!(
        columns,
        ["ID", "TYPE", "VERSION", "UPDATED", "STATUS", "DESCRIPTION"],
        "table columns: {run:#?}"
    );
    let mut positions = Vec::new();
    for id in ALL_SORTED {
        let pos = run
            .stdout
            .find(id)
            .unwrap_or_else(|| panic!("table lacks {id}: {run:#?}"));
        positions.push(pos);
        let row = run.stdout.lines().find(|l| l.contains(id)).unwrap();
        let ty = if id == REG {
            "registry"
        } else if id.contains("/connect/S3/") {
            "s3"
        } else {
            "variable"
        };
        assert!(row.contains(ty), "row of {id} lacks type {ty}: {row:?}");
        let version = if id == VAR { "2" } else { "1" };
        assert!(
            row.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == version),
            "row of {id} lacks version {version}: {row:?}"
        );
    }
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "table not sorted by ID: {run:#?}"
    );
}

#[test]
fn list_json_has_the_get_objects_without_values_sorted() {
    let env = vault();
    let run = no_values(env.ok(&["list", "--format", "json"]));
    let json = run.json();
    let items = json
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {json}"));
    let listed: Vec<&str> = items.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(listed, ALL_SORTED);
    let meta: BTreeSet<String> = META_KEYS.iter().map(|s| s.to_string()).collect();
    for item in items {
        assert_eq!(keys(item), meta, "{item}");
    }
    let prod = items.iter().find(|o| o["id"] == S3_PROD).unwrap();
    assert_eq!(prod["type"], "s3");
    assert_eq!(prod["owner_type"], "project");
    assert_eq!(prod["owner_id"], "atlas");
    assert_eq!(prod["path"], "connect/S3/prod");
    assert_eq!(prod["version"], 1);
    // The same metadata as `get --format json`.
    let mut got = env.ok(&["get", "--format", "json", S3_PROD]).json();
    got.as_object_mut().unwrap().remove("fields");
    assert_eq!(&got, prod);
}

#[test]
fn list_json_decrypt_includes_value_and_fields() {
    let env = vault();
    let json = env
        .ok(&["list", "--format", "json", "--decrypt", "project/atlas"])
        .json();
    let items = json.as_array().unwrap();
    let listed: Vec<&str> = items.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(listed, [REG, S3_DEV, S3_PROD, S3X, VAR]);
    let by_id = |id: &str| items.iter().find(|o| o["id"] == id).unwrap().clone();
    let var = by_id(VAR);
    assert_eq!(var["value"], "TOKEN-VALUE", "{var}");
    assert!(!var.as_object().unwrap().contains_key("fields"), "{var}");
    let prod = by_id(S3_PROD);
    assert_eq!(prod["fields"]["access_key_id"], "AKIA-PROD-ID", "{prod}");
    assert_eq!(
        prod["fields"]["secret_access_key"], "PROD-SECRET-KEY",
        "{prod}"
    );
    assert_eq!(prod["fields"]["region"], "eu-central-9", "{prod}");
    assert!(!prod.as_object().unwrap().contains_key("value"), "{prod}");
    let reg = by_id(REG);
    assert_eq!(reg["fields"]["password"], "REG-PASSWORD", "{reg}");
    // The prefix still applies: nothing outside project/atlas was printed.
    Run {
        code: 0,
        stdout: json.to_string(),
        stderr: String::new(),
    }
    .never_shows("ORG-SLACK-VALUE")
    .never_shows("ATLASX-VALUE");
}

#[test]
fn list_never_shows_a_value_in_any_format_without_decrypt() {
    let env = vault();
    for format in ["table", "ids", "json"] {
        for args in [vec![], vec!["project/atlas/connect"], vec!["--type", "s3"]] {
            let mut full = vec!["list", "--format", format];
            full.extend(args);
            let run = no_values(env.ok(&full));
            assert!(
                run.stdout.contains(S3_PROD),
                "`{}` lists nothing: {run:#?}",
                full.join(" ")
            );
        }
    }
}

#[test]
fn an_empty_listing_exits_0_with_empty_output_or_an_empty_json_array() {
    let env = vault();
    for format in ["table", "ids"] {
        let run = env.ok(&["list", "--format", format, "project/nobody"]);
        assert!(run.stdout.is_empty(), "{format}: {run:#?}");
    }
    let run = env.ok(&["list", "--format", "json", "project/nobody"]);
    assert_eq!(run.stdout.trim(), "[]", "{run:#?}");
    let run = env.ok(&["list", "--format", "json", "--decrypt", "user/nobody"]);
    assert_eq!(run.stdout.trim(), "[]", "{run:#?}");

    let empty = Env::init();
    assert!(empty.ok(&["list"]).stdout.is_empty());
    assert_eq!(empty.ok(&["list", "--format", "json"]).stdout.trim(), "[]");
}

#[test]
fn list_with_a_malformed_prefix_exits_2() {
    let env = vault();
    env.run(&["list", "project/atlas/../atlasx"]).fails(2);
    env.run(&["list", "--owner-type", "team"]).fails(2);
    env.run(&["list", "--format", "yaml"]).fails(2);
}
