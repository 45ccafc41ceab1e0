//! Sample calls (the `samples` setting): for each operation, values for its request that
//! its spec accepts. A value is the spec's example where it gives one that fits the field
//! (its type and checks): the parameter's or property's own `example`, or the request
//! body's first example. Otherwise it is made from the field: a SID of its prefix, a string
//! matching its pattern or of its format (`uri`, `email`, `phone-number`, ...) and length,
//! a number within its range, an enum's first value, a date-time. Every required field has
//! a value; an optional one has one when the spec gives an example for it.
//!
//! Decided here, once, from the settled model and the raw tree (for the examples and
//! formats the model does not keep); the emitter prints the values.

use crate::error::Pointer;
use crate::ir::*;
use crate::names;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

/// The date-time of every made sample: 2026-01-02T03:04:05Z.
const DATE_TIME: i64 = 1_767_323_045;
/// How deep a made value's structs nest before making gives up (a struct that requires
/// itself would otherwise never end).
const MAX_DEPTH: usize = 8;

/// One sample per operation of `api`, in operation order; `raw` is the spec it was lowered
/// from.
pub(crate) fn decide(api: &Api, raw: &Yaml) -> Vec<Sample> {
    let maker = Maker { api, raw };
    (0..api.operations.len())
        .map(|operation| {
            let op = &api.operations[operation];
            Sample {
                operation,
                builder: if op.fn_name == names::SAMPLES_RUNNER {
                    format!("{}_request", names::SAMPLES_RUNNER)
                } else {
                    op.fn_name.clone()
                },
                values: maker.operation(op),
            }
        })
        .collect()
}

struct Maker<'a> {
    api: &'a Api,
    raw: &'a Yaml,
}

/// Where a field's value is described: its schema node in the raw tree, if found, and the
/// example given for it, if any.
struct Source<'a> {
    schema: Option<&'a Yaml>,
    example: Option<Json>,
}

impl<'a> Maker<'a> {
    fn operation(&self, op: &Operation) -> Result<Vec<(usize, SampleValue)>, String> {
        let body_example = op
            .body
            .as_ref()
            .and_then(|b| self.body_example(&op.origin, &b.media_type));
        let mut values = Vec::new();
        for (i, p) in op.params.iter().enumerate() {
            let f = &p.field;
            let mut source = self.source(&f.origin);
            let from_body = match p.location {
                Location::JsonBody => body_example.clone(),
                Location::Form => body_example.as_ref().and_then(|e| e.get(&f.wire)).cloned(),
                Location::Path | Location::Query | Location::Header => None,
            };
            source.example = from_body.or(source.example);
            if !f.required && source.example.is_none() {
                continue;
            }
            let value = self
                .value(&f.ty, &f.checks, &source, 0)
                .map_err(|why| format!("{} `{}`: {why}", p.location.name(), f.wire))?;
            values.push((i, value));
        }
        Ok(values)
    }

