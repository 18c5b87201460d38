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
    assert_eq!(
        collide
            .foo_bar_2
            .as_ref()
            .and_then(serde_json::Number::as_f64),
        Some(2.5)
    );
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

/// Names made of punctuation, names that coincide inside one file, nullable unions and
/// properties named like the fields the generator adds: each type and field has a name of its
/// own, and the JSON names survive a round trip.
#[test]
fn awkward_names_get_names_of_their_own() {
    use serde_json::json;
    use tests::fixtures::odd::punctuation_names::misc::{Punctuation, PunctuationSort};
    let input =
        json!({"-": {"a": "x"}, "$": {"b": "y"}, "@@": 1, "+": true, "€": 2.5, "sort": "-"});
    let value: Punctuation = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(value.at_at, 1);
    assert_eq!(value.plus, Some(true));
    assert_eq!(
        value.eur.as_ref().and_then(serde_json::Number::as_f64),
        Some(2.5)
    );
    assert_eq!(value.sort, Some(PunctuationSort::Minus));
    assert_eq!(value.minus.and_then(|m| m.a).as_deref(), Some("x"));
    let value: Punctuation = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&value).expect("encodes"), input);
    assert_eq!(PunctuationSort::from("==").as_str(), "==");
    assert_eq!(PunctuationSort::from(""), PunctuationSort::X);

    // The schema that comes first in the file keeps the name, the others are numbered (skipping
    // `ReportGroup2`, which a property has).
    use tests::fixtures::odd::same_name_in_one_document::misc::{
        Report, ReportFinalStats, ReportFinalStats2, ReportGroup, ReportGroup2, ReportGroup3,
    };
    use tests::fixtures::odd::same_name_in_one_document::other::{Point, Point2, Point3};
    let report = Report {
        group: Some(ReportGroup3 {
            size: Some(3),
            ..Default::default()
        }),
        main_group: Some(ReportGroup {
            id: Some("g".into()),
            ..Default::default()
        }),
        final_stats: Some(ReportFinalStats {
            total: Some(1),
            ..Default::default()
        }),
        final_stats_1: Some(ReportFinalStats2 {
            mean: serde_json::Number::from_f64(0.5),
            ..Default::default()
        }),
        group2: Some(ReportGroup2::default()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&report).expect("encodes"),
        json!({"group": {"size": 3}, "main_group": {"id": "g"}, "final_stats": {"total": 1},
            "final-stats": {"mean": 0.5}, "group2": {}})
    );
    let _: (Point, Point2, Point3) =
        serde_json::from_value(json!([{"x": 1.0}, "p", {"y": 2.0}])).expect("decodes");

    // Properties named like the generated fields keep their JSON names, also where typify
    // merges them into a union's variants or an `Option`'s inner struct.
    use codegen_runtime::{FromJson, Validate};
    use tests::fixtures::odd::generated_field_names::misc::{
        Closed, Fields, Nullable, NullableInner,
    };
    let input = json!({"extra": "e", "extra_1": 1, "subtype_0": "s", "userId": "u", "planId": "p",
        "other": true});
    let fields: Fields = serde_json::from_value(input.clone()).expect("decodes");
    let Fields::Variant0 {
        extra,
        extra_1,
        extra_2,
        subtype_0_1,
        user_id,
        plan_id,
    } = &fields
    else {
        panic!("the first variant: {fields:?}");
    };
    assert_eq!(extra_2.as_deref(), Some("e"));
    assert_eq!(*extra_1, Some(1));
    assert_eq!(subtype_0_1.as_deref(), Some("s"));
    assert_eq!(user_id.as_deref(), Some("u"));
    assert_eq!(plan_id.as_deref(), Some("p"));
    assert_eq!(extra.get("other"), Some(&json!(true)));
    assert_eq!(serde_json::to_value(&fields).expect("encodes"), input);
    let input = json!({"extra": true, "userId": "u", "more": 1});
    let nullable: Nullable = serde_json::from_value(input.clone()).expect("decodes");
    let inner = nullable.0.as_ref().expect("not null");
    assert_eq!(
        (inner.extra_1, inner.user_id.as_deref()),
        (Some(true), Some("u"))
    );
    assert_eq!(serde_json::to_value(&nullable).expect("encodes"), input);
    // typify's own struct, all optional, derives `Default` as ours do.
    let built = NullableInner {
        user_id: Some("u".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(Nullable(Some(built))).expect("encodes"),
        json!({"userId": "u"})
    );
    // `additionalProperties: false` still keeps what it forbids, for the validators to report.
    let input = json!({"extra": false, "other": 1});
    let closed: Closed = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(closed.extra_1, Some(false));
    assert_eq!(closed.extra.get("other"), Some(&json!(1)));
    assert_eq!(serde_json::to_value(&closed).expect("encodes"), input);
    let errors = closed.validate().expect_err("`other` is not allowed");
    let keywords: Vec<&str> = errors.iter().map(|e| e.keyword.as_str()).collect();
    assert_eq!(keywords, ["additionalProperties"], "{errors}");
    let errors = Closed::from_json_slice(input.to_string().as_bytes()).expect_err("not allowed");
    let keywords: Vec<&str> = errors.iter().map(|e| e.keyword.as_str()).collect();
    assert_eq!(keywords, ["additionalProperties"], "{errors}");

    // A nullable union of a union, and nullable enums.
    use tests::fixtures::odd::nullable_enums_and_unions::misc::{
        Holder, HolderKind, HolderModule, HolderStatus, HolderTarget, Kind, KindInner, Level,
        LevelVariant0, Mode, ModeVariant0,
    };
    let level: Level = serde_json::from_value(json!(3)).expect("decodes");
    assert_eq!(level.0, Some(LevelVariant0::Integer(3)));
    let level: Level = serde_json::from_value(json!(null)).expect("decodes");
    assert_eq!(level.0, None);
    let kind: Kind = serde_json::from_value(json!("a")).expect("decodes");
    assert_eq!(kind.0, Some(KindInner::A));
    // A value added to the API later decodes too, as for every other string enum.
    let kind: Kind = serde_json::from_value(json!("c")).expect("decodes");
    assert_eq!(kind.0, Some(KindInner::Unknown("c".into())));
    assert_eq!(serde_json::to_value(&kind).expect("encodes"), json!("c"));
    let errors = Kind::validate_value(&json!("c")).expect_err("not a value of the enum");
    assert_eq!(
        errors.iter().next().map(|e| e.keyword.as_str()),
        Some("enum")
    );
    let mode: Mode = serde_json::from_value(json!("on")).expect("decodes");
    assert_eq!(mode.0, Some(ModeVariant0::On));
    let input =
        json!({"status": null, "kind": "x", "level": {"name": "n"}, "levels": [1, null, true]});
    let holder: Holder = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&holder).expect("encodes"), input);

    // A property's nullable enum is an `Option` of the enum, which keeps unknown values; a
    // nullable union of an enum and plain strings suggests the enum's values and takes others.
    let input = json!({"kind": "z", "status": "active", "target": "es2017", "module": null});
    let holder = Holder::from_json_slice(input.to_string().as_bytes()).expect_err("kind");
    assert_eq!(
        holder.to_string(),
        "/kind: \"z\" is not one of [\"x\",\"y\",null] (holder.json#/properties/kind/enum)"
    );
    let holder: Holder = serde_json::from_value(input.clone()).expect("decodes leniently");
    assert_eq!(holder.kind, Some(Some(HolderKind::Unknown("z".into()))));
    assert_eq!(holder.status, Some(Some(HolderStatus::Active)));
    assert_eq!(
        holder.target,
        Some(Some(HolderTarget::Other("es2017".into())))
    );
    assert_eq!(holder.module, Some(None));
    assert_eq!(serde_json::to_value(&holder).expect("encodes"), input);
    let built = Holder {
        target: Some(Some(HolderTarget::Es2020)),
        module: Some(Some(HolderModule::Other("node16".into()))),
        ..Holder::default()
    };
    assert!(built.validate().is_ok());
    let built = Holder {
        target: Some(Some(HolderTarget::Other("commonjs".into()))),
        ..Holder::default()
    };
    let errors = built.validate().expect_err("not ES-something");
    assert_eq!(
        errors.iter().next().map(|e| e.instance_path.as_str()),
        Some("/target")
    );
}

