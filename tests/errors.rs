//! Everything that can go wrong, seen from the wire: requests refused before sending,
//! Twilio's error answers, undecodable answers, dead servers, and the retries in between.

mod common;

use common::*;
use futures_util::StreamExt;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;
use twilio_verify_challenges::validate::Rule;
use twilio_verify_challenges::{
    ChallengeDetailsField, ChallengeSid, ChallengeStatus, Client, CreateChallengeRequest,
    CreateNotificationRequest, Credentials, Error, FactorSid, FetchChallengeRequest,
    ListChallengeRequest, ListOrder, RetryPolicy, ServiceSid, Sid, UpdateChallengeRequest,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that would accept anything (so a request that slipped through would succeed
/// and show up in `received_requests`).
async fn accepting_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_json(challenge_json(CHALLENGE_SID)))
        .mount(&server)
        .await;
    server
}

/// The call failed validation on `field` with `rule`, and nothing reached the server.
async fn assert_refused<T: std::fmt::Debug>(
    server: &MockServer,
    result: Result<T, Error>,
    field: &str,
    rule: Rule,
) {
    match &result {
        Err(Error::InvalidRequest(e)) => {
            assert_eq!(e.field, field, "field of {e}");
            assert_eq!(e.rule, rule, "rule of {e}");
        }
        other => panic!("expected InvalidRequest on {field}, got {other:?}"),
    }
    assert_error_has_no_secret(result.as_ref().unwrap_err());
    assert!(
        received(server).await.is_empty(),
        "nothing may be sent for an invalid request"
    );
}

fn create() -> CreateChallengeRequest {
    CreateChallengeRequest::new(service_sid(), IDENTITY, factor_sid())
}

fn create_for(identity: &str) -> CreateChallengeRequest {
    CreateChallengeRequest::new(service_sid(), identity, factor_sid())
}

async fn refuse_create(request: CreateChallengeRequest, field: &str, rule: Rule) {
    let server = accepting_server().await;
    let result = client(&server).create_challenge(&request).await;
    assert_refused(&server, result, field, rule).await;
}

async fn accept_create(request: CreateChallengeRequest) {
    let server = accepting_server().await;
    client(&server)
        .create_challenge(&request)
        .await
        .expect("a request at the limit is valid");
    assert_eq!(received(&server).await.len(), 1);
}

fn identity_pattern() -> Rule {
    Rule::Pattern {
        pattern: "^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$",
    }
}