    /// The schema node and own example of the field whose origin is `origin`: a parameter
    /// (its `schema`) or a schema itself.
    fn source(&self, origin: &Pointer) -> Source<'a> {
        let node = crate::raw::at(self.raw, origin);
        let param_example = node.and_then(|n| n.get("example"));
        let schema = node
            .map(|n| n.get("schema").unwrap_or(n))
            .map(|n| self.deref(n));
        let example = param_example
            .or_else(|| schema.and_then(|s| s.get("example")))
            .and_then(json);
        Source { schema, example }
    }

    /// The first example of an operation's request body in `media_type`: its `example`, else
    /// the first of its `examples`.
    fn body_example(&self, op: &Pointer, media_type: &str) -> Option<Json> {
        let content = crate::raw::at(self.raw, &op.at("requestBody").at("content").at(media_type))?;
        let example = content.get("example").or_else(|| {
            let first = content.get("examples")?.as_mapping()?.values().next()?;
            self.deref(first).get("value")
        })?;
        json(example)
    }

    /// `node`, or what its `$ref` points to when it is a local reference.
    fn deref(&self, node: &'a Yaml) -> &'a Yaml {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            let Some(target) = node
                .get("$ref")
                .and_then(Yaml::as_str)
                .and_then(Pointer::from_ref)
                .and_then(|p| crate::raw::at(self.raw, &p))
            else {
                break;
            };
            node = target;
        }
        node
    }

    /// The child schema `key` (`items`) of a schema node.
    fn child(&self, schema: Option<&'a Yaml>, key: &str) -> Option<&'a Yaml> {
        schema.and_then(|s| s.get(key)).map(|n| self.deref(n))
    }

    /// A value of type `ty` that passes `checks`: the example when it fits, else a made one.
    fn value(
        &self,
        ty: &Ty,
        checks: &[Check],
        source: &Source<'a>,
        depth: usize,
    ) -> Result<SampleValue, String> {
        if depth > MAX_DEPTH {
            return Err("nests too deep to make a value".into());
        }
        if let Some(value) = source
            .example
            .as_ref()
            .and_then(|e| self.fit(ty, checks, source.schema, e, depth))
        {
            return Ok(value);
        }
        self.made(ty, checks, source.schema, depth)
    }

    /// The example `e` as a value of `ty`, if it is one and passes `checks`.
    fn fit(
        &self,
        ty: &Ty,
        checks: &[Check],
        schema: Option<&'a Yaml>,
        e: &Json,
        depth: usize,
    ) -> Option<SampleValue> {
        let format = schema.and_then(|s| s.get("format")).and_then(Yaml::as_str);
        let value = match (ty, e) {
            (Ty::String, Json::String(s)) if of_format_shape(format, s) => {
                SampleValue::Text(s.clone())
            }
            (Ty::Sid(name), Json::String(s)) => {
                let prefix = self.sid_prefix(name)?;
                let hex = s.strip_prefix(prefix)?;
                let ok = hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit());
                ok.then(|| SampleValue::Text(s.clone()))?
            }
            (Ty::Bool, Json::Bool(b)) => SampleValue::Bool(*b),
            (Ty::I32, Json::Number(n)) => {
                SampleValue::Int(n.as_i64().filter(|i| i32::try_from(*i).is_ok())?)
            }
            (Ty::I64, Json::Number(n)) => SampleValue::Int(n.as_i64()?),
            (Ty::F64, Json::Number(n)) => SampleValue::Float(n.as_f64()?),
            (Ty::Any, e) => SampleValue::Json(e.clone()),
            (Ty::Map(_), Json::Object(_)) => SampleValue::Json(e.clone()),
            (Ty::Vec(inner), Json::Array(items)) => {
                let each = each_checks(checks);
                let items_schema = self.child(schema, "items");
                let values = items
                    .iter()
                    .map(|i| self.fit(inner, each, items_schema, i, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                SampleValue::List(values)
            }
            (Ty::Named(id), e) => return self.fit_named(*id, e, depth),
            _ => return None,
        };
        passes(checks, &value).then_some(value)
    }

    fn fit_named(&self, id: TypeId, e: &Json, depth: usize) -> Option<SampleValue> {
        match self.api.type_def(id) {
            TypeDef::Enum(def) => {
                let wire = e.as_str()?;
                let v = def.variants.iter().find(|v| v.wire == wire)?;
                Some(SampleValue::Variant(v.ident.clone()))
            }
            TypeDef::Struct(def) => {
                let object = e.as_object()?;
                self.structure(def, Some(object), depth).ok()
            }
            TypeDef::Union(def) => def.variants.iter().find_map(|v| {
                let value = self.fit(&v.ty, &v.checks, None, e, depth + 1)?;
                Some(SampleValue::Union(v.ident.clone(), Box::new(value)))
            }),
        }
    }

    /// A struct's value: its required fields, and those `example` has a value for.
    fn structure(
        &self,
        def: &StructDef,
        example: Option<&serde_json::Map<String, Json>>,
        depth: usize,
    ) -> Result<SampleValue, String> {
        let mut values = Vec::new();
        for (i, f) in def.fields.iter().enumerate() {
            let mut source = self.source(&f.origin);
            if let Some(e) = example.and_then(|o| o.get(&f.wire)) {
                source.example = Some(e.clone());
            }
            if !f.required && source.example.is_none() {
                continue;
            }
            let value = self
                .value(&f.ty, &f.checks, &source, depth + 1)
                .map_err(|why| format!("`{}.{}`: {why}", def.name, f.wire))?;
            values.push((i, value));
        }
        Ok(SampleValue::Struct(values))
    }

    /// A value made to satisfy `ty`, `checks` and the schema's format.
    fn made(
        &self,
        ty: &Ty,
        checks: &[Check],
        schema: Option<&'a Yaml>,
        depth: usize,
    ) -> Result<SampleValue, String> {
        let format = schema.and_then(|s| s.get("format")).and_then(Yaml::as_str);
        Ok(match ty {
            Ty::String => SampleValue::Text(made_string(checks, format)?),
            Ty::Sid(name) => {
                let prefix = self
                    .sid_prefix(name)
                    .ok_or_else(|| format!("no prefix for SID type `{name}`"))?;
                SampleValue::Text(format!("{prefix}{}", "a".repeat(32)))
            }
            Ty::Bool => SampleValue::Bool(true),
            Ty::I32 | Ty::I64 => SampleValue::Int(made_number(checks).round() as i64),
            Ty::F64 => SampleValue::Float(made_number(checks)),
            Ty::DateTime => SampleValue::DateTime(DATE_TIME),
            Ty::Date => SampleValue::Date(2026, 1, 2),
            Ty::Any => SampleValue::Json(Json::String("sample".into())),
            Ty::Map(_) => SampleValue::Json(Json::Object(Default::default())),
            Ty::Vec(inner) => {
                let count = checks
                    .iter()
                    .find_map(|c| match c {
                        Check::Items { min, .. } => *min,
                        _ => None,
                    })
                    .unwrap_or(1)
                    .max(1);
                let item = self.made(
                    inner,
                    each_checks(checks),
                    self.child(schema, "items"),
                    depth + 1,
                )?;
                SampleValue::List(vec![item; count as usize])
            }
            Ty::Named(id) => match self.api.type_def(*id) {
                TypeDef::Enum(def) => {
                    let v = def
                        .variants
                        .first()
                        .ok_or_else(|| format!("enum `{}` has no value", def.name))?;
                    SampleValue::Variant(v.ident.clone())
                }
                TypeDef::Struct(def) => self.structure(def, None, depth)?,
                TypeDef::Union(def) => {
                    let v = def
                        .variants
                        .first()
                        .ok_or_else(|| format!("union `{}` has no variant", def.name))?;
                    let value = self.made(&v.ty, &v.checks, None, depth + 1)?;
                    SampleValue::Union(v.ident.clone(), Box::new(value))
                }
            },
            Ty::PageMeta => return Err("paging metadata is never sent".into()),
        })
    }

    fn sid_prefix(&self, name: &str) -> Option<&'a str> {
        let def = self.api.sids.iter().find(|s| s.name == name)?;
        Some(def.prefix.as_str())
    }
}

