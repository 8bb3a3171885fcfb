//! Reading a new value for `add` (and later `rotate`): from `--generate`,
//! `--from-file`, stdin, or prompts, in that order (spec §3, `add`).
//!
//! Reads are bounded: stdin and files are read only up to just past the
//! 1 MiB limit, so a huge input is refused without being held in memory.
//! Error messages name fields and lines, never values.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Read};

use zeroize::Zeroizing;

use crate::cli::ValueArgs;
use crate::error::{Error, Result};
use crate::secret::SecretString;
use crate::secret_type::{Fields, MAX_VALUE_BYTES, SecretType};

/// The most bytes of JSON read for a structured secret.
const MAX_JSON_BYTES: usize = 6 * MAX_VALUE_BYTES;

/// The non-secret fields given as `--field NAME=VALUE`, checked against
/// `kind`. A secret field given this way is refused without echoing it.
pub fn parse_field_args(kind: SecretType, args: &[String]) -> Result<Vec<(String, SecretString)>> {
    args.iter()
        .map(|arg| {
            let (name, value) = arg.split_once('=').ok_or_else(|| {
                // Not echoed: without `=` there is no telling a name from a
                // value someone pasted by mistake.
                Error::usage("--field takes NAME=VALUE, and one of them has no `=`")
            })?;
            let spec = kind.field(name).ok_or_else(|| {
                Error::usage(format!("{} secret has no field {name:?}", kind.with_article()))
            })?;
            if spec.secret {
                return Err(Error::usage_hint(
                    format!("field {name:?} is secret and cannot be given on the command line"),
                    "pass it on stdin (JSON for structured secrets), with --from-file, or at the prompt",
                ));
            }
            Ok((name.to_string(), SecretString::from(value)))
        })
        .collect()
}

/// What the value is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A new secret: every required field must be given.
    Create,
    /// A rotation: the fields given replace the current ones, the others
    /// are kept. For structured types the input may also be the bare value
    /// of the type's secret field.
    Rotate,
}

/// Reads the fields of a new secret of type `kind`.
pub fn read_fields(args: &ValueArgs, kind: SecretType) -> Result<Fields> {
    Ok(Fields::new(
        kind,
        read_given(args, kind, Purpose::Create)?,
        args.allow_empty,
    )?)
}

/// Whether the value will be asked for at the terminal (no `--generate`,
/// no `--from-file`, and stdin is a terminal).
pub fn will_prompt(args: &ValueArgs) -> bool {
    !args.generate && args.from_file.is_none() && std::io::stdin().is_terminal()
}

/// The fields the user gave (from `--field` and the value source), not yet
/// checked for completeness.
pub fn read_given(
    args: &ValueArgs,
    kind: SecretType,
    purpose: Purpose,
) -> Result<Vec<(String, SecretString)>> {
    let mut given = parse_field_args(kind, &args.fields)?;
    if args.generate {
        let length = crate::generate::parse_length(args.length.as_deref())?;
        let (value, _) = crate::generate::generate(args.charset, length);
        given.push((secret_field(kind).to_string(), value));
    } else if let Some(path) = &args.from_file {
        let bytes = read_file(path, limit(kind))?;
        given.extend(decode_input(kind, bytes, false, purpose)?);
    } else if !std::io::stdin().is_terminal() {
        let bytes =
            read_bounded(std::io::stdin().lock(), limit(kind)).map_err(|e| match e.kind() {
                std::io::ErrorKind::FileTooLarge => too_large(),
                _ => Error::io("cannot read", "<stdin>", e),
            })?;
        given.extend(decode_input(kind, bytes, true, purpose)?);
    } else if purpose == Purpose::Rotate && !kind.is_single_value() {
        let name = secret_field(kind);
        let value = crate::unlock::prompt(&format!("{name} (Enter keeps the current one): "))?;
        if !value.is_empty() {
            given.push((name.to_string(), value));
        }
    } else {
        given.extend(prompt_fields(kind, &given)?);
    }
    Ok(given)
}

/// The current fields with the `given` ones replacing theirs: the next
/// version of a rotated secret.
pub fn merge(
    current: &Fields,
    given: Vec<(String, SecretString)>,
    allow_empty: bool,
) -> Result<Fields> {
    if given.is_empty() {
        return Err(Error::usage_hint(
            "the input is empty: nothing to rotate",
            "pipe the new value (or a JSON object of the fields to change) on stdin, or use --field or --generate",
        ));
    }
    let mut fields: Vec<(String, SecretString)> = current
        .iter()
        .filter(|(name, _)| !given.iter().any(|(g, _)| g == name))
        .map(|(name, value)| (name.to_string(), value.clone()))
        .collect();
    fields.extend(given);
    Ok(Fields::new(current.kind(), fields, allow_empty)?)
}

fn secret_field(kind: SecretType) -> &'static str {
    kind.fields()
        .iter()
        .find(|f| f.secret)
        .expect("every type has a secret field")
        .name
}

