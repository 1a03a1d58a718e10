//! Any bytes, read as each podcast format: the first byte picks a header
//! and a file name, so the fuzzer starts inside WebVTT, SRT, JSON, HTML
//! or a text export rather than having to find their magic first. A
//! story or an error, never a panic; the story clean and consistent.
#![no_main]

use hark::Story;
use hark::testing::sanitize;
use libfuzzer_sys::fuzz_target;

const STARTS: &[(&str, &[u8])] = &[
    ("fuzz.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"),
    ("fuzz.srt", b"1\n00:00:01,000 --> 00:00:02,000\n"),
    ("fuzz.json", b"{\"version\":\"1.0.0\",\"segments\":["),
    ("fuzz.html", b"<html><cite>A:</cite><time>0:01</time><p>"),
    ("fuzz.txt", b"[00:00:01] A: x\n[00:00:02] "),
    ("fuzz.txt", b"Speaker 1  0:03\n"),
];

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, rest)) = bytes.split_first() else { return };
    let (name, start) = STARTS[usize::from(pick) % STARTS.len()];
    let input = [start, rest].concat();
    let Ok(story) = hark::parse(&input, Some(name), jiff::Timestamp::UNIX_EPOCH)
    else {
        return;
    };
    let json = serde_json::to_string(&story).expect("a story serializes");
    let back: Story = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, story);
    for turn in &story.turns {
        if let Some(name) = &turn.speaker {
            assert!(story.speaker(name).is_some(), "turn speaker {name} is not a speaker");
        }
        assert!(!turn.paragraphs.is_empty());
        for p in &turn.paragraphs {
            assert!(!p.is_empty() && !p.chars().any(sanitize::is_unsafe), "bad text: {p:?}");
        }
    }
});
