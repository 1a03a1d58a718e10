//! Every page shape seen on real npr.org and member-station pages, each in
//! an original, fictional fixture under tests/fixtures/pages/: the title,
//! air date, program, speakers, turns and warnings the parser must give.

use std::path::PathBuf;

use assert_cmd::Command;
use hark::{Role, Story, TurnKind, WarningKind, parse, parse_all};
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::Value;

const HOST: Option<Role> = Some(Role::Host);
const BYLINE: Option<Role> = Some(Role::Byline);
use WarningKind::*;

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages")
        .join(name)
}

fn fixture(name: &str) -> Story {
    let bytes = std::fs::read(path(name)).unwrap();
    parse(&bytes, Some(name), Timestamp::UNIX_EPOCH).unwrap()
}

fn date(y: i16, m: i8, d: i8) -> Option<Date> {
    Some(Date::new(y, m, d).unwrap())
}

fn speakers(story: &Story) -> Vec<(&str, Option<Role>)> {
    story
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.role))
        .collect()
}

/// Each turn as 's'/'c'/'n' and its speaker.
fn turns(story: &Story) -> Vec<(char, Option<&str>)> {
    story
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
        .collect()
}

fn warnings(story: &Story) -> Vec<(WarningKind, &str)> {
    story
        .warnings
        .iter()
        .map(|w| (w.kind, w.detail.as_str()))
        .collect()
}

fn all_text(story: &Story) -> Vec<&str> {
    story
        .turns
        .iter()
        .flat_map(|t| t.paragraphs.iter().map(String::as_str))
        .collect()
}

fn s(name: &str) -> (char, Option<&str>) {
    ('s', Some(name))
}

const INTRO: (char, Option<&str>) = ('s', None);

#[test]
fn station_chrome_with_a_slogan_is_skipped_by_its_shape() {
    let story = fixture("station-chrome-slogan.txt");
    assert_eq!(story.title, "Ferry Schedule Shrinks For Winter");
    assert_eq!(story.air_date, date(2024, 11, 4));
    assert_eq!(
        story.source.station.as_deref(),
        Some("KQRV Ridge Country Radio")
    );
    assert_eq!(
        speakers(&story),
        [("Ines Marsh", BYLINE), ("Oren Tally", None)]
    );
    let (marsh, tally) = (s("Ines Marsh"), s("Oren Tally"));
    assert_eq!(turns(&story), [INTRO, marsh, tally, marsh, tally, marsh]);
    assert_eq!(story.byline.as_deref(), Some("Ines Marsh"));
    assert_eq!(warnings(&story), []);
    for chrome in ["Music Matters", "Play Live Radio", "Published", "0:00"] {
        assert!(
            !all_text(&story).iter().any(|p| p.contains(chrome)),
            "{chrome}"
        );
    }
}

#[test]
fn a_slogan_right_under_the_copyright_line_is_not_the_headline() {
    let story = fixture("station-slogan-only.txt");
    assert_eq!(story.title, "Library Opens Its Seed Vault");
    assert_eq!(story.air_date, date(2023, 4, 9), "abbreviated month");
    assert_eq!(
        speakers(&story),
        [("Pal Odegard", HOST), ("Lena Voss", BYLINE)]
    );
    assert_eq!(turns(&story), [s("Pal Odegard"), s("Lena Voss")]);
    assert_eq!(warnings(&story), []);
}

#[test]
fn headline_after_an_opening_correction() {
    let story = fixture("correction-first.txt");
    assert_eq!(story.title, "Tower Crane Stands Idle Over Pell Street");
    assert_eq!(story.air_date, date(2016, 10, 3));
    assert_eq!(
        speakers(&story),
        [("Ruth Anwar", HOST), ("Callum Reeve", BYLINE)]
    );
    // The correction stays with the story, as a note, not as speech.
    assert_eq!(
        turns(&story),
        [('n', None), s("Ruth Anwar"), s("Callum Reeve")]
    );
    assert!(story.turns[0].paragraphs[0].starts_with("Correction: An earlier version"));
    assert!(!all_text(&story).iter().any(|p| p.contains("PM ET")));
}

