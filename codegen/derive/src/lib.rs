//! `#[derive(DecodeStruct)]`: `Deserialize` for the structs codegen generates, in far less code
//! than serde's derive.
//!
//! The struct reads its object property by property into one slot per field, through the
//! helpers of `codegen_runtime::__private` (by the name `__rt`, which every generated module
//! imports); the key lookup and the visitor are the runtime's, compiled once for all structs.
//! serde's derive makes, per struct, a field enum and its visitor, a wrapper type for every
//! field with `deserialize_with`, and the buffering of a flattened map.
//!
//! The expansion is shaped for the compiler, since a generated crate holds hundreds of these:
//! every slot has its type written out (nothing left to inference), a property costs one `?`
//! for all of its `match`, and required properties are unwrapped by `let ... else` rather than
//! by a `?` each (together about a tenth of the corpus crate's compile time, measured).
//!
//! It reads the `#[serde(...)]` attributes the generator writes for `Serialize`, so a field's
//! JSON form is stated once:
//!
//! - `deny_unknown_fields` on the struct: an unknown property fails;
//! - `rename = "name"`: the property's name (else the field's);
//! - `flatten`: the map of the properties no field names (other properties are skipped);
//! - `default`, on an `Option`: optional, read as serde reads an `Option` (`null` is `None`),
//!   with the runtime recording that a `null` was read as absent;
//! - `deserialize_with = "__rt::present"`, on an `Option`: optional, a present property (`null`
//!   included) read as the inner type, so `None` is only an absent one;
//! - none of these: required.
//!
//! `skip_serializing_if` is for serde and ignored; anything else is an error.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::spanned::Spanned;

#[proc_macro_derive(DecodeStruct, attributes(serde))]
pub fn derive_decode_struct(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// How a field is read.
enum Kind {
    Required,
    Lenient,
    Present,
    /// The flattened map of other properties.
    Rest,
}

struct Field<'a> {
    ident: &'a syn::Ident,
    ty: &'a syn::Type,
    wire: String,
    kind: Kind,
}

fn expand(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(named),
        ..
    }) = &input.data
    else {
        return Err(syn::Error::new(
            input.ident.span(),
            "DecodeStruct derives only for structs with named fields",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "DecodeStruct derives only for structs without generics",
        ));
    }
    let mut deny_unknown = false;
    for attr in serde_attrs(&input.attrs) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("deny_unknown_fields") {
                deny_unknown = true;
                Ok(())
            } else {
                Err(meta.error("DecodeStruct does not support this serde attribute"))
            }
        })?;
    }
    let fields = named
        .named
        .iter()
        .map(field)
        .collect::<syn::Result<Vec<_>>>()?;

    let ident = &input.ident;
    let (named, rest): (Vec<&Field>, Vec<&Field>) =
        fields.iter().partition(|f| !matches!(f.kind, Kind::Rest));
    if rest.len() > 1 {
        return Err(syn::Error::new(
            rest[1].ident.span(),
            "DecodeStruct takes at most one flattened map",
        ));
    }
    let slot = |i: usize| format_ident!("f{}", i);
    let wires = named.iter().map(|f| &f.wire);
    let slots = (0..named.len()).map(slot);
    // Each slot typed, so that nothing is left to inference: the field's value, or the field
    // itself for an optional property kept as present.
    let slot_types = named.iter().map(|f| match f.kind {
        Kind::Present => f.ty.to_token_stream(),
        _ => {
            let ty = f.ty;
            quote!(::std::option::Option<#ty>)
        }
    });
    let reads = named.iter().enumerate().map(|(i, f)| {
        let (slot, wire) = (slot(i), &f.wire);
        let reader = match f.kind {
            Kind::Lenient => quote!(read_lenient),
            _ => quote!(read_field),
        };
        let i = Literal::usize_unsuffixed(i);
        quote!(__rt::Key::Field(#i) => __rt::#reader(&mut map, &mut #slot, #wire),)
    });
    // A required property's slot unwrapped, or serde's `missing field`.
    let unwrap_required = named.iter().enumerate().filter_map(|(i, f)| {
        let (slot, wire) = (slot(i), &f.wire);
        matches!(f.kind, Kind::Required).then(|| {
            quote! {
                let ::std::option::Option::Some(#slot) = #slot else {
                    return ::std::result::Result::Err(__rt::missing_field(&map, #wire));
                };
            }
        })
    });
    let mut inits: Vec<TokenStream> = named
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (slot, ident) = (slot(i), f.ident);
            match f.kind {
                Kind::Lenient => quote!(#ident: #slot.flatten()),
                Kind::Required | Kind::Present | Kind::Rest => quote!(#ident: #slot),
            }
        })
        .collect();
    let (rest_slot, other) = match rest.first() {
        Some(f) => {
            let (ident, ty) = (f.ident, f.ty);
            inits.push(quote!(#ident: rest));
            (
                quote!(let mut rest: #ty = ::std::default::Default::default();),
                quote!(__rt::Key::Other(name) => map.next_value().map(|value| {
                    rest.insert(name, value);
                }),),
            )
        }
        None if deny_unknown => (
            quote!(),
            quote!(__rt::Key::Other(name) => __rt::unknown_field(&map, &name, Self::FIELDS),),
        ),
        None => (
            quote!(),
            quote!(__rt::Key::Other(_) => __rt::skip_value(&mut map),),
        ),
    };
    Ok(quote! {
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                __rt::decode_struct(deserializer)
            }
        }

        impl __rt::DecodeStruct for #ident {
            const FIELDS: &'static [&'static str] = &[#(#wires),*];

            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                #(let mut #slots: #slot_types = ::std::option::Option::None;)*
                #rest_slot
                while let ::std::option::Option::Some(key) =
                    map.next_key_seed(__rt::Keys(Self::FIELDS))?
                {
                    // One `?` for all arms.
                    match key {
                        #(#reads)*
                        __rt::Key::Field(_) => __rt::skip_value(&mut map),
                        #other
                    }?;
                }
                #(#unwrap_required)*
                ::std::result::Result::Ok(Self { #(#inits,)* })
            }
        }
    })
}

fn serde_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("serde"))
}

fn field(field: &syn::Field) -> syn::Result<Field<'_>> {
    let ident = field
        .ident
        .as_ref()
        .ok_or_else(|| syn::Error::new(field.span(), "a named field"))?;
    let mut wire = None;
    let (mut kind, mut default) = (Kind::Required, false);
    for attr in serde_attrs(&field.attrs) {
        attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident("rename") {
                wire = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if path.is_ident("flatten") {
                kind = Kind::Rest;
            } else if path.is_ident("deserialize_with") {
                let reader = meta.value()?.parse::<syn::LitStr>()?;
                if reader.value() != "__rt::present" {
                    return Err(syn::Error::new(
                        reader.span(),
                        "DecodeStruct reads with `__rt::present` only",
                    ));
                }
                kind = Kind::Present;
            } else if path.is_ident("skip_serializing_if") {
                meta.value()?.parse::<syn::LitStr>()?;
            } else if path.is_ident("default") {
                default = true;
            } else {
                return Err(meta.error("DecodeStruct does not support this serde attribute"));
            }
            Ok(())
        })?;
    }
    if default && matches!(kind, Kind::Required) {
        kind = Kind::Lenient;
    }
    let wire = wire.unwrap_or_else(|| {
        let name = ident.to_string();
        name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
    });
    Ok(Field {
        ident,
        ty: &field.ty,
        wire,
        kind,
    })
}
