//! `allOf` of several object schemas, merged into one struct (fixture `all_of.yaml`), as
//! lowered: every member's properties, the first member giving a property its schema,
//! every member's required names, in a response or a form body. What is emitted, and what
//! is refused, is checked through the public API by `tests/all_of.rs`.

use super::common;
use crate::ir::*;
use crate::load::load;
use crate::lower;

const FILE: &str = "all_of.yaml";

fn fixture() -> String {
    common::fixture(FILE)
}

fn thing(text: &str) -> StructDef {
    let (doc, raw) = load(text, FILE).expect("loads");
    let api = lower::lower(FILE, &doc, &raw).unwrap_or_else(|e| panic!("lowers:\n{e}"));
    let id = api.find_type("Thing").expect("a type Thing");
    match api.type_def(id) {
        TypeDef::Struct(s) => s.clone(),
        other => panic!("Thing is not a struct: {other:?}"),
    }
}

#[test]
fn the_members_properties_and_required_names_are_merged() {
    let thing = thing(&fixture());
    assert_eq!(thing.doc.as_deref(), Some("A thing, its parts merged."));
    let fields: Vec<(&str, &Ty, bool)> = thing
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty, f.required))
        .collect();
    assert_eq!(
        fields,
        [
            // `sid` is a string: `base` gives it first (`named` says integer; ignored).
            ("sid", &Ty::String, true),
            ("date_created", &Ty::DateTime, false),
            // Required by the third member, though `named` declares it.
            ("name", &Ty::String, true),
            ("tags", &Ty::Vec(Box::new(Ty::String)), false),
        ]
    );
    let name = thing
        .fields
        .iter()
        .find(|f| f.wire == "name")
        .expect("name");
    assert_eq!(
        name.checks,
        [Check::Length {
            min: None,
            max: Some(10)
        }]
    );
}

#[test]
fn a_form_body_may_be_an_all_of_too() {
    let (doc, raw) = load(&fixture(), FILE).expect("loads");
    let api = lower::lower(FILE, &doc, &raw).unwrap_or_else(|e| panic!("lowers:\n{e}"));
    let op = api
        .operations
        .iter()
        .find(|o| o.id == "CreateForm")
        .expect("CreateForm");
    let params: Vec<(&str, Location, bool)> = op
        .params
        .iter()
        .map(|p| (p.field.wire.as_str(), p.location, p.field.required))
        .collect();
    assert_eq!(
        params,
        [
            ("sid", Location::Form, true),
            ("date_created", Location::Form, false),
            ("Extra", Location::Form, true),
        ]
    );
}
