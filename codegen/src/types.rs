//! Rust types: typify turns the planned, lowered schemas into items, and this module reshapes its
//! output into what users get: one module per namespace with short names, forward-compatible
//! string enums, and fields that keep `[]`, `{}` and `null` distinct from an absent property.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use syn::visit_mut::VisitMut;

use crate::docs::{doc_text, DocRewriter};
use crate::error::{Error, Result};
use crate::load::SchemaSet;
use crate::names::RustPath;
use crate::plan::{admits_null, Plan};

/// Settings that shape the generated types.
#[derive(Clone, Debug)]
pub struct TypeOptions {
    /// Give string enums an `Unknown(String)` variant for values added after generation.
    pub open_enums: bool,
}

impl Default for TypeOptions {
    fn default() -> Self {
        TypeOptions { open_enums: true }
    }
}

/// The generated types, grouped by module.
#[derive(Default)]
pub struct Types {
    /// Items placed at the root of the generated file (shared support code).
    pub root: Vec<syn::Item>,
    pub modules: BTreeMap<String, Vec<syn::Item>>,
    /// Number of named types (structs, enums, newtypes) generated.
    pub count: usize,
    /// Schemas typify could not handle, which fell back to `serde_json::Value`.
    pub fallbacks: Vec<String>,
}

/// A generated struct as the typed validators see it: each field and how it serializes.
#[derive(Clone, Debug)]
pub struct StructShape {
    pub fields: Vec<StructField>,
}

/// One field of a [`StructShape`].
#[derive(Clone)]
pub struct StructField {
    pub ident: syn::Ident,
    /// The JSON property name.
    pub wire: String,
    pub ty: syn::Type,
    /// `skip_serializing_if = Option::is_none`: `None` is an absent property.
    pub skip_none: bool,
    /// `#[serde(flatten)]`: the map of the properties the schema does not name.
    pub flatten: bool,
}

impl std::fmt::Debug for StructField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ty = &self.ty;
        f.debug_struct("StructField")
            .field("ident", &self.ident)
            .field("wire", &self.wire)
            .field("ty", &quote!(#ty).to_string())
            .field("skip_none", &self.skip_none)
            .field("flatten", &self.flatten)
            .finish()
    }
}

impl Types {
    /// The shape of the struct generated for `path`, if it is a struct with named fields whose
    /// serde attributes are all ones the typed validators understand (else `None`: such a type
    /// is validated through its JSON form).
    pub fn struct_shape(&self, path: &RustPath) -> Option<StructShape> {
        let item = self
            .modules
            .get(&path.module)?
            .iter()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == path.name => Some(s),
                _ => None,
            })?;
        // Container attributes: only `deny_unknown_fields` keeps the JSON form field by field.
        for attr in item.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            let mut ok = true;
            let _ = attr.parse_nested_meta(|meta| {
                ok &= meta.path.is_ident("deny_unknown_fields");
                Ok(())
            });
            if !ok {
                return None;
            }
        }
        let syn::Fields::Named(named) = &item.fields else {
            return None;
        };
        let mut fields = Vec::new();
        for field in &named.named {
            let ident = field.ident.clone()?;
            let serde = SerdeField::parse(&field.attrs);
            let serde = serde.as_ref();
            // Anything else could change the JSON form (e.g. `serialize_with`).
            let understood = serde.is_none_or(|f| {
                !f.other
                    && f.skip
                        .as_deref()
                        .is_none_or(|s| s.ends_with("Option::is_none"))
                    && f.deserialize_with
                        .as_deref()
                        .is_none_or(|d| d.ends_with("serde_support::deserialize_some"))
            });
            if !understood {
                return None;
            }
            fields.push(StructField {
                wire: serde
                    .and_then(|f| f.rename.clone())
                    .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string()),
                ident,
                ty: field.ty.clone(),
                skip_none: serde.is_some_and(|f| f.skip.is_some()),
                flatten: serde.is_some_and(|f| f.flatten),
            });
        }
        Some(StructShape { fields })
    }
}

