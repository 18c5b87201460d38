//! `unevaluatedItems` and `unevaluatedProperties`: what no other keyword of the schema (or of the
//! subschemas applied in place that matched) evaluated.

use quote::quote;
use serde_json::Value;

use super::super::{Body, Gen};
use crate::error::Result;
use crate::load::Location;

impl Gen<'_> {
    pub(super) fn unevaluated(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        if let Some(schema) = map.get("unevaluatedItems") {
            let check = if schema == &Value::Bool(false) {
                self.fail(
                    location,
                    "unevaluatedItems",
                    quote!(::std::format!("item {} is not allowed (unevaluated)", i)),
                )
            } else {
                let (f, at) = self.sub(&location.child("unevaluatedItems"))?.call();
                let call = self.call(quote!(#f(item, &p, #at, cx, ::std::option::Option::None)));
                quote! {
                    let p = rt::Path::Index(path, i);
                    #call
                }
            };
            body.checks.push(quote! {
                if let rt::Node::Array(arr) = rt::node(inst) {
                    for (i, item) in arr.iter().enumerate() {
                        if !local.is_marked(i) {
                            let _ = item;
                            #check
                        }
                    }
                    local.mark_all(arr.len());
                }
            });
        }
        if let Some(schema) = map.get("unevaluatedProperties") {
            let check = if schema == &Value::Bool(false) {
                self.fail(
                    location,
                    "unevaluatedProperties",
                    quote!(::std::format!(
                        "property \"{}\" is not allowed (unevaluated)",
                        key
                    )),
                )
            } else {
                let (f, at) = self.sub(&location.child("unevaluatedProperties"))?.call();
                let call = self.call(quote!(#f(value, &p, #at, cx, ::std::option::Option::None)));
                quote! {
                    let p = rt::Path::Key(path, key);
                    #call
                }
            };
            body.checks.push(quote! {
                if let rt::Node::Object(obj) = rt::node(inst) {
                    for (i, (key, value)) in obj.iter().enumerate() {
                        if !local.is_marked(i) {
                            let _ = value;
                            #check
                        }
                    }
                    local.mark_all(obj.len());
                }
            });
        }
        Ok(())
    }
}
