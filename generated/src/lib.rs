//! Rust types for the request and response bodies of the Stytch API, generated at build time
//! from the JSON Schemas in the workspace's `schemas/` folder (or `$STYTCH_SCHEMAS_DIR`).
//!
//! Types live in one module per API area, e.g. [`discovery::ListRequest`] for the schema
//! `api_discovery_v1_discovery_ListRequest`. With the `validators` feature (on by default) every
//! type implements [`Validate`] and [`FromJson`]:
//!
//! ```
//! use stytch_types::discovery::ListRequest;
//! use stytch_types::FromJson;
//!
//! let request = ListRequest::from_json_slice(br#"{"session_token": "abc"}"#)?;
//! assert_eq!(request.session_token.as_deref(), Some("abc"));
//! # Ok::<(), stytch_types::Errors>(())
//! ```

pub use codegen_runtime::{Endpoint, Error, Errors, Method};

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "validators")]
pub use codegen_runtime::{FromJson, Validate};

include!(concat!(env!("OUT_DIR"), "/stytch_types.rs"));
