//! Planning: which schemas become named Rust types, what they are called, and the simplified
//! ("lowered") schema typify turns into each type.
//!
//! The types are a sound over-approximation of the schemas: every valid instance deserializes
//! into its type; the validators then make the verdict exact. Keywords that only narrow a value
//! (`pattern`, bounds, `not`, `if`/`then`/`else`, ...) are therefore left out of the lowered schema,
//! which also keeps typify away from the constructs it panics on.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::load::{Location, SchemaSet};
use crate::names::{file_modules, type_ident, Naming, RustPath};
use crate::validate::ANNOTATIONS;

/// One named type to generate.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Unique name handed to typify: `Zz<index>x<Name>`. Types typify derives from this one
    /// (inline enums, variants) start with the same prefix, which tells which def owns them.
    pub internal: String,
    pub path: RustPath,
    pub location: Location,
    /// The schema's own name (title, `$id` fragment or file stem) for documentation.
    pub original_name: String,
    /// The lowered schema given to typify.
    pub lowered: Value,
    /// A string enum whose schema admits `null` too: the enum holds the strings, and every use
    /// of it is nullable (`def_ref` adds the `null`).
    pub nullable_enum: bool,
}

/// All named types, in a deterministic order.
#[derive(Debug, Default)]
pub struct Plan {
    pub defs: Vec<TypeDef>,
    by_location: BTreeMap<Location, usize>,
    /// Whether each def's lowered schema admits `null` (see [`admits_null`]).
    nullable: Vec<bool>,
}

impl Plan {
    pub fn index_of(&self, location: &Location) -> Option<usize> {
        self.by_location.get(location).copied()
    }

    /// The def owning a typify type name, and the suffix typify appended to the def's name.
    pub fn owner_of<'a>(&self, typify_name: &'a str) -> Option<(usize, &'a str)> {
        let rest = typify_name.strip_prefix("Zz")?;
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let index: usize = rest[..digits].parse().ok()?;
        let name = rest[digits..].strip_prefix('x')?;
        self.defs.get(index)?;
        Some((index, name))
    }

    /// The def a lowered schema's `$ref` (`#/$defs/<internal name>`) names.
    pub fn referenced(&self, schema: &Value) -> Option<usize> {
        let name = schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
        self.owner_of(name).map(|(index, _)| index)
    }
}

/// Marks a lowered string enum that takes any other string too (see [`is_string_enum`]): a
/// keyword of the generator's own, which the types read and typify never sees.
pub(crate) const OTHER_STRINGS: &str = "__other_strings";

/// Keywords whose subschemas shape the Rust type; all others only narrow the value.
const SHAPING_MAP: &[&str] = &["properties"];
const SHAPING_ONE: &[&str] = &["items", "additionalProperties"];
const SHAPING_MANY: &[&str] = &["oneOf", "anyOf", "allOf"];

/// Keywords that carry no type information (a document root with only these is a bundle of
/// `$defs`, not a type of its own).
const META_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "definitions",
    "$comment",
    "title",
    "description",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "examples",
];

pub fn plan(set: &SchemaSet, naming: &Naming) -> Result<Plan> {
    let files: Vec<String> = set.documents().iter().map(|d| d.display_name()).collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let mut planner = Planner {
        set,
        naming,
        plan: Plan::default(),
        queue: Vec::new(),
        file_modules: file_modules(&files, ".json"),
    };
    for (doc, document) in set.documents().iter().enumerate() {
        let root = Location::root(doc);
        let doc_name = schema_name(&document.value, &document.file);
        let path = naming.path_for(&doc_name, &planner.file_modules[doc]);
        if is_bundle(&document.value) {
            let mut names = std::collections::BTreeSet::new();
            for key in ["$defs", "definitions"] {
                if let Some(Value::Object(defs)) = document.value.get(key) {
                    for name in defs.keys() {
                        let location = root.child(key).child(name);
                        // Keyed by its URI, as bundlers key what they embed: named as by `$id`.
                        let def_path = RustPath {
                            module: path.module.clone(),
                            name: type_ident(def_key_name(name)),
                        };
                        names.insert(def_path.name.clone());
                        planner.add(location, def_path, name.clone())?;
                    }
                }
            }
            // The entry point is a type too, unless a definition has its name.
            if document.value.get("$ref").is_some() && !names.contains(&path.name) {
                planner.add(root.clone(), path, doc_name)?;
            }
        } else {
            planner.add(root.clone(), path, doc_name)?;
            // Definitions that would be types where they are used (objects with properties,
            // string enums) are types even where nothing uses them as one: reached only through
            // `patternProperties`, `if`/`then`, or a schema that is JSON, they are still what a
            // user decodes a part of the document into.
            for key in ["$defs", "definitions"] {
                if let Some(Value::Object(defs)) = document.value.get(key) {
                    for (name, def) in defs {
                        let location = root.child(key).child(name);
                        let named = match def {
                            Value::Object(map) => {
                                planner.is_object_type(&location, map)?
                                    || is_string_enum_at(&location, map)
                            }
                            _ => false,
                        };
                        if named {
                            planner.add_nested(location)?;
                        }
                    }
                }
            }
        }
    }
    // Walk every def for references and inline objects; both become defs of their own.
    while let Some(index) = planner.queue.pop() {
        let location = planner.plan.defs[index].location.clone();
        let schema = set.get(&location).cloned().unwrap_or(Value::Bool(true));
        planner.discover(&location, &schema, true)?;
    }
    // Sort for output that does not depend on discovery order, then lower.
    let mut defs = std::mem::take(&mut planner.plan.defs);
    tell_apart(set, &mut defs)?;
    defs.sort_by(|a, b| (&a.path, &a.location).cmp(&(&b.path, &b.location)));
    let mut plan = Plan::default();
    for (index, mut def) in defs.into_iter().enumerate() {
        def.internal = format!("Zz{index}x{}", def.path.name);
        plan.by_location.insert(def.location.clone(), index);
        plan.defs.push(def);
    }
    for index in 0..plan.defs.len() {
        let location = plan.defs[index].location.clone();
        let schema = set.get(&location).cloned().unwrap_or(Value::Bool(true));
        let lowered = lower(set, &plan, &location, &schema, true)?;
        plan.defs[index].lowered = lowered;
    }
    plan.nullable = nullable_defs(&plan);
    Ok(plan)
}

/// Gives the defs of one document that got the same path distinct names: the one that comes
/// first in the document keeps it, the others get `2`, `3`, ... appended in the order they come
/// (skipping names other defs have). Defs of different documents with the same path are an
/// error naming both.
fn tell_apart(set: &SchemaSet, defs: &mut [TypeDef]) -> Result<()> {
    let mut groups: BTreeMap<RustPath, Vec<usize>> = BTreeMap::new();
    for (index, def) in defs.iter().enumerate() {
        groups.entry(def.path.clone()).or_default().push(index);
    }
    let mut taken: std::collections::BTreeSet<RustPath> = groups.keys().cloned().collect();
    for (path, mut members) in groups {
        if members.len() == 1 {
            continue;
        }
        members.sort_by_cached_key(|&i| {
            let location = &defs[i].location;
            (location.doc, document_order(set, location))
        });
        let first = &defs[members[0]].location;
        if let Some(&other) = members.iter().find(|&&i| defs[i].location.doc != first.doc) {
            return Err(Error::NameCollision {
                name: path.to_string(),
                first: Box::new(set.place(first)),
                second: Box::new(set.place(&defs[other].location)),
            });
        }
        let mut n = 1;
        for &index in &members[1..] {
            let mut candidate = path.clone();
            while taken.contains(&candidate) {
                n += 1;
                candidate.name = type_ident(&format!("{}{n}", path.name));
            }
            taken.insert(candidate.clone());
            defs[index].path = candidate;
        }
    }
    Ok(())
}

