//! `tds-verify`: verifies a TDS Ledger evidence bundle offline, against a trusted validator set,
//! with no network and no node. Prints each check; exits 0 if every check passed, 1 if any
//! failed, 2 if the files cannot be read.
//!
//! ```text
//! tds-verify BUNDLE.json --trusted-set SETS.json [--document FILE] [--repeat N]
//! tds-verify EXPORT.json --trusted-set SETS.json
//! ```
//!
//! An export (a gateway's signed query result, `format: tds-evidence-export`) is recognised by
//! its format: its signature and every bundle in it are checked.

use clap::Parser;
use std::{path::PathBuf, process::ExitCode, time::Instant};
use tds_evidence::{
	export::{verify_export, Export, EXPORT_FORMAT},
	verify, Bundle, Outcome, TrustedSets,
};

/// Verify a TDS Ledger evidence bundle offline (docs/evidence-bundle.md).
#[derive(Debug, Parser)]
#[command(name = "tds-verify", version)]
struct Args {
	/// The bundle, or an export of bundles (JSON).
	bundle: PathBuf,
	/// The trusted validator sets and genesis hash (JSON: `{"genesisHash", "sets": [{"setId",
	/// "authorities": [ed25519 public keys]}]}`).
	#[arg(long, value_name = "FILE")]
	trusted_set: PathBuf,
	/// For a notarised event: the document, whose BLAKE3-256 must be the notarised digest.
	#[arg(long, value_name = "FILE")]
	document: Option<PathBuf>,
	/// Verify this many times and print the time per verification (a benchmark).
	#[arg(long, value_name = "N", default_value_t = 1)]
	repeat: u32,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &PathBuf, what: &str) -> Result<T, String> {
	let text = std::fs::read(path)
		.map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))?;
	serde_json::from_slice(&text)
		.map_err(|e| format!("the {what} {} is not valid: {e}", path.display()))
}

/// Verifies an export; prints each check and each bundle's verdict.
fn verify_export_file(args: &Args) -> ExitCode {
	let inputs = (|| {
		let export: Export = read_json(&args.bundle, "export")?;
		let trust: TrustedSets = read_json(&args.trusted_set, "trusted set")?;
		Ok::<_, String>((export, trust))
	})();
	let (export, trust) = match inputs {
		Ok(inputs) => inputs,
		Err(e) => {
			eprintln!("tds-verify: {e}");
			return ExitCode::from(2);
		},
	};
	let report = verify_export(&export, &trust);
	for (name, passed, detail) in &report.checks {
		println!("{}  {name:<12} {detail}", if *passed { "ok     " } else { "FAILED " });
	}
	for (leaf, failure) in &report.bundles {
		let leaf = leaf.map_or_else(|| "?".to_owned(), |l| l.to_string());
		match failure {
			None => println!("ok      bundle       entry {leaf}"),
			Some(why) => println!("FAILED  bundle       entry {leaf}: {why}"),
		}
	}
	if report.verified() {
		println!("VERIFIED export of {} bundle(s)", report.bundles.len());
		ExitCode::SUCCESS
	} else {
		println!("REJECTED");
		ExitCode::from(1)
	}
}

fn main() -> ExitCode {
	let args = Args::parse();
	let is_export = std::fs::read(&args.bundle)
		.ok()
		.and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
		.is_some_and(|value| value["format"] == EXPORT_FORMAT);
	if is_export {
		return verify_export_file(&args);
	}
	let inputs = (|| {
		let bundle: Bundle = read_json(&args.bundle, "bundle")?;
		let trust: TrustedSets = read_json(&args.trusted_set, "trusted set")?;
		let document = args
			.document
			.as_ref()
			.map(|path| {
				std::fs::read(path)
					.map_err(|e| format!("cannot read the document {}: {e}", path.display()))
			})
			.transpose()?;
		Ok::<_, String>((bundle, trust, document))
	})();
	let (bundle, trust, document) = match inputs {
		Ok(inputs) => inputs,
		Err(e) => {
			eprintln!("tds-verify: {e}");
			return ExitCode::from(2);
		},
	};
	let started = Instant::now();
	let mut report = verify(&bundle, &trust, document.as_deref());
	for _ in 1..args.repeat {
		report = verify(&bundle, &trust, document.as_deref());
	}
	let elapsed = started.elapsed();
	for check in &report.checks {
		match &check.outcome {
			Outcome::Passed(detail) => println!("ok      {:<12} {detail}", check.name),
			Outcome::Failed(why) => println!("FAILED  {:<12} {why}", check.name),
			Outcome::Skipped => println!("skipped {:<12} (depends on a failed check)", check.name),
		}
	}
	if args.repeat > 1 {
		let each = elapsed.as_secs_f64() / f64::from(args.repeat);
		println!(
			"timing  {} verifications in {:.3} s: {:.1} µs each, {:.0} per second on one core",
			args.repeat,
			elapsed.as_secs_f64(),
			each * 1e6,
			1.0 / each
		);
	}
	if report.verified() {
		println!("VERIFIED");
		ExitCode::SUCCESS
	} else {
		let failed =
			report.checks.iter().filter(|c| matches!(c.outcome, Outcome::Failed(_))).count();
		println!("REJECTED: {failed} check(s) failed");
		ExitCode::from(1)
	}
}