/// An object made of parts is one struct of all their properties; it decodes, encodes back and
/// is validated against every part.
#[test]
fn objects_made_of_parts_are_one_struct() {
    use codegen_runtime::{FromJson, Validate};
    use serde_json::json;
    use tests::fixtures::odd::all_of_parts::misc::{
        Composed, ComposedConfig, ComposedDog, ComposedPetKind,
    };
    let input = json!({
        "dog": {"name": "Rex", "kind": "dog", "bark": true, "extra": 3, "collar": "red"},
        "dogs": [{"name": "Ada", "age": 4}],
        "config": {"name": "Tom", "owner": "me"},
        "files_or_include": {"owner": "me", "files": ["a.ts"]}
    });
    let bytes = serde_json::to_vec(&input).expect("encodes");
    let composed = Composed::from_json_slice(&bytes).expect("valid");
    let dog = composed.dog.as_ref().expect("a dog");
    assert_eq!((dog.name.as_str(), dog.bark), ("Rex", true));
    assert_eq!(
        (dog.kind.as_ref(), dog.extra_1),
        (Some(&ComposedPetKind::Dog), Some(3))
    );
    assert_eq!(dog.extra["collar"], "red");
    assert_eq!(composed.dogs.as_ref().expect("dogs")[0].age, Some(4));
    let Some(ComposedConfig::Variant0(config)) = &composed.config else {
        panic!("the object alternative: {:?}", composed.config);
    };
    assert_eq!(config.owner.as_deref(), Some("me"));
    // Named only by the alternatives of an `anyOf`: kept among the others.
    let files = &composed.files_or_include.as_ref().expect("present").extra["files"];
    assert_eq!(files, &json!(["a.ts"]));
    assert_eq!(serde_json::to_value(&composed).expect("encodes"), input);

    // Every part's constraints hold: `bark` is required by the extension, `owner` has a
    // `minLength` in its own part (which fails the `oneOf`), `files` must match an alternative.
    let invalid = json!({
        "dog": {"name": "Rex"},
        "config": {"name": "Tom", "owner": ""},
        "files_or_include": {"files": 1}
    });
    let errors = Composed::from_json_value(invalid).expect_err("invalid");
    let mut keywords: Vec<&str> = errors.iter().map(|e| e.keyword.as_str()).collect();
    keywords.sort_unstable();
    assert_eq!(keywords, ["anyOf", "oneOf", "required"], "{errors}");
    let built = Composed {
        dog: Some(ComposedDog::new(String::from("Rex"), true)),
        ..Default::default()
    };
    assert!(built.validate().is_ok(), "{:?}", built.validate());
}

