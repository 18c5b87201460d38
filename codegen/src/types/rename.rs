//! Final names: typify names every type `Zz<index>x<Name>` (see `plan.rs`); here each gets its
//! module and name, and every reference to it in the items is rewritten to that path.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::format_ident;
use syn::visit_mut::VisitMut;

use crate::error::{Error, Result};
use crate::load::SchemaSet;
use crate::plan::Plan;
use crate::runtime_path::RuntimePath;

/// Which module and name each typify type gets.
pub struct Renames {
    /// typify name -> (module, final name)
    map: BTreeMap<String, (String, String)>,
}

impl Renames {
    /// Names every type of `typify_names`: a planned type gets its planned name (typify naming
    /// two types alike is an internal error); a type typify derived inside one gets the
    /// planned type's module and typify's name for it, numbered if that is taken.
    pub fn new(set: &SchemaSet, plan: &Plan, typify_names: &[String]) -> Result<Renames> {
        let mut map = BTreeMap::new();
        let mut declared: BTreeMap<(String, String), String> = BTreeMap::new();
        // Planned types first: a type typify derived inside one yields its name to them.
        let (planned, derived): (Vec<&String>, Vec<&String>) =
            typify_names.iter().partition(|name| {
                plan.owner_of(name)
                    .is_some_and(|(index, suffix)| suffix == plan.defs[index].path.name)
            });
        for name in planned {
            let Some((index, final_name)) = plan.owner_of(name) else {
                continue;
            };
            let key = (plan.defs[index].path.module.clone(), final_name.to_string());
            if declared.contains_key(&key) {
                // Planned paths are distinct (`plan::tell_apart`): typify named two types alike.
                return Err(Error::Internal {
                    stage: "types",
                    message: format!(
                        "typify made two types named `{name}` for {}",
                        set.place(&plan.defs[index].location)
                    ),
                });
            }
            declared.insert(key.clone(), name.clone());
            map.insert(name.clone(), key);
        }
        for name in derived {
            let Some((index, final_name)) = plan.owner_of(name) else {
                continue;
            };
            let module = plan.defs[index].path.module.clone();
            let mut key = (module, final_name.to_string());
            let mut suffix = 1;
            while declared.contains_key(&key) {
                suffix += 1;
                key.1 = format!("{final_name}{suffix}");
            }
            declared.insert(key.clone(), name.clone());
            map.insert(name.clone(), key);
        }
        Ok(Renames { map })
    }

    /// The module and final name of a typify type.
    pub fn target(&self, typify_name: &str) -> Option<&(String, String)> {
        self.map.get(typify_name)
    }
}

/// The name a struct, enum or type alias declares.
pub fn declared_ident(item: &syn::Item) -> Option<&syn::Ident> {
    match item {
        syn::Item::Struct(s) => Some(&s.ident),
        syn::Item::Enum(e) => Some(&e.ident),
        syn::Item::Type(t) => Some(&t.ident),
        _ => None,
    }
}

/// The generated type an item belongs to: its own name, or for an impl the first generated type
/// it mentions (its self type first, e.g. `impl From<A> for String` belongs to `A`).
pub fn item_owner(item: &syn::Item) -> Option<String> {
    if let Some(ident) = declared_ident(item) {
        return Some(ident.to_string());
    }
    let syn::Item::Impl(imp) = item else {
        return None;
    };
    let mut finder = FirstGenerated(None);
    syn::visit::Visit::visit_type(&mut finder, &imp.self_ty);
    if finder.0.is_none() {
        if let Some((_, path, _)) = &imp.trait_ {
            syn::visit::Visit::visit_path(&mut finder, path);
        }
    }
    finder.0
}

/// The top-level items of typify's code, each as its tokens, split without parsing: an item
/// ends with a `;`, or with a `{ ... }` block and the `;` right after it if there is one.
pub fn split_items(code: TokenStream) -> Vec<Vec<TokenTree>> {
    let is_semi = |t: &TokenTree| matches!(t, TokenTree::Punct(p) if p.as_char() == ';');
    let mut items = Vec::new();
    let mut item = Vec::new();
    let mut tokens = code.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let block = matches!(&token, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
        let end = block || is_semi(&token);
        item.push(token);
        if block {
            item.extend(tokens.next_if(is_semi));
        }
        if end {
            items.push(std::mem::take(&mut item));
        }
    }
    if !item.is_empty() {
        items.push(item);
    }
    items
}

