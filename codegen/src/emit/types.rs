//! `types.rs`: SID types, enums and structs.

use super::{Cx, checks, deprecated, doc, doc_extra, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(cx: &Cx<'_>) -> TokenStream {
    let sids = cx.api.sids.iter().map(|s| sid(cx, s));
    let types = cx.api.types.iter().map(|t| match t {
        TypeDef::Enum(e) => enumeration(cx, e),
        TypeDef::Struct(s) => structure(cx, s),
    });
    quote! { #(#sids)* #(#types)* }
}

fn sid(cx: &Cx<'_>, s: &SidDef) -> TokenStream {
    let root = &cx.root;
    let name = ident(&s.name);
    let kind = ident(&format!("{}Kind", s.name));
    let prefix = &s.prefix;
    let type_doc = doc_extra(&[
        format!("A `{prefix}` SID: `{prefix}` followed by 32 hexadecimal digits."),
        String::new(),
        format!(
            "[`{}::new`](Sid::new) checks the format; decoding a response does not.",
            s.name
        ),
    ]);
    let kind_doc = format!(" Marks a [`{}`].", s.name);
    let name_str = &s.name;
    quote! {
        #type_doc
        pub type #name = #root::Sid<#kind>;

        #[doc = #kind_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #kind {}

        impl #root::SidKind for #kind {
            const PREFIX: &'static str = #prefix;
            const NAME: &'static str = #name_str;
        }
    }
}

fn enumeration(cx: &Cx<'_>, e: &EnumDef) -> TokenStream {
    let root = &cx.root;
    let extra_derives = cx.extra_derives(&["Debug", "Clone", "PartialEq", "Eq", "Hash"]);
    let name = ident(&e.name);
    let type_doc = doc(e.doc.as_deref());
    let values: Vec<String> = e.variants.iter().map(|v| format!("`{}`", v.wire)).collect();
    let extra = doc_extra(&[
        String::new(),
        format!(
            "Known values: {}. Any other value the API sends is kept in `Unknown`.",
            values.join(", ")
        ),
    ]);
    let idents: Vec<_> = e.variants.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<_> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs: Vec<String> = e
        .variants
        .iter()
        .map(|v| format!(" `{}`", v.wire))
        .collect();
    quote! {
        #type_doc
        #extra
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #(#extra_derives),*)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value this version of the bindings does not know, kept as sent.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether this is one of the values the spec lists (an `Unknown` built by hand
            /// around a listed value counts as that value).
            pub fn is_known(&self) -> bool {
                match self {
                    Self::Unknown(value) => !matches!(Self::from(value.as_str()), Self::Unknown(_)),
                    _ => true,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#idents, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#idents, )*
                    _ => Self::Unknown(value.to_owned()),
                }
            }
        }

        impl #root::serde::Serialize for #name {
            fn serialize<S: #root::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Never fails on a string: a value the spec does not list becomes `Unknown`.
        impl<'de> #root::serde::Deserialize<'de> for #name {
            fn deserialize<D: #root::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #root::de::wire_enum(deserializer)
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #root::wire::WireValue for #name {
            fn text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                Some(::std::borrow::Cow::Borrowed(self.as_str()))
            }
        }
    }
}

