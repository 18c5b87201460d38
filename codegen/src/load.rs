//! Loading schema files and resolving references between them.
//!
//! A [`SchemaSet`] holds every document of a schema folder, indexed by the URIs a `$ref` can name:
//! each file's own URI, every `$id` (absolute, relative, or Stytch's fragment form
//! `#/components/schemas/NAME`), every `$anchor` and `$dynamicAnchor`. Nothing is ever fetched over
//! the network: a reference to a document that is not in the set is an error.
//!
//! Files named `*.endpoint.json` are not schemas but API operations (see `endpoints.rs`); the set
//! keeps them apart, parsed.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use url::Url;

use crate::dialect::{self, Draft, Rename};
use crate::error::{Error, Place, Result};

/// One schema file.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path used in error messages (the folder as given, joined with the file's relative path).
    pub file: PathBuf,
    /// The URI the document was retrieved from: `file:///<path relative to the schema folder>`,
    /// so that output never depends on where the folder lives.
    pub uri: Url,
    pub value: Value,
}

impl Document {
    /// The name generated code uses for this document: its path relative to the schema folder
    /// for files (so output never depends on where the folder lives), else its given path.
    pub fn display_name(&self) -> String {
        if self.uri.scheme() == "file" {
            let path = self.uri.path().trim_start_matches('/');
            percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned()
        } else {
            self.file.display().to_string()
        }
    }
}

/// A schema inside a document: the document's index and a JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub doc: usize,
    pub pointer: String,
}

impl Location {
    pub fn root(doc: usize) -> Self {
        Location {
            doc,
            pointer: String::new(),
        }
    }

    /// The location of a child schema, `token` being one unescaped pointer segment.
    pub fn child(&self, token: &str) -> Self {
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + token.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        pointer.push_str(&escape_token(token));
        Location {
            doc: self.doc,
            pointer,
        }
    }
}

/// Keywords whose value is a single subschema.
pub const SCHEMA_KEYWORDS: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "items",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
    "additionalItems",
];
/// Keywords whose value is an array of subschemas.
pub const SCHEMA_ARRAY_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value is an object of subschemas.
pub const SCHEMA_MAP_KEYWORDS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Calls `f` with the pointer token path (one or two segments) and value of every direct subschema.
pub fn for_each_subschema<'a>(schema: &'a Value, mut f: impl FnMut(Vec<&'a str>, &'a Value)) {
    let Value::Object(map) = schema else { return };
    for (key, value) in map {
        let key = key.as_str();
        if SCHEMA_KEYWORDS.contains(&key) {
            match value {
                // A tuple `items` left in a 2020-12 document (older drafts' are `prefixItems` by
                // now) is an error validator generation reports; its entries are still walked
                // so that what is wrong inside them is found too.
                Value::Array(items) if key == "items" => {
                    for (i, item) in items.iter().enumerate() {
                        f(vec![key, index_token(i)], item);
                    }
                }
                _ => f(vec![key], value),
            }
        } else if SCHEMA_ARRAY_KEYWORDS.contains(&key) {
            if let Value::Array(items) = value {
                for (i, item) in items.iter().enumerate() {
                    f(vec![key, index_token(i)], item);
                }
            }
        } else if SCHEMA_MAP_KEYWORDS.contains(&key) {
            if let Value::Object(entries) = value {
                for (name, item) in entries {
                    f(vec![key, name.as_str()], item);
                }
            }
        } else if key == "dependencies" {
            if let Value::Object(entries) = value {
                for (name, item) in entries {
                    if item.is_object() || item.is_boolean() {
                        f(vec![key, name.as_str()], item);
                    }
                }
            }
        }
    }
}

/// Array indices as `&'static str` for the small indices schemas use; larger ones are leaked once.
fn index_token(i: usize) -> &'static str {
    const SMALL: [&str; 16] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
    ];
    match SMALL.get(i) {
        Some(s) => s,
        None => Box::leak(i.to_string().into_boxed_str()),
    }
}

/// The largest schema file read (4 MiB; Stytch's largest is under 16 KiB). A 10 MB schema of
/// distinct properties takes typify about a minute and gigabytes of memory.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// The file name ending of an endpoint file: an API operation, not a schema.
pub const ENDPOINT_SUFFIX: &str = ".endpoint.json";

/// All schema documents of a folder, with the index needed to resolve `$ref`s, and its endpoint
/// files.
#[derive(Debug, Default)]
pub struct SchemaSet {
    docs: Vec<Document>,
    /// The `*.endpoint.json` files, parsed, sorted by URI.
    endpoints: Vec<Document>,
    /// Absolute resource URI (without fragment) to the resource's root schema.
    resources: BTreeMap<String, Location>,
    /// `resource-uri#anchor` to the schema that declares `$anchor` (or `$dynamicAnchor`).
    anchors: BTreeMap<String, Location>,
    /// `resource-uri#anchor` to the schema that declares `$dynamicAnchor`.
    dynamic_anchors: BTreeMap<String, Location>,
    /// Stytch's fragment `$id`s (`#/components/schemas/NAME`) to the document root declaring them.
    fragment_ids: BTreeMap<String, Location>,
    /// Per document: the base URI in force below each pointer that starts a resource, longest last.
    bases: Vec<Vec<(String, Url)>>,
    /// Per document: the pointers below which a dialect with the format-assertion vocabulary is in
    /// force (`true`) or stops being in force (`false`), outermost first.
    format_assertion: Vec<Vec<(String, bool)>>,
    /// Keywords of older drafts renamed on loading, by document and (loaded) pointer of the schema
    /// object they are in, so that JSON pointers written against the file still resolve.
    renames: BTreeMap<(usize, String), Vec<Rename>>,
}