/// [`item_owner`] read off an item's tokens, where its head says it plainly: the name after
/// `struct`, `enum` or `type`, or the first generated type of an impl without generics of its
/// own (its self type first). `None` when unsure: the item is then parsed.
pub fn head_owner(item: &[TokenTree]) -> Option<String> {
    let is = |t: &TokenTree, word: &str| matches!(t, TokenTree::Ident(i) if i == word);
    let mut rest = item;
    // Attributes (`#[...]`) and visibility (`pub`, `pub(crate)`).
    loop {
        match rest {
            [TokenTree::Punct(p), TokenTree::Group(g), tail @ ..]
                if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket =>
            {
                rest = tail
            }
            [pub_, TokenTree::Group(g), tail @ ..]
                if is(pub_, "pub") && g.delimiter() == Delimiter::Parenthesis =>
            {
                rest = tail
            }
            [pub_, tail @ ..] if is(pub_, "pub") => rest = tail,
            _ => break,
        }
    }
    match rest {
        [keyword, TokenTree::Ident(name), ..]
            if ["struct", "enum", "type"].iter().any(|k| is(keyword, k)) =>
        {
            Some(name.to_string())
        }
        [keyword, head @ ..] if is(keyword, "impl") => {
            // Up to the body or a `where` clause; generics of the impl's own: unsure.
            let end = head.iter().position(|t| {
                is(t, "where")
                    || matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
            })?;
            let head = &head[..end];
            if matches!(head.first(), Some(TokenTree::Punct(p)) if p.as_char() == '<') {
                return None;
            }
            let generated = |tokens: &[TokenTree]| {
                tokens.iter().find_map(|t| match t {
                    TokenTree::Ident(i) => Some(i.to_string()).filter(|i| i.starts_with("Zz")),
                    _ => None,
                })
            };
            // A group in the head (`[T; N]`, a tuple): unsure.
            if head.iter().any(|t| matches!(t, TokenTree::Group(_))) {
                return None;
            }
            let for_at = head.iter().position(|t| is(t, "for"));
            match for_at {
                Some(f) => generated(&head[f + 1..]).or_else(|| generated(&head[..f])),
                None => generated(head),
            }
        }
        _ => None,
    }
}

struct FirstGenerated(Option<String>);

impl<'ast> syn::visit::Visit<'ast> for FirstGenerated {
    fn visit_ident(&mut self, ident: &'ast syn::Ident) {
        let name = ident.to_string();
        if self.0.is_none() && name.starts_with("Zz") {
            self.0 = Some(name);
        }
    }
}

/// Rewrites `ZzNxName` references to `Name` (same module) or `super::module::Name`, typify's
/// `self::error` paths to the runtime (its `ConversionError`), other `self::` paths (its
/// `defaults` module) to the generated file's root, and its `f64` (JSON Schema's `number`) to
/// `serde_json::Number`, which keeps a number as written (`1` reads back `1`, not `1.0`). typify
/// uses `f64` for nothing else: lowered schemas carry no defaults or bounds.
///
/// A union's variants that typify named after their types are named by what their type's name
/// adds to the union's (see [`short_variants`]).
pub struct PathRewriter<'a> {
    pub renames: &'a Renames,
    /// The module the items sit in.
    pub module: &'a str,
    pub runtime: &'a RuntimePath,
    pub variants: &'a ShortVariants,
    /// The typify name of the type whose impl is visited: what `Self` is.
    pub this: Option<String>,
}

/// (enum, variant) typify names -> the variant's final name.
pub type ShortVariants = BTreeMap<(String, String), String>;

