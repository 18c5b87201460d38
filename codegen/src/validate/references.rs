//! Which generated items name which: the graph the guard pass, the forwarder pass and the
//! inliner work on, read once off the items' printed text (see [`words`]). Taking a guard out
//! removes no name of an item; the forwarder pass reads again only the tables it rewrites and
//! forgets the forwarders it drops; the inliner reads the graph before it moves any code.

use std::collections::HashMap;

use proc_macro2::{TokenStream, TokenTree};

use super::words::words;

/// The names each item mentions, by the index of the item that defines them.
pub(super) struct References {
    /// The item that defines each name.
    defined: HashMap<String, usize>,
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
        let mut references = References {
            defined,
            mentions: Vec::with_capacity(items.len()),
        };
        for item in items {
            let mentions = references.mentions_in(item);
            references.mentions.push(mentions);
        }
        references
    }

    /// The mentions `item` makes of the names defined.
    fn mentions_in(&self, item: &TokenStream) -> Vec<Mention> {
        let mut mentions = Vec::new();
        words(&item.to_string(), |word| {
            if let Some(&i) = self.defined.get(word.text) {
                mentions.push(Mention {
                    item: i,
                    call: word.is_call(),
                });
            }
        });
        mentions
    }

    /// Reads again the mentions of item `i`, rewritten as `item` (defining the same names).
    pub fn reread(&mut self, i: usize, item: &TokenStream) {
        self.mentions[i] = self.mentions_in(item);
    }

    /// The item that defines `name`, if any.
    pub fn defining(&self, name: &str) -> Option<usize> {
        self.defined.get(name).copied()
    }

    /// For each item, whether another item mentions it.
    pub fn named_by_others(&self) -> Vec<bool> {
        let mut named = vec![false; self.mentions.len()];
        for (k, mentions) in self.mentions.iter().enumerate() {
            for mention in mentions.iter().filter(|m| m.item != k) {
                named[mention.item] = true;
            }
        }
        named
    }

    /// Forgets the items whose indices `removed` holds (ascending), and their names: the others
    /// are numbered again in order, as if read without them.
    pub fn remove(&mut self, removed: &[usize]) {
        let mut new_index = Vec::with_capacity(self.mentions.len());
        let mut next = 0;
        for i in 0..self.mentions.len() {
            match removed.binary_search(&i) {
                Ok(_) => new_index.push(None),
                Err(_) => {
                    new_index.push(Some(next));
                    next += 1;
                }
            }
        }
        let mut kept = new_index.iter().map(Option::is_some);
        self.mentions.retain(|_| kept.next() == Some(true));
        let renumber = |i: &mut usize| match new_index[*i] {
            Some(new) => {
                *i = new;
                true
            }
            None => false,
        };
        for mentions in &mut self.mentions {
            mentions.retain_mut(|mention| renumber(&mut mention.item));
        }
        self.defined.retain(|_, i| renumber(i));
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
