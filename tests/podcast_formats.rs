//! Podcast transcripts in every format hark reads, from the fixtures in
//! tests/fixtures/podcast/: who speaks, in which turns, from when.

use std::path::Path;

use hark::{Format, ParseError, Story, TurnKind, detect, parse};
use jiff::Timestamp;

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/podcast")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(name: &str) -> Story {
    parse(&fixture_bytes(name), Some(name), Timestamp::UNIX_EPOCH)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each turn as (speaker, start in seconds, its text joined).
fn turns(story: &Story) -> Vec<(Option<&str>, Option<u64>, String)> {
    story
        .turns
        .iter()
        .map(|t| {
            (
                t.speaker.as_deref(),
                t.start_ms.map(|ms| ms / 1000),
                t.paragraphs.join(" | "),
            )
        })
        .collect()
}

fn names(story: &Story) -> Vec<&str> {
    story.speakers.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn each_fixture_is_detected_by_its_content() {
    let cases = [
        ("voices.vtt", Format::WebVtt),
        ("no_header.vtt", Format::WebVtt),
        ("names.srt", Format::Srt),
        ("missing_blank_lines.srt", Format::Srt),
        ("segments.json", Format::JsonSegments),
        ("transcript.html", Format::TranscriptHtml),
        ("speaker_lines.txt", Format::TextExport),
        ("bracketed.txt", Format::TextExport),
        ("paren_time.txt", Format::TextExport),
    ];
    for (name, format) in cases {
        let text = String::from_utf8(fixture_bytes(name)).unwrap();
        // Named as a plain .txt, the content still decides.
        assert_eq!(detect(&text, Some("renamed.txt")), format, "{name}");
    }
}

#[test]
fn webvtt_voice_spans_name_speakers_and_markup_is_dropped() {
    let story = fixture("voices.vtt");
    assert_eq!(story.title, "Tide Tables, Episode 12: The Seawall Vote");
    assert_eq!(names(&story), ["Maria Gonzalez", "Tom Reyes"]);
    assert_eq!(story.speakers[0].aliases, ["Gonzalez"]);
    let got = turns(&story);
    assert_eq!(
        got[0],
        (
            Some("Maria Gonzalez"),
            Some(1),
            "Welcome back to Tide Tables. I'm Maria Gonzalez, and today we're talking about the seawall vote.".into()
        )
    );
    assert_eq!(
        got[1],
        (
            Some("Tom Reyes"),
            Some(7),
            "Thanks for having me, Maria. The council meets & votes on Thursday.".into()
        )
    );
    // Two voices in one cue are two turns; a surname is the same person.
    assert_eq!(got[2].0, Some("Maria Gonzalez"));
    assert_eq!(got[3], (Some("Tom Reyes"), Some(13), "Not yet.".into()));
    assert_eq!(got[4].0, Some("Maria Gonzalez"));
    assert_eq!(story.turns[5].kind, TurnKind::Cue);
    assert_eq!(got[5], (None, Some(65), "[WAVES CRASHING]".into()));
    let all: String = got.iter().map(|t| t.2.clone()).collect();
    for markup in ["NOTE", "STYLE", "::cue", "align:", "<", "intro-1", "&amp;"] {
        assert!(!all.contains(markup), "{markup} left in {all}");
    }
}

#[test]
fn webvtt_marking_only_changes_carries_the_speaker_over() {
    let story = fixture("changes_only.vtt");
    assert_eq!(
        turns(&story),
        [
            (
                Some("Priya Raman"),
                Some(0),
                "The ferry used to run every hour, and then the schedule was cut in half. Nobody told us why.".into()
            ),
            (
                Some("Dale Whitcomb"),
                Some(9),
                "I can tell you why. The boat needed a new engine.".into()
            ),
            (Some("Priya Raman"), Some(14), "In March?".into()),
        ]
    );
}

#[test]
fn webvtt_name_prefixes_and_zoom_cues() {
    let story = fixture("name_prefix.vtt");
    assert_eq!(names(&story), ["Maria Gonzalez", "Caller"]);
    assert_eq!(
        turns(&story)[1].2,
        "Hi, I live right by the harbor. I've seen the water come up to the bakery twice."
    );
    assert_eq!(turns(&story)[2].0, Some("Maria Gonzalez"));

    let zoom = fixture("zoom.vtt");
    assert_eq!(names(&zoom), ["Harold Banks", "Jun Park"]);
    let got = turns(&zoom);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(
        got[1].2,
        "Great. So the first item is the dune fence. We got three quotes, and the cheapest one is in the packet."
    );
}

#[test]
fn srt_prefixes_mark_changes_and_carry_over() {
    let story = fixture("names.srt");
    assert_eq!(names(&story), ["Eli Strand", "Rosa Mendel"]);
    assert_eq!(story.speakers[0].aliases, ["STRAND"]);
    assert_eq!(
        turns(&story),
        [
            (
                Some("Eli Strand"),
                Some(0),
                "Good evening from the harbor. We have a full hour tonight.".into()
            ),
            (
                Some("Rosa Mendel"),
                Some(5),
                "And a full inbox, Eli. Mostly about parking.".into()
            ),
            (Some("Eli Strand"), Some(10), "Of course it is.".into()),
        ]
    );
}

#[test]
fn srt_whose_colons_are_sentences_gets_no_speakers() {
    let story = fixture("ordinary_colons.srt");
    assert!(story.speakers.is_empty(), "{:?}", names(&story));
    let text = &story.turns[0].paragraphs[0];
    assert!(text.starts_with("Here is the plan: we walk"));
    assert!(text.contains("Dunes: keep off them."));
}

#[test]
fn json_segments_sentence_and_word_level() {
    let story = fixture("segments.json");
    assert_eq!(names(&story), ["Kofi Mensah", "Ruth Adler"]);
    assert_eq!(
        turns(&story),
        [
            (
                Some("Kofi Mensah"),
                Some(0),
                "The oyster beds came back this spring, which nobody expected.".into()
            ),
            (
                Some("Ruth Adler"),
                Some(6),
                "Why didn't anyone expect it?".into()
            ),
            (
                Some("Kofi Mensah"),
                Some(8),
                "Because the water was too warm for three summers running. Then it wasn't.".into()
            ),
        ]
    );
    let words = fixture("words.json");
    assert_eq!(
        turns(&words),
        [
            (Some("Ruth Adler"), Some(0), "So what changed?".into()),
            (
                Some("Kofi Mensah"),
                Some(1),
                "The current shifted, I think.".into()
            ),
        ]
    );
}

#[test]
fn times_without_speakers_give_turns_at_pauses() {
    for name in ["no_speakers.json", "no_speakers.vtt"] {
        let story = fixture(name);
        assert!(story.speakers.is_empty(), "{name}");
        let starts: Vec<_> = story.turns.iter().map(|t| t.start_ms).collect();
        assert!(starts.len() >= 2, "{name}: {starts:?}");
        assert_eq!(starts[1], Some(9_000), "{name}");
        assert!(story.turns.iter().all(|t| t.speaker.is_none()));
    }
}

#[test]
fn html_transcript_cite_and_time() {
    let story = fixture("transcript.html");
    assert_eq!(story.title, "Tide Tables, Episode 13: Salt Marsh");
    assert_eq!(names(&story), ["Maria Gonzalez", "Dev Anand"]);
    let got = turns(&story);
    assert_eq!(
        got[0],
        (
            Some("Maria Gonzalez"),
            Some(0),
            "The salt marsh behind the school floods twice a day. The kids have names for every channel.".into()
        )
    );
    assert_eq!(
        got[1].2,
        "We call the big one the Highway. It's very muddy & very loud at night."
    );
    assert_eq!(got[2].1, Some(3723));
    assert_eq!(
        got[3],
        (
            Some("Dev Anand"),
            Some(3725),
            "Frogs. Thousands of frogs.".into()
        )
    );
}

#[test]
fn text_exports_of_three_layouts() {
    let lines = fixture("speaker_lines.txt");
    assert_eq!(names(&lines), ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        turns(&lines)[3],
        (
            Some("Speaker 2"),
            Some(15),
            "Going on thirty years. My father had it before me. And his mother before him.".into()
        )
    );
    let bracketed = fixture("bracketed.txt");
    assert_eq!(names(&bracketed), ["Amos Pike", "Bea Holm"]);
    assert_eq!(
        turns(&bracketed)[2],
        (
            Some("Amos Pike"),
            Some(11),
            // Without end times the gap is measured start to start: each
            // line said seconds apart is a paragraph of its own.
            "Burning off by noon, they say. | The forecast for the weekend is clear.".into()
        )
    );
    let paren = fixture("paren_time.txt");
    assert_eq!(
        turns(&paren),
        [
            (
                Some("Carla Dunn"),
                Some(2),
                "I've fished these waters since I was nine. | Nothing like this summer.".into()
            ),
            (
                Some("Marcus Lee"),
                Some(10),
                "What's different about it?".into()
            ),
            (
                Some("Carla Dunn"),
                Some(75),
                "The mackerel came a month early.".into()
            ),
        ]
    );
}

#[test]
fn malformed_files_give_a_story_or_a_clear_error() {
    let no_header = fixture("no_header.vtt");
    assert_eq!(names(&no_header), ["Lena Ortiz", "Sam Kettle"]);
    let gaps = fixture("missing_blank_lines.srt");
    assert_eq!(
        turns(&gaps),
        [
            (
                Some("Owen Hale"),
                Some(0),
                "The storm took the pier. All of it, down to the pilings.".into()
            ),
            (Some("Jess Amari"), Some(4), "Will they rebuild?".into()),
            (Some("Owen Hale"), Some(6), "Not this year.".into()),
        ]
    );
    let strings = fixture("string_times.json");
    assert_eq!(strings.turns[0].start_ms, Some(500));
    assert_eq!(
        strings.turns[0].paragraphs,
        ["Times as strings, and as clocks. And one that is neither."]
    );
    let overlapping = fixture("overlapping.vtt");
    assert_eq!(overlapping.turns.len(), 3);
    assert!(
        overlapping
            .turns
            .iter()
            .all(|t| !t.paragraphs.concat().is_empty())
    );

    let broken = parse(
        &fixture_bytes("broken.json"),
        Some("broken.json"),
        Timestamp::UNIX_EPOCH,
    );
    match broken {
        Err(err @ ParseError::Malformed { .. }) => {
            let message = err.to_string();
            assert!(
                message.starts_with("not a readable JSON transcript: "),
                "{message}"
            );
            assert!(message.contains("line 3"), "{message}");
        }
        other => panic!("expected a clear error, got {other:?}"),
    }
    let empty_srt = parse(b"1\n\n2\n", Some("empty.srt"), Timestamp::UNIX_EPOCH);
    assert!(matches!(
        empty_srt,
        Err(ParseError::Malformed { format: "SRT", .. })
    ));
}

#[test]
fn bom_and_crlf_read_as_plain_files_do() {
    let bom = fixture("bom_crlf.vtt");
    assert_eq!(
        turns(&bom),
        [(
            Some("Nadia Bloom"),
            Some(0),
            "Windows line ends and a byte order mark. Neither should matter.".into()
        )]
    );
    let (crlf, lf) = (fixture("crlf.srt"), fixture("names.srt"));
    assert_eq!(crlf.turns, lf.turns);
    assert_eq!(crlf.speakers, lf.speakers);
}

#[test]
fn import_reads_every_caption_file_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib");
    let out = assert_cmd::Command::cargo_bin("hark")
        .unwrap()
        .args(["--library"])
        .arg(&library)
        .arg("import")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/podcast"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Every .vtt, .srt and .txt below the folder is read; JSON and HTML
    // are named one by one.
    // names.srt and bracketed.txt have no titles: their first words stand in.
    for shown in [
        "Tide Tables, Episode 12",
        "Good evening from the harbor.",
        "Welcome to the harbor report.",
        "failed 0",
    ] {
        assert!(stdout.contains(shown), "{shown}: {stdout}{stderr}");
    }
    assert!(
        !stdout.contains("segments") && !stderr.contains("broken.json"),
        "{stdout}"
    );
}

