//! What goes over the wire, byte for byte, for each of the five operations, and how the
//! answers (the examples of Twilio's spec among them) decode. Every test talks to a local
//! mock server and looks at the raw request it received.

mod common;

use chrono::{FixedOffset, TimeZone, Utc};
use common::*;
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use twilio_verify_challenges::{
    Challenge, ChallengeDetailsField, ChallengeReason, ChallengeStatus, CreateChallengeRequest,
    CreateNotificationRequest, Error, FactorType, FetchChallengeRequest, JsonObject,
    ListChallengeRequest, ListOrder, Notification, PageMeta, UpdateChallengeRequest,
};
use wiremock::matchers::{any, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers every request with `status` and the JSON `body`.
async fn serve_json(server: &MockServer, status: u16, body: Value) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

/// Answers every request with `status` and these exact bytes as `application/json`.
async fn serve_raw(server: &MockServer, status: u16, body: &str) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .mount(server)
        .await;
}

fn at_2015_07_30_20h() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2015, 7, 30, 20, 0, 0).unwrap()
}

fn sid_of(challenge: &Challenge) -> &str {
    challenge.sid.as_ref().expect("a sid").as_str()
}

/// A CreateChallenge request using every parameter, with three details fields.
fn full_create_request() -> CreateChallengeRequest {
    // 22:00 at +02:00 is 20:00 UTC.
    let expiration = FixedOffset::east_opt(2 * 3600)
        .unwrap()
        .with_ymd_and_hms(2015, 7, 30, 22, 0, 0)
        .unwrap();
    CreateChallengeRequest::new(service_sid(), IDENTITY, factor_sid())
        .expiration_date(expiration)
        .details_message("Welcome back, Alex! Sign in to Example v2.0?")
        .details_fields([
            ChallengeDetailsField::new("Action", "Sign up"),
            ChallengeDetailsField::new("Location", "Berlin, DE"),
            ChallengeDetailsField::new("Amount", "100 € & \"more\""),
        ])
        .hidden_details([("ip", "192.0.2.10")])
        .auth_payload("12345678")
}

/// Sends `request` with CreateChallenge to a server answering a small challenge and
/// returns the one request it received.
async fn send_create(request: &CreateChallengeRequest) -> wiremock::Request {
    let server = MockServer::start().await;
    serve_json(&server, 201, challenge_json(CHALLENGE_SID)).await;
    client(&server)
        .create_challenge(request)
        .await
        .expect("created");
    let mut requests = received(&server).await;
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

// ---------------------------------------------------------------------------------------
// CreateChallenge: the request.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_challenge_posts_to_the_challenges_of_the_entity() {
    let request = send_create(&full_create_request()).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        request.url.path(),
        "/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Entities/ff483d1ff591898a9942916050d2ca3f/Challenges"
    );
    assert_eq!(request.url.query(), None, "the parameters go in the body");
}

#[tokio::test]
async fn create_challenge_sends_a_urlencoded_form() {
    let request = send_create(&full_create_request()).await;
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(header(&request, "accept"), "application/json");
}

#[tokio::test]
async fn create_challenge_authenticates_with_basic_account_sid_and_auth_token() {
    let request = send_create(&full_create_request()).await;
    // base64("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:secret-token"), computed independently.
    assert_eq!(
        header(&request, "authorization"),
        "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTpzZWNyZXQtdG9rZW4="
    );
    assert_eq!(
        header(&request, "authorization"),
        basic_auth(ACCOUNT_SID, AUTH_TOKEN)
    );
}

#[tokio::test]
async fn create_challenge_identifies_the_crate_in_the_user_agent() {
    let request = send_create(&full_create_request()).await;
    let user_agent = header(&request, "user-agent");
    assert!(
        user_agent.starts_with(&format!(
            "twilio-verify-challenges/{} (",
            env!("CARGO_PKG_VERSION")
        )),
        "{user_agent}"
    );
}

#[tokio::test]
async fn create_challenge_body_is_exactly_the_twilio_form() {
    let request = send_create(&full_create_request()).await;
    let expected = concat!(
        "FactorSid=YF03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "&ExpirationDate=2015-07-30T20%3A00%3A00Z",
        "&Details.Message=Welcome+back%2C+Alex%21+Sign+in+to+Example+v2.0%3F",
        "&Details.Fields=%7B%22label%22%3A%22Action%22%2C%22value%22%3A%22Sign+up%22%7D",
        "&Details.Fields=%7B%22label%22%3A%22Location%22%2C%22value%22%3A%22Berlin%2C+DE%22%7D",
        "&Details.Fields=%7B%22label%22%3A%22Amount%22%2C%22value%22%3A%22100+%E2%82%AC+%26+%5C%22more%5C%22%22%7D",
        "&HiddenDetails=%7B%22ip%22%3A%22192.0.2.10%22%7D",
        "&AuthPayload=12345678",
    );
    assert_eq!(body_text(&request), expected);
}