/// Short names for the variants of typify's unions: a variant typify named after its type
/// (`Shape::ShapeVariant0(ShapeVariant0)`, `Link::LinkUrl(LinkUrl)`) is named by its type's
/// final name without the words it begins with alike the union's (`Shape::Variant0`,
/// `Link::Url`; `GeoJsonPoint` in `GeoJsonGeometry` is `Point`), where every variant of the
/// union then still has a name of its own.
pub fn short_variants(renames: &Renames, items: &[syn::Item]) -> ShortVariants {
    let mut short = ShortVariants::new();
    for item in items {
        let syn::Item::Enum(e) = item else { continue };
        let Some((_, union)) = renames.target(&e.ident.to_string()) else {
            continue;
        };
        let mut names = Vec::new();
        for variant in &e.variants {
            let ident = variant.ident.to_string();
            let shortened = renames.target(&ident).and_then(|(_, name)| {
                let rest = &name[shared_words(union, name)..];
                (rest != name && rest != "Self").then(|| rest.to_string())
            });
            names.push((ident, shortened));
        }
        let finals: BTreeSet<&str> = names
            .iter()
            .map(|(ident, shortened)| match shortened {
                Some(name) => name.as_str(),
                None => renames.target(ident).map_or(ident.as_str(), |(_, n)| n),
            })
            .collect();
        if finals.len() < names.len() {
            continue;
        }
        for (ident, shortened) in names {
            if let Some(name) = shortened {
                short.insert((e.ident.to_string(), ident), name);
            }
        }
    }
    short
}

/// The length of the words `a` and `b` (UpperCamelCase names: a word starts at a capital)
/// begin with alike, leaving `b` one word at least (`Body` of `RequestBody` in
/// `RequestBodyOrReference`).
fn shared_words(a: &str, b: &str) -> usize {
    let word_start = |name: &str, at: usize| {
        at == name.len() || name[at..].starts_with(|c: char| c.is_ascii_uppercase())
    };
    let mut shared = 0;
    for ((at, x), y) in a.char_indices().zip(b.chars()) {
        let end = at + x.len_utf8();
        if x != y || end == b.len() {
            break;
        }
        if word_start(a, end) && word_start(b, end) {
            shared = end;
        }
    }
    shared
}

impl PathRewriter<'_> {
    /// The short name of the variant `path` names (`Self::V`, `E::V`), if it has one.
    fn short_variant(&self, path: &syn::Path) -> Option<String> {
        let [.., owner, variant] = path.segments.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let owner = match owner.ident.to_string() {
            this if this == "Self" => self.this.clone()?,
            name => name,
        };
        self.variants
            .get(&(owner, variant.ident.to_string()))
            .cloned()
    }
}

impl VisitMut for PathRewriter<'_> {
    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        for variant in &mut item.variants {
            let key = (item.ident.to_string(), variant.ident.to_string());
            if let Some(name) = self.variants.get(&key) {
                variant.ident = format_ident!("{}", name);
            }
        }
        syn::visit_mut::visit_item_enum_mut(self, item);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let self_name = match &*item.self_ty {
            syn::Type::Path(p) if p.qself.is_none() => p.path.get_ident().map(|i| i.to_string()),
            _ => None,
        };
        let this = std::mem::replace(&mut self.this, self_name);
        syn::visit_mut::visit_item_impl_mut(self, item);
        self.this = this;
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let variant = self.short_variant(path);
        self.rewrite_path(path);
        if let (Some(name), Some(last)) = (variant, path.segments.last_mut()) {
            last.ident = format_ident!("{}", name);
        }
    }

    /// Every `ZzNx...` identifier (type names, and variants typify named after types) gets its
    /// final name.
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if let Some((_, name)) = self.renames.target(&ident.to_string()) {
            *ident = format_ident!("{}", name);
        }
    }
}

