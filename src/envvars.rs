//! Secrets as environment variables: the naming rules of the spec, the
//! conflict rule, the deny list of names that change how programs run, and
//! quoting for `sh`, dotenv and JSON.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::id::{FieldRef, Owner, Prefix, SecretId};
use crate::secret::SecretString;
use crate::secret_type::{Fields, SecretType};
use crate::vault::Vault;

/// One variable and where it came from.
#[derive(Debug)]
pub struct Var {
    /// The variable's name.
    pub name: String,
    /// Its value.
    pub value: SecretString,
    /// The secret (or `--map`) it came from, for conflict messages.
    pub source: String,
    /// For a variable a selected secret gives by the naming rules: the
    /// secret's ID and the field, to show the `--map` that names it
    /// otherwise.
    pub named_from: Option<(SecretId, &'static str)>,
}

/// `db-password` → `DB_PASSWORD`; every character outside `[A-Za-z0-9]`
/// becomes `_`, and a leading digit gets a leading `_`.
pub fn env_name(s: &str) -> String {
    let mut name: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        name.insert(0, '_');
    }
    name
}

/// The variables one secret yields by the naming rules.
pub fn vars_of(id: &SecretId, fields: &Fields) -> Vec<(String, SecretString)> {
    vars_with_fields(id, fields)
        .into_iter()
        .map(|(_, name, value)| (name, value))
        .collect()
}

/// [`vars_of`], with the field each variable comes from.
fn vars_with_fields(id: &SecretId, fields: &Fields) -> Vec<(&'static str, String, SecretString)> {
    let field = |n: &str| fields.get(n).cloned();
    let mut out = Vec::new();
    match fields.kind() {
        SecretType::Variable => {
            out.extend(field("value").map(|v| ("value", env_name(id.name()), v)));
        }
        SecretType::S3 => {
            for (field_name, var) in [
                ("access_key_id", "AWS_ACCESS_KEY_ID"),
                ("secret_access_key", "AWS_SECRET_ACCESS_KEY"),
                ("region", "AWS_DEFAULT_REGION"),
                ("endpoint", "AWS_ENDPOINT_URL"),
            ] {
                out.extend(field(field_name).map(|v| (field_name, var.to_string(), v)));
            }
        }
        SecretType::Registry => {
            let base = env_name(id.name());
            for (field_name, suffix) in [
                ("server", "SERVER"),
                ("username", "USERNAME"),
                ("password", "PASSWORD"),
            ] {
                out.extend(field(field_name).map(|v| (field_name, format!("{base}_{suffix}"), v)));
            }
        }
    }
    out
}

/// Names a secret may set only through an explicit `--map`: each changes
/// which program runs or makes a program load or run code (the loader, the
/// shells, interpreters, git, pagers and editors), or is sesame's own.
pub const DENIED_NAMES: &[&str] = &[
    "PATH",
    "BASH_ENV",
    "ENV",
    "IFS",
    "PS4",
    "SHELLOPTS",
    "BASHOPTS",
    "CDPATH",
    "ZDOTDIR",
    "PROMPT_COMMAND",
    "PYTHONPATH",
    "PYTHONSTARTUP",
    "PYTHONHOME",
    "PYTHONINSPECT",
    "NODE_OPTIONS",
    "NODE_PATH",
    "PERL5OPT",
    "PERL5LIB",
    "PERLLIB",
    "RUBYOPT",
    "RUBYLIB",
    "JAVA_TOOL_OPTIONS",
    "JDK_JAVA_OPTIONS",
    "_JAVA_OPTIONS",
    "GCONV_PATH",
    "GLIBC_TUNABLES",
    "LOCPATH",
    "NLSPATH",
    "HOSTALIASES",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "MANPAGER",
    "LESSOPEN",
    "LESSCLOSE",
    "BROWSER",
    "SSH_ASKPASS",
    "SUDO_ASKPASS",
];

/// Prefixes of names refused as [`DENIED_NAMES`] are: the dynamic loader's
/// (`LD_PRELOAD`, `DYLD_INSERT_LIBRARIES`), git's (`GIT_SSH_COMMAND`,
/// `GIT_CONFIG_*`, hooks), bash's exported functions, and sesame's own.
pub const DENIED_PREFIXES: &[&str] = &["LD_", "DYLD_", "GIT_", "BASH_FUNC_", "SESAME_"];

/// Whether `name` is on the deny list (case does not matter).
pub fn is_denied(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    DENIED_NAMES.contains(&upper.as_str()) || DENIED_PREFIXES.iter().any(|p| upper.starts_with(p))
}

