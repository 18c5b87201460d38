//! Snapshots of the generated source, one per schema folder: the seed (`schemas/`), every fixture
//! of `tests/fixtures/types/` and every valid but awkward folder of `tests/fixtures/odd/`. The
//! text snapshotted is the very file the build script wrote and compiled under
//! `#[deny(warnings)]` (`tests::fixture_code`), so a snapshot that does not compile fails the
//! build. A mismatch does not hide the others. Review changes with `cargo insta review`; in CI a
//! changed or new snapshot fails.

use std::path::Path;

fn name(dir: &Path) -> String {
    dir.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn seed() {
    insta::assert_snapshot!(tests::fixture_code("seed", ""));
}

#[test]
fn types() {
    insta::glob!("../fixtures/types", "?*", |dir| {
        insta::assert_snapshot!(tests::fixture_code("types", &name(dir)));
    });
}

#[test]
fn odd() {
    insta::glob!("../fixtures/odd", "?*", |dir| {
        insta::assert_snapshot!(tests::fixture_code("odd", &name(dir)));
    });
}
