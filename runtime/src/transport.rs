//! Transport: the HTTP client and everything about how a request travels (TLS, proxies,
//! redirects, timeouts, the User-Agent), the rules a URL credentials go to must follow, one
//! exchange of a request for an answer, and the byte limit answers are read within.
//!
//! It knows nothing of credentials beyond the `Authorization` header it is handed, nor of
//! retrying: one call here is one attempt.

use crate::error::Error;
use crate::operation::Operation;
use crate::response::{self, Answer};
use reqwest::header::{self, HeaderValue};
use rustls_platform_verifier::BuilderVerifierExt;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on the bytes read from one answer: 16 MiB, several times Twilio's largest
/// page (a page of 1,000 items is a few MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// A `reqwest::ClientBuilder` with the built-in client's TLS set-up and redirect policy, to
/// start your own client from (for
/// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client), say with a proxy).
///
/// Redirects are never followed (`reqwest::redirect::Policy::none()`; reqwest's default
/// follows up to 10 and keeps `Authorization` on a redirect to the same host): a 3xx comes
/// back to the operation, which returns it as a [`Redirect`](crate::Redirect) when the spec
/// documents redirects as its answer, and fails with
/// [`Error::UnexpectedRedirect`] otherwise. Credentials never follow a redirect.
///
/// TLS is rustls with the platform's certificate verifier (`rustls-platform-verifier`, what
/// reqwest's own `rustls` feature uses: the system's root certificates on Linux, the OS
/// verifier on macOS, Windows and Android), offering HTTP/2 and HTTP/1.1 by ALPN. The crypto
/// provider is the process default when the program installed one
/// (`rustls::crypto::CryptoProvider::install_default`, as reqwest does too), `ring` otherwise.
/// The process default is only read, never installed nor replaced, so a program's own choice
/// always wins and can never conflict with this crate.
///
/// It carries the built-in client's timeouts too: [`DEFAULT_CONNECT_TIMEOUT`] to connect
/// and [`DEFAULT_TIMEOUT`] for each request, body included (reqwest's own default is none:
/// a server that answers one byte a second would hold a call for ever). Set others with
/// reqwest's `connect_timeout` and `timeout`.
///
/// Proxies are those of the environment, as reqwest reads them (`HTTP_PROXY`,
/// `HTTPS_PROXY`, `ALL_PROXY`, each also in lower case, and `NO_PROXY`; none in a CGI
/// program, where `REQUEST_METHOD` is set), except that requests to loopback
/// (`127.0.0.0/8`, `::1`, `localhost`) never go through one: a plain-http loopback base URL
/// would hand the credentials to the proxy in clear. The platform's own proxy settings,
/// which reqwest reads on macOS and Windows when its `system-proxy` feature is on, are not
/// used. A proxy added with reqwest's `proxy` comes after these.
///
/// This crate enables reqwest's `rustls-no-provider` feature rather than `rustls` (which
/// builds aws-lc, a long C build): in a program where nothing else enables reqwest's
/// `rustls` feature and no provider is installed, `reqwest::Client::new()` panics when it
/// builds its TLS set-up. Build from this function instead.
///
/// # Errors
///
/// [`Error::Config`] when the system has no root certificates, the installed provider
/// supports no TLS version rustls accepts, or a proxy variable holds no URL.
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::Config(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth();
    // What reqwest sets on a configuration it builds itself (feature `http2`).
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let builder = env_proxies(reqwest::Client::builder())?;
    Ok(builder
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .timeout(DEFAULT_TIMEOUT))
}

/// Destinations no proxy gets, added to `NO_PROXY`.
const LOOPBACK: &str = "127.0.0.0/8,::1,::ffff:127.0.0.0/104,localhost";

