//! The quotes view in the real binary, in a real pseudo-terminal, on a
//! library where one person speaks in several stories: Q, then @name, then
//! Enter on a quote; y sends the quote to the terminal's clipboard.

use crate::support;

use support::pty::{Hark, osc_52_text};

const TALKS: &str = "\
Talks On The Harbor Stall

JOSH EARNEST, HOST: The harbor talks stalled again today.

MARTA SILVA, BYLINE: The ferry union walked out at noon.

EARNEST: Will they come back to the table?

SILVA: Not this week.
";

const BRIEFING: &str = "\
A Briefing On The Ferry Strike

JOSH EARNEST: We are watching the ferry strike closely.

REPORTER: And the islands?

EARNEST: Supplies are reaching them by air for now.
";

const GARDEN: &str = "\
A Garden Grows On The Pier

ODA NAKAMURA, HOST: Tomatoes, on a pier, in November.
";

/// A library of the three stories above, and hark open on it.
fn hark_on_library() -> (Hark, tempfile::TempDir) {
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
    support::import(&library, &files);
    let hark = Hark::spawn(
        &[std::ffi::OsStr::new("--library"), library.as_os_str()],
        dir.path(),
    );
    (hark, dir)
}

#[test]
fn quotes_of_one_speaker_across_stories_open_at_the_turn_and_copy() {
    let (mut hark, _dir) = hark_on_library();
    hark.wait_for("the story list", |s| {
        s.alternate_screen() && s.contents().contains("A Garden Grows On The Pier")
    });
    hark.send("Q");
    hark.wait_for("every quote", |s| {
        s.contents().contains("quote 1 of 8 in 3 stories")
    });
    hark.send("/@earnest\r");
    // Each key typed starts a search: wait for the bar to be done with,
    // the last search to have ended and every quoted story to have loaded.
    hark.wait_for("his quotes", |s| {
        let text = s.contents();
        text.contains("quote 1 of 4 in 2 stories")
            && !text.contains("searching")
            && !text.contains("keep the filter")
            && !text.contains("loading…")
    });
    let screen = hark.screen().contents();
    assert_eq!(screen.matches("Josh Earnest  ").count(), 4, "{screen}");
    assert!(screen.contains("Talks On The Harbor Stall"), "{screen}");
    assert!(
        screen.contains("A Briefing On The Ferry Strike"),
        "{screen}"
    );
    assert!(!screen.contains("Marta Silva"), "{screen}");

    // Newest story first, then by title: his second quote is his last turn
    // in the briefing.
    hark.send("jy");
    hark.wait_for("the copy confirmed", |s| {
        s.contents()
            .contains("sent the quote by Josh Earnest to the terminal's clipboard (OSC 52)")
    });
    let clipboard = osc_52_text(hark.raw()).expect("an OSC 52 sequence");
    assert!(
        clipboard.starts_with(
            "“Supplies are reaching them by air for now.” (Josh Earnest, “A Briefing On The Ferry Strike”"
        ),
        "{clipboard}"
    );

    hark.send("\r");
    hark.wait_for("the story open at his turn, marked", |s| {
        let text = s.contents();
        text.contains("Stories (3)")
            && text
                .lines()
                .any(|l| l.contains("▌ Supplies are reaching them"))
    });
    let screen = hark.screen().contents();
    let unmarked = screen.lines().any(|l| l.contains("▌ We are watching"));
    assert!(!unmarked, "only his quoted turn is marked: {screen}");

    hark.send("q");
    assert!(hark.exit_status().success());
    assert!(!hark.screen().alternate_screen());
}