/// A union of objects is an untagged enum: the first alternative that decodes holds the object
/// (as the schema reads it, else leniently), and it alone is written back (a struct of every alternative flattened wrote shared keys once
/// per alternative that decoded). Its variants are named by what their types add to its name:
/// the alternative's title, else its place.
#[test]
fn a_union_of_objects_writes_each_key_once() {
    use serde_json::json;
    use tests::fixtures::odd::object_union::misc::{Shape, ShapeSquare, ShapeVariant0Kind};
    for input in [
        json!({"kind": "circle", "radius": 1.5}),
        json!({"kind": "square", "side": 2}),
    ] {
        let shape: Shape = serde_json::from_value(input.clone()).expect("decodes");
        let text = serde_json::to_string(&shape).expect("encodes");
        assert_eq!(text.matches("\"kind\"").count(), 1, "{text}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            input
        );
    }
    // The alternative whose enum knows the value holds it, though the first one's open enum
    // would take it too; a value no alternative knows goes to the first, keeping every key.
    let shape: Shape = serde_json::from_value(json!({"kind": "square"})).expect("decodes");
    assert!(matches!(shape, Shape::Square(_)), "{shape:?}");
    let shape: Shape = serde_json::from_value(json!({"kind": "hexagon"})).expect("decodes");
    let Shape::Variant0(first) = &shape else {
        panic!("the first alternative: {shape:?}");
    };
    assert_eq!(first.kind, ShapeVariant0Kind::Unknown("hexagon".into()));
    let square: ShapeSquare =
        serde_json::from_value(json!({"kind": "square", "side": 2})).expect("decodes");
    assert!(matches!(Shape::from(square), Shape::Square(_)));
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

/// A struct that would hold too much in place (here eight objects of 48 union-typed properties
/// each) boxes its largest fields until it fits: decoding such types on a small stack, as a
/// debug build does, does not overflow it.
#[test]
fn wide_structs_box_their_largest_fields() {
    use codegen_runtime::{FromJson, Validate};
    use serde_json::json;
    use tests::fixtures::odd::wide_objects::chart::{Chart, ChartConfig};
    assert!(std::mem::size_of::<ChartConfig>() <= 16384);
    let input = json!({
        "config": {"style0": {"p0": 1, "p1": {"expr": "x"}}, "style7": {"p2": "s"}},
        "mark": "bar"
    });
    let decoded = std::thread::Builder::new()
        .stack_size(512 << 10)
        .spawn(move || {
            let text = input.to_string();
            let chart = Chart::from_json_slice(text.as_bytes()).map(Box::new);
            let chart = chart.expect("valid");
            chart.validate().expect("valid");
            assert!(chart.config.style0.is_some());
            assert_eq!(serde_json::to_value(&*chart).expect("encodes"), input);
        })
        .expect("a thread")
        .join();
    assert!(decoded.is_ok());
}

/// `patternProperties` of one pattern with `additionalProperties: false`: every name matches
/// the pattern, so every value is of its schema's type, a map of it.
#[test]
fn a_closed_map_of_one_pattern_is_a_map_of_its_type() {
    use codegen_runtime::FromJson;
    use serde_json::json;
    use tests::fixtures::odd::closed_pattern_map::compose::Compose;
    let input = json!({"services": {"web": {"image": "nginx"}, "db": {}}});
    let compose = Compose::from_json_slice(input.to_string().as_bytes()).expect("valid");
    let services = compose.services.as_ref().expect("services");
    assert_eq!(services["web"].image.as_deref(), Some("nginx"));
    assert_eq!(serde_json::to_value(&compose).expect("encodes"), input);
    for (input, path, keyword) in [
        (
            json!({"services": {"Web": {}}}),
            "/services",
            "additionalProperties",
        ),
        (
            json!({"services": {"web": {"image": 1}}}),
            "/services/web/image",
            "type",
        ),
    ] {
        let errors = Compose::from_json_slice(input.to_string().as_bytes()).expect_err("invalid");
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.instance_path.as_str(), e.keyword.as_str()))
            .collect();
        assert_eq!(found, [(path, keyword)], "{errors}");
    }
}

