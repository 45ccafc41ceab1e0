//! `types.rs`: SID types, enums, structs and unions.

use super::{
    Cx, Place, allow_deprecated, deprecated, doc, doc_extra, ident, outgoing_ty, ty, validations,
};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(cx: &Cx<'_>) -> TokenStream {
    let sids = cx.api.sids.iter().map(|s| sid(cx, s));
    let types = cx.api.types.iter().map(|t| match t {
        TypeDef::Enum(e) => enumeration(cx, e),
        TypeDef::Struct(s) => structure(cx, s),
        TypeDef::Union(u) => union(cx, u),
    });
    let aliases = cx.api.output.aliases.iter().map(|(old, new)| {
        let (old, new_ident) = (ident(old), ident(new));
        let doc = format!(" The former name of [`{new}`], kept by the generator's settings.");
        let note = format!("renamed to `{new}`");
        quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            pub type #old = #new_ident;
        }
    });
    quote! { #(#sids)* #(#types)* #(#aliases)* }
}

fn sid(cx: &Cx<'_>, s: &SidDef) -> TokenStream {
    let root = &cx.root;
    let name = ident(&s.name);
    let kind = ident(&s.kind);
    let prefix = &s.prefix;
    quote! {
        #root::sid!(#name, #kind, #prefix);
    }
}

/// A string enum: its docs, variants and the table of their wire values; the runtime's
/// `string_enum!` adds the impls every such enum has, so that a new value of the spec is a
/// three-line change here.
fn enumeration(cx: &Cx<'_>, e: &EnumDef) -> TokenStream {
    let root = &cx.root;
    let extra_derives = cx.extra_derives(&["Debug", "Clone", "PartialEq", "Eq", "Hash"]);
    let name = ident(&e.name);
    let type_doc = doc(e.doc.as_deref().or(Some(&e.name)));
    let idents: Vec<_> = e.variants.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<_> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs: Vec<String> = e
        .variants
        .iter()
        .map(|v| format!(" `{}`", v.wire))
        .collect();
    quote! {
        #type_doc
        ///
        /// Any other value the API sends is kept in `Unknown`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #(#extra_derives),*)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value this version of the bindings does not know, kept as sent.
            Unknown(String),
        }

        impl #root::StringEnum for #name {
            const VALUES: &'static [(Self, &'static str)] = &[#( (Self::#idents, #wires), )*];
        }

        #root::string_enum!(#name);
    }
}

/// A `oneOf`/`anyOf`: one variant per shape and `Unknown` for any other JSON. Without a
/// discriminator serde tries the variants in order (`untagged`; lowering put the most
/// specific first); with one, the property's value picks the variant (the runtime's
/// `de::tag`/`de::variant`), and a value that does not decode as it is kept in `Unknown`.
/// Sent as the variant it holds.
fn union(cx: &Cx<'_>, u: &UnionDef) -> TokenStream {
    let root = &cx.root;
    let name = ident(&u.name);
    let type_doc = doc(u.doc.as_deref().or(Some(&u.name)));
    let how = match &u.discriminator {
        Some(p) => format!(
            "One of several shapes (`{}`), told apart by its `{p}` property; any other value \
             is kept in `Unknown`.",
            u.keyword
        ),
        None => format!(
            "One of several shapes (`{}`): a value decodes as the first variant below that \
             fits, and is kept in `Unknown` when none does.",
            u.keyword
        ),
    };
    let how = doc_extra(&[String::new(), how]);
    let variants = u.variants.iter().map(|v| {
        let i = ident(&v.ident);
        let t = if u.outgoing {
            outgoing_ty(cx, &v.ty)
        } else {
            ty(cx, &v.ty)
        };
        let d = doc(Some(&v.doc));
        quote!(#d #i(#t))
    });
    let serde_crate = format!("{}::serde", super::RUNTIME);
    let extra = cx.extra_derives(&["Debug", "Clone", "PartialEq"]);
    let deserialize = match &u.discriminator {
        None => untagged_deserialize(cx, u),
        Some(p) => tagged_deserialize(cx, u, p),
    };
    let outgoing = if u.outgoing {
        union_outgoing(cx, u)
    } else {
        quote!()
    };
    quote! {
        #type_doc
        #how
        #[derive(Debug, Clone, PartialEq, #(#extra,)* #root::Serialize)]
        #[serde(crate = #serde_crate, untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value of none of the shapes above, kept as sent.
            Unknown(#root::serde_json::Value),
        }

        #deserialize
        #outgoing
    }
}

/// `Deserialize` of a union without a discriminator: the first variant whose shape the value
/// has all through (the runtime's `de::fit`, which turns the leniency of optional fields
/// off, or any object would fit a struct of optional fields), else `Unknown`.
fn untagged_deserialize(cx: &Cx<'_>, u: &UnionDef) -> TokenStream {
    let root = &cx.root;
    let name = ident(&u.name);
    let tries = u.variants.iter().map(|v| {
        let i = ident(&v.ident);
        quote! {
            let value = match #root::de::fit(value) {
                Ok(shape) => return Ok(Self::#i(shape)),
                Err(value) => value,
            };
        }
    });
    quote! {
        impl<'de> #root::Deserialize<'de> for #name {
            fn deserialize<D: #root::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value: #root::serde_json::Value = #root::Deserialize::deserialize(deserializer)?;
                #(#tries)*
                Ok(Self::Unknown(value))
            }
        }
    }
}

