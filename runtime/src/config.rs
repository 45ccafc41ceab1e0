//! Configuration: what a generated client tells the runtime about its product
//! ([`Product`]), the [`ClientBuilder`] and its environment variables, and the rules a
//! base URL must follow.

use crate::auth::{Authenticator, ClientAuthMethod};
use crate::client::{CoreClient, Settings};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::retry::RetryPolicy;
use reqwest::header::HeaderValue;
use rustls_platform_verifier::BuilderVerifierExt;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// The constants of one product's bindings, emitted by the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    /// The server the spec names (`servers[0]`), e.g. `https://verify.twilio.com`.
    pub default_base_url: &'static str,
    /// The environment variable that overrides it in [`ClientBuilder::from_env`], e.g.
    /// `TWILIO_VERIFY_BASE_URL`.
    pub base_url_env: &'static str,
    /// The product name at the start of the User-Agent, e.g. `twilio-verify-challenges`.
    pub name: &'static str,
    /// Its version, after the name in the User-Agent.
    pub version: &'static str,
}

/// A client type built by [`ClientBuilder`]: implemented by every generated `Client`,
/// a thin wrapper over [`CoreClient`] that carries its product's constants.
pub trait FromCore: Sized {
    /// The product's constants.
    const PRODUCT: Product;

    /// Wraps a configured core client.
    fn from_core(core: CoreClient) -> Self;
}

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on the bytes read from one answer: 16 MiB, several times Twilio's largest
/// page (a page of 1,000 items is a few MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// A `reqwest::ClientBuilder` with the built-in client's TLS set-up and redirect policy, to
/// start your own client from (for [`ClientBuilder::http_client`], say with a proxy).
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
/// This crate enables reqwest's `rustls-no-provider` feature rather than `rustls` (which
/// builds aws-lc, a long C build): in a program where nothing else enables reqwest's
/// `rustls` feature and no provider is installed, `reqwest::Client::new()` panics when it
/// builds its TLS set-up. Build from this function instead.
///
/// # Errors
///
/// [`Error::Config`] when the system has no root certificates or the installed provider
/// supports no TLS version rustls accepts.
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
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none()))
}

/// Configures a client of type `C` (generated bindings name it `ClientBuilder`).
pub struct ClientBuilder<C> {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    http: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_bytes: Option<u64>,
    max_pages: Option<u32>,
    user_agent_extensions: Vec<String>,
    allow_insecure_http: bool,
    oauth_token_url: Option<String>,
    oauth_client_auth: ClientAuthMethod,
    client: PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            credentials: None,
            base_url: None,
            region: None,
            edge: None,
            http: None,
            connect_timeout: None,
            timeout: None,
            retry: None,
            max_response_bytes: None,
            max_pages: None,
            user_agent_extensions: Vec::new(),
            allow_insecure_http: false,
            oauth_token_url: None,
            oauth_client_auth: ClientAuthMethod::default(),
            client: PhantomData,
        }
    }
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            credentials: self.credentials.clone(),
            base_url: self.base_url.clone(),
            region: self.region.clone(),
            edge: self.edge.clone(),
            http: self.http.clone(),
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            retry: self.retry.clone(),
            max_response_bytes: self.max_response_bytes,
            max_pages: self.max_pages,
            user_agent_extensions: self.user_agent_extensions.clone(),
            allow_insecure_http: self.allow_insecure_http,
            oauth_token_url: self.oauth_token_url.clone(),
            oauth_client_auth: self.oauth_client_auth,
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("http", &self.http.is_some())
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_pages", &self.max_pages)
            .field("user_agent_extensions", &self.user_agent_extensions)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("oauth_token_url", &self.oauth_token_url)
            .field("oauth_client_auth", &self.oauth_client_auth)
            .finish()
    }
}