fn limit(kind: SecretType) -> usize {
    if kind.is_single_value() {
        MAX_VALUE_BYTES + 2
    } else {
        MAX_JSON_BYTES
    }
}

fn too_large() -> Error {
    Error::usage("the input is larger than the 1 MiB limit")
}

/// Reads at most `limit` bytes; more is an error, found without reading
/// the rest.
fn read_bounded(reader: impl Read, limit: usize) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    reader.take(limit as u64 + 1).read_to_end(&mut buf)?;
    if buf.len() > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            "over the limit",
        ));
    }
    Ok(buf)
}

fn read_file(path: &std::path::Path, limit: usize) -> Result<Zeroizing<Vec<u8>>> {
    read_source(Some(path), limit)?.ok_or_else(too_large)
}

/// Reads all of `source` (a file; stdin for `None` or `-`), or `None` when
/// it holds more than `limit` bytes, found without reading the rest.
pub fn read_source(
    source: Option<&std::path::Path>,
    limit: usize,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let over = |e: std::io::Error, path: &std::path::Path| match e.kind() {
        std::io::ErrorKind::FileTooLarge => Ok(None),
        _ => Err(Error::io("cannot read", path, e)),
    };
    match source {
        Some(path) if path.as_os_str() != "-" => {
            let file = std::fs::File::open(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::FileNotFound {
                    path: path.to_path_buf(),
                },
                _ => Error::io("cannot read", path, e),
            })?;
            read_bounded(file, limit)
                .map(Some)
                .or_else(|e| over(e, path))
        }
        _ => read_bounded(std::io::stdin().lock(), limit)
            .map(Some)
            .or_else(|e| over(e, std::path::Path::new("<stdin>"))),
    }
}

/// [`read_source`] as UTF-8 text; `what` names the input in errors.
pub fn read_text(
    source: Option<&std::path::Path>,
    limit: usize,
    what: &str,
) -> Result<Zeroizing<String>> {
    let bytes = read_source(source, limit)?
        .ok_or_else(|| Error::usage(format!("the {what} is larger than {} MiB", limit >> 20)))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::usage(format!("the {what} is not valid UTF-8 text")))?;
    Ok(Zeroizing::new(text.to_string()))
}

/// Turns raw input into fields: the value itself for a `variable` (less
/// one trailing newline when it came from stdin), a JSON object of fields
/// otherwise.
fn decode_input(
    kind: SecretType,
    mut bytes: Zeroizing<Vec<u8>>,
    strip_newline: bool,
    purpose: Purpose,
) -> Result<Vec<(String, SecretString)>> {
    if bytes.len() > limit(kind) {
        return Err(too_large());
    }
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    if purpose == Purpose::Rotate && !kind.is_single_value() {
        if blank {
            // Nothing but `--field` changes, if any; `merge` refuses a
            // rotation that changes nothing.
            return Ok(Vec::new());
        }
        if !blank && bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            let value = decode_input(SecretType::Variable, bytes, strip_newline, Purpose::Create)?;
            if value.iter().any(|(_, v)| crate::binary::is_binary(v)) {
                return Err(binary_not_here(kind));
            }
            return Ok(value
                .into_iter()
                .map(|(_, v)| (secret_field(kind).to_string(), v))
                .collect());
        }
    }
    if kind.is_single_value() {
        // Bytes that are not UTF-8 are a binary value, taken exactly, from
        // a file only: stdin (`strip_newline`) stays text, as the spec has
        // it, so a stray byte in a pipe is refused rather than stored.
        let text = std::str::from_utf8(&bytes).is_ok();
        if !text && strip_newline {
            zeroize::Zeroize::zeroize(&mut *bytes);
            return Err(Error::usage_hint(
                "the value is not valid UTF-8 text",
                "for a binary value (a keytab, a .p12), give the file: --from-file FILE",
            ));
        }
        if strip_newline && text {
            let cut = if bytes.ends_with(b"\r\n") {
                2
            } else {
                usize::from(bytes.ends_with(b"\n"))
            };
            let keep = bytes.len() - cut;
            bytes.truncate(keep);
        }
        if text && bytes.len() > MAX_VALUE_BYTES {
            return Err(too_large());
        }
        let value = crate::binary::encode(bytes).ok_or_else(|| {
            Error::usage(format!(
                "a binary value (not UTF-8 text) is at most {} bytes",
                crate::binary::MAX_BINARY_BYTES
            ))
        })?;
        return Ok(vec![("value".into(), value)]);
    }
    if blank {
        return Err(Error::usage_hint(
            format!("the input is empty; {kind} secrets are read as a JSON object of their fields"),
            example(kind),
        ));
    }
    let map: BTreeMap<String, SecretString> = serde_json::from_slice(&bytes).map_err(|e| {
        // serde_json's messages can quote the input: say where, never what.
        Error::usage_hint(
            format!(
                "the input is not a JSON object of string fields (line {}, column {})",
                e.line(),
                e.column()
            ),
            example(kind),
        )
    })?;
    Ok(map.into_iter().collect())
}

