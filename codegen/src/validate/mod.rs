//! Generates validators: one Rust function per distinct subschema, checking every JSON Schema
//! 2020-12 keyword in code (nothing reads the schema at run time).
//!
//! Each generated function has the shape of the runtime's `SchemaFn`: it takes the instance, its
//! path and the schema's location (both built on the stack, only turned into strings for an
//! error), the run's context, and the "evaluated" set of the instance that
//! `unevaluatedProperties`/`unevaluatedItems` of an enclosing schema reads. In collecting mode
//! every failure is recorded and evaluation goes on; inside `anyOf`/`oneOf`/`not`/`if`/`contains`
//! subschemas are only tested and stop at their first failure.
//!
//! Subschemas (properties, items, branches) get their functions as soon as their parent asks,
//! and equal functions are made once: a function names schema locations only relative to the
//! `at` it is given, so `{"type": "string", "format": "uuid"}` is one function wherever it
//! appears. Targets of `$ref` (which may be cyclic) are queued by location and called with their
//! absolute location.
//!
//! `$dynamicRef` is resolved at run time only where the spec makes it dynamic (its initial target
//! declares the matching `$dynamicAnchor`): resources that declare dynamic anchors push themselves
//! on the context's scope, and a generated table maps (resource, anchor) to its function.

mod forward;
mod generic;
mod guard;
mod inline;
mod keywords;
mod references;
pub mod regex;
mod typed;
mod words;

pub use typed::{Shape, TypedType};

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use proc_macro2::{Delimiter, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::emit;
use crate::error::{Error, Place, Result};
use crate::load::{escape_token, Location, SchemaSet};
use crate::runtime_path::RuntimePath;
pub(crate) use codegen_runtime::__private::shorten;

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
    /// The generated struct or string enum of `rust_type`, if it is one: `validate(&self)` then
    /// reads it where the schema allows (see `typed.rs`) instead of going through JSON.
    pub typed: Option<TypedType>,
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
    let Parts {
        head,
        functions,
        impls,
        public,
    } = parts(set, targets, options, || {
        targets.iter().map(|t| t.typed.clone()).collect()
    })?;
    let head = head.into_iter().map(|(_, item)| item);
    let functions = functions.into_iter().map(|(_, function)| function);
    Ok(quote! {
        #[doc(hidden)]
        mod __validate {
            #(#head)*
            #(#functions)*
            #(#impls)*
        }
        #(#public)*
    })
}

/// [`generate`] as formatted text, in pieces (each with the place of the schema it was made
/// for, if one), each item formatted on its own (only its syntax tree exists at a time, on each
/// formatting thread). The unformatted code is at most `limit` bytes. `typed` gives the typed
/// shape of each target (their `typed` is not read), once the value validators are made.
pub(crate) fn generate_code(
    set: &SchemaSet,
    targets: &[Target],
    options: &Options,
    limit: usize,
    typed: impl FnOnce() -> Vec<Option<TypedType>>,
) -> Result<Vec<(Option<Place>, String)>> {
    let Parts {
        head,
        functions: made,
        impls,
        public,
    } = parts(set, targets, options, typed)?;
    // The texts of the items, in the file's order: the module's, then the public ones. Their
    // size is checked as they are made (the formatted pieces are checked as they are appended).
    let in_module = head.len() + made.len() + impls.len();
    let mut texts = Vec::new();
    let mut places = Vec::new();
    let mut bytes = 0;
    let mut add = |text: String, place: Option<Place>, layout| {
        bytes += text.len();
        emit::check_size(bytes, limit, place.clone())?;
        texts.push((text, layout));
        places.push(place);
        Ok::<_, Error>(())
    };
    for (place, item) in head {
        add(item.to_string(), place, emit::Layout::InModule)?;
    }
    for (place, function) in made {
        let text = emit::sized_text(function, &place)?;
        add(text, Some(place), emit::Layout::InModule)?;
    }
    for item in impls {
        add(item.to_string(), None, emit::Layout::InModule)?;
    }
    for item in public {
        add(item.to_string(), None, emit::Layout::TopLevel)?;
    }
    let mut formatted: Vec<_> = places.into_iter().zip(emit::format_all(texts)?).collect();
    let public = formatted.split_off(in_module);
    let opening = emit::module_opening(&syn::parse_quote!(
        #[doc(hidden)]
        mod __validate {}
    ));
    Ok(std::iter::once((None, opening))
        .chain(formatted)
        .chain([(None, "}\n".to_string())])
        .chain(public)
        .collect())
}

