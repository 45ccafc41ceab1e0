//! `client.rs`: one `Client` method per operation, plus a stream for list operations.

use super::{deprecated, doc, doc_extra, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(method);
    let base = &api.base_url;
    let base_doc =
        " The server the spec names (`servers[0]`), used unless the client is told otherwise.";
    quote! {
        #[doc = #base_doc]
        pub const DEFAULT_BASE_URL: &str = #base;

        impl crate::Client {
            #(#methods)*
        }
    }
}

fn method(op: &Operation) -> TokenStream {
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
        String::new(),
        "The request is validated first: an invalid one fails with".to_owned(),
        "[`Error::InvalidRequest`](crate::Error::InvalidRequest) and nothing is sent.".to_owned(),
    ]);
    let response = match &op.response {
        Response::Json(t) => ty(t),
        Response::Empty => quote!(()),
    };
    let dep = deprecated(op.deprecated);
    let mut out = quote! {
        #summary
        #long
        #extra
        #dep
        pub async fn #name(&self, request: &#request) -> Result<#response, crate::Error> {
            self.execute(request).await
        }
    };
    if let (Some(item), Some(stream)) = (&op.page_item, &op.stream_fn) {
        let stream = ident(stream);
        let item = ty(item);
        let stream_doc = doc_extra(&[
            format!("Every item of [`{}`](Self::{}), across all pages.", op.fn_name, op.fn_name),
            String::new(),
            "Pages are fetched lazily, following `meta.next_page_url` until it is null; bound the"
                .to_owned(),
            "number of items with `StreamExt::take`, which stops fetching too. A next-page URL on".to_owned(),
            "another origin than the client's base URL ends the stream with".to_owned(),
            "[`Error::ForeignPageUrl`](crate::Error::ForeignPageUrl): credentials never go elsewhere.".to_owned(),
        ]);
        out.extend(quote! {
            #stream_doc
            #dep
            pub fn #stream<'a>(
                &'a self,
                request: &'a #request,
            ) -> impl futures_util::Stream<Item = Result<#item, crate::Error>> + 'a {
                self.paginate(request)
            }
        });
    }
    out
}
