//! Last read (issue 5): every successful read of a value records when the
//! secret was last read, in a journal under the state dir that names no
//! secret, without ever rewriting the vault file; listing is not a read; a
//! lost or damaged journal never blocks a read; concurrent readers lose no
//! record (`shared/spec/cli.md` §3 "Hygiene", `docs/cli-decisions.md`
//! "Hygiene (issue 5)").

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::env_cmd::add_json;
use crate::hygiene_policy::{last_read, listed, now, vault_state};
use crate::support::{Env, custom, mode_of};

/// `<root>/state/sesame/reads`.
pub(crate) fn reads_dir(env: &Env) -> PathBuf {
    env.state_dir().join("sesame").join("reads")
}

/// The journal files in the reads dir (none when it does not exist).
fn journals(env: &Env) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(reads_dir(env)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "journal"))
        .collect();
    found.sort();
    found
}

/// The one journal of the test vault.
pub(crate) fn journal(env: &Env) -> PathBuf {
    let found = journals(env);
    assert_eq!(
        found.len(),
        1,
        "expected one *.journal in {}: {found:?}",
        reads_dir(env).display()
    );
    found.into_iter().next().unwrap()
}

/// The journal's lines, each checked to be `<32 hex> <Unix seconds>`.
pub(crate) fn journal_lines(path: &Path) -> Vec<(String, i64)> {
    let text = std::fs::read_to_string(path).expect("read journal");
    text.lines()
        .map(|line| {
            let (hash, secs) = line
                .split_once(' ')
                .unwrap_or_else(|| panic!("journal line {line:?} is not `<hash> <secs>`"));
            assert!(
                hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
                "journal line {line:?}: not 32 hex digits"
            );
            let secs = secs
                .parse()
                .unwrap_or_else(|_| panic!("journal line {line:?}: not Unix seconds"));
            (hash.to_string(), secs)
        })
        .collect()
}

fn append(path: &Path, bytes: &[u8]) {
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open journal")
        .write_all(bytes)
        .expect("append to journal");
}

#[test]
fn get_records_last_read_and_leaves_the_vault_file_untouched_issue_5() {
    let env = Env::init();
    let id = custom("db-password");
    let other = custom("other");
    env.add(&id, "pg-s3cr3t");
    env.add(&other, "other-value");
    assert_eq!(last_read(&env, &id), None, "never read yet");

    let vault = vault_state(&env);
    let before = now();
    assert_eq!(env.get(&id), "pg-s3cr3t");
    let after = now();
    assert!(
        vault_state(&env) == vault,
        "a read changed the vault file (bytes, mtime or inode)"
    );

    let read = last_read(&env, &id).expect("get recorded no read");
    assert!(
        (before..=after).contains(&read),
        "last_read {read} is not the time of the read ({before}..={after})"
    );
    assert_eq!(
        last_read(&env, &other),
        None,
        "only the secret read is marked"
    );
    // `get --format json` shows it too.
    let got = env.ok(&["get", "--format", "json", &id]).json();
    let shown = got["last_read"]
        .as_str()
        .and_then(crate::hygiene_policy::parse_time)
        .unwrap_or_else(|| panic!("get --format json: last_read not a time: {got}"));
    assert!(shown >= read, "{got}");
    assert!(
        vault_state(&env) == vault,
        "listing changed the vault file (bytes, mtime or inode)"
    );
}

