//! The macros generated code calls for the boilerplate that is the same for every type of a
//! kind, so that the generated text holds only what the spec says (in the manner of prost's
//! `derive(Enumeration)`, without a procedural macro crate).

pub use crate::wire::StringEnum;

/// The impls of a string enum (see [`StringEnum`]): `as_str`, `is_known`, `From<String>`,
/// `From<&str>`, `From<Enum> for String`, `Display`, `Serialize` (the wire text),
/// `Deserialize` (never fails on a string: an unlisted value becomes `Unknown`) and
/// `WireValue`. The enum must have a variant `Unknown(String)`.
///
/// ```
/// /// The colour of a thing.
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum Color {
///     /// `dark-red`
///     DarkRed,
///     /// `blue`
///     Blue,
///     /// A value this version of the bindings does not know, kept as sent.
///     Unknown(String),
/// }
///
/// impl twilio_openapi_runtime::StringEnum for Color {
///     const VALUES: &'static [(Self, &'static str)] =
///         &[(Self::DarkRed, "dark-red"), (Self::Blue, "blue")];
/// }
///
/// twilio_openapi_runtime::string_enum!(Color);
///
/// assert_eq!(Color::from("blue"), Color::Blue);
/// assert_eq!(Color::from("green"), Color::Unknown("green".into()));
/// assert_eq!(Color::DarkRed.to_string(), "dark-red");
/// assert_eq!(Color::Unknown("violet".into()).as_str(), "violet");
/// assert!(Color::Unknown("blue".into()).is_known());
/// assert!(!Color::Unknown("green".into()).is_known());
/// assert_eq!(String::from(Color::Blue), "blue");
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(value) => value,
                    known => <Self as $crate::StringEnum>::VALUES
                        .iter()
                        .find(|(value, _)| value == known)
                        .map_or("", |(_, wire)| wire),
                }
            }

            /// Whether this is one of the values the spec lists (an `Unknown` built by hand
            /// around a listed value counts as that value).
            pub fn is_known(&self) -> bool {
                match self {
                    Self::Unknown(value) => {
                        !::std::matches!(Self::from(value.as_str()), Self::Unknown(_))
                    }
                    _ => true,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match <Self as $crate::StringEnum>::VALUES
                    .iter()
                    .find(|(_, wire)| *wire == value)
                {
                    ::std::option::Option::Some((known, _)) => ::std::clone::Clone::clone(known),
                    ::std::option::Option::None => Self::Unknown(value),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match <Self as $crate::StringEnum>::VALUES
                    .iter()
                    .find(|(_, wire)| *wire == value)
                {
                    ::std::option::Option::Some((known, _)) => ::std::clone::Clone::clone(known),
                    ::std::option::Option::None => {
                        Self::Unknown(::std::borrow::ToOwned::to_owned(value))
                    }
                }
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unknown(value) => value,
                    known => ::std::borrow::ToOwned::to_owned(known.as_str()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Never fails on a string: a value the spec does not list becomes `Unknown`.
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::wire_enum(deserializer)
            }
        }

        impl $crate::validate::Maybe<$name> for $name {
            fn get(&self) -> ::std::option::Option<&$name> {
                ::std::option::Option::Some(self)
            }
        }

        impl $crate::wire::WireValue for $name {
            fn text(&self) -> ::std::option::Option<::std::borrow::Cow<'_, str>> {
                ::std::option::Option::Some(::std::borrow::Cow::Borrowed(self.as_str()))
            }
        }
    };
}

/// A SID type of the spec: `sid!(ChallengeSid, ChallengeSidKind, "YC")` defines the marker
/// type `ChallengeSidKind` (its prefix `YC`) and `ChallengeSid = Sid<ChallengeSidKind>`.
///
/// ```
/// twilio_openapi_runtime::sid!(ChallengeSid, ChallengeSidKind, "YC");
///
/// let sid: ChallengeSid = "YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse().unwrap();
/// assert_eq!(sid.as_str(), "YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
/// assert!("VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse::<ChallengeSid>().is_err());
/// ```
#[macro_export]
macro_rules! sid {
    ($name:ident, $kind:ident, $prefix:literal) => {
        #[doc = ::std::concat!(
                    "A `", $prefix, "` SID: `", $prefix, "` followed by 32 hexadecimal digits.\n\n",
                    "[`", ::std::stringify!($name), "::new`](Sid::new) ",
                    "checks the format; decoding a response does not."
                )]
        pub type $name = $crate::Sid<$kind>;

        #[doc = ::std::concat!("Marks a [`", ::std::stringify!($name), "`].")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $kind {}

        impl $crate::SidKind for $kind {
            const PREFIX: &'static str = $prefix;
            const NAME: &'static str = ::std::stringify!($name);
        }
    };
}

