//! `sesame init`: creating a vault, never overwriting one, the KDF bounds,
//! and every source the new passphrase may come from.

use std::process::Command;

use crate::support::{
    Env, FAST_KDF, PASSPHRASE, Run, mode_of, output, pass_file, without_terminal,
};

/// `init` with the fast KDF, followed by `extra`.
fn init_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["init"];
    args.extend_from_slice(&FAST_KDF);
    args.extend_from_slice(extra);
    args
}

/// Whether the vault at the default test path opens with `pass`
/// (`list` has to decrypt the vault to print anything).
fn opens_with(env: &Env, pass: &str) -> bool {
    let mut cmd = env.cmd(&["list"]);
    cmd.env("SESAME_PASSPHRASE", pass);
    let run = output(cmd);
    match run.code {
        0 => true,
        5 => false,
        _ => panic!("`list` with passphrase {pass:?} neither opened nor refused: {run:#?}"),
    }
}

/// `init` with no `SESAME_PASSPHRASE`, configured by `setup`.
fn init_without_env_passphrase(env: &Env, setup: impl FnOnce(&mut Command)) -> Run {
    let mut cmd = env.cmd(&init_args(&[]));
    cmd.env_remove("SESAME_PASSPHRASE");
    setup(&mut cmd);
    output(cmd)
}

#[test]
fn init_creates_the_vault_file_with_mode_0600_and_prints_no_data() {
    let env = Env::new();
    let run = env.run(&init_args(&[])).success();
    assert!(
        run.stdout.is_empty(),
        "init prints no data on stdout: {run:#?}"
    );
    assert!(env.vault_path().is_file(), "no vault file after init");
    assert_eq!(mode_of(&env.vault_path()), 0o600, "vault file mode");
    let bytes = env.vault_bytes();
    assert!(!bytes.is_empty());
    assert!(
        !bytes
            .windows(PASSPHRASE.len())
            .any(|w| w == PASSPHRASE.as_bytes()),
        "the passphrase appears in the vault file in plain text"
    );
    assert!(opens_with(&env, PASSPHRASE));
    assert!(!opens_with(&env, "not the passphrase"));
}

#[test]
fn init_creates_missing_parent_directories_with_mode_0700() {
    let env = Env::new();
    let outer = env.root().join("fresh");
    let inner = outer.join("deeper");
    let vault = inner.join("vault.sesame");
    let vault_str = vault.to_str().unwrap();
    env.run(&init_args(&["--vault", vault_str])).success();
    assert!(vault.is_file(), "no vault at {vault:?}");
    assert_eq!(mode_of(&vault), 0o600, "vault file mode");
    assert_eq!(mode_of(&inner), 0o700, "created directory {inner:?}");
    assert_eq!(mode_of(&outer), 0o700, "created directory {outer:?}");
    assert!(!env.vault_path().exists(), "--vault must beat SESAME_VAULT");
    env.ok(&["--vault", vault_str, "list"]);
}

#[test]
fn init_without_vault_option_uses_the_data_dir_default() {
    let env = Env::new();
    let mut cmd = env.cmd(&init_args(&[]));
    cmd.env_remove("SESAME_VAULT");
    output(cmd).success();
    let dir = env.root().join("data").join("sesame");
    let vault = dir.join("vault.sesame");
    assert!(vault.is_file(), "no vault at the default path {vault:?}");
    assert_eq!(mode_of(&vault), 0o600);
    assert_eq!(mode_of(&dir), 0o700, "created directory {dir:?}");
    assert!(!env.vault_path().exists());
}

#[test]
fn init_refuses_an_existing_vault_with_exit_4_and_leaves_it_byte_identical() {
    let env = Env::init();
    env.add("project/atlas/secret/Custom/keep", "kept value");
    let before = env.vault_bytes();
    let run = env.run(&init_args(&[])).fails(4);
    run.never_shows("kept value");
    assert_eq!(env.vault_bytes(), before, "init touched the existing vault");
    // A different passphrase does not help either.
    let mut cmd = env.cmd(&init_args(&[]));
    cmd.env("SESAME_PASSPHRASE", "another passphrase");
    output(cmd).fails(4);
    assert_eq!(env.vault_bytes(), before, "init touched the existing vault");
    assert_eq!(env.get("project/atlas/secret/Custom/keep"), "kept value");
}

