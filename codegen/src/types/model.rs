//! What typify made of each planned type, read from its `TypeSpace` (not from its printed
//! output): structs with their fields and field types, and which types are left to typify.

use std::collections::{HashMap, HashSet};

use typify::{TypeDetails, TypeEnumVariant, TypeId, TypeSpace, TypeStruct};

use super::input::{DefInput, Field, EXTRA_FIELD};
use crate::plan::{admits_null, Plan, TypeDef};

/// A Rust type as far as its JSON form goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    String,
    Bool,
    /// A Rust integer type (`i64`, `u32`, ...), named.
    Integer(&'static str),
    /// `serde_json::Number`: JSON Schema's `number`, as written.
    Number,
    /// `serde_json::Value`: any JSON.
    Json,
    Vec(Box<RustType>),
    /// A map with string keys and values of this type.
    Map(Box<RustType>),
    Option(Box<RustType>),
    Box(Box<RustType>),
    /// A generated type: typify's name until the types are renamed, then its final path
    /// (`module::Name`).
    Named(String),
    /// Anything else (tuples, sets, non-string map keys, ...).
    Other,
}

/// A generated struct: its fields in the order of the schema's properties (the map of the
/// properties the schema does not name last).
#[derive(Clone, Debug)]
pub struct StructModel {
    pub fields: Vec<FieldModel>,
}

/// One field of a generated struct (or of the object variant of a union).
#[derive(Clone, Debug)]
pub struct FieldModel {
    pub ident: String,
    /// The JSON property name; `None` for the flattened map of the properties the schema does
    /// not name.
    pub wire: Option<String>,
    /// The field's type (an optional property's `Option` included).
    pub ty: RustType,
    /// The field's type as Rust code (typify's names, renamed when emitted): text, so that
    /// the model can go to the thread that makes the validators.
    pub tokens: String,
    /// An optional property: `None` is an absent property, skipped when serializing.
    pub optional: bool,
    /// An optional property whose schema admits `null`: an `Option<Option<T>>`, whose
    /// `Some(None)` is an explicit `null`.
    pub nullable: bool,
}

/// How a planned type is generated.
#[derive(Clone, Debug)]
pub enum DefModel {
    /// A struct, emitted here from its model.
    Struct(StructModel),
    /// A string enum, emitted here from its values; `other_strings` when the schema takes any
    /// other string too (its catch-all variant then holds valid values).
    StringEnum {
        values: Vec<String>,
        other_strings: bool,
    },
    /// typify's item is used (unions, newtypes, ...), with the planned properties given the
    /// attributes and types of a struct's fields: `fields` those of a struct typify added fields
    /// of its own to (the members of an `anyOf`), `variants` those of each struct variant of a
    /// union, by variant name.
    Typify {
        fields: Vec<FieldModel>,
        variants: Vec<(String, Vec<FieldModel>)>,
        /// The type a newtype struct wraps (its JSON form is that type's).
        newtype: Option<RustType>,
        /// The struct such a newtype holds when its schema is a nullable object (typify's
        /// `T(Option<TInner>)`): typify's name for it and the planned fields of its properties.
        inner_struct: Option<(String, Vec<FieldModel>)>,
    },
}

/// Reads the model of every planned type from `space`.
pub fn build(plan: &Plan, inputs: &[DefInput], space: &TypeSpace) -> Result<Vec<DefModel>, String> {
    let mut by_name = std::collections::BTreeMap::new();
    for ty in space.iter_types() {
        by_name.insert(ty.name(), ty);
    }
    let mut sizes = Sizes::new(space);
    let mut models = Vec::with_capacity(plan.defs.len());
    for (def, input) in plan.defs.iter().zip(inputs) {
        let details = by_name.get(&def.internal).map(|ty| ty.details());
        let model = match (details, &input.enum_values) {
            (_, Some(values)) => DefModel::StringEnum {
                values: values.clone(),
                other_strings: input.other_strings,
            },
            (Some(TypeDetails::Struct(s)), None) => {
                let properties = struct_properties(&s);
                let idents: HashSet<&str> = input.fields.iter().map(|f| f.ident.as_str()).collect();
                let planned = properties
                    .iter()
                    .all(|(name, _)| name == EXTRA_FIELD || idents.contains(name.as_str()));
                let mut fields = fields(plan, def, input, &properties, &mut sizes)?;
                in_schema_order(&mut fields, input);
                if planned && def.lowered.get("properties").is_some() {
                    DefModel::Struct(StructModel { fields })
                } else {
                    DefModel::Typify {
                        fields: fields.into_iter().filter(|f| f.wire.is_some()).collect(),
                        variants: Vec::new(),
                        newtype: None,
                        inner_struct: None,
                    }
                }
            }
            (Some(TypeDetails::Enum(e)), None) if !input.fields.is_empty() => {
                // Each struct variant holds the properties with types of its own (typify merges
                // them with the variant's schema), and fields typify merged in from elsewhere,
                // which keep typify's attributes.
                let mut variants = Vec::new();
                for (name, variant) in e.variants() {
                    if let TypeEnumVariant::Struct(properties) = variant {
                        let properties: Vec<(String, TypeId)> = properties
                            .into_iter()
                            .map(|(name, id)| (name.to_string(), id))
                            .collect();
                        let mut planned = fields(plan, def, input, &properties, &mut sizes)?;
                        planned.retain(|f| f.wire.is_some());
                        variants.push((name.to_string(), planned));
                    }
                }
                DefModel::Typify {
                    fields: Vec::new(),
                    variants,
                    newtype: None,
                    inner_struct: None,
                }
            }
            (Some(TypeDetails::Newtype(newtype)), None) => DefModel::Typify {
                fields: Vec::new(),
                variants: Vec::new(),
                newtype: Some(rust_type(space, &newtype.inner(), 0)),
                inner_struct: optional_struct(plan, def, input, &newtype.inner(), &mut sizes)?,
            },
            _ => DefModel::Typify {
                fields: Vec::new(),
                variants: Vec::new(),
                newtype: None,
                inner_struct: None,
            },
        };
        models.push(model);
    }
    Ok(models)
}

