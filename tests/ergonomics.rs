//! What a caller writes in a first hour with the crate, compiled and run against a local
//! mock server: `?` on SID parsing, SIDs compared with strings and passed by reference, a
//! list stream returned from a function, date-times in any time zone.

mod common;

use common::*;
use twilio_verify_challenges::{
    Challenge, ChallengeStatus, Client, Error, FetchChallengeRequest, Rule, ServiceSid,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers every request with 200 and `body`.
async fn answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

// ---------------------------------------------------------------------------------------
// `?` on a SID that does not parse, in a function returning the crate's `Error`.
// ---------------------------------------------------------------------------------------

/// Parses its SIDs with `?` straight into the crate's `Error`.
async fn fetch_by_text(client: &Client, service: &str, sid: &str) -> Result<Challenge, Error> {
    let service: ServiceSid = service.parse()?;
    let sid = sid.parse()?;
    client
        .fetch_challenge(&FetchChallengeRequest::new(service, IDENTITY, sid))
        .await
}

#[tokio::test]
async fn sids_parse_with_question_mark_into_the_crate_error() {
    let server = answering(challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    let challenge = fetch_by_text(&client, SERVICE_SID, CHALLENGE_SID)
        .await
        .expect("both SIDs parse and the fetch succeeds");
    assert_eq!(challenge.status, Some(ChallengeStatus::Pending));
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.path(), challenge_path());
}

#[tokio::test]
async fn a_sid_that_does_not_parse_is_an_invalid_request_and_nothing_is_sent() {
    let server = answering(challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    // A challenge SID where the service SID belongs.
    let error = fetch_by_text(&client, CHALLENGE_SID, CHALLENGE_SID)
        .await
        .expect_err("a YC SID is no ServiceSid");
    match &error {
        Error::InvalidRequest(e) => {
            assert_eq!(e.field, "ServiceSid");
            assert_eq!(
                e.rule,
                Rule::Sid {
                    kind: "ServiceSid",
                    prefix: "VA"
                }
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "invalid request: `ServiceSid` is not a ServiceSid: `VA` followed by 32 hexadecimal \
         digits expected"
    );
    // The second SID is checked the same way, naming its own type.
    let error = fetch_by_text(&client, SERVICE_SID, "YCnot-hex")
        .await
        .expect_err("not a ChallengeSid");
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.field == "ChallengeSid"),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}
