//! Path-scoped handles, decided once for the model (`emit/handles.rs` prints them): the
//! shared prefixes of the spec's paths read the way Twilio's SDKs read,
//! `client.services(&service).entities(identity).challenges().create(&factor)`.
//!
//! Built from the paths alone, for any spec. The paths form a tree of segments, a path
//! parameter at one place standing for any parameter there (`{Sid}` and `{ChallengeSid}`
//! after `Challenges` are one node). Then:
//!
//! - a literal segment whose node has no operation and whose only child is a parameter
//!   is one step taking that parameter, named after the literal in snake case
//!   (`services(service_sid)`); any other literal with operations or several children is a
//!   step without arguments (`challenges()`), and a parameter below it a step named after
//!   the literal's singular (`challenge(sid)`); literal segments that every path starts
//!   with and that carry nothing (`v2`, `2010-04-01`) are skipped;
//! - each step returns a handle (a small struct around the runtime's `Scope`: the client and
//!   the path parameters so far, nested as pairs): `…Context` below a parameter, `…List`
//!   below a literal;
//! - each operation is a method of the handle of its path, named by HTTP method and place:
//!   `list` (a GET with pages), `fetch` (another GET), `create` (POST on a literal),
//!   `update` (POST, PUT or PATCH on a parameter), `replace` (PUT on a literal), `delete`;
//!   on a clash, the client's method name. It takes the required parameters that are not
//!   in the path and returns the runtime's `Call` holding the request.
//!
//! A file extension of a path's last segment (`/Messages/{Sid}.json`) is no part of it: the
//! segments are `Messages` and `{Sid}`.
//!
//! An operation whose path does not split into whole segments, or whose parameter at a
//! shared place has another type than the others', gets no handle method (its client
//! method is there as always). A handle type whose name is taken (by a type, a request, a
//! SID, the client or the runtime) takes the words of the literals above it in front, then
//! a number; a step whose name the client or the handle already has is left out, and so is
//! an operation whose verb and client method name are both taken there.

use crate::ir::*;
use crate::names;
use std::collections::BTreeSet;

/// One segment of a path.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Literal(String),
    /// A parameter: its index among the operation's params.
    Param(usize),
}

/// A node of the tree of path segments.
#[derive(Debug, Default)]
struct Node {
    /// The literal text, or `None` for a parameter.
    literal: Option<String>,
    /// For a parameter: the field name, type and wire name (from the first operation
    /// through it).
    param: Option<(String, Ty, String)>,
    children: Vec<usize>,
    parent: Option<usize>,
    /// Operations whose path ends here, as indexes into `api.operations`.
    ops: Vec<usize>,
}

/// What a node is in the API of handles.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    /// Not reachable on its own: a literal skipped at the top, or folded into the
    /// parameter below it.
    Folded,
    /// A node with a handle type.
    Handle,
}

/// A handle type under construction: its node, then what the model keeps.
struct Draft {
    node: usize,
    handle: Handle,
}

/// A step before it is placed: the handle it is a method of (`None`: the client).
struct Placed {
    on: Option<usize>,
    step: HandleStep,
}

/// The handles of `api`, whose client type is named `client`.
pub(crate) fn decide(api: &Api, client: &str) -> Handles {
    let nodes = tree(api);
    let roles = roles(&nodes);
    let mut drafts = drafts(&nodes, &roles, taken_names(api, client));
    let steps = steps(&nodes, &roles, &drafts);
    let mut handles = Handles::default();
    // The names each of the client (slot 0) and the handles (slot h + 1) has taken.
    let mut taken: Vec<BTreeSet<String>> = vec![BTreeSet::new(); drafts.len() + 1];
    taken[0].extend(api.client.reserved().map(str::to_owned));
    for op in &api.operations {
        taken[0].insert(op.fn_name.clone());
        taken[0].extend(op.stream_fn.clone());
    }
    for Placed { on, step } in steps {
        let slot = on.map_or(0, |h| h + 1);
        // A step that adds anything but its parameter to those it has is left out, after
        // its name is taken.
        let inherited = on.map_or(0, |h| drafts[h].handle.fields.len());
        let fits =
            drafts[step.to].handle.fields.len() == inherited + usize::from(step.param.is_some());
        if taken[slot].insert(step.name.clone()) && fits {
            match on {
                None => handles.client_steps.push(step),
                Some(h) => drafts[h].handle.steps.push(step),
            }
        }
    }
    for (h, draft) in drafts.iter_mut().enumerate() {
        let ends_in_param = nodes[draft.node].literal.is_none();
        for &o in &nodes[draft.node].ops {
            let op = &api.operations[o];
            let verb = verb(api, op, ends_in_param);
            let name = if taken[h + 1].contains(verb) {
                op.fn_name.as_str()
            } else {
                verb
            };
            if taken[h + 1].insert(name.to_owned()) {
                if let Some(method) = method(&draft.handle, op, o, name) {
                    draft.handle.methods.push(method);
                }
            }
        }
    }
    handles.types = drafts.into_iter().map(|d| d.handle).collect();
    handles
}

