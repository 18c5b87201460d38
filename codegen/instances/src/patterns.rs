//! `pattern` support: matching with ECMA-262 semantics (regress) and sampling matching strings
//! (rand_regex over regex-syntax). Every sample is checked with the ECMA matcher, so a dialect
//! difference between the two engines costs a retry, never an invalid instance.

use rand::Rng;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};

/// Extra repetitions for `*`, `+` and `{n,}`: keeps samples about as long as real API values.
const MAX_REPEAT: u32 = 6;

/// Compiles an ECMA-262 pattern as JSON Schema asks (Unicode mode), falling back to the legacy
/// mode, which accepts identity escapes such as `\/` that schemas often contain.
pub fn compile_ecma(pattern: &str) -> Result<regress::Regex, String> {
    regress::Regex::with_flags(pattern, "u")
        .or_else(|_| regress::Regex::new(pattern))
        .map_err(|e| e.to_string())
}

pub struct Sampler {
    /// Character classes narrowed to printable ASCII where that leaves something: readable data.
    readable: rand_regex::Regex,
    full: rand_regex::Regex,
    anchored_start: bool,
    anchored_end: bool,
}

impl Sampler {
    /// A sampler for `pattern`, or why it cannot be sampled.
    pub fn new(pattern: &str) -> Result<Sampler, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| format!("pattern cannot be sampled: {e}"))?;
        let props = hir.properties();
        let anchored_start = props.look_set_prefix().contains(Look::Start);
        let anchored_end = props.look_set_suffix().contains(Look::End);
        // Anchors and word boundaries become empty: samples are then checked by the ECMA matcher.
        let stripped = strip_looks(hir);
        let readable = rand_regex::Regex::with_hir(ascii_classes(stripped.clone()), MAX_REPEAT)
            .map_err(|e| format!("pattern cannot be sampled: {e}"))?;
        let full = rand_regex::Regex::with_hir(stripped, MAX_REPEAT)
            .map_err(|e| format!("pattern cannot be sampled: {e}"))?;
        Ok(Sampler {
            readable,
            full,
            anchored_start,
            anchored_end,
        })
    }

    /// A candidate string (not yet checked); unanchored patterns get some text around the match.
    pub fn sample<R: Rng>(&self, rng: &mut R, unusual: f64) -> String {
        let core: String = if rng.random_bool(0.9) {
            rng.sample(&self.readable)
        } else {
            rng.sample(&self.full)
        };
        let mut out = String::new();
        if !self.anchored_start && rng.random_bool(0.25) {
            let len = rng.random_range(1..=4);
            out.push_str(&super::text(rng, len, unusual));
        }
        out.push_str(&core);
        if !self.anchored_end && rng.random_bool(0.25) {
            let len = rng.random_range(1..=4);
            out.push_str(&super::text(rng, len, unusual));
        }
        out
    }

    /// Whether text may be added at the end (to reach a minimum length) without losing the match.
    pub fn open_end(&self) -> bool {
        !self.anchored_end
    }

    pub fn open_start(&self) -> bool {
        !self.anchored_start
    }
}

fn strip_looks(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(strip_looks(*rep.sub)),
            ..rep
        }),
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(strip_looks(*cap.sub));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(strip_looks).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(strip_looks).collect()),
        kind @ (HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_)) => rebuild(kind),
    }
}

fn ascii_classes(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut narrowed = class.clone();
            narrowed.intersect(&ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]));
            if narrowed.ranges().is_empty() {
                Hir::class(Class::Unicode(class))
            } else {
                Hir::class(Class::Unicode(narrowed))
            }
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(ascii_classes(*rep.sub)),
            ..rep
        }),
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(ascii_classes(*cap.sub));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(ascii_classes).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(ascii_classes).collect())
        }
        kind => rebuild(kind),
    }
}

fn rebuild(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Repetition(rep) => Hir::repetition(rep),
        HirKind::Capture(cap) => Hir::capture(cap),
        HirKind::Concat(subs) => Hir::concat(subs),
        HirKind::Alternation(subs) => Hir::alternation(subs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn samples_match_the_ecma_pattern() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for pattern in [
            "^organization-",
            "^[a-z0-9-]+$",
            r"^\d{3}-\d{4}$",
            "^(foo|bar)+baz$",
            r"\w+@\w+\.com",
            "^[^a-z]{2,5}$",
            r"^\p{L}+$",
        ] {
            let sampler = Sampler::new(pattern).unwrap();
            let matcher = compile_ecma(pattern).unwrap();
            let matched = (0..50)
                .filter(|_| matcher.find(&sampler.sample(&mut rng, 0.05)).is_some())
                .count();
            assert!(
                matched >= 40,
                "{pattern}: only {matched} of 50 samples match"
            );
        }
    }

    #[test]
    fn unsupported_patterns_are_errors() {
        assert!(Sampler::new("(?=a)b").is_err());
        assert!(Sampler::new("(").is_err());
        assert!(compile_ecma("(").is_err());
    }
}
