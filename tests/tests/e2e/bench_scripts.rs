//! The benchmark report's Python scripts (`scripts/bench-weights.py`, `scripts/bench-report.py`,
//! `scripts/profile-report.py`): their self-tests, the weights table over the runtime's real
//! generated weights, and a report merged from a result file in the shape the Rust benchmark
//! binaries write (tests/src/bench.rs).

use serde_json::{json, Value};
use std::{path::Path, process::Command};
use tds_e2e::{workspace_root, Result};

fn python(script: &str, args: &[&str]) -> Result<String> {
	let output = Command::new("python3")
		.arg(workspace_root().join("scripts").join(script))
		.args(args)
		.output()?;
	let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
	anyhow::ensure!(
		output.status.success(),
		"{script} {args:?} failed: {stdout}{}",
		String::from_utf8_lossy(&output.stderr)
	);
	Ok(stdout)
}

fn path(p: &Path) -> &str {
	p.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn the_scripts_pass_their_self_tests() -> Result<()> {
	assert!(python("bench-weights.py", &["--self-test"])?.contains("self-test: ok"));
	assert!(python("profile-report.py", &["--self-test"])?.contains("self-test: ok"));
	Ok(())
}

#[test]
fn every_generated_weight_gets_a_per_block_maximum() -> Result<()> {
	let dir = tempfile::tempdir()?;
	let out = dir.path().join("weights.json");
	python("bench-weights.py", &["--json", path(&out)])?;
	let report: Value = serde_json::from_slice(&std::fs::read(&out)?)?;
	let calls = report["calls"].as_array().expect("calls");
	let notarise = calls
		.iter()
		.find(|c| c["pallet"] == "pallet_notary" && c["call"] == "notarise")
		.expect("notary.notarise is in the table");
	assert!(notarise["maxPerBlock"].as_u64().expect("maxPerBlock") > 0);
	// The transaction extensions' weights come from their own file; every other weight file of
	// the runtime contributes its calls.
	assert!(report["transactionExtensionsPs"].as_u64().expect("extensions' weight") > 0);
	let weights_dir = workspace_root().join("runtime/src/weights");
	for file in std::fs::read_dir(weights_dir)? {
		let name = file?.file_name().to_string_lossy().into_owned();
		let Some(pallet) = name
			.strip_suffix(".rs")
			.filter(|p| !["mod", "frame_system_extensions"].contains(p))
		else {
			continue;
		};
		assert!(
			calls.iter().any(|c| c["pallet"] == pallet),
			"no call of {pallet} in the weights table"
		);
	}
	Ok(())
}

#[test]
fn the_report_judges_each_figure_against_its_target() -> Result<()> {
	let dir = tempfile::tempdir()?;
	let figure = |id: &str, median: f64, target: Value| {
		json!({"id": id, "title": id, "unit": "ms", "median": median, "min": median,
			"max": median, "runs": 1, "values": [median], "target": target, "limit": null,
			"detail": null})
	};
	let result = json!({
		"section": "3. Latency, four validators",
		"command": "tds-bench latency",
		"machine": {"cores": 2, "cpu": "test CPU", "memoryGiB": 1.0, "kernel": "test"},
		"notes": [],
		"figures": [
			figure("latency.met", 3000.0, json!({"op": "<=", "value": 4000.0, "text": "≤ 4 s"})),
			figure("latency.missed", 5000.0, json!({"op": "<=", "value": 4000.0, "text": "≤ 4 s"})),
		],
	});
	let input = dir.path().join("latency.json");
	std::fs::write(&input, serde_json::to_vec(&result)?)?;
	python("bench-report.py", &["--out-dir", path(dir.path()), path(&input)])?;
	let report: Value = serde_json::from_slice(&std::fs::read(dir.path().join("report.json"))?)?;
	let text = report.to_string();
	let judged = |id: &str| -> Value {
		report["sections"]
			.as_array()
			.into_iter()
			.flatten()
			.flat_map(|s| s["figures"].as_array().cloned().unwrap_or_default())
			.find(|f| f["id"] == id)
			.unwrap_or_else(|| panic!("{id} missing from {text}"))
	};
	assert_eq!(judged("latency.met")["met"], true);
	assert_eq!(judged("latency.missed")["met"], false);
	assert_eq!(judged("latency.missed")["gap"], "+25%");
	let markdown = std::fs::read_to_string(dir.path().join("report.md"))?;
	assert!(markdown.contains("3. Latency, four validators"), "{markdown}");
	Ok(())
}
