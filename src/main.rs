//! The `sesame` binary: harden the process, parse, run, map the error to
//! an exit code.

use std::process::ExitCode;

use clap::Parser;

use sesame::cli::{Cli, CompleteCli, DriverCli};
use sesame::output::sanitize;
use sesame::{Error, commands};

fn main() -> ExitCode {
    sesame::process::harden();
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == "__edit-guard")
    {
        if let Some(dir) = std::env::args_os().nth(2) {
            commands::edit::guard(std::path::Path::new(&dir));
        }
        return ExitCode::SUCCESS;
    }
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == "__clip-clear")
    {
        commands::clip::clearer();
        return ExitCode::SUCCESS;
    }
    let result = if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == "__complete")
    {
        let args = std::env::args_os()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, a)| a);
        match CompleteCli::try_parse_from(args) {
            Ok(cli) => commands::run_complete(cli),
            Err(_) => return ExitCode::SUCCESS,
        }
    } else if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == "merge" || a == "git-textconv")
    {
        // git's driver and textconv: no global options, so nothing in the
        // environment can make them fail; help and usage errors as usual.
        match DriverCli::try_parse() {
            Ok(cli) => commands::run_driver(cli),
            Err(e) => return clap_error(e),
        }
    } else {
        match Cli::try_parse() {
            Ok(cli) => commands::run(cli),
            Err(e) => return clap_error(e),
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // audit's listing is its output; exit 10 says it found something.
        Err(e @ Error::AuditFound { .. }) => ExitCode::from(e.exit_code()),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Messages can quote text from the vault or an input file.
            eprintln!("sesame: error: {}", sanitize(&e.to_string()));
            for hint in e.hints() {
                eprintln!("hint: {}", sanitize(&hint));
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// The command's own usage line in place of clap's, which lists the
/// options that were given, and so names one set only in the environment
/// (`SESAME_PASSPHRASE_FILE`) as if it were a required flag.
fn plain_usage(used: &str) -> String {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let mut words = used.split_whitespace();
    if words.next() != Some("sesame") {
        return format!("Usage: {used}");
    }
    let mut current = &mut cmd;
    for word in words {
        if current.find_subcommand(word).is_none() {
            break;
        }
        current = current.find_subcommand_mut(word).expect("found just above");
    }
    current.render_usage().to_string()
}

/// Help and version go to stdout with exit 0; usage errors follow our
/// error format with exit 2.
fn clap_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            let rendered = e.render().to_string();
            let mut lines = rendered.lines().filter(|l| !l.trim().is_empty());
            let first = lines.next().unwrap_or("invalid arguments");
            eprintln!(
                "sesame: error: {}",
                sanitize(first.strip_prefix("error: ").unwrap_or(first))
            );
            for line in lines {
                match line.strip_prefix("Usage: ") {
                    Some(used) => eprintln!("{}", sanitize(&plain_usage(used))),
                    None => eprintln!("{}", sanitize(line)),
                }
            }
            ExitCode::from(2)
        }
    }
}
