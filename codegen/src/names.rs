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
    /// `pwa_` names), type `<Path><Name>` in UpperCamelCase ([`type_ident`]), where leading path
    /// segments that only repeat the area (`discovery_ListRequest` in area `discovery`) are
    /// dropped. Names that do not follow the convention go to the module `other`.
    #[default]
    Stytch,
    /// Every type in one module, named after the schema in UpperCamelCase.
    Flat { module: String },
    /// One module per file, named after the file's path in the schema folder ([`file_modules`]:
    /// `billing/Address.json` is `billing_address`), each type named after its schema in
    /// UpperCamelCase. Schemas of different files never collide, whatever their names.
    File,
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
    /// segment, or its file stem) in the file whose module is `file_module` (see
    /// [`file_modules`]; only [`Naming::File`] uses it).
    pub fn path_for(&self, schema_name: &str, file_module: &str) -> RustPath {
        match self {
            Naming::Flat { module } => RustPath {
                module: module_ident(module),
                name: type_ident(schema_name),
            },
            Naming::File => RustPath {
                module: file_module.to_string(),
                name: type_ident(schema_name),
            },
            Naming::Stytch => stytch_path(schema_name).unwrap_or_else(|| RustPath {
                module: OTHER_MODULE.to_string(),
                name: type_ident(schema_name),
            }),
        }
    }
}