#[test]
fn headline_after_the_old_copyright_header() {
    let story = fixture("old-copyright-header.txt");
    assert_eq!(story.title, "Keeping Bees On City Roofs");
    assert_eq!(story.program.as_deref(), Some("Talk of the Nation"));
    assert_eq!(
        speakers(&story),
        [("Nola Breck", HOST), ("Amos Wren", None)]
    );
    assert_eq!(
        story.speakers[1].description.as_deref(),
        Some("Beekeeper, Fifth Street Apiary")
    );
    let (breck, wren) = (s("Nola Breck"), s("Amos Wren"));
    assert_eq!(turns(&story), [breck, wren, breck, wren]);
    assert_eq!(warnings(&story), [(DateNotFound, "")]);
}

#[test]
fn npr_org_first_line_runs_the_headline_into_the_teaser() {
    let story = fixture("npr-run-in-headline.txt");
    assert_eq!(story.title, "Lighthouse Keepers Remember The Long Nights");
    assert_eq!(story.program.as_deref(), Some("Porch Light"));
    // The host lost his label but introduced himself; `AMES:` is him.
    assert_eq!(
        speakers(&story),
        [("Wendell Ames", None), ("Ida Fenn", None)]
    );
    let (ames, fenn) = (s("Wendell Ames"), s("Ida Fenn"));
    assert_eq!(turns(&story), [ames, fenn, ames, fenn]);
    assert_eq!(story.speakers[0].aliases, Vec::<String>::new());
    assert_eq!(story.speakers[0].label, "AMES");
    assert_eq!(warnings(&story), [(DateNotFound, "")]);
}

#[test]
fn teaser_first_page_gives_the_headline_after_it() {
    let story = fixture("teaser-first.txt");
    assert_eq!(story.title, "The Mill Workers Who Bake Bread Now");
    assert_eq!(turns(&story), [s("Tomas Reyes"), s("Greta Holm")]);
    assert_eq!(
        speakers(&story),
        [("Tomas Reyes", HOST), ("Greta Holm", None)]
    );
}

#[test]
fn yaml_front_matter_gives_title_and_date() {
    let story = fixture("yaml-front-matter.txt");
    assert_eq!(story.title, "Harbor Seals: A Census");
    assert_eq!(story.air_date, date(2019, 5, 2));
    assert_eq!(
        speakers(&story),
        [("Dana Whitfield", BYLINE), ("Piet Arndt", None)]
    );
    assert_eq!(turns(&story), [INTRO, s("Dana Whitfield"), s("Piet Arndt")]);
    assert!(!all_text(&story).iter().any(|p| p.contains("tags")));
    assert_eq!(warnings(&story), []);
}

#[test]
fn markdown_heading_is_the_title() {
    let story = fixture("markdown-heading.txt");
    assert_eq!(story.title, "What The River Carried");
    assert_eq!(turns(&story), [INTRO, s("Marta Olle"), s("Jonah Pike")]);
}

#[test]
fn blog_post_greeting_and_rule_are_never_the_title() {
    let story = fixture("blog-one-paragraph-per-line.txt");
    assert_eq!(story.title, "This week at the co-op we finally got…");
    assert_eq!(warnings(&story), [(TitleNotFound, ""), (DateNotFound, "")]);
    assert!(!all_text(&story).contains(&"---"));
    let (lima, brandt) = (s("Ana Lima"), s("Hugo Brandt"));
    assert_eq!(turns(&story), [INTRO, lima, brandt, lima, brandt]);
}

