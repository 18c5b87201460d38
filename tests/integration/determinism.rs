//! Same schemas, same bytes: whatever order the files are read in, and however often.

use std::path::{Path, PathBuf};

use codegen::{Config, SchemaSet};
use rand::seq::SliceRandom;
use rand::SeedableRng;

fn sources(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    codegen::load::schema_files(dir)
        .expect("schema folder lists")
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).expect("schema reads");
            (
                file.strip_prefix(dir).expect("under dir").to_path_buf(),
                bytes,
            )
        })
        .collect()
}

fn generate_in_order(dir: &Path, files: Vec<(PathBuf, Vec<u8>)>) -> String {
    let set = SchemaSet::from_sources(dir, files).expect("schemas load");
    Config::new()
        .generate_set(&set)
        .expect("schemas generate")
        .code
}

fn assert_order_independent(dir: &Path) {
    let files = sources(dir);
    let expected = generate_in_order(dir, files.clone());
    assert_eq!(expected, codegen::generate(dir).expect("generates").code);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    for _ in 0..3 {
        let mut shuffled = files.clone();
        shuffled.shuffle(&mut rng);
        assert_eq!(
            expected,
            generate_in_order(dir, shuffled),
            "{}",
            dir.display()
        );
    }
    let mut reversed = files;
    reversed.reverse();
    assert_eq!(
        expected,
        generate_in_order(dir, reversed),
        "{}",
        dir.display()
    );
}

#[test]
fn fixtures_are_deterministic() {
    let root = tests::workspace_root().join("tests/fixtures/types");
    for entry in std::fs::read_dir(root).expect("fixtures exist") {
        let dir = entry.expect("readable").path();
        if dir.is_dir() {
            assert_order_independent(&dir);
        }
    }
}

#[test]
fn corpus_is_deterministic() {
    let Some(dir) = tests::corpus_dir() else {
        return;
    };
    assert_order_independent(&dir);
}
