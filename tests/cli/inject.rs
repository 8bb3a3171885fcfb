//! `sesame inject` (issue 4): `{{ sesame://ID[#field] }}` references in a
//! template, everything else byte for byte, and nothing written when a
//! reference fails (`shared/spec/cli.md` §3 "Scripting",
//! `docs/cli-decisions.md` "Scripting (issue 4)").

use crate::env_cmd::{add_exact, add_json};
use crate::sessions::{session_cmd, token};
use crate::support::{Env, Run, mode_of, run_with_stdin, set_mode};

const DB: &str = "project/atlas/secret/Custom/db-password";
const DB_VALUE: &str = "inject-pg-s3cr3t";
const API: &str = "organization/acme/secret/Custom/api-token";
const API_VALUE: &str = "inject-api-t0ken";
const S3: &str = "project/atlas/connect/S3/prod";

fn vault() -> Env {
    let env = Env::init();
    env.add(DB, DB_VALUE);
    env.add(API, API_VALUE);
    add_json(
        &env,
        S3,
        r#"{"access_key_id":"AKIAINJECT","secret_access_key":"inject-s3-secret","region":"eu-north-1"}"#,
    );
    env
}

fn inject(env: &Env, template: &str) -> Run {
    env.run_stdin(&["inject"], template)
}

fn injected(env: &Env, template: &str) -> String {
    inject(env, template).success().stdout
}

#[test]
fn a_reference_is_replaced_by_the_value_issue_4() {
    let env = vault();
    assert_eq!(
        injected(&env, &format!("password: {{{{ sesame://{DB} }}}}\n")),
        format!("password: {DB_VALUE}\n")
    );
    // No spaces, a field, and a template without a final newline.
    assert_eq!(
        injected(&env, &format!("key={{{{sesame://{S3}#access_key_id}}}}")),
        "key=AKIAINJECT"
    );
    // Several spaces.
    assert_eq!(
        injected(&env, &format!("[{{{{   sesame://{DB}   }}}}]")),
        format!("[{DB_VALUE}]")
    );
    // `#value` of a variable.
    assert_eq!(
        injected(&env, &format!("{{{{ sesame://{DB}#value }}}}")),
        DB_VALUE
    );
}

#[test]
fn several_references_per_line_and_across_lines_issue_4() {
    let env = vault();
    let template = format!(
        "# generated\n\
         url=postgres://app:{{{{ sesame://{DB} }}}}@db/{{{{sesame://{API}}}}}?x={{{{ sesame://{DB} }}}}\n\
         \n\
         aws_access_key_id = {{{{ sesame://{S3}#access_key_id }}}}\n\
         aws_secret_access_key = {{{{ sesame://{S3}#secret_access_key }}}}\n\
         region={{{{ sesame://{S3}#region }}}}{{{{ sesame://{API} }}}}\n"
    );
    assert_eq!(
        injected(&env, &template),
        format!(
            "# generated\n\
             url=postgres://app:{DB_VALUE}@db/{API_VALUE}?x={DB_VALUE}\n\
             \n\
             aws_access_key_id = AKIAINJECT\n\
             aws_secret_access_key = inject-s3-secret\n\
             region=eu-north-1{API_VALUE}\n"
        )
    );
}

#[test]
fn a_structured_secret_without_field_becomes_one_json_line_issue_4() {
    let env = vault();
    let fields = env.ok(&["get", S3]).stdout;
    let fields = fields.trim_end_matches('\n');
    assert_eq!(
        injected(&env, &format!("creds: {{{{ sesame://{S3} }}}}\n")),
        format!("creds: {fields}\n")
    );
}

#[test]
fn values_are_inserted_verbatim_and_never_expanded_again_issue_4() {
    let env = vault();
    let tricky = "project/atlas/secret/Custom/tricky";
    let tricky_value = format!("a\nb {{{{ sesame://{DB} }}}} $HOME \\ }}}}");
    add_exact(&env, tricky, &tricky_value);
    assert_eq!(
        injected(&env, &format!("<{{{{ sesame://{tricky} }}}}>")),
        format!("<{tricky_value}>")
    );
}

#[test]
fn a_template_without_references_passes_through_byte_for_byte_issue_4() {
    let env = vault();
    let templates = [
        "",
        "plain text without a final newline",
        "line\r\nwith crlf\r\n",
        "{{ foo }} and {{ .Values.image.tag }} and ${{ secrets.TOKEN }}\n",
        "{% if x %}{{ x | default('y') }}{% endif %}\n{{\n}}\n",
        "sesame://project/atlas/secret/Custom/db-password outside braces\n",
        "{ sesame://project/atlas/secret/Custom/db-password }\n",
        "{{ sesame }} {{ sesame:/x }} {{sesame:}}\n",
        "unicode: pässwörd 密码 🔑 \t tabs \u{1} controls\n\n\n",
        "}} {{ }} {{{ }}}\n",
    ];
    for template in templates {
        assert_eq!(injected(&env, template), template, "{template:?}");
    }
}

