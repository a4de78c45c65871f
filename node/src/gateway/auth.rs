//! Who may query: a signed, fresh, replay-protected request from a key of an identity that may
//! act. Regulators and auditors see every entry; any other identity sees only the entries it
//! submitted itself; everyone else is refused.

use super::{
	now_ms, signer_of,
	store::{Cursor, Filter},
	Gateway, GatewayClient, Signer,
};
use tds_evidence::gateway::{verify_request, QueryRequest, SignedRequest, FRESHNESS_MS};
use tds_primitives::{
	catalog::parse_catalog_identifier,
	identity::{IdentityId, Role},
};

/// Largest page of a query.
pub const MAX_LIMIT: u32 = 100;
/// Most entries in one export.
pub const MAX_EXPORT: u32 = 1_000;
/// Page size when the request names none.
pub const DEFAULT_LIMIT: u32 = 50;

/// Why a request was refused; each has its JSON-RPC error code.
#[derive(Debug, PartialEq, Eq)]
pub enum AuthError {
	/// The signature does not verify.
	BadSignature,
	/// `time` is too far from the gateway's clock.
	Stale,
	/// The nonce was used before.
	Replayed,
	/// The key is unknown, or its identity may not act, or may not see what it asks for.
	NotAuthorised(String),
	/// The request does not parse or has a bad value.
	BadRequest(String),
	/// The registry or the store cannot be read.
	Unavailable(String),
}

/// What the caller may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
	/// Everything (a regulator or auditor).
	All,
	/// Only the entries this identity submitted.
	Own(IdentityId),
}

/// An authorised query.
#[derive(Debug)]
pub struct Authorised {
	/// The request.
	pub request: QueryRequest,
	/// Its filter, restricted to what the caller may see.
	pub filter: Filter,
	/// Where to resume.
	pub cursor: Option<Cursor>,
	/// Page size.
	pub limit: usize,
	/// What the caller may see.
	pub access: Access,
}

fn parse_cursor(text: &str) -> Option<Cursor> {
	let (time, leaf) = text.split_once(':')?;
	Some(Cursor { time: time.parse().ok()?, leaf: leaf.parse().ok()? })
}

/// `time:leaf`, as [`parse_cursor`] reads it.
pub fn format_cursor(cursor: &Cursor) -> String {
	format!("{}:{}", cursor.time, cursor.leaf)
}

/// What `signer` may see, with `filter` narrowed to it.
fn restrict(signer: Option<Signer>, filter: &mut Filter) -> Result<Access, AuthError> {
	let signer = signer
		.ok_or_else(|| AuthError::NotAuthorised("the key is not linked to any identity".into()))?;
	if let Err(why) = signer.standing {
		return Err(AuthError::NotAuthorised(format!("the identity may not act: {why}")));
	}
	if signer.roles.contains(Role::Regulator) || signer.roles.contains(Role::Auditor) {
		return Ok(Access::All);
	}
	match filter.identity {
		Some(asked) if asked != signer.id.0 => Err(AuthError::NotAuthorised(
			"only regulators and auditors may see other identities' entries".into(),
		)),
		_ => {
			filter.identity = Some(signer.id.0);
			Ok(Access::Own(signer.id))
		},
	}
}

