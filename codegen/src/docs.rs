//! Schema descriptions as rustdoc. Stytch writes its descriptions in Markdown for a web page;
//! read by rustdoc, an indented line or an untagged code fence becomes a Rust doc test that
//! fails to compile, and a list item continued on an unindented line trips clippy's
//! `doc_lazy_continuation`. Inline, rustdoc's lints reject what a web page shows as text: a
//! bare URL (`bare_urls`), `<uuid>` read as an unclosed HTML tag (`invalid_html_tags`),
//! `[DEPRECATED]` read as a link to a Rust item (`broken_intra_doc_links`). This module
//! rewrites the prose so rustdoc reads it as text, the way prost's `Comments::sanitize_line`
//! does for protobuf comments.

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;

/// Rewrites Markdown so rustdoc shows it as intended: code fences are tagged `text` (never run as
/// doc tests), indentation outside fences is dropped (no accidental code blocks), a line that
/// continues a list item or block quote is marked as such, and the prose outside code is
/// escaped by [`escape_inline`].
pub fn rustdoc_lines(text: &str) -> Vec<String> {
    // A lone carriage return is not allowed in a doc comment.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    // Whether each line of `out` is prose (not a fence or a line inside one).
    let mut prose = Vec::new();
    let mut fence: Option<String> = None;
    // The content column of the list item being continued, if any.
    let mut list_indent: Option<usize> = None;
    let mut in_quote = false;
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if is_closing_fence(trimmed, marker) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_string());
            }
            prose.push(false);
            continue;
        }
        if let Some((marker, info)) = opening_fence(trimmed) {
            let info = if info.is_empty() || info.starts_with("rust") {
                "text"
            } else {
                info
            };
            out.push(format!("{marker}{info}"));
            prose.push(false);
            fence = Some(marker);
            list_indent = None;
            in_quote = false;
            continue;
        }
        prose.push(true);
        if trimmed.is_empty() {
            out.push(String::new());
            list_indent = None;
            in_quote = false;
        } else if trimmed.starts_with('>') {
            out.push(trimmed.to_string());
            list_indent = None;
            in_quote = true;
        } else if in_quote {
            out.push(format!("> {trimmed}"));
        } else if let Some(width) = list_marker_width(trimmed) {
            out.push(trimmed.to_string());
            list_indent = Some(width);
        } else if let Some(width) = list_indent {
            out.push(format!("{}{trimmed}", " ".repeat(width)));
        } else {
            out.push(trimmed.to_string());
        }
    }
    if let Some(marker) = fence {
        out.push(marker);
        prose.push(false);
    }
    escape_prose(&mut out, &prose);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Escapes the prose lines of `lines` ([`escape_inline`]) one block at a time: a code span