/// Splits an operation's path into segments, or `None` when a segment mixes text and a
/// parameter (`/Calls/{Sid}/Feedback{Kind}`). A file extension of the last segment
/// (`/Messages.json`, `/Messages/{Sid}.json`) names nothing: it is left out.
fn segments(op: &Operation) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    let pieces: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    for (k, piece) in pieces.iter().enumerate() {
        let piece = if k + 1 == pieces.len() {
            without_extension(piece)
        } else {
            piece
        };
        if let Some(name) = piece.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            let i = op.params.iter().position(|p| {
                p.location == Location::Path && p.field.wire == name && p.field.required
            })?;
            out.push(Seg::Param(i));
        } else if piece.contains(['{', '}']) {
            return None;
        } else {
            out.push(Seg::Literal(piece.to_owned()));
        }
    }
    Some(out)
}

/// `piece` without a file extension (`.json`: a dot and letters or digits after a name).
fn without_extension(piece: &str) -> &str {
    match piece.rsplit_once('.') {
        Some((name, ext))
            if !name.is_empty()
                && !ext.is_empty()
                && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            name
        }
        _ => piece,
    }
}

/// The tree of the operations' path segments; node 0 is the root.
fn tree(api: &Api) -> Vec<Node> {
    let mut nodes = vec![Node::default()];
    for (o, op) in api.operations.iter().enumerate() {
        let Some(segs) = segments(op) else { continue };
        // The nodes the path runs through, created if new; an operation whose parameter
        // disagrees with the node's type gets none.
        let mut at = 0;
        let mut created = Vec::new();
        let mut fits = true;
        for seg in &segs {
            let found = nodes[at].children.iter().copied().find(|&c| match seg {
                Seg::Literal(l) => nodes[c].literal.as_deref() == Some(l),
                Seg::Param(_) => nodes[c].literal.is_none(),
            });
            at = match (found, seg) {
                (Some(c), Seg::Param(i)) => {
                    if nodes[c].param.as_ref().map(|p| &p.1) != Some(&op.params[*i].field.ty) {
                        fits = false;
                        break;
                    }
                    c
                }
                (Some(c), _) => c,
                (None, _) => {
                    let (literal, param) = match seg {
                        Seg::Literal(l) => (Some(l.clone()), None),
                        Seg::Param(i) => {
                            let f = &op.params[*i].field;
                            (None, Some((f.ident.clone(), f.ty.clone(), f.wire.clone())))
                        }
                    };
                    nodes.push(Node {
                        literal,
                        param,
                        parent: Some(at),
                        ..Node::default()
                    });
                    let c = nodes.len() - 1;
                    nodes[at].children.push(c);
                    created.push(c);
                    c
                }
            };
        }
        if fits {
            nodes[at].ops.push(o);
        } else {
            // Nothing new stays behind for an operation that does not fit.
            for c in created.into_iter().rev() {
                if let Some(p) = nodes[c].parent {
                    nodes[p].children.retain(|&x| x != c);
                }
            }
        }
    }
    nodes
}

