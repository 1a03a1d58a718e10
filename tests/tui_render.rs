//! Snapshots of whole frames, styles included, drawn with TestBackend.
//! Every story is written inline and every date is fixed, so the frames
//! never change unless the drawing does.

use hark::testing::{Action, ColorMode, MemoryStories, Origin, TuiOptions};
use ratatui::buffer::Buffer;

use crate::support::tui::{Screen, story, text_of};

const RIVER: &str = "\
Talks On The River Plan Collapse

The council could not agree on the river plan tonight. Anna Lopez reports.

ANNA LOPEZ, BYLINE: The meeting ran late. Residents packed the hall to talk about flooding.

MAYOR HAROLD BANKS: We will not give up on the river plan. Flooding is on everyone's mind.

(SOUNDBITE OF CROWD CHEERING)

LOPEZ: Not everyone agreed. Renée Szymańska runs a bakery by the water.

RENÉE SZYMAŃSKA: The river came into my shop twice this year. The walls in 東京 are better.

BANKS: Plan B is a wall along the east bank of the river.

LOPEZ: Anna Lopez, News, Riverton.
";

const SCHOOL: &str = "\
A School Opens Its Doors Again

JO PARK, HOST: After the storm, one school is open again.

SAM REED: The kids came back on Monday, and the roof held.
";

/// The two stories in a library, on a terminal of `size`.
fn two_stories(origin: Origin, colors: ColorMode, size: (u16, u16)) -> Screen {
    let stories = vec![story(RIVER, "river.txt"), story(SCHOOL, "school.txt")];
    let mut options = TuiOptions::new(Box::new(MemoryStories::new(stories)), origin);
    options.colors = Some(colors);
    Screen::start(options, size)
}

fn library(colors: ColorMode) -> Screen {
    two_stories(Origin::Library, colors, (80, 24))
}

