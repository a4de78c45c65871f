//! Calls by name, checked against the runtime's metadata: `tds tx`, `tds calls` and council
//! motions reach every call of every pallet without a hand-written type per call.
//!
//! Arguments are written in the text syntax of `scale-value` (`{ name: "x" }`, `Active`,
//! `Some(3)`, `(1, 2)`, `0x…` bytes, SS58 addresses) and encoded by subxt against the call's
//! argument types; text written where the runtime wants bytes is taken as its UTF-8 bytes.

use anyhow::{anyhow, bail, ensure, Context, Result};
use scale_info::{form::PortableForm, Field, PortableRegistry, TypeDef, TypeDefPrimitive, Variant};
use std::fmt::Write as _;
use subxt::{
	ext::scale_value::{
		self,
		stringify::custom_parsers::{parse_hex, parse_ss58},
		Composite, Primitive, Value, ValueDef,
	},
	metadata::{Metadata, PalletMetadata},
};

/// The runtime's metadata as this client was built with, for help without a node.
pub fn embedded() -> Result<Metadata> {
	Metadata::decode_from(include_bytes!("../../tests/metadata/tds-runtime.scale"))
		.map_err(|e| anyhow!("the embedded metadata does not decode: {e}"))
}

/// Lower-case letters and digits only: `identity-registry`, `IdentityRegistry` and
/// `identity_registry` name the same pallet.
fn normalised(name: &str) -> String {
	name.chars()
		.filter(char::is_ascii_alphanumeric)
		.map(|c| c.to_ascii_lowercase())
		.collect()
}

/// The pallet called `name` (any case, with or without separators) that has calls.
pub fn pallet<'a>(metadata: &'a Metadata, name: &str) -> Result<PalletMetadata<'a>> {
	let wanted = normalised(name);
	metadata
		.pallets()
		.find(|pallet| normalised(pallet.name()) == wanted && pallet.call_variants().is_some())
		.ok_or_else(|| {
			let names: Vec<&str> = metadata
				.pallets()
				.filter(|pallet| pallet.call_variants().is_some())
				.map(|pallet| pallet.name())
				.collect();
			anyhow!("no pallet {name} with calls; the pallets are {}", names.join(", "))
		})
}

/// The call `name` of `pallet`.
pub fn call<'a>(pallet: &PalletMetadata<'a>, name: &str) -> Result<&'a Variant<PortableForm>> {
	let wanted = normalised(name);
	let calls = pallet.call_variants().unwrap_or_default();
	calls.iter().find(|call| normalised(&call.name) == wanted).ok_or_else(|| {
		let names: Vec<&str> = calls.iter().map(|call| call.name.as_str()).collect();
		anyhow!("{} has no call {name}; its calls are {}", pallet.name(), names.join(", "))
	})
}

/// One argument from the command line: a value in `scale-value` syntax, or `@FILE` for the
/// contents of a file.
pub fn parse(text: &str) -> Result<Value<()>> {
	let text = match text.strip_prefix('@') {
		Some(path) => {
			std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?
		},
		None => text.to_owned(),
	};
	let text = unit_variants(&text);
	let (parsed, rest) = scale_value::stringify::from_str_custom()
		.add_custom_parser(parse_hex)
		.add_custom_parser(parse_ss58)
		.parse(&text);
	let value = parsed.map_err(|e| anyhow!("cannot read the value {text:?}: {e}"))?;
	ensure!(rest.trim().is_empty(), "unexpected text after the value: {:?}", rest.trim());
	Ok(value)
}

/// `text` with `()` after every bare name (`Industry`, `None`), which `scale-value` writes as
/// `Industry()`; field names, names followed by fields, `true`/`false` and the insides of
/// strings are left alone.
fn unit_variants(text: &str) -> String {
	let chars: Vec<char> = text.chars().collect();
	let mut out = String::with_capacity(text.len() + 8);
	let mut position = 0;
	let mut quote: Option<char> = None;
	while let Some(&c) = chars.get(position) {
		position += 1;
		if let Some(open) = quote {
			out.push(c);
			if c == '\\' {
				if let Some(&escaped) = chars.get(position) {
					out.push(escaped);
					position += 1;
				}
			} else if c == open {
				quote = None;
			}
			continue;
		}
		if c == '"' || c == '\'' {
			quote = Some(c);
			out.push(c);
			continue;
		}
		let at_boundary = position < 2
			|| chars.get(position - 2).is_some_and(|p| !p.is_alphanumeric() && *p != '_');
		if !((c.is_alphabetic() || c == '_') && at_boundary) {
			out.push(c);
			continue;
		}
		let mut name = String::from(c);
		while let Some(&next) = chars.get(position).filter(|c| c.is_alphanumeric() || **c == '_') {
			name.push(next);
			position += 1;
		}
		let following = chars.iter().skip(position).find(|c| !c.is_whitespace());
		out.push_str(&name);
		if !matches!(following, Some('(' | '{' | ':')) && name != "true" && name != "false" {
			out.push_str("()");
		}
	}
	out
}

