//! The state of one validation run: where in the instance it is, which properties and items
//! were evaluated, and the errors found so far.

use super::instance::{Fns, Json, SchemaFn};
use crate::{Error, Errors};

/// Deepest nesting of schema applications a validator follows; deeper instances (or schemas that
/// apply themselves in place forever) get an error instead of overflowing the stack.
pub const MAX_DEPTH: u32 = 300;

/// Room reserved for a pointer written for an error: most fit, so the string grows at most once.
const POINTER_CAPACITY: usize = 64;

/// The instance location, built on the stack and only turned into a string for an error.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The RFC 6901 JSON Pointer of this location.
    pub fn pointer(&self) -> String {
        let mut out = String::with_capacity(POINTER_CAPACITY);
        self.write_pointer(&mut out);
        out
    }

    /// Appends [`Path::pointer`] to `out`, from the root down.
    fn write_pointer(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_pointer(out);
                out.push('/');
                push_escaped(out, key);
            }
            Path::Index(parent, index) => {
                parent.write_pointer(out);
                out.push('/');
                out.push_str(itoa::Buffer::new().format(*index));
            }
        }
    }
}

/// Appends `token` to `out` escaped as a JSON Pointer reference token (`~` as `~0`, `/` as `~1`).
fn push_escaped(out: &mut String, token: &str) {
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// The location of the schema being applied, built on the stack like [`Path`] and only turned
/// into a pointer for an error. Equal subschemas share one generated function, which learns
/// where it is applied from its caller.
#[derive(Clone, Copy, Debug)]
pub enum At<'a> {
    /// A location given whole: the schema file and the JSON Pointer in it.
    Root(&'a str, &'a str),
    /// A pointer (escaped, starting with `/`) below the parent's location.
    Child(&'a At<'a>, &'a str),
    /// The subschema of the property named so (unescaped) in the parent's `properties`.
    Property(&'a At<'a>, &'a str),
}

/// The root of the schema file `file`, the location most generated code names.
pub const fn root(file: &str) -> At<'_> {
    At::Root(file, "")
}

impl At<'_> {
    /// The schema file.
    pub fn file(&self) -> &str {
        let mut current = self;
        loop {
            match current {
                At::Root(file, _) => return file,
                At::Child(parent, _) | At::Property(parent, _) => current = parent,
            }
        }
    }

    /// The JSON Pointer of this location followed by `suffix`.
    pub fn pointer(&self, suffix: &str) -> String {
        let mut out = String::with_capacity(POINTER_CAPACITY);
        self.write_pointer(&mut out);
        out.push_str(suffix);
        out
    }

    /// Appends the JSON Pointer of this location to `out`, from the root down.
    fn write_pointer(&self, out: &mut String) {
        match self {
            At::Root(_, pointer) => out.push_str(pointer),
            At::Child(parent, pointer) => {
                parent.write_pointer(out);
                out.push_str(pointer);
            }
            At::Property(parent, name) => {
                parent.write_pointer(out);
                out.push_str("/properties/");
                push_escaped(out, name);
            }
        }
    }
}

/// Which properties (by position in the object) or items (by index) of one instance have been
/// evaluated, for `unevaluatedProperties` / `unevaluatedItems`.
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

/// An in-place subschema (`allOf`, `$ref`, `then`, ...) of a schema with `unevaluated*`, given
/// a set of its own: its annotations join `local` only when it holds, since a schema that fails
/// produces none. The verdict is the same either way (the schema fails with it); the errors of
/// `unevaluated*` then name what only the failed subschema evaluated.
pub fn annotating(local: &mut Eval, check: impl FnOnce(Option<&mut Eval>) -> bool) -> bool {
    let mut own = Eval::default();
    let valid = check(Some(&mut own));
    if valid {
        local.merge(&own);
    }
    valid
}

/// Lends the caller's evaluated set to an in-place subschema.
pub fn reborrow<'a>(ev: &'a mut Option<&mut Eval>) -> Option<&'a mut Eval> {
    match ev {
        Some(ev) => Some(&mut **ev),
        None => None,
    }
}

/// A `$dynamicRef` target: its functions, and the file and pointer of its schema.
pub type DynamicTarget = (Fns, &'static str, &'static str);

/// The evaluated set a schema function updates, if its caller keeps one.
pub type Ev<'a> = Option<&'a mut Eval>;

