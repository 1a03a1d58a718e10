//! Part of a turn and the quote sheet in the real binary: `v` and `j`
//! select, `y` copies one sentence attributed (as OSC 52), `a` adds it to
//! the sheet, and after a restart `C` still shows it.

use crate::support;

use support::pty::{Hark, osc_52_text};

const FERRY: &str = "\
Ferry Service Returns To Marrow Island

NADIA PEREZ, HOST: The ferry is back.

OSWIN TALLOW: We waited two winters. Mr. Brandt kept the dock painted. Nobody else believed.

PEREZ: Thank you.
";

fn spawn(dir: &std::path::Path) -> Hark {
    let library = dir.join("library");
    Hark::spawn(
        &[std::ffi::OsStr::new("--library"), library.as_os_str()],
        dir,
    )
}

#[test]
fn a_sentence_selected_copies_attributed_and_stays_on_the_sheet_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ferry.txt"), FERRY).unwrap();
    support::import(&dir.path().join("library"), &[dir.path().join("ferry.txt")]);
    let mut hark = spawn(dir.path());
    hark.wait_for("the story list", |s| {
        s.alternate_screen() && s.contents().contains("Ferry Service Returns")
    });
    hark.send("\r]");
    hark.wait_for("Tallow's turn marked", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains("▌ We waited two winters."))
    });
    hark.send("vjky");
    hark.wait_for("the copy confirmed", |s| {
        s.contents()
            .contains("sent one sentence by Oswin Tallow to the terminal's clipboard (OSC 52)")
    });
    let clipboard = osc_52_text(hark.raw()).expect("an OSC 52 sequence");
    assert_eq!(
        clipboard,
        "“We waited two winters.” (Oswin Tallow, “Ferry Service Returns To Marrow Island”)"
    );
    hark.send("a");
    hark.wait_for("the sentence on the sheet", |s| {
        s.contents()
            .contains("added the selection to the sheet (1 quote)")
    });
    hark.send("q");
    assert!(hark.exit_status().success());

    let mut hark = spawn(dir.path());
    hark.wait_for("the story list again", |s| {
        s.alternate_screen() && s.contents().contains("Ferry Service Returns")
    });
    hark.send("C");
    hark.wait_for("the sheet, kept", |s| {
        let text = s.contents();
        text.contains("Quote sheet (1)")
            && text.contains("1. Oswin Tallow · “Ferry Service Returns To Marrow Island”")
            && text.contains("We waited two winters.")
            && !text.contains("Mr. Brandt")
    });
    hark.send("qq");
    assert!(hark.exit_status().success());
}
