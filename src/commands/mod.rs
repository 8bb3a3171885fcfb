//! One module per subcommand, each a short `run` over its own arguments,
//! and the [`Context`] they share: resolved paths, the default owner, the
//! passphrase sources and open options.

mod add;
mod audit;
pub mod clip;
mod complete;
mod completions;
mod cp;
pub mod edit;
mod env;
mod export;
mod find;
mod generate;
mod get;
pub mod git;
mod grep;
mod history;
mod import;
mod info;
mod init;
mod inject;
pub mod input;
mod list;
mod lock;
mod man;
mod merge;
mod mv;
mod passwd;
mod policy;
mod rm;
mod rollback;
mod rotate;
mod run;
mod stale_session;
mod suggest;
mod sync;
mod team;
mod unlock;
mod upgrade;
mod verify;

use std::cell::Cell;
use std::path::PathBuf;
use std::rc::Rc;

use crate::cli::{
    Cli, Command, CompleteCli, DriverCli, DriverCommand, GitCommand, GlobalArgs, IdentityCommand,
    MemberCommand, OwnerCommand, SlotCommand,
};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::id::Owner;
use crate::unlock::Sources;
use crate::vault::{LoadHint, OpenOptions, Unlock, Vault};

/// How many times a passphrase typed at the terminal is asked for before
/// the command gives up (exit 5).
pub const PROMPT_ATTEMPTS: usize = 3;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    if let Command::Completions(args) = &cli.command {
        return completions::run(args);
    }
    if let Command::Man(args) = &cli.command {
        return man::run(args, cli.global.quiet);
    }
    if let Command::Generate(args) = &cli.command {
        return generate::run(args, cli.global.quiet);
    }
    // The merge driver and the textconv read no config (nothing that could
    // make them prompt or write): git runs them unattended.
    if let Command::Merge(args) = &cli.command {
        return merge::run(args);
    }
    if let Command::GitTextconv(args) = &cli.command {
        return git::textconv(args);
    }
    let ctx = Context::new(&cli.global)?;
    match cli.command {
        Command::Init(args) => init::run(&ctx, &args),
        Command::Add(args) => add::run(&ctx, &args),
        Command::Get(args) => get::run(&ctx, &args),
        Command::List(args) => list::run(&ctx, &args),
        Command::Rotate(args) => rotate::run(&ctx, &args),
        Command::History(args) => history::run(&ctx, &args),
        Command::Rollback(args) => rollback::run(&ctx, &args),
        Command::Mv(args) => mv::run(&ctx, &args),
        Command::Rm(args) => rm::run(&ctx, &args),
        Command::Cp(args) => cp::run(&ctx, &args),
        Command::Edit(args) => edit::run(&ctx, &args),
        Command::Find(args) => find::run(&ctx, &args),
        Command::Grep(args) => grep::run(&ctx, &args),
        Command::Passwd(args) => passwd::run(&ctx, &args),
        Command::Unlock(args) => unlock::run(&ctx, &args),
        Command::Lock(_) => lock::run(&ctx),
        Command::Env(args) => env::run(&ctx, &args),
        Command::Run(args) => run::run(&ctx, args),
        Command::Inject(args) => inject::run(&ctx, &args),
        Command::Audit(args) => audit::run(&ctx, &args),
        Command::Export(args) => export::run(&ctx, &args),
        Command::Import(args) => import::run(&ctx, &args),
        Command::Info(args) => info::run(&ctx, &args),
        Command::Verify(args) => verify::run(&ctx, &args),
        Command::Upgrade(_) => upgrade::run(&ctx),
        Command::Git(args) => match &args.command {
            GitCommand::Setup(setup) => git::setup(&ctx, setup),
        },
        Command::Identity(IdentityCommand::New(args)) => team::identity_new(&ctx, &args),
        Command::Whoami(args) => team::whoami(&ctx, &args),
        Command::Member(cmd) => match cmd {
            MemberCommand::Add(args) => team::member_add(&ctx, &args),
            MemberCommand::Rm(args) => team::member_rm(&ctx, &args),
            MemberCommand::List(args) => team::member_list(&ctx, &args),
            MemberCommand::Slot(SlotCommand::Add(args)) => team::slot_add(&ctx, &args),
            MemberCommand::Slot(SlotCommand::Rm(args)) => team::slot_rm(&ctx, &args),
        },
        Command::Owner(OwnerCommand::Add(args)) => team::owner(&ctx, &args, true),
        Command::Owner(OwnerCommand::Rm(args)) => team::owner(&ctx, &args, false),
        Command::Grant(args) => team::grant(&ctx, &args),
        Command::Revoke(args) => team::revoke(&ctx, &args),
        Command::Access(args) => team::access(&ctx, &args),
        Command::Sync(args) => sync::sync(&ctx, &args),
        Command::Conflicts(args) => sync::conflicts(&ctx, &args),
        Command::Resolve(args) => sync::resolve(&ctx, &args),
        Command::Log(args) => sync::log(&ctx, &args),
        Command::Generate(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Merge(_)
        | Command::GitTextconv(_) => unreachable!("handled above"),
    }
}

