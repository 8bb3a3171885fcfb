//! Issue 11, what `run` and `env` hand on: the child of `run` gets no
//! means to unlock the vault (item 1); a secret cannot set `PATH`,
//! `LD_PRELOAD` and the like by its name alone, and the program is found
//! on sesame's own `PATH` (item 4); dotenv output runs nothing when sourced
//! by `sh` and reads back exactly with python-dotenv's defaults (item 5).
//! See `docs/cli-decisions.md` "Security fixes (issue 11)".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::env_cmd::{add_exact, add_json};
use crate::sessions::{session_cmd, token};
use crate::support::{Env, PASSPHRASE, Run, output, set_mode, without_terminal};

const DB: &str = "project/atlas/secret/Custom/db-password";
const DB_VALUE: &str = "child-db-s3cr3t";
const OTHER: &str = "project/atlas/secret/Custom/other-token";
const OTHER_VALUE: &str = "never-for-the-child-9f2c";

/// What `run` removes from its child's environment.
const UNLOCK_VARIABLES: [&str; 6] = [
    "SESAME_SESSION",
    "SESAME_PASSPHRASE",
    "SESAME_PASSPHRASE_FILE",
    "SESAME_PASSPHRASE_COMMAND",
    "SESAME_IDENTITY",
    "SESAME_MEMBER",
];

fn two_secrets() -> Env {
    let env = Env::init();
    env.add(DB, DB_VALUE);
    env.add(OTHER, OTHER_VALUE);
    env
}

/// `sesame ARGS` with every unlock variable set (each one usable), no
/// terminal, and `SESAME_BIN` for a child that wants to run sesame.
fn with_every_unlock_variable(env: &Env, token: &str, args: &[&str]) -> Command {
    let file = env.write_file("passphrase", format!("{PASSPHRASE}\n"));
    set_mode(&file, 0o600);
    let mut cmd = env.cmd(args);
    cmd.env("SESAME_SESSION", token)
        .env("SESAME_PASSPHRASE_FILE", &file)
        .env(
            "SESAME_PASSPHRASE_COMMAND",
            format!("cat {}", file.display()),
        )
        .env("SESAME_IDENTITY", env.root().join("identity"))
        .env("SESAME_MEMBER", "alice")
        .env("SESAME_BIN", env!("CARGO_BIN_EXE_sesame"));
    without_terminal(&mut cmd);
    cmd
}

/// The `NAME=value` pairs of the environment `env -0` printed.
fn environment_of(stdout: &str) -> BTreeMap<String, String> {
    stdout
        .split('\0')
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (name, value) = entry.split_once('=').expect("NAME=value");
            (name.to_string(), value.to_string())
        })
        .collect()
}

// ---- item 1: the child gets no keys to the vault ---------------------------------------

#[test]
fn run_child_gets_no_unlock_variables_issue_11() {
    let env = two_secrets();
    let token = token(&env);
    for args in [
        vec!["run", DB, "--", "env", "-0"],
        vec!["run", "--", "env", "-0"],
    ] {
        let run = output(with_every_unlock_variable(&env, &token, &args))
            .success()
            .never_shows(PASSPHRASE)
            .never_shows(&token);
        let child = environment_of(&run.stdout);
        for name in UNLOCK_VARIABLES {
            assert!(
                !child.contains_key(name),
                "{args:?}: the child got {name}: {child:#?}"
            );
        }
        // The rest of the environment is the child's, as before.
        assert!(child.contains_key("SESAME_VAULT"), "{child:#?}");
        assert!(child.contains_key("HOME"), "{child:#?}");
    }
    let run = output(with_every_unlock_variable(
        &env,
        &token,
        &["run", DB, "--", "env", "-0"],
    ))
    .success();
    assert_eq!(
        environment_of(&run.stdout)
            .get("DB_PASSWORD")
            .map(String::as_str),
        Some(DB_VALUE)
    );
}

