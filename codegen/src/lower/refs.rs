//! `$ref` resolution, one resolver for every kind of component: where a reference leads
//! (`entry`), with a diagnostic and a pointer when it leads nowhere. Parameters, request
//! bodies and responses must point at a definition (`definition`); schemas may point at
//! references in turn, followed in a loop (`resolve_schema`), and lead either to a named
//! type or to a schema lowered in place (`ref_step`).

use super::*;
use openapiv3::{Components, RequestBody};

/// A kind of entry under `#/components` that a `$ref` can point at.
pub(super) trait Component: Sized + 'static {
    /// The section under `#/components`, e.g. `schemas`.
    const SECTION: &'static str;
    /// How messages name one entry, e.g. `schema`.
    const NOUN: &'static str;
    /// The entries of the section.
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    const NOUN: &'static str = "schema";
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    const NOUN: &'static str = "parameter";
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    const NOUN: &'static str = "request body";
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for openapiv3::Response {
    const SECTION: &'static str = "responses";
    const NOUN: &'static str = "response";
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

/// The entry a `$ref` names: its pointer, its key, and what it holds.
pub(super) struct Entry<'a, T> {
    /// Where the entry is, `#/components/<section>/<key>`.
    pub(super) pointer: Pointer,
    /// Its key in the section.
    pub(super) key: &'a str,
    /// The definition, or the reference the entry holds instead.
    pub(super) value: &'a ReferenceOr<T>,
}

/// A schema given inline or by `$ref`, whether `openapiv3` boxes it or not.
pub(super) trait SchemaOrRef {
    /// The schema, or the reference.
    fn split(&self) -> Result<&Schema, &str>;
}

impl SchemaOrRef for ReferenceOr<Schema> {
    fn split(&self) -> Result<&Schema, &str> {
        match self {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => Err(reference),
        }
    }
}

impl SchemaOrRef for ReferenceOr<Box<Schema>> {
    fn split(&self) -> Result<&Schema, &str> {
        match self {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => Err(reference),
        }
    }
}

/// A resolved schema: the target, the pointer to it and the component that holds it.
pub(super) struct Resolved<'a> {
    pub(super) schema: &'a Schema,
    pub(super) pointer: Pointer,
    pub(super) component: &'a str,
}

/// Where a `$ref` (see `Lower::ref_step`) or a chain of `allOf` wrappers leads.
pub(super) enum Step<'a> {
    /// The type, decided: a named component's, or `None` after a diagnostic.
    Ty(Option<Ty>),
    /// A schema to lower in place, at this pointer.
    Lower(&'a Schema, Pointer),
}

