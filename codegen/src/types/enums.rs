//! String enums, emitted from the schema's values: forward-compatible (an `Unknown(String)`
//! variant keeps a value added after generation and writes it back unchanged) or closed.

use std::collections::HashSet;

use quote::{format_ident, quote};

use crate::names::variant_idents;

/// What a string enum does with a value it does not list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    /// Refuses it.
    Closed,
    /// Keeps it in `Unknown(String)`; the schema does not take it, so `validate` reports it.
    Unknown,
    /// Keeps it in `Other(String)`: the schema takes any other string too.
    OtherStrings,
}

/// The string enum `ident` with `values` (duplicates are dropped); `docs` are its doc
/// attributes, `value_doc` gives a value's own description. Its conversions are the runtime's
/// derive `StrEnum`, so the module imports the runtime.
pub fn string_enum(
    ident: &syn::Ident,
    docs: &[syn::Attribute],
    values: &[String],
    open: Open,
    value_doc: impl Fn(&str) -> Option<String>,
) -> syn::Item {
    let mut seen = HashSet::new();
    let wires: Vec<&str> = values
        .iter()
        .map(String::as_str)
        .filter(|value| seen.insert(*value))
        .collect();
    let names = variant_idents(&wires);
    // Each variant's doc is the value's description, if it has one, then the value as JSON
    // (escapes keep control characters out of the docs); the derives read the value from
    // `rename`, needed where the name differs.
    let variants = wires.iter().zip(&names).map(|(wire, name)| {
        let mut lines: Vec<String> = match value_doc(wire) {
            Some(text) => text.lines().chain([""]).map(str::to_string).collect(),
            None => Vec::new(),
        };
        lines.push(format!("`{}`", serde_json::Value::from(*wire)));
        let doc = lines.iter().map(|line| crate::docs::doc_attr(line));
        let rename = (name != wire).then(|| quote!(#[serde(rename = #wire)]));
        let variant = format_ident!("{}", name);
        quote!(#(#doc)* #rename #variant)
    });
    if open == Open::Closed {
        return syn::parse_quote! {
            #(#docs)*
            #[derive(::serde::Deserialize, ::serde::Serialize, __rt::StrEnum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum #ident {
                #(#variants,)*
            }
        };
    }
    // The first name no value takes.
    let (candidates, unknown_doc, attr) = match open {
        Open::OtherStrings => (
            &["Other", "OtherString", "OtherString_"][..],
            " Any other string, which the schema takes too; kept as received.",
            Some(quote!(#[other_strings])),
        ),
        _ => (
            &["Unknown", "UnknownValue", "OtherValue", "UnknownValue_"][..],
            " A value not known when this code was generated; kept as received. `validate` reports it.",
            None,
        ),
    };
    let free = candidates
        .iter()
        .find(|n| !names.iter().any(|name| name == *n));
    let unknown = format_ident!("{}", free.unwrap_or(&candidates[candidates.len() - 1]));
    syn::parse_quote! {
        #(#docs)*
        #[derive(__rt::StrEnum, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #attr
        pub enum #ident {
            #(#variants,)*
            #[doc = #unknown_doc]
            #unknown(::std::string::String),
        }
    }
}

/// A unit-variant enum typify wrote itself, such as the inner enum of a nullable one at a
/// document's root (`Kind(Option<KindInner>)`): its name, doc attributes and values, so that it
/// is emitted as ours are. typify's is closed whatever the options say: an unknown value would
/// fail decoding.
pub fn typify_string_enum(
    item: &syn::Item,
) -> Option<(syn::Ident, Vec<syn::Attribute>, Vec<String>)> {
    let syn::Item::Enum(e) = item else {
        return None;
    };
    let serde = |a: &&syn::Attribute| a.path().is_ident("serde");
    // An untagged or tagged enum is a union, not a string enum.
    if e.attrs.iter().any(|a| serde(&a)) || e.variants.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    for variant in &e.variants {
        if !matches!(variant.fields, syn::Fields::Unit) {
            return None;
        }
        let mut value = variant.ident.to_string();
        for attr in variant.attrs.iter().filter(serde) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    value = meta.value()?.parse::<syn::LitStr>()?.value();
                }
                Ok(())
            })
            .ok()?;
        }
        values.push(value);
    }
    let docs = e
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect();
    Some((e.ident.clone(), docs, values))
}
