//! `sesame run`: run a command with secrets in its environment.

use std::os::unix::process::CommandExt;
use std::process::Command;

use std::path::Path;

use crate::cli::RunArgs;
use crate::envvars::{self, Var};
use crate::error::{Error, Result};
use crate::process;
use crate::secret::SecretString;

use super::Context;

/// Resolves every variable first (a missing secret: exit 3, nothing run),
/// then replaces this process with the command, so that signals, stdin,
/// stdout, stderr and the exit code are the command's own. The command is
/// looked up on sesame's own `PATH` and does not get the unlock variables
/// (`SESAME_SESSION` only with `--keep-session`).
pub fn run(ctx: &Context, args: RunArgs) -> Result<()> {
    // `--env-file` references join `--map`; its plain values are added
    // after, under the same conflict rule.
    let mut maps = args.selection.maps.clone();
    let mut plain = Vec::new();
    for file in &args.env_file {
        for line in read_env_file(file)? {
            match line {
                EnvLine::Reference(map) => maps.push(map),
                EnvLine::Plain(var) => plain.push(var),
            }
        }
    }
    let mut vars = if args.selectors.is_empty() && maps.is_empty() {
        Vec::new()
    } else {
        let mut vault = ctx.open()?;
        let (vars, read) = ctx.hinting(&mut vault, |v| {
            envvars::collect(v, &args.selectors, &maps, ctx.default_owner.as_ref())
        })?;
        // Recorded now: after exec there is no one left to record it.
        vault.record_reads(&read);
        vars
    };
    for var in plain {
        if let Some(other) = vars.iter().find(|v| v.name == var.name) {
            return Err(Error::Conflict {
                message: format!(
                    "{} and {} both give the variable {}",
                    other.source, var.source, var.name
                ),
            });
        }
        vars.push(var);
    }
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

/// One line of an env file.
enum EnvLine {
    /// `NAME=sesame://…`, as a `--map` argument.
    Reference(String),
    /// `NAME=value`.
    Plain(Var),
}

/// The largest env file read.
const MAX_ENV_FILE: usize = 16 << 20;

/// Parses an env file as `op run --env-file` takes it (see `RunArgs`).
/// Errors name the file and line, never a value.
fn read_env_file(path: &Path) -> Result<Vec<EnvLine>> {
    let text = super::input::read_text(Some(path), MAX_ENV_FILE, "env file")?;
    let mut out = Vec::new();
    for (n, raw) in text.split('\n').enumerate() {
        let bad = |why: &str| {
            Error::usage(format!(
                "env file '{}', line {}: {why}",
                path.display(),
                n + 1
            ))
        };
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map_or(line, str::trim_start);
        let (name, value) = line
            .split_once('=')
            .ok_or_else(|| bad("expected NAME=sesame://ID[#field] or NAME=value"))?;
        let name = name.trim_end();
        if name.is_empty()
            || name.starts_with(|c: char| c.is_ascii_digit())
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(bad(
                "the name is not a variable name (letters, digits and `_`, not starting with a digit)",
            ));
        }
        let value = unquote(value.trim_start()).map_err(&bad)?;
        if value.expose_secret().starts_with("sesame://") {
            out.push(EnvLine::Reference(format!(
                "{name}={}",
                value.expose_secret()
            )));
        } else {
            if value.expose_secret().contains('\0') {
                return Err(bad("the value contains a NUL byte"));
            }
            out.push(EnvLine::Plain(Var {
                name: name.to_string(),
                value,
                source: format!("'{}' line {}", path.display(), n + 1),
                named_from: None,
            }));
        }
    }
    Ok(out)
}

/// A value as written: bare (trailing blanks and a ` #` comment cut),
/// `'literal'`, or `"with \" \\ \n escapes"`, each on one line.
fn unquote(text: &str) -> std::result::Result<SecretString, &'static str> {
    let after_quote = |rest: &str| {
        let rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('#') {
            Ok(())
        } else {
            Err("text after the closing quote")
        }
    };
    if let Some(body) = text.strip_prefix('\'') {
        let end = body
            .find('\'')
            .ok_or("a single quote is not closed on its line")?;
        after_quote(&body[end + 1..])?;
        return Ok(SecretString::new(body[..end].to_string()));
    }
    if let Some(body) = text.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    after_quote(&body[i + 1..])?;
                    return Ok(SecretString::new(value));
                }
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some(e @ ('"' | '\\' | '$' | '`')) => value.push(e),
                    Some(e) => {
                        value.push('\\');
                        value.push(e);
                    }
                    None => break,
                },
                c => value.push(c),
            }
        }
        zeroize::Zeroize::zeroize(&mut value);
        return Err("a double quote is not closed on its line");
    }
    let bare = match text.find(" #") {
        Some(i) => &text[..i],
        None => text,
    };
    Ok(SecretString::new(bare.trim_end().to_string()))
}
