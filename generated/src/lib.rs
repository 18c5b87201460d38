//! Rust types for the request and response bodies of the Stytch API, generated at build time
//! from the JSON Schemas in the workspace's `schemas/` folder (or `$STYTCH_SCHEMAS_DIR`).
//!
//! Types live in one module per API area, e.g. [`discovery::ListRequest`] for the schema
//! `api_discovery_v1_discovery_ListRequest`.

include!(concat!(env!("OUT_DIR"), "/stytch_types.rs"));
