//! # TDS Ledger evidence bundles
//!
//! An evidence bundle lets an auditor verify one piece of evidence offline, trusting only the
//! consortium's validator set (SPEC §7): a log entry's bytes → its RFC 9162 inclusion proof →
//! the root anchored on chain → a storage proof of that anchor in the state of block B → B's
//! header → a GRANDPA justification of B (or of a descendant) signed by more than two thirds of
//! the validator set, linked to a trusted set through the validator-set changes in between.
//! Notarised events are proven the same way from their record.
//!
//! - [`bundle`]: the JSON format (version 1), and the trusted-set file;
//! - [`keys`]: the storage keys a bundle proves;
//! - [`grandpa`]: justifications and validator-set changes;
//! - [`verify()`]: every check, reported one by one; `tds-verify` is its command line.
//!
//! docs/evidence-bundle.md specifies all of it byte by byte, for independent verifiers.

pub mod bundle;
pub mod export;
pub mod gateway;
pub mod grandpa;
pub mod keys;
pub mod log;
pub mod verify;

pub use bundle::{Bundle, TrustedSets};
pub use verify::{verify, Check, Outcome, Report};