/// Where the schema at `location` comes in its document: the position of each key (in the
/// order the file has them) or array index on the way to it, so that a schema comes after the
/// ones before it in the file and after those that hold it.
fn document_order(set: &SchemaSet, location: &Location) -> Vec<usize> {
    let mut value = &set.document(location.doc).value;
    let mut order = Vec::new();
    for token in location.pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let step = match value {
            Value::Object(map) => map
                .iter()
                .enumerate()
                .find(|(_, (key, _))| **key == token)
                .map(|(position, (_, child))| (position, child)),
            Value::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| Some((i, items.get(i)?))),
            _ => None,
        };
        let Some((position, child)) = step else {
            break;
        };
        order.push(position);
        value = child;
    }
    order
}

struct Planner<'a> {
    set: &'a SchemaSet,
    naming: &'a Naming,
    plan: Plan,
    queue: Vec<usize>,
    /// The module of each document for [`Naming::File`].
    file_modules: Vec<String>,
}

impl Planner<'_> {
    /// Plans the type of the schema at `location` (once); names that collide are told apart
    /// when every def is known ([`tell_apart`]).
    fn add(&mut self, location: Location, path: RustPath, original_name: String) -> Result<()> {
        if self.plan.by_location.contains_key(&location) {
            return Ok(());
        }
        let index = self.plan.defs.len();
        self.plan.by_location.insert(location.clone(), index);
        let nullable_enum = !location.pointer.is_empty()
            && self
                .set
                .get(&location)
                .and_then(Value::as_object)
                .and_then(string_enum_values)
                .is_some_and(|e| e.nullable);
        self.plan.defs.push(TypeDef {
            internal: String::new(),
            path,
            location,
            original_name,
            lowered: Value::Null,
            nullable_enum,
        });
        self.queue.push(index);
        Ok(())
    }

    /// A def for a schema that is not a document root: named after its document's type and the
    /// pointer below it (`/properties/user/items` of `GetResponse` is `GetResponseUserItem`).
    fn add_nested(&mut self, location: Location) -> Result<()> {
        if self.plan.by_location.contains_key(&location) {
            return Ok(());
        }
        let document = self.set.document(location.doc);
        let doc_name = schema_name(&document.value, &document.file);
        let mut path = self
            .naming
            .path_for(&doc_name, &self.file_modules[location.doc]);
        let tokens: Vec<String> = location
            .pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut name = if is_bundle(&document.value) && tokens.len() >= 2 {
            String::new()
        } else {
            path.name.clone()
        };
        // The schema at each step, for the titles of union alternatives.
        let mut at = Some(&document.value);
        let mut i = 0;
        while i < tokens.len() {
            let keyword = tokens[i].as_str();
            let takes_key = matches!(
                keyword,
                "properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas"
            ) || ["oneOf", "anyOf", "allOf", "prefixItems"].contains(&keyword);
            at = at.and_then(|v| v.get(keyword));
            if takes_key {
                at = at.and_then(|v| match (v, tokens.get(i + 1)) {
                    (Value::Array(items), Some(n)) => items.get(n.parse::<usize>().ok()?),
                    (_, Some(key)) => v.get(key),
                    _ => None,
                });
            }
            let part = match (keyword, tokens.get(i + 1)) {
                ("items", _) => "Item".to_string(),
                // A pattern's values too: a name made of the regex says nothing.
                ("additionalProperties", _) | ("patternProperties", Some(_)) => "Value".to_string(),
                ("prefixItems", Some(n)) => format!("Item{n}"),
                // Members of an `allOf` merge into their parent: their types are its own.
                ("allOf", Some(_)) => String::new(),
                // An alternative is named by its title ("GeoJSON Point"), else by its place.
                ("oneOf" | "anyOf", Some(n)) => match at.and_then(title_name) {
                    Some(title) => type_ident(title),
                    None => format!("Variant{n}"),
                },
                ("$defs" | "definitions", Some(key)) => type_ident(def_key_name(key)),
                (_, Some(key)) if takes_key => type_ident(key),
                (other, _) => type_ident(other),
            };
            name.push_str(&part);
            i += if takes_key { 2 } else { 1 };
        }
        path.name = type_ident(&name);
        let original = format!("{doc_name}{}", location.pointer);
        self.add(location, path, original)
    }

    /// Whether a schema is a struct of its own: it has `properties` and no other part that shapes
    /// it, or several parts that `lower` merges into one struct. Its parts are counted as `lower`
    /// counts them: a `$ref` to a schema that admits every shape, or an `allOf` member that only
    /// constrains, is none (`allOf: [{"$ref": ...}, {"required": [...]}]` is the target's type).
    fn is_object_type(&self, location: &Location, map: &Map<String, Value>) -> Result<bool> {
        let own = map.contains_key("properties");
        let mut parts = usize::from(own);
        if let Some(Value::String(reference)) = map.get("$ref") {
            let target = self.set.resolve(location, reference)?;
            parts += usize::from(!self.set.get(&target).is_some_and(admits_every_shape));
        }
        if let Some(Value::Array(members)) = map.get("allOf") {
            for (i, member) in members.iter().enumerate() {
                let member_location = location.child("allOf").child(&i.to_string());
                parts += usize::from(!only_constrains(self.set, &member_location, member)?);
            }
        }
        if parts < 2 {
            return Ok(own && parts == 1);
        }
        let mut parts = Vec::new();
        let visiting = &mut vec![location.clone()];
        Ok(object_parts(self.set, location, map, visiting, &mut parts)?
            && parts
                .iter()
                .any(|(_, part)| part.contains_key("properties")))
    }

    /// Finds the references and inline object schemas below `schema` that need defs.
    fn discover(&mut self, location: &Location, schema: &Value, is_def_root: bool) -> Result<()> {
        let Value::Object(map) = schema else {
            return Ok(());
        };
        // Inline objects and string enums get named types of their own (as typify would name
        // them: the parent's name and the pointer below it). A string enum holds no other type:
        // the alternatives of a union of enums are merged into it.
        let string_enum = is_string_enum_at(location, map);
        if string_enum && is_def_root {
            return Ok(());
        }
        if !is_def_root && (string_enum || self.is_object_type(location, map)?) {
            self.add_nested(location.clone())?;
            return Ok(());
        }
        if let Some(Value::String(reference)) = map.get("$ref") {
            let target = self.set.resolve(location, reference)?;
            let is_root_def = self.plan.by_location.contains_key(&target);
            if !is_root_def {
                self.add_nested(target)?;
            }
        }
        if is_def_root {
            self.split_nullable_union(location, map)?;
        }
        for keyword in SHAPING_MAP {
            if let Some(Value::Object(children)) = map.get(*keyword) {
                for (name, child) in children {
                    self.discover(&location.child(keyword).child(name), child, false)?;
                }
            }
        }
        for keyword in SHAPING_ONE {
            if let Some(child) = map.get(*keyword) {
                if child.is_object() {
                    self.discover(&location.child(keyword), child, false)?;
                }
            }
        }
        if let Some((pattern, child)) = closed_pattern_map(map) {
            let at = location.child("patternProperties").child(pattern);
            self.discover(&at, child, false)?;
        }
        if let Some((then, other)) = branches(map) {
            for (keyword, child) in [("then", then), ("else", other)] {
                if child.is_object() {
                    self.discover(&location.child(keyword), child, false)?;
                }
            }
        }
        for keyword in SHAPING_MANY {
            if let Some(Value::Array(children)) = map.get(*keyword) {
                for (i, child) in children.iter().enumerate() {
                    // allOf members merge into their parent's type: no def of their own.
                    let child_location = location.child(keyword).child(&i.to_string());
                    if *keyword == "allOf" {
                        self.discover_merged(&child_location, child)?;
                    } else {
                        self.discover(&child_location, child, false)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// typify names the one member of a nullable union (`anyOf: [X, {"type": "null"}]`) that is
    /// not null as it names the union itself: where the union is a def's root (or the lone member
    /// of one, which lowers to it), X and the def would be two types of one name. Such a member,
    /// if typify makes a named type of it, gets a def of its own.
    fn split_nullable_union(
        &mut self,
        location: &Location,
        map: &Map<String, Value>,
    ) -> Result<()> {
        for keyword in SHAPING_MANY {
            let Some(Value::Array(members)) = map.get(*keyword) else {
                continue;
            };
            let mut not_null = members.iter().enumerate().filter(|(_, m)| !is_null(m));
            let member_location = |i: usize| location.child(keyword).child(&i.to_string());
            match (members.len(), not_null.next(), not_null.next()) {
                (1, Some((_, Value::Object(member))), _) => {
                    self.split_nullable_union(&member_location(0), member)?;
                }
                (_, Some((i, member)), None) if *keyword != "allOf" && named_by_typify(member) => {
                    self.add_nested(member_location(i))?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn discover_merged(&mut self, location: &Location, schema: &Value) -> Result<()> {
        if schema.as_object().is_some_and(is_string_enum) {
            // Merged into its parent, which becomes that enum.
            return Ok(());
        }
        if schema.get("properties").is_some() && schema.get("$ref").is_none() {
            // Walk the members' properties as if they were the parent's.
            return self.discover(location, schema, true);
        }
        self.discover(location, schema, false)
    }
}

/// The pattern and schema of a map whose every name must match its one pattern
/// (`patternProperties` of one pattern, `additionalProperties: false`, no `properties`), so
/// that every value is valid against that schema: a map of its type (`services` of a compose
/// file).
fn closed_pattern_map(map: &Map<String, Value>) -> Option<(&String, &Value)> {
    if map.contains_key("properties")
        || map.get("additionalProperties") != Some(&Value::Bool(false))
    {
        return None;
    }
    match map.get("patternProperties") {
        Some(Value::Object(patterns)) if patterns.len() == 1 => patterns.iter().next(),
        _ => None,
    }
}

/// A schema's title, when it names the schema: a longer one is a sentence.
fn title_name(schema: &Value) -> Option<&str> {
    let title = schema.get("title")?.as_str()?;
    let words = title.split_whitespace().count();
    (1..=MAX_TITLE_WORDS).contains(&words).then_some(title)
}

/// The most words a title that names its schema has: a longer one is a sentence ("JSON schema
/// for the TypeScript compiler's configuration file"), which would prefix every type of the
/// file.
const MAX_TITLE_WORDS: usize = 6;

/// A schema's own name: its title (unless a sentence), else the last segment of its `$id`,
/// else its file stem.
pub fn schema_name(schema: &Value, file: &std::path::Path) -> String {
    if let Some(title) = title_name(schema) {
        return title.to_string();
    }
    if let Some(name) = schema.get("$id").and_then(Value::as_str).and_then(id_name) {
        return name.to_string();
    }
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Schema".to_string())
}

/// The name an `$id` gives: the last segment of its path or fragment with a letter in it, less
/// `.json`. A version or a date (`.../schema/2022-10-07`) names nothing, nor does the host.
fn id_name(id: &str) -> Option<&str> {
    let path = match id.split_once("://") {
        Some((_, rest)) => rest.find(['/', '#']).map_or("", |i| &rest[i..]),
        None => id,
    };
    path.rsplit(['/', '#'])
        .map(|segment| segment.strip_suffix(".json").unwrap_or(segment))
        .find(|segment| segment.chars().any(char::is_alphabetic))
}

/// The name a key of `$defs` gives its schema: the key, or for a URI (bundlers key each
/// schema they embed by its `$id`) what that `$id` names.
fn def_key_name(key: &str) -> &str {
    match key.contains("://") {
        true => id_name(key).unwrap_or(key),
        false => key,
    }
}

/// Whether a lowered schema shapes the type (anything beyond a description).
fn has_shape(lowered: &Value) -> bool {
    lowered
        .as_object()
        .is_some_and(|m| m.keys().any(|k| k != "description"))
}

/// Whether a schema leaves every JSON value's shape open: none of its keywords shapes a type
/// (it may narrow values, as `patternProperties`, `required` or `minLength` do).
fn admits_every_shape(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => !map.keys().any(|k| SHAPING.contains(&k.as_str())),
        Value::Bool(_) => true,
        _ => false,
    }
}

/// The keywords that shape a value's type (see [`admits_every_shape`]).
const SHAPING: &[&str] = &[
    "type",
    "enum",
    "const",
    "$ref",
    "$dynamicRef",
    "properties",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
    "allOf",
];

/// The `then` and `else` of a schema that has both and nothing else that shapes a type: every
/// valid value is valid against one of them, so the type is their union (OpenAPI 3.1's
/// `*-or-reference`: a reference if it has `$ref`, else the object itself). The validators
/// check which branch applies.
fn branches(map: &Map<String, Value>) -> Option<(&Value, &Value)> {
    if map.keys().any(|k| SHAPING.contains(&k.as_str())) {
        return None;
    }
    Some((map.get("then")?, map.get("else")?))
}

/// Whether `schema` (at `location`) admits every shape, itself or through the schemas its
/// `$ref`s lead to (`{"$ref": "#/definitions/noId"}` to `{"not": {"required": ["id"]}}`).
fn only_constrains(set: &SchemaSet, location: &Location, schema: &Value) -> Result<bool> {
    let (mut location, mut schema) = (location.clone(), schema);
    for _ in 0..MAX_PART_DEPTH {
        if admits_every_shape(schema) {
            return Ok(true);
        }
        let Value::Object(map) = schema else {
            return Ok(false);
        };
        let Some(Value::String(reference)) = map.get("$ref") else {
            return Ok(false);
        };
        if map
            .keys()
            .any(|k| k != "$ref" && SHAPING.contains(&k.as_str()))
        {
            return Ok(false);
        }
        location = set.resolve(&location, reference)?;
        match set.get(&location) {
            Some(target) => schema = target,
            None => return Ok(false),
        }
    }
    Ok(false)
}

/// A schema that is an enum of strings and nothing else that shapes a type, or a `oneOf` /
/// `anyOf` of such enums (one enum of all their values), among which plain strings may be
/// alternatives too (values suggested, any other string taken); `null` not admitted.
fn is_string_enum(map: &Map<String, Value>) -> bool {
    string_enum_values(map).is_some_and(|e| !e.nullable)
}

/// [`is_string_enum`], or one that admits `null` too where it is not a document's root: its uses
/// are then nullable ([`def_ref`]), which a document's root type cannot be.
fn is_string_enum_at(location: &Location, map: &Map<String, Value>) -> bool {
    string_enum_values(map).is_some_and(|e| !e.nullable || !location.pointer.is_empty())
}

/// A string enum's values (see [`is_string_enum`]).
struct StringEnum {
    /// Its own, or those of its alternatives in order, each once.
    values: Vec<Value>,
    /// Whether an alternative takes any string (`{"type": "string"}`).
    other_strings: bool,
    /// Whether `null` may be valid too (`type: ["string", "null"]`, a `null` among the values or
    /// a `{"type": "null"}` alternative).
    nullable: bool,
}

/// A string enum's values, if `map` is one.
fn string_enum_values(map: &Map<String, Value>) -> Option<StringEnum> {
    let types = declared_types(map);
    let typed_string = match (map.get("type"), &types) {
        (None, _) => true,
        (Some(_), Some(types)) => types.iter().all(|t| *t == "string" || *t == "null"),
        (Some(_), None) => false,
    };
    let mut nullable = types.is_some_and(|t| t.contains(&"null"));
    let shaped = |k: &&str| map.contains_key(*k);
    if !typed_string || ["$ref", "allOf", "properties", "items"].iter().any(shaped) {
        return None;
    }
    let alternatives = match (map.get("oneOf"), map.get("anyOf")) {
        (None, None) => {
            let values = match (map.get("enum"), map.get("const")) {
                (Some(Value::Array(values)), _)
                    if values.iter().all(|v| v.is_string() || v.is_null()) =>
                {
                    nullable |= values.iter().any(Value::is_null);
                    values.iter().filter(|v| v.is_string()).cloned().collect()
                }
                // A string `const` is an enum of that one value.
                (None, Some(value @ Value::String(_))) => vec![value.clone()],
                _ => Vec::new(),
            };
            return (!values.is_empty()).then_some(StringEnum {
                values,
                other_strings: false,
                nullable,
            });
        }
        (Some(Value::Array(alternatives)), None) | (None, Some(Value::Array(alternatives))) => {
            alternatives
        }
        _ => return None,
    };
    // An `enum` beside the alternatives only narrows them (the validators check it).
    let mut values = Vec::new();
    let mut other_strings = false;
    for alternative in alternatives {
        let Value::Object(alternative) = alternative else {
            return None;
        };
        if alternative.contains_key("oneOf") || alternative.contains_key("anyOf") {
            return None;
        }
        if is_plain_string(alternative, map) {
            other_strings = true;
            continue;
        }
        if is_null(&Value::Object(alternative.clone())) {
            nullable = true;
            continue;
        }
        let alternative = string_enum_values(alternative)?;
        nullable |= alternative.nullable;
        values.extend(alternative.values);
    }
    (!values.is_empty()).then(|| StringEnum {
        values: dedup(values),
        other_strings,
        nullable,
    })
}

/// A schema of strings that names no values and no other schema: an alternative of a union
/// of enums through which any string (its own constraints met) is valid. Under a `type:
/// "string"` (or `["string", "null"]`) union an alternative needs no `type` of its own (`{"$comment": "custom"}` beside
/// `{"enum": [...]}`), as long as it has only annotations and string keywords.
fn is_plain_string(map: &Map<String, Value>, union: &Map<String, Value>) -> bool {
    const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern", "format"];
    let only_string_keywords = || {
        map.keys()
            .all(|k| ANNOTATIONS.contains(&k.as_str()) || STRING_KEYWORDS.contains(&k.as_str()))
    };
    match map.get("type") {
        Some(t) => t == "string" && !map.contains_key("enum") && !map.contains_key("const"),
        None => {
            let strings = declared_types(union).is_some_and(|t| {
                t.contains(&"string") && t.iter().all(|t| matches!(*t, "string" | "null"))
            });
            strings && only_string_keywords()
        }
    }
}

/// A schema that admits only `null` (as typify tells a union's null members).
fn is_null(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    match (map.get("type"), map.get("const"), map.get("enum")) {
        (Some(Value::String(t)), _, _) => t == "null",
        (Some(Value::Array(types)), _, _) => !types.is_empty() && types.iter().all(|t| t == "null"),
        (None, Some(value), _) => value.is_null(),
        (None, None, Some(Value::Array(values))) => {
            !values.is_empty() && values.iter().all(Value::is_null)
        }
        _ => false,
    }
}

/// Whether typify makes a named type (struct or enum) of `schema` as lowering leaves it: an
/// object with `properties`, a string enum, several types, or a union of several members (a
/// lone member stands for itself). A `$ref` names its target's type, or with siblings is JSON.
fn named_by_typify(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    if map.contains_key("$ref") {
        return false;
    }
    let several_types = match map.get("type") {
        Some(Value::Array(types)) => types.iter().filter(|t| *t != "null").count() > 1,
        _ => false,
    };
    let string_enum = match map.get("enum") {
        Some(Value::Array(values)) => {
            values.iter().any(Value::is_string)
                && values.iter().all(|v| v.is_string() || v.is_null())
        }
        _ => false,
    };
    let union = SHAPING_MANY.iter().any(|keyword| match map.get(*keyword) {
        Some(Value::Array(members)) if members.len() == 1 => named_by_typify(&members[0]),
        Some(Value::Array(members)) => *keyword != "allOf" && members.len() > 1,
        _ => false,
    });
    map.contains_key("properties") || string_enum || several_types || union
}

/// A document whose root only holds `$defs` and metadata, and perhaps a `$ref` to one of them
/// (the entry point, as schemas written from TypeScript or bundled have it): its definitions
/// are its types, named by their keys.
fn is_bundle(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => {
            let has_defs = map.contains_key("$defs") || map.contains_key("definitions");
            let local_ref =
                |k: &str, v: &Value| k == "$ref" && v.as_str().is_some_and(|r| r.starts_with("#/"));
            has_defs
                && map
                    .iter()
                    .all(|(k, v)| META_KEYWORDS.contains(&k.as_str()) || local_ref(k, v))
        }
        _ => false,
    }
}

/// The simplified schema typify sees for the schema at `location`.
fn lower(
    set: &SchemaSet,
    plan: &Plan,
    location: &Location,
    schema: &Value,
    is_def_root: bool,
) -> Result<Value> {
    if !is_def_root {
        if let Some(index) = plan.index_of(location) {
            return Ok(def_ref(plan, index));
        }
    }
    let map = match schema {
        Value::Object(map) => map,
        // `false` admits nothing, but a field of that type must still deserialize; the
        // validator rejects it.
        _ => return Ok(json!({})),
    };
    let mut out = Map::new();
    if let Some(description) = map.get("description") {
        if description.is_string() {
            out.insert("description".into(), description.clone());
        }
    }
    let mut members = Vec::new();
    // The target of a `$ref` that admits every shape (`{"patternProperties": ...}`, a 2020-12
    // mix-in of extensions): the type only of a schema that has no other shape.
    let mut shapeless_ref = None;
    // The `type` of a `$ref`'s target, which a `type` beside the `$ref` may only repeat.
    let mut ref_type = None;
    if let Some(Value::String(reference)) = map.get("$ref") {
        let target = set.resolve(location, reference)?;
        let index = plan
            .index_of(&target)
            .ok_or_else(|| Error::TypeGeneration {
                place: set.place(location),
                message: format!("internal: no type planned for the target of \"{reference}\""),
            })?;
        let target_schema = set.get(&target);
        ref_type = target_schema.and_then(|t| t.get("type")).cloned();
        if target_schema.is_some_and(admits_every_shape) {
            shapeless_ref = Some(def_ref(plan, index));
        } else {
            members.push(def_ref(plan, index));
        }
    }
    let types = declared_types(map);
    if let Some(t) = map.get("type") {
        if let Some(types) = &types {
            let width = types
                .contains(&"integer")
                .then(|| integer_width(map))
                .flatten();
            match width {
                Some(Width::Number) => out.insert("type".into(), widened(types)),
                Some(Width::U64) => out.insert("format".into(), json!("uint64")),
                None => None,
            };
            if width != Some(Width::Number) {
                out.insert("type".into(), t.clone());
            }
        }
    } else if let Some(t) = types_of_values(map) {
        // `const: "x"` or `enum: [1, "a"]` without `type`: the values' JSON types.
        out.insert("type".into(), t);
    }
    // A string enum that admits `null` too is the enum of its strings here; its uses add the
    // `null` (`def_ref`).
    let own_nullable_enum = is_def_root
        && plan
            .index_of(location)
            .is_some_and(|i| plan.defs[i].nullable_enum);
    let union_enum = match (
        map.get("oneOf").or(map.get("anyOf")),
        string_enum_values(map),
    ) {
        (Some(_), Some(union_enum)) if !union_enum.nullable => Some(union_enum),
        (_, Some(union_enum)) if own_nullable_enum => Some(union_enum),
        _ => None,
    };
    if let Some(union_enum) = &union_enum {
        out.insert("type".into(), json!("string"));
        out.insert("enum".into(), Value::Array(union_enum.values.clone()));
        if union_enum.other_strings {
            out.insert(OTHER_STRINGS.into(), Value::Bool(true));
        }
    } else if let Some(Value::Array(values)) = map.get("enum") {
        if !values.is_empty() && values.iter().all(|v| v.is_string() || v.is_null()) {
            out.insert("enum".into(), Value::Array(values.clone()));
        }
    } else if let Some(value @ Value::String(_)) = map.get("const") {
        // An enum of one value, which a union tells from other strings when it decodes.
        out.insert("enum".into(), json!([value]));
    }
    if let Some(Value::String(format)) = map.get("format") {
        // Only integer widths change the Rust type; string formats stay `String` so that the
        // text round-trips exactly, and the validators check them.
        let integer =
            types.as_ref().is_some_and(|t| t.contains(&"integer")) && integer_width(map).is_none();
        if integer && matches!(format.as_str(), "int32" | "int64") {
            out.insert("format".into(), Value::String(format.clone()));
        }
    }
    let has_pattern_properties = map.contains_key("patternProperties");
    if let Some(Value::Object(properties)) = map.get("properties") {
        let mut lowered = Map::new();
        for (name, child) in properties {
            let child_location = location.child("properties").child(name);
            lowered.insert(
                name.clone(),
                lower(set, plan, &child_location, child, false)?,
            );
        }
        out.insert("properties".into(), Value::Object(lowered));
        if let Some(Value::Array(required)) = map.get("required") {
            let known: Vec<Value> = required
                .iter()
                .filter(|r| r.as_str().is_some_and(|r| properties.contains_key(r)))
                .cloned()
                .collect();
            if !known.is_empty() {
                out.insert("required".into(), Value::Array(dedup(known)));
            }
        }
        // Unknown properties are kept in a flattened map so that nothing is lost on a round trip,
        // also where `additionalProperties: false` forbids them: decoding is lenient, and the
        // validators report them.
        let additional = match map.get("additionalProperties") {
            Some(child @ Value::Object(_)) if !has_pattern_properties => lower(
                set,
                plan,
                &location.child("additionalProperties"),
                child,
                false,
            )?,
            _ => json!({}),
        };
        out.insert("additionalProperties".into(), additional);
    } else if let Some(child) = map.get("additionalProperties") {
        if child.is_object() && !has_pattern_properties {
            let lowered = lower(
                set,
                plan,
                &location.child("additionalProperties"),
                child,
                false,
            )?;
            out.insert("additionalProperties".into(), lowered);
        } else if let Some((pattern, schema)) = closed_pattern_map(map) {
            let at = location.child("patternProperties").child(pattern);
            out.insert(
                "additionalProperties".into(),
                lower(set, plan, &at, schema, false)?,
            );
        }
    }
    if let Some(items @ Value::Object(_)) = map.get("items") {
        // With `prefixItems` the leading elements need not match `items`: keep elements open.
        if !map.contains_key("prefixItems") {
            out.insert(
                "items".into(),
                lower(set, plan, &location.child("items"), items, false)?,
            );
        }
    }
    for keyword in ["oneOf", "anyOf"] {
        if union_enum.is_some() {
            break;
        }
        if let Some(Value::Array(children)) = map.get(keyword) {
            let mut lowered = Vec::new();
            let mut shapeless = false;
            for (i, child) in children.iter().enumerate() {
                let child_location = location.child(keyword).child(&i.to_string());
                shapeless |= only_constrains(set, &child_location, child)?;
                lowered.push(lower(set, plan, &child_location, child, false)?);
            }
            // Variants typify cannot tell apart would make decoding ambiguous, not wrong; a
            // single variant is just that schema, and so are variants that all lower to one
            // (`anyOf` of an ipv4 and an ipv6 string is a string: formats are checked by the
            // validators).
            if lowered.windows(2).all(|pair| pair[0] == pair[1]) {
                lowered.truncate(1);
            }
            // An alternative that only constrains (`required`, `not`, `pattern`, ...) admits
            // every shape, and so does the union: the rest of the schema gives the type.
            if shapeless || lowered.iter().any(|l| !has_shape(l)) {
                continue;
            }
            if lowered.len() == 1 {
                members.push(lowered.pop().unwrap_or(json!({})));
            } else if !lowered.is_empty() {
                out.insert("anyOf".into(), Value::Array(lowered));
            }
        }
    }
    if let Some(Value::Array(children)) = map.get("allOf") {
        for (i, child) in children.iter().enumerate() {
            let child_location = location.child("allOf").child(&i.to_string());
            // A member that only constrains (`if`/`then`, `required`, `not`, ..., or a `$ref`
            // to such a schema) admits every shape: the rest of the schema decides the type.
            if only_constrains(set, &child_location, child)? {
                continue;
            }
            let member = lower(set, plan, &child_location, child, true)?;
            if has_shape(&member) {
                members.push(member);
            }
        }
    }
    // Without `type`, object and array keywords leave every other JSON value valid as it is, so
    // the type must take them too: typify makes an untagged enum of all JSON types.
    let shaped = ["properties", "additionalProperties", "items"];
    if !out.contains_key("type") && shaped.iter().any(|k| out.contains_key(*k)) {
        out.insert(
            "type".into(),
            json!(["null", "boolean", "number", "string", "array", "object"]),
        );
    }
    // `{"type": "object", "$ref": ...}` to an object: the `type` says nothing the target does not.
    let repeats_ref_type = members.len() == 1
        && map.contains_key("$ref")
        && ref_type.is_some()
        && out.get("type") == ref_type.as_ref()
        && out.keys().all(|k| k == "type" || k == "description");
    if repeats_ref_type {
        out.remove("type");
    }
    let mut has_own_shape = out.keys().any(|k| k != "description");
    if let Some((then, other)) = branches(map) {
        let then = lower(set, plan, &location.child("then"), then, false)?;
        let other = lower(set, plan, &location.child("else"), other, false)?;
        if has_shape(&then) && has_shape(&other) {
            let alternatives = if then == other {
                vec![then]
            } else {
                vec![then, other]
            };
            out.insert("anyOf".into(), Value::Array(alternatives));
            has_own_shape = true;
        }
    }
    if let (Some(reference), false, true) = (shapeless_ref, has_own_shape, members.is_empty()) {
        return Ok(reference);
    }
    match (members.len(), has_own_shape) {
        (0, _) => {}
        // A lone `$ref` or `allOf` member is that type (typify ignores siblings of `$ref`; the
        // description lives on in our own docs).
        (1, false) => return Ok(members.pop().unwrap_or(json!({}))),
        _ => {
            // Objects put together from parts (`allOf` of a base and its extension) are one
            // struct of all their properties, made for defs only (`Planner::is_object_type`
            // plans them): typify's inline structs miss the renames ours make. Other merges are
            // where typify is weakest, and the union of what each allows is not expressible
            // either: such a schema keeps the value as JSON.
            if is_def_root {
                if let Some(merged) = merged_object(set, plan, location, map)? {
                    return Ok(merged);
                }
            }
            return Ok(match out.remove("description") {
                Some(d) => json!({ "description": d }),
                None => json!({}),
            });
        }
    }
    Ok(Value::Object(out))
}

/// The most schemas an object is merged from, and how deep their `$ref`s and `allOf`s go: past
/// either, the object stays JSON (bounded work on any input).
const MAX_PARTS: usize = 64;
const MAX_PART_DEPTH: usize = 16;

/// The lowered schema of an object made of parts (its own keywords, the target of its `$ref`
/// and its `allOf` members, each taken apart the same way): one struct of every part's
/// properties, required where any part requires them. A property in several parts takes the
/// first part's type that has a shape: a valid value is valid against every part, so any of
/// them holds it. None when a part shapes the value otherwise (another type, items, an enum).
fn merged_object<'s>(
    set: &'s SchemaSet,
    plan: &Plan,
    location: &Location,
    map: &'s Map<String, Value>,
) -> Result<Option<Value>> {
    let mut parts = Vec::new();
    if !object_parts(set, location, map, &mut vec![location.clone()], &mut parts)? {
        return Ok(None);
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut typed_object = false;
    for (part_location, part) in &parts {
        typed_object |= part.contains_key("type");
        if let Some(Value::Object(own)) = part.get("properties") {
            for (name, child) in own {
                let child_location = part_location.child("properties").child(name);
                let lowered = lower(set, plan, &child_location, child, false)?;
                let known = properties.get(name).is_some_and(has_shape);
                if !known {
                    properties.insert(name.clone(), lowered);
                }
            }
        }
        if let Some(Value::Array(names)) = part.get("required") {
            required.extend(names.iter().cloned());
        }
    }
    if properties.is_empty() {
        return Ok(None);
    }
    required.retain(|n| n.as_str().is_some_and(|n| properties.contains_key(n)));
    let mut out = Map::new();
    if let Some(description @ Value::String(_)) = map.get("description") {
        out.insert("description".into(), description.clone());
    }
    // Without an object `type` in any part, every other JSON value is valid too.
    let types = if typed_object {
        json!("object")
    } else {
        json!(["null", "boolean", "number", "string", "array", "object"])
    };
    out.insert("type".into(), types);
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(dedup(required)));
    }
    // Each part knows only its own properties: unknown ones are kept, whatever a part says.
    out.insert("additionalProperties".into(), json!({}));
    Ok(Some(Value::Object(out)))
}

/// Collects into `parts` the schemas `map` (at `location`) is made of, following its `$ref` and
/// `allOf` members (`visiting` holds the chain of `$ref` targets, which a cycle would revisit);
/// false when one of them shapes anything but an object.
fn object_parts<'s>(
    set: &'s SchemaSet,
    location: &Location,
    map: &'s Map<String, Value>,
    visiting: &mut Vec<Location>,
    parts: &mut Vec<(Location, &'s Map<String, Value>)>,
) -> Result<bool> {
    if parts.len() >= MAX_PARTS || visiting.len() > MAX_PART_DEPTH {
        return Ok(false);
    }
    let object_type = match map.get("type") {
        None => true,
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "object",
        Some(_) => false,
    };
    // Not among them, `oneOf` and `anyOf`: they only narrow the object. The properties their
    // alternatives name are not certain to have their types (another alternative may hold), so
    // they stay among the others, checked by the validators.
    let other_shape = ["enum", "const", "items", "prefixItems", "$dynamicRef"]
        .iter()
        .any(|k| map.contains_key(*k));
    if !object_type || other_shape {
        return Ok(false);
    }
    if let Some(reference) = map.get("$ref") {
        let Value::String(reference) = reference else {
            return Ok(false);
        };
        let target = set.resolve(location, reference)?;
        let Some(Value::Object(target_map)) = set.get(&target) else {
            return Ok(false);
        };
        if visiting.contains(&target) {
            return Ok(false);
        }
        visiting.push(target.clone());
        let merged = object_parts(set, &target, target_map, visiting, parts)?;
        visiting.pop();
        if !merged {
            return Ok(false);
        }
    }
    if let Some(members) = map.get("allOf") {
        let Value::Array(members) = members else {
            return Ok(false);
        };
        for (i, member) in members.iter().enumerate() {
            let member_location = location.child("allOf").child(&i.to_string());
            let merged = match member {
                Value::Object(member) => {
                    object_parts(set, &member_location, member, visiting, parts)?
                }
                Value::Bool(true) => true,
                _ => false,
            };
            if !merged {
                return Ok(false);
            }
        }
    }
    if ["type", "properties", "required"]
        .iter()
        .any(|k| map.contains_key(*k))
    {
        parts.push((location.clone(), map));
    }
    Ok(true)
}

/// A reference to the def at `index`, nullable for a [`TypeDef::nullable_enum`].
fn def_ref(plan: &Plan, index: usize) -> Value {
    let reference = json!({ "$ref": format!("#/$defs/{}", plan.defs[index].internal) });
    match plan.defs[index].nullable_enum {
        true => json!({ "anyOf": [reference, { "type": "null" }] }),
        false => reference,
    }
}

fn declared_types(map: &Map<String, Value>) -> Option<Vec<&str>> {
    match map.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(ts) => {
            let names: Option<Vec<&str>> = ts.iter().map(Value::as_str).collect();
            names.filter(|n| !n.is_empty())
        }
        _ => None,
    }
}

/// The type integers wider than `i64` need.
#[derive(Clone, Copy, PartialEq)]
enum Width {
    /// Bounds within `0..=u64::MAX`.
    U64,
    /// Anything wider: `f64`, as `serde_json::Value` reads such integers.
    Number,
}

/// The width of the integers `map` allows when a bound lies outside `i64` (token amounts of 256
/// bits, say): without such a bound, `i64`.
fn integer_width(map: &Map<String, Value>) -> Option<Width> {
    let bound = |keys: [&str; 2]| -> Vec<&serde_json::Number> {
        keys.iter()
            .filter_map(|k| map.get(*k).and_then(Value::as_number))
            .collect()
    };
    let lower = bound(["minimum", "exclusiveMinimum"]);
    let upper = bound(["maximum", "exclusiveMaximum"]);
    // A bound read as f64 this close to 2^63 may have been an integer past `i64`.
    let beyond = |n: &&serde_json::Number| {
        n.as_i64().is_none()
            && (n.as_u64().is_some()
                || n.as_f64()
                    .is_some_and(|f| f.abs() >= 9.223_372_036_854_775e18))
    };
    if !lower.iter().chain(&upper).any(beyond) {
        return None;
    }
    let lower: Vec<f64> = lower.iter().filter_map(|n| n.as_f64()).collect();
    let non_negative = lower.iter().any(|b| *b >= 0.0);
    // 2^64 is the first integer past `u64` (`u64::MAX` reads as it in f64, but is not past it).
    let within_u64 = upper.iter().any(|n| {
        n.as_u64().is_some() || n.as_f64().is_some_and(|f| f < 18_446_744_073_709_551_616.0)
    });
    Some(if non_negative && within_u64 {
        Width::U64
    } else {
        Width::Number
    })
}

/// `types` with `integer` read as `number`.
fn widened(types: &[&str]) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for t in types {
        let t = if *t == "integer" { "number" } else { t };
        if !out.iter().any(|o| o == t) {
            out.push(Value::from(t));
        }
    }
    match <[Value; 1]>::try_from(out) {
        Ok([single]) => single,
        Err(many) => Value::Array(many),
    }
}

/// The JSON types of the values of `const` and `enum`, as a `type` keyword value.
fn types_of_values(map: &Map<String, Value>) -> Option<Value> {
    let mut values: Vec<&Value> = map.get("const").into_iter().collect();
    if let Some(Value::Array(items)) = map.get("enum") {
        values.extend(items);
    }
    let mut kinds: Vec<&str> = Vec::new();
    for value in values {
        let kind = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_f64() => "number",
            Value::Number(_) => "integer",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.contains(&"number") {
        kinds.retain(|k| *k != "integer");
    }
    kinds.sort_unstable();
    match kinds.as_slice() {
        [] => None,
        [one] => Some(Value::String(one.to_string())),
        many => Some(Value::Array(
            many.iter().map(|k| Value::String(k.to_string())).collect(),
        )),
    }
}

/// `values` (strings) without repeats, in their first order.
fn dedup(values: Vec<Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    values
        .into_iter()
        .filter(|v| seen.insert(v.as_str().map(str::to_string)))
        .collect()
}

/// Whether the lowered schema `schema` admits `null` (following `$ref`s within the plan).
pub fn admits_null(plan: &Plan, schema: &Value) -> bool {
    schema_admits_null(plan, schema, &mut |index| {
        plan.nullable.get(index).copied().unwrap_or(true)
    })
}

/// Whether each def's lowered schema admits `null`, each computed once: following references
/// afresh from every union that names them would take time exponential in the depth of a chain
/// of unions over shared definitions. A def met again while it is being computed (a cycle of
/// references through unions) counts as admitting `null`.
fn nullable_defs(plan: &Plan) -> Vec<bool> {
    #[derive(Clone, Copy)]
    enum State {
        New,
        Visiting,
        Done(bool),
    }
    fn visit(plan: &Plan, index: usize, states: &mut [State]) -> bool {
        match states[index] {
            State::Done(nullable) => nullable,
            State::Visiting => true,
            State::New => {
                states[index] = State::Visiting;
                let nullable = schema_admits_null(plan, &plan.defs[index].lowered, &mut |target| {
                    visit(plan, target, states)
                });
                states[index] = State::Done(nullable);
                nullable
            }
        }
    }
    let mut states = vec![State::New; plan.defs.len()];
    (0..plan.defs.len())
        .map(|index| visit(plan, index, &mut states))
        .collect()
}

/// Whether `schema` admits `null`, with `def_nullable` telling it of the defs it refers to.
fn schema_admits_null(
    plan: &Plan,
    schema: &Value,
    def_nullable: &mut dyn FnMut(usize) -> bool,
) -> bool {
    let Value::Object(map) = schema else {
        return true;
    };
    if let Some(Value::String(reference)) = map.get("$ref") {
        let name = reference.trim_start_matches("#/$defs/");
        return match plan.owner_of(name) {
            Some((index, _)) => def_nullable(index),
            None => true,
        };
    }
    if let Some(Value::Array(variants)) = map.get("anyOf") {
        return variants
            .iter()
            .any(|v| schema_admits_null(plan, v, def_nullable));
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        return values.iter().any(Value::is_null);
    }
    match declared_types(map) {
        Some(types) => types.contains(&"null"),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::json;
    use url::Url;

    use super::*;
    use crate::load::Document;

    #[test]
    fn a_schema_is_named_by_its_title_else_by_a_word_of_its_id_else_by_its_file() {
        let file = Path::new("dir/openapi-schema.json");
        let name = |schema: Value| schema_name(&schema, file);
        assert_eq!(name(json!({"title": "Pet", "$id": "x.json"})), "Pet");
        assert_eq!(
            name(json!({"title": "Pet store order item"})),
            "Pet store order item"
        );
        // A sentence is no name.
        let sentence = json!({"title": "JSON schema for the TypeScript compiler's file"});
        assert_eq!(name(sentence), "openapi-schema");
        assert_eq!(name(json!({"$id": "#/components/schemas/Pet"})), "Pet");
        assert_eq!(
            name(json!({"$id": "https://x.test/schemas/pet.json#"})),
            "pet"
        );
        // A version or a date names nothing, nor does the host.
        let dated = json!({"$id": "https://spec.test/oas/3.1/schema/2022-10-07"});
        assert_eq!(name(dated), "schema");
        assert_eq!(
            name(json!({"$id": "https://spec.test/2022/"})),
            "openapi-schema"
        );
        assert_eq!(name(json!({})), "openapi-schema");
    }

    #[test]
    fn an_all_of_member_that_only_constrains_leaves_the_type_to_the_rest() {
        let defs = lowered(json!({
            "title": "Schedule",
            "type": "object",
            "properties": {"interval": {"type": "string"}},
            "allOf": [{"if": {"required": ["interval"]}, "then": {"required": ["day"]}}]
        }));
        let schedule = &defs["Schedule"];
        assert_eq!(schedule["type"], "object", "{schedule}");
        assert!(schedule["properties"]["interval"].is_object(), "{schedule}");
    }

    #[test]
    fn an_object_made_of_parts_is_one_struct_of_all_their_properties() {
        let defs = lowered(json!({
            "title": "Dog",
            "allOf": [
                {"$ref": "#/$defs/pet"},
                {"properties": {"name": true, "bark": {"type": "boolean"}}, "required": ["bark", "name"]}
            ],
            "$defs": {
                "pet": {"$ref": "#/$defs/named", "properties": {"age": {"type": "integer"}}},
                "named": {"type": "object", "properties": {"name": {"type": "string"}}}
            }
        }));
        let dog = &defs["Dog"];
        assert_eq!(dog["type"], "object", "{dog}");
        let properties: Vec<&String> = dog["properties"].as_object().unwrap().keys().collect();
        // The parts in order, a base before what extends it; `name: true` takes no type from
        // the part that has one.
        assert_eq!(properties, ["name", "age", "bark"], "{dog}");
        assert_eq!(dog["properties"]["name"]["type"], "string", "{dog}");
        assert_eq!(dog["required"], json!(["bark", "name"]), "{dog}");
        assert_eq!(dog["additionalProperties"], json!({}), "{dog}");
    }

    #[test]
    fn the_properties_of_a_union_among_the_parts_stay_among_the_others() {
        let defs = lowered(json!({
            "title": "Config",
            "type": "object",
            "allOf": [
                {"properties": {"name": {"type": "string"}}},
                {"anyOf": [
                    {"properties": {"files": {"type": "array"}}},
                    {"properties": {"files": {"type": "string"}}}
                ]}
            ]
        }));
        // `{"files": "x"}` is as valid as `{"files": []}`: no one type for `files`.
        let properties = defs["Config"]["properties"].as_object().unwrap();
        assert_eq!(properties.keys().collect::<Vec<_>>(), ["name"], "{defs:?}");
    }

    #[test]
    fn an_object_made_of_parts_inside_a_union_is_a_struct_of_its_own() {
        let defs = lowered(json!({
            "title": "Rc",
            "oneOf": [
                {"type": "object", "allOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}]},
                {"type": "string"}
            ],
            "$defs": {
                "a": {"type": "object", "properties": {"x": {"type": "string"}}},
                "b": {"properties": {"y": {"type": "integer"}}}
            }
        }));
        let variant = &defs["RcVariant0"];
        let properties: Vec<&String> = variant["properties"].as_object().unwrap().keys().collect();
        assert_eq!(properties, ["x", "y"], "{defs:?}");
        let alternative = defs["Rc"]["anyOf"][0]["$ref"].as_str().unwrap_or_default();
        assert!(alternative.ends_with("xRcVariant0"), "{defs:?}");
    }

    #[test]
    fn parts_that_are_not_all_objects_keep_the_value_as_json() {
        for other in [
            json!({"type": "array"}),
            json!({"const": {"a": "x"}}),
            json!({"$ref": "#"}),
        ] {
            let defs = lowered(json!({
                "title": "Mixed",
                "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, other]
            }));
            assert_eq!(defs["Mixed"], json!({}), "{other}");
        }
        // Without an object `type` anywhere, other JSON values are valid too.
        let open = &lowered(json!({
            "title": "Open",
            "allOf": [{"properties": {"a": true}}, {"properties": {"b": {"type": "string"}}}]
        }))["Open"];
        assert!(
            open["type"].as_array().is_some_and(|t| t.len() == 6),
            "{open}"
        );
    }

    /// The lowered schema of every def of a one-file set, by name.
    fn lowered(schema: Value) -> BTreeMap<String, Value> {
        let set = SchemaSet::from_documents(vec![Document {
            file: PathBuf::from("t.json"),
            uri: Url::parse("https://x.test/t.json").expect("a URI"),
            value: schema,
        }])
        .expect("the schema loads");
        let naming = Naming::Flat {
            module: "types".into(),
        };
        let plan = plan(&set, &naming).expect("a plan");
        plan.defs
            .into_iter()
            .map(|def| (def.path.name, def.lowered))
            .collect()
    }

    #[test]
    fn definitions_keyed_by_uris_are_named_as_by_their_ids() {
        let defs = lowered(json!({
            "title": "Api",
            "properties": {
                "info": {"$ref": "http://x.test/definitions/2.6.0/info.json"},
                "tag": {"$ref": "#/definitions/tag"}
            },
            "definitions": {
                "http://x.test/definitions/2.6.0/info.json": {
                    "$id": "http://x.test/definitions/2.6.0/info.json",
                    "properties": {"title": {"type": "string"}}
                },
                "tag": {"properties": {"name": {"type": "string"}}}
            }
        }));
        let names: Vec<&str> = defs.keys().map(String::as_str).collect();
        assert_eq!(names, ["Api", "ApiInfo", "ApiTag"]);
    }

    #[test]
    fn a_ref_to_a_definition_beside_definitions_is_a_bundle_with_an_entry_point() {
        let defs = lowered(json!({
            "$ref": "#/definitions/Spec",
            "definitions": {
                "Spec": {"properties": {"mark": {"$ref": "#/definitions/Mark"}}},
                "Mark": {"enum": ["bar", "line"]}
            }
        }));
        let names: Vec<&str> = defs.keys().map(String::as_str).collect();
        assert_eq!(names, ["Mark", "Spec", "T"]);
        assert!(defs["T"]["$ref"]
            .as_str()
            .is_some_and(|r| r.ends_with("xSpec")));
        // Named like one of its definitions, the entry point is that definition.
        let defs = lowered(json!({
            "title": "Spec",
            "$ref": "#/definitions/Spec",
            "definitions": {"Spec": {"properties": {"a": {"type": "string"}}}}
        }));
        assert_eq!(defs.keys().collect::<Vec<_>>(), ["Spec"]);
    }

    #[test]
    fn a_closed_map_of_one_pattern_has_that_patterns_values() {
        let defs = lowered(json!({
            "title": "Compose",
            "properties": {
                "services": {
                    "patternProperties": {"^[a-z]+$": {"$ref": "#/definitions/service"}},
                    "additionalProperties": false
                },
                "open": {"patternProperties": {"^[a-z]+$": {"type": "string"}}},
                "two": {
                    "patternProperties": {"^a": {"type": "string"}, "^b": {"type": "integer"}},
                    "additionalProperties": false
                }
            },
            "definitions": {"service": {"properties": {"image": {"type": "string"}}}}
        }));
        let properties = &defs["Compose"]["properties"];
        let values = &properties["services"]["additionalProperties"]["$ref"];
        assert!(
            values
                .as_str()
                .is_some_and(|r| r.ends_with("xComposeService")),
            "{properties}"
        );
        // Other names may hold anything, or values of either pattern.
        assert!(properties["open"].get("additionalProperties").is_none());
        assert!(properties["two"].get("additionalProperties").is_none());
    }

    #[test]
    fn union_alternatives_are_named_by_their_titles_else_by_their_place() {
        let defs = lowered(json!({
            "title": "Geometry",
            "oneOf": [
                {"title": "GeoJSON Point", "properties": {"x": {"type": "number"}}},
                {"properties": {"y": {"type": "number"}}},
                {"title": "GeoJSON Point", "properties": {"z": {"type": "number"}}},
                {"title": "A very long sentence that is no name at all, surely", "properties": {}}
            ]
        }));
        let names: Vec<&str> = defs.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "Geometry",
                "GeometryGeoJsonPoint",
                "GeometryGeoJsonPoint2",
                "GeometryVariant1",
                "GeometryVariant3"
            ]
        );
    }

    #[test]
    fn an_all_of_of_a_ref_and_constraints_is_the_targets_type() {
        let defs = lowered(json!({
            "title": "Order",
            "type": "object",
            "properties": {"item": {"allOf": [{"$ref": "#/$defs/item"}, {"required": ["sku"]}]}},
            "$defs": {"item": {"type": "object", "properties": {"sku": {"type": "string"}}}}
        }));
        // No type of its own wrapping the target's.
        assert_eq!(
            defs.keys().collect::<Vec<_>>(),
            ["Order", "OrderItem"],
            "{defs:?}"
        );
        assert!(
            defs["Order"]["properties"]["item"]["$ref"].is_string(),
            "{defs:?}"
        );
    }

    #[test]
    fn a_ref_to_a_schema_that_only_constrains_leaves_the_type_to_the_rest() {
        let defs = lowered(json!({
            "title": "Meta",
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "allOf": [{"$ref": "#/$defs/noId"}],
            "anyOf": [{"$ref": "#/$defs/noId"}, {"required": ["a"]}],
            "$defs": {"noId": {"$ref": "#/$defs/not"}, "not": {"not": {"required": ["id"]}}}
        }));
        assert!(defs["Meta"]["properties"]["a"].is_object(), "{defs:?}");
    }

    #[test]
    fn an_if_with_both_branches_and_nothing_else_is_a_union_of_the_branches() {
        let defs = lowered(json!({
            "title": "Op",
            "type": "object",
            "properties": {
                "body": {
                    "if": {"required": ["$ref"]},
                    "then": {"$ref": "#/$defs/reference"},
                    "else": {"$ref": "#/$defs/body"}
                },
                "narrowed": {"type": "string", "if": {"minLength": 1}, "then": {}, "else": {}}
            },
            "$defs": {
                "reference": {"type": "object", "properties": {"$ref": {"type": "string"}}},
                "body": {"type": "object", "properties": {"content": {"type": "string"}}}
            }
        }));
        let body = &defs["Op"]["properties"]["body"]["anyOf"];
        assert_eq!(body.as_array().map(Vec::len), Some(2), "{defs:?}");
        // Beside a shape of its own, the `if` only narrows.
        assert_eq!(
            defs["Op"]["properties"]["narrowed"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn a_union_of_string_enums_is_one_enum_of_all_their_values() {
        let defs = lowered(json!({
            "title": "Opts",
            "type": "object",
            "properties": {
                "parens": {"oneOf": [{"enum": ["always"]}, {"enum": ["avoid", "always"]}]}
            }
        }));
        // No type per alternative: one enum, its values in order, each once.
        assert_eq!(defs.keys().collect::<Vec<_>>(), ["Opts", "OptsParens"]);
        assert_eq!(defs["OptsParens"]["enum"], json!(["always", "avoid"]));
    }

    #[test]
    fn a_string_union_with_an_untyped_pattern_alternative_takes_other_strings() {
        let defs = lowered(json!({
            "title": "Cfg",
            "type": "object",
            "properties": {
                "target": {"type": "string", "anyOf": [{"enum": ["es5"]}, {"pattern": "^es"}]}
            }
        }));
        // The pattern alternative is a string of the union's type: the values are suggestions.
        assert_eq!(defs["CfgTarget"]["enum"], json!(["es5"]));
        assert_eq!(defs["CfgTarget"][OTHER_STRINGS], json!(true));
    }

    #[test]
    fn a_type_beside_a_ref_that_only_repeats_the_targets_is_the_target() {
        let defs = lowered(json!({
            "title": "Event",
            "type": "object",
            "properties": {"main": {"type": "object", "$ref": "#/$defs/end"}},
            "$defs": {"end": {"type": "object", "properties": {"kind": {"type": "string"}}}}
        }));
        assert!(
            defs["Event"]["properties"]["main"]["$ref"].is_string(),
            "{defs:?}"
        );
    }

    #[test]
    fn a_ref_to_a_schema_that_admits_every_shape_leaves_the_type_to_the_rest() {
        let extensions = json!({"patternProperties": {"^x-": true}});
        let info = &lowered(json!({
            "title": "Info",
            "type": "object",
            "properties": {"title": {"type": "string"}},
            "$ref": "#/$defs/extensions",
            "$defs": {"extensions": extensions},
            "unevaluatedProperties": false
        }))["Info"];
        assert!(info["properties"]["title"].is_object(), "{info}");
        // Alone, the `$ref` is still its target's type.
        let alone = &lowered(json!({
            "title": "Info",
            "$ref": "#/$defs/extensions",
            "$defs": {"extensions": extensions}
        }))["Info"];
        assert!(alone["$ref"].is_string(), "{alone}");
    }
}
