//! Unit tests, one file per call or flow. Every test runs through [`crate::mock::run`], which
//! checks the notary's and the registry's storage invariants afterwards.

mod anchor;
mod cascade;
mod notarise;
mod notarise_batch;
mod open_stream;
mod queries;
mod seal_stream;
