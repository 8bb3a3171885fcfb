//! The command line, declared with clap. Types and help text only: no I/O
//! and no logic live here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::id::{Owner, OwnerType};
use crate::secret_type::SecretType;

/// A command-line secrets manager with a local encrypted vault.
///
/// Secrets live in one encrypted file and are addressed by ID:
/// `<owner_type>/<owner_id>/<path>`, e.g. `project/atlas/connect/S3/prod-bucket`,
/// where the owner type is `organization`, `project` or `user`. Values are
/// read from stdin or a hidden prompt, never from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "sesame",
    version,
    max_term_width = 100,
    after_long_help = EXIT_CODES
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The heading under which every command's help lists the global options,
/// apart from its own.
const GLOBAL: &str = "Global options";

/// The exit codes, at the end of `sesame --help` (the spec's §4).
const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    any other error (I/O, full disk, ...)
  2    usage: bad arguments, a malformed ID, empty input, bad config
  3    not found: no such vault, secret, version or field
  4    conflict: already exists, two secrets give one variable name
  5    unlock failed: wrong passphrase, no passphrase source, unusable session
  6    the vault is damaged, tampered with, or of an unknown format
  7    the vault is busy: its write lock was not taken in time
  8    the vault is older than one already seen here (--allow-rollback)
  9    refused by policy: KDF parameters out of bounds
  10   `audit` found something
  11   not permitted by your grants (a format-2 vault shared with a team)
  `run` exits with its command's code: 127 when the command is not
  found, 126 when it cannot be executed, as shells do.";

