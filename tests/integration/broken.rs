//! Bad input never crashes the generator. Every folder of `tests/fixtures/broken/` (and the cases
//! of `fixtures/broken_generated.rs`, written to a temporary folder) must give an error, never a
//! panic, that names the file (and the JSON pointer or line and column); the snapshot holds the
//! message. `generated/build.rs` must fail with the same message and leave its output untouched.
//! Every folder of `tests/fixtures/odd/` is valid but awkward: its output is snapshotted, and the
//! build script compiles it under `#[deny(warnings)]` (see `tests::odd`).

// The generator's error names two places for some variants; its size does not matter here.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::Error;

#[path = "../fixtures/broken_generated.rs"]
mod broken_generated;

/// One schema folder of the catalogue.
struct Case {
    name: String,
    dir: PathBuf,
    /// Keeps a generated case's folder alive.
    _temp: Option<tempfile::TempDir>,
}

fn committed(kind: &str) -> Vec<Case> {
    let root = tests::workspace_root().join("tests/fixtures").join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the catalogue exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| Case {
            name: dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            dir,
            _temp: None,
        })
        .collect()
}

fn broken_cases() -> Vec<Case> {
    let mut cases = committed("broken");
    for (name, write) in broken_generated::CASES {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join(name);
        std::fs::create_dir(&dir).expect("mkdir");
        write(&dir).unwrap_or_else(|e| panic!("{name}: cannot write the case: {e}"));
        cases.push(Case {
            name: name.to_string(),
            dir,
            _temp: Some(temp),
        });
    }
    cases
}

/// Runs the library on `dir`, failing the test (with the case name) if it panics.
fn generate(case: &Case) -> codegen::Result<codegen::Generated> {
    std::panic::catch_unwind(|| codegen::generate(&case.dir))
        .unwrap_or_else(|_| panic!("{}: the generator panicked", case.name))
}

/// `text` with the case folder's absolute path replaced by `schemas`, so snapshots are the same
/// on every machine.
fn relative(text: &str, case: &Case) -> String {
    text.replace(&case.dir.display().to_string(), "schemas")
}

/// Whether the error points into the case folder: a `.json` file with a line and column or a JSON
/// pointer, or the folder itself for folder-level errors.
fn names_the_place(error: &Error, dir: &Path) -> bool {
    let is_schema_file =
        |path: &Path| path.starts_with(dir) && path.extension().is_some_and(|e| e == "json");
    match error {
        Error::Json { path, line, .. } | Error::NotUtf8 { path, line, .. } => {
            is_schema_file(path) && *line >= 1
        }
        Error::TooLarge { path, .. } => is_schema_file(path),
        Error::Io { path, .. } | Error::NoSchemas { path } => path.starts_with(dir),
        Error::InvalidSchema { place, .. }
        | Error::UnresolvedRef { place, .. }
        | Error::InvalidRegex { place, .. }
        | Error::Unsupported { place, .. }
        | Error::TypeGeneration { place, .. } => is_schema_file(&place.file),
        Error::DuplicateId { first, second, .. } | Error::NameCollision { first, second, .. } => {
            is_schema_file(&first.file) && is_schema_file(&second.file)
        }
        _ => false,
    }
}

#[test]
fn broken_schemas_give_errors_naming_the_place() {
    let cases = broken_cases();
    assert!(
        cases.len() >= 25,
        "at least 25 cases, found {}",
        cases.len()
    );
    for case in &cases {
        let error = match generate(case) {
            Ok(_) => panic!("{}: generated code from a broken schema", case.name),
            Err(error) => error,
        };
        assert!(
            names_the_place(&error, &case.dir),
            "{}: the error does not name the file and place: {error}",
            case.name
        );
        insta::assert_snapshot!(case.name.clone(), relative(&error.to_string(), case));
    }
}

#[test]
fn odd_schemas_generate_code() {
    let cases = committed("odd");
    assert!(
        cases.len() >= 10,
        "at least 10 cases, found {}",
        cases.len()
    );
    for case in &cases {
        let generated = generate(case).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let notes: String = generated
            .notes
            .iter()
            .map(|n| format!("// note: {}\n", relative(n, case)))
            .collect();
        insta::assert_snapshot!(
            format!("odd_{}", case.name),
            format!("{notes}{}", generated.code)
        );
    }
}

