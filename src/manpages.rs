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
\fBSESAME_SESSION\fR
A session token from \fBsesame unlock\fR; tried first. Useless without its session file. \fBsesame run\fR removes it and the passphrase variables from its command's environment (\fB\-\-keep\-session\fR keeps it).
.TP
\fBSESAME_CLIP_TIMEOUT\fR
Seconds before \fBget \-\-clip\fR clears the clipboard if it still holds the value (default 45, or \fBclip_timeout\fR in the config; 0 never clears).
.TP
\fBSESAME_LOCK_TIMEOUT\fR
Seconds to wait for the vault's write lock before giving up with exit status 7 (default 10).
.PP
A command unlocks with the first of: a usable session, the passphrase file, the passphrase command, \fBSESAME_PASSPHRASE\fR, a hidden prompt on the terminal. It is never accepted as a command\-line argument.
.SH FILES
.TP
\fI<data dir>/sesame/vault.sesame\fR
The default vault (\fI~/.local/share/sesame/vault.sesame\fR on Linux). A vault path that is a symbolic link (into a synced folder, say) is followed: a write replaces the file it points to, beside which the lock and temp files go, and the link stays a link.
.TP
\fI<vault>.lock\fR
The vault's write lock. Never opened through a symbolic link: a link in its place is refused.
.TP
\fI<config dir>/sesame/config.toml\fR
The config file: \fBvault\fR, \fBdefault_owner\fR, \fBhistory_limit\fR, \fBsession_ttl\fR, \fBclip_timeout\fR and a \fB[kdf]\fR table (\fBmemory_mib\fR, \fBiterations\fR, \fBparallelism\fR).
.TP
\fI<state dir>/sesame/seen/\fR
The highest generation seen of each vault, for rollback detection, (\fI<vault id>.kdf\fR) the KDF parameters it last had, and (\fIstale\-sessions\fR) hashes of session tokens already warned about as ended or expired, so that the warning is said once per token. When it cannot be written, a warning names the file (once per command) and the command goes on.
.TP
\fI<state dir>/sesame/reads/\fR
The access journals: when each secret was last read, under keyed labels that name no secret.
.TP
\fI$XDG_RUNTIME_DIR/sesame/sessions/\fR
Session files (0600, in 0700 directories), one per \fBsesame unlock\fR.
.PP
The lock, rollback state and journal files are never opened through a symbolic link; a link planted in their place is refused, never written through.
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
Conflict: already exists, two secrets give one variable name, refusing to overwrite.
.TP
5
Unlock failed: wrong passphrase, no passphrase source, unusable session.
.TP
6
The vault file is damaged, tampered with, truncated, or of an unknown format (or has flags only a newer sesame knows); \fBverify\fR found damage.
.TP
7
The vault is busy: its write lock could not be taken in time.
.TP
8
The vault is older than one already seen here (rollback).
.TP
9
Refused by policy: KDF parameters out of bounds, or larger than when the vault was last opened here and not confirmed at a terminal.
.TP
10
\fBaudit\fR found secrets that need attention.
.TP
11
Not permitted by your grants (a format\-2 vault shared with a team); the error names the scope.
.PP
\fBsesame run\fR exits with its command's status: 127 when the command is not found, 126 when it cannot be executed, as shells do.
.SH SECURITY
The vault is one file encrypted with XChaCha20\-Poly1305 under keys derived from a random master key, which each passphrase unwraps through Argon2id. No ID, owner, path, value or field name appears in the file in plain text, and any change to its bytes is detected before a value is printed from it. Only the file's size leaks, in 4 KiB steps; the sealed index is padded so that its length does not reveal how many owners there are. A write authenticates every section it carries over unchanged and refuses (exit 6, vault unchanged) to copy one that was damaged; \fBsesame verify\fR checks every byte of the vault at once. Writes are atomic and durable. The process disables core dumps and ptrace attach. A passphrase or value is never taken from the command line; values come from stdin, a file, a hidden prompt, or the OS random number generator.
.PP
\fBsesame run\fR gives its command the selected secrets, never \fBSESAME_SESSION\fR (unless \fB\-\-keep\-session\fR), \fBSESAME_PASSPHRASE\fR, \fBSESAME_PASSPHRASE_FILE\fR or \fBSESAME_PASSPHRASE_COMMAND\fR, and finds the command on its own \fBPATH\fR. A secret whose name alone would set \fBPATH\fR, \fBLD_*\fR, \fBGIT_*\fR or another variable that changes what programs run is refused (exit status 4) unless \fB\-\-map\fR names it. dotenv output runs nothing when sourced by \fBsh\fR and reads back exactly with python\-dotenv; a value no form can carry safely is refused (exit status 2).
.PP
Text from the vault or from input files never reaches the terminal with a control, bidi or invisible character (Unicode categories Cc, Cf, Zl, Zp and the Tags block): tables, errors and notices show one as \fB\eu{202e}\fR, JSON as \fB\eu202e\fR, which parses back to the same string. \fBget\fR, \fBenv\fR, \fBrun\fR and \fBinject\fR give values byte for byte.
.PP
A session token together with its session file is as good as the master key until the session ends. \fBsesame lock\fR ends every session of the vault (it asks for the passphrase at a terminal; with no terminal, no passphrase source and no valid session it can only delete the session files here, and says that copies stay valid until they expire). \fBsesame passwd\fR ends every session too, and \fBsesame passwd \-\-rekey\fR also replaces the master key, so that a leaked key or session opens nothing. KDF parameters that grew since the vault was last opened here are used only after you confirm them at a terminal.
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
sesame find prod; printf %s "$LEAKED" | sesame grep \-F
eval "$(sesame unlock)"; sesame run project/atlas \-\- ./deploy.sh
sesame audit \-\-unused\-for 90d
sesame verify
.fi
"#;

