//! Generates validators for every schema of the JSON-Schema-Test-Suite (conformance tests).
//!
//! Writes `$OUT_DIR/suite.rs`: one module per test group of every draft (its schema loaded with the
//! suite's remotes at `http://localhost:1234/...`, schemas without `$schema` read in the group's
//! draft, and for 2020-12 the meta-schemas of `../shared`; other drafts' meta-schemas are the
//! generator's built-in ones),
//! a table `GROUPS` that the conformance test dispatches through, and a few extra schemas the
//! safety tests use. Test instances are not embedded: the test reads them from `../shared`.
//! Without `../shared` the table is empty and the test says why.

use crate::files::{folders, json_files};
use std::path::{Path, PathBuf};

use codegen::validate::{self, Options, Target};
use codegen::{Document, Draft, Location, SchemaSet};
use quote::{format_ident, quote};
use serde_json::Value;

/// The drafts' folders below `tests/`; each names the draft of its schemas without `$schema`.
const DRAFTS: &[&str] = &["draft2020-12", "draft2019-09", "draft7", "draft6", "draft4"];

/// Suite folders, relative to a draft's folder, and whether `format` is asserted there.
const CATEGORIES: &[(&str, bool)] = &[("", false), ("optional", false), ("optional/format", true)];

/// Schemas the safety tests validate against (name, schema).
const EXTRAS: &[(&str, &str)] = &[
    (
        "recursive",
        r##"{"items": {"$ref": "#"}, "additionalProperties": {"$ref": "#"}}"##,
    ),
    ("nested_pattern", r##"{"pattern": "^(a+)+$"}"##),
    (
        "person",
        r##"{
            "type": "object",
            "required": ["name", "age"],
            "properties": {
                "name": {"type": "string", "minLength": 2},
                "age": {"type": "integer", "minimum": 0},
                "email": {"type": "string", "format": "email"}
            },
            "additionalProperties": false
        }"##,
    ),
    (
        "unevaluated",
        r##"{
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "allOf": [{
                "if": {"properties": {"kind": {"const": "key"}}, "required": ["kind"]},
                "then": {
                    "properties": {"name": {"type": "string"}, "in": {"type": "string"}},
                    "required": ["name", "in"]
                }
            }],
            "$ref": "#/$defs/labelled",
            "$defs": {"labelled": {"properties": {"label": {"type": "string"}}}},
            "unevaluatedProperties": false
        }"##,
    ),
];

