//! The last step of building the model: the generator's settings checked and applied (the
//! operation filter), then what depends on the operations kept and on the settings decided
//! once: what the settings make of the code ([`Output`]), the pattern statics and the
//! path-scoped handles. [`model`] runs the stages that `generate` and `diff` share.

use crate::error::{Diagnostic, Error};
use crate::ir::*;
use crate::load::load;
use crate::names;
use crate::settings::Settings;

/// Loads and lowers spec text and settles the model with `settings`: the model that
/// `generate` prints and `diff` compares, with the raw tree it came from.
pub(crate) fn model(
    text: &str,
    file: &str,
    settings: &Settings,
) -> Result<(serde_yaml::Value, Api), Error> {
    let (doc, raw) = load(text, file)?;
    let mut api = super::lower(file, &doc, &raw)?;
    settle(file, &mut api, settings)?;
    if settings.samples {
        api.samples = Some(super::samples::decide(&api, &raw));
    }
    Ok((raw, api))
}

/// Checks `settings`, applies the operation filter to `api` and decides what depends on
/// the operations kept and on the settings.
pub(crate) fn settle(file: &str, api: &mut Api, settings: &Settings) -> Result<(), Error> {
    check(file, api, settings)?;
    if !settings.operation_ids.is_empty() || !settings.path_prefixes.is_empty() {
        api.operations.retain(|o| {
            settings.operation_ids.contains(&o.id)
                || settings
                    .path_prefixes
                    .iter()
                    .any(|p| o.path.starts_with(p.as_str()))
        });
    }
    api.output = Output {
        runtime_path: settings.runtime_path.clone(),
        client: settings.client_name.clone(),
        builder: format!("{}Builder", settings.client_name),
        base_url_env: settings
            .base_url_env
            .clone()
            .unwrap_or_else(|| names::base_url_env(&api.base_url)),
        user_agent: settings.user_agent.clone(),
        derives: settings.derives.clone(),
        aliases: settings.renamed.clone(),
    };
    api.patterns = patterns(api);
    api.handles = super::handles::decide(api, &api.output.client);
    Ok(())
}

/// What is wrong with `settings` for `api`: every problem, as one error of `file`.
fn check(file: &str, api: &Api, settings: &Settings) -> Result<(), Error> {
    let mut problems = Vec::new();
    if syn::parse_str::<syn::Path>(&settings.runtime_path).is_err() {
        problems.push(format!(
            "runtime path `{}` is not a Rust path such as `::twilio_openapi_runtime`",
            settings.runtime_path
        ));
    }
    let builder = format!("{}Builder", settings.client_name);
    if syn::parse_str::<syn::Ident>(&settings.client_name).is_err() {
        problems.push(format!(
            "client name `{}` is not a Rust identifier",
            settings.client_name
        ));
    } else {
        let taken = api
            .types
            .iter()
            .map(TypeDef::name)
            .chain(api.sids.iter().map(|s| s.name.as_str()))
            .chain(api.operations.iter().map(|o| o.request_name.as_str()))
            .find(|n| *n == settings.client_name || *n == builder);
        if let Some(name) = taken {
            problems.push(format!(
                "client name `{}` clashes with the generated type `{name}`; choose another \
                 with `client_name`",
                settings.client_name
            ));
        }
    }
    for d in &settings.derives {
        if syn::parse_str::<syn::Path>(d).is_err() {
            problems.push(format!("derive `{d}` is not a Rust path such as `Hash`"));
        }
    }
    let names: Vec<&str> = api
        .types
        .iter()
        .map(TypeDef::name)
        .chain(api.sids.iter().map(|s| s.name.as_str()))
        .collect();
    for (old, new) in &settings.renamed {
        if !names.contains(&new.as_str()) {
            problems.push(format!(
                "renamed type `{new}` (kept as `{old}`) is no type of the spec"
            ));
        } else if names.contains(&old.as_str()) || syn::parse_str::<syn::Ident>(old).is_err() {
            problems.push(format!(
                "`{old}` cannot name the former `{new}`: it is a type of the spec or no Rust \
                 identifier"
            ));
        }
    }
    for id in &settings.operation_ids {
        if !api.operations.iter().any(|o| &o.id == id) {
            problems.push(format!(
                "operation filter names `{id}`, which the spec does not have"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error {
            file: file.to_owned(),
            diagnostics: problems
                .into_iter()
                .map(|message| Diagnostic {
                    pointer: String::new(),
                    message: format!("generator settings: {message}"),
                })
                .collect(),
        });
    }
    Ok(())
}

/// Every distinct pattern of the checks that are emitted, in order of first use (structs
/// users send, then operations), each with the name of its `static`: the wire name of its first user in
/// upper case, then `_PATTERN` (numbered when two patterns would share a name).
fn patterns(api: &Api) -> Vec<PatternDef> {
    fn walk<'a>(wire: &'a str, checks: &'a [Check], out: &mut Vec<(&'a str, &'a str)>) {
        for c in checks {
            match c {
                Check::Pattern(p) => out.push((p, wire)),
                Check::Each(inner) => walk(wire, inner, out),
                _ => {}
            }
        }
    }
    let mut uses = Vec::new();
    for t in &api.types {
        // Only structs and unions users send are validated; a pattern on a response type
        // is never checked, and its static would be dead code.
        match t {
            TypeDef::Struct(s) if s.outgoing => {
                for f in &s.fields {
                    walk(&f.wire, &f.checks, &mut uses);
                }
            }
            TypeDef::Union(u) if u.outgoing => {
                for v in &u.variants {
                    walk(&v.ident, &v.checks, &mut uses);
                }
            }
            _ => {}
        }
    }
    for op in &api.operations {
        for p in &op.params {
            walk(&p.field.wire, &p.field.checks, &mut uses);
        }
    }
    let mut out: Vec<PatternDef> = Vec::new();
    for (pattern, wire) in uses {
        if out.iter().any(|p| p.pattern == pattern) {
            continue;
        }
        let base = format!("{}_PATTERN", names::snake(wire).to_uppercase());
        let mut name = base.clone();
        let mut n = 1;
        while out.iter().any(|p| p.name == name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        out.push(PatternDef {
            pattern: pattern.to_owned(),
            name,
        });
    }
    out
}
