//! Members and roles (issue 13, teams-sync.md): identities made by the real
//! `age-keygen` and `ssh-keygen`, members, slots, vault owners, grants,
//! revocation, and what each role sees, through the binary; and, through
//! the library's test hooks (src/vault/v2/engine/hooks.rs), that a role is
//! enforced by the keys a member holds, not by the CLI.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use sesame::secret_type::{Fields, SecretType};
use sesame::vault::v2::Image;
use sesame::vault::v2::engine::Engine;
use sesame::{SecretId, SecretString};

use crate::support::{
    Env, FAST_KDF, Run, Test, age_key, keys, mode_of, output, set, ssh_key, tool,
};

const DB: &str = "project/atlas/secret/Custom/db";
const DB_VALUE: &str = "atlas-db-value";
const S3: &str = "project/atlas/connect/S3/prod";
const S3_SECRET: &str = "atlas-s3-secret-key";
const S3_JSON: &str = r#"{"access_key_id":"AKIAATLAS","secret_access_key":"atlas-s3-secret-key","region":"eu-west-1"}"#;
const HIDDEN: &str = "project/hidden/secret/Custom/x";
const HIDDEN_VALUE: &str = "hidden-value";
const BETA: &str = "project/beta/secret/Custom/b";
const BETA_VALUE: &str = "beta-value";

// ---------------------------------------------------------------------------
// A team: alice (vault owner, passphrase), bob (age key), carol (ssh key)
// ---------------------------------------------------------------------------

struct Team {
    env: Env,
    /// bob's age identity.
    bob: PathBuf,
    /// carol's ssh key.
    carol: PathBuf,
}

impl Team {
    /// alice founds the vault with a passphrase and adds db and s3 under
    /// project/atlas, and a secret under project/hidden that expired long
    /// ago; bob (age) reads project/atlas, carol (ssh) writes it; nobody
    /// but alice has a grant on project/hidden.
    fn new() -> Team {
        let env = Env::new();
        let mut init = vec!["init", "--member", "alice"];
        init.extend(FAST_KDF);
        env.ok(&init);
        env.add(DB, DB_VALUE);
        env.run_stdin(&["add", S3], S3_JSON).success();
        env.run_stdin(&["add", "--expires", "2001-01-01", HIDDEN], HIDDEN_VALUE)
            .success();
        let (bob, bob_recipient) = age_key(&env, "bob.age");
        let carol = ssh_key(&env, "carol_ed25519");
        env.ok(&["member", "add", "bob", "--recipient", &bob_recipient]);
        let carol_pub = carol.with_extension("pub");
        env.ok(&[
            "member",
            "add",
            "carol",
            "--recipient",
            carol_pub.to_str().unwrap(),
        ]);
        env.ok(&["grant", "bob", "project/atlas", "read"]);
        env.ok(&["grant", "carol", "project/atlas", "write"]);
        Team { env, bob, carol }
    }

    /// `sesame ARGS` as the member whose identity file is `key`: no
    /// passphrase anywhere, no terminal.
    fn by<'e>(&'e self, key: &Path, args: &[&str]) -> Test<'e> {
        by(&self.env, key, args)
    }

    fn bob(&self, args: &[&str]) -> Test<'_> {
        self.by(&self.bob, args)
    }

    fn carol(&self, args: &[&str]) -> Test<'_> {
        self.by(&self.carol, args)
    }

    /// The library's view of the vault as the holder of `key`.
    fn engine(&self, key: &Path) -> Engine {
        engine_of(&self.env.vault_bytes(), key)
    }
}

fn by<'e>(env: &'e Env, key: &Path, args: &[&str]) -> Test<'e> {
    env.test(args)
        .env("SESAME_IDENTITY", key)
        .env_remove("SESAME_PASSPHRASE")
        .without_terminal()
}

fn engine_of(vault: &[u8], key: &Path) -> Engine {
    Engine::open_with_identity(vault, &std::fs::read(key).expect("read identity"))
        .unwrap_or_else(|e| panic!("{} does not open the vault: {e}", key.display()))
}

fn json_ids(json: &Value) -> BTreeSet<String> {
    json.as_array()
        .unwrap_or_else(|| panic!("not an array: {json}"))
        .iter()
        .map(|s| s["id"].as_str().expect("an id").to_string())
        .collect()
}

fn id(text: &str) -> SecretId {
    text.parse().expect("a valid id")
}

fn variable(value: &str) -> Fields {
    Fields::new(
        SecretType::Variable,
        vec![("value".into(), SecretString::new(value.into()))],
        false,
    )
    .expect("a valid value")
}

// ---------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------

#[test]
fn age_and_ssh_members_unlock_with_their_key_files_and_a_wrong_identity_is_exit_5_issue_13() {
    let team = Team::new();
    team.bob(&["whoami"]).stdout_has("member:      bob\n").run();
    team.carol(&["whoami"])
        .stdout_has("member:      carol\n")
        .run();
    team.carol(&["get", DB])
        .stdout(format!("{DB_VALUE}\n"))
        .run();
    // The identity that opens is the one that decides who you are.
    team.carol(&["add", "project/atlas/secret/Custom/by-carol"])
        .stdin("c")
        .run();
    let env = &team.env;
    let (mallory, _) = age_key(env, "mallory.age");
    by(env, &mallory, &["get", DB])
        .status(5)
        .stderr_has("does not open this vault")
        .never_shows(DB_VALUE)
        .run();
    let eve = ssh_key(env, "eve_ed25519");
    by(env, &eve, &["get", DB])
        .status(5)
        .stderr_has("does not open this vault")
        .run();
    // bob's key, but asked to open carol's slots.
    team.bob(&["get", DB, "--member", "carol"]).status(5).run();
    let junk = env.write_file("junk.txt", "not a key\n");
    by(env, &junk, &["list"])
        .status(5)
        .stderr_has("expected an age identity")
        .never_shows("not a key")
        .run();
}

