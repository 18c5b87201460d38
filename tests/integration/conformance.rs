//! Runs every case of the JSON-Schema-Test-Suite (drafts 2020-12, 2019-09, 7, 6 and 4) through the
//! generated validators on two paths (`value`: the value validator on the JSON value; `typed`: decode into the group's
//! generated root type, then `validate()`, where a decoding error counts as invalid) and compares with the checked-in list of expected failures (`conformance/expected_failures.txt`):
//! an unlisted failure fails the test, and so does a listed case that passes (the list only shrinks).
//!
//! Run with `cargo test -p tests --test integration conformance -- --nocapture` to see the figures.

use serde_json::Value;
use std::collections::BTreeMap;
use tests::conformance::{Group, GROUPS, MISSING};
use tests::{file_name, json_files};

/// The drafts' folders below `tests/`. The first one's figures are printed without its name
/// (`conformance value ...`), the others' with it (`conformance draft7 value ...`); listed
/// failures of the others name their file with the folder (`draft7/ref.json`).
const DRAFTS: &[&str] = &["draft2020-12", "draft2019-09", "draft7", "draft6", "draft4"];

/// Suite folders below a draft's folder and the label of their figures.
const CATEGORIES: &[(&str, &str)] = &[
    ("", "required"),
    ("optional", "optional"),
    ("optional/format", "format"),
];

/// `(file, group description, test description, path)`.
type CaseKey = (String, String, String, String);

#[derive(Default, Clone, Copy)]
struct Tally {
    passed: usize,
    total: usize,
}

