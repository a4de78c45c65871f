//! Building a world on a running chain, as its users do: spaces admitted by the council,
//! organisations registered and verified by their operators with the roles they applied for,
//! catalog entries registered, reviewed and listed. Each step is a real, finalised extrinsic.

use crate::{
	account_of,
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_catalog::types::FieldsInput,
			pallet_identity_registry::{
				pallet::Call as RegistryCall,
				types::{NewSubject, Qualification, Verdict, Verification},
			},
			tds_primitives::{
				catalog::{
					AuthorisationType, EntryKind, NegativeListCheck, SensitivityLevel, SourceClass,
					UpdateFrequency,
				},
				identity::{Role, SpaceType, VerificationSource},
			},
			tds_runtime::RuntimeCall,
		},
	},
	council_motion, dev_keypair, submit_finalized, Client, Result,
};
use std::time::{SystemTime, UNIX_EPOCH};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

/// A day in milliseconds.
pub const DAY_MS: u64 = 86_400_000;

/// Wall-clock time in Unix milliseconds (the dev chain's block time follows it).
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Bytes as the runtime's bounded vector.
pub fn bounded(bytes: &[u8]) -> BoundedVec<u8> {
	BoundedVec(bytes.to_vec())
}

/// The identity of an organisation, from its USCC.
pub fn organisation_id(uscc: &str) -> Result<H256> {
	let code = tds_primitives::identity::Uscc::parse(uscc.as_bytes())
		.map_err(|e| anyhow::anyhow!("{uscc}: {e:?}"))?;
	let id = tds_primitives::identity::identity_id(
		&tds_primitives::identity::IdentityKey::Organisation(code),
	);
	Ok(H256(id.0))
}

/// Alice files space number `space`, operated by `operator`; the council (Alice) admits it.
pub async fn admitted_space(client: &Client, operator: &Keypair, space: u32) -> Result<()> {
	admitted_space_by(client, operator, space, &[dev_keypair("alice")]).await
}

/// The first of `council` files space number `space`, operated by `operator`; a motion of all
/// of `council` admits it.
pub async fn admitted_space_by(
	client: &Client,
	operator: &Keypair,
	space: u32,
	council: &[Keypair],
) -> Result<()> {
	let filer = council.first().ok_or_else(|| anyhow::anyhow!("no council members"))?;
	let qualification = Qualification {
		report: H256::repeat_byte(0xa1),
		verifier: bounded(b"CESI"),
		verdict: Verdict::Pass,
		valid_from: now_ms() - DAY_MS,
		valid_until: now_ms() + 365 * DAY_MS,
		scenarios: H256::repeat_byte(0xa2),
		restrictions: H256::repeat_byte(0xa3),
		verified_on: now_ms() - DAY_MS,
	};
	let file = api::transactions().identity_registry().file_space(
		format!("space {space}").into_bytes(),
		SpaceType::Industry,
		vec![account_of(operator)],
		vec![qualification],
	);
	submit_finalized(client, &file, filer).await?;
	let approve =
		RuntimeCall::IdentityRegistry(RegistryCall::approve_space { space, reason: H256::zero() });
	council_motion(client, approve, council).await
}

/// The operator registers and verifies an organisation linked to `key`; with `role`, the
/// organisation applies for it and the operator grants it. Returns its identity.
pub async fn organisation(
	client: &Client,
	space: u32,
	operator: &Keypair,
	uscc: &str,
	key: &Keypair,
	role: Option<Role>,
) -> Result<H256> {
	let registry = api::transactions().identity_registry();
	let register = registry.register_participant(
		space,
		NewSubject::Organisation { uscc: bounded(uscc.as_bytes()) },
		uscc.as_bytes().to_vec(),
		Some(account_of(key)),
	);
	submit_finalized(client, &register, operator).await?;
	let id = organisation_id(uscc)?;
	let verification = Verification {
		source: VerificationSource::Official,
		verifier: bounded(b"SAMR"),
		verified_on: now_ms(),
		valid_until: None,
		materials: None,
	};
	submit_finalized(client, &registry.verify_participant(id, verification), operator).await?;
	if let Some(role) = role {
		submit_finalized(client, &registry.request_role(role.clone()), key).await?;
		submit_finalized(client, &registry.grant_role(id, role), operator).await?;
	}
	Ok(id)
}

/// A self-check answering no to every prohibited category and yes to sensitive personal data.
pub fn self_check() -> NegativeListCheck {
	NegativeListCheck {
		state_secrets: false,
		national_security: false,
		lifelines_or_public_interest: false,
		infringes_rights: false,
		public_safety: false,
		trade_secrets: false,
		sensitive_personal: true,
	}
}

/// The minimal fields of an enterprise dataset named `name`.
pub fn dataset_fields(name: &str) -> FieldsInput {
	FieldsInput {
		name: name.as_bytes().to_vec(),
		data_type: b"structured".to_vec(),
		format: b"CSV".to_vec(),
		source: SourceClass::Enterprise,
		classification: b"J6851".to_vec(),
		update_frequency: UpdateFrequency::Monthly,
		authorisation: AuthorisationType::Contract,
		usage_restrictions: H256::repeat_byte(0xc1),
		sensitivity: SensitivityLevel::Sensitive,
	}
}

/// The provider registers catalog entry number `entry` (`kind`, `fields`, BLAKE3 `metadata`),
/// submits it with its declaration and self-check, its operator approves it and the provider
/// lists it.
pub async fn listed_entry(
	client: &Client,
	provider: &Keypair,
	operator: &Keypair,
	entry: u64,
	kind: EntryKind,
	fields: FieldsInput,
	metadata: H256,
) -> Result<()> {
	let catalog = api::transactions().catalog();
	submit_finalized(client, &catalog.register(kind, fields, metadata), provider).await?;
	let submit =
		catalog.submit_for_review(entry, Some(H256::repeat_byte(0xd1)), Some(self_check()), None);
	submit_finalized(client, &submit, provider).await?;
	submit_finalized(client, &catalog.approve(entry), operator).await?;
	submit_finalized(client, &catalog.publish(entry, None), provider).await?;
	Ok(())
}
