//! Reading secrets from other formats for `sesame import`: sesame's own
//! JSON export (and its minimal forms), dotenv files, and `pass` stores.
//!
//! Parsers only: they turn input into [`Entry`]s, naming the line or entry
//! of any problem, and never write anything. Values are wrapped in secret
//! types as soon as they are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::value::RawValue;
use zeroize::Zeroizing;

use crate::duration;
use crate::error::{Error, Result};
use crate::id::{Owner, Prefix, SecretId};
use crate::secret::SecretString;
use crate::secret_type::{Fields, SecretType};
use crate::vault::ExportedSecret;

/// The highest version number an import accepts. Version numbers are
/// 32-bit: this bound leaves every imported secret over three billion
/// more versions, so `rotate` never runs out.
pub const MAX_IMPORTED_VERSION: u32 = 1_000_000_000;

/// One secret to import.
#[derive(Debug)]
pub enum Entry {
    /// A whole secret from an export: versions, times and policy kept.
    Record(ExportedSecret),
    /// A value only: version 1 of a new secret, or the next version.
    Value {
        /// The ID.
        id: SecretId,
        /// The fields.
        fields: Fields,
    },
    /// An entry of a password manager's export: like `Value`, with a
    /// description (see `crate::logins`).
    Login {
        /// The ID.
        id: SecretId,
        /// The fields.
        fields: Fields,
        /// Where it came from (user name, URL), shown by `list`.
        description: Option<String>,
    },
}

impl Entry {
    /// The ID.
    pub fn id(&self) -> &SecretId {
        match self {
            Entry::Record(r) => &r.id,
            Entry::Value { id, .. } | Entry::Login { id, .. } => id,
        }
    }
}

#[derive(Deserialize)]
struct JsonEntry {
    id: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    value: Option<SecretString>,
    encoding: Option<String>,
    fields: Option<BTreeMap<String, SecretString>>,
    versions: Option<Vec<JsonVersion>>,
    description: Option<String>,
    created: Option<String>,
    updated: Option<String>,
    rotate_every: Option<String>,
    expires: Option<String>,
}

#[derive(Deserialize)]
struct JsonVersion {
    version: u32,
    created: String,
    value: Option<SecretString>,
    encoding: Option<String>,
    fields: Option<BTreeMap<String, SecretString>>,
}

