//! `codegen import`: turns the `components/schemas` of OpenAPI 3.0 and 3.1 documents (YAML or
//! JSON) into one JSON Schema 2020-12 file per component, in the shape of Stytch's corpus:
//!
//! ```json
//! {
//!   "$schema": "https://json-schema.org/draft/2020-12/schema",
//!   "$id": "#/components/schemas/NAME",
//!   "title": "NAME",
//!   ...the component's keywords, in document order...
//! }
//! ```
//!
//! The file is `NAME.json`. References stay `#/components/schemas/OTHER`. OpenAPI 3.0 keywords
//! that differ from 2020-12 are rewritten: `nullable`, boolean `exclusiveMinimum` /
//! `exclusiveMaximum` and `example`. Files are written as 2-space indented JSON with non-ASCII
//! escaped and no final newline, byte for byte what the corpus' converter wrote.
//!
//! Every operation becomes an endpoint file too, `OPERATION_ID.endpoint.json` (see
//! `operations.rs`).

mod operations;
mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use codegen::error::{Error as GenError, Place};

use crate::error::{Error, Result};
use codegen::load::{escape_token, SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS};

/// The dialect every imported file declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
/// How an OpenAPI document (and every imported file's `$id`) names a component schema.
pub const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// One imported file: a component schema, or an operation's endpoint file.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedSchema {
    /// The component name, e.g. `api_discovery_v1_discovery_ListRequest`, or the operation id.
    pub name: String,
    /// `NAME.json`, or `OPERATION_ID.endpoint.json`.
    pub file_name: String,
    /// The document it was taken from (the first one, in sorted order, that defines it).
    pub source: PathBuf,
    /// Where in `source` it is defined (a JSON pointer).
    pub pointer: String,
    /// The file's content as a JSON value.
    pub value: serde_json::Value,
    /// The file's exact content.
    pub text: String,
}

impl ImportedSchema {
    /// Whether this is an operation's endpoint file rather than a schema.
    pub fn is_endpoint(&self) -> bool {
        self.file_name.ends_with(codegen::load::ENDPOINT_SUFFIX)
    }
}

/// Imports every document (duplicates in `paths` are read once) and merges their schemas and
/// endpoints: a component (or operation) defined identically by several documents is kept once,
/// one defined differently is an error naming both documents. The result is sorted by file name.
pub fn import_files(paths: &[PathBuf]) -> Result<Vec<ImportedSchema>> {
    // Sorted so that the result, and which document an error names first, never depends on
    // the order of the command line.
    let paths: BTreeSet<&PathBuf> = paths.iter().collect();
    let mut merged: BTreeMap<String, ImportedSchema> = BTreeMap::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|source| GenError::Io {
            path: path.clone(),
            source,
        })?;
        for schema in import_document(path, &bytes)? {
            match merged.get(&schema.file_name) {
                None => {
                    merged.insert(schema.file_name.clone(), schema);
                }
                Some(first) if first.value == schema.value => {}
                Some(first) => {
                    return Err(Error::ConflictingSchema {
                        first: Place::new(&first.source, first.pointer.clone()),
                        second: Place::new(&schema.source, schema.pointer.clone()),
                        difference: first_difference(&first.value, &schema.value, String::new()),
                    });
                }
            }
        }
    }
    Ok(merged.into_values().collect())
}