impl<C: FromCore> ClientBuilder<C> {
    /// Sets the credentials: HTTP Basic, a bearer token, an OAuth 2.0 client, or several
    /// of them ([`Credentials::and`]). Each request uses the first way its operation
    /// accepts that they satisfy.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Obtains OAuth 2.0 access tokens from this URL instead of the token URL the spec
    /// gives (for every OAuth 2.0 scheme). Plain `http://` follows the base URL's rule.
    pub fn oauth_token_url(mut self, url: impl Into<String>) -> Self {
        self.oauth_token_url = Some(url.into());
        self
    }

    /// How the OAuth 2.0 client authenticates to the token endpoint (default
    /// [`ClientAuthMethod::SecretBasic`], an `Authorization: Basic` header, as RFC 6749
    /// recommends).
    pub fn oauth_client_auth(mut self, method: ClientAuthMethod) -> Self {
        self.oauth_client_auth = method;
        self
    }

    /// Talks to this base URL instead of the product's default (the spec's `servers[0]`).
    /// Plain `http://` is refused unless the host is loopback or
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Twilio region, e.g. `ie1`: the default host `verify.twilio.com` becomes
    /// `verify.ie1.twilio.com` (and `verify.{edge}.{region}.twilio.com` with an edge).
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
    /// to each request on top of them. Start it from [`http_client_builder`] to keep the
    /// built-in client's TLS set-up and its policy of following no redirect: a client that
    /// follows them sends the request on (reqwest keeps `Authorization` when the redirect
    /// stays on the same host), and an operation that documents a redirect as its answer
    /// gets whatever is at the end of the chain instead.
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

    /// Caps the bytes read from any answer, success or error (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`], 16 MiB). The body is read as it arrives and the
    /// read stops at the cap, whatever `Content-Length` says: the call fails with
    /// [`Error::ResponseTooLarge`], the connection is dropped and nothing is retried.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Caps the pages one list stream (`*_stream`, [`CoreClient::paginate`]) fetches: when
    /// the last page allowed still names a next page, the stream yields that page's items,
    /// then ends with [`Error::PageLimit`]. Unset by default: a stream follows next-page links
    /// until there is none, one leads back to a page already fetched, or
    /// [`MAX_EMPTY_PAGES`](crate::paging::MAX_EMPTY_PAGES) empty pages in a row name a next
    /// page. A limit of 0 counts as 1 (the first page is always fetched).
    pub fn max_pages(mut self, limit: u32) -> Self {
        self.max_pages = Some(limit.max(1));
        self
    }