/// Options that apply to every command.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The vault file (default: `<data dir>/sesame/vault.sesame`)
    #[arg(long, global = true, help_heading = GLOBAL, env = "SESAME_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// The config file (default: `<config dir>/sesame/config.toml`)
    #[arg(long, global = true, help_heading = GLOBAL, env = "SESAME_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The default owner for IDs that do not start with an owner type,
    /// e.g. `project/atlas`
    #[arg(long, global = true, help_heading = GLOBAL, env = "SESAME_OWNER", value_name = "OWNER", value_hint = ValueHint::Other, value_parser = parse_owner)]
    pub owner: Option<Owner>,

    /// Read the passphrase from the first line of this file
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "SESAME_PASSPHRASE_FILE",
        value_name = "PATH"
    )]
    pub passphrase_file: Option<PathBuf>,

    /// Unlock with this identity file: an age identity or an unencrypted
    /// OpenSSH ed25519 key (format-2 vaults)
    #[arg(long, global = true, env = "SESAME_IDENTITY", value_name = "PATH")]
    pub identity: Option<PathBuf>,

    /// Which member's passphrase to try (format-2 vaults; default: `member`
    /// in the config, else your login name if it is a member, else every
    /// member's)
    #[arg(long, global = true, env = "SESAME_MEMBER", value_name = "NAME")]
    pub member: Option<String>,

    /// Open a vault older than one already seen on this machine
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub allow_rollback: bool,

    /// Print no notices on stderr (errors are still printed)
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault
    Init(InitArgs),
    /// Add a secret (value from --generate, --from-file, stdin or a prompt)
    ///
    /// The value comes from the first that applies: --generate; --from-file
    /// PATH, whose bytes are kept exactly (a final newline included); stdin
    /// when it is not a terminal, all of it less exactly one trailing
    /// newline (`\n` or `\r\n`; a second one is kept); a hidden prompt,
    /// asked twice.
    ///
    /// s3 and registry secrets (paths under `connect/S3/` and
    /// `connect/ContainerRegistry/`) read a JSON object of their fields from
    /// stdin or the file, or prompt for each field at a terminal; their
    /// non-secret fields may also be given as --field NAME=VALUE. Empty
    /// input is refused unless --allow-empty.
    Add(AddArgs),
    /// Print a secret's value
    Get(GetArgs),
    /// List secrets (without values unless --decrypt)
    List(ListArgs),
    /// Replace a secret's value, making a new version
    ///
    /// The new value comes from the same sources as for `add` (--generate,
    /// --from-file, stdin less one trailing newline, or a prompt).
    ///
    /// For s3 and registry secrets, only the fields given change; the
    /// others are kept. Stdin (or the file) may hold the bare new value of
    /// the secret field (`secret_access_key`, `password`) or a JSON object
    /// of the fields to change; --field NAME=VALUE changes a non-secret
    /// field (e.g. --field region=us-east-1) and may be the only change,
    /// with empty stdin. --generate makes a new secret field. At a
    /// terminal, the secret field is prompted for, and Enter keeps it.
    Rotate(RotateArgs),
    /// List the kept versions of a secret
    History(HistoryArgs),
    /// Make a new version with the content of an older one
    Rollback(RollbackArgs),
    /// Rename a secret, keeping its versions
    Mv(MvArgs),
    /// Remove secrets with all their versions (`-r`: every secret under a prefix)
    ///
    /// At a terminal, asks `Remove ID and its N versions? [y/N]` for each
    /// ID first (with `-r`, once, with the count); anything but y/yes
    /// removes nothing (exit 1). `--yes` skips the question; without a
    /// terminal on stdin plain `rm` does not ask, and `rm -r` needs `--yes`.
    Rm(RmArgs),
    /// Copy a secret's current value to a new secret
    Cp(CpArgs),
    /// Edit a secret in $VISUAL or $EDITOR, making a new version if it changed
    Edit(EditArgs),
    /// Find secrets by ID or description (glob or substring; no values)
    Find(FindArgs),
    /// Find the secrets whose values match a pattern (prints IDs, never values)
    Grep(GrepArgs),
    /// Change the vault's passphrase and end every session
    Passwd(PasswdArgs),
    /// Convert a format-1 vault to format 2 (members, roles, git sync)
    ///
    /// Asks for the passphrase (a session is not enough: the new member
    /// slot is made from it), keeps the format-1 file as `<vault>.v1.bak`
    /// (0600; it still opens with the same passphrase, so delete it once you
    /// no longer need it), and writes the new vault atomically: a kill at
    /// any moment leaves a vault that opens with the same passphrase. The
    /// founding member is `--member`, else your login name; they are a vault
    /// owner. Every secret keeps its versions, times, description and
    /// policy. Running it on a format-2 vault does nothing.
    Upgrade(UpgradeArgs),
    /// Show the vault's path, format, KDF parameters, secrets and session
    Info(InfoArgs),
    /// Check every byte of the vault: every section, value and padding
    ///
    /// Opens every owner's section and every kept version of every secret
    /// (printing no value), and prints a summary by owner. Exit 6 when
    /// anything is damaged; the summary says where.
    Verify(VerifyArgs),
    /// Start a session: print `export SESAME_SESSION=…` for `eval`
    Unlock(UnlockArgs),
    /// End every session of the vault
    Lock(LockArgs),
    /// Print secrets as environment assignments
    Env(EnvArgs),
    /// Run a command with secrets in its environment
    Run(RunArgs),
    /// Fill `{{ sesame://ID }}` references in a template
    Inject(InjectArgs),
    /// List secrets whose rotation is due, that expire, or that go unused
    Audit(AuditArgs),
    /// Write secrets, with every kept version, as JSON or dotenv
    Export(ExportArgs),
    /// Add secrets from a JSON export, dotenv, pass, KeePass XML or Bitwarden
    Import(ImportArgs),
    /// Print a random value without storing it
    Generate(GenerateArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print a man page, or install them all so that `man sesame` works
    ///
    /// `sesame man --install` writes every page into
    /// `~/.local/share/man/man1` (or DIR), which `man` searches when
    /// `~/.local/bin` is on your PATH; otherwise add the directory above
    /// `man1` to MANPATH.
    Man(ManArgs),
    /// Merge two copies of a format-2 vault (the git merge driver; no key)
    Merge(MergeArgs),
    /// Print a vault's record envelopes for `git diff` (never names or values)
    #[command(name = "git-textconv")]
    GitTextconv(GitTextconvArgs),
    /// Set up git to merge and diff vaults with sesame
    Git(GitArgs),
    /// Make an age identity to unlock format-2 vaults with
    #[command(subcommand)]
    Identity(IdentityCommand),
    /// Show the member you unlock as: slots and grants
    Whoami(WhoamiArgs),
    /// Add, list and remove a vault's members (vault owners), or your own slots
    #[command(subcommand)]
    Member(MemberCommand),
    /// Make a member a vault owner, or not (vault owners only)
    #[command(subcommand)]
    Owner(OwnerCommand),
    /// Give a member a role on a scope: read, write or owner
    ///
    /// SCOPE is an owner (`project/atlas`) or `*` (every scope but the
    /// private `user/<member>` ones). `read` sees that secrets exist but no
    /// value; `write` sees and changes values; `owner` also grants. A lower
    /// role than the member holds revokes the higher one, and the scope moves
    /// to new keys; as with `revoke`, the IDs whose values they could read
    /// are listed (stderr; stdout with `--format json`).
    Grant(GrantArgs),
    /// Take a member's grant on a scope away; the scope moves to new keys
    ///
    /// Prints (stderr) the IDs whose values the member could read, to change
    /// at their source: new keys protect what is written from now on, not
    /// what the member already saw. `--format json` prints them on stdout.
    Revoke(RevokeArgs),
    /// Who holds which role on the scopes you can see
    Access(AccessArgs),
    /// Commit the vault, pull with the merge driver, push (retrying)
    ///
    /// Run inside the git repository that holds the vault. Commits the vault
    /// file if it changed, pulls (merging or rebasing as your git config
    /// says) with sesame's merge driver passed through `git -c`, so a clone
    /// that never ran `sesame git setup` merges too, then pushes; a rejected
    /// push is pulled and retried, at most 3 times. The first sync into an
    /// empty repository (the branch not there yet) only pushes. Prints on
    /// stderr what came in. Exit 1 with git's message if git fails; exit 4
    /// if secrets are left in conflict (the vault is merged and usable; they
    /// are listed); exit 8 if the pull dropped changes this machine had
    /// seen.
    Sync(SyncArgs),
    /// List the secrets in conflict after a merge, with their heads
    Conflicts(ConflictsArgs),
    /// End a conflict: pick a version, or give a new value
    ///
    /// `--pick N` (a version number) or `--pick SHORT_ID` (as `conflicts`
    /// shows) makes that version the current value; without it the new value
    /// comes from the options, stdin or a prompt, as for `rotate`. The
    /// result is a new version whose parents are all the heads. A secret
    /// edited on one machine and deleted on another is kept with `--pick`,
    /// or deleted with `sesame rm`.
    Resolve(ResolveArgs),
    /// Who changed what and when, from the signed records (never a value)
    Log(LogArgs),
}

