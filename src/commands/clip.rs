//! `get --clip`: the value to the clipboard, cleared later if it is still
//! there.
//!
//! The clipboard tool gets the value on stdin, never on its command line.
//! Clearing is done by a detached `sesame __clip-clear` (its own process
//! group, no terminal streams, so it outlives the command and the shell's
//! Ctrl-C), which is given the tool, the delay and the value on stdin;
//! after the delay it reads the clipboard back and empties it only if it
//! still holds exactly that value, so that something copied meanwhile is
//! left alone.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use zeroize::Zeroizing;

use crate::config::MAX_CLIP_TIMEOUT;
use crate::error::{Error, Result};

/// Seconds before the clipboard is cleared when nothing says otherwise.
pub const DEFAULT_CLIP_TIMEOUT: u64 = 45;

/// A clipboard tool: how to copy from stdin and paste to stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tool {
    name: &'static str,
    copy: &'static [&'static str],
    paste: &'static [&'static str],
    /// The environment variable that must name a display for it to work.
    display: Option<&'static str>,
}

const TOOLS: &[Tool] = &[
    Tool {
        name: "wl-copy",
        copy: &["wl-copy"],
        paste: &["wl-paste", "--no-newline"],
        display: Some("WAYLAND_DISPLAY"),
    },
    Tool {
        name: "xclip",
        copy: &["xclip", "-selection", "clipboard", "-in"],
        paste: &["xclip", "-selection", "clipboard", "-out"],
        display: Some("DISPLAY"),
    },
    Tool {
        name: "xsel",
        copy: &["xsel", "--clipboard", "--input"],
        paste: &["xsel", "--clipboard", "--output"],
        display: Some("DISPLAY"),
    },
    Tool {
        name: "pbcopy",
        copy: &["pbcopy"],
        paste: &["pbpaste"],
        display: None,
    },
];

/// The first tool found on `PATH` whose display is set.
fn find_tool() -> Option<Tool> {
    let path = std::env::var_os("PATH");
    TOOLS.iter().copied().find(|t| {
        t.display
            .is_none_or(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
            && crate::process::find_program(t.copy[0].as_ref(), path.as_deref()).is_ok()
    })
}

/// The delay: `SESAME_CLIP_TIMEOUT`, else `clip_timeout`, else 45 s; 0
/// never clears.
fn timeout(ctx: &super::Context) -> Result<u64> {
    match std::env::var("SESAME_CLIP_TIMEOUT") {
        Ok(text) => match text.trim().parse::<u64>() {
            Ok(n) if n <= MAX_CLIP_TIMEOUT => Ok(n),
            _ => Err(Error::usage(format!(
                "SESAME_CLIP_TIMEOUT={text:?} is not a number of seconds from 0 to {MAX_CLIP_TIMEOUT}"
            ))),
        },
        Err(_) => Ok(ctx.config.clip_timeout.unwrap_or(DEFAULT_CLIP_TIMEOUT)),
    }
}

/// Copies `value` and arranges for it to be cleared.
pub fn copy(ctx: &super::Context, what: &str, value: &[u8]) -> Result<()> {
    let seconds = timeout(ctx)?;
    let tool = find_tool().ok_or(Error::NoClipboard)?;
    set(tool, value).map_err(|e| Error::Other {
        message: format!("cannot copy with {}: {e}", tool.name),
    })?;
    if seconds > 0 {
        spawn_clearer(tool, seconds, value).map_err(|e| Error::Other {
            message: format!(
                "copied, but cannot start the process that clears the clipboard: {e}; clear it yourself"
            ),
        })?;
        ctx.notice(&format!(
            "copied {what} to the clipboard; it is cleared in {seconds} s"
        ));
    } else {
        ctx.notice(&format!(
            "copied {what} to the clipboard (clip_timeout 0: not cleared)"
        ));
    }
    Ok(())
}

/// Runs the copy command with `bytes` on stdin. Its output goes nowhere:
/// xclip stays behind to serve the selection, and must not hold our
/// stdout open.
fn set(tool: Tool, bytes: &[u8]) -> std::io::Result<()> {
    let mut child = Command::new(tool.copy[0])
        .args(&tool.copy[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let written = stdin.write_all(bytes);
    drop(stdin);
    let status = child.wait()?;
    written?;
    if !status.success() {
        return Err(std::io::Error::other(format!("it exited with {status}")));
    }
    Ok(())
}

fn get(tool: Tool) -> Option<Zeroizing<Vec<u8>>> {
    let out = Command::new(tool.paste[0])
        .args(&tool.paste[1..])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let bytes = Zeroizing::new(out.stdout);
    out.status.success().then_some(bytes)
}

fn spawn_clearer(tool: Tool, seconds: u64, value: &[u8]) -> std::io::Result<()> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .arg("__clip-clear")
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut message = Zeroizing::new(format!("{}\n{seconds}\n", tool.name).into_bytes());
    message.extend_from_slice(value);
    stdin.write_all(&message)
}

/// `sesame __clip-clear`: reads `TOOL\nSECONDS\nVALUE` on stdin, waits,
/// and empties the clipboard if it still holds VALUE.
pub fn clearer() {
    let mut input = Zeroizing::new(Vec::new());
    if std::io::stdin().lock().read_to_end(&mut input).is_err() {
        return;
    }
    let mut parts = input.splitn(3, |b| *b == b'\n');
    let (Some(name), Some(seconds), Some(value)) = (parts.next(), parts.next(), parts.next())
    else {
        return;
    };
    let Some(tool) = TOOLS.iter().copied().find(|t| t.name.as_bytes() == name) else {
        return;
    };
    let Some(seconds) = std::str::from_utf8(seconds)
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    else {
        return;
    };
    std::thread::sleep(Duration::from_secs(seconds.min(MAX_CLIP_TIMEOUT)));
    let still_ours = get(tool).is_some_and(|now| {
        use subtle::ConstantTimeEq;
        now.len() == value.len() && bool::from(now.as_slice().ct_eq(value))
    });
    if still_ours {
        let _ = set(tool, b"");
    }
}
