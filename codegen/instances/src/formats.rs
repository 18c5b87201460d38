//! Values for the formats of the runtime's format table (`codegen_runtime::formats::FORMATS`):
//! a generator of plain, unambiguous valid values for each string format, and values that are
//! clearly invalid. Which formats exist, and whether a value conforms, is the table's business.

use codegen_runtime::formats::{find, Applies};
use rand::Rng;
use serde_json::Value;

pub use codegen_runtime::formats::check;

/// Whether the table checks `name` on strings.
pub fn is_string_format(name: &str) -> bool {
    find(name).is_some_and(|f| f.applies_to == Applies::String)
}

/// Whether the table checks `name` on numbers.
pub fn is_number_format(name: &str) -> bool {
    find(name).is_some_and(|f| f.applies_to == Applies::Number)
}

const WORDS: &[&str] = &[
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "victor",
];

pub fn word<R: Rng>(rng: &mut R) -> &'static str {
    WORDS[rng.random_range(0..WORDS.len())]
}

fn host<R: Rng>(rng: &mut R) -> String {
    let tld = ["com", "org", "io", "dev"][rng.random_range(0..4)];
    if rng.random_bool(0.5) {
        format!("{}.{}", word(rng), tld)
    } else {
        format!("{}.{}.{}", word(rng), word(rng), tld)
    }
}

fn date<R: Rng>(rng: &mut R) -> String {
    let y = rng.random_range(1990..=2035);
    let m = rng.random_range(1..=12);
    let d = rng.random_range(1..=days_in_month(y, m));
    format!("{y:04}-{m:02}-{d:02}")
}

fn time<R: Rng>(rng: &mut R) -> String {
    let clock = format!(
        "{:02}:{:02}:{:02}",
        rng.random_range(0..24),
        rng.random_range(0..60),
        rng.random_range(0..60)
    );
    match rng.random_range(0..4) {
        0 => format!("{clock}.{:03}Z", rng.random_range(0..1000)),
        1 => format!(
            "{clock}{}{:02}:{:02}",
            if rng.random_bool(0.5) { '+' } else { '-' },
            rng.random_range(0..14),
            [0, 30, 45][rng.random_range(0..3)]
        ),
        _ => format!("{clock}Z"),
    }
}

