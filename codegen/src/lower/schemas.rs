//! Schemas to types: scalars, arrays, maps, enums and structs, with their fields.

use super::*;

impl<'a> Lower<'a> {
    /// The Rust type for a schema met at `at`.
    ///
    /// Recurses into inline schemas (items, values, properties) and into components that
    /// are lowered at each use, so it counts its own depth and refuses to go beyond
    /// `MAX_NESTING` levels.
    pub(super) fn schema_ty(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        hint: &Hint,
    ) -> Option<Ty> {
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

    /// `schema_ty` past the depth check: the type of the schema that `allOf` wrappers
    /// stand for (see `unwrap_all_of`), by the kind of value it describes.
    pub(super) fn unwrapped_schema_ty(
        &mut self,
        schema: &'a Schema,
        at: Pointer,
        hint: &Hint,
    ) -> Option<Ty> {
        let (schema, at) = match self.unwrap_all_of(schema, at) {
            Step::Ty(ty) => return ty,
            Step::Lower(schema, at) => (schema, at),
        };
        let v = view(schema);
        let at = &at;
        if !v.values.is_empty() && !is_scalar_enum(&v) {
            self.error(
                &at.at("enum"),
                "this `enum` is not supported: string values become a Rust enum, and the \
                 values of an integer, number or boolean schema are checked before sending; \
                 values of another type than the schema's, or objects and arrays, are not: \
                 give the schema the values' type, or drop `enum`",
            );
            return None;
        }
        if is_union_kind(&v) || v.all_of.len() > 1 {
            let name = self.type_names.claim(&self.type_candidates(schema, hint));
            return self.named_type(schema, at, name, None);
        }
        match v.kind {
            Some(Kind::String) if !v.enumeration.is_empty() => {
                let name = self.type_names.claim(&hint.type_name);
                self.named_type(schema, at, name, None)
            }
            Some(Kind::String) => self.string_ty(&v, at, hint),
            Some(Kind::Integer) => Some(match v.format {
                Some("int32") => Ty::I32,
                _ => Ty::I64,
            }),
            Some(Kind::Number) => Some(Ty::F64),
            Some(Kind::Boolean) => Some(Ty::Bool),
            Some(Kind::Array) => self.array_ty(&v, at, hint),
            Some(Kind::Object) => self.object_ty(schema, &v, at, hint),
            None => Some(Ty::Any),
            Some(Kind::Unknown(other)) => {
                self.error(
                    &at.at("type"),
                    format!(
                        "unknown type `{other}`{}; OpenAPI 3.0 knows string, integer, number, \
                         boolean, array and object",
                        did_you_mean(other, Kind::NAMES.iter())
                    ),
                );
                None
            }
        }
    }

    /// The schema that single-schema `allOf` wrappers stand for, unwrapped in a loop
    /// however many components they chain through (the components passed stay on
    /// `in_progress` until `schema_ty` pops them), or the type where the chain reaches a
    /// named component; refuses `not`.
    fn unwrap_all_of(&mut self, mut schema: &'a Schema, mut at: Pointer) -> Step<'a> {
        loop {
            let v = view(schema);
            if v.composition == Some(Composition::Not) {
                self.error(
                    &at.at("not"),
                    "`not` is not supported; describe the value with one schema (or leave \
                     it without a schema to receive any JSON)",
                );
                return Step::Ty(None);
            }
            // No `allOf`, or one of several schemas (merged into a struct by `named_type`).
            let [only] = v.all_of else {
                return Step::Lower(schema, at);
            };
            let inner = at.at("allOf").at(0);
            (schema, at) = match only {
                ReferenceOr::Item(s) => (s, inner),
                ReferenceOr::Reference { reference } => match self.ref_step(reference, &inner) {
                    Step::Ty(ty) => return Step::Ty(ty),
                    Step::Lower(s, p) => (s, p),
                },
            };
        }
    }

    /// An array: a `Vec` of the items' type (any JSON when `items` is missing).
    fn array_ty(&mut self, v: &View<'a>, at: &Pointer, hint: &Hint) -> Option<Ty> {
        let item_hint = Hint {
            type_name: hint.type_name.iter().map(|n| format!("{n}Item")).collect(),
            sid_name: hint.sid_name.clone(),
            sid_place: hint.sid_place,
        };
        let inner = match v.items {
            Some(items) => self.schema_or_ref_ty(items, &at.at("items"), &item_hint)?,
            None => Ty::Any,
        };
        Some(Ty::Vec(Box::new(inner)))
    }

    /// An object: a struct when it has properties, else a map of its
    /// `additionalProperties`, else any JSON.
    /// Names for an inline named type, best first: its `title`, then the hint's.
    fn type_candidates(&self, schema: &Schema, hint: &Hint) -> Vec<String> {
        let mut candidates = Vec::new();
        if let Some(title) = &schema.schema_data.title {
            candidates.push(names::pascal(title));
        }
        candidates.extend(hint.type_name.iter().cloned());
        candidates
    }

    fn object_ty(
        &mut self,
        schema: &'a Schema,
        v: &View<'a>,
        at: &Pointer,
        hint: &Hint,
    ) -> Option<Ty> {
        if v.properties.is_some_and(|p| !p.is_empty()) {
            let name = self.type_names.claim(&self.type_candidates(schema, hint));
            return self.named_type(schema, at, name, None);
        }
        match v.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let value_hint = Hint {
                    type_name: hint.type_name.iter().map(|n| format!("{n}Value")).collect(),
                    sid_name: hint.sid_name.clone(),
                    sid_place: hint.sid_place,
                };
                let inner =
                    self.schema_or_ref_ty(&**s, &at.at("additionalProperties"), &value_hint)?;
                Some(Ty::Map(Box::new(inner)))
            }
            _ if v.format == Some("uri-map") => Some(Ty::Map(Box::new(Ty::String))),
            _ => Some(Ty::Any),
        }
    }

