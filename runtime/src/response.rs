//! Answers: reading Twilio's error body into [`ApiError`], and decoding a success
//! leniently into the operation's response type.

use crate::error::{ApiError, Error};
use crate::operation::{Operation, ResponseKind};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// An answer as received: the status, the two headers the client reads, the body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: bytes::Bytes,
}

const SNIPPET_CHARS: usize = 200;

pub(crate) fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(SNIPPET_CHARS)
        .collect()
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
    details: Option<serde_json::Value>,
}

pub(crate) fn api_error(op: &Operation, answer: Answer) -> Error {
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

pub(crate) fn decode<T: DeserializeOwned>(op: &Operation, answer: Answer) -> Result<T, Error> {
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
