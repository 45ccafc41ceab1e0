//! `client.rs`: the `Client` type, a thin wrapper over the runtime's `CoreClient` that
//! carries the product's constants, with one method per operation (plus a stream for
//! list operations), and the runtime items the bindings expose at their root.

use super::{Cx, deprecated, doc, doc_extra, ident, ty};
use crate::ir::*;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(cx: &Cx<'_>) -> TokenStream {
    let root = &cx.root;
    let api = cx.api;
    let output = &api.output;
    let client = ident(&output.client);
    let builder = ident(&output.builder);
    let methods = api.operations.iter().map(|op| method(cx, op));
    let base = &api.base_url;
    let base_env = &output.base_url_env;
    let title = api.title.trim();
    // The default User-Agent product (the including crate's name and version) is the
    // macro's own; a fixed one is passed.
    let user_agent = match &output.user_agent {
        Some((name, version)) => quote!(, #name, #version),
        None => quote!(),
    };
    let handles = super::handles::emit(cx);
    let reexports = names::RUNTIME_REEXPORTS.iter().map(|n| ident(n));
    let base_doc =
        " The server the spec names (`servers[0]`), used unless the client is told otherwise.";
    quote! {
        #[doc = #base_doc]
        pub const DEFAULT_BASE_URL: &str = #base;

        pub use #root::{#(#reexports),*};

        #root::client!(#client, #builder, #title, #base_env #user_agent);

        impl #client {
            #(#methods)*
        }

        #handles
    }
}

fn method(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let root = &cx.root;
    let name = ident(&op.fn_name);
    let request = ident(&op.request_name);
    let summary = doc(op.summary.as_deref().or(Some(&op.id)));
    let long = match op.doc.as_deref() {
        Some(d) if Some(d.trim()) != op.summary.as_deref().map(str::trim) => {
            let body = doc(Some(d));
            quote!(#[doc = ""] #body)
        }
        _ => quote!(),
    };
    let extra = doc_extra(&[
        String::new(),
        format!(
            "`{} {}` (operation `{}`).",
            op.method.as_str(),
            op.path,
            op.id
        ),
    ]);
    let response = match &op.response {
        Response::Json(t) => ty(cx, t),
        Response::Empty => quote!(()),
        Response::Redirect => quote!(#root::Redirect),
    };
    let dep = deprecated(op.deprecated);
    let allow = super::allow_deprecated(&[], op.deprecated);
    let mut out = quote! {
        #summary
        #long
        #extra
        #dep
        #allow
        pub async fn #name(&self, request: &#request) -> ::std::result::Result<#response, #root::Error> {
            self.core.execute(request).await
        }
    };
    if let (Some(paging), Some(stream)) = (cx.api.paging(op), &op.stream_fn) {
        let stream = ident(stream);
        let item = ty(cx, &paging.item);
        let stream_doc = doc_extra(&[
            format!("Every item of [`{}`](Self::{}), across all pages.", op.fn_name, op.fn_name),
            String::new(),
            "Pages are fetched lazily, following `meta.next_page_url` until it is null; bound the"
                .to_owned(),
            "number of items with [`StreamExt::take`], which stops fetching too. A next-page URL on".to_owned(),
            "another origin than the client's base URL ends the stream with".to_owned(),
            "[`Error::ForeignPageUrl`]: credentials never go elsewhere.".to_owned(),
            String::new(),
            format!(
                "Takes the request by value or as `&{}` (then cloned). The",
                op.request_name
            ),
            "[`ListStream`] borrows nothing, so a function can return it, and it is `Unpin`:".to_owned(),
            "`stream.next().await` works as is.".to_owned(),
        ]);
        out.extend(quote! {
            #stream_doc
            #dep
            #allow
            pub fn #stream(
                &self,
                request: impl Into<#request>,
            ) -> #root::ListStream<#item> {
                self.core.paginate(request.into())
            }
        });
    }
    out
}
