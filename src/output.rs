//! Everything printed on stdout goes through here: values, tables, JSON,
//! ID lists. Notices and errors go to stderr elsewhere.
//!
//! Writing to a closed pipe (`sesame list | head -1`) is not an error the
//! user needs to see: it becomes [`Error::Io`] with `BrokenPipe`, which
//! `main` turns into a quiet exit.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{Error, Result};
use crate::secret_type::Fields;
use crate::vault::{SecretInfo, Setting};

/// Writes `bytes` to stdout and flushes.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("cannot write to", "<stdout>", e))
}

/// Prints `text` on stdout as is.
pub fn print(text: &str) -> Result<()> {
    write_stdout(text.as_bytes())
}

/// Prints a JSON value, pretty, with a final newline.
pub fn print_json(value: &Value) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value always serializes");
    text.push('\n');
    let result = print(&text);
    zeroize::Zeroize::zeroize(&mut text);
    result
}

/// RFC 3339 in UTC, whole seconds: `2026-11-27T06:30:00Z`.
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// The JSON object of `get --format json` and `list --format json`,
/// without the value.
pub fn info_json(info: &SecretInfo, last_read: Option<i64>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(info.id.to_string()));
    m.insert(
        "owner_type".into(),
        json!(info.id.owner().owner_type().as_str()),
    );
    m.insert("owner_id".into(), json!(info.id.owner().owner_id()));
    m.insert("path".into(), json!(info.id.path()));
    m.insert("type".into(), json!(info.kind.as_str()));
    m.insert("version".into(), json!(info.version));
    m.insert("created".into(), json!(rfc3339(info.created)));
    m.insert("updated".into(), json!(rfc3339(info.updated)));
    m.insert("description".into(), json!(info.description));
    let time = |t: Option<i64>| t.map(rfc3339);
    m.insert(
        "rotate_every".into(),
        json!(
            info.rotate_every
                .map(|s| crate::duration::format(std::time::Duration::from_secs(s.max(0) as u64)))
        ),
    );
    m.insert("rotation_due".into(), json!(time(info.rotation_due)));
    m.insert("expires".into(), json!(time(info.expires)));
    m.insert("last_read".into(), json!(time(last_read)));
    m
}

/// Adds `value` (single-value types) or `fields` to a JSON object.
pub fn add_fields(m: &mut Map<String, Value>, fields: &Fields) {
    if fields.kind().is_single_value() {
        let v = fields.get("value").map(|v| v.expose_secret()).unwrap_or("");
        m.insert("value".into(), json!(v));
    } else {
        m.insert("fields".into(), fields.to_json());
    }
}

/// A setting as JSON, with its value when it carries one.
pub fn setting_json(s: &Setting, last_read: Option<i64>) -> Value {
    let mut m = info_json(&s.info, last_read);
    if let Some(fields) = &s.fields {
        add_fields(&mut m, fields);
    }
    Value::Object(m)
}

/// The value of a secret as `get` prints it: the bare value of a
/// single-value type, else one line of compact JSON of its fields.
pub fn plain_value(fields: &Fields) -> String {
    if fields.kind().is_single_value() {
        fields
            .get("value")
            .map(|v| v.expose_secret().to_string())
            .unwrap_or_default()
    } else {
        fields.to_json().to_string()
    }
}

/// A table with a header row, in the house style.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().copied());
    t
}

/// Prints a table followed by a newline, trimming trailing spaces.
pub fn print_table(t: &Table) -> Result<()> {
    let mut text = String::new();
    for line in t.to_string().lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    let trimmed: String = text
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    print(&(trimmed + "\n"))
}

/// What the `list` table's STATUS column says: `rotation due`, `expired`,
/// `expires soon` (within 7 days), comma-joined.
pub fn status(info: &SecretInfo, now: i64) -> String {
    let mut out = Vec::new();
    if info.rotation_due.is_some_and(|due| due <= now) {
        out.push("rotation due");
    }
    match info.expires {
        Some(at) if at <= now => out.push("expired"),
        Some(at) if at - now <= 7 * 86_400 => out.push("expires soon"),
        _ => {}
    }
    out.join(", ")
}

/// Replaces control characters so text from the vault can never drive the
/// terminal (escape sequences in descriptions, say).
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_761_000), "2026-11-27T06:30:00Z");
    }

    #[test]
    fn sanitize_removes_escapes() {
        assert_eq!(sanitize("a\u{1b}[31mb\n"), "a\u{fffd}[31mb\u{fffd}");
    }
}