#[test]
fn identity_new_writes_a_0600_identity_prints_its_recipient_refuses_to_overwrite_and_unlocks_once_added_issue_13()
 {
    let team = Team::new();
    let env = &team.env;
    let path = env.root().join("dave.txt");
    let run = env
        .test(&["identity", "new", "-o", path.to_str().unwrap()])
        .env_remove("SESAME_PASSPHRASE")
        .run();
    let recipient = run.stdout.strip_suffix('\n').expect("one line").to_string();
    assert!(
        recipient.starts_with("age1") && !recipient.contains('\n'),
        "{run:#?}"
    );
    assert_eq!(mode_of(&path), 0o600);
    let content = std::fs::read_to_string(&path).unwrap();
    assert!(content.contains("AGE-SECRET-KEY-1"), "{content}");
    assert!(!run.stdout.contains("AGE-SECRET-KEY") && !run.stderr.contains("AGE-SECRET-KEY"));
    // The real age tool reads it and derives the same recipient.
    let derived =
        String::from_utf8(tool("age-keygen", &["-y", path.to_str().unwrap()]).stdout).unwrap();
    assert_eq!(derived.trim(), recipient);
    // Never over a file.
    env.test(&["identity", "new", "-o", path.to_str().unwrap()])
        .status(4)
        .stderr_has("exists already")
        .run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
    // The default place: <config dir>/sesame/identity.txt, 0600.
    let run = env.ok(&["identity", "new"]);
    let default = env
        .root()
        .join("config")
        .join("sesame")
        .join("identity.txt");
    assert_eq!(mode_of(&default), 0o600);
    assert!(run.stdout.starts_with("age1"));
    env.test(&["identity", "new"]).status(4).run();
    // Not a member yet: exit 5; once added and granted, it unlocks.
    by(env, &path, &["list"]).status(5).run();
    env.ok(&["member", "add", "dave", "--recipient", &recipient]);
    by(env, &path, &["list", "--format", "ids"])
        .stdout("")
        .run();
    env.ok(&["grant", "dave", "project/atlas", "write"]);
    by(env, &path, &["get", DB])
        .stdout(format!("{DB_VALUE}\n"))
        .run();
    // And a file holding the recipient works as --recipient too.
    let (erin, erin_recipient) = age_key(env, "erin.age");
    let file = env.write_file("erin.pub", format!("{erin_recipient}\n"));
    env.ok(&[
        "member",
        "add",
        "erin",
        "--recipient",
        file.to_str().unwrap(),
    ]);
    by(env, &erin, &["whoami", "--format", "json"])
        .stdout_has("\"name\": \"erin\"")
        .run();
}

// ---------------------------------------------------------------------------
// Members, slots, whoami, access
// ---------------------------------------------------------------------------

#[test]
fn member_list_shows_names_owners_slots_and_grant_counts_in_table_and_json_issue_13() {
    let team = Team::new();
    let env = &team.env;
    let run = env.ok(&["member", "list"]);
    let lines: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines,
        vec![
            vec!["NAME", "VAULT", "OWNER", "SLOTS", "GRANTS"],
            vec!["alice", "(you)", "yes", "passphrase", "2"],
            vec!["bob", "no", "age", "1"],
            vec!["carol", "no", "ssh", "1"],
        ],
        "{run:#?}"
    );
    let list = env.ok(&["member", "list", "--format", "json"]).json();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows.iter().map(keys).collect::<Vec<_>>(),
        vec![set(&["name", "vault_owner", "slots", "grants", "you"]); 3]
    );
    assert_eq!(rows[0]["name"], "alice");
    assert_eq!(rows[0]["vault_owner"], true);
    assert_eq!(rows[0]["you"], true);
    assert_eq!(rows[0]["slots"][0]["kind"], "passphrase");
    assert_eq!(
        rows[0]["grants"],
        json!([
            {"scope": "project/atlas", "role": "owner"},
            {"scope": "project/hidden", "role": "owner"},
        ])
    );
    assert_eq!(rows[1]["name"], "bob");
    assert_eq!(rows[1]["vault_owner"], false);
    assert_eq!(rows[1]["you"], false);
    assert_eq!(rows[1]["slots"][0]["kind"], "age");
    assert_eq!(
        rows[1]["grants"],
        json!([{"scope": "project/atlas", "role": "read"}])
    );
    assert_eq!(rows[2]["slots"][0]["kind"], "ssh");
    assert_eq!(
        rows[2]["grants"],
        json!([{"scope": "project/atlas", "role": "write"}])
    );
    // A name that exists: exit 4, nothing written.
    let (_, other) = age_key(env, "other.age");
    env.test(&["member", "add", "bob", "--recipient", &other])
        .status(4)
        .stderr_has("exists already")
        .vault_unchanged()
        .run();
    // member rm: gone from the list; their key opens nothing.
    env.ok(&["member", "rm", "carol"]);
    let names: Vec<Value> = env
        .ok(&["member", "list", "--format", "json"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("alice"), json!("bob")]);
    team.carol(&["list"])
        .status(5)
        .stderr_has("does not open this vault")
        .run();
    // Only vault owners manage members.
    let (_, frank) = age_key(env, "frank.age");
    team.bob(&["member", "add", "frank", "--recipient", &frank])
        .status(11)
        .vault_unchanged()
        .run();
    team.bob(&["member", "rm", "alice"])
        .status(11)
        .vault_unchanged()
        .run();
}

