//! SIDs: Twilio's resource identifiers, two letters and 32 hexadecimal digits.

use crate::rule::{Field, Rule, ValidationError};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

/// What distinguishes one kind of SID from another: its prefix.
///
/// Implemented by the generated marker types (`ServiceSidKind`, ...).
pub trait SidKind {
    /// The two-letter prefix, e.g. `VA`.
    const PREFIX: &'static str;
    /// The name of the SID type, for messages, e.g. `ServiceSid`.
    const NAME: &'static str;
}

/// A SID of kind `K`; generated bindings name each kind, e.g. `ServiceSid = Sid<ServiceSidKind>`.
///
/// [`Sid::new`] and [`str::parse`] check the format (prefix, then 32 hexadecimal digits).
/// Decoding a response does not: a SID the server sends is kept as sent, and requests
/// check every SID again before anything is sent.
///
/// # Cheap to clone, and passed by reference
///
/// The text is shared (`Arc<str>`): a clone is a reference-count increment, never a copy
/// of the text. Request constructors and setters take `impl Into<Sid<K>>`, which
/// `&Sid<K>` satisfies, so one SID serves many requests without a `.clone()` in sight:
/// `FetchChallengeRequest::new(&service, identity, &sid)`.
///
/// # Comparing with text
///
/// A SID compares with `str`, `&str` and `String` both ways, and dereferences to `str`
/// (so every `&str` method works on it, and [`Option::as_deref`] turns an
/// `Option<Sid<K>>` into an `Option<&str>`). `Option<Sid<K>> == Option<&str>` cannot be
/// written in Rust (both types are foreign to this crate); `as_deref` is the idiom:
///
/// ```
/// # use twilio_openapi_runtime::{Sid, SidKind};
/// # enum ChallengeSidKind {}
/// # impl SidKind for ChallengeSidKind { const PREFIX: &'static str = "YC"; const NAME: &'static str = "ChallengeSid"; }
/// # type ChallengeSid = Sid<ChallengeSidKind>;
/// let sid: ChallengeSid = "YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?;
/// assert_eq!(sid, "YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
/// assert!("YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" == sid);
/// assert!(sid.starts_with("YC"));
///
/// // A response field is an `Option<ChallengeSid>`:
/// let field: Option<ChallengeSid> = Some(sid);
/// assert_eq!(field.as_deref(), Some("YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
///
/// // It is `Borrow<str>` too, so maps keyed by SIDs are looked up with text.
/// let mut seen = std::collections::HashSet::new();
/// seen.extend(field);
/// assert!(seen.contains("YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
/// # Ok::<(), twilio_openapi_runtime::InvalidSid>(())
/// ```
pub struct Sid<K> {
    value: Arc<str>,
    kind: PhantomData<fn() -> K>,
}

/// A string that is not a SID of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a {kind}: expected `{prefix}` followed by 32 hexadecimal digits")]
pub struct InvalidSid {
    /// The SID type, e.g. `ServiceSid`.
    pub kind: &'static str,
    /// The prefix it needs, e.g. `VA`.
    pub prefix: &'static str,
}

/// As a [`ValidationError`] of the field named after the SID type (e.g. `ServiceSid`),
/// with the rule [`Rule::Sid`].
impl From<InvalidSid> for ValidationError {
    fn from(e: InvalidSid) -> Self {
        Field::name(e.kind).error(Rule::Sid {
            kind: e.kind,
            prefix: e.prefix,
        })
    }
}

fn well_formed(prefix: &str, value: &str) -> bool {
    value.len() == prefix.len() + 32
        && value.starts_with(prefix)
        && value.as_bytes()[prefix.len()..]
            .iter()
            .all(u8::is_ascii_hexdigit)
}

impl<K: SidKind> Sid<K> {
    /// Checks the format and wraps the value.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidSid> {
        Self::checked(&value.into())
    }

    fn checked(value: &str) -> Result<Self, InvalidSid> {
        if well_formed(K::PREFIX, value) {
            Ok(Sid::shared(value.into()))
        } else {
            Err(InvalidSid {
                kind: K::NAME,
                prefix: K::PREFIX,
            })
        }
    }

    /// Wraps a value without checking it (requests still check it before sending).
    pub fn new_unchecked(value: impl Into<String>) -> Self {
        Sid::shared(value.into().into())
    }

    /// The SID text.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The SID text, owned.
    pub fn into_inner(self) -> String {
        String::from(&*self.value)
    }

    /// Whether the value is a well-formed SID of this kind.
    pub fn is_valid(&self) -> bool {
        well_formed(K::PREFIX, &self.value)
    }

    /// Checks the format, naming `field` in the error.
    pub fn check(&self, field: &Field<'_>) -> Result<(), ValidationError> {
        if self.is_valid() {
            Ok(())
        } else {
            Err(field.error(Rule::Sid {
                kind: K::NAME,
                prefix: K::PREFIX,
            }))
        }
    }
}

