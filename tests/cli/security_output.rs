//! What reaches the terminal, and what `-o` failures say (issue 11, items
//! 11 and 12): text from the vault or an input file never carries a
//! control, bidi or invisible character to the terminal in tables, JSON or
//! errors (`docs/cli-decisions.md` "Terminal output (issue 11)"), while the
//! values `get`, `env`, `run` and `inject` print stay byte-exact; and a
//! failed `inject -o`/`export -o` names the file it was writing.

use crate::support::Env;

// ---- item 12: `-o` failures name the file -------------------------------

/// Runs `args` with `-o` under a regular file (no directory can be made
/// there, even by root) and into an existing directory; both must fail
/// naming the output file, never a vault, and leave nothing behind.
fn assert_output_failure_names_the_file(env: &Env, args: &[&str], stdin: &str) {
    let plain = env.write_file("plain-file", "not a directory\n");
    let dir = env.root().join("out-dir");
    std::fs::create_dir(&dir).unwrap();
    let before = env.vault_bytes();
    for out in [plain.join("out.txt"), dir.clone()] {
        let out = out.to_str().unwrap();
        let mut full = args.to_vec();
        full.extend(["-o", out]);
        let run = env
            .run_stdin(&full, stdin)
            .fails(1)
            .stderr_has(&format!("sesame: error: cannot write '{out}': "))
            .never_shows("the-secret-value");
        assert!(!run.stderr.contains("vault"), "{run:#?}");
        assert!(!run.stderr.contains(".tmp-"), "{run:#?}");
    }
    assert_eq!(std::fs::read(&plain).unwrap(), b"not a directory\n");
    assert!(std::fs::read_dir(&dir).unwrap().next().is_none());
    let leftovers: Vec<_> = std::fs::read_dir(env.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    assert_eq!(env.vault_bytes(), before);
    std::fs::remove_file(&plain).unwrap();
    std::fs::remove_dir(&dir).unwrap();
}

#[test]
fn inject_output_failure_names_the_file_not_a_vault_issue_11() {
    let env = Env::init();
    env.add("user/u/k", "the-secret-value");
    assert_output_failure_names_the_file(&env, &["inject"], "v={{ sesame://user/u/k }}\n");
}

#[test]
fn export_output_failure_names_the_file_not_a_vault_issue_11() {
    let env = Env::init();
    env.add("user/u/k", "the-secret-value");
    assert_output_failure_names_the_file(&env, &["export", "--format", "json"], "");
    assert_output_failure_names_the_file(&env, &["export", "--format", "dotenv"], "");
}
