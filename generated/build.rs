//! Regenerates the Stytch types from `schemas/` (or `$STYTCH_SCHEMAS_DIR`) on every change, with
//! validators when the `validators` feature is on.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=STYTCH_SCHEMAS_DIR");
    // Cargo sets this for the `validators` feature.
    let validators = std::env::var_os("CARGO_FEATURE_VALIDATORS").is_some();
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let workspace = manifest_dir
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    // A relative STYTCH_SCHEMAS_DIR is taken from the workspace root, wherever cargo runs.
    let schemas = match std::env::var_os("STYTCH_SCHEMAS_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => workspace.join(dir),
        None => workspace.join("schemas"),
    };
    println!("cargo:rerun-if-changed={}", schemas.display());
    if let Ok(files) = codegen::load::schema_files(&schemas) {
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
    }
    let generated = match codegen::Config::new()
        .validators(validators)
        .generate_dir(&schemas)
    {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    for note in &generated.notes {
        println!("cargo:warning={note}");
    }
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("stytch_types.rs");
    if let Err(error) = codegen::write_if_changed(&out, &generated.code) {
        eprintln!("error: {}: cannot write: {error}", out.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
