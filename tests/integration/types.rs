//! What the generated types promise, on the compiled fixtures: forward-compatible enums, `[]`,
//! `{}` and `null` kept apart from absence, unknown properties kept.

use codegen_runtime::{FromJson, Validate};
use serde_json::{json, Value};
use tests::fixtures::types as fixtures;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> (T, Value) {
    let typed: T = serde_json::from_value(value).expect("decodes");
    let back = serde_json::to_value(&typed).expect("encodes");
    (typed, back)
}

#[test]
fn unknown_enum_value_is_kept_and_written_back() {
    use fixtures::string_enums::member::{Member, MemberRole, Status};
    let input = json!({"status": "suspended", "role": "owner"});
    let (member, back): (Member, _) = round_trip(input.clone());
    assert_eq!(member.status, Status::Unknown("suspended".into()));
    assert!(!member.status.is_known());
    assert_eq!(member.role, Some(MemberRole::Unknown("owner".into())));
    assert_eq!(back, input);

    let (member, _): (Member, _) = round_trip(json!({"status": "pending-review"}));
    assert_eq!(member.status, Status::PendingReview);
    assert_eq!(member.status.as_str(), "pending-review");
    assert_eq!("active".parse::<Status>(), Ok(Status::Active));
    assert_eq!(Status::from("deleted").to_string(), "deleted");
    // From an owned `String` too: a known value is its variant, another keeps the string.
    assert_eq!(Status::from(String::from("active")), Status::Active);
    assert_eq!(
        Status::from(String::from("suspended")),
        Status::Unknown("suspended".into())
    );
}

#[test]
fn closed_enums_reject_unknown_values() {
    let dir = tests::workspace_root().join("tests/fixtures/types/string_enums");
    let code = codegen::Config::new()
        .open_enums(false)
        .generate_dir(dir)
        .expect("generates")
        .code;
    assert!(!code.contains("Unknown("), "{code}");
    assert!(code.contains("pub enum Status"));
}

#[test]
fn empty_array_and_object_stay_apart_from_absent() {
    use fixtures::arrays::list::Tags;
    let (tags, back): (Tags, _) = round_trip(json!({"tags": [], "scores": []}));
    assert_eq!(tags.scores, Some(vec![]));
    assert_eq!(tags.entries, None);
    assert_eq!(back, json!({"tags": [], "scores": []}));

    use fixtures::nullable::user::UpdateRequest;
    let input = json!({"user_id": "u", "name": null, "metadata": {}});
    let (update, back): (UpdateRequest, _) = round_trip(input.clone());
    assert_eq!(update.metadata, Some(Some(serde_json::Map::new())));
    assert_eq!(back, input);
}

#[test]
fn null_stays_apart_from_absent() {
    use fixtures::nullable::user::UpdateRequest;
    let (cleared, back): (UpdateRequest, _) =
        round_trip(json!({"user_id": "u", "name": null, "nickname": null, "roles": null}));
    assert_eq!(cleared.name, None, "required and nullable: null is None");
    assert_eq!(
        cleared.nickname,
        Some(None),
        "optional and nullable: null is Some(None)"
    );
    assert_eq!(cleared.roles, Some(None));
    assert_eq!(
        back,
        json!({"user_id": "u", "name": null, "nickname": null, "roles": null})
    );
    let (unchanged, back): (UpdateRequest, _) = round_trip(json!({"user_id": "u", "name": "x"}));
    assert_eq!(unchanged.nickname, None);
    assert_eq!(back, json!({"user_id": "u", "name": "x"}));
}

#[test]
fn null_for_an_optional_property_reads_as_absent_and_validators_report_it() {
    use fixtures::nullable::user::UpdateRequest;
    let input = json!({"user_id": "u", "name": "x", "email": null});
    let lenient: UpdateRequest = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(lenient.email, None);
    let errors = UpdateRequest::validate_value(&input).expect_err("null is not a string");
    assert_eq!(
        errors.iter().next().map(|e| e.instance_path.as_str()),
        Some("/email")
    );
    // Parsed straight from bytes, the null stops the typed attempt: the same errors are listed.
    let parsed = UpdateRequest::from_json_slice(input.to_string().as_bytes())
        .expect_err("null is not a string");
    assert_eq!(parsed, errors);
    // Only for that call: decoding reads the null as absent again after it.
    let again: UpdateRequest = serde_json::from_str(&input.to_string()).expect("decodes");
    assert_eq!(again.email, None);

    // With strict decoding the same null fails decoding.
    use tests::fixtures::strict::nullable::user::UpdateRequest as Strict;
    assert!(serde_json::from_value::<Strict>(input).is_err());
    let (strict, back): (Strict, _) =
        round_trip(json!({"user_id": "u", "name": null, "email": "e"}));
    assert_eq!(strict.email.as_deref(), Some("e"));
    assert_eq!(back, json!({"user_id": "u", "name": null, "email": "e"}));
}

