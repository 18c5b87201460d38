//! What typify sees of each planned type: the lowered schema, with property names replaced by the
//! struct's field names (so that typify's fields are ours and map back to JSON names by a table,
//! not by reading its output) and the values of string enums we emit ourselves replaced by
//! placeholders (so that values typify cannot name never make it fail).

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use crate::names::field_idents;
use crate::plan::{Plan, TypeDef, OTHER_STRINGS};

/// The field of the map of properties the schema does not name.
pub const EXTRA_FIELD: &str = "extra";

/// One planned type as handed to typify.
#[derive(Clone, Debug)]
pub struct DefInput {
    /// The schema typify gets.
    pub schema: Value,
    /// The fields of its properties (a struct, or the object variant of a union).
    pub fields: Vec<Field>,
    /// For a string enum, its values: the enum is emitted here, not by typify.
    pub enum_values: Option<Vec<String>>,
    /// A string enum that takes any other string too (a union of enums and plain strings).
    pub other_strings: bool,
    /// typify failed on this schema; it is `serde_json::Value` instead.
    pub fallback: bool,
}

/// A property of a planned type and its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The Rust field name (also the property name typify sees).
    pub ident: String,
    /// The JSON property name.
    pub wire: String,
    pub required: bool,
}

/// The typify input of every planned type, in plan order.
pub fn prepare(plan: &Plan) -> Vec<DefInput> {
    plan.defs.iter().map(prepare_def).collect()
}

fn prepare_def(def: &TypeDef) -> DefInput {
    let mut schema = def.lowered.clone();
    let mut fields = Vec::new();
    let enum_values = string_enum_values(&def.lowered);
    let other_strings = enum_values.is_some() && def.lowered.get(OTHER_STRINGS).is_some();
    if let Some(map) = schema.as_object_mut() {
        map.remove(OTHER_STRINGS);
    }
    if let Some(values) = &enum_values {
        let placeholders: Vec<Value> = (0..values.len()).map(|i| json!(format!("v{i}"))).collect();
        schema["enum"] = Value::Array(placeholders);
    }
    if let Some(Value::Object(properties)) = def.lowered.get("properties") {
        let wires: Vec<&str> = properties.keys().map(String::as_str).collect();
        let generated = generated_fields(&def.lowered);
        let reserved: Vec<&str> = generated.iter().map(String::as_str).collect();
        let idents = field_idents(&wires, &reserved);
        let required: HashSet<&str> = def
            .lowered
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut renamed = Map::new();
        for ((wire, child), ident) in properties.iter().zip(&idents) {
            renamed.insert(ident.clone(), child.clone());
            fields.push(Field {
                ident: ident.clone(),
                wire: wire.clone(),
                required: required.contains(&wire.as_str()),
            });
        }
        schema["properties"] = Value::Object(renamed);
        if schema.get("required").is_some() {
            schema["required"] = fields
                .iter()
                .filter(|f| f.required)
                .map(|f| Value::String(f.ident.clone()))
                .collect();
        }
    }
    unions_as_one_of(&mut schema);
    DefInput {
        schema,
        fields,
        enum_values,
        other_strings,
        fallback: false,
    }
}

/// Gives typify every `anyOf` in `schema` with nothing beside it to merge into its alternatives
/// (no properties) as a `oneOf`, an untagged enum: the first alternative that decodes is taken
/// (the validators check the rest), and it alone is written back. typify makes an `anyOf` a
/// struct of every alternative flattened, which only objects decode into, and which writes each
/// alternative that decoded: the keys they share twice.
fn unions_as_one_of(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for child in map.values_mut() {
                unions_as_one_of(child);
            }
            let alone = map
                .keys()
                .all(|k| matches!(k.as_str(), "anyOf" | "type" | "description"));
            if alone {
                if let Some(alternatives) = map.remove("anyOf") {
                    map.insert("oneOf".into(), alternatives);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                unions_as_one_of(item);
            }
        }
        _ => {}
    }
}

/// The fields typify adds to the struct of `lowered` beside its properties: `extra`, the map of
/// the properties the schema does not name, and `subtype_<i>` for the members of an `anyOf` it
/// merges the properties into. A property never gets one of their names.
fn generated_fields(lowered: &Value) -> Vec<String> {
    let mut fields = Vec::new();
    if lowered.get("additionalProperties") != Some(&Value::Bool(false)) {
        fields.push(EXTRA_FIELD.to_string());
    }
    let members = lowered
        .get("anyOf")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    fields.extend((0..members).map(|i| format!("subtype_{i}")));
    fields
}

/// The values of a lowered schema that is a plain string enum (no `null`, no other shape).
fn string_enum_values(lowered: &Value) -> Option<Vec<String>> {
    let map = lowered.as_object()?;
    let only_enum = map
        .keys()
        .all(|k| matches!(k.as_str(), "enum" | "type" | "description" | OTHER_STRINGS));
    let typed_string = map.get("type").is_none_or(|t| t == "string");
    if !only_enum || !typed_string {
        return None;
    }
    let values = map.get("enum")?.as_array()?;
    if values.is_empty() {
        return None;
    }
    values
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

impl DefInput {
    /// Falls back to `serde_json::Value`: the schema keeps only its description.
    pub fn fall_back(&mut self) {
        self.schema = match self.schema.get("description") {
            Some(d) => json!({ "description": d }),
            None => json!({}),
        };
        self.fields.clear();
        self.enum_values = None;
        self.other_strings = false;
        self.fallback = true;
    }
}
