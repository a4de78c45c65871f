//! Output: a plain table for people, one JSON document for machines (`--json`).

use serde_json::Value;

/// Prints `value` as JSON, or the rows as a table with `header`.
pub fn print(json: bool, value: &Value, header: &[&str], rows: &[Vec<String>]) {
	if json {
		println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
		return;
	}
	print!("{}", table(header, rows));
}

/// A plain text table: columns padded to their widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
	let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
	for row in rows {
		for (column, cell) in row.iter().enumerate() {
			if let Some(width) = widths.get_mut(column) {
				*width = (*width).max(cell.chars().count());
			}
		}
	}
	let line = |cells: Vec<&str>| {
		let padded: Vec<String> = cells
			.iter()
			.zip(&widths)
			.map(|(cell, width)| format!("{cell:<width$}"))
			.collect();
		format!("{}\n", padded.join("  ").trim_end())
	};
	let mut out = line(header.to_vec());
	out.push_str(&line(
		widths
			.iter()
			.map(|w| "-".repeat(*w))
			.collect::<Vec<_>>()
			.iter()
			.map(String::as_str)
			.collect(),
	));
	for row in rows {
		out.push_str(&line(row.iter().map(String::as_str).collect()));
	}
	out
}

/// Key-value pairs as a two-column table.
pub fn fields(json: bool, value: &Value, pairs: &[(&str, String)]) {
	let rows: Vec<Vec<String>> = pairs
		.iter()
		.map(|(key, value)| vec![(*key).to_owned(), value.clone()])
		.collect();
	print(json, value, &["field", "value"], &rows);
}

#[cfg(test)]
mod tests {
	#[test]
	fn columns_are_aligned() {
		let text = super::table(
			&["name", "scheme"],
			&[vec!["alice".into(), "sr25519".into()], vec!["notary-desk".into(), "ed25519".into()]],
		);
		assert_eq!(
			text,
			"name         scheme\n-----------  -------\nalice        sr25519\nnotary-desk  ed25519\n"
		);
	}
}
