//! OpenAPI constructs that the Verify fragment does not use, on the wire: the bindings this
//! crate generates from `spec/wire_gaps.yaml` (its `build.rs`) send their requests to a
//! loopback server (`twilio-openapi-test-support`'s `RawServer`) that records the raw bytes
//! it receives.

use twilio_openapi_test_support::{RawServer, answer, body, header, json_answer, request_line};

use twilio_openapi_wire_tests::*;

fn client(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token",
        ))
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()
        .expect("a client for the loopback server")
}

// ---------------------------------------------------------------------------------------
// Query arrays with `explode: false`.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn explode_false_sends_one_pair_of_comma_separated_items() {
    let server = RawServer::start(json_answer("200 OK", r#"{"sid":"TH1"}"#)).await;
    let request = ListThingRequest::new()
        .tags(["a b", "c,d", "é&="].map(String::from))
        .sizes([1, 22])
        .colors(["red", "dark blue"].map(String::from))
        .owner_id("x,y");
    let thing = client(&server.url)
        .list_thing(&request)
        .await
        .expect("answered");
    assert_eq!(thing.sid.as_deref(), Some("TH1"));
    let raw = server.only_request();
    // Each item percent-encoded (its own comma too), the separators literal; `Colors`
    // (explode: true, the default) as repeated keys; a scalar alike either way.
    assert_eq!(
        request_line(&raw),
        "GET /v1/Things?Tags=a+b,c%2Cd,%C3%A9%26%3D&Sizes=1,22&Colors=red&Colors=dark+blue\
         &OwnerId=x%2Cy HTTP/1.1"
    );
    assert_eq!(header(&raw, "content-type"), None, "a GET sends no body");
    assert_eq!(body(&raw), "");
}

#[tokio::test]
async fn explode_false_sends_nothing_for_an_empty_array() {
    let server = RawServer::start(json_answer("200 OK", "{}")).await;
    let request = ListThingRequest::new()
        .tags(Vec::<String>::new())
        .sizes([5]);
    client(&server.url)
        .list_thing(&request)
        .await
        .expect("answered");
    assert_eq!(
        request_line(&server.only_request()),
        "GET /v1/Things?Sizes=5 HTTP/1.1"
    );
}

// ---------------------------------------------------------------------------------------
// JSON in an application/*+json media type.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_json_suffix_body_goes_as_json_under_its_own_content_type() {
    let server = RawServer::start(answer(
        "201 Created",
        &["Content-Type: application/scim+json"],
        r#"{"userName":"alice","active":true,"id":"2819c223"}"#,
    ))
    .await;
    let request = CreateUserRequest::new(User::new("alice").active(true));
    let user = client(&server.url)
        .create_user(&request)
        .await
        .expect("created");
    // The answer, in application/scim+json, decodes as JSON (unknown members ignored).
    assert_eq!(user, User::new("alice").active(true));
    let raw = server.only_request();
    assert_eq!(request_line(&raw), "POST /v1/Users HTTP/1.1");
    assert_eq!(header(&raw, "content-type"), Some("application/scim+json"));
    assert_eq!(header(&raw, "accept"), Some("application/scim+json"));
    assert_eq!(body(&raw), r#"{"userName":"alice","active":true}"#);
}

// ---------------------------------------------------------------------------------------
// A body offered in several content types.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_body_offered_in_several_types_goes_in_the_first_that_can_be_sent() {
    let server = RawServer::start(json_answer(
        "201 Created",
        r#"{"sid":"TH2","name":"a box"}"#,
    ))
    .await;
    let thing = client(&server.url)
        .create_thing(&CreateThingRequest::new("a box & more"))
        .await
        .expect("created");
    assert_eq!(thing.sid.as_deref(), Some("TH2"));
    let raw = server.only_request();
    assert_eq!(request_line(&raw), "POST /v1/Things HTTP/1.1");
    // The spec lists the form first, then application/json.
    assert_eq!(
        header(&raw, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(body(&raw), "Name=a+box+%26+more");
}

// ---------------------------------------------------------------------------------------
// Redirects: returned by an operation that documents only them, an error elsewhere, and
// never followed.
// ---------------------------------------------------------------------------------------

/// An answer with this 3xx status line and extra header lines, and a small JSON body (as
/// Twilio sends with its redirects).
fn redirect_answer(status: &str, headers: &[&str]) -> String {
    let mut all = vec![
        "Content-Type: application/json",
        "Twilio-Request-Id: RQ0123",
    ];
    all.extend_from_slice(headers);
    answer(status, &all, r#"{"redirect_to":"elsewhere"}"#)
}

#[tokio::test]
async fn a_redirect_only_operation_returns_the_target_and_never_follows_it() {
    let target = RawServer::start(json_answer("200 OK", "{}")).await;
    let location = format!("{}/data/TH1.json?Signature=abc%2B", target.url);
    let origin = RawServer::start(redirect_answer(
        "307 Temporary Redirect",
        &[&format!("Location: {location}")],
    ))
    .await;
    let redirect = client(&origin.url)
        .fetch_thing_data(&FetchThingDataRequest::new("TH1"))
        .await
        .expect("the redirect is the answer");
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.location.as_str(), location);
    assert_eq!(redirect.request_id.as_deref(), Some("RQ0123"));
    let raw = origin.only_request();
    assert_eq!(request_line(&raw), "GET /v1/Things/TH1/Data.json HTTP/1.1");
    assert!(header(&raw, "authorization").is_some(), "{raw}");
    // The call is over: had the client followed the redirect, it would have connected.
    assert_eq!(target.connections(), 0, "the redirect target was contacted");
}

#[tokio::test]
async fn a_relative_location_is_resolved_against_the_request() {
    let origin = RawServer::start(redirect_answer(
        "302 Found",
        &["Location: ../Files/TH1.csv"],
    ))
    .await;
    let redirect = client(&origin.url)
        .fetch_thing_data(&FetchThingDataRequest::new("TH1"))
        .await
        .expect("the redirect is the answer");
    assert_eq!(redirect.status, 302);
    assert_eq!(
        redirect.location.as_str(),
        format!("{}/v1/Things/Files/TH1.csv", origin.url)
    );
    assert_eq!(
        origin.requests().len(),
        1,
        "not followed to the same server"
    );
}

#[tokio::test]
async fn a_redirect_without_a_valid_location_is_an_error() {
    for (location, reason) in [
        (None, "there is none"),
        (
            Some("Location: http://[::1"),
            "it is not a URL (invalid IPv6 address)",
        ),
    ] {
        let headers: Vec<&str> = location.into_iter().collect();
        let origin = RawServer::start(redirect_answer("307 Temporary Redirect", &headers)).await;
        let error = client(&origin.url)
            .fetch_thing_data(&FetchThingDataRequest::new("TH1"))
            .await
            .expect_err("no valid Location");
        match &error {
            Error::InvalidRedirect {
                operation,
                status,
                reason: got,
                request_id,
            } => {
                assert_eq!(
                    (*operation, *status, got.as_str(), request_id.as_deref()),
                    ("FetchThingData", 307, reason, Some("RQ0123"))
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            error.to_string(),
            format!(
                "FetchThingData: the redirect (HTTP 307) has no valid Location header: {reason}"
            )
        );
    }
}

#[tokio::test]
async fn a_success_status_on_a_redirect_only_operation_is_a_decode_error() {
    let origin = RawServer::start(json_answer("200 OK", r#"{"redirect_to":"x"}"#)).await;
    let error = client(&origin.url)
        .fetch_thing_data(&FetchThingDataRequest::new("TH1"))
        .await
        .expect_err("a 200 is not a redirect");
    assert!(
        matches!(&error, Error::Decode { status: 200, message, .. }
            if message == "the operation answers with a redirect (3xx), not HTTP 200"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_redirect_elsewhere_is_an_error_that_says_so_and_is_not_followed() {
    let target = RawServer::start(json_answer("200 OK", r#"{"sid":"TH9"}"#)).await;
    let origin = RawServer::start(redirect_answer(
        "302 Found",
        &[&format!("Location: {}/v1/Things", target.url)],
    ))
    .await;
    let error = client(&origin.url)
        .list_thing(&ListThingRequest::new())
        .await
        .expect_err("ListThing documents a 200, not a redirect");
    assert!(
        matches!(
            &error,
            Error::UnexpectedRedirect { operation: "ListThing", status: 302, request_id }
                if request_id.as_deref() == Some("RQ0123")
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "ListThing: the server answered with a redirect (HTTP 302), which the operation does \
         not document as its answer; not followed"
    );
    assert_eq!(error.status(), Some(302));
    assert!(!error.is_retryable());
    assert!(!format!("{error:?}").contains("secret-token"));
    assert_eq!(origin.requests().len(), 1, "not retried");
    assert_eq!(target.connections(), 0, "the redirect target was contacted");
}

// ---------------------------------------------------------------------------------------
// `oneOf` and `anyOf`.
// ---------------------------------------------------------------------------------------

/// FetchShape answered with `json`.
async fn fetch_shape(json: &str) -> Shape {
    let server = RawServer::start(json_answer("200 OK", json)).await;
    client(&server.url)
        .fetch_shape(&FetchShapeRequest::new("SH1"))
        .await
        .expect("any JSON decodes")
}

#[tokio::test]
async fn a_one_of_without_discriminator_decodes_as_the_most_specific_shape_that_fits() {
    // Both shapes fit; the one with required properties is tried first.
    match fetch_shape(r#"{"sid":"SH1","policy_url":"https://p.example","extra":1}"#).await {
        Shape::Detailed(d) => assert_eq!(d.policy_url, "https://p.example"),
        other => panic!("{other:?}"),
    }
    // Only the shape of optional properties fits.
    match fetch_shape(r#"{"sid":"SH1","note":"old"}"#).await {
        Shape::Basic(b) => assert_eq!(b.note.as_deref(), Some("old")),
        other => panic!("{other:?}"),
    }
    // No shape fits: kept as sent, the call does not fail.
    assert_eq!(
        fetch_shape(r#"[1,2]"#).await,
        Shape::Unknown(serde_json::json!([1, 2]))
    );
}

/// UpdateShape answered with `json`, and the raw request.
async fn update_shape(request: &UpdateShapeRequest, json: &str) -> (Pet, String) {
    let server = RawServer::start(json_answer("200 OK", json)).await;
    let pet = client(&server.url)
        .update_shape(request)
        .await
        .expect("answered");
    (pet, server.only_request())
}

#[tokio::test]
async fn a_discriminator_picks_the_shape_and_anything_else_is_kept() {
    let request = UpdateShapeRequest::new("SH1");
    let (pet, _) = update_shape(&request, r#"{"kind":"cat","lives":9}"#).await;
    assert_eq!(pet, Pet::Cat(Cat::new("cat").lives(9)));
    let (pet, _) = update_shape(&request, r#"{"kind":"dog","good":true}"#).await;
    assert_eq!(pet, Pet::Dog(Dog::new("dog").good(true)));
    // An unknown tag, and a known tag on a value not of its shape: kept whole.
    let (pet, _) = update_shape(&request, r#"{"kind":"fox"}"#).await;
    assert_eq!(pet, Pet::Unknown(serde_json::json!({"kind": "fox"})));
    let (pet, _) = update_shape(&request, r#"{"kind":"cat","lives":"nine"}"#).await;
    assert_eq!(
        pet,
        Pet::Unknown(serde_json::json!({"kind": "cat", "lives": "nine"}))
    );
}

#[tokio::test]
async fn a_union_in_a_form_is_sent_as_the_shape_it_holds() {
    let request = UpdateShapeRequest::new("SH1")
        .limit(UpdateShapeLimit::Integer(25))
        .pet(Pet::Cat(Cat::new("cat").lives(3)));
    let (_, raw) = update_shape(&request, r#"{"kind":"cat"}"#).await;
    assert_eq!(request_line(&raw), "POST /v1/Shapes/SH1 HTTP/1.1");
    assert_eq!(
        body(&raw),
        "Limit=25&Pet=%7B%22kind%22%3A%22cat%22%2C%22lives%22%3A3%7D"
    );
    let request = UpdateShapeRequest::new("SH1").limit(UpdateShapeLimit::String("all".into()));
    let (_, raw) = update_shape(&request, r#"{"kind":"cat"}"#).await;
    assert_eq!(body(&raw), "Limit=all");
}

#[tokio::test]
async fn a_union_is_checked_against_the_shape_it_holds_before_sending() {
    let server = RawServer::start(json_answer("200 OK", "{}")).await;
    for (limit, rule) in [
        (
            UpdateShapeLimit::Integer(500),
            "is above the maximum of 100",
        ),
        (
            UpdateShapeLimit::String("everything".into()),
            "is 10 characters long; at most 8 allowed",
        ),
    ] {
        let error = client(&server.url)
            .update_shape(&UpdateShapeRequest::new("SH1").limit(limit))
            .await
            .expect_err("invalid");
        assert_eq!(
            error.to_string(),
            format!("invalid request: `Limit` {rule}")
        );
    }
    assert_eq!(server.connections(), 0, "nothing was sent");
}

// ---------------------------------------------------------------------------------------
// `allOf` of several objects.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_all_of_is_one_struct_with_every_members_properties() {
    let server = RawServer::start(json_answer(
        "201 Created",
        r#"{"sid":"TH1","name":"n","label":"L"}"#,
    ))
    .await;
    let mut request = CreateMergedRequest::new(Merged::new("ab"));
    request.body.sid = Some("TH1".into());
    let merged = client(&server.url)
        .create_merged(&request)
        .await
        .expect("answered");
    assert_eq!(
        (
            merged.sid.as_deref(),
            merged.name.as_deref(),
            merged.label.as_str()
        ),
        (Some("TH1"), Some("n"), "L")
    );
    let raw = server.only_request();
    assert_eq!(request_line(&raw), "POST /v1/Merged HTTP/1.1");
    assert_eq!(body(&raw), r#"{"sid":"TH1","label":"ab"}"#);
    // The merged member's constraint is checked before sending.
    let error = client(&server.url)
        .create_merged(&CreateMergedRequest::new(Merged::new("too long")))
        .await
        .expect_err("invalid");
    assert_eq!(
        error.to_string(),
        "invalid request: `body.label` is 8 characters long; at most 5 allowed"
    );
}

// ---------------------------------------------------------------------------------------
// `enum` on numbers.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_number_enum_is_sent_as_is_and_checked_before_sending() {
    let request = UpdateShapeRequest::new("SH1").priority(2).ratio(0.5);
    let (_, raw) = update_shape(&request, r#"{"kind":"cat"}"#).await;
    assert_eq!(body(&raw), "Priority=2&Ratio=0.5");
    let server = RawServer::start(json_answer("200 OK", "{}")).await;
    for (request, rule) in [
        (
            UpdateShapeRequest::new("SH1").priority(7),
            "`Priority` has the value `7`",
        ),
        (
            UpdateShapeRequest::new("SH1").ratio(0.25),
            "`Ratio` has the value `0.25`",
        ),
    ] {
        let error = client(&server.url)
            .update_shape(&request)
            .await
            .expect_err("not listed");
        assert_eq!(
            error.to_string(),
            format!("invalid request: {rule}, which the spec does not list")
        );
    }
    assert_eq!(server.connections(), 0, "nothing was sent");
}

#[tokio::test]
async fn a_form_body_that_is_an_all_of_sends_every_members_fields() {
    let server = RawServer::start(answer("204 No Content", &[], "")).await;
    let request = CreateFormRequest::new("x y").name("N");
    client(&server.url)
        .create_form(&request)
        .await
        .expect("answered");
    let raw = server.only_request();
    assert_eq!(request_line(&raw), "POST /v1/Forms HTTP/1.1");
    assert_eq!(body(&raw), "name=N&Extra=x+y");
}

// ---------------------------------------------------------------------------------------
// Api v2010's page format: the next page's URI beside the items, relative to the base URL.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_next_page_uri_beside_the_items_is_followed_from_the_base_url() {
    let server = RawServer::scripted(|_, n| match n {
        1 => json_answer(
            "200 OK",
            r#"{"records":[{"name":"a"},{"name":"b"}],"page":0,
                "next_page_uri":"/v1/Records.json?PageSize=2&Page=1&PageToken=PT1",
                "uri":"/v1/Records.json?PageSize=2"}"#,
        ),
        _ => json_answer(
            "200 OK",
            r#"{"records":[{"name":"c"}],"page":1,"next_page_uri":null}"#,
        ),
    })
    .await;
    let client = client(&server.url);
    let names: Vec<Option<String>> = client
        .list_record_stream(ListRecordRequest::new().page_size(2))
        .map(|r| r.expect("an item").name)
        .collect()
        .await;
    assert_eq!(
        names,
        [Some("a".into()), Some("b".into()), Some("c".into())]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        request_line(&requests[0]),
        "GET /v1/Records.json?PageSize=2 HTTP/1.1"
    );
    assert_eq!(
        request_line(&requests[1]),
        "GET /v1/Records.json?PageSize=2&Page=1&PageToken=PT1 HTTP/1.1"
    );
    // The handle names the list by its verb, with the stream beside it.
    let page = client.records().list().await.expect("one page");
    assert_eq!(page.records.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Samples (generated with `Config::samples`): one request per operation, sent by
// `samples::run`.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_sample_takes_the_examples_that_fit_and_makes_the_other_values() {
    let server = RawServer::start(json_answer("201 Created", r#"{"sid":"TH1"}"#)).await;
    client(&server.url)
        .create_sample(&samples::create_sample())
        .await
        .expect("answered");
    let raw = server.only_request();
    // The path SID made from its pattern; `Mode` from its example; `Limit` (optional, no
    // example) left out.
    assert_eq!(
        request_line(&raw),
        format!("POST /v1/Samples/SA{}?Mode=quick HTTP/1.1", "a".repeat(32))
    );
    // `Code` from its pattern, `Callback` of its format (the body example's `myUrl` is no
    // URI), `Count` within its range (the body example's 42 is out of it), `Shade` the enum's first value, `At` the fixed
    // instant, `Labels` one item cut to its most length, `Note` from the body example;
    // `Ignored` (optional, no example) left out.
    assert_eq!(
        body(&raw),
        "Code=AAA-00&Callback=https%3A%2F%2Fexample.com%2Fsample&Count=5&Shade=dark-red\
         &At=2026-01-02T03%3A04%3A05Z&Labels=samp&Note=from+the+body+example"
    );
}

#[tokio::test]
async fn samples_run_sends_one_request_per_operation_in_spec_order() {
    let server = RawServer::start(json_answer("200 OK", r#"{"sid":"TH1"}"#)).await;
    let outcomes = samples::run(&client(&server.url)).await;
    let operations: Vec<&str> = outcomes.iter().map(|o| o.operation).collect();
    assert_eq!(operations.first(), Some(&"ListRecord"));
    assert!(operations.contains(&"CreateSample"), "{operations:?}");
    assert_eq!(server.requests().len(), outcomes.len());
    for o in &outcomes {
        assert_eq!(o.route.split(' ').count(), 2, "{o}");
    }
    let create = outcomes
        .iter()
        .find(|o| o.operation == "CreateSample")
        .expect("CreateSample's outcome");
    assert!(create.result.is_ok(), "{create}");
}

#[tokio::test]
async fn an_optional_array_with_a_least_count_may_be_left_empty_but_not_short() {
    let server = RawServer::start(json_answer("201 Created", r#"{"sid":"TH1"}"#)).await;
    let client = client(&server.url);
    // Empty: not sent, which the spec allows (`Extras` is optional).
    client
        .create_sample(&samples::create_sample())
        .await
        .expect("an empty optional array is not sent, and passes");
    assert!(!body(&server.only_request()).contains("Extras"));
    // One item where two are the least: refused before anything is sent.
    let short = samples::create_sample().extras(["one".to_owned()]);
    let error = client
        .create_sample(&short)
        .await
        .expect_err("one item is too few");
    assert!(error.to_string().contains("Extras"), "{error}");
    assert_eq!(server.requests().len(), 1, "nothing sent for the short one");
    let two = samples::create_sample().extras(["one", "two"].map(String::from));
    client.create_sample(&two).await.expect("two items pass");
    let raw = server.requests().pop().expect("the third request");
    assert!(
        body(&raw).ends_with("&Extras=one&Extras=two"),
        "{}",
        body(&raw)
    );
}
