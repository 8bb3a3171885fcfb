//! Where the passphrase comes from, first that applies (spec §2): a
//! passphrase file, `SESAME_PASSPHRASE_COMMAND`, `SESAME_PASSPHRASE`, a
//! hidden prompt on the terminal. A passphrase is never taken from argv.

use std::io::{IsTerminal, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::SecretString;

/// The configured passphrase sources.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// `--passphrase-file` / `SESAME_PASSPHRASE_FILE`.
    pub file: Option<PathBuf>,
    /// Whether notices may be printed.
    pub quiet: bool,
}

/// Whether a person is at a terminal we may prompt on.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() || std::io::stderr().is_terminal()
}

impl Sources {
    /// The passphrase to open an existing vault.
    pub fn passphrase(&self) -> Result<SecretString> {
        self.passphrase_noting_prompt().map(|(p, _)| p)
    }

    /// [`Sources::passphrase`], and whether it was typed at the terminal.
    pub fn passphrase_noting_prompt(&self) -> Result<(SecretString, bool)> {
        if let Some(p) = self.non_interactive()? {
            return Ok((p, false));
        }
        if can_prompt() {
            return prompt("Passphrase for the vault: ").map(|p| (p, true));
        }
        Err(no_source())
    }

    /// Whether a non-interactive source is configured (a file,
    /// `SESAME_PASSPHRASE_COMMAND` or `SESAME_PASSPHRASE`), without
    /// reading it.
    pub fn configured(&self) -> bool {
        self.file.is_some()
            || std::env::var_os("SESAME_PASSPHRASE_COMMAND").is_some()
            || std::env::var_os("SESAME_PASSPHRASE").is_some()
    }

    /// The passphrase from the non-interactive sources only.
    pub fn passphrase_without_prompt(&self) -> Result<SecretString> {
        self.non_interactive()?.ok_or_else(no_source)
    }

    /// A new passphrase (for `init`, `passwd`): asked twice on a terminal,
    /// else from the non-interactive sources. Empty is refused (exit 2).
    pub fn new_passphrase(&self) -> Result<SecretString> {
        let p = match self.non_interactive()? {
            Some(p) => p,
            None if can_prompt() => prompt_twice("New passphrase: ", "Repeat the passphrase: ")?,
            None => return Err(no_source()),
        };
        if p.is_empty() {
            return Err(Error::usage("the passphrase is empty"));
        }
        Ok(p)
    }

    fn non_interactive(&self) -> Result<Option<SecretString>> {
        if let Some(file) = &self.file {
            return read_passphrase_file(file, self.quiet).map(Some);
        }
        if let Some(cmd) = std::env::var_os("SESAME_PASSPHRASE_COMMAND") {
            return run_passphrase_command(&cmd.to_string_lossy()).map(Some);
        }
        if let Some(p) = std::env::var_os("SESAME_PASSPHRASE") {
            let p = p
                .into_string()
                .map_err(|_| unlock_error("SESAME_PASSPHRASE is not valid UTF-8"))?;
            return Ok(Some(SecretString::new(p)));
        }
        Ok(None)
    }
}