/// A union decodes into the first alternative whose schema the value fits, where lenient
/// decoding would let it into an earlier one: an open enum that does not know the value, a
/// string constant, an object whose schema admits no other properties, an optional property
/// that is `null` where the schema does not allow it. Only a value no alternative fits so goes
/// to the first that decodes it leniently.
#[test]
fn a_union_takes_the_alternative_the_value_fits() {
    use codegen_runtime::{FromJson, Validate};
    use serde_json::json;
    use tests::fixtures::odd::union_alternatives::chart::*;
    let decode = |input: serde_json::Value| -> Chart {
        let chart: Chart = serde_json::from_value(input.clone()).expect("decodes");
        let text = input.to_string();
        let parsed = Chart::from_json_slice(text.as_bytes()).map_err(|e| e.to_string());
        if chart.validate().is_ok() {
            assert_eq!(parsed.as_ref(), Ok(&chart), "{text}");
            assert_eq!(serde_json::to_value(&chart).expect("encodes"), input);
        } else {
            assert!(parsed.is_err(), "{text}");
        }
        chart
    };
    let mark = |input| decode(json!({ "mark": input })).mark.expect("a mark");
    assert_eq!(mark(json!("bar")), ChartAnyMark::Mark(ChartMark::Bar));
    assert_eq!(
        mark(json!("errorbar")),
        ChartAnyMark::CompositeMark(ChartCompositeMark::ErrorBar(ChartErrorBar::Errorbar))
    );
    assert!(matches!(
        mark(json!({"type": "line"})),
        ChartAnyMark::MarkDef(_)
    ));
    // Known to none: the first alternative's first open enum keeps it, and `validate` says so.
    let unknown = ChartBoxPlot::Unknown("arc".into());
    assert_eq!(
        mark(json!("arc")),
        ChartAnyMark::CompositeMark(ChartCompositeMark::BoxPlot(unknown))
    );

    let size = |input| decode(json!({ "size": input })).size.expect("a size");
    assert_eq!(size(json!("huge")), ChartSizeVariant1::Huge.into());
    assert_eq!(size(json!("small")), ChartSizeVariant0::Small.into());
    assert_eq!(size(json!(3)), ChartSize::Integer(3));

    let shape = |input| decode(json!({ "shape": input })).shape.expect("a shape");
    assert!(matches!(shape(json!({"side": 2})), ChartShape::Square(_)));
    assert!(matches!(
        shape(json!({"radius": 1, "label": "a"})),
        ChartShape::Circle(_)
    ));
    let ChartShape::Circle(both) = shape(json!({"radius": 1, "side": 2})) else {
        panic!("neither fits: the first alternative");
    };
    assert!(both.extra.contains_key("side"));

    let note = |input| decode(json!({ "note": input })).note.expect("a note");
    assert!(matches!(note(json!({"text": "a"})), ChartNote::Text(_)));
    let ChartNote::NullableText(nullable) = note(json!({"text": null})) else {
        panic!("only the second alternative admits a null text");
    };
    assert_eq!(nullable.text, Some(None));

    // No alternative at all: serde's error, and the schema's from `from_json_slice`.
    let error = serde_json::from_value::<Chart>(json!({"size": true})).unwrap_err();
    assert!(
        error.to_string().contains("untagged enum ChartSize"),
        "{error}"
    );
    let errors = Chart::from_json_slice(br#"{"size": true}"#).unwrap_err();
    let at: Vec<&str> = errors.iter().map(|e| e.instance_path.as_str()).collect();
    assert_eq!(at, ["/size"], "{errors}");
    // A value that has one alternative's shape: the error says what is wrong inside it (the
    // circle fails on the object itself, which has a side; the square on the side's type).
    let errors = Chart::from_json_slice(br#"{"shape": {"side": "x"}}"#).unwrap_err();
    let message = errors.to_string();
    assert!(
        message.contains(r#"nearest, /oneOf/1: /shape/side: string is not of type number"#),
        "{message}"
    );
    // Else the one alternative whose type the value has is the nearest; a nested union's
    // error does not make one (a number is of neither composite mark's type).
    let message = |text: &str| {
        Chart::from_json_slice(text.as_bytes())
            .unwrap_err()
            .to_string()
    };
    let level = message(r#"{"level": "mid"}"#);
    assert!(
        level.contains(r#"nearest, /oneOf/0: /level: "mid" is not one of ["low","high"]"#),
        "{level}"
    );
    let level = message(r#"{"level": -1}"#);
    assert!(
        level.contains("nearest, /oneOf/1: /level: -1 is less than the minimum 0"),
        "{level}"
    );
    let mark = message(r#"{"mark": 5}"#);
    assert!(!mark.contains("nearest"), "{mark}");
}

/// An optional property whose `$ref` names a nullable type: the type holds the `null`
/// (`Some(Deployment(None))`), so the field is one `Option` (`None` absent), and each value
/// has one form that reads back as itself.
#[test]
fn an_optional_reference_to_a_nullable_type_is_one_option() {
    use codegen_runtime::{FromJson, Validate};
    use serde_json::json;
    use tests::fixtures::odd::nullable_reference::svc::*;
    for input in [
        json!({"limits": null}),
        json!({"limits": null, "deploy": null}),
        json!({"limits": {"cpus": 1}, "deploy": {"mode": "global"}}),
    ] {
        let service: Service = serde_json::from_value(input.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&service).expect("encodes"), input);
        service.validate().expect("valid");
        let text = input.to_string();
        let parsed = Service::from_json_slice(text.as_bytes()).map_err(|e| e.to_string());
        assert_eq!(parsed, Ok(service));
    }
    let null = Service {
        deploy: Some(ServiceDeployment(None)),
        ..Service::new(ServiceLimits(None))
    };
    let text = serde_json::to_string(&null).expect("encodes");
    assert_eq!(text, r#"{"deploy":null,"limits":null}"#);
    assert_eq!(serde_json::from_str::<Service>(&text).ok(), Some(null));
}

/// A union of string values and plain strings is one enum: the values as variants, any other
/// string, valid as well, in `Other`. In a union it is tried as the schema reads: a keyword
/// enum does not take `"x"`, a name does.
#[test]
fn values_beside_a_plain_string_are_suggestions() {
    use codegen_runtime::{FromJson, Validate};
    use serde_json::json;
    use tests::fixtures::odd::suggested_values::format::*;
    let parse = |input: serde_json::Value| {
        let options: Options = serde_json::from_value(input.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&options).expect("encodes"), input);
        let text = input.to_string();
        let parsed = Options::from_json_slice(text.as_bytes());
        if let Ok(parsed) = &parsed {
            assert_eq!(parsed, &options);
            options.validate().expect("the typed value is valid too");
        }
        (options, parsed.map_err(|e| e.to_string()))
    };
    let (options, parsed) = parse(json!({"parser": "babel", "align": "right"}));
    assert_eq!(options.parser, Some(OptionsParser::Babel));
    assert_eq!(options.align, Some(OptionsAlign::Right));
    assert!(parsed.is_ok());

    let (options, parsed) = parse(json!({"parser": "svelte", "align": "custom-center"}));
    assert_eq!(options.parser, Some(OptionsParser::Other("svelte".into())));
    assert!(!options.parser.as_ref().is_some_and(OptionsParser::is_known));
    assert_eq!(
        parsed.map(|p| p.align),
        Ok(Some(OptionsAlign::Other("custom-center".into())))
    );
    // The values of a `oneOf` are checked as it reads: "centre" matches no alternative.
    let (_, parsed) = parse(json!({"align": "centre"}));
    assert!(parsed.unwrap_err().contains("/align"));

    let token = |input| parse(json!({ "token": input })).0.token.expect("a token");
    assert_eq!(
        token(json!("if")),
        OptionsToken::Keyword(OptionsKeyword::If)
    );
    assert_eq!(token(json!("self")), OptionsToken::Name(OptionsName::Self_));
    assert_eq!(
        token(json!("x")),
        OptionsToken::Name(OptionsName::Other("x".into()))
    );
    assert_eq!(token(json!(7)), OptionsToken::Integer(7));
    // The empty string is not a name (`minLength`): lenient decoding keeps it, and the checks
    // report it.
    let (_, parsed) = parse(json!({"token": ""}));
    assert!(parsed.unwrap_err().contains("/token"));

    let built = Options {
        parser: Some("typescript".parse().expect("every string")),
        ..Options::default()
    };
    assert_eq!(built.parser, Some(OptionsParser::Typescript));
    built.validate().expect("valid");
}

/// A draft-07 file's `dependencies`, tuple `items` and `additionalItems` are loaded as their
/// 2020-12 forms; errors still point at the keywords the file has. A `oneOf` of documented
/// values lists the values when none matches.
#[test]
fn older_drafts_errors_name_the_files_keywords() {
    use codegen_runtime::FromJson;
    use tests::fixtures::odd::older_draft_keywords::legacy::*;
    let errors = |text: &str| match Settings::from_json_slice(text.as_bytes()) {
        Ok(_) => panic!("{text} is invalid"),
        Err(e) => e.to_string(),
    };
    let e = errors(r#"{"user": "u"}"#);
    assert!(e.contains("(schema.json#/dependencies/user)"), "{e}");
    let e = errors(r#"{"poll": 5, "mode": "fast"}"#);
    assert!(
        e.contains("/mode: \"fast\" is not \"safe\" (schema.json#/dependencies/poll/properties/mode/const)"),
        "{e}"
    );
    let e = errors(r#"{"poll": 5}"#);
    assert!(
        e.contains("(schema.json#/dependencies/poll/required)"),
        "{e}"
    );
    let e = errors(r#"{"point": [1, 2, true, "x"]}"#);
    assert!(
        e.contains(
            "/point/0: integer is not of type string (schema.json#/properties/point/items/0/type)"
        ),
        "{e}"
    );
    assert!(e.contains("/point/3: string is not of type boolean (schema.json#/properties/point/additionalItems/type)"), "{e}");
    let e = errors(r#"{"mode": "slow"}"#);
    assert!(e.contains("/mode: \"slow\" is not one of [\"fast\",\"safe\"] (schema.json#/properties/mode/oneOf)"), "{e}");
    assert!(Settings::from_json_slice(
        br#"{"user": "u", "password": "p", "point": ["a", 1, true]}"#
    )
    .is_ok());
}

/// The values of a map whose names must match one pattern are `<Map>Value` (a name made of the
/// regex says nothing), found by the planner as the types lower them (a `$ref` there to a
/// schema without a type of its own was an internal error); an alternative with only a
/// comment in a string union makes its values suggestions.
#[test]
fn pattern_map_values_and_an_untyped_plain_alternative() {
    use codegen_runtime::FromJson;
    use tests::fixtures::odd::pattern_map_values::workflow::*;
    let text =
        r#"{"jobs": {"test": {"shell": "bash"}, "lint": {"shell": "nu {0}", "concurrency": 3}}}"#;
    let workflow = Workflow::from_json_slice(text.as_bytes()).expect("valid");
    let jobs = workflow.jobs.expect("jobs");
    let test: &WorkflowJobsValue = &jobs["test"];
    assert_eq!(test.shell, Some(WorkflowShell::Bash));
    assert_eq!(
        jobs["lint"].shell,
        Some(WorkflowShell::Other("nu {0}".into()))
    );
    let e = Workflow::from_json_slice(br#"{"jobs": {"1st": {}}}"#).unwrap_err();
    assert!(
        e.to_string().contains(r#"property "1st" is not allowed"#),
        "{e}"
    );
}
