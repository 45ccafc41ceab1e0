//! `oneOf` and `anyOf` as Rust enums (fixture `unions.yaml`): the emitted enums, the specs
//! refused, and what `diff` says of a changed union. The variants, their order and the
//! discriminator's values in the model are checked by the unit tests in
//! `src/tests/unions.rs`. That the emitted code compiles and decodes as said is checked on
//! the wire by `wire-formats/tests/wire_gaps.rs`.

mod common;

use common::edit;
use twilio_openapi_codegen::diff::{diff, is_breaking};
use twilio_openapi_codegen::generate;

const FILE: &str = "unions.yaml";

fn fixture() -> String {
    common::fixture(FILE)
}

/// The message of the one problem `text` is refused for.
fn refusal(text: &str) -> String {
    match generate(text, FILE) {
        Ok(_) => panic!("the spec generates"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_emitted_unions_read_as_documented() {
    let files = generate(&fixture(), FILE).expect("generates");
    let types = common::file(&files, "types.rs");
    common::assert_contains(
        "types.rs",
        types,
        &[
            "#[serde(crate = \"__runtime::serde\", untagged)]",
            "pub enum Shape {\n    /// The `Detailed` shape.\n    Detailed(Detailed),\n    /// The `Basic` shape.\n    Basic(Basic),\n    /// A value of none of the shapes above, kept as sent.\n    Unknown(__runtime::serde_json::Value),\n}",
            "impl<'de> __runtime::Deserialize<'de> for Pet {",
            "impl<'de> __runtime::Deserialize<'de> for Shape {",
            "let value = match __runtime::de::fit(value) {\n            Ok(shape) => return Ok(Self::Detailed(shape)),\n            Err(value) => value,\n        };",
            "Some(\"cat\") => __runtime::de::variant(value, Self::Cat, Self::Unknown),",
            "_ => Self::Unknown(value),",
            "impl __runtime::wire::WireValue for UpdateShapeLimit {",
            "Self::Integer(v) => range_i64(f, v, Some(1), Some(100)),",
            "Self::String(v) => length(f, v, None, Some(8)),",
        ],
    );
    // A received-only union neither encodes nor validates; no union derives Deserialize.
    assert!(!types.contains("impl __runtime::wire::WireValue for Shape"));
    assert!(types.contains("#[derive(Debug, Clone, PartialEq, __runtime::Serialize)]\n#[serde(crate = \"__runtime::serde\", untagged)]\n#[non_exhaustive]\npub enum Pet {"));
}

#[test]
fn unions_the_generator_cannot_honour_are_refused_with_their_place() {
    // A discriminator needs every alternative to be a `$ref`.
    let inline = edit(
        &fixture(),
        "        - $ref: '#/components/schemas/Dog'\n      discriminator:",
        "        - type: object\n          properties:\n            kind:\n              type: string\n      discriminator:",
    );
    let inline = edit(&inline, "          dog: Dog\n", "");
    let e = refusal(&inline);
    assert!(e.contains("unions.yaml#/components/schemas/Pet/oneOf/1: a `discriminator` needs every alternative to be a `$ref`"), "{e}");
    // A mapping to a schema that is not an alternative.
    let e = refusal(&edit(
        &fixture(),
        "          dog: Dog\n",
        "          dog: Basic\n",
    ));
    assert!(e.contains("unions.yaml#/components/schemas/Pet/discriminator/mapping/dog: the mapping names `Basic`, which is not one of the alternatives"), "{e}");
    // `oneOf` next to `properties`.
    let mixed = edit(
        &fixture(),
        "      description: What the server answers, old or new.\n",
        "      description: What the server answers, old or new.\n      properties:\n        sid:\n          type: string\n",
    );
    let e = refusal(&mixed);
    assert!(
        e.contains("unions.yaml#/components/schemas/Shape/oneOf: `oneOf` next to `properties`"),
        "{e}"
    );
    // `not` stays refused.
    let not = edit(
        &fixture(),
        "      oneOf:\n        - $ref: '#/components/schemas/Basic'\n        - $ref: '#/components/schemas/Detailed'\n",
        "      not:\n        $ref: '#/components/schemas/Basic'\n",
    );
    let e = refusal(&not);
    assert!(
        e.contains("unions.yaml#/components/schemas/Shape/not: `not` is not supported"),
        "{e}"
    );
}

#[test]
fn diff_judges_a_new_shape_compatible_and_a_removed_one_breaking() {
    let gained = edit(
        &fixture(),
        "        - $ref: '#/components/schemas/Detailed'\n    Cat:",
        "        - $ref: '#/components/schemas/Detailed'\n        - type: string\n    Cat:",
    );
    let changes = diff(&fixture(), "old.yaml", &gained, "new.yaml").expect("both generate");
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        ["compatible: Shape gains variant String(String) #/components/schemas/Shape"]
    );
    assert!(!is_breaking(&changes));
    let changes = diff(&gained, "old.yaml", &fixture(), "new.yaml").expect("both generate");
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "breaking: Shape loses variant String (such values now decode as Unknown) #/components/schemas/Shape"
        ]
    );
    assert!(is_breaking(&changes));
}
