//! Credentials and secrets: what the client authenticates with, never shown by `Debug`.

use crate::error::Error;
use reqwest::header::HeaderValue;
use std::fmt;

/// A secret (auth token or API key secret): shown as `<redacted>` by `Debug`.
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

/// How the client authenticates: HTTP Basic with an account SID and its auth token, or
/// with an API key SID and its secret.
#[derive(Clone)]
pub struct Credentials {
    account_sid: String,
    username: String,
    password: Secret,
}

impl Credentials {
    /// The account SID and its auth token.
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        let account_sid = account_sid.into();
        Credentials {
            username: account_sid.clone(),
            account_sid,
            password: Secret::new(auth_token),
        }
    }

    /// An API key (`SK...`) and its secret, for the given account.
    pub fn api_key(
        account_sid: impl Into<String>,
        key_sid: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        Credentials {
            account_sid: account_sid.into(),
            username: key_sid.into(),
            password: Secret::new(secret),
        }
    }

    /// The account the credentials act for.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// The `Authorization` header, `Basic base64(username:password)`, marked sensitive so
    /// that the HTTP stack never logs it.
    pub(crate) fn basic_authorization(&self) -> Result<HeaderValue, Error> {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            self.username,
            self.password.expose()
        ));
        let mut value = HeaderValue::from_str(&format!("Basic {token}"))
            .map_err(|_| Error::Config("credentials cannot form an Authorization header".into()))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("account_sid", &self.account_sid)
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}