/// The date on the man pages: the date of the release they describe.
/// Fixed, so that the committed pages do not drift with the calendar.
const MAN_DATE: &str = "2026-11-27";

/// Hand-written examples for each subcommand's page (roff, one per line).
fn examples(name: &str) -> &'static str {
    match name {
        "init" => {
            r"sesame init
sesame init \-\-kdf\-memory 256 \-\-kdf\-iterations 4
sesame \-\-vault ~/team.sesame init \-\-passphrase\-file ~/.team\-pass"
        }
        "add" => {
            r#"printf %s "$TOKEN" | sesame add project/atlas/secret/Custom/api\-token
sesame add project/atlas/secret/Custom/db \-\-generate \-\-length 40
sesame add user/me/secret/Custom/krb5\-keytab \-\-from\-file ~/krb5.keytab    # any bytes
echo '{"server":"ghcr.io","username":"bot","password":"..."}' |
  sesame add project/atlas/connect/ContainerRegistry/ghcr"#
        }
        "get" => {
            r"sesame get project/atlas/secret/Custom/db\-password
sesame get \-n project/atlas/connect/S3/prod#secret_access_key
sesame get project/atlas/secret/Custom/db\-password \-\-version 2 \-\-format json
sesame get \-c project/atlas/secret/Custom/db\-password    # clipboard, cleared after 45 s"
        }
        "list" => {
            r"sesame list
sesame list project/atlas/connect \-\-format ids
sesame list \-\-owner\-type project \-\-owner\-id atlas \-\-format json \-\-decrypt"
        }
        "rotate" => {
            r#"sesame rotate project/atlas/secret/Custom/db\-password \-\-generate
echo "$NEW_KEY" | sesame rotate project/atlas/connect/S3/prod \-\-field region=eu\-west\-1"#
        }
        "history" => {
            r"sesame history project/atlas/secret/Custom/db\-password
sesame history project/atlas/secret/Custom/db\-password \-\-decrypt \-\-format json"
        }
        "rollback" => r"sesame rollback project/atlas/secret/Custom/db\-password \-\-to 3",
        "mv" => {
            r"sesame mv project/atlas/secret/Custom/old project/atlas/secret/Custom/new
sesame mv user/alice/secret/Custom/pat organization/acme/secret/Custom/pat"
        }
        "rm" => {
            r"sesame rm project/atlas/secret/Custom/old    # asks first at a terminal
sesame rm \-\-force project/atlas/secret/Custom/a project/atlas/secret/Custom/b
sesame rm \-y project/atlas/secret/Custom/old    # does not ask
sesame rm \-r project/atlas/secret/old       # asks, naming the count
sesame rm \-r \-\-yes project/atlas/secret/old   # no terminal: says yes up front"
        }
        "cp" => {
            r"sesame cp project/atlas/secret/Custom/db\-password project/staging/secret/Custom/db\-password
sesame cp \-\-force project/atlas/secret/Custom/a project/atlas/secret/Custom/b"
        }
        "edit" => {
            r"sesame edit project/atlas/secret/Custom/db\-password
EDITOR='code \-\-wait' sesame edit project/atlas/connect/S3/prod    # the fields as JSON
sesame edit \-\-unsafe\-tmp user/me/secret/Custom/x    # no XDG_RUNTIME_DIR: beside the vault"
        }
        "find" => {
            r"sesame find prod
sesame find '*/connect/S3/*' \-\-format ids
sesame find 'db\-*' \-\-format json"
        }
        "grep" => {
            r#"printf %s "$LEAKED_TOKEN" | sesame grep \-F    # every secret holding it
sesame grep '^AKIA' project/atlas \-\-format json
sesame grep \-i \-F \- user/alice < token.txt"#
        }
        "passwd" => {
            r"sesame passwd
sesame passwd \-\-new\-passphrase\-file ~/.new\-pass
sesame passwd \-\-rekey    # also a new master key: for a leaked key or session"
        }
        "lock" => {
            r"sesame lock    # at a terminal: asks for the passphrase, ends every session
sesame \-\-passphrase\-file ~/.pass lock"
        }
        "import" => {
            r"sesame import \-\-format json backup.json
sesame import \-\-format dotenv \-\-prefix project/atlas/secret/Custom < .env
sesame import \-\-format pass \-\-prefix user/alice/secret/Custom \-\-dry\-run ~/.password\-store
keepassxc\-cli export \-\-format xml db.kdbx | sesame import \-\-format keepass\-xml \-\-prefix user/alice/secret/kp
sesame import \-\-format bitwarden \-\-prefix user/alice/secret/bw bitwarden_export.json"
        }
        "info" => {
            r"sesame info
sesame info \-\-format json"
        }
        "verify" => {
            r"sesame verify
sesame verify \-\-format json | jq '.owners[] | select(.ok | not)'
sesame \-\-vault /mnt/backup/vault.sesame \-\-allow\-rollback verify"
        }
        "generate" => {
            r"sesame generate
sesame generate \-\-charset words \-\-length 7
sesame generate \-\-charset hex \-\-length 64"
        }
        "env" => {
            r#"sesame env project/atlas
eval "$(sesame env project/atlas/secret/Custom/db\-password)"
sesame env project/atlas \-\-format dotenv > .env
sesame env \-\-map PATH=sesame://project/atlas/secret/Custom/tools\-path
sesame env project/atlas \-\-format fish | source    # in fish"#
        }
        "run" => {
            r"sesame run project/atlas \-\- ./deploy.sh
sesame run \-\-map PGPASSWORD=sesame://project/atlas/secret/Custom/db\-password \-\- psql
sesame run \-\-keep\-session project/atlas \-\- ./calls\-sesame\-itself.sh
sesame run \-\-env\-file app.env \-\- ./server    # NAME=sesame://ID[#field] or NAME=value lines"
        }
        "completions" => {
            r"sesame completions bash > ~/.local/share/bash\-completion/completions/sesame
sesame completions zsh > ~/.zfunc/_sesame
sesame completions fish > ~/.config/fish/completions/sesame.fish"
        }
        "man" => {
            r"sesame man \-\-install    # then: man sesame, man sesame\-get
sesame man \-\-install \-\-dir /usr/local/share/man/man1
sesame man get | man \-l \-"
        }
        "merge" => {
            r"git config merge.sesame.driver 'sesame merge %O %A %B %P'
sesame merge base.sesame ours.sesame theirs.sesame vault.sesame"
        }
        "git-textconv" => {
            r"git config diff.sesame.textconv 'sesame git\-textconv'
sesame git\-textconv vault.sesame
git log \-p \-\- vault.sesame"
        }
        "grant" => {
            r"sesame grant bob project/atlas read     # sees the secrets exist, no value
sesame grant carol project/atlas write
sesame grant carol project/atlas read \-\-format json   # a downgrade: lists the IDs she could read"
        }
        "revoke" => {
            r"sesame revoke carol project/atlas
sesame revoke carol project/atlas \-\-format json | jq \-r '.readable[]'"
        }
        "git" => {
            r"sesame git setup
sesame git setup \-\-repo ~/team\-secrets
git add .gitattributes && git commit \-m 'sesame merge driver'"
        }
        _ => "",
    }
}

