//! A subschema that is only a `$ref` gets a function that calls the target with the target's
//! location and does nothing else: a forwarder. An object table's entry naming one names the
//! target and that location instead (`(2, "owner", s7, rt::root(F3))`, which the runtime's
//! `object_table!` calls directly), so a referenced property costs one call, not two; a
//! forwarder nothing else names is then dropped.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Delimiter, Group, Punct, Spacing, TokenStream, TokenTree};

use super::references::References;
use crate::error::Place;

/// The object tables among `items` name forwarders' targets; forwarders among `functions` that
/// no other item names any more are removed. `references` are those of every item, read before:
/// `functions` are its first items and `items[j]` its item `first_item + j`; they are kept up
/// to date (the tables' mentions read again, the forwarders removed forgotten).
pub(super) fn tables_call_targets(
    functions: &mut Vec<(Place, TokenStream)>,
    items: &mut [&mut TokenStream],
    first_item: usize,
    references: &mut References,
) {
    let forwarders: HashMap<String, (TokenStream, TokenStream)> =
        functions.iter().filter_map(|(_, f)| forwarder(f)).collect();
    if forwarders.is_empty() {
        return;
    }
    let mut tables = Tables {
        forwarders: &forwarders,
        replaced: HashSet::new(),
        entries: 0,
    };
    for (j, item) in items.iter_mut().enumerate() {
        let entries = tables.entries;
        **item = tables.rewrite(item);
        if tables.entries != entries {
            references.reread(first_item + j, item);
        }
    }
    // The forwarders replaced somewhere that no other item names now.
    let named = references.named_by_others();
    let mut removed: Vec<usize> = tables
        .replaced
        .iter()
        .filter_map(|name| references.defining(name))
        .filter(|&i| i < functions.len() && !named[i])
        .collect();
    removed.sort_unstable();
    if removed.is_empty() {
        return;
    }
    let mut index = 0..;
    functions.retain(|_| {
        index
            .next()
            .is_some_and(|i| removed.binary_search(&i).is_err())
    });
    references.remove(&removed);
}

/// The name of `function`, and its target and the target's location (without the `&`) if it is
/// a forwarder: `fn sN(inst: &Value, path: &Path, _: &At, cx: &mut Cx, mut ev: Ev) -> bool {
/// sT(inst, path, &AT, cx, rt::reborrow(&mut ev)) }`, with nothing but doc comments besides.
fn forwarder(function: &TokenStream) -> Option<(String, (TokenStream, TokenStream))> {
    let tokens: Vec<TokenTree> = function.clone().into_iter().collect();
    let mut rest = tokens.as_slice();
    // Doc comments: `# [doc = "..."]`.
    while let [TokenTree::Punct(hash), TokenTree::Group(attr), tail @ ..] = rest {
        let is_doc =
            matches!(attr.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc");
        if hash.as_char() != '#' || !is_doc {
            return None;
        }
        rest = tail;
    }
    let [TokenTree::Ident(fn_), TokenTree::Ident(name), TokenTree::Group(params), TokenTree::Punct(dash), TokenTree::Punct(gt), TokenTree::Ident(ret), TokenTree::Group(body)] =
        rest
    else {
        return None;
    };
    let signature = fn_ == "fn"
        && dash.as_char() == '-'
        && gt.as_char() == '>'
        && ret == "bool"
        && params.to_string()
            == "(inst : & Value , path : & Path , _ : & At , cx : & mut Cx , mut ev : Ev)";
    if !signature || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let body: Vec<TokenTree> = body.stream().into_iter().collect();
    let [TokenTree::Ident(target), TokenTree::Group(arguments)] = body.as_slice() else {
        return None;
    };
    let arguments = split_commas(arguments.stream());
    let [inst, path, at, cx, ev] = arguments.as_slice() else {
        return None;
    };
    let at_text = at.to_string();
    let plain = inst.to_string() == "inst"
        && path.to_string() == "path"
        && cx.to_string() == "cx"
        && ev.to_string() == "rt :: reborrow (& mut ev)"
        && at_text.starts_with('&');
    if !plain {
        return None;
    }
    let location: TokenStream = at.clone().into_iter().skip(1).collect();
    let target = TokenStream::from(TokenTree::Ident(target.clone()));
    Some((name.to_string(), (target, location)))
}

/// The tokens of `stream` between its top-level commas.
fn split_commas(stream: TokenStream) -> Vec<TokenStream> {
    let mut parts = vec![TokenStream::new()];
    for token in stream {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(TokenStream::new()),
            _ => parts.last_mut().expect("never empty").extend([token]),
        }
    }
    parts
}

/// The forwarders' targets, by the forwarders' names; the forwarders some table entry named, and
/// how many entries were rewritten.
struct Tables<'a> {
    forwarders: &'a HashMap<String, (TokenStream, TokenStream)>,
    replaced: HashSet<String>,
    entries: usize,
}

