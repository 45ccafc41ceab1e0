//! Checks run on every request before anything is sent, and the errors they give.
//!
//! Errors name the field as it goes on the wire (`Details.Fields[3].label`) and the rule
//! that was broken. They never repeat the value itself, which may be personal data.

use crate::sid::{Sid, SidKind};
use crate::wire::StringEnum;
use std::fmt;

pub use crate::rule::{Field, Maybe, Result, Rule, ValidationError};

/// Length in characters (Unicode scalar values), as JSON Schema counts it.
pub fn length<'f>(
    field: impl Into<Field<'f>>,
    value: &(impl Maybe<str> + ?Sized),
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    match value.get() {
        Some(value) => length_of(&field.into(), value, min, max),
        None => Ok(()),
    }
}

fn length_of(
    field: &Field<'_>,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    // Byte length bounds the character count from above: skip counting when it cannot fail.
    if min.is_none() && max.is_some_and(|m| value.len() <= m) {
        return Ok(());
    }
    let actual = value.chars().count();
    if let Some(min) = min.filter(|m| actual < *m) {
        return Err(field.error(Rule::TooShort { min, actual }));
    }
    if let Some(max) = max.filter(|m| actual > *m) {
        return Err(field.error(Rule::TooLong { max, actual }));
    }
    Ok(())
}

/// A `pattern` of the spec, compiled on first use.
///
/// Generated code keeps one `static` per distinct pattern and checks values with
/// [`Pattern::check`]:
///
/// ```
/// use twilio_openapi_runtime::validate::{Field, Pattern};
///
/// static IDENTITY: Pattern = Pattern::new("^[a-zA-Z0-9-]+$");
/// assert!(IDENTITY.check("Identity", "user-42").is_ok());
/// assert!(IDENTITY.check("Identity", "user 42").is_err());
/// assert!(IDENTITY.check("Identity", &None::<String>).is_ok());
/// ```
#[derive(Debug)]
pub struct Pattern {
    text: &'static str,
    regex: std::sync::OnceLock<regex_lite::Regex>,
}

impl Pattern {
    /// A pattern, not compiled yet.
    pub const fn new(text: &'static str) -> Self {
        Pattern {
            text,
            regex: std::sync::OnceLock::new(),
        }
    }

    /// The pattern as the spec writes it.
    pub fn as_str(&self) -> &'static str {
        self.text
    }

    /// The whole value must match (the spec's patterns are anchored with `^`/`$`); an
    /// absent value passes.
    pub fn check<'f>(
        &self,
        field: impl Into<Field<'f>>,
        value: &(impl Maybe<str> + ?Sized),
    ) -> Result<(), ValidationError> {
        let Some(value) = value.get() else {
            return Ok(());
        };
        // The generator compiles every pattern with the same engine and refuses the spec
        // when one fails, so compiling cannot fail for generated code; a never-matching
        // fallback keeps it panic-free all the same.
        let regex = self
            .regex
            .get_or_init(|| regex_lite::Regex::new(self.text).unwrap_or_else(|_| never_matches()));
        if regex.is_match(value) {
            Ok(())
        } else {
            Err(field.into().error(Rule::Pattern { pattern: self.text }))
        }
    }
}

fn never_matches() -> regex_lite::Regex {
    // `[^\s\S]` matches no character at all; this literal always compiles.
    regex_lite::Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("constant regex"))
}

/// Integer bounds, both inclusive.
pub fn range_i64<'f, T: Copy + Into<i64>>(
    field: impl Into<Field<'f>>,
    value: &impl Maybe<T>,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), ValidationError> {
    let Some(value) = value.get().map(|v| (*v).into()) else {
        return Ok(());
    };
    let field = field.into();
    if let Some(min) = min.filter(|m| value < *m) {
        return Err(field.error(Rule::TooSmall {
            min: min.to_string(),
        }));
    }
    if let Some(max) = max.filter(|m| value > *m) {
        return Err(field.error(Rule::TooLarge {
            max: max.to_string(),
        }));
    }
    Ok(())
}

/// Number bounds, each inclusive unless marked exclusive.
pub fn range_f64<'f>(
    field: impl Into<Field<'f>>,
    value: &impl Maybe<f64>,
    min: Option<f64>,
    max: Option<f64>,
    exclusive_min: bool,
    exclusive_max: bool,
) -> Result<(), ValidationError> {
    let Some(&value) = value.get() else {
        return Ok(());
    };
    let field = field.into();
    if !value.is_finite() {
        return Err(field.error(Rule::NotEncodable {
            reason: "not a finite number".into(),
        }));
    }
    if let Some(min) = min.filter(|m| {
        if exclusive_min {
            value <= *m
        } else {
            value < *m
        }
    }) {
        let min = if exclusive_min {
            format!("{min} (exclusive)")
        } else {
            min.to_string()
        };
        return Err(field.error(Rule::TooSmall { min }));
    }
    if let Some(max) = max.filter(|m| {
        if exclusive_max {
            value >= *m
        } else {
            value > *m
        }
    }) {
        let max = if exclusive_max {
            format!("{max} (exclusive)")
        } else {
            max.to_string()
        };
        return Err(field.error(Rule::TooLarge { max }));
    }
    Ok(())
}