#[tokio::test]
async fn create_challenge_sends_each_details_field_as_its_own_key_holding_json_text() {
    let request = send_create(&full_create_request()).await;
    let fields: Vec<Value> = url::form_urlencoded::parse(&request.body)
        .filter(|(key, _)| key == "Details.Fields")
        .map(|(_, value)| serde_json::from_str(&value).expect("JSON text"))
        .collect();
    assert_eq!(
        fields,
        [
            json!({"label": "Action", "value": "Sign up"}),
            json!({"label": "Location", "value": "Berlin, DE"}),
            json!({"label": "Amount", "value": "100 € & \"more\""}),
        ]
    );
    let keys: Vec<String> = url::form_urlencoded::parse(&request.body)
        .map(|(key, _)| key.into_owned())
        .collect();
    assert!(
        !keys
            .iter()
            .any(|k| k.contains('[') || k == "DetailsFields" || k == "DetailsMessage"),
        "keys are the spec's names verbatim: {keys:?}"
    );
}

#[tokio::test]
async fn create_challenge_sends_an_offset_expiration_date_in_utc_with_z() {
    // A `DateTime<FixedOffset>`, taken as is by the setter.
    let at_plus_two = chrono::DateTime::parse_from_rfc3339("2015-07-30T22:00:00+02:00").unwrap();
    let request = send_create(
        &CreateChallengeRequest::new(service_sid(), IDENTITY, factor_sid())
            .expiration_date(at_plus_two),
    )
    .await;
    assert_eq!(
        body_text(&request),
        "FactorSid=YF03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&ExpirationDate=2015-07-30T20%3A00%3A00Z"
    );
}

#[tokio::test]
async fn create_challenge_with_only_the_factor_sid_sends_only_that_key() {
    let request = send_create(&CreateChallengeRequest::new(
        service_sid(),
        IDENTITY,
        factor_sid(),
    ))
    .await;
    assert_eq!(
        body_text(&request),
        "FactorSid=YF03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    );
}

// ---------------------------------------------------------------------------------------
// CreateChallenge: decoding the answer.
// ---------------------------------------------------------------------------------------

async fn create_answered_with(body: Value) -> Challenge {
    let server = MockServer::start().await;
    serve_json(&server, 201, body).await;
    client(&server)
        .create_challenge(&CreateChallengeRequest::new(
            service_sid(),
            IDENTITY,
            factor_sid(),
        ))
        .await
        .expect("decoded")
}

async fn create_answered_with_raw(body: &str) -> Challenge {
    let server = MockServer::start().await;
    serve_raw(&server, 201, body).await;
    client(&server)
        .create_challenge(&CreateChallengeRequest::new(
            service_sid(),
            IDENTITY,
            factor_sid(),
        ))
        .await
        .expect("decoded")
}

/// `pointer` of a spec example, which must be there and not null.
fn field<'a>(example: &'a Value, pointer: &str) -> &'a Value {
    match example.pointer(pointer) {
        Some(value) if !value.is_null() => value,
        _ => panic!("the example has no {pointer}: {example}"),
    }
}

/// `pointer` of a spec example, which must be a string.
fn text<'a>(example: &'a Value, pointer: &str) -> &'a str {
    field(example, pointer)
        .as_str()
        .unwrap_or_else(|| panic!("{pointer} of the example is not a string: {example}"))
}

/// `pointer` of a spec example, which must be an RFC 3339 date-time.
fn instant(example: &Value, pointer: &str) -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339(text(example, pointer))
        .unwrap_or_else(|e| panic!("{pointer} of the example is not a date-time: {e}"))
        .with_timezone(&Utc)
}

/// `pointer` of a spec example, which must be an integer.
fn integer(example: &Value, pointer: &str) -> i64 {
    field(example, pointer)
        .as_i64()
        .unwrap_or_else(|| panic!("{pointer} of the example is not an integer: {example}"))
}

