//! What the request checks speak of: where a value sits in a request ([`Field`]), a value
//! present or not ([`Maybe`]), the rule it breaks ([`Rule`]) and the error that says so
//! ([`ValidationError`]). Re-exported by [`validate`](crate::validate), which holds the
//! checks; the types that carry their own checks (SIDs, wire values) need only these.

use std::fmt;

/// Where a value sits in a request: a wire name, an array index or an object key below it.
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    /// A parameter or form key, e.g. `Details.Fields`.
    Name(&'a str),
    /// An item of an array.
    Index(&'a Field<'a>, usize),
    /// A property of an object.
    Key(&'a Field<'a>, &'a str),
}

impl<'a> Field<'a> {
    /// A top-level parameter.
    pub fn name(name: &'a str) -> Self {
        Field::Name(name)
    }

    /// The `i`th item below this field.
    pub fn index(&'a self, i: usize) -> Field<'a> {
        Field::Index(self, i)
    }

    /// The property `key` below this field.
    pub fn key(&'a self, key: &'a str) -> Field<'a> {
        Field::Key(self, key)
    }

    /// An error for this field.
    pub fn error(&self, rule: Rule) -> ValidationError {
        ValidationError {
            field: self.to_string(),
            rule,
        }
    }
}

impl<'a> From<&'a str> for Field<'a> {
    /// A top-level parameter: `length("AuthPayload", ...)`.
    fn from(name: &'a str) -> Self {
        Field::Name(name)
    }
}

impl<'a> From<&Field<'a>> for Field<'a> {
    fn from(field: &Field<'a>) -> Self {
        *field
    }
}

/// A value a check reads: the value itself, or an `Option` of it, which passes every check
/// when `None` (an optional parameter left unset). Checks take `&impl Maybe<T>` so that
/// generated code writes one line per check whether the parameter is required or not:
///
/// ```
/// use twilio_openapi_runtime::validate::length;
///
/// let message: Option<String> = None;
/// assert!(length("Details.Message", &message, None, Some(256)).is_ok());
/// assert!(length("Identity", &String::from("alice"), Some(8), None).is_err());
/// ```
pub trait Maybe<T: ?Sized> {
    /// The value, if there is one.
    fn get(&self) -> Option<&T>;
}

impl<T> Maybe<T> for Option<T> {
    fn get(&self) -> Option<&T> {
        self.as_ref()
    }
}

impl Maybe<str> for str {
    fn get(&self) -> Option<&str> {
        Some(self)
    }
}

impl Maybe<str> for String {
    fn get(&self) -> Option<&str> {
        Some(self)
    }
}

impl Maybe<str> for Option<String> {
    fn get(&self) -> Option<&str> {
        self.as_deref()
    }
}

impl<T> Maybe<[T]> for Vec<T> {
    fn get(&self) -> Option<&[T]> {
        Some(self)
    }
}

/// `Maybe<T> for T`, for the plain types a check may read (enums and SIDs have their own).
macro_rules! maybe_itself {
    ($($t:ty),*) => {$(
        impl Maybe<$t> for $t {
            fn get(&self) -> Option<&$t> {
                Some(self)
            }
        }
    )*};
}

maybe_itself!(
    String,
    bool,
    i32,
    i64,
    f64,
    serde_json::Value,
    crate::JsonObject,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate
);

impl fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Name(n) => f.write_str(n),
            Field::Index(parent, i) => write!(f, "{parent}[{i}]"),
            Field::Key(parent, k) => write!(f, "{parent}.{k}"),
        }
    }
}

/// A rule a request value broke.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// Fewer characters than allowed.
    TooShort {
        /// Fewest allowed.
        min: usize,
        /// Characters given.
        actual: usize,
    },
    /// More characters than allowed.
    TooLong {
        /// Most allowed.
        max: usize,
        /// Characters given.
        actual: usize,
    },
    /// Does not match the pattern of the spec.
    Pattern {
        /// The regular expression.
        pattern: &'static str,
    },
    /// Not a well-formed SID of the expected kind.
    Sid {
        /// The SID type.
        kind: &'static str,
        /// The prefix it needs.
        prefix: &'static str,
    },
    /// Below the minimum.
    TooSmall {
        /// Smallest allowed value.
        min: String,
    },
    /// Above the maximum.
    TooLarge {
        /// Largest allowed value.
        max: String,
    },
    /// Fewer array items than allowed.
    TooFewItems {
        /// Fewest allowed.
        min: usize,
        /// Items given.
        actual: usize,
    },
    /// More array items than allowed.
    TooManyItems {
        /// Most allowed.
        max: usize,
        /// Items given.
        actual: usize,
    },
    /// The JSON text the value is sent as is too long.
    JsonTooLong {
        /// Most characters allowed.
        max: usize,
        /// Characters of the JSON text.
        actual: usize,
    },
    /// An enum value the spec does not list.
    UnknownValue {
        /// The value given.
        value: String,
    },
    /// A path parameter that would change the path (empty, `.` or `..`).
    PathSegment,
    /// A JSON value of another kind than the spec's (an object's value sent as a number
    /// where the spec wants a string, say).
    WrongType {
        /// What the spec wants: `string`, `integer`, `number`, `boolean`, `array`, `object`
        /// or a type name.
        expected: &'static str,
        /// What was given: `null`, `boolean`, `number`, `string`, `array` or `object`.
        actual: &'static str,
    },
    /// The value cannot be written in this place.
    NotEncodable {
        /// Why.
        reason: String,
    },
}

/// What a check returns: nothing, or the rule a value broke.
pub type Result<T = (), E = ValidationError> = std::result::Result<T, E>;

/// A request value that breaks a rule of the spec. Nothing was sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{field}` {rule}")]
pub struct ValidationError {
    /// The field as named on the wire, e.g. `Details.Fields[3].label`.
    pub field: String,
    /// The rule it breaks.
    pub rule: Rule,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::TooShort { min, actual } => {
                write!(f, "is {actual} characters long; at least {min} required")
            }
            Rule::TooLong { max, actual } => {
                write!(f, "is {actual} characters long; at most {max} allowed")
            }
            Rule::Pattern { pattern } => write!(f, "does not match the pattern `{pattern}`"),
            Rule::Sid { kind, prefix } => write!(
                f,
                "is not a {kind}: `{prefix}` followed by 32 hexadecimal digits expected"
            ),
            Rule::TooSmall { min } => write!(f, "is below the minimum of {min}"),
            Rule::TooLarge { max } => write!(f, "is above the maximum of {max}"),
            Rule::TooFewItems { min, actual } => {
                write!(f, "has {actual} items; at least {min} required")
            }
            Rule::TooManyItems { max, actual } => {
                write!(f, "has {actual} items; at most {max} allowed")
            }
            Rule::JsonTooLong { max, actual } => write!(
                f,
                "is {actual} characters as JSON text; at most {max} allowed"
            ),
            Rule::UnknownValue { value } => {
                write!(f, "has the value `{value}`, which the spec does not list")
            }
            Rule::PathSegment => f.write_str("cannot be empty, `.` or `..` in a path"),
            Rule::WrongType { expected, actual } => {
                write!(f, "is a JSON {actual}; the spec wants `{expected}`")
            }
            Rule::NotEncodable { reason } => write!(f, "cannot be sent: {reason}"),
        }
    }
}
