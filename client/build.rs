//! Rebuild the generated client types whenever the committed metadata changes (the subxt macro
//! reads the file at compile time but does not tell cargo about it).

fn main() {
	println!("cargo:rerun-if-changed=../tests/metadata/tds-runtime.scale");
}