/// The arguments of `call`, parsed and fitted to its argument types.
pub fn arguments(
	metadata: &Metadata,
	pallet: &PalletMetadata<'_>,
	call: &Variant<PortableForm>,
	args: &[String],
) -> Result<Vec<Value<()>>> {
	if args.len() != call.fields.len() {
		bail!(
			"{}.{} takes {} argument(s), {} given: {}",
			pallet.name(),
			call.name,
			call.fields.len(),
			args.len(),
			signature(metadata, call)
		);
	}
	call.fields
		.iter()
		.zip(args)
		.map(|(field, text)| {
			let name = field.name.as_deref().unwrap_or("argument");
			let value = parse(text).with_context(|| format!("argument {name}"))?;
			Ok(fit(value, field.ty.id, metadata.types()))
		})
		.collect()
}

/// The call as a value of the runtime's `RuntimeCall`, for calls that carry a call (motions).
pub fn runtime_call(pallet: &PalletMetadata<'_>, call: &str, args: Vec<Value<()>>) -> Value<()> {
	Value::unnamed_variant(pallet.name(), [Value::unnamed_variant(call, args)])
}

/// SCALE bytes of `value` as the runtime's `RuntimeCall`, checked against the metadata.
pub fn encode_runtime_call(metadata: &Metadata, value: &Value<()>) -> Result<Vec<u8>> {
	let mut bytes = Vec::new();
	scale_value::scale::encode_as_type(
		value,
		metadata.outer_enums().call_enum_ty(),
		metadata.types(),
		&mut bytes,
	)
	.map_err(|e| anyhow!("the call does not fit the runtime: {e}"))?;
	Ok(bytes)
}

/// The type with id `id`, `None` if the registry lacks it.
fn resolve(types: &PortableRegistry, id: u32) -> Option<&TypeDef<PortableForm>> {
	types.resolve(id).map(|ty| &ty.type_def)
}

/// Whether type `id` is `u8`.
fn is_u8(types: &PortableRegistry, id: u32) -> bool {
	matches!(resolve(types, id), Some(TypeDef::Primitive(TypeDefPrimitive::U8)))
}

/// The element type, when type `id` is a byte sequence or array (seen through newtypes such as
/// `BoundedVec`).
fn bytes_like(types: &PortableRegistry, id: u32) -> bool {
	match resolve(types, id) {
		Some(TypeDef::Sequence(sequence)) => is_u8(types, sequence.type_param.id),
		Some(TypeDef::Array(array)) => is_u8(types, array.type_param.id),
		Some(TypeDef::Composite(composite)) => match composite.fields.as_slice() {
			[only] => bytes_like(types, only.ty.id),
			_ => false,
		},
		_ => false,
	}
}

