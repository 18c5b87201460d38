//! A compact draft 2020-12 validator with format assertion on. The generator checks everything it
//! produces with it (and every mutation), so it never hands out data it has not verified.
//!
//! Failures are reported at the assertion that failed (`type`, `required`, ...), through `$ref`,
//! `allOf`, `properties`, `items` and the like; `anyOf`, `oneOf` and `not` report one failure of
//! their own. So "exactly one failure" means "exactly one constraint is broken".

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Number, Value};

use super::{formats, patterns};
use codegen::error::{Error, Place, Result};
use codegen::load::{escape_token, Location, SchemaSet};

/// One broken constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// JSON pointer of the offending value inside the instance.
    pub instance: String,
    /// The schema object that holds the keyword.
    pub schema: Location,
    pub keyword: String,
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "at \"{}\": {} ({}/{})",
            self.instance, self.message, self.schema.pointer, self.keyword
        )
    }
}

/// A numeric bound keyword, when a comparison with it passes, and how a failure reads.
type Bound = (&'static str, fn(Ordering) -> bool, &'static str);

/// Keywords with assertion or applicator meaning that this validator does not implement.
const UNSUPPORTED: &[&str] = &["$dynamicRef", "$recursiveRef"];

/// How deep `$ref`s may nest without the instance getting deeper: beyond, the schema loops.
const MAX_REF_DEPTH: usize = 64;

pub struct Checker<'a> {
    set: &'a SchemaSet,
    regexes: HashMap<String, std::result::Result<regress::Regex, String>>,
    /// Each `$ref` resolved once: resolving joins URIs, and instances go through the same
    /// references again and again.
    refs: HashMap<Location, HashMap<String, Location>>,
}

/// Failures plus the annotations `unevaluatedProperties`/`unevaluatedItems` need.
#[derive(Default)]
struct Eval {
    failures: Vec<Failure>,
    props: BTreeSet<String>,
    items: BTreeSet<usize>,
    all_items: bool,
}

impl Eval {
    fn absorb(&mut self, other: Eval) {
        self.failures.extend(other.failures);
        self.absorb_annotations(other.props, other.items, other.all_items);
    }

    fn absorb_annotations(&mut self, props: BTreeSet<String>, items: BTreeSet<usize>, all: bool) {
        self.props.extend(props);
        self.items.extend(items);
        self.all_items |= all;
    }
}

impl<'a> Checker<'a> {
    pub fn new(set: &'a SchemaSet) -> Self {
        Checker {
            set,
            regexes: HashMap::new(),
            refs: HashMap::new(),
        }
    }

    /// The target of the `$ref` `reference` of the schema at `at`.
    pub fn resolve(&mut self, at: &Location, reference: &str) -> Result<Location> {
        if let Some(target) = self.refs.get(at).and_then(|refs| refs.get(reference)) {
            return Ok(target.clone());
        }
        let target = self.set.resolve(at, reference)?;
        self.refs
            .entry(at.clone())
            .or_default()
            .insert(reference.to_string(), target.clone());
        Ok(target)
    }

    /// Every broken constraint of `instance` against the schema at `at`; empty when valid.
    /// Errors are schema problems (malformed keywords, bad `$ref`s, unsupported keywords).
    pub fn validate(&mut self, at: &Location, instance: &Value) -> Result<Vec<Failure>> {
        let mut ptr = String::new();
        Ok(self.eval(at, instance, &mut ptr, 0)?.failures)
    }

    pub fn is_valid(&mut self, at: &Location, instance: &Value) -> Result<bool> {
        Ok(self.validate(at, instance)?.is_empty())
    }

    /// Whether `text` matches the `pattern` found in the schema at `at` (for error places).
    pub fn matches(&mut self, at: &Location, pattern: &str, text: &str) -> Result<bool> {
        let set = self.set;
        let regex = self
            .regexes
            .entry(pattern.to_string())
            .or_insert_with(|| patterns::compile_ecma(pattern));
        match regex {
            Ok(regex) => Ok(regex.find(text).is_some()),
            Err(message) => Err(Error::InvalidRegex {
                place: set.place(at),
                pattern: pattern.to_string(),
                message: message.clone(),
            }),
        }
    }

