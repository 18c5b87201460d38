//! Identifiers read off the text of generated code: printing a token stream reads it in place,
//! while walking its tokens copies every nested stream. [`super::references`] finds the items an
//! item names, and the calls it makes, this way; the guard pass the variables a body reads.

/// An identifier of the code, with the characters printed right before and after it (spaces
/// skipped).
#[derive(Clone, Copy)]
pub(super) struct Word<'a> {
    pub text: &'a str,
    pub before: Option<u8>,
    pub after: Option<u8>,
}

impl Word<'_> {
    /// Whether the identifier is called (`name(...)`) directly: not as the body of a closure
    /// (`|cx| name(...)`) nor at the end of a path (`rt::name(...)`).
    pub fn is_call(&self) -> bool {
        self.after == Some(b'(') && !matches!(self.before, Some(b'|' | b':'))
    }
}

/// Calls `word` with each identifier of `code` (Rust code as tokens print), but those inside
/// literals, numbers, and the names a `fn`, `static` or `const` defines.
pub(super) fn words(code: &str, mut word: impl FnMut(Word)) {
    let b = code.as_bytes();
    let is_word = |c: u8| c == b'_' || c.is_ascii_alphanumeric() || !c.is_ascii();
    let mut i = 0;
    let mut defining = false;
    while i < b.len() {
        let c = b[i];
        if is_word(c) {
            let start = i;
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            let w = &code[start..i];
            // `r"..."`, `r#"..."#` (not a raw identifier, `r#type`).
            let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
            let raw = matches!(w, "r" | "br") && b.get(i + hashes) == Some(&b'"');
            if raw {
                // Up to the quote and as many `#`.
                let close: Vec<u8> = std::iter::once(b'"').chain(vec![b'#'; hashes]).collect();
                let body = i + hashes + 1;
                i = b[body.min(b.len())..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |at| body + at + close.len());
            } else if !c.is_ascii_digit() && !defining {
                let printed = |c: &&u8| !c.is_ascii_whitespace();
                word(Word {
                    text: w,
                    before: b[..start].iter().rev().find(printed).copied(),
                    after: b[i..].iter().find(printed).copied(),
                });
            }
            defining = matches!(w, "fn" | "static" | "const");
            continue;
        }
        defining &= c == b' ';
        i += match c {
            // A string (a byte string's `b` was read as a word): to the closing quote.
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                j + 1 - i
            }
            // A char literal (`'x'`, `'\n'`), or a lifetime or label (`'body`: the quote only).
            b'\'' => {
                let next = code[i + 1..].chars().next().map_or(0, char::len_utf8);
                if b.get(i + 1) == Some(&b'\\') {
                    2 + b[i + 2..]
                        .iter()
                        .skip(1)
                        .position(|&c| c == b'\'')
                        .map_or(b.len(), |p| p + 2)
                } else if b.get(i + 1 + next) == Some(&b'\'') {
                    next + 2
                } else {
                    1
                }
            }
            _ => 1,
        };
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn names_are_read_outside_literals_and_definitions() {
        let code = quote! {
            static O1: rt::Object = rt::object_table!([(0, "s2 in a string \" s3", s4)], []);
            fn s5(inst: &Value) -> bool {
                let c = '\'';
                'body: { if c == 's' { break 'body s6(inst) } }
                let f = |x| rt::s12(x) || s13(x);
                let raw = r#"s7 "quoted" s8"#;
                let r#type = s14(v.r#type);
                s9(inst, 12s10) && matches!(b"s11", _)
            }
        };
        let mut seen = Vec::new();
        words(&code.to_string(), |w| {
            let name = w.text;
            if name.starts_with('s') && name[1..].bytes().all(|c| c.is_ascii_digit()) {
                seen.push((name.to_string(), w.is_call()));
            }
        });
        let seen: Vec<(&str, bool)> = seen.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        assert_eq!(
            seen,
            [
                ("s4", false),
                ("s6", true),
                ("s12", false),
                ("s13", false),
                ("s14", true),
                ("s9", true)
            ]
        );
    }
}
