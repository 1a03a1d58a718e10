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

/// The markup pages are made of, so the generator reaches transcript
/// blocks, metadata and broken nesting rather than only noise.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div class=\"transcript storytext\">".to_string()),
        Just("<div class=\"storytitle\"><h1>".to_string()),
        Just("<time datetime=\"2031-13-45T\">".to_string()),
        Just("<meta charset=\"koi8-r\">".to_string()),
        Just(
            "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-16\">".to_string()
        ),
        Just("<script type=\"application/ld+json\">{\"headline\": [1, {\"name\": 2}]".to_string()),
        Just("<title>A : B</title>".to_string()),
        Just("<link rel=canonical href=\"\x1b]8;;x\">".to_string()),
        Just("<a href=\"/transcripts/9\">".to_string()),
        Just("<p>".to_string()),
        Just("</p></div>".to_string()),
        Just("<br>".to_string()),
        Just("HOST: ".to_string()),
        "[a-zA-Z .,:'()<>/=\"é]{0,40}",
        any::<String>(),
    ]
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
    fn html_pages_never_panic_and_stay_clean(parts in proptest::collection::vec(html_piece(), 0..40)) {
        let page = format!("<!DOCTYPE html><html>{}", parts.concat());
        if let Ok(story) = parse(page.as_bytes(), None, Timestamp::UNIX_EPOCH) {
            round_trips(&story);
            let outside = [Some(&story.title), story.program.as_ref(), story.byline.as_ref(),
                story.source.url.as_ref(), story.source.audio_url.as_ref(), story.source.station.as_ref()];
            for text in outside.into_iter().flatten() {
                prop_assert!(!text.chars().any(sanitize::is_unsafe), "{text:?}");
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