/// A binary value (see `crate::binary`) is no text: exit 2 naming it.
fn refuse_binary(id: &SecretId, fields: &Fields) -> Result<()> {
    match fields.get("value").and_then(crate::binary::bytes_of) {
        Some(bytes) => Err(Error::usage_hint(
            format!(
                "{id} is a binary value ({} bytes{}); only text goes into variables and templates",
                bytes.len(),
                if bytes.contains(&0) {
                    ", with NUL bytes"
                } else {
                    ""
                }
            ),
            format!("write it to a file instead: sesame get {id} > FILE"),
        )),
        None => Ok(()),
    }
}

/// Parses `sesame://ID[#field]`.
pub fn parse_reference(text: &str, default_owner: Option<&Owner>) -> Result<FieldRef> {
    let rest = text.strip_prefix("sesame://").ok_or_else(|| {
        Error::usage_hint(
            format!("{text:?} is not a reference"),
            "a reference is sesame://ID or sesame://ID#field",
        )
    })?;
    Ok(FieldRef::parse_with_default(rest, default_owner)?)
}

/// The value a reference names: one field, a variable's value, or a
/// structured secret's fields as one JSON line.
pub fn resolve(vault: &mut Vault, r: &FieldRef) -> Result<SecretString> {
    let fields = vault.fields(&r.id, None)?;
    refuse_binary(&r.id, &fields)?;
    match &r.field {
        Some(name) => fields
            .get(name)
            .cloned()
            .ok_or_else(|| field_error(&r.id, fields.kind(), name)),
        None => Ok(SecretString::new(crate::output::plain_value(&fields))),
    }
}