/// `[--vault]` in the SYNOPSIS as `[--vault <PATH>]`: clap_mangen leaves
/// out the value an option takes, which makes it read like a flag.
fn synopsis_with_values(cmd: &clap::Command, text: String) -> String {
    let Some(start) = text.find(".SH SYNOPSIS\n") else {
        return text;
    };
    let line_start = start + ".SH SYNOPSIS\n".len();
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut synopsis = text[line_start..line_end].to_string();
    let roff = |s: &str| s.replace('-', "\\-");
    for arg in cmd.get_arguments() {
        let (Some(long), true) = (arg.get_long(), arg.get_action().takes_values()) else {
            continue;
        };
        let value = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| arg.get_id().as_str().to_uppercase(), |n| n.to_string());
        let name = format!("\\fB\\-\\-{}\\fR", roff(long));
        let with_short = arg
            .get_short()
            .map(|s| format!("\\fB\\-{}\\fR|{name}", roff(&s.to_string())));
        for shown in with_short.iter().chain(std::iter::once(&name)) {
            let value = format!("\\fI<{}>\\fR", roff(&value));
            synopsis = synopsis
                .replace(&format!("[{shown}]"), &format!("[{shown} {value}]"))
                .replace(&format!("<{shown}>"), &format!("{shown} {value}"));
        }
    }
    format!("{}{synopsis}{}", &text[..line_start], &text[line_end..])
}

