//! Every bundled sample parses to exactly the speakers and turns written
//! into it, and round-trips through import, list and show.

use assert_cmd::Command;
use hark::testing::SAMPLE_FILES as FILES;
use hark::{Role, Story, TurnKind, parse};
use jiff::Timestamp;
use serde_json::Value;

struct Expected {
    file: &'static str,
    title: &'static str,
    /// (name, role, aliases)
    speakers: &'static [(&'static str, Option<Role>, &'static [&'static str])],
    /// Each turn: 's' speech, 'c' cue, 'n' note, with its speaker.
    turns: &'static [(char, Option<&'static str>)],
    bio: bool,
}

const HOST: Option<Role> = Some(Role::Host);
const BYLINE: Option<Role> = Some(Role::Byline);
const INTRO: (char, Option<&str>) = ('s', None);
const CUE: (char, Option<&str>) = ('c', None);
const NOTE: (char, Option<&str>) = ('n', None);

const fn s(name: &'static str) -> (char, Option<&'static str>) {
    ('s', Some(name))
}

const SAMPLES: &[Expected] = &[
    Expected {
        file: "alder-bend-flood-notes.txt",
        title: "Notes From A Flood Recovery",
        speakers: &[],
        turns: &[INTRO],
        bio: false,
    },
    Expected {
        file: "kmtn-cafe-rialto-cp1252.txt",
        title: "Jazz Returns To The Old Café Rialto",
        speakers: &[
            ("Bruno Castellanos", BYLINE, &["CASTELLANOS"]),
            ("Chloé Delacroix", None, &["DELACROIX"]),
        ],
        turns: &[
            INTRO,
            s("Bruno Castellanos"),
            s("Chloé Delacroix"),
            s("Bruno Castellanos"),
            s("Chloé Delacroix"),
            CUE,
            s("Bruno Castellanos"),
        ],
        bio: false,
    },
    Expected {
        file: "kxyz-harbor-bridge.txt",
        title: "Mill Creek Votes To Rebuild The Harbor Bridge",
        speakers: &[
            ("Dana Whitfield", BYLINE, &["WHITFIELD"]),
            ("Nora McAllister", None, &["MCALLISTER"]),
            ("Teodor Lindqvist", None, &[]),
        ],
        turns: &[
            INTRO,
            s("Dana Whitfield"),
            s("Nora McAllister"),
            s("Dana Whitfield"),
            s("Teodor Lindqvist"),
            CUE,
            s("Dana Whitfield"),
            s("Nora McAllister"),
            NOTE,
            s("Dana Whitfield"),
        ],
        bio: true,
    },
    Expected {
        file: "lakeshore-bakery-coop-crlf.txt",
        title: "A Bakery Co-op Survives Its First Winter",
        speakers: &[
            ("Lucía Valdés", BYLINE, &["VALDÉS"]),
            ("Oskar Petrov", None, &[]),
            ("Esme Hartley", None, &["HARTLEY"]),
        ],
        turns: &[
            INTRO,
            s("Lucía Valdés"),
            s("Oskar Petrov"),
            s("Esme Hartley"),
            CUE,
            s("Lucía Valdés"),
            s("Esme Hartley"),
            s("Lucía Valdés"),
        ],
        bio: false,
    },
    Expected {
        file: "npr-cape-fen-lighthouse.txt",
        title: "Cape Fen Lighthouse Gets Its Keepers Back",
        speakers: &[
            ("Tomas Reyes", HOST, &["REYES"]),
            ("Renée Dubois", BYLINE, &["DUBOIS"]),
            ("Kieran O'Reilly-Ng", None, &[]),
            ("Agata Szymańska", None, &["SZYMAŃSKA"]),
            ("Unidentified Person #1", None, &[]),
            ("Unidentified Person #2", None, &[]),
        ],
        turns: &[
            s("Tomas Reyes"),
            s("Renée Dubois"),
            s("Kieran O'Reilly-Ng"),
            s("Renée Dubois"),
            s("Agata Szymańska"),
            CUE,
            s("Unidentified Person #1"),
            s("Unidentified Person #2"),
            s("Unidentified Person #1"),
            s("Agata Szymańska"),
            s("Renée Dubois"),
            s("Tomas Reyes"),
        ],
        bio: false,
    },
    Expected {
        file: "npr-podcast-robotics.txt",
        title: "How A Town Council Learned To Love Robots",
        speakers: &[
            ("Ada Fairweather", HOST, &["FAIRWEATHER"]),
            ("Joana Pimentel", None, &["J PIMENTEL"]),
            ("Luis Pimentel", None, &["L PIMENTEL"]),
            ("Harold Banks Jr", None, &["BANKS"]),
            ("Imani Okafor", None, &["OKAFOR"]),
        ],
        turns: &[
            s("Ada Fairweather"),
            s("Joana Pimentel"),
            s("Luis Pimentel"),
            s("Joana Pimentel"),
            s("Ada Fairweather"),
            s("Luis Pimentel"),
            s("Harold Banks Jr"),
            s("Ada Fairweather"),
            s("Harold Banks Jr"),
            s("Imani Okafor"),
            s("Ada Fairweather"),
            s("Imani Okafor"),
            CUE,
            s("Ada Fairweather"),
        ],
        bio: false,
    },
    Expected {
        file: "oldstyle-harbor-trust.txt",
        title: "Who Owns The Waterfront?",
        speakers: &[
            ("Neal Grant", HOST, &["GRANT"]),
            ("Angela Vanterpool", None, &["Ms. VANTERPOOL"]),
            ("Otis Brandt", None, &["Mr. BRANDT"]),
            ("Walter", None, &[]),
            ("Unidentified Man #2", None, &[]),
            ("Unidentified Man #1", None, &[]),
        ],
        turns: &[
            s("Neal Grant"),
            s("Angela Vanterpool"),
            s("Otis Brandt"),
            CUE,
            s("Neal Grant"),
            s("Walter"),
            s("Angela Vanterpool"),
            s("Otis Brandt"),
            s("Neal Grant"),
            s("Unidentified Man #2"),
            s("Unidentified Man #1"),
            s("Neal Grant"),
        ],
        bio: false,
    },
    Expected {
        file: "wqrt-parking-lot-warbler.txt",
        title: "A Rare Warbler Draws Birders To A Parking Lot",
        speakers: &[
            ("Femi Achebe", BYLINE, &["ACHEBE"]),
            ("Priya Iyer", None, &["IYER"]),
            ("Sven Rasmussen", None, &[]),
        ],
        turns: &[
            INTRO,
            s("Femi Achebe"),
            s("Priya Iyer"),
            s("Femi Achebe"),
            s("Sven Rasmussen"),
            CUE,
            s("Priya Iyer"),
            s("Femi Achebe"),
        ],
        bio: true,
    },
];

