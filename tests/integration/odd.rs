//! Valid but awkward schemas (`tests/fixtures/odd/`): they generate (the snapshots in
//! `snapshots.rs` hold their code), compile under `#[deny(warnings)]` (`tests::fixtures::odd`), and
//! the build script of `stytch-types` writes exactly the library's output for them.

use crate::catalogue::{build_script, committed, generate, run_build_script};

/// The odd fixtures' code is compiled by the tests build script; this pins a few of the names the
/// snapshots show, so a change in naming is noticed here too.
#[test]
fn odd_schemas_compile_with_usable_names() {
    use serde_json::json;
    use tests::fixtures::odd::keyword_names::misc::Keywords;
    use tests::fixtures::odd::keyword_names::other::{Crate, SelfType, Super};
    use tests::fixtures::odd::property_case_collision::misc::Collide;
    // Properties equal after snake_case: the one spelled like the field keeps the name, the
    // others are numbered in the order of their JSON names.
    let input = json!({"fooBar": "a", "foo_bar": 1, "FooBar": true, "foo-bar": 2.5});
    let collide: Collide = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(collide.foo_bar, Some(1));
    assert_eq!(collide.foo_bar_1, Some(true));
    assert_eq!(collide.foo_bar_2, Some(2.5));
    assert_eq!(collide.foo_bar_3.as_deref(), Some("a"));
    assert_eq!(serde_json::to_value(&collide).expect("encodes"), input);

    let input =
        json!({"type": "t", "self": "s", "Self": "S", "crate": true, "super": 1, "r#raw": "r"});
    let keywords: Keywords = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&keywords).expect("encodes"), input);
    let input = json!({"crate": "super", "Self": {"super": "x"}});
    let named: Super = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&named).expect("encodes"), input);
    assert!(Crate::from("self").is_known() && !Crate::from("Self").is_known());
    let _: SelfType = serde_json::from_value(json!({})).expect("decodes");

    // Names made of acronyms read as words.
    use tests::fixtures::odd::acronym_names::acronyms::{
        AbTest, B2bDfppaConfig, B2bOAuthConfig, B2bOtpsConfig, IdpConfig, OidcSsoFactor, Totp,
    };
    let config: B2bOtpsConfig =
        serde_json::from_value(json!({"oauth_client": {"id": "c"}})).expect("decodes");
    assert_eq!(config.oauth_client.and_then(|c| c.id).as_deref(), Some("c"));
    let _: (AbTest, B2bOAuthConfig, IdpConfig, OidcSsoFactor, Totp) =
        serde_json::from_value(json!([{}, {}, {}, {}, {}])).expect("decodes");
    assert!(B2bDfppaConfig::from("on").is_known());
}

#[test]
fn build_script_writes_the_library_output_for_odd_schemas() {
    let script = build_script();
    for case in committed("odd") {
        let expected = generate(&case)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name))
            .code;
        let out_dir = tempfile::tempdir().expect("temp dir");
        let output = run_build_script(&script, &case, out_dir.path());
        assert!(output.status.success(), "{}: {output:?}", case.name);
        let written = std::fs::read_to_string(out_dir.path().join("stytch_types.rs"))
            .expect("the build script wrote its output");
        assert!(
            written == expected,
            "{}: the build script wrote other code",
            case.name
        );
    }
}
