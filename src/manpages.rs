//! Man pages and completion scripts, generated from the clap definition
//! and committed under `man/` and `completions/`. A test renders them in
//! memory and fails when the committed files are stale; run
//! `SESAME_UPDATE_GENERATED=1 cargo test --test cli generated` to rewrite
//! them.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Sections a parser cannot produce, appended to `sesame(1)`.
const HAND_WRITTEN: &str = r#".SH ENVIRONMENT
.TP
\fBSESAME_VAULT\fR
The vault file, as \fB\-\-vault\fR.
.TP
\fBSESAME_CONFIG\fR
The config file, as \fB\-\-config\fR.
.TP
\fBSESAME_OWNER\fR
The default owner, as \fB\-\-owner\fR.
.TP
\fBSESAME_PASSPHRASE_FILE\fR
Read the passphrase from the first line of this file, as \fB\-\-passphrase\-file\fR.
.TP
\fBSESAME_PASSPHRASE_COMMAND\fR
Run this command (split like a shell would, but without a shell) and read the passphrase from the first line of its output.
.TP
\fBSESAME_PASSPHRASE\fR
The passphrase itself. The least safe source: other processes of the same user may read a process's environment. Meant for CI.
.TP
\fBSESAME_LOCK_TIMEOUT\fR
Seconds to wait for the vault's write lock before giving up with exit status 7 (default 10).
.PP
The passphrase is taken from the first of: the passphrase file, the passphrase command, \fBSESAME_PASSPHRASE\fR, a hidden prompt on the terminal. It is never accepted as a command\-line argument.
.SH FILES
.TP
\fI<data dir>/sesame/vault.sesame\fR
The default vault (\fI~/.local/share/sesame/vault.sesame\fR on Linux).
.TP
\fI<vault>.lock\fR
The vault's write lock.
.TP
\fI<config dir>/sesame/config.toml\fR
The config file: \fBvault\fR, \fBdefault_owner\fR, \fBhistory_limit\fR, \fBsession_ttl\fR and a \fB[kdf]\fR table (\fBmemory_mib\fR, \fBiterations\fR, \fBparallelism\fR).
.TP
\fI<state dir>/sesame/seen/\fR
The highest generation seen of each vault, for rollback detection.
.SH EXIT STATUS
.TP
0
Success.
.TP
1
Any other error (I/O, a full disk, ...).
.TP
2
Usage: bad arguments, a malformed ID, empty input, bad config.
.TP
3
Not found: no such vault, secret, version or field.
.TP
4
Conflict: already exists, refusing to overwrite.
.TP
5
Unlock failed: wrong passphrase, no passphrase source.
.TP
6
The vault file is damaged, tampered with, truncated, or of an unknown format.
.TP
7
The vault is busy: its write lock could not be taken in time.
.TP
8
The vault is older than one already seen here (rollback).
.TP
9
Refused by policy: KDF parameters out of bounds.
.SH SECURITY
The vault is one file encrypted with XChaCha20\-Poly1305 under keys derived from a random master key, which each passphrase unwraps through Argon2id. No ID, owner, path, value or field name appears in the file in plain text, and any change to its bytes is detected before a value is printed from it. Writes are atomic and durable. The process disables core dumps and ptrace attach. A passphrase or value is never taken from the command line; values come from stdin, a file, a hidden prompt, or the OS random number generator.
.PP
sesame does not protect against malware running as your user while the vault is unlocked, or against a weak passphrase.
.SH EXAMPLES
.nf
sesame init
printf %s "$TOKEN" | sesame add project/atlas/secret/Custom/db\-password
sesame add project/atlas/secret/Custom/api\-key \-\-generate \-\-length 40
echo '{"access_key_id":"AKIA...","secret_access_key":"..."}' | sesame add project/atlas/connect/S3/prod\-bucket
sesame get project/atlas/secret/Custom/db\-password
sesame get project/atlas/connect/S3/prod\-bucket#secret_access_key
sesame list project/atlas \-\-format json
sesame rm project/atlas/secret/Custom/api\-key
.fi
"#;

/// Every man page: `(file name, roff)`, `sesame.1` first.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    let mut top = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone()).date("");
    man.render(&mut top)
        .expect("rendering into memory cannot fail");
    top.extend_from_slice(HAND_WRITTEN.as_bytes());
    pages.push(("sesame.1".to_string(), top));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = clap_mangen::Man::new(sub.clone()).date("");
        let mut page = Vec::new();
        man.render(&mut page)
            .expect("rendering into memory cannot fail");
        page.extend_from_slice(
            b".SH SEE ALSO\n\\fBsesame\\fR(1) for the environment, files, exit status and security notes.\n",
        );
        pages.push((man.get_filename(), page));
    }
    pages
}

/// Every completion script: `(file name, script)`.
pub fn completion_scripts() -> Vec<(String, Vec<u8>)> {
    [
        (Shell::Bash, "sesame.bash"),
        (Shell::Zsh, "_sesame"),
        (Shell::Fish, "sesame.fish"),
        (Shell::Elvish, "sesame.elv"),
        (Shell::PowerShell, "_sesame.ps1"),
    ]
    .into_iter()
    .map(|(shell, name)| (name.to_string(), completion_script(shell)))
    .collect()
}

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sesame", &mut buf);
    buf
}
