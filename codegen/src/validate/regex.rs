//! Choosing a regex engine for an ECMA-262 `pattern`.
//!
//! JSON Schema patterns are ECMA-262 regular expressions (read with the `u` flag). Most translate
//! faithfully into the `regex` crate's syntax, whose matching is linear in the input; the
//! translation spells out where ECMA-262 differs (`\d`, `\w`, `\s`, `\b` are ASCII or ECMA-specific
//! sets, `.` excludes all four line terminators, `[`/`&`/`~`/`-` are plain inside classes).
//! Patterns that need backtracking features (look-around, back-references) cannot be expressed in
//! the linear engine; they fall back to `regress`, which implements ECMA-262 exactly but
//! backtracks, so a hostile input can take super-linear time on such a pattern.

/// The engine a pattern compiles to, with the source to give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Engine {
    /// `regex` crate syntax (linear time).
    Linear(String),
    /// The original pattern for `regress`, with its flags (`"u"`, or `""` for patterns only valid
    /// under ECMA-262's Annex B web-compatibility grammar).
    Backtracking(String, &'static str),
}

/// Picks the engine for `pattern`, or explains why it is not a valid ECMA-262 regex.
pub fn compile(pattern: &str) -> Result<Engine, String> {
    if let Some(translated) = translate(pattern) {
        if regex_syntax::Parser::new().parse(&translated).is_ok() {
            return Ok(Engine::Linear(translated));
        }
    }
    match regress::Regex::with_flags(pattern, "u") {
        Ok(_) => Ok(Engine::Backtracking(pattern.to_string(), "u")),
        Err(unicode_error) => match regress::Regex::with_flags(pattern, "") {
            Ok(_) => Ok(Engine::Backtracking(pattern.to_string(), "")),
            Err(_) => Err(unicode_error.to_string()),
        },
    }
}

/// ECMA-262 white space and line terminators (`\s`).
const SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const WORD: &str = "0-9A-Za-z_";
const DIGIT: &str = "0-9";

