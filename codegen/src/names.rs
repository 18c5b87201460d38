//! Naming: which module a schema's type lives in, and what it is called.
//!
//! All naming lives here: the scheme that maps schema names to `module::Type`, Rust casing, and
//! keyword escaping. Collisions are detected where types are planned (`plan.rs`).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// How schema names become Rust paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Naming {
    /// Stytch's `[api_|pwa_]<area>_v<N>_<path>_<Name>` titles: module `<area>` (`pwa_<area>` for
    /// `pwa_` names), type `<Path><Name>` in UpperCamelCase, where leading path segments that only
    /// repeat the area (`discovery_ListRequest` in area `discovery`) are dropped. Names that do
    /// not follow the convention go to the module `other`.
    #[default]
    Stytch,
    /// Every type in one module, named after the schema in UpperCamelCase.
    Flat { module: String },
}

/// A planned Rust path: module and type name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustPath {
    pub module: String,
    pub name: String,
}

impl std::fmt::Display for RustPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}::{}", self.module, self.name)
    }
}

/// The module used for names outside the Stytch convention.
pub const OTHER_MODULE: &str = "other";

impl Naming {
    /// The Rust path for a schema called `schema_name` (its title, its `$id` fragment's last
    /// segment, or its file stem).
    pub fn path_for(&self, schema_name: &str) -> RustPath {
        match self {
            Naming::Flat { module } => RustPath {
                module: module_ident(module),
                name: type_ident(schema_name),
            },
            Naming::Stytch => stytch_path(schema_name).unwrap_or_else(|| RustPath {
                module: OTHER_MODULE.to_string(),
                name: type_ident(schema_name),
            }),
        }
    }
}

fn stytch_path(schema_name: &str) -> Option<RustPath> {
    let segments: Vec<&str> = schema_name.split('_').collect();
    // The version segment (`v1`, `v3`, ...) splits the area from the rest.
    let version = segments.iter().position(|s| {
        s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())
    })?;
    if version == 0 || version + 1 >= segments.len() {
        return None;
    }
    let (prefix, area) = match segments[0] {
        "api" => ("", &segments[1..version]),
        "pwa" => ("pwa_", &segments[1..version]),
        _ => ("", &segments[..version]),
    };
    if area.is_empty() || area.iter().any(|s| s.is_empty()) {
        return None;
    }
    let rest = &segments[version + 1..];
    let area_joined: String = area.concat().to_lowercase();
    // Drop the longest leading run of path segments that spells the area again (optionally
    // plural): `organizations_members_CreateRequest` in area `organization` is `MembersCreateRequest`.
    let mut drop = 0;
    let mut joined = String::new();
    for (i, segment) in rest[..rest.len() - 1].iter().enumerate() {
        joined.push_str(&segment.to_lowercase());
        if joined == area_joined || joined == format!("{area_joined}s") {
            drop = i + 1;
        }
    }
    let name = rest[drop..].join("_");
    Some(RustPath {
        module: module_ident(&format!("{prefix}{}", area.join("_"))),
        name: type_ident(&name),
    })
}

/// UpperCamelCase type name that is a valid, non-reserved Rust identifier.
pub fn type_ident(raw: &str) -> String {
    let mut name = raw.to_upper_camel_case();
    if name.is_empty() {
        name = "Schema".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// snake_case module name that is a valid Rust identifier.
pub fn module_ident(raw: &str) -> String {
    let mut name = raw.to_snake_case();
    if name.is_empty() {
        name = "schemas".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'm');
    }
    if RUST_KEYWORDS.contains(&name.as_str()) || name == "validation" || name == "error" {
        name.push('_');
    }
    name
}

/// The field names of a struct's properties, one per name of `wires` (JSON names, in any order):
/// snake_case identifiers, distinct from each other and from `reserved` (fields the generator
/// adds itself, such as `extra` for the properties the schema does not name).
///
/// A JSON name becomes snake_case with characters that cannot be in an identifier dropped
/// (`fooBar`, `foo-bar` and `foo bar` are all `foo_bar`); a keyword gets a trailing `_` (`type_`),
/// a name that cannot start an identifier an `x` in front (`2fa` is `x2fa`), and a name with
/// nothing left (`$`, `""`) is `x`. Names that still coincide are told apart deterministically:
/// the JSON name spelled exactly like the field keeps it, the others get `_1`, `_2`, ... in the
/// order of their JSON names; a name equal to a reserved one always gets a suffix.
pub fn field_idents(wires: &[&str], reserved: &[&str]) -> Vec<String> {
    let bases: Vec<String> = wires.iter().map(|w| snake_ident(w)).collect();
    let mut taken: BTreeSet<String> = bases.iter().cloned().collect();
    taken.extend(reserved.iter().map(|r| r.to_string()));
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, base) in bases.iter().enumerate() {
        groups.entry(base).or_default().push(i);
    }
    let mut names = bases.clone();
    for (base, mut members) in groups {
        let clash = reserved.contains(&base);
        if members.len() == 1 && !clash {
            continue;
        }
        members.sort_by_key(|&i| wires[i]);
        let mut suffix = 0;
        for i in members {
            if wires[i] == base && !clash {
                continue;
            }
            names[i] = loop {
                suffix += 1;
                // `self_` (from `self`) becomes `self_1`, not `self__1`.
                let candidate = format!("{}_{suffix}", base.trim_end_matches('_'));
                if !taken.contains(&candidate) {
                    taken.insert(candidate.clone());
                    break candidate;
                }
            };
        }
    }
    names
}

