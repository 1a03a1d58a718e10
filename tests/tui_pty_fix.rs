//! `F` in the real binary: the terminal is handed to the reader's editor
//! and taken back whole, and what the editor changed is kept.

use crate::support;

use support::pty::Hark;

const RIVER: &str = "\
Talks On The River Plan Collapse

ANNA LOPEZ, BYLINE: The meeting ran late at the hall.

MAYOR HAROLD BANKS: We will not give up on the river plan.
";

#[test]
fn f_edits_the_open_story_in_the_editor_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let file = dir.path().join("river.txt");
    std::fs::write(&file, RIVER).unwrap();
    let imported = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .arg("import")
        .arg(&file)
        .env_remove("HARK_CONFIG")
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");

    // The "editor" changes the title and sets the air date, as a reader would.
    let editor = "sed -i -e 's/Collapse/Revived/' -e 's/^# date = \"\"/date = \"2016-10-03\"/'";
    let args = [
        std::ffi::OsString::from("--library"),
        library.clone().into(),
    ];
    let mut hark = Hark::spawn_with_env(&args, dir.path(), &[("VISUAL", editor)]);
    hark.wait_for("the story list", |s| {
        s.alternate_screen() && s.contents().contains("Talks On The River")
    });
    hark.send("\r");
    hark.wait_for("the open story", |s| s.contents().contains("Harold Banks"));
    hark.send("F");
    hark.wait_for("the story fixed", |s| {
        s.alternate_screen()
            && s.contents()
                .contains("fixed “Talks On The River Plan Revived”")
    });
    let screen = hark.screen().contents();
    assert!(screen.contains("2016-10-03"), "{screen}");
    hark.send("q");
    assert!(hark.exit_status().success());
    assert!(!hark.screen().alternate_screen());

    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .args(["list", "--json"])
        .env_remove("HARK_CONFIG")
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(list[0]["title"], "Talks On The River Plan Revived");
    assert_eq!(list[0]["date"], "2016-10-03");
}
