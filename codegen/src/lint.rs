//! The rules of OpenAPI 3.0 that a document can break while still being read into the
//! typed model, checked on the raw tree before anything is generated from it, as a strict
//! linter would: each problem with its JSON pointer, what is wrong and what to do.
//!
//! Structural rules:
//! - a path key starts with `/`;
//! - a `parameters` list (of a path item or of an operation) names each parameter once,
//!   by name and location (`in`), `$ref`s resolved; header names compare without regard
//!   to case, as HTTP's do. An operation's parameter may still override one of its path
//!   item's with the same name and location: OpenAPI allows that.
//! - an array schema has `items`;
//! - a security requirement names a scheme declared under `#/components/securitySchemes`;
//! - a `$ref` into `#/components` points to the kind of object that belongs where it
//!   stands (a parameter's `$ref` into `#/components/parameters`, and so on).
//!
//! Constraints that no value can meet:
//! - `minimum` above `maximum` (or equal, with either exclusive); `minLength` above
//!   `maxLength`; `minItems` above `maxItems`; `minProperties` above `maxProperties`;
//! - an `enum` value that is not of the schema's `type` (`null` only with `nullable`);
//! - a `default` that is not one of the `enum` values.
//!
//! What the generator does not support (as opposed to what OpenAPI forbids) is refused
//! later, while lowering.

use crate::error::{Diagnostic, Pointer};
use crate::raw::{self, Kind};
use serde_yaml::Value;

/// Every problem of the document, in document order.
pub(crate) fn lint(root: &Value) -> Vec<Diagnostic> {
    let schemes: Vec<&str> = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_mapping)
        .map(|m| m.keys().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (at, kind, node) in raw::objects(root) {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            ref_kind(&at, kind, reference, &mut out);
            continue;
        }
        match kind {
            Kind::Document => security(&at, node, &schemes, &mut out),
            Kind::Paths => path_keys(&at, node, &mut out),
            Kind::PathItem => unique_parameters(root, &at, node, &mut out),
            Kind::Operation => {
                unique_parameters(root, &at, node, &mut out);
                security(&at, node, &schemes, &mut out);
            }
            Kind::Schema => schema(&at, node, &mut out),
            _ => {}
        }
    }
    raw::document_order(root, &mut out);
    out
}

fn problem(out: &mut Vec<Diagnostic>, at: &Pointer, message: String) {
    out.push(Diagnostic {
        pointer: at.to_string(),
        message,
    });
}

/// A value as JSON text, for messages.
fn shown(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "(a value JSON cannot write)".to_owned())
}

// ---------------------------------------------------------------- structure

/// Path keys are appended to the server URL, so they start with `/`.
fn path_keys(at: &Pointer, paths: &Value, out: &mut Vec<Diagnostic>) {
    let Some(paths) = paths.as_mapping() else {
        return;
    };
    for key in paths.keys().filter_map(Value::as_str) {
        if !key.starts_with('/') && !key.starts_with("x-") {
            problem(
                out,
                &at.at(key),
                format!(
                    "path `{key}` does not start with `/`; a path is appended to the server \
                     URL and must start with a slash: write `/{key}`"
                ),
            );
        }
    }
}

