//! Git plumbing for format-2 vaults: `sesame git-textconv` (what `git diff`
//! shows of a vault), `sesame git setup` (the attributes line and the
//! driver in the repository's own `.git/config`), and [`config_args`], the
//! same driver as `git -c` arguments for commands that run git themselves.
//!
//! The textconv prints only what the file shows anyone without a key
//! (format2.md §1.11): envelopes, never a part's bytes. Setup never uses
//! `include.path`: a config taken from the repository would let whoever
//! pushes to it choose the commands git runs here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cli::{GitSetupArgs, GitTextconvArgs};
use crate::commands::Context;
use crate::error::{Error, Result};
use crate::output;
use crate::vault::v2::image::ImageError;
use crate::vault::v2::record::{Checkpoint, Record, kind};

/// The `.gitattributes` line that routes vault files to the driver.
pub const ATTRIBUTES_LINE: &str = "*.sesame merge=sesame diff=sesame -text";

/// The driver's git config as `(key, value)` pairs, naming the sesame at
/// `exe` (shell-quoted: git runs drivers through `sh -c`).
pub fn driver_config(exe: &Path) -> Result<Vec<(&'static str, String)>> {
    let exe = exe.to_str().ok_or_else(|| Error::Other {
        message: format!(
            "the path of sesame '{}' is not UTF-8, which git config cannot hold",
            exe.display()
        ),
    })?;
    let quoted = shlex::try_quote(exe).map_err(|_| Error::Other {
        message: format!("the path of sesame '{exe}' cannot be quoted for a shell"),
    })?;
    Ok(vec![
        (
            "merge.sesame.name",
            "sesame vault merge (keyless union of records)".into(),
        ),
        ("merge.sesame.driver", format!("{quoted} merge %O %A %B %P")),
        ("diff.sesame.textconv", format!("{quoted} git-textconv")),
    ])
}

/// The driver as git arguments (`-c merge.sesame.driver=… -c …`), to put
/// before a git subcommand, so a clone that never ran `sesame git setup`
/// still merges its vault with sesame.
pub fn config_args(exe: &Path) -> Result<Vec<String>> {
    Ok(driver_config(exe)?
        .into_iter()
        .flat_map(|(k, v)| ["-c".to_string(), format!("{k}={v}")])
        .collect())
}

/// `sesame git-textconv FILE`.
pub fn textconv(args: &GitTextconvArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file).map_err(|e| Error::io("cannot read", &args.file, e))?;
    output::print(&textconv_text(&bytes).map_err(|e| Error::Other {
        message: format!(
            "'{}' is not a sesame vault git can show: {}",
            args.file.display(),
            super::merge::why(e)
        ),
    })?)
}

/// The text of a vault for `git diff`: a header line, one line per record
/// envelope in the file's order, one per checkpoint. Empty for an empty
/// file (an add/add's base); one line for a format-1 vault.
pub fn textconv_text(bytes: &[u8]) -> std::result::Result<String, ImageError> {
    if bytes.is_empty() {
        return Ok(String::new());
    }
    let image = match super::merge::decode(bytes) {
        Ok(image) => image,
        Err(ImageError::UnknownVersion(1)) => {
            return Ok(format!(
                "sesame vault, format 1 ({} bytes, sealed as a whole: no records to show)\n",
                bytes.len()
            ));
        }
        // A damaged vault, or one from a newer sesame, somewhere in the
        // history must not stop `git log -p`: say what it is instead.
        Err(
            e @ (ImageError::Malformed | ImageError::UnknownFlags | ImageError::UnknownVersion(_)),
        ) => {
            return Ok(format!(
                "sesame vault that this sesame cannot show ({} bytes): {}\n",
                bytes.len(),
                super::merge::why(e)
            ));
        }
        Err(e) => return Err(e),
    };
    let mut out = format!(
        "sesame vault, format 2, vault {}: {} records, {} checkpoints, {} pages\n",
        hex(&image.vault_id),
        image.records.len(),
        image.checkpoints.len(),
        image.pages.len()
    );
    for r in image.records.values() {
        record_line(&mut out, r);
    }
    for ((_, id), c) in &image.checkpoints {
        checkpoint_line(&mut out, id, c);
    }
    Ok(out)
}

