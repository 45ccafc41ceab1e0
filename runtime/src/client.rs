//! The executor: [`CoreClient`] sends a prepared request, retrying as the policy says,
//! reads the answer within a byte limit and decodes it.
//!
//! Generated clients wrap a `CoreClient`; each operation method hands its request (a type
//! implementing [`Request`]) to [`CoreClient::execute`] or [`CoreClient::paginate`].

use crate::auth::{Authenticator, Authorization};
use crate::error::Error;
use crate::operation::{Operation, Prepared, Request, ResponseKind};
use crate::response::{self, Answer};
use crate::retry::{Outcome, RetryPolicy};
use reqwest::header::HeaderValue;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;
use url::Url;

/// The configured core of a client: HTTP client, base URL, credentials and policies.
/// Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct CoreClient {
    inner: Arc<Settings>,
}

/// Everything [`ClientBuilder`](crate::ClientBuilder) works out, checked.
pub(crate) struct Settings {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// The credentials, and the access tokens obtained with them.
    pub(crate) auth: Authenticator,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) per_request_timeout: Option<Duration>,
    /// The time one call may take in all ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline)).
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_response_bytes: u64,
    /// At most this many pages per list stream, when set.
    pub(crate) max_pages: Option<u32>,
    pub(crate) user_agent: HeaderValue,
}

impl fmt::Debug for CoreClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("credentials", self.inner.auth.credentials())
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("max_pages", &self.inner.max_pages)
            .finish()
    }
}

/// Why one attempt produced no answer.
enum Failure {
    /// What reqwest reported.
    Transport(reqwest::Error),
    /// The body went past the byte limit; the connection was dropped.
    TooLarge {
        status: u16,
        request_id: Option<String>,
    },
}

