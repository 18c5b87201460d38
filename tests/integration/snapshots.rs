//! Snapshots of the generated source: the seed schema and every fixture under
//! `tests/fixtures/types/` (the build script also compiles each one under `#[deny(warnings)]`).
//! Review changes with `cargo insta review`; in CI a changed or new snapshot fails.

use std::path::Path;

fn snapshot(name: &str, dir: &Path) {
    let generated = codegen::generate(dir).unwrap_or_else(|e| panic!("{name}: {e}"));
    insta::assert_snapshot!(name, generated.code);
}

#[test]
fn seed_snapshot() {
    snapshot("seed", &tests::workspace_root().join("schemas"));
}

#[test]
fn fixture_snapshots() {
    let root = tests::workspace_root().join("tests/fixtures/types");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures exist")
        .map(|e| e.expect("readable fixture folder").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 15,
        "at least 15 fixtures, found {}",
        dirs.len()
    );
    for dir in dirs {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        snapshot(&name, &dir);
    }
}
