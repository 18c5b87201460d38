//! Test support: seeded generation of JSON instances from schemas, valid ones and ones that break
//! exactly one constraint. The round-trip test, the differential test and the benchmarks all draw
//! from here; nothing a user builds depends on it.
//!
//! Generation is constructive (each keyword family has its own function), and every value is then
//! verified with [`Checker`], a small independent draft 2020-12 validator with format assertion on.
//! A choice that turns out wrong (an `anyOf` branch, a `oneOf` branch that matches twice, a
//! `not`) is retried; when no valid instance is found the generator returns an error, never
//! unchecked data.

pub mod check;
mod formats;
mod patterns;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::ops::RangeInclusive;
use std::rc::Rc;

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Number, Value};

pub use check::{Checker, Failure};

use codegen::error::{Error as SchemaError, Place};
use codegen::load::{escape_token, Location, SchemaSet};
use patterns::Sampler;

/// Why no instance was generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The schema is invalid (as the generator would report it).
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// No valid instance (or no way to break one) was found for the schema at `place`.
    #[error("{place}: cannot generate an instance: {message}")]
    Instance { place: Place, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Knobs of the generator. The defaults give values about the size of real API bodies.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Nesting depth after which optional properties are left out, arrays get their minimum
    /// length and branches that allow a scalar are preferred, so recursive schemas terminate.
    pub max_depth: usize,
    /// Length of arrays (and entry count of map-like objects) when the schema leaves it open.
    pub array_len: RangeInclusive<usize>,
    /// Length of free strings, in characters, when the schema leaves it open.
    pub string_len: RangeInclusive<usize>,
    /// Chance that each optional property is present.
    pub optional_probability: f64,
    /// Chance that an object gets unknown properties where the schema allows them.
    pub extra_property_probability: f64,
    /// Most unknown properties added to one object.
    pub max_extra_properties: usize,
    /// Chance that an array or object gets its smallest allowed size (often `[]` or `{}`).
    pub empty_probability: f64,
    /// Chance that a character of a free string is unusual (non-ASCII, a quote, a backslash, a
    /// control character), to exercise escaping.
    pub unusual_char_probability: f64,
    /// Chance of picking a type that no keyword hints at, when `type` leaves it open.
    pub other_type_probability: f64,
    /// Tries per value before giving up on it.
    pub attempts: usize,
    /// Tries in all for one instance, so that impossible schemas fail quickly.
    pub budget: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_depth: 6,
            array_len: 0..=4,
            string_len: 0..=24,
            optional_probability: 0.6,
            extra_property_probability: 0.2,
            max_extra_properties: 2,
            empty_probability: 0.1,
            unusual_char_probability: 0.03,
            other_type_probability: 0.1,
            attempts: 12,
            budget: 50_000,
        }
    }
}

/// Which constraint a mutation breaks; [`MutationKind::keyword`] names its keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MutationKind {
    Type,
    Enum,
    Const,
    Format,
    MinLength,
    MaxLength,
    Pattern,
    Minimum,
    Maximum,
    ExclusiveMinimum,
    ExclusiveMaximum,
    MultipleOf,
    Required,
    AdditionalProperties,
    MinProperties,
    MaxProperties,
    PropertyNames,
    MinItems,
    MaxItems,
    UniqueItems,
}

impl MutationKind {
    pub fn keyword(self) -> &'static str {
        match self {
            MutationKind::Type => "type",
            MutationKind::Enum => "enum",
            MutationKind::Const => "const",
            MutationKind::Format => "format",
            MutationKind::MinLength => "minLength",
            MutationKind::MaxLength => "maxLength",
            MutationKind::Pattern => "pattern",
            MutationKind::Minimum => "minimum",
            MutationKind::Maximum => "maximum",
            MutationKind::ExclusiveMinimum => "exclusiveMinimum",
            MutationKind::ExclusiveMaximum => "exclusiveMaximum",
            MutationKind::MultipleOf => "multipleOf",
            MutationKind::Required => "required",
            MutationKind::AdditionalProperties => "additionalProperties",
            MutationKind::MinProperties => "minProperties",
            MutationKind::MaxProperties => "maxProperties",
            MutationKind::PropertyNames => "propertyNames",
            MutationKind::MinItems => "minItems",
            MutationKind::MaxItems => "maxItems",
            MutationKind::UniqueItems => "uniqueItems",
        }
    }
}

/// How an invalid instance differs from a valid one: the one constraint it breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mutation {
    pub kind: MutationKind,
    /// JSON pointer of the value that breaks the constraint.
    pub pointer: String,
    /// The schema object holding the broken keyword.
    pub schema: Location,
    /// What the checker says is wrong.
    pub message: String,
}

impl std::fmt::Display for Mutation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} broken at \"{}\": {}",
            self.kind.keyword(),
            self.pointer,
            self.message
        )
    }
}

/// The JSON kinds a value can take; `Integer` and `Fraction` together make `number`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Null,
    Boolean,
    Integer,
    Fraction,
    String,
    Array,
    Object,
}

