//! Generates validators: one Rust function per schema location, checking every JSON Schema
//! 2020-12 keyword in code (nothing reads the schema at run time).
//!
//! Each generated function has the shape of [`SchemaFn`](runtime.rs): it takes the instance, its
//! path (built on the stack, only turned into a string for an error), the run's context, and the
//! "evaluated" set of the instance that `unevaluatedProperties`/`unevaluatedItems` of an enclosing
//! schema reads. In collecting mode every failure is recorded and evaluation goes on; inside
//! `anyOf`/`oneOf`/`not`/`if`/`contains` subschemas are only tested and stop at their first failure.
//!
//! `$dynamicRef` is resolved at run time only where the spec makes it dynamic (its initial target
//! declares the matching `$dynamicAnchor`): resources that declare dynamic anchors push themselves
//! on the context's scope, and a generated table maps (resource, anchor) to its function.

pub mod regex;
mod typed;

pub use typed::TypedStruct;

use std::cell::Cell;
use std::collections::{BTreeMap, VecDeque};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use codegen_runtime::formats::Applies;

use crate::error::{Error, Place, Result};
use crate::load::{escape_token, Location, SchemaSet};
use crate::runtime_path::RuntimePath;

/// A schema to generate a public entry point for.
#[derive(Clone, Debug)]
pub struct Target {
    pub location: Location,
    /// Path of the generated Rust type, relative to the generated file's root (e.g.
    /// `quote!(discovery::ListRequest)`); it gets impls of the runtime's `Validate` and
    /// `FromJson`. `None` generates a free function `name(&Value)` instead.
    pub rust_type: Option<TokenStream>,
    /// The name of the free function for a value-only target.
    pub name: String,
    /// The generated struct of `rust_type`, if it is one: `validate(&self)` then reads its
    /// fields where the schema allows (see `typed.rs`) instead of going through JSON.
    pub typed: Option<TypedStruct>,
}

/// Settings of the validator generator.
#[derive(Clone, Debug)]
pub struct Options {
    /// Check `format` (2020-12 treats it as an annotation unless asked; Stytch's users want it).
    pub assert_format: bool,
    /// The path generated code reaches the runtime crate by.
    pub runtime: RuntimePath,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            assert_format: true,
            runtime: RuntimePath::default(),
        }
    }
}

/// Generates validators for `targets` and everything they reference.
pub fn generate(set: &SchemaSet, targets: &[Target], options: &Options) -> Result<TokenStream> {
    let mut gen = Gen::new(set, options);
    let entries: Vec<usize> = targets
        .iter()
        .map(|t| gen.function(&t.location))
        .collect::<Result<_>>()?;
    let mut typed_targets = Vec::new();
    for (k, target) in targets.iter().enumerate() {
        if let (Some(typed), Some(rust_type)) = (&target.typed, &target.rust_type) {
            if gen.is_typed(&target.location, typed) {
                typed_targets.push(typed::TypedTarget {
                    k,
                    location: &target.location,
                    rust_type,
                    typed,
                });
            }
        }
    }
    let typed_fns = typed_targets
        .iter()
        .map(|t| gen.typed_fn(t, &typed_targets))
        .collect::<Result<Vec<_>>>()?;
    gen.drain()?;

    let root = options.runtime.at_depth(0);
    let mut public = Vec::new();
    let mut entry_fns = Vec::new();
    for (k, (target, &index)) in targets.iter().zip(&entries).enumerate() {
        let entry = format_ident!("validate_{}", k);
        let f = format_ident!("s{}", index);
        let file = gen.file_const(target.location.doc);
        let push = gen.scope_push_for_entry(&target.location);
        entry_fns.push(quote! {
            pub(super) fn #entry(value: &::serde_json::Value) -> ::std::result::Result<(), rt::Errors> {
                let mut cx = rt::Cx::collecting();
                #push
                let valid = #f(value, &rt::Path::Root, &mut cx, ::std::option::Option::None);
                cx.finish(valid, #file)
            }
        });
        let entry_path = quote!(__validate::#entry);
        let file_str = set.document(target.location.doc).display_name();
        match &target.rust_type {
            None => {
                let name =
                    syn::parse_str::<syn::Ident>(&target.name).map_err(|_| Error::Unsupported {
                        place: set.place(&target.location),
                        message: format!("`{}` is not a valid function name", target.name),
                    })?;
                let doc = format!(
                    " Validates a JSON value against `{}#{}`.",
                    file_str.escape_debug(),
                    target.location.pointer.escape_debug()
                );
                public.push(quote! {
                    #[doc = #doc]
                    pub fn #name(value: &::serde_json::Value) -> ::std::result::Result<(), #root::Errors> {
                        #entry_path(value)
                    }
                });
            }
            Some(ty) => {
                let typed = typed_targets.iter().any(|t| t.k == k);
                let t = format_ident!("t{}", k);
                let validate_self = if typed {
                    quote!(#root::__private::validate_typed(self, __validate::#t, #file_str))
                } else {
                    quote!(#root::__private::validate_through_json(self, #entry_path, #file_str))
                };
                public.push(quote! {
                    impl #root::Validate for #ty {
                        fn validate(&self) -> ::std::result::Result<(), #root::Errors> {
                            #validate_self
                        }
                    }

                    impl #root::FromJson for #ty {
                        const SCHEMA_FILE: &'static str = #file_str;

                        fn validate_value(value: &::serde_json::Value) -> ::std::result::Result<(), #root::Errors> {
                            #entry_path(value)
                        }
                    }
                });
            }
        }
    }

    let functions = &gen.functions;
    let statics = &gen.statics;
    let files = gen
        .files
        .iter()
        .map(|(doc, name)| {
            let ident = format_ident!("{}", name);
            let text = set.document(*doc).display_name();
            quote!(const #ident: &str = #text;)
        })
        .collect::<Vec<_>>();
    let dynamic = gen.dynamic_table();
    let inner_root = options.runtime.at_depth(1);
    Ok(quote! {
        #[doc(hidden)]
        mod __validate {
            use #inner_root::__private as rt;
            #(#files)*
            #(#statics)*
            #dynamic
            #(#entry_fns)*
            #(#typed_fns)*
            #(#functions)*
        }
        #(#public)*
    })
}

