//! The TUI while another hark holds the database's writer's place: `i`
//! imports on a thread of its own and waits, and the screen and Ctrl-C
//! still answer. Waits on what the screen shows, never on time.

use crate::support;

use support::pty::Hark;

#[test]
fn an_import_waiting_for_the_writer_leaves_the_screen_answering_and_ctrl_c_quits() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    // An empty library, its database made.
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .arg("list")
        .env_remove("HARK_CONFIG")
        .output()
        .unwrap();
    assert!(made.status.success());
    // As another hark's import would, for as long as the test runs.
    let lock = rusqlite::Connection::open(library.join("library.sqlite3")).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();

    let args = [
        std::ffi::OsString::from("--library"),
        library.clone().into(),
    ];
    let mut hark = Hark::spawn(&args, dir.path());
    hark.wait_for("the samples", |s| {
        s.alternate_screen() && s.contents().contains("Notes From A Flood Recovery")
    });
    hark.send("i");
    // Still answering: the help overlay opens while the import waits.
    hark.send("?");
    hark.wait_for("the help", |s| {
        s.contents().contains("import into the library")
    });
    hark.send("\x03");
    let status = hark.exit_status();
    assert!(!hark.screen().alternate_screen(), "{status:?}");
    drop(lock);
    let stories = support::story_ids(&library).len();
    assert_eq!(stories, 0, "nothing was written while the lock was held");
}