/// Parses sesame's JSON: an array of export objects or minimal entries,
/// or a single entry object.
pub fn parse_json(text: &str) -> Result<Vec<Entry>> {
    let json_error = |e: serde_json::Error| {
        Error::usage(format!(
            "the input is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    };
    let raws: Vec<Box<RawValue>> = if text.trim_start().starts_with('{') {
        vec![serde_json::from_str(text).map_err(json_error)?]
    } else {
        serde_json::from_str(text).map_err(json_error)?
    };
    raws.iter()
        .enumerate()
        .map(|(i, raw)| {
            let at = |message: String| Error::usage(format!("entry {}: {message}", i + 1));
            let entry: JsonEntry = serde_json::from_str(raw.get()).map_err(|e| {
                // serde's messages can quote values: say what kind, not what.
                at(format!(
                    "not an entry of sesame's JSON ({:?} error at column {})",
                    e.classify(),
                    e.column()
                ))
            })?;
            let id = entry.id.clone();
            json_entry(entry).map_err(|e| at(format!("{id:?}: {e}")))
        })
        .collect()
}

fn json_entry(e: JsonEntry) -> Result<Entry> {
    let id: SecretId = e.id.parse()?;
    let kind = match &e.kind {
        Some(k) => k.parse()?,
        None => SecretType::infer(id.path()),
    };
    let fields_of = |value: Option<SecretString>,
                     encoding: Option<String>,
                     fields: Option<BTreeMap<String, SecretString>>|
     -> Result<Fields> {
        // `"encoding": "base64"`: a binary value, as `crate::binary` keeps it.
        let value = match (encoding.as_deref(), value) {
            (None, value) => value,
            (Some("base64"), Some(v)) if kind.is_single_value() => Some(
                crate::binary::from_base64(v.expose_secret()).ok_or_else(|| {
                    Error::usage(format!(
                        "\"value\" is not base64 of at most {} bytes",
                        crate::binary::MAX_BINARY_BYTES
                    ))
                })?,
            ),
            (Some("base64"), _) => {
                return Err(Error::usage(
                    "\"encoding\" applies to the \"value\" of a variable",
                ));
            }
            (Some(other), _) => {
                return Err(Error::usage(format!(
                    "unknown \"encoding\" {other:?}; the one known is \"base64\""
                )));
            }
        };
        match (value, fields) {
            (Some(v), None) if kind.is_single_value() => Ok(Fields::single(v, true)?),
            (None, Some(f)) => Ok(Fields::new(kind, f.into_iter().collect(), true)?),
            (Some(_), None) => Err(Error::usage(format!(
                "{} secret takes \"fields\", not \"value\"",
                kind.with_article()
            ))),
            (Some(_), Some(_)) => Err(Error::usage("give \"value\" or \"fields\", not both")),
            (None, None) => Err(Error::usage("no \"value\" or \"fields\"")),
        }
    };
    let Some(versions) = e.versions else {
        return Ok(Entry::Value {
            fields: fields_of(e.value, e.encoding, e.fields)?,
            id,
        });
    };
    let time = |name: &str, t: Option<&String>| -> Result<i64> {
        let t = t.ok_or_else(|| Error::usage(format!("no {name:?}")))?;
        duration::parse_date(t).map_err(|e| Error::usage(format!("{name}: {e}")))
    };
    let mut parsed = Vec::with_capacity(versions.len());
    for v in versions {
        let created = time("created", Some(&v.created))?;
        parsed.push((
            v.version,
            created,
            fields_of(v.value, v.encoding, v.fields)?,
        ));
    }
    if parsed.is_empty() || !parsed.windows(2).all(|w| w[0].0 < w[1].0) || parsed[0].0 == 0 {
        return Err(Error::usage(
            "versions must be numbered from 1 up, in order",
        ));
    }
    if let Some(&(n, _, _)) = parsed.last().filter(|v| v.0 > MAX_IMPORTED_VERSION) {
        return Err(Error::usage(format!(
            "version {n} is above {MAX_IMPORTED_VERSION}, the highest version number an import takes"
        )));
    }
    Ok(Entry::Record(ExportedSecret {
        created: time("created", e.created.as_ref())?,
        updated: time("updated", e.updated.as_ref())?,
        description: e.description,
        rotate_every: match e.rotate_every {
            Some(r) => Some(
                duration::parse(&r)
                    .map_err(|e| Error::usage(format!("rotate_every: {e}")))?
                    .as_secs() as i64,
            ),
            None => None,
        },
        expires: match e.expires {
            Some(t) => {
                Some(duration::parse_date(&t).map_err(|e| Error::usage(format!("expires: {e}")))?)
            }
            None => None,
        },
        versions: parsed,
        id,
    }))
}

/// The prefix secrets go under for dotenv and pass imports: it must name
/// an owner.
pub fn parse_prefix(prefix: Option<&str>, default_owner: Option<&Owner>) -> Result<Prefix> {
    let text = prefix.ok_or_else(|| {
        Error::usage_hint(
            "this format needs --prefix",
            "e.g. --prefix project/atlas/secret/Custom",
        )
    })?;
    let p = Prefix::parse_with_default(text, default_owner)?;
    if p.owner().is_none() {
        return Err(Error::usage_hint(
            format!("--prefix {text:?} must name an owner type and id"),
            "e.g. --prefix project/atlas/secret/Custom",
        ));
    }
    Ok(p)
}

fn id_under(prefix: &Prefix, rest: &str) -> Result<SecretId> {
    Ok(format!("{prefix}/{rest}").parse()?)
}

/// Parses a dotenv file: `KEY=value` lines, `export `, comments, literal
/// single quotes, and double quotes with escapes; quoted values may span
/// lines.
pub fn parse_dotenv(text: &str, prefix: &Prefix) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((n, raw)) = lines.next() {
        let line_no = n + 1;
        let bad = |why: &str| Error::usage(format!("line {line_no}: {why}"));
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(line);
        let (key, rest) = line
            .split_once('=')
            .ok_or_else(|| bad("expected KEY=value"))?;
        let key = key.trim_end();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(bad("the key must be letters, digits, `_`, `.` or `-`"));
        }
        let rest = rest.trim_start();
        let value = if let Some(body) = rest.strip_prefix('\'') {
            // Literal, and may span lines, as in sh and python-dotenv.
            let mut value = String::new();
            let mut chunk = body;
            loop {
                if let Some(end) = chunk.find('\'') {
                    value.push_str(&chunk[..end]);
                    expect_only_comment(&chunk[end + 1..])
                        .map_err(|()| bad("text after the closing quote"))?;
                    break;
                }
                value.push_str(chunk);
                value.push('\n');
                let (_, next) = lines
                    .next()
                    .ok_or_else(|| bad("the single quote is never closed"))?;
                chunk = next;
            }
            value
        } else if let Some(body) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chunk = body.to_string();
            loop {
                match double_quoted(&chunk, &mut value) {
                    Some(after) => {
                        expect_only_comment(after)
                            .map_err(|()| bad("text after the closing quote"))?;
                        break;
                    }
                    None => {
                        value.push('\n');
                        let (_, next) = lines
                            .next()
                            .ok_or_else(|| bad("the double quote is never closed"))?;
                        chunk = next.to_string();
                    }
                }
            }
            value
        } else {
            let v = match rest.find(" #").or_else(|| rest.find("\t#")) {
                Some(i) => &rest[..i],
                None => rest,
            };
            v.trim_end().to_string()
        };
        entries.push(Entry::Value {
            id: id_under(prefix, key).map_err(|e| bad(&e.to_string()))?,
            fields: Fields::single(SecretString::new(value), true)?,
        });
    }
    Ok(entries)
}

