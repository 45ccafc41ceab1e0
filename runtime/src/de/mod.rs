//! Lenient decoding helpers used by the generated types: a response never fails because
//! the server sent a null, a value of another type than the spec says for an optional field,
//! or a date in a shape it did not announce.
//!
//! - [`lenient`] reads an optional field: null, or a value of another shape than its type
//!   takes (a number for a string, an object for an enum, a string for an object...), gives
//!   `None`; [`or_default`] does the same for a field with a default, [`items`] for a list
//!   (dropping the items of another shape), [`datetime`], [`date`] and [`map`] for the types
//!   they name. A value of the right shape is handed to the field's type as is, without
//!   buffering: a required field inside it stays required.
//! - Within a client's answer, each value read as absent is counted, and named in a
//!   debug-level `tracing` event (its path, such as `challenges[3].status`, and why).
//! - Within a client's answer, the lists and JSON objects built while decoding are charged
//!   against a memory budget, a multiple of the answer's size: see
//!   [`DECODE_BUDGET_FACTOR`].
//!
//! In layers, without an import circle: `context` (private) holds where the decoding of one
//! answer stands (its budget, the values read as absent, strict mode for unions, [`fit`]);
//! `guard` (private) the deserializers that read a value of another shape through and charge
//! what is built; this module the helpers generated types name.

use serde::de::DeserializeOwned;
use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

mod context;
mod guard;

pub use context::{DECODE_BUDGET_FACTOR, DECODE_BUDGET_FLOOR, fit};
pub(crate) use context::{absent_paths, answer};
use context::{note_absent, refused};
use guard::*;

/// Reads an optional string without failing on any other JSON value (which gives `None`),
/// and hands it to `parse`.
struct LenientText<F>(F);

impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for LenientText<F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, or anything else (read as absent)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match (self.0)(v) {
            Some(value) => Ok(Some(value)),
            None => absent("a string in no known date form"),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        absent("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        absent("an integer")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        absent("an integer")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        absent("a number")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        absent("an array")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        absent("an object")
    }
}

/// A value of JSON type `got`, read through and decoded as absent: counted (see
/// [`note_absent`]), then `None`.
fn absent<T, E: de::Error>(got: &str) -> Result<Option<T>, E> {
    note_absent(&refused(got))?;
    Ok(None)
}

fn parse_datetime(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(text))
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// A date-time in RFC 3339 (or RFC 2822, which other Twilio APIs use). Null, or a value
/// in neither form, decodes as `None` rather than failing the whole response.
pub fn datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, D::Error> {
    d.deserialize_option(LenientText(parse_datetime))
}

/// A `YYYY-MM-DD` date; null or another shape decodes as `None`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    d.deserialize_option(LenientText(|t: &str| {
        chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
    }))
}

/// A generated enum from a string, without allocating for the values it knows.
pub fn wire_enum<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct WireEnum<T>(std::marker::PhantomData<T>);
    impl<'de, T: for<'a> From<&'a str> + From<String>> Visitor<'de> for WireEnum<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    d.deserialize_str(WireEnum(std::marker::PhantomData))
}

/// Null decodes as the default (an empty list, for instance); any other value must be a `T`
/// (see [`or_default`] for a field that takes any value).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A JSON object read into a map, leniently: a string holding an object's JSON text is
/// read as that object (Twilio's docs call such fields "stringified JSON"); an entry whose
/// value is not a `V` is left out; null, or any other value, gives `None`.
pub fn map<'de, D, V>(d: D) -> Result<Option<BTreeMap<String, V>>, D::Error>
where
    D: Deserializer<'de>,
    V: DeserializeOwned,
{
    let object = match d.deserialize_option(Optional(Budgeted))? {
        Some(Value::Object(object)) => object,
        Some(Value::String(text)) => {
            match Budgeted.deserialize(&mut serde_json::Deserializer::from_str(&text)) {
                Ok(Value::Object(object)) => object,
                _ => return absent("a string that is no JSON object"),
            }
        }
        None => return Ok(None),
        Some(_) => return absent("no object"),
    };
    let mut entries = BTreeMap::new();
    for (k, v) in object {
        match serde_json::from_value(v) {
            Ok(v) => {
                entries.insert(k, v);
            }
            Err(_) => note_absent(&refused("an entry of another type than the map holds"))?,
        }
    }
    Ok(Some(entries))
}

/// Any JSON value, null as `None`; within a client's answer its arrays and objects are
/// charged against the memory budget (see [`DECODE_BUDGET_FACTOR`]), as [`map`]'s are.
pub fn json<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    d.deserialize_option(Optional(Budgeted))
}