#[test]
fn listing_page_holds_one_story_per_headline() {
    let bytes = std::fs::read(path("listing-page.txt")).unwrap();
    let stories = parse_all(&bytes, Some("listing-page.txt"), Timestamp::UNIX_EPOCH).unwrap();
    let heads: Vec<_> = stories
        .iter()
        .map(|s| (s.title.as_str(), s.air_date))
        .collect();
    assert_eq!(
        heads,
        [
            ("Orchard Growers Count Frost Losses", date(2012, 10, 29)),
            ("School Board Delays Vote On Bus Routes", date(2012, 10, 27)),
        ]
    );
    assert_eq!(
        speakers(&stories[0]),
        [("Ana Lima", HOST), ("Petra Koll", BYLINE)]
    );
    assert_eq!(turns(&stories[0]), [s("Ana Lima"), s("Petra Koll")]);
    assert_eq!(speakers(&stories[1]), [("Tomas Reyes", HOST)]);
    assert_eq!(turns(&stories[1]), [s("Tomas Reyes")]);
    assert_ne!(stories[0].id, stories[1].id);
    for story in &stories {
        assert_eq!(warnings(story), []);
        for chrome in [
            "Read more",
            "NPR Story",
            "Originally published",
            "Transcript",
        ] {
            assert!(!all_text(story).contains(&chrome), "{chrome}");
        }
    }
    // `parse` is the first story alone.
    assert_eq!(
        parse(&bytes, None, Timestamp::UNIX_EPOCH).unwrap().title,
        stories[0].title
    );
}

#[test]
fn import_stores_each_story_of_a_listing_page() {
    let library = tempfile::tempdir().unwrap();
    let hark = || {
        let mut cmd = Command::cargo_bin("hark").unwrap();
        cmd.arg("--library")
            .arg(library.path())
            .env_remove("HARK_LIBRARY")
            .env("NO_COLOR", "1");
        cmd
    };
    hark()
        .arg("import")
        .arg(path("listing-page.txt"))
        .assert()
        .success();
    let out = hark().args(["list", "--json"]).assert().success();
    let list: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Orchard Growers Count Frost Losses",
            "School Board Delays Vote On Bus Routes"
        ]
    );
}

#[test]
fn npr_org_article_chrome_is_not_speech() {
    let story = fixture("npr-article-chrome.txt");
    assert_eq!(story.title, "Town Votes To Keep Its Last Pay Phone");
    assert_eq!(
        story.air_date,
        date(2023, 12, 15),
        "date and time run together"
    );
    assert_eq!(story.program.as_deref(), Some("All Things Considered"));
    assert_eq!(story.byline.as_deref(), Some("Ines Marsh, Callum Reeve"));
    assert_eq!(
        speakers(&story),
        [("Ines Marsh", BYLINE), ("Wally Dunn", None)]
    );
    let marsh = s("Ines Marsh");
    assert_eq!(turns(&story), [INTRO, marsh, s("Wally Dunn"), marsh]);
    assert_eq!(
        story.turns[0].paragraphs,
        ["The pay phone outside the Dunmore post office, the last one in the county."]
    );
    for chrome in [
        "Heard on",
        "Minute Listen",
        "Enlarge",
        "toggle caption",
        "Callum Reeve/NPR",
        "PM ET",
    ] {
        assert!(
            !all_text(&story).iter().any(|p| p.contains(chrome)),
            "{chrome}"
        );
    }
    assert_eq!(warnings(&story), []);
}

#[test]
fn podcast_name_from_the_run_in_line_and_self_introductions() {
    let story = fixture("podcast-run-in.txt");
    assert_eq!(story.title, "Why Robots Need Naps");
    assert_eq!(story.program.as_deref(), Some("The Gadget Hour"));
    assert_eq!(
        speakers(&story),
        [("Noor Haddad", None), ("Felix Brandvold", None)]
    );
    let (haddad, brandvold) = (s("Noor Haddad"), s("Felix Brandvold"));
    assert_eq!(
        turns(&story),
        [haddad, brandvold, haddad, brandvold, haddad]
    );
    assert_eq!(warnings(&story), [(DateNotFound, "")]);
}

#[test]
fn originally_published_dates_a_member_station_page() {
    let story = fixture("originally-published.txt");
    assert_eq!(story.title, "Fiddlers Gather For The Old Mill Contest");
    assert_eq!(story.air_date, date(2013, 6, 15));
    assert_eq!(
        speakers(&story),
        [("Scott Rand", HOST), ("Lucy Pray", BYLINE)]
    );
    assert_eq!(turns(&story), [s("Scott Rand"), s("Lucy Pray")]);
    assert_eq!(warnings(&story), []);
}

