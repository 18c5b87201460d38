//! `#[derive(StrEnum)]`: the conversions of a string enum, from its variants and their
//! `#[serde(rename = "...")]` values (a variant without one stands for its own name, as in
//! serde).
//!
//! An enum whose last variant holds a `String` is open: that variant keeps any value not
//! listed when the code was generated, and the derive writes `Serialize` and `Deserialize` too,
//! since serde's derive cannot keep it. An enum of unit variants only is closed: it derives
//! serde's own, which read the same attributes.
//!
//! `#[other_strings]` on an open enum: the schema takes any other string too (a union of enums
//! and plain strings), so a union's strict attempt takes every string, not only those listed.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

pub fn expand(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let syn::Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "derives only for enums",
        ));
    };
    let mut variants = Vec::new();
    let mut unknown = None;
    for (i, variant) in data.variants.iter().enumerate() {
        match &variant.fields {
            syn::Fields::Unit => variants.push((&variant.ident, wire(variant)?)),
            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 && i + 1 == data.variants.len() => {
                unknown = Some(&variant.ident)
            }
            _ => {
                return Err(syn::Error::new(
                    variant.span(),
                    "unit variants, and last a variant holding a `String`",
                ))
            }
        }
    }
    let ident = &input.ident;
    let (idents, wires): (Vec<_>, Vec<_>) = variants.into_iter().unzip();
    let other_strings = input
        .attrs
        .iter()
        .any(|a| a.path().is_ident("other_strings"));
    Ok(match unknown {
        Some(unknown) => open(ident, &idents, &wires, unknown, other_strings),
        None => closed(ident, &idents, &wires),
    })
}

/// The value a unit variant stands for.
fn wire(variant: &syn::Variant) -> syn::Result<String> {
    let mut wire = None;
    for attr in super::serde_attrs(&variant.attrs) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                wire = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                Ok(())
            } else {
                Err(meta.error("not a serde attribute this derive supports"))
            }
        })?;
    }
    Ok(wire.unwrap_or_else(|| variant.ident.to_string()))
}

fn open(
    ident: &syn::Ident,
    variants: &[&syn::Ident],
    wires: &[String],
    unknown: &syn::Ident,
    other_strings: bool,
) -> TokenStream {
    // What a union's strict attempt takes: the listed values, or any string where the schema
    // takes others too.
    let strict = match other_strings {
        true => quote!(|_| true),
        false => quote!(Self::is_known),
    };
    quote! {
        impl #ident {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Whether the value was one of the schema's values when this code was generated.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        // The values matched once, in `From<&str>`; an unknown one keeps its `String`.
        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#unknown(_) => Self::#unknown(value),
                    known => known,
                }
            }
        }

        // `Self::Err` would be ambiguous with a variant `Err`. The error is never returned (every
        // string is a value), but is not `Infallible` either: code that tries `parse` into
        // several types in turn (typify's unions of this enum and an integer, say) would hold an
        // irrefutable pattern, which rustc warns about.
        impl ::std::str::FromStr for #ident {
            type Err = __rt::ConversionError;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(__rt::StrVisitor::new(#strict))
            }
        }
    }
}

fn closed(ident: &syn::Ident, variants: &[&syn::Ident], wires: &[String]) -> TokenStream {
    let expected = format!(
        "one of {}",
        wires
            .iter()
            .map(|w| format!("{w:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    quote! {
        impl #ident {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // `Self::Err` would be ambiguous with a variant `Err`.
        impl ::std::str::FromStr for #ident {
            type Err = __rt::ConversionError;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                match value {
                    #(#wires => ::std::result::Result::Ok(Self::#variants),)*
                    _ => ::std::result::Result::Err(__rt::ConversionError::from(#expected)),
                }
            }
        }
    }
}
