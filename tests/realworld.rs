//! The real-world corpus (`fixtures/realworld/`), generated as one set and compiled by the build
//! script (`build/realworld.rs`), with the known failures it left out or lets disagree.

use codegen_runtime::{FromJson, Validate};
use serde_json::Value;

/// The generated types and validators of every file not left out.
#[deny(warnings)]
pub mod types {
    include!(concat!(env!("OUT_DIR"), "/realworld_types.rs"));
}

/// A generated file's root type and its paths.
pub struct Root {
    /// Path below `fixtures/realworld`, e.g. `draft7/ci-pipeline.json`.
    pub file: &'static str,
    pub rust_path: &'static str,
    /// The value path: the generated validator run on the JSON value.
    pub validate_value: fn(&Value) -> Result<(), String>,
    /// The typed path: deserializes into the type, then `validate()`; a decoding error is
    /// reported as `decode: ...`.
    pub typed: fn(&Value) -> Result<(), String>,
    /// Deserializes into the type and serializes back.
    pub round_trip: fn(&Value) -> Result<Value, String>,
}

/// How a listed file fails (see `build/realworld.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Left out of the generated set.
    Generation,
    /// Compiled, but some verdicts differ from the expected ones.
    Verdicts,
}

/// One entry of the build script's `KNOWN_FAILURES`.
pub struct KnownFailure {
    pub file: &'static str,
    pub failure: Failure,
    pub reason: &'static str,
}

fn typed<T: serde::de::DeserializeOwned + Validate>(value: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| format!("decode: {e}"))?;
    typed.validate().map_err(|e| e.to_string())
}

use crate::round_trip;

include!(concat!(env!("OUT_DIR"), "/realworld_table.rs"));
