//! Issue 11, items 8–10: what the outside review did to unlocking.
//!
//! - `lock` without a way to prove the passphrase must not claim to have
//!   ended sessions it cannot end; at a terminal it asks.
//! - `passwd` ends every session; `passwd --rekey` replaces the master key.
//! - Header fields used before authentication: KDF parameters that grew,
//!   too many passphrase slots, a bumped session epoch.
//!
//! Prompts are driven through a pseudo-terminal made by `script(1)` (from
//! util-linux), so sesame sees a real controlling terminal.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use sesame::secret::Key;
use sesame::vault::crypto;
use sesame::vault::format::{Header, Slot};

use crate::sessions::{files_in, session_cmd, session_run, sessions_dir, token, token_with};
use crate::support::{Env, PASSPHRASE, Run, output, set_mode, without_terminal};
use crate::tty::Tty;

const ID: &str = "project/atlas/secret/Custom/db-password";
const VALUE: &str = "s3cur1ty-db-pa55word";
const TOKEN_PREFIX: &str = "sesame-session-v1.";

fn vault_with_secret() -> Env {
    vault_with_secret_in(Env::init())
}

fn vault_with_secret_in(env: Env) -> Env {
    env.add(ID, VALUE);
    env
}

/// The one session file in the sessions directory.
fn the_session_file(env: &Env) -> PathBuf {
    let files = files_in(&sessions_dir(env));
    assert_eq!(files.len(), 1, "expected one session file: {files:?}");
    files.into_iter().next().expect("one file")
}

fn restore(path: &Path, content: &[u8]) {
    std::fs::write(path, content).expect("restore session file");
    set_mode(path, 0o600);
}

/// Asserts a refusal with `code` that printed no data (a warning may
/// come before the error line).
fn refused(run: Run, code: i32) -> Run {
    assert_eq!(run.code, code, "expected exit {code}: {run:#?}");
    assert!(run.stdout.is_empty(), "a refusal printed data: {run:#?}");
    assert!(run.stderr.contains("sesame: error: "), "{run:#?}");
    run
}

/// A command with no passphrase source and no terminal.
fn bare(env: &Env, args: &[&str]) -> Command {
    let mut cmd = env.cmd(args);
    cmd.env_remove("SESAME_PASSPHRASE");
    without_terminal(&mut cmd);
    cmd
}

/// The header of the vault in `env`, and its length.
fn header(env: &Env) -> (Header, usize) {
    let bytes = env.vault_bytes();
    let len = Header::peek_len(&bytes).expect("header length");
    (Header::decode(&bytes[..len]).expect("header"), len)
}

/// Rewrites the header as a writer of the file could (the checksum is
/// recomputed; nothing else in the file changes).
fn rewrite_header(env: &Env, change: impl FnOnce(&mut Header)) {
    let mut bytes = env.vault_bytes();
    let (mut header, len) = header(env);
    change(&mut header);
    let encoded = header.encode();
    if encoded.len() == len {
        bytes[..len].copy_from_slice(&encoded);
    } else {
        // A longer header: the rest follows it, padded to the 4 KiB the
        // format requires, so that only the header is out of place.
        let mut out = encoded;
        out.extend_from_slice(&bytes[len..]);
        out.resize(out.len().div_ceil(4096) * 4096, 0);
        bytes = out;
    }
    std::fs::write(env.vault_path(), bytes).expect("write vault");
}

fn set_kdf(env: &Env, memory_mib: u32, iterations: u32) {
    rewrite_header(env, |h| {
        for slot in &mut h.slots {
            if let Slot::Passphrase { kdf, .. } = slot {
                kdf.memory_mib = memory_mib;
                kdf.iterations = iterations;
            }
        }
    });
}

/// A `SESAME_PASSPHRASE_COMMAND` that leaves a marker when it is run.
fn marking_passphrase_command(env: &Env) -> (PathBuf, PathBuf) {
    let marker = env.root().join("asked");
    let script = env.write_file(
        "pass.sh",
        format!(
            "#!/bin/sh\ntouch '{}'\necho '{PASSPHRASE}'\n",
            marker.display()
        ),
    );
    set_mode(&script, 0o755);
    (script, marker)
}

