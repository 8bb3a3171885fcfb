//! `sesame audit` (issue 5): secrets whose rotation is due, that expired or
//! expire within 7 days, and with `--unused-for`, that were not read for that
//! long or never; exit 10 when it lists anything, 0 and `[]` when not
//! (`shared/spec/cli.md` §3 "Hygiene", §4; `docs/cli-decisions.md` "Hygiene
//! (issue 5)").

use std::time::Duration;

use serde_json::Value;

use crate::hygiene_journal::{journal_lines, reads_dir};
use crate::hygiene_policy::{
    DAY, assert_duration_hint, entry, last_read, now, rfc3339, time_of, vault_state,
};
use crate::support::{Env, Run, custom};

const KEYS: [&str; 5] = ["id", "reasons", "rotation_due", "expires", "last_read"];

fn add_with(env: &Env, id: &str, flags: &[&str]) {
    let mut args = vec!["add"];
    args.extend_from_slice(flags);
    args.push(id);
    env.run_stdin(&args, format!("value-of-{id}")).success();
}

/// `audit --format json ARGS`: checks the exit code (10 when it lists
/// anything, 0 when not), the shape of every item and the order by ID.
fn audit(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["audit", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    let json = run.json();
    let items = json
        .as_array()
        .unwrap_or_else(|| panic!("audit json is not an array: {run:#?}"))
        .clone();
    let expected = if items.is_empty() { 0 } else { 10 };
    assert_eq!(run.code, expected, "audit exit code: {run:#?}");
    assert!(
        !run.stderr.contains("sesame: error:"),
        "a finding is not an error: {run:#?}"
    );
    for item in &items {
        let mut keys: Vec<&str> = item
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {item}"))
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut want = KEYS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want, "audit item keys: {item}");
    }
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "audit not sorted by ID: {run:#?}");
    items
}

/// `(id, reasons)` of each item.
fn findings(items: &[Value]) -> Vec<(String, Vec<String>)> {
    items
        .iter()
        .map(|item| {
            let reasons = item["reasons"]
                .as_array()
                .unwrap_or_else(|| panic!("reasons is not an array: {item}"))
                .iter()
                .map(|r| r.as_str().expect("reason string").to_string())
                .collect();
            (item["id"].as_str().unwrap().to_string(), reasons)
        })
        .collect()
}

