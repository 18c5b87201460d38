//! Validation errors and the small runtime that generated validators call.
//!
//! This file is emitted verbatim (as `pub mod validation`) into generated code, so it must compile
//! on its own with only `serde`, `serde_json` and the format/regex crates listed in the README.
//! Everything schema-specific lives in the generated functions; nothing here reads a schema.

use ::std::fmt;
use ::std::string::String;
use ::std::vec::Vec;

use ::serde_json::{Map, Number, Value};

/// One violated constraint.
#[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize)]
pub struct Error {
    /// JSON Pointer (RFC 6901) to the offending part of the instance; `""` is the whole instance.
    pub instance_path: String,
    /// The schema keyword that failed (`"minLength"`, `"required"`, ...).
    pub keyword: String,
    /// The schema file that holds the keyword.
    pub schema_file: String,
    /// JSON Pointer to the keyword inside `schema_file`.
    pub schema_pointer: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({}#{})",
            self.instance_path, self.message, self.schema_file, self.schema_pointer
        )
    }
}

impl ::std::error::Error for Error {}

/// Every violation found in one instance (never empty when returned as an error).
#[derive(Clone, Debug, Default, PartialEq, Eq, ::serde::Serialize)]
#[serde(transparent)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    pub fn iter(&self) -> ::std::slice::Iter<'_, Error> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Errors {
    /// One error per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            fmt::Display::fmt(error, f)?;
        }
        Ok(())
    }
}

impl ::std::error::Error for Errors {}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = ::std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Error;
    type IntoIter = ::std::slice::Iter<'a, Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Deepest nesting of schema applications a validator follows; deeper instances (or schemas that
/// apply themselves in place forever) get an error instead of overflowing the stack.
pub const MAX_DEPTH: u32 = 300;

/// The instance location, built on the stack and only turned into a string for an error.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The RFC 6901 JSON Pointer of this location.
    pub fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut current = self;
        loop {
            match current {
                Path::Root => break,
                Path::Key(parent, key) => {
                    segments.push(key.replace('~', "~0").replace('/', "~1"));
                    current = parent;
                }
                Path::Index(parent, index) => {
                    segments.push(index.to_string());
                    current = parent;
                }
            }
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            out.push('/');
            out.push_str(segment);
        }
        out
    }
}

/// Which properties (by position in the object) or items (by index) of one instance have been
/// evaluated, for `unevaluatedProperties` / `unevaluatedItems`.
#[doc(hidden)]
#[derive(Clone, Debug, Default)]
pub struct Eval(Vec<u64>);

impl Eval {
    pub fn mark(&mut self, i: usize) {
        let word = i / 64;
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (i % 64);
    }

    pub fn mark_all(&mut self, len: usize) {
        for i in 0..len {
            self.mark(i);
        }
    }

    pub fn is_marked(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn merge(&mut self, other: &Eval) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

/// Lends the caller's evaluated set to an in-place subschema.
#[doc(hidden)]
pub fn reborrow<'a>(ev: &'a mut Option<&mut Eval>) -> Option<&'a mut Eval> {
    match ev {
        Some(ev) => Some(&mut **ev),
        None => None,
    }
}