/// `sesame sync`
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The remote to pull from and push to (default: the branch's upstream)
    #[arg(long, value_name = "NAME")]
    pub remote: Option<String>,
    /// The commit message (default: `sesame: <n> changes`)
    #[arg(short, long, value_name = "MSG")]
    pub message: Option<String>,
}

/// `sesame conflicts`
#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `sesame resolve`
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The secret in conflict
    #[arg(value_name = "ID")]
    pub id: String,
    /// The version to keep: its number or short id
    #[arg(long, value_name = "N|SHORT_ID")]
    pub pick: Option<String>,
    /// The new value, when no version is picked.
    #[command(flatten)]
    pub value: ValueArgs,
}

/// `sesame log`
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only changes to secrets under this prefix
    #[arg(value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame identity …`
#[derive(Debug, Subcommand)]
pub enum IdentityCommand {
    /// Write a new age identity (0600) and print its recipient `age1…`
    ///
    /// Give the recipient to a vault owner (`sesame member add NAME
    /// --recipient age1…`), then unlock with `--identity PATH` or
    /// SESAME_IDENTITY. Never overwrites a file (exit 4).
    New(IdentityNewArgs),
}

/// `sesame identity new`
#[derive(Debug, Args)]
pub struct IdentityNewArgs {
    /// Where to write it (default: `<config dir>/sesame/identity.txt`)
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// `sesame whoami`
#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// How a new slot unlocks: a recipient's key, or a passphrase.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct NewSlotArgs {
    /// An `age1…` recipient, an `ssh-ed25519 …` public key line, or a file
    /// holding one
    #[arg(long, value_name = "RECIPIENT")]
    pub recipient: Option<String>,
    /// A passphrase, read twice from the terminal or from
    /// --new-passphrase-file
    #[arg(long)]
    pub passphrase: bool,
}

/// `sesame member …`
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member with one slot (no secret is sealed again)
    Add(MemberAddArgs),
    /// Remove a member: their grants go, every scope they could read moves to
    /// new keys, and the IDs whose values they could read are listed
    Rm(MemberRmArgs),
    /// List the members: name, vault owner or not, slots, grants
    List(MemberListArgs),
    /// Add or remove one of your own slots
    #[command(subcommand)]
    Slot(SlotCommand),
}

