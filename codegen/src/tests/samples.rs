//! Samples (`Settings::samples`): strings made for patterns, and an operation whose
//! constraints no made value meets, which gets a `not_made` outcome naming why.

use crate::lower::{FORMATS, from_pattern, of_format_shape};
use crate::settings::Settings;

#[test]
fn a_pattern_gives_its_shortest_match_of_plain_characters() {
    let sid = format!("AA{}", "a".repeat(32));
    assert_eq!(
        from_pattern("^[A-Z]{2}[0-9a-fA-F]{32}$").as_deref(),
        Some(sid.as_str())
    );
    // Unanchored; an alternation's first branch; a repetition's fewest; `.` a letter.
    assert_eq!(
        from_pattern("OR[0-9a-f]{32}").as_deref(),
        Some(format!("OR{}", "a".repeat(32)).as_str())
    );
    assert_eq!(
        from_pattern("^(SM|MM)[0-9a-fA-F]{32}$").map(|s| s[..4].to_owned()),
        Some("SMaa".to_owned())
    );
    assert_eq!(
        from_pattern("^BU[0-9a-fA-F]{32}(,BU[0-9a-fA-F]{32}){0,19}$").map(|s| s.len()),
        Some(34)
    );
    assert_eq!(from_pattern("^aia_asst_.+$").as_deref(), Some("aia_asst_a"));
    assert_eq!(from_pattern(r"^\+[1-9]\d{1,14}$").as_deref(), Some("+10"));
    // A class without `a`, `0` or `A`: its first printable character.
    assert_eq!(from_pattern("^[x-z]-[#-%]$").as_deref(), Some("x-#"));
    // Not a regular expression regex-syntax reads: none.
    assert_eq!(from_pattern("(?<=a)b"), None);
}

/// The files generated from `spec` with samples, `samples.rs`, and its text without white
/// space (for checks that do not depend on how lines wrap).
fn with_samples(spec: &str) -> (Vec<crate::File>, crate::File, String) {
    let settings = Settings {
        samples: true,
        ..Settings::default()
    };
    let files = crate::generate_with(spec, "samples.yaml", &settings).expect("generated");
    let samples = files
        .iter()
        .find(|f| f.name == "samples.rs")
        .expect("samples.rs")
        .clone();
    let text = samples.content.replace(char::is_whitespace, "");
    (files, samples, text)
}

const CONTRADICTION: &str = r#"
openapi: 3.0.1
info: {title: Samples, version: 1.0.0}
servers: [{url: "https://samples.example.com"}]
paths:
  /v1/Things:
    post:
      operationId: CreateThing
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [Code]
              properties:
                Code: {type: string, pattern: "^a$", minLength: 3}
      responses:
        '204': {description: Done.}
    get:
      operationId: ListThing
      parameters:
        - {name: Size, in: query, required: true, schema: {type: integer, minimum: 3}, example: 7}
      responses:
        '204': {description: Done.}
"#;

#[test]
fn an_operation_without_a_value_that_passes_its_checks_is_not_made_and_says_why() {
    let (files, samples, text) = with_samples(CONTRADICTION);
    assert!(
        text.contains(
            r#"__runtime::SampleOutcome::not_made("CreateThing","POST/v1/Things","formfield`Code`:nostringmadepassesitschecks(made\"aaa\")",)"#
        ),
        "{}",
        samples.content
    );
    assert!(!text.contains("pubfncreate_thing"), "{}", samples.content);
    // The other operation has its sample, with the example that fits.
    assert!(
        text.contains("ListThingRequest::new(7)"),
        "{}",
        samples.content
    );
    let bindings = files
        .iter()
        .find(|f| f.name == "bindings.rs")
        .expect("bindings.rs");
    assert!(bindings.content.contains("include!(\"samples.rs\");"));

    // Off by default: no file, no include.
    let files = crate::generate(CONTRADICTION, "samples.yaml").expect("generated");
    assert!(files.iter().all(|f| f.name != "samples.rs"));
    assert!(files.iter().all(|f| !f.content.contains("samples.rs")));
}

#[test]
fn an_operation_named_like_the_runner_has_a_builder_of_another_name() {
    let spec = r#"
openapi: 3.0.1
info: {title: Samples, version: 1.0.0}
servers: [{url: "https://samples.example.com"}]
paths:
  /v1/Run:
    post:
      operationId: Run
      responses:
        '204': {description: Done.}
"#;
    let (_, samples, text) = with_samples(spec);
    assert!(
        text.contains("pubfnrun_request()->RunRequest"),
        "{}",
        samples.content
    );
    assert!(
        text.contains("client.run(&run_request()).await"),
        "{}",
        samples.content
    );
    assert!(
        text.contains("pubasyncfnrun(client:&Client)"),
        "{}",
        samples.content
    );
}

#[test]
fn a_referenced_parameter_gives_its_example_and_its_schema_its_format() {
    let spec = r#"
openapi: 3.0.1
info: {title: Samples, version: 1.0.0}
servers: [{url: "https://samples.example.com"}]
components:
  parameters:
    Callback:
      name: Callback
      in: query
      required: true
      schema: {type: string, format: uri}
    Mode:
      name: Mode
      in: query
      schema: {type: string}
      example: quick
paths:
  /v1/Things:
    get:
      operationId: ListThing
      parameters:
        - $ref: '#/components/parameters/Callback'
        - $ref: '#/components/parameters/Mode'
      responses:
        '204': {description: Done.}
"#;
    let (_, samples, text) = with_samples(spec);
    assert!(
        text.contains(r#"ListThingRequest::new("https://example.com/sample").mode("quick")"#),
        "{}",
        samples.content
    );
}

#[test]
fn each_formats_sample_value_has_its_shape_and_a_misshapen_example_does_not() {
    for (names, value, _) in FORMATS {
        for name in *names {
            assert!(of_format_shape(Some(name), value), "{name}: {value}");
        }
    }
    assert!(!of_format_shape(Some("uri"), "myUrl"));
    assert!(!of_format_shape(Some("date-time"), "2026-01-02"));
    assert!(of_format_shape(Some("phone-number"), "anything"));
}
