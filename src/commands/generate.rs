//! `sesame generate`: print a random value without touching the vault.

use crate::cli::GenerateArgs;
use crate::error::Result;
use crate::output;

/// Prints the value; its entropy goes to stderr unless quiet.
pub fn run(args: &GenerateArgs, quiet: bool) -> Result<()> {
    let length = crate::generate::parse_length(args.length.as_deref())?;
    let (value, bits) = crate::generate::generate(args.charset, length);
    let mut line = value.expose_secret().to_string();
    line.push('\n');
    let result = output::print(&line);
    zeroize::Zeroize::zeroize(&mut line);
    if !quiet {
        eprintln!("entropy: {bits:.0} bits");
    }
    result
}
