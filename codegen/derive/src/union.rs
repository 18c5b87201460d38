//! `#[derive(Union)]`: `Deserialize` of a union, an untagged enum whose variants are the
//! schema's alternatives.
//!
//! serde's untagged derive takes the first variant that decodes, and lenient decoding lets a
//! value into more than one (an open enum takes any string, an optional property `null`). The
//! derive hands serde's untagged derive, made for a copy of the enum (`remote`, so that it
//! builds the enum itself), to the runtime's `union`, which tries it strictly first. The enum
//! keeps serde's `Serialize` derive and its `#[serde(untagged)]`.

use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let syn::Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "derives only for enums",
        ));
    };
    let ident = &input.ident;
    let name = ident.to_string();
    // The variants as they are, but for their docs.
    let variants = data.variants.iter().map(|variant| {
        let mut variant = variant.clone();
        variant.attrs.retain(|a| !a.path().is_ident("doc"));
        variant
    });
    Ok(quote! {
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(untagged, remote = #name, rename = #name)]
                #[allow(dead_code, clippy::large_enum_variant)]
                enum Alternatives {
                    #(#variants,)*
                }
                __rt::union(deserializer, |value| Alternatives::deserialize(value))
            }
        }
    })
}
