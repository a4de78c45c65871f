//! Unit tests, one file per call or flow. Every test runs through [`crate::mock::run`], which
//! checks the catalog's and the registry's storage invariants afterwards.

mod cascade;
mod deregister;
mod publish;
mod queries;
mod register;
mod review;
mod sanctions;
mod submit_for_review;
mod update;
