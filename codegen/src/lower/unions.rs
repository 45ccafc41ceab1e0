//! Unions: a `oneOf` or `anyOf` becomes a Rust enum with one variant per shape (and
//! `Unknown` for any other JSON, added by the emitter).
//!
//! Without a discriminator a value is decoded as the first variant it fits, so the variants
//! are ordered most specific first once every type is lowered (`order_unions`): objects
//! with more required properties before those with fewer (an object of optional
//! properties fits any object), then lists, typed scalars, enums, plain strings and maps,
//! and any JSON last. With a discriminator (`propertyName`, `mapping`), the property's
//! value picks the variant; each member must then be a `$ref`, whose component name is its
//! value unless `mapping` says otherwise.

use super::*;

impl<'a> Lower<'a> {
    /// The union a `oneOf`/`anyOf` schema stands for.
    pub(super) fn union_def(
        &mut self,
        schema: &'a Schema,
        v: &View<'a>,
        at: &Pointer,
        name: &str,
    ) -> Option<UnionDef> {
        let keyword = v.composition.map_or("oneOf", Composition::keyword);
        if v.properties.is_some() || !v.enumeration.is_empty() || !v.all_of.is_empty() {
            self.error(
                &at.at(keyword),
                format!(
                    "`{keyword}` next to `properties`, `enum` or `allOf` is not supported; \
                     put the shared properties into each alternative"
                ),
            );
            return None;
        }
        let mut idents = Namespace::default();
        idents.claim(&["Unknown".to_owned()]);
        let mut variants = Vec::new();
        let mut refs = Vec::new();
        let mut ok = true;
        for (i, member) in v.members.iter().enumerate() {
            let p = at.at(keyword).at(i);
            match self.union_variant(member, &p, name, i, &mut idents) {
                Some(variant) => {
                    refs.push(member.split().err().map(component_name));
                    variants.push(variant);
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let discriminator = match &schema.schema_data.discriminator {
            Some(d) => {
                self.tag_variants(d, &mut variants, &refs, at, keyword)?;
                Some(d.property_name.clone())
            }
            None => None,
        };
        Some(UnionDef {
            name: name.to_owned(),
            doc: schema.schema_data.description.clone(),
            keyword,
            variants,
            discriminator,
            outgoing: false,
            origin: at.clone(),
        })
    }

    /// One member of a union: its type, a variant name after it, and its checks.
    fn union_variant(
        &mut self,
        member: &'a ReferenceOr<Schema>,
        at: &Pointer,
        union: &str,
        i: usize,
        idents: &mut Namespace,
    ) -> Option<UnionVariant> {
        let hint = Hint {
            type_name: vec![format!("{union}{}", i + 1)],
            sid_name: union.to_owned(),
            sid_place: SidPlace::Reference,
        };
        let ty = self.schema_or_ref_ty(member, at, &hint)?;
        let (target, target_at) = self.target(member, at)?;
        let (target, target_at) = self.through_all_of(target, target_at);
        let local = member.split().ok().map(|s| (s, at));
        let checks = self.checks(target, &target_at, local, &ty);
        let doc = match member.split() {
            Err(reference) => format!("The `{}` shape.", component_name(reference)),
            Ok(s) => s
                .schema_data
                .description
                .clone()
                .unwrap_or_else(|| format!("Shape {} of the list.", i + 1)),
        };
        Some(UnionVariant {
            ident: idents.claim(&[self.variant_word(&ty)]),
            ty,
            doc,
            tags: Vec::new(),
            checks,
        })
    }

    /// A variant's name: its type's name, or a word for a type without one.
    fn variant_word(&self, ty: &Ty) -> String {
        match ty {
            Ty::Named(id) => match self.type_def(*id) {
                Some(def) => def.name().to_owned(),
                // A component still waiting in the work stack: its name is claimed.
                None => self
                    .component_slots
                    .values()
                    .find(|(slot, _)| slot == id)
                    .map_or_else(|| "Shape".to_owned(), |(_, name)| name.clone()),
            },
            Ty::Sid(name) => name.clone(),
            Ty::String => "String".into(),
            Ty::Bool => "Boolean".into(),
            Ty::I32 | Ty::I64 => "Integer".into(),
            Ty::F64 => "Number".into(),
            Ty::DateTime => "DateTime".into(),
            Ty::Date => "Date".into(),
            Ty::Vec(_) => "List".into(),
            Ty::Map(_) => "Map".into(),
            Ty::Any => "Json".into(),
            Ty::PageMeta => "PageMeta".into(),
        }
    }

    /// The discriminator values of each variant: `mapping` (values are component names or
    /// `$ref`s), else each member's component name.
    fn tag_variants(
        &mut self,
        d: &openapiv3::Discriminator,
        variants: &mut [UnionVariant],
        refs: &[Option<&str>],
        at: &Pointer,
        keyword: &str,
    ) -> Option<()> {
        if let Some(i) = refs.iter().position(Option::is_none) {
            self.error(
                &at.at(keyword).at(i),
                "a `discriminator` needs every alternative to be a `$ref` to a component, \
                 whose name (or `mapping`) gives its value; move the inline schema under \
                 #/components/schemas",
            );
            return None;
        }
        if d.mapping.is_empty() {
            for (variant, name) in variants.iter_mut().zip(refs) {
                variant.tags.extend(name.map(str::to_owned));
            }
            return Some(());
        }
        let mut ok = true;
        for (value, target) in &d.mapping {
            let target = component_name(target);
            match refs.iter().position(|r| *r == Some(target)) {
                Some(i) => variants[i].tags.push(value.clone()),
                None => {
                    self.error(
                        &at.at("discriminator").at("mapping").at(value),
                        format!(
                            "the mapping names `{target}`, which is not one of the \
                             alternatives; map each value to a `$ref` of the list"
                        ),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(())
    }

    /// Orders the variants of every union without a discriminator most specific first,
    /// now that every type is lowered (see the module's doc).
    pub(super) fn order_unions(&mut self) {
        let ranks: Vec<Vec<(u8, usize, usize)>> = self
            .slots
            .iter()
            .map(|slot| match &slot.def {
                Some(TypeDef::Union(u)) if u.discriminator.is_none() => {
                    u.variants.iter().map(|v| self.specificity(&v.ty)).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        for (slot, rank) in self.slots.iter_mut().zip(ranks) {
            if let Some(TypeDef::Union(u)) = &mut slot.def {
                if rank.len() == u.variants.len() {
                    let mut ranked: Vec<_> = rank.into_iter().zip(u.variants.drain(..)).collect();
                    // Stable: spec order among equals.
                    ranked.sort_by_key(|(r, _)| *r);
                    u.variants = ranked.into_iter().map(|(_, v)| v).collect();
                }
            }
        }
    }

    /// The sort key of a variant's type: its group, then fewer required properties and
    /// fewer properties later.
    fn specificity(&self, ty: &Ty) -> (u8, usize, usize) {
        match ty {
            Ty::Named(id) => match self.type_def(*id) {
                Some(TypeDef::Struct(s)) => {
                    let required = s.fields.iter().filter(|f| f.required).count();
                    (0, usize::MAX - required, usize::MAX - s.fields.len())
                }
                Some(TypeDef::Union(_)) => (1, 0, 0),
                Some(TypeDef::Enum(_)) => (5, 0, 0),
                None => (1, 0, 0),
            },
            Ty::Vec(_) => (2, 0, 0),
            Ty::Bool | Ty::I32 | Ty::I64 => (3, 0, 0),
            Ty::F64 | Ty::DateTime | Ty::Date | Ty::Sid(_) => (4, 0, 0),
            Ty::String => (6, 0, 0),
            Ty::Map(_) | Ty::PageMeta => (7, 0, 0),
            Ty::Any => (8, 0, 0),
        }
    }
}

/// The component a `$ref` names: `#/components/schemas/Cat` gives `Cat` (a bare name, as
/// `mapping` may give, is returned as is).
fn component_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}