    fn invalid(&self, at: &Location, keyword: &str, message: String) -> Error {
        let mut place = self.set.place(at);
        place.pointer = format!("{}/{}", place.pointer, escape_token(keyword));
        Error::InvalidSchema { place, message }
    }

    fn eval(&mut self, at: &Location, inst: &Value, ptr: &mut String, refs: usize) -> Result<Eval> {
        let set = self.set;
        let Some(schema) = set.get(at) else {
            return Err(Error::InvalidSchema {
                place: Place::new(&set.document(at.doc).file, at.pointer.clone()),
                message: "no schema at this pointer".into(),
            });
        };
        let mut out = Eval::default();
        let map = match schema {
            Value::Bool(true) => return Ok(out),
            Value::Bool(false) => {
                self.fail(
                    &mut out,
                    at,
                    ptr,
                    "false",
                    "the schema `false` admits nothing".into(),
                );
                return Ok(out);
            }
            Value::Object(map) => map,
            other => {
                return Err(Error::InvalidSchema {
                    place: set.place(at),
                    message: format!(
                        "a schema must be an object or a boolean, found {}",
                        codegen::load::kind_of(other)
                    ),
                })
            }
        };
        for keyword in UNSUPPORTED {
            if map.contains_key(*keyword) {
                return Err(Error::Unsupported {
                    place: set.place(&at.child(keyword)),
                    message: format!("the instance checker does not support `{keyword}`"),
                });
            }
        }
        if let Some(reference) = map.get("$ref") {
            let Value::String(reference) = reference else {
                return Err(self.invalid(at, "$ref", "`$ref` must be a string".into()));
            };
            if refs >= MAX_REF_DEPTH {
                return Err(Error::InvalidSchema {
                    place: set.place(&at.child("$ref")),
                    message: format!(
                        "`$ref`s nest more than {MAX_REF_DEPTH} levels without going into the instance: the schema loops"
                    ),
                });
            }
            let target = self.resolve(at, reference)?;
            let sub = self.eval(&target, inst, ptr, refs + 1)?;
            out.absorb(sub);
        }
        self.eval_generic(at, map, inst, ptr, &mut out)?;
        match inst {
            Value::Number(n) => self.eval_number(at, map, n, ptr, &mut out)?,
            Value::String(s) => self.eval_string(at, map, s, ptr, &mut out)?,
            Value::Array(items) => self.eval_array(at, map, items, ptr, &mut out)?,
            Value::Object(obj) => self.eval_object(at, map, obj, ptr, refs, &mut out)?,
            _ => {}
        }
        self.eval_combinators(at, map, inst, ptr, refs, &mut out)?;
        // Last: they depend on the annotations of every other keyword.
        if let Value::Array(items) = inst {
            if let Some(unevaluated) = map.get("unevaluatedItems") {
                let loc = at.child("unevaluatedItems");
                for (i, item) in items.iter().enumerate() {
                    if out.all_items || out.items.contains(&i) {
                        continue;
                    }
                    if unevaluated == &Value::Bool(false) {
                        let message = format!("item {i} is not evaluated by any keyword");
                        self.fail(&mut out, at, ptr, "unevaluatedItems", message);
                        continue;
                    }
                    let sub = self.eval_child(&loc, item, ptr, &i.to_string())?;
                    out.failures.extend(sub.failures);
                }
                out.all_items = true;
            }
        }
        if let Value::Object(obj) = inst {
            if let Some(unevaluated) = map.get("unevaluatedProperties") {
                let loc = at.child("unevaluatedProperties");
                for (name, value) in obj {
                    if out.props.contains(name) {
                        continue;
                    }
                    if unevaluated == &Value::Bool(false) {
                        let message =
                            format!("property \"{name}\" is not evaluated by any keyword");
                        self.fail(&mut out, at, ptr, "unevaluatedProperties", message);
                        continue;
                    }
                    let sub = self.eval_child(&loc, value, ptr, name)?;
                    out.failures.extend(sub.failures);
                }
                out.props.extend(obj.keys().cloned());
            }
        }
        Ok(out)
    }

