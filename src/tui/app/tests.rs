//! Keys in, state out: no terminal anywhere.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;

use super::{App, Focus, Origin, Outgoing, Overlay, Request, speakers};
use crate::config::ThemeConfig;
use crate::story::Story;
use crate::story::parse::parse;
use crate::tui::keymap::Action;
use crate::tui::keymap::lookup;
use crate::tui::source::{Found, QuotedStory};
use crate::tui::source::{MemoryStories, SearchOutcome, SourceError, Stories};
use crate::tui::theme::{ColorMode, Theme};
use crate::tui::{TuiOptions, dispatch, start};

const STORY: &str = "\
River Plan

ANNA LOPEZ, BYLINE: The meeting ran late.

MAYOR HAROLD BANKS: We will not give up on the river plan.

(SOUNDBITE OF CROWD CHEERING)

LOPEZ: Not everyone agreed.

BANKS: Plan B is a wall.
";

const OTHER: &str = "\
School Opens

JO PARK, HOST: One school is open again.

SAM REED: The roof held through the storm.
";

fn story(text: &str) -> Story {
    parse(text.as_bytes(), Some("t.txt"), Timestamp::UNIX_EPOCH).unwrap()
}

/// A story long enough to scroll: `n` turns of two wrapped paragraphs.
fn long_story(n: usize) -> Story {
    let mut text = String::from("Long Story\n\n");
    for i in 0..n {
        let who = if i % 2 == 0 { "ANNA LOPEZ" } else { "SAM REED" };
        text.push_str(&format!("{who}: Turn {i} says a fair number of words. More words.\n\nAnd a second paragraph for turn {i}.\n\n"));
    }
    story(&text)
}

struct Harness {
    app: App,
    source: Box<dyn Stories>,
}

impl Harness {
    fn new(stories: Vec<Story>, origin: Origin) -> Harness {
        Harness::with_source(MemoryStories::new(stories), origin)
    }

    fn with_source(source: MemoryStories, origin: Origin) -> Harness {
        let mut options = TuiOptions::new(Box::new(source), origin);
        options.colors = Some(ColorMode::Full);
        let (app, source) = start(options, (80, 24));
        Harness { app, source }
    }

    fn keys(&mut self, keys: &[KeyCode]) -> &mut Harness {
        for &code in keys {
            self.key(KeyEvent::new(code, KeyModifiers::NONE));
        }
        self
    }

    fn key(&mut self, event: KeyEvent) -> &mut Harness {
        if let Some(action) = lookup(&self.app.contexts(), event) {
            dispatch(&mut self.app, self.source.as_mut(), action);
        }
        // As the event loop does before each frame.
        self.app.layout();
        self
    }

    /// Sets the filter of the pane in focus as if typed and kept, with
    /// the searches it asks for run.
    fn filtered(&mut self, query: &str) -> &mut Harness {
        self.app.set_filter_text(query);
        crate::tui::serve(&mut self.app, self.source.as_mut());
        self.app.layout();
        self
    }

    fn typed(&mut self, text: &str) -> &mut Harness {
        let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
        self.keys(&keys)
    }
}

fn open_story() -> Harness {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Library);
    h.keys(&[KeyCode::Enter]);
    h
}

use KeyCode::{Char, Enter, Esc};

#[test]
fn enter_opens_the_selected_story_and_focuses_it() {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Library);
    h.keys(&[Char('j'), Enter]);
    assert_eq!(h.app.focus, Focus::Transcript);
    assert_eq!(
        h.app.transcript.story.as_ref().unwrap().title,
        "School Opens"
    );
}

#[test]
fn scrolling_stays_within_the_story() {
    let mut h = Harness::new(vec![long_story(200)], Origin::Library);
    h.keys(&[Enter, Char('k')]);
    assert_eq!(h.app.transcript.scroll, 0);
    h.keys(&[Char('j'), Char('j')]);
    assert_eq!(h.app.transcript.scroll, 2);
    let height = h.app.areas().unwrap().text_height();
    let total = h.app.transcript.doc.as_ref().unwrap().lines.len();
    h.keys(&[Char('G'), Char('j'), KeyCode::PageDown]);
    assert_eq!(h.app.transcript.scroll, total - height);
    h.keys(&[Char('b')]);
    assert_eq!(h.app.transcript.scroll, total - height - (height - 1));
    h.keys(&[KeyCode::Home]);
    assert_eq!(h.app.transcript.scroll, 0);
}

#[test]
fn scrolling_never_lays_the_story_out_again() {
    let mut h = Harness::new(vec![long_story(2000)], Origin::Library);
    h.keys(&[Enter]);
    let before = h.app.transcript.doc.as_ref().unwrap().lines.as_ptr();
    for _ in 0..500 {
        h.keys(&[Char(' ')]);
    }
    h.keys(&[Char('g'), Char(']')]);
    assert_eq!(
        h.app.transcript.doc.as_ref().unwrap().lines.as_ptr(),
        before
    );
    assert_eq!(h.app.transcript.cursor, 1);
}

#[test]
fn turn_jumps_mark_the_turn_and_bring_it_to_the_top() {
    let mut h = Harness::new(vec![long_story(50)], Origin::Library);
    h.keys(&[Enter, Char(']'), Char(']')]);
    let doc = h.app.transcript.doc.as_ref().unwrap();
    assert_eq!(h.app.transcript.cursor, 2);
    assert_eq!(h.app.transcript.scroll, doc.turn_starts[2]);
    h.keys(&[Char('[')]);
    assert_eq!(h.app.transcript.cursor, 1);
    // Scrolling the marked turn off the top moves the mark along.
    for _ in 0..12 {
        h.keys(&[Char('j')]);
    }
    let doc = h.app.transcript.doc.as_ref().unwrap();
    assert_eq!(
        h.app.transcript.cursor,
        doc.turn_at(h.app.transcript.scroll)
    );
}

#[test]
fn filter_bar_narrows_live_and_enter_keeps_it() {
    let mut h = open_story();
    h.keys(&[Char('/')]);
    assert!(h.app.editing);
    h.typed("@ban");
    // Live: the pane already shows only Banks before Enter.
    let (shown, total) = h.app.transcript.match_count().unwrap();
    assert_eq!((shown, total), (2, 5));
    h.keys(&[Enter]);
    assert!(!h.app.editing);
    assert_eq!(h.app.transcript.filter.text, "@ban");
    assert_eq!(h.app.bar.lines(), ["@ban"]);
}

#[test]
fn esc_in_the_bar_clears_and_esc_in_a_pane_clears_too() {
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("river").keys(&[Esc]);
    assert!(!h.app.editing);
    assert_eq!(h.app.transcript.filter.text, "");
    h.keys(&[Char('/')]).typed("wall").keys(&[Enter]);
    assert!(h.app.transcript.filter.is_active());
    h.keys(&[Esc]);
    assert!(!h.app.transcript.filter.is_active());
    assert_eq!(h.app.transcript.match_count(), Some((5, 5)));
}

#[test]
fn each_pane_has_its_own_filter() {
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("@reed").keys(&[Enter]);
    h.keys(&[KeyCode::Tab, Char('/')]);
    assert_eq!(h.app.bar.lines(), [""]);
    h.typed("@reed").keys(&[Enter]);
    assert_eq!(h.app.list.shown, [1]);
    assert_eq!(h.app.transcript.filter.text, "@reed");
}

#[test]
fn list_keyword_filter_searches_the_stories() {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Library);
    h.keys(&[Char('/')]).typed("roof");
    assert_eq!(h.app.list.shown, [1]);
    h.keys(&[KeyCode::Backspace; 4]).typed("plan");
    assert_eq!(h.app.list.shown, [0]);
    h.keys(&[Enter, Enter]);
    assert_eq!(h.app.transcript.story.as_ref().unwrap().title, "River Plan");
}

