//! Remapped keys, end to end through the App: the keymap built from
//! config.toml is the one the event loop looks keys up in.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hark::config::{self, KeyBinding};
use hark::story::parse::parse;
use hark::tui::{App, ColorMode, Keymap, MemoryStories, Origin, Overlay, Stories, TuiOptions};
use hark::tui::{dispatch, keymap, start};
use jiff::Timestamp;

const STORY: &str = "\
River Plan

ANNA LOPEZ, BYLINE: The meeting ran late.

MAYOR HAROLD BANKS: We will not give up on the river plan.

LOPEZ: Not everyone agreed.

BANKS: Plan B is a wall.
";

struct Harness {
    app: App,
    source: Box<dyn Stories>,
}

impl Harness {
    /// Keys from a config.toml `[keys]` table, a long story, opened.
    fn with_keys(toml: &str) -> Harness {
        let names = keymap::action_names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let config = config::parse(toml, "config.toml".as_ref(), &names).unwrap();
        let text = STORY.repeat(30);
        let story = parse(text.as_bytes(), Some("t.txt"), Timestamp::UNIX_EPOCH).unwrap();
        let source = MemoryStories::new(vec![story]);
        let mut options = TuiOptions::new(Box::new(source), Origin::Library);
        options.colors = Some(ColorMode::Full);
        options.keymap = Keymap::from_config(&config.keys).unwrap();
        let (app, source) = start(options, (80, 24));
        let mut harness = Harness { app, source };
        harness.press(KeyCode::Enter, KeyModifiers::NONE);
        harness
    }

    fn press(&mut self, code: KeyCode, modifiers: KeyModifiers) -> &mut Harness {
        let event = KeyEvent::new(code, modifiers);
        if let Some(action) = self.app.keymap.lookup(&self.app.contexts(), event) {
            dispatch(&mut self.app, self.source.as_mut(), action);
        }
        self.app.layout();
        self
    }

    fn key(&mut self, c: char) -> &mut Harness {
        self.press(KeyCode::Char(c), KeyModifiers::NONE)
    }
}

#[test]
fn a_remapped_quit_quits_and_the_old_key_does_not() {
    let mut h = Harness::with_keys("[keys]\nquit = [\"x\"]");
    h.key('q');
    assert!(!h.app.quit);
    h.key('x');
    assert!(h.app.quit);
}

#[test]
fn ctrl_c_quits_whatever_quit_is_bound_to() {
    let mut h = Harness::with_keys("[keys]\nquit = [\"x\"]");
    h.key('/').key('r');
    assert!(h.app.editing);
    h.press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.quit);
}

#[test]
fn a_quit_key_is_typed_inside_the_filter_bar() {
    let mut h = Harness::with_keys("[keys]\nquit = [\"x\"]");
    h.key('/').key('x');
    assert!(!h.app.quit);
    assert_eq!(h.app.transcript.filter.text, "x");
}

#[test]
fn a_remapped_down_scrolls() {
    let mut h = Harness::with_keys("[keys]\ndown = [\"e\"]");
    h.key('e').key('e');
    assert_eq!(h.app.transcript.scroll, 2);
    h.key('j');
    assert_eq!(h.app.transcript.scroll, 2);
}

#[test]
fn the_help_overlay_scrolls_and_closes_with_the_new_keys() {
    let mut h = Harness::with_keys(
        "[keys]\ndown = [\"e\"]\nclose = [\"c\"]\n[keys.picker]\nclose = [\"esc\"]",
    );
    h.app.resize(80, 12);
    h.key('?').key('e');
    assert_eq!(h.app.overlay, Overlay::Help { scroll: 1 });
    h.press(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(h.app.overlay, Overlay::Help { scroll: 1 });
    h.key('c');
    assert_eq!(h.app.overlay, Overlay::None);
    h.key('s');
    assert!(matches!(h.app.overlay, Overlay::Picker { .. }));
    h.press(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(h.app.overlay, Overlay::None);
}

#[test]
fn keys_written_as_the_help_shows_them_parse() {
    for (context, keys, _) in hark::tui::view::help::rows(&Keymap::default()) {
        for key in keys.split(' ') {
            let parsed: Result<KeyBinding, _> = key.parse();
            assert!(parsed.is_ok(), "{key} in {context:?}");
        }
    }
}

fn screen_text(app: &mut App) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.layout();
    terminal.draw(|f| hark::tui::view::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|c| c.symbol()).collect()
}

#[test]
fn hints_on_screen_name_the_keys_in_force() {
    let mut h = Harness::with_keys("[keys]\nquit = [\"x\"]\nfilter = [\"f\"]\nhelp = \"h\"");
    let text = screen_text(&mut h.app);
    assert!(
        text.contains("h help  f filter  Tab pane  x quit"),
        "{text}"
    );
    assert!(text.contains("press f to filter turns"), "{text}");
    h.key('n');
    assert!(screen_text(&mut h.app).contains("no filter: press f to set one"));
    h.key('h');
    let help = screen_text(&mut h.app);
    assert!(help.contains("h               show this help"), "{help}");
}