fn record_line(out: &mut String, r: &Record) {
    let tags: Vec<String> = r.tags.iter().map(|t| short(t)).collect();
    let tags = if tags.is_empty() {
        "-".to_string()
    } else {
        tags.join(",")
    };
    let _ = writeln!(
        out,
        "{} tags={tags} author={} device={} seq={} time={} id={} parts={}",
        kind_name(r.kind),
        short(&r.author),
        short(&r.device),
        r.seq,
        time(r.clock),
        short(&r.id()),
        r.parts.len(),
    );
}

fn checkpoint_line(out: &mut String, id: &[u8; 32], c: &Checkpoint) {
    let _ = writeln!(
        out,
        "checkpoint tag={} author={} frontier={} pages={} time={} id={}",
        short(&c.tag),
        short(&c.author),
        c.frontier.len(),
        c.pages.len(),
        time(c.clock),
        short(id),
    );
}

fn kind_name(k: u8) -> String {
    match k {
        kind::MEMBER => "member".into(),
        kind::SLOT => "slot".into(),
        kind::TXN => "txn".into(),
        kind::REKEY => "rekey".into(),
        kind::ACCESS => "access".into(),
        other => format!("kind-{other:02x}"),
    }
}

/// A hybrid logical clock's wall-clock part, RFC 3339 UTC.
fn time(clock: u64) -> String {
    let secs = (clock >> 16) / 1000;
    output::rfc3339(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first 4 bytes, as 8 hex digits.
fn short(bytes: &[u8]) -> String {
    hex(&bytes[..bytes.len().min(4)])
}

/// `sesame git setup [--repo DIR]`.
pub fn setup(ctx: &Context, args: &GitSetupArgs) -> Result<()> {
    let start = match &args.repo {
        Some(dir) => dir.clone(),
        None => match ctx.vault.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    let top = toplevel(&start)?;
    let attributes = top.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("cannot read", &attributes, e)),
    };
    if existing.lines().any(|l| l.trim() == ATTRIBUTES_LINE) {
        eprintln!("'{}' already has `{ATTRIBUTES_LINE}`", attributes.display());
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(ATTRIBUTES_LINE);
        text.push('\n');
        std::fs::write(&attributes, text).map_err(|e| Error::io("cannot write", &attributes, e))?;
        eprintln!(
            "added `{ATTRIBUTES_LINE}` to '{}' (commit it)",
            attributes.display()
        );
    }
    let exe = std::env::current_exe().map_err(|e| Error::Other {
        message: format!("cannot find the path of this sesame: {e}"),
    })?;
    for (key, value) in driver_config(&exe)? {
        let current = git(&top, &["config", "--local", "--get", key]).ok();
        if current.as_deref().map(str::trim_end) == Some(value.as_str()) {
            eprintln!("{key} is already set");
        } else {
            git(&top, &["config", "--local", key, &value])?;
            eprintln!("set {key} = {value}");
        }
    }
    if args.repo.is_none() && ctx.vault.extension().is_none_or(|e| e != "sesame") && !ctx.quiet {
        eprintln!(
            "note: the vault '{}' does not end in .sesame, so the attributes line does not reach it",
            ctx.vault.display()
        );
    }
    Ok(())
}

/// The top of the work tree holding `dir`.
pub(crate) fn toplevel(dir: &Path) -> Result<PathBuf> {
    let out = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| match e {
        Error::Other { .. } => Error::Other {
            message: format!("'{}' is not in a git repository", dir.display()),
        },
        other => other,
    })?;
    Ok(PathBuf::from(out.trim_end_matches('\n')))
}