/// Checks `signed` and says what it may see.
/// At most `max_limit` entries may be asked for.
pub fn authorise<C: GatewayClient>(
	gateway: &Gateway<C>,
	signed: &SignedRequest,
	max_limit: u32,
) -> Result<Authorised, AuthError> {
	if !verify_request(&gateway.genesis(), signed) {
		return Err(AuthError::BadSignature);
	}
	let request: QueryRequest = serde_json::from_str(&signed.request)
		.map_err(|e| AuthError::BadRequest(format!("the request does not parse: {e}")))?;
	let now = now_ms();
	if request.time.abs_diff(now) > FRESHNESS_MS {
		return Err(AuthError::Stale);
	}
	let nonce: [u8; 16] = request
		.nonce
		.0
		.as_slice()
		.try_into()
		.map_err(|_| AuthError::BadRequest("the nonce must be 16 bytes".into()))?;
	let signer = signer_of(&**gateway.client(), signed.signer.0).map_err(AuthError::Unavailable)?;
	let mut filter = Filter {
		catalog_entry: match &request.catalog_entry {
			Some(text) => Some(
				parse_catalog_identifier(text)
					.ok_or_else(|| AuthError::BadRequest(format!("bad catalog entry {text}")))?,
			),
			None => None,
		},
		from: request.from,
		to: request.to,
		caller: request.caller.map(|c| c.0),
		scenario: request.scenario,
		agreement: request.agreement,
		identity: request.identity.map(|i| i.0),
	};
	let access = restrict(signer, &mut filter)?;
	let cursor = match &request.cursor {
		Some(text) => Some(
			parse_cursor(text)
				.ok_or_else(|| AuthError::BadRequest(format!("bad cursor {text}")))?,
		),
		None => None,
	};
	let limit = request.limit.unwrap_or(DEFAULT_LIMIT);
	if limit == 0 || limit > max_limit {
		return Err(AuthError::BadRequest(format!("the limit must be 1 to {max_limit}")));
	}
	let expires = request.time.saturating_add(FRESHNESS_MS);
	let fresh = gateway
		.store()
		.use_nonce(signed.signer.0, nonce, expires, now)
		.map_err(|e| AuthError::Unavailable(e.to_string()))?;
	if !fresh {
		return Err(AuthError::Replayed);
	}
	Ok(Authorised { request, filter, cursor, limit: usize::try_from(limit).unwrap_or(50), access })
}

#[cfg(test)]
mod tests {
	use super::*;
	use tds_primitives::identity::Roles;

	fn signer(roles: &[Role], standing: Result<(), String>) -> Option<Signer> {
		Some(Signer {
			id: IdentityId::repeat_byte(7),
			roles: roles.iter().fold(Roles::default(), |set, role| set.with(*role)),
			standing,
		})
	}

	#[test]
	fn regulators_and_auditors_see_everything() {
		for role in [Role::Regulator, Role::Auditor] {
			let mut filter = Filter { identity: Some([1; 32]), ..Default::default() };
			assert_eq!(restrict(signer(&[role], Ok(())), &mut filter), Ok(Access::All));
			assert_eq!(filter.identity, Some([1; 32]), "their filter is theirs");
		}
	}

	#[test]
	fn other_identities_see_only_their_own_entries() {
		let mut filter = Filter::default();
		assert_eq!(
			restrict(signer(&[Role::Provider, Role::Operator], Ok(())), &mut filter),
			Ok(Access::Own(IdentityId::repeat_byte(7)))
		);
		assert_eq!(filter.identity, Some([7; 32]));
		let mut others = Filter { identity: Some([1; 32]), ..Default::default() };
		assert!(matches!(
			restrict(signer(&[Role::User], Ok(())), &mut others),
			Err(AuthError::NotAuthorised(_))
		));
	}

	#[test]
	fn unknown_keys_and_inactive_identities_are_refused() {
		let mut filter = Filter::default();
		assert!(matches!(restrict(None, &mut filter), Err(AuthError::NotAuthorised(_))));
		assert!(matches!(
			restrict(signer(&[Role::Regulator], Err("Frozen".into())), &mut filter),
			Err(AuthError::NotAuthorised(_))
		));
		assert_eq!(filter, Filter::default(), "a refusal changes nothing");
	}

	#[test]
	fn cursors_round_trip() {
		let cursor = Cursor { time: 17, leaf: 4 };
		assert_eq!(parse_cursor(&format_cursor(&cursor)), Some(cursor));
		assert_eq!(parse_cursor("17"), None);
		assert_eq!(parse_cursor("a:1"), None);
	}
}