impl SchemaSet {
    /// Loads every `*.json` file under `dir` (recursively, in sorted order); files without
    /// `$schema` are read as 2020-12.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Self> {
        Self::load_dir_as(dir, Draft::default())
    }

    /// Loads every `*.json` file under `dir`, reading files without `$schema` as `default_draft`.
    pub fn load_dir_as(dir: impl AsRef<Path>, default_draft: Draft) -> Result<Self> {
        let dir = dir.as_ref();
        let mut files = Vec::new();
        let mut visited = BTreeSet::new();
        collect_json_files(dir, Path::new(""), &mut visited, &mut files)?;
        if files.is_empty() {
            return Err(Error::NoSchemas {
                path: dir.to_path_buf(),
            });
        }
        let mut sources = Vec::with_capacity(files.len());
        for relative in files {
            let file = dir.join(&relative);
            let io = |source| Error::Io {
                path: file.clone(),
                source,
            };
            let size = std::fs::metadata(&file).map_err(io)?.len();
            if size > MAX_FILE_BYTES {
                return Err(Error::TooLarge {
                    path: file,
                    size,
                    limit: MAX_FILE_BYTES,
                });
            }
            let bytes = std::fs::read(&file).map_err(io)?;
            sources.push((relative, bytes));
        }
        Self::from_sources_as(dir, sources, default_draft)
    }

    /// Builds a set from in-memory files: `(path relative to the schema folder, contents)`.
    /// The order of `sources` does not matter: documents are sorted by path.
    pub fn from_sources(dir: &Path, sources: Vec<(PathBuf, Vec<u8>)>) -> Result<Self> {
        Self::from_sources_as(dir, sources, Draft::default())
    }

    /// [`SchemaSet::from_sources`], reading files without `$schema` as `default_draft`.
    pub fn from_sources_as(
        dir: &Path,
        sources: Vec<(PathBuf, Vec<u8>)>,
        default_draft: Draft,
    ) -> Result<Self> {
        let mut docs = Vec::with_capacity(sources.len());
        let mut endpoints = Vec::new();
        for (relative, bytes) in sources {
            let file = dir.join(&relative);
            let value = parse_json(&file, &bytes)?;
            let uri = file_uri(&relative, &file)?;
            let is_endpoint = relative
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(ENDPOINT_SUFFIX));
            if is_endpoint {
                endpoints.push(Document { file, uri, value });
            } else {
                docs.push(Document { file, uri, value });
            }
        }
        if docs.is_empty() {
            return Err(Error::NoSchemas {
                path: dir.to_path_buf(),
            });
        }
        let mut set = Self::from_documents_as(docs, default_draft)?;
        endpoints.sort_by(|a, b| a.uri.as_str().cmp(b.uri.as_str()));
        set.endpoints = endpoints;
        Ok(set)
    }

    /// Builds a set from parsed documents (e.g. remote documents with their own URIs).
    /// Documents are sorted by URI, so the result does not depend on their order.
    pub fn from_documents(docs: Vec<Document>) -> Result<Self> {
        Self::from_documents_as(docs, Draft::default())
    }

    /// [`SchemaSet::from_documents`], reading documents without `$schema` as `default_draft`.
    pub fn from_documents_as(mut docs: Vec<Document>, default_draft: Draft) -> Result<Self> {
        crate::metaschemas::add_referenced(&mut docs);
        docs.sort_by(|a, b| a.uri.as_str().cmp(b.uri.as_str()));
        // Before indexing: each schema is read in its draft and rewritten to 2020-12, a keyword
        // of a vocabulary the dialect lacks is an unknown keyword, and an `$id` below an unknown
        // keyword identifies nothing.
        let read = read_dialects(&mut docs, default_draft)?;
        let mut set = SchemaSet {
            docs: Vec::new(),
            format_assertion: read.format_assertion,
            renames: read.renames,
            ..Default::default()
        };
        for doc in docs {
            set.add(doc)?;
        }
        Ok(set)
    }

    fn add(&mut self, doc: Document) -> Result<()> {
        let index = self.docs.len();
        if !(doc.value.is_object() || doc.value.is_boolean()) {
            return Err(Error::InvalidSchema {
                place: Place::new(&doc.file, ""),
                message: format!(
                    "a schema must be an object or a boolean, found {}",
                    kind_of(&doc.value)
                ),
            });
        }
        self.docs.push(doc);
        self.bases.push(Vec::new());
        let retrieval = self.docs[index].uri.clone();
        self.register_resource(retrieval.as_str(), Location::root(index))?;
        let value = self.docs[index].value.clone();
        self.index_schema(index, "", &value, &retrieval, true)
    }

    fn register_resource(&mut self, uri: &str, location: Location) -> Result<()> {
        let uri = uri.trim_end_matches('#').to_string();
        if let Some(first) = self.resources.get(&uri) {
            if *first != location {
                return Err(Error::DuplicateId {
                    id: uri,
                    first: Box::new(self.place(first)),
                    second: Box::new(self.place(&location)),
                });
            }
            return Ok(());
        }
        self.resources.insert(uri, location);
        Ok(())
    }

    /// Records the `$id`s and anchors of `schema` and its subschemas.
    fn index_schema(
        &mut self,
        doc: usize,
        pointer: &str,
        schema: &Value,
        base: &Url,
        is_root: bool,
    ) -> Result<()> {
        let Value::Object(map) = schema else {
            return Ok(());
        };
        let location = Location {
            doc,
            pointer: pointer.to_string(),
        };
        let mut base = base.clone();
        if let Some(Value::String(id)) = map.get("$id") {
            if let Some(fragment) = id.strip_prefix('#') {
                // A fragment-only `$id` is not valid 2020-12, but Stytch's files use
                // `#/components/schemas/NAME` to say which OpenAPI component they are.
                if is_root && !fragment.is_empty() {
                    if let Some(first) = self.fragment_ids.get(id) {
                        return Err(Error::DuplicateId {
                            id: id.clone(),
                            first: Box::new(self.place(first)),
                            second: Box::new(self.place(&location)),
                        });
                    }
                    self.fragment_ids.insert(id.clone(), location.clone());
                }
            } else {
                let resolved = base.join(id).map_err(|e| Error::InvalidSchema {
                    place: Place::new(&self.docs[doc].file, format!("{pointer}/$id")),
                    message: format!("invalid $id \"{id}\": {e}"),
                })?;
                let mut resource = resolved.clone();
                resource.set_fragment(None);
                self.register_resource(resource.as_str(), location.clone())?;
                base = resource;
                if !is_root {
                    self.bases[doc].push((pointer.to_string(), base.clone()));
                }
            }
        }
        if is_root {
            self.bases[doc].insert(0, (String::new(), base.clone()));
        }
        let mut resource_uri = base.clone();
        resource_uri.set_fragment(None);
        for keyword in ["$anchor", "$dynamicAnchor"] {
            if let Some(Value::String(anchor)) = map.get(keyword) {
                let key = format!("{}#{}", resource_uri.as_str(), anchor);
                if keyword == "$dynamicAnchor" {
                    self.dynamic_anchors.insert(key.clone(), location.clone());
                }
                // A `$dynamicAnchor` is also a plain anchor; an explicit `$anchor` wins.
                if keyword == "$anchor" || !self.anchors.contains_key(&key) {
                    self.anchors.insert(key, location.clone());
                }
            }
        }
        let mut children = Vec::new();
        for_each_subschema(schema, |tokens, child| {
            children.push((child_pointer(pointer, &tokens), child.clone()));
        });
        for (child_pointer, child) in children {
            self.index_schema(doc, &child_pointer, &child, &base, false)?;
        }
        Ok(())
    }

    /// The endpoint files (`*.endpoint.json`), parsed, in URI order.
    pub fn endpoint_files(&self) -> &[Document] {
        &self.endpoints
    }

    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    pub fn document(&self, index: usize) -> &Document {
        &self.docs[index]
    }

    /// The schema at `location`.
    pub fn get(&self, location: &Location) -> Option<&Value> {
        let mut value = &self.docs.get(location.doc)?.value;
        if location.pointer.is_empty() {
            return Some(value);
        }
        // Walked here rather than by `Value::pointer`, which allocates for every segment: the
        // generator and the instance checker look schemas up by location all the time.
        for token in location.pointer.strip_prefix('/')?.split('/') {
            let token = unescape_token(token);
            value = match value {
                Value::Object(map) => map.get(token.as_ref())?,
                Value::Array(items) => items.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(value)
    }

    /// The file and pointer of `location`, for error messages.
    pub fn place(&self, location: &Location) -> Place {
        Place::new(&self.docs[location.doc].file, location.pointer.clone())
    }

    /// The base URI in force at `location` (the innermost enclosing `$id`).
    pub fn base_uri(&self, location: &Location) -> &Url {
        let bases = &self.bases[location.doc];
        bases
            .iter()
            .rev()
            .find(|(prefix, _)| is_pointer_prefix(prefix, &location.pointer))
            .map(|(_, url)| url)
            .unwrap_or(&self.docs[location.doc].uri)
    }

    /// Whether the dialect in force at `location` has the format-assertion vocabulary, so that
    /// `format` is asserted there whatever the generator's settings.
    pub fn asserts_format(&self, location: &Location) -> bool {
        self.format_assertion[location.doc]
            .iter()
            .rev()
            .find(|(prefix, _)| is_pointer_prefix(prefix, &location.pointer))
            .is_some_and(|(_, on)| *on)
    }

    /// The location `pointer` (as written in the file, e.g. `/items/0` of a draft-07 tuple)
    /// leads to from `from`, through the keywords older drafts spell differently.
    fn follow_pointer(&self, from: &Location, pointer: &str) -> Location {
        let mut at = from.clone();
        for token in pointer.split('/').skip(1) {
            let renamed = self
                .renames
                .get(&(at.doc, at.pointer.clone()))
                .and_then(|renames| renames.iter().find(|(old, _)| escape_token(old) == token));
            match renamed {
                Some((_, new)) => at = at.child(new),
                None => {
                    at.pointer.push('/');
                    at.pointer.push_str(token);
                }
            }
        }
        at
    }

    /// The pointer of `location` as the file writes it: through the keywords older drafts spell
    /// differently (`/dependencies/a` where the loaded set has `/dependentSchemas/a`), so that
    /// error messages name what the user wrote.
    pub fn written_pointer(&self, location: &Location) -> String {
        let doc_renames = self.renames.range((location.doc, String::new())..).next();
        if doc_renames.is_none_or(|((doc, _), _)| *doc != location.doc) {
            return location.pointer.clone();
        }
        let mut at = Location::root(location.doc);
        let mut written = String::with_capacity(location.pointer.len());
        for token in location.pointer.split('/').skip(1) {
            let renamed = self
                .renames
                .get(&(at.doc, at.pointer.clone()))
                .and_then(|renames| renames.iter().find(|(_, new)| escape_token(new) == token));
            written.push('/');
            written.push_str(renamed.map_or(token, |(old, _)| old));
            at.pointer.push('/');
            at.pointer.push_str(token);
        }
        written
    }

    /// The document root that declares the Stytch-style fragment `$id` `id`, if any.
    pub fn by_fragment_id(&self, id: &str) -> Option<&Location> {
        self.fragment_ids.get(id)
    }

    /// The schema declaring `$dynamicAnchor: anchor` in the resource `resource_uri`, if any.
    pub fn dynamic_anchor(&self, resource_uri: &str, anchor: &str) -> Option<&Location> {
        self.dynamic_anchors.get(&format!(
            "{}#{}",
            resource_uri.trim_end_matches('#'),
            anchor
        ))
    }

    /// For a URI no schema answers to: the folder's file of the same name, if there is one,
    /// and the URI it answers to instead (a vendored copy whose `$id` is relative, or missing).
    fn same_file_name_hint(&self, uri: &Url) -> String {
        let Some(name) = uri.path_segments().and_then(|mut s| s.next_back()) else {
            return String::new();
        };
        let same_name = self.docs.iter().enumerate().find(|(_, d)| {
            d.file
                .file_name()
                .is_some_and(|f| f.to_string_lossy() == name)
        });
        let Some((doc, document)) = same_name else {
            return String::new();
        };
        let mut answers = self.base_uri(&Location::root(doc)).clone();
        answers.set_fragment(None);
        format!(
            "; {} is loaded as {answers}: to vendor it for this URI, give its root \
             \"$id\": \"{uri}\"",
            document.file.display()
        )
    }

    /// The root of the resource `uri` (absolute, without fragment), if it is in the set.
    pub fn resource(&self, uri: &str) -> Option<&Location> {
        self.resources.get(uri.trim_end_matches('#'))
    }

    /// Resolves `reference` (the value of a `$ref` or `$dynamicRef` in the schema at `from`).
    pub fn resolve(&self, from: &Location, reference: &str) -> Result<Location> {
        let place = || Place::new(&self.docs[from.doc].file, format!("{}/$ref", from.pointer));
        self.resolve_from(self.base_uri(from), reference, place)
    }

    /// Resolves `reference` against the base URI `base` (of a document outside the set, such as
    /// an endpoint file); an error names the place `place` gives.
    pub fn resolve_from(
        &self,
        base: &Url,
        reference: &str,
        place: impl Fn() -> Place,
    ) -> Result<Location> {
        let error = |reason: String| Error::UnresolvedRef {
            place: place(),
            reference: reference.to_string(),
            reason,
        };
        let target = base
            .join(reference)
            .map_err(|e| error(format!("not a valid URI reference: {e}")))?;
        let fragment = target.fragment().unwrap_or("").to_string();
        let mut resource_uri = target.clone();
        resource_uri.set_fragment(None);
        let Some(root) = self.resources.get(resource_uri.as_str()) else {
            if let Some(location) = self.fragment_ids.get(reference) {
                return Ok(location.clone());
            }
            return Err(error(format!(
                "no schema with URI {resource_uri} is loaded (remote references are never \
                 fetched){}",
                self.same_file_name_hint(&resource_uri)
            )));
        };
        if fragment.is_empty() {
            return Ok(root.clone());
        }
        if fragment.starts_with('/') {
            let decoded = percent_decode(&fragment);
            let candidate = self.follow_pointer(root, &decoded);
            if self.get(&candidate).is_some() {
                return Ok(candidate);
            }
            // Stytch references `#/components/schemas/NAME` name another file's fragment `$id`.
            if let Some(location) = self.fragment_ids.get(&format!("#{decoded}")) {
                return Ok(location.clone());
            }
            return Err(error(format!(
                "nothing at JSON pointer \"{decoded}\" in {}",
                self.docs[root.doc].file.display()
            )));
        }
        let key = format!("{}#{}", resource_uri.as_str(), fragment);
        if let Some(location) = self.anchors.get(&key) {
            return Ok(location.clone());
        }
        if let Some(location) = self.fragment_ids.get(&format!("#{fragment}")) {
            return Ok(location.clone());
        }
        Err(error(format!(
            "no $anchor \"{fragment}\" in {}",
            self.docs[root.doc].file.display()
        )))
    }
}

/// The `*.json` files under `dir`, recursively, as paths joined onto `dir`, in sorted order.
pub fn schema_files(dir: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
    let dir = dir.as_ref();
    let mut files = Vec::new();
    collect_json_files(dir, Path::new(""), &mut BTreeSet::new(), &mut files)?;
    Ok(files.into_iter().map(|f| dir.join(f)).collect())
}

fn collect_json_files(
    root: &Path,
    relative: &Path,
    visited: &mut BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<()> {
    let dir = root.join(relative);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let canonical = std::fs::canonicalize(&dir).map_err(io(&dir))?;
    if !visited.insert(canonical) {
        return Err(Error::Io {
            path: dir.clone(),
            source: std::io::Error::other("symbolic link loop: this folder was already visited"),
        });
    }
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(io(&dir))?
        .collect::<std::io::Result<_>>()
        .map_err(io(&dir))?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name();
        let child = relative.join(&name);
        let full = root.join(&child);
        // `metadata` follows symbolic links; a dangling or looping link is an error naming it.
        let metadata = std::fs::metadata(&full).map_err(io(&full))?;
        if metadata.is_dir() {
            collect_json_files(root, &child, visited, out)?;
        } else if Path::new(&name)
            .extension()
            .is_some_and(|ext| ext == "json")
        {
            out.push(child);
        }
    }
    Ok(())
}

/// Parses JSON, reporting non-UTF-8 input and syntax errors with their position.
pub fn parse_json(file: &Path, bytes: &[u8]) -> Result<Value> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| crate::error::not_utf8(file, bytes, e.valid_up_to()))?;
    if text.trim().is_empty() {
        return Err(Error::Json {
            path: file.to_path_buf(),
            line: 1,
            column: 1,
            message: "the file is empty".into(),
        });
    }
    // serde_json's recursion limit (128 levels) stays on: deeper input is reported as an error
    // with its line and column instead of overflowing the stack.
    serde_json::from_str(text).map_err(|e| Error::Json {
        path: file.to_path_buf(),
        line: e.line(),
        // serde_json counts columns from 0 at the start of a line (e.g. at end of input).
        column: e.column().max(1),
        message: strip_position(&e.to_string()),
    })
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The retrieval URI of a file: `file:///` followed by its path relative to the schema folder.
fn file_uri(relative: &Path, file: &Path) -> Result<Url> {
    let mut path = String::from("file:///");
    for (i, part) in relative.components().enumerate() {
        if i > 0 {
            path.push('/');
        }
        let part = part.as_os_str().to_string_lossy();
        path.push_str(&url::form_urlencoded::byte_serialize(part.as_bytes()).collect::<String>());
    }
    Url::parse(&path).map_err(|e| Error::InvalidSchema {
        place: Place::new(file, ""),
        message: format!("cannot form a URI for this file: {e}"),
    })
}

