//! The usage link (docs/gateway.md, "Usage reports"): entries that record a use under an
//! agreement are counted per agreement and reported on chain with `report_usage`, so that the
//! chain's policy enforcement sees actual use.
//!
//! The reporter works in rounds over the gateway's log. A round covers the leaves from the
//! reported cursor up to the tree size anchored in the finalised state (so every reported entry
//! is provable), and its end is stored before anything is submitted. Its plan is a pure
//! function of the stored entries and the agreements' frequency windows, so a restarted node
//! computes the same reports again; the chain's `ReportedThrough` position (written by the same
//! extrinsic as the report) says which were counted, so none is counted twice. The cursor moves
//! to the round's end once every agreement of the round is reported or skipped.

use super::{anchor, signer_of, Gateway, GatewayClient};
use pallet_agreements::AgreementInfoOf;
use pallet_agreements_runtime_api::AgreementsApi;
use pallet_identity_registry_runtime_api::IdentityRegistryApi;
use sc_transaction_pool_api::TransactionPool;
use std::{
	collections::{BTreeMap, HashMap},
	time::{Duration, Instant},
};
use tds_primitives::{
	agreement::{
		AgreementId, AgreementStatus, Manner, ScenarioCode, UsageContext, UsageReport,
		REPORT_DIGEST_DOMAIN,
	},
	identity::{IdentityId, Role, SpaceId},
	log::{LogEntry, Outcome},
	notary::EventKind,
	opaque::Block,
	Moment,
};
use tds_runtime::{Runtime, RuntimeCall};

/// Reports per `report_usage` call: the runtime's `MaxUsageReports`.
pub const MAX_REPORTS: usize = 32;

/// Submissions of one report before the reporter gives it up (each waits a mortality period).
const MAX_ATTEMPTS: u32 = 3;

/// The space recorded for a user the registry does not know: no policy lists it.
const UNKNOWN_SPACE: SpaceId = SpaceId::MAX;

/// The free field that names an entry's manner of use (`compute-only`, `read`, `download`).
pub const MANNER_FIELD: &[u8] = b"manner";

/// What an entry says about use: the agreement and the manner, if it records a use.
///
/// A use is an interface call (manner `read` unless the entry's `manner` field says otherwise)
/// or a development operation (`compute-only` unless it says otherwise) that names an
/// agreement and succeeded; a failed call returned nothing.
pub fn use_of(entry: &LogEntry) -> Option<(AgreementId, Manner)> {
	let agreement = entry.agreement?;
	if entry.outcome != Outcome::Success {
		return None;
	}
	let default = match entry.kind {
		EventKind::InterfaceCall => Manner::Read,
		EventKind::DevelopmentOperation => Manner::ComputeOnly,
		_ => return None,
	};
	let named =
		entry
			.fields
			.iter()
			.find(|(key, _)| key.as_slice() == MANNER_FIELD)
			.map(|(_, v)| match v.as_slice() {
				b"compute-only" => Manner::ComputeOnly,
				b"download" => Manner::Download,
				_ => Manner::Read,
			});
	Some((agreement, named.unwrap_or(default)))
}

/// A batch of one agreement's reports: every use in leaves below `through` not reported by an
/// earlier batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
	/// `report_usage`'s `through`: a leaf position, strictly increasing from batch to batch.
	pub through: u64,
	/// At most [`MAX_REPORTS`] reports, ordered by window and first use.
	pub reports: Vec<UsageReport>,
}

/// One report being built, with the hash of its entries so far.
struct Group {
	report: UsageReport,
	leaves: blake3::Hasher,
}

/// The reports of one agreement being built, batch by batch.
#[derive(Default)]
struct Builder {
	open: BTreeMap<(u64, IdentityId, ScenarioCode, u8), Group>,
	done: Vec<Batch>,
}

