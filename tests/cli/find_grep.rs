//! `sesame find` (IDs and descriptions, never values) and `sesame grep`
//! (values, printing IDs and field names only), issue 16 item 3.

use crate::support::{Env, custom};

const S3: &str = "project/atlas/connect/S3/prod-bucket";
const REG: &str = "project/atlas/connect/ContainerRegistry/ghcr";
const LEAKED: &str = "ghp_LeakedToken1234";

fn vault() -> Env {
    let env = Env::init();
    env.test(&[
        "add",
        &custom("db-password"),
        "--description",
        "Postgres PROD",
    ])
    .stdin("pw-one")
    .run();
    env.add(&custom("github-pat"), LEAKED);
    env.add(
        "user/alice/secret/Custom/old-pat",
        &format!("prefix {LEAKED} suffix"),
    );
    env.test(&["add", S3])
        .stdin(r#"{"access_key_id":"AKIAX","secret_access_key":"s3-secret","region":"eu-west-1"}"#)
        .run();
    env.test(&["add", REG])
        .stdin(format!(
            r#"{{"server":"ghcr.io","username":"alice","password":"{LEAKED}"}}"#
        ))
        .run();
    env
}

#[test]
fn find_matches_substrings_of_ids_and_descriptions_case_insensitively() {
    let env = vault();
    env.test(&["find", "PAT", "--format", "ids"])
        .stdout(format!(
            "{}\nuser/alice/secret/Custom/old-pat\n",
            custom("github-pat")
        ))
        .run();
    // The description, not the ID, says "prod": both kinds of hit show.
    env.test(&["find", "prod", "--format", "ids"])
        .stdout(format!("{S3}\n{}\n", custom("db-password")))
        .never_shows("pw-one")
        .run();
}

#[test]
fn find_takes_globs_over_the_whole_id_or_the_name() {
    let env = vault();
    env.test(&["find", "*/connect/*", "--format", "ids"])
        .stdout(format!("{REG}\n{S3}\n"))
        .run();
    env.test(&["find", "*-pat", "--format", "ids"])
        .stdout(format!(
            "{}\nuser/alice/secret/Custom/old-pat\n",
            custom("github-pat")
        ))
        .run();
    // A glob is anchored: `connect*` matches no whole ID and no name.
    env.test(&["find", "connect*", "--format", "ids"])
        .stdout("")
        .run();
    env.test(&["find", "[dg]*", "--format", "ids", "--type", "variable"])
        .stdout(format!(
            "{}\n{}\n",
            custom("db-password"),
            custom("github-pat")
        ))
        .run();
}

#[test]
fn find_prints_list_shapes_and_no_value_and_exits_0_on_no_match() {
    let env = vault();
    let run = env
        .test(&["find", "bucket", "--format", "json"])
        .never_shows("s3-secret")
        .never_shows("AKIAX")
        .run();
    let json = run.json();
    assert_eq!(json.as_array().map(Vec::len), Some(1), "{run:#?}");
    assert_eq!(json[0]["id"], S3);
    assert!(json[0].get("fields").is_none(), "{run:#?}");
    env.test(&["find", "bucket"])
        .stdout_has(S3)
        .stdout_has("s3")
        .run();
    env.test(&["find", "nothing-like-this"]).stdout("").run();
    env.test(&["find", "nothing-like-this", "--format", "json"])
        .stdout("[]\n")
        .run();
    env.test(&["find", ""])
        .status(2)
        .stderr_has("the pattern is empty")
        .run();
}

#[test]
fn grep_names_every_secret_and_field_holding_a_leaked_token_from_stdin() {
    let env = vault();
    let run = env
        .test(&["grep", "-F"])
        .stdin(format!("{LEAKED}\n"))
        .stdout(format!(
            "{REG}#password\n{}#value\nuser/alice/secret/Custom/old-pat#value\n",
            custom("github-pat")
        ))
        .stderr_has("3 matching fields in 5 secrets searched")
        .never_shows("pw-one")
        .run();
    assert!(!run.stderr.contains(LEAKED), "{run:#?}");
    // Under a prefix only; JSON.
    let run = env
        .test(&["grep", "-F", "-", "user/alice", "--format", "json"])
        .stdin(LEAKED)
        .run();
    assert_eq!(
        run.json(),
        serde_json::json!([{"id": "user/alice/secret/Custom/old-pat", "field": "value"}])
    );
}

#[test]
fn grep_takes_regexes_and_ignore_case_and_never_prints_values() {
    let env = vault();
    env.test(&["grep", "^eu-"])
        .stdout(format!("{S3}#region\n"))
        .never_shows("eu-west-1")
        .run();
    env.test(&["grep", "-i", "akiax"])
        .stdout(format!("{S3}#access_key_id\n"))
        .run();
    env.test(&["grep", "akiax"])
        .stdout("")
        .stderr_has("0 matching fields")
        .run();
    env.test(&["grep", "-F", "-i", "PW-ONE"])
        .stdout(format!("{}#value\n", custom("db-password")))
        .run();
    // `.` is any character as a regex, itself with -F.
    env.test(&["grep", "pw.one"])
        .stdout_has("db-password")
        .run();
    env.test(&["grep", "-F", "pw.one"]).stdout("").run();
}

#[test]
fn grep_refuses_a_bad_regex_or_empty_pattern_without_echoing_it() {
    let env = vault();
    env.test(&["grep", "tok(en-SECRET"])
        .status(2)
        .stderr_has("the pattern is not a valid regular expression")
        .stderr_has("hint: to search for it as fixed text, pass -F")
        .never_shows("en-SECRET")
        .run();
    env.test(&["grep", "-F"])
        .stdin("\n")
        .status(2)
        .stderr_has("the pattern is empty")
        .run();
    env.test(&["grep", "-F", "-"])
        .status(2)
        .stderr_has("the pattern is empty")
        .run();
}

#[test]
fn grep_of_a_huge_pattern_and_an_empty_vault() {
    let env = Env::init();
    env.test(&["grep", "-F"])
        .stdin("x".repeat(1 << 20))
        .stdout("")
        .stderr_has("0 matching fields in 0 secrets searched")
        .run();
    env.test(&["grep", "-F"])
        .stdin("x".repeat((1 << 20) + 3))
        .status(2)
        .stderr_has("larger than")
        .run();
    env.test(&["find", "x"]).stdout("").run();
}
