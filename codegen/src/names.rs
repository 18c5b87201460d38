//! Naming: which module a schema's type lives in, and what it is called.
//!
//! All naming lives here: the scheme that maps schema names to `module::Type`, Rust casing, and
//! keyword escaping. Collisions are detected where types are planned (`plan.rs`).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// How schema names become Rust paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
}