/// A generated validator function: instance, its location, context, evaluated set to update.
#[doc(hidden)]
pub type SchemaFn = fn(&Value, &Path<'_>, &mut Cx, Option<&mut Eval>) -> bool;

/// Validates part of a typed value through its JSON form (what typed validators do where the
/// Rust type alone does not settle the schema's verdict).
pub fn check_as<T: ::serde::Serialize + ?Sized>(
    value: &T,
    f: SchemaFn,
    path: &Path<'_>,
    cx: &mut Cx,
    schema_file: &str,
) -> bool {
    match ::serde_json::to_value(value) {
        Ok(json) => f(&json, path, cx, None),
        Err(e) => {
            cx.fail(path, "$serialize", (schema_file, ""), || {
                ::std::format!("cannot serialize: {e}")
            });
            false
        }
    }
}

/// The validator of a schema that checks nothing (only annotations).
pub fn any(_: &Value, _: &Path<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
    true
}

/// JSON types as bits, for [`of_type`].
pub const NULL: u8 = 1;
pub const BOOLEAN: u8 = 2;
pub const STRING: u8 = 4;
pub const NUMBER: u8 = 8;
pub const INTEGER: u8 = 16;
pub const ARRAY: u8 = 32;
pub const OBJECT: u8 = 64;

/// The `type` keyword: whether `inst` is one of the `types` (bits), named `expected` in the error.
pub fn of_type(
    inst: &Value,
    types: u8,
    expected: &str,
    path: &Path<'_>,
    cx: &mut Cx,
    location: (&str, &str),
) -> bool {
    let matches = match inst {
        Value::Null => types & NULL != 0,
        Value::Bool(_) => types & BOOLEAN != 0,
        Value::String(_) => types & STRING != 0,
        Value::Number(n) => types & NUMBER != 0 || (types & INTEGER != 0 && is_integer(n)),
        Value::Array(_) => types & ARRAY != 0,
        Value::Object(_) => types & OBJECT != 0,
    };
    if !matches {
        cx.fail(path, "type", location, || {
            ::std::format!("{} is not of type {}", type_name(inst), expected)
        });
    }
    matches
}

/// State of one validation run.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Cx {
    /// `None` while a subschema is only being tested (inside `anyOf`, `not`, `if`, ...): the first
    /// failure then ends that subschema's evaluation.
    errors: Option<Vec<Error>>,
    depth: u32,
    /// Schema resources entered so far that declare a `$dynamicAnchor`, outermost first.
    pub scope: Vec<u32>,
}

impl Cx {
    /// A context that collects every error.
    pub fn collecting() -> Self {
        Cx {
            errors: Some(Vec::new()),
            ..Cx::default()
        }
    }

    /// A context that only answers valid or invalid.
    pub fn testing() -> Self {
        Cx::default()
    }

    pub fn is_collecting(&self) -> bool {
        self.errors.is_some()
    }

    /// Records a failure; returns whether evaluation should go on (only when collecting).
    pub fn fail(
        &mut self,
        path: &Path<'_>,
        keyword: &str,
        location: (&str, &str),
        message: impl FnOnce() -> String,
    ) -> bool {
        match &mut self.errors {
            Some(errors) => {
                errors.push(Error {
                    instance_path: path.pointer(),
                    keyword: keyword.into(),
                    schema_file: location.0.into(),
                    schema_pointer: location.1.into(),
                    message: message(),
                });
                true
            }
            None => false,
        }
    }

    /// Runs `f` without collecting errors and returns its verdict.
    pub fn test(&mut self, f: impl FnOnce(&mut Cx) -> bool) -> bool {
        let saved = self.errors.take();
        let valid = f(self);
        self.errors = saved;
        valid
    }

    /// Enters one level of schema application; false when too deep.
    pub fn enter(&mut self, path: &Path<'_>, location: (&str, &str)) -> bool {
        if self.depth >= MAX_DEPTH {
            self.fail(path, "$depth", location, || {
                ::std::format!("nesting is deeper than the validator's limit of {MAX_DEPTH}")
            });
            return false;
        }
        self.depth += 1;
        true
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The schema that `$dynamicRef` to `anchor` resolves to: the outermost resource in scope that
    /// declares it (`table` maps resource and anchor ids to the generated function).
    pub fn dynamic(
        &self,
        anchor: u32,
        table: fn(u32, u32) -> Option<SchemaFn>,
        default: SchemaFn,
    ) -> SchemaFn {
        self.scope
            .iter()
            .find_map(|&resource| table(resource, anchor))
            .unwrap_or(default)
    }

    /// The verdict with the collected errors.
    pub fn finish(self, valid: bool, schema_file: &str) -> Result<(), Errors> {
        match self.errors {
            Some(errors) if !errors.is_empty() => Err(Errors(errors)),
            _ if valid => Ok(()),
            // Not collecting (or nothing recorded): still never report an invalid value as valid.
            _ => Err(decode_error(
                "$invalid",
                schema_file,
                "the value does not match the schema".into(),
            )),
        }
    }
}

/// The instance's JSON type name as the `type` keyword spells it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if is_integer(n) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// JSON Schema integers include numbers with a zero fractional part (`1.0`).
pub fn is_integer(n: &Number) -> bool {
    n.is_i64()
        || n.is_u64()
        || n.as_f64()
            .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// A number from a schema, kept in the form serde_json parsed it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::U(u) => write!(f, "{u}"),
            Num::I(i) => write!(f, "{i}"),
            Num::F(x) => write!(f, "{x}"),
        }
    }
}