/// Imports the component schemas of one OpenAPI document; `path` is only used in messages.
pub fn import_document(path: &Path, bytes: &[u8]) -> Result<Vec<ImportedSchema>> {
    let root = parse_document(path, bytes)?;
    let not_openapi = |pointer: &str, message: String| Error::NotOpenApi {
        place: Place::new(path, pointer),
        message,
    };
    let Node::Object(entries) = &root else {
        return Err(not_openapi(
            "",
            format!("the document is {}, not an object", root.kind()),
        ));
    };
    let version = match get(entries, "openapi") {
        Some(Node::String(v)) => v.clone(),
        Some(other) => {
            return Err(not_openapi(
                "/openapi",
                format!(
                    "`openapi` must be a string such as \"3.0.3\", found {}",
                    other.kind()
                ),
            ))
        }
        None if get(entries, "swagger").is_some() => {
            return Err(not_openapi(
                "/swagger",
                "Swagger 2.0 is not supported: convert it to OpenAPI 3 first".into(),
            ))
        }
        None => return Err(not_openapi("", "it has no `openapi` field".into())),
    };
    let dialect = if version == "3.0" || version.starts_with("3.0.") {
        Version::V30
    } else if version == "3.1" || version.starts_with("3.1.") {
        Version::V31
    } else {
        return Err(not_openapi(
            "/openapi",
            format!("version \"{version}\" is not supported (3.0.x and 3.1.x are)"),
        ));
    };
    let schemas = match get(entries, "components") {
        None => None,
        Some(Node::Object(components)) => get(components, "schemas"),
        Some(other) => {
            return Err(not_openapi(
                "/components",
                format!("`components` must be an object, found {}", other.kind()),
            ))
        }
    };
    let no_schemas = Vec::new();
    let schemas = match schemas {
        None => &no_schemas,
        Some(Node::Object(schemas)) => schemas,
        Some(other) => {
            return Err(not_openapi(
                "/components/schemas",
                format!("`schemas` must be an object, found {}", other.kind()),
            ))
        }
    };
    let names: BTreeSet<&str> = schemas.iter().map(|(name, _)| name.as_str()).collect();
    let cx = Context {
        file: path,
        names: &names,
    };
    let mut out = Vec::with_capacity(schemas.len());
    for (name, schema) in schemas {
        let pointer = component_pointer(name);
        // The OpenAPI rule for component keys; it also keeps `NAME.json` a plain file name.
        let valid_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !valid_name || name == "." || name == ".." {
            return Err(not_openapi(
                &pointer,
                format!("component name \"{name}\" does not match ^[a-zA-Z0-9.\\-_]+$"),
            ));
        }
        let mut schema = schema.clone();
        if dialect == Version::V30 {
            schema = cx.convert_30(schema, &pointer)?;
        }
        cx.check_refs(&schema, &pointer)?;
        let node = with_header(name, schema);
        out.push(ImportedSchema {
            name: name.clone(),
            file_name: format!("{name}.json"),
            source: path.to_path_buf(),
            pointer,
            value: node.to_json(),
            text: render(&node),
        });
    }
    out.extend(operations::import_operations(path, entries, dialect, &cx)?);
    out.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    Ok(out)
}

/// What `write_into` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Files of components that no document defines any more.
    pub removed: Vec<String>,
}

/// Writes `schemas` into `dir` (created if missing). Each file is written to a temporary file
/// in `dir` and renamed over the old one, so no file is ever half-written
/// ([`codegen::write_if_changed`]); files whose content is already right are not touched. Imported files (`$id` `#/components/schemas/...`) of
/// components that are no longer defined are removed; other files are left alone.
pub fn write_into(dir: &Path, schemas: &[ImportedSchema]) -> Result<WriteSummary> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut summary = WriteSummary::default();
    for schema in schemas {
        let path = dir.join(&schema.file_name);
        if codegen::write_if_changed(&path, &schema.text).map_err(io(&path))? {
            summary.written.push(schema.file_name.clone());
        } else {
            summary.unchanged.push(schema.file_name.clone());
        }
    }
    for file_name in stale_files(dir, schemas)? {
        let path = dir.join(&file_name);
        std::fs::remove_file(&path).map_err(io(&path))?;
        summary.removed.push(file_name);
    }
    Ok(summary)
}

/// One way a folder differs from what `write_into` would make of it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drift {
    /// The file does not exist.
    Missing { file_name: String },
    /// The file's JSON value differs; `pointer` is the first place where it does.
    Differs { file_name: String, pointer: String },
    /// The same JSON value, written differently (key order, spacing, escapes).
    Formatting { file_name: String },
    /// An imported file whose component no document defines any more.
    Stale { file_name: String },
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing { file_name } => write!(f, "missing: {file_name}"),
            Drift::Differs { file_name, pointer } => {
                write!(f, "differs: {file_name} (first difference at {pointer:?})")
            }
            Drift::Formatting { file_name } => {
                write!(
                    f,
                    "differs: {file_name} (same JSON value, formatted differently)"
                )
            }
            Drift::Stale { file_name } => {
                write!(
                    f,
                    "stale:   {file_name} (no document defines it; import would remove it)"
                )
            }
        }
    }
}