/// may run over several lines of a paragraph, never past a blank line, a fence or the start
/// of a list item.
fn escape_prose(lines: &mut [String], prose: &[bool]) {
    let definitions = link_definitions(lines, prose);
    let mut start = 0;
    while start < lines.len() {
        if !prose[start] || lines[start].is_empty() || link_definition(&lines[start]).is_some() {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < lines.len()
            && prose[end]
            && !lines[end].is_empty()
            && link_definition(&lines[end]).is_none()
            && !starts_block(&lines[end])
        {
            end += 1;
        }
        let block = lines[start..end].join("\n");
        let escaped = escape_inline(&block, &definitions);
        for (line, new) in lines[start..end].iter_mut().zip(escaped.split('\n')) {
            *line = new.to_string();
        }
        start = end;
    }
}

/// Whether a prose line starts a block of its own: a list item or a heading.
fn starts_block(line: &str) -> bool {
    let content = line.trim_start_matches(['>', ' ']);
    list_marker_width(content).is_some() || content.starts_with('#')
}

/// The labels of the link reference definitions (`[label]: destination`) and footnote
/// definitions (`[^label]: text`) among the prose lines, normalised by [`link_label`].
fn link_definitions(lines: &[String], prose: &[bool]) -> Vec<String> {
    lines
        .iter()
        .zip(prose)
        .filter(|(_, prose)| **prose)
        .filter_map(|(line, _)| link_definition(line))
        .collect()
}

/// The label a line defines (`[label]: https://...` or `[^1]: ...`), unless the destination of
/// a link is one rustdoc would read as a Rust path.
fn link_definition(line: &str) -> Option<String> {
    let content = line.trim_start_matches(['>', ' ']);
    let rest = content.strip_prefix('[')?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    if label.trim().is_empty() || label.contains(['[', ']']) {
        return None;
    }
    let destination = rest[close + 2..].split_whitespace().next().unwrap_or("");
    if !label.starts_with('^') && looks_like_rust_path(destination.trim_matches(['<', '>'])) {
        return None;
    }
    Some(link_label(label))
}

/// A link label as Markdown matches it: case and runs of white space do not matter.
fn link_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether rustdoc would take a link destination for the path of a Rust item (an intra-doc link)
/// rather than a URL: it does when, without a `#fragment`, a disambiguator (`struct@`) and a
/// `()` or `!` after it, it holds only letters, digits and `:_<>, !*&;`.
fn looks_like_rust_path(destination: &str) -> bool {
    let path = destination.replace('`', "");
    let path = path.split('#').next().unwrap_or("");
    let path = match path.split_once('@') {
        Some((kind, rest)) if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_lowercase()) => {
            rest
        }
        _ => path,
    };
    let path = path.trim_end_matches("()").trim_end_matches('!');
    path.contains(char::is_alphanumeric)
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || ":_<>, !*&;".contains(c))
}

/// Escapes Markdown prose so that rustdoc shows it as text, leaving code spans, links and
/// autolinks as they are:
///
/// - a bare `http://` or `https://` URL becomes an autolink `<https://...>` (outside links);
/// - a `<` that would start an HTML tag (`<uuid>`, `</b>`, `<!`) becomes `\<`: HTML in a
///   description shows as written;
/// - `[` and `]` that do not make a link (`[DEPRECATED]`, `[0]`, a reference without a
///   definition, a link to a destination rustdoc would take for a Rust path) become `\[`, `\]`.
///
/// `definitions` are the labels defined in the text ([`link_definitions`]). The work is linear
/// in the length of the text (give or take a logarithm), whatever it holds.
fn escape_inline(text: &str, definitions: &[String]) -> String {
    Prose::new(text, definitions).escape()
}

/// A block of prose, with what escaping it needs to look up: where code spans end, and which
/// brackets and parentheses pair up.
struct Prose<'a> {
    chars: Vec<char>,
    definitions: &'a [String],
    /// The start of every maximal run of backticks, by its length, in order.
    runs: BTreeMap<usize, Vec<usize>>,
    /// The `]` that closes each `[`, past nested pairs, code spans and escapes.
    brackets: BTreeMap<usize, usize>,
    /// The `)` that closes each `(` on its line, past nested pairs and escapes.
    parens: BTreeMap<usize, usize>,
}