/// Checks that `c` holds every field of the spec example `example`, each decoded.
fn assert_matches_example(c: &Challenge, example: &Value) {
    assert_eq!(
        c.sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/sid"))
    );
    assert_eq!(
        c.account_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/account_sid"))
    );
    assert_eq!(
        c.service_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/service_sid"))
    );
    assert_eq!(
        c.entity_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/entity_sid"))
    );
    assert_eq!(c.identity.as_deref(), Some(text(example, "/identity")));
    assert_eq!(
        c.factor_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/factor_sid"))
    );
    assert_eq!(c.date_created, Some(instant(example, "/date_created")));
    assert_eq!(c.date_updated, Some(instant(example, "/date_updated")));
    assert_eq!(c.date_responded, Some(instant(example, "/date_responded")));
    assert_eq!(
        c.expiration_date,
        Some(instant(example, "/expiration_date"))
    );
    let status = c.status.as_ref().expect("a status");
    assert!(status.is_known(), "status {status:?}");
    assert_eq!(status.as_str(), text(example, "/status"));
    let reason = c.responded_reason.as_ref().expect("a responded_reason");
    assert!(reason.is_known(), "responded_reason {reason:?}");
    assert_eq!(reason.as_str(), text(example, "/responded_reason"));
    let factor_type = c.factor_type.as_ref().expect("a factor_type");
    assert!(factor_type.is_known(), "factor_type {factor_type:?}");
    assert_eq!(factor_type.as_str(), text(example, "/factor_type"));
    // `details` is typed: message, date and the label/value fields, read without JSON
    // indexing.
    let details = c.details.as_ref().expect("details");
    assert_eq!(
        details.message.as_deref(),
        Some(text(example, "/details/message"))
    );
    assert_eq!(details.date, Some(instant(example, "/details/date")));
    let fields = field(example, "/details/fields")
        .as_array()
        .expect("details.fields is an array");
    assert!(!fields.is_empty(), "the example has details fields");
    assert_eq!(details.fields.len(), fields.len());
    for (i, f) in details.fields.iter().enumerate() {
        assert_eq!(
            f.label,
            text(example, &format!("/details/fields/{i}/label"))
        );
        assert_eq!(
            f.value,
            text(example, &format!("/details/fields/{i}/value"))
        );
    }
    // The free-form objects: JSON objects, as the example has them.
    let object = |pointer: &str| -> Option<JsonObject> {
        example.pointer(pointer).filter(|m| !m.is_null()).map(|m| {
            m.as_object()
                .expect("an object")
                .clone()
                .into_iter()
                .collect()
        })
    };
    let hidden = c.hidden_details.as_ref().expect("hidden_details");
    assert_eq!(Some(hidden), object("/hidden_details").as_ref());
    assert_eq!(c.metadata, object("/metadata"), "metadata");
    assert_eq!(c.url.as_deref(), Some(text(example, "/url")));
    let links: BTreeMap<String, String> = field(example, "/links")
        .as_object()
        .expect("links is an object")
        .keys()
        .map(|name| {
            (
                name.clone(),
                text(example, &format!("/links/{name}")).to_owned(),
            )
        })
        .collect();
    assert!(!links.is_empty(), "the example has links");
    assert_eq!(c.links, Some(links));
}

#[tokio::test]
async fn create_push_example_of_the_spec_decodes() {
    let Some(example) = example_create_push() else {
        return skip("createPush");
    };
    let c = create_answered_with(example.clone()).await;
    assert_matches_example(&c, &example);
}

#[tokio::test]
async fn create_totp_without_auth_payload_example_of_the_spec_decodes() {
    let Some(example) = example_create_totp_without_auth_payload() else {
        return skip("createTotpWithoutAuthPayload");
    };
    let c = create_answered_with(example.clone()).await;
    assert_matches_example(&c, &example);
}

#[tokio::test]
async fn create_totp_with_auth_payload_example_of_the_spec_decodes() {
    let Some(example) = example_create_totp_with_auth_payload() else {
        return skip("createTotpWithAuthPayload");
    };
    let c = create_answered_with(example.clone()).await;
    assert_matches_example(&c, &example);
}

#[tokio::test]
async fn unknown_enum_values_decode_to_unknown() {
    let mut body = challenge_json(CHALLENGE_SID);
    body["factor_type"] = json!("webauthn");
    body["status"] = json!("something_new");
    body["responded_reason"] = json!("because");
    let c = create_answered_with(body).await;
    assert_eq!(c.factor_type, Some(FactorType::Unknown("webauthn".into())));
    assert_eq!(
        c.status,
        Some(ChallengeStatus::Unknown("something_new".into()))
    );
    assert_eq!(
        c.responded_reason,
        Some(ChallengeReason::Unknown("because".into()))
    );
}

#[tokio::test]
async fn unknown_enum_values_round_trip_through_serde() {
    let Some(mut body) = example_create_push() else {
        return skip("createPush");
    };
    body["factor_type"] = json!("webauthn");
    body["status"] = json!("something_new");
    let c = create_answered_with(body).await;
    let again = serde_json::to_value(&c).expect("serializes");
    assert_eq!(again["factor_type"], json!("webauthn"));
    assert_eq!(again["status"], json!("something_new"));
    let back: Challenge = serde_json::from_value(again).expect("deserializes");
    assert_eq!(back, c);
}