#[test]
fn a_member_adds_and_removes_their_own_slots_and_keeps_at_least_one_issue_13() {
    let team = Team::new();
    let env = &team.env;
    let second = ssh_key(env, "bob_ed25519");
    let public = second.with_extension("pub");
    team.bob(&[
        "member",
        "slot",
        "add",
        "--recipient",
        public.to_str().unwrap(),
    ])
    .stderr_has("added slot SHA256:")
    .run();
    // Both keys open bob now; nothing else changed for him.
    by(env, &second, &["whoami"])
        .stdout_has("member:      bob\n")
        .run();
    let me = team.bob(&["whoami", "--format", "json"]).run().json();
    let kinds: BTreeSet<String> = me["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, set(&["age", "ssh"]));
    let age_fingerprint = me["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "age")
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    // Remove the age slot with the ssh key: the age key opens nothing.
    by(env, &second, &["member", "slot", "rm", &age_fingerprint])
        .stderr_has("removed slot")
        .run();
    team.bob(&["whoami"]).status(5).run();
    by(env, &second, &["list", "--format", "ids"])
        .stdout(format!("{S3}\n{DB}\n"))
        .run();
    // The last slot stays (exit 4).
    let me = by(env, &second, &["whoami", "--format", "json"])
        .run()
        .json();
    let last = me["slots"][0]["fingerprint"].as_str().unwrap().to_string();
    by(env, &second, &["member", "slot", "rm", &last])
        .status(4)
        .stderr_has("at least one slot")
        .vault_unchanged()
        .run();
    // alice's only slot too.
    env.test(&["member", "slot", "rm", "passphrase"])
        .status(4)
        .vault_unchanged()
        .run();
}

#[test]
fn whoami_and_access_show_roles_in_table_and_json_issue_13() {
    let team = Team::new();
    let run = team.bob(&["whoami"]).run();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{run:#?}");
    assert_eq!(lines[0], "member:      bob");
    assert_eq!(lines[1], "vault owner: no");
    assert!(lines[2].starts_with("slots:       age1"), "{run:#?}");
    assert_eq!(lines[3], "grants:      project/atlas=read");
    let me = team.bob(&["whoami", "--format", "json"]).run().json();
    assert_eq!(keys(&me), set(&["name", "vault_owner", "slots", "grants"]));
    assert_eq!(me["name"], "bob");
    assert_eq!(me["vault_owner"], false);
    assert_eq!(me["slots"].as_array().unwrap().len(), 1);
    assert_eq!(me["slots"][0]["kind"], "age");
    assert!(
        me["slots"][0]["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("age1")
    );
    assert_eq!(
        me["grants"],
        json!([{"scope": "project/atlas", "role": "read"}])
    );
    let alice = team.env.ok(&["whoami", "--format", "json"]).json();
    assert_eq!(alice["vault_owner"], true);
    assert_eq!(alice["slots"][0]["kind"], "passphrase");

    team.bob(&["access"])
        .stdout(
            "SCOPE          MEMBER  ROLE\n\
             project/atlas  alice   owner\n\
             project/atlas  bob     read\n\
             project/atlas  carol   write\n",
        )
        .run();
    let rows = team.bob(&["access", "--format", "json"]).run().json();
    assert_eq!(
        rows,
        json!([
            {"scope": "project/atlas", "member": "alice", "role": "owner"},
            {"scope": "project/atlas", "member": "bob", "role": "read"},
            {"scope": "project/atlas", "member": "carol", "role": "write"},
        ])
    );
    let rows = team
        .env
        .ok(&["access", "project/hidden", "--format", "json"])
        .json();
    assert_eq!(
        rows,
        json!([{"scope": "project/hidden", "member": "alice", "role": "owner"}])
    );
}

// ---------------------------------------------------------------------------
// What a read member sees
// ---------------------------------------------------------------------------

#[test]
fn a_read_member_lists_without_values_and_list_decrypt_marks_them_not_decrypted_issue_13() {
    let team = Team::new();
    team.bob(&["list", "--format", "ids"])
        .stdout(format!("{S3}\n{DB}\n"))
        .run();
    let run = team
        .bob(&["list", "--decrypt", "--format", "json"])
        .never_shows(DB_VALUE)
        .never_shows(S3_SECRET)
        .run();
    let rows = run.json();
    for row in rows.as_array().unwrap() {
        assert_eq!(row["decrypted"], false, "{row}");
        assert!(
            row.get("value").is_none() && row.get("fields").is_none(),
            "{row}"
        );
    }
    assert_eq!(json_ids(&rows), set(&[DB, S3]));
    let notes: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(notes.len(), 1, "one note: {run:#?}");
    assert!(notes[0].starts_with("note: 2 secrets are listed without their values"));
    // The table: a VALUE column, empty.
    let run = team.bob(&["list", "--decrypt"]).never_shows(DB_VALUE).run();
    assert!(
        run.stdout.lines().next().unwrap().ends_with("VALUE"),
        "{run:#?}"
    );
    assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
}

#[test]
fn list_decrypt_decrypts_only_the_scopes_the_member_may_read_issue_13() {
    let team = Team::new();
    let env = &team.env;
    env.add(BETA, BETA_VALUE);
    env.ok(&["grant", "bob", "project/beta", "write"]);
    let run = team
        .bob(&["list", "--decrypt", "--format", "json"])
        .never_shows(DB_VALUE)
        .never_shows(S3_SECRET)
        .run();
    let rows = run.json();
    let by_id = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} not listed: {rows}"))
            .clone()
    };
    assert_eq!(by_id(BETA)["value"], BETA_VALUE);
    assert!(
        by_id(BETA).get("decrypted").is_none(),
        "as export writes it"
    );
    assert_eq!(by_id(DB)["decrypted"], false);
    assert_eq!(by_id(S3)["decrypted"], false);
    assert!(by_id(DB).get("value").is_none());
    assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
    assert!(
        run.stderr
            .contains("2 secrets are listed without their values")
    );
    // Without --decrypt: nothing decrypted, no note.
    team.bob(&["list", "--format", "json"])
        .never_shows(BETA_VALUE)
        .run();
}

#[test]
fn every_command_that_prints_or_uses_a_value_of_a_read_scope_is_exit_11_naming_it_issue_13() {
    let team = Team::new();
    let env = &team.env;
    let template = env.write_file("t.tmpl", format!("x={{{{ sesame://{DB} }}}}\n"));
    let out = env.root().join("out.txt");
    let s3_secret = format!("{S3}#secret_access_key");
    let cases: Vec<Vec<&str>> = vec![
        vec!["get", DB],
        vec!["get", "--version", "1", DB],
        vec!["get", "--format", "json", DB],
        vec!["get", S3],
        vec!["get", &s3_secret],
        vec!["history", "--decrypt", DB],
        vec!["env", DB],
        vec!["env", "project/atlas"],
        vec!["env", "--format", "json", "project/atlas"],
        vec!["run", "project/atlas", "--", "true"],
        vec!["inject", "-i", template.to_str().unwrap()],
        vec![
            "inject",
            "-i",
            template.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        vec!["export", "--format", "json"],
        vec!["export", "project/atlas", "--format", "dotenv"],
    ];
    for args in &cases {
        team.bob(args)
            .status(11)
            .stderr_has("not permitted by your grants on project/atlas")
            .never_shows(DB_VALUE)
            .never_shows(S3_SECRET)
            .vault_unchanged()
            .run();
    }
    assert!(!out.exists(), "inject -o wrote a file");
    // What a read member may see: non-secret fields (D11), history without
    // values, the secret's metadata.
    team.bob(&["get", &format!("{S3}#region")])
        .stdout("eu-west-1\n")
        .run();
    team.bob(&["get", &format!("{S3}#access_key_id")])
        .stdout("AKIAATLAS\n")
        .run();
    let run = team.bob(&["history", DB, "--format", "json"]).run();
    assert_eq!(run.json().as_array().unwrap().len(), 1);
    team.bob(&["info"]).stdout_has("secrets:        2\n").run();
    // The same commands work for the writer.
    team.carol(&["get", DB])
        .stdout(format!("{DB_VALUE}\n"))
        .run();
    team.carol(&["env", DB])
        .stdout(format!("export DB='{DB_VALUE}'\n"))
        .run();
}

#[test]
fn a_read_member_cannot_write_exit_11_and_the_vault_is_unchanged_issue_13() {
    let team = Team::new();
    let new = "project/atlas/secret/Custom/new";
    let cases: Vec<Vec<&str>> = vec![
        vec!["add", new],
        vec!["add", "--force", DB],
        vec!["rotate", DB],
        vec!["rollback", DB, "--to", "1"],
        vec!["rm", DB],
        vec!["mv", DB, "project/atlas/secret/Custom/db2"],
        vec!["grant", "carol", "project/atlas", "owner"],
        vec!["revoke", "carol", "project/atlas"],
    ];
    for args in &cases {
        team.bob(args)
            .stdin("bob-was-here")
            .status(11)
            .stderr_has("not permitted by your grants on")
            .vault_unchanged()
            .run();
    }
    assert_eq!(team.env.get(DB), DB_VALUE);
}

// ---------------------------------------------------------------------------
// No grant: the scope does not exist
// ---------------------------------------------------------------------------

/// stderr with `from` replaced by `to`, to compare two errors.
fn swap(run: &Run, from: &str, to: &str) -> String {
    run.stderr.replace(from, to)
}

#[test]
fn a_scope_without_a_grant_does_not_exist_for_the_member_issue_13() {
    let team = Team::new();
    let env = &team.env;
    let nosuch = "project/nosuch/secret/Custom/x";
    // get, history, rotate, rm, mv, env: exactly as for a missing secret.
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["get", HIDDEN], vec!["get", nosuch]),
        (
            vec!["get", "--format", "json", HIDDEN],
            vec!["get", "--format", "json", nosuch],
        ),
        (vec!["history", HIDDEN], vec!["history", nosuch]),
        (vec!["rotate", HIDDEN], vec!["rotate", nosuch]),
        (vec!["rm", HIDDEN], vec!["rm", nosuch]),
        (
            vec!["mv", HIDDEN, "project/atlas/secret/Custom/moved"],
            vec!["mv", nosuch, "project/atlas/secret/Custom/moved"],
        ),
        (vec!["env", "project/hidden"], vec!["env", "project/nosuch"]),
        (
            vec!["access", "project/hidden"],
            vec!["access", "project/nosuch"],
        ),
        (
            vec!["grant", "bob", "project/hidden", "read"],
            vec!["grant", "bob", "project/nosuch", "read"],
        ),
    ];
    for (hidden, missing) in &cases {
        let a = team
            .carol(hidden)
            .stdin("v")
            .status(3)
            .never_shows(HIDDEN_VALUE)
            .vault_unchanged()
            .run();
        let b = team.carol(missing).stdin("v").status(3).run();
        assert_eq!(
            swap(&a, "project/hidden", "project/nosuch"),
            b.stderr,
            "{hidden:?} and {missing:?} differ"
        );
    }
    // Listings, access, info, audit, verify, member list, completion: no
    // trace of project/hidden, not even its owner id or a count.
    let hidden_word = "hidden";
    let show_nothing: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--format", "json"],
        vec!["list", "--decrypt", "--format", "json"],
        vec!["list", "project/hidden", "--format", "json"],
        vec!["access"],
        vec!["access", "--format", "json"],
        vec!["info", "--format", "json"],
        vec!["verify", "--format", "json"],
        vec!["member", "list", "--format", "json"],
        vec!["whoami", "--format", "json"],
        vec!["export", "--format", "json"],
    ];
    for args in &show_nothing {
        team.carol(args).never_shows(hidden_word).run();
    }
    team.carol(&["list", "project/hidden", "--format", "json"])
        .stdout("[]\n")
        .run();
    let info = team.carol(&["info", "--format", "json"]).run().json();
    assert_eq!(info["secrets"], 2, "{info}");
    let info = env.ok(&["info", "--format", "json"]).json();
    assert_eq!(info["secrets"], 3, "alice sees all three: {info}");
    // alice's grant count as carol sees it: only project/atlas.
    let members = team
        .carol(&["member", "list", "--format", "json"])
        .run()
        .json();
    assert_eq!(
        members[0]["grants"],
        json!([{"scope": "project/atlas", "role": "owner"}])
    );
    let run = team.carol(&["member", "list"]).run();
    assert!(
        run.stdout.lines().any(
            |l| l.split_whitespace().collect::<Vec<_>>() == ["alice", "yes", "passphrase", "1"]
        ),
        "{run:#?}"
    );
    // audit: alice's lists the expired hidden secret (exit 10); carol's
    // does not know it.
    let run = env.run(&["audit"]);
    assert!(run.code == 10 && run.stdout.contains(HIDDEN), "{run:#?}");
    team.carol(&["audit"]).never_shows(hidden_word).run();
    team.carol(&["audit", "--format", "json"])
        .stdout("[]\n")
        .run();
    // Completion, through carol's session.
    let token = team.carol(&["unlock", "--raw"]).run().stdout;
    let token = token.trim_end();
    for word in ["", "project/", "project/h"] {
        let run = team
            .env
            .test(&["__complete", word])
            .env_remove("SESAME_PASSPHRASE")
            .env("SESAME_SESSION", token)
            .without_terminal()
            .never_shows(hidden_word)
            .run();
        if word == "project/" {
            assert_eq!(run.stdout, "project/atlas/\n", "{run:#?}");
        }
    }
    // alice's session completes it: the check above can fail.
    let token = env.ok(&["unlock", "--raw"]).stdout;
    env.test(&["__complete", "project/h"])
        .env_remove("SESAME_PASSPHRASE")
        .env("SESAME_SESSION", token.trim_end())
        .stdout("project/hidden/\n")
        .run();
}