pub fn generate(set: &SchemaSet, plan: &mut Plan, options: &TypeOptions) -> Result<Types> {
    let mut fallbacks = Vec::new();
    let stream = match run_typify(plan) {
        Ok(stream) => stream,
        Err(_) => {
            // Find the schemas typify fails on, one at a time, and fall back to JSON values.
            for index in 0..plan.defs.len() {
                if let Err(message) = run_typify_isolated(plan, index) {
                    fallbacks.push(format!(
                        "{}: typify cannot generate a type ({message}); using serde_json::Value",
                        set.place(&plan.defs[index].location)
                    ));
                    let description = plan.defs[index].lowered.get("description").cloned();
                    plan.defs[index].lowered = match description {
                        Some(d) => serde_json::json!({ "description": d }),
                        None => serde_json::json!({}),
                    };
                }
            }
            run_typify(plan).map_err(|message| Error::TypeGeneration {
                place: set.place(&plan.defs.first().map(|d| d.location.clone()).unwrap_or(
                    crate::load::Location {
                        doc: 0,
                        pointer: String::new(),
                    },
                )),
                message,
            })?
        }
    };
    let file: syn::File = syn::parse2(stream).map_err(|e| Error::TypeGeneration {
        place: set.place(&crate::load::Location::root(0)),
        message: format!("typify produced code that does not parse: {e}"),
    })?;
    let mut types = reshape(set, plan, options, file)?;
    types.fallbacks = fallbacks;
    Ok(types)
}

fn settings() -> typify::TypeSpaceSettings {
    let mut settings = typify::TypeSpaceSettings::default();
    settings
        .with_struct_builder(false)
        .with_derive("PartialEq".to_string())
        // Sorted maps keep serialization deterministic.
        .with_map_type("::std::collections::BTreeMap".to_string());
    settings
}

/// Runs typify on every planned type; a panic inside typify becomes an `Err`.
fn run_typify(plan: &Plan) -> std::result::Result<TokenStream, String> {
    let defs: Vec<(String, Value)> = plan
        .defs
        .iter()
        .map(|d| (d.internal.clone(), d.lowered.clone()))
        .collect();
    typify_defs(defs)
}

/// Runs typify on one planned type with every other one replaced by an unconstrained schema.
fn run_typify_isolated(plan: &Plan, index: usize) -> std::result::Result<TokenStream, String> {
    let defs: Vec<(String, Value)> = plan
        .defs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let schema = if i == index {
                d.lowered.clone()
            } else {
                serde_json::json!({})
            };
            (d.internal.clone(), schema)
        })
        .collect();
    typify_defs(defs)
}

fn typify_defs(defs: Vec<(String, Value)>) -> std::result::Result<TokenStream, String> {
    let mut schemas = Vec::with_capacity(defs.len());
    for (name, value) in defs {
        let schema: schemars::schema::Schema =
            serde_json::from_value(value).map_err(|e| e.to_string())?;
        schemas.push((name, schema));
    }
    quietly(move || {
        let mut space = typify::TypeSpace::new(&settings());
        space.add_ref_types(schemas).map_err(|e| e.to_string())?;
        Ok(space.to_stream())
    })
}

/// Runs `f`, turning a panic into an error without printing the panic message.
fn quietly<T>(
    f: impl FnOnce() -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    match result {
        Ok(result) => result,
        Err(payload) => Err(payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "typify panicked".to_string())),
    }
}

/// Which module and name each typify type gets.
struct Renames {
    /// typify name -> (module, final name)
    map: BTreeMap<String, (String, String)>,
}

impl Renames {
    fn target(&self, typify_name: &str) -> Option<&(String, String)> {
        self.map.get(typify_name)
    }
}

