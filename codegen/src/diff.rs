//! Explains a spec change in API terms: what it means for users of the generated crate.
//!
//! [`diff`] lowers both specs (as [`lower`](crate::lower::lower) does for generation) and
//! compares the two models, so that every [`Change`] names the Rust item a user sees
//! (`CreateChallengeRequest`, `Client::fetch_challenge`, `ChallengeStatus`) and points into
//! the spec (`#/paths/…/post/requestBody/…/properties/ReviewNote`). Each change prints as
//! one line:
//!
//! ```text
//! compatible: CreateChallengeRequest gains optional field review_note (ReviewNote) #/paths/~1v2~1Services~1{ServiceSid}~1Entities~1{Identity}~1Challenges/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/ReviewNote
//! ```
//!
//! # Rules
//!
//! Changes are judged as a Rust user of the generated crate would judge them
//! (cargo-semver-checks' idea of breaking: code that compiled and worked may stop doing so),
//! from what the generator actually emits: required parameters and fields are arguments of
//! `new`, optional ones are setters and `Option` fields (arrays stay `Vec`, empty when
//! unset); every struct and enum is `#[non_exhaustive]`; enums carry an `Unknown` variant;
//! a struct whose fields are all optional implements `Default`.
//!
//! **breaking**
//! - an operation removed (its `Client` method and request type go; a renamed
//!   `operationId` is a removal plus an addition), its list stream removed, or its
//!   response type changed;
//! - a type, SID type or enum value removed; a SID type's prefix changed; an enum turned
//!   into a struct or back; an enum value whose Rust variant is renamed;
//! - a request parameter or field of a user-built struct that is new and required (a new
//!   argument of `new`);
//! - any change to the arguments `new` takes, in order (`X::new takes (…) (was (…))`): `new`
//!   takes path parameters in path order, then the other required values by wire name, so a
//!   spec that only reorders them changes nothing, and a change here is one that can move a
//!   value to another argument;
//! - a parameter or field removed, or its type changed;
//! - a parameter or field that becomes required (`new` takes it, the setter goes) or stops
//!   being required (`new` no longer takes it, the field becomes an `Option`): both change
//!   signatures that callers use. In a response struct a required field is a plain `T`,
//!   not an `Option<T>`, so there too either direction changes the field's type (arrays
//!   excepted: they are a `Vec` either way, and that change is compatible);
//! - a response struct that gains a required field while it had none (it loses `Default`);
//! - an operation that no longer accepts a kind of credentials it accepted (HTTP Basic, a
//!   bearer token, an OAuth 2.0 client), or that takes credentials where it took none: a
//!   client configured with only the old kind fails with `Error::NoCredentials`;
//! - a constraint of something users send (request parameters, fields of user-built
//!   structs) that is tightened: a larger minimum, a smaller maximum, a new or changed
//!   `pattern`, a new bound. The code still compiles, but a value that was sent before is
//!   now refused by `validate` before any I/O; we count that as breaking. A struct that
//!   users can no longer build (its constructor and setters go) is breaking too.
//!
//! **compatible**
//! - a new operation, list stream, type, SID type or enum value (enums are
//!   `#[non_exhaustive]` and decode values they do not know into `Unknown`);
//! - a new optional parameter or field (structs are `#[non_exhaustive]`, so nobody builds
//!   them with a literal), a new required field of a response struct that already had one;
//! - a loosened constraint of something users send (constraints of response structs are not
//!   checked by the generated code, so their changes give no line at all);
//! - an item that becomes deprecated or stops being so (a `#[deprecated]` warning, not an
//!   error), a parameter marked as personal data or no longer so;
//! - a different wire name, location (query, form field, …), method or path behind the same
//!   Rust item, a different default base URL: the Rust API is the same, what is sent
//!   changes;
//! - an operation that accepts a new kind of credentials, or the same kinds in another
//!   order (a token URL or scopes that change give no line).
//!
//! **docs**: `description`, `summary`, `example`, `examples`, `default` (documented only,
//! never sent) and `externalDocs`, changed, added or removed on a node that both specs have.
//! The item is the nearest generated item at or above that node (`(spec)` when there is
//! none, as for `info.description`).
//!
//! Anything else that leaves the generated API alone (reformatting, comments, key order,
//! tags) gives no line. Lines come in spec order (of the new spec; something removed sorts
//! after what remains of its parent). Pointers point into the new spec, except for
//! removals, which point into the old one.

use crate::emit::requests::location_name;
use crate::error::{Error, Pointer};
use crate::ir::*;
use crate::{media, names, raw};
use serde_yaml::Value;
use std::collections::HashMap;
use std::fmt;

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Code that compiled, or calls that were accepted, may fail.
    Breaking,
    /// Something new or more permissive; existing code keeps working.
    Compatible,
    /// Only documentation or examples change.
    Docs,
}

impl Kind {
    /// The word that starts a line: `breaking`, `compatible` or `docs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Breaking => "breaking",
            Kind::Compatible => "compatible",
            Kind::Docs => "docs",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between two specs, in API terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Whether it is breaking, compatible or docs only.
    pub kind: Kind,
    /// The Rust item concerned, such as `CreateChallengeRequest` or `Client::list_challenge`.
    pub item: String,
    /// JSON pointer (RFC 6901) into the new spec, or into the old one for a removal.
    pub pointer: String,
    /// What changes, such as `gains optional field review_note (ReviewNote)`.
    pub message: String,
}

impl fmt::Display for Change {
    /// `kind: item message #pointer`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {} #{}",
            self.kind, self.item, self.message, self.pointer
        )
    }
}

/// Whether any of these changes is breaking.
pub fn is_breaking(changes: &[Change]) -> bool {
    changes.iter().any(|c| c.kind == Kind::Breaking)
}