/// Sets the proxies of the environment on `builder`, as reqwest reads them, loopback
/// exempt (see [`http_client_builder`]).
fn env_proxies(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    // No proxy of reqwest's own choosing (it would not exempt loopback).
    let mut builder = builder.no_proxy();
    if std::env::var_os("REQUEST_METHOD").is_some() {
        // CGI: `HTTP_PROXY` may come from a request's `Proxy` header (httpoxy).
        return Ok(builder);
    }
    let var = |names: [&'static str; 2]| {
        names.into_iter().find_map(|name| {
            let value = std::env::var(name).ok().filter(|v| !v.is_empty());
            value.map(|v| (name, v))
        })
    };
    let listed = var(["NO_PROXY", "no_proxy"]).map_or_else(String::new, |(_, v)| v);
    let exempt = reqwest::NoProxy::from_string(&format!("{listed},{LOOPBACK}"));
    type Kind = fn(String) -> reqwest::Result<reqwest::Proxy>;
    let kinds: [([&'static str; 2], Kind); 3] = [
        (["HTTP_PROXY", "http_proxy"], reqwest::Proxy::http),
        (["HTTPS_PROXY", "https_proxy"], reqwest::Proxy::https),
        (["ALL_PROXY", "all_proxy"], reqwest::Proxy::all),
    ];
    for (names, kind) in kinds {
        if let Some((name, url)) = var(names) {
            // The value is not shown: it may hold the proxy's credentials.
            let proxy = kind(url).map_err(|_| Error::Config(format!("{name} is not a URL")))?;
            builder = builder.proxy(proxy.no_proxy(exempt.clone()));
        }
    }
    Ok(builder)
}

/// What errors call the OAuth 2.0 token URL.
pub(crate) const TOKEN_URL: &str = "OAuth 2.0 token URL";

/// Parses a URL credentials are sent to (`what` names it in errors): it must pass
/// [`check_transport`] and carry no user info (`user:password@`), which reqwest would send
/// as a second `Authorization` header.
pub(crate) fn endpoint(text: &str, allow_insecure_http: bool, what: &str) -> Result<Url, Error> {
    let url =
        Url::parse(text).map_err(|e| Error::Config(format!("the {what} is not a URL: {e}")))?;
    check_transport(&url, allow_insecure_http, what)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(format!(
            "the {what} must not carry user info (`user:password@`)"
        )));
    }
    Ok(url)
}

/// Refuses a URL that is neither https nor http to loopback (unless insecure http is
/// allowed): credentials would travel in clear.
pub(crate) fn check_transport(
    url: &Url,
    allow_insecure_http: bool,
    what: &str,
) -> Result<(), Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure_http || is_loopback(url) => Ok(()),
        "http" => Err(Error::Config(format!(
            "refusing a plain http:// {what} to a host that is not loopback (credentials would \
             travel in clear); use https or `allow_insecure_http(true)`"
        ))),
        other => Err(Error::Config(format!(
            "unsupported URL scheme `{other}` in the {what}"
        ))),
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

