//! Typed validators: `validate(&self)` for a generated struct reads its fields instead of first
//! turning the whole value into a `serde_json::Value`.
//!
//! A struct gets one (`tN`) when its schema only uses keywords its fields answer (`type`,
//! `properties`, `required`, `additionalProperties`, annotations). Each field is then checked
//! by the cheapest means that gives the same verdict as the JSON form would:
//! - nothing, when the field's Rust type already guarantees what its schema asks (a `String`
//!   for `{"type": "string"}`);
//! - the typed validator of the field's own struct, when its schema is that struct's schema;
//! - for a string or number whose schema asks only what such a value can fail (lengths,
//!   `pattern`, bounds, `format`), those checks on the value itself, in one function `c{n}` per
//!   distinct check that every field asking the same calls;
//! - otherwise the schema's value validator on the field's JSON form (`rt::check_as`).
//!
//! The verdict and errors are those of the value validator on `serde_json::to_value(self)`
//! (required properties are reported first, then fields in property-name order), but for one
//! case that JSON cannot show: an entry of the map of other properties (`extra`) named like a
//! field is an error of its own (`$extra`), since the value's JSON would hold the name twice or
//! read back into the field. Checking it through the JSON form instead would compile a
//! serializer of the whole struct into the generated crate for a value decoding never makes.

use std::collections::{BTreeSet, HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use codegen_runtime::formats::Applies;

use super::keywords::table_checks_required;
use super::{chain, root_at, string_array, type_path, Gen, ANNOTATIONS};
use crate::error::Result;
use crate::load::{escape_token, Location, APPLICATOR, UNEVALUATED, VALIDATION};
pub use crate::types::Shape;
use crate::types::{FieldModel, RustType, StructModel};

/// A target's generated type, for validating it as it is rather than through JSON.
#[derive(Clone, Debug)]
pub struct TypedType {
    pub module: String,
    pub name: String,
    pub shape: Shape,
}

/// A target that gets a typed validator `t{k}`.
pub(super) struct TypedTarget<'t> {
    pub k: usize,
    pub location: &'t Location,
    pub rust_type: &'t TokenStream,
    pub typed: &'t TypedType,
}

/// The targets that have a typed validator (their `k`), by their struct's module, name and
/// schema location.
pub(super) type TypedIndex<'t> = HashMap<(&'t str, &'t str, &'t Location), usize>;

/// The targets (their `k`) whose JSON, once decoded into their type, reads back the same as far
/// as their typed validator goes, given no `null` (an optional property's `null` reads as
/// absent): strings, booleans, numbers, `Value`s, and collections, options, structs and string
/// enums of those. A type of typify's own (a union, a date) may drop or reshape what it does not
/// hold.
pub(super) fn lossless(targets: &[TypedTarget]) -> HashSet<usize> {
    fn holds(ty: &RustType, by_path: &HashMap<String, usize>, kept: &HashSet<usize>) -> bool {
        match ty {
            RustType::String
            | RustType::Bool
            | RustType::Integer(_)
            | RustType::Number
            | RustType::Json => true,
            RustType::Vec(inner)
            | RustType::Map(inner)
            | RustType::Option(inner)
            | RustType::Box(inner) => holds(inner, by_path, kept),
            RustType::Named(path) => by_path.get(path).is_some_and(|k| kept.contains(k)),
            RustType::Other => false,
        }
    }
    let by_path: HashMap<String, usize> = targets
        .iter()
        .map(|t| (format!("{}::{}", t.typed.module, t.typed.name), t.k))
        .collect();
    // Assume all, then drop those that hold a type not kept, until none is dropped (types that
    // hold each other stay).
    let mut kept: HashSet<usize> = targets.iter().map(|t| t.k).collect();
    loop {
        let dropped: Vec<usize> = targets
            .iter()
            .filter(|t| kept.contains(&t.k))
            .filter(|t| match &t.typed.shape {
                Shape::Struct(model) => !model.fields.iter().all(|f| holds(&f.ty, &by_path, &kept)),
                Shape::StringEnum { .. } => false,
                Shape::Newtype(inner) => !holds(inner, &by_path, &kept),
            })
            .map(|t| t.k)
            .collect();
        if dropped.is_empty() {
            return kept;
        }
        for k in dropped {
            kept.remove(&k);
        }
    }
}

