//! The client: configuration, credentials, sending with retries, decoding, paging.
//!
//! Generated code adds one method per operation to [`Client`]; each builds nothing
//! itself but hands its request (a type implementing [`Request`]) to
//! [`Client::execute`] or [`Client::paginate`].

use crate::error::{ApiError, Error};
use crate::validate::ValidationError;
use crate::wire::{Body, BodyKind, FormEncoder, PathBuilder};
use futures_util::{Stream, TryStreamExt};
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;
use url::Url;

/// What the runtime needs to know about an operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, e.g. `CreateChallenge`.
    pub id: &'static str,
    /// HTTP method.
    pub method: reqwest::Method,
    /// Path template, e.g. `/v2/Services/{ServiceSid}/...`; logged instead of the path.
    pub path: &'static str,
    /// The body it sends.
    pub body: BodyKind,
    /// What a successful answer holds.
    pub response: ResponseKind,
    /// Parameters the spec marks as personal data; never logged.
    pub pii: &'static [&'static str],
}

/// What a successful answer holds, as far as decoding cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// A JSON object (a struct): any other JSON value is a decode error, even one serde
    /// would accept for a struct, such as an array.
    Object,
    /// Any JSON value.
    Value,
    /// Nothing: the body, if any, is ignored.
    Empty,
}

/// A request of one operation: implemented by every generated `*Request` type.
pub trait Request {
    /// What a successful answer decodes into.
    type Response: DeserializeOwned;

    /// The operation this request belongs to.
    const OPERATION: Operation;

    /// Checks every constraint of the spec.
    fn validate(&self) -> Result<(), ValidationError>;

    /// Writes the path, parameters percent-encoded.
    fn write_path(&self, path: &mut PathBuilder) -> Result<(), ValidationError>;

    /// Writes the query parameters.
    fn write_query(&self, _query: &mut FormEncoder) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Writes header parameters as plain pairs.
    fn write_headers(&self, _headers: &mut FormEncoder) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Writes the body.
    fn write_body(&self, _body: &mut Body) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Validates the request and returns its body as sent: the content type and bytes.
    fn encode_body(&self) -> Result<Option<(&'static str, Vec<u8>)>, ValidationError> {
        self.validate()?;
        let mut body = Body::new(Self::OPERATION.body);
        self.write_body(&mut body)?;
        Ok(body.finish())
    }
}

/// A list envelope: the items of one page and where the next one is.
pub trait Paged {
    /// The type of the items.
    type Item;
    /// Splits the page into its items and its paging metadata.
    fn into_parts(self) -> (Vec<Self::Item>, PageMeta);
}

/// Twilio's paging metadata (`meta` in every list answer).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PageMeta {
    /// Index of this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Items per page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// URL of the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_page_url: Option<String>,
    /// URL of the previous page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_page_url: Option<String>,
    /// URL of this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// URL of the next page; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_url: Option<String>,
    /// Name of the field that holds the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// A secret (auth token or API key secret): shown as `<redacted>` by `Debug`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How the client authenticates: HTTP Basic with an account SID and its auth token, or
/// with an API key SID and its secret.
#[derive(Clone)]
pub struct Credentials {
    account_sid: String,
    username: String,
    password: Secret,
}

impl Credentials {
    /// The account SID and its auth token.
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        let account_sid = account_sid.into();
        Credentials {
            username: account_sid.clone(),
            account_sid,
            password: Secret::new(auth_token),
        }
    }

    /// An API key (`SK...`) and its secret, for the given account.
    pub fn api_key(
        account_sid: impl Into<String>,
        key_sid: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        Credentials {
            account_sid: account_sid.into(),
            username: key_sid.into(),
            password: Secret::new(secret),
        }
    }

    /// The account the credentials act for.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("account_sid", &self.account_sid)
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

/// When and how often to try a call again.
///
/// A 429 answer is retried whatever the method (Twilio did not process the request);
/// connection failures, timeouts and 5xx answers only for GET, which is safe to repeat.
/// The delay grows exponentially from `base_delay` up to `max_delay`, with jitter;
/// a `Retry-After` header is honoured when it is at most `max_retry_after`, and when it
/// asks for longer the error is returned at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 turns retrying off).
    pub max_attempts: u32,
    /// Delay before the first retry.
    pub base_delay: Duration,
    /// Longest delay between attempts.
    pub max_delay: Duration,
    /// Longest `Retry-After` that is waited for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The delay before attempt `attempt + 1`, with jitter in [50%, 100%].
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        exp.min(self.max_delay).mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