#[test]
fn requests_are_built_in_one_expression() {
    use fixtures::nested_objects::shop::{Order, OrderCustomer};
    use fixtures::nullable::user::UpdateRequest;
    // Required properties in the order the schema requires them; the rest absent.
    let update = UpdateRequest::new("u", None);
    assert_eq!(
        serde_json::to_value(&update).expect("encodes"),
        json!({"user_id": "u", "name": null})
    );
    let order = Order::new("o1", OrderCustomer::new("Ada"));
    assert_eq!(
        serde_json::to_value(&order).expect("encodes"),
        json!({"id": "o1", "customer": {"name": "Ada"}})
    );
    // No required property: `Default`.
    let list = tests::fixtures::seed::discovery::ListRequest {
        session_token: Some("t".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&list).expect("encodes"),
        json!({"session_token": "t"})
    );
}

#[test]
fn fields_keep_the_schema_order_and_serialize_in_it() {
    // The seed lists `intermediate_session_token`, `session_token`, `session_jwt`: not sorted.
    let list = tests::fixtures::seed::discovery::ListRequest {
        intermediate_session_token: Some("i".into()),
        session_token: Some("t".into()),
        session_jwt: Some("j".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&list).expect("encodes"),
        r#"{"intermediate_session_token":"i","session_token":"t","session_jwt":"j"}"#
    );
}

#[test]
fn unknown_properties_are_kept() {
    use fixtures::nested_objects::shop::Order;
    let input = json!({"id": "o1", "customer": {"name": "Ada", "vip": true}, "note": [1, 2]});
    let (order, back): (Order, _) = round_trip(input.clone());
    assert_eq!(order.extra.get("note"), Some(&json!([1, 2])));
    assert_eq!(back, input);
}

/// `additionalProperties: false`: unknown properties still decode (kept in `extra`, written
/// back), and validation reports them.
#[test]
fn closed_objects_keep_unknown_properties_for_validation_to_report() {
    use codegen_runtime::Validate;
    use fixtures::additional_properties::meta::Closed;
    let input = json!({"name": "x", "other": 1});
    let (closed, back): (Closed, _) = round_trip(input.clone());
    assert_eq!(back, input);
    let errors = closed.validate().expect_err("`other` is not allowed");
    let found: Vec<(String, &str)> = errors
        .iter()
        .map(|e| (e.instance_path.clone(), e.keyword.as_str()))
        .collect();
    assert_eq!(found, [(String::new(), "additionalProperties")], "{errors}");
}

#[test]
fn plain_decoding_fails_as_serdes_derive_would() {
    use fixtures::nullable::user::UpdateRequest;
    // `name` is required and may be `null`: an explicit `null` decodes, absence does not.
    let request: UpdateRequest =
        serde_json::from_value(json!({"user_id": "u", "name": null})).expect("decodes");
    assert_eq!(request.name, None);
    let missing = serde_json::from_value::<UpdateRequest>(json!({"user_id": "u"})).unwrap_err();
    assert_eq!(missing.to_string(), "missing field `name`");
    let twice = r#"{"user_id": "u", "user_id": "v", "name": null}"#;
    let duplicate = serde_json::from_str::<UpdateRequest>(twice).unwrap_err();
    assert!(
        duplicate
            .to_string()
            .starts_with("duplicate field `user_id`"),
        "{duplicate}"
    );
    let not_an_object = serde_json::from_value::<UpdateRequest>(json!([1])).unwrap_err();
    assert!(
        not_an_object.to_string().contains("expected an object"),
        "{not_an_object}"
    );
}

#[test]
fn keywords_and_odd_names_become_fields() {
    use fixtures::odd_property_names::misc::Odd;
    let input = json!({"type": "t", "self": "s", "crate": true, "fooBar": "f", "kebab-case": "k",
                       "2fa_enabled": false, "with space": 3});
    let (odd, back): (Odd, _) = round_trip(input.clone());
    assert_eq!(odd.type_.as_deref(), Some("t"));
    assert_eq!(back, input);
}

