//! Property tests: the transcript parser and the query language never panic,
//! and a parsed story survives a JSON round trip unchanged.

use hark::testing::{clock, feed, sanitize};
use hark::{Format, Query, Story, detect, parse};
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

/// Text made of the pieces of podcast transcripts: timings, voices,
/// prefixes, JSON segments, HTML and text-export headers, so the
/// generator reaches every format's reader and their mixtures.
fn podcast_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("WEBVTT\n\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("00:00:01.000 --> 00:00:02.500 align:start\n".to_string()),
        Just("00:01,000 --> 00:00,500\n".to_string()),
        Just("1\n".to_string()),
        Just("<v Ana Ruiz>".to_string()),
        Just("<v.x ".to_string()),
        Just("</v>".to_string()),
        Just("<00:00:01.000>".to_string()),
        Just("Ana Ruiz: ".to_string()),
        Just("[Tom]: ".to_string()),
        Just("Note: ".to_string()),
        Just("NOTE x\n".to_string()),
        Just("[MUSIC]".to_string()),
        Just("{\"version\":\"1.0.0\",\"segments\":[".to_string()),
        Just("{\"speaker\":\"A\",\"startTime\":\"1.5\",\"endTime\":2,\"body\":\"x\"},".to_string()),
        Just("]}".to_string()),
        Just("<html><cite>Ana:</cite><time>1:02:03</time><p>".to_string()),
        Just("[00:01:02] ".to_string()),
        Just("Speaker 1  0:03\n".to_string()),
        Just("Ana (00:00:05): ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\x1b[31m".to_string()),
        "[a-zA-Z .,:'<>\\[\\]{}\"0-9-]{0,30}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
}

/// Every story, whatever its format, keeps hark's invariants.
fn check_story(story: &Story) -> Result<(), TestCaseError> {
    round_trips(story);
    let names: Vec<&str> = story.speakers.iter().map(|s| s.name.as_str()).collect();
    for turn in &story.turns {
        if let Some(name) = &turn.speaker {
            prop_assert!(names.contains(&name.as_str()), "{name} not in {names:?}");
        }
        prop_assert!(!turn.paragraphs.is_empty());
        for p in &turn.paragraphs {
            prop_assert!(!p.is_empty());
            prop_assert!(
                !p.chars()
                    .any(|c| sanitize::is_unsafe(c) || c == '\r' || c == '\n'),
                "{p:?}"
            );
        }
    }
    Ok(())
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

/// Pieces of an Atom feed with podcast transcripts, in any order, some
/// broken.
fn atom_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<entry>".to_string()),
        Just("</entry>".to_string()),
        Just("<id>urn:x</id><title>T</title>".to_string()),
        "[a-z]{1,8}".prop_map(|ext| format!(
            "<p:transcript url=\"https://x.test/a.{ext}\" type=\"text/{ext}\"/>"
        )),
        Just("<p:transcript url=\"\u{1b}[2J\" type=\"text/vtt\">".to_string()),
        Just("<p:transcript".to_string()),
        Just("</feed>".to_string()),
        "\\PC{0,12}",
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

    /// The fuzz target file_name, in little: a title taken from a file
    /// name and an error naming the file are one clean line each.
    #[test]
    fn hostile_file_names_print_as_one_clean_line(
        name in "([a-z .]|\x1b|\x07|\n|\r|\u{9b}|\u{202e}|\u{e0041}|\\|\"|\\PC){1,30}"
    ) {
        let one_clean_line = |text: &str| {
            !text.chars().any(|c| sanitize::is_unsafe(c) || c == '\n' || c == '\r')
        };
        let path = std::path::Path::new("in").join(&name);
        let error = hark::ImportError::Parse {
            path,
            source: hark::ParseError::Empty,
        };
        prop_assert!(one_clean_line(&error.to_string()), "{error}");
        let transcript = b"ANA LIMA, HOST: Words.\n\nJOSH EARNEST: More.\n";
        let story = parse(transcript, Some(&name), Timestamp::UNIX_EPOCH).unwrap();
        prop_assert!(one_clean_line(&story.title), "{:?}", story.title);
    }

    /// The fuzz target story_file, in little: whatever a story file holds,
    /// reading it gives a clean story or an error that prints clean.
    #[test]
    fn story_files_read_clean(text in transcript_like(), kind in "speech|cue|\\PC{0,8}") {
        let path = std::path::Path::new("stories").join("0123456789ab.json");
        let story = serde_json::json!({
            "format_version": 1, "id": "0123456789ab", "title": text,
            "source": {"file_name": text}, "imported_at": "2024-01-01T00:00:00Z",
            "speakers": [{"name": text, "label": text, "role": null}],
            "turns": [{"kind": kind, "speaker": text, "paragraphs": [text]}],
        });
        let bytes = serde_json::to_vec(&story).unwrap();
        match hark::testing::story_from_json(&path, &bytes) {
            Ok(story) => {
                let json = serde_json::to_string(&story).unwrap();
                prop_assert!(!json.contains("\\u001b") && !json.contains("\\u0007"), "{json}");
            }
            Err(err) => {
                let err = err.to_string();
                prop_assert!(!err.chars().any(|c| sanitize::is_unsafe(c) || c == '\n'), "{err:?}");
            }
        }
    }

    #[test]
    fn podcast_formats_never_panic_and_keep_the_invariants(
        text in podcast_like(),
        name in prop_oneof![Just("x.vtt"), Just("x.srt"), Just("x.json"), Just("x.txt"), Just("x.html")],
    ) {
        // Detection is total: every text is some format.
        let _format: Format = detect(&text, Some(name));
        if let Ok(story) = parse(text.as_bytes(), Some(name), Timestamp::UNIX_EPOCH) {
            check_story(&story)?;
        }
    }

    #[test]
    fn clocks_read_back_what_they_show(ms in 0u64..400_000_000) {
        prop_assert_eq!(clock::parse(&clock::format(ms)), Some(ms / 1000 * 1000));
    }

    #[test]
    fn clock_and_feed_readers_never_panic(text in "[0-9:.,]{0,20}|\\PC{0,40}", bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = clock::parse(&text);
        let _ = feed::is_feed(&bytes);
        if let Ok(show) = feed::read(&bytes) {
            for episode in &show.episodes {
                let _ = episode.best_transcript();
            }
        }
    }

    #[test]
    fn atom_feeds_in_pieces_never_panic(parts in proptest::collection::vec(atom_piece(), 0..30)) {
        let atom = format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:p=\"https://podcastindex.org/namespace/1.0\">{}",
            parts.concat()
        );
        prop_assert!(feed::is_feed(atom.as_bytes()));
        if let Ok(show) = feed::read(atom.as_bytes()) {
            for episode in &show.episodes {
                if let Some(best) = episode.best_transcript() {
                    prop_assert!(best.url.starts_with("https://"));
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
