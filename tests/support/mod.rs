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

/// Writes each `(name, text)` into `dir`, returning their paths in order.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) -> Vec<std::path::PathBuf> {
    let write = |(name, text): &(&str, &str)| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    files.iter().map(write).collect()
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

/// Turns the library at `library` back into the files hark kept before
/// its database: every story taken out of the database and written as
/// `stories/<id>.json`, as the old store wrote them (compact JSON). The
/// next open moves them in again, reading each file as it reads any old
/// story file, so a test can hand-edit or damage a story file as a reader
/// (or an attacker) could edit one of an old library. Returns the files.
pub fn story_files(library: &Path) -> Vec<std::path::PathBuf> {
    let conn = rusqlite::Connection::open(library.join("library.sqlite3")).unwrap();
    let folder = library.join("stories");
    std::fs::create_dir_all(&folder).unwrap();
    let mut files = Vec::new();
    {
        let mut rows = conn.prepare("SELECT id FROM stories").unwrap();
        let ids: Vec<String> = rows
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for id in ids {
            let json = hark::testing::stored_json(&conn, &id, u64::MAX)
                .unwrap()
                .unwrap()
                .unwrap();
            let path = folder.join(format!("{id}.json"));
            std::fs::write(&path, json).unwrap();
            files.push(path);
        }
    }
    conn.execute("DELETE FROM stories", []).unwrap();
    files.sort();
    files
}

/// The ids of the stories in the library at `library`'s database.
pub fn story_ids(library: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(library.join("library.sqlite3")).unwrap();
    let mut rows = conn.prepare("SELECT id FROM stories ORDER BY id").unwrap();
    let ids = rows.query_map([], |r| r.get(0)).unwrap();
    ids.map(Result::unwrap).collect()
}

/// Story `id` as the library's database holds it, as JSON.
pub fn stored_story(library: &Path, id: &str) -> serde_json::Value {
    let conn = rusqlite::Connection::open(library.join("library.sqlite3")).unwrap();
    let json = hark::testing::stored_json(&conn, id, u64::MAX)
        .unwrap()
        .unwrap()
        .unwrap();
    serde_json::from_slice(&json).unwrap()
}

/// Puts `story` in the database over story `id`'s JSON and title, as an
/// older hark (an older parser) would have stored it.
pub fn store_story(library: &Path, id: &str, story: &serde_json::Value) {
    let conn = rusqlite::Connection::open(library.join("library.sqlite3")).unwrap();
    let json = story.to_string();
    let changed = conn
        .execute(
            "UPDATE stories SET json = ?1, packing = 'zlib', title = ?2 WHERE id = ?3",
            (json.as_bytes(), story["title"].as_str().unwrap(), id),
        )
        .unwrap();
    assert_eq!(changed, 1, "no story {id}");
}

/// Runs `sql` on the library's database, as a test's own damage.
pub fn sql(library: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(library.join("library.sqlite3")).unwrap();
    conn.execute_batch(sql).unwrap();
}
