// Each test crate uses its own part of the support code.
#![allow(dead_code)]

//! Shared by the integration tests that drive the real binary.

pub mod pty;
pub mod server;

use std::ffi::OsStr;
use std::path::Path;

/// Imports `files` into the library at `library` with the real binary, as
/// a reader would before opening it.
pub fn import<P: AsRef<OsStr>>(library: &Path, files: &[P]) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(library)
        .arg("import")
        .args(files)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}
