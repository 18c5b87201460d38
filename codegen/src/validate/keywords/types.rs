//! `type`, `enum` and `const`: the keywords every instance type answers.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::super::{shorten, type_bits, unless, Body, Gen};
use crate::error::Result;
use crate::load::Location;

/// The check of `type` with the (known) type `names`.
pub(in crate::validate) fn type_step(names: &[&str]) -> TokenStream {
    let bits = type_bits(names).unwrap_or_default();
    let expected = names.join(" or ");
    quote!(rt::of_type(inst, #bits, #expected, path, at, cx))
}

impl Gen<'_> {
    pub(super) fn type_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        if let Some(types) = map.get("type") {
            let names: Vec<&str> = match types {
                Value::String(s) => vec![s.as_str()],
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                _ => return Err(self.invalid(location, "type", "must be a string or an array")),
            };
            if let Some(other) = names.iter().find(|n| type_bits(&[n]).is_none()) {
                return Err(self.invalid(location, "type", format!("unknown type \"{other}\"")));
            }
            self.step(body, type_step(&names));
        }
        if let Some(values) = map.get("enum") {
            let Value::Array(values) = values else {
                return Err(self.invalid(location, "enum", "must be an array"));
            };
            let inst = quote!(inst);
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            let shown = shorten(&Value::Array(values.clone()).to_string());
            if strings.len() == values.len() && !strings.is_empty() {
                // The common case, in the runtime.
                self.step(
                    body,
                    quote!(rt::string_enum(inst, &[#(#strings),*], path, at, cx)),
                );
                return self.const_keyword(location, map, body);
            }
            let mut conditions = Vec::new();
            if strings.len() > 1 {
                conditions.push(quote!(
                    matches!(rt::node(inst), rt::Node::String(#(#strings)|*))
                ));
            }
            for value in values {
                if !(value.is_string() && strings.len() > 1) {
                    conditions.push(self.equals(&inst, value));
                }
            }
            let fail = self.fail(
                location,
                "enum",
                quote!(::std::format!("{} is not one of {}", rt::show(inst), #shown)),
            );
            body.always_fails |= conditions.is_empty();
            body.checks.push(unless(&conditions, fail));
        }
        self.const_keyword(location, map, body)
    }

    fn const_keyword(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        if let Some(value) = map.get("const") {
            let condition = self.equals(&quote!(inst), value);
            let shown = shorten(&value.to_string());
            let fail = self.fail(
                location,
                "const",
                quote!(::std::format!("{} is not {}", rt::show(inst), #shown)),
            );
            body.checks.push(quote! {
                if !(#condition) {
                    #fail
                }
            });
        }
        Ok(())
    }
}