/// `Deserialize` of a union with a discriminator: the property's value picks the variant.
fn tagged_deserialize(cx: &Cx<'_>, u: &UnionDef, property: &str) -> TokenStream {
    let root = &cx.root;
    let name = ident(&u.name);
    let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let i = ident(&v.ident);
        let tags = &v.tags;
        quote!(Some(#(#tags)|*) => #root::de::variant(value, Self::#i, Self::Unknown),)
    });
    quote! {
        impl<'de> #root::Deserialize<'de> for #name {
            fn deserialize<D: #root::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value: #root::serde_json::Value = #root::Deserialize::deserialize(deserializer)?;
                Ok(match #root::de::tag(&value, #property) {
                    #(#arms)*
                    _ => Self::Unknown(value),
                })
            }
        }
    }
}

/// What a union sent in requests has: its wire encoding (the variant's) and, when a
/// variant has constraints, `validate`.
fn union_outgoing(cx: &Cx<'_>, u: &UnionDef) -> TokenStream {
    let root = &cx.root;
    let name = ident(&u.name);
    let idents: Vec<_> = u.variants.iter().map(|v| ident(&v.ident)).collect();
    let mut used = std::collections::BTreeSet::new();
    let arms: Vec<TokenStream> = u
        .variants
        .iter()
        .filter(|v| !v.checks.is_empty())
        .map(|v| {
            let i = ident(&v.ident);
            let body = super::item_checks(cx, &v.checks, &v.ty, &mut used);
            quote!(Self::#i(v) => #body,)
        })
        .collect();
    let validate = if arms.is_empty() {
        quote!()
    } else {
        let import = super::check_imports(cx, used);
        quote! {
            impl #name {
                /// Checks every constraint of the spec on the shape it holds; `field` names
                /// this value in errors.
                pub fn validate(&self, field: &#root::validate::Field<'_>) -> #root::validate::Result {
                    #import
                    let f = field;
                    match self {
                        #(#arms)*
                        _ => Ok(()),
                    }
                }
            }
        }
    };
    quote! {
        impl #root::wire::WireValue for #name {
            fn text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                match self {
                    #(Self::#idents(value) => #root::wire::WireValue::text(value),)*
                    Self::Unknown(value) => #root::wire::WireValue::text(value),
                }
            }

            fn encode(&self, key: &str, out: &mut #root::wire::FormEncoder) -> #root::validate::Result {
                match self {
                    #(Self::#idents(value) => #root::wire::WireValue::encode(value, key, out),)*
                    Self::Unknown(value) => #root::wire::WireValue::encode(value, key, out),
                }
            }
        }

        #validate
    }
}