/// The discriminator of a `oneOf`: the string value of `property` when `value` is an object
/// that has one.
///
/// ```
/// use twilio_openapi_runtime::de::tag;
///
/// let value = serde_json::json!({"kind": "cat", "lives": 9});
/// assert_eq!(tag(&value, "kind"), Some("cat"));
/// assert_eq!(tag(&serde_json::json!([1]), "kind"), None);
/// ```
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// A variant of a `oneOf` picked by its discriminator: `value` decoded as `T` and wrapped
/// by `wrap`, or kept whole by `unknown` when it does not decode as `T` (the server sent the
/// tag of a shape, but not that shape): a response never fails on it.
///
/// ```
/// use twilio_openapi_runtime::de::variant;
///
/// #[derive(Debug, PartialEq)]
/// enum Count {
///     Number(u32),
///     Unknown(serde_json::Value),
/// }
/// assert_eq!(variant(serde_json::json!(3), Count::Number, Count::Unknown), Count::Number(3));
/// assert_eq!(
///     variant(serde_json::json!("x"), Count::Number, Count::Unknown),
///     Count::Unknown(serde_json::json!("x"))
/// );
/// ```
pub fn variant<T: DeserializeOwned, U>(
    value: Value,
    wrap: fn(T) -> U,
    unknown: fn(Value) -> U,
) -> U {
    match fit(value) {
        Ok(decoded) => wrap(decoded),
        Err(value) => unknown(value),
    }
}

/// An optional field of a response: `None` when it is absent or null, and when its value has
/// another shape than `T` takes (a number for a string, an object for an enum, a string or
/// an array for an object, a string that `T` refuses...), which is read through and counted
/// (see the module docs). A value of the right shape is handed to `T` as is, so a required
/// field inside an object stays required.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Challenge {
///     #[serde(default, deserialize_with = "twilio_openapi_runtime::de::lenient")]
///     status: Option<String>,
///     #[serde(default, deserialize_with = "twilio_openapi_runtime::de::lenient")]
///     ttl: Option<i64>,
/// }
/// let c: Challenge = serde_json::from_str(r#"{"status": 3, "ttl": "soon"}"#)?;
/// assert_eq!((c.status, c.ttl), (None, None));
/// let c: Challenge = serde_json::from_str(r#"{"status": "pending", "ttl": 300}"#)?;
/// assert_eq!((c.status.as_deref(), c.ttl), (Some("pending"), Some(300)));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    d.deserialize_option(Optional(PhantomData::<T>))
}

/// A field with a default (Twilio's paging `meta`, say): null, or a value of another shape,
/// gives the default, as [`lenient`] gives `None`.
pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    Ok(lenient(d)?.unwrap_or_default())
}