fn num_of(n: &Number) -> Num {
    if let Some(u) = n.as_u64() {
        Num::U(u)
    } else if let Some(i) = n.as_i64() {
        Num::I(i)
    } else {
        Num::F(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// Exact comparison of an integer with a float (no rounding of large integers).
fn cmp_int_float(i: i128, f: f64) -> Option<::std::cmp::Ordering> {
    use ::std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f >= 1.7e38 {
        return Some(Ordering::Less);
    }
    if f <= -1.7e38 {
        return Some(Ordering::Greater);
    }
    let floor = f.floor();
    let fi = floor as i128;
    Some(match i.cmp(&fi) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    })
}

fn cmp_nums(a: Num, b: Num) -> Option<::std::cmp::Ordering> {
    match (a, b) {
        (Num::F(x), Num::F(y)) => x.partial_cmp(&y),
        (Num::F(x), Num::U(u)) => cmp_int_float(u as i128, x).map(|o| o.reverse()),
        (Num::F(x), Num::I(i)) => cmp_int_float(i as i128, x).map(|o| o.reverse()),
        (Num::U(u), Num::F(y)) => cmp_int_float(u as i128, y),
        (Num::I(i), Num::F(y)) => cmp_int_float(i as i128, y),
        (Num::U(u), Num::U(v)) => Some(u.cmp(&v)),
        (Num::U(u), Num::I(j)) => Some((u as i128).cmp(&(j as i128))),
        (Num::I(i), Num::U(v)) => Some((i as i128).cmp(&(v as i128))),
        (Num::I(i), Num::I(j)) => Some(i.cmp(&j)),
    }
}

/// `n` compared with a schema number.
pub fn cmp_num(n: &Number, limit: Num) -> Option<::std::cmp::Ordering> {
    cmp_nums(num_of(n), limit)
}

/// A finite decimal as `mantissa * 10^exponent`, read from Rust's shortest round-trip form.
fn decimal(n: Num) -> Option<(u128, i32)> {
    let text = match n {
        Num::U(u) => return Some((u as u128, 0)),
        Num::I(i) => return Some((i.unsigned_abs() as u128, 0)),
        Num::F(x) if x.is_finite() => ::std::format!("{:e}", x.abs()),
        Num::F(_) => return None,
    };
    let (digits, exponent) = text.split_once('e')?;
    let mut exponent: i32 = exponent.parse().ok()?;
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    exponent -= frac.len() as i32;
    let mantissa: u128 = ::std::format!("{int}{frac}").parse().ok()?;
    Some((mantissa, exponent))
}

fn pow10_mod(mut exponent: u32, modulus: u128) -> u128 {
    let mut result = 1 % modulus;
    let mut base = 10 % modulus;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * base % modulus;
        }
        base = base * base % modulus;
        exponent >>= 1;
    }
    result
}

/// Whether `n` is an integer multiple of `divisor`, computed exactly on the decimal values.
pub fn is_multiple_of(n: &Number, divisor: Num) -> bool {
    let value = num_of(n);
    if let (Some(x), Some(d)) = (n.as_i64(), as_i64(divisor)) {
        return d != 0 && x.checked_rem(d).is_none_or(|r| r == 0);
    }
    let (Some((mx, ex)), Some((md, ed))) = (decimal(value), decimal(divisor)) else {
        return false;
    };
    if md == 0 {
        return false;
    }
    if mx == 0 {
        return true;
    }
    let shift = ex - ed;
    if shift >= 0 {
        // md < 10^18, so every product below stays within u128.
        (mx % md) * pow10_mod(shift as u32, md) % md == 0
    } else {
        match 10u128
            .checked_pow((-shift) as u32)
            .and_then(|p| p.checked_mul(md))
        {
            Some(big) => mx % big == 0,
            None => false,
        }
    }
}

fn as_i64(n: Num) -> Option<i64> {
    match n {
        Num::I(i) => Some(i),
        Num::U(u) => i64::try_from(u).ok(),
        Num::F(_) => None,
    }
}