    pub(super) fn string_ty(&mut self, v: &View<'a>, at: &Pointer, hint: &Hint) -> Option<Ty> {
        let conventions = self.conventions;
        if let Some(prefix) = v.pattern.and_then(|p| conventions.id_prefix(p)) {
            return Some(Ty::Sid(self.sid(prefix, hint, at)));
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

    /// The SID type of `prefix`, met where `hint` says, at `at`. Its name is the one settled
    /// for the prefix by a first pass over the whole spec (`settle_sids`), so that it does
    /// not depend on which use lowering meets first; every use is recorded for that pass.
    pub(super) fn sid(&mut self, prefix: &str, hint: &Hint, at: &Pointer) -> String {
        self.sid_uses
            .push((prefix.to_owned(), hint.clone(), at.clone()));
        if let Some(name) = self.sid_by_prefix.get(prefix) {
            return name.clone();
        }
        let (base, origin) = match self.settled_sids.get(prefix) {
            Some((name, origin)) => (name.clone(), origin.clone()),
            None => (names::pascal(&hint.sid_name), at.clone()),
        };
        let name = self.type_names.claim_pair(
            &[base.clone(), format!("{base}{}", names::pascal(prefix))],
            "Kind",
        );
        self.sid_by_prefix.insert(prefix.to_owned(), name.clone());
        self.sids.push(SidDef {
            name: name.clone(),
            prefix: prefix.to_owned(),
            kind: format!("{name}Kind"),
            origin,
        });
        name
    }

    /// Lowers an enum or struct into its entry of the type table (`id`, or a new one) and
    /// returns its type.
    pub(super) fn named_type(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        name: String,
        id: Option<TypeId>,
    ) -> Option<Ty> {
        let v = view(schema);
        let doc = schema.schema_data.description.clone();
        let is_enum = is_enum_kind(&v);
        let id = match id {
            Some(id) => id,
            None => self.register(is_enum),
        };
        let def = if is_union_kind(&v) {
            TypeDef::Union(self.union_def(schema, &v, at, &name)?)
        } else if is_enum {
            TypeDef::Enum(enum_def(&v, name, doc, at))
        } else if v.kind == Some(Kind::Object) || v.properties.is_some() || v.all_of.len() > 1 {
            let props = if v.all_of.len() > 1 {
                self.all_of_props(v.all_of, at, 0)?
            } else {
                self.object_props(&v, at)?
            };
            let (fields, paging) = self.struct_fields(props, at, &name)?;
            let doc = doc.or_else(|| {
                Some(match &paging {
                    Some(Paging { items, .. }) => {
                        format!("One page of `{items}`, with the paging metadata.")
                    }
                    None => format!(
                        "The `{}` object.",
                        schema.schema_data.title.as_deref().unwrap_or(&name)
                    ),
                })
            });
            let pairs: Vec<_> = fields.iter().map(|f| (f, None)).collect();
            let new_args = super::new_args(&pairs, &[]);
            TypeDef::Struct(StructDef {
                name: name.clone(),
                doc,
                fields,
                outgoing: false,
                paging,
                new_args,
                origin: at.clone(),
            })
        } else {
            self.error(at, "expected an object with properties or a string enum");
            return None;
        };
        self.slots[id.index()].def = Some(def);
        Some(Ty::Named(id))
    }

    /// The properties of an object schema, checking that `required` names only them.
    fn object_props(&mut self, v: &View<'a>, at: &Pointer) -> Option<Props<'a>> {
        let map = v.properties?;
        if !self.required_exist(v.required, map, at) {
            return None;
        }
        Some(Props::of(map, v.required, at))
    }

    /// The properties of an `allOf` of several object schemas, merged: every member's
    /// properties (the first member that has a property gives its schema) and every
    /// member's required names. A member that is not an object is refused; `depth` bounds
    /// `allOf`s nested through references.
    pub(super) fn all_of_props(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        depth: usize,
    ) -> Option<Props<'a>> {
        let mut props = Props::default();
        for (i, member) in members.iter().enumerate() {
            let p = at.at("allOf").at(i);
            let (schema, sat) = self.target(member, &p)?;
            let (schema, sat) = self.through_all_of(schema, sat);
            let mv = view(schema);
            let inner = if mv.all_of.len() > 1 && depth < MAX_NESTING {
                self.all_of_props(mv.all_of, &sat, depth + 1)?
            } else if let Some(map) = mv.properties {
                // A member's `required` may name another member's properties: checked on
                // the merged object by `struct_fields`.
                Props::of(map, mv.required, &sat)
            } else if matches!(mv.kind, None | Some(Kind::Object)) && mv.composition.is_none() {
                // No properties of its own; perhaps names of others' as required.
                Props {
                    entries: Vec::new(),
                    required: mv.required.iter().map(String::as_str).collect(),
                }
            } else {
                self.error(
                    &p,
                    "`allOf` merges objects only; this member is not an object with \
                     properties: describe the value with one schema, or wrap it in a property",
                );
                return None;
            };
            for entry in inner.entries {
                if props.entries.iter().all(|(w, _, _)| *w != entry.0) {
                    props.entries.push(entry);
                }
            }
            props.required.extend(inner.required);
        }
        Some(props)
    }

    pub(super) fn struct_fields(
        &mut self,
        props: Props<'a>,
        at: &Pointer,
        struct_name: &str,
    ) -> Option<(Vec<Field>, Option<Paging>)> {
        let page = self.list_items(&props);
        let mut idents = Namespace::fields();
        let mut fields = Vec::new();
        let mut ok = true;
        for (wire, prop, p) in &props.entries {
            let wire = *wire;
            if matches!(page, Some((_, link, PageFormat::Meta)) if wire == link) {
                fields.push(Field {
                    wire: wire.to_owned(),
                    ident: idents.claim_field(wire),
                    ty: Ty::PageMeta,
                    required: false,
                    doc: Some(
                        "Paging metadata: where this page is and how to get the next one.".into(),
                    ),
                    deprecated: false,
                    pii: false,
                    checks: Vec::new(),
                    origin: p.clone(),
                });
                continue;
            }
            let hint = Hint {
                type_name: vec![format!("{struct_name}{}", names::pascal(wire))],
                sid_name: self.conventions.property_id_name(struct_name, wire),
                sid_place: SidPlace::of(self.conventions.is_own_id(wire), SidPlace::Own),
            };
            let required = props.required.contains(&wire);
            match self.field(wire, prop, p, required, &hint, &mut idents) {
                Some(f) => fields.push(f),
                None => ok = false,
            }
        }
        if !self.merged_required_exist(&props, at) {
            ok = false;
        }
        // The envelope's items are an array, so their type is a `Vec`.
        let field = |wire: &str| fields.iter().find(|f| f.wire == wire);
        let paging = page.and_then(|(items, link, format)| match (field(items), field(link)) {
            (Some(items), Some(meta)) => match &items.ty {
                Ty::Vec(item) => Some(Paging {
                    items: items.ident.clone(),
                    meta: meta.ident.clone(),
                    format,
                    item: (**item).clone(),
                }),
                _ => None,
            },
            _ => None,
        });
        ok.then_some((fields, paging))
    }

    /// Checks that every required name of merged properties (`allOf`, at `at`) is one of
    /// them; false when one is not.
    pub(super) fn merged_required_exist(&mut self, props: &Props<'a>, at: &Pointer) -> bool {
        let Some(missing) = props
            .required
            .iter()
            .find(|r| props.entries.iter().all(|(w, _, _)| w != *r))
        else {
            return true;
        };
        self.error(
            &at.at("allOf"),
            format!(
                "`required` names `{missing}`, which none of the merged schemas has as a \
                 property; add the property or remove the name"
            ),
        );
        false
    }

    /// The property holding the items when the object is a list envelope (by the API's
    /// conventions), the one leading to the next page, and how it does.
    fn list_items(&mut self, props: &Props<'a>) -> Option<(&'a str, &'a str, PageFormat)> {
        let conventions = self.conventions;
        let names: Vec<&'a str> = props.entries.iter().map(|(w, _, _)| *w).collect();
        conventions.list_items(&names, &mut |name| {
            let (_, prop, p) = props.entries.iter().find(|(w, _, _)| *w == name)?;
            let (schema, _) = self.target(*prop, p)?;
            Some(view(schema))
        })
    }

    /// One property or parameter: its type, optionality, docs and checks.
    pub(super) fn field(
        &mut self,
        wire: &str,
        prop: &'a ReferenceOr<Box<Schema>>,
        at: &Pointer,
        required: bool,
        hint: &Hint,
        idents: &mut Namespace,
    ) -> Option<Field> {
        let ty = self.schema_or_ref_ty(prop, at, hint)?;
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
            ident: idents.claim_field(wire),
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
            pii: self.conventions.personal_data(&data.extensions),
            checks,
            origin: at.clone(),
        })
    }

