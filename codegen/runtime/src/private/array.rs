//! `items` as one pass over the array, as `object` is for the object keywords most schemas use:
//! the generated code names the subschema's function instead of writing the loop out.
//!
//! The subschema's function is a type parameter, not a function pointer: the generated code
//! passes the function itself, so each array schema gets its own copy of the loop, which calls
//! the item's check directly (where the compiler may inline it) instead of through a pointer.

use super::instance::{node, Json, Node};
use super::{of_type, At, Cx, Eval, Path, ARRAY};

/// The check of an item: a subschema's function ([`SchemaFn`](super::SchemaFn) or the
/// generated function itself).
pub trait ItemFn<I>: Fn(&I, &Path<'_>, &At<'_>, &mut Cx, Option<&mut Eval>) -> bool {}

impl<I, F: Fn(&I, &Path<'_>, &At<'_>, &mut Cx, Option<&mut Eval>) -> bool> ItemFn<I> for F {}

/// `type: array`, then [`items`]: another value fails as `type` does (the one step of most
/// array schemas).
#[inline]
pub fn an_array<I: Json>(
    inst: &I,
    skip: usize,
    f: impl ItemFn<I>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    ev: Option<&mut Eval>,
) -> bool {
    match node(inst) {
        Node::Array(arr) => each_item(arr, skip, f, path, &At::Child(at, "/items"), cx, ev),
        _ => of_type(inst, ARRAY, "array", path, at, cx),
    }
}

/// `items` over the array `inst` (any other value passes), of the array schema at `at`: each
/// item after the first `skip` (those `prefixItems` checks) checked by `f`, its subschema, and
/// marked evaluated in `ev`.
#[inline]
pub fn items<I: Json>(
    inst: &I,
    skip: usize,
    f: impl ItemFn<I>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    ev: Option<&mut Eval>,
) -> bool {
    items_at(inst, skip, f, path, &At::Child(at, "/items"), cx, ev)
}

/// [`items`] with the subschema's own place `items_at`, where the file names it otherwise (the
/// `additionalItems` of a draft before 2020-12).
#[inline]
pub fn items_at<I: Json>(
    inst: &I,
    skip: usize,
    f: impl ItemFn<I>,
    path: &Path<'_>,
    items_at: &At<'_>,
    cx: &mut Cx,
    ev: Option<&mut Eval>,
) -> bool {
    match node(inst) {
        Node::Array(arr) => each_item(arr, skip, f, path, items_at, cx, ev),
        _ => true,
    }
}

/// [`items`] of an array, its subschema at `at`.
fn each_item<I: Json>(
    arr: &[I],
    skip: usize,
    f: impl ItemFn<I>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    mut ev: Option<&mut Eval>,
) -> bool {
    let mut valid = true;
    for (i, item) in arr.iter().enumerate().skip(skip) {
        if !f(item, &Path::Index(path, i), at, cx, None) && cx.stop(&mut valid) {
            return false;
        }
        if let Some(ev) = &mut ev {
            ev.mark(i);
        }
    }
    valid
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn small(
        inst: &Value,
        path: &Path<'_>,
        at: &At<'_>,
        cx: &mut Cx,
        _: Option<&mut Eval>,
    ) -> bool {
        if inst.as_u64().is_some_and(|n| n < 10) {
            return true;
        }
        cx.fail(path, "maximum", at, "/maximum", || "too big".into());
        false
    }

    #[test]
    fn every_item_after_the_prefix_is_checked_and_located() {
        let at = At::Root("a.json", "");
        let mut cx = Cx::collecting();
        assert!(!items(
            &json!([50, 1, 20, 30]),
            1,
            small,
            &Path::Root,
            &at,
            &mut cx,
            None
        ));
        let errors = cx.finish(false, "a.json").unwrap_err();
        let paths: Vec<String> = errors.iter().map(|e| e.instance_path.clone()).collect();
        assert_eq!(paths, ["/2", "/3"]);
        let mut cx = Cx::testing();
        assert!(items(
            &json!([50, 1]),
            1,
            small,
            &Path::Root,
            &at,
            &mut cx,
            None
        ));
        assert!(items(
            &json!("not an array"),
            0,
            small,
            &Path::Root,
            &at,
            &mut cx,
            None
        ));
    }
}