/// Compares two spec texts (`old_name` and `new_name` name them in error messages) and
/// lists the changes in spec order; see the [module docs](self) for the rules. Fails with
/// the generator's diagnostics when either spec cannot be generated.
pub fn diff(old: &str, old_name: &str, new: &str, new_name: &str) -> Result<Vec<Change>, Error> {
    let old = Side::load(old, old_name)?;
    let new = Side::load(new, new_name)?;
    let mut cx = Diff {
        old: &old,
        new: &new,
        out: Vec::new(),
    };
    cx.client();
    cx.sids();
    cx.types();
    cx.operations();
    cx.docs();
    Ok(cx.finish())
}

// ---------------------------------------------------------------- one spec

/// One spec: its raw tree, its model and where each item of the model comes from.
struct Side {
    raw: Value,
    api: Api,
    at: Locator,
}

impl Side {
    fn load(text: &str, file: &str) -> Result<Self, Error> {
        let (doc, raw) = crate::load(text, file)?;
        let api = crate::lower::lower(file, &doc, &raw)?;
        let at = Locator::new(&raw, &api);
        Ok(Side { raw, api, at })
    }

    /// A type as the user reads it in this spec's generated code.
    fn rust_ty(&self, t: &Ty) -> String {
        match t {
            Ty::String => "String".into(),
            Ty::Bool => "bool".into(),
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::F64 => "f64".into(),
            Ty::DateTime => "DateTime<Utc>".into(),
            Ty::Date => "NaiveDate".into(),
            Ty::Any => "serde_json::Value".into(),
            Ty::Map(v) => format!("BTreeMap<String, {}>", self.rust_ty(v)),
            Ty::Vec(v) => format!("Vec<{}>", self.rust_ty(v)),
            Ty::Sid(n) => n.clone(),
            Ty::Named(id) => self.api.type_name(*id).to_owned(),
            Ty::PageMeta => "PageMeta".into(),
        }
    }

    /// A field's declared type: `Option<T>` unless it is required, an array or paging
    /// metadata.
    fn declared(&self, f: &Field) -> String {
        let t = self.rust_ty(&f.ty);
        if f.required || matches!(f.ty, Ty::Vec(_) | Ty::PageMeta) {
            t
        } else {
            format!("Option<{t}>")
        }
    }
}

/// Where the items of a model are defined in its spec. The model does not keep this, so it
/// is found again by following the spec the way lowering does.
#[derive(Default)]
struct Locator {
    /// Operation (by `operationId`) to its operation object.
    ops: HashMap<String, Pointer>,
    /// Type, SID type or request type (by Rust name) to the schema (or operation) defining it.
    types: HashMap<String, Pointer>,
    /// Field (by owner and Rust name) to its property or parameter.
    fields: HashMap<(String, String), Pointer>,
    /// Every pointer above with the Rust item it stands for, in spec order.
    items: Vec<(Pointer, String)>,
}

impl Locator {
    fn new(raw: &Value, api: &Api) -> Self {
        let mut l = Locator::default();
        for op in &api.operations {
            let at = Pointer::root()
                .at("paths")
                .at(&op.path)
                .at(op.method.as_str().to_ascii_lowercase());
            l.items
                .push((at.clone(), format!("Client::{}", op.fn_name)));
            for p in &op.params {
                let f = &p.field;
                let (site, schema) = match p.location {
                    Location::Form => {
                        let s = settle(raw, body_media(raw, &at, op.body.as_ref()).at("schema"))
                            .at("properties")
                            .at(&f.wire);
                        (s.clone(), s)
                    }
                    Location::JsonBody => {
                        let s = body_media(raw, &at, op.body.as_ref()).at("schema");
                        (s.clone(), s)
                    }
                    Location::Path | Location::Query | Location::Header => {
                        let d = param_def(raw, &op.path, &at, &f.wire, p.location)
                            .unwrap_or_else(|| at.at("parameters"));
                        (d.clone(), d.at("schema"))
                    }
                };
                l.field(&op.request_name, f, site);
                l.visit(raw, api, schema, &f.ty);
            }
            if let (Response::Json(ty), Some(s)) = (&op.response, response_schema(raw, &at)) {
                l.visit(raw, api, s, ty);
            }
            l.types.insert(op.request_name.clone(), at.clone());
            l.ops.insert(op.id.clone(), at);
        }
        // Component types that no operation reaches.
        let schemas = Pointer::root().at("components").at("schemas");
        if let Some(Value::Mapping(m)) = raw::at(raw, &schemas) {
            for key in m.keys().filter_map(key_str) {
                let found = names::component_candidates(&key)
                    .into_iter()
                    .filter(|n| !l.types.contains_key(n))
                    .find_map(|n| api.find_type(&n));
                if let Some(id) = found {
                    l.visit(raw, api, schemas.at(&key), &Ty::Named(id));
                }
            }
        }
        l
    }

    fn field(&mut self, owner: &str, f: &Field, at: Pointer) {
        self.items
            .push((at.clone(), format!("{owner}.{}", f.ident)));
        self.fields.insert((owner.to_owned(), f.ident.clone()), at);
    }

    /// Records the named types met in a value of type `ty` defined at `at`.
    fn visit(&mut self, raw: &Value, api: &Api, at: Pointer, ty: &Ty) {
        let at = settle(raw, at);
        match ty {
            Ty::Named(id) => {
                let name = api.type_name(*id);
                if self.types.contains_key(name) {
                    return;
                }
                self.types.insert(name.to_owned(), at.clone());
                self.items.push((at.clone(), name.to_owned()));
                if let TypeDef::Struct(s) = api.type_def(*id) {
                    for f in &s.fields {
                        let p = at.at("properties").at(&f.wire);
                        self.field(name, f, p.clone());
                        self.visit(raw, api, p, &f.ty);
                    }
                }
            }
            Ty::Vec(inner) => self.visit(raw, api, at.at("items"), inner),
            Ty::Map(inner) => self.visit(raw, api, at.at("additionalProperties"), inner),
            Ty::Sid(name) => {
                self.types.entry(name.clone()).or_insert(at);
            }
            _ => {}
        }
    }

