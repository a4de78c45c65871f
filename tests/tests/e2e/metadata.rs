//! The metadata that client types are generated from (`tests/metadata/tds-runtime.scale`) must be
//! the runtime's own: run `scripts/gen-metadata.sh` after changing the runtime.

use tds_e2e::{workspace_root, Result};

#[test]
fn committed_metadata_is_the_runtimes() -> Result<()> {
	let path = workspace_root().join("tests/metadata/tds-runtime.scale");
	let committed = std::fs::read(&path)?;
	let current = tds_runtime::Runtime::metadata_at_version(16).expect("metadata v16");
	assert!(
		committed == current.to_vec(),
		"{} is stale: run scripts/gen-metadata.sh",
		path.display()
	);
	Ok(())
}