#[test]
fn every_command_that_reads_a_value_records_a_read_issue_5() {
    let env = Env::init();
    let names = [
        "by-get",
        "by-field",
        "by-env",
        "by-run",
        "by-inject",
        "by-history",
    ];
    for name in names {
        if name == "by-field" {
            continue;
        }
        env.add(&custom(name), &format!("{name}-value"));
    }
    let s3 = "project/atlas/connect/S3/by-field";
    add_json(
        &env,
        s3,
        r#"{"access_key_id":"AKIAFIELD","secret_access_key":"field-secret"}"#,
    );
    let listed_id = "project/listed/secret/Custom/by-list";
    env.add(listed_id, "by-list-value");
    let untouched = custom("untouched");
    env.add(&untouched, "untouched-value");
    let vault = vault_state(&env);

    env.ok(&["get", &custom("by-get")]);
    assert_eq!(
        env.ok(&["get", &format!("{s3}#access_key_id")]).stdout,
        "AKIAFIELD\n"
    );
    env.ok(&["env", &custom("by-env")]);
    env.ok(&["run", &custom("by-run"), "--", "true"]);
    let run = env
        .run_stdin(
            &["inject"],
            format!("x={{{{ sesame://{} }}}}\n", custom("by-inject")),
        )
        .success();
    assert_eq!(run.stdout, "x=by-inject-value\n");
    env.ok(&["list", "--decrypt", "project/listed"]);
    env.ok(&["history", &custom("by-history"), "--decrypt"]);
    assert!(
        vault_state(&env) == vault,
        "a read changed the vault file (bytes, mtime or inode)"
    );

    let all = listed(&env, &[]);
    let read = |id: &str| !all[id]["last_read"].is_null();
    for name in ["by-get", "by-env", "by-run", "by-inject", "by-history"] {
        assert!(
            read(&custom(name)),
            "{name}: no read recorded: {}",
            all[&custom(name)]
        );
    }
    assert!(read(s3), "get ID#field recorded no read: {}", all[s3]);
    assert!(
        read(listed_id),
        "list --decrypt recorded no read: {}",
        all[listed_id]
    );
    assert!(
        !read(&untouched),
        "a secret nobody read: {}",
        all[&untouched]
    );
}

#[test]
fn listing_info_and_history_without_decrypt_are_not_reads_issue_5() {
    let env = Env::init();
    let id = custom("quiet");
    env.add(&id, "quiet-value");
    add_json(
        &env,
        "project/atlas/connect/S3/bucket",
        r#"{"access_key_id":"AKIAQUIET","secret_access_key":"quiet-secret"}"#,
    );
    let vault = vault_state(&env);
    for args in [
        vec!["list"],
        vec!["list", "--format", "json"],
        vec!["list", "--format", "ids"],
        vec!["list", "project/atlas"],
        vec!["info"],
        vec!["info", "--format", "json"],
        vec!["history", &id],
        vec!["history", &id, "--format", "json"],
        vec!["history", "project/atlas/connect/S3/bucket"],
    ] {
        env.ok(&args).never_shows("quiet-value");
    }
    assert_eq!(last_read(&env, &id), None);
    assert_eq!(last_read(&env, "project/atlas/connect/S3/bucket"), None);
    for path in journals(&env) {
        assert!(
            journal_lines(&path).is_empty(),
            "non-reads wrote to the journal {}",
            path.display()
        );
    }
    assert!(
        vault_state(&env) == vault,
        "a non-read changed the vault file"
    );
}

#[test]
fn the_journal_is_private_and_names_no_secret_issue_5() {
    let env = Env::init();
    let a = "user/zebracanary/secret/Custom/okapi-canary-name";
    let b = custom("b-secret");
    env.add(a, "canary-value-9f3e");
    env.add(&b, "b-value");
    let before = now();
    env.get(a);
    env.get(&b);
    env.get(a);
    let after = now();

    let path = journal(&env);
    assert!(path.starts_with(reads_dir(&env)));
    assert_eq!(mode_of(&path), 0o600, "journal mode");
    assert_eq!(mode_of(&reads_dir(&env)), 0o700, "reads dir mode");

    let bytes = std::fs::read(&path).expect("read journal");
    let text = String::from_utf8_lossy(&bytes);
    for needle in [
        "zebracanary",
        "okapi-canary-name",
        "canary-value-9f3e",
        "b-secret",
        "b-value",
        "Custom",
        "secret/",
    ] {
        assert!(
            !text.contains(needle),
            "the journal shows {needle:?}: {text:?}"
        );
    }

    let lines = journal_lines(&path);
    assert_eq!(lines.len(), 3, "one line per read: {text:?}");
    for (_, secs) in &lines {
        assert!(
            (before..=after).contains(secs),
            "time {secs} not of the reads"
        );
    }
    // The keyed hash is stable per ID and differs between IDs.
    assert_eq!(lines[0].0, lines[2].0, "same ID, same hash: {text:?}");
    assert_ne!(lines[0].0, lines[1].0, "different IDs, same hash: {text:?}");
}

