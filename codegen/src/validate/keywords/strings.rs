//! `minLength`, `maxLength` (in Unicode code points) and `pattern` (ECMA-262, see `regex.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::super::{escape_braces, shorten, Body, Gen};
use crate::error::Result;
use crate::load::Location;

impl Gen<'_> {
    pub(super) fn string_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let checks = self.string_checks(location, map)?;
        if !checks.is_empty() {
            body.checks.push(quote! {
                if let rt::Node::String(s) = rt::node(inst) {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }

    /// The checks of these keywords on the string `s` (a `&str`), which typed validators also
    /// run on a `String` field.
    pub(in crate::validate) fn string_checks(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
    ) -> Result<Vec<TokenStream>> {
        let mut checks = Vec::new();
        let min = self.count(location, map, "minLength")?.filter(|&m| m > 0);
        let max = self.count(location, map, "maxLength")?;
        if min.is_some() || max.is_some() {
            checks.push(quote!(let len = rt::char_count(s);));
        }
        if let Some(min) = min {
            let text = format!("{{}} is shorter than {}", characters(min));
            let fail = self.fail(
                location,
                "minLength",
                quote!(::std::format!(#text, rt::show_str(s))),
            );
            checks.push(quote!(if len < #min { #fail }));
        }
        if let Some(max) = max {
            let text = format!("{{}} is longer than {}", characters(max));
            let fail = self.fail(
                location,
                "maxLength",
                quote!(::std::format!(#text, rt::show_str(s))),
            );
            checks.push(quote!(if len > #max { #fail }));
        }
        if let Some(pattern) = map.get("pattern") {
            let Value::String(pattern) = pattern else {
                return Err(self.invalid(location, "pattern", "must be a string"));
            };
            let re = self.regex(location, "/pattern", pattern)?;
            let text = format!(
                "{{}} does not match the pattern {}",
                escape_braces(&shorten(pattern))
            );
            let fail = self.fail(
                location,
                "pattern",
                quote!(::std::format!(#text, rt::show_str(s))),
            );
            checks.push(quote!(if !#re.is_match(s) { #fail }));
        }
        Ok(checks)
    }
}

/// `n characters`, or `1 character`.
fn characters(n: usize) -> String {
    if n == 1 {
        "1 character".to_string()
    } else {
        format!("{n} characters")
    }
}
