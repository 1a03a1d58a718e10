//! The speakers view over a million people, and the story list over a
//! million stories: a source that makes each row from its place (no
//! disk, no list held anywhere) drives the App, and the tests check which
//! windows and rows it asked for and what is on screen.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use crossterm::event::{KeyCode, KeyCode::Char, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

use super::list::ROWS_KEPT;
use super::{App, Focus, Origin};
use crate::library::{PeopleAsk, PeopleOrder};
use crate::story::Story;
use crate::tui::keymap::lookup;
use crate::tui::source::{
    Found, ListEntry, Search, SearchJob, SearchOutcome, SourceError, SpeakerPage, SpeakerRow,
    Stories, StoryKey,
};
use crate::tui::{TuiOptions, dispatch, start};

const MILLION: usize = 1_000_000;
/// The filter "person" lets one person in a thousand through.
const SPARSE: usize = 1_000;

/// Person `i`, with fewer turns the further down: rows in turns order
/// are in place order.
fn person(i: usize) -> SpeakerRow {
    SpeakerRow {
        name: format!("Person {i:07}"),
        roles: Vec::new(),
        turns: MILLION - i,
        words: 2 * (MILLION - i),
        stories: 1,
    }
}

fn place(name: &str) -> Option<usize> {
    name.strip_prefix("Person ")?.parse().ok()
}

/// Answers each window from the places it covers, and notes each ask;
/// lists a million stories, their keys their places.
struct People {
    asks: Arc<Mutex<Vec<PeopleAsk>>>,
}

/// The story list's keys are handed over this many at a time.
const KEYS_BATCH: usize = 4_096;

impl Search for People {
    fn run(
        &self,
        job: &SearchJob,
        _: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<SearchOutcome, SourceError> {
        if let SearchJob::List(_) = job {
            for start in (0..MILLION).step_by(KEYS_BATCH) {
                let end = (start + KEYS_BATCH).min(MILLION);
                found(Found::ListKeys(
                    (start as StoryKey..end as StoryKey).collect(),
                ));
            }
            return Ok(SearchOutcome::Finished);
        }
        let SearchJob::SpeakerPage(ask) = job else {
            return Ok(SearchOutcome::Finished);
        };
        self.asks.lock().unwrap().push(ask.clone());
        let step = if ask.name.is_empty() { 1 } else { SPARSE };
        let total = MILLION / step;
        let end = ask.offset.saturating_add(ask.limit).min(total);
        let kept_at = ask.keep.as_deref().and_then(place);
        found(Found::SpeakerPage(SpeakerPage {
            total,
            everyone: MILLION,
            // Person i speaks 2 × (MILLION - i) words: Person 0 the most.
            words: crate::library::Words {
                all: MILLION * (MILLION + 1),
                most: 2 * MILLION,
            },
            offset: ask.offset,
            rows: (ask.offset..end).map(|row| person(row * step)).collect(),
            kept_at: kept_at.filter(|at| at % step == 0).map(|at| at / step),
        }));
        Ok(SearchOutcome::Finished)
    }
}

struct Million {
    asks: Arc<Mutex<Vec<PeopleAsk>>>,
    /// Every story row asked for, in order.
    rows_asked: Arc<Mutex<Vec<StoryKey>>>,
}

/// Story `key` of the million, as the list shows it.
fn story_row(key: StoryKey) -> ListEntry {
    ListEntry {
        key,
        id: format!("{key:012x}"),
        title: format!("Story {key:07}"),
        date: None,
        program: None,
        speakers: vec!["Ana Lima".into()],
        station: None,
        imported_at: jiff::Timestamp::UNIX_EPOCH,
        warnings: 0,
    }
}

impl Stories for Million {
    fn story_count(&mut self) -> usize {
        MILLION
    }
    fn entries_at(&mut self, keys: &[StoryKey]) -> Result<Vec<ListEntry>, SourceError> {
        self.rows_asked.lock().unwrap().extend(keys);
        Ok(keys.iter().map(|&key| story_row(key)).collect())
    }
    fn load(&mut self, id: &str) -> Result<Story, SourceError> {
        Err(SourceError::NoStory(id.into()))
    }
    fn import(&mut self, _: &str) -> Result<String, SourceError> {
        Err(SourceError::NoLibrary)
    }
    fn search(&self) -> Arc<dyn Search> {
        Arc::new(People {
            asks: Arc::clone(&self.asks),
        })
    }
}

struct Driven {
    app: App,
    source: Box<dyn Stories>,
    asks: Arc<Mutex<Vec<PeopleAsk>>>,
    rows_asked: Arc<Mutex<Vec<StoryKey>>>,
}

impl Driven {
    fn new() -> Driven {
        let asks = Arc::new(Mutex::new(Vec::new()));
        let rows_asked = Arc::new(Mutex::new(Vec::new()));
        let source = Million {
            asks: Arc::clone(&asks),
            rows_asked: Arc::clone(&rows_asked),
        };
        let (app, source) = start(TuiOptions::new(Box::new(source), Origin::Library), (80, 24));
        Driven {
            app,
            source,
            asks,
            rows_asked,
        }
    }

    /// The story rows asked for since the last look.
    fn rows_asked(&self) -> Vec<StoryKey> {
        self.rows_asked.lock().unwrap().drain(..).collect()
    }

    fn keys(&mut self, keys: &[KeyCode]) -> &mut Driven {
        for &code in keys {
            let event = KeyEvent::new(code, KeyModifiers::NONE);
            if let Some(action) = lookup(&self.app.contexts(), event) {
                dispatch(&mut self.app, self.source.as_mut(), action);
            }
            self.app.layout();
        }
        self
    }