/// Runs `git -C dir ARGS` without a terminal; its stdout on success, its
/// first stderr line in the error otherwise.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::io("cannot run", "git", e))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Other {
            message: format!(
                "git {} failed: {}",
                args.join(" "),
                stderr.lines().next().unwrap_or("no message")
            ),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::v2::image::Image;
    use crate::vault::v2::record::{PartRef, SIG_LEN, hash};

    #[test]
    fn config_args_pass_the_quoted_driver_and_textconv() {
        let args = config_args(Path::new("/opt/my tools/sesame")).unwrap();
        assert_eq!(
            args,
            vec![
                "-c",
                "merge.sesame.name=sesame vault merge (keyless union of records)",
                "-c",
                "merge.sesame.driver='/opt/my tools/sesame' merge %O %A %B %P",
                "-c",
                "diff.sesame.textconv='/opt/my tools/sesame' git-textconv",
            ]
        );
        assert_eq!(
            config_args(Path::new("/usr/bin/sesame")).unwrap()[3],
            "merge.sesame.driver=/usr/bin/sesame merge %O %A %B %P"
        );
    }

    #[test]
    fn textconv_shows_envelopes_and_never_part_bytes() {
        let secret = b"MARKER-sealed-part".to_vec();
        let record = Record {
            kind: kind::TXN,
            author: [0xaa; 16],
            device: [0xdd; 16],
            seq: 1,
            prev: [0; 32],
            clock: 1_700_000_000_000 << 16,
            seen: vec![],
            tags: vec![[0x11; 16], [0x22; 16]],
            parts: vec![PartRef {
                kind: 1,
                tag: 0,
                len: secret.len() as u32,
                hash: hash(&secret),
            }],
            signature: [0; SIG_LEN],
            data: vec![Some(secret)],
        };
        let id = record.id();
        let mut image = Image::new([0x5e; 16]);
        image.insert_record(record);
        let text = textconv_text(&image.encode()).unwrap();
        assert!(!text.contains("MARKER"));
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            format!(
                "txn tags=11111111,22222222 author=aaaaaaaa device=dddddddd seq=1 \
                 time=2023-11-14T22:13:20Z id={} parts=1",
                hex(&id[..4])
            )
        );
    }

    fn txn(seq: u64, part: Vec<u8>, prev: [u8; 32]) -> Record {
        Record {
            kind: kind::TXN,
            author: [1; 16],
            device: [1; 16],
            seq,
            prev,
            clock: seq << 16,
            seen: vec![],
            tags: vec![[3; 16]],
            parts: vec![PartRef {
                kind: 1,
                tag: 0,
                len: part.len() as u32,
                hash: hash(&part),
            }],
            signature: [0; SIG_LEN],
            data: vec![Some(part)],
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 64,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Hostile bytes, with or without a format-2 magic, never panic.
        #[test]
        fn textconv_never_panics_on_hostile_bytes(
            tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            magic in proptest::prelude::any::<bool>(),
        ) {
            let mut bytes = Vec::new();
            if magic {
                bytes.extend_from_slice(&crate::vault::v2::image::MAGIC);
                bytes.extend_from_slice(&2u16.to_le_bytes());
            }
            bytes.extend(tail);
            let _ = textconv_text(&bytes);
        }

        /// One line per record plus the header, and no part's bytes.
        #[test]
        fn textconv_has_a_line_per_record_and_no_part_bytes(
            parts in proptest::collection::vec("[a-z]{6,20}", 1..6),
        ) {
            let mut image = Image::new([4; 16]);
            let mut prev = [0; 32];
            for (i, p) in parts.iter().enumerate() {
                let r = txn(i as u64 + 1, format!("SECRET{p}").into_bytes(), prev);
                prev = r.id();
                image.insert_record(r);
            }
            let text = textconv_text(&image.encode()).unwrap();
            proptest::prop_assert_eq!(text.lines().count(), 1 + parts.len());
            proptest::prop_assert!(!text.contains("SECRET"));
        }
    }

    #[test]
    fn textconv_names_format_1_and_damage_and_refuses_what_is_not_a_vault() {
        let mut v1 = crate::vault::v2::image::MAGIC.to_vec();
        v1.extend_from_slice(&1u16.to_le_bytes());
        v1.extend_from_slice(&[0; 80]);
        assert!(textconv_text(&v1).unwrap().contains("format 1"));
        assert_eq!(textconv_text(b"hello, world\n"), Err(ImageError::NotAVault));
        assert_eq!(textconv_text(b""), Ok(String::new()));
        let mut v3 = crate::vault::v2::image::MAGIC.to_vec();
        v3.extend_from_slice(&3u16.to_le_bytes());
        v3.extend_from_slice(&[0; 80]);
        let shown = textconv_text(&v3).unwrap();
        assert!(
            shown.starts_with("sesame vault that this sesame cannot show (90 bytes)"),
            "{shown}"
        );
        let mut damaged = crate::vault::v2::Image::new([1; 16]).encode();
        damaged[20] ^= 1;
        let shown = textconv_text(&damaged).unwrap();
        assert!(
            shown.starts_with("sesame vault that this sesame cannot show"),
            "{shown}"
        );
    }
}
