//! The TUI while another hark holds the library's lock: `i` imports on a
//! thread of its own, the status line says that hark waits, and the screen
//! and Ctrl-C still answer. Waits on what the screen shows, never on time.

use crate::support;

use std::fs::File;

use support::pty::Hark;

#[test]
fn an_import_waiting_on_the_lock_says_so_and_ctrl_c_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    // An empty library, indexes and all, so that opening it takes no lock.
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .arg("list")
        .env_remove("HARK_CONFIG")
        .output()
        .unwrap();
    assert!(made.status.success());
    // As another hark's import would, for as long as the test runs.
    let lock = File::options()
        .write(true)
        .open(library.join(".lock"))
        .unwrap();
    lock.lock().unwrap();

    let args = [
        std::ffi::OsString::from("--library"),
        library.clone().into(),
    ];
    let mut hark = Hark::spawn(&args, dir.path());
    hark.wait_for("the samples", |s| {
        s.alternate_screen() && s.contents().contains("Notes From A Flood Recovery")
    });
    hark.send("i");
    hark.wait_for("word of the wait", |s| {
        s.contents().contains("waiting for another hark")
    });
    // Still answering: the help overlay opens while the import waits.
    hark.send("?");
    hark.wait_for("the help", |s| {
        s.contents().contains("import into the library")
    });
    hark.send("\x03");
    let status = hark.exit_status();
    assert!(!hark.screen().alternate_screen(), "{status:?}");
    drop(lock);
    let stories = std::fs::read_dir(library.join("stories")).unwrap().count();
    assert_eq!(stories, 0, "nothing was written while the lock was held");
}