    /// The windows asked for since the last look, as (offset, limit).
    fn asked(&self) -> Vec<(usize, usize)> {
        let mut asks = self.asks.lock().unwrap();
        asks.drain(..).map(|a| (a.offset, a.limit)).collect()
    }

    fn selected(&self) -> Option<String> {
        self.app.selected_speaker().map(|row| row.name.clone())
    }

    fn screen(&self) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| crate::tui::view::draw(frame, &self.app))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let rows = buffer.content.chunks(usize::from(buffer.area.width));
        let lines = rows.map(|row| row.iter().map(|c| c.symbol()).collect::<String>());
        lines.map(|l| l.trim_end().to_string() + "\n").collect()
    }
}

#[test]
fn the_story_list_holds_a_million_keys_and_the_rows_on_screen() {
    let mut d = Driven::new();
    assert_eq!(d.app.list.shown.len(), MILLION);
    let rows = d.app.areas().unwrap().list_rows();
    let first: Vec<StoryKey> = (0..rows as StoryKey).collect();
    assert_eq!(d.rows_asked(), first, "the first screen's rows, once");
    let screen = d.screen();
    assert!(screen.contains("Stories (1000000)"), "{screen}");
    assert!(
        screen.contains(&format!("Story {:07}", rows - 1)),
        "{screen}"
    );
    d.keys(&[KeyCode::Char('G')]);
    let last: Vec<StoryKey> = ((MILLION - rows) as StoryKey..MILLION as StoryKey).collect();
    assert_eq!(
        d.rows_asked(),
        last,
        "the last screen's rows, and nothing between"
    );
    assert_eq!(d.app.selected_entry().unwrap().title, "Story 0999999");
    assert!(d.screen().contains("Story 0999999"));
    d.keys(&[KeyCode::Char('k')]);
    assert!(
        d.rows_asked().is_empty(),
        "a row on screen is not asked again"
    );
    // Paging up through more rows than are kept lets the oldest go.
    for _ in 0..(3 * ROWS_KEPT / rows) {
        d.keys(&[KeyCode::PageUp]);
    }
    let held = d.app.list_rows.len();
    assert!(
        held <= ROWS_KEPT + rows,
        "a few screens held, not a million: {held}"
    );
    d.keys(&[KeyCode::Char('g')]);
    assert_eq!(d.app.list.window.selected(), 0);
    assert_eq!(d.app.selected_entry().unwrap().title, "Story 0000000");
}

#[test]
fn the_first_screen_asks_for_two_pages_of_a_million() {
    let mut d = Driven::new();
    d.keys(&[Char('S')]);
    assert_eq!(d.app.focus, Focus::Speakers);
    assert_eq!(d.asked(), [(0, 200), (200, 200)], "a page, then the next");
    assert_eq!(d.app.speakers.rows.total(), MILLION);
    assert_eq!(d.selected().as_deref(), Some("Person 0000000"));
    let screen = d.screen();
    assert!(screen.contains("Speakers (1000000)"), "{screen}");
    assert!(screen.contains("Person 0000018"), "{screen}");
    assert!(!screen.contains("Person 0000019"), "one screen: {screen}");
}

#[test]
fn g_and_big_g_ask_for_the_ends_and_nothing_between() {
    let mut d = Driven::new();
    d.keys(&[Char('S')]);
    d.asked();
    d.keys(&[KeyCode::Char('G')]);
    assert_eq!(
        d.asked(),
        [(MILLION - 400, 400)],
        "the last two pages at once"
    );
    assert_eq!(d.selected().as_deref(), Some("Person 0999999"));
    let held = d.app.speakers.rows.loaded().count();
    assert!(held <= 1_400, "a few pages held, not a million: {held}");
    insta::assert_snapshot!("speakers_at_the_end_of_a_million", d.screen());
    d.keys(&[Char('g')]);
    assert_eq!(d.asked(), [(0, 400)]);
    assert_eq!(d.selected().as_deref(), Some("Person 0000000"));
}

#[test]
fn page_moves_ask_only_when_they_near_a_missing_page() {
    let mut d = Driven::new();
    d.keys(&[Char('S')]);
    d.asked();
    let page_down = KeyCode::PageDown;
    d.keys(&[page_down, page_down, page_down]);
    assert!(d.asked().is_empty(), "still within the first two pages");
    let mut asked = Vec::new();
    for _ in 0..20 {
        d.keys(&[page_down]);
        asked.extend(d.asked());
    }
    let selected = d.app.speakers.window.selected();
    assert!(selected > 400, "{selected}");
    assert!(
        asked
            .iter()
            .all(|&(offset, limit)| offset % 200 == 0 && limit == 200),
        "{asked:?}"
    );
    assert!(asked.len() <= selected / 200, "{asked:?}");
    assert_eq!(d.selected(), Some(format!("Person {selected:07}")));
}

#[test]
fn the_filter_and_the_order_go_to_the_source_keeping_the_selection() {
    let mut d = Driven::new();
    d.keys(&[Char('S')]);
    d.keys(&[KeyCode::Char('G')]);
    d.asked();
    d.keys(&[Char('s')]);
    let asks: Vec<PeopleAsk> = d.asks.lock().unwrap().drain(..).collect();
    assert_eq!(asks[0].order, PeopleOrder::Words);
    assert_eq!(asks[0].keep.as_deref(), Some("Person 0999999"));
    assert_eq!(d.selected().as_deref(), Some("Person 0999999"), "kept");
    d.keys(&[Char('/'), Char('p'), Char('e'), Char('r'), KeyCode::Enter]);
    assert_eq!(d.app.speakers.rows.total(), MILLION / SPARSE);
    let screen = d.screen();
    assert!(screen.contains("1000 of 1000000"), "{screen}");
    assert_eq!(
        d.selected().as_deref(),
        Some("Person 0000000"),
        "the kept one is filtered out"
    );
}