#[test]
fn run_child_cannot_list_the_whole_vault_issue_11() {
    // The review's attack: a command given one secret asks sesame for all.
    let env = two_secrets();
    let token = token(&env);
    let script = "\"$SESAME_BIN\" list --decrypt; echo \"sesame exit $?\"";
    let attacks = [
        with_every_unlock_variable(&env, &token, &["run", DB, "--", "sh", "-c", script]),
        {
            // A session alone.
            let mut cmd = session_cmd(&env, &token, &["run", DB, "--", "sh", "-c", script]);
            cmd.env("SESAME_BIN", env!("CARGO_BIN_EXE_sesame"));
            cmd
        },
        {
            // A passphrase in the environment alone.
            let mut cmd = env.cmd(&["run", DB, "--", "sh", "-c", script]);
            cmd.env("SESAME_BIN", env!("CARGO_BIN_EXE_sesame"));
            without_terminal(&mut cmd);
            cmd
        },
    ];
    for cmd in attacks {
        let run = output(cmd)
            .success()
            .never_shows(OTHER_VALUE)
            .never_shows(DB_VALUE);
        assert!(
            run.stdout.contains("sesame exit 5"),
            "the child's sesame should fail to unlock: {run:#?}"
        );
    }
}

#[test]
fn run_keep_session_passes_the_session_alone_issue_11() {
    let env = two_secrets();
    let token = token(&env);
    let script = "\"$SESAME_BIN\" get -n \"$1\" && printf '|%s|%s|%s|%s|%s' \
                  \"${SESAME_PASSPHRASE-unset}\" \"${SESAME_PASSPHRASE_FILE-unset}\" \
                  \"${SESAME_PASSPHRASE_COMMAND-unset}\" \"${SESAME_IDENTITY-unset}\" \
                  \"${SESAME_MEMBER-unset}\"";
    let run = output(with_every_unlock_variable(
        &env,
        &token,
        &[
            "run",
            "--keep-session",
            DB,
            "--",
            "sh",
            "-c",
            script,
            "sh",
            OTHER,
        ],
    ))
    .success();
    assert_eq!(
        run.stdout,
        format!("{OTHER_VALUE}|unset|unset|unset|unset|unset")
    );
    // The same child without the flag cannot.
    let run = output(with_every_unlock_variable(
        &env,
        &token,
        &["run", DB, "--", "sh", "-c", script, "sh", OTHER],
    ));
    assert_ne!(run.code, 0, "{run:#?}");
    run.never_shows(OTHER_VALUE);
}

// ---- item 4: names that change what programs run --------------------------------------

/// Secrets whose names alone would set a variable on the deny list.
const DANGEROUS: &[(&str, &str)] = &[
    ("project/atlas/secret/Custom/path", "PATH"),
    ("project/atlas/secret/Custom/ld-preload", "LD_PRELOAD"),
    (
        "project/atlas/secret/Custom/dyld.insert.libraries",
        "DYLD_INSERT_LIBRARIES",
    ),
    ("project/atlas/secret/Custom/bash-env", "BASH_ENV"),
    (
        "project/atlas/secret/Custom/git-ssh-command",
        "GIT_SSH_COMMAND",
    ),
    ("project/atlas/secret/Custom/node_options", "NODE_OPTIONS"),
    ("project/atlas/secret/Custom/PYTHONPATH", "PYTHONPATH"),
    (
        "project/atlas/secret/Custom/sesame-session",
        "SESAME_SESSION",
    ),
];

fn dangerous_value(var: &str) -> String {
    format!("/nonexistent/dangerous-{}", var.to_ascii_lowercase())
}