/// The items of the validator module but its schema functions (the `use` of the runtime, the
/// file names, statics, the dynamic table and typed validators; the trait impls of the types,
/// after the functions), and the public items after it.
struct Parts {
    /// With the place of the schema an item was made for, if one.
    head: Vec<(Option<Place>, TokenStream)>,
    /// The schema functions, each with the place of its schema (subschemas applied from one
    /// place already written there).
    functions: Vec<(Place, TokenStream)>,
    impls: Vec<TokenStream>,
    public: Vec<TokenStream>,
}

/// Generates the validators of `targets`: first the functions that check JSON values, then
/// (once `typed` gives each target's typed shape, which the caller may still be working out
/// meanwhile) the typed validators of the Rust types.
fn parts(
    set: &SchemaSet,
    targets: &[Target],
    options: &Options,
    typed: impl FnOnce() -> Vec<Option<TypedType>>,
) -> Result<Parts> {
    let mut gen = Gen::new(set, options);
    let entries: Vec<usize> = targets
        .iter()
        .map(|t| gen.function(&t.location))
        .collect::<Result<_>>()?;
    gen.exported = targets
        .iter()
        .zip(&entries)
        .filter(|(t, _)| t.rust_type.is_none())
        .map(|(_, &index)| index)
        .collect();
    let mut made = Vec::new();
    let mut sink = |place, function| {
        made.push((place, function));
        Ok(())
    };
    gen.drain(&mut sink)?;
    let shapes = typed();
    let mut typed_targets = Vec::new();
    for (k, target) in targets.iter().enumerate() {
        if let (Some(Some(typed)), Some(rust_type)) = (shapes.get(k), &target.rust_type) {
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
    let typed_index: typed::TypedIndex = typed_targets
        .iter()
        .map(|t| {
            let key = (t.typed.module.as_str(), t.typed.name.as_str(), t.location);
            (key, t.k)
        })
        .collect();
    let typed_fns = typed_targets
        .iter()
        .map(|t| Ok((set.place(t.location), gen.typed_fn(t, &typed_index)?)))
        .collect::<Result<Vec<_>>>()?;
    let typed_ks: HashSet<usize> = typed_targets.iter().map(|t| t.k).collect();
    let lossless = typed::lossless(&typed_targets);
    // The functions of the subschemas only the typed validators asked for.
    gen.drain(&mut sink)?;

    let root = options.runtime.at_depth(0);
    let mut public = Vec::new();
    let mut impls = Vec::new();
    for (k, (target, &index)) in targets.iter().zip(&entries).enumerate() {
        let f = format_ident!("s{}", index);
        let file_str = set.document(target.location.doc).display_name();
        let pointer = set.written_pointer(&target.location);
        let scope: Vec<u32> = gen.scope_for_entry(&target.location).into_iter().collect();
        let run = quote! {
            #root::__private::validate(value, __validate::#f, (#file_str, #pointer), &[#(#scope),*])
        };
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
                    pointer.escape_debug()
                );
                public.push(quote! {
                    #[doc = #doc]
                    pub fn #name(value: &::serde_json::Value) -> ::std::result::Result<(), #root::Errors> {
                        #run
                    }
                });
            }
            Some(ty) => {
                let ty = type_path(ty);
                // Inside the module, by the names it imports.
                let file = gen.file_const(target.location.doc);
                // One constant: the runtime implements `Validate` and `FromJson` from it.
                let mut schema = if typed_ks.contains(&k) {
                    let t = format_ident!("t{}", k);
                    let schema = quote!(rt::Schema::typed(#file, rt::fns!(#f), #t));
                    if lossless.contains(&k) {
                        schema
                    } else {
                        quote!(#schema.parse_via_value())
                    }
                } else {
                    quote!(rt::Schema::value(#file, rt::fns!(#f)))
                };
                if !pointer.is_empty() {
                    schema = quote!(#schema.at(#pointer));
                }
                if !scope.is_empty() {
                    schema = quote!(#schema.in_scope(&[#(#scope),*]));
                }
                impls.push(quote! {
                    impl rt::Generated for #ty {
                        const SCHEMA: rt::Schema<Self> = #schema;
                    }
                });
            }
        }
    }

    // Before the file constants: its entries name files too.
    let dynamic = gen.dynamic_table();
    let statics = std::mem::take(&mut gen.statics);
    let files = gen
        .files
        .iter()
        .map(|&doc| {
            let ident = format_ident!("F{doc}");
            let text = set.document(doc).display_name();
            quote!(const #ident: &str = #text;)
        })
        .collect::<Vec<_>>();
    let inner_root = options.runtime.at_depth(1);
    // Not every module uses every name (one without types implements no trait).
    let mut head = vec![(
        None,
        quote! {
            #[allow(unused_imports)]
            use #inner_root::__private::{self as rt, At, Cx, Ev, Json, Path};
            #[allow(unused_imports)]
            use ::serde_json::Value;
            // The generated types' modules, by their names (see `type_path`).
            #[allow(unused_imports)]
            use super::*;
        },
    )];
    head.extend(files.into_iter().map(|file| (None, file)));
    head.extend(statics.into_iter().map(|(place, s)| (Some(place), s)));
    if !dynamic.is_empty() {
        head.push((None, dynamic));
    }
    head.extend(
        std::mem::take(&mut gen.scalar_fns)
            .into_iter()
            .map(|(place, f)| (Some(place), f)),
    );
    let mut typed_fns = typed_fns;
    let mut references = read_references(&made, &typed_fns, &head, &impls, &public);
    let mut guarded: Vec<&mut TokenStream> = made
        .iter_mut()
        .map(|(_, f)| f)
        .chain(typed_fns.iter_mut().map(|(_, f)| f))
        .collect();
    guard::drop_needless_guards(&mut guarded, &references);
    // Tables call `$ref` targets themselves, once the guards are gone (a forwarder is a bare
    // call); the references follow the tables' changes and the forwarders dropped.
    let first_item = made.len() + typed_fns.len();
    let mut tables: Vec<&mut TokenStream> = head.iter_mut().map(|(_, item)| item).collect();
    forward::tables_call_targets(&mut made, &mut tables, first_item, &mut references);
    head.extend(typed_fns.into_iter().map(|(place, f)| (Some(place), f)));
    let functions = inline::inline_single_calls(made, &references)
        .into_iter()
        .map(|(place, f)| (place, generic::over_instances(f)))
        .collect();
    Ok(Parts {
        head,
        functions,
        impls,
        public,
    })
}

/// The references among every item: the schema functions first, then the typed validators
/// (the order the guard pass and the inliner index them by), then the rest.
fn read_references(
    made: &[(Place, TokenStream)],
    typed_fns: &[(Place, TokenStream)],
    head: &[(Option<Place>, TokenStream)],
    impls: &[TokenStream],
    public: &[TokenStream],
) -> references::References {
    let all: Vec<&TokenStream> = made
        .iter()
        .chain(typed_fns)
        .map(|(_, f)| f)
        .chain(items(head, impls, public))
        .collect();
    references::References::read(&all)
}

/// The items of `head`, `impls` and `public`.
fn items<'a>(
    head: &'a [(Option<Place>, TokenStream)],
    impls: &'a [TokenStream],
    public: &'a [TokenStream],
) -> Vec<&'a TokenStream> {
    head.iter()
        .map(|(_, item)| item)
        .chain(impls)
        .chain(public)
        .collect()
}

struct Gen<'a> {
    set: &'a SchemaSet,
    options: &'a Options,
    /// `$ref` targets and entry points: schema location to function index.
    index: BTreeMap<Location, usize>,
    queue: VecDeque<(Location, usize)>,
    /// Functions made for subschemas: their code (but name and doc) to their index.
    shared: HashMap<String, usize>,
    /// The functions called from outside the validator module (`pub(super)`): the entries of
    /// targets without a Rust type, whose validators are free functions.
    exported: HashSet<usize>,
    /// Subschema locations to the index of their function, so that each is made once.
    made: HashMap<Location, usize>,
    /// Functions made since the sink last took them.
    ready: Vec<(Place, TokenStream)>,
    /// Functions numbered so far.
    count: usize,
    /// The schema location of the function being made: the generated `at`.
    current: Location,
    /// Statics (property tables, regexes, constants), with the place of the schema each was
    /// made for.
    statics: Vec<(Place, TokenStream)>,
    regexes: BTreeMap<String, syn::Ident>,
    constants: BTreeMap<String, syn::Ident>,
    /// Property tables (`static On: rt::Object`) by their text, shared by the value validators
    /// and the typed ones that check their `extra` map against the same names.
    tables: HashMap<String, syn::Ident>,
    /// The same tables by the schema they were made for and the `required` names they check.
    table_at: HashMap<(Location, Vec<String>), syn::Ident>,
    /// The checks of string and number fields that typed validators call (`c{n}`, with the
    /// place of the schema each was first made for), and their index by their code: fields
    /// whose schemas ask the same share one function.
    scalar_fns: Vec<(Place, TokenStream)>,
    scalar_index: HashMap<String, usize>,
    /// The file-name constants used so far (`const F3: &str = "x.json";`), by document. Each is
    /// numbered by its document, so that they are listed in order and keep their numbers
    /// whichever code names them first.
    files: BTreeSet<usize>,
    /// Resource URI to (id, its `$dynamicAnchor` names to their locations).
    resources: BTreeMap<String, (u32, BTreeMap<String, Location>)>,
    /// Anchor names some dynamic `$dynamicRef` looks up, with their ids.
    dynamic_names: BTreeMap<String, u32>,
    /// Whether the code made since it was last reset can break out of the labelled body of a
    /// function (a check that can fail): set by `fail` and `call`.
    breaks_body: Cell<bool>,
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
            shared: HashMap::new(),
            exported: HashSet::new(),
            made: HashMap::new(),
            ready: Vec::new(),
            count: 0,
            current: Location {
                doc: 0,
                pointer: String::new(),
            },
            statics: Vec::new(),
            regexes: BTreeMap::new(),
            constants: BTreeMap::new(),
            tables: HashMap::new(),
            table_at: HashMap::new(),
            scalar_fns: Vec::new(),
            scalar_index: HashMap::new(),
            files: BTreeSet::new(),
            resources: BTreeMap::new(),
            dynamic_names: BTreeMap::new(),
            breaks_body: Cell::new(false),
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
        let i = self.count;
        self.count += 1;
        self.index.insert(location.clone(), i);
        self.queue.push_back((location.clone(), i));
        Ok(i)
    }

    /// The function that validates the schema at `location` (a `$ref` target or an entry
    /// point): a shared one when it checks nothing.
    fn fn_ident(&mut self, location: &Location) -> Result<TokenStream> {
        if self.checks_nothing(location) {
            return Ok(quote!(rt::any));
        }
        let name = format_ident!("s{}", self.function(location)?);
        Ok(quote!(#name))
    }

    /// The absolute `rt::At` of a `$ref` target.
    fn absolute_at(&mut self, location: &Location) -> TokenStream {
        let file = self.file_const(location.doc);
        root_at(&file, &self.set.written_pointer(location))
    }

    /// The function for the subschema at `location`, at or below the current function's schema,
    /// and its `rt::At`: the function of a `$ref` target or entry point if it is one, else one
    /// made now or an equal one made before.
    fn sub(&mut self, location: &Location) -> Result<Sub> {
        let relative = self.relative(location);
        let f = match self.leaf(location) {
            Some(Leaf::Any) => quote!(rt::any),
            _ if self.index.contains_key(location) => self.fn_ident(location)?,
            _ => {
                let name = format_ident!("s{}", self.sub_index(location)?);
                quote!(#name)
            }
        };
        Ok(Sub { f, relative })
    }

    /// The index of the function for the subschema at `location` (see [`Gen::sub`]).
    fn sub_index(&mut self, location: &Location) -> Result<usize> {
        if let Some(&index) = self.made.get(location) {
            return Ok(index);
        }
        let saved = std::mem::replace(&mut self.current, location.clone());
        let breaks = self.breaks_body.replace(false);
        let made = self.schema_fn_parts(location);
        self.current = saved;
        self.breaks_body.set(breaks);
        let (attrs, rest) = made?;
        let key = format!("{attrs} {rest}");
        let index = match self.shared.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.count;
                self.count += 1;
                let item = self.item(location, i, attrs, rest);
                self.ready.push((self.place(location, ""), item));
                self.shared.insert(key, i);
                i
            }
        };
        self.made.insert(location.clone(), index);
        Ok(index)
    }

    /// The function `s{index}` made of `schema_fn_parts`, with the location it was made for as
    /// its doc (`public`: an entry point, called from outside the module).
    fn item(
        &self,
        location: &Location,
        index: usize,
        attrs: TokenStream,
        rest: TokenStream,
    ) -> TokenStream {
        let name = format_ident!("s{}", index);
        let doc = format!(
            " {}#{}",
            self.set
                .document(location.doc)
                .display_name()
                .escape_debug(),
            self.set.written_pointer(location).escape_debug()
        );
        let visibility = self.exported.contains(&index).then(|| quote!(pub(super)));
        quote!(#[doc = #doc] #attrs #visibility fn #name #rest)
    }

    /// The pointer of `location`, below the current function's schema, relative to it (as the
    /// file writes it, see [`SchemaSet::written_pointer`]).
    fn relative(&self, location: &Location) -> String {
        debug_assert_eq!(location.doc, self.current.doc);
        let (written, current) = (
            self.set.written_pointer(location),
            self.set.written_pointer(&self.current),
        );
        match written.strip_prefix(current.as_str()) {
            Some(rest) => rest.to_string(),
            None => {
                debug_assert!(false, "{location:?} is not below {:?}", self.current);
                written
            }
        }
    }

    /// Whether the schema at `location` checks nothing (`true`, `{}`, only annotations).
    pub(in crate::validate) fn checks_nothing(&self, location: &Location) -> bool {
        matches!(self.leaf(location), Some(Leaf::Any))
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
        })
    }

    /// Generates every queued function, then the ones dynamic scopes can reach, handing each
    /// to `sink`.
    fn drain(&mut self, sink: &mut dyn FnMut(Place, TokenStream) -> Result<()>) -> Result<()> {
        loop {
            for (place, f) in std::mem::take(&mut self.ready) {
                sink(place, f)?;
            }
            while let Some((location, i)) = self.queue.pop_front() {
                self.current = location.clone();
                self.breaks_body.set(false);
                let (attrs, rest) = self.schema_fn_parts(&location)?;
                for (place, f) in std::mem::take(&mut self.ready) {
                    sink(place, f)?;
                }
                sink(
                    self.place(&location, ""),
                    self.item(&location, i, attrs, rest),
                )?;
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
        self.files.insert(doc);
        format_ident!("F{doc}")
    }

    /// `at, "suffix"`, the arguments that name `suffix` below `location` (always the current
    /// function's schema, which `at` is) for `cx.fail`.
    fn loc(&self, location: &Location, suffix: &str) -> TokenStream {
        debug_assert_eq!(location, &self.current);
        let below = Location {
            doc: location.doc,
            pointer: format!("{}{suffix}", location.pointer),
        };
        let suffix = self.relative(&below);
        quote!(at, #suffix)
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
        let place = self.place(location, keyword_suffix);
        self.statics.push((
            place,
            quote! {
                #[doc = #doc]
                static #ident: ::std::sync::LazyLock<rt::Regex> = ::std::sync::LazyLock::new(|| #init);
            },
        ));
        self.regexes.insert(pattern.to_string(), ident.clone());
        Ok(ident)
    }

    /// A condition that is true when `inst` (a `&Value`) equals the JSON value `expected`.
    fn equals(&mut self, inst: &TokenStream, expected: &Value) -> TokenStream {
        match expected {
            Value::Null => quote!(matches!(rt::node(#inst), rt::Node::Null)),
            Value::Bool(b) => quote!(matches!(rt::node(#inst), rt::Node::Bool(#b))),
            Value::String(s) => quote!(matches!(rt::node(#inst), rt::Node::String(#s))),
            Value::Number(n) => {
                let num = num_tokens(n);
                quote!(matches!(rt::node(#inst), rt::Node::Number(n)
                    if rt::cmp_num(n, #num) == ::std::option::Option::Some(::std::cmp::Ordering::Equal)))
            }
            _ => {
                let json = expected.to_string();
                let ident = match self.constants.get(&json) {
                    Some(ident) => ident.clone(),
                    None => {
                        let ident = format_ident!("C{}", self.constants.len());
                        let place = self.place(&self.current, "");
                        self.statics.push((
                            place,
                            quote! {
                                static #ident: ::std::sync::LazyLock<::serde_json::Value> =
                                    ::std::sync::LazyLock::new(|| rt::constant(#json));
                            },
                        ));
                        self.constants.insert(json, ident.clone());
                        ident
                    }
                };
                quote!(rt::json_eq(#inst, &*#ident))
            }
        }
    }

    /// The function for the schema at `location` (the current one) but its name and doc: its
    /// attributes, and its parameters and body.
    fn schema_fn_parts(&mut self, location: &Location) -> Result<(TokenStream, TokenStream)> {
        let nothing = || {
            quote! {
                (_: &Value, _: &Path, _: &At, _: &mut Cx, _: Ev) -> bool {
                    true
                }
            }
        };
        if let Some(Leaf::Type { bits, expected, .. }) = self.leaf(location) {
            return Ok((
                TokenStream::new(),
                quote! {
                    (inst: &Value, path: &Path, at: &At, cx: &mut Cx, _: Ev) -> bool {
                        rt::of_type(inst, #bits, #expected, path, at, cx)
                    }
                },
            ));
        }
        // The set outlives `self`'s borrows: the schema is read in place.
        let set = self.set;
        let map = match set.get(location).unwrap_or(&Value::Bool(true)) {
            Value::Bool(true) => return Ok((TokenStream::new(), nothing())),
            Value::Bool(false) => {
                let loc = self.loc(location, "");
                return Ok((
                    TokenStream::new(),
                    quote! {
                        (inst: &Value, path: &Path, at: &At, cx: &mut Cx, _: Ev) -> bool {
                            cx.fail(path, "false", #loc, || ::std::format!("no value is allowed here, found {}", rt::show(inst)));
                            false
                        }
                    },
                ));
            }
            Value::Object(map) => map,
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
            steps: Vec::new(),
            mode,
            uses_ev: Cell::new(false),
            always_fails: false,
        };
        self.breaks_body.set(false);
        self.keywords(location, map, &mut body)?;

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
        let can_fail = self.breaks_body.get();
        if checks.is_empty() {
            return Ok((TokenStream::new(), nothing()));
        }
        if let (true, Some((first, rest))) =
            (body.steps.len() == checks.len(), body.steps.split_first())
        {
            if mode == EvalMode::Caller && push.is_empty() {
                return Ok((TokenStream::new(), chained(&body, first, rest)));
            }
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
        Ok((
            allow,
            quote! {
                (inst: &Value, path: &Path, at: &At, cx: &mut Cx, ev: Ev) -> bool {
                    if !cx.enter(path, at) {
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
            },
        ))
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

    /// Code recording a failure of `keyword` (at `location`) with the message expression.
    fn fail(&mut self, location: &Location, keyword: &str, message: TokenStream) -> TokenStream {
        let suffix = format!("/{}", escape_token(keyword));
        self.fail_at(location, &suffix, keyword, message)
    }

    /// `fail` for a keyword whose pointer is `suffix` below `location` (`/dependentRequired/a`).
    fn fail_at(
        &mut self,
        location: &Location,
        suffix: &str,
        keyword: &str,
        message: TokenStream,
    ) -> TokenStream {
        self.breaks_body.set(true);
        let loc = self.loc(location, suffix);
        quote! {
            valid = false;
            if !cx.fail(path, #keyword, #loc, || #message) {
                break 'body false;
            }
        }
    }

    /// Adds `with_type`, a runtime step that checks `type: name` too, in place of the schema's
    /// only check so far when that is `type: name`; else adds `alone` after the checks.
    fn step_with_type(
        &self,
        body: &mut Body,
        name: &str,
        with_type: TokenStream,
        alone: TokenStream,
    ) {
        if body.only_step_is(&keywords::type_step(&[name])) {
            body.checks.clear();
            body.steps.clear();
            self.step(body, with_type);
        } else {
            self.step(body, alone);
        }
    }

    /// Adds a check that is one `bool` expression to `body`.
    fn step(&self, body: &mut Body, check: TokenStream) {
        let block = matches!(
            check.clone().into_iter().next(),
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace
        );
        body.checks.push(if block {
            // Bound first: a block with statements does not belong in an `if` condition.
            let call = self.call(quote!(r));
            quote!({ let r = #check; #call })
        } else {
            self.call(check.clone())
        });
        body.steps.push(check);
    }

    /// Code applying a subschema call (a `bool` expression) in the current mode.
    fn call(&self, call: TokenStream) -> TokenStream {
        self.call_when(None, call)
    }

    /// `call`, made only when `condition` holds.
    fn call_when(&self, condition: Option<TokenStream>, call: TokenStream) -> TokenStream {
        self.breaks_body.set(true);
        let condition = condition.map(|c| quote!(#c &&));
        quote! {
            if #condition !#call && cx.stop(&mut valid) {
                break 'body false;
            }
        }
    }
}

/// A schema function whose checks are all steps, `first` and `rest`.
fn chained(body: &Body, first: &TokenStream, rest: &[TokenStream]) -> TokenStream {
    let ev = if body.uses_ev.get() {
        quote!(mut ev)
    } else {
        quote!(_)
    };
    let body = chain(first, rest);
    quote! {
        (inst: &Value, path: &Path, at: &At, cx: &mut Cx, #ev: Ev) -> bool {
            #body
        }
    }
}

/// The statements of a validator made of steps (`bool` expressions): each runs while the
/// verdict holds (or always, when collecting errors), as a labelled body with a `break` per
/// check would run them, between entering and leaving one level of depth.
fn chain(first: &TokenStream, rest: &[TokenStream]) -> TokenStream {
    quote! {
        if !cx.enter(path, at) {
            return false;
        }
        let valid = #first;
        #(let valid = cx.goes_on(valid) && #rest & valid;)*
        cx.leave();
        valid
    }
}

/// A generated type's path (`module::Type`) as the validator module writes it: as is, through
/// the module's `use super::*`, unless its first segment could be a name the module defines or
/// imports (`rt`, `Path`, `s12`, ...), which would shadow it; then from `super::`.
fn type_path(ty: &TokenStream) -> TokenStream {
    let first = match ty.clone().into_iter().next() {
        Some(TokenTree::Ident(ident)) => ident.to_string(),
        _ => return quote!(super::#ty),
    };
    let numbered = {
        let letters = first.trim_end_matches(|c: char| c.is_ascii_digit());
        letters.len() < first.len() && letters.chars().all(|c| c.is_ascii_alphabetic())
    };
    let imported = ["rt", "At", "Cx", "Ev", "Path", "Value", "dynamic"].contains(&first.as_str());
    if numbered || imported {
        quote!(super::#ty)
    } else {
        ty.clone()
    }
}

/// `&rt::At` of the schema at `pointer` in the file named by the constant `file`: `rt::root` for
/// the file's root (shorter, and a call prettyplease keeps on one line).
fn root_at(file: &syn::Ident, pointer: &str) -> TokenStream {
    if pointer.is_empty() {
        quote!(&rt::root(#file))
    } else {
        quote!(&rt::At::Root(#file, #pointer))
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
pub(crate) const ANNOTATIONS: &[&str] = &[
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

/// A subschema's function, and its pointer below the caller's schema.
struct Sub {
    f: TokenStream,
    relative: String,
}

impl Sub {
    /// The function, and the `rt::At` it is called with.
    fn call(self) -> (TokenStream, TokenStream) {
        let relative = &self.relative;
        let at = if relative.is_empty() {
            quote!(at)
        } else {
            quote!(&rt::At::Child(at, #relative))
        };
        (self.f, at)
    }
}

/// A schema simple enough to need no full function (see `Gen::leaf`).
enum Leaf {
    /// Checks nothing.
    Any,
    /// Checks only `type`: the `rt` bits and the type names' text for the error message.
    Type { bits: TokenStream, expected: String },
}

/// The keyword code of one function, and where its annotations go.
struct Body {
    checks: Vec<TokenStream>,
    /// The checks that are one `bool` expression each (pushed by [`Gen::step`]); when every
    /// check is, the function chains them instead of breaking out of a labelled body.
    steps: Vec<TokenStream>,
    mode: EvalMode,
    /// Whether the code reads the caller's evaluated set (else the parameter stays unused).
    uses_ev: Cell<bool>,
    /// A check fails whatever the instance (`enum: []`, `type: []`).
    always_fails: bool,
}

impl Body {
    /// Whether the only check so far is the step `step`.
    fn only_step_is(&self, step: &TokenStream) -> bool {
        self.checks.len() == 1
            && self.steps.len() == 1
            && self.steps[0].to_string() == step.to_string()
    }

    /// The call of an in-place subschema whose failure fails this schema (`allOf`, `$ref`,
    /// `then`, ...), made by `call` from the evaluated-set argument. With a set of its own
    /// (`unevaluated*`), the subschema's annotations count only when it holds
    /// (`rt::annotating`); else they go to the caller's set, which drops them anyway when this
    /// schema fails.
    fn in_place(&self, call: impl FnOnce(TokenStream) -> TokenStream) -> TokenStream {
        self.uses_ev.set(true);
        match self.mode {
            EvalMode::Local => {
                let call = call(quote!(ev));
                quote!(rt::annotating(&mut local, |ev| #call))
            }
            EvalMode::Caller => call(quote!(rt::reborrow(&mut ev))),
        }
    }

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

/// `text` as a literal part of a `format!` string.
fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_path_leaves_super_out_unless_a_name_of_the_module_could_shadow_it() {
        let path =
            |text: &str| type_path(&syn::parse_str::<TokenStream>(text).unwrap()).to_string();
        assert_eq!(path("discovery::ListRequest"), "discovery :: ListRequest");
        assert_eq!(path("b2b_idp::Scope"), "b2b_idp :: Scope");
        for shadowed in [
            "rt::Thing",
            "Path",
            "Value",
            "s12::Thing",
            "v1::Thing",
            "dynamic::X",
        ] {
            assert!(path(shadowed).starts_with("super ::"), "{shadowed}");
        }
    }
}