#[test]
fn init_refuses_to_overwrite_any_existing_file_at_the_vault_path() {
    let env = Env::new();
    std::fs::write(env.vault_path(), b"precious, not a vault\n").unwrap();
    env.run(&init_args(&[])).fails(4);
    assert_eq!(env.vault_bytes(), b"precious, not a vault\n");
}

/// `init` with the given KDF parameters must exit 9 and create nothing.
fn assert_kdf_refused(memory: &str, iterations: &str, parallelism: &str) {
    let env = Env::new();
    env.run(&[
        "init",
        "--kdf-memory",
        memory,
        "--kdf-iterations",
        iterations,
        "--kdf-parallelism",
        parallelism,
    ])
    .fails(9);
    assert!(
        !env.vault_path().exists(),
        "a refused init (memory {memory}, iterations {iterations}, lanes {parallelism}) created a vault"
    );
}

#[test]
fn init_refuses_kdf_memory_below_19_mib_with_exit_9() {
    assert_kdf_refused("18", "2", "1");
}

#[test]
fn init_refuses_kdf_memory_above_4096_mib_with_exit_9() {
    assert_kdf_refused("4097", "2", "1");
}

#[test]
fn init_refuses_a_single_kdf_iteration_with_exit_9() {
    assert_kdf_refused("19", "1", "1");
}

#[test]
fn init_refuses_more_than_64_kdf_iterations_with_exit_9() {
    assert_kdf_refused("19", "65", "1");
}

#[test]
fn init_refuses_more_than_16_kdf_lanes_with_exit_9() {
    assert_kdf_refused("19", "2", "17");
}

#[test]
fn init_accepts_the_bounds_themselves_and_records_them() {
    let env = Env::new();
    env.ok(&[
        "init",
        "--kdf-memory",
        "19",
        "--kdf-iterations",
        "2",
        "--kdf-parallelism",
        "16",
    ]);
    let info = env.ok(&["info", "--format", "json"]).json();
    assert_eq!(info["kdf"]["memory_mib"], 19, "{info}");
    assert_eq!(info["kdf"]["iterations"], 2, "{info}");
    assert_eq!(info["kdf"]["parallelism"], 16, "{info}");
}

#[test]
fn init_takes_kdf_parameters_from_the_config_file_and_flags_beat_it() {
    let env = Env::new();
    let config = env.write_file(
        "config.toml",
        "[kdf]\nmemory_mib = 20\niterations = 3\nparallelism = 2\n",
    );
    let config = config.to_str().unwrap();
    env.ok(&["--config", config, "init"]);
    let info = env
        .ok(&["--config", config, "info", "--format", "json"])
        .json();
    assert_eq!(info["kdf"]["memory_mib"], 20, "{info}");
    assert_eq!(info["kdf"]["iterations"], 3, "{info}");
    assert_eq!(info["kdf"]["parallelism"], 2, "{info}");

    let other = Env::new();
    let config = other.write_file(
        "config.toml",
        "[kdf]\nmemory_mib = 20\niterations = 3\nparallelism = 2\n",
    );
    let config = config.to_str().unwrap();
    other.ok(&[
        "--config",
        config,
        "init",
        "--kdf-memory",
        "19",
        "--kdf-iterations",
        "2",
    ]);
    let info = other
        .ok(&["--config", config, "info", "--format", "json"])
        .json();
    assert_eq!(info["kdf"]["memory_mib"], 19, "{info}");
    assert_eq!(info["kdf"]["iterations"], 2, "{info}");
    assert_eq!(info["kdf"]["parallelism"], 2, "{info}");
}

