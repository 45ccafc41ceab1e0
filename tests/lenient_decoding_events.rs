//! Each optional response field read as absent (a value of another JSON type than the spec
//! says) is named in a debug-level `tracing` event, without its value. A test binary of its
//! own: `tracing` caches whether a call site is wanted, and another test of the same binary
//! running without a subscriber could make it skip ours.

mod common;

use common::Captured;
use twilio_openapi_test_support::{RawServer, json_answer};
use twilio_verify_challenges::ListChallengeRequest;

#[tokio::test]
async fn each_field_read_as_absent_is_named_in_a_debug_event() {
    let body = r#"{"challenges": [{"sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
        {"status": 3, "details": {"message": ["private text"]}}, 9],
        "meta": {"page_size": "fifty"}}"#;
    let server = RawServer::start(json_answer("200 OK", body)).await;
    let request = ListChallengeRequest::new(common::service_sid(), common::IDENTITY);
    let (captured, guard) = Captured::logs(tracing::Level::DEBUG);
    let page = {
        let _guard = guard;
        common::client_at(&server.url)
            .list_challenge(&request)
            .await
    };
    let page = page.expect("decodes");
    assert_eq!(page.challenges.len(), 2);
    let logs = captured.text();
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
