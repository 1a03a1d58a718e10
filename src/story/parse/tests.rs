//! End-to-end rules of the transcript parser, on inline text.

use super::*;
use crate::story::Role;

fn parse_str(text: &str) -> Story {
    parse(text.as_bytes(), Some("inline.txt"), Timestamp::UNIX_EPOCH).expect("parses")
}

/// (kind, speaker) of every turn.
fn outline(story: &Story) -> Vec<(TurnKind, Option<&str>)> {
    story
        .turns
        .iter()
        .map(|t| (t.kind, t.speaker.as_deref()))
        .collect()
}

const STATION_PAGE: &str = "\
© 2025 KXYZ Valley Public Radio
Play Live Radio
Next Up:
0:00 0:00
Available On Air Stations

Harbor Bridge Vote Splits Mill Creek


The town voted at last. NPR's Dana Whitfield reports.

DANA WHITFIELD, BYLINE: The vote came at 6:15 sharp.

Council member Nora McAllister says: no more delays.


NORA MCALLISTER: We waited long enough.

WHITFIELD: Not everyone agrees.

(SOUNDBITE OF CROWD CHEERING)

3:09 p.m. on Friday was when the bell rang.

[POST-BROADCAST CORRECTION: An earlier version misnamed the bridge.]

WHITFIELD: Dana Whitfield, NPR News, Mill Creek. Transcript provided by NPR, Copyright NPR.

Dana Whitfield covers small towns for NPR.
";

#[test]
fn member_station_page_structure() {
    let story = parse_str(STATION_PAGE);
    assert_eq!(story.title, "Harbor Bridge Vote Splits Mill Creek");
    assert_eq!(
        story.source.station.as_deref(),
        Some("KXYZ Valley Public Radio")
    );
    let names: Vec<_> = story
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.role))
        .collect();
    assert_eq!(
        names,
        [
            ("Dana Whitfield", Some(Role::Byline)),
            ("Nora McAllister", None)
        ]
    );
    use TurnKind::*;
    assert_eq!(
        outline(&story),
        [
            (Speech, None),
            (Speech, Some("Dana Whitfield")),
            (Speech, Some("Nora McAllister")),
            (Speech, Some("Dana Whitfield")),
            (Cue, None),
            (Speech, Some("Dana Whitfield")),
            (Note, None),
            (Speech, Some("Dana Whitfield")),
        ]
    );
    assert_eq!(
        story.turns[1].paragraphs[1],
        "Council member Nora McAllister says: no more delays."
    );
    assert_eq!(
        story.turns[5].paragraphs,
        ["3:09 p.m. on Friday was when the bell rang."]
    );
    assert_eq!(
        story.turns[7].paragraphs,
        ["Dana Whitfield, NPR News, Mill Creek."]
    );
    assert_eq!(
        story.bio.as_deref(),
        Some("Dana Whitfield covers small towns for NPR.")
    );
    assert_eq!(story.speakers[0].aliases, ["WHITFIELD"]);
}

#[test]
fn crlf_cr_and_lf_give_the_same_story() {
    let lf = parse_str(STATION_PAGE);
    let crlf = parse_str(&STATION_PAGE.replace('\n', "\r\n"));
    let cr = parse_str(&STATION_PAGE.replace('\n', "\r"));
    assert_eq!(lf, crlf);
    assert_eq!(lf, cr);
}

#[test]
fn one_paragraph_per_line_gives_the_same_turns() {
    let dense: String = STATION_PAGE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let story = parse_str(&dense);
    assert_eq!(outline(&story), outline(&parse_str(STATION_PAGE)));
    assert_eq!(story.title, "Harbor Bridge Vote Splits Mill Creek");
}

#[test]
fn windows_1252_decodes_without_replacement_characters() {
    let bytes = b"Caf\xe9 Talk\n\nRENEE DUBOIS: \x93Oui\x94 \x97 it\x92s Ren\xe9e.\n";
    let story = parse(bytes, None, Timestamp::UNIX_EPOCH).unwrap();
    let text = &story.turns[0].paragraphs[0];
    assert_eq!(text, "“Oui” — it’s Renée.");
    assert_eq!(story.title, "Café Talk");
}

