//! The committed completion scripts and man pages match what the clap
//! definition generates. `SESAME_UPDATE_GENERATED=1` rewrites them.

use std::path::Path;

fn check(dir: &str, files: Vec<(String, Vec<u8>)>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let update = std::env::var_os("SESAME_UPDATE_GENERATED").is_some_and(|v| v == "1");
    if update {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (name, content) in &files {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(content.as_slice()) {
            stale.push(name.clone());
        }
    }
    let committed = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert!(
        stale.is_empty() && committed == files.len(),
        "{} is stale ({stale:?}; {committed} files for {} generated): run \
         `SESAME_UPDATE_GENERATED=1 cargo test --test cli generated` and commit the result",
        dir.display(),
        files.len()
    );
}

#[test]
fn committed_completions_are_current() {
    check("completions", sesame::manpages::completion_scripts());
}

#[test]
fn committed_man_pages_are_current() {
    check("man", sesame::manpages::man_pages());
}

#[test]
fn completions_command_prints_the_committed_script() {
    let env = crate::support::Env::new();
    let out = env.ok(&["completions", "bash"]);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/sesame.bash"),
    )
    .unwrap();
    assert_eq!(out.stdout, committed);
}

/// The bash script loads in a real bash and completes subcommand names.
#[test]
fn bash_completion_completes_subcommands() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/sesame.bash");
    let probe = format!(
        "source '{}'; COMP_WORDS=(sesame li); COMP_CWORD=1; COMP_LINE='sesame li'; COMP_POINT=9; \
         _sesame sesame li sesame; printf '%s\\n' \"${{COMPREPLY[@]}}\"; complete -p sesame",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.lines().any(|l| l == "list"),
        "no `list` completion: {stdout}"
    );
    assert!(
        stdout.contains("complete") && stdout.contains("sesame"),
        "{stdout}"
    );
}

/// `mandoc -Tlint` finds nothing worse than style notes (issue 3). `.ci/run`
/// installs mandoc; elsewhere the test says it skipped.
#[test]
fn man_pages_pass_mandoc_lint() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let out = match std::process::Command::new("mandoc")
        .args(["-Tlint", "-Wwarning"])
        .args(&pages)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: mandoc is not installed ({e})");
            return;
        }
    };
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "mandoc -Tlint found problems:\n{report}"
    );
}
