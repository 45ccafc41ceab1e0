//! Work on the raw YAML tree: finding nodes by pointer, putting diagnostics in document
//! order, and the checks that must run before `openapiv3` reads the document.

use crate::error::{Diagnostic, Error, Pointer};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// The child of `node` named by one pointer segment, with its position among its siblings.
pub(crate) fn child<'v>(node: &'v Value, seg: &str) -> Option<(usize, &'v Value)> {
    match node {
        Value::Mapping(m) => m.iter().enumerate().find_map(|(i, (k, v))| {
            let matches = match k {
                Value::String(s) => s == seg,
                Value::Number(n) => n.to_string() == seg,
                Value::Bool(b) => b.to_string() == seg,
                _ => false,
            };
            matches.then_some((i, v))
        }),
        Value::Sequence(s) => {
            let i = seg.parse::<usize>().ok()?;
            s.get(i).map(|v| (i, v))
        }
        _ => None,
    }
}

/// The node at a pointer.
pub(crate) fn at<'v>(root: &'v Value, pointer: &Pointer) -> Option<&'v Value> {
    let mut node = root;
    for seg in pointer.segments() {
        node = child(node, &seg)?.1;
    }
    Some(node)
}

/// Where a pointer's node sits in the document: the positions of the nodes leading to it.
/// A pointer past the end of the document sorts after its last existing ancestor's
/// children.
pub(crate) fn position(root: &Value, pointer: &str) -> Vec<usize> {
    let pointer = Pointer::from_ref(&format!("#{pointer}")).unwrap_or_default();
    let mut node = root;
    let mut out = Vec::new();
    for seg in pointer.segments() {
        match child(node, &seg) {
            Some((i, next)) => {
                out.push(i);
                node = next;
            }
            None => {
                out.push(usize::MAX);
                break;
            }
        }
    }
    out
}

/// Puts diagnostics in document order (a node before its children, siblings as written)
/// and drops exact repeats. The sort is stable: diagnostics about one node keep the order
/// in which they were found.
pub(crate) fn document_order(root: &Value, diags: &mut Vec<Diagnostic>) {
    let mut keyed: Vec<(Vec<usize>, Diagnostic)> = diags
        .drain(..)
        .map(|d| (position(root, &d.pointer), d))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, d) in keyed {
        if !diags.contains(&d) {
            diags.push(d);
        }
    }
}

/// How deep mappings and sequences may nest in a document. Reading a schema into the
/// typed model takes tens of kilobytes of stack per level in a debug build (`openapiv3`
/// reads schemas through several layers of buffering), so past about 65 levels the
/// 2 MiB stack of a test thread overflows; real Twilio specs nest about 20 levels.
pub(crate) const MAX_DEPTH: usize = 48;

/// The first node, in document order, that sits deeper than `MAX_DEPTH` mappings and
/// sequences, with a diagnostic. An explicit stack: the check must not itself recurse.
pub(crate) fn too_deep(root: &Value) -> Option<Diagnostic> {
    /// The children of a node, with their pointer segments; none for a scalar.
    fn children(node: &Value) -> Option<Box<dyn Iterator<Item = (String, &Value)> + '_>> {
        match node {
            Value::Mapping(m) => Some(Box::new(m.iter().map(|(k, v)| {
                let seg = match k {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                (seg, v)
            }))),
            Value::Sequence(s) => Some(Box::new(
                s.iter().enumerate().map(|(i, v)| (i.to_string(), v)),
            )),
            Value::Tagged(t) => children(&t.value),
            _ => None,
        }
    }
    // The segments leading to the node whose children are at the top of `stack`.
    let mut path: Vec<String> = Vec::new();
    let mut stack = vec![children(root)?];
    while let Some(top) = stack.last_mut() {
        let Some((seg, node)) = top.next() else {
            stack.pop();
            path.pop();
            continue;
        };
        let Some(inner) = children(node) else {
            continue;
        };
        path.push(seg);
        if stack.len() >= MAX_DEPTH {
            let pointer = path.iter().fold(Pointer::root(), |p, s| p.at(s));
            return Some(Diagnostic {
                pointer: pointer.to_string(),
                message: format!(
                    "the document nests more than {MAX_DEPTH} levels of mappings and \
                     sequences here, which this generator does not read; flatten the \
                     structure, for instance by moving inner schemas under \
                     #/components/schemas and referring to them with `$ref`"
                ),
            });
        }
        stack.push(inner);
    }
    None
}

