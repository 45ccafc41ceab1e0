//! Wire formats beyond the Verify fragment as lowered, one fixture each under
//! `tests/fixtures/` (described in `tests/wire_formats.rs`, which checks through the public
//! API which runtime calls the generated code makes for them and what is refused): the
//! query style of each parameter, the media types of bodies and answers, the content type
//! chosen for a body, and the answer of an operation that only redirects.

use super::common::fixture;
use crate::ir::{Api, BodyMedia, Location, Response, Style, Ty};
use crate::load::load;
use crate::lower;

/// Query parameters with `explode: false`.
const QUERY: &str = "query_styles.yaml";
/// JSON media types: application/json and application/*+json.
const MEDIA: &str = "media_types.yaml";
/// Request bodies offered in several content types.
const CONTENT: &str = "content_types.yaml";
/// Operations whose documented answers are redirects only.
const REDIRECTS: &str = "redirects.yaml";

/// The model of a fixture.
fn lowered(name: &str) -> Api {
    let (doc, raw) = load(&fixture(name), name).expect("loads");
    lower::lower(name, &doc, &raw).unwrap_or_else(|e| panic!("{name} lowers:\n{e}"))
}

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
fn json_suffix_types_are_decoded_and_sent_as_json_with_their_own_name() {
    let api = lowered(MEDIA);
    let summary: Vec<(&str, Option<&str>, &Response, &str)> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.id.as_str(),
                op.body.as_ref().map(|b| b.media_type.as_str()),
                &op.response,
                op.accept.as_str(),
            )
        })
        .collect();
    let user = Response::Json(Ty::Named(api.find_type("User").expect("User")));
    assert_eq!(
        summary,
        [
            ("ListUser", None, &user, "application/scim+json"),
            (
                "CreateUser",
                Some("application/scim+json"),
                &user,
                "application/scim+json; charset=utf-8"
            ),
            // The first JSON type of the answer, whatever comes before it.
            (
                "UpdateUser",
                Some("Application/Vnd.Example+JSON; charset=utf-8"),
                &user,
                "application/json"
            ),
        ]
    );
    let body = |id: &str| {
        let op = api
            .operations
            .iter()
            .find(|o| o.id == id)
            .expect("operation");
        op.params
            .iter()
            .map(|p| (p.field.wire.clone(), p.location))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        body("CreateUser"),
        [("body".to_owned(), Location::JsonBody)]
    );
}

#[test]
fn the_first_content_type_that_can_be_sent_is_chosen_and_the_rest_kept() {
    let api = lowered(CONTENT);
    let bodies: Vec<(&str, BodyMedia, Vec<Location>)> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.id.as_str(),
                op.body.clone().expect("a body"),
                op.params
                    .iter()
                    .filter(|p| matches!(p.location, Location::Form | Location::JsonBody))
                    .map(|p| p.location)
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        bodies,
        [
            (
                "CreateThing",
                BodyMedia {
                    media_type: "application/x-www-form-urlencoded".into(),
                    also_offered: vec!["application/json".into()],
                },
                vec![Location::Form],
            ),
            (
                "UpdateThing",
                BodyMedia {
                    media_type: "application/scim+json".into(),
                    also_offered: vec![
                        "multipart/form-data".into(),
                        "application/x-www-form-urlencoded".into()
                    ],
                },
                vec![Location::JsonBody],
            ),
        ]
    );
}

#[test]
fn an_operation_answering_only_redirects_returns_the_redirect() {
    let api = lowered(REDIRECTS);
    let responses: Vec<(&str, &Response, &str)> = api
        .operations
        .iter()
        .map(|op| (op.id.as_str(), &op.response, op.accept.as_str()))
        .collect();
    let listing = Response::Json(Ty::Named(api.find_type("Listing").expect("Listing")));
    assert_eq!(
        responses,
        [
            // The redirect's own body is not read.
            ("FetchThingData", &Response::Redirect, "application/json"),
            ("FetchAuthorize", &Response::Redirect, "application/json"),
            // A 2xx is the answer whenever there is one.
            ("UpdateListing", &listing, "application/json"),
        ]
    );
}