/// State of one validation run.
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

    #[inline]
    pub fn is_collecting(&self) -> bool {
        self.errors.is_some()
    }

    /// After a failed check: marks the verdict invalid and answers whether to stop (only
    /// testing, not collecting, stops at the first failure).
    #[inline]
    pub fn stop(&self, valid: &mut bool) -> bool {
        *valid = false;
        !self.is_collecting()
    }

    /// Whether evaluation goes on after checks whose verdict so far is `valid`: always when
    /// collecting, else only while valid. Generated code chains checks with it:
    /// `let valid = cx.goes_on(valid) && check & valid;`.
    #[inline]
    pub fn goes_on(&self, valid: bool) -> bool {
        valid || self.is_collecting()
    }

    /// How many errors were recorded so far (0 when not collecting).
    #[inline]
    pub fn error_count(&self) -> usize {
        self.errors.as_ref().map_or(0, Vec::len)
    }

    /// Moves the errors recorded from the `from`-th on so that they come before the `before`-th
    /// (`before <= from`), for errors found after others that they precede in the schema.
    pub fn move_errors_before(&mut self, from: usize, before: usize) {
        if let Some(errors) = &mut self.errors {
            let moved = errors.len() - from;
            errors[before..].rotate_right(moved);
        }
    }

    /// Records a failure of `keyword`, at `suffix` below the schema location `at`; returns
    /// whether evaluation should go on (only when collecting).
    pub fn fail(
        &mut self,
        path: &Path<'_>,
        keyword: &str,
        at: &At<'_>,
        suffix: &str,
        message: impl FnOnce() -> String,
    ) -> bool {
        match &mut self.errors {
            Some(errors) => {
                errors.push(Error {
                    instance_path: path.pointer(),
                    keyword: keyword.into(),
                    schema_file: at.file().into(),
                    schema_pointer: at.pointer(suffix),
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

    /// Keywords whose error at a value says the value may not have the alternative's type (a
    /// nested union's error says nothing of it).
    const NOT_OF_ITS_TYPE: &[&str] = &["type", "anyOf", "oneOf", "not", "false"];

    /// For the error of an `anyOf` or `oneOf` that `inst` matches none of: what keeps it from
    /// the nearest alternative, as `"; nearest, /anyOf/1: /a: ..."`, or nothing when only
    /// testing or when no alternative is nearer than the others. The nearest is the one with
    /// the fewest errors among those whose errors are all below `inst` (the value has that
    /// alternative's shape and one of its parts is wrong); else the only alternative whose
    /// `type` the value has (a string that is none of an enum's values, beside an array and an
    /// object alternative).
    pub fn nearest<I: Json>(
        &mut self,
        inst: &I,
        path: &Path<'_>,
        at: &At<'_>,
        branches: &[(SchemaFn<I>, &str)],
    ) -> String {
        if !self.is_collecting() {
            return String::new();
        }
        let here = path.pointer();
        let mut inside: Option<(usize, Vec<Error>)> = None;
        let mut of_its_type = Vec::new();
        for (k, (f, relative)) in branches.iter().enumerate() {
            let saved = self.errors.replace(Vec::new());
            f(inst, path, &At::Child(at, relative), self, None);
            let errors = std::mem::replace(&mut self.errors, saved).unwrap_or_default();
            if errors.is_empty() {
                continue;
            }
            if errors.iter().all(|e| e.instance_path != here) {
                if inside.as_ref().is_none_or(|(_, n)| errors.len() < n.len()) {
                    inside = Some((k, errors));
                }
            } else if !errors.iter().any(|e| {
                e.instance_path == here && Self::NOT_OF_ITS_TYPE.contains(&e.keyword.as_str())
            }) {
                of_its_type.push((k, errors));
            }
        }
        let (k, errors) = match (inside, of_its_type.len()) {
            (Some(nearest), _) => nearest,
            (None, 1) => of_its_type.remove(0),
            _ => return String::new(),
        };
        let shown: Vec<String> = errors
            .iter()
            .take(3)
            .map(|e| format!("{}: {}", e.instance_path, e.message))
            .collect();
        let more = match errors.len() {
            n if n > 3 => format!(" (and {} more)", n - 3),
            _ => String::new(),
        };
        format!("; nearest, {}: {}{more}", branches[k].1, shown.join("; "))
    }

    /// Enters one level of schema application; false when too deep.
    pub fn enter(&mut self, path: &Path<'_>, at: &At<'_>) -> bool {
        if self.depth >= MAX_DEPTH {
            self.fail(path, "$depth", at, "", || {
                format!("nesting is deeper than the validator's limit of {MAX_DEPTH}")
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
        table: fn(u32, u32) -> Option<DynamicTarget>,
        default: DynamicTarget,
    ) -> DynamicTarget {
        self.scope
            .iter()
            .find_map(|&resource| table(resource, anchor))
            .unwrap_or(default)
    }

    /// The verdict with the collected errors.
    pub fn finish(self, valid: bool, schema_file: &str) -> Result<(), Errors> {
        match self.errors {
            Some(errors) if !errors.is_empty() => Err(Errors::from_vec(errors)),
            _ if valid => Ok(()),
            // Not collecting (or nothing recorded): still never report an invalid value as valid.
            _ => Err(Errors::decode(
                "$invalid",
                schema_file,
                "the value does not match the schema".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_their_tokens_from_the_root_down() {
        let key = Path::Key(&Path::Root, "a/b~c");
        let index = Path::Index(&key, 3);
        assert_eq!(index.pointer(), "/a~1b~0c/3");
        assert_eq!(Path::Root.pointer(), "");
        let root = At::Root("f.json", "/$defs/x");
        let property = At::Property(&root, "p/q");
        let child = At::Child(&property, "/items");
        assert_eq!(
            child.pointer("/type"),
            "/$defs/x/properties/p~1q/items/type"
        );
        assert_eq!(child.file(), "f.json");
    }
}