/// `sesame member add`
#[derive(Debug, Args)]
pub struct MemberAddArgs {
    /// The member's name (letters, digits, `.`, `_`, `-`)
    pub name: String,
    /// How the slot unlocks.
    #[command(flatten)]
    pub slot: NewSlotArgs,
    /// With --passphrase: read the new member's passphrase from this file
    #[arg(long, value_name = "PATH", requires = "passphrase")]
    pub new_passphrase_file: Option<PathBuf>,
    /// Argon2id memory in MiB for a passphrase slot (default: 64, or
    /// kdf.memory_mib in the config)
    #[arg(long, value_name = "MIB", requires = "passphrase")]
    pub kdf_memory: Option<u32>,
    /// Argon2id iterations for a passphrase slot (default: 3)
    #[arg(long, value_name = "N", requires = "passphrase")]
    pub kdf_iterations: Option<u32>,
    /// Argon2id lanes for a passphrase slot (default: 4)
    #[arg(long, value_name = "N", requires = "passphrase")]
    pub kdf_parallelism: Option<u32>,
}

/// `sesame member rm`
#[derive(Debug, Args)]
pub struct MemberRmArgs {
    /// The member's name
    pub name: String,
    /// Output format of the IDs the member could read
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame member list`
#[derive(Debug, Args)]
pub struct MemberListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame member slot …`
#[derive(Debug, Subcommand)]
pub enum SlotCommand {
    /// Add a slot: another passphrase, or an age or ssh key
    Add(SlotAddArgs),
    /// Remove a slot by its fingerprint (as `whoami` shows it); one remains
    Rm(SlotRmArgs),
}

/// `sesame member slot add`
#[derive(Debug, Args)]
pub struct SlotAddArgs {
    /// How the slot unlocks.
    #[command(flatten)]
    pub slot: NewSlotArgs,
    /// With --passphrase: read the new passphrase from this file
    #[arg(long, value_name = "PATH", requires = "passphrase")]
    pub new_passphrase_file: Option<PathBuf>,
}

/// `sesame member slot rm`
#[derive(Debug, Args)]
pub struct SlotRmArgs {
    /// The slot's fingerprint, or its start
    pub fingerprint: String,
}

/// `sesame owner …`
#[derive(Debug, Subcommand)]
pub enum OwnerCommand {
    /// Make a member a vault owner: owner of every scope but the private ones
    Add(OwnerArgs),
    /// Make a vault owner a plain member (one vault owner must remain)
    Rm(OwnerArgs),
}

/// `sesame owner add|rm`
#[derive(Debug, Args)]
pub struct OwnerArgs {
    /// The member's name
    pub name: String,
}

/// `sesame grant`
#[derive(Debug, Args)]
pub struct GrantArgs {
    /// The member's name
    pub name: String,
    /// An owner (`project/atlas`), or `*`
    pub scope: String,
    /// read, write or owner
    #[arg(value_parser = ["read", "write", "owner"])]
    pub role: String,
    /// Output format of the IDs the member could read, when a lower role
    /// takes their values away
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame revoke`
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The member's name
    pub name: String,
    /// An owner (`project/atlas`), or `*`
    pub scope: String,
    /// Output format of the IDs the member could read
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame access`
#[derive(Debug, Args)]
pub struct AccessArgs {
    /// Only this owner's scope
    pub scope: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame __complete [OPTIONS] WORD`: the candidates for a secret ID, for
/// the completion scripts. Parsed apart from [`Cli`] so that help and the
/// generated scripts never offer it.
#[derive(Debug, Parser)]
#[command(name = "sesame __complete")]
pub struct CompleteCli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to complete.
    #[command(flatten)]
    pub args: CompleteArgs,
}

/// `sesame merge …` and `sesame git-textconv …` as git runs them: parsed
/// without the global options, whose environment variables (an invalid
/// `SESAME_OWNER`, say) must not make git's driver fail. [`Cli`] declares
/// the same commands for help, completions and man pages.
#[derive(Debug, Parser)]
#[command(name = "sesame")]
pub struct DriverCli {
    /// The driver command.
    #[command(subcommand)]
    pub command: DriverCommand,
}

/// The commands git runs unattended.
#[derive(Debug, Subcommand)]
pub enum DriverCommand {
    /// Merge two copies of a format-2 vault (the git merge driver; no key)
    Merge(MergeArgs),
    /// Print a vault's record envelopes for `git diff` (never names or values)
    #[command(name = "git-textconv")]
    GitTextconv(GitTextconvArgs),
}

/// `sesame init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Argon2id memory in MiB (19 to 4096) (default: 64, or kdf.memory_mib in the config)
    #[arg(long, value_name = "MIB", value_hint = ValueHint::Other)]
    pub kdf_memory: Option<u32>,
    /// Argon2id iterations (2 to 64) (default: 3, or kdf.iterations in the config)
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub kdf_iterations: Option<u32>,
    /// Argon2id lanes (1 to 16) (default: 4, or kdf.parallelism in the config)
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub kdf_parallelism: Option<u32>,
    /// Unlock with this key instead of a passphrase: an `age1…` recipient,
    /// an `ssh-ed25519 …` public key line, or a file holding one (format 2)
    #[arg(long, value_name = "RECIPIENT", conflicts_with = "format_version")]
    pub recipient: Option<String>,
    /// The vault's format: 2 (members, roles, git sync), or 1 for a vault
    /// that sesame releases before format 2 must still read
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=2))]
    pub format_version: u16,
}