impl<'a> Lower<'a> {
    /// The entry of `#/components/<T::SECTION>` that a `$ref` written at `site` (the
    /// `$ref`'s parent) names; a diagnostic at the `$ref` when it names none.
    pub(super) fn entry<T: Component>(
        &mut self,
        reference: &'a str,
        site: &Pointer,
    ) -> Option<Entry<'a, T>> {
        let rat = site.at("$ref");
        let name = reference
            .strip_prefix("#/components/")
            .and_then(|r| r.strip_prefix(T::SECTION))
            .and_then(|r| r.strip_prefix('/'))
            .filter(|n| !n.contains('/'));
        let Some(name) = name else {
            self.error(&rat, unsupported_ref(reference, T::SECTION));
            return None;
        };
        let entries = self.doc.components.as_ref().map(T::entries);
        match entries.and_then(|e| e.get_key_value(name)) {
            Some((key, value)) => Some(Entry {
                pointer: Pointer::root().at("components").at(T::SECTION).at(name),
                key,
                value,
            }),
            None => {
                self.error(
                    &rat,
                    format!(
                        "`$ref: {reference}` points to nothing: there is no {} `{name}` under \
                         #/components/{}{}",
                        T::NOUN,
                        T::SECTION,
                        did_you_mean(name, entries.into_iter().flat_map(|e| e.keys()))
                    ),
                );
                None
            }
        }
    }

    /// A parameter, request body or response as an operation gives it at `site`: inline,
    /// or by `$ref` to a definition (not to another `$ref`). Returns it with the pointer
    /// to its definition.
    pub(super) fn definition<T: Component>(
        &mut self,
        given: &'a ReferenceOr<T>,
        site: &Pointer,
    ) -> Option<(&'a T, Pointer)> {
        let reference = match given {
            ReferenceOr::Item(item) => return Some((item, site.clone())),
            ReferenceOr::Reference { reference } => reference,
        };
        let entry = self.entry::<T>(reference, site)?;
        match entry.value {
            ReferenceOr::Item(item) => Some((item, entry.pointer)),
            ReferenceOr::Reference { .. } => {
                self.error(
                    &site.at("$ref"),
                    format!(
                        "`$ref: {reference}` points at a {} that is itself a `$ref`; point at \
                         the definition directly",
                        T::NOUN
                    ),
                );
                None
            }
        }
    }

    /// The schema a `$ref` met at `at` stands for, following references to references in a
    /// loop (they may chain through any number of components).
    pub(super) fn resolve_schema(
        &mut self,
        reference: &'a str,
        at: &Pointer,
    ) -> Option<Resolved<'a>> {
        let base = self.in_progress.len();
        let (mut reference, mut at) = (reference, at.clone());
        let resolved = loop {
            let Some(entry) = self.entry::<Schema>(reference, &at) else {
                break None;
            };
            let next = match entry.value {
                ReferenceOr::Item(schema) => {
                    break Some(Resolved {
                        schema,
                        pointer: entry.pointer,
                        component: entry.key,
                    });
                }
                ReferenceOr::Reference { reference } => reference,
            };
            if self.in_progress.iter().any(|n| n == entry.key) {
                self.error(
                    &at.at("$ref"),
                    format!(
                        "`$ref: {next}` forms a cycle of references that never reaches a \
                         schema; point one of them at a schema"
                    ),
                );
                break None;
            }
            self.in_progress.push(entry.key.to_owned());
            (reference, at) = (next, entry.pointer);
        };
        self.in_progress.truncate(base);
        resolved
    }

    pub(super) fn ref_ty(&mut self, reference: &'a str, at: &Pointer, hint: &Hint) -> Option<Ty> {
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
    pub(super) fn ref_step(&mut self, reference: &'a str, at: &Pointer) -> Step<'a> {
        let Some(resolved) = self.resolve_schema(reference, at) else {
            return Step::Ty(None);
        };
        let name = resolved.component;
        if self.component_slots.contains_key(name) || self.in_progress.iter().any(|n| n == name) {
            return Step::Ty(self.component_ty(name, at));
        }
        // Lowered again at each use (its inline types are named after the use), so it must
        // count as in progress meanwhile: `allOf` or `items` can lead back.
        self.in_progress.push(name.to_owned());
        Step::Lower(resolved.schema, resolved.pointer)
    }

    /// The type of a schema given inline or by `$ref`.
    pub(super) fn schema_or_ref_ty(
        &mut self,
        s: &'a impl SchemaOrRef,
        at: &Pointer,
        hint: &Hint,
    ) -> Option<Ty> {
        match s.split() {
            Err(reference) => self.ref_ty(reference, at, hint),
            Ok(schema) => self.schema_ty(schema, at, hint),
        }
    }

    /// The schema that carries the keywords of a schema given inline or by `$ref`, and
    /// the pointer to it.
    pub(super) fn target(
        &mut self,
        s: &'a impl SchemaOrRef,
        at: &Pointer,
    ) -> Option<(&'a Schema, Pointer)> {
        match s.split() {
            Err(reference) => {
                let r = self.resolve_schema(reference, at)?;
                Some((r.schema, r.pointer))
            }
            Ok(schema) => Some((schema, at.clone())),
        }
    }

    /// The schema that single-schema `allOf` wrappers stand for, unwrapped in a loop.
    /// A chain that comes back to a component it passed (already reported by lowering)
    /// stops there.
    pub(super) fn through_all_of(
        &mut self,
        mut schema: &'a Schema,
        mut at: Pointer,
    ) -> (&'a Schema, Pointer) {
        let mut passed = BTreeSet::new();
        while let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            let [only] = all_of.as_slice() else { break };
            let p = at.at("allOf").at(0);
            (schema, at) = match only.split() {
                Ok(s) => (s, p),
                Err(reference) => match self.resolve_schema(reference, &p) {
                    Some(r) if passed.insert(r.pointer.to_string()) => (r.schema, r.pointer),
                    _ => break,
                },
            };
        }
        (schema, at)
    }
}

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
