//! Password-manager exports for `sesame import`: KeePass XML (as
//! `keepassxc-cli export --format xml` writes it) and Bitwarden's
//! unencrypted JSON export.
//!
//! Parsers only, like `import`: they turn an export into [`Entry`]s and
//! write nothing. Both go through one [`Login`] shape and one mapping
//! ([`to_entries`]), so the two formats land the same way:
//!
//! - groups or folders become path segments under `--prefix`, the title
//!   the last one (characters outside `[A-Za-z0-9._-]` become `-`; a name
//!   taken twice gets `-2`, `-3`, …);
//! - a login with a user name, a URL and a password becomes a `registry`
//!   secret (`server` = URL, `username`, `password`); anything else a
//!   `variable` holding the password (a note alone: the note), with the
//!   user name and URL in its description;
//! - the notes of a login, and each custom field, become variables beside
//!   it, `<title>.notes` and `<title>.<field>`;
//! - what cannot be imported (attachments, cards, identities, the recycle
//!   bin, empty entries, old versions) is counted in [`Parsed::skipped`].

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::id::{Prefix, SecretId};
use crate::import::Entry;
use crate::secret::SecretString;
use crate::secret_type::{Fields, SecretType};

/// One entry of a password manager, before it becomes secrets.
#[derive(Debug, Default)]
pub struct Login {
    /// Group or folder names, outermost first.
    pub groups: Vec<String>,
    /// The title.
    pub title: String,
    /// User name.
    pub username: String,
    /// Password.
    pub password: SecretString,
    /// URL.
    pub url: String,
    /// Notes.
    pub notes: SecretString,
    /// Custom fields, in order.
    pub extra: Vec<(String, SecretString)>,
}

/// An export read for import.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The secrets to import.
    pub entries: Vec<Entry>,
    /// What was left out, with how many: `("attachments", 2)`.
    pub skipped: BTreeMap<&'static str, usize>,
}

impl Parsed {
    fn skip(&mut self, what: &'static str, n: usize) {
        if n > 0 {
            *self.skipped.entry(what).or_default() += n;
        }
    }
}

/// A path segment from a title or group name.
fn segment(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_matches('-').to_string();
    out.truncate(100);
    match out.as_str() {
        "" => "untitled".into(),
        "." | ".." => format!("_{out}"),
        _ => out,
    }
}

/// Turns logins into entries under `prefix` (see the module doc).
pub fn to_entries(logins: Vec<Login>, prefix: &Prefix, parsed: &mut Parsed) -> Result<()> {
    let mut taken: HashSet<String> = HashSet::new();
    for login in logins {
        let has_password = !login.password.is_empty();
        let has_notes = !login.notes.is_empty();
        if !has_password
            && !has_notes
            && login.username.is_empty()
            && login.url.is_empty()
            && login.extra.is_empty()
        {
            parsed.skip("empty entries", 1);
            continue;
        }
        let dir: Vec<String> = login.groups.iter().map(|g| segment(g)).collect();
        let name = segment(&login.title);
        let base = {
            let mut n = 1;
            loop {
                let candidate = if n == 1 {
                    name.clone()
                } else {
                    format!("{name}-{n}")
                };
                let mut path = dir.clone();
                path.push(candidate.clone());
                let id = id_under(prefix, &path.join("/"), &login.title)?;
                if !taken.contains(&id.to_string()) {
                    break candidate;
                }
                n += 1;
            }
        };
        let make = |leaf: &str| -> Result<SecretId> {
            let mut path = dir.clone();
            path.push(leaf.to_string());
            id_under(prefix, &path.join("/"), &login.title)
        };
        let mut about = Vec::new();
        if login.title != base && !login.title.is_empty() {
            about.push(format!("title: {}", login.title));
        }
        let registry = has_password && !login.username.is_empty() && !login.url.is_empty();
        let (fields, notes_apart) = if registry {
            let fields = Fields::new(
                SecretType::Registry,
                vec![
                    ("server".into(), SecretString::from(login.url.as_str())),
                    (
                        "username".into(),
                        SecretString::from(login.username.as_str()),
                    ),
                    ("password".into(), login.password.clone()),
                ],
                false,
            )?;
            (fields, has_notes)
        } else {
            if !login.username.is_empty() {
                about.push(format!("username: {}", login.username));
            }
            if !login.url.is_empty() {
                about.push(format!("url: {}", login.url));
            }
            if has_password {
                (Fields::single(login.password.clone(), true)?, has_notes)
            } else {
                (Fields::single(login.notes.clone(), true)?, false)
            }
        };
        let id = make(&base)?;
        taken.insert(id.to_string());
        parsed.entries.push(Entry::Login {
            id: id.clone(),
            fields,
            description: (!about.is_empty()).then(|| about.join(", ")),
        });
        let mut beside = Vec::new();
        if notes_apart {
            beside.push(("notes".to_string(), login.notes.clone()));
        }
        beside.extend(login.extra.iter().map(|(k, v)| (segment(k), v.clone())));
        for (key, value) in beside {
            let mut leaf = format!("{base}.{key}");
            let mut n = 2;
            while taken.contains(&make(&leaf)?.to_string()) {
                leaf = format!("{base}.{key}-{n}");
                n += 1;
            }
            let extra_id = make(&leaf)?;
            taken.insert(extra_id.to_string());
            parsed.entries.push(Entry::Login {
                id: extra_id,
                fields: Fields::single(value, true)?,
                description: Some(format!("{key} of {}", id.name())),
            });
        }
    }
    Ok(())
}

