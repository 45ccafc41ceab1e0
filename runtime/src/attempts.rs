//! The attempt loop, which API calls and OAuth 2.0 token requests share: it counts the
//! attempts, asks the [`RetryPolicy`] once per failed attempt whether and when to try
//! again, and is the one place that waits between attempts.
//!
//! [`Executor`] sends an API call through it, within the client's deadline, with the
//! `Authorization` the authenticator gives, obtaining an access token first through the
//! same loop when the authenticator needs one.

use crate::auth::{Authenticator, Authorization};
use crate::error::{Error, TokenError, transient};
use crate::operation::{Operation, ResponseKind};
use crate::redact::Redactor;
use crate::response::{self, Answer};
use crate::retry::{Outcome, RetryPolicy};
use crate::scheme::Scheme;
use crate::token::{Token, TokenRequest};
use crate::transport::{Failure, Transport};
use std::borrow::Cow;
use std::time::Duration;
use tracing::Instrument;
use url::Url;

/// How one attempt ended.
pub(crate) enum Step<T> {
    /// What the request was for.
    Done(T),
    /// Made again at once, not counted against the policy (a refused cached token).
    Replay,
    /// Failed with `error`; `outcome` is how the attempt ended as far as retrying cares
    /// (`None`: the error stands).
    Failed {
        error: Error,
        outcome: Option<Outcome>,
    },
}

/// A request that the loop makes as many times as the policy says.
pub(crate) trait Attempt {
    /// What a successful attempt gives.
    type Output;

    /// Attempt number `number` (the first is 1, replays included).
    async fn make(&mut self, number: u32) -> Step<Self::Output>;

    /// Notes that the last attempt, which failed with `error`, is made again after `delay`.
    fn retrying(&self, error: &Error, delay: Duration);
}

/// Makes `attempt` until it succeeds, fails for good, or `policy` says no more; an
/// `idempotent` request may be repeated after a failure in transit or a 5xx.
pub(crate) async fn run<A: Attempt>(
    policy: &RetryPolicy,
    idempotent: bool,
    mut attempt: A,
) -> Result<A::Output, Error> {
    let mut number = 1u32;
    // Attempts made again at once: they do not count against the retry policy.
    let mut replays = 0u32;
    loop {
        match attempt.make(number).await {
            Step::Done(output) => return Ok(output),
            Step::Replay => replays += 1,
            Step::Failed { error, outcome } => {
                match outcome.and_then(|o| policy.decide(number - replays, idempotent, o)) {
                    Some(delay) => {
                        attempt.retrying(&error, delay);
                        tokio::time::sleep(delay).await;
                    }
                    None => return Err(error),
                }
            }
        }
        number += 1;
    }
}

/// What sends a client's requests: transport, credentials, retry policy, deadline.
pub(crate) struct Executor {
    pub(crate) transport: Transport,
    /// The credentials, and the access tokens obtained with them.
    pub(crate) auth: Authenticator,
    pub(crate) retry: RetryPolicy,
    /// The time one call may take in all
    /// ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline)).
    pub(crate) deadline: Option<Duration>,
}

impl Executor {
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
        let attempts = async {
            let body = body.map(|(content_type, bytes)| (content_type, bytes::Bytes::from(bytes)));
            let call = ApiCall {
                executor: self,
                op,
                url,
                headers,
                body,
                scheme: self.auth.choose(op)?,
                replayed: false,
                span: tracing::Span::none(),
            };
            run(&self.retry, op.is_idempotent(), call).await
        };
        match self.deadline {
            None => attempts.await,
            Some(deadline) => tokio::time::timeout(deadline, attempts)
                .await
                .unwrap_or(Err(Error::Deadline {
                    operation: op.id,
                    deadline,
                })),
        }
    }

    /// The `Authorization` of one attempt of `op`, an access token obtained first, through
    /// the attempt loop, when the scheme needs one and none is cached.
    async fn authorization(
        &self,
        op: &Operation,
        scheme: Option<&'static Scheme>,
    ) -> Result<Option<Authorization>, Error> {
        let obtain = |request| {
            let fetch = TokenFetch {
                transport: &self.transport,
                op,
                request,
            };
            // A token request is safe to repeat, as a GET is.
            run(&self.retry, true, fetch)
        };
        self.auth.authorization(op, scheme, obtain).await
    }

    /// What cuts the configured secrets out of a server's text.
    pub(crate) fn redactor(&self) -> &Redactor {
        self.auth.redactor()
    }

    /// The error of an answer with an error status (see [`response::api_error`]), the
    /// configured secrets and the credentials just sent (an access token) cut out of it.
    fn api_error(&self, op: &Operation, answer: Answer, sent: Option<&Authorization>) -> Error {
        let redactor = self.redactor();
        let redactor = match sent.and_then(|a| a.header.to_str().ok()) {
            Some(sent) => Cow::Owned(redactor.with_authorization(sent)),
            None => Cow::Borrowed(redactor),
        };
        response::api_error(op, answer, &redactor)
    }
}

