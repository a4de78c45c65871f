//! Measuring for the benchmark report (`scripts/bench.sh`, docs/benchmarks.md): repeated runs
//! summarised as median, min and max; the machine they ran on; figures in the report's JSON
//! shape (read by `scripts/bench-report.py`); a process's memory and a directory's size.

use serde_json::{json, Value};
use std::{
	path::Path,
	time::{Duration, Instant},
};

/// A target a figure is held against: `op` is `>=` or `<=`.
#[derive(Clone, Copy)]
pub struct Target {
	/// `>=` (at least) or `<=` (at most).
	pub op: &'static str,
	/// The target value, in the figure's unit.
	pub value: f64,
	/// As the issue states it.
	pub text: &'static str,
}

/// At least `value`.
pub const fn at_least(value: f64, text: &'static str) -> Target {
	Target { op: ">=", value, text }
}

/// At most `value`.
pub const fn at_most(value: f64, text: &'static str) -> Target {
	Target { op: "<=", value, text }
}

/// One figure of the report: the values of its runs and what they are measured against.
pub struct Figure {
	/// Stable identifier, such as `chain.notarise.single`.
	pub id: String,
	/// What it measures, in words.
	pub title: String,
	/// Unit of the values.
	pub unit: String,
	/// One value per run.
	pub values: Vec<f64>,
	/// The target, if the issue sets one.
	pub target: Option<Target>,
	/// What limits it (found by profiling or by the figures next to it).
	pub limit: Option<String>,
	/// Anything else worth keeping (per-run details).
	pub detail: Value,
}

impl Figure {
	/// A figure without target, limit or detail.
	pub fn new(id: &str, title: &str, unit: &str, values: Vec<f64>) -> Self {
		Figure {
			id: id.into(),
			title: title.into(),
			unit: unit.into(),
			values,
			target: None,
			limit: None,
			detail: Value::Null,
		}
	}

	/// With a target.
	pub fn target(mut self, target: Target) -> Self {
		self.target = Some(target);
		self
	}

	/// With what limits it.
	pub fn limit(mut self, limit: impl Into<String>) -> Self {
		self.limit = Some(limit.into());
		self
	}

	/// With details.
	pub fn detail(mut self, detail: Value) -> Self {
		self.detail = detail;
		self
	}

	/// The report's JSON form: median, min and max of the values.
	pub fn to_json(&self) -> Value {
		let (median, min, max) = median_min_max(&self.values);
		json!({
			"id": self.id,
			"title": self.title,
			"unit": self.unit,
			"median": round(median),
			"min": round(min),
			"max": round(max),
			"runs": self.values.len(),
			"values": self.values.iter().map(|v| round(*v)).collect::<Vec<_>>(),
			"target": self.target.map(|t| json!({"op": t.op, "value": t.value, "text": t.text})),
			"limit": self.limit,
			"detail": self.detail,
		})
	}
}

/// A section of the report: the figures one command produced.
pub struct Section {
	/// Title, starting with the figure number (`1. On-chain notarisation`).
	pub title: String,
	/// The figures.
	pub figures: Vec<Figure>,
	/// Observations worth a line in the report.
	pub notes: Vec<String>,
}

impl Section {
	/// An empty section.
	pub fn new(title: &str) -> Self {
		Section { title: title.into(), figures: Vec::new(), notes: Vec::new() }
	}

	/// The result file's JSON: machine, command line, section, figures, notes.
	pub fn to_json(&self) -> Value {
		json!({
			"machine": machine(),
			"command": std::env::args().collect::<Vec<_>>().join(" "),
			"section": self.title,
			"figures": self.figures.iter().map(Figure::to_json).collect::<Vec<_>>(),
			"notes": self.notes,
		})
	}
}

/// Rounds to three decimals (figures are rates and milliseconds; more digits are noise).
fn round(value: f64) -> f64 {
	(value * 1_000.0).round() / 1_000.0
}

/// Median, min and max; zeros for no values.
pub fn median_min_max(values: &[f64]) -> (f64, f64, f64) {
	let mut sorted = values.to_vec();
	sorted.sort_by(f64::total_cmp);
	match (sorted.first(), sorted.last()) {
		(Some(min), Some(max)) => (percentile(&sorted, 50.0), *min, *max),
		_ => (0.0, 0.0, 0.0),
	}
}

