//! Wire formats beyond the Verify fragment, one fixture each under `tests/fixtures/`: how
//! they are lowered, which runtime calls the generated code makes for them, and what is
//! refused (with a pointer). The bytes on the wire are checked by the root crate's
//! `tests/wire_gaps.rs`, which compiles bindings of the same constructs.
//!
//! - `query_styles.yaml`: query parameters with `explode: false`, lowered to
//!   `Style::CommaSeparated` and written with the runtime's `put_comma_separated`;
//!   `explode: true` (the default of `form`) stays repeated keys.

use twilio_openapi_codegen::ir::{Api, Location, Style};
use twilio_openapi_codegen::{File, generate, load, lower};

/// The text of `tests/fixtures/{name}`.
fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The model of a fixture.
fn lowered(name: &str) -> Api {
    let (doc, raw) = load(&fixture(name), name).expect("loads");
    lower::lower(name, &doc, &raw).unwrap_or_else(|e| panic!("{name} lowers:\n{e}"))
}

/// The generated file `file` of a fixture.
fn generated(name: &str, file: &str) -> String {
    let files: Vec<File> =
        generate(&fixture(name), name).unwrap_or_else(|e| panic!("{name} generates:\n{e}"));
    files
        .into_iter()
        .find(|f| f.name == file)
        .unwrap_or_else(|| panic!("{file} is generated"))
        .content
}

/// The message of the error for the fixture `name` with `from` replaced by `to` (`from`
/// must be in it once).
fn refusal(name: &str, from: &str, to: &str) -> String {
    let text = fixture(name);
    assert_eq!(text.matches(from).count(), 1, "{from:?} is in {name} once");
    match generate(&text.replacen(from, to, 1), name) {
        Ok(_) => panic!("the edited {name} generated"),
        Err(e) => e.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Query parameters with `explode: false`.
// ---------------------------------------------------------------------------------------

const QUERY: &str = "query_styles.yaml";

#[test]
fn explode_false_on_an_array_is_recorded_as_comma_separated_and_the_rest_as_exploded() {
    let api = lowered(QUERY);
    let styles: Vec<(&str, Location, Style)> = api.operations[0]
        .params
        .iter()
        .map(|p| (p.field.wire.as_str(), p.location, p.style))
        .collect();
    assert_eq!(
        styles,
        [
            ("Tags", Location::Query, Style::CommaSeparated),
            ("Sizes", Location::Query, Style::CommaSeparated),
            ("Colors", Location::Query, Style::Exploded),
            ("Shapes", Location::Query, Style::Exploded),
            // A scalar is one pair either way.
            ("OwnerId", Location::Query, Style::Exploded),
        ]
    );
}

#[test]
fn each_style_is_written_by_its_runtime_call() {
    let requests = generated(QUERY, "requests.rs");
    for line in [
        r#"query.put_comma_separated("Tags", &self.tags)?;"#,
        r#"query.put_comma_separated("Sizes", &self.sizes)?;"#,
        r#"query.put("Colors", &self.colors)?;"#,
        r#"query.put("Shapes", &self.shapes)?;"#,
        r#"query.put("OwnerId", &self.owner_id)?;"#,
    ] {
        assert!(requests.contains(line), "no `{line}` in:\n{requests}");
    }
    // The field's doc says how the items go.
    assert!(
        requests.contains("/// Tags to match. (query parameter `Tags`, items comma-separated)"),
        "{requests}"
    );
    assert!(
        requests.contains("/// (query parameter `Colors`)\n"),
        "{requests}"
    );
}

#[test]
fn styles_other_than_form_are_refused_with_a_pointer() {
    for style in ["spaceDelimited", "pipeDelimited", "deepObject"] {
        let message = refusal(
            QUERY,
            "style: form\n          explode: true",
            &format!("style: {style}"),
        );
        assert_eq!(
            message,
            format!(
                "{QUERY}#/paths/~1v1~1Things/get/parameters/2/style: query parameter `Colors` has \
                 `style: {style}`, which is not supported; only `style: form` is (an array as \
                 repeated keys, or comma-separated with `explode: false`): remove `style` or \
                 write `style: form`"
            )
        );
    }
}

#[test]
fn explode_false_on_values_that_cannot_be_comma_separated_is_refused() {
    let object = "type: object\n            additionalProperties:\n              type: string";
    let nested = "type: array\n            items:\n              type: array\n              items:\n                type: string";
    for (schema, holds) in [
        (object, "an object"),
        (nested, "an array of arrays or objects"),
    ] {
        let message = refusal(
            QUERY,
            "explode: false\n          schema:\n            type: string",
            &format!("explode: false\n          schema:\n            {schema}"),
        );
        assert_eq!(
            message,
            format!(
                "{QUERY}#/paths/~1v1~1Things/get/parameters/4/explode: query parameter `OwnerId` \
                 has `explode: false` but holds {holds}; `explode: false` is supported for \
                 scalars and arrays of scalars (`OwnerId=a,b`): remove it to send the value as \
                 repeated keys"
            )
        );
    }
}