/// Length in Unicode code points, as JSON Schema counts it.
pub fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// JSON equality: numbers by value (`1 == 1.0`), objects regardless of key order. Iterative, so
/// deep instances cannot overflow the stack.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    let mut stack = ::std::vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        match (a, b) {
            (Value::Null, Value::Null) => {}
            (Value::Bool(x), Value::Bool(y)) if x == y => {}
            (Value::String(x), Value::String(y)) if x == y => {}
            (Value::Number(x), Value::Number(y))
                if cmp_nums(num_of(x), num_of(y)) == Some(::std::cmp::Ordering::Equal) => {}
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                stack.extend(x.iter().zip(y))
            }
            (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
                for (key, value) in x {
                    match y.get(key) {
                        Some(other) => stack.push((value, other)),
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
    }
    true
}

/// A hash consistent with [`json_eq`] (used to find duplicates in linear time).
fn json_hash(value: &Value) -> u64 {
    use ::std::hash::{Hash, Hasher};
    // Each node contributes its hash combined with its depth and position, summed so that the
    // order of object members does not matter.
    fn leaf(value: &Value) -> u64 {
        let mut h = ::std::collections::hash_map::DefaultHasher::new();
        match value {
            Value::Null => 0u8.hash(&mut h),
            Value::Bool(b) => (1u8, b).hash(&mut h),
            Value::Number(n) => {
                2u8.hash(&mut h);
                match num_of(n) {
                    Num::U(u) => (u as f64).to_bits().hash(&mut h),
                    Num::I(i) => (i as f64).to_bits().hash(&mut h),
                    Num::F(x) => (if x == 0.0 { 0.0f64 } else { x }).to_bits().hash(&mut h),
                }
            }
            Value::String(s) => (3u8, s).hash(&mut h),
            Value::Array(a) => (4u8, a.len()).hash(&mut h),
            Value::Object(o) => (5u8, o.len()).hash(&mut h),
        }
        h.finish()
    }
    fn mix(seed: u64, x: u64) -> u64 {
        let mut h = ::std::collections::hash_map::DefaultHasher::new();
        (seed, x).hash(&mut h);
        h.finish()
    }
    let mut total = 0u64;
    // (value, salt identifying its position: parent salt mixed with key or index)
    let mut stack: Vec<(&Value, u64)> = ::std::vec![(value, 0)];
    while let Some((value, salt)) = stack.pop() {
        total = total.wrapping_add(mix(salt, leaf(value)));
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, mix(salt, i as u64)));
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    let mut h = ::std::collections::hash_map::DefaultHasher::new();
                    key.hash(&mut h);
                    stack.push((item, mix(salt, h.finish())));
                }
            }
            _ => {}
        }
    }
    total
}

/// The indices of the first pair of equal items, if any (expected linear time).
pub fn find_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    let mut seen: ::std::collections::HashMap<u64, Vec<usize>> =
        ::std::collections::HashMap::with_capacity(items.len());
    for (j, item) in items.iter().enumerate() {
        let bucket = seen.entry(json_hash(item)).or_default();
        if let Some(&i) = bucket.iter().find(|&&i| json_eq(&items[i], item)) {
            return Some((i, j));
        }
        bucket.push(j);
    }
    None
}

/// A short rendering of an instance for messages (long values are cut).
pub fn show(value: &Value) -> String {
    let mut text = String::new();
    render(value, &mut text);
    if text.len() > 80 {
        let mut cut = 77;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("...");
    }
    text
}