#[tokio::test]
async fn a_challenge_with_every_field_null_decodes() {
    let body = json!({
        "sid": null, "account_sid": null, "service_sid": null, "entity_sid": null,
        "identity": null, "factor_sid": null, "date_created": null, "date_updated": null,
        "date_responded": null, "expiration_date": null, "status": null,
        "responded_reason": null, "details": null, "hidden_details": null,
        "metadata": null, "factor_type": null, "url": null, "links": null
    });
    assert_eq!(body.as_object().unwrap().len(), 18, "all 18 properties");
    let c = create_answered_with(body).await;
    assert_eq!(c, Challenge::default());
}

#[tokio::test]
async fn details_and_the_free_form_objects_decode_leniently() {
    // Details: unknown keys ignored, nulls and missing keys accepted, an odd date read as
    // absent; the free-form objects keep any JSON value, and one sent as the JSON text of
    // an object (Twilio's docs call them "stringified JSON") is read as the object.
    let c = create_answered_with(json!({
        "details": {"message": null, "date": "not a date", "fields": null, "colour": "red"},
        "hidden_details": {"ip": "192.0.2.10", "attempt": 3, "geo": {"lat": 52.5}},
        "metadata": "{\"os\": \"Android\"}"
    }))
    .await;
    let details = c.details.as_ref().expect("details");
    assert_eq!(details.message, None);
    assert_eq!(details.date, None);
    assert!(details.fields.is_empty());
    let hidden = c.hidden_details.as_ref().expect("hidden_details");
    assert_eq!(hidden["ip"], "192.0.2.10");
    assert_eq!(hidden["attempt"], 3);
    assert_eq!(hidden["geo"]["lat"], 52.5);
    assert_eq!(c.metadata.as_ref().expect("metadata")["os"], "Android");

    let c = create_answered_with(json!({
        "details": {"fields": [{"label": "Action", "value": "Sign up"}]},
        "hidden_details": [1, 2],
        "metadata": "not JSON"
    }))
    .await;
    let details = c.details.expect("details");
    assert_eq!(details.message, None);
    assert_eq!(details.fields[0].label, "Action");
    assert_eq!(details.fields[0].value, "Sign up");
    assert_eq!(c.hidden_details, None, "not an object: absent");
    assert_eq!(c.metadata, None, "not an object's JSON text: absent");
}

#[tokio::test]
async fn unknown_extra_fields_are_ignored() {
    let Some(example) = example_create_push() else {
        return skip("createPush");
    };
    let mut body = example.clone();
    body["brand_new_field"] = json!({"nested": [1, 2, 3]});
    body["another"] = json!(42);
    let c = create_answered_with(body).await;
    let plain = create_answered_with(example).await;
    assert_eq!(c, plain);
}

#[tokio::test]
async fn a_malformed_date_decodes_to_none() {
    let c = create_answered_with_raw(&format!(
        r#"{{"sid":"{CHALLENGE_SID}","date_created":"yesterday","date_updated":"2015-13-45T99:00:00Z","expiration_date":12345,"date_responded":"2015-07-30T20:00:00Z"}}"#
    ))
    .await;
    assert_eq!(sid_of(&c), CHALLENGE_SID);
    assert_eq!(c.date_created, None);
    assert_eq!(c.date_updated, None);
    assert_eq!(c.expiration_date, None);
    assert_eq!(c.date_responded, Some(at_2015_07_30_20h()));
}

#[tokio::test]
async fn a_date_with_an_offset_decodes_to_the_same_instant_in_utc() {
    let c = create_answered_with(json!({"date_created": "2015-07-30T22:00:00+02:00"})).await;
    assert_eq!(c.date_created, Some(at_2015_07_30_20h()));
}

// ---------------------------------------------------------------------------------------
// FetchChallenge.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn fetch_challenge_is_a_get_on_the_challenge_path_with_no_body() {
    let server = MockServer::start().await;
    serve_json(&server, 200, challenge_json(CHALLENGE_SID)).await;
    let request = FetchChallengeRequest::new(service_sid(), IDENTITY, challenge_sid());
    client(&server)
        .fetch_challenge(&request)
        .await
        .expect("fetched");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "GET");
    assert_eq!(
        r.url.path(),
        "/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Entities/ff483d1ff591898a9942916050d2ca3f/Challenges/YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    );
    assert_eq!(r.url.query(), None);
    assert!(r.body.is_empty(), "no body: {:?}", body_text(r));
    assert!(r.headers.get("content-type").is_none());
    assert_eq!(
        header(r, "authorization"),
        basic_auth(ACCOUNT_SID, AUTH_TOKEN)
    );
}