    /// Evaluates a child instance (`token` below `ptr`) against the schema at `loc`.
    fn eval_child(
        &mut self,
        loc: &Location,
        inst: &Value,
        ptr: &mut String,
        token: &str,
    ) -> Result<Eval> {
        let len = ptr.len();
        ptr.push('/');
        ptr.push_str(&escape_token(token));
        let result = self.eval(loc, inst, ptr, 0);
        ptr.truncate(len);
        result
    }

    fn fail(&self, out: &mut Eval, at: &Location, ptr: &str, keyword: &str, message: String) {
        out.failures.push(Failure {
            instance: ptr.to_string(),
            schema: at.clone(),
            keyword: keyword.to_string(),
            message,
        });
    }

    fn eval_generic(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        inst: &Value,
        ptr: &str,
        out: &mut Eval,
    ) -> Result<()> {
        if let Some(types) = map.get("type") {
            let names: Vec<&str> = match types {
                Value::String(name) => vec![name.as_str()],
                Value::Array(names) => names
                    .iter()
                    .map(|n| n.as_str().ok_or(()))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| {
                        self.invalid(at, "type", "`type` entries must be strings".into())
                    })?,
                _ => {
                    return Err(self.invalid(
                        at,
                        "type",
                        "`type` must be a string or an array".into(),
                    ))
                }
            };
            for name in &names {
                if !matches!(
                    *name,
                    "null" | "boolean" | "integer" | "number" | "string" | "array" | "object"
                ) {
                    return Err(self.invalid(at, "type", format!("unknown type \"{name}\"")));
                }
            }
            if !names.iter().any(|name| has_type(inst, name)) {
                self.fail(
                    out,
                    at,
                    ptr,
                    "type",
                    format!(
                        "{} is not of type {}",
                        codegen::load::kind_of(inst),
                        names.join(" or ")
                    ),
                );
            }
        }
        if let Some(values) = map.get("enum") {
            let Value::Array(values) = values else {
                return Err(self.invalid(at, "enum", "`enum` must be an array".into()));
            };
            if !values.iter().any(|v| json_eq(v, inst)) {
                self.fail(
                    out,
                    at,
                    ptr,
                    "enum",
                    "value is not one of the `enum` values".into(),
                );
            }
        }
        if let Some(value) = map.get("const") {
            if !json_eq(value, inst) {
                self.fail(out, at, ptr, "const", format!("value is not {value}"));
            }
        }
        if let Some(format) = map.get("format") {
            let Value::String(format) = format else {
                return Err(self.invalid(at, "format", "`format` must be a string".into()));
            };
            if formats::check(format, inst) == Some(false) {
                self.fail(
                    out,
                    at,
                    ptr,
                    "format",
                    format!("value is not a valid \"{format}\""),
                );
            }
        }
        Ok(())
    }

    fn number(
        &self,
        at: &Location,
        map: &Map<String, Value>,
        keyword: &str,
    ) -> Result<Option<Number>> {
        match map.get(keyword) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.clone())),
            Some(_) => Err(self.invalid(at, keyword, format!("`{keyword}` must be a number"))),
        }
    }

    fn count(&self, at: &Location, map: &Map<String, Value>, keyword: &str) -> Result<Option<u64>> {
        match map.get(keyword) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) => Ok(Some(v)),
                None => match n.as_f64() {
                    Some(f) if f >= 0.0 && f.fract() == 0.0 => Ok(Some(f as u64)),
                    _ => Err(self.invalid(
                        at,
                        keyword,
                        format!("`{keyword}` must be a non-negative integer"),
                    )),
                },
            },
            Some(_) => Err(self.invalid(
                at,
                keyword,
                format!("`{keyword}` must be a non-negative integer"),
            )),
        }
    }

    fn eval_number(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        n: &Number,
        ptr: &str,
        out: &mut Eval,
    ) -> Result<()> {
        let bounds: [Bound; 4] = [
            ("minimum", |o| o != Ordering::Less, "less than"),
            (
                "exclusiveMinimum",
                |o| o == Ordering::Greater,
                "not greater than",
            ),
            ("maximum", |o| o != Ordering::Greater, "greater than"),
            ("exclusiveMaximum", |o| o == Ordering::Less, "not less than"),
        ];
        for (keyword, ok, words) in bounds {
            if let Some(limit) = self.number(at, map, keyword)? {
                if !ok(num_cmp(n, &limit)) {
                    self.fail(out, at, ptr, keyword, format!("{n} is {words} {limit}"));
                }
            }
        }
        if let Some(m) = self.number(at, map, "multipleOf")? {
            if m.as_f64().is_none_or(|f| f <= 0.0) {
                return Err(self.invalid(
                    at,
                    "multipleOf",
                    "`multipleOf` must be greater than 0".into(),
                ));
            }
            if !is_multiple(n, &m) {
                self.fail(
                    out,
                    at,
                    ptr,
                    "multipleOf",
                    format!("{n} is not a multiple of {m}"),
                );
            }
        }
        Ok(())
    }

    fn eval_string(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        s: &str,
        ptr: &str,
        out: &mut Eval,
    ) -> Result<()> {
        let len = s.chars().count() as u64;
        if let Some(min) = self.count(at, map, "minLength")? {
            if len < min {
                self.fail(
                    out,
                    at,
                    ptr,
                    "minLength",
                    format!("{len} characters, fewer than {min}"),
                );
            }
        }
        if let Some(max) = self.count(at, map, "maxLength")? {
            if len > max {
                self.fail(
                    out,
                    at,
                    ptr,
                    "maxLength",
                    format!("{len} characters, more than {max}"),
                );
            }
        }
        if let Some(pattern) = map.get("pattern") {
            let Value::String(pattern) = pattern else {
                return Err(self.invalid(at, "pattern", "`pattern` must be a string".into()));
            };
            if !self.matches(&at.child("pattern"), pattern, s)? {
                self.fail(
                    out,
                    at,
                    ptr,
                    "pattern",
                    format!("does not match /{pattern}/"),
                );
            }
        }
        Ok(())
    }

    fn eval_array(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        items: &[Value],
        ptr: &mut String,
        out: &mut Eval,
    ) -> Result<()> {
        let len = items.len() as u64;
        if let Some(min) = self.count(at, map, "minItems")? {
            if len < min {
                self.fail(
                    out,
                    at,
                    ptr,
                    "minItems",
                    format!("{len} items, fewer than {min}"),
                );
            }
        }
        if let Some(max) = self.count(at, map, "maxItems")? {
            if len > max {
                self.fail(
                    out,
                    at,
                    ptr,
                    "maxItems",
                    format!("{len} items, more than {max}"),
                );
            }
        }
        if map.get("uniqueItems") == Some(&Value::Bool(true)) {
            let duplicate = (0..items.len())
                .any(|i| (i + 1..items.len()).any(|j| json_eq(&items[i], &items[j])));
            if duplicate {
                self.fail(out, at, ptr, "uniqueItems", "items are not unique".into());
            }
        }
        let mut prefix_len = 0;
        if let Some(prefix) = map.get("prefixItems") {
            let Value::Array(prefix) = prefix else {
                return Err(self.invalid(
                    at,
                    "prefixItems",
                    "`prefixItems` must be an array".into(),
                ));
            };
            prefix_len = prefix.len();
            let loc = at.child("prefixItems");
            for (i, item) in items.iter().enumerate().take(prefix_len) {
                let sub = self.eval_child(&loc.child(&i.to_string()), item, ptr, &i.to_string())?;
                out.failures.extend(sub.failures);
                out.items.insert(i);
            }
        }
        if let Some(schema) = map.get("items") {
            if schema.is_array() {
                return Err(self.invalid(
                    at,
                    "items",
                    "an array `items` is draft 2019-09 or older; draft 2020-12 uses `prefixItems`"
                        .into(),
                ));
            }
            let loc = at.child("items");
            for (i, item) in items.iter().enumerate().skip(prefix_len) {
                let sub = self.eval_child(&loc, item, ptr, &i.to_string())?;
                out.failures.extend(sub.failures);
            }
            out.all_items = true;
        }
        if map.contains_key("contains") {
            let loc = at.child("contains");
            let mut matched = 0u64;
            for (i, item) in items.iter().enumerate() {
                let len = ptr.len();
                let sub = self.eval_child(&loc, item, ptr, &i.to_string())?;
                ptr.truncate(len);
                if sub.failures.is_empty() {
                    matched += 1;
                    out.items.insert(i);
                }
            }
            let min = self.count(at, map, "minContains")?.unwrap_or(1);
            if matched < min {
                self.fail(
                    out,
                    at,
                    ptr,
                    "contains",
                    format!("{matched} items match `contains`, fewer than {min}"),
                );
            }
            if let Some(max) = self.count(at, map, "maxContains")? {
                if matched > max {
                    self.fail(
                        out,
                        at,
                        ptr,
                        "maxContains",
                        format!("{matched} items match `contains`, more than {max}"),
                    );
                }
            }
        }
        Ok(())
    }

    fn eval_object(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        obj: &Map<String, Value>,
        ptr: &mut String,
        refs: usize,
        out: &mut Eval,
    ) -> Result<()> {
        let len = obj.len() as u64;
        if let Some(min) = self.count(at, map, "minProperties")? {
            if len < min {
                self.fail(
                    out,
                    at,
                    ptr,
                    "minProperties",
                    format!("{len} properties, fewer than {min}"),
                );
            }
        }
        if let Some(max) = self.count(at, map, "maxProperties")? {
            if len > max {
                self.fail(
                    out,
                    at,
                    ptr,
                    "maxProperties",
                    format!("{len} properties, more than {max}"),
                );
            }
        }
        if let Some(required) = map.get("required") {
            for name in string_list(required).ok_or_else(|| {
                self.invalid(
                    at,
                    "required",
                    "`required` must be an array of strings".into(),
                )
            })? {
                if !obj.contains_key(name) {
                    self.fail(
                        out,
                        at,
                        ptr,
                        "required",
                        format!("required property \"{name}\" is missing"),
                    );
                }
            }
        }
        if let Some(Value::Object(deps)) = map.get("dependentRequired") {
            for (name, needed) in deps {
                if !obj.contains_key(name) {
                    continue;
                }
                for other in string_list(needed).ok_or_else(|| {
                    self.invalid(
                        at,
                        "dependentRequired",
                        "entries must be arrays of strings".into(),
                    )
                })? {
                    if !obj.contains_key(other) {
                        self.fail(
                            out,
                            at,
                            ptr,
                            "dependentRequired",
                            format!("\"{other}\" is required when \"{name}\" is present"),
                        );
                    }
                }
            }
        }
        let properties = match map.get("properties") {
            None => None,
            Some(Value::Object(p)) => Some(p),
            Some(_) => {
                return Err(self.invalid(at, "properties", "`properties` must be an object".into()))
            }
        };
        let pattern_properties = match map.get("patternProperties") {
            None => None,
            Some(Value::Object(p)) => Some(p),
            Some(_) => {
                return Err(self.invalid(
                    at,
                    "patternProperties",
                    "`patternProperties` must be an object".into(),
                ))
            }
        };
        for (name, value) in obj {
            let mut covered = false;
            if properties.is_some_and(|p| p.contains_key(name)) {
                covered = true;
                let sub = self.eval_child(&at.child("properties").child(name), value, ptr, name)?;
                out.failures.extend(sub.failures);
            }
            if let Some(patterns) = pattern_properties {
                for pattern in patterns.keys() {
                    let loc = at.child("patternProperties").child(pattern);
                    if self.matches(&loc, pattern, name)? {
                        covered = true;
                        let sub = self.eval_child(&loc, value, ptr, name)?;
                        out.failures.extend(sub.failures);
                    }
                }
            }
            if !covered && map.contains_key("additionalProperties") {
                let loc = at.child("additionalProperties");
                if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                    // Reported at the object, naming the property, as validators usually do.
                    self.fail(
                        out,
                        at,
                        ptr,
                        "additionalProperties",
                        format!("property \"{name}\" is not allowed"),
                    );
                } else {
                    let sub = self.eval_child(&loc, value, ptr, name)?;
                    out.failures.extend(sub.failures);
                }
                covered = true;
            }
            if covered {
                out.props.insert(name.clone());
            }
        }
        if map.contains_key("propertyNames") {
            let loc = at.child("propertyNames");
            for name in obj.keys() {
                let sub = self.eval(&loc, &Value::String(name.clone()), ptr, 0)?;
                if !sub.failures.is_empty() {
                    self.fail(
                        out,
                        at,
                        ptr,
                        "propertyNames",
                        format!("property name \"{name}\" is not allowed"),
                    );
                }
            }
        }
        if let Some(deps) = map.get("dependentSchemas") {
            let Value::Object(deps) = deps else {
                return Err(self.invalid(
                    at,
                    "dependentSchemas",
                    "`dependentSchemas` must be an object".into(),
                ));
            };
            for name in deps.keys() {
                if obj.contains_key(name) {
                    let loc = at.child("dependentSchemas").child(name);
                    let sub = self.eval(&loc, &Value::Object(obj.clone()), ptr, refs)?;
                    out.absorb(sub);
                }
            }
        }
        Ok(())
    }

    fn eval_combinators(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        inst: &Value,
        ptr: &mut String,
        refs: usize,
        out: &mut Eval,
    ) -> Result<()> {
        let branches = |keyword: &str| -> Result<Option<usize>> {
            match map.get(keyword) {
                None => Ok(None),
                Some(Value::Array(b)) if !b.is_empty() => Ok(Some(b.len())),
                Some(_) => Err(self.invalid(
                    at,
                    keyword,
                    format!("`{keyword}` must be a non-empty array"),
                )),
            }
        };
        let all_of = branches("allOf")?;
        let any_of = branches("anyOf")?;
        let one_of = branches("oneOf")?;
        if let Some(n) = all_of {
            for i in 0..n {
                let sub = self.eval(&at.child("allOf").child(&i.to_string()), inst, ptr, refs)?;
                out.absorb(sub);
            }
        }
        if let Some(n) = any_of {
            let mut passed = 0;
            for i in 0..n {
                let sub = self.eval(&at.child("anyOf").child(&i.to_string()), inst, ptr, refs)?;
                if sub.failures.is_empty() {
                    passed += 1;
                    out.absorb(sub);
                }
            }
            if passed == 0 {
                self.fail(out, at, ptr, "anyOf", "no `anyOf` branch matches".into());
            }
        }
        if let Some(n) = one_of {
            let mut passed = Vec::new();
            for i in 0..n {
                let sub = self.eval(&at.child("oneOf").child(&i.to_string()), inst, ptr, refs)?;
                if sub.failures.is_empty() {
                    passed.push(sub);
                }
            }
            if passed.len() == 1 {
                out.absorb(passed.pop().expect("one passing branch"));
            } else {
                self.fail(
                    out,
                    at,
                    ptr,
                    "oneOf",
                    format!("{} `oneOf` branches match, not exactly one", passed.len()),
                );
            }
        }
        if map.contains_key("not") {
            let sub = self.eval(&at.child("not"), inst, ptr, refs)?;
            if sub.failures.is_empty() {
                self.fail(out, at, ptr, "not", "value matches the `not` schema".into());
            }
        }
        if map.contains_key("if") {
            let cond = self.eval(&at.child("if"), inst, ptr, refs)?;
            if cond.failures.is_empty() {
                out.absorb(cond);
                if map.contains_key("then") {
                    let sub = self.eval(&at.child("then"), inst, ptr, refs)?;
                    out.absorb(sub);
                }
            } else if map.contains_key("else") {
                let sub = self.eval(&at.child("else"), inst, ptr, refs)?;
                out.absorb(sub);
            }
        }
        Ok(())
    }
}