/// `(instance path, keyword, schema pointer)` of each error of a validation result, sorted
/// (each fixture has its own `validation` module, hence a macro).
macro_rules! error_places {
    ($result:expr) => {{
        let mut places: Vec<(String, String, String)> = match $result {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| {
                    (
                        e.instance_path.clone(),
                        e.keyword.clone(),
                        e.schema_pointer.clone(),
                    )
                })
                .collect(),
        };
        places.sort();
        places
    }};
}

/// Checks that `validate()` (which reads a struct's fields) reports exactly what the value
/// validator reports on the struct's JSON form, and that `from_json_slice` agrees; returns the
/// number of errors.
macro_rules! typed_agrees_with_json {
    ($type:ty, $value:expr) => {{
        let value: Value = $value;
        let typed: $type = serde_json::from_value(value.clone()).expect("decodes");
        let json = serde_json::to_value(&typed).expect("encodes");
        let expected = error_places!(<$type>::validate_value(&json));
        assert_eq!(
            error_places!(typed.validate()),
            expected,
            "validate() on {value}"
        );
        let bytes = serde_json::to_vec(&value).expect("encodes");
        assert_eq!(
            error_places!(<$type>::from_json_slice(&bytes)),
            expected,
            "from_json_slice on {value}"
        );
        expected.len()
    }};
}