/// Asks on the terminal whether to go on with a KDF-parameter change
/// (see `vault::keys::kdf_seen`); `false` without a terminal or on anything but
/// "y"/"yes".
pub fn confirm_kdf_growth(change: &str) -> bool {
    use std::io::{BufRead, Write};
    if !can_prompt() {
        return false;
    }
    let Ok(tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return false;
    };
    let mut out = &tty;
    let asked = write!(
        out,
        "sesame: warning: {change}.\n\
         If you did not raise them, someone who can write the vault file may have, \
         to make every unlock take hours.\n\
         Derive the key with the new parameters? [y/N] "
    )
    .and_then(|()| out.flush());
    if asked.is_err() {
        return false;
    }
    let mut answer = String::new();
    if std::io::BufReader::new(&tty)
        .read_line(&mut answer)
        .is_err()
    {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// How many times a new passphrase or value is asked for (twice each) when
/// the two entries differ.
const TWICE_ATTEMPTS: usize = 3;

/// Asks `question` on the controlling terminal; true only for "y" or
/// "yes" (any case). False when there is no terminal to ask on.
pub fn confirm(question: &str) -> bool {
    use std::io::{BufRead, Write};
    let Ok(tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return false;
    };
    let mut out = &tty;
    if write!(out, "{question}")
        .and_then(|()| out.flush())
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    if std::io::BufReader::new(&tty)
        .read_line(&mut answer)
        .is_err()
    {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// Asks twice on the terminal; the two must match. When they differ, says
/// so and asks again, up to 3 times (then exit 2).
pub fn prompt_twice(first: &str, second: &str) -> Result<SecretString> {
    prompt_twice_named(first, second, "passphrases")
}

/// [`prompt_twice`], naming what was typed (`passphrases`, `values`) in
/// the messages.
pub fn prompt_twice_named(first: &str, second: &str, what: &str) -> Result<SecretString> {
    for attempt in 1..=TWICE_ATTEMPTS {
        let a = prompt(first)?;
        let b = prompt(second)?;
        if a.ct_eq(&b) {
            return Ok(a);
        }
        if attempt < TWICE_ATTEMPTS {
            eprintln!("sesame: the two {what} differ; try again");
        }
    }
    Err(Error::usage(format!(
        "the two {what} differed {TWICE_ATTEMPTS} times"
    )))
}

/// A hidden prompt on the controlling terminal.
pub fn prompt(text: &str) -> Result<SecretString> {
    rpassword::prompt_password(text)
        .map(SecretString::new)
        .map_err(|e| {
            unlock_error(&format!(
                "cannot read the passphrase from the terminal: {e}"
            ))
        })
}

fn unlock_error(message: &str) -> Error {
    Error::Unlock {
        message: message.to_string(),
        hint: None,
    }
}

fn no_source() -> Error {
    Error::Unlock {
        message: "no passphrase source: not on a terminal, and none was configured".into(),
        hint: Some(
            "start a session with `eval \"$(sesame unlock)\"` at a terminal, or use --passphrase-file PATH (or SESAME_PASSPHRASE_FILE), SESAME_PASSPHRASE_COMMAND, or SESAME_PASSPHRASE"
                .into(),
        ),
    }
}

/// The first line of `path`, without its line ending.
fn read_passphrase_file(path: &Path, quiet: bool) -> Result<SecretString> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::Unlock {
        message: format!("cannot read the passphrase file '{}': {e}", path.display()),
        hint: None,
    })?;
    if let Ok(meta) = file.metadata()
        && meta.permissions().mode() & 0o077 != 0
        && !quiet
    {
        eprintln!(
            "sesame: warning: the passphrase file '{}' is readable by others; run `chmod 600` on it",
            crate::output::sanitize(&path.display().to_string())
        );
    }
    let mut buf = Zeroizing::new(Vec::new());
    file.by_ref()
        .take(64 * 1024)
        .read_to_end(&mut buf)
        .map_err(|e| {
            unlock_error(&format!(
                "cannot read the passphrase file '{}': {e}",
                path.display()
            ))
        })?;
    first_line(&buf).ok_or_else(|| {
        unlock_error(&format!(
            "the passphrase file '{}' is not valid UTF-8",
            path.display()
        ))
    })
}

/// Runs the command (split like a shell would, but without one) and takes
/// the first line of its stdout.
fn run_passphrase_command(cmdline: &str) -> Result<SecretString> {
    let argv = shlex::split(cmdline)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| unlock_error("SESAME_PASSPHRASE_COMMAND is empty or badly quoted"))?;
    let output = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| {
            unlock_error(&format!(
                "cannot run SESAME_PASSPHRASE_COMMAND ({:?}): {e}",
                argv[0]
            ))
        })?;
    let stdout = Zeroizing::new(output.stdout);
    if !output.status.success() {
        return Err(unlock_error(&format!(
            "SESAME_PASSPHRASE_COMMAND ({:?}) failed: {}",
            argv[0], output.status
        )));
    }
    first_line(&stdout)
        .ok_or_else(|| unlock_error("SESAME_PASSPHRASE_COMMAND printed invalid UTF-8"))
}

fn first_line(bytes: &[u8]) -> Option<SecretString> {
    let line = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    std::str::from_utf8(line)
        .ok()
        .map(|s| SecretString::new(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_strips_line_endings() {
        assert_eq!(first_line(b"pw\nsecond").unwrap().expose_secret(), "pw");
        assert_eq!(first_line(b"pw\r\n").unwrap().expose_secret(), "pw");
        assert_eq!(first_line(b"pw").unwrap().expose_secret(), "pw");
        assert!(first_line(b"\xff\n").is_none());
    }
}