#[test]
fn env_and_run_refuse_secrets_that_set_dangerous_variables_issue_11() {
    let env = Env::init();
    let token = token(&env);
    for (id, var) in DANGEROUS {
        crate::env_cmd::add_exact_with(&env, Some(&token), id, dangerous_value(var));
    }
    let marker = env.root().join("command-started");
    let touch = marker.to_str().expect("utf-8");
    for (id, var) in DANGEROUS {
        let value = dangerous_value(var);
        let check = |run: Run| {
            run.fails(4)
                .stderr_has(id)
                .stderr_has(&format!(" {var},"))
                .stderr_has(&format!(
                    "hint: to set it anyway, name it explicitly: --map {var}=sesame://{id}"
                ))
                .never_shows(&value);
        };
        for format in ["sh", "dotenv", "json"] {
            check(output(session_cmd(
                &env,
                &token,
                &["env", "--format", format, id],
            )));
        }
        check(output(session_cmd(
            &env,
            &token,
            &["run", id, "--", "touch", touch],
        )));
    }
    // Selected through a prefix, too; and nothing ran.
    let run = output(session_cmd(
        &env,
        &token,
        &["run", "project/atlas", "--", "touch", touch],
    ));
    run.fails(4);
    output(session_cmd(&env, &token, &["env", "project"])).fails(4);
    assert!(
        !marker.exists(),
        "the command ran with a dangerous variable"
    );
}

#[test]
fn a_registry_whose_variables_fall_under_a_denied_prefix_is_refused_issue_11() {
    let env = Env::init();
    let id = "project/atlas/connect/ContainerRegistry/ld";
    add_json(
        &env,
        id,
        r#"{"server":"ghcr.io","username":"u","password":"ld-registry-pass"}"#,
    );
    env.run(&["env", id])
        .fails(4)
        .stderr_has(id)
        .stderr_has("LD_")
        .never_shows("ld-registry-pass");
}

#[test]
fn map_sets_a_denied_name_when_asked_explicitly_issue_11() {
    let env = Env::init();
    let token = token(&env);
    for (id, var) in DANGEROUS {
        crate::env_cmd::add_exact_with(&env, Some(&token), id, dangerous_value(var));
        let map = format!("{var}=sesame://{id}");
        let run = output(session_cmd(&env, &token, &["env", "--map", &map])).success();
        assert_eq!(
            run.stdout,
            format!("export {var}='{}'\n", dangerous_value(var))
        );
        // `sh` itself is found on sesame's PATH, whatever the child's is.
        let script = format!("printf %s \"${var}\"");
        let run = output(session_cmd(
            &env,
            &token,
            &["run", "--map", &map, "--", "sh", "-c", &script],
        ))
        .success();
        assert_eq!(run.stdout, dangerous_value(var), "{var}");
    }
}

/// An executable `dir/name` that prints `says`.
fn program(dir: &Path, name: &str, says: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\necho {says}\n")).expect("write program");
    set_mode(&path, 0o700);
    path
}

