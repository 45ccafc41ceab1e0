//! Each optional response field read as absent (a value of another JSON type than the spec
//! says) is named in a debug-level `tracing` event, without its value. A test binary of its
//! own: `tracing` caches whether a call site is wanted, and another test of the same binary
//! running without a subscriber could make it skip ours.

mod common;

use std::sync::{Arc, Mutex};
use twilio_openapi_test_support::{RawServer, json_answer};
use twilio_verify_challenges::{Client, Credentials, ListChallengeRequest, RetryPolicy};

fn client(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(common::ACCOUNT_SID, "secret-token"))
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_field_read_as_absent_is_named_in_a_debug_event() {
    let body = r#"{"challenges": [{"sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
        {"status": 3, "details": {"message": ["private text"]}}, 9],
        "meta": {"page_size": "fifty"}}"#;
    let server = RawServer::start(json_answer("200 OK", body)).await;
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let request = ListChallengeRequest::new(common::service_sid(), common::IDENTITY);
    let page = {
        let _guard = tracing::subscriber::set_default(subscriber);
        client(&server.url).list_challenge(&request).await
    };
    let page = page.expect("decodes");
    assert_eq!(page.challenges.len(), 2);
    let logs = String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("text");
    let events: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("read as absent"))
        .collect();
    assert_eq!(events.len(), 4, "{logs:?}");
    for (field, got) in [
        ("challenges[1].status", "got an integer"),
        ("challenges[1].details.message", "got an array"),
        ("challenges[2]", "got an integer"),
        ("meta.page_size", "got a string"),
    ] {
        let needle = format!("field=\"{field}\"");
        let event = events
            .iter()
            .find(|e| e.contains(&needle))
            .unwrap_or_else(|| panic!("no event names {field}: {logs}"));
        assert!(event.contains("DEBUG"), "{event}");
        assert!(event.contains("operation=\"ListChallenge\""), "{event}");
        assert!(event.contains(got), "{event}");
    }
    assert!(
        !logs.contains("private text"),
        "values are never logged: {logs}"
    );
}