/// Each node's role: folded for the root, for the literals at the top that carry nothing
/// and do not branch, and for a literal taken in one step with the parameter below it.
fn roles(nodes: &[Node]) -> Vec<Role> {
    let mut roles = vec![Role::Handle; nodes.len()];
    roles[0] = Role::Folded;
    // Literal segments that every path starts with and that carry nothing (`v1`,
    // `2010-04-01`), even where the paths branch below them.
    let mut top = 0;
    while nodes[top].ops.is_empty() && nodes[top].children.len() == 1 {
        let c = nodes[top].children[0];
        if nodes[c].literal.is_none() || !nodes[c].ops.is_empty() {
            break;
        }
        roles[c] = Role::Folded;
        top = c;
    }
    // A literal with no operation whose only child is a parameter: one step.
    for (i, node) in nodes.iter().enumerate().skip(1) {
        if node.literal.is_some()
            && node.ops.is_empty()
            && node.children.len() == 1
            && nodes[node.children[0]].literal.is_none()
        {
            roles[i] = Role::Folded;
        }
    }
    roles
}

/// The type names a handle may not take: the runtime's re-exports, the spec's types, SIDs
/// and requests, and the client and its builder.
fn taken_names(api: &Api, client: &str) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = names::RUNTIME_REEXPORTS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for t in &api.types {
        taken.insert(t.name().to_owned());
    }
    for s in &api.sids {
        taken.insert(s.name.clone());
        taken.insert(format!("{}Kind", s.name));
    }
    for op in &api.operations {
        taken.insert(op.request_name.clone());
    }
    taken.insert(client.to_owned());
    taken.insert(format!("{client}Builder"));
    taken
}

/// The handle types in node order, each named clear of `taken` and of the ones before it.
fn drafts(nodes: &[Node], roles: &[Role], mut taken: BTreeSet<String>) -> Vec<Draft> {
    let mut drafts = Vec::new();
    for (i, role) in roles.iter().enumerate().skip(1) {
        if *role != Role::Handle {
            continue;
        }
        let Some(name) = handle_name(nodes, i, &taken) else {
            continue;
        };
        taken.insert(name.clone());
        let (fields, path) = fields_and_path(nodes, i);
        drafts.push(Draft {
            node: i,
            handle: Handle {
                name,
                path,
                fields,
                steps: Vec::new(),
                methods: Vec::new(),
            },
        });
    }
    drafts
}

/// The name of node `i`'s handle: `{Singular}Context` below a parameter, `{Singular}List`
/// below a literal; a taken name takes its parents' words in front, then a number. `None`
/// for a parameter with no literal above it.
fn handle_name(nodes: &[Node], i: usize, taken: &BTreeSet<String>) -> Option<String> {
    // A parameter's node is named after the literal above it.
    let (word, kind) = match &nodes[i].literal {
        Some(l) => (l.as_str(), "List"),
        None => (nodes[nodes[i].parent?].literal.as_deref()?, "Context"),
    };
    let mut words = vec![names::pascal(&names::singular(word))];
    let mut up = nodes[i].parent;
    let mut name = format!("{}{kind}", words.concat());
    while taken.contains(&name) {
        // Prefix the nearest literal above, then number.
        match up.and_then(|u| nodes[u].parent.map(|p| (u, p))) {
            Some((u, p)) => {
                if let Some(l) = &nodes[u].literal {
                    words.insert(0, names::pascal(&names::singular(l)));
                }
                up = Some(p);
                name = format!("{}{kind}", words.concat());
            }
            None => {
                let base = name.clone();
                name = (2..)
                    .map(|k| format!("{base}{k}"))
                    .find(|c| !taken.contains(c))
                    .unwrap_or(base);
            }
        }
    }
    Some(name)
}

/// The fields of node `i`'s handle (the path parameters from the root down) and its path,
/// for docs. A parameter whose name one above it has already (`/Accounts/{Sid}/Calls/{Sid}`)
/// is named after the resource before it (`call_sid`), else numbered.
fn fields_and_path(nodes: &[Node], i: usize) -> (Vec<(String, Ty)>, String) {
    let mut chain: Vec<usize> = std::iter::successors(Some(i), |&c| nodes[c].parent).collect();
    chain.reverse();
    let mut fields: Vec<(String, Ty)> = Vec::new();
    let mut path = String::new();
    let mut resource = None;
    for &c in &chain[1..] {
        match (&nodes[c].literal, &nodes[c].param) {
            (Some(l), _) => {
                path.push('/');
                path.push_str(l);
                resource = Some(l.as_str());
            }
            (None, Some((f, t, wire))) => {
                path.push_str(&format!("/{{{wire}}}"));
                let taken = |name: &str| fields.iter().any(|(x, _)| x == name);
                let mut fname = f.clone();
                if taken(&fname) {
                    if let Some(r) = resource {
                        fname = format!("{}_{f}", names::snake(&names::singular(r)));
                    }
                }
                let mut k = 2;
                while taken(&fname) {
                    fname = format!("{f}_{k}");
                    k += 1;
                }
                fields.push((fname, t.clone()));
            }
            (None, None) => {}
        }
    }
    (fields, path)
}

