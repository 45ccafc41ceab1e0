//! `requests.rs`: one request struct per operation, with its constructor, setters,
//! validation and wire encoding.

use super::types::builder;
use super::{Cx, Place, deprecated, doc, doc_extra, ident, outgoing_ty, ty, validations};
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
    let decls = op.params.iter().map(|p| declaration(cx, p));
    let builder = builder(
        cx,
        &name,
        (&fields, &op.new_args),
        false,
        op.deprecated,
        quote!(),
    );
    let allow = super::allow_deprecated(&fields, op.deprecated);
    let response = match &op.response {
        Response::Json(t) => ty(cx, t),
        Response::Empty => quote!(()),
        Response::Redirect => quote!(#root::Redirect),
    };
    let operation = operation_const(cx, op);
    let validations = validations(cx, op.params.iter().map(|p| &p.field), |f| {
        let wire = &f.wire;
        Place::of_self(
            f,
            quote!(#wire),
            quote!(&#root::validate::Field::name(#wire)),
        )
    });
    let write = write(cx, op);
    let dep = deprecated(op.deprecated);
    let extra_derives = cx.extra_derives(&["Debug", "Clone", "PartialEq"]);
    let type_doc = type_doc(cx, op);
    let from_ref = from_ref(cx, op);
    quote! {
        #type_doc
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

            #operation

            fn validate(&self) -> #root::validate::Result {
                #validations
                Ok(())
            }

            #write
        }
    }
}

/// A list's stream takes its request by value; `&request` is accepted too, cloned.
fn from_ref(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let (Some(_), Some(stream)) = (cx.api.paging(op), &op.stream_fn) else {
        return quote!();
    };
    let client = &cx.api.output.client;
    let name = ident(&op.request_name);
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
}

/// The request type's doc: the client method it is the parameters of, and the HTTP
/// method and path.
fn type_doc(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let client = &cx.api.output.client;
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
    quote! { #[doc = #method_link] #extra }
}

/// A parameter's field: its doc ends with its place on the wire.
fn declaration(cx: &Cx<'_>, p: &Param) -> TokenStream {
    let f = &p.field;
    let n = ident(&f.ident);
    let joined = match p.style {
        Style::Exploded => "",
        Style::CommaSeparated => ", items comma-separated",
    };
    let where_ = format!("({} `{}`{joined})", p.location.name(), f.wire);
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
}

/// `const OPERATION`: what the runtime needs to know of the operation.
fn operation_const(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let root = &cx.root;
    let body_kind = match &op.body_kind {
        BodyKind::Json(media_type) => quote!(#root::wire::BodyKind::Json(#media_type)),
        BodyKind::Form => quote!(#root::wire::BodyKind::Form),
        BodyKind::None => quote!(#root::wire::BodyKind::None),
    };
    let response_kind = match &op.response {
        Response::Empty => quote!(#root::ResponseKind::Empty),
        Response::Redirect => quote!(#root::ResponseKind::Redirect),
        Response::Json(Ty::Named(id)) if matches!(cx.api.type_def(*id), TypeDef::Struct(_)) => {
            quote!(#root::ResponseKind::Object)
        }
        Response::Json(_) => quote!(#root::ResponseKind::Value),
    };
    let id = &op.id;
    let accept = &op.accept;
    let method = ident(op.method.as_str());
    let path = &op.path;
    let pii = op
        .params
        .iter()
        .filter(|p| p.field.pii)
        .map(|p| p.field.wire.as_str());
    let security = super::security(cx, &op.security);
    quote! {
        const OPERATION: #root::Operation = #root::Operation {
            id: #id,
            method: #root::reqwest::Method::#method,
            path: #path,
            body: #body_kind,
            response: #response_kind,
            accept: #accept,
            pii: &[#(#pii),*],
            security: #security,
        };
    }
}

/// `write`: each parameter in its place, one line each: the path template's parameters in
/// its order (the runtime's `Writer` checks the order), then the others in the spec's.
/// Nothing when the operation has no parameters (the trait's default).
fn write(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let root = &cx.root;
    let path = op.path_parts.iter().filter_map(|part| match part {
        PathPart::Param(wire) => op
            .params
            .iter()
            .find(|p| p.location == Location::Path && &p.field.wire == wire),
        PathPart::Literal(_) => None,
    });
    let rest = op.params.iter().filter(|p| p.location != Location::Path);
    let steps: Vec<TokenStream> = path.chain(rest).map(write_step).collect();
    if steps.is_empty() {
        return quote!();
    }
    quote! {
        fn write(&self, to: &mut #root::Writer) -> #root::validate::Result {
            #(#steps)*
            Ok(())
        }
    }
}

/// One parameter written to the request's `Writer` (`to`).
fn write_step(p: &Param) -> TokenStream {
    let n = ident(&p.field.ident);
    let wire = &p.field.wire;
    match p.location {
        Location::Path => quote! { to.path(#wire, &self.#n)?; },
        Location::Query => match p.style {
            Style::Exploded => quote! { to.query(#wire, &self.#n)?; },
            Style::CommaSeparated => quote! { to.query_comma_separated(#wire, &self.#n)?; },
        },
        Location::Header => quote! { to.header(#wire, &self.#n)?; },
        Location::Form => quote! { to.form(#wire, &self.#n)?; },
        Location::JsonBody if p.field.required => quote! { to.json(&self.#n)?; },
        Location::JsonBody => quote! {
            if let Some(value) = &self.#n {
                to.json(value)?;
            }
        },
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
