//! `sesame run`: run a command with secrets in its environment.

use std::os::unix::process::CommandExt;
use std::process::Command;

use crate::cli::RunArgs;
use crate::envvars;
use crate::error::{Error, Result};
use crate::process;

use super::Context;

/// Resolves every variable first (a missing secret: exit 3, nothing run),
/// then replaces this process with the command, so that signals, stdin,
/// stdout, stderr and the exit code are the command's own. The command is
/// looked up on sesame's own `PATH` and does not get the unlock variables
/// (`SESAME_SESSION` only with `--keep-session`).
pub fn run(ctx: &Context, args: RunArgs) -> Result<()> {
    let vars = if args.selectors.is_empty() && args.selection.maps.is_empty() {
        Vec::new()
    } else {
        let mut vault = ctx.open()?;
        let (vars, read) = ctx.hinting(&mut vault, |v| {
            envvars::collect(
                v,
                &args.selectors,
                &args.selection.maps,
                ctx.default_owner.as_ref(),
            )
        })?;
        // Recorded now: after exec there is no one left to record it.
        vault.record_reads(&read);
        vars
    };
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Error::usage("run needs a command after `--`"))?;
    // Found on our own PATH: a secret mapped to PATH must not pick the program.
    let path = std::env::var_os("PATH");
    let file =
        process::find_program(program, path.as_deref()).map_err(|err| cannot_run(program, &err))?;
    let mut cmd = Command::new(file);
    cmd.arg0(program).args(rest);
    // The command gets the secrets it was given, not the means to open the
    // vault and read the others.
    for name in process::UNLOCK_VARIABLES {
        if !(args.keep_session && *name == "SESAME_SESSION") {
            cmd.env_remove(name);
        }
    }
    for v in &vars {
        cmd.env(&v.name, v.value.expose_secret());
    }
    // The command is the user's: give it back the core limit we lowered.
    process::restore_for_child();
    let err = cmd.exec();
    Err(cannot_run(program, &err))
}

/// Exit 127 for a command that is not there, 126 for one that cannot be
/// executed (not executable, a directory, not a program), as shells do.
fn cannot_run(program: &std::ffi::OsStr, err: &std::io::Error) -> Error {
    let program = program.to_string_lossy().into_owned();
    match err.kind() {
        std::io::ErrorKind::NotFound => Error::CommandNotFound { program },
        std::io::ErrorKind::PermissionDenied
        | std::io::ErrorKind::IsADirectory
        | std::io::ErrorKind::ExecutableFileBusy => Error::CommandNotExecutable {
            program,
            reason: err.to_string(),
        },
        _ if err.raw_os_error() == Some(rustix::io::Errno::NOEXEC.raw_os_error()) => {
            Error::CommandNotExecutable {
                program,
                reason: err.to_string(),
            }
        }
        _ => Error::Other {
            message: format!("cannot run {program:?}: {err}"),
        },
    }
}
