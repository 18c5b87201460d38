//! Writes one self-contained schema per chosen corpus document (every Stytch reference
//! `#/components/schemas/NAME` it reaches bundled under `$defs`, references rewritten to
//! `#/$defs/NAME`, OpenAPI number formats spelled as standard keywords exactly as the tests'
//! oracle does) and a `#[jsonschema::validator]` struct for each.
//!
//! Only with the `validators` feature; without it the table is empty.
//!
//! The subset: every `STRIDE`-th file of the corpus in file-name order (72 of 716), because the
//! macro's output for the whole corpus takes too long to compile for routine benchmark runs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::PathBuf;

use serde_json::{json, Map, Value};

const STRIDE: usize = 10;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let corpus = manifest.join("../../../../shared/stytch/json-schema");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut code = String::new();
    let mut table = String::new();
    // Without the `validators` feature (which only the benchmarks turn on) the table is empty,
    // so that workspace-wide builds of this member stay cheap.
    let wanted = std::env::var_os("CARGO_FEATURE_VALIDATORS").is_some();
    if wanted && corpus.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut by_name = BTreeMap::new();
        let mut docs = Vec::new();
        for file in &files {
            let value: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
            if let Some(Value::String(id)) = value.get("$id") {
                if let Some(name) = id.strip_prefix("#/components/schemas/") {
                    by_name.insert(name.to_string(), value.clone());
                }
            }
            docs.push((file.clone(), value));
        }
        for (k, (file, value)) in docs.iter().enumerate().step_by(STRIDE) {
            let bundle = bundle(value, &by_name);
            let path = out_dir.join(format!("macro_{k}.json"));
            std::fs::write(&path, serde_json::to_vec(&bundle).unwrap()).unwrap();
            let _ = writeln!(
                code,
                "#[jsonschema::validator(path = {path:?}, validate_formats = true)]\nstruct M{k};"
            );
            let file_name = file.file_name().unwrap().to_string_lossy();
            let _ = writeln!(
                table,
                "    MacroEntry {{ file: {file_name:?}, is_valid: M{k}::is_valid, error_count: |v| M{k}::iter_errors(v).count() }},"
            );
        }
    }
    let _ = writeln!(
        code,
        "/// The validators, one per chosen corpus file.\npub static MACRO_ENTRIES: &[MacroEntry] = &[\n{table}];"
    );
    std::fs::write(out_dir.join("macro_validators.rs"), code).unwrap();
}

fn bundle(root: &Value, by_name: &BTreeMap<String, Value>) -> Value {
    let mut defs = Map::new();
    let mut seen = BTreeSet::new();
    let mut todo = Vec::new();
    collect(root, &mut todo);
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = by_name.get(&name) {
            collect(schema, &mut todo);
            let mut schema = schema.clone();
            if let Value::Object(map) = &mut schema {
                map.remove("$id");
                map.remove("$schema");
            }
            rewrite(&mut schema);
            defs.insert(name, schema);
        }
    }
    let mut root = root.clone();
    rewrite(&mut root);
    if let Value::Object(map) = &mut root {
        map.remove("$id");
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("$defs".into(), Value::Object(defs));
    }
    root
}

fn collect(value: &Value, todo: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    if let Some(name) = child
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    {
                        todo.push(name.to_string());
                    }
                } else if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    collect(child, todo);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, todo)),
        _ => {}
    }
}

/// References to `#/$defs/NAME`; `format: int32|int64|float` also as standard keywords.
fn rewrite(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                    let target = format!("#/$defs/{name}");
                    map.insert("$ref".into(), Value::String(target));
                }
            }
            let rule = match map.get("format").and_then(Value::as_str) {
                Some("int32") => {
                    Some(json!({"multipleOf": 1, "minimum": i32::MIN, "maximum": i32::MAX}))
                }
                Some("int64") => {
                    Some(json!({"multipleOf": 1, "minimum": i64::MIN, "maximum": i64::MAX}))
                }
                Some("float") => {
                    Some(json!({"minimum": -(f32::MAX as f64), "maximum": f32::MAX as f64}))
                }
                _ => None,
            };
            if let Some(rule) = rule {
                match map.get_mut("allOf") {
                    Some(Value::Array(all_of)) => all_of.push(rule),
                    _ => {
                        map.insert("allOf".into(), Value::Array(vec![rule]));
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    rewrite(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite),
        _ => {}
    }
}
