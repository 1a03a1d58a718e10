//! Property tests: the transcript parser and the query language never panic,
//! and a parsed story survives a JSON round trip unchanged.

use hark::query::Query;
use hark::story::parse::parse;
use hark::story::{Story, sanitize};
use jiff::Timestamp;
use proptest::prelude::*;

/// Text made of the pieces transcripts are made of, so that the generator
/// reaches labels, cues, notes and footers rather than only noise.
fn transcript_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("KELEMEN: ".to_string()),
        Just("MICHELE KELEMEN, BYLINE: ".to_string()),
        Just("Ms. ANA (Caller, \"A: B\"): ".to_string()),
        Just("UNIDENTIFIED PERSON #1:".to_string()),
        Just("(LAUGHTER)".to_string()),
        Just("[CORRECTION: x]".to_string()),
        Just("Transcript provided by NPR, Copyright NPR.".to_string()),
        Just("• Transcript".to_string()),
        Just("© 2024 KXYZ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\x1b]0;x\x07".to_string()),
        "[a-zA-Z .,:'()\\[\\]#é]{0,40}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|parts| parts.concat())
}

fn round_trips(story: &Story) {
    let json = serde_json::to_string(story).unwrap();
    let back: Story = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, story);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parser_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(story) = parse(&bytes, Some("x.txt"), Timestamp::UNIX_EPOCH) {
            round_trips(&story);
        }
    }

    #[test]
    fn parsed_stories_round_trip_and_stay_clean(text in transcript_like()) {
        if let Ok(story) = parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH) {
            round_trips(&story);
            let names: Vec<&str> = story.speakers.iter().map(|s| s.name.as_str()).collect();
            for turn in &story.turns {
                if let Some(name) = &turn.speaker {
                    prop_assert!(names.contains(&name.as_str()), "{name} not in {names:?}");
                }
                for p in &turn.paragraphs {
                    prop_assert!(!p.is_empty());
                    prop_assert!(!p.chars().any(|c| sanitize::is_unsafe(c) || c == '\r'), "{p:?}");
                }
            }
        }
    }

    #[test]
    fn query_parser_never_panics(text in "[@\" a-zé#:.-]{0,40}|\\PC{0,40}") {
        if let Ok(query) = Query::parse(&text) {
            let filter = query.bind(|words| words.len() < 3);
            for range in filter.highlights(&text) {
                prop_assert!(range.start < range.end && range.end <= text.len());
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
        }
    }
}