#[test]
fn the_journal_hash_is_keyed_per_vault_issue_5() {
    // The same ID read from two vaults gives two different hashes: the key
    // comes from the vault, so the journal cannot be matched against a list
    // of guessed IDs.
    let id = custom("same-id");
    let hashes: Vec<String> = (0..2)
        .map(|_| {
            let env = Env::init();
            env.add(&id, "v");
            env.get(&id);
            let lines = journal_lines(&journal(&env));
            assert_eq!(lines.len(), 1);
            lines[0].0.clone()
        })
        .collect();
    assert_ne!(hashes[0], hashes[1], "the hash is not keyed by the vault");
}

#[test]
fn deleting_the_journal_is_harmless_issue_5() {
    let env = Env::init();
    let id = custom("kept");
    env.add(&id, "kept-value");
    env.get(&id);
    assert!(last_read(&env, &id).is_some());

    // Only the journal file.
    std::fs::remove_file(journal(&env)).expect("remove journal");
    assert_eq!(last_read(&env, &id), None, "no journal, no read known");
    assert_eq!(env.get(&id), "kept-value");
    assert!(last_read(&env, &id).is_some(), "reads are recorded again");
    assert_eq!(mode_of(&journal(&env)), 0o600);

    // The whole reads directory, lock file included.
    std::fs::remove_dir_all(reads_dir(&env)).expect("remove reads dir");
    assert_eq!(last_read(&env, &id), None);
    assert_eq!(
        env.ok(&["get", "--format", "json", &id]).json()["value"],
        "kept-value"
    );
    assert_eq!(env.get(&id), "kept-value");
    assert!(last_read(&env, &id).is_some(), "reads are recorded again");
    assert_eq!(mode_of(&reads_dir(&env)), 0o700);
    assert_eq!(mode_of(&journal(&env)), 0o600);
}

#[test]
fn a_corrupt_journal_line_is_skipped_with_a_warning_and_never_blocks_a_read_issue_5() {
    let env = Env::init();
    let a = custom("alpha");
    let b = custom("beta");
    env.add(&a, "alpha-value");
    env.add(&b, "beta-value");
    env.get(&a);
    let first = last_read(&env, &a).expect("read recorded");
    let path = journal(&env);
    // Lines 2 to 4: text, bytes that are not UTF-8, a bad time.
    append(
        &path,
        b"not a journal line\n\xff\xfe\x00binary\n0123456789abcdef0123456789abcdef soon\n",
    );

    assert_eq!(env.get(&a), "alpha-value");
    let run = env.ok(&["get", "--format", "json", &b]);
    assert_eq!(run.json()["value"], "beta-value");

    let run = env
        .ok(&["list", "--format", "json"])
        .never_shows("alpha-value")
        .never_shows("beta-value");
    let warned = run.stderr.lines().any(|l| {
        l.starts_with("sesame: warning:") && l.contains("journal") && l.contains("line 2")
    });
    assert!(warned, "no warning naming the bad journal line: {run:#?}");
    assert!(
        !run.stderr.contains(&a) && !run.stderr.contains(&b),
        "the warning names a secret: {run:#?}"
    );
    let all: BTreeMap<String, serde_json::Value> = run
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|v| (v["id"].as_str().unwrap().to_string(), v.clone()))
        .collect();
    assert!(
        all[&a]["last_read"].as_str().is_some(),
        "the good lines still count: {}",
        all[&a]
    );
    assert!(
        all[&b]["last_read"].as_str().is_some(),
        "reads after the bad lines count: {}",
        all[&b]
    );
    assert!(last_read(&env, &a).unwrap() >= first);

    // -q silences the warning.
    let run = env.ok(&["-q", "list", "--format", "json"]);
    assert!(run.stderr.is_empty(), "-q printed: {run:#?}");

    // audit reads the journal too, and is not blocked by it either.
    let run = env.run(&["audit", "--format", "json", "--unused-for", "1h"]);
    assert_eq!(run.code, 0, "both were read just now: {run:#?}");
    assert_eq!(run.json(), serde_json::json!([]), "{run:#?}");
}

