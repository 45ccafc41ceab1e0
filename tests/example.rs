//! Runs `examples/create_challenge.rs` as a user would, against a local server.

mod common;

use std::path::PathBuf;
use std::process::Command;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SERVICE: &str = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const FACTOR: &str = "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const IDENTITY: &str = "ff483d1ff591898a9942916050d2ca3f";
const TOKEN: &str = "example-auth-token-0123456789";

fn example() -> PathBuf {
    common::example_binary("create_challenge")
}

fn run(server: &MockServer, args: &[&str]) -> std::process::Output {
    Command::new(example())
        .args(args)
        .env_clear()
        .env("TWILIO_ACCOUNT_SID", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .env("TWILIO_VERIFY_BASE_URL", server.uri())
        .output()
        .expect("example runs")
}

#[tokio::test]
async fn creates_a_challenge_and_prints_it_as_json() {
    let server = MockServer::start().await;
    let answer = serde_json::json!({
        "sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "status": "pending",
        "factor_type": "push",
        "date_created": "2015-07-30T20:00:00Z",
        "brand_new_field": 1
    });
    Mock::given(method("POST"))
        .and(path(format!(
            "/v2/Services/{SERVICE}/Entities/{IDENTITY}/Challenges"
        )))
        .respond_with(ResponseTemplate::new(201).set_body_json(&answer))
        .expect(1)
        .mount(&server)
        .await;
    let out = run(
        &server,
        &[
            "--service-sid",
            SERVICE,
            "--identity",
            IDENTITY,
            "--factor-sid",
            FACTOR,
            "--message",
            "Sign in?",
            "--field",
            "Location=Berlin",
            "--field",
            "Browser=Firefox 130",
            "--expiration-date",
            "2026-01-01T12:00:00+02:00",
            "--auth-payload",
            "123456",
            "--hidden-details",
            r#"{"ip":"192.0.2.10"}"#,
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {stderr}",
        out.status
    );
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(printed["sid"], "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(printed["status"], "pending");
    assert_eq!(printed["date_created"], "2015-07-30T20:00:00Z");
    assert!(!stderr.contains(TOKEN));

    let sent = server.received_requests().await.expect("recording is on");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        format!(
            "FactorSid={FACTOR}&ExpirationDate=2026-01-01T10%3A00%3A00Z&Details.Message=Sign+in%3F\
             &Details.Fields=%7B%22label%22%3A%22Location%22%2C%22value%22%3A%22Berlin%22%7D\
             &Details.Fields=%7B%22label%22%3A%22Browser%22%2C%22value%22%3A%22Firefox+130%22%7D\
             &HiddenDetails=%7B%22ip%22%3A%22192.0.2.10%22%7D&AuthPayload=123456"
        )
    );
}

#[tokio::test]
async fn invalid_arguments_exit_1_and_send_nothing() {
    let server = MockServer::start().await;
    let cases: &[&[&str]] = &[
        &[
            "--service-sid",
            "VA123",
            "--identity",
            IDENTITY,
            "--factor-sid",
            FACTOR,
        ],
        &[
            "--service-sid",
            SERVICE,
            "--identity",
            "short",
            "--factor-sid",
            FACTOR,
        ],
        &[
            "--service-sid",
            SERVICE,
            "--identity",
            IDENTITY,
            "--factor-sid",
            FACTOR,
            "--field",
            "no-equals-sign",
        ],
        &[
            "--service-sid",
            SERVICE,
            "--identity",
            IDENTITY,
            "--factor-sid",
            FACTOR,
            "--expiration-date",
            "tomorrow",
        ],
        &[
            "--service-sid",
            SERVICE,
            "--identity",
            IDENTITY,
            "--factor-sid",
            FACTOR,
            "--hidden-details",
            "[1]",
        ],
        &[
            "--service-sid",
            SERVICE,
            "--identity",
            IDENTITY,
            "--factor-sid",
            FACTOR,
            "--auth-payload",
            "12",
        ],
        &["--identity", IDENTITY, "--factor-sid", FACTOR],
    ];
    for args in cases {
        let out = run(&server, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let sent = server.received_requests().await.expect("recording is on");
    assert!(sent.is_empty(), "sent {} requests", sent.len());
}

#[tokio::test]
async fn api_errors_exit_1_with_the_message_on_stderr() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "code": 20404, "message": "The requested resource was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404
        })))
        .mount(&server)
        .await;
    let out = run(
        &server,
        &[
            "--service-sid",
            SERVICE,
            "--identity",
            IDENTITY,
            "--factor-sid",
            FACTOR,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("20404") && stderr.contains("HTTP 404"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