/// `value` adjusted to type `id`: text where bytes are wanted becomes its UTF-8 bytes, and
/// numbers written as text (`"1_000"`) become numbers. The structure is left as written: the
/// encoder checks it (and sees through newtypes such as `BoundedVec` itself).
pub fn fit(value: Value<()>, id: u32, types: &PortableRegistry) -> Value<()> {
	let Some(def) = resolve(types, id) else { return value };
	// A newtype is looked through unless the value names its one field.
	if let TypeDef::Composite(ty) = def {
		if let [only] = ty.fields.as_slice() {
			let names_the_field = match (&value.value, &only.name) {
				(ValueDef::Composite(Composite::Named(values)), Some(name)) => {
					values.len() == 1 && values.first().is_some_and(|(n, _)| n == name)
				},
				_ => false,
			};
			if !names_the_field {
				return fit(value, only.ty.id, types);
			}
		}
	}
	if let ValueDef::Primitive(Primitive::String(text)) = &value.value {
		if bytes_like(types, id) {
			return Value::from_bytes(text.as_bytes());
		}
	}
	let unchanged = |value: ValueDef<()>| Value { value, context: () };
	match (value.value, def) {
		(ValueDef::Composite(composite), TypeDef::Composite(ty)) => {
			unchanged(ValueDef::Composite(fit_fields(composite, &ty.fields, types)))
		},
		(ValueDef::Composite(Composite::Unnamed(values)), TypeDef::Sequence(sequence)) => {
			Value::unnamed_composite(
				values.into_iter().map(|v| fit(v, sequence.type_param.id, types)),
			)
		},
		(ValueDef::Composite(Composite::Unnamed(values)), TypeDef::Array(array)) => {
			Value::unnamed_composite(values.into_iter().map(|v| fit(v, array.type_param.id, types)))
		},
		(ValueDef::Composite(Composite::Unnamed(values)), TypeDef::Tuple(tuple))
			if values.len() == tuple.fields.len() =>
		{
			Value::unnamed_composite(
				values.into_iter().zip(&tuple.fields).map(|(v, ty)| fit(v, ty.id, types)),
			)
		},
		(ValueDef::Variant(variant), TypeDef::Variant(ty)) => {
			let fields = ty
				.variants
				.iter()
				.find(|candidate| candidate.name == variant.name)
				.map(|candidate| candidate.fields.as_slice())
				.unwrap_or_default();
			let values = fit_fields(variant.values, fields, types);
			Value::variant(variant.name, values)
		},
		(other, TypeDef::Compact(compact)) => fit(unchanged(other), compact.type_param.id, types),
		(ValueDef::Primitive(Primitive::String(text)), TypeDef::Primitive(primitive))
			if is_number(primitive) =>
		{
			text.replace('_', "")
				.parse::<u128>()
				.map(Value::u128)
				.unwrap_or_else(|_| Value::string(text))
		},
		(other, _) => unchanged(other),
	}
}

fn is_number(primitive: &TypeDefPrimitive) -> bool {
	!matches!(primitive, TypeDefPrimitive::Bool | TypeDefPrimitive::Char | TypeDefPrimitive::Str)
}

fn fit_fields(
	composite: Composite<()>,
	fields: &[Field<PortableForm>],
	types: &PortableRegistry,
) -> Composite<()> {
	match composite {
		Composite::Named(values) => Composite::Named(
			values
				.into_iter()
				.map(|(name, value)| {
					match fields.iter().find(|field| field.name.as_deref() == Some(name.as_str())) {
						Some(field) => (name, fit(value, field.ty.id, types)),
						None => (name, value),
					}
				})
				.collect(),
		),
		Composite::Unnamed(values) => {
			let count = values.len();
			Composite::Unnamed(
				values
					.into_iter()
					.enumerate()
					.map(|(position, value)| match fields.get(position) {
						Some(field) if count == fields.len() => fit(value, field.ty.id, types),
						_ => value,
					})
					.collect(),
			)
		},
	}
}

/// `name: Type, …` of a call, for usage messages.
pub fn signature(metadata: &Metadata, call: &Variant<PortableForm>) -> String {
	let args: Vec<String> = call
		.fields
		.iter()
		.map(|field| {
			format!(
				"{}: {}",
				field.name.as_deref().unwrap_or("_"),
				type_name(metadata.types(), field.ty.id, field.type_name.as_deref())
			)
		})
		.collect();
	format!("{}({})", call.name, args.join(", "))
}

/// A short name for type `id`: its declared name where the metadata has one.
fn type_name(types: &PortableRegistry, id: u32, declared: Option<&str>) -> String {
	if let Some(declared) = declared {
		let declared = declared.replace("T::", "").replace("Box <", "Box<");
		// `Box<X>` is written as `X`.
		return match declared.strip_prefix("Box<").and_then(|inner| inner.strip_suffix('>')) {
			Some(inner) => inner.to_owned(),
			None => declared,
		};
	}
	let Some(ty) = types.resolve(id) else { return format!("#{id}") };
	ty.path.segments.last().cloned().unwrap_or_else(|| match &ty.type_def {
		TypeDef::Primitive(primitive) => format!("{primitive:?}").to_lowercase(),
		TypeDef::Sequence(sequence) => {
			format!("Vec<{}>", type_name(types, sequence.type_param.id, None))
		},
		TypeDef::Array(array) => {
			format!("[{}; {}]", type_name(types, array.type_param.id, None), array.len)
		},
		TypeDef::Tuple(tuple) => format!(
			"({})",
			tuple
				.fields
				.iter()
				.map(|f| type_name(types, f.id, None))
				.collect::<Vec<_>>()
				.join(", ")
		),
		TypeDef::Compact(compact) => type_name(types, compact.type_param.id, None),
		_ => format!("#{id}"),
	})
}

