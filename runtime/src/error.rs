//! The one error type of the client, and what the caller can do about each case; why no
//! OAuth 2.0 access token could be obtained ([`TokenError`]); which failures in transit may
//! not happen again.

use crate::scheme::{Scheme, scheme_list};
use crate::sid::InvalidSid;
use crate::validate::ValidationError;
use std::fmt;
use std::time::Duration;

/// Everything that can go wrong with a call.
///
/// Display is one line, safe to log: it never holds credentials, and never the request
/// URL (which carries the entity's identity).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a rule of the spec; nothing was sent.
    ///
    /// A string that [`str::parse`] or [`Sid::new`](crate::Sid::new) refuses as a SID
    /// ([`InvalidSid`]) converts to this variant too, so `"VA…".parse()?` works in a
    /// function returning `Result<_, Error>`: the field is then the SID type (e.g.
    /// `ServiceSid`, since the parameter is not known yet) and the rule
    /// [`Rule::Sid`](crate::Rule::Sid), as when a request carrying that SID is refused.
    #[error("invalid request: {0}")]
    InvalidRequest(#[from] ValidationError),
    /// The client is configured wrongly (missing credentials, bad base URL, ...).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request did not complete: connection refused or reset, timeout, TLS failure.
    #[error("{operation}: request failed: {source}")]
    Transport {
        /// The operation, e.g. `CreateChallenge`.
        operation: &'static str,
        /// What reqwest reported (with the URL removed).
        #[source]
        source: reqwest::Error,
    },
    /// Twilio answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// A success status, but a body that is not the JSON the spec describes.
    #[error(
        "{operation}: undecodable response (HTTP {status}): {}; body starts {snippet:?}",
        OneLine(.message)
    )]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// What the decoder said.
        message: String,
        /// The first characters of the body.
        snippet: String,
        /// The `Twilio-Request-Id` header, when present.
        request_id: Option<String>,
    },
    /// The answer's body went past the client's byte limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    /// The read stopped there, the connection was dropped, and the call was not retried.
    #[error(
        "{operation}: the answer (HTTP {status}) is larger than the limit of {limit} bytes; not read further"
    )]
    ResponseTooLarge {
        /// The operation.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
        /// The `Twilio-Request-Id` header, when present.
        request_id: Option<String>,
    },
    /// The call ran out of the time [`ClientBuilder::deadline`](crate::ClientBuilder::deadline)
    /// allows it, retries and token requests included; whatever was under way was dropped.
    #[error("{operation}: no answer within the call's deadline of {deadline:?} (retries included)")]
    Deadline {
        /// The operation.
        operation: &'static str,
        /// The deadline.
        deadline: Duration,
    },
    /// None of the ways the operation accepts can be satisfied by the configured
    /// credentials (e.g. it takes an OAuth 2.0 client and only HTTP Basic is configured);
    /// nothing was sent.
    #[error(
        "{operation}: the configured credentials fit none of the ways it accepts: {}; add them to the client's Credentials",
        scheme_list(.accepted)
    )]
    NoCredentials {
        /// The operation.
        operation: &'static str,
        /// The ways it accepts, in its order of preference.
        accepted: &'static [Scheme],
    },
    /// No OAuth 2.0 access token could be obtained for the operation; the operation itself
    /// was not sent.
    #[error("{operation}: cannot obtain an OAuth 2.0 access token: {source}")]
    Token {
        /// The operation.
        operation: &'static str,
        /// What went wrong at the token endpoint.
        #[source]
        source: TokenError,
    },
    /// The server answered with a redirect (3xx), which is not the answer the operation
    /// documents. It was not followed: following it would send the request, credentials
    /// and all, where the spec does not say it goes.
    #[error(
        "{operation}: the server answered with a redirect (HTTP {status}), which the operation \
         does not document as its answer; not followed"
    )]
    UnexpectedRedirect {
        /// The operation.
        operation: &'static str,
        /// The HTTP status, 3xx.
        status: u16,
        /// The `Twilio-Request-Id` header, when present.
        request_id: Option<String>,
    },
    /// An operation whose documented answer is a redirect got a 3xx without a usable
    /// `Location` header (absent, not text, or not a URL).
    #[error("{operation}: the redirect (HTTP {status}) has no valid Location header: {reason}")]
    InvalidRedirect {
        /// The operation.
        operation: &'static str,
        /// The HTTP status, 3xx.
        status: u16,
        /// What is wrong with `Location` (without its value).
        reason: String,
        /// The `Twilio-Request-Id` header, when present.
        request_id: Option<String>,
    },
    /// A list stream fetched as many pages as
    /// [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages) allows and the last one
    /// still named a next page; it was not followed (the items of the pages fetched were
    /// yielded first).
    #[error(
        "{operation}: the list has more than {limit} pages, the client's limit; not followed further"
    )]
    PageLimit {
        /// The list operation.
        operation: &'static str,
        /// The limit, in pages.
        limit: u32,
    },
    /// A list stream met [`MAX_EMPTY_PAGES`](crate::paging::MAX_EMPTY_PAGES) pages in a row
    /// that held no item yet named a next page: a server paging without end. The last next
    /// page was not followed.
    #[error("{operation}: {pages} empty pages in a row named a next page; not followed further")]
    EmptyPages {
        /// The list operation.
        operation: &'static str,
        /// How many empty pages in a row were fetched.
        pages: u32,
    },
    /// A list's next-page URL points to another origin than the configured base URL; it
    /// was not followed, so credentials were not sent there.
    #[error("next page URL points to {origin}, not to the configured base URL; not followed")]
    ForeignPageUrl {
        /// The origin (scheme, host, port) of the refused URL.
        origin: String,
    },
}