impl<'a> Prose<'a> {
    fn new(text: &str, definitions: &'a [String]) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut prose = Prose {
            chars,
            definitions,
            runs: BTreeMap::new(),
            brackets: BTreeMap::new(),
            parens: BTreeMap::new(),
        };
        let chars = &prose.chars;
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '`' {
                let end = run_end(chars, i, '`');
                prose.runs.entry(end - i).or_default().push(i);
                i = end;
            } else {
                i += 1;
            }
        }
        let mut brackets = BTreeMap::new();
        let mut open = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 1,
                '`' => {
                    i = prose
                        .code_span_end(i)
                        .unwrap_or_else(|| run_end(chars, i, '`'));
                    continue;
                }
                '[' => open.push(i),
                ']' => {
                    if let Some(start) = open.pop() {
                        brackets.insert(start, i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let mut parens = BTreeMap::new();
        let mut open = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 1,
                '\n' => open.clear(),
                '(' => open.push(i),
                ')' => {
                    if let Some(start) = open.pop() {
                        parens.insert(start, i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        prose.brackets = brackets;
        prose.parens = parens;
        prose
    }

    /// The end of the code span opening at `start`: after the next run of exactly as many
    /// backticks. Without one, the backticks are text.
    fn code_span_end(&self, start: usize) -> Option<usize> {
        let open_end = run_end(&self.chars, start, '`');
        let length = open_end - start;
        let starts = self.runs.get(&length)?;
        let next = starts[starts.partition_point(|&s| s < open_end)..].first()?;
        Some(next + length)
    }

    /// The block, escaped.
    fn escape(&self) -> String {
        let chars = &self.chars;
        let mut out = String::with_capacity(chars.len());
        // The links whose label is being written: where the label ends, where the link does.
        let mut links: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if let Some(&(label_end, link_end)) = links.last() {
                if i >= label_end {
                    // The rest of the link (`](destination)`) as written.
                    let from = i.max(label_end);
                    out.extend(&chars[from..link_end.max(from)]);
                    i = link_end.max(i);
                    links.pop();
                    continue;
                }
            }
            // Nothing found inside the label of a link may reach past it.
            let limit = links
                .last()
                .map_or(chars.len(), |&(label_end, _)| label_end);
            let c = chars[i];
            match c {
                '\\' => {
                    // An escape (or a lone backslash) stays as written, with what it escapes.
                    out.extend(&chars[i..limit.min(i + 2)]);
                    i += 2;
                }
                '`' => {
                    let span_end = self
                        .code_span_end(i)
                        .filter(|&e| e <= limit)
                        .unwrap_or_else(|| run_end(&chars[..limit], i, '`'));
                    out.extend(&chars[i..span_end]);
                    i = span_end;
                }
                '<' => {
                    if let Some(close) = autolink_end(&chars[..limit], i) {
                        out.extend(&chars[i..close]);
                        i = close;
                    } else {
                        let tag = chars.get(i + 1).is_some_and(|&n| {
                            n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')
                        });
                        if tag {
                            out.push('\\');
                        }
                        out.push(c);
                        i += 1;
                    }
                }
                '[' => match self.link_at(i) {
                    Some(link) if !link.broken && link.end <= limit => {
                        out.push('[');
                        links.push((link.label_end, link.end));
                        i += 1;
                    }
                    // Not a working link: shown with its brackets (the `]` is escaped below).
                    _ => {
                        out.push_str("\\[");
                        i += 1;
                    }
                },
                ']' => {
                    out.push_str("\\]");
                    i += 1;
                }
                'h' if links.is_empty() => match bare_url_end(&chars[..limit], i) {
                    Some(url_end) => {
                        out.push('<');
                        out.extend(&chars[i..url_end]);
                        out.push('>');
                        i = url_end;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                },
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }

    /// The link (or image) starting at the `[` at `start`, if its brackets pair up.
    fn link_at(&self, start: usize) -> Option<Link> {
        let chars = &self.chars;
        let label_end = *self.brackets.get(&start)?;
        let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
        let defined = |label: &str| self.definitions.contains(&link_label(label));
        match chars.get(label_end + 1) {
            Some('(') => {
                let close = *self.parens.get(&(label_end + 1))?;
                let inside = text(label_end + 2, close);
                let inside = inside.trim();
                let destination = match inside.strip_prefix('<') {
                    Some(rest) => rest.split('>').next().unwrap_or(""),
                    None => inside.split_whitespace().next().unwrap_or(""),
                };
                Some(Link {
                    label_end,
                    end: close + 1,
                    broken: looks_like_rust_path(destination),
                })
            }
            Some('[') => {
                let close = *self.brackets.get(&(label_end + 1))?;
                let reference = text(label_end + 2, close);
                let reference = if reference.trim().is_empty() {
                    text(start + 1, label_end)
                } else {
                    reference
                };
                Some(Link {
                    label_end,
                    end: close + 1,
                    broken: !defined(&reference),
                })
            }
            _ => Some(Link {
                label_end,
                end: label_end + 1,
                broken: !defined(&text(start + 1, label_end)),
            }),
        }
    }
}

/// The end of the run of `c` starting at `start`.
fn run_end(chars: &[char], start: usize, c: char) -> usize {
    start + chars[start..].iter().take_while(|&&x| x == c).count()
}

/// The end of an autolink (`<https://...>`, `<mailto:...>`, `<name@example.com>`) at `start`.
fn autolink_end(chars: &[char], start: usize) -> Option<usize> {
    let close = start
        + 1
        + chars[start + 1..]
            .iter()
            .position(|&c| c == '>' || c == '<' || c.is_whitespace())?;
    if chars[close] != '>' {
        return None;
    }
    let inner: String = chars[start + 1..close].iter().collect();
    let scheme_len = inner.find(':').unwrap_or(0);
    let scheme = &inner[..scheme_len];
    let is_uri = (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let is_email = inner
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    (is_uri || is_email).then_some(close + 1)
}

/// A link (or image) starting at a `[`.
struct Link {
    /// The index of the `]` that closes the label.
    label_end: usize,
    /// The index just after the whole link.
    end: usize,
    /// Whether rustdoc would not show it as a working link (an undefined reference, or a
    /// destination it would take for a Rust path): it is then written out as text.
    broken: bool,
}

/// The end of a bare `http://` or `https://` URL at `start`, without the punctuation that ends
/// its sentence (`.`, `,`, a `)` it does not open, ...).
fn bare_url_end(chars: &[char], start: usize) -> Option<usize> {
    if start > 0 && (chars[start - 1].is_alphanumeric() || chars[start - 1] == '/') {
        return None;
    }
    let rest: String = chars[start..chars.len().min(start + 8)].iter().collect();
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| rest.starts_with(scheme))?;
    let mut end = start
        + chars[start..]
            .iter()
            .take_while(|&&c| !c.is_whitespace() && !matches!(c, '<' | '>' | '`' | '"' | '[' | ']'))
            .count();
    // Parentheses the URL opens minus those it closes.
    let mut open = 0i64;
    for &c in &chars[start..end] {
        match c {
            '(' => open += 1,
            ')' => open -= 1,
            _ => {}
        }
    }
    loop {
        let last = chars[end - 1];
        if last == ')' && open < 0 {
            open += 1;
            end -= 1;
        } else if matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_') {
            end -= 1;
        } else {
            break;
        }
    }
    // Nothing after the scheme: not a URL.
    (end > start + scheme.len()).then_some(end)
}

/// A fence opener: three or more backticks or tildes, then an info string.
fn opening_fence(line: &str) -> Option<(String, &str)> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = line.chars().take_while(|c| *c == first).count();
    if run < 3 {
        return None;
    }
    let info = line[run..].trim();
    // A backtick fence's info string cannot hold a backtick (it would be inline code).
    if first == '`' && info.contains('`') {
        return None;
    }
    Some((first.to_string().repeat(run), info))
}

fn is_closing_fence(line: &str, marker: &str) -> bool {
    let first = marker.chars().next().unwrap_or('`');
    let run = line.chars().take_while(|c| *c == first).count();
    run >= marker.len() && line[run..].trim().is_empty()
}

/// The width of a list marker (`- `, `* `, `+ `, `1. `, `1) `) starting the line.
fn list_marker_width(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if bytes.len() >= 2 && matches!(bytes[0], b'-' | b'*' | b'+') && bytes[1] == b' ' {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && bytes.len() > digits + 1
        && matches!(bytes[digits], b'.' | b')')
        && bytes[digits + 1] == b' '
    {
        return Some(digits + 2);
    }
    None
}

/// Rewrites every run of doc attributes in the items it visits with [`rustdoc_lines`].
pub struct DocRewriter;

impl DocRewriter {
    fn rewrite(attrs: &mut Vec<syn::Attribute>) {
        let Some(first) = attrs.iter().position(|a| a.path().is_ident("doc")) else {
            return;
        };
        let mut text = String::new();
        let mut others = Vec::new();
        for attr in attrs.drain(first..) {
            match doc_text(&attr) {
                Some(line) => {
                    text.push_str(&line);
                    text.push('\n');
                }
                None => others.push(attr),
            }
        }
        attrs.extend(rustdoc_lines(&text).iter().map(|line| doc_attr(line)));
        attrs.extend(others);
    }
}

impl VisitMut for DocRewriter {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        Self::rewrite(&mut item.attrs);
        syn::visit_mut::visit_item_struct_mut(self, item);
    }
    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        Self::rewrite(&mut item.attrs);
        syn::visit_mut::visit_item_enum_mut(self, item);
    }
    fn visit_item_type_mut(&mut self, item: &mut syn::ItemType) {
        Self::rewrite(&mut item.attrs);
        syn::visit_mut::visit_item_type_mut(self, item);
    }
    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        Self::rewrite(&mut field.attrs);
        syn::visit_mut::visit_field_mut(self, field);
    }
    fn visit_variant_mut(&mut self, variant: &mut syn::Variant) {
        Self::rewrite(&mut variant.attrs);
        syn::visit_mut::visit_variant_mut(self, variant);
    }
}

/// The doc attribute of one line, `/// line` (`#[doc = " line"]`, or `""` for an empty line),
/// built as the parser would build it (there are many: parsing each would cost more than the
/// rest of their handling).
pub fn doc_attr(line: &str) -> syn::Attribute {
    let text = if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    };
    let span = proc_macro2::Span::call_site();
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: syn::Ident::new("doc", span).into(),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(syn::LitStr::new(&text, span)),
            }),
        }),
    }
}

