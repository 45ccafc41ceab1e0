//! Wire formats beyond the Verify fragment, one fixture each under `tests/fixtures/`:
//! which runtime calls the generated code makes for them, and what is refused (with a
//! pointer). The bytes on the wire are checked by
//! `wire-formats/tests/wire_gaps.rs`, whose crate compiles bindings of the same constructs.
//!
//! - `query_styles.yaml`: query parameters with `explode: false`, lowered to
//!   `Style::CommaSeparated` and written with the runtime's `put_comma_separated`;
//!   `explode: true` (the default of `form`) stays repeated keys.
//! - `media_types.yaml`: JSON bodies and answers in `application/*+json` types, recognised
//!   by the media-type grammar, sent with their own `Content-Type` and `Accept`.
//! - `content_types.yaml`: request bodies offered in several content types, sent in the
//!   first that can be sent, the choice said in the request type's doc.
//! - `redirects.yaml`: operations whose documented answers are redirects (3xx) only return
//!   the runtime's `Redirect`; an operation with a 2xx keeps it.
//!
//! How each is lowered into the model is checked by the unit tests in
//! `src/tests/wire_formats.rs`.

#[allow(dead_code)] // file, assert_contains: the other test files use them.
mod common;

use common::fixture;
use twilio_openapi_codegen::{File, generate};

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
fn each_style_is_written_by_its_runtime_call() {
    let requests = generated(QUERY, "requests.rs");
    for line in [
        r#"to.query_comma_separated("Tags", &self.tags)?;"#,
        r#"to.query_comma_separated("Sizes", &self.sizes)?;"#,
        r#"to.query("Colors", &self.colors)?;"#,
        r#"to.query("Shapes", &self.shapes)?;"#,
        r#"to.query("OwnerId", &self.owner_id)?;"#,
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

// ---------------------------------------------------------------------------------------
// JSON media types: application/json and application/*+json.
// ---------------------------------------------------------------------------------------

const MEDIA: &str = "media_types.yaml";

#[test]
fn the_media_types_go_into_the_operation_constants() {
    // Without white space, which the printer puts where lines get long.
    let compact = |text: &str| text.split_whitespace().collect::<String>();
    let requests = compact(&generated(MEDIA, "requests.rs"));
    for line in [
        r#"body: __runtime::wire::BodyKind::Json("application/scim+json"),"#,
        r#"body: __runtime::wire::BodyKind::Json("Application/Vnd.Example+JSON; charset=utf-8""#,
        r#"accept: "application/scim+json","#,
        r#"accept: "application/scim+json; charset=utf-8","#,
        r#"accept: "application/json","#,
        "type Response = User;",
    ] {
        assert!(
            requests.contains(&compact(line)),
            "no `{line}` in:\n{requests}"
        );
    }
}

#[test]
fn other_media_types_are_refused_with_a_pointer() {
    for other in [
        "application/xml",
        "text/json",
        "application/+json",
        "application/jsonx",
    ] {
        let message = refusal(
            MEDIA,
            "application/scim+json:\n            schema:\n              $ref",
            &format!("{other}:\n            schema:\n              $ref"),
        );
        assert_eq!(
            message,
            format!(
                "{MEDIA}#/paths/~1v2~1Users/post/requestBody/content/{}: request content type \
                 `{other}` is not supported; use application/x-www-form-urlencoded (as \
                 Twilio's APIs do) or JSON (application/json, or an application/*+json type \
                 such as application/scim+json)",
                other.replace('/', "~1")
            )
        );
    }
    let message = refusal(
        MEDIA,
        "          content:\n            application/scim+json:\n              schema:\n                $ref: '#/components/schemas/user'\n        '400'",
        "          content:\n            application/xml:\n              schema:\n                $ref: '#/components/schemas/user'\n        '400'",
    );
    assert_eq!(
        message,
        format!(
            "{MEDIA}#/paths/~1v2~1Users/get/responses/200/content/application~1xml: response \
             content type `application/xml` is not supported: only JSON (application/json, or \
             an application/*+json type such as application/scim+json) is decoded; describe \
             the response as application/json, or drop `content` to ignore the body"
        )
    );
}

// ---------------------------------------------------------------------------------------
// Request bodies offered in several content types.
// ---------------------------------------------------------------------------------------

const CONTENT: &str = "content_types.yaml";

#[test]
fn the_request_type_says_which_content_type_it_sends() {
    let requests = generated(CONTENT, "requests.rs");
    for doc in [
        "/// Sent as `POST /v1/Things`.\n/// Its body is sent as \
         `application/x-www-form-urlencoded`; the spec also offers `application/json`.\n",
        "/// Sent as `PUT /v1/Things/{Id}`.\n/// Its body is sent as `application/scim+json`; the \
         spec also offers `multipart/form-data`, `application/x-www-form-urlencoded`.\n",
        r#"to.form("Name", &self.name)?;"#,
        r#"body: __runtime::wire::BodyKind::Json("application/scim+json"),"#,
    ] {
        assert!(requests.contains(doc), "no `{doc}` in:\n{requests}");
    }
}

#[test]
fn a_body_with_no_content_type_that_can_be_sent_is_refused_naming_them() {
    let message = refusal(
        CONTENT,
        "application/scim+json:\n            schema:\n              $ref: '#/components/schemas/thing'\n          application/x-www-form-urlencoded:",
        "application/xml:\n            schema:\n              $ref: '#/components/schemas/thing'\n          text/plain:",
    );
    assert_eq!(
        message,
        format!(
            "{CONTENT}#/paths/~1v1~1Things~1{{Id}}/put/requestBody/content: none of the request \
             body's content types can be sent (`multipart/form-data`, `application/xml`, \
             `text/plain`); use application/x-www-form-urlencoded (as Twilio's APIs do) or JSON \
             (application/json, or an application/*+json type such as application/scim+json)"
        )
    );
}

// ---------------------------------------------------------------------------------------
// Operations whose documented answers are redirects only.
// ---------------------------------------------------------------------------------------

const REDIRECTS: &str = "redirects.yaml";

#[test]
fn the_redirect_is_the_runtime_type_and_kind() {
    let requests = generated(REDIRECTS, "requests.rs");
    for line in [
        "type Response = __runtime::Redirect;",
        "response: __runtime::ResponseKind::Redirect,",
        "type Response = Listing;",
    ] {
        assert!(requests.contains(line), "no `{line}` in:\n{requests}");
    }
    let client = generated(REDIRECTS, "client.rs");
    assert!(
        client.contains(
            "    ) -> ::std::result::Result<__runtime::Redirect, __runtime::Error> {\n        \
             self.core.execute(request).await"
        ),
        "{client}"
    );
    // Re-exported, so that users of the bindings can name it.
    assert!(client.contains(" Redirect,"), "{client}");
}

#[test]
fn an_operation_without_a_success_or_a_redirect_is_refused() {
    let message = refusal(
        REDIRECTS,
        "3XX:\n          description: Found.",
        "'404':\n          description: Not found.",
    );
    assert_eq!(
        message,
        format!(
            "{REDIRECTS}#/paths/~1v1~1authorize/get/responses: the operation declares no 2xx \
             response (nor a redirect, 3xx), so its success cannot be decoded; add one, such as \
             `'200'` with an application/json schema or `'204'` without content"
        )
    );
}
