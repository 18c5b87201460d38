//! `#[derive(DecodeStruct, EncodeStruct, New)]`: `Deserialize`, `Serialize` and the constructor
//! `new` for the structs codegen generates, in far less code for the compiler than serde's
//! derives and far fewer lines in the generated file than written-out impls; and
//! `#[derive(StrEnum)]`, the conversions of its string enums (in `str_enum.rs`), and
//! `#[derive(Union)]`, the decoding of its unions (in `union.rs`).
//!
//! The struct reads its object property by property into one slot per field, through the
//! helpers of `codegen_runtime::__private` (by the name `__rt`, which every generated module
//! imports); the key lookup and the visitor are the runtime's, compiled once for all structs.
//! serde's derive makes, per struct, a field enum and its visitor, a wrapper type for every
//! field with `deserialize_with`, and the buffering of a flattened map.
//!
//! The expansion is shaped for the compiler, since a generated crate holds hundreds of these:
//! every slot has its type written out (nothing left to inference), a property costs one `?`
//! for all of its `match`, and required properties are unwrapped by `let ... else` rather than
//! by a `?` each (together about a tenth of the corpus crate's compile time, measured).
//!
//! `EncodeStruct` writes the map as serde's derive does (fields in order, the flattened map's
//! entries last), through the runtime's `Entries`, which keeps the first error rather than
//! taking a `?` per field.
//!
//! `New` writes `new`, taking the required properties in the order of the fields (the schema's
//! order of its properties), each as `impl Into<T>`; every other field is its default (`None`,
//! an empty map).
//!
//! A field's JSON form is stated once, by its type and serde's own `#[serde(...)]` attributes:
//!
//! - `deny_unknown_fields` on the struct: an unknown property fails;
//! - `#[closed]` on the struct (not serde's: the schema's `additionalProperties: false`): the
//!   flattened map takes other properties, but a union trying its alternatives strictly does
//!   not take the struct for an object that has any;
//! - `rename = "name"`: the property's name (else the field's);
//! - `flatten`: the map of the properties no field names (other properties are skipped);
//! - an `Option` field: an optional property, read as serde reads an `Option` (absent or `null`
//!   is `None`, unless the runtime has a `null` fail, as `from_json_slice` does) and written
//!   only when `Some` (where serde's derive would need `default` and `skip_serializing_if`);
//! - `deserialize_with = "__rt::present"`, on an `Option`: optional, a present property (`null`
//!   included) read as the inner type, so `None` is only an absent one;
//! - `deserialize_with = "__rt::nullable"`, on an `Option`: a required property that may be
//!   `null` (`None`), always written;
//! - any other field: a required property.
//!
//! The two functions named are the runtime's, and mean the same under serde's derive.
//! Anything else is an error.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::spanned::Spanned;

mod str_enum;
mod union;

#[proc_macro_derive(DecodeStruct, attributes(serde, closed))]
pub fn derive_decode_struct(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input, expand_decode)
}

#[proc_macro_derive(EncodeStruct, attributes(serde))]
pub fn derive_encode_struct(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input, expand_encode)
}

#[proc_macro_derive(New, attributes(serde))]
pub fn derive_new(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input, expand_new)
}

#[proc_macro_derive(StrEnum, attributes(serde, other_strings))]
pub fn derive_str_enum(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input, str_enum::expand)
}

#[proc_macro_derive(Union, attributes(serde))]
pub fn derive_union(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input, union::expand)
}