/// How to write a value of type `id`, expanded `depth` levels deep.
pub fn shape(types: &PortableRegistry, id: u32, depth: usize) -> String {
	let Some(ty) = types.resolve(id) else { return format!("#{id}") };
	let name = ty.path.segments.last().cloned().unwrap_or_default();
	if bytes_like(types, id) {
		return match resolve(types, id) {
			Some(TypeDef::Array(array)) => format!("0x… ({} bytes)", array.len),
			_ if name == "AccountId32" => "SS58 address or 0x… (32 bytes)".into(),
			_ => match fixed_len(types, id) {
				Some(len) => format!("0x… ({len} bytes)"),
				None => "\"text\" or 0x… bytes".into(),
			},
		};
	}
	match &ty.type_def {
		TypeDef::Primitive(primitive) => format!("{primitive:?}").to_lowercase(),
		TypeDef::Compact(compact) => shape(types, compact.type_param.id, depth),
		TypeDef::Sequence(sequence) => {
			format!("({}, …)", shape(types, sequence.type_param.id, depth.saturating_sub(1)))
		},
		TypeDef::Array(array) => format!(
			"({}, … {} in all)",
			shape(types, array.type_param.id, depth.saturating_sub(1)),
			array.len
		),
		TypeDef::Tuple(tuple) => format!(
			"({})",
			tuple
				.fields
				.iter()
				.map(|f| shape(types, f.id, depth.saturating_sub(1)))
				.collect::<Vec<_>>()
				.join(", ")
		),
		TypeDef::Composite(composite) => match composite.fields.as_slice() {
			[only] if only.name.is_none() => shape(types, only.ty.id, depth),
			_ if depth == 0 => name,
			fields => fields_shape(types, fields, depth),
		},
		TypeDef::Variant(variant) if name == "Option" => {
			let inner = variant
				.variants
				.iter()
				.find(|v| v.name == "Some")
				.and_then(|v| v.fields.first())
				.map(|f| shape(types, f.ty.id, depth))
				.unwrap_or_default();
			format!("None | Some({inner})")
		},
		TypeDef::Variant(_) if depth == 0 => name,
		TypeDef::Variant(variant) => variant
			.variants
			.iter()
			.map(|v| match v.fields.as_slice() {
				[] => v.name.clone(),
				fields => {
					format!("{} {}", v.name, fields_shape(types, fields, depth.saturating_sub(1)))
				},
			})
			.collect::<Vec<_>>()
			.join(" | "),
		TypeDef::BitSequence(_) => "<0101…>".into(),
	}
}

/// The length of a fixed-size byte newtype (`H256` is `[u8; 32]`).
fn fixed_len(types: &PortableRegistry, id: u32) -> Option<u32> {
	match resolve(types, id)? {
		TypeDef::Array(array) => Some(array.len),
		TypeDef::Composite(composite) => match composite.fields.as_slice() {
			[only] => fixed_len(types, only.ty.id),
			_ => None,
		},
		_ => None,
	}
}

fn fields_shape(types: &PortableRegistry, fields: &[Field<PortableForm>], depth: usize) -> String {
	let named = fields.iter().all(|f| f.name.is_some());
	let parts: Vec<String> = fields
		.iter()
		.map(|f| {
			let inner = shape(types, f.ty.id, depth.saturating_sub(1));
			match (&f.name, named) {
				(Some(name), true) => format!("{name}: {inner}"),
				_ => inner,
			}
		})
		.collect();
	if named {
		format!("{{ {} }}", parts.join(", "))
	} else {
		format!("({})", parts.join(", "))
	}
}

/// A call's documentation, its arguments and how to write each.
pub fn describe_call(metadata: &Metadata, pallet: &str, call: &Variant<PortableForm>) -> String {
	let mut text = format!("{pallet}.{}\n", signature(metadata, call));
	for line in &call.docs {
		let _ = writeln!(text, "    {line}");
	}
	if !call.fields.is_empty() {
		let _ = writeln!(text, "  arguments:");
	}
	for field in &call.fields {
		let _ = writeln!(
			text,
			"    {}: {}",
			field.name.as_deref().unwrap_or("_"),
			shape(metadata.types(), field.ty.id, 3)
		);
	}
	text
}

