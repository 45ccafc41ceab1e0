//! Security schemes as lowered: what the spec declares becomes `ir::SecurityScheme`, each
//! operation records the ways it accepts (its own `security`, else the document's), and
//! schemes the client cannot send are refused with their pointer. The spec is
//! `tests/fixtures/security.yaml`; the emitted `Operation` const that lists them is checked
//! through the public API by `tests/security.rs`.

use super::common;
use crate::ir::*;
use crate::load::load;
use crate::lower;

const FILE: &str = "security.yaml";

fn fixture() -> String {
    common::fixture(FILE)
}

fn lowered(text: &str) -> Result<Api, String> {
    let (doc, raw) = load(text, FILE).map_err(|e| e.to_string())?;
    lower::lower(FILE, &doc, &raw).map_err(|e| e.to_string())
}

fn oauth(scopes: &[&str]) -> SecurityScheme {
    SecurityScheme::OAuth2ClientCredentials {
        token_url: "https://auth.example.com/v1/token".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn every_declared_scheme_is_lowered() {
    let api = lowered(&fixture()).expect("the fixture lowers");
    assert_eq!(
        api.security_schemes,
        [
            ("basic".to_owned(), SecurityScheme::Basic),
            ("token".to_owned(), SecurityScheme::Bearer),
            ("client".to_owned(), oauth(&["things:read", "things:write"])),
        ]
    );
}

#[test]
fn each_operation_records_its_own_security_or_the_documents() {
    let api = lowered(&fixture()).expect("the fixture lowers");
    let security = |id: &str| {
        api.operations
            .iter()
            .find(|op| op.id == id)
            .unwrap_or_else(|| panic!("no operation {id}"))
            .security
            .clone()
    };
    let basic = Auth::Scheme(SecurityScheme::Basic);
    assert_eq!(
        security("ListThing"),
        std::slice::from_ref(&basic),
        "the document's"
    );
    assert_eq!(
        security("CreateThing"),
        [Auth::Scheme(oauth(&["things:write"])), basic],
        "alternatives in order, with the scopes the requirement asks for"
    );
    assert_eq!(
        security("FetchThing"),
        [Auth::Scheme(SecurityScheme::Bearer), Auth::Anonymous],
        "an empty requirement after another: that one, else nothing"
    );
    assert_eq!(security("DeleteThing"), [], "`security: []`");
    assert_eq!(security("FetchHealth"), [], "an empty requirement first");
}

/// The fixture with `extra` added under `components.securitySchemes`.
fn with_scheme(extra: &str) -> String {
    fixture().replace(
        "  securitySchemes:\n",
        &format!("  securitySchemes:\n{extra}"),
    )
}

#[test]
fn an_api_key_scheme_is_refused_with_its_pointer() {
    let text =
        with_scheme("    key:\n      type: apiKey\n      in: header\n      name: X-Api-Key\n");
    let error = lowered(&text).expect_err("an API key cannot be sent");
    assert_eq!(
        error,
        "security.yaml#/components/securitySchemes/key/type: security scheme `key` is \
         `type: apiKey` (a key sent as `X-Api-Key`), which the client cannot send; supported: \
         `type: http` with `scheme: basic` or `scheme: bearer`, and `type: oauth2` with a \
         `clientCredentials` flow"
    );
}

#[test]
fn an_oauth2_scheme_without_client_credentials_is_refused() {
    let text = with_scheme(
        "    user:\n      type: oauth2\n      flows:\n        implicit:\n          \
         authorizationUrl: https://auth.example.com/a\n          scopes: {}\n",
    );
    let error = lowered(&text).expect_err("an implicit flow needs a user");
    assert!(
        error.starts_with(
            "security.yaml#/components/securitySchemes/user/flows: security scheme `user` is \
             `type: oauth2` without a `clientCredentials` flow"
        ),
        "{error}"
    );
}

#[test]
fn a_requirement_of_two_schemes_at_once_is_refused() {
    let text = fixture().replace(
        "      - token: []\n      - {}\n",
        "      - token: []\n        basic: []\n",
    );
    let error = lowered(&text).expect_err("two Authorization headers cannot be sent");
    assert_eq!(
        error,
        "security.yaml#/paths/~1v1~1Things~1{Sid}/get/security/0: the requirement combines the \
         schemes `token`, `basic`, which would all have to be sent at once; the client sends \
         one: list them as alternatives, one requirement each"
    );
}

#[test]
fn scopes_on_a_scheme_other_than_oauth2_are_refused() {
    let text = fixture().replace(
        "      - basic: []\n      responses",
        "      - basic: [admin]\n      responses",
    );
    let error = lowered(&text).expect_err("HTTP Basic has no scopes");
    assert!(
        error.starts_with(
            "security.yaml#/paths/~1v1~1Things/post/security/1/basic: the requirement lists \
             scopes for `basic`"
        ),
        "{error}"
    );
}

#[test]
fn a_relative_token_url_is_refused() {
    let text = fixture().replace(
        "tokenUrl: https://auth.example.com/v1/token\n          scopes:\n            things",
        "tokenUrl: /v1/token\n          scopes:\n            things",
    );
    let error = lowered(&text).expect_err("a token URL must be absolute");
    assert!(
        error.starts_with(
            "security.yaml#/components/securitySchemes/client/flows/clientCredentials/tokenUrl: \
             the token URL `/v1/token` is not an absolute http(s) URL"
        ),
        "{error}"
    );
}
