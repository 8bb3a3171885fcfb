//! Text made safe to show: what sesame prints of names, IDs and paths
//! that came from a vault or an input file. Shared by the vault's messages
//! and the command line's output, so neither depends on the other for it.

/// Whether `c` must never reach a terminal as is: it could drive the
/// terminal, or make a line show something other than what it holds.
/// The set (Unicode 15.1 general categories Cc, Cf, Zl and Zp, plus the
/// rest of the Tags block):
/// - controls: C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F, e.g. the 8-bit
///   CSI U+009B);
/// - bidi controls: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;
/// - invisible formatting: soft hyphen U+00AD, U+200B–U+200D, U+2060–U+2064,
///   U+206A–U+206F, U+FEFF, U+180E, U+FFF9–U+FFFB, the Tags U+E0000–U+E007F
///   (invisible ASCII look-alikes), and the few other format characters;
/// - line and paragraph separators U+2028, U+2029.
///
/// It does not cover look-alike letters (homoglyphs) or blank-looking
/// letters such as U+3164: they can mislead a reader but cannot hide,
/// reorder or move text.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{ad}'
        | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}'
        | '\u{890}'..='\u{891}' | '\u{8e2}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}'
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}')
}

/// Text from the vault or from input files, made safe for a terminal line
/// (tables, notices, errors): every [`is_hidden`] character becomes its
/// Rust escape (`\n`, `\u{1b}`, `\u{202e}`), visible and unambiguous about
/// what was there. Everything else passes as is. Values printed by `get`,
/// `env`, `run` and `inject` never go through this: they stay byte-exact.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}
