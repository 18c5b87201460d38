//! Subschemas applied from one place only get no function of their own: once every function is
//! made (and equal ones share one), a function whose name appears exactly once, as a direct
//! call `sN(inst, path, at, cx, ev)` in another function, has its body written there instead.
//!
//! The body becomes a labelled block: its arguments bound to the parameters' names, its label
//! `'body` renamed so as not to shadow the caller's, its `return` a `break` out of the block.
//! Calls inside closures stay calls (a block there would sit in an `if` condition, which clippy
//! rejects), and so do functions with attributes of their own.

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use super::references::References;
use crate::error::Place;

/// One generated schema function, split into what inlining needs.
struct Function {
    place: Place,
    /// The whole item, as generated.
    item: TokenStream,
    name: String,
    /// `(pattern: Type, ...)`: the tokens inside the parentheses.
    params: TokenStream,
    /// The tokens inside the body's braces.
    body: TokenStream,
    /// Whether the item carries attributes other than its doc comment.
    attributed: bool,
}

/// Inlines the functions of `functions` that are called from one place only. `references` were
/// read from the functions (its first items, in order) and the rest of the generated code, whose
/// references to schema functions count too.
pub(super) fn inline_single_calls(
    functions: Vec<(Place, TokenStream)>,
    references: &References,
) -> Vec<(Place, TokenStream)> {
    let functions: Vec<Function> = functions.into_iter().map(split).collect();
    let n = functions.len();
    // How often each function's name appears anywhere, and where its direct calls are.
    let mut uses = vec![0usize; n];
    let mut calls: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..references.len() {
        for mention in references.of(i).iter().filter(|m| m.item < n) {
            uses[mention.item] += 1;
            if mention.call && i < n {
                calls[mention.item].push(i);
            }
        }
    }
    let inlined: HashMap<&str, usize> = functions
        .iter()
        .enumerate()
        .filter(|&(i, f)| !f.attributed && uses[i] == 1 && calls[i].len() == 1 && calls[i][0] != i)
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    let caller: HashMap<&str, usize> = inlined
        .iter()
        .map(|(name, &i)| (*name, calls[i][0]))
        .collect();
    let mut inliner = Inliner {
        functions: &functions,
        inlined: &inlined,
        caller: &caller,
        labels: 0,
        expanding: HashSet::new(),
        deferred: Vec::new(),
    };
    // The functions that stay functions, with every call of an inlined one expanded; a call
    // past the depth limit leaves its callee a function, to expand in turn.
    let mut made: BTreeMap<usize, TokenStream> = BTreeMap::new();
    let mut pending: Vec<usize> = (0..functions.len())
        .rev()
        .filter(|&i| {
            let f = &functions[i];
            !inlined.contains_key(f.name.as_str()) || inliner.unreachable(f)
        })
        .collect();
    while let Some(i) = pending.pop() {
        if made.contains_key(&i) {
            continue;
        }
        let f = &functions[i];
        let calls_inlined = references
            .of(i)
            .iter()
            .any(|m| m.call && m.item < n && inlined.contains_key(functions[m.item].name.as_str()));
        let item = if calls_inlined {
            rebuild(&f.item, inliner.expand(&f.body, 0))
        } else {
            f.item.clone()
        };
        made.insert(i, item);
        pending.append(&mut inliner.deferred);
    }
    made.into_iter()
        .map(|(i, item)| (functions[i].place.clone(), item))
        .collect()
}

/// Splits a generated `#[doc = ...] #[attr]* [pub(super)] fn name(params) -> bool { body }`.
fn split((place, item): (Place, TokenStream)) -> Function {
    let tokens: Vec<TokenTree> = item.clone().into_iter().collect();
    let mut name = String::new();
    let mut params = TokenStream::new();
    let mut body = TokenStream::new();
    let mut attributes = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Punct(p) if p.as_char() == '#' => attributes += 1,
            TokenTree::Ident(ident) if ident == "fn" => {
                if let Some(TokenTree::Ident(n)) = tokens.get(i + 1) {
                    name = n.to_string();
                }
                if let Some(TokenTree::Group(g)) = tokens.get(i + 2) {
                    params = g.stream();
                }
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => body = g.stream(),
            _ => {}
        }
    }
    Function {
        place,
        item,
        name,
        params,
        body,
        attributed: attributes > 1,
    }
}

