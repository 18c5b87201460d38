//! The code of each keyword, one file per family: a reader who wonders how `minLength` is checked
//! opens `strings.rs`. Every family adds its checks to the [`Body`] of the schema's function.

mod applicators;
mod arrays;
mod format;
mod numbers;
mod objects;
mod references;
mod strings;
mod types;
mod unevaluated;

pub(super) use objects::table_checks_required;
pub(super) use types::type_step;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{Body, Gen};
use crate::error::Result;
use crate::load::Location;

impl Gen<'_> {
    /// The code of every keyword of an object schema, `unevaluated*` last.
    pub(in crate::validate) fn keywords(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        body: &mut Body,
    ) -> Result<()> {
        self.type_keywords(location, map, body)?;
        self.number_keywords(location, map, body)?;
        self.string_keywords(location, map, body)?;
        self.array_keywords(location, map, body)?;
        self.object_keywords(location, map, body)?;
        self.format_keyword(location, map, body)?;
        self.references(location, map, body)?;
        self.applicators(location, map, body)?;
        self.unevaluated(location, map, body)?;
        Ok(())
    }

    /// `min<noun>` and `max<noun>` (`Items`, `Properties`) on the collection `collection` (an
    /// array or map in the generated code).
    fn size_bounds(
        &mut self,
        location: &Location,
        map: &serde_json::Map<String, Value>,
        noun: &str,
        collection: TokenStream,
    ) -> Result<Vec<TokenStream>> {
        let mut checks = Vec::new();
        let words = noun.to_lowercase();
        let (min_keyword, max_keyword) = (format!("min{noun}"), format!("max{noun}"));
        if let Some(min) = self.count(location, map, &min_keyword)?.filter(|&m| m > 0) {
            let text = format!("{{}} {words} are fewer than {min_keyword} {min}");
            let fail = self.fail(
                location,
                &min_keyword,
                quote!(::std::format!(#text, #collection.len())),
            );
            let too_few = if min == 1 {
                quote!(#collection.is_empty())
            } else {
                quote!(#collection.len() < #min)
            };
            checks.push(quote!(if #too_few { #fail }));
        }
        if let Some(max) = self.count(location, map, &max_keyword)? {
            let text = format!("{{}} {words} are more than {max_keyword} {max}");
            let fail = self.fail(
                location,
                &max_keyword,
                quote!(::std::format!(#text, #collection.len())),
            );
            let too_many = if max == 0 {
                quote!(!#collection.is_empty())
            } else {
                quote!(#collection.len() > #max)
            };
            checks.push(quote!(if #too_many { #fail }));
        }
        Ok(checks)
    }
}