impl Builder {
	fn close(&mut self, through: u64) {
		let mut groups: Vec<Group> = std::mem::take(&mut self.open).into_values().collect();
		groups.sort_by_key(|group| (group.report.last, group.report.first));
		let reports = groups
			.into_iter()
			.map(|group| {
				let mut report = group.report;
				report.context.evidence = Some(group.leaves.finalize().as_bytes().into());
				report
			})
			.collect();
		self.done.push(Batch { through, reports });
	}
}

/// Plans a round: the batches of every agreement that entries `entries` (leaf index, leaf
/// hash, entry; in leaf order, all below `end`) record uses under. `window` gives an
/// agreement's frequency window (`None` without a frequency limit; `Err` to skip the
/// agreement); `space_of` a user's home space.
pub fn plan<'a>(
	entries: impl IntoIterator<Item = (u64, [u8; 32], &'a LogEntry)>,
	end: u64,
	mut window: impl FnMut(AgreementId) -> Result<Option<Moment>, String>,
	mut space_of: impl FnMut(&IdentityId) -> Option<SpaceId>,
) -> BTreeMap<AgreementId, Result<Vec<Batch>, String>> {
	let mut windows: HashMap<AgreementId, Result<Option<Moment>, String>> = HashMap::new();
	let mut spaces: HashMap<IdentityId, SpaceId> = HashMap::new();
	let mut builders: BTreeMap<AgreementId, Result<Builder, String>> = BTreeMap::new();
	for (leaf, leaf_hash, entry) in entries {
		let Some((agreement, manner)) = use_of(entry) else { continue };
		let length = windows.entry(agreement).or_insert_with(|| window(agreement));
		let builder = builders
			.entry(agreement)
			.or_insert_with(|| length.clone().map(|_| Builder::default()));
		let (Ok(length), Ok(builder)) = (length, builder) else { continue };
		let slot = length.map_or(0, |length| entry.time.checked_div(length).unwrap_or(0));
		let scenario = entry.scenario.unwrap_or(0);
		let key = (slot, entry.caller, scenario, manner.bit());
		if !builder.open.contains_key(&key) && builder.open.len() >= MAX_REPORTS {
			builder.close(leaf);
		}
		let space = *spaces
			.entry(entry.caller)
			.or_insert_with(|| space_of(&entry.caller).unwrap_or(UNKNOWN_SPACE));
		let group = builder.open.entry(key).or_insert_with(|| {
			let mut leaves = blake3::Hasher::new();
			leaves.update(REPORT_DIGEST_DOMAIN);
			Group {
				report: UsageReport {
					context: UsageContext {
						user: entry.caller,
						space,
						scenario,
						manner,
						fields: 0,
						volume: 0,
						onward_transfer: false,
						marketing: false,
						sublicensing: false,
						evidence: None,
					},
					uses: 0,
					total_volume: 0,
					first: entry.time,
					last: entry.time,
				},
				leaves,
			}
		});
		let report = &mut group.report;
		report.uses = report.uses.saturating_add(1);
		report.total_volume = report.total_volume.saturating_add(entry.volume);
		report.context.volume = report.context.volume.max(entry.volume);
		report.first = report.first.min(entry.time);
		report.last = report.last.max(entry.time);
		group.leaves.update(&leaf_hash);
	}
	builders
		.into_iter()
		.map(|(agreement, builder)| {
			let batches = builder.map(|mut builder| {
				if !builder.open.is_empty() {
					builder.close(end);
				}
				builder.done
			});
			(agreement, batches)
		})
		.collect()
}

/// How an agreement of the round stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgreementState {
	/// Batches remain to be counted on chain.
	Pending,
	/// Every batch is counted on chain.
	Reported,
	/// Not reported, and why (the entries stay in the log and in drill-through).
	Skipped(String),
}

/// One agreement's line in `notary_gatewayStatus.usage`.
#[derive(Clone, Debug)]
pub struct AgreementProgress {
	/// The agreement.
	pub agreement: AgreementId,
	/// Uses in the round.
	pub uses: u64,
	/// Reports in the round.
	pub reports: usize,
	/// Where it stands.
	pub state: AgreementState,
}