/// Compares `dir` with what `write_into(dir, schemas)` would write, without writing anything.
/// A folder that does not exist yet counts as empty.
pub fn check(dir: &Path, schemas: &[ImportedSchema]) -> Result<Vec<Drift>> {
    let mut drifts = Vec::new();
    for schema in schemas {
        let path = dir.join(&schema.file_name);
        let file_name = schema.file_name.clone();
        let old = match std::fs::read(&path) {
            Ok(old) => old,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drifts.push(Drift::Missing { file_name });
                continue;
            }
            Err(source) => return Err(GenError::Io { path, source }.into()),
        };
        if old == schema.text.as_bytes() {
            continue;
        }
        match serde_json::from_slice::<serde_json::Value>(&old) {
            Ok(value) if value == schema.value => drifts.push(Drift::Formatting { file_name }),
            Ok(value) => drifts.push(Drift::Differs {
                file_name,
                pointer: first_difference(&value, &schema.value, String::new()),
            }),
            Err(_) => drifts.push(Drift::Differs {
                file_name,
                pointer: String::new(),
            }),
        }
    }
    if dir.is_dir() {
        for file_name in stale_files(dir, schemas)? {
            drifts.push(Drift::Stale { file_name });
        }
    }
    drifts.sort();
    Ok(drifts)
}

/// The `codegen import` command: imports `documents`, then writes them into `into`, or with
/// `check` only compares. Returns the exit code: 0 done or up to date, 1 the folder is out of
/// date (`check`), 2 bad input.
pub fn run(
    documents: &[PathBuf],
    into: &Path,
    check_only: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    // Output is best effort: a closed pipe must not turn into a panic or change the exit code.
    let schemas = match import_files(documents) {
        Ok(schemas) if schemas.is_empty() => {
            let _ = writeln!(
                err,
                "error: no components/schemas in {}; nothing to import",
                list_paths(documents)
            );
            return 2;
        }
        Ok(schemas) => schemas,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    if check_only {
        return match check(into, &schemas) {
            Ok(drifts) if drifts.is_empty() => {
                let _ = writeln!(
                    out,
                    "{} is up to date ({})",
                    into.display(),
                    count(&schemas)
                );
                0
            }
            Ok(drifts) => {
                for drift in &drifts {
                    let _ = writeln!(out, "{drift}");
                }
                let _ = writeln!(
                    out,
                    "{} is out of date: {} difference(s); run `codegen import {} --into {}`",
                    into.display(),
                    drifts.len(),
                    list_paths(documents),
                    into.display()
                );
                1
            }
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                2
            }
        };
    }
    match write_into(into, &schemas) {
        Ok(summary) => {
            for file_name in &summary.written {
                let _ = writeln!(out, "wrote   {}", into.join(file_name).display());
            }
            for file_name in &summary.removed {
                let _ = writeln!(out, "removed {}", into.join(file_name).display());
            }
            let _ = writeln!(
                out,
                "{}: {} written, {} unchanged, {} removed",
                count(&schemas),
                summary.written.len(),
                summary.unchanged.len(),
                summary.removed.len()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

/// "N schemas", and " and M endpoints" when there are operations.
fn count(files: &[ImportedSchema]) -> String {
    let endpoints = files.iter().filter(|f| f.is_endpoint()).count();
    let schemas = files.len() - endpoints;
    match endpoints {
        0 => format!("{schemas} schemas"),
        _ => format!("{schemas} schemas and {endpoints} endpoints"),
    }
}

fn list_paths(paths: &[PathBuf]) -> String {
    let paths: BTreeSet<String> = paths.iter().map(|p| p.display().to_string()).collect();
    paths.into_iter().collect::<Vec<_>>().join(" ")
}

/// `*.json` files directly in `dir` that look imported (endpoint files, and schemas whose `$id`
/// is `#/components/schemas/...`) but are not among `schemas`, sorted. Schema files that do not
/// parse are not ours to judge.
fn stale_files(dir: &Path, schemas: &[ImportedSchema]) -> Result<Vec<String>> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenError::Io { path, source }
    };
    let expected: BTreeSet<&str> = schemas.iter().map(|s| s.file_name.as_str()).collect();
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !file_name.ends_with(".json") || expected.contains(file_name.as_str()) {
            continue;
        }
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        // Every endpoint file is import's; a schema file only if its `$id` names a component.
        let imported = file_name.ends_with(codegen::load::ENDPOINT_SUFFIX)
            || serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("$id").and_then(|id| id.as_str()).map(str::to_string))
                .is_some_and(|id| id.starts_with(COMPONENT_PREFIX));
        if imported {
            stale.push(file_name);
        }
    }
    stale.sort();
    Ok(stale)
}

