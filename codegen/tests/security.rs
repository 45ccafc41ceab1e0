//! Security schemes: the emitted `Operation` const lists the ways each operation accepts
//! (its own `security`, else the document's). The spec is `tests/fixtures/security.yaml`.
//! How the schemes are lowered, and which are refused with their pointer, is checked by
//! the unit tests in `src/tests/security.rs`.

#[allow(dead_code)] // file, assert_contains: the other test files use them.
mod common;

use twilio_openapi_codegen::generate;

const FILE: &str = "security.yaml";

fn fixture() -> String {
    common::fixture(FILE)
}

#[test]
fn the_operation_const_lists_the_schemes() {
    let files = generate(&fixture(), FILE).unwrap_or_else(|e| panic!("generates:\n{e}"));
    let requests = &files
        .iter()
        .find(|f| f.name == "requests.rs")
        .expect("requests.rs")
        .content;
    let security_of = |request: &str| {
        let at = requests
            .find(&format!("impl __runtime::Request for {request} {{"))
            .unwrap_or_else(|| panic!("no Request impl for {request}"));
        let rest = &requests[at..];
        let start = rest.find("security: ").expect("a security field") + "security: ".len();
        // The field is the last of the const: it ends where the const does.
        let end = start + rest[start..].find("};").expect("the end of the const");
        rest[start..end]
            .trim_end()
            .trim_end_matches(',')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        security_of("ListThingRequest"),
        "&[__runtime::Scheme::Basic]"
    );
    assert_eq!(
        security_of("CreateThingRequest"),
        "&[ __runtime::Scheme::OAuth2ClientCredentials { token_url: \
         \"https://auth.example.com/v1/token\", scopes: &[\"things:write\"], }, \
         __runtime::Scheme::Basic, ]"
    );
    assert_eq!(
        security_of("FetchThingRequest"),
        "&[__runtime::Scheme::Bearer, __runtime::Scheme::None]"
    );
    assert_eq!(security_of("DeleteThingRequest"), "&[]");
    assert_eq!(security_of("FetchHealthRequest"), "&[]");
}
