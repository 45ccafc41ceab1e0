//! Lowering: from the OpenAPI document to the intermediate model (`ir`).
//!
//! Every problem is recorded as a diagnostic with the JSON pointer of the node that
//! caused it, and lowering goes on where it can so that one run reports them all.

use crate::error::{Diagnostic, Error, Pointer};
use crate::ir::*;
use crate::names::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// Lowers a parsed spec. `raw` is the same document as YAML, for the few keywords that
/// `openapiv3` does not keep (key order of methods, `explode` as written).
pub fn lower(file: &str, doc: &OpenAPI, raw: &serde_yaml::Value) -> Result<Api, Error> {
    let mut cx = Lower::new(doc, raw);
    cx.check_security();
    cx.components();
    cx.paths();
    cx.mark_outgoing();
    if !cx.diags.is_empty() {
        crate::raw::document_order(raw, &mut cx.diags);
        return Err(Error {
            file: file.to_owned(),
            diagnostics: cx.diags,
        });
    }
    cx.settle_nested();
    let types = cx.slots.into_iter().flatten().collect();
    Ok(Api {
        title: doc.info.title.clone(),
        base_url: doc
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned())
            .unwrap_or_default(),
        sids: cx.sids,
        types,
        operations: cx.operations,
    })
}

/// The keywords of a schema that lowering reads, whatever `SchemaKind` holds them.
#[derive(Default)]
struct View<'a> {
    typ: Option<&'a str>,
    format: Option<&'a str>,
    pattern: Option<&'a str>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    enumeration: Vec<Option<String>>,
    non_string_enum: bool,
    all_of: &'a [ReferenceOr<Schema>],
    composition: Option<&'static str>,
}

fn view(schema: &Schema) -> View<'_> {
    let mut v = View::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
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
            v.typ = Some("integer");
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
            v.typ = Some("number");
            v.minimum = n.minimum;
            v.maximum = n.maximum;
            v.exclusive_minimum = n.exclusive_minimum;
            v.exclusive_maximum = n.exclusive_maximum;
            v.non_string_enum = !n.enumeration.is_empty();
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.typ = Some("boolean");
            v.non_string_enum = !b.enumeration.is_empty();
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
            v.min_items = a.min_items;
            v.max_items = a.max_items;
        }
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::OneOf { .. } => v.composition = Some("oneOf"),
        SchemaKind::AnyOf { .. } => v.composition = Some("anyOf"),
        SchemaKind::Not { .. } => v.composition = Some("not"),
        SchemaKind::Any(a) => {
            v.typ = a.typ.as_deref();
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
                v.composition = Some("oneOf");
            } else if !a.any_of.is_empty() {
                v.composition = Some("anyOf");
            } else if a.not.is_some() {
                v.composition = Some("not");
            }
            if v.typ.is_none() {
                if v.properties.is_some() || v.additional.is_some() {
                    v.typ = Some("object");
                } else if v.items.is_some() {
                    v.typ = Some("array");
                }
            }
        }
    }
    v
}

/// Whether a pattern is a Twilio SID pattern; returns its two-letter prefix.
fn sid_prefix(pattern: &str) -> Option<&str> {
    let prefix = pattern
        .strip_prefix('^')?
        .strip_suffix("[0-9a-fA-F]{32}$")?;
    (prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase())).then_some(prefix)
}

/// How a schema is reached: decides the names of types made for it.
#[derive(Clone)]
struct Hint {
    /// Name for an inline struct or enum made from this schema.
    type_name: Vec<String>,
    /// Name for a SID type met here.
    sid_name: String,
}

/// A resolved schema: the target, the pointer to it and, when it is a component, its name.
struct Resolved<'a> {
    schema: &'a Schema,
    pointer: Pointer,
    component: Option<&'a str>,
}

/// How many schemas may sit inside one another (array items, map values, object
/// properties, components lowered again at each use) when no named component breaks the
/// nesting. Lowering recurses once per level, and the Rust type it builds is as deep, so a
/// limit keeps a hostile spec from overflowing the stack; real specs nest a few levels.
const MAX_NESTING: usize = 64;

/// A named component met while lowering another one is lowered on the spot, nested, as
/// long as fewer than this many levels (schemas and component bodies) are on the stack,
/// which keeps the order of the types and SIDs it meets, and of the names they claim, as
/// in a spec read straight through. Deeper, it waits in the work stack of
/// `walk_components`, so that a chain of components, however long, costs no more stack.
const NEST_COMPONENTS_BELOW: usize = 16;

/// A named type as registered in the type table.
#[derive(Clone, Copy)]
struct Registered {
    slot: usize,
    is_enum: bool,
}

/// Where a `$ref` leads (see `Lower::ref_step`).
enum Step<'a> {
    /// The type, decided: a named component's, or `None` after a diagnostic.
    Ty(Option<Ty>),
    /// A schema to lower in place, at this pointer.
    Lower(&'a Schema, Pointer),
}

/// A component on the work stack of `walk_components`.
struct Frame {
    name: String,
    /// Where its entry starts in `in_progress`.
    base: usize,
    /// Its type; `None` once it or a component it refers to has failed.
    ty: Option<Ty>,
    /// The references its body left, not yet followed.
    deferred: std::vec::IntoIter<Deferred>,
}

/// A reference to a named component met while lowering another component's body: the
/// body gets the component's type at once, and the component's own body is lowered later
/// from the work stack (see `walk_components`).
struct Deferred {
    /// The component referred to.
    name: String,
    /// Where the reference was met (the `$ref`'s parent).
    from: Pointer,
    /// `in_progress` from the body's own entry on, when the reference was met: the
    /// components the body was going through, for the cycle check and its message.
    stack: Vec<String>,
}

struct Lower<'a> {
    doc: &'a OpenAPI,
    raw: &'a serde_yaml::Value,
    diags: Vec<Diagnostic>,
    sids: Vec<SidDef>,
    sid_by_prefix: BTreeMap<String, String>,
    type_names: Namespace,
    /// Component schema name -> (slot index, Rust name) for components that are named types.
    component_slots: IndexMap<String, (usize, String)>,
    /// Named types: components first, in component order, then inline types as met.
    slots: Vec<Option<TypeDef>>,
    /// Every named type by Rust name: its slot and whether it is an enum. A component is
    /// entered when its name is claimed, before its body is lowered, so that a reference to
    /// it can be typed and checked while its body waits in the work stack.
    by_name: HashMap<String, Registered>,
    /// Components being lowered right now, to catch cycles: the components of the work
    /// stack (see `walk_components`), each followed by the components that its body was
    /// going through when it met the next one.
    in_progress: Vec<String>,
    /// While a component body is lowered: where its entry starts in `in_progress`, and the
    /// references to named components that it met and left for the work stack.
    body: Option<(usize, Vec<Deferred>)>,
    /// How many `schema_ty` calls and component bodies are on the stack.
    depth: usize,
    /// `depth` when the component body being lowered began: within one body, nesting is
    /// refused beyond `MAX_NESTING` levels rather than overflowing the stack.
    body_depth: usize,
    /// Whether nesting beyond `MAX_NESTING` has been reported. Once is enough: in a chain
    /// of components that nest too deep, every component would report its own pointer.
    too_deep: bool,
    /// Cycles of components already reported, by their sorted members.
    cycles: BTreeSet<Vec<String>>,
    /// Components already lowered (or failed).
    done: HashMap<String, Option<Ty>>,
    operations: Vec<Operation>,
    operation_ids: HashMap<String, Pointer>,
    /// `Client` method names.
    methods: Namespace,
}

impl<'a> Lower<'a> {
    fn new(doc: &'a OpenAPI, raw: &'a serde_yaml::Value) -> Self {
        Lower {
            doc,
            raw,
            diags: Vec::new(),
            sids: Vec::new(),
            sid_by_prefix: BTreeMap::new(),
            type_names: Namespace::types(),
            component_slots: IndexMap::new(),
            slots: Vec::new(),
            by_name: HashMap::new(),
            in_progress: Vec::new(),
            body: None,
            depth: 0,
            body_depth: 0,
            too_deep: false,
            cycles: BTreeSet::new(),
            done: HashMap::new(),
            operations: Vec::new(),
            operation_ids: HashMap::new(),
            methods: Namespace::methods(),
        }
    }

    fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// The raw YAML node at a pointer.
    fn raw_at(&self, pointer: &Pointer) -> Option<&'a serde_yaml::Value> {
        crate::raw::at(self.raw, pointer)
    }

    /// The pointer to `key` under `at` when the spec writes that key, else `at` itself:
    /// a diagnostic about a keyword points at it, or at its object when it is missing.
    fn keyword(&self, at: &Pointer, key: &str) -> Pointer {
        let p = at.at(key);
        if self.raw_at(&p).is_some() {
            p
        } else {
            at.clone()
        }
    }

    fn check_security(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let root = Pointer::root().at("components").at("securitySchemes");
        for (name, scheme) in &components.security_schemes {
            let at = root.at(name);
            let (pointer, found) = match scheme {
                ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { scheme, .. }) => {
                    if scheme.eq_ignore_ascii_case("basic") {
                        continue;
                    }
                    (
                        at.at("scheme"),
                        format!("`type: http` with `scheme: {scheme}`"),
                    )
                }
                ReferenceOr::Item(other) => {
                    let kind = match other {
                        openapiv3::SecurityScheme::APIKey { .. } => "apiKey",
                        openapiv3::SecurityScheme::OAuth2 { .. } => "oauth2",
                        openapiv3::SecurityScheme::OpenIDConnect { .. } => "openIdConnect",
                        openapiv3::SecurityScheme::HTTP { .. } => "http",
                    };
                    (at.at("type"), format!("`type: {kind}`"))
                }
                ReferenceOr::Reference { .. } => (at.at("$ref"), "a `$ref`".to_owned()),
            };
            self.error(
                &pointer,
                format!(
                    "security scheme `{name}` is {found}, but only HTTP Basic is supported \
                     (Twilio authenticates with an account or API key SID and its secret); \
                     use `type: http` with `scheme: basic`"
                ),
            );
        }
    }

    // ---------------------------------------------------------------- components

    fn components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        // Names first, in component order, so that they do not depend on traversal order.
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let v = view(schema);
            let named = is_named_kind(&v);
            if named {
                let rust = self.type_names.claim(&names::component_candidates(name));
                let entry = Registered {
                    slot: self.slots.len(),
                    is_enum: is_enum_kind(&v),
                };
                self.by_name.insert(rust.clone(), entry);
                self.component_slots
                    .insert(name.clone(), (self.slots.len(), rust));
                self.slots.push(None);
            }
        }
        for name in components.schemas.keys() {
            self.component_ty(name, &Pointer::root());
        }
    }

    /// The type of a component schema, lowering it on first use.
    ///
    /// A named component met deep inside another component's body
    /// (`NEST_COMPONENTS_BELOW`) is not lowered there: the body gets the component's type
    /// at once and the component waits in the work stack of `walk_components`.
    fn component_ty(&mut self, name: &str, from: &Pointer) -> Option<Ty> {
        if let Some(done) = self.done.get(name) {
            return done.clone();
        }
        if self.in_progress.iter().any(|n| n == name) {
            self.cycle(name, from);
            return None;
        }
        let deep = self.depth >= NEST_COMPONENTS_BELOW;
        if let (true, Some((base, deferred)), Some((_, rust))) =
            (deep, &mut self.body, self.component_slots.get(name))
        {
            deferred.push(Deferred {
                name: name.to_owned(),
                from: from.clone(),
                stack: self.in_progress[*base..].to_vec(),
            });
            return Some(Ty::Named(rust.clone()));
        }
        self.walk_components(name)
    }

    /// Reports the cycle that a reference to `name` (in progress), met at `from`, closes.
    /// One report per cycle, from whichever member is lowered first.
    fn cycle(&mut self, name: &str, from: &Pointer) {
        let Some(start) = self.in_progress.iter().position(|n| n == name) else {
            return;
        };
        let members = &self.in_progress[start..];
        let mut key = members.to_vec();
        key.sort();
        if self.cycles.insert(key) {
            let chain = members.join(" -> ");
            self.error(
                &from.at("$ref"),
                format!(
                    "schema `{name}` refers to itself ({chain} -> {name}); recursive types \
                     are not supported: break the cycle, for instance by replacing one of \
                     these `$ref`s with `{{}}` (any JSON)"
                ),
            );
        }
    }

    /// Lowers the component `root` and, depth first, every component not yet lowered that
    /// its body leads to, with an explicit stack instead of nested calls.
    ///
    /// The order is the one nested lowering would take: a component's body is lowered
    /// whole when the component is taken, then the references it left are followed in the
    /// order they were met, each with `in_progress` put back as it was at the reference,
    /// so that cycles are found, and worded, as if the bodies nested. (Only the inline
    /// types and SIDs a body meets after a reference it left come before those of the
    /// component referred to, instead of after; references are left only deep in a
    /// spec, see `NEST_COMPONENTS_BELOW`.) A component fails when its body fails or when
    /// a component it refers to fails.
    fn walk_components(&mut self, root: &str) -> Option<Ty> {
        let mut stack = vec![self.enter_component(root)];
        while let Some(top) = stack.last_mut() {
            if let Some(next) = top.deferred.next() {
                self.in_progress.truncate(top.base);
                self.in_progress.extend(next.stack);
                match self.done.get(&next.name) {
                    Some(Some(_)) => {}
                    Some(None) => top.ty = None,
                    None if self.in_progress.contains(&next.name) => {
                        self.cycle(&next.name, &next.from);
                        top.ty = None;
                    }
                    None => {
                        let frame = self.enter_component(&next.name);
                        stack.push(frame);
                    }
                }
                continue;
            }
            let base = top.base;
            let Some(finished) = stack.pop() else { break };
            self.in_progress.truncate(base);
            if finished.ty.is_none() {
                if let Some((slot, _)) = self.component_slots.get(&finished.name) {
                    self.slots[*slot] = None;
                }
            }
            self.done.insert(finished.name.clone(), finished.ty.clone());
            match stack.last_mut() {
                Some(parent) if finished.ty.is_none() => parent.ty = None,
                Some(_) => {}
                None => return finished.ty,
            }
        }
        None
    }

    /// Puts a component on the work stack: lowers its body, collecting the references to
    /// named components that it leaves for later.
    fn enter_component(&mut self, name: &str) -> Frame {
        let base = self.in_progress.len();
        self.in_progress.push(name.to_owned());
        let outer = self.body.replace((base, Vec::new()));
        self.depth += 1;
        let outer_depth = std::mem::replace(&mut self.body_depth, self.depth);
        let ty = self.component_body(name);
        self.body_depth = outer_depth;
        self.depth -= 1;
        let deferred = std::mem::replace(&mut self.body, outer)
            .map(|(_, d)| d)
            .unwrap_or_default();
        Frame {
            name: name.to_owned(),
            base,
            ty,
            deferred: deferred.into_iter(),
        }
    }

    /// The body of a component schema, lowered at its own pointer.
    fn component_body(&mut self, name: &str) -> Option<Ty> {
        let components = self.doc.components.as_ref()?;
        let pointer = Pointer::root().at("components").at("schemas").at(name);
        let schema = match components.schemas.get(name) {
            Some(ReferenceOr::Item(s)) => s,
            Some(ReferenceOr::Reference { reference }) => {
                return self.ref_ty(reference, &pointer, &Hint::plain(name));
            }
            None => return None,
        };
        let slot = self.component_slots.get(name).cloned();
        let hint = Hint {
            type_name: vec![
                slot.as_ref()
                    .map(|s| s.1.clone())
                    .unwrap_or_else(|| names::pascal(name)),
            ],
            sid_name: names::pascal(name),
        };
        match slot {
            Some((index, rust)) => self.named_type(schema, &pointer, rust, Some(index)),
            None => self.schema_ty(schema, &pointer, &hint),
        }
    }

    /// The schema a `$ref` met at `at` stands for, following references to references in a
    /// loop (they may chain through any number of components).
    fn resolve_schema(&mut self, reference: &'a str, at: &Pointer) -> Option<Resolved<'a>> {
        let base = self.in_progress.len();
        let (mut reference, mut at) = (reference, at.clone());
        let resolved = loop {
            let name = match reference.strip_prefix("#/components/schemas/") {
                Some(n) if !n.contains('/') => n,
                _ => {
                    self.error(&at.at("$ref"), unsupported_ref(reference, "schemas"));
                    break None;
                }
            };
            let components = self.doc.components.as_ref();
            let pointer = Pointer::root().at("components").at("schemas").at(name);
            match components.and_then(|c| c.schemas.get_key_value(name)) {
                Some((key, ReferenceOr::Item(schema))) => {
                    break Some(Resolved {
                        schema,
                        pointer,
                        component: Some(key.as_str()),
                    });
                }
                Some((_, ReferenceOr::Reference { reference: next })) => {
                    if self.in_progress.iter().any(|n| n == name) {
                        self.error(
                            &at.at("$ref"),
                            format!(
                                "`$ref: {next}` forms a cycle of references that never \
                                 reaches a schema; point one of them at a schema"
                            ),
                        );
                        break None;
                    }
                    self.in_progress.push(name.to_owned());
                    (reference, at) = (next, pointer);
                }
                None => {
                    let known = components.map(|c| c.schemas.keys());
                    self.error(
                        &at.at("$ref"),
                        format!(
                            "`$ref: {reference}` points to nothing: there is no schema \
                             `{name}` under #/components/schemas{}",
                            did_you_mean(name, known.into_iter().flatten())
                        ),
                    );
                    break None;
                }
            }
        };
        self.in_progress.truncate(base);
        resolved
    }

    fn ref_ty(&mut self, reference: &'a str, at: &Pointer, hint: &Hint) -> Option<Ty> {
        let base = self.in_progress.len();
        let ty = match self.ref_step(reference, at) {
            Step::Ty(ty) => ty,
            Step::Lower(schema, pointer) => self.schema_ty(schema, &pointer, hint),
        };
        self.in_progress.truncate(base);
        ty
    }

    /// Where a `$ref` leads: the type of a named component (or a failure), or a schema to
    /// lower in place. In the latter case the component is pushed on `in_progress`, and
    /// the caller pops it once the schema is lowered.
    fn ref_step(&mut self, reference: &'a str, at: &Pointer) -> Step<'a> {
        let Some(resolved) = self.resolve_schema(reference, at) else {
            return Step::Ty(None);
        };
        match resolved.component {
            Some(name) if self.component_slots.contains_key(name) => {
                Step::Ty(self.component_ty(name, at))
            }
            Some(name) if self.in_progress.iter().any(|n| n == name) => {
                Step::Ty(self.component_ty(name, at))
            }
            Some(name) => {
                // Lowered again at each use (its inline types are named after the use), so
                // it must count as in progress meanwhile: `allOf` or `items` can lead back.
                self.in_progress.push(name.to_owned());
                Step::Lower(resolved.schema, resolved.pointer)
            }
            None => Step::Lower(resolved.schema, resolved.pointer),
        }
    }

    fn schema_or_ref_ty(
        &mut self,
        s: &'a ReferenceOr<Schema>,
        at: &Pointer,
        hint: &Hint,
    ) -> Option<Ty> {
        match s {
            ReferenceOr::Reference { reference } => self.ref_ty(reference, at, hint),
            ReferenceOr::Item(schema) => self.schema_ty(schema, at, hint),
        }
    }

    fn boxed_ty(
        &mut self,
        s: &'a ReferenceOr<Box<Schema>>,
        at: &Pointer,
        hint: &Hint,
    ) -> Option<Ty> {
        match s {
            ReferenceOr::Reference { reference } => self.ref_ty(reference, at, hint),
            ReferenceOr::Item(schema) => self.schema_ty(schema, at, hint),
        }
    }

    /// Follows a single-schema `allOf` and references to the schema that carries the keywords.
    fn target(
        &mut self,
        s: &'a ReferenceOr<Box<Schema>>,
        at: &Pointer,
    ) -> Option<(&'a Schema, Pointer)> {
        match s {
            ReferenceOr::Reference { reference } => {
                let r = self.resolve_schema(reference, at)?;
                Some((r.schema, r.pointer))
            }
            ReferenceOr::Item(schema) => Some((schema, at.clone())),
        }
    }

    // ---------------------------------------------------------------- schemas

    /// The Rust type for a schema met at `at`.
    ///
    /// Recurses into inline schemas (items, values, properties) and into components that
    /// are lowered at each use, so it counts its own depth and refuses to go beyond
    /// `MAX_NESTING` levels.
    fn schema_ty(&mut self, schema: &'a Schema, at: &Pointer, hint: &Hint) -> Option<Ty> {
        if self.depth - self.body_depth >= MAX_NESTING {
            if std::mem::replace(&mut self.too_deep, true) {
                return None;
            }
            self.error(
                at,
                format!(
                    "schemas nest more than {MAX_NESTING} levels deep here (arrays, maps and \
                     objects inside one another, counting components that are not named \
                     types); deeper nesting is not supported: flatten the structure, or move \
                     inner objects under #/components/schemas and refer to them with `$ref`"
                ),
            );
            return None;
        }
        self.depth += 1;
        let base = self.in_progress.len();
        let ty = self.unwrapped_schema_ty(schema, at.clone(), hint);
        self.in_progress.truncate(base);
        self.depth -= 1;
        ty
    }

    /// `schema_ty` past the depth check. A single-schema `allOf` stands for the schema it
    /// wraps; wrappers are unwrapped in a loop, however many components they chain through
    /// (the components passed stay on `in_progress` until `schema_ty` pops them).
    fn unwrapped_schema_ty(
        &mut self,
        mut schema: &'a Schema,
        mut at: Pointer,
        hint: &Hint,
    ) -> Option<Ty> {
        let v = loop {
            let v = view(schema);
            if let Some(kw) = v.composition {
                self.error(
                    &at.at(kw),
                    format!(
                        "`{kw}` is not supported; describe the value with one schema (or \
                         leave it without a schema to receive any JSON)"
                    ),
                );
                return None;
            }
            let [only] = v.all_of else {
                if v.all_of.is_empty() {
                    break v;
                }
                self.error(
                    &at.at("allOf"),
                    format!(
                        "`allOf` with {} schemas is not supported; only a single schema \
                         (usually one `$ref`) can be wrapped: merge the schemas into one",
                        v.all_of.len()
                    ),
                );
                return None;
            };
            let inner = at.at("allOf").at(0);
            (schema, at) = match only {
                ReferenceOr::Item(s) => (s, inner),
                ReferenceOr::Reference { reference } => match self.ref_step(reference, &inner) {
                    Step::Ty(ty) => return ty,
                    Step::Lower(s, p) => (s, p),
                },
            };
        };
        let at = &at;
        if v.non_string_enum {
            self.error(
                &at.at("enum"),
                "an `enum` of values other than strings is not supported; only string enums \
                 become Rust enums: use `type: string` with string values, or drop `enum`",
            );
            return None;
        }
        match v.typ {
            Some("string") if !v.enumeration.is_empty() => {
                let name = self.type_names.claim(&hint.type_name);
                self.named_type(schema, at, name, None)
            }
            Some("string") => self.string_ty(&v, at, hint),
            Some("integer") => Some(match v.format {
                Some("int32") => Ty::I32,
                _ => Ty::I64,
            }),
            Some("number") => Some(Ty::F64),
            Some("boolean") => Some(Ty::Bool),
            Some("array") => {
                let item_hint = Hint {
                    type_name: hint.type_name.iter().map(|n| format!("{n}Item")).collect(),
                    sid_name: hint.sid_name.clone(),
                };
                let inner = match v.items {
                    Some(items) => self.boxed_ty(items, &at.at("items"), &item_hint)?,
                    None => Ty::Any,
                };
                Some(Ty::Vec(Box::new(inner)))
            }
            Some("object") => {
                if v.properties.is_some_and(|p| !p.is_empty()) {
                    let mut candidates = Vec::new();
                    if let Some(title) = &schema.schema_data.title {
                        candidates.push(names::pascal(title));
                    }
                    candidates.extend(hint.type_name.iter().cloned());
                    let name = self.type_names.claim(&candidates);
                    return self.named_type(schema, at, name, None);
                }
                match v.additional {
                    Some(AdditionalProperties::Schema(s)) => {
                        let value_hint = Hint {
                            type_name: hint.type_name.iter().map(|n| format!("{n}Value")).collect(),
                            sid_name: hint.sid_name.clone(),
                        };
                        let inner =
                            self.schema_or_ref_ty(s, &at.at("additionalProperties"), &value_hint)?;
                        Some(Ty::Map(Box::new(inner)))
                    }
                    _ if v.format == Some("uri-map") => Some(Ty::Map(Box::new(Ty::String))),
                    _ => Some(Ty::Any),
                }
            }
            None => Some(Ty::Any),
            Some(other) => {
                self.error(
                    &at.at("type"),
                    format!(
                        "unknown type `{other}`{}; OpenAPI 3.0 knows string, integer, number, \
                         boolean, array and object",
                        did_you_mean(other, TYPES.iter())
                    ),
                );
                None
            }
        }
    }

    fn string_ty(&mut self, v: &View<'a>, at: &Pointer, hint: &Hint) -> Option<Ty> {
        if let Some(prefix) = v.pattern.and_then(sid_prefix) {
            return Some(Ty::Sid(self.sid(prefix, &hint.sid_name)));
        }
        if let Some(p) = v.pattern {
            if !self.valid_pattern(p, &at.at("pattern")) {
                return None;
            }
        }
        Some(match v.format {
            Some("date-time") => Ty::DateTime,
            Some("date") => Ty::Date,
            Some("binary") => {
                self.error(
                    &at.at("format"),
                    "`format: binary` (raw bytes, a file upload) is not supported: multipart \
                     bodies are not generated; send text (drop the format, or use \
                     `format: byte` for base64)",
                );
                return None;
            }
            _ => Ty::String,
        })
    }

    /// Whether `regex_lite` (which the bindings check values with) accepts a pattern;
    /// records a diagnostic when it does not.
    fn valid_pattern(&mut self, pattern: &str, at: &Pointer) -> bool {
        match regex_lite::Regex::new(pattern) {
            Ok(_) => true,
            Err(e) => {
                let e = e.to_string();
                let e = e.lines().next().unwrap_or_default().trim();
                self.error(
                    at,
                    format!(
                        "pattern `{pattern}` is not a valid regular expression: {e}; write \
                         one the `regex-lite` crate accepts (the bindings check values with \
                         it; it has no Unicode classes such as `\\p{{L}}`)"
                    ),
                );
                false
            }
        }
    }

    fn sid(&mut self, prefix: &str, wanted: &str) -> String {
        if let Some(name) = self.sid_by_prefix.get(prefix) {
            return name.clone();
        }
        let base = names::pascal(wanted);
        let name = self.type_names.claim_pair(
            &[base.clone(), format!("{base}{}", names::pascal(prefix))],
            "Kind",
        );
        self.sid_by_prefix.insert(prefix.to_owned(), name.clone());
        self.sids.push(SidDef {
            name: name.clone(),
            prefix: prefix.to_owned(),
        });
        name
    }

    /// Lowers an enum or struct into a slot and returns its type.
    fn named_type(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        name: String,
        slot: Option<usize>,
    ) -> Option<Ty> {
        let v = view(schema);
        let doc = schema.schema_data.description.clone();
        let is_enum = is_enum_kind(&v);
        let index = match slot {
            Some(i) => i,
            None => {
                self.slots.push(None);
                let slot = self.slots.len() - 1;
                self.by_name
                    .insert(name.clone(), Registered { slot, is_enum });
                slot
            }
        };
        let def = if is_enum {
            let mut ns = Namespace::default();
            ns.claim(&["Unknown".to_owned()]);
            let mut variants = Vec::new();
            for value in v.enumeration.iter().flatten() {
                if variants.iter().any(|x: &Variant| x.wire == *value) {
                    continue;
                }
                variants.push(Variant {
                    wire: value.clone(),
                    ident: ns.claim(&[names::variant(value)]),
                });
            }
            TypeDef::Enum(EnumDef {
                name: name.clone(),
                doc,
                variants,
            })
        } else if v.typ == Some("object") || v.properties.is_some() {
            let (fields, page_items) = self.struct_fields(&v, at, &name)?;
            let doc = doc.or_else(|| {
                Some(match &page_items {
                    Some(items) => format!("One page of `{items}`, with the paging metadata."),
                    None => format!(
                        "The `{}` object.",
                        schema.schema_data.title.as_deref().unwrap_or(&name)
                    ),
                })
            });
            TypeDef::Struct(StructDef {
                name: name.clone(),
                doc,
                fields,
                outgoing: false,
                page_items,
            })
        } else {
            self.error(at, "expected an object with properties or a string enum");
            return None;
        };
        self.slots[index] = Some(def);
        Some(Ty::Named(name))
    }

    fn struct_fields(
        &mut self,
        v: &View<'a>,
        at: &Pointer,
        struct_name: &str,
    ) -> Option<(Vec<Field>, Option<String>)> {
        let props = v.properties?;
        let page = self.page_envelope(props, at);
        let mut idents = Namespace::fields();
        let mut fields = Vec::new();
        let mut ok = true;
        for (wire, prop) in props {
            let p = at.at("properties").at(wire);
            if page.is_some() && wire == "meta" {
                fields.push(Field {
                    wire: wire.clone(),
                    ident: idents.claim(&[names::snake(wire)]),
                    ty: Ty::PageMeta,
                    required: false,
                    doc: Some(
                        "Paging metadata: where this page is and how to get the next one.".into(),
                    ),
                    deprecated: false,
                    pii: false,
                    checks: Vec::new(),
                });
                continue;
            }
            let hint = Hint {
                type_name: vec![format!("{struct_name}{}", names::pascal(wire))],
                sid_name: if wire.eq_ignore_ascii_case("sid") {
                    format!("{struct_name}Sid")
                } else {
                    wire.clone()
                },
            };
            match self.field(
                wire,
                prop,
                &p,
                v.required.contains(wire),
                &hint,
                &mut idents,
            ) {
                Some(f) => fields.push(f),
                None => ok = false,
            }
        }
        if !self.required_exist(v.required, props, at) {
            ok = false;
        }
        let page_items = page.and_then(|(items, _)| {
            fields
                .iter()
                .find(|f| f.wire == items)
                .map(|f| f.ident.clone())
        });
        ok.then_some((fields, page_items))
    }

    /// Recognises Twilio's list envelope: a `meta` object with `next_page_url` next to one
    /// array property. Returns that property's name and the pointer to it.
    fn page_envelope(
        &mut self,
        props: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        at: &Pointer,
    ) -> Option<(String, Pointer)> {
        let meta = props.get("meta")?;
        let (meta_schema, _) = self.target(meta, &at.at("properties").at("meta"))?;
        let mv = view(meta_schema);
        if !mv
            .properties
            .is_some_and(|p| p.contains_key("next_page_url"))
        {
            return None;
        }
        let mut arrays = Vec::new();
        for (name, prop) in props {
            if name == "meta" {
                continue;
            }
            let p = at.at("properties").at(name);
            let (s, _) = self.target(prop, &p)?;
            if view(s).typ == Some("array") {
                arrays.push((name.clone(), p));
            }
        }
        (arrays.len() == 1 && props.len() == 2).then(|| arrays.remove(0))
    }

    /// One property or parameter: its type, optionality, docs and checks.
    fn field(
        &mut self,
        wire: &str,
        prop: &'a ReferenceOr<Box<Schema>>,
        at: &Pointer,
        required: bool,
        hint: &Hint,
        idents: &mut Namespace,
    ) -> Option<Field> {
        let ty = self.boxed_ty(prop, at, hint)?;
        let (schema, target_at) = self.target(prop, at)?;
        let (schema, target_at) = self.through_all_of(schema, target_at);
        let local = match prop {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { .. } => None,
        };
        let data = local.map(|s| &s.schema_data).unwrap_or(&schema.schema_data);
        let nullable = data.nullable || schema.schema_data.nullable;
        let checks = self.checks(schema, &target_at, local.map(|s| (s, at)), &ty);
        Some(Field {
            wire: wire.to_owned(),
            ident: idents.claim(&[names::snake(wire)]),
            ty,
            required: required && !nullable,
            doc: with_default(
                data.description
                    .clone()
                    .or_else(|| schema.schema_data.description.clone()),
                data.default
                    .as_ref()
                    .or(schema.schema_data.default.as_ref()),
            ),
            deprecated: data.deprecated,
            pii: data
                .extensions
                .get("x-twilio")
                .is_some_and(|x| x.get("pii").is_some()),
            checks,
        })
    }

    /// The schema that single-schema `allOf` wrappers stand for, unwrapped in a loop.
    /// A chain that comes back to a component it passed (already reported by lowering)
    /// stops there.
    fn through_all_of(&mut self, mut schema: &'a Schema, mut at: Pointer) -> (&'a Schema, Pointer) {
        let mut passed = BTreeSet::new();
        while let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            let [only] = all_of.as_slice() else { break };
            let p = at.at("allOf").at(0);
            (schema, at) = match only {
                ReferenceOr::Item(s) => (s, p),
                ReferenceOr::Reference { reference } => match self.resolve_schema(reference, &p) {
                    Some(r) if passed.insert(r.pointer.to_string()) => (r.schema, r.pointer),
                    _ => break,
                },
            };
        }
        (schema, at)
    }

    /// Constraints of a schema as checks on a value of type `ty`. `local` is the schema as
    /// written at the use site when it wraps a reference (its keywords add to the target's).
    fn checks(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        local: Option<(&'a Schema, &Pointer)>,
        ty: &Ty,
    ) -> Vec<Check> {
        let v = view(schema);
        let lv = local.map(|(s, _)| view(s)).unwrap_or_default();
        let max_length = lv.max_length.or(v.max_length).map(|n| n as u64);
        let min_length = lv.min_length.or(v.min_length).map(|n| n as u64);
        let mut out = Vec::new();
        match ty {
            Ty::Sid(_) => out.push(Check::Sid),
            Ty::String => {
                if min_length.is_some() || max_length.is_some() {
                    out.push(Check::Length {
                        min: min_length,
                        max: max_length,
                    });
                }
                let pattern = match (lv.pattern, local) {
                    (Some(p), Some((_, local_at))) => Some((p, local_at.at("pattern"))),
                    _ => v.pattern.map(|p| (p, at.at("pattern"))),
                };
                if let Some((p, pat)) = pattern {
                    // The target's own pattern was checked when its type was decided; one
                    // written next to an `allOf` at the use site was not.
                    if self.valid_pattern(p, &pat) {
                        out.push(Check::Pattern(p.to_owned()));
                    }
                }
            }
            Ty::I32 | Ty::I64 | Ty::F64 => {
                let (min, max) = (lv.minimum.or(v.minimum), lv.maximum.or(v.maximum));
                if min.is_some() || max.is_some() {
                    out.push(Check::Range {
                        min,
                        max,
                        exclusive_min: v.exclusive_minimum || lv.exclusive_minimum,
                        exclusive_max: v.exclusive_maximum || lv.exclusive_maximum,
                    });
                }
            }
            Ty::Vec(inner) => {
                let (min, max) = (lv.min_items.or(v.min_items), lv.max_items.or(v.max_items));
                if min.is_some() || max.is_some() {
                    out.push(Check::Items {
                        min: min.map(|n| n as u64),
                        max: max.map(|n| n as u64),
                    });
                }
                if let Some(items) = v.items {
                    if let Some((s, p)) = self.target(items, &at.at("items")) {
                        let (s, p) = self.through_all_of(s, p);
                        let each = self.checks(s, &p, None, inner);
                        if !each.is_empty() {
                            out.push(Check::Each(each));
                        }
                    }
                }
            }
            Ty::Map(inner) => {
                if let Some(max) = max_length {
                    out.push(Check::JsonLength { max });
                }
                if let Some(AdditionalProperties::Schema(s)) = v.additional {
                    let p = at.at("additionalProperties");
                    let target = match &**s {
                        ReferenceOr::Item(s) => Some((s, p)),
                        ReferenceOr::Reference { reference } => self
                            .resolve_schema(reference, &p)
                            .map(|r| (r.schema, r.pointer)),
                    };
                    if let Some((s, p)) = target {
                        let each = self.checks(s, &p, None, inner);
                        // Sent maps hold JSON values: a typed value is checked even
                        // when nothing else is.
                        if !each.is_empty() || **inner != Ty::Any {
                            out.push(Check::Each(each));
                        }
                    }
                }
            }
            Ty::Any => {
                if let Some(max) = max_length {
                    out.push(Check::JsonLength { max });
                }
            }
            Ty::Named(name) => match self.by_name.get(name) {
                Some(r) if r.is_enum => out.push(Check::KnownEnum),
                Some(_) => {
                    // Tentative: the struct's body may still wait in the work stack;
                    // `settle_nested` drops it when the struct turns out to have no checks.
                    out.push(Check::Nested);
                    if let Some(max) = max_length {
                        out.push(Check::JsonLength { max });
                    }
                }
                None => {}
            },
            Ty::Bool | Ty::DateTime | Ty::Date | Ty::PageMeta => {}
        }
        out
    }

    /// Whether values of a type are one piece of text on the wire (what a path segment
    /// can hold).
    fn is_scalar(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String
            | Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F64
            | Ty::DateTime
            | Ty::Date
            | Ty::Sid(_) => true,
            Ty::Named(n) => matches!(self.type_def(n), Some(TypeDef::Enum(_))),
            Ty::Any | Ty::Map(_) | Ty::Vec(_) | Ty::PageMeta => false,
        }
    }

    fn type_def(&self, name: &str) -> Option<&TypeDef> {
        let r = self.by_name.get(name)?;
        self.slots.get(r.slot)?.as_ref()
    }

    // ---------------------------------------------------------------- operations

    fn paths(&mut self) {
        let doc = self.doc;
        for (path, item) in doc.paths.iter() {
            let at = Pointer::root().at("paths").at(path);
            if !path.starts_with('/') {
                self.error(
                    &at,
                    format!("path `{path}` does not start with `/`; write it as `/{path}`"),
                );
            }
            let item = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { .. } => {
                    self.error(
                        &at.at("$ref"),
                        "path items given by `$ref` are not supported; write the path item \
                         inline",
                    );
                    continue;
                }
            };
            // Methods in the order the spec writes them.
            let order: Vec<String> = match self.raw_at(&at) {
                Some(serde_yaml::Value::Mapping(m)) => m
                    .keys()
                    .filter_map(|k| k.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            for key in order {
                let (method, op) = match key.as_str() {
                    "get" => (Method::Get, &item.get),
                    "post" => (Method::Post, &item.post),
                    "put" => (Method::Put, &item.put),
                    "patch" => (Method::Patch, &item.patch),
                    "delete" => (Method::Delete, &item.delete),
                    "head" | "options" | "trace" => {
                        self.error(
                            &at.at(&key),
                            format!(
                                "`{key}` operations are not supported; only get, post, put, \
                                 patch and delete become client methods: remove this one"
                            ),
                        );
                        continue;
                    }
                    other if METHODS.contains(&other.to_ascii_lowercase().as_str()) => {
                        self.error(
                            &at.at(&key),
                            format!(
                                "`{key}` is not an operation: method keys are lower case; \
                                 write `{}`",
                                other.to_ascii_lowercase()
                            ),
                        );
                        continue;
                    }
                    _ => continue,
                };
                if let Some(op) = op {
                    self.operation(path, method, &item.parameters, op, &at.at(&key));
                }
            }
        }
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        shared: &'a [ReferenceOr<Parameter>],
        op: &'a openapiv3::Operation,
        at: &Pointer,
    ) {
        let Some(id) = op.operation_id.clone() else {
            self.error(
                at,
                "the operation has no `operationId`; add one, such as `FetchThing`: it names \
                 the client method and the request type",
            );
            return;
        };
        if id.trim().is_empty() {
            self.error(
                &at.at("operationId"),
                "the `operationId` is empty; give it a name, such as `FetchThing`: it names \
                 the client method and the request type",
            );
            return;
        }
        if let Some(first) = self.operation_ids.get(&id) {
            let first = first.clone();
            self.error(
                &at.at("operationId"),
                format!(
                    "operationId `{id}` is used twice (first at {first}); operationIds name the \
                     client methods and must be unique"
                ),
            );
            return;
        }
        self.operation_ids.insert(id.clone(), at.at("operationId"));
        let request_name = self
            .type_names
            .claim(&[format!("{}Request", names::pascal(&id))]);
        let errors_before = self.diags.len();

        // Parameters: path-level ones, overridden by operation-level ones of the same name
        // and place. Each keeps two pointers: where it is defined (its keywords) and where
        // the operation lists it (the `$ref` or the inline definition).
        let mut merged: IndexMap<(String, &'static str), (&'a Parameter, Pointer, Pointer)> =
            IndexMap::new();
        let mut unresolved = false;
        for (list, base) in [
            (shared, at.clone().parent_path_params()),
            (&op.parameters[..], at.at("parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let site = base.at(i);
                let Some((param, def)) = self.resolve_param(p, &site) else {
                    unresolved = true;
                    continue;
                };
                let place = match param {
                    Parameter::Path { .. } => "path",
                    Parameter::Query { .. } => "query",
                    Parameter::Header { .. } => "header",
                    Parameter::Cookie { .. } => "cookie",
                };
                merged.insert(
                    (param.parameter_data_ref().name.clone(), place),
                    (param, def, site),
                );
            }
        }
        let declared: Vec<(String, Pointer)> = merged
            .iter()
            .filter(|((_, place), _)| *place == "path")
            .map(|((name, _), (_, _, site))| (name.clone(), site.clone()))
            .collect();

        let mut idents = Namespace::fields();
        let mut params = Vec::new();
        for wanted in ["path", "query", "header", "cookie"] {
            for ((name, place), (param, pat, _)) in &merged {
                if *place != wanted {
                    continue;
                }
                if wanted == "cookie" {
                    self.error(
                        &self.keyword(pat, "in"),
                        format!(
                            "`{name}` is a cookie parameter, which is not supported (Twilio's \
                             APIs take none); remove it, or send it as a header"
                        ),
                    );
                    continue;
                }
                let data = param.parameter_data_ref();
                if wanted == "path" && !data.required {
                    self.error(
                        &self.keyword(pat, "required"),
                        format!(
                            "path parameter `{name}` must be `required: true` (a path cannot \
                             leave out a placeholder); add `required: true`"
                        ),
                    );
                }
                if data.explode == Some(false) && wanted == "query" {
                    self.error(
                        &pat.at("explode"),
                        "`explode: false` is not supported: Twilio takes arrays as repeated \
                         keys; remove it",
                    );
                }
                let schema = match &data.format {
                    ParameterSchemaOrContent::Schema(s) => s,
                    ParameterSchemaOrContent::Content(_) => {
                        self.error(
                            &pat.at("content"),
                            "parameters described by `content` are not supported; describe \
                             the value with `schema`",
                        );
                        continue;
                    }
                };
                let hint = self.param_hint(&id, path, name);
                let sat = pat.at("schema");
                let Some(ty) = self.schema_or_ref_ty(schema, &sat, &hint) else {
                    continue;
                };
                let (target, target_at) = match schema {
                    ReferenceOr::Item(s) => (Some(s), sat.clone()),
                    ReferenceOr::Reference { reference } => {
                        match self.resolve_schema(reference, &sat) {
                            Some(r) => (Some(r.schema), r.pointer),
                            None => (None, sat.clone()),
                        }
                    }
                };
                let checks = match target {
                    Some(t) => self.checks(t, &target_at, None, &ty),
                    None => Vec::new(),
                };
                if wanted == "path" && !self.is_scalar(&ty) {
                    self.error(
                        &sat,
                        format!(
                            "path parameter `{name}` must be a scalar (a string, number, \
                             boolean, date, SID or string enum): an array or object has no \
                             place in a path"
                        ),
                    );
                    continue;
                }
                let location = match wanted {
                    "path" => Location::Path,
                    "query" => Location::Query,
                    _ => Location::Header,
                };
                params.push(Param {
                    location,
                    field: Field {
                        wire: name.clone(),
                        ident: idents.claim(&[names::snake(name)]),
                        ty,
                        required: data.required,
                        doc: with_default(
                            data.description.clone(),
                            target.and_then(|t| t.schema_data.default.as_ref()),
                        ),
                        deprecated: data.deprecated.unwrap_or(false),
                        pii: data
                            .extensions
                            .get("x-twilio")
                            .is_some_and(|x| x.get("pii").is_some()),
                        checks,
                    },
                });
            }
        }

        let path_parts = self.path_parts(path, &declared, unresolved, at);
        self.request_body(op, at, &id, &mut params, &mut idents);
        let (response, page_item) = self.response(op, at, &id);

        if self.diags.len() > errors_before {
            return;
        }
        let fn_name = self.methods.claim(&[names::snake(&id)]);
        let stream_fn = page_item
            .as_ref()
            .map(|_| self.methods.claim(&[format!("{fn_name}_stream")]));
        self.operations.push(Operation {
            fn_name,
            stream_fn,
            id,
            request_name,
            method,
            path: path.to_owned(),
            path_parts,
            summary: op.summary.clone(),
            doc: op.description.clone(),
            deprecated: op.deprecated,
            params,
            response,
            page_item,
        });
    }

    /// A parameter and the pointer to its definition; `site` is where the operation lists it.
    fn resolve_param(
        &mut self,
        p: &'a ReferenceOr<Parameter>,
        site: &Pointer,
    ) -> Option<(&'a Parameter, Pointer)> {
        let reference = match p {
            ReferenceOr::Item(param) => return Some((param, site.clone())),
            ReferenceOr::Reference { reference } => reference,
        };
        let rat = site.at("$ref");
        let Some(name) = reference
            .strip_prefix("#/components/parameters/")
            .filter(|n| !n.contains('/'))
        else {
            self.error(&rat, unsupported_ref(reference, "parameters"));
            return None;
        };
        let known = self.doc.components.as_ref().map(|c| &c.parameters);
        match known.and_then(|k| k.get(name)) {
            Some(ReferenceOr::Item(param)) => Some((
                param,
                Pointer::root().at("components").at("parameters").at(name),
            )),
            Some(ReferenceOr::Reference { .. }) => {
                self.error(
                    &rat,
                    format!(
                        "`$ref: {reference}` points at a parameter that is itself a `$ref`; \
                         point at the definition directly"
                    ),
                );
                None
            }
            None => {
                self.error(
                    &rat,
                    format!(
                        "`$ref: {reference}` points to nothing: there is no parameter `{name}` \
                         under #/components/parameters{}",
                        did_you_mean(name, known.into_iter().flat_map(|k| k.keys()))
                    ),
                );
                None
            }
        }
    }

    /// Naming hints for a parameter: a SID named after the resource before it in the path.
    fn param_hint(&self, op_id: &str, path: &str, name: &str) -> Hint {
        let sid_name = if name.eq_ignore_ascii_case("sid") {
            let placeholder = format!("{{{name}}}");
            let before = path
                .split('/')
                .take_while(|s| *s != placeholder)
                .filter(|s| !s.starts_with('{') && !s.is_empty())
                .last()
                .unwrap_or("Resource");
            format!("{}Sid", names::pascal(&names::singular(before)))
        } else {
            name.to_owned()
        };
        Hint {
            type_name: vec![format!("{}{}", names::pascal(op_id), names::pascal(name))],
            sid_name,
        }
    }

    /// Splits the path template at its placeholders and checks them against the declared
    /// path parameters (`declared`: names, and where the operation lists them). When a
    /// parameter `$ref` could not be resolved (`unresolved`), a placeholder without a
    /// parameter is not reported again.
    fn path_parts(
        &mut self,
        path: &str,
        declared: &[(String, Pointer)],
        unresolved: bool,
        at: &Pointer,
    ) -> Vec<PathPart> {
        let path_at = Pointer::root().at("paths").at(path);
        let mut parts = Vec::new();
        let mut rest = path;
        let mut seen = Vec::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(
                    &path_at,
                    format!("path `{path}` has a `{{` that is never closed; close it with `}}`"),
                );
                return parts;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            if name.is_empty() || name.contains('{') {
                self.error(
                    &path_at,
                    format!(
                        "path `{path}` has a malformed placeholder `{}`; a placeholder is a \
                         parameter name in braces, such as `{{Sid}}`",
                        &rest[open..=close]
                    ),
                );
                return parts;
            }
            if !unresolved && !declared.iter().any(|(d, _)| d == name) {
                self.error(
                    at,
                    format!(
                        "the path template has `{{{name}}}` but the operation declares no path \
                         parameter `{name}`{}; add one (`name: {name}`, `in: path`, \
                         `required: true`) to the operation's or the path item's `parameters`",
                        did_you_mean(name, declared.iter().map(|(d, _)| d))
                    ),
                );
            }
            seen.push(name.to_owned());
            parts.push(PathPart::Param(name.to_owned()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (name, site) in declared {
            if !seen.contains(name) {
                self.error(
                    site,
                    format!(
                        "path parameter `{name}` does not appear in the path template \
                         `{path}`{}; add `{{{name}}}` to the path, or correct the parameter's \
                         `name` or `in`",
                        did_you_mean(name, &seen)
                    ),
                );
            }
        }
        parts
    }

    fn request_body(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        id: &str,
        params: &mut Vec<Param>,
        idents: &mut Namespace,
    ) {
        let Some(body) = &op.request_body else { return };
        let (body, bat) = match body {
            ReferenceOr::Item(b) => (b, at.at("requestBody")),
            ReferenceOr::Reference { reference } => {
                let rat = at.at("requestBody").at("$ref");
                let Some(name) = reference
                    .strip_prefix("#/components/requestBodies/")
                    .filter(|n| !n.contains('/'))
                else {
                    self.error(&rat, unsupported_ref(reference, "requestBodies"));
                    return;
                };
                let known = self.doc.components.as_ref().map(|c| &c.request_bodies);
                match known.and_then(|k| k.get(name)) {
                    Some(ReferenceOr::Item(b)) => (
                        b,
                        Pointer::root()
                            .at("components")
                            .at("requestBodies")
                            .at(name),
                    ),
                    _ => {
                        self.error(
                            &rat,
                            format!(
                                "`$ref: {reference}` points to nothing: there is no request \
                                 body `{name}` under #/components/requestBodies{}",
                                did_you_mean(name, known.into_iter().flat_map(|k| k.keys()))
                            ),
                        );
                        return;
                    }
                }
            }
        };
        let Some((content_type, media)) = body.content.iter().next() else {
            return;
        };
        let mat = bat.at("content").at(content_type);
        if body.content.len() > 1 {
            self.error(
                &bat.at("content"),
                "a request body with several content types is not supported; keep one \
                 (application/x-www-form-urlencoded or application/json)",
            );
            return;
        }
        let Some(schema) = &media.schema else {
            self.error(
                &mat,
                "the request body has no schema; add one (for a form body, an object whose \
                 properties are the form fields)",
            );
            return;
        };
        let sat = mat.at("schema");
        let base = content_type.split(';').next().unwrap_or("").trim();
        if base == JSON {
            let hint = Hint {
                type_name: vec![format!("{}Body", names::pascal(id))],
                sid_name: "Sid".into(),
            };
            let Some(ty) = self.schema_or_ref_ty(schema, &sat, &hint) else {
                return;
            };
            // Tentative, as in `checks`: settled by `settle_nested`.
            let nested = match &ty {
                Ty::Named(n) => self.by_name.get(n).is_some_and(|r| !r.is_enum),
                _ => false,
            };
            let checks = if nested {
                vec![Check::Nested]
            } else {
                Vec::new()
            };
            params.push(Param {
                location: Location::JsonBody,
                field: Field {
                    wire: "body".into(),
                    ident: idents.claim(&["body".to_owned()]),
                    ty,
                    required: body.required,
                    doc: body.description.clone(),
                    deprecated: false,
                    pii: false,
                    checks,
                },
            });
            return;
        }
        if base != FORM {
            self.error(
                &mat,
                format!(
                    "request content type `{content_type}` is not supported; use {FORM} (as \
                     Twilio's APIs do) or {JSON}"
                ),
            );
            return;
        }
        let (schema, sat) = match schema {
            ReferenceOr::Item(s) => (s, sat),
            ReferenceOr::Reference { reference } => match self.resolve_schema(reference, &sat) {
                Some(r) => (r.schema, r.pointer),
                None => return,
            },
        };
        let v = view(schema);
        let Some(props) = v.properties else {
            if v.typ != Some("object") {
                self.error(
                    &sat,
                    "a form body must be an object with properties: each property is a form \
                     field",
                );
            }
            return;
        };
        for (name, enc) in &media.encoding {
            let eat = mat.at("encoding").at(name);
            if !props.contains_key(name) {
                self.error(
                    &eat,
                    format!(
                        "`encoding` names `{name}`, which is not a property of the body{}; \
                         correct the name or remove the entry",
                        did_you_mean(name, props.keys())
                    ),
                );
            }
            let explicit_false = matches!(
                self.raw_at(&eat.at("explode")),
                Some(serde_yaml::Value::Bool(false))
            );
            if explicit_false {
                self.error(
                    &eat.at("explode"),
                    "`explode: false` is not supported: Twilio takes arrays as repeated keys \
                     (`Key=a&Key=b`); remove it or write `explode: true`",
                );
            }
            if let Some(style) = &enc.style {
                if !matches!(style, openapiv3::QueryStyle::Form) {
                    self.error(
                        &eat.at("style"),
                        "only `style: form` is supported in form bodies; remove `style` or \
                         write `style: form`",
                    );
                }
            }
            if let Some(ct) = &enc.content_type {
                if ct != JSON && ct != "text/plain" {
                    self.error(
                        &eat.at("contentType"),
                        format!(
                            "content type `{ct}` of a form field is not supported; a field is \
                             sent as text/plain, or as {JSON} for objects"
                        ),
                    );
                }
            }
        }
        let request = names::pascal(id);
        for (wire, prop) in props {
            let p = sat.at("properties").at(wire);
            let hint = Hint {
                type_name: vec![format!("{request}{}", names::pascal(wire))],
                sid_name: wire.clone(),
            };
            if let Some(field) =
                self.field(wire, prop, &p, v.required.contains(wire), &hint, idents)
            {
                params.push(Param {
                    location: Location::Form,
                    field,
                });
            }
        }
        self.required_exist(v.required, props, &sat);
    }

    /// Checks that every name in `required` is a property; false when one is not.
    fn required_exist(
        &mut self,
        required: &[String],
        props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        at: &Pointer,
    ) -> bool {
        let mut ok = true;
        for (i, r) in required.iter().enumerate() {
            if !props.contains_key(r) {
                self.error(
                    &at.at("required").at(i),
                    format!(
                        "`required` names `{r}`, which is not among the properties{}; add the \
                         property or remove the name",
                        did_you_mean(r, props.keys())
                    ),
                );
                ok = false;
            }
        }
        ok
    }

    fn response(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        id: &str,
    ) -> (Response, Option<Ty>) {
        let rat = at.at("responses");
        let success = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((c.to_string(), r)),
                StatusCode::Range(2) => Some(("2XX".to_owned(), r)),
                _ => None,
            });
        let mut success: Vec<_> = success.collect();
        success.sort_by(|a, b| a.0.cmp(&b.0));
        let Some((code, response)) = success.into_iter().next() else {
            self.error(
                &rat,
                "the operation declares no 2xx response, so its success cannot be decoded; \
                 add one, such as `'200'` with an application/json schema or `'204'` without \
                 content",
            );
            return (Response::Empty, None);
        };
        let (response, cat) = match response {
            ReferenceOr::Item(r) => (r, rat.at(&code)),
            ReferenceOr::Reference { reference } => {
                let ref_at = rat.at(&code).at("$ref");
                let Some(name) = reference
                    .strip_prefix("#/components/responses/")
                    .filter(|n| !n.contains('/'))
                else {
                    self.error(&ref_at, unsupported_ref(reference, "responses"));
                    return (Response::Empty, None);
                };
                let known = self.doc.components.as_ref().map(|c| &c.responses);
                match known.and_then(|k| k.get(name)) {
                    Some(ReferenceOr::Item(r)) => {
                        (r, Pointer::root().at("components").at("responses").at(name))
                    }
                    _ => {
                        self.error(
                            &ref_at,
                            format!(
                                "`$ref: {reference}` points to nothing: there is no response \
                                 `{name}` under #/components/responses{}",
                                did_you_mean(name, known.into_iter().flat_map(|k| k.keys()))
                            ),
                        );
                        return (Response::Empty, None);
                    }
                }
            }
        };
        if response.content.is_empty() {
            return (Response::Empty, None);
        }
        let Some((json_type, media)) = response
            .content
            .iter()
            .find(|(ct, _)| ct.split(';').next().map(str::trim) == Some(JSON))
        else {
            let ct = response.content.keys().next().cloned().unwrap_or_default();
            self.error(
                &cat.at("content").at(&ct),
                format!(
                    "response content type `{ct}` is not supported: only {JSON} is decoded; \
                     describe the response as {JSON}, or drop `content` to ignore the body"
                ),
            );
            return (Response::Empty, None);
        };
        let Some(schema) = &media.schema else {
            return (Response::Json(Ty::Any), None);
        };
        let sat = cat.at("content").at(json_type).at("schema");
        let hint = Hint {
            type_name: vec![format!("{}Response", names::pascal(id))],
            sid_name: "Sid".into(),
        };
        let Some(ty) = self.schema_or_ref_ty(schema, &sat, &hint) else {
            return (Response::Empty, None);
        };
        let page_item = match &ty {
            Ty::Named(n) => match self.type_def(n) {
                Some(TypeDef::Struct(s)) => s.page_items.as_ref().and_then(|items| {
                    s.fields
                        .iter()
                        .find(|f| &f.ident == items)
                        .and_then(|f| match &f.ty {
                            Ty::Vec(inner) => Some((**inner).clone()),
                            _ => None,
                        })
                }),
                _ => None,
            },
            _ => None,
        };
        (Response::Json(ty), page_item)
    }

    /// Marks every struct reachable from a request parameter as outgoing.
    fn mark_outgoing(&mut self) {
        let mut todo: Vec<String> = Vec::new();
        for op in &self.operations {
            for p in &op.params {
                collect_named(&p.field.ty, &mut todo);
            }
        }
        while let Some(name) = todo.pop() {
            let Some(r) = self.by_name.get(&name) else {
                continue;
            };
            if let Some(TypeDef::Struct(s)) = &mut self.slots[r.slot] {
                if !s.outgoing {
                    s.outgoing = true;
                    for f in &s.fields {
                        collect_named(&f.ty, &mut todo);
                    }
                }
            }
        }
    }

    /// Keeps `Check::Nested` only where the struct has checks of its own.
    ///
    /// Lowering gives every struct-typed value a tentative `Nested`, because the struct's
    /// body may still wait in the work stack. Here every body is lowered: structs are
    /// settled those they contain first (with an explicit stack, as chains of structs can
    /// be long), then the operations' parameters.
    fn settle_nested(&mut self) {
        // Per slot: absent = not seen, false = its fields are being settled, true = done.
        let mut settled: HashMap<usize, bool> = HashMap::new();
        let mut has_checks: HashMap<String, bool> = HashMap::new();
        for start in 0..self.slots.len() {
            let mut stack = vec![start];
            while let Some(&slot) = stack.last() {
                let Some(TypeDef::Struct(s)) = &self.slots[slot] else {
                    stack.pop();
                    continue;
                };
                match settled.get(&slot) {
                    Some(true) => {
                        stack.pop();
                    }
                    Some(false) => {
                        stack.pop();
                        let Some(TypeDef::Struct(s)) = &mut self.slots[slot] else {
                            continue;
                        };
                        for f in &mut s.fields {
                            settle(&mut f.checks, &f.ty, &has_checks);
                        }
                        has_checks.insert(s.name.clone(), s.has_checks());
                        settled.insert(slot, true);
                    }
                    None => {
                        settled.insert(slot, false);
                        let mut inner = Vec::new();
                        for f in &s.fields {
                            collect_named(&f.ty, &mut inner);
                        }
                        // A struct met again while its own fields are settled is part of a
                        // cycle, which lowering has reported: it is not waited for.
                        stack.extend(
                            inner
                                .iter()
                                .filter_map(|n| self.by_name.get(n))
                                .map(|r| r.slot)
                                .filter(|s| !settled.contains_key(s)),
                        );
                    }
                }
            }
        }
        for op in &mut self.operations {
            for p in &mut op.params {
                settle(&mut p.field.checks, &p.field.ty, &has_checks);
            }
        }
    }
}

/// Drops the tentative `Check::Nested` of a value of type `ty` (and of its items or values)
/// when the struct it is about has no checks.
fn settle(checks: &mut Vec<Check>, ty: &Ty, has_checks: &HashMap<String, bool>) {
    match ty {
        Ty::Named(n) => {
            let keep = has_checks.get(n).copied().unwrap_or(false);
            checks.retain(|c| keep || !matches!(c, Check::Nested));
        }
        Ty::Vec(item) | Ty::Map(item) => {
            for c in checks.iter_mut() {
                if let Check::Each(each) = c {
                    settle(each, item, has_checks);
                }
            }
            // A map of typed values keeps its per-value check even when empty: the value
            // type itself is checked before sending (see `checks`, `Ty::Map`).
            let keep_empty = matches!(ty, Ty::Map(value) if **value != Ty::Any);
            checks.retain(|c| keep_empty || !matches!(c, Check::Each(each) if each.is_empty()));
        }
        _ => {}
    }
}

fn collect_named(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named(n) => out.push(n.clone()),
        Ty::Vec(t) | Ty::Map(t) => collect_named(t, out),
        _ => {}
    }
}

fn is_named_kind(v: &View<'_>) -> bool {
    is_enum_kind(v) || v.properties.is_some_and(|p| !p.is_empty())
}

/// Whether a schema becomes a Rust enum.
fn is_enum_kind(v: &View<'_>) -> bool {
    v.typ == Some("string") && !v.enumeration.is_empty()
}

impl Hint {
    fn plain(name: &str) -> Self {
        Hint {
            type_name: vec![names::pascal(name)],
            sid_name: name.to_owned(),
        }
    }
}

trait PathParams {
    fn parent_path_params(self) -> Pointer;
}

impl PathParams for Pointer {
    /// From `/paths/{p}/{method}` to `/paths/{p}/parameters`.
    fn parent_path_params(self) -> Pointer {
        let segs: Vec<String> = self.segments().collect();
        let mut p = Pointer::root();
        for s in &segs[..segs.len().saturating_sub(1)] {
            p = p.at(s);
        }
        p.at("parameters")
    }
}

/// The HTTP methods OpenAPI 3.0 knows as path item keys.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The types OpenAPI 3.0 knows.
const TYPES: &[&str] = &["string", "integer", "number", "boolean", "array", "object"];

/// Why a `$ref` that does not point at `#/components/{section}/<name>` is refused.
fn unsupported_ref(reference: &str, section: &str) -> String {
    if reference.trim().is_empty() {
        format!("the `$ref` is empty; point it at an entry of #/components/{section}")
    } else if reference.starts_with('#') {
        format!(
            "`$ref: {reference}` is not supported: it must point at an entry of \
             #/components/{section}, as in `#/components/{section}/name`"
        )
    } else {
        format!(
            "`$ref: {reference}` points into another document; references must stay within \
             this file: copy the definition under #/components/{section} and point at it there"
        )
    }
}

/// ` (did you mean `x`?)` when one of the known names is close to `name`, else nothing.
fn did_you_mean<'n, S: AsRef<str> + 'n>(
    name: &str,
    known: impl IntoIterator<Item = &'n S>,
) -> String {
    let wanted = name.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let k = k.as_ref();
        let d = edit_distance(&wanted, &k.to_ascii_lowercase());
        let limit = (wanted.chars().count().max(k.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    match best {
        Some((_, k)) => format!(" (did you mean `{k}`?)"),
        None => String::new(),
    }
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(here).min(row[j])
            };
            prev = here;
        }
    }
    row[b.len()]
}

/// A field's documentation, with the spec's `default` (the value the server assumes when
/// the field is not sent) added as a last paragraph.
fn with_default(doc: Option<String>, default: Option<&serde_json::Value>) -> Option<String> {
    let Some(default) = default else { return doc };
    let line = format!("When not sent, the server takes `{default}`.");
    Some(match doc {
        Some(d) => format!("{}\n\n{line}", d.trim_end()),
        None => line,
    })
}
