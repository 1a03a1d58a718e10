//! Podcast feeds, read from original fixture feeds: the show, its
//! episodes, their audio and the transcript each one should import.

use std::path::Path;

use hark::testing::feed::{TranscriptKind, read};
use jiff::civil::date;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/podcast")
            .join(name),
    )
    .unwrap()
}

#[test]
fn rss_show_episodes_and_their_transcripts() {
    let show = read(&fixture("feed.xml")).unwrap();
    assert_eq!(show.title.as_deref(), Some("Tide Tables"));
    let titles: Vec<_> = show.episodes.iter().map(|e| e.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            Some("Episode 13: Salt Marsh"),
            Some("Episode 12: The Seawall Vote"),
            Some("Bonus: Listener Mail")
        ]
    );
    let thirteen = &show.episodes[0];
    assert_eq!(thirteen.id, "tide-tables-13");
    assert_eq!(thirteen.published, Some(date(2025, 3, 4)));
    assert_eq!(
        thirteen.link.as_deref(),
        Some("https://tidetables.example.org/episodes/13")
    );
    assert_eq!(
        thirteen.audio_url.as_deref(),
        Some("https://media.example.org/tide-tables/13.mp3")
    );
    let kinds: Vec<_> = thirteen.transcripts.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TranscriptKind::Srt,
            TranscriptKind::Html,
            TranscriptKind::Json,
            TranscriptKind::WebVtt
        ]
    );
    assert_eq!(thirteen.transcripts[0].rel.as_deref(), Some("captions"));
    // JSON names its speakers: it is the one to import.
    let best = thirteen.best_transcript().unwrap();
    assert_eq!(best.url, "https://tidetables.example.org/13.json");

    // The date is the feed's, in UTC: 23:30 at -05:00 is the next day.
    let twelve = &show.episodes[1];
    assert_eq!(twelve.published, Some(date(2025, 2, 26)));
    assert_eq!(
        twelve.best_transcript().unwrap().url,
        "https://tidetables.example.org/12.srt"
    );
}

#[test]
fn episodes_without_a_transcript_are_listed_as_such() {
    let show = read(&fixture("feed.xml")).unwrap();
    // As `hark import FEED` tells them apart: by whether one is offered.
    let missing: Vec<_> = (show.episodes.iter())
        .filter(|e| e.best_transcript().is_none())
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(missing, ["tide-tables-bonus-1"]);
    assert_eq!(show.episodes[2].best_transcript(), None);
    assert!(show.episodes[2].audio_url.is_some());
}

#[test]
fn atom_feeds_give_page_audio_and_date() {
    let show = read(&fixture("atom.xml")).unwrap();
    assert_eq!(show.title.as_deref(), Some("Harbor Hour"));
    let fog = &show.episodes[0];
    assert_eq!(fog.title.as_deref(), Some("The Fog Horn"));
    assert_eq!(fog.published, Some(date(2025, 4, 1)));
    assert_eq!(
        fog.link.as_deref(),
        Some("https://harborhour.example.org/7")
    );
    assert_eq!(
        fog.audio_url.as_deref(),
        Some("https://media.example.org/harbor-hour/7.mp3")
    );
    assert!(fog.transcripts.is_empty());
}

#[test]
fn broken_feeds_are_errors_not_panics() {
    for bytes in [
        &b""[..],
        b"<rss><channel><item>",
        b"{\"version\": 3}",
        b"\xff\xfe\x00",
    ] {
        if let Ok(show) = read(bytes) {
            assert!(show.episodes.iter().all(|e| e.best_transcript().is_none()));
        }
    }
}

#[test]
fn an_episode_describes_the_story_of_its_transcript() {
    let show = read(&fixture("feed.xml")).unwrap();
    let bytes = fixture("voices.vtt");
    let mut story = hark::parse(&bytes, Some("12.vtt"), jiff::Timestamp::UNIX_EPOCH).unwrap();
    let episode = &show.episodes[1];
    episode.describe(&show, "https://tidetables.example.org/feed.xml", &mut story);
    assert_eq!(story.program.as_deref(), Some("Tide Tables"));
    assert_eq!(story.title, "Episode 12: The Seawall Vote");
    assert_eq!(story.air_date, Some(date(2025, 2, 26)));
    assert_eq!(
        story.source.url.as_deref(),
        Some("https://tidetables.example.org/episodes/12")
    );
    assert_eq!(
        story.source.audio_url.as_deref(),
        Some("https://media.example.org/tide-tables/12.mp3")
    );
    assert!(story.warnings.is_empty(), "{:?}", story.warnings);
    // The turns and who speaks are the transcript's own.
    assert_eq!(story.speakers[0].name, "Maria Gonzalez");
}