fn reshape(set: &SchemaSet, plan: &Plan, options: &TypeOptions, file: syn::File) -> Result<Types> {
    // First pass: name every type typify produced.
    let mut renames = Renames {
        map: BTreeMap::new(),
    };
    let mut declared: BTreeMap<(String, String), String> = BTreeMap::new();
    // Planned types first: a type typify derived inside one yields its name to them.
    let (planned, derived): (Vec<&syn::Ident>, Vec<&syn::Ident>) = file
        .items
        .iter()
        .filter_map(declared_ident)
        .partition(|ident| {
            plan.owner_of(&ident.to_string())
                .is_some_and(|(index, name)| name == plan.defs[index].path.name)
        });
    for ident in planned {
        let name = ident.to_string();
        let Some((index, final_name)) = plan.owner_of(&name) else {
            continue;
        };
        let key = (plan.defs[index].path.module.clone(), final_name.to_string());
        if let Some(first) = declared.get(&key) {
            let first_index = plan.owner_of(first).map(|(i, _)| i).unwrap_or(index);
            return Err(Error::NameCollision {
                name: format!("{}::{}", key.0, key.1),
                first: set.place(&plan.defs[first_index].location),
                second: set.place(&plan.defs[index].location),
            });
        }
        declared.insert(key.clone(), name.clone());
        renames.map.insert(name, key);
    }
    for ident in derived {
        let name = ident.to_string();
        let Some((index, final_name)) = plan.owner_of(&name) else {
            continue;
        };
        let module = plan.defs[index].path.module.clone();
        let mut key = (module.clone(), final_name.to_string());
        let mut suffix = 1;
        while declared.contains_key(&key) {
            suffix += 1;
            key.1 = format!("{final_name}{suffix}");
        }
        declared.insert(key.clone(), name.clone());
        renames.map.insert(name, key);
    }

    let mut types = Types::default();
    let derive_default = field_wise_defaults(&file.items);
    let mut open_enums: BTreeSet<String> = BTreeSet::new();
    let mut enum_items: Vec<(String, syn::ItemEnum)> = Vec::new();
    for item in file.items {
        let owner = item_owner(&item);
        let Some(owner) = owner.filter(|o| renames.target(o).is_some()) else {
            // typify's shared `error` module and anything else not tied to one type.
            types.root.push(item);
            continue;
        };
        let (module, _) = renames.target(&owner).cloned().unwrap_or_default();
        match item {
            syn::Item::Enum(e) if options.open_enums && is_string_enum(&e) => {
                open_enums.insert(owner.clone());
                enum_items.push((module, e));
            }
            // typify's Display/FromStr/TryFrom impls for string enums are replaced below.
            syn::Item::Impl(_) if open_enums.contains(&owner) => {}
            // Replaced by `#[derive(Default)]` on the struct.
            syn::Item::Impl(imp) if field_wise_default(&imp).is_some() => {}
            mut item => {
                match &mut item {
                    syn::Item::Struct(s) => {
                        reshape_fields(plan, &s.ident, &mut s.fields);
                        dedup_field_names(&mut s.fields);
                        if derive_default.contains(&s.ident.to_string()) {
                            add_derive(&mut s.attrs, quote!(Default));
                        }
                    }
                    // The `Object { .. }` variant of a schema that has properties but no `type`.
                    syn::Item::Enum(e) => {
                        for variant in e.variants.iter_mut() {
                            reshape_fields(plan, &e.ident, &mut variant.fields);
                            dedup_field_names(&mut variant.fields);
                        }
                    }
                    _ => {}
                }
                if declared_ident(&item).is_some() {
                    types.count += 1;
                    document(set, plan, &owner, &mut item);
                }
                types.modules.entry(module).or_default().push(item);
            }
        }
    }
    for (module, e) in enum_items {
        let owner = e.ident.to_string();
        let mut items = open_enum(&e);
        types.count += 1;
        if let Some(first) = items.first_mut() {
            document(set, plan, &owner, first);
        }
        types.modules.entry(module).or_default().extend(items);
    }
    // Second pass: give every reference to a generated type its final path.
    for (module, items) in types.modules.iter_mut() {
        let mut rewriter = PathRewriter {
            renames: &renames,
            module,
        };
        for item in items.iter_mut() {
            rewriter.visit_item_mut(item);
            DocRewriter.visit_item_mut(item);
        }
    }
    let code: String = types
        .modules
        .values()
        .flatten()
        .map(|item| quote!(#item).to_string())
        .collect();
    // typify's `error` module is only kept when a generated type uses it.
    if !code.contains("ConversionError") {
        types
            .root
            .retain(|item| !matches!(item, syn::Item::Mod(m) if m.ident == "error"));
    }
    let helpers = serde_support(
        code.contains("deserialize_some"),
        code.contains("StrVisitor"),
    );
    if let Some(helpers) = helpers {
        types.root.push(helpers);
    }
    Ok(types)
}

/// The serde helpers the generated types use, if any.
fn serde_support(deserialize_some: bool, str_visitor: bool) -> Option<syn::Item> {
    if !deserialize_some && !str_visitor {
        return None;
    }
    let deserialize_some = deserialize_some.then(|| {
        quote! {
            /// Deserializes a present property (`null` included) as `Some`: `None` means absent.
            pub(super) fn deserialize_some<'de, D, T>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<T>, D::Error>
            where
                D: ::serde::Deserializer<'de>,
                T: ::serde::Deserialize<'de>,
            {
                <T as ::serde::Deserialize>::deserialize(deserializer).map(::std::option::Option::Some)
            }
        }
    });
    let str_visitor = str_visitor.then(|| {
        quote! {
            /// Deserializes a string through `From<&str>` without allocating for known values.
            pub(super) struct StrVisitor<T>(pub(super) ::std::marker::PhantomData<T>);

            impl<'de, T: for<'a> ::std::convert::From<&'a str>> ::serde::de::Visitor<'de> for StrVisitor<T> {
                type Value = T;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("a string")
                }

                fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
                    ::std::result::Result::Ok(T::from(value))
                }
            }
        }
    });
    Some(syn::parse_quote! {
        /// Serde helpers shared by the generated types.
        mod serde_support {
            #deserialize_some
            #str_visitor
        }
    })
}

