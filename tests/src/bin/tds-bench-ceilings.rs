//! The machine's own ceilings for the evidence path, measured in-process (issue 9, figures 2
//! and 4): ed25519 strict verifications and BLAKE3 leaf hashes per second, on one core and on
//! every core; `tds-verify` bundle verifications per second on one core (given a bundle and
//! its trusted set); and inclusion and consistency proof sizes at 10^3, 10^6 and 10^9 leaves.
//!
//! `tds-bench-ceilings [--seconds S] [--runs N] [--bundle FILE --trusted-set FILE]` prints one
//! JSON document: for each figure the median, min and max of the runs and the machine.

use anyhow::{Context, Result};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};
use std::{
	hint::black_box,
	time::{Duration, Instant},
};
use tds_evidence::{Bundle, TrustedSets};
use tds_primitives::merkle::{consistency_proof_length, inclusion_proof_length, leaf_hash};

/// The size of a gateway entry's bytes in the demo (291): what a leaf hash covers.
const ENTRY_BYTES: usize = 291;

struct Options {
	seconds: f64,
	runs: usize,
	bundle: Option<(String, String)>,
}

fn options() -> Result<Options> {
	let mut options = Options { seconds: 2.0, runs: 5, bundle: None };
	let mut args = std::env::args().skip(1);
	let (mut bundle, mut trusted) = (None, None);
	while let Some(arg) = args.next() {
		let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
		match arg.as_str() {
			"--seconds" => options.seconds = value()?.parse()?,
			"--runs" => options.runs = value()?.parse()?,
			"--bundle" => bundle = Some(value()?),
			"--trusted-set" => trusted = Some(value()?),
			other => anyhow::bail!("unknown option {other}"),
		}
	}
	options.bundle = bundle.zip(trusted);
	anyhow::ensure!(options.runs > 0 && options.seconds > 0.0, "runs and seconds must be positive");
	Ok(options)
}

/// Operations per second of `work` (which does `batch` operations a call) over `seconds`.
fn rate(seconds: f64, batch: u64, mut work: impl FnMut()) -> f64 {
	let budget = Duration::from_secs_f64(seconds);
	let start = Instant::now();
	let mut done = 0u64;
	while start.elapsed() < budget {
		work();
		done += batch;
	}
	done as f64 / start.elapsed().as_secs_f64()
}

/// `rate` on every core at once: the sum of the threads' rates.
fn rate_all_cores(seconds: f64, batch: u64, work: impl Fn() + Sync) -> f64 {
	let cores = std::thread::available_parallelism().map_or(1, usize::from);
	std::thread::scope(|scope| {
		let handles: Vec<_> =
			(0..cores).map(|_| scope.spawn(|| rate(seconds, batch, &work))).collect();
		handles.into_iter().filter_map(|h| h.join().ok()).sum()
	})
}

/// Median, min and max of `runs` measurements.
fn summary(mut values: Vec<f64>, unit: &str) -> Value {
	values.sort_by(f64::total_cmp);
	let median = values[values.len() / 2];
	json!({
		"median": median.round(),
		"min": values.first().copied().unwrap_or_default().round(),
		"max": values.last().copied().unwrap_or_default().round(),
		"runs": values.len(),
		"unit": unit,
	})
}

fn machine() -> Value {
	let cpu = std::fs::read_to_string("/proc/cpuinfo")
		.ok()
		.and_then(|info| {
			info.lines()
				.find(|l| l.starts_with("model name"))
				.and_then(|l| l.split_once(':'))
				.map(|(_, name)| name.trim().to_owned())
		})
		.unwrap_or_else(|| "unknown".into());
	json!({
		"cores": std::thread::available_parallelism().map_or(1, usize::from),
		"cpu": cpu,
	})
}

fn main() -> Result<()> {
	let options = options()?;
	let measure = |what: &dyn Fn() -> f64| (0..options.runs).map(|_| what()).collect::<Vec<_>>();

	let key = SigningKey::from_bytes(&[7; 32]);
	let public = key.verifying_key();
	let message = [0x5a_u8; 16 + 32 + ENTRY_BYTES - 96];
	let signature = key.sign(&message);
	let verify = || {
		black_box(public.verify_strict(black_box(&message), black_box(&signature)).is_ok());
	};
	let ed25519_one = measure(&|| rate(options.seconds, 1, verify));
	let ed25519_all = measure(&|| rate_all_cores(options.seconds, 1, verify));

	let entry = [0xa5_u8; ENTRY_BYTES];
	let hash = || {
		black_box(leaf_hash(black_box(&entry)));
	};
	let blake3_one = measure(&|| rate(options.seconds, 1, hash));
	let blake3_all = measure(&|| rate_all_cores(options.seconds, 1, hash));

	let mut report = json!({
		"machine": machine(),
		"secondsPerRun": options.seconds,
		"ed25519VerifyStrictPerSecond": {
			"oneCore": summary(ed25519_one, "verifications/s"),
			"allCores": summary(ed25519_all, "verifications/s"),
		},
		"blake3LeafHashesPerSecond": {
			"entryBytes": ENTRY_BYTES,
			"oneCore": summary(blake3_one, "hashes/s"),
			"allCores": summary(blake3_all, "hashes/s"),
		},
	});

	// Proof sizes: the longest inclusion proof in a tree of n leaves, and the consistency proof
	// from the middle (and from n - 1) to n; 32 bytes a hash.
	let mut proofs = Vec::new();
	for leaves in [1_000u64, 1_000_000, 1_000_000_000] {
		let inclusion = (0..leaves.min(4_096))
			.chain([leaves / 2, leaves - 1])
			.filter_map(|index| inclusion_proof_length(index, leaves).ok())
			.max()
			.unwrap_or_default();
		let from_half = consistency_proof_length(leaves / 2 + 1, leaves).unwrap_or_default();
		let from_last = consistency_proof_length(leaves - 1, leaves).unwrap_or_default();
		proofs.push(json!({
			"leaves": leaves,
			"inclusionHashes": inclusion,
			"inclusionBytes": inclusion * 32,
			"consistencyHashesFromHalf": from_half,
			"consistencyHashesFromLast": from_last,
		}));
	}
	report["proofSizes"] = Value::Array(proofs);

	if let Some((bundle_path, trusted_path)) = &options.bundle {
		let text = std::fs::read_to_string(bundle_path)
			.with_context(|| format!("cannot read {bundle_path}"))?;
		let bundle: Bundle = serde_json::from_str(&text)?;
		let trust: TrustedSets = serde_json::from_str(&std::fs::read_to_string(trusted_path)?)?;
		anyhow::ensure!(
			tds_evidence::verify(&bundle, &trust, None).verified(),
			"the bundle does not verify"
		);
		let bundles = measure(&|| {
			rate(options.seconds, 1, || {
				black_box(tds_evidence::verify(black_box(&bundle), &trust, None).verified());
			})
		});
		report["bundleVerificationsPerSecond"] = json!({
			"bundleBytes": text.len(),
			"oneCore": summary(bundles, "bundles/s"),
		});
	}
	println!("{}", serde_json::to_string_pretty(&report)?);
	Ok(())
}
