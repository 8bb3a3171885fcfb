//! Everything printed on stdout goes through here: values, tables, JSON,
//! ID lists. Notices and errors go to stderr elsewhere.
//!
//! Writing to a closed pipe (`sesame list | head -1`) is not an error the
//! user needs to see: it becomes [`Error::Io`] with `BrokenPipe`, which
//! `main` turns into a quiet exit.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value, json};

pub use crate::duration::rfc3339;
use crate::error::{Error, Result};
use crate::secret_type::Fields;
pub use crate::text::{is_hidden, sanitize};
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
    let mut text = json_pretty(value);
    let result = print(&text);
    zeroize::Zeroize::zeroize(&mut text);
    result
}

/// Prints a JSON array of `items`, pretty, with a final newline: the same
/// text [`print_json`] prints for the array, written a chunk at a time so
/// a listing of 100,000 secrets never holds all of it.
pub fn print_json_array(items: impl IntoIterator<Item = Value>) -> Result<()> {
    write_json_array(items, print)
}

/// [`print_json_array`], giving each chunk of text to `emit`.
fn write_json_array(
    items: impl IntoIterator<Item = Value>,
    mut emit: impl FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut out = zeroize::Zeroizing::new(String::new());
    let mut first = true;
    for item in items {
        out.push_str(if first { "[\n" } else { ",\n" });
        first = false;
        let text = zeroize::Zeroizing::new(json_pretty(&item));
        for (i, line) in text.trim_end_matches('\n').split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("  ");
            out.push_str(line);
        }
        if out.len() >= 1 << 16 {
            emit(&out)?;
            zeroize::Zeroize::zeroize(&mut *out);
        }
    }
    out.push_str(if first { "[]\n" } else { "\n]\n" });
    emit(&out)
}

/// A JSON value as pretty text with a final newline, every [`is_hidden`]
/// character inside a string written as a `\uXXXX` escape (a surrogate
/// pair beyond the BMP). serde_json escapes only C0 controls, `"` and `\`;
/// this makes the rest of the set unable to reach a terminal either. The
/// text still parses back to exactly the same strings.
pub fn json_pretty(value: &Value) -> String {
    let mut raw = serde_json::to_string_pretty(value).expect("a JSON value always serializes");
    let mut text = escape_json_text(&raw);
    zeroize::Zeroize::zeroize(&mut raw);
    text.push('\n');
    text
}

/// Escapes the [`is_hidden`] characters of serialized JSON. Outside its
/// strings JSON text is ASCII punctuation and whitespace, and serde_json
/// has already escaped C0 controls inside them, so every character above
/// U+001F this touches is inside a string, where `\uXXXX` means the same.
fn escape_json_text(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c > '\u{1f}' && is_hidden(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Prints a warning that does not stop the command: `sesame: warning: …`
/// on stderr, hidden characters escaped. The CLI's [`crate::vault::OpenOptions::warn`].
pub fn warn(message: &str) {
    eprintln!("sesame: warning: {}", sanitize(message));
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
    // Only format 2 has these, and only when they apply.
    if info.conflict {
        m.insert("conflict".into(), json!(true));
    }
    if let Some(short) = &info.instance {
        m.insert("instance".into(), json!(short));
    }
    m
}

/// Adds `value` (single-value types) or `fields` to a JSON object.
pub fn add_fields(m: &mut Map<String, Value>, fields: &Fields) {
    if fields.kind().is_single_value() {
        if let Some(b64) = fields.get("value").and_then(crate::binary::base64_of) {
            m.insert("value".into(), json!(b64));
            m.insert("encoding".into(), json!("base64"));
            return;
        }
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
/// single-value type, else one line of compact JSON of its fields. A
/// binary value shows as `<binary, N bytes>` (its bytes come only from
/// `get`, to a file or pipe).
pub fn plain_value(fields: &Fields) -> String {
    if let Some(bytes) = fields.get("value").and_then(crate::binary::bytes_of) {
        return format!("<binary, {} bytes>", bytes.len());
    }
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
    if info.conflict {
        out.push("conflict");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The array printed a chunk at a time is the text of the whole array
    /// printed at once, and is cut into chunks when it is long.
    #[test]
    fn a_json_array_printed_in_chunks_is_the_array_printed_whole() {
        let row = |i: usize| {
            serde_json::json!({
                "id": format!("user/me/p{i}"),
                "empty": {},
                "none": [],
                "list": [1, {"a": null}],
                "hidden": "a\u{202e}b\u{7}c\nd",
            })
        };
        for n in [0, 1, 2, 700] {
            let items: Vec<Value> = (0..n).map(row).collect();
            let mut chunks: Vec<String> = Vec::new();
            write_json_array(items.clone(), |text| {
                chunks.push(text.to_string());
                Ok(())
            })
            .unwrap();
            assert_eq!(
                chunks.concat(),
                json_pretty(&Value::Array(items)),
                "{n} items"
            );
            assert_eq!(
                chunks.len() > 1,
                n == 700,
                "{n} items: {} chunks",
                chunks.len()
            );
        }
    }

    #[test]
    fn sanitize_escapes_controls_bidi_and_invisibles() {
        assert_eq!(sanitize("a\u{1b}[31mb\n"), r"a\u{1b}[31mb\n");
        assert_eq!(
            sanitize("x\u{9b}1m\u{202e}y\u{2066}\u{200b}\u{2028}\u{feff}\u{e0041}"),
            r"x\u{9b}1m\u{202e}y\u{2066}\u{200b}\u{2028}\u{feff}\u{e0041}"
        );
        assert_eq!(sanitize("pässwörd — 密码 🔑"), "pässwörd — 密码 🔑");
    }

    /// Every character of the set is one Rust's own `Debug` escapes too, so
    /// the set holds no printable character by mistake.
    #[test]
    fn hidden_characters_are_all_non_printable() {
        for c in (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| is_hidden(*c))
        {
            assert!(
                c.escape_debug().next() == Some('\\'),
                "U+{:04X} is printable",
                c as u32
            );
        }
    }

    #[test]
    fn json_escapes_round_trip_exactly() {
        let text =
            "a\u{1b}\u{7f}\u{85}\u{9b}\u{202e}\u{2069}\u{200f}\u{2029}\u{feff}\u{e0041}\\\"é🔑";
        let out = json_pretty(&json!({ "k\u{202e}": text }));
        assert!(!out.chars().any(|c| c > '\u{1f}' && is_hidden(c)), "{out}");
        assert!(
            out.contains(r"\u202e") && out.contains(r"\udb40\udc41"),
            "{out}"
        );
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, json!({ "k\u{202e}": text }));
    }
}
