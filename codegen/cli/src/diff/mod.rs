//! `codegen diff`: every change between two schema folders, per schema and property, judged
//! breaking or not for Rust code that uses the generated crate and for the wire.
//!
//! The wire judgment depends on the direction a schema travels, read from its name:
//!
//! * `...Request` is **sent**: a change is breaking when the new schema may reject what existing
//!   code sends (it *narrows*: a new required property, a removed enum value, a tighter
//!   pattern, length or range).
//! * `...Response` is **received**: a change is breaking when the server may now send what
//!   existing code cannot decode (it *widens*: a removed or newly optional property, a changed
//!   type). New string enum values are the exception: generated enums decode unknown values into
//!   `Unknown(String)`, so they are forward-compatible.
//! * Anything else may travel both ways: both rules apply.
//!
//! For Rust, a change is breaking when code that compiled against the old types may not compile
//! against the new ones: a removed or renamed type or property, a changed type (including
//! `T` <-> `Option<T>`, `String` <-> enum), a removed enum variant, a new required property of a
//! schema that is sent (a new argument of the struct's `new`, which code building it must
//! supply). A new optional field and a new enum variant are counted as compatible: `new` and
//! `..Default::default()` leave the field absent (only a struct literal listing every field must
//! add it), and only a `match` without a catch-all must add the variant.

mod endpoints;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use codegen::error::{Error as GenError, Place};

use crate::error::Result;
use codegen::load::{escape_token, SchemaSet};

/// Which way a schema travels, from our client's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// `...Request`: we send it.
    Sent,
    /// `...Response`: we receive it.
    Received,
    /// Anything else: counted both ways.
    Both,
}

impl Direction {
    pub fn of(schema_name: &str) -> Self {
        if schema_name.ends_with("Request") {
            Direction::Sent
        } else if schema_name.ends_with("Response") {
            Direction::Received
        } else {
            Direction::Both
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Direction::Sent => "sent",
            Direction::Received => "received",
            Direction::Both => "sent and received",
        }
    }
}

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    SchemaAdded,
    SchemaRemoved,
    PropertyAdded,
    PropertyRemoved,
    PropertyNowRequired,
    PropertyNowOptional,
    TypeChanged,
    ReferenceChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumAdded,
    EnumRemoved,
    ConstChanged,
    ConstraintTightened,
    ConstraintLoosened,
    ConstraintChanged,
    FormatChanged,
    VariantAdded,
    VariantRemoved,
    AnnotationChanged,
    KeywordChanged,
    EndpointAdded,
    EndpointRemoved,
    EndpointChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterNowRequired,
    ParameterNowOptional,
    ParameterTypeChanged,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SchemaAdded => "schema_added",
            Kind::SchemaRemoved => "schema_removed",
            Kind::PropertyAdded => "property_added",
            Kind::PropertyRemoved => "property_removed",
            Kind::PropertyNowRequired => "property_now_required",
            Kind::PropertyNowOptional => "property_now_optional",
            Kind::TypeChanged => "type_changed",
            Kind::ReferenceChanged => "reference_changed",
            Kind::EnumValueAdded => "enum_value_added",
            Kind::EnumValueRemoved => "enum_value_removed",
            Kind::EnumAdded => "enum_added",
            Kind::EnumRemoved => "enum_removed",
            Kind::ConstChanged => "const_changed",
            Kind::ConstraintTightened => "constraint_tightened",
            Kind::ConstraintLoosened => "constraint_loosened",
            Kind::ConstraintChanged => "constraint_changed",
            Kind::FormatChanged => "format_changed",
            Kind::VariantAdded => "variant_added",
            Kind::VariantRemoved => "variant_removed",
            Kind::AnnotationChanged => "annotation_changed",
            Kind::KeywordChanged => "keyword_changed",
            Kind::EndpointAdded => "endpoint_added",
            Kind::EndpointRemoved => "endpoint_removed",
            Kind::EndpointChanged => "endpoint_changed",
            Kind::ParameterAdded => "parameter_added",
            Kind::ParameterRemoved => "parameter_removed",
            Kind::ParameterNowRequired => "parameter_now_required",
            Kind::ParameterNowOptional => "parameter_now_optional",
            Kind::ParameterTypeChanged => "parameter_type_changed",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change, judged.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// The schema's name (its title, else its `$id`'s last segment, else its file stem), or an
    /// endpoint's operation id.
    pub schema: String,
    /// JSON pointer inside the schema; `""` is the schema itself.
    pub path: String,
    pub kind: Kind,
    /// Breaking for Rust code or for the wire.
    pub breaking: bool,
    /// Code that compiled against the old generated types may not compile any more.
    pub rust_breaking: bool,
    /// Existing code may send what the server now rejects, or receive what it cannot decode.
    pub wire_breaking: bool,
    pub direction: Direction,
    pub message: String,
}