/// The vocabularies of a dialect that change what the generator does with a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Vocabularies {
    applicator: bool,
    unevaluated: bool,
    validation: bool,
    format_assertion: bool,
}

/// The keywords of 2020-12's applicator vocabulary (older drafts are rewritten into 2020-12).
pub(crate) const APPLICATOR: &[&str] = &[
    "prefixItems",
    "items",
    "contains",
    "additionalProperties",
    "properties",
    "patternProperties",
    "dependentSchemas",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
];
/// The keywords of 2020-12's unevaluated vocabulary.
pub(crate) const UNEVALUATED: &[&str] = &["unevaluatedItems", "unevaluatedProperties"];
/// The keywords of 2020-12's validation vocabulary.
pub(crate) const VALIDATION: &[&str] = &[
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
];

impl Vocabularies {
    /// The standard dialects: every vocabulary, with `format` an annotation.
    const STANDARD: Vocabularies = Vocabularies {
        applicator: true,
        unevaluated: true,
        validation: true,
        format_assertion: false,
    };

    /// The keywords a schema of this dialect does not have (they are unknown keywords there).
    fn missing_keywords(&self) -> impl Iterator<Item = &'static str> {
        [
            (self.applicator, APPLICATOR),
            (self.unevaluated, UNEVALUATED),
            (self.validation, VALIDATION),
        ]
        .into_iter()
        .filter(|(present, _)| !present)
        .flat_map(|(_, keywords)| keywords.iter().copied())
    }
}

