//! Rust types. typify turns the planned, lowered schemas into a `TypeSpace`; what it made of
//! each planned type is read from there (`model.rs`), structs and string enums are emitted here
//! (`structs.rs`, `enums.rs`), and typify's own items are kept for the rest (unions, newtypes).
//! Every type then gets its final module and name (`rename.rs`) and its documentation.
//!
//! What users get: one module per namespace with short names, forward-compatible string enums,
//! and fields that keep `[]`, `{}` and `null` distinct from an absent property.

mod conversions;
mod enums;
mod input;
pub(crate) mod limits;
mod model;
mod rename;
pub(crate) mod structs;
mod typify;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use syn::visit_mut::VisitMut;

pub use model::{FieldModel, RustType, StructModel};

use crate::docs::{doc_text, DocRewriter};
use crate::emit;
use crate::error::{Error, Result};
use crate::load::{Location, SchemaSet};
use crate::names::RustPath;
use crate::plan::{Plan, TypeDef};
use crate::runtime_path::RuntimePath;
use model::DefModel;
use rename::{
    declared_ident, head_owner, item_owner, short_variants, split_items, PathRewriter, Renames,
};

/// Settings that shape the generated types.
#[derive(Clone, Debug)]
pub struct TypeOptions {
    /// Give string enums an `Unknown(String)` variant for values added after generation.
    pub open_enums: bool,
    /// `null` for an optional property whose schema does not allow it fails decoding (by
    /// default it reads as absent).
    pub strict_decoding: bool,
}

impl Default for TypeOptions {
    fn default() -> Self {
        TypeOptions {
            open_enums: true,
            strict_decoding: false,
        }
    }
}

/// The generated types, grouped by module.
#[derive(Default)]
pub struct Types {
    /// Items placed at the root of the generated file (typify's shared support code).
    pub root: Vec<syn::Item>,
    /// Each module's items, formatted (as the items of a module at the top level of a file):
    /// each is formatted as soon as it is complete, so that the syntax trees of all types never
    /// exist at once.
    pub modules: BTreeMap<String, String>,
    /// Number of named types (structs, enums, newtypes) generated.
    pub count: usize,
    /// Schemas typify could not handle, which fell back to `serde_json::Value`.
    pub fallbacks: Vec<String>,
}

/// What a generated type is, as far as validating it goes (plain data: it goes to the thread
/// that makes the validators).
#[derive(Clone, Debug)]
pub enum Shape {
    /// A struct, checked field by field (the types its fields name by their final paths).
    Struct(StructModel),
    /// A string enum of these values; `open` when it keeps unknown ones (`Unknown(String)`).
    StringEnum { values: Vec<String>, open: bool },
    /// A newtype struct of this type (by its final path), whose JSON form is that of its field.
    Newtype(RustType),
}

/// What typify made of the planned types, named: [`Typified::shapes`] for the validators,
/// then [`Typified::emit`] for the types.
pub struct Typified {
    /// typify's items.
    code: proc_macro2::TokenStream,
    models: Vec<DefModel>,
    renames: Renames,
    inputs: Vec<input::DefInput>,
    failures: typify::Failures,
}

/// Runs typify over every planned type (those it fails on fall back to `serde_json::Value`)
/// and gives each type its final name.
pub fn typify(set: &SchemaSet, plan: &Plan) -> Result<Typified> {
    limits::check_type_count(set, plan)?;
    let mut inputs = input::prepare(plan);
    let (typified, failures) = typify::build(plan, &mut inputs);
    let typify::Output {
        code,
        names: typify_names,
        models,
    } = typified.map_err(|message| Error::Internal {
        stage: "types",
        message: format!(
            "typify fails even with every schema replaced by serde_json::Value: {message}"
        ),
    })?;
    let renames = Renames::new(set, plan, &typify_names)?;
    Ok(Typified {
        code,
        models,
        renames,
        inputs,
        failures,
    })
}

