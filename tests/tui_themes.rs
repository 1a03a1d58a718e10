//! The light and mono themes, whole frames with styles, drawn with
//! TestBackend from a config as config.toml would give it.

use hark::config::{Preset, ThemeConfig};
use hark::story::parse::parse;
use hark::tui::{
    Action, App, ColorMode, MemoryStories, Origin, Stories, TuiOptions, dispatch, keymap, start,
    view,
};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const RIVER: &str = "\
Talks On The River Plan Collapse

The council could not agree on the river plan tonight. Anna Lopez reports.

ANNA LOPEZ, BYLINE: The meeting ran late. Residents packed the hall to talk about the river.

MAYOR HAROLD BANKS: We will not give up on the river plan.

(SOUNDBITE OF CROWD CHEERING)

[An earlier version of this story misspelled the river's name.]

RENÉE SZYMAŃSKA: The river came into my shop twice this year.

LOPEZ: Anna Lopez, News, Riverton.
";

struct Screen {
    app: App,
    source: Box<dyn Stories>,
}

impl Screen {
    fn new(colors: ColorMode, theme: ThemeConfig) -> Screen {
        let story = parse(RIVER.as_bytes(), Some("river.txt"), Timestamp::UNIX_EPOCH).unwrap();
        let source = MemoryStories::new(vec![story]);
        let mut options = TuiOptions::new(Box::new(source), Origin::Library);
        options.colors = Some(colors);
        options.theme = theme;
        let (app, source) = start(options, (80, 24));
        Screen { app, source }
    }

    /// The story open, filtered to a word so matches are highlighted.
    fn filtered(mut self) -> Screen {
        self.act(Action::Open);
        self.act(Action::StartFilter);
        for c in "river".chars() {
            let key = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c));
            let action = keymap::lookup(&self.app.contexts(), key).unwrap();
            self.act(action);
        }
        self.act(Action::FilterAccept);
        self
    }

    fn act(&mut self, action: Action) {
        dispatch(&mut self.app, self.source.as_mut(), action);
    }

    fn render(&mut self) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        self.app.layout();
        terminal.draw(|f| view::draw(f, &self.app)).unwrap();
        terminal.backend().buffer().clone()
    }
}

fn preset(preset: Preset) -> ThemeConfig {
    ThemeConfig {
        preset: Some(preset),
        ..ThemeConfig::default()
    }
}

fn foregrounds(buffer: &Buffer) -> Vec<Color> {
    buffer.content().iter().map(|cell| cell.fg).collect()
}

#[test]
fn light_theme() {
    let buffer = Screen::new(ColorMode::Full, preset(Preset::Light))
        .filtered()
        .render();
    let colours = foregrounds(&buffer);
    assert!(colours.contains(&Color::Blue), "the focus border");
    assert!(colours.contains(&Color::Magenta), "the note");
    assert!(!colours.contains(&Color::Yellow) && !colours.contains(&Color::Cyan));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn light_theme_in_sixteen_colours() {
    let buffer = Screen::new(ColorMode::Ansi16, preset(Preset::Light))
        .filtered()
        .render();
    for colour in foregrounds(&buffer) {
        let light_ok = [
            Color::Reset,
            Color::Blue,
            Color::Magenta,
            Color::Green,
            Color::Red,
        ];
        assert!(light_ok.contains(&colour), "{colour:?}");
    }
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn mono_theme() {
    let buffer = Screen::new(ColorMode::Full, preset(Preset::Mono))
        .filtered()
        .render();
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let no_color = Screen::new(ColorMode::None, ThemeConfig::default())
        .filtered()
        .render();
    assert_eq!(buffer, no_color, "mono draws exactly what NO_COLOR draws");
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn configured_colours_are_drawn_and_no_color_still_wins() {
    let theme = ThemeConfig {
        highlight: Some(Color::Indexed(226)),
        focus: Some(Color::Rgb(0xd7, 0x5f, 0)),
        cue: Some(Color::Indexed(244)),
        ..ThemeConfig::default()
    };
    let buffer = Screen::new(ColorMode::Full, theme.clone())
        .filtered()
        .render();
    let colours = foregrounds(&buffer);
    for colour in [Color::Indexed(226), Color::Rgb(0xd7, 0x5f, 0)] {
        assert!(colours.contains(&colour), "{colour:?}");
    }
    let sixteen = Screen::new(ColorMode::Ansi16, theme.clone())
        .filtered()
        .render();
    let colours = foregrounds(&sixteen);
    assert!(
        colours.contains(&Color::LightYellow),
        "226 as the nearest ANSI colour"
    );
    assert!(
        !colours
            .iter()
            .any(|c| matches!(c, Color::Indexed(_) | Color::Rgb(..)))
    );
    let no_color = Screen::new(ColorMode::None, theme).filtered().render();
    assert!(foregrounds(&no_color).iter().all(|c| *c == Color::Reset));
}
