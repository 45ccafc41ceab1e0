//! What lowering reads of a schema: `View`, the keywords it uses, whatever
//! `openapiv3::SchemaKind` holds them, and the kind of value the schema describes.

use super::*;

/// The keywords of a schema that lowering reads, whatever `SchemaKind` holds them.
#[derive(Default)]
pub(super) struct View<'a> {
    /// The `type`, when the schema gives one (or implies it by `properties` or `items`).
    pub(super) kind: Option<Kind<'a>>,
    pub(super) format: Option<&'a str>,
    pub(super) pattern: Option<&'a str>,
    pub(super) min_length: Option<usize>,
    pub(super) max_length: Option<usize>,
    pub(super) minimum: Option<f64>,
    pub(super) maximum: Option<f64>,
    pub(super) exclusive_minimum: bool,
    pub(super) exclusive_maximum: bool,
    pub(super) properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub(super) required: &'a [String],
    pub(super) additional: Option<&'a AdditionalProperties>,
    pub(super) items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub(super) min_items: Option<usize>,
    pub(super) max_items: Option<usize>,
    pub(super) enumeration: Vec<Option<String>>,
    pub(super) non_string_enum: bool,
    pub(super) all_of: &'a [ReferenceOr<Schema>],
    /// `oneOf`, `anyOf` or `not`, which lowering refuses.
    pub(super) composition: Option<Composition>,
}

pub(super) fn view(schema: &Schema) -> View<'_> {
    let mut v = View::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.kind = Some(Kind::String);
            v.format = match &s.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(f) => Some(match f {
                    openapiv3::StringFormat::Date => "date",
                    openapiv3::StringFormat::DateTime => "date-time",
                    openapiv3::StringFormat::Password => "password",
                    openapiv3::StringFormat::Byte => "byte",
                    openapiv3::StringFormat::Binary => "binary",
                }),
                openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                openapiv3::VariantOrUnknownOrEmpty::Empty => None,
            };
            v.pattern = s.pattern.as_deref();
            v.min_length = s.min_length;
            v.max_length = s.max_length;
            v.enumeration = s.enumeration.clone();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.kind = Some(Kind::Integer);
            v.format = match &i.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                    Some("int32")
                }
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => {
                    Some("int64")
                }
                openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                openapiv3::VariantOrUnknownOrEmpty::Empty => None,
            };
            v.minimum = i.minimum.map(|m| m as f64);
            v.maximum = i.maximum.map(|m| m as f64);
            v.exclusive_minimum = i.exclusive_minimum;
            v.exclusive_maximum = i.exclusive_maximum;
            v.non_string_enum = !i.enumeration.is_empty();
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.kind = Some(Kind::Number);
            v.minimum = n.minimum;
            v.maximum = n.maximum;
            v.exclusive_minimum = n.exclusive_minimum;
            v.exclusive_maximum = n.exclusive_maximum;
            v.non_string_enum = !n.enumeration.is_empty();
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.kind = Some(Kind::Boolean);
            v.non_string_enum = !b.enumeration.is_empty();
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.kind = Some(Kind::Object);
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.kind = Some(Kind::Array);
            v.items = a.items.as_ref();
            v.min_items = a.min_items;
            v.max_items = a.max_items;
        }
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::OneOf { .. } => v.composition = Some(Composition::OneOf),
        SchemaKind::AnyOf { .. } => v.composition = Some(Composition::AnyOf),
        SchemaKind::Not { .. } => v.composition = Some(Composition::Not),
        SchemaKind::Any(a) => {
            v.kind = a.typ.as_deref().map(Kind::parse);
            v.format = a.format.as_deref();
            v.pattern = a.pattern.as_deref();
            v.min_length = a.min_length;
            v.max_length = a.max_length;
            v.minimum = a.minimum;
            v.maximum = a.maximum;
            v.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
            v.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
            if !a.properties.is_empty() {
                v.properties = Some(&a.properties);
            }
            v.required = &a.required;
            v.additional = a.additional_properties.as_ref();
            v.items = a.items.as_ref();
            v.min_items = a.min_items;
            v.max_items = a.max_items;
            for e in &a.enumeration {
                match e {
                    serde_json::Value::String(s) => v.enumeration.push(Some(s.clone())),
                    serde_json::Value::Null => v.enumeration.push(None),
                    _ => v.non_string_enum = true,
                }
            }
            v.all_of = &a.all_of;
            if !a.one_of.is_empty() {
                v.composition = Some(Composition::OneOf);
            } else if !a.any_of.is_empty() {
                v.composition = Some(Composition::AnyOf);
            } else if a.not.is_some() {
                v.composition = Some(Composition::Not);
            }
            if v.kind.is_none() {
                if v.properties.is_some() || v.additional.is_some() {
                    v.kind = Some(Kind::Object);
                } else if v.items.is_some() {
                    v.kind = Some(Kind::Array);
                }
            }
        }
    }
    v
}

pub(super) fn is_named_kind(v: &View<'_>) -> bool {
    is_enum_kind(v) || v.properties.is_some_and(|p| !p.is_empty())
}

/// Whether a schema becomes a Rust enum.
pub(super) fn is_enum_kind(v: &View<'_>) -> bool {
    v.kind == Some(Kind::String) && !v.enumeration.is_empty()
}

/// The `type` of a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind<'a> {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// `array`
    Array,
    /// `object`
    Object,
    /// A `type` OpenAPI 3.0 does not know, as written.
    Unknown(&'a str),
}

impl<'a> Kind<'a> {
    /// The types OpenAPI 3.0 knows, as written.
    pub(super) const NAMES: &'static [&'static str] =
        &["string", "integer", "number", "boolean", "array", "object"];

    fn parse(typ: &'a str) -> Self {
        match typ {
            "string" => Kind::String,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "boolean" => Kind::Boolean,
            "array" => Kind::Array,
            "object" => Kind::Object,
            other => Kind::Unknown(other),
        }
    }
}

/// A composition keyword that lowering does not support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Composition {
    /// `oneOf`
    OneOf,
    /// `anyOf`
    AnyOf,
    /// `not`
    Not,
}

impl Composition {
    /// The keyword as written.
    pub(super) fn keyword(self) -> &'static str {
        match self {
            Composition::OneOf => "oneOf",
            Composition::AnyOf => "anyOf",
            Composition::Not => "not",
        }
    }
}
