//! `sesame completions SHELL`: print a completion script.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;
use crate::output;

/// The completion script for `shell`, as committed under `completions/`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sesame", &mut buf);
    buf
}

/// Prints the script.
pub fn run(args: &CompletionsArgs) -> Result<()> {
    output::write_stdout(&script(args.shell))
}