// ---------------------------------------------------------------------------
// Grants: revoke, member rm, creating a scope, bad input
// ---------------------------------------------------------------------------

#[test]
fn revoke_and_member_rm_list_the_ids_whose_values_were_readable_issue_13() {
    let team = Team::new();
    let env = &team.env;
    let run = env.ok(&["revoke", "carol", "project/atlas"]);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "revoked carol's grant on project/atlas; the scope has new keys",
            "carol could read the values of 2 secrets:",
            &format!("  {S3}"),
            &format!("  {DB}"),
        ],
        "{run:#?}"
    );
    assert!(lines[4].starts_with("hint: change those values at their source"));
    env.ok(&["grant", "carol", "project/atlas", "write"]);
    let run = env.ok(&["revoke", "carol", "project/atlas", "--format", "json"]);
    assert_eq!(run.json(), json!({"member": "carol", "readable": [S3, DB]}));
    // A read member could read no value: nothing to change.
    let run = env.ok(&["revoke", "bob", "project/atlas", "--format", "json"]);
    assert_eq!(run.json(), json!({"member": "bob", "readable": []}));
    let run = env.ok(&["revoke", "bob", "project/atlas"]);
    assert!(!run.stderr.contains("could read"), "{run:#?}");
    // member rm, both ways.
    env.ok(&["grant", "carol", "project/atlas", "write"]);
    env.add(BETA, BETA_VALUE);
    env.ok(&["grant", "carol", "project/beta", "read"]);
    let run = env.ok(&["member", "rm", "carol"]);
    assert!(
        run.stderr.contains(&format!(
            "carol could read the values of 2 secrets:\n  {S3}\n  {DB}\n"
        )),
        "{run:#?}"
    );
    assert!(
        !run.stderr.contains(BETA),
        "a read grant exposed no value: {run:#?}"
    );
    env.ok(&[
        "member",
        "add",
        "carol",
        "--recipient",
        team.carol.with_extension("pub").to_str().unwrap(),
    ]);
    env.ok(&["grant", "carol", "project/beta", "owner"]);
    let run = env.ok(&["member", "rm", "carol", "--format", "json"]);
    assert_eq!(run.json(), json!({"member": "carol", "readable": [BETA]}));
}

