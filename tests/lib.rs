//! Shared helpers for the integration, conformance and snapshot tests.

use std::path::{Path, PathBuf};

/// Arbitrary valid schemas drawn from a fixed seed: types and validators (see `build/arbitrary.rs`).
mod files;
pub use files::{folders, json_files};

pub mod arbitrary {
    include!(concat!(env!("OUT_DIR"), "/arbitrary.rs"));
}
pub mod conformance;
pub mod corpus;

/// The seed (`seed`), every fixture of `fixtures/types/` (`types::<name>`) and every valid but
/// awkward schema folder of `fixtures/odd/` (`odd::<name>`), generated and compiled under
/// `#[deny(warnings)]` (see `build/fixtures.rs`).
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// The generated code of a fixture as the build script wrote and compiled it: `group` is `seed`,
/// `types` or `odd`.
pub fn fixture_code(group: &str, name: &str) -> String {
    let file = match group {
        "seed" => "fixture_seed.rs".to_string(),
        _ => format!("fixture_{group}_{name}.rs"),
    };
    let path = Path::new(env!("OUT_DIR")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
pub mod oracle;
pub mod realworld;

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

/// The Stytch corpus the tests compile (`build/corpus.rs`): `codegen import` of Stytch's three
/// OpenAPI documents plus the hand-written schemas of `../shared/stytch/json-schema`, if
/// `../shared` was present when the tests were built.
pub fn corpus_dir() -> Option<PathBuf> {
    shared_dir()?;
    if !corpus::AVAILABLE {
        eprintln!("skipped: the tests were built without ../shared; rebuild to include the corpus");
        return None;
    }
    Some(Path::new(env!("OUT_DIR")).join("stytch"))
}

/// `../shared/stytch/json-schema`, Stytch's corpus as vendored (716 files), if present.
pub fn json_schema_dir() -> Option<PathBuf> {
    shared_dir().map(|dir| dir.join("stytch/json-schema"))
}

/// The last component of `path`, as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Decodes `value` into a generated type and encodes it again: the round trip the corpus
/// tables check for every valid instance.
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("encode: {e}"))
}

/// JSON equality as JSON Schema defines it: numbers compare by value (`3` equals `3.0`), objects
/// regardless of key order. An integer field reads a whole number written `3.0` and writes it
/// back `3`.
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}