/// Rewrites an ECMA-262 pattern in `regex` syntax; `None` when it uses something the linear
/// engine cannot do (or that this translation does not know, to stay faithful).
pub fn translate(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let (text, used) = escape(&chars[i..], in_class)?;
                out.push_str(&text);
                i += used;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // `[]` and `[^]` mean "nothing" and "anything" in ECMA-262; regex rejects them.
                if chars.get(i) == Some(&']') {
                    return None;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            // Set operators and nested classes in regex syntax, plain characters in ECMA-262.
            '[' | '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '-' if in_class && chars.get(i) == Some(&'-') => return None,
            '.' if !in_class => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '(' if !in_class && chars.get(i) == Some(&'?') => {
                let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
                if rest.starts_with("?:") {
                    out.push_str("(?:");
                    i += 2;
                } else if rest.starts_with("?<")
                    && !rest.starts_with("?<=")
                    && !rest.starts_with("?<!")
                {
                    out.push_str("(?P<");
                    i += 2;
                } else {
                    // Look-around (or an inline flag, which ECMA-262 does not have).
                    return None;
                }
            }
            // Whitespace and `#` are literal in both; escape what regex could read differently.
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Translates the escape after a backslash; returns the text and how many characters it used.
fn escape(rest: &[char], in_class: bool) -> Option<(String, usize)> {
    let c = *rest.first()?;
    let class = |negated: bool, set: &str| {
        if negated {
            format!("[^{set}]")
        } else if in_class {
            set.to_string()
        } else {
            format!("[{set}]")
        }
    };
    let text = match c {
        'd' => class(false, DIGIT),
        'D' => class(true, DIGIT),
        'w' => class(false, WORD),
        'W' => class(true, WORD),
        's' => class(false, SPACE),
        'S' => class(true, SPACE),
        'b' if in_class => r"\x{8}".to_string(),
        'b' => r"(?-u:\b)".to_string(),
        'B' if !in_class => r"(?-u:\B)".to_string(),
        't' | 'n' | 'r' | 'f' | 'v' => format!("\\{c}"),
        '0' if !rest.get(1).is_some_and(char::is_ascii_digit) => r"\x{0}".to_string(),
        'c' => {
            let letter = rest.get(1).filter(|l| l.is_ascii_alphabetic())?;
            return Some((format!("\\x{{{:X}}}", (*letter as u32) % 32), 2));
        }
        'x' => {
            let hex: String = rest.get(1..3)?.iter().collect();
            u32::from_str_radix(&hex, 16).ok()?;
            return Some((format!("\\x{{{hex}}}"), 3));
        }
        'u' => return unicode_escape(rest),
        'p' | 'P' => {
            let end = rest.iter().position(|&ch| ch == '}')?;
            let body: String = rest[1..=end].iter().collect();
            if !body.starts_with('{') {
                return None;
            }
            return Some((format!("\\{c}{body}"), end + 1));
        }
        // Identity escapes of syntax characters (and `/`, `-` in classes) stand for themselves.
        c if "^$\\.*+?()[]{}|/".contains(c) || (in_class && c == '-') => {
            format!("\\x{{{:X}}}", c as u32)
        }
        // Back-references (`\1`, `\k<name>`) and anything unknown: not for the linear engine.
        _ => return None,
    };
    Some((text, 1))
}

/// `\uXXXX` (a surrogate pair of two of them is one code point) and `\u{X...}`.
fn unicode_escape(rest: &[char]) -> Option<(String, usize)> {
    if rest.get(1) == Some(&'{') {
        let end = rest.iter().position(|&ch| ch == '}')?;
        let hex: String = rest[2..end].iter().collect();
        let code = u32::from_str_radix(&hex, 16).ok()?;
        char::from_u32(code)?;
        return Some((format!("\\x{{{code:X}}}"), end + 1));
    }
    let hex4 = |from: usize| -> Option<u32> {
        let hex: String = rest.get(from..from + 4)?.iter().collect();
        if hex.len() != 4 {
            return None;
        }
        u32::from_str_radix(&hex, 16).ok()
    };
    let high = hex4(1)?;
    if (0xD800..0xDC00).contains(&high) && rest.get(5) == Some(&'\\') && rest.get(6) == Some(&'u') {
        if let Some(low) = hex4(7).filter(|low| (0xDC00..0xE000).contains(low)) {
            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            return Some((format!("\\x{{{code:X}}}"), 11));
        }
    }
    // A lone surrogate cannot occur in a Rust string: it matches nothing, which regex cannot say.
    char::from_u32(high)?;
    Some((format!("\\x{{{high:X}}}"), 5))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_linear(pattern: &str) -> bool {
        matches!(compile(pattern), Ok(Engine::Linear(_)))
    }

    #[test]
    fn ecma_classes_are_ascii() {
        assert_eq!(translate(r"^\d+$").unwrap(), "^[0-9]+$");
        assert_eq!(translate(r"[\w-]").unwrap(), "[0-9A-Za-z_-]");
        assert_eq!(translate(r"[^\D]").unwrap(), "[^[^0-9]]");
        assert!(is_linear(r"^\s*\S$"));
    }

    #[test]
    fn backtracking_features_fall_back() {
        assert!(matches!(
            compile(r"(a)\1").unwrap(),
            Engine::Backtracking(..)
        ));
        assert!(matches!(
            compile(r"a(?=b)").unwrap(),
            Engine::Backtracking(..)
        ));
        assert!(matches!(compile(r"[]").unwrap(), Engine::Backtracking(..)));
        assert!(compile(r"(").is_err());
    }

    #[test]
    fn escapes_translate() {
        assert_eq!(translate(r"\cC").unwrap(), r"\x{3}");
        assert_eq!(translate(r"\uD83D\uDE00").unwrap(), r"\x{1F600}");
        assert_eq!(translate(r"\u{1F600}").unwrap(), r"\x{1F600}");
        assert_eq!(translate(r"a.b").unwrap(), r"a[^\n\r\x{2028}\x{2029}]b");
        assert_eq!(translate(r"(?<year>\d)").unwrap(), r"(?P<year>[0-9])");
        assert_eq!(translate(r"\p{Letter}").unwrap(), r"\p{Letter}");
        assert!(is_linear(r"\bx"));
    }
}
