//! The macros generated code calls for the boilerplate that is the same for every type of a
//! kind, so that the generated text holds only what the spec says (in the manner of prost's
//! `derive(Enumeration)`, without a procedural macro crate).

/// A string enum of the spec: its listed values, each with its wire text.
///
/// Generated code writes the enum (its listed variants and `Unknown(String)` for any other
/// value the API sends) and this table; [`string_enum!`](crate::string_enum) then adds the
/// impls every such enum has.
pub trait StringEnum: Sized + Clone + PartialEq + 'static {
    /// The listed values and their wire text, in the spec's order.
    const VALUES: &'static [(Self, &'static str)];
}

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