/// Runs `sesame merge` or `sesame git-textconv` parsed as git calls them
/// (no global options, no config).
pub fn run_driver(cli: DriverCli) -> Result<()> {
    match cli.command {
        DriverCommand::Merge(args) => merge::run(&args),
        DriverCommand::GitTextconv(args) => git::textconv(&args),
    }
}

/// Runs the hidden `sesame __complete`; never fails loudly.
pub fn run_complete(cli: CompleteCli) -> Result<()> {
    complete::run(cli)
}

/// What every command needs to know, resolved once from flags,
/// environment and config (in that order of precedence).
#[derive(Debug)]
pub struct Context {
    /// The vault file.
    pub vault: PathBuf,
    /// The config.
    pub config: Config,
    /// The default owner.
    pub default_owner: Option<Owner>,
    /// Where the passphrase comes from.
    pub sources: Sources,
    /// The identity file to unlock with (format 2), tried before any
    /// passphrase source.
    pub identity: Option<PathBuf>,
    /// How to open the vault.
    pub options: OpenOptions,
    /// No notices.
    pub quiet: bool,
}

impl Context {
    /// Resolves the global options.
    pub fn new(global: &GlobalArgs) -> Result<Context> {
        let config = Config::load(global.config.as_deref())?;
        let vault = match (&global.vault, &config.vault) {
            (Some(v), _) => v.clone(),
            (None, Some(v)) => v.clone(),
            (None, None) => dirs::data_dir()
                .map(|d| d.join("sesame").join("vault.sesame"))
                .ok_or_else(|| {
                    Error::usage_hint(
                        "cannot find a data directory",
                        "set --vault or SESAME_VAULT",
                    )
                })?,
        };
        let default_owner = global
            .owner
            .clone()
            .or_else(|| config.default_owner.clone());
        let options = OpenOptions {
            allow_rollback: global.allow_rollback,
            warn: if global.quiet {
                |_| {}
            } else {
                crate::output::warn
            },
            history_limit: config.history_limit.unwrap_or(10),
            confirm_kdf_growth: crate::unlock::confirm_kdf_growth,
            member: global.member.clone().or_else(|| config.member.clone()),
            ..OpenOptions::default()
        };
        Ok(Context {
            vault,
            default_owner,
            sources: Sources {
                file: global.passphrase_file.clone(),
                quiet: global.quiet,
            },
            identity: global
                .identity
                .clone()
                .filter(|p| !p.as_os_str().is_empty()),
            options,
            quiet: global.quiet,
            config,
        })
    }

    /// How commands unlock (spec §2): a usable `SESAME_SESSION`, else the
    /// passphrase sources, asked only once the vault proves to exist.
    pub fn unlock(&self) -> Unlock {
        self.unlock_noting(true, Rc::new(Cell::new(false)))
    }

    /// [`Context::unlock`], setting `prompted` when the passphrase was
    /// typed at the terminal (so that a wrong one may be asked again).
    fn unlock_noting(&self, session: bool, prompted: Rc<Cell<bool>>) -> Unlock {
        let sources = self.sources.clone();
        let passphrase = Unlock::Deferred(Box::new(move || {
            let (passphrase, typed) = sources.passphrase_noting_prompt()?;
            prompted.set(typed);
            Ok(passphrase)
        }));
        if session {
            self.with_session(passphrase)
        } else {
            passphrase
        }
    }

    /// Runs `attempt` with a fresh [`Unlock`] until it succeeds, fails for
    /// another reason than a wrong passphrase typed at the terminal, or a
    /// typed passphrase was wrong [`PROMPT_ATTEMPTS`] times. A passphrase
    /// from any other source is tried once.
    pub fn retrying<T, E: Into<Error>>(
        &self,
        attempt: impl FnMut(Unlock) -> Result<T, E>,
    ) -> Result<T> {
        self.retrying_with(true, attempt)
    }

    /// [`Context::retrying`] with the passphrase sources alone, ignoring
    /// any session (for `passwd`, which must prove the passphrase itself).
    pub fn retrying_without_session<T, E: Into<Error>>(
        &self,
        attempt: impl FnMut(Unlock) -> Result<T, E>,
    ) -> Result<T> {
        self.retrying_with(false, attempt)
    }

    fn retrying_with<T, E: Into<Error>>(
        &self,
        session: bool,
        mut attempt: impl FnMut(Unlock) -> Result<T, E>,
    ) -> Result<T> {
        let mut tries = 0;
        loop {
            let prompted = Rc::new(Cell::new(false));
            match attempt(self.unlock_noting(session, Rc::clone(&prompted))).map_err(Into::into) {
                Err(Error::Unlock { .. }) if prompted.get() && tries + 1 < PROMPT_ATTEMPTS => {
                    tries += 1;
                    eprintln!("sesame: wrong passphrase; try again");
                }
                other => return other,
            }
        }
    }

