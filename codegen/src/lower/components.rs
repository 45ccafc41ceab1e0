//! The type table of named components: names claimed first, bodies lowered from an
//! explicit work stack (no recursion per level of `$ref`), cycles reported, and which
//! structs are sent (`outgoing`).

use super::*;

/// How many schemas may sit inside one another (array items, map values, object
/// properties, components lowered again at each use) when no named component breaks the
/// nesting. Lowering recurses once per level, and the Rust type it builds is as deep, so a
/// limit keeps a hostile spec from overflowing the stack; real specs nest a few levels.
pub(super) const MAX_NESTING: usize = 64;

/// A named component met while lowering another one is lowered on the spot, nested, as
/// long as fewer than this many levels (schemas and component bodies) are on the stack,
/// which keeps the order of the types and SIDs it meets, and of the names they claim, as
/// in a spec read straight through. Deeper, it waits in the work stack of
/// `walk_components`, so that a chain of components, however long, costs no more stack.
pub(super) const NEST_COMPONENTS_BELOW: usize = 16;

/// A component on the work stack of `walk_components`.
pub(super) struct Frame {
    pub(super) name: String,
    /// Where its entry starts in `in_progress`.
    pub(super) base: usize,
    /// Its type; `None` once it or a component it refers to has failed.
    pub(super) ty: Option<Ty>,
    /// The references its body left, not yet followed.
    pub(super) deferred: std::vec::IntoIter<Deferred>,
}

/// A reference to a named component met while lowering another component's body: the
/// body gets the component's type at once, and the component's own body is lowered later
/// from the work stack (see `walk_components`).
pub(super) struct Deferred {
    /// The component referred to.
    pub(super) name: String,
    /// Where the reference was met (the `$ref`'s parent).
    pub(super) from: Pointer,
    /// `in_progress` from the body's own entry on, when the reference was met: the
    /// components the body was going through, for the cycle check and its message.
    pub(super) stack: Vec<String>,
}

impl<'a> Lower<'a> {
    pub(super) fn components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        // Names first, so that they do not depend on traversal order; then the type table
        // in component order.
        let named: Vec<(&String, bool)> = components
            .schemas
            .iter()
            .filter_map(|(name, schema)| {
                let v = view(schema.as_item()?);
                is_named_kind(&v).then(|| (name, is_enum_kind(&v)))
            })
            .collect();
        let names = self.component_names(named.iter().map(|(name, _)| name.as_str()));
        for ((name, is_enum), rust) in named.into_iter().zip(names) {
            let id = self.register(is_enum);
            self.component_slots.insert(name.clone(), (id, rust));
        }
        for name in components.schemas.keys() {
            self.component_ty(name, &Pointer::root());
        }
    }

    /// The Rust names of these components, in their order: each the first of its candidates
    /// (`component_type_names`) still free, handed out to the components with the fewest
    /// name segments first, then in alphabetical order. So a name depends on the component's
    /// own name and on those of the components above it or beside it, never on the order in
    /// which the spec lists them: adding a resource nested deeper
    /// (`api.v2010.account.call.recording`) never takes the name of one above it
    /// (`api.v2010.account.recording`, `Recording`).
    fn component_names<'n>(&mut self, names: impl Iterator<Item = &'n str>) -> Vec<String> {
        let names: Vec<&str> = names.collect();
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by_key(|&i| (names[i].split('.').count(), names[i]));
        let mut rust = vec![String::new(); names.len()];
        for i in order {
            rust[i] = self
                .type_names
                .claim(&self.conventions.component_type_names(names[i]));
        }
        rust
    }

    /// The type of a component schema, lowering it on first use.
    ///
    /// A named component met deep inside another component's body
    /// (`NEST_COMPONENTS_BELOW`) is not lowered there: the body gets the component's type
    /// at once and the component waits in the work stack of `walk_components`.
    pub(super) fn component_ty(&mut self, name: &str, from: &Pointer) -> Option<Ty> {
        if let Some(done) = self.done.get(name) {
            return done.clone();
        }
        if self.in_progress.iter().any(|n| n == name) {
            self.cycle(name, from);
            return None;
        }
        let deep = self.depth >= NEST_COMPONENTS_BELOW;
        if let (true, Some((base, deferred)), Some((id, _))) =
            (deep, &mut self.body, self.component_slots.get(name))
        {
            deferred.push(Deferred {
                name: name.to_owned(),
                from: from.clone(),
                stack: self.in_progress[*base..].to_vec(),
            });
            return Some(Ty::Named(*id));
        }
        self.walk_components(name)
    }

    /// Reports the cycle that a reference to `name` (in progress), met at `from`, closes.
    /// One report per cycle, from whichever member is lowered first.
    pub(super) fn cycle(&mut self, name: &str, from: &Pointer) {
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
    pub(super) fn walk_components(&mut self, root: &str) -> Option<Ty> {
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
                if let Some((id, _)) = self.component_slots.get(&finished.name) {
                    self.slots[id.index()].def = None;
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
    pub(super) fn enter_component(&mut self, name: &str) -> Frame {
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
    pub(super) fn component_body(&mut self, name: &str) -> Option<Ty> {
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
            sid_place: SidPlace::Reference,
        };
        match slot {
            Some((id, rust)) => self.named_type(schema, &pointer, rust, Some(id)),
            None => self.schema_ty(schema, &pointer, &hint),
        }
    }

    /// Marks every struct and union reachable from a request parameter as outgoing.
    pub(super) fn mark_outgoing(&mut self) {
        let mut todo: Vec<TypeId> = Vec::new();
        for op in &self.operations {
            for p in &op.params {
                collect_named(&p.field.ty, &mut todo);
            }
        }
        while let Some(id) = todo.pop() {
            match &mut self.slots[id.index()].def {
                Some(TypeDef::Struct(s)) if !s.outgoing => {
                    s.outgoing = true;
                    for f in &s.fields {
                        collect_named(&f.ty, &mut todo);
                    }
                }
                Some(TypeDef::Union(u)) if !u.outgoing => {
                    u.outgoing = true;
                    for v in &u.variants {
                        collect_named(&v.ty, &mut todo);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Adds the named types that a value of type `ty` is made of (itself, its items or values).
pub(super) fn collect_named(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(t) | Ty::Map(t) => collect_named(t, out),
        _ => {}
    }
}
