//! Lenient decoding, as docs/usage.md promises it: an optional field that is null, absent or
//! of another JSON type than the spec says is `None` (an empty list, an empty `meta`) and
//! the call succeeds; a required field stays strict (the debug events naming such fields:
//! tests/lenient_decoding_events.rs). Each answer comes from a loopback server, byte for
//! byte.

mod common;

use twilio_openapi_test_support::{RawServer, json_answer, request_line};
use twilio_verify_challenges::{Challenge, ChallengeStatus, Error, ListChallengeRequest, PageMeta};

const SID: &str = "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// FetchChallenge answered 200 with `body`, and the request the server got.
async fn fetch(body: &str) -> (Result<Challenge, Error>, String) {
    let server = RawServer::start(json_answer("200 OK", body)).await;
    let result = common::client_at(&server.url)
        .fetch_challenge(&common::fetch_request())
        .await;
    (result, server.only_request())
}

/// A challenge whose optional fields hold values of the wrong JSON type, around good ones.
const ODD_CHALLENGE: &str = r#"{
    "sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "account_sid": 12,
    "service_sid": ["VA"],
    "identity": {"a": [1, {"b": "c"}]},
    "status": 3,
    "responded_reason": {"why": "none"},
    "factor_type": "push",
    "details": {"message": 5, "date": true, "fields": [{"label": "L", "value": "V"}, 7, "x"]},
    "hidden_details": [1, 2],
    "metadata": {"os": "iOS"},
    "url": false,
    "links": "not json",
    "date_created": 1438286400,
    "expiration_date": "2015-07-30T20:05:00Z"
}"#;

#[tokio::test]
async fn fields_of_the_wrong_type_are_none_and_the_call_succeeds() {
    let (challenge, request) = fetch(ODD_CHALLENGE).await;
    let challenge = challenge.expect("a lenient decode never fails on an optional field");
    assert!(request_line(&request).starts_with("GET /v2/Services/"));
    assert_eq!(challenge.sid.as_deref(), Some(SID));
    assert_eq!(challenge.account_sid, None);
    assert_eq!(challenge.service_sid, None);
    assert_eq!(challenge.identity, None);
    assert_eq!(challenge.status, None);
    assert_eq!(challenge.responded_reason, None);
    assert_eq!(challenge.hidden_details, None);
    assert_eq!(challenge.url, None);
    assert_eq!(challenge.links, None);
    assert_eq!(challenge.date_created, None);
    assert!(challenge.expiration_date.is_some());
    assert_eq!(challenge.metadata.expect("an object")["os"], "iOS");
    let details = challenge.details.expect("an object");
    assert_eq!((details.message, details.date), (None, None));
    assert_eq!(
        details.fields.len(),
        1,
        "the items that are not objects are left out"
    );
    assert_eq!(
        (
            details.fields[0].label.as_str(),
            details.fields[0].value.as_str()
        ),
        ("L", "V")
    );
}

#[tokio::test]
async fn an_object_of_the_wrong_type_is_none() {
    let body = r#"{"sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "details": "see above", "status": "approved"}"#;
    let challenge = fetch(body).await.0.expect("decodes");
    assert_eq!(challenge.details, None);
    assert_eq!(challenge.status, Some(ChallengeStatus::Approved));
}

/// A list page whose `meta` is `meta_json` and whose items are `items_json`.
async fn list_page(items_json: &str, meta_json: &str) -> Result<(usize, PageMeta), Error> {
    let body = format!(r#"{{"challenges": {items_json}, "meta": {meta_json}}}"#);
    let server = RawServer::start(json_answer("200 OK", &body)).await;
    let request = ListChallengeRequest::new(common::service_sid(), common::IDENTITY);
    let page = common::client_at(&server.url)
        .list_challenge(&request)
        .await?;
    Ok((page.challenges.len(), page.meta))
}

#[tokio::test]
async fn a_null_or_odd_meta_is_an_empty_meta_and_odd_items_are_left_out() {
    let one = r#"[{"sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]"#;
    for meta in ["null", "7", r#""text""#, "[1]"] {
        let (items, meta) = list_page(one, meta).await.expect("decodes");
        assert_eq!((items, meta), (1, PageMeta::default()));
    }
    let (items, meta) = list_page(
        one,
        r#"{"page": "zero", "next_page_url": 4, "key": "challenges"}"#,
    )
    .await
    .expect("decodes");
    assert_eq!(items, 1);
    assert_eq!((meta.page, meta.next_page_url), (None, None));
    assert_eq!(meta.key.as_deref(), Some("challenges"));
    let odd_items = r#"[{"sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, 3, "x", null, [], {}]"#;
    let (items, _) = list_page(odd_items, "{}").await.expect("decodes");
    assert_eq!(items, 2, "the two objects");
    let (items, _) = list_page(r#"{"a": 1}"#, "{}").await.expect("decodes");
    assert_eq!(items, 0, "not an array: an empty list");
}

#[tokio::test]
async fn a_required_field_stays_strict() {
    // `label` and `value` are required in a details field.
    for (body, says) in [
        (
            r#"{"details": {"fields": [{"label": 1, "value": "V"}]}}"#,
            "invalid type",
        ),
        (
            r#"{"details": {"fields": [{"value": "V"}]}}"#,
            "missing field `label`",
        ),
    ] {
        let error = fetch(body)
            .await
            .0
            .expect_err("a required field breaks the answer");
        assert!(
            matches!(error, Error::Decode { status: 200, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains(says), "{error}");
    }
}