/// Compact JSON, as `Value::to_string` writes it, but only the first 80-odd characters: every
/// level adds a bracket, so this also bounds the recursion on a deeply nested instance (which
/// `to_string` would follow to a stack overflow).
fn render(value: &Value, out: &mut String) {
    if out.len() > 80 {
        return;
    }
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if out.len() > 80 {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                render(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if out.len() > 80 {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                render(item, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A string as a JSON value (for `propertyNames`).
pub fn key_value(key: &str) -> Value {
    Value::String(key.into())
}

/// Parses a constant embedded by the generator (always valid JSON).
pub fn constant(json: &str) -> Value {
    ::serde_json::from_str(json).unwrap_or(Value::Null)
}

/// An error that is not tied to a schema keyword (malformed JSON, a value the Rust type cannot
/// hold, ...).
pub fn decode_error(keyword: &str, schema_file: &str, message: String) -> Errors {
    Errors(::std::vec![Error {
        instance_path: String::new(),
        keyword: keyword.into(),
        schema_file: schema_file.into(),
        schema_pointer: String::new(),
        message,
    }])
}

/// Parses bytes into a `Value`, reporting a syntax error as a validation error.
pub fn parse(bytes: &[u8], schema_file: &str) -> Result<Value, Errors> {
    ::serde_json::from_slice(bytes)
        .map_err(|e| decode_error("$json", schema_file, ::std::format!("invalid JSON: {e}")))
}

/// Whether an object has every one of `names`; returns the missing ones.
pub fn missing<'a>(object: &Map<String, Value>, names: &[&'a str]) -> Vec<&'a str> {
    names
        .iter()
        .copied()
        .filter(|name| !object.contains_key(*name))
        .collect()
}

/// Regular expressions of the schemas. Patterns that translate faithfully from ECMA-262 use the
/// linear-time `regex` crate; the rest (look-around, back-references) use `regress`.
#[doc(hidden)]
pub enum Regex {
    Linear(::regex::Regex),
    Backtracking(::regress::Regex),
    /// The pattern failed to compile at run time: nothing matches.
    Invalid,
}

impl Regex {
    /// `translated` in `regex` syntax; `original` (ECMA-262) if `regex` refuses it after all.
    pub fn linear(translated: &str, original: &str) -> Self {
        match ::regex::Regex::new(translated) {
            Ok(regex) => Regex::Linear(regex),
            Err(_) => Regex::backtracking(original, "u"),
        }
    }

    pub fn backtracking(pattern: &str, flags: &str) -> Self {
        ::regress::Regex::with_flags(pattern, flags).map_or(Regex::Invalid, Regex::Backtracking)
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        match self {
            Regex::Linear(r) => r.is_match(haystack),
            Regex::Backtracking(r) => r.find(haystack).is_some(),
            Regex::Invalid => false,
        }
    }
}

/// The `format` checks (format assertion). Each takes the string and says whether it conforms.
pub mod format {
    use ::std::sync::LazyLock;

    use ::serde_json::{Number, Value};

    macro_rules! abnf {
        ($name:ident, $pattern:expr) => {
            static $name: LazyLock<Option<::regex::Regex>> =
                LazyLock::new(|| ::regex::Regex::new($pattern).ok());
        };
    }

    // RFC 3339 Appendix A (ISO 8601 durations), transcribed from its ABNF.
    abnf!(
        DURATION,
        r"^P(?:(?:[0-9]+D|[0-9]+M(?:[0-9]+D)?|[0-9]+Y(?:[0-9]+M(?:[0-9]+D)?)?)(?:T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S))?|T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)|[0-9]+W)$"
    );
    // RFC 6901 and draft-handrews-relative-json-pointer-01.
    abnf!(JSON_POINTER, r"^(?:/(?:[^/~]|~[01])*)*$");
    abnf!(
        RELATIVE_JSON_POINTER,
        r"^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^/~]|~[01])*)*)$"
    );
    // RFC 3339 date-time shapes; chrono checks the calendar and clock values.
    abnf!(FULL_DATE, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    abnf!(
        FULL_TIME,
        r"^[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[zZ]|[+-][0-9]{2}:[0-9]{2})$"
    );
    // RFC 1123 host names: letters, digits and hyphens, no hyphen at either end of a label.
    abnf!(
        HOSTNAME_LABEL,
        r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
    );

    fn matches(regex: &LazyLock<Option<::regex::Regex>>, s: &str) -> bool {
        regex.as_ref().is_some_and(|r| r.is_match(s))
    }

    pub fn date(s: &str) -> bool {
        matches(&FULL_DATE, s) && ::chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
    }

    /// `full-time`; a leap second (`:60`) only at 23:59 UTC.
    pub fn time(s: &str) -> bool {
        if !matches(&FULL_TIME, s) {
            return false;
        }
        date_time_checked(&::std::format!("2016-12-31T{s}"))
    }

    pub fn date_time(s: &str) -> bool {
        let Some((date_part, time_part)) = s.split_once(['T', 't']) else {
            return false;
        };
        date(date_part) && matches(&FULL_TIME, time_part) && date_time_checked(s)
    }

    fn date_time_checked(s: &str) -> bool {
        let Ok(parsed) = ::chrono::DateTime::parse_from_rfc3339(s) else {
            return false;
        };
        let seconds = s
            .split_once(['T', 't'])
            .and_then(|(_, t)| t.get(6..8))
            .unwrap_or("");
        if seconds == "60" {
            use ::chrono::Timelike;
            let utc = parsed.naive_utc();
            return utc.hour() == 23 && utc.minute() == 59;
        }
        true
    }

    pub fn duration(s: &str) -> bool {
        matches(&DURATION, s)
    }

    pub fn email(s: &str) -> bool {
        s.is_ascii() && email_address(s, false)
    }

    pub fn idn_email(s: &str) -> bool {
        email_address(s, true)
    }

    /// RFC 5321 mailbox: `email_address` checks the local part; the domain must be a host name
    /// (an IDN one for `idn-email`) or an address literal holding a valid IP address.
    fn email_address(s: &str, idn: bool) -> bool {
        let Some((local, domain)) = s.rsplit_once('@') else {
            return false;
        };
        let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
            Some(literal) => match literal.strip_prefix("IPv6:") {
                Some(v6) => v6.parse::<::std::net::Ipv6Addr>().is_ok(),
                None => ipv4(literal),
            },
            None if idn => idn_hostname(domain),
            None => hostname(domain),
        };
        domain_ok && ::email_address::EmailAddress::is_valid(&::std::format!("{local}@example.com"))
    }

    pub fn hostname(s: &str) -> bool {
        if s.is_empty() || s.len() > 253 {
            return false;
        }
        s.split('.').all(|label| matches(&HOSTNAME_LABEL, label)) && idn_labels_ok(s)
    }

    /// A-labels (`xn--...`) must decode to valid IDNA labels.
    fn idn_labels_ok(name: &str) -> bool {
        if !name
            .split('.')
            .any(|l| l.get(2..4).is_some_and(|h| h == "--"))
        {
            return true;
        }
        idn_hostname(name)
    }

    /// IDNA2008 host names: `idna` applies UTS 46 (mapping, bidi, joiners, hyphens, lengths);
    /// the CONTEXTO rules and DISALLOWED exceptions of RFC 5892, which UTS 46 leaves out, are
    /// checked on the decoded labels.
    pub fn idn_hostname(s: &str) -> bool {
        use ::idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
        if s.is_empty() {
            return false;
        }
        let ascii = match Uts46::new().to_ascii(
            s.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::Check,
            DnsLength::Verify,
        ) {
            Ok(ascii) => ascii,
            Err(_) => return false,
        };
        if ascii.is_empty() || ascii.len() > 253 {
            return false;
        }
        let (unicode, result) = ::idna::domain_to_unicode(&ascii);
        result.is_ok() && unicode.split('.').all(context_rules_hold)
    }

    /// RFC 5892 Appendix A (CONTEXTO) and section 2.6 (exceptions that are DISALLOWED).
    fn context_rules_hold(label: &str) -> bool {
        let chars: ::std::vec::Vec<char> = label.chars().collect();
        let in_ranges =
            |c: char, ranges: &[(char, char)]| ranges.iter().any(|&(a, b)| a <= c && c <= b);
        let greek = |c: char| in_ranges(c, &[('\u{0370}', '\u{03FF}'), ('\u{1F00}', '\u{1FFF}')]);
        let hebrew = |c: char| in_ranges(c, &[('\u{0591}', '\u{05F4}'), ('\u{FB1D}', '\u{FB4F}')]);
        let japanese = |c: char| {
            c != '\u{30FB}'
                && in_ranges(
                    c,
                    &[
                        ('\u{3040}', '\u{309F}'),
                        ('\u{30A0}', '\u{30FF}'),
                        ('\u{31F0}', '\u{31FF}'),
                        ('\u{3400}', '\u{4DBF}'),
                        ('\u{4E00}', '\u{9FFF}'),
                        ('\u{F900}', '\u{FAFF}'),
                        ('\u{20000}', '\u{3134F}'),
                    ],
                )
        };
        let arabic_indic = |c: &char| ('\u{0660}'..='\u{0669}').contains(c);
        let extended_arabic_indic = |c: &char| ('\u{06F0}'..='\u{06F9}').contains(c);
        chars.iter().enumerate().all(|(i, &c)| {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            match c {
                '\u{00B7}' => prev == Some('l') && next == Some('l'),
                '\u{0375}' => next.is_some_and(greek),
                '\u{05F3}' | '\u{05F4}' => prev.is_some_and(hebrew),
                '\u{30FB}' => chars.iter().any(|&d| japanese(d)),
                '\u{0660}'..='\u{0669}' => !chars.iter().any(extended_arabic_indic),
                '\u{06F0}'..='\u{06F9}' => !chars.iter().any(arabic_indic),
                '\u{0640}'
                | '\u{07FA}'
                | '\u{302E}'
                | '\u{302F}'
                | '\u{3031}'..='\u{3035}'
                | '\u{303B}' => false,
                _ => true,
            }
        })
    }

    pub fn ipv4(s: &str) -> bool {
        s.parse::<::std::net::Ipv4Addr>().is_ok()
    }

    pub fn ipv6(s: &str) -> bool {
        s.parse::<::std::net::Ipv6Addr>().is_ok()
    }

    pub fn uri(s: &str) -> bool {
        ::iri_string::types::UriStr::new(s).is_ok()
    }

    pub fn uri_reference(s: &str) -> bool {
        ::iri_string::types::UriReferenceStr::new(s).is_ok()
    }

    pub fn iri(s: &str) -> bool {
        ::iri_string::types::IriStr::new(s).is_ok()
    }

    pub fn iri_reference(s: &str) -> bool {
        ::iri_string::types::IriReferenceStr::new(s).is_ok()
    }

    pub fn uri_template(s: &str) -> bool {
        ::iri_string::template::UriTemplateStr::new(s).is_ok()
    }

    pub fn uuid(s: &str) -> bool {
        // Only the hyphenated form (RFC 4122 `UUID` production), not braced, URN or simple forms.
        s.len() == 36 && ::uuid::Uuid::try_parse(s).is_ok()
    }

    pub fn json_pointer(s: &str) -> bool {
        matches(&JSON_POINTER, s)
    }

    pub fn relative_json_pointer(s: &str) -> bool {
        matches(&RELATIVE_JSON_POINTER, s)
    }

    /// An ECMA-262 regular expression (with the `u` flag, as JSON Schema patterns are read).
    pub fn regex(s: &str) -> bool {
        ::regress::Regex::with_flags(s, "u").is_ok()
    }

    /// OpenAPI `int32`: an integer that fits in 32 bits.
    pub fn int32(n: &Number) -> bool {
        integer_in(n, i32::MIN as f64, i32::MAX as f64)
    }

    /// OpenAPI `int64`: an integer that fits in 64 bits.
    pub fn int64(n: &Number) -> bool {
        n.is_i64() || integer_in(n, i64::MIN as f64, 9.223_372_036_854_775e18)
    }

    fn integer_in(n: &Number, min: f64, max: f64) -> bool {
        if let Some(i) = n.as_i64() {
            return (min..=max).contains(&(i as f64));
        }
        if n.is_u64() {
            return false;
        }
        n.as_f64()
            .is_some_and(|f| f.fract() == 0.0 && f >= min && f <= max)
    }

    /// OpenAPI `float`: a number within single precision's range.
    pub fn float(n: &Number) -> bool {
        n.as_f64().is_some_and(|f| f.abs() <= f32::MAX as f64)
    }

    /// OpenAPI `double`: any JSON number serde_json could read.
    pub fn double(n: &Number) -> bool {
        n.as_f64().is_some_and(f64::is_finite)
    }

    /// Whether `value` passes `format`; formats that do not apply to its type always pass.
    pub fn check(format: &str, value: &Value) -> bool {
        match value {
            Value::String(s) => match format {
                "date-time" => date_time(s),
                "date" => date(s),
                "time" => time(s),
                "duration" => duration(s),
                "email" => email(s),
                "idn-email" => idn_email(s),
                "hostname" => hostname(s),
                "idn-hostname" => idn_hostname(s),
                "ipv4" => ipv4(s),
                "ipv6" => ipv6(s),
                "uri" => uri(s),
                "uri-reference" => uri_reference(s),
                "iri" => iri(s),
                "iri-reference" => iri_reference(s),
                "uri-template" => uri_template(s),
                "uuid" => uuid(s),
                "json-pointer" => json_pointer(s),
                "relative-json-pointer" => relative_json_pointer(s),
                "regex" => regex(s),
                _ => true,
            },
            Value::Number(n) => match format {
                "int32" => int32(n),
                "int64" => int64(n),
                "float" => float(n),
                "double" => double(n),
                _ => true,
            },
            _ => true,
        }
    }
}
