//! Listing schema files, shared by the tests build script and the tests library.

use std::path::{Path, PathBuf};

/// What `dir` holds, sorted (nothing when it cannot be read).
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    paths
}

/// The `*.json` files directly in `dir`, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    entries(dir)
        .into_iter()
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "json"))
        .collect()
}

/// The folders directly in `dir`, sorted.
pub fn folders(dir: &Path) -> Vec<PathBuf> {
    entries(dir).into_iter().filter(|p| p.is_dir()).collect()
}
