//! `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`: subschemas applied to the instance in
//! place. Inside `anyOf`, `oneOf`, `not` and `if` a subschema is only tested (its errors are not
//! collected) and its annotations count only where it matches.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::super::{Body, Gen};
use crate::error::Result;
use crate::load::Location;

impl Gen<'_> {
    pub(super) fn applicators(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        if let Some(all) = map.get("allOf") {
            let count = self.subschema_count(location, "allOf", all)?;
            for k in 0..count {
                let f = self.fn_ident(&location.child("allOf").child(&k.to_string()))?;
                let ev = body.ev();
                body.checks.push(self.call(quote!(#f(inst, path, cx, #ev))));
            }
        }
        if let Some(any) = map.get("anyOf") {
            let count = self.subschema_count(location, "anyOf", any)?;
            let fns = (0..count)
                .map(|k| self.fn_ident(&location.child("anyOf").child(&k.to_string())))
                .collect::<Result<Vec<_>>>()?;
            let need = body.need_ev();
            let merge = body.merge(quote!(e));
            let fail = self.fail(
                location,
                "anyOf",
                quote!(
                    ::std::format!("{} matches none of the {} alternatives", rt::show(inst), #count)
                ),
            );
            body.checks.push(quote! {
                {
                    let need = #need;
                    let mut any = false;
                    let branches: [rt::SchemaFn; #count] = [#(#fns),*];
                    for f in branches {
                        let mut e = rt::Eval::default();
                        if cx.test(|cx| f(inst, path, cx, need.then_some(&mut e))) {
                            any = true;
                            #merge
                            if !need {
                                break;
                            }
                        }
                    }
                    if !any {
                        #fail
                    }
                }
            });
        }
        if let Some(one) = map.get("oneOf") {
            let count = self.subschema_count(location, "oneOf", one)?;
            let fns = (0..count)
                .map(|k| self.fn_ident(&location.child("oneOf").child(&k.to_string())))
                .collect::<Result<Vec<_>>>()?;
            let need = body.need_ev();
            let merge = body.merge(quote!(e));
            let none = self.fail(
                location,
                "oneOf",
                quote!(
                    ::std::format!("{} matches none of the {} alternatives", rt::show(inst), #count)
                ),
            );
            let many = self.fail(
                location,
                "oneOf",
                quote!(::std::format!(
                    "{} matches more than one alternative ({} and {})",
                    rt::show(inst),
                    first,
                    second
                )),
            );
            body.checks.push(quote! {
                {
                    let need = #need;
                    let mut matched: ::std::option::Option<(usize, rt::Eval)> = ::std::option::Option::None;
                    let mut extra: ::std::option::Option<usize> = ::std::option::Option::None;
                    let branches: [rt::SchemaFn; #count] = [#(#fns),*];
                    for (k, f) in branches.into_iter().enumerate() {
                        let mut e = rt::Eval::default();
                        if cx.test(|cx| f(inst, path, cx, need.then_some(&mut e))) {
                            if matched.is_none() {
                                matched = ::std::option::Option::Some((k, e));
                            } else {
                                extra = ::std::option::Option::Some(k);
                                break;
                            }
                        }
                    }
                    match (matched, extra) {
                        (::std::option::Option::None, _) => {
                            #none
                        }
                        (::std::option::Option::Some((first, _)), ::std::option::Option::Some(second)) => {
                            #many
                        }
                        (::std::option::Option::Some((_, e)), ::std::option::Option::None) => {
                            #merge
                        }
                    }
                }
            });
        }
        if map.contains_key("not") {
            let f = self.fn_ident(&location.child("not"))?;
            let fail = self.fail(
                location,
                "not",
                quote!(::std::format!(
                    "{} must not match the \"not\" schema",
                    rt::show(inst)
                )),
            );
            body.checks.push(quote! {
                if cx.test(|cx| #f(inst, path, cx, ::std::option::Option::None)) {
                    #fail
                }
            });
        }
        if map.contains_key("if") {
            let f = self.fn_ident(&location.child("if"))?;
            let need = body.need_ev();
            let merge = body.merge(quote!(e));
            let mut then_branch = TokenStream::new();
            if map.contains_key("then") {
                let g = self.fn_ident(&location.child("then"))?;
                let ev = body.ev();
                then_branch = self.call(quote!(#g(inst, path, cx, #ev)));
            }
            let mut else_branch = TokenStream::new();
            if map.contains_key("else") {
                let g = self.fn_ident(&location.child("else"))?;
                let ev = body.ev();
                let call = self.call(quote!(#g(inst, path, cx, #ev)));
                else_branch = quote!(else { #call });
            }
            body.checks.push(quote! {
                {
                    let need = #need;
                    let mut e = rt::Eval::default();
                    if cx.test(|cx| #f(inst, path, cx, need.then_some(&mut e))) {
                        #merge
                        #then_branch
                    } #else_branch
                }
            });
        }
        Ok(())
    }

    fn subschema_count(&self, location: &Location, keyword: &str, value: &Value) -> Result<usize> {
        match value {
            Value::Array(items) if !items.is_empty() => Ok(items.len()),
            _ => Err(self.invalid(location, keyword, "must be a non-empty array of schemas")),
        }
    }
}
