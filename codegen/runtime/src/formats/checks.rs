//! The checks of the `format` values (see [`super::FORMATS`]). Each takes the string or number
//! and says whether it conforms.

use ::std::sync::LazyLock;

use ::serde_json::Number;

macro_rules! abnf {
    ($name:ident, $pattern:expr) => {
        static $name: LazyLock<Option<::regex::Regex>> =
            LazyLock::new(|| ::regex::Regex::new($pattern).ok());
    };
}

// RFC 3339 Appendix A (ISO 8601 durations), transcribed from its ABNF.
abnf!(
    DURATION,
    r"^P(?:(?:[0-9]+D|[0-9]+M(?:[0-9]+D)?|[0-9]+Y(?:[0-9]+M(?:[0-9]+D)?)?)(?:T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S))?|T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)|[0-9]+W)$"
);
// RFC 6901 and draft-handrews-relative-json-pointer-01.
abnf!(JSON_POINTER, r"^(?:/(?:[^/~]|~[01])*)*$");
abnf!(
    RELATIVE_JSON_POINTER,
    r"^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^/~]|~[01])*)*)$"
);
// RFC 3339 date-time shapes; chrono checks the calendar and clock values.
abnf!(FULL_DATE, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
abnf!(
    FULL_TIME,
    r"^[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[zZ]|[+-][0-9]{2}:[0-9]{2})$"
);
// RFC 1123 host names: letters, digits and hyphens, no hyphen at either end of a label.
abnf!(
    HOSTNAME_LABEL,
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
);

fn matches(regex: &LazyLock<Option<::regex::Regex>>, s: &str) -> bool {
    regex.as_ref().is_some_and(|r| r.is_match(s))
}

/// RFC 3339 `full-date`: `2024-02-29`, a real calendar day.
pub fn date(s: &str) -> bool {
    matches(&FULL_DATE, s) && ::chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// `full-time`; a leap second (`:60`) only at 23:59 UTC.
pub fn time(s: &str) -> bool {
    if !matches(&FULL_TIME, s) {
        return false;
    }
    date_time_checked(&::std::format!("2016-12-31T{s}"))
}

/// RFC 3339 `date-time`: `2024-02-29T10:30:00Z`, with a real date, clock and offset.
pub fn date_time(s: &str) -> bool {
    let Some((date_part, time_part)) = s.split_once(['T', 't']) else {
        return false;
    };
    date(date_part) && matches(&FULL_TIME, time_part) && date_time_checked(s)
}

fn date_time_checked(s: &str) -> bool {
    let Ok(parsed) = ::chrono::DateTime::parse_from_rfc3339(s) else {
        return false;
    };
    let seconds = s
        .split_once(['T', 't'])
        .and_then(|(_, t)| t.get(6..8))
        .unwrap_or("");
    if seconds == "60" {
        use ::chrono::Timelike;
        let utc = parsed.naive_utc();
        return utc.hour() == 23 && utc.minute() == 59;
    }
    true
}

/// ISO 8601 duration as RFC 3339 Appendix A writes it: `P3DT4H`, `P2W`.
pub fn duration(s: &str) -> bool {
    matches(&DURATION, s)
}

/// RFC 5321 mailbox in ASCII: `user@example.com`.
pub fn email(s: &str) -> bool {
    s.is_ascii() && email_address(s, false)
}

/// RFC 6531 mailbox: like `email`, with Unicode local part and domain.
pub fn idn_email(s: &str) -> bool {
    email_address(s, true)
}

/// RFC 5321 mailbox: `email_address` checks the local part; the domain must be a host name
/// (an IDN one for `idn-email`) or an address literal holding a valid IP address.
fn email_address(s: &str, idn: bool) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => match literal.strip_prefix("IPv6:") {
            Some(v6) => v6.parse::<::std::net::Ipv6Addr>().is_ok(),
            None => ipv4(literal),
        },
        None if idn => idn_hostname(domain),
        None => hostname(domain),
    };
    domain_ok && ::email_address::EmailAddress::is_valid(&::std::format!("{local}@example.com"))
}

/// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
pub fn hostname(s: &str) -> bool {
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    s.split('.').all(|label| matches(&HOSTNAME_LABEL, label)) && idn_labels_ok(s)
}

/// A-labels (`xn--...`) must decode to valid IDNA labels.
fn idn_labels_ok(name: &str) -> bool {
    if !name
        .split('.')
        .any(|l| l.get(2..4).is_some_and(|h| h == "--"))
    {
        return true;
    }
    idn_hostname(name)
}

/// IDNA2008 host names: `idna` applies UTS 46 (mapping, bidi, joiners, hyphens, lengths);
/// the CONTEXTO rules and DISALLOWED exceptions of RFC 5892, which UTS 46 leaves out, are
/// checked on the decoded labels.
pub fn idn_hostname(s: &str) -> bool {
    use ::idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
    if s.is_empty() {
        return false;
    }
    let ascii = match Uts46::new().to_ascii(
        s.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::Check,
        DnsLength::Verify,
    ) {
        Ok(ascii) => ascii,
        Err(_) => return false,
    };
    if ascii.is_empty() || ascii.len() > 253 {
        return false;
    }
    let (unicode, result) = ::idna::domain_to_unicode(&ascii);
    result.is_ok() && unicode.split('.').all(context_rules_hold)
}

