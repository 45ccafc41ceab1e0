//! Answers: reading Twilio's error body into [`ApiError`], decoding a success leniently
//! into the operation's response type, and a redirect into [`Redirect`].

use crate::error::{ApiError, Error};
use crate::operation::{Operation, ResponseKind};
use crate::redact::Redactor;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::time::Duration;
use url::Url;

/// An answer as received: the status, the headers the client reads, the body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    /// For a redirect (3xx): `Location` resolved against the request's URL, or why it
    /// cannot be.
    pub(crate) location: Option<Result<Url, String>>,
    pub(crate) body: bytes::Bytes,
}

/// What an operation whose documented answers are redirects (3xx) only returns: where the
/// server points, such as a download link. The client never follows it, so credentials
/// never go along; fetch the target yourself if you want it.
///
/// A 3xx without a valid `Location` is [`Error::InvalidRedirect`] instead; any other
/// operation that meets a 3xx fails with [`Error::UnexpectedRedirect`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "RedirectParts")]
#[non_exhaustive]
pub struct Redirect {
    /// The HTTP status, e.g. 302 or 307.
    pub status: u16,
    /// The `Location` header, resolved against the request's URL when it is relative.
    pub location: Url,
    /// The `Twilio-Request-Id` header, when present.
    pub request_id: Option<String>,
}

/// A [`Redirect`] as [`decode`] hands it over: it builds every response type through its
/// `Deserialize` implementation.
#[derive(serde::Deserialize)]
struct RedirectParts {
    status: u16,
    location: String,
    request_id: Option<String>,
}

impl TryFrom<RedirectParts> for Redirect {
    type Error = url::ParseError;

    fn try_from(parts: RedirectParts) -> Result<Self, Self::Error> {
        Ok(Redirect {
            status: parts.status,
            location: Url::parse(&parts.location)?,
            request_id: parts.request_id,
        })
    }
}

/// `Location` of a redirect, resolved against the URL of the request it answers.
pub(crate) fn location(headers: &HeaderMap, request: &Url) -> Result<Url, String> {
    let value = headers
        .get(reqwest::header::LOCATION)
        .ok_or_else(|| "there is none".to_owned())?;
    let text = value
        .to_str()
        .map_err(|_| "it is not visible ASCII text".to_owned())?;
    request
        .join(text.trim())
        .map_err(|e| format!("it is not a URL ({e})"))
}

pub(crate) fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `Retry-After` in seconds (Twilio does not send the HTTP-date form, which is ignored).
/// A delay too long for a `Duration` counts as the longest one.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = header(headers, "retry-after")?.trim().parse::<f64>().ok()?;
    (seconds >= 0.0).then(|| Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
}

/// Twilio's error body.
#[derive(serde::Deserialize)]
struct TwilioError {
    code: Option<i64>,
    message: Option<String>,
    more_info: Option<String>,
    #[serde(default, deserialize_with = "crate::de::json")]
    details: Option<serde_json::Value>,
}

/// What says a body is problem details (RFC 9457, `application/problem+json`), as mock
/// servers and gateways in front of an API send: `title` and `detail` say what is wrong,
/// `type` links to more. Read first and alone, skipping the rest of the body, so that a
/// large body that is no problem description costs no memory.
#[derive(serde::Deserialize)]
struct ProblemHead {
    #[serde(rename = "type")]
    kind: Option<String>,
    title: Option<String>,
    detail: Option<String>,
}

/// A whole body, within the decoding budget.
#[derive(serde::Deserialize)]
#[serde(transparent)]
struct Whole(#[serde(deserialize_with = "crate::de::json")] Option<serde_json::Value>);

/// Twilio's shape for problem details in `body`: the message is the title and the detail,
/// the link is `more_info`, and the members other than those and `status` and `instance`
/// (such as a list of violations) are the details.
fn problem(body: &[u8]) -> Option<TwilioError> {
    let head = crate::de::answer::<ProblemHead>(body).0.ok()?;
    let message = match (head.title, head.detail) {
        (Some(t), Some(d)) => format!("{t}: {d}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return None,
    };
    let mut details = match crate::de::answer::<Whole>(body).0 {
        Ok(Whole(Some(serde_json::Value::Object(members)))) => members,
        _ => serde_json::Map::new(),
    };
    for known in ["type", "title", "detail", "status", "instance"] {
        details.remove(known);
    }
    Some(TwilioError {
        code: None,
        message: Some(message),
        more_info: head.kind.filter(|k| k != "about:blank"),
        details: (!details.is_empty()).then_some(serde_json::Value::Object(details)),
    })
}

/// The error of an answer with an error status, the secrets `redactor` knows cut out of
/// all the server's text in it. The body is read as Twilio's error shape, else as problem
/// details (RFC 9457), else kept as a snippet.
pub(crate) fn api_error(op: &Operation, answer: Answer, redactor: &Redactor) -> Error {
    let request_id = redactor.opt(answer.request_id.clone());
    let parsed = crate::de::answer::<TwilioError>(&answer.body)
        .0
        .ok()
        .filter(|e| e.code.is_some() || e.message.is_some())
        .or_else(|| problem(&answer.body));
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
            message: redactor.opt(t.message).unwrap_or_else(|| reason.to_owned()),
            more_info: redactor.opt(t.more_info),
            details: t.details.map(|d| redactor.json(d)),
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
            body_snippet: Some(redactor.snippet(&answer.body)),
        },
    };
    Error::Api(Box::new(e))
}

