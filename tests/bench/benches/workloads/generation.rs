//! The generation and scale workloads: ours (load, types, validators, formatting) and typify
//! alone (types only) over the same corpus, and the corpus copied under new names.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use codegen::{Config, SchemaSet};
use proc_macro2::TokenStream;
use serde_json::{Map, Value};

/// Our full generation: load the folder, generate the types and their validators, format.
pub fn ours(dir: &Path) -> String {
    let set = SchemaSet::load_dir(dir).expect("the corpus loads");
    Config::new()
        .generate_set(&set)
        .expect("the corpus generates")
        .code
}

/// typify alone over the corpus: every file read and parsed, Stytch references
/// (`#/components/schemas/NAME`) rewritten to `#/$defs/NAME`, all schemas handed to one
/// `TypeSpace`, the output formatted. Schemas typify panics on are found once (`new`) and given
/// to it as `{}` (any value), so the peer does a little less work than on the full corpus.
pub struct TypifyPeer {
    /// Names of the schemas typify panics on.
    pub panicking: BTreeSet<String>,
}

impl TypifyPeer {
    pub fn new(dir: &Path) -> TypifyPeer {
        let defs = typify_inputs(dir, &BTreeSet::new());
        let mut panicking = BTreeSet::new();
        if typify(defs.clone()).is_none() {
            for (name, _) in &defs {
                let alone = defs
                    .iter()
                    .map(|(n, s)| {
                        let keep = n == name;
                        (
                            n.clone(),
                            if keep {
                                s.clone()
                            } else {
                                Value::Object(Map::new())
                            },
                        )
                    })
                    .collect();
                if typify(alone).is_none() {
                    panicking.insert(name.clone());
                }
            }
        }
        if !panicking.is_empty() {
            eprintln!(
                "typify panics on {} of {} schemas; they are given to it as {{}}",
                panicking.len(),
                defs.len()
            );
        }
        TypifyPeer { panicking }
    }

    pub fn run(&self, dir: &Path) -> String {
        let defs = typify_inputs(dir, &self.panicking);
        let tokens = typify(defs).expect("typify runs on the remaining schemas");
        let file: syn::File = syn::parse2(tokens).expect("typify's output parses");
        prettyplease::unparse(&file)
    }
}

fn typify_inputs(dir: &Path, replace: &BTreeSet<String>) -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the corpus folder reads")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut defs = Vec::with_capacity(files.len());
    for file in files {
        let mut value: Value =
            serde_json::from_slice(&std::fs::read(&file).expect("a file reads")).expect("JSON");
        let name = value
            .get("$id")
            .and_then(Value::as_str)
            .and_then(|id| id.strip_prefix("#/components/schemas/"))
            .map(str::to_string)
            .unwrap_or_else(|| file.file_stem().unwrap().to_string_lossy().into_owned());
        if let Value::Object(map) = &mut value {
            map.remove("$id");
            map.remove("$schema");
        }
        rewrite_refs(&mut value, "#/$defs/");
        if replace.contains(&name) || replace.contains(without_copy_suffix(&name)) {
            value = Value::Object(Map::new());
        }
        defs.push((name, value));
    }
    defs
}

/// `NAMECopy3` (a name in a scaled corpus) as `NAME`.
fn without_copy_suffix(name: &str) -> &str {
    match name.rfind("Copy") {
        Some(at) if name[at + 4..].bytes().all(|b| b.is_ascii_digit()) && at + 4 < name.len() => {
            &name[..at]
        }
        _ => name,
    }
}

fn rewrite_refs(value: &mut Value, prefix: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                    *reference = format!("{prefix}{name}");
                }
            }
            for (key, child) in map.iter_mut() {
                if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    rewrite_refs(child, prefix);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, prefix)),
        _ => {}
    }
}

/// typify over `defs`; `None` when it fails or panics.
fn typify(defs: Vec<(String, Value)>) -> Option<TokenStream> {
    let mut schemas = Vec::with_capacity(defs.len());
    for (name, value) in defs {
        let schema: schemars::schema::Schema = serde_json::from_value(value).ok()?;
        schemas.push((name, schema));
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(move || {
        let mut space = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
        space.add_ref_types(schemas).ok()?;
        Some(space.to_stream())
    }));
    std::panic::set_hook(previous);
    result.ok().flatten()
}

/// The corpus copied `factor` times into temporary folders, each copy's names (`$id`, `title`,
/// references) suffixed with `Copy<k>` so that every copy gets types of its own.
pub struct Scaled {
    dirs: Vec<(usize, tempfile::TempDir)>,
}

