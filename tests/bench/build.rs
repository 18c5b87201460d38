//! Generates the Stytch corpus' types and validators with `codegen` (as `stytch-types` would from
//! that folder) and a table of every document's root type, for the benchmarks to run ours and the
//! peers on the same schemas. Without `../shared` both are empty and the benchmarks say why.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let corpus = manifest.join("../../../shared/stytch/json-schema");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut code = String::new();
    let mut table = String::new();
    if corpus.is_dir() {
        let set = match codegen::SchemaSet::load_dir(&corpus) {
            Ok(set) => set,
            Err(error) => panic!("the Stytch corpus does not load: {error}"),
        };
        let generated = match codegen::Config::new().generate_set(&set) {
            Ok(generated) => generated,
            Err(error) => panic!("the Stytch corpus does not generate: {error}"),
        };
        code = generated.code;
        for info in generated
            .types
            .iter()
            .filter(|t| t.location.pointer.is_empty())
        {
            let _ = writeln!(
                table,
                "    Entry {{\n        uri: {uri:?},\n        \
                 validate: |v| types::{path}::validate_value(v).map_or_else(|e| e.len(), |()| 0),\n        \
                 is_valid: |v| types::{path}::is_valid_value(v),\n        \
                 parse: |b| types::{path}::from_json_slice(b).is_ok(),\n        \
                 bare: |b| serde_json::from_slice::<types::{path}>(b).is_ok(),\n        \
                 from_value: |v| serde_json::from_value::<types::{path}>(v).is_ok(),\n    }},",
                uri = set.document(info.location.doc).uri.as_str(),
                path = info.rust_path
            );
        }
    }
    write(&out_dir.join("corpus_types.rs"), &code);
    write(
        &out_dir.join("corpus_entries.rs"),
        &format!("pub static ENTRIES: &[Entry] = &[\n{table}];\n"),
    );
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = codegen::write_if_changed(path, contents) {
        panic!("{}: cannot write: {error}", path.display());
    }
}
