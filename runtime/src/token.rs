//! OAuth 2.0 access tokens: one token request by the client credentials grant (RFC 6749
//! §4.4) and its answer read into a [`Token`] or a [`TokenError`].
//!
//! One request is one attempt: the attempt loop (`attempts`) decides whether to try again,
//! and the cache of tokens is the authenticator's (`auth`).

use crate::credentials::{OAuthClient, basic_header, bearer_header};
use crate::error::{Error, TokenError};
use crate::operation::Operation;
use crate::redact::Redactor;
use crate::response;
use crate::transport::{Bounded, Transport};
use reqwest::header::{self, HeaderValue};
use serde_json::Value;
use std::time::{Duration, Instant};
use url::Url;

/// How an OAuth 2.0 client proves who it is to the token endpoint (RFC 6749 §2.3.1; the
/// names are those of the OAuth registration metadata, RFC 7591).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ClientAuthMethod {
    /// `client_secret_basic`: `Authorization: Basic base64(id:secret)`, each
    /// form-urlencoded first. What RFC 6749 recommends and every server must accept.
    #[default]
    SecretBasic,
    /// `client_secret_post`: `client_id` and `client_secret` in the form body, for servers
    /// that accept only that (Twilio's token endpoint describes these two form fields).
    SecretPost,
}

/// An access token and when to stop using it (`None`: the answer said nothing of its
/// lifetime; it is used until the API answers 401).
pub(crate) struct Token {
    /// `Bearer <token>`, marked sensitive.
    pub(crate) header: HeaderValue,
    renew_at: Option<Instant>,
}

impl Token {
    pub(crate) fn is_fresh(&self, now: Instant) -> bool {
        self.renew_at.is_none_or(|at| now < at)
    }
}

/// A token request to make, as many times as the attempt loop says.
pub(crate) struct TokenRequest<'a> {
    /// The token endpoint, checked.
    pub(crate) url: Url,
    pub(crate) client: &'a OAuthClient,
    pub(crate) scopes: &'static [&'static str],
    pub(crate) client_auth: ClientAuthMethod,
    /// Cuts the credentials' secrets out of the endpoint's text, for errors.
    pub(crate) redactor: &'a Redactor,
}

/// Why one token request brought no token: the error, and the answer's `Retry-After` when
/// the endpoint refused with one.
pub(crate) struct TokenFailure {
    pub(crate) error: TokenError,
    pub(crate) retry_after: Option<Duration>,
}

impl TokenRequest<'_> {
    /// `POST token_url` with `grant_type=client_credentials` (and `scope`), the client
    /// authenticated as [`ClientAuthMethod`] says.
    ///
    /// The body is one reqwest cannot send twice (`Body::wrap`, a stream to reqwest, rather
    /// than bytes): whatever redirect policy the application's client has, reqwest never
    /// follows a 307 or 308 without a body it can send again (it returns the 3xx), and on a
    /// 301, 302 or 303 it sends a GET without the body and, to another origin, without
    /// `Authorization`. So the client secret, in the body or the header, reaches the token
    /// URL's origin only; [`send`](Self::send) refuses what comes back from a redirect.
    pub(crate) fn build(&self, transport: &Transport) -> Result<reqwest::RequestBuilder, Error> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if !self.scopes.is_empty() {
            form.append_pair("scope", &self.scopes.join(" "));
        }
        let mut request = transport
            .request(reqwest::Method::POST, self.url.clone(), None)
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        match self.client_auth {
            ClientAuthMethod::SecretBasic => {
                let basic = basic_header(&self.client.basic_token())?;
                request = request.header(header::AUTHORIZATION, basic);
            }
            ClientAuthMethod::SecretPost => {
                form.append_pair("client_id", &self.client.client_id);
                form.append_pair("client_secret", self.client.client_secret.expose());
            }
        }
        Ok(request.body(reqwest::Body::wrap(form.finish())))
    }

    /// Sends `request` (from [`build`](Self::build)) once, for `op`: the token, or why not.
    pub(crate) async fn send(
        &self,
        op: &Operation,
        request: reqwest::RequestBuilder,
        transport: &Transport,
    ) -> Result<Token, TokenFailure> {
        tracing::debug!(operation = op.id, "obtaining an OAuth 2.0 access token");
        let started = Instant::now();
        let failed = |error| TokenFailure {
            error,
            retry_after: None,
        };
        let transport_error = |e: reqwest::Error| failed(TokenError::Transport(e.without_url()));
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        if (300..400).contains(&status) || response.url().origin() != self.url.origin() {
            return Err(failed(TokenError::Redirected { status }));
        }
        let retry_after = response::retry_after(response.headers());
        let limit = transport.max_response_bytes;
        let body = match transport.read(response).await {
            Ok(body) => body,
            Err(Bounded::Transport(e)) => return Err(transport_error(e)),
            Err(Bounded::TooLarge) => return Err(failed(TokenError::TooLarge { status, limit })),
        };
        tracing::debug!(operation = op.id, status, "the token endpoint answered");
        if !(200..300).contains(&status) {
            let error = refused(status, &body, self.redactor);
            return Err(TokenFailure { error, retry_after });
        }
        token(status, &body, started, self.redactor).map_err(failed)
    }
}