/// The struct an `Option` of typify's type `id` holds, by typify's name, with the planned fields
/// of `def`'s properties: a nullable object schema's, whose fields would otherwise keep typify's
/// attributes (an empty array or object written as absent).
fn optional_struct(
    plan: &Plan,
    def: &TypeDef,
    input: &DefInput,
    id: &TypeId,
    sizes: &mut Sizes,
) -> Result<Option<(String, Vec<FieldModel>)>, String> {
    let space = sizes.space;
    let Ok(option) = space.get_type(id) else {
        return Ok(None);
    };
    let TypeDetails::Option(inner) = option.details() else {
        return Ok(None);
    };
    let Ok(ty) = space.get_type(&inner) else {
        return Ok(None);
    };
    let TypeDetails::Struct(s) = ty.details() else {
        return Ok(None);
    };
    let mut fields = fields(plan, def, input, &struct_properties(&s), sizes)?;
    fields.retain(|f| f.wire.is_some());
    Ok(Some((ty.name(), fields)))
}

/// The properties of one of typify's structs: name and type.
fn struct_properties(s: &TypeStruct) -> Vec<(String, TypeId)> {
    s.properties_info()
        .map(|p| (p.name.to_string(), p.type_id))
        .collect()
}

/// The fields of typify's `properties` (name and type), matched with the planned ones of `def`.
fn fields(
    plan: &Plan,
    def: &TypeDef,
    input: &DefInput,
    properties: &[(String, TypeId)],
    sizes: &mut Sizes,
) -> Result<Vec<FieldModel>, String> {
    let space = sizes.space;
    let boxed = sizes.boxed(properties);
    let mut out = Vec::with_capacity(properties.len());
    let by_ident: HashMap<&str, &Field> =
        input.fields.iter().map(|f| (f.ident.as_str(), f)).collect();
    for (name, id) in properties {
        let typify_type = space.get_type(id).map_err(|e| e.to_string())?;
        let Some(field) = by_ident.get(name.as_str()) else {
            // The map of the other properties, or a field typify added (`subtype_0`, for the
            // members of an `anyOf`): flattened, and left as typify made it.
            out.push(FieldModel {
                ident: name.clone(),
                wire: None,
                ty: rust_type(space, id, 0),
                tokens: typify_type.ident().to_string(),
                optional: false,
                nullable: false,
            });
            continue;
        };
        let nullable = def
            .lowered
            .get("properties")
            .and_then(|p| p.get(&field.wire))
            .is_some_and(|p| admits_null(plan, p));
        let (ty, tokens, optional) = if field.required {
            let (ty, tokens) = sizes.field_type(id, boxed.contains(name))?;
            (ty, tokens, false)
        } else {
            // typify makes an optional property an `Option`, or leaves a `Vec` or map as it is
            // (empty for absent). Here `None` is absent, and a property whose schema admits
            // `null` is an `Option<Option<T>>` (`Some(None)` is an explicit `null`), unless `T`
            // itself holds the `null` (a `$ref` to a nullable type): then `Some(T(None))` is.
            let inner_id = match typify_type.details() {
                TypeDetails::Option(inner) if !nullable || holds_null(space, &inner, 0) => inner,
                _ => id.clone(),
            };
            let (inner, inner_tokens) = sizes.field_type(&inner_id, boxed.contains(name))?;
            (
                RustType::Option(Box::new(inner)),
                quote::quote!(::std::option::Option<#inner_tokens>),
                true,
            )
        };
        out.push(FieldModel {
            ident: field.ident.clone(),
            wire: Some(field.wire.clone()),
            ty,
            tokens: tokens.to_string(),
            optional,
            nullable: optional && nullable,
        });
    }
    Ok(out)
}

/// Whether typify's type `id` reads `null` as a value of its own: an `Option`, or a newtype of
/// one (what typify makes of a nullable schema that has a name).
fn holds_null(space: &TypeSpace, id: &TypeId, depth: usize) -> bool {
    space.get_type(id).is_ok_and(|ty| match ty.details() {
        TypeDetails::Option(_) => true,
        TypeDetails::Newtype(newtype) => {
            depth < 8 && holds_null(space, &newtype.inner(), depth + 1)
        }
        _ => false,
    })
}

/// Sorts fields into the order of the schema's properties (typify sorts them by name), the
/// flattened ones last.
fn in_schema_order(fields: &mut [FieldModel], input: &DefInput) {
    let positions: HashMap<&str, usize> = input
        .fields
        .iter()
        .enumerate()
        .map(|(position, f)| (f.wire.as_str(), position))
        .collect();
    fields.sort_by_cached_key(|field| {
        field
            .wire
            .as_deref()
            .and_then(|wire| positions.get(wire).copied())
            .unwrap_or(usize::MAX)
    });
}

/// The most bytes a struct takes in place: beyond it, its fields of generated types are boxed
/// (`Box<T>`, `Option<Box<T>>`), the largest first, until it fits. Wide schemas (a chart
/// specification's dozens of optional style objects, each with dozens of properties) would
/// otherwise make types of hundreds of KiB, which overflow the stack where they are decoded or
/// moved; a struct of ordinary width stays as it is.
pub const MAX_STRUCT_BYTES: usize = 16384;

/// Estimated sizes of typify's types in bytes (on 64-bit targets; within a few bytes per
/// field), with the fields of structs boxed as [`MAX_STRUCT_BYTES`] says.
struct Sizes<'a> {
    space: &'a TypeSpace,
    known: HashMap<TypeId, usize>,
    visiting: HashSet<TypeId>,
}

