//! [`Doc`]: a JSON document that borrows its strings from the text it was parsed from, for the
//! value validators to read where `from_json_slice` lists the errors of a body that does not
//! decode into its type.
//!
//! Its arrays and objects live in an [`Arena`] (a bump allocator): a document costs a few
//! allocations however many nodes it has, and dropping it frees them at once.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::Number;
#[cfg(test)]
use serde_json::Value;

/// Where a [`Doc`]'s arrays, objects and escaped strings are kept.
pub type Arena = bumpalo::Bump;

/// A JSON value whose strings and keys borrow from the text (or, where they held an escape,
/// from the arena), and whose objects keep their members in one slice, in the text's order.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc<'a> {
    Null,
    Bool(bool),
    Number(Number),
    /// Owned only where a validator makes a string of a key (`propertyNames`), never in a
    /// parsed document.
    String(Cow<'a, str>),
    Array(&'a [Doc<'a>]),
    Object(&'a [Member<'a>]),
}

/// A member of an object: its key and its value.
pub type Member<'a> = (&'a str, Doc<'a>);

/// Objects up to this many members are checked for a repeated key pair by pair, larger ones by
/// sorting their keys: the pairs are cheaper while few, and most objects are small.
const PAIRWISE_MAX: usize = 32;

/// The keys under which serde_json hands a visitor what is not a JSON object as a one-entry map:
/// a number with its feature `arbitrary_precision`, a `RawValue` with `raw_value`. A `Value`
/// reads such a map as the number or the value it stands for, so neither can be a `Doc` object.
const PRIVATE_KEYS: [&str; 2] = [
    "$serde_json::private::Number",
    "$serde_json::private::RawValue",
];

/// Parses `text` into a [`Doc`] equal, member for member, to the `serde_json::Value` it reads
/// as, with serde_json's own lexer and nesting limit, its containers in `arena`. `None` where a
/// `Value` would not say the same thing: the text is not JSON (the `Value` path then reports the
/// error), an object repeats a key (a `Value` keeps only the last), or it holds a number and
/// serde_json keeps numbers as text (its feature `arbitrary_precision`: such a number owns
/// memory, which the arena would never free).
pub fn parse<'a>(text: &'a str, arena: &'a Arena) -> Option<Doc<'a>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut stacks = Stacks::default();
    let seed = DocSeed {
        arena,
        stacks: &mut stacks,
    };
    let doc = seed.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(doc)
}

/// The same JSON as a `serde_json::Value`: what the tests compare a `Doc` with.
#[cfg(test)]
pub fn to_value(doc: &Doc<'_>) -> Value {
    match doc {
        Doc::Null => Value::Null,
        Doc::Bool(b) => Value::Bool(*b),
        Doc::Number(n) => Value::Number(n.clone()),
        Doc::String(s) => Value::String(String::from(&**s)),
        Doc::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Doc::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| (String::from(*key), to_value(value)))
                .collect(),
        ),
    }
}

/// Whether two members of an object share a key.
fn repeats_a_key(members: &[Member<'_>]) -> bool {
    if members.len() <= PAIRWISE_MAX {
        return members
            .iter()
            .enumerate()
            .any(|(i, (key, _))| members[..i].iter().any(|(other, _)| other == key));
    }
    let mut keys: Vec<&str> = members.iter().map(|(key, _)| *key).collect();
    keys.sort_unstable();
    keys.windows(2).any(|pair| pair[0] == pair[1])
}

/// The items and members of the containers being read, innermost last: a container's own are
/// moved into the arena, in one slice, once it ends. One pair of vectors serves the whole parse.
#[derive(Default)]
struct Stacks<'a> {
    items: Vec<Doc<'a>>,
    members: Vec<Member<'a>>,
}

/// Reads one value of any kind, as serde_json's `Value` visitor does.
struct DocSeed<'a, 's> {
    arena: &'a Arena,
    stacks: &'s mut Stacks<'a>,
}

