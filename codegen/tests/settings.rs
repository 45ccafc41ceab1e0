//! One snapshot per generator setting: the unified diff that the setting makes to the
//! output for the fixture spec, against the output with default settings. A diff keeps each
//! snapshot to what the setting changes. The snapshots are `tests/snapshots/settings/*.diff`,
//! compared with `expectorate`: on a difference the test fails with a diff, and
//! `EXPECTORATE=overwrite cargo test -p twilio-openapi-codegen --test settings` blesses.

use std::path::{Path, PathBuf};
use twilio_openapi_codegen::{File, Settings, generate_with};

const NAME: &str = "challenges.yaml";

fn fixture() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/challenges.yaml"
    ))
    .expect("the fixture is readable")
}

fn output(settings: &Settings) -> Vec<File> {
    generate_with(&fixture(), NAME, settings).unwrap_or_else(|e| panic!("generates:\n{e}"))
}

/// The changes `settings` makes to every file, as unified diffs.
fn effect(settings: &Settings) -> String {
    let base = output(&Settings::default());
    let changed = output(settings);
    let mut text = String::new();
    for (a, b) in base.iter().zip(&changed) {
        assert_eq!(a.name, b.name);
        if a.content != b.content {
            let diff = similar::TextDiff::from_lines(&a.content, &b.content);
            text.push_str(
                &diff
                    .unified_diff()
                    .context_radius(1)
                    .header(&a.name, &format!("{} (with the setting)", b.name))
                    .to_string(),
            );
        }
    }
    text
}

fn snapshot(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/settings")
        .join(format!("{name}.diff"))
}

fn check(name: &str, settings: Settings) {
    let actual = effect(&settings);
    assert!(!actual.is_empty(), "the setting {name} changes nothing");
    expectorate::assert_contents(snapshot(name), &actual);
}

#[test]
fn runtime_path() {
    check("runtime_path", {
        let mut s = Settings::default();
        s.runtime_path = "::my_crate::twilio_runtime".into();
        s
    });
}

#[test]
fn client_name() {
    check("client_name", {
        let mut s = Settings::default();
        s.client_name = "VerifyClient".into();
        s
    });
}

#[test]
fn user_agent() {
    check("user_agent", {
        let mut s = Settings::default();
        s.user_agent = Some(("my-app".into(), "2.1.0".into()));
        s
    });
}

#[test]
fn base_url_env() {
    check("base_url_env", {
        let mut s = Settings::default();
        s.base_url_env = Some("MY_VERIFY_URL".into());
        s
    });
}

#[test]
fn derives() {
    check("derives", {
        let mut s = Settings::default();
        s.derives = vec!["Eq".into(), "Debug".into()];
        s
    });
}

#[test]
fn operation_filter() {
    check("operation_filter", {
        let mut s = Settings::default();
        s.operation_ids = vec!["FetchChallenge".into()];
        s.path_prefixes =
            vec!["/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{ChallengeSid}/".into()];
        s
    });
}

/// Settings that cannot work are refused before anything is emitted, each with its reason.
#[test]
fn bad_settings_are_refused_with_what_is_wrong() {
    let refused = |settings: Settings| {
        generate_with(&fixture(), NAME, &settings)
            .expect_err("refused")
            .to_string()
    };
    let e = refused({
        let mut s = Settings::default();
        s.runtime_path = "not a path".into();
        s
    });
    assert!(
        e.contains("runtime path `not a path` is not a Rust path"),
        "{e}"
    );
    let e = refused({
        let mut s = Settings::default();
        s.client_name = "Challenge".into();
        s
    });
    assert!(
        e.contains("client name `Challenge` clashes with the generated type `Challenge`"),
        "{e}"
    );
    let e = refused({
        let mut s = Settings::default();
        s.client_name = "two words".into();
        s
    });
    assert!(e.contains("is not a Rust identifier"), "{e}");
    let e = refused({
        let mut s = Settings::default();
        s.operation_ids = vec!["FetchChalenge".into()];
        s
    });
    assert!(
        e.contains("operation filter names `FetchChalenge`, which the spec does not have"),
        "{e}"
    );
    let e = refused({
        let mut s = Settings::default();
        s.derives = vec!["Hash(".into()];
        s
    });
    assert!(e.contains("derive `Hash(` is not a Rust path"), "{e}");
}
