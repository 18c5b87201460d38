//! Rust types for the request and response bodies of the Stytch API, generated at build time
//! from the JSON Schemas in the workspace's `schemas/` folder (or `$STYTCH_SCHEMAS_DIR`).
//!
//! Types live in one module per API area, e.g. [`discovery::ListRequest`] for the schema
//! `api_discovery_v1_discovery_ListRequest`.

// typify writes `Default` impls by hand, and Stytch's descriptions are Markdown written for
// other renderers (list continuations without indentation).
#![allow(clippy::derivable_impls, clippy::doc_lazy_continuation)]

include!(concat!(env!("OUT_DIR"), "/stytch_types.rs"));
