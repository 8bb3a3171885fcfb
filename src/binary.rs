//! Binary values (a keytab, a `.p12`, any bytes) in a vault whose values
//! are UTF-8 text.
//!
//! A `variable` whose content is not UTF-8 text is stored as the text
//! [`MARKER`] followed by the bytes in standard base64. The marker starts
//! with a NUL byte, which no text value read from a terminal, a shell
//! variable or a dotenv file carries, so text and bytes never mix up in
//! practice; a text value that itself starts with the marker is stored as
//! bytes too, so that it reads back exactly. This is an encoding of the
//! command line over the vault's text values, not of the vault format:
//! the vault stores the marked text like any other value.
//!
//! Readers decode with [`bytes_of`]: `get` writes the raw bytes, JSON
//! outputs carry `"encoding": "base64"`, and commands that need text
//! (`env`, `run`, `inject`, `edit`, `grep`) refuse or skip it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use crate::secret::SecretString;
use crate::secret_type::MAX_VALUE_BYTES;

/// What a binary value's stored text starts with.
pub const MARKER: &str = "\0sesame:base64\0";

/// The largest binary value: its marked base64 form fits the 1 MiB limit
/// on a stored value.
pub const MAX_BINARY_BYTES: usize = (MAX_VALUE_BYTES - MARKER.len()) / 4 * 3;

/// The stored text for `bytes`: the text itself when it is UTF-8 (and not
/// marker-like), else the marked base64. `None` when the bytes are over
/// [`MAX_BINARY_BYTES`] and need the marked form.
pub fn encode(bytes: Zeroizing<Vec<u8>>) -> Option<SecretString> {
    match std::str::from_utf8(&bytes) {
        Ok(text) if !text.starts_with(MARKER) => Some(SecretString::new(text.to_string())),
        _ if bytes.len() > MAX_BINARY_BYTES => None,
        _ => {
            let mut text = String::with_capacity(MARKER.len() + bytes.len().div_ceil(3) * 4);
            text.push_str(MARKER);
            STANDARD.encode_string(&bytes[..], &mut text);
            Some(SecretString::new(text))
        }
    }
}

/// Marked text for base64 given by the user (an import): `None` when it
/// is not valid base64.
pub fn from_base64(b64: &str) -> Option<SecretString> {
    let bytes = Zeroizing::new(STANDARD.decode(b64.trim()).ok()?);
    encode(bytes)
}

/// The bytes of a binary value, `None` for text.
pub fn bytes_of(value: &SecretString) -> Option<Zeroizing<Vec<u8>>> {
    let b64 = value.expose_secret().strip_prefix(MARKER)?;
    STANDARD.decode(b64).ok().map(Zeroizing::new)
}

/// The base64 of a binary value, `None` for text.
pub fn base64_of(value: &SecretString) -> Option<&str> {
    bytes_of(value)?;
    value.expose_secret().strip_prefix(MARKER)
}

/// Whether `value` is a binary value (marked, and valid base64 after the
/// marker: anything else reads as the text it is).
pub fn is_binary(value: &SecretString) -> bool {
    bytes_of(value).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_text_and_bytes_round_trip() {
        let text = encode(Zeroizing::new(b"plain".to_vec())).unwrap();
        assert_eq!(text.expose_secret(), "plain");
        assert!(bytes_of(&text).is_none());
        let raw = vec![0xff, 0, 1, 2, 0x80];
        let bin = encode(Zeroizing::new(raw.clone())).unwrap();
        assert!(is_binary(&bin));
        assert_eq!(bytes_of(&bin).unwrap().as_slice(), raw.as_slice());
        // A text that looks marked is stored marked, and reads back exact.
        let tricky = format!("{MARKER}AAAA");
        let stored = encode(Zeroizing::new(tricky.as_bytes().to_vec())).unwrap();
        assert_eq!(bytes_of(&stored).unwrap().as_slice(), tricky.as_bytes());
        assert!(encode(Zeroizing::new(vec![0xff; MAX_BINARY_BYTES + 1])).is_none());
        let max = encode(Zeroizing::new(vec![0xff; MAX_BINARY_BYTES])).unwrap();
        assert!(max.len() <= MAX_VALUE_BYTES);
    }
}