/// An error answer of the token endpoint: RFC 6749 §5.2's `error` and
/// `error_description` (or a `message`), else the start of the body; the secrets are cut
/// out of all of them, should the server echo one.
fn refused(status: u16, body: &[u8], redactor: &Redactor) -> TokenError {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let field = |key: &str| {
        json.as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(|text| redactor.text(text))
    };
    let error = field("error");
    let description = field("error_description").or_else(|| field("message"));
    let body_snippet = (error.is_none() && description.is_none() && !body.is_empty())
        .then(|| redactor.snippet(body));
    TokenError::Refused {
        status,
        error,
        description,
        body_snippet,
    }
}

/// The access token of a success answer (RFC 6749 §5.1), renewed at the latest a margin
/// before `expires_in` ends: a tenth of the lifetime, at most a minute. The body itself
/// never goes into an error (it holds the token).
fn token(
    status: u16,
    body: &[u8],
    started: Instant,
    redactor: &Redactor,
) -> Result<Token, TokenError> {
    let invalid = |message: &str| TokenError::Invalid {
        status,
        message: message.to_owned(),
    };
    let answer: Value =
        serde_json::from_slice(body).map_err(|_| invalid("the body is not JSON"))?;
    let access_token = answer
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| invalid("it has no `access_token` string"))?;
    if let Some(kind) = answer.get("token_type").and_then(Value::as_str) {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::Invalid {
                status,
                message: format!(
                    "its `token_type` is `{}`, not `bearer`",
                    redactor.text(kind)
                ),
            });
        }
    }
    let header = bearer_header(access_token)
        .map_err(|_| invalid("the access token holds characters a header cannot"))?;
    let renew_at = lifetime(answer.get("expires_in"))
        .and_then(|life| started.checked_add(life - (life / 10).min(Duration::from_secs(60))));
    Ok(Token { header, renew_at })
}

/// `expires_in` in seconds, leniently: a number (negative counts as zero) or a numeric
/// string; anything else counts as absent.
fn lifetime(value: Option<&Value>) -> Option<Duration> {
    match value? {
        Value::Number(n) => match n.as_u64() {
            Some(seconds) => Some(Duration::from_secs(seconds)),
            None => n
                .as_f64()
                .map(|f| Duration::try_from_secs_f64(f.max(0.0)).unwrap_or(Duration::MAX)),
        },
        Value::String(s) => s.trim().parse().ok().map(Duration::from_secs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;

    #[test]
    fn lifetimes_are_read_leniently() {
        let read = |v: Value| lifetime(Some(&v));
        assert_eq!(
            read(serde_json::json!(3600)),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(read(serde_json::json!("60")), Some(Duration::from_secs(60)));
        assert_eq!(read(serde_json::json!(-5)), Some(Duration::ZERO));
        assert_eq!(
            read(serde_json::json!(1.5)),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(read(serde_json::json!(null)), None);
        assert_eq!(lifetime(None), None);
    }

    #[test]
    fn a_lifetime_too_long_for_the_clock_never_expires() {
        let body = br#"{"access_token":"t","expires_in":18446744073709551615}"#;
        let token = token(200, body, Instant::now(), &Redactor::default()).expect("a token");
        assert!(token.renew_at.is_none() || token.is_fresh(Instant::now()));
    }

    #[test]
    fn errors_never_hold_the_secret_or_the_token() {
        let redactor = Credentials::oauth_client("id", "s3cr3t").redactor();
        let e = refused(
            401,
            br#"{"error":"invalid_client","error_description":"bad s3cr3t"}"#,
            &redactor,
        );
        let text = format!("{e} {e:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("invalid_client"), "{text}");
        let e = refused(500, b"oops s3cr3t", &redactor);
        let text = format!("{e} {e:?}");
        assert!(!text.contains("s3cr3t") && text.contains("oops"), "{text}");
        let e = token(
            200,
            br#"{"access_token":"tok3n","token_type":"mac"}"#,
            Instant::now(),
            &redactor,
        )
        .err()
        .expect("refused");
        let text = format!("{e} {e:?}");
        assert!(!text.contains("tok3n") && text.contains("mac"), "{text}");
    }
}
