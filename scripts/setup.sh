#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test TDS Ledger. Idempotent: every step checks
# first and does nothing when already done. Uses the machine's installed stable Rust toolchain.
set -euo pipefail

say() { printf '[setup] %s\n' "$*"; }

if ! command -v cargo >/dev/null 2>&1; then
	say "cargo not found: install Rust with rustup (https://rustup.rs) first"
	exit 1
fi

# Debian packages: protoc for libp2p's protobuf schemas; a C/C++ toolchain for wasm-opt and
# secp256k1; pkg-config; python3 for the scripts.
need_pkgs=()
command -v protoc >/dev/null 2>&1 || need_pkgs+=(protobuf-compiler)
command -v cc >/dev/null 2>&1 || need_pkgs+=(build-essential)
command -v c++ >/dev/null 2>&1 || need_pkgs+=(g++)
command -v pkg-config >/dev/null 2>&1 || need_pkgs+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
if [ ${#need_pkgs[@]} -gt 0 ]; then
	say "installing Debian packages: ${need_pkgs[*]}"
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get install -y --no-install-recommends "${need_pkgs[@]}" ||
		{ $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends "${need_pkgs[@]}"; }
fi

# The wasm runtime target and the standard library sources it is built with.
if ! rustup target list --installed | grep -qx wasm32v1-none; then
	say "adding the wasm32v1-none target"
	rustup target add wasm32v1-none
fi
if ! rustup component list --installed | grep -q '^rust-src'; then
	say "adding the rust-src component"
	rustup component add rust-src
fi
if ! rustup component list --installed | grep -q '^rustfmt'; then
	rustup component add rustfmt
fi
if ! rustup component list --installed | grep -q '^clippy'; then
	rustup component add clippy
fi
# The independent evidence verifier (scripts/verify-bundle.py), run by the evidence tests, and the
# Merkle vector generator use these Python packages.
if ! python3 -c 'import blake3, xxhash, cryptography' >/dev/null 2>&1; then
	say "installing Python packages: blake3 xxhash cryptography"
	python3 -m pip install --quiet --disable-pip-version-check blake3 xxhash cryptography
fi
say "ready: $(cargo --version), protoc $(protoc --version | cut -d' ' -f2)"