fn example(kind: SecretType) -> String {
    let fields: Vec<String> = kind
        .fields()
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("\"{}\": \"…\"", f.name))
        .collect();
    format!("e.g. {{{}}}", fields.join(", "))
}

/// Asks for every field not already given; secret fields hidden (a
/// `variable`'s value twice, to catch typos).
fn prompt_fields(
    kind: SecretType,
    given: &[(String, SecretString)],
) -> Result<Vec<(String, SecretString)>> {
    if kind.is_single_value() {
        let value = crate::unlock::prompt_twice_named("Value: ", "Repeat the value: ", "values")?;
        return Ok(vec![("value".into(), value)]);
    }
    let mut out = Vec::new();
    for spec in kind.fields() {
        if given.iter().any(|(n, _)| n == spec.name) {
            continue;
        }
        let label = if spec.required {
            format!("{}: ", spec.name)
        } else {
            format!("{} (optional): ", spec.name)
        };
        let value = if spec.secret {
            crate::unlock::prompt(&label)?
        } else {
            prompt_visible(&label)?
        };
        if value.is_empty() && !spec.required {
            continue;
        }
        out.push((spec.name.to_string(), value));
    }
    Ok(out)
}

fn prompt_visible(label: &str) -> Result<SecretString> {
    use std::io::Write;
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| Error::io("cannot open", "/dev/tty", e))?;
    (&tty)
        .write_all(label.as_bytes())
        .map_err(|e| Error::io("cannot write", "/dev/tty", e))?;
    let mut line = String::new();
    std::io::BufReader::new(&tty)
        .read_line(&mut line)
        .map_err(|e| Error::io("cannot read", "/dev/tty", e))?;
    let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
    zeroize::Zeroize::zeroize(&mut line);
    Ok(SecretString::new(trimmed))
}

fn binary_not_here(kind: SecretType) -> Error {
    Error::usage_hint(
        format!("the fields of a {kind} secret are UTF-8 text; this input is not"),
        "binary values (a keytab, a .p12) go in a variable: sesame add ID --from-file FILE",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(s: &str) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(s.as_bytes().to_vec())
    }

    #[test]
    fn strips_exactly_one_trailing_newline() {
        for (raw, want) in [
            ("v\n", "v"),
            ("v\r\n", "v"),
            ("v\n\n", "v\n"),
            ("v", "v"),
            ("a\nb\n", "a\nb"),
        ] {
            let got =
                decode_input(SecretType::Variable, input(raw), true, Purpose::Create).unwrap();
            assert_eq!(got[0].1.expose_secret(), want, "{raw:?}");
        }
    }

    #[test]
    fn json_errors_do_not_quote_the_input() {
        let err =
            decode_input(SecretType::S3, input("\"hunter2\""), true, Purpose::Create).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = decode_input(
            SecretType::S3,
            input("{\"a\": 5, \"b\": \"hunter2\""),
            true,
            Purpose::Create,
        )
        .unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn rotation_takes_a_bare_secret_or_partial_json() {
        let bare = decode_input(SecretType::S3, input("sk2\n"), true, Purpose::Rotate).unwrap();
        assert_eq!(bare[0].0, "secret_access_key");
        assert_eq!(bare[0].1.expose_secret(), "sk2");
        let json = decode_input(
            SecretType::S3,
            input("{\"region\":\"eu\"}"),
            true,
            Purpose::Rotate,
        )
        .unwrap();
        assert_eq!(json[0].0, "region");
        assert!(
            decode_input(SecretType::S3, input(""), true, Purpose::Rotate)
                .unwrap()
                .is_empty()
        );
        let current = Fields::new(
            SecretType::S3,
            vec![
                ("access_key_id".into(), "a".into()),
                ("secret_access_key".into(), "s".into()),
            ],
            false,
        )
        .unwrap();
        let next = merge(&current, bare, false).unwrap();
        assert_eq!(next.get("access_key_id").unwrap().expose_secret(), "a");
        assert_eq!(
            next.get("secret_access_key").unwrap().expose_secret(),
            "sk2"
        );
        assert!(merge(&current, Vec::new(), false).is_err());
    }

    #[test]
    fn secret_fields_are_refused_on_the_command_line() {
        let err = parse_field_args(SecretType::S3, &["secret_access_key=XYZ".into()]).unwrap_err();
        assert!(!err.to_string().contains("XYZ"));
        assert_eq!(err.exit_code(), 2);
        assert!(parse_field_args(SecretType::S3, &["region=eu".into()]).is_ok());
        let err = parse_field_args(SecretType::S3, &["hunter2-pasted".into()]).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn bounded_reads_stop_past_the_limit() {
        let big = [b'a'; 100];
        assert!(read_bounded(&big[..], 99).is_err());
        assert_eq!(read_bounded(&big[..], 100).unwrap().len(), 100);
    }
}
