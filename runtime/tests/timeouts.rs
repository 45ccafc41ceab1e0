//! How long a call may take: a client started from `http_client_builder` carries the
//! built-in client's timeouts, and a deadline bounds a whole call, retries included.
//!
//! Nothing here measures wall-clock time. The 30 s default is checked on Tokio's paused
//! clock, which jumps ahead whenever every task waits; the deadline is short (200 ms) and
//! the error's kind, not its timing, is what is checked.

use std::time::Duration;
use tokio::io::AsyncWriteExt;
use twilio_openapi_runtime::{DEFAULT_TIMEOUT, Error, RetryPolicy, Scheme, http_client_builder};
use twilio_openapi_test_support::{RawServer, json_answer};

#[macro_use]
mod support;
use support::builder;

request!(Things, &[Scheme::Basic]);

/// Seconds of a body sent one byte a second: four times the default timeout.
const DRIP_SECONDS: u64 = 4 * DEFAULT_TIMEOUT.as_secs();

#[tokio::test(start_paused = true)]
async fn a_client_from_http_client_builder_times_out_by_default() {
    let server = RawServer::serve(|mut connection| async move {
        if connection.read_request().await.is_none() {
            return;
        }
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {DRIP_SECONDS}\r\n\r\n");
        if connection.socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..DRIP_SECONDS {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if connection.socket.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let http = http_client_builder()
        .expect("builder")
        .build()
        .expect("client");
    let client = builder(&server.url)
        .http_client(http)
        .build()
        .expect("client");
    let error = client.0.execute(&Things).await.expect_err("timed out");
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.is_timeout()),
        "{error:?}"
    );
}
#[tokio::test]
async fn a_deadline_bounds_a_call_across_its_retries() {
    let server = RawServer::start(json_answer("503 Service Unavailable", "{}")).await;
    let deadline = Duration::from_millis(200);
    let retry = RetryPolicy {
        max_attempts: 50,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(100),
        ..RetryPolicy::default()
    };
    let client = builder(&server.url)
        .retry(retry)
        .deadline(deadline)
        .build()
        .expect("client");
    let error = client.0.execute(&Things).await.expect_err("deadline");
    assert!(
        matches!(&error, Error::Deadline { operation: "Things", deadline: d } if *d == deadline),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(
        server.requests().len() < 50,
        "the retries stopped at the deadline"
    );
}

#[tokio::test]
async fn a_deadline_bounds_an_attempt_that_never_ends() {
    let server = RawServer::serve(|mut connection| async move {
        let _ = connection.read_request().await;
        std::future::pending::<()>().await;
    })
    .await;
    let client = builder(&server.url)
        .timeout(Duration::from_secs(600))
        .deadline(Duration::from_millis(200))
        .build()
        .expect("client");
    let error = client.0.execute(&Things).await.expect_err("deadline");
    assert!(matches!(&error, Error::Deadline { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "Things: no answer within the call's deadline of 200ms (retries included)"
    );
}
