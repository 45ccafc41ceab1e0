//! Client configuration as it shows on the wire: which base URLs are accepted, where the
//! credentials come from and how they are sent, the User-Agent, redirects, and that
//! secrets stay out of every Debug and Display.

mod common;

use common::*;
use std::collections::HashMap;
use twilio_verify_challenges::{
    Client, ClientBuilder, Credentials, DEFAULT_BASE_URL, Error, FetchChallengeRequest, RetryPolicy,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY_SID: &str = "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const API_KEY_SECRET: &str = "api-key-secret";

fn builder() -> ClientBuilder {
    Client::builder().credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
}

/// The message of a configuration error; panics on any other outcome.
fn config_error<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(e @ Error::Config(_)) => {
            assert_error_has_no_secret(&e);
            assert_no_secret(&e.to_string(), API_KEY_SECRET);
            let Error::Config(message) = e else {
                unreachable!()
            };
            message
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

/// A variable lookup over a fixed map, as `ClientBuilder::from_lookup` wants it.
fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| vars.get(name).cloned()
}

fn fetch_request() -> FetchChallengeRequest {
    FetchChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
}

async fn fetch_ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(challenge_json(CHALLENGE_SID)))
        .mount(&server)
        .await;
    server
}

/// Sends one FetchChallenge with `client` and returns the Authorization header the
/// server received.
async fn authorization_sent(server: &MockServer, client: &Client) -> String {
    client
        .fetch_challenge(&fetch_request())
        .await
        .expect("fetched");
    let requests = received(server).await;
    assert_eq!(requests.len(), 1);
    header(&requests[0], "authorization").to_owned()
}

#[test]
fn the_base64_helper_matches_the_rfc_7617_example() {
    assert_eq!(
        basic_auth("Aladdin", "open sesame"),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
}

// ---------------------------------------------------------------------------------------
// Base URL.
// ---------------------------------------------------------------------------------------

#[test]
fn plain_http_to_a_host_that_is_not_loopback_is_refused() {
    let message = config_error(builder().base_url("http://verify.example.com").build());
    assert!(message.contains("http://"), "{message}");
}

#[test]
fn plain_http_to_a_host_that_is_not_loopback_is_allowed_when_asked_for() {
    let client = builder()
        .base_url("http://verify.example.com")
        .allow_insecure_http(true)
        .build()
        .expect("explicitly allowed");
    assert_eq!(client.base_url(), "http://verify.example.com");
}

#[test]
fn plain_http_to_loopback_is_allowed() {
    for url in [
        "http://127.0.0.1:8080",
        "http://localhost:8080",
        "http://[::1]:8080",
    ] {
        let client = builder().base_url(url).build().expect(url);
        assert_eq!(client.base_url(), url);
    }
}

#[test]
fn names_that_only_look_like_loopback_are_not_loopback() {
    for url in [
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
        "http://10.0.0.1",
    ] {
        config_error(builder().base_url(url).build());
    }
}

#[test]
fn a_base_url_of_another_scheme_is_refused() {
    config_error(builder().base_url("ftp://verify.twilio.com").build());
}

#[test]
fn a_base_url_that_is_not_a_url_is_refused() {
    config_error(builder().base_url("verify.twilio.com").build());
}

#[test]
fn a_base_url_with_a_query_or_user_info_is_refused() {
    for url in [
        "https://verify.twilio.com?x=1",
        "https://verify.twilio.com#top",
        "https://user@verify.twilio.com",
    ] {
        config_error(builder().base_url(url).build());
    }
}

#[test]
fn a_base_url_with_only_a_password_is_refused() {
    config_error(
        builder()
            .base_url("https://:hunter2@verify.twilio.com")
            .build(),
    );
}

#[test]
fn building_without_credentials_is_refused() {
    config_error(
        Client::builder()
            .base_url("https://verify.twilio.com")
            .build(),
    );
}

#[test]
fn the_default_base_url_is_the_spec_server() {
    assert_eq!(DEFAULT_BASE_URL, "https://verify.twilio.com");
    assert_eq!(builder().build().unwrap().base_url(), DEFAULT_BASE_URL);
    let client = Client::new(ACCOUNT_SID, AUTH_TOKEN).unwrap();
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
}

#[test]
fn a_trailing_slash_of_the_base_url_is_dropped() {
    let client = builder()
        .base_url("https://verify.twilio.com/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://verify.twilio.com");
}

#[test]
fn region_and_edge_change_the_host() {
    let region = builder().region("ie1").build().unwrap();
    assert_eq!(region.base_url(), "https://verify.ie1.twilio.com");
    let both = builder().region("au1").edge("sydney").build().unwrap();
    assert_eq!(both.base_url(), "https://verify.sydney.au1.twilio.com");
    let edge = builder().edge("dublin").build().unwrap();
    assert_eq!(edge.base_url(), "https://verify.dublin.us1.twilio.com");
}

#[tokio::test]
async fn a_base_url_with_a_path_prefixes_every_request() {
    let server = fetch_ok_server().await;
    let client = builder()
        .base_url(format!("{}/proxy/twilio/", server.uri()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    client.fetch_challenge(&fetch_request()).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.path(),
        format!("/proxy/twilio{}", challenge_path())
    );
}

// ---------------------------------------------------------------------------------------
// Credentials from variables.
// ---------------------------------------------------------------------------------------

#[test]
fn from_lookup_without_anything_asks_for_the_account_sid() {
    let message = config_error(ClientBuilder::from_lookup(lookup(&[])));
    assert!(message.contains("TWILIO_ACCOUNT_SID"), "{message}");
}

#[test]
fn from_lookup_with_only_a_token_asks_for_the_account_sid() {
    let message = config_error(ClientBuilder::from_lookup(lookup(&[(
        "TWILIO_AUTH_TOKEN",
        AUTH_TOKEN,
    )])));
    assert!(message.contains("TWILIO_ACCOUNT_SID"), "{message}");
}

#[test]
fn from_lookup_with_only_an_account_sid_asks_for_a_token() {
    let message = config_error(ClientBuilder::from_lookup(lookup(&[(
        "TWILIO_ACCOUNT_SID",
        ACCOUNT_SID,
    )])));
    assert!(message.contains("TWILIO_AUTH_TOKEN"), "{message}");
}

#[test]
fn from_lookup_with_an_api_key_but_no_secret_is_refused() {
    let message = config_error(ClientBuilder::from_lookup(lookup(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_API_KEY", API_KEY_SID),
    ])));
    assert!(message.contains("TWILIO_API_SECRET"), "{message}");
}

#[test]
fn from_lookup_with_an_api_secret_but_no_key_is_refused() {
    let message = config_error(ClientBuilder::from_lookup(lookup(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_API_SECRET", API_KEY_SECRET),
    ])));
    assert!(message.contains("TWILIO_API_KEY"), "{message}");
}

