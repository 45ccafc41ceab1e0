//! How values go on the wire: form pairs, query pairs, path segments and JSON bodies.
//!
//! Twilio's conventions, which the generated code relies on:
//! - keys are the spec's names verbatim, dots included (`Details.Message`);
//! - an array is the same key repeated once per item, unless the spec says `explode: false`
//!   for a query parameter: then one pair holds the items, comma-separated
//!   ([`FormEncoder::put_comma_separated`]);
//! - an object (or any non-string JSON value) is sent as its JSON text; a string as is;
//! - date-times are RFC 3339 in UTC (`2015-07-30T20:00:00Z`), booleans `true`/`false`;
//! - path parameters are percent-encoded, and may not be empty, `.` or `..`.

use crate::rule::{Field, Rule, ValidationError};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A string enum of the spec: its listed values, each with its wire text.
///
/// Generated code writes the enum (its listed variants and `Unknown(String)` for any other
/// value the API sends) and this table; [`string_enum!`](crate::string_enum) then adds the
/// impls every such enum has.
pub trait StringEnum: Sized + Clone + PartialEq + 'static {
    /// The listed values and their wire text, in the spec's order.
    const VALUES: &'static [(Self, &'static str)];
}

/// A value that can be written as a form, query or path parameter.
pub trait WireValue {
    /// The value as one piece of text, when it is a scalar.
    fn text(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// Appends the pairs for this value under `key`.
    fn encode(&self, key: &str, out: &mut FormEncoder) -> Result<(), ValidationError> {
        match self.text() {
            Some(text) => {
                out.pair(key, &text);
                Ok(())
            }
            None => Err(Field::name(key).error(Rule::NotEncodable {
                reason: "not a scalar value".into(),
            })),
        }
    }

    /// Appends this value under `key` as OpenAPI's `form` style with `explode: false`
    /// writes it: an array as one pair of comma-separated items; a scalar as
    /// [`encode`](Self::encode) does.
    fn encode_comma_separated(
        &self,
        key: &str,
        out: &mut FormEncoder,
    ) -> Result<(), ValidationError> {
        self.encode(key, out)
    }
}

impl WireValue for String {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }
}

impl WireValue for str {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }
}

impl WireValue for bool {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(if *self { "true" } else { "false" }))
    }
}

impl WireValue for i32 {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.to_string()))
    }
}

impl WireValue for i64 {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.to_string()))
    }
}

impl WireValue for f64 {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.to_string()))
    }
}

impl WireValue for chrono::DateTime<chrono::Utc> {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(
            self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        ))
    }
}

impl WireValue for chrono::NaiveDate {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.format("%Y-%m-%d").to_string()))
    }
}

/// A string is sent as is; any other JSON value as its JSON text.
impl WireValue for serde_json::Value {
    fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            serde_json::Value::String(s) => Some(Cow::Borrowed(s)),
            other => Some(Cow::Owned(other.to_string())),
        }
    }
}

/// Sent as the JSON text of the object.
impl<V: serde::Serialize> WireValue for BTreeMap<String, V> {
    fn encode(&self, key: &str, out: &mut FormEncoder) -> Result<(), ValidationError> {
        out.json(key, self)
    }
}

/// One pair per item, all under the same key; or, comma-separated, one pair for all
/// (nothing for an empty array, either way).
impl<T: WireValue> WireValue for Vec<T> {
    fn encode(&self, key: &str, out: &mut FormEncoder) -> Result<(), ValidationError> {
        self.iter().try_for_each(|item| item.encode(key, out))
    }

    fn encode_comma_separated(
        &self,
        key: &str,
        out: &mut FormEncoder,
    ) -> Result<(), ValidationError> {
        if self.is_empty() {
            return Ok(());
        }
        let field = Field::name(key);
        let items = self
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.text().ok_or_else(|| {
                    field.index(i).error(Rule::NotEncodable {
                        reason: "not a scalar value, so it cannot be one of comma-separated items"
                            .into(),
                    })
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.comma_separated(key, &items);
        Ok(())
    }
}

/// Nothing when unset.
impl<T: WireValue> WireValue for Option<T> {
    fn text(&self) -> Option<Cow<'_, str>> {
        self.as_ref().and_then(WireValue::text)
    }

    fn encode(&self, key: &str, out: &mut FormEncoder) -> Result<(), ValidationError> {
        match self {
            Some(v) => v.encode(key, out),
            None => Ok(()),
        }
    }

    fn encode_comma_separated(
        &self,
        key: &str,
        out: &mut FormEncoder,
    ) -> Result<(), ValidationError> {
        match self {
            Some(v) => v.encode_comma_separated(key, out),
            None => Ok(()),
        }
    }
}

/// Builds `application/x-www-form-urlencoded` text (bodies and query strings), or plain
/// pairs (headers).
#[derive(Debug)]
pub struct FormEncoder {
    inner: Encoding,
}

#[derive(Debug)]
enum Encoding {
    Urlencoded(String),
    Pairs(Vec<(String, String)>),
}

impl Default for FormEncoder {
    fn default() -> Self {
        Self::new()
    }
}

impl FormEncoder {
    /// An empty form.
    pub fn new() -> Self {
        FormEncoder {
            inner: Encoding::Urlencoded(String::new()),
        }
    }