    fn of_type(&self, name: &str) -> Pointer {
        self.types.get(name).cloned().unwrap_or_default()
    }

    fn of_field(&self, owner: &str, ident: &str) -> Pointer {
        self.fields
            .get(&(owner.to_owned(), ident.to_owned()))
            .cloned()
            .unwrap_or_else(|| self.of_type(owner))
    }

    /// The generated item nearest at or above `at`: `A`, or `A (and 2 more)` when one spec
    /// node makes several (a shared parameter).
    fn item_at(&self, at: &Pointer) -> String {
        let at = at.as_str();
        let under = |p: &Pointer| {
            let p = p.as_str();
            at == p || (at.starts_with(p) && at[p.len()..].starts_with('/'))
        };
        let Some(best) = self
            .items
            .iter()
            .filter(|(p, _)| under(p))
            .map(|(p, _)| p.as_str().len())
            .max()
        else {
            return "(spec)".to_owned();
        };
        let mut found: Vec<&str> = Vec::new();
        for (p, item) in &self.items {
            if p.as_str().len() == best && under(p) && !found.contains(&item.as_str()) {
                found.push(item);
            }
        }
        match found.as_slice() {
            [one] => (*one).to_owned(),
            [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
            [] => "(spec)".to_owned(),
        }
    }
}

/// Follows `$ref`s and single-schema `allOf`s from `at` to the node that carries the
/// keywords.
fn settle(raw: &Value, mut at: Pointer) -> Pointer {
    for _ in 0..32 {
        let Some(node) = raw::at(raw, &at) else { break };
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match Pointer::from_ref(r) {
                Some(p) => at = p,
                None => break,
            }
        } else if matches!(node.get("allOf"), Some(Value::Sequence(s)) if s.len() == 1) {
            at = at.at("allOf").at(0);
        } else {
            break;
        }
    }
    at
}

/// The media type object of an operation's request body: the one it is sent as.
fn body_media(raw: &Value, op: &Pointer, body: Option<&BodyMedia>) -> Pointer {
    let at = settle(raw, op.at("requestBody"));
    match body {
        Some(b) => at.at("content").at(&b.media_type),
        None => at,
    }
}

/// The definition of a path, query or header parameter (operation-level first, as those
/// override path-level ones).
fn param_def(raw: &Value, path: &str, op: &Pointer, wire: &str, loc: Location) -> Option<Pointer> {
    let place = match loc {
        Location::Path => "path",
        Location::Query => "query",
        _ => "header",
    };
    let shared = Pointer::root().at("paths").at(path).at("parameters");
    for list in [op.at("parameters"), shared] {
        let Some(Value::Sequence(s)) = raw::at(raw, &list) else {
            continue;
        };
        for i in 0..s.len() {
            let def = settle(raw, list.at(i));
            let node = raw::at(raw, &def);
            let is =
                |k: &str, v: &str| node.and_then(|n| n.get(k)).and_then(Value::as_str) == Some(v);
            if is("name", wire) && is("in", place) {
                return Some(def);
            }
        }
    }
    None
}

/// The schema of an operation's success response (the lowest 2xx code, as lowering picks).
fn response_schema(raw: &Value, op: &Pointer) -> Option<Pointer> {
    let responses = op.at("responses");
    let Some(Value::Mapping(m)) = raw::at(raw, &responses) else {
        return None;
    };
    let mut codes: Vec<String> = m
        .keys()
        .filter_map(key_str)
        .filter(|c| {
            c.eq_ignore_ascii_case("2XX") || c.parse::<u16>().is_ok_and(|n| (200..300).contains(&n))
        })
        .collect();
    codes.sort();
    let response = settle(raw, responses.at(codes.first()?));
    let content = response.at("content");
    let Some(Value::Mapping(m)) = raw::at(raw, &content) else {
        return None;
    };
    let json = m.keys().filter_map(key_str).find(|ct| media::is_json(ct))?;
    Some(content.at(json).at("schema"))
}

fn key_str(k: &Value) -> Option<String> {
    match k {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

// ---------------------------------------------------------------- comparing

struct Diff<'a> {
    old: &'a Side,
    new: &'a Side,
    out: Vec<Change>,
}

/// Pairs items of two lists by key: those of `new` in order (with their old match), then
/// those only in `old`.
fn pairs<'t, T, K: PartialEq>(
    old: &'t [T],
    new: &'t [T],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'t T>, Option<&'t T>)> {
    let mut out: Vec<_> = new
        .iter()
        .map(|n| (old.iter().find(|o| key(o) == key(n)), Some(n)))
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new.iter().any(|n| key(n) == key(o)))
            .map(|o| (Some(o), None)),
    );
    out
}

/// A field together with where a request sends it (`None` in a struct).
#[derive(Clone, Copy)]
struct Slot<'f> {
    location: Option<Location>,
    field: &'f Field,
}

impl<'f> Slot<'f> {
    /// The fields of a struct.
    fn fields(s: &'f StructDef) -> Vec<Self> {
        s.fields
            .iter()
            .map(|field| Slot {
                location: None,
                field,
            })
            .collect()
    }

    /// The parameters of an operation, with where each is sent.
    fn params(op: &'f Operation) -> Vec<Self> {
        op.params
            .iter()
            .map(|p| Slot {
                location: Some(p.location),
                field: &p.field,
            })
            .collect()
    }
}