impl CoreClient {
    pub(crate) fn new(settings: Settings) -> Self {
        CoreClient {
            inner: Arc::new(settings),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// The parsed base URL (relative next-page links are resolved against it).
    pub(crate) fn base(&self) -> &Url {
        &self.inner.base_url
    }

    /// The most pages one list stream fetches, when limited.
    pub(crate) fn max_pages(&self) -> Option<u32> {
        self.inner.max_pages
    }

    /// Validates, sends and decodes any request.
    pub async fn execute<R: Request + ?Sized>(&self, request: &R) -> Result<R::Response, Error> {
        let prepared = Prepared::new(request)?;
        let url = self.url(&prepared.path_and_query)?;
        let answer = self
            .send(&R::OPERATION, url, &prepared.headers, prepared.body)
            .await?;
        self.decode(&R::OPERATION, answer)
    }

    /// The operation's answer from a success (see [`response::decode`]).
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(
        &self,
        op: &Operation,
        answer: Answer,
    ) -> Result<T, Error> {
        response::decode(op, answer, self.inner.auth.redactor())
    }

    /// The error of an answer with an error status (see [`response::api_error`]), the
    /// configured secrets and the credentials just sent (an access token) cut out of it.
    fn api_error(&self, op: &Operation, answer: Answer, sent: Option<&Authorization>) -> Error {
        let redactor = self.inner.auth.redactor();
        let redactor = match sent.and_then(|a| a.header.to_str().ok()) {
            Some(sent) => Cow::Owned(redactor.with_authorization(sent)),
            None => Cow::Borrowed(redactor),
        };
        response::api_error(op, answer, &redactor)
    }

    /// `text` from a server, the configured secrets cut out, for an error.
    pub(crate) fn redacted(&self, text: &str) -> String {
        self.inner.auth.redactor().text(text)
    }

    /// The absolute URL of a path and query.
    pub(crate) fn url(&self, path_and_query: &str) -> Result<Url, Error> {
        Url::parse(&format!("{}{path_and_query}", self.base_url()))
            .map_err(|e| Error::Config(format!("cannot form the request URL: {e}")))
    }

    /// Sends one request, retrying as the policy says, with the credentials of the first
    /// way the operation accepts that they satisfy ([`Error::NoCredentials`] before any
    /// I/O when none), within the client's deadline when it has one. Error statuses become
    /// [`Error::Api`].
    pub(crate) async fn send(
        &self,
        op: &Operation,
        url: Url,
        headers: &[(String, String)],
        body: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Answer, Error> {
        let attempts = self.attempts(op, url, headers, body);
        match self.inner.deadline {
            None => attempts.await,
            Some(deadline) => tokio::time::timeout(deadline, attempts)
                .await
                .unwrap_or(Err(Error::Deadline {
                    operation: op.id,
                    deadline,
                })),
        }
    }

    /// [`send`](Self::send) without the deadline: the attempts and the waits between them.
    async fn attempts(
        &self,
        op: &Operation,
        url: Url,
        headers: &[(String, String)],
        body: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Answer, Error> {
        let body = body.map(|(content_type, bytes)| (content_type, bytes::Bytes::from(bytes)));
        let policy = &self.inner.retry;
        let scheme = self.inner.auth.choose(op)?;
        let mut attempt = 1u32;
        // Attempts that sent the request again with a new access token: they do not count
        // against the retry policy.
        let mut replays = 0u32;
        loop {
            let authorization = self
                .inner
                .auth
                .authorization(&self.inner, op, scheme)
                .await?;
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
                .attempt(
                    op,
                    &url,
                    headers,
                    body.as_ref(),
                    authorization.as_ref().map(|a| &a.header),
                )
                .instrument(span.clone())
                .await;
            let idempotent = op.is_idempotent();
            match result {
                Ok(answer) => {
                    span.record("status", answer.status);
                    if let Some(id) = &answer.request_id {
                        span.record("request_id", id.as_str());
                    }
                    if (200..300).contains(&answer.status) {
                        return Ok(answer);
                    }
                    // Never followed, never retried: the operation's answer, when it
                    // documents redirects only; an error otherwise.
                    if (300..400).contains(&answer.status) {
                        if op.response == ResponseKind::Redirect {
                            return Ok(answer);
                        }
                        return Err(Error::UnexpectedRedirect {
                            operation: op.id,
                            status: answer.status,
                            request_id: answer.request_id,
                        });
                    }
                    if let (401, Some(scheme), Some(used)) = (answer.status, scheme, &authorization)
                    {
                        self.inner.auth.forget(scheme, &used.header).await;
                        // A refused cached token: once more with a new one (a 401 means the
                        // request was not processed, so any method may be sent again).
                        if used.cached_token && replays == 0 {
                            span.in_scope(|| {
                                tracing::info!("access token refused; sending again with a new one")
                            });
                            replays += 1;
                            attempt += 1;
                            continue;
                        }
                    }
                    let outcome = Outcome::Status {
                        status: answer.status,
                        retry_after: answer.retry_after,
                    };
                    match policy.decide(attempt - replays, idempotent, outcome) {
                        Some(delay) => {
                            span.in_scope(|| {
                                tracing::warn!(status = answer.status, ?delay, "retrying")
                            });
                            tokio::time::sleep(delay).await;
                        }
                        None => return Err(self.api_error(op, answer, authorization.as_ref())),
                    }
                }
                Err(Failure::TooLarge { status, request_id }) => {
                    return Err(Error::ResponseTooLarge {
                        operation: op.id,
                        status,
                        limit: self.inner.max_response_bytes,
                        request_id,
                    });
                }
                Err(Failure::Transport(e)) => {
                    let transient = crate::retry::transient(&e);
                    match policy.decide(
                        attempt - replays,
                        idempotent,
                        Outcome::Transport { transient },
                    ) {
                        Some(delay) => {
                            span.in_scope(
                                || tracing::warn!(error = %e.without_url(), ?delay, "retrying"),
                            );
                            tokio::time::sleep(delay).await;
                        }
                        None => {
                            return Err(Error::Transport {
                                operation: op.id,
                                source: e.without_url(),
                            });
                        }
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
        authorization: Option<&HeaderValue>,
    ) -> Result<Answer, Failure> {
        let mut req = self.inner.http.request(op.method.clone(), url.clone());
        if let Some(value) = authorization {
            req = req.header(reqwest::header::AUTHORIZATION, value.clone());
        }
        req = req
            .header(reqwest::header::USER_AGENT, self.inner.user_agent.clone())
            .header(reqwest::header::ACCEPT, op.accept);
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
        let response = req.send().await.map_err(Failure::Transport)?;
        let status = response.status().as_u16();
        let request_id = response::header(response.headers(), "twilio-request-id");
        let retry_after = response::retry_after(response.headers());
        let location = (300..400)
            .contains(&status)
            .then(|| response::location(response.headers(), url));
        let body = match read_bounded(response, self.inner.max_response_bytes).await {
            Ok(body) => body,
            Err(Bounded::Transport(e)) => return Err(Failure::Transport(e)),
            Err(Bounded::TooLarge) => {
                tracing::warn!(
                    status,
                    limit = self.inner.max_response_bytes,
                    "answer exceeds the byte limit; connection dropped"
                );
                return Err(Failure::TooLarge { status, request_id });
            }
        };
        tracing::debug!(status, bytes = body.len(), "answered");
        Ok(Answer {
            status,
            request_id,
            retry_after,
            location,
            body,
        })
    }
}

/// Why a bounded read stopped.
pub(crate) enum Bounded {
    Transport(reqwest::Error),
    TooLarge,
}

/// Reads the body chunk by chunk and stops once it passes `limit` bytes, whatever
/// `Content-Length` announced (chunked answers have none). Dropping the response
/// part-read closes its connection: it is never reused.
pub(crate) async fn read_bounded(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<bytes::Bytes, Bounded> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(Bounded::TooLarge);
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Bounded::Transport)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(Bounded::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