fn render(cmd: clap::Command, extra: &str) -> (String, Vec<u8>) {
    let synopsis_of = cmd.clone();
    let man = clap_mangen::Man::new(cmd)
        .date(MAN_DATE)
        .source(format!("sesame {}", env!("CARGO_PKG_VERSION")))
        .manual("sesame manual");
    let mut page = Vec::new();
    man.render(&mut page)
        .expect("rendering into memory cannot fail");
    // clap_mangen brackets blank lines with `.br`, which mandoc flags.
    let mut text = String::from_utf8(page)
        .expect("roff is UTF-8")
        .replace("\n.br\n\n.br\n", "\n.sp\n");
    text = synopsis_with_values(&synopsis_of, text);
    text.push_str(extra);
    (man.get_filename(), text.into_bytes())
}

/// Every man page: `(file name, roff)`, `sesame.1` first.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    // The exit codes at the end of `--help` are the page's EXIT STATUS.
    let mut cmd = Cli::command()
        .disable_help_subcommand(true)
        .after_long_help(None::<&str>);
    cmd.build();
    let mut pages = vec![render(cmd.clone(), HAND_WRITTEN)];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let extra = format!(
            ".SH EXAMPLES\n.nf\n{}\n.fi\n.SH SEE ALSO\n\\fBsesame\\fR(1) for the environment, files, exit status and security notes.\n",
            examples(sub.get_name())
        );
        pages.push(render(sub.clone(), &extra));
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

/// The completion script for `shell`: clap's, plus completion of secret
/// IDs from an active session for bash, zsh and fish.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sesame", &mut buf);
    let script = String::from_utf8(buf).expect("completion scripts are UTF-8");
    let script = match shell {
        Shell::Bash => script + include_str!("completion_ids.bash"),
        Shell::Zsh => {
            // Rename clap's entry point and put the wrapper in its place, so
            // that both autoloading (fpath) and sourcing reach the wrapper.
            let (body, dispatch) = script
                .rsplit_once("if [ \"$funcstack[1]\" = \"_sesame\" ]; then")
                .expect("clap's zsh script ends with its dispatch");
            format!(
                "{}{}\nif [ \"$funcstack[1]\" = \"_sesame\" ]; then{dispatch}",
                body.replacen("\n_sesame() {", "\n_sesame_clap() {", 1),
                include_str!("completion_ids.zsh")
            )
        }
        Shell::Fish => script + include_str!("completion_ids.fish"),
        _ => script,
    };
    script.into_bytes()
}
