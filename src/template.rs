//! Templates for `sesame inject`: text with `{{ sesame://ID[#field] }}`
//! references. Parsing only; resolving is the command's.
//!
//! A reference is `{{`, optional spaces, `sesame://ID[#field]`, optional
//! spaces, `}}`, on one line. Any other `{{` (Jinja, Helm, GitHub Actions)
//! is text.

use crate::envvars;
use crate::error::{Error, Result};
use crate::id::{FieldRef, Owner};

/// A piece of a template: text, or a reference to fill.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    /// Copied as is.
    Text(&'a str),
    /// Replaced by a value.
    Ref(FieldRef),
}

/// Splits a template into text and references.
pub fn parse<'t>(template: &'t str, default_owner: Option<&Owner>) -> Result<Vec<Piece<'t>>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    let mut consumed = 0;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let inner = after.trim_start_matches([' ', '\t']);
        if !inner.starts_with("sesame://") {
            pieces.push(Piece::Text(&rest[..open + 2]));
            consumed += open + 2;
            rest = after;
            continue;
        }
        let line = template[..consumed + open].matches('\n').count() + 1;
        let end_of_line = inner.find('\n').unwrap_or(inner.len());
        let close = inner[..end_of_line].find("}}").ok_or_else(|| {
            Error::usage(format!(
                "line {line}: a `{{{{ sesame://…` reference is not closed with `}}}}` on its line"
            ))
        })?;
        let reference = inner[..close].trim_end_matches([' ', '\t']);
        let r = envvars::parse_reference(reference, default_owner).map_err(|e| Error::Usage {
            message: format!("line {line}: {e}"),
            hint: None,
        })?;
        pieces.push(Piece::Text(&rest[..open]));
        pieces.push(Piece::Ref(r));
        let skip = open + 2 + (after.len() - inner.len()) + close + 2;
        consumed += skip;
        rest = &rest[skip..];
    }
    pieces.push(Piece::Text(rest));
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_and_leaves_other_braces() {
        let t = "a {{ sesame://user/u/x }} b {{sesame://user/u/y#value}} {{ other }} {{";
        let pieces = parse(t, None).unwrap();
        let refs: Vec<String> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Ref(r) => Some(format!("{}#{:?}", r.id, r.field)),
                Piece::Text(_) => None,
            })
            .collect();
        assert_eq!(refs, ["user/u/x#None", "user/u/y#Some(\"value\")"]);
        let text: String = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(*t),
                Piece::Ref(_) => None,
            })
            .collect();
        assert_eq!(text, "a  b  {{ other }} {{");
    }

    #[test]
    fn unterminated_references_name_the_line() {
        let err = parse("x\ny\n{{ sesame://user/u/x\n}}", None).unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert_eq!(err.exit_code(), 2);
        let err = parse("{{ sesame://bad id }}", None).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