/// The error for a field `id` (of type `kind`) does not have: an optional
/// field that is not set, or a field its type does not have (with the
/// fields it has), both exit 3.
pub fn field_error(id: &SecretId, kind: SecretType, name: &str) -> Error {
    match kind.field(name) {
        Some(_) => Error::FieldUnset {
            id: id.to_string(),
            field: name.to_string(),
        },
        None => Error::WithHints {
            error: Box::new(Error::FieldNotFound {
                id: id.to_string(),
                field: name.to_string(),
            }),
            hints: vec![format!(
                "{} secret has the fields {}",
                kind.with_article(),
                kind.fields()
                    .iter()
                    .map(|f| f.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
        },
    }
}

/// The secrets a selector names: the secret itself if it exists, else
/// everything under it as a prefix. Nothing at all is exit 3.
pub fn select(
    vault: &mut Vault,
    selector: &str,
    default_owner: Option<&Owner>,
) -> Result<Vec<SecretId>> {
    if let Ok(id) = SecretId::parse_with_default(selector, default_owner)
        && vault.contains(&id)?
    {
        return Ok(vec![id]);
    }
    let prefix = Prefix::parse_with_default(selector, default_owner)?;
    let ids: Vec<SecretId> = vault
        .list(&prefix, None, false)?
        .into_iter()
        .map(|s| s.info.id)
        .collect();
    if ids.is_empty() {
        return Err(Error::NothingMatches {
            selector: selector.to_string(),
        });
    }
    Ok(ids)
}

/// Every variable for `selectors` and `maps` (`NAME=sesame://…`), sorted
/// by name, and the secrets whose values they hold (to record as read once
/// they are used). Two sources of one name: exit 4 naming both. A name on
/// the deny list ([`is_denied`]) that a selected secret would set by the
/// naming rules: exit 4 naming the secret and the variable; only `--map`
/// sets such a name.
pub fn collect(
    vault: &mut Vault,
    selectors: &[String],
    maps: &[String],
    default_owner: Option<&Owner>,
) -> Result<(Vec<Var>, Vec<SecretId>)> {
    let mut vars: BTreeMap<String, Var> = BTreeMap::new();
    let mut insert = |var: Var| -> Result<()> {
        if let Some(other) = vars.get(&var.name) {
            let conflict = Error::Conflict {
                message: format!(
                    "{} and {} both give the variable {}",
                    other.source, var.source, var.name
                ),
            };
            return Err(match collision_hint(other, &var) {
                Some(hint) => Error::WithHints {
                    error: Box::new(conflict),
                    hints: vec![hint],
                },
                None => conflict,
            });
        }
        if var.value.expose_secret().contains('\0') {
            return Err(Error::usage(format!(
                "the value for {} contains a NUL byte, which no environment variable can hold",
                var.name
            )));
        }
        vars.insert(var.name.clone(), var);
        Ok(())
    };
    let mut seen = std::collections::BTreeSet::new();
    for selector in selectors {
        for id in select(vault, selector, default_owner)? {
            if !seen.insert(id.clone()) {
                continue;
            }
            let fields = vault.fields(&id, None)?;
            refuse_binary(&id, &fields)?;
            for (field, name, value) in vars_with_fields(&id, &fields) {
                if is_denied(&name) {
                    return Err(Error::DeniedVariable {
                        id: id.to_string(),
                        name,
                    });
                }
                insert(Var {
                    name,
                    value,
                    source: id.to_string(),
                    named_from: Some((id.clone(), field)),
                })?;
            }
        }
    }
    for map in maps {
        let (name, reference) = map.split_once('=').ok_or_else(|| {
            Error::usage_hint(
                format!("--map {map:?} has no `=`"),
                "write --map NAME=sesame://ID[#field]",
            )
        })?;
        if name.is_empty()
            || name.starts_with(|c: char| c.is_ascii_digit())
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(Error::usage(format!(
                "{name:?} is not a variable name (letters, digits and `_`, not starting with a digit)"
            )));
        }
        let r = parse_reference(reference, default_owner)?;
        let value = resolve(vault, &r)?;
        seen.insert(r.id.clone());
        insert(Var {
            name: name.to_string(),
            value,
            source: format!("--map {name}={reference}"),
            named_from: None,
        })?;
    }
    Ok((vars.into_values().collect(), seen.into_iter().collect()))
}

/// The `--map` that gives one of two colliding variables a name of its own:
/// the second one's (or the first's, when the second is a `--map`) under
/// its owner id (`ATLAS_DB_PASSWORD`), or with `_2` when both have one
/// owner. `None` when both are `--map`s (their names are the user's).
fn collision_hint(first: &Var, second: &Var) -> Option<String> {
    let (moved, other) = match (&second.named_from, &first.named_from) {
        (Some(s), f) => (s, f),
        (None, Some(f)) => (f, &None),
        (None, None) => return None,
    };
    let (id, field) = moved;
    let same_owner = other.as_ref().is_some_and(|(o, _)| o.owner() == id.owner());
    let name = if same_owner {
        format!("{}_2", second.name)
    } else {
        format!("{}_{}", env_name(id.owner().owner_id()), second.name)
    };
    let reference = if *field == "value" {
        format!("sesame://{id}")
    } else {
        format!("sesame://{id}#{field}")
    };
    Some(format!(
        "select only the other one, and name this one yourself: --map {name}={reference}"
    ))
}

/// `'value'` for POSIX shells: every `'` becomes `'\''`. Safe for any
/// value in bash, dash and zsh, newlines and all.
pub fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// `'value'` for fish: inside fish's single quotes only `\\` and `\'`
/// are escapes, so each `\` and `'` gets a backslash; everything else,
/// newlines included, is literal.
pub fn fish_quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

/// Why a value has no safe dotenv form.
#[derive(Debug, PartialEq, Eq)]
pub enum DotenvRefusal {
    /// It holds `${`, which interpolating readers expand (python-dotenv by
    /// default, docker compose) and no quoting protects.
    Interpolated,
    /// No quoting both readers and `sh` agree on can carry it.
    Unquotable,
}

/// A dotenv value that python-dotenv reads back exactly with its defaults
/// (and with `interpolate=False`), and so does `sesame import --format
/// dotenv`, and that runs nothing when the file is sourced by `sh`
/// (`set -a; . ./.env`), first that applies:
///
/// - a value with `${` is refused: readers interpolate it in every form;
/// - a value without `$` or `` ` ``: double quotes with `\`, `"`, newline,
///   carriage return and tab escaped (anything but a trailing backslash,
///   which python-dotenv's quoted forms cannot end in);
/// - a value with `$` or `` ` ``: single quotes, literal in `sh` and in
///   python-dotenv, when it has no `'`, no carriage return (Python's
///   universal newlines would turn it into `\n`), no `\\` and no trailing
///   backslash (python-dotenv unescapes those in single quotes);
/// - a value ending in `\\`, unquoted, when it holds only characters that are
///   inert in `sh` and that python-dotenv keeps (no whitespace, quotes, `#`,
///   or `;&|<>()$` `` ` ``). `sh` reads it with its backslashes removed.
pub fn dotenv_quote(value: &str) -> Result<String, DotenvRefusal> {
    if value.contains("${") {
        return Err(DotenvRefusal::Interpolated);
    }
    let expands_in_sh = value.contains(['$', '`']);
    if !value.ends_with('\\') && !expands_in_sh {
        let mut out = String::with_capacity(value.len() + 2);
        out.push('"');
        for c in value.chars() {
            match c {
                '\\' => out.push_str(r"\\"),
                '"' => out.push_str(r#"\""#),
                '\n' => out.push_str(r"\n"),
                '\r' => out.push_str(r"\r"),
                '\t' => out.push_str(r"\t"),
                c => out.push(c),
            }
        }
        out.push('"');
        return Ok(out);
    }
    if expands_in_sh {
        let single_ok =
            !value.contains(['\'', '\r']) && !value.contains(r"\\") && !value.ends_with('\\');
        return if single_ok {
            Ok(format!("'{value}'"))
        } else {
            Err(DotenvRefusal::Unquotable)
        };
    }
    let inert = |c: char| !c.is_whitespace() && !c.is_control() && !"'\"#;&|<>()$`".contains(c);
    if value.chars().all(inert) {
        Ok(value.to_string())
    } else {
        Err(DotenvRefusal::Unquotable)
    }
}

/// `NAME=value` lines for `vars`, each value as [`dotenv_quote`] writes it.
/// Used by `env --format dotenv` and `export --format dotenv` alike.
///
/// An unquoted value ends in a backslash, which `sh` reads as a line
/// continuation: an empty line follows it, so that the next variable
/// stays whole in `sh` too.
pub fn to_dotenv(vars: &[Var]) -> Result<String> {
    let mut out = String::new();
    for v in vars {
        let value = v.value.expose_secret();
        let quoted = dotenv_quote(value).map_err(|why| match why {
            DotenvRefusal::Interpolated => Error::usage_hint(
                format!(
                    "the value of {} cannot be written as dotenv: it contains `${{`, which dotenv readers expand",
                    v.name
                ),
                "use --format sh or --format json",
            ),
            DotenvRefusal::Unquotable => Error::usage_hint(
                format!(
                    "the value of {} cannot be written as dotenv so that both dotenv readers and sh read it safely",
                    v.name
                ),
                "use --format sh or --format json",
            ),
        })?;
        out.push_str(&format!("{}={quoted}\n", v.name));
        if quoted.ends_with('\\') {
            out.push('\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_spec() {
        assert_eq!(env_name("db-password"), "DB_PASSWORD");
        assert_eq!(env_name("9lives"), "_9LIVES");
        assert_eq!(env_name("a.b_c"), "A_B_C");
    }

    #[test]
    fn the_deny_list_covers_names_and_prefixes() {
        for name in [
            "PATH",
            "path",
            "LD_PRELOAD",
            "DYLD_INSERT_LIBRARIES",
            "GIT_SSH_COMMAND",
        ] {
            assert!(is_denied(name), "{name}");
        }
        for name in ["DB_PASSWORD", "PATHS", "GITHUB_TOKEN", "OLD_PATH"] {
            assert!(!is_denied(name), "{name}");
        }
    }

    #[test]
    fn s3_and_registry_names() {
        let id: SecretId = "project/a/connect/S3/prod".parse().unwrap();
        let f = Fields::new(
            SecretType::S3,
            vec![
                ("access_key_id".into(), "A".into()),
                ("secret_access_key".into(), "S".into()),
            ],
            false,
        )
        .unwrap();
        let names: Vec<_> = vars_of(&id, &f).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
        let id: SecretId = "project/a/connect/ContainerRegistry/ghcr".parse().unwrap();
        let f = Fields::new(
            SecretType::Registry,
            vec![
                ("server".into(), "s".into()),
                ("username".into(), "u".into()),
                ("password".into(), "p".into()),
            ],
            false,
        )
        .unwrap();
        let names: Vec<_> = vars_of(&id, &f).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["GHCR_SERVER", "GHCR_USERNAME", "GHCR_PASSWORD"]);
    }

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(
            dotenv_quote("it's \\ \"x\"\n").unwrap(),
            r#""it's \\ \"x\"\n""#
        );
        assert_eq!(dotenv_quote("end\\").unwrap(), "end\\");
        assert_eq!(dotenv_quote("$(id) `id`").unwrap(), "'$(id) `id`'");
        assert_eq!(dotenv_quote("${HOME}"), Err(DotenvRefusal::Interpolated));
        for unquotable in [
            "multi\nline\\",
            "a\u{a0}#b\\",
            "a\u{c}#b\\",
            "a b\\",
            "it's $x",
            "$a\\\\b",
            "$x\r",
        ] {
            assert_eq!(
                dotenv_quote(unquotable),
                Err(DotenvRefusal::Unquotable),
                "{unquotable:?}"
            );
        }
    }

    #[test]
    fn references_need_the_scheme() {
        assert!(parse_reference("project/a/x", None).is_err());
        let r = parse_reference("sesame://project/a/x#value", None).unwrap();
        assert_eq!(r.field.as_deref(), Some("value"));
    }
}
