//! The `codegen` binary: output, summary line, exit codes, and untouched output on error.

use std::path::Path;
use std::process::Command;

fn codegen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
}

fn seed_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

#[test]
fn generate_to_stdout_prints_code_and_a_summary() {
    let output = codegen()
        .args(["generate"])
        .arg(seed_dir())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let code = String::from_utf8(output.stdout).expect("utf-8");
    assert!(code.contains("pub mod discovery"));
    assert!(code.contains("pub struct ListRequest"));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("generated 1 types from 1 schema files in ")
            && summary.ends_with(" ms"),
        "{summary}"
    );
}

#[test]
fn generate_to_file_writes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.rs");
    let status = codegen()
        .arg("generate")
        .arg(seed_dir())
        .arg("-o")
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let code = std::fs::read_to_string(&out).expect("written");
    assert!(code.starts_with("// @generated"));
}

#[test]
fn bad_input_exits_2_names_the_file_and_leaves_output_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = dir.path().join("schemas");
    std::fs::create_dir(&schemas).expect("mkdir");
    std::fs::write(
        schemas.join("broken.json"),
        "{\n  \"type\": \"object\",\n}\n",
    )
    .expect("write");
    let out = dir.path().join("out.rs");
    std::fs::write(&out, "previous contents").expect("write");
    let output = codegen()
        .arg("generate")
        .arg(&schemas)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("broken.json:3:1"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("still there"),
        "previous contents"
    );
}

#[test]
fn dangling_ref_names_file_pointer_and_target() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.json"),
        r##"{"type": "object", "properties": {"b": {"$ref": "#/$defs/missing"}}}"##,
    )
    .expect("write");
    let output = codegen()
        .arg("generate")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("a.json#/properties/b/$ref"), "{stderr}");
    assert!(stderr.contains("#/$defs/missing"), "{stderr}");
}