#[test]
fn story_list() {
    let buffer = library(ColorMode::Full).render();
    let text = text_of(&buffer);
    assert!(text.contains("●Talks On The River Pl…") && text.contains("3 speakers"));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn transcript_with_speaker_colours() {
    let buffer = library(ColorMode::Full).act(&[Action::Open]).render();
    let text = text_of(&buffer);
    assert!(text.contains("Anna Lopez, byline"));
    assert!(text.contains("(SOUNDBITE OF CROWD CHEERING)"));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn speaker_filter_shows_only_their_turns() {
    let mut screen = library(ColorMode::Full);
    let buffer = screen.act(&[Action::Open]).type_filter("@banks").render();
    let text = text_of(&buffer);
    assert!(text.contains("Harold Banks"));
    assert!(!text.contains("Anna Lopez, byline"));
    assert!(text.contains("2 of 8 turns"), "{text}");
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn keyword_filter_highlights_matches() {
    let mut screen = library(ColorMode::Full);
    let buffer = screen.act(&[Action::Open]).type_filter("river").render();
    let text = text_of(&buffer);
    assert!(!text.contains("SOUNDBITE"));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn speaker_picker() {
    let mut screen = library(ColorMode::Full);
    let buffer = screen
        .act(&[Action::Open, Action::OpenPicker, Action::Down])
        .render();
    assert!(text_of(&buffer).contains("Harold Banks 2 turns"));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn help_overlay() {
    let buffer = library(ColorMode::Full).act(&[Action::ToggleHelp]).render();
    let text = text_of(&buffer);
    assert!(text.contains("Story list") && text.contains("open the story"));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn too_small() {
    let buffer = two_stories(Origin::Library, ColorMode::Full, (30, 8)).render();
    assert!(text_of(&buffer).contains("Terminal too small"));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn samples_say_how_to_import() {
    let buffer = two_stories(Origin::Samples, ColorMode::Full, (100, 20)).render();
    assert!(text_of(&buffer).contains("press i to import them, or run hark import FILE"));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn a_sample_story_still_says_it_is_a_sample() {
    let mut screen = two_stories(Origin::Samples, ColorMode::Full, (100, 20));
    let text = text_of(&screen.act(&[Action::Open]).render());
    // The title gives way, with an ellipsis, to the position and the keys.
    assert!(text.contains(" Talks On The River Pl… · 55% · "), "{text}");
    assert!(text.contains("a sample: i imports the samples"), "{text}");
    assert!(text.contains("q quit"), "{text}");
}

#[test]
fn no_color_draws_no_colours() {
    let mut screen = library(ColorMode::None);
    let buffer = screen.act(&[Action::Open]).type_filter("river").render();
    assert_colourless(&buffer);
    insta::assert_debug_snapshot!(buffer);
    // The filter bar's text widget, its cursor and the overlays too.
    assert_colourless(&screen.act(&[Action::StartFilter]).render());
    assert_colourless(
        &screen
            .act(&[Action::FilterAccept, Action::OpenPicker])
            .render(),
    );
    assert_colourless(
        &screen
            .act(&[Action::CloseOverlay, Action::ToggleHelp])
            .render(),
    );
}

fn assert_colourless(buffer: &Buffer) {
    use ratatui::style::Color;
    for (i, cell) in buffer.content().iter().enumerate() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "cell {i}");
    }
}

#[test]
fn tiny_terminals_never_panic() {
    for (w, h) in [(1, 1), (2, 1), (1, 5), (39, 9), (40, 10), (41, 10)] {
        let mut screen = two_stories(Origin::Library, ColorMode::Ansi16, (w, h));
        screen.act(&[Action::Open, Action::Bottom, Action::OpenPicker]);
        let buffer = screen.render();
        assert_eq!(buffer.area.width, w);
    }
}

#[test]
fn quotes_view_across_stories() {
    let mut screen = library(ColorMode::Full);
    let buffer = screen
        .act(&[Action::ShowQuotes])
        .type_filter("is")
        .act(&[Action::Down])
        .render();
    let text = text_of(&buffer);
    assert!(text.contains(" Quotes · is "), "{text}");
    assert!(text.contains("quote 2 of 3 in 2 stories"), "{text}");
    // No air date on the page, and the import date is not shown as one.
    assert!(text.contains("Harold Banks  Talks On The River Plan Collapse  "));
    assert!(!text.contains("1970"), "{text}");
    assert!(
        text.contains("Jo Park  A School Opens Its Doors Again"),
        "{text}"
    );
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn speakers_view_with_counts() {
    let buffer = library(ColorMode::Full)
        .act(&[Action::ShowSpeakers, Action::Down])
        .render();
    let text = text_of(&buffer);
    assert!(text.contains(" Speakers (5) · by turns "), "{text}");
    assert!(text.contains("Anna Lopez      byline 1                  3       27        1   31% █"));
    assert!(text.contains("5 speakers · sorted by turns"), "{text}");
    insta::assert_debug_snapshot!(buffer);
}

/// The list filtered by a word and sorted by title, previewing the
/// selected story whole with the word marked: at 80x24 and 200x50.
#[test]
fn filtered_sorted_list_previews_the_story_with_its_matches_marked() {
    for (size, name) in [((80, 24), "preview_80x24"), ((200, 50), "preview_200x50")] {
        let mut screen = two_stories(Origin::Library, ColorMode::None, size);
        screen.type_filter("river").act(&[Action::SortList]);
        let buffer = screen.render();
        let text = text_of(&buffer);
        assert!(text.contains("Stories 1 of 2 · by t"), "{text}");
        assert!(
            text.contains("Anna Lopez, byline"),
            "every turn shows: {text}"
        );
        insta::assert_snapshot!(name, text);
    }
}

/// The quotes view with the position, and the story opened from it, at
/// 80x24 and 200x50.
#[test]
fn quotes_view_position_and_a_quote_opened_from_it() {
    for (size, name) in [((80, 24), "80x24"), ((200, 50), "200x50")] {
        let mut screen = two_stories(Origin::Library, ColorMode::None, size);
        screen.act(&[Action::ShowQuotes]).type_filter("@lopez");
        screen.act(&[Action::Down]);
        let quotes = text_of(&screen.render());
        assert!(quotes.contains("quote 2 of 3 in 1 story"), "{quotes}");
        insta::assert_snapshot!(format!("quotes_position_{name}"), quotes);
        let opened = text_of(&screen.act(&[Action::Open]).render());
        assert!(opened.contains("Talks On The River Plan"), "{opened}");
        insta::assert_snapshot!(format!("quote_opened_{name}"), opened);
    }
}

#[test]
fn stories_with_warnings_are_marked_and_say_what_of() {
    use hark::{Warning, WarningKind};
    let mut unsure = story(SCHOOL, "school.txt");
    unsure.air_date = Some(jiff::civil::date(2016, 10, 3));
    unsure.program = Some("Morning Edition".into());
    unsure.warnings = vec![Warning {
        kind: WarningKind::UnresolvedLabel,
        detail: "REED".into(),
    }];
    let mut sure = story(RIVER, "river.txt");
    sure.warnings.clear();
    let stories = vec![unsure, sure];
    let mut options = TuiOptions::new(Box::new(MemoryStories::new(stories)), Origin::Library);
    options.colors = Some(ColorMode::Full);
    let mut screen = Screen::start(options, (120, 24));
    let text = text_of(&screen.render());
    let rows: Vec<&str> = text.lines().collect();
    let dated = rows
        .iter()
        .find(|r| r.contains("2016-10-03 · Morning Edi"))
        .expect("air date and program in the list");
    assert!(dated.starts_with("│! "), "marked: {dated}");
    let undated = rows
        .iter()
        .find(|r| r.contains("undated · 3 speakers"))
        .expect("no import date in the list");
    assert!(undated.starts_with("│ "), "not marked: {undated}");
    let text = text_of(&screen.act(&[Action::Open]).render());
    assert!(
        text.contains("! a label that matched no full name: REED · F fixes"),
        "{text}"
    );
}
