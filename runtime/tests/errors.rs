//! What an error shows of a server's answer: one line, control characters escaped, and
//! never a configured secret, however the server echoes it.

use twilio_openapi_runtime::{ClientBuilder, Credentials, Error, RetryPolicy, Scheme};
use twilio_openapi_test_support::{RawServer, answer};

#[macro_use]
mod support;
use support::TestClient;

request!(Things, &[Scheme::Basic]);

const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AUTH_TOKEN: &str = "auth-token-secret";

fn client(url: &str) -> TestClient {
    ClientBuilder::<TestClient>::default()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

/// The error of one call to a server that answers `answer`.
async fn error_of(answer: String) -> Error {
    let server = RawServer::start(answer).await;
    client(&server.url)
        .0
        .execute(&Things)
        .await
        .expect_err("an error answer")
}

/// Text a log line would be cut or coloured by.
const HOSTILE: &str = "one\nFAKE LOG LINE\r\u{1b}[31mred\u{1b}[0m\u{2028}\u{85}end";

fn assert_one_line(text: &str) {
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}'),
        "control characters in {text:?}"
    );
    assert!(text.contains("FAKE LOG LINE"), "{text}");
}

#[tokio::test]
async fn server_text_in_display_is_one_line_with_control_characters_escaped() {
    let json = serde_json::json!({
        "code": 20001,
        "message": HOSTILE,
        "more_info": format!("https://example.com/{HOSTILE}"),
    });
    let error = error_of(answer(
        "400 Bad Request",
        &["Content-Type: application/json", "Twilio-Request-Id: RQ\t1"],
        &json.to_string(),
    ))
    .await;
    let text = error.to_string();
    assert_one_line(&text);
    assert!(
        text.contains(r"one\nFAKE LOG LINE\r\u{1b}[31mred"),
        "{text}"
    );
    assert!(text.contains(r"RQ\t1"), "{text}");
    assert_eq!(error.api().map(|e| e.message.as_str()), Some(HOSTILE));

    let error = error_of(answer("502 Bad Gateway", &[], HOSTILE)).await;
    assert_one_line(&error.to_string());
}
