//! The errors of `import` and `diff`: the generator's, and those of reading OpenAPI documents.

use std::path::PathBuf;

use codegen::error::Place;

/// Everything that can go wrong in `import` or `diff`; each message starts with the place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// What the generator reports: unreadable files, broken JSON, invalid schemas, ...
    #[error(transparent)]
    Generator(Box<codegen::Error>),

    /// A YAML syntax error (the message carries line and column).
    #[error("{}: invalid YAML: {message}", path.display())]
    Yaml { path: PathBuf, message: String },

    /// The file parses but is not an OpenAPI 3.0 or 3.1 document.
    #[error("{place}: not an importable OpenAPI 3.0/3.1 document: {message}")]
    NotOpenApi { place: Place, message: String },

    /// Two documents define the same component schema differently (the pointers name the
    /// component).
    #[error(
        "{second}: this component schema differs from the one in {first} (first difference at \"{difference}\")"
    )]
    ConflictingSchema {
        first: Place,
        second: Place,
        difference: String,
    },
}

impl From<codegen::Error> for Error {
    fn from(error: codegen::Error) -> Self {
        Error::Generator(Box::new(error))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
