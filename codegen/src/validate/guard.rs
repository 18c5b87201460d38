//! Depth guards only where a validator can recur. Each function is made with a guard,
//! `if !cx.enter(path, at) { return false; }` before its checks and `cx.leave();` after them,
//! which bounds the depth of recursive schemas. A function that no chain of references leads
//! back to cannot recur, so its depth is bounded by the code itself: this pass takes its guard
//! out, and a body left ending in `let valid = EXPR; valid` ends in `EXPR`; a typed validator's
//! `let at = ...;` goes into the one check that still reads it (or goes, when none does).
//!
//! References are those [`References`] reads: every generated item (functions, typed
//! validators, property tables, the dynamic scope's table) is a node, linked to every item whose
//! name it mentions. A function is recursive when it lies on a cycle of that graph. A function at
//! the top of a long chain of references keeps its guard too, so that a deep chain of distinct
//! schemas is bounded by the same depth limit.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

use super::references::References;
use super::words::words;

/// Takes the guard out of each item of `functions` that is not on a cycle of `references`, nor
/// at the top of a long chain. The functions are the first items `references` read, in order.
pub(super) fn drop_needless_guards(functions: &mut [&mut TokenStream], references: &References) {
    let kept = guarded(references);
    for (i, function) in functions.iter_mut().enumerate() {
        if !kept.contains(&i) {
            **function = without_guard(function);
        }
    }
}

/// How long a chain of calls may grow without a guard: a function with a longer one below it
/// keeps its guard, so that a long chain of distinct `$ref`s (no cycle, yet as deep as the
/// schemas make it) still meets the depth limit before the stack runs out.
const MAX_UNGUARDED_CHAIN: usize = 32;

/// The indices of the items that keep their guard: those on a cycle of references, and those
/// with a chain of references longer than [`MAX_UNGUARDED_CHAIN`] below them.
fn guarded(references: &References) -> HashSet<usize> {
    let edges: Vec<Vec<usize>> = (0..references.len())
        .map(|i| {
            let mut to: Vec<usize> = references.of(i).iter().map(|m| m.item).collect();
            to.sort_unstable();
            to.dedup();
            to
        })
        .collect();
    let components = strongly_connected(&edges);
    let mut component_of = vec![0; edges.len()];
    for (c, component) in components.iter().enumerate() {
        for &member in component {
            component_of[member] = c;
        }
    }
    // Components come out successors first, so each one's longest chain below is known.
    let mut chain = vec![0; components.len()];
    let mut kept = HashSet::new();
    for (c, component) in components.iter().enumerate() {
        let below = component
            .iter()
            .flat_map(|&member| &edges[member])
            .filter(|&&to| component_of[to] != c)
            .map(|&to| chain[component_of[to]])
            .max()
            .unwrap_or(0);
        chain[c] = below + 1;
        let cycle = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if cycle || chain[c] > MAX_UNGUARDED_CHAIN {
            kept.extend(component.iter().copied());
        }
    }
    kept
}

