//! Process hardening done once at start (no core dumps, no ptrace
//! attach), and what `run` gives its child: the environment without
//! sesame's unlock variables, and the program found on sesame's own `PATH`.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};

/// The core-dump limit the process started with, for `run`'s child.
static ORIGINAL_CORE_LIMIT: OnceLock<Rlimit> = OnceLock::new();

/// Disables core dumps (`RLIMIT_CORE=0`) and marks the process not
/// dumpable (`PR_SET_DUMPABLE=0`), which also stops other processes of the
/// same user from attaching with ptrace or reading `/proc/<pid>/mem`.
///
/// Best effort: failures are ignored, since refusing to run would protect
/// nothing.
pub fn harden() {
    let _ = ORIGINAL_CORE_LIMIT.set(getrlimit(Resource::Core));
    let _ = setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: getrlimit(Resource::Core).maximum,
        },
    );
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}

/// Gives the core-dump limit back before `exec`ing a user's command
/// (`sesame run`), so that the command behaves as it would without us.
/// The dumpable flag is reset by `exec` itself.
pub fn restore_for_child() {
    if let Some(limit) = ORIGINAL_CORE_LIMIT.get() {
        let _ = setrlimit(Resource::Core, *limit);
    }
}

/// The variables that unlock a vault (the later identity and member
/// variables included): `run` removes them from its child's environment,
/// so that a command given some secrets cannot read all the others.
pub const UNLOCK_VARIABLES: &[&str] = &[
    "SESAME_SESSION",
    "SESAME_PASSPHRASE",
    "SESAME_PASSPHRASE_FILE",
    "SESAME_PASSPHRASE_COMMAND",
    "SESAME_IDENTITY",
    "SESAME_MEMBER",
];

/// The file `exec` would run for `program`, looked up on `path` (the
/// parent's `PATH`) as `execvp` does, so that a `PATH` set for the child
/// cannot choose the program. A name with a `/` is used as it is. Not
/// found: `ENOENT`; found only without execute permission: `EACCES`.
///
/// Like `execvp` this checks permissions, not whether the file can really
/// be executed: `exec` reports that.
pub fn find_program(program: &OsStr, path: Option<&OsStr>) -> std::io::Result<PathBuf> {
    if program.as_bytes().contains(&b'/') {
        return Ok(PathBuf::from(program));
    }
    if program.is_empty() {
        return Err(std::io::Error::from_raw_os_error(
            rustix::io::Errno::NOENT.raw_os_error(),
        ));
    }
    // execvp's default when PATH is unset.
    let path: OsString = path.map_or_else(|| "/bin:/usr/bin".into(), OsStr::to_os_string);
    let mut denied = false;
    for dir in path.as_bytes().split(|&b| b == b':') {
        // An empty entry is the current directory, as for execvp.
        let dir = if dir.is_empty() {
            Path::new(".")
        } else {
            Path::new(OsStr::from_bytes(dir))
        };
        let candidate = dir.join(program);
        match std::fs::metadata(&candidate) {
            Ok(meta) if meta.is_file() => {
                if meta.permissions().mode() & 0o111 != 0 {
                    return Ok(candidate);
                }
                denied = true;
            }
            _ => {}
        }
    }
    let errno = if denied {
        rustix::io::Errno::ACCESS
    } else {
        rustix::io::Errno::NOENT
    };
    Err(std::io::Error::from_raw_os_error(errno.raw_os_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_on_the_given_path_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let prog = dir.path().join("prog");
        std::fs::write(&prog, "#!/bin/sh\n").expect("write");
        let path = dir.path().as_os_str();
        std::fs::set_permissions(&prog, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let err = find_program(OsStr::new("prog"), Some(path)).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
        std::fs::set_permissions(&prog, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        assert_eq!(find_program(OsStr::new("prog"), Some(path)).unwrap(), prog);
        let err = find_program(OsStr::new("prog"), Some(OsStr::new("/nonexistent"))).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(
            find_program(OsStr::new("./prog"), None).unwrap(),
            PathBuf::from("./prog")
        );
    }
}