impl PathRewriter<'_> {
    fn rewrite_path(&mut self, path: &mut syn::Path) {
        if path.is_ident("f64") {
            *path = syn::parse_quote!(::serde_json::Number);
            return;
        }
        // Decide on the first segment before its ident is renamed by `visit_ident_mut`.
        let target = match path.segments.first() {
            Some(first) if path.leading_colon.is_none() => {
                self.renames.target(&first.ident.to_string()).cloned()
            }
            _ => None,
        };
        let is_self_path = path.leading_colon.is_none()
            && path.segments.len() >= 2
            && path.segments[0].ident == "self";
        // typify's `self::error::ConversionError` is the runtime's `ConversionError`.
        if is_self_path && path.segments[1].ident == "error" {
            let runtime = self.runtime.at_depth(1);
            let rest = path.segments.iter().skip(2);
            *path = syn::parse_quote!(#runtime #(::#rest)*);
            return;
        }
        syn::visit_mut::visit_path_mut(self, path);
        if is_self_path {
            path.segments[0].ident = syn::Ident::new("super", Span::call_site());
            return;
        }
        let Some((module, _)) = target else {
            return;
        };
        if module != self.module {
            let module_ident = format_ident!("{}", module);
            let mut qualified: syn::Path = syn::parse_quote!(super::#module_ident);
            qualified.segments.extend(path.segments.iter().cloned());
            *path = qualified;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{head_owner, item_owner, short_variants, split_items, Renames};
    use quote::quote;

    #[test]
    fn union_variants_lose_the_unions_name_where_every_name_stays_its_own() {
        let names = [
            ("ZzA", "Shape"),
            ("ZzB", "ShapeVariant0"),
            ("ZzC", "ShapeSquare"),
            ("ZzD", "Link"),
            ("ZzE", "LinkString"),
            ("ZzF", "Point"),
            ("ZzG", "GeoJsonGeometry"),
            ("ZzH", "GeoJsonPoint"),
            ("ZzI", "GeoJsonGeometryCollection"),
            ("ZzJ", "GeoJsonGeometryCollectionItem"),
            ("ZzK", "RequestBodyOrReference"),
            ("ZzL", "RequestBody"),
            ("ZzM", "Reference"),
        ];
        let map = names
            .iter()
            .map(|(typify, name)| (typify.to_string(), ("types".into(), name.to_string())))
            .collect();
        let items: Vec<syn::Item> = vec![
            syn::parse_quote!(
                pub enum ZzA {
                    ZzB(ZzB),
                    ZzC(ZzC),
                    ZzF(ZzF),
                    Null,
                }
            ),
            // `LinkString` would be `String`, which the union has already.
            syn::parse_quote!(
                pub enum ZzD {
                    ZzE(ZzE),
                    String(String),
                }
            ),
            syn::parse_quote!(
                pub enum ZzG {
                    ZzH(ZzH),
                    ZzI(ZzI),
                }
            ),
            syn::parse_quote!(
                pub enum ZzI {
                    ZzJ(ZzJ),
                    ZzH(ZzH),
                }
            ),
            // A name that only repeats the union's keeps its last word.
            syn::parse_quote!(
                pub enum ZzK {
                    ZzM(ZzM),
                    ZzL(ZzL),
                }
            ),
        ];
        let short = short_variants(&Renames { map }, &items);
        let short: Vec<(&str, &str, &str)> = short
            .iter()
            .map(|((union, variant), name)| (union.as_str(), variant.as_str(), name.as_str()))
            .collect();
        assert_eq!(
            short,
            [
                ("ZzA", "ZzB", "Variant0"),
                ("ZzA", "ZzC", "Square"),
                ("ZzG", "ZzH", "Point"),
                ("ZzG", "ZzI", "Collection"),
                ("ZzI", "ZzH", "Point"),
                ("ZzI", "ZzJ", "Item"),
                ("ZzK", "ZzL", "Body"),
            ]
        );
    }

    #[test]
    fn items_split_and_told_by_their_heads_as_when_parsed() {
        let code = quote! {
            #[doc = "A"]
            #[derive(Clone)]
            pub struct ZzA { pub x: i64 }
            pub struct ZzB(pub String);
            impl From<&ZzA> for ZzA { fn from(a: &ZzA) -> Self { a.clone() } }
            impl ::std::convert::From<ZzB> for String { fn from(b: ZzB) -> Self { b.0 } }
            impl<'de> Deserialize<'de> for ZzC { fn f() {} }
            impl Default for [ZzA; 2] { fn default() -> Self { todo!() } }
            pub(crate) enum ZzD { X }
            const C: ZzE = ZzE { x: 1 };
            pub type ZzF = Vec<ZzA>;
            pub mod error { pub struct ConversionError; }
            impl ZzG where Self: Sized { }
        };
        let items = split_items(code);
        let owners: Vec<Option<String>> = items.iter().map(|item| head_owner(item)).collect();
        let named = |names: &[Option<&str>]| -> Vec<Option<String>> {
            names.iter().map(|n| n.map(str::to_string)).collect()
        };
        // Generics of the impl's own, or a group in its head: left to the parser.
        assert_eq!(
            owners,
            named(&[
                Some("ZzA"),
                Some("ZzB"),
                Some("ZzA"),
                Some("ZzB"),
                None,
                None,
                Some("ZzD"),
                None,
                Some("ZzF"),
                None,
                Some("ZzG"),
            ])
        );
        for (item, owner) in items.into_iter().zip(owners) {
            let parsed: syn::Item = syn::parse2(item.into_iter().collect()).expect("an item");
            if owner.is_some() {
                assert_eq!(owner, item_owner(&parsed));
            }
        }
    }
}