/// A value for people: byte strings as hex, the rest in `scale-value` syntax.
pub fn display<T>(value: &Value<T>) -> String {
	let mut text = String::new();
	let written = scale_value::stringify::to_writer_custom()
		.add_custom_formatter(|value, writer| {
			scale_value::stringify::custom_formatters::format_hex(value, writer)
		})
		.write(value, &mut text);
	match written {
		Ok(()) => text,
		Err(_) => String::from("(unprintable)"),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn metadata() -> Metadata {
		embedded().expect("the embedded metadata decodes")
	}

	#[test]
	fn bare_names_are_unit_variants() {
		assert_eq!(unit_variants("Industry"), "Industry()");
		assert_eq!(
			unit_variants(r#"{ verdict: Pass, name: "Pass it", on: true, kind: Product(Api) }"#),
			r#"{ verdict: Pass(), name: "Pass it", on: true, kind: Product(Api()) }"#
		);
		assert_eq!(unit_variants("Some(0xab) None"), "Some(0xab) None()");
		assert_eq!(unit_variants(r#"Org { uscc: "9\"X" }"#), r#"Org { uscc: "9\"X" }"#);
	}

	#[test]
	fn names_match_in_any_case_and_form() {
		let metadata = metadata();
		let registry = pallet(&metadata, "identity-registry").expect("found");
		assert_eq!(registry.name(), "IdentityRegistry");
		assert_eq!(
			call(&registry, "registerParticipant").expect("found").name,
			"register_participant"
		);
		let unknown = call(&registry, "fly").expect_err("no such call").to_string();
		assert!(unknown.contains("register_participant"), "{unknown}");
		assert!(pallet(&metadata, "nothing").is_err());
	}

	#[test]
	fn text_for_bytes_becomes_bytes_and_the_call_encodes() {
		let metadata = metadata();
		let notary = pallet(&metadata, "Notary").expect("found");
		let notarise = call(&notary, "notarise").expect("found");
		let digest = format!("0x{}", "ab".repeat(32));
		let args = arguments(
			&metadata,
			&notary,
			notarise,
			&[digest, "ApplicationMaterial".into(), "None".into(), "Some(7)".into(), "None".into()],
		)
		.expect("parsed");
		let bytes = encode_runtime_call(&metadata, &runtime_call(&notary, &notarise.name, args))
			.expect("fits");
		// pallet index, call index, the 32-byte digest, the kind, None, Some(7u64), None.
		assert_eq!(bytes.len(), 2 + 32 + 1 + 1 + 1 + 8 + 1);
	}

	#[test]
	fn text_addresses_and_nested_structures_fit_a_filing() {
		let metadata = metadata();
		let registry = pallet(&metadata, "IdentityRegistry").expect("found");
		let file_space = call(&registry, "file_space").expect("found");
		let digest = format!("0x{}", "a1".repeat(32));
		let qualification = format!(
			"({{ report: {digest}, verifier: \"CESI\", verdict: Pass, valid_from: 1, \
			 valid_until: \"2_000\", scenarios: {digest}, restrictions: {digest}, verified_on: 1 }})"
		);
		let args = arguments(
			&metadata,
			&registry,
			file_space,
			&[
				"\"space 0\"".into(),
				"Industry".into(),
				"(5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY)".into(),
				qualification,
			],
		)
		.expect("parsed");
		let bytes =
			encode_runtime_call(&metadata, &runtime_call(&registry, &file_space.name, args))
				.expect("fits");
		let name = b"space 0";
		assert!(bytes.windows(name.len()).any(|w| w == name), "the name is its UTF-8 bytes");
		let alice = hex::decode("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
			.expect("hex");
		assert!(bytes.windows(32).any(|w| w == alice.as_slice()), "the SS58 address is decoded");
		assert!(bytes.windows(8).any(|w| w == 2_000u64.to_le_bytes()), "text numbers are numbers");
	}

	#[test]
	fn wrong_arity_and_bad_values_are_refused_with_the_signature() {
		let metadata = metadata();
		let notary = pallet(&metadata, "Notary").expect("found");
		let notarise = call(&notary, "notarise").expect("found");
		let short = arguments(&metadata, &notary, notarise, &["0x00".into()]).expect_err("arity");
		assert!(short.to_string().contains("notarise(digest"), "{short}");
		let bad = arguments(
			&metadata,
			&notary,
			notarise,
			&["0x00".into(), "NotAKind".into(), "None".into(), "None".into(), "None".into()],
		)
		.expect("parses");
		assert!(encode_runtime_call(&metadata, &runtime_call(&notary, "notarise", bad)).is_err());
		assert!(parse("{ unclosed").is_err());
		assert!(parse("1 2").is_err());
	}

	#[test]
	fn shapes_say_how_to_write_values() {
		let metadata = metadata();
		let notary = pallet(&metadata, "Notary").expect("found");
		let text =
			describe_call(&metadata, notary.name(), call(&notary, "notarise").expect("found"));
		assert!(text.contains("digest: 0x… (32 bytes)"), "{text}");
		assert!(text.contains("None | Some(u64)"), "{text}");
	}
}
