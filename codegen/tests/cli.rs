//! The command-line front end, run as a process: what it writes, `--check`, and its exit
//! codes (0 done or up to date, 1 stale, 2 the spec cannot be generated, 3 bad arguments or
//! I/O); `diff` and its exit codes (0 nothing breaking, 1 breaking, 2 a spec cannot be read
//! or generated, 3 bad arguments).

#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_twilio-openapi-codegen");

fn fragment_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/challenges.yaml")
}

/// A fresh, empty directory of its own for one test; removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("twilio-codegen-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Generates the fragment into `dir` with the CLI; the spec is named `NAME` in headers.
const NAME: &str = "spec/verify_v2_challenges.yaml";

fn generate_into(dir: &Path) -> Output {
    let spec = fragment_path();
    run(&[
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--name",
        NAME,
    ])
}

fn check(dir: &Path) -> Output {
    let spec = fragment_path();
    run(&[
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--name",
        NAME,
        "--check",
    ])
}

#[test]
fn writes_the_same_bytes_as_generate() {
    let dir = TempDir::new("write");
    let out = generate_into(&dir.0);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let expected =
        twilio_openapi_codegen::generate(&std::fs::read_to_string(fragment_path()).unwrap(), NAME)
            .unwrap();
    for f in &expected {
        let path = dir.0.join(&f.name);
        let written = std::fs::read_to_string(&path).expect("the file is written");
        assert!(written == f.content, "{} differs from generate()", f.name);
        assert!(
            text(&out.stdout).contains(&path.display().to_string()),
            "the path is listed"
        );
    }
    // Running again changes nothing and still succeeds.
    let again = generate_into(&dir.0);
    assert_eq!(again.status.code(), Some(0));
}

