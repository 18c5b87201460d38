//! typify's string conversions of a newtype of a newtype (a definition that is only a `$ref` to
//! another, itself a string newtype): `TryFrom<&str>` and `TryFrom<String>` delegate to the inner
//! type's `FromStr`, and where that cannot fail (`Infallible`, an unconstrained string), clippy
//! rejects the impls (`infallible_try_from`). They become `From` impls, which give the same
//! `TryFrom` through std's blanket impl.

use std::collections::{BTreeMap, BTreeSet};

use super::rename::item_owner;

/// The types (by typify's name) among `items` whose `FromStr` cannot fail: `type Err =
/// Infallible`, or the `Err` of another such type.
pub fn infallible_from_str<'a>(items: impl IntoIterator<Item = &'a syn::Item>) -> BTreeSet<String> {
    let mut infallible = BTreeSet::new();
    let mut delegating = BTreeMap::new();
    for item in items {
        let Some(imp) = impl_of(item, "FromStr") else {
            continue;
        };
        let (Some(ty), Some(syn::Type::Path(err))) = (item_owner(item), assoc_type(imp, "Err"))
        else {
            continue;
        };
        match &err.qself {
            None if last_ident(&err.path).is_some_and(|i| i == "Infallible") => {
                infallible.insert(ty);
            }
            Some(inner) => {
                if let syn::Type::Path(inner) = &*inner.ty {
                    if let Some(inner) = last_ident(&inner.path) {
                        delegating.insert(ty, inner.to_string());
                    }
                }
            }
            None => {}
        }
    }
    // Each round adds at least one type or ends, so a chain takes as many rounds as it is long.
    loop {
        let more: Vec<String> = delegating
            .iter()
            .filter(|(ty, inner)| !infallible.contains(*ty) && infallible.contains(*inner))
            .map(|(ty, _)| ty.clone())
            .collect();
        if more.is_empty() {
            return infallible;
        }
        infallible.extend(more);
    }
}

/// Makes `item` a `From` impl if it is a `TryFrom` from a string into one of `infallible`.
pub fn from_instead_of_try_from(item: &mut syn::Item, infallible: &BTreeSet<String>) {
    if !item_owner(item).is_some_and(|ty| infallible.contains(&ty)) {
        return;
    }
    let Some(imp) = impl_of(item, "TryFrom") else {
        return;
    };
    let Some((_, path, _)) = &imp.trait_ else {
        return;
    };
    let source = match path.segments.last().map(|s| &s.arguments) {
        Some(syn::PathArguments::AngleBracketed(args)) => match args.args.first() {
            Some(syn::GenericArgument::Type(source)) => source.clone(),
            _ => return,
        },
        _ => return,
    };
    let named = match &source {
        syn::Type::Reference(r) => &*r.elem,
        other => other,
    };
    let is_string = matches!(named, syn::Type::Path(p) if last_ident(&p.path)
        .is_some_and(|i| i == "str" || i == "String"));
    if !is_string {
        return;
    }
    let target = &imp.self_ty;
    *item = syn::parse_quote! {
        impl ::std::convert::From<#source> for #target {
            fn from(value: #source) -> Self {
                let ::std::result::Result::Ok(value) = value.parse::<Self>();
                value
            }
        }
    };
}

/// `item` if it is an impl of the trait named `name`.
fn impl_of<'a>(item: &'a syn::Item, name: &str) -> Option<&'a syn::ItemImpl> {
    let syn::Item::Impl(imp) = item else {
        return None;
    };
    let (_, path, _) = imp.trait_.as_ref()?;
    last_ident(path).is_some_and(|i| i == name).then_some(imp)
}

fn assoc_type<'a>(imp: &'a syn::ItemImpl, name: &str) -> Option<&'a syn::Type> {
    imp.items.iter().find_map(|item| match item {
        syn::ImplItem::Type(t) if t.ident == name => Some(&t.ty),
        _ => None,
    })
}

fn last_ident(path: &syn::Path) -> Option<&syn::Ident> {
    path.segments.last().map(|s| &s.ident)
}
