//! Generates Rust types and validators from a folder of JSON Schema (draft 2020-12) files.

pub mod error;
pub mod load;

pub use error::{Error, Place, Result};
pub use load::{Document, Location, SchemaSet};
