//! `allOf` of several object schemas, merged into one struct (fixture `all_of.yaml`): the
//! struct emitted, a required name that no member has refused, and a member that is not an
//! object refused (`tests/broken`). How the members are merged in the model is checked by
//! the unit tests in `src/tests/all_of.rs`. That the merged struct compiles and goes on the
//! wire is checked by `wire-formats/tests/wire_gaps.rs`.

mod common;

use twilio_openapi_codegen::generate;

const FILE: &str = "all_of.yaml";

fn fixture() -> String {
    common::fixture(FILE)
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
