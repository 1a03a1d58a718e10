//! Remapped keys, end to end through the App: the keymap built from
//! config.toml is the one the event loop looks keys up in.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hark::testing::{
    ColorMode, KeyBinding, Keymap, MemoryStories, Origin, Overlay, TuiOptions, action_names,
    parse_config,
};

use crate::support::tui::{Screen, story};

const STORY: &str = "\
River Plan

ANNA LOPEZ, BYLINE: The meeting ran late.

MAYOR HAROLD BANKS: We will not give up on the river plan.

LOPEZ: Not everyone agreed.

BANKS: Plan B is a wall.
";

/// Keys from a config.toml `[keys]` table, a long story, opened.
fn with_keys(toml: &str) -> Screen {
    let names = action_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let config = parse_config(toml, "config.toml".as_ref(), &names).unwrap();
    let source = MemoryStories::new(vec![story(&STORY.repeat(30), "t.txt")]);
    let mut options = TuiOptions::new(Box::new(source), Origin::Library);
    options.colors = Some(ColorMode::Full);
    options.keymap = Keymap::from_config(&config.keys).unwrap();
    let mut screen = Screen::start(options, (80, 24));
    screen.keys("\n");
    screen
}

#[test]
fn a_remapped_quit_quits_and_the_old_key_does_not() {
    let mut h = with_keys("[keys]\nquit = [\"x\"]");
    h.keys("q");
    assert!(!h.app.quitting());
    h.keys("x");
    assert!(h.app.quitting());
}

#[test]
fn ctrl_c_quits_whatever_quit_is_bound_to() {
    let mut h = with_keys("[keys]\nquit = [\"x\"]");
    h.keys("/r");
    assert!(h.app.editing());
    h.press(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(h.app.quitting());
}

#[test]
fn a_quit_key_is_typed_inside_the_filter_bar() {
    let mut h = with_keys("[keys]\nquit = [\"x\"]");
    h.keys("/x");
    assert!(!h.app.quitting());
    assert_eq!(h.app.transcript().filter.text, "x");
}

#[test]
fn a_remapped_down_scrolls() {
    let mut h = with_keys("[keys]\ndown = [\"e\"]");
    h.keys("ee");
    assert_eq!(h.app.transcript().scroll, 2);
    h.keys("j");
    assert_eq!(h.app.transcript().scroll, 2);
}

#[test]
fn the_help_overlay_scrolls_and_closes_with_the_new_keys() {
    let mut h =
        with_keys("[keys]\ndown = [\"e\"]\nclose = [\"c\"]\n[keys.picker]\nclose = [\"esc\"]");
    h.app.resize(80, 12);
    h.keys("?e");
    assert_eq!(h.app.overlay(), Overlay::Help { scroll: 1 });
    h.keys("\u{1b}");
    assert_eq!(h.app.overlay(), Overlay::Help { scroll: 1 });
    h.keys("c");
    assert_eq!(h.app.overlay(), Overlay::None);
    h.keys("s");
    assert!(matches!(h.app.overlay(), Overlay::Picker { .. }));
    h.keys("\u{1b}");
    assert_eq!(h.app.overlay(), Overlay::None);
}

#[test]
fn keys_written_as_the_help_shows_them_parse() {
    for (context, keys, _) in Keymap::default().help_rows() {
        for key in keys.split(' ') {
            let parsed: Result<KeyBinding, _> = key.parse();
            assert!(parsed.is_ok(), "{key} in {context:?}");
        }
    }
}

#[test]
fn hints_on_screen_name_the_keys_in_force() {
    let mut h = with_keys("[keys]\nquit = [\"x\"]\nfilter = [\"f\"]\nhelp = \"h\"");
    let text = h.text();
    assert!(
        text.contains("h help  f filter  Tab pane  x quit"),
        "{text}"
    );
    assert!(text.contains("press f to filter turns"), "{text}");
    h.keys("n");
    assert!(h.text().contains("no filter: press f to set one"));
    h.keys("h");
    let help = h.text();
    assert!(help.contains("h               show this help"), "{help}");
}