fn string_list(value: &Value) -> Option<Vec<&str>> {
    match value {
        Value::Array(items) => items.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

/// Whether `inst` is of the JSON Schema type `name` (`integer`: any number without a fraction).
pub fn has_type(inst: &Value, name: &str) -> bool {
    match (name, inst) {
        ("null", Value::Null)
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_))
        | ("string", Value::String(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_)) => true,
        ("integer", Value::Number(n)) => is_integer(n),
        _ => false,
    }
}

pub fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn as_i128(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

/// Compares two JSON numbers exactly when both are integers, else as `f64`.
pub fn num_cmp(a: &Number, b: &Number) -> Ordering {
    if let (Some(x), Some(y)) = (as_i128(a), as_i128(b)) {
        return x.cmp(&y);
    }
    let (x, y) = (
        a.as_f64().unwrap_or(f64::NAN),
        b.as_f64().unwrap_or(f64::NAN),
    );
    x.partial_cmp(&y).unwrap_or(Ordering::Equal)
}

/// `multipleOf`: exact on the numbers' decimal forms (`0.3` is a multiple of `0.1`, as a reader
/// expects), falling back to `f64` division when they do not fit in 128 bits.
pub fn is_multiple(n: &Number, m: &Number) -> bool {
    if let (Some(x), Some(y)) = (as_i128(n), as_i128(m)) {
        return y != 0 && x % y == 0;
    }
    if let (Some((x, a)), Some((y, b))) = (decimal(n), decimal(m)) {
        if y == 0 {
            return false;
        }
        // n / m = x * 10^(a - b) / y
        let exact = if a >= b {
            10i128
                .checked_pow((a - b) as u32)
                .and_then(|p| x.checked_mul(p))
                .map(|scaled| scaled % y == 0)
        } else {
            10i128
                .checked_pow((b - a) as u32)
                .and_then(|p| y.checked_mul(p))
                .map(|scaled| x % scaled == 0)
        };
        if let Some(exact) = exact {
            return exact;
        }
    }
    let (Some(x), Some(y)) = (n.as_f64(), m.as_f64()) else {
        return false;
    };
    let q = x / y;
    q.is_finite() && q.fract() == 0.0
}

/// A number as `mantissa * 10^exponent`, read from its shortest decimal form.
pub fn decimal(n: &Number) -> Option<(i128, i32)> {
    let text = n.to_string();
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
        None => (text.as_str(), 0),
    };
    let (negative, digits) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut mantissa: i128 = 0;
    for c in whole.chars().chain(fraction.chars()) {
        mantissa = mantissa
            .checked_mul(10)?
            .checked_add(i128::from(c.to_digit(10)?))?;
    }
    let exponent = exponent.checked_sub(i32::try_from(fraction.len()).ok()?)?;
    Some((if negative { -mantissa } else { mantissa }, exponent))
}

/// JSON Schema equality: numbers by value (`1` equals `1.0`), objects regardless of key order.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y) == Ordering::Equal,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}