/// Configures a [`Client`].
#[derive(Debug, Clone, Default)]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    http: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent_extensions: Vec<String>,
    allow_insecure_http: bool,
}

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl ClientBuilder {
    /// Sets the credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Talks to this base URL instead of the spec's (`https://verify.twilio.com`).
    /// Plain `http://` is refused unless the host is loopback or
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Twilio region, e.g. `ie1`: the host becomes `verify.{edge}.{region}.twilio.com`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Twilio edge location, e.g. `dublin` (the region defaults to `us1` then).
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        self.edge = Some(edge.into());
        self
    }

    /// Uses this `reqwest::Client`: its own timeouts, redirect policy, proxy and TLS
    /// settings apply. A [`timeout`](Self::timeout) set on this builder as well is applied
    /// to each request on top of them.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Time allowed to connect (default 10 s; not applied to a user-supplied client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for one attempt of a request, from connecting to the end of the body
    /// (default 30 s for the built-in HTTP client).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the retry policy ([`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Appends a token (e.g. `my-app/1.2`) to the User-Agent.
    pub fn user_agent_extension(mut self, token: impl Into<String>) -> Self {
        self.user_agent_extensions.push(token.into());
        self
    }

    /// Allows a plain `http://` base URL on a host that is not loopback.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Reads the configuration from the environment: `TWILIO_ACCOUNT_SID` with either
    /// `TWILIO_AUTH_TOKEN` or `TWILIO_API_KEY` and `TWILIO_API_SECRET`; optionally
    /// `TWILIO_REGION`, `TWILIO_EDGE` and `TWILIO_VERIFY_BASE_URL`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let account = lookup("TWILIO_ACCOUNT_SID");
        let token = lookup("TWILIO_AUTH_TOKEN");
        let key = lookup("TWILIO_API_KEY");
        let secret = lookup("TWILIO_API_SECRET");
        let credentials = match (account, token, key, secret) {
            (Some(a), _, Some(k), Some(s)) => Credentials::api_key(a, k, s),
            (Some(a), Some(t), None, None) => Credentials::auth_token(a, t),
            (None, ..) => {
                return Err(Error::Config(
                    "TWILIO_ACCOUNT_SID is not set; set it together with TWILIO_AUTH_TOKEN, or with \
                     TWILIO_API_KEY and TWILIO_API_SECRET"
                        .into(),
                ));
            }
            (Some(_), _, Some(_), None) => {
                return Err(Error::Config(
                    "TWILIO_API_KEY is set but TWILIO_API_SECRET is not".into(),
                ));
            }
            (Some(_), _, None, Some(_)) => {
                return Err(Error::Config(
                    "TWILIO_API_SECRET is set but TWILIO_API_KEY is not".into(),
                ));
            }
            (Some(_), None, None, None) => {
                return Err(Error::Config(
                    "TWILIO_AUTH_TOKEN is not set (or use TWILIO_API_KEY and TWILIO_API_SECRET)"
                        .into(),
                ));
            }
        };
        let mut b = ClientBuilder::default().credentials(credentials);
        b.region = lookup("TWILIO_REGION");
        b.edge = lookup("TWILIO_EDGE");
        b.base_url = lookup("TWILIO_VERIFY_BASE_URL");
        Ok(b)
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config("no credentials: call `credentials(...)` or use `from_env()`".into())
        })?;
        let base = match &self.base_url {
            Some(url) => url.clone(),
            None => regional_url(
                crate::DEFAULT_BASE_URL,
                self.region.as_deref(),
                self.edge.as_deref(),
            ),
        };
        let base = Url::parse(base.trim_end_matches('/'))
            .map_err(|e| Error::Config(format!("base URL is not a URL: {e}")))?;
        match base.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http || is_loopback(&base) => {}
            "http" => {
                return Err(Error::Config(
                    "refusing plain http:// to a host that is not loopback (credentials would travel \
                     in clear); use https or `allow_insecure_http(true)`"
                        .into(),
                ));
            }
            other => return Err(Error::Config(format!("unsupported URL scheme `{other}`"))),
        }
        if base.query().is_some()
            || base.fragment().is_some()
            || !base.username().is_empty()
            || base.password().is_some()
        {
            return Err(Error::Config(
                "base URL must not carry a query, fragment or user info".into(),
            ));
        }
        // The built-in client carries the timeout itself (cheaper than one per request);
        // a user-supplied one gets it per request, and only when asked for.
        let per_request_timeout = self.http.as_ref().and(self.timeout);
        let http = match self.http {
            Some(c) => c,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::none())
                .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                .build()
                .map_err(|e| {
                    Error::Config(format!("cannot build the HTTP client: {}", e.without_url()))
                })?,
        };
        let mut user_agent = format!(
            "twilio-verify-challenges/{} ({} {}) rust",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        for ext in &self.user_agent_extensions {
            user_agent.push(' ');
            user_agent.push_str(ext);
        }
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::Config("User-Agent extension holds characters a header cannot".into())
        })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                origin: base.origin(),
                base_url: base,
                authorization: basic_authorization(&credentials)?,
                credentials,
                retry: self.retry.unwrap_or_default(),
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                per_request_timeout,
                user_agent,
            }),
        })
    }
}

