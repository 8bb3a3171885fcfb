//! Completion in real bash, zsh and fish sessions (issue 15, items 7 to
//! 10): commands after `run … --`, IDs whatever options are on the line,
//! `ID#` fields, IDs relative to the default owner, `--vault` on the line,
//! nothing (never files, never options) at an ID position without a
//! session, `rollback --to` versions, nothing after `unlock --ttl`.
//!
//! bash: the committed script is sourced and its function called as
//! readline calls it. zsh: an interactive zsh in a `zpty`, with compinit
//! and the committed `_sesame` on its fpath, sent the line and a Tab; the
//! matches are caught at `compadd`. fish: `complete -C LINE` after sourcing
//! the committed script. Each runs in a directory with files in it, so a
//! completion that fell back to file names would show them. A shell that
//! is not installed is skipped with a note (`.ci/run` installs all three).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::sessions::token;
use crate::support::{Env, FAST_KDF, Run, output, without_terminal};

const DB: &str = "project/atlas/secret/Custom/db-password";
const API: &str = "project/atlas/secret/Custom/api-token";
const S3: &str = "project/atlas/connect/S3/prod";
const PAT: &str = "user/alice/secret/Custom/github-pat";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shell {
    Bash,
    Zsh,
    Fish,
}

const SHELLS: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

fn vault() -> Env {
    let env = Env::init();
    env.add(DB, "db-value");
    env.add(API, "api-value");
    env.add(PAT, "pat-value");
    env.run_stdin(
        &["add", S3],
        r#"{"access_key_id":"AKIACOMP","secret_access_key":"s3-value"}"#,
    )
    .success();
    env.run_stdin(&["rotate", DB], "db-value-2").success();
    env.run_stdin(&["rotate", DB], "db-value-3").success();
    env
}

fn completions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A directory with files in it, where every shell runs.
fn workdir(env: &Env) -> PathBuf {
    let dir = env.root().join("work");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for name in ["file-one", "file-two", "project-notes.txt"] {
        std::fs::write(dir.join(name), "x").expect("write");
    }
    dir
}

