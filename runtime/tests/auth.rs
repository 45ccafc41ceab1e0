//! Authentication on the wire, against a raw local HTTP server: each operation gets the
//! credentials of the first way it accepts that the configured ones satisfy; OAuth 2.0
//! access tokens are obtained once, reused, renewed after they expire; an operation that
//! takes none sends no `Authorization`; a mismatch fails before any I/O; nothing secret
//! is shown by `Debug` or `Display`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use twilio_openapi_runtime::{
    ClientAuthMethod, ClientBuilder, Credentials, Error, RetryPolicy, Scheme, TokenError,
};
use twilio_openapi_test_support::{RawServer, body, header_values, json_answer};

#[macro_use]
mod support;
use support::{ACCOUNT_SID, AUTH_TOKEN, TestClient};

const BEARER: &str = "bearer-token-secret";
const CLIENT_ID: &str = "OQ-client";
/// Needs form-urlencoding before it goes into Basic (RFC 6749 §2.3.1).
const CLIENT_SECRET: &str = "client:secret/+1";
const ENCODED_SECRET: &str = "client%3Asecret%2F%2B1";

/// The token URL the "spec" gives; tests point the client at their own server instead.
const SPEC_TOKEN_URL: &str = "https://auth.example.com/v1/token";

// ---------------------------------------------------------------------------------------
// One request type per set of schemes, as generated code has.
// ---------------------------------------------------------------------------------------

const OAUTH: Scheme = Scheme::OAuth2ClientCredentials {
    token_url: SPEC_TOKEN_URL,
    scopes: &[],
};

request!(BasicOnly, &[Scheme::Basic]);
request!(BearerOnly, &[Scheme::Bearer]);
request!(OAuthOnly, &[OAUTH]);
request!(OAuthOrBasic, &[OAUTH, Scheme::Basic]);
request!(BearerOrNothing, &[Scheme::Bearer, Scheme::None]);
request!(NoCredentials, &[]);
request!(
    Scoped,
    &[Scheme::OAuth2ClientCredentials {
        token_url: SPEC_TOKEN_URL,
        scopes: &["things:read", "things:write"],
    }]
);
request!(
    PlainHttpTokenUrl,
    &[Scheme::OAuth2ClientCredentials {
        token_url: "http://auth.example.com/v1/token",
        scopes: &[],
    }]
);

// ---------------------------------------------------------------------------------------
// The server: reads each request whole (head and `Content-Length` body), keeps its raw
// text, answers and closes the connection.
// ---------------------------------------------------------------------------------------

/// How the token endpoint answers the n-th token request (from 1): status and body.
type TokenAnswer = fn(usize) -> (u16, String);

/// How the API path answers the n-th API request (from 1): its status.
type ApiAnswer = Arc<dyn Fn(usize) -> u16 + Send + Sync>;

/// The shared loopback server, answering `/v1/token` as a token endpoint and anything else
/// as the API.
struct Server {
    raw: RawServer,
}

impl Server {
    async fn start(token_answer: TokenAnswer) -> Self {
        Self::start_with(token_answer, 200).await
    }

    /// `api_status`: what `/v1/Things` answers.
    async fn start_with(token_answer: TokenAnswer, api_status: u16) -> Self {
        Self::start_scripted(token_answer, Arc::new(move |_| api_status)).await
    }

    /// `api_answer`: what `/v1/Things` answers to its n-th request.
    async fn start_scripted(token_answer: TokenAnswer, api_answer: ApiAnswer) -> Self {
        let (tokens, api_calls) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let raw = RawServer::scripted(move |request, _| {
            let (status, body) = if request.starts_with(TOKEN_REQUEST) {
                token_answer(tokens.fetch_add(1, Ordering::SeqCst) + 1)
            } else {
                let n = api_calls.fetch_add(1, Ordering::SeqCst) + 1;
                (api_answer(n), "{}".to_owned())
            };
            json_answer(&format!("{status} X"), &body)
        })
        .await;
        Server { raw }
    }

    fn requests(&self) -> Vec<String> {
        self.raw.requests()
    }