/// An API call, attempt after attempt.
struct ApiCall<'a> {
    executor: &'a Executor,
    op: &'a Operation,
    url: Url,
    headers: &'a [(String, String)],
    body: Option<(&'static str, bytes::Bytes)>,
    scheme: Option<&'static Scheme>,
    /// Whether the call was already sent again with a new access token.
    replayed: bool,
    /// The span of the last attempt.
    span: tracing::Span,
}

impl Attempt for ApiCall<'_> {
    type Output = Answer;

    async fn make(&mut self, number: u32) -> Step<Answer> {
        let (executor, op) = (self.executor, self.op);
        let authorization = match executor.authorization(op, self.scheme).await {
            Ok(authorization) => authorization,
            Err(error) => {
                return Step::Failed {
                    error,
                    outcome: None,
                };
            }
        };
        self.span = tracing::info_span!(
            "twilio.request",
            operation = op.id,
            method = %op.method,
            path = op.path,
            attempt = number,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let result = executor
            .transport
            .exchange(
                op,
                &self.url,
                self.headers,
                self.body.as_ref(),
                authorization.as_ref().map(|a| &a.header),
            )
            .instrument(self.span.clone())
            .await;
        match result {
            Ok(answer) => self.answered(answer, authorization).await,
            Err(Failure::TooLarge { status, request_id }) => Step::Failed {
                error: Error::ResponseTooLarge {
                    operation: op.id,
                    status,
                    limit: executor.transport.max_response_bytes,
                    request_id,
                },
                outcome: None,
            },
            Err(Failure::Transport(e)) => Step::Failed {
                outcome: Some(Outcome::Transport {
                    transient: transient(&e),
                }),
                error: Error::Transport {
                    operation: op.id,
                    source: e.without_url(),
                },
            },
        }
    }

    fn retrying(&self, error: &Error, delay: Duration) {
        self.span.in_scope(|| match error {
            Error::Api(e) => tracing::warn!(status = e.status, ?delay, "retrying"),
            Error::Transport { source, .. } => tracing::warn!(error = %source, ?delay, "retrying"),
            _ => {}
        });
    }
}

impl ApiCall<'_> {
    /// What an answer makes of the attempt: a success (or the redirect the operation
    /// documents) is done; a refused cached access token is forgotten and, once, replaced at
    /// once; any other status is an error the policy may retry.
    async fn answered(&mut self, answer: Answer, sent: Option<Authorization>) -> Step<Answer> {
        let op = self.op;
        self.span.record("status", answer.status);
        if let Some(id) = &answer.request_id {
            self.span.record("request_id", id.as_str());
        }
        if (200..300).contains(&answer.status) {
            return Step::Done(answer);
        }
        // Never followed, never retried: the operation's answer, when it documents
        // redirects only; an error otherwise.
        if (300..400).contains(&answer.status) {
            if op.response == ResponseKind::Redirect {
                return Step::Done(answer);
            }
            let error = Error::UnexpectedRedirect {
                operation: op.id,
                status: answer.status,
                request_id: answer.request_id,
            };
            return Step::Failed {
                error,
                outcome: None,
            };
        }
        if let (401, Some(scheme), Some(used)) = (answer.status, self.scheme, &sent) {
            self.executor.auth.forget(scheme, &used.header).await;
            // A refused cached token: once more with a new one (a 401 means the request was
            // not processed, so any method may be sent again).
            if used.cached_token && !self.replayed {
                self.span.in_scope(|| {
                    tracing::info!("access token refused; sending again with a new one")
                });
                self.replayed = true;
                return Step::Replay;
            }
        }
        let outcome = Outcome::Status {
            status: answer.status,
            retry_after: answer.retry_after,
        };
        let error = self.executor.api_error(op, answer, sent.as_ref());
        Step::Failed {
            error,
            outcome: Some(outcome),
        }
    }
}

/// An OAuth 2.0 token request, attempt after attempt.
struct TokenFetch<'a> {
    transport: &'a Transport,
    op: &'a Operation,
    request: TokenRequest<'a>,
}

impl Attempt for TokenFetch<'_> {
    type Output = Token;

    async fn make(&mut self, _number: u32) -> Step<Token> {
        let sent = match self.request.build(self.transport) {
            Ok(sent) => sent,
            Err(error) => {
                return Step::Failed {
                    error,
                    outcome: None,
                };
            }
        };
        let failure = match self.request.send(self.op, sent, self.transport).await {
            Ok(token) => return Step::Done(token),
            Err(failure) => failure,
        };
        // Connection failures, timeouts, 429 and 5xx answers may be tried again; any other
        // refusal stands.
        let outcome = match &failure.error {
            TokenError::Transport(e) => Some(Outcome::Transport {
                transient: transient(e),
            }),
            TokenError::Refused { status, .. } => Some(Outcome::Status {
                status: *status,
                retry_after: failure.retry_after,
            }),
            _ => None,
        };
        let error = Error::Token {
            operation: self.op.id,
            source: failure.error,
        };
        Step::Failed { error, outcome }
    }

    fn retrying(&self, _error: &Error, delay: Duration) {
        tracing::warn!(operation = self.op.id, ?delay, "retrying the token request");
    }
}
