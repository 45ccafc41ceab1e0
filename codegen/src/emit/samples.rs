//! `samples.rs` (the `samples` setting): a `samples` module with one function per
//! operation that builds its sample request, and `run`, which sends each through the
//! client in spec order and returns what each came to. The values are the model's
//! (`lower/samples.rs`); this only prints them as Rust expressions of their fields' types.

use super::{Cx, doc, ident, outgoing_ty};
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub(super) fn emit(cx: &Cx<'_>) -> TokenStream {
    let Some(samples) = &cx.api.samples else {
        return quote!();
    };
    let root = &cx.root;
    let client = ident(&cx.api.output.client);
    let mut builders = Vec::new();
    let mut runs = Vec::new();
    for s in samples {
        let op = &cx.api.operations[s.operation];
        let (id, route) = (&op.id, format!("{} {}", op.method.as_str(), op.path));
        match &s.values {
            Ok(values) => {
                builders.push(builder(cx, op, &s.builder, values));
                let (method, f) = (ident(&op.fn_name), ident(&s.builder));
                runs.push(
                    quote!(#root::SampleOutcome::of(#id, #route, client.#method(&#f()).await)),
                );
            }
            Err(reason) => runs.push(quote!(#root::SampleOutcome::not_made(#id, #route, #reason))),
        }
    }
    let run_doc = doc(Some(&format!(
        "Sends every sample request through `client`, one after the other in spec order, \
         and returns what each came to: `Ok` when the server accepted it and its answer \
         decoded. A smoke test of the bindings against a mock server of the spec \
         (`{client}::builder().base_url(...)`)."
    )));
    let runner = ident(crate::names::SAMPLES_RUNNER);
    let module_doc = doc(Some(&format!(
        "One sample request per operation, made from the spec's examples where they fit, \
         else from each field's type, format and constraints; and [`{runner}`](samples::{runner}), \
         which sends them all."
    )));
    // A spec without operations sends nothing, and the client goes unused.
    let param = if runs.is_empty() {
        ident("_client")
    } else {
        ident("client")
    };
    quote! {
        #module_doc
        #[allow(deprecated)]
        pub mod samples {
            #[allow(unused_imports)]
            use super::*;

            #(#builders)*

            #run_doc
            pub async fn #runner(#param: &#client) -> ::std::vec::Vec<#root::SampleOutcome> {
                ::std::vec::Vec::from([#(#runs),*])
            }
        }
    }
}

/// The function that builds an operation's sample request.
fn builder(
    cx: &Cx<'_>,
    op: &Operation,
    name: &str,
    values: &[(usize, SampleValue)],
) -> TokenStream {
    let request = ident(&op.request_name);
    let f = ident(name);
    let fields: Vec<&Field> = op.params.iter().map(|p| &p.field).collect();
    let value = construct(cx, &op.request_name, &op.new_args, &fields, values);
    let doc = doc(Some(&format!(
        "The sample request of `{}` (`{} {}`).",
        op.id,
        op.method.as_str(),
        op.path
    )));
    quote! {
        #doc
        pub fn #f() -> #request {
            #value
        }
    }
}

/// A value of the request or struct `name`: its `new` with the required fields (`new_args`,
/// indices into `fields`), then a setter for each other field `values` has.
fn construct(
    cx: &Cx<'_>,
    name: &str,
    new_args: &[usize],
    fields: &[&Field],
    values: &[(usize, SampleValue)],
) -> TokenStream {
    let name = ident(name);
    let value_of = |i: usize| values.iter().find(|(at, _)| *at == i).map(|(_, v)| v);
    let args = new_args
        .iter()
        .map(|&i| match (fields.get(i), value_of(i)) {
            (Some(f), Some(v)) => arg(cx, &f.ty, v),
            // Every required field has a value (or the sample is not made).
            _ => quote!(::std::default::Default::default()),
        });
    let setters = values
        .iter()
        .filter(|(i, _)| !new_args.contains(i))
        .filter_map(|(i, v)| {
            let f = fields.get(*i)?;
            let setter = ident(&f.ident);
            let value = arg(cx, &f.ty, v);
            Some(quote!(.#setter(#value)))
        });
    quote!(#name::new(#(#args),*) #(#setters)*)
}

/// `v` as an argument of a constructor or setter of a field of type `t`, taken as its
/// [`ArgKind`] says: a string literal where it takes `impl Into<String>`, the items of a
/// list, the value itself otherwise.
fn arg(cx: &Cx<'_>, t: &Ty, v: &SampleValue) -> TokenStream {
    match (ArgKind::of(t), v) {
        (ArgKind::Into(Ty::String), SampleValue::Text(s)) => quote!(#s),
        (ArgKind::Items(inner), SampleValue::List(items)) => {
            let items = items.iter().map(|i| exact(cx, &inner, i));
            quote!([#(#items),*])
        }
        _ => exact(cx, t, v),
    }
}

/// `v` as a value of exactly the type a field of type `t` holds.
fn exact(cx: &Cx<'_>, t: &Ty, v: &SampleValue) -> TokenStream {
    let root = &cx.root;
    match (t, v) {
        (Ty::Sid(name), SampleValue::Text(s)) => {
            let name = ident(name);
            quote!(#name::new_unchecked(#s))
        }
        (_, SampleValue::Text(s)) => quote!(::std::string::String::from(#s)),
        (_, SampleValue::Bool(b)) => quote!(#b),
        (_, SampleValue::Int(i)) => signed(Literal::u64_unsuffixed(i.unsigned_abs()), *i < 0),
        (_, SampleValue::Float(x)) => signed(Literal::f64_unsuffixed(x.abs()), *x < 0.0),
        (_, SampleValue::DateTime(secs)) => {
            quote!(#root::chrono::DateTime::from_timestamp(#secs, 0).unwrap_or_default())
        }
        (_, SampleValue::Date(y, m, d)) => {
            quote!(#root::chrono::NaiveDate::from_ymd_opt(#y, #m, #d).unwrap_or_default())
        }
        (_, SampleValue::Json(json)) => {
            let text = json.to_string();
            let t = outgoing_ty(cx, t);
            quote!(#root::serde_json::from_str::<#t>(#text).unwrap_or_default())
        }
        (Ty::Named(id), SampleValue::Variant(variant)) => {
            let (name, variant) = (ident(cx.api.type_name(*id)), ident(variant));
            quote!(#name::#variant)
        }
        (Ty::Vec(inner), SampleValue::List(items)) => {
            let items = items.iter().map(|i| exact(cx, inner, i));
            quote!(::std::vec![#(#items),*])
        }
        (Ty::Named(id), SampleValue::Struct(values)) => match cx.api.type_def(*id) {
            TypeDef::Struct(def) => {
                let fields: Vec<&Field> = def.fields.iter().collect();
                construct(cx, &def.name, &def.new_args, &fields, values)
            }
            _ => quote!(::std::default::Default::default()),
        },
        (Ty::Named(id), SampleValue::Union(variant, value)) => {
            let name = ident(cx.api.type_name(*id));
            let payload = match cx.api.type_def(*id) {
                TypeDef::Union(u) => u.variants.iter().find(|x| x.ident == *variant),
                _ => None,
            };
            let value = match payload {
                Some(p) => exact(cx, &p.ty, value),
                None => quote!(::std::default::Default::default()),
            };
            let variant = ident(variant);
            quote!(#name::#variant(#value))
        }
        // The model pairs every value with a type of its kind.
        _ => quote!(::std::default::Default::default()),
    }
}

/// A number literal, negated when `negative` (a literal token itself has no sign).
fn signed(literal: Literal, negative: bool) -> TokenStream {
    if negative {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}