/// Number of array items.
pub fn items<'f, T>(
    field: impl Into<Field<'f>>,
    values: &impl Maybe<[T]>,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    let actual = values.get().map_or(0, <[T]>::len);
    let field = field.into();
    if let Some(min) = min.filter(|m| actual < *m) {
        return Err(field.error(Rule::TooFewItems { min, actual }));
    }
    if let Some(max) = max.filter(|m| actual > *m) {
        return Err(field.error(Rule::TooManyItems { max, actual }));
    }
    Ok(())
}

/// Number of items of an optional array, which is not sent when empty: an empty one passes
/// (not sending the field is allowed), any other has its count checked as by [`items`].
pub fn items_if_sent<'f, T>(
    field: impl Into<Field<'f>>,
    values: &impl Maybe<[T]>,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    match values.get() {
        Some(v) if !v.is_empty() => items(field, values, min, max),
        _ => Ok(()),
    }
}

/// Checks each item of an array with `check`, which gets the item's field
/// (`Details.Fields[3]`) and the item.
pub fn each<'f, T>(
    field: impl Into<Field<'f>>,
    values: &impl Maybe<[T]>,
    mut check: impl FnMut(&Field<'_>, &T) -> Result<(), ValidationError>,
) -> Result<(), ValidationError> {
    let field = field.into();
    for (i, value) in values.get().unwrap_or_default().iter().enumerate() {
        check(&field.index(i), value)?;
    }
    Ok(())
}

/// Length in characters of the JSON text the value is sent as.
pub fn json_length<'f, T: serde::Serialize + ?Sized>(
    field: impl Into<Field<'f>>,
    value: &impl Maybe<T>,
    max: usize,
) -> Result<(), ValidationError> {
    let Some(value) = value.get() else {
        return Ok(());
    };
    let field = &field.into();
    let text = serde_json::to_string(value).map_err(|e| {
        field.error(Rule::NotEncodable {
            reason: e.to_string(),
        })
    })?;
    length_of(field, &text, None, Some(max)).map_err(|_| {
        field.error(Rule::JsonTooLong {
            max,
            actual: text.chars().count(),
        })
    })
}

/// Each value of a JSON object sent as one field (a map of the spec, kept as
/// `BTreeMap<String, serde_json::Value>` so that any JSON can be built and read back)
/// must be of the type the spec gives its values (`additionalProperties`), here `T`, and
/// pass `check`, which is called with the field of the key (`HiddenDetails.ip`) and the
/// value as a `T`. `expected` names `T` in errors.
///
/// ```
/// use std::collections::BTreeMap;
/// use twilio_openapi_runtime::validate::{Field, Rule, map_values};
///
/// let mut map = BTreeMap::new();
/// map.insert("ip".to_owned(), serde_json::json!("192.0.2.10"));
/// let field = Field::name("HiddenDetails");
/// assert!(map_values(field, &map, "string", |_, _: &String| Ok(())).is_ok());
/// map.insert("attempt".to_owned(), serde_json::json!(3));
/// let e = map_values(field, &map, "string", |_, _: &String| Ok(())).unwrap_err();
/// assert_eq!(e.field, "HiddenDetails.attempt");
/// assert_eq!(e.rule, Rule::WrongType { expected: "string", actual: "number" });
/// ```
pub fn map_values<'f, 'v, T: serde::Deserialize<'v>>(
    field: impl Into<Field<'f>>,
    map: &'v impl Maybe<crate::JsonObject>,
    expected: &'static str,
    mut check: impl FnMut(&Field<'_>, &T) -> Result<(), ValidationError>,
) -> Result<(), ValidationError> {
    let Some(map) = map.get() else {
        return Ok(());
    };
    let field = field.into();
    for (key, value) in map {
        let field = field.key(key);
        let typed = T::deserialize(value).map_err(|_| {
            field.error(Rule::WrongType {
                expected,
                actual: json_kind(value),
            })
        })?;
        check(&field, &typed)?;
    }
    Ok(())
}

/// [`map_values`] with no check beyond the type: `map_value_type::<String>(..., "string")`.
pub fn map_value_type<'f, 'v, T: serde::Deserialize<'v>>(
    field: impl Into<Field<'f>>,
    map: &'v impl Maybe<crate::JsonObject>,
    expected: &'static str,
) -> Result<(), ValidationError> {
    map_values(field, map, expected, |_, _: &T| Ok(()))
}

