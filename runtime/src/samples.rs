//! What a sample call came to: generated bindings with samples (the generator's `samples`
//! setting) have a `samples` module, one request per operation made from the spec's
//! examples and constraints, and a `samples::run(&client)` that sends each and returns one
//! [`SampleOutcome`] per operation, in spec order: a smoke test of bindings against a mock
//! server of their spec.

use crate::error::Error;
use std::fmt;

/// One operation's sample call and what it came to.
#[derive(Debug)]
#[non_exhaustive]
pub struct SampleOutcome {
    /// The operation, e.g. `CreateChallenge`.
    pub operation: &'static str,
    /// Its method and path, e.g. `POST /v2/Services/{ServiceSid}/Challenges`.
    pub route: &'static str,
    /// `Ok` when the request was sent, answered with a success status and its answer
    /// decoded.
    pub result: Result<(), SampleError>,
}

/// Why a sample call did not succeed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SampleError {
    /// The generator could not make a request the spec accepts (the reason); nothing was
    /// sent.
    NotMade(&'static str),
    /// The call failed: refused before sending, by the server, or in decoding the answer.
    Call(Error),
}

impl SampleOutcome {
    /// The outcome of a call that was made.
    pub fn of<T>(operation: &'static str, route: &'static str, result: Result<T, Error>) -> Self {
        SampleOutcome {
            operation,
            route,
            result: result.map(drop).map_err(SampleError::Call),
        }
    }

    /// The outcome of an operation for which no request could be made, and why.
    pub fn not_made(operation: &'static str, route: &'static str, reason: &'static str) -> Self {
        SampleOutcome {
            operation,
            route,
            result: Err(SampleError::NotMade(reason)),
        }
    }
}

impl fmt::Display for SampleOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): ", self.operation, self.route)?;
        match &self.result {
            Ok(()) => f.write_str("ok"),
            Err(SampleError::NotMade(why)) => write!(f, "no sample: {why}"),
            Err(SampleError::Call(e)) => write!(f, "{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_operation_its_route_and_the_outcome() {
        let ok = SampleOutcome::of("FetchThing", "GET /v1/Things/{Sid}", Ok::<_, Error>(3));
        assert_eq!(ok.to_string(), "FetchThing (GET /v1/Things/{Sid}): ok");
        let not = SampleOutcome::not_made("CreateThing", "POST /v1/Things", "pattern `(?=a)`");
        assert_eq!(
            not.to_string(),
            "CreateThing (POST /v1/Things): no sample: pattern `(?=a)`"
        );
        let failed = SampleOutcome::of::<()>(
            "CreateThing",
            "POST /v1/Things",
            Err(Error::Config("no base URL".into())),
        );
        assert!(failed.result.is_err());
        assert!(
            failed
                .to_string()
                .ends_with("invalid client configuration: no base URL")
        );
    }
}
