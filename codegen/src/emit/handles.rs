//! Path-scoped handles, appended to `client.rs`: prints the handles the model holds
//! (decided in `lower/handles.rs`, which says the rules):
//! `client.services(&service).entities(identity).challenges().create(&factor)`.
//!
//! Each handle is a small struct around the runtime's `Scope` (the client and the path
//! parameters so far, nested as pairs); each step returns one; each operation's method
//! takes the required parameters that are not in the path and returns a
//! [`Call`](twilio_openapi_runtime::Call) holding the request (optional parameters:
//! `.with(|r| r.setter(…))`; `.await` sends it).

use super::{Cx, arg_keyword, arg_kind, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The client's steps in an `impl` of the client, then each handle type with its methods.
pub(super) fn emit(cx: &Cx<'_>) -> TokenStream {
    let handles = &cx.api.handles;
    let client = ident(&cx.api.output.client);
    let client_steps = handles.client_steps.iter().map(|s| step(cx, None, s));
    let mut out = if handles.client_steps.is_empty() {
        quote!()
    } else {
        quote! {
            /// Path-scoped handles: the first step of each path of the spec.
            impl #client { #(#client_steps)* }
        }
    };
    for handle in &handles.types {
        out.extend(handle_type(cx, handle));
    }
    out
}

/// A handle's struct (the runtime's `Scope`: the client and the path parameters) and its
/// methods.
fn handle_type(cx: &Cx<'_>, handle: &Handle) -> TokenStream {
    let root = &cx.root;
    let steps = handle.steps.iter().map(|s| step(cx, Some(handle), s));
    let leaves = handle.methods.iter().map(|m| leaf(cx, handle, m));
    let name = ident(&handle.name);
    let params = nested(handle.fields.iter().map(|(_, t)| ty(cx, t)));
    let doc = super::doc(Some(&format!(
        "`{}`: its operations and the paths below it.",
        handle.path
    )));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name<'c>(#root::Scope<'c, #params>);

        impl<'c> #name<'c> { #(#steps)* #(#leaves)* }
    }
}

/// Items nested as a handle's `Scope` holds its parameters: `()`, `a`, `(a, b)`,
/// `((a, b), c)`; the same shape serves as the type and as the pattern.
fn nested(items: impl Iterator<Item = TokenStream>) -> TokenStream {
    items
        .reduce(|acc, x| quote!((#acc, #x)))
        .unwrap_or_else(|| quote!(()))
}

/// A path parameter handed to a request's `new`: as the reference the handle's pattern
/// binds for a SID or a string (taken by `impl Into`), a clone of anything else.
fn by_ref(field: &str, t: &Ty) -> TokenStream {
    let f = ident(field);
    match t {
        Ty::Sid(_) | Ty::String => quote!(#f),
        _ => quote!(#f.clone()),
    }
}

/// A step method on the client (`on`: `None`) or a handle, returning its handle: the
/// handle's scope with the step's parameter, if any, added.
fn step(cx: &Cx<'_>, on: Option<&Handle>, s: &HandleStep) -> TokenStream {
    let root = &cx.root;
    let target = &cx.api.handles.types[s.to];
    let target_name = ident(&target.name);
    let method = ident(&s.name);
    let inherited = on.map_or(0, |h| h.fields.len());
    let (core, lifetime) = match on {
        None => (quote!(&self.core), quote!('_)),
        Some(_) => (quote!(self.0.core()), quote!('c)),
    };
    let (arg, scope) = match &s.param {
        Some((f, t)) => {
            let kind = ArgKind::of(t);
            let (arg, keyword) = (arg_kind(cx, &kind), arg_keyword(&kind));
            let f = ident(f);
            let value = quote!(#root::__field_value!(#keyword #f));
            let scope = if inherited == 0 {
                quote!(#root::Scope::new(#core, #value))
            } else {
                quote!(self.0.with(#value))
            };
            (quote!(, #f: #root::__field_arg!(#arg)), scope)
        }
        None if on.is_some() => (quote!(), quote!(self.0.clone())),
        None => (quote!(), quote!(#root::Scope::new(#core, ()))),
    };
    let doc = format!(" `{}`.", target.path);
    quote! {
        #[doc = #doc]
        pub fn #method(&self #arg) -> #target_name<#lifetime> {
            #target_name(#scope)
        }
    }
}

/// An operation's method on the handle of its path: a [`Call`] with the path filled in.
fn leaf(cx: &Cx<'_>, handle: &Handle, m: &HandleMethod) -> TokenStream {
    let root = &cx.root;
    let op = &cx.api.operations[m.operation];
    let request = ident(&op.request_name);
    let method = ident(&m.name);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for arg in &m.args {
        match *arg {
            HandleArg::Field(k) => {
                let (Some(Some(f)), Some((_, t))) = (m.bindings.get(k), handle.fields.get(k))
                else {
                    continue;
                };
                values.push(by_ref(f, t));
            }
            HandleArg::Param(i) => {
                let Some(p) = op.params.get(i) else { continue };
                let f = ident(&p.field.ident);
                let kind = arg_kind(cx, &ArgKind::of(&p.field.ty));
                args.push(quote!(#f: #root::__field_arg!(#kind)));
                values.push(quote!(#f));
            }
        }
    }
    let bind = if m.bindings.iter().any(Option::is_some) {
        let pattern = nested(m.bindings.iter().map(|b| match b {
            Some(f) => {
                let f = ident(f);
                quote!(#f)
            }
            None => quote!(_),
        }));
        quote!(let #pattern = self.0.params();)
    } else {
        quote!()
    };
    let doc = leaf_doc(cx, op);
    let dep = super::deprecated(op.deprecated);
    let allow = super::allow_deprecated(&[], op.deprecated);
    quote! {
        #doc
        #dep
        #allow
        pub fn #method(&self, #(#args),*) -> #root::Call<'c, #request> {
            #bind
            self.0.call(#request::new(#(#values),*))
        }
    }
}

/// The doc of an operation's method on a handle: its summary and the client method it
/// stands for.
fn leaf_doc(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let client = &cx.api.output.client;
    super::doc(Some(&format!(
        "{}: [`{client}::{}`] as a [`Call`], sent when awaited.",
        op.summary
            .as_deref()
            .unwrap_or(&op.id)
            .trim()
            .trim_end_matches('.'),
        op.fn_name
    )))
}