/// The odd fixtures' code is compiled by the tests build script; this pins a few of the names the
/// snapshots show, so a change in naming is noticed here too.
#[test]
fn odd_schemas_compile_with_usable_names() {
    use serde_json::json;
    use tests::odd::keyword_names::misc::Keywords;
    use tests::odd::keyword_names::other::{Crate, SelfType, Super};
    use tests::odd::property_case_collision::misc::Collide;
    // Properties equal after snake_case: the one spelled like the field keeps the name, the
    // others are numbered in the order of their JSON names.
    let input = json!({"fooBar": "a", "foo_bar": 1, "FooBar": true, "foo-bar": 2.5});
    let collide: Collide = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(collide.foo_bar, Some(1));
    assert_eq!(collide.foo_bar_1, Some(true));
    assert_eq!(collide.foo_bar_2, Some(2.5));
    assert_eq!(collide.foo_bar_3.as_deref(), Some("a"));
    assert_eq!(serde_json::to_value(&collide).expect("encodes"), input);

    let input =
        json!({"type": "t", "self": "s", "Self": "S", "crate": true, "super": 1, "r#raw": "r"});
    let keywords: Keywords = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&keywords).expect("encodes"), input);
    let input = json!({"crate": "super", "Self": {"super": "x"}});
    let named: Super = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&named).expect("encodes"), input);
    assert!(Crate::from("self").is_known() && !Crate::from("Self").is_known());
    let _: SelfType = serde_json::from_value(json!({})).expect("decodes");
}

/// The build script of `stytch-types` (already built: this package depends on it), run directly
/// on every case instead of through `cargo build`, which would wait for the lock this test run
/// holds.
fn build_script() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/integration-<hash>
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary is in target/<profile>/deps");
    let mut scripts: Vec<(std::time::SystemTime, PathBuf)> =
        std::fs::read_dir(profile.join("build"))
            .expect("target/<profile>/build exists")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("stytch-types-"))
            .map(|e| e.path().join("build-script-build"))
            .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
            .collect();
    scripts.sort();
    scripts
        .pop()
        .map(|(_, path)| path)
        .expect("the stytch-types build script is built")
}

fn run_build_script(script: &Path, case: &Case, out_dir: &Path) -> std::process::Output {
    Command::new(script)
        .env(
            "CARGO_MANIFEST_DIR",
            tests::workspace_root().join("generated"),
        )
        .env("OUT_DIR", out_dir)
        .env("STYTCH_SCHEMAS_DIR", &case.dir)
        // As cargo sets it for the default feature `validators`.
        .env("CARGO_FEATURE_VALIDATORS", "1")
        .output()
        .expect("the build script runs")
}

#[test]
fn build_script_fails_with_the_same_message_and_keeps_its_output() {
    let script = build_script();
    for case in broken_cases() {
        let expected = match generate(&case) {
            Ok(_) => panic!("{}: generated code from a broken schema", case.name),
            Err(error) => format!("error: {error}"),
        };
        let out_dir = tempfile::tempdir().expect("temp dir");
        let out = out_dir.path().join("stytch_types.rs");
        std::fs::write(&out, "// previous output\n").expect("write");
        let output = run_build_script(&script, &case, out_dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{}: {stderr}", case.name);
        assert_eq!(stderr.trim_end(), expected, "{}", case.name);
        assert_eq!(
            std::fs::read_to_string(&out).expect("still there"),
            "// previous output\n",
            "{}",
            case.name
        );
        let files = std::fs::read_dir(out_dir.path()).expect("readable").count();
        assert_eq!(
            files, 1,
            "{}: the build script left files behind",
            case.name
        );
    }
}

#[test]
fn build_script_writes_the_library_output_for_odd_schemas() {
    let script = build_script();
    for case in committed("odd") {
        let expected = generate(&case)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name))
            .code;
        let out_dir = tempfile::tempdir().expect("temp dir");
        let output = run_build_script(&script, &case, out_dir.path());
        assert!(output.status.success(), "{}: {output:?}", case.name);
        let written = std::fs::read_to_string(out_dir.path().join("stytch_types.rs"))
            .expect("the build script wrote its output");
        assert!(
            written == expected,
            "{}: the build script wrote other code",
            case.name
        );
    }
}
