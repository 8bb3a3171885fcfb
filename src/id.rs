//! Secret IDs: `<owner_type>/<owner_id>/<path>`, parsed and validated once.
//!
//! A [`SecretId`] that exists has passed every rule of the spec (§1), so the
//! rest of the code never re-checks. Parsing never echoes a control
//! character back raw: errors quote the input with Rust's escaping.

use std::fmt;
use std::str::FromStr;

use crate::vault::error::{Advice, Error, Result};

/// The longest owner id or path segment, in characters.
pub const MAX_SEGMENT: usize = 128;
/// The most segments a path may have.
pub const MAX_PATH_SEGMENTS: usize = 16;
/// The longest whole ID, in bytes.
pub const MAX_ID_BYTES: usize = 512;

/// Who owns a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OwnerType {
    /// `organization`
    Organization,
    /// `project`
    Project,
    /// `user`
    User,
}

impl OwnerType {
    /// Every owner type, in their canonical order.
    pub const ALL: [OwnerType; 3] = [OwnerType::Organization, OwnerType::Project, OwnerType::User];

    /// The word used in IDs.
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerType::Organization => "organization",
            OwnerType::Project => "project",
            OwnerType::User => "user",
        }
    }

    /// The owner type named by `word`, if it is one.
    pub fn from_word(word: &str) -> Option<OwnerType> {
        OwnerType::ALL.into_iter().find(|t| t.as_str() == word)
    }
}

impl fmt::Display for OwnerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An owner: `<owner_type>/<owner_id>`. The unit of a vault section.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Owner {
    owner_type: OwnerType,
    owner_id: String,
}

impl Owner {
    /// Builds an owner, checking the owner id.
    pub fn new(owner_type: OwnerType, owner_id: &str) -> Result<Owner> {
        check_segment(owner_id, "owner id").map_err(|rule| invalid(owner_id, rule))?;
        Ok(Owner {
            owner_type,
            owner_id: owner_id.to_string(),
        })
    }

    /// The owner type.
    pub fn owner_type(&self) -> OwnerType {
        self.owner_type
    }

    /// The owner id.
    pub fn owner_id(&self) -> &str {
        &self.owner_id
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner_type, self.owner_id)
    }
}

impl FromStr for Owner {
    type Err = Error;

    fn from_str(s: &str) -> Result<Owner> {
        let (kind, id) = s.split_once('/').ok_or_else(|| {
            invalid(
                s,
                "an owner is `<owner_type>/<owner_id>`, e.g. `project/atlas`".into(),
            )
        })?;
        let owner_type =
            OwnerType::from_word(kind).ok_or_else(|| invalid(s, bad_owner_type(kind)))?;
        Owner::new(owner_type, id)
    }
}

/// A validated secret ID.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretId {
    owner: Owner,
    path: String,
}

impl SecretId {
    /// Builds an ID from an owner and a path, checking the path.
    pub fn new(owner: Owner, path: &str) -> Result<SecretId> {
        let id = SecretId {
            owner,
            path: path.to_string(),
        };
        check_path(path).map_err(|rule| invalid(&id.to_string(), rule))?;
        if id.to_string().len() > MAX_ID_BYTES {
            return Err(invalid(
                &id.to_string(),
                format!("an ID is at most {MAX_ID_BYTES} bytes"),
            ));
        }
        Ok(id)
    }

    /// Parses `arg` as a full ID, or as a path under `default_owner` when its
    /// first segment is not an owner type.
    pub fn parse_with_default(arg: &str, default_owner: Option<&Owner>) -> Result<SecretId> {
        let first = arg.split('/').next().unwrap_or("");
        if OwnerType::from_word(first).is_some() {
            return arg.parse();
        }
        match default_owner {
            Some(owner) => SecretId::new(owner.clone(), arg),
            None => Err(Error::invalid_advice(
                format!("{arg:?} does not start with an owner type and no default owner is set"),
                Advice::FullId,
            )),
        }
    }

    /// The owner.
    pub fn owner(&self) -> &Owner {
        &self.owner
    }

    /// The path under the owner.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The last path segment (`db-password` for `.../secret/Custom/db-password`).
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

impl fmt::Display for SecretId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.path)
    }
}

impl FromStr for SecretId {
    type Err = Error;

    fn from_str(s: &str) -> Result<SecretId> {
        if s.is_empty() {
            return Err(invalid(s, "an ID cannot be empty".into()));
        }
        if s.len() > MAX_ID_BYTES {
            return Err(invalid(s, format!("an ID is at most {MAX_ID_BYTES} bytes")));
        }
        let mut parts = s.splitn(3, '/');
        let kind = parts.next().unwrap_or("");
        let owner_type =
            OwnerType::from_word(kind).ok_or_else(|| invalid(s, bad_owner_type(kind)))?;
        let owner_id = parts.next().unwrap_or("");
        check_segment(owner_id, "owner id").map_err(|rule| invalid(s, rule))?;
        let path = parts.next().ok_or_else(|| {
            invalid(
                s,
                "an ID is `<owner_type>/<owner_id>/<path>`; the path is missing".into(),
            )
        })?;
        check_path(path).map_err(|rule| invalid(s, rule))?;
        Ok(SecretId {
            owner: Owner {
                owner_type,
                owner_id: owner_id.to_string(),
            },
            path: path.to_string(),
        })
    }
}