impl<'a> DocSeed<'a, '_> {
    /// The seed of a value inside this one, on the same stacks.
    fn reborrow(&mut self) -> DocSeed<'a, '_> {
        DocSeed {
            arena: self.arena,
            stacks: self.stacks,
        }
    }
}

impl<'a> DeserializeSeed<'a> for DocSeed<'a, '_> {
    type Value = Doc<'a>;

    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<Doc<'a>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for DocSeed<'a, '_> {
    type Value = Doc<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_unit<E>(self) -> Result<Doc<'a>, E> {
        Ok(Doc::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Doc<'a>, E> {
        Ok(Doc::Bool(b))
    }

    fn visit_u64<E: Error>(self, n: u64) -> Result<Doc<'a>, E> {
        number(n.into())
    }

    fn visit_i64<E: Error>(self, n: i64) -> Result<Doc<'a>, E> {
        number(n.into())
    }

    /// A float a `Number` cannot hold (never one serde_json parses) is `null`, as in a `Value`.
    fn visit_f64<E: Error>(self, n: f64) -> Result<Doc<'a>, E> {
        Number::from_f64(n).map_or(Ok(Doc::Null), number)
    }

    fn visit_borrowed_str<E>(self, s: &'a str) -> Result<Doc<'a>, E> {
        Ok(Doc::String(Cow::Borrowed(s)))
    }

    /// A string that held an escape, decoded into serde_json's scratch buffer.
    fn visit_str<E>(self, s: &str) -> Result<Doc<'a>, E> {
        Ok(Doc::String(Cow::Borrowed(self.arena.alloc_str(s))))
    }

    fn visit_seq<A: SeqAccess<'a>>(mut self, mut seq: A) -> Result<Doc<'a>, A::Error> {
        let start = self.stacks.items.len();
        while let Some(item) = seq.next_element_seed(self.reborrow())? {
            self.stacks.items.push(item);
        }
        let items = self
            .arena
            .alloc_slice_fill_iter(self.stacks.items.drain(start..));
        Ok(Doc::Array(items))
    }

    fn visit_map<A: MapAccess<'a>>(mut self, mut map: A) -> Result<Doc<'a>, A::Error> {
        let start = self.stacks.members.len();
        while let Some(key) = map.next_key_seed(KeySeed(self.arena))? {
            if self.stacks.members.len() == start && PRIVATE_KEYS.contains(&key) {
                return Err(A::Error::custom("a number or raw value, not an object"));
            }
            let value = map.next_value_seed(self.reborrow())?;
            self.stacks.members.push((key, value));
        }
        if repeats_a_key(&self.stacks.members[start..]) {
            return Err(A::Error::custom("an object repeats a key"));
        }
        let members = self
            .arena
            .alloc_slice_fill_iter(self.stacks.members.drain(start..));
        Ok(Doc::Object(members))
    }
}

/// A number of a document, unless a `Number` owns memory in this build (serde_json's
/// `arbitrary_precision`): nothing in the arena is dropped.
fn number<'a, E: Error>(n: Number) -> Result<Doc<'a>, E> {
    match std::mem::needs_drop::<Number>() {
        false => Ok(Doc::Number(n)),
        true => Err(E::custom("a number kept as text")),
    }
}

/// Reads an object's key: borrowed from the text, or from the arena where it held an escape.
struct KeySeed<'a>(&'a Arena);