/// The JSON pointer of the first place where `a` and `b` differ (keys in sorted order).
pub fn first_difference(a: &serde_json::Value, b: &serde_json::Value, pointer: String) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let child = format!("{pointer}/{}", escape_token(key));
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) if p == q => {}
                    (Some(p), Some(q)) => return first_difference(p, q, child),
                    _ => return child,
                }
            }
            pointer
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if p != q {
                    return first_difference(p, q, format!("{pointer}/{i}"));
                }
            }
            if x.len() == y.len() {
                pointer
            } else {
                format!("{pointer}/{}", x.len().min(y.len()))
            }
        }
        _ => pointer,
    }
}

fn component_pointer(name: &str) -> String {
    format!("/components/schemas/{}", escape_token(name))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

/// A JSON value that keeps the order of object keys. serde_json's `Value` keeps it only with its
/// `preserve_order` feature, which the generator turns on; the importer's output must not depend
/// on which other crates share the build.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::String(_) => "a string",
            Node::Array(_) => "an array",
            Node::Object(_) => "an object",
        }
    }

    fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::String(s) => serializer.serialize_str(s),
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

fn get<'a>(entries: &'a [(String, Node)], key: &str) -> Option<&'a Node> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Parses YAML or JSON (JSON when the file is named `*.json` or starts with `{`), keeping key
/// order, and turns it into a [`Node`] tree.
fn parse_document(path: &Path, bytes: &[u8]) -> Result<Node> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| codegen::error::not_utf8(path, bytes, e.valid_up_to()))?;
    let json = |text: &str| -> Result<serde_norway::Value> {
        serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            // The position is already in the error's `file:line:column` prefix.
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            GenError::Json {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message,
            }
            .into()
        })
    };
    let yaml = |text: &str| -> Result<serde_norway::Value> {
        let error = |e: serde_norway::Error| Error::Yaml {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let mut value = yaml::from_str(text).map_err(error)?;
        // `<<: *anchor` merge keys are common in hand-written OpenAPI YAML.
        value.apply_merge().map_err(error)?;
        Ok(value)
    };
    // JSON is read as JSON (precise errors; `yaml.rs` reads numbers alike); a YAML file that
    // starts with `{` is a flow mapping, which may not be JSON, so YAML gets the last word there.
    let value = if path.extension().is_some_and(|ext| ext == "json") {
        json(text)?
    } else if text.trim_start().starts_with('{') {
        json(text).or_else(|_| yaml(text))?
    } else {
        yaml(text)?
    };
    to_node(path, value, "")
}

fn to_node(path: &Path, value: serde_norway::Value, pointer: &str) -> Result<Node> {
    use serde_norway::Value;
    let unsupported = |pointer: &str, message: String| GenError::Unsupported {
        place: Place::new(path, pointer),
        message,
    };
    Ok(match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(b),
        Value::Number(n) => {
            let number = if let Some(i) = n.as_i64() {
                Some(serde_json::Number::from(i))
            } else if let Some(u) = n.as_u64() {
                Some(serde_json::Number::from(u))
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64)
            };
            Node::Number(number.ok_or_else(|| {
                unsupported(pointer, format!("{n} cannot be written as a JSON number"))
            })?)
        }
        Value::String(s) => Node::String(s),
        Value::Sequence(items) => Node::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| to_node(path, item, &format!("{pointer}/{i}")))
                .collect::<Result<_>>()?,
        ),
        Value::Mapping(mapping) => {
            let mut entries: Vec<(String, Node)> = Vec::with_capacity(mapping.len());
            for (key, item) in mapping {
                // YAML keys may be numbers or booleans (`200:`); JSON keys are strings.
                let key = match key {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Null => "null".to_string(),
                    other => {
                        return Err(unsupported(
                            pointer,
                            format!("a mapping key must be a scalar, found {other:?}"),
                        )
                        .into())
                    }
                };
                let child = format!("{pointer}/{}", escape_token(&key));
                if entries.iter().any(|(k, _)| *k == key) {
                    return Err(unsupported(&child, format!("duplicate key \"{key}\"")).into());
                }
                let item = to_node(path, item, &child)?;
                entries.push((key, item));
            }
            Node::Object(entries)
        }
        Value::Tagged(tagged) => {
            return Err(unsupported(
                pointer,
                format!("YAML tag {} has no JSON equivalent", tagged.tag),
            )
            .into())
        }
    })
}