#[tokio::test]
async fn from_lookup_with_account_sid_and_token_sends_them_as_basic_auth() {
    let server = fetch_ok_server().await;
    let client = ClientBuilder::from_lookup(lookup(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_VERIFY_BASE_URL", &server.uri()),
    ]))
    .unwrap()
    .retry(RetryPolicy::none())
    .build()
    .unwrap();
    assert_eq!(client.base_url(), server.uri());
    assert_eq!(
        authorization_sent(&server, &client).await,
        basic_auth(ACCOUNT_SID, AUTH_TOKEN)
    );
}

#[tokio::test]
async fn from_lookup_with_an_api_key_and_secret_sends_the_key_sid_as_user() {
    let server = fetch_ok_server().await;
    let client = ClientBuilder::from_lookup(lookup(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_API_KEY", API_KEY_SID),
        ("TWILIO_API_SECRET", API_KEY_SECRET),
        ("TWILIO_VERIFY_BASE_URL", &server.uri()),
    ]))
    .unwrap()
    .retry(RetryPolicy::none())
    .build()
    .unwrap();
    // base64("SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:api-key-secret"), computed independently.
    assert_eq!(
        authorization_sent(&server, &client).await,
        "Basic U0thYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTphcGkta2V5LXNlY3JldA=="
    );
}

#[tokio::test]
async fn from_lookup_prefers_an_api_key_over_the_auth_token() {
    let server = fetch_ok_server().await;
    let client = ClientBuilder::from_lookup(lookup(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_API_KEY", API_KEY_SID),
        ("TWILIO_API_SECRET", API_KEY_SECRET),
        ("TWILIO_VERIFY_BASE_URL", &server.uri()),
    ]))
    .unwrap()
    .retry(RetryPolicy::none())
    .build()
    .unwrap();
    assert_eq!(
        authorization_sent(&server, &client).await,
        basic_auth(API_KEY_SID, API_KEY_SECRET)
    );
}

#[tokio::test]
async fn api_key_credentials_send_the_key_sid_as_user() {
    let server = fetch_ok_server().await;
    let credentials = Credentials::api_key(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET);
    assert_eq!(credentials.account_sid(), Some(ACCOUNT_SID));
    let client = Client::builder()
        .credentials(credentials)
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert_eq!(
        authorization_sent(&server, &client).await,
        basic_auth(API_KEY_SID, API_KEY_SECRET)
    );
}

