//! How generated code reaches the runtime crate: an absolute path (`::codegen_runtime`, the
//! default) or one relative to the generated file's root, seen from wherever the code sits.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};

/// The path of the runtime crate, as set by [`crate::Config::runtime_path`].
#[derive(Clone)]
pub struct RuntimePath(syn::Path);

impl std::fmt::Debug for RuntimePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = &self.0;
        write!(f, "RuntimePath({})", quote!(#path))
    }
}

impl RuntimePath {
    pub fn parse(text: &str) -> Result<Self> {
        syn::parse_str(text)
            .map(RuntimePath)
            .map_err(|e| Error::Config {
                message: format!("the runtime path `{text}` is not a Rust path: {e}"),
            })
    }

    fn is_absolute(&self) -> bool {
        self.0.leading_colon.is_some()
            || self.0.segments.first().is_some_and(|s| s.ident == "crate")
    }

    /// The path as written in a module `depth` levels below the generated file's root.
    pub fn at_depth(&self, depth: usize) -> TokenStream {
        let path = &self.0;
        if self.is_absolute() {
            return quote!(#path);
        }
        let supers = std::iter::repeat_n(quote!(super::), depth);
        quote!(#(#supers)* #path)
    }
}

impl Default for RuntimePath {
    fn default() -> Self {
        RuntimePath(syn::parse_quote!(::codegen_runtime))
    }
}