fn hark(library: &Path, args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("hark")
        .unwrap()
        .arg("--library")
        .arg(library)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn quotes_and_show_say_when_in_the_audio() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib");
    let html = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/podcast/transcript.html");
    hark(&library, &["import", html.to_str().unwrap()]);

    let json: serde_json::Value =
        serde_json::from_str(&hark(&library, &["quotes", "--json", "frogs"])).unwrap();
    assert_eq!(json[0]["speaker"], "Dev Anand");
    assert_eq!(json[0]["start"], "1:02:05");
    assert_eq!(json[0]["start_ms"], 3_725_000);

    let md = hark(&library, &["quotes", "--format", "md", "frogs"]);
    assert!(
        // The transcript gives no air date, so the attribution has none:
        // the import date is never shown in its place.
        md.lines()
            .any(|l| l == "— Dev Anand, “Tide Tables, Episode 13: Salt Marsh” at 1:02:05"),
        "{md}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&hark(&library, &["list", "--json"])).unwrap();
    let id = list[0]["id"].as_str().unwrap();
    let shown = hark(&library, &["show", id]);
    assert!(shown.contains("Maria Gonzalez  0:00\n"), "{shown}");
    assert!(
        shown.contains("Dev Anand  1:02:05\nFrogs. Thousands of frogs."),
        "{shown}"
    );
}

#[test]
fn a_feed_is_refused_with_a_clear_error_and_nothing_stored() {
    for name in ["feed.xml", "atom.xml"] {
        let result = parse(&fixture_bytes(name), Some(name), Timestamp::UNIX_EPOCH);
        assert_eq!(result.unwrap_err(), ParseError::Feed, "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib");
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/podcast/feed.xml");
    let parsed = assert_cmd::Command::cargo_bin("hark")
        .unwrap()
        .arg("parse")
        .arg(&feed)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!parsed.status.success());
    let stderr = String::from_utf8_lossy(&parsed.stderr);
    assert!(stderr.contains("a podcast feed"), "{stderr}");
    assert!(stderr.contains("feed.xml"), "{stderr}");
    let _ = assert_cmd::Command::cargo_bin("hark")
        .unwrap()
        .arg("--library")
        .arg(&library)
        .arg("import")
        .arg(&feed)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let listed = hark(&library, &["list", "--json"]);
    assert!(!listed.contains("rss"), "{listed}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&listed).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn unnamed_turns_are_called_by_the_story_not_by_their_own_time() {
    let text = "Recorded at the pier.\n[00:00:05] Ana Ruiz: Hi.\n[00:00:09] Tom Reyes: Yes.\n";
    let story = parse(text.as_bytes(), Some("pier.txt"), Timestamp::UNIX_EPOCH).unwrap();
    assert_eq!(story.turns[0].speaker, None);
    assert_eq!(story.turns[0].start_ms, None);
    assert_eq!(story.unnamed_heading(0), "Unattributed");
    let page = "Pier Notes\n\nThe pier reopened.\n\nANA RUIZ, HOST: Hi.\n\nTV: Rain later.\n";
    let story = parse(page.as_bytes(), Some("pier.txt"), Timestamp::UNIX_EPOCH).unwrap();
    let headings: Vec<&str> = (0..story.turns.len())
        .filter(|&i| story.turns[i].speaker.is_none())
        .map(|i| story.unnamed_heading(i))
        .collect();
    assert_eq!(headings, ["Intro", "Unattributed"]);
}
