//! Lenient decoding helpers used by the generated types: a response never fails because
//! the server sent a null, or a date in a shape it did not announce.

use serde::{Deserialize, Deserializer};

/// A date-time in RFC 3339 (or RFC 2822, which other Twilio APIs use). Null, or text in
/// neither form, decodes as `None` rather than failing the whole response.
pub fn datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, D::Error> {
    let Some(text) = Option::<serde_json::Value>::deserialize(d)? else {
        return Ok(None);
    };
    let Some(text) = text.as_str() else {
        return Ok(None);
    };
    let parsed = chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(text));
    Ok(parsed.ok().map(|t| t.with_timezone(&chrono::Utc)))
}

/// A `YYYY-MM-DD` date; null or another shape decodes as `None`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let Some(text) = Option::<serde_json::Value>::deserialize(d)? else {
        return Ok(None);
    };
    Ok(text
        .as_str()
        .and_then(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()))
}

/// Null decodes as the default (an empty list, for instance).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