impl<K: SidKind> std::str::FromStr for Sid<K> {
    type Err = InvalidSid;
    fn from_str(s: &str) -> Result<Self, InvalidSid> {
        Sid::checked(s)
    }
}

impl<K: SidKind> TryFrom<String> for Sid<K> {
    type Error = InvalidSid;
    fn try_from(s: String) -> Result<Self, InvalidSid> {
        Sid::new(s)
    }
}

impl<K: SidKind> TryFrom<&str> for Sid<K> {
    type Error = InvalidSid;
    fn try_from(s: &str) -> Result<Self, InvalidSid> {
        Sid::checked(s)
    }
}

impl<K> Sid<K> {
    fn shared(value: Arc<str>) -> Self {
        Sid {
            value,
            kind: PhantomData,
        }
    }
}

/// A reference-count increment: the text is shared.
impl<K> crate::rule::Maybe<Sid<K>> for Sid<K> {
    fn get(&self) -> Option<&Sid<K>> {
        Some(self)
    }
}

impl<K> Clone for Sid<K> {
    fn clone(&self) -> Self {
        Sid::shared(Arc::clone(&self.value))
    }
}

/// So that constructors and setters taking `impl Into<Sid<K>>` accept `&sid` (a
/// reference-count increment).
impl<K> From<&Sid<K>> for Sid<K> {
    fn from(sid: &Sid<K>) -> Self {
        sid.clone()
    }
}

impl<K> PartialEq for Sid<K> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// `sid == *"YC…"`, `sid == "YC…"`, `sid == string`, and the same the other way round:
/// the SID text against the string, nothing more (the kind is not compared).
macro_rules! eq_text {
    ($($text:ty),*) => {$(
        impl<K> PartialEq<$text> for Sid<K> {
            fn eq(&self, other: &$text) -> bool {
                *self.value == **other
            }
        }

        impl<K> PartialEq<Sid<K>> for $text {
            fn eq(&self, other: &Sid<K>) -> bool {
                **self == *other.value
            }
        }
    )*};
}

eq_text!(&str, String);

impl<K> PartialEq<str> for Sid<K> {
    fn eq(&self, other: &str) -> bool {
        *self.value == *other
    }
}

impl<K> PartialEq<Sid<K>> for str {
    fn eq(&self, other: &Sid<K>) -> bool {
        *self == *other.value
    }
}

impl<K> Eq for Sid<K> {}

impl<K> PartialOrd for Sid<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K> Ord for Sid<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<K> Hash for Sid<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<K: SidKind> fmt::Debug for Sid<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({:?})", K::NAME, self.value)
    }
}

impl<K> fmt::Display for Sid<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<K> AsRef<str> for Sid<K> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

/// The SID text, so that `&str` methods apply and `Option<Sid<K>>::as_deref` gives an
/// `Option<&str>`.
impl<K> std::ops::Deref for Sid<K> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.value
    }
}

/// Hash, equality and order are those of the text, so sets and maps keyed by SIDs can be
/// looked up with a `&str`.
impl<K> std::borrow::Borrow<str> for Sid<K> {
    fn borrow(&self) -> &str {
        &self.value
    }
}

impl<K> serde::Serialize for Sid<K> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

/// Lenient: any string is accepted, so one odd SID never fails a whole response.
impl<'de, K> serde::Deserialize<'de> for Sid<K> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Arc<str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SID")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Arc<str>, E> {
                Ok(v.into())
            }
        }
        d.deserialize_str(Text).map(Sid::shared)
    }
}

impl<K> crate::wire::WireValue for Sid<K> {
    fn text(&self) -> Option<std::borrow::Cow<'_, str>> {
        Some(std::borrow::Cow::Borrowed(&self.value))
    }
}