    /// Reads the configuration from the environment. Credentials, any of (all those set
    /// are used, see [`Credentials::and`]):
    /// - HTTP Basic: `TWILIO_ACCOUNT_SID` with either `TWILIO_AUTH_TOKEN` or
    ///   `TWILIO_API_KEY` and `TWILIO_API_SECRET`;
    /// - an OAuth 2.0 client: `TWILIO_CLIENT_ID` and `TWILIO_CLIENT_SECRET`;
    /// - a bearer token: `TWILIO_BEARER_TOKEN`.
    ///
    /// Optionally `TWILIO_REGION`, `TWILIO_EDGE` and the product's base URL variable
    /// ([`Product::base_url_env`], e.g. `TWILIO_VERIFY_BASE_URL`).
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let basic = basic_from(&lookup)?;
        let oauth = match (lookup("TWILIO_CLIENT_ID"), lookup("TWILIO_CLIENT_SECRET")) {
            (Some(id), Some(secret)) => Some(Credentials::oauth_client(id, secret)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(Error::Config(missing(
                    "TWILIO_CLIENT_SECRET",
                    "TWILIO_CLIENT_ID",
                )));
            }
            (None, Some(_)) => {
                return Err(Error::Config(missing(
                    "TWILIO_CLIENT_ID",
                    "TWILIO_CLIENT_SECRET",
                )));
            }
        };
        let bearer = lookup("TWILIO_BEARER_TOKEN").map(Credentials::bearer_token);
        let credentials = [basic, oauth, bearer]
            .into_iter()
            .flatten()
            .reduce(Credentials::and)
            .ok_or_else(|| {
                Error::Config(
                    "no credentials in the environment: set TWILIO_ACCOUNT_SID together with \
                     TWILIO_AUTH_TOKEN (or with TWILIO_API_KEY and TWILIO_API_SECRET), or \
                     TWILIO_CLIENT_ID and TWILIO_CLIENT_SECRET, or TWILIO_BEARER_TOKEN"
                        .into(),
                )
            })?;
        let mut b = Self::default().credentials(credentials);
        b.region = lookup("TWILIO_REGION");
        b.edge = lookup("TWILIO_EDGE");
        b.base_url = lookup(C::PRODUCT.base_url_env);
        Ok(b)
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config(
                "no credentials: call `credentials(...)` (`Credentials::none()` for operations \
                 that take none) or use `from_env()`"
                    .into(),
            )
        })?;
        let base = match &self.base_url {
            Some(url) => url.clone(),
            None => regional_url(
                C::PRODUCT.default_base_url,
                self.region.as_deref(),
                self.edge.as_deref(),
            ),
        };
        let base = Url::parse(base.trim_end_matches('/'))
            .map_err(|e| Error::Config(format!("base URL is not a URL: {e}")))?;
        check_transport(&base, self.allow_insecure_http, "base URL")?;
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
            // Follows no redirect (see `http_client_builder`).
            None => http_client_builder()?
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                .build()
                .map_err(|e| {
                    Error::Config(format!("cannot build the HTTP client: {}", e.without_url()))
                })?,
        };
        let mut user_agent = format!(
            "{}/{} ({} {}) rust",
            C::PRODUCT.name,
            C::PRODUCT.version,
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
        let token_url = match &self.oauth_token_url {
            Some(url) => {
                let url = Url::parse(url).map_err(|e| {
                    Error::Config(format!("the OAuth 2.0 token URL is not a URL: {e}"))
                })?;
                check_transport(&url, self.allow_insecure_http, "OAuth 2.0 token URL")?;
                Some(url)
            }
            None => None,
        };
        let auth = Authenticator::new(
            credentials,
            token_url,
            self.oauth_client_auth,
            self.allow_insecure_http,
        )?;
        let settings = Settings {
            http,
            base_url: base,
            auth,
            retry: self.retry.unwrap_or_default(),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            per_request_timeout,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            max_pages: self.max_pages,
            user_agent,
        };
        Ok(C::from_core(CoreClient::new(settings)))
    }
}

/// HTTP Basic credentials from the variables, when any of theirs is set.
fn basic_from(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Credentials>, Error> {
    let account = lookup("TWILIO_ACCOUNT_SID");
    let token = lookup("TWILIO_AUTH_TOKEN");
    let key = lookup("TWILIO_API_KEY");
    let secret = lookup("TWILIO_API_SECRET");
    let message = match (account, token, key, secret) {
        (None, None, None, None) => return Ok(None),
        (Some(a), _, Some(k), Some(s)) => return Ok(Some(Credentials::api_key(a, k, s))),
        (Some(a), Some(t), None, None) => return Ok(Some(Credentials::auth_token(a, t))),
        (None, ..) => "TWILIO_ACCOUNT_SID is not set; set it together with TWILIO_AUTH_TOKEN, or \
                       with TWILIO_API_KEY and TWILIO_API_SECRET"
            .to_owned(),
        (Some(_), _, Some(_), None) => missing("TWILIO_API_SECRET", "TWILIO_API_KEY"),
        (Some(_), _, None, Some(_)) => missing("TWILIO_API_KEY", "TWILIO_API_SECRET"),
        (Some(_), None, None, None) => {
            "TWILIO_AUTH_TOKEN is not set (or use TWILIO_API_KEY and TWILIO_API_SECRET)".to_owned()
        }
    };
    Err(Error::Config(message))
}

fn missing(absent: &str, present: &str) -> String {
    format!("{present} is set but {absent} is not")
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
}
