//! `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`: exact on any
//! JSON number, however large or precise.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::super::{num_tokens, Body, Gen};
use crate::error::Result;
use crate::load::Location;

impl Gen<'_> {
    pub(super) fn number_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let checks = self.number_checks(location, map)?;
        if !checks.is_empty() {
            body.checks.push(quote! {
                if let rt::Node::Number(n) = rt::node(inst) {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }

    /// The checks of these keywords on the number `n` (a `&serde_json::Number`), which typed
    /// validators also run on an integer or float field.
    pub(in crate::validate) fn number_checks(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
    ) -> Result<Vec<TokenStream>> {
        let mut checks = Vec::new();
        // The keyword, the ordering of the number against the limit that decides, whether that
        // ordering fails or passes, and the message. Tokens are made only for the keywords there.
        let bounds = [
            ("minimum", "Less", true, "less than the minimum"),
            ("maximum", "Greater", true, "greater than the maximum"),
            (
                "exclusiveMinimum",
                "Greater",
                false,
                "not greater than the exclusive minimum",
            ),
            (
                "exclusiveMaximum",
                "Less",
                false,
                "not less than the exclusive maximum",
            ),
        ];
        for (keyword, ordering, fails_when_equal, words) in bounds {
            let Some(limit) = map.get(keyword) else {
                continue;
            };
            let Value::Number(limit) = limit else {
                return Err(self.invalid(location, keyword, "must be a number"));
            };
            let num = num_tokens(limit);
            let ordering = quote::format_ident!("{ordering}");
            let ordering = quote!(::std::option::Option::Some(::std::cmp::Ordering::#ordering));
            let text = format!("{{}} is {words} {limit}");
            let fail = self.fail(location, keyword, quote!(::std::format!(#text, n)));
            let condition = if fails_when_equal {
                quote!(rt::cmp_num(n, #num) == #ordering)
            } else {
                quote!(rt::cmp_num(n, #num) != #ordering)
            };
            checks.push(quote! {
                if #condition {
                    #fail
                }
            });
        }
        if let Some(divisor) = map.get("multipleOf") {
            let Value::Number(divisor) = divisor else {
                return Err(self.invalid(location, "multipleOf", "must be a number"));
            };
            let num = num_tokens(divisor);
            let text = format!("{{}} is not a multiple of {divisor}");
            let fail = self.fail(location, "multipleOf", quote!(::std::format!(#text, n)));
            checks.push(quote! {
                if !rt::is_multiple_of(n, #num) {
                    #fail
                }
            });
        }
        Ok(checks)
    }
}
