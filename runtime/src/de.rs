//! Lenient decoding helpers used by the generated types: a response never fails because
//! the server sent a null, or a date in a shape it did not announce.

use serde::de::DeserializeOwned;
use serde::de::{self, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Reads an optional string without failing on any other JSON value (which gives `None`),
/// and hands it to `parse`.
struct LenientText<F>(F);

impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for LenientText<F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, or anything else (read as absent)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((self.0)(v))
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
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
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

/// Null decodes as the default (an empty list, for instance).
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
    let object = match Option::<Value>::deserialize(d)? {
        Some(Value::Object(object)) => object,
        Some(Value::String(text)) => match serde_json::from_str(&text) {
            Ok(Value::Object(object)) => object,
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(Some(
        object
            .into_iter()
            .filter_map(|(k, v)| serde_json::from_value(v).ok().map(|v| (k, v)))
            .collect(),
    ))
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
    match T::deserialize(&value) {
        Ok(decoded) => wrap(decoded),
        Err(_) => unknown(value),
    }
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
}