impl<'a> Diff<'a> {
    fn push(&mut self, kind: Kind, item: impl Into<String>, at: &Pointer, message: String) {
        let change = Change {
            kind,
            item: item.into(),
            pointer: at.to_string(),
            message,
        };
        if !self.out.contains(&change) {
            self.out.push(change);
        }
    }

    /// The changes in the new spec's document order, then the old one's (for what was
    /// removed under one node); stable, so changes at one node keep the order in which they
    /// were found.
    fn finish(self) -> Vec<Change> {
        let (old, new) = (&self.old.raw, &self.new.raw);
        let mut out = self.out;
        out.sort_by_cached_key(|c| {
            (
                raw::position(new, &c.pointer),
                raw::position(old, &c.pointer),
            )
        });
        out
    }

    fn client(&mut self) {
        let (old, new) = (&self.old.api.base_url, &self.new.api.base_url);
        if old != new {
            let at = Pointer::root().at("servers").at(0).at("url");
            self.push(
                Kind::Compatible,
                "Client",
                &at,
                format!("default base URL becomes {new} (was {old})"),
            );
        }
    }

    fn sids(&mut self) {
        let (old, new) = (self.old, self.new);
        for pair in pairs(&old.api.sids, &new.api.sids, |s| s.name.clone()) {
            match pair {
                (None, Some(n)) => self.push(
                    Kind::Compatible,
                    &n.name,
                    &new.at.of_type(&n.name),
                    format!("added (SID type, prefix `{}`)", n.prefix),
                ),
                (Some(o), None) => self.push(
                    Kind::Breaking,
                    &o.name,
                    &old.at.of_type(&o.name),
                    format!("removed (SID type, prefix `{}`)", o.prefix),
                ),
                (Some(o), Some(n)) if o.prefix != n.prefix => self.push(
                    Kind::Breaking,
                    &n.name,
                    &new.at.of_type(&n.name),
                    format!("prefix changes from `{}` to `{}`", o.prefix, n.prefix),
                ),
                _ => {}
            }
        }
    }

    fn types(&mut self) {
        let (old, new) = (self.old, self.new);
        let kind = |t: &TypeDef| match t {
            TypeDef::Enum(_) => "enum",
            TypeDef::Struct(_) => "struct",
            TypeDef::Union(_) => "union",
        };
        for pair in pairs(&old.api.types, &new.api.types, |t| t.name().to_owned()) {
            match pair {
                (None, Some(n)) => self.push(
                    Kind::Compatible,
                    n.name(),
                    &new.at.of_type(n.name()),
                    format!("added ({})", kind(n)),
                ),
                (Some(o), None) => self.push(
                    Kind::Breaking,
                    o.name(),
                    &old.at.of_type(o.name()),
                    format!("removed ({})", kind(o)),
                ),
                (Some(TypeDef::Enum(o)), Some(TypeDef::Enum(n))) => self.enums(o, n),
                (Some(TypeDef::Struct(o)), Some(TypeDef::Struct(n))) => self.structs(o, n),
                (Some(TypeDef::Union(o)), Some(TypeDef::Union(n))) => self.unions(o, n),
                (Some(o), Some(n)) => self.push(
                    Kind::Breaking,
                    n.name(),
                    &new.at.of_type(n.name()),
                    format!("changes from {} to {}", kind(o), kind(n)),
                ),
                (None, None) => {}
            }
        }
    }

    fn enums(&mut self, o: &EnumDef, n: &EnumDef) {
        let (old, new) = (self.old, self.new);
        for pair in pairs(&o.variants, &n.variants, |v| v.wire.clone()) {
            match pair {
                (None, Some(v)) => self.push(
                    Kind::Compatible,
                    &n.name,
                    &enum_value(new, &n.name, &v.wire),
                    format!("gains variant {} (`{}`)", v.ident, v.wire),
                ),
                (Some(v), None) => self.push(
                    Kind::Breaking,
                    &n.name,
                    &enum_value(old, &o.name, &v.wire),
                    format!(
                        "loses variant {} (`{}`; it now decodes as Unknown)",
                        v.ident, v.wire
                    ),
                ),
                (Some(a), Some(b)) if a.ident != b.ident => self.push(
                    Kind::Breaking,
                    &n.name,
                    &enum_value(new, &n.name, &b.wire),
                    format!(
                        "variant {} (`{}`) is renamed to {}",
                        a.ident, b.wire, b.ident
                    ),
                ),
                _ => {}
            }
        }
    }

    /// The shapes of a `oneOf`/`anyOf`. The enum is non-exhaustive with `Unknown`, so a new
    /// shape is compatible (such values decoded as `Unknown` before); a shape removed or
    /// holding another type breaks code that matches on it.
    fn unions(&mut self, o: &UnionDef, n: &UnionDef) {
        let at = self.new.at.of_type(&n.name);
        for pair in pairs(&o.variants, &n.variants, |v| v.ident.clone()) {
            match pair {
                (None, Some(v)) => self.push(
                    Kind::Compatible,
                    &n.name,
                    &at,
                    format!("gains variant {}({})", v.ident, self.new.rust_ty(&v.ty)),
                ),
                (Some(v), None) => self.push(
                    Kind::Breaking,
                    &n.name,
                    &self.old.at.of_type(&o.name),
                    format!(
                        "loses variant {} (such values now decode as Unknown)",
                        v.ident
                    ),
                ),
                (Some(a), Some(b)) if !self.same_ty(&a.ty, &b.ty) => self.push(
                    Kind::Breaking,
                    &n.name,
                    &at,
                    format!(
                        "variant {} changes from {} to {}",
                        b.ident,
                        self.old.rust_ty(&a.ty),
                        self.new.rust_ty(&b.ty)
                    ),
                ),
                _ => {}
            }
        }
        if o.discriminator != n.discriminator {
            self.push(
                Kind::Breaking,
                &n.name,
                &at,
                format!(
                    "is told apart by {} instead of {}",
                    describe_discriminator(n.discriminator.as_deref()),
                    describe_discriminator(o.discriminator.as_deref())
                ),
            );
        }
    }