/// The example as JSON (an example whose keys are not all strings is none).
fn json(example: &Yaml) -> Option<Json> {
    serde_json::to_value(example).ok()
}

/// The checks of each item of an array with `checks`.
fn each_checks(checks: &[Check]) -> &[Check] {
    checks
        .iter()
        .find_map(|c| match c {
            Check::Each(inner) => Some(inner.as_slice()),
            _ => None,
        })
        .unwrap_or(&[])
}

/// Whether a value from an example passes the checks that can be judged here (the others,
/// such as a nested struct's, are judged where that value is made).
fn passes(checks: &[Check], value: &SampleValue) -> bool {
    checks.iter().all(|c| match (c, value) {
        (Check::Length { min, max }, SampleValue::Text(s)) => {
            let n = s.chars().count() as u64;
            min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
        }
        (Check::Pattern(p), SampleValue::Text(s)) => {
            regex_lite::Regex::new(p).is_ok_and(|r| r.is_match(s))
        }
        (Check::Range { .. }, SampleValue::Int(_) | SampleValue::Float(_)) => {
            let x = match value {
                SampleValue::Int(i) => *i as f64,
                SampleValue::Float(f) => *f,
                _ => return false,
            };
            in_range(c, x)
        }
        (Check::Allowed(allowed), SampleValue::Int(i)) => {
            allowed.iter().any(|a| a.as_i64() == Some(*i))
        }
        (Check::Allowed(allowed), SampleValue::Float(f)) => {
            allowed.iter().any(|a| a.as_f64() == Some(*f))
        }
        (Check::Allowed(allowed), SampleValue::Bool(b)) => {
            allowed.iter().any(|a| a.as_bool() == Some(*b))
        }
        (Check::Items { min, max }, SampleValue::List(items)) => {
            let n = items.len() as u64;
            min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
        }
        _ => true,
    })
}

/// Whether `x` is within a `Check::Range`.
fn in_range(range: &Check, x: f64) -> bool {
    let Check::Range {
        min,
        max,
        exclusive_min,
        exclusive_max,
    } = range
    else {
        return true;
    };
    let above = min.is_none_or(|m| if *exclusive_min { x > m } else { x >= m });
    let below = max.is_none_or(|m| if *exclusive_max { x < m } else { x <= m });
    above && below
}

/// A number that passes `checks`: the first allowed value, else 1 moved into the range.
fn made_number(checks: &[Check]) -> f64 {
    if let Some(first) = checks.iter().find_map(|c| match c {
        Check::Allowed(allowed) => allowed.iter().find_map(Json::as_f64),
        _ => None,
    }) {
        return first;
    }
    let mut x: f64 = 1.0;
    for c in checks {
        if let Check::Range {
            min,
            max,
            exclusive_min,
            exclusive_max,
        } = c
        {
            if let Some(m) = min {
                x = x.max(if *exclusive_min { m.floor() + 1.0 } else { *m });
            }
            if let Some(m) = max {
                x = x.min(if *exclusive_max { m.ceil() - 1.0 } else { *m });
            }
        }
    }
    x
}