fn sample(file: &str) -> Story {
    let (_, bytes) = FILES
        .iter()
        .find(|(name, _)| *name == file)
        .unwrap_or_else(|| panic!("no sample {file}"));
    parse(bytes, Some(file), Timestamp::UNIX_EPOCH).unwrap()
}

#[test]
fn every_sample_is_checked() {
    let mut names: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
    names.sort();
    let checked: Vec<&str> = SAMPLES.iter().map(|e| e.file).collect();
    assert_eq!(names, checked);
    assert!(names.len() >= 6);
}

#[test]
fn samples_parse_to_their_exact_speakers_and_turns() {
    for expected in SAMPLES {
        let story = sample(expected.file);
        let file = expected.file;
        assert_eq!(story.title, expected.title, "{file}");
        let speakers: Vec<(&str, Option<Role>, Vec<&str>)> = story
            .speakers
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.role,
                    s.aliases.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        let wanted: Vec<(&str, Option<Role>, Vec<&str>)> = expected
            .speakers
            .iter()
            .map(|(n, r, a)| (*n, *r, a.to_vec()))
            .collect();
        assert_eq!(speakers, wanted, "{file}");
        let turns: Vec<(char, Option<&str>)> = story
            .turns
            .iter()
            .map(|t| {
                let kind = match t.kind {
                    TurnKind::Speech => 's',
                    TurnKind::Cue => 'c',
                    TurnKind::Note => 'n',
                };
                (kind, t.speaker.as_deref())
            })
            .collect();
        assert_eq!(turns, expected.turns, "{file}");
        assert_eq!(story.bio.is_some(), expected.bio, "{file}");
    }
}

