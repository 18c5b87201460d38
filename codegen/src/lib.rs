//! Generates Rust types and validators from a folder of JSON Schema files: the library a
//! `build.rs` depends on (the command line lives in the `codegen-cli` package).
//!
//! The pipeline, one module per stage: [`load`] reads the schema files and resolves references,
//! [`check`] rejects bad input before anything is generated, [`plan`] decides which schemas
//! become named Rust types and what typify sees of each, [`types`] makes the types, [`validate`]
//! the validators, and `emit` assembles the file. Generated code calls the `codegen-runtime`
//! crate by absolute path ([`Config::runtime_path`]).

pub mod check;
pub mod dialect;
mod docs;
mod emit;
pub mod endpoints;
pub mod error;
pub mod load;
mod metaschemas;
pub mod names;
mod output;
pub mod plan;
pub mod runtime_path;
mod threads;
pub mod types;
pub mod validate;

pub use dialect::Draft;
pub use emit::{MAX_CODE_BYTES, MAX_ITEM_BYTES};
pub use error::{Error, Place, Result};
pub use load::{Document, Location, SchemaSet};
pub use names::Naming;
pub use output::write_if_changed;
pub use types::limits::{MAX_TYPES, TYPE_UNITS};

use std::path::Path;
use std::time::Instant;

/// Generator settings. `Config::new()` gives the defaults; setters return `&mut Self`.
///
/// ```no_run
/// let generated = codegen::Config::new()
///     .open_enums(true)
///     .generate_dir("schemas")?;
/// std::fs::write("out.rs", generated.code)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    naming: Naming,
    types: types::TypeOptions,
    validators: bool,
    assert_format: bool,
    runtime: String,
    default_draft: Draft,
    max_code_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            naming: Naming::default(),
            types: types::TypeOptions::default(),
            validators: true,
            assert_format: true,
            runtime: "::codegen_runtime".to_string(),
            default_draft: Draft::default(),
            max_code_bytes: MAX_CODE_BYTES,
        }
    }
}

/// The generated source and what went into it.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Formatted Rust source, ready to `include!`.
    pub code: String,
    /// Number of named Rust types generated (request types of endpoints not included).
    pub type_count: usize,
    /// Number of endpoints (request types implementing the runtime's `Endpoint`).
    pub endpoint_count: usize,
    /// Number of files read (schemas and endpoint files).
    pub file_count: usize,
    /// Schemas that fell back to `serde_json::Value` (validators still check them).
    pub notes: Vec<String>,
    /// Every planned type: its Rust path (relative to the generated file) and its schema.
    pub types: Vec<TypeInfo>,
    /// Every endpoint: its request type's Rust path (relative to the generated file) and its
    /// operation id.
    pub endpoints: Vec<(String, String)>,
    /// Time spent, in milliseconds.
    pub millis: u128,
}

