//! Generates every fixture under `tests/fixtures/odd/` (valid but awkward schemas) so that the
//! snapshotted code is also compiled, under `#[deny(warnings)]`. A fixture that does not generate
//! gets an empty module: `tests/integration/broken.rs` reports its error.

use std::fmt::Write;
use std::path::Path;

pub fn main(workspace: &Path, out_dir: &Path) {
    let fixtures = workspace.join("tests/fixtures/odd");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    let mut modules = String::new();
    for dir in dirs.into_iter().filter(|p| p.is_dir()) {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let code = codegen::generate(&dir)
            .map(|generated| generated.code)
            .unwrap_or_default();
        let file = format!("odd_{name}.rs");
        if let Err(error) = codegen::write_if_changed(out_dir.join(&file), &code) {
            panic!("cannot write {file}: {error}");
        }
        let _ = writeln!(
            modules,
            "#[deny(warnings)]\npub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));\n}}"
        );
    }
    if let Err(error) = codegen::write_if_changed(out_dir.join("odd.rs"), &modules) {
        panic!("cannot write odd.rs: {error}");
    }
}