fn id_under(prefix: &Prefix, rest: &str, title: &str) -> Result<SecretId> {
    format!("{prefix}/{rest}")
        .parse()
        .map_err(|e: crate::vault::Error| {
            Error::usage(format!(
                "entry {title:?} cannot become a secret ID: {e}; nothing was imported"
            ))
        })
}

// ---- KeePass XML ---------------------------------------------------------------

/// Parses KeePass XML (KeePassXC's or KeePass 2's plain XML export). Only
/// each entry's current version is imported; the recycle bin is left out.
pub fn parse_keepass_xml(text: &str, prefix: &Prefix) -> Result<Parsed> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        // Positions only: the parser's messages can quote the input.
        let pos = e.pos();
        Error::usage(format!(
            "the input is not well-formed XML (line {}, column {})",
            pos.row, pos.col
        ))
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "KeePassFile" {
        return Err(Error::usage_hint(
            "the input is not KeePass XML (no <KeePassFile>)",
            "export it with `keepassxc-cli export --format xml DB > file.xml`",
        ));
    }
    let recycle_bin = child(root, "Meta")
        .filter(|m| child_text(*m, "RecycleBinEnabled") != "False")
        .map(|m| child_text(m, "RecycleBinUUID"))
        .filter(|u| !u.is_empty() && !u.bytes().all(|b| b == b'A' || b == b'='));
    let top = child(root, "Root")
        .and_then(|r| child(r, "Group"))
        .ok_or_else(|| Error::usage("KeePass XML without <Root><Group>"))?;
    let mut parsed = Parsed::default();
    let mut logins = Vec::new();
    walk(
        top,
        &mut Vec::new(),
        recycle_bin.as_deref(),
        &mut logins,
        &mut parsed,
    )?;
    to_entries(logins, prefix, &mut parsed)?;
    Ok(parsed)
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    child(node, name).map(text_of).unwrap_or_default()
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect()
}

/// Collects the entries of `group` and its subgroups; `path` holds the
/// names of the groups below the top one.
fn walk(
    group: roxmltree::Node<'_, '_>,
    path: &mut Vec<String>,
    recycle_bin: Option<&str>,
    logins: &mut Vec<Login>,
    parsed: &mut Parsed,
) -> Result<()> {
    for node in group.children().filter(|c| c.is_element()) {
        match node.tag_name().name() {
            "Group" => {
                if recycle_bin.is_some_and(|uuid| child_text(node, "UUID") == uuid) {
                    let n = node
                        .descendants()
                        .filter(|d| {
                            d.tag_name().name() == "Entry"
                                && d.parent().is_some_and(|p| p.tag_name().name() == "Group")
                        })
                        .count();
                    parsed.skip("entries in the recycle bin", n);
                    continue;
                }
                path.push(child_text(node, "Name"));
                walk(node, path, recycle_bin, logins, parsed)?;
                path.pop();
            }
            "Entry" => logins.push(keepass_entry(node, path, parsed)?),
            _ => {}
        }
    }
    Ok(())
}

fn keepass_entry(
    entry: roxmltree::Node<'_, '_>,
    path: &[String],
    parsed: &mut Parsed,
) -> Result<Login> {
    let mut login = Login {
        groups: path.to_vec(),
        ..Login::default()
    };
    for node in entry.children().filter(|c| c.is_element()) {
        match node.tag_name().name() {
            "String" => {
                let key = child_text(node, "Key");
                let value_node = child(node, "Value");
                if value_node.is_some_and(|v| v.attribute("Protected") == Some("True")) {
                    return Err(Error::usage_hint(
                        format!(
                            "the field {key:?} of an entry is still encrypted (Protected=\"True\"); nothing was imported"
                        ),
                        "export the database as plain XML (`keepassxc-cli export --format xml`)",
                    ));
                }
                let value = value_node.map(text_of).unwrap_or_default();
                match key.as_str() {
                    "Title" => login.title = value,
                    "UserName" => login.username = value,
                    "Password" => login.password = SecretString::new(value),
                    "URL" => login.url = value,
                    "Notes" => login.notes = SecretString::new(value),
                    _ if value.is_empty() => {}
                    _ => login.extra.push((key, SecretString::new(value))),
                }
            }
            "Binary" => parsed.skip("attachments", 1),
            "History" => parsed.skip(
                "older versions of entries",
                node.children().filter(|c| c.is_element()).count(),
            ),
            _ => {}
        }
    }
    Ok(login)
}