/// The schemas of a folder by name, and its endpoint files by operation id. A folder without
/// schema files is empty, not an error, so that the first import can be diffed against nothing.
pub fn load_folder(dir: &Path) -> Result<Folder> {
    if !dir.is_dir() {
        return Err(GenError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
        }
        .into());
    }
    // The same loader as `generate`, so both see the same files and reject the same input.
    let set = match SchemaSet::load_dir(dir) {
        Ok(set) => set,
        Err(GenError::NoSchemas { .. }) => return Ok(Folder::default()),
        Err(e) => return Err(e.into()),
    };
    let mut endpoints = BTreeMap::new();
    for doc in set.endpoint_files() {
        let id = doc.value["operationId"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| schema_name(&doc.file, &Value::Null));
        endpoints.insert(id, doc.value.clone());
    }
    let mut schemas: BTreeMap<String, (std::path::PathBuf, Value)> = BTreeMap::new();
    for doc in set.documents() {
        let name = schema_name(&doc.file, &doc.value);
        if let Some((first, _)) = schemas.get(&name) {
            return Err(GenError::DuplicateId {
                id: name,
                first: Box::new(Place::new(first, "")),
                second: Box::new(Place::new(&doc.file, "")),
            }
            .into());
        }
        schemas.insert(name, (doc.file.clone(), doc.value.clone()));
    }
    Ok(Folder {
        schemas: schemas.into_iter().map(|(k, (_, v))| (k, v)).collect(),
        endpoints,
    })
}

/// What `diff` compares of a folder.
#[derive(Debug, Default)]
pub struct Folder {
    /// Schemas by name.
    pub schemas: BTreeMap<String, Value>,
    /// Endpoint files by operation id.
    pub endpoints: BTreeMap<String, Value>,
}

/// The name the generator gives a schema: title, else `$id`'s last segment, else file stem.
fn schema_name(file: &Path, schema: &Value) -> String {
    if let Some(title) = schema.get("title").and_then(Value::as_str) {
        return title.to_string();
    }
    if let Some(id) = schema.get("$id").and_then(Value::as_str) {
        if let Some(last) = id.rsplit('/').next().filter(|s| !s.is_empty()) {
            return last.trim_end_matches(".json").to_string();
        }
    }
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every change from `old` to `new`, sorted by schema, path and kind.
pub fn diff(old: &BTreeMap<String, Value>, new: &BTreeMap<String, Value>) -> Vec<Change> {
    let mut changes = Vec::new();
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let direction = Direction::of(name);
        let mut differ = Differ {
            direction,
            found: Vec::new(),
        };
        match (old.get(name), new.get(name)) {
            (Some(a), Some(b)) => differ.schema(a, b, ""),
            (None, Some(_)) => {
                differ.push(Kind::SchemaAdded, "", Effect::NONE, "new schema".into())
            }
            (Some(_), None) => differ.push(
                Kind::SchemaRemoved,
                "",
                Effect::RUST,
                "schema removed: its generated type disappears".into(),
            ),
            (None, None) => {}
        }
        changes.extend(
            differ
                .found
                .into_iter()
                .map(|found| found.judge(name, direction)),
        );
    }
    changes.sort();
    changes.dedup();
    changes
}

/// [`diff`] of two folders' schemas, and their endpoints' changes.
pub fn diff_dirs(old_dir: &Path, new_dir: &Path) -> Result<Vec<Change>> {
    let (old, new) = (load_folder(old_dir)?, load_folder(new_dir)?);
    let mut changes = diff(&old.schemas, &new.schemas);
    changes.extend(endpoints::diff(&old.endpoints, &new.endpoints));
    changes.sort();
    changes.dedup();
    Ok(changes)
}

