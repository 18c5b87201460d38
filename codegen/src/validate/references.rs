//! Which generated items name which: the graph the guard pass and the inliner both work on,
//! read once off the items' printed text (see [`words`]). Neither pass changes it: taking a
//! guard out removes no name of an item, and the inliner reads it before it moves any code.

use std::collections::HashMap;

use proc_macro2::{TokenStream, TokenTree};

use super::words::words;

/// The names each item mentions, by the index of the item that defines them.
pub(super) struct References {
    /// For each item, every mention (repeated as often as the name is) of a defined name, in
    /// the order of the code.
    mentions: Vec<Vec<Mention>>,
}

/// One mention of an item's name.
#[derive(Clone, Copy)]
pub(super) struct Mention {
    /// The index of the item named.
    pub item: usize,
    /// Whether the item is called right there (as [`super::words::Word::is_call`] reads it).
    pub call: bool,
}

impl References {
    /// Reads the references among `items`: the names each defines (after a top-level `fn`,
    /// `static` or `const`) and where each names the others.
    pub fn read(items: &[&TokenStream]) -> References {
        let mut defined: HashMap<String, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            for name in defined_names(item) {
                defined.insert(name, i);
            }
        }
        let mentions = items
            .iter()
            .map(|item| {
                let mut mentions = Vec::new();
                words(&item.to_string(), |word| {
                    if let Some(&i) = defined.get(word.text) {
                        mentions.push(Mention {
                            item: i,
                            call: word.is_call(),
                        });
                    }
                });
                mentions
            })
            .collect();
        References { mentions }
    }

    /// How many items were read.
    pub fn len(&self) -> usize {
        self.mentions.len()
    }

    /// The mentions item `i` makes.
    pub fn of(&self, i: usize) -> &[Mention] {
        &self.mentions[i]
    }
}

/// The names an item defines: the identifier after each top-level `fn`, `static` or `const`.
pub(super) fn defined_names(item: &TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = item.clone().into_iter().collect();
    tokens
        .windows(2)
        .filter_map(|pair| match pair {
            [TokenTree::Ident(keyword), TokenTree::Ident(name)]
                if keyword == "fn" || keyword == "static" || keyword == "const" =>
            {
                Some(name.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn reads_each_mention_and_call_of_a_defined_name() {
        let a = quote!(
            fn s0(inst: &Value) -> bool {
                s1(inst) && rt::object(inst, &O0) && s1(inst)
            }
        );
        let b = quote!(
            #[doc = " s0 in a string is no mention"]
            fn s1(inst: &Value) -> bool {
                rt::all(inst, |v| s0(v))
            }
        );
        let table = quote!(
            static O0: rt::Object = rt::object_table!([(0, "a", s1)], []);
        );
        let references = References::read(&[&a, &b, &table]);
        let read = |i| -> Vec<(usize, bool)> {
            references.of(i).iter().map(|m| (m.item, m.call)).collect()
        };
        assert_eq!(references.len(), 3);
        assert_eq!(read(0), [(1, true), (2, false), (1, true)]);
        // In a closure's body: a mention, not a direct call.
        assert_eq!(read(1), [(0, false)]);
        assert_eq!(read(2), [(1, false)]);
    }
}