#[test]
fn run_finds_the_program_on_sesames_own_path_issue_11() {
    let env = Env::init();
    let trusted = env.root().join("trusted-bin");
    let planted = env.root().join("planted-bin");
    program(&trusted, "deploy-tool", "trusted");
    program(&planted, "deploy-tool", "planted");
    let id = "project/atlas/secret/Custom/child-path";
    env.add(id, planted.to_str().expect("utf-8"));
    let parent_path = format!(
        "{}:{}",
        trusted.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = env.cmd(&[
        "run",
        "--map",
        &format!("PATH=sesame://{id}"),
        "--",
        "deploy-tool",
    ]);
    cmd.env("PATH", &parent_path);
    let run = output(cmd).success();
    assert_eq!(run.stdout, "trusted\n", "{run:#?}");
    // The child still gets the PATH it was given.
    let mut cmd = env.cmd(&[
        "run",
        "--map",
        &format!("PATH=sesame://{id}"),
        "--",
        "sh",
        "-c",
        "printf %s \"$PATH\"; deploy-tool",
    ]);
    cmd.env("PATH", &parent_path);
    let run = output(cmd).success();
    assert_eq!(run.stdout, format!("{}planted\n", planted.display()));
    // A program found nowhere on sesame's PATH is not looked for on the
    // child's.
    let mut cmd = env.cmd(&[
        "run",
        "--map",
        &format!("PATH=sesame://{id}"),
        "--",
        "deploy-tool",
    ]);
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    output(cmd).fails(127).stderr_has("command not found");
}

// ---- item 5: dotenv that sh and python-dotenv read safely and exactly -----------------

/// Values that `sh` would expand or run inside double quotes, each with a
/// name whose upper-case form is its variable. A `pwned-*` file appears in
/// the working directory if anything runs.
const EXPANDING: &[(&str, &str)] = &[
    ("subshell", "$(touch pwned-subshell)"),
    ("backticks", "`touch pwned-backticks`"),
    ("dollar-home", "$HOME"),
    ("home-path", "$HOME/bin:$PATH"),
    ("price", "costs $5, or $$ or $1"),
    ("bang", "!! !$"),
    ("escaped", "\\$(touch pwned-escaped)"),
    ("lines", "$(touch pwned-lines)\nsecond \"line\"\n"),
    ("arith-a", "a[$(touch pwned-arith)]"),
    ("arith-b", "$((ARITH_A))"),
    ("param", "$X:-y $X:=z"),
    ("plain", "no dollar \"here\" \\ at all"),
];
const EXPANDING_PREFIX: &str = "project/dotenv/secret/Custom";

fn var_name(name: &str) -> String {
    name.to_ascii_uppercase().replace('-', "_")
}

fn expanding_vault() -> Env {
    let env = Env::init();
    let token = token(&env);
    for (name, value) in EXPANDING {
        crate::env_cmd::add_exact_with(
            &env,
            Some(&token),
            &format!("{EXPANDING_PREFIX}/{name}"),
            value,
        );
    }
    env
}

fn pwned_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("pwned-"))
        .collect()
}

/// `set -a; . FILE` in `shell`, run in `dir`, then every variable of
/// `EXPANDING` printed NUL-separated.
fn source_in(shell: &str, file: &Path, dir: &Path) -> Vec<String> {
    let mut script = String::from("set -a; . \"$1\" || exit 90; printf '%s\\0'");
    for (name, _) in EXPANDING {
        script.push_str(&format!(" \"${}\"", var_name(name)));
    }
    let out = Command::new(shell)
        .args(["-c", &script, shell])
        .arg(file)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .output()
        .unwrap_or_else(|e| panic!("{shell} is needed for this test ({e})"));
    assert!(
        out.status.success(),
        "{shell}: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut parts: Vec<String> = text.split('\0').map(str::to_string).collect();
    assert_eq!(parts.pop().as_deref(), Some(""), "{shell}: {text:?}");
    parts
}

#[test]
fn dotenv_sourced_by_sh_runs_nothing_and_reads_back_exactly_issue_11() {
    let env = expanding_vault();
    let text = env
        .ok(&["env", "--format", "dotenv", EXPANDING_PREFIX])
        .stdout;
    let file = env.write_file("sourced.env", &text);
    let want: Vec<&str> = EXPANDING.iter().map(|(_, v)| *v).collect();
    for shell in ["dash", "bash"] {
        let dir = env.root().join(format!("cwd-{shell}"));
        std::fs::create_dir(&dir).expect("mkdir");
        let got = source_in(shell, &file, &dir);
        assert_eq!(
            pwned_files(&dir),
            Vec::<String>::new(),
            "{shell} ran code from:\n{text}"
        );
        assert_eq!(got, want, "{shell} read back wrong values from:\n{text}");
    }
    // export writes the same file.
    assert_eq!(
        env.ok(&["export", "--format", "dotenv", EXPANDING_PREFIX])
            .stdout,
        text
    );
}

/// What `dotenv_values(FILE)` reads for each file, with python-dotenv's
/// defaults (`interpolate=True`), run with `X` set so that expansion would
/// show.
fn python_dotenv_defaults(files: &[PathBuf]) -> BTreeMap<String, BTreeMap<String, Option<String>>> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import json, sys; from dotenv import dotenv_values; \
             print(json.dumps({p: dotenv_values(p) for p in sys.argv[1:]}))",
        ])
        .args(files)
        .env("X", "expanded")
        .output()
        .expect("python3 is needed for this test");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "python-dotenv is needed for this test ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Values python-dotenv's defaults expand in any quoting.