/// The name a struct, enum or type alias declares.
fn declared_ident(item: &syn::Item) -> Option<&syn::Ident> {
    match item {
        syn::Item::Struct(s) => Some(&s.ident),
        syn::Item::Enum(e) => Some(&e.ident),
        syn::Item::Type(t) => Some(&t.ident),
        _ => None,
    }
}

/// The structs typify gives a hand-written `Default` that defaults every field, which a derive
/// says more simply (and clippy asks for).
fn field_wise_defaults(items: &[syn::Item]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) => field_wise_default(imp),
            _ => None,
        })
        .collect()
}

/// The type an `impl Default` is for, when its body is `Self { a: Default::default(), .. }`.
fn field_wise_default(imp: &syn::ItemImpl) -> Option<String> {
    let (_, trait_path, _) = imp.trait_.as_ref()?;
    if trait_path.segments.last()?.ident != "Default" || imp.items.len() != 1 {
        return None;
    }
    let syn::ImplItem::Fn(f) = &imp.items[0] else {
        return None;
    };
    let [syn::Stmt::Expr(syn::Expr::Struct(body), None)] = f.block.stmts.as_slice() else {
        return None;
    };
    let all_default = body.rest.is_none()
        && body.fields.iter().all(|field| {
            matches!(&field.expr, syn::Expr::Call(call)
                if call.args.is_empty()
                    && quote!(#call).to_string() == quote!(Default::default()).to_string())
        });
    let syn::Type::Path(self_ty) = &*imp.self_ty else {
        return None;
    };
    all_default.then(|| self_ty.path.segments.last().map(|s| s.ident.to_string()))?
}

/// Adds a trait to an item's `#[derive(...)]`.
fn add_derive(attrs: &mut [syn::Attribute], name: TokenStream) {
    if let Some(attr) = attrs.iter_mut().find(|a| a.path().is_ident("derive")) {
        if let syn::Meta::List(list) = &mut attr.meta {
            let tokens = &list.tokens;
            list.tokens = quote!(#tokens, #name);
        }
    }
}

/// The generated type an item belongs to: its own name, or for an impl the first generated type
/// it mentions (its self type first, e.g. `impl From<A> for String` belongs to `A`).
fn item_owner(item: &syn::Item) -> Option<String> {
    if let Some(ident) = declared_ident(item) {
        return Some(ident.to_string());
    }
    let syn::Item::Impl(imp) = item else {
        return None;
    };
    let mut finder = FirstGenerated(None);
    syn::visit::Visit::visit_type(&mut finder, &imp.self_ty);
    if finder.0.is_none() {
        if let Some((_, path, _)) = &imp.trait_ {
            syn::visit::Visit::visit_path(&mut finder, path);
        }
    }
    finder.0
}

struct FirstGenerated(Option<String>);

impl<'ast> syn::visit::Visit<'ast> for FirstGenerated {
    fn visit_ident(&mut self, ident: &'ast syn::Ident) {
        let name = ident.to_string();
        if self.0.is_none() && name.starts_with("Zz") {
            self.0 = Some(name);
        }
    }
}

/// Rewrites `ZzNxName` references to `Name` (same module) or `super::module::Name`, and typify's
/// `self::error` paths to the root's `error` module.
struct PathRewriter<'a> {
    renames: &'a Renames,
    module: &'a str,
}

impl VisitMut for PathRewriter<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        // Decide on the first segment before its ident is renamed by `visit_ident_mut`.
        let target = match path.segments.first() {
            Some(first) if path.leading_colon.is_none() => {
                self.renames.target(&first.ident.to_string()).cloned()
            }
            _ => None,
        };
        let is_self_path = path.leading_colon.is_none()
            && path.segments.len() >= 2
            && path.segments[0].ident == "self";
        syn::visit_mut::visit_path_mut(self, path);
        if is_self_path {
            path.segments[0].ident = syn::Ident::new("super", Span::call_site());
            return;
        }
        let Some((module, _)) = target else {
            return;
        };
        if module != self.module {
            let module_ident = format_ident!("{}", module);
            let mut qualified: syn::Path = syn::parse_quote!(super::#module_ident);
            qualified.segments.extend(path.segments.iter().cloned());
            *path = qualified;
        }
    }

    /// Every `ZzNx...` identifier (type names, and variants typify named after types) gets its
    /// final name.
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if let Some((_, name)) = self.renames.target(&ident.to_string()) {
            *ident = format_ident!("{}", name);
        }
    }
}

