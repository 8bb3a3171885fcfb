//! `sesame __complete`: candidate completions for the completion scripts.
//! Only with a usable session; never prompts, never fails loudly (a
//! completion must not print errors into the prompt).
//!
//! With `--line`, the scripts pass the whole command line, and this
//! decides what the word under the cursor is (issue 15): a secret ID (also
//! relative to `--owner`, `SESAME_OWNER` or `default_owner`), a field after
//! `ID#` (the names its type has: no value is decrypted to find them), the
//! version numbers after `rollback … --to`, or nothing (an option's value,
//! an option, anything after `run … --`, which the shell completes as a
//! command). `--vault`, `--config` and `--owner` on the line are honoured.

use std::collections::BTreeSet;

use clap::CommandFactory;

use crate::cli::{Cli, CompleteCli, GlobalArgs};
use crate::error::Result;
use crate::id::{Owner, OwnerType, Prefix, SecretId};
use crate::output;
use crate::vault::{Unlock, Vault};

use super::Context;

/// The subcommands whose positional arguments are secret IDs or prefixes.
pub const ID_COMMANDS: [&str; 14] = [
    "get", "add", "rm", "rotate", "history", "rollback", "mv", "list", "env", "run", "resolve",
    "cp", "edit", "log",
];

/// What the word under the cursor is.
#[derive(Debug, PartialEq, Eq)]
enum Want {
    /// A secret ID or prefix.
    Id,
    /// A field of the secret before `#`.
    Field,
    /// A version of this secret (`rollback ID --to`).
    Version(String),
    /// Nothing sesame offers.
    Nothing,
}

/// Prints each candidate on its own line.
pub fn run(cli: CompleteCli) -> Result<()> {
    let (word, want, global) = if cli.args.line {
        let (words, word) = match cli.args.words.split_last() {
            Some((last, before)) => (before.to_vec(), last.clone()),
            None => (Vec::new(), String::new()),
        };
        let line = Line::parse(&words);
        let want = line.want(&word);
        (word, want, line.global(cli.global))
    } else {
        let word = cli.args.words.first().cloned().unwrap_or_default();
        (word, Want::Id, cli.global)
    };
    if want == Want::Nothing {
        return Ok(());
    }
    let Ok(ctx) = Context::new(&global) else {
        return Ok(());
    };
    let Some(mut vault) = open(&ctx) else {
        return Ok(());
    };
    let found = match want {
        Want::Id => {
            let mut all = candidates(&mut vault, &word);
            if cli.args.line {
                all.extend(relative_candidates(
                    &mut vault,
                    ctx.default_owner.as_ref(),
                    &word,
                ));
            }
            all
        }
        Want::Field => fields(&mut vault, ctx.default_owner.as_ref(), &word),
        Want::Version(id) => versions(&mut vault, ctx.default_owner.as_ref(), &id, &word),
        Want::Nothing => BTreeSet::new(),
    };
    let text: String = found.into_iter().map(|c| c + "\n").collect();
    output::print(&text)
}

/// The vault, opened with the session alone and asking nothing.
fn open(ctx: &Context) -> Option<Vault> {
    let token = std::env::var("SESAME_SESSION").ok()?;
    let unlock = Unlock::Session {
        token: token.into(),
        fallback: Box::new(Unlock::Deferred(Box::new(|| {
            Err(crate::Error::Unlock {
                message: "no session".into(),
                hint: None,
            }
            .into())
        }))),
        warn: Box::new(|_| {}),
    };
    // Completion never asks anything, not even about KDF parameters.
    let options = crate::vault::OpenOptions {
        confirm_kdf_growth: |_| false,
        warn: |_| {},
        ..ctx.options.clone()
    };
    Vault::open(&ctx.vault, unlock, &options).ok()
}

/// The command line before the word being completed, as far as completion
/// needs it.
#[derive(Debug, Default)]
struct Line {
    /// `--vault`, `--config`, `--owner` given on the line.
    vault: Option<String>,
    config: Option<String>,
    owner: Option<String>,
    /// The subcommand.
    sub: Option<String>,
    /// Its positional arguments so far.
    positionals: Vec<String>,
    /// The option whose value the word is, if any.
    pending: Option<String>,
    /// Whether a `--` came before the word.
    dashdash: bool,
}

