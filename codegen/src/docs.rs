//! Schema descriptions as rustdoc. Stytch writes its descriptions in Markdown for a web page;
//! read by rustdoc, an indented line or an untagged code fence becomes a Rust doc test that
//! fails to compile, and a list item continued on an unindented line trips clippy's
//! `doc_lazy_continuation`. This module rewrites the prose so rustdoc reads it as text.

use syn::visit_mut::VisitMut;

/// Rewrites Markdown so rustdoc shows it as intended: code fences are tagged `text` (never run as
/// doc tests), indentation outside fences is dropped (no accidental code blocks), and a line that
/// continues a list item or block quote is marked as such.
pub fn rustdoc_lines(text: &str) -> Vec<String> {
    // A lone carriage return is not allowed in a doc comment.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
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
            continue;
        }
        if let Some((marker, info)) = opening_fence(trimmed) {
            let info = if info.is_empty() || info.starts_with("rust") {
                "text"
            } else {
                info
            };
            out.push(format!("{marker}{info}"));
            fence = Some(marker);
            list_indent = None;
            in_quote = false;
            continue;
        }
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
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
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
        for line in rustdoc_lines(&text) {
            let line = if line.is_empty() {
                line
            } else {
                format!(" {line}")
            };
            attrs.push(syn::parse_quote!(#[doc = #line]));
        }
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
}
