//! Rotation policies and expiry (issue 5): `add`/`rotate` take
//! `--rotate-every` and `--expires`, `rotate` keeps them unless told, JSON
//! shows `rotate_every`, `rotation_due`, `expires` and `last_read`, and the
//! `list` table marks what needs attention in a `STATUS` column
//! (`shared/spec/cli.md` §3 "Hygiene", `docs/cli-decisions.md` "Hygiene
//! (issue 5)"). Bad durations and dates are usage errors that change nothing.
//!
//! Helpers shared with the other issue-5 files are `pub(crate)` here.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::support::{Env, Run, custom};

pub(crate) const DAY: i64 = 86_400;

// ---- clock helpers (std only) -----------------------------------------------

/// Whole Unix seconds now.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `secs` as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn rfc3339(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(DAY));
    let rem = secs.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses exactly the shape `docs/cli-decisions.md` promises for times:
/// RFC 3339 in UTC with whole seconds, `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn parse_time(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 {
        return None;
    }
    for (i, &c) in b.iter().enumerate() {
        let ok = match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        };
        if !ok {
            return None;
        }
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + s)
}

/// A JSON time field as Unix seconds; panics (naming `what`) unless it is
/// an RFC 3339 UTC string.
pub(crate) fn time_of(v: &Value, what: &str) -> i64 {
    v.as_str()
        .and_then(parse_time)
        .unwrap_or_else(|| panic!("{what} is not an RFC 3339 UTC time: {v}"))
}

/// Seconds in a duration written with `s`, `m`, `h`, `d`, `w` parts.
pub(crate) fn duration_secs(text: &str) -> i64 {
    let mut total = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => DAY,
            'w' => 7 * DAY,
            _ => panic!("not a duration: {text:?}"),
        };
        let n: i64 = digits
            .parse()
            .unwrap_or_else(|_| panic!("not a duration: {text:?}"));
        total += n * unit;
        digits.clear();
    }
    assert!(digits.is_empty() && total > 0, "not a duration: {text:?}");
    total
}

// ---- JSON and table helpers -------------------------------------------------

/// `list --format json [ARGS]` (not a read) as a map from ID to object.
pub(crate) fn listed(env: &Env, args: &[&str]) -> BTreeMap<String, Value> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.ok(&all);
    let json = run.json();
    json.as_array()
        .unwrap_or_else(|| panic!("list --format json is not an array: {run:#?}"))
        .iter()
        .map(|item| {
            let id = item["id"]
                .as_str()
                .unwrap_or_else(|| panic!("no id in {item}"))
                .to_string();
            (id, item.clone())
        })
        .collect()
}

/// The `list --format json` object of `id` (listing is not a read).
pub(crate) fn entry(env: &Env, id: &str) -> Value {
    listed(env, &[])
        .remove(id)
        .unwrap_or_else(|| panic!("{id} is not listed"))
}

/// `last_read` of `id` through `list --format json`: None when null.
pub(crate) fn last_read(env: &Env, id: &str) -> Option<i64> {
    let item = entry(env, id);
    let v = item
        .get("last_read")
        .unwrap_or_else(|| panic!("no last_read key in {item}"));
    if v.is_null() {
        None
    } else {
        Some(time_of(v, "last_read"))
    }
}

/// The `hint:` lines of stderr.
pub(crate) fn hints(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("hint:"))
        .collect()
}

/// A hint line shows an example duration (digits then a unit letter).
pub(crate) fn assert_duration_hint(run: &Run) {
    let shows_example = hints(run).iter().any(|line| {
        let b = line.as_bytes();
        (1..b.len()).any(|i| b[i - 1].is_ascii_digit() && b"smhdw".contains(&b[i]))
    });
    assert!(
        shows_example,
        "no `hint:` line showing an accepted duration form (e.g. 90d): {run:#?}"
    );
}

/// A hint line shows an example date (`YYYY-MM-DD`).
pub(crate) fn assert_date_hint(run: &Run) {
    let shows_example = hints(run).iter().any(|line| {
        let b = line.as_bytes();
        b.windows(10).any(|w| {
            w.iter().enumerate().all(|(i, &c)| match i {
                4 | 7 => c == b'-',
                _ => c.is_ascii_digit(),
            })
        })
    });
    assert!(
        shows_example,
        "no `hint:` line showing an accepted date form (e.g. 2027-01-31): {run:#?}"
    );
}