#[test]
fn samples_keep_their_characters_and_lose_their_chrome() {
    let cafe = sample("kmtn-cafe-rialto-cp1252.txt");
    let text: String = cafe
        .turns
        .iter()
        .flat_map(|t| t.paragraphs.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("“too small for the sound” — and"), "{text}");
    assert!(text.contains("It’s not perfect."));
    assert!(!text.contains('\u{FFFD}'));

    let old = sample("oldstyle-harbor-trust.txt");
    assert_eq!(
        old.speakers[2].description.as_deref(),
        Some("Author, \"Tides: A Memoir\"")
    );
    assert!(
        !old.turns
            .iter()
            .flat_map(|t| &t.paragraphs)
            .any(|p| p.contains("Copyright"))
    );

    let bridge = sample("kxyz-harbor-bridge.txt");
    let nora = &bridge.turns[7].paragraphs;
    assert!(
        nora[1].starts_with("3:09 p.m. on Friday"),
        "a time at the start is no label"
    );
    assert!(
        bridge.turns[9]
            .paragraphs
            .last()
            .unwrap()
            .ends_with("I'm Dana Whitfield in Mill Creek.")
    );

    let podcast = sample("npr-podcast-robotics.txt");
    assert_eq!(podcast.speakers[3].title.as_deref(), Some("Mayor"));
    assert_eq!(podcast.speakers[4].title.as_deref(), Some("President"));
}

#[test]
fn samples_round_trip_through_import_list_and_show() {
    let library = tempfile::tempdir().unwrap();
    let hark = || {
        let mut cmd = Command::cargo_bin("hark").unwrap();
        cmd.arg("--library")
            .arg(library.path())
            .env("NO_COLOR", "1");
        cmd
    };
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    hark().arg("import").arg(&samples).assert().success();
    let list: Value = serde_json::from_slice(
        &hark()
            .args(["list", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), SAMPLES.len());
    for expected in SAMPLES {
        let entry = list
            .iter()
            .find(|e| e["title"] == expected.title)
            .expect(expected.title);
        let id = entry["id"].as_str().unwrap();
        let shown: Value = serde_json::from_slice(
            &hark()
                .args(["show", id, "--json"])
                .assert()
                .success()
                .get_output()
                .stdout,
        )
        .unwrap();
        let story = sample(expected.file);
        let mut parsed = serde_json::to_value(&story).unwrap();
        parsed["imported_at"] = shown["imported_at"].clone();
        // `show --json` adds the air date as `date` (null when none, never
        // the import date), `program` and `warnings` even when empty, and
        // where the story came from (`url`, `audio_url`).
        assert_eq!(shown["date"], entry["date"]);
        parsed["date"] = serde_json::to_value(story.air_date).unwrap();
        parsed["program"] = serde_json::to_value(&story.program).unwrap();
        parsed["warnings"] = serde_json::to_value(&story.warnings).unwrap();
        for key in ["url", "audio_url"] {
            assert!(shown.get(key).is_some(), "{key} in {}", expected.file);
            parsed[key] = serde_json::to_value(Option::<String>::None).unwrap();
        }
        assert_eq!(shown, parsed, "{}", expected.file);
        let text = hark()
            .args(["show", id])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(String::from_utf8(text).unwrap().starts_with(expected.title));
    }
}
