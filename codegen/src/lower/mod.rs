//! Lowering: from the OpenAPI document to the intermediate model (`ir`).
//!
//! Every problem is recorded as a diagnostic with the JSON pointer of the node that
//! caused it, and lowering goes on where it can so that one run reports them all.

use crate::error::{Diagnostic, Error, Pointer};
use crate::ir::*;
use crate::media::{self, FORM, JSON, JSON_TYPES};
use crate::names::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    Schema, SchemaKind, StatusCode, Type,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod bodies;
mod checks;
pub(crate) mod client;
mod components;
mod conventions;
pub(crate) mod handles;
mod operations;
mod refs;
mod responses;
mod schemas;
mod settle;
#[cfg(test)]
pub(crate) use samples::{FORMATS, from_pattern, of_format_shape};
pub(crate) use settle::model;
mod samples;
mod security;
mod unions;
mod view;

use components::*;
use conventions::*;
use refs::*;
use view::*;

/// The order in which `new` takes the required values of `fields` (each with its location,
/// `None` in a struct), as indices into `fields`: path parameters in the order `path`
/// names them, then the others by wire name, then location. See
/// [`Operation::new_args`](crate::ir::Operation::new_args) for why.
fn new_args(fields: &[(&Field, Option<Location>)], path: &[PathPart]) -> Vec<usize> {
    let key = |i: usize| -> (usize, &str, Option<u8>) {
        let (f, location) = fields[i];
        match location {
            Some(Location::Path) => {
                let place = path
                    .iter()
                    .position(|p| matches!(p, PathPart::Param(w) if *w == f.wire));
                (place.unwrap_or(usize::MAX), "", None)
            }
            other => (usize::MAX, f.wire.as_str(), other.map(|l| l as u8)),
        }
    };
    let mut args: Vec<usize> = (0..fields.len())
        .filter(|&i| fields[i].0.required)
        .collect();
    args.sort_by_key(|&i| key(i));
    args
}

/// Lowers a parsed spec. `raw` is the same document as YAML, for the few keywords that
/// `openapiv3` does not keep (key order of methods, `explode` as written).
pub fn lower(file: &str, doc: &OpenAPI, raw: &serde_yaml::Value) -> Result<Api, Error> {
    // A first pass meets every use of every SID prefix, which settles the SID types' names
    // (`settle_sids`); the second lowers with those names.
    let client = client::decide();
    let mut first = Lower::new(doc, raw, BTreeMap::new(), &client);
    first.run();
    if !first.diags.is_empty() {
        return Err(crate::raw::in_document_order(file, raw, first.diags));
    }
    let mut cx = Lower::new(doc, raw, first.settle_sids(), &client);
    cx.run();
    if !cx.diags.is_empty() {
        return Err(crate::raw::in_document_order(file, raw, cx.diags));
    }
    cx.settle_nested();
    // Every registered type has been lowered, or an error reported, so no entry is empty.
    let Some(types) = cx.slots.into_iter().map(|s| s.def).collect() else {
        return Err(Error::one(
            file,
            "",
            "internal error: a named type was registered but never lowered",
        ));
    };
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
        security_schemes: cx.security_schemes,
        // Decided once the settings are known (`settle`).
        handles: Handles::default(),
        patterns: Vec::new(),
        output: Output::default(),
        client,
        samples: None,
    })
}

/// How a schema is reached: decides the names of types made for it.
#[derive(Clone)]
struct Hint {
    /// Name for an inline struct or enum made from this schema.
    type_name: Vec<String>,
    /// Name for a SID type met here.
    sid_name: String,
    /// What a SID met here identifies, which ranks the name it wants (see
    /// `Lower::settle_sids`).
    sid_place: SidPlace,
}

/// Where a SID is met, in the order in which such places name its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SidPlace {
    /// The identifier of the struct it is in (`Service.sid`).
    Own,
    /// The path parameter that identifies a resource (`/Services/{Sid}`).
    Path,
    /// A reference to another resource (`account_sid`), or anything else.
    Reference,
}

impl SidPlace {
    /// `place` when the property or parameter is its resource's identifier, else
    /// `Reference`.
    fn of(own_id: bool, place: SidPlace) -> Self {
        if own_id { place } else { SidPlace::Reference }
    }
}

/// An entry of the type table, which `TypeId`s index. A component's entry is made when
/// its name is claimed, before its body is lowered, so that a reference to it can be typed
/// and checked while its body waits in the work stack.
struct Slot {
    /// Whether the type is an enum (known before its body is lowered).
    is_enum: bool,
    /// The definition, once lowered.
    def: Option<TypeDef>,
}