/// RFC 5892 Appendix A (CONTEXTO) and section 2.6 (exceptions that are DISALLOWED).
fn context_rules_hold(label: &str) -> bool {
    let chars: ::std::vec::Vec<char> = label.chars().collect();
    let in_ranges =
        |c: char, ranges: &[(char, char)]| ranges.iter().any(|&(a, b)| a <= c && c <= b);
    let greek = |c: char| in_ranges(c, &[('\u{0370}', '\u{03FF}'), ('\u{1F00}', '\u{1FFF}')]);
    let hebrew = |c: char| in_ranges(c, &[('\u{0591}', '\u{05F4}'), ('\u{FB1D}', '\u{FB4F}')]);
    let japanese = |c: char| {
        c != '\u{30FB}'
            && in_ranges(
                c,
                &[
                    ('\u{3040}', '\u{309F}'),
                    ('\u{30A0}', '\u{30FF}'),
                    ('\u{31F0}', '\u{31FF}'),
                    ('\u{3400}', '\u{4DBF}'),
                    ('\u{4E00}', '\u{9FFF}'),
                    ('\u{F900}', '\u{FAFF}'),
                    ('\u{20000}', '\u{3134F}'),
                ],
            )
    };
    let arabic_indic = |c: &char| ('\u{0660}'..='\u{0669}').contains(c);
    let extended_arabic_indic = |c: &char| ('\u{06F0}'..='\u{06F9}').contains(c);
    chars.iter().enumerate().all(|(i, &c)| {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            '\u{00B7}' => prev == Some('l') && next == Some('l'),
            '\u{0375}' => next.is_some_and(greek),
            '\u{05F3}' | '\u{05F4}' => prev.is_some_and(hebrew),
            '\u{30FB}' => chars.iter().any(|&d| japanese(d)),
            '\u{0660}'..='\u{0669}' => !chars.iter().any(extended_arabic_indic),
            '\u{06F0}'..='\u{06F9}' => !chars.iter().any(arabic_indic),
            '\u{0640}'
            | '\u{07FA}'
            | '\u{302E}'
            | '\u{302F}'
            | '\u{3031}'..='\u{3035}'
            | '\u{303B}' => false,
            _ => true,
        }
    })
}

/// Dotted-quad IPv4 address, no leading zeros: `192.0.2.1`.
pub fn ipv4(s: &str) -> bool {
    s.parse::<::std::net::Ipv4Addr>().is_ok()
}

/// RFC 4291 IPv6 address: `2001:db8::1`.
pub fn ipv6(s: &str) -> bool {
    s.parse::<::std::net::Ipv6Addr>().is_ok()
}

/// RFC 3986 absolute URI: `https://example.com/a?b#c`.
pub fn uri(s: &str) -> bool {
    ::iri_string::types::UriStr::new(s).is_ok()
}

/// RFC 3986 URI reference: a URI or a relative reference.
pub fn uri_reference(s: &str) -> bool {
    ::iri_string::types::UriReferenceStr::new(s).is_ok()
}

/// RFC 3987 absolute IRI (a URI that may hold Unicode).
pub fn iri(s: &str) -> bool {
    ::iri_string::types::IriStr::new(s).is_ok()
}

/// RFC 3987 IRI reference.
pub fn iri_reference(s: &str) -> bool {
    ::iri_string::types::IriReferenceStr::new(s).is_ok()
}

/// RFC 6570 URI template: `https://example.com/{id}`.
pub fn uri_template(s: &str) -> bool {
    ::iri_string::template::UriTemplateStr::new(s).is_ok()
}

/// RFC 4122 UUID in its hyphenated form: `123e4567-e89b-12d3-a456-426614174000`.
pub fn uuid(s: &str) -> bool {
    // Only the hyphenated form (RFC 4122 `UUID` production), not braced, URN or simple forms.
    s.len() == 36 && ::uuid::Uuid::try_parse(s).is_ok()
}

/// RFC 6901 JSON Pointer: `/a/b~1c`.
pub fn json_pointer(s: &str) -> bool {
    matches(&JSON_POINTER, s)
}

/// Relative JSON Pointer: `0/a`, `1#`.
pub fn relative_json_pointer(s: &str) -> bool {
    matches(&RELATIVE_JSON_POINTER, s)
}

/// An ECMA-262 regular expression (with the `u` flag, as JSON Schema patterns are read).
pub fn regex(s: &str) -> bool {
    ::regress::Regex::with_flags(s, "u").is_ok()
}

/// OpenAPI `int32`: an integer that fits in 32 bits.
pub fn int32(n: &Number) -> bool {
    integer_in(n, i32::MIN as f64, i32::MAX as f64)
}

/// OpenAPI `int64`: an integer that fits in 64 bits.
pub fn int64(n: &Number) -> bool {
    n.is_i64() || integer_in(n, i64::MIN as f64, 9.223_372_036_854_775e18)
}

fn integer_in(n: &Number, min: f64, max: f64) -> bool {
    if let Some(i) = n.as_i64() {
        return (min..=max).contains(&(i as f64));
    }
    if n.is_u64() {
        return false;
    }
    n.as_f64()
        .is_some_and(|f| f.fract() == 0.0 && f >= min && f <= max)
}

/// OpenAPI `float`: a number within single precision's range.
pub fn float(n: &Number) -> bool {
    n.as_f64().is_some_and(|f| f.abs() <= f32::MAX as f64)
}

/// OpenAPI `double`: any JSON number serde_json could read.
pub fn double(n: &Number) -> bool {
    n.as_f64().is_some_and(f64::is_finite)
}