/// One generated type and the schema it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    /// Path relative to the generated file's root, e.g. `discovery::ListRequest`.
    pub rust_path: String,
    /// The schema's own name (its title, `$id` or file stem; for nested schemas with the pointer).
    pub schema_name: String,
    /// Where the schema is.
    pub location: Location,
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// How schema names become `module::Type` paths (default: [`Naming::Stytch`]).
    pub fn naming(&mut self, naming: Naming) -> &mut Self {
        self.naming = naming;
        self
    }

    /// Whether string enums get an `Unknown(String)` variant for values added later (default: true).
    pub fn open_enums(&mut self, open: bool) -> &mut Self {
        self.types.open_enums = open;
        self
    }

    /// Whether decoding rejects `null` for an optional property whose schema does not allow it
    /// (default: false: it reads as absent, as real servers send it; validators still report
    /// it).
    pub fn strict_decoding(&mut self, strict: bool) -> &mut Self {
        self.types.strict_decoding = strict;
        self
    }

    /// Whether every type implements the runtime's `Validate` and `FromJson` (default: true).
    /// Without them the output needs the runtime crate without its features.
    pub fn validators(&mut self, on: bool) -> &mut Self {
        self.validators = on;
        self
    }

    /// Whether validators check `format` (default: true). JSON Schema 2020-12 treats `format` as
    /// an annotation unless asked to assert it.
    pub fn assert_format(&mut self, on: bool) -> &mut Self {
        self.assert_format = on;
        self
    }

    /// The path generated code calls the runtime crate by (default: `::codegen_runtime`), like
    /// prost-build's `prost_path`: set it when the runtime is re-exported, e.g.
    /// `"::my_api::runtime"`. A path that is not absolute is taken from the root of the
    /// generated file. Generation fails with [`Error::Config`] if it is not a Rust path.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime = path.into();
        self
    }

    /// The draft of files without `$schema` (default: 2020-12). Files that name their draft
    /// in `$schema` are read in it whatever this says.
    pub fn default_draft(&mut self, draft: Draft) -> &mut Self {
        self.default_draft = draft;
        self
    }

    /// The most generated code, in bytes, before generation stops with
    /// [`Error::CodeTooLarge`] (default and maximum: [`MAX_CODE_BYTES`]; a larger value counts
    /// as that).
    pub fn max_code_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_code_bytes = bytes.min(MAX_CODE_BYTES);
        self
    }

    /// Loads every `*.json` under `dir` and generates code for it.
    pub fn generate_dir(&self, dir: impl AsRef<Path>) -> Result<Generated> {
        let start = Instant::now();
        let set = SchemaSet::load_dir_as(dir, self.default_draft)?;
        let mut generated = self.generate_set(&set)?;
        generated.millis = start.elapsed().as_millis();
        Ok(generated)
    }

    /// Generates code for an already loaded set of schemas.
    ///
    /// The work runs on a thread of its own whose stack fits the deepest schema the loader
    /// accepts (typify recurses once per level of nesting), whatever stack the caller has.
    pub fn generate_set(&self, set: &SchemaSet) -> Result<Generated> {
        std::thread::scope(|scope| {
            threads::start(scope, "codegen", || self.generate_on_this_thread(set)).join()
        })
    }

    fn generate_on_this_thread(&self, set: &SchemaSet) -> Result<Generated> {
        let start = Instant::now();
        let runtime = runtime_path::RuntimePath::parse(&self.runtime)?;
        check::check(set)?;
        let plan = plan::plan(set, &self.naming)?;
        let limit = self.max_code_bytes.min(MAX_CODE_BYTES);
        // The validators are made on a thread of their own, from the start: the functions that
        // check JSON values need only the plan, the typed validators the shapes of the types,
        // sent once typify has run here.
        let (shapes_sent, shapes) = std::sync::mpsc::channel();
        let plan = &plan;
        let validators = move || -> Result<Vec<_>> {
            if !self.validators {
                return Ok(Vec::new());
            }
            let options = validate::Options {
                assert_format: self.assert_format,
                runtime: runtime_path::RuntimePath::parse(&self.runtime)?,
            };
            let targets = validator_targets(plan);
            // No shapes when the types failed: that error is the one reported.
            let typed = || {
                shapes
                    .recv()
                    .map_or_else(|_| Vec::new(), |s| typed_shapes(plan, s))
            };
            validate::generate_code(set, &targets, &options, limit, typed)
        };
        let (mut types, validators) = std::thread::scope(|scope| {
            let validators = threads::start(scope, "codegen-validators", validators);
            let types = types::typify(set, plan).and_then(|typified| {
                // Not received only when the validators stopped before the typed ones (an
                // error, reported below, or none asked for).
                let _ = shapes_sent.send(typified.shapes(plan, &self.types));
                typified.emit(set, plan, &self.types, &runtime)
            });
            drop(shapes_sent);
            let validators = validators.join();
            Ok::<_, Error>((types?, validators?))
        })?;
        let type_count = types.count;
        let mut notes = check::keywordless_files(set);
        notes.append(&mut types.fallbacks);
        let modules = types.modules.keys().cloned().collect();
        let endpoints = endpoints::generate(set, plan, &self.naming, &runtime, &modules)?;
        types.root.extend(endpoints.module);
        let mut code = emit::Code::new(set.documents().len(), limit);
        emit::types(&mut code, types)?;
        for (place, text) in validators {
            code.push_at(&text, place)?;
        }
        let infos = plan
            .defs
            .iter()
            .map(|def| TypeInfo {
                rust_path: def.path.to_string(),
                schema_name: def.original_name.clone(),
                location: def.location.clone(),
            })
            .collect();
        notes.extend(endpoints.notes);
        Ok(Generated {
            types: infos,
            code: code.finish(),
            type_count,
            endpoint_count: endpoints.count,
            endpoints: endpoints.paths,
            file_count: set.documents().len() + set.endpoint_files().len(),
            notes,
            millis: start.elapsed().as_millis(),
        })
    }
}

/// The validator of every planned type (for its Rust type).
fn validator_targets(plan: &plan::Plan) -> Vec<validate::Target> {
    plan.defs
        .iter()
        .map(|def| {
            let module = quote::format_ident!("{}", def.path.module);
            let name = quote::format_ident!("{}", def.path.name);
            validate::Target {
                location: def.location.clone(),
                rust_type: Some(quote::quote!(#module::#name)),
                name: def.path.name.clone(),
                typed: None,
            }
        })
        .collect()
}

/// What the typed validator of each planned type reads of it: its shape, if it has one.
fn typed_shapes(
    plan: &plan::Plan,
    mut shapes: std::collections::BTreeMap<names::RustPath, validate::Shape>,
) -> Vec<Option<validate::TypedType>> {
    plan.defs
        .iter()
        .map(|def| {
            Some(validate::TypedType {
                module: def.path.module.clone(),
                name: def.path.name.clone(),
                shape: shapes.remove(&def.path)?,
            })
        })
        .collect()
}

/// Generates code for the schemas under `dir` with the default settings.
pub fn generate(dir: impl AsRef<Path>) -> Result<Generated> {
    Config::new().generate_dir(dir)
}

/// The README's Rust examples (the build.rs recipe among them), compiled as doc tests so they
/// stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