/// Puts `$schema`, `$id` and `title` first; any the component had itself are replaced, since
/// they say which component the file is and what the generated type is called.
fn with_header(name: &str, schema: Node) -> Node {
    let mut entries = vec![
        ("$schema".to_string(), Node::String(DIALECT.to_string())),
        (
            "$id".to_string(),
            Node::String(format!("{COMPONENT_PREFIX}{name}")),
        ),
        ("title".to_string(), Node::String(name.to_string())),
    ];
    match schema {
        Node::Object(rest) => entries.extend(
            rest.into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "$schema" | "$id" | "title")),
        ),
        // OpenAPI 3.1 allows boolean schemas: `true` is the empty schema, `false` is `not: {}`.
        Node::Bool(false) => entries.push(("not".to_string(), Node::Object(Vec::new()))),
        _ => {}
    }
    Node::Object(entries)
}

struct Context<'a> {
    file: &'a Path,
    /// The component names of the document, to check references against.
    names: &'a BTreeSet<&'a str>,
}

/// Keywords that only describe a schema; when `nullable` wraps a schema in `anyOf`, they stay
/// outside so the description still belongs to the property.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
    "externalDocs",
];

impl Context<'_> {
    fn place(&self, pointer: &str) -> Place {
        Place::new(self.file, pointer)
    }

    /// Rewrites the OpenAPI 3.0 keywords of `schema` and its subschemas into 2020-12.
    fn convert_30(&self, schema: Node, pointer: &str) -> Result<Node> {
        let Node::Object(entries) = schema else {
            return Ok(schema);
        };
        let mut entries = self.map_subschemas(entries, pointer, |cx, node, child| {
            cx.convert_30(node, child)
        })?;

        let mut nullable = false;
        let mut exclusive_minimum = false;
        let mut exclusive_maximum = false;
        let has_examples = get(&entries, "examples").is_some();
        entries.retain(|(key, value)| match (key.as_str(), value) {
            ("nullable", Node::Bool(b)) => {
                nullable = *b;
                false
            }
            ("exclusiveMinimum", Node::Bool(b)) => {
                exclusive_minimum = *b;
                false
            }
            ("exclusiveMaximum", Node::Bool(b)) => {
                exclusive_maximum = *b;
                false
            }
            _ => true,
        });
        if let Some(value) = get(&entries, "nullable") {
            return Err(GenError::InvalidSchema {
                place: self.place(&format!("{pointer}/nullable")),
                message: format!("`nullable` must be a boolean, found {}", value.kind()),
            }
            .into());
        }
        for (key, value) in &mut entries {
            match key.as_str() {
                // 3.0: `minimum: 5, exclusiveMinimum: true`; 2020-12: `exclusiveMinimum: 5`.
                "minimum" if exclusive_minimum => *key = "exclusiveMinimum".into(),
                "maximum" if exclusive_maximum => *key = "exclusiveMaximum".into(),
                "example" if !has_examples => {
                    *key = "examples".into();
                    *value = Node::Array(vec![std::mem::replace(value, Node::Null)]);
                }
                _ => {}
            }
        }
        if nullable {
            entries = make_nullable(entries);
        }
        Ok(Node::Object(entries))
    }

    /// Applies `f` to every direct subschema of a schema object.
    fn map_subschemas(
        &self,
        entries: Vec<(String, Node)>,
        pointer: &str,
        f: impl Fn(&Self, Node, &str) -> Result<Node> + Copy,
    ) -> Result<Vec<(String, Node)>> {
        entries
            .into_iter()
            .map(|(key, value)| {
                let here = format!("{pointer}/{}", escape_token(&key));
                let k = key.as_str();
                let value = match value {
                    Node::Array(items) if SCHEMA_ARRAY_KEYWORDS.contains(&k) || (k == "items") => {
                        Node::Array(
                            items
                                .into_iter()
                                .enumerate()
                                .map(|(i, item)| f(self, item, &format!("{here}/{i}")))
                                .collect::<Result<_>>()?,
                        )
                    }
                    Node::Object(map) if SCHEMA_MAP_KEYWORDS.contains(&k) => Node::Object(
                        map.into_iter()
                            .map(|(name, item)| {
                                let child = format!("{here}/{}", escape_token(&name));
                                Ok((name, f(self, item, &child)?))
                            })
                            .collect::<Result<_>>()?,
                    ),
                    value if SCHEMA_KEYWORDS.contains(&k) => f(self, value, &here)?,
                    value => value,
                };
                Ok((key, value))
            })
            .collect()
    }

    /// Every `$ref` must name a component schema of the same document: the imported files
    /// can only reach each other through `#/components/schemas/NAME`.
    fn check_refs(&self, schema: &Node, pointer: &str) -> Result<()> {
        let Node::Object(entries) = schema else {
            return Ok(());
        };
        if let Some(reference) = get(entries, "$ref") {
            let here = format!("{pointer}/$ref");
            let Node::String(reference) = reference else {
                return Err(GenError::InvalidSchema {
                    place: self.place(&here),
                    message: format!("`$ref` must be a string, found {}", reference.kind()),
                }
                .into());
            };
            let unresolved = |reason: String| GenError::UnresolvedRef {
                place: self.place(&here),
                reference: reference.clone(),
                reason,
            };
            let Some(target) = reference.strip_prefix(COMPONENT_PREFIX) else {
                return Err(unresolved(format!(
                    "only references to {COMPONENT_PREFIX}NAME can be imported"
                ))
                .into());
            };
            let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
            let name = target.split('/').next().unwrap_or_default();
            let name = name.replace("~1", "/").replace("~0", "~");
            if !self.names.contains(name.as_str()) {
                return Err(
                    unresolved(format!("the document has no component schema \"{name}\"")).into(),
                );
            }
        }
        // Walk the same subschemas `map_subschemas` visits, without cloning.
        for (key, value) in entries {
            let here = format!("{pointer}/{}", escape_token(key));
            let k = key.as_str();
            match value {
                Node::Array(items) if SCHEMA_ARRAY_KEYWORDS.contains(&k) || k == "items" => {
                    for (i, item) in items.iter().enumerate() {
                        self.check_refs(item, &format!("{here}/{i}"))?;
                    }
                }
                Node::Object(map) if SCHEMA_MAP_KEYWORDS.contains(&k) => {
                    for (name, item) in map {
                        self.check_refs(item, &format!("{here}/{}", escape_token(name)))?;
                    }
                }
                value if SCHEMA_KEYWORDS.contains(&k) => self.check_refs(value, &here)?,
                _ => {}
            }
        }
        Ok(())
    }
}