/// Keywords a string enum's variant answers; anything else sends it to its JSON form.
const ENUM_KEYWORDS: &[&str] = &["type", "enum", "const"];

/// Object keywords a struct's fields answer; anything else sends the struct to its JSON form.
const STRUCT_KEYWORDS: &[&str] = &["type", "properties", "required", "additionalProperties"];

/// Keywords checked on a `String` field itself.
const STRING_KEYWORDS: &[&str] = &["type", "minLength", "maxLength", "pattern", "format"];

/// Keywords checked on an integer or float field itself (as a `serde_json::Number`).
const NUMBER_KEYWORDS: &[&str] = &[
    "type",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "format",
];

/// Keywords beside 2020-12's applicator, unevaluated and validation vocabularies that can fail
/// an instance or apply a subschema (older drafts' among them, which validators also read).
const ASSERTING: &[&str] = &[
    "format",
    "dependencies",
    "additionalItems",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    // They change what a `$dynamicRef` / `$recursiveRef` below resolves to.
    "$dynamicAnchor",
    "$recursiveAnchor",
];

/// Whether `keyword` with this value asks nothing of an instance: an annotation or unknown
/// keyword (`example`, `x-...`), an empty `properties` or `required`. The generator's own
/// keywords (`__...`) are kept.
fn asks_nothing(keyword: &str, value: &Value) -> bool {
    match keyword {
        "properties" | "patternProperties" => value.as_object().is_some_and(|m| m.is_empty()),
        "required" => value.as_array().is_some_and(|a| a.is_empty()),
        _ => {
            let asserting = [APPLICATOR, UNEVALUATED, VALIDATION, ASSERTING];
            !asserting.iter().any(|list| list.contains(&keyword)) && !keyword.starts_with("__")
        }
    }
}

/// A check that is one typed validator's call (`t{k}`).
enum Call {
    /// On the value.
    Typed(usize),
    /// On each item of a `Vec`.
    Items(usize),
}

/// What the schema of a string or number field asks of it, where its own checks answer it.
enum Scalar {
    /// Nothing its Rust type does not guarantee.
    Nothing,
    /// The checks of the shared function `f`; `target`: the `rt::At` of the `$ref` target they
    /// are of, if not of the schema asked about.
    Check {
        f: syn::Ident,
        target: Option<TokenStream>,
    },
}