/// Numbers that JSON cannot hold (`.nan`, `.inf`, `1e999`): an OpenAPI document must be
/// JSON-compatible, and `openapiv3` mishandles them (it panics on some).
pub(crate) fn non_finite_numbers(root: &Value) -> Vec<Diagnostic> {
    fn walk(node: &Value, at: &Pointer, out: &mut Vec<Diagnostic>) {
        match node {
            Value::Number(n) if n.is_nan() || n.is_infinite() => out.push(Diagnostic {
                pointer: at.to_string(),
                message: format!(
                    "`{n}` is not a number JSON can hold, and OpenAPI documents must be \
                     JSON-compatible; write a finite number"
                ),
            }),
            Value::Mapping(m) => {
                for (k, v) in m {
                    let seg = match k {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => continue,
                    };
                    walk(v, &at.at(seg), out);
                }
            }
            Value::Sequence(s) => {
                for (i, v) in s.iter().enumerate() {
                    walk(v, &at.at(i), out);
                }
            }
            Value::Tagged(t) => walk(&t.value, at, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(root, &Pointer::root(), &mut out);
    out
}

/// The OpenAPI objects whose failures `locate` can pin down, and whose rules the linter
/// checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Document,
    Info,
    Server,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Schema,
    Components,
    SecurityScheme,
}

impl Kind {
    /// The section of `#/components` that holds objects of this kind, and how one of
    /// them is called in messages; `None` for the kinds that have no such section.
    pub(crate) fn component(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Kind::Schema => ("schemas", "a schema"),
            Kind::Parameter => ("parameters", "a parameter"),
            Kind::RequestBody => ("requestBodies", "a request body"),
            Kind::Response => ("responses", "a response"),
            Kind::Header => ("headers", "a header"),
            Kind::SecurityScheme => ("securitySchemes", "a security scheme"),
            Kind::Document
            | Kind::Info
            | Kind::Server
            | Kind::Paths
            | Kind::PathItem
            | Kind::Operation
            | Kind::Responses
            | Kind::MediaType
            | Kind::Encoding
            | Kind::Components => return None,
        })
    }

    fn object_name(self) -> &'static str {
        match self {
            Kind::Document => "OpenAPI Object",
            Kind::Info => "Info Object",
            Kind::Server => "Server Object",
            Kind::Paths => "Paths Object",
            Kind::PathItem => "Path Item Object",
            Kind::Operation => "Operation Object",
            Kind::Parameter => "Parameter Object",
            Kind::RequestBody => "Request Body Object",
            Kind::Responses => "Responses Object",
            Kind::Response => "Response Object",
            Kind::MediaType => "Media Type Object",
            Kind::Encoding => "Encoding Object",
            Kind::Header => "Header Object",
            Kind::Schema => "Schema Object",
            Kind::Components => "Components Object",
            Kind::SecurityScheme => "Security Scheme Object",
        }
    }

    /// Deserializes a node as this object; on failure, the pointer (relative to the node)
    /// and message of the error.
    fn check(self, node: &Value) -> Result<(), (Pointer, String)> {
        use openapiv3 as o;
        match self {
            Kind::Document => de::<o::OpenAPI>(node),
            Kind::Info => de::<o::Info>(node),
            Kind::Server => de::<o::Server>(node),
            Kind::Paths => de::<o::Paths>(node),
            Kind::PathItem => de::<o::PathItem>(node),
            Kind::Operation => de::<o::Operation>(node),
            Kind::Parameter => de::<o::Parameter>(node),
            Kind::RequestBody => de::<o::RequestBody>(node),
            Kind::Responses => de::<o::Responses>(node),
            Kind::Response => de::<o::Response>(node),
            Kind::MediaType => de::<o::MediaType>(node),
            Kind::Encoding => de::<o::Encoding>(node),
            Kind::Header => de::<o::Header>(node),
            Kind::Schema => de::<o::Schema>(node),
            Kind::Components => de::<o::Components>(node),
            Kind::SecurityScheme => de::<o::SecurityScheme>(node),
        }
    }
}

fn de<T: DeserializeOwned>(node: &Value) -> Result<(), (Pointer, String)> {
    serde_path_to_error::deserialize::<_, T>(node.clone())
        .map(|_| ())
        .map_err(|e| (path_pointer(e.path()), e.inner().to_string()))
}

/// A `serde_path_to_error` path as a JSON pointer.
pub(crate) fn path_pointer(path: &serde_path_to_error::Path) -> Pointer {
    let mut pointer = Pointer::root();
    for seg in path.iter() {
        match seg {
            serde_path_to_error::Segment::Map { key } => pointer = pointer.at(key),
            serde_path_to_error::Segment::Seq { index } => pointer = pointer.at(index),
            _ => {}
        }
    }
    pointer
}

/// Every object of a known kind, in document order (a node before its children), with
/// the kind of object that belongs at its place: what `$ref`s stand for too, though they
/// are not followed (what they point at is listed where it is defined).
pub(crate) fn objects(root: &Value) -> Vec<(Pointer, Kind, &Value)> {
    let mut out = Vec::new();
    nodes(root, Pointer::root(), Kind::Document, true, &mut out);
    out
}