/// The vault file's bytes, modification time and inode: a command that
/// rewrites it (even with the same bytes) changes one of them.
pub(crate) fn vault_state(env: &Env) -> (Vec<u8>, SystemTime, u64) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(env.vault_path()).expect("stat vault");
    (
        env.vault_bytes(),
        meta.modified().expect("mtime"),
        meta.ino(),
    )
}

/// The `STATUS` cell of `id`'s row in the `list` table, split on `,`.
pub(crate) fn status_of(run: &Run, id: &str) -> Vec<String> {
    let mut lines = run.stdout.lines();
    let header: Vec<char> = lines
        .next()
        .unwrap_or_else(|| panic!("no table header: {run:#?}"))
        .chars()
        .collect();
    let header_text: String = header.iter().collect();
    let start = header_text
        .find("STATUS")
        .unwrap_or_else(|| panic!("the list table has no STATUS column: {run:#?}"));
    let start = header_text[..start].chars().count();
    // The column ends where the next header word starts.
    let mut end = start + "STATUS".len();
    while end < header.len() && header[end] == ' ' {
        end += 1;
    }
    let end = if end >= header.len() { usize::MAX } else { end };
    let row: Vec<char> = run
        .stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(id))
        .unwrap_or_else(|| panic!("the table has no row for {id}: {run:#?}"))
        .chars()
        .collect();
    let cell: String = row
        .iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    cell.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

const POLICY_KEYS: [&str; 4] = ["rotate_every", "rotation_due", "expires", "last_read"];

// ---- setting a policy ------------------------------------------------------

#[test]
fn add_shows_rotate_every_rotation_due_and_expires_in_list_and_get_json_issue_5() {
    let env = Env::init();
    let id = custom("policy");
    env.run_stdin(
        &[
            "add",
            "--rotate-every",
            "90d",
            "--expires",
            "2099-01-31",
            &id,
        ],
        "policy-value",
    )
    .success();

    let item = entry(&env, &id);
    for key in POLICY_KEYS {
        assert!(item.get(key).is_some(), "list json lacks {key}: {item}");
    }
    assert_eq!(
        duration_secs(item["rotate_every"].as_str().expect("rotate_every string")),
        90 * DAY,
        "{item}"
    );
    let created = time_of(&item["created"], "created");
    assert_eq!(
        time_of(&item["rotation_due"], "rotation_due"),
        created + 90 * DAY,
        "rotation_due is the version's creation + rotate_every: {item}"
    );
    assert_eq!(item["expires"], "2099-01-31T00:00:00Z", "{item}");
    assert!(
        item["last_read"].is_null(),
        "never read yet, but last_read is set: {item}"
    );
    assert!(
        item.get("value").is_none(),
        "list without --decrypt: {item}"
    );

    let run = env.ok(&["get", "--format", "json", &id]);
    let got = run.json();
    for key in POLICY_KEYS {
        assert!(got.get(key).is_some(), "get json lacks {key}: {got}");
    }
    assert_eq!(got["rotate_every"], item["rotate_every"]);
    assert_eq!(got["rotation_due"], item["rotation_due"]);
    assert_eq!(got["expires"], item["expires"]);
    assert_eq!(got["value"], "policy-value");
}

#[test]
fn rotate_every_is_shown_as_written_issue_5() {
    // docs/cli-decisions.md: `rotate_every` (e.g. `"90d"`), for the
    // `--rotate-every 90d` of its examples; not an equivalent like `12w6d`.
    let env = Env::init();
    let id = custom("ninety");
    env.run_stdin(&["add", "--rotate-every", "90d", &id], "v")
        .success();
    let item = entry(&env, &id);
    assert_eq!(item["rotate_every"], "90d", "{item}");
    let got = env.ok(&["get", "--format", "json", &id]).json();
    assert_eq!(got["rotate_every"], "90d", "{got}");
}