fn fields(n: usize) -> Vec<ChallengeDetailsField> {
    (0..n)
        .map(|i| ChallengeDetailsField::new(format!("Label {i}"), "value"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Validation: SIDs.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_malformed_service_sid_is_refused() {
    let request = CreateChallengeRequest::new(Sid::new_unchecked("VA123"), IDENTITY, factor_sid());
    refuse_create(
        request,
        "ServiceSid",
        Rule::Sid {
            kind: "ServiceSid",
            prefix: "VA",
        },
    )
    .await;
}

#[tokio::test]
async fn a_service_sid_with_another_prefix_is_refused() {
    let request = CreateChallengeRequest::new(
        ServiceSid::new_unchecked(FACTOR_SID),
        IDENTITY,
        factor_sid(),
    );
    refuse_create(
        request,
        "ServiceSid",
        Rule::Sid {
            kind: "ServiceSid",
            prefix: "VA",
        },
    )
    .await;
}

#[tokio::test]
async fn a_service_sid_smuggling_a_path_is_refused() {
    let request = CreateChallengeRequest::new(
        ServiceSid::new_unchecked("VA/../../Accounts/ACaaaaaaaaaaaaaaaaaa"),
        IDENTITY,
        factor_sid(),
    );
    refuse_create(
        request,
        "ServiceSid",
        Rule::Sid {
            kind: "ServiceSid",
            prefix: "VA",
        },
    )
    .await;
}

#[tokio::test]
async fn a_factor_sid_with_non_hex_digits_is_refused() {
    let request = CreateChallengeRequest::new(
        service_sid(),
        IDENTITY,
        FactorSid::new_unchecked("YFzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"),
    );
    refuse_create(
        request,
        "FactorSid",
        Rule::Sid {
            kind: "FactorSid",
            prefix: "YF",
        },
    )
    .await;
}

#[tokio::test]
async fn a_malformed_challenge_sid_is_refused_by_fetch() {
    let server = accepting_server().await;
    let request =
        FetchChallengeRequest::new(service_sid(), IDENTITY, ChallengeSid::new_unchecked("YC03"));
    let result = client(&server).fetch_challenge(&request).await;
    assert_refused(
        &server,
        result,
        "Sid",
        Rule::Sid {
            kind: "ChallengeSid",
            prefix: "YC",
        },
    )
    .await;
}

#[tokio::test]
async fn a_malformed_challenge_sid_is_refused_by_create_notification() {
    let server = accepting_server().await;
    let request = CreateNotificationRequest::new(
        service_sid(),
        IDENTITY,
        ChallengeSid::new_unchecked(SERVICE_SID),
    );
    let result = client(&server).create_notification(&request).await;
    assert_refused(
        &server,
        result,
        "ChallengeSid",
        Rule::Sid {
            kind: "ChallengeSid",
            prefix: "YC",
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// Validation: Identity (a path parameter).
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_identity_shorter_than_8_is_refused() {
    refuse_create(
        create_for("abc"),
        "Identity",
        Rule::TooShort { min: 8, actual: 3 },
    )
    .await;
}

#[tokio::test]
async fn an_empty_identity_is_refused() {
    refuse_create(
        create_for(""),
        "Identity",
        Rule::TooShort { min: 8, actual: 0 },
    )
    .await;
}

#[tokio::test]
async fn an_identity_longer_than_64_is_refused() {
    refuse_create(
        create_for(&"a".repeat(65)),
        "Identity",
        Rule::TooLong {
            max: 64,
            actual: 65,
        },
    )
    .await;
}

#[tokio::test]
async fn an_identity_of_64_is_sent() {
    accept_create(create_for(&"a".repeat(64))).await;
}

#[tokio::test]
async fn an_identity_with_url_syntax_is_refused() {
    // Seven characters: the length rule is checked (and broken) before the pattern.
    refuse_create(
        create_for("a/b?c#d"),
        "Identity",
        Rule::TooShort { min: 8, actual: 7 },
    )
    .await;
    refuse_create(create_for("a/b?c#d/e"), "Identity", identity_pattern()).await;
}

#[tokio::test]
async fn an_identity_climbing_out_of_the_path_is_refused() {
    refuse_create(create_for("../../Accounts"), "Identity", identity_pattern()).await;
}

#[tokio::test]
async fn an_identity_with_a_percent_sign_is_refused() {
    refuse_create(
        create_for("ff483d1f%2Fabcdef"),
        "Identity",
        identity_pattern(),
    )
    .await;
}

#[tokio::test]
async fn an_identity_with_spaces_is_refused() {
    refuse_create(
        create_for("ff483d1f abcdef"),
        "Identity",
        identity_pattern(),
    )
    .await;
}

#[tokio::test]
async fn an_identity_with_a_double_dash_is_refused() {
    refuse_create(
        create_for("ff483d1f--abcdef"),
        "Identity",
        identity_pattern(),
    )
    .await;
}

#[tokio::test]
async fn an_identity_error_does_not_repeat_the_identity() {
    let server = accepting_server().await;
    let err = client(&server)
        .create_challenge(&create_for("john.doe@example.com"))
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("john.doe"), "{text}");
    assert!(text.contains("Identity"), "{text}");
}

// ---------------------------------------------------------------------------------------
// Validation: CreateChallenge body.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_details_message_of_257_characters_is_refused() {
    refuse_create(
        create().details_message("m".repeat(257)),
        "Details.Message",
        Rule::TooLong {
            max: 256,
            actual: 257,
        },
    )
    .await;
}

#[tokio::test]
async fn a_details_message_of_256_multibyte_characters_is_sent() {
    accept_create(create().details_message("é".repeat(256))).await;
}

#[tokio::test]
async fn twenty_one_details_fields_are_refused() {
    refuse_create(
        create().details_fields(fields(21)),
        "Details.Fields",
        Rule::TooManyItems {
            max: 20,
            actual: 21,
        },
    )
    .await;
}

#[tokio::test]
async fn twenty_details_fields_are_sent() {
    accept_create(create().details_fields(fields(20))).await;
}

#[tokio::test]
async fn a_37_character_label_names_its_item_in_the_error() {
    let mut items = fields(5);
    items[3] = ChallengeDetailsField::new("L".repeat(37), "value");
    refuse_create(
        create().details_fields(items),
        "Details.Fields[3].label",
        Rule::TooLong {
            max: 36,
            actual: 37,
        },
    )
    .await;
}

#[tokio::test]
async fn a_129_character_value_is_refused() {
    let mut items = fields(2);
    items[1] = ChallengeDetailsField::new("Label", "v".repeat(129));
    refuse_create(
        create().details_fields(items),
        "Details.Fields[1].value",
        Rule::TooLong {
            max: 128,
            actual: 129,
        },
    )
    .await;
}

#[tokio::test]
async fn hidden_details_over_1024_characters_of_json_are_refused() {
    // {"ip":"<1016 characters>"} is 7 + 1016 + 2 = 1025 characters of JSON text.
    let hidden = BTreeMap::from([("ip".to_owned(), "1".repeat(1016))]);
    refuse_create(
        create().hidden_details(hidden),
        "HiddenDetails",
        Rule::JsonTooLong {
            max: 1024,
            actual: 1025,
        },
    )
    .await;
}

#[tokio::test]
async fn hidden_details_of_exactly_1024_characters_of_json_are_sent() {
    let hidden = BTreeMap::from([("ip".to_owned(), "1".repeat(1015))]);
    accept_create(create().hidden_details(hidden)).await;
}

#[tokio::test]
async fn an_auth_payload_of_2_characters_is_refused() {
    refuse_create(
        create().auth_payload("12"),
        "AuthPayload",
        Rule::TooShort { min: 3, actual: 2 },
    )
    .await;
}

#[tokio::test]
async fn an_auth_payload_of_9_characters_is_refused() {
    refuse_create(
        create().auth_payload("123456789"),
        "AuthPayload",
        Rule::TooLong { max: 8, actual: 9 },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// Validation: the other operations.
// ---------------------------------------------------------------------------------------

async fn refuse_list(request: ListChallengeRequest, field: &str, rule: Rule) {
    let server = accepting_server().await;
    let result = client(&server).list_challenge(&request).await;
    assert_refused(&server, result, field, rule).await;
}

fn list() -> ListChallengeRequest {
    ListChallengeRequest::new(service_sid(), IDENTITY)
}

#[tokio::test]
async fn a_page_size_of_0_is_refused() {
    refuse_list(
        list().page_size(0),
        "PageSize",
        Rule::TooSmall { min: "1".into() },
    )
    .await;
}

#[tokio::test]
async fn a_page_size_of_1001_is_refused() {
    refuse_list(
        list().page_size(1001),
        "PageSize",
        Rule::TooLarge { max: "1000".into() },
    )
    .await;
}

#[tokio::test]
async fn an_unknown_status_filter_is_refused() {
    refuse_list(
        list().status(ChallengeStatus::Unknown("something_new".into())),
        "Status",
        Rule::UnknownValue {
            value: "something_new".into(),
        },
    )
    .await;
}

#[tokio::test]
async fn an_unknown_order_is_refused() {
    refuse_list(
        list().order(ListOrder::from("sideways")),
        "Order",
        Rule::UnknownValue {
            value: "sideways".into(),
        },
    )
    .await;
}

#[tokio::test]
async fn an_invalid_listing_stream_yields_the_error_and_sends_nothing() {
    let server = accepting_server().await;
    let client = client(&server);
    let request = list().page_size(0);
    let items: Vec<_> = client.list_challenge_stream(&request).collect().await;
    assert_eq!(items.len(), 1, "{items:?}");
    match &items[0] {
        Err(Error::InvalidRequest(e)) => assert_eq!(e.field, "PageSize"),
        other => panic!("{other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

async fn refuse_notification(ttl: i64, rule: Rule) {
    let server = accepting_server().await;
    let request = CreateNotificationRequest::new(service_sid(), IDENTITY, challenge_sid()).ttl(ttl);
    let result = client(&server).create_notification(&request).await;
    assert_refused(&server, result, "Ttl", rule).await;
}

#[tokio::test]
async fn a_ttl_of_301_is_refused() {
    refuse_notification(301, Rule::TooLarge { max: "300".into() }).await;
}

#[tokio::test]
async fn a_negative_ttl_is_refused() {
    refuse_notification(-1, Rule::TooSmall { min: "0".into() }).await;
}

#[tokio::test]
async fn an_update_auth_payload_of_5457_characters_is_refused() {
    let server = accepting_server().await;
    let request = UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
        .auth_payload("p".repeat(5457));
    let result = client(&server).update_challenge(&request).await;
    assert_refused(
        &server,
        result,
        "AuthPayload",
        Rule::TooLong {
            max: 5456,
            actual: 5457,
        },
    )
    .await;
}

#[tokio::test]
async fn update_metadata_over_1024_characters_of_json_is_refused() {
    let server = accepting_server().await;
    let request = UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
        .metadata(BTreeMap::from([("os".to_owned(), "A".repeat(1016))]));
    let result = client(&server).update_challenge(&request).await;
    assert_refused(
        &server,
        result,
        "Metadata",
        Rule::JsonTooLong {
            max: 1024,
            actual: 1025,
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// Twilio's error answers.
// ---------------------------------------------------------------------------------------

fn twilio_404() -> ResponseTemplate {
    ResponseTemplate::new(404)
        .set_body_json(json!({
            "code": 20404,
            "message": "The requested resource was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404
        }))
        .insert_header("Twilio-Request-Id", "RQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
}

async fn fetch(server: &MockServer, retry: RetryPolicy) -> Result<(), Error> {
    client_with(server, retry)
        .fetch_challenge(&FetchChallengeRequest::new(
            service_sid(),
            IDENTITY,
            challenge_sid(),
        ))
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_twilio_404_becomes_an_api_error_with_its_code_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(twilio_404())
        .mount(&server)
        .await;
    let err = fetch(&server, fast_retry()).await.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(20404));
    assert_eq!(
        err.more_info(),
        Some("https://www.twilio.com/docs/errors/20404")
    );
    assert_eq!(err.request_id(), Some("RQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert!(!err.is_retryable());
    let api = err.api().expect("an API error");
    assert_eq!(api.operation, "FetchChallenge");
    assert_eq!(api.message, "The requested resource was not found");
    assert_eq!(api.body_snippet, None);
    assert_error_has_no_secret(&err);
    assert_eq!(received(&server).await.len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn an_api_error_displays_as_one_line() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(twilio_404())
        .mount(&server)
        .await;
    let err = fetch(&server, fast_retry()).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "FetchChallenge: HTTP 404, Twilio error 20404: The requested resource was not found \
         (see https://www.twilio.com/docs/errors/20404) [request RQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]"
    );
    assert!(!err.to_string().contains(IDENTITY), "no URL in the message");
}

#[tokio::test]
async fn twilio_error_details_are_kept() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 60310,
            "message": "Invalid payload",
            "more_info": "https://www.twilio.com/docs/errors/60310",
            "status": 400,
            "details": {"field": "AuthPayload"}
        })))
        .mount(&server)
        .await;
    let err = fetch(&server, fast_retry()).await.unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.details, Some(json!({"field": "AuthPayload"})));
    assert_eq!(err.code(), Some(60310));
    assert!(!err.is_retryable());
}

fn html_page() -> String {
    let mut page = String::from(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n",
    );
    for _ in 0..20 {
        page.push_str("<!-- a padding line to make the page longer than a snippet -->\n");
    }
    page.push_str("</body>\r\n</html>\r\n");
    page
}

#[tokio::test]
async fn a_non_json_502_keeps_a_snippet_of_the_body() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502).set_body_raw(html_page(), "text/html"))
        .mount(&server)
        .await;
    let err = fetch(&server, RetryPolicy::none()).await.unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 502);
    assert_eq!(api.code, None);
    assert_eq!(api.message, "Bad Gateway");
    let expected: String = html_page().chars().take(200).collect();
    assert_eq!(api.body_snippet.as_deref(), Some(expected.as_str()));
    assert!(err.is_retryable());
    assert!(!err.to_string().contains('\n'), "one line: {err}");
    assert!(!err.to_string().contains('\r'), "one line: {err}");
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
    assert_error_has_no_secret(&err);
    assert_eq!(received(&server).await.len(), 1, "RetryPolicy::none()");
}

// ---------------------------------------------------------------------------------------
// Undecodable success answers.
// ---------------------------------------------------------------------------------------

/// CreateChallenge answered with `status` and `body`: the outcome and how many requests
/// were sent.
async fn create_outcome(
    status: u16,
    body: &str,
) -> (Result<twilio_verify_challenges::Challenge, Error>, usize) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.to_owned(), "application/json")
                .insert_header("Twilio-Request-Id", "RQbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
        )
        .mount(&server)
        .await;
    let outcome = client(&server).create_challenge(&create()).await;
    (outcome, received(&server).await.len())
}

async fn create_answered(status: u16, body: &str) -> (Error, usize) {
    let (outcome, sent) = create_outcome(status, body).await;
    let err = outcome.expect_err("not decodable");
    assert_error_has_no_secret(&err);
    (err, sent)
}

#[tokio::test]
async fn a_truncated_json_body_is_a_decode_error_with_status_and_snippet() {
    let body = r#"{"sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "pen"#;
    let (err, sent) = create_answered(201, body).await;
    match &err {
        Error::Decode {
            operation,
            status,
            message,
            snippet,
            request_id,
        } => {
            assert_eq!(*operation, "CreateChallenge");
            assert_eq!(*status, 201);
            assert!(!message.is_empty());
            assert_eq!(snippet, body);
            assert_eq!(
                request_id.as_deref(),
                Some("RQbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
            );
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(201));
    assert_eq!(err.request_id(), Some("RQbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
    assert!(!err.is_retryable());
    assert!(!err.to_string().contains('\n'), "one line: {err}");
    assert_eq!(sent, 1, "a decode error is not retried");
}

#[tokio::test]
async fn an_empty_201_body_is_a_decode_error() {
    let (err, _) = create_answered(201, "").await;
    match &err {
        Error::Decode {
            status, snippet, ..
        } => {
            assert_eq!(*status, 201);
            assert_eq!(snippet, "");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

async fn assert_wrong_shape_is_a_decode_error(body: &str) {
    let (err, _) = create_answered(201, body).await;
    match &err {
        Error::Decode {
            status, snippet, ..
        } => {
            assert_eq!(*status, 201, "{body}");
            assert_eq!(snippet, body);
        }
        other => panic!("expected Decode for {body}, got {other:?}"),
    }
}

/// Lenient decoding (issue 22): an optional field of another JSON type than the spec says
/// is `None`, and the call succeeds (see tests/lenient_decoding.rs).
#[tokio::test]
async fn a_201_body_with_an_optional_field_of_the_wrong_type_reads_it_as_absent() {
    for body in [r#"{"sid": 42}"#, r#"{"status": ["pending"]}"#] {
        let challenge = create_outcome(201, body).await.0.expect("decodes");
        assert_eq!((challenge.sid, challenge.status), (None, None), "{body}");
    }
}

#[tokio::test]
async fn a_201_body_that_is_a_string_is_a_decode_error() {
    assert_wrong_shape_is_a_decode_error(r#""text""#).await;
}

#[tokio::test]
async fn a_201_body_that_is_an_array_is_a_decode_error() {
    assert_wrong_shape_is_a_decode_error(r#"["not", "an", "object"]"#).await;
    assert_wrong_shape_is_a_decode_error("[]").await;
}

#[tokio::test]
async fn a_long_undecodable_body_is_cut_to_200_characters() {
    let body = format!("{{\"sid\": \"{}", "é".repeat(500));
    let (err, _) = create_answered(201, &body).await;
    match &err {
        Error::Decode { snippet, .. } => {
            assert_eq!(snippet.chars().count(), 200);
            assert!(body.starts_with(snippet.as_str()));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Transport failures.
// ---------------------------------------------------------------------------------------

fn client_for_port(port: u16) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(fast_retry())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_after_one_attempt_for_post() {
    let client = client_for_port(closed_port());
    let (attempts, _guard) = record_attempts();
    let err = client.create_challenge(&create()).await.unwrap_err();
    match &err {
        Error::Transport { operation, source } => {
            assert_eq!(*operation, "CreateChallenge");
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert_eq!(
        attempts.list(),
        [("CreateChallenge".to_owned(), 1)],
        "a POST is never repeated after a transport failure"
    );
    assert!(!err.to_string().contains('\n'));
    assert!(!err.to_string().contains(IDENTITY), "no URL: {err}");
    assert!(!format!("{err:?}").contains(IDENTITY), "no URL: {err:?}");
    assert_error_has_no_secret(&err);
}

#[tokio::test]
async fn a_refused_connection_is_tried_again_for_get() {
    let client = client_for_port(closed_port());
    let (attempts, _guard) = record_attempts();
    let err = client
        .fetch_challenge(&FetchChallengeRequest::new(
            service_sid(),
            IDENTITY,
            challenge_sid(),
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let numbers: Vec<u64> = attempts.list().into_iter().map(|(_, n)| n).collect();
    assert_eq!(numbers, [1, 2, 3], "max_attempts of fast_retry()");
    assert_error_has_no_secret(&err);
}

// ---------------------------------------------------------------------------------------
// Retries.
// ---------------------------------------------------------------------------------------

fn too_many_requests(retry_after: Option<&str>) -> ResponseTemplate {
    let template = ResponseTemplate::new(429).set_body_json(json!({
        "code": 20429,
        "message": "Too Many Requests",
        "more_info": "https://www.twilio.com/docs/errors/20429",
        "status": 429
    }));
    match retry_after {
        Some(value) => template.insert_header("Retry-After", value),
        None => template,
    }
}

#[tokio::test]
async fn a_429_then_201_gives_the_challenge_after_two_identical_posts() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(too_many_requests(Some("0")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_json(challenge_json(CHALLENGE_SID)))
        .mount(&server)
        .await;
    let request = create()
        .details_message("Sign in?")
        .details_fields(fields(3))
        .auth_payload("123456");
    let challenge = client(&server)
        .create_challenge(&request)
        .await
        .expect("second attempt succeeds");
    assert_eq!(
        challenge.sid.as_ref().map(|s| s.as_str()),
        Some(CHALLENGE_SID)
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.method.as_str(), "POST");
        assert_eq!(r.url.path(), challenges_path());
    }
    assert!(!requests[0].body.is_empty());
    assert_eq!(requests[0].body, requests[1].body, "the same body again");
    assert_eq!(
        header(&requests[0], "content-type"),
        header(&requests[1], "content-type")
    );
}

#[tokio::test]
async fn a_429_without_retry_after_is_retried_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(too_many_requests(None))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_json(challenge_json(CHALLENGE_SID)))
        .mount(&server)
        .await;
    client(&server)
        .create_challenge(&create())
        .await
        .expect("second attempt succeeds");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_post_answered_500_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "code": 20500, "message": "Internal Server Error", "status": 500
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_challenge(&create())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.code(), Some(20500));
    assert_error_has_no_secret(&err);
    assert_eq!(
        received(&server).await.len(),
        1,
        "a POST may have been processed"
    );
}

#[tokio::test]
async fn a_get_answered_503_twice_then_200_is_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(challenge_json(CHALLENGE_SID)))
        .mount(&server)
        .await;
    fetch(&server, fast_retry())
        .await
        .expect("the third attempt succeeds");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.method.as_str() == "GET"));
    assert!(requests.iter().all(|r| r.url.path() == challenge_path()));
}

#[tokio::test]
async fn a_get_answered_503_every_time_gives_up_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = fetch(&server, fast_retry()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_error_has_no_secret(&err);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_429_asking_for_longer_than_max_retry_after_is_returned_at_once() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(too_many_requests(Some("3600")))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_challenge(&create())
        .await
        .unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 429);
    assert_eq!(api.code, Some(20429));
    assert_eq!(api.retry_after, Some(Duration::from_secs(3600)));
    assert!(err.is_retryable());
    assert_error_has_no_secret(&err);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_absurd_retry_after_does_not_panic() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(too_many_requests(Some("99999999999999999999999")))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_challenge(&create())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_policy_none_does_not_retry_a_429() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(too_many_requests(Some("0")))
        .mount(&server)
        .await;
    let err = client_with(&server, RetryPolicy::none())
        .create_challenge(&create())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.api().unwrap().retry_after, Some(Duration::ZERO));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_429_every_time_gives_up_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(too_many_requests(Some("0")))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_challenge(&create())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.code(), Some(20429));
    assert_error_has_no_secret(&err);
    assert_eq!(
        received(&server).await.len(),
        3,
        "max_attempts of fast_retry()"
    );
}
