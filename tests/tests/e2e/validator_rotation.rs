//! End-to-end test 4: a validator added by governance at runtime starts authoring after the
//! session change. Eve runs a new node; the council authorises her node's PeerId and admits her
//! account; she generates session keys on her node (`author_rotateKeysWithOwner`) and registers
//! them; the council adds her to the validator set; two session boundaries later her node authors
//! blocks, and the chain keeps finalising across the change.

use codec::Decode;
use serde_json::Value;
use std::time::Duration;
use subxt::ext::codec;
use tds_e2e::{
	account_of,
	api::{
		self,
		runtime_types::{
			pallet_admission::pallet::Call as AdmissionCall,
			pallet_node_authorization::pallet::Call as NodeAuthorizationCall,
			pallet_validator_set::pallet::Call as ValidatorSetCall,
			tds_runtime::{RuntimeCall, SessionKeys},
		},
	},
	council_motion, dev_keypair, submit_finalized, wait_for, NodeKey, NodeSpec, Result,
	TestNetwork,
};

/// The Aura slot in a header's pre-runtime digest.
fn aura_slot(header: &Value) -> Option<u64> {
	let logs = header["digest"]["logs"].as_array()?;
	logs.iter().find_map(|log| {
		let bytes = hex::decode(log.as_str()?.trim_start_matches("0x")).ok()?;
		match sp_runtime::DigestItem::decode(&mut &bytes[..]).ok()? {
			sp_runtime::DigestItem::PreRuntime(engine, data) if engine == *b"aura" => {
				u64::decode(&mut &data[..]).ok()
			},
			_ => None,
		}
	})
}

#[tokio::test(flavor = "multi_thread")]
async fn governance_adds_a_validator_that_then_authors() -> Result<()> {
	let mut net = TestNetwork::local_consortium("validator_rotation").await?;
	let validators = ["alice", "bob", "charlie", "dave"];
	net.wait_finalized(&validators, 2, Duration::from_secs(120)).await?;
	let council: Vec<_> = ["alice", "bob", "charlie"].into_iter().map(dev_keypair).collect();
	let client = net.node("alice").client().await?;
	let eve = dev_keypair("eve");
	let eve_key = NodeKey::well_known(6);

	// Governance authorises Eve's node and admits her account.
	let peer_id = bs58::decode(eve_key.peer_id()).into_vec()?;
	council_motion(
		&client,
		RuntimeCall::NodeAuthorization(NodeAuthorizationCall::add_well_known_node {
			node: api::runtime_types::sp_core::OpaquePeerId(peer_id),
			owner: subxt::utils::MultiAddress::Id(account_of(&eve)),
		}),
		&council,
	)
	.await?;
	council_motion(
		&client,
		RuntimeCall::Admission(AdmissionCall::admit { who: account_of(&eve) }),
		&council,
	)
	.await?;

	// Eve's validator node joins and syncs.
	let mut spec = NodeSpec::new("eve", "local");
	spec.validator = true;
	spec.node_key = Some(eve_key);
	spec.bootnodes.push(net.first_addr()?);
	net.start(spec).await?;
	let target = net.common_finalized(&validators).await?;
	net.wait_finalized(&["eve"], target, Duration::from_secs(120)).await?;

	// Eve generates session keys in her node's keystore and registers them.
	let generated: Value = net
		.node("eve")
		.rpc(
			"author_rotateKeysWithOwner",
			vec![format!("0x{}", hex::encode(account_of(&eve).0)).into()],
		)
		.await?;
	let keys_hex = generated["keys"].as_str().expect("keys");
	let proof_hex = generated["proof"].as_str().expect("proof");
	let keys = SessionKeys::decode(&mut &hex::decode(keys_hex.trim_start_matches("0x"))?[..])?;
	let proof = hex::decode(proof_hex.trim_start_matches("0x"))?;
	let eve_aura = keys.aura.clone();
	submit_finalized(&client, &api::transactions().session().set_keys(keys, proof), &eve).await?;

	// The council adds Eve to the validator set.
	council_motion(
		&client,
		RuntimeCall::ValidatorSet(ValidatorSetCall::add_validator { who: account_of(&eve) }),
		&council,
	)
	.await?;

	// Within two sessions (20 blocks) Eve is an Aura authority…
	let authorities =
		wait_for("Eve to become an Aura authority", Duration::from_secs(120), || async {
			let at = client.at_current_block().await?;
			let authorities = at
				.storage()
				.entry(api::storage().aura().authorities())?
				.fetch(())
				.await?
				.decode()?
				.0;
			Ok(authorities.contains(&eve_aura).then_some(authorities))
		})
		.await?;
	let eve_index =
		authorities.iter().position(|a| *a == eve_aura).expect("Eve is an authority") as u64;
	let count = authorities.len() as u64;
	assert_eq!(count, 5);

	// …and her node authors blocks: a new block whose slot falls to her index.
	let eve_node = net.node("eve");
	let start = eve_node.best_number().await?;
	let authored = wait_for("a block authored by Eve", Duration::from_secs(120), || async {
		let best = eve_node.best_number().await?;
		for number in start + 1..=best {
			let Some(hash) = eve_node.block_hash(number).await? else { continue };
			let header: Value = eve_node.rpc("chain_getHeader", vec![hash.into()]).await?;
			if aura_slot(&header).is_some_and(|slot| slot % count == eve_index) {
				return Ok(Some(number));
			}
		}
		Ok(None)
	})
	.await?;

	// The chain keeps finalising across the change, past Eve's block.
	net.wait_finalized(&["alice", "eve"], authored + 2, Duration::from_secs(120))
		.await?;
	net.agreed_hash(&["alice", "bob", "eve"], authored).await?;
	Ok(())
}