#[test]
fn a_secret_without_a_policy_shows_nulls_issue_5() {
    let env = Env::init();
    let id = custom("plain");
    env.add(&id, "plain-value");
    let item = entry(&env, &id);
    for key in POLICY_KEYS {
        let v = item
            .get(key)
            .unwrap_or_else(|| panic!("list json lacks {key}: {item}"));
        assert!(v.is_null(), "{key} should be null: {item}");
    }
    let got = env.ok(&["get", "--format", "json", &id]).json();
    for key in ["rotate_every", "rotation_due", "expires"] {
        assert!(
            got.get(key).is_some_and(Value::is_null),
            "get json {key} should be null: {got}"
        );
    }
    assert!(
        got.get("last_read").is_some(),
        "get json lacks last_read: {got}"
    );
}

#[test]
fn rotate_every_accepts_each_unit_and_combinations_issue_5() {
    let env = Env::init();
    let cases: &[(&str, i64)] = &[
        ("45s", 45),
        ("15m", 15 * 60),
        ("12h", 12 * 3600),
        ("90d", 90 * DAY),
        ("2w", 14 * DAY),
        ("1w2d", 9 * DAY),
        ("1h30m", 5400),
    ];
    for (i, (text, _)) in cases.iter().enumerate() {
        env.run_stdin(
            &["add", "--rotate-every", text, &custom(&format!("d{i}"))],
            "v",
        )
        .success();
    }
    let all = listed(&env, &[]);
    for (i, (text, secs)) in cases.iter().enumerate() {
        let item = &all[&custom(&format!("d{i}"))];
        let shown = item["rotate_every"]
            .as_str()
            .unwrap_or_else(|| panic!("--rotate-every {text}: rotate_every not a string: {item}"));
        assert_eq!(duration_secs(shown), *secs, "--rotate-every {text}: {item}");
        assert_eq!(
            time_of(&item["rotation_due"], "rotation_due") - time_of(&item["created"], "created"),
            *secs,
            "--rotate-every {text}: {item}"
        );
    }
}

#[test]
fn expires_accepts_a_date_and_date_times_with_an_offset_issue_5() {
    let env = Env::init();
    let cases: &[(&str, &str)] = &[
        ("2099-01-31", "2099-01-31T00:00:00Z"),
        ("2099-01-31T12:00:00Z", "2099-01-31T12:00:00Z"),
        ("2099-01-31T12:00:00+02:00", "2099-01-31T10:00:00Z"),
        ("2099-01-31T23:30:00-01:00", "2099-02-01T00:30:00Z"),
    ];
    for (i, (text, _)) in cases.iter().enumerate() {
        env.run_stdin(&["add", "--expires", text, &custom(&format!("e{i}"))], "v")
            .success();
    }
    let all = listed(&env, &[]);
    for (i, (text, shown)) in cases.iter().enumerate() {
        let item = &all[&custom(&format!("e{i}"))];
        assert_eq!(item["expires"], *shown, "--expires {text}: {item}");
        assert!(
            item["rotate_every"].is_null() && item["rotation_due"].is_null(),
            "--expires alone set a rotation policy: {item}"
        );
    }
}

// ---- rotate keeps, replaces or clears the policy ---------------------------

/// `created` of the newest version in `history --format json`.
fn current_version_created(env: &Env, id: &str) -> i64 {
    let run = env.ok(&["history", id, "--format", "json"]);
    let json = run.json();
    let last = json
        .as_array()
        .and_then(|a| a.last())
        .unwrap_or_else(|| panic!("no versions: {run:#?}"))
        .clone();
    time_of(&last["created"], "history created")
}

#[test]
fn rotate_keeps_the_policy_when_not_told_issue_5() {
    let env = Env::init();
    let id = custom("kept");
    env.run_stdin(
        &[
            "add",
            "--rotate-every",
            "30d",
            "--expires",
            "2099-06-01",
            &id,
        ],
        "v1",
    )
    .success();
    let before = entry(&env, &id);
    env.run_stdin(&["rotate", &id], "v2").success();
    env.ok(&["rotate", "--generate", &id]);
    let after = entry(&env, &id);
    assert_eq!(after["version"], 3, "{after}");
    assert_eq!(after["rotate_every"], before["rotate_every"], "{after}");
    assert_eq!(after["expires"], "2099-06-01T00:00:00Z", "{after}");
    assert_eq!(
        time_of(&after["rotation_due"], "rotation_due"),
        current_version_created(&env, &id) + 30 * DAY,
        "rotation_due follows the current version: {after}"
    );
}