/// Replaces typify's docs (which show the lowered schema) with the schema's description, its
/// original name and where it comes from.
fn document(set: &SchemaSet, plan: &Plan, owner: &str, item: &mut syn::Item) {
    let Some((index, name)) = plan.owner_of(owner) else {
        return;
    };
    let def = &plan.defs[index];
    let attrs = match item {
        syn::Item::Struct(s) => &mut s.attrs,
        syn::Item::Enum(e) => &mut e.attrs,
        syn::Item::Type(t) => &mut t.attrs,
        _ => return,
    };
    let is_def_itself = name == def.path.name;
    let mut lines: Vec<String> = Vec::new();
    if is_def_itself {
        attrs.retain(|a| !a.path().is_ident("doc"));
        if let Some(description) = set.get(&def.location).and_then(|s| s.get("description")) {
            if let Some(text) = description.as_str() {
                lines.extend(text.lines().map(str::to_string));
                lines.push(String::new());
            }
        }
        let file = set.document(def.location.doc).display_name();
        lines.push(format!(
            "Generated from the schema `{}` (`{}#{}`).",
            def.original_name.replace('`', "'"),
            file,
            def.location.pointer
        ));
    } else {
        // A type typify derived from a property or variant: keep its description, drop the
        // lowered-schema dump.
        let mut kept = Vec::new();
        let mut in_dump = false;
        for attr in attrs.drain(..) {
            if attr.path().is_ident("doc") {
                let text = doc_text(&attr).unwrap_or_default();
                // typify's first line names the type by its internal name.
                if text.trim() == format!("`{owner}`") {
                    continue;
                }
                if text.contains("<details>") {
                    in_dump = true;
                }
                if in_dump {
                    if text.contains("</details>") {
                        in_dump = false;
                    }
                    continue;
                }
            }
            kept.push(attr);
        }
        *attrs = kept;
        lines.push(format!(
            "Part of `{}`, generated from the schema `{}`.",
            def.path.name,
            def.original_name.replace('`', "'")
        ));
    }
    let docs: Vec<syn::Attribute> = lines
        .iter()
        .map(|line| {
            let text = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            syn::parse_quote!(#[doc = #text])
        })
        .collect();
    let mut new_attrs = docs;
    new_attrs.append(attrs);
    *attrs = new_attrs;
}

/// Whether typify produced a string enum: every variant is a unit variant.
fn is_string_enum(e: &syn::ItemEnum) -> bool {
    !e.variants.is_empty()
        && e.variants
            .iter()
            .all(|v| matches!(v.fields, syn::Fields::Unit))
}

/// The wire name of an enum variant or field: its `#[serde(rename = "...")]`, else its ident.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

/// A forward-compatible string enum: typify's variants plus `Unknown(String)`, with hand-rolled
/// serde impls that keep an unknown value and write it back unchanged.
fn open_enum(e: &syn::ItemEnum) -> Vec<syn::Item> {
    let ident = &e.ident;
    let vis = &e.vis;
    let mut variants = Vec::new();
    let mut wires = Vec::new();
    let mut docs = Vec::new();
    for v in &e.variants {
        let wire = serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string());
        let doc: Vec<&syn::Attribute> = v
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .collect();
        variants.push(v.ident.clone());
        wires.push(wire);
        docs.push(doc);
    }
    let unknown = ["Unknown", "UnknownValue", "OtherValue"]
        .into_iter()
        .map(|n| format_ident!("{}", n))
        .find(|n| !variants.contains(n))
        .unwrap_or_else(|| format_ident!("UnknownValue_"));
    let attrs: Vec<&syn::Attribute> = e
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    let variant_defs = variants.iter().zip(&wires).zip(&docs).map(|((v, w), d)| {
        let wire_doc = format!(" `{w}`");
        if d.is_empty() {
            quote! { #[doc = #wire_doc] #v }
        } else {
            quote! { #(#d)* #v }
        }
    });
    let unknown_doc =
        " A value not known when this code was generated; kept as received. `validate` reports it.";
    let item: syn::Item = syn::parse_quote! {
        #(#attrs)*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #vis enum #ident {
            #(#variant_defs,)*
            #[doc = #unknown_doc]
            #unknown(::std::string::String),
        }
    };
    let impls: syn::File = syn::parse_quote! {
        impl #ident {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Whether the value was one of the schema's values when this code was generated.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(super::serde_support::StrVisitor(::std::marker::PhantomData))
            }
        }
    };
    let mut items = vec![item];
    items.extend(impls.items);
    items
}

