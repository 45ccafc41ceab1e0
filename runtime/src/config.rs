//! Configuration: what a generated client tells the runtime about its product
//! ([`Product`]), the [`ClientBuilder`] and its environment variables, and a region or edge
//! in the base URL. The transport's defaults and [`http_client_builder`] are re-exported
//! here from where they are defined, the transport.

use crate::attempts::Executor;
use crate::auth::Authenticator;
use crate::client::{CoreClient, Settings};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::token::ClientAuthMethod;
use crate::transport::{self, TOKEN_URL, Transport, endpoint};
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

pub use crate::transport::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, http_client_builder,
};

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

/// Configures a client of type `C` (generated bindings name it `ClientBuilder`).
pub struct ClientBuilder<C> {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    http: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
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
            deadline: None,
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
            deadline: self.deadline,
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
            .field("base_url", &self.base_url.as_deref().map(without_user_info))
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("http", &self.http.is_some())
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_pages", &self.max_pages)
            .field("user_agent_extensions", &self.user_agent_extensions)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field(
                "oauth_token_url",
                &self.oauth_token_url.as_deref().map(without_user_info),
            )
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
    /// gives (for every OAuth 2.0 scheme). Plain `http://` follows the base URL's rule; user
    /// info (`user:password@`) is refused, as in the base URL.
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
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set; so are a query, a fragment
    /// and user info (`user:password@`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Twilio region, e.g. `ie1`: the default host `verify.twilio.com` becomes
    /// `verify.ie1.twilio.com` (and `verify.{edge}.{region}.twilio.com` with an edge).
    /// It must be one DNS label (ASCII letters, digits and `-`): [`build`](Self::build)
    /// refuses anything else with [`Error::Config`].
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Twilio edge location, e.g. `dublin` (the region defaults to `us1` then). One DNS
    /// label, as for [`region`](Self::region).
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
    /// gets whatever is at the end of the chain instead. The OAuth 2.0 token request is the
    /// exception: it is never redirected with the client secret, whatever the client's policy
    /// ([`TokenError::Redirected`](crate::TokenError::Redirected)).
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

    /// Time allowed for one call in all: every attempt, the waits between them, and
    /// obtaining an OAuth 2.0 access token on the way. When it runs out the call fails with
    /// [`Error::Deadline`], whatever it was doing. Default: none.
    ///
    /// Without one, a call is bounded by its attempts alone: up to
    /// [`RetryPolicy::max_attempts`] times the [`timeout`](Self::timeout), plus the waits
    /// between them (each at most [`RetryPolicy::max_delay`], or the `Retry-After` of a 429
    /// up to [`RetryPolicy::max_retry_after`]). With the defaults that is 3 × 30 s + 2 × 30 s
    /// = 150 s, and as much again for each OAuth 2.0 access token obtained first (its
    /// request is retried likewise; a cached token the API refuses is replaced once).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
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
    /// Optionally `TWILIO_REGION`, `TWILIO_EDGE` (each one DNS label, else
    /// [`Error::Config`] naming the variable) and the product's base URL variable
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
        b.region = label_from(&lookup, "TWILIO_REGION")?;
        b.edge = label_from(&lookup, "TWILIO_EDGE")?;
        b.base_url = lookup(C::PRODUCT.base_url_env);
        Ok(b)
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let user_agent = transport::user_agent(
            C::PRODUCT.name,
            C::PRODUCT.version,
            &self.user_agent_extensions,
        )?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config(
                "no credentials: call `credentials(...)` (`Credentials::none()` for operations \
                 that take none) or use `from_env()`"
                    .into(),
            )
        })?;
        check_label(self.region.as_deref(), "the region set by `region(...)`")?;
        check_label(self.edge.as_deref(), "the edge set by `edge(...)`")?;
        let base = match &self.base_url {
            Some(url) => url.clone(),
            None => regional_url(
                C::PRODUCT.default_base_url,
                self.region.as_deref(),
                self.edge.as_deref(),
            ),
        };
        let base = endpoint(
            base.trim_end_matches('/'),
            self.allow_insecure_http,
            "base URL",
        )?;
        if base.query().is_some() || base.fragment().is_some() {
            return Err(Error::Config(
                "base URL must not carry a query or fragment".into(),
            ));
        }
        let transport = Transport::new(
            self.http,
            self.connect_timeout,
            self.timeout,
            self.max_response_bytes,
            user_agent,
        )?;
        let token_url = self
            .oauth_token_url
            .as_deref()
            .map(|url| endpoint(url, self.allow_insecure_http, TOKEN_URL))
            .transpose()?;
        let auth = Authenticator::new(
            credentials,
            token_url,
            self.oauth_client_auth,
            self.allow_insecure_http,
        )?;
        let executor = Executor {
            transport,
            auth,
            retry: self.retry.unwrap_or_default(),
            deadline: self.deadline,
        };
        let settings = Settings {
            executor,
            base_url: base,
            max_pages: self.max_pages,
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

/// A region or edge variable, checked (see [`check_label`]).
fn label_from(
    lookup: impl Fn(&str) -> Option<String>,
    name: &str,
) -> Result<Option<String>, Error> {
    let value = lookup(name);
    check_label(value.as_deref(), name)?;
    Ok(value)
}

/// Refuses a region or edge that is not one DNS label (ASCII letters, digits and `-`, not at
/// either end, at most 63 characters): it goes into the host name, where a `.`, `/`, `@` or
/// `#` would move the request, credentials and all, to a host the user never named.
fn check_label(value: Option<&str>, what: &str) -> Result<(), Error> {
    let Some(label) = value else { return Ok(()) };
    let valid = (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-');
    if valid {
        return Ok(());
    }
    Err(Error::Config(format!(
        "{what} must be one DNS label (ASCII letters, digits and `-`), such as `ie1` or `dublin`"
    )))
}

fn missing(absent: &str, present: &str) -> String {
    format!("{present} is set but {absent} is not")
}

/// A URL as `Debug` shows it: any user info (`user:password@`) replaced, whether the text
/// parses as a URL or not.
fn without_user_info(url: &str) -> String {
    let start = url.find("://").map_or(0, |at| at + 3);
    let end = url[start..]
        .find(['/', '\\', '?', '#'])
        .map_or(url.len(), |at| start + at);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}<redacted>@{}", &url[..start], &url[start + at + 1..]),
        None => url.to_owned(),
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