/// A field's declaration with its serde attributes. A field that is not required is an
/// `Option` (absent or null on the wire), or an empty `Vec` for arrays.
pub(crate) fn field_decl(cx: &Cx<'_>, f: &Field) -> TokenStream {
    let name = ident(&f.ident);
    let fallback = format!("The `{}` property.", f.wire);
    let field_doc = doc(Some(f.doc.as_deref().unwrap_or(&fallback)));
    let dep = deprecated(f.deprecated);
    let inner = ty(cx, &f.ty);
    let mut attrs = Vec::new();
    if f.ident != f.wire {
        let wire = &f.wire;
        attrs.push(quote!(rename = #wire));
    }
    let de = |name: &str| format!("{}::de::{name}", super::RUNTIME);
    let lenient = match f.ty {
        Ty::DateTime => Some(de("datetime")),
        Ty::Date => Some(de("date")),
        _ => None,
    };
    let null_as_default = de("null_as_default");
    let decl_ty = if f.ty == Ty::PageMeta {
        attrs.push(quote!(default));
        inner
    } else if matches!(f.ty, Ty::Vec(_)) && !f.required {
        attrs.push(quote!(
            default,
            skip_serializing_if = "Vec::is_empty",
            deserialize_with = #null_as_default
        ));
        inner
    } else if f.required {
        inner
    } else {
        attrs.push(quote!(default, skip_serializing_if = "Option::is_none"));
        if let Some(path) = lenient {
            attrs.push(quote!(deserialize_with = #path));
        }
        quote!(Option<#inner>)
    };
    let serde = if attrs.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#attrs),*)])
    };
    quote! { #field_doc #dep #serde pub #name: #decl_ty }
}

fn structure(cx: &Cx<'_>, s: &StructDef) -> TokenStream {
    let root = &cx.root;
    let name = ident(&s.name);
    let type_doc = doc(s.doc.as_deref());
    let all_optional = s.fields.iter().all(|f| !f.required);
    let derives = cx.serde_derives(all_optional);
    let decls = s.fields.iter().map(|f| field_decl(cx, f));
    let mut out = quote! {
        #type_doc
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#decls,)*
        }
    };
    if let Some(items) = &s.page_items {
        let items_ident = ident(items);
        let item_ty = s
            .fields
            .iter()
            .find(|f| &f.ident == items)
            .and_then(|f| match &f.ty {
                Ty::Vec(inner) => Some(ty(cx, inner)),
                _ => None,
            })
            .unwrap_or_else(|| quote!(#root::serde_json::Value));
        let meta = s
            .fields
            .iter()
            .find(|f| f.ty == Ty::PageMeta)
            .map(|f| ident(&f.ident));
        let meta_expr = match meta {
            Some(m) => quote!(self.#m),
            None => quote!(#root::PageMeta::default()),
        };
        out.extend(quote! {
            impl #root::Paged for #name {
                type Item = #item_ty;
                fn into_parts(self) -> (Vec<Self::Item>, #root::PageMeta) {
                    (self.#items_ident, #meta_expr)
                }
            }
        });
    }
    if s.outgoing {
        out.extend(builder(cx, &name, &s.fields, all_optional));
        let body = s.fields.iter().filter(|f| !f.checks.is_empty()).map(|f| {
            let fname = ident(&f.ident);
            let wire = &f.wire;
            let c = checks(cx, &f.checks, &f.ty);
            if f.required || matches!(f.ty, Ty::Vec(_)) {
                quote! { { let value = &self.#fname; let field = field.key(#wire); #c } }
            } else {
                quote! { if let Some(value) = &self.#fname { let field = field.key(#wire); #c } }
            }
        });
        if s.has_checks() {
            out.extend(quote! {
                impl #name {
                    /// Checks every constraint of the spec; `field` names this value in errors.
                    pub fn validate(&self, field: &#root::validate::Field<'_>) -> ::std::result::Result<(), #root::ValidationError> {
                        #(#body)*
                        Ok(())
                    }
                }
            });
        }
        out.extend(quote! {
            impl #root::wire::WireValue for #name {
                fn encode(&self, key: &str, out: &mut #root::wire::FormEncoder) -> ::std::result::Result<(), #root::ValidationError> {
                    out.json(key, self)
                }
            }
        });
    }
    out
}

/// `new` taking the required fields and one setter per optional field.
/// `derives_default`: the type already derives `Default` (otherwise one is written when
/// nothing is required, as clippy's `new_without_default` asks).
pub(crate) fn builder(
    cx: &Cx<'_>,
    name: &proc_macro2::Ident,
    fields: &[Field],
    derives_default: bool,
) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.ident);
        let (t, _) = setter_arg(cx, &f.ty);
        quote!(#n: #t)
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.ident);
        if f.required {
            let (_, conv) = setter_arg(cx, &f.ty);
            let conv = conv(quote!(#n));
            if n == conv.to_string() {
                quote!(#n)
            } else {
                quote!(#n: #conv)
            }
        } else if matches!(f.ty, Ty::Vec(_) | Ty::PageMeta) {
            quote!(#n: Default::default())
        } else {
            quote!(#n: None)
        }
    });
    let new_doc = if required.is_empty() {
        " With every optional field left unset.".to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            " With the required {}; every optional field unset.",
            names.join(", ")
        )
    };
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(&f.ident);
        let wire = &f.wire;
        let set_doc = format!(" Sets `{wire}`.");
        let set_doc = if f.ty == Ty::DateTime {
            doc_extra(&[
                set_doc.trim_start().to_owned(),
                String::new(),
                "Takes a date-time in any time zone and keeps it in UTC. A time relative to now:"
                    .to_owned(),
                "`chrono::Utc::now() + chrono::TimeDelta::minutes(5)`.".to_owned(),
            ])
        } else {
            quote!(#[doc = #set_doc])
        };
        let dep = deprecated(f.deprecated);
        let (t, conv) = setter_arg(cx, &f.ty);
        let conv = conv(quote!(value));
        let assign = if matches!(f.ty, Ty::Vec(_)) {
            quote!(#conv)
        } else {
            quote!(Some(#conv))
        };
        quote! {
            #set_doc
            #dep
            pub fn #n(mut self, value: #t) -> Self {
                self.#n = #assign;
                self
            }
        }
    });
    let default = if required.is_empty() && !derives_default {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }
            #(#setters)*
        }

        #default
    }
}

type Conv = fn(TokenStream) -> TokenStream;

/// The argument type a constructor or setter takes for a field, and how it is stored.
fn setter_arg(cx: &Cx<'_>, t: &Ty) -> (TokenStream, Conv) {
    match t {
        Ty::String => (quote!(impl Into<String>), |v| quote!(#v.into())),
        // Any time zone, converted to UTC (what the field holds and the wire carries).
        Ty::DateTime => {
            let root = &cx.root;
            (
                quote!(#root::chrono::DateTime<impl #root::chrono::TimeZone>),
                |v| {
                    let root = ident(super::RUNTIME);
                    quote!(#v.with_timezone(&#root::chrono::Utc))
                },
            )
        }
        // `&sid` as well as `sid`: SIDs are shared, a reference is cloned cheaply.
        Ty::Sid(_) => {
            let t = ty(cx, t);
            (quote!(impl Into<#t>), |v| quote!(#v.into()))
        }
        Ty::Vec(inner) => {
            let inner = ty(cx, inner);
            (
                quote!(impl IntoIterator<Item = #inner>),
                |v| quote!(#v.into_iter().collect()),
            )
        }
        other => (ty(cx, other), |v| v),
    }
}