    fn structs(&mut self, o: &'a StructDef, n: &'a StructDef) {
        let at = self.new.at.of_type(&n.name);
        if o.outgoing != n.outgoing {
            let (kind, message) = if n.outgoing {
                (
                    Kind::Compatible,
                    "can now be built and sent (it gains `new`, setters and `validate`)",
                )
            } else {
                (
                    Kind::Breaking,
                    "is no longer sent in any request: its `new`, setters and `validate` go",
                )
            };
            self.push(kind, &n.name, &at, message.to_owned());
        }
        match (&o.paging, &n.paging) {
            (None, Some(_)) => self.push(
                Kind::Compatible,
                &n.name,
                &at,
                "now implements Paged".to_owned(),
            ),
            (Some(_), None) => self.push(
                Kind::Breaking,
                &n.name,
                &at,
                "no longer implements Paged".to_owned(),
            ),
            _ => {}
        }
        let outgoing = o.outgoing && n.outgoing;
        if outgoing {
            let args = |s: &'a StructDef| s.new_args.iter().filter_map(|&i| s.fields.get(i));
            self.signature(&n.name, &at, args(o), args(n));
        }
        self.fields(&n.name, outgoing, &Slot::fields(o), &Slot::fields(n));
    }

    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        for pair in pairs(&old.api.operations, &new.api.operations, |op| op.id.clone()) {
            match pair {
                (None, Some(n)) => self.whole_operation(Kind::Compatible, "added", new, n),
                (Some(o), None) => self.whole_operation(Kind::Breaking, "removed", old, o),
                (Some(o), Some(n)) => self.operation(o, n),
                (None, None) => {}
            }
        }
    }

    /// An operation added or removed, with its request type and stream.
    fn whole_operation(&mut self, kind: Kind, verb: &str, side: &Side, op: &Operation) {
        let stream = match &op.stream_fn {
            Some(s) => format!(" and Client::{s}"),
            None => String::new(),
        };
        self.push(
            kind,
            format!("Client::{}", op.fn_name),
            &side.at.ops.get(&op.id).cloned().unwrap_or_default(),
            format!(
                "{verb} ({} {}), with request type {}{stream}",
                op.method.as_str(),
                op.path,
                op.request_name
            ),
        );
    }

    /// An operation that both specs have: its names, what it sends and returns, its
    /// stream, and its parameters.
    fn operation(&mut self, o: &'a Operation, n: &'a Operation) {
        let at = self.new.at.ops.get(&n.id).cloned().unwrap_or_default();
        let item = format!("Client::{}", n.fn_name);
        self.operation_renames(o, n, &at);
        if (o.method, &o.path) != (n.method, &n.path) {
            self.push(
                Kind::Compatible,
                &item,
                &at,
                format!(
                    "now sends {} {} (was {} {})",
                    n.method.as_str(),
                    n.path,
                    o.method.as_str(),
                    o.path
                ),
            );
        }
        if !self.same_response(&o.response, &n.response) {
            let show = |side: &Side, r: &Response| match r {
                Response::Json(t) => side.rust_ty(t),
                Response::Empty => "()".to_owned(),
                Response::Redirect => "Redirect".to_owned(),
            };
            self.push(
                Kind::Breaking,
                &item,
                &at,
                format!(
                    "returns {} instead of {}",
                    show(self.new, &n.response),
                    show(self.old, &o.response)
                ),
            );
        }
        self.stream(&o.stream_fn, &n.stream_fn, &at);
        if o.deprecated != n.deprecated {
            self.push(
                Kind::Compatible,
                &item,
                &at,
                now(n.deprecated, "deprecated"),
            );
        }
        self.security(&item, &at, &o.security, &n.security);
        let args = |op: &'a Operation| {
            op.new_args
                .iter()
                .filter_map(|&i| op.params.get(i).map(|p| &p.field))
        };
        self.signature(&n.request_name, &at, args(o), args(n));
        self.fields(&n.request_name, true, &Slot::params(o), &Slot::params(n));
    }

    /// The arguments of `owner::new` (and of the handle method that calls it), in order:
    /// any change to them changes which value goes where in code that calls it, even when
    /// that code still compiles, so it is breaking, with the old and new order.
    fn signature<'f>(
        &mut self,
        owner: &str,
        at: &Pointer,
        old: impl Iterator<Item = &'f Field>,
        new: impl Iterator<Item = &'f Field>,
    ) {
        let show = |side: &Side, args: &mut dyn Iterator<Item = &'f Field>| {
            let list: Vec<String> = args
                .map(|f| format!("{}: {}", f.ident, side.rust_ty(&f.ty)))
                .collect();
            format!("({})", list.join(", "))
        };
        let (was, now) = (show(self.old, &mut { old }), show(self.new, &mut { new }));
        if was != now {
            self.push(
                Kind::Breaking,
                format!("{owner}::new"),
                at,
                format!("takes {now} (was {was})"),
            );
        }
    }

    /// A renamed client method or request type of one operation.
    fn operation_renames(&mut self, o: &Operation, n: &Operation, at: &Pointer) {
        if o.fn_name != n.fn_name {
            self.push(
                Kind::Breaking,
                format!("Client::{}", o.fn_name),
                at,
                format!("is renamed to Client::{}", n.fn_name),
            );
        }
        if o.request_name != n.request_name {
            self.push(
                Kind::Breaking,
                &o.request_name,
                at,
                format!("is renamed to {}", n.request_name),
            );
        }
    }

    /// The list stream of one operation added, removed or renamed.
    fn stream(&mut self, old: &Option<String>, new: &Option<String>, at: &Pointer) {
        match (old, new) {
            (None, Some(s)) => self.push(
                Kind::Compatible,
                format!("Client::{s}"),
                at,
                "added (streams every item of every page)".to_owned(),
            ),
            (Some(s), None) => self.push(
                Kind::Breaking,
                format!("Client::{s}"),
                at,
                "removed".to_owned(),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                Kind::Breaking,
                format!("Client::{a}"),
                at,
                format!("is renamed to Client::{b}"),
            ),
            _ => {}
        }
    }

    /// The ways an operation accepts to be called: breaking when a kind of credentials it
    /// accepted no longer is (a client configured with only that kind now fails), compatible
    /// when kinds are only added or reordered.
    fn security(&mut self, item: &str, at: &Pointer, old: &[Auth], new: &[Auth]) {
        let kinds = |list: &[Auth]| -> Vec<&'static str> {
            list.iter()
                .map(|a| match a {
                    Auth::Scheme(SecurityScheme::Basic) => "HTTP Basic",
                    Auth::Scheme(SecurityScheme::Bearer) => "a bearer token",
                    Auth::Scheme(SecurityScheme::OAuth2ClientCredentials { .. }) => {
                        "OAuth 2.0 client credentials"
                    }
                    Auth::Anonymous => "no credentials",
                })
                .collect()
        };
        let (was, now) = (kinds(old), kinds(new));
        if was == now {
            return;
        }
        // Any credentials do for an operation that takes none, or none as a fallback.
        let any = |k: &[&str]| k.is_empty() || k.contains(&"no credentials");
        let lost = !any(&now) && (any(&was) || was.iter().any(|k| !now.contains(k)));
        let show = |k: &[&str]| match k {
            [] => "no credentials".to_owned(),
            _ => k.join(", then "),
        };
        let kind = if lost {
            Kind::Breaking
        } else {
            Kind::Compatible
        };
        let message = format!("accepts {} (was {})", show(&now), show(&was));
        self.push(kind, item, at, message);
    }

    /// Fields of a struct or parameters of a request. `outgoing`: users build and send
    /// values of `owner` (required fields are arguments of `new`, constraints are checked).
    fn fields(&mut self, owner: &str, outgoing: bool, old: &[Slot<'_>], new: &[Slot<'_>]) {
        let had_default = old.iter().all(|s| !s.field.required);
        for pair in pairs(old, new, |s| s.field.ident.clone()) {
            match pair {
                (None, Some(n)) => {
                    let f = n.field;
                    let at = self.new.at.of_field(owner, &f.ident);
                    let name = format!("{} ({})", f.ident, f.wire);
                    let (kind, message) = if f.required && outgoing {
                        (
                            Kind::Breaking,
                            format!("gains required field {name}: a new argument of {owner}::new"),
                        )
                    } else if f.required && had_default {
                        (
                            Kind::Breaking,
                            format!(
                                "gains required field {name}: {owner} no longer implements Default"
                            ),
                        )
                    } else if f.required {
                        (Kind::Compatible, format!("gains required field {name}"))
                    } else {
                        (Kind::Compatible, format!("gains optional field {name}"))
                    };
                    self.push(kind, owner, &at, message);
                }
                (Some(o), None) => {
                    let f = o.field;
                    self.push(
                        Kind::Breaking,
                        owner,
                        &self.old.at.of_field(owner, &f.ident),
                        format!("loses field {} ({})", f.ident, f.wire),
                    );
                }
                (Some(o), Some(n)) => self.field(owner, outgoing, *o, *n),
                (None, None) => {}
            }
        }
    }

    /// A field or parameter that both sides have: its type, whether it is required, how
    /// it is sent, its marks and its constraints.
    fn field(&mut self, owner: &str, outgoing: bool, o: Slot<'_>, n: Slot<'_>) {
        let (a, b) = (o.field, n.field);
        let at = self.new.at.of_field(owner, &b.ident);
        let name = format!("field {} ({})", b.ident, b.wire);
        let same_ty = self.same_ty(&a.ty, &b.ty);
        if !same_ty {
            self.push(
                Kind::Breaking,
                owner,
                &at,
                format!(
                    "{name} changes type from {} to {}",
                    self.old.declared(a),
                    self.new.declared(b)
                ),
            );
        } else if a.required != b.required {
            let (kind, message) = self.required_change(owner, outgoing, &name, a, b);
            self.push(kind, owner, &at, message);
        }
        if a.wire != b.wire {
            self.push(
                Kind::Compatible,
                owner,
                &at,
                format!("{name} is now `{}` on the wire (was `{}`)", b.wire, a.wire),
            );
        }
        if let (Some(x), Some(y)) = (o.location, n.location) {
            if x != y {
                self.push(
                    Kind::Compatible,
                    owner,
                    &at,
                    format!(
                        "{name} is now sent as a {} (was a {})",
                        location_name(y),
                        location_name(x)
                    ),
                );
            }
            if a.pii != b.pii {
                let message = now(b.pii, "marked as personal data");
                self.push(Kind::Compatible, owner, &at, format!("{name} {message}"));
            }
        }
        if a.deprecated != b.deprecated {
            let message = now(b.deprecated, "deprecated");
            self.push(Kind::Compatible, owner, &at, format!("{name} {message}"));
        }
        if outgoing && same_ty {
            if let Some((kind, message)) = constraints(&a.checks, &b.checks) {
                self.push(kind, owner, &at, format!("{name} {message}"));
            }
        }
    }

    /// How a field that becomes required, or stops being so, changes what users write (`name`
    /// as messages show it; `outgoing`: users build and send values of `owner`).
    fn required_change(
        &self,
        owner: &str,
        outgoing: bool,
        name: &str,
        a: &Field,
        b: &Field,
    ) -> (Kind, String) {
        let is_vec = matches!(b.ty, Ty::Vec(_));
        match (outgoing, b.required) {
            (true, true) => (
                Kind::Breaking,
                format!(
                    "{name} becomes required: an argument of {owner}::new, no longer a \
                     setter"
                ),
            ),
            (true, false) => (
                Kind::Breaking,
                format!(
                    "{name} becomes optional: {owner}::new no longer takes it, the setter \
                     {owner}::{} does{}",
                    b.ident,
                    if is_vec {
                        String::new()
                    } else {
                        format!(", and the field is {}", self.new.declared(b))
                    }
                ),
            ),
            (false, required) if !is_vec => (
                Kind::Breaking,
                format!(
                    "{name} becomes {}: {} instead of {}",
                    if required { "required" } else { "optional" },
                    self.new.declared(b),
                    self.old.declared(a)
                ),
            ),
            (false, required) => (
                Kind::Compatible,
                format!(
                    "{name} becomes {} in the spec (the field stays {})",
                    if required { "required" } else { "optional" },
                    self.new.declared(b)
                ),
            ),
        }
    }

    /// Whether a type of the old model and one of the new are the same Rust type. Named
    /// types are compared by name: a `TypeId` indexes its own model's type table, so the
    /// IDs of two models do not correspond.
    fn same_ty(&self, a: &Ty, b: &Ty) -> bool {
        match (a, b) {
            (Ty::Named(x), Ty::Named(y)) => {
                self.old.api.type_name(*x) == self.new.api.type_name(*y)
            }
            (Ty::Vec(x), Ty::Vec(y)) | (Ty::Map(x), Ty::Map(y)) => self.same_ty(x, y),
            _ => a == b,
        }
    }

    /// Whether a response of the old model and one of the new are the same (see `same_ty`).
    fn same_response(&self, a: &Response, b: &Response) -> bool {
        match (a, b) {
            (Response::Json(x), Response::Json(y)) => self.same_ty(x, y),
            _ => a == b,
        }
    }

    /// Documentation keywords changed on nodes that both specs have.
    fn docs(&mut self) {
        let mut found = Vec::new();
        doc_walk(
            &self.old.raw,
            &self.new.raw,
            &Pointer::root(),
            false,
            &mut found,
        );
        for (at, key, what) in found {
            let parent = Pointer::from_ref(&format!(
                "#{}",
                at.as_str()
                    .rsplit_once('/')
                    .map(|(p, _)| p)
                    .unwrap_or_default()
            ))
            .unwrap_or_default();
            let item = self.new.at.item_at(&parent);
            self.push(Kind::Docs, item, &at, format!("{key} {what}"));
        }
    }
}

