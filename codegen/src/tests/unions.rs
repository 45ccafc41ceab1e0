//! `oneOf` and `anyOf` as lowered (fixture `unions.yaml`): the variants, their order when
//! decoding without a discriminator, the discriminator's values, and what requests check.
//! What is emitted, what is refused and what `diff` says of a changed union are checked
//! through the public API by `tests/unions.rs`.

use super::common::{self, edit};
use crate::ir::*;
use crate::load::load;
use crate::lower;

const FILE: &str = "unions.yaml";

fn fixture() -> String {
    common::fixture(FILE)
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
