//! Authentication: choosing, for each request, the first way its operation accepts
//! ([`Scheme`]) that the configured [`Credentials`] satisfy, and its `Authorization` header,
//! with the cache of OAuth 2.0 access tokens (each renewed before it expires).
//!
//! How a token is obtained when none is cached is the caller's: the executor runs the token
//! requests (`token`) through the same attempt loop as API calls. [`Scheme`],
//! [`ClientAuthMethod`] and [`TokenError`] are re-exported here, where they used to be
//! defined.

use crate::credentials::Credentials;
use crate::error::Error;
use crate::operation::Operation;
use crate::redact::Redactor;
use crate::token::{Token, TokenRequest};
use crate::transport::{TOKEN_URL, endpoint};
use reqwest::header::HeaderValue;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;
use url::Url;

pub use crate::error::TokenError;
pub use crate::scheme::Scheme;
pub use crate::token::ClientAuthMethod;

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

    /// The `Authorization` header for `scheme`. When the scheme is OAuth 2.0 and no fresh
    /// access token is cached, `obtain` gets one from the token request it is handed (one
    /// fetch at a time per token endpoint and scopes), and it is cached.
    pub(crate) async fn authorization<'a, F, Fut>(
        &'a self,
        op: &Operation,
        scheme: Option<&'static Scheme>,
        obtain: F,
    ) -> Result<Option<Authorization>, Error>
    where
        F: FnOnce(TokenRequest<'a>) -> Fut,
        Fut: Future<Output = Result<Token, Error>>,
    {
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
                let token = obtain(self.token_request(op, token_url, scopes)?).await?;
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

    /// The token request for `op` by the client credentials grant (RFC 6749 §4.4), to the
    /// token endpoint: the override, else the spec's `spec_url`, under the base URL's rules.
    fn token_request(
        &self,
        op: &Operation,
        spec_url: &str,
        scopes: &'static [&'static str],
    ) -> Result<TokenRequest<'_>, Error> {
        let url = match &self.token_url {
            Some(url) => url.clone(),
            None => endpoint(spec_url, self.allow_insecure_http, TOKEN_URL)?,
        };
        let Some(client) = self.credentials.oauth() else {
            return Err(Error::NoCredentials {
                operation: op.id,
                accepted: op.security,
            });
        };
        Ok(TokenRequest {
            url,
            client,
            scopes,
            client_auth: self.client_auth,
            redactor: &self.redactor,
        })
    }
}
