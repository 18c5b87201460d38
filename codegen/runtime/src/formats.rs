//! The `format` values validators check: one table, read by the code generator (which formats
//! exist and which function checks each), by the checks below, and by tools that generate test
//! instances.
//!
//! Besides the formats of JSON Schema 2020-12, OpenAPI's number formats are checked: `int32` and
//! `int64` mean an integer in that range, `float` a number within `f32` range, `double` any
//! finite number. A format not in the table is only an annotation: every value passes.

#[cfg(feature = "formats")]
mod checks;

#[cfg(feature = "formats")]
pub use checks::*;

#[cfg(feature = "formats")]
use serde_json::{Number, Value};

/// The instances a format constrains; instances of other JSON types always pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Applies {
    /// Strings.
    String,
    /// Numbers.
    Number,
}

/// One checked format.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Format {
    /// The `format` value, e.g. `date-time`.
    pub name: &'static str,
    /// What it constrains.
    pub applies_to: Applies,
    /// The function of this module that checks it (`date_time` for `date-time`), by which
    /// generated validators call it.
    pub function: &'static str,
    /// The check itself.
    #[cfg(feature = "formats")]
    pub check: Check,
}

/// A format check: of a string or of a number.
#[cfg(feature = "formats")]
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Check {
    /// Checks a string.
    String(fn(&str) -> bool),
    /// Checks a number.
    Number(fn(&Number) -> bool),
}

macro_rules! formats {
    ($($name:literal => $function:ident: $applies:ident,)*) => {
        /// Every checked format, in the order JSON Schema 2020-12 lists them, then OpenAPI's.
        pub const FORMATS: &[Format] = &[
            $(Format {
                name: $name,
                applies_to: Applies::$applies,
                function: stringify!($function),
                #[cfg(feature = "formats")]
                check: Check::$applies($function),
            },)*
        ];
    };
}

formats! {
    "date-time" => date_time: String,
    "date" => date: String,
    "time" => time: String,
    "duration" => duration: String,
    "email" => email: String,
    "idn-email" => idn_email: String,
    "hostname" => hostname: String,
    "idn-hostname" => idn_hostname: String,
    "ipv4" => ipv4: String,
    "ipv6" => ipv6: String,
    "uri" => uri: String,
    "uri-reference" => uri_reference: String,
    "iri" => iri: String,
    "iri-reference" => iri_reference: String,
    "uri-template" => uri_template: String,
    "uuid" => uuid: String,
    "json-pointer" => json_pointer: String,
    "relative-json-pointer" => relative_json_pointer: String,
    "regex" => regex: String,
    "int32" => int32: Number,
    "int64" => int64: Number,
    "float" => float: Number,
    "double" => double: Number,
}

/// The table's entry for `name`, if that format is checked.
pub fn find(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|format| format.name == name)
}

/// Whether `value` passes `format`: `None` for a format the table does not hold (an annotation
/// only), `Some(true)` for an instance of a type the format does not constrain.
#[cfg(feature = "formats")]
pub fn check(format: &str, value: &Value) -> Option<bool> {
    let format = find(format)?;
    Some(match (format.check, value) {
        (Check::String(check), Value::String(s)) => check(s),
        (Check::Number(check), Value::Number(n)) => check(n),
        _ => true,
    })
}

#[cfg(all(test, feature = "formats"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_table_agrees_with_its_checks() {
        for format in FORMATS {
            let applies = match format.check {
                Check::String(_) => Applies::String,
                Check::Number(_) => Applies::Number,
            };
            assert_eq!(applies, format.applies_to, "{}", format.name);
        }
    }

    #[test]
    fn formats_apply_to_their_type_only() {
        assert_eq!(check("date", &json!("2024-02-29")), Some(true));
        assert_eq!(check("date", &json!("2023-02-29")), Some(false));
        assert_eq!(check("date", &json!(12)), Some(true));
        assert_eq!(check("int32", &json!(2_147_483_648_i64)), Some(false));
        assert_eq!(check("int32", &json!("2147483648")), Some(true));
        assert_eq!(check("no-such-format", &json!("x")), None);
    }
}