/// What a field's Rust type is, as far as its JSON form goes.
enum Kind<'t> {
    String,
    Bool,
    /// A Rust integer type, named (`i32`).
    Integer(&'t str),
    /// `serde_json::Number`.
    Number,
    /// A `Vec` of this.
    Array(&'t RustType),
    Map(&'t RustType),
    Option(&'t RustType),
    /// A generated type: its path (`module::Name`).
    Named(&'t str),
    /// Anything else (`Value` is anything, ...).
    Other,
}

impl<'a> Gen<'a> {
    /// Whether the type of `target` at `location` can be validated as it is.
    pub(super) fn is_typed(&mut self, location: &Location, typed: &TypedType) -> bool {
        // `$dynamicRef`s resolve through the scope; those resources keep the JSON path.
        if self.resource_of(location).2 {
            return false;
        }
        let model = match &typed.shape {
            Shape::Struct(model) => model,
            // Its field is checked against the schema, typed where it can be.
            Shape::Newtype(_) => return true,
            Shape::StringEnum { values, .. } => {
                // Known values pass exactly when the schema asks for nothing but them.
                let Some(map) = self.only(location, ENUM_KEYWORDS) else {
                    return false;
                };
                let schema: Option<BTreeSet<String>> = match (map.get("enum"), map.get("const")) {
                    (Some(values), None) => string_array(values).map(BTreeSet::from_iter),
                    (None, Some(Value::String(value))) => Some(BTreeSet::from([value.clone()])),
                    _ => None,
                };
                let known: BTreeSet<String> = values.iter().cloned().collect();
                return has_type(map, "string") && schema == Some(known);
            }
        };
        let Some(map) = self.only(location, STRUCT_KEYWORDS) else {
            return false;
        };
        let type_ok = has_type(map, "object");
        let properties = map.get("properties").and_then(Value::as_object);
        // Fields and properties match one to one (plus the map of the others): a property
        // without a field would land in that map, unchecked by its schema.
        let fields_ok = model.fields.iter().all(|f| match &f.wire {
            None => true,
            Some(wire) => properties.is_some_and(|p| p.contains_key(wire)),
        }) && properties.is_none_or(|p| {
            let wires: HashSet<&str> = model
                .fields
                .iter()
                .filter_map(|f| f.wire.as_deref())
                .collect();
            p.keys().all(|k| wires.contains(k.as_str()))
        });
        // The map of the others must have `String` keys (a key type of its own may not), and
        // must exist where `additionalProperties` has a schema for them.
        let extras: Vec<&FieldModel> = model.fields.iter().filter(|f| f.wire.is_none()).collect();
        let extra_ok = extras.iter().all(|f| matches!(f.ty, RustType::Map(_)))
            && (!extras.is_empty()
                || !map
                    .get("additionalProperties")
                    .is_some_and(Value::is_object));
        type_ok && fields_ok && extra_ok
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
        let none = serde_json::Map::new();
        let set = self.set;
        let map = match set.get(location) {
            Some(Value::Object(map)) => map,
            _ => &none,
        };
        let file = self.file_const(location.doc);
        let root = root_at(&file, &self.set.written_pointer(location));
        let whole = self.fn_ident(location)?;
        self.current = location.clone();
        // The function, around the statements of its body; its signature names the type.
        let rust_type = type_path(rust_type);
        let function = |body: TokenStream| {
            quote! {
                fn #name(v: &#rust_type, path: &Path, cx: &mut Cx) -> bool {
                    #body
                }
            }
        };
        // Nothing to check: valid, as the value validator finds every value of the type.
        let nothing = quote! {
            fn #name(_: &#rust_type, _: &Path, _: &mut Cx) -> bool {
                true
            }
        };
        let model = match &typed.shape {
            Shape::Struct(model) => Some(model),
            Shape::Newtype(_) => None,
            // Known values pass; an unknown one gets the value validator's errors.
            Shape::StringEnum { open: true, .. } => {
                return Ok(function(quote! {
                    let at = #root;
                    rt::typed_enum(v.is_known(), v.as_str(), #whole, path, at, cx)
                }));
            }
            Shape::StringEnum { open: false, .. } => return Ok(nothing),
        };
        let (checks, steps) = match model {
            Some(model) => self.field_checks(location, model, map, all)?,
            None => {
                let Shape::Newtype(inner) = &typed.shape else {
                    unreachable!("structs and string enums are handled above")
                };
                if let Some(Scalar::Check { f, target }) = self.scalar(&kind(inner), location)? {
                    // The newtype's own schema, or the target of its `$ref`.
                    let at = target.unwrap_or(root);
                    return Ok(function(quote!(#f(&v.0, path, #at, cx))));
                }
                let check = self.typed_check(&quote!(&v.0), inner, location, all)?;
                let checks = if check.is_empty() {
                    Vec::new()
                } else {
                    vec![quote! {
                        let p = *path;
                        #check
                    }]
                };
                (checks, Vec::new())
            }
        };
        if checks.is_empty() {
            return Ok(nothing);
        }
        if let (true, Some((first, rest))) = (steps.len() == checks.len(), steps.split_first()) {
            // Every check one `bool` expression: chained, as the value validators do.
            let body = chain(first, rest);
            return Ok(function(quote! {
                let at = #root;
                #body
            }));
        }
        Ok(function(quote! {
                let at = #root;
                if !cx.enter(path, at) {
                    return false;
                }
                let valid = 'body: {
                    let mut valid = true;
                    #(#checks)*
                    valid
                };
                cx.leave();
                valid
        }))
    }

    /// The checks of a struct's fields (`v.field`), after the one that its map of other
    /// properties names none of them; and the `bool` expressions of those that are one (all of
    /// them, when there are as many).
    fn field_checks(
        &mut self,
        location: &Location,
        model: &StructModel,
        map: &serde_json::Map<String, Value>,
        all: &TypedIndex,
    ) -> Result<(Vec<TokenStream>, Vec<TokenStream>)> {
        let extra = model.fields.iter().find(|f| f.wire.is_none());
        let named: Vec<&String> = model
            .fields
            .iter()
            .filter_map(|f| f.wire.as_ref())
            .collect();
        let mut checks = Vec::new();
        let mut steps = Vec::new();
        let required = map
            .get("required")
            .and_then(string_array)
            .unwrap_or_default();
        if let (Some(extra), false) = (extra, named.is_empty()) {
            // An entry of the other properties named like a field is an error of the value,
            // not of its JSON (written twice, or read back into the field). `is_typed` matched
            // the fields with the properties one to one, so the value validator's property
            // table (the same static) names exactly the fields.
            let ident = format_ident!("{}", extra.ident);
            let checked = if table_checks_required(map) {
                &required[..]
            } else {
                &[]
            };
            let table = self.object_table(location, map, checked)?;
            let step = quote!(rt::extra_keys(v.#ident.keys(), &#table, path, at, cx));
            checks.push(self.call(step.clone()));
            steps.push(step);
        }

        for wire in &required {
            let field = model.fields.iter().find(|f| f.wire.as_ref() == Some(wire));
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

        let mut fields: Vec<(&String, &FieldModel)> = model
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
            // A string or number checked by its shared function against the property's own
            // schema (the runtime names its place from the key): a `bool` expression. Checks of
            // a `$ref` target's schema are called with its place, by `typed_check`.
            match self.scalar(&kind(ty), &property)? {
                Some(Scalar::Nothing) => continue,
                Some(Scalar::Check { f, target: None })
                    if self.relative(&property)
                        == format!("/properties/{}", escape_token(wire)) =>
                {
                    let step = if optional {
                        quote!(rt::scalar_option(&v.#ident, path, at, #wire, cx, #f))
                    } else {
                        quote!(rt::scalar_property(&v.#ident, path, at, #wire, cx, #f))
                    };
                    checks.push(self.call(step.clone()));
                    steps.push(step);
                    continue;
                }
                _ => {}
            }
            let check = self.typed_check(&expr, ty, &property, all)?;
            if check.is_empty() {
                continue;
            }
            // One typed validator's call: a `bool` expression (the same checks).
            let step = match (self.typed_call(ty, &property, all), optional) {
                (Some(Call::Typed(k)), false) => {
                    let t = format_ident!("t{}", k);
                    Some(quote!(#t(&v.#ident, &rt::Path::Key(path, #wire), cx)))
                }
                (Some(Call::Typed(k)), true) => {
                    let t = format_ident!("t{}", k);
                    Some(quote!(rt::typed_field(&v.#ident, path, #wire, cx, #t)))
                }
                (Some(Call::Items(k)), false) => {
                    let t = format_ident!("t{}", k);
                    Some(quote!(rt::typed_items(&v.#ident, path, #wire, cx, #t)))
                }
                _ => None,
            };
            if let Some(step) = step {
                checks.push(self.call(step.clone()));
                steps.push(step);
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

        if let (Some(extra), Some(Value::Bool(false))) = (extra, map.get("additionalProperties")) {
            // The map holds what decoding kept of the properties the schema forbids.
            let ident = format_ident!("{}", extra.ident);
            let step = quote!(rt::no_other_properties(v.#ident.keys(), path, at, cx));
            checks.push(self.call(step.clone()));
            steps.push(step);
        } else if let (Some(extra), Some(additional)) = (extra, map.get("additionalProperties")) {
            if additional != &Value::Bool(true) {
                let (f, at) = self.sub(&location.child("additionalProperties"))?.call();
                let ident = format_ident!("{}", extra.ident);
                let call = match &extra.ty {
                    RustType::Map(value) if **value == RustType::Json => {
                        self.call(quote!(#f(value, &p, #at, cx, ::std::option::Option::None)))
                    }
                    _ => self.call(quote!(rt::check_as(value, #f, &p, #at, cx))),
                };
                checks.push(quote! {
                    for (key, value) in &v.#ident {
                        let p = rt::Path::Key(path, key);
                        #call
                    }
                });
            }
        }

        Ok((checks, steps))
    }

    /// What [`Gen::typed_check`] makes of a `ty` value at `property` when that is one typed
    /// validator's call, on the value or on each item of a `Vec`.
    fn typed_call(&self, ty: &RustType, property: &Location, all: &TypedIndex) -> Option<Call> {
        if matches!(ty, RustType::Box(_)) {
            return None;
        }
        let kind = kind(ty);
        if self.guarantees(&kind, property) {
            return None;
        }
        if let Some(elements) = self.elements(&kind, property) {
            return match kind {
                Kind::Array(item) => match self.typed_call(item, &elements, all)? {
                    Call::Typed(k) => Some(Call::Items(k)),
                    Call::Items(_) => None,
                },
                _ => None,
            };
        }
        match kind {
            Kind::Named(path) => self.typed_index(path, property, all).map(Call::Typed),
            _ => None,
        }
    }

    /// The typed validator of the generated type `path` for the schema at `property`.
    fn typed_index(&self, path: &str, property: &Location, all: &TypedIndex) -> Option<usize> {
        let target = self.effective(property)?;
        let (module, name) = path.split_once("::")?;
        all.get(&(module, name, &target)).copied()
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
        let kind = kind(ty);
        if self.guarantees(&kind, property) {
            return Ok(TokenStream::new());
        }
        if let Some(elements) = self.elements(&kind, property) {
            let each = match kind {
                Kind::Array(item) => {
                    let check = self.typed_check(&quote!(item), item, &elements, all)?;
                    (!check.is_empty()).then(|| {
                        quote! {
                            for (i, item) in <[_]>::iter(#expr).enumerate() {
                                let p = rt::Path::Index(&p, i);
                                #check
                            }
                        }
                    })
                }
                Kind::Map(value) => {
                    let check = self.typed_check(&quote!(value), value, &elements, all)?;
                    (!check.is_empty()).then(|| {
                        quote! {
                            for (key, value) in #expr {
                                let p = rt::Path::Key(&p, key);
                                #check
                            }
                        }
                    })
                }
                _ => None,
            };
            return Ok(each.unwrap_or_default());
        }
        match self.scalar(&kind, property)? {
            Some(Scalar::Nothing) => return Ok(TokenStream::new()),
            Some(Scalar::Check { f, target }) => {
                let at = self.scalar_at(target, property);
                return Ok(self.call(quote!(#f(#expr, &p, #at, cx))));
            }
            None => {}
        }
        let (f, at) = self.sub(property)?.call();
        match kind {
            Kind::Option(inner) => {
                let some = self.typed_check(&quote!(y), inner, property, all)?;
                let null = quote!(#f(&::serde_json::Value::Null, &p, #at, cx, ::std::option::Option::None));
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
                if let Some(k) = self.typed_index(path, property, all) {
                    let t = format_ident!("t{}", k);
                    return Ok(self.call(quote!(#t(#expr, &p, cx))));
                }
                Ok(self.call(quote!(rt::check_as(#expr, #f, &p, #at, cx))))
            }
            _ => Ok(self.call(quote!(rt::check_as(#expr, #f, &p, #at, cx)))),
        }
    }

    /// Whether every value of a Rust type of `kind` passes the schema at `location`: it checks
    /// nothing, or only a `type` that `kind` always has (and, for an integer, a `format` its
    /// width keeps to).
    fn guarantees(&self, kind: &Kind, location: &Location) -> bool {
        if self.set.get(location) == Some(&Value::Bool(true)) {
            return true;
        }
        let (keywords, names): (&[&str], &[&str]) = match kind {
            Kind::Integer(_) => (&["type", "format"], &["integer", "number"]),
            Kind::String => (&["type"], &["string"]),
            Kind::Bool => (&["type"], &["boolean"]),
            Kind::Number => (&["type"], &["number"]),
            Kind::Array(_) => (&["type"], &["array"]),
            Kind::Map(_) => (&["type"], &["object"]),
            _ => (&["type"], &[]),
        };
        let Some(map) = self.only(location, keywords) else {
            return false;
        };
        if let Kind::Integer(rust) = kind {
            if !self.format_fits(rust, map, location) {
                return false;
            }
        }
        !map.contains_key("type") || names.iter().any(|name| has_type(map, name))
    }

    /// Whether the Rust integer type `rust` keeps to the schema's `format` (or none is asserted).
    fn format_fits(
        &self,
        rust: &str,
        map: &serde_json::Map<String, Value>,
        location: &Location,
    ) -> bool {
        let format = map.get("format").filter(|_| self.asserts_format(location));
        match format.map(Value::as_str) {
            None => true,
            Some(Some("int32")) => INT32.contains(&rust),
            Some(Some("int64")) => INT32.contains(&rust) || INT64.contains(&rust),
            Some(_) => false,
        }
    }

    /// The checks of the schema at `property` (or at the target of its `$ref`) on a string,
    /// integer or float field itself, when the schema asks only what such a value can fail:
    /// lengths, `pattern`, bounds, `multipleOf`, `format`. The code is the value validator's, on
    /// the field's `&str` or on its number, in a function of its own that every field whose
    /// schema asks the same calls (see [`Gen::scalar_fn`]); `Nothing` where the Rust type
    /// already satisfies the schema.
    fn scalar(&mut self, kind: &Kind, property: &Location) -> Result<Option<Scalar>> {
        let (keywords, names): (&[&str], &[&str]) = match kind {
            Kind::String => (STRING_KEYWORDS, &["string"]),
            // `serde_json::Number` holds 64 bits.
            Kind::Integer(rust) if !rust.ends_with("128") => {
                (NUMBER_KEYWORDS, &["integer", "number"])
            }
            Kind::Number => (NUMBER_KEYWORDS, &["number"]),
            _ => return Ok(None),
        };
        let Some(schema) = self.effective(property) else {
            return Ok(None);
        };
        let map = match self.only(&schema, keywords) {
            Some(map) if names.iter().any(|name| has_type(map, name)) => map,
            _ => return Ok(None),
        };
        if self.resource_of(&schema).2 {
            return Ok(None);
        }
        // Where errors point: the property's schema, or the `$ref` target's own location.
        let target = (&schema != property).then(|| self.absolute_at(&schema));
        let saved = std::mem::replace(&mut self.current, schema.clone());
        let checks = self.scalar_checks(kind, map, &schema);
        self.current = saved;
        let checks = checks?;
        if checks.is_empty() {
            return Ok(Some(Scalar::Nothing));
        }
        let f = self.scalar_fn(kind, &checks, &schema);
        Ok(Some(Scalar::Check { f, target }))
    }

    /// The `rt::At` of a scalar check of the schema at `property`: `target` when that is
    /// elsewhere, else `property` below the current schema (`at` itself for a newtype's own).
    fn scalar_at(&self, target: Option<TokenStream>, property: &Location) -> TokenStream {
        match target {
            Some(at) => at,
            None if property == &self.current => quote!(at),
            None => {
                let relative = self.relative(property);
                quote!(&rt::At::Child(at, #relative))
            }
        }
    }

    /// The function `c{n}` running `checks` on a value of `kind` (a string as `s`, a number as
    /// `n`), made on first use; `schema` is where they were first made for, its doc.
    fn scalar_fn(&mut self, kind: &Kind, checks: &[TokenStream], schema: &Location) -> syn::Ident {
        let (value, number) = match kind {
            Kind::String => (quote!(s: &str), None),
            Kind::Integer(rust) => {
                let rust = format_ident!("{}", rust);
                (quote!(x: &#rust), Some(quote!(let n = &rt::number(x);)))
            }
            _ => (quote!(n: &::serde_json::Number), None),
        };
        let rest = quote! {
            (#value, path: &Path, at: &At, cx: &mut Cx) -> bool {
                #number
                'body: {
                    let mut valid = true;
                    #(#checks)*
                    valid
                }
            }
        };
        let next = self.scalar_fns.len();
        let n = *self.scalar_index.entry(rest.to_string()).or_insert(next);
        let name = format_ident!("c{}", n);
        if n == next {
            let doc = format!(
                " {}#{}",
                self.set.document(schema.doc).display_name().escape_debug(),
                self.set.written_pointer(schema).escape_debug()
            );
            let place = self.place(schema, "");
            self.scalar_fns
                .push((place, quote!(#[doc = #doc] fn #name #rest)));
        }
        name
    }

    /// The keyword checks of `scalar`, in the value validator's order (`format` last).
    fn scalar_checks(
        &mut self,
        kind: &Kind,
        map: &serde_json::Map<String, Value>,
        schema: &Location,
    ) -> Result<Vec<TokenStream>> {
        let mut checks = match kind {
            Kind::String => self.string_checks(schema, map)?,
            _ => self.number_checks(schema, map)?,
        };
        let fits = match kind {
            Kind::Integer(rust) => self.format_fits(rust, map, schema),
            _ => false,
        };
        if let Some((applies, check)) = self.format_check(schema, map) {
            let applies_here = match kind {
                Kind::String => applies == Applies::String,
                _ => applies != Applies::String && !fits,
            };
            if applies_here {
                checks.push(check);
            }
        }
        Ok(checks)
    }

    /// The subschema of a collection's elements, where the schema at `location` checks nothing
    /// else of a `Vec` (`type` and `items`) or of a map (`type` and `additionalProperties`).
    fn elements(&self, kind: &Kind, location: &Location) -> Option<Location> {
        let (keyword, type_name) = match kind {
            Kind::Array(_) => ("items", "array"),
            Kind::Map(_) => ("additionalProperties", "object"),
            _ => return None,
        };
        let map = self.only(location, &["type", keyword])?;
        // An array of schemas is the tuple form of older drafts.
        let elements = map.get(keyword)?;
        let one_schema = elements.is_object() || elements.is_boolean();
        (one_schema && has_type(map, type_name)).then(|| location.child(keyword))
    }

    /// The object schema at `location` if every keyword of it is one of `keywords` (which the
    /// caller checks), an annotation, a `format` that is not asserted, or one that asks nothing.
    fn only(
        &self,
        location: &Location,
        keywords: &[&str],
    ) -> Option<&'a serde_json::Map<String, Value>> {
        let Some(Value::Object(map)) = self.set.get(location) else {
            return None;
        };
        let asserted = self.asserts_format(location);
        map.iter()
            .all(|(k, v)| {
                keywords.contains(&k.as_str())
                    || ANNOTATIONS.contains(&k.as_str())
                    || (k == "format" && !asserted)
                    || asks_nothing(k, v)
            })
            .then_some(map)
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

/// Rust integer types within `int32`'s range, and the ones within `int64`'s besides.
const INT32: &[&str] = &["i8", "i16", "i32", "u8", "u16"];
const INT64: &[&str] = &["i64", "u32"];

/// Whether the schema `map` allows JSON of type `name` (it has no `type`, or names it).
fn has_type(map: &serde_json::Map<String, Value>, name: &str) -> bool {
    match map.get("type") {
        None => true,
        Some(Value::String(t)) => t == name,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == name),
        Some(_) => false,
    }
}

/// The [`Kind`] of a field's type.
fn kind(ty: &RustType) -> Kind<'_> {
    match ty {
        RustType::String => Kind::String,
        RustType::Bool => Kind::Bool,
        RustType::Integer(name) => Kind::Integer(name),
        RustType::Vec(item) => Kind::Array(item),
        RustType::Map(value) => Kind::Map(value),
        RustType::Option(inner) => Kind::Option(inner),
        RustType::Named(path) => Kind::Named(path),
        RustType::Number => Kind::Number,
        RustType::Json | RustType::Box(_) | RustType::Other => Kind::Other,
    }
}