/// A string that passes `checks`: one matching the pattern when there is one, else one of
/// the format; then padded or cut to the length the checks allow (a pattern's string is
/// kept only if it still matches).
fn made_string(checks: &[Check], format: Option<&str>) -> Result<String, String> {
    let pattern = checks.iter().find_map(|c| match c {
        Check::Pattern(p) => Some(p.as_str()),
        _ => None,
    });
    let mut text = match pattern {
        Some(p) => from_pattern(p).ok_or_else(|| format!("no string made matches `{p}`"))?,
        None => of_format(format).to_owned(),
    };
    let (min, max) = checks
        .iter()
        .find_map(|c| match c {
            Check::Length { min, max } => Some((min.unwrap_or(0), *max)),
            _ => None,
        })
        .unwrap_or((0, None));
    let len = text.chars().count() as u64;
    if len < min {
        text.extend(std::iter::repeat_n('a', (min - len) as usize));
    }
    if let Some(max) = max {
        text = text.chars().take(max as usize).collect();
    }
    if passes(checks, &SampleValue::Text(text.clone())) {
        Ok(text)
    } else {
        Err(format!("no string made passes its checks (made {text:?})"))
    }
}

/// The string formats samples know: the formats' names, a value of each, and, for those
/// JSON Schema validators judge, the shape a value must have (an example such as `myUrl`
/// for a `uri` is not used). A format not listed (Twilio's `phone-number` is, without a
/// shape) takes any string, and gets the word `sample`.
pub(crate) const FORMATS: &[(&[&str], &str, Option<&str>)] = &[
    (
        &["uri", "url"],
        "https://example.com/sample",
        Some(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$"),
    ),
    (
        &["uri-reference"],
        "https://example.com/sample",
        Some(r"^[^\s]*$"),
    ),
    (
        &["email"],
        "sample@example.com",
        Some(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    ),
    (&["phone-number"], "+15005550006", None),
    (&["http-method"], "POST", None),
    (&["iso-country-code"], "US", None),
    (&["date"], "2026-01-02", Some(r"^\d{4}-\d{2}-\d{2}$")),
    (
        &["date-time"],
        "2026-01-02T03:04:05Z",
        Some(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"),
    ),
    (
        &["uuid"],
        "00000000-0000-4000-8000-000000000000",
        Some(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"),
    ),
    (&["ipv4"], "192.0.2.1", Some(r"^(\d{1,3}\.){3}\d{1,3}$")),
    (&["hostname"], "example.com", None),
    (&["twiml"], "<Response></Response>", None),
    (&["currency"], "USD", None),
];

/// The entry of [`FORMATS`] for `format`, if it has one.
fn format_entry(
    format: Option<&str>,
) -> Option<&'static (&'static [&'static str], &'static str, Option<&'static str>)> {
    let format = format?;
    FORMATS.iter().find(|(names, _, _)| names.contains(&format))
}

/// A value of a string format, or a word.
fn of_format(format: Option<&str>) -> &'static str {
    format_entry(format).map_or("sample", |(_, value, _)| value)
}

/// Whether `s` has the shape of the string format `format` (see [`FORMATS`]).
pub(crate) fn of_format_shape(format: Option<&str>, s: &str) -> bool {
    match format_entry(format).and_then(|(_, _, shape)| *shape) {
        Some(shape) => regex_lite::Regex::new(shape).is_ok_and(|r| r.is_match(s)),
        None => true,
    }
}

/// A string the regular expression `pattern` matches, or `None` when none is found: the
/// shortest form of each part (a repetition's fewest, an alternation's first branch, a
/// class's first of `a`, `0`, `A` or else its first printable character), checked by
/// matching it.
pub(crate) fn from_pattern(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    shortest(&hir, &mut out)?;
    let matches = regex_lite::Regex::new(pattern).ok()?.is_match(&out);
    matches.then_some(out)
}

fn shortest(hir: &Hir, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Repetition(rep) => {
            for _ in 0..rep.min {
                shortest(&rep.sub, out)?;
            }
        }
        HirKind::Capture(capture) => shortest(&capture.sub, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                shortest(part, out)?;
            }
        }
        HirKind::Alternation(branches) => shortest(branches.first()?, out)?,
    }
    Some(())
}

/// A character of a class: `a`, `0` or `A` when the class has it, else its first printable
/// one.
fn pick(ranges: &[(char, char)]) -> Option<char> {
    let has = |c: char| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
    ['a', '0', 'A'].into_iter().find(|&c| has(c)).or_else(|| {
        ranges.iter().find_map(|&(lo, hi)| {
            (lo..=hi)
                .take(128)
                .find(|c| !c.is_control() && !c.is_whitespace())
        })
    })
}
