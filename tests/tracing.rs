//! What the client logs: operation, method, path template, attempt, status and request
//! id; never credentials, the identity (PII) or bodies.

mod common;

use common::Captured;
use std::time::Duration;
use twilio_verify_challenges::{
    ChallengeDetailsField, Client, CreateChallengeRequest, Credentials, RetryPolicy,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-9f8e7d6c5b4a";
const IDENTITY: &str = "private-user-4242";
const MESSAGE: &str = "Secret message for Alice";

#[tokio::test]
async fn logs_carry_the_operation_and_retries_but_no_secrets_or_pii() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "0")
                .insert_header("Twilio-Request-Id", "RQ0001"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("Twilio-Request-Id", "RQ0002")
                .set_body_json(serde_json::json!({"sid": "YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "identity": IDENTITY})),
        )
        .mount(&server)
        .await;

    let (captured, _guard) = Captured::logs(tracing::Level::TRACE);

    let client = Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            TOKEN,
        ))
        .base_url(server.uri())
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");
    let request = CreateChallengeRequest::new(
        "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            .parse::<twilio_verify_challenges::ServiceSid>()
            .expect("sid"),
        IDENTITY,
        "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            .parse::<twilio_verify_challenges::FactorSid>()
            .expect("sid"),
    )
    .details_message(MESSAGE)
    .details_fields([ChallengeDetailsField::new("Card", "4242")]);
    client
        .create_challenge(&request)
        .await
        .expect("created after one retry");

    let log = String::from_utf8(captured.0.lock().expect("log").clone()).expect("utf-8 log");
    for wanted in [
        "twilio.request",
        "operation=\"CreateChallenge\"",
        "method=POST",
        "path=\"/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges\"",
        "attempt=1",
        "attempt=2",
        "status=429",
        "retrying",
        "request_id=\"RQ0001\"",
    ] {
        assert!(log.contains(wanted), "log lacks {wanted:?}:\n{log}");
    }
    for secret in [
        TOKEN,
        IDENTITY,
        MESSAGE,
        "4242\"",
        "Authorization",
        "Basic ",
    ] {
        assert!(!log.contains(secret), "log leaks {secret:?}:\n{log}");
    }
}