#[tokio::test]
async fn fetch_sid_example_of_the_spec_decodes() {
    let Some(example) = example_fetch_sid() else {
        return skip("fetchSid");
    };
    let server = MockServer::start().await;
    serve_json(&server, 200, example.clone()).await;
    let c = client(&server)
        .fetch_challenge(&FetchChallengeRequest::new(
            service_sid(),
            IDENTITY,
            challenge_sid(),
        ))
        .await
        .expect("fetched");
    assert_matches_example(&c, &example);
    assert!(c.metadata.is_some(), "fetchSid carries metadata");
}

// ---------------------------------------------------------------------------------------
// UpdateChallenge.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn update_challenge_posts_auth_payload_and_metadata_as_json_text() {
    let server = MockServer::start().await;
    serve_json(&server, 200, challenge_json(CHALLENGE_SID)).await;
    let request = UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
        .auth_payload("123456")
        .metadata(BTreeMap::from([("device".to_owned(), "tablet".to_owned())]));
    client(&server)
        .update_challenge(&request)
        .await
        .expect("updated");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "POST");
    assert_eq!(r.url.path(), challenge_path());
    assert_eq!(
        header(r, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        body_text(r),
        "AuthPayload=123456&Metadata=%7B%22device%22%3A%22tablet%22%7D"
    );
}

/// Sends `request` with UpdateChallenge to a local server and returns the body it got.
async fn update_body(request: &UpdateChallengeRequest) -> String {
    let server = MockServer::start().await;
    serve_json(&server, 200, challenge_json(CHALLENGE_SID)).await;
    client(&server)
        .update_challenge(request)
        .await
        .expect("updated");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    body_text(&requests[0]).to_owned()
}

#[tokio::test]
async fn map_setters_take_any_pairs_and_send_the_same_json_text() {
    let update = || UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid());
    let expected = "Metadata=%7B%22device%22%3A%22tablet%22%2C%22os%22%3A%22Android+14%22%7D";
    let os = String::from("Android 14");
    // An array of (&str, &str), of (String, String), a HashMap, a JsonObject read back
    // from a response: the same bytes (keys in order, no spaces).
    let from_strs = update().metadata([("os", os.as_str()), ("device", "tablet")]);
    let from_strings = update().metadata(vec![
        ("device".to_owned(), "tablet".to_owned()),
        ("os".to_owned(), os.clone()),
    ]);
    let from_hash_map = update().metadata(std::collections::HashMap::from([
        ("os", Value::from(os.clone())),
        ("device", json!("tablet")),
    ]));
    let received: JsonObject =
        serde_json::from_value(json!({"device": "tablet", "os": "Android 14"})).expect("object");
    let from_response = update().metadata(received);
    for request in [from_strs, from_strings, from_hash_map, from_response] {
        assert_eq!(update_body(&request).await, expected);
    }
}

#[tokio::test]
async fn hidden_details_go_as_json_text_with_characters_escaped() {
    let request = CreateChallengeRequest::new(service_sid(), IDENTITY, factor_sid())
        .hidden_details([("note", "a&b=c \"d\" é"), ("ip", "192.0.2.10")]);
    let sent = send_create(&request).await;
    let body = body_text(&sent);
    assert_eq!(
        body,
        "FactorSid=YF03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
         &HiddenDetails=%7B%22ip%22%3A%22192.0.2.10%22%2C%22note%22%3A%22a%26b%3Dc+%5C%22d%5C%22+%C3%A9%22%7D"
    );
    // The form value decodes to the JSON text of the object, which reads back as the map.
    let sent: BTreeMap<String, String> = form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let object: JsonObject = serde_json::from_str(&sent["HiddenDetails"]).expect("JSON text");
    assert_eq!(object["note"], "a&b=c \"d\" é");
}

