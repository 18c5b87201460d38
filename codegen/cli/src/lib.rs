//! The `codegen` command line's library: `import` (OpenAPI documents into a schema folder) and
//! `diff` (what changed between two schema folders, judged for Rust code and for the wire).
//! Generation itself is the `codegen` library's.

pub mod diff;
pub mod error;
pub mod import;

pub use error::{Error, Result};