    /// Collects plain pairs instead of encoding them (for headers).
    pub fn pairs() -> Self {
        FormEncoder {
            inner: Encoding::Pairs(Vec::new()),
        }
    }

    /// Appends one pair.
    pub fn pair(&mut self, key: &str, value: &str) {
        self.comma_separated(key, &[value]);
    }

    /// Appends one pair whose value is `items`, each percent-encoded (a comma inside an
    /// item too), joined by literal commas: `Key=a,b%2Cc`. A pairs encoder keeps the
    /// items as they are: `a,b,c`. One item is a plain [`pair`](Self::pair).
    pub fn comma_separated<S: AsRef<str>>(&mut self, key: &str, items: &[S]) {
        match &mut self.inner {
            // One item: form_urlencoded's own pair writer, which encodes in place (several
            // times faster than extending the text with its byte-by-byte iterator).
            Encoding::Urlencoded(text) if items.len() == 1 => {
                form_urlencoded::Serializer::for_suffix(text, 0)
                    .append_pair(key, items[0].as_ref());
            }
            Encoding::Urlencoded(text) => {
                if !text.is_empty() {
                    text.push('&');
                }
                text.extend(form_urlencoded::byte_serialize(key.as_bytes()));
                text.push('=');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    text.extend(form_urlencoded::byte_serialize(item.as_ref().as_bytes()));
                }
            }
            Encoding::Pairs(pairs) => {
                let joined: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
                pairs.push((key.to_owned(), joined.join(",")));
            }
        }
    }

    /// Appends the pairs of `value` under `key` (nothing for an absent optional value):
    /// `form.put("Details.Message", &request.details_message)?`.
    pub fn put<T: WireValue + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        value.encode(key, self)
    }

    /// Appends `value` under `key` as a query parameter with `explode: false`: an array as
    /// one pair of comma-separated items (`Name=a,b`), anything else as [`put`](Self::put)
    /// does: `query.put_comma_separated("Tags", &request.tags)?`.
    pub fn put_comma_separated<T: WireValue + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        value.encode_comma_separated(key, self)
    }

    /// Appends one pair whose value is the JSON text of `value`.
    pub fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let text = serde_json::to_string(value).map_err(|e| {
            Field::name(key).error(Rule::NotEncodable {
                reason: e.to_string(),
            })
        })?;
        self.pair(key, &text);
        Ok(())
    }

    /// Whether nothing has been appended.
    pub fn is_empty(&self) -> bool {
        match &self.inner {
            Encoding::Urlencoded(text) => text.is_empty(),
            Encoding::Pairs(pairs) => pairs.is_empty(),
        }
    }

    /// The encoded text (empty for a pairs encoder).
    pub fn finish(self) -> String {
        match self.inner {
            Encoding::Urlencoded(text) => text,
            Encoding::Pairs(_) => String::new(),
        }
    }

    /// The collected pairs (empty for an encoding encoder).
    pub fn into_pairs(self) -> Vec<(String, String)> {
        match self.inner {
            Encoding::Pairs(pairs) => pairs,
            Encoding::Urlencoded(_) => Vec::new(),
        }
    }
}

/// Bytes that stay as they are in a path segment: RFC 3986 unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Builds a request path from a template's literal parts and percent-encoded parameters.
#[derive(Debug, Default)]
pub struct PathBuilder {
    path: String,
}

impl PathBuilder {
    /// An empty path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends template text as is.
    pub fn literal(&mut self, text: &str) {
        self.path.push_str(text);
    }