/// A dialect: the draft whose rules a schema follows, and the vocabularies it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dialect {
    draft: Draft,
    vocabularies: Vocabularies,
}

/// What reading the documents' dialects found, per document.
struct DialectsRead {
    format_assertion: Vec<Vec<(String, bool)>>,
    renames: BTreeMap<(usize, String), Vec<Rename>>,
}

/// Reads each document's dialect (`$schema`, at its root or at an embedded resource's; without
/// one, `default_draft`), rewrites schemas of older drafts to 2020-12 ([`dialect::lower`]), and
/// removes the keywords of vocabularies the dialect lacks, as 2020-12 asks of a custom
/// meta-schema's `$vocabulary`. A dialect that is neither standard nor a meta-schema in the set
/// is an error, and so is a meta-schema requiring a vocabulary the generator does not know.
fn read_dialects(docs: &mut [Document], default_draft: Draft) -> Result<DialectsRead> {
    let mut dialects = Dialects::new(docs);
    let mut read = DialectsRead {
        format_assertion: Vec::with_capacity(docs.len()),
        renames: BTreeMap::new(),
    };
    for (index, doc) in docs.iter_mut().enumerate() {
        let mut walk = Walk {
            dialects: &mut dialects,
            file: &doc.file,
            doc: index,
            regions: Vec::new(),
            renames: &mut read.renames,
        };
        let dialect = Dialect {
            draft: default_draft,
            vocabularies: Vocabularies::STANDARD,
        };
        walk.schema(&mut doc.value, String::new(), dialect, false)?;
        read.format_assertion.push(walk.regions);
    }
    Ok(read)
}

