//! Bad input never crashes the generator. Every folder of `tests/fixtures/broken/` (and the cases
//! of `fixtures/broken_generated.rs`, written to a temporary folder) must give an error, never a
//! panic, that names the file (and the JSON pointer or line and column); one snapshot per case
//! holds the message. `generated/build.rs` must fail with the same message and leave its output
//! untouched.

use std::path::Path;

use codegen::Error;

use crate::catalogue::{build_script, committed, generate, relative, run_build_script, Case};

#[path = "../fixtures/broken_generated.rs"]
mod broken_generated;

/// Every broken case: the committed folders, then the generated ones.
fn broken_cases() -> Vec<Case> {
    let mut cases = committed("broken");
    for (name, write) in broken_generated::CASES {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join(name);
        std::fs::create_dir(&dir).expect("mkdir");
        write(&dir).unwrap_or_else(|e| panic!("{name}: cannot write the case: {e}"));
        cases.push(Case::written(name, dir, temp));
    }
    cases
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
        | Error::InvalidEndpoint { place, .. }
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

/// The error of a broken case, with the reason it falls short if it does.
fn error_of(case: &Case) -> (String, Option<String>) {
    match generate(case) {
        Ok(_) => (
            String::new(),
            Some(format!(
                "{}: generated code from a broken schema",
                case.name
            )),
        ),
        Err(error) => {
            let short = (!names_the_place(&error, &case.dir)).then(|| {
                format!(
                    "{}: the error does not name the file and place: {error}",
                    case.name
                )
            });
            (relative(&error.to_string(), case), short)
        }
    }
}

/// One snapshot per committed case (a mismatch does not hide the others).
#[test]
fn errors() {
    let mut problems = Vec::new();
    insta::glob!("../fixtures/broken", "?*", |dir| {
        let case = Case::at(dir);
        let (message, problem) = error_of(&case);
        problems.extend(problem);
        insta::assert_snapshot!(message);
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One snapshot per case too large, not UTF-8, or platform-specific to commit.
#[test]
fn generated_errors() {
    let mut problems = Vec::new();
    let mut mismatches = Vec::new();
    for case in broken_cases().into_iter().filter(|c| c.generated()) {
        let (message, problem) = error_of(&case);
        problems.extend(problem);
        let name = case.name.clone();
        let outcome = std::panic::catch_unwind(|| insta::assert_snapshot!(name, message));
        if outcome.is_err() {
            mismatches.push(case.name);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(mismatches.is_empty(), "snapshots differ: {mismatches:?}");
}

/// Two files whose schemas get the same Rust path: the error names the way out, `--naming file`
/// (`Naming::File`), which gives each file a module of its own, and with it both generate.
#[test]
fn name_collisions_between_files_name_the_way_out() {
    for name in ["same_title_in_two_files", "type_name_collision"] {
        let case = Case::at(
            &tests::workspace_root()
                .join("tests/fixtures/broken")
                .join(name),
        );
        let error = generate(&case).expect_err("the names collide");
        assert!(
            matches!(error, Error::NameCollision { .. }),
            "{name}: {error}"
        );
        assert!(
            error
                .to_string()
                .contains("`--naming file` (`Naming::File`)"),
            "{name}: {error}"
        );
        let generated = codegen::Config::new()
            .naming(codegen::Naming::File)
            .generate_dir(&case.dir)
            .unwrap_or_else(|e| panic!("{name} with Naming::File: {e}"));
        let paths: Vec<&str> = generated
            .types
            .iter()
            .map(|t| t.rust_path.as_str())
            .collect();
        assert_eq!(paths.len(), 2, "{name}: {paths:?}");
        assert_ne!(paths[0], paths[1], "{name}");
    }
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