/// The output format of `codegen diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    Text,
    Json,
}

/// Human-readable report: changes grouped by schema, then a summary line.
pub fn render_text(changes: &[Change]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for change in changes {
        if current != Some(change.schema.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            current = Some(&change.schema);
            out.push_str(&format!(
                "{} ({})\n",
                change.schema,
                change.direction.describe()
            ));
        }
        let verdict = |breaking| if breaking { "breaking" } else { "ok" };
        out.push_str(&format!(
            "  {:<8}  {}  {}: {}  [Rust: {}, wire: {}]\n",
            if change.breaking { "BREAKING" } else { "ok" },
            if change.path.is_empty() {
                "(schema)"
            } else {
                &change.path
            },
            change.kind,
            change.message,
            verdict(change.rust_breaking),
            verdict(change.wire_breaking),
        ));
    }
    if !changes.is_empty() {
        out.push('\n');
    }
    let schemas: BTreeSet<&str> = changes.iter().map(|c| c.schema.as_str()).collect();
    let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    out.push_str(&format!(
        "{} change(s) in {} schema(s): {} breaking (Rust: {}, wire: {})\n",
        changes.len(),
        schemas.len(),
        count(|c| c.breaking),
        count(|c| c.rust_breaking),
        count(|c| c.wire_breaking),
    ));
    out
}

/// A JSON array of the changes.
pub fn render_json(changes: &[Change]) -> String {
    let mut text = serde_json::to_string_pretty(changes).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// The `codegen diff` command. Returns the exit code: 0 no breaking change, 1 a breaking
/// change, 2 bad input.
pub fn run(
    old_dir: &Path,
    new_dir: &Path,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let changes = match diff_dirs(old_dir, new_dir) {
        Ok(changes) => changes,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let text = match format {
        Format::Text => render_text(&changes),
        Format::Json => render_json(&changes),
    };
    // Best effort: a closed pipe must not become a panic or change the verdict.
    let _ = out.write_all(text.as_bytes());
    u8::from(changes.iter().any(|c| c.breaking))
}

/// How a change affects values on the wire and Rust code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Effect {
    /// The new schema rejects some values the old one accepted.
    narrows: bool,
    /// The new schema accepts some values the old one rejected (and old code may not decode).
    widens: bool,
    /// Code written against the old generated types may not compile.
    rust: bool,
}

impl Effect {
    const NONE: Effect = Effect::new(false, false, false);
    const RUST: Effect = Effect::new(false, false, true);
    const NARROWS: Effect = Effect::new(true, false, false);
    const WIDENS: Effect = Effect::new(false, true, false);
    /// Cannot tell which way: counted as both.
    const BOTH: Effect = Effect::new(true, true, false);

    const fn new(narrows: bool, widens: bool, rust: bool) -> Self {
        Effect {
            narrows,
            widens,
            rust,
        }
    }

    const fn rust(self, rust: bool) -> Self {
        Effect { rust, ..self }
    }
}

struct Found {
    kind: Kind,
    path: String,
    effect: Effect,
    message: String,
}

impl Found {
    fn judge(self, schema: &str, direction: Direction) -> Change {
        let Effect {
            narrows,
            widens,
            rust,
        } = self.effect;
        let wire = match direction {
            Direction::Sent => narrows,
            Direction::Received => widens,
            Direction::Both => narrows || widens,
        };
        let mut message = self.message;
        if wire {
            let why = match (direction, narrows, widens) {
                (Direction::Sent, ..) | (Direction::Both, true, false) => {
                    "the server may reject what existing code sends"
                }
                (Direction::Received, ..) | (Direction::Both, false, true) => {
                    "existing code may not decode what the server sends"
                }
                _ => {
                    "the server may reject what existing code sends, and send what it cannot decode"
                }
            };
            message = format!("{message}; {why}");
        }
        Change {
            schema: schema.to_string(),
            path: self.path,
            kind: self.kind,
            breaking: rust || wire,
            rust_breaking: rust,
            wire_breaking: wire,
            direction,
            message,
        }
    }
}

/// Keywords that describe without constraining.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "examples",
    "example",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$schema",
    "$id",
    "$anchor",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "externalDocs",
];
/// Lower bounds: a bigger value is tighter.
const LOWER_BOUNDS: &[&str] = &[
    "minLength",
    "minItems",
    "minProperties",
    "minimum",
    "exclusiveMinimum",
    "minContains",
];
/// Upper bounds: a smaller value is tighter.
const UPPER_BOUNDS: &[&str] = &[
    "maxLength",
    "maxItems",
    "maxProperties",
    "maximum",
    "exclusiveMaximum",
    "maxContains",
];
/// Keywords that only validate; a change cannot be judged precisely but leaves types alone.
const VALIDATION_ONLY: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedItems",
];
/// Integer formats are the only ones that change the generated Rust type (`i32`/`i64`).
const TYPED_FORMATS: &[&str] = &["int32", "int64"];