/// The pointer to one value of an enum (its schema's `enum` entry), or to the enum.
fn enum_value(side: &Side, name: &str, wire: &str) -> Pointer {
    let at = side.at.of_type(name);
    let values = at.at("enum");
    match raw::at(&side.raw, &values) {
        Some(Value::Sequence(s)) => match s.iter().position(|v| v.as_str() == Some(wire)) {
            Some(i) => values.at(i),
            None => at,
        },
        _ => at,
    }
}

/// `is now {what}` or `is no longer {what}`.
fn now(yes: bool, what: &str) -> String {
    if yes {
        format!("is now {what}")
    } else {
        format!("is no longer {what}")
    }
}

/// One limit that a check puts on a value.
#[derive(Debug, Clone, PartialEq)]
enum Limit {
    /// A lower bound (value, exclusive).
    Low(f64, bool),
    /// An upper bound (value, exclusive).
    High(f64, bool),
    /// A pattern.
    Pattern(String),
    /// The values allowed (`enum` of a number or boolean).
    Values(Vec<String>),
    /// A check without a value (SID format, listed enum value).
    Present,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Low(v, true) | Limit::High(v, true) => write!(f, "{v} (exclusive)"),
            Limit::Low(v, false) | Limit::High(v, false) => write!(f, "{v}"),
            Limit::Pattern(p) => write!(f, "`{p}`"),
            Limit::Values(v) => write!(f, "[{}]", v.join(", ")),
            Limit::Present => Ok(()),
        }
    }
}

