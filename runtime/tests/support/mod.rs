#![allow(dead_code, unused_macros)] // each test binary uses part of it

//! Shared by the runtime's test binaries that talk to a local server: a client type and
//! request types as generated code has them, and a builder with HTTP Basic credentials.

use twilio_openapi_runtime::{
    ClientBuilder, CoreClient, Credentials, FromCore, Product, RetryPolicy,
};

pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const AUTH_TOKEN: &str = "auth-token-secret";

/// HTTP Basic with [`ACCOUNT_SID`] and [`AUTH_TOKEN`].
pub fn auth_token() -> Credentials {
    Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN)
}

/// A builder for `url` with [`auth_token`] credentials and no retries.
pub fn builder(url: &str) -> ClientBuilder<TestClient> {
    ClientBuilder::<TestClient>::default()
        .credentials(auth_token())
        .base_url(url)
        .retry(RetryPolicy::none())
}

/// A client type of its own, as generated code has.
pub struct TestClient(pub CoreClient);

impl FromCore for TestClient {
    const PRODUCT: Product = Product {
        default_base_url: "https://things.example.com",
        base_url_env: "AUTH_TEST_BASE_URL",
        name: "auth-test",
        version: "0.0.0",
    };
    fn from_core(core: CoreClient) -> Self {
        TestClient(core)
    }
}

/// A request type `$name`: `GET /v1/Things`, accepting `$security`, its answer decoded as
/// any JSON.
macro_rules! request {
    ($name:ident, $security:expr) => {
        struct $name;

        impl twilio_openapi_runtime::Request for $name {
            type Response = serde_json::Value;
            const OPERATION: twilio_openapi_runtime::Operation =
                twilio_openapi_runtime::Operation {
                    id: stringify!($name),
                    method: reqwest::Method::GET,
                    path: "/v1/Things",
                    body: twilio_openapi_runtime::wire::BodyKind::None,
                    response: twilio_openapi_runtime::ResponseKind::Value,
                    accept: "application/json",
                    pii: &[],
                    security: $security,
                };
            fn validate(&self) -> Result<(), twilio_openapi_runtime::ValidationError> {
                Ok(())
            }
        }
    };
}
