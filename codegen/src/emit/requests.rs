//! `requests.rs`: one request struct per operation, with its constructor, setters,
//! validation and wire encoding.

use super::types::builder;
use super::{Cx, checks, deprecated, doc, doc_extra, ident, outgoing_ty, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(cx: &Cx<'_>) -> TokenStream {
    let patterns = super::pattern_statics(cx);
    let ops = cx.api.operations.iter().map(|op| request(cx, op));
    quote! { #patterns #(#ops)* }
}

fn request(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let root = &cx.root;
    let name = ident(&op.request_name);
    let fields: Vec<Field> = op.params.iter().map(|p| p.field.clone()).collect();
    let client = &cx.settings.client_name;
    let method_link = format!(
        " Parameters of [`{client}::{}`]({client}::{}): {}",
        op.fn_name,
        op.fn_name,
        op.summary.as_deref().unwrap_or(&op.id).trim()
    );
    let mut extra = vec![
        String::new(),
        format!("Sent as `{} {}`.", op.method.as_str(), op.path),
    ];
    extra.extend(op.body.as_ref().and_then(body_choice));
    let extra = doc_extra(&extra);
    let decls = op.params.iter().map(|p| {
        let f = &p.field;
        let n = ident(&f.ident);
        // The parameter's place on the wire ends its doc paragraph.
        let joined = match p.style {
            Style::Exploded => "",
            Style::CommaSeparated => ", items comma-separated",
        };
        let where_ = format!("({} `{}`{joined})", location_name(p.location), f.wire);
        let d = doc(Some(&match f.doc.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => format!("{text} {where_}"),
            _ => where_,
        }));
        let dep = deprecated(f.deprecated);
        let t = outgoing_ty(cx, &f.ty);
        let t = if f.required || matches!(f.ty, Ty::Vec(_)) {
            t
        } else {
            quote!(Option<#t>)
        };
        quote! { #d #dep pub #n: #t }
    });

    let validations = op.params.iter().filter(|p| !p.field.checks.is_empty()).map(|p| {
        let f = &p.field;
        let n = ident(&f.ident);
        let wire = &f.wire;
        let c = checks(cx, &f.checks, &f.ty);
        // Top-level parameters: each binds `value` and `field` anew, so no block is needed;
        // a required parameter whose one check is a SID's or a nested struct's is checked
        // in one line
        // (Those checks are method calls, which borrow `self.#n` themselves.)
        if f.required && matches!(f.checks[..], [Check::Sid] | [Check::Nested]) {
            let field = quote!(&#root::validate::Field::name(#wire));
            super::check_on(cx, &f.checks[0], &f.ty, quote!(self.#n), field)
        } else if f.required || matches!(f.ty, Ty::Vec(_)) {
            quote! { let value = &self.#n; let field = #root::validate::Field::name(#wire); #c }
        } else {
            quote! { if let Some(value) = &self.#n { let field = #root::validate::Field::name(#wire); #c } }
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
                let put = match p.style {
                    Style::Exploded => quote!(put),
                    Style::CommaSeparated => quote!(put_comma_separated),
                };
                quote! { #target.#put(#wire, &self.#n)?; }
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
        let media_type = op
            .body
            .as_ref()
            .map_or("application/json", |b| &b.media_type);
        quote!(#root::wire::BodyKind::Json(#media_type))
    } else if op.params.iter().any(|p| p.location == Location::Form) {
        quote!(#root::wire::BodyKind::Form)
    } else {
        quote!(#root::wire::BodyKind::None)
    };
    let write_body = match json {
        Some(j) => quote! {
            fn write_body(&self, body: &mut #root::Body) -> #root::validate::Result {
                #j
            }
        },
        None if !form.is_empty() => quote! {
            fn write_body(&self, body: &mut #root::Body) -> #root::validate::Result {
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
            fn write_query(&self, query: &mut #root::FormEncoder) -> #root::validate::Result {
                #(#query)*
                Ok(())
            }
        }
    };
    let write_headers = if headers.is_empty() {
        quote!()
    } else {
        quote! {
            fn write_headers(&self, headers: &mut #root::FormEncoder) -> #root::validate::Result {
                #(#headers)*
                Ok(())
            }
        }
    };
    let response = match &op.response {
        Response::Json(t) => ty(cx, t),
        Response::Empty => quote!(()),
        Response::Redirect => quote!(#root::Redirect),
    };
    let is_struct = |name: &str| {
        cx.api
            .types
            .iter()
            .any(|t| matches!(t, TypeDef::Struct(s) if s.name == name))
    };
    let response_kind = match &op.response {
        Response::Empty => quote!(#root::ResponseKind::Empty),
        Response::Redirect => quote!(#root::ResponseKind::Redirect),
        Response::Json(Ty::Named(n)) if is_struct(n) => quote!(#root::ResponseKind::Object),
        Response::Json(_) => quote!(#root::ResponseKind::Value),
    };
    let id = &op.id;
    let accept = &op.accept;
    let method = ident(op.method.as_str());
    let path = &op.path;
    let pii: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.field.pii)
        .map(|p| p.field.wire.as_str())
        .collect();
    let builder = builder(cx, &name, &fields, false, op.deprecated, quote!());
    let allow = super::allow_deprecated(&fields, op.deprecated);
    // A list's stream takes its request by value; `&request` is accepted too, cloned.
    let from_ref = if let (Some(_), Some(stream)) = (cx.api.paging(op), &op.stream_fn) {
        let from_doc = format!(
            " A clone, so that [`{client}::{stream}`]({client}::{stream}) also takes `&request`."
        );
        quote! {
            #[doc = #from_doc]
            impl From<&#name> for #name {
                fn from(request: &#name) -> Self {
                    request.clone()
                }
            }
        }
    } else {
        quote!()
    };
    let dep = deprecated(op.deprecated);
    let extra_derives = cx.extra_derives(&["Debug", "Clone", "PartialEq"]);
    quote! {
        #[doc = #method_link]
        #extra
        #dep
        #[derive(Debug, Clone, PartialEq, #(#extra_derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls,)*
        }

        #builder

        #from_ref

        #allow
        impl #root::Request for #name {
            type Response = #response;

            const OPERATION: #root::Operation = #root::Operation {
                id: #id,
                method: #root::reqwest::Method::#method,
                path: #path,
                body: #body_kind,
                response: #response_kind,
                accept: #accept,
                pii: &[#(#pii),*],
            };

            fn validate(&self) -> #root::validate::Result {
                #(#validations)*
                Ok(())
            }

            fn write_path(&self, path: &mut #root::PathBuilder) -> #root::validate::Result {
                #(#path_steps)*
                Ok(())
            }

            #write_query
            #write_headers
            #write_body
        }
    }
}

/// Which of several media types the body is sent as, for the request type's doc: "Its body
/// is sent as `application/x-www-form-urlencoded`; the spec also offers
/// `application/json`." Nothing when the spec offers one.
fn body_choice(body: &BodyMedia) -> Option<String> {
    let others: Vec<String> = body.also_offered.iter().map(|m| format!("`{m}`")).collect();
    (!others.is_empty()).then(|| {
        format!(
            "Its body is sent as `{}`; the spec also offers {}.",
            body.media_type,
            others.join(", ")
        )
    })
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