#[test]
fn label_alone_on_its_line_speaks_in_the_next_paragraph() {
    let story = parse_str("Title\n\nTOMAS REYES, HOST:\n\nGood morning.\n\nMore.");
    assert_eq!(outline(&story), [(TurnKind::Speech, Some("Tomas Reyes"))]);
    assert_eq!(story.turns[0].paragraphs, ["Good morning.", "More."]);
    assert_eq!(story.speakers[0].role, Some(Role::Host));
}

#[test]
fn no_labels_is_unattributed_speech() {
    let story = parse_str("A Quiet Day\n\nNothing happened.\n\nStill nothing.");
    assert_eq!(story.speakers, []);
    assert_eq!(outline(&story), [(TurnKind::Speech, None)]);
    assert_eq!(story.turns[0].paragraphs.len(), 2);
}

#[test]
fn escape_sequences_never_reach_the_story() {
    let story = parse_str("Title\x1b]0;owned\x07\n\nANA LIMA: Hi\x1b[2J there\u{202e}.\x07");
    assert_eq!(story.title, "Title");
    assert_eq!(story.turns[0].paragraphs, ["Hi there."]);
}

#[test]
fn empty_binary_and_chrome_only_are_errors() {
    let at = Timestamp::UNIX_EPOCH;
    assert_eq!(parse(b"", None, at), Err(ParseError::Empty));
    assert_eq!(parse(b"\x00\x01PNG", None, at), Err(ParseError::Binary));
    let chrome = "© 2024 KXYZ\nPlay Live Radio\nNext Up:\n0:00 0:00\n";
    assert_eq!(
        parse(chrome.as_bytes(), None, at),
        Err(ParseError::NoTranscript)
    );
}

#[test]
fn id_comes_from_content() {
    let a = parse_str(STATION_PAGE);
    let b = parse(STATION_PAGE.as_bytes(), Some("other.txt"), Timestamp::now()).unwrap();
    assert_eq!(a.id, b.id);
    assert_ne!(a.id, parse_str("Other\n\nText.").id);
}

#[test]
fn title_falls_back_to_the_first_words_never_the_file_name() {
    let story = parse(
        b"HOST: Hello there, and welcome to a show with a long first sentence.",
        Some("dir/morning-show.txt"),
        Timestamp::UNIX_EPOCH,
    )
    .unwrap();
    assert_eq!(story.title, "Hello there, and welcome to a show with…");
    assert!(
        story
            .warnings
            .iter()
            .any(|w| w.kind == crate::story::WarningKind::TitleNotFound)
    );
}

#[test]
fn a_fallback_title_ends_at_a_sentence_end_without_an_ellipsis() {
    let title = |text: &str| {
        parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH)
            .unwrap()
            .title
    };
    assert_eq!(
        title("HOST: The tide came in early. Nobody on the pier expected it."),
        "The tide came in early."
    );
    // The eighth word ends a sentence: no ".…".
    assert_eq!(
        title("HOST: We rowed out past the old stone harbor. Then the fog came."),
        "We rowed out past the old stone harbor."
    );
    assert_eq!(
        title("HOST: Did Dr. Halloran see the gulls? She did, twice."),
        "Did Dr. Halloran see the gulls?"
    );
}

#[test]
fn trailing_bio_without_footer() {
    let text = "Title\n\nANA LIMA, BYLINE: Hello.\n\nAna Lima, NPR News.\n\nAna Lima has covered the coast since 2010.";
    let story = parse_str(text);
    assert_eq!(
        story.bio.as_deref(),
        Some("Ana Lima has covered the coast since 2010.")
    );
    assert_eq!(story.turns[0].paragraphs, ["Hello.", "Ana Lima, NPR News."]);
}

