//! A typed client for the Challenge resource of Twilio Verify v2, generated at build time
//! from `spec/verify_v2_challenges.yaml`.
//!
//! ```no_run
//! use twilio_verify_challenges::{
//!     ChallengeDetailsField, Client, CreateChallengeRequest, FactorSid, ServiceSid,
//! };
//!
//! # async fn run() -> Result<(), twilio_verify_challenges::Error> {
//! let client = Client::from_env()?; // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
//! let service: ServiceSid = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?;
//! let factor: FactorSid = "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?;
//! let request = CreateChallengeRequest::new(&service, "ff483d1ff591898a9942916050d2ca3f", &factor)
//!     .details_message("Sign in to Example?")
//!     .details_fields([ChallengeDetailsField::new("Location", "Berlin")]);
//! let challenge = client.create_challenge(&request).await?;
//! println!("{:?} is {:?}", challenge.sid, challenge.status);
//! # Ok(())
//! # }
//! ```
//!
//! Everything here is generated from the spec by `twilio-openapi-codegen` (checked in
//! under `generated/` for review): the SID types, enums, models, one request type and one
//! [`Client`] method per operation. The hand-written runtime it calls (configuration,
//! credentials, retries, errors, wire encoding, validation, paging) is the crate
//! `twilio-openapi-runtime`, whose items the root re-exports ([`Credentials`], [`Error`],
//! [`RetryPolicy`], ...) and whose modules are reachable below.

#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/bindings.rs"));

pub use twilio_openapi_runtime::{de, http_client_builder, paging, validate, webhook, wire};

/// The `chrono` the bindings use for date-times, so that you need no dependency of your
/// own to write them: `chrono::Utc::now() + chrono::TimeDelta::minutes(5)`.
pub use twilio_openapi_runtime::chrono;

#[cfg(test)]
mod snapshot;

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The examples of the pages under `docs/` that the README links to, compiled as doctests
/// (every page, so that an example added to any of them is compiled too).
#[cfg(doctest)]
mod docs_doctests {
    #[doc = include_str!("../docs/usage.md")]
    pub struct Usage;
    #[doc = include_str!("../docs/webhooks.md")]
    pub struct Webhooks;
    #[doc = include_str!("../docs/configuration.md")]
    pub struct Configuration;
    #[doc = include_str!("../docs/generated-code.md")]
    pub struct GeneratedCode;
    #[doc = include_str!("../docs/testing.md")]
    pub struct Testing;
    #[doc = include_str!("../docs/performance.md")]
    pub struct Performance;
    #[doc = include_str!("../docs/design.md")]
    pub struct Design;
}