    fn token_requests(&self) -> Vec<String> {
        self.raw.requests_starting_with(TOKEN_REQUEST)
    }

    fn api_requests(&self) -> Vec<String> {
        self.raw.requests_starting_with("GET /v1/Things ")
    }

    /// A client for this server; tokens come from its `/v1/token`.
    fn client(&self, credentials: Credentials) -> TestClient {
        self.builder(credentials).build().expect("client")
    }

    /// The error of `OAuthOnly` called with the OAuth 2.0 client.
    async fn oauth_error(&self) -> Error {
        let result = self.client(oauth_client()).0.execute(&OAuthOnly).await;
        result.expect_err("no access token, or no answer")
    }

    fn builder(&self, credentials: Credentials) -> ClientBuilder<TestClient> {
        ClientBuilder::<TestClient>::default()
            .credentials(credentials)
            .base_url(&self.raw.url)
            .oauth_token_url(format!("{}/v1/token", self.raw.url))
            .retry(RetryPolicy::none())
    }
}

/// The request line's start of a token request.
const TOKEN_REQUEST: &str = "POST /v1/token ";

/// The value of header `name` in a raw request, when it is there once.
fn header(request: &str, name: &str) -> Option<String> {
    let values = header_values(request, name);
    assert!(values.len() <= 1, "{name} sent twice:\n{request}");
    values.first().map(|v| (*v).to_owned())
}

fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// `access_token` = `token-<n>`, for an hour.
fn hour_tokens(n: usize) -> (u16, String) {
    (
        200,
        format!(r#"{{"access_token":"token-{n}","token_type":"Bearer","expires_in":3600}}"#),
    )
}

/// `access_token` = `token-<n>`, for one second.
fn second_tokens(n: usize) -> (u16, String) {
    (
        200,
        format!(r#"{{"access_token":"token-{n}","token_type":"bearer","expires_in":1}}"#),
    )
}

fn oauth_client() -> Credentials {
    Credentials::oauth_client(CLIENT_ID, CLIENT_SECRET)
}

fn basic_credentials() -> Credentials {
    Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN)
}

/// Display, Debug and pretty Debug, to search for secrets.
fn shown(value: &(impl std::fmt::Display + std::fmt::Debug)) -> String {
    format!("{value} {value:?} {value:#?}")
}

fn assert_no_secrets(text: &str) {
    for secret in [AUTH_TOKEN, BEARER, CLIENT_SECRET, ENCODED_SECRET, "token-1"] {
        assert!(!text.contains(secret), "{secret:?} shown in {text}");
    }
}

// ---------------------------------------------------------------------------------------
// Bearer, Basic, none.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_bearer_token_is_sent_as_is() {
    let server = Server::start(hour_tokens).await;
    let client = server.client(Credentials::bearer_token(BEARER));
    client.0.execute(&BearerOnly).await.expect("answered");
    let sent = server.api_requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        header(&sent[0], "authorization").as_deref(),
        Some("Bearer bearer-token-secret")
    );
}

#[tokio::test]
async fn an_operation_that_takes_no_credentials_sends_no_authorization() {
    let server = Server::start(hour_tokens).await;
    let all = basic_credentials()
        .and(Credentials::bearer_token(BEARER))
        .and(oauth_client());
    let client = server.client(all);
    client.0.execute(&NoCredentials).await.expect("answered");
    let sent = server.requests();
    assert_eq!(sent.len(), 1, "no token either: {sent:?}");
    assert_eq!(header(&sent[0], "authorization"), None, "{}", sent[0]);
}

#[tokio::test]
async fn an_optional_scheme_is_used_when_configured_and_skipped_when_not() {
    let server = Server::start(hour_tokens).await;
    server
        .client(basic_credentials())
        .0
        .execute(&BearerOrNothing)
        .await
        .expect("answered without credentials");
    server
        .client(Credentials::bearer_token(BEARER))
        .0
        .execute(&BearerOrNothing)
        .await
        .expect("answered with the token");
    let sent = server.api_requests();
    assert_eq!(header(&sent[0], "authorization"), None);
    assert_eq!(
        header(&sent[1], "authorization").as_deref(),
        Some("Bearer bearer-token-secret")
    );
}

