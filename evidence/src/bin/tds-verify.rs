//! `tds-verify`: verifies a TDS Ledger evidence bundle offline, against a trusted validator set,
//! with no network and no node. Prints each check; exits 0 if every check passed, 1 if any
//! failed, 2 if the files cannot be read.
//!
//! ```text
//! tds-verify BUNDLE.json --trusted-set SETS.json [--document FILE] [--repeat N]
//! ```

use clap::Parser;
use std::{path::PathBuf, process::ExitCode, time::Instant};
use tds_evidence::{verify, Bundle, Outcome, TrustedSets};

/// Verify a TDS Ledger evidence bundle offline (docs/evidence-bundle.md).
#[derive(Debug, Parser)]
#[command(name = "tds-verify", version)]
struct Args {
	/// The bundle (JSON).
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

fn main() -> ExitCode {
	let args = Args::parse();
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