struct Lower<'a> {
    doc: &'a OpenAPI,
    raw: &'a serde_yaml::Value,
    diags: Vec<Diagnostic>,
    sids: Vec<SidDef>,
    sid_by_prefix: BTreeMap<String, String>,
    /// Every place a SID was met: its prefix, how it was reached, where.
    sid_uses: Vec<(String, Hint, Pointer)>,
    /// The name of each prefix's SID type and the place that gave it, settled by a first
    /// pass (empty in that pass).
    settled_sids: BTreeMap<String, (String, Pointer)>,
    type_names: Namespace,
    /// Component schema name -> (type ID, Rust name) for components that are named types.
    component_slots: IndexMap<String, (TypeId, String)>,
    /// The type table, indexed by `TypeId`: components first, in component order, then
    /// inline types as met.
    slots: Vec<Slot>,
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
    /// The API's conventions on top of plain OpenAPI.
    conventions: &'static dyn Conventions,
    operations: Vec<Operation>,
    operation_ids: HashMap<String, Pointer>,
    /// `Client` method names.
    methods: Namespace,
    /// The declared schemes the client can honour, by name.
    security_schemes: Vec<(String, SecurityScheme)>,
    /// The document's `security`, for operations without their own.
    default_security: Vec<Auth>,
}

impl<'a> Lower<'a> {
    fn new(
        doc: &'a OpenAPI,
        raw: &'a serde_yaml::Value,
        settled_sids: BTreeMap<String, (String, Pointer)>,
        client: &ClientDef,
    ) -> Self {
        Lower {
            doc,
            raw,
            diags: Vec::new(),
            sids: Vec::new(),
            sid_by_prefix: BTreeMap::new(),
            sid_uses: Vec::new(),
            settled_sids,
            type_names: Namespace::types(),
            component_slots: IndexMap::new(),
            slots: Vec::new(),
            in_progress: Vec::new(),
            body: None,
            depth: 0,
            body_depth: 0,
            too_deep: false,
            cycles: BTreeSet::new(),
            done: HashMap::new(),
            conventions: &Twilio,
            operations: Vec::new(),
            operation_ids: HashMap::new(),
            methods: Namespace::methods(client.reserved()),
            security_schemes: Vec::new(),
            default_security: Vec::new(),
        }
    }

    /// Lowers the whole document into `self`.
    fn run(&mut self) {
        self.security();
        self.components();
        self.paths();
        self.order_unions();
        self.mark_outgoing();
    }

    /// The name of each SID prefix's type, as a function of all the places that use the
    /// prefix, never of the order they are met in: the name wanted by a struct's own `sid`
    /// (`Service.sid` gives `ServiceSid`), else by a path's `{Sid}` (`/Services/{Sid}`), else
    /// by any place (`account_sid` gives `AccountSid`); among several, one that says it is a
    /// SID (`ByocTrunkSid` rather than a form field `Byoc`), then the shortest, then the
    /// first in alphabetical order. When two prefixes want one name, the first prefix in
    /// alphabetical order has it and the other's name ends with its prefix
    /// (`ChannelSidUo`). So adding a property that refers to a resource
    /// (`Service.default_template_sid`) never renames its SID type (`VerificationTemplateSid`,
    /// from `VerificationTemplate.sid`).
    fn settle_sids(&self) -> BTreeMap<String, (String, Pointer)> {
        type Rank = (SidPlace, bool, usize, String);
        let mut best: BTreeMap<&str, (Rank, &Pointer)> = BTreeMap::new();
        for (prefix, hint, at) in &self.sid_uses {
            let name = names::pascal(&hint.sid_name);
            let rank = (hint.sid_place, !name.ends_with("Sid"), name.len(), name);
            if best.get(prefix.as_str()).is_none_or(|(b, _)| rank < *b) {
                best.insert(prefix, (rank, at));
            }
        }
        let mut taken = BTreeSet::new();
        best.into_iter()
            .map(|(prefix, ((_, _, _, name), at))| {
                let name = if taken.insert(name.clone()) {
                    name
                } else {
                    format!("{name}{}", names::pascal(prefix))
                };
                (prefix.to_owned(), (name, at.clone()))
            })
            .collect()
    }

    fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// A new entry of the type table, its definition to come.
    fn register(&mut self, is_enum: bool) -> TypeId {
        self.slots.push(Slot { is_enum, def: None });
        TypeId::new(self.slots.len() - 1)
    }

    /// Whether the named type `id` is an enum (known before its definition is lowered).
    fn is_enum(&self, id: TypeId) -> bool {
        self.slots[id.index()].is_enum
    }

    /// The definition of the named type `id`, once lowered.
    fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.slots[id.index()].def.as_ref()
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
}

impl Hint {
    fn plain(name: &str) -> Self {
        Hint {
            type_name: vec![names::pascal(name)],
            sid_name: name.to_owned(),
            sid_place: SidPlace::Reference,
        }
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
