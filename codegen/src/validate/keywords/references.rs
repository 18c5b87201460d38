//! `$ref` and `$dynamicRef`, and the schema resources they move between. `$dynamicRef` is
//! resolved at run time only where the spec makes it dynamic (its initial target declares the
//! matching `$dynamicAnchor`): resources that declare dynamic anchors push themselves on the
//! context's scope, and a generated table maps (resource, anchor) to its function.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::super::{Body, Gen};
use crate::error::{Error, Place, Result};
use crate::load::Location;

impl Gen<'_> {
    pub(super) fn references(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        if let Some(reference) = map.get("$ref") {
            let Value::String(reference) = reference else {
                return Err(self.invalid(location, "$ref", "must be a string"));
            };
            let target = self.set.resolve(location, reference)?;
            let call = self.ref_call(location, &target, body, None)?;
            self.step(body, call);
        }
        if let Some(reference) = map.get("$dynamicRef") {
            let Value::String(reference) = reference else {
                return Err(self.invalid(location, "$dynamicRef", "must be a string"));
            };
            let target = self.set.resolve(location, reference).map_err(|e| match e {
                Error::UnresolvedRef {
                    place,
                    reference,
                    reason,
                } => Error::UnresolvedRef {
                    place: Place::new(place.file, format!("{}/$dynamicRef", location.pointer)),
                    reference,
                    reason,
                },
                other => other,
            })?;
            let anchor = reference.rsplit_once('#').map(|(_, a)| a).unwrap_or("");
            let bookended = !anchor.is_empty()
                && !anchor.starts_with('/')
                && self
                    .set
                    .get(&target)
                    .and_then(|v| v.get("$dynamicAnchor"))
                    .and_then(Value::as_str)
                    == Some(anchor);
            let dynamic = if bookended {
                let n = self.dynamic_names.len() as u32;
                Some(*self.dynamic_names.entry(anchor.to_string()).or_insert(n))
            } else {
                None
            };
            let call = self.ref_call(location, &target, body, dynamic)?;
            self.step(body, call);
        }
        Ok(())
    }

    /// The call for `$ref` (or `$dynamicRef` with anchor id `dynamic`), a `bool` expression,
    /// entering the target's resource in the dynamic scope when it is not that resource's root.
    fn ref_call(
        &mut self,
        location: &Location,
        target: &Location,
        body: &Body,
        dynamic: Option<u32>,
    ) -> Result<TokenStream> {
        let f = self.fn_ident(target)?;
        let (from_uri, _, _) = self.resource_of(location);
        let (to_uri, to_id, has) = self.resource_of(target);
        let file = self.file_const(target.doc);
        let at = self.absolute_at(target);
        let call = |ev: TokenStream| match dynamic {
            // A dynamic target is only known at run time; `f` enters its own resource if root.
            Some(anchor) => {
                let pointer = &target.pointer;
                quote! {
                    {
                        let (f, file, pointer): rt::DynamicTarget = cx.dynamic(#anchor, dynamic, (rt::fns!(#f), #file, #pointer));
                        I::pick(&f)(inst, path, &rt::At::Root(file, pointer), cx, #ev)
                    }
                }
            }
            None => quote!(#f(inst, path, #at, cx, #ev)),
        };
        let call = if from_uri != to_uri && has && !self.is_resource_root(target) {
            body.in_place(|ev| {
                let call = call(ev);
                quote! {
                    {
                        cx.scope.push(#to_id);
                        let r = #call;
                        cx.scope.pop();
                        r
                    }
                }
            })
        } else {
            body.in_place(call)
        };
        Ok(call)
    }

    /// The resource `location` belongs to: its URI, id and dynamic anchors.
    pub(in crate::validate) fn resource_of(&mut self, location: &Location) -> (String, u32, bool) {
        let mut uri = self.set.base_uri(location).clone();
        uri.set_fragment(None);
        let uri = uri.to_string();
        if let Some((id, anchors)) = self.resources.get(&uri) {
            return (uri, *id, !anchors.is_empty());
        }
        let mut anchors = BTreeMap::new();
        if let Some(root) = self.set.resource(&uri).cloned() {
            if let Some(value) = self.set.get(&root) {
                collect_dynamic_anchors(&root, value, true, &mut anchors);
            }
        }
        let id = self.resources.len() as u32;
        let has = !anchors.is_empty();
        self.resources.insert(uri.clone(), (id, anchors));
        (uri, id, has)
    }

    pub(in crate::validate) fn is_resource_root(&self, location: &Location) -> bool {
        location.pointer.is_empty()
            || self
                .set
                .get(location)
                .and_then(|v| v.get("$id"))
                .and_then(Value::as_str)
                .is_some_and(|id| !id.starts_with('#'))
    }

    /// The dynamic scope an entry point starts with: the resource of a target that is not itself
    /// a resource root, if that resource has dynamic anchors.
    pub(in crate::validate) fn scope_for_entry(&mut self, location: &Location) -> Option<u32> {
        if self.is_resource_root(location) {
            return None;
        }
        let (_, id, has) = self.resource_of(location);
        has.then_some(id)
    }

    pub(in crate::validate) fn dynamic_table(&mut self) -> TokenStream {
        if self.dynamic_names.is_empty() {
            return TokenStream::new();
        }
        let mut found = Vec::new();
        for (id, anchors) in self.resources.values() {
            for (name, location) in anchors {
                if let (Some(n), Some(f)) = (self.dynamic_names.get(name), self.index.get(location))
                {
                    found.push((*id, *n, *f, location.clone()));
                }
            }
        }
        let mut arms = Vec::new();
        for (id, n, f, location) in found {
            let f = format_ident!("s{}", f);
            let file = self.file_const(location.doc);
            let pointer = &location.pointer;
            arms.push(
                quote!((#id, #n) => ::std::option::Option::Some((rt::fns!(#f), #file, #pointer)),),
            );
        }
        quote! {
            fn dynamic(resource: u32, anchor: u32) -> ::std::option::Option<rt::DynamicTarget> {
                match (resource, anchor) {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    }
}

/// The `$dynamicAnchor`s declared in the resource rooted at `location` (not in nested resources).
fn collect_dynamic_anchors(
    location: &Location,
    value: &Value,
    is_root: bool,
    out: &mut BTreeMap<String, Location>,
) {
    let Value::Object(map) = value else { return };
    if !is_root
        && map
            .get("$id")
            .and_then(Value::as_str)
            .is_some_and(|id| !id.starts_with('#'))
    {
        return;
    }
    if let Some(Value::String(anchor)) = map.get("$dynamicAnchor") {
        out.entry(anchor.clone())
            .or_insert_with(|| location.clone());
    }
    crate::load::for_each_subschema(value, |tokens, child| {
        let mut child_location = location.clone();
        for token in tokens {
            child_location = child_location.child(token);
        }
        collect_dynamic_anchors(&child_location, child, false, out);
    });
}