#[test]
fn downgrading_write_to_read_keeps_the_listing_takes_the_values_and_moves_the_scope_on_issue_13() {
    let team = Team::new();
    let env = &team.env;
    let before = team.engine(&team.carol).held_keys();
    assert!(before.iter().all(|k| k.keys.values.is_some()));
    // Like revoke, it lists the IDs whose values she could read.
    let run = env.ok(&["grant", "carol", "project/atlas", "read"]);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(&format!(
            "granted carol read on project/atlas\ncarol could read the values of 2 secrets:\n  {S3}\n  {DB}\nhint: change those values at their source"
        )),
        "{run:#?}"
    );
    assert_eq!(
        env.ok(&["access", "project/atlas", "--format", "json"])
            .json(),
        json!([
            {"scope": "project/atlas", "member": "alice", "role": "owner"},
            {"scope": "project/atlas", "member": "bob", "role": "read"},
            {"scope": "project/atlas", "member": "carol", "role": "read"},
        ])
    );
    team.carol(&["whoami"])
        .stdout_has("grants:      project/atlas=read\n")
        .run();
    team.carol(&["list", "--format", "ids"])
        .stdout(format!("{S3}\n{DB}\n"))
        .run();
    // She kept the old values key, yet reads no value: the role decides.
    team.carol(&["get", DB])
        .status(11)
        .never_shows(DB_VALUE)
        .run();
    team.carol(&["rotate", DB])
        .stdin("x")
        .status(11)
        .vault_unchanged()
        .run();
    // The scope moved to a new epoch, of which she holds the names key.
    let carol = team.engine(&team.carol);
    let current: Vec<_> = carol
        .held_keys()
        .into_iter()
        .filter(|k| k.current)
        .collect();
    assert_eq!(current.len(), 1);
    assert!(current[0].epoch > before.iter().map(|k| k.epoch).max().unwrap());
    assert!(
        current[0].keys.values.is_none(),
        "a read grant holds no values key"
    );
    // What is written now, she cannot open even with every key she holds.
    env.run_stdin(&["rotate", DB], "after-downgrade").success();
    let alice = engine_of_passphrase(env);
    let newest = alice
        .sealed_parts()
        .into_iter()
        .filter(|p| p.kind == sesame::vault::v2::engine::part::VALUE)
        .max_by_key(|p| p.epoch)
        .unwrap();
    for k in team.engine(&team.carol).held_keys() {
        assert!(k.keys.open_value(&newest.aad, &newest.bytes).is_none());
    }
    // --format json: the same list on stdout; nothing when nothing was
    // readable (read to read, write to owner).
    env.ok(&["grant", "carol", "project/atlas", "write"]);
    let run = env.ok(&[
        "grant",
        "carol",
        "project/atlas",
        "read",
        "--format",
        "json",
    ]);
    assert_eq!(run.json(), json!({"member": "carol", "readable": [S3, DB]}));
    let run = env.ok(&["grant", "bob", "project/atlas", "read", "--format", "json"]);
    assert_eq!(run.json(), json!({"member": "bob", "readable": []}));
    let run = env.ok(&["grant", "bob", "project/atlas", "read"]);
    assert!(!run.stderr.contains("could read"), "{run:#?}");
    // `*`: revoking it lists what only `*` let her read.
    env.ok(&["grant", "carol", "project/atlas", "write"]);
    env.ok(&["grant", "carol", "*", "write"]);
    team.carol(&["get", HIDDEN])
        .stdout(format!("{HIDDEN_VALUE}\n"))
        .run();
    let run = env.ok(&["revoke", "carol", "*", "--format", "json"]);
    assert_eq!(run.json(), json!({"member": "carol", "readable": [HIDDEN]}));
    team.carol(&["get", HIDDEN]).status(3).run();
    team.carol(&["get", DB]).stdout("after-downgrade\n").run();
}

#[test]
fn a_revoked_member_no_longer_sees_the_scope_issue_13() {
    let team = Team::new();
    team.env.ok(&["revoke", "carol", "project/atlas"]);
    team.carol(&["get", DB])
        .status(3)
        .never_shows(DB_VALUE)
        .run();
    team.carol(&["list", "--format", "ids"]).stdout("").run();
}

#[test]
fn a_former_vault_owner_no_longer_sees_the_scopes_ownership_gave_issue_13() {
    let team = Team::new();
    let env = &team.env;
    env.ok(&["owner", "add", "bob"]);
    team.bob(&["get", HIDDEN])
        .stdout(format!("{HIDDEN_VALUE}\n"))
        .run();
    env.ok(&["owner", "rm", "bob"]);
    team.bob(&["get", HIDDEN])
        .status(3)
        .never_shows(HIDDEN_VALUE)
        .run();
    team.bob(&["list", "--format", "ids"])
        .stdout(format!("{S3}\n{DB}\n"))
        .run();
    // project/atlas, where his own read grant remains: no value, though
    // he held its values key as a vault owner.
    team.bob(&["get", DB])
        .status(11)
        .never_shows(DB_VALUE)
        .run();
    env.ok(&["grant", "bob", "*", "write"]);
    team.bob(&["get", HIDDEN])
        .stdout(format!("{HIDDEN_VALUE}\n"))
        .run();
    env.ok(&["revoke", "bob", "*"]);
    team.bob(&["get", HIDDEN]).status(3).run();
}

#[test]
fn granting_on_an_owner_without_a_scope_creates_it_for_a_vault_owner_and_is_exit_3_for_others_issue_13()
 {
    let team = Team::new();
    let env = &team.env;
    env.ok(&["grant", "bob", "project/fresh", "write"]);
    assert_eq!(
        env.ok(&["access", "project/fresh", "--format", "json"])
            .json(),
        json!([
            {"scope": "project/fresh", "member": "alice", "role": "owner"},
            {"scope": "project/fresh", "member": "bob", "role": "write"},
        ])
    );
    // bob can use it at once, and alice reads what he writes.
    team.bob(&["add", "project/fresh/secret/Custom/k"])
        .stdin("bobs-value")
        .run();
    assert_eq!(env.get("project/fresh/secret/Custom/k"), "bobs-value");
    // carol owns project/atlas but is no vault owner: a grant on it works,
    // one on an owner without a scope is exit 3, as for an unknown scope.
    env.ok(&["grant", "carol", "project/atlas", "owner"]);
    team.carol(&["grant", "bob", "project/atlas", "write"])
        .run();
    team.bob(&["get", DB]).stdout(format!("{DB_VALUE}\n")).run();
    team.carol(&["grant", "bob", "project/other", "read"])
        .status(3)
        .stderr_has("project/other")
        .vault_unchanged()
        .run();
    team.bob(&["grant", "carol", "project/newer", "read"])
        .status(3)
        .vault_unchanged()
        .run();
}