#[test]
fn a_torn_last_journal_line_does_not_swallow_the_next_read_issue_5() {
    // A reader killed mid-append leaves a line without its newline; the
    // next reader's record must not be glued to it and lost.
    let env = Env::init();
    let a = custom("alpha");
    let b = custom("beta");
    env.add(&a, "alpha-value");
    env.add(&b, "beta-value");
    env.get(&a);
    append(&journal(&env), b"0123456789abcdef");
    assert_eq!(env.get(&b), "beta-value");
    let all = env.run(&["list", "--format", "json"]).success();
    let json = all.json();
    let beta = json
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == b.as_str())
        .unwrap();
    assert!(
        beta["last_read"].is_string(),
        "the read after a torn line was lost: {all:#?}"
    );
}

#[test]
fn concurrent_readers_lose_no_record_issue_5() {
    const SECRETS: usize = 8;
    const READS: usize = 10;
    let env = Env::init();
    let ids: Vec<String> = (0..SECRETS).map(|i| custom(&format!("c{i}"))).collect();
    for (i, id) in ids.iter().enumerate() {
        env.add(id, &format!("concurrent-{i}"));
    }
    let vault = vault_state(&env);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let env = &env;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for n in 0..READS {
                        let run = env.run(&["get", id]);
                        if run.code != 0 || run.stdout != format!("concurrent-{i}\n") {
                            failures.push(format!("{id} read {n}: {run:#?}"));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("reader thread"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "concurrent reads failed: {failures:#?}"
    );
    assert!(vault_state(&env) == vault, "reads changed the vault file");

    let all = listed(&env, &[]);
    for id in &ids {
        assert!(
            all[id]["last_read"].is_string(),
            "{id}: read {READS} times, no read recorded: {}",
            all[id]
        );
    }
    // 80 short lines are far below the 1 MiB compaction threshold.
    let lines = journal_lines(&journal(&env));
    assert_eq!(
        lines.len(),
        SECRETS * READS,
        "journal lost or mangled lines"
    );
    let mut per_hash: BTreeMap<&str, usize> = BTreeMap::new();
    for (hash, _) in &lines {
        *per_hash.entry(hash).or_default() += 1;
    }
    assert_eq!(per_hash.len(), SECRETS, "{per_hash:?}");
    assert!(per_hash.values().all(|&n| n == READS), "{per_hash:?}");
}

#[test]
fn reads_through_a_session_are_recorded_issue_5() {
    let env = Env::init();
    let id = custom("via-session");
    env.add(&id, "session-value");
    let token = crate::sessions::token(&env);
    let run = crate::sessions::session_run(&env, &token, &["get", &id]).success();
    assert_eq!(run.stdout, "session-value\n");
    assert!(
        last_read(&env, &id).is_some(),
        "a session read was not recorded"
    );
    // The same ID hashes the same with the passphrase and with a session.
    env.get(&id);
    let lines = journal_lines(&journal(&env));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].0, lines[1].0, "session and passphrase disagree");
}

#[test]
fn rotating_a_secret_keeps_its_last_read_issue_5() {
    let env = Env::init();
    let id = custom("rotated");
    env.add(&id, "v1");
    env.get(&id);
    let read = last_read(&env, &id).expect("read recorded");
    env.run_stdin(&["rotate", &id], "v2").success();
    assert_eq!(last_read(&env, &id), Some(read), "a write is not a read");
}

