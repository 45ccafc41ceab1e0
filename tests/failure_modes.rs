//! Failures below HTTP: a server that never answers, one that hangs up, one that sends
//! less than it announced. Each ends in a typed error, never a panic or a hang.

mod common;

use std::time::Duration;
use twilio_openapi_test_support::RawServer;
use twilio_verify_challenges::{Client, Credentials, Error, RetryPolicy};

/// A server that reads each request and never answers, holding the connection open.
async fn silent_server() -> RawServer {
    RawServer::serve(|mut connection| async move {
        let _ = connection.read_request().await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await
}

fn client(url: &str, timeout: Duration, attempts: u32) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token-xyz",
        ))
        .base_url(url)
        .timeout(timeout)
        .retry(RetryPolicy {
            max_attempts: attempts,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_and_get_is_retried() {
    let server = silent_server().await;
    let c = client(&server.url, Duration::from_millis(200), 2);
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        c.fetch_challenge(&common::fetch_request()),
    )
    .await
    .expect("the client gives up by itself")
    .expect_err("no answer");
    match &err {
        Error::Transport { operation, source } => {
            assert_eq!(*operation, "FetchChallenge");
            assert!(source.is_timeout(), "{source:?}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(server.connections(), 2, "GET tried twice");
}

#[tokio::test]
async fn a_post_that_times_out_is_not_retried() {
    let server = silent_server().await;
    let c = client(&server.url, Duration::from_millis(200), 3);
    let err = c
        .create_challenge(&common::create_request())
        .await
        .expect_err("no answer");
    assert!(
        matches!(&err, Error::Transport { source, .. } if source.is_timeout()),
        "{err:?}"
    );
    assert_eq!(server.connections(), 1, "POST sent once");
}

#[tokio::test]
async fn a_connection_closed_before_the_answer_is_a_transport_error() {
    let server = RawServer::start("").await;
    let err = client(&server.url, Duration::from_secs(5), 1)
        .create_challenge(&common::create_request())
        .await
        .expect_err("hung up");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.to_string().contains("secret-token-xyz"));
}

#[tokio::test]
async fn a_body_shorter_than_announced_is_a_transport_error() {
    let server = RawServer::start(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"sid\": \"YC",
    )
    .await;
    let err = client(&server.url, Duration::from_secs(5), 1)
        .create_challenge(&common::create_request())
        .await
        .expect_err("truncated");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[tokio::test]
async fn a_complete_but_cut_json_document_is_a_decode_error() {
    let server = RawServer::start(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"sid\": \"YC",
    )
    .await;
    let err = client(&server.url, Duration::from_secs(5), 1)
        .create_challenge(&common::create_request())
        .await
        .expect_err("cut JSON");
    match err {
        Error::Decode {
            status,
            snippet,
            operation,
            ..
        } => {
            assert_eq!(status, 201);
            assert_eq!(operation, "CreateChallenge");
            assert_eq!(snippet, "{\"sid\": \"YC");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_timeout_set_on_the_builder_applies_to_a_user_supplied_client_too() {
    let server = silent_server().await;
    let c = Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token-xyz",
        ))
        .base_url(&server.url)
        .http_client(
            twilio_verify_challenges::http_client_builder()
                .unwrap()
                .build()
                .unwrap(),
        )
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        c.fetch_challenge(&common::fetch_request()),
    )
    .await
    .expect("the per-request timeout fires")
    .expect_err("no answer");
    assert!(
        matches!(&err, Error::Transport { source, .. } if source.is_timeout()),
        "{err:?}"
    );
    assert_eq!(server.connections(), 1);
}