/// A field's declaration with its serde attributes. A field that is not required is an
/// `Option` (absent or null on the wire), or an empty `Vec` for arrays. `outgoing`: the
/// struct is also built and sent (its maps hold JSON values, see `outgoing_ty`).
pub(crate) fn field_decl(cx: &Cx<'_>, f: &Field, outgoing: bool) -> TokenStream {
    let name = ident(&f.ident);
    let fallback = format!("The `{}` property.", f.wire);
    let field_doc = doc(Some(f.doc.as_deref().unwrap_or(&fallback)));
    let dep = deprecated(f.deprecated);
    let inner = if outgoing {
        outgoing_ty(cx, &f.ty)
    } else {
        ty(cx, &f.ty)
    };
    let mut attrs = Vec::new();
    if f.ident != f.wire {
        let wire = &f.wire;
        attrs.push(quote!(rename = #wire));
    }
    // What is not required decodes leniently: a value of another type than the spec says
    // is read as absent (the runtime's `de` module), never failing the answer.
    let de = |name: &str| format!("{}::de::{name}", super::RUNTIME);
    let lenient = de(match f.ty {
        Ty::DateTime => "datetime",
        Ty::Date => "date",
        Ty::Map(_) => "map",
        _ => "lenient",
    });
    // Its own attribute, so that the common one stays on one line.
    let mut lenient_attr = quote!();
    let decl_ty = if f.ty == Ty::PageMeta {
        let or_default = de("or_default");
        attrs.push(quote!(default, deserialize_with = #or_default));
        inner
    } else if matches!(f.ty, Ty::Vec(_)) && !f.required {
        let items = de("items");
        attrs.push(quote!(
            default,
            skip_serializing_if = "Vec::is_empty",
            deserialize_with = #items
        ));
        inner
    } else if f.required {
        inner
    } else {
        attrs.push(quote!(default, skip_serializing_if = "Option::is_none"));
        lenient_attr = quote!(#[serde(deserialize_with = #lenient)]);
        quote!(Option<#inner>)
    };
    let serde = if attrs.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#attrs),*)])
    };
    quote! { #field_doc #dep #serde #lenient_attr pub #name: #decl_ty }
}

fn structure(cx: &Cx<'_>, s: &StructDef) -> TokenStream {
    let root = &cx.root;
    let name = ident(&s.name);
    let type_doc = doc(s.doc.as_deref());
    let all_optional = s.fields.iter().all(|f| !f.required);
    let derives = cx.serde_derives(all_optional);
    let decls = s.fields.iter().map(|f| field_decl(cx, f, s.outgoing));
    let allow = allow_deprecated(&s.fields, false);
    let mut out = quote! {
        #type_doc
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#decls,)*
        }
    };
    if let Some(paging) = &s.paging {
        let items_ident = ident(&paging.items);
        let item_ty = ty(cx, &paging.item);
        let meta_ident = ident(&paging.meta);
        let meta = match paging.format {
            PageFormat::Meta => quote!(self.#meta_ident),
            PageFormat::NextPageUri => quote!(#root::PageMeta::linking(self.#meta_ident)),
        };
        out.extend(quote! {
            #allow
            impl #root::Paged for #name {
                type Item = #item_ty;
                fn into_parts(self) -> (Vec<Self::Item>, #root::PageMeta) {
                    (self.#items_ident, #meta)
                }
            }
        });
    }
    if s.outgoing {
        let body = validations(cx, s.fields.iter(), |f| {
            let wire = &f.wire;
            Place::of_self(f, quote!(field.key(#wire)), quote!(&field.key(#wire)))
        });
        let validate = if s.has_checks() {
            quote! {
                /// Checks every constraint of the spec; `field` names this value in errors.
                pub fn validate(&self, field: &#root::validate::Field<'_>) -> #root::validate::Result {
                    #body
                    Ok(())
                }
            }
        } else {
            quote!()
        };
        out.extend(builder(
            cx,
            &name,
            (&s.fields, &s.new_args),
            all_optional,
            false,
            validate,
        ));
        out.extend(quote! {
            #root::wire_json!(#name);
        });
    }
    out
}

/// `new` taking the required fields (in the order of `new_args`, indices into `fields`)
/// and one setter per optional field, then `more` methods, in one `impl`. `derives_default`: the type already derives `Default` (otherwise
/// one is written when nothing is required, as clippy's `new_without_default` asks).
pub(crate) fn builder(
    cx: &Cx<'_>,
    name: &proc_macro2::Ident,
    (fields, new_args): (&[Field], &[usize]),
    derives_default: bool,
    deprecated_type: bool,
    more: TokenStream,
) -> TokenStream {
    let allow = allow_deprecated(fields, deprecated_type);
    let new = constructor(cx, fields, new_args);
    let setters = fields.iter().filter(|f| !f.required).map(|f| setter(cx, f));
    let default = if !derives_default && fields.iter().all(|f| !f.required) {
        default_impl(name, &allow)
    } else {
        quote!()
    };
    quote! {
        #allow
        impl #name {
            #new
            #(#setters)*
            #more
        }

        #default
    }
}

/// `new`: the runtime's `constructor!`, taking the required fields (in the order of
/// `new_args`) as their setters would and leaving the others unset.
fn constructor(cx: &Cx<'_>, fields: &[Field], new_args: &[usize]) -> TokenStream {
    let root = &cx.root;
    let args = new_args.iter().filter_map(|&i| fields.get(i)).map(|f| {
        let n = ident(&f.ident);
        let kind = super::arg_kind(cx, &ArgKind::of(&f.ty));
        quote!(#n #kind)
    });
    let unset = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| ident(&f.ident));
    quote! {
        #root::constructor!((#(#args),*), (#(#unset),*));
    }
}

/// The setter of an optional field: the runtime's `setter!`, taking the value as its
/// [`ArgKind`] says.
fn setter(cx: &Cx<'_>, f: &Field) -> TokenStream {
    let root = &cx.root;
    let n = ident(&f.ident);
    let wire = &f.wire;
    let dep = deprecated(f.deprecated);
    let kind = super::arg_kind(cx, &ArgKind::of(&f.ty));
    quote! {
        #root::setter!(#dep #n, #wire, #kind);
    }
}

/// `Default` for a type whose `new` takes nothing: `new`.
fn default_impl(name: &proc_macro2::Ident, allow: &TokenStream) -> TokenStream {
    quote! {
        #allow
        impl Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}