/// Makes optional fields lossless: typify skips empty `Vec`s and maps on output and folds
/// `null` into absence; here `[]`/`{}` become `Some(empty)` and an optional, nullable property
/// becomes `Option<Option<T>>` (`Some(None)` is an explicit `null`).
fn reshape_fields(plan: &Plan, owner: &syn::Ident, fields: &mut syn::Fields) {
    let schema = plan
        .owner_of(&owner.to_string())
        .filter(|(index, name)| *name == plan.defs[*index].path.name)
        .map(|(index, _)| &plan.defs[index].lowered);
    let properties = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    let required: BTreeSet<&str> = schema
        .and_then(|s| s.get("required"))
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let syn::Fields::Named(fields) = fields else {
        return;
    };
    for field in fields.named.iter_mut() {
        let Some(serde) = SerdeField::parse(&field.attrs) else {
            continue;
        };
        if serde.flatten {
            continue;
        }
        let ident = field
            .ident
            .as_ref()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let wire = serde
            .rename
            .clone()
            .unwrap_or_else(|| ident.trim_start_matches("r#").to_string());
        let ty = field.ty.clone();
        // Every optional property becomes an `Option` that is `None` only when the property is
        // absent: a present value, `null` included, goes through the inner type (so `null` is
        // an error where the schema does not allow it, and kept where it does).
        match serde.skip.as_deref() {
            // typify's `Vec`/map with `default`: an empty one would vanish on output.
            Some(skip) if !skip.ends_with("Option::is_none") => {
                field.ty = syn::parse_quote!(::std::option::Option<#ty>);
            }
            Some(_) if required.contains(wire.as_str()) => continue,
            Some(_) => {
                let nullable = properties
                    .and_then(|p| p.get(&wire))
                    .is_some_and(|p| admits_null(plan, p));
                if nullable {
                    field.ty = syn::parse_quote!(::std::option::Option<#ty>);
                }
            }
            None => continue,
        }
        field.attrs.retain(|a| !a.path().is_ident("serde"));
        let rename = serde.rename.iter();
        field.attrs.push(syn::parse_quote! {
            #[serde(
                #(rename = #rename,)*
                default,
                deserialize_with = "super::serde_support::deserialize_some",
                skip_serializing_if = "::std::option::Option::is_none"
            )]
        });
    }
}