struct Differ {
    direction: Direction,
    found: Vec<Found>,
}

impl Differ {
    fn push(&mut self, kind: Kind, path: &str, effect: Effect, message: String) {
        self.found.push(Found {
            kind,
            path: path.to_string(),
            effect,
            message,
        });
    }

    /// Compares two schemas at `path`.
    fn schema(&mut self, old: &Value, new: &Value, path: &str) {
        if old == new {
            return;
        }
        let (Value::Object(o), Value::Object(n)) = (old, new) else {
            // Boolean schemas: `true` (like `{}`) accepts everything, `false` nothing; anything
            // else cannot be ordered, so it counts both ways.
            let accepts_all =
                |v: &Value| *v == Value::Bool(true) || v.as_object().is_some_and(|m| m.is_empty());
            let accepts_none = |v: &Value| *v == Value::Bool(false);
            let effect = Effect::new(
                !accepts_none(old) && !accepts_all(new),
                !accepts_all(old) && !accepts_none(new),
                true,
            );
            self.push(
                Kind::TypeChanged,
                path,
                effect,
                format!("schema changed from {} to {}", short(old), short(new)),
            );
            return;
        };
        let here = |key: &str| format!("{path}/{}", escape_token(key));
        let mut handled: BTreeSet<&str> = BTreeSet::new();
        // Whether the two schemas describe the same kind of thing, so that their properties,
        // items and variants can be compared one by one.
        let mut comparable = true;

        handled.insert("$ref");
        match (str_of(o, "$ref"), str_of(n, "$ref")) {
            (Some(a), Some(b)) if a != b => self.push(
                Kind::ReferenceChanged,
                &here("$ref"),
                Effect::BOTH.rust(true),
                format!("now refers to {} instead of {}", ref_name(b), ref_name(a)),
            ),
            (Some(a), None) => {
                comparable = false;
                self.push(
                    Kind::TypeChanged,
                    path,
                    Effect::BOTH.rust(true),
                    format!("was a reference to {}, now an inline schema", ref_name(a)),
                );
            }
            (None, Some(b)) => {
                comparable = false;
                self.push(
                    Kind::TypeChanged,
                    path,
                    Effect::BOTH.rust(true),
                    format!("was an inline schema, now a reference to {}", ref_name(b)),
                );
            }
            _ => {}
        }

        handled.insert("type");
        if let Some(disjoint) = self.types(o.get("type"), n.get("type"), &here("type")) {
            comparable &= !disjoint;
        }

        handled.insert("enum");
        self.enums(o.get("enum"), n.get("enum"), &here("enum"));

        handled.insert("const");
        match (o.get("const"), n.get("const")) {
            (Some(a), Some(b)) if a != b => self.push(
                Kind::ConstChanged,
                &here("const"),
                Effect::BOTH.rust(true),
                format!("constant changed from {} to {}", short(a), short(b)),
            ),
            (None, Some(b)) => self.push(
                Kind::ConstChanged,
                &here("const"),
                Effect::NARROWS.rust(true),
                format!("now the constant {}", short(b)),
            ),
            (Some(a), None) => self.push(
                Kind::ConstChanged,
                &here("const"),
                Effect::WIDENS.rust(true),
                format!("no longer the constant {}", short(a)),
            ),
            _ => {}
        }

        for keyword in [
            "properties",
            "required",
            "additionalProperties",
            "unevaluatedProperties",
            "items",
            "allOf",
            "anyOf",
            "oneOf",
        ] {
            handled.insert(keyword);
        }
        if comparable {
            self.properties(o, n, path);
            for keyword in ["additionalProperties", "unevaluatedProperties"] {
                self.additional(o.get(keyword), n.get(keyword), &here(keyword), keyword);
            }
            match (o.get("items"), n.get("items")) {
                (Some(a), Some(b)) => self.schema(a, b, &here("items")),
                (None, Some(_)) => self.push(
                    Kind::ConstraintTightened,
                    &here("items"),
                    Effect::NARROWS.rust(true),
                    "array items are now constrained".into(),
                ),
                (Some(_), None) => self.push(
                    Kind::ConstraintLoosened,
                    &here("items"),
                    Effect::WIDENS.rust(true),
                    "array items are no longer constrained".into(),
                ),
                (None, None) => {}
            }
            for keyword in ["allOf", "anyOf", "oneOf"] {
                self.variants(o.get(keyword), n.get(keyword), path, keyword);
            }
        }

        let keys: BTreeSet<&str> = o.keys().chain(n.keys()).map(String::as_str).collect();
        for key in keys {
            if handled.contains(key) {
                continue;
            }
            let (a, b) = (o.get(key), n.get(key));
            if a == b {
                continue;
            }
            self.keyword(key, a, b, &here(key), path.is_empty());
        }
    }

