//! Generates the real-world corpus (`tests/fixtures/realworld/<draft>/*.json`: configuration
//! files, API payloads, manifests, events, ... in every JSON Schema draft) as ONE schema set, the
//! way a crate would, into `$OUT_DIR/realworld_types.rs`, compiled under `#[deny(warnings)]` in
//! `tests::realworld::types`, with a table of every file's root type for
//! `tests/integration/realworld.rs`.
//!
//! The files of `KNOWN_FAILURES` marked `Generation` are left out of the set, so that the others
//! still build; the test checks them against the oracle only. Empty the list as the generator
//! learns what they need.

use crate::files::{folders, json_files};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// How a listed file fails today.
// The list may hold no file of a kind.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug)]
pub enum Failure {
    /// The generator rejects it (alone or in the set), or its code does not compile: it is left
    /// out of the generated set.
    Generation,
    /// It is generated and compiled with the others, but some of its instances get a verdict
    /// other than the expected one (the test shows which, and fails once all agree).
    Verdicts,
}

/// The real-world files the generator does not handle yet: path below
/// `tests/fixtures/realworld`, how it fails, and why.
pub const KNOWN_FAILURES: &[(&str, Failure, &str)] = &[];

pub fn main(workspace: &Path, out_dir: &Path) {
    let dir = workspace.join("tests/fixtures/realworld");
    println!("cargo:rerun-if-changed={}", dir.display());
    let relative = |text: &str| text.replace(&format!("{}/", workspace.display()), "");
    let mut sources = Vec::new();
    for file in schema_files(&dir) {
        let name = file
            .strip_prefix(&dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let excluded = KNOWN_FAILURES
            .iter()
            .any(|(listed, failure, _)| *listed == name && matches!(failure, Failure::Generation));
        if !excluded {
            let bytes = std::fs::read(&file)
                .unwrap_or_else(|e| panic!("{}: cannot read: {e}", file.display()));
            sources.push((PathBuf::from(name), bytes));
        }
    }

    let mut config = codegen::Config::new();
    config.naming(codegen::Naming::Flat {
        module: "realworld".into(),
    });
    let generated = codegen::SchemaSet::from_sources(&dir, sources)
        .and_then(|set| config.generate_set(&set).map(|generated| (set, generated)));
    let mut roots = String::new();
    let (code, error) = match generated {
        Ok((set, generated)) => {
            for info in generated
                .types
                .iter()
                .filter(|t| t.location.pointer.is_empty())
            {
                // Standard meta-schemas the files refer to join the set from the generator's
                // built-in copies; only the corpus's own files have instances.
                let document = set.document(info.location.doc);
                if document.uri.scheme() != "file" {
                    continue;
                }
                let file = document.uri.path()[1..].to_string();
                let _ = writeln!(
                    roots,
                    "    Root {{\n        file: {file:?},\n        rust_path: {path:?},\n        \
                     validate_value: |value| types::{path}::validate_value(value).map_err(|e| e.to_string()),\n        \
                     typed: typed::<types::{path}>,\n        \
                     round_trip: round_trip::<types::{path}>,\n    }},",
                    path = info.rust_path
                );
            }
            let notes: String = generated
                .notes
                .iter()
                .map(|note| format!("// note: {}\n", relative(note)))
                .collect();
            (format!("{notes}{}", generated.code), String::new())
        }
        Err(error) => (String::new(), relative(&error.to_string())),
    };
    write(&out_dir.join("realworld_types.rs"), &code);

    let mut failures = String::new();
    for (file, failure, reason) in KNOWN_FAILURES {
        let _ = writeln!(
            failures,
            "    KnownFailure {{ file: {file:?}, failure: Failure::{failure:?}, reason: {reason:?} }},"
        );
    }
    let table = format!(
        "/// Why the set did not generate (empty when it did).\n\
         pub const GENERATION_ERROR: &str = {error:?};\n\
         /// The list of `tests/build/realworld.rs`.\n\
         pub static KNOWN_FAILURES: &[KnownFailure] = &[\n{failures}];\n\
         /// The root type of every generated file.\n\
         pub static ROOTS: &[Root] = &[\n{roots}];\n"
    );
    write(&out_dir.join("realworld_table.rs"), &table);
}

/// The `*.json` files one folder below `dir` (`<draft>/<name>.json`), sorted.
fn schema_files(dir: &Path) -> Vec<PathBuf> {
    folders(dir)
        .iter()
        .flat_map(|folder| json_files(folder))
        .collect()
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = codegen::write_if_changed(path, contents) {
        panic!("{}: cannot write: {error}", path.display());
    }
}
