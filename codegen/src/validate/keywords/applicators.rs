//! `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`: subschemas applied to the instance in
//! place. Inside `anyOf`, `oneOf`, `not` and `if` a subschema is only tested (its errors are not
//! collected) and its annotations count only where it matches; when no alternative of an
//! `anyOf` or `oneOf` matches, its error tells what keeps the value from the nearest one.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::super::{shorten, Body, Gen, Sub, ANNOTATIONS};
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
                let (f, at) = self
                    .sub(&location.child("allOf").child(&k.to_string()))?
                    .call();
                let call = body.in_place(|ev| quote!(#f(inst, path, #at, cx, #ev)));
                body.checks.push(self.call(call));
            }
        }
        if let Some(any) = map.get("anyOf") {
            let count = self.subschema_count(location, "anyOf", any)?;
            let fns = self.branches(location, "anyOf", count)?;
            let need = body.need_ev();
            let merge = body.merge(quote!(e));
            let (nearest, message) = none_matches(any);
            let fail = self.fail(location, "anyOf", message);
            body.checks.push(quote! {
                {
                    let need = #need;
                    let mut any = false;
                    let branches: [(rt::SchemaFn<I>, &str); #count] = [#(#fns),*];
                    for (f, relative) in branches {
                        let mut e = rt::Eval::default();
                        if cx.test(|cx| f(inst, path, &rt::At::Child(at, relative), cx, need.then_some(&mut e))) {
                            any = true;
                            #merge
                            if !need {
                                break;
                            }
                        }
                    }
                    if !any {
                        #nearest
                        #fail
                    }
                }
            });
        }
        if let Some(one) = map.get("oneOf") {
            let count = self.subschema_count(location, "oneOf", one)?;
            let fns = self.branches(location, "oneOf", count)?;
            let need = body.need_ev();
            let merge = body.merge(quote!(e));
            let (nearest, message) = none_matches(one);
            let none = self.fail(location, "oneOf", message);
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
                    let branches: [(rt::SchemaFn<I>, &str); #count] = [#(#fns),*];
                    for (k, (f, relative)) in branches.into_iter().enumerate() {
                        let mut e = rt::Eval::default();
                        if cx.test(|cx| f(inst, path, &rt::At::Child(at, relative), cx, need.then_some(&mut e))) {
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
                            #nearest
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
            let (f, at) = self.sub(&location.child("not"))?.call();
            let fail = self.fail(
                location,
                "not",
                quote!(::std::format!(
                    "{} must not match the \"not\" schema",
                    rt::show(inst)
                )),
            );
            body.checks.push(quote! {
                if cx.test(|cx| #f(inst, path, #at, cx, ::std::option::Option::None)) {
                    #fail
                }
            });
        }
        if map.contains_key("if") {
            let (f, at) = self.sub(&location.child("if"))?.call();
            let need = body.need_ev();
            let merge = body.merge(quote!(e));
            let mut then_branch = TokenStream::new();
            if map.contains_key("then") {
                let (g, at) = self.sub(&location.child("then"))?.call();
                let call = body.in_place(|ev| quote!(#g(inst, path, #at, cx, #ev)));
                then_branch = self.call(call);
            }
            let mut else_branch = TokenStream::new();
            if map.contains_key("else") {
                let (g, at) = self.sub(&location.child("else"))?.call();
                let call = body.in_place(|ev| quote!(#g(inst, path, #at, cx, #ev)));
                let call = self.call(call);
                else_branch = quote!(else { #call });
            }
            body.checks.push(quote! {
                {
                    let need = #need;
                    let mut e = rt::Eval::default();
                    if cx.test(|cx| #f(inst, path, #at, cx, need.then_some(&mut e))) {
                        #merge
                        #then_branch
                    } #else_branch
                }
            });
        }
        Ok(())
    }

    /// `(function, relative pointer)` of each subschema of `keyword` (an array of `count`).
    fn branches(
        &mut self,
        location: &Location,
        keyword: &str,
        count: usize,
    ) -> Result<Vec<TokenStream>> {
        (0..count)
            .map(|k| {
                let Sub { f, relative } =
                    self.sub(&location.child(keyword).child(&k.to_string()))?;
                Ok(quote!((#f, #relative)))
            })
            .collect()
    }

    fn subschema_count(&self, location: &Location, keyword: &str, value: &Value) -> Result<usize> {
        match value {
            Value::Array(items) if !items.is_empty() => Ok(items.len()),
            _ => Err(self.invalid(location, keyword, "must be a non-empty array of schemas")),
        }
    }
}

/// The statement and message of an `anyOf` or `oneOf` that no alternative matches: the values
/// the alternatives allow when each is only an `enum` or `const` (a list of documented values,
/// `{"const": "always", "description": ...}`), else what keeps the value from the nearest
/// alternative (see `Cx::nearest`).
fn none_matches(alternatives: &Value) -> (TokenStream, TokenStream) {
    let values_only = |member: &Value| -> Option<Vec<Value>> {
        let map = member.as_object()?;
        let mut values = Vec::new();
        for (key, value) in map {
            match (key.as_str(), value) {
                ("enum", Value::Array(list)) => values.extend(list.iter().cloned()),
                ("const", value) => values.push(value.clone()),
                (key, _) if ANNOTATIONS.contains(&key) => {}
                _ => return None,
            }
        }
        // Both keywords allow only the values in both, which this list would not show.
        let one_keyword = !(map.contains_key("enum") && map.contains_key("const"));
        (one_keyword && !values.is_empty()).then_some(values)
    };
    let members = alternatives
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let count = members.len();
    let values: Option<Vec<Vec<Value>>> = members.iter().map(values_only).collect();
    match values {
        Some(values) => {
            let shown = shorten(&Value::Array(values.concat()).to_string());
            let message = quote!(::std::format!("{} is not one of {}", rt::show(inst), #shown));
            (TokenStream::new(), message)
        }
        None => (
            quote!(let nearest = cx.nearest(inst, path, at, &branches);),
            quote!(::std::format!(
                "{} matches none of the {} alternatives{}",
                rt::show(inst),
                #count,
                nearest
            )),
        ),
    }
}