/// Gives distinct names to fields whose properties collide after snake_case (`fooBar`,
/// `foo_bar`): typify names both `foo_bar`, which would not compile. The property spelled exactly
/// like the field keeps the name; the others get `_1`, `_2`, ... in the order of their JSON names.
fn dedup_field_names(fields: &mut syn::Fields) {
    let syn::Fields::Named(fields) = fields else {
        return;
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, field) in fields.named.iter().enumerate() {
        if let Some(ident) = &field.ident {
            groups.entry(ident.to_string()).or_default().push(i);
        }
    }
    let taken: BTreeSet<String> = groups.keys().cloned().collect();
    // The JSON name of each field, `None` where it has no `rename` (it is the field's name).
    let renames: Vec<Option<String>> = fields
        .named
        .iter()
        .map(|f| SerdeField::parse(&f.attrs).and_then(|f| f.rename))
        .collect();
    for (ident, mut members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        let bare = ident.trim_start_matches("r#").to_string();
        let wire = |i: usize| renames[i].clone().unwrap_or_else(|| bare.clone());
        members.sort_by_key(|i| wire(*i));
        let mut suffix = 0;
        for i in members {
            let wire_name = wire(i);
            if wire_name == bare {
                continue;
            }
            let name = loop {
                suffix += 1;
                // `self_` (from `self`) becomes `self_1`, not the non-snake-case `self__1`.
                let candidate = format!("{}_{suffix}", bare.trim_end_matches('_'));
                if !taken.contains(&candidate) {
                    break candidate;
                }
            };
            let field = &mut fields.named[i];
            if renames[i].is_none() {
                field
                    .attrs
                    .push(syn::parse_quote!(#[serde(rename = #wire_name)]));
            }
            field.ident = Some(format_ident!("{}", name));
        }
    }
}

/// The parts of a field's `#[serde(...)]` attributes that reshaping and typed validators need.
struct SerdeField {
    rename: Option<String>,
    skip: Option<String>,
    flatten: bool,
    deserialize_with: Option<String>,
    /// Some other attribute than these and `default` (or one that does not parse).
    other: bool,
}

impl SerdeField {
    fn parse(attrs: &[syn::Attribute]) -> Option<Self> {
        let mut out = SerdeField {
            rename: None,
            skip: None,
            flatten: false,
            deserialize_with: None,
            other: false,
        };
        let mut found = false;
        for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
            found = true;
            let parsed = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    out.rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("skip_serializing_if") {
                    out.skip = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("flatten") {
                    out.flatten = true;
                } else if meta.path.is_ident("deserialize_with") {
                    out.deserialize_with = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.input.peek(syn::Token![=]) {
                    out.other = true;
                    let _: syn::Expr = meta.value()?.parse()?;
                } else {
                    out.other |= !meta.path.is_ident("default");
                }
                Ok(())
            });
            out.other |= parsed.is_err();
        }
        found.then_some(out)
    }
}