/// Where a new value comes from, and what it is.
#[derive(Debug, Args)]
pub struct ValueArgs {
    /// Generate a random value from the OS random number generator
    #[arg(long, conflicts_with = "from_file")]
    pub generate: bool,
    /// Length of a generated value (characters, or words for `--charset words`)
    /// (default: 32, or 6 words)
    #[arg(
        long,
        value_name = "N", value_hint = ValueHint::Other,
        requires = "generate",
        allow_hyphen_values = true
    )]
    pub length: Option<String>,
    /// Characters of a generated value
    #[arg(long, value_enum, default_value_t = Charset::Alnum, requires = "generate")]
    pub charset: Charset,
    /// Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable
    #[arg(long, value_name = "PATH")]
    pub from_file: Option<PathBuf>,
    /// Set a non-secret field of a structured secret (repeatable)
    #[arg(long = "field", value_name = "NAME=VALUE", value_hint = ValueHint::Other)]
    pub fields: Vec<String>,
    /// Accept an empty value
    #[arg(long)]
    pub allow_empty: bool,
    /// A description shown by `list` and `get --format json`
    #[arg(long, value_name = "TEXT", value_hint = ValueHint::Other)]
    pub description: Option<String>,
}

/// Rotation policy and expiry, for `add` and `rotate`.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Rotate every DURATION (e.g. 90d, 12h, 1w2d); `audit` reports it when due
    #[arg(long, value_name = "DURATION", value_hint = ValueHint::Other, allow_hyphen_values = true)]
    pub rotate_every: Option<String>,
    /// Clear the rotation policy
    #[arg(long, conflicts_with = "rotate_every")]
    pub no_rotate_every: bool,
    /// The secret expires at DATE (2027-01-31 or 2027-01-31T12:00:00Z)
    #[arg(long, value_name = "DATE", value_hint = ValueHint::Other, allow_hyphen_values = true)]
    pub expires: Option<String>,
    /// Clear the expiry
    #[arg(long, conflicts_with = "expires")]
    pub no_expires: bool,
}

/// `sesame add`
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The secret's ID (or a path under the default owner)
    #[arg(value_name = "ID", value_hint = ValueHint::Other)]
    pub id: String,
    /// If the secret exists, store a new version instead of failing
    #[arg(long)]
    pub force: bool,
    /// The secret's type (default: from the path)
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub kind: Option<SecretType>,
    /// The value and its metadata.
    #[command(flatten)]
    pub value: ValueArgs,
    /// Rotation policy and expiry.
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// `sesame get`
#[derive(Debug, Args)]
pub struct GetArgs {
    /// The secret's ID, optionally with `#field`
    #[arg(value_name = "ID[#FIELD]", value_hint = ValueHint::Other)]
    pub id: String,
    /// Do not print a newline after the value
    #[arg(short = 'n', long)]
    pub no_newline: bool,
    /// Read this version instead of the current one
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub version: Option<u32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = GetFormat::Value)]
    pub format: GetFormat,
    /// Copy the value to the clipboard instead of printing it; cleared after
    /// 45 s (clip_timeout, SESAME_CLIP_TIMEOUT) if it still holds it
    ///
    /// Uses wl-copy (under Wayland), xclip or xsel (under X), or pbcopy,
    /// whichever is found first, giving it the value on stdin.
    #[arg(short = 'c', long, conflicts_with_all = ["format", "no_newline"])]
    pub clip: bool,
}

