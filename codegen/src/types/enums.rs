//! String enums, emitted from the schema's values: forward-compatible (an `Unknown(String)`
//! variant keeps a value added after generation and writes it back unchanged) or closed.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::format_ident;

use crate::names::variant_idents;
use crate::runtime_path::RuntimePath;

/// The items of the string enum `ident` with `values` (duplicates are dropped); `docs` are its
/// doc attributes.
pub fn string_enum(
    ident: &syn::Ident,
    docs: &[syn::Attribute],
    values: &[String],
    open: bool,
    runtime: &RuntimePath,
) -> Vec<syn::Item> {
    let mut seen = HashSet::new();
    let wires: Vec<&str> = values
        .iter()
        .map(String::as_str)
        .filter(|value| seen.insert(*value))
        .collect();
    let variants: Vec<syn::Ident> = variant_idents(&wires)
        .iter()
        .map(|name| format_ident!("{}", name))
        .collect();
    // The value as JSON: escapes keep control characters out of the docs.
    let variant_docs: Vec<String> = wires
        .iter()
        .map(|w| format!(" `{}`", serde_json::Value::from(*w)))
        .collect();
    let parts = EnumParts {
        ident,
        docs,
        variants: &variants,
        wires: &wires,
        variant_docs: &variant_docs,
    };
    if open {
        open_enum(&parts, runtime)
    } else {
        closed_enum(&parts, runtime)
    }
}

/// What both kinds of string enum are made of.
struct EnumParts<'a> {
    ident: &'a syn::Ident,
    docs: &'a [syn::Attribute],
    variants: &'a [syn::Ident],
    /// Each variant's value in JSON.
    wires: &'a [&'a str],
    variant_docs: &'a [String],
}

/// Variants, `Unknown(String)`, and hand-rolled serde impls that keep an unknown value.
fn open_enum(parts: &EnumParts, runtime: &RuntimePath) -> Vec<syn::Item> {
    let EnumParts {
        ident,
        docs,
        variants,
        wires,
        variant_docs,
    } = *parts;
    let unknown = ["Unknown", "UnknownValue", "OtherValue"]
        .into_iter()
        .map(|n| format_ident!("{}", n))
        .find(|n| !variants.contains(n))
        .unwrap_or_else(|| format_ident!("UnknownValue_"));
    let runtime = runtime.at_depth(1);
    let unknown_doc =
        " A value not known when this code was generated; kept as received. `validate` reports it.";
    let item: syn::Item = syn::parse_quote! {
        #(#docs)*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #ident {
            #(#[doc = #variant_docs] #variants,)*
            #[doc = #unknown_doc]
            #unknown(::std::string::String),
        }
    };
    let impls: syn::File = syn::parse_quote! {
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

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(#runtime::__private::StrVisitor::new())
            }
        }
    };
    let mut items = vec![item];
    items.extend(impls.items);
    items
}

/// Exactly the schema's values: an unknown value fails decoding.
fn closed_enum(parts: &EnumParts, runtime: &RuntimePath) -> Vec<syn::Item> {
    let EnumParts {
        ident,
        docs,
        variants,
        wires,
        variant_docs,
    } = *parts;
    let runtime: TokenStream = runtime.at_depth(1);
    let expected = format!(
        "one of {}",
        wires
            .iter()
            .map(|w| format!("{w:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let file: syn::File = syn::parse_quote! {
        #(#docs)*
        #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #ident {
            #(#[doc = #variant_docs] #[serde(rename = #wires)] #variants,)*
        }

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

        impl ::std::str::FromStr for #ident {
            type Err = #runtime::ConversionError;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                match value {
                    #(#wires => ::std::result::Result::Ok(Self::#variants),)*
                    _ => ::std::result::Result::Err(#runtime::ConversionError::from(#expected)),
                }
            }
        }
    };
    file.items
}