fn limits(checks: &[Check], prefix: &str, out: &mut Vec<(String, Limit)>) {
    let add = |out: &mut Vec<(String, Limit)>, name: &str, limit: Option<Limit>| {
        if let Some(l) = limit {
            out.push((format!("{prefix}{name}"), l));
        }
    };
    let n = |v: Option<u64>| v.map(|v| v as f64);
    for c in checks {
        match c {
            Check::Length { min, max } => {
                add(out, "minLength", n(*min).map(|v| Limit::Low(v, false)));
                add(out, "maxLength", n(*max).map(|v| Limit::High(v, false)));
            }
            Check::Pattern(p) => add(out, "pattern", Some(Limit::Pattern(p.clone()))),
            Check::Sid => add(out, "SID format", Some(Limit::Present)),
            Check::Range {
                min,
                max,
                exclusive_min,
                exclusive_max,
            } => {
                add(out, "minimum", min.map(|v| Limit::Low(v, *exclusive_min)));
                add(out, "maximum", max.map(|v| Limit::High(v, *exclusive_max)));
            }
            Check::Items { min, max } => {
                add(out, "minItems", n(*min).map(|v| Limit::Low(v, false)));
                add(out, "maxItems", n(*max).map(|v| Limit::High(v, false)));
            }
            Check::JsonLength { max } => add(
                out,
                "maxLength of the JSON text",
                Some(Limit::High(*max as f64, false)),
            ),
            Check::KnownEnum => add(out, "listed enum value", Some(Limit::Present)),
            Check::Allowed(values) => add(
                out,
                "enum",
                Some(Limit::Values(
                    values.iter().map(ToString::to_string).collect(),
                )),
            ),
            // A nested struct's own fields are compared where the struct is.
            Check::Nested => {}
            Check::Each(inner) => limits(inner, &format!("{prefix}each item's "), out),
        }
    }
}

