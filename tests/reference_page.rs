//! The real member-station page in ../shared/reference must parse exactly.
//! The page is read in place, never copied into the project.

use std::path::PathBuf;

use hark::{Role, TurnKind, parse};
use jiff::Timestamp;

fn reference_page() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/npr-transcript-page.txt");
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        // CI always has shared/ beside the clone; a user's clone may not.
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: {} is not here", path.display());
            None
        }
        Err(err) => panic!("{}: {err}", path.display()),
    }
}

#[test]
fn reference_page_parses_exactly() {
    let Some(bytes) = reference_page() else {
        return;
    };
    let story = parse(
        &bytes,
        Some("npr-transcript-page.txt"),
        Timestamp::UNIX_EPOCH,
    )
    .unwrap();

    assert_eq!(
        story.title,
        "U.S. Formally Suspends Talks With Russia On Syria"
    );
    let speakers: Vec<_> = story
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.role))
        .collect();
    assert_eq!(
        speakers,
        [
            ("Michele Kelemen", Some(Role::Byline)),
            ("Josh Earnest", None),
            ("Elizabeth Trudeau", None),
        ]
    );
    assert_eq!(story.speakers[0].aliases, ["KELEMEN"]);
    assert_eq!(story.speakers[1].aliases, ["EARNEST"]);

    let kelemen = Some("Michele Kelemen");
    let earnest = Some("Josh Earnest");
    let turns: Vec<_> = story
        .turns
        .iter()
        .map(|t| (t.kind, t.speaker.as_deref()))
        .collect();
    let speech = |s| (TurnKind::Speech, s);
    assert_eq!(
        turns,
        [
            speech(None),
            speech(kelemen),
            speech(earnest),
            speech(kelemen),
            speech(earnest),
            speech(kelemen),
            speech(Some("Elizabeth Trudeau")),
            speech(kelemen),
        ]
    );

    // Unlabeled paragraphs belong to the speaker before them.
    assert!(story.turns[1].paragraphs[1].starts_with("White House spokesman Josh Earnest says"));
    assert!(story.turns[3].paragraphs[1].starts_with("But Earnest says"));

    let all_text: Vec<&str> = story
        .turns
        .iter()
        .flat_map(|t| t.paragraphs.iter().map(String::as_str))
        .collect();
    for chrome in [
        "WOSU",
        "Play Live Radio",
        "Next Up:",
        "0:00",
        "Available On Air",
        "Transcript provided",
    ] {
        assert!(
            !all_text.iter().any(|p| p.contains(chrome)),
            "{chrome} left in the text"
        );
    }
    let last = story.turns[7].paragraphs.last().unwrap();
    assert!(
        last.ends_with("Michele Kelemen, NPR News, Washington."),
        "{last}"
    );

    let bio = story.bio.as_deref().expect("a bio");
    assert!(bio.starts_with("Michele Kelemen has been with NPR"));
    assert!(
        !all_text
            .iter()
            .any(|p| p.contains("has been with NPR for two decades"))
    );
    assert_eq!(story.source.station.as_deref(), Some("WOSU Public Media"));
}
