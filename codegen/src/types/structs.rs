//! Structs, emitted from their models: one field per property with the serde attributes that
//! keep a round trip of a valid value lossless, the flattened map of the properties the schema
//! does not name, and `Default` when no property is required, else a `new` that takes exactly the
//! required ones (the runtime's derive `New`).
//!
//! Decoding is lenient by default: `null` for an optional property whose schema does not allow
//! it reads as absent (`None`), as real servers send it; validators still report it. Strict
//! decoding (`Config::strict_decoding`) rejects it instead.

use std::cell::Cell;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::parse::Parser;

use super::model::{FieldModel, RustType, StructModel};
use crate::runtime_path::RuntimePath;

/// The struct `ident` of `model`; `docs` are its doc attributes, `field_docs` each field's
/// description (by JSON name). `closed`: the schema admits no other properties
/// (`additionalProperties: false`).
pub fn struct_item(
    ident: &syn::Ident,
    docs: &[syn::Attribute],
    model: &StructModel,
    closed: bool,
    field_docs: &dyn Fn(&str) -> Option<String>,
    settings: &FieldSettings,
) -> syn::Item {
    let fields: Vec<TokenStream> = model
        .fields
        .iter()
        .map(|field| {
            let (attrs, ident, ty) = field_parts(field, field_docs, settings, Derive::Runtime);
            quote!(#(#attrs)* pub #ident: #ty)
        })
        .collect();
    // Without required properties, `Default`; else the runtime's `New`, a `new` taking them.
    let required = model.fields.iter().any(|f| f.wire.is_some() && !f.optional);
    let (new, default) = if required {
        (quote!(__rt::New,), quote!())
    } else {
        (quote!(), quote!(Default,))
    };
    // `Deserialize` and `Serialize` by the runtime's derives, which read serde's attributes.
    settings.uses_runtime.set(true);
    // Its map still keeps other properties, but a union does not take it for them when it
    // tries its alternatives strictly.
    let closed = closed.then(|| quote!(#[closed]));
    syn::parse_quote! {
        #(#docs)*
        #[derive(__rt::DecodeStruct, __rt::EncodeStruct, #new Clone, Debug, #default PartialEq)]
        #closed
        pub struct #ident {
            #(#fields,)*
        }
    }
}

/// How fields decode.
pub struct FieldSettings {
    /// `null` for an optional, non-nullable property fails decoding (else it reads as absent).
    pub strict: bool,
    /// Set when a field's attributes name the runtime through its module's import
    /// ([`runtime_use`]); taken by the caller, which adds the import to that module.
    pub uses_runtime: Cell<bool>,
}

/// The import of the runtime's serde helpers (as `__rt`) in a module whose fields name them.
pub fn runtime_use(runtime: &RuntimePath) -> syn::Item {
    let path = runtime.at_depth(1);
    syn::parse_quote!(use #path::__private as __rt;)
}

/// Gives the planned fields of a struct typify made (`fields`), or of each struct variant of a
/// union (`variants`, by variant name), the attributes and types of the fields of the structs
/// emitted here.
pub fn patch_fields(
    item: &mut syn::Item,
    fields: &[FieldModel],
    variants: &[(String, Vec<FieldModel>)],
    field_docs: &dyn Fn(&str) -> Option<String>,
    settings: &FieldSettings,
) {
    for (variant, named) in named_fields(item) {
        let planned = match variant {
            None => fields,
            Some(variant) => match variants.iter().find(|(name, _)| *name == variant) {
                Some((_, planned)) => planned.as_slice(),
                None => continue,
            },
        };
        for field in named.named.iter_mut() {
            let Some(model) = planned
                .iter()
                .find(|f| field.ident.as_ref().is_some_and(|i| *i == f.ident))
            else {
                continue;
            };
            let (attrs, _, ty) = field_parts(model, field_docs, settings, Derive::Serde);
            let attrs = quote!(#(#attrs)*);
            // The tokens were made as attributes and a type: they parse as such.
            if let Ok(attrs) = syn::Attribute::parse_outer.parse2(attrs) {
                field.attrs = attrs;
            }
            if let Ok(ty) = syn::parse2(ty) {
                field.ty = ty;
            }
        }
    }
}

/// The named fields of a struct (variant `None`) or of each variant of an enum, by variant name.
fn named_fields(item: &mut syn::Item) -> Vec<(Option<String>, &mut syn::FieldsNamed)> {
    match item {
        syn::Item::Struct(s) => match &mut s.fields {
            syn::Fields::Named(named) => vec![(None, named)],
            _ => Vec::new(),
        },
        syn::Item::Enum(e) => e
            .variants
            .iter_mut()
            .filter_map(|v| match &mut v.fields {
                syn::Fields::Named(named) => Some((Some(v.ident.to_string()), named)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Gives the fields of a struct or union typify made that hold a property under another name
/// (`wire_of` its JSON name by field name), but that [`patch_fields`] leaves as typify made
/// them, the JSON name: properties typify merged into a union's variants or into the structs
/// it derived, from the type's own schema or from the members of its `anyOf`. `patched` are the
/// fields [`patch_fields`] gave their attributes, by variant (`None` for a struct's own).
pub fn rename_merged_fields(
    item: &mut syn::Item,
    wire_of: &dyn Fn(&str) -> Option<String>,
    patched: &dyn Fn(Option<&str>, &str) -> bool,
) {
    for (variant, named) in named_fields(item) {
        for field in named.named.iter_mut() {
            let Some(ident) = field.ident.as_ref().map(ToString::to_string) else {
                continue;
            };
            if patched(variant.as_deref(), &ident) {
                continue;
            }
            if let Some(wire) = wire_of(&ident).filter(|wire| *wire != ident) {
                field
                    .attrs
                    .push(syn::parse_quote!(#[serde(rename = #wire)]));
            }
        }
    }
}

/// Which derives read a field's attributes.
#[derive(Clone, Copy)]
enum Derive {
    /// The runtime's `DecodeStruct` and `EncodeStruct` (the structs emitted here).
    Runtime,
    /// serde's (typify's items).
    Serde,
}

/// A field's attributes, name and type, as tokens (a struct emitted here is parsed once, whole).
fn field_parts(
    field: &FieldModel,
    field_docs: &dyn Fn(&str) -> Option<String>,
    settings: &FieldSettings,
    derive: Derive,
) -> (Vec<TokenStream>, syn::Ident, TokenStream) {
    let ident = format_ident!("{}", field.ident);
    // typify's tokens, printed: they read back (an empty type, which cannot happen, would be
    // reported when the item is parsed).
    let ty = field.tokens.parse().unwrap_or_default();
    let mut attrs = Vec::new();
    let Some(wire) = &field.wire else {
        attrs.push(quote!(#[serde(flatten)]));
        return (attrs, ident, ty);
    };
    if let Some(doc) = field_docs(wire) {
        for line in doc.lines() {
            let attr = crate::docs::doc_attr(line);
            attrs.push(quote!(#attr));
        }
    }
    let rename = (wire != &field.ident).then(|| quote!(rename = #wire));
    let rename = rename.iter();
    // Lenient: `null` reads as absent (but fails the typed parse of `from_json_slice`, which
    // then lists the errors from the JSON). Where the schema admits `null`, or decoding is
    // strict, only an absent property is `None` and a present `null` goes through the inner
    // type (`Some(None)`, or a decoding error): the runtime's `present`. Under serde's derive,
    // only deserializing goes through the runtime: `with` would add a wrapper type per field
    // for serializing too, which `Option` does as is.
    let present = field.nullable || settings.strict;
    // A required property that may be `null` (boxed where the type holds itself): both derives
    // would read an absent one as `None` (an optional property), and the typed path could not
    // tell; through `deserialize_with` absence is an error. A `Box` is required to the runtime's.
    let required_nullable = !field.optional
        && (matches!(&field.ty, RustType::Option(_))
            || matches!(&field.ty, RustType::Box(inner) if matches!(**inner, RustType::Option(_))));
    if field.optional && (present || matches!(derive, Derive::Serde)) {
        settings.uses_runtime.set(true);
    }
    // Each attribute fits on a line.
    let skip = quote!(#[serde(skip_serializing_if = "__rt::is_none")]);
    match derive {
        // The runtime's derive reads an `Option` as optional, and lenient unless told otherwise.
        Derive::Runtime if field.optional && present => attrs.push(quote! {
            #[serde(#(#rename,)* deserialize_with = "__rt::present")]
        }),
        Derive::Serde if field.optional => {
            let helper = if present {
                "__rt::present"
            } else {
                "__rt::lenient"
            };
            attrs.push(quote! {
                #[serde(#(#rename,)* default, deserialize_with = #helper)]
            });
            attrs.push(skip);
        }
        // An `Option` the runtime's derive would read as optional.
        Derive::Runtime if required_nullable && matches!(&field.ty, RustType::Option(_)) => {
            settings.uses_runtime.set(true);
            attrs.push(quote! {
                #[serde(#(#rename,)* deserialize_with = "__rt::nullable")]
            })
        }
        Derive::Serde if required_nullable => attrs.push(quote! {
            #[serde(#(#rename,)* deserialize_with = "::serde::Deserialize::deserialize")]
        }),
        _ => attrs.extend(rename.map(|rename| quote!(#[serde(#rename)]))),
    }
    (attrs, ident, ty)
}