impl Typified {
    /// The shape of each planned type that is a struct, string enum or newtype.
    pub fn shapes(&self, plan: &Plan, options: &TypeOptions) -> BTreeMap<RustPath, Shape> {
        let mut shapes = BTreeMap::new();
        for (def, model) in plan.defs.iter().zip(&self.models) {
            let shape = match model {
                DefModel::StringEnum {
                    values,
                    other_strings,
                } => Shape::StringEnum {
                    values: values.clone(),
                    open: enum_openness(*other_strings, options) != enums::Open::Closed,
                },
                DefModel::Typify {
                    newtype: Some(inner),
                    ..
                } => Shape::Newtype(final_names(inner, &self.renames)),
                DefModel::Struct(model) => {
                    let mut model = model.clone();
                    for field in &mut model.fields {
                        field.ty = final_names(&field.ty, &self.renames);
                    }
                    Shape::Struct(model)
                }
                DefModel::Typify { .. } => continue,
            };
            shapes.insert(def.path.clone(), shape);
        }
        shapes
    }

    /// Generates the types of every planned type.
    pub fn emit(
        self,
        set: &SchemaSet,
        plan: &Plan,
        options: &TypeOptions,
        runtime: &RuntimePath,
    ) -> Result<Types> {
        let Typified {
            code,
            models,
            renames,
            inputs,
            failures,
        } = self;
        let merged_wires: Vec<BTreeMap<String, String>> = (0..plan.defs.len())
            .map(|index| merged_wires(plan, &inputs, index))
            .collect();
        let field_settings = structs::FieldSettings {
            strict: options.strict_decoding,
            uses_runtime: Default::default(),
        };
        // The modules whose fields name the runtime's serde helpers (they import it).
        let mut importing: BTreeSet<String> = BTreeSet::new();

        let mut types = Types {
            fallbacks: failures
                .iter()
                .map(|(index, reason)| {
                    format!(
                        "{}: {reason}; using serde_json::Value",
                        set.place(&plan.defs[*index].location)
                    )
                })
                .collect(),
            ..Types::default()
        };

        // Each module's items in the order of the planned types they belong to (their own items,
        // then those typify derived inside them), whatever order typify wrote them in.
        let mut by_def: Vec<(Vec<syn::Item>, Vec<syn::Item>)> =
            vec![Default::default(); plan.defs.len()];
        // typify's own string enums (by typify's name), emitted as ours instead: the impls
        // typify wrote for them (it writes them after the enum) are the derive's.
        let mut replaced_enums: BTreeSet<String> = BTreeSet::new();

        // typify's items, but for the planned types emitted here: those of a planned type that
        // is not typify's (its own items, when it is a struct or string enum emitted here) or of
        // a type no planned one owns are dropped.
        let dropped = |owner: &str| match plan.owner_of(owner) {
            None => true,
            Some((index, suffix)) => {
                suffix == plan.defs[index].path.name
                    && !matches!(models[index], DefModel::Typify { .. })
            }
        };
        for tokens in split_items(code) {
            // Most are told by their heads, and not parsed.
            let hint = head_owner(&tokens).filter(|o| renames.target(o).is_some());
            if hint.is_some_and(|owner| dropped(&owner)) {
                continue;
            }
            let mut item: syn::Item =
                syn::parse2(tokens.into_iter().collect()).map_err(|e| Error::Internal {
                    stage: "types",
                    message: format!("typify produced code that does not parse: {e}"),
                })?;
            let owner = item_owner(&item).filter(|o| renames.target(o).is_some());
            let Some(owner) = owner else {
                // typify's `error` module: its `ConversionError` is the runtime's.
                if !matches!(&item, syn::Item::Mod(m) if m.ident == "error") {
                    types.root.push(item);
                }
                continue;
            };
            let Some((index, suffix)) = plan.owner_of(&owner).filter(|_| !dropped(&owner)) else {
                continue;
            };
            let def = &plan.defs[index];
            let own_item = suffix == def.path.name;
            if matches!(item, syn::Item::Impl(_)) && replaced_enums.contains(&owner) {
                continue;
            }
            if let (false, Some((ident, docs, values))) =
                (own_item, enums::typify_string_enum(&item))
            {
                replaced_enums.insert(owner.clone());
                importing.insert(def.path.module.clone());
                let open = enum_openness(false, options);
                item = enums::string_enum(&ident, &docs, &values, open, |_| None);
            }
            let no_fields = (Vec::new(), Vec::new());
            let (fields, variants) = match (own_item, &models[index]) {
                (
                    true,
                    DefModel::Typify {
                        fields, variants, ..
                    },
                ) => (fields, variants),
                (
                    false,
                    DefModel::Typify {
                        inner_struct: Some((name, fields)),
                        ..
                    },
                ) if *name == owner => (fields, &no_fields.1),
                _ => (&no_fields.0, &no_fields.1),
            };
            let field_docs = property_docs(set, def);
            structs::patch_fields(&mut item, fields, variants, &field_docs, &field_settings);
            if field_settings.uses_runtime.take() {
                importing.insert(def.path.module.clone());
            }
            let patched = |variant: Option<&str>, ident: &str| {
                let planned = match variant {
                    None => fields,
                    Some(name) => match variants.iter().find(|(v, _)| v == name) {
                        Some((_, planned)) => planned,
                        None => return false,
                    },
                };
                planned.iter().any(|f| f.ident == ident)
            };
            let wires = &merged_wires[index];
            let wire_of = |ident: &str| wires.get(ident).cloned();
            structs::rename_merged_fields(&mut item, &wire_of, &patched);
            if declared_ident(&item).is_some() {
                types.count += 1;
                document_typify_item(set, def, &owner, own_item, &mut item);
                allow_large_variants(&mut item);
                derive_default(&mut item);
                if derive_union(&mut item) {
                    importing.insert(def.path.module.clone());
                }
            }
            if own_item {
                by_def[index].0.push(item);
            } else {
                by_def[index].1.push(item);
            }
        }

        let all = by_def
            .iter()
            .flat_map(|(own, derived)| own.iter().chain(derived));
        let infallible = conversions::infallible_from_str(all);
        for (own, derived) in &mut by_def {
            for item in own.iter_mut().chain(derived) {
                conversions::from_instead_of_try_from(item, &infallible);
            }
        }

        // Each def's items in plan order (structs and string enums emitted here), with every
        // reference to a generated type given its final path, formatted into its module.
        let mut bytes = 0;
        for (index, def) in plan.defs.iter().enumerate() {
            let (typify_own, derived) = std::mem::take(&mut by_def[index]);
            let ident = quote::format_ident!("{}", def.internal);
            let own = match &models[index] {
                DefModel::Typify { .. } => typify_own,
                DefModel::Struct(model) => {
                    let docs = doc_attrs(&def_docs(set, def));
                    let field_docs = property_docs(set, def);
                    let closed = set.get(&def.location).is_some_and(|schema| {
                        schema.get("additionalProperties") == Some(&Value::Bool(false))
                            && schema.get("patternProperties").is_none()
                    });
                    let item = structs::struct_item(
                        &ident,
                        &docs,
                        model,
                        closed,
                        &field_docs,
                        &field_settings,
                    );
                    if field_settings.uses_runtime.take() {
                        importing.insert(def.path.module.clone());
                    }
                    vec![item]
                }
                DefModel::StringEnum {
                    values,
                    other_strings,
                } => {
                    let docs = doc_attrs(&def_docs(set, def));
                    importing.insert(def.path.module.clone());
                    let value_docs = value_docs(set, def);
                    vec![enums::string_enum(
                        &ident,
                        &docs,
                        values,
                        enum_openness(*other_strings, options),
                        |wire| value_docs.get(wire).cloned(),
                    )]
                }
            };
            if !matches!(models[index], DefModel::Typify { .. }) {
                types.count += 1;
            }
            let items: Vec<syn::Item> = own.into_iter().chain(derived).collect();
            let variants = short_variants(&renames, &items);
            let mut rewriter = PathRewriter {
                renames: &renames,
                module: &def.path.module,
                runtime,
                variants: &variants,
                this: None,
            };
            let text = types.modules.entry(def.path.module.clone()).or_default();
            for mut item in items {
                rewriter.visit_item_mut(&mut item);
                DocRewriter.visit_item_mut(&mut item);
                // On the final names: the enum's and its variants' are only known here.
                allow_similar_variant_names(&mut item);
                let formatted = emit::in_module(vec![item]);
                bytes += formatted.len();
                emit::check_size(bytes, emit::MAX_CODE_BYTES, Some(set.place(&def.location)))?;
                text.push_str(&formatted);
            }
        }
        if !importing.is_empty() {
            let import = emit::in_module(vec![structs::runtime_use(runtime)]);
            for module in &importing {
                if let Some(text) = types.modules.get_mut(module) {
                    text.insert_str(0, &import);
                }
            }
        }
        Ok(types)
    }
}