// ---- item 8: lock without a way to prove the passphrase ------------------------

#[test]
fn lock_at_a_terminal_asks_for_the_passphrase_and_ends_copied_sessions() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    let mut cmd = env.cmd(&["lock"]);
    cmd.env_remove("SESAME_PASSPHRASE");
    let mut tty = Tty::spawn(&cmd);
    tty.expect("Passphrase");
    tty.send(PASSPHRASE);
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "lock at a terminal failed: {shown:?}");
    assert!(shown.contains("(1 sessions ended)"), "{shown:?}");
    // (Whether the typed passphrase was echoed is not checked: the prompt
    // appears a moment before echo is turned off, and we type on seeing it.)
    assert!(!file.exists(), "lock left the session file");
    // A copy of the file, restored, is dead: the epoch was bumped.
    restore(&file, &saved);
    refused(session_run(&env, &token, &["get", ID]), 5).never_shows(VALUE);
}

#[test]
fn lock_without_any_proof_says_copies_stay_valid_and_exits_0() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    let run = output(bare(&env, &["lock"])).success();
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(
        !run.stderr.contains("sessions ended") && !run.stderr.contains("locked '"),
        "lock claims to have ended sessions it could not end: {run:#?}"
    );
    assert!(
        run.stderr
            .contains("copies of session files (with their tokens) stay valid until they expire"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("deleted 1 session files"), "{run:#?}");
    assert!(!file.exists(), "lock left the session file");
    // What it said is true: a restored copy still works until it expires.
    restore(&file, &saved);
    let run = session_run(&env, &token, &["get", "-n", ID]).success();
    assert_eq!(run.stdout, VALUE);
}

#[test]
fn lock_with_an_expired_session_alone_cannot_prove_the_passphrase() {
    let env = vault_with_secret();
    let expired = token_with(&env, &["--ttl", "1s"]);
    let live = token(&env);
    let live_file = files_in(&sessions_dir(&env))
        .into_iter()
        .map(|f| (std::fs::read(&f).expect("read"), f))
        .collect::<Vec<_>>();
    std::thread::sleep(Duration::from_millis(2100));
    let mut cmd = session_cmd(&env, &expired, &["lock"]);
    cmd.env_remove("SESAME_PASSPHRASE");
    let run = output(cmd).success();
    assert!(
        run.stderr.contains("stay valid until they expire")
            && !run.stderr.contains("sessions ended"),
        "an expired session was taken as proof: {run:#?}"
    );
    // The epoch was not bumped: a restored copy of the live session works.
    for (content, path) in &live_file {
        restore(path, content);
    }
    session_run(&env, &live, &["get", ID]).success();
}

#[test]
fn lock_with_a_wrong_passphrase_exits_5_and_says_the_sessions_were_not_ended() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    let mut cmd = env.cmd(&["lock"]);
    cmd.env("SESAME_PASSPHRASE", "not the passphrase");
    let run = output(cmd)
        .fails(5)
        .stderr_has("copies of their files stay valid until they expire");
    assert!(!run.stderr.contains("sessions ended"), "{run:#?}");
    restore(&file, &saved);
    session_run(&env, &token, &["get", ID]).success();
}

#[test]
fn lock_with_a_passphrase_file_and_no_terminal_ends_copied_sessions() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    let pass = env.write_file("pass", format!("{PASSPHRASE}\n"));
    set_mode(&pass, 0o600);
    let mut cmd = bare(&env, &["lock"]);
    cmd.env("SESAME_PASSPHRASE_FILE", &pass);
    output(cmd).success().stderr_has("(1 sessions ended)");
    restore(&file, &saved);
    refused(session_run(&env, &token, &["get", ID]), 5).never_shows(VALUE);
}

// ---- item 9: passwd ends sessions; passwd --rekey ------------------------------

fn new_pass_file(env: &Env, pass: &str) -> PathBuf {
    let path = env.write_file("new-pass", format!("{pass}\n"));
    set_mode(&path, 0o600);
    path
}

