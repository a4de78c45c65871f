//! Unit tests, one file per call or flow. Every test runs through [`crate::mock::run`], which
//! checks the storage invariants afterwards.

mod connector;
mod keys;
mod queries;
mod recognition;
mod register_participant;
mod roles;
mod sanctions;
mod spaces;
mod verify_participant;