/// `sesame list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only IDs under this prefix, matched segment by segment
    #[arg(value_name = "PREFIX", value_hint = ValueHint::Other, conflicts_with_all = ["owner_type", "owner_id", "path"])]
    pub prefix: Option<String>,
    /// Only this owner type (split form of PREFIX)
    #[arg(long, value_name = "TYPE", value_parser = parse_owner_type)]
    pub owner_type: Option<OwnerType>,
    /// Only this owner id (split form; needs --owner-type)
    #[arg(long, value_name = "ID", value_hint = ValueHint::Other, requires = "owner_type")]
    pub owner_id: Option<String>,
    /// Only this path prefix (split form; needs --owner-id)
    #[arg(long, value_name = "PATH", value_hint = ValueHint::Other, requires = "owner_id")]
    pub path: Option<String>,
    /// Only secrets of this type
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub kind: Option<SecretType>,
    /// Decrypt and show the values
    #[arg(long)]
    pub decrypt: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `sesame rotate`
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The secret's ID
    #[arg(value_name = "ID", value_hint = ValueHint::Other)]
    pub id: String,
    /// The new value (for s3 and registry secrets: only the fields to change).
    #[command(flatten)]
    pub value: ValueArgs,
    /// Rotation policy and expiry (kept when not given).
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// `sesame history`
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The secret's ID
    #[arg(value_name = "ID", value_hint = ValueHint::Other)]
    pub id: String,
    /// Decrypt and show each version's value
    #[arg(long)]
    pub decrypt: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame rollback`
#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// The secret's ID
    #[arg(value_name = "ID", value_hint = ValueHint::Other)]
    pub id: String,
    /// The version whose content becomes the new version
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub to: u32,
}

/// `sesame mv`
#[derive(Debug, Args)]
pub struct MvArgs {
    /// The secret to rename
    #[arg(value_name = "OLD", value_hint = ValueHint::Other)]
    pub old: String,
    /// Its new ID
    #[arg(value_name = "NEW", value_hint = ValueHint::Other)]
    pub new: String,
}

/// `sesame passwd`
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Read the new passphrase from the first line of this file (default: prompt twice)
    #[arg(long, value_name = "PATH")]
    pub new_passphrase_file: Option<PathBuf>,
    /// Also replace the master key and re-encrypt every secret (for a leaked key or session)
    #[arg(long)]
    pub rekey: bool,
}

/// `sesame rm`
#[derive(Debug, Args)]
pub struct RmArgs {
    /// The secrets to remove (with -r: prefixes)
    #[arg(value_name = "ID", value_hint = ValueHint::Other, required = true)]
    pub ids: Vec<String>,
    /// Ignore IDs that do not exist (with -r: also remove without asking)
    #[arg(long)]
    pub force: bool,
    /// Remove every secret under each PREFIX, matched segment by segment
    ///
    /// All or nothing: asks for confirmation naming the count at a
    /// terminal; without one, needs --force (or --yes).
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Do not ask before removing (at a terminal, `rm` asks for each ID,
    /// `rm -r` once)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `sesame cp`
#[derive(Debug, Args)]
pub struct CpArgs {
    /// The secret to copy
    #[arg(value_name = "SRC")]
    pub src: String,
    /// The new secret (exit 4 if it exists, unless --force)
    #[arg(value_name = "DST")]
    pub dst: String,
    /// If DST exists, store the value as its next version
    #[arg(long)]
    pub force: bool,
}

/// `sesame edit`
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The secret to edit (a variable's file holds exactly its value;
    /// s3/registry fields are a JSON object)
    #[arg(value_name = "ID")]
    pub id: String,
    /// Without a private XDG_RUNTIME_DIR, put the file beside the vault, on disk
    #[arg(long)]
    pub unsafe_tmp: bool,
    /// Accept an empty value
    #[arg(long)]
    pub allow_empty: bool,
}

/// `sesame find`
#[derive(Debug, Args)]
pub struct FindArgs {
    /// Case-insensitive: a glob (`*`, `?`, `[a-z]`) matching a whole ID,
    /// name or description, or else a substring of one
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    /// Only secrets of this type
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub kind: Option<SecretType>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `sesame grep`
#[derive(Debug, Args)]
pub struct GrepArgs {
    /// A regular expression (with -F: fixed text); `-` or none: read it
    /// from stdin (or a hidden prompt), keeping a leaked token off the
    /// command line
    #[arg(value_name = "PATTERN", allow_hyphen_values = true)]
    pub pattern: Option<String>,
    /// Only secrets under this prefix, matched segment by segment
    #[arg(value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Take PATTERN as fixed text, not a regular expression
    #[arg(short = 'F', long)]
    pub fixed_strings: bool,
    /// Ignore case
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
    /// Output format: `ID#field` lines, or JSON
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame info`
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame upgrade`
#[derive(Debug, Args)]
pub struct UpgradeArgs {}

/// `sesame verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// First end every change set aside (its author lacked the grant, or
    /// its signature fails) in the scopes you own: a vault owner only,
    /// format 2
    #[arg(long)]
    pub purge: bool,
}