/// `<product>/<version> (<os> <arch>) rust`, then the extensions, each after a space.
pub(crate) fn user_agent(
    product: &str,
    version: &str,
    extensions: &[String],
) -> Result<HeaderValue, Error> {
    let mut user_agent = format!(
        "{product}/{version} ({} {}) rust",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    for ext in extensions {
        user_agent.push(' ');
        user_agent.push_str(ext);
    }
    HeaderValue::from_str(&user_agent)
        .map_err(|_| Error::Config("User-Agent extension holds characters a header cannot".into()))
}

/// How requests travel: the HTTP client, the User-Agent, the timeouts, the byte limit.
pub(crate) struct Transport {
    http: reqwest::Client,
    user_agent: HeaderValue,
    /// The time one attempt may take ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)
    /// or its default), as `Debug` shows it.
    pub(crate) timeout: Duration,
    /// Set on each request: the timeout asked for, when the HTTP client is the user's own.
    per_request_timeout: Option<Duration>,
    /// The most bytes read from one answer.
    pub(crate) max_response_bytes: u64,
}

impl Transport {
    /// Requests through `http` when given (with `timeout` applied to each request, when
    /// set), else through a client from [`http_client_builder`] with `connect_timeout` and
    /// `timeout` (or their defaults); answers read within `max_response_bytes` (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub(crate) fn new(
        http: Option<reqwest::Client>,
        connect_timeout: Option<Duration>,
        timeout: Option<Duration>,
        max_response_bytes: Option<u64>,
        user_agent: HeaderValue,
    ) -> Result<Self, Error> {
        // The built-in client carries the timeout itself (cheaper than one per request);
        // a user-supplied one gets it per request, and only when asked for.
        let per_request_timeout = http.as_ref().and(timeout);
        let http = match http {
            Some(c) => c,
            // Follows no redirect (see `http_client_builder`).
            None => http_client_builder()?
                .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .timeout(timeout.unwrap_or(DEFAULT_TIMEOUT))
                .build()
                .map_err(|e| {
                    Error::Config(format!("cannot build the HTTP client: {}", e.without_url()))
                })?,
        };
        Ok(Transport {
            http,
            user_agent,
            timeout: timeout.unwrap_or(DEFAULT_TIMEOUT),
            per_request_timeout,
            max_response_bytes: max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
        })
    }

    /// A request to `url` with `authorization` (when given), the User-Agent and the
    /// per-request timeout.
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        url: Url,
        authorization: Option<&HeaderValue>,
    ) -> reqwest::RequestBuilder {
        let mut req = self.http.request(method, url);
        if let Some(value) = authorization {
            req = req.header(header::AUTHORIZATION, value.clone());
        }
        req = req.header(header::USER_AGENT, self.user_agent.clone());
        if let Some(timeout) = self.per_request_timeout {
            req = req.timeout(timeout);
        }
        req
    }

    /// One exchange for `op`: the request sent once with `authorization`, the answer read
    /// within the byte limit. Nothing is retried here.
    pub(crate) async fn exchange(
        &self,
        op: &Operation,
        url: &Url,
        headers: &[(String, String)],
        body: Option<&(&'static str, bytes::Bytes)>,
        authorization: Option<&HeaderValue>,
    ) -> Result<Answer, Failure> {
        let mut req = self
            .request(op.method.clone(), url.clone(), authorization)
            .header(header::ACCEPT, op.accept);
        for (name, value) in headers {
            req = req.header(name.as_str(), value.as_str());
        }
        if let Some((content_type, bytes)) = body {
            req = req
                .header(header::CONTENT_TYPE, *content_type)
                .body(bytes.clone());
        }
        // A method that may carry content but has none to send says so (RFC 9110, 8.6),
        // as Twilio's SDKs do; the HTTP client writes no length for an empty body.
        let has_content = body.is_some_and(|(_, bytes)| !bytes.is_empty());
        let takes_content = [
            reqwest::Method::POST,
            reqwest::Method::PUT,
            reqwest::Method::PATCH,
        ];
        if !has_content && takes_content.contains(&op.method) {
            req = req.header(header::CONTENT_LENGTH, "0");
        }
        let response = req.send().await.map_err(Failure::Transport)?;
        let status = response.status().as_u16();
        let request_id = response::header(response.headers(), "twilio-request-id");
        let retry_after = response::retry_after(response.headers());
        let location = (300..400)
            .contains(&status)
            .then(|| response::location(response.headers(), url));
        let body = match self.read(response).await {
            Ok(body) => body,
            Err(Bounded::Transport(e)) => return Err(Failure::Transport(e)),
            Err(Bounded::TooLarge) => {
                tracing::warn!(
                    status,
                    limit = self.max_response_bytes,
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

    /// Reads the body chunk by chunk and stops once it passes the byte limit, whatever
    /// `Content-Length` announced (chunked answers have none). Dropping the response
    /// part-read closes its connection: it is never reused.
    pub(crate) async fn read(
        &self,
        mut response: reqwest::Response,
    ) -> Result<bytes::Bytes, Bounded> {
        let limit = self.max_response_bytes;
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
}

/// Why one exchange produced no answer.
pub(crate) enum Failure {
    /// What reqwest reported.
    Transport(reqwest::Error),
    /// The body went past the byte limit; the connection was dropped.
    TooLarge {
        status: u16,
        request_id: Option<String>,
    },
}

/// Why a bounded read stopped.
pub(crate) enum Bounded {
    Transport(reqwest::Error),
    TooLarge,
}
