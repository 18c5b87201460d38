//! The runtime of the code that `codegen` generates from JSON Schemas: what generated types and
//! validators call, linked rather than pasted into every generated file (as `prost` is to
//! `prost-build`).
//!
//! A crate that includes generated code depends on `serde`, `serde_json` and this crate. What it
//! uses from here:
//!
//! - [`Validate`] and [`FromJson`], implemented by every generated type when validators are
//!   generated, so that code can be generic over them:
//!
//!   ```
//!   use codegen_runtime::{Errors, Validate};
//!
//!   /// Checks a request against its schema, then encodes it.
//!   fn encode<T: Validate + serde::Serialize>(request: &T) -> Result<Vec<u8>, Errors> {
//!       request.validate()?;
//!       Ok(serde_json::to_vec(request).expect("generated types always serialize"))
//!   }
//!   ```
//! - [`Errors`], every violation found in one value, each an [`Error`] naming the instance path,
//!   the keyword and the place in the schema: one type for every generated crate.
//! - [`ConversionError`], the error of the `TryFrom` and `FromStr` conversions of generated types.
//! - [`formats`], the table of the `format` values validators check, and the checks.
//! - [`Endpoint`], implemented by the request type of every operation of an API description:
//!   method, path template, path, query string, headers, body and response type, for any HTTP
//!   client to send.
//!
//! # Features
//!
//! - `formats` (default): the checks of `format` (`date-time`, `email`, `hostname`, `uri`,
//!   `uuid`, ...), used by code generated with format assertion on. Implies `ecma262`.
//! - `ecma262`: patterns that only an ECMA-262 engine runs (look-around, back-references), on the
//!   backtracking `regress`. Implies `patterns`.
//! - `patterns`: `pattern` and `patternProperties` on the linear-time `regex` crate.
//!
//! Code generated with validators off needs none of them. Generated code that needs a feature
//! that is off does not compile, and the compiler names the feature.
//!
//! Generated structs deserialize and serialize through `__private::DecodeStruct` and
//! `EncodeStruct`, derives of the companion crate `codegen-derive` that read serde's own
//! `#[serde(...)]` attributes and expand to far less code for the compiler than serde's derives
//! (one visitor for all structs, here).
//!
//! Everything under `__private` is for generated code only: it is not part of the API and may
//! change in any release.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod endpoint;
mod error;
pub mod formats;
mod traits;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;

pub use endpoint::{Endpoint, Method};
pub use error::{ConversionError, Error, Errors};
pub use traits::{FromJson, Validate};