/// Every node of a known kind, in document order; `$ref` nodes too when `refs` is set.
fn nodes<'v>(
    node: &'v Value,
    at: Pointer,
    kind: Kind,
    refs: bool,
    out: &mut Vec<(Pointer, Kind, &'v Value)>,
) {
    let Value::Mapping(map) = node else {
        out.push((at, kind, node));
        return;
    };
    // A `$ref` stands for an object defined elsewhere, which is checked there.
    if map.get("$ref").is_some_and(Value::is_string) {
        if refs {
            out.push((at, kind, node));
        }
        return;
    }
    out.push((at.clone(), kind, node));
    let entries = map
        .iter()
        .filter_map(|(k, v)| k.as_str().map(|k| (k, v, at.at(k))));
    for (key, value, here) in entries {
        let each = |out: &mut Vec<_>, kind: Kind| match value {
            Value::Mapping(m) => {
                for (k, v) in m {
                    if let Some(k) = k.as_str().filter(|k| !k.starts_with("x-")) {
                        nodes(v, here.at(k), kind, refs, out);
                    }
                }
            }
            Value::Sequence(s) => {
                for (i, v) in s.iter().enumerate() {
                    nodes(v, here.at(i), kind, refs, out);
                }
            }
            _ => {}
        };
        let one = |out: &mut Vec<_>, kind: Kind| nodes(value, here.clone(), kind, refs, out);
        match (kind, key) {
            (Kind::Document, "info") => one(out, Kind::Info),
            (Kind::Document, "servers") => each(out, Kind::Server),
            (Kind::Document, "paths") => one(out, Kind::Paths),
            (Kind::Document, "components") => one(out, Kind::Components),
            (Kind::Paths, k) if !k.starts_with("x-") => one(out, Kind::PathItem),
            (Kind::PathItem, "parameters") | (Kind::Operation, "parameters") => {
                each(out, Kind::Parameter)
            }
            (Kind::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch")
            | (Kind::PathItem, "trace") => one(out, Kind::Operation),
            (Kind::PathItem | Kind::Operation, "servers") => each(out, Kind::Server),
            (Kind::Operation, "requestBody") => one(out, Kind::RequestBody),
            (Kind::Operation, "responses") => one(out, Kind::Responses),
            (Kind::Responses, k) if !k.starts_with("x-") => one(out, Kind::Response),
            (Kind::Response | Kind::Encoding, "headers") => each(out, Kind::Header),
            (Kind::Response | Kind::RequestBody | Kind::Parameter | Kind::Header, "content") => {
                each(out, Kind::MediaType)
            }
            (Kind::MediaType | Kind::Parameter | Kind::Header, "schema") => one(out, Kind::Schema),
            (Kind::MediaType, "encoding") => each(out, Kind::Encoding),
            (Kind::Schema, "properties") => each(out, Kind::Schema),
            (Kind::Schema, "allOf" | "oneOf" | "anyOf") => each(out, Kind::Schema),
            (Kind::Schema, "items" | "not") => one(out, Kind::Schema),
            (Kind::Schema, "additionalProperties") if value.is_mapping() => one(out, Kind::Schema),
            (Kind::Components, "schemas") => each(out, Kind::Schema),
            (Kind::Components, "parameters") => each(out, Kind::Parameter),
            (Kind::Components, "requestBodies") => each(out, Kind::RequestBody),
            (Kind::Components, "responses") => each(out, Kind::Response),
            (Kind::Components, "headers") => each(out, Kind::Header),
            (Kind::Components, "securitySchemes") => each(out, Kind::SecurityScheme),
            _ => {}
        }
    }
}

/// Why the document is not valid OpenAPI 3.0, as precisely as the typed model allows.
///
/// `openapiv3` reads `$ref`-or-object nodes through an intermediate value, which loses the
/// path to the error (and reports `/paths` for a response that misses its `description`).
/// So every object it knows is read on its own, deepest first; a failure is reported at
/// the object plus the path inside it, unless an object below it already failed.
pub(crate) fn locate(root: &Value) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    nodes(root, Pointer::root(), Kind::Document, false, &mut all);
    // Deepest first; `sort_by_key` is stable, so document order holds within a depth.
    all.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.segments().count()));
    let mut failed: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (pointer, kind, node) in all {
        let prefix = format!("{pointer}/");
        if failed
            .iter()
            .any(|f| f.starts_with(&prefix) || *f == pointer.as_str())
        {
            // Already explained by an object inside this one; mark this one too.
            failed.push(pointer.to_string());
            continue;
        }
        if let Err((inner, message)) = kind.check(node) {
            let full = format!("{pointer}{inner}");
            out.push(Diagnostic {
                pointer: full.clone(),
                message: format!("not a valid {}: {message}", kind.object_name()),
            });
            failed.push(full);
            failed.push(pointer.to_string());
        }
    }
    document_order(root, &mut out);
    out
}

/// An error of `file` with these diagnostics, sorted in the order of the places they
/// point at in the document.
pub(crate) fn in_document_order(
    file: &str,
    raw: &Value,
    mut diagnostics: Vec<Diagnostic>,
) -> Error {
    document_order(raw, &mut diagnostics);
    Error {
        file: file.to_owned(),
        diagnostics,
    }
}
