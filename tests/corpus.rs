//! The whole Stytch corpus, generated and compiled by the build script (empty without ../shared).

use codegen_runtime::{Endpoint, FromJson, Method, Validate};
use serde_json::Value;

/// The generated types of the corpus.
pub mod types {
    include!(concat!(env!("OUT_DIR"), "/corpus_types.rs"));
}

/// A corpus document's root type, a function that round-trips a JSON value through it, and its
/// two validation paths.
pub struct Root {
    /// The document's URI in the loaded set (`file:///<file name>`).
    pub uri: &'static str,
    pub rust_path: &'static str,
    /// Deserializes into the type and serializes back.
    pub round_trip: fn(&Value) -> Result<Value, String>,
    /// The value path: the generated validator run on the JSON value (errors as `Display` text).
    pub validate_value: fn(&Value) -> Result<(), String>,
    /// The value path's verdict alone (`is_valid_value`).
    pub is_valid: fn(&Value) -> bool,
    /// The typed path: deserializes into the type, then `validate()`; a decoding error is
    /// reported as `decode: ...`.
    pub typed: fn(&Value) -> Result<(), String>,
    /// The parse path users call: `from_json_slice` on the value's JSON text.
    pub parse: fn(&Value) -> Result<(), String>,
}

/// One endpoint's request type and what its `Endpoint` impl declares.
pub struct EndpointInfo {
    /// The operation id the endpoint file gives.
    pub operation_id: &'static str,
    pub rust_path: &'static str,
    pub method: Method,
    pub path: &'static str,
    /// `Endpoint::OPERATION_ID`.
    pub declared_id: &'static str,
}

use crate::round_trip;

include!(concat!(env!("OUT_DIR"), "/corpus_table.rs"));
