//! How long a call may take: a client started from `http_client_builder` carries the
//! built-in client's timeouts.
//!
//! Nothing here measures wall-clock time. The 30 s default is checked on Tokio's paused
//! clock, which jumps ahead whenever every task waits; the error's kind, not its timing, is
//! what is checked.

use std::time::Duration;
use tokio::io::AsyncWriteExt;
use twilio_openapi_runtime::{
    ClientBuilder, Credentials, DEFAULT_TIMEOUT, Error, RetryPolicy, Scheme, http_client_builder,
};
use twilio_openapi_test_support::RawServer;

#[macro_use]
mod support;
use support::TestClient;

request!(Things, &[Scheme::Basic]);

fn builder(url: &str) -> ClientBuilder<TestClient> {
    ClientBuilder::<TestClient>::default()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "token",
        ))
        .base_url(url)
        .retry(RetryPolicy::none())
}

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
