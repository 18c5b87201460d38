//! Generates `SAMPLES` arbitrary valid schemas from a fixed seed, their types and their
//! validators, all compiled once into this package (`tests::arbitrary`). Types are compiled under
//! `#[deny(warnings)]`; a schema the generator rejects is listed in `FAILURES` (the tests require
//! it to be empty) instead of failing the whole build. `tests/integration/arbitrary.rs` then runs
//! the validators on arbitrary instances.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use codegen::validate::{self, Options, Target};
use codegen::{Location, SchemaSet};
use serde_json::{json, Map, Value};

/// How many schemas each build generates.
const SAMPLES: usize = 240;
/// Change to draw another sample; the test output names the schema of any failure.
const SEED: u64 = 0x005e_ed20_2012;

pub fn main(out_dir: &Path) {
    let mut rng = Rng(SEED);
    let mut modules = String::new();
    let mut table = String::new();
    let mut failures = Vec::new();
    for i in 0..SAMPLES {
        let schema = Gen { rng: &mut rng }.root(i);
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        let sources = vec![(
            PathBuf::from(format!("sample_{i}.json")),
            text.clone().into_bytes(),
        )];
        let set = match SchemaSet::from_sources(Path::new("arbitrary"), sources) {
            Ok(set) => set,
            Err(error) => {
                failures.push(format!("sample {i}: {error}\n{text}"));
                continue;
            }
        };
        let types = match codegen::Config::new().generate_set(&set) {
            Ok(generated) => generated.code,
            Err(error) => {
                failures.push(format!("sample {i}: {error}\n{text}"));
                continue;
            }
        };
        let targets = [Target {
            location: Location::root(0),
            rust_type: None,
            typed: None,
            name: "validate".into(),
        }];
        let options = Options::default();
        let validators = match validate::generate(&set, &targets, &options) {
            Ok(tokens) => tokens,
            Err(error) => {
                failures.push(format!("sample {i}: validators: {error}\n{text}"));
                continue;
            }
        };
        let validators = match syn::parse2::<syn::File>(validators) {
            Ok(file) => prettyplease::unparse(&file),
            Err(error) => {
                failures.push(format!(
                    "sample {i}: validators do not parse: {error}\n{text}"
                ));
                continue;
            }
        };
        write(&out_dir.join(format!("arbitrary_{i}.rs")), &types);
        write(
            &out_dir.join(format!("arbitrary_{i}_validators.rs")),
            &validators,
        );
        let _ = writeln!(
            modules,
            "pub mod sample_{i} {{\n    \
             #[deny(warnings)]\n    \
             pub mod types {{ include!(concat!(env!(\"OUT_DIR\"), \"/arbitrary_{i}.rs\")); }}\n    \
             #[allow(clippy::all)]\n    \
             pub mod validators {{ include!(concat!(env!(\"OUT_DIR\"), \"/arbitrary_{i}_validators.rs\")); }}\n\
             }}"
        );
        let _ = writeln!(
            table,
            "    Sample {{ schema: {text:?}, validate: sample_{i}::validators::validate }},"
        );
    }
    let code = format!(
        "{modules}\n\
         /// One arbitrary schema and its validator.\n\
         pub struct Sample {{\n    pub schema: &'static str,\n    \
         pub validate: fn(&::serde_json::Value) -> ::std::result::Result<(), ::codegen_runtime::Errors>,\n}}\n\
         /// Every sample that generated.\n\
         pub static SAMPLES: &[Sample] = &[\n{table}];\n\
         /// How many samples were drawn.\n\
         pub const DRAWN: usize = {SAMPLES};\n\
         /// The samples the generator rejected, with its error and the schema.\n\
         pub static FAILURES: &[&str] = &{failures:?};\n"
    );
    write(&out_dir.join("arbitrary.rs"), &code);
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = codegen::write_if_changed(path, contents) {
        panic!("{}: cannot write: {error}", path.display());
    }
}

/// splitmix64: small, seedable, and no dependency for the build script.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Property names and enum values that are awkward in Rust.
const NAMES: &[&str] = &[
    "id",
    "name",
    "type",
    "self",
    "crate",
    "fooBar",
    "foo_bar",
    "with space",
    "1st",
    "é",
    "kebab-case",
    "r#raw",
    "value",
    "items",
    "$ref",
    "_",
    "Option",
];
const VALUES: &[&str] = &[
    "active",
    "inactive",
    "pending-review",
    "A",
    "b",
    "1",
    "self",
    "type",
];
const PATTERNS: &[&str] = &[
    "^[a-z]+$",
    "^\\d{3}-\\d{4}$",
    "(?=.*[A-Z]).{8,}",
    "^\\p{L}+$",
];
const FORMATS: &[&str] = &["date-time", "email", "uuid", "uri", "date", "ipv4"];

