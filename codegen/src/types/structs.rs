//! Structs, emitted from their models: one field per property with the serde attributes that
//! keep a round trip lossless, the flattened map of the properties the schema does not name, and
//! `Default` when no property is required.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::model::{FieldModel, StructModel};
use crate::runtime_path::RuntimePath;

/// The struct `ident` of `model`; `docs` are its doc attributes, `field_docs` each field's
/// description (by JSON name).
pub fn struct_item(
    ident: &syn::Ident,
    docs: &[syn::Attribute],
    model: &StructModel,
    field_docs: &dyn Fn(&str) -> Option<String>,
    runtime: &RuntimePath,
) -> syn::Item {
    let fields: Vec<TokenStream> = model
        .fields
        .iter()
        .map(|field| {
            let (attrs, ident, ty) = field_parts(field, field_docs, runtime);
            quote!(#(#attrs)* pub #ident: #ty)
        })
        .collect();
    let all_optional = model.fields.iter().all(|f| f.optional || f.wire.is_none());
    let default = all_optional.then(|| quote!(Default,));
    let deny = model
        .deny_unknown_fields
        .then(|| quote!(#[serde(deny_unknown_fields)]));
    syn::parse_quote! {
        #(#docs)*
        #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, #default PartialEq)]
        #deny
        pub struct #ident {
            #(#fields,)*
        }
    }
}

/// Gives the planned fields of a struct typify made, or of the object variant of a union, the
/// attributes and types of the fields of the structs emitted here.
pub fn patch_fields(
    item: &mut syn::Item,
    fields: &[FieldModel],
    field_docs: &dyn Fn(&str) -> Option<String>,
    runtime: &RuntimePath,
) {
    let named_fields: Vec<&mut syn::FieldsNamed> = match item {
        syn::Item::Struct(s) => match &mut s.fields {
            syn::Fields::Named(named) => vec![named],
            _ => Vec::new(),
        },
        syn::Item::Enum(e) => e
            .variants
            .iter_mut()
            .filter_map(|v| match &mut v.fields {
                syn::Fields::Named(named) => Some(named),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    for named in named_fields {
        for field in named.named.iter_mut() {
            let Some(model) = fields
                .iter()
                .find(|f| field.ident.as_ref().is_some_and(|i| *i == f.ident))
            else {
                continue;
            };
            let (attrs, _, ty) = field_parts(model, field_docs, runtime);
            field.attrs = attrs;
            field.ty = ty;
        }
    }
}

/// A field's attributes, name and type.
fn field_parts(
    field: &FieldModel,
    field_docs: &dyn Fn(&str) -> Option<String>,
    runtime: &RuntimePath,
) -> (Vec<syn::Attribute>, syn::Ident, syn::Type) {
    let ident = format_ident!("{}", field.ident);
    let tokens = &field.tokens;
    let ty: syn::Type = syn::parse_quote!(#tokens);
    let mut attrs: Vec<syn::Attribute> = Vec::new();
    let Some(wire) = &field.wire else {
        attrs.push(syn::parse_quote!(#[serde(flatten)]));
        return (attrs, ident, ty);
    };
    if let Some(doc) = field_docs(wire) {
        for line in doc.lines() {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            attrs.push(syn::parse_quote!(#[doc = #line]));
        }
    }
    let rename = (wire != &field.ident).then(|| quote!(rename = #wire));
    if field.optional {
        // Only an absent property is `None`: a present `null` goes through the inner type.
        let deserialize_some = runtime.text_at_depth(1, "__private::deserialize_some");
        let rename = rename.iter();
        attrs.push(syn::parse_quote! {
            #[serde(
                #(#rename,)*
                default,
                deserialize_with = #deserialize_some,
                skip_serializing_if = "::std::option::Option::is_none"
            )]
        });
    } else if let Some(rename) = rename {
        attrs.push(syn::parse_quote!(#[serde(#rename)]));
    }
    (attrs, ident, ty)
}
