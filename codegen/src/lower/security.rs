//! Security: the schemes the spec declares (`components.securitySchemes`) and the ways
//! each operation accepts to be called (its `security`, else the document's).

use super::*;

/// What the client can send, for messages that refuse a scheme.
const SUPPORTED: &str = "supported: `type: http` with `scheme: basic` or `scheme: bearer`, \
                         and `type: oauth2` with a `clientCredentials` flow";

impl<'a> Lower<'a> {
    /// Lowers every declared scheme, refusing those the client cannot honour, then the
    /// document's `security`, which operations without their own inherit.
    pub(super) fn security(&mut self) {
        if let Some(components) = &self.doc.components {
            let root = Pointer::root().at("components").at("securitySchemes");
            for (name, scheme) in &components.security_schemes {
                if let Some(scheme) = self.security_scheme(name, scheme, &root.at(name)) {
                    self.security_schemes.push((name.clone(), scheme));
                }
            }
        }
        if let Some(requirements) = &self.doc.security {
            self.default_security =
                self.requirements(requirements, &Pointer::root().at("security"));
        }
    }

    /// One declared scheme, or a diagnostic saying why the client cannot send it.
    fn security_scheme(
        &mut self,
        name: &str,
        scheme: &ReferenceOr<openapiv3::SecurityScheme>,
        at: &Pointer,
    ) -> Option<SecurityScheme> {
        use openapiv3::SecurityScheme as S;
        let (pointer, found) = match scheme {
            ReferenceOr::Item(S::HTTP { scheme, .. }) => {
                if scheme.eq_ignore_ascii_case("basic") {
                    return Some(SecurityScheme::Basic);
                }
                if scheme.eq_ignore_ascii_case("bearer") {
                    return Some(SecurityScheme::Bearer);
                }
                (
                    at.at("scheme"),
                    format!("`type: http` with `scheme: {scheme}`"),
                )
            }
            ReferenceOr::Item(S::OAuth2 { flows, .. }) => match &flows.client_credentials {
                Some(flow) => return self.client_credentials(flow, at),
                None => (
                    at.at("flows"),
                    "`type: oauth2` without a `clientCredentials` flow (the other flows need a \
                     user to sign in)"
                        .to_owned(),
                ),
            },
            ReferenceOr::Item(S::APIKey { name: key, .. }) => (
                at.at("type"),
                format!("`type: apiKey` (a key sent as `{key}`)"),
            ),
            ReferenceOr::Item(S::OpenIDConnect { .. }) => {
                (at.at("type"), "`type: openIdConnect`".to_owned())
            }
            ReferenceOr::Reference { .. } => (at.at("$ref"), "a `$ref`".to_owned()),
        };
        self.error(
            &pointer,
            format!(
                "security scheme `{name}` is {found}, which the client cannot send; {SUPPORTED}"
            ),
        );
        None
    }

    /// An OAuth 2.0 client credentials flow, once its token URL is an absolute URL.
    fn client_credentials(
        &mut self,
        flow: &openapiv3::ClientCredentialsOAuth2Flow,
        at: &Pointer,
    ) -> Option<SecurityScheme> {
        let url = &flow.token_url;
        let absolute = ["https://", "http://"]
            .iter()
            .any(|s| url.len() > s.len() && url[..s.len()].eq_ignore_ascii_case(s));
        if !absolute {
            self.error(
                &at.at("flows").at("clientCredentials").at("tokenUrl"),
                format!(
                    "the token URL `{url}` is not an absolute http(s) URL; write the whole URL, \
                     such as `https://example.com/v1/token`"
                ),
            );
            return None;
        }
        Some(SecurityScheme::OAuth2ClientCredentials {
            token_url: url.clone(),
            scopes: flow.scopes.keys().cloned().collect(),
        })
    }

    /// The ways an operation accepts to be called: its own `security`, else the document's.
    pub(super) fn operation_security(
        &mut self,
        op: &openapiv3::Operation,
        at: &Pointer,
    ) -> Vec<Auth> {
        match &op.security {
            Some(requirements) => self.requirements(requirements, &at.at("security")),
            None => self.default_security.clone(),
        }
    }

    /// A `security` list at `at`: its alternatives in order, up to the first that takes no
    /// credentials (nothing after it is ever chosen); empty when that is the first.
    fn requirements(
        &mut self,
        requirements: &[openapiv3::SecurityRequirement],
        at: &Pointer,
    ) -> Vec<Auth> {
        let mut out = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let Some(auth) = self.requirement(requirement, &at.at(i)) else {
                continue;
            };
            if auth == Auth::Anonymous && out.is_empty() {
                return out;
            }
            if !out.contains(&auth) {
                out.push(auth.clone());
            }
            if auth == Auth::Anonymous {
                break;
            }
        }
        out
    }

    /// One security requirement: none, or one scheme (and its scopes).
    fn requirement(
        &mut self,
        requirement: &openapiv3::SecurityRequirement,
        at: &Pointer,
    ) -> Option<Auth> {
        let mut names = requirement.iter();
        let (name, scopes) = match (names.next(), names.next()) {
            (None, _) => return Some(Auth::Anonymous),
            (Some(one), None) => one,
            (Some(_), Some(_)) => {
                let all: Vec<String> = requirement.keys().map(|n| format!("`{n}`")).collect();
                self.error(
                    at,
                    format!(
                        "the requirement combines the schemes {}, which would all have to be \
                         sent at once; the client sends one: list them as alternatives, one \
                         requirement each",
                        all.join(", ")
                    ),
                );
                return None;
            }
        };
        let Some((_, scheme)) = self.security_schemes.iter().find(|(n, _)| n == name) else {
            // Undeclared names are the linter's; refused schemes are reported already.
            return None;
        };
        match scheme {
            SecurityScheme::OAuth2ClientCredentials { token_url, .. } => {
                Some(Auth::Scheme(SecurityScheme::OAuth2ClientCredentials {
                    token_url: token_url.clone(),
                    scopes: scopes.clone(),
                }))
            }
            other if scopes.is_empty() => Some(Auth::Scheme(other.clone())),
            _ => {
                self.error(
                    &at.at(name),
                    format!(
                        "the requirement lists scopes for `{name}`, which is not an OAuth 2.0 \
                         scheme; scopes apply to `type: oauth2` only: write `{name}: []`"
                    ),
                );
                None
            }
        }
    }
}
