//! Typed validators: `validate(&self)` for a generated struct reads its fields instead of first
//! turning the whole value into a `serde_json::Value`.
//!
//! A struct gets one (`tN`) when its schema only uses keywords its fields answer (`type`,
//! `properties`, `required`, `additionalProperties`, annotations). Each field is then checked
//! by the cheapest means that gives the same verdict as the JSON form would:
//! - nothing, when the field's Rust type already guarantees what its schema asks (a `String`
//!   for `{"type": "string"}`);
//! - the typed validator of the field's own struct, when its schema is that struct's schema;
//! - otherwise the schema's value validator on the field's JSON form (`rt::check_as`).
//!
//! The verdict and errors are those of the value validator on `serde_json::to_value(self)`
//! (required properties are reported first, then fields in property-name order).

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{string_array, Gen, Leaf, ANNOTATIONS};
use crate::error::Result;
use crate::load::Location;
use crate::types::{FieldModel, RustType, StructModel};

/// A target's generated struct, for validating it field by field.
#[derive(Clone, Debug)]
pub struct TypedStruct {
    pub module: String,
    pub name: String,
    pub model: StructModel,
}

/// A target that gets a typed validator `t{k}`.
pub(super) struct TypedTarget<'t> {
    pub k: usize,
    pub location: &'t Location,
    pub rust_type: &'t TokenStream,
    pub typed: &'t TypedStruct,
}

/// The targets that have a typed validator (their `k`), by their struct's module, name and
/// schema location.
pub(super) type TypedIndex<'t> = HashMap<(&'t str, &'t str, &'t Location), usize>;

/// Object keywords a struct's fields answer; anything else sends the struct to its JSON form.
const STRUCT_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "$id",
    "$schema",
    "$defs",
    "definitions",
    "$anchor",
];