    /// Reports a change of `type`; returns whether the old and new types share nothing.
    fn types(&mut self, old: Option<&Value>, new: Option<&Value>, path: &str) -> Option<bool> {
        let (a, b) = (type_set(old), type_set(new));
        if a == b {
            return None;
        }
        let accepts = |set: &Option<BTreeSet<String>>, t: &str| match set {
            None => true,
            Some(set) => set.contains(t) || (t == "integer" && set.contains("number")),
        };
        let covers_all = |from: &Option<BTreeSet<String>>, to: &Option<BTreeSet<String>>| match from
        {
            None => to.is_none(),
            Some(from) => from.iter().all(|t| accepts(to, t)),
        };
        let narrows = !covers_all(&a, &b);
        let widens = !covers_all(&b, &a);
        let without_null = |set: &Option<BTreeSet<String>>| {
            set.as_ref().map(|s| {
                let mut s = s.clone();
                s.remove("null");
                s
            })
        };
        let message = if without_null(&a) == without_null(&b) {
            if accepts(&b, "null") {
                "now nullable".to_string()
            } else {
                "no longer nullable".to_string()
            }
        } else {
            format!(
                "type changed from {} to {}",
                describe_types(&a),
                describe_types(&b)
            )
        };
        self.push(
            Kind::TypeChanged,
            path,
            Effect::new(narrows, widens, true),
            message,
        );
        let disjoint = match (&a, &b) {
            (Some(a), Some(_)) => !a.iter().any(|t| accepts(&b, t) && t != "null"),
            _ => false,
        };
        Some(disjoint)
    }

    fn enums(&mut self, old: Option<&Value>, new: Option<&Value>, path: &str) {
        let all_strings = |values: &[Value]| values.iter().all(Value::is_string);
        match (old, new) {
            (Some(Value::Array(a)), Some(Value::Array(b))) => {
                for value in a.iter().filter(|v| !b.contains(v)) {
                    self.push(
                        Kind::EnumValueRemoved,
                        path,
                        Effect::NARROWS.rust(true),
                        format!("enum value {} removed", short(value)),
                    );
                }
                let forward_compatible = all_strings(b);
                for value in b.iter().filter(|v| !a.contains(v)) {
                    let message = if forward_compatible {
                        format!(
                            "enum value {} added; not breaking: generated enums are forward-compatible \
                             (existing code decodes it into Unknown(String))",
                            short(value)
                        )
                    } else {
                        format!("enum value {} added", short(value))
                    };
                    self.push(
                        Kind::EnumValueAdded,
                        path,
                        Effect::new(false, !forward_compatible, false),
                        message,
                    );
                }
            }
            (None, Some(b)) => self.push(
                Kind::EnumAdded,
                path,
                Effect::NARROWS.rust(true),
                format!("now limited to {}", short(b)),
            ),
            (Some(a), None) => {
                let forward_compatible = matches!(a, Value::Array(a) if all_strings(a));
                self.push(
                    Kind::EnumRemoved,
                    path,
                    Effect::new(false, !forward_compatible, true),
                    format!("no longer limited to {}", short(a)),
                );
            }
            (Some(a), Some(b)) if a != b => self.push(
                Kind::KeywordChanged,
                path,
                Effect::BOTH.rust(true),
                format!("enum changed from {} to {}", short(a), short(b)),
            ),
            _ => {}
        }
    }