/// How the constraints of a value users send change: breaking when any is tightened (a
/// value sent before may now be refused), compatible when they are only loosened.
fn constraints(old: &[Check], new: &[Check]) -> Option<(Kind, String)> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    limits(old, "", &mut a);
    limits(new, "", &mut b);
    let mut tighter = false;
    let mut notes = Vec::new();
    let mut names: Vec<&String> = a.iter().map(|(n, _)| n).collect();
    names.extend(
        b.iter()
            .map(|(n, _)| n)
            .filter(|n| !a.iter().any(|(m, _)| m == *n)),
    );
    for name in names {
        let x = a.iter().find(|(n, _)| n == name).map(|(_, l)| l);
        let y = b.iter().find(|(n, _)| n == name).map(|(_, l)| l);
        let shown = |l: &Limit| match l {
            Limit::Present => name.clone(),
            other => format!("{name} {other}"),
        };
        match (x, y) {
            (None, Some(l)) => {
                tighter = true;
                notes.push(format!("{} added", shown(l)));
            }
            (Some(l), None) => notes.push(format!("{} removed", shown(l))),
            (Some(l), Some(m)) if l != m => {
                tighter |= match (l, m) {
                    (Limit::Low(v, e), Limit::Low(w, f)) => w > v || (w == v && *f && !*e),
                    (Limit::High(v, e), Limit::High(w, f)) => w < v || (w == v && *f && !*e),
                    // Tighter when a value allowed before no longer is.
                    (Limit::Values(v), Limit::Values(w)) => v.iter().any(|x| !w.contains(x)),
                    // Which values a new pattern takes cannot be told: assume fewer.
                    _ => true,
                };
                notes.push(format!("{name} {l} -> {m}"));
            }
            _ => {}
        }
    }
    if notes.is_empty() {
        return None;
    }
    let (kind, verb) = if tighter {
        (Kind::Breaking, "tightens")
    } else {
        (Kind::Compatible, "loosens")
    };
    Some((
        kind,
        format!("{verb} its constraints: {}", notes.join(", ")),
    ))
}

// ---------------------------------------------------------------- documentation

/// Keywords that only document.
const DOC_KEYS: &[&str] = &[
    "description",
    "summary",
    "example",
    "examples",
    "default",
    "externalDocs",
];

/// Keywords whose value maps names (properties, paths, status codes, …) to nodes, so that
/// a key inside is a name, not a keyword.
const NAME_MAPS: &[&str] = &[
    "paths",
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "securitySchemes",
    "headers",
    "properties",
    "content",
    "encoding",
    "links",
    "callbacks",
    "variables",
];

/// Finds documentation keywords that differ under nodes present in both trees: (pointer,
/// keyword, `changed`/`added`/`removed`). `names`: the keys of this mapping are names.
fn doc_walk(
    old: &Value,
    new: &Value,
    at: &Pointer,
    names: bool,
    out: &mut Vec<(Pointer, String, &'static str)>,
) {
    match (old, new) {
        (Value::Mapping(a), Value::Mapping(b)) => {
            for (k, nv) in b {
                let Some(key) = key_str(k) else { continue };
                let ov = a.get(k);
                if !names && DOC_KEYS.contains(&key.as_str()) {
                    match ov {
                        None => out.push((at.at(&key), key, "added")),
                        Some(ov) if ov != nv => out.push((at.at(&key), key, "changed")),
                        Some(_) => {}
                    }
                    continue;
                }
                if !names && key.starts_with("x-") {
                    continue;
                }
                if let Some(ov) = ov {
                    let inner = !names && NAME_MAPS.contains(&key.as_str());
                    doc_walk(ov, nv, &at.at(&key), inner, out);
                }
            }
            if !names {
                for k in a.keys() {
                    let Some(key) = key_str(k) else { continue };
                    if DOC_KEYS.contains(&key.as_str()) && !b.contains_key(k) {
                        out.push((at.at(&key), key, "removed"));
                    }
                }
            }
        }
        (Value::Sequence(a), Value::Sequence(b)) => {
            // Parameters are matched by name and place (or `$ref`), so that inserting one
            // does not misalign the rest; other lists by position.
            let key = |v: &Value| -> Option<String> {
                if let Some(r) = v.get("$ref").and_then(Value::as_str) {
                    return Some(r.to_owned());
                }
                let name = v.get("name")?.as_str()?;
                let place = v.get("in")?.as_str()?;
                Some(format!("{place} {name}"))
            };
            let keyed = a.iter().chain(b).all(|v| key(v).is_some());
            for (i, nv) in b.iter().enumerate() {
                let ov = if keyed {
                    a.iter().find(|o| key(o) == key(nv))
                } else {
                    a.get(i)
                };
                if let Some(ov) = ov {
                    doc_walk(ov, nv, &at.at(i), false, out);
                }
            }
        }
        _ => {}
    }
}

/// How a union is told apart, in messages.
fn describe_discriminator(property: Option<&str>) -> String {
    match property {
        Some(p) => format!("its `{p}` property"),
        None => "its shape".to_owned(),
    }
}