#[tokio::test]
async fn a_map_value_that_is_not_a_string_is_refused_before_sending() {
    // Twilio asks for string values in HiddenDetails and Metadata (the spec says
    // `additionalProperties: {type: string}`): a number, a nested object or a null is
    // refused by name, and nothing goes out.
    let server = MockServer::start().await;
    serve_json(&server, 200, challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    for (value, kind) in [
        (json!(3), "number"),
        (json!({"a": "b"}), "object"),
        (Value::Null, "null"),
        (json!(["x"]), "array"),
        (json!(true), "boolean"),
    ] {
        let request = UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
            .metadata([("os", json!("Android")), ("attempt", value)]);
        let err = client
            .update_challenge(&request)
            .await
            .expect_err("refused");
        match &err {
            Error::InvalidRequest(v) => {
                assert_eq!(v.field, "Metadata.attempt");
                assert_eq!(
                    v.rule,
                    twilio_verify_challenges::Rule::WrongType {
                        expected: "string",
                        actual: kind
                    }
                );
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert!(
            err.to_string().contains("`Metadata.attempt` is a JSON"),
            "{err}"
        );
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn verify_push_example_of_the_spec_decodes() {
    let Some(example) = example_verify_push() else {
        return skip("verifyPush");
    };
    let server = MockServer::start().await;
    serve_json(&server, 200, example.clone()).await;
    let c = client(&server)
        .update_challenge(
            &UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
                .auth_payload("123456"),
        )
        .await
        .expect("updated");
    assert_matches_example(&c, &example);
    assert!(c.metadata.is_some(), "verifyPush carries metadata");
}

#[tokio::test]
async fn verify_totp_example_of_the_spec_decodes() {
    let Some(example) = example_verify_totp() else {
        return skip("verifyTotp");
    };
    let server = MockServer::start().await;
    serve_json(&server, 200, example.clone()).await;
    let c = client(&server)
        .update_challenge(
            &UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
                .auth_payload("123456"),
        )
        .await
        .expect("updated");
    assert_matches_example(&c, &example);
}

// ---------------------------------------------------------------------------------------
// ListChallenge.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_challenge_is_a_get_with_the_exact_query_and_no_body() {
    let server = MockServer::start().await;
    serve_json(&server, 200, page_json(0, &[], None)).await;
    let request = ListChallengeRequest::new(service_sid(), IDENTITY)
        .factor_sid(factor_sid())
        .status(ChallengeStatus::Pending)
        .order(ListOrder::Desc)
        .page_size(2)
        .page(0)
        .page_token("PTabc=/+?");
    client(&server)
        .list_challenge(&request)
        .await
        .expect("listed");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "GET");
    assert_eq!(r.url.path(), challenges_path());
    assert_eq!(
        r.url.query(),
        Some(
            "FactorSid=YF03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&Status=pending&Order=desc&PageSize=2&Page=0&PageToken=PTabc%3D%2F%2B%3F"
        )
    );
    assert!(r.body.is_empty());
    assert!(r.headers.get("content-type").is_none());
}

#[tokio::test]
async fn an_unknown_wrapping_a_listed_value_is_sent_as_that_value() {
    let server = MockServer::start().await;
    serve_json(&server, 200, page_json(0, &[], None)).await;
    let hand_built = ChallengeStatus::Unknown("approved".to_owned());
    assert!(hand_built.is_known());
    assert!(!ChallengeStatus::Unknown("archived".to_owned()).is_known());
    let request = ListChallengeRequest::new(service_sid(), IDENTITY).status(hand_built);
    client(&server)
        .list_challenge(&request)
        .await
        .expect("a listed value passes validation");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), Some("Status=approved"));
}

#[tokio::test]
async fn list_challenge_without_filters_sends_no_query() {
    let server = MockServer::start().await;
    serve_json(&server, 200, page_json(0, &[], None)).await;
    client(&server)
        .list_challenge(&ListChallengeRequest::new(service_sid(), IDENTITY))
        .await
        .expect("listed");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
}

/// Checks the paging metadata of a page against the `meta` of a spec example.
fn assert_meta_matches_example(meta: &PageMeta, example: &Value) {
    assert_eq!(meta.page, Some(integer(example, "/meta/page")));
    assert_eq!(meta.page_size, Some(integer(example, "/meta/page_size")));
    assert_eq!(
        meta.first_page_url.as_deref(),
        Some(text(example, "/meta/first_page_url"))
    );
    assert_eq!(meta.url.as_deref(), Some(text(example, "/meta/url")));
    assert_eq!(
        meta.previous_page_url.as_deref(),
        example["meta"]["previous_page_url"].as_str()
    );
    assert_eq!(
        meta.next_page_url.as_deref(),
        example["meta"]["next_page_url"].as_str()
    );
    assert_eq!(meta.key.as_deref(), Some(text(example, "/meta/key")));
}

#[tokio::test]
async fn read_full_example_of_the_spec_decodes() {
    let Some(example) = example_read_full() else {
        return skip("readFull");
    };
    let server = MockServer::start().await;
    serve_json(&server, 200, example.clone()).await;
    let page = client(&server)
        .list_challenge(&ListChallengeRequest::new(service_sid(), IDENTITY))
        .await
        .expect("listed");
    let expected = field(&example, "/challenges")
        .as_array()
        .expect("challenges is an array");
    assert!(!expected.is_empty(), "readFull lists challenges");
    assert_eq!(page.challenges.len(), expected.len());
    for (challenge, expected) in page.challenges.iter().zip(expected) {
        assert_matches_example(challenge, expected);
    }
    assert_meta_matches_example(&page.meta, &example);
}

#[tokio::test]
async fn read_empty_example_of_the_spec_decodes() {
    let Some(example) = example_read_empty() else {
        return skip("readEmpty");
    };
    let server = MockServer::start().await;
    serve_json(&server, 200, example.clone()).await;
    let page = client(&server)
        .list_challenge(&ListChallengeRequest::new(service_sid(), IDENTITY))
        .await
        .expect("listed");
    let expected = field(&example, "/challenges")
        .as_array()
        .expect("challenges is an array");
    assert!(expected.is_empty(), "readEmpty lists nothing");
    assert!(page.challenges.is_empty());
    assert_meta_matches_example(&page.meta, &example);
}

#[tokio::test]
async fn a_list_with_null_challenges_decodes_as_empty() {
    let server = MockServer::start().await;
    serve_raw(
        &server,
        200,
        r#"{"challenges":null,"meta":{"next_page_url":null}}"#,
    )
    .await;
    let page = client(&server)
        .list_challenge(&ListChallengeRequest::new(service_sid(), IDENTITY))
        .await
        .expect("listed");
    assert!(page.challenges.is_empty());
}

// ---------------------------------------------------------------------------------------
// CreateNotification.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_notification_posts_the_ttl() {
    let server = MockServer::start().await;
    serve_json(&server, 201, notification_json(150)).await;
    let request = CreateNotificationRequest::new(service_sid(), IDENTITY, challenge_sid()).ttl(150);
    client(&server)
        .create_notification(&request)
        .await
        .expect("notified");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "POST");
    assert_eq!(
        r.url.path(),
        "/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Entities/ff483d1ff591898a9942916050d2ca3f/Challenges/YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Notifications"
    );
    assert_eq!(
        header(r, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(body_text(r), "Ttl=150");
}

#[tokio::test]
async fn create_notification_without_ttl_sends_an_empty_form() {
    let server = MockServer::start().await;
    serve_json(&server, 201, notification_json(300)).await;
    client(&server)
        .create_notification(&CreateNotificationRequest::new(
            service_sid(),
            IDENTITY,
            challenge_sid(),
        ))
        .await
        .expect("notified");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "POST");
    assert_eq!(body_text(&requests[0]), "");
}

