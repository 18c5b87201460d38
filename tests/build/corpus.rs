//! Generates the whole Stytch corpus, compiled once into the tests package, with a table of every
//! document's root type and of every endpoint, for the round-trip, differential and endpoint
//! tests.
//!
//! The corpus is what a user of the generator makes of Stytch's API: `codegen import` of the three
//! OpenAPI documents of `../shared/stytch/openapi` (its component schemas and its operations)
//! into `$OUT_DIR/stytch`, plus the hand-written schemas of `../shared/stytch/json-schema` (those
//! whose `$id` is not a component's). `tests::corpus_dir()` names that folder.

use std::fmt::Write;
use std::path::{Path, PathBuf};

pub fn main(workspace: &Path, out_dir: &Path) {
    let shared = workspace.join("../shared/stytch");
    let (openapi, json_schema) = (shared.join("openapi"), shared.join("json-schema"));
    println!("cargo:rerun-if-changed={}", openapi.display());
    println!("cargo:rerun-if-changed={}", json_schema.display());
    let folder = out_dir.join("stytch");
    let mut roots = String::new();
    let mut endpoints = String::new();
    let available = openapi.is_dir() && json_schema.is_dir();
    if available {
        assemble(&openapi, &json_schema, &folder);
        let set = match codegen::SchemaSet::load_dir(&folder) {
            Ok(set) => set,
            Err(error) => panic!("the Stytch corpus does not load: {error}"),
        };
        let generated = match codegen::Config::new().generate_set(&set) {
            Ok(generated) => generated,
            Err(error) => panic!("the Stytch corpus does not generate: {error}"),
        };
        write(&out_dir.join("corpus_types.rs"), &generated.code);
        for info in generated
            .types
            .iter()
            .filter(|t| t.location.pointer.is_empty())
        {
            let uri = set.document(info.location.doc).uri.to_string();
            let _ = writeln!(
                roots,
                "    Root {{\n        uri: {uri:?},\n        rust_path: {path:?},\n        \
                 round_trip: round_trip::<types::{path}>,\n        \
                 validate_value: |value| types::{path}::validate_value(value).map_err(|e| e.to_string()),\n        \
                 is_valid: types::{path}::is_valid_value,\n        \
                 typed: |value| {{\n            \
                 let typed: types::{path} = serde_json::from_value(value.clone()).map_err(|e| format!(\"decode: {{e}}\"))?;\n            \
                 typed.validate().map_err(|e| e.to_string())\n        }},\n        \
                 parse: |value| {{\n            \
                 let bytes = serde_json::to_vec(value).map_err(|e| e.to_string())?;\n            \
                 types::{path}::from_json_slice(&bytes).map(drop).map_err(|e| e.to_string())\n        }},\n    }},",
                path = info.rust_path
            );
        }
        for (path, operation_id) in &generated.endpoints {
            let _ = writeln!(
                endpoints,
                "    EndpointInfo {{\n        operation_id: {operation_id:?},\n        \
                 rust_path: {path:?},\n        \
                 method: <types::{path} as Endpoint>::METHOD,\n        \
                 path: <types::{path} as Endpoint>::PATH,\n        \
                 declared_id: <types::{path} as Endpoint>::OPERATION_ID,\n    }},"
            );
        }
    } else {
        write(&out_dir.join("corpus_types.rs"), "");
    }
    let code = format!(
        "/// Whether ../shared was present when the tests were built.\n\
         pub const AVAILABLE: bool = {available};\n\
         /// Every corpus document's root type.\n\
         pub static ROOTS: &[Root] = &[\n{roots}];\n\
         /// Every endpoint's request type.\n\
         pub static ENDPOINTS: &[EndpointInfo] = &[\n{endpoints}];\n"
    );
    write(&out_dir.join("corpus_table.rs"), &code);
}

/// Imports the OpenAPI documents into `folder` and copies the hand-written schemas beside them.
fn assemble(openapi: &Path, json_schema: &Path, folder: &Path) {
    let mut documents: Vec<PathBuf> = files(openapi)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    documents.sort();
    let imported = codegen_cli::import::import_files(&documents)
        .unwrap_or_else(|e| panic!("the Stytch OpenAPI documents do not import: {e}"));
    codegen_cli::import::write_into(folder, &imported)
        .unwrap_or_else(|e| panic!("{}: cannot write: {e}", folder.display()));
    for file in files(json_schema) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let id = value["$id"].as_str().unwrap_or_default();
        if id.starts_with(codegen_cli::import::COMPONENT_PREFIX) {
            continue;
        }
        let name = file.file_name().unwrap_or_default();
        write(&folder.join(name), &String::from_utf8_lossy(&bytes));
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = codegen::write_if_changed(path, contents) {
        panic!("{}: cannot write: {error}", path.display());
    }
}