/// The module of each file for [`Naming::File`], one per path (relative to the schema folder, in
/// any order): the path without its extension (`suffix`, e.g. `.json`) in snake_case, folders
/// joined by `_` (`billing/Address.json` is `billing_address`). Paths that still coincide
/// (`UserProfile.json`, `user_profile.json`) are told apart in the order of the paths: the first
/// keeps the module, the next get `_2`, `_3`, ...
pub fn file_modules(paths: &[&str], suffix: &str) -> Vec<String> {
    let bases: Vec<String> = paths
        .iter()
        .map(|path| module_ident(path.strip_suffix(suffix).unwrap_or(path)))
        .collect();
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by_key(|&i| paths[i]);
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut modules = bases.clone();
    for i in order {
        let mut n = 1;
        while taken.contains(&modules[i]) || (n > 1 && bases.contains(&modules[i])) {
            n += 1;
            modules[i] = format!("{}_{n}", bases[i].trim_end_matches('_'));
        }
        taken.insert(modules[i].clone());
    }
    modules
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
///
/// The name is split into words ([`words`]: at characters that cannot be in an identifier, at
/// case changes, and between the well-known [`ACRONYMS`] of a run of capitals), and each word is
/// written with a capital and the rest in lowercase: `OIDCSSOFactor` is `OidcSsoFactor`,
/// `B2BOTPsConfig` is `B2bOtpsConfig`. A name without a word is spelled ([`spelled`]: `$` is
/// `Dollar`, `!!!` is `BangBangBang`), a name that would start with a digit gets a `T` in front,
/// an empty one is `Schema`, and a name the generated code uses itself (`Option`, `Self`, ...)
/// gets `Type` appended.
pub fn type_ident(raw: &str) -> String {
    // An apostrophe joins (`compiler's` is one word, as in a field name), not separates.
    let raw = raw.replace(['\'', '\u{2019}'], "");
    let raw = raw.as_str();
    let spelling = spelled(raw);
    let mut parts = words(raw);
    if parts.is_empty() {
        parts = spelling.as_deref().map(words).unwrap_or_default();
    }
    let mut name: String = parts.iter().map(|word| camel_word(word)).collect();
    // typify writes the names it is given in heck's UpperCamelCase, which joins words that have
    // no lowercase letter (`A`, `B` of `a_b_test` are `AbTest`): the name is taken in that form
    // so that typify keeps it unchanged. A pass only joins words: one or two suffice.
    for _ in 0..4 {
        let again = name.to_upper_camel_case();
        if again == name {
            break;
        }
        name = again;
    }
    if name.is_empty() {
        name = "Schema".to_string();
    }
    if !name.starts_with(unicode_ident::is_xid_start) {
        name.insert(0, 'T');
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// Well-known acronyms of web and authentication APIs, as they are spelled inside names. A run
/// of capitals that starts with them is split after each ([`words`]), so that `OIDCSSO` reads as
/// `Oidc` `Sso` and `B2BOAuth` as `B2b` `OAuth`. Only acronyms in common use across projects
/// belong here, never one of a single API; a run that no entry starts stays one word.
pub const ACRONYMS: &[&str] = &[
    "API", "B2B", "B2C", "CORS", "CSRF", "CSS", "CSV", "DNS", "FIDO", "HMAC", "HTML", "HTTP",
    "HTTPS", "ID", "IP", "JSON", "JWK", "JWKS", "JWT", "M2M", "MFA", "OAuth", "OIDC", "OTP", "PEM",
    "PKCE", "RBAC", "RSA", "SAML", "SCIM", "SDK", "SMS", "SMTP", "SQL", "SSH", "SSO", "TLS",
    "TOTP", "UI", "URI", "URL", "UUID", "XML",
];

/// The words of a name, for [`type_ident`]:
///
/// 1. Characters that cannot be in an identifier (`_`, `-`, spaces, ...) separate words.
/// 2. As in heck's UpperCamelCase, a word ends before a capital that follows a lowercase letter
///    (`fooBar`), and a run of capitals ends before its last capital when a lowercase letter
///    follows (`HTMLPage` is `HTML` `Page`); digits stay in the word they are in (`B2B`, `v1`).
/// 3. A lone `s` after a run of two or more capitals is a plural and stays with it: `OTPs`,
///    `IMs`, `URLsList` is `URLs` `List`.
/// 4. In a part that has lowercase letters, a word that starts with one of the [`ACRONYMS`]
///    (the longest that matches, with a plural `s` if one follows) ends after it when what
///    follows starts a word anyway: another acronym, a capitalised word, two or more further
///    capitals (an acronym the list does not know: `B2BDFPPA` is `B2B` `DFPPA`), or the end of
///    the part. A single capital left over is taken as part of a longer acronym instead
///    (`IDPConfig` is `IDP` `Config`, not `ID` `P`). A part without lowercase letters is
///    SCREAMING_CASE, whose words are marked by separators: `IDENTITY` stays one word.
pub fn words(raw: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let separator = |c: char| !c.is_alphanumeric() || !unicode_ident::is_xid_continue(c);
    for part in raw.split(separator).filter(|p| !p.is_empty()) {
        let chars: Vec<(usize, char)> = part.char_indices().collect();
        let mixed = chars.iter().any(|(_, c)| c.is_lowercase());
        let byte = |i: usize| chars.get(i).map_or(part.len(), |&(b, _)| b);
        let mut start = 0;
        while start < chars.len() {
            let end = mixed
                .then(|| acronym_end(&chars, start))
                .flatten()
                .unwrap_or_else(|| plain_word_end(&chars, start));
            words.push(&part[byte(start)..byte(end)]);
            start = end;
        }
    }
    words
}

/// The end of the word starting at `start` by rules 2 and 3 of [`words`].
fn plain_word_end(chars: &[(usize, char)], start: usize) -> usize {
    let is_lower = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_lowercase());
    // Whether the last cased letter of the word so far is a capital (heck's mode).
    let mut upper: Option<bool> = None;
    for i in start..chars.len() {
        let c = chars[i].1;
        let Some(&(_, next)) = chars.get(i + 1) else {
            break;
        };
        let upper_after = if c.is_lowercase() {
            Some(false)
        } else if c.is_uppercase() {
            Some(true)
        } else {
            upper
        };
        if upper_after == Some(false) && next.is_uppercase() {
            return i + 1;
        }
        if upper == Some(true) && c.is_uppercase() && next.is_lowercase() {
            // The run of capitals before `c` is a word, or the whole run with a plural `s`.
            if next == 's' && !is_lower(i + 2) {
                return i + 2;
            }
            return i;
        }
        upper = upper_after;
    }
    chars.len()
}

/// The end of the word starting at `start` by rule 4 of [`words`], if an acronym starts it.
fn acronym_end(chars: &[(usize, char)], start: usize) -> Option<usize> {
    let acronym = longest_acronym_at(chars, start)?;
    let end = start + acronym.chars().count();
    let Some(&(_, next)) = chars.get(end) else {
        return Some(end);
    };
    let is_lower = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_lowercase());
    if next == 's' && !is_lower(end + 1) {
        return Some(end + 1);
    }
    if !next.is_uppercase() {
        // A lowercase letter continues the word (`IDentity`); a digit belongs to it (`SHA256`).
        return None;
    }
    if longest_acronym_at(chars, end).is_some() {
        return Some(end);
    }
    // The capitals (and digits) after the acronym, and how many of them a word of their own
    // would hold: all but the last when it starts a capitalised word, all with a plural `s`.
    let run = chars[end..]
        .iter()
        .take_while(|(_, c)| !c.is_lowercase())
        .count();
    let after = end + run;
    let plural = run >= 2 && chars[after..].first().is_some_and(|&(_, c)| c == 's');
    let left_over = if !is_lower(after) || (plural && !is_lower(after + 1)) {
        run
    } else {
        run - 1
    };
    (left_over != 1).then_some(end)
}

/// The longest of the [`ACRONYMS`] spelled at `start`.
fn longest_acronym_at(chars: &[(usize, char)], start: usize) -> Option<&'static str> {
    ACRONYMS
        .iter()
        .filter(|acronym| {
            let mut rest = chars[start..].iter().map(|&(_, c)| c);
            acronym.chars().all(|a| rest.next() == Some(a))
        })
        .max_by_key(|acronym| acronym.len())
        .copied()
}

