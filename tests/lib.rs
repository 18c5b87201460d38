//! Shared helpers for the integration, conformance and snapshot tests.

use std::path::{Path, PathBuf};

pub mod conformance;

/// The workspace root (the parent of this package's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package lives inside the workspace")
        .to_path_buf()
}

/// `../shared` beside the workspace: the Stytch corpus, the JSON-Schema-Test-Suite and the
/// meta-schemas. Tests that need it call this and skip, saying why, when it is missing.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is missing (it holds the Stytch corpus and the JSON-Schema-Test-Suite)",
            dir.display()
        );
        None
    }
}

/// `../shared/stytch/json-schema`, the full Stytch corpus, if present.
pub fn corpus_dir() -> Option<PathBuf> {
    shared_dir().map(|dir| dir.join("stytch/json-schema"))
}
