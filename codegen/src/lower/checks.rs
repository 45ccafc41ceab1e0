//! Checks: the constraints of a schema (lengths, patterns, ranges, items, enums,
//! nested structs) as `ir::Check`s, validated before a request is sent.

use super::*;

impl<'a> Lower<'a> {
    /// Constraints of a schema as checks on a value of type `ty`. `local` is the schema as
    /// written at the use site when it wraps a reference (its keywords add to the target's).
    pub(super) fn checks(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        local: Option<(&'a Schema, &Pointer)>,
        ty: &Ty,
    ) -> Vec<Check> {
        let v = view(schema);
        let lv = local.map(|(s, _)| view(s)).unwrap_or_default();
        let max_length = lv.max_length.or(v.max_length).map(|n| n as u64);
        let json_length = max_length.map(|max| Check::JsonLength { max });
        match ty {
            Ty::Sid(_) => vec![Check::Sid],
            Ty::String => self.string_checks(&v, &lv, at, local.map(|(_, p)| p)),
            Ty::I32 | Ty::I64 | Ty::F64 => range_check(&v, &lv)
                .into_iter()
                .chain(allowed(&v))
                .collect(),
            Ty::Vec(inner) => self.array_checks(&v, &lv, at, inner),
            Ty::Map(inner) => {
                let mut out: Vec<Check> = json_length.into_iter().collect();
                out.extend(self.map_value_checks(&v, at, inner));
                out
            }
            Ty::Any => json_length.into_iter().collect(),
            Ty::Named(id) if self.is_enum(*id) => vec![Check::KnownEnum],
            // Tentative: the struct's body may still wait in the work stack;
            // `settle_nested` drops it when the struct turns out to have no checks.
            Ty::Named(_) => std::iter::once(Check::Nested).chain(json_length).collect(),
            Ty::Bool => allowed(&v).into_iter().collect(),
            Ty::DateTime | Ty::Date | Ty::PageMeta => Vec::new(),
        }
    }

    /// A string's length and pattern; a pattern written at the use site (`local_at`)
    /// replaces the target's.
    fn string_checks(
        &mut self,
        v: &View<'a>,
        lv: &View<'a>,
        at: &Pointer,
        local_at: Option<&Pointer>,
    ) -> Vec<Check> {
        let mut out = Vec::new();
        let max_length = lv.max_length.or(v.max_length).map(|n| n as u64);
        let min_length = lv.min_length.or(v.min_length).map(|n| n as u64);
        if min_length.is_some() || max_length.is_some() {
            out.push(Check::Length {
                min: min_length,
                max: max_length,
            });
        }
        let pattern = match (lv.pattern, local_at) {
            (Some(p), Some(local_at)) => Some((p, local_at.at("pattern"))),
            _ => v.pattern.map(|p| (p, at.at("pattern"))),
        };
        if let Some((p, pat)) = pattern {
            // The target's own pattern was checked when its type was decided; one
            // written next to an `allOf` at the use site was not.
            if self.valid_pattern(p, &pat) {
                out.push(Check::Pattern(p.to_owned()));
            }
        }
        out
    }

    /// An array's item count, and the checks of its items.
    fn array_checks(&mut self, v: &View<'a>, lv: &View<'a>, at: &Pointer, item: &Ty) -> Vec<Check> {
        let mut out = Vec::new();
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
                let each = self.checks(s, &p, None, item);
                if !each.is_empty() {
                    out.push(Check::Each(each));
                }
            }
        }
        out
    }

    /// The checks of a map's values, when `additionalProperties` gives their schema.
    fn map_value_checks(&mut self, v: &View<'a>, at: &Pointer, value: &Ty) -> Option<Check> {
        let Some(AdditionalProperties::Schema(s)) = v.additional else {
            return None;
        };
        let (s, p) = self.target(&**s, &at.at("additionalProperties"))?;
        let each = self.checks(s, &p, None, value);
        // Sent maps hold JSON values: a typed value is checked even when nothing else is.
        (!each.is_empty() || *value != Ty::Any).then_some(Check::Each(each))
    }

    /// Whether `regex_lite` (which the bindings check values with) accepts a pattern;
    /// records a diagnostic when it does not.
    pub(super) fn valid_pattern(&mut self, pattern: &str, at: &Pointer) -> bool {
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

    /// Keeps `Check::Nested` only where the struct (or union) has checks of its own.
    ///
    /// Lowering gives every value of a struct or union type a tentative `Nested`, because
    /// the type's body may still wait in the work stack. Here every body is lowered: types
    /// are settled after those they contain (with an explicit stack, as chains of structs
    /// can be long), then the operations' parameters.
    pub(super) fn settle_nested(&mut self) {
        // Per type: absent = not seen, false = its fields are being settled, true = done.
        let mut settled: HashMap<TypeId, bool> = HashMap::new();
        let mut has_checks: HashMap<TypeId, bool> = HashMap::new();
        for start in 0..self.slots.len() {
            let mut stack = vec![TypeId::new(start)];
            while let Some(&id) = stack.last() {
                let Some(def) = self.type_def(id).filter(|d| !matches!(d, TypeDef::Enum(_))) else {
                    stack.pop();
                    continue;
                };
                match settled.get(&id) {
                    Some(true) => {
                        stack.pop();
                    }
                    Some(false) => {
                        stack.pop();
                        if let Some(def) = &mut self.slots[id.index()].def {
                            has_checks.insert(id, settle_def(def, &has_checks));
                        }
                        settled.insert(id, true);
                    }
                    None => {
                        settled.insert(id, false);
                        let mut inner = Vec::new();
                        for t in member_types(def) {
                            collect_named(t, &mut inner);
                        }
                        // A type met again while its own members are settled is part of a
                        // cycle, which lowering has reported: it is not waited for.
                        stack.extend(inner.into_iter().filter(|i| !settled.contains_key(i)));
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

/// The values a number or boolean may take, when its schema lists them (`enum`).
fn allowed(v: &View<'_>) -> Option<Check> {
    (!v.values.is_empty() && is_scalar_enum(v)).then(|| Check::Allowed(v.values.clone()))
}

/// The types a struct's fields or a union's variants hold.
fn member_types(def: &TypeDef) -> Vec<&Ty> {
    match def {
        TypeDef::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeDef::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeDef::Enum(_) => Vec::new(),
    }
}

/// Settles the checks of a struct's fields or a union's variants; whether any is left.
fn settle_def(def: &mut TypeDef, has_checks: &HashMap<TypeId, bool>) -> bool {
    match def {
        TypeDef::Struct(s) => {
            for f in &mut s.fields {
                settle(&mut f.checks, &f.ty, has_checks);
            }
            s.has_checks()
        }
        TypeDef::Union(u) => {
            for v in &mut u.variants {
                settle(&mut v.checks, &v.ty, has_checks);
            }
            u.has_checks()
        }
        TypeDef::Enum(_) => false,
    }
}

/// Drops the tentative `Check::Nested` of a value of type `ty` (and of its items or values)
/// when the struct it is about has no checks.
pub(super) fn settle(checks: &mut Vec<Check>, ty: &Ty, has_checks: &HashMap<TypeId, bool>) {
    match ty {
        Ty::Named(id) => {
            let keep = has_checks.get(id).copied().unwrap_or(false);
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

/// A number's bounds; a bound written at the use site (`lv`) replaces the target's.
fn range_check(v: &View<'_>, lv: &View<'_>) -> Option<Check> {
    let (min, max) = (lv.minimum.or(v.minimum), lv.maximum.or(v.maximum));
    (min.is_some() || max.is_some()).then_some(Check::Range {
        min,
        max,
        exclusive_min: v.exclusive_minimum || lv.exclusive_minimum,
        exclusive_max: v.exclusive_maximum || lv.exclusive_maximum,
    })
}
