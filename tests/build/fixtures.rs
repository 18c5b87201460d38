//! Generates the snapshotted schema folders: the seed (`schemas/`), every fixture of
//! `tests/fixtures/types/` and every valid but awkward one of `tests/fixtures/odd/`. Each is
//! written to `$OUT_DIR/fixture_<group>_<name>.rs` and compiled under `#[deny(warnings)]` in
//! `tests::fixtures::<group>::<name>`; `tests/integration/snapshots.rs` snapshots these very
//! files, so the snapshotted text is the compiled text.
//!
//! A folder that fails to generate is written as a comment with the error (and an empty module):
//! its snapshot test then fails with that message, and every other fixture still builds.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The groups of fixture folders: name, and the folder holding one schema folder per fixture.
const GROUPS: &[(&str, &str)] = &[
    ("types", "tests/fixtures/types"),
    ("odd", "tests/fixtures/odd"),
];

/// Fixtures of `types` also generated with strict decoding, in `tests::fixtures::strict`.
const STRICT: &[&str] = &["nullable"];

pub fn main(workspace: &Path, out_dir: &Path) {
    let mut modules = String::new();
    let schemas = workspace.join("schemas");
    println!("cargo:rerun-if-changed={}", schemas.display());
    let seed = generate(workspace, &schemas, out_dir, "fixture_seed.rs");
    let _ = writeln!(modules, "{}", module("seed", &seed));
    for (group, folder) in GROUPS {
        let folder = workspace.join(folder);
        println!("cargo:rerun-if-changed={}", folder.display());
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        dirs.retain(|d| d.is_dir());
        dirs.sort();
        let _ = writeln!(modules, "pub mod {group} {{");
        for dir in dirs {
            let name = dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let file = generate(workspace, &dir, out_dir, &fixture_file(group, &name));
            let _ = writeln!(modules, "{}", module(&name, &file));
        }
        let _ = writeln!(modules, "}}");
    }
    let _ = writeln!(modules, "pub mod strict {{");
    for name in STRICT {
        let dir = workspace.join("tests/fixtures/types").join(name);
        let mut config = codegen::Config::new();
        config.strict_decoding(true);
        let file = generate_with(
            &config,
            workspace,
            &dir,
            out_dir,
            &fixture_file("strict", name),
        );
        let _ = writeln!(modules, "{}", module(name, &file));
    }
    let _ = writeln!(modules, "}}");
    write(&out_dir.join("fixtures.rs"), &modules);
}

/// The file name of a fixture's generated code (the same in `tests::fixture_code`).
fn fixture_file(group: &str, name: &str) -> String {
    format!("fixture_{group}_{name}.rs")
}

/// Generates `dir` into `file`: the code, after a `// note:` line for each fallback the
/// generator reports, or only a `// generation failed:` line. Returns the file name.
fn generate(workspace: &Path, dir: &Path, out_dir: &Path, file: &str) -> String {
    generate_with(&codegen::Config::new(), workspace, dir, out_dir, file)
}

fn generate_with(
    config: &codegen::Config,
    workspace: &Path,
    dir: &Path,
    out_dir: &Path,
    file: &str,
) -> String {
    let relative = |text: &str| text.replace(&format!("{}/", workspace.display()), "");
    let text = match config.generate_dir(dir) {
        Ok(generated) => {
            let notes: String = generated
                .notes
                .iter()
                .map(|note| format!("// note: {}\n", relative(note)))
                .collect();
            format!("{notes}{}", generated.code)
        }
        Err(error) => format!("// generation failed: {}\n", relative(&error.to_string())),
    };
    write(&out_dir.join(file), &text);
    file.to_string()
}

fn module(name: &str, file: &str) -> String {
    format!("#[deny(warnings)]\npub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));\n}}")
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = codegen::write_if_changed(path, contents) {
        panic!("{}: cannot write: {error}", path.display());
    }
}