/// Decodes a double-quoted body into `out`; returns what follows the
/// closing quote, or `None` when the line ends first.
fn double_quoted<'a>(body: &'a str, out: &mut String) -> Option<&'a str> {
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some(&body[i + 1..]),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 't')) => out.push('\t'),
                Some((_, e @ ('"' | '\\' | '\''))) => out.push(e),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    None
}

fn expect_only_comment(after: &str) -> std::result::Result<(), ()> {
    let after = after.trim();
    if after.is_empty() || after.starts_with('#') {
        Ok(())
    } else {
        Err(())
    }
}

/// The default password store: `$PASSWORD_STORE_DIR`, else
/// `~/.password-store`.
pub fn default_pass_store() -> Option<PathBuf> {
    std::env::var_os("PASSWORD_STORE_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".password-store")))
}

/// A pass store read for import: its entries, and what was left out.
#[derive(Debug)]
pub struct PassStore {
    /// The decrypted entries.
    pub entries: Vec<Entry>,
    /// What was not imported: the path relative to the store, and why.
    pub skipped: Vec<(String, &'static str)>,
}

/// Every `*.gpg` under `store`, decrypted with `gpg --batch`, as
/// `PREFIX/<relative path>`. Nothing is returned unless every entry
/// decrypts.
///
/// Only regular files whose real path is inside the store are read: a
/// symbolic link to an entry elsewhere in the store is imported under the
/// link's name, while a link out of the store, a broken link, a link to a
/// directory, and anything named `*.gpg` that is not a regular file (a
/// FIFO would block gpg forever) are skipped and listed in
/// [`PassStore::skipped`]. Each file is opened here, without following
/// links and without blocking, checked to be a regular file, and given to
/// gpg on stdin, so that nothing swapped in after the walk is read.
pub fn read_pass_store(store: &Path, prefix: &Prefix) -> Result<PassStore> {
    if !store.is_dir() {
        return Err(Error::FileNotFound {
            path: store.to_path_buf(),
        });
    }
    let root = store
        .canonicalize()
        .map_err(|e| Error::io("cannot read", store, e))?;
    let mut walk = PassWalk {
        root,
        files: Vec::new(),
        skipped: Vec::new(),
    };
    let root = walk.root.clone();
    walk.dir(&root)?;
    walk.files.sort();
    walk.skipped.sort();
    let mut entries = Vec::with_capacity(walk.files.len());
    for (rel, real) in walk.files {
        let name = rel.strip_suffix(".gpg").unwrap_or(&rel).to_string();
        let id = id_under(prefix, &name).map_err(|e| {
            Error::usage(format!(
                "pass entry {name:?} cannot become a secret ID: {e}"
            ))
        })?;
        let file = open_pass_entry(&real).map_err(|e| Error::Other {
            message: format!("cannot read pass entry {name:?}: {e}; nothing was imported"),
        })?;
        let output = Command::new("gpg")
            .args(["--batch", "--quiet", "--status-fd", "2", "--decrypt"])
            .stdin(Stdio::from(file))
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| Error::Other {
                message: format!("cannot run gpg to decrypt pass entry {name:?}: {e}"),
            })?;
        let content = Zeroizing::new(output.stdout);
        // gpg can exit 0 having decrypted nothing (a file cut inside its
        // session key: NODATA); only DECRYPTION_OKAY means we have it all.
        let status = String::from_utf8_lossy(&output.stderr);
        if !output.status.success()
            || !status
                .lines()
                .any(|l| l.starts_with("[GNUPG:] DECRYPTION_OKAY"))
        {
            return Err(Error::Other {
                message: format!(
                    "gpg cannot decrypt pass entry {name:?} ({}); nothing was imported",
                    output.status
                ),
            });
        }
        let text = String::from_utf8(content.to_vec())
            .map_err(|_| Error::usage(format!("pass entry {name:?} is not UTF-8 text")))?;
        entries.push(Entry::Value {
            id,
            fields: Fields::single(SecretString::new(text), true)?,
        });
    }
    Ok(PassStore {
        entries,
        skipped: walk.skipped,
    })
}

/// Opens a pass entry found by the walk: never through a link in its last
/// component, never blocking on a FIFO, and only if it is a regular file.
fn open_pass_entry(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("it is no longer a regular file"));
    }
    // gpg reads it as stdin, which it expects to block as files do.
    rustix::fs::fcntl_setfl(&file, OFlags::empty())?;
    Ok(file)
}