/// The meta-schemas of a set, found by their root URIs before any document is indexed, and the
/// dialects met so far.
struct Dialects {
    /// Root URI to the file, `$vocabulary` and `$schema` of the document there.
    metas: BTreeMap<String, (PathBuf, Option<Value>, Option<Value>)>,
    known: BTreeMap<String, Dialect>,
}

impl Dialects {
    fn new(docs: &[Document]) -> Self {
        let mut metas = BTreeMap::new();
        for doc in docs {
            let meta = (
                doc.file.clone(),
                doc.value.get("$vocabulary").cloned(),
                doc.value.get("$schema").cloned(),
            );
            metas.insert(
                doc.uri.as_str().trim_end_matches('#').to_string(),
                meta.clone(),
            );
            if let Some(Value::String(id)) = doc.value.get("$id") {
                if let Ok(mut uri) = doc.uri.join(id) {
                    uri.set_fragment(None);
                    metas.insert(uri.as_str().trim_end_matches('#').to_string(), meta);
                }
            }
        }
        Dialects {
            metas,
            known: BTreeMap::new(),
        }
    }

    /// The dialect `dialect` names (a `$schema` value at `place`): a standard draft, or a
    /// meta-schema in the set, whose `$vocabulary` gives the vocabularies and whose own
    /// `$schema` the draft.
    fn dialect(&mut self, dialect: &Value, place: Place) -> Result<Dialect> {
        let uri = dialect.as_str().map(|d| d.trim_end_matches('#'));
        if let Some(found) = uri.and_then(|uri| self.known.get(uri)) {
            return Ok(*found);
        }
        let standard = uri.and_then(Draft::from_uri);
        let found = match (uri, uri.and_then(|uri| self.metas.get(uri)), standard) {
            (_, None, Some(draft)) => Dialect {
                draft,
                vocabularies: Vocabularies::STANDARD,
            },
            (Some(uri), Some((file, declared, schema)), _) => Dialect {
                draft: schema
                    .as_ref()
                    .and_then(Value::as_str)
                    .and_then(Draft::from_uri)
                    .unwrap_or_default(),
                vocabularies: read_vocabulary(file, declared.as_ref(), uri)?,
            },
            _ => {
                return Err(Error::Unsupported {
                    place,
                    message: format!(
                        "unknown dialect {dialect}; expected a draft's meta-schema (2020-12, \
                         2019-09, draft-07, -06 or -04, e.g. \"{}\") or a meta-schema in the set",
                        Draft::default().uri()
                    ),
                })
            }
        };
        if let Some(uri) = uri {
            self.known.insert(uri.to_string(), found);
        }
        Ok(found)
    }
}

