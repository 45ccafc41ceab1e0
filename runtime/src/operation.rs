//! What generated code tells the runtime about an operation, and how a request becomes
//! the parts of an HTTP request ([`Prepared`]) before anything is sent.

use crate::validate::ValidationError;
use crate::wire::{Body, BodyKind, FormEncoder, PathBuilder};
use serde::de::DeserializeOwned;

/// What the runtime needs to know about an operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, e.g. `CreateChallenge`.
    pub id: &'static str,
    /// HTTP method.
    pub method: reqwest::Method,
    /// Path template, e.g. `/v2/Services/{ServiceSid}/...`; logged instead of the path.
    pub path: &'static str,
    /// The body it sends.
    pub body: BodyKind,
    /// What a successful answer holds.
    pub response: ResponseKind,
    /// The media type sent as `Accept`: the one the spec gives the success answer, e.g.
    /// `application/json` or `application/scim+json`.
    pub accept: &'static str,
    /// Parameters the spec marks as personal data; never logged.
    pub pii: &'static [&'static str],
}

impl Operation {
    /// Whether sending it twice is harmless (GET), so that a failure in transit or a
    /// server error may be retried.
    pub fn is_idempotent(&self) -> bool {
        self.method == reqwest::Method::GET
    }
}

/// What a successful answer holds, as far as decoding cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// A JSON object (a struct): any other JSON value is a decode error, even one serde
    /// would accept for a struct, such as an array.
    Object,
    /// Any JSON value.
    Value,
    /// Nothing: the body, if any, is ignored.
    Empty,
    /// A redirect (3xx): its target, as a [`Redirect`](crate::Redirect), never followed.
    /// For an operation whose documented answers are redirects only.
    Redirect,
}

/// A request of one operation: implemented by every generated `*Request` type.
///
/// Each is built with its `new`, which takes the required parameters, and one setter per
/// optional parameter; it is validated against every constraint of the spec before
/// anything is sent.
pub trait Request {
    /// What a successful answer decodes into.
    type Response: DeserializeOwned;

    /// The operation this request belongs to.
    const OPERATION: Operation;

    /// Checks every constraint of the spec.
    fn validate(&self) -> Result<(), ValidationError>;

    /// Writes the path, parameters percent-encoded.
    fn write_path(&self, path: &mut PathBuilder) -> Result<(), ValidationError>;

    /// Writes the query parameters.
    fn write_query(&self, _query: &mut FormEncoder) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Writes header parameters as plain pairs.
    fn write_headers(&self, _headers: &mut FormEncoder) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Writes the body.
    fn write_body(&self, _body: &mut Body) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Validates the request and returns its body as sent: the content type and bytes.
    fn encode_body(&self) -> Result<Option<(&'static str, Vec<u8>)>, ValidationError> {
        self.validate()?;
        let mut body = Body::new(Self::OPERATION.body);
        self.write_body(&mut body)?;
        Ok(body.finish())
    }
}

/// A request validated and encoded, ready to send: nothing of it depends on the client
/// but the base URL its path is joined to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The path and query, e.g. `/v2/Services/VA…/Entities/alice/Challenges?Status=pending`,
    /// every parameter percent-encoded.
    pub path_and_query: String,
    /// Header parameters, as name and value.
    pub headers: Vec<(String, String)>,
    /// The content type and bytes of the body, when the operation sends one.
    pub body: Option<(&'static str, Vec<u8>)>,
}

impl Prepared {
    /// Validates `request` and encodes every part of it. Nothing is sent.
    pub fn new<R: Request + ?Sized>(request: &R) -> Result<Self, ValidationError> {
        request.validate()?;
        let mut path = PathBuilder::new();
        request.write_path(&mut path)?;
        let mut path_and_query = path.finish();
        let mut query = FormEncoder::new();
        request.write_query(&mut query)?;
        if !query.is_empty() {
            path_and_query.push('?');
            path_and_query.push_str(&query.finish());
        }
        let mut headers = FormEncoder::pairs();
        request.write_headers(&mut headers)?;
        let mut body = Body::new(R::OPERATION.body);
        request.write_body(&mut body)?;
        Ok(Prepared {
            path_and_query,
            headers: headers.into_pairs(),
            body: body.finish(),
        })
    }
}