#[test]
fn conformance() {
    let Some(shared) = tests::shared_dir() else {
        return;
    };
    let suite = shared.join("json-schema-test-suite/tests");
    assert!(
        !GROUPS.is_empty(),
        "the suite is at {} but no validators were generated ({MISSING}); rebuild the tests package",
        suite.display()
    );
    let expected = expected_failures();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut seen = Vec::new();
    for (n, &draft) in DRAFTS.iter().enumerate() {
        let mut value: BTreeMap<&str, Tally> = BTreeMap::new();
        let mut typed: BTreeMap<&str, Tally> = BTreeMap::new();
        let prefix = if n == 0 {
            String::new()
        } else {
            format!("{draft}/")
        };
        for &(category, label) in CATEGORIES {
            for file in json_files(&suite.join(draft).join(category)) {
                let file_in_draft = match category {
                    "" => file_name(&file),
                    _ => format!("{category}/{}", file_name(&file)),
                };
                let name = format!("{prefix}{file_in_draft}");
                let text = std::fs::read_to_string(&file).expect("suite files are readable");
                let groups: Vec<Value> = serde_json::from_str(&text).expect("suite files are JSON");
                for (index, group) in groups.iter().enumerate() {
                    let description = group["description"].as_str().unwrap_or_default();
                    let generated = GROUPS.iter().find(|g| {
                        g.draft == draft
                            && g.file == file_in_draft
                            && g.index == index
                            && g.description == description
                    });
                    for case in group["tests"].as_array().into_iter().flatten() {
                        let test = case["description"].as_str().unwrap_or_default();
                        let key = |path: &str| -> CaseKey {
                            (name.clone(), description.into(), test.into(), path.into())
                        };
                        let data = &case["data"];
                        let valid = case["valid"].as_bool();
                        for (path, outcome, tallies) in [
                            ("value", run_value(generated, data, valid), &mut value),
                            ("typed", run_typed(generated, data, valid), &mut typed),
                        ] {
                            let tally = tallies.entry(label).or_default();
                            tally.total += 1;
                            let key = key(path);
                            seen.push(key.clone());
                            match (outcome, expected.get(&key)) {
                                (Ok(()), None) => tally.passed += 1,
                                (Ok(()), Some(_)) => {
                                    tally.passed += 1;
                                    fixed.push(key);
                                }
                                (Err(why), None) => {
                                    unexpected.push(format!("{} ({why})", show(&key)))
                                }
                                (Err(_), Some(_)) => {}
                            }
                        }
                    }
                }
            }
        }

        let line = |path: &str, tallies: &BTreeMap<&str, Tally>| {
            let figure = |label: &str| {
                let t = tallies.get(label).copied().unwrap_or_default();
                format!("{}/{}", t.passed, t.total)
            };
            let draft = if n == 0 {
                String::new()
            } else {
                format!("{draft} ")
            };
            format!(
                "conformance {draft}{path} required: {} optional: {} format: {}",
                figure("required"),
                figure("optional"),
                figure("format")
            )
        };
        println!("{}", line("value", &value));
        println!("{}", line("typed", &typed));
    }

    let stale: Vec<String> = expected
        .keys()
        .filter(|key| !seen.contains(key))
        .map(show)
        .collect();
    let mut problems = Vec::new();
    if !unexpected.is_empty() {
        problems.push(format!(
            "{} unlisted failures:\n  {}",
            unexpected.len(),
            unexpected.join("\n  ")
        ));
    }
    if !fixed.is_empty() {
        let fixed: Vec<String> = fixed.iter().map(show).collect();
        problems.push(format!(
            "{} listed cases now pass; remove them from tests/conformance/expected_failures.txt:\n  {}",
            fixed.len(),
            fixed.join("\n  ")
        ));
    }
    if !stale.is_empty() {
        problems.push(format!(
            "{} listed cases do not exist in the suite:\n  {}",
            stale.len(),
            stale.join("\n  ")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether the value path gives the suite's verdict (with errors exactly when invalid).
fn run_value(group: Option<&Group>, data: &Value, valid: Option<bool>) -> Result<(), String> {
    let group = group.ok_or("no validator was generated for this group")?;
    let validate = group.validate.map_err(str::to_string)?;
    let valid = valid.ok_or("the case has no boolean \"valid\"")?;
    match (validate(data), valid) {
        (Ok(()), true) => Ok(()),
        (Err(errors), false) if !errors.is_empty() => Ok(()),
        (Err(errors), false) => Err(format!("invalid without errors: {errors:?}")),
        (Ok(()), false) => Err("accepted an invalid instance".into()),
        (Err(errors), true) => Err(format!("rejected a valid instance: {errors}")),
    }
}

/// Whether the typed path gives the suite's verdict: decoding into the generated root type must
/// fail, or `validate()` report errors, exactly when the instance is invalid.
fn run_typed(group: Option<&Group>, data: &Value, valid: Option<bool>) -> Result<(), String> {
    let group = group.ok_or("no types were generated for this group")?;
    let typed = group.typed.map_err(str::to_string)?;
    let valid = valid.ok_or("the case has no boolean \"valid\"")?;
    match (typed(data), valid) {
        (Ok(()), true) => Ok(()),
        (Err(errors), false) if !errors.is_empty() => Ok(()),
        (Err(_), false) => Err("invalid without errors".into()),
        (Ok(()), false) => Err("accepted an invalid instance".into()),
        (Err(errors), true) => Err(format!("rejected a valid instance: {errors}")),
    }
}

fn show(key: &CaseKey) -> String {
    format!("{} | {} | {} | {}", key.0, key.1, key.2, key.3)
}

/// The checked-in list: `<file> | <group> | <test> | <path> | <reason>` per line, `#` comments.
fn expected_failures() -> BTreeMap<CaseKey, String> {
    let path = tests::workspace_root().join("tests/conformance/expected_failures.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut list = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(5, " | ").collect();
        assert!(
            fields.len() == 5 && !fields[4].trim().is_empty(),
            "{}:{}: expected `<file> | <group> | <test> | <path> | <reason>`",
            path.display(),
            n + 1
        );
        let key = (
            fields[0].to_string(),
            fields[1].to_string(),
            fields[2].to_string(),
            fields[3].to_string(),
        );
        list.insert(key, fields[4].to_string());
    }
    list
}