    fn properties(
        &mut self,
        o: &serde_json::Map<String, Value>,
        n: &serde_json::Map<String, Value>,
        path: &str,
    ) {
        let empty = serde_json::Map::new();
        let props = |m: &serde_json::Map<String, Value>| match m.get("properties") {
            Some(Value::Object(p)) => p.clone(),
            _ => empty.clone(),
        };
        let required = |m: &serde_json::Map<String, Value>| -> BTreeSet<String> {
            match m.get("required") {
                Some(Value::Array(r)) => r
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => BTreeSet::new(),
            }
        };
        let (op, np) = (props(o), props(n));
        let (or, nr) = (required(o), required(n));
        // Closed objects reject unknown properties, so a property is never simply ignored.
        let closed = |m: &serde_json::Map<String, Value>| {
            m.get("additionalProperties") == Some(&Value::Bool(false))
                || m.get("unevaluatedProperties") == Some(&Value::Bool(false))
        };
        let names: BTreeSet<&String> = op.keys().chain(np.keys()).chain(&or).chain(&nr).collect();
        for name in names {
            let here = format!("{path}/properties/{}", escape_token(name));
            let (was_required, is_required) = (or.contains(name), nr.contains(name));
            match (op.get(name), np.get(name)) {
                // Code builds the values it sends, so it must set a new required field; received
                // values are only read, and reading code is not affected.
                (None, Some(_)) if is_required => self.push(
                    Kind::PropertyAdded,
                    &here,
                    Effect::new(true, closed(o), self.direction != Direction::Received),
                    if self.direction == Direction::Received {
                        format!(
                            "new required property \"{name}\" (a new field; received values \
                             are only read, so existing code still compiles)"
                        )
                    } else {
                        format!(
                            "new required property \"{name}\" (a new argument of `new`, and a \
                             non-Option field, that code building the struct must set)"
                        )
                    },
                ),
                (None, Some(_)) => self.push(
                    Kind::PropertyAdded,
                    &here,
                    Effect::new(false, closed(o), false),
                    format!(
                        "new optional property \"{name}\" (an Option field that `new` and \
                         ..Default::default() leave absent; only struct literals listing every \
                         field must add `{name}: None`)"
                    ),
                ),
                (Some(_), None) => self.push(
                    Kind::PropertyRemoved,
                    &here,
                    Effect::new(closed(n), true, true),
                    format!(
                        "{} property \"{name}\" removed (its field disappears)",
                        if was_required { "required" } else { "optional" }
                    ),
                ),
                (a, b) => {
                    if let (Some(a), Some(b)) = (a, b) {
                        self.schema(a, b, &here);
                    }
                    if was_required && !is_required {
                        self.push(
                            Kind::PropertyNowOptional,
                            &here,
                            Effect::WIDENS.rust(true),
                            format!("property \"{name}\" is now optional (T becomes Option<T>)"),
                        );
                    } else if !was_required && is_required {
                        self.push(
                            Kind::PropertyNowRequired,
                            &here,
                            Effect::NARROWS.rust(true),
                            format!("property \"{name}\" is now required (Option<T> becomes T)"),
                        );
                    }
                }
            }
        }
    }

    fn additional(&mut self, old: Option<&Value>, new: Option<&Value>, path: &str, keyword: &str) {
        // `None` and `true` allow any extra property; `false` none; a schema constrains them.
        let kind_of = |v: Option<&Value>| match v {
            None | Some(Value::Bool(true)) => 0,
            Some(Value::Bool(false)) => 1,
            Some(_) => 2,
        };
        let (a, b) = (kind_of(old), kind_of(new));
        let (kind, effect, message) = match (a, b) {
            (2, 2) => {
                if let (Some(a), Some(b)) = (old, new) {
                    self.schema(a, b, path);
                }
                return;
            }
            _ if a == b => return,
            (0, 1) => (
                Kind::ConstraintTightened,
                Effect::NARROWS,
                format!("unknown properties are no longer allowed ({keyword}: false)"),
            ),
            (1, 0) => (
                Kind::ConstraintLoosened,
                Effect::WIDENS,
                format!("unknown properties are now allowed ({keyword})"),
            ),
            (_, 2) => (
                Kind::ConstraintChanged,
                Effect::new(a == 0, a == 1, true),
                format!("unknown properties must now match a schema ({keyword})"),
            ),
            _ => (
                Kind::ConstraintChanged,
                Effect::new(b == 1, b == 0, true),
                format!("unknown properties no longer match a schema ({keyword})"),
            ),
        };
        self.push(kind, path, effect, message);
    }

