//! The three kinds of secret and their fields (spec §1, "Secret types").
//!
//! [`Fields`] always holds a complete, valid set for its type, in the
//! type's canonical order, so everything downstream (JSON, env names,
//! sealing) can rely on it.

use std::fmt;
use std::str::FromStr;

use crate::secret::SecretString;
use crate::vault::error::{Advice, Error, Result};

/// The most bytes one field's value may hold.
pub const MAX_VALUE_BYTES: usize = 1024 * 1024;

/// A secret's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SecretType {
    /// A single value.
    Variable,
    /// An S3 connection.
    S3,
    /// Container-registry credentials.
    Registry,
}

/// One field of a type.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// Its name.
    pub name: &'static str,
    /// Whether its value is secret (never accepted with `--field`, hidden
    /// when prompted).
    pub secret: bool,
    /// Whether it must be present.
    pub required: bool,
}

const fn field(name: &'static str, secret: bool, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        secret,
        required,
    }
}

const VARIABLE_FIELDS: &[FieldSpec] = &[field("value", true, true)];
const S3_FIELDS: &[FieldSpec] = &[
    field("access_key_id", false, true),
    field("secret_access_key", true, true),
    field("region", false, false),
    field("endpoint", false, false),
    field("bucket", false, false),
];
const REGISTRY_FIELDS: &[FieldSpec] = &[
    field("server", false, true),
    field("username", false, true),
    field("password", true, true),
];

impl SecretType {
    /// Every type.
    pub const ALL: [SecretType; 3] = [SecretType::Variable, SecretType::S3, SecretType::Registry];

    /// The word used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretType::Variable => "variable",
            SecretType::S3 => "s3",
            SecretType::Registry => "registry",
        }
    }

    /// The byte stored in the vault.
    pub fn code(self) -> u8 {
        match self {
            SecretType::Variable => 1,
            SecretType::S3 => 2,
            SecretType::Registry => 3,
        }
    }

    /// The type stored as `code`.
    pub fn from_code(code: u8) -> Option<SecretType> {
        SecretType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The type a path implies when `--type` is not given.
    pub fn infer(path: &str) -> SecretType {
        if path.starts_with("connect/S3/") {
            SecretType::S3
        } else if path.starts_with("connect/ContainerRegistry/") {
            SecretType::Registry
        } else {
            SecretType::Variable
        }
    }

    /// The fields of this type, in canonical order.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            SecretType::Variable => VARIABLE_FIELDS,
            SecretType::S3 => S3_FIELDS,
            SecretType::Registry => REGISTRY_FIELDS,
        }
    }

    /// The spec of field `name`, if this type has it.
    pub fn field(self, name: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// The type's name with its article, for messages: `a variable`,
    /// `an s3`, `a registry`.
    pub fn with_article(self) -> String {
        let article = if self == SecretType::S3 { "an" } else { "a" };
        format!("{article} {self}")
    }

    /// Whether the type holds a single value (printed bare by `get`).
    pub fn is_single_value(self) -> bool {
        self == SecretType::Variable
    }
}

impl fmt::Display for SecretType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SecretType {
    type Err = Error;

    fn from_str(s: &str) -> Result<SecretType> {
        SecretType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(format!("unknown type {s:?}; use variable, s3 or registry"))
            })
    }
}

/// A complete set of field values for one type, in canonical order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    kind: SecretType,
    values: Vec<(&'static str, SecretString)>,
}