/// One document's walk through its schemas, switching dialect at each `$schema`.
struct Walk<'a> {
    dialects: &'a mut Dialects,
    file: &'a Path,
    /// The document's index in the set.
    doc: usize,
    /// Where format assertion starts or stops being in force.
    regions: Vec<(String, bool)>,
    /// The keywords renamed by lowering, by document and (loaded) pointer of their schema object.
    renames: &'a mut BTreeMap<(usize, String), Vec<Rename>>,
}

impl Walk<'_> {
    /// Reads `schema` (at `pointer`) in the dialect in force, then its subschemas.
    /// `in_recursive_resource`: the enclosing resource declares `$recursiveAnchor: true`.
    fn schema(
        &mut self,
        schema: &mut Value,
        pointer: String,
        mut dialect: Dialect,
        mut in_recursive_resource: bool,
    ) -> Result<()> {
        let Value::Object(map) = schema else {
            return Ok(());
        };
        if let Some(value) = map.get("$schema") {
            let place = Place::new(self.file, format!("{pointer}/$schema"));
            let found = self.dialects.dialect(value, place)?;
            if found.vocabularies.format_assertion != dialect.vocabularies.format_assertion {
                self.regions
                    .push((pointer.clone(), found.vocabularies.format_assertion));
            }
            dialect = found;
        }
        let is_root = pointer.is_empty();
        if is_root || map.contains_key("$id") {
            in_recursive_resource = map.get("$recursiveAnchor") == Some(&Value::Bool(true));
        }
        let renames = dialect::lower(map, dialect.draft, is_root, in_recursive_resource);
        if !renames.is_empty() {
            self.renames.insert((self.doc, pointer.clone()), renames);
        }
        for keyword in dialect.vocabularies.missing_keywords() {
            map.remove(keyword);
        }
        let mut children = Vec::new();
        for_each_subschema(schema, |tokens, _| {
            children.push(child_pointer(&pointer, &tokens))
        });
        for child in children {
            let relative = &child[pointer.len()..];
            if let Some(value) = schema.pointer_mut(relative) {
                self.schema(value, child.clone(), dialect, in_recursive_resource)?;
            }
        }
        Ok(())
    }
}

