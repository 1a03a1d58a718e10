//! The light and mono themes, whole frames with styles, drawn with
//! TestBackend from a config as config.toml would give it.

use hark::testing::{Action, ColorMode, MemoryStories, Origin, Preset, ThemeConfig, TuiOptions};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::support::tui::{Screen, story};

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

/// The story open, filtered to a word so matches are highlighted, drawn
/// in `colors` with `theme`.
fn filtered(colors: ColorMode, theme: ThemeConfig) -> Buffer {
    let source = MemoryStories::new(vec![story(RIVER, "river.txt")]);
    let mut options = TuiOptions::new(Box::new(source), Origin::Library);
    options.colors = Some(colors);
    options.theme = theme;
    let mut screen = Screen::start(options, (80, 24));
    screen.act(&[Action::Open]).type_filter("river").render()
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
    let buffer = filtered(ColorMode::Full, preset(Preset::Light));
    let colours = foregrounds(&buffer);
    assert!(colours.contains(&Color::Blue), "the focus border");
    assert!(colours.contains(&Color::Magenta), "the note");
    assert!(!colours.contains(&Color::Yellow) && !colours.contains(&Color::Cyan));
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn light_theme_in_sixteen_colours() {
    let buffer = filtered(ColorMode::Ansi16, preset(Preset::Light));
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
    let buffer = filtered(ColorMode::Full, preset(Preset::Mono));
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let no_color = filtered(ColorMode::None, ThemeConfig::default());
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
    let buffer = filtered(ColorMode::Full, theme.clone());
    let colours = foregrounds(&buffer);
    for colour in [Color::Indexed(226), Color::Rgb(0xd7, 0x5f, 0)] {
        assert!(colours.contains(&colour), "{colour:?}");
    }
    let sixteen = filtered(ColorMode::Ansi16, theme.clone());
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
    let no_color = filtered(ColorMode::None, theme);
    assert!(foregrounds(&no_color).iter().all(|c| *c == Color::Reset));
}
