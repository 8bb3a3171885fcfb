//! Random values for `generate` and `add --generate`, drawn from the OS
//! random number generator without modulo bias.

use crate::cli::Charset;
use crate::secret::SecretString;
use crate::vault::crypto::fill_random;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SYMBOLS: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~";
const HEX: &[u8] = b"0123456789abcdef";
const WORDS_TEXT: &str = include_str!("../assets/eff_large_wordlist.txt");

/// Words of a generated passphrase when no length is given.
pub const DEFAULT_WORDS: usize = 6;
/// Characters of a generated value when no length is given.
pub const DEFAULT_CHARS: usize = 32;

/// The EFF large word list (7,776 words).
pub fn words() -> Vec<&'static str> {
    WORDS_TEXT.lines().filter(|w| !w.is_empty()).collect()
}

/// The longest value `generate` makes.
pub const MAX_LENGTH: usize = 4096;

/// Parses `--length`: a whole number from 1 to 4096.
pub fn parse_length(text: Option<&str>) -> crate::Result<Option<usize>> {
    let Some(text) = text else { return Ok(None) };
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_LENGTH).contains(&n) => Ok(Some(n)),
        _ => Err(crate::Error::usage_hint(
            format!("--length {text:?} is out of range"),
            format!(
                "--length takes a whole number from 1 to {MAX_LENGTH} (characters, or words for --charset words)"
            ),
        )),
    }
}

/// A uniform random index below `n` (rejection sampling, no bias).
fn uniform(n: usize) -> usize {
    assert!(
        n > 0 && n <= u32::MAX as usize,
        "alphabet sizes are small and non-zero"
    );
    let n = n as u32;
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let mut b = [0u8; 4];
        fill_random(&mut b);
        let v = u32::from_le_bytes(b);
        if v < zone {
            return (v % n) as usize;
        }
    }
}

/// A random value of `length` characters (or words) from `charset`,
/// with its entropy in bits.
pub fn generate(charset: Charset, length: Option<usize>) -> (SecretString, f64) {
    match charset {
        Charset::Words => {
            let list = words();
            let n = length.unwrap_or(DEFAULT_WORDS);
            let picked: Vec<&str> = (0..n).map(|_| list[uniform(list.len())]).collect();
            (
                SecretString::new(picked.join("-")),
                n as f64 * (list.len() as f64).log2(),
            )
        }
        _ => {
            let alphabet = match charset {
                Charset::Alnum => ALNUM,
                Charset::Symbols => SYMBOLS,
                _ => HEX,
            };
            let n = length.unwrap_or(DEFAULT_CHARS);
            let s: String = (0..n)
                .map(|_| alphabet[uniform(alphabet.len())] as char)
                .collect();
            (
                SecretString::new(s),
                n as f64 * (alphabet.len() as f64).log2(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_list_is_the_eff_large_list() {
        let w = words();
        assert_eq!(w.len(), 7776);
        assert_eq!(w[0], "abacus");
    }

    #[test]
    fn values_have_the_length_and_alphabet() {
        let (v, bits) = generate(Charset::Hex, Some(40));
        assert_eq!(v.len(), 40);
        assert!(v.expose_secret().bytes().all(|b| HEX.contains(&b)));
        assert_eq!(bits, 160.0);
        let (v, _) = generate(Charset::Words, None);
        assert_eq!(v.expose_secret().split('-').count(), DEFAULT_WORDS);
        let (a, _) = generate(Charset::Alnum, None);
        let (b, _) = generate(Charset::Alnum, None);
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