/// A struct of the spec sent as one form field: `wire_json!(ChallengeDetailsField)` makes
/// it a [`WireValue`](crate::wire::WireValue) written as its JSON text.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Pair {
///     label: String,
/// }
/// twilio_openapi_runtime::wire_json!(Pair);
///
/// let mut form = twilio_openapi_runtime::FormEncoder::new();
/// form.put("Fields", &Pair { label: "a".into() }).unwrap();
/// assert_eq!(form.finish(), "Fields=%7B%22label%22%3A%22a%22%7D");
/// ```
#[macro_export]
macro_rules! wire_json {
    ($name:ident) => {
        impl $crate::wire::WireValue for $name {
            fn encode(
                &self,
                key: &str,
                out: &mut $crate::wire::FormEncoder,
            ) -> $crate::validate::Result {
                out.json(key, self)
            }
        }
    };
}

/// The setter of an optional field of a request or of a struct sent to the API, in an
/// `impl` of that type: `setter!(details_message, "Details.Message", into String)` writes
/// `fn details_message(self, value: impl Into<String>) -> Self`, documented as setting the
/// wire name, which stores the value.
///
/// What the setter takes, by the third argument:
/// - `into T`: `impl Into<T>`, stored as `Some(value.into())` (strings, SIDs);
/// - `value T`: a `T`, stored as `Some(value)`;
/// - `items T`: `impl IntoIterator<Item = T>`, collected into the field's `Vec`;
/// - `json`: [`impl IntoJsonObject`](crate::IntoJsonObject) (any pairs, a map), stored as
///   `Some` JSON object;
/// - `datetime`: a `chrono::DateTime` in any time zone, stored in UTC.
///
/// Attributes written before the name (`#[deprecated]`) go on the setter.
///
/// ```
/// #[derive(Debug, Default)]
/// pub struct Request {
///     message: Option<String>,
///     tags: Vec<String>,
///     context: Option<twilio_openapi_runtime::JsonObject>,
///     at: Option<twilio_openapi_runtime::chrono::DateTime<twilio_openapi_runtime::chrono::Utc>>,
///     size: Option<i64>,
/// }
///
/// impl Request {
///     twilio_openapi_runtime::setter!(message, "Message", into String);
///     twilio_openapi_runtime::setter!(tags, "Tags", items String);
///     twilio_openapi_runtime::setter!(context, "Context", json);
///     twilio_openapi_runtime::setter!(at, "At", datetime);
///     twilio_openapi_runtime::setter!(#[deprecated] size, "Size", value i64);
/// }
///
/// use twilio_openapi_runtime::chrono;
/// let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05+02:00").unwrap();
/// let request = Request::default()
///     .message("Sign in?")
///     .tags(["a", "b"].map(String::from))
///     .context([("ip", "192.0.2.10")])
///     .at(at);
/// assert_eq!(request.message.as_deref(), Some("Sign in?"));
/// assert_eq!(request.tags, ["a", "b"]);
/// assert_eq!(request.context.unwrap()["ip"], "192.0.2.10");
/// assert_eq!(request.at.unwrap().to_rfc3339(), "2026-01-02T01:04:05+00:00");
/// # #[allow(deprecated)]
/// # let request = Request::default().size(3);
/// # assert_eq!(request.size, Some(3));
/// ```
#[macro_export]
macro_rules! setter {
    ($(#[$attr:meta])* $name:ident, $wire:literal, datetime) => {
        #[doc = ::std::concat!("Sets `", $wire, "`.")]
        ///
        /// Takes a date-time in any time zone and keeps it in UTC. A time relative to now:
        /// `chrono::Utc::now() + chrono::TimeDelta::minutes(5)`.
        $(#[$attr])*
        pub fn $name(mut self, value: $crate::__field_arg!(datetime)) -> Self {
            self.$name = ::std::option::Option::Some($crate::__field_value!(datetime value));
            self
        }
    };
    ($(#[$attr:meta])* $name:ident, $wire:literal, items $ty:ty) => {
        #[doc = ::std::concat!("Sets `", $wire, "`.")]
        $(#[$attr])*
        pub fn $name(mut self, value: $crate::__field_arg!(items $ty)) -> Self {
            self.$name = $crate::__field_value!(items value);
            self
        }
    };
    ($(#[$attr:meta])* $name:ident, $wire:literal, $kind:ident $($ty:ty)?) => {
        #[doc = ::std::concat!("Sets `", $wire, "`.")]
        $(#[$attr])*
        pub fn $name(mut self, value: $crate::__field_arg!($kind $($ty)?)) -> Self {
            self.$name = ::std::option::Option::Some($crate::__field_value!($kind value));
            self
        }
    };
}

/// `new` of a request or of a struct sent to the API, in an `impl` of that type: takes the
/// required fields, each the way its setter would (see [`setter!`](crate::setter): `into T`,
/// `value T`, `items T`, `json`, `datetime`), and leaves the optional ones at their default
/// (`None`, an empty list).
///
/// ```
/// pub struct Request {
///     service: String,
///     size: i64,
///     message: Option<String>,
///     tags: Vec<String>,
/// }
///
/// impl Request {
///     twilio_openapi_runtime::constructor!((service into String, size value i64), (message, tags));
/// }
///
/// let request = Request::new("VA1", 3);
/// assert_eq!((request.service.as_str(), request.size), ("VA1", 3));
/// assert!(request.message.is_none() && request.tags.is_empty());
///
/// /// Nothing to send.
/// pub struct Empty {}
///
/// impl Empty {
///     twilio_openapi_runtime::constructor!((), ());
/// }
///
/// let _empty = Empty::new();
/// ```
#[macro_export]
macro_rules! constructor {
    ((), ()) => {
        $crate::constructor!(@new "The only value: the type has no fields.", (), ());
    };
    ((), ($($opt:ident),+)) => {
        $crate::constructor!(@new "With every field unset (see the setters).", (), ($($opt),+));
    };
    (($($req:ident $kind:ident $($ty:ty)?),+), ()) => {
        $crate::constructor!(@new "With every field given.", ($($req $kind $($ty)?),+), ());
    };
    (($($req:ident $kind:ident $($ty:ty)?),+), ($($opt:ident),+)) => {
        $crate::constructor!(
            @new "With the required fields given; every optional field unset (see the setters).",
            ($($req $kind $($ty)?),+),
            ($($opt),+)
        );
    };
    (@new $doc:literal, ($($req:ident $kind:ident $($ty:ty)?),*), ($($opt:ident),*)) => {
        #[doc = $doc]
        pub fn new($($req: $crate::__field_arg!($kind $($ty)?)),*) -> Self {
            Self {
                $($req: $crate::__field_value!($kind $req),)*
                $($opt: ::std::default::Default::default(),)*
            }
        }
    };
}

/// The argument type of a value taken by kind (see [`setter!`](crate::setter) for the
/// kinds): `__field_arg!(into ServiceSid)` is `impl Into<ServiceSid>`. The one definition
/// of what a kind takes: `setter!` and `constructor!` use it, and so do the methods of
/// generated handles (`client.services(sid)`), with [`__field_value!`](crate::__field_value).
#[doc(hidden)]
#[macro_export]
macro_rules! __field_arg {
    (into $ty:ty) => { impl ::std::convert::Into<$ty> };
    (value $ty:ty) => { $ty };
    (items $ty:ty) => { impl ::std::iter::IntoIterator<Item = $ty> };
    (json) => { impl $crate::IntoJsonObject };
    (datetime) => { $crate::chrono::DateTime<impl $crate::chrono::TimeZone> };
}

/// How an argument taken by kind (see [`__field_arg!`](crate::__field_arg)) is stored:
/// `__field_value!(into sid)` is `sid.into()`. Used by `setter!`, `constructor!` and the
/// methods of generated handles.
#[doc(hidden)]
#[macro_export]
macro_rules! __field_value {
    (into $v:ident) => {
        $v.into()
    };
    (value $v:ident) => {
        $v
    };
    (items $v:ident) => {
        ::std::iter::IntoIterator::into_iter($v).collect()
    };
    (json $v:ident) => {
        $crate::IntoJsonObject::into_json_object($v)
    };
    (datetime $v:ident) => {
        $v.with_timezone(&$crate::chrono::Utc)
    };
}
