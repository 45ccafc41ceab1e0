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
    let methods = api.operations.iter().map(|op| method(cx, op));
    let base = &api.base_url;
    let client_type = client_type(cx);
    let handles = super::handles::emit(cx);
    let reexports = names::RUNTIME_REEXPORTS.iter().map(|n| ident(n));
    let base_doc =
        " The server the spec names (`servers[0]`), used unless the client is told otherwise.";
    quote! {
        #[doc = #base_doc]
        pub const DEFAULT_BASE_URL: &str = #base;

        pub use #root::{#(#reexports),*};

        #client_type

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
            format!(
                "Pages are fetched lazily, following `{}` until it is null; bound the",
                match paging.format {
                    PageFormat::Meta => "meta.next_page_url",
                    PageFormat::NextPageUri => "next_page_uri",
                }
            ),
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

/// The client type: a thin wrapper over the runtime's `CoreClient` that carries the
/// product's constants (its `FromCore::PRODUCT`: the default base URL, the variable that
/// overrides it, the User-Agent product, by default the including crate's name and
/// version), its builder alias, and its own methods and traits, as the model's
/// [`ClientDef`] lists them (and reserves their names, for the operations' to stay clear
/// of).
fn client_type(cx: &Cx<'_>) -> TokenStream {
    let root = &cx.root;
    let output = &cx.api.output;
    let (client, builder) = (ident(&output.client), ident(&output.builder));
    let (builder_doc, client_doc) = client_docs(cx);
    let traits = &cx.api.client.traits;
    let derives = traits
        .iter()
        .filter(|t| t.derived())
        .map(|t| ident(t.name()));
    let impls = traits
        .iter()
        .filter(|t| !t.derived())
        .map(|t| trait_impl(cx, *t));
    let methods = cx.api.client.methods.iter().map(|m| client_method(cx, m));
    quote! {
        #[doc = #builder_doc]
        pub type #builder = #root::ClientBuilder<#client>;

        #client_doc
        #[derive(#(#derives),*)]
        pub struct #client {
            core: #root::CoreClient,
        }

        #(#impls)*

        impl #client {
            #(#methods)*
        }
    }
}

/// The impl of a trait the client does not derive.
fn trait_impl(cx: &Cx<'_>, t: ClientTrait) -> TokenStream {
    let root = &cx.root;
    let output = &cx.api.output;
    let client = ident(&output.client);
    let name = ident(t.name());
    match t {
        ClientTrait::FromCore => {
            let base_env = &output.base_url_env;
            let (product, version) = match &output.user_agent {
                Some((product, version)) => (quote!(#product), quote!(#version)),
                None => (
                    quote!(::std::env!("CARGO_PKG_NAME")),
                    quote!(::std::env!("CARGO_PKG_VERSION")),
                ),
            };
            quote! {
                impl #root::#name for #client {
                    const PRODUCT: #root::Product = #root::Product {
                        default_base_url: DEFAULT_BASE_URL,
                        base_url_env: #base_env,
                        name: #product,
                        version: #version,
                    };

                    fn from_core(core: #root::CoreClient) -> Self {
                        Self { core }
                    }
                }
            }
        }
        // Derived: nothing to write.
        ClientTrait::Debug | ClientTrait::Clone => quote!(),
    }
}

/// One of the client's own methods: its name from the model, its body by its kind.
fn client_method(cx: &Cx<'_>, m: &ClientMethod) -> TokenStream {
    let root = &cx.root;
    let output = &cx.api.output;
    let builder = ident(&output.builder);
    let name = ident(&m.name);
    match m.kind {
        ClientMethodKind::New => {
            let start = match cx.api.client.method(ClientMethodKind::Builder) {
                Some(b) => {
                    let b = ident(b);
                    quote!(Self::#b())
                }
                None => quote!(<#builder as ::std::default::Default>::default()),
            };
            quote! {
                /// A client for an account SID and auth token, with every other setting default.
                pub fn #name(
                    account_sid: impl ::std::convert::Into<::std::string::String>,
                    auth_token: impl ::std::convert::Into<::std::string::String>,
                ) -> ::std::result::Result<Self, #root::Error> {
                    #start
                        .credentials(#root::Credentials::auth_token(account_sid, auth_token))
                        .build()
                }
            }
        }
        ClientMethodKind::Builder => quote! {
            /// Starts configuring a client.
            pub fn #name() -> #builder {
                ::std::default::Default::default()
            }
        },
        ClientMethodKind::FromEnv => {
            let from_env_doc = doc(Some(&format!(
                "A client configured from the environment: `TWILIO_ACCOUNT_SID` with \
                 `TWILIO_AUTH_TOKEN` (or `TWILIO_API_KEY` and `TWILIO_API_SECRET`), \
                 `TWILIO_CLIENT_ID` with `TWILIO_CLIENT_SECRET`, `TWILIO_BEARER_TOKEN` (any \
                 of them); optionally `TWILIO_REGION`, `TWILIO_EDGE` and `{}`.",
                output.base_url_env
            )));
            quote! {
                #from_env_doc
                pub fn #name() -> ::std::result::Result<Self, #root::Error> {
                    #builder::from_env()?.build()
                }
            }
        }
        ClientMethodKind::BaseUrl => quote! {
            /// The base URL requests go to.
            pub fn #name(&self) -> &str {
                self.core.base_url()
            }
        },
        ClientMethodKind::Core => quote! {
            /// The runtime's client underneath, which sends any [`Request`].
            pub fn #name(&self) -> &#root::CoreClient {
                &self.core
            }
        },
    }
}

/// The docs of the client type: of its builder alias and of the type, which names the
/// methods that make one.
fn client_docs(cx: &Cx<'_>) -> (String, TokenStream) {
    let c = &cx.api.output.client;
    let builder_doc = format!(" Configures a [`{c}`].");
    let makers: Vec<String> = [
        ClientMethodKind::Builder,
        ClientMethodKind::New,
        ClientMethodKind::FromEnv,
    ]
    .into_iter()
    .filter_map(|k| cx.api.client.method(k))
    .map(|m| format!("[`{c}::{m}`]"))
    .collect();
    let makers = match makers.split_last() {
        Some((last, [])) => format!("Build it with {last}; it"),
        Some((last, rest)) => format!("Build it with {} or {last}; it", rest.join(", ")),
        None => "It".to_owned(),
    };
    let client_doc = doc(Some(&format!(
        "A client for {}.\n\n{makers} is cheap to clone (clones share connections). Every \
         operation validates its request first: an invalid one fails with \
         [`Error::InvalidRequest`] and nothing is sent.",
        cx.api.title.trim()
    )));
    (builder_doc, client_doc)
}
