//! The `jsonschema` crate as an independent oracle for a [`SchemaSet`]: every document is
//! registered as a resource under its own URI, so references between files resolve without any
//! network access.
//!
//! Two adaptations make its verdicts those of the project's semantics:
//! - Stytch's references `#/components/schemas/NAME` name another file's fragment `$id`, which a
//!   standard validator resolves inside the current file. Such references (and the fragment
//!   `$id`s themselves) are rewritten to the URI of the file that declares the name.
//! - The project asserts OpenAPI's number formats; `jsonschema` only knows string formats. A schema
//!   with `format: int32` / `int64` gets the same rule spelled in standard keywords in an extra
//!   `allOf` entry (a whole number within range); `float` gets the range of `f32`.

use std::collections::{BTreeMap, HashMap};

use codegen::{Location, SchemaSet};
use jsonschema::{Draft, Registry, Resource, Validator};
use serde_json::{json, Map, Value};

pub struct Oracle {
    registry: Registry<'static>,
    uris: Vec<String>,
    validators: HashMap<Location, Validator>,
}

impl Oracle {
    /// Registers every document of `set` (rewritten as described above).
    pub fn new(set: &SchemaSet) -> Result<Oracle, String> {
        let uris: Vec<String> = set.documents().iter().map(|d| d.uri.to_string()).collect();
        let mut by_fragment = BTreeMap::new();
        for (doc, uri) in set.documents().iter().zip(&uris) {
            if let Some(Value::String(id)) = doc.value.get("$id") {
                if id.starts_with("#/") {
                    by_fragment.insert(id.clone(), uri.clone());
                }
            }
        }
        let mut resources = Vec::new();
        for (doc, uri) in set.documents().iter().zip(&uris) {
            let mut value = doc.value.clone();
            if let Some(Value::String(id)) = value.get("$id") {
                if id.starts_with('#') {
                    value["$id"] = Value::String(uri.clone());
                }
            }
            let original = doc.value.clone();
            rewrite(&mut value, &original, &by_fragment);
            resources.push((uri.clone(), Resource::from_contents(value)));
        }
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .extend(resources)
            .and_then(|builder| builder.prepare())
            .map_err(|e| format!("registering the documents: {e}"))?;
        Ok(Oracle {
            registry,
            uris,
            validators: HashMap::new(),
        })
    }

    /// The validator for the schema at `at` (built once, then reused).
    pub fn validator(&mut self, at: &Location) -> Result<&Validator, String> {
        if !self.validators.contains_key(at) {
            let uri = self
                .uris
                .get(at.doc)
                .ok_or_else(|| format!("no document {}", at.doc))?;
            let target = if at.pointer.is_empty() {
                uri.clone()
            } else {
                format!("{uri}#{}", encode_fragment(&at.pointer))
            };
            let validator = jsonschema::options()
                .with_draft(Draft::Draft202012)
                .with_registry(&self.registry)
                .should_validate_formats(true)
                .build(&json!({ "$ref": target }))
                .map_err(|e| format!("building a validator for {target}: {e}"))?;
            self.validators.insert(at.clone(), validator);
        }
        Ok(&self.validators[at])
    }

    pub fn is_valid(&mut self, at: &Location, instance: &Value) -> Result<bool, String> {
        Ok(self.validator(at)?.is_valid(instance))
    }

    /// The oracle's error messages, each with the instance path it names.
    pub fn errors(&mut self, at: &Location, instance: &Value) -> Result<Vec<String>, String> {
        Ok(self
            .validator(at)?
            .iter_errors(instance)
            .map(|e| format!("at \"{}\": {e}", e.instance_path()))
            .collect())
    }
}

/// Rewrites Stytch references and number formats in every schema object below `value`.
fn rewrite(value: &mut Value, document: &Value, by_fragment: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                // Only references that do not resolve inside this document are Stytch's.
                let local = reference
                    .strip_prefix('#')
                    .is_some_and(|pointer| document.pointer(pointer).is_some());
                if !local {
                    if let Some(uri) = by_fragment.get(reference) {
                        map.insert("$ref".into(), Value::String(uri.clone()));
                    }
                }
            }
            if let Some(rule) = map
                .get("format")
                .and_then(Value::as_str)
                .and_then(number_format_rule)
            {
                add_to_all_of(map, rule);
            }
            for (key, child) in map.iter_mut() {
                // Values of these keywords are data, not schemas.
                if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    rewrite(child, document, by_fragment);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite(item, document, by_fragment);
            }
        }
        _ => {}
    }
}

fn number_format_rule(format: &str) -> Option<Value> {
    match format {
        "int32" => Some(json!({"multipleOf": 1, "minimum": i32::MIN, "maximum": i32::MAX})),
        "int64" => Some(json!({"multipleOf": 1, "minimum": i64::MIN, "maximum": i64::MAX})),
        "float" => Some(json!({"minimum": -(f32::MAX as f64), "maximum": f32::MAX as f64})),
        _ => None,
    }
}

fn add_to_all_of(map: &mut Map<String, Value>, rule: Value) {
    match map.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.push(rule),
        _ => {
            map.insert("allOf".into(), Value::Array(vec![rule]));
        }
    }
}

/// Percent-encodes a JSON pointer for use as a URI fragment.
fn encode_fragment(pointer: &str) -> String {
    let mut out = String::new();
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
