//! Credentials and secrets: what the client authenticates with, never shown by `Debug`.
//!
//! One [`Credentials`] value may hold several kinds at once (HTTP Basic, a bearer token,
//! an OAuth 2.0 client); for each request the client picks the first way the operation
//! accepts that they can satisfy (see [`Scheme`]).

use crate::error::Error;
use crate::redact::Redactor;
use crate::scheme::Scheme;
use reqwest::header::HeaderValue;
use std::fmt;

/// A secret (auth token, API key secret, bearer token, client secret): shown as
/// `<redacted>` by `Debug`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What the client authenticates with: any of HTTP Basic (an account SID and its auth
/// token, or an API key SID and its secret), a bearer token, and an OAuth 2.0 client (id
/// and secret, exchanged for access tokens by the client credentials grant).
///
/// Build one kind with its constructor and add others with [`and`](Self::and):
///
/// ```
/// use twilio_openapi_runtime::Credentials;
/// let credentials = Credentials::auth_token("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "token")
///     .and(Credentials::oauth_client("OQxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "client secret"));
/// ```
#[derive(Clone, Default)]
pub struct Credentials {
    basic: Option<Basic>,
    bearer: Option<Secret>,
    oauth: Option<OAuthClient>,
}

/// HTTP Basic: a user name (account or API key SID) and its password.
#[derive(Clone, Debug)]
struct Basic {
    account_sid: String,
    username: String,
    password: Secret,
}

/// An OAuth 2.0 client: its id and secret.
#[derive(Clone, Debug)]
pub(crate) struct OAuthClient {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
}

impl Credentials {
    /// HTTP Basic with the account SID and its auth token.
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        let account_sid = account_sid.into();
        Self::basic(account_sid.clone(), account_sid, auth_token.into())
    }

    /// HTTP Basic with an API key (`SK...`) and its secret, for the given account.
    pub fn api_key(
        account_sid: impl Into<String>,
        key_sid: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        Self::basic(account_sid.into(), key_sid.into(), secret.into())
    }

    fn basic(account_sid: String, username: String, password: String) -> Self {
        Credentials {
            basic: Some(Basic {
                account_sid,
                username,
                password: Secret::new(password),
            }),
            ..Self::default()
        }
    }

    /// A bearer token, sent as `Authorization: Bearer <token>` to operations that accept
    /// an HTTP bearer scheme. The client does not renew it.
    pub fn bearer_token(token: impl Into<String>) -> Self {
        Credentials {
            bearer: Some(Secret::new(token)),
            ..Self::default()
        }
    }

    /// An OAuth 2.0 client (its id and secret), for operations that accept an OAuth 2.0
    /// client credentials scheme: the client obtains access tokens from the scheme's token
    /// URL (or [`ClientBuilder::oauth_token_url`](crate::ClientBuilder::oauth_token_url)),
    /// caches each until shortly before it expires, and sends it as a bearer token.
    pub fn oauth_client(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Credentials {
            oauth: Some(OAuthClient {
                client_id: client_id.into(),
                client_secret: Secret::new(client_secret),
            }),
            ..Self::default()
        }
    }

    /// No credentials: only operations that take none can be called.
    pub fn none() -> Self {
        Self::default()
    }

    /// These credentials together with `other`'s; where both hold the same kind, `other`'s
    /// replaces this one's.
    pub fn and(self, other: Credentials) -> Self {
        Credentials {
            basic: other.basic.or(self.basic),
            bearer: other.bearer.or(self.bearer),
            oauth: other.oauth.or(self.oauth),
        }
    }

    /// The account the HTTP Basic credentials act for, when they are set.
    pub fn account_sid(&self) -> Option<&str> {
        self.basic.as_ref().map(|b| b.account_sid.as_str())
    }

    /// Whether these credentials can authenticate by `scheme`.
    pub fn satisfies(&self, scheme: &Scheme) -> bool {
        match scheme {
            Scheme::Basic => self.basic.is_some(),
            Scheme::Bearer => self.bearer.is_some(),
            Scheme::OAuth2ClientCredentials { .. } => self.oauth.is_some(),
            Scheme::None => true,
        }
    }

    /// The OAuth 2.0 client, when set.
    pub(crate) fn oauth(&self) -> Option<&OAuthClient> {
        self.oauth.as_ref()
    }

    /// What cuts these credentials' secrets out of a server's text, in every form the
    /// client sends them or a server may echo them.
    pub(crate) fn redactor(&self) -> Redactor {
        let mut redactor = Redactor::default();
        if let Some(basic) = &self.basic {
            redactor.secret(basic.password.expose());
            redactor.sent(&basic_token(&basic.username, basic.password.expose()));
        }
        if let Some(token) = &self.bearer {
            redactor.secret(token.expose());
        }
        if let Some(oauth) = &self.oauth {
            redactor.secret(oauth.client_secret.expose());
            redactor.sent(&oauth.basic_token());
        }
        redactor
    }

    /// `Basic base64(username:password)`, when HTTP Basic credentials are set.
    pub(crate) fn basic_authorization(&self) -> Result<Option<HeaderValue>, Error> {
        self.basic
            .as_ref()
            .map(|b| basic_header(&basic_token(&b.username, b.password.expose())))
            .transpose()
    }

    /// `Bearer <token>`, when a bearer token is set.
    pub(crate) fn bearer_authorization(&self) -> Result<Option<HeaderValue>, Error> {
        self.bearer
            .as_ref()
            .map(|token| bearer_header(token.expose()))
            .transpose()
    }
}

impl OAuthClient {
    /// `base64(id:secret)` of `client_secret_basic`, each form-urlencoded first (RFC 6749
    /// §2.3.1).
    pub(crate) fn basic_token(&self) -> String {
        let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        basic_token(
            &encode(&self.client_id),
            &encode(self.client_secret.expose()),
        )
    }
}

/// `base64(user:password)`, the credentials of a `Basic` header.
fn basic_token(user: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

/// The `Authorization` header `Basic <token>` ([`basic_token`] or
/// [`OAuthClient::basic_token`]), marked sensitive so that the HTTP stack never logs it.
pub(crate) fn basic_header(token: &str) -> Result<HeaderValue, Error> {
    sensitive(format!("Basic {token}"))
}

/// The `Authorization` header `Bearer <token>`, marked sensitive.
pub(crate) fn bearer_header(token: &str) -> Result<HeaderValue, Error> {
    sensitive(format!("Bearer {token}"))
}

fn sensitive(text: String) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&text)
        .map_err(|_| Error::Config("credentials cannot form an Authorization header".into()))?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        if let Some(basic) = &self.basic {
            s.field("account_sid", &basic.account_sid)
                .field("username", &basic.username)
                .field("password", &basic.password);
        }
        if let Some(token) = &self.bearer {
            s.field("bearer_token", token);
        }
        if let Some(oauth) = &self.oauth {
            s.field("client_id", &oauth.client_id)
                .field("client_secret", &oauth.client_secret);
        }
        s.finish()
    }
}