/// `sesame unlock`
#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// How long the session lasts, e.g. 15m, 2h (at most 24h; default: 15m or session_ttl)
    #[arg(long, value_name = "DURATION", value_hint = ValueHint::Other, allow_hyphen_values = true)]
    pub ttl: Option<String>,
    /// Print the token alone instead of an `export` line
    #[arg(long)]
    pub raw: bool,
}

/// `sesame lock`
#[derive(Debug, Args)]
pub struct LockArgs {}

/// Secrets selected for the environment.
#[derive(Debug, Args)]
pub struct EnvSelection {
    /// Name one variable explicitly: NAME=sesame://ID[#field] (repeatable; the only way to set PATH, LD_* and the like)
    #[arg(long = "map", value_name = "NAME=REF", value_hint = ValueHint::Other)]
    pub maps: Vec<String>,
}

/// `sesame env`
#[derive(Debug, Args)]
pub struct EnvArgs {
    /// Secret IDs, or prefixes selecting every secret under them
    #[arg(value_name = "SELECTOR", value_hint = ValueHint::Other, required_unless_present = "maps")]
    pub selectors: Vec<String>,
    /// Explicit variables.
    #[command(flatten)]
    pub selection: EnvSelection,
    /// Output format
    #[arg(long, value_enum, default_value_t = EnvFormat::Sh)]
    pub format: EnvFormat,
}

/// `sesame run`
#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
pub struct RunArgs {
    /// Secret IDs, or prefixes selecting every secret under them
    #[arg(value_name = "SELECTOR", value_hint = ValueHint::Other)]
    pub selectors: Vec<String>,
    /// Explicit variables.
    #[command(flatten)]
    pub selection: EnvSelection,
    /// Pass SESAME_SESSION on to the command (only for a command that runs sesame itself)
    ///
    /// The command never gets sesame's other unlock variables
    /// (SESAME_PASSPHRASE, SESAME_PASSPHRASE_FILE, SESAME_PASSPHRASE_COMMAND,
    /// SESAME_IDENTITY, SESAME_MEMBER) and, without this flag, not
    /// SESAME_SESSION either: with it, the command can read every secret in
    /// the vault until the session ends.
    #[arg(long)]
    pub keep_session: bool,
    /// Also set the variables of FILE: `NAME=sesame://ID[#field]` or `NAME=value` lines (repeatable)
    ///
    /// As `op run --env-file` takes them: blank lines and `#` comments are
    /// skipped, `export ` before a name is allowed, and a value may be in
    /// single quotes (literal) or double quotes (with `\"`, `\\`, `\n`
    /// escapes). Names are explicit, as with --map. Every reference is
    /// resolved before anything runs (exit 3 if one does not resolve).
    #[arg(long, value_name = "FILE")]
    pub env_file: Vec<PathBuf>,
    /// The command to run, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<std::ffi::OsString>,
}

/// `sesame inject`
#[derive(Debug, Args)]
pub struct InjectArgs {
    /// The template (default: stdin)
    #[arg(short = 'i', long = "in", value_name = "IN")]
    pub input: Option<PathBuf>,
    /// Where to write the result, atomically and with mode 0600 (default: stdout)
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// `sesame __complete`
#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// WORDS are the whole command line after `sesame`, the word being
    /// completed last (it may be empty); without it, the one word being
    /// completed, taken as an ID
    #[arg(long)]
    pub line: bool,
    /// The word being completed, or with `--line` every word
    #[arg(allow_hyphen_values = true, num_args = 0..)]
    pub words: Vec<String>,
}

/// Formats of `env`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EnvFormat {
    /// `export NAME='value'` lines for POSIX shells
    Sh,
    /// `NAME='value'` lines for dotenv readers
    Dotenv,
    /// `set -gx NAME 'value'` lines for fish
    Fish,
    /// One JSON object of names and values
    Json,
}