impl Line {
    fn parse(words: &[String]) -> Line {
        // bash splits `--vault=PATH` into `--vault`, `=`, `PATH`.
        let mut joined: Vec<String> = Vec::new();
        let mut iter = words.iter().peekable();
        while let Some(w) = iter.next() {
            if w == "="
                && joined
                    .last()
                    .is_some_and(|p| p.starts_with("--") && !p.contains('='))
            {
                let value = iter.next().cloned().unwrap_or_default();
                let last = joined.last_mut().expect("checked above");
                last.push('=');
                last.push_str(&value);
            } else {
                joined.push(w.clone());
            }
        }
        let mut root = Cli::command();
        root.build();
        let mut line = Line::default();
        for word in &joined {
            if let Some(option) = line.pending.take() {
                line.set(&option, word);
                continue;
            }
            if word == "--" {
                line.dashdash = true;
                break;
            }
            let cmd = line
                .sub
                .as_deref()
                .and_then(|s| root.find_subcommand(s))
                .unwrap_or(&root);
            if let Some(long) = word.strip_prefix("--") {
                match long.split_once('=') {
                    Some((name, value)) => line.set(name, value),
                    None if takes_value(cmd, |a| a.get_long() == Some(long)) => {
                        line.pending = Some(long.to_string());
                    }
                    None => {}
                }
            } else if word.len() > 1 && word.starts_with('-') {
                // A cluster like `-qn`, or `-i FILE`: the last letter may
                // take the next word.
                if let Some(last) = word.chars().last()
                    && takes_value(cmd, |a| a.get_short() == Some(last))
                {
                    line.pending = Some(format!("-{last}"));
                }
            } else if line.sub.is_none() {
                line.sub = Some(word.clone());
            } else {
                line.positionals.push(word.clone());
            }
        }
        line
    }

    fn set(&mut self, option: &str, value: &str) {
        match option {
            "vault" => self.vault = Some(value.to_string()),
            "config" => self.config = Some(value.to_string()),
            "owner" => self.owner = Some(value.to_string()),
            _ => {}
        }
    }

    fn want(&self, word: &str) -> Want {
        let Some(sub) = self.sub.as_deref() else {
            return Want::Nothing;
        };
        if self.dashdash || !ID_COMMANDS.contains(&sub) {
            return Want::Nothing;
        }
        match self.pending.as_deref() {
            Some("to") if sub == "rollback" => {
                return match self.positionals.first() {
                    Some(id) => Want::Version(id.clone()),
                    None => Want::Nothing,
                };
            }
            Some(_) => return Want::Nothing,
            None => {}
        }
        if word.starts_with('-') {
            return Want::Nothing;
        }
        // How many IDs each command takes before anything else.
        let ids = match sub {
            "mv" => 2,
            "rm" | "env" | "run" => usize::MAX,
            _ => 1,
        };
        if self.positionals.len() >= ids {
            return Want::Nothing;
        }
        if word.contains('#') {
            return if sub == "get" {
                Want::Field
            } else {
                Want::Nothing
            };
        }
        Want::Id
    }

    /// The global options, with those given on the line in place of the
    /// environment's and the config's.
    fn global(&self, mut global: GlobalArgs) -> GlobalArgs {
        if let Some(v) = &self.vault {
            global.vault = Some(expand_home(v).into());
        }
        if let Some(c) = &self.config {
            global.config = Some(expand_home(c).into());
        }
        if let Some(owner) = self.owner.as_deref().and_then(|o| o.parse::<Owner>().ok()) {
            global.owner = Some(owner);
        }
        global
    }
}

/// `~/x` as the shell would have expanded it once the command runs.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}

fn takes_value(cmd: &clap::Command, matches: impl Fn(&clap::Arg) -> bool) -> bool {
    cmd.get_arguments()
        .find(|a| matches(a))
        .is_some_and(|a| a.get_action().takes_values())
}

