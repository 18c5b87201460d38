//! The CLI on the catalogue of broken schemas (`tests/fixtures/broken/` and the generated cases):
//! exit code 2, the library's message naming the file, and an output file left as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../../tests/fixtures/broken_generated.rs"]
mod broken_generated;

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the catalogue exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Runs `codegen generate <dir> -o <temp>/out.rs` over an existing output file; returns the
/// output and whether the folder then holds exactly the untouched output file.
fn generate_over_existing(dir: &Path) -> (std::process::Output, bool) {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("out.rs");
    std::fs::write(&out, "// previous output\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("generate")
        .arg(dir)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    let untouched = std::fs::read_to_string(&out).ok().as_deref() == Some("// previous output\n")
        && std::fs::read_dir(out_dir.path()).map(|d| d.count()).ok() == Some(1);
    (output, untouched)
}

fn check_broken(name: &str, dir: &Path) {
    let expected = match codegen::generate(dir) {
        Ok(_) => panic!("{name}: the library generated code from a broken schema"),
        Err(error) => format!("error: {error}"),
    };
    let (output, untouched) = generate_over_existing(dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
    assert_eq!(stderr.trim_end(), expected, "{name}");
    assert!(output.stdout.is_empty(), "{name}: printed code");
    assert!(untouched, "{name}: the output file was changed");
}

#[test]
fn broken_schemas_exit_2_with_the_library_message() {
    let dirs = fixtures("broken");
    assert!(dirs.len() >= 20, "found {} cases", dirs.len());
    for dir in dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        check_broken(&name, &dir);
    }
    for (name, write) in broken_generated::CASES {
        let temp = tempfile::tempdir().expect("temp dir");
        write(temp.path()).unwrap_or_else(|e| panic!("{name}: cannot write the case: {e}"));
        check_broken(name, temp.path());
    }
}

#[test]
fn odd_schemas_exit_0_and_write_the_library_output() {
    for dir in fixtures("odd") {
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        let expected = codegen::generate(&dir)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .code;
        let out_dir = tempfile::tempdir().expect("temp dir");
        let out = out_dir.path().join("out.rs");
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("generate")
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{name}: {output:?}");
        let written = std::fs::read_to_string(&out).expect("written");
        assert!(written == expected, "{name}: the CLI wrote other code");
    }
}
