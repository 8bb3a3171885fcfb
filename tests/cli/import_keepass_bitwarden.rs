//! `import --format keepass-xml` with files written by the real
//! `keepassxc-cli`, and `import --format bitwarden` with an export written
//! from Bitwarden's documented format (issue 16 item 7).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{Env, ids, meta, value_of};

const DB_PASS: &str = "kdbx-master-pw";
const AWS_PW: &str = "aws-p<&>\"'-ü";
const PREFIX: &str = "user/me/secret/kp";

/// Runs `keepassxc-cli ARGS` with `input` on stdin (the database password
/// first); `None` when keepassxc-cli is not installed.
fn kx(args: &[&str], input: &str) -> Option<Vec<u8>> {
    let mut child = match Command::new("keepassxc-cli")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            eprintln!("skipped: keepassxc-cli is not installed");
            return None;
        }
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("keepassxc-cli");
    assert!(
        out.status.success(),
        "keepassxc-cli {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

/// A KeePassXC database made and exported by keepassxc-cli: a login with
/// notes, an attachment and a history; a password-only entry with a
/// title that is no path segment; a note-only entry; an entry in the
/// recycle bin.
fn keepass_export(env: &Env) -> Option<PathBuf> {
    let db = env.root().join("db.kdbx");
    let db = db.to_str().expect("utf-8");
    let p = format!("{DB_PASS}\n");
    kx(&["db-create", "-p", db], &format!("{DB_PASS}\n{DB_PASS}\n"))?;
    kx(&["mkdir", db, "Work"], &p)?;
    kx(&["mkdir", db, "Work/Cloud"], &p)?;
    kx(&["mkdir", db, "Personal"], &p)?;
    kx(
        &[
            "add",
            "-u",
            "alice",
            "--url",
            "https://aws.example",
            "--notes",
            "recovery code 1234",
            "-p",
            db,
            "Work/Cloud/AWS",
        ],
        &format!("{p}{AWS_PW}\n"),
    )?;
    let attachment = env.write_file("key.pem", "not imported");
    kx(
        &[
            "attachment-import",
            db,
            "Work/Cloud/AWS",
            "key.pem",
            attachment.to_str().expect("utf-8"),
        ],
        &p,
    )?;
    kx(
        &["add", "-u", "bob", "-p", db, "Personal/Bank ü"],
        &format!("{p}bank-pw\n"),
    )?;
    kx(
        &["add", "--notes", "wifi: hunter2", db, "Personal/Wifi"],
        &p,
    )?;
    kx(&["add", "-p", db, "Work/Old"], &format!("{p}old-pw\n"))?;
    kx(&["rm", db, "Work/Old"], &p)?;
    let xml = kx(&["export", "--format", "xml", db], &p)?;
    Some(env.write_file("export.xml", xml))
}

fn import(env: &Env, format: &str, file: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["import", "--format", format, "--prefix", PREFIX];
    args.extend_from_slice(extra);
    env.test(&args).arg(file).run()
}

#[test]
fn keepass_xml_from_keepassxc_cli_imports_groups_logins_and_notes() {
    let env = Env::init();
    let Some(xml) = keepass_export(&env) else {
        return;
    };
    let run = import(&env, "keepass-xml", &xml, &[]);
    assert!(
        run.stderr.contains("imported 4 secrets (skipped 0)"),
        "{run:#?}"
    );
    assert!(
        run.stderr.contains("not imported: attachments: 1"),
        "{run:#?}"
    );
    assert!(
        run.stderr
            .contains("not imported: entries in the recycle bin: 1"),
        "{run:#?}"
    );
    assert!(
        run.stderr
            .contains("not imported: older versions of entries"),
        "{run:#?}"
    );
    assert!(!run.stderr.contains(AWS_PW) && !run.stdout.contains(AWS_PW));
    assert_eq!(
        ids(&env),
        [
            "user/me/secret/kp/Personal/Bank",
            "user/me/secret/kp/Personal/Wifi",
            "user/me/secret/kp/Work/Cloud/AWS",
            "user/me/secret/kp/Work/Cloud/AWS.notes",
        ]
    );
    let aws = "user/me/secret/kp/Work/Cloud/AWS";
    assert_eq!(meta(&env, aws)["type"], "registry");
    assert_eq!(value_of(&env, &format!("{aws}#password")), AWS_PW);
    assert_eq!(value_of(&env, &format!("{aws}#username")), "alice");
    assert_eq!(
        value_of(&env, &format!("{aws}#server")),
        "https://aws.example"
    );
    assert_eq!(
        value_of(&env, &format!("{aws}.notes")),
        "recovery code 1234"
    );
    let bank = "user/me/secret/kp/Personal/Bank";
    assert_eq!(meta(&env, bank)["type"], "variable");
    assert_eq!(value_of(&env, bank), "bank-pw");
    assert_eq!(
        meta(&env, bank)["description"],
        "title: Bank ü, username: bob"
    );
    assert_eq!(
        value_of(&env, "user/me/secret/kp/Personal/Wifi"),
        "wifi: hunter2"
    );
}

#[test]
fn keepass_xml_dry_run_and_on_conflict_work_as_for_the_other_importers() {
    let env = Env::init();
    let Some(xml) = keepass_export(&env) else {
        return;
    };
    let before = env.vault_bytes();
    let run = import(&env, "keepass-xml", &xml, &["--dry-run"]);
    assert_eq!(
        run.stdout,
        "user/me/secret/kp/Work/Cloud/AWS\nuser/me/secret/kp/Work/Cloud/AWS.notes\n\
         user/me/secret/kp/Personal/Bank\nuser/me/secret/kp/Personal/Wifi\n"
    );
    assert!(env.vault_bytes() == before, "a dry run wrote");
    import(&env, "keepass-xml", &xml, &[]);
    env.test(&["import", "--format", "keepass-xml", "--prefix", PREFIX])
        .arg(&xml)
        .status(4)
        .stderr_has("already exists; nothing was imported")
        .vault_unchanged()
        .run();
    let run = import(&env, "keepass-xml", &xml, &["--on-conflict", "skip"]);
    assert!(
        run.stderr.contains("imported 0 secrets (skipped 4)"),
        "{run:#?}"
    );
    import(&env, "keepass-xml", &xml, &["--on-conflict", "overwrite"]);
    assert_eq!(meta(&env, "user/me/secret/kp/Personal/Bank")["version"], 2);
}

#[test]
fn keepass_xml_refuses_what_it_cannot_read_naming_no_value() {
    let env = Env::init();
    for (text, why) in [
        ("", "not well-formed XML"),
        (
            "<KeePassFile><Root><Group><Entry>SECRET",
            "not well-formed XML (line 1",
        ),
        ("<Database/>", "not KeePass XML"),
        (
            "<!DOCTYPE x [<!ENTITY a \"SECRET\">]><KeePassFile/>",
            "not well-formed XML",
        ),
        (
            "<KeePassFile><Root><Group><Name>R</Name><Entry><String><Key>Password</Key>\
             <Value Protected=\"True\">U0VDUkVU</Value></String></Entry></Group></Root></KeePassFile>",
            "is still encrypted",
        ),
    ] {
        let file = env.write_file("bad.xml", text);
        env.test(&["import", "--format", "keepass-xml", "--prefix", PREFIX])
            .arg(&file)
            .status(2)
            .stderr_has(why)
            .never_shows("SECRET")
            .vault_unchanged()
            .run();
    }
    env.test(&["import", "--format", "keepass-xml"])
        .arg(env.write_file("x.xml", "<KeePassFile/>"))
        .status(2)
        .stderr_has("this format needs --prefix")
        .run();
}

/// A Bitwarden unencrypted export as its documentation describes it:
/// folders (one nested with `/`), logins with URIs, TOTP and custom
/// fields, a secure note, a card and an identity, two items of one name.
const BITWARDEN: &str = r#"{
  "encrypted": false,
  "folders": [
    {"id": "f1", "name": "Work/Cloud"},
    {"id": "f2", "name": "Personal"}
  ],
  "items": [
    {"id": "i1", "organizationId": null, "folderId": "f1", "type": 1, "reprompt": 0,
     "name": "GitHub", "notes": "2FA backup: 1111", "favorite": false,
     "fields": [{"name": "api key", "value": "ghp_custom", "type": 1, "linkedId": null}],
     "login": {"uris": [{"match": null, "uri": "https://github.com"}],
               "username": "octo", "password": "gh-pw", "totp": "otpauth://totp/x"},
     "collectionIds": null},
    {"id": "i2", "folderId": null, "type": 1, "name": "GitHub",
     "notes": null, "login": {"uris": [], "username": null, "password": "second-pw", "totp": null}},
    {"id": "i3", "folderId": "f2", "type": 2, "name": "Door code",
     "notes": "4711", "secureNote": {"type": 0}},
    {"id": "i4", "folderId": "f2", "type": 3, "name": "Visa",
     "card": {"cardholderName": "A", "number": "4111111111111111", "code": "123"}},
    {"id": "i5", "folderId": null, "type": 4, "name": "Me", "identity": {"firstName": "A"}},
    {"id": "i6", "folderId": "f2", "type": 1, "name": "GitHub",
     "login": {"username": "u", "password": "p1"}},
    {"id": "i7", "folderId": "f2", "type": 1, "name": "GitHub",
     "login": {"username": "u", "password": "p2"}}
  ]
}"#;