/// A SID that does not parse is a request value that breaks the spec: see
/// [`Error::InvalidRequest`].
impl From<InvalidSid> for Error {
    fn from(e: InvalidSid) -> Self {
        Error::InvalidRequest(e.into())
    }
}

/// An error answer from Twilio: `{code, message, more_info, status}`; or problem details
/// (RFC 9457, as a mock server or a gateway sends: `title` and `detail` make the message,
/// `type` the link, the other members the details); or whatever else the server sent with
/// an error status (kept as a snippet).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation, e.g. `CreateChallenge`.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// Twilio's error code (e.g. 20404), when the body had one.
    pub code: Option<i64>,
    /// Twilio's message, or a short description of the status.
    pub message: String,
    /// Link to the documentation of the error code.
    pub more_info: Option<String>,
    /// Twilio's `details` object, when present.
    pub details: Option<serde_json::Value>,
    /// The `Twilio-Request-Id` header, when present.
    pub request_id: Option<String>,
    /// The `Retry-After` header, when present.
    pub retry_after: Option<Duration>,
    /// The start of the body when it was not Twilio's JSON error shape.
    pub body_snippet: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(code) = self.code {
            write!(f, ", Twilio error {code}")?;
        }
        write!(f, ": {}", OneLine(&self.message))?;
        if let Some(more) = &self.more_info {
            write!(f, " (see {})", OneLine(more))?;
        }
        if let Some(snippet) = &self.body_snippet {
            write!(f, "; body starts {snippet:?}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {}]", OneLine(id))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Text from a server as `Display` shows it: on one line, control characters (newlines,
/// ANSI escapes, ...), line and paragraph separators and bidirectional overrides escaped as
/// Rust writes them (`\n`, `\u{1b}`), so that it can neither start a log line of its own nor
/// restyle one.
pub(crate) struct OneLine<'a>(pub(crate) &'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(escaped) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(f, "{}", c.escape_default())?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// Whether [`OneLine`] escapes `c`.
fn escaped(c: char) -> bool {
    let separator = matches!(c, '\u{2028}' | '\u{2029}');
    let bidi =
        matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    c.is_control() || separator || bidi
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. }
            | Error::UnexpectedRedirect { status, .. }
            | Error::InvalidRedirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Twilio's error code, when the server sent one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Api(e) => e.code,
            _ => None,
        }
    }

    /// The documentation link for Twilio's error code.
    pub fn more_info(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.more_info.as_deref(),
            _ => None,
        }
    }

    /// The `Twilio-Request-Id` of the answer, to quote to Twilio support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. }
            | Error::UnexpectedRedirect { request_id, .. }
            | Error::InvalidRedirect { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The API error, when Twilio answered with an error status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the same call may succeed if made again later: rate limiting (429),
    /// server errors (5xx), timeouts (a [`Deadline`](Error::Deadline) too) and connection
    /// failures. (Beware: a POST that failed in transit may have been processed.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.status == 429 || e.status >= 500,
            Error::Transport { source, .. } => transient(source),
            Error::Deadline { .. } => true,
            _ => false,
        }
    }
}

