//! The broken-spec corpus: every spec under `tests/broken/` (YAML, or JSON for the cases
//! about JSON) has one defect (except the `several_*` ones), and `generate()` must fail
//! with exactly the message in the file beside it, `NAME.stderr`: the error's `Display`
//! text and a newline, as the command line prints it on stderr. A message is the file name
//! as given, `#`, the JSON pointer of the offending node, and what is wrong and what to do;
//! one line per defect. A case is one file pair, found by listing the folder; the messages
//! are compared with `expectorate`, so `EXPECTORATE=overwrite cargo test -p
//! twilio-openapi-codegen --test broken_specs` writes them (review the diff). Every YAML case
//! written as JSON fails with the same message.

#[allow(dead_code)] // file, assert_contains: the other test files use them.
mod common;

use std::path::{Path, PathBuf};
use twilio_openapi_codegen::generate;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// The names of the files of the corpus that end with one of `suffixes`, in order.
fn listed(suffixes: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/broken is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| suffixes.iter().any(|s| n.ends_with(s)))
        .collect();
    names.sort();
    names
}

/// The specs of the corpus: `{name}.yaml`, or `{name}.json` for the cases about JSON.
fn specs() -> Vec<String> {
    listed(&[".yaml", ".json"])
}

/// The name of a file without its extension.
fn stem(file: &str) -> &str {
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

/// The file beside the spec `file` that holds its expected message.
fn stderr_file(file: &str) -> PathBuf {
    dir().join(format!("{}.stderr", stem(file)))
}

/// The expected `Display` text of the error for the spec `file` (its `.stderr` file without
/// the final newline).
fn expected(file: &str) -> String {
    let path = stderr_file(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}): write it, or let EXPECTORATE=overwrite write it",
            path.display()
        )
    });
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

/// The `Display` text of the error for one spec of the corpus.
fn error_for(file: &str) -> String {
    let text = std::fs::read_to_string(dir().join(file))
        .unwrap_or_else(|e| panic!("cannot read tests/broken/{file}: {e}"));
    error_in(&text, file)
}