/// The settings of `Config` on the command line give the same files as `generate_with`.
#[test]
fn settings_on_the_command_line_match_generate_with() {
    let dir = TempDir::new("settings");
    let spec = fragment_path();
    let out = run(&[
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        dir.0.to_str().unwrap(),
        "--name",
        NAME,
        "--runtime-path",
        "::my_runtime",
        "--client-name",
        "VerifyClient",
        "--user-agent",
        "my-app",
        "2.0.0",
        "--base-url-env",
        "MY_URL",
        "--derive",
        "Eq",
        "--operation",
        "FetchChallenge",
        "--path-prefix",
        "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{ChallengeSid}/",
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let settings = {
        let mut s = twilio_openapi_codegen::Settings::default();
        s.runtime_path = "::my_runtime".into();
        s.client_name = "VerifyClient".into();
        s.user_agent = Some(("my-app".into(), "2.0.0".into()));
        s.base_url_env = Some("MY_URL".into());
        s.derives = vec!["Eq".into()];
        s.operation_ids = vec!["FetchChallenge".into()];
        s.path_prefixes =
            vec!["/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{ChallengeSid}/".into()];
        s
    };
    let text_of_spec = std::fs::read_to_string(&spec).unwrap();
    let expected = twilio_openapi_codegen::generate_with(&text_of_spec, NAME, &settings).unwrap();
    for f in &expected {
        let written = std::fs::read_to_string(dir.0.join(&f.name)).expect("written");
        assert!(
            written == f.content,
            "{} differs from generate_with()",
            f.name
        );
    }
    let client = std::fs::read_to_string(dir.0.join("client.rs")).unwrap();
    for needle in [
        "pub type VerifyClientBuilder = __runtime::ClientBuilder<VerifyClient>;",
        "pub struct VerifyClient {",
        "base_url_env: \"MY_URL\",",
        "name: \"my-app\",",
    ] {
        assert!(client.contains(needle), "{needle:?} not in {client}");
    }
    assert!(!client.contains("pub async fn list_challenge("), "{client}");
}

#[test]
fn check_passes_on_an_up_to_date_directory() {
    let dir = TempDir::new("fresh");
    assert_eq!(generate_into(&dir.0).status.code(), Some(0));
    let out = check(&dir.0);
    assert_eq!(out.status.code(), Some(0), "stdout: {}", text(&out.stdout));
    assert!(
        out.stdout.is_empty(),
        "nothing to show: {}",
        text(&out.stdout)
    );
}

#[test]
fn check_fails_on_a_stale_directory_with_a_diff_and_writes_nothing() {
    let dir = TempDir::new("stale");
    assert_eq!(generate_into(&dir.0).status.code(), Some(0));
    let types = dir.0.join("types.rs");
    let fresh = std::fs::read_to_string(&types).unwrap();
    let stale = fresh.replacen(
        "pub struct Challenge {",
        "pub struct Challenge { // edited",
        1,
    );
    assert_ne!(fresh, stale);
    std::fs::write(&types, &stale).unwrap();
    std::fs::remove_file(dir.0.join("client.rs")).unwrap();

    let out = check(&dir.0);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    let diff = text(&out.stdout);
    let shown = types.display().to_string();
    assert!(diff.contains(&format!("--- {shown}\n")), "{diff}");
    assert!(
        diff.contains(&format!("+++ {shown} (generated)\n")),
        "{diff}"
    );
    assert!(diff.contains("\n@@ -"), "a unified diff has hunks: {diff}");
    assert!(
        diff.contains("-pub struct Challenge { // edited\n"),
        "{diff}"
    );
    assert!(diff.contains("+pub struct Challenge {\n"), "{diff}");
    assert!(
        diff.contains("client.rs (generated)"),
        "a missing file is stale too: {diff}"
    );
    // --check writes nothing.
    assert_eq!(std::fs::read_to_string(&types).unwrap(), stale);
    assert!(!dir.0.join("client.rs").exists());
}

#[test]
fn a_broken_spec_exits_2_with_the_message() {
    let dir = TempDir::new("broken");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/unknown_type.yaml");
    let out = run(&[
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        dir.0.to_str().unwrap(),
        "--name",
        "unknown_type.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "unknown_type.yaml#/components/schemas/thing/properties/name/type: unknown type \
         `strin` (did you mean `string`?); OpenAPI 3.0 knows string, integer, number, boolean, \
         array and object\n"
    );
    assert!(out.stdout.is_empty());
    assert!(!dir.0.join("types.rs").exists(), "nothing is written");
}

#[test]
fn the_spec_is_named_as_given_by_default() {
    let dir = TempDir::new("default-name");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/unknown_type.yaml");
    let given = spec.to_str().unwrap();
    let out = run(&["--spec", given, "--out", dir.0.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with(&format!("{given}#/components/")));
}

#[test]
fn bad_arguments_exit_3() {
    let dir = TempDir::new("args");
    let out_dir = dir.0.to_str().unwrap();
    let spec = fragment_path();
    let spec = spec.to_str().unwrap();
    let missing = dir.0.join("no-such-spec.yaml");
    let cases: &[(&[&str], &str)] = &[
        (&[], "--spec is required"),
        (&["--spec", spec], "--out is required"),
        (&["--spec"], "--spec needs a file"),
        (
            &["--spec", spec, "--out", out_dir, "--name"],
            "--name needs a value",
        ),
        (
            &["--spec", spec, "--out", out_dir, "--frobnicate"],
            "unknown argument `--frobnicate`",
        ),
        (
            &["--spec", spec, "--out", out_dir, "--user-agent", "app"],
            "--user-agent needs a version",
        ),
        (
            &["--spec", missing.to_str().unwrap(), "--out", out_dir],
            "error: cannot read",
        ),
    ];
    exit_3_saying(cases);
}

/// Runs each argument list and checks that it exits 3 with a message containing this text.
fn exit_3_saying(cases: &[(&[&str], &str)]) {
    for (args, says) in cases {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(says),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn help_prints_the_usage() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("usage: twilio-openapi-codegen --spec FILE --out DIR"));
}

// ---------------------------------------------------------------- diff

/// Runs `diff --old OLD --new NEW`, optionally feeding `stdin`.
fn diff(old: &str, new: &str, stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["diff", "--old", old, "--new", new])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("the binary ends")
}

/// The fixture with one edit, written into `dir` as `name`.
fn edited(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(fragment_path()).unwrap();
    assert!(text.contains(from), "{from:?}");
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn diff_exits_0_without_breaking_changes() {
    let dir = TempDir::new("diff-ok");
    let old = fragment_path();
    let old = old.to_str().unwrap();
    let same = diff(old, old, None);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert!(same.stdout.is_empty(), "{}", text(&same.stdout));

    let new = edited(
        &dir.0,
        "new.yaml",
        "      - denied\n",
        "      - denied\n      - canceled\n",
    );
    let out = diff(old, new.to_str().unwrap(), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "compatible: ChallengeStatus gains variant Canceled (`canceled`) \
         #/components/schemas/challenge_enum_challenge_statuses/enum/4\n\
         summary: 0 breaking, 1 compatible, 0 docs; release: minor (0.x: patch)\n"
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn diff_exits_1_on_a_breaking_change_and_reads_standard_input() {
    let dir = TempDir::new("diff-breaking");
    let new = edited(&dir.0, "new.yaml", "      - not_needed\n", "");
    let expected = "breaking: ChallengeReason loses variant NotNeeded (`not_needed`; it now \
                    decodes as Unknown) #/components/schemas/challenge_enum_challenge_reasons/enum/1\n\
                    summary: 1 breaking, 0 compatible, 0 docs; release: major (0.x: minor)\n";
    let old = fragment_path();
    let out = diff(old.to_str().unwrap(), new.to_str().unwrap(), None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), expected);

    // `--old -`, as in `git show origin/main:spec.yaml | twilio-openapi-codegen diff --old - …`.
    let fixture = std::fs::read_to_string(&old).unwrap();
    let piped = diff("-", new.to_str().unwrap(), Some(&fixture));
    assert_eq!(piped.status.code(), Some(1), "{}", text(&piped.stderr));
    assert_eq!(text(&piped.stdout), expected);
}

/// `diff` with more arguments than `--old` and `--new`.
fn diff_with(old: &Path, new: &Path, more: &[&str]) -> Output {
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let mut args = vec!["diff", "--old", old, "--new", new];
    args.extend(more);
    run(&args)
}

#[test]
fn diff_as_json_is_one_record_per_change_with_counts_and_the_release() {
    let dir = TempDir::new("diff-json");
    let new = edited(&dir.0, "new.yaml", "      - not_needed\n", "");
    let out = diff_with(&fragment_path(), &new, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the output is JSON");
    assert_eq!(
        report,
        serde_json::json!({
            "changes": [{
                "rule": "enum-variant-removed",
                "severity": "breaking",
                "item": "ChallengeReason",
                "pointer": "#/components/schemas/challenge_enum_challenge_reasons/enum/1",
                "message": "loses variant NotNeeded (`not_needed`; it now decodes as Unknown)",
                "old": null,
                "new": null,
            }],
            "counts": {"breaking": 1, "compatible": 0, "docs": 0},
            "semver": {"stable": "major", "zero": "minor"},
        })
    );
}

#[test]
fn diff_as_markdown_is_a_summary_with_breaking_changes_first() {
    let dir = TempDir::new("diff-markdown");
    let new = edited(&dir.0, "new.yaml", "      - denied\n", "      - canceled\n");
    let out = diff_with(&fragment_path(), &new, &["--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "### API changes\n\n\
         **1 breaking**, 1 compatible. Release needed: **major** (for a 0.x crate: minor).\n\n\
         #### breaking (1)\n\n\
         | Item | Change | Rule | Spec |\n|---|---|---|---|\n\
         | `ChallengeStatus` | loses variant Denied (`denied`; it now decodes as Unknown) | \
         `enum-variant-removed` | `#/components/schemas/challenge_enum_challenge_statuses/enum/3` |\n\n\
         #### compatible (1)\n\n\
         | Item | Change | Rule | Spec |\n|---|---|---|---|\n\
         | `ChallengeStatus` | gains variant Canceled (`canceled`) | `enum-variant-added` | \
         `#/components/schemas/challenge_enum_challenge_statuses/enum/3` |\n"
    );
}

#[test]
fn diff_of_a_filtered_crate_leaves_out_the_operations_it_does_not_contain() {
    let dir = TempDir::new("diff-filtered");
    // A query parameter of ListChallenge removed: breaking for the whole crate, nothing for a
    // crate of the Notifications paths only.
    let new = edited(
        &dir.0,
        "new.yaml",
        "      - name: PageToken\n        in: query\n        description: Opaque token of the page, as handed out by the API.\n        schema:\n          type: string\n",
        "",
    );
    let whole = diff_with(&fragment_path(), &new, &[]);
    assert_eq!(whole.status.code(), Some(1), "{}", text(&whole.stdout));
    assert!(
        text(&whole.stdout).contains("breaking: ListChallengeRequest loses field page_token"),
        "{}",
        text(&whole.stdout)
    );
    let prefix =
        "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{ChallengeSid}/Notifications";
    let filtered = diff_with(&fragment_path(), &new, &["--path-prefix", prefix]);
    assert_eq!(
        filtered.status.code(),
        Some(0),
        "{}",
        text(&filtered.stderr)
    );
    assert_eq!(text(&filtered.stdout), "");
}

#[test]
fn diff_exits_2_when_a_spec_cannot_be_read_or_generated() {
    let dir = TempDir::new("diff-broken");
    let old = fragment_path();
    let old = old.to_str().unwrap();
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/unknown_type.yaml");
    let broken = broken.to_str().unwrap();
    let out = diff(old, broken, None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{broken}#/components/schemas/thing/properties/name/type: unknown type `strin` (did \
             you mean `string`?); OpenAPI 3.0 knows string, integer, number, boolean, array and \
             object\n"
        )
    );
    assert!(out.stdout.is_empty());

    let missing = dir.0.join("no-such-spec.yaml");
    let out = diff(missing.to_str().unwrap(), old, None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(&format!("error: cannot read {}: ", missing.display())),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn diff_with_bad_arguments_exits_3() {
    let spec = fragment_path();
    let spec = spec.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["diff", "--old", spec], "--new is required"),
        (&["diff", "--new", spec], "--old is required"),
        (&["diff", "--old"], "--old needs a file"),
        (
            &["diff", "--old", "-", "--new", "-"],
            "only one of --old and --new",
        ),
        (
            &["diff", "--old", spec, "--new", spec, "--spec", spec],
            "unknown argument `--spec`",
        ),
        (
            &["diff", "--old", spec, "--new", spec, "--format", "yaml"],
            "unknown format `yaml`: text, json or markdown",
        ),
    ];
    exit_3_saying(cases);
    let help = run(&["diff", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("twilio-openapi-codegen diff --old FILE --new FILE"));
}
