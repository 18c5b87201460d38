//! `format`, where asserted (by the settings or by the dialect): the runtime's format table
//! names the check of each format; a format it does not know is an annotation only.

use codegen_runtime::formats::Applies;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::super::{escape_braces, Body, Gen};
use crate::error::Result;
use crate::load::Location;

impl Gen<'_> {
    /// Whether `format` is asserted at `location`: by the settings, or by its dialect.
    pub(in crate::validate) fn asserts_format(&self, location: &Location) -> bool {
        self.options.assert_format || self.set.asserts_format(location)
    }

    fn asserted_format<'m>(
        &self,
        location: &Location,
        map: &'m serde_json::Map<String, Value>,
    ) -> Option<&'m str> {
        if !self.asserts_format(location) {
            return None;
        }
        map.get("format").and_then(Value::as_str)
    }

    /// `format`, where asserted: the runtime's format table names the check; unknown formats
    /// are annotations only.
    pub(super) fn format_keyword(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        if let Some((applies, check)) = self.format_check(location, map) {
            body.checks.push(match applies {
                Applies::String => quote! {
                    if let rt::Node::String(s) = rt::node(inst) { #check }
                },
                _ => quote! {
                    if let rt::Node::Number(n) = rt::node(inst) { #check }
                },
            });
        }
        Ok(())
    }

    /// The check of an asserted, known `format`, and what it applies to: its code reads the
    /// string `s` (a `&str`) or the number `n` (a `&serde_json::Number`).
    pub(in crate::validate) fn format_check(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
    ) -> Option<(Applies, TokenStream)> {
        let format = self
            .asserted_format(location, map)
            .and_then(codegen_runtime::formats::find)?;
        let check = format_ident!("{}", format.function);
        let text = format!("{{}} is not a valid {}", escape_braces(format.name));
        let (shown, value) = match format.applies_to {
            Applies::String => (quote!(rt::show_str(s)), quote!(s)),
            _ => (quote!(n), quote!(n)),
        };
        let fail = self.fail(location, "format", quote!(::std::format!(#text, #shown)));
        Some((
            format.applies_to,
            quote!(if !rt::formats::#check(#value) { #fail }),
        ))
    }
}
