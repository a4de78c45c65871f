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

/// Prints a node's JSON answer: as it is with `--json`; else a list of objects (or a page's
/// `items`) as a table, an object as field and value rows, anything else as its text.
pub fn value(json: bool, value: &Value) {
	if json {
		println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
		return;
	}
	print!("{}", render(value));
}

/// The text [`value`] prints for people.
pub fn render(value: &Value) -> String {
	match value {
		Value::Array(items) if items.is_empty() => "none\n".into(),
		Value::Array(items) if items.iter().all(Value::is_object) => rows_table(items),
		Value::Object(object) => {
			if let Some(Value::Array(items)) = object.get("items") {
				let mut text = render(&Value::Array(items.clone()));
				if let Some(next) = object.get("next").filter(|next| !next.is_null()) {
					text.push_str(&format!("more: --after {}\n", cell(next)));
				}
				return text;
			}
			let mut rows = Vec::new();
			flatten("", value, &mut rows);
			table(&["field", "value"], &rows)
		},
		other => format!("{}\n", cell(other)),
	}
}

/// An object's leaves as `a.b.c` rows.
fn flatten(prefix: &str, value: &Value, rows: &mut Vec<Vec<String>>) {
	match value {
		Value::Object(object) if !object.is_empty() => {
			for (key, inner) in object {
				let key = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
				flatten(&key, inner, rows);
			}
		},
		_ => rows.push(vec![prefix.to_owned(), cell(value)]),
	}
}

/// A JSON value in one cell: text as it is, nothing as `-`.
pub fn cell(value: &Value) -> String {
	match value {
		Value::String(text) => text.clone(),
		Value::Null => "-".into(),
		other => other.to_string(),
	}
}

/// A list of objects as a table of their scalar fields; long hex is shortened to fit.
fn rows_table(items: &[Value]) -> String {
	let mut columns: Vec<&str> = Vec::new();
	for object in items.iter().filter_map(Value::as_object) {
		for (key, inner) in object {
			if !inner.is_object() && !inner.is_array() && !columns.contains(&key.as_str()) {
				columns.push(key);
			}
		}
	}
	let rows: Vec<Vec<String>> = items
		.iter()
		.map(|item| columns.iter().map(|column| short(&cell(&item[*column]))).collect())
		.collect();
	table(&columns, &rows)
}

/// `0x1234…cdef` for hex longer than 18 characters.
fn short(text: &str) -> String {
	match (text.strip_prefix("0x"), text.len()) {
		(Some(_), len) if len > 18 => format!("{}…{}", &text[..6], &text[len - 4..]),
		_ => text.to_owned(),
	}
}

#[cfg(test)]
mod tests {
	use serde_json::json;

	#[test]
	fn objects_are_rows_and_lists_are_tables() {
		let object = super::render(&json!({"id": 3, "status": {"now": "active"}, "note": null}));
		let lines: Vec<&str> = object.lines().map(str::trim_end).collect();
		assert_eq!(lines.len(), 5, "{object}");
		for row in ["id          3", "status.now  active", "note        -"] {
			assert!(lines.contains(&row), "{row:?} in {object}");
		}
		let page = super::render(&json!({
			"items": [{"id": 1, "digest": format!("0x{}", "ab".repeat(32)), "tags": [1]}, {"id": 2, "extra": true}],
			"next": 2,
		}));
		assert!(page.contains("0xabab…abab"), "long hex is shortened: {page}");
		assert!(!page.contains("tags"), "lists are left out of tables: {page}");
		let mut row_two: Vec<Vec<&str>> = page
			.lines()
			.map(|line| {
				let mut cells: Vec<&str> = line.split_whitespace().collect();
				cells.sort_unstable();
				cells
			})
			.collect();
		row_two.retain(|cells| cells.contains(&"2") && cells.contains(&"true"));
		assert_eq!(row_two, vec![vec!["-", "2", "true"]], "{page}");
		assert!(page.ends_with("more: --after 2\n"), "{page}");
		assert_eq!(super::render(&json!([])), "none\n");
		assert_eq!(super::render(&json!(7)), "7\n");
	}

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