#[test]
fn bad_input_names_what_is_wrong_with_a_distinct_exit_code_and_writes_nothing_issue_13() {
    let team = Team::new();
    let env = &team.env;
    let (_, good) = age_key(env, "good.age");
    let unknown: Vec<Vec<&str>> = vec![
        vec!["grant", "nobody", "project/atlas", "read"],
        vec!["revoke", "nobody", "project/atlas"],
        vec!["member", "rm", "nobody"],
        vec!["owner", "add", "nobody"],
        vec!["owner", "rm", "nobody"],
        vec!["grant", "nobody", "*", "read"],
    ];
    for args in &unknown {
        env.test(args)
            .status(3)
            .stderr_has("no member called \"nobody\"")
            .vault_unchanged()
            .run();
    }
    let malformed: Vec<(&str, &str)> = vec![
        ("age1notarecipient", "expected age1"),
        ("ssh-rsa AAAAB3NzaC1yc2E", "ssh-ed25519"),
        (
            "hello",
            "expected an age recipient (age1…) or an ssh public key line",
        ),
    ];
    for (recipient, expected) in malformed {
        env.test(&["member", "add", "dave", "--recipient", recipient])
            .status(2)
            .stderr_has("not a recipient")
            .stderr_has(expected)
            .vault_unchanged()
            .run();
    }
    env.test(&["member", "add", "bad name", "--recipient", &good])
        .status(2)
        .vault_unchanged()
        .run();
    // The last vault owner stays one, and stays a member.
    env.test(&["owner", "rm", "alice"])
        .status(4)
        .stderr_has("at least one vault owner")
        .vault_unchanged()
        .run();
    env.test(&["member", "rm", "alice"])
        .status(4)
        .stderr_has("at least one vault owner")
        .vault_unchanged()
        .run();
    // With a second vault owner, the first may go.
    env.ok(&["owner", "add", "carol"]);
    team.carol(&["owner", "rm", "alice"]).run();
    team.carol(&["owner", "rm", "carol"])
        .status(4)
        .vault_unchanged()
        .run();
    // Unknown role, malformed scope.
    env.test(&["grant", "bob", "project/atlas", "admin"])
        .status(2)
        .stderr_has("admin")
        .vault_unchanged()
        .run();
    team.carol(&["grant", "bob", "atlas", "read"])
        .status(2)
        .vault_unchanged()
        .run();
}

// ---------------------------------------------------------------------------
// Removal: new keys; old sessions die; the rest read every old version
// ---------------------------------------------------------------------------

#[test]
fn after_member_rm_the_removed_member_opens_nothing_new_and_the_rest_read_every_old_version_issue_13()
 {
    let team = Team::new();
    let env = &team.env;
    env.ok(&["grant", "bob", "project/atlas", "write"]);
    for v in 2..=3 {
        env.run_stdin(&["rotate", DB], format!("db-v{v}")).success();
    }
    team.bob(&["get", DB]).stdout("db-v3\n").run();
    let token = team.bob(&["unlock", "--raw"]).run().stdout;
    let token = token.trim_end().to_string();
    let session = |args: &[&str]| {
        env.test(args)
            .env_remove("SESAME_PASSPHRASE")
            .env("SESAME_SESSION", &token)
            .without_terminal()
    };
    session(&["get", DB]).stdout("db-v3\n").run();
    // What bob holds before: his keys, as he could keep them.
    let before = env.vault_bytes();
    let mut bob = engine_of(&before, &team.bob);

    env.ok(&["member", "rm", "bob"]);
    env.run_stdin(&["rotate", DB], "after-removal").success();
    env.add("project/atlas/secret/Custom/later", "later-value");

    team.bob(&["get", DB])
        .status(5)
        .never_shows("after-removal")
        .run();
    session(&["get", DB])
        .status(5)
        .stderr_has("removed")
        .never_shows("after-removal")
        .run();
    session(&["list"]).status(5).run();

    // His keys on the new file: no current key of any scope, and no part
    // written after his removal opens.
    let after = env.vault_bytes();
    let alice = engine_of_passphrase(env);
    bob.read_later_copy(Image::decode(&after).unwrap()).unwrap();
    let held = bob.held_keys();
    let current_tags: BTreeSet<[u8; 16]> = alice
        .held_keys()
        .iter()
        .filter(|k| k.current)
        .map(|k| k.keys.tag())
        .collect();
    assert!(
        held.iter().all(|k| !current_tags.contains(&k.keys.tag())),
        "bob holds a current scope key after his removal"
    );
    let old_records: BTreeSet<[u8; 32]> = Image::decode(&before)
        .unwrap()
        .records
        .values()
        .map(|r| r.id())
        .collect();
    let new_parts: Vec<_> = alice
        .sealed_parts()
        .into_iter()
        .filter(|p| !old_records.contains(&p.record))
        .collect();
    assert!(
        new_parts
            .iter()
            .filter(|p| p.kind == sesame::vault::v2::engine::part::VALUE)
            .count()
            >= 2,
        "the writes after the removal made value parts"
    );
    for part in &new_parts {
        for k in &held {
            assert!(k.keys.open_names(&part.aad, &part.bytes).is_none());
            assert!(k.keys.open_value(&part.aad, &part.bytes).is_none());
        }
    }
    // carol reads every version, old and new.
    for (n, value) in [
        (1, DB_VALUE),
        (2, "db-v2"),
        (3, "db-v3"),
        (4, "after-removal"),
    ] {
        team.carol(&["get", "-n", "--version", &n.to_string(), DB])
            .stdout(value)
            .run();
    }
    let history = team
        .carol(&["history", DB, "--decrypt", "--format", "json"])
        .run()
        .json();
    assert_eq!(history.as_array().unwrap().len(), 4, "{history}");
    team.carol(&["get", "project/atlas/secret/Custom/later"])
        .stdout("later-value\n")
        .run();
}

/// alice's engine, through her passphrase slot.
fn engine_of_passphrase(env: &Env) -> Engine {
    let bytes = env.vault_bytes();
    let image = Image::decode(&bytes).expect("a format-2 vault");
    let identity = sesame::vault::v2::keys::PassphraseIdentity(SecretString::new(
        crate::support::PASSPHRASE.into(),
    ));
    let (member, uk) =
        sesame::vault::v2::engine::unlock(&image, &identity, Some("alice"), None).expect("alice");
    Engine::open(image, member, uk, [7; 16], 10).expect("open as alice")
}