pub fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = root.join("../shared");
    println!("cargo:rerun-if-changed={}", shared.display());
    let suite = shared.join("json-schema-test-suite");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("suite.rs");

    let mut groups = Vec::new();
    let mut modules = std::collections::HashMap::new();
    let mut table = Vec::new();
    let mut note = String::new();
    if suite.is_dir() {
        for dir in [
            suite.join("tests"),
            suite.join("remotes"),
            shared.join("metaschemas/draft2020-12"),
        ] {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        for &draft_dir in DRAFTS {
            let Ok(draft) = draft_dir.parse::<Draft>() else {
                note = format!("{draft_dir} names no draft");
                continue;
            };
            // The 2020-12 meta-schemas only: those of other drafts share their titles (and are
            // built into the generator).
            let metaschemas = match draft {
                Draft::Draft202012 => Some(shared.join("metaschemas/draft2020-12")),
                _ => None,
            };
            let shared_docs =
                remote_documents(&suite.join("remotes"), metaschemas.as_deref(), draft);
            for &(category, assert_format) in CATEGORIES {
                let dir = suite.join("tests").join(draft_dir).join(category);
                for file in json_files(&dir) {
                    let name = if category.is_empty() {
                        file_name(&file)
                    } else {
                        format!("{category}/{}", file_name(&file))
                    };
                    let Some(Value::Array(cases)) = read_json(&file) else {
                        continue;
                    };
                    for (index, case) in cases.iter().enumerate() {
                        let description = case["description"].as_str().unwrap_or("").to_string();
                        let schema = case.get("schema").cloned().unwrap_or(Value::Bool(true));
                        let group = GroupSource {
                            draft,
                            file: &name,
                            index,
                            assert_format,
                        };
                        // The root type validates JSON values too (`FromJson::validate_value`):
                        // a value validator of its own is generated only where types are not.
                        let typed = generate_typed(&group, &schema, &shared_docs);
                        let body = match &typed {
                            Ok(tokens) => Ok(tokens.clone()),
                            Err(_) => generate_group(&group, schema, &shared_docs),
                        };
                        let (validate, typed) = match body {
                            Ok(body) => {
                                // Drafts share many groups word for word: one module serves
                                // every group whose generated code is the same.
                                let next = format_ident!("g{}", groups.len());
                                let module = modules
                                    .entry(body.to_string())
                                    .or_insert_with(|| {
                                        groups.push(quote!(mod #next { #body }));
                                        next
                                    })
                                    .clone();
                                match typed {
                                    Ok(_) => (
                                        quote!(::std::result::Result::Ok(#module::value_check)),
                                        quote!(::std::result::Result::Ok(#module::typed_check)),
                                    ),
                                    Err(message) => (
                                        quote!(::std::result::Result::Ok(#module::validate)),
                                        quote!(::std::result::Result::Err(#message)),
                                    ),
                                }
                            }
                            Err(message) => (
                                quote!(::std::result::Result::Err(#message)),
                                quote!(::std::result::Result::Err(
                                    "no value validator was generated for this group"
                                )),
                            ),
                        };
                        table.push(quote! {
                            Group {
                                draft: #draft_dir,
                                file: #name,
                                index: #index,
                                description: #description,
                                validate: #validate,
                                typed: #typed,
                            },
                        });
                    }
                }
            }
        }
    } else {
        note = format!("{} is missing", suite.display());
    }

    let extras = generate_extras();
    let tokens = quote! {
        /// A value validator generated for one suite test group.
        pub type Validator = fn(&::serde_json::Value) -> ::std::result::Result<(), ::codegen_runtime::Errors>;

        /// The typed path for one suite test group: decodes the instance into the group's generated
        /// root type, then calls its `validate()`. A decoding error comes back as `decode: ...`.
        pub type Typed = fn(&::serde_json::Value) -> ::std::result::Result<(), ::std::string::String>;

        /// One test group of the suite: where it is, and its validator (or why there is none).
        pub struct Group {
            /// The draft's folder below `tests/`, e.g. `draft7`.
            pub draft: &'static str,
            /// Path below the draft's folder, e.g. `optional/format/date.json`.
            pub file: &'static str,
            pub index: usize,
            pub description: &'static str,
            pub validate: ::std::result::Result<Validator, &'static str>,
            /// The typed path (or why there is none: type generation failed).
            pub typed: ::std::result::Result<Typed, &'static str>,
        }

        /// Why `GROUPS` is empty, if it is.
        pub const MISSING: &str = #note;

        pub static GROUPS: &[Group] = &[#(#table)*];

        #(#groups)*

        /// Validators for the safety tests.
        pub mod extras {
            #extras
        }
    };
    let code = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        // Unparsable tokens still get written, so that the compiler shows what is wrong.
        Err(_) => tokens.to_string(),
    };
    let code = format!("// @generated by tests/build/suite.rs\n{code}");
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        if let Err(e) = std::fs::write(&out, code) {
            println!("cargo:warning=cannot write {}: {e}", out.display());
        }
    }
}

/// Where one test group is.
struct GroupSource<'a> {
    draft: Draft,
    file: &'a str,
    index: usize,
    assert_format: bool,
}

impl GroupSource<'_> {
    /// The group's schema as a document of its own.
    fn document(&self, schema: Value) -> Result<Document, String> {
        // The same name in every draft, so that groups the drafts share generate the same code.
        let (file, index) = (self.file, self.index);
        let uri = url::Url::parse(&format!("https://suite.test/{file}/{index}"))
            .map_err(|e| e.to_string())?;
        Ok(Document {
            file: PathBuf::from(format!("{file}[{index}]")),
            uri,
            value: schema,
        })
    }
}

/// Generates one group's module body; on failure, the reason (the cases then count as failed).
fn generate_group(
    group: &GroupSource,
    schema: Value,
    shared_docs: &[Document],
) -> Result<proc_macro2::TokenStream, String> {
    let document = group.document(schema)?;
    let uri = document.uri.clone();
    let mut docs = vec![document];
    docs.extend(shared_docs.iter().cloned());
    let set =
        SchemaSet::from_documents_as(docs, group.draft).map_err(|e| format!("cannot load: {e}"))?;
    let doc = set
        .documents()
        .iter()
        .position(|d| d.uri == uri)
        .ok_or("the group's schema is missing from its set")?;
    let targets = [Target {
        location: Location::root(doc),
        rust_type: None,
        typed: None,
        name: "validate".into(),
    }];
    let options = Options {
        assert_format: group.assert_format,
        ..Options::default()
    };
    validate::generate(&set, &targets, &options).map_err(|e| format!("cannot generate: {e}"))
}

/// Generates one group's types with `codegen::Config` (validators on, the runtime shared with the
/// value validators) in a module `__typed`, and `typed_check`: decode into the root type, then
/// `validate()`. The group's schema is tried alone, then with the remotes it refers to, then with
/// those and the meta-schemas, so that types are generated only for documents it may need.
/// On failure, the reason (the typed cases then count as failed).
fn generate_typed(
    source: &GroupSource,
    schema: &Value,
    shared_docs: &[Document],
) -> Result<proc_macro2::TokenStream, String> {
    let group = source.document(schema.clone())?;
    let uri = group.uri.clone();
    // Only the documents the group refers to: remotes define types too, and unrelated ones can
    // collide (three remotes are named `folderInteger.json`).
    let referenced = referenced_documents(&group, shared_docs);
    let is_remote = |d: &&Document| d.uri.as_str().starts_with("http://localhost:1234/");
    let remotes: Vec<Document> = referenced.iter().filter(is_remote).cloned().collect();
    let with_metaschemas: Vec<Document> = remotes
        .iter()
        .chain(shared_docs.iter().filter(|d| !is_remote(d)))
        .cloned()
        .collect();
    let mut failure = String::new();
    for extra in [&[][..], &remotes[..], &with_metaschemas[..]] {
        let mut docs = vec![group.clone()];
        docs.extend(extra.iter().cloned());
        let set = match SchemaSet::from_documents_as(docs, source.draft) {
            Ok(set) => set,
            Err(e) => {
                failure = format!("types: cannot load: {e}");
                continue;
            }
        };
        let mut config = codegen::Config::new();
        config
            .naming(codegen::Naming::Flat {
                module: "types".into(),
            })
            .assert_format(source.assert_format);
        let generated = match config.generate_set(&set) {
            Ok(generated) => generated,
            Err(e) => {
                failure = format!("types: cannot generate: {e}");
                continue;
            }
        };
        let doc = set
            .documents()
            .iter()
            .position(|d| d.uri == uri)
            .ok_or("the group's schema is missing from its set")?;
        let root = generated
            .types
            .iter()
            .find(|t| t.location.doc == doc && t.location.pointer.is_empty())
            .ok_or_else(|| "types: no root type was generated".to_string())?;
        let code: syn::File = syn::parse_str(&generated.code)
            .map_err(|e| format!("types: the generated code does not parse: {e}"))?;
        let items = code.items;
        let root_type: syn::Path = syn::parse_str(&format!("__typed::{}", root.rust_path))
            .map_err(|e| format!("types: bad root path {}: {e}", root.rust_path))?;
        return Ok(quote! {
            #[allow(warnings, clippy::all, clippy::pedantic)]
            mod __typed {
                #(#items)*
            }

            pub fn value_check(
                value: &::serde_json::Value,
            ) -> ::std::result::Result<(), ::codegen_runtime::Errors> {
                <#root_type as ::codegen_runtime::FromJson>::validate_value(value)
            }

            pub fn typed_check(
                value: &::serde_json::Value,
            ) -> ::std::result::Result<(), ::std::string::String> {
                let typed: #root_type = ::serde_json::from_value(value.clone())
                    .map_err(|e| ::std::format!("decode: {e}"))?;
                ::codegen_runtime::Validate::validate(&typed)
                    .map_err(|e| ::std::string::ToString::to_string(&e))
            }
        });
    }
    Err(failure)
}

/// The documents of `docs` that `group` refers to through `$ref`, `$dynamicRef` or `$schema`,
/// directly or through each other, in the order of `docs`.
fn referenced_documents(group: &Document, docs: &[Document]) -> Vec<Document> {
    let mut wanted = std::collections::BTreeSet::new();
    let mut pending = vec![group.clone()];
    while let Some(doc) = pending.pop() {
        let mut uris = Vec::new();
        references(&doc.value, &doc.uri, &mut uris);
        for uri in uris {
            if let Some(found) = docs.iter().find(|d| d.uri == uri) {
                if wanted.insert(found.uri.to_string()) {
                    pending.push(found.clone());
                }
            }
        }
    }
    docs.iter()
        .filter(|d| wanted.contains(d.uri.as_str()))
        .cloned()
        .collect()
}

/// The documents (URIs without fragment) a schema's references point to, resolved against the
/// `$id`s above them.
fn references(schema: &Value, base: &url::Url, out: &mut Vec<url::Url>) {
    match schema {
        Value::Object(map) => {
            // `id` is draft-04's `$id`.
            let id = map.get("$id").or_else(|| map.get("id"));
            let base = match id.and_then(Value::as_str) {
                Some(id) => base.join(id).unwrap_or_else(|_| base.clone()),
                None => base.clone(),
            };
            for key in ["$ref", "$dynamicRef", "$schema"] {
                if let Some(Ok(mut uri)) =
                    map.get(key).and_then(Value::as_str).map(|r| base.join(r))
                {
                    uri.set_fragment(None);
                    out.push(uri);
                }
            }
            for value in map.values() {
                references(value, &base, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, base, out)),
        _ => {}
    }
}

fn generate_extras() -> proc_macro2::TokenStream {
    let mut docs = Vec::new();
    for (name, text) in EXTRAS {
        let value = serde_json::from_str(text).unwrap_or(Value::Bool(false));
        if let Ok(uri) = url::Url::parse(&format!("https://extras.test/{name}.json")) {
            docs.push(Document {
                file: PathBuf::from(format!("{name}.json")),
                uri,
                value,
            });
        }
    }
    let set = match SchemaSet::from_documents(docs) {
        Ok(set) => set,
        Err(e) => {
            let message = e.to_string();
            return quote!(compile_error!(#message););
        }
    };
    let targets: Vec<Target> = EXTRAS
        .iter()
        .filter_map(|(name, _)| {
            let doc = set
                .documents()
                .iter()
                .position(|d| d.file == Path::new(&format!("{name}.json")))?;
            Some(Target {
                location: Location::root(doc),
                rust_type: None,
                typed: None,
                name: (*name).to_string(),
            })
        })
        .collect();
    let options = Options::default();
    let generated = validate::generate(&set, &targets, &options);
    generated.unwrap_or_else(|e| {
        let message = e.to_string();
        quote!(compile_error!(#message);)
    })
}

/// The suite's remote documents at `http://localhost:1234/<path>` and the meta-schemas at their
/// `$id`s, read as `draft` where they have no `$schema`; documents the loader rejects on their
/// own are left out.
fn remote_documents(remotes: &Path, metaschemas: Option<&Path>, draft: Draft) -> Vec<Document> {
    let mut docs = Vec::new();
    for file in json_files_recursive(remotes) {
        let relative = file.strip_prefix(remotes).unwrap_or(&file);
        let relative = relative.to_string_lossy().replace('\\', "/");
        let (Some(value), Ok(uri)) = (
            read_json(&file),
            url::Url::parse(&format!("http://localhost:1234/{relative}")),
        ) else {
            continue;
        };
        docs.push(Document {
            file: PathBuf::from(format!("remotes/{relative}")),
            uri,
            value,
        });
    }
    for file in metaschemas.map(json_files_recursive).unwrap_or_default() {
        let Some(value) = read_json(&file) else {
            continue;
        };
        let Some(Ok(uri)) = value
            .get("$id")
            .and_then(Value::as_str)
            .map(url::Url::parse)
        else {
            continue;
        };
        let relative = file
            .strip_prefix(metaschemas.unwrap_or(Path::new("")))
            .unwrap_or(&file);
        docs.push(Document {
            file: PathBuf::from(format!("metaschemas/draft2020-12/{}", relative.display())),
            uri,
            value,
        });
    }
    docs.retain(|doc| SchemaSet::from_documents_as(vec![doc.clone()], draft).is_ok());
    docs
}

fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn json_files_recursive(dir: &Path) -> Vec<PathBuf> {
    let mut files = json_files(dir);
    for sub in folders(dir) {
        files.extend(json_files_recursive(&sub));
    }
    files
}