#[test]
fn rotate_replaces_and_clears_the_policy_issue_5() {
    let env = Env::init();
    let id = custom("changed");
    env.run_stdin(
        &[
            "add",
            "--rotate-every",
            "30d",
            "--expires",
            "2099-06-01",
            &id,
        ],
        "v1",
    )
    .success();

    env.run_stdin(
        &[
            "rotate",
            "--rotate-every",
            "1w",
            "--expires",
            "2098-03-04T05:06:07Z",
            &id,
        ],
        "v2",
    )
    .success();
    let item = entry(&env, &id);
    assert_eq!(
        duration_secs(item["rotate_every"].as_str().unwrap()),
        7 * DAY
    );
    assert_eq!(
        time_of(&item["rotation_due"], "rotation_due"),
        current_version_created(&env, &id) + 7 * DAY
    );
    assert_eq!(item["expires"], "2098-03-04T05:06:07Z");

    env.run_stdin(&["rotate", "--no-rotate-every", &id], "v3")
        .success();
    let item = entry(&env, &id);
    assert!(item["rotate_every"].is_null(), "{item}");
    assert!(item["rotation_due"].is_null(), "{item}");
    assert_eq!(
        item["expires"], "2098-03-04T05:06:07Z",
        "expiry kept: {item}"
    );

    env.run_stdin(&["rotate", "--no-expires", &id], "v4")
        .success();
    let item = entry(&env, &id);
    assert!(item["expires"].is_null(), "{item}");
    assert!(item["rotate_every"].is_null(), "{item}");
    assert_eq!(env.get(&id), "v4");
}

#[test]
fn setting_and_clearing_the_same_policy_at_once_is_refused_issue_5() {
    let env = Env::init();
    let id = custom("both");
    env.add(&id, "v1");
    env.test(&["rotate", "--rotate-every", "1d", "--no-rotate-every", &id])
        .stdin("v2")
        .status(2)
        .vault_unchanged()
        .run();
    env.test(&["rotate", "--expires", "2099-01-01", "--no-expires", &id])
        .stdin("v2")
        .status(2)
        .vault_unchanged()
        .run();
    assert_eq!(entry(&env, &id)["version"], 1);
}

// ---- bad input --------------------------------------------------------------

const BAD_DURATIONS: [&str; 11] = [
    "0s", "0d", "0w0d", "abc", "5", "d", "5x", "1.5h", "", " ", "90 days",
];

#[test]
fn bad_rotate_every_exits_2_with_the_accepted_forms_and_changes_nothing_issue_5() {
    let env = Env::init();
    let id = custom("existing");
    env.add(&id, "v1");
    for bad in BAD_DURATIONS {
        let new = custom("new");
        let run = env
            .test(&["add", "--rotate-every", bad, &new])
            .stdin("v")
            .status(2)
            .vault_unchanged()
            .run();
        assert_duration_hint(&run);
        env.run(&["get", &new]).fails(3);
        let run = env
            .test(&["rotate", "--rotate-every", bad, &id])
            .stdin("v2")
            .status(2)
            .vault_unchanged()
            .run();
        assert_duration_hint(&run);
    }
    let item = entry(&env, &id);
    assert_eq!(item["version"], 1);
    assert!(item["rotate_every"].is_null(), "{item}");
}

#[test]
fn a_negative_duration_is_refused_with_the_accepted_forms_issue_5() {
    let env = Env::init();
    let id = custom("existing");
    env.add(&id, "v1");
    for args in [
        vec!["add", "--rotate-every=-5d", "NEW"],
        vec!["add", "--rotate-every", "-5d", "NEW"],
        vec!["rotate", "--rotate-every", "-5d", "OLD"],
    ] {
        let new = custom("new");
        let args: Vec<&str> = args
            .iter()
            .map(|a| match *a {
                "NEW" => new.as_str(),
                "OLD" => id.as_str(),
                a => a,
            })
            .collect();
        let run = env.test(&args).stdin("v").status(2).vault_unchanged().run();
        assert_duration_hint(&run);
    }
    env.run(&["get", &custom("new")]).fails(3);
    assert_eq!(entry(&env, &id)["version"], 1);
}