const KINDS: [Kind; 7] = [
    Kind::Null,
    Kind::Boolean,
    Kind::Integer,
    Kind::Fraction,
    Kind::String,
    Kind::Array,
    Kind::Object,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Kinds(u8);

impl Kinds {
    const NONE: Kinds = Kinds(0);
    const ALL: Kinds = Kinds(0b111_1111);
    const SCALARS: Kinds = Kinds(0b001_1111);

    fn of(kind: Kind) -> Kinds {
        Kinds(1 << KINDS.iter().position(|k| *k == kind).unwrap_or(0))
    }

    fn from_type(name: &str) -> Option<Kinds> {
        Some(match name {
            "null" => Kinds::of(Kind::Null),
            "boolean" => Kinds::of(Kind::Boolean),
            "integer" => Kinds::of(Kind::Integer),
            "number" => Kinds::of(Kind::Integer).union(Kinds::of(Kind::Fraction)),
            "string" => Kinds::of(Kind::String),
            "array" => Kinds::of(Kind::Array),
            "object" => Kinds::of(Kind::Object),
            _ => return None,
        })
    }

    fn union(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    fn intersect(self, other: Kinds) -> Kinds {
        Kinds(self.0 & other.0)
    }

    fn contains(self, kind: Kind) -> bool {
        self.intersect(Kinds::of(kind)) != Kinds::NONE
    }

    fn is_empty(self) -> bool {
        self == Kinds::NONE
    }

    fn kinds(self) -> Vec<Kind> {
        KINDS.into_iter().filter(|k| self.contains(*k)).collect()
    }
}

/// Keywords that only make sense for one kind: a schema without `type` that uses them most
/// likely means that kind.
const HINTS: &[(&str, &str)] = &[
    ("properties", "object"),
    ("required", "object"),
    ("additionalProperties", "object"),
    ("patternProperties", "object"),
    ("minProperties", "object"),
    ("maxProperties", "object"),
    ("propertyNames", "object"),
    ("dependentRequired", "object"),
    ("unevaluatedProperties", "object"),
    ("items", "array"),
    ("prefixItems", "array"),
    ("contains", "array"),
    ("minItems", "array"),
    ("maxItems", "array"),
    ("uniqueItems", "array"),
    ("unevaluatedItems", "array"),
    ("minLength", "string"),
    ("maxLength", "string"),
    ("pattern", "string"),
    ("minimum", "number"),
    ("maximum", "number"),
    ("exclusiveMinimum", "number"),
    ("exclusiveMaximum", "number"),
    ("multipleOf", "number"),
];

/// Why an attempt failed: `Fatal` ends generation (a schema problem), `Retry` asks for new choices.
enum Fail {
    Fatal(Box<Error>),
    Retry(String),
}

impl From<Error> for Fail {
    fn from(error: Error) -> Self {
        Fail::Fatal(Box::new(error))
    }
}

impl From<SchemaError> for Fail {
    fn from(error: SchemaError) -> Self {
        Fail::Fatal(Box::new(Error::Schema(error)))
    }
}

type Gen<T> = std::result::Result<T, Fail>;

/// A place in a valid instance where a mutation can be made, with the schemas that surely apply.
struct Site {
    pointer: String,
    locs: Vec<Location>,
}

/// Deterministic generator of instances for the schemas of one [`SchemaSet`].
pub struct InstanceGenerator<'a> {
    set: &'a SchemaSet,
    rng: ChaCha8Rng,
    settings: Settings,
    checker: Checker<'a>,
    samplers: HashMap<String, std::result::Result<Rc<Sampler>, String>>,
    budget: usize,
    /// The location `valid` or `mutate` was called for, for error messages.
    top: Option<Location>,
}

impl<'a> InstanceGenerator<'a> {
    /// A generator with default settings; the same seed always gives the same instances.
    pub fn new(set: &'a SchemaSet, seed: u64) -> Self {
        Self::with_settings(set, seed, Settings::default())
    }

    pub fn with_settings(set: &'a SchemaSet, seed: u64, settings: Settings) -> Self {
        InstanceGenerator {
            set,
            rng: ChaCha8Rng::seed_from_u64(seed),
            settings,
            checker: Checker::new(set),
            samplers: HashMap::new(),
            budget: 0,
            top: None,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The validator the generator checks its output with.
    pub fn checker(&mut self) -> &mut Checker<'a> {
        &mut self.checker
    }

    /// An instance valid against the schema at `at`.
    pub fn valid(&mut self, at: &Location) -> Result<Value> {
        self.start(at)?;
        self.generate(std::slice::from_ref(at), 0)
            .map_err(|fail| self.to_error(at, fail))
    }

    /// A valid instance changed so that exactly one constraint is broken, with what was broken;
    /// `None` when the schema has no constraint that a change can break (e.g. `true`).
    pub fn mutate(&mut self, at: &Location) -> Result<Option<(Value, Mutation)>> {
        let original = self.valid(at)?;
        self.start(at)?;
        self.find_mutation(at, &original)
            .map_err(|fail| self.to_error(at, fail))
    }

    fn start(&mut self, at: &Location) -> Result<()> {
        if self.set.get(at).is_none() {
            return Err(Error::Instance {
                place: self.place(at),
                message: "no schema at this location".into(),
            });
        }
        self.budget = self.settings.budget;
        self.top = Some(at.clone());
        Ok(())
    }

    fn place(&self, at: &Location) -> Place {
        match self.set.documents().get(at.doc) {
            Some(doc) => Place::new(&doc.file, at.pointer.clone()),
            None => Place::new(format!("<document {}>", at.doc), at.pointer.clone()),
        }
    }

    fn to_error(&self, at: &Location, fail: Fail) -> Error {
        match fail {
            Fail::Fatal(error) => *error,
            Fail::Retry(message) => Error::Instance {
                place: self.place(at),
                message,
            },
        }
    }

    fn instance_error(&self, at: Option<&Location>, message: String) -> Fail {
        let at = at.or(self.top.as_ref());
        Fail::from(Error::Instance {
            place: at.map_or_else(|| Place::new("", ""), |at| self.place(at)),
            message,
        })
    }

    fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && (p >= 1.0 || self.rng.random_bool(p))
    }

    /// A number in `range`, or its start when the range is empty.
    fn pick(&mut self, range: RangeInclusive<u64>) -> u64 {
        if range.start() >= range.end() {
            *range.start()
        } else {
            self.rng.random_range(range)
        }
    }

    fn schema(&self, at: &Location) -> Gen<&'a Value> {
        let set = self.set;
        set.get(at).ok_or_else(|| {
            Fail::from(SchemaError::InvalidSchema {
                place: self.place(at),
                message: "no schema at this pointer".into(),
            })
        })
    }

    /// The keywords of the schema object at `at` (`None` for boolean schemas).
    fn keywords(&self, at: &Location) -> Gen<Option<&'a Map<String, Value>>> {
        match self.schema(at)? {
            Value::Object(map) => Ok(Some(map)),
            Value::Bool(_) => Ok(None),
            other => Err(Fail::from(SchemaError::InvalidSchema {
                place: self.place(at),
                message: format!(
                    "a schema must be an object or a boolean, found {}",
                    codegen::load::kind_of(other)
                ),
            })),
        }
    }

    fn first_failure(&mut self, roots: &[Location], value: &Value) -> Gen<Option<Failure>> {
        for root in roots {
            if let Some(failure) = self.checker.validate(root, value)?.into_iter().next() {
                return Ok(Some(failure));
            }
        }
        Ok(None)
    }

    /// A value valid against every schema in `roots` (anything when `roots` is empty).
    fn generate(&mut self, roots: &[Location], depth: usize) -> Gen<Value> {
        let limit = self.settings.max_depth * 2 + 8;
        if depth > limit {
            return Err(self.instance_error(
                roots.first(),
                format!("instances would nest deeper than {limit} levels: the schema requires unbounded recursion"),
            ));
        }
        let mut last = String::from("no attempt made");
        for _ in 0..self.settings.attempts.max(1) {
            if self.budget == 0 {
                return Err(self.instance_error(
                    None,
                    format!(
                        "gave up after {} attempts; last problem: {last}",
                        self.settings.budget
                    ),
                ));
            }
            self.budget -= 1;
            match self.attempt(roots, depth) {
                Ok(value) => match self.first_failure(roots, &value)? {
                    None => return Ok(value),
                    Some(failure) => last = failure.to_string(),
                },
                Err(Fail::Retry(message)) => last = message,
                Err(fatal) => return Err(fatal),
            }
        }
        Err(Fail::Retry(last))
    }

    fn attempt(&mut self, roots: &[Location], depth: usize) -> Gen<Value> {
        let locs = self.expand(roots, depth)?;
        if let Some(candidates) = self.literals(&locs)? {
            return candidates.choose(&mut self.rng).cloned().ok_or_else(|| {
                Fail::Retry("no value is in every `enum`/`const` that applies".into())
            });
        }
        let kinds = self.allowed_kinds(&locs)?;
        if kinds.is_empty() {
            return Err(Fail::Retry(
                "the `type`s that apply have nothing in common".into(),
            ));
        }
        match self.pick_kind(&locs, kinds, depth) {
            Kind::Null => Ok(Value::Null),
            Kind::Boolean => Ok(Value::Bool(self.rng.random())),
            Kind::Integer => self.gen_number(&locs, true),
            Kind::Fraction => self.gen_number(&locs, false),
            Kind::String => self.gen_string(&locs),
            Kind::Array => self.gen_array(&locs, depth),
            Kind::Object => self.gen_object(&locs, depth),
        }
    }

    /// The schema objects whose keywords must all hold: `roots`, what their `$ref`s and `allOf`s
    /// reach, and one chosen branch of each `anyOf`/`oneOf`/`if`. With `choose` false only the
    /// schemas that hold whatever the choice (for finding mutation sites).
    fn expand_with(
        &mut self,
        roots: &[Location],
        depth: usize,
        choose: bool,
    ) -> Gen<Vec<Location>> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<Location> = roots.iter().cloned().collect();
        while let Some(loc) = queue.pop_front() {
            if !seen.insert(loc.clone()) {
                continue;
            }
            let map = match self.schema(&loc)? {
                Value::Bool(true) => continue,
                Value::Bool(false) => {
                    return Err(Fail::Retry(format!(
                        "the schema at {} is `false`",
                        self.place(&loc)
                    )))
                }
                _ => match self.keywords(&loc)? {
                    Some(map) => map,
                    None => continue,
                },
            };
            out.push(loc.clone());
            if map.contains_key("$dynamicRef") {
                return Err(Fail::from(SchemaError::Unsupported {
                    place: self.place(&loc.child("$dynamicRef")),
                    message: "the instance generator does not support `$dynamicRef`".into(),
                }));
            }
            if let Some(reference) = map.get("$ref") {
                let Value::String(reference) = reference else {
                    return Err(Fail::from(SchemaError::InvalidSchema {
                        place: self.place(&loc.child("$ref")),
                        message: "`$ref` must be a string".into(),
                    }));
                };
                queue.push_back(self.checker.resolve(&loc, reference)?);
            }
            if let Some(Value::Array(branches)) = map.get("allOf") {
                for i in 0..branches.len() {
                    queue.push_back(loc.child("allOf").child(&i.to_string()));
                }
            }
            if !choose {
                continue;
            }
            for keyword in ["anyOf", "oneOf"] {
                if let Some(Value::Array(branches)) = map.get(keyword) {
                    if !branches.is_empty() {
                        let i = self.pick_branch(&loc.child(keyword), branches.len(), depth)?;
                        queue.push_back(loc.child(keyword).child(&i.to_string()));
                    }
                }
            }
            if map.contains_key("if") {
                // Aim for one side; the checker rejects the instance if `if` says otherwise.
                if self.rng.random_bool(0.5) {
                    queue.push_back(loc.child("if"));
                    if map.contains_key("then") {
                        queue.push_back(loc.child("then"));
                    }
                } else if map.contains_key("else") {
                    queue.push_back(loc.child("else"));
                }
            }
        }
        Ok(out)
    }

    fn expand(&mut self, roots: &[Location], depth: usize) -> Gen<Vec<Location>> {
        self.expand_with(roots, depth, true)
    }

    /// A branch index; when deep, one that allows a scalar if there is such a branch.
    fn pick_branch(&mut self, list: &Location, n: usize, depth: usize) -> Gen<usize> {
        if depth >= self.settings.max_depth {
            let mut shallow = Vec::new();
            for i in 0..n {
                let branch = list.child(&i.to_string());
                let kinds = self.declared_kinds(&branch)?;
                if !kinds.intersect(Kinds::SCALARS).is_empty() {
                    shallow.push(i);
                }
            }
            if let Some(i) = shallow.choose(&mut self.rng) {
                return Ok(*i);
            }
        }
        Ok(self.rng.random_range(0..n))
    }

    /// The kinds a schema's own `type` (or that of its `$ref` target) allows.
    fn declared_kinds(&mut self, at: &Location) -> Gen<Kinds> {
        let Some(map) = self.keywords(at)? else {
            return Ok(Kinds::ALL);
        };
        let mut kinds = self.type_kinds(at, map)?;
        if let Some(Value::String(reference)) = map.get("$ref") {
            let target = self.checker.resolve(at, reference)?;
            if let Some(target_map) = self.keywords(&target)? {
                kinds = kinds.intersect(self.type_kinds(&target, target_map)?);
            }
        }
        Ok(kinds)
    }

    fn type_kinds(&self, at: &Location, map: &Map<String, Value>) -> Gen<Kinds> {
        let invalid = |message: String| {
            Fail::from(SchemaError::InvalidSchema {
                place: self.place(&at.child("type")),
                message,
            })
        };
        let names: Vec<&str> = match map.get("type") {
            None => return Ok(Kinds::ALL),
            Some(Value::String(name)) => vec![name.as_str()],
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            Some(_) => return Err(invalid("`type` must be a string or an array".into())),
        };
        let mut kinds = Kinds::NONE;
        for name in names {
            kinds = kinds.union(
                Kinds::from_type(name)
                    .ok_or_else(|| invalid(format!("unknown type \"{name}\"")))?,
            );
        }
        Ok(kinds)
    }

    fn allowed_kinds(&self, locs: &[Location]) -> Gen<Kinds> {
        let mut kinds = Kinds::ALL;
        for loc in locs {
            if let Some(map) = self.keywords(loc)? {
                kinds = kinds.intersect(self.type_kinds(loc, map)?);
            }
        }
        Ok(kinds)
    }

    fn pick_kind(&mut self, locs: &[Location], kinds: Kinds, depth: usize) -> Kind {
        let mut hinted = Kinds::NONE;
        for loc in locs {
            if let Some(Value::Object(map)) = self.set.get(loc) {
                for (keyword, kind) in HINTS {
                    if map.contains_key(*keyword) {
                        hinted = hinted.union(Kinds::from_type(kind).unwrap_or(Kinds::NONE));
                    }
                }
                if let Some(Value::String(format)) = map.get("format") {
                    if formats::is_string_format(format) {
                        hinted = hinted.union(Kinds::of(Kind::String));
                    } else if formats::is_number_format(format) {
                        hinted = hinted.union(Kinds::from_type("number").unwrap_or(Kinds::NONE));
                    }
                }
            }
        }
        let mut pool = kinds;
        let hinted = hinted.intersect(kinds);
        let other = self.settings.other_type_probability;
        if !hinted.is_empty() && !self.chance(other) {
            pool = hinted;
        }
        if depth >= self.settings.max_depth {
            for candidates in [pool, kinds] {
                let scalars = candidates.intersect(Kinds::SCALARS);
                if !scalars.is_empty() {
                    pool = scalars;
                    break;
                }
            }
        }
        // Null and whole numbers for `number` are real but rarer cases.
        let weighted: Vec<(Kind, u32)> = pool
            .kinds()
            .into_iter()
            .map(|kind| match kind {
                Kind::Null if pool != Kinds::of(Kind::Null) => (kind, 1),
                Kind::Integer if pool.contains(Kind::Fraction) => (kind, 1),
                _ => (kind, 3),
            })
            .collect();
        weighted
            .choose_weighted(&mut self.rng, |(_, w)| *w)
            .map(|(kind, _)| *kind)
            .unwrap_or(Kind::Null)
    }

    /// The values allowed by every `enum` and `const` in `locs`, or `None` when there is none.
    fn literals(&self, locs: &[Location]) -> Gen<Option<Vec<Value>>> {
        let mut result: Option<Vec<Value>> = None;
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            let mut lists = Vec::new();
            if let Some(values) = map.get("enum") {
                let Value::Array(values) = values else {
                    return Err(Fail::from(SchemaError::InvalidSchema {
                        place: self.place(&loc.child("enum")),
                        message: "`enum` must be an array".into(),
                    }));
                };
                lists.push(values.clone());
            }
            if let Some(value) = map.get("const") {
                lists.push(vec![value.clone()]);
            }
            for list in lists {
                result = Some(match result {
                    None => list,
                    Some(previous) => previous
                        .into_iter()
                        .filter(|v| list.iter().any(|w| check::json_eq(v, w)))
                        .collect(),
                });
            }
        }
        Ok(result)
    }

    fn number_keyword(
        &self,
        loc: &Location,
        map: &Map<String, Value>,
        keyword: &str,
    ) -> Gen<Option<Number>> {
        match map.get(keyword) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.clone())),
            Some(_) => Err(Fail::from(SchemaError::InvalidSchema {
                place: self.place(&loc.child(keyword)),
                message: format!("`{keyword}` must be a number"),
            })),
        }
    }

    fn count_keyword(
        &self,
        loc: &Location,
        map: &Map<String, Value>,
        keyword: &str,
    ) -> Gen<Option<u64>> {
        match self.number_keyword(loc, map, keyword)? {
            None => Ok(None),
            Some(n) => match n.as_u64() {
                Some(v) => Ok(Some(v)),
                None => match n.as_f64() {
                    Some(f) if f >= 0.0 && f.fract() == 0.0 => Ok(Some(f as u64)),
                    _ => Err(Fail::from(SchemaError::InvalidSchema {
                        place: self.place(&loc.child(keyword)),
                        message: format!("`{keyword}` must be a non-negative integer"),
                    })),
                },
            },
        }
    }

    fn gen_number(&mut self, locs: &[Location], integer: bool) -> Gen<Value> {
        // Bounds as (value, exclusive).
        let mut lower: Option<(f64, bool)> = None;
        let mut upper: Option<(f64, bool)> = None;
        let mut multiples = Vec::new();
        let mut integer = integer;
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            for (keyword, low, ex) in [
                ("minimum", true, false),
                ("exclusiveMinimum", true, true),
                ("maximum", false, false),
                ("exclusiveMaximum", false, true),
            ] {
                if let Some(n) = self.number_keyword(loc, map, keyword)? {
                    let v = n.as_f64().unwrap_or(0.0);
                    if low {
                        tighten(&mut lower, v, ex, true);
                    } else {
                        tighten(&mut upper, v, ex, false);
                    }
                }
            }
            if let Some(m) = self.number_keyword(loc, map, "multipleOf")? {
                if m.as_f64().is_none_or(|f| f <= 0.0) {
                    return Err(Fail::from(SchemaError::InvalidSchema {
                        place: self.place(&loc.child("multipleOf")),
                        message: "`multipleOf` must be greater than 0".into(),
                    }));
                }
                multiples.push(m);
            }
            let range = match map.get("format").and_then(Value::as_str) {
                Some("int32") => Some((i32::MIN as f64, i32::MAX as f64)),
                Some("int64") => Some((-9.2e18, 9.2e18)),
                Some("float") => Some((-(f32::MAX as f64), f32::MAX as f64)),
                _ => None,
            };
            if let Some((lo, hi)) = range {
                integer |= matches!(
                    map.get("format").and_then(Value::as_str),
                    Some("int32" | "int64")
                );
                tighten(&mut lower, lo, false, true);
                tighten(&mut upper, hi, false, false);
            }
        }
        // Realistic magnitudes when the schema leaves a side open.
        let span = match self.rng.random_range(0..10) {
            0..=6 => 100.0,
            7 | 8 => 100_000.0,
            _ => 1.0e9,
        };
        let (lo, hi) = match (lower, upper) {
            (None, None) if self.rng.random_bool(0.15) => (-span, 0.0),
            (None, None) => (0.0, span),
            (Some((l, _)), None) => (l, l + span),
            (None, Some((h, _))) => (h - span, h),
            (Some((l, _)), Some((h, _))) => (l, h),
        };
        let within = |v: f64| {
            lower.is_none_or(|(l, ex)| if ex { v > l } else { v >= l })
                && upper.is_none_or(|(h, ex)| if ex { v < h } else { v <= h })
        };
        if !(lo.is_finite() && hi.is_finite()) || lo > hi {
            return Err(Fail::Retry("the numeric bounds leave no room".into()));
        }
        let whole_multiple = multiples.iter().all(check::is_integer);
        if integer && whole_multiple {
            let mut step: i128 = 1;
            for m in &multiples {
                let m = m.as_f64().unwrap_or(1.0) as i128;
                step = lcm(step, m)
                    .ok_or_else(|| Fail::Retry("`multipleOf` values overflow".into()))?;
            }
            let lo_i = (lo.ceil() as i128).max(i64::MIN as i128);
            let hi_i = (hi.floor() as i128).min(i64::MAX as i128);
            let k_lo = div_ceil(lo_i, step);
            let k_hi = div_floor(hi_i, step);
            if k_lo > k_hi {
                return Err(Fail::Retry("no integer multiple within the bounds".into()));
            }
            for _ in 0..4 {
                let k = self.rng.random_range(k_lo..=k_hi);
                let v = k * step;
                if within(v as f64) || !within(lo) {
                    return Ok(int_value(v));
                }
            }
            // Near an exclusive bound: walk inwards from it.
            let v = (k_lo..=k_hi)
                .take(3)
                .map(|k| k * step)
                .find(|v| within(*v as f64))
                .ok_or_else(|| Fail::Retry("no integer strictly within the bounds".into()))?;
            return Ok(int_value(v));
        }
        if let Some(m) = multiples.first() {
            let step = m.as_f64().unwrap_or(1.0);
            let (k_lo, k_hi) = ((lo / step).ceil(), (hi / step).floor());
            if !(k_lo.is_finite() && k_hi.is_finite()) || k_lo > k_hi || k_hi - k_lo > 1.0e15 {
                return Err(Fail::Retry(
                    "no multiple of `multipleOf` within the bounds".into(),
                ));
            }
            let k = if k_lo == k_hi {
                k_lo
            } else {
                self.rng.random_range(k_lo..=k_hi).round()
            } as i128;
            // Multiply in decimal (`k * 0.1` as `k e-1`), not in binary, so that the number's
            // decimal form is an exact multiple.
            if let Some((mantissa, exponent)) = check::decimal(m) {
                if let Some(product) = mantissa.checked_mul(k) {
                    if let Ok(v) = format!("{product}e{exponent}").parse::<f64>() {
                        return float_value(v);
                    }
                }
            }
            return float_value(k as f64 * step);
        }
        let x = if lo == hi {
            lo
        } else {
            self.rng.random_range(lo..=hi)
        };
        let x = if integer { x.round() } else { x };
        let rounded = (x * 100.0).round() / 100.0;
        let v = if within(rounded) {
            rounded
        } else if within(x) {
            x
        } else {
            (lo + hi) / 2.0
        };
        if integer {
            return Ok(int_value(v as i128));
        }
        float_value(v)
    }

    fn sampler(&mut self, at: &Location, pattern: &str) -> Gen<Rc<Sampler>> {
        let entry = self
            .samplers
            .entry(pattern.to_string())
            .or_insert_with(|| Sampler::new(pattern).map(Rc::new));
        match entry {
            Ok(sampler) => Ok(sampler.clone()),
            Err(message) => {
                let message = message.clone();
                Err(Fail::from(SchemaError::InvalidRegex {
                    place: self.place(at),
                    pattern: pattern.to_string(),
                    message,
                }))
            }
        }
    }

    fn gen_string(&mut self, locs: &[Location]) -> Gen<Value> {
        let mut min = 0u64;
        let mut max = u64::MAX;
        let mut patterns = Vec::new();
        let mut string_formats = Vec::new();
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            if let Some(n) = self.count_keyword(loc, map, "minLength")? {
                min = min.max(n);
            }
            if let Some(n) = self.count_keyword(loc, map, "maxLength")? {
                max = max.min(n);
            }
            if let Some(pattern) = map.get("pattern") {
                let Value::String(pattern) = pattern else {
                    return Err(Fail::from(SchemaError::InvalidSchema {
                        place: self.place(&loc.child("pattern")),
                        message: "`pattern` must be a string".into(),
                    }));
                };
                patterns.push((loc.child("pattern"), pattern.clone()));
            }
            if let Some(Value::String(format)) = map.get("format") {
                if formats::is_string_format(format) {
                    string_formats.push(format.clone());
                }
            }
        }
        if min > max {
            return Err(Fail::Retry(format!(
                "minLength {min} exceeds maxLength {max}"
            )));
        }
        let unusual = self.settings.unusual_char_probability;
        if let Some(format) = string_formats.first() {
            if patterns.is_empty() || self.rng.random_bool(0.5) {
                let text = formats::generate(format, &mut self.rng).unwrap_or_default();
                return Ok(Value::String(text));
            }
        }
        if let Some((at, pattern)) = patterns.choose(&mut self.rng).cloned() {
            let sampler = self.sampler(&at, &pattern)?;
            let mut text = sampler.sample(&mut self.rng, unusual);
            let len = text.chars().count() as u64;
            if len < min && min - len <= 10_000 {
                let pad = self::text(&mut self.rng, (min - len) as usize, unusual);
                if sampler.open_end() {
                    text.push_str(&pad);
                } else if sampler.open_start() {
                    text.insert_str(0, &pad);
                }
            }
            return Ok(Value::String(text));
        }
        let (a, b) = (
            *self.settings.string_len.start() as u64,
            *self.settings.string_len.end() as u64,
        );
        let lo = min.max(a.min(max));
        let hi = max.min(b.max(lo));
        if lo > 1_000_000 {
            return Err(self.instance_error(
                locs.first(),
                format!("minLength {lo} is too large to generate"),
            ));
        }
        let len = self.pick(lo..=hi) as usize;
        Ok(Value::String(text(&mut self.rng, len, unusual)))
    }

    fn gen_array(&mut self, locs: &[Location], depth: usize) -> Gen<Value> {
        let mut min = 0u64;
        let mut max = u64::MAX;
        let mut unique = false;
        let mut contains = Vec::new();
        let mut need = 0u64;
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            if let Some(n) = self.count_keyword(loc, map, "minItems")? {
                min = min.max(n);
            }
            if let Some(n) = self.count_keyword(loc, map, "maxItems")? {
                max = max.min(n);
            }
            unique |= map.get("uniqueItems") == Some(&Value::Bool(true));
            let prefix = match map.get("prefixItems") {
                Some(Value::Array(p)) => p.len() as u64,
                _ => 0,
            };
            if map.get("items") == Some(&Value::Bool(false)) {
                max = max.min(prefix);
            }
            if map.contains_key("contains") {
                contains.push(loc.child("contains"));
                need = need.max(self.count_keyword(loc, map, "minContains")?.unwrap_or(1));
                if let Some(n) = self.count_keyword(loc, map, "maxContains")? {
                    need = need.min(n);
                }
            }
        }
        let lo = min.max(need);
        if lo > max {
            return Err(Fail::Retry(format!(
                "needs {lo} items but at most {max} are allowed"
            )));
        }
        if lo > 10_000 {
            return Err(self.instance_error(
                locs.first(),
                format!("minItems {lo} is too large to generate"),
            ));
        }
        let (a, b) = (
            *self.settings.array_len.start() as u64,
            *self.settings.array_len.end() as u64,
        );
        let empty = self.settings.empty_probability;
        let len = if depth >= self.settings.max_depth || self.chance(empty) {
            lo
        } else {
            let low = lo.max(a.min(max));
            self.pick(low..=max.min(b.max(low)))
        };
        let mut items: Vec<Value> = Vec::new();
        for i in 0..len as usize {
            let mut subs = self.item_schemas(locs, i)?;
            if (i as u64) < need {
                subs.extend(contains.iter().cloned());
            }
            let mut tries = 0;
            loop {
                let item = self.generate(&subs, depth + 1)?;
                if unique && items.iter().any(|other| check::json_eq(other, &item)) {
                    tries += 1;
                    if tries > 6 {
                        return Err(Fail::Retry("could not find enough distinct items".into()));
                    }
                    continue;
                }
                items.push(item);
                break;
            }
        }
        Ok(Value::Array(items))
    }

    /// The schemas that apply to item `i` of an array, from `prefixItems` and `items`.
    fn item_schemas(&self, locs: &[Location], i: usize) -> Gen<Vec<Location>> {
        let mut subs = Vec::new();
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            let prefix = match map.get("prefixItems") {
                Some(Value::Array(p)) => p.len(),
                _ => 0,
            };
            if i < prefix {
                subs.push(loc.child("prefixItems").child(&i.to_string()));
            } else if let Some(items) = map.get("items") {
                if items.is_array() {
                    return Err(Fail::from(SchemaError::Unsupported {
                        place: self.place(&loc.child("items")),
                        message: "an array `items` is draft 2019-09 or older; draft 2020-12 uses `prefixItems`".into(),
                    }));
                }
                subs.push(loc.child("items"));
            }
        }
        Ok(subs)
    }

    /// The schemas that apply to property `name`, or `None` when some schema forbids it.
    fn property_schemas(&mut self, locs: &[Location], name: &str) -> Gen<Option<Vec<Location>>> {
        let mut subs = Vec::new();
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            let mut covered = false;
            if let Some(Value::Object(properties)) = map.get("properties") {
                if properties.contains_key(name) {
                    subs.push(loc.child("properties").child(name));
                    covered = true;
                }
            }
            if let Some(Value::Object(patterns)) = map.get("patternProperties") {
                for pattern in patterns.keys() {
                    let at = loc.child("patternProperties").child(pattern);
                    if self.checker.matches(&at, pattern, name)? {
                        subs.push(at);
                        covered = true;
                    }
                }
            }
            if !covered && map.contains_key("additionalProperties") {
                subs.push(loc.child("additionalProperties"));
            }
        }
        for sub in &subs {
            if self.schema(sub)? == &Value::Bool(false) {
                return Ok(None);
            }
        }
        Ok(Some(subs))
    }

    fn gen_object(&mut self, locs: &[Location], depth: usize) -> Gen<Value> {
        let mut names: Vec<String> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut min = 0u64;
        let mut max = u64::MAX;
        let mut closed = false;
        let mut open_map = true;
        let mut patterns = Vec::new();
        let mut name_schemas = Vec::new();
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            if let Some(Value::Object(properties)) = map.get("properties") {
                for name in properties.keys() {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
                open_map &= properties.is_empty();
            }
            if let Some(list) = map.get("required") {
                let Value::Array(list) = list else {
                    return Err(Fail::from(SchemaError::InvalidSchema {
                        place: self.place(&loc.child("required")),
                        message: "`required` must be an array of strings".into(),
                    }));
                };
                for name in list.iter().filter_map(Value::as_str) {
                    if !required.iter().any(|r| r == name) {
                        required.push(name.to_string());
                    }
                }
                open_map &= list.is_empty();
            }
            if let Some(n) = self.count_keyword(loc, map, "minProperties")? {
                min = min.max(n);
            }
            if let Some(n) = self.count_keyword(loc, map, "maxProperties")? {
                max = max.min(n);
            }
            closed |= map.get("additionalProperties") == Some(&Value::Bool(false));
            closed |= map
                .get("unevaluatedProperties")
                .is_some_and(|u| u != &Value::Bool(true));
            if let Some(Value::Object(pp)) = map.get("patternProperties") {
                for pattern in pp.keys() {
                    patterns.push((
                        loc.child("patternProperties").child(pattern),
                        pattern.clone(),
                    ));
                }
            }
            if let Some(names_schema) = map.get("propertyNames") {
                name_schemas.push(loc.child("propertyNames"));
                // Names drawn from a `propertyNames` pattern have a chance to pass it.
                if let Some(Value::String(pattern)) = names_schema.get("pattern") {
                    let at = loc.child("propertyNames").child("pattern");
                    patterns.push((at, pattern.clone()));
                }
            }
        }
        let sparse = depth >= self.settings.max_depth || {
            let p = self.settings.empty_probability;
            self.chance(p)
        };
        let mut chosen = required.clone();
        let optional_probability = self.settings.optional_probability;
        for name in &names {
            if !chosen.contains(name) && !sparse && self.chance(optional_probability) {
                chosen.push(name.clone());
            }
        }
        self.add_dependencies(locs, &mut chosen)?;
        let extras = if sparse {
            0
        } else if open_map {
            let range = self.settings.array_len.clone();
            self.pick(*range.start() as u64..=*range.end() as u64)
        } else if self.chance(self.settings.extra_property_probability) {
            self.pick(1..=self.settings.max_extra_properties.max(1) as u64)
        } else {
            0
        };
        let mut added = 0;
        for _ in 0..extras * 3 {
            if added >= extras {
                break;
            }
            if let Some(name) =
                self.extra_name(locs, &names, &chosen, &patterns, &name_schemas, closed)?
            {
                chosen.push(name);
                added += 1;
            }
        }
        let mut tries = 0;
        while (chosen.len() as u64) < min {
            tries += 1;
            if tries > 50 + min * 4 {
                return Err(Fail::Retry(format!("could not reach minProperties {min}")));
            }
            if let Some(name) = names.iter().find(|n| !chosen.contains(n)).cloned() {
                chosen.push(name);
            } else if let Some(name) =
                self.extra_name(locs, &names, &chosen, &patterns, &name_schemas, closed)?
            {
                chosen.push(name);
            }
        }
        while chosen.len() as u64 > max {
            let Some(i) = chosen.iter().rposition(|n| !required.contains(n)) else {
                return Err(Fail::Retry(format!(
                    "more required properties than maxProperties {max}"
                )));
            };
            chosen.remove(i);
        }
        for schema in &name_schemas {
            let mut kept = Vec::new();
            for name in chosen {
                if self
                    .checker
                    .is_valid(schema, &Value::String(name.clone()))?
                {
                    kept.push(name);
                } else if required.contains(&name) {
                    return Err(Fail::Retry(format!(
                        "required \"{name}\" fails propertyNames"
                    )));
                }
            }
            chosen = kept;
        }
        let mut object = Map::new();
        for name in chosen {
            match self.property_schemas(locs, &name)? {
                Some(subs) => {
                    let value = self.generate(&subs, depth + 1)?;
                    object.insert(name, value);
                }
                None if required.contains(&name) => {
                    return Err(Fail::Retry(format!("required \"{name}\" is forbidden")));
                }
                None => {}
            }
        }
        Ok(Value::Object(object))
    }

    /// Adds what `dependentRequired` asks for the chosen names, until nothing more is needed.
    fn add_dependencies(&self, locs: &[Location], chosen: &mut Vec<String>) -> Gen<()> {
        loop {
            let mut more = Vec::new();
            for loc in locs {
                let Some(map) = self.keywords(loc)? else {
                    continue;
                };
                if let Some(Value::Object(deps)) = map.get("dependentRequired") {
                    for (name, needed) in deps {
                        if !chosen.contains(name) {
                            continue;
                        }
                        for other in needed
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                        {
                            if !chosen.iter().any(|c| c == other)
                                && !more.iter().any(|m| m == other)
                            {
                                more.push(other.to_string());
                            }
                        }
                    }
                }
            }
            if more.is_empty() {
                return Ok(());
            }
            chosen.extend(more);
        }
    }

    /// A property name outside `properties` that every schema allows, if one is found.
    fn extra_name(
        &mut self,
        locs: &[Location],
        names: &[String],
        chosen: &[String],
        patterns: &[(Location, String)],
        name_schemas: &[Location],
        closed: bool,
    ) -> Gen<Option<String>> {
        let unusual = self.settings.unusual_char_probability;
        let name = if !patterns.is_empty() && (closed || self.rng.random_bool(0.5)) {
            let (at, pattern) = patterns[self.rng.random_range(0..patterns.len())].clone();
            self.sampler(&at, &pattern)?.sample(&mut self.rng, unusual)
        } else if closed {
            return Ok(None);
        } else if self.rng.random_bool(0.35) {
            formats::word(&mut self.rng).to_string()
        } else if self.rng.random_bool(0.5) {
            format!(
                "{}_{}",
                formats::word(&mut self.rng),
                formats::word(&mut self.rng)
            )
        } else {
            let len = self.rng.random_range(1..=12);
            text(&mut self.rng, len, unusual.max(0.1))
        };
        if names.contains(&name) || chosen.contains(&name) {
            return Ok(None);
        }
        for schema in name_schemas {
            if !self
                .checker
                .is_valid(schema, &Value::String(name.clone()))?
            {
                return Ok(None);
            }
        }
        Ok(self.property_schemas(locs, &name)?.map(|_| name))
    }

    fn find_mutation(&mut self, at: &Location, original: &Value) -> Gen<Option<(Value, Mutation)>> {
        let mut sites = Vec::new();
        self.collect_sites(
            std::slice::from_ref(at),
            original,
            String::new(),
            &mut sites,
            0,
        )?;
        let mut candidates = Vec::new();
        for (i, site) in sites.iter().enumerate() {
            let value = original.pointer(&site.pointer).unwrap_or(&Value::Null);
            for kind in self.mutation_kinds(&site.locs, value)? {
                candidates.push((i, kind));
            }
        }
        candidates.shuffle(&mut self.rng);
        for (i, kind) in candidates
            .into_iter()
            .take(self.settings.attempts.max(1) * 8)
        {
            let site = &sites[i];
            let Some(current) = original.pointer(&site.pointer) else {
                continue;
            };
            let locs = site.locs.clone();
            for replacement in self.mutations(&locs, current, kind)? {
                let mut mutated = original.clone();
                match mutated.pointer_mut(&site.pointer) {
                    Some(spot) => *spot = replacement,
                    None => continue,
                }
                let failures = self.checker.validate(at, &mutated)?;
                if let [failure] = failures.as_slice() {
                    if failure.keyword == kind.keyword() && failure.instance == site.pointer {
                        let mutation = Mutation {
                            kind,
                            pointer: site.pointer.clone(),
                            schema: failure.schema.clone(),
                            message: failure.message.clone(),
                        };
                        return Ok(Some((mutated, mutation)));
                    }
                }
            }
        }
        Ok(None)
    }

    /// Every value of `value` with the schemas that apply to it whatever branch is taken.
    fn collect_sites(
        &mut self,
        roots: &[Location],
        value: &Value,
        pointer: String,
        sites: &mut Vec<Site>,
        depth: usize,
    ) -> Gen<()> {
        if depth > 200 {
            return Ok(());
        }
        let locs = self.expand_with(roots, depth, false)?;
        match value {
            Value::Object(object) => {
                for (name, child) in object {
                    if let Some(subs) = self.property_schemas(&locs, name)? {
                        let child_pointer = format!("{pointer}/{}", escape_token(name));
                        self.collect_sites(&subs, child, child_pointer, sites, depth + 1)?;
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let subs = self.item_schemas(&locs, i)?;
                    self.collect_sites(&subs, child, format!("{pointer}/{i}"), sites, depth + 1)?;
                }
            }
            _ => {}
        }
        sites.push(Site { pointer, locs });
        Ok(())
    }

    fn mutation_kinds(&self, locs: &[Location], value: &Value) -> Gen<Vec<MutationKind>> {
        let mut kinds = Vec::new();
        if self.allowed_kinds(locs)? != Kinds::ALL {
            kinds.push(MutationKind::Type);
        }
        for loc in locs {
            let Some(map) = self.keywords(loc)? else {
                continue;
            };
            let has = |k: &str| map.contains_key(k);
            let positive = |k: &str| map.get(k).and_then(Value::as_f64).is_some_and(|n| n > 0.0);
            let mut add = |kind| {
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            };
            if has("enum") {
                add(MutationKind::Enum);
            }
            if has("const") {
                add(MutationKind::Const);
            }
            if let Some(Value::String(format)) = map.get("format") {
                let applies = match value {
                    Value::String(_) => formats::is_string_format(format),
                    Value::Number(_) => formats::is_number_format(format) && format != "double",
                    _ => false,
                };
                if applies {
                    add(MutationKind::Format);
                }
            }
            match value {
                Value::String(_) => {
                    if positive("minLength") {
                        add(MutationKind::MinLength);
                    }
                    if has("maxLength") {
                        add(MutationKind::MaxLength);
                    }
                    if has("pattern") {
                        add(MutationKind::Pattern);
                    }
                }
                Value::Number(_) => {
                    for (keyword, kind) in [
                        ("minimum", MutationKind::Minimum),
                        ("maximum", MutationKind::Maximum),
                        ("exclusiveMinimum", MutationKind::ExclusiveMinimum),
                        ("exclusiveMaximum", MutationKind::ExclusiveMaximum),
                        ("multipleOf", MutationKind::MultipleOf),
                    ] {
                        if has(keyword) {
                            add(kind);
                        }
                    }
                }
                Value::Object(_) => {
                    if has("required") {
                        add(MutationKind::Required);
                    }
                    if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                        add(MutationKind::AdditionalProperties);
                    }
                    if positive("minProperties") {
                        add(MutationKind::MinProperties);
                    }
                    if has("maxProperties") {
                        add(MutationKind::MaxProperties);
                    }
                    if has("propertyNames") {
                        add(MutationKind::PropertyNames);
                    }
                }
                Value::Array(_) => {
                    if positive("minItems") {
                        add(MutationKind::MinItems);
                    }
                    if has("maxItems") {
                        add(MutationKind::MaxItems);
                    }
                    if map.get("uniqueItems") == Some(&Value::Bool(true)) {
                        add(MutationKind::UniqueItems);
                    }
                }
                _ => {}
            }
        }
        Ok(kinds)
    }

    /// Candidate replacements for `value` meant to break `kind`; the caller keeps one that breaks
    /// exactly that constraint.
    fn mutations(
        &mut self,
        locs: &[Location],
        value: &Value,
        kind: MutationKind,
    ) -> Gen<Vec<Value>> {
        let mut out = Vec::new();
        let keyword = kind.keyword();
        let mut params = Vec::new();
        for loc in locs {
            if let Some(map) = self.keywords(loc)? {
                if let Some(param) = map.get(keyword) {
                    params.push((loc.clone(), map, param));
                }
            }
        }
        match kind {
            MutationKind::Type => {
                let allowed = self.allowed_kinds(locs)?;
                for kind in KINDS {
                    if !allowed.contains(kind) {
                        out.push(sample_of_kind(kind, value));
                    }
                }
            }
            MutationKind::Enum | MutationKind::Const => {
                let mut listed = Vec::new();
                for (_, _, param) in &params {
                    match param {
                        Value::Array(values) if kind == MutationKind::Enum => {
                            listed.extend(values.iter().cloned())
                        }
                        other => listed.push((*other).clone()),
                    }
                }
                let candidates = match value {
                    Value::String(s) => vec![
                        Value::from(format!("{s}_not_listed")),
                        Value::from("not_listed"),
                    ],
                    Value::Number(n) => {
                        let top = listed
                            .iter()
                            .filter_map(Value::as_f64)
                            .fold(n.as_f64().unwrap_or(0.0), f64::max);
                        vec![
                            int_value(top.floor() as i128 + 1),
                            float_value(top + 0.5).unwrap_or(Value::Null),
                        ]
                    }
                    Value::Bool(b) => vec![Value::Bool(!b)],
                    Value::Array(items) => {
                        let mut longer = items.clone();
                        longer.push(Value::Null);
                        vec![Value::Array(longer), Value::Array(Vec::new())]
                    }
                    Value::Object(object) => {
                        let mut other = object.clone();
                        other.insert("not_listed".into(), Value::Null);
                        vec![Value::Object(other), Value::Object(Map::new())]
                    }
                    Value::Null => vec![Value::Bool(false), Value::from(0), Value::from("")],
                };
                out.extend(
                    candidates
                        .into_iter()
                        .filter(|c| !listed.iter().any(|l| check::json_eq(l, c))),
                );
            }
            MutationKind::Format => {
                for (_, _, param) in &params {
                    if let Value::String(format) = param {
                        out.extend(formats::invalid_examples(format));
                    }
                }
            }
            MutationKind::MinLength => {
                if let Value::String(s) = value {
                    for (_, _, param) in &params {
                        if let Some(n) = param.as_u64().filter(|n| *n > 0) {
                            out.push(Value::String(s.chars().take(n as usize - 1).collect()));
                        }
                    }
                }
            }
            MutationKind::MaxLength => {
                if let Value::String(s) = value {
                    for (_, _, param) in &params {
                        if let Some(n) = param.as_u64().filter(|n| *n < 100_000) {
                            let fill: Vec<char> = if s.is_empty() {
                                vec!['a']
                            } else {
                                s.chars().collect()
                            };
                            out.push(Value::String(
                                fill.iter().cycle().take(n as usize + 1).collect(),
                            ));
                        }
                    }
                }
            }
            MutationKind::Pattern => {
                if let Value::String(s) = value {
                    let unusual = self.settings.unusual_char_probability;
                    let random = text(&mut self.rng, 6, unusual);
                    for candidate in [
                        String::new(),
                        format!("!{s}"),
                        format!("{s} !"),
                        "!".into(),
                        random,
                    ] {
                        out.push(Value::String(candidate));
                    }
                }
            }
            MutationKind::Minimum | MutationKind::ExclusiveMinimum => {
                for (_, _, param) in &params {
                    if let Some(limit) = param.as_f64() {
                        if kind == MutationKind::ExclusiveMinimum {
                            out.push((*param).clone());
                        }
                        out.push(int_value(limit.ceil() as i128 - 1));
                        out.extend(float_value(limit - 0.5).ok());
                    }
                }
            }
            MutationKind::Maximum | MutationKind::ExclusiveMaximum => {
                for (_, _, param) in &params {
                    if let Some(limit) = param.as_f64() {
                        if kind == MutationKind::ExclusiveMaximum {
                            out.push((*param).clone());
                        }
                        out.push(int_value(limit.floor() as i128 + 1));
                        out.extend(float_value(limit + 0.5).ok());
                    }
                }
            }
            MutationKind::MultipleOf => {
                if let Value::Number(n) = value {
                    let x = n.as_f64().unwrap_or(0.0);
                    for (_, _, param) in &params {
                        if let Some(m) = param.as_f64() {
                            if m >= 2.0 && m.fract() == 0.0 {
                                out.push(int_value(x as i128 + 1));
                            }
                            out.extend(float_value(x + m / 2.0).ok());
                        }
                    }
                }
            }
            MutationKind::Required => {
                if let Value::Object(object) = value {
                    for (_, _, param) in &params {
                        for name in param
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                        {
                            if object.contains_key(name) {
                                let mut without = object.clone();
                                without.remove(name);
                                out.push(Value::Object(without));
                            }
                        }
                    }
                }
            }
            MutationKind::AdditionalProperties | MutationKind::MaxProperties => {
                if let Value::Object(object) = value {
                    let target = match kind {
                        MutationKind::MaxProperties => params
                            .iter()
                            .filter_map(|(_, _, p)| p.as_u64())
                            .min()
                            .unwrap_or(0)
                            .saturating_add(1),
                        _ => object.len() as u64 + 1,
                    };
                    if target <= 1_000 {
                        let mut bigger = object.clone();
                        let mut i = 0;
                        while (bigger.len() as u64) < target {
                            // Letters only, so that a `propertyNames` pattern is less likely to object too.
                            let suffix: String = i
                                .to_string()
                                .bytes()
                                .map(|d| (b'a' + (d - b'0')) as char)
                                .collect();
                            bigger.insert(format!("unexpected{suffix}"), Value::Null);
                            i += 1;
                        }
                        out.push(Value::Object(bigger));
                    }
                }
            }
            MutationKind::MinProperties => {
                if let Value::Object(object) = value {
                    for (_, _, param) in &params {
                        if let Some(n) = param.as_u64().filter(|n| *n > 0) {
                            let mut smaller = object.clone();
                            while smaller.len() as u64 >= n {
                                let Some(key) = smaller.keys().next().cloned() else {
                                    break;
                                };
                                smaller.remove(&key);
                            }
                            out.push(Value::Object(smaller));
                        }
                    }
                }
            }
            MutationKind::PropertyNames => {
                if let Value::Object(object) = value {
                    for name in ["", "1", "NOT a valid name!", "x", "-"] {
                        if !object.contains_key(name) {
                            let mut bigger = object.clone();
                            bigger.insert(name.to_string(), Value::Null);
                            out.push(Value::Object(bigger));
                        }
                    }
                }
            }
            MutationKind::MinItems => {
                if let Value::Array(items) = value {
                    for (_, _, param) in &params {
                        if let Some(n) = param.as_u64().filter(|n| *n > 0) {
                            out.push(Value::Array(
                                items.iter().take(n as usize - 1).cloned().collect(),
                            ));
                        }
                    }
                }
            }
            MutationKind::MaxItems => {
                if let Value::Array(items) = value {
                    let limit = params
                        .iter()
                        .filter_map(|(_, _, p)| p.as_u64())
                        .min()
                        .unwrap_or(0);
                    if limit < 1_000 {
                        // New items from the item schemas, so only the count is wrong.
                        let mut longer = items.clone();
                        while longer.len() as u64 <= limit {
                            let subs = self.item_schemas(locs, longer.len())?;
                            longer.push(self.generate(&subs, 1)?);
                        }
                        out.push(Value::Array(longer));
                    }
                }
            }
            MutationKind::UniqueItems => {
                if let Value::Array(items) = value {
                    if let Some(first) = items.first() {
                        if items.len() >= 2 {
                            let mut copy = items.clone();
                            copy[1] = first.clone();
                            out.push(Value::Array(copy));
                        }
                        let mut longer = items.clone();
                        longer.push(first.clone());
                        out.push(Value::Array(longer));
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Keeps the tighter of a bound and `(v, exclusive)`; `low` for lower bounds.
fn tighten(bound: &mut Option<(f64, bool)>, v: f64, exclusive: bool, low: bool) {
    let tighter = match *bound {
        None => true,
        Some((b, _)) if v == b => exclusive,
        Some((b, _)) => (v > b) == low,
    };
    if tighter {
        *bound = Some((v, exclusive));
    }
}

/// A simple value of `kind`, near `like` where that helps keep other constraints.
fn sample_of_kind(kind: Kind, like: &Value) -> Value {
    match kind {
        Kind::Null => Value::Null,
        Kind::Boolean => Value::Bool(true),
        Kind::Integer => like
            .as_f64()
            .map_or(Value::from(7), |x| int_value(x.round() as i128)),
        Kind::Fraction => {
            float_value(like.as_f64().map_or(2.5, |x| x.floor() + 0.5)).unwrap_or(Value::Null)
        }
        Kind::String => Value::from("text"),
        Kind::Array => Value::Array(Vec::new()),
        Kind::Object => Value::Object(Map::new()),
    }
}

fn int_value(v: i128) -> Value {
    if let Ok(i) = i64::try_from(v) {
        Value::from(i)
    } else if let Ok(u) = u64::try_from(v) {
        Value::from(u)
    } else {
        Value::from(v as f64)
    }
}

fn float_value(v: f64) -> Gen<Value> {
    Number::from_f64(v)
        .map(Value::Number)
        .ok_or_else(|| Fail::Retry(format!("{v} is not a JSON number")))
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

fn lcm(a: i128, b: i128) -> Option<i128> {
    if a == 0 || b == 0 {
        return None;
    }
    (a / gcd(a, b)).checked_mul(b).map(i128::abs)
}

fn div_floor(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

/// Characters of free text: mostly plain, sometimes the ones that test escaping and UTF-8.
const PLAIN: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.";
const UNUSUAL: &[char] = &[
    'é', 'ß', 'Ж', '中', '😀', '"', '\\', '/', '\n', '\t', '\u{0}', '\u{7f}', '\u{2028}', '\'',
];

fn text<R: Rng>(rng: &mut R, len: usize, unusual: f64) -> String {
    (0..len)
        .map(|_| {
            if unusual > 0.0 && rng.random_bool(unusual.min(1.0)) {
                UNUSUAL[rng.random_range(0..UNUSUAL.len())]
            } else {
                PLAIN[rng.random_range(0..PLAIN.len())] as char
            }
        })
        .collect()
}
