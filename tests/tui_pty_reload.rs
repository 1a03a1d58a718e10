//! Stories imported or removed by another process while the TUI runs show
//! up by themselves, the reader's place kept, in the story list and the
//! quotes view.

use crate::support;

use support::pty::Hark;

const TALKS: &str = "\
Talks On The Harbor Stall

JOSH EARNEST, HOST: The harbor talks stalled again today.

MARTA SILVA, BYLINE: The ferry union walked out at noon.
";

const BRIEFING: &str = "\
A Briefing On The Ferry Strike

JOSH EARNEST: We are watching the ferry strike closely.
";

const GARDEN: &str = "\
A Garden Grows On The Pier

JOSH EARNEST: Tomatoes, on a pier, in November.
";

#[test]
fn stories_imported_by_another_process_appear_and_removed_ones_vanish() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let files = support::write_files(
        dir.path(),
        &[
            ("talks.txt", TALKS),
            ("briefing.txt", BRIEFING),
            ("garden.txt", GARDEN),
        ],
    );
    support::import(&library, &files[..2]);
    let mut hark = Hark::spawn(
        &[std::ffi::OsStr::new("--library"), library.as_os_str()],
        dir.path(),
    );
    hark.wait_for("the story list", |s| s.contents().contains("Stories (2)"));
    hark.send("Q/@earnest\r");
    hark.wait_for("his quotes", |s| {
        s.contents().contains("quote 1 of 2 in 2 stories")
    });

    // Another process imports a story: the quotes view follows by itself.
    support::import(&library, &files[2..]);
    hark.wait_for("the new story's quote and the word of it", |s| {
        let text = s.contents();
        text.contains("Tomatoes, on a pier") && text.contains("1 new story")
    });
    hark.send("j");
    hark.wait_for("the count", |s| {
        s.contents().contains("quote 2 of 3 in 3 stories")
    });
    hark.send("q");
    hark.wait_for("the list, with the story in it", |s| {
        let text = s.contents();
        text.contains("Stories (3)") && text.contains("A Garden Grows On The Pier")
    });

    // And removes it again.
    let list = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .args(["list", "--json"])
        .output()
        .unwrap();
    let stories: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let garden = stories
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "A Garden Grows On The Pier")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let removed = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .args(["rm", &garden])
        .output()
        .unwrap();
    assert!(removed.status.success(), "{removed:?}");
    hark.wait_for("the story gone", |s| {
        let text = s.contents();
        text.contains("Stories (2)") && !text.contains("A Garden Grows")
    });
    hark.send("q");
    assert!(hark.exit_status().success());
}

#[test]
fn the_samples_give_way_to_the_library_once_another_process_imports() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let talks = dir.path().join("talks.txt");
    std::fs::write(&talks, TALKS).unwrap();
    let mut hark = Hark::spawn(
        &[std::ffi::OsStr::new("--library"), library.as_os_str()],
        dir.path(),
    );
    hark.wait_for("the bundled samples", |s| {
        s.contents()
            .contains("Sample stories: press i to import them")
    });
    support::import(&library, &[&talks]);
    hark.wait_for("the library's story in place of the samples", |s| {
        let text = s.contents();
        text.contains("Stories (1)")
            && text.contains("Talks On The Harbor Stall")
            && !text.contains("Sample stories")
    });
    hark.send("q");
    assert!(hark.exit_status().success());
}