#[test]
fn a_bare_surname_never_joins_the_person_who_shares_it() {
    let story = fixture("surname-collision.txt");
    assert_eq!(
        speakers(&story),
        [("Rosa Lind", None), ("Mara Holt Lind", None)]
    );
    let (rosa, mara) = (s("Rosa Lind"), s("Mara Holt Lind"));
    assert_eq!(turns(&story), [rosa, mara, rosa, mara, rosa, mara]);
    assert_eq!(story.program.as_deref(), Some("The Coin Jar"));
}

#[test]
fn self_introductions_and_prose_name_short_labels() {
    let story = fixture("self-introductions.txt");
    assert_eq!(
        speakers(&story),
        [("Wendell Ames", None), ("Dara McIntyre", None)]
    );
    let (ames, dara) = (s("Wendell Ames"), s("Dara McIntyre"));
    assert_eq!(turns(&story), [ames, dara, ames, dara]);
    assert_eq!(warnings(&story), [(DateNotFound, "")]);
}

#[test]
fn casing_from_the_text_and_acronyms_kept() {
    let story = fixture("casing-and-acronyms.txt");
    assert_eq!(
        speakers(&story),
        [
            ("Dara McIntyre", HOST),
            ("AI-Generated Voice #6", None),
            ("WKRB Announcer", None)
        ]
    );
    let dara = s("Dara McIntyre");
    assert_eq!(
        turns(&story),
        [dara, s("AI-Generated Voice #6"), s("WKRB Announcer"), dara]
    );
}

#[test]
fn qualifiers_stay_with_the_speech() {
    let story = fixture("qualifiers.txt");
    assert_eq!(
        speakers(&story),
        [
            ("May Grimes", HOST),
            ("Otto Pell", None),
            ("Rosa Diaz", None)
        ]
    );
    let paragraphs = all_text(&story);
    for qualifier in [
        "(Singing) Row",
        "(As Terry) You",
        "(Reading) Rule",
        "(Speaking Spanish) Todos",
        "(as Stu Price) Louder",
    ] {
        assert!(
            paragraphs.iter().any(|p| p.starts_with(qualifier)),
            "{qualifier}"
        );
    }
    let (pell, grimes) = (s("Otto Pell"), s("May Grimes"));
    assert_eq!(turns(&story), [grimes, pell, s("Rosa Diaz"), pell]);
}

#[test]
fn labels_that_are_not_people_are_not_speakers() {
    let story = fixture("not-a-person.txt");
    assert_eq!(story.program.as_deref(), Some("Harbor Hour"));
    assert_eq!(
        speakers(&story),
        [("Neal Grant", None), ("Walter Beam", None)]
    );
    assert_eq!(
        turns(&story),
        [
            s("Neal Grant"),
            INTRO,
            INTRO,
            ('n', None),
            s("Neal Grant"),
            s("Walter Beam")
        ]
    );
    assert_eq!(
        warnings(&story),
        [
            (NotAPerson, "HARBOR HOUR"),
            (NotAPerson, "TV"),
            (NotAPerson, ":"),
            (DateNotFound, "")
        ]
    );
    // The weather is the television's line, not Neal Grant's.
    let tv = story
        .turns
        .iter()
        .find(|t| t.paragraphs[0].starts_with("TV:"));
    assert_eq!(tv.unwrap().paragraphs, ["TV: And now the weather."]);
    assert_eq!(tv.unwrap().speaker, None);
}

#[test]
fn a_show_name_label_speaks_for_no_one() {
    let story = fixture("show-name-label.txt");
    assert_eq!(
        speakers(&story),
        [("Neal Conan", HOST), ("Mira Osten", None)]
    );
    let conan = s("Neal Conan");
    assert_eq!(
        turns(&story),
        [conan, INTRO, conan, s("Mira Osten"), ('c', None), conan]
    );
    // The show's promo and the line after it are nobody's quote.
    assert_eq!(
        story.turns[1].paragraphs,
        [
            "TALK OF THE NATION: You can join the conversation at our website.",
            "The lines stay open until the top of the hour."
        ]
    );
    assert_eq!(
        story.turns[0].paragraphs,
        ["Our next caller rode the last ferry out of Pell Harbor."]
    );
    assert!(warnings(&story).contains(&(NotAPerson, "TALK OF THE NATION")));
    // Inline marks stay in the speech; nested parentheses make one cue.
    assert_eq!(
        story.turns[3].paragraphs,
        ["The captain, Dov Halloran (ph), said the [expletive] engine quit twice."]
    );
    assert_eq!(
        story.turns[4].paragraphs,
        ["(SOUNDBITE OF SONG, \"NIGHT CROSSING (TIDE MIX FEAT. LOW GULLS)\")"]
    );
}

