//! The machine's own ceilings for the evidence path, measured in-process (issue 9, figures 2
//! and 4): ed25519 strict verifications and BLAKE3 leaf hashes per second, on one core and on
//! every core; `tds-verify` bundle verifications per second on one core (given a bundle and
//! its trusted set); and inclusion and consistency proof sizes at 10^3, 10^6 and 10^9 leaves.
//!
//! `tds-bench-ceilings [--seconds S] [--runs N] [--bundle FILE --trusted-set FILE] [--out FILE]`
//! writes one result file (the report's JSON shape): each figure's runs, median, min and max.

use anyhow::{Context, Result};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;
use std::hint::black_box;
use tds_e2e::bench::{at_least, rate, rate_all_cores, write_section, Figure, Section};
use tds_evidence::{Bundle, TrustedSets};
use tds_primitives::merkle::{consistency_proof_length, inclusion_proof_length, leaf_hash};

/// The size of a gateway entry's bytes in the demo (291): what a leaf hash covers.
const ENTRY_BYTES: usize = 291;

struct Options {
	seconds: f64,
	runs: usize,
	bundle: Option<(String, String)>,
	out: Option<String>,
}

fn options() -> Result<Options> {
	let mut options = Options { seconds: 2.0, runs: 5, bundle: None, out: None };
	let mut args = std::env::args().skip(1);
	let (mut bundle, mut trusted) = (None, None);
	while let Some(arg) = args.next() {
		let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
		match arg.as_str() {
			"--seconds" => options.seconds = value()?.parse()?,
			"--runs" => options.runs = value()?.parse()?,
			"--bundle" => bundle = Some(value()?),
			"--trusted-set" => trusted = Some(value()?),
			"--out" => options.out = Some(value()?),
			other => anyhow::bail!("unknown option {other}"),
		}
	}
	options.bundle = bundle.zip(trusted);
	anyhow::ensure!(options.runs > 0 && options.seconds > 0.0, "runs and seconds must be positive");
	Ok(options)
}

fn main() -> Result<()> {
	let options = options()?;
	let measure = |what: &dyn Fn() -> f64| (0..options.runs).map(|_| what()).collect::<Vec<_>>();
	let mut section = Section::new("2. Machine ceilings of the evidence path");

	let key = SigningKey::from_bytes(&[7; 32]);
	let public = key.verifying_key();
	let message = [0x5a_u8; 16 + 32 + ENTRY_BYTES - 96];
	let signature = key.sign(&message);
	let verify = || {
		black_box(public.verify_strict(black_box(&message), black_box(&signature)).is_ok());
	};
	section.figures.push(Figure::new(
		"ceiling.ed25519.single.oneCore",
		"ed25519 verify_strict, one core",
		"verifications/s",
		measure(&|| rate(options.seconds, 1, verify)),
	));
	section.figures.push(Figure::new(
		"ceiling.ed25519.single.allCores",
		"ed25519 verify_strict, all cores",
		"verifications/s",
		measure(&|| rate_all_cores(options.seconds, 1, verify)),
	));
	let entry = [0xa5_u8; ENTRY_BYTES];
	let hash = || {
		black_box(leaf_hash(black_box(&entry)));
	};
	section.figures.push(Figure::new(
		"ceiling.blake3.oneCore",
		"BLAKE3 leaf hashes of 291-byte entries, one core",
		"hashes/s",
		measure(&|| rate(options.seconds, 1, hash)),
	));
	section.figures.push(Figure::new(
		"ceiling.blake3.allCores",
		"BLAKE3 leaf hashes of 291-byte entries, all cores",
		"hashes/s",
		measure(&|| rate_all_cores(options.seconds, 1, hash)),
	));

	// Proof sizes: the longest inclusion proof in a tree of n leaves, and the consistency proof
	// from the middle (and from n - 1) to n; 32 bytes a hash.
	for leaves in [1_000u64, 1_000_000, 1_000_000_000] {
		let inclusion = (0..leaves.min(4_096))
			.chain([leaves / 2, leaves - 1])
			.filter_map(|index| inclusion_proof_length(index, leaves).ok())
			.max()
			.unwrap_or_default();
		let from_half = consistency_proof_length(leaves / 2 + 1, leaves).unwrap_or_default();
		let from_last = consistency_proof_length(leaves - 1, leaves).unwrap_or_default();
		section.figures.push(
			Figure::new(
				&format!("proofs.inclusion.{leaves}"),
				&format!("longest inclusion proof at {leaves} leaves (computed)"),
				"bytes",
				vec![(inclusion * 32) as f64],
			)
			.detail(json!({
				"inclusionHashes": inclusion,
				"consistencyHashesFromHalf": from_half,
				"consistencyHashesFromLast": from_last,
			})),
		);
	}

	if let Some((bundle_path, trusted_path)) = &options.bundle {
		let text = std::fs::read_to_string(bundle_path)
			.with_context(|| format!("cannot read {bundle_path}"))?;
		let bundle: Bundle = serde_json::from_str(&text)?;
		let trust: TrustedSets = serde_json::from_str(&std::fs::read_to_string(trusted_path)?)?;
		anyhow::ensure!(
			tds_evidence::verify(&bundle, &trust, None).verified(),
			"the bundle does not verify"
		);
		section.figures.push(
			Figure::new(
				"proofs.verify.oneCore",
				"tds-verify bundle verifications, one core",
				"bundles/s",
				measure(&|| {
					rate(options.seconds, 1, || {
						black_box(
							tds_evidence::verify(black_box(&bundle), &trust, None).verified(),
						);
					})
				}),
			)
			.target(at_least(5_000.0, "≥ 5,000/s on one core"))
			.detail(json!({"bundleBytes": text.len()})),
		);
	}
	section.notes.push(format!(
		"{} runs of {} s each, in-process, nothing else running.",
		options.runs, options.seconds
	));
	write_section(&section, options.out.as_deref())
}
