//! `sesame generate` (issue 5): a random value on stdout, its entropy on
//! stderr, without a vault or a passphrase; `--length` from 1 to 4096
//! (`shared/spec/cli.md` §3 "Hygiene", `docs/cli-decisions.md` "Output
//! shapes" and "Hygiene (issue 5)").

use std::collections::HashSet;

use crate::hygiene_policy::hints;
use crate::support::{Env, Run, count_words};

/// `generate ARGS` with no vault at `SESAME_VAULT` and no passphrase
/// source at all.
fn generate(args: &[&str]) -> Run {
    let env = Env::new();
    let mut all = vec!["generate"];
    all.extend_from_slice(args);
    let mut cmd = env.cmd(&all);
    cmd.env_remove("SESAME_PASSPHRASE");
    let run = Run::from(cmd.output().expect("spawn sesame"));
    assert!(
        !env.vault_path().exists(),
        "generate created a vault: {run:#?}"
    );
    run
}

/// The value printed (without its newline), checking there is exactly one.
fn value(run: &Run) -> &str {
    let v = run
        .stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("no trailing newline: {run:#?}"));
    assert!(!v.contains('\n'), "more than one line: {run:#?}");
    v
}

/// N from the stderr line `entropy: N bits`.
fn entropy(run: &Run) -> u64 {
    let line = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("entropy: "))
        .unwrap_or_else(|| panic!("no `entropy: N bits` line: {run:#?}"));
    line.strip_suffix(" bits")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not `entropy: N bits`: {run:#?}"))
}

/// The entropy is `bits` rounded down or to the nearest.
fn assert_entropy(run: &Run, bits: f64) {
    let n = entropy(run);
    assert!(
        n == bits.floor() as u64 || n == bits.round() as u64,
        "entropy {n}, expected {bits:.2} rounded: {run:#?}"
    );
}

#[test]
fn generate_needs_no_vault_and_no_passphrase_issue_5() {
    let run = generate(&[]).success();
    let v = value(&run);
    assert_eq!(v.len(), 32, "{run:#?}");
    assert!(v.chars().all(|c| c.is_ascii_alphanumeric()), "{run:#?}");
    assert!(
        !run.stderr.contains(v),
        "the value went to stderr: {run:#?}"
    );
}

#[test]
fn generate_leaves_an_existing_vault_alone_issue_5() {
    let env = Env::init();
    let before = env.vault_bytes();
    let mut cmd = env.cmd(&["generate"]);
    cmd.env_remove("SESAME_PASSPHRASE");
    let run = Run::from(cmd.output().expect("spawn sesame")).success();
    assert_eq!(value(&run).len(), 32);
    assert_eq!(env.vault_bytes(), before);
    assert!(
        !env.state_dir().join("sesame").join("reads").exists(),
        "generate recorded a read"
    );
}

#[test]
fn generate_defaults_to_32_alnum_with_about_190_bits_issue_5() {
    let run = generate(&[]).success();
    assert_eq!(value(&run).len(), 32);
    // 32 * log2(62) = 190.5
    assert_entropy(&run, 32.0 * 62f64.log2());
    let n = entropy(&run);
    assert!(n == 190 || n == 191, "{run:#?}");
}

#[test]
fn generate_alnum_with_length_issue_5() {
    let run = generate(&["--charset", "alnum", "--length", "57"]).success();
    let v = value(&run);
    assert_eq!(v.len(), 57, "{run:#?}");
    assert!(v.chars().all(|c| c.is_ascii_alphanumeric()), "{run:#?}");
    assert_entropy(&run, 57.0 * 62f64.log2());
}

#[test]
fn generate_hex_issue_5() {
    let run = generate(&["--charset", "hex", "--length", "64"]).success();
    let v = value(&run);
    assert_eq!(v.len(), 64, "{run:#?}");
    assert!(v.chars().all(|c| c.is_ascii_hexdigit()), "{run:#?}");
    assert_eq!(entropy(&run), 256, "{run:#?}");

    let run = generate(&["--charset", "hex"]).success();
    assert_eq!(value(&run).len(), 32, "{run:#?}");
    assert_eq!(entropy(&run), 128, "{run:#?}");
}