/// The reporter's progress, for `notary_gatewayStatus`.
#[derive(Clone, Debug, Default)]
pub struct UsageStatus {
	/// Leaves below this are reported.
	pub cursor: u64,
	/// The round in progress: its end.
	pub round_end: Option<u64>,
	/// Uses counted on chain by this node's reports since it started.
	pub uses_reported: u64,
	/// The agreements of the round in progress or, once done, of the last one.
	pub agreements: Vec<AgreementProgress>,
}

struct Planned {
	start: u64,
	end: u64,
	agreements: BTreeMap<AgreementId, Result<Vec<Batch>, String>>,
	skipped: BTreeMap<AgreementId, String>,
}

/// The reporter's state between steps.
#[derive(Default)]
pub struct Reporter {
	planned: Option<Planned>,
	/// `(agreement, through)` submitted: at which best block, how many times.
	in_flight: HashMap<(AgreementId, u64), (u64, u32)>,
	last_round: Option<Instant>,
}

/// May the notary identity `(id, roles)` report for `info`: is it a party, or the operator
/// organisation of the filing space?
fn may_report(
	id: &IdentityId,
	roles: tds_primitives::identity::Roles,
	home: Option<SpaceId>,
	info: &AgreementInfoOf<Runtime>,
) -> Result<(), String> {
	if info.record.party(id).is_some() {
		return Ok(());
	}
	if roles.contains(Role::Operator) && home == Some(info.record.space) {
		return Ok(());
	}
	Err(format!(
		"the gateway's identity is neither a party nor the operator organisation of space {}",
		info.record.space
	))
}

impl Reporter {
	/// One step: starts a round when one is due, plans it, submits what is not yet counted,
	/// and closes the round when nothing remains.
	pub async fn step<C: GatewayClient, P: TransactionPool<Block = Block>>(
		&mut self,
		gateway: &Gateway<C>,
		pool: &P,
		nonces: &mut anchor::Nonces,
		interval: Duration,
	) -> Result<(), String> {
		let store = gateway.store();
		let client = gateway.client();
		let (cursor, round_end) = store.usage_progress().map_err(|e| e.to_string())?;
		let end = match round_end {
			Some(end) => end,
			None => {
				let provable = gateway.status().finalised;
				let due = self.last_round.is_none_or(|at| at.elapsed() >= interval);
				if provable <= cursor || !due {
					gateway.update_status(|s| {
						s.usage.cursor = cursor;
						s.usage.round_end = None;
					});
					return Ok(());
				}
				store.begin_usage_round(provable).map_err(|e| e.to_string())?;
				self.last_round = Some(Instant::now());
				provable
			},
		};
		let info = client.info();
		let mut planned = match self.planned.take() {
			Some(planned) if (planned.start, planned.end) == (cursor, end) => planned,
			_ => {
				self.in_flight.clear();
				Self::plan_round(gateway, cursor, end)?
			},
		};

		let key = gateway.key();
		let me = signer_of(&**client, key.public().0)?.ok_or_else(|| {
			format!("the notary key {} is not linked to any identity", key.account())
		})?;
		let home = client
			.runtime_api()
			.participant(info.best_hash, me.id)
			.map_err(|e| format!("runtime API: {e}"))?
			.map(|p| p.record.space);
		let account = key.account();
		let best_number = u64::from(info.best_number);
		let mut progress = Vec::new();
		let mut remaining = false;
		for (agreement, batches) in &planned.agreements {
			let (uses, reports) = batches.as_ref().map_or((0, 0), |batches| {
				let uses =
					batches.iter().flat_map(|b| &b.reports).map(|r| u64::from(r.uses)).sum::<u64>();
				(uses, batches.iter().map(|b| b.reports.len()).sum())
			});
			let skipped = planned.skipped.get(agreement).cloned();
			let state = match (batches, skipped) {
				(_, Some(why)) => AgreementState::Skipped(why),
				(Err(why), _) => AgreementState::Skipped(why.clone()),
				(Ok(batches), None) => {
					let at = |hash| {
						client
							.runtime_api()
							.reported_through(hash, *agreement, account.clone())
							.map_err(|e| format!("runtime API: {e}"))
					};
					let counted = at(info.finalized_hash)?.unwrap_or(0);
					let in_best = at(info.best_hash)?.unwrap_or(0);
					match batches.iter().find(|batch| batch.through > counted) {
						None => AgreementState::Reported,
						Some(_) => {
							match self
								.submit_next(
									gateway,
									pool,
									nonces,
									*agreement,
									batches,
									in_best,
									best_number,
									&me,
									home,
								)
								.await
							{
								Ok(()) => AgreementState::Pending,
								Err(why) => {
									planned.skipped.insert(*agreement, why.clone());
									log::warn!(target: "gateway", "usage of agreement {agreement} not reported: {why}");
									AgreementState::Skipped(why)
								},
							}
						},
					}
				},
			};
			if state == AgreementState::Pending {
				remaining = true;
			}
			progress.push(AgreementProgress { agreement: *agreement, uses, reports, state });
		}
		if !remaining {
			store.finish_usage_round(end).map_err(|e| e.to_string())?;
			let reported: u64 = progress
				.iter()
				.filter(|p| p.state == AgreementState::Reported)
				.map(|p| p.uses)
				.sum();
			log::info!(target: "gateway", "usage reported for leaves {cursor}..{end}: {reported} uses under {} agreements", progress.len());
			gateway.update_status(|s| {
				s.usage.uses_reported = s.usage.uses_reported.saturating_add(reported);
			});
		} else {
			self.planned = Some(planned);
		}
		gateway.update_status(|s| {
			s.usage.cursor = if remaining { cursor } else { end };
			s.usage.round_end = remaining.then_some(end);
			s.usage.agreements = progress;
		});
		Ok(())
	}