#[test]
fn the_journal_compacts_past_1_mib_keeping_the_latest_read_per_secret_issue_5() {
    let env = Env::init();
    let a = custom("alpha");
    let b = custom("beta");
    env.add(&a, "alpha-value");
    env.add(&b, "beta-value");
    env.get(&a);
    let path = journal(&env);
    let lines = journal_lines(&path);
    let (hash_a, latest_a) = lines[0].clone();

    // Older reads of alpha and of two unknown hashes, past 1 MiB in all.
    let others = [
        "0123456789abcdef0123456789abcdef",
        "fedcba9876543210fedcba9876543210",
    ];
    let mut filler = String::new();
    let mut i = 0;
    while filler.len() <= 1024 * 1024 {
        let hash = match i % 3 {
            0 => hash_a.as_str(),
            1 => others[0],
            _ => others[1],
        };
        filler.push_str(&format!("{hash} {}\n", latest_a - 1000 - i));
        i += 1;
    }
    append(&path, filler.as_bytes());
    assert!(std::fs::metadata(&path).unwrap().len() > 1024 * 1024);

    assert_eq!(env.get(&b), "beta-value");

    let path = journal(&env);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 1024 * 1024, "not compacted: {size} bytes");
    assert_eq!(mode_of(&path), 0o600, "compacted journal mode");
    let lines = journal_lines(&path);
    let mut per_hash: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for (hash, secs) in &lines {
        per_hash.entry(hash).or_default().push(*secs);
    }
    assert_eq!(
        per_hash.get(hash_a.as_str()),
        Some(&vec![latest_a]),
        "alpha: one line, its latest read: {per_hash:?}"
    );
    assert!(
        per_hash.values().all(|times| times.len() == 1),
        "one line per secret: {per_hash:?}"
    );
    assert_eq!(last_read(&env, &a), Some(latest_a));
    assert!(
        last_read(&env, &b).is_some(),
        "the read that compacted was lost"
    );
}

#[test]
fn concurrent_readers_lose_no_record_while_the_journal_compacts_issue_5() {
    const THREADS: usize = 8;
    const PER_THREAD: usize = 3;
    let env = Env::init();
    let seed = custom("seed");
    env.add(&seed, "seed-value");
    let ids: Vec<Vec<String>> = (0..THREADS)
        .map(|t| {
            (0..PER_THREAD)
                .map(|n| custom(&format!("t{t}-n{n}")))
                .collect()
        })
        .collect();
    for id in ids.iter().flatten() {
        env.add(id, "v");
    }
    env.get(&seed);
    let path = journal(&env);
    // Old reads of one unknown hash, up to just below 1 MiB: the first
    // appends below cross it, and the others race with the compaction.
    let line = format!("0123456789abcdef0123456789abcdef {}\n", now() - 100_000);
    let have = std::fs::metadata(&path).unwrap().len() as usize;
    let filler = line.repeat((1024 * 1024 - 40 - have) / line.len());
    append(&path, filler.as_bytes());
    let start = now();

    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = ids
            .iter()
            .map(|mine| {
                let env = &env;
                scope.spawn(move || {
                    mine.iter()
                        .map(|id| env.run(&["get", id]))
                        .filter(|run| run.code != 0 || run.stdout != "v\n")
                        .map(|run| format!("{run:#?}"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("reader thread"))
            .collect()
    });
    assert!(failures.is_empty(), "reads failed: {failures:#?}");

    let size = std::fs::metadata(journal(&env)).unwrap().len();
    assert!(size < 1024 * 1024, "never compacted: {size} bytes");
    let all = listed(&env, &[]);
    let lost: Vec<&String> = ids
        .iter()
        .flatten()
        .filter(|id| {
            all[*id]["last_read"]
                .as_str()
                .and_then(crate::hygiene_policy::parse_time)
                .is_none_or(|t| t < start)
        })
        .collect();
    assert!(lost.is_empty(), "reads lost during compaction: {lost:?}");
    assert!(
        all[&seed]["last_read"].is_string(),
        "compaction lost the seed read"
    );
}