    /// `allOf` / `anyOf` / `oneOf`: alternatives matched by `$ref` when all are references,
    /// else by position.
    fn variants(&mut self, old: Option<&Value>, new: Option<&Value>, path: &str, keyword: &str) {
        if old == new {
            return;
        }
        let here = format!("{path}/{keyword}");
        let empty = Vec::new();
        let (a, b) = match (old, new) {
            (None | Some(Value::Array(_)), None | Some(Value::Array(_))) => (
                old.and_then(Value::as_array).unwrap_or(&empty),
                new.and_then(Value::as_array).unwrap_or(&empty),
            ),
            _ => {
                self.push(
                    Kind::KeywordChanged,
                    &here,
                    Effect::BOTH.rust(true),
                    format!("{keyword} changed"),
                );
                return;
            }
        };
        // More `allOf` members narrow; more `anyOf`/`oneOf` alternatives widen.
        let added = if keyword == "allOf" {
            Effect::NARROWS.rust(true)
        } else {
            Effect::WIDENS.rust(true)
        };
        let removed = Effect::new(added.widens, added.narrows, true);
        if (old.is_none() || new.is_none()) && keyword != "allOf" {
            self.push(
                Kind::KeywordChanged,
                &here,
                Effect::BOTH.rust(true),
                format!(
                    "{keyword} {}",
                    if old.is_none() { "added" } else { "removed" }
                ),
            );
            return;
        }
        let ref_of = |v: &Value| v.get("$ref").and_then(Value::as_str).map(str::to_string);
        let all_refs = a.iter().chain(b).all(|v| ref_of(v).is_some());
        if all_refs {
            let refs = |list: &[Value]| -> Vec<String> { list.iter().filter_map(ref_of).collect() };
            let (ra, rb) = (refs(a), refs(b));
            for (i, r) in rb.iter().enumerate() {
                if !ra.contains(r) {
                    self.push(
                        Kind::VariantAdded,
                        &format!("{here}/{i}"),
                        added,
                        format!("{keyword} gains {}", ref_name(r)),
                    );
                }
            }
            for (i, r) in ra.iter().enumerate() {
                if !rb.contains(r) {
                    self.push(
                        Kind::VariantRemoved,
                        &format!("{here}/{i}"),
                        removed,
                        format!("{keyword} loses {}", ref_name(r)),
                    );
                }
            }
            return;
        }
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            self.schema(x, y, &format!("{here}/{i}"));
        }
        for i in a.len()..b.len() {
            self.push(
                Kind::VariantAdded,
                &format!("{here}/{i}"),
                added,
                format!("{keyword} gains a member"),
            );
        }
        for i in b.len()..a.len() {
            self.push(
                Kind::VariantRemoved,
                &format!("{here}/{i}"),
                removed,
                format!("{keyword} loses a member"),
            );
        }
    }

    /// Any other keyword.
    fn keyword(&mut self, key: &str, a: Option<&Value>, b: Option<&Value>, path: &str, root: bool) {
        let change = describe_change(a, b);
        let number = |v: Option<&Value>| v.and_then(Value::as_f64);
        if ANNOTATIONS.contains(&key) || key.starts_with("x-") {
            // The generated type is named after the root title.
            let rust = root && key == "title";
            let message = match (key, a, b) {
                ("deprecated", _, Some(Value::Bool(true))) => "now deprecated".to_string(),
                ("deprecated", Some(Value::Bool(true)), _) => "no longer deprecated".to_string(),
                ("description", ..) => "description changed".to_string(),
                _ => format!("{key} {change}"),
            };
            self.push(
                Kind::AnnotationChanged,
                path,
                Effect::RUST.rust(rust),
                message,
            );
            return;
        }
        let lower = LOWER_BOUNDS.contains(&key);
        if lower || UPPER_BOUNDS.contains(&key) {
            let tighter = match (a, number(a), b, number(b)) {
                (None, _, Some(_), Some(_)) => Some(true),
                (Some(_), Some(_), None, _) => Some(false),
                // `1` and `1.0` are different JSON values but the same bound.
                (_, Some(x), _, Some(y)) if x == y => return,
                (_, Some(x), _, Some(y)) => Some((y > x) == lower),
                _ => None,
            };
            self.bound(key, tighter, path, &change);
            return;
        }
        match key {
            "multipleOf" => {
                let tighter = match (number(a), number(b)) {
                    (None, Some(_)) => Some(true),
                    (Some(_), None) => Some(false),
                    (Some(x), Some(y)) if x != 0.0 && (y / x).fract() == 0.0 => Some(true),
                    (Some(x), Some(y)) if y != 0.0 && (x / y).fract() == 0.0 => Some(false),
                    _ => None,
                };
                self.bound(key, tighter, path, &change);
            }
            "uniqueItems" => {
                let on = |v: Option<&Value>| v == Some(&Value::Bool(true));
                self.bound(key, Some(on(b) && !on(a)), path, &change);
            }
            "pattern" => {
                let tighter = match (a, b) {
                    (None, Some(_)) => Some(true),
                    (Some(_), None) => Some(false),
                    _ => None,
                };
                self.bound(key, tighter, path, &change);
            }
            "format" => {
                let typed = [a, b].iter().any(|v| {
                    v.and_then(Value::as_str)
                        .is_some_and(|f| TYPED_FORMATS.contains(&f))
                });
                let effect = match (a, b) {
                    (None, Some(_)) => Effect::NARROWS,
                    (Some(_), None) => Effect::WIDENS,
                    _ => Effect::BOTH,
                };
                self.push(
                    Kind::FormatChanged,
                    path,
                    effect.rust(typed),
                    format!("format {change}"),
                );
            }
            _ => {
                let rust = !VALIDATION_ONLY.contains(&key);
                self.push(
                    Kind::KeywordChanged,
                    path,
                    Effect::BOTH.rust(rust),
                    format!("{key} {change}; not judged precisely, so counted as breaking"),
                );
            }
        }
    }

    /// A constraint that got tighter (`Some(true)`), looser (`Some(false)`) or changed in a way
    /// that cannot be ordered (`None`, counted both ways). Constraints never change Rust types.
    fn bound(&mut self, key: &str, tighter: Option<bool>, path: &str, change: &str) {
        let (kind, effect) = match tighter {
            Some(true) => (Kind::ConstraintTightened, Effect::NARROWS),
            Some(false) => (Kind::ConstraintLoosened, Effect::WIDENS),
            None => (Kind::ConstraintChanged, Effect::BOTH),
        };
        self.push(kind, path, effect, format!("{key} {change}"));
    }
}

