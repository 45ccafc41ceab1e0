//! What generated code tells the runtime about an operation, and how a request becomes
//! the parts of an HTTP request ([`Prepared`]) before anything is sent.

use crate::scheme::Scheme;
use crate::validate::{Field, Rule, ValidationError};
use crate::wire::{Body, BodyKind, FormEncoder, PathBuilder, WireValue};
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
    /// The ways it accepts to be called, in the spec's order of preference: the client
    /// uses the first its credentials satisfy. Empty: it takes no credentials, and no
    /// `Authorization` header is sent.
    pub security: &'static [Scheme],
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

    /// Writes each parameter in its place (see [`Writer`]), in the spec's order. An
    /// operation without parameters writes nothing.
    fn write(&self, _to: &mut Writer) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Validates the request and returns its body as sent: the content type and bytes.
    fn encode_body(&self) -> Result<Option<(&'static str, Vec<u8>)>, ValidationError> {
        Prepared::new(self).map(|prepared| prepared.body)
    }
}

/// Where a request's parameters go: the parameters of the path template, the query, the
/// headers and the body. Generated code writes one line per parameter:
///
/// ```
/// use twilio_openapi_runtime::{Operation, ResponseKind, Writer, reqwest::Method, wire::BodyKind};
///
/// const OP: Operation = Operation {
///     id: "FetchChallenge",
///     method: Method::GET,
///     path: "/v2/Services/{ServiceSid}/Challenges/{Sid}",
///     body: BodyKind::None,
///     response: ResponseKind::Object,
///     accept: "application/json",
///     pii: &[],
///     security: &[],
/// };
/// let mut to = Writer::new(&OP);
/// to.path("ServiceSid", "VA1")?;
/// to.path("Sid", "a b")?;
/// to.query("Status", &Some(String::from("pending")))?;
/// let prepared = to.finish()?;
/// assert_eq!(prepared.path_and_query, "/v2/Services/VA1/Challenges/a%20b?Status=pending");
/// # Ok::<(), twilio_openapi_runtime::ValidationError>(())
/// ```
#[derive(Debug)]
pub struct Writer {
    /// The part of the path template not written yet.
    template: &'static str,
    path: PathBuilder,
    query: FormEncoder,
    headers: FormEncoder,
    body: Body,
}

impl Writer {
    /// An empty request of `operation`.
    pub fn new(operation: &Operation) -> Self {
        Writer {
            template: operation.path,
            path: PathBuilder::new(),
            query: FormEncoder::new(),
            headers: FormEncoder::pairs(),
            body: Body::new(operation.body),
        }
    }

    /// The next parameter of the path template, which must be `{name}`: the template's
    /// text up to it is written as is, the value as one percent-encoded segment.
    pub fn path<T: WireValue + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let next = self.template.split_once('{').and_then(|(literal, rest)| {
            let (param, rest) = rest.split_once('}')?;
            Some((literal, param, rest))
        });
        match next {
            Some((literal, param, rest)) if param == name => {
                self.path.literal(literal);
                self.template = rest;
                self.path.param(name, value)
            }
            _ => Err(Field::name(name).error(Rule::NotEncodable {
                reason: "not the next parameter of the path template".into(),
            })),
        }
    }

    /// A query parameter (nothing for an absent optional value).
    pub fn query<T: WireValue + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        self.query.put(key, value)
    }

    /// A query array sent as one pair of comma-separated items (`explode: false`):
    /// `Tags=a,b%2Cc`.
    pub fn query_comma_separated<T: WireValue + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        self.query.put_comma_separated(key, value)
    }

    /// A header parameter (nothing for an absent optional value); an array as one header
    /// of comma-separated items, as OpenAPI's `simple` style (the only one for headers)
    /// writes it.
    pub fn header<T: WireValue + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        self.headers.put_comma_separated(key, value)
    }

    /// A field of the form body (nothing for an absent optional value).
    pub fn form<T: WireValue + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        self.body.form().put(key, value)
    }

    /// The whole JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValidationError> {
        self.body.json(value)
    }

    /// The parts of the HTTP request. Every parameter of the path template must have been
    /// written.
    pub fn finish(mut self) -> Result<Prepared, ValidationError> {
        if let Some((_, rest)) = self.template.split_once('{') {
            let name = rest.split_once('}').map_or(rest, |(name, _)| name);
            return Err(Field::name(name).error(Rule::NotEncodable {
                reason: "path parameter not written".into(),
            }));
        }
        self.path.literal(self.template);
        let mut path_and_query = self.path.finish();
        if !self.query.is_empty() {
            path_and_query.push('?');
            path_and_query.push_str(&self.query.finish());
        }
        Ok(Prepared {
            path_and_query,
            headers: self.headers.into_pairs(),
            body: self.body.finish(),
        })
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
        let mut to = Writer::new(&R::OPERATION);
        request.write(&mut to)?;
        to.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation {
        id: "ListThing",
        method: reqwest::Method::GET,
        path: "/v1/Things/{Sid}",
        body: BodyKind::None,
        response: ResponseKind::Value,
        accept: "application/json",
        pii: &[],
        security: &[],
    };

    #[test]
    fn a_header_array_is_one_header_of_comma_separated_items() {
        let mut to = Writer::new(&OP);
        to.path("Sid", "TH1").unwrap();
        to.header("X-Tags", &vec!["a b".to_owned(), "c".to_owned()])
            .unwrap();
        to.header("X-One", "d").unwrap();
        let prepared = to.finish().unwrap();
        assert_eq!(
            prepared.headers,
            [
                ("X-Tags".to_owned(), "a b,c".to_owned()),
                ("X-One".to_owned(), "d".to_owned())
            ]
        );
    }

    #[test]
    fn path_parameters_are_written_in_the_template_s_order_and_all_of_them() {
        let mut to = Writer::new(&OP);
        let e = to.path("Other", "x").unwrap_err();
        assert_eq!(e.field, "Other");
        let e = Writer::new(&OP).finish().unwrap_err();
        assert_eq!(e.field, "Sid");
        assert!(matches!(e.rule, Rule::NotEncodable { .. }), "{e:?}");
    }
}