/// Checks that `n` holds every field of the spec example `example`, each decoded.
fn assert_notification_matches_example(n: &Notification, example: &Value) {
    assert_eq!(
        n.sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/sid"))
    );
    assert_eq!(
        n.account_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/account_sid"))
    );
    assert_eq!(
        n.service_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/service_sid"))
    );
    assert_eq!(
        n.entity_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/entity_sid"))
    );
    assert_eq!(n.identity.as_deref(), Some(text(example, "/identity")));
    assert_eq!(
        n.challenge_sid.as_ref().map(|s| s.as_str()),
        Some(text(example, "/challenge_sid"))
    );
    assert_eq!(n.date_created, Some(instant(example, "/date_created")));
    assert_eq!(n.priority.as_deref(), Some(text(example, "/priority")));
    assert_eq!(n.ttl, Some(integer(example, "/ttl")));
}

#[tokio::test]
async fn create_with_ttl_example_of_the_spec_decodes() {
    let Some(example) = example_create_with_ttl() else {
        return skip("createWithTtl");
    };
    let server = MockServer::start().await;
    serve_json(&server, 201, example.clone()).await;
    let n = client(&server)
        .create_notification(
            &CreateNotificationRequest::new(service_sid(), IDENTITY, challenge_sid()).ttl(150),
        )
        .await
        .expect("notified");
    assert_notification_matches_example(&n, &example);
}

#[tokio::test]
async fn create_without_ttl_example_of_the_spec_decodes() {
    let Some(example) = example_create_without_ttl() else {
        return skip("createWithoutTtl");
    };
    let server = MockServer::start().await;
    serve_json(&server, 201, example.clone()).await;
    let n = client(&server)
        .create_notification(&CreateNotificationRequest::new(
            service_sid(),
            IDENTITY,
            challenge_sid(),
        ))
        .await
        .expect("notified");
    assert_notification_matches_example(&n, &example);
}

