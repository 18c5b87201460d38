//! The JSON the value validators read: a `serde_json::Value` (`validate_value`, and the values a
//! typed validator hands over), or a [`Doc`] that borrows its strings from the text it was
//! parsed from (`from_json_slice`, where a body that does not decode into its type is read once
//! more to list its errors: a `Value` would cost a hashed map and an allocation per string).
//!
//! Generated validators are generic over [`Json`] and read an instance through [`node`]; the
//! tables the generated code keeps in statics (object tables, a type's [`Schema`](super::Schema),
//! `$dynamicRef` targets) hold one function per representation, [`Fns`], written by
//! [`fns!`](crate::fns) from the one generic function.

use serde_json::{Map, Number, Value};

use super::context::{At, Cx, Ev, Path};
use super::doc::{Doc, Member};
use super::object::Object;

/// A JSON document the validators read (implemented by `serde_json::Value` and [`Doc`]).
pub trait Json: Sized {
    /// An object's members, as this representation keeps them.
    type Object: ?Sized;

    /// What the instance is, for a `match`.
    fn node(&self) -> Node<'_, Self>;

    /// The members of an object, in the order this representation keeps them.
    fn members<'o>(obj: &'o Self::Object) -> impl Iterator<Item = (&'o str, &'o Self)>
    where
        Self: 'o;

    /// The member `key` of an object.
    fn member<'o>(obj: &'o Self::Object, key: &str) -> Option<&'o Self>;

    /// How many members an object has.
    fn member_count(obj: &Self::Object) -> usize;

    /// A string (a key, for `propertyNames`).
    fn string(s: &str) -> Self;

    /// This representation's function of a pair.
    fn pick(fns: &Fns) -> SchemaFn<Self>;

    /// This representation's pass of an object table.
    fn pass(object: &Object<'_>) -> Pass<Self>;
}

/// An instance, for a `match`: its JSON type and what it holds.
pub enum Node<'a, I: Json> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    Array(&'a [I]),
    Object(Obj<'a, I>),
}

/// [`Json::node`] as a function, for generated code (no trait to import).
#[inline(always)]
pub fn node<I: Json>(inst: &I) -> Node<'_, I> {
    inst.node()
}

/// An object of an instance, with the methods of a map that validators use.
pub struct Obj<'a, I: Json>(pub &'a I::Object);

impl<I: Json> Clone for Obj<'_, I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: Json> Copy for Obj<'_, I> {}

impl<'a, I: Json + 'a> Obj<'a, I> {
    /// The members, in the instance's order.
    #[inline(always)]
    pub fn iter(self) -> impl Iterator<Item = (&'a str, &'a I)> {
        I::members(self.0)
    }

    /// The names of the members.
    pub fn keys(self) -> impl Iterator<Item = &'a str> {
        self.iter().map(|(key, _)| key)
    }

    /// The member `key`.
    #[inline]
    pub fn get(self, key: &str) -> Option<&'a I> {
        I::member(self.0, key)
    }

    /// Whether there is a member `key`.
    #[inline]
    pub fn contains_key(self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// How many members there are.
    #[inline]
    pub fn len(self) -> usize {
        I::member_count(self.0)
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// A generated validator function: instance, its location, the schema's location, context,
/// evaluated set to update.
pub type SchemaFn<I> = fn(&I, &Path<'_>, &At<'_>, &mut Cx, Ev<'_>) -> bool;

/// [`SchemaFn`] of a [`Doc`] of any lifetime (what a static can hold).
pub type DocFn = for<'d> fn(&Doc<'d>, &Path<'_>, &At<'_>, &mut Cx, Ev<'_>) -> bool;

/// One generated validator, as a function of each representation (see [`fns!`](crate::fns)).
#[derive(Clone, Copy)]
pub struct Fns {
    pub value: SchemaFn<Value>,
    pub doc: DocFn,
}

/// The [`Fns`] of a generated validator function: `rt::fns!(s12)`. A constant expression.
#[doc(hidden)]
#[macro_export]
macro_rules! fns {
    ($f:path) => {
        $crate::__private::Fns {
            value: $f,
            doc: |inst, path, at, cx, ev| $f(inst, path, at, cx, ev),
        }
    };
}

/// The pass over an object for its schema's [`Object`] table (written per object schema by
/// [`object_table!`](crate::object_table), around [`properties`](super::properties)).
pub type Pass<I> = fn(Obj<'_, I>, &Object<'_>, &Path<'_>, &At<'_>, &mut Cx, Ev<'_>) -> bool;

/// [`Pass`] over an object of a [`Doc`] of any lifetime.
pub type DocPass =
    for<'o, 'd> fn(Obj<'o, Doc<'d>>, &Object<'_>, &Path<'_>, &At<'_>, &mut Cx, Ev<'_>) -> bool;

impl Json for Value {
    type Object = Map<String, Value>;

    #[inline(always)]
    fn node(&self) -> Node<'_, Value> {
        match self {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n),
            Value::String(s) => Node::String(s),
            Value::Array(items) => Node::Array(items),
            Value::Object(obj) => Node::Object(Obj(obj)),
        }
    }

    #[inline(always)]
    fn members<'o>(obj: &'o Map<String, Value>) -> impl Iterator<Item = (&'o str, &'o Value)>
    where
        Value: 'o,
    {
        obj.iter().map(|(key, value)| (key.as_str(), value))
    }

    #[inline]
    fn member<'o>(obj: &'o Map<String, Value>, key: &str) -> Option<&'o Value> {
        obj.get(key)
    }

    #[inline]
    fn member_count(obj: &Map<String, Value>) -> usize {
        obj.len()
    }

    fn string(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    #[inline(always)]
    fn pick(fns: &Fns) -> SchemaFn<Value> {
        fns.value
    }

    #[inline(always)]
    fn pass(object: &Object<'_>) -> Pass<Value> {
        object.pass
    }
}

impl<'d> Json for Doc<'d> {
    type Object = [Member<'d>];

    #[inline(always)]
    fn node(&self) -> Node<'_, Doc<'d>> {
        match self {
            Doc::Null => Node::Null,
            Doc::Bool(b) => Node::Bool(*b),
            Doc::Number(n) => Node::Number(n),
            Doc::String(s) => Node::String(s),
            Doc::Array(items) => Node::Array(items),
            Doc::Object(members) => Node::Object(Obj(*members)),
        }
    }

    #[inline(always)]
    fn members<'o>(obj: &'o [Member<'d>]) -> impl Iterator<Item = (&'o str, &'o Doc<'d>)>
    where
        Doc<'d>: 'o,
    {
        obj.iter().map(|(key, value)| (*key, value))
    }

    #[inline]
    fn member<'o>(obj: &'o [Member<'d>], key: &str) -> Option<&'o Doc<'d>> {
        obj.iter().find(|(k, _)| *k == key).map(|(_, value)| value)
    }

    #[inline]
    fn member_count(obj: &[Member<'d>]) -> usize {
        obj.len()
    }

    fn string(s: &str) -> Doc<'d> {
        Doc::String(s.to_owned().into())
    }

    #[inline(always)]
    fn pick(fns: &Fns) -> SchemaFn<Doc<'d>> {
        fns.doc
    }

    #[inline(always)]
    fn pass(object: &Object<'_>) -> Pass<Doc<'d>> {
        object.doc_pass
    }
}