#[test]
fn init_refuses_out_of_bounds_kdf_parameters_from_the_config_file() {
    let env = Env::new();
    let config = env.write_file(
        "config.toml",
        "[kdf]\nmemory_mib = 18\niterations = 2\nparallelism = 1\n",
    );
    env.run(&["--config", config.to_str().unwrap(), "init"])
        .fails(9);
    assert!(!env.vault_path().exists());
}

#[test]
fn init_reads_only_the_first_line_of_the_passphrase_file_option() {
    let env = Env::new();
    let file = pass_file(&env, "pass.txt", "first-line-pass\nsecond line\n");
    init_without_env_passphrase(&env, |cmd| {
        cmd.arg("--passphrase-file").arg(&file);
    })
    .success();
    assert!(opens_with(&env, "first-line-pass"));
    assert!(!opens_with(&env, "first-line-pass\nsecond line"));
    assert!(!opens_with(&env, PASSPHRASE));
}

#[test]
fn init_strips_a_crlf_line_ending_from_the_passphrase_file() {
    let env = Env::new();
    let file = pass_file(&env, "pass.txt", "crlf-pass\r\n");
    init_without_env_passphrase(&env, |cmd| {
        cmd.arg("--passphrase-file").arg(&file);
    })
    .success();
    assert!(env.vault_path().is_file(), "no vault created");
    assert!(opens_with(&env, "crlf-pass"));
    assert!(!opens_with(&env, "crlf-pass\r"));
    assert!(!opens_with(&env, PASSPHRASE));
}

#[test]
fn init_reads_the_passphrase_file_named_by_sesame_passphrase_file() {
    let env = Env::new();
    let file = pass_file(&env, "pass.txt", "from-env-file\n");
    init_without_env_passphrase(&env, |cmd| {
        cmd.env("SESAME_PASSPHRASE_FILE", &file);
    })
    .success();
    assert!(opens_with(&env, "from-env-file"));
    assert!(!opens_with(&env, PASSPHRASE));
}

#[test]
fn init_runs_sesame_passphrase_command_with_arguments() {
    let env = Env::new();
    init_without_env_passphrase(&env, |cmd| {
        cmd.env("SESAME_PASSPHRASE_COMMAND", "printf %s from-command");
    })
    .success();
    assert!(opens_with(&env, "from-command"));
    assert!(!opens_with(&env, "%s from-command"));
}

#[test]
fn init_takes_the_passphrase_from_sesame_passphrase() {
    let env = Env::new();
    let mut cmd = env.cmd(&init_args(&[]));
    cmd.env("SESAME_PASSPHRASE", "from the environment");
    output(cmd).success();
    assert!(opens_with(&env, "from the environment"));
    assert!(!opens_with(&env, PASSPHRASE));
}

#[test]
fn init_refuses_an_empty_passphrase_with_exit_2() {
    for (name, content) in [("blank line", "\n"), ("empty file", "")] {
        let env = Env::new();
        let file = pass_file(&env, "pass.txt", content);
        init_without_env_passphrase(&env, |cmd| {
            cmd.arg("--passphrase-file").arg(&file);
        })
        .fails(2);
        assert!(
            !env.vault_path().exists(),
            "{name}: a vault was created with an empty passphrase"
        );
    }
    let env = Env::new();
    let mut cmd = env.cmd(&init_args(&[]));
    cmd.env("SESAME_PASSPHRASE", "");
    output(cmd).fails(2);
    assert!(
        !env.vault_path().exists(),
        "a vault was created with an empty SESAME_PASSPHRASE"
    );
}

#[test]
fn init_without_any_passphrase_source_or_terminal_exits_5_naming_the_options() {
    let env = Env::new();
    let run = init_without_env_passphrase(&env, without_terminal).fails(5);
    for option in [
        "--passphrase-file",
        "SESAME_PASSPHRASE_FILE",
        "SESAME_PASSPHRASE_COMMAND",
        "SESAME_PASSPHRASE",
    ] {
        assert!(
            run.stderr.contains(option),
            "stderr does not name {option}: {run:#?}"
        );
    }
    assert!(
        !env.vault_path().exists(),
        "a vault was created without a passphrase"
    );
}