/// A valid value for a string format, or `None` for a format this module does not generate.
pub fn generate<R: Rng>(format: &str, rng: &mut R) -> Option<String> {
    Some(match format {
        "date-time" => format!("{}T{}", date(rng), time(rng)),
        "date" => date(rng),
        "time" => time(rng),
        "duration" => match rng.random_range(0..3) {
            0 => format!("P{}D", rng.random_range(1..400)),
            1 => format!("PT{}H{}M", rng.random_range(0..24), rng.random_range(0..60)),
            _ => format!("P{}W", rng.random_range(1..52)),
        },
        "email" | "idn-email" => format!(
            "{}{}@{}",
            word(rng),
            if rng.random_bool(0.5) {
                format!(".{}", word(rng))
            } else {
                rng.random_range(0..100).to_string()
            },
            host(rng)
        ),
        "hostname" | "idn-hostname" => host(rng),
        "ipv4" => format!(
            "{}.{}.{}.{}",
            rng.random_range(1..=255),
            rng.random_range(0..=255),
            rng.random_range(0..=255),
            rng.random_range(0..=255)
        ),
        "ipv6" => {
            if rng.random_bool(0.5) {
                format!("2001:db8::{:x}", rng.random_range(1..0xffff))
            } else {
                (0..8)
                    .map(|_| format!("{:x}", rng.random_range(0..0x10000)))
                    .collect::<Vec<_>>()
                    .join(":")
            }
        }
        "uri" | "iri" => {
            let mut uri = format!("https://{}/{}", host(rng), word(rng));
            if rng.random_bool(0.3) {
                uri.push_str(&format!("?{}={}", word(rng), rng.random_range(0..1000)));
            }
            uri
        }
        "uri-reference" | "iri-reference" => {
            if rng.random_bool(0.5) {
                format!("https://{}/{}", host(rng), word(rng))
            } else {
                format!("/{}/{}", word(rng), rng.random_range(0..1000))
            }
        }
        "uri-template" => format!("https://{}/{}/{{id}}", host(rng), word(rng)),
        "uuid" => {
            let bits: u128 = rng.random();
            // Version 4, variant 1.
            let bits = (bits & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
            let hex = format!("{bits:032x}");
            format!(
                "{}-{}-{}-{}-{}",
                &hex[0..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..32]
            )
        }
        "json-pointer" => match rng.random_range(0..3) {
            0 => String::new(),
            1 => format!("/{}/{}", word(rng), rng.random_range(0..10)),
            _ => format!("/{}~1{}", word(rng), word(rng)),
        },
        "relative-json-pointer" => match rng.random_range(0..3) {
            0 => rng.random_range(0..5).to_string(),
            1 => format!("{}#", rng.random_range(0..5)),
            _ => format!("{}/{}", rng.random_range(0..5), word(rng)),
        },
        "regex" => ["^[a-z]+$", "[0-9]{2,4}", "^(ab|cd)*$"][rng.random_range(0..3)].to_string(),
        _ => return None,
    })
}

/// Values that violate a format (each checked by the caller before use).
pub fn invalid_examples(format: &str) -> Vec<Value> {
    let strings: &[&str] = match format {
        "date-time" => &[
            "2024-02-30T10:00:00Z",
            "2024-05-17 10:00",
            "not a date-time",
        ],
        "date" => &["2024-13-01", "17/05/2024", "not a date"],
        "time" => &["25:00:00Z", "10:00", "not a time"],
        "duration" => &["P", "3 days", "PT"],
        "email" | "idn-email" => &[
            "no-at-sign.example.com",
            "two@@example.com",
            "a b@example.com",
        ],
        "hostname" | "idn-hostname" => &[
            "-leading-dash.example.com",
            "under_score.example.com",
            "a..b",
        ],
        "ipv4" => &["256.1.1.1", "1.2.3", "01.2.3.4"],
        "ipv6" => &["12345::", "1:2:3", "::g"],
        "uri" | "iri" => &["relative/path", "not a uri", "http://exa mple.com"],
        "uri-reference" | "iri-reference" => &["has space", "a\\b", "%zz"],
        "uri-template" => &["has space", "%zz"],
        "uuid" => &[
            "1234-not-a-uuid",
            "0000000000000000000000000000000000000",
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
        ],
        "json-pointer" => &["a/b", "/a~2b", "~"],
        "relative-json-pointer" => &["-1", "01/a", "/a"],
        "regex" => &["[unclosed", "(", "a{2,1}"],
        "int32" => {
            return vec![
                Value::from(2_147_483_648_i64),
                Value::from(-2_147_483_649_i64),
            ];
        }
        "int64" => {
            return vec![
                Value::from(9_223_372_036_854_775_808_u64),
                Value::from(-1.0e19_f64),
            ];
        }
        "float" => return vec![Value::from(1.0e39_f64), Value::from(-1.0e39_f64)],
        _ => &[],
    };
    strings.iter().map(|s| Value::from(*s)).collect()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen_runtime::formats::FORMATS;
    use rand::SeedableRng;
    use serde_json::json;

    #[test]
    fn generated_values_pass_and_invalid_examples_fail() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let strings = FORMATS.iter().filter(|f| f.applies_to == Applies::String);
        for format in strings.map(|f| f.name) {
            for _ in 0..50 {
                let s = generate(format, &mut rng).expect("every string format generates");
                assert_eq!(check(format, &json!(s)), Some(true), "{format}: {s}");
            }
            let bad = invalid_examples(format);
            assert!(!bad.is_empty(), "{format} has invalid examples");
            for value in bad {
                assert_eq!(check(format, &value), Some(false), "{format}: {value}");
            }
        }
        for format in ["int32", "int64", "float"] {
            for value in invalid_examples(format) {
                assert_eq!(check(format, &value), Some(false), "{format}: {value}");
            }
        }
    }

    #[test]
    fn checks_follow_the_rfcs() {
        assert_eq!(
            check("date-time", &json!("2024-02-29T22:59:60Z")),
            Some(false)
        );
        assert_eq!(
            check("date-time", &json!("2024-12-31T23:59:60Z")),
            Some(true)
        );
        assert_eq!(
            check("date-time", &json!("2024-12-31T22:59:60-01:00")),
            Some(true)
        );
        assert_eq!(check("date", &json!("2023-02-29")), Some(false));
        assert_eq!(check("date", &json!("2024-02-29")), Some(true));
        assert_eq!(check("int32", &json!(2_147_483_647)), Some(true));
        assert_eq!(check("int32", &json!(1.5)), Some(false));
        assert_eq!(check("int32", &json!("not a number")), Some(true));
        assert_eq!(check("email", &json!(42)), Some(true));
        assert_eq!(check("custom-format", &json!("x")), None);
        assert_eq!(check("ipv4", &json!("127.0.0.1")), Some(true));
        assert_eq!(check("relative-json-pointer", &json!("0#")), Some(true));
    }
}
