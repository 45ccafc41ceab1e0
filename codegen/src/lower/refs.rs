//! `$ref` resolution: where a reference leads, with a diagnostic when it leads nowhere.

use super::*;

/// A resolved schema: the target, the pointer to it and, when it is a component, its name.
pub(super) struct Resolved<'a> {
    pub(super) schema: &'a Schema,
    pub(super) pointer: Pointer,
    pub(super) component: Option<&'a str>,
}

/// Where a `$ref` leads (see `Lower::ref_step`).
pub(super) enum Step<'a> {
    /// The type, decided: a named component's, or `None` after a diagnostic.
    Ty(Option<Ty>),
    /// A schema to lower in place, at this pointer.
    Lower(&'a Schema, Pointer),
}

impl<'a> Lower<'a> {
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

    pub(super) fn schema_or_ref_ty(
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

    pub(super) fn boxed_ty(
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
    pub(super) fn target(
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

    /// A parameter and the pointer to its definition; `site` is where the operation lists it.
    pub(super) fn resolve_param(
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
}

/// Why a `$ref` that does not point at `#/components/{section}/<name>` is refused.
pub(super) fn unsupported_ref(reference: &str, section: &str) -> String {
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
