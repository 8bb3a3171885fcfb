//! Process hardening done once at start: no core dumps, no ptrace attach.

/// Disables core dumps (`RLIMIT_CORE=0`) and marks the process not
/// dumpable (`PR_SET_DUMPABLE=0`), which also stops other processes of the
/// same user from attaching with ptrace or reading `/proc/<pid>/mem`.
///
/// Best effort: failures are ignored, since refusing to run would protect
/// nothing.
pub fn harden() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let _ = setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}