/// The `p`th percentile (nearest rank) of sorted values; zero for none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
	if sorted.is_empty() {
		return 0.0;
	}
	let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
	sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Sorted copy of `values`.
pub fn sorted(values: &[f64]) -> Vec<f64> {
	let mut sorted = values.to_vec();
	sorted.sort_by(f64::total_cmp);
	sorted
}

/// Milliseconds of a duration.
pub fn ms(duration: Duration) -> f64 {
	duration.as_secs_f64() * 1_000.0
}

/// The machine: cores, CPU model, memory, kernel.
pub fn machine() -> Value {
	let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
	let cpu = cpuinfo
		.lines()
		.find(|l| l.starts_with("model name"))
		.and_then(|l| l.split_once(':'))
		.map_or_else(|| "unknown".to_owned(), |(_, name)| name.trim().to_owned());
	let memory_kib = std::fs::read_to_string("/proc/meminfo")
		.ok()
		.and_then(|info| kib_field(&info, "MemTotal:"))
		.unwrap_or_default();
	let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
	json!({
		"cores": std::thread::available_parallelism().map_or(1, usize::from),
		"cpu": cpu,
		"memoryGiB": round(memory_kib as f64 / 1_048_576.0),
		"kernel": kernel.trim(),
	})
}

/// A `Name:   123 kB` field of a /proc file, in KiB.
fn kib_field(text: &str, name: &str) -> Option<u64> {
	text.lines()
		.find(|l| l.starts_with(name))
		.and_then(|l| l.split_whitespace().nth(1))
		.and_then(|n| n.parse().ok())
}

/// Resident memory of process `pid` now and at its peak, in bytes.
pub fn resident_memory(pid: u32) -> Option<(u64, u64)> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	Some((kib_field(&status, "VmRSS:")? * 1_024, kib_field(&status, "VmHWM:")? * 1_024))
}

/// Bytes of every file under `path`.
pub fn dir_bytes(path: &Path) -> u64 {
	let Ok(entries) = std::fs::read_dir(path) else { return 0 };
	entries
		.filter_map(Result::ok)
		.map(|entry| match entry.metadata() {
			Ok(meta) if meta.is_dir() => dir_bytes(&entry.path()),
			Ok(meta) => meta.len(),
			Err(_) => 0,
		})
		.sum()
}

/// Operations per second of `work` (which does `batch` operations a call) over `seconds`.
pub fn rate(seconds: f64, batch: u64, mut work: impl FnMut()) -> f64 {
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
pub fn rate_all_cores(seconds: f64, batch: u64, work: impl Fn() + Sync) -> f64 {
	let cores = std::thread::available_parallelism().map_or(1, usize::from);
	std::thread::scope(|scope| {
		let handles: Vec<_> =
			(0..cores).map(|_| scope.spawn(|| rate(seconds, batch, &work))).collect();
		handles.into_iter().filter_map(|h| h.join().ok()).sum()
	})
}

/// Writes `section` to `out` (or stdout) as JSON.
pub fn write_section(section: &Section, out: Option<&str>) -> anyhow::Result<()> {
	let text = serde_json::to_string_pretty(&section.to_json())?;
	match out {
		Some(path) => std::fs::write(path, text + "\n")?,
		None => println!("{text}"),
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentiles_are_nearest_rank() {
		let values: Vec<f64> = (1..=100).map(f64::from).collect();
		assert_eq!(percentile(&values, 50.0), 50.0);
		assert_eq!(percentile(&values, 95.0), 95.0);
		assert_eq!(percentile(&values, 99.0), 99.0);
		assert_eq!(percentile(&values, 100.0), 100.0);
		assert_eq!(percentile(&[3.0], 99.0), 3.0);
		assert_eq!(percentile(&[], 50.0), 0.0);
	}

	#[test]
	fn median_min_max_of_unsorted_runs() {
		assert_eq!(median_min_max(&[5.0, 1.0, 3.0]), (3.0, 1.0, 5.0));
		assert_eq!(median_min_max(&[]), (0.0, 0.0, 0.0));
	}

	#[test]
	fn a_figure_carries_its_target() {
		let figure = Figure::new("x", "x", "ops/s", vec![2.0, 4.0, 3.0])
			.target(at_least(3.0, "≥ 3"))
			.to_json();
		assert_eq!(figure["median"], 3.0);
		assert_eq!(figure["target"]["op"], ">=");
		assert_eq!(figure["runs"], 3);
	}
}
