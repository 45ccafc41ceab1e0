//! `oneOf` and `anyOf` as Rust enums (fixture `unions.yaml`): the variants, their order
//! when decoding without a discriminator, the discriminator's values, what requests send,
//! the specs refused, and what `diff` says of a changed union. That the emitted code
//! compiles and decodes as said is checked on the wire by `wire-formats/tests/wire_gaps.rs`.

mod common;

use std::path::Path;
use twilio_openapi_codegen::diff::{diff, is_breaking};
use twilio_openapi_codegen::ir::*;
use twilio_openapi_codegen::{generate, load, lower};

const FILE: &str = "unions.yaml";

fn fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unions.yaml");
    std::fs::read_to_string(path).expect("the fixture is readable")
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture has no {from:?}");
    text.replacen(from, to, 1)
}

fn lowered(text: &str) -> Api {
    let (doc, raw) = load(text, FILE).expect("loads");
    lower::lower(FILE, &doc, &raw).unwrap_or_else(|e| panic!("lowers:\n{e}"))
}

fn union<'a>(api: &'a Api, name: &str) -> &'a UnionDef {
    let id = api
        .find_type(name)
        .unwrap_or_else(|| panic!("no type {name}"));
    match api.type_def(id) {
        TypeDef::Union(u) => u,
        other => panic!("{name} is not a union: {other:?}"),
    }
}

fn variants(u: &UnionDef) -> Vec<&str> {
    u.variants.iter().map(|v| v.ident.as_str()).collect()
}

/// The message of the one problem `text` is refused for.
fn refusal(text: &str) -> String {
    match generate(text, FILE) {
        Ok(_) => panic!("the spec generates"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn without_a_discriminator_the_most_specific_shape_is_tried_first() {
    let api = lowered(&fixture());
    let shape = union(&api, "Shape");
    assert_eq!(shape.keyword, "oneOf");
    assert_eq!(shape.discriminator, None);
    // `Basic` comes first in the spec, but its properties are all optional: it would take
    // every object, so `Detailed` (two required properties) is tried before it.
    assert_eq!(variants(shape), ["Detailed", "Basic"]);
    assert!(!shape.outgoing, "Shape is only received");
    let limit = union(&api, "UpdateShapeLimit");
    assert_eq!(limit.keyword, "anyOf");
    assert_eq!(variants(limit), ["Integer", "String"]);
}

#[test]
fn a_discriminator_gives_each_variant_its_values() {
    let api = lowered(&fixture());
    let pet = union(&api, "Pet");
    assert_eq!(pet.discriminator.as_deref(), Some("kind"));
    let tags: Vec<(&str, &[String])> = pet
        .variants
        .iter()
        .map(|v| (v.ident.as_str(), v.tags.as_slice()))
        .collect();
    // `mapping` names one by `$ref`, the other by component name.
    assert_eq!(
        tags,
        [
            ("Cat", &["cat".to_owned()][..]),
            ("Dog", &["dog".to_owned()][..])
        ]
    );
    // Without `mapping`, the component names are the values.
    let unmapped = edit(
        &fixture(),
        "        mapping:\n          cat: '#/components/schemas/Cat'\n          dog: Dog\n",
        "",
    );
    let api = lowered(&unmapped);
    let tags: Vec<Vec<String>> = union(&api, "Pet")
        .variants
        .iter()
        .map(|v| v.tags.clone())
        .collect();
    assert_eq!(tags, [vec!["Cat".to_owned()], vec!["Dog".to_owned()]]);
}

#[test]
fn unions_in_requests_are_sent_as_their_shape_and_checked() {
    let api = lowered(&fixture());
    let limit = union(&api, "UpdateShapeLimit");
    assert!(limit.outgoing);
    let checks: Vec<&[Check]> = limit.variants.iter().map(|v| v.checks.as_slice()).collect();
    assert_eq!(
        checks,
        [
            &[Check::Range {
                min: Some(1.0),
                max: Some(100.0),
                exclusive_min: false,
                exclusive_max: false
            }][..],
            &[Check::Length {
                min: None,
                max: Some(8)
            }][..],
        ]
    );
    // The request checks the union it holds, as it does a struct with checks.
    let op = api
        .operations
        .iter()
        .find(|o| o.id == "UpdateShape")
        .expect("UpdateShape");
    let param = op
        .params
        .iter()
        .find(|p| p.field.wire == "Limit")
        .expect("Limit");
    assert_eq!(param.field.checks, [Check::Nested]);
    // Pet's shapes have no constraints: nothing to check, but it is sent (as JSON text).
    assert!(union(&api, "Pet").outgoing);
    let pet = op
        .params
        .iter()
        .find(|p| p.field.wire == "Pet")
        .expect("Pet");
    assert!(pet.field.checks.is_empty());
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