#[test]
fn in_and_out_files_give_a_0600_file_with_exactly_the_result_issue_4() {
    let env = vault();
    let input = env.write_file("app.env.tpl", format!("DB={{{{ sesame://{DB} }}}}\nX=1\n"));
    let out = env.root().join("app.env");
    let run = env
        .ok(&[
            "inject",
            "-i",
            input.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ])
        .never_shows(DB_VALUE);
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("read out"),
        format!("DB={DB_VALUE}\nX=1\n")
    );
    assert_eq!(mode_of(&out), 0o600);
}

#[test]
fn out_replaces_an_existing_file_and_makes_it_0600_issue_4() {
    let env = vault();
    let out = env.write_file("existing.conf", "old content that is longer than the new\n");
    set_mode(&out, 0o644);
    let run = env
        .run_stdin(
            &["inject", "-o", out.to_str().expect("utf-8")],
            format!("{{{{ sesame://{API} }}}}"),
        )
        .success();
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert_eq!(std::fs::read_to_string(&out).expect("read"), API_VALUE);
    assert_eq!(mode_of(&out), 0o600, "the secret went into a 0644 file");
}

#[test]
fn a_reference_that_does_not_resolve_exits_3_and_writes_nothing_issue_4() {
    let env = vault();
    let before = std::collections::BTreeSet::from_iter(
        std::fs::read_dir(env.root())
            .expect("read root")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()),
    );
    let bad_refs = [
        "project/atlas/secret/Custom/missing".to_string(),
        format!("{S3}#bucket"),
        format!("{S3}#nope"),
        format!("{DB}#nope"),
    ];
    for bad in &bad_refs {
        // The good reference comes first: nothing of it may be printed.
        let template = format!("ok={{{{ sesame://{DB} }}}}\nbad={{{{ sesame://{bad} }}}}\n");
        inject(&env, &template).fails(3).never_shows(DB_VALUE);

        let input = env.write_file("tpl", &template);
        let out = env.root().join("never-created");
        env.run(&[
            "inject",
            "-i",
            input.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ])
        .fails(3)
        .never_shows(DB_VALUE);
        assert!(!out.exists(), "{bad}: OUT was created");

        // An existing OUT is left as it was.
        let keep = env.write_file("keep.conf", "keep me\n");
        env.run_stdin(&["inject", "-o", keep.to_str().expect("utf-8")], &template)
            .fails(3);
        assert_eq!(std::fs::read_to_string(&keep).expect("read"), "keep me\n");
    }
    // Nothing else (no temp file) is left next to OUT.
    let after = std::collections::BTreeSet::from_iter(
        std::fs::read_dir(env.root())
            .expect("read root")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()),
    );
    let new: Vec<&String> = after.difference(&before).collect();
    assert_eq!(new, ["keep.conf", "tpl"], "files left behind: {new:?}");
}

#[test]
fn an_unterminated_reference_exits_2_naming_the_line_issue_4() {
    let env = vault();
    let cases = [
        (
            format!("one\ntwo\nthree {{{{ sesame://{DB}\nfour }}}}\n"),
            3,
        ),
        (format!("{{{{ sesame://{DB} }}\n"), 1),
        (format!("a\n{{{{ sesame://{DB}"), 2),
        (
            format!("x\ny\nz\nw\n{{{{ sesame://{DB} }}}}\n{{{{ sesame://{DB}\n"),
            6,
        ),
    ];
    for (template, line) in &cases {
        let run = inject(&env, template).fails(2).never_shows(DB_VALUE);
        assert!(
            run.stderr.contains(&format!("line {line}")),
            "{template:?}: the error does not name line {line}: {run:#?}"
        );
    }
}

#[test]
fn a_malformed_id_in_a_reference_exits_2_naming_the_line_issue_4() {
    let env = vault();
    for bad in [
        "project/atlas/../x",
        "project//atlas/x",
        "project/atlas/secret/Custom/sp ace",
        "",
    ] {
        let template = format!("ok\n{{{{ sesame://{DB} }}}}\nbad {{{{ sesame://{bad} }}}}\n");
        let run = inject(&env, &template).fails(2).never_shows(DB_VALUE);
        assert!(
            run.stderr.contains("line 3"),
            "{bad:?}: the error does not name line 3: {run:#?}"
        );
    }
}

#[test]
fn inject_works_with_a_session_alone_issue_4() {
    let env = vault();
    let token = token(&env);
    let cmd = session_cmd(&env, &token, &["inject"]);
    let run = run_with_stdin(cmd, format!("{{{{ sesame://{API} }}}}\n").as_bytes()).success();
    assert_eq!(run.stdout, format!("{API_VALUE}\n"));
}
