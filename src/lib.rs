//! A typed client for the Challenge resource of Twilio Verify v2, generated at build time
//! from `spec/verify_v2_challenges.yaml`.
//!
//! ```no_run
//! use twilio_verify_challenges::{Client, CreateChallengeRequest, ChallengeDetailsField};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?; // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
//! let request = CreateChallengeRequest::new(
//!     "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?,
//!     "ff483d1ff591898a9942916050d2ca3f",
//!     "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?,
//! )
//! .details_message("Sign in to Example?")
//! .details_fields([ChallengeDetailsField::new("Location", "Berlin")]);
//! let challenge = client.create_challenge(&request).await?;
//! println!("{:?} is {:?}", challenge.sid, challenge.status);
//! # Ok(())
//! # }
//! ```
//!
//! The generated part (types, request structs, one [`Client`] method per operation) is
//! checked in under `generated/` for review; the hand-written runtime lives in the modules
//! below.

#![warn(missing_docs)]

mod client;
pub mod de;
mod error;
mod sid;
pub mod validate;
pub mod webhook;
pub mod wire;

pub use client::{
    Client, ClientBuilder, Credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Operation,
    PageMeta, Paged, Request, ResponseKind, RetryPolicy, Secret,
};
pub use error::{ApiError, Error};
pub use sid::{InvalidSid, Sid, SidKind};
pub use validate::ValidationError;

#[allow(deprecated)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
    include!(concat!(env!("OUT_DIR"), "/requests.rs"));
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

pub use generated::*;

#[cfg(test)]
mod snapshot;

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