// ---- Bitwarden JSON -----------------------------------------------------------

#[derive(Deserialize)]
struct BwExport {
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    folders: Vec<BwFolder>,
    #[serde(default)]
    collections: Vec<BwFolder>,
    items: Vec<BwItem>,
}

#[derive(Deserialize)]
struct BwFolder {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct BwItem {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default)]
    name: String,
    notes: Option<SecretString>,
    #[serde(rename = "folderId")]
    folder_id: Option<String>,
    #[serde(rename = "collectionIds")]
    collection_ids: Option<Vec<String>>,
    login: Option<BwLogin>,
    fields: Option<Vec<BwField>>,
}

#[derive(Deserialize)]
struct BwLogin {
    username: Option<String>,
    password: Option<SecretString>,
    uris: Option<Vec<BwUri>>,
    totp: Option<SecretString>,
}

#[derive(Deserialize)]
struct BwUri {
    uri: Option<String>,
}

#[derive(Deserialize)]
struct BwField {
    name: Option<String>,
    value: Option<SecretString>,
}

/// Parses Bitwarden's unencrypted JSON export (a personal vault's, with
/// `folders`, or an organization's, with `collections`). Logins and secure
/// notes are imported; cards and identities are counted as skipped.
pub fn parse_bitwarden(text: &str, prefix: &Prefix) -> Result<Parsed> {
    let export: BwExport = serde_json::from_str(text).map_err(|e| {
        Error::usage_hint(
            format!(
                "the input is not a Bitwarden JSON export (line {}, column {})",
                e.line(),
                e.column()
            ),
            "export it from Bitwarden as .json (not encrypted)",
        )
    })?;
    if export.encrypted {
        return Err(Error::usage_hint(
            "this Bitwarden export is encrypted; sesame reads only the unencrypted JSON export",
            "export again choosing the format .json",
        ));
    }
    let names: BTreeMap<&str, &str> = export
        .folders
        .iter()
        .chain(&export.collections)
        .map(|f| (f.id.as_str(), f.name.as_str()))
        .collect();
    let mut parsed = Parsed::default();
    let mut logins = Vec::new();
    for item in &export.items {
        let folder = item
            .folder_id
            .as_deref()
            .or_else(|| item.collection_ids.as_ref()?.first().map(String::as_str))
            .and_then(|id| names.get(id));
        let groups = folder
            .map(|f| {
                f.split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut login = Login {
            groups,
            title: item.name.clone(),
            notes: item.notes.clone().unwrap_or_default(),
            ..Login::default()
        };
        match (item.kind, &item.login) {
            (1, Some(l)) => {
                login.username = l.username.clone().unwrap_or_default();
                login.password = l.password.clone().unwrap_or_default();
                login.url = l
                    .uris
                    .iter()
                    .flatten()
                    .find_map(|u| u.uri.clone())
                    .unwrap_or_default();
                if let Some(totp) = l.totp.clone().filter(|t| !t.is_empty()) {
                    login.extra.push(("totp".into(), totp));
                }
            }
            (1, None) | (2, _) => {}
            (3, _) => {
                parsed.skip("cards", 1);
                continue;
            }
            (4, _) => {
                parsed.skip("identities", 1);
                continue;
            }
            _ => {
                parsed.skip("items of other types", 1);
                continue;
            }
        }
        for field in item.fields.iter().flatten() {
            if let (Some(name), Some(value)) = (&field.name, &field.value)
                && !value.is_empty()
            {
                login.extra.push((name.clone(), value.clone()));
            }
        }
        logins.push(login);
    }
    to_entries(logins, prefix, &mut parsed)?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn segments_are_valid_path_segments() {
        assert_eq!(segment("AWS (prod) / root"), "AWS-prod-root");
        assert_eq!(segment("Bank ü"), "Bank");
        assert_eq!(segment("🔑"), "untitled");
        assert_eq!(segment(".."), "_..");
        assert_eq!(segment("a.b_c-d"), "a.b_c-d");
        assert_eq!(segment(&"x".repeat(300)).len(), 100);
    }
}