/// The walk of a pass store: the entries to decrypt (path relative to the
/// store, real path) and what is skipped.
struct PassWalk {
    /// The store's real path.
    root: PathBuf,
    files: Vec<(String, PathBuf)>,
    skipped: Vec<(String, &'static str)>,
}

impl PassWalk {
    /// Walks `dir` (a real path inside the store) without following links.
    fn dir(&mut self, dir: &Path) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("cannot read", dir, e))?;
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue; // .git, .gpg-id, .extensions
            }
            let is_gpg = name.to_string_lossy().ends_with(".gpg");
            let rel = path
                .strip_prefix(&self.root)
                .expect("walked from root")
                .to_string_lossy()
                .into_owned();
            let kind = entry
                .file_type()
                .map_err(|e| Error::io("cannot read", &path, e))?;
            if kind.is_dir() {
                self.dir(&path)?;
            } else if kind.is_file() {
                if is_gpg {
                    self.files.push((rel, path));
                }
            } else if kind.is_symlink() {
                self.link(rel, &path, is_gpg);
            } else if is_gpg {
                self.skipped.push((rel, "it is not a regular file"));
            }
        }
        Ok(())
    }

    /// A symbolic link: imported only if it leads to a regular `*.gpg`
    /// file inside the store. Links to directories are not followed, so the
    /// walk cannot loop and no entry is imported twice through them.
    fn link(&mut self, rel: String, path: &Path, is_gpg: bool) {
        let Ok(real) = std::fs::canonicalize(path) else {
            if is_gpg {
                self.skipped.push((rel, "it is a broken symbolic link"));
            }
            return;
        };
        let is_dir = real.is_dir();
        if !real.starts_with(&self.root) {
            if is_gpg || is_dir {
                self.skipped
                    .push((rel, "it is a symbolic link out of the store"));
            }
        } else if is_dir {
            self.skipped.push((
                rel,
                "it is a symbolic link to a directory (its entries are imported where they are)",
            ));
        } else if is_gpg {
            if real.is_file() {
                self.files.push((rel, real));
            } else {
                self.skipped.push((
                    rel,
                    "it is a symbolic link to something that is not a regular file",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix() -> Prefix {
        Prefix::parse_with_default("project/atlas/secret/Custom", None).unwrap()
    }

    fn values(entries: &[Entry]) -> Vec<(String, String)> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Value { id, fields } => (
                    id.name().to_string(),
                    fields.get("value").unwrap().expose_secret().to_string(),
                ),
                _ => panic!("no records in dotenv"),
            })
            .collect()
    }

    #[test]
    fn dotenv_forms() {
        let text = "# comment\n\nA=plain # trailing\nexport B='lit\\n $X'\nC=\"esc\\n\\\"q\\\" \\\\ \\t\"\nD=\"multi\nline\"\nE=\n";
        let got = values(&parse_dotenv(text, &prefix()).unwrap());
        assert_eq!(
            got,
            [
                ("A".into(), "plain".into()),
                ("B".into(), "lit\\n $X".into()),
                ("C".into(), "esc\n\"q\" \\ \t".into()),
                ("D".into(), "multi\nline".into()),
                ("E".into(), "".into()),
            ]
        );
    }

    #[test]
    fn dotenv_errors_name_the_line() {
        for (text, line) in [
            ("A=1\nnot a pair\n", 2),
            ("A=1\nB='open\n", 2),
            ("A=\"never closed\nB=2\n", 1),
            ("A b=1", 1),
        ] {
            let err = parse_dotenv(text, &prefix()).unwrap_err().to_string();
            assert!(err.contains(&format!("line {line}")), "{text:?}: {err}");
        }
    }

    #[test]
    fn dotenv_reads_what_env_writes() {
        for v in [
            "it's",
            "back\\slash",
            "new\nline",
            "dq \"q\"",
            "tab\there",
            "$HOME and\n$(id) `id`",
            "x # y",
            "end\\",
        ] {
            let line = format!("K={}\n", crate::envvars::dotenv_quote(v).unwrap());
            assert_eq!(
                values(&parse_dotenv(&line, &prefix()).unwrap())[0].1,
                v,
                "{line:?}"
            );
        }
    }

    #[test]
    fn json_minimal_and_errors() {
        let e = parse_json(r#"[{"id": "user/u/x", "value": "v"}, {"id": "user/u/connect/S3/b", "fields": {"access_key_id": "a", "secret_access_key": "s"}}]"#).unwrap();
        assert_eq!(e.len(), 2);
        assert!(matches!(&e[1], Entry::Value { fields, .. } if fields.kind() == SecretType::S3));
        let err = parse_json(
            r#"[{"id": "user/u/x", "value": "v"}, {"id": "bad id", "value": "hunter2"}]"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("entry 2"), "{err}");
        assert!(!err.to_string().contains("hunter2"));
        let err = parse_json(r#"[{"id": "user/u/x", "value": 987654}]"#).unwrap_err();
        assert!(
            err.to_string().contains("entry 1") && !err.to_string().contains("987654"),
            "{err}"
        );
        assert!(parse_json("[{").is_err());
    }
}
