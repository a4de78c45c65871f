//! Unit tests, one file per call or flow. Every test runs through [`crate::mock::run`], which
//! checks the agreements', the catalog's and the registry's storage invariants afterwards.

mod cascade;
mod changes;
mod create;
mod disputes;
mod filing;
mod negotiation;
mod queries;
mod reports;
mod suspension;
mod templates;
mod usage;