#[test]
fn generate_symbols_issue_5() {
    let run = generate(&["--charset", "symbols", "--length", "80"]).success();
    let v = value(&run);
    assert_eq!(v.chars().count(), 80, "{run:#?}");
    assert!(v.chars().all(|c| c.is_ascii_graphic()), "{run:#?}");
    // The chance of no symbol in 80 draws is below 1e-13.
    assert!(v.chars().any(|c| c.is_ascii_punctuation()), "{run:#?}");
    // More than alnum's 62 characters, at most the 94 printable ones.
    let n = entropy(&run);
    assert!(
        n > (80.0 * 62f64.log2()).ceil() as u64 && n <= (80.0 * 94f64.log2()).ceil() as u64,
        "entropy {n} for 80 symbols: {run:#?}"
    );

    let run = generate(&["--charset", "symbols"]).success();
    assert_eq!(value(&run).chars().count(), 32, "{run:#?}");
}

#[test]
fn generate_words_defaults_to_six_dash_joined_words_issue_5() {
    let run = generate(&["--charset", "words"]).success();
    let v = value(&run);
    assert_eq!(count_words(v, 6), Some(6), "{run:#?}");
    // 6 * log2(7776) = 77.5
    assert_entropy(&run, 6.0 * 7776f64.log2());

    let run = generate(&["--charset", "words", "--length", "9"]).success();
    assert_eq!(count_words(value(&run), 9), Some(9), "{run:#?}");
    assert_entropy(&run, 9.0 * 7776f64.log2());
}

#[test]
fn quiet_silences_the_entropy_line_issue_5() {
    for args in [
        vec!["-q", "generate"],
        vec!["generate", "-q", "--charset", "hex"],
        vec!["--quiet", "generate", "--charset", "words"],
    ] {
        let env = Env::new();
        let mut cmd = env.cmd(&args);
        cmd.env_remove("SESAME_PASSPHRASE");
        let run = Run::from(cmd.output().expect("spawn sesame")).success();
        assert!(run.stderr.is_empty(), "{args:?}: {run:#?}");
        assert!(!value(&run).is_empty(), "{args:?}: {run:#?}");
    }
}

#[test]
fn two_runs_give_different_values_issue_5() {
    for charset in ["alnum", "symbols", "hex", "words"] {
        let a = generate(&["--charset", charset]).success();
        let b = generate(&["--charset", charset]).success();
        assert_ne!(value(&a), value(&b), "--charset {charset}");
    }
}

#[test]
fn generate_accepts_lengths_1_and_4096_issue_5() {
    let run = generate(&["--length", "1"]).success();
    assert_eq!(value(&run).len(), 1, "{run:#?}");
    let run = generate(&["--charset", "words", "--length", "1"]).success();
    assert_eq!(count_words(value(&run), 1), Some(1), "{run:#?}");

    let run = generate(&["--charset", "hex", "--length", "4096"]).success();
    let v = value(&run);
    assert_eq!(v.len(), 4096);
    assert_eq!(entropy(&run), 4096 * 4);
    // Every hex digit shows up in 4096 draws (the chance of a miss is ~1e-113).
    let seen: HashSet<char> = v.chars().collect();
    assert_eq!(seen.len(), 16, "{seen:?}");

    let run = generate(&["--length", "4096"]).success();
    let v = value(&run);
    assert_eq!(v.len(), 4096);
    assert!(v.chars().any(|c| c.is_ascii_uppercase()));
    assert!(v.chars().any(|c| c.is_ascii_lowercase()));
    assert!(v.chars().any(|c| c.is_ascii_digit()));
}

#[test]
fn generate_refuses_a_length_out_of_range_with_exit_2_and_the_range_issue_5() {
    for args in [
        vec!["--length", "0"],
        vec!["--length", "4097"],
        vec!["--charset", "words", "--length", "0"],
        vec!["--charset", "hex", "--length", "4097"],
        vec!["--length", "99999999999999999999999"],
    ] {
        let run = generate(&args).fails(2);
        assert!(
            hints(&run)
                .iter()
                .any(|h| h.contains('1') && h.contains("4096")),
            "{args:?}: no `hint:` line with the range 1 to 4096: {run:#?}"
        );
    }
    for args in [
        vec!["--length", "abc"],
        vec!["--length=-1"],
        vec!["--charset", "base64"],
    ] {
        generate(&args).fails(2);
    }
}