#[test]
fn concurrent_grant_and_member_rm_lose_nothing_and_leave_no_scope_on_the_removed_members_keys_issue_13()
 {
    for round in 0..3 {
        let team = Team::new();
        let env = &team.env;
        env.add(BETA, BETA_VALUE);
        env.ok(&["grant", "bob", "project/atlas", "write"]);
        let before = env.vault_bytes();
        let mut bob = engine_of(&before, &team.bob);
        let commands: Vec<Vec<&str>> = vec![
            vec!["member", "rm", "bob"],
            vec!["grant", "carol", "project/beta", "write"],
            vec!["grant", "bob", "project/beta", "read"],
            vec!["grant", "bob", "project/fresh", "write"],
        ];
        let runs: Vec<Run> = std::thread::scope(|s| {
            let handles: Vec<_> = commands
                .iter()
                .map(|args| {
                    s.spawn(move || {
                        let mut cmd = env.cmd(args);
                        cmd.env("SESAME_LOCK_TIMEOUT", "60");
                        output(cmd)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(runs[0].code, 0, "round {round}: {:#?}", runs[0]);
        assert_eq!(runs[1].code, 0, "round {round}: {:#?}", runs[1]);
        for run in &runs[2..] {
            // Before the removal it worked; after it, bob is unknown.
            assert!(
                run.code == 0 || (run.code == 3 && run.stderr.contains("no member called")),
                "round {round}: {run:#?}"
            );
        }
        // Nothing lost: bob is gone, carol's grant is there.
        let names: Vec<String> = env
            .ok(&["member", "list", "--format", "json"])
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["alice", "carol"], "round {round}");
        team.carol(&["get", BETA])
            .stdout(format!("{BETA_VALUE}\n"))
            .run();
        team.carol(&["get", DB])
            .stdout(format!("{DB_VALUE}\n"))
            .run();
        // No scope is left on keys bob holds, whatever order the writes
        // took: his keys read the final file and hold no current key.
        let alice = engine_of_passphrase(env);
        bob.read_later_copy(Image::decode(&env.vault_bytes()).unwrap())
            .unwrap();
        let current: BTreeSet<[u8; 16]> = alice
            .held_keys()
            .iter()
            .filter(|k| k.current)
            .map(|k| k.keys.tag())
            .collect();
        let leaked: Vec<String> = bob
            .held_keys()
            .iter()
            .filter(|k| current.contains(&k.keys.tag()))
            .map(|k| k.owner.to_string())
            .collect();
        assert!(
            leaked.is_empty(),
            "round {round}: bob holds current keys of {leaked:?}"
        );
        // And a write now goes under keys bob does not hold.
        env.run_stdin(&["rotate", BETA], "beta-2").success();
        bob.read_later_copy(Image::decode(&env.vault_bytes()).unwrap())
            .unwrap();
        let alice = engine_of_passphrase(env);
        let newest = alice
            .sealed_parts()
            .into_iter()
            .filter(|p| {
                p.kind == sesame::vault::v2::engine::part::VALUE
                    && p.owner.to_string() == "project/beta"
            })
            .max_by_key(|p| p.epoch)
            .unwrap();
        for k in bob.held_keys() {
            assert!(k.keys.open_value(&newest.aad, &newest.bytes).is_none());
        }
    }
}

// ---------------------------------------------------------------------------
// Cryptographic, not a CLI check (through the library's test hooks)
// ---------------------------------------------------------------------------

#[test]
fn a_read_members_keys_open_no_value_and_a_member_without_a_grant_opens_no_metadata_issue_13() {
    use sesame::vault::v2::engine::part;
    let team = Team::new();
    let env = &team.env;
    env.run_stdin(&["rotate", DB], "db-v2").success();
    // A rotation of the scope's keys, so the read member holds two epochs.
    env.ok(&["revoke", "carol", "project/atlas"]);
    env.run_stdin(&["rotate", DB], "db-v3").success();
    let alice = engine_of_passphrase(env);
    let sealed = alice.sealed_parts();
    let image = Image::decode(&env.vault_bytes()).unwrap();
    // alice (a vault owner) holds every scope: her list covers every value
    // part of the file.
    let value_parts = image
        .records
        .values()
        .flat_map(|r| r.parts.iter().enumerate().map(move |(i, p)| (r, i, p)))
        .filter(|(r, i, p)| p.kind == part::VALUE && r.part(*i).is_some())
        .count();
    let values: Vec<_> = sealed.iter().filter(|p| p.kind == part::VALUE).collect();
    assert_eq!(
        values.len(),
        value_parts,
        "every value part is accounted for"
    );
    assert!(values.len() >= 5);
    // Control: alice's keys open every one of them, with the AAD given.
    let alice_keys = alice.held_keys();
    for p in &values {
        assert!(
            alice_keys
                .iter()
                .any(|k| k.scope == p.scope && k.keys.open_value(&p.aad, &p.bytes).is_some()),
            "alice cannot open a value: the check below would prove nothing"
        );
    }

    // bob (read on project/atlas): names keys only, for both epochs; none
    // of his keys, nor his names keys used as values keys, opens any value.
    let bob = team.engine(&team.bob);
    let held = bob.held_keys();
    assert!(held.len() >= 2, "bob holds the epochs of project/atlas");
    for k in &held {
        assert_eq!(k.owner.to_string(), "project/atlas");
        assert!(k.keys.values.is_none(), "a read grant holds a values key");
    }
    for p in &values {
        for k in &held {
            assert!(k.keys.open_value(&p.aad, &p.bytes).is_none());
            let mut as_values = k.keys.clone();
            as_values.values = Some(k.keys.names.clone());
            assert!(as_values.open_value(&p.aad, &p.bytes).is_none());
            assert!(k.keys.open_names(&p.aad, &p.bytes).is_none());
        }
    }
    // ... while his names keys do open project/atlas's metadata (list).
    assert!(sealed.iter().any(|p| {
        p.kind == part::OPS
            && p.owner.to_string() == "project/atlas"
            && held
                .iter()
                .any(|k| k.keys.open_names(&p.aad, &p.bytes).is_some())
    }));

    // carol (no grant left on anything, and never on project/hidden):
    // no key of project/hidden, and none of hers opens any of its parts.
    let carol = team.engine(&team.carol);
    let carol_keys = carol.held_keys();
    assert!(
        carol_keys
            .iter()
            .all(|k| k.owner.to_string() != "project/hidden")
    );
    let hidden: Vec<_> = sealed
        .iter()
        .filter(|p| p.owner.to_string() == "project/hidden")
        .collect();
    assert!(hidden.iter().any(|p| p.kind == part::OPS));
    assert!(hidden.iter().any(|p| p.kind == part::VALUE));
    for p in &hidden {
        for k in carol_keys.iter().chain(held.iter()) {
            assert!(k.keys.open_names(&p.aad, &p.bytes).is_none());
            assert!(k.keys.open_value(&p.aad, &p.bytes).is_none());
        }
    }
}

/// bob, a read member, writes a new value of DB with his own keys
/// (through the library, past the CLI's checks) into the team's vault.
fn bob_writes_with_his_own_keys(team: &Team) {
    let mut bob = team.engine(&team.bob);
    bob.write_version_unchecked(&id(DB), &variable("forged-by-bob"))
        .expect("the hook writes");
    assert!(bob.commit().unwrap());
    std::fs::write(team.env.vault_path(), bob.image().encode()).unwrap();
}

#[test]
fn a_read_member_who_writes_with_their_own_keys_is_quarantined_and_verify_names_them_issue_13() {
    let team = Team::new();
    let env = &team.env;
    bob_writes_with_his_own_keys(&team);

    // Everyone else still sees the old value, as current.
    env.test(&["get", DB])
        .stdout(format!("{DB_VALUE}\n"))
        .never_shows("forged")
        .run();
    team.carol(&["get", DB])
        .stdout(format!("{DB_VALUE}\n"))
        .run();
    let history = env.ok(&["history", DB, "--format", "json"]).json();
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
    // verify: exit 6, naming the author.
    let run = env.run(&["verify"]).never_shows("forged");
    assert_eq!(run.code, 6, "{run:#?}");
    assert!(
        run.stdout.contains("project/atlas")
            && run.stdout.contains("a change by bob at ")
            && run.stdout.contains("is set aside"),
        "{run:#?}"
    );
    // verify prints its summary on stdout even when it fails: as carol.
    let mut cmd = env.cmd(&["verify", "--format", "json"]);
    cmd.env("SESAME_IDENTITY", &team.carol)
        .env_remove("SESAME_PASSPHRASE");
    let run = output(cmd);
    assert_eq!(run.code, 6, "{run:#?}");
    assert!(run.stdout.contains("a change by bob at "), "{run:#?}");
    // Writes by those who may still work on top of it.
    team.carol(&["rotate", DB]).stdin("carol-v2").run();
    env.test(&["get", DB]).stdout("carol-v2\n").run();
}

/// `verify --purge` (teams-sync.md): a vault owner ends what is set aside
/// in the scopes they own; then `verify` is clean, everyone still reads
/// the old value, and nobody else may purge.
#[test]
fn verify_purge_ends_what_is_set_aside_and_only_a_vault_owner_may_run_it_issue_13() {
    let team = Team::new();
    let env = &team.env;
    bob_writes_with_his_own_keys(&team);
    let forged = env.vault_bytes();
    assert_eq!(env.run(&["verify"]).code, 6);

    // carol writes project/atlas but is no vault owner; bob reads it.
    team.carol(&["verify", "--purge"])
        .status(11)
        .vault_unchanged()
        .run();
    team.bob(&["verify", "--purge"])
        .status(11)
        .vault_unchanged()
        .run();

    let run = env.run(&["verify", "--purge"]).never_shows("forged");
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stderr
            .contains("purged 1 change set aside in project/atlas"),
        "{run:#?}"
    );
    assert!(!run.stdout.contains("set aside"), "{run:#?}");
    env.ok(&["verify"]);
    team.carol(&["verify"]).run();
    env.test(&["get", DB]).stdout(format!("{DB_VALUE}\n")).run();
    // The purge is a write (a signed record others merge like any other);
    // a second one finds nothing left.
    assert_ne!(env.vault_bytes(), forged);
    let again = env.run(&["verify", "--purge"]);
    assert_eq!(again.code, 0, "{again:#?}");
    assert!(again.stderr.contains("nothing set aside"), "{again:#?}");

    // Format 1 has no members: a usage error naming the upgrade.
    let v1 = Env::init_v1();
    v1.test(&["verify", "--purge"])
        .status(2)
        .stderr_has("sesame upgrade")
        .run();
}

#[test]
fn a_removed_members_write_made_concurrently_with_the_removal_is_set_aside_issue_13() {
    let team = Team::new();
    let env = &team.env;
    // carol writes project/atlas. Her copy, from before her removal:
    let before = env.vault_bytes();
    let mut carol = engine_of(&before, &team.carol);
    env.ok(&["member", "rm", "carol"]);
    env.run_stdin(&["rotate", DB], "after-removal").success();
    // Meanwhile, on her copy, she writes with the keys she holds, and the
    // two copies meet through the keyless merge (as git would run it).
    carol
        .write_version_unchecked(&id(DB), &variable("from-removed-carol"))
        .unwrap();
    assert!(carol.commit().unwrap());
    let base = env.write_file("base.sesame", &before);
    let theirs = env.write_file("theirs.sesame", carol.image().encode());
    env.test(&["merge"])
        .arg(&base)
        .arg(env.vault_path())
        .arg(&theirs)
        .env_remove("SESAME_PASSPHRASE")
        .run();
    env.test(&["get", DB])
        .stdout("after-removal\n")
        .never_shows("from-removed-carol")
        .run();
    team.bob(&["history", DB, "--format", "json"])
        .never_shows("from-removed-carol")
        .run();
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 6, "{run:#?}");
    assert!(run.stdout.contains("a change by carol at "), "{run:#?}");
    assert!(!run.stdout.contains("from-removed-carol"));
}

/// `member slot rm` takes the fingerprint `whoami` shows or its start; for
/// a passphrase slot (`passphrase 978a1b2c`) the hex alone or its start.
#[test]
fn a_passphrase_slot_is_removed_by_the_start_of_its_hex_issue_13() {
    let env = Env::new();
    let mut init = vec!["init", "--member", "alice"];
    init.extend(FAST_KDF);
    env.ok(&init);
    let slots = |env: &Env| -> Vec<String> {
        env.ok(&["whoami", "--format", "json"]).json()["slots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let original = slots(&env);
    let second = env.root().join("second-pass");
    std::fs::write(&second, "a second passphrase\n").unwrap();
    crate::support::set_mode(&second, 0o600);
    env.ok(&[
        "member",
        "slot",
        "add",
        "--passphrase",
        "--new-passphrase-file",
        second.to_str().unwrap(),
    ]);
    let both = slots(&env);
    assert_eq!(both.len(), 2, "{both:?}");
    // The new slot, by the first four hex digits of its fingerprint.
    let added = both.iter().find(|f| !original.contains(f)).unwrap();
    let short = &added["passphrase ".len()..][..4];
    if original[0].starts_with(&format!("passphrase {short}")) {
        return; // the two ids share four hex digits: 1 in 65,536
    }
    env.test(&["member", "slot", "rm", ""])
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["member", "slot", "rm", short])
        .stderr_has("removed slot")
        .run();
    assert_eq!(slots(&env), original);
}
