//! A request that may carry a body but has nothing to send (an update with no field set)
//! says so with `Content-Length: 0`, as Twilio's SDKs do (RFC 9110 asks it of a POST
//! without content; some servers answer 411 without it); a GET says nothing of a body. The
//! raw bytes are read from a loopback server.

mod common;

use common::{IDENTITY, challenge_sid, service_sid};
use twilio_openapi_test_support::{RawServer, header, header_values, json_answer, request_line};
use twilio_verify_challenges::{
    Client, Credentials, FetchChallengeRequest, UpdateChallengeRequest,
};

fn client(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token-xyz",
        ))
        .base_url(url)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_post_with_no_field_set_sends_content_length_zero() {
    let server = RawServer::start(json_answer("200 OK", "{}")).await;
    let request = UpdateChallengeRequest::new(service_sid(), IDENTITY, challenge_sid());
    client(&server.url)
        .update_challenge(&request)
        .await
        .expect("updated");
    let raw = server.only_request();
    assert!(request_line(&raw).starts_with("POST "), "{raw}");
    assert_eq!(header_values(&raw, "content-length"), ["0"], "{raw}");
    assert_eq!(
        header(&raw, "content-type"),
        Some("application/x-www-form-urlencoded"),
        "{raw}"
    );
    assert_eq!(twilio_openapi_test_support::body(&raw), "");
}

#[tokio::test]
async fn a_get_says_nothing_of_a_body() {
    let server = RawServer::start(json_answer("200 OK", "{}")).await;
    let request = FetchChallengeRequest::new(service_sid(), IDENTITY, challenge_sid());
    client(&server.url)
        .fetch_challenge(&request)
        .await
        .expect("fetched");
    let raw = server.only_request();
    assert!(request_line(&raw).starts_with("GET "), "{raw}");
    assert_eq!(header(&raw, "content-length"), None, "{raw}");
    assert_eq!(header(&raw, "transfer-encoding"), None, "{raw}");
}