/// The operation's answer from a success, or [`Error::Decode`] with the secrets `redactor`
/// knows cut out of the server's text in it.
pub(crate) fn decode<T: DeserializeOwned>(
    op: &Operation,
    answer: Answer,
    redactor: &Redactor,
) -> Result<T, Error> {
    if op.response == ResponseKind::Redirect {
        return redirect(op, answer, redactor);
    }
    let error = |message: String| decode_error(op, &answer, message, redactor);
    let first = answer.body.iter().find(|b| !b.is_ascii_whitespace());
    let body: &[u8] = match (op.response, first) {
        (ResponseKind::Empty | ResponseKind::Redirect, _) | (ResponseKind::Value, None) => b"null",
        (ResponseKind::Object, Some(b'{')) | (ResponseKind::Value, Some(_)) => &answer.body,
        (ResponseKind::Object, _) => return Err(error("expected a JSON object".into())),
    };
    let (decoded, absent) = crate::de::answer(body);
    let value = decoded.map_err(|e| error(e.to_string()))?;
    if absent > 0 {
        report_absent::<T>(op, body, absent);
    }
    Ok(value)
}

/// At most this many values read as absent are named in debug events per answer (each is
/// found by decoding the answer once more).
const NAMED_ABSENT: u32 = 8;

/// Debug events naming the values of `body` that were read as absent (a field of another
/// type than the spec says, see [`crate::de::lenient`]), when debug events are wanted.
fn report_absent<T: DeserializeOwned>(op: &Operation, body: &[u8], absent: u32) {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return;
    }
    let named = crate::de::absent_paths::<T>(body, absent.min(NAMED_ABSENT));
    for (field, reason) in &named {
        tracing::debug!(
            operation = op.id,
            field = field.as_str(),
            reason = reason.as_str(),
            "response field of an unexpected type read as absent"
        );
    }
    let unnamed = absent as usize - named.len();
    if unnamed > 0 {
        tracing::debug!(
            operation = op.id,
            count = unnamed,
            "more response fields of an unexpected type read as absent"
        );
    }
}

/// The [`Redirect`] of an operation whose documented answers are redirects: the answer must
/// be a 3xx with a valid `Location`.
fn redirect<T: DeserializeOwned>(
    op: &Operation,
    answer: Answer,
    redactor: &Redactor,
) -> Result<T, Error> {
    if !(300..400).contains(&answer.status) {
        let message = format!(
            "the operation answers with a redirect (3xx), not HTTP {}",
            answer.status
        );
        return Err(decode_error(op, &answer, message, redactor));
    }
    let location = match &answer.location {
        Some(Ok(url)) => url,
        other => {
            return Err(Error::InvalidRedirect {
                operation: op.id,
                status: answer.status,
                reason: match other {
                    Some(Err(reason)) => reason.clone(),
                    _ => "there is none".to_owned(),
                },
                request_id: redactor.opt(answer.request_id.clone()),
            });
        }
    };
    let parts = serde_json::json!({
        "status": answer.status,
        "location": location.as_str(),
        "request_id": answer.request_id,
    });
    serde_json::from_value(parts).map_err(|e| decode_error(op, &answer, e.to_string(), redactor))
}

/// A success status, but not the answer the spec describes.
fn decode_error(op: &Operation, answer: &Answer, message: String, redactor: &Redactor) -> Error {
    Error::Decode {
        operation: op.id,
        status: answer.status,
        message: redactor.text(&message),
        snippet: redactor.snippet(&answer.body),
        request_id: redactor.opt(answer.request_id.clone()),
    }
}