impl<'a> DeserializeSeed<'a> for KeySeed<'a> {
    type Value = &'a str;

    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<&'a str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'a> Visitor<'a> for KeySeed<'a> {
    type Value = &'a str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, s: &'a str) -> Result<&'a str, E> {
        Ok(s)
    }

    fn visit_str<E>(self, s: &str) -> Result<&'a str, E> {
        Ok(self.0.alloc_str(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Whether `text` parses into a [`Doc`].
    fn parses(text: &str) -> bool {
        parse(text, &Arena::new()).is_some()
    }

    /// Whether serde_json keeps numbers as text here (`arbitrary_precision`): then [`parse`]
    /// gives `None` for every text holding a number.
    fn arbitrary_precision() -> bool {
        let number = r#"{"$serde_json::private::Number":"1"}"#;
        serde_json::from_str::<Value>(number).is_ok_and(|value| value.is_number())
    }

    /// The text as serde_json writes `doc`, members in the order the `Doc` keeps them.
    fn compact(doc: &Doc<'_>) -> String {
        match doc {
            Doc::Null => "null".to_owned(),
            Doc::Bool(b) => b.to_string(),
            Doc::Number(n) => serde_json::to_string(n).unwrap(),
            Doc::String(s) => serde_json::to_string(&**s).unwrap(),
            Doc::Array(items) => {
                let items: Vec<String> = items.iter().map(compact).collect();
                format!("[{}]", items.join(","))
            }
            Doc::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(key, value)| {
                        format!("{}:{}", serde_json::to_string(key).unwrap(), compact(value))
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }
        }
    }

    /// Every key of `doc`, depth first, in the order the `Doc` keeps them.
    fn keys<'d>(doc: &'d Doc<'_>, out: &mut Vec<&'d str>) {
        match doc {
            Doc::Array(items) => items.iter().for_each(|item| keys(item, out)),
            Doc::Object(members) => {
                for (key, value) in members.iter() {
                    out.push(key);
                    keys(value, out);
                }
            }
            _ => {}
        }
    }

    /// `parse` reads `text` as the `Value` does (or, with `arbitrary_precision`, gives up).
    fn agrees(text: &str) {
        let expected: Value = serde_json::from_str(text).unwrap();
        let arena = Arena::new();
        match parse(text, &arena) {
            Some(doc) => assert_eq!(to_value(&doc), expected, "{text}"),
            None => assert!(arbitrary_precision(), "{text} did not parse"),
        }
    }

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn reads_what_a_value_reads() {
        let texts = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1.5",
            "2.0",
            "-0.0",
            "1e308",
            "-1e-308",
            "5e-324",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            r#""""#,
            r#""plain""#,
            r#""esc\"aped\\ \n \t \/ \u00e9 \ud83d\ude00""#,
            r#""é ü 日本 😀""#,
            "[]",
            "{}",
            " [ 1 , [ 2 , [ 3 , [ ] ] ] , { } ] ",
            r#"{"b":1,"a":{"z":[true,null,{"y":"x"}],"w\u00e9":-2.5},"":""}"#,
            r#"[{"k":"v"},{"k":"v"},{"k\"":{"k":"\u0000"}}]"#,
            "\n\t{\r\n\"spaced\" :\t[ 1e2 , 1E-2 , -1.0e+3 ]\n}\n",
        ];
        for text in texts {
            agrees(text);
        }
        agrees(&nested(100));
    }

    #[test]
    fn keeps_members_in_the_text_order() {
        // No numbers, which a build with `arbitrary_precision` does not read into a `Doc`.
        let text =
            r#"{"b":true,"a":{"z":"1","y":{"x":[{"q":null,"p":{}}]}},"c\u0041":null,"0":[]}"#;
        let arena = Arena::new();
        let doc = parse(text, &arena).unwrap();
        let mut order = Vec::new();
        keys(&doc, &mut order);
        assert_eq!(order, ["b", "a", "z", "y", "x", "q", "p", "cA", "0"]);

        let members: Vec<String> = (0..40).rev().map(|i| format!("\"k{i}\":\"{i}\"")).collect();
        let text = format!("{{{}}}", members.join(","));
        let doc = parse(&text, &arena).unwrap();
        assert_eq!(compact(&doc), text);
        let expected: Vec<String> = (0..40).rev().map(|i| format!("k{i}")).collect();
        let mut order = Vec::new();
        keys(&doc, &mut order);
        assert_eq!(order, expected);
    }

    #[test]
    fn borrows_what_holds_no_escape() {
        let text = r#"{"plain":"text","esc\naped":"a\u0041","ü":["é","\/"]}"#;
        let arena = Arena::new();
        let doc = parse(text, &arena).unwrap();
        let Doc::Object(members) = &doc else {
            panic!("not an object: {doc:?}");
        };
        let in_text = |s: &str| text.as_bytes().as_ptr_range().contains(&s.as_ptr());
        let string = |doc: &Doc<'_>| match doc {
            Doc::String(Cow::Borrowed(s)) => in_text(s),
            other => panic!("not a borrowed string: {other:?}"),
        };
        assert!(in_text(members[0].0) && string(&members[0].1));
        assert!(!in_text(members[1].0) && !string(&members[1].1));
        assert_eq!(
            (members[1].0, &members[1].1),
            ("esc\naped", &Doc::String("aA".into()))
        );
        assert!(in_text(members[2].0));
        let Doc::Array(items) = &members[2].1 else {
            panic!("not an array: {:?}", members[2].1);
        };
        assert!(string(&items[0]) && !string(&items[1]));
    }

    #[test]
    fn refuses_repeated_keys() {
        // Checked pair by pair (25 members) and by sorting the keys (40).
        let large = |count: usize, repeat: &str| {
            let mut members: Vec<String> = (0..count - 1)
                .map(|i| format!("\"k{i}\":[\"{i}\"]"))
                .collect();
            members.insert(20, format!("\"{repeat}\":true"));
            format!("{{{}}}", members.join(","))
        };
        let mut texts = vec![
            r#"{"a":true,"a":false}"#.to_owned(),
            r#"{"a":"1","b":"2","a":"1"}"#.to_owned(),
            r#"{"a":{},"\u0061":[]}"#.to_owned(),
            r#"{"x":[{"y":{"a":null,"b":null,"a":null}}]}"#.to_owned(),
        ];
        for count in [25, 40] {
            assert!(parses(&large(count, "k100")));
            texts.extend([
                large(count, "k3"),
                large(count, "k1\u{0038}"),
                large(count, r"k\u0033"),
                format!("[1,{{\"o\":{}}}]", large(count, "k0")),
            ]);
        }
        for text in &texts {
            assert!(serde_json::from_str::<Value>(text).is_ok(), "{text}");
            assert!(!parses(text), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        let texts = [
            "",
            " ",
            "nul",
            "tru",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "NaN",
            "Infinity",
            "'a'",
            r#""unterminated"#,
            r#""bad \x escape""#,
            r#""\ud800""#,
            "\"control \u{0001} char\"",
            "[1,]",
            "[1 2]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            "{a:1}",
            "{1:1}",
            "[",
            "]",
            "{}}",
            "[] []",
            "1 2",
            "null x",
            "{\"a\":1} ,",
        ];
        for text in texts {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
            assert!(!parses(text), "{text}");
        }
        // Beyond an f64: an error, or with `arbitrary_precision` a number a `Value` keeps as text.
        let huge = "[1e309]";
        assert_eq!(
            serde_json::from_str::<Value>(huge).is_ok(),
            arbitrary_precision()
        );
        assert!(!parses(huge));
    }

    /// Texts a few edits away from JSON, made by a fixed generator: wherever `parse` reads
    /// one, a `Value` reads the same; and it reads the unedited texts.
    #[test]
    fn reads_no_text_otherwise_than_a_value() {
        let seeds = [
            r#"{"a":[1,-2,3.5e-1,{"b":"c\u00e9\n"}],"d":{"e":null,"f":true},"g":false}"#,
            r#"[0,-0,12,-34,1e2,1E+2,-1.25e-3,18446744073709551615,"\"q\\","é"]"#,
            // No number: a build with `arbitrary_precision` reads texts without one.
            r#" { "k" : [ [ ] , { } , "" , "x y" ] , "l" : null , "m" : "\t" } "#,
        ];
        const BYTES: &[u8] = b"{}[]\",:\\ \t\n0123456789-+.eEtrufalsnu\x01\x1f\x7f";
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut random = |below: usize| {
            // xorshift64: enough to spread the edits, and the same every run.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let (mut read, mut refused) = (0, 0);
        for seed in seeds {
            agrees(seed);
            for _ in 0..3000 {
                let mut text = seed.as_bytes().to_vec();
                for _ in 0..1 + random(3) {
                    let at = random(text.len() + 1);
                    let byte = BYTES[random(BYTES.len())];
                    match random(3) {
                        0 if at < text.len() => text[at] = byte,
                        1 if at < text.len() => drop(text.remove(at)),
                        _ => text.insert(at, byte),
                    }
                }
                // An edit may split a character; such bytes are not a `&str`.
                let Ok(text) = String::from_utf8(text) else {
                    continue;
                };
                let value = serde_json::from_str::<Value>(&text);
                let arena = Arena::new();
                match parse(&text, &arena) {
                    Some(doc) => {
                        assert_eq!(Some(to_value(&doc)), value.ok(), "{text}");
                        read += 1;
                    }
                    None => refused += 1,
                }
            }
        }
        // Both outcomes are common, or the edits test little.
        assert!(
            read > 300 && refused > 500,
            "{read} read, {refused} refused"
        );
    }

    #[test]
    fn keeps_serde_json_nesting_limit() {
        assert!(serde_json::from_str::<Value>(&nested(200)).is_err());
        assert!(!parses(&nested(200)));
        let objects = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
        assert!(!parses(&objects));
        assert!(parses(&nested(100)));
    }

    #[test]
    fn gives_up_on_serde_json_private_keys() {
        for text in [
            r#"{"$serde_json::private::Number":"1"}"#,
            r#"{"$serde_json::private::RawValue":"[1]"}"#,
            r#"[{"$serde_json::private::Number":"1","a":2}]"#,
        ] {
            assert!(!parses(text), "{text}");
        }
        // Only a first key stands for a number; later, it is an ordinary key.
        agrees(r#"{"a":"x","$serde_json::private::Number":"1"}"#);
        // With `arbitrary_precision`, no number: integers within 64 bits reach the visitor as
        // such, but a `Number` made of one owns its text.
        assert_eq!(!parses("[1.5]"), arbitrary_precision());
        assert_eq!(!parses("[-0]"), arbitrary_precision());
        assert_eq!(!parses("[1, -1]"), arbitrary_precision());
        assert_eq!(std::mem::needs_drop::<Number>(), arbitrary_precision());
    }

    /// Every instance of the JSON-Schema-Test-Suite (draft 2020-12), written by serde_json and
    /// read back both ways.
    #[test]
    fn reads_the_test_suite_instances_as_a_value_does() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/json-schema-test-suite/tests/draft2020-12");
        if !dir.is_dir() {
            eprintln!(
                "skipped: {} is missing (it holds the JSON-Schema-Test-Suite)",
                dir.display()
            );
            return;
        }
        let mut files = Vec::new();
        let mut dirs: Vec<PathBuf> = vec![dir];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|ext| ext == "json") {
                    files.push(path);
                }
            }
        }
        assert!(!files.is_empty(), "no JSON files under the suite");
        let mut instances = 0;
        for file in &files {
            let groups: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
            let groups = groups.as_array().unwrap();
            for test in groups
                .iter()
                .flat_map(|group| group["tests"].as_array().unwrap())
            {
                let text = serde_json::to_string(&test["data"]).unwrap();
                let expected: Value = serde_json::from_str(&text).unwrap();
                let arena = Arena::new();
                match parse(&text, &arena) {
                    Some(doc) => {
                        assert_eq!(to_value(&doc), expected, "{}: {text}", file.display());
                        // The same text once more, but with the numbers as this build reads
                        // them (not always the bits written, without `float_roundtrip`); its
                        // members are in the order of `text`, which serde_json wrote from a map
                        // that keeps either that order or the sorted one.
                        let written = serde_json::to_string(&expected).unwrap();
                        assert_eq!(compact(&doc), written, "{}", file.display());
                    }
                    None => assert!(arbitrary_precision(), "{}: {text}", file.display()),
                }
                instances += 1;
            }
        }
        assert!(instances > 1000, "only {instances} instances");
    }
}