#[test]
fn a_typo_label_joins_its_speaker_and_says_so() {
    let story = fixture("typo-label.txt");
    assert_eq!(
        speakers(&story),
        [("Otto Kemble", HOST), ("Liv Sorensen", None)]
    );
    assert_eq!(story.speakers[0].aliases, ["KEMBLE", "KEBMLE"]);
    assert_eq!(turns(&story), [s("Otto Kemble"), s("Liv Sorensen")]);
    assert_eq!(
        warnings(&story),
        [(TypoLabelMerged, "KEBMLE"), (DateNotFound, "")]
    );
}

#[test]
fn anonymous_speakers_in_any_spelling() {
    let story = fixture("anonymous-speakers.txt");
    assert_eq!(
        speakers(&story),
        [
            ("Ruth Anwar", HOST),
            ("Unidentified Man #1", None),
            ("Unidentified Woman #2", None)
        ]
    );
    let man = s("Unidentified Man #1");
    assert_eq!(
        turns(&story),
        [s("Ruth Anwar"), man, s("Unidentified Woman #2"), man]
    );
}

#[test]
fn odd_characters_are_kept_and_never_break_parsing() {
    let story = fixture("odd-characters.txt");
    assert_eq!(story.title, "Rain Check： Notes On A Wet Festival");
    assert_eq!(
        speakers(&story),
        [("Ana Lima", None), ("Jorge Ybarra", None)]
    );
    let lima = s("Ana Lima");
    assert_eq!(
        turns(&story),
        [lima, ('c', None), lima, s("Jorge Ybarra"), lima]
    );
    let text = all_text(&story);
    assert!(text.contains(&"(SOUNDBITE OF SONG, \"COLD RAIN (LIVE AT THE FAIR)\")"));
    assert!(text.iter().any(|p| p.contains("Jorge Ybarra (ph)")));
    assert!(text.iter().any(|p| p.contains("[Expletive] rain")));
    assert!(text.iter().any(|p| p.contains("Caf\u{fffd} Closed")));
}

#[test]
fn title_case_labels_when_the_page_uses_them() {
    let story = fixture("mixed-case-labels.txt");
    assert_eq!(story.title, "The Bridge Inspector Calls In");
    assert_eq!(
        speakers(&story),
        [("Mona Feld", None), ("Pim Arendt", None)]
    );
    let (mona, pim) = (s("Mona Feld"), s("Pim Arendt"));
    assert_eq!(turns(&story), [mona, pim, mona, pim, mona]);
}

#[test]
fn rules_around_a_story_without_keys_are_no_front_matter() {
    let story = fixture("rules-around-story.txt");
    assert_eq!(story.title, "Harbor Seawall Vote Delayed");
    assert_eq!(
        speakers(&story),
        [("Ana Lima", HOST), ("Tom Reyes", BYLINE)]
    );
    assert_eq!(turns(&story), [s("Ana Lima"), s("Tom Reyes")]);
}

#[test]
fn player_lengths_do_not_make_a_page_a_text_export() {
    let bytes = std::fs::read(path("player-lengths.txt")).unwrap();
    assert_eq!(
        hark::detect(&String::from_utf8(bytes).unwrap(), Some("p.txt")),
        hark::Format::NprText
    );
    let story = fixture("player-lengths.txt");
    assert_eq!(story.title, "Ferry Fares Rise Again");
    assert_eq!(
        speakers(&story),
        [("Ana Lima", HOST), ("Tom Reyes", BYLINE)]
    );
    assert_eq!(turns(&story), [s("Ana Lima"), s("Tom Reyes")]);
}