/// What a field's Rust type is, as far as its JSON form goes.
enum Kind<'t> {
    String,
    Bool,
    Integer,
    Array,
    Object,
    Option(&'t RustType),
    /// A generated type: its path (`module::Name`).
    Named(&'t str),
    /// Anything else (`f64` may serialize as `null`, `Value` is anything, ...).
    Other,
}

impl<'a> Gen<'a> {
    /// Whether the struct of `target` at `location` can be validated field by field.
    pub(super) fn is_typed(&mut self, location: &Location, typed: &TypedStruct) -> bool {
        let Some(Value::Object(map)) = self.set.get(location) else {
            return false;
        };
        let keywords_ok = map
            .keys()
            .all(|k| STRUCT_KEYWORDS.contains(&k.as_str()) || ANNOTATIONS.contains(&k.as_str()));
        let type_ok = match map.get("type") {
            None => true,
            Some(Value::String(t)) => t == "object",
            Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
            Some(_) => false,
        };
        let properties = map.get("properties").and_then(Value::as_object);
        // Fields and properties match one to one (plus the map of the others): a property
        // without a field would land in that map, unchecked by its schema.
        let fields_ok = typed.model.fields.iter().all(|f| match &f.wire {
            None => true,
            Some(wire) => properties.is_some_and(|p| p.contains_key(wire)),
        }) && properties.is_none_or(|p| {
            let wires: HashSet<&str> = typed
                .model
                .fields
                .iter()
                .filter_map(|f| f.wire.as_deref())
                .collect();
            p.keys().all(|k| wires.contains(k.as_str()))
        });
        // The map of the others must have `String` keys (a key type of its own may not), and
        // must exist where `additionalProperties` has a schema for them.
        let extras: Vec<&FieldModel> = typed
            .model
            .fields
            .iter()
            .filter(|f| f.wire.is_none())
            .collect();
        let extra_ok = extras.iter().all(|f| matches!(f.ty, RustType::Map(_)))
            && (!extras.is_empty()
                || !map
                    .get("additionalProperties")
                    .is_some_and(Value::is_object));
        // `$dynamicRef`s resolve through the scope; those resources keep the JSON path.
        let (_, _, dynamic) = self.resource_of(location);
        keywords_ok && type_ok && fields_ok && extra_ok && !dynamic
    }

    /// The typed validator of `target`; `all` are the targets that have one.
    pub(super) fn typed_fn(
        &mut self,
        target: &TypedTarget,
        all: &TypedIndex,
    ) -> Result<TokenStream> {
        let TypedTarget {
            k,
            location,
            rust_type,
            typed,
        } = *target;
        let name = format_ident!("t{}", k);
        let map = match self.set.get(location) {
            Some(Value::Object(map)) => map.clone(),
            _ => serde_json::Map::new(),
        };
        let file = self.file_const(location.doc);
        let whole = self.fn_ident(location)?;
        let enter = self.loc(location, "");
        let mut checks = Vec::new();

        let extra = typed.model.fields.iter().find(|f| f.wire.is_none());
        let named: Vec<&String> = typed
            .model
            .fields
            .iter()
            .filter_map(|f| f.wire.as_ref())
            .collect();
        let mut early = TokenStream::new();
        if let Some(extra) = extra {
            // An unknown-properties entry named like a field replaces it in the JSON form.
            let ident = format_ident!("{}", extra.ident);
            if !named.is_empty() {
                early = quote! {
                    if v.#ident.keys().any(|k| matches!(k.as_str(), #(#named)|*)) {
                        return rt::check_as(v, #whole, path, cx, #file);
                    }
                };
            }
        }

        let required = map
            .get("required")
            .and_then(string_array)
            .unwrap_or_default();
        for wire in &required {
            let field = typed
                .model
                .fields
                .iter()
                .find(|f| f.wire.as_ref() == Some(wire));
            let missing = match (field, extra) {
                (Some(f), _) if f.optional => {
                    let ident = format_ident!("{}", f.ident);
                    quote!(v.#ident.is_none())
                }
                // Always serialized.
                (Some(_), _) => continue,
                (None, Some(extra)) => {
                    let ident = format_ident!("{}", extra.ident);
                    quote!(!v.#ident.contains_key(#wire))
                }
                (None, None) => quote!(true),
            };
            let fail = self.fail(
                location,
                "required",
                quote!(::std::format!("missing required property \"{}\"", name)),
            );
            checks.push(quote! {
                if #missing {
                    let name = #wire;
                    #fail
                }
            });
        }

        let mut fields: Vec<(&String, &FieldModel)> = typed
            .model
            .fields
            .iter()
            .filter_map(|f| Some((f.wire.as_ref()?, f)))
            .collect();
        fields.sort_by(|a, b| a.0.cmp(b.0));
        for (wire, field) in fields {
            let property = location.child("properties").child(wire);
            let ident = format_ident!("{}", field.ident);
            // `None` of a skipped `Option` is an absent property: nothing to check.
            let (optional, expr, ty) = match (field.optional, kind(&field.ty)) {
                (true, Kind::Option(inner)) => (true, quote!(x), inner),
                _ => (false, quote!(&v.#ident), &field.ty),
            };
            let check = self.typed_check(&expr, ty, &property, all)?;
            if check.is_empty() {
                continue;
            }
            let check = quote! {
                let p = rt::Path::Key(path, #wire);
                #check
            };
            checks.push(if optional {
                quote!(if let ::std::option::Option::Some(x) = &v.#ident { #check })
            } else {
                quote!({ #check })
            });
        }

        if let (Some(extra), Some(additional)) = (extra, map.get("additionalProperties")) {
            if additional != &Value::Bool(true) {
                let f = self.fn_ident(&location.child("additionalProperties"))?;
                let ident = format_ident!("{}", extra.ident);
                let call = match &extra.ty {
                    RustType::Map(value) if **value == RustType::Json => {
                        self.call(quote!(#f(value, &p, cx, ::std::option::Option::None)))
                    }
                    _ => self.call(quote!(rt::check_as(value, #f, &p, cx, #file))),
                };
                checks.push(quote! {
                    for (key, value) in &v.#ident {
                        let p = rt::Path::Key(path, key);
                        #call
                    }
                });
            }
        }

        let doc = format!(" `{}::{}`, field by field", typed.module, typed.name);
        if checks.is_empty() {
            return Ok(quote! {
                #[doc = #doc]
                pub(super) fn #name(v: &super::#rust_type, path: &rt::Path<'_>, cx: &mut rt::Cx) -> bool {
                    #early
                    let _ = v;
                    // Only the depth limit, as the value validator has it.
                    let valid = cx.enter(path, #enter);
                    if valid {
                        cx.leave();
                    }
                    valid
                }
            });
        }
        Ok(quote! {
            #[doc = #doc]
            pub(super) fn #name(v: &super::#rust_type, path: &rt::Path<'_>, cx: &mut rt::Cx) -> bool {
                #early
                if !cx.enter(path, #enter) {
                    return false;
                }
                let valid = 'body: {
                    let mut valid = true;
                    #(#checks)*
                    valid
                };
                cx.leave();
                valid
            }
        })
    }

    /// Checks `expr` (a `&T` for the Rust type `ty`) against the schema at `property`: nothing
    /// when `ty` guarantees it, a typed call, or the value validator on its JSON form.
    fn typed_check(
        &mut self,
        expr: &TokenStream,
        ty: &RustType,
        property: &Location,
        all: &TypedIndex,
    ) -> Result<TokenStream> {
        if let RustType::Box(inner) = ty {
            return self.typed_check(
                &quote!(::std::ops::Deref::deref(#expr)),
                inner,
                property,
                all,
            );
        }
        let file = self.file_const(property.doc);
        let f = self.fn_ident(property)?;
        let kind = kind(ty);
        if self.guarantees(&kind, property) {
            return Ok(TokenStream::new());
        }
        match kind {
            Kind::Option(inner) => {
                let some = self.typed_check(&quote!(y), inner, property, all)?;
                let null =
                    quote!(#f(&::serde_json::Value::Null, &p, cx, ::std::option::Option::None));
                if some.is_empty() {
                    return Ok(
                        self.call_when(Some(quote!(::std::option::Option::is_none(#expr))), null)
                    );
                }
                let none = self.call(null);
                Ok(quote! {
                    match #expr {
                        ::std::option::Option::None => { #none }
                        ::std::option::Option::Some(y) => { #some }
                    }
                })
            }
            Kind::Named(path) => {
                let target = self.effective(property);
                let found = path
                    .split_once("::")
                    .zip(target.as_ref())
                    .and_then(|((module, name), location)| all.get(&(module, name, location)));
                if let Some(k) = found {
                    let t = format_ident!("t{}", k);
                    return Ok(self.call(quote!(#t(#expr, &p, cx))));
                }
                Ok(self.call(quote!(rt::check_as(#expr, #f, &p, cx, #file))))
            }
            _ => Ok(self.call(quote!(rt::check_as(#expr, #f, &p, cx, #file)))),
        }
    }

    /// Whether every value of a Rust type of `kind` passes the schema at `location`: it checks
    /// nothing, or only a `type` that `kind` always has.
    fn guarantees(&self, kind: &Kind, location: &Location) -> bool {
        let accepted: &[&str] = match kind {
            Kind::String => &["string"],
            Kind::Bool => &["boolean"],
            Kind::Integer => &["integer", "number"],
            Kind::Array => &["array"],
            Kind::Object => &["object"],
            _ => &[],
        };
        match self.leaf(location) {
            Some(Leaf::Any) => true,
            Some(Leaf::Type { names, .. }) => names.iter().any(|n| accepted.contains(&n.as_str())),
            None => false,
        }
    }

    /// The schema `location` stands for: the target of a `$ref` with only annotations beside
    /// it, else itself.
    fn effective(&self, location: &Location) -> Option<Location> {
        let Some(Value::Object(map)) = self.set.get(location) else {
            return Some(location.clone());
        };
        let Some(Value::String(reference)) = map.get("$ref") else {
            return Some(location.clone());
        };
        let only_annotations = map
            .keys()
            .all(|k| k == "$ref" || ANNOTATIONS.contains(&k.as_str()));
        if !only_annotations {
            return None;
        }
        self.set.resolve(location, reference).ok()
    }
}

/// The [`Kind`] of a field's type.
fn kind(ty: &RustType) -> Kind<'_> {
    match ty {
        RustType::String => Kind::String,
        RustType::Bool => Kind::Bool,
        RustType::Integer => Kind::Integer,
        RustType::Vec(_) => Kind::Array,
        RustType::Map(_) => Kind::Object,
        RustType::Option(inner) => Kind::Option(inner),
        RustType::Named(path) => Kind::Named(path),
        RustType::Float | RustType::Json | RustType::Box(_) | RustType::Other => Kind::Other,
    }
}
