//! Validation errors, and the error of the conversions of generated types.

use std::borrow::Cow;
use std::fmt;

/// One violated constraint.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct Error {
    /// JSON Pointer (RFC 6901) to the offending part of the instance; `""` is the whole instance.
    pub instance_path: String,
    /// The schema keyword that failed (`"minLength"`, `"required"`, ...), or for errors no
    /// keyword raised: `$json` (malformed JSON), `$type` (JSON the Rust type cannot hold),
    /// `$serialize` (a value that does not serialize), `$depth` (nesting beyond the limit).
    pub keyword: String,
    /// The schema file that holds the keyword.
    pub schema_file: String,
    /// JSON Pointer to the keyword inside `schema_file`.
    pub schema_pointer: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Error {
    /// `<instance path>: <message> (<schema file>#<pointer to the keyword>)`, without the path
    /// and its colon where it is the whole instance (`""`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.instance_path.is_empty() {
            write!(f, "{}: ", self.instance_path)?;
        }
        write!(
            f,
            "{} ({}#{})",
            self.message, self.schema_file, self.schema_pointer
        )
    }
}

impl std::error::Error for Error {}

/// Every violation found in one value (never empty when returned as an error).
///
/// Displays one violation per line; serializes as an array of [`Error`] objects, for API error
/// bodies.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Errors(Vec<Error>);

impl Errors {
    /// The violations, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Error> {
        self.0.iter()
    }

    /// How many violations there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations as a slice.
    pub fn as_slice(&self) -> &[Error] {
        &self.0
    }

    pub(crate) fn from_vec(errors: Vec<Error>) -> Self {
        Errors(errors)
    }

    /// An error no schema keyword raised (malformed JSON, a value the Rust type cannot hold).
    pub(crate) fn decode(keyword: &str, schema_file: &str, message: String) -> Self {
        Errors(vec![Error {
            instance_path: String::new(),
            keyword: keyword.into(),
            schema_file: schema_file.into(),
            schema_pointer: String::new(),
            message,
        }])
    }
}

impl fmt::Display for Errors {
    /// One error per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            fmt::Display::fmt(error, f)?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Error;
    type IntoIter = std::slice::Iter<'a, Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The error of a `TryFrom` or `FromStr` conversion of a generated type.
#[derive(Clone, PartialEq, Eq)]
pub struct ConversionError(Cow<'static, str>);

impl std::error::Error for ConversionError {}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl From<&'static str> for ConversionError {
    fn from(value: &'static str) -> Self {
        Self(value.into())
    }
}

impl From<String> for ConversionError {
    fn from(value: String) -> Self {
        Self(value.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(instance_path: &str) -> Error {
        Error {
            instance_path: instance_path.into(),
            keyword: "required".into(),
            schema_file: "person.json".into(),
            schema_pointer: "/required".into(),
            message: "missing required property \"age\"".into(),
        }
    }

    #[test]
    fn displays_the_path_unless_it_is_the_whole_instance() {
        assert_eq!(
            error("/friends/0").to_string(),
            "/friends/0: missing required property \"age\" (person.json#/required)"
        );
        assert_eq!(
            error("").to_string(),
            "missing required property \"age\" (person.json#/required)"
        );
    }
}
