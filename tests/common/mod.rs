//! Helpers shared by the wire-level integration tests: valid SIDs, a client pointed at a
//! local mock server, the response examples of Twilio's Verify v2 spec, and small tools to
//! look at what went over the wire.
//!
//! The spec's examples are not copied here: [`spec_example`] reads them from the real
//! Verify v2 spec (twilio-oai, MIT) at run time, and tests that need one skip (with a note
//! on stderr) when the spec file is absent.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use twilio_verify_challenges::{
    ChallengeSid, Client, CreateChallengeRequest, Credentials, Error, FactorSid,
    FetchChallengeRequest, RetryPolicy, ServiceSid,
};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const AUTH_TOKEN: &str = "secret-token";
pub const SERVICE_SID: &str = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const IDENTITY: &str = "ff483d1ff591898a9942916050d2ca3f";
pub const FACTOR_SID: &str = "YF03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const CHALLENGE_SID: &str = "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// `/v2/Services/{SERVICE_SID}/Entities/{IDENTITY}/Challenges`.
pub fn challenges_path() -> String {
    format!("/v2/Services/{SERVICE_SID}/Entities/{IDENTITY}/Challenges")
}

/// `/v2/Services/{SERVICE_SID}/Entities/{IDENTITY}/Challenges/{CHALLENGE_SID}`.
pub fn challenge_path() -> String {
    format!("{}/{CHALLENGE_SID}", challenges_path())
}

pub fn service_sid() -> ServiceSid {
    SERVICE_SID.parse().expect("valid ServiceSid")
}

pub fn factor_sid() -> FactorSid {
    FACTOR_SID.parse().expect("valid FactorSid")
}

pub fn challenge_sid() -> ChallengeSid {
    CHALLENGE_SID.parse().expect("valid ChallengeSid")
}

/// Retries with delays of a millisecond or so, so that retry tests stay quick.
/// FetchChallenge of the shared service, identity and challenge.
pub fn fetch_request() -> FetchChallengeRequest {
    FetchChallengeRequest::new(service_sid(), IDENTITY, challenge_sid())
}

/// CreateChallenge of the shared service, identity and factor, nothing optional set.
pub fn create_request() -> CreateChallengeRequest {
    CreateChallengeRequest::new(service_sid(), IDENTITY, factor_sid())
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(1),
    }
}

/// A client for the mock server, authenticated with the account SID and auth token.
pub fn client_with(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(server.uri())
        .retry(retry)
        .build()
        .expect("a client for the mock server")
}

/// A client for the mock server with [`fast_retry`].
pub fn client(server: &MockServer) -> Client {
    client_with(server, fast_retry())
}

/// A client for a loopback server at `url` (a `RawServer`'s), authenticated as
/// [`client_with`]'s, that never retries.
pub fn client_at(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()
        .expect("a client for the loopback server")
}

/// Where a test's `tracing` subscriber writes: every line kept, shared by its clones.
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// Captures what this thread logs at `level` and above as plain text lines, until the
    /// guard is dropped.
    pub fn logs(level: tracing::Level) -> (Captured, tracing::subscriber::DefaultGuard) {
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(level)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        (captured, tracing::subscriber::set_default(subscriber))
    }

    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

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

/// Everything the server received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// A header of a received request as text; panics when it is missing.
pub fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .expect("header is text")
}

/// The body of a received request as text.
pub fn body_text(request: &Request) -> &str {
    std::str::from_utf8(&request.body).expect("body is UTF-8")
}

/// Standard base64 with padding (RFC 4648), small enough to check by eye.
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `Basic base64(user:password)`.
pub fn basic_auth(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

/// Fails when `text` holds the auth token (or any other `secret`) in clear or as the
/// base64 of a Basic credential.
pub fn assert_no_secret(text: &str, secret: &str) {
    assert!(
        !text.contains(secret),
        "secret {secret:?} leaked into {text:?}"
    );
    let encoded = base64(format!("{ACCOUNT_SID}:{secret}").as_bytes());
    assert!(
        !text.contains(&encoded),
        "Basic credential leaked into {text:?}"
    );
}

/// Display and Debug of an error never hold the auth token.
pub fn assert_error_has_no_secret(error: &Error) {
    assert_no_secret(&format!("{error}"), AUTH_TOKEN);
    assert_no_secret(&format!("{error:?}"), AUTH_TOKEN);
    assert_no_secret(&format!("{error:#?}"), AUTH_TOKEN);
}

/// A port on the loopback interface where nothing listens: bound, then released.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}

// ---------------------------------------------------------------------------------------
// Counting attempts through the crate's tracing span `twilio.request` (one per attempt).
// ---------------------------------------------------------------------------------------

/// The attempts seen: `(operation, attempt number)` for every `twilio.request` span.
#[derive(Clone, Default)]
pub struct Attempts(Arc<Mutex<Vec<(String, u64)>>>);

impl Attempts {
    pub fn list(&self) -> Vec<(String, u64)> {
        self.0.lock().expect("not poisoned").clone()
    }
}

/// The attempts of each thread that is recording, by thread.
type Recorders = Mutex<HashMap<std::thread::ThreadId, Attempts>>;

fn recorders() -> &'static Recorders {
    static RECORDERS: OnceLock<Recorders> = OnceLock::new();
    RECORDERS.get_or_init(Default::default)
}