struct Gen<'a> {
    set: &'a SchemaSet,
    options: &'a Options,
    /// Schema location to function index.
    index: BTreeMap<Location, usize>,
    queue: VecDeque<(Location, usize)>,
    functions: Vec<TokenStream>,
    statics: Vec<TokenStream>,
    regexes: BTreeMap<String, syn::Ident>,
    constants: BTreeMap<String, syn::Ident>,
    files: BTreeMap<usize, String>,
    /// Resource URI to (id, its `$dynamicAnchor` names to their locations).
    resources: BTreeMap<String, (u32, BTreeMap<String, Location>)>,
    /// Anchor names some dynamic `$dynamicRef` looks up, with their ids.
    dynamic_names: BTreeMap<String, u32>,
}

/// How a keyword's code reaches the "evaluated" set of the current instance.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EvalMode {
    /// The function keeps its own set (`local`), because it has `unevaluated*`.
    Local,
    /// Marks go to the caller's set, if it passed one (`ev`).
    Caller,
}

impl<'a> Gen<'a> {
    fn new(set: &'a SchemaSet, options: &'a Options) -> Self {
        Gen {
            set,
            options,
            index: BTreeMap::new(),
            queue: VecDeque::new(),
            functions: Vec::new(),
            statics: Vec::new(),
            regexes: BTreeMap::new(),
            constants: BTreeMap::new(),
            files: BTreeMap::new(),
            resources: BTreeMap::new(),
            dynamic_names: BTreeMap::new(),
        }
    }

    /// The index of the function for `location`, queueing its generation on first use.
    fn function(&mut self, location: &Location) -> Result<usize> {
        if let Some(&i) = self.index.get(location) {
            return Ok(i);
        }
        if self.set.get(location).is_none() {
            return Err(Error::InvalidSchema {
                place: self.set.place(location),
                message: "no schema at this location".into(),
            });
        }
        let i = self.index.len();
        self.index.insert(location.clone(), i);
        self.queue.push_back((location.clone(), i));
        Ok(i)
    }

