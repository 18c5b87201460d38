//! The value validators made generic over the instance they read, the runtime's `Json`: a
//! `serde_json::Value` (`validate_value`), or the document `from_json_slice` parses a body that
//! does not decode into its type into (strings borrowed, no hashed map).
//!
//! The passes before this one (guards, forwarders, inlining) read and rewrite the functions with
//! one instance type, `inst: &Value`; this last step gives each such function the type parameter
//! `I` in its place. The code inside needs no change: it reads the instance through `rt::node`
//! and the runtime's generic helpers, and names `I` where it spells a function's type.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// `function` with its signature `fn sN(inst: &Value, ...)` (or `_: &Value`) made
/// `fn sN<I: Json>(inst: &I, ...)`, and so every `inst: &Value` inside it (where calls
/// were inlined, their parameters are bound so); any other item as it is.
pub(super) fn over_instances(function: TokenStream) -> TokenStream {
    let mut tokens: Vec<TokenTree> = function.into_iter().collect();
    let Some(k) = tokens
        .windows(3)
        .position(|w| is_value_signature(&w[0], &w[2]))
    else {
        return tokens.into_iter().collect();
    };
    let generics = [
        TokenTree::Punct(Punct::new('<', Spacing::Alone)),
        TokenTree::Ident(Ident::new("I", Span::call_site())),
        TokenTree::Punct(Punct::new(':', Spacing::Alone)),
        TokenTree::Ident(Ident::new("Json", Span::call_site())),
        TokenTree::Punct(Punct::new('>', Spacing::Alone)),
    ];
    tokens.splice(k + 2..k + 2, generics);
    instance_typed(tokens.into_iter().collect())
}

/// `stream` with the type of every `inst: &Value` and `_: &Value` made `I`.
fn instance_typed(stream: TokenStream) -> TokenStream {
    let mut tokens: Vec<TokenTree> = stream.into_iter().collect();
    for k in 0..tokens.len() {
        match &tokens[k] {
            TokenTree::Group(group) => {
                let mut new = Group::new(group.delimiter(), instance_typed(group.stream()));
                new.set_span(group.span());
                tokens[k] = TokenTree::Group(new);
            }
            TokenTree::Ident(ty)
                if ty == "Value" && k >= 3 && is_instance_binding(&tokens[k - 3..k]) =>
            {
                tokens[k] = TokenTree::Ident(Ident::new("I", ty.span()));
            }
            _ => {}
        }
    }
    tokens.into_iter().collect()
}

/// Whether `head` is `inst : &` or `_ : &`, what comes before the type of the instance.
fn is_instance_binding(head: &[TokenTree]) -> bool {
    let text: Vec<String> = head.iter().map(|t| t.to_string()).collect();
    matches!(text.as_slice(), [name, colon, amp]
        if (name == "inst" || name == "_") && colon == ":" && amp == "&")
}

/// Whether `fn_` and `params` are the `fn` and the parameters of a value validator: its first
/// parameter is `inst: &Value` or `_: &Value`.
fn is_value_signature(fn_: &TokenTree, params: &TokenTree) -> bool {
    let (TokenTree::Ident(fn_), TokenTree::Group(params)) = (fn_, params) else {
        return false;
    };
    if fn_ != "fn" || params.delimiter() != Delimiter::Parenthesis {
        return false;
    }
    let head: Vec<String> = params
        .stream()
        .into_iter()
        .take(4)
        .map(|t| t.to_string())
        .collect();
    matches!(head.as_slice(), [name, colon, amp, ty]
        if (name == "inst" || name == "_") && colon == ":" && amp == "&" && ty == "Value")
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn a_value_validator_gets_the_instance_type_parameter() {
        let f = quote! {
            #[doc = " f.json#"]
            fn s3(inst: &Value, path: &Path, at: &At, cx: &mut Cx, _: Ev) -> bool {
                rt::of_type(inst, rt::STRING, "string", path, at, cx)
            }
        };
        let expected = quote! {
            #[doc = " f.json#"]
            fn s3<I: Json>(inst: &I, path: &Path, at: &At, cx: &mut Cx, _: Ev) -> bool {
                rt::of_type(inst, rt::STRING, "string", path, at, cx)
            }
        };
        assert_eq!(over_instances(f).to_string(), expected.to_string());
        let guard = quote!(
            pub(super) fn s4(_: &Value) -> bool {
                true
            }
        );
        let expected = quote!(
            pub(super) fn s4<I: Json>(_: &I) -> bool {
                true
            }
        );
        assert_eq!(over_instances(guard).to_string(), expected.to_string());
    }

    #[test]
    fn other_items_stay_as_they_are() {
        for item in [
            quote!(
                fn t3(v: &Thing, path: &Path, cx: &mut Cx) -> bool {
                    true
                }
            ),
            quote!(
                pub fn check(value: &::serde_json::Value) -> bool {
                    true
                }
            ),
            quote!(
                static O1: rt::Object = rt::object_table!([], []);
            ),
        ] {
            assert_eq!(over_instances(item.clone()).to_string(), item.to_string());
        }
    }
}