const BAD_DATES: [&str; 11] = [
    "tomorrow",
    "2027-13-01",
    "2027-02-30",
    "2027-1-5",
    "31/01/2027",
    "20270131",
    "2027-01-31T25:00:00Z",
    "2027-01-31T12:00:00+25:00",
    "2027-01-31Tnoon",
    "",
    "90d",
];

#[test]
fn bad_expires_exits_2_with_the_accepted_forms_and_changes_nothing_issue_5() {
    let env = Env::init();
    let id = custom("existing");
    env.add(&id, "v1");
    for bad in BAD_DATES {
        let new = custom("new");
        let run = env
            .test(&["add", "--expires", bad, &new])
            .stdin("v")
            .status(2)
            .vault_unchanged()
            .run();
        assert_date_hint(&run);
        env.run(&["get", &new]).fails(3);
        let run = env
            .test(&["rotate", "--expires", bad, &id])
            .stdin("v2")
            .status(2)
            .vault_unchanged()
            .run();
        assert_date_hint(&run);
    }
    let item = entry(&env, &id);
    assert_eq!(item["version"], 1);
    assert!(item["expires"].is_null(), "{item}");
}

#[test]
fn expires_without_an_offset_is_not_rfc_3339_and_is_refused_issue_5() {
    // A date-time without `Z` or an offset names no instant.
    let env = Env::init();
    let run = env
        .test(&["add", "--expires", "2099-01-31T12:00:00", &custom("local")])
        .stdin("v")
        .status(2)
        .vault_unchanged()
        .run();
    assert_date_hint(&run);
}

// ---- the STATUS column -----------------------------------------------------

#[test]
fn list_status_marks_expired_and_expires_soon_issue_5() {
    let env = Env::init();
    let soon = rfc3339(now() + 3 * DAY);
    let later = rfc3339(now() + 8 * DAY);
    let almost_week = rfc3339(now() + 7 * DAY - 3600);
    let cases: &[(&str, Option<&str>, &[&str])] = &[
        ("a-past", Some("2020-01-01"), &["expired"]),
        ("b-soon", Some(&soon), &["expires soon"]),
        ("b2-almost-week", Some(&almost_week), &["expires soon"]),
        ("c-later", Some(&later), &[]),
        ("d-far", Some("2099-01-01"), &[]),
        ("e-none", None, &[]),
    ];
    for (name, expires, _) in cases {
        let id = custom(name);
        let mut args = vec!["add"];
        if let Some(date) = expires {
            args.extend(["--expires", date]);
        }
        args.push(&id);
        env.run_stdin(&args, "v").success();
    }
    let run = env.ok(&["list"]);
    for (name, _, status) in cases {
        assert_eq!(
            status_of(&run, &custom(name)),
            *status,
            "STATUS of {name}: {run:#?}"
        );
    }
    let all = listed(&env, &[]);
    assert_eq!(all[&custom("a-past")]["expires"], "2020-01-01T00:00:00Z");
    assert_eq!(all[&custom("b-soon")]["expires"], soon.as_str());
}

#[test]
fn list_status_marks_rotation_due_once_the_period_has_passed_issue_5() {
    let env = Env::init();
    let soon = rfc3339(now() + 3 * DAY);
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("a-due", &["--rotate-every", "2s"], &["rotation due"]),
        (
            "b-due-expired",
            &["--rotate-every", "2s", "--expires", "2020-01-01"],
            &["rotation due", "expired"],
        ),
        (
            "c-due-soon",
            &["--rotate-every", "2s", "--expires", &soon],
            &["rotation due", "expires soon"],
        ),
        ("d-hourly", &["--rotate-every", "1h"], &[]),
    ];
    for (name, flags, _) in cases {
        let id = custom(name);
        let mut args = vec!["add"];
        args.extend_from_slice(flags);
        args.push(&id);
        env.run_stdin(&args, "v").success();
    }
    std::thread::sleep(std::time::Duration::from_secs(3));
    let run = env.ok(&["list"]);
    for (name, _, status) in cases {
        assert_eq!(
            status_of(&run, &custom(name)),
            *status,
            "STATUS of {name}: {run:#?}"
        );
    }
    let item = entry(&env, &custom("a-due"));
    assert!(
        time_of(&item["rotation_due"], "rotation_due") < now(),
        "rotation_due is not in the past: {item}"
    );
}
