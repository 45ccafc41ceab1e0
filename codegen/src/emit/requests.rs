//! `requests.rs`: one request struct per operation, with its constructor, setters,
//! validation and wire encoding.

use super::types::builder;
use super::{checks, deprecated, doc, doc_extra, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(api: &Api) -> TokenStream {
    let ops = api.operations.iter().map(|op| request(api, op));
    quote! { #(#ops)* }
}

fn request(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.request_name);
    let fields: Vec<Field> = op.params.iter().map(|p| p.field.clone()).collect();
    let method_link = format!(
        " Parameters of [`Client::{}`](crate::Client::{}): {}",
        op.fn_name,
        op.fn_name,
        op.summary.as_deref().unwrap_or(&op.id).trim()
    );
    let extra = doc_extra(&[
        String::new(),
        format!("Sent as `{} {}`.", op.method.as_str(), op.path),
        format!(
            "Build it with [`{}::new`] and the setters of the optional parameters.",
            op.request_name
        ),
    ]);
    let decls = op.params.iter().map(|p| {
        let f = &p.field;
        let n = ident(&f.ident);
        let d = doc(f.doc.as_deref());
        let where_ = format!(" ({} `{}`)", location_name(p.location), f.wire);
        let dep = deprecated(f.deprecated);
        let t = ty(&f.ty);
        let t = if f.required || matches!(f.ty, Ty::Vec(_)) {
            t
        } else {
            quote!(Option<#t>)
        };
        quote! { #d #[doc = ""] #[doc = #where_] #dep pub #n: #t }
    });

    let validations = op.params.iter().filter(|p| !p.field.checks.is_empty()).map(|p| {
        let f = &p.field;
        let n = ident(&f.ident);
        let wire = &f.wire;
        let c = checks(&f.checks, &f.ty);
        if f.required || matches!(f.ty, Ty::Vec(_)) {
            quote! { { let value = &self.#n; let field = crate::validate::Field::name(#wire); #c } }
        } else {
            quote! { if let Some(value) = &self.#n { let field = crate::validate::Field::name(#wire); #c } }
        }
    });

    let path_steps = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { path.literal(#text); },
        PathPart::Param(wire) => {
            let p = op
                .params
                .iter()
                .find(|p| p.location == Location::Path && &p.field.wire == wire);
            match p {
                Some(p) => {
                    let n = ident(&p.field.ident);
                    quote! { path.param(#wire, &self.#n)?; }
                }
                None => quote!(),
            }
        }
    });

    let encode = |location: Location, target: TokenStream| {
        let steps: Vec<TokenStream> = op
            .params
            .iter()
            .filter(|p| p.location == location)
            .map(|p| {
                let n = ident(&p.field.ident);
                let wire = &p.field.wire;
                quote! { crate::wire::WireValue::encode(&self.#n, #wire, #target)?; }
            })
            .collect();
        steps
    };
    let query = encode(Location::Query, quote!(query));
    let headers = encode(Location::Header, quote!(headers));
    let form = encode(Location::Form, quote!(form));
    let json = op
        .params
        .iter()
        .find(|p| p.location == Location::JsonBody)
        .map(|p| {
            let n = ident(&p.field.ident);
            if p.field.required {
                quote! { body.json(&self.#n) }
            } else {
                quote! { match &self.#n { Some(value) => body.json(value), None => Ok(()) } }
            }
        });
    let body_kind = if json.is_some() {
        quote!(crate::wire::BodyKind::Json)
    } else if op.params.iter().any(|p| p.location == Location::Form) {
        quote!(crate::wire::BodyKind::Form)
    } else {
        quote!(crate::wire::BodyKind::None)
    };
    let write_body = match json {
        Some(j) => quote! {
            fn write_body(&self, body: &mut crate::wire::Body) -> Result<(), crate::validate::ValidationError> {
                #j
            }
        },
        None if !form.is_empty() => quote! {
            fn write_body(&self, body: &mut crate::wire::Body) -> Result<(), crate::validate::ValidationError> {
                let form = body.form();
                #(#form)*
                Ok(())
            }
        },
        None => quote!(),
    };
    let write_query = if query.is_empty() {
        quote!()
    } else {
        quote! {
            fn write_query(&self, query: &mut crate::wire::FormEncoder) -> Result<(), crate::validate::ValidationError> {
                #(#query)*
                Ok(())
            }
        }
    };
    let write_headers = if headers.is_empty() {
        quote!()
    } else {
        quote! {
            fn write_headers(&self, headers: &mut crate::wire::FormEncoder) -> Result<(), crate::validate::ValidationError> {
                #(#headers)*
                Ok(())
            }
        }
    };
    let response = match &op.response {
        Response::Json(t) => ty(t),
        Response::Empty => quote!(()),
    };
    let is_struct = |name: &str| {
        api.types
            .iter()
            .any(|t| matches!(t, TypeDef::Struct(s) if s.name == name))
    };
    let response_kind = match &op.response {
        Response::Empty => quote!(crate::ResponseKind::Empty),
        Response::Json(Ty::Named(n)) if is_struct(n) => quote!(crate::ResponseKind::Object),
        Response::Json(_) => quote!(crate::ResponseKind::Value),
    };
    let id = &op.id;
    let method = ident(op.method.as_str());
    let path = &op.path;
    let pii: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.field.pii)
        .map(|p| p.field.wire.as_str())
        .collect();
    let builder = builder(&name, &fields, false);
    let dep = deprecated(op.deprecated);
    quote! {
        #[doc = #method_link]
        #extra
        #dep
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls,)*
        }

        #builder

        impl crate::Request for #name {
            type Response = #response;

            const OPERATION: crate::Operation = crate::Operation {
                id: #id,
                method: reqwest::Method::#method,
                path: #path,
                body: #body_kind,
                response: #response_kind,
                pii: &[#(#pii),*],
            };

            fn validate(&self) -> Result<(), crate::validate::ValidationError> {
                #(#validations)*
                Ok(())
            }

            fn write_path(&self, path: &mut crate::wire::PathBuilder) -> Result<(), crate::validate::ValidationError> {
                #(#path_steps)*
                Ok(())
            }

            #write_query
            #write_headers
            #write_body
        }
    }
}

/// How a parameter's place is named in docs and messages.
pub(crate) fn location_name(l: Location) -> &'static str {
    match l {
        Location::Path => "path parameter",
        Location::Query => "query parameter",
        Location::Header => "header",
        Location::Form => "form field",
        Location::JsonBody => "JSON body",
    }
}