/// `expand` on the parsed input (a type without generics, as generated ones are); an error
/// becomes a `compile_error!` at its span.
fn derive(
    input: proc_macro::TokenStream,
    expand: fn(&syn::DeriveInput) -> syn::Result<TokenStream>,
) -> proc_macro::TokenStream {
    syn::parse::<syn::DeriveInput>(input)
        .and_then(|input| {
            if !input.generics.params.is_empty() {
                let message = "derives only for types without generics";
                return Err(syn::Error::new(input.generics.span(), message));
            }
            expand(&input)
        })
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// `Serialize` as serde's derive writes it for these attributes (a map, fields in order,
/// optional ones skipped when `None`, the flattened map's entries last, an entry named like a
/// field an error), through the runtime's `Entries`, which keeps the first error instead of a
/// `?` per field.
fn expand_encode(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let Struct { ident, fields, .. } = parse(input)?;
    let wires: Vec<&String> = fields
        .iter()
        .filter(|f| !matches!(f.kind, Kind::Rest))
        .map(|f| &f.wire)
        .collect();
    let entries = fields.iter().map(|f| {
        let (ident, wire) = (f.ident, &f.wire);
        match f.kind {
            Kind::Rest => quote!(map.rest(&self.#ident, &[#(#wires),*]);),
            Kind::Lenient | Kind::Present => quote!(map.optional(#wire, &self.#ident);),
            Kind::Required => quote!(map.entry(#wire, &self.#ident);),
        }
    });
    Ok(quote! {
        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut map = __rt::Entries::new(serializer)?;
                #(#entries)*
                map.end()
            }
        }
    })
}

/// `impl S { pub fn new(required...) -> Self }`: the required fields as arguments, in field
/// order; the others their default.
fn expand_new(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let Struct { ident, fields, .. } = parse(input)?;
    let required = |f: &&Field| matches!(f.kind, Kind::Required);
    let params = fields.iter().filter(required).map(|f| {
        let (ident, ty) = (f.ident, f.ty);
        quote!(#ident: impl ::std::convert::Into<#ty>)
    });
    let inits = fields.iter().map(|f| {
        let ident = f.ident;
        match f.kind {
            Kind::Required => quote!(#ident: #ident.into()),
            _ => quote!(#ident: ::std::default::Default::default()),
        }
    });
    // As many arguments as the schema requires properties.
    let allow = (fields.iter().filter(required).count() > 7)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Ok(quote! {
        impl #ident {
            /// A value with its required properties, in the schema's order; every optional
            /// property absent.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* }
            }
        }
    })
}

/// How a field is read.
enum Kind {
    Required,
    Lenient,
    Present,
    /// The flattened map of other properties.
    Rest,
}

struct Field<'a> {
    ident: &'a syn::Ident,
    ty: &'a syn::Type,
    wire: String,
    kind: Kind,
}

/// A struct as both derives see it.
struct Struct<'a> {
    ident: &'a syn::Ident,
    fields: Vec<Field<'a>>,
    deny_unknown: bool,
    closed: bool,
}

fn parse(input: &syn::DeriveInput) -> syn::Result<Struct<'_>> {
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(named),
        ..
    }) = &input.data
    else {
        return Err(syn::Error::new(
            input.ident.span(),
            "derives only for structs with named fields",
        ));
    };
    let mut deny_unknown = false;
    for attr in serde_attrs(&input.attrs) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("deny_unknown_fields") {
                deny_unknown = true;
                Ok(())
            } else {
                Err(meta.error("not a serde attribute this derive supports"))
            }
        })?;
    }
    let fields = named
        .named
        .iter()
        .map(field)
        .collect::<syn::Result<Vec<_>>>()?;
    if let Some(second) = fields
        .iter()
        .filter(|f| matches!(f.kind, Kind::Rest))
        .nth(1)
    {
        return Err(syn::Error::new(
            second.ident.span(),
            "at most one flattened map",
        ));
    }
    Ok(Struct {
        ident: &input.ident,
        fields,
        deny_unknown,
        closed: input.attrs.iter().any(|a| a.path().is_ident("closed")),
    })
}