#[test]
fn display_name_takes_casing_only_from_the_whole_name_in_prose() {
    let story = parse_str("T\n\nDEV DESOUZA: Hi.\n\nThe DeSouzas came. DEV DESOUZA is loud.");
    assert_eq!(
        story.speakers[0].name, "Dev Desouza",
        "no whole mixed-case mention"
    );
    let story = parse_str("T\n\nDEV DESOUZA: Hi.\n\nThe DeSouzas came, said Dev DeSouza.");
    assert_eq!(story.speakers[0].name, "Dev DeSouza");
}

#[test]
fn many_speakers_resolve_each_to_their_own() {
    let text: String = (0..500)
        .map(|i| format!("PERSON{i} NAME: hi\n\n"))
        .collect();
    let story = parse_str(&text);
    assert_eq!(story.speakers.len(), 500);
    assert_eq!(story.turns[499].speaker.as_deref(), Some("Person499 Name"));
}

/// As macOS can save it: every accent a separate combining mark.
#[test]
fn decomposed_text_is_composed_at_import_and_its_labels_are_labels() {
    let nfd = "Harbor Re\u{301}sume\u{301}\n\n\
               JOSE\u{301} RUIZ: The harbor is na\u{ef}ve and so is Sa\u{303}o Paulo.\n\n\
               RUIZ: Again.\n";
    let nfd = nfd.replace('\u{ef}', "i\u{308}");
    let story = parse_str(&nfd);
    assert_eq!(story.title, "Harbor Résumé");
    assert_eq!(story.speakers.len(), 1, "{:?}", story.speakers);
    assert_eq!(story.speakers[0].name, "José Ruiz");
    assert!(
        outline(&story)
            .iter()
            .all(|turn| *turn == (TurnKind::Speech, Some("José Ruiz"))),
        "{:?}",
        outline(&story)
    );
    assert!(story.turns[0].paragraphs[0].contains("naïve and so is São Paulo"));
    // The same text composed is the same story.
    let nfc: String = unicode_normalization::UnicodeNormalization::nfc(nfd.as_str()).collect();
    assert_eq!(parse_str(&nfc).id, story.id);
}

#[test]
fn greek_names_are_written_with_a_final_sigma() {
    let story = parse_str("Λιμάνι\n\nΣΊΣΥΦΟΣ ΠΑΠΑΣ: Καλησπέρα.\n");
    assert_eq!(story.speakers[0].name, "Σίσυφος Παπας");
}

#[test]
fn unsure_spots_become_warnings() {
    use crate::story::WarningKind::*;
    let story = parse_str(
        "Dock Talk\n\nMarch 2, 2021\n\nCONAN: Welcome.\n\nShare\n\nANA LIMA: Thanks.\n\nCONAN: Bye.",
    );
    let kinds: Vec<_> = story
        .warnings
        .iter()
        .map(|w| (w.kind, w.detail.as_str()))
        .collect();
    assert_eq!(kinds, [(ChromeKept, "Share"), (UnresolvedLabel, "CONAN")]);
    assert_eq!(story.air_date, jiff::civil::Date::new(2021, 3, 2).ok());
}

#[test]
fn datelines_and_heard_on_lines_are_never_speech() {
    let story = parse_str(
        "Harbor Fog Returns\n\nOctober 3, 2016 4:20 PM ET\n\nHeard on Morning Edition\n\nThe fog is back.\n\nANA LIMA, BYLINE: Ships wait.",
    );
    assert_eq!(story.program.as_deref(), Some("Morning Edition"));
    assert_eq!(story.turns[0].paragraphs, ["The fog is back."]);
    assert!(story.warnings.is_empty(), "{:?}", story.warnings);
}

/// The prose before a surname is looked at NAME_REACH bytes back; where
/// that falls inside a character, the window starts at the character.
#[test]
fn the_name_window_starts_between_characters() {
    for filler in ["Ж", "東", "🙂"] {
        for pad in 0..4 {
            let text = format!("{}{} Ana Lima said", "a".repeat(pad), filler.repeat(70));
            let start = text.find("Lima").unwrap();
            let window = before(&text, start, NAME_REACH, start + 4);
            assert!(window.ends_with("Ana Lima"), "{window}");
            assert!(window.len() <= NAME_REACH + 4 + 3, "{window}");
        }
    }
}
