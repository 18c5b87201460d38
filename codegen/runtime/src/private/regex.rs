//! The two pattern engines: the linear-time `regex` crate for patterns that translate faithfully
//! from ECMA-262 (feature `patterns`), the backtracking `regress` for the rest (feature
//! `ecma262`).

/// A compiled `pattern` or `patternProperties` key.
pub enum Regex {
    /// Translated into the `regex` crate's syntax: matching takes time linear in the input.
    Linear(::regex::Regex),
    /// Look-around or back-references: ECMA-262 semantics, backtracking.
    #[cfg(feature = "ecma262")]
    Backtracking(::regress::Regex),
    /// The pattern failed to compile at run time: nothing matches.
    Invalid,
}

impl Regex {
    /// `translated` in `regex` syntax; `original` (ECMA-262) if `regex` refuses it after all
    /// (without the `ecma262` feature nothing then matches).
    pub fn linear(translated: &str, original: &str) -> Self {
        match ::regex::Regex::new(translated) {
            Ok(regex) => Regex::Linear(regex),
            #[cfg(feature = "ecma262")]
            Err(_) => Regex::backtracking(original, "u"),
            #[cfg(not(feature = "ecma262"))]
            Err(_) => {
                let _ = original;
                Regex::Invalid
            }
        }
    }

    /// An ECMA-262 pattern with its flags.
    #[cfg(feature = "ecma262")]
    pub fn backtracking(pattern: &str, flags: &str) -> Self {
        ::regress::Regex::with_flags(pattern, flags).map_or(Regex::Invalid, Regex::Backtracking)
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        match self {
            Regex::Linear(r) => r.is_match(haystack),
            #[cfg(feature = "ecma262")]
            Regex::Backtracking(r) => r.find(haystack).is_some(),
            Regex::Invalid => false,
        }
    }
}