fn str_of<'a>(map: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

/// `#/components/schemas/NAME` as `NAME`; other references as they are.
fn ref_name(reference: &str) -> &str {
    reference
        .strip_prefix(crate::import::COMPONENT_PREFIX)
        .unwrap_or(reference)
}

/// The types a `type` keyword allows; `None` when there is no (usable) `type`: any type.
fn type_set(value: Option<&Value>) -> Option<BTreeSet<String>> {
    match value {
        Some(Value::String(t)) => Some(BTreeSet::from([t.clone()])),
        Some(Value::Array(ts)) => Some(
            ts.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

fn describe_types(set: &Option<BTreeSet<String>>) -> String {
    match set {
        None => "any".to_string(),
        Some(set) => set.iter().cloned().collect::<Vec<_>>().join(" | "),
    }
}

fn describe_change(a: Option<&Value>, b: Option<&Value>) -> String {
    match (a, b) {
        (None, Some(b)) => format!("added: {}", short(b)),
        (Some(a), None) => format!("removed (was {})", short(a)),
        (Some(a), Some(b)) => format!("changed from {} to {}", short(a), short(b)),
        (None, None) => "unchanged".to_string(),
    }
}

/// Compact JSON, cut to keep messages on one line.
fn short(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    if text.chars().count() <= MAX {
        return text;
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}...")
}