#[test]
fn bitwarden_export_imports_logins_notes_and_folders() {
    let env = Env::init();
    let file = env.write_file("bw.json", BITWARDEN);
    let run = import(&env, "bitwarden", &file, &[]);
    assert!(run.stderr.contains("not imported: cards: 1"), "{run:#?}");
    assert!(
        run.stderr.contains("not imported: identities: 1"),
        "{run:#?}"
    );
    for secret in ["gh-pw", "4711", "4111111111111111", "ghp_custom"] {
        assert!(!run.stderr.contains(secret), "{run:#?}");
    }
    assert_eq!(
        ids(&env),
        [
            "user/me/secret/kp/GitHub",
            "user/me/secret/kp/Personal/Door-code",
            "user/me/secret/kp/Personal/GitHub",
            "user/me/secret/kp/Personal/GitHub-2",
            "user/me/secret/kp/Work/Cloud/GitHub",
            "user/me/secret/kp/Work/Cloud/GitHub.api-key",
            "user/me/secret/kp/Work/Cloud/GitHub.notes",
            "user/me/secret/kp/Work/Cloud/GitHub.totp",
        ]
    );
    let gh = "user/me/secret/kp/Work/Cloud/GitHub";
    assert_eq!(meta(&env, gh)["type"], "registry");
    assert_eq!(value_of(&env, &format!("{gh}#password")), "gh-pw");
    assert_eq!(
        value_of(&env, &format!("{gh}#server")),
        "https://github.com"
    );
    assert_eq!(value_of(&env, &format!("{gh}.notes")), "2FA backup: 1111");
    assert_eq!(value_of(&env, &format!("{gh}.api-key")), "ghp_custom");
    assert_eq!(value_of(&env, &format!("{gh}.totp")), "otpauth://totp/x");
    assert_eq!(value_of(&env, "user/me/secret/kp/GitHub"), "second-pw");
    assert_eq!(
        value_of(&env, "user/me/secret/kp/Personal/Door-code"),
        "4711"
    );
    assert_eq!(value_of(&env, "user/me/secret/kp/Personal/GitHub"), "p1");
    assert_eq!(value_of(&env, "user/me/secret/kp/Personal/GitHub-2"), "p2");
    assert_eq!(
        meta(&env, "user/me/secret/kp/Personal/GitHub")["description"],
        "username: u"
    );
    // The same again: conflicts as for the other importers.
    env.test(&["import", "--format", "bitwarden", "--prefix", PREFIX])
        .arg(&file)
        .status(4)
        .vault_unchanged()
        .run();
    let run = import(
        &env,
        "bitwarden",
        &file,
        &["--on-conflict", "skip", "--dry-run"],
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn bitwarden_refuses_encrypted_and_malformed_exports() {
    let env = Env::init();
    for (text, why) in [
        (
            r#"{"encrypted": true, "items": []}"#,
            "this Bitwarden export is encrypted",
        ),
        (
            r#"{"items": [{"type": 1, "name": "x", "login": {"password": SECRET}}]}"#,
            "not a Bitwarden JSON export (line 1",
        ),
        ("[]", "not a Bitwarden JSON export"),
        ("", "not a Bitwarden JSON export"),
    ] {
        let file = env.write_file("bw.json", text);
        env.test(&["import", "--format", "bitwarden", "--prefix", PREFIX])
            .arg(&file)
            .status(2)
            .stderr_has(why)
            .never_shows("SECRET")
            .vault_unchanged()
            .run();
    }
    // An empty export imports nothing, successfully.
    let file = env.write_file(
        "bw.json",
        r#"{"encrypted": false, "folders": [], "items": []}"#,
    );
    let run = import(&env, "bitwarden", &file, &[]);
    assert!(run.stderr.contains("imported 0 secrets"), "{run:#?}");
}
