//! Explains a spec change in API terms: what it means for users of the generated crate.
//!
//! [`diff`] builds the model of each spec exactly as generation does ([`diff_with`]: with
//! the same settings, so an operation a filtered crate leaves out gives no line) and
//! compares the two models, and nothing else: whatever the generator decides (names,
//! argument order, types, filters) is what is compared. Every [`Change`] names the Rust
//! item a user sees (`CreateChallengeRequest`, `Client::fetch_challenge`,
//! `ChallengeStatus`) and points into the spec through the item's origin in the model
//! (`#/paths/…/post/requestBody/…/properties/ReviewNote`). Each change prints as one line:
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
//! - a type, SID type or enum value removed; an enum turned into a struct or back; an enum
//!   variant that stands for another wire value;
//! - a type renamed (`X is renamed to Y`, saying whether the shape is the same): a removed
//!   type whose every use that both specs share now holds one type of the new spec, as when
//!   Twilio moves inline enums into components; those uses then give no line of their own.
//!   SID types are paired by prefix, so a SID type with a new name is renamed too;
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
//! **docs**: a doc that the generated code shows, changed, added or removed on an item
//! that both models have: an operation's summary or description, a type's description, a
//! field's or parameter's description (with the default it documents, never sent). The
//! pointer is the item's own node (its doc may come from a schema it refers to). Several
//! items documented by one node (a shared parameter) give one line, `A (and 4 more)`.
//! Examples, `externalDocs` and `info.description` appear in no generated doc: no line.
//!
//! Anything else that leaves the generated API alone (reformatting, comments, key order,
//! tags) gives no line. The spec's text is read only to order the lines. Lines come in spec order (of the new spec; something removed sorts
//! after what remains of its parent). Pointers point into the new spec, except for
//! removals, which point into the old one.

mod renames;
mod report;

pub use report::{Bump, Format, render};

use crate::error::{Error, Pointer};
use crate::ir::*;
use crate::raw;
use crate::settings::Settings;
use serde_yaml::Value;
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
    /// The rule that found it, a stable name such as `field-added` or
    /// `new-arguments-changed` (see the [module docs](self)).
    pub rule: &'static str,
    /// The Rust item concerned, such as `CreateChallengeRequest` or `Client::list_challenge`.
    pub item: String,
    /// JSON pointer (RFC 6901) into the new spec, or into the old one for a removal.
    pub pointer: String,
    /// What changes, such as `gains optional field review_note (ReviewNote)`.
    pub message: String,
    /// What it was, where one value says it (a type, a wire name, an argument list).
    pub old: Option<String>,
    /// What it is now, likewise.
    pub new: Option<String>,
}

impl Change {
    /// Sets what the changed thing was and is.
    fn values(&mut self, old: impl Into<String>, new: impl Into<String>) {
        self.old = Some(old.into());
        self.new = Some(new.into());
    }
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
    diff_with(old, old_name, new, new_name, &Settings::default())
}