/// An ID with an optional `#field`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    /// The secret.
    pub id: SecretId,
    /// The field, if one was named.
    pub field: Option<String>,
}

impl FieldRef {
    /// Parses `ID[#field]`, with the default owner for relative IDs.
    pub fn parse_with_default(arg: &str, default_owner: Option<&Owner>) -> Result<FieldRef> {
        let (id, field) = match arg.split_once('#') {
            Some((id, field)) => {
                if field.is_empty() || !field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    return Err(invalid(
                        arg,
                        "a field name after `#` is letters, digits and `_`".into(),
                    ));
                }
                (id, Some(field.to_string()))
            }
            None => (arg, None),
        };
        Ok(FieldRef {
            id: SecretId::parse_with_default(id, default_owner)?,
            field,
        })
    }
}

/// A listing prefix, matched segment by segment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prefix {
    segments: Vec<String>,
}

impl Prefix {
    /// Everything.
    pub fn all() -> Prefix {
        Prefix::default()
    }

    /// Parses a prefix: an owner type, an owner, or an owner and part of a
    /// path; relative prefixes go under the default owner. A trailing `/` is
    /// ignored.
    pub fn parse_with_default(arg: &str, default_owner: Option<&Owner>) -> Result<Prefix> {
        let trimmed = arg.strip_suffix('/').unwrap_or(arg);
        if trimmed.is_empty() {
            return Ok(Prefix::all());
        }
        let first = trimmed.split('/').next().unwrap_or("");
        let full = if OwnerType::from_word(first).is_some() {
            trimmed.to_string()
        } else {
            match default_owner {
                Some(owner) => format!("{owner}/{trimmed}"),
                None => {
                    return Err(Error::invalid_advice(
                        format!(
                            "prefix {arg:?} does not start with an owner type and no default owner is set"
                        ),
                        Advice::FullPrefix,
                    ));
                }
            }
        };
        let segments: Vec<String> = full.split('/').map(str::to_string).collect();
        for (i, seg) in segments.iter().enumerate().skip(1) {
            let what = if i == 1 { "owner id" } else { "path segment" };
            check_segment(seg, what).map_err(|rule| invalid(arg, rule))?;
        }
        if segments.len() > 2 + MAX_PATH_SEGMENTS {
            return Err(invalid(
                arg,
                format!("a path has at most {MAX_PATH_SEGMENTS} segments"),
            ));
        }
        Ok(Prefix { segments })
    }

    /// Builds a prefix from the split form (`--owner-type`, `--owner-id`,
    /// `--path`), like the seed system's `get_settings`.
    pub fn from_parts(
        owner_type: Option<OwnerType>,
        owner_id: Option<&str>,
        path: Option<&str>,
    ) -> Result<Prefix> {
        let mut segments = Vec::new();
        match (owner_type, owner_id, path) {
            (None, Some(_), _) | (None, None, Some(_)) => {
                return Err(Error::invalid("an owner id or a path needs an owner type"));
            }
            (Some(_), None, Some(_)) => return Err(Error::invalid("a path needs an owner id")),
            _ => {}
        }
        if let Some(t) = owner_type {
            segments.push(t.as_str().to_string());
        }
        if let Some(id) = owner_id {
            check_segment(id, "owner id").map_err(|rule| invalid(id, rule))?;
            segments.push(id.to_string());
        }
        if let Some(p) = path {
            let p = p.strip_suffix('/').unwrap_or(p);
            if !p.is_empty() {
                check_path(p).map_err(|rule| invalid(p, rule))?;
                segments.extend(p.split('/').map(str::to_string));
            }
        }
        Ok(Prefix { segments })
    }

    /// The owner type, when the prefix names one.
    pub fn owner_type(&self) -> Option<OwnerType> {
        self.segments.first().and_then(|s| OwnerType::from_word(s))
    }

    /// The owner, when the prefix names one.
    pub fn owner(&self) -> Option<Owner> {
        let owner_type = self.owner_type()?;
        let owner_id = self.segments.get(1)?;
        Some(Owner {
            owner_type,
            owner_id: owner_id.clone(),
        })
    }

    /// Whether `id` lies under this prefix, comparing whole segments.
    pub fn matches(&self, id: &SecretId) -> bool {
        let mut want = self.segments.iter();
        let Some(kind) = want.next() else { return true };
        if kind != id.owner.owner_type.as_str() {
            return false;
        }
        let Some(owner_id) = want.next() else {
            return true;
        };
        if *owner_id != id.owner.owner_id {
            return false;
        }
        let mut have = id.path.split('/');
        want.all(|seg| have.next() == Some(seg.as_str()))
    }

