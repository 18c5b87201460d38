//! `minItems`, `maxItems`, `uniqueItems`, `prefixItems`, `items`, `contains`, `minContains` and
//! `maxContains`.

use proc_macro2::Literal;
use quote::quote;
use serde_json::Value;

use super::super::{Body, Gen, Sub};
use crate::error::{Error, Result};
use crate::load::Location;

impl Gen<'_> {
    pub(super) fn array_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let mut checks = Vec::new();
        checks.extend(self.size_bounds(location, map, "Items", quote!(arr))?);
        if map.get("uniqueItems") == Some(&Value::Bool(true)) {
            let fail = self.fail(
                location,
                "uniqueItems",
                quote!(::std::format!("items {} and {} are equal", i, j)),
            );
            checks.push(quote! {
                if let ::std::option::Option::Some((i, j)) = rt::find_duplicate(arr) {
                    #fail
                }
            });
        }
        let mut prefix_len = 0usize;
        if let Some(prefix) = map.get("prefixItems") {
            let Value::Array(prefix) = prefix else {
                return Err(self.invalid(location, "prefixItems", "must be an array"));
            };
            prefix_len = prefix.len();
            for k in 0..prefix.len() {
                let (f, at) = self
                    .sub(&location.child("prefixItems").child(&k.to_string()))?
                    .call();
                let call = self.call(quote!(#f(item, &p, #at, cx, ::std::option::Option::None)));
                let mark = body.mark(quote!(#k));
                let get = if k == 0 {
                    quote!(arr.first())
                } else {
                    quote!(arr.get(#k))
                };
                checks.push(quote! {
                    if let ::std::option::Option::Some(item) = #get {
                        let p = rt::Path::Index(path, #k);
                        #call
                        #mark
                    }
                });
            }
        }
        if let Some(items) = map.get("items") {
            if items.is_array() {
                // Draft 2019-09 and earlier: `items` as an array is `prefixItems`.
                return Err(Error::Unsupported {
                    place: self.place(location, "/items"),
                    message: format!(
                        "`items` as an array is not 2020-12 (use prefixItems){}",
                        crate::dialect::older_draft_hint(crate::Draft::Draft7)
                    ),
                });
            }
            if items == &Value::Bool(false) {
                let text = "array has {} items, no more than {} are allowed";
                let fail = self.fail(
                    location,
                    "items",
                    quote!(::std::format!(#text, arr.len(), #prefix_len)),
                );
                let too_long = if prefix_len == 0 {
                    quote!(!arr.is_empty())
                } else {
                    quote!(arr.len() > #prefix_len)
                };
                checks.push(quote!(if #too_long { #fail }));
            } else {
                // The runtime's loop; the only array keyword, it is one step for any instance.
                let Sub { f, relative } = self.sub(&location.child("items"))?;
                let ev = body.ev();
                let skip = Literal::usize_unsuffixed(prefix_len);
                if relative != "/items" {
                    // An older draft's `additionalItems`: errors name it as the file does.
                    let items_at = quote!(&rt::At::Child(at, #relative));
                    let items = quote!(rt::items_at(inst, #skip, #f, path, #items_at, cx, #ev));
                    checks.push(self.call(items));
                } else {
                    let items = quote!(rt::items(inst, #skip, #f, path, at, cx, #ev));
                    if checks.is_empty() && !map.contains_key("contains") {
                        let with_type = quote!(rt::an_array(inst, #skip, #f, path, at, cx, #ev));
                        self.step_with_type(body, "array", with_type, items);
                        return Ok(());
                    }
                    checks.push(self.call(items));
                }
            }
        }
        if map.contains_key("contains") {
            let (f, at) = self.sub(&location.child("contains"))?.call();
            let min = self.count(location, map, "minContains")?.unwrap_or(1);
            let max = self.count(location, map, "maxContains")?;
            let mark = body.mark(quote!(i));
            let mut check = quote! {
                let mut matched = 0usize;
                for (i, item) in arr.iter().enumerate() {
                    let p = rt::Path::Index(path, i);
                    if cx.test(|cx| #f(item, &p, #at, cx, ::std::option::Option::None)) {
                        matched += 1;
                        #mark
                    }
                }
            };
            if min > 0 {
                let keyword = if map.contains_key("minContains") {
                    "minContains"
                } else {
                    "contains"
                };
                let min_fail = self.fail(
                    location,
                    keyword,
                    quote!(
                        ::std::format!("{} items match \"contains\", at least {} must", matched, #min)
                    ),
                );
                check.extend(quote! {
                    if matched < #min {
                        #min_fail
                    }
                });
            }
            if let Some(max) = max {
                let max_fail = self.fail(
                    location,
                    "maxContains",
                    quote!(
                        ::std::format!("{} items match \"contains\", at most {} may", matched, #max)
                    ),
                );
                check.extend(quote! {
                    if matched > #max {
                        #max_fail
                    }
                });
            }
            checks.push(quote!({ #check let _ = matched; }));
        }
        if !checks.is_empty() {
            body.checks.push(quote! {
                if let rt::Node::Array(arr) = rt::node(inst) {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }
}
