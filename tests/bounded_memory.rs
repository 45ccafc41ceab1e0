//! Bounded memory whatever the server sends: answers are read up to the client's byte
//! limit (`ClientBuilder::max_response_bytes`), as they arrive, whatever `Content-Length`
//! says or does not say; past it the call fails with `Error::ResponseTooLarge`, the
//! connection is dropped and nothing is retried. Each case runs against a raw local TCP
//! server that writes exactly the bytes under test.

mod common;

use std::process::Command;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use twilio_openapi_test_support::RawServer;
use twilio_verify_challenges::{Client, Credentials, Error, RetryPolicy};

const SERVICE: &str = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const IDENTITY: &str = "ff483d1ff591898a9942916050d2ca3f";
const SID: &str = "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const LIMIT: u64 = 4096;

/// What the server sends after the status line and its own headers.
#[derive(Clone, Copy)]
enum Body {
    /// `Content-Length: n`, then a challenge padded with spaces to exactly `n` bytes.
    Sized(usize),
    /// `Transfer-Encoding: chunked`, the same padded challenge of `n` bytes in 1 KiB chunks.
    Chunked(usize),
    /// `Transfer-Encoding: chunked`, spaces without end (until the client hangs up, or
    /// 256 MiB at the most, so that the test ends whatever the client does).
    Endless,
}

/// A challenge as JSON text, padded with leading spaces to `len` bytes.
fn padded_challenge(len: usize) -> Vec<u8> {
    let json = format!(r#"{{"sid":"{SID}","status":"pending"}}"#);
    let mut body = vec![b' '; len.saturating_sub(json.len())];
    body.extend_from_slice(json.as_bytes());
    body
}

/// A raw HTTP/1.1 server answering every request with `status` and `body`, keeping each
/// connection open afterwards.
async fn raw_server(status: u16, body: Body) -> RawServer {
    RawServer::serve(move |mut connection| async move {
        // One request per connection is all these tests send on it.
        let _ = connection.read_request().await;
        let socket = &mut connection.socket;
        let head = |framing: String| {
            format!(
                "HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\n\
                 Twilio-Request-Id: RQ123\r\n{framing}\r\n\r\n"
            )
        };
        let _ = match body {
            Body::Sized(n) => {
                let mut answer = head(format!("Content-Length: {n}")).into_bytes();
                answer.extend(padded_challenge(n));
                socket.write_all(&answer).await
            }
            Body::Chunked(n) => {
                let mut answer = head("Transfer-Encoding: chunked".into()).into_bytes();
                for chunk in padded_challenge(n).chunks(1024) {
                    answer.extend(format!("{:x}\r\n", chunk.len()).into_bytes());
                    answer.extend_from_slice(chunk);
                    answer.extend_from_slice(b"\r\n");
                }
                answer.extend_from_slice(b"0\r\n\r\n");
                socket.write_all(&answer).await
            }
            Body::Endless => {
                let head = head("Transfer-Encoding: chunked".into());
                let mut result = socket.write_all(head.as_bytes()).await;
                let mut chunk = b"10000\r\n".to_vec();
                chunk.extend(vec![b' '; 0x10000]);
                chunk.extend_from_slice(b"\r\n");
                for _ in 0..4096 {
                    if result.is_err() {
                        break;
                    }
                    result = socket.write_all(&chunk).await;
                }
                result
            }
        };
        // Keep the connection open: a client that reused it would not open another.
        tokio::time::sleep(Duration::from_secs(10)).await;
    })
    .await
}

fn client(url: &str, limit: Option<u64>) -> Client {
    let mut builder = Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token-xyz",
        ))
        .base_url(url)
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        });
    if let Some(limit) = limit {
        builder = builder.max_response_bytes(limit);
    }
    builder.build().expect("client")
}

