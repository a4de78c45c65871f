//! Runtime API of the identity registry: what the node's `identity_*` JSON-RPC methods ask the
//! runtime. Statuses in the answers are effective at the queried block: expiry by block time,
//! the home space's and a connector's owner's standing are applied.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_identity_registry::{HistoryKey, ParticipantInfo, SpaceInfo};
use tds_primitives::identity::{CrossSpaceVerdict, IdentityId, SpaceId};

sp_api::decl_runtime_apis! {
	/// Queries of the identity registry.
	///
	/// `Participant`, `Space` and `Entry` are the runtime's stored record types
	/// (`ParticipantOf<Runtime>`, `SpaceOf<Runtime>`, `HistoryEntryOf<Runtime>`).
	pub trait IdentityRegistryApi<AccountId, Participant, Space, Entry>
	where
		AccountId: Codec,
		Participant: Codec,
		Space: Codec,
		Entry: Codec,
	{
		/// A participant by identifier.
		fn participant(id: IdentityId) -> Option<ParticipantInfo<Participant>>;
		/// An organisation by its USCC characters (`None` if malformed or unknown).
		fn participant_by_uscc(uscc: Vec<u8>) -> Option<ParticipantInfo<Participant>>;
		/// The identity an account is linked to.
		fn participant_by_account(account: AccountId) -> Option<ParticipantInfo<Participant>>;
		/// A space by identifier.
		fn space(id: SpaceId) -> Option<SpaceInfo<Space>>;
		/// A page of a space's participants, after `start_after`, at most `limit` (capped by
		/// the runtime's `MaxPageSize`).
		fn participants_of_space(
			space: SpaceId,
			start_after: Option<IdentityId>,
			limit: u32,
		) -> Vec<ParticipantInfo<Participant>>;
		/// Whether identity `id` may act in `space`, with the four-field minimal record.
		fn verify_cross_space(space: SpaceId, id: IdentityId) -> CrossSpaceVerdict;
		/// A page of the history of a space or participant, from entry `from`.
		fn history(key: HistoryKey, from: u32, limit: u32) -> Vec<Entry>;
	}
}
