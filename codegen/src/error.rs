//! The one error type of the generator. Every variant names the schema file and, where one applies,
//! the JSON pointer inside it, so a user can go straight to the offending spot.

use std::path::PathBuf;

/// Where in the input a problem is: a schema file and a JSON pointer inside it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: PathBuf,
    /// RFC 6901 JSON pointer; the empty string is the document root.
    pub pointer: String,
}

impl Place {
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>) -> Self {
        Place {
            file: file.into(),
            pointer: pointer.into(),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.file.display(), self.pointer)
    }
}

/// Everything that can go wrong while generating. Each message starts with the place: the file,
/// then the JSON pointer inside it or a line and column.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A schema file over [`crate::load::MAX_FILE_BYTES`]: far beyond any real schema, and
    /// generating from it would take minutes and gigabytes inside someone's build.
    #[error("{}: the file is {size} bytes, more than the {limit} bytes a schema file may have", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    /// `line` and `column` (1-based, in characters) are those of the first byte that is not UTF-8.
    #[error("{}:{line}:{column}: not valid UTF-8 (byte offset {offset}); schema files must be UTF-8", path.display())]
    NotUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
    },

    #[error("{}:{line}:{column}: invalid JSON: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{place}: invalid schema: {message}")]
    InvalidSchema { place: Place, message: String },

    /// An endpoint file (`*.endpoint.json`) that does not have the documented shape.
    #[error("{place}: invalid endpoint: {message}")]
    InvalidEndpoint { place: Place, message: String },

    #[error("{place}: unresolvable $ref \"{reference}\": {reason}")]
    UnresolvedRef {
        place: Place,
        reference: String,
        reason: String,
    },

    #[error("{second}: duplicate schema id \"{id}\" (first declared at {first})")]
    DuplicateId {
        id: String,
        first: Box<Place>,
        second: Box<Place>,
    },

    /// Two files whose schemas map to the same Rust path (names inside one file are told apart).
    #[error(
        "{second}: type name `{name}` collides with the one generated for {first}; rename one of \
         them, or give every file a module of its own with `--naming file` \
         (`Naming::File`)"
    )]
    NameCollision {
        name: String,
        first: Box<Place>,
        second: Box<Place>,
    },

    #[error("{place}: invalid regular expression \"{pattern}\": {message}")]
    InvalidRegex {
        place: Place,
        pattern: String,
        message: String,
    },

    #[error("{place}: {message}")]
    Unsupported { place: Place, message: String },

    /// The schemas plan more types than typify can hold at once: `place` is the first past
    /// [`crate::MAX_TYPES`].
    #[error(
        "{place}: the schemas make {count} types, more than the {limit} one set may have (typify \
         holds them all in memory at once); split the schemas into smaller sets"
    )]
    TooManyTypes {
        place: Place,
        count: usize,
        limit: usize,
    },

    #[error("{place}: type generation failed: {message}")]
    TypeGeneration { place: Place, message: String },

    /// The generated code would pass [`crate::MAX_CODE_BYTES`]; `place` is the schema whose
    /// code reached it, where known.
    #[error(
        "{}the generated code would be more than {limit} bytes, the most the generator writes \
         (code that size would take the compiler many minutes); split the schemas into smaller \
         sets or simplify them",
        place.as_ref().map(|p| format!("{p}: here ")).unwrap_or_default()
    )]
    CodeTooLarge { place: Option<Place>, limit: usize },

    /// The code of one schema would be a single item past [`crate::MAX_ITEM_BYTES`] (the
    /// validator of an object with hundreds of thousands of properties, say).
    #[error(
        "{place}: the code of this schema would be one item of more than {limit} bytes, the most \
         one item may have (formatting it would take gigabytes of memory); split the schema"
    )]
    ItemTooLarge { place: Place, limit: usize },

    #[error("{}: no schema files (*.json) found", path.display())]
    NoSchemas { path: PathBuf },

    /// A setting of [`crate::Config`] that cannot be used.
    #[error("invalid setting: {message}")]
    Config { message: String },

    /// A bug in the generator, not a problem of the schemas: it names the stage that failed.
    #[error("internal error in the generator ({stage}), please report it with the schemas that caused it: {message}")]
    Internal {
        stage: &'static str,
        message: String,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The error for `bytes` (the contents of `path`) whose UTF-8 breaks at byte `offset`.
pub fn not_utf8(path: &std::path::Path, bytes: &[u8], offset: usize) -> Error {
    let valid = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Error::NotUtf8 {
        path: path.to_path_buf(),
        offset,
        line,
        column,
    }
}
