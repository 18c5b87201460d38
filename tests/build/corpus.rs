//! Generates the types of the whole Stytch corpus (`../shared/stytch/json-schema`), compiled once
//! into the tests package, with a table of every document's root type for the round-trip and
//! differential tests.

use std::fmt::Write;
use std::path::Path;

pub fn main(workspace: &Path, out_dir: &Path) {
    let corpus = workspace.join("../shared/stytch/json-schema");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut table = String::new();
    let available = corpus.is_dir();
    if available {
        let set = match codegen::SchemaSet::load_dir(&corpus) {
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
                table,
                "    Root {{\n        uri: {uri:?},\n        rust_path: {path:?},\n        \
                 round_trip: round_trip::<types::{path}>,\n        \
                 validate_value: |value| types::{path}::validate_value(value).map_err(|e| e.to_string()),\n        \
                 typed: |value| {{\n            \
                 let typed: types::{path} = serde_json::from_value(value.clone()).map_err(|e| format!(\"decode: {{e}}\"))?;\n            \
                 typed.validate().map_err(|e| e.to_string())\n        }},\n        \
                 parse: |value| {{\n            \
                 let bytes = serde_json::to_vec(value).map_err(|e| e.to_string())?;\n            \
                 types::{path}::from_json_slice(&bytes).map(drop).map_err(|e| e.to_string())\n        }},\n    }},",
                path = info.rust_path
            );
        }
    } else {
        write(&out_dir.join("corpus_types.rs"), "");
    }
    let code = format!(
        "/// Whether ../shared was present when the tests were built.\n\
         pub const AVAILABLE: bool = {available};\n\
         /// Every corpus document's root type.\n\
         pub static ROOTS: &[Root] = &[\n{table}];\n"
    );
    write(&out_dir.join("corpus_table.rs"), &code);
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = codegen::write_if_changed(path, contents) {
        panic!("{}: cannot write: {error}", path.display());
    }
}