/// A `parameters` list names each parameter once (by name and location).
fn unique_parameters(root: &Value, at: &Pointer, owner: &Value, out: &mut Vec<Diagnostic>) {
    let Some(list) = owner.get("parameters").and_then(Value::as_sequence) else {
        return;
    };
    let base = at.at("parameters");
    let mut seen: Vec<(String, &str, Pointer)> = Vec::new();
    for (i, item) in list.iter().enumerate() {
        // A `$ref` counts as the parameter it points at (when it points at one).
        let param = match item.get("$ref").and_then(Value::as_str) {
            Some(r) => match Pointer::from_ref(r).and_then(|p| raw::at(root, &p)) {
                Some(target) => target,
                None => continue,
            },
            None => item,
        };
        let (Some(name), Some(place)) = (
            param.get("name").and_then(Value::as_str),
            param.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        let key = if place == "header" {
            name.to_ascii_lowercase()
        } else {
            name.to_owned()
        };
        let here = base.at(i);
        match seen.iter().find(|(k, p, _)| *k == key && *p == place) {
            Some((_, _, first)) => problem(
                out,
                &here,
                format!(
                    "parameter `{name}` (`in: {place}`) is listed twice (first at {first}); \
                     a parameter is identified by its name and location, so this one would \
                     silently replace the first: remove one, or correct its `name` or `in`"
                ),
            ),
            None => seen.push((key, place, here)),
        }
    }
}

/// Each security requirement names declared schemes.
fn security(at: &Pointer, owner: &Value, schemes: &[&str], out: &mut Vec<Diagnostic>) {
    let Some(requirements) = owner.get("security").and_then(Value::as_sequence) else {
        return;
    };
    let declared = if schemes.is_empty() {
        "none is declared".to_owned()
    } else {
        let names: Vec<String> = schemes.iter().map(|s| format!("`{s}`")).collect();
        format!("declared: {}", names.join(", "))
    };
    for (i, requirement) in requirements.iter().enumerate() {
        let Some(requirement) = requirement.as_mapping() else {
            continue;
        };
        for name in requirement.keys().filter_map(Value::as_str) {
            if !schemes.contains(&name) {
                problem(
                    out,
                    &at.at("security").at(i).at(name),
                    format!(
                        "the security requirement names `{name}`, which is not a scheme under \
                         #/components/securitySchemes ({declared}); declare it there or \
                         correct the name"
                    ),
                );
            }
        }
    }
}

/// The sections of `#/components`, and how one of their objects is called in messages.
const SECTIONS: &[(&str, &str)] = &[
    ("schemas", "a schema"),
    ("responses", "a response"),
    ("parameters", "a parameter"),
    ("examples", "an example"),
    ("requestBodies", "a request body"),
    ("headers", "a header"),
    ("securitySchemes", "a security scheme"),
    ("links", "a link"),
    ("callbacks", "a callback"),
];

/// A `$ref` into `#/components` points into the section of the kind that belongs here.
fn ref_kind(at: &Pointer, kind: Kind, reference: &str, out: &mut Vec<Diagnostic>) {
    let Some((section, wanted)) = kind.component() else {
        return;
    };
    let Some(rest) = reference.strip_prefix("#/components/") else {
        return;
    };
    let found = rest.split('/').next().unwrap_or_default();
    if found == section {
        return;
    }
    if let Some((_, what)) = SECTIONS.iter().find(|(s, _)| *s == found) {
        problem(
            out,
            &at.at("$ref"),
            format!(
                "`$ref: {reference}` points to {what}, but {wanted} belongs here; point to \
                 {wanted} under #/components/{section} (define one there if need be)"
            ),
        );
    }
}

// ---------------------------------------------------------------- schemas

fn schema(at: &Pointer, node: &Value, out: &mut Vec<Diagnostic>) {
    if !node.is_mapping() {
        return;
    }
    let ty = node.get("type").and_then(Value::as_str);
    if ty == Some("array") && node.get("items").is_none() {
        problem(
            out,
            at,
            "an array schema must have `items`, the schema of its elements; add one, such \
             as `items: {type: string}` (or `items: {}` for elements of any type)"
                .to_owned(),
        );
    }
    range(at, node, out);
    for (low, high) in [
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    ] {
        bounds(at, node, low, high, out);
    }
    let nullable = node.get("nullable").and_then(Value::as_bool) == Some(true);
    let Some(values) = node.get("enum").and_then(Value::as_sequence) else {
        return;
    };
    if let Some(ty) = ty {
        for (i, value) in values.iter().enumerate() {
            if let Some(message) = enum_value(ty, value, nullable) {
                problem(out, &at.at("enum").at(i), message);
            }
        }
    }
    if let Some(default) = node.get("default") {
        let allowed = (default.is_null() && nullable) || values.iter().any(|v| same(v, default));
        if !allowed {
            const SHOWN: usize = 8;
            let mut list: Vec<String> = values.iter().take(SHOWN).map(shown).collect();
            if values.len() > SHOWN {
                list.push(format!("and {} more", values.len() - SHOWN));
            }
            problem(
                out,
                &at.at("default"),
                format!(
                    "`default: {}` is not one of the `enum` values ({}), and a default must \
                     be a valid value; make it one of them, or remove `default`",
                    shown(default),
                    list.join(", ")
                ),
            );
        }
    }
}

/// Two values are the same enum value: equal, or numbers of equal value (`1` and `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// `minimum` and `maximum` leave some number.
fn range(at: &Pointer, node: &Value, out: &mut Vec<Diagnostic>) {
    let number = |key: &str| node.get(key).and_then(Value::as_f64);
    let (Some(min), Some(max)) = (number("minimum"), number("maximum")) else {
        return;
    };
    let exclusive = |key: &str| node.get(key).and_then(Value::as_bool) == Some(true);
    let shown = |key: &str| node.get(key).map(self::shown).unwrap_or_default();
    if min > max {
        problem(
            out,
            &at.at("minimum"),
            format!(
                "`minimum: {}` is above `maximum: {}`, so no value can be valid; correct one \
                 of the two",
                shown("minimum"),
                shown("maximum")
            ),
        );
    } else if min == max && (exclusive("exclusiveMinimum") || exclusive("exclusiveMaximum")) {
        problem(
            out,
            &at.at("minimum"),
            format!(
                "`minimum` and `maximum` are both {} and one of them is exclusive, so no \
                 value can be valid; drop `exclusiveMinimum`/`exclusiveMaximum`, or widen \
                 the range",
                shown("minimum")
            ),
        );
    }
}

/// A lower bound (`minLength`, `minItems`, `minProperties`) is not above its upper bound.
fn bounds(at: &Pointer, node: &Value, low: &str, high: &str, out: &mut Vec<Diagnostic>) {
    let count = |key: &str| node.get(key).and_then(Value::as_u64);
    if let (Some(l), Some(h)) = (count(low), count(high)) {
        if l > h {
            problem(
                out,
                &at.at(low),
                format!(
                    "`{low}: {l}` is above `{high}: {h}`, so no value can be valid; correct \
                     one of the two"
                ),
            );
        }
    }
}

/// Why an enum value is not of the schema's type, if it is not.
fn enum_value(ty: &str, value: &Value, nullable: bool) -> Option<String> {
    let (fits, a) = match ty {
        "string" => (value.is_string(), "a string"),
        "integer" => (
            value.as_i64().is_some()
                || value.as_u64().is_some()
                || value.as_f64().is_some_and(|f| f.fract() == 0.0),
            "an integer",
        ),
        "number" => (value.is_number(), "a number"),
        "boolean" => (value.is_bool(), "a boolean"),
        "array" => (value.is_sequence(), "an array"),
        "object" => (value.is_mapping(), "an object"),
        // An unknown type is reported while lowering.
        _ => return None,
    };
    if fits {
        return None;
    }
    if value.is_null() {
        if nullable {
            return None;
        }
        return Some(format!(
            "enum value `null` is not {a}, and the schema is not `nullable: true`; remove \
             the value, or add `nullable: true`"
        ));
    }
    let text = shown(value);
    let fix = if ty == "string" && !value.is_mapping() && !value.is_sequence() {
        format!("quote it (`'{}'`)", text.trim_matches('"'))
    } else {
        format!("write {a}")
    };
    Some(format!(
        "enum value `{text}` is not {a}, as the schema's `type: {ty}` requires; {fix}, or \
         correct `type`"
    ))
}