impl<'a> Sizes<'a> {
    fn new(space: &'a TypeSpace) -> Self {
        Sizes {
            space,
            known: HashMap::new(),
            visiting: HashSet::new(),
        }
    }

    /// The generated type a field of type `id` holds in place (itself, or an `Option`'s).
    fn held(&self, id: &TypeId) -> Option<TypeId> {
        let ty = self.space.get_type(id).ok()?;
        let held = match ty.details() {
            TypeDetails::Option(inner) => inner,
            _ => id.clone(),
        };
        let generated = self.space.get_type(&held).is_ok_and(|ty| {
            matches!(
                ty.details(),
                TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_)
            )
        });
        generated.then_some(held)
    }

    /// Which of a struct's properties (name and type) are boxed: while the struct would take
    /// more than [`MAX_STRUCT_BYTES`], the one holding the largest generated type (the first
    /// by name among equals).
    fn boxed(&mut self, properties: &[(String, TypeId)]) -> HashSet<String> {
        let mut total: usize = properties.iter().map(|(_, id)| self.of(id)).sum();
        let mut candidates: Vec<(usize, &String)> = Vec::new();
        for (name, id) in properties {
            if let Some(held) = self.held(id) {
                candidates.push((self.of(&held), name));
            }
        }
        candidates.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
        let mut boxed = HashSet::new();
        for (size, name) in candidates {
            if total <= MAX_STRUCT_BYTES || size <= 8 {
                break;
            }
            total -= size - 8;
            boxed.insert(name.clone());
        }
        boxed
    }

    /// The type of a struct field of typify's type `id`, as a [`RustType`] and as code, boxed
    /// (inside an `Option`) when `boxed`.
    fn field_type(
        &mut self,
        id: &TypeId,
        boxed: bool,
    ) -> Result<(RustType, proc_macro2::TokenStream), String> {
        let space = self.space;
        let ty = space.get_type(id).map_err(|e| e.to_string())?;
        if let (true, TypeDetails::Option(inner)) = (boxed, ty.details()) {
            let inner_ty = space.get_type(&inner).map_err(|e| e.to_string())?.ident();
            let rust = RustType::Box(Box::new(rust_type(space, &inner, 0)));
            return Ok((
                RustType::Option(Box::new(rust)),
                quote::quote!(::std::option::Option<::std::boxed::Box<#inner_ty>>),
            ));
        }
        let ident = ty.ident();
        match boxed {
            true => Ok((
                RustType::Box(Box::new(rust_type(space, id, 0))),
                quote::quote!(::std::boxed::Box<#ident>),
            )),
            false => Ok((rust_type(space, id, 0), ident)),
        }
    }

    /// The estimated size of `id`.
    fn of(&mut self, id: &TypeId) -> usize {
        if let Some(&size) = self.known.get(id) {
            return size;
        }
        let Ok(ty) = self.space.get_type(id) else {
            return 8;
        };
        // A type that holds itself does so through a `Box` somewhere on the way.
        if !self.visiting.insert(id.clone()) {
            return 8;
        }
        let size = match ty.details() {
            TypeDetails::Struct(s) => {
                let properties: Vec<(String, TypeId)> =
                    s.properties().map(|(n, id)| (n.to_string(), id)).collect();
                let boxed = self.boxed(&properties);
                properties
                    .iter()
                    .map(|(name, id)| match boxed.contains(name) {
                        true => 8,
                        false => self.of(id),
                    })
                    .sum()
            }
            TypeDetails::Enum(e) => {
                let variants: Vec<Vec<TypeId>> = e
                    .variants()
                    .map(|(_, variant)| match variant {
                        TypeEnumVariant::Simple => Vec::new(),
                        TypeEnumVariant::Tuple(ids) => ids,
                        TypeEnumVariant::Struct(properties) => {
                            properties.into_iter().map(|(_, id)| id).collect()
                        }
                    })
                    .collect();
                let largest = variants
                    .iter()
                    .map(|ids| ids.iter().map(|id| self.of(id)).sum::<usize>())
                    .max()
                    .unwrap_or(0);
                largest + 8
            }
            TypeDetails::Newtype(newtype) => self.of(&newtype.inner()),
            TypeDetails::Option(inner) => self.of(&inner) + 8,
            TypeDetails::Tuple(ids) => {
                let ids: Vec<TypeId> = ids.collect();
                ids.iter().map(|id| self.of(id)).sum()
            }
            TypeDetails::Array(id, n) => self.of(&id).saturating_mul(n),
            TypeDetails::Map(..) => 48,
            TypeDetails::Vec(_) | TypeDetails::Set(_) | TypeDetails::String => 24,
            TypeDetails::Box(_) => 8,
            TypeDetails::Unit => 0,
            TypeDetails::Builtin(name) => match name {
                "bool" | "i8" | "u8" => 1,
                "i16" | "u16" => 2,
                "i32" | "u32" | "f32" => 4,
                // `f64` is written as a `serde_json::Number`.
                "i128" | "u128" | "f64" => 16,
                "::serde_json::Value" => 32,
                _ => 8,
            },
        };
        self.visiting.remove(id);
        self.known.insert(id.clone(), size);
        size
    }
}

/// The [`RustType`] of a typify type.
fn rust_type(space: &TypeSpace, id: &TypeId, depth: usize) -> RustType {
    let Ok(ty) = space.get_type(id) else {
        return RustType::Other;
    };
    if depth > 32 {
        return RustType::Other;
    }
    let inner = |id: &TypeId| Box::new(rust_type(space, id, depth + 1));
    let details = ty.details();
    match details {
        TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_) => {
            RustType::Named(ty.name())
        }
        TypeDetails::Option(id) => RustType::Option(inner(&id)),
        TypeDetails::Vec(id) => RustType::Vec(inner(&id)),
        TypeDetails::Box(id) => RustType::Box(inner(&id)),
        TypeDetails::Map(key, value) => match rust_type(space, &key, depth + 1) {
            RustType::String => RustType::Map(inner(&value)),
            _ => RustType::Other,
        },
        TypeDetails::String => RustType::String,
        TypeDetails::Builtin(name) => match name {
            "bool" => RustType::Bool,
            "i8" => RustType::Integer("i8"),
            "i16" => RustType::Integer("i16"),
            "i32" => RustType::Integer("i32"),
            "i64" => RustType::Integer("i64"),
            "i128" => RustType::Integer("i128"),
            "u8" => RustType::Integer("u8"),
            "u16" => RustType::Integer("u16"),
            "u32" => RustType::Integer("u32"),
            "u64" => RustType::Integer("u64"),
            "u128" => RustType::Integer("u128"),
            "isize" => RustType::Integer("isize"),
            "usize" => RustType::Integer("usize"),
            "f32" | "f64" => RustType::Number,
            "::serde_json::Value" => RustType::Json,
            _ => RustType::Other,
        },
        _ => RustType::Other,
    }
}