fn expand_decode(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let Struct {
        ident,
        fields,
        deny_unknown,
        closed,
    } = parse(input)?;
    let (named, rest): (Vec<&Field>, Vec<&Field>) =
        fields.iter().partition(|f| !matches!(f.kind, Kind::Rest));
    let slot = |i: usize| format_ident!("f{}", i);
    let wires = named.iter().map(|f| &f.wire);
    let slots = (0..named.len()).map(slot);
    // Each slot typed, so that nothing is left to inference: the field's value, or the field
    // itself for an optional property kept as present.
    let slot_types = named.iter().map(|f| match f.kind {
        Kind::Present => f.ty.to_token_stream(),
        _ => {
            let ty = f.ty;
            quote!(::std::option::Option<#ty>)
        }
    });
    let reads = named.iter().enumerate().map(|(i, f)| {
        let (slot, wire) = (slot(i), &f.wire);
        let reader = match f.kind {
            Kind::Lenient => quote!(read_lenient),
            _ => quote!(read_field),
        };
        let i = Literal::usize_unsuffixed(i);
        quote!(__rt::Key::Field(#i) => __rt::#reader(&mut map, &mut #slot, #wire),)
    });
    // The required properties' slots unwrapped, or serde's `missing field` for the first one
    // missing. One match for all of them, so that the error leaves from one place: a `return`
    // per slot would each drop the slots still held, code that grows with the square of their
    // number.
    let (required_slots, required_wires): (Vec<_>, Vec<_>) = named
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.kind, Kind::Required))
        .map(|(i, f)| (slot(i), &f.wire))
        .unzip();
    let unwrap_required = match required_wires.split_last() {
        None => quote!(),
        Some((last_wire, before_wires)) => {
            let slots = &required_slots;
            let before = &required_slots[..before_wires.len()];
            quote! {
                let (#(#slots,)*) = match (#(#slots,)*) {
                    (#(::std::option::Option::Some(#slots),)*) => (#(#slots,)*),
                    (#(#before,)* _) => {
                        let name = #(if #before.is_none() { #before_wires } else)* { #last_wire };
                        return ::std::result::Result::Err(__rt::missing_field(&map, name));
                    }
                };
            }
        }
    };
    let mut inits: Vec<TokenStream> = named
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (slot, ident) = (slot(i), f.ident);
            match f.kind {
                Kind::Lenient => quote!(#ident: #slot.flatten()),
                _ => quote!(#ident: #slot),
            }
        })
        .collect();
    let (rest_slot, other) = match rest.first() {
        Some(f) => {
            let (ident, ty) = (f.ident, f.ty);
            inits.push(quote!(#ident: rest));
            let keep = quote!(map.next_value().map(|value| {
                rest.insert(name, value);
            }));
            let keep = match closed {
                true => quote!(__rt::other_property(&map, &name).and_then(|()| #keep)),
                false => keep,
            };
            (
                quote!(let mut rest: #ty = ::std::default::Default::default();),
                quote!(__rt::Key::Other(name) => #keep,),
            )
        }
        None if deny_unknown => (
            quote!(),
            quote!(__rt::Key::Other(name) => __rt::unknown_field(&map, &name, Self::FIELDS),),
        ),
        None => (
            quote!(),
            quote!(__rt::Key::Other(_) => __rt::skip_value(&mut map),),
        ),
    };
    Ok(quote! {
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                __rt::decode_struct(deserializer)
            }
        }

        impl __rt::DecodeStruct for #ident {
            const FIELDS: &'static [&'static str] = &[#(#wires),*];

            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                #(let mut #slots: #slot_types = ::std::option::Option::None;)*
                #rest_slot
                let mut next = 0;
                while let ::std::option::Option::Some(key) =
                    map.next_key_seed(__rt::Keys { fields: Self::FIELDS, next })?
                {
                    if let __rt::Key::Field(i) = key {
                        next = i + 1;
                    }
                    // One `?` for all arms.
                    match key {
                        #(#reads)*
                        __rt::Key::Field(_) => __rt::skip_value(&mut map),
                        #other
                    }?;
                }
                #unwrap_required
                ::std::result::Result::Ok(Self { #(#inits,)* })
            }
        }
    })
}

fn serde_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("serde"))
}

fn field(field: &syn::Field) -> syn::Result<Field<'_>> {
    let ident = field
        .ident
        .as_ref()
        .ok_or_else(|| syn::Error::new(field.span(), "a named field"))?;
    let optional = is_option(&field.ty);
    let mut wire = None;
    let mut kind = if optional {
        Kind::Lenient
    } else {
        Kind::Required
    };
    for attr in serde_attrs(&field.attrs) {
        attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident("rename") {
                wire = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if path.is_ident("flatten") {
                kind = Kind::Rest;
            } else if path.is_ident("deserialize_with") {
                let value = meta.value()?.parse::<syn::LitStr>()?;
                if !optional {
                    let message = "`deserialize_with` is for an `Option` field only";
                    return Err(syn::Error::new(value.span(), message));
                }
                kind = match value.value().as_str() {
                    "__rt::present" => Kind::Present,
                    "__rt::nullable" => Kind::Required,
                    _ => {
                        let message = "only `__rt::present` or `__rt::nullable` is supported here";
                        return Err(syn::Error::new(value.span(), message));
                    }
                };
            } else {
                return Err(meta.error("not a serde attribute this derive supports"));
            }
            Ok(())
        })?;
    }
    let wire = wire.unwrap_or_else(|| {
        let name = ident.to_string();
        name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
    });
    Ok(Field {
        ident,
        ty: &field.ty,
        wire,
        kind,
    })
}

/// Whether `ty` is an `Option` (by the last segment of its path, as serde's derive decides).
fn is_option(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "Option"),
        _ => false,
    }
}