/// The vocabularies a meta-schema declares in `$vocabulary` (all standard ones when it has none).
fn read_vocabulary(file: &Path, declared: Option<&Value>, uri: &str) -> Result<Vocabularies> {
    let Some(declared) = declared else {
        return Ok(Vocabularies::STANDARD);
    };
    let place = |pointer: String| Place::new(file, pointer);
    let Value::Object(declared) = declared else {
        return Err(Error::InvalidSchema {
            place: place("/$vocabulary".into()),
            message: format!("$vocabulary must be an object, found {}", kind_of(declared)),
        });
    };
    let mut found = Vocabularies {
        applicator: false,
        unevaluated: false,
        validation: false,
        format_assertion: false,
    };
    for (vocabulary, required) in declared {
        // 2019-09's vocabularies are named like 2020-12's; its `format` one is an annotation.
        const DRAFT_2019: &str = "https://json-schema.org/draft/2019-09/vocab/";
        let name = vocabulary
            .strip_prefix("https://json-schema.org/draft/2020-12/vocab/")
            .or_else(|| vocabulary.strip_prefix(DRAFT_2019));
        match name {
            // 2019-09 has no unevaluated vocabulary: its applicator one has those keywords.
            Some("applicator") if vocabulary.starts_with(DRAFT_2019) => {
                found.applicator = true;
                found.unevaluated = true;
            }
            Some("applicator") => found.applicator = true,
            Some("unevaluated") => found.unevaluated = true,
            Some("validation") => found.validation = true,
            Some("format-assertion") => found.format_assertion = true,
            Some("core" | "meta-data" | "format-annotation" | "format" | "content") => {}
            // An optional vocabulary the generator does not know is ignored; a required one
            // means the schemas cannot be understood.
            _ if *required != Value::Bool(true) => {}
            _ => {
                return Err(Error::Unsupported {
                    place: place(format!("/$vocabulary/{}", escape_token(vocabulary))),
                    message: format!(
                        "the dialect {uri} requires the vocabulary {vocabulary}, which the generator does not know"
                    ),
                })
            }
        }
    }
    Ok(found)
}

pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `pointer` extended by the unescaped segments `tokens`.
fn child_pointer(pointer: &str, tokens: &[&str]) -> String {
    let mut child = pointer.to_string();
    for token in tokens {
        child.push('/');
        child.push_str(&escape_token(token));
    }
    child
}

