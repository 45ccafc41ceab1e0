//! What an error shows of a server's answer: one line, control characters escaped, and
//! never a configured secret, however the server echoes it.

use twilio_openapi_runtime::{Error, Scheme};
use twilio_openapi_test_support::{RawServer, answer};

#[macro_use]
mod support;
use support::{ACCOUNT_SID, AUTH_TOKEN, TestClient, builder};

request!(Things, &[Scheme::Basic]);

fn client(url: &str) -> TestClient {
    builder(url).build().expect("client")
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

/// The `Authorization` header's credentials: the base64 of `account:token`.
fn basic() -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{AUTH_TOKEN}"))
}

/// Forms of the auth token a server might echo: as is, percent-encoded, as the client sent
/// it in the `Authorization` header, inside other base64.
fn secret_forms() -> Vec<String> {
    use base64::Engine as _;
    let other = base64::engine::general_purpose::URL_SAFE.encode(format!("t={AUTH_TOKEN};"));
    vec![
        AUTH_TOKEN.to_owned(),
        "auth%2Dtoken%2dsecret".to_owned(),
        basic(),
        other,
    ]
}

fn assert_no_secret(error: &Error) {
    let shown = format!("{error} {error:?} {error:#?}");
    let mut forms = secret_forms();
    // The part of the header's base64 that encodes the token alone.
    forms.push(basic()[48..].to_owned());
    for form in forms {
        assert!(!shown.contains(&form), "{form:?} shown in {shown}");
    }
    assert!(
        !shown.contains("auth-tok"),
        "the start of the token in {shown}"
    );
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn a_401_echoing_the_authorization_header_shows_no_secret() {
    let server = RawServer::scripted(|request, _| {
        let sent = twilio_openapi_test_support::header(request, "authorization").unwrap_or("");
        answer("401 Unauthorized", &[], &format!("you sent: {sent}"))
    })
    .await;
    let error = client(&server.url)
        .0
        .execute(&Things)
        .await
        .expect_err("refused");
    assert_no_secret(&error);
    assert!(
        error.to_string().contains("you sent: Basic <redacted>"),
        "{error}"
    );
}

#[tokio::test]
async fn a_json_message_or_details_holding_the_token_show_no_secret() {
    for form in secret_forms() {
        let json = serde_json::json!({
            "code": 20003,
            "message": format!("Authenticate: {form} is wrong"),
            "more_info": format!("https://example.com/?t={form}"),
            "details": { "sent": form, form.clone(): [form] },
        });
        let error = error_of(answer(
            "401 Unauthorized",
            &[
                "Content-Type: application/json",
                &format!("Twilio-Request-Id: {form}"),
            ],
            &json.to_string(),
        ))
        .await;
        assert_no_secret(&error);
        assert_eq!(error.code(), Some(20003));
    }
}

#[tokio::test]
async fn a_secret_cut_by_the_body_snippet_leaves_no_part_of_it() {
    for pad in [185, 190, 195, 198] {
        let body = format!("{}{AUTH_TOKEN} and more", "x".repeat(pad));
        for status in ["500 Internal Server Error", "200 OK"] {
            let error = error_of(answer(status, &[], &body)).await;
            assert_no_secret(&error);
        }
    }
}

#[tokio::test]
async fn a_problem_details_body_gives_its_title_detail_link_and_extensions() {
    let json = serde_json::json!({
        "type": "https://example.com/errors#UNPROCESSABLE_ENTITY",
        "title": "Invalid request",
        "status": 422,
        "detail": format!("token {AUTH_TOKEN} is not valid"),
        "validation": [{"location": ["body", "FactorSid"], "message": "must match pattern"}],
    });
    let error = error_of(answer(
        "422 Unprocessable Entity",
        &["Content-Type: application/problem+json"],
        &json.to_string(),
    ))
    .await;
    assert_no_secret(&error);
    let api = error.api().expect("an API error");
    assert_eq!(api.status, 422);
    assert!(
        api.message.starts_with("Invalid request: token "),
        "{}",
        api.message
    );
    assert_eq!(
        api.more_info.as_deref(),
        Some("https://example.com/errors#UNPROCESSABLE_ENTITY")
    );
    let details = api.details.as_ref().expect("the extensions as details");
    assert_eq!(details["validation"][0]["location"][1], "FactorSid");
    assert!(details.get("status").is_none(), "{details}");
    assert!(api.body_snippet.is_none());

    // A body with neither title nor detail is no problem description: kept as a snippet.
    let error = error_of(answer(
        "422 Unprocessable Entity",
        &["Content-Type: application/problem+json"],
        r#"{"status":422}"#,
    ))
    .await;
    let api = error.api().expect("an API error");
    assert_eq!(api.message, "Unprocessable Entity");
    assert!(api.body_snippet.is_some());
}