    /// The function that validates the schema at `location`: a shared one when it checks nothing.
    fn fn_ident(&mut self, location: &Location) -> Result<TokenStream> {
        if let Some(Leaf::Any) = self.leaf(location) {
            return Ok(quote!(rt::any));
        }
        let name = format_ident!("s{}", self.function(location)?);
        Ok(quote!(#name))
    }

    /// Whether the schema at `location` checks nothing or only `type`, so that it needs no
    /// function of its own or only a one-line one. Most Stytch properties are like this
    /// (`{"type": "string", "description": ...}`), and full functions for them were most of the
    /// generated code.
    fn leaf(&self, location: &Location) -> Option<Leaf> {
        if self.is_resource_root(location) {
            return None;
        }
        let map = match self.set.get(location)? {
            Value::Bool(true) => return Some(Leaf::Any),
            Value::Object(map) => map,
            _ => return None,
        };
        let mut types = None;
        for (keyword, value) in map {
            match keyword.as_str() {
                "type" => types = Some(value),
                "format" if !self.asserts_format(location) => {}
                k if ANNOTATIONS.contains(&k) => {}
                _ => return None,
            }
        }
        let Some(types) = types else {
            return Some(Leaf::Any);
        };
        let names: Vec<&str> = match types {
            Value::String(name) => vec![name.as_str()],
            Value::Array(items) if !items.is_empty() => {
                items.iter().map(Value::as_str).collect::<Option<_>>()?
            }
            _ => return None,
        };
        Some(Leaf::Type {
            bits: type_bits(&names)?,
            expected: names.join(" or "),
            names: names.iter().map(|n| n.to_string()).collect(),
        })
    }

    /// Generates every queued function, then the ones dynamic scopes can reach.
    fn drain(&mut self) -> Result<()> {
        loop {
            while let Some((location, i)) = self.queue.pop_front() {
                let f = self.schema_fn(&location, i)?;
                self.functions.push(f);
            }
            // Every dynamic anchor of every resource that can be in scope may be looked up.
            let mut pending = Vec::new();
            for (_, anchors) in self.resources.values() {
                for (name, location) in anchors {
                    if self.dynamic_names.contains_key(name) && !self.index.contains_key(location) {
                        pending.push(location.clone());
                    }
                }
            }
            if pending.is_empty() {
                return Ok(());
            }
            for location in pending {
                self.function(&location)?;
            }
        }
    }

    fn file_const(&mut self, doc: usize) -> syn::Ident {
        let n = self.files.len();
        let name = self
            .files
            .entry(doc)
            .or_insert_with(|| format!("F{n}"))
            .clone();
        format_ident!("{}", name)
    }

    /// `(FILE, "pointer")` for an error raised by `keyword_pointer` (relative to `location`).
    fn loc(&mut self, location: &Location, suffix: &str) -> TokenStream {
        let file = self.file_const(location.doc);
        let pointer = format!("{}{}", location.pointer, suffix);
        quote!((#file, #pointer))
    }

    fn place(&self, location: &Location, suffix: &str) -> Place {
        Place::new(
            &self.set.document(location.doc).file,
            format!("{}{}", location.pointer, suffix),
        )
    }

    fn invalid(&self, location: &Location, keyword: &str, message: impl Into<String>) -> Error {
        Error::InvalidSchema {
            place: self.place(location, &format!("/{}", escape_token(keyword))),
            message: message.into(),
        }
    }

    /// The resource `location` belongs to: its URI, id and dynamic anchors.
    fn resource_of(&mut self, location: &Location) -> (String, u32, bool) {
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

    fn is_resource_root(&self, location: &Location) -> bool {
        location.pointer.is_empty()
            || self
                .set
                .get(location)
                .and_then(|v| v.get("$id"))
                .and_then(Value::as_str)
                .is_some_and(|id| !id.starts_with('#'))
    }

    /// Code an entry point runs before calling a target that is not itself a resource root.
    fn scope_push_for_entry(&mut self, location: &Location) -> TokenStream {
        if self.is_resource_root(location) {
            return TokenStream::new();
        }
        let (_, id, has) = self.resource_of(location);
        if has {
            quote!(cx.scope.push(#id);)
        } else {
            TokenStream::new()
        }
    }

    fn dynamic_table(&self) -> TokenStream {
        if self.dynamic_names.is_empty() {
            return TokenStream::new();
        }
        let mut arms = Vec::new();
        for (id, anchors) in self.resources.values() {
            for (name, location) in anchors {
                if let (Some(n), Some(f)) = (self.dynamic_names.get(name), self.index.get(location))
                {
                    let f = format_ident!("s{}", f);
                    arms.push(quote!((#id, #n) => ::std::option::Option::Some(#f),));
                }
            }
        }
        quote! {
            fn dynamic(resource: u32, anchor: u32) -> ::std::option::Option<rt::SchemaFn> {
                match (resource, anchor) {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    }

    fn regex(
        &mut self,
        location: &Location,
        keyword_suffix: &str,
        pattern: &str,
    ) -> Result<syn::Ident> {
        if let Some(ident) = self.regexes.get(pattern) {
            return Ok(ident.clone());
        }
        let engine = regex::compile(pattern).map_err(|message| Error::InvalidRegex {
            place: self.place(location, keyword_suffix),
            pattern: pattern.to_string(),
            message,
        })?;
        let ident = format_ident!("RE{}", self.regexes.len());
        let init = match engine {
            regex::Engine::Linear(source) => quote!(rt::Regex::linear(#source, #pattern)),
            regex::Engine::Backtracking(source, flags) => {
                quote!(rt::Regex::backtracking(#source, #flags))
            }
        };
        let doc = format!(" `{}`", pattern.escape_debug());
        self.statics.push(quote! {
            #[doc = #doc]
            static #ident: ::std::sync::LazyLock<rt::Regex> = ::std::sync::LazyLock::new(|| #init);
        });
        self.regexes.insert(pattern.to_string(), ident.clone());
        Ok(ident)
    }

    /// A condition that is true when `inst` (a `&Value`) equals the JSON value `expected`.
    fn equals(&mut self, inst: &TokenStream, expected: &Value) -> TokenStream {
        match expected {
            Value::Null => quote!(#inst.is_null()),
            Value::Bool(b) => quote!(matches!(#inst, ::serde_json::Value::Bool(#b))),
            Value::String(s) => quote!(matches!(#inst, ::serde_json::Value::String(s) if s == #s)),
            Value::Number(n) => {
                let num = num_tokens(n);
                quote!(matches!(#inst, ::serde_json::Value::Number(n)
                    if rt::cmp_num(n, #num) == ::std::option::Option::Some(::std::cmp::Ordering::Equal)))
            }
            _ => {
                let json = expected.to_string();
                let ident = match self.constants.get(&json) {
                    Some(ident) => ident.clone(),
                    None => {
                        let ident = format_ident!("C{}", self.constants.len());
                        self.statics.push(quote! {
                            static #ident: ::std::sync::LazyLock<::serde_json::Value> =
                                ::std::sync::LazyLock::new(|| rt::constant(#json));
                        });
                        self.constants.insert(json, ident.clone());
                        ident
                    }
                };
                quote!(rt::json_eq(#inst, &#ident))
            }
        }
    }

    /// Generates the function for one schema location.
    fn schema_fn(&mut self, location: &Location, index: usize) -> Result<TokenStream> {
        let name = format_ident!("s{}", index);
        let doc = format!(
            " {}#{}",
            self.set
                .document(location.doc)
                .display_name()
                .escape_debug(),
            location.pointer.escape_debug()
        );
        if let Some(Leaf::Type { bits, expected, .. }) = self.leaf(location) {
            let loc = self.loc(location, "/type");
            return Ok(quote! {
                #[doc = #doc]
                fn #name(inst: &::serde_json::Value, path: &rt::Path<'_>, cx: &mut rt::Cx, _: ::std::option::Option<&mut rt::Eval>) -> bool {
                    rt::of_type(inst, #bits, #expected, path, cx, #loc)
                }
            });
        }
        let schema = self.set.get(location).cloned().unwrap_or(Value::Bool(true));
        let map = match &schema {
            Value::Bool(true) => {
                return Ok(quote! {
                    #[doc = #doc]
                    fn #name(_: &::serde_json::Value, _: &rt::Path<'_>, _: &mut rt::Cx, _: ::std::option::Option<&mut rt::Eval>) -> bool {
                        true
                    }
                })
            }
            Value::Bool(false) => {
                let loc = self.loc(location, "");
                return Ok(quote! {
                    #[doc = #doc]
                    fn #name(inst: &::serde_json::Value, path: &rt::Path<'_>, cx: &mut rt::Cx, _: ::std::option::Option<&mut rt::Eval>) -> bool {
                        cx.fail(path, "false", #loc, || ::std::format!("no value is allowed here, found {}", rt::show(inst)));
                        false
                    }
                });
            }
            Value::Object(map) => map.clone(),
            other => {
                return Err(Error::InvalidSchema {
                    place: self.set.place(location),
                    message: format!("a schema must be an object or a boolean, found {other}"),
                })
            }
        };
        let mode =
            if map.contains_key("unevaluatedProperties") || map.contains_key("unevaluatedItems") {
                EvalMode::Local
            } else {
                EvalMode::Caller
            };
        let mut body = Body {
            checks: Vec::new(),
            mode,
            uses_ev: Cell::new(false),
            always_fails: false,
        };
        self.keywords(location, &map, &mut body)?;

        let enter_loc = self.loc(location, "");
        let (push, pop) = if self.is_resource_root(location) {
            let (_, id, has) = self.resource_of(location);
            if has {
                (quote!(cx.scope.push(#id);), quote!(cx.scope.pop();))
            } else {
                (TokenStream::new(), TokenStream::new())
            }
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        let checks = &body.checks;
        let always_fails = body.always_fails;
        // Checks that can fail break out of the labelled body; others (an `if` without `then`)
        // need neither the label nor a mutable verdict.
        let can_fail = checks.iter().any(|c| c.to_string().contains("'body"));
        if checks.is_empty() {
            return Ok(quote! {
                #[doc = #doc]
                fn #name(_: &::serde_json::Value, _: &rt::Path<'_>, _: &mut rt::Cx, _: ::std::option::Option<&mut rt::Eval>) -> bool {
                    true
                }
            });
        }
        let (local, merge) = match mode {
            EvalMode::Local => (
                quote!(let mut local = rt::Eval::default();),
                quote! {
                    if let (true, ::std::option::Option::Some(ev)) = (valid, ev) {
                        ev.merge(&local);
                    }
                },
            ),
            EvalMode::Caller if body.uses_ev.get() => {
                (quote!(let mut ev = ev;), TokenStream::new())
            }
            EvalMode::Caller => (quote!(let _ = ev;), TokenStream::new()),
        };
        let body = if can_fail {
            quote! {
                let valid = 'body: {
                    let mut valid = true;
                    #(#checks)*
                    valid
                };
            }
        } else {
            quote! {
                #(#checks)*
                let valid = true;
            }
        };
        // The initial verdict is overwritten before it is read when a check always fails.
        let allow = if always_fails {
            quote!(#[allow(unused_assignments)])
        } else {
            TokenStream::new()
        };
        Ok(quote! {
            #[doc = #doc]
            #allow
            fn #name(inst: &::serde_json::Value, path: &rt::Path<'_>, cx: &mut rt::Cx, ev: ::std::option::Option<&mut rt::Eval>) -> bool {
                if !cx.enter(path, #enter_loc) {
                    return false;
                }
                #push
                #local
                #body
                #pop
                #merge
                cx.leave();
                valid
            }
        })
    }

    /// The code of every keyword of an object schema, `unevaluated*` last.
    fn keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        self.type_keywords(location, map, body)?;
        self.number_keywords(location, map, body)?;
        self.string_keywords(location, map, body)?;
        self.array_keywords(location, map, body)?;
        self.object_keywords(location, map, body)?;
        self.format_keyword(location, map, body)?;
        self.applicators(location, map, body)?;
        self.unevaluated(location, map, body)?;
        Ok(())
    }

    fn type_keywords(
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
            let bits = type_bits(&names).unwrap_or_default();
            let expected = names.join(" or ");
            let loc = self.loc(location, "/type");
            body.checks.push(self.call(quote!(
                rt::of_type(inst, #bits, #expected, path, cx, #loc)
            )));
        }
        if let Some(values) = map.get("enum") {
            let Value::Array(values) = values else {
                return Err(self.invalid(location, "enum", "must be an array"));
            };
            let inst = quote!(inst);
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            let mut conditions = Vec::new();
            if strings.len() > 1 {
                conditions.push(quote!(
                    matches!(inst.as_str(), ::std::option::Option::Some(#(#strings)|*))
                ));
            }
            for value in values {
                if !(value.is_string() && strings.len() > 1) {
                    conditions.push(self.equals(&inst, value));
                }
            }
            let shown = shorten(&Value::Array(values.clone()).to_string());
            let fail = self.fail(
                location,
                "enum",
                quote!(::std::format!("{} is not one of {}", rt::show(inst), #shown)),
            );
            body.always_fails |= conditions.is_empty();
            body.checks.push(unless(&conditions, fail));
        }
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

    fn number_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let mut checks = Vec::new();
        let bounds = [
            (
                "minimum",
                quote!(::std::option::Option::Some(::std::cmp::Ordering::Less)),
                true,
                "less than the minimum",
            ),
            (
                "maximum",
                quote!(::std::option::Option::Some(::std::cmp::Ordering::Greater)),
                true,
                "greater than the maximum",
            ),
            (
                "exclusiveMinimum",
                quote!(::std::option::Option::Some(::std::cmp::Ordering::Greater)),
                false,
                "not greater than the exclusive minimum",
            ),
            (
                "exclusiveMaximum",
                quote!(::std::option::Option::Some(::std::cmp::Ordering::Less)),
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
        if !checks.is_empty() {
            body.checks.push(quote! {
                if let ::serde_json::Value::Number(n) = inst {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }

    /// Whether `format` is asserted at `location`: by the settings, or by its dialect.
    fn asserts_format(&self, location: &Location) -> bool {
        self.options.assert_format || self.set.asserts_format(location)
    }

    fn asserted_format<'m>(
        &self,
        location: &Location,
        map: &'m serde_json::Map<String, Value>,
    ) -> Option<&'m str> {
        if !self.asserts_format(location) {
            return None;
        }
        map.get("format").and_then(Value::as_str)
    }

    /// `format`, where asserted: the runtime's format table names the check; unknown formats
    /// are annotations only.
    fn format_keyword(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let Some(format) = self
            .asserted_format(location, map)
            .and_then(codegen_runtime::formats::find)
        else {
            return Ok(());
        };
        let check = format_ident!("{}", format.function);
        let text = format!("{{}} is not a valid {}", escape_braces(format.name));
        body.checks.push(match format.applies_to {
            Applies::String => {
                let fail = self.fail(
                    location,
                    "format",
                    quote!(::std::format!(#text, rt::show(inst))),
                );
                quote! {
                    if let ::serde_json::Value::String(s) = inst {
                        if !rt::formats::#check(s) { #fail }
                    }
                }
            }
            _ => {
                let fail = self.fail(location, "format", quote!(::std::format!(#text, n)));
                quote! {
                    if let ::serde_json::Value::Number(n) = inst {
                        if !rt::formats::#check(n) { #fail }
                    }
                }
            }
        });
        Ok(())
    }

    fn string_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let mut checks = Vec::new();
        let min = self.count(location, map, "minLength")?.filter(|&m| m > 0);
        let max = self.count(location, map, "maxLength")?;
        if min.is_some() || max.is_some() {
            checks.push(quote!(let len = rt::char_count(s);));
        }
        if let Some(min) = min {
            let text = format!("{{}} is shorter than {min} characters");
            let fail = self.fail(
                location,
                "minLength",
                quote!(::std::format!(#text, rt::show(inst))),
            );
            checks.push(quote!(if len < #min { #fail }));
        }
        if let Some(max) = max {
            let text = format!("{{}} is longer than {max} characters");
            let fail = self.fail(
                location,
                "maxLength",
                quote!(::std::format!(#text, rt::show(inst))),
            );
            checks.push(quote!(if len > #max { #fail }));
        }
        if let Some(pattern) = map.get("pattern") {
            let Value::String(pattern) = pattern else {
                return Err(self.invalid(location, "pattern", "must be a string"));
            };
            let re = self.regex(location, "/pattern", pattern)?;
            let text = format!(
                "{{}} does not match the pattern {}",
                escape_braces(&shorten(pattern))
            );
            let fail = self.fail(
                location,
                "pattern",
                quote!(::std::format!(#text, rt::show(inst))),
            );
            checks.push(quote!(if !#re.is_match(s) { #fail }));
        }
        if !checks.is_empty() {
            body.checks.push(quote! {
                if let ::serde_json::Value::String(s) = inst {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }

    /// A non-negative integer keyword (`2` and `2.0` alike).
    fn count(
        &self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        keyword: &str,
    ) -> Result<Option<usize>> {
        let Some(value) = map.get(keyword) else {
            return Ok(None);
        };
        let n = value
            .as_u64()
            .or_else(|| {
                value
                    .as_f64()
                    .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                    .map(|f| f.min(u64::MAX as f64) as u64)
            })
            .ok_or_else(|| self.invalid(location, keyword, "must be a non-negative integer"))?;
        Ok(Some(usize::try_from(n).unwrap_or(usize::MAX)))
    }

    fn array_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let mut checks = Vec::new();
        if let Some(min) = self.count(location, map, "minItems")?.filter(|&m| m > 0) {
            let text = format!("{{}} items are fewer than minItems {min}");
            let fail = self.fail(
                location,
                "minItems",
                quote!(::std::format!(#text, arr.len())),
            );
            let too_few = if min == 1 {
                quote!(arr.is_empty())
            } else {
                quote!(arr.len() < #min)
            };
            checks.push(quote!(if #too_few { #fail }));
        }
        if let Some(max) = self.count(location, map, "maxItems")? {
            let text = format!("{{}} items are more than maxItems {max}");
            let fail = self.fail(
                location,
                "maxItems",
                quote!(::std::format!(#text, arr.len())),
            );
            let too_many = if max == 0 {
                quote!(!arr.is_empty())
            } else {
                quote!(arr.len() > #max)
            };
            checks.push(quote!(if #too_many { #fail }));
        }
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
                let f = self.fn_ident(&location.child("prefixItems").child(&k.to_string()))?;
                let call = self.call(quote!(#f(item, &p, cx, ::std::option::Option::None)));
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
                    message: "`items` as an array is not 2020-12 (use prefixItems)".into(),
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
                let f = self.fn_ident(&location.child("items"))?;
                let call = self.call(quote!(#f(item, &p, cx, ::std::option::Option::None)));
                let mark = body.mark(quote!(i));
                let skip = if prefix_len == 0 {
                    TokenStream::new()
                } else {
                    quote!(.skip(#prefix_len))
                };
                checks.push(quote! {
                    for (i, item) in arr.iter().enumerate()#skip {
                        let p = rt::Path::Index(path, i);
                        #call
                        #mark
                    }
                });
            }
        }
        if map.contains_key("contains") {
            let f = self.fn_ident(&location.child("contains"))?;
            let min = self.count(location, map, "minContains")?.unwrap_or(1);
            let max = self.count(location, map, "maxContains")?;
            let mark = body.mark(quote!(i));
            let min_fail = self.fail(
                location,
                if map.contains_key("minContains") {
                    "minContains"
                } else {
                    "contains"
                },
                quote!(
                    ::std::format!("{} items match \"contains\", at least {} must", matched, #min)
                ),
            );
            let mut check = quote! {
                let mut matched = 0usize;
                for (i, item) in arr.iter().enumerate() {
                    let p = rt::Path::Index(path, i);
                    if cx.test(|cx| #f(item, &p, cx, ::std::option::Option::None)) {
                        matched += 1;
                        #mark
                    }
                }
            };
            if min > 0 {
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
                if let ::serde_json::Value::Array(arr) = inst {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }

    fn object_keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        let mut checks = Vec::new();
        if let Some(min) = self
            .count(location, map, "minProperties")?
            .filter(|&m| m > 0)
        {
            let text = format!("{{}} properties are fewer than minProperties {min}");
            let fail = self.fail(
                location,
                "minProperties",
                quote!(::std::format!(#text, obj.len())),
            );
            let too_few = if min == 1 {
                quote!(obj.is_empty())
            } else {
                quote!(obj.len() < #min)
            };
            checks.push(quote!(if #too_few { #fail }));
        }
        if let Some(max) = self.count(location, map, "maxProperties")? {
            let text = format!("{{}} properties are more than maxProperties {max}");
            let fail = self.fail(
                location,
                "maxProperties",
                quote!(::std::format!(#text, obj.len())),
            );
            let too_many = if max == 0 {
                quote!(!obj.is_empty())
            } else {
                quote!(obj.len() > #max)
            };
            checks.push(quote!(if #too_many { #fail }));
        }
        if let Some(required) = map.get("required") {
            let names = string_array(required)
                .ok_or_else(|| self.invalid(location, "required", "must be an array of strings"))?;
            if !names.is_empty() {
                let fail = self.fail(
                    location,
                    "required",
                    quote!(::std::format!("missing required property \"{}\"", name)),
                );
                checks.push(quote! {
                    for name in [#(#names),*] {
                        if !obj.contains_key(name) {
                            #fail
                        }
                    }
                });
            }
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
                let loc = self.loc(location, &suffix);
                let text = format!(
                    "property \"{{}}\" is required when \"{}\" is present",
                    escape_braces(property)
                );
                checks.push(quote! {
                    if obj.contains_key(#property) {
                        for name in [#(#names),*] {
                            if !obj.contains_key(name) {
                                valid = false;
                                if !cx.fail(path, #keyword, #loc, || ::std::format!(#text, name)) {
                                    break 'body false;
                                }
                            }
                        }
                    }
                });
            }
        }
        self.property_loop(location, map, body, &mut checks)?;
        if map.contains_key("propertyNames") {
            let f = self.fn_ident(&location.child("propertyNames"))?;
            let call = self.call(quote!(#f(&name, &p, cx, ::std::option::Option::None)));
            checks.push(quote! {
                for key in obj.keys() {
                    let name = rt::key_value(key);
                    let p = rt::Path::Key(path, key);
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
                let f = self.fn_ident(&location.child(keyword).child(property))?;
                let ev = body.ev();
                checks.push(quote! {
                    if obj.contains_key(#property) && !#f(inst, path, cx, #ev) {
                        valid = false;
                        if !cx.is_collecting() {
                            break 'body false;
                        }
                    }
                });
            }
        }
        if !checks.is_empty() {
            body.checks.push(quote! {
                if let ::serde_json::Value::Object(obj) = inst {
                    #(#checks)*
                }
            });
        }
        Ok(())
    }

    /// `properties`, `patternProperties` and `additionalProperties` in one pass over the object.
    fn property_loop(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
        checks: &mut Vec<TokenStream>,
    ) -> Result<()> {
        let properties = match map.get("properties") {
            Some(Value::Object(p)) => p.clone(),
            Some(_) => return Err(self.invalid(location, "properties", "must be an object")),
            None => Default::default(),
        };
        let patterns = match map.get("patternProperties") {
            Some(Value::Object(p)) => p.clone(),
            Some(_) => {
                return Err(self.invalid(location, "patternProperties", "must be an object"))
            }
            None => Default::default(),
        };
        let additional = map.get("additionalProperties");
        if properties.is_empty() && patterns.is_empty() && additional.is_none() {
            return Ok(());
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
            let f = self.fn_ident(&location.child("properties").child(name))?;
            arms.push(quote!(#name => ::std::option::Option::Some(#f),));
        }
        let mut pattern_checks = Vec::new();
        for pattern in patterns.keys() {
            let re = self.regex(
                location,
                &format!("/patternProperties/{}", escape_token(pattern)),
                pattern,
            )?;
            let f = self.fn_ident(&location.child("patternProperties").child(pattern))?;
            let call = self.call(quote!(#f(value, &p, cx, ::std::option::Option::None)));
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
                    let f = self.fn_ident(&location.child("additionalProperties"))?;
                    self.call(quote!(#f(value, &p, cx, ::std::option::Option::None)))
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
            let f = self.fn_ident(&location.child("properties").child(name))?;
            let call = self.call(quote!(#f(value, &p, cx, ::std::option::Option::None)));
            quote! {
                if key == #name {
                    #known
                    #call
                    #mark
                }
            }
        } else {
            let call = self.call(quote!(f(value, &p, cx, ::std::option::Option::None)));
            quote! {
                let property: ::std::option::Option<rt::SchemaFn> = match key.as_str() {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                };
                if let ::std::option::Option::Some(f) = property {
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
        Ok(())
    }

    fn applicators(
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
            body.checks.push(call);
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
            body.checks.push(call);
        }
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

    /// The call for `$ref` (or `$dynamicRef` with anchor id `dynamic`), entering the target's
    /// resource in the dynamic scope when it is not that resource's root.
    fn ref_call(
        &mut self,
        location: &Location,
        target: &Location,
        body: &Body,
        dynamic: Option<u32>,
    ) -> Result<TokenStream> {
        let f = self.fn_ident(target)?;
        let ev = body.ev();
        let callee = match dynamic {
            Some(anchor) => quote!(cx.dynamic(#anchor, dynamic, #f)),
            None => quote!(#f),
        };
        let (from_uri, _, _) = self.resource_of(location);
        let (to_uri, to_id, has) = self.resource_of(target);
        let call = if dynamic.is_some() {
            // A dynamic target is only known at run time; `f` enters its own resource if root.
            quote! {
                {
                    let f: rt::SchemaFn = #callee;
                    f(inst, path, cx, #ev)
                }
            }
        } else {
            quote!(#callee(inst, path, cx, #ev))
        };
        if from_uri != to_uri && has && !self.is_resource_root(target) {
            let checked = self.call(quote!(r));
            return Ok(quote! {
                {
                    cx.scope.push(#to_id);
                    let r = #call;
                    cx.scope.pop();
                    #checked
                }
            });
        }
        Ok(self.call(call))
    }

    fn unevaluated(
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
                let f = self.fn_ident(&location.child("unevaluatedItems"))?;
                let call = self.call(quote!(#f(item, &p, cx, ::std::option::Option::None)));
                quote! {
                    let p = rt::Path::Index(path, i);
                    #call
                }
            };
            body.checks.push(quote! {
                if let ::serde_json::Value::Array(arr) = inst {
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
                let f = self.fn_ident(&location.child("unevaluatedProperties"))?;
                let call = self.call(quote!(#f(value, &p, cx, ::std::option::Option::None)));
                quote! {
                    let p = rt::Path::Key(path, key);
                    #call
                }
            };
            body.checks.push(quote! {
                if let ::serde_json::Value::Object(obj) = inst {
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

    /// Code recording a failure of `keyword` (at `location`) with the message expression.
    fn fail(&mut self, location: &Location, keyword: &str, message: TokenStream) -> TokenStream {
        let loc = self.loc(location, &format!("/{}", escape_token(keyword)));
        quote! {
            valid = false;
            if !cx.fail(path, #keyword, #loc, || #message) {
                break 'body false;
            }
        }
    }

    /// Code applying a subschema call (a `bool` expression) in the current mode.
    fn call(&self, call: TokenStream) -> TokenStream {
        quote! {
            if !#call {
                valid = false;
                if !cx.is_collecting() {
                    break 'body false;
                }
            }
        }
    }
}

/// The `rt` bits of JSON type names, or `None` for an unknown name.
fn type_bits(names: &[&str]) -> Option<TokenStream> {
    let mut bits = Vec::new();
    for name in names {
        bits.push(match *name {
            "null" => quote!(rt::NULL),
            "boolean" => quote!(rt::BOOLEAN),
            "string" => quote!(rt::STRING),
            "number" => quote!(rt::NUMBER),
            "integer" => quote!(rt::INTEGER),
            "array" => quote!(rt::ARRAY),
            "object" => quote!(rt::OBJECT),
            _ => return None,
        });
    }
    Some(if bits.is_empty() {
        quote!(0)
    } else {
        quote!(#(#bits)|*)
    })
}

/// Keywords that never make an instance invalid.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
];

/// A schema simple enough to need no full function (see `Gen::leaf`).
enum Leaf {
    /// Checks nothing.
    Any,
    /// Checks only `type`: the `rt` bits, the type names and their text for the error message.
    Type {
        bits: TokenStream,
        names: Vec<String>,
        expected: String,
    },
}

/// The keyword code of one function, and where its annotations go.
struct Body {
    checks: Vec<TokenStream>,
    mode: EvalMode,
    /// Whether the code reads the caller's evaluated set (else the parameter stays unused).
    uses_ev: Cell<bool>,
    /// A check fails whatever the instance (`enum: []`, `type: []`).
    always_fails: bool,
}

impl Body {
    /// The evaluated-set argument for an in-place subschema.
    fn ev(&self) -> TokenStream {
        self.uses_ev.set(true);
        match self.mode {
            EvalMode::Local => quote!(::std::option::Option::Some(&mut local)),
            EvalMode::Caller => quote!(rt::reborrow(&mut ev)),
        }
    }

    /// Whether annotations must be collected (a set to put them in exists).
    fn need_ev(&self) -> TokenStream {
        self.uses_ev.set(true);
        match self.mode {
            EvalMode::Local => quote!(true),
            EvalMode::Caller => quote!(ev.is_some()),
        }
    }

    fn mark(&self, index: TokenStream) -> TokenStream {
        self.uses_ev.set(true);
        match self.mode {
            EvalMode::Local => quote!(local.mark(#index);),
            EvalMode::Caller => quote! {
                if let ::std::option::Option::Some(ev) = &mut ev {
                    ev.mark(#index);
                }
            },
        }
    }

    fn merge(&self, other: TokenStream) -> TokenStream {
        self.uses_ev.set(true);
        match self.mode {
            EvalMode::Local => quote!(local.merge(&#other);),
            EvalMode::Caller => quote! {
                if let ::std::option::Option::Some(ev) = &mut ev {
                    ev.merge(&#other);
                }
            },
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

/// `fail` unless one of `conditions` holds (always, for none: `enum: []`).
fn unless(conditions: &[TokenStream], fail: TokenStream) -> TokenStream {
    match conditions.split_first() {
        Some((first, rest)) => quote! {
            if !(#first #(|| #rest)*) {
                #fail
            }
        },
        None => quote!({ #fail }),
    }
}

fn num_tokens(n: &serde_json::Number) -> TokenStream {
    if let Some(u) = n.as_u64() {
        quote!(rt::Num::U(#u))
    } else if let Some(i) = n.as_i64() {
        quote!(rt::Num::I(#i))
    } else {
        let f = n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0);
        let lit = Literal::f64_suffixed(f);
        quote!(rt::Num::F(#lit))
    }
}

fn string_array(value: &Value) -> Option<Vec<String>> {
    let Value::Array(items) = value else {
        return None;
    };
    items
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// A schema value for a message, cut to a readable length.
fn shorten(text: &str) -> String {
    if text.chars().count() > 60 {
        text.chars().take(57).collect::<String>() + "..."
    } else {
        text.to_string()
    }
}

/// `text` as a literal part of a `format!` string.
fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}
