//! `sesame completions SHELL`: print a completion script.

use crate::cli::CompletionsArgs;
use crate::error::Result;
use crate::{manpages, output};

/// Prints the script, the same as the one committed under `completions/`.
pub fn run(args: &CompletionsArgs) -> Result<()> {
    output::write_stdout(&manpages::completion_script(args.shell))
}