/// A JSON name as a snake_case identifier (see [`field_idents`]).
pub fn snake_ident(raw: &str) -> String {
    let mut name = identifier(raw, ToSnakeCase::to_snake_case, "x");
    if RUST_KEYWORDS.contains(&name.as_str()) || name == "_" {
        name.push('_');
    }
    name
}

/// `raw` in a case (snake or UpperCamel) as an identifier, by typify's rules, so that typify
/// keeps a name made here as it is: characters that cannot be in an identifier separate words,
/// and `prefix` goes in front of a name that cannot start one (or is all there is of an empty
/// one).
fn identifier(raw: &str, case: fn(&str) -> String, prefix: &str) -> String {
    let cleaned: String = raw
        .replace('\'', "")
        .chars()
        .map(|c| {
            if unicode_ident::is_xid_continue(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = case(&cleaned);
    match name.chars().next() {
        None => prefix.to_string(),
        Some(c) if unicode_ident::is_xid_start(c) => name,
        Some(_) => format!("{prefix}{name}"),
    }
}

/// The variant names of a string enum's values, one per value: UpperCamelCase identifiers made
/// as for fields (`foo-bar` is `FooBar`, `2fa` is `X2fa`, `""` is `X`). Values that still
/// coincide (`foo_bar`, `fooBar`) are told apart in the order of the values: the first keeps the
/// name, the next get `2`, `3`, ... appended.
pub fn variant_idents(values: &[&str]) -> Vec<String> {
    let bases: Vec<String> = values.iter().map(|v| pascal_ident(v)).collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names = Vec::with_capacity(bases.len());
    for base in &bases {
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) || (n > 1 && bases.contains(&name)) {
            n += 1;
            name = format!("{}{n}", base.trim_end_matches('_'));
        }
        taken.insert(name.clone());
        names.push(name);
    }
    names
}

fn pascal_ident(raw: &str) -> String {
    let name = identifier(raw, ToUpperCamelCase::to_upper_camel_case, "X");
    if name == "Self" {
        return "Self_".to_string();
    }
    name
}

/// Names a generated type must not take: they would shadow what generated code uses.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Default",
    "From",
    "Into",
    "Ok",
    "Err",
    "Some",
    "None",
    "Clone",
    "Debug",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Iterator",
    "ToString",
    "ToOwned",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Extend",
    "IntoIterator",
    "Unpin",
    "Error",
];

const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stytch(name: &str) -> String {
        Naming::Stytch.path_for(name).to_string()
    }

    #[test]
    fn stytch_names() {
        assert_eq!(
            stytch("api_discovery_v1_discovery_ListRequest"),
            "discovery::ListRequest"
        );
        assert_eq!(
            stytch("api_organization_v1_organizations_members_CreateRequest"),
            "organization::MembersCreateRequest"
        );
        assert_eq!(
            stytch("api_organization_v1_CreateRequest"),
            "organization::CreateRequest"
        );
        assert_eq!(
            stytch("api_b2b_magic_v1_b2b_magic_links_discovery_AuthenticateRequest"),
            "b2b_magic::LinksDiscoveryAuthenticateRequest"
        );
        assert_eq!(
            stytch("api_connectedapps_v1_connected_apps_clients_CreateRequest"),
            "connectedapps::ClientsCreateRequest"
        );
        assert_eq!(
            stytch("pwa_password_v3_GetRequest"),
            "pwa_password::GetRequest"
        );
        assert_eq!(
            stytch("account_manager_project_v1_JWTTemplateType"),
            "account_manager_project::JwtTemplateType"
        );
        assert_eq!(stytch("Stytch B2B Member"), "other::StytchB2bMember");
        assert_eq!(stytch("api_v1_Foo"), "other::ApiV1Foo");
    }

    #[test]
    fn reserved_and_odd_names() {
        assert_eq!(type_ident("self"), "SelfType");
        assert_eq!(type_ident("option"), "OptionType");
        assert_eq!(type_ident("3d"), "T3d");
        assert_eq!(type_ident(""), "Schema");
        assert_eq!(module_ident("type"), "type_");
        assert_eq!(module_ident("crate"), "crate_");
    }

    #[test]
    fn field_names_are_distinct_snake_case_identifiers() {
        let fields = |wires: &[&str]| field_idents(wires, &["extra"]);
        assert_eq!(
            fields(&["fooBar", "foo_bar", "foo-bar"]),
            ["foo_bar_2", "foo_bar", "foo_bar_1"]
        );
        assert_eq!(fields(&["type", "self", "2fa"]), ["type_", "self_", "x2fa"]);
        assert_eq!(fields(&["extra", "$", ""]), ["extra_1", "x_2", "x_1"]);
        assert_eq!(fields(&["ünïcode"]), ["ünïcode"]);
    }

    #[test]
    fn variant_names_are_distinct_camel_case_identifiers() {
        assert_eq!(
            variant_idents(&["foo_bar", "fooBar", "FOO_BAR", "2fa", "", "self"]),
            ["FooBar", "FooBar2", "FooBar3", "X2fa", "X", "Self_"]
        );
        assert_eq!(variant_idents(&["a", "a2", "A"]), ["A", "A2", "A3"]);
        assert_eq!(variant_idents(&["self", "Self"]), ["Self_", "Self2"]);
    }
}