fn expect(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(id, reasons)| {
            (
                id.to_string(),
                reasons.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect()
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("audit does not list {id}: {items:#?}"))
}

fn sleep_secs(n: u64) {
    std::thread::sleep(Duration::from_secs(n));
}

#[test]
fn audit_of_a_clean_vault_exits_0_with_an_empty_array_issue_5() {
    let env = Env::init();
    assert!(audit(&env, &[]).is_empty(), "an empty vault");
    let run = env.ok(&["audit"]);
    assert!(!run.stdout.contains("sesame:"), "{run:#?}");

    env.add(&custom("plain"), "plain-value");
    add_with(&env, &custom("far"), &["--expires", "2099-01-01"]);
    add_with(&env, &custom("yearly"), &["--rotate-every", "52w"]);
    let run = env.run(&["audit", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout.trim(), "[]", "{run:#?}");
    env.ok(&["audit"]).never_shows("plain-value");
    // Without --unused-for, never-read secrets are not findings.
    assert!(audit(&env, &[]).is_empty());
}

#[test]
fn audit_lists_expired_and_expiring_soon_with_exit_10_issue_5() {
    let env = Env::init();
    let soon = rfc3339(now() + 3 * DAY);
    let past = custom("a-past");
    let near = custom("b-soon");
    add_with(&env, &past, &["--expires", "2020-01-01"]);
    add_with(&env, &near, &["--expires", &soon]);
    add_with(
        &env,
        &custom("c-later"),
        &["--expires", &rfc3339(now() + 8 * DAY)],
    );
    add_with(&env, &custom("d-far"), &["--expires", "2099-01-01"]);
    env.add(&custom("e-none"), "v");

    let items = audit(&env, &[]);
    assert_eq!(
        findings(&items),
        expect(&[(&past, &["expired"]), (&near, &["expiring_soon"])])
    );
    assert_eq!(item(&items, &past)["expires"], "2020-01-01T00:00:00Z");
    assert_eq!(item(&items, &near)["expires"], soon.as_str());
    for i in &items {
        assert!(i["rotation_due"].is_null(), "{i}");
        assert!(i["last_read"].is_null(), "{i}");
        let text = i.to_string();
        assert!(!text.contains("value-of-"), "audit shows a value: {text}");
    }
}

#[test]
fn audit_table_has_the_columns_and_one_row_per_finding_issue_5() {
    let env = Env::init();
    let past = custom("a-past");
    let near = custom("b-soon");
    add_with(&env, &past, &["--expires", "2020-01-01"]);
    add_with(&env, &near, &["--expires", &rfc3339(now() + 3 * DAY)]);
    add_with(&env, &custom("c-far"), &["--expires", "2099-01-01"]);

    for args in [vec!["audit"], vec!["audit", "--format", "table"]] {
        let run: Run = env.run(&args);
        assert_eq!(run.code, 10, "{run:#?}");
        assert!(!run.stderr.contains("sesame: error:"), "{run:#?}");
        let mut lines = run.stdout.lines();
        let header = lines.next().unwrap_or_default();
        let mut at = 0;
        for column in ["ID", "REASONS", "ROTATION DUE", "EXPIRES", "LAST READ"] {
            let pos = header[at..]
                .find(column)
                .unwrap_or_else(|| panic!("no column {column} in order: {run:#?}"));
            at += pos + column.len();
        }
        let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(rows.len(), 2, "one row per finding: {run:#?}");
        assert!(
            rows[0].starts_with(&past) && rows[0].contains("expired"),
            "{run:#?}"
        );
        assert!(
            rows[1].starts_with(&near) && rows[1].contains("expiring_soon"),
            "{run:#?}"
        );
        assert!(!run.stdout.contains("c-far"), "{run:#?}");
    }
}

#[test]
fn audit_reports_rotation_due_and_orders_the_reasons_issue_5() {
    let env = Env::init();
    let due = custom("a-due");
    let all_three = custom("b-due-expired-never-read");
    let soon_unused = custom("c-soon-unused");
    let hourly = custom("d-hourly");
    add_with(&env, &due, &["--rotate-every", "2s"]);
    add_with(
        &env,
        &all_three,
        &["--rotate-every", "2s", "--expires", "2020-01-01"],
    );
    add_with(
        &env,
        &soon_unused,
        &["--expires", &rfc3339(now() + 3 * DAY)],
    );
    add_with(&env, &hourly, &["--rotate-every", "1h"]);
    env.get(&due);
    env.get(&soon_unused);
    env.get(&hourly);
    sleep_secs(3);
    env.get(&due);
    env.get(&hourly);

    let items = audit(&env, &[]);
    assert_eq!(
        findings(&items),
        expect(&[
            (&due, &["rotation_due"]),
            (&all_three, &["rotation_due", "expired"]),
            (&soon_unused, &["expiring_soon"]),
        ])
    );
    let listed_due = entry(&env, &due);
    assert_eq!(
        item(&items, &due)["rotation_due"],
        listed_due["rotation_due"]
    );
    assert_eq!(
        time_of(&item(&items, &due)["rotation_due"], "rotation_due"),
        time_of(&listed_due["created"], "created") + 2
    );
    assert!(item(&items, &due)["last_read"].is_string());

    let items = audit(&env, &["--unused-for", "2s"]);
    assert_eq!(
        findings(&items),
        expect(&[
            (&due, &["rotation_due"]),
            (&all_three, &["rotation_due", "expired", "never_read"]),
            (&soon_unused, &["expiring_soon", "unused"]),
        ])
    );

    // Dropping the policy clears the finding.
    env.run_stdin(&["rotate", "--no-rotate-every", &due], "new")
        .success();
    let items = audit(&env, &[]);
    assert!(items.iter().all(|i| i["id"] != due.as_str()), "{items:#?}");
}

#[test]
fn audit_unused_for_reports_unused_and_never_read_secrets_issue_5() {
    let env = Env::init();
    let read_early = custom("a-read-early");
    let never = custom("b-never-read");
    let read_late = custom("c-read-late");
    env.add(&read_early, "early-value");
    env.add(&never, "never-value");
    env.add(&read_late, "late-value");
    env.get(&read_early);
    sleep_secs(3);
    let fresh = custom("d-fresh");
    env.add(&fresh, "fresh-value");
    env.get(&read_late);

    let items = audit(&env, &["--unused-for", "2s"]);
    assert_eq!(
        findings(&items),
        expect(&[(&read_early, &["unused"]), (&never, &["never_read"])]),
        "read after the sleep or created since: not listed"
    );
    assert_eq!(
        time_of(&item(&items, &read_early)["last_read"], "last_read"),
        last_read(&env, &read_early).unwrap()
    );
    assert!(item(&items, &never)["last_read"].is_null());
    for i in &items {
        assert!(i["rotation_due"].is_null() && i["expires"].is_null(), "{i}");
    }

    // A longer window, or none, lists nothing.
    assert!(audit(&env, &["--unused-for", "1h"]).is_empty());
    assert!(audit(&env, &[]).is_empty());
}

#[test]
fn audit_prefix_restricts_segment_by_segment_issue_5() {
    let env = Env::init();
    let atlas = "project/atlas/secret/Custom/old";
    let atlas_other = "project/atlas/secret/Other/old";
    let atlasx = "project/atlasx/secret/Custom/old";
    let acme = "organization/acme/secret/Custom/old";
    for id in [atlas, atlas_other, atlasx, acme] {
        add_with(&env, id, &["--expires", "2020-01-01"]);
    }
    let ids = |args: &[&str]| -> Vec<String> {
        audit(&env, args)
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["project/atlas"]), [atlas, atlas_other]);
    assert_eq!(ids(&["project/atlasx"]), [atlasx]);
    assert_eq!(ids(&["project/atlas/secret/Custom"]), [atlas]);
    assert_eq!(ids(&["project"]), [atlas, atlas_other, atlasx]);
    assert_eq!(ids(&[]), [acme, atlas, atlas_other, atlasx]);
    assert!(ids(&["project/atl"]).is_empty(), "not segment by segment");
    assert!(ids(&["project/atlas/secret/Cust"]).is_empty());
    assert!(ids(&["user/alice"]).is_empty());
    // An empty result is a clean audit, not a missing secret.
    let run = env.run(&["audit", "--format", "json", "user/alice"]);
    assert_eq!(run.code, 0, "{run:#?}");
}

#[test]
fn audit_is_not_a_read_and_leaves_the_vault_file_untouched_issue_5() {
    let env = Env::init();
    let id = custom("audited");
    add_with(&env, &id, &["--expires", "2020-01-01"]);
    let vault = vault_state(&env);
    audit(&env, &[]);
    audit(&env, &["--unused-for", "1s"]);
    assert_eq!(env.run(&["audit"]).code, 10);
    assert!(vault_state(&env) == vault, "audit changed the vault file");
    assert_eq!(last_read(&env, &id), None, "audit counted as a read");
    if let Ok(entries) = std::fs::read_dir(reads_dir(&env)) {
        for path in entries.map(|e| e.unwrap().path()) {
            if path.extension().is_some_and(|e| e == "journal") {
                assert!(
                    journal_lines(&path).is_empty(),
                    "audit wrote to the journal"
                );
            }
        }
    }
}

#[test]
fn audit_refuses_a_bad_unused_for_with_exit_2_issue_5() {
    let env = Env::init();
    add_with(&env, &custom("x"), &["--expires", "2020-01-01"]);
    for bad in ["0s", "abc", "5", "1.5d", ""] {
        let run = env.run(&["audit", "--unused-for", bad]).fails(2);
        assert_duration_hint(&run);
    }
    let run = env.run(&["audit", "--unused-for=-5d"]).fails(2);
    assert_duration_hint(&run);
    env.run(&["audit", "--format", "yaml"]).fails(2);
}