/// The strongly connected components of a graph (Tarjan's algorithm, iterative so that long
/// chains of references cannot overflow the stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low) = (vec![UNSEEN; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut components) = (Vec::new(), Vec::new());
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position in its edges)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next;
                low[node] = next;
                next += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&to) = edges[node].get(*edge) {
                *edge += 1;
                if index[to] == UNSEEN {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// `function` without its guard (the item unchanged when it has none), and with `_` for the
/// parameters (and `let at`) that only the guard used.
fn without_guard(function: &TokenStream) -> TokenStream {
    let mut tokens: Vec<TokenTree> = function.clone().into_iter().collect();
    let Some(b) = tokens
        .iter()
        .rposition(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
    else {
        return function.clone();
    };
    let TokenTree::Group(body) = &tokens[b] else {
        return function.clone();
    };
    let Some(stripped) = body_without_guard(body.stream()) else {
        return function.clone();
    };
    let mut stripped: Vec<TokenTree> = stripped.into_iter().collect();
    // `let at = EXPR;` (typed validators): gone when nothing reads `at` any more, written into
    // its one use when one does.
    if let [TokenTree::Ident(l), TokenTree::Ident(at), TokenTree::Punct(eq), ..] =
        stripped.as_slice()
    {
        if l == "let" && at == "at" && eq.as_char() == '=' {
            if let Some(end) = stripped.iter().position(|t| is(t, ";")) {
                let value: TokenStream = stripped[3..end].iter().cloned().collect();
                let rest: TokenStream = stripped[end + 1..].iter().cloned().collect();
                match variable_reads(&rest).get("at").copied().unwrap_or(0) {
                    0 => stripped = rest.into_iter().collect(),
                    1 => stripped = replace_variable(&rest, "at", &value).into_iter().collect(),
                    _ => {}
                }
            }
        }
    }
    let stripped: TokenStream = stripped.into_iter().collect();
    let mut group = Group::new(Delimiter::Brace, stripped.clone());
    group.set_span(body.span());
    tokens[b] = TokenTree::Group(group);
    // The parameters (`pattern: Type`, split by commas) whose names the body no longer reads.
    if let Some(f) = tokens.iter().position(|t| is(t, "fn")) {
        if let Some(TokenTree::Group(params)) = tokens.get(f + 2) {
            let read = variable_reads(&stripped);
            let mut at_pattern = true;
            let renamed: TokenStream = params
                .stream()
                .into_iter()
                .map(|token| {
                    let out = match &token {
                        TokenTree::Ident(name)
                            if at_pattern
                                && name != "mut"
                                && !read.contains_key(&name.to_string()) =>
                        {
                            TokenTree::Ident(proc_macro2::Ident::new("_", name.span()))
                        }
                        _ => token.clone(),
                    };
                    // A `mut` binding is left alone (`mut _` is no pattern).
                    at_pattern = is(&token, ",");
                    out
                })
                .collect();
            let mut group = Group::new(Delimiter::Parenthesis, renamed);
            group.set_span(params.span());
            tokens[f + 2] = TokenTree::Group(group);
        }
    }
    tokens.into_iter().collect()
}

fn is(token: &TokenTree, text: &str) -> bool {
    match token {
        TokenTree::Ident(ident) => ident == text,
        TokenTree::Punct(p) => text.len() == 1 && text.starts_with(p.as_char()),
        _ => false,
    }
}

/// How often `tokens` read each variable: an identifier, but for a field (`v.name`) or a path
/// segment (`x::name`). Read off the printed tokens (see [`words`]).
fn variable_reads(tokens: &TokenStream) -> HashMap<String, usize> {
    let mut reads = HashMap::new();
    words(&tokens.to_string(), |word| {
        if !matches!(word.before, Some(b'.' | b':')) {
            *reads.entry(word.text.to_string()).or_default() += 1;
        }
    });
    reads
}

/// `tokens` with the variable `name` (see [`variable_reads`]) replaced by `value`, as one
/// undelimited group (an expression, whatever its tokens).
fn replace_variable(tokens: &TokenStream, name: &str, value: &TokenStream) -> TokenStream {
    let mut after_access = false;
    let mut out = Vec::new();
    for token in tokens.clone() {
        let next_after_access = is(&token, ".") || is(&token, ":");
        out.push(match token {
            TokenTree::Group(g) => {
                let mut group =
                    Group::new(g.delimiter(), replace_variable(&g.stream(), name, value));
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            TokenTree::Ident(ident) if ident == name && !after_access => {
                TokenTree::Group(Group::new(Delimiter::None, value.clone()))
            }
            other => other,
        });
        after_access = next_after_access;
    }
    out.into_iter().collect()
}

/// `body` without its guard, or `None` when it has none.
fn body_without_guard(body: TokenStream) -> Option<TokenStream> {
    let mut tokens: Vec<TokenTree> = body.into_iter().collect();
    let enter = tokens.windows(7).position(|w| {
        is(&w[0], "if")
            && is(&w[1], "!")
            && is(&w[2], "cx")
            && is(&w[3], ".")
            && is(&w[4], "enter")
            && matches!(&w[6], TokenTree::Group(g) if g.stream().to_string() == "return false ;")
    })?;
    tokens.drain(enter..enter + 7);
    if let Some(leave) = tokens
        .windows(5)
        .position(|w| is(&w[0], "cx") && is(&w[1], ".") && is(&w[2], "leave") && is(&w[4], ";"))
    {
        tokens.drain(leave..leave + 5);
    }
    // `let valid = EXPR; valid` at the end: `EXPR` (clippy's `let_and_return`). The statement
    // starts after the last `;` or after a statement that ends in a block (`if .. { .. }`).
    let n = tokens.len();
    if n >= 5 && is(&tokens[n - 1], "valid") && is(&tokens[n - 2], ";") {
        let after = tokens[..n - 2]
            .iter()
            .rposition(|t| is(t, ";"))
            .map_or(0, |i| i + 1);
        let start = (after..n - 5).find(|&i| {
            (i == after || matches!(&tokens[i - 1], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
                && is(&tokens[i], "let")
                && is(&tokens[i + 1], "valid")
                && is(&tokens[i + 2], "=")
        });
        if let Some(start) = start {
            let expr: Vec<TokenTree> = tokens[start + 3..n - 2].to_vec();
            tokens.truncate(start);
            tokens.extend(expr);
        }
    }
    Some(tokens.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn function(name: &str, callee: &str) -> TokenStream {
        let (name, callee) = (
            proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
            proc_macro2::Ident::new(callee, proc_macro2::Span::call_site()),
        );
        quote! {
            #[doc = " t.json#"]
            fn #name(inst: &Value, path: &Path, at: &At, cx: &mut Cx, _: Ev) -> bool {
                if !cx.enter(path, at) {
                    return false;
                }
                let valid = rt::of_type(inst, rt::OBJECT, "object", path, at, cx);
                let valid = cx.goes_on(valid) && #callee(inst, path, at, cx, None) & valid;
                cx.leave();
                valid
            }
        }
    }

    #[test]
    fn only_functions_on_a_cycle_keep_their_guard() {
        // s0 -> s1 -> TABLE -> s0 is a cycle; s2 -> s0 leads into it but is not on it.
        let mut functions = [
            function("s0", "s1"),
            function("s1", "s3"),
            function("s2", "s0"),
        ];
        let table = quote!(
            static O3: rt::Object = rt::Object {
                properties: &[(1u64, "a", s0)],
            };
        );
        let s3 = quote!(
            fn s3(inst: &Value) -> bool {
                rt::object(inst, &O3)
            }
        );
        let references =
            References::read(&[&functions[0], &functions[1], &functions[2], &s3, &table]);
        let mut refs: Vec<&mut TokenStream> = functions.iter_mut().collect();
        drop_needless_guards(&mut refs, &references);
        assert!(functions[0].to_string().contains("enter"));
        assert!(functions[1].to_string().contains("enter"));
        let unguarded = quote! {
            #[doc = " t.json#"]
            fn s2(inst: &Value, path: &Path, at: &At, cx: &mut Cx, _: Ev) -> bool {
                let valid = rt::of_type(inst, rt::OBJECT, "object", path, at, cx);
                cx.goes_on(valid) && s0(inst, path, at, cx, None) & valid
            }
        };
        assert_eq!(functions[2].to_string(), unguarded.to_string());
    }

    #[test]
    fn a_long_chain_keeps_its_guards_but_for_the_last_links() {
        let n = MAX_UNGUARDED_CHAIN + 10;
        let mut functions: Vec<TokenStream> = (0..n)
            .map(|i| function(&format!("s{i}"), &format!("s{}", i + 1)))
            .collect();
        let references = References::read(&functions.iter().collect::<Vec<_>>());
        let mut refs: Vec<&mut TokenStream> = functions.iter_mut().collect();
        drop_needless_guards(&mut refs, &references);
        let guarded: Vec<bool> = functions
            .iter()
            .map(|f| f.to_string().contains("enter"))
            .collect();
        // s{n-1} calls an undefined name: the chain from s{i} is n - i long.
        for (i, kept) in guarded.iter().enumerate() {
            assert_eq!(*kept, n - i > MAX_UNGUARDED_CHAIN, "s{i}");
        }
    }

    #[test]
    fn a_location_read_once_is_written_where_it_is_read() {
        let typed = |checks: TokenStream| {
            quote! {
                fn t0(v: &m::T, path: &Path, cx: &mut Cx) -> bool {
                    let at = &rt::root(F0);
                    if !cx.enter(path, at) {
                        return false;
                    }
                    #checks
                    cx.leave();
                    valid
                }
            }
        };
        // `v.at` is a field, not the variable.
        let mut once = typed(quote!(let valid = rt::extra_keys(v.at.keys(), &O0, path, at, cx);));
        let references = References::read(&[&once]);
        drop_needless_guards(&mut [&mut once], &references);
        let expected = quote! {
            fn t0(v: &m::T, path: &Path, cx: &mut Cx) -> bool {
                rt::extra_keys(v.at.keys(), &O0, path, &rt::root(F0), cx)
            }
        };
        assert_eq!(once.to_string(), expected.to_string());
        let mut twice = typed(quote!(let valid = rt::a(path, at, cx) & rt::b(path, at, cx);));
        let references = References::read(&[&twice]);
        drop_needless_guards(&mut [&mut twice], &references);
        assert!(twice.to_string().contains("let at"));
        assert_eq!(variable_reads(&quote!(x.at + y::at + f(at)))["at"], 1);
    }
}