/// The JSON name of every field typify may give the types of def `index` under another name:
/// its own properties', then those of the members of its `anyOf` (which typify merges into its
/// variants).
fn merged_wires(plan: &Plan, inputs: &[input::DefInput], index: usize) -> BTreeMap<String, String> {
    let mut owners = vec![index];
    let members = plan.defs[index]
        .lowered
        .get("anyOf")
        .and_then(Value::as_array);
    for member in members.into_iter().flatten() {
        owners.extend(plan.referenced(member));
    }
    let mut wires = BTreeMap::new();
    for owner in owners {
        for field in &inputs[owner].fields {
            wires
                .entry(field.ident.clone())
                .or_insert_with(|| field.wire.clone());
        }
    }
    wires
}

/// `ty` with typify's type names replaced by final paths (`module::Name`).
fn final_names(ty: &RustType, renames: &Renames) -> RustType {
    let inner = |ty: &RustType| Box::new(final_names(ty, renames));
    match ty {
        RustType::Named(name) => match renames.target(name) {
            Some((module, name)) => RustType::Named(format!("{module}::{name}")),
            None => RustType::Other,
        },
        RustType::Vec(t) => RustType::Vec(inner(t)),
        RustType::Map(t) => RustType::Map(inner(t)),
        RustType::Option(t) => RustType::Option(inner(t)),
        RustType::Box(t) => RustType::Box(inner(t)),
        other => other.clone(),
    }
}