	/// Plans the round `[start, end)` from the store and the chain.
	fn plan_round<C: GatewayClient>(
		gateway: &Gateway<C>,
		start: u64,
		end: u64,
	) -> Result<Planned, String> {
		let client = gateway.client();
		let best = client.info().best_hash;
		let mut entries = Vec::new();
		gateway
			.store()
			.for_each_entry(start, end, |leaf, bytes, signed| {
				if use_of(&signed.entry).is_some() {
					entries.push((leaf, tds_primitives::merkle::leaf_hash(bytes), signed.entry));
				}
			})
			.map_err(|e| e.to_string())?;
		let agreements = plan(
			entries.iter().map(|(leaf, hash, entry)| (*leaf, *hash, entry)),
			end,
			|agreement| {
				let info = client
					.runtime_api()
					.agreement(best, agreement)
					.map_err(|e| format!("runtime API: {e}"))?
					.ok_or_else(|| format!("agreement {agreement} is not on chain"))?;
				Ok(info.record.terms.policy.frequency.map(|f| f.window))
			},
			|user| {
				client
					.runtime_api()
					.participant(best, *user)
					.ok()
					.flatten()
					.map(|p| p.record.space)
			},
		);
		Ok(Planned { start, end, agreements, skipped: BTreeMap::new() })
	}