#[test]
fn typed_validation_reports_what_the_json_form_would() {
    use fixtures::additional_properties::meta::Counters;
    use fixtures::constraints::user::Signup;
    use fixtures::nullable::user::UpdateRequest;
    use fixtures::string_enums::member::Member;
    assert_eq!(
        typed_agrees_with_json!(Signup, json!({"username": "ok_name", "age": 30})),
        0
    );
    let bad = json!({"username": "X", "age": 7, "score": 0.3, "tags": ["a", "a"]});
    assert_eq!(typed_agrees_with_json!(Signup, bad), 5);
    assert_eq!(
        typed_agrees_with_json!(Signup, json!({"username": "ok_name", "other": 1})),
        0
    );
    // An entry of the other properties named like a field is an error of its own: the JSON
    // would hold the name twice. Every such entry is reported, and the fields are still checked.
    let mut shadowed: Signup = serde_json::from_value(json!({"username": "X"})).unwrap();
    shadowed.extra.insert("username".into(), json!("ok_name"));
    shadowed.extra.insert("age".into(), json!(30));
    shadowed.extra.insert("other".into(), json!(1));
    let places = error_places!(shadowed.validate());
    let extra: Vec<_> = places.iter().filter(|p| p.1 == "$extra").collect();
    assert_eq!(extra.len(), 2, "{places:?}");
    assert!(
        extra.iter().any(|p| p.0 == "/username" && p.2.is_empty()),
        "{places:?}"
    );
    assert!(
        places
            .iter()
            .any(|p| p.1 == "pattern" || p.1 == "minLength"),
        "{places:?}"
    );
    let message = shadowed.validate().unwrap_err().to_string();
    assert!(
        message.contains("\"age\" is a field of this type"),
        "{message}"
    );

    assert_eq!(
        typed_agrees_with_json!(Member, json!({"status": "active", "role": "admin"})),
        0
    );
    assert_eq!(
        typed_agrees_with_json!(Member, json!({"status": "gone", "role": "owner"})),
        2
    );

    let cleared = json!({"user_id": "u", "name": null, "roles": null});
    assert_eq!(typed_agrees_with_json!(UpdateRequest, cleared), 0);
    let set = json!({"user_id": "u", "name": "n", "metadata": {}});
    assert_eq!(typed_agrees_with_json!(UpdateRequest, set), 0);

    assert_eq!(
        typed_agrees_with_json!(Counters, json!({"total": 1, "a": 2})),
        0
    );
    // Bytes that do not fit the type still get every error listed.
    let errors = Counters::from_json_slice(br#"{"total": 1, "a": "two", "b": 1.5}"#)
        .expect_err("two values are not integers");
    assert_eq!(errors.len(), 2, "{errors}");
    // Bytes that are not JSON: one `$json` error that says where, whether the text is not UTF-8
    // (checked once, up front) or not JSON.
    for (bytes, place) in [
        (
            &b"{\"total\": 1, \"a\": \"t\xffo\"}"[..],
            "line 1 column 21",
        ),
        (&b"{\"total\": 1, \"a\": }"[..], "line 1 column 19"),
    ] {
        let errors = Counters::from_json_slice(bytes).expect_err("not JSON");
        let error = errors.iter().next().expect("one error");
        assert_eq!((errors.len(), error.keyword.as_str()), (1, "$json"));
        assert!(error.to_string().contains(place), "{error}");
    }
}

#[test]
fn newtypes_are_checked_by_their_field() {
    use fixtures::newtypes::inventory::{Stock, StockSku, StockWeight};
    let good = json!({"sku": "ABC-12", "count": 3, "weight": 1.5});
    assert_eq!(typed_agrees_with_json!(Stock, good), 0);
    // `pattern` and `maxLength` on the string, `maximum` on the integer, `exclusiveMinimum` on
    // the float, each at its definition's own location.
    let bad = json!({"sku": "abc-12345678901234567890", "count": 1001, "weight": 0.0});
    assert_eq!(typed_agrees_with_json!(Stock, bad), 4);
    // A number is kept as written: `2` is written back `2`, `2.5` as `2.5`.
    for weight in [json!(2), json!(2.5), json!(9007199254740993_u64)] {
        let stock = Stock {
            sku: StockSku("ABC-1".into()),
            count: None,
            weight: Some(StockWeight(
                serde_json::from_value(weight.clone()).expect("a number"),
            )),
            extra: Default::default(),
        };
        let json = serde_json::to_value(&stock).expect("encodes");
        assert_eq!(json["weight"], weight);
        assert!(stock.validate().is_ok(), "{:?}", stock.validate());
    }
}

#[test]
fn a_whole_number_written_with_a_fraction_decodes_as_an_integer() {
    use fixtures::newtypes::inventory::Stock;
    // `3.0` is an integer to JSON Schema: valid, so the checked path decodes it (serde alone
    // reads it into no integer type). A float field takes `2.0` as it is.
    let bytes = br#"{"sku": "ABC-12", "count": 3.0, "weight": 2.0}"#;
    assert!(serde_json::from_slice::<Stock>(bytes).is_err());
    let stock = Stock::from_json_slice(bytes).expect("valid, so it decodes");
    assert_eq!(
        (
            stock.count.as_ref().map(|c| c.0),
            stock.weight.as_ref().and_then(|w| w.0.as_f64())
        ),
        (Some(3), Some(2.0))
    );
    // Such a body is read with every whole number made an integer: the weight comes back `2`.
    assert_eq!(serde_json::to_value(&stock).unwrap()["weight"], json!(2));
    assert_eq!(serde_json::to_value(&stock).unwrap()["count"], json!(3));
    let value = serde_json::from_slice(bytes).unwrap();
    assert_eq!(
        Stock::from_json_value(value).expect("valid, so it decodes"),
        stock
    );
    // A fraction is still no integer: reported by the validator, at its place.
    let errors = Stock::from_json_slice(br#"{"sku": "ABC-12", "count": 3.5}"#).unwrap_err();
    let places: Vec<_> = errors
        .iter()
        .map(|e| (e.instance_path.as_str(), e.keyword.as_str()))
        .collect();
    assert_eq!(places, [("/count", "type")]);
}

#[test]
fn the_parse_path_lists_the_errors_the_value_path_does_whatever_the_text_holds() {
    use fixtures::nullable::user::UpdateRequest;
    // Bodies that do not decode into the type: their verdict and errors come from a second
    // reading of the text, which must say what `validate_value` says of the same text's
    // `Value`; a repeated key (a `Value` keeps the last), escapes, and text that is no JSON
    // included.
    for text in [
        r#"{"user_id": 5, "name": 6, "email": 7}"#,
        r#"{"user_id": 5, "user_id": "u", "name": "x"}"#,
        r#"{"user_id": "u", "user_id": 5, "name": "x"}"#,
        r#"{"user_\u0069d": 5, "na\nme": "x", "name": ["\u00e9"]}"#,
        r#"{"user_id": "u", "name": "x", "email": 3}"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let expected = UpdateRequest::validate_value(&value).err();
        let parsed = UpdateRequest::from_json_slice(text.as_bytes()).err();
        assert_eq!(parsed, expected, "{text}");
    }
    let broken = UpdateRequest::from_json_slice(br#"{"user_id": 5,"#).expect_err("no JSON");
    assert_eq!(
        broken
            .iter()
            .map(|e| e.keyword.as_str())
            .collect::<Vec<_>>(),
        ["$json"]
    );
}