/// STORY aired on Fresh Air in October 2016, OTHER on Morning Edition in
/// March 2017.
fn dated_stories() -> Vec<Story> {
    let mut river = story(STORY);
    river.air_date = Some(jiff::civil::date(2016, 10, 3));
    river.program = Some("Fresh Air".into());
    let mut school = story(OTHER);
    school.air_date = Some(jiff::civil::date(2017, 3, 1));
    school.program = Some("Morning Edition".into());
    vec![river, school]
}

#[test]
fn list_filter_leaves_out_words_and_speakers_and_narrows_by_date_and_show() {
    let titles = |h: &Harness| -> Vec<String> { h.app.shown_titles() };
    let mut h = Harness::new(dated_stories(), Origin::Library);
    let cases = [
        ("-roof", vec!["River Plan"]),
        ("-\"plan b\"", vec!["School Opens"]),
        ("-@banks", vec!["School Opens"]),
        ("the -@reed", vec!["River Plan"]),
        ("after:2016-11", vec!["School Opens"]),
        ("before:2017", vec!["River Plan"]),
        ("on:2016-10-03", vec!["River Plan"]),
        ("on:2016-10-04", vec![]),
        ("show:\"fresh air\"", vec!["River Plan"]),
        ("show:morning", vec!["School Opens"]),
    ];
    for (query, expected) in cases {
        h.filtered(query);
        assert_eq!(titles(&h), expected, "{query}");
    }
}

#[test]
fn quotes_view_takes_negation_dates_and_shows() {
    let mut h = Harness::new(dated_stories(), Origin::Library);
    h.keys(&[Char('Q')]);
    let count = |h: &mut Harness, query: &str| {
        h.filtered(query);
        h.app.quotes.hits.len()
    };
    assert_eq!(count(&mut h, "@banks"), 2);
    assert_eq!(count(&mut h, "@banks -wall"), 1);
    assert_eq!(count(&mut h, "-@banks -@lopez -@park -@reed"), 0);
    assert_eq!(count(&mut h, "show:morning"), 2);
    assert_eq!(count(&mut h, "before:2017 -@lopez"), 2);
}

#[test]
fn a_bad_query_shows_an_error_and_keeps_the_last_good_filter() {
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("wall \"pla");
    assert!(h.app.transcript.filter.error.is_some());
    assert_eq!(h.app.transcript.match_count(), Some((1, 5)));
    h.typed("n\"");
    assert!(h.app.transcript.filter.error.is_none());
    h.keys(&[KeyCode::Backspace; 11]).typed("@ ");
    assert_eq!(h.app.transcript.filter.text, "@ ");
    assert!(h.app.transcript.filter.error.is_some());
}

#[test]
fn q_types_in_the_bar_quits_elsewhere_and_ctrl_c_always_quits() {
    let mut h = open_story();
    h.keys(&[Char('/'), Char('q')]);
    assert!(!h.app.quit);
    assert_eq!(h.app.transcript.filter.text, "q");
    h.key(KeyEvent::new(Char('c'), KeyModifiers::CONTROL));
    assert!(h.app.quit);
    let mut h = open_story();
    h.keys(&[Char('q')]);
    assert!(h.app.quit);
}

#[test]
fn tab_and_shift_tab_switch_focus() {
    let mut h = Harness::new(vec![story(STORY)], Origin::Library);
    h.keys(&[KeyCode::Tab]);
    assert_eq!(h.app.focus, Focus::Transcript);
    h.key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(h.app.focus, Focus::List);
}