/// A list: null, or a value that is not an array, gives an empty list, and an item of
/// another shape than `T` takes is left out (both counted as [`lenient`] counts). Within a
/// client's answer each item is charged against the memory budget (see
/// [`DECODE_BUDGET_FACTOR`]): a list that would take more fails the call.
pub fn items<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(d.deserialize_option(Optional(Items(PhantomData::<T>)))?
        .unwrap_or_default())
}
#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "super::datetime")]
        at: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(default, deserialize_with = "super::date")]
        on: Option<chrono::NaiveDate>,
    }

    fn at(json: &str) -> Option<String> {
        let t: T = serde_json::from_str(json).expect("lenient decode never fails");
        t.at.map(|t| t.to_rfc3339())
    }

    #[test]
    fn dates_decode_leniently() {
        assert_eq!(
            at(r#"{"at": "2015-07-30T20:00:00Z"}"#).as_deref(),
            Some("2015-07-30T20:00:00+00:00")
        );
        assert_eq!(
            at(r#"{"at": "2015-07-30T22:00:00+02:00"}"#).as_deref(),
            Some("2015-07-30T20:00:00+00:00")
        );
        assert_eq!(
            at(r#"{"at": "Thu, 30 Jul 2015 20:00:00 +0000"}"#).as_deref(),
            Some("2015-07-30T20:00:00+00:00")
        );
        for odd in [
            "null",
            "\"yesterday\"",
            "12",
            "true",
            "[1, [2]]",
            "{\"a\": {\"b\": 1}}",
        ] {
            assert_eq!(
                at(&format!(r#"{{"at": {odd}, "on": {odd}}}"#)),
                None,
                "{odd}"
            );
        }
        let t: T = serde_json::from_str(r#"{"on": "2020-02-29"}"#).expect("date");
        assert_eq!(t.on.map(|d| d.to_string()).as_deref(), Some("2020-02-29"));
        assert_eq!(at("{}"), None);
    }

    #[derive(serde::Deserialize)]
    struct M {
        #[serde(default, deserialize_with = "super::map")]
        any: Option<super::BTreeMap<String, serde_json::Value>>,
        #[serde(default, deserialize_with = "super::map")]
        text: Option<super::BTreeMap<String, String>>,
    }

    #[test]
    fn maps_decode_leniently() {
        let m: M = serde_json::from_str(
            r#"{"any": {"ip": "192.0.2.10", "n": 3, "o": {"a": [1]}, "z": null},
                "text": {"a": "x", "n": 3}}"#,
        )
        .expect("lenient decode never fails");
        let any = m.any.expect("an object");
        assert_eq!(any.len(), 4);
        assert_eq!(any["n"], serde_json::json!(3));
        assert_eq!(any["o"], serde_json::json!({"a": [1]}));
        // The entry that is not a string is left out of a map of strings.
        let text = m.text.expect("an object");
        assert_eq!(text.len(), 1);
        assert_eq!(text["a"], "x");
        // An object's JSON text is read as the object.
        let m: M = serde_json::from_str(r#"{"any": "{\"os\": \"Android\"}"}"#).expect("text");
        assert_eq!(m.any.expect("parsed")["os"], "Android");
        for odd in ["null", "\"not json\"", "\"[1]\"", "12", "true", "[1, 2]"] {
            let m: M = serde_json::from_str(&format!(r#"{{"any": {odd}, "text": {odd}}}"#))
                .expect("lenient decode never fails");
            assert!(m.any.is_none() && m.text.is_none(), "{odd}");
        }
        let m: M = serde_json::from_str("{}").expect("absent");
        assert!(m.any.is_none());
    }

    #[derive(serde::Deserialize, Debug, PartialEq, Default)]
    struct C {
        #[serde(default, deserialize_with = "super::lenient")]
        status: Option<String>,
        #[serde(default, deserialize_with = "super::lenient")]
        inner: Option<Box<C>>,
        #[serde(default, deserialize_with = "super::datetime")]
        at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(serde::Deserialize, Debug)]
    struct P {
        #[serde(default, deserialize_with = "super::items")]
        c: Vec<C>,
        #[serde(default, deserialize_with = "super::or_default")]
        meta: Option<u8>,
    }

    #[test]
    fn values_read_as_absent_are_counted_and_named_by_path() {
        let body = br#"{"c": [{"status": "a", "at": 3}, {"status": 3,
            "inner": {"inner": {"status": {"x": 1}}, "at": "soon"}}, 9, null], "meta": [1]}"#;
        let (page, absent) = super::answer::<P>(body);
        let page = page.expect("lenient");
        assert_eq!(absent, 7);
        assert_eq!(
            page.c.len(),
            2,
            "the items that are not objects are left out"
        );
        assert_eq!(page.c[0].status.as_deref(), Some("a"));
        let inner = page.c[1].inner.as_deref().expect("an object");
        assert_eq!(inner.inner.as_deref(), Some(&C::default()));
        assert_eq!(page.meta, None);
        let mut named = super::absent_paths::<P>(body, absent);
        named.sort();
        let expected = [
            ("c[0].at", "an integer"),
            ("c[1].inner.at", "a string in no known date form"),
            ("c[1].inner.inner.status", "an object"),
            ("c[1].status", "an integer"),
            ("c[2]", "an integer"),
            ("c[3]", "null"),
            ("meta", "an array"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(path, got)| (path.to_string(), super::refused(got)))
            .collect();
        assert_eq!(named, expected);
        // Outside an answer the same leniency, and nothing named.
        let page: P = serde_json::from_slice(body).expect("lenient");
        assert_eq!(page.c.len(), 2);
    }

    #[test]
    fn a_value_of_the_right_shape_keeps_its_own_errors() {
        #[derive(serde::Deserialize, Debug)]
        struct Required {
            #[allow(dead_code)]
            label: String,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Holder {
            #[serde(default, deserialize_with = "super::lenient")]
            #[allow(dead_code)]
            field: Option<Required>,
        }
        let (holder, _) = super::answer::<Holder>(br#"{"field": {"label": 3}}"#);
        assert!(holder.is_err(), "a required field of the wrong type fails");
        let (holder, _) = super::answer::<Holder>(br#"{"field": {}}"#);
        let error = holder.expect_err("a required field missing fails");
        assert!(
            error.to_string().contains("missing field `label`"),
            "{error}"
        );
        let (holder, absent) = super::answer::<Holder>(br#"{"field": "text"}"#);
        assert!(holder.expect("not an object").field.is_none());
        assert_eq!(absent, 1);
    }
}