/// The one subscriber of the test binary: installed once as the global default and never
/// replaced, so that no test's spans depend on another test thread's subscriber (scoped
/// subscribers share tracing's global interest cache and level filter across threads, and
/// lost spans under load). It hands each `twilio.request` span to the recorder of the
/// thread that opened it.
struct AttemptLayer;

#[derive(Default)]
struct AttemptVisitor {
    operation: String,
    attempt: u64,
}

impl tracing::field::Visit for AttemptVisitor {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "operation" {
            self.operation = value.to_owned();
        }
    }

    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "attempt" {
            self.attempt = value;
        }
    }

    fn record_i64(&mut self, field: &tracing::field::Field, value: i64) {
        if field.name() == "attempt" {
            self.attempt = u64::try_from(value).unwrap_or(0);
        }
    }

    fn record_debug(&mut self, _field: &tracing::field::Field, _value: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for AttemptLayer {
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        _id: &tracing::span::Id,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        if attrs.metadata().name() == "twilio.request" {
            let mut visitor = AttemptVisitor::default();
            attrs.record(&mut visitor);
            let thread = std::thread::current().id();
            if let Some(attempts) = recorders().lock().expect("not poisoned").get(&thread) {
                attempts
                    .0
                    .lock()
                    .expect("not poisoned")
                    .push((visitor.operation, visitor.attempt));
            }
        }
    }
}

/// Stops recording this thread's attempts when dropped.
pub struct RecordingGuard(std::thread::ThreadId);

impl Drop for RecordingGuard {
    fn drop(&mut self) {
        if let Ok(mut map) = recorders().lock() {
            map.remove(&self.0);
        }
    }
}

/// Records every attempt made on this thread while the guard lives. Use it with a
/// current-thread runtime (the default of `#[tokio::test]`).
pub fn record_attempts() -> (Attempts, RecordingGuard) {
    use tracing_subscriber::layer::SubscriberExt;
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(AttemptLayer);
        // Only this module installs a global subscriber in a test binary.
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
    let attempts = Attempts::default();
    let thread = std::thread::current().id();
    recorders()
        .lock()
        .expect("not poisoned")
        .insert(thread, attempts.clone());
    (attempts, RecordingGuard(thread))
}

// ---------------------------------------------------------------------------------------
// The response examples of Twilio's spec, read from the spec file at run time.
// ---------------------------------------------------------------------------------------

/// Where the Verify v2 spec is: `TWILIO_VERIFY_SPEC`, else `../shared/specs/` next to the
/// crate.
pub fn spec_path() -> PathBuf {
    std::env::var_os("TWILIO_VERIFY_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/specs/twilio_verify_v2.yaml"
            ))
        })
}

/// The parsed spec, read once; `None` when the file is not there. A file that is there
/// but cannot be read or parsed fails the test.
fn spec() -> Option<&'static serde_yaml::Value> {
    static SPEC: OnceLock<Option<serde_yaml::Value>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = spec_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => panic!("cannot read the spec {}: {e}", path.display()),
        };
        let spec = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("cannot parse the spec {}: {e}", path.display()));
        Some(spec)
    })
    .as_ref()
}

/// `paths[path][method].responses[status].content["application/json"].examples[name].value`
/// of the spec, as JSON. `None` when the spec file is absent; panics when the file is
/// there but the example is not.
pub fn spec_example(path: &str, method: &str, status: &str, name: &str) -> Option<Value> {
    let spec = spec()?;
    let example = spec
        .get("paths")
        .and_then(|paths| paths.get(path))
        .and_then(|item| item.get(method))
        .and_then(|operation| operation.get("responses"))
        .and_then(|responses| responses.get(status))
        .and_then(|response| response.get("content"))
        .and_then(|content| content.get("application/json"))
        .and_then(|media| media.get("examples"))
        .and_then(|examples| examples.get(name))
        .and_then(|example| example.get("value"))
        .unwrap_or_else(|| {
            panic!(
                "{}: no example at paths[{path:?}][{method:?}].responses[{status:?}]\
                 .content[\"application/json\"].examples[{name:?}].value",
                spec_path().display()
            )
        });
    let json = serde_json::to_value(example).unwrap_or_else(|e| {
        panic!("example {name:?} of {path} {method} {status} is not JSON: {e}")
    });
    Some(json)
}