#[test]
fn picker_sets_a_speaker_filter() {
    let mut h = open_story();
    h.keys(&[Char('s')]);
    assert!(matches!(h.app.overlay, Overlay::Picker { speakers } if speakers.selected() == 0));
    h.keys(&[Char('j'), Enter]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert_eq!(h.app.transcript.filter.text, "@\"Harold Banks\"");
    assert_eq!(h.app.transcript.match_count(), Some((2, 5)));
    h.keys(&[Char('s'), Esc]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert_eq!(h.app.transcript.filter.text, "@\"Harold Banks\"");
}

#[test]
fn help_opens_and_closes_and_swallows_other_keys() {
    let mut h = open_story();
    h.keys(&[Char('?'), Char('G')]);
    assert!(matches!(h.app.overlay, Overlay::Help { .. }));
    assert_eq!(h.app.transcript.scroll, 0);
    h.keys(&[Char('?')]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert_eq!(h.app.overlay, Overlay::None);
    // q closes what is on top; it quits only from the main screen.
    h.keys(&[Char('?'), Char('q')]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert!(!h.app.quit);
    h.keys(&[Char('q')]);
    assert!(h.app.quit);
}

#[test]
fn next_match_needs_a_filter_and_walks_matching_turns() {
    let mut h = open_story();
    h.keys(&[Char('n')]);
    assert_eq!(h.app.transcript.cursor, 0);
    assert!(h.app.message.as_deref().unwrap().contains("no filter"));
    h.keys(&[Char('/')])
        .typed("@banks")
        .keys(&[Enter, Char('n')]);
    assert_eq!(h.app.transcript.cursor, 1);
    h.keys(&[Char('N')]);
    assert_eq!(h.app.transcript.cursor, 0);
}

#[test]
fn samples_import_all_through_the_source() {
    let stored = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&stored);
    let import: crate::tui::Importer =
        std::sync::Arc::new(move |s: &Story, _: &crate::tui::source::Say| {
            sink.lock().unwrap().push(s.title.clone());
            Ok(format!("imported {}", s.title))
        });
    let mut options = TuiOptions::samples(vec![story(STORY), story(OTHER)], import);
    options.colors = Some(ColorMode::Full);
    let (app, source) = start(options, (80, 24));
    let mut h = Harness { app, source };
    h.keys(&[Char('i')]);
    assert_eq!(*stored.lock().unwrap(), ["River Plan", "School Opens"]);
    assert_eq!(
        h.app.message.as_deref(),
        Some("imported 2 stories into the library")
    );
}

#[test]
fn files_import_the_story_on_screen_or_say_why_not() {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Files);
    h.keys(&[Char('j'), Enter, Char('i')]);
    let message = h.app.message.clone().unwrap();
    assert!(message.contains("hark import FILE"), "{message}");
    assert_eq!(h.source.story_count(), 2);
}

#[test]
fn resize_reflows_and_keeps_the_turn_in_view() {
    let mut h = Harness::new(vec![long_story(100)], Origin::Library);
    h.keys(&[Enter]);
    for _ in 0..20 {
        h.keys(&[Char(']')]);
    }
    let turn = h.app.transcript.cursor_turn();
    h.app.resize(50, 20);
    assert_eq!(
        h.app.transcript.doc.as_ref().unwrap().key.width,
        50 - 16 - 6
    );
    assert_eq!(h.app.transcript.cursor_turn(), turn);
    // At the bottom the marked turn is the last, not the one at the top.
    h.keys(&[Char('G')]);
    let last = h.app.transcript.cursor_turn();
    h.app.resize(70, 20);
    assert_eq!(h.app.transcript.cursor_turn(), last);
    h.app.resize(1, 1);
    h.keys(&[Char('j'), Char(']'), Char('G')]);
    assert!(h.app.areas().is_none());
}

#[test]
fn theme_is_the_one_asked_for() {
    let h = Harness::new(vec![], Origin::Library);
    assert_eq!(
        h.app.theme,
        Theme::from_config(ColorMode::Full, &ThemeConfig::default())
    );
    assert!(h.app.list.shown.is_empty());
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_it_and_click_focuses() {
    use crate::tui::keymap::Action;
    let mut h = Harness::new(vec![long_story(100), story(OTHER)], Origin::Library);
    h.keys(&[Enter]);
    let areas = h.app.areas().unwrap();
    let (x, y) = (areas.transcript.x + 5, areas.transcript.y + 5);
    dispatch(
        &mut h.app,
        h.source.as_mut(),
        Action::Wheel {
            down: true,
            column: x,
            row: y,
        },
    );
    assert_eq!(h.app.transcript.scroll, 3);
    // The second story's title row in the list: border, then two rows each.
    let row = areas.list.y + 1 + 2;
    dispatch(
        &mut h.app,
        h.source.as_mut(),
        Action::Click { column: 3, row },
    );
    assert_eq!(h.app.focus, Focus::List);
    assert_eq!(h.app.selected_entry().unwrap().title, "School Opens");
    assert_eq!(h.app.transcript.scroll, 3);
}

const TALKS: &str = "\
Talks On Syria Stall

JOSH EARNEST, HOST: The talks on Syria stalled today in Geneva.

ANA LIMA, BYLINE: Aleppo was not on the table.

EARNEST: Will they meet again?

LIMA: Not this month, and not in Aleppo.
";

const BRIEFING: &str = "\
A Briefing At The White House

JOSH EARNEST: We are watching Syria closely.

REPORTER: And the aid convoys?

EARNEST: They are waiting outside Aleppo.
";

/// Three undated stories, imported a day apart, the latest first; Josh
/// Earnest speaks in two of them.
fn quotes_harness() -> Harness {
    let imported = |text: &str, days: i64| {
        let mut story = story(text);
        story.imported_at = Timestamp::from_second(days * 86_400).unwrap();
        story
    };
    let stories = vec![
        imported(TALKS, 3),
        imported(BRIEFING, 2),
        imported(OTHER, 1),
    ];
    let mut h = Harness::new(stories, Origin::Library);
    h.keys(&[Char('Q')]);
    h
}

/// The quotes listed, as (story title, speaker, first words).
fn listed(app: &App) -> Vec<(String, String)> {
    app.quotes
        .hits
        .iter()
        .map(|hit| {
            let entry = &app.quotes.quoted[hit.entry as usize];
            let story = &app.cache_for_tests(&entry.id);
            let turn = &story.turns[hit.turn as usize];
            (
                entry.title.clone(),
                turn.speaker.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn quotes_view_lists_a_speakers_turns_from_every_story() {
    let mut h = quotes_harness();
    assert_eq!(h.app.focus, Focus::Quotes);
    assert_eq!(
        h.app.quotes.hits.len(),
        4 + 3 + 2,
        "every speech turn, unfiltered"
    );
    h.keys(&[Char('/')]).typed("@earnest").keys(&[Enter]);
    let talks = "Talks On Syria Stall".to_string();
    let briefing = "A Briefing At The White House".to_string();
    let earnest = "Josh Earnest".to_string();
    assert_eq!(h.app.quotes.stories, 2);
    assert_eq!(
        listed(&h.app),
        [
            (talks.clone(), earnest.clone()),
            (talks, earnest.clone()),
            (briefing.clone(), earnest.clone()),
            (briefing, earnest)
        ]
    );
}

#[test]
fn a_quote_whose_story_is_still_loading_names_no_speaker() {
    let mut h = quotes_harness();
    h.keys(&[Char('/')]).typed("@earnest").keys(&[Enter]);
    h.app.cache.clear();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| crate::tui::view::draw(frame, &h.app))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let screen: String = buffer.content.iter().map(|cell| cell.symbol()).collect();
    assert!(
        screen.contains("loading…  Talks On Syria Stall"),
        "{screen}"
    );
    assert!(!screen.contains("Intro"), "{screen}");
    assert!(!screen.contains("Josh Earnest"), "{screen}");
}

#[test]
fn a_view_that_holds_back_quotes_says_of_how_many_counted_by_the_source() {
    let mut h = quotes_harness();
    h.app.quotes.held_at = Some(3);
    h.keys(&[Char('/')])
        .typed("-nothingsaysthis")
        .keys(&[Enter]);
    // The newest story's four turns: the one that reached the limit, whole.
    assert_eq!(h.app.quotes.hits.len(), 4);
    assert!(h.app.quotes.held_back());
    assert_eq!(h.app.quotes.total, Some((4 + 3 + 2, 3)));
    let counts = crate::tui::view::quotes::counts(&h.app);
    assert!(
        counts.starts_with("quote 1 of 9 in 3 stories; the newest 4 listed"),
        "{counts}"
    );
    h.keys(&[Char('/')]).typed("@earnest").keys(&[Enter]);
    assert_eq!(h.app.quotes.hits.len(), 4, "two stories' worth");
    h.keys(&[Char('/'), KeyCode::Backspace])
        .typed("harold")
        .keys(&[Enter]);
    assert!(!h.app.quotes.held_back());
    assert_eq!(
        h.app.quotes.total, None,
        "nothing held back, nothing counted"
    );
}

#[test]
fn quotes_view_narrows_by_words_with_or_without_a_speaker() {
    let mut h = quotes_harness();
    h.keys(&[Char('/')]).typed("aleppo");
    let speakers: Vec<String> = listed(&h.app).into_iter().map(|(_, who)| who).collect();
    assert_eq!(speakers, ["Ana Lima", "Ana Lima", "Josh Earnest"]);
    h.keys(&[KeyCode::Backspace; 6]).typed("@earnest syria");
    assert_eq!(h.app.quotes.hits.len(), 2);
    assert_eq!(h.app.quotes.stories, 2);
    h.typed("n");
    assert!(h.app.quotes.hits.is_empty(), "no turn of his says syrian");
}

#[test]
fn enter_opens_the_quote_at_its_turn_marked() {
    let mut h = quotes_harness();
    h.keys(&[Char('/')]).typed("@earnest").keys(&[Enter]);
    h.keys(&[Char('j'), Char('j'), Char('j'), Char('k')]);
    assert_eq!(h.app.quotes.window.selected(), 2);
    let (id, turn) = h
        .app
        .selected_quote()
        .map(|(i, t)| (i.to_string(), t))
        .unwrap();
    h.keys(&[Enter]);
    assert_eq!(h.app.focus, Focus::Transcript);
    let pane = &h.app.transcript;
    assert_eq!(pane.story.as_ref().unwrap().id, id);
    assert_eq!(pane.cursor_turn(), Some(turn));
    let doc = pane.doc.as_ref().unwrap();
    assert!(pane.scroll <= doc.turn_starts[pane.cursor]);
    assert_eq!(h.app.selected_entry().unwrap().id, id, "the list follows");
}

#[test]
fn esc_q_and_tab_leave_the_quotes_view_for_where_the_reader_was() {
    let mut h = Harness::new(vec![story(TALKS), story(BRIEFING)], Origin::Library);
    for back in [Esc, Char('Q'), KeyCode::Tab] {
        h.keys(&[Char('Q')]);
        assert_eq!(h.app.focus, Focus::Quotes);
        h.keys(&[back]);
        assert_eq!(h.app.focus, Focus::List, "{back:?}");
    }
    h.keys(&[Enter, Char('Q'), Esc]);
    assert_eq!(h.app.focus, Focus::Transcript);
}

#[test]
fn the_quotes_filter_is_kept_for_the_next_visit() {
    let mut h = quotes_harness();
    h.keys(&[Char('/')]).typed("@lima").keys(&[Enter, Esc]);
    assert_eq!(h.app.bar.lines(), [""], "the list's own filter is shown");
    h.keys(&[Char('Q')]);
    assert_eq!(h.app.bar.lines(), ["@lima"]);
    assert_eq!(h.app.quotes.hits.len(), 2);
}

#[test]
fn y_copies_the_selected_quote_with_its_attribution() {
    let mut h = quotes_harness();
    h.keys(&[Char('/')])
        .typed("@lima")
        .keys(&[Enter, Char('j'), Char('y')]);
    let sent = h.app.take_outgoing();
    assert_eq!(
        sent,
        [Outgoing::Clipboard {
            // No air date on the page: the import date is not put in its place.
            text: "“Not this month, and not in Aleppo.” (Ana Lima, “Talks On Syria Stall”)".into(),
            what: "the quote by Ana Lima".into(),
        }]
    );
}

#[test]
fn e_exports_every_quote_listed_as_markdown() {
    let mut h = quotes_harness();
    h.keys(&[Char('/')])
        .typed("aleppo")
        .keys(&[Enter, Char('e')]);
    let here = std::env::current_dir()
        .unwrap()
        .join("hark-quotes-aleppo.md");
    let offered = here.display().to_string();
    assert_eq!(
        h.app.bar().lines(),
        [offered],
        "asks where: the current folder"
    );
    h.keys(&[Enter]);
    let [Outgoing::Export { path, markdown }] = &h.app.take_outgoing()[..] else {
        panic!("one export");
    };
    assert_eq!(path, &here);
    assert!(markdown.starts_with("# Quotes: aleppo\n\n> Aleppo was not on the table.\n\n— Ana Lima, “Talks On Syria Stall”"), "{markdown}");
    assert_eq!(markdown.matches("\n> ").count(), 3, "{markdown}");
    assert!(markdown.contains("— Josh Earnest, “A Briefing At The White House”\n"));
    assert!(!markdown.contains("1970"), "no import date as an air date");
}

#[test]
fn matches_of_a_replaced_search_are_dropped_and_batches_keep_the_selection() {
    let mut h = Harness::new(vec![story(TALKS), story(BRIEFING)], Origin::Library);
    h.app.update(Action::ShowQuotes);
    let stories: Vec<QuotedStory> = [TALKS, BRIEFING]
        .iter()
        .enumerate()
        .map(|(key, text)| QuotedStory::of(key as i64, &story(text)))
        .collect();
    let old = search_generation(&mut h.app);
    h.app.set_filter(Focus::Quotes, "aleppo".into());
    let new = search_generation(&mut h.app);
    let turns = |story: &QuotedStory, turns: &[usize]| {
        let turns = turns.iter().map(|&t| (t, 0)).collect();
        Found::Turns(vec![(story.clone(), turns)])
    };
    h.app.found(old, turns(&stories[0], &[0]));
    assert!(
        h.app.quotes.hits.is_empty(),
        "the old search's match is dropped"
    );
    // Stories come in the order the search sends them, each after the
    // last; the selected quote stays selected.
    h.app.found(new, turns(&stories[1], &[3, 5]));
    h.app.update(Action::Down);
    let selected = h.app.selected_quote().map(|(i, t)| (i.to_string(), t));
    assert_eq!(selected, Some((stories[1].id.clone(), 5)));
    h.app.found(new, turns(&stories[0], &[1, 3]));
    assert_eq!(h.app.quotes.hits.len(), 4);
    assert_eq!(
        h.app.selected_quote().map(|(i, t)| (i.to_string(), t)),
        selected
    );
    assert_eq!(h.app.quotes.window.selected(), 1);
    let order: Vec<&str> = (h.app.quotes.quoted.iter())
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(order, [&stories[1].id, &stories[0].id]);
    assert_eq!(h.app.quotes.searching, Some(new));
    h.app.search_done(new, Ok(SearchOutcome::Finished));
    assert_eq!(h.app.quotes.searching, None);
}

/// The generation of the search the App just asked for.
fn search_generation(app: &mut App) -> u64 {
    let requests = app.take_requests();
    let generations: Vec<u64> = requests
        .iter()
        .filter_map(|r| match r {
            Request::Search { generation, .. } => Some(*generation),
            _ => None,
        })
        .collect();
    assert_eq!(generations.len(), 1, "{requests:?}");
    generations[0]
}

#[test]
fn speakers_view_lists_each_person_once_with_counts() {
    let mut h = Harness::new(
        vec![story(TALKS), story(BRIEFING), story(OTHER)],
        Origin::Library,
    );
    h.keys(&[Char('S')]);
    assert_eq!(h.app.focus, Focus::Speakers);
    let earnest = h.app.selected_speaker().unwrap();
    assert_eq!(
        (earnest.name.as_str(), earnest.turns, earnest.stories),
        ("Josh Earnest", 4, 2),
        "most turns sorts first"
    );
    assert_eq!(earnest.words, 8 + 4 + 5 + 5);
    let rows = h.app.speakers.rows.loaded();
    let names: Vec<&str> = rows.map(|r| r.name.as_str()).collect();
    assert_eq!(names.iter().filter(|n| **n == "Josh Earnest").count(), 1);
    h.keys(&[Char('s'), Char('s'), Char('s')]);
    assert_eq!(h.app.speakers.sort, speakers::SpeakerSort::Name);
    assert_eq!(
        h.app.selected_speaker().unwrap().name,
        "Josh Earnest",
        "kept"
    );
    // By surname: Earnest before Lima.
    h.keys(&[Char('g')]);
    assert_eq!(h.app.selected_speaker().unwrap().name, "Josh Earnest");
    h.keys(&[Char('j')]);
    assert_eq!(h.app.selected_speaker().unwrap().name, "Ana Lima");
    h.keys(&[Char('j')]);
    assert_eq!(h.app.selected_speaker().unwrap().name, "Jo Park");
    h.keys(&[Char('/')]).typed("park").keys(&[Enter]);
    assert_eq!(h.app.speakers.rows.total(), 1);
    assert_eq!(h.app.selected_speaker().unwrap().name, "Jo Park");
}

#[test]
fn enter_on_a_speaker_lists_their_quotes_and_esc_comes_back() {
    let mut h = Harness::new(vec![story(TALKS), story(BRIEFING)], Origin::Library);
    h.keys(&[Char('S'), Enter]);
    assert_eq!(h.app.focus, Focus::Quotes);
    assert_eq!(h.app.quotes.filter.text, "@\"Josh Earnest\"");
    assert_eq!((h.app.quotes.hits.len(), h.app.quotes.stories), (4, 2));
    h.keys(&[Esc]);
    assert_eq!(h.app.focus, Focus::Speakers);
    h.keys(&[Esc]);
    assert_eq!(h.app.focus, Focus::List);
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(Char(c), KeyModifiers::CONTROL)
}

#[test]
fn esc_in_the_bar_undoes_the_edit_and_keeps_the_filter_kept_before() {
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("wall").keys(&[Enter]);
    let scroll = h.app.transcript.scroll;
    h.keys(&[Char('/')]).typed("river");
    assert_eq!(h.app.transcript.filter.text, "wall river");
    h.keys(&[Esc]);
    assert!(!h.app.editing);
    assert_eq!(h.app.transcript.filter.text, "wall");
    assert_eq!(h.app.bar.lines(), ["wall"]);
    assert_eq!(h.app.transcript.scroll, scroll, "Esc never scrolls");
}

#[test]
fn slash_on_a_kept_filter_puts_the_cursor_after_it_and_a_space() {
    let mut h = open_story();
    h.keys(&[Char('/')])
        .typed("@banks")
        .keys(&[Enter, Char('/')]);
    assert_eq!(h.app.bar.lines(), ["@banks "]);
    assert_eq!(h.app.bar.cursor(), (0, 7));
    h.typed("wall");
    assert_eq!(h.app.transcript.filter.text, "@banks wall");
}

#[test]
fn the_bar_edits_as_readline_does() {
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("plan wall");
    h.key(ctrl('w'));
    assert_eq!(h.app.bar.lines(), ["plan "]);
    h.key(ctrl('a'));
    assert_eq!(h.app.bar.cursor(), (0, 0));
    h.typed("@banks ");
    h.key(ctrl('e')).typed("b");
    assert_eq!(h.app.transcript.filter.text, "@banks plan b");
    h.key(ctrl('a')).key(ctrl('e'));
    h.key(ctrl('u'));
    assert_eq!(h.app.bar.lines(), [""]);
    assert_eq!(h.app.transcript.filter.text, "");
}

#[test]
fn up_and_down_walk_the_filters_kept_in_this_view() {
    let mut h = open_story();
    for kept in ["wall", "@banks", "river"] {
        h.keys(&[Char('/')])
            .key(ctrl('u'))
            .typed(kept)
            .keys(&[Enter]);
    }
    assert_eq!(
        h.app.history.entries("transcript"),
        ["wall", "@banks", "river"]
    );
    assert!(h.app.history.entries("list").is_empty(), "per view");
    h.keys(&[Char('/')]).key(ctrl('u')).typed("pla");
    h.keys(&[KeyCode::Up]);
    assert_eq!(h.app.bar.lines(), ["river"]);
    h.keys(&[KeyCode::Up, KeyCode::Up, KeyCode::Up]);
    assert_eq!(h.app.transcript.filter.text, "wall");
    h.keys(&[KeyCode::Down]);
    assert_eq!(h.app.bar.lines(), ["@banks"]);
    h.keys(&[KeyCode::Down, KeyCode::Down]);
    assert_eq!(h.app.bar.lines(), ["pla"], "back to the edit begun on");
}

#[test]
fn keeping_a_filter_asks_for_the_history_to_be_saved() {
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("wall");
    h.app.update(Action::FilterAccept);
    let saved: Vec<_> = h
        .app
        .take_requests()
        .into_iter()
        .filter_map(|r| match r {
            Request::SaveHistory(history) => Some(history),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].entries("transcript"), ["wall"]);
}

#[test]
fn a_paste_is_one_edit_and_one_search() {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Library);
    h.keys(&[Char('/')]);
    let block = "roof\nstorm ".repeat(400);
    assert!(block.len() > 4000);
    h.app.update(Action::Paste(block.clone()));
    let searches = h
        .app
        .take_requests()
        .into_iter()
        .filter(|r| matches!(r, Request::Search { .. }))
        .count();
    assert_eq!(searches, 1);
    assert_eq!(h.app.bar.lines().len(), 1, "one line");
    assert_eq!(h.app.list.filter.text, block.replace('\n', " "));
}

#[test]
fn q_closes_the_view_on_top_and_quits_only_from_the_main_screen() {
    let mut h = quotes_harness();
    h.keys(&[Char('q')]);
    assert_eq!(h.app.focus, Focus::List);
    assert!(!h.app.quit);
    h.keys(&[Char('S'), Char('q')]);
    assert_eq!(h.app.focus, Focus::List);
    h.keys(&[Enter, Char('s')]);
    assert!(matches!(h.app.overlay, Overlay::Picker { .. }));
    h.keys(&[Char('q')]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert!(!h.app.quit);
    h.keys(&[Char('q')]);
    assert!(h.app.quit);
}

#[test]
fn esc_h_left_and_backspace_go_back_to_the_quote_the_story_was_opened_from() {
    for back in [Esc, Char('h'), KeyCode::Left, KeyCode::Backspace] {
        let mut h = quotes_harness();
        h.keys(&[Char('/')])
            .typed("@earnest")
            .keys(&[Enter, Char('j'), Char('j')]);
        h.keys(&[Enter]);
        assert_eq!(h.app.focus, Focus::Transcript);
        h.keys(&[back]);
        assert_eq!(h.app.focus, Focus::Quotes, "{back:?}");
        assert_eq!(h.app.quotes.window.selected(), 2, "{back:?}");
        assert_eq!(h.app.quotes.filter.text, "@earnest");
    }
    // A story opened from the list: Esc clears the transcript's filter.
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("wall").keys(&[Enter, Esc]);
    assert_eq!(h.app.focus, Focus::Transcript);
    assert!(!h.app.transcript.filter.is_active());
}

#[test]
fn q_on_a_transcript_narrowed_to_a_speaker_lists_what_they_said() {
    let mut h = Harness::new(vec![story(TALKS), story(BRIEFING)], Origin::Library);
    h.keys(&[Enter, Char('/')])
        .typed("@earn")
        .keys(&[Enter, Char('Q')]);
    assert_eq!(h.app.focus, Focus::Quotes);
    assert_eq!(h.app.quotes.filter.text, "@\"Josh Earnest\"");
    assert_eq!((h.app.quotes.hits.len(), h.app.quotes.stories), (4, 2));
}

#[test]
fn a_story_opened_from_a_filtered_list_marks_the_words_and_n_jumps() {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Library);
    h.keys(&[Char('/')])
        .typed("@banks plan")
        .keys(&[Enter, Enter]);
    assert_eq!(h.app.focus, Focus::Transcript);
    let pane = &h.app.transcript;
    assert_eq!(pane.filter.text, "plan");
    assert!(pane.context);
    let doc = pane.doc.as_ref().unwrap();
    assert_eq!(doc.turn_starts.len(), 5, "every turn shows");
    assert_eq!(doc.matches, [1, 4]);
    let marked: Vec<&str> = doc
        .lines
        .iter()
        .flat_map(|l| l.highlights.iter().map(|r| &l.text[r.clone()]))
        .collect();
    assert_eq!(marked, ["plan", "Plan"]);
    h.keys(&[Char('n')]);
    assert_eq!(h.app.transcript.cursor, 1);
    h.keys(&[Char('n')]);
    assert_eq!(h.app.transcript.cursor, 4);
    h.keys(&[Char('n')]);
    assert_eq!(h.app.transcript.cursor, 4);
    assert_eq!(h.app.message.as_deref(), Some("no more matches below"));
    h.keys(&[Char('N')]);
    assert_eq!(h.app.transcript.cursor, 1);
}

#[test]
fn c_shows_every_turn_with_matches_marked_and_back() {
    let mut h = open_story();
    h.keys(&[Char('/')]).typed("wall").keys(&[Enter]);
    assert_eq!(h.app.transcript.doc.as_ref().unwrap().turn_starts.len(), 1);
    h.keys(&[Char('c')]);
    let doc = h.app.transcript.doc.as_ref().unwrap();
    assert_eq!((doc.turn_starts.len(), doc.matches.clone()), (5, vec![4]));
    assert_eq!(h.app.transcript.match_count(), Some((1, 5)));
    h.keys(&[Char('g'), Char('n')]);
    assert_eq!(h.app.transcript.cursor, 4);
    h.keys(&[Char('c')]);
    assert_eq!(h.app.transcript.doc.as_ref().unwrap().turn_starts.len(), 1);
}

#[test]
fn a_reload_keeps_the_readers_place_and_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = crate::library::Library::open(dir.path()).unwrap();
    let talks = story(TALKS);
    for text in [TALKS, BRIEFING, OTHER] {
        writer.add(&story(text)).unwrap();
    }
    let reader = crate::library::Library::open(dir.path()).unwrap();
    let source = crate::tui::source::LibraryStories::new(reader);
    let (app, source) = start(TuiOptions::new(Box::new(source), Origin::Library), (80, 24));
    let mut h = Harness { app, source };
    let reload = |h: &mut Harness| dispatch(&mut h.app, h.source.as_mut(), Action::Reload);
    h.keys(&[Char('G')]);
    if h.app.selected_entry().unwrap().id == talks.id {
        h.keys(&[Char('k')]);
    }
    let selected = h.app.selected_entry().unwrap().id.clone();
    writer.remove(&talks.id).unwrap();
    reload(&mut h);
    assert_eq!(h.app.message.as_deref(), Some("1 story removed"));
    assert_eq!(h.app.list.shown.len(), 2);
    assert_eq!(h.app.selected_entry().unwrap().id, selected, "place kept");
    writer.add(&talks).unwrap();
    reload(&mut h);
    assert_eq!(h.app.message.as_deref(), Some("1 new story"));
    assert_eq!(h.app.selected_entry().unwrap().id, selected);
    reload(&mut h);
    assert_eq!(h.app.message.as_deref(), Some("no new stories"));
    h.app
        .reload(crate::tui::source::Reloaded::default(), 3, false);
    assert_eq!(h.app.message, None, "nothing changed, nothing said");

    // The quotes view searches again, the selected quote kept.
    h.keys(&[Char('Q'), Char('/')])
        .typed("@earnest")
        .keys(&[Enter, Char('j')]);
    while h.app.selected_quote().is_some_and(|(id, _)| id == talks.id) {
        h.keys(&[Char('j')]);
    }
    let quote = h.app.selected_quote().map(|(id, t)| (id.to_string(), t));
    assert!(quote.is_some());
    writer.remove(&talks.id).unwrap();
    reload(&mut h);
    assert_eq!(h.app.quotes.hits.len(), 2, "his quotes in the briefing");
    writer.add(&talks).unwrap();
    reload(&mut h);
    assert_eq!(h.app.quotes.hits.len(), 4);
    let now = h.app.selected_quote().map(|(id, t)| (id.to_string(), t));
    assert_eq!(now, quote);
}

#[test]
fn the_list_previews_the_selected_story_and_enter_moves_into_it() {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Library);
    assert_eq!(h.app.focus, Focus::List);
    let shown = |h: &Harness| h.app.transcript.story.as_ref().map(|s| s.title.clone());
    assert_eq!(
        shown(&h).as_deref(),
        Some("River Plan"),
        "the first, at once"
    );
    h.keys(&[Char('j')]);
    assert_eq!(shown(&h).as_deref(), Some("School Opens"));
    assert_eq!(h.app.focus, Focus::List, "the focus stays in the list");
    h.keys(&[Enter]);
    assert_eq!(h.app.focus, Focus::Transcript);
    assert_eq!(shown(&h).as_deref(), Some("School Opens"));
}

/// A story named at start stays open, and its row is selected once the
/// list brings it: the list's first story does not take its place.
#[test]
fn a_story_opened_at_start_stays_and_its_row_is_selected() {
    let stories = vec![story(STORY), story(OTHER)];
    let other = stories[1].id.clone();
    let mut options = TuiOptions::new(Box::new(MemoryStories::new(stories)), Origin::Files);
    options.open = Some(other.clone());
    let (app, source) = start(options, (80, 24));
    let mut h = Harness { app, source };
    assert_eq!(h.app.transcript.story.as_ref().unwrap().id, other);
    assert_eq!(h.app.selected_entry().unwrap().id, other);
    h.keys(&[KeyCode::Tab, Char('k')]);
    assert_eq!(h.app.transcript.story.as_ref().unwrap().title, "River Plan");
}

/// A taller screen asks for the rows it now shows; rows that would not
/// read are asked for again when next on screen.
#[test]
fn a_taller_screen_asks_for_its_new_rows_and_failed_rows_are_asked_again() {
    let stories: Vec<Story> = (0..40)
        .map(|i| story(&format!("Story {i}\n\nANNA LOPEZ: Words {i}.\n")))
        .collect();
    let mut options = TuiOptions::new(Box::new(MemoryStories::new(stories)), Origin::Library);
    options.colors = Some(ColorMode::Full);
    let (mut app, mut source) = start(options, (80, 12));
    let held = app.list_rows.len();
    assert!(held < 10, "{held}");
    app.resize(80, 60);
    let asked: Vec<Request> = app.take_requests();
    let [Request::Entries(keys)] = &asked[..] else {
        panic!("one ask for the new rows: {asked:?}");
    };
    assert_eq!(keys.len(), app.areas().unwrap().list_rows() - held);
    app.entries_failed(keys);
    app.resize(80, 60);
    assert_eq!(app.take_requests(), asked, "asked again");
    app.entries_failed(keys);
    app.resize(80, 60);
    crate::tui::serve(&mut app, source.as_mut());
    assert_eq!(app.list_rows.len(), app.areas().unwrap().list_rows());
}

#[test]
fn holding_j_through_the_list_loads_only_where_it_stops() {
    let stories: Vec<Story> = (0..500)
        .map(|i| story(&format!("Story {i}\n\nANNA LOPEZ: Words {i}.\n")))
        .collect();
    let mut h = Harness::new(stories, Origin::Library);
    h.app.take_requests();
    // A burst of keys, as the event loop takes them before a frame.
    for _ in 0..400 {
        h.app.update(Action::Down);
    }
    let loads = |requests: Vec<Request>| {
        requests
            .into_iter()
            .filter(|r| matches!(r, Request::Load(_)))
            .count()
    };
    let on_the_way = h.app.take_requests();
    assert_eq!(loads(on_the_way.clone()), 0, "nothing loaded on the way");
    h.app.settle();
    assert_eq!(loads(h.app.take_requests()), 0, "its row first");
    // The rows asked for on the way come; the story once its row has.
    for request in on_the_way {
        if let Request::Entries(keys) = request {
            let rows = h.source.entries_at(&keys).unwrap();
            h.app.entries_arrived(rows);
        }
    }
    let requests = h.app.take_requests();
    let wanted = h.app.selected_entry().unwrap().id.clone();
    assert_eq!(requests, [Request::Load(vec![wanted])]);
}

#[test]
fn o_cycles_the_story_list_through_its_orders_keeping_the_selection() {
    let mut stories = dated_stories();
    let mut talks = story(TALKS);
    talks.air_date = Some(jiff::civil::date(2015, 1, 1));
    talks.program = Some("All Things Considered".into());
    talks.source.station = Some("WOSU".into());
    stories[0].source.station = Some("KXYZ".into());
    stories[0].imported_at = Timestamp::from_second(300).unwrap();
    stories[1].imported_at = Timestamp::from_second(100).unwrap();
    talks.imported_at = Timestamp::from_second(200).unwrap();
    stories.push(talks);
    let mut h = Harness::new(stories, Origin::Library);
    let titles = |h: &Harness| -> Vec<String> { h.app.shown_titles() };
    assert_eq!(
        titles(&h),
        ["School Opens", "River Plan", "Talks On Syria Stall"],
        "newest first"
    );
    h.keys(&[Char('j')]);
    let orders = [
        (
            "title",
            ["River Plan", "School Opens", "Talks On Syria Stall"],
        ),
        (
            "program",
            ["Talks On Syria Stall", "River Plan", "School Opens"],
        ),
        (
            "station",
            ["River Plan", "Talks On Syria Stall", "School Opens"],
        ),
        (
            "recently imported",
            ["River Plan", "Talks On Syria Stall", "School Opens"],
        ),
        (
            "air date",
            ["School Opens", "River Plan", "Talks On Syria Stall"],
        ),
    ];
    for (label, expected) in orders {
        h.keys(&[Char('o')]);
        assert_eq!(
            h.app.message.as_deref(),
            Some(format!("stories by {label}").as_str())
        );
        assert_eq!(titles(&h), expected, "{label}");
        assert_eq!(
            h.app.selected_entry().unwrap().title,
            "River Plan",
            "{label}"
        );
    }
}

#[test]
fn o_orders_the_quotes_by_air_date_or_story_keeping_the_selection() {
    let mut h = quotes_harness();
    let titles = |h: &Harness| -> Vec<String> {
        let hits = h.app.quotes.hits.iter();
        let mut titles: Vec<String> = hits
            .map(|hit| h.app.quotes.quoted[hit.entry as usize].title.clone())
            .collect();
        titles.dedup();
        titles
    };
    assert_eq!(
        titles(&h),
        [
            "Talks On Syria Stall",
            "A Briefing At The White House",
            "School Opens"
        ]
    );
    h.keys(&[Char('j'), Char('j'), Char('j'), Char('j')]);
    let selected = h.app.selected_quote().map(|(id, t)| (id.to_string(), t));
    h.keys(&[Char('o')]);
    assert_eq!(h.app.message.as_deref(), Some("quotes by story"));
    assert_eq!(
        titles(&h),
        [
            "A Briefing At The White House",
            "School Opens",
            "Talks On Syria Stall"
        ]
    );
    assert_eq!(h.app.quotes.stories, 3);
    let now = h.app.selected_quote().map(|(id, t)| (id.to_string(), t));
    assert_eq!(now, selected);
    // By speaker, surname first: Earnest, Lima, then the rest.
    h.keys(&[Char('o')]);
    assert_eq!(h.app.message.as_deref(), Some("quotes by speaker"));
    let speakers: Vec<u64> = h.app.quotes.hits.iter().map(|hit| hit.speaker).collect();
    let order = crate::tui::source::speaker_order;
    assert!(speakers.is_sorted(), "{speakers:?}");
    assert_eq!(speakers[..4], [order("Josh Earnest"); 4]);
    assert_eq!(speakers[4..6], [order("Ana Lima"); 2]);
    assert!(order("Jo Park") < order("Sam Reed") && order("Ana Lima") < order("Jo Park"));
    assert_eq!(h.app.quotes.stories, 3, "stories counted once each");
    let now = h.app.selected_quote().map(|(id, t)| (id.to_string(), t));
    assert_eq!(now, selected);
    h.keys(&[Char('o')]);
    assert_eq!(h.app.message.as_deref(), Some("quotes by air date"));
    // A new search keeps the order.
    h.keys(&[Char('o')]);
    h.keys(&[Char('/')]).typed("@earnest").keys(&[Enter]);
    assert_eq!(
        titles(&h),
        ["A Briefing At The White House", "Talks On Syria Stall"]
    );
}

#[test]
fn n_and_n_move_through_the_marks_of_a_quote_longer_than_the_screen() {
    let mut text = String::from("Long Speech\n\nANNA LOPEZ: Opening words.\n\n");
    for i in 0..30 {
        let word = if i % 10 == 5 { "harbor" } else { "filler" };
        text.push_str(&format!("Paragraph {i} says {word} and more.\n\n"));
    }
    text.push_str("SAM REED: The harbor again.\n");
    let mut h = Harness::new(vec![story(&text)], Origin::Library);
    h.keys(&[Char('Q'), Char('/')])
        .typed("harbor")
        .keys(&[Enter]);
    assert_eq!(h.app.quotes.hits.len(), 2);
    let rows = h.app.areas().unwrap().main_rows();
    let quote = h.app.quote_lines(0).unwrap();
    assert!(quote.height() > rows, "a quote longer than the screen");
    let marked: Vec<usize> = quote
        .body
        .iter()
        .enumerate()
        .filter(|(_, (_, marks))| !marks.is_empty())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(marked.len(), 3);
    for &line in &marked {
        h.keys(&[Char('n')]);
        assert_eq!(
            (h.app.quotes.window.selected(), h.app.quotes.skip),
            (0, line)
        );
    }
    h.keys(&[Char('n')]);
    assert_eq!(
        (h.app.quotes.window.selected(), h.app.quotes.skip),
        (1, 0),
        "the next quote"
    );
    h.keys(&[Char('N')]);
    assert_eq!(h.app.quotes.window.selected(), 0);
    h.keys(&[Char('j')]);
    assert_eq!((h.app.quotes.window.selected(), h.app.quotes.skip), (1, 0));
}

/// A library stand-in that keeps corrections in memory, as the real one
/// keeps them on disk.
struct Correcting(MemoryStories);

impl Stories for Correcting {
    fn story_count(&mut self) -> usize {
        self.0.story_count()
    }
    fn entries_at(
        &mut self,
        keys: &[crate::tui::source::StoryKey],
    ) -> Result<Vec<crate::tui::source::ListEntry>, SourceError> {
        self.0.entries_at(keys)
    }
    fn load(&mut self, id: &str) -> Result<Story, SourceError> {
        self.0.load(id)
    }
    fn import(&mut self, id: &str) -> Result<String, SourceError> {
        self.0.import(id)
    }
    fn search(&self) -> std::sync::Arc<dyn crate::tui::source::Search> {
        self.0.search()
    }
    fn correct(
        &mut self,
        id: &str,
        corrections: crate::library::Corrections,
    ) -> Result<Story, SourceError> {
        let mut story = self.0.load(id)?;
        corrections.apply(&mut story);
        self.0.replace(story.clone());
        Ok(story)
    }
}

#[test]
fn f_hands_the_open_story_to_the_editor_and_applies_what_changed() {
    let source = Correcting(MemoryStories::new(vec![story(STORY), story(OTHER)]));
    let options = TuiOptions::new(Box::new(source), Origin::Library);
    let (app, source) = start(options, (80, 24));
    let mut h = Harness { app, source };
    h.keys(&[Enter, Char('F')]);
    let [Outgoing::Edit { id, form }] = &h.app.take_outgoing()[..] else {
        panic!("one form for the editor");
    };
    assert!(form.contains("title = \"River Plan\""), "{form}");
    let edited = form
        .replace("title = \"River Plan\"", "title = \"The River Plan\"")
        .replace("# date = \"\"", "date = \"2016-10-03\"")
        .replace(
            "\"Harold Banks\" = \"Harold Banks\"",
            "\"Harold Banks\" = \"Hal Banks\"",
        );
    h.app.fix_edited(id, &edited);
    crate::tui::serve(&mut h.app, h.source.as_mut());
    let open = h.app.transcript.story.as_ref().unwrap();
    assert_eq!(open.title, "The River Plan");
    assert_eq!(open.date(), Some(jiff::civil::date(2016, 10, 3)));
    assert!(open.speaker("Hal Banks").is_some(), "{:?}", open.speakers);
    let entry = h.app.selected_entry().unwrap();
    assert_eq!(entry.id, *id);
    assert_eq!(entry.title, "The River Plan");
    assert_eq!(entry.dateline(), "2016-10-03");
    assert_eq!(h.app.message.as_deref(), Some("fixed “The River Plan”"));
    // The list's @name finds the new name.
    h.keys(&[KeyCode::Tab, Char('/')])
        .typed("@hal")
        .keys(&[Enter]);
    assert_eq!(h.app.list.shown.len(), 1);
}

#[test]
fn f_outside_the_library_says_where_fixes_are_kept() {
    let mut h = Harness::new(vec![story(STORY)], Origin::Files);
    h.keys(&[Enter, Char('F')]);
    assert!(h.app.take_outgoing().is_empty());
    assert!(
        h.app
            .message
            .as_deref()
            .unwrap()
            .contains("import the story first")
    );
}

fn story_from_the_web() -> Story {
    let mut s = story(STORY);
    s.source.url = Some("https://www.kxyz.example.org/2030/river-plan".into());
    s
}

#[test]
fn o_opens_the_open_storys_web_page_and_its_address_shows_under_the_transcript() {
    let mut h = Harness::new(vec![story_from_the_web()], Origin::Library);
    // The list previews the story, so its address shows at once.
    assert!(h.app.source_link().is_some());
    h.keys(&[Enter]);
    let link = h.app.source_link().expect("the address shows");
    let pane = h.app.areas().unwrap().transcript;
    assert_eq!(
        link.row,
        pane.y + pane.height - 1,
        "on the pane's lower border"
    );
    assert_eq!(link.url, "https://www.kxyz.example.org/2030/river-plan");
    h.keys(&[Char('o')]);
    assert_eq!(
        h.app.take_outgoing(),
        [Outgoing::OpenUrl(
            "https://www.kxyz.example.org/2030/river-plan".into()
        )]
    );
    h.keys(&[Char('?')]);
    assert_eq!(h.app.source_link(), None, "the help covers it");
}

#[test]
fn o_on_a_story_from_a_file_says_it_has_no_address() {
    let mut h = open_story();
    h.keys(&[Char('o')]);
    assert!(h.app.take_outgoing().is_empty());
    assert_eq!(
        h.app.message.as_deref(),
        Some("this story has no web address: it came from a file")
    );
}

#[test]
fn an_unchanged_form_fixes_nothing() {
    let mut h = open_story();
    h.keys(&[Char('F')]);
    let [Outgoing::Edit { id, form }] = &h.app.take_outgoing()[..] else {
        panic!("one form for the editor");
    };
    h.app.fix_edited(id, form);
    assert!(h.app.take_requests().is_empty());
    assert_eq!(h.app.message.as_deref(), Some("nothing changed"));
}

#[test]
fn a_long_address_is_cut_to_fit_the_pane() {
    let mut long = story_from_the_web();
    long.source.url = Some(format!("https://a.example/{}", "x".repeat(300)));
    let mut h = Harness::new(vec![long], Origin::Library);
    h.keys(&[Enter]);
    let link = h.app.source_link().unwrap();
    let pane = h.app.areas().unwrap().transcript;
    assert!(link.text.chars().count() < usize::from(pane.width) - 4);
    assert!(link.text.ends_with('…'));
    assert_eq!(link.url.len(), "https://a.example/".len() + 300);
}

#[test]
fn esc_clearing_the_transcripts_filter_keeps_the_marked_turn_in_place() {
    let mut h = Harness::new(vec![long_story(60)], Origin::Library);
    h.keys(&[Enter, Char('/')]).typed("@reed").keys(&[Enter]);
    for _ in 0..5 {
        h.keys(&[Char(']')]);
    }
    let turn = h.app.transcript.cursor_turn().unwrap();
    assert!(turn > 0);
    h.keys(&[Esc]);
    assert!(!h.app.transcript.filter.is_active());
    assert_eq!(
        h.app.transcript.cursor_turn(),
        Some(turn),
        "the same turn marked"
    );
    let doc = h.app.transcript.doc.as_ref().unwrap();
    assert_eq!(
        h.app.transcript.scroll,
        doc.turn_starts[h.app.transcript.cursor]
    );
}

#[test]
fn the_preview_marks_the_lists_words_and_drops_them_with_the_filter() {
    let mut h = Harness::new(vec![story(STORY), story(OTHER)], Origin::Library);
    h.keys(&[Char('/')]).typed("plan").keys(&[Enter]);
    let pane = &h.app.transcript;
    assert_eq!(pane.story.as_ref().unwrap().title, "River Plan");
    assert_eq!((pane.filter.text.as_str(), pane.context), ("plan", true));
    assert_eq!(pane.match_count(), Some((2, 5)));
    h.keys(&[Esc]);
    assert!(
        !h.app.transcript.filter.is_active(),
        "the marks go with the words"
    );
    // A filter of the reader's own in the transcript stays while the
    // list has no words.
    h.keys(&[Enter, Char('/')])
        .typed("wall")
        .keys(&[Enter, KeyCode::Tab]);
    h.keys(&[Char('j'), Char('k')]);
    assert_eq!(h.app.transcript.filter.text, "wall");
}

#[test]
fn a_name_no_one_answers_to_says_so_with_the_nearest() {
    let mut h = quotes_harness();
    h.keys(&[Char('/')]).typed("@earnset");
    assert_eq!(
        h.app.message.as_deref(),
        Some("no one is called “earnset”; did you mean @\"josh earnest\"?")
    );
    assert!(h.app.quotes.hits.is_empty());
    h.keys(&[KeyCode::Backspace; 7]).typed("zzqx");
    assert_eq!(h.app.message.as_deref(), Some("no one is called “zzqx”"));
}

#[test]
fn o_offers_relevance_when_the_quotes_filter_has_words() {
    let story = story(
        "Harbor Week\n\nANA LIMA, HOST: The harbor board met on Monday and talked at length about the budgets for the coming year, the roads, the schools, the parks and, at the very end, the harbor.\n\n\
         BO REY: Harbor, harbor, harbor.\n\nANA LIMA: And the harbor fees?\n",
    );
    let mut h = Harness::new(vec![story], Origin::Library);
    h.keys(&[Char('Q')]).filtered("harbor");
    let first_words = |h: &Harness| -> Vec<usize> {
        h.app
            .quotes
            .hits
            .iter()
            .map(|hit| hit.turn as usize)
            .collect()
    };
    assert_eq!(first_words(&h), [0, 1, 2], "by air date: story order");
    h.keys(&[Char('o'), Char('o')]);
    assert_eq!(h.app.message.as_deref(), Some("quotes by speaker"));
    h.keys(&[Char('j')]);
    let selected = h.app.selected_quote().map(|(id, t)| (id.to_string(), t));
    h.keys(&[Char('o')]);
    assert_eq!(h.app.message.as_deref(), Some("quotes by relevance"));
    assert_eq!(h.app.quotes.scoring, None, "the scores came back");
    // Three harbors in three words, one in four, two in thirty.
    assert_eq!(first_words(&h), [1, 2, 0]);
    assert_eq!(h.app.quotes.stories, 1);
    let now = h.app.selected_quote().map(|(id, t)| (id.to_string(), t));
    assert_eq!(now, selected, "the selection kept");
    h.keys(&[Char('o')]);
    assert_eq!(h.app.message.as_deref(), Some("quotes by air date"));
    assert_eq!(first_words(&h), [0, 1, 2]);
    // Without words there is nothing to be relevant to: speaker, then date.
    h.filtered("@lima");
    h.keys(&[Char('o'), Char('o'), Char('o')]);
    assert_eq!(h.app.message.as_deref(), Some("quotes by air date"));
}

/// A quote on the sheet whose story is gone (imported again under a new
/// id, or removed): Enter says it could not load it and stays on the
/// sheet, and the story already shown is not moved to the quote's turn.
#[test]
fn enter_on_a_sheet_quote_whose_story_is_gone_stays_on_the_sheet() {
    use crate::tui::source::{SheetEntry, SheetQuote};
    let mut h = Harness::new(vec![long_story(40)], Origin::Library);
    h.keys(&[Enter]);
    assert_eq!(h.app.focus, Focus::Transcript);
    let cursor = h.app.transcript.cursor;
    h.keys(&[Char('C')]);
    assert_eq!(h.app.focus, Focus::Sheet);
    h.app.sheet.entries = Some(vec![SheetEntry {
        id: 1,
        note: String::new(),
        quote: SheetQuote {
            story_id: "000000000000".into(),
            turn: 30,
            ..SheetQuote::default()
        },
    }]);
    h.keys(&[Enter]);
    assert_eq!(h.app.focus, Focus::Sheet, "back on the sheet");
    let said = h.app.message.clone().unwrap_or_default();
    assert!(said.contains("could not load"), "{said}");
    assert_eq!(h.app.transcript.target, None);
    assert_eq!(h.app.transcript.cursor, cursor);
}
