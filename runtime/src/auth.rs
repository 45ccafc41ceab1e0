//! Authentication: the ways an operation accepts to be called ([`Scheme`]), choosing one
//! for each request from the configured [`Credentials`], and OAuth 2.0 access tokens
//! (obtained by the client credentials grant, cached, renewed before they expire).

use crate::client::{Bounded, Settings, read_bounded};
use crate::credentials::{Credentials, OAuthClient, basic_header, bearer_header};
use crate::error::{Error, OneLine};
use crate::operation::Operation;
use crate::redact::Redactor;
use crate::retry::Outcome;
use reqwest::header::{self, HeaderValue};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use url::Url;

/// One way an operation accepts to be called, from the spec's `security`. Generated code
/// lists them in [`Operation::security`] in the spec's order; an empty list means the
/// operation takes no credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// HTTP Basic: [`Credentials::auth_token`] or [`Credentials::api_key`].
    Basic,
    /// HTTP Bearer: [`Credentials::bearer_token`].
    Bearer,
    /// OAuth 2.0 client credentials: [`Credentials::oauth_client`]; the access token comes
    /// from `token_url` and is sent as a bearer token.
    OAuth2ClientCredentials {
        /// The token endpoint the spec names (overridden by
        /// [`ClientBuilder::oauth_token_url`](crate::ClientBuilder::oauth_token_url)).
        token_url: &'static str,
        /// The scopes asked for (`scope`, space-separated); none: no `scope` is sent.
        scopes: &'static [&'static str],
    },
    /// No credentials (an empty requirement among others): no `Authorization` header.
    None,
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scheme::Basic => "HTTP Basic (Credentials::auth_token or Credentials::api_key)",
            Scheme::Bearer => "a bearer token (Credentials::bearer_token)",
            Scheme::OAuth2ClientCredentials { .. } => {
                "OAuth 2.0 client credentials (Credentials::oauth_client)"
            }
            Scheme::None => "no credentials",
        })
    }
}

/// The schemes as a list for messages: `a, b or c`.
pub(crate) fn scheme_list(schemes: &[Scheme]) -> String {
    let names: Vec<String> = schemes.iter().map(Scheme::to_string).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "no credentials".to_owned(),
    }
}

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

/// An access token and when to stop using it (`None`: the answer said nothing of its
/// lifetime; it is used until the API answers 401).
struct Token {
    /// `Bearer <token>`, marked sensitive.
    header: HeaderValue,
    renew_at: Option<Instant>,
}

/// The `Authorization` header of one attempt.
pub(crate) struct Authorization {
    pub(crate) header: HeaderValue,
    /// An OAuth 2.0 access token taken from the cache rather than obtained for this
    /// attempt: when the API refuses it (401), it may have been revoked or have expired
    /// early, and the request is sent once more with a new one.
    pub(crate) cached_token: bool,
}

/// One token per token endpoint and scopes; its lock makes one fetch at a time.
type Slot = Arc<tokio::sync::Mutex<Option<Token>>>;