/// Whether `tokens[i]` is called (followed by parentheses) and not as the body of a closure
/// (`|cx| sN(...)`) nor at the end of a path (as [`super::words::Word::is_call`] reads it).
fn is_call(tokens: &[TokenTree], i: usize) -> bool {
    let called = matches!(
        tokens.get(i + 1),
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis
    );
    let in_closure = i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '|');
    let in_path = i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ':');
    called && !in_closure && !in_path
}

/// `item` with its body replaced.
fn rebuild(item: &TokenStream, body: TokenStream) -> TokenStream {
    item.clone()
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                TokenTree::Group(Group::new(Delimiter::Brace, body.clone()))
            }
            other => other,
        })
        .collect()
}

struct Inliner<'a> {
    functions: &'a [Function],
    /// The functions inlined, by name.
    inlined: &'a HashMap<&'a str, usize>,
    /// The function that calls each of them.
    caller: &'a HashMap<&'a str, usize>,
    /// Labels made so far (`'inlineN`, `'bodyN`).
    labels: usize,
    /// Functions being expanded, against cycles of functions that only call each other.
    expanding: HashSet<usize>,
    /// Functions called past [`MAX_DEPTH`], which stay functions.
    deferred: Vec<usize>,
}

/// How deep inlined bodies nest in one another: each adds a few levels of blocks, and a function
/// nested hundreds of levels deep would overflow the stack of tools that read it recursively.
const MAX_DEPTH: usize = 3;