/// The kind of a JSON value, as JSON Schema's `type` names it (but `number` for integers).
fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Enum values must be ones the spec lists: strict out. An `Unknown` built by hand around
/// a listed value counts as that value. A listed variant is checked without rendering its
/// text; only an `Unknown` is compared by text.
///
/// ```
/// use twilio_openapi_runtime::validate::known;
///
/// /// An order.
/// #[derive(Debug, Clone, PartialEq)]
/// pub enum Order {
///     /// `asc`
///     Asc,
///     /// Any other value.
///     Unknown(String),
/// }
/// impl twilio_openapi_runtime::StringEnum for Order {
///     const VALUES: &'static [(Self, &'static str)] = &[(Self::Asc, "asc")];
/// }
/// twilio_openapi_runtime::string_enum!(Order);
///
/// assert!(known("Order", &Order::Asc).is_ok());
/// assert!(known("Order", &None::<Order>).is_ok());
/// assert!(known("Order", &Order::Unknown("asc".into())).is_ok());
/// let e = known("Order", &Some(Order::Unknown("sideways".into()))).unwrap_err();
/// assert!(e.to_string().contains("sideways"), "{e}");
/// ```
pub fn known<'f, E: StringEnum + fmt::Display>(
    field: impl Into<Field<'f>>,
    value: &impl Maybe<E>,
) -> Result<(), ValidationError> {
    let Some(value) = value.get() else {
        return Ok(());
    };
    // A listed variant: found by comparison, without rendering its text.
    if E::VALUES.iter().any(|(listed, _)| listed == value) {
        return Ok(());
    }
    // `Unknown`: its text decides.
    let text = value.to_string();
    if E::VALUES.iter().any(|(_, wire)| *wire == text) {
        Ok(())
    } else {
        Err(field.into().error(Rule::UnknownValue { value: text }))
    }
}

/// A number or boolean must be one of the values the spec's `enum` lists: strict out.
///
/// ```
/// use twilio_openapi_runtime::validate::allowed;
///
/// assert!(allowed("Priority", &2, &[1, 2, 3]).is_ok());
/// assert!(allowed("Priority", &None::<i64>, &[1, 2, 3]).is_ok());
/// let e = allowed("Priority", &Some(7_i64), &[1, 2, 3]).unwrap_err();
/// assert_eq!(e.to_string(), "`Priority` has the value `7`, which the spec does not list");
/// ```
pub fn allowed<'f, T: PartialEq + fmt::Display>(
    field: impl Into<Field<'f>>,
    value: &impl Maybe<T>,
    values: &[T],
) -> Result<(), ValidationError> {
    match value.get() {
        Some(v) if !values.contains(v) => Err(field.into().error(Rule::UnknownValue {
            value: v.to_string(),
        })),
        _ => Ok(()),
    }
}

/// A SID must be well formed and of its kind (`Sid::check`), when there is one.
pub fn sid<'f, K: SidKind>(
    field: impl Into<Field<'f>>,
    value: &impl Maybe<Sid<K>>,
) -> Result<(), ValidationError> {
    match value.get() {
        Some(sid) => sid.check(&field.into()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_render_as_wire_paths() {
        let root = Field::name("Details.Fields");
        let item = root.index(3);
        let label = item.key("label");
        assert_eq!(label.to_string(), "Details.Fields[3].label");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let f = Field::name("X");
        assert!(length(f, "ééé", None, Some(3)).is_ok());
        let e = length(f, "éééé", None, Some(3)).unwrap_err();
        assert_eq!(e.rule, Rule::TooLong { max: 3, actual: 4 });
        assert_eq!(e.to_string(), "`X` is 4 characters long; at most 3 allowed");
    }

    #[test]
    fn a_pattern_that_does_not_compile_matches_nothing() {
        static BROKEN: Pattern = Pattern::new("(");
        let f = Field::name("X");
        for value in ["", "anything", "("] {
            let e = BROKEN.check(f, value).unwrap_err();
            assert_eq!(e.rule, Rule::Pattern { pattern: "(" });
        }
    }

    #[test]
    fn a_pattern_checks_the_whole_value_as_the_spec_anchors_it() {
        static SID: Pattern = Pattern::new("^YF[0-9a-fA-F]{32}$");
        let f = Field::name("FactorSid");
        assert!(SID.check(f, "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_ok());
        let e = SID.check(f, "YFaaaa").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`FactorSid` does not match the pattern `^YF[0-9a-fA-F]{32}$`"
        );
        assert_eq!(SID.as_str(), "^YF[0-9a-fA-F]{32}$");
    }
}
