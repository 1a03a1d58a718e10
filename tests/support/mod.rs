// Each test crate uses its own part of the support code.
#![allow(dead_code)]

//! Shared by the integration tests that drive the real binary.

pub mod pty;
