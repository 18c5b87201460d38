//! Type names of the whole Stytch corpus: acronyms stay readable words (`OidcSsoFactor`, not
//! `OidcssoFactor`), and every name is distinct.

use std::collections::BTreeMap;

use codegen::names::ACRONYMS;
use codegen::{Config, SchemaSet};

/// Every type's schema name and Rust path, generated from the corpus the way `stytch-types` is.
fn corpus_paths() -> Option<BTreeMap<String, String>> {
    let dir = tests::corpus_dir()?;
    if !dir.is_dir() {
        eprintln!("skipped: {} is missing", dir.display());
        return None;
    }
    let set = SchemaSet::load_dir(&dir).expect("the corpus loads");
    let generated = Config::new()
        .generate_set(&set)
        .expect("the corpus generates");
    let mut paths = BTreeMap::new();
    for info in generated.types {
        let old = paths.insert(info.schema_name.clone(), info.rust_path);
        assert!(old.is_none(), "two types for {}", info.schema_name);
    }
    Some(paths)
}

/// An acronym as a word of an UpperCamelCase name: `Oidc`, and `OAuth` as it is spelled.
fn camel(acronym: &str) -> String {
    if acronym.chars().any(char::is_lowercase) {
        return acronym.to_string();
    }
    let lower = acronym.to_lowercase();
    lower[..1].to_uppercase() + &lower[1..]
}

/// Where `name` splits a well-known acronym of three or more letters that starts a word (or
/// follows such an acronym): it must be written as a word of its own (`Otp`, `OAuth`), followed
/// by the next word, a digit, a plural `s` or the end. `B2boAuthConfig` splits `OAuth` (glued to
/// `B2B`), `ConsumerOtPsConfig` and `B2botPsConfig` split `OTP`, `OidcssoFactor` glues `SSO` to
/// `OIDC`. Two-letter acronyms (`ID`, `IP`, `UI`) begin too many words (`Identity`) to be told
/// apart in the output alone.
fn split_acronym(name: &str) -> Option<String> {
    let acronyms: Vec<&str> = ACRONYMS.iter().copied().filter(|a| a.len() >= 3).collect();
    let bytes = name.as_bytes();
    let continues_word = |p: usize| p < bytes.len() && bytes[p].is_ascii_lowercase();
    let mut starts: Vec<usize> = (0..bytes.len())
        .filter(|&p| bytes[p].is_ascii_uppercase())
        .collect();
    while let Some(start) = starts.pop() {
        for acronym in &acronyms {
            let end = start + acronym.len();
            let Some(text) = name.get(start..end) else {
                continue;
            };
            if !text.eq_ignore_ascii_case(acronym) {
                continue;
            }
            let plural = bytes.get(end) == Some(&b's') && !continues_word(end + 1);
            if text != camel(acronym) || (continues_word(end) && !plural) {
                return Some(format!("`{acronym}` in `{name}`"));
            }
            starts.push(end);
        }
    }
    None
}

#[test]
fn corpus_type_names_keep_acronyms_readable() {
    let Some(paths) = corpus_paths() else { return };
    let expected = [
        ("pwa_sdk_v3_B2BOAuthConfig", "pwa_sdk::B2bOAuthConfig"),
        ("pwa_sdk_v3_B2BOTPsConfig", "pwa_sdk::B2bOtpsConfig"),
        ("api_session_v1_OIDCSSOFactor", "session::OidcSsoFactor"),
        ("api_session_v1_SAMLSSOFactor", "session::SamlSsoFactor"),
        ("pwa_sdk_v3_B2BDFPPAConfig", "pwa_sdk::B2bDfppaConfig"),
        (
            "api_session_v1_GoogleOAuthFactor",
            "session::GoogleOAuthFactor",
        ),
        (
            "api_discovery_v1_discovery_ListRequest",
            "discovery::ListRequest",
        ),
        (
            "api_organization_v1_organizations_members_CreateRequest",
            "organization::MembersCreateRequest",
        ),
        (
            "api_b2b_magic_v1_b2b_magic_links_discovery_AuthenticateRequest",
            "b2b_magic::LinksDiscoveryAuthenticateRequest",
        ),
        (
            "account_manager_project_v1_JWTTemplateType",
            "account_manager_project::JwtTemplateType",
        ),
    ];
    for (schema, path) in expected {
        assert_eq!(
            paths.get(schema).map(String::as_str),
            Some(path),
            "{schema}"
        );
    }
    let mut bad = Vec::new();
    let mut seen = BTreeMap::new();
    for (schema, path) in &paths {
        let name = path.rsplit("::").next().unwrap_or(path);
        if !name.starts_with(|c: char| c.is_ascii_uppercase())
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            bad.push(format!(
                "{schema}: `{name}` is not an UpperCamelCase identifier"
            ));
        }
        if let Some(split) = split_acronym(name) {
            bad.push(format!("{schema}: {split} is split"));
        }
        if let Some(other) = seen.insert(path.clone(), schema) {
            bad.push(format!("{schema}: `{path}` is also the name of {other}"));
        }
    }
    println!("corpus: {} type names checked", paths.len());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_acronym_check_finds_split_acronyms() {
    for name in [
        "B2boAuthConfig",
        "B2botPsConfig",
        "OidcssoFactor",
        "B2bdfppaConfig",
        "ConsumerOtPsConfig",
    ] {
        assert!(split_acronym(name).is_some(), "{name}");
    }
    for name in [
        "B2bOAuthConfig",
        "B2bOtpsConfig",
        "OidcSsoFactor",
        "B2bDfppaConfig",
        "JwtTemplateType",
        "BotPolicy",
        "Identity",
    ] {
        assert_eq!(split_acronym(name), None, "{name}");
    }
}