/// The configured credentials, their headers, and the cache of access tokens.
pub(crate) struct Authenticator {
    credentials: Credentials,
    basic: Option<HeaderValue>,
    bearer: Option<HeaderValue>,
    token_url: Option<Url>,
    client_auth: ClientAuthMethod,
    allow_insecure_http: bool,
    /// Cuts the credentials' secrets out of a server's text, for errors.
    redactor: Redactor,
    tokens: Mutex<HashMap<(&'static str, &'static [&'static str]), Slot>>,
}

impl Authenticator {
    /// `token_url` overrides every OAuth 2.0 scheme's token endpoint; checked already.
    pub(crate) fn new(
        credentials: Credentials,
        token_url: Option<Url>,
        client_auth: ClientAuthMethod,
        allow_insecure_http: bool,
    ) -> Result<Self, Error> {
        Ok(Authenticator {
            basic: credentials.basic_authorization()?,
            bearer: credentials.bearer_authorization()?,
            redactor: credentials.redactor(),
            credentials,
            token_url,
            client_auth,
            allow_insecure_http,
            tokens: Mutex::new(HashMap::new()),
        })
    }

    /// The configured credentials.
    pub(crate) fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// What cuts the credentials' secrets out of a server's text.
    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// The first way `op` accepts that the credentials satisfy (`None`: it takes no
    /// credentials), or the error that names them all. Nothing is sent.
    pub(crate) fn choose(&self, op: &Operation) -> Result<Option<&'static Scheme>, Error> {
        let accepted: &'static [Scheme] = op.security;
        if accepted.is_empty() {
            return Ok(None);
        }
        match accepted.iter().find(|s| self.credentials.satisfies(s)) {
            Some(scheme) => Ok(Some(scheme)),
            None => Err(Error::NoCredentials {
                operation: op.id,
                accepted,
            }),
        }
    }

    /// The `Authorization` header for `scheme`, obtaining an access token first when the
    /// scheme is OAuth 2.0 and no fresh one is cached.
    pub(crate) async fn authorization(
        &self,
        settings: &Settings,
        op: &Operation,
        scheme: Option<&'static Scheme>,
    ) -> Result<Option<Authorization>, Error> {
        let given = |header: &Option<HeaderValue>| {
            header.clone().map(|header| Authorization {
                header,
                cached_token: false,
            })
        };
        match scheme {
            None | Some(Scheme::None) => Ok(None),
            Some(Scheme::Basic) => Ok(given(&self.basic)),
            Some(Scheme::Bearer) => Ok(given(&self.bearer)),
            Some(Scheme::OAuth2ClientCredentials { token_url, scopes }) => {
                let slot = self.slot(token_url, scopes);
                let mut cached = slot.lock().await;
                if let Some(token) = cached.as_ref().filter(|t| t.is_fresh(Instant::now())) {
                    return Ok(Some(Authorization {
                        header: token.header.clone(),
                        cached_token: true,
                    }));
                }
                let token = self.fetch(settings, op, token_url, scopes).await?;
                let header = token.header.clone();
                *cached = Some(token);
                Ok(Some(Authorization {
                    header,
                    cached_token: false,
                }))
            }
        }
    }

    /// Drops the cached access token that `used` carries, after the API refused it (401):
    /// the next attempt obtains a new one.
    pub(crate) async fn forget(&self, scheme: &'static Scheme, used: &HeaderValue) {
        if let Scheme::OAuth2ClientCredentials { token_url, scopes } = scheme {
            let slot = self.slot(token_url, scopes);
            let mut cached = slot.lock().await;
            if cached.as_ref().is_some_and(|t| t.header == *used) {
                *cached = None;
            }
        }
    }

    fn slot(&self, token_url: &'static str, scopes: &'static [&'static str]) -> Slot {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        tokens.entry((token_url, scopes)).or_default().clone()
    }

    /// The token endpoint: the override, else the spec's, under the base URL's rules.
    fn endpoint(&self, spec_url: &str) -> Result<Url, Error> {
        if let Some(url) = &self.token_url {
            return Ok(url.clone());
        }
        crate::config::endpoint(spec_url, self.allow_insecure_http, crate::config::TOKEN_URL)
    }

    /// Obtains an access token by the client credentials grant (RFC 6749 §4.4), retrying as
    /// the client's [`RetryPolicy`](crate::RetryPolicy) says: a token request is safe to
    /// repeat, so connection failures, timeouts, 429 and 5xx answers are tried again (as for
    /// a GET); any other refusal stands.
    async fn fetch(
        &self,
        settings: &Settings,
        op: &Operation,
        token_url: &str,
        scopes: &[&str],
    ) -> Result<Token, Error> {
        let url = self.endpoint(token_url)?;
        let Some(client) = self.credentials.oauth() else {
            return Err(Error::NoCredentials {
                operation: op.id,
                accepted: op.security,
            });
        };
        let mut attempt = 1;
        loop {
            let request = self.token_request(settings, url.clone(), client, scopes)?;
            let attempt_result = token_attempt(op, &url, request, settings, &self.redactor).await;
            let (outcome, error) = match attempt_result {
                Ok(token) => return Ok(token),
                Err(failed) => failed,
            };
            let error = Error::Token {
                operation: op.id,
                source: error,
            };
            match outcome.and_then(|o| settings.retry.decide(attempt, true, o)) {
                Some(delay) => {
                    tracing::warn!(operation = op.id, ?delay, "retrying the token request");
                    tokio::time::sleep(delay).await;
                }
                None => return Err(error),
            }
            attempt += 1;
        }
    }

    /// `POST token_url` with `grant_type=client_credentials` (and `scope`), the client
    /// authenticated as [`ClientAuthMethod`] says.
    ///
    /// The body is one reqwest cannot send twice (`Body::wrap`, a stream to reqwest, rather
    /// than bytes): whatever redirect policy the application's client has, reqwest never
    /// follows a 307 or 308 without a body it can send again (it returns the 3xx), and on a
    /// 301, 302 or 303 it sends a GET without the body and, to another origin, without
    /// `Authorization`. So the client secret, in the body or the header, reaches the token
    /// URL's origin only; [`token_attempt`] refuses what comes back from a redirect.
    fn token_request(
        &self,
        settings: &Settings,
        url: Url,
        client: &OAuthClient,
        scopes: &[&str],
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if !scopes.is_empty() {
            form.append_pair("scope", &scopes.join(" "));
        }
        let mut request = settings
            .http
            .post(url)
            .header(header::USER_AGENT, settings.user_agent.clone())
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        match self.client_auth {
            ClientAuthMethod::SecretBasic => {
                request =
                    request.header(header::AUTHORIZATION, basic_header(&client.basic_token())?);
            }
            ClientAuthMethod::SecretPost => {
                form.append_pair("client_id", &client.client_id);
                form.append_pair("client_secret", client.client_secret.expose());
            }
        }
        if let Some(timeout) = settings.per_request_timeout {
            request = request.timeout(timeout);
        }
        Ok(request.body(reqwest::Body::wrap(form.finish())))
    }
}

/// One token request: the token, or why not and how the attempt ended as far as retrying
/// cares (`None`: not worth another attempt).
async fn token_attempt(
    op: &Operation,
    url: &Url,
    request: reqwest::RequestBuilder,
    settings: &Settings,
    redactor: &Redactor,
) -> Result<Token, (Option<Outcome>, TokenError)> {
    tracing::debug!(operation = op.id, "obtaining an OAuth 2.0 access token");
    let started = Instant::now();
    let transport = |e: reqwest::Error| {
        let transient = crate::retry::transient(&e);
        (
            Some(Outcome::Transport { transient }),
            TokenError::Transport(e.without_url()),
        )
    };
    let response = request.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    if (300..400).contains(&status) || response.url().origin() != url.origin() {
        return Err((None, TokenError::Redirected { status }));
    }
    let retry_after = crate::response::retry_after(response.headers());
    let limit = settings.max_response_bytes;
    let body = match read_bounded(response, limit).await {
        Ok(body) => body,
        Err(Bounded::Transport(e)) => return Err(transport(e)),
        Err(Bounded::TooLarge) => return Err((None, TokenError::TooLarge { status, limit })),
    };
    tracing::debug!(operation = op.id, status, "the token endpoint answered");
    if !(200..300).contains(&status) {
        let refusal = refused(status, &body, redactor);
        return Err((
            Some(Outcome::Status {
                status,
                retry_after,
            }),
            refusal,
        ));
    }
    token(status, &body, started, redactor).map_err(|e| (None, e))
}

impl Token {
    fn is_fresh(&self, now: Instant) -> bool {
        self.renew_at.is_none_or(|at| now < at)
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

    #[test]
    fn scheme_lists_read_as_alternatives() {
        assert_eq!(scheme_list(&[]), "no credentials");
        assert_eq!(
            scheme_list(&[Scheme::Basic, Scheme::Bearer]),
            "HTTP Basic (Credentials::auth_token or Credentials::api_key) or a bearer token \
             (Credentials::bearer_token)"
        );
    }
}