#[test]
fn from_lookup_reads_region_and_edge() {
    let client = ClientBuilder::from_lookup(lookup(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_REGION", "ie1"),
        ("TWILIO_EDGE", "dublin"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "https://verify.dublin.ie1.twilio.com");
}

// ---------------------------------------------------------------------------------------
// User-Agent.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn user_agent_extensions_are_appended_in_order() {
    let server = fetch_ok_server().await;
    let client = builder()
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .user_agent_extension("my-app/1.2")
        .user_agent_extension("framework/3")
        .build()
        .unwrap();
    client.fetch_challenge(&fetch_request()).await.unwrap();
    let requests = received(&server).await;
    let user_agent = header(&requests[0], "user-agent");
    assert!(
        user_agent.starts_with(&format!(
            "twilio-verify-challenges/{} (",
            env!("CARGO_PKG_VERSION")
        )),
        "{user_agent}"
    );
    assert!(
        user_agent.ends_with(" my-app/1.2 framework/3"),
        "{user_agent}"
    );
}

#[test]
fn a_user_agent_extension_that_cannot_be_a_header_is_refused() {
    config_error(builder().user_agent_extension("bad\nagent").build());
}

// ---------------------------------------------------------------------------------------
// Secrets.
// ---------------------------------------------------------------------------------------

#[test]
fn debug_of_credentials_hides_the_token_and_the_api_secret() {
    let token = Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN);
    let text = format!("{token:?} {token:#?}");
    assert_no_secret(&text, AUTH_TOKEN);
    assert!(
        text.contains(ACCOUNT_SID),
        "the account is not secret: {text}"
    );
    let key = Credentials::api_key(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET);
    let text = format!("{key:?} {key:#?}");
    assert_no_secret(&text, API_KEY_SECRET);
    assert!(text.contains(API_KEY_SID), "{text}");
}

#[test]
fn debug_of_the_builder_hides_the_token() {
    let b = builder().base_url("https://verify.twilio.com");
    assert_no_secret(&format!("{b:?} {b:#?}"), AUTH_TOKEN);
    let from_vars = ClientBuilder::from_lookup(lookup(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_API_KEY", API_KEY_SID),
        ("TWILIO_API_SECRET", API_KEY_SECRET),
    ]))
    .unwrap();
    assert_no_secret(&format!("{from_vars:?} {from_vars:#?}"), API_KEY_SECRET);
}

#[test]
fn debug_of_the_client_hides_the_token() {
    let client = builder().build().unwrap();
    let text = format!("{client:?} {client:#?}");
    assert_no_secret(&text, AUTH_TOKEN);
    assert!(text.contains("verify.twilio.com"), "{text}");
}

// ---------------------------------------------------------------------------------------
// Redirects.
// ---------------------------------------------------------------------------------------

/// A server answering every request with `status` and `Location: location`.
async fn redirecting(status: u16, location: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
        .mount(&server)
        .await;
    server
}

/// A client of `server` with its own HTTP client.
fn client_with_http(server: &MockServer, http: reqwest::Client) -> Client {
    builder()
        .base_url(server.uri())
        .http_client(http)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let elsewhere = fetch_ok_server().await;
    let server = redirecting(302, format!("{}{}", elsewhere.uri(), challenge_path())).await;
    let client = builder()
        .base_url(server.uri())
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.fetch_challenge(&fetch_request()).await.unwrap_err();
    // FetchChallenge documents a 200: a redirect is an error that says so.
    assert!(
        matches!(err, Error::UnexpectedRedirect { status: 302, .. }),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(302));
    assert!(!err.is_retryable());
    assert_error_has_no_secret(&err);
    assert_eq!(received(&server).await.len(), 1);
    assert!(
        received(&elsewhere).await.is_empty(),
        "the credentials never reach the redirect target"
    );
}

#[tokio::test]
async fn a_client_started_from_http_client_builder_follows_no_redirect_either() {
    // To the same server, where reqwest's default policy would keep the credentials.
    let server = redirecting(307, challenge_path()).await;
    let http = twilio_verify_challenges::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let err = client_with_http(&server, http)
        .fetch_challenge(&fetch_request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedRedirect { status: 307, .. }),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_redirect_followed_by_a_user_supplied_http_client_never_carries_the_credentials() {
    let elsewhere = fetch_ok_server().await;
    let server = redirecting(302, format!("{}{}", elsewhere.uri(), challenge_path())).await;
    // A client that follows redirects (as reqwest's default policy does; the runtime's
    // `http_client_builder` follows none): the credentials must still stay home.
    let http = twilio_verify_challenges::http_client_builder()
        .unwrap()
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .unwrap();
    let _ = client_with_http(&server, http)
        .fetch_challenge(&fetch_request())
        .await;
    assert_eq!(received(&server).await.len(), 1);
    for request in received(&elsewhere).await {
        assert!(
            request.headers.get("authorization").is_none(),
            "credentials went to {}",
            request.url
        );
    }
}