/// A word as UpperCamelCase: a capital, then lowercase (`OIDC` is `Oidc`, `OTPs` is `Otps`); an
/// acronym that is itself written in mixed case keeps its spelling, whatever the case of the
/// word (`OAuth`, `oauth` and `OAUTH` are all `OAuth`).
fn camel_word(word: &str) -> String {
    let (stem, plural) = match word.strip_suffix('s') {
        Some(stem) => (stem, "s"),
        None => (word, ""),
    };
    for acronym in ACRONYMS {
        let mixed_case = acronym.chars().any(char::is_lowercase);
        if mixed_case && stem.eq_ignore_ascii_case(acronym) {
            return format!("{acronym}{plural}");
        }
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// snake_case module name that is a valid Rust identifier (a name without a word is
/// [`spelled`], an empty one is `schemas`).
pub fn module_ident(raw: &str) -> String {
    let mut name = raw.to_snake_case();
    if name.is_empty() {
        name = spelled(raw).unwrap_or_else(|| "schemas".to_string());
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
/// keeps a name made here as it is: letters of other scripts are spelled in Latin ones (`μ` is
/// `m`, `日本` is `Ri Ben`: an identifier mixing scripts trips rustc's confusable-name lints),
/// characters that cannot be in an identifier separate words, a name of nothing else is
/// [`spelled`], and `prefix` goes in front of a name that cannot start one (or is all there is
/// of an empty one).
fn identifier(raw: &str, case: fn(&str) -> String, prefix: &str) -> String {
    let cleaned: String = deunicode::deunicode(raw)
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
        None => spelled(raw).map_or_else(|| prefix.to_string(), |words| case(&words)),
        Some(c) if unicode_ident::is_xid_start(c) => name,
        Some(_) => format!("{prefix}{name}"),
    }
}

/// The variant names of a string enum's values, one per value: UpperCamelCase identifiers made
/// as for fields (`foo-bar` is `FooBar`, `2fa` is `X2fa`, `""` is `X`). When two values
/// coincide so, every value of the enum spells a sign before a digit (`Etc/GMT+1` is
/// `EtcGmtPlus1`, `Etc/GMT-1` `EtcGmtMinus1`): it tells such values apart, where dropping
/// punctuation made them one. Values that still coincide (`foo_bar`, `fooBar`) are told apart in
/// the order of the values: the first keeps the name, the next get `2`, `3`, ... appended
/// (after a `_` where the name ends in a digit, so that `A1` and `A1_2` stay apart from `A12`).
pub fn variant_idents(values: &[&str]) -> Vec<String> {
    let mut bases: Vec<String> = values.iter().map(|v| pascal_ident(v)).collect();
    if bases.iter().collect::<BTreeSet<_>>().len() < bases.len() {
        bases = values
            .iter()
            .map(|v| pascal_ident(&signs_spelled(v)))
            .collect();
    }
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names = Vec::with_capacity(bases.len());
    for base in &bases {
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) || (n > 1 && bases.contains(&name)) {
            n += 1;
            let stem = base.trim_end_matches('_');
            let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            name = format!("{stem}{separator}{n}");
        }
        taken.insert(name.clone());
        names.push(name);
    }
    names
}

/// `value` with each `+` or `-` before a digit written as a word (`GMT-1` is `GMT minus 1`).
fn signs_spelled(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let before_digit = chars.peek().is_some_and(char::is_ascii_digit);
        match c {
            '+' if before_digit => out.push_str(" plus "),
            '-' if before_digit => out.push_str(" minus "),
            _ => out.push(c),
        }
    }
    out
}

fn pascal_ident(raw: &str) -> String {
    let name = identifier(raw, ToUpperCamelCase::to_upper_camel_case, "X");
    if name == "Self" {
        return "Self_".to_string();
    }
    name
}

/// A name with no word in it (`-`, `$`, `@@`, ` `), spelled as lowercase words joined by `_`, one
/// per character, so that it gets a readable name of its own rather than none: `minus`,
/// `dollar`, `at_at`, `space`. A character without a name of its own in [`PUNCTUATION`] is `u`
/// and its code point in hex (`€` is `u20ac`). `None` for the empty name.
pub fn spelled(raw: &str) -> Option<String> {
    if raw.is_empty() {
        return None;
    }
    let words: Vec<String> = raw
        .chars()
        .map(|c| match PUNCTUATION.iter().find(|(p, _)| *p == c) {
            Some((_, word)) => word.to_string(),
            None => format!("u{:x}", u32::from(c)),
        })
        .collect();
    Some(words.join("_"))
}

/// The words [`spelled`] names ASCII punctuation and space with.
pub const PUNCTUATION: &[(char, &str)] = &[
    (' ', "space"),
    ('!', "bang"),
    ('"', "quote"),
    ('#', "hash"),
    ('$', "dollar"),
    ('%', "percent"),
    ('&', "and"),
    ('\'', "apostrophe"),
    ('(', "lparen"),
    (')', "rparen"),
    ('*', "star"),
    ('+', "plus"),
    (',', "comma"),
    ('-', "minus"),
    ('.', "dot"),
    ('/', "slash"),
    (':', "colon"),
    (';', "semicolon"),
    ('<', "lt"),
    ('=', "eq"),
    ('>', "gt"),
    ('?', "question"),
    ('@', "at"),
    ('[', "lbracket"),
    ('\\', "backslash"),
    (']', "rbracket"),
    ('^', "caret"),
    ('_', "underscore"),
    ('`', "backtick"),
    ('{', "lbrace"),
    ('|', "pipe"),
    ('}', "rbrace"),
    ('~', "tilde"),
];

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
        Naming::Stytch.path_for(name, "unused").to_string()
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
    fn acronyms_stay_readable() {
        let cases = [
            ("pwa_sdk_v3_B2BOAuthConfig", "pwa_sdk::B2bOAuthConfig"),
            ("pwa_sdk_v3_B2BOTPsConfig", "pwa_sdk::B2bOtpsConfig"),
            ("pwa_sdk_v3_B2BTOTPsConfig", "pwa_sdk::B2bTotpsConfig"),
            ("pwa_sdk_v3_B2BSSOConfig", "pwa_sdk::B2bSsoConfig"),
            ("pwa_sdk_v3_B2BDFPPAConfig", "pwa_sdk::B2bDfppaConfig"),
            (
                "pwa_sdk_v3_ConsumerOTPsConfig",
                "pwa_sdk::ConsumerOtpsConfig",
            ),
            ("api_session_v1_OIDCSSOFactor", "session::OidcSsoFactor"),
            ("api_session_v1_SAMLSSOFactor", "session::SamlSsoFactor"),
            (
                "api_session_v1_GoogleOAuthFactor",
                "session::GoogleOAuthFactor",
            ),
            (
                "api_idp_v1_idp_oauth_AuthorizeStartResponse",
                "idp::OAuthAuthorizeStartResponse",
            ),
            ("api_b2b_scim_v1_IMs", "b2b_scim::Ims"),
            ("api_session_v1_GetJWKSResponse", "session::GetJwksResponse"),
            ("api_totp_v1_TOTP", "totp::Totp"),
            ("api_password_v1_SHA512Config", "password::Sha512Config"),
        ];
        for (schema, path) in cases {
            assert_eq!(stytch(schema), path, "{schema}");
        }
    }

    #[test]
    fn names_in_other_scripts_are_spelled_in_latin_letters() {
        // Greek `μ` alone would be `Μ`, a capital mu rustc flags as confusable with `M`.
        assert_eq!(variant_idents(&["μ", "µ", "café"]), ["M", "U", "Cafe"]);
        assert_eq!(snake_ident("größe"), "grosse");
        assert_eq!(pascal_ident("Привет мир"), "PrivetMir");
        assert_eq!(snake_ident("日本語"), "ri_ben_yu");
    }

    #[test]
    fn word_splitting() {
        let split = |raw| words(raw).join(" ");
        // heck's rules.
        assert_eq!(split("fooBar_baz-qux"), "foo Bar baz qux");
        assert_eq!(split("HTMLPage v1Foo"), "HTML Page v1 Foo");
        assert_eq!(split("M2MClient"), "M2M Client");
        // Plurals of acronyms.
        assert_eq!(split("URLsList IMs TOTPs"), "URLs List IMs TOTPs");
        assert_eq!(split("IPsec As"), "I Psec As");
        // Runs of capitals split after well-known acronyms.
        assert_eq!(split("OIDCSSOFactor"), "OIDC SSO Factor");
        assert_eq!(split("B2BOAuthConfig"), "B2B OAuth Config");
        assert_eq!(split("SSOAuth"), "SSO Auth");
        assert_eq!(split("B2BDFPPAConfig"), "B2B DFPPA Config");
        assert_eq!(split("getIDs"), "get IDs");
        assert_eq!(split("JSONAPIError"), "JSON API Error");
        // A single capital left over belongs to a longer acronym; a digit stays in its word.
        assert_eq!(
            split("IDPConfig SAMLIDPConfig"),
            "IDP Config SAML IDP Config"
        );
        assert_eq!(split("SHA256Hash IPv6"), "SHA256 Hash I Pv6");
        // An acronym followed by lowercase letters is not one.
        assert_eq!(split("IDentity SSOn"), "I Dentity SS On");
        // SCREAMING_CASE: separators mark the words.
        assert_eq!(
            split("IDENTITY_PROVIDER OIDCSSO"),
            "IDENTITY PROVIDER OIDCSSO"
        );
    }

    #[test]
    fn type_names_are_kept_by_typify() {
        // typify writes names in heck's UpperCamelCase: a planned name must be in that form.
        for raw in [
            "a_b_test",
            "x_y",
            "B2BOAuthConfig",
            "OIDCSSOFactor",
            "IMs",
            "ß_straße",
            "日本_name",
            "IPv6_Address",
            "oauth_providers",
        ] {
            let name = type_ident(raw);
            assert_eq!(name.to_upper_camel_case(), name, "{raw}");
            assert_eq!(type_ident(&name), name, "{raw}");
        }
        // Every name of up to five characters of an alphabet with the awkward cases.
        let alphabet = ['a', 's', 'A', 'I', 'D', 'S', 'O', '2', '_'];
        let mut layer = vec![String::new()];
        let mut names = Vec::new();
        for _ in 0..5 {
            layer = layer
                .iter()
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            names.extend(layer.iter().cloned());
        }
        for raw in &names {
            let name = type_ident(raw);
            assert_eq!(name.to_upper_camel_case(), name, "{raw}");
            assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{raw}: {name}");
        }
        assert_eq!(type_ident("a_b_test"), "AbTest");
        assert_eq!(type_ident("oauth_providers OAUTHs"), "OAuthProvidersOAuths");
    }

    #[test]
    fn reserved_and_odd_names() {
        assert_eq!(type_ident("self"), "SelfType");
        assert_eq!(type_ident("option"), "OptionType");
        assert_eq!(type_ident("3d"), "T3d");
        assert_eq!(type_ident(""), "Schema");
        assert_eq!(module_ident(""), "schemas");
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
        assert_eq!(fields(&["extra", "$", ""]), ["extra_1", "dollar", "x"]);
        assert_eq!(
            fields(&["-", "+", "@@", "_", " ", "€", "--"]),
            [
                "minus",
                "plus",
                "at_at",
                "underscore",
                "space",
                "eur",
                "minus_minus"
            ]
        );
        assert_eq!(
            field_idents(&["subtype_0", "extra"], &["extra", "subtype_0"]),
            ["subtype_0_1", "extra_1"]
        );
        assert_eq!(fields(&["ünïcode"]), ["unicode"]);
    }

    #[test]
    fn variant_names_are_distinct_camel_case_identifiers() {
        assert_eq!(
            variant_idents(&["foo_bar", "fooBar", "FOO_BAR", "2fa", "", "self"]),
            ["FooBar", "FooBar2", "FooBar3", "X2fa", "X", "Self_"]
        );
        assert_eq!(variant_idents(&["a", "a2", "A"]), ["A", "A2", "A3"]);
        assert_eq!(variant_idents(&["self", "Self"]), ["Self_", "Self2"]);
        assert_eq!(
            variant_idents(&["+", "-", "!="]),
            ["Plus", "Minus", "BangEq"]
        );
        // Signs tell apart values that dropping punctuation makes one, in every value.
        assert_eq!(
            variant_idents(&["Etc/GMT+1", "Etc/GMT-1", "Etc/GMT-13", "Etc/GMT0", "x-1y"]),
            [
                "EtcGmtPlus1",
                "EtcGmtMinus1",
                "EtcGmtMinus13",
                "EtcGmt0",
                "XMinus1y"
            ]
        );
        assert_eq!(
            variant_idents(&["level-2", "lev-el-3"]),
            ["Level2", "LevEl3"]
        );
        // A number appended to a name that ends in one comes after a `_`.
        assert_eq!(variant_idents(&["a1", "A1", "a12"]), ["A1", "A1_2", "A12"]);
    }

    #[test]
    fn an_apostrophe_joins_its_word() {
        assert_eq!(type_ident("compiler's options"), "CompilersOptions");
        assert_eq!(type_ident("user\u{2019}s"), "Users");
    }

    #[test]
    fn names_without_a_word_are_spelled() {
        assert_eq!(type_ident("$"), "Dollar");
        assert_eq!(type_ident("!!!"), "BangBangBang");
        assert_eq!(type_ident("@@"), "AtAt");
        assert_eq!(type_ident("😀"), "U1f600");
        assert_eq!(module_ident("$"), "dollar");
        assert_eq!(spelled(""), None);
    }

    #[test]
    fn file_modules_are_distinct() {
        assert_eq!(
            file_modules(
                &[
                    "user_profile.json",
                    "UserProfile.json",
                    "billing/Address.json",
                    "a.json"
                ],
                ".json"
            ),
            ["user_profile_2", "user_profile", "billing_address", "a"]
        );
        assert_eq!(
            file_modules(&["type.json", "x.json", "x_2.json", "X.json"], ".json"),
            ["type_", "x_3", "x_2", "x"]
        );
        let file = Naming::File;
        assert_eq!(
            file.path_for("user profile", "users").to_string(),
            "users::UserProfile"
        );
    }
}
