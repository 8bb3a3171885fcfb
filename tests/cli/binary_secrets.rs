//! Binary secrets (issue 16 item 5): `add --from-file` of any bytes, `get`
//! writes them raw, JSON carries `"encoding": "base64"`, `env`/`run`/
//! `inject` refuse them naming the secret, export/import round-trips them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::support::{Env, custom, set};

/// `len` (at least 2) pseudo-random bytes from `seed` (splitmix64),
/// starting with 0xff 0x00 (never UTF-8, and with a NUL) then every byte
/// value.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut out: Vec<u8> = vec![0xff, 0x00];
    out.extend(0..=255u8);
    let mut s = seed;
    while out.len() < len {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

fn seed() -> u64 {
    std::env::var("SESAME_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(7)
        })
}

/// The raw bytes `get ID` writes.
fn raw_get(env: &Env, id: &str) -> Vec<u8> {
    let out = env.cmd(&["get", id]).output().expect("spawn");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn add_file(env: &Env, id: &str, content: &[u8], extra: &[&str]) {
    let path = env.write_file("blob.bin", content);
    let mut args = vec!["add", "--from-file", path.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    args.push(id);
    env.ok(&args);
}

#[test]
fn binary_from_file_comes_back_byte_for_byte_and_stdin_stays_text() {
    let seed = seed();
    let env = Env::init();
    let keytab = bytes(seed, 5000);
    add_file(&env, &custom("keytab"), &keytab, &[]);
    assert!(raw_get(&env, &custom("keytab")) == keytab, "seed {seed}");
    // A final newline is part of a file's bytes.
    let mut p12 = bytes(seed ^ 1, 300);
    p12.push(b'\n');
    add_file(&env, &custom("p12"), &p12, &[]);
    assert!(raw_get(&env, &custom("p12")) == p12, "seed {seed}");
    // Bytes on stdin are refused (stdin is text), pointing at --from-file.
    env.test(&["add", &custom("piped")])
        .stdin(&p12)
        .status(2)
        .stderr_has("hint: for a binary value (a keytab, a .p12), give the file: --from-file FILE")
        .vault_unchanged()
        .run();
    // `-n` changes nothing for bytes; a text value is unchanged.
    env.add(&custom("text"), "plain");
    assert_eq!(raw_get(&env, &custom("text")), b"plain\n");
}

#[test]
fn binary_json_outputs_say_base64_and_tables_show_the_size() {
    let env = Env::init();
    let blob = bytes(3, 1000);
    add_file(&env, &custom("blob"), &blob, &[]);
    let json = env.ok(&["get", "--format", "json", &custom("blob")]).json();
    assert_eq!(json["encoding"], "base64");
    let field = env
        .ok(&[
            "get",
            "--format",
            "json",
            &format!("{}#value", custom("blob")),
        ])
        .json();
    assert_eq!(field["encoding"], "base64");
    assert_eq!(field["value"], json["value"]);
    let value = json["value"].as_str().expect("a string");
    assert_eq!(STANDARD.decode(value).expect("base64"), blob);
    let list = env
        .ok(&["list", "--format", "json", "--decrypt", &custom("blob")])
        .json();
    assert_eq!(list[0]["encoding"], "base64");
    env.test(&["list", "--decrypt", &custom("blob")])
        .stdout_has("<binary, 1000 bytes>")
        .run();
    env.test(&["history", "--decrypt", &custom("blob")])
        .stdout_has("<binary, 1000 bytes>")
        .run();
    let text = env
        .ok(&["list", "--format", "json", "--decrypt", &custom("blob")])
        .json();
    assert!(crate::support::keys(&text[0]).is_superset(&set(&["value", "encoding"])));
}

#[test]
fn binary_export_import_round_trips_every_version() {
    let env = Env::init();
    let (v1, v2) = (bytes(11, 700), bytes(12, 900));
    add_file(&env, &custom("blob"), &v1, &[]);
    let path = env.write_file("v2.bin", &v2);
    env.ok(&[
        "rotate",
        &custom("blob"),
        "--from-file",
        path.to_str().expect("utf-8"),
    ]);
    let export = env.ok(&["export", "--format", "json"]).stdout;
    let other = Env::init();
    other
        .test(&["import", "--format", "json"])
        .stdin(&export)
        .run();
    assert!(raw_get(&other, &custom("blob")) == v2);
    let out = other
        .cmd(&["get", "--version", "1", &custom("blob")])
        .output()
        .expect("spawn");
    assert!(out.stdout == v1);
    // The minimal form takes the encoding too; bad base64 is exit 2.
    let minimal = format!(
        r#"[{{"id": "{}", "value": "{}", "encoding": "base64"}}]"#,
        custom("min"),
        STANDARD.encode(&v1)
    );
    other
        .test(&["import", "--format", "json"])
        .stdin(minimal)
        .run();
    assert!(raw_get(&other, &custom("min")) == v1);
    for (value, encoding, why) in [
        ("!!!", "base64", "is not base64"),
        ("AAAA", "hex", "unknown \"encoding\" \"hex\""),
    ] {
        other
            .test(&["import", "--format", "json"])
            .stdin(format!(
                r#"[{{"id": "{}", "value": "{value}", "encoding": "{encoding}"}}]"#,
                custom("bad")
            ))
            .status(2)
            .stderr_has(why)
            .vault_unchanged()
            .run();
    }
}

#[test]
fn binary_env_run_inject_and_dotenv_export_refuse_naming_the_secret() {
    let env = Env::init();
    add_file(&env, &custom("blob"), &bytes(5, 64), &[]);
    let why = format!(
        "{} is a binary value (64 bytes, with NUL bytes)",
        custom("blob")
    );
    env.test(&["env", &custom("blob")])
        .status(2)
        .stderr_has(&why)
        .run();
    env.test(&["env", "--map", &format!("X=sesame://{}", custom("blob"))])
        .status(2)
        .stderr_has(&why)
        .run();
    let marker = env.root().join("ran");
    env.test(&["run", &custom("blob"), "--", "touch"])
        .arg(&marker)
        .status(2)
        .stderr_has(&why)
        .run();
    assert!(!marker.exists());
    env.test(&["inject"])
        .stdin(format!("k={{{{ sesame://{} }}}}\n", custom("blob")))
        .status(2)
        .stderr_has(&why)
        .stderr_has("hint: write it to a file instead")
        .run();
    env.test(&["export", "--format", "dotenv"])
        .status(2)
        .stderr_has(&why)
        .run();
}

#[test]
fn binary_edges_size_structured_edit_grep_and_terminal() {
    let env = Env::init();
    // The marked base64 form must fit the 1 MiB value limit.
    let max = (1024 * 1024 - "\0sesame:base64\0".len()) / 4 * 3;
    add_file(&env, &custom("big"), &bytes(1, max), &[]);
    let path = env.write_file("huge.bin", bytes(1, max + 1));
    env.test(&[
        "add",
        "--from-file",
        path.to_str().expect("utf-8"),
        &custom("huge"),
    ])
    .status(2)
    .stderr_has(format!(
        "a binary value (not UTF-8 text) is at most {max} bytes"
    ))
    .run();
    // s3/registry fields are text.
    env.test(&["add", "project/atlas/connect/S3/prod"])
        .stdin(r#"{"access_key_id":"AKIA","secret_access_key":"sk"}"#)
        .run();
    let path = env.write_file("forty.bin", bytes(2, 40));
    env.test(&["rotate", "project/atlas/connect/S3/prod", "--from-file"])
        .arg(&path)
        .status(2)
        .stderr_has("the fields of a s3 secret are UTF-8 text")
        .vault_unchanged()
        .run();
    add_file(&env, &custom("blob"), &bytes(9, 64), &[]);
    env.test(&["edit", &custom("blob")])
        .env("EDITOR", "true")
        .status(2)
        .stderr_has("is a binary value; edit cannot show it as text")
        .run();
    // grep does not match the stored base64 text of a binary value.
    env.test(&["grep", "sesame:base64"]).stdout("").run();
    // At a terminal, get refuses to print bytes.
    if let Some(run) = crate::cp_rm_recursive::at_terminal(&env, &["get", &custom("blob")], "") {
        assert_eq!(run.code, 2, "{run:#?}");
        assert!(
            run.stdout.contains("is not printed to a terminal"),
            "{run:#?}"
        );
    }
}