    /// Like [`Context::unlock`], but never prompts: for `lock` and
    /// completion, which must not block.
    pub fn unlock_without_prompt(&self) -> Unlock {
        let sources = self.sources.clone();
        self.with_session(Unlock::Deferred(Box::new(move || {
            Ok(sources.passphrase_without_prompt()?)
        })))
    }

    /// The passphrase sources alone, ignoring any session (for `passwd`,
    /// which must prove the passphrase itself).
    pub fn unlock_without_session(&self) -> Unlock {
        let sources = self.sources.clone();
        Unlock::Deferred(Box::new(move || Ok(sources.passphrase()?)))
    }

    fn with_session(&self, fallback: Unlock) -> Unlock {
        // Unlock order (teams-sync.md): session, identity, then the
        // passphrase sources.
        let fallback = match &self.identity {
            Some(path) => Unlock::Identity {
                path: path.clone(),
                fallback: Box::new(fallback),
            },
            None => fallback,
        };
        match std::env::var("SESAME_SESSION") {
            Ok(token) if !token.trim().is_empty() => {
                let quiet = self.quiet;
                let state = self.options.rollback_state.clone();
                let label = stale_session::label(&token);
                Unlock::Session {
                    token: token.into(),
                    fallback: Box::new(fallback),
                    warn: Box::new(move |why| {
                        if !quiet {
                            stale_session::warn_once(state.as_deref(), label.clone(), why);
                        }
                    }),
                }
            }
            _ => fallback,
        }
    }

    /// Opens the vault for reading.
    pub fn open(&self) -> Result<Vault> {
        self.retrying(|unlock| Vault::open(&self.vault, unlock, &self.options))
    }

    /// Opens the vault to read only what `load` names (a format-2 vault
    /// then reads those secrets' leaves, not every secret).
    pub fn open_for(&self, load: LoadHint) -> Result<Vault> {
        let options = OpenOptions {
            load,
            ..self.options.clone()
        };
        self.retrying(|unlock| Vault::open(&self.vault, unlock, &options))
    }

    /// Changes the vault under its write lock.
    pub fn edit<T, E: Into<Error>>(
        &self,
        change: impl FnOnce(&mut Vault) -> Result<T, E>,
    ) -> Result<T> {
        self.edit_for(LoadHint::All, change)
    }

    /// [`Context::edit`] of a change that touches only what `load` names.
    pub fn edit_for<T, E: Into<Error>>(
        &self,
        load: LoadHint,
        change: impl FnOnce(&mut Vault) -> Result<T, E>,
    ) -> Result<T> {
        let options = OpenOptions {
            load,
            ..self.options.clone()
        };
        // The change runs at most once: only a failed unlock, before it
        // ran, is tried again.
        let mut change = Some(change);
        self.retrying(|unlock| {
            Vault::edit(&self.vault, unlock, &options, |vault| {
                let change = change.take().expect("the change runs once");
                // The command's own errors go through the vault untouched.
                Ok(suggest::hinting(
                    vault,
                    self.default_owner.as_ref(),
                    change,
                )?)
            })
        })
    }

    /// Parses an ID argument, relative IDs under the default owner.
    pub fn id(&self, arg: &str) -> Result<crate::id::SecretId> {
        crate::id::SecretId::parse_with_default(arg, self.default_owner.as_ref())
            .map_err(|e| suggest::owner_type_typo(self, arg, e.into()))
    }

    /// Parses an `ID[#field]` argument, relative IDs under the default
    /// owner.
    pub fn field_ref(&self, arg: &str) -> Result<crate::id::FieldRef> {
        crate::id::FieldRef::parse_with_default(arg, self.default_owner.as_ref())
            .map_err(|e| suggest::owner_type_typo(self, arg, e.into()))
    }

    /// The result of `attempt` on `vault`, with a "did you mean" hint when
    /// it is a secret that was not found.
    pub fn hinting<T, E: Into<Error>>(
        &self,
        vault: &mut Vault,
        attempt: impl FnOnce(&mut Vault) -> Result<T, E>,
    ) -> Result<T> {
        suggest::hinting(vault, self.default_owner.as_ref(), attempt)
    }

    /// A line on stderr that shows `message` and the time it has taken
    /// while long work runs, and is gone when it ends: only on a terminal
    /// and without `--quiet` (nothing on a pipe). Dropping it clears it.
    pub fn working(&self, message: &str) -> Option<Working> {
        working(self.quiet, message)
    }

    /// Prints a notice on stderr unless `--quiet`.
    pub fn notice(&self, message: &str) {
        if !self.quiet {
            eprintln!("{}", crate::output::sanitize(message));
        }
    }
}

/// [`Context::working`] for code that holds no context.
pub fn working(quiet: bool, message: &str) -> Option<Working> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_message(crate::output::sanitize(message));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar.tick();
    Some(Working(bar))
}

/// The line [`Context::working`] shows; cleared when dropped.
pub struct Working(indicatif::ProgressBar);

impl Drop for Working {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