	/// Submits the first batch of `agreement` not counted in the best chain, unless it is in
	/// flight; `Err` says why the agreement cannot be reported.
	#[allow(clippy::too_many_arguments)]
	async fn submit_next<C: GatewayClient, P: TransactionPool<Block = Block>>(
		&mut self,
		gateway: &Gateway<C>,
		pool: &P,
		nonces: &mut anchor::Nonces,
		agreement: AgreementId,
		batches: &[Batch],
		in_best: u64,
		best_number: u64,
		me: &super::Signer,
		home: Option<SpaceId>,
	) -> Result<(), String> {
		// Later batches wait until the earlier one is in the best chain: the chain takes them
		// in order.
		let Some(batch) = batches.iter().find(|batch| batch.through > in_best) else {
			return Ok(());
		};
		let flight = (agreement, batch.through);
		let attempts = match self.in_flight.get(&flight) {
			Some(&(at, _)) if best_number <= at.saturating_add(anchor::MORTALITY) => return Ok(()),
			Some(&(_, attempts)) => {
				nonces.reset();
				if attempts >= MAX_ATTEMPTS {
					return Err(format!(
						"the report through leaf {} was not counted after {attempts} submissions",
						batch.through
					));
				}
				attempts
			},
			None => 0,
		};
		let client = gateway.client();
		let info = client
			.runtime_api()
			.agreement(client.info().best_hash, agreement)
			.map_err(|e| format!("runtime API: {e}"))?
			.ok_or_else(|| format!("agreement {agreement} is not on chain"))?;
		if info.status != AgreementStatus::Active {
			return Err(format!("agreement {agreement} is {:?}, not active", info.status));
		}
		me.standing
			.clone()
			.map_err(|why| format!("the gateway's identity may not act: {why}"))?;
		may_report(&me.id, me.roles, home, &info)?;
		let call = RuntimeCall::Agreements(pallet_agreements::Call::report_usage {
			agreement,
			through: batch.through,
			reports: batch.reports.clone(),
		});
		anchor::submit(gateway, pool, gateway.key(), call, nonces).await?;
		log::debug!(target: "gateway", "reporting {} uses of agreement {agreement} through leaf {}", batch.reports.iter().map(|r| u64::from(r.uses)).sum::<u64>(), batch.through);
		self.in_flight.insert(flight, (best_number, attempts.saturating_add(1)));
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use tds_primitives::{agreement::report_digest, identity::Digest, log::LOG_ENTRY_VERSION};

	const MINUTE: Moment = 60_000;
	const T0: Moment = 1_795_392_000_000;

	fn user(n: u8) -> IdentityId {
		IdentityId::repeat_byte(n)
	}

	fn entry(agreement: Option<AgreementId>, caller: u8, minute: u64, volume: u64) -> LogEntry {
		LogEntry {
			version: LOG_ENTRY_VERSION,
			identity: IdentityId::repeat_byte(0xaa),
			caller: user(caller),
			time: T0 + minute * MINUTE,
			sequence: minute,
			kind: EventKind::InterfaceCall,
			interface: b"/claims/query".to_vec(),
			request_digest: Digest::zero(),
			volume,
			outcome: Outcome::Success,
			agreement,
			catalog_entry: None,
			scenario: Some(7),
			fields: vec![],
		}
	}

	fn hash(leaf: u64) -> [u8; 32] {
		*blake3::hash(&leaf.to_le_bytes()).as_bytes()
	}

	fn run(
		entries: &[LogEntry],
		window: Option<Moment>,
	) -> BTreeMap<AgreementId, Result<Vec<Batch>, String>> {
		let end = u64::try_from(entries.len()).unwrap();
		plan(
			entries.iter().enumerate().map(|(i, e)| (i as u64, hash(i as u64), e)),
			end,
			|agreement| if agreement == 9 { Err("unknown".into()) } else { Ok(window) },
			|id| (id == &user(1)).then_some(3),
		)
	}

	#[test]
	fn only_successful_calls_and_operations_under_an_agreement_are_uses() {
		let call = entry(Some(1), 1, 0, 5);
		assert_eq!(use_of(&call), Some((1, Manner::Read)));
		assert_eq!(use_of(&entry(None, 1, 0, 5)), None);
		assert_eq!(
			use_of(&LogEntry { outcome: Outcome::Failed { code: 503 }, ..call.clone() }),
			None
		);
		assert_eq!(use_of(&LogEntry { kind: EventKind::TokenIssuance, ..call.clone() }), None);
		let operation = LogEntry { kind: EventKind::DevelopmentOperation, ..call.clone() };
		assert_eq!(use_of(&operation), Some((1, Manner::ComputeOnly)));
		let download =
			LogEntry { fields: vec![(b"manner".to_vec(), b"download".to_vec())], ..call };
		assert_eq!(use_of(&download), Some((1, Manner::Download)));
	}

	#[test]
	fn uses_are_counted_per_agreement_user_and_window() {
		let mut entries = vec![
			entry(Some(1), 1, 0, 10),
			entry(Some(1), 1, 1, 30),
			entry(Some(2), 1, 2, 10),
			entry(Some(1), 2, 3, 10),
			entry(None, 1, 4, 10),
			entry(Some(1), 1, 70, 20),
		];
		entries.push(LogEntry { outcome: Outcome::Failed { code: 1 }, ..entry(Some(1), 1, 71, 1) });
		let planned = run(&entries, Some(60 * MINUTE));
		let first = planned[&1].as_ref().unwrap();
		assert_eq!(first.len(), 1);
		assert_eq!(first[0].through, 7);
		let reports = &first[0].reports;
		// User 1 in the first hour, user 2 in the first hour, user 1 in the second.
		assert_eq!(reports.len(), 3);
		assert_eq!((reports[0].context.user, reports[0].uses), (user(1), 2));
		assert_eq!((reports[0].total_volume, reports[0].context.volume), (40, 30));
		assert_eq!((reports[0].first, reports[0].last), (T0, T0 + MINUTE));
		assert_eq!(reports[0].context.space, 3);
		assert_eq!((reports[1].context.user, reports[1].context.space), (user(2), UNKNOWN_SPACE));
		assert_eq!((reports[2].uses, reports[2].first), (1, T0 + 70 * MINUTE));
		let mut expected = blake3::Hasher::new();
		expected.update(REPORT_DIGEST_DOMAIN).update(&hash(0)).update(&hash(1));
		assert_eq!(
			reports[0].context.evidence,
			Some(Digest::from(*expected.finalize().as_bytes()))
		);
		assert_eq!(
			reports[0].context.evidence.map(|d| d.0),
			Some(report_digest([&hash(0), &hash(1)]))
		);
		assert_eq!(planned[&2].as_ref().unwrap()[0].reports[0].uses, 1);
		// Each report stays within one hour.
		for report in reports {
			assert_eq!(report.first / (60 * MINUTE), report.last / (60 * MINUTE));
		}
	}

	#[test]
	fn without_a_frequency_limit_one_report_per_user() {
		let entries = [entry(Some(1), 1, 0, 10), entry(Some(1), 1, 600, 10)];
		let planned = run(&entries, None);
		assert_eq!(planned[&1].as_ref().unwrap()[0].reports.len(), 1);
	}

	#[test]
	fn more_groups_than_a_call_takes_make_batches_at_leaf_positions() {
		let entries: Vec<LogEntry> =
			(0..70).map(|minute| entry(Some(1), 1, minute * 60, 1)).collect();
		let planned = run(&entries, Some(60 * MINUTE));
		let batches = planned[&1].as_ref().unwrap();
		assert_eq!(batches.len(), 3);
		assert_eq!(
			batches.iter().map(|b| (b.through, b.reports.len())).collect::<Vec<_>>(),
			vec![(32, 32), (64, 32), (70, 6)]
		);
		// Same input, same plan: a restarted node submits the same reports.
		assert_eq!(run(&entries, Some(60 * MINUTE))[&1], planned[&1]);
	}

	#[test]
	fn an_agreement_the_chain_does_not_know_is_skipped() {
		let planned = run(&[entry(Some(9), 1, 0, 1), entry(Some(1), 1, 0, 1)], None);
		assert_eq!(planned[&9], Err("unknown".into()));
		assert!(planned[&1].is_ok());
	}
}