/// Draws valid schemas: every `$ref` targets an existing `$defs` entry, and references between
/// definitions only point backwards or through a property, so no pure `$ref` cycle arises.
struct Gen<'a> {
    rng: &'a mut Rng,
}

impl Gen<'_> {
    fn root(&mut self, index: usize) -> Value {
        let defs_count = self.rng.below(4);
        let mut defs = Map::new();
        for d in 0..defs_count {
            let mut def = self.schema(2, d);
            if self.rng.chance(20) {
                // Recursion through a property is valid (and boxed in Rust).
                def = json!({
                    "type": "object",
                    "properties": { "next": { "$ref": format!("#/$defs/d{d}") }, "value": def }
                });
            }
            defs.insert(format!("d{d}"), def);
        }
        let mut root = match self.schema(4, defs_count) {
            Value::Object(map) => map,
            other => {
                let mut map = Map::new();
                map.insert("allOf".into(), json!([other]));
                map
            }
        };
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        if self.rng.chance(70) {
            root.insert(
                "title".into(),
                json!(format!("api_arbitrary_v1_Sample{index}")),
            );
        }
        if !defs.is_empty() {
            root.insert("$defs".into(), Value::Object(defs));
        }
        Value::Object(root)
    }

    /// A schema `depth` levels deep at most; `$ref`s may name `d0` .. `d{defs - 1}`.
    fn schema(&mut self, depth: usize, defs: usize) -> Value {
        let kinds = if depth == 0 { 6 } else { 12 };
        let mut schema = match self.rng.below(kinds) {
            0 => self.string(),
            1 => self.integer(),
            2 => json!({ "type": "number", "minimum": -1.5, "exclusiveMaximum": 1e300 }),
            3 => json!({ "type": "boolean" }),
            4 if defs > 0 => json!({ "$ref": format!("#/$defs/d{}", self.rng.below(defs)) }),
            4 => json!({ "const": *self.rng.pick(VALUES) }),
            5 => json!(self.rng.chance(80)),
            6..=8 => self.object(depth, defs),
            9 => json!({ "type": "array", "items": self.schema(depth - 1, defs), "maxItems": 5 }),
            10 => {
                let keyword = *self.rng.pick(&["oneOf", "anyOf", "allOf"]);
                let count = 1 + self.rng.below(3);
                let members: Vec<Value> =
                    (0..count).map(|_| self.schema(depth - 1, defs)).collect();
                json!({ keyword: members })
            }
            _ => json!({
                "type": "object",
                "properties": { "kind": { "type": "string" } },
                "if": { "properties": { "kind": { "const": "a" } } },
                "then": { "required": ["a"] },
                "else": { "not": { "required": ["a"] } }
            }),
        };
        if let Value::Object(map) = &mut schema {
            if self.rng.chance(15) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
            }
            if self.rng.chance(20) {
                map.insert(
                    "description".into(),
                    json!("An *arbitrary* schema.\n\n    indented"),
                );
            }
        }
        schema
    }

    fn string(&mut self) -> Value {
        match self.rng.below(4) {
            0 => {
                let count = 1 + self.rng.below(4);
                let mut values: Vec<&str> = Vec::new();
                for _ in 0..count {
                    let value = *self.rng.pick(VALUES);
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
                json!({ "type": "string", "enum": values })
            }
            1 => json!({ "type": "string", "pattern": *self.rng.pick(PATTERNS) }),
            2 => json!({ "type": "string", "format": *self.rng.pick(FORMATS) }),
            _ => json!({ "type": "string", "minLength": 1, "maxLength": 64 }),
        }
    }

    fn integer(&mut self) -> Value {
        match self.rng.below(3) {
            0 => json!({ "type": "integer", "format": *self.rng.pick(&["int32", "int64"]) }),
            1 => json!({ "type": "integer", "minimum": 0, "multipleOf": 5 }),
            _ => json!({ "type": "integer", "maximum": 1e30 }),
        }
    }

    fn object(&mut self, depth: usize, defs: usize) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for _ in 0..1 + self.rng.below(4) {
            let name = *self.rng.pick(NAMES);
            if properties.contains_key(name) {
                continue;
            }
            properties.insert(name.to_string(), self.schema(depth - 1, defs));
            if self.rng.chance(40) {
                required.push(name);
            }
        }
        let mut object = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            object["required"] = json!(required);
        }
        match self.rng.below(4) {
            0 => object["additionalProperties"] = json!(false),
            1 => object["additionalProperties"] = self.schema(0, 0),
            _ => {}
        }
        object
    }
}