/// Why no OAuth 2.0 access token could be obtained. It never holds the client secret or
/// a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token request did not complete.
    #[error("the token request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// The token endpoint answered with an error status.
    #[error("the token endpoint answered HTTP {status}{}", refusal(.error, .description, .body_snippet))]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The OAuth error code (`error`, e.g. `invalid_client`), when the body had one.
        error: Option<String>,
        /// `error_description` (or a `message`), when the body had one.
        description: Option<String>,
        /// The start of the body when it had neither.
        body_snippet: Option<String>,
    },
    /// A success status, but no access token the client can use.
    #[error(
        "the token endpoint's answer (HTTP {status}) is not a usable access token: {}",
        OneLine(.message)
    )]
    Invalid {
        /// The HTTP status.
        status: u16,
        /// What is wrong with it.
        message: String,
    },
    /// The token endpoint redirected the token request (HTTP 3xx), or the application's
    /// HTTP client followed a redirect to another origin (a 301, 302 or 303, which reqwest
    /// follows without the body and, across origins, without `Authorization`). The client
    /// secret is sent to the token URL's origin only, and a token from elsewhere is not
    /// taken.
    #[error(
        "the token endpoint redirected the token request (ending with HTTP {status}); the client \
         secret goes to the token URL's origin only"
    )]
    Redirected {
        /// The HTTP status of the answer: the redirect, or the answer at the end of the
        /// redirects the application's client followed.
        status: u16,
    },
    /// The answer went past the client's byte limit.
    #[error("the token endpoint's answer (HTTP {status}) is larger than {limit} bytes")]
    TooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
}

fn refusal(error: &Option<String>, description: &Option<String>, body: &Option<String>) -> String {
    match (error, description, body) {
        (Some(e), Some(d), _) => format!(": {} ({})", OneLine(e), OneLine(d)),
        (Some(text), None, _) | (None, Some(text), _) => format!(": {}", OneLine(text)),
        (None, None, Some(body)) => format!("; body starts {body:?}"),
        (None, None, None) => String::new(),
    }
}

/// Whether a failure in transit may not happen again: a connection failure, a timeout, or
/// an error while sending the request.
pub(crate) fn transient(e: &reqwest::Error) -> bool {
    e.is_connect() || e.is_timeout() || e.is_request()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_escapes_what_would_break_or_restyle_a_log_line() {
        assert_eq!(
            OneLine("a\nb\r\t\u{1b}[0m\u{85}\u{2028}\u{202e}é ok").to_string(),
            r"a\nb\r\t\u{1b}[0m\u{85}\u{2028}\u{202e}é ok"
        );
        let e = Error::Decode {
            operation: "Op",
            status: 200,
            message: "unknown variant `x\nFAKE`".into(),
            snippet: "{\n".into(),
            request_id: None,
        };
        assert_eq!(
            e.to_string(),
            r#"Op: undecodable response (HTTP 200): unknown variant `x\nFAKE`; body starts "{\n""#
        );
    }
}
