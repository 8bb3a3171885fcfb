//! `sesame add`: where values come from, the three secret types, and every
//! way an add is refused (each refusal leaves the vault byte-identical).

use crate::support::{Env, count_words, custom, value_of};

// ---- variable from stdin ------------------------------------------------

#[test]
fn add_from_stdin_strips_exactly_one_trailing_newline() {
    let env = Env::init();
    let cases: &[(&str, &str, &str)] = &[
        ("lf", "hello\n", "hello"),
        ("crlf", "hello\r\n", "hello"),
        ("two-lf", "hello\n\n", "hello\n"),
        ("two-crlf", "hello\r\n\r\n", "hello\r\n"),
        ("inner", "line1\nline2\r\nline3\n", "line1\nline2\r\nline3"),
        ("none", "hello", "hello"),
        ("lone-cr", "hello\r", "hello\r"),
        ("spaces", "  padded  \n", "  padded  "),
    ];
    for (name, input, _) in cases {
        env.run_stdin(&["add", &custom(name)], input).success();
    }
    for (name, input, stored) in cases {
        assert_eq!(
            &value_of(&env, &custom(name)),
            stored,
            "case {name}: input {input:?}"
        );
    }
}

#[test]
fn add_round_trips_unicode_and_control_characters() {
    let env = Env::init();
    let cases: &[(&str, &str)] = &[
        ("unicode", "pässwörd — 密码 🔑 ǅ"),
        ("controls", "tab\there\u{1}bell\u{7}del\u{7f}nul\u{0}end"),
        ("dashes", "--looks-like-a-flag"),
        ("json-ish", r#"{"not":"parsed","for":"variables"}"#),
    ];
    for (name, value) in cases {
        env.run_stdin(&["add", &custom(name)], format!("{value}\n"))
            .success();
    }
    for (name, value) in cases {
        assert_eq!(&value_of(&env, &custom(name)), value, "case {name}");
    }
}

#[test]
fn add_refuses_input_that_is_not_utf8_with_exit_2() {
    let env = Env::init();
    env.test(&["add", &custom("bin")])
        .stdin([0x66, 0xff, 0xfe, 0x0a])
        .status(2)
        .vault_unchanged()
        .never_shows("\u{fffd}")
        .run();
    env.run(&["get", &custom("bin")]).fails(3);
}

#[test]
fn add_prints_no_data_and_quiet_silences_its_notice() {
    let env = Env::init();
    let run = env
        .run_stdin(&["add", &custom("loud")], "loud-value-123")
        .success();
    assert!(run.stdout.is_empty(), "add printed data: {run:#?}");
    run.never_shows("loud-value-123");
    let run = env
        .run_stdin(&["-q", "add", &custom("quiet")], "quiet-value-123")
        .success();
    assert!(
        run.stdout.is_empty() && run.stderr.is_empty(),
        "-q add printed: {run:#?}"
    );
    assert_eq!(value_of(&env, &custom("quiet")), "quiet-value-123");
}

#[test]
fn add_refuses_empty_input_with_exit_2_unless_allow_empty() {
    let env = Env::init();
    env.test(&["add", &custom("e1")])
        .stdin(b"")
        .status(2)
        .vault_unchanged()
        .never_shows("\u{0}")
        .run();
    env.test(&["add", &custom("e2")])
        .stdin(b"\n")
        .status(2)
        .vault_unchanged()
        .never_shows("\u{0}")
        .run();
    // No stdin at all (the harness's default null stdin) is empty too.
    let before = env.vault_bytes();
    env.run(&["add", &custom("e3")]).fails(2);
    assert_eq!(env.vault_bytes(), before);

    env.run_stdin(&["add", "--allow-empty", &custom("e4")], "")
        .success();
    assert_eq!(value_of(&env, &custom("e4")), "");
    assert_eq!(env.ok(&["get", &custom("e4")]).stdout, "\n");
    env.run_stdin(&["add", "--allow-empty", &custom("e5")], "\n")
        .success();
    assert_eq!(value_of(&env, &custom("e5")), "");
}

#[test]
fn add_accepts_exactly_one_mib_and_refuses_one_byte_more_with_exit_2() {
    let env = Env::init();
    let mib = 1024 * 1024;
    let mut exact = "a".repeat(mib);
    exact.push('\n');
    env.run_stdin(&["add", &custom("one-mib")], exact.as_bytes())
        .success();
    let stored = value_of(&env, &custom("one-mib"));
    assert_eq!(stored.len(), mib);

    let too_big = "b".repeat(mib + 1);
    let run = env
        .test(&["add", &custom("too-big")])
        .stdin(too_big.as_bytes())
        .status(2)
        .vault_unchanged()
        .never_shows("bbbbbbbbbbbbbbbb")
        .run();
    assert!(
        run.stderr.len() < 4096,
        "the error is suspiciously long: {} bytes",
        run.stderr.len()
    );
    env.run(&["get", &custom("too-big")]).fails(3);
}

// ---- --from-file --------------------------------------------------------

#[test]
fn add_from_file_keeps_the_content_exactly() {
    let env = Env::init();
    let lines = env.write_file("lines.txt", "line1\nline2");
    env.ok(&[
        "add",
        &custom("lines"),
        "--from-file",
        lines.to_str().unwrap(),
    ]);
    assert_eq!(value_of(&env, &custom("lines")), "line1\nline2");
}

#[test]
fn add_from_file_keeps_a_trailing_newline_because_the_value_is_the_files_content() {
    // The spec: `--from-file PATH`: the file's content (only stdin loses a
    // trailing newline).
    let env = Env::init();
    let pem = "-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n";
    let file = env.write_file("key.pem", pem);
    env.ok(&["add", &custom("pem"), "--from-file", file.to_str().unwrap()]);
    assert_eq!(value_of(&env, &custom("pem")), pem);
}

#[test]
fn add_from_file_wins_over_stdin() {
    let env = Env::init();
    let file = env.write_file("v.txt", "from-the-file");
    env.run_stdin(
        &["add", &custom("f"), "--from-file", file.to_str().unwrap()],
        "from-stdin",
    )
    .success();
    assert_eq!(value_of(&env, &custom("f")), "from-the-file");
}

#[test]
fn add_from_a_missing_file_fails_and_changes_nothing() {
    let env = Env::init();
    let missing = env.root().join("nope.txt");
    let before = env.vault_bytes();
    let run = env.run(&[
        "add",
        &custom("f"),
        "--from-file",
        missing.to_str().unwrap(),
    ]);
    let code = run.code;
    assert_ne!(code, 0, "{run:#?}");
    let run = run.fails(code);
    assert!(
        run.stderr.contains("nope.txt"),
        "the error should name the file: {run:#?}"
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn add_from_file_reads_s3_json() {
    let env = Env::init();
    let file = env.write_file(
        "s3.json",
        r#"{"access_key_id":"AKIAFILE","secret_access_key":"file-secret"}"#,
    );
    let id = "project/atlas/connect/S3/from-file";
    env.ok(&["add", id, "--from-file", file.to_str().unwrap()]);
    assert_eq!(
        value_of(&env, &format!("{id}#secret_access_key")),
        "file-secret"
    );
    assert_eq!(
        env.ok(&["get", "--format", "json", id]).json()["type"],
        "s3"
    );
}

// ---- --generate ---------------------------------------------------------

#[test]
fn generate_defaults_to_32_alnum_characters_and_differs_each_time() {
    let env = Env::init();
    env.ok(&["add", "--generate", &custom("g1")]);
    env.ok(&["add", "--generate", &custom("g2")]);
    let a = value_of(&env, &custom("g1"));
    let b = value_of(&env, &custom("g2"));
    for v in [&a, &b] {
        assert_eq!(v.len(), 32, "{v:?}");
        assert!(v.chars().all(|c| c.is_ascii_alphanumeric()), "{v:?}");
    }
    assert_ne!(a, b, "two generated values are equal");
}

#[test]
fn generate_alnum_with_length() {
    let env = Env::init();
    env.ok(&[
        "add",
        "--generate",
        "--length",
        "57",
        "--charset",
        "alnum",
        &custom("g"),
    ]);
    let v = value_of(&env, &custom("g"));
    assert_eq!(v.len(), 57, "{v:?}");
    assert!(v.chars().all(|c| c.is_ascii_alphanumeric()), "{v:?}");
}

#[test]
fn generate_hex_with_length() {
    let env = Env::init();
    env.ok(&[
        "add",
        "--generate",
        "--length",
        "64",
        "--charset",
        "hex",
        &custom("g"),
    ]);
    let v = value_of(&env, &custom("g"));
    assert_eq!(v.len(), 64, "{v:?}");
    assert!(v.chars().all(|c| c.is_ascii_hexdigit()), "{v:?}");
    let lower = v.chars().all(|c| !c.is_ascii_uppercase());
    let upper = v.chars().all(|c| !c.is_ascii_lowercase());
    assert!(lower || upper, "hex of mixed case: {v:?}");
}

#[test]
fn generate_symbols_with_length() {
    let env = Env::init();
    env.ok(&[
        "add",
        "--generate",
        "--length",
        "80",
        "--charset",
        "symbols",
        &custom("g"),
    ]);
    let v = value_of(&env, &custom("g"));
    assert_eq!(v.chars().count(), 80, "{v:?}");
    assert!(
        v.chars().all(|c| c.is_ascii_graphic()),
        "not printable ASCII: {v:?}"
    );
    // With 80 draws from letters, digits and symbols, at least one symbol
    // (the chance of none is below 1e-13).
    assert!(
        v.chars().any(|c| c.is_ascii_punctuation()),
        "no symbol at all: {v:?}"
    );
}

#[test]
fn generate_words_defaults_to_six_dash_joined_words() {
    let env = Env::init();
    env.ok(&["add", "--generate", "--charset", "words", &custom("w")]);
    let v = value_of(&env, &custom("w"));
    assert_eq!(
        count_words(&v, 6),
        Some(6),
        "not six words of the word list joined by `-`: {v:?}"
    );
}

#[test]
fn generate_words_length_counts_words() {
    let env = Env::init();
    env.ok(&[
        "add",
        "--generate",
        "--charset",
        "words",
        "--length",
        "9",
        &custom("w"),
    ]);
    let v = value_of(&env, &custom("w"));
    assert_eq!(
        count_words(&v, 9),
        Some(9),
        "not nine words joined by `-`: {v:?}"
    );
}

// ---- description, --type, --force ---------------------------------------

#[test]
fn add_records_the_description() {
    let env = Env::init();
    env.run_stdin(
        &[
            "add",
            &custom("d"),
            "--description",
            "Slack bot token, rotate yearly",
        ],
        "v",
    )
    .success();
    let json = env.ok(&["get", "--format", "json", &custom("d")]).json();
    assert_eq!(
        json["description"], "Slack bot token, rotate yearly",
        "{json}"
    );
    env.add(&custom("nodesc"), "v");
    let json = env
        .ok(&["get", "--format", "json", &custom("nodesc")])
        .json();
    assert!(json["description"].is_null(), "{json}");
    assert!(
        json.as_object().unwrap().contains_key("description"),
        "{json}"
    );
}

#[test]
fn add_of_an_existing_id_exits_4_and_force_makes_version_2() {
    let env = Env::init();
    let id = custom("dup");
    env.add(&id, "first-value");
    let run = env
        .test(&["add", &id])
        .stdin(b"second-value")
        .status(4)
        .vault_unchanged()
        .never_shows("second-value")
        .run();
    run.never_shows("first-value");
    assert_eq!(value_of(&env, &id), "first-value");

    env.run_stdin(&["add", "--force", &id], "second-value")
        .success();
    assert_eq!(value_of(&env, &id), "second-value");
    let json = env.ok(&["get", "--format", "json", &id]).json();
    assert_eq!(json["version"], 2, "{json}");
    assert_eq!(
        env.ok(&["get", "-n", "--version", "1", &id]).stdout,
        "first-value"
    );
    assert_eq!(
        env.ok(&["get", "-n", "--version", "2", &id]).stdout,
        "second-value"
    );
}

#[test]
fn type_option_overrides_the_inference_from_the_path() {
    let env = Env::init();
    let s3_elsewhere = custom("bucket-creds");
    env.run_stdin(
        &["add", "--type", "s3", &s3_elsewhere],
        r#"{"access_key_id":"AKIAX","secret_access_key":"sx"}"#,
    )
    .success();
    assert_eq!(
        env.ok(&["get", "--format", "json", &s3_elsewhere]).json()["type"],
        "s3"
    );
    assert_eq!(
        value_of(&env, &format!("{s3_elsewhere}#access_key_id")),
        "AKIAX"
    );

    let plain = "project/atlas/connect/S3/just-text";
    env.run_stdin(&["add", "--type", "variable", plain], "not json at all\n")
        .success();
    let json = env.ok(&["get", "--format", "json", plain]).json();
    assert_eq!(json["type"], "variable", "{json}");
    assert_eq!(json["value"], "not json at all", "{json}");
}

#[test]
fn add_refuses_an_unknown_type_with_exit_2() {
    let env = Env::init();
    env.test(&["add", "--type", "password", &custom("t")])
        .stdin(b"v")
        .status(2)
        .vault_unchanged()
        .never_shows("\u{0}")
        .run();
}

// ---- s3 and registry ----------------------------------------------------

#[test]
fn s3_secret_from_json_is_inferred_from_the_path_and_keeps_every_field() {
    let env = Env::init();
    let id = "project/atlas/connect/S3/prod-bucket";
    // Given out of order: `get` prints them in the order of the type table.
    let input = r#"{"bucket":"atlas-prod","endpoint":"https://s3.example.test","region":"eu-west-1",
        "secret_access_key":"wJalrXUtnFEMI/K7MDENG","access_key_id":"AKIAIOSFODNN7"}"#;
    env.run_stdin(&["add", id], input).success();
    assert_eq!(
        env.ok(&["get", id]).stdout,
        "{\"access_key_id\":\"AKIAIOSFODNN7\",\"secret_access_key\":\"wJalrXUtnFEMI/K7MDENG\",\
         \"region\":\"eu-west-1\",\"endpoint\":\"https://s3.example.test\",\"bucket\":\"atlas-prod\"}\n"
    );
    let json = env.ok(&["get", "--format", "json", id]).json();
    assert_eq!(json["type"], "s3", "{json}");
}

#[test]
fn s3_secret_with_only_the_required_fields() {
    let env = Env::init();
    let id = "project/atlas/connect/S3/minimal";
    env.run_stdin(
        &["add", id],
        r#"{"access_key_id":"AKIAMIN","secret_access_key":"min-secret"}"#,
    )
    .success();
    assert_eq!(
        env.ok(&["get", id]).stdout,
        "{\"access_key_id\":\"AKIAMIN\",\"secret_access_key\":\"min-secret\"}\n"
    );
}

#[test]
fn registry_secret_from_json_is_inferred_from_the_path() {
    let env = Env::init();
    let id = "organization/acme/connect/ContainerRegistry/ghcr";
    env.run_stdin(
        &["add", id],
        r#"{"password":"ghp_registrypass","username":"ci-bot","server":"ghcr.io"}"#,
    )
    .success();
    assert_eq!(
        env.ok(&["get", id]).stdout,
        "{\"server\":\"ghcr.io\",\"username\":\"ci-bot\",\"password\":\"ghp_registrypass\"}\n"
    );
    assert_eq!(
        env.ok(&["get", "--format", "json", id]).json()["type"],
        "registry"
    );
    assert_eq!(
        value_of(&env, &format!("{id}#password")),
        "ghp_registrypass"
    );
}

#[test]
fn non_secret_fields_may_be_given_with_field_options() {
    let env = Env::init();
    let id = "project/atlas/connect/S3/with-fields";
    env.run_stdin(
        &[
            "add",
            id,
            "--field",
            "region=eu-west-1",
            "--field",
            "bucket=atlas-logs",
        ],
        r#"{"access_key_id":"AKIAF","secret_access_key":"field-secret"}"#,
    )
    .success();
    assert_eq!(value_of(&env, &format!("{id}#region")), "eu-west-1");
    assert_eq!(value_of(&env, &format!("{id}#bucket")), "atlas-logs");
    assert_eq!(
        value_of(&env, &format!("{id}#secret_access_key")),
        "field-secret"
    );

    let reg = "project/atlas/connect/ContainerRegistry/quay";
    env.run_stdin(
        &[
            "add",
            reg,
            "--field",
            "server=quay.io",
            "--field",
            "username=robot",
        ],
        r#"{"password":"quay-pass"}"#,
    )
    .success();
    assert_eq!(
        env.ok(&["get", reg]).stdout,
        "{\"server\":\"quay.io\",\"username\":\"robot\",\"password\":\"quay-pass\"}\n"
    );
}

#[test]
fn a_secret_field_given_with_field_is_refused_with_exit_2_and_not_echoed() {
    let env = Env::init();
    env.test(&[
        "add",
        "project/atlas/connect/S3/leaky",
        "--field",
        "secret_access_key=XYZ-LEAK-4711",
    ])
    .stdin(br#"{"access_key_id":"AKIAL","secret_access_key":"other"}"#)
    .status(2)
    .vault_unchanged()
    .never_shows("XYZ-LEAK-4711")
    .run();
    env.test(&[
        "add",
        "project/atlas/connect/ContainerRegistry/leaky",
        "--field",
        "password=PW-LEAK-0815",
    ])
    .stdin(br#"{"server":"r.example","username":"u"}"#)
    .status(2)
    .vault_unchanged()
    .never_shows("PW-LEAK-0815")
    .run();
    env.test(&["add", &custom("leaky"), "--field", "value=VAL-LEAK-1234"])
        .stdin(b"from stdin")
        .status(2)
        .vault_unchanged()
        .never_shows("VAL-LEAK-1234")
        .run();
}

#[test]
fn an_unknown_field_option_is_refused_with_exit_2() {
    let env = Env::init();
    env.test(&[
        "add",
        "project/atlas/connect/S3/x",
        "--field",
        "colour=blue",
    ])
    .stdin(br#"{"access_key_id":"AKIAU","secret_access_key":"unk-secret-77"}"#)
    .status(2)
    .vault_unchanged()
    .never_shows("unk-secret-77")
    .run();
}

#[test]
fn bad_structured_input_is_refused_with_exit_2_without_echoing_values() {
    let env = Env::init();
    let s3 = "project/atlas/connect/S3/bad";
    let cases: &[(&str, &str, &str)] = &[
        (
            "not json",
            "access_key_id=AKIA secret=NOTJSON-SECRET-1",
            "NOTJSON-SECRET-1",
        ),
        (
            "truncated",
            r#"{"access_key_id":"AKIAT","secret_access_key":"TRUNC-SECRET-2""#,
            "TRUNC-SECRET-2",
        ),
        ("array", r#"["AKIAA","ARRAY-SECRET-3"]"#, "ARRAY-SECRET-3"),
        (
            "missing secret field",
            r#"{"access_key_id":"AKIAM-ONLY-4"}"#,
            "AKIAM-ONLY-4",
        ),
        (
            "missing access key",
            r#"{"secret_access_key":"MISSING-AK-5"}"#,
            "MISSING-AK-5",
        ),
        (
            "unknown field",
            r#"{"access_key_id":"AKIAU","secret_access_key":"UNKNOWN-SECRET-6","colour":"blue"}"#,
            "UNKNOWN-SECRET-6",
        ),
        (
            "number value",
            r#"{"access_key_id":"AKIAN","secret_access_key":987654321987}"#,
            "987654321987",
        ),
        ("empty", "", "\u{0}"),
    ];
    for (name, input, secret) in cases {
        let before = env.vault_bytes();
        let run = env.run_stdin(&["add", s3], input);
        assert_eq!(run.code, 2, "case {name}: {run:#?}");
        let run = run.fails(2).never_shows(secret);
        assert_eq!(
            env.vault_bytes(),
            before,
            "case {name} changed the vault: {run:#?}"
        );
    }
    let reg = "project/atlas/connect/ContainerRegistry/bad";
    env.test(&["add", reg])
        .stdin(br#"{"server":"r.example","username":"u"}"#)
        .status(2)
        .vault_unchanged()
        .never_shows("\u{0}")
        .run();
    env.run(&["get", s3]).fails(3);
    env.run(&["get", reg]).fails(3);
}