/// Escapes one JSON pointer segment (RFC 6901); most need no escaping, and are not copied.
pub fn escape_token(token: &str) -> Cow<'_, str> {
    // Two single-character searches: each is a `memchr`, quick even in unoptimised builds.
    if token.contains('~') || token.contains('/') {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Unescapes one JSON pointer segment (RFC 6901), copying only when it has an escape.
fn unescape_token(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// A pointer segment as an array index: decimal digits without a leading zero (RFC 6901).
fn array_index(token: &str) -> Option<usize> {
    let digits = token.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = token.len() > 1 && token.starts_with('0');
    if !digits || leading_zero {
        return None;
    }
    token.parse().ok()
}

/// Whether `prefix` is `pointer` or one of its ancestors.
fn is_pointer_prefix(prefix: &str, pointer: &str) -> bool {
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(documents: Vec<(&str, Value)>) -> Result<SchemaSet> {
        let docs = documents
            .into_iter()
            .map(|(uri, value)| Document {
                file: PathBuf::from(uri),
                uri: Url::parse(uri).expect("test URI"),
                value,
            })
            .collect();
        SchemaSet::from_documents(docs)
    }

    fn meta(vocabulary: Value) -> (&'static str, Value) {
        (
            "https://meta.test/dialect",
            json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "https://meta.test/dialect",
                "$vocabulary": vocabulary,
            }),
        )
    }

    #[test]
    fn keywords_of_absent_vocabularies_are_removed() {
        let set = set(vec![
            meta(json!({
                "https://json-schema.org/draft/2020-12/vocab/core": true,
                "https://json-schema.org/draft/2020-12/vocab/applicator": true,
            })),
            (
                "https://schemas.test/a",
                json!({
                    "$schema": "https://meta.test/dialect",
                    "type": "object",
                    "properties": {"n": {"minimum": 10, "const": {"minimum": 1}}},
                }),
            ),
        ])
        .expect("loads");
        let doc = &set.documents()[1].value;
        assert_eq!(
            doc,
            &json!({"$schema": "https://meta.test/dialect", "properties": {"n": {}}})
        );
    }

    #[test]
    fn locations_are_json_pointers() {
        let set = set(vec![(
            "https://schemas.test/a",
            json!({
                "$defs": {"a/b": {"title": "slash"}, "m~n": {"title": "tilde"}},
                "prefixItems": [{"title": "first"}, {"title": "second"}],
            }),
        )])
        .expect("loads");
        let title = |location: &Location| set.get(location).map(|s| s["title"].clone());
        let defs = Location::root(0).child("$defs");
        assert_eq!(defs.child("a/b").pointer, "/$defs/a~1b");
        assert_eq!(defs.child("m~n").pointer, "/$defs/m~0n");
        assert_eq!(title(&defs.child("a/b")), Some(json!("slash")));
        assert_eq!(title(&defs.child("m~n")), Some(json!("tilde")));
        let items = Location::root(0).child("prefixItems");
        assert_eq!(title(&items.child("1")), Some(json!("second")));
        // Not array indices: a leading zero, a sign, past the end, empty.
        for token in ["01", "+1", "2", ""] {
            assert_eq!(title(&items.child(token)), None, "{token:?}");
        }
        assert!(set.get(&Location::root(0)).is_some());
        let relative = Location {
            doc: 0,
            pointer: "$defs".into(),
        };
        assert!(set.get(&relative).is_none());
    }

    #[test]
    fn format_assertion_follows_the_dialect() {
        let set = set(vec![
            meta(json!({
                "https://json-schema.org/draft/2020-12/vocab/core": true,
                "https://json-schema.org/draft/2020-12/vocab/format-assertion": false,
            })),
            (
                "https://schemas.test/a",
                json!({
                    "$defs": {"x": {"$id": "x", "$schema": "https://meta.test/dialect"}},
                }),
            ),
        ])
        .expect("loads");
        let at = |pointer: &str| Location {
            doc: 1,
            pointer: pointer.into(),
        };
        assert!(!set.asserts_format(&at("")));
        assert!(set.asserts_format(&at("/$defs/x")));
        assert!(set.asserts_format(&at("/$defs/x/items")));
        assert!(!set.asserts_format(&at("/$defs/y")));
    }

    #[test]
    fn pointers_written_against_an_older_draft_still_resolve() {
        let set = set(vec![(
            "https://schemas.test/tuple",
            json!({
                "$schema": "http://json-schema.org/draft-07/schema#",
                "items": [{"type": "integer"}, {"$ref": "#/items/0"}],
                "additionalItems": {"$ref": "#/dependencies/a"},
                "dependencies": {"a": {"type": "string"}, "b": ["a"]},
            }),
        )])
        .expect("loads");
        let from = Location::root(0);
        let resolved = |reference: &str| set.resolve(&from, reference).expect(reference).pointer;
        assert_eq!(resolved("#/items/0"), "/prefixItems/0");
        assert_eq!(resolved("#/additionalItems"), "/items");
        assert_eq!(resolved("#/dependencies/a"), "/dependentSchemas/a");
    }

    #[test]
    fn files_without_schema_take_the_default_draft() {
        let doc = || {
            vec![(
                "https://schemas.test/a",
                json!({"items": [{"type": "integer"}], "const": 1}),
            )]
        };
        let draft4 = SchemaSet::from_documents_as(
            doc()
                .into_iter()
                .map(|(uri, value)| Document {
                    file: PathBuf::from(uri),
                    uri: Url::parse(uri).expect("test URI"),
                    value,
                })
                .collect(),
            Draft::Draft4,
        )
        .expect("loads");
        assert_eq!(
            draft4.documents()[0].value,
            json!({"prefixItems": [{"type": "integer"}]})
        );
        // 2020-12 by default: a tuple `items` is an error there, left for the checks to report.
        let default = set(doc()).expect("loads");
        assert_eq!(
            default.documents()[0].value,
            json!({"items": [{"type": "integer"}], "const": 1})
        );
    }

    #[test]
    fn a_reference_to_a_standard_meta_schema_resolves_to_the_built_in_one() {
        let set = set(vec![(
            "https://schemas.test/a",
            json!({"properties": {"s": {"$ref": "http://json-schema.org/draft-07/schema#"}}}),
        )])
        .expect("loads");
        let from = Location::root(0).child("properties").child("s");
        let target = set
            .resolve(&from, "http://json-schema.org/draft-07/schema#")
            .expect("resolves");
        assert_eq!(
            set.document(target.doc).uri.as_str(),
            "http://json-schema.org/draft-07/schema"
        );
    }

    #[test]
    fn unknown_required_vocabulary_is_an_error() {
        let error = set(vec![
            meta(json!({"https://vocab.test/mine": true})),
            (
                "https://schemas.test/a",
                json!({"$schema": "https://meta.test/dialect"}),
            ),
        ])
        .expect_err("refused");
        assert!(
            error
                .to_string()
                .contains("/$vocabulary/https:~1~1vocab.test~1mine"),
            "{error}"
        );
        let optional = set(vec![
            meta(json!({"https://vocab.test/mine": false})),
            (
                "https://schemas.test/a",
                json!({"$schema": "https://meta.test/dialect", "type": "string"}),
            ),
        ]);
        assert!(optional.is_ok());
    }
}