const BASH: &str = r#"
source "$COMPLETIONS/sesame.bash" || exit 90
# compopt works only under readline: record what the script asks of it.
exec 3>&2
compopt() { printf 'compopt %s\n' "$*" >&3; }
# Split as readline does for `=` (one of COMP_WORDBREAKS).
read -r -a COMP_WORDS <<< "${LINE//=/ = }"
[[ "$LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="$LINE"
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()
_sesame_with_ids sesame "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
for r in "${COMPREPLY[@]}"; do printf '%s\n' "$r"; done
"#;

const ZSH: &str = r#"
zmodload zsh/zpty
zpty z zsh -f -i
local line
zpty -w z "PROMPT=''; fpath=($COMPLETIONS \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false'
zpty -w z 'bindkey "^I" complete-word; null-line () { echo -E - $'"'"'\0'"'"' }; compprefuncs=( null-line ); comppostfuncs=( null-line exit )'
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits; builtin compadd -A __hits "$@"
  [[ -n $__hits ]] || return
  local h; for h in $__hits; do echo -E - "HIT:$h"; done
}'
zpty -w z "echo READY"
while zpty -r z line; do [[ $line == READY* ]] && break; done
zpty -w z "$LINE"$'\t'
integer tog=0
while zpty -r z line; do
  if [[ $line == *$'\0\r'* ]]; then (( tog++ )) && break || continue; fi
  line=${line//[$'\r\n']/}
  (( tog )) && [[ $line == HIT:* ]] && print -r -- "${line#HIT:}"
done
zpty -d z
"#;

const FISH: &str = r#"
source "$COMPLETIONS/sesame.fish"; or exit 90
for c in (complete -C "$LINE")
    string split -f1 \t -- $c
end
exit 0
"#;

/// What `shell` offers for `line` (the cursor at its end), one candidate
/// per entry, and the run. `session`: the SESAME_SESSION to set.
fn complete(
    env: &Env,
    shell: Shell,
    session: Option<&str>,
    extra_env: &[(&str, &str)],
    line: &str,
) -> Option<(Vec<String>, Run)> {
    let name = match shell {
        Shell::Bash => "bash",
        Shell::Zsh => "zsh",
        Shell::Fish => "fish",
    };
    if !installed(name) {
        eprintln!("skipped: {name} is not installed");
        return None;
    }
    let inner = env.cmd(&[]);
    let bin_dir = Path::new(inner.get_program())
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let mut cmd = Command::new("timeout");
    cmd.arg("60");
    match shell {
        Shell::Bash => cmd.args(["bash", "--norc", "--noprofile", "-c", BASH]),
        Shell::Zsh => cmd.args(["zsh", "-f", "-c", ZSH]),
        Shell::Fish => cmd.args(["fish", "-c", FISH]),
    };
    cmd.env_clear();
    for (key, value) in inner.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    cmd.env("PATH", path)
        .env("COMPLETIONS", completions_dir())
        .env("LINE", line)
        .env("TERM", "dumb")
        .env_remove("SESAME_PASSPHRASE")
        .current_dir(workdir(env))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(token) = session {
        cmd.env("SESAME_SESSION", token);
    }
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    without_terminal(&mut cmd);
    let run = output(cmd);
    assert_eq!(run.code, 0, "{shell:?} completing {line:?}: {run:#?}");
    // zsh quotes what it would insert (`prod\#region`): the shell reads
    // it back as the same word.
    let reply = run
        .stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.replace('\\', ""))
        .collect();
    Some((reply, run))
}

fn offers(
    env: &Env,
    shell: Shell,
    session: Option<&str>,
    line: &str,
    want: &[&str],
) -> Option<Vec<String>> {
    let (reply, run) = complete(env, shell, session, &[], line)?;
    for w in want {
        assert!(
            reply.iter().any(|r| r == w),
            "{shell:?}: `{line}<TAB>` does not offer {w:?}: {reply:?}\n{run:#?}"
        );
    }
    Some(reply)
}

fn offers_nothing(env: &Env, shell: Shell, session: Option<&str>, line: &str) {
    if let Some((reply, run)) = complete(env, shell, session, &[], line) {
        assert!(
            reply.is_empty(),
            "{shell:?}: `{line}<TAB>` offers {reply:?}\n{run:#?}"
        );
        if shell == Shell::Bash {
            // bash's `-o default` would fall back to file names.
            assert!(
                run.stderr.contains("compopt +o default"),
                "bash falls back to files: {run:#?}"
            );
        }
    }
}

// ---- item 7: after `run … --`, commands and their arguments ---------------------

#[test]
fn after_run_dashdash_commands_and_their_arguments_complete_issue_15() {
    let env = vault();
    let token = token(&env);
    let dir = workdir(&env);
    for shell in SHELLS {
        for session in [None, Some(token.as_str())] {
            // The command, with and without a selector.
            offers(&env, shell, session, "sesame run -- ech", &["echo"]);
            offers(
                &env,
                shell,
                session,
                "sesame run project/atlas -- ech",
                &["echo"],
            );
            offers(
                &env,
                shell,
                session,
                "sesame run --map X=sesame://a/b/c -- ech",
                &["echo"],
            );
            // Its arguments: here, file names, as `cat` completes them.
            let Some(reply) = offers(
                &env,
                shell,
                session,
                "sesame run project/atlas -- cat file-",
                &[],
            ) else {
                continue;
            };
            assert!(
                reply.iter().any(|r| r.ends_with("file-one")),
                "{shell:?}: no file argument after `run -- cat`: {reply:?} (in {})",
                dir.display()
            );
            // No secret IDs after `--`.
            assert!(
                !reply.iter().any(|r| r.starts_with("project/")),
                "{reply:?}"
            );
        }
    }
}

#[test]
fn after_run_dashdash_a_commands_own_completion_is_used_issue_15() {
    if !installed("git") {
        eprintln!("skipped: git is not installed");
        return;
    }
    let env = vault();
    // bash-completion (which `_command_offset` comes from) is not loaded
    // in a `--norc` bash; zsh and fish have git's completion built in.
    for shell in [Shell::Zsh, Shell::Fish] {
        offers(
            &env,
            shell,
            None,
            "sesame run project/atlas -- git chec",
            &["checkout"],
        );
    }
}

// ---- item 8: options on the line do not stop ID completion ----------------------

#[test]
fn ids_complete_with_format_and_other_options_on_the_line_issue_15() {
    let env = vault();
    let token = token(&env);
    for shell in SHELLS {
        for line in [
            "sesame get --format json proj",
            "sesame get -n --format json proj",
            "sesame list --format ids proj",
            "sesame --quiet history --format json proj",
        ] {
            offers(&env, shell, Some(&token), line, &["project/"]);
        }
        // The value of --format is still its own.
        let reply = offers(&env, shell, Some(&token), "sesame get --format ", &["json"])
            .unwrap_or_default();
        assert!(!reply.iter().any(|r| r.starts_with("project")), "{reply:?}");
    }
}

// ---- item 9: fields, relative IDs, --vault on the line --------------------------

#[test]
fn id_hash_completes_the_field_names_issue_15() {
    let env = vault();
    let token = token(&env);
    for shell in SHELLS {
        offers(
            &env,
            shell,
            Some(&token),
            &format!("sesame get {S3}#"),
            &[
                &format!("{S3}#access_key_id"),
                &format!("{S3}#secret_access_key"),
                &format!("{S3}#region"),
            ],
        );
        let reply = offers(
            &env,
            shell,
            Some(&token),
            &format!("sesame get {S3}#sec"),
            &[&format!("{S3}#secret_access_key")],
        )
        .unwrap_or_default();
        assert_eq!(reply.len(), 1, "{shell:?}: {reply:?}");
        offers(
            &env,
            shell,
            Some(&token),
            &format!("sesame get {DB}#"),
            &[&format!("{DB}#value")],
        );
    }
}

#[test]
fn ids_relative_to_the_default_owner_complete_issue_15() {
    let env = vault();
    let token = token(&env);
    let config = env.write_file("config.toml", "default_owner = \"project/atlas\"\n");
    for shell in SHELLS {
        offers(
            &env,
            shell,
            Some(&token),
            "sesame --owner project/atlas get sec",
            &["secret/"],
        );
        offers(
            &env,
            shell,
            Some(&token),
            "sesame --owner project/atlas get secret/Custom/d",
            &["secret/Custom/db-password"],
        );
        if let Some((reply, run)) = complete(
            &env,
            shell,
            Some(&token),
            &[("SESAME_OWNER", "user/alice")],
            "sesame get secret/Custom/",
        ) {
            assert!(
                reply.iter().any(|r| r == "secret/Custom/github-pat"),
                "{shell:?} with SESAME_OWNER: {reply:?}\n{run:#?}"
            );
        }
        if let Some((reply, run)) = complete(
            &env,
            shell,
            Some(&token),
            &[("SESAME_CONFIG", config.to_str().expect("utf-8"))],
            "sesame get con",
        ) {
            assert!(
                reply.iter().any(|r| r == "connect/"),
                "{shell:?} with default_owner in the config: {reply:?}\n{run:#?}"
            );
        }
    }
}

#[test]
fn vault_on_the_line_is_the_vault_completed_from_issue_15() {
    let env = vault();
    let other = env.root().join("other.sesame");
    let other = other.to_str().expect("utf-8");
    let mut init = vec!["--vault", other, "init"];
    init.extend(FAST_KDF);
    env.ok(&init);
    env.run_stdin(
        &[
            "--vault",
            other,
            "add",
            "organization/elsewhere/secret/Custom/k",
        ],
        "v",
    )
    .success();
    let other_token = env
        .ok(&["--vault", other, "unlock", "--raw"])
        .stdout
        .trim()
        .to_string();
    for shell in SHELLS {
        let reply = offers(
            &env,
            shell,
            Some(&other_token),
            &format!("sesame --vault {other} get "),
            &["organization/"],
        )
        .unwrap_or_default();
        assert!(
            !reply.iter().any(|r| r == "project/" || r == "user/"),
            "{shell:?}: the default vault's IDs: {reply:?}"
        );
        offers(
            &env,
            shell,
            Some(&other_token),
            &format!("sesame get --vault {other} org"),
            &["organization/"],
        );
        offers(
            &env,
            shell,
            Some(&other_token),
            &format!("sesame --vault={other} get org"),
            &["organization/"],
        );
    }
}

// ---- item 10: nothing without a session; --to versions; --ttl nothing -----------

#[test]
fn without_a_session_an_id_position_offers_nothing_issue_15() {
    let env = vault();
    for shell in SHELLS {
        for line in [
            "sesame get ",
            "sesame get proj",
            "sesame get file",
            "sesame rm ",
            "sesame list --format ids ",
            "sesame mv x ",
        ] {
            offers_nothing(&env, shell, None, line);
        }
    }
}

#[test]
fn rollback_to_offers_the_versions_and_unlock_ttl_offers_nothing_issue_15() {
    let env = vault();
    let token = token(&env);
    for shell in SHELLS {
        let reply = offers(
            &env,
            shell,
            Some(&token),
            &format!("sesame rollback {DB} --to "),
            &["1", "2", "3"],
        )
        .unwrap_or_default();
        assert_eq!(reply.len(), 3, "{shell:?}: {reply:?}");
        offers_nothing(&env, shell, None, &format!("sesame rollback {DB} --to "));
        offers_nothing(&env, shell, Some(&token), "sesame unlock --ttl ");
        offers_nothing(&env, shell, None, "sesame unlock --ttl ");
        offers_nothing(
            &env,
            shell,
            Some(&token),
            &format!("sesame get {DB} --version "),
        );
    }
}