/// The text of a `#[doc = "..."]` attribute.
pub fn doc_text(attr: &syn::Attribute) -> Option<String> {
    if !attr.path().is_ident("doc") {
        return None;
    }
    if let syn::Meta::NameValue(nv) = &attr.meta {
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        {
            return Some(s.value());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::rustdoc_lines;

    fn doc(text: &str) -> String {
        rustdoc_lines(text).join("\n")
    }

    #[test]
    fn indented_prose_is_not_a_code_block() {
        assert_eq!(
            doc("Intro.\n\n    indented line\n  other"),
            "Intro.\n\nindented line\nother"
        );
    }

    #[test]
    fn fences_are_tagged_text_and_kept_verbatim() {
        assert_eq!(
            doc("Example:\n```\n  let x = 1;\n```"),
            "Example:\n```text\n  let x = 1;\n```"
        );
        assert_eq!(doc("```rust\nfn f() {}\n```"), "```text\nfn f() {}\n```");
        assert_eq!(doc("~~~~json\n{}\n~~~~"), "~~~~json\n{}\n~~~~");
        // An unclosed fence is closed so it cannot swallow the generated docs after it.
        assert_eq!(doc("```\nopen"), "```text\nopen\n```");
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            doc("- first item\ncontinued\n10. tenth\n  more\n\nafter"),
            "- first item\n  continued\n10. tenth\n    more\n\nafter"
        );
    }

    #[test]
    fn quote_continuations_are_quoted() {
        assert_eq!(doc("> quoted\nlazy\n\nplain"), "> quoted\n> lazy\n\nplain");
    }

    #[test]
    fn inline_code_is_not_a_fence() {
        assert_eq!(doc("```a` b"), "```a` b");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            doc("See https://stytch.com/docs. Or (http://a.example/b_(c))."),
            "See <https://stytch.com/docs>. Or (<http://a.example/b_(c)>)."
        );
        assert_eq!(
            doc("**https://a.example/x?y=1&z=2**, then"),
            "**<https://a.example/x?y=1&z=2>**, then"
        );
        // Not bare: in code, in a link, already an autolink, not a URL at all.
        for text in [
            "`https://a.example` and ``x `https://b.example` y``",
            "[https://a.example](https://a.example/page)",
            "<https://a.example> and <support@example.com>",
            "https:// alone, xhttps://a.example",
        ] {
            assert_eq!(doc(text), text);
        }
    }

    #[test]
    fn html_like_text_is_escaped() {
        assert_eq!(
            doc("Format: connected-app-live-<uuid> or </b>, <!-- x -->"),
            "Format: connected-app-live-\\<uuid> or \\</b>, \\<!-- x -->"
        );
        // Comparisons and code stay as written.
        assert_eq!(doc("a < b, a <= b, `Vec<u8>`"), "a < b, a <= b, `Vec<u8>`");
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            doc("`OR` – **[DEPRECATED]** the operator; see [0] and [a][b]."),
            "`OR` – **\\[DEPRECATED\\]** the operator; see \\[0\\] and \\[a\\]\\[b\\]."
        );
        // A link to what rustdoc would read as a Rust path is shown as text.
        for destination in [
            "Guide",
            "Guide#intro",
            "struct@Guide",
            "guide()",
            "crate::a::B",
        ] {
            assert_eq!(
                doc(&format!("[the docs]({destination})")),
                format!("\\[the docs\\]({destination})")
            );
        }
        // Code spans in and around brackets are kept.
        assert_eq!(
            doc("a value of `[magic_link]`, [`x`]s"),
            "a value of `[magic_link]`, \\[`x`\\]s"
        );
        // A stray bracket, and one already escaped.
        assert_eq!(doc("a ] b [ c \\[d\\]"), "a \\] b \\[ c \\[d\\]");
    }

    #[test]
    fn links_are_kept() {
        for text in [
            "Read [the guide](https://stytch.com/docs/guide \"Guide\")!",
            "Mail [support@stytch.com](mailto:support@stytch.com).",
            "![logo](https://a.example/logo.png) and [a <b>](<https://a.example/x y>)",
            "See [the guide][guide], [Guide] and [guide][].\n\n[guide]: https://a.example",
            "A note[^1].\n\n[^1]: The note.",
            "Anchors: [below](#errors), files: [schema](schema.json).",
        ] {
            let expected = text.replace("<b>", "\\<b>");
            assert_eq!(doc(text), expected);
        }
    }

    #[test]
    fn code_spans_run_over_lines_within_a_paragraph() {
        assert_eq!(
            doc("a `code\n<x> [y]` b <z>\n\n`open\n\nclose` [w]"),
            "a `code\n<x> [y]` b \\<z>\n\n`open\n\nclose` \\[w\\]"
        );
        // List items are blocks of their own.
        assert_eq!(doc("- a `b\n- c` <d>"), "- a `b\n- c` \\<d>");
    }

    #[test]
    fn escaping_is_linear_and_never_recurses() {
        // Unclosed brackets, parentheses and backtick runs of every length, and links nested
        // deeper than any stack: each would cost a scan to the end of the text, or a frame.
        let n = 50_000;
        let mut text = "[(".repeat(n);
        for length in 1..300 {
            text.push_str(&"`".repeat(length));
            text.push(' ');
        }
        // Nested links stay as they are (rustdoc shows the innermost).
        let nested = format!("{}a{}", "[".repeat(n), "](https://a.example)".repeat(n));
        text.push_str(&nested);
        let start = std::time::Instant::now();
        let escaped = doc(&text);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert!(escaped.starts_with("\\[(\\[("));
        assert!(escaped.ends_with(&nested));
    }

    #[test]
    fn fences_are_not_escaped() {
        assert_eq!(
            doc("```json\n{\"a\": [\"<b>\", \"https://c.example\"]}\n```"),
            "```json\n{\"a\": [\"<b>\", \"https://c.example\"]}\n```"
        );
    }
}