impl Tables<'_> {
    /// `item` with every table entry `(i, "name", sN)` whose `sN` is a forwarder written as
    /// `(i, "name", sT, AT)`.
    fn rewrite(&mut self, item: &TokenStream) -> TokenStream {
        let tokens: Vec<TokenTree> = item.clone().into_iter().collect();
        let mut out = Vec::with_capacity(tokens.len());
        for (k, token) in tokens.iter().enumerate() {
            let TokenTree::Group(group) = token else {
                out.push(token.clone());
                continue;
            };
            // The arguments of `object_table ! (...)`: entries in its first bracketed group.
            let is_table = k >= 2
                && matches!(&tokens[k - 1], TokenTree::Punct(p) if p.as_char() == '!')
                && matches!(&tokens[k - 2], TokenTree::Ident(i) if i == "object_table");
            let stream = match is_table {
                true => self.table_arguments(group.stream()),
                false => self.rewrite(&group.stream()),
            };
            let mut new = Group::new(group.delimiter(), stream);
            new.set_span(group.span());
            out.push(TokenTree::Group(new));
        }
        out.into_iter().collect()
    }

    /// The arguments of a table with its entries rewritten (see [`rewrite`]).
    fn table_arguments(&mut self, arguments: TokenStream) -> TokenStream {
        let mut first = true;
        arguments
            .into_iter()
            .map(|token| match token {
                TokenTree::Group(entries) if first && entries.delimiter() == Delimiter::Bracket => {
                    first = false;
                    let stream = entries
                        .stream()
                        .into_iter()
                        .map(|entry| match entry {
                            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
                                TokenTree::Group(self.entry_to_target(&g))
                            }
                            other => other,
                        })
                        .collect();
                    TokenTree::Group(Group::new(Delimiter::Bracket, stream))
                }
                other => other,
            })
            .collect()
    }

    /// `(i, "name", sN)` as `(i, "name", sT, AT)` when `sN` is a forwarder, else as it is.
    fn entry_to_target(&mut self, entry: &Group) -> Group {
        let tokens: Vec<TokenTree> = entry.stream().into_iter().collect();
        let [index, c1, name, c2, TokenTree::Ident(f)] = tokens.as_slice() else {
            return entry.clone();
        };
        let Some((target, location)) = self.forwarders.get(&f.to_string()) else {
            return entry.clone();
        };
        self.replaced.insert(f.to_string());
        self.entries += 1;
        let comma = || TokenTree::Punct(Punct::new(',', Spacing::Alone));
        let mut stream: TokenStream = [index.clone(), c1.clone(), name.clone(), c2.clone()]
            .into_iter()
            .collect();
        stream.extend(target.clone());
        stream.extend([comma()]);
        stream.extend(location.clone());
        Group::new(Delimiter::Parenthesis, stream)
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::super::references::defined_names;
    use super::*;

    fn place() -> Place {
        Place::new("f.json", "")
    }

    #[test]
    fn tables_name_the_targets_of_forwarders_and_unnamed_forwarders_go() {
        let mut functions = vec![
            (
                place(),
                quote! {
                    #[doc = "f.json#/properties/a"]
                    fn s1(inst: &Value, path: &Path, _: &At, cx: &mut Cx, mut ev: Ev) -> bool {
                        s9(inst, path, &rt::root(F1), cx, rt::reborrow(&mut ev))
                    }
                },
            ),
            // Also named by an array's items: it stays.
            (
                place(),
                quote! {
                    fn s2(inst: &Value, path: &Path, _: &At, cx: &mut Cx, mut ev: Ev) -> bool {
                        s9(inst, path, &rt::At::Root(F1, "/$defs/x"), cx, rt::reborrow(&mut ev))
                    }
                },
            ),
            // Not a forwarder: it reads its location.
            (
                place(),
                quote! {
                    fn s3(inst: &Value, path: &Path, at: &At, cx: &mut Cx, mut ev: Ev) -> bool {
                        s9(inst, path, at, cx, rt::reborrow(&mut ev))
                    }
                },
            ),
            (
                place(),
                quote! {
                    fn s4(inst: &Value, path: &Path, at: &At, cx: &mut Cx, mut ev: Ev) -> bool {
                        rt::an_array(inst, 0, s2, path, at, cx, rt::reborrow(&mut ev))
                    }
                },
            ),
        ];
        let mut table = quote! {
                static O0: rt::Object = rt::object_table!(
                    [(0, "a", s1), (1, "b", s2), (2, "c", s3)],
                    ["a"],
                ).forbid_others();
        };
        let read = |functions: &[(Place, TokenStream)], table: &TokenStream| {
            let mut items: Vec<&TokenStream> = functions.iter().map(|(_, f)| f).collect();
            items.push(table);
            References::read(&items)
        };
        let mut references = read(&functions, &table);
        tables_call_targets(&mut functions, &mut [&mut table], 4, &mut references);
        let names: Vec<_> = functions
            .iter()
            .flat_map(|(_, f)| defined_names(f))
            .collect();
        assert_eq!(names, ["s2", "s3", "s4"]);
        // The references kept up to date are those read afresh.
        let fresh = read(&functions, &table);
        let all = |r: &References| -> Vec<Vec<(usize, bool)>> {
            (0..r.len())
                .map(|i| r.of(i).iter().map(|m| (m.item, m.call)).collect())
                .collect()
        };
        assert_eq!(all(&references), all(&fresh));
        assert_eq!(
            all(&fresh),
            [vec![], vec![], vec![(0, false)], vec![(1, false)]]
        );
        let expected = quote! {
            static O0: rt::Object = rt::object_table!(
                [
                    (0, "a", s9, rt::root(F1)),
                    (1, "b", s9, rt::At::Root(F1, "/$defs/x")),
                    (2, "c", s3)
                ],
                ["a"],
            ).forbid_others();
        };
        assert_eq!(table.to_string(), expected.to_string());
    }
}
