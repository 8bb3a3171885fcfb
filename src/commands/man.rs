//! `sesame man`: print a man page, or install every page where `man`
//! finds it (issue 15). The pages are the ones committed under `man/`,
//! generated from the command-line definition; they hold no secret, so
//! they are written world-readable (0644), as man pages are.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::cli::ManArgs;
use crate::error::{Error, Result};
use crate::{manpages, output};

/// Prints one page, or with `--install` writes them all.
pub fn run(args: &ManArgs, quiet: bool) -> Result<()> {
    let pages = manpages::man_pages();
    if args.install {
        let dir = match &args.dir {
            Some(dir) => dir.clone(),
            None => default_dir()?,
        };
        install(&dir, &pages)?;
        if !quiet {
            eprintln!(
                "installed {} man pages in '{}'",
                pages.len(),
                output::sanitize(&dir.display().to_string())
            );
        }
        return Ok(());
    }
    let name = match &args.page {
        Some(page) => format!("sesame-{page}.1"),
        None => "sesame.1".to_string(),
    };
    match pages.iter().find(|(file, _)| *file == name) {
        Some((_, roff)) => output::write_stdout(roff),
        None => Err(Error::usage_hint(
            format!(
                "no man page for {:?}",
                args.page.as_deref().unwrap_or_default()
            ),
            "name a subcommand, e.g. `sesame man get`",
        )),
    }
}

/// `<data dir>/man/man1`: `~/.local/share/man/man1` on Linux.
fn default_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("man").join("man1"))
        .ok_or_else(|| Error::usage_hint("cannot find a data directory", "use --dir DIR"))
}

/// Writes every page into `dir` (created if missing), each through a
/// temporary file renamed into place.
fn install(dir: &Path, pages: &[(String, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    for (name, roff) in pages {
        let path = dir.join(name);
        let temp = dir.join(format!(".{name}.tmp"));
        let written = std::fs::File::create(&temp).and_then(|mut f| {
            f.write_all(roff)?;
            f.set_permissions(std::fs::Permissions::from_mode(0o644))?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| std::fs::rename(&temp, &path)) {
            let _ = std::fs::remove_file(&temp);
            return Err(Error::io("cannot write", &path, e));
        }
    }
    Ok(())
}
