//! `minProperties`, `maxProperties`, `required`, `dependentRequired`, `properties`,
//! `patternProperties`, `additionalProperties`, `propertyNames` and `dependentSchemas` (and draft
//! 7's `dependencies`, both forms).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::super::{escape_braces, string_array, Body, Gen, Sub};

use crate::error::Result;
use crate::load::{escape_token, Location};

impl Gen<'_> {
    pub(super) fn object_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let mut checks = Vec::new();
        checks.extend(self.size_bounds(location, map, "Properties", quote!(obj))?);
        let required = match map.get("required") {
            Some(required) => string_array(required)
                .ok_or_else(|| self.invalid(location, "required", "must be an array of strings"))?,
            None => Vec::new(),
        };
        // Where the property table is the runtime's, `required` goes with it (checked first,
        // as here); `dependentRequired` would otherwise come between.
        let with_table = table_checks_required(map);
        if !required.is_empty() && !with_table {
            checks.push(self.call(quote!(rt::required(obj, &[#(#required),*], path, at, cx))));
        }
        for keyword in ["dependentRequired", "dependencies"] {
            let Some(Value::Object(dependent)) = map.get(keyword) else {
                continue;
            };
            for (property, required) in dependent {
                // Draft 7's `dependencies` mixes both forms; schemas are handled below.
                if keyword == "dependencies" && !required.is_array() {
                    continue;
                }
                let names = string_array(required).ok_or_else(|| {
                    self.invalid(location, keyword, "values must be arrays of strings")
                })?;
                if names.is_empty() {
                    continue;
                }
                let suffix = format!("/{keyword}/{}", escape_token(property));
                let text = format!(
                    "property \"{{}}\" is required when \"{}\" is present",
                    escape_braces(property)
                );
                let fail = self.fail_at(
                    location,
                    &suffix,
                    keyword,
                    quote!(::std::format!(#text, name)),
                );
                checks.push(quote! {
                    if obj.contains_key(#property) {
                        for name in [#(#names),*] {
                            if !obj.contains_key(name) {
                                #fail
                            }
                        }
                    }
                });
            }
        }
        let required = if with_table { required } else { Vec::new() };
        if let Some((table, ev)) =
            self.property_loop(location, map, &required, body, &mut checks)?
        {
            if checks.is_empty()
                && !map.contains_key("propertyNames")
                && !has_dependent_schemas(map)
            {
                // The table is the only object keyword: one step, for any instance.
                self.step_with_type(
                    body,
                    "object",
                    quote!(rt::an_object(inst, &#table, path, at, cx, #ev)),
                    quote!(rt::object(inst, &#table, path, at, cx, #ev)),
                );
                return Ok(());
            }
            checks.push(self.call(quote!(rt::object(inst, &#table, path, at, cx, #ev))));
        }
        if map.contains_key("propertyNames") {
            let (f, at) = self.sub(&location.child("propertyNames"))?.call();
            let call = self.call(quote!(#f(&name, &p, #at, cx, ::std::option::Option::None)));
            // A name is no place of its own: its errors are at the object (as other validators
            // report them), their messages quote the name.
            checks.push(quote! {
                for key in obj.keys() {
                    let name: I = rt::key_value(key);
                    let p = *path;
                    #call
                }
            });
        }
        for keyword in ["dependentSchemas", "dependencies"] {
            let Some(Value::Object(dependent)) = map.get(keyword) else {
                continue;
            };
            for (property, schema) in dependent {
                if schema.is_array() {
                    continue;
                }
                let (f, at) = self.sub(&location.child(keyword).child(property))?.call();
                let call = body.in_place(|ev| quote!(#f(inst, path, #at, cx, #ev)));
                checks.push(self.call_when(Some(quote!(obj.contains_key(#property))), call));
            }
        }
        if !checks.is_empty() {
            body.checks.push(quote! {
                if let rt::Node::Object(obj) = rt::node(inst) {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }

    /// `properties`, `patternProperties` and `additionalProperties` in one pass over the object
    /// (and `required`, when the runtime's table checks them: see [`uses_table`]). The runtime's
    /// table is returned, with the evaluated-set argument for `rt::object`; the other forms are
    /// pushed on `checks`.
    fn property_loop(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        required: &[String],
        body: &mut Body,
        checks: &mut Vec<TokenStream>,
    ) -> Result<Option<(syn::Ident, TokenStream)>> {
        let none = serde_json::Map::new();
        let properties = match map.get("properties") {
            Some(Value::Object(p)) => p,
            Some(_) => return Err(self.invalid(location, "properties", "must be an object")),
            None => &none,
        };
        let patterns = match map.get("patternProperties") {
            Some(Value::Object(p)) => p,
            Some(_) => {
                return Err(self.invalid(location, "patternProperties", "must be an object"))
            }
            None => &none,
        };
        let additional = map.get("additionalProperties");
        if properties.is_empty() && patterns.is_empty() && additional.is_none() {
            return Ok(None);
        }
        if uses_table(map) {
            // The common case: a table of the properties' functions, which the runtime's
            // `object_table!` turns into a pass over the object matching each key.
            let table = self.object_table(location, map, required)?;
            return Ok(Some((table, body.ev())));
        }
        let track = additional.is_some() && !(properties.is_empty() && patterns.is_empty());
        let mark = body.mark(quote!(i));
        let known = if track {
            quote!(known = true;)
        } else {
            TokenStream::new()
        };
        // Each property picks its validator; one call site applies it (a match arm per property
        // with the call inlined was a large share of the generated code).
        let mut arms = Vec::new();
        for name in properties.keys() {
            let Sub { f, relative } = self.sub(&location.child("properties").child(name))?;
            arms.push(quote!(#name => ::std::option::Option::Some((#f, #relative)),));
        }
        let mut pattern_checks = Vec::new();
        for pattern in patterns.keys() {
            let re = self.regex(
                location,
                &format!("/patternProperties/{}", escape_token(pattern)),
                pattern,
            )?;
            let (f, at) = self
                .sub(&location.child("patternProperties").child(pattern))?
                .call();
            let call = self.call(quote!(#f(value, &p, #at, cx, ::std::option::Option::None)));
            pattern_checks.push(quote! {
                if #re.is_match(key) {
                    #known
                    #call
                    #mark
                }
            });
        }
        let additional_check = match additional {
            None => TokenStream::new(),
            Some(schema) => {
                let check = if schema == &Value::Bool(false) {
                    self.fail(
                        location,
                        "additionalProperties",
                        quote!(::std::format!("property \"{}\" is not allowed", key)),
                    )
                } else {
                    let (f, at) = self.sub(&location.child("additionalProperties"))?.call();
                    self.call(quote!(#f(value, &p, #at, cx, ::std::option::Option::None)))
                };
                if track {
                    quote! {
                        if !known {
                            #check
                            #mark
                        }
                    }
                } else {
                    quote! {
                        #check
                        #mark
                    }
                }
            }
        };
        let declare = if track {
            quote!(let mut known = false;)
        } else {
            TokenStream::new()
        };
        let matcher = if arms.is_empty() {
            TokenStream::new()
        } else if properties.len() == 1 {
            let name = properties
                .keys()
                .next()
                .map(String::as_str)
                .unwrap_or_default();
            let (f, at) = self.sub(&location.child("properties").child(name))?.call();
            let call = self.call(quote!(#f(value, &p, #at, cx, ::std::option::Option::None)));
            quote! {
                if key == #name {
                    #known
                    #call
                    #mark
                }
            }
        } else {
            let call = self.call(quote!(f(
                value,
                &p,
                &rt::At::Child(at, relative),
                cx,
                ::std::option::Option::None
            )));
            quote! {
                let property: ::std::option::Option<(rt::SchemaFn<I>, &str)> = match key {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                };
                if let ::std::option::Option::Some((f, relative)) = property {
                    #known
                    #call
                    #mark
                }
            }
        };
        checks.push(quote! {
            for (i, (key, value)) in obj.iter().enumerate() {
                let p = rt::Path::Key(path, key);
                #declare
                #matcher
                #(#pattern_checks)*
                #additional_check
                let _ = (i, value, &p);
            }
        });
        Ok(None)
    }
}

impl Gen<'_> {
    /// The runtime's table of the object schema at `location` (see [`uses_table`]), a static
    /// shared by every function that uses the same one; `required` are the names it checks.
    pub(in crate::validate) fn object_table(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        required: &[String],
    ) -> Result<syn::Ident> {
        // The typed validators ask again for the tables the value validators made.
        let key = (location.clone(), required.to_vec());
        if let Some(ident) = self.table_at.get(&key) {
            return Ok(ident.clone());
        }
        let ident = self.new_object_table(location, map, required)?;
        self.table_at.insert(key, ident.clone());
        Ok(ident)
    }

    fn new_object_table(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        required: &[String],
    ) -> Result<syn::Ident> {
        let mut table = Vec::new();
        if let Some(Value::Object(properties)) = map.get("properties") {
            for name in properties.keys() {
                let f = self.sub(&location.child("properties").child(name))?.f;
                table.push((name.as_str(), f));
            }
        }
        let entries = table.into_iter().enumerate().map(|(i, (name, f))| {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            quote!((#i, #name, #f))
        });
        let mut value = quote!(rt::object_table!([#(#entries),*], [#(#required),*]));
        match map.get("additionalProperties") {
            None => {}
            Some(Value::Bool(false)) => value = quote!(#value.forbid_others()),
            Some(_) if self.checks_nothing(&location.child("additionalProperties")) => {
                value = quote!(#value.allow_others());
            }
            Some(_) => {
                let f = self.sub(&location.child("additionalProperties"))?.f;
                value = quote!(#value.others(rt::fns!(#f)));
            }
        }
        let text = value.to_string();
        if let Some(ident) = self.tables.get(&text) {
            return Ok(ident.clone());
        }
        let ident = quote::format_ident!("O{}", self.tables.len());
        let place = self.place(location, "");
        self.statics
            .push((place, quote!(static #ident: rt::Object = #value;)));
        self.tables.insert(text, ident.clone());
        Ok(ident)
    }
}

/// Whether the runtime's table checks `required` too (else `rt::required` does, before
/// `dependentRequired`).
pub(in crate::validate) fn table_checks_required(map: &serde_json::Map<String, Value>) -> bool {
    !map.contains_key("dependentRequired") && !map.contains_key("dependencies") && uses_table(map)
}

/// Whether `map` has `dependentSchemas`, or draft 7's `dependencies` with a schema.
fn has_dependent_schemas(map: &serde_json::Map<String, Value>) -> bool {
    map.contains_key("dependentSchemas")
        || map
            .get("dependencies")
            .and_then(Value::as_object)
            .is_some_and(|d| d.values().any(|v| !v.is_array()))
}

/// Whether the object keywords of `map` are the runtime's `rt::object`: `properties` or
/// `additionalProperties` without `patternProperties`.
fn uses_table(map: &serde_json::Map<String, Value>) -> bool {
    let patterns = map
        .get("patternProperties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    let properties = map
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    !patterns && (properties || map.contains_key("additionalProperties"))
}