fn assert_too_large(error: &Error, status: u16) {
    match error {
        Error::ResponseTooLarge {
            operation,
            status: s,
            limit,
            request_id,
        } => {
            assert_eq!(*s, status);
            assert_eq!(*limit, LIMIT);
            assert_eq!(request_id.as_deref(), Some("RQ123"));
            assert_eq!(error.status(), Some(status));
            assert_eq!(error.request_id(), Some("RQ123"));
            assert!(!error.is_retryable());
            assert!(error.to_string().contains("limit of 4096 bytes"), "{error}");
            assert!(!operation.is_empty());
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_at_the_limit_decodes() {
    for body in [Body::Sized(LIMIT as usize), Body::Chunked(LIMIT as usize)] {
        let server = raw_server(200, body).await;
        let challenge = client(&server.url, Some(LIMIT))
            .fetch_challenge(&common::fetch_request())
            .await
            .expect("a body of exactly the limit is read");
        assert_eq!(challenge.sid.as_ref().map(|s| s.as_str()), Some(SID));
    }
}

#[tokio::test]
async fn one_byte_over_the_limit_fails_whatever_the_framing() {
    for body in [
        Body::Sized(LIMIT as usize + 1),
        Body::Chunked(LIMIT as usize + 1),
    ] {
        let server = raw_server(200, body).await;
        let err = client(&server.url, Some(LIMIT))
            .fetch_challenge(&common::fetch_request())
            .await
            .expect_err("over the limit");
        assert_too_large(&err, 200);
    }
}

#[tokio::test]
async fn an_error_answer_over_the_limit_fails_the_same_way_and_keeps_its_status() {
    let server = raw_server(400, Body::Chunked(LIMIT as usize * 2)).await;
    let create = common::create_request();
    let err = client(&server.url, Some(LIMIT))
        .create_challenge(&create)
        .await
        .expect_err("over the limit");
    assert_too_large(&err, 400);
}

#[tokio::test]
async fn an_endless_chunked_answer_stops_at_the_limit_within_the_attempt_timeout() {
    let server = raw_server(200, Body::Endless).await;
    // The attempt timeout is 20 s; the guard here only keeps a broken client from
    // hanging the suite. Reaching the cap is what ends the call.
    let err = tokio::time::timeout(
        Duration::from_secs(30),
        client(&server.url, Some(LIMIT)).fetch_challenge(&common::fetch_request()),
    )
    .await
    .expect("the call ends")
    .expect_err("over the limit");
    assert_too_large(&err, 200);
}

#[tokio::test]
async fn over_the_limit_is_not_retried_and_the_connection_is_not_reused() {
    // A GET, which is retried on transient failures: a read stopped by the limit is not one.
    // The body (4 MiB) is far larger than what the HTTP stack buffers on its own, so the
    // connection still has unread bytes when the call gives up; the server answers only
    // one request per connection, so a reused connection would hang until the 20 s
    // attempt timeout instead of failing at once.
    let server = raw_server(200, Body::Sized(4 * 1024 * 1024)).await;
    let c = client(&server.url, Some(LIMIT));
    let err = c
        .fetch_challenge(&common::fetch_request())
        .await
        .expect_err("over the limit");
    assert_too_large(&err, 200);
    assert_eq!(server.connections(), 1, "no second attempt");
    // The part-read connection was dropped: the next call opens a new one (a reused one
    // would get no answer before the server hangs up, 10 s later).
    let err = tokio::time::timeout(
        Duration::from_secs(5),
        c.fetch_challenge(&common::fetch_request()),
    )
    .await
    .expect("a new connection answers at once")
    .expect_err("over the limit");
    assert_too_large(&err, 200);
    assert_eq!(server.connections(), 2, "a new connection");
}

#[tokio::test]
async fn the_default_limit_is_far_above_a_page_of_a_thousand_challenges() {
    assert_eq!(
        twilio_verify_challenges::DEFAULT_MAX_RESPONSE_BYTES,
        16 * 1024 * 1024
    );
    // A 4 MiB answer (larger than a page of 1,000 challenges) passes the default limit.
    let server = raw_server(200, Body::Chunked(4 * 1024 * 1024)).await;
    let challenge = client(&server.url, None)
        .fetch_challenge(&common::fetch_request())
        .await
        .expect("within the default limit");
    assert_eq!(challenge.sid.as_ref().map(|s| s.as_str()), Some(SID));
}

#[tokio::test]
async fn the_example_exits_1_with_one_line_on_an_endless_answer() {
    let server = raw_server(201, Body::Endless).await;
    let output = tokio::task::spawn_blocking(move || {
        Command::new(common::example_binary("create_challenge"))
            .args([
                "--service-sid",
                SERVICE,
                "--identity",
                IDENTITY,
                "--factor-sid",
                "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ])
            .env_clear()
            .env("TWILIO_ACCOUNT_SID", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
            .env("TWILIO_AUTH_TOKEN", "example-auth-token-0123456789")
            .env("TWILIO_VERIFY_BASE_URL", server.url)
            .output()
            .expect("the example runs")
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(output.stdout.is_empty(), "nothing on stdout");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("larger than the limit of 16777216 bytes"),
        "{stderr}"
    );
}