    /// Checks that every name in `required` is a property; false when one is not.
    pub(super) fn required_exist(
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

    /// Whether values of a type are one piece of text on the wire (what a path segment
    /// can hold).
    pub(super) fn is_scalar(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String
            | Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F64
            | Ty::DateTime
            | Ty::Date
            | Ty::Sid(_) => true,
            Ty::Named(id) => matches!(self.type_def(*id), Some(TypeDef::Enum(_))),
            Ty::Any | Ty::Map(_) | Ty::Vec(_) | Ty::PageMeta => false,
        }
    }
}

/// The properties of an object (one schema's, or those an `allOf` merges), each with the
/// pointer of its schema, and the names required.
#[derive(Default)]
pub(super) struct Props<'a> {
    pub(super) entries: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, Pointer)>,
    pub(super) required: Vec<&'a str>,
}

impl<'a> Props<'a> {
    /// The `properties` and `required` of the object schema at `at`.
    pub(super) fn of(
        map: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        at: &Pointer,
    ) -> Self {
        Props {
            entries: map
                .iter()
                .map(|(wire, prop)| (wire.as_str(), prop, at.at("properties").at(wire)))
                .collect(),
            required: required.iter().map(String::as_str).collect(),
        }
    }
}

/// A string enum: its values, each once, as variants (`Unknown` is kept for the emitter).
fn enum_def(v: &View<'_>, name: String, doc: Option<String>, at: &Pointer) -> EnumDef {
    let mut ns = Namespace::default();
    ns.claim(&["Unknown".to_owned()]);
    let mut variants = Vec::new();
    for (i, value) in v.enumeration.iter().enumerate() {
        let Some(value) = value else { continue };
        if variants.iter().any(|x: &Variant| x.wire == *value) {
            continue;
        }
        variants.push(Variant {
            wire: value.clone(),
            ident: ns.claim(&[names::variant(value)]),
            origin: at.at("enum").at(i),
        });
    }
    EnumDef {
        name,
        doc,
        variants,
        origin: at.clone(),
    }
}