/// The docs of a planned type: the schema's description, its original name and where it is.
fn def_docs(set: &SchemaSet, def: &TypeDef) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(text) = set
        .get(&def.location)
        .and_then(|s| s.get("description"))
        .and_then(Value::as_str)
    {
        lines.extend(text.lines().map(str::to_string));
        lines.push(String::new());
    }
    let file = set.document(def.location.doc).display_name();
    lines.push(format!(
        "Generated from the schema `{}` (`{}#{}`).",
        def.original_name.replace('`', "'"),
        file,
        def.location.pointer
    ));
    lines
}

fn doc_attrs(lines: &[String]) -> Vec<syn::Attribute> {
    lines
        .iter()
        .map(|line| crate::docs::doc_attr(line))
        .collect()
}

/// The description of each property of a planned type, by JSON name: the property's own (also
/// beside a `$ref`), found in `properties` or in the `properties` of an `allOf` member.
fn property_docs<'a>(set: &'a SchemaSet, def: &'a TypeDef) -> impl Fn(&str) -> Option<String> + 'a {
    move |wire: &str| {
        let description = |location: &Location| {
            set.get(&location.child("properties").child(wire))
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        description(&def.location).or_else(|| {
            let members = set.get(&def.location)?.get("allOf")?.as_array()?.len();
            (0..members)
                .find_map(|k| description(&def.location.child("allOf").child(&k.to_string())))
        })
    }
}

/// What a string enum does with a value it does not list: an enum whose schema takes other
/// strings keeps them as valid whatever the options say.
fn enum_openness(other_strings: bool, options: &TypeOptions) -> enums::Open {
    match other_strings {
        true => enums::Open::OtherStrings,
        false if options.open_enums => enums::Open::Unknown,
        false => enums::Open::Closed,
    }
}

/// The descriptions of the values of a string enum made of a union's alternatives, by value:
/// that of each alternative which is one value (`{"const": "x", "description": ...}`), the
/// first where a value has several.
fn value_docs(set: &SchemaSet, def: &TypeDef) -> BTreeMap<String, String> {
    let mut docs = BTreeMap::new();
    let Some(schema) = set.get(&def.location) else {
        return docs;
    };
    let alternatives = schema.get("oneOf").or(schema.get("anyOf"));
    for alternative in alternatives.and_then(Value::as_array).into_iter().flatten() {
        let only = match (alternative.get("const"), alternative.get("enum")) {
            (Some(value), None) => value,
            (None, Some(Value::Array(values))) if values.len() == 1 => &values[0],
            _ => continue,
        };
        let text = alternative.get("description").or(alternative.get("title"));
        if let (Some(wire), Some(Value::String(text))) = (only.as_str(), text) {
            docs.entry(wire.to_string()).or_insert_with(|| text.clone());
        }
    }
    docs
}

/// Lets a union's variants differ in size where one holds a type generated here by value, or
/// is an object's fields (a struct variant: a meta-schema's dozen optional keywords beside a
/// `bool`). Its variants are the schema's alternatives, whose sizes the generator cannot know;
/// boxing one would change how every caller builds the value, so a union keeps them inline.
fn allow_large_variants(item: &mut syn::Item) {
    if let syn::Item::Enum(e) = item {
        let inline = e.variants.iter().any(|v| {
            matches!(v.fields, syn::Fields::Named(_))
                || v.fields.iter().any(|f| holds_generated_type(&f.ty))
        });
        if inline {
            e.attrs
                .push(syn::parse_quote!(#[allow(clippy::large_enum_variant)]));
        }
    }
}

/// Lets an enum's variants share a word or the enum's name: they are named after the schema's
/// alternatives or values (`BasicSecurity`, `KeySecurity`, `TokenSecurity`; `read_only`,
/// `write_only`, `admin_only`), which the generator does not rename, and clippy's
/// `enum_variant_names` rejects such names where the enum is not exported (generated code
/// included in a private module). The test is wider than clippy's (three variants or more, the
/// same first or last word, or one longer than the enum's name starting or ending with it), so
/// that no version of the lint is missed.
fn allow_similar_variant_names(item: &mut syn::Item) {
    let syn::Item::Enum(e) = item else {
        return;
    };
    if e.variants.len() < 3 {
        return;
    }
    let enum_name = e.ident.to_string();
    let names: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    let words: Vec<Vec<&str>> = names.iter().map(|name| camel_words(name)).collect();
    let multi_word = words.iter().all(|w| w.len() > 1);
    let same_first = words.iter().all(|w| w.first() == words[0].first());
    let same_last = words.iter().all(|w| w.last() == words[0].last());
    let named_after_enum = names.iter().any(|name| {
        name.len() > enum_name.len() && (name.starts_with(&enum_name) || name.ends_with(&enum_name))
    });
    if (multi_word && (same_first || same_last)) || named_after_enum {
        e.attrs
            .push(syn::parse_quote!(#[allow(clippy::enum_variant_names)]));
    }
}

/// The words of an `UpperCamelCase` name, each starting at an upper-case letter.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

/// A union of typify's (an untagged enum) is decoded by the runtime's derive `Union` instead of
/// serde's: the value goes to the first alternative it fits as the schema reads, before lenient
/// decoding is tried. Whether `item` is one (the module then imports the runtime).
fn derive_union(item: &mut syn::Item) -> bool {
    let syn::Item::Enum(e) = item else {
        return false;
    };
    let untagged = e.attrs.iter().any(|a| {
        a.path().is_ident("serde")
            && a.parse_args::<syn::Path>()
                .is_ok_and(|p| p.is_ident("untagged"))
    });
    if !untagged {
        return false;
    }
    edit_derives(&mut e.attrs, |paths| {
        let Some(deserialize) = paths
            .iter_mut()
            .find(|p| p.segments.last().is_some_and(|s| s.ident == "Deserialize"))
        else {
            return false;
        };
        *deserialize = syn::parse_quote!(__rt::Union);
        true
    })
}

/// Gives the paths of the first `#[derive(...)]` of `attrs` to `edit`, and writes them back if
/// it says it changed them; whether it did.
fn edit_derives(
    attrs: &mut [syn::Attribute],
    edit: impl FnOnce(&mut Vec<syn::Path>) -> bool,
) -> bool {
    let Some(attr) = attrs.iter_mut().find(|a| a.path().is_ident("derive")) else {
        return false;
    };
    let Ok(paths) = attr.parse_args_with(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
    ) else {
        return false;
    };
    let mut paths: Vec<syn::Path> = paths.into_iter().collect();
    if !edit(&mut paths) {
        return false;
    }
    *attr = syn::parse_quote!(#[derive(#(#paths),*)]);
    true
}

/// A struct of typify's whose every field may be absent (an `Option`, or a field serde fills
/// with its default, such as the flattened map) derives `Default`, as the structs emitted here
/// do, so that `..Default::default()` builds it.
fn derive_default(item: &mut syn::Item) {
    let syn::Item::Struct(s) = item else {
        return;
    };
    let syn::Fields::Named(fields) = &s.fields else {
        return;
    };
    let serde_fills = |attrs: &[syn::Attribute]| {
        attrs.iter().any(|a| {
            let mut fills = false;
            if a.path().is_ident("serde") {
                let _ = a.parse_nested_meta(|meta| {
                    fills |= meta.path.is_ident("default") || meta.path.is_ident("flatten");
                    if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<syn::Expr>()?;
                    }
                    Ok(())
                });
            }
            fills
        })
    };
    let optional = |f: &syn::Field| match &f.ty {
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    };
    if fields.named.is_empty()
        || !fields
            .named
            .iter()
            .all(|f| optional(f) || serde_fills(&f.attrs))
    {
        return;
    }
    edit_derives(&mut s.attrs, |paths| {
        let missing = !paths.iter().any(|p| p.is_ident("Default"));
        if missing {
            paths.push(syn::parse_quote!(Default));
        }
        missing
    });
}

/// The primitive types typify names without a path.
const PRIMITIVES: &[&str] = &[
    "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32",
    "u64", "u128", "usize",
];

/// Whether `ty` holds a type generated here in place: a name of this module (not a primitive,
/// nor a library's, which start with `::`), or one inside an `Option`, a tuple or an array.
fn holds_generated_type(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) if p.path.leading_colon.is_none() => {
            let primitive = p.path.get_ident().map(ToString::to_string);
            !primitive.is_some_and(|name| PRIMITIVES.contains(&name.as_str()))
        }
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|last| {
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return false;
            };
            last.ident == "Option"
                && args
                    .args
                    .iter()
                    .any(|a| matches!(a, syn::GenericArgument::Type(t) if holds_generated_type(t)))
        }),
        syn::Type::Tuple(t) => t.elems.iter().any(holds_generated_type),
        syn::Type::Array(a) => holds_generated_type(&a.elem),
        _ => false,
    }
}

/// Replaces typify's docs of a planned type (`own_item`) with its description, original name
/// and place; a type typify derived inside one keeps its description and says whose part it is.
fn document_typify_item(
    set: &SchemaSet,
    def: &TypeDef,
    owner: &str,
    own_item: bool,
    item: &mut syn::Item,
) {
    let attrs = match item {
        syn::Item::Struct(s) => &mut s.attrs,
        syn::Item::Enum(e) => &mut e.attrs,
        syn::Item::Type(t) => &mut t.attrs,
        _ => return,
    };
    let lines = if own_item {
        attrs.retain(|a| !a.path().is_ident("doc"));
        def_docs(set, def)
    } else {
        // typify's first line names the type by its internal name.
        attrs.retain(|a| {
            !a.path().is_ident("doc")
                || doc_text(a).is_none_or(|text| text.trim() != format!("`{owner}`"))
        });
        vec![format!(
            "Part of `{}`, generated from the schema `{}`.",
            def.path.name,
            def.original_name.replace('`', "'")
        )]
    };
    let mut new_attrs = doc_attrs(&lines);
    new_attrs.append(attrs);
    *attrs = new_attrs;
}

#[cfg(test)]
mod tests {
    use super::allow_similar_variant_names;

    fn allowed(item: syn::ItemEnum) -> bool {
        let mut item = syn::Item::Enum(item);
        allow_similar_variant_names(&mut item);
        let syn::Item::Enum(e) = item else {
            unreachable!()
        };
        e.attrs
            .iter()
            .any(|a| quote::quote!(#a).to_string() == "# [allow (clippy :: enum_variant_names)]")
    }

    #[test]
    fn variants_sharing_a_word_or_the_enum_name_are_allowed() {
        // What clippy's `enum_variant_names` rejects in a private module.
        assert!(allowed(syn::parse_quote! {
            enum Auth { BasicSecurity(A), KeySecurity(B), TokenSecurity(C) }
        }));
        assert!(allowed(syn::parse_quote! {
            enum Mode { ReadOnly, WriteOnly, AdminOnly }
        }));
        assert!(allowed(syn::parse_quote! {
            enum Mode { DocA, DocB, DocC }
        }));
        assert!(allowed(syn::parse_quote! {
            enum Level { LevelHigh, Low, Middle }
        }));
        // An open enum's `Unknown`, fewer than three variants, or a variant named the enum.
        assert!(!allowed(syn::parse_quote! {
            enum Mode { ReadOnly, WriteOnly, Unknown(String) }
        }));
        assert!(!allowed(syn::parse_quote! {
            enum Auth { BasicSecurity(A), KeySecurity(B) }
        }));
        assert!(!allowed(syn::parse_quote! {
            enum Crate { Self_, Crate, Super }
        }));
    }
}
