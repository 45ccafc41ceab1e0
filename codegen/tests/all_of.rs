//! `allOf` of several object schemas, merged into one struct (fixture `all_of.yaml`): every
//! member's properties, the first member giving a property its schema, every member's
//! required names; and a member that is not an object refused (`tests/broken`). That the
//! merged struct compiles and goes on the wire is checked by
//! `wire-formats/tests/wire_gaps.rs`.

mod common;

use std::path::Path;
use twilio_openapi_codegen::ir::*;
use twilio_openapi_codegen::{generate, load, lower};

const FILE: &str = "all_of.yaml";

fn fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all_of.yaml");
    std::fs::read_to_string(path).expect("the fixture is readable")
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
fn the_merged_struct_is_emitted_like_any_other() {
    let files = generate(&fixture(), FILE).expect("generates");
    let types = common::file(&files, "types.rs");
    common::assert_contains(
        "types.rs",
        types,
        &[
            "/// A thing, its parts merged.",
            "pub struct Thing {",
            "pub sid: String,",
            "pub name: String,",
            "__runtime::constructor!((name into String, sid into String), (date_created, tags));",
            "length(field.key(\"name\"), &self.name, None, Some(10))?;",
        ],
    );
}

#[test]
fn a_required_name_that_no_member_has_is_refused() {
    let broken = fixture().replacen("required: [name]", "required: [nmae]", 1);
    let e = match generate(&broken, FILE) {
        Ok(_) => panic!("generates"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("all_of.yaml#/components/schemas/thing/allOf: `required` names `nmae`, which none of the merged schemas has as a property"),
        "{e}"
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