/// [`diff`] of the crates generated with `settings` (the operation filter above all: an
/// operation the crate does not contain gives no line).
pub fn diff_with(
    old: &str,
    old_name: &str,
    new: &str,
    new_name: &str,
    settings: &Settings,
) -> Result<Vec<Change>, Error> {
    // Aliases of renamed types name the new spec's types: the old spec is read without them.
    let mut before = settings.clone();
    before.renamed.clear();
    let old = Side::load(old, old_name, &before)?;
    let new = Side::load(new, new_name, settings)?;
    let mut cx = Diff {
        old: &old,
        new: &new,
        renames: renames::find(&old.api, &new.api),
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

/// One spec: the model the generator builds from it (with the same settings), and its raw
/// tree, which only orders the lines.
struct Side {
    raw: Value,
    api: Api,
}

impl Side {
    fn load(text: &str, file: &str, settings: &Settings) -> Result<Self, Error> {
        let (raw, api) = crate::lower::model(text, file, settings)?;
        Ok(Side { raw, api })
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

// ---------------------------------------------------------------- comparing

struct Diff<'a> {
    old: &'a Side,
    new: &'a Side,
    /// Types of the old model that the new one has under another name.
    renames: renames::Renames,
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
    /// Records a change (once); its old and new values can be set on what it returns.
    fn push(
        &mut self,
        kind: Kind,
        rule: &'static str,
        item: impl Into<String>,
        at: &Pointer,
        message: String,
    ) -> &mut Change {
        let change = Change {
            kind,
            rule,
            item: item.into(),
            pointer: at.to_string(),
            message,
            old: None,
            new: None,
        };
        let i = match self.out.iter().position(|c| *c == change) {
            Some(i) => i,
            None => {
                self.out.push(change);
                self.out.len() - 1
            }
        };
        &mut self.out[i]
    }

    /// The changes in the new spec's document order, then the old one's (for what was
    /// removed under one node); stable, so changes at one node keep the order in which they
    /// were found.
    fn finish(self) -> Vec<Change> {
        let (old, new) = (&self.old.raw, &self.new.raw);
        let mut out = grouped(self.out);
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
                "base-url-changed",
                "Client",
                &at,
                format!("default base URL becomes {new} (was {old})"),
            )
            .values(old, new);
        }
    }

    /// SID types, paired by prefix (what they are): one whose name changes is renamed.
    fn sids(&mut self) {
        let (old, new) = (self.old, self.new);
        for pair in pairs(&old.api.sids, &new.api.sids, |s| s.prefix.clone()) {
            match pair {
                (None, Some(n)) => {
                    self.push(
                        Kind::Compatible,
                        "sid-type-added",
                        &n.name,
                        &n.origin,
                        format!("added (SID type, prefix `{}`)", n.prefix),
                    );
                }
                (Some(o), None) => {
                    self.push(
                        Kind::Breaking,
                        "sid-type-removed",
                        &o.name,
                        &o.origin,
                        format!("removed (SID type, prefix `{}`)", o.prefix),
                    );
                }
                (Some(o), Some(n)) if o.name != n.name => {
                    let (kind, kept) = self.kept(&o.name, &n.name);
                    self.push(
                        kind,
                        "type-renamed",
                        &o.name,
                        &n.origin,
                        format!(
                            "is renamed to {} (SID type, prefix `{}`: the same values){kept}",
                            n.name, n.prefix
                        ),
                    )
                    .values(&o.name, &n.name);
                }
                _ => {}
            }
        }
    }

    /// How a rename of `old` to `new` counts: breaking, unless the settings keep `old` as an
    /// alias of `new` (then compatible, and the message says so).
    fn kept(&self, old: &str, new: &str) -> (Kind, &'static str) {
        let pair = (old.to_owned(), new.to_owned());
        if self.new.api.output.aliases.contains(&pair) {
            (Kind::Compatible, "; the old name stays, a deprecated alias")
        } else {
            (Kind::Breaking, "")
        }
    }

    /// A type that the new model has under another name (see `renames`): one line, and its
    /// shape compared under the new name. `o` and `n` are of the same kind or the shape is
    /// said to change.
    fn renamed(&mut self, o: &'a TypeDef, n: &'a TypeDef) {
        let at = n.origin().clone();
        let line = self.out.len();
        match (o, n) {
            (TypeDef::Enum(a), TypeDef::Enum(b)) => self.enums(a, b),
            (TypeDef::Struct(a), TypeDef::Struct(b)) => self.structs(a, b),
            (TypeDef::Union(a), TypeDef::Union(b)) => self.unions(a, b),
            _ => {}
        }
        let same = self.out.len() == line && kind_name(o) == kind_name(n);
        let shape = if same {
            "the same shape".to_owned()
        } else {
            format!("{} {}, whose shape differs", kind_name(n), n.name())
        };
        let (kind, kept) = self.kept(o.name(), n.name());
        let mut change = Change {
            kind,
            rule: "type-renamed",
            item: o.name().to_owned(),
            pointer: at.to_string(),
            message: format!("is renamed to {} ({shape}){kept}", n.name()),
            old: None,
            new: None,
        };
        change.values(o.name(), n.name());
        self.out.insert(line, change);
    }

    fn types(&mut self) {
        let (old, new) = (self.old, self.new);
        let renamed_to: Vec<String> = self.renames.values().cloned().collect();
        for pair in pairs(&old.api.types, &new.api.types, |t| t.name().to_owned()) {
            match pair {
                (None, Some(n)) if renamed_to.iter().any(|r| r == n.name()) => {}
                (None, Some(n)) => {
                    self.push(
                        Kind::Compatible,
                        "type-added",
                        n.name(),
                        n.origin(),
                        format!("added ({})", kind_name(n)),
                    );
                }
                (Some(o), None) => match self.renames.get(o.name()).cloned() {
                    Some(to) => {
                        if let Some(n) = new.api.find_type(&to) {
                            self.renamed(o, new.api.type_def(n));
                        }
                    }
                    None => {
                        let alias = new
                            .api
                            .output
                            .aliases
                            .iter()
                            .find(|(old, _)| old == o.name());
                        let (kind, message) = match alias {
                            Some((_, to)) => (
                                Kind::Compatible,
                                format!(
                                    "removed ({}); the name stays, a deprecated alias of {to}",
                                    kind_name(o)
                                ),
                            ),
                            None => (Kind::Breaking, format!("removed ({})", kind_name(o))),
                        };
                        self.push(kind, "type-removed", o.name(), o.origin(), message);
                    }
                },
                (Some(TypeDef::Enum(o)), Some(TypeDef::Enum(n))) => self.enums(o, n),
                (Some(TypeDef::Struct(o)), Some(TypeDef::Struct(n))) => self.structs(o, n),
                (Some(TypeDef::Union(o)), Some(TypeDef::Union(n))) => self.unions(o, n),
                (Some(o), Some(n)) => {
                    self.push(
                        Kind::Breaking,
                        "type-kind-changed",
                        n.name(),
                        n.origin(),
                        format!("changes from {} to {}", kind_name(o), kind_name(n)),
                    )
                    .values(kind_name(o), kind_name(n));
                }
                (None, None) => {}
            }
        }
    }

    /// The variants of an enum, paired by Rust name as code that matches on them sees them
    /// (a value renamed by de-duplication, `Head2`, is the variant that goes).
    fn enums(&mut self, o: &EnumDef, n: &EnumDef) {
        for pair in pairs(&o.variants, &n.variants, |v| v.ident.clone()) {
            match pair {
                (None, Some(v)) => {
                    self.push(
                        Kind::Compatible,
                        "enum-variant-added",
                        &n.name,
                        &v.origin,
                        format!("gains variant {} (`{}`)", v.ident, v.wire),
                    );
                }
                (Some(v), None) => {
                    self.push(
                        Kind::Breaking,
                        "enum-variant-removed",
                        &n.name,
                        &v.origin,
                        format!(
                            "loses variant {} (`{}`; it now decodes as Unknown)",
                            v.ident, v.wire
                        ),
                    );
                }
                (Some(a), Some(b)) if a.wire != b.wire => {
                    self.push(
                        Kind::Breaking,
                        "enum-variant-value-changed",
                        &n.name,
                        &b.origin,
                        format!(
                            "variant {} now stands for `{}` (was `{}`): code that sends it sends \
                         another value",
                            b.ident, b.wire, a.wire
                        ),
                    )
                    .values(&a.wire, &b.wire);
                }
                _ => {}
            }
        }
    }

    /// The shapes of a `oneOf`/`anyOf`. The enum is non-exhaustive with `Unknown`, so a new
    /// shape is compatible (such values decoded as `Unknown` before); a shape removed or
    /// holding another type breaks code that matches on it.
    fn unions(&mut self, o: &UnionDef, n: &UnionDef) {
        let sides = (self.old, self.new);
        let at = n.origin.clone();
        for pair in pairs(&o.variants, &n.variants, |v| v.ident.clone()) {
            match pair {
                (None, Some(v)) => {
                    self.push(
                        Kind::Compatible,
                        "union-variant-added",
                        &n.name,
                        &at,
                        format!("gains variant {}({})", v.ident, self.new.rust_ty(&v.ty)),
                    );
                }
                (Some(v), None) => {
                    self.push(
                        Kind::Breaking,
                        "union-variant-removed",
                        &n.name,
                        &o.origin,
                        format!(
                            "loses variant {} (such values now decode as Unknown)",
                            v.ident
                        ),
                    );
                }
                (Some(a), Some(b)) if !self.same_ty(&a.ty, &b.ty) => {
                    self.push(
                        Kind::Breaking,
                        "union-variant-type-changed",
                        &n.name,
                        &at,
                        format!(
                            "variant {} changes from {} to {}",
                            b.ident,
                            self.old.rust_ty(&a.ty),
                            self.new.rust_ty(&b.ty)
                        ),
                    )
                    .values(sides.0.rust_ty(&a.ty), sides.1.rust_ty(&b.ty));
                }
                _ => {}
            }
        }
        if o.discriminator != n.discriminator {
            self.push(
                Kind::Breaking,
                "union-discriminator-changed",
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
        let at = n.origin.clone();
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
            self.push(
                kind,
                "struct-sent-changed",
                &n.name,
                &at,
                message.to_owned(),
            );
        }
        match (&o.paging, &n.paging) {
            (None, Some(_)) => {
                self.push(
                    Kind::Compatible,
                    "paging-added",
                    &n.name,
                    &at,
                    "now implements Paged".to_owned(),
                );
            }
            (Some(_), None) => {
                self.push(
                    Kind::Breaking,
                    "paging-removed",
                    &n.name,
                    &at,
                    "no longer implements Paged".to_owned(),
                );
            }
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
                (None, Some(n)) => {
                    self.whole_operation((Kind::Compatible, "operation-added", "added"), n)
                }
                (Some(o), None) => {
                    self.whole_operation((Kind::Breaking, "operation-removed", "removed"), o)
                }
                (Some(o), Some(n)) => self.operation(o, n),
                (None, None) => {}
            }
        }
    }

    /// An operation added or removed, with its request type and stream.
    fn whole_operation(&mut self, (kind, rule, verb): (Kind, &'static str, &str), op: &Operation) {
        let stream = match &op.stream_fn {
            Some(s) => format!(" and Client::{s}"),
            None => String::new(),
        };
        self.push(
            kind,
            rule,
            format!("Client::{}", op.fn_name),
            &op.origin,
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
        let sides = (self.old, self.new);
        let at = n.origin.clone();
        let item = format!("Client::{}", n.fn_name);
        self.operation_renames(o, n, &at);
        if (o.method, &o.path) != (n.method, &n.path) {
            self.push(
                Kind::Compatible,
                "operation-endpoint-changed",
                &item,
                &at,
                format!(
                    "now sends {} {} (was {} {})",
                    n.method.as_str(),
                    n.path,
                    o.method.as_str(),
                    o.path
                ),
            )
            .values(
                format!("{} {}", o.method.as_str(), o.path),
                format!("{} {}", n.method.as_str(), n.path),
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
                "response-type-changed",
                &item,
                &at,
                format!(
                    "returns {} instead of {}",
                    show(self.new, &n.response),
                    show(self.old, &o.response)
                ),
            )
            .values(show(sides.0, &o.response), show(sides.1, &n.response));
        }
        self.stream(&o.stream_fn, &n.stream_fn, &at);
        if o.deprecated != n.deprecated {
            self.push(
                Kind::Compatible,
                "operation-deprecation-changed",
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
        let (old, new): (Vec<&Field>, Vec<&Field>) = (old.collect(), new.collect());
        let same = old.len() == new.len()
            && old
                .iter()
                .zip(&new)
                .all(|(a, b)| a.ident == b.ident && self.same_ty(&a.ty, &b.ty));
        if !same {
            let show = |side: &Side, args: &[&Field]| {
                let list: Vec<String> = args
                    .iter()
                    .map(|f| format!("{}: {}", f.ident, side.rust_ty(&f.ty)))
                    .collect();
                format!("({})", list.join(", "))
            };
            let (was, now) = (show(self.old, &old), show(self.new, &new));
            self.push(
                Kind::Breaking,
                "new-arguments-changed",
                format!("{owner}::new"),
                at,
                format!("takes {now} (was {was})"),
            )
            .values(&was, &now);
        }
    }

    /// A renamed client method or request type of one operation.
    fn operation_renames(&mut self, o: &Operation, n: &Operation, at: &Pointer) {
        if o.fn_name != n.fn_name {
            self.push(
                Kind::Breaking,
                "client-method-renamed",
                format!("Client::{}", o.fn_name),
                at,
                format!("is renamed to Client::{}", n.fn_name),
            )
            .values(&o.fn_name, &n.fn_name);
        }
        if o.request_name != n.request_name {
            self.push(
                Kind::Breaking,
                "request-type-renamed",
                &o.request_name,
                at,
                format!("is renamed to {}", n.request_name),
            )
            .values(&o.request_name, &n.request_name);
        }
    }

    /// The list stream of one operation added, removed or renamed.
    fn stream(&mut self, old: &Option<String>, new: &Option<String>, at: &Pointer) {
        match (old, new) {
            (None, Some(s)) => {
                self.push(
                    Kind::Compatible,
                    "stream-added",
                    format!("Client::{s}"),
                    at,
                    "added (streams every item of every page)".to_owned(),
                );
            }
            (Some(s), None) => {
                self.push(
                    Kind::Breaking,
                    "stream-removed",
                    format!("Client::{s}"),
                    at,
                    "removed".to_owned(),
                );
            }
            (Some(a), Some(b)) if a != b => {
                self.push(
                    Kind::Breaking,
                    "stream-renamed",
                    format!("Client::{a}"),
                    at,
                    format!("is renamed to Client::{b}"),
                )
                .values(a, b);
            }
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
        self.push(kind, "credentials-changed", item, at, message);
    }

    /// Fields of a struct or parameters of a request. `outgoing`: users build and send
    /// values of `owner` (required fields are arguments of `new`, constraints are checked).
    fn fields(&mut self, owner: &str, outgoing: bool, old: &[Slot<'_>], new: &[Slot<'_>]) {
        let had_default = old.iter().all(|s| !s.field.required);
        for pair in pairs(old, new, |s| s.field.ident.clone()) {
            match pair {
                (None, Some(n)) => {
                    let f = n.field;
                    let at = f.origin.clone();
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
                    self.push(kind, "field-added", owner, &at, message);
                }
                (Some(o), None) => {
                    let f = o.field;
                    self.push(
                        Kind::Breaking,
                        "field-removed",
                        owner,
                        &f.origin,
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
        let sides = (self.old, self.new);
        let (a, b) = (o.field, n.field);
        let at = b.origin.clone();
        let name = format!("field {} ({})", b.ident, b.wire);
        let same_ty = self.same_ty(&a.ty, &b.ty);
        if !same_ty {
            self.push(
                Kind::Breaking,
                "field-type-changed",
                owner,
                &at,
                format!(
                    "{name} changes type from {} to {}",
                    self.old.declared(a),
                    self.new.declared(b)
                ),
            )
            .values(sides.0.declared(a), sides.1.declared(b));
        } else if a.required != b.required {
            let (kind, message) = self.required_change(owner, outgoing, &name, a, b);
            self.push(kind, "field-required-changed", owner, &at, message);
        }
        if a.wire != b.wire {
            self.push(
                Kind::Compatible,
                "field-wire-name-changed",
                owner,
                &at,
                format!("{name} is now `{}` on the wire (was `{}`)", b.wire, a.wire),
            )
            .values(&a.wire, &b.wire);
        }
        if let (Some(x), Some(y)) = (o.location, n.location) {
            if x != y {
                self.push(
                    Kind::Compatible,
                    "field-location-changed",
                    owner,
                    &at,
                    format!("{name} is now sent as a {} (was a {})", y.name(), x.name()),
                )
                .values(x.name(), y.name());
            }
            if a.pii != b.pii {
                let message = now(b.pii, "marked as personal data");
                self.push(
                    Kind::Compatible,
                    "field-pii-changed",
                    owner,
                    &at,
                    format!("{name} {message}"),
                );
            }
        }
        if a.deprecated != b.deprecated {
            let message = now(b.deprecated, "deprecated");
            self.push(
                Kind::Compatible,
                "field-deprecation-changed",
                owner,
                &at,
                format!("{name} {message}"),
            );
        }
        if outgoing && same_ty {
            if let Some((kind, message)) = constraints(&a.checks, &b.checks) {
                self.push(
                    kind,
                    "field-constraints-changed",
                    owner,
                    &at,
                    format!("{name} {message}"),
                );
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
                let old = self.old.api.type_name(*x);
                self.renames.get(old).map_or(old, String::as_str) == self.new.api.type_name(*y)
            }
            (Ty::Sid(x), Ty::Sid(y)) => {
                let prefix = |api: &Api, name: &str| {
                    api.sids
                        .iter()
                        .find(|s| s.name == name)
                        .map(|s| s.prefix.clone())
                };
                prefix(&self.old.api, x) == prefix(&self.new.api, y)
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

    /// Documentation that the generated code shows (the model's summaries and docs, which
    /// hold a field's default too), changed on items that both models have: operations,
    /// types, and fields of structs and requests. Examples and other keywords that no
    /// generated doc shows give no line.
    fn docs(&mut self) {
        let (old, new) = (self.old, self.new);
        for pair in pairs(&old.api.operations, &new.api.operations, |op| op.id.clone()) {
            let (Some(o), Some(n)) = pair else { continue };
            let item = format!("Client::{}", n.fn_name);
            let at = &n.origin;
            self.doc(&item, &at.at("summary"), "summary", &o.summary, &n.summary);
            self.doc(&item, &at.at("description"), "description", &o.doc, &n.doc);
            let fields = |op: &'a Operation| op.params.iter().map(|p| &p.field).collect();
            self.field_docs(&n.request_name, fields(o), fields(n));
        }
        for pair in pairs(&old.api.types, &new.api.types, |t| t.name().to_owned()) {
            let (Some(o), Some(n)) = pair else { continue };
            // The item's own node: its doc may come from a schema it refers to.
            self.doc(n.name(), n.origin(), "description", o.doc(), n.doc());
            if let (TypeDef::Struct(o), TypeDef::Struct(n)) = (o, n) {
                self.field_docs(
                    &n.name,
                    o.fields.iter().collect(),
                    n.fields.iter().collect(),
                );
            }
        }
    }

    fn field_docs(&mut self, owner: &str, old: Vec<&Field>, new: Vec<&Field>) {
        for pair in pairs(&old, &new, |f| f.ident.clone()) {
            if let (Some(o), Some(n)) = pair {
                let item = format!("{owner}.{}", n.ident);
                self.doc(&item, &n.origin, "description", &o.doc, &n.doc);
            }
        }
    }

    /// One documentation text of `item`: added, removed or changed.
    fn doc(
        &mut self,
        item: &str,
        at: &Pointer,
        key: &str,
        old: &Option<String>,
        new: &Option<String>,
    ) {
        let what = match (old, new) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (Some(a), Some(b)) if a != b => "changed",
            _ => return,
        };
        self.push(Kind::Docs, "doc-changed", item, at, format!("{key} {what}"));
    }
}

/// One line for the docs changes that differ only in their item (a shared parameter
/// documents a field of several requests): the first item, `(and N more)`. Other changes
/// each keep their line: each names something a user may have written.
fn grouped(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<(Change, usize)> = Vec::new();
    for c in changes {
        let same = |(o, _): &&mut (Change, usize)| {
            c.kind == Kind::Docs
                && (o.kind, &o.pointer, &o.message) == (c.kind, &c.pointer, &c.message)
        };
        match out.iter_mut().find(same) {
            Some((_, more)) => *more += 1,
            None => out.push((c, 0)),
        }
    }
    out.into_iter()
        .map(|(mut c, more)| {
            if more > 0 {
                c.item = format!("{} (and {more} more)", c.item);
            }
            c
        })
        .collect()
}

/// `enum`, `struct` or `union`.
fn kind_name(t: &TypeDef) -> &'static str {
    match t {
        TypeDef::Enum(_) => "enum",
        TypeDef::Struct(_) => "struct",
        TypeDef::Union(_) => "union",
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

/// How a union is told apart, in messages.
fn describe_discriminator(property: Option<&str>) -> String {
    match property {
        Some(p) => format!("its `{p}` property"),
        None => "its shape".to_owned(),
    }
}
