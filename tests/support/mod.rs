//! Shared by the integration tests: a library with a config of its own,
//! the real binary in a pseudo-terminal (`pty`), a loopback web server
//! (`server`), and the TUI driven without a terminal (`tui`).

pub mod pty;
pub mod server;
pub mod tui;

use std::ffi::OsStr;
use std::path::Path;

/// A library and a config.toml of its own in a temporary folder: the
/// config's `[fetch]` lets tests against a loopback server wait no time
/// between requests.
pub struct ConfiguredLibrary {
    pub dir: tempfile::TempDir,
}

impl ConfiguredLibrary {
    pub fn with_config(config: &str) -> ConfiguredLibrary {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        ConfiguredLibrary { dir }
    }

    /// The real binary on this library and config, colourless.
    pub fn hark(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("hark").unwrap();
        cmd.arg("--library")
            .arg(self.dir.path().join("library"))
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .env_remove("HARK_LIBRARY")
            .env("NO_COLOR", "1");
        cmd
    }

    /// What the real binary prints as JSON for `args`; it must succeed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.hark().args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

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
