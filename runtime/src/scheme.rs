//! The ways an operation accepts to be called ([`Scheme`]), as generated code lists them in
//! [`Operation::security`](crate::Operation::security).

use std::fmt;

/// One way an operation accepts to be called, from the spec's `security`. Generated code
/// lists them in [`Operation::security`](crate::Operation::security) in the spec's order; an
/// empty list means the operation takes no credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// HTTP Basic: [`Credentials::auth_token`](crate::Credentials::auth_token) or
    /// [`Credentials::api_key`](crate::Credentials::api_key).
    Basic,
    /// HTTP Bearer: [`Credentials::bearer_token`](crate::Credentials::bearer_token).
    Bearer,
    /// OAuth 2.0 client credentials:
    /// [`Credentials::oauth_client`](crate::Credentials::oauth_client); the access token comes
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

#[cfg(test)]
mod tests {
    use super::*;

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