/// Says on stderr why a test that needs the spec's examples does nothing, e.g.
/// `let Some(example) = example_create_push() else { return skip("createPush"); };`.
pub fn skip(what: &str) {
    eprintln!(
        "skipped ({what}): the Twilio Verify v2 spec is not at {} (set TWILIO_VERIFY_SPEC)",
        spec_path().display()
    );
}

const CHALLENGES: &str = "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges";
const CHALLENGE: &str = "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}";
const NOTIFICATIONS: &str =
    "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{ChallengeSid}/Notifications";

/// CreateChallenge 201, example `createPush`.
pub fn example_create_push() -> Option<Value> {
    spec_example(CHALLENGES, "post", "201", "createPush")
}

/// CreateChallenge 201, example `createTotpWithoutAuthPayload`.
pub fn example_create_totp_without_auth_payload() -> Option<Value> {
    spec_example(CHALLENGES, "post", "201", "createTotpWithoutAuthPayload")
}

/// CreateChallenge 201, example `createTotpWithAuthPayload`.
pub fn example_create_totp_with_auth_payload() -> Option<Value> {
    spec_example(CHALLENGES, "post", "201", "createTotpWithAuthPayload")
}

/// FetchChallenge 200, example `fetchSid`.
pub fn example_fetch_sid() -> Option<Value> {
    spec_example(CHALLENGE, "get", "200", "fetchSid")
}

/// UpdateChallenge 200, example `verifyPush`.
pub fn example_verify_push() -> Option<Value> {
    spec_example(CHALLENGE, "post", "200", "verifyPush")
}

/// UpdateChallenge 200, example `verifyTotp`.
pub fn example_verify_totp() -> Option<Value> {
    spec_example(CHALLENGE, "post", "200", "verifyTotp")
}

/// ListChallenge 200, example `readEmpty`.
pub fn example_read_empty() -> Option<Value> {
    spec_example(CHALLENGES, "get", "200", "readEmpty")
}

/// ListChallenge 200, example `readFull`.
pub fn example_read_full() -> Option<Value> {
    spec_example(CHALLENGES, "get", "200", "readFull")
}

/// CreateNotification 201, example `createWithTtl`.
pub fn example_create_with_ttl() -> Option<Value> {
    spec_example(NOTIFICATIONS, "post", "201", "createWithTtl")
}

/// CreateNotification 201, example `createWithoutTtl`.
pub fn example_create_without_ttl() -> Option<Value> {
    spec_example(NOTIFICATIONS, "post", "201", "createWithoutTtl")
}

// ---------------------------------------------------------------------------------------
// Small response bodies of our own, for tests that need an answer but not the spec's.
// ---------------------------------------------------------------------------------------

/// A small challenge with the given SID, for list pages and plain successful answers.
pub fn challenge_json(sid: &str) -> Value {
    json!({"sid": sid, "status": "pending", "factor_type": "push"})
}

/// `YC` followed by 32 hex digits ending in `n`.
pub fn nth_challenge_sid(n: u8) -> String {
    format!("YC{:032x}", n)
}

/// One list page: the challenges with SIDs `nth_challenge_sid(n)` for each `n`, and the
/// given next-page URL (`None` on the last page).
pub fn page_json(page: i64, sids: &[u8], next_page_url: Option<&str>) -> Value {
    let challenges: Vec<Value> = sids
        .iter()
        .map(|n| challenge_json(&nth_challenge_sid(*n)))
        .collect();
    json!({
        "challenges": challenges,
        "meta": {
            "page": page,
            "page_size": 2,
            "next_page_url": next_page_url,
            "key": "challenges"
        }
    })
}

/// Mounts three pages of a listing with two challenges per page (SIDs 1..=5), linked by
/// absolute next-page URLs on the mock server itself.
pub async fn mount_three_pages(server: &MockServer) {
    let base = format!("{}{}", server.uri(), challenges_path());
    let page1 = format!("{base}?PageSize=2&Page=1&PageToken=PT1");
    let page2 = format!("{base}?PageSize=2&Page=2&PageToken=PT2");
    Mock::given(method("GET"))
        .and(path(challenges_path()))
        .and(query_param_is_missing("Page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(0, &[1, 2], Some(&page1))))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(challenges_path()))
        .and(query_param("Page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(1, &[3, 4], Some(&page2))))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(challenges_path()))
        .and(query_param("Page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(2, &[5], None)))
        .mount(server)
        .await;
}

/// A small notification for [`CHALLENGE_SID`] with the given TTL.
pub fn notification_json(ttl: i64) -> Value {
    json!({
        "sid": "NT0123456789abcdef0123456789abcdef",
        "challenge_sid": CHALLENGE_SID,
        "priority": "high",
        "ttl": ttl
    })
}

/// The binary of example `name`: `cargo test` builds the examples next to the test
/// binaries, in target/<profile>/examples.
pub fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    dir.join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}