/// The `Display` text of the error for this spec text.
fn error_in(text: &str, file: &str) -> String {
    match generate(text, file) {
        Ok(_) => panic!("{file} generated, but it is broken"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_broken_spec_fails_with_its_message() {
    common::assert_all_contents(
        specs()
            .iter()
            .map(|file| (stderr_file(file), format!("{}\n", error_for(file)))),
    );
}

#[test]
fn each_single_defect_spec_reports_one_problem() {
    for file in specs() {
        if file.starts_with("several_") {
            continue;
        }
        let expected = expected(&file);
        assert_eq!(expected.lines().count(), 1, "{file}: one defect, one line");
        assert!(
            expected.starts_with(&format!("{file}#")),
            "{file}: the message starts with the file name as given and `#`"
        );
    }
}

/// Every spec has its expected message and every message its spec: a case is one pair.
#[test]
fn the_corpus_is_made_of_file_pairs() {
    let specs = specs();
    let messages = listed(&[".stderr"]);
    let stems = |names: &[String]| names.iter().map(|n| stem(n).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        stems(&specs),
        stems(&messages),
        "every spec of tests/broken has a NAME.stderr beside it, and every NAME.stderr a spec"
    );
    let others: Vec<String> = listed(&[""])
        .into_iter()
        .filter(|n| !specs.contains(n) && !messages.contains(n))
        .collect();
    assert!(
        others.is_empty(),
        "tests/broken holds only file pairs: {others:?}"
    );
    assert!(specs.len() >= 24);
}

/// JSON is read as JSON and YAML as YAML, into the same tree: each YAML case written as
/// JSON (and given the same name, so that only its text differs) fails with the same
/// message. Not the cases about YAML's syntax or numbers JSON cannot write.
#[test]
fn every_case_as_json_fails_with_the_same_message() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in specs() {
        if file.ends_with(".json") || ["yaml_syntax", "non_finite_number"].contains(&stem(&file)) {
            continue;
        }
        let expected = expected(&file);
        let yaml = std::fs::read_to_string(dir().join(&file)).expect("readable");
        let value: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("YAML");
        let json = serde_json::to_string_pretty(&value).expect("JSON");
        let got = error_in(&json, &file);
        if got != expected {
            wrong.push(format!(
                "{file} as JSON\n  expected: {expected}\n  got:      {got}"
            ));
        }
        checked += 1;
    }
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked >= 30, "{checked}");
}

/// A spec with several defects reports all of them, in document order (paths come before
/// components in this file), not just the first one found.
#[test]
fn several_defects_are_all_reported_in_document_order() {
    let got = error_for("several_defects.yaml");
    let expected = [
        "several_defects.yaml#/paths/~1v1~1Things~1{Sid}/get: the path template has `{Sid}` but \
         the operation declares no path parameter `Sid`; add one (`name: Sid`, `in: path`, \
         `required: true`) to the operation's or the path item's `parameters`",
        "several_defects.yaml#/paths/~1v1~1Things~1{Sid}/post: the operation has no \
         `operationId`; add one, such as `FetchThing`: it names the client method and the \
         request type",
        "several_defects.yaml#/components/securitySchemes/key/type: security scheme `key` is \
         `type: apiKey` (a key sent as `X-Api-Key`), which the client cannot send; supported: \
         `type: http` with `scheme: basic` or `scheme: bearer`, and `type: oauth2` with a \
         `clientCredentials` flow",
        "several_defects.yaml#/components/schemas/thing/properties/kind/type: unknown type \
         `strin` (did you mean `string`?); OpenAPI 3.0 knows string, integer, number, boolean, \
         array and object",
        r#"several_defects.yaml#/components/schemas/thing/properties/code/pattern: pattern `((` is not a valid regular expression: found open group without closing ')'; write one the `regex-lite` crate accepts (the bindings check values with it; it has no Unicode classes such as `\p{L}`)"#,
    ];
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(got, expected);
}

/// The rules of OpenAPI 3.0 (the linter's) are checked together with what the typed model
/// cannot read (here a response without `description`): every problem in one run, in
/// document order, an enum value of the wrong type reported once, by the linter.
#[test]
fn lint_problems_are_all_reported_in_document_order() {
    let got = error_for("several_lint_defects.yaml");
    let expected = [
        r#"several_lint_defects.yaml#/security/0/basic: the security requirement names `basic`, which is not a scheme under #/components/securitySchemes (declared: `accountSid_authToken`); declare it there or correct the name"#,
        r#"several_lint_defects.yaml#/paths/~1v1~1Things/get/parameters/0/schema/enum/1: enum value `1` is not a string, as the schema's `type: string` requires; quote it (`'1'`), or correct `type`"#,
        r#"several_lint_defects.yaml#/paths/~1v1~1Things/get/parameters/1: parameter `Status` (`in: query`) is listed twice (first at /paths/~1v1~1Things/get/parameters/0); a parameter is identified by its name and location, so this one would silently replace the first: remove one, or correct its `name` or `in`"#,
        r#"several_lint_defects.yaml#/paths/~1v1~1Things/get/responses/204: not a valid Response Object: missing field `description`"#,
        r#"several_lint_defects.yaml#/paths/v1~1Others: path `v1/Others` does not start with `/`; a path is appended to the server URL and must start with a slash: write `/v1/Others`"#,
        r#"several_lint_defects.yaml#/components/schemas/thing/properties/count/minimum: `minimum: 5` is above `maximum: 1`, so no value can be valid; correct one of the two"#,
        r#"several_lint_defects.yaml#/components/schemas/thing/properties/tags: an array schema must have `items`, the schema of its elements; add one, such as `items: {type: string}` (or `items: {}` for elements of any type)"#,
    ];
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(got, expected);
}

/// The structured form agrees with the text: one diagnostic per line, pointers as given.
#[test]
fn diagnostics_carry_the_pointer_and_message_separately() {
    let text = std::fs::read_to_string(dir().join("ref_missing_schema.yaml")).unwrap();
    let e = generate(&text, "spec/api.yaml").unwrap_err();
    assert_eq!(e.file, "spec/api.yaml");
    assert_eq!(e.diagnostics.len(), 1);
    assert_eq!(
        e.diagnostics[0].pointer,
        "/paths/~1v1~1Things/get/responses/200/content/application~1json/schema/$ref"
    );
    assert!(
        e.diagnostics[0]
            .message
            .contains("(did you mean `things`?)")
    );
}
