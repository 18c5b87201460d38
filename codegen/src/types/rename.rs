//! Final names: typify names every type `Zz<index>x<Name>` (see `plan.rs`); here each gets its
//! module and name, and every reference to it in the items is rewritten to that path.

use std::collections::BTreeMap;

use proc_macro2::Span;
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
/// `self::error` paths to the runtime (its `ConversionError`), and other `self::` paths (its
/// `defaults` module) to the generated file's root.
pub struct PathRewriter<'a> {
    pub renames: &'a Renames,
    /// The module the items sit in.
    pub module: &'a str,
    pub runtime: &'a RuntimePath,
}

impl VisitMut for PathRewriter<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
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

    /// Every `ZzNx...` identifier (type names, and variants typify named after types) gets its
    /// final name.
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if let Some((_, name)) = self.renames.target(&ident.to_string()) {
            *ident = format_ident!("{}", name);
        }
    }
}
