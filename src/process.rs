//! Process hardening done once at start: no core dumps, no ptrace attach.

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