    /// Whether the prefix is exactly the ID (a selector naming one secret).
    pub fn as_id(&self) -> Option<SecretId> {
        if self.segments.len() < 3 {
            return None;
        }
        self.segments.join("/").parse().ok()
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.segments.join("/"))
    }
}

fn bad_owner_type(word: &str) -> String {
    format!("{word:?} is not an owner type; use organization, project or user")
}

fn invalid(id: &str, rule: String) -> Error {
    Error::InvalidId {
        id: id.to_string(),
        rule,
    }
}

fn check_path(path: &str) -> std::result::Result<(), String> {
    if path.is_empty() {
        return Err("the path under the owner cannot be empty".into());
    }
    let count = path.split('/').count();
    if count > MAX_PATH_SEGMENTS {
        return Err(format!(
            "a path has at most {MAX_PATH_SEGMENTS} segments, this one has {count}"
        ));
    }
    path.split('/')
        .try_for_each(|seg| check_segment(seg, "path segment"))
}

fn check_segment(seg: &str, what: &str) -> std::result::Result<(), String> {
    if seg.is_empty() {
        return Err(format!(
            "an empty {what} (no `//`, no leading or trailing `/`)"
        ));
    }
    if seg == "." || seg == ".." {
        return Err(format!("a {what} cannot be `.` or `..`"));
    }
    if seg.chars().count() > MAX_SEGMENT {
        return Err(format!("a {what} is at most {MAX_SEGMENT} characters"));
    }
    if let Some(c) = seg
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "{c:?} is not allowed in a {what}; use letters, digits, `.`, `_` and `-`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_id() {
        let id: SecretId = "project/atlas/connect/S3/prod-bucket".parse().unwrap();
        assert_eq!(id.owner().owner_type(), OwnerType::Project);
        assert_eq!(id.owner().owner_id(), "atlas");
        assert_eq!(id.path(), "connect/S3/prod-bucket");
        assert_eq!(id.name(), "prod-bucket");
        assert_eq!(id.to_string(), "project/atlas/connect/S3/prod-bucket");
    }

    #[test]
    fn rejects_hostile_ids() {
        let long_seg = "a".repeat(129);
        let many = vec!["a"; 17].join("/");
        let huge = format!("user/u/{}", vec!["b".repeat(100); 6].join("/"));
        for bad in [
            "",
            "project",
            "project/atlas",
            "project/atlas/",
            "project//x",
            "project/atlas/a//b",
            "project/atlas/..",
            "project/atlas/./x",
            "team/atlas/x",
            "project/atlas/x\u{1b}[31m",
            "project/atlas/has space",
            "project/atlas/star*",
        ] {
            assert!(
                bad.parse::<SecretId>().is_err(),
                "{bad:?} should be rejected"
            );
        }
        for bad in [format!("user/u/{long_seg}"), format!("user/u/{many}"), huge] {
            assert!(
                bad.parse::<SecretId>().is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn errors_never_carry_raw_control_characters() {
        let err = "project/atlas/x\u{1b}[31m"
            .parse::<SecretId>()
            .unwrap_err()
            .to_string();
        assert!(!err.contains('\u{1b}'), "{err}");
    }

    #[test]
    fn default_owner_applies_to_relative_ids() {
        let owner: Owner = "project/atlas".parse().unwrap();
        let id = SecretId::parse_with_default("secret/Custom/x", Some(&owner)).unwrap();
        assert_eq!(id.to_string(), "project/atlas/secret/Custom/x");
        assert!(SecretId::parse_with_default("secret/Custom/x", None).is_err());
        let full = SecretId::parse_with_default("user/bob/x", Some(&owner)).unwrap();
        assert_eq!(full.to_string(), "user/bob/x");
    }

    #[test]
    fn prefixes_match_whole_segments() {
        let p = Prefix::parse_with_default("project/atlas/connect/S3", None).unwrap();
        assert!(p.matches(&"project/atlas/connect/S3/prod".parse().unwrap()));
        assert!(!p.matches(&"project/atlas/connect/S3x/prod".parse().unwrap()));
        assert!(!p.matches(&"project/atlasx/connect/S3/prod".parse().unwrap()));
        let owner_only = Prefix::parse_with_default("project", None).unwrap();
        assert!(owner_only.matches(&"project/a/b".parse().unwrap()));
        assert!(!owner_only.matches(&"user/a/b".parse().unwrap()));
    }

    #[test]
    fn field_refs_split_on_hash() {
        let r =
            FieldRef::parse_with_default("project/a/connect/S3/x#secret_access_key", None).unwrap();
        assert_eq!(r.field.as_deref(), Some("secret_access_key"));
        assert!(FieldRef::parse_with_default("project/a/x#", None).is_err());
    }
}