/// `sesame audit`
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only secrets under this prefix, matched segment by segment
    #[arg(value_name = "PREFIX", value_hint = ValueHint::Other)]
    pub prefix: Option<String>,
    /// Also report secrets not read within DURATION (e.g. 90d), and never-read secrets older than it
    #[arg(long, value_name = "DURATION", value_hint = ValueHint::Other, allow_hyphen_values = true)]
    pub unused_for: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `sesame export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only secrets under this prefix, matched segment by segment
    #[arg(value_name = "PREFIX", value_hint = ValueHint::Other)]
    pub prefix: Option<String>,
    /// Output format
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE, atomically and with mode 0600 (default: stdout)
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `sesame import`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Input format
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// Where dotenv keys, pass, KeePass and Bitwarden entries go, e.g. project/atlas/secret/Custom
    #[arg(long, value_name = "PREFIX", value_hint = ValueHint::Other)]
    pub prefix: Option<String>,
    /// What to do with IDs that exist already
    #[arg(long, value_enum, default_value_t = OnConflict::Fail)]
    pub on_conflict: OnConflict,
    /// Print the IDs that would be imported; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The file, or the pass store directory; `-` or nothing for stdin (json, dotenv)
    #[arg(value_name = "FILE|DIR|-")]
    pub source: Option<PathBuf>,
}

/// Formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// sesame's JSON, with every kept version (for backups)
    Json,
    /// `NAME="value"` lines, named as `env` names them
    Dotenv,
}

/// Formats of `import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// sesame's JSON export, or `[{"id": …, "value": …}]`
    Json,
    /// `KEY=value` lines; each key becomes PREFIX/KEY
    Dotenv,
    /// A pass password store; each entry becomes `PREFIX/<path>`
    Pass,
    /// KeePass XML (`keepassxc-cli export --format xml`); groups become segments under PREFIX
    KeepassXml,
    /// Bitwarden's unencrypted JSON export; folders become segments under PREFIX
    Bitwarden,
}

/// What `import` does with an ID that exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OnConflict {
    /// Stop, and import nothing (exit 4)
    Fail,
    /// Leave the existing secret alone
    Skip,
    /// Replace it (a value-only entry becomes its next version)
    Overwrite,
}

/// `sesame generate`
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Length in characters, or in words for `--charset words` (default: 32, or 6 words)
    #[arg(long, value_name = "N", value_hint = ValueHint::Other, allow_hyphen_values = true)]
    pub length: Option<String>,
    /// Characters to draw from
    #[arg(long, value_enum, default_value_t = Charset::Alnum)]
    pub charset: Charset,
}

/// `sesame completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `sesame man`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page to print: a subcommand's name (default: the page of sesame itself)
    #[arg(value_name = "COMMAND", value_hint = ValueHint::Other, conflicts_with = "install")]
    pub page: Option<String>,
    /// Write every page into DIR instead of printing one
    #[arg(long)]
    pub install: bool,
    /// Where --install writes (default: `<data dir>/man/man1`, i.e. `~/.local/share/man/man1`)
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, requires = "install")]
    pub dir: Option<PathBuf>,
}

/// `sesame merge`: git calls it as `sesame merge %O %A %B %P`.
///
/// Writes the union of OURS and THEIRS into OURS and exits 0. Needs no
/// key and never prompts. Exit 1, leaving OURS untouched, when an input is
/// not an intact format-2 vault or the files are of different vaults.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (empty or missing when both sides added the file)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our copy; the result is written here
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their copy
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The file's path in the repository (unused; git passes it)
    #[arg(value_name = "PATHNAME")]
    pub pathname: Option<PathBuf>,
}

/// `sesame git-textconv`
#[derive(Debug, Args)]
pub struct GitTextconvArgs {
    /// The vault file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `sesame git`
#[derive(Debug, Args)]
pub struct GitArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: GitCommand,
}

/// The subcommands of `sesame git`.
#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Add the attributes line and write the merge driver and textconv into
    /// the repository's own `.git/config` (idempotent; commits nothing)
    Setup(GitSetupArgs),
}

/// `sesame git setup`
#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// The repository (default: the one holding the vault file)
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
}

/// Character sets for generated values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Charset {
    /// Letters and digits
    Alnum,
    /// Letters, digits and ASCII punctuation
    Symbols,
    /// Lower-case hexadecimal digits
    Hex,
    /// Words from the EFF large word list, joined by `-`
    Words,
}

/// Formats of `get`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GetFormat {
    /// The bare value (fields as one JSON line for structured secrets)
    Value,
    /// An object with the metadata and the value
    Json,
}

/// Formats of `list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table of ID, type, version and update time
    Table,
    /// One ID per line
    Ids,
    /// An array of objects
    Json,
}

/// Table or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// For people
    Table,
    /// For programs
    Json,
}

fn parse_owner(s: &str) -> Result<Owner, String> {
    s.parse().map_err(|e: crate::vault::Error| e.to_string())
}

fn parse_owner_type(s: &str) -> Result<OwnerType, String> {
    OwnerType::from_word(s)
        .ok_or_else(|| format!("{s:?} is not an owner type; use organization, project or user"))
}

fn parse_type(s: &str) -> Result<SecretType, String> {
    s.parse().map_err(|e: crate::vault::Error| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
        DriverCli::command().debug_assert();
    }
}