impl Scaled {
    pub fn new(corpus: &Path, factors: &[usize]) -> Scaled {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let docs: Vec<(String, Value)> = files
            .iter()
            .map(|f| {
                let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
                (
                    stem,
                    serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap(),
                )
            })
            .collect();
        let dirs = factors
            .iter()
            .map(|&factor| {
                let dir = tempfile::tempdir().unwrap();
                for copy in 0..factor {
                    let suffix = if copy == 0 {
                        String::new()
                    } else {
                        format!("Copy{copy}")
                    };
                    for (stem, value) in &docs {
                        let mut value = value.clone();
                        rename(&mut value, &suffix);
                        let path = dir.path().join(format!("{stem}{suffix}.json"));
                        std::fs::write(path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
                    }
                }
                (factor, dir)
            })
            .collect();
        Scaled { dirs }
    }

    pub fn dirs(&self) -> impl Iterator<Item = (usize, &Path)> {
        self.dirs.iter().map(|(f, d)| (*f, d.path()))
    }
}

fn rename(value: &mut Value, suffix: &str) {
    if suffix.is_empty() {
        return;
    }
    if let Some(Value::String(title)) = value.get_mut("title") {
        title.push_str(suffix);
    }
    if let Some(Value::String(id)) = value.get_mut("$id") {
        id.push_str(suffix);
    }
    suffix_refs(value, suffix);
}

fn suffix_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if reference.starts_with("#/components/schemas/") {
                    reference.push_str(suffix);
                }
            }
            for (key, child) in map.iter_mut() {
                if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    suffix_refs(child, suffix);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| suffix_refs(i, suffix)),
        _ => {}
    }
}

/// A large single schema, written to `dir/large.json`: `defs` definitions under `$defs`, each an
/// object of 24 described properties of every common shape (strings with formats, patterns and
/// lengths, bounded numbers, string enums, arrays of references, maps, nullable unions and
/// references to other definitions, some forming cycles), the root an object referring to all
/// of them. Returns the file's size in bytes.
pub fn write_large_schema(dir: &Path, defs: usize) -> usize {
    let name = |i: usize| format!("Entity{i:04}");
    let mut definitions = Map::new();
    for i in 0..defs {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in 0..24 {
            let key = format!("field_{p:02}_of_{i}");
            let description = format!(
                "Property {p} of entity {i}: a description long enough to look like the prose \
                 real APIs write beside their fields, with a [link](https://example.com/{i}/{p})."
            );
            let target = name((i * 7 + p * 13 + 1) % defs);
            let schema = match p % 8 {
                0 => serde_json::json!({"type": "string", "format": "uuid"}),
                1 => serde_json::json!({"type": "string", "pattern": "^[a-z][a-z0-9_-]{2,63}$",
                                        "minLength": 3, "maxLength": 64}),
                2 => serde_json::json!({"type": "integer", "minimum": 0, "maximum": 1_000_000}),
                3 => serde_json::json!({"type": "string",
                                        "enum": ["active", "pending", "deleted", format!("kind_{}", i % 5)]}),
                4 => {
                    serde_json::json!({"type": "array", "items": {"$ref": format!("#/$defs/{target}")},
                                        "maxItems": 100})
                }
                5 => {
                    serde_json::json!({"type": "object", "additionalProperties": {"type": "string"}})
                }
                6 => {
                    serde_json::json!({"anyOf": [{"$ref": format!("#/$defs/{target}")}, {"type": "null"}]})
                }
                _ => serde_json::json!({"type": "string", "format": "date-time"}),
            };
            let mut schema = schema;
            schema["description"] = Value::String(description);
            if p % 3 == 0 {
                required.push(Value::String(key.clone()));
            }
            properties.insert(key, schema);
        }
        definitions.insert(
            name(i),
            serde_json::json!({
                "type": "object",
                "description": format!("Entity {i} of the large synthetic schema."),
                "properties": properties,
                "required": required,
            }),
        );
    }
    let root_properties: Map<String, Value> = (0..defs)
        .map(|i| {
            (
                format!("entity_{i}"),
                serde_json::json!({"$ref": format!("#/$defs/{}", name(i))}),
            )
        })
        .collect();
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/large.json",
        "title": "Large",
        "type": "object",
        "properties": root_properties,
        "$defs": definitions,
    });
    let bytes = serde_json::to_vec(&schema).expect("serializes");
    std::fs::write(dir.join("large.json"), &bytes).expect("the large schema is written");
    bytes.len()
}

/// In a child process of the bench binary: generate `dir`, then print
/// "<seconds> <peak RSS of this process in KiB> <lines of code>".
pub fn child(args: &[String]) {
    let dir = PathBuf::from(&args[0]);
    let start = std::time::Instant::now();
    let code = ours(&dir);
    let seconds = start.elapsed().as_secs_f64();
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let max_rss = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage.ru_maxrss
    };
    println!("{seconds} {max_rss} {}", code.lines().count());
}

/// Generates `dir` in a fresh child process: (seconds, peak RSS in KiB, lines generated).
pub fn measure_in_child(dir: &Path) -> (f64, u64, usize) {
    let output = std::process::Command::new(std::env::current_exe().expect("own path"))
        .args(["--generate-child", &dir.display().to_string()])
        .output()
        .expect("the measuring child runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    match fields[..] {
        [seconds, kb, lines] => (
            seconds.parse().unwrap_or(f64::NAN),
            kb.parse().unwrap_or(0),
            lines.parse().unwrap_or(0),
        ),
        _ => panic!(
            "generating {} failed: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}