// ---------------------------------------------------------------------------------------
// Paging.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_stream_follows_next_page_urls_across_three_pages() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);
    let request = ListChallengeRequest::new(service_sid(), IDENTITY).page_size(2);
    let items: Vec<Challenge> = client
        .list_challenge_stream(&request)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every page decodes");
    let sids: Vec<&str> = items.iter().map(sid_of).collect();
    let expected: Vec<String> = (1..=5).map(nth_challenge_sid).collect();
    assert_eq!(sids, expected);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "one request per page");
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("PageSize=2"),
            Some("PageSize=2&Page=1&PageToken=PT1"),
            Some("PageSize=2&Page=2&PageToken=PT2"),
        ]
    );
    for r in &requests {
        assert_eq!(r.method.as_str(), "GET");
        assert_eq!(r.url.path(), challenges_path());
        assert!(r.body.is_empty());
        assert_eq!(
            header(r, "authorization"),
            basic_auth(ACCOUNT_SID, AUTH_TOKEN)
        );
    }
}

#[tokio::test]
async fn taking_three_items_of_two_per_page_fetches_only_two_pages() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);
    let request = ListChallengeRequest::new(service_sid(), IDENTITY).page_size(2);
    let items: Vec<Result<Challenge, Error>> = client
        .list_challenge_stream(&request)
        .take(3)
        .collect()
        .await;
    let sids: Vec<&str> = items
        .iter()
        .map(|i| sid_of(i.as_ref().expect("decoded")))
        .collect();
    let expected: Vec<String> = (1..=3).map(nth_challenge_sid).collect();
    assert_eq!(sids, expected);
    assert_eq!(
        received(&server).await.len(),
        2,
        "the third page is not fetched"
    );
}

#[tokio::test]
async fn a_next_page_url_on_another_origin_is_refused() {
    let server = MockServer::start().await;
    serve_json(
        &server,
        200,
        page_json(
            0,
            &[1, 2],
            Some("https://evil.example.com/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Entities/ff483d1ff591898a9942916050d2ca3f/Challenges?Page=1&PageToken=PT1"),
        ),
    )
    .await;
    let client = client(&server);
    let request = ListChallengeRequest::new(service_sid(), IDENTITY);
    let items: Vec<Result<Challenge, Error>> =
        client.list_challenge_stream(&request).collect().await;
    match items.last() {
        Some(Err(e @ Error::ForeignPageUrl { origin })) => {
            assert_eq!(origin, "https://evil.example.com");
            assert_error_has_no_secret(e);
        }
        other => panic!("expected ForeignPageUrl last, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1, "only the first page");
}

#[tokio::test]
async fn a_next_page_url_on_another_local_server_sends_it_nothing() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    serve_json(&other, 200, page_json(1, &[3], None)).await;
    let foreign = format!("{}{}?Page=1&PageToken=PT1", other.uri(), challenges_path());
    serve_json(&server, 200, page_json(0, &[1, 2], Some(&foreign))).await;
    let client = client(&server);
    let request = ListChallengeRequest::new(service_sid(), IDENTITY);
    let items: Vec<Result<Challenge, Error>> =
        client.list_challenge_stream(&request).collect().await;
    let expected_origin = other.uri();
    assert!(
        matches!(items.last(), Some(Err(Error::ForeignPageUrl { origin })) if *origin == expected_origin),
        "{items:?}"
    );
    assert_eq!(received(&server).await.len(), 1);
    assert!(
        received(&other).await.is_empty(),
        "credentials never go to another origin"
    );
}

#[tokio::test]
async fn items_of_a_page_are_yielded_before_a_foreign_next_page_url_ends_the_stream() {
    let server = MockServer::start().await;
    serve_json(
        &server,
        200,
        page_json(0, &[1, 2], Some("https://evil.example.com/next?Page=1")),
    )
    .await;
    let client = client(&server);
    let request = ListChallengeRequest::new(service_sid(), IDENTITY);
    let items: Vec<Result<Challenge, Error>> =
        client.list_challenge_stream(&request).collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(sid_of(items[0].as_ref().unwrap()), nth_challenge_sid(1));
    assert_eq!(sid_of(items[1].as_ref().unwrap()), nth_challenge_sid(2));
    assert!(matches!(items[2], Err(Error::ForeignPageUrl { .. })));
}

#[tokio::test]
async fn a_next_page_url_repeating_the_current_page_ends_the_stream() {
    let server = MockServer::start().await;
    let page1 = format!("{}{}?Page=1", server.uri(), challenges_path());
    Mock::given(query_param_is_missing("Page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(0, &[1], Some(&page1))))
        .mount(&server)
        .await;
    Mock::given(query_param("Page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(1, &[2], Some(&page1))))
        .mount(&server)
        .await;
    let client = client(&server);
    let request = ListChallengeRequest::new(service_sid(), IDENTITY);
    let items: Vec<Result<Challenge, Error>> =
        client.list_challenge_stream(&request).collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(received(&server).await.len(), 2);
}
