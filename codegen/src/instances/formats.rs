//! The `format` values the generator knows: a check for each (format assertion is on), a generator
//! of plain, unambiguous valid values, and values that are clearly invalid.
//!
//! Besides the formats of draft 2020-12, OpenAPI's number formats are asserted: `int32` and `int64`
//! mean an integer in that range, `float` a number within `f32` range; `double` accepts any number.

use std::net::Ipv6Addr;
use std::str::FromStr;
use std::sync::OnceLock;

use rand::Rng;
use serde_json::Value;

/// Formats that constrain strings.
const STRING_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "uuid",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Formats that constrain numbers.
const NUMBER_FORMATS: &[&str] = &["int32", "int64", "float", "double"];

pub fn is_string_format(name: &str) -> bool {
    STRING_FORMATS.contains(&name)
}

pub fn is_number_format(name: &str) -> bool {
    NUMBER_FORMATS.contains(&name)
}

/// Whether `value` satisfies `format`; `None` for a format this module does not know, which is
/// then only an annotation.
pub fn check(format: &str, value: &Value) -> Option<bool> {
    if is_number_format(format) {
        let Value::Number(n) = value else {
            return Some(true);
        };
        return Some(match format {
            "int32" => match n.as_i64() {
                Some(i) => i32::try_from(i).is_ok(),
                None => n.as_f64().is_some_and(|f| {
                    f.fract() == 0.0 && f >= i32::MIN as f64 && f <= i32::MAX as f64
                }),
            },
            "int64" => {
                n.is_i64()
                    || n.as_f64().is_some_and(|f| {
                        // 2^63 is the first f64 above i64::MAX.
                        f.fract() == 0.0 && f >= i64::MIN as f64 && f < 9_223_372_036_854_775_808.0
                    })
            }
            "float" => n.as_f64().is_some_and(|f| f.abs() <= f32::MAX as f64),
            _ => true,
        });
    }
    if !is_string_format(format) {
        return None;
    }
    let Value::String(s) = value else {
        return Some(true);
    };
    Some(check_string(format, s))
}

fn check_string(format: &str, s: &str) -> bool {
    match format {
        "date-time" => is_date_time(s),
        "date" => is_date(s),
        "time" => is_time(s),
        "duration" => duration_regex().find(s).is_some(),
        "email" | "idn-email" => is_email(s, format == "idn-email"),
        "hostname" => is_hostname(s, false),
        "idn-hostname" => is_hostname(s, true),
        "ipv4" => is_ipv4(s),
        "ipv6" => !s.contains('%') && Ipv6Addr::from_str(s).is_ok(),
        "uri" => is_uri(s, false),
        "iri" => is_uri(s, true),
        "uri-reference" => uri_chars_ok(s, false, false),
        "iri-reference" => uri_chars_ok(s, true, false),
        "uri-template" => uri_chars_ok(s, false, true),
        "uuid" => is_uuid(s),
        "json-pointer" => is_json_pointer(s),
        "relative-json-pointer" => is_relative_json_pointer(s),
        "regex" => super::patterns::compile_ecma(s).is_ok(),
        _ => true,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
    else {
        return false;
    };
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// RFC 3339 `full-time`: `HH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`; a leap second only at 23:59 UTC.
fn is_time(s: &str) -> bool {
    if !s.is_ascii() || s.len() < 9 {
        return false;
    }
    let b = s.as_bytes();
    if b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (digits(&s[0..2]), digits(&s[3..5]), digits(&s[6..8]))
    else {
        return false;
    };
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let offset_minutes: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || !(rb[0] == b'+' || rb[0] == b'-') || rb[3] != b':' {
                return false;
            }
            let (Some(oh), Some(om)) = (digits(&rest[1..3]), digits(&rest[4..6])) else {
                return false;
            };
            if oh > 23 || om > 59 {
                return false;
            }
            let minutes = i64::from(oh * 60 + om);
            if rb[0] == b'+' {
                minutes
            } else {
                -minutes
            }
        }
    };
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    if sec == 60 {
        let utc = (i64::from(h * 60 + m) - offset_minutes).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

fn is_date_time(s: &str) -> bool {
    s.len() > 11
        && s.is_char_boundary(10)
        && s.is_char_boundary(11)
        && matches!(&s[10..11], "T" | "t")
        && is_date(&s[..10])
        && is_time(&s[11..])
}

fn duration_regex() -> &'static regress::Regex {
    static RE: OnceLock<regress::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let time = r"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)";
        let date = r"(?:\d+Y(?:\d+M(?:\d+D)?)?|\d+M(?:\d+D)?|\d+D)";
        regress::Regex::new(&format!(r"^P(?:\d+W|{date}(?:{time})?|{time})$"))
            .expect("the duration grammar is a valid regex")
    })
}

fn is_email(s: &str, international: bool) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let atom_char = |c: char| {
        c.is_ascii_alphanumeric()
            || "!#$%&'*+/=?^_`{|}~-".contains(c)
            || (international && !c.is_ascii())
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atom_char));
    if !local_ok {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.strip_prefix("IPv6:") {
            Some(v6) => Ipv6Addr::from_str(v6).is_ok(),
            None => is_ipv4(literal),
        };
    }
    is_hostname(domain, international)
}

fn is_hostname(s: &str, international: bool) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| {
                    c.is_ascii_alphanumeric() || c == '-' || (international && c.is_alphanumeric())
                })
        })
}

fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            p.len() <= 3
                && (p.len() == 1 || !p.starts_with('0'))
                && digits(p).is_some_and(|n| n <= 255)
        })
}

/// RFC 3986 characters only (non-ASCII too for IRIs), with `%` always followed by two hex digits.
fn uri_chars_ok(s: &str, international: bool, template: bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    for (at, c) in s.char_indices() {
        if at < i {
            continue;
        }
        let ok = match c {
            '%' => {
                let hex = |k: usize| b.get(k).is_some_and(|x| x.is_ascii_hexdigit());
                if !(hex(at + 1) && hex(at + 2)) {
                    return false;
                }
                i = at + 3;
                true
            }
            c if c.is_ascii_alphanumeric() => true,
            '-' | '.' | '_' | '~' | ':' | '/' | '?' | '#' | '[' | ']' | '@' | '!' | '$' | '&'
            | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '=' => true,
            '{' | '}' => template,
            c => international && !c.is_ascii() && !c.is_whitespace() && !c.is_control(),
        };
        if !ok {
            return false;
        }
    }
    true
}

fn is_uri(s: &str, international: bool) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    scheme_ok && uri_chars_ok(s, international, false) && url::Url::parse(s).is_ok()
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_json_pointer(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if !s.starts_with('/') {
        return false;
    }
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, &c)| c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

fn is_relative_json_pointer(s: &str) -> bool {
    let n = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || (n > 1 && s.starts_with('0')) {
        return false;
    }
    let rest = &s[n..];
    rest == "#" || is_json_pointer(rest)
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use serde_json::json;

    #[test]
    fn generated_values_pass_and_invalid_examples_fail() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for format in STRING_FORMATS {
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
