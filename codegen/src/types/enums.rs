//! String enums, emitted from the schema's values: forward-compatible (an `Unknown(String)`
//! variant keeps a value added after generation and writes it back unchanged) or closed.

use std::collections::HashSet;

use quote::{format_ident, quote};

use crate::names::variant_idents;

/// The string enum `ident` with `values` (duplicates are dropped); `docs` are its doc
/// attributes. Its conversions are the runtime's derive `StrEnum`, so the module imports the
/// runtime.
pub fn string_enum(
    ident: &syn::Ident,
    docs: &[syn::Attribute],
    values: &[String],
    open: bool,
) -> syn::Item {
    let mut seen = HashSet::new();
    let wires: Vec<&str> = values
        .iter()
        .map(String::as_str)
        .filter(|value| seen.insert(*value))
        .collect();
    let names = variant_idents(&wires);
    // Each variant's doc shows its value as JSON (escapes keep control characters out of the
    // docs); the derives read it from `rename`, needed where the name differs.
    let variants = wires.iter().zip(&names).map(|(wire, name)| {
        let doc = format!(" `{}`", serde_json::Value::from(*wire));
        let rename = (name != wire).then(|| quote!(#[serde(rename = #wire)]));
        let variant = format_ident!("{}", name);
        quote!(#[doc = #doc] #rename #variant)
    });
    if !open {
        return syn::parse_quote! {
            #(#docs)*
            #[derive(::serde::Deserialize, ::serde::Serialize, __rt::StrEnum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum #ident {
                #(#variants,)*
            }
        };
    }
    let unknown = ["Unknown", "UnknownValue", "OtherValue"]
        .into_iter()
        .find(|n| !names.iter().any(|name| name == n))
        .map(|n| format_ident!("{}", n))
        .unwrap_or_else(|| format_ident!("UnknownValue_"));
    let unknown_doc =
        " A value not known when this code was generated; kept as received. `validate` reports it.";
    syn::parse_quote! {
        #(#docs)*
        #[derive(__rt::StrEnum, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #ident {
            #(#variants,)*
            #[doc = #unknown_doc]
            #unknown(::std::string::String),
        }
    }
}