#[test]
fn passwd_ends_every_session_even_restored_copies() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    let new = new_pass_file(&env, "a new passphrase");
    let new = new.to_str().expect("utf-8 path");
    env.ok(&["passwd", "--new-passphrase-file", new])
        .stderr_has("(1 sessions ended)");
    assert!(!file.exists(), "passwd left the session file");
    restore(&file, &saved);
    refused(session_run(&env, &token, &["get", ID]), 5)
        .stderr_has("ended by")
        .never_shows(VALUE);
}

/// The master key that a session token and its file give, as anyone
/// holding both could compute it.
fn master_key_from_session(token: &str, file: &[u8]) -> [u8; 32] {
    let raw = hex_decode(token.strip_prefix(TOKEN_PREFIX).expect("token"));
    let key = Key::from_bytes(raw[32..64].try_into().expect("32 bytes"));
    let (aad, rest) = file.split_at(8 + 16 + 16 + 8 + 8);
    let (nonce, sealed) = rest.split_at(crypto::NONCE_LEN);
    let plain = crypto::open(&key, nonce.try_into().expect("nonce"), aad, sealed)
        .expect("the token opens its session file");
    plain[..].try_into().expect("a 32-byte master key")
}

/// A session file and token made from a master key alone, for the
/// vault's current session epoch: what a leaked key lets anyone do.
fn forge_session(env: &Env, master: &[u8; 32]) -> String {
    let (header, _) = header(env);
    let session_id = [7u8; 16];
    let secret = [9u8; 32];
    let mut aad = b"SSESSv1\n".to_vec();
    aad.extend_from_slice(&header.vault_id);
    aad.extend_from_slice(&session_id);
    aad.extend_from_slice(&header.session_epoch.to_le_bytes());
    let expires = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
        + 600;
    aad.extend_from_slice(&expires.to_le_bytes());
    let (nonce, sealed) = crypto::seal(&Key::from_bytes(secret), &aad, master);
    let mut content = aad;
    content.extend_from_slice(&nonce);
    content.extend_from_slice(&sealed);
    let path = sessions_dir(env).join(format!("{}-{}", hex(&header.vault_id), hex(&session_id)));
    restore(&path, &content);
    format!(
        "{TOKEN_PREFIX}{}{}{}",
        hex(&header.vault_id),
        hex(&session_id),
        hex(&secret)
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_decode(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn passwd_rekey_makes_a_leaked_master_key_useless() {
    for rekey in [false, true] {
        let env = vault_with_secret_in(Env::init_v1());
        let token = token(&env);
        let leaked = master_key_from_session(
            &token,
            &std::fs::read(the_session_file(&env)).expect("read session file"),
        );
        let new = new_pass_file(&env, "a new passphrase");
        let mut args = vec![
            "passwd",
            "--new-passphrase-file",
            new.to_str().expect("utf-8"),
        ];
        if rekey {
            args.push("--rekey");
        }
        env.ok(&args);
        let forged = forge_session(&env, &leaked);
        let run = session_run(&env, &forged, &["get", "-n", ID]);
        if rekey {
            assert_ne!(
                run.code, 0,
                "a leaked master key still opens the vault after --rekey: {run:#?}"
            );
            run.never_shows(VALUE);
        } else {
            // The control: without --rekey the leaked key still works,
            // which is what --rekey is for.
            assert_eq!(run.success().stdout, VALUE);
        }
    }
}

#[test]
fn passwd_rekey_keeps_every_secret_and_version_and_reseals_everything() {
    const S3: &str = "organization/acme/connect/S3/prod";
    let env = vault_with_secret_in(Env::init_v1());
    env.run_stdin(&["rotate", ID], "version-two").success();
    env.run_stdin(
        &["add", S3],
        r#"{"access_key_id":"AKIA1","secret_access_key":"sk-rekey","region":"eu-west-1"}"#,
    )
    .success();
    env.ok(&["get", ID]);
    let run_with = |pass: &str, args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("SESAME_PASSPHRASE", pass);
        output(cmd).success().stdout
    };
    // Values, without the last-read times that reading them changes.
    let values = |pass: &str| {
        let mut list: serde_json::Value =
            serde_json::from_str(&run_with(pass, &["list", "--decrypt", "--format", "json"]))
                .expect("json");
        for item in list.as_array_mut().expect("array") {
            item.as_object_mut().expect("object").remove("last_read");
        }
        (
            list,
            run_with(pass, &["history", ID, "--decrypt", "--format", "json"]),
        )
    };
    let values_before = values(PASSPHRASE);
    // The metadata, last-read times included (no value is read).
    let metadata = |pass: &str| run_with(pass, &["list", "--format", "json"]);
    let metadata_before = metadata(PASSPHRASE);
    assert!(
        metadata_before.matches("\"last_read\": \"20").count() == 2,
        "{metadata_before}"
    );
    let old_bytes = env.vault_bytes();
    let (old_header, old_len) = header(&env);

    let new_pass = "a new passphrase";
    let new = new_pass_file(&env, new_pass);
    env.ok(&[
        "passwd",
        "--rekey",
        "--new-passphrase-file",
        new.to_str().expect("utf-8"),
    ])
    .stderr_has("replaced its master key");

    env.run(&["get", ID]).fails(5).never_shows("version-two");
    // Last-read times survive the new key (the journal is keyed by it).
    assert_eq!(metadata(new_pass), metadata_before);
    assert_eq!(
        values(new_pass),
        values_before,
        "a secret, version or field changed"
    );
    // One slot, a new epoch, and not one sealed byte carried over.
    let (new_header, new_len) = header(&env);
    assert_eq!(new_header.vault_id, old_header.vault_id);
    assert_eq!(new_header.slots.len(), 1);
    assert_eq!(new_header.session_epoch, old_header.session_epoch + 1);
    let new_bytes = env.vault_bytes();
    let old_body = &old_bytes[old_len..];
    for chunk in new_bytes[new_len..].chunks(32) {
        if chunk.iter().all(|b| *b == 0) {
            continue;
        }
        assert!(
            !old_body.windows(chunk.len()).any(|w| w == chunk),
            "sealed bytes survived the rekey"
        );
    }
}

// ---- item 10: header fields used before authentication -------------------------

#[test]
fn kdf_parameters_that_grew_are_refused_without_a_terminal_exit_9() {
    let env = vault_with_secret_in(Env::init_v1());
    set_kdf(&env, 20, 3);
    let (script, marker) = marking_passphrase_command(&env);
    let mut cmd = bare(&env, &["get", ID]);
    cmd.env("SESAME_PASSPHRASE_COMMAND", &script);
    output(cmd)
        .fails(9)
        .stderr_has("grew since it was last opened here, from 19 MiB, 2 iterations, 1 lanes to 20 MiB, 3 iterations, 1 lanes")
        .never_shows(VALUE);
    assert!(
        !marker.exists(),
        "the passphrase was asked for before the check"
    );
    // The passphrase in the environment changes nothing.
    env.run(&["get", ID]).fails(9);
}

#[test]
fn kdf_parameters_that_grew_are_asked_about_at_a_terminal() {
    let env = vault_with_secret_in(Env::init_v1());
    set_kdf(&env, 20, 3);
    // "n": refused, exit 9, nothing derived.
    let mut tty = Tty::spawn(&env.cmd(&["get", ID]));
    tty.expect("[y/N]");
    tty.send("n");
    let (code, shown) = tty.finish();
    assert_eq!(code, 9, "{shown:?}");
    assert!(
        shown.contains("from 19 MiB, 2 iterations, 1 lanes to 20 MiB, 3 iterations, 1 lanes"),
        "{shown:?}"
    );
    // "y": derived; the tampered slot does not open (exit 5).
    let mut tty = Tty::spawn(&env.cmd(&["get", ID]));
    tty.expect("[y/N]");
    tty.send("y");
    let (code, shown) = tty.finish();
    assert_eq!(code, 5, "{shown:?}");
    assert!(!shown.contains(VALUE));
}

#[test]
fn kdf_parameters_that_grew_for_real_are_remembered_once_confirmed() {
    // A vault made with 20 MiB, remembered here as 19 MiB (as after a
    // change of parameters elsewhere).
    let env = Env::new();
    env.ok(&[
        "init",
        "--format-version",
        "1",
        "--kdf-memory",
        "20",
        "--kdf-iterations",
        "2",
        "--kdf-parallelism",
        "1",
    ]);
    env.add(ID, VALUE);
    let (header, _) = header(&env);
    let state = env
        .state_dir()
        .join("sesame")
        .join("seen")
        .join(format!("{}.kdf", hex(&header.vault_id)));
    assert_eq!(
        std::fs::read_to_string(&state).expect("remembered"),
        "20 2 1\n"
    );
    std::fs::write(&state, "19 2 1\n").expect("rewrite state");
    output(bare(&env, &["get", ID])).fails(9);
    let mut tty = Tty::spawn(&env.cmd(&["get", "-n", ID]));
    tty.expect("[y/N]");
    tty.send("yes");
    let (code, shown) = tty.finish();
    assert_eq!(code, 0, "{shown:?}");
    assert!(shown.contains(VALUE), "{shown:?}");
    assert_eq!(
        std::fs::read_to_string(&state).expect("remembered"),
        "20 2 1\n"
    );
    // Remembered: no question any more.
    assert_eq!(env.get(ID), VALUE);
}

#[test]
fn more_than_8_passphrase_slots_are_refused_before_any_derivation_exit_6() {
    let env = vault_with_secret_in(Env::init_v1());
    rewrite_header(&env, |h| {
        let slot = h.slots[0].clone();
        for _ in 0..8 {
            h.slots.insert(0, slot.clone());
        }
    });
    let (script, marker) = marking_passphrase_command(&env);
    let mut cmd = bare(&env, &["get", ID]);
    cmd.env("SESAME_PASSPHRASE_COMMAND", &script);
    output(cmd)
        .fails(6)
        .stderr_has("too many passphrase slots")
        .never_shows(VALUE);
    assert!(
        !marker.exists(),
        "the passphrase was asked for before the check"
    );
}

#[test]
fn a_bumped_session_epoch_in_a_tampered_header_deletes_no_session_file() {
    let env = vault_with_secret_in(Env::init_v1());
    let token = token(&env);
    let file = the_session_file(&env);
    let original = env.vault_bytes();
    rewrite_header(&env, |h| h.session_epoch += 1);
    // With the session alone: refused, the file stays.
    refused(session_run(&env, &token, &["get", ID]), 5);
    assert!(
        file.exists(),
        "an unauthenticated epoch deleted the session file"
    );
    // With a passphrase too: the header fails the index (exit 6); the file
    // stays.
    let mut cmd = session_cmd(&env, &token, &["get", ID]);
    cmd.env("SESAME_PASSPHRASE", PASSPHRASE);
    refused(output(cmd), 6)
        .stderr_has("does not authenticate")
        .never_shows(VALUE);
    assert!(
        file.exists(),
        "an unauthenticated epoch deleted the session file"
    );
    // The genuine vault back: the session works.
    std::fs::write(env.vault_path(), original).expect("restore vault");
    let run = session_run(&env, &token, &["get", "-n", ID]).success();
    assert_eq!(run.stdout, VALUE);
}

#[test]
fn a_session_file_of_an_older_epoch_is_deleted_once_the_header_authenticates() {
    let env = vault_with_secret();
    let token = token(&env);
    let file = the_session_file(&env);
    let saved = std::fs::read(&file).expect("read session file");
    env.ok(&["lock"]);
    restore(&file, &saved);
    let mut cmd = session_cmd(&env, &token, &["get", "-n", ID]);
    cmd.env("SESAME_PASSPHRASE", PASSPHRASE);
    let run: Run = output(cmd).success();
    assert_eq!(run.stdout, VALUE);
    assert!(!file.exists(), "the ended session's file was kept");
}