/// For each handle, the step reaching it from the nearest handle above (or the client).
fn steps(nodes: &[Node], roles: &[Role], drafts: &[Draft]) -> Vec<Placed> {
    let mut steps = Vec::new();
    for (h, draft) in drafts.iter().enumerate() {
        let i = draft.node;
        let Some((name, below)) = step_name(nodes, roles, i) else {
            continue;
        };
        // The nearest node from `below` up with a handle (the client when none).
        let on = std::iter::successors(Some(below), |&a| nodes[a].parent)
            .find_map(|a| drafts.iter().position(|x| x.node == a));
        let param = if nodes[i].param.is_some() {
            draft.handle.fields.last().cloned()
        } else {
            None
        };
        steps.push(Placed {
            on,
            step: HandleStep { name, to: h, param },
        });
    }
    steps
}

/// The name of the step to node `i`, and the node whose handle (or the nearest above) it
/// is a method of; `None` for the root.
fn step_name(nodes: &[Node], roles: &[Role], i: usize) -> Option<(String, usize)> {
    let parent = nodes[i].parent?;
    let grandparent = nodes[parent].parent.unwrap_or(0);
    Some(match &nodes[i].literal {
        Some(l) => (names::snake(l), parent),
        None => match (&nodes[parent].literal, &roles[parent]) {
            (Some(l), Role::Folded) => (names::snake(l), grandparent),
            (Some(l), Role::Handle) => (names::snake(&names::singular(l)), grandparent),
            // A parameter right after a parameter: named after itself.
            (None, _) => (
                names::snake(nodes[i].param.as_ref().map_or("item", |p| &p.0)),
                parent,
            ),
        },
    })
}

/// An operation's method name on its handle, by HTTP method and whether its path ends in
/// a parameter.
fn verb(api: &Api, op: &Operation, ends_in_param: bool) -> &'static str {
    match (op.method, ends_in_param) {
        (Method::Get, _) if api.paging(op).is_some() => "list",
        (Method::Get, _) => "fetch",
        (Method::Post, false) => "create",
        (Method::Put, false) => "replace",
        (Method::Post | Method::Put | Method::Patch, _) => "update",
        (Method::Delete, _) => "delete",
    }
}

/// Operation `o` as method `name` of `handle`: its path parameters come from the handle's
/// fields (the operation's path parameters in path order are the fields in order), the
/// other arguments of its `new` are the method's own. `None` when the handle lacks one of
/// its path parameters.
fn method(handle: &Handle, op: &Operation, o: usize, name: &str) -> Option<HandleMethod> {
    let path_params: Vec<usize> = segments(op)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| match s {
            Seg::Param(i) => Some(i),
            Seg::Literal(_) => None,
        })
        .collect();
    let names = bindings(handle, op, &path_params);
    let mut bindings = vec![None; handle.fields.len()];
    let mut args = Vec::new();
    for &i in &op.new_args {
        match path_params.iter().position(|&x| x == i) {
            Some(k) => {
                bindings[k] = Some(names.get(k)?.clone());
                args.push(HandleArg::Field(k));
            }
            None => args.push(HandleArg::Param(i)),
        }
    }
    Some(HandleMethod {
        name: name.to_owned(),
        operation: o,
        bindings,
        args,
    })
}

/// The names an operation's method binds its handle's parameters to: the handle's field
/// names, clear of the method's own arguments (the required parameters not in the path).
fn bindings(handle: &Handle, op: &Operation, path_params: &[usize]) -> Vec<String> {
    let arguments: Vec<&str> = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| p.field.required && !path_params.contains(i))
        .map(|(_, p)| p.field.ident.as_str())
        .collect();
    handle
        .fields
        .iter()
        .map(|(f, _)| {
            let mut name = f.clone();
            while arguments.contains(&name.as_str()) {
                name.push_str("_in_path");
            }
            name
        })
        .collect()
}
