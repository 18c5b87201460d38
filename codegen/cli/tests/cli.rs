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
        summary.starts_with("generated 1 type and 1 endpoint from 2 files in ")
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

#[cfg(unix)]
#[test]
fn output_files_get_the_usual_permissions_and_devices_stay_devices() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.rs");
    // Under umask 022 a new file is 0644, as any tool would leave it.
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" generate \"$1\" -o \"$2\"")
        .arg(env!("CARGO_BIN_EXE_codegen"))
        .arg(seed_dir())
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let mode = std::fs::metadata(&out)
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
    // `/dev/null` is written into, not replaced by a regular file.
    let status = codegen()
        .arg("generate")
        .arg(seed_dir())
        .args(["-o", "/dev/null"])
        .status()
        .expect("runs");
    assert!(status.success());
    let null = std::fs::metadata("/dev/null").expect("exists");
    assert!(null.file_type().is_char_device());
}

#[test]
fn every_setting_is_a_flag() {
    let output = codegen()
        .arg("generate")
        .arg(seed_dir())
        .args(["--naming", "flat", "--module", "api", "--enums", "closed"])
        .args(["--no-validators", "--no-format-assertion"])
        .args(["--runtime-path", "::my_runtime"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let code = String::from_utf8(output.stdout).expect("utf-8");
    assert!(code.contains("pub mod api {"), "{code}");
    assert!(code.contains("pub struct ApiDiscoveryV1DiscoveryListRequest"));
    assert!(code.contains("impl ::my_runtime::Endpoint for"));
    assert!(!code.contains("Validate"), "no validators: {code}");

    let output = codegen()
        .arg("generate")
        .arg(seed_dir())
        .args(["--runtime-path", "not a path"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("runtime path `not a path`"), "{stderr}");
}

/// Two files with the same title: an error that names `--naming file`, which gives each file a
/// module of its own.
#[test]
fn naming_file_is_the_way_out_of_a_collision_between_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/broken/same_title_in_two_files");
    let output = codegen().arg("generate").arg(&dir).output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        stderr.contains("type name `other::Address` collides")
            && stderr.contains("with `--naming file`"),
        "{stderr}"
    );

    let output = codegen()
        .arg("generate")
        .arg(&dir)
        .args(["--naming", "file"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let code = String::from_utf8(output.stdout).expect("utf-8");
    for module in ["billing_address", "shipping_address"] {
        let start = code
            .find(&format!("pub mod {module} {{"))
            .unwrap_or_else(|| panic!("no module {module}: {code}"));
        assert!(code[start..].contains("pub struct Address {"), "{code}");
    }
}

/// A JSON file among the schemas that is no schema (no key of it is a keyword) still generates,
/// as a schema that admits every value, but the CLI says so; a schema gets no such note.
#[test]
fn a_file_without_a_keyword_is_noted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = r#"{"name": "app", "version": "1.0.0", "private": true, "scripts": {}}"#;
    std::fs::write(dir.path().join("package.json"), data).expect("written");
    let schema = r#"{"title": "Order", "type": "object", "properties": {"id": {}}}"#;
    std::fs::write(dir.path().join("order.json"), schema).expect("written");
    let output = codegen()
        .args(["generate", "--naming", "flat"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let notes: Vec<&str> = stderr.lines().filter(|l| l.starts_with("note: ")).collect();
    assert_eq!(
        notes,
        [
            "note: package.json: no key of it (name, version, private, ...) is a JSON Schema \
          keyword, so it admits every value (a type of `serde_json::Value`): is it a schema?"
        ],
        "{stderr}"
    );
}
