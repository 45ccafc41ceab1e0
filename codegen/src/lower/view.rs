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
    /// The values of an `enum` that are neither strings nor null: numbers or booleans
    /// (a check on a scalar, see `checks.rs`), or anything else (refused).
    pub(super) values: Vec<serde_json::Value>,
    pub(super) all_of: &'a [ReferenceOr<Schema>],
    /// `oneOf`, `anyOf` (a union, see `unions.rs`) or `not` (refused).
    pub(super) composition: Option<Composition>,
    /// The schemas of `oneOf` or `anyOf`.
    pub(super) members: &'a [ReferenceOr<Schema>],
}

/// The keywords of a schema that lowering reads.
pub(super) fn view(schema: &Schema) -> View<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => string_view(s),
        SchemaKind::Type(Type::Integer(i)) => integer_view(i),
        SchemaKind::Type(Type::Number(n)) => number_view(n),
        SchemaKind::Type(Type::Boolean(b)) => View {
            kind: Some(Kind::Boolean),
            values: b
                .enumeration
                .iter()
                .flatten()
                .map(|b| (*b).into())
                .collect(),
            ..View::default()
        },
        SchemaKind::Type(Type::Object(o)) => View {
            kind: Some(Kind::Object),
            properties: Some(&o.properties),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
            ..View::default()
        },
        SchemaKind::Type(Type::Array(a)) => View {
            kind: Some(Kind::Array),
            items: a.items.as_ref(),
            min_items: a.min_items,
            max_items: a.max_items,
            ..View::default()
        },
        SchemaKind::AllOf { all_of } => View {
            all_of,
            ..View::default()
        },
        SchemaKind::OneOf { one_of } => View {
            composition: Some(Composition::OneOf),
            members: one_of,
            ..View::default()
        },
        SchemaKind::AnyOf { any_of } => View {
            composition: Some(Composition::AnyOf),
            members: any_of,
            ..View::default()
        },
        SchemaKind::Not { .. } => View {
            composition: Some(Composition::Not),
            ..View::default()
        },
        SchemaKind::Any(a) => any_view(a),
    }
}

/// A `type: string` schema as `openapiv3` reads it.
fn string_view(s: &openapiv3::StringType) -> View<'_> {
    View {
        kind: Some(Kind::String),
        format: match &s.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(f) => Some(match f {
                openapiv3::StringFormat::Date => "date",
                openapiv3::StringFormat::DateTime => "date-time",
                openapiv3::StringFormat::Password => "password",
                openapiv3::StringFormat::Byte => "byte",
                openapiv3::StringFormat::Binary => "binary",
            }),
            openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
            openapiv3::VariantOrUnknownOrEmpty::Empty => None,
        },
        pattern: s.pattern.as_deref(),
        min_length: s.min_length,
        max_length: s.max_length,
        enumeration: s.enumeration.clone(),
        ..View::default()
    }
}

/// A `type: integer` schema as `openapiv3` reads it.
fn integer_view(i: &openapiv3::IntegerType) -> View<'_> {
    View {
        kind: Some(Kind::Integer),
        format: match &i.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                Some("int32")
            }
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => {
                Some("int64")
            }
            openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
            openapiv3::VariantOrUnknownOrEmpty::Empty => None,
        },
        minimum: i.minimum.map(|m| m as f64),
        maximum: i.maximum.map(|m| m as f64),
        exclusive_minimum: i.exclusive_minimum,
        exclusive_maximum: i.exclusive_maximum,
        values: i
            .enumeration
            .iter()
            .flatten()
            .map(|i| (*i).into())
            .collect(),
        ..View::default()
    }
}

/// A `type: number` schema as `openapiv3` reads it.
fn number_view(n: &openapiv3::NumberType) -> View<'_> {
    View {
        kind: Some(Kind::Number),
        minimum: n.minimum,
        maximum: n.maximum,
        exclusive_minimum: n.exclusive_minimum,
        exclusive_maximum: n.exclusive_maximum,
        values: n
            .enumeration
            .iter()
            .flatten()
            .map(|n| (*n).into())
            .collect(),
        ..View::default()
    }
}

/// A schema that `openapiv3` could not file under one type, with every keyword it kept;
/// without a `type`, `properties` or `additionalProperties` imply an object and `items`
/// an array.
fn any_view(a: &openapiv3::AnySchema) -> View<'_> {
    let mut v = View {
        kind: a.typ.as_deref().map(Kind::parse),
        format: a.format.as_deref(),
        pattern: a.pattern.as_deref(),
        min_length: a.min_length,
        max_length: a.max_length,
        minimum: a.minimum,
        maximum: a.maximum,
        exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
        exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
        properties: (!a.properties.is_empty()).then_some(&a.properties),
        required: &a.required,
        additional: a.additional_properties.as_ref(),
        items: a.items.as_ref(),
        min_items: a.min_items,
        max_items: a.max_items,
        all_of: &a.all_of,
        composition: any_composition(a),
        members: if a.one_of.is_empty() {
            &a.any_of
        } else {
            &a.one_of
        },
        ..View::default()
    };
    for e in &a.enumeration {
        match e {
            serde_json::Value::String(s) => v.enumeration.push(Some(s.clone())),
            serde_json::Value::Null => v.enumeration.push(None),
            other => v.values.push(other.clone()),
        }
    }
    if v.kind.is_none() {
        if v.properties.is_some() || v.additional.is_some() {
            v.kind = Some(Kind::Object);
        } else if v.items.is_some() {
            v.kind = Some(Kind::Array);
        }
    }
    v
}

/// The composition keyword of a schema that `openapiv3` could not file under one type.
fn any_composition(a: &openapiv3::AnySchema) -> Option<Composition> {
    if !a.one_of.is_empty() {
        Some(Composition::OneOf)
    } else if !a.any_of.is_empty() {
        Some(Composition::AnyOf)
    } else if a.not.is_some() {
        Some(Composition::Not)
    } else {
        None
    }
}

/// Whether a schema becomes a named Rust type: an enum, a struct (also an `allOf` of
/// several objects, merged) or a union.
pub(super) fn is_named_kind(v: &View<'_>) -> bool {
    is_enum_kind(v)
        || v.properties.is_some_and(|p| !p.is_empty())
        || is_union_kind(v)
        || v.all_of.len() > 1
}

/// Whether a schema becomes a union (`oneOf` or `anyOf`).
pub(super) fn is_union_kind(v: &View<'_>) -> bool {
    matches!(v.composition, Some(Composition::OneOf | Composition::AnyOf))
}

/// Whether the schema is an integer, number or boolean whose `enum` lists values of its
/// own type only (checked before sending, see `checks.rs`).
pub(super) fn is_scalar_enum(v: &View<'_>) -> bool {
    let fits: fn(&serde_json::Value) -> bool = match v.kind {
        Some(Kind::Integer) => |x| x.is_i64(),
        Some(Kind::Number) => serde_json::Value::is_number,
        Some(Kind::Boolean) => serde_json::Value::is_boolean,
        _ => return false,
    };
    v.enumeration.iter().all(Option::is_none) && v.values.iter().all(fits)
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

/// A composition keyword: `oneOf` and `anyOf` make unions, `not` is refused.
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