impl Fields {
    /// Validates `given` (any order) for `kind`: no unknown or duplicate
    /// field, every required field present and non-empty unless
    /// `allow_empty`, every value at most 1 MiB. Errors name fields, never
    /// values.
    pub fn new(
        kind: SecretType,
        given: Vec<(String, SecretString)>,
        allow_empty: bool,
    ) -> Result<Fields> {
        let mut slots: Vec<Option<SecretString>> = vec![None; kind.fields().len()];
        for (name, value) in given {
            let pos = kind
                .fields()
                .iter()
                .position(|f| f.name == name)
                .ok_or_else(|| {
                    Error::invalid_advice(
                        format!("{} secret has no field {name:?}", kind.with_article()),
                        Advice::FieldsOf(kind),
                    )
                })?;
            if slots[pos].is_some() {
                return Err(Error::invalid(format!("field {name:?} is given twice")));
            }
            if value.len() > MAX_VALUE_BYTES {
                return Err(Error::invalid(format!(
                    "field {name:?} is larger than the 1 MiB limit ({} bytes)",
                    value.len()
                )));
            }
            slots[pos] = Some(value);
        }
        let mut values = Vec::new();
        for (spec, slot) in kind.fields().iter().zip(slots) {
            match slot {
                Some(v) if v.is_empty() && spec.required && !allow_empty => {
                    return Err(empty_error(kind, spec.name));
                }
                Some(v) => values.push((spec.name, v)),
                None if spec.required => {
                    return Err(Error::invalid_advice(
                        format!(
                            "{} secret needs the field {:?}",
                            kind.with_article(),
                            spec.name
                        ),
                        Advice::FieldsOf(kind),
                    ));
                }
                None => {}
            }
        }
        Ok(Fields { kind, values })
    }

    /// A `variable` holding `value`.
    pub fn single(value: SecretString, allow_empty: bool) -> Result<Fields> {
        Fields::new(
            SecretType::Variable,
            vec![("value".into(), value)],
            allow_empty,
        )
    }

    /// The type.
    pub fn kind(&self) -> SecretType {
        self.kind
    }

    /// The field `name`, if present.
    pub fn get(&self, name: &str) -> Option<&SecretString> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The fields present, in canonical order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &SecretString)> {
        self.values.iter().map(|(n, v)| (*n, v))
    }

    /// The whole content as a JSON object (for `get` of a structured secret).
    pub fn to_json(&self) -> serde_json::Value {
        let map = self
            .values
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    serde_json::Value::String(v.expose_secret().to_string()),
                )
            })
            .collect();
        serde_json::Value::Object(map)
    }
}

/// A type's fields, in order, the optional ones marked: what a hint lists.
pub fn field_names(kind: SecretType) -> String {
    kind.fields()
        .iter()
        .map(|f| {
            if f.required {
                f.name.to_string()
            } else {
                format!("{} (optional)", f.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn empty_error(kind: SecretType, name: &str) -> Error {
    if kind == SecretType::Variable {
        Error::invalid_advice("the value is empty", Advice::AllowEmpty)
    } else {
        Error::invalid_advice(format!("field {name:?} is empty"), Advice::AllowEmpty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, SecretString)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), SecretString::from(*v)))
            .collect()
    }

    #[test]
    fn infers_type_from_path() {
        assert_eq!(SecretType::infer("connect/S3/prod"), SecretType::S3);
        assert_eq!(
            SecretType::infer("connect/ContainerRegistry/ghcr"),
            SecretType::Registry
        );
        assert_eq!(SecretType::infer("secret/Custom/x"), SecretType::Variable);
        assert_eq!(SecretType::infer("connect/S3x/prod"), SecretType::Variable);
    }

    #[test]
    fn fields_are_validated_and_ordered() {
        let s3 = Fields::new(
            SecretType::S3,
            f(&[
                ("region", "eu"),
                ("secret_access_key", "s"),
                ("access_key_id", "a"),
            ]),
            false,
        )
        .unwrap();
        let names: Vec<_> = s3.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["access_key_id", "secret_access_key", "region"]);
        assert!(Fields::new(SecretType::S3, f(&[("access_key_id", "a")]), false).is_err());
        assert!(
            Fields::new(
                SecretType::S3,
                f(&[("access_key_id", "a"), ("nope", "x")]),
                false
            )
            .is_err()
        );
        assert!(Fields::single("".into(), false).is_err());
        assert!(Fields::single("".into(), true).is_ok());
        assert!(Fields::single("x".repeat(MAX_VALUE_BYTES + 1).into(), false).is_err());
    }

    #[test]
    fn errors_never_show_values() {
        let err = Fields::new(
            SecretType::S3,
            f(&[("access_key_id", "AKIA"), ("bogus", "hunter2")]),
            false,
        )
        .unwrap_err();
        let err = crate::Error::from(err);
        assert!(!format!("{err} {:?}", err.hints()).contains("hunter2"));
    }
}