impl Inliner<'_> {
    /// Whether `f`, though called once, is only reached from functions that are themselves
    /// inlined into it (a cycle no entry reaches): it then keeps its function.
    fn unreachable(&self, f: &Function) -> bool {
        let mut current = f;
        let mut seen = HashSet::new();
        loop {
            let Some(&caller) = self.caller.get(current.name.as_str()) else {
                return false;
            };
            if !seen.insert(caller) {
                return true;
            }
            let caller = &self.functions[caller];
            if !self.inlined.contains_key(caller.name.as_str()) {
                return false;
            }
            current = caller;
        }
    }

    /// `tokens` with every call of an inlined function replaced by its body; `depth` bodies
    /// are around them already.
    fn expand(&mut self, tokens: &TokenStream, depth: usize) -> TokenStream {
        let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), self.expand(&g.stream(), depth));
                    group.set_span(g.span());
                    out.push(TokenTree::Group(group));
                }
                TokenTree::Ident(ident) if is_call(&tokens, i) => {
                    let callee = self.inlined.get(ident.to_string().as_str()).copied();
                    match (callee, &tokens.get(i + 1)) {
                        (Some(k), _) if depth >= MAX_DEPTH => {
                            self.deferred.push(k);
                            out.push(tokens[i].clone());
                        }
                        (Some(k), Some(TokenTree::Group(args))) if self.expanding.insert(k) => {
                            let block = self.block(k, &args.stream(), depth + 1);
                            self.expanding.remove(&k);
                            if is_initializer(&out, tokens.get(i + 2))
                                || is_tail(&out, tokens.get(i + 2))
                            {
                                out.extend(block);
                            } else {
                                let group = Group::new(Delimiter::Parenthesis, block);
                                out.push(TokenTree::Group(group));
                            }
                            i += 2;
                            continue;
                        }
                        _ => out.push(tokens[i].clone()),
                    }
                }
                other => out.push(other.clone()),
            }
            i += 1;
        }
        out.into_iter().collect()
    }

    /// The body of function `k` as a block applied to `args`.
    fn block(&mut self, k: usize, args: &TokenStream, depth: usize) -> TokenStream {
        let f = &self.functions[k];
        let (params, body) = (f.params.clone(), f.body.clone());
        let body = self.expand(&body, depth);
        self.labels += 1;
        let n = self.labels;
        let label = Ident::new(&format!("inline{n}"), Span::call_site());
        let (body, returns) = relabel(body, &format!("body{n}"), &label);
        let mut bindings = TokenStream::new();
        for ((pattern, ty), arg) in parameters(&params).into_iter().zip(split_commas(args)) {
            let name = pattern.to_string();
            // `cx` passed as `cx` is the same variable. An unused (`_`) parameter's argument is
            // still evaluated, as the call did: the caller may have made a variable for it.
            if name == arg.to_string() {
                continue;
            }
            bindings.extend(quote!(let #pattern: #ty = #arg;));
        }
        if returns {
            let label = lifetime(&label);
            quote!(#label: { #bindings #body })
        } else {
            quote!({ #bindings #body })
        }
    }
}

/// Whether a call after `before` and followed by `next` is a whole initializer (`let x = f(..);`),
/// where its block needs no parentheses (elsewhere it may be an operand: `!f(..) && ..`).
fn is_initializer(before: &[TokenTree], next: Option<&TokenTree>) -> bool {
    let assigns = match before {
        [.., TokenTree::Punct(p), TokenTree::Punct(eq)] => {
            eq.as_char() == '=' && eq.spacing() == Spacing::Alone && p.spacing() == Spacing::Alone
        }
        [.., TokenTree::Punct(eq)] => eq.as_char() == '=' && eq.spacing() == Spacing::Alone,
        _ => false,
    };
    assigns && matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ';')
}

/// Whether a call after `before` and followed by `next` is a whole tail expression (nothing
/// after it, a statement's end or nothing before it), where its block needs no parentheses.
fn is_tail(before: &[TokenTree], next: Option<&TokenTree>) -> bool {
    let starts = match before.last() {
        None => true,
        Some(TokenTree::Punct(p)) => p.as_char() == ';',
        Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::Brace,
        Some(_) => false,
    };
    starts && next.is_none()
}

/// `body` with its label `'body` named `'{name}` and each `return` a `break` out of `label`;
/// and whether it returned anywhere.
fn relabel(body: TokenStream, name: &str, label: &Ident) -> (TokenStream, bool) {
    let mut returns = false;
    let mut out = Vec::new();
    let mut after_quote = false;
    for token in body {
        let quote_next = matches!(&token, TokenTree::Punct(p) if p.as_char() == '\'');
        match token {
            TokenTree::Ident(ident) if after_quote && ident == "body" => {
                out.push(TokenTree::Ident(Ident::new(name, ident.span())));
            }
            TokenTree::Ident(ident) if ident == "return" => {
                returns = true;
                out.extend(quote!(break));
                out.extend(lifetime(label));
            }
            TokenTree::Group(g) => {
                let (inner, r) = relabel(g.stream(), name, label);
                returns |= r;
                let mut group = Group::new(g.delimiter(), inner);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
        after_quote = quote_next;
    }
    (out.into_iter().collect(), returns)
}

/// The label `'ident`.
fn lifetime(ident: &Ident) -> TokenStream {
    let mut quote_mark = Punct::new('\'', Spacing::Joint);
    quote_mark.set_span(ident.span());
    [
        TokenTree::Punct(quote_mark),
        TokenTree::Ident(ident.clone()),
    ]
    .into_iter()
    .collect()
}

/// `pattern: Type` pairs of a parameter list.
fn parameters(params: &TokenStream) -> Vec<(TokenStream, TokenStream)> {
    split_commas(params)
        .into_iter()
        .filter_map(|param| {
            let tokens: Vec<TokenTree> = param.into_iter().collect();
            let colon = tokens.iter().position(
                |t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Alone),
            )?;
            let pattern = tokens[..colon].iter().cloned().collect();
            let ty = tokens[colon + 1..].iter().cloned().collect();
            Some((pattern, ty))
        })
        .collect()
}

/// The comma-separated parts of `tokens` (commas inside groups and `<...>` are not separators).
fn split_commas(tokens: &TokenStream) -> Vec<TokenStream> {
    let mut parts = vec![Vec::new()];
    let mut angle = 0usize;
    for token in tokens.clone() {
        if let TokenTree::Punct(p) = &token {
            match p.as_char() {
                '<' => angle += 1,
                '>' if angle > 0 => angle -= 1,
                ',' if angle == 0 => {
                    parts.push(Vec::new());
                    continue;
                }
                _ => {}
            }
        }
        if let Some(last) = parts.last_mut() {
            last.push(token);
        }
    }
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.into_iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`inline_single_calls`] of `functions`, with `rest` the rest of the code.
    fn inline(
        functions: Vec<(Place, TokenStream)>,
        rest: &[&TokenStream],
    ) -> Vec<(Place, TokenStream)> {
        let items: Vec<&TokenStream> = functions
            .iter()
            .map(|(_, f)| f)
            .chain(rest.iter().copied())
            .collect();
        let references = References::read(&items);
        inline_single_calls(functions, &references)
    }

    fn names(out: &[(Place, TokenStream)]) -> Vec<String> {
        out.iter()
            .map(|(_, f)| split((Place::new("t.json", ""), f.clone())).name)
            .collect()
    }

    #[test]
    fn a_function_called_from_one_place_is_written_there() {
        let place = Place::new("t.json", "");
        let caller = quote! {
            #[doc = " t.json#"]
            pub(super) fn s0(inst: &Value, path: &Path, at: &At, cx: &mut Cx, ev: Option<&mut Eval>) -> bool {
                if !cx.enter(path, at) {
                    return false;
                }
                let valid = 'body: {
                    let mut valid = true;
                    if !s1(inst, path, &At::Child(at, "/not"), cx, None) && cx.stop(&mut valid) {
                        break 'body false;
                    }
                    if !s2(inst, path, at, cx, ev) && cx.stop(&mut valid) {
                        break 'body false;
                    }
                    valid
                };
                cx.leave();
                valid
            }
        };
        let once = quote! {
            #[doc = " t.json#/not"]
            fn s1(inst: &Value, path: &Path, at: &At, cx: &mut Cx, _: Option<&mut Eval>) -> bool {
                if !cx.enter(path, at) {
                    return false;
                }
                let valid = 'body: {
                    break 'body inst.is_null();
                };
                cx.leave();
                valid
            }
        };
        // Called once, but also named in the rest of the code.
        let shared = quote! {
            #[doc = " t.json#/$defs/a"]
            fn s2(_: &Value, _: &Path, _: &At, _: &mut Cx, _: Option<&mut Eval>) -> bool {
                true
            }
        };
        let rest = quote!(
            const TABLE: &[SchemaFn] = &[s2];
        );
        let out = inline(
            vec![
                (place.clone(), caller),
                (place.clone(), once),
                (place, shared),
            ],
            &[&rest],
        );
        assert_eq!(names(&out), ["s0", "s2"]);
        let text = out[0].1.to_string();
        assert!(!text.contains("s1"), "{text}");
        for expected in [
            "'inline1 : {",
            "let at : & At = & At :: Child (at , \"/not\") ;",
            "let _ : Option < & mut Eval > = None ;",
            "break 'inline1 false",
            "let valid = 'body1 : {",
            "break 'body1 inst . is_null ()",
            "break 'body false",
            "s2 (inst , path , at , cx , ev)",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
    }

    #[test]
    fn a_call_that_is_a_whole_initializer_is_written_without_parentheses() {
        let place = Place::new("t.json", "");
        let caller = quote!(
            fn s0(inst: &Value) -> bool {
                let valid = s1(inst);
                let other = !s2(inst) && valid;
                other == s3(inst);
                other
            }
        );
        let callee = |name: &str| {
            let name = Ident::new(name, Span::call_site());
            quote!(
                fn #name(inst: &Value) -> bool {
                    inst.is_null()
                }
            )
        };
        let out = inline(
            vec![
                (place.clone(), caller),
                (place.clone(), callee("s1")),
                (place.clone(), callee("s2")),
                (place, callee("s3")),
            ],
            &[],
        );
        assert_eq!(names(&out), ["s0"]);
        let text = out[0].1.to_string();
        // An operand keeps its parentheses (`!` and `==` bind tighter than a block would).
        for expected in [
            "let valid = { inst . is_null () } ;",
            "! ({ inst . is_null () }) && valid",
            "other == ({ inst . is_null () }) ;",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
    }

    #[test]
    fn functions_that_only_call_each_other_stay_functions() {
        let place = Place::new("t.json", "");
        let a = quote!(
            fn s0(inst: &Value) -> bool {
                s1(inst)
            }
        );
        let b = quote!(
            fn s1(inst: &Value) -> bool {
                s0(inst)
            }
        );
        let out = inline(vec![(place.clone(), a), (place, b)], &[]);
        assert_eq!(names(&out).len(), 2);
    }
}
