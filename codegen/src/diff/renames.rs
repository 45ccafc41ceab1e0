//! Renames: a type of the old model that the new one no longer has, whose every use that
//! both models share (a field of a struct, a parameter of an operation, an answer) now
//! holds one and the same type of the new model. Twilio renames types this way when it
//! moves inline enums into components; `diff` then says `X is renamed to Y` once instead of
//! "X removed", "Y added" and one type change per use.

use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// Old type name to the new type that replaces it.
pub(super) type Renames = BTreeMap<String, String>;

/// The renames between two models: each removed type whose uses all moved to one new type.
/// A struct that is renamed pairs its fields too, so renames are sought until none is
/// found (at most once per type).
pub(super) fn find(old: &Api, new: &Api) -> Renames {
    let kept: BTreeSet<&str> = new.types.iter().map(TypeDef::name).collect();
    let mut renames = Renames::new();
    for _ in 0..=old.types.len() {
        let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in uses(old, new, &renames) {
            evidence(old, new, a, b, &kept, &mut seen);
        }
        let found: Renames = seen
            .into_iter()
            .filter_map(|(o, targets)| match targets.len() {
                1 => targets.into_iter().next().map(|n| (o, n)),
                _ => None,
            })
            .collect();
        if found == renames {
            break;
        }
        renames = found;
    }
    renames
}

/// The types of the uses both models share: fields of structs paired by name (or by a
/// rename), parameters of operations paired by `operationId`, and their answers.
fn uses<'a>(old: &'a Api, new: &'a Api, renames: &Renames) -> Vec<(&'a Ty, &'a Ty)> {
    let mut out = Vec::new();
    for o in &old.types {
        let name = renames.get(o.name()).map_or(o.name(), String::as_str);
        let Some(n) = new.types.iter().find(|n| n.name() == name) else {
            continue;
        };
        if let (TypeDef::Struct(o), TypeDef::Struct(n)) = (o, n) {
            pair_fields(o.fields.iter(), n.fields.iter().collect(), &mut out);
        }
    }
    for o in &old.operations {
        let Some(n) = new.operations.iter().find(|n| n.id == o.id) else {
            continue;
        };
        let fields = |op: &'a Operation| op.params.iter().map(|p| &p.field);
        pair_fields(fields(o), fields(n).collect(), &mut out);
        if let (Response::Json(a), Response::Json(b)) = (&o.response, &n.response) {
            out.push((a, b));
        }
    }
    out
}

fn pair_fields<'a>(
    old: impl Iterator<Item = &'a Field>,
    new: Vec<&'a Field>,
    out: &mut Vec<(&'a Ty, &'a Ty)>,
) {
    for a in old {
        if let Some(b) = new.iter().find(|b| b.ident == a.ident) {
            out.push((&a.ty, &b.ty));
        }
    }
}

/// Records, for a use of type `a` in the old model and `b` in the new, that a removed
/// named type now reads as another.
fn evidence(
    old: &Api,
    new: &Api,
    a: &Ty,
    b: &Ty,
    kept: &BTreeSet<&str>,
    seen: &mut BTreeMap<String, BTreeSet<String>>,
) {
    match (a, b) {
        (Ty::Named(x), Ty::Named(y)) => {
            let (from, to) = (old.type_name(*x), new.type_name(*y));
            if from != to && !kept.contains(from) {
                seen.entry(from.to_owned())
                    .or_default()
                    .insert(to.to_owned());
            }
        }
        (Ty::Vec(x), Ty::Vec(y)) | (Ty::Map(x), Ty::Map(y)) => {
            evidence(old, new, x, y, kept, seen);
        }
        _ => {}
    }
}