#[tokio::test]
async fn the_first_scheme_the_credentials_satisfy_is_used() {
    let server = Server::start(hour_tokens).await;
    server
        .client(basic_credentials())
        .0
        .execute(&OAuthOrBasic)
        .await
        .expect("answered with Basic");
    assert!(server.token_requests().is_empty(), "Basic needs no token");
    server
        .client(basic_credentials().and(oauth_client()))
        .0
        .execute(&OAuthOrBasic)
        .await
        .expect("answered with the access token");
    let sent = server.api_requests();
    assert_eq!(
        header(&sent[0], "authorization"),
        Some(basic(ACCOUNT_SID, AUTH_TOKEN))
    );
    assert_eq!(
        header(&sent[1], "authorization").as_deref(),
        Some("Bearer token-1"),
        "OAuth 2.0 comes first in the operation's list"
    );
}

#[tokio::test]
async fn credentials_that_fit_no_scheme_fail_before_any_io() {
    let server = Server::start(hour_tokens).await;
    let client = server.client(basic_credentials().and(Credentials::bearer_token(BEARER)));
    let error = client
        .0
        .execute(&OAuthOnly)
        .await
        .expect_err("no OAuth client");
    match &error {
        Error::NoCredentials {
            operation,
            accepted,
        } => {
            assert_eq!(*operation, "OAuthOnly");
            assert_eq!(*accepted, &[OAUTH]);
        }
        other => panic!("expected NoCredentials, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "OAuthOnly: the configured credentials fit none of the ways it accepts: OAuth 2.0 \
         client credentials (Credentials::oauth_client); add them to the client's Credentials"
    );
    assert_no_secrets(&shown(&error));
    let error = server
        .client(Credentials::none())
        .0
        .execute(&BasicOnly)
        .await
        .expect_err("no credentials at all");
    assert!(matches!(error, Error::NoCredentials { .. }), "{error:?}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

// ---------------------------------------------------------------------------------------
// OAuth 2.0 client credentials.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_token_request_is_exactly_the_client_credentials_grant() {
    let server = Server::start(hour_tokens).await;
    let client = server.client(oauth_client());
    client.0.execute(&OAuthOnly).await.expect("answered");
    let tokens = server.token_requests();
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert!(token.starts_with("POST /v1/token HTTP/1.1\r\n"), "{token}");
    assert_eq!(
        header(token, "authorization"),
        Some(basic("OQ-client", ENCODED_SECRET)),
        "RFC 6749 §2.3.1: id and secret form-urlencoded, then Basic"
    );
    assert_eq!(
        header(token, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(token, "accept").as_deref(), Some("application/json"));
    assert_eq!(body(token), "grant_type=client_credentials");
    let api = server.api_requests();
    assert_eq!(
        header(&api[0], "authorization").as_deref(),
        Some("Bearer token-1")
    );
    // The token request went first, the API request after it.
    assert!(server.requests()[0].starts_with("POST /v1/token "));
}

#[tokio::test]
async fn the_client_secret_goes_in_the_body_when_asked() {
    let server = Server::start(hour_tokens).await;
    let client = server
        .builder(oauth_client())
        .oauth_client_auth(ClientAuthMethod::SecretPost)
        .build()
        .expect("client");
    client.0.execute(&OAuthOnly).await.expect("answered");
    let token = &server.token_requests()[0];
    assert_eq!(header(token, "authorization"), None, "{token}");
    assert_eq!(
        body(token),
        format!("grant_type=client_credentials&client_id=OQ-client&client_secret={ENCODED_SECRET}")
    );
}

#[tokio::test]
async fn the_operations_scopes_are_asked_for() {
    let server = Server::start(hour_tokens).await;
    let client = server.client(oauth_client());
    client.0.execute(&Scoped).await.expect("answered");
    assert_eq!(
        body(&server.token_requests()[0]),
        "grant_type=client_credentials&scope=things%3Aread+things%3Awrite"
    );
}

#[tokio::test]
async fn the_access_token_is_reused() {
    let server = Server::start(hour_tokens).await;
    let client = server.client(oauth_client());
    client.0.execute(&OAuthOnly).await.expect("first call");
    client.0.execute(&OAuthOnly).await.expect("second call");
    assert_eq!(server.token_requests().len(), 1);
    let api = server.api_requests();
    assert_eq!(api.len(), 2);
    for request in &api {
        assert_eq!(
            header(request, "authorization").as_deref(),
            Some("Bearer token-1")
        );
    }
}

#[tokio::test]
async fn an_expired_access_token_is_renewed() {
    let server = Server::start(second_tokens).await;
    let client = server.client(oauth_client());
    client.0.execute(&OAuthOnly).await.expect("first call");
    // The token lives one second; the client renews it a tenth of that before.
    tokio::time::sleep(Duration::from_secs(1)).await;
    client.0.execute(&OAuthOnly).await.expect("second call");
    assert_eq!(server.token_requests().len(), 2);
    let api = server.api_requests();
    assert_eq!(
        header(&api[0], "authorization").as_deref(),
        Some("Bearer token-1")
    );
    assert_eq!(
        header(&api[1], "authorization").as_deref(),
        Some("Bearer token-2")
    );
}

#[tokio::test]
async fn concurrent_first_calls_fetch_one_token() {
    let server = Server::start(hour_tokens).await;
    let client = server.client(oauth_client());
    let calls = (0..5).map(|_| client.0.execute(&OAuthOnly));
    for result in futures_util::future::join_all(calls).await {
        result.expect("answered");
    }
    assert_eq!(server.token_requests().len(), 1);
    let api = server.api_requests();
    assert_eq!(api.len(), 5);
    for request in &api {
        assert_eq!(
            header(request, "authorization").as_deref(),
            Some("Bearer token-1")
        );
    }
}

#[tokio::test]
async fn a_token_the_api_refuses_is_dropped() {
    let server = Server::start_with(hour_tokens, 401).await;
    let client = server.client(oauth_client());
    let error = client.0.execute(&OAuthOnly).await.expect_err("401");
    assert_eq!(error.status(), Some(401));
    let _ = client.0.execute(&OAuthOnly).await;
    assert_eq!(
        server.token_requests().len(),
        2,
        "a new token after the 401"
    );
    let api = server.api_requests();
    assert_eq!(
        header(&api[1], "authorization").as_deref(),
        Some("Bearer token-2")
    );
}

#[tokio::test]
async fn a_cached_token_the_api_refuses_is_replaced_and_the_request_sent_again() {
    // The second API request is refused: the token it carried came from the cache.
    let server =
        Server::start_scripted(hour_tokens, Arc::new(|n| if n == 2 { 401 } else { 200 })).await;
    let client = server.client(oauth_client());
    client.0.execute(&OAuthOnly).await.expect("first call");
    client
        .0
        .execute(&OAuthOnly)
        .await
        .expect("second call, sent again with a new token");
    assert_eq!(server.token_requests().len(), 2);
    let sent: Vec<Option<String>> = server
        .api_requests()
        .iter()
        .map(|r| header(r, "authorization"))
        .collect();
    assert_eq!(
        sent,
        [
            Some("Bearer token-1".to_owned()),
            Some("Bearer token-1".to_owned()),
            Some("Bearer token-2".to_owned()),
        ],
        "the refused request once more, with the new token (retries are off)"
    );
}

#[tokio::test]
async fn a_request_is_sent_again_once_only_after_a_refused_token() {
    // Every API request after the first is refused.
    let server =
        Server::start_scripted(hour_tokens, Arc::new(|n| if n == 1 { 200 } else { 401 })).await;
    let client = server.client(oauth_client());
    client.0.execute(&OAuthOnly).await.expect("first call");
    let error = client.0.execute(&OAuthOnly).await.expect_err("401 twice");
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        server.api_requests().len(),
        3,
        "the refused request is sent once more, not again after a new token is refused too"
    );
    assert_eq!(server.token_requests().len(), 2);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_tried_again_as_the_retry_policy_says() {
    fn unavailable_once(n: usize) -> (u16, String) {
        if n == 1 {
            (503, r#"{"error":"temporarily_unavailable"}"#.to_owned())
        } else {
            hour_tokens(n)
        }
    }
    let server = Server::start(unavailable_once).await;
    let client = server
        .builder(oauth_client())
        .retry(RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");
    client.0.execute(&OAuthOnly).await.expect("answered");
    assert_eq!(server.token_requests().len(), 2, "503, then the token");
    let api = server.api_requests();
    assert_eq!(api.len(), 1);
    assert_eq!(
        header(&api[0], "authorization").as_deref(),
        Some("Bearer token-2")
    );
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_the_client_is_asked_once() {
    fn refuse(_: usize) -> (u16, String) {
        (400, r#"{"error":"invalid_client"}"#.to_owned())
    }
    let server = Server::start(refuse).await;
    let client = server
        .builder(oauth_client())
        .retry(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");
    let error = client.0.execute(&OAuthOnly).await.expect_err("refused");
    assert!(
        matches!(
            &error,
            Error::Token {
                source: TokenError::Refused { status: 400, .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.token_requests().len(), 1, "a refusal is not retried");
    assert!(server.api_requests().is_empty());
}

#[tokio::test]
async fn a_refusal_of_the_token_endpoint_is_a_typed_error_without_secrets() {
    fn refuse(_: usize) -> (u16, String) {
        (
            401,
            format!(
                r#"{{"error":"invalid_client","error_description":"unknown secret {CLIENT_SECRET}"}}"#
            ),
        )
    }
    let server = Server::start(refuse).await;
    let client = server.client(oauth_client());
    let error = client.0.execute(&OAuthOnly).await.expect_err("refused");
    match &error {
        Error::Token {
            operation,
            source:
                TokenError::Refused {
                    status,
                    error,
                    description,
                    ..
                },
        } => {
            assert_eq!(*operation, "OAuthOnly");
            assert_eq!(*status, 401);
            assert_eq!(error.as_deref(), Some("invalid_client"));
            assert_eq!(description.as_deref(), Some("unknown secret <redacted>"));
        }
        other => panic!("expected a token refusal, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "OAuthOnly: cannot obtain an OAuth 2.0 access token: the token endpoint answered HTTP \
         401: invalid_client (unknown secret <redacted>)"
    );
    assert_no_secrets(&shown(&error));
    assert!(
        server.api_requests().is_empty(),
        "the operation was not sent"
    );
}

/// The error of a call whose token request `refuse` answers, after checking it shows no
/// form of the client secret.
async fn refusal_without_secrets(refuse: TokenAnswer) -> Error {
    use base64::Engine as _;
    let server = Server::start(refuse).await;
    let error = server.oauth_error().await;
    let shown = shown(&error);
    assert_no_secrets(&shown);
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{ENCODED_SECRET}"));
    assert!(
        !shown.contains(&basic[16..]),
        "base64 of the secret in {shown}"
    );
    for start in ["client:sec", "client%3Asec", "client%3ase"] {
        assert!(!shown.contains(start), "{start} in {shown}");
    }
    assert!(shown.contains("<redacted>"), "{shown}");
    error
}

#[tokio::test]
async fn a_token_endpoint_echoing_the_client_secret_in_any_form_shows_none() {
    fn form_encoded(_: usize) -> (u16, String) {
        let message = format!("client_id={CLIENT_ID}&client_secret={ENCODED_SECRET} is unknown");
        (400, serde_json::json!({ "message": message }).to_string())
    }
    fn lowercase_percent(_: usize) -> (u16, String) {
        (401, "bad secret client%3asecret%2f%2b1".to_owned())
    }
    fn base64_header(_: usize) -> (u16, String) {
        let basic = basic(CLIENT_ID, ENCODED_SECRET);
        let description = format!("unknown client in {basic}");
        let json = serde_json::json!({"error": "invalid_client", "error_description": description});
        (401, json.to_string())
    }
    fn cut_by_the_snippet(_: usize) -> (u16, String) {
        (500, format!("{}{CLIENT_SECRET} and more", "x".repeat(195)))
    }
    fn cut_in_base64(_: usize) -> (u16, String) {
        (
            500,
            format!("{}{}", "x".repeat(180), basic(CLIENT_ID, ENCODED_SECRET)),
        )
    }
    for refuse in [
        form_encoded,
        lowercase_percent,
        base64_header,
        cut_by_the_snippet,
        cut_in_base64,
    ] {
        refusal_without_secrets(refuse).await;
    }
}

#[tokio::test]
async fn an_api_error_echoing_the_access_token_shows_none() {
    let raw = RawServer::scripted(|request, _| {
        if request.starts_with(TOKEN_REQUEST) {
            return json_answer(
                "200 OK",
                r#"{"access_token":"token-1","token_type":"bearer"}"#,
            );
        }
        let sent = header(request, "authorization").unwrap_or_default();
        json_answer(
            "403 Forbidden",
            &serde_json::json!({ "message": sent }).to_string(),
        )
    })
    .await;
    let server = Server { raw };
    let error = server.oauth_error().await;
    assert_no_secrets(&shown(&error));
    assert!(error.to_string().ends_with("Bearer <redacted>"), "{error}");
}

#[tokio::test]
async fn a_refusal_of_the_token_endpoint_is_shown_on_one_line() {
    fn refuse(_: usize) -> (u16, String) {
        let json = serde_json::json!({
            "error": "invalid_client\nFAKE LOG LINE",
            "error_description": "\u{1b}[31mred\r\u{2028}",
        });
        (401, json.to_string())
    }
    let server = Server::start(refuse).await;
    let error = server.oauth_error().await;
    let text = error.to_string();
    assert!(
        !text.chars().any(|c| c.is_control() || c == '\u{2028}'),
        "{text:?}"
    );
    assert!(
        text.ends_with(r"invalid_client\nFAKE LOG LINE (\u{1b}[31mred\r\u{2028})"),
        "{text}"
    );
}

#[tokio::test]
async fn an_answer_without_an_access_token_is_a_typed_error() {
    fn no_token(_: usize) -> (u16, String) {
        (200, r#"{"token_type":"bearer"}"#.to_owned())
    }
    let server = Server::start(no_token).await;
    let error = server.oauth_error().await;
    assert!(
        matches!(
            &error,
            Error::Token {
                source: TokenError::Invalid { status: 200, .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert!(server.api_requests().is_empty());
}

#[tokio::test]
async fn a_plain_http_token_url_of_the_spec_is_refused() {
    let server = Server::start(hour_tokens).await;
    let client = ClientBuilder::<TestClient>::default()
        .credentials(oauth_client())
        .base_url(&server.raw.url)
        .build()
        .expect("client");
    let error = client
        .0
        .execute(&PlainHttpTokenUrl)
        .await
        .expect_err("the client secret would travel in clear");
    assert!(
        matches!(&error, Error::Config(m) if m.contains("OAuth 2.0 token URL")),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_token_url_with_user_info_is_refused() {
    let server = Server::start(hour_tokens).await;
    let with_user_info = server
        .raw
        .url
        .replacen("http://", "http://tok-user:tok-pa55@", 1);
    let result = server
        .builder(oauth_client())
        .oauth_token_url(format!("{with_user_info}/v1/token"))
        .build();
    match result {
        Err(Error::Config(message)) => {
            assert!(message.contains("OAuth 2.0 token URL"), "{message}");
            assert!(!message.contains("tok-pa55"), "{message}");
        }
        Err(other) => panic!("expected a configuration error, got {other:?}"),
        Ok(client) => {
            let _ = client.0.execute(&OAuthOnly).await;
            panic!("built; the server got {:#?}", server.requests());
        }
    }
    assert!(server.requests().is_empty());
}

/// Whether `request` carries the client secret in any form.
fn holds_client_secret(request: &str) -> bool {
    let basic = basic(CLIENT_ID, ENCODED_SECRET);
    [CLIENT_SECRET, ENCODED_SECRET, "client%3asecret", &basic]
        .iter()
        .any(|form| request.contains(form))
}

#[tokio::test]
async fn the_client_secret_never_follows_a_redirect_of_the_token_endpoint() {
    // Another origin: the same loopback address, another port.
    let elsewhere = RawServer::start(json_answer(
        "200 OK",
        r#"{"access_token":"foreign","token_type":"bearer","expires_in":3600}"#,
    ))
    .await;
    let follows = twilio_openapi_runtime::http_client_builder()
        .expect("builder")
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .expect("a client that follows redirects");
    for status in [
        "307 Temporary Redirect",
        "308 Permanent Redirect",
        "303 See Other",
        "302 Found",
    ] {
        for method in [ClientAuthMethod::SecretPost, ClientAuthMethod::SecretBasic] {
            let location = format!("Location: {}/v1/token", elsewhere.url);
            let token_endpoint = RawServer::start(twilio_openapi_test_support::answer(
                status,
                &[&location],
                "",
            ))
            .await;
            let client = ClientBuilder::<TestClient>::default()
                .credentials(oauth_client())
                .base_url(&token_endpoint.url)
                .oauth_token_url(format!("{}/v1/token", token_endpoint.url))
                .oauth_client_auth(method)
                .http_client(follows.clone())
                .retry(RetryPolicy::none())
                .build()
                .expect("client");
            let result = client.0.execute(&OAuthOnly).await;
            let asked = token_endpoint.requests_starting_with(TOKEN_REQUEST);
            assert!(holds_client_secret(&asked[0]), "the token endpoint got it");
            for request in elsewhere.requests() {
                assert!(
                    !holds_client_secret(&request),
                    "{status}, {method:?}: the secret went to another origin:\n{request}"
                );
            }
            assert!(
                matches!(
                    &result,
                    Err(Error::Token {
                        source: TokenError::Redirected { .. },
                        ..
                    })
                ),
                "{status}, {method:?}: {result:?}"
            );
            assert!(
                token_endpoint
                    .requests_starting_with("GET /v1/Things")
                    .is_empty(),
                "{status}, {method:?}: no foreign token used"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Configuration and Debug.
// ---------------------------------------------------------------------------------------

#[test]
fn debug_never_shows_a_secret() {
    let all = basic_credentials()
        .and(Credentials::bearer_token(BEARER))
        .and(oauth_client());
    let text = format!("{all:?} {all:#?}");
    assert_no_secrets(&text);
    assert!(
        text.contains(ACCOUNT_SID) && text.contains(CLIENT_ID),
        "{text}"
    );
    let builder = ClientBuilder::<TestClient>::default().credentials(all.clone());
    assert_no_secrets(&format!("{builder:?}"));
    let client = builder
        .base_url("https://things.example.com")
        .build()
        .expect("client");
    assert_no_secrets(&format!("{:?}", client.0));
}

#[test]
fn the_environment_gives_oauth_and_bearer_credentials() {
    let lookup = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let builder = ClientBuilder::<TestClient>::from_lookup(lookup(&[
        ("TWILIO_CLIENT_ID", CLIENT_ID),
        ("TWILIO_CLIENT_SECRET", CLIENT_SECRET),
        ("TWILIO_BEARER_TOKEN", BEARER),
    ]))
    .expect("OAuth and bearer credentials");
    let text = format!("{builder:?}");
    assert!(
        text.contains(CLIENT_ID) && text.contains("bearer_token"),
        "{text}"
    );
    let error =
        ClientBuilder::<TestClient>::from_lookup(lookup(&[("TWILIO_CLIENT_ID", CLIENT_ID)]))
            .expect_err("a client id without its secret");
    assert!(
        error.to_string().contains("TWILIO_CLIENT_SECRET"),
        "{error}"
    );
    let error = ClientBuilder::<TestClient>::from_lookup(lookup(&[])).expect_err("nothing set");
    for name in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_CLIENT_ID",
        "TWILIO_BEARER_TOKEN",
    ] {
        assert!(error.to_string().contains(name), "{error}");
    }
}

#[test]
fn a_plain_http_token_url_override_is_refused_off_loopback() {
    let result = ClientBuilder::<TestClient>::default()
        .credentials(oauth_client())
        .oauth_token_url("http://auth.example.com/v1/token")
        .build();
    assert!(
        matches!(&result, Err(Error::Config(m)) if m.contains("OAuth 2.0 token URL")),
        "{:?}",
        result.err()
    );
}
