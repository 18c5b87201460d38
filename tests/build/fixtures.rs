//! Generates every fixture under `tests/fixtures/types/` so that the snapshotted code is also
//! compiled, under `#[deny(warnings)]`.

use std::fmt::Write;
use std::path::Path;

pub fn main(workspace: &Path, out_dir: &Path) {
    let fixtures = workspace.join("tests/fixtures/types");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let mut modules = String::new();
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    for dir in names.into_iter().filter(|p| p.is_dir()) {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let generated = match codegen::generate(&dir) {
            Ok(generated) => generated,
            Err(error) => panic!("fixture {name} does not generate: {error}"),
        };
        let file = format!("fixture_{name}.rs");
        if let Err(error) = codegen::write_if_changed(out_dir.join(&file), &generated.code) {
            panic!("cannot write {file}: {error}");
        }
        let _ = writeln!(
            modules,
            "#[deny(warnings)]\npub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));\n}}"
        );
    }
    if let Err(error) = codegen::write_if_changed(out_dir.join("fixtures.rs"), &modules) {
        panic!("cannot write fixtures.rs: {error}");
    }
}