/// OpenAPI 3.0's `nullable: true` in 2020-12 terms: `null` joins `type` (and `enum`); a schema
/// whose value comes from `$ref` or a combinator instead becomes `anyOf: [schema, null]`.
fn make_nullable(mut entries: Vec<(String, Node)>) -> Vec<(String, Node)> {
    let composite = entries
        .iter()
        .any(|(k, _)| matches!(k.as_str(), "$ref" | "allOf" | "anyOf" | "oneOf"));
    if composite {
        let mut outer = Vec::new();
        let mut inner = Vec::new();
        let mut position = None;
        for (key, value) in entries {
            if ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-") {
                outer.push((key, value));
            } else {
                position.get_or_insert(outer.len());
                inner.push((key, value));
            }
        }
        let null = Node::Object(vec![("type".into(), Node::String("null".into()))]);
        let any_of = Node::Array(vec![Node::Object(inner), null]);
        outer.insert(position.unwrap_or(0), ("anyOf".into(), any_of));
        return outer;
    }
    for (key, value) in &mut entries {
        match (key.as_str(), value) {
            ("type", value @ Node::String(_)) => {
                let single = std::mem::replace(value, Node::Null);
                *value = Node::Array(vec![single, Node::String("null".into())]);
            }
            ("type", Node::Array(types)) if !types.contains(&Node::String("null".into())) => {
                types.push(Node::String("null".into()));
            }
            ("enum", Node::Array(values)) if !values.contains(&Node::Null) => {
                values.push(Node::Null);
            }
            _ => {}
        }
    }
    entries
}

/// Serializes like Python's `json.dumps(value, indent=2)`, which wrote Stytch's corpus:
/// 2-space indent, `": "` after keys, every character outside printable ASCII as `\uXXXX`.
fn render(node: &Node) -> String {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, AsciiPretty::new());
    // A Node holds only strings and finite numbers, which always serialize.
    if node.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(bytes).unwrap_or_default()
}

struct AsciiPretty<'a>(serde_json::ser::PrettyFormatter<'a>);

impl AsciiPretty<'_> {
    fn new() -> Self {
        AsciiPretty(serde_json::ser::PrettyFormatter::with_indent(b"  "))
    }
}

impl serde_json::ser::Formatter for AsciiPretty<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if (' '..='~').contains(&c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}