fn basic_authorization(c: &Credentials) -> Result<HeaderValue, Error> {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        c.username,
        c.password.expose()
    ));
    let mut value = HeaderValue::from_str(&format!("Basic {token}"))
        .map_err(|_| Error::Config("credentials cannot form an Authorization header".into()))?;
    value.set_sensitive(true);
    Ok(value)
}

fn regional_url(default: &str, region: Option<&str>, edge: Option<&str>) -> String {
    let region = match (region, edge) {
        (None, None) => return default.to_owned(),
        (Some(r), _) => r,
        (None, Some(_)) => "us1",
    };
    let (scheme, host) = default.split_once("://").unwrap_or(("https", default));
    let (product, domain) = host.split_once('.').unwrap_or((host, ""));
    match edge {
        Some(edge) => format!("{scheme}://{product}.{edge}.{region}.{domain}"),
        None => format!("{scheme}://{product}.{region}.{domain}"),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A Twilio Verify client. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    origin: url::Origin,
    credentials: Credentials,
    retry: RetryPolicy,
    timeout: Duration,
    per_request_timeout: Option<Duration>,
    user_agent: HeaderValue,
    /// `Basic base64(username:password)`, computed once, marked sensitive.
    authorization: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

/// An answer as received: the status, the two headers the client reads, the body.
struct Answer {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: bytes::Bytes,
}

const SNIPPET_CHARS: usize = 200;

fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(SNIPPET_CHARS)
        .collect()
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `Retry-After` in seconds (Twilio does not send the HTTP-date form, which is ignored).
/// A delay too long for a `Duration` counts as the longest one.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = header(headers, "retry-after")?.trim().parse::<f64>().ok()?;
    (seconds >= 0.0).then(|| Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
}

impl Client {
    /// A client for an account SID and auth token, with every other setting default.
    pub fn new(
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Result<Self, Error> {
        Self::builder()
            .credentials(Credentials::auth_token(account_sid, auth_token))
            .build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// Validates, sends and decodes any request.
    pub async fn execute<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        let (url, headers, body) = self.prepare(request)?;
        let answer = self.send(&R::OPERATION, url, headers, body).await?;
        decode(&R::OPERATION, answer)
    }

    /// Validates and encodes a request: its URL, header pairs and body. Nothing is sent.
    #[allow(clippy::type_complexity)]
    fn prepare<R: Request>(
        &self,
        request: &R,
    ) -> Result<(Url, Vec<(String, String)>, Option<(&'static str, Vec<u8>)>), Error> {
        request.validate()?;
        let mut path = PathBuilder::new();
        request.write_path(&mut path)?;
        let mut url = format!("{}{}", self.base_url(), path.finish());
        let mut query = FormEncoder::new();
        request.write_query(&mut query)?;
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query.finish());
        }
        let url = Url::parse(&url)
            .map_err(|e| Error::Config(format!("cannot form the request URL: {e}")))?;
        let mut headers = FormEncoder::pairs();
        request.write_headers(&mut headers)?;
        let mut body = Body::new(R::OPERATION.body);
        request.write_body(&mut body)?;
        Ok((url, headers.into_pairs(), body.finish()))
    }

    /// Every item of a list operation, across pages, fetched lazily.
    ///
    /// Follows `meta.next_page_url` until it is null or leads back to a page already
    /// fetched; a relative link is taken relative to the base URL.
    /// A next-page URL on another origin than the base URL ends the stream with
    /// [`Error::ForeignPageUrl`].
    pub fn paginate<'a, R>(
        &'a self,
        request: &'a R,
    ) -> impl Stream<Item = Result<<R::Response as Paged>::Item, Error>> + 'a
    where
        R: Request,
        R::Response: Paged,
    {
        enum Next {
            First,
            Page(Url),
            /// The items of the last page are out; this ends the stream.
            Fail(Error),
            Done,
        }
        struct State {
            next: Next,
            /// Pages fetched so far, to stop on a cycle of next-page links.
            seen: std::collections::HashSet<Url>,
        }
        let start = State {
            next: Next::First,
            seen: std::collections::HashSet::new(),
        };
        let pages = futures_util::stream::try_unfold(start, move |mut state| async move {
            let page: R::Response = match std::mem::replace(&mut state.next, Next::Done) {
                Next::Done => return Ok(None),
                Next::Fail(e) => return Err(e),
                Next::First => {
                    let (url, headers, body) = self.prepare(request)?;
                    state.seen.insert(url.clone());
                    decode(
                        &R::OPERATION,
                        self.send(&R::OPERATION, url, headers, body).await?,
                    )?
                }
                Next::Page(url) => {
                    state.seen.insert(url.clone());
                    decode(
                        &R::OPERATION,
                        self.send(&R::OPERATION, url, Vec::new(), None).await?,
                    )?
                }
            };
            let (items, meta) = page.into_parts();
            state.next = match meta.next_page_url.as_deref().filter(|u| !u.is_empty()) {
                None => Next::Done,
                // Relative links are taken relative to the base URL.
                Some(u) => match self.inner.base_url.join(u) {
                    Err(_) => Next::Fail(Error::ForeignPageUrl {
                        origin: "a URL that does not parse".into(),
                    }),
                    Ok(url) if url.origin() != self.inner.origin => {
                        Next::Fail(Error::ForeignPageUrl {
                            origin: url.origin().ascii_serialization(),
                        })
                    }
                    Ok(url) if state.seen.contains(&url) => Next::Done,
                    Ok(url) => Next::Page(url),
                },
            };
            Ok(Some((items, state)))
        });
        pages
            .map_ok(|items| futures_util::stream::iter(items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Sends one request, retrying as the policy says. Error statuses become [`Error::Api`].
    async fn send(
        &self,
        op: &Operation,
        url: Url,
        headers: Vec<(String, String)>,
        body: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Answer, Error> {
        let body = body.map(|(content_type, bytes)| (content_type, bytes::Bytes::from(bytes)));
        let policy = &self.inner.retry;
        let mut attempt = 1u32;
        loop {
            let span = tracing::info_span!(
                "twilio.request",
                operation = op.id,
                method = %op.method,
                path = op.path,
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let result = self
                .attempt(op, &url, &headers, body.as_ref())
                .instrument(span.clone())
                .await;
            let last = attempt >= policy.max_attempts.max(1);
            let idempotent = op.method == reqwest::Method::GET;
            match result {
                Ok(answer) => {
                    span.record("status", answer.status);
                    if let Some(id) = &answer.request_id {
                        span.record("request_id", id.as_str());
                    }
                    if (200..300).contains(&answer.status) {
                        return Ok(answer);
                    }
                    let wait = match answer.status {
                        429 => match answer.retry_after {
                            Some(ra) if ra <= policy.max_retry_after => Some(ra),
                            Some(_) => None,
                            None => Some(policy.backoff(attempt)),
                        },
                        500..=599 if idempotent => Some(policy.backoff(attempt)),
                        _ => None,
                    };
                    match wait {
                        Some(delay) if !last => {
                            span.in_scope(|| {
                                tracing::warn!(status = answer.status, ?delay, "retrying")
                            });
                            tokio::time::sleep(delay).await;
                        }
                        _ => return Err(api_error(op, answer)),
                    }
                }
                Err(e) => {
                    let transient = e.is_connect() || e.is_timeout() || e.is_request();
                    if transient && idempotent && !last {
                        let delay = policy.backoff(attempt);
                        span.in_scope(
                            || tracing::warn!(error = %e.without_url(), ?delay, "retrying"),
                        );
                        tokio::time::sleep(delay).await;
                    } else {
                        return Err(Error::Transport {
                            operation: op.id,
                            source: e.without_url(),
                        });
                    }
                }
            }
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        op: &Operation,
        url: &Url,
        headers: &[(String, String)],
        body: Option<&(&'static str, bytes::Bytes)>,
    ) -> Result<Answer, reqwest::Error> {
        let mut req = self
            .inner
            .http
            .request(op.method.clone(), url.clone())
            .header(
                reqwest::header::AUTHORIZATION,
                self.inner.authorization.clone(),
            )
            .header(reqwest::header::USER_AGENT, self.inner.user_agent.clone())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(timeout) = self.inner.per_request_timeout {
            req = req.timeout(timeout);
        }
        for (name, value) in headers {
            req = req.header(name.as_str(), value.as_str());
        }
        if let Some((content_type, bytes)) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(bytes.clone());
        }
        let response = req.send().await?;
        let status = response.status().as_u16();
        let request_id = header(response.headers(), "twilio-request-id");
        let retry_after = retry_after(response.headers());
        let body = response.bytes().await?;
        tracing::debug!(status, bytes = body.len(), "answered");
        Ok(Answer {
            status,
            request_id,
            retry_after,
            body,
        })
    }
}

/// Twilio's error body.
#[derive(serde::Deserialize)]
struct TwilioError {
    code: Option<i64>,
    message: Option<String>,
    more_info: Option<String>,
    details: Option<serde_json::Value>,
}

fn api_error(op: &Operation, answer: Answer) -> Error {
    let request_id = answer.request_id.clone();
    let parsed = serde_json::from_slice::<TwilioError>(&answer.body)
        .ok()
        .filter(|e| e.code.is_some() || e.message.is_some());
    let reason = reqwest::StatusCode::from_u16(answer.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    let retry_after = answer.retry_after;
    let e = match parsed {
        Some(t) => ApiError {
            operation: op.id,
            status: answer.status,
            code: t.code,
            message: t.message.unwrap_or_else(|| reason.to_owned()),
            more_info: t.more_info,
            details: t.details,
            request_id,
            retry_after,
            body_snippet: None,
        },
        None => ApiError {
            operation: op.id,
            status: answer.status,
            code: None,
            message: reason.to_owned(),
            more_info: None,
            details: None,
            request_id,
            retry_after,
            body_snippet: Some(snippet(&answer.body)),
        },
    };
    Error::Api(Box::new(e))
}

fn decode<T: DeserializeOwned>(op: &Operation, answer: Answer) -> Result<T, Error> {
    let error = |message: String| Error::Decode {
        operation: op.id,
        status: answer.status,
        message,
        snippet: snippet(&answer.body),
        request_id: answer.request_id.clone(),
    };
    let first = answer.body.iter().find(|b| !b.is_ascii_whitespace());
    let body: &[u8] = match (op.response, first) {
        (ResponseKind::Empty, _) | (ResponseKind::Value, None) => b"null",
        (ResponseKind::Object, Some(b'{')) | (ResponseKind::Value, Some(_)) => &answer.body,
        (ResponseKind::Object, _) => return Err(error("expected a JSON object".into())),
    };
    serde_json::from_slice(body).map_err(|e| error(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_and_edge_change_the_host() {
        let d = "https://verify.twilio.com";
        assert_eq!(regional_url(d, None, None), d);
        assert_eq!(
            regional_url(d, Some("ie1"), None),
            "https://verify.ie1.twilio.com"
        );
        assert_eq!(
            regional_url(d, Some("au1"), Some("sydney")),
            "https://verify.sydney.au1.twilio.com"
        );
        assert_eq!(
            regional_url(d, None, Some("dublin")),
            "https://verify.dublin.us1.twilio.com"
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        for attempt in 1..10 {
            let d = p.backoff(attempt);
            assert!(d <= p.max_delay, "{d:?}");
            let full = p
                .base_delay
                .saturating_mul(1 << (attempt - 1))
                .min(p.max_delay);
            assert!(d >= full / 2, "{d:?} < half of {full:?}");
        }
    }
}