/// The completions of `word` among the vault's IDs.
pub fn candidates(vault: &mut Vault, word: &str) -> BTreeSet<String> {
    // Narrow to one owner's section when the word names a whole owner.
    let mut segments = word.split('/');
    let prefix = match (
        segments.next().and_then(OwnerType::from_word),
        segments.next(),
        segments.next(),
    ) {
        (Some(t), Some(id), Some(_)) => {
            Prefix::from_parts(Some(t), Some(id), None).unwrap_or_default()
        }
        _ => Prefix::all(),
    };
    let Ok(settings) = vault.list(&prefix, None, false) else {
        return BTreeSet::new();
    };
    next_segments(settings.into_iter().map(|s| s.info.id.to_string()), word)
}

/// The completions of `word` as a path under the default owner.
fn relative_candidates(vault: &mut Vault, owner: Option<&Owner>, word: &str) -> BTreeSet<String> {
    let Some(owner) = owner else {
        return BTreeSet::new();
    };
    let Ok(prefix) = Prefix::from_parts(Some(owner.owner_type()), Some(owner.owner_id()), None)
    else {
        return BTreeSet::new();
    };
    let Ok(settings) = vault.list(&prefix, None, false) else {
        return BTreeSet::new();
    };
    next_segments(
        settings.into_iter().map(|s| s.info.id.path().to_string()),
        word,
    )
}

/// Of `ids`, those that start with `word`, cut after the next whole
/// segment (with its `/` when more follow).
fn next_segments(ids: impl Iterator<Item = String>, word: &str) -> BTreeSet<String> {
    ids.filter(|id| id.starts_with(word))
        .map(|id| match id[word.len()..].find('/') {
            Some(i) => id[..word.len() + i + 1].to_string(),
            None => id,
        })
        .collect()
}

/// `ID#field` for the fields the secret's type has that start with what
/// follows `#`.
fn fields(vault: &mut Vault, owner: Option<&Owner>, word: &str) -> BTreeSet<String> {
    let Some((id_part, partial)) = word.split_once('#') else {
        return BTreeSet::new();
    };
    let Ok(id) = SecretId::parse_with_default(id_part, owner) else {
        return BTreeSet::new();
    };
    let Ok(info) = vault.info_of(&id, None) else {
        return BTreeSet::new();
    };
    info.kind
        .fields()
        .iter()
        .filter(|f| f.name.starts_with(partial))
        .map(|f| format!("{id_part}#{}", f.name))
        .collect()
}

/// The kept version numbers of `id` that start with `word`.
fn versions(vault: &mut Vault, owner: Option<&Owner>, id: &str, word: &str) -> BTreeSet<String> {
    let Ok(id) = SecretId::parse_with_default(id, owner) else {
        return BTreeSet::new();
    };
    vault
        .versions(&id)
        .map(|vs| {
            vs.into_iter()
                .map(|(n, _)| n.to_string())
                .filter(|n| n.starts_with(word))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn the_word_under_the_cursor_is_told_from_the_line() {
        let want = |line: &str, word: &str| Line::parse(&words(line)).want(word);
        assert_eq!(want("get", "proj"), Want::Id);
        assert_eq!(want("--vault /v get", ""), Want::Id);
        assert_eq!(want("--vault = /v get", ""), Want::Id);
        assert_eq!(want("get --format", ""), Want::Nothing);
        assert_eq!(want("get --format json", "p"), Want::Id);
        assert_eq!(want("get", "a/b#"), Want::Field);
        assert_eq!(want("get x", ""), Want::Nothing);
        assert_eq!(want("mv x", ""), Want::Id);
        assert_eq!(want("rollback x --to", ""), Want::Version("x".into()));
        assert_eq!(want("run x --", ""), Want::Nothing);
        assert_eq!(want("run x -- ls", ""), Want::Nothing);
        assert_eq!(want("unlock --ttl", ""), Want::Nothing);
        assert_eq!(want("get", "--"), Want::Nothing);
        assert_eq!(want("-q get", ""), Want::Id);
        let line = Line::parse(&words("--vault=/a --owner project/x --config /c list"));
        assert_eq!(line.vault.as_deref(), Some("/a"));
        assert_eq!(line.owner.as_deref(), Some("project/x"));
        assert_eq!(line.config.as_deref(), Some("/c"));
    }
}