    /// Appends a parameter as one percent-encoded segment. Empty, `.` and `..` are
    /// refused: they would change which resource the path names.
    pub fn param<T: WireValue + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let text = value.text().ok_or_else(|| {
            Field::name(name).error(Rule::NotEncodable {
                reason: "not a scalar value".into(),
            })
        })?;
        if text.is_empty() || text == "." || text == ".." {
            return Err(Field::name(name).error(Rule::PathSegment));
        }
        self.path.extend(utf8_percent_encode(&text, SEGMENT));
        Ok(())
    }

    /// The path.
    pub fn finish(self) -> String {
        self.path
    }
}

/// The kind of body an operation sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// JSON text, sent with this `Content-Type`: `application/json`, or the spec's
    /// `application/*+json` type (e.g. `application/scim+json`).
    Json(&'static str),
}

/// A request body being built.
#[derive(Debug)]
pub struct Body {
    kind: BodyKind,
    form: FormEncoder,
    json: Option<Vec<u8>>,
}

impl Body {
    /// An empty body of this kind.
    pub fn new(kind: BodyKind) -> Self {
        Body {
            kind,
            form: FormEncoder::new(),
            json: None,
        }
    }

    /// The form to append pairs to.
    pub fn form(&mut self) -> &mut FormEncoder {
        &mut self.form
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValidationError> {
        let bytes = serde_json::to_vec(value).map_err(|e| {
            Field::name("body").error(Rule::NotEncodable {
                reason: e.to_string(),
            })
        })?;
        self.json = Some(bytes);
        Ok(())
    }

    /// The content type and bytes to send, if any.
    pub fn finish(self) -> Option<(&'static str, Vec<u8>)> {
        match self.kind {
            BodyKind::None => None,
            BodyKind::Form => Some((
                "application/x-www-form-urlencoded",
                self.form.finish().into_bytes(),
            )),
            BodyKind::Json(content_type) => self.json.map(|b| (content_type, b)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_are_one_segment() {
        let mut p = PathBuilder::new();
        p.literal("/x/");
        p.param("Identity", "a/b?c#d %").unwrap();
        assert_eq!(p.finish(), "/x/a%2Fb%3Fc%23d%20%25");
        for bad in ["", ".", ".."] {
            let e = PathBuilder::new().param("Identity", bad).unwrap_err();
            assert_eq!(e.field, "Identity");
            assert_eq!(e.rule, Rule::PathSegment);
        }
    }

    #[test]
    fn form_pairs_keep_dots_and_repeat_keys() {
        let mut f = FormEncoder::new();
        vec!["a b".to_owned(), "c&d".to_owned()]
            .encode("Details.Fields", &mut f)
            .unwrap();
        Some(true).encode("Flag", &mut f).unwrap();
        None::<String>.encode("Absent", &mut f).unwrap();
        assert_eq!(
            f.finish(),
            "Details.Fields=a+b&Details.Fields=c%26d&Flag=true"
        );
    }

    #[test]
    fn comma_separated_items_are_encoded_one_by_one() {
        let mut q = FormEncoder::new();
        q.put("Before", "x").unwrap();
        let tags = vec!["a b".to_owned(), "c,d".to_owned(), "é&=".to_owned()];
        q.put_comma_separated("Tags", &tags).unwrap();
        q.put_comma_separated("Empty", &Vec::<String>::new())
            .unwrap();
        q.put_comma_separated("Absent", &None::<Vec<String>>)
            .unwrap();
        q.put_comma_separated("One", &Some(vec![7i64])).unwrap();
        q.put_comma_separated("Scalar", "s,t").unwrap();
        assert_eq!(
            q.finish(),
            "Before=x&Tags=a+b,c%2Cd,%C3%A9%26%3D&One=7&Scalar=s%2Ct"
        );
        let mut h = FormEncoder::pairs();
        h.put_comma_separated("X-Tags", &tags).unwrap();
        assert_eq!(
            h.into_pairs(),
            [("X-Tags".to_owned(), "a b,c,d,é&=".to_owned())]
        );
    }

    #[test]
    fn comma_separated_items_must_be_scalars() {
        let items = vec![BTreeMap::from([("k".to_owned(), 1)])];
        let e = FormEncoder::new()
            .put_comma_separated("Objects", &items)
            .unwrap_err();
        assert_eq!(e.field, "Objects[0]");
        assert!(matches!(e.rule, Rule::NotEncodable { .. }), "{e:?}");
    }

    #[test]
    fn date_times_are_utc_rfc3339() {
        use chrono::TimeZone;
        let t = chrono::Utc.with_ymd_and_hms(2015, 7, 30, 20, 0, 0).unwrap();
        assert_eq!(t.text().unwrap(), "2015-07-30T20:00:00Z");
    }
}