const INTERPOLATED: &[(&str, &str)] = &[
    ("brace-home", "${HOME}"),
    ("brace-default", "${X:-y}"),
    ("brace-inner", "a${X}b"),
];

#[test]
fn dotenv_reads_back_exactly_with_python_dotenv_defaults_issue_11() {
    // Each value alone in its own file: written so that python-dotenv's
    // defaults read it back exactly, or (only the interpolated ones)
    // refused.
    let env = expanding_vault();
    let token = token(&env);
    for (name, value) in INTERPOLATED {
        crate::env_cmd::add_exact_with(
            &env,
            Some(&token),
            &format!("{EXPANDING_PREFIX}/{name}"),
            value,
        );
    }
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for (name, value) in EXPANDING.iter().chain(INTERPOLATED) {
        let id = format!("{EXPANDING_PREFIX}/{name}");
        let run = output(session_cmd(
            &env,
            &token,
            &["env", "--format", "dotenv", &id],
        ));
        let interpolated = INTERPOLATED.iter().any(|(n, _)| n == name);
        match run.code {
            0 if !interpolated => {
                let file = env.write_file(&format!("{name}.env"), &run.stdout);
                files.push((file, var_name(name), *value, run.stdout));
            }
            2 if interpolated => {
                run.fails(2).stderr_has(&var_name(name));
            }
            _ => failures.push(format!("{name} ({value:?}): {run:?}")),
        }
    }
    let paths: Vec<PathBuf> = files.iter().map(|(p, ..)| p.clone()).collect();
    let read = python_dotenv_defaults(&paths);
    for (path, var, value, text) in &files {
        let want = BTreeMap::from([(var.clone(), Some(value.to_string()))]);
        let got = &read[&*path.to_string_lossy()];
        if got != &want {
            failures.push(format!(
                "{var}: stored {value:?}, sesame wrote {text:?}, python-dotenv read {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dotenv_with_dollars_imports_back_exactly_issue_11() {
    let env = expanding_vault();
    let text = env
        .ok(&["env", "--format", "dotenv", EXPANDING_PREFIX])
        .stdout;
    env.run_stdin(
        &["import", "--format", "dotenv", "--prefix", "project/copy"],
        &text,
    )
    .success();
    for (name, value) in EXPANDING {
        let out = env.ok(&["get", "-n", &format!("project/copy/{}", var_name(name))]);
        assert_eq!(out.stdout, *value, "{name} from:\n{text}");
    }
}

#[test]
fn dotenv_refuses_values_no_safe_form_can_carry_issue_11() {
    let cases: &[(&str, &str)] = &[
        // Interpolated by python-dotenv (and docker compose) in any quotes.
        ("brace", "${HOME}-zq1"),
        ("default", "${X:-zq2}"),
        ("inner", "pre${A}post-zq3"),
        // `$` needs single quotes, and these cannot have them.
        ("quote-and-dollar", "it's $5-zq4"),
        ("dollar-backslashes", "$a\\\\b-zq5"),
        ("dollar-cr", "$x-zq6\r\n"),
        ("dollar-trailing-backslash", "$x-zq7\\"),
    ];
    let env = Env::init();
    for (name, value) in cases {
        let id = format!("project/atlas/secret/Custom/{name}");
        add_exact(&env, &id, value);
        let secret = &value[value.find("zq").expect("marker")..][..3];
        for args in [
            ["env", "--format", "dotenv", id.as_str()],
            ["export", "--format", "dotenv", id.as_str()],
        ] {
            env.run(&args)
                .fails(2)
                .stderr_has(&format!(
                    "the value of {} cannot be written as dotenv",
                    var_name(name)
                ))
                .stderr_has("hint: use --format sh or --format json")
                .never_shows(secret);
        }
        // The other formats carry it.
        env.ok(&["env", "--format", "sh", &id]);
        env.ok(&["env", "--format", "json", &id]);
    }
}
