//! Encoding of generated structs, for the `EncodeStruct` derive (see `super::decode` for why
//! a derive of our own): a map written entry by entry.

use serde::ser::{self, Serialize, SerializeMap, Serializer};

/// A struct being written as a map. The first error is kept and the entries after it are
/// skipped, so that the derive's code needs no `?` per field.
pub struct Entries<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Entries<M> {
    /// Starts the map (of unknown length, as serde's derive does with a flattened field).
    pub fn new<S: Serializer<SerializeMap = M, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, S::Error> {
        Ok(Entries {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Writes the property `key`.
    pub fn entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(&mut self, key: &K, value: &V) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    /// Writes the optional property `key` when it is present (`skip_serializing_if`).
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.entry(key, value);
        }
    }

    /// Writes the entries of the flattened map of other properties. An entry named like one of
    /// the struct's `fields` is an error: the JSON would hold the name twice.
    pub fn rest<'a, K, V, R>(&mut self, rest: &'a R, fields: &[&str])
    where
        K: Serialize + AsRef<str> + 'a,
        V: Serialize + 'a,
        &'a R: IntoIterator<Item = (&'a K, &'a V)>,
    {
        for (key, value) in rest {
            let key = key.as_ref();
            if self.error.is_none() && fields.contains(&key) {
                self.error = Some(ser::Error::custom(format_args!(
                    "the map of other properties holds \"{key}\", a field of this type: \
                     set the field instead"
                )));
            }
            self.entry(key, value);
        }
    }

    /// Ends the map, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}
