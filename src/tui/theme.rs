//! Colours. Speakers keep their colour across stories and sessions because
//! it comes from their identity, not their order. NO_COLOR is honoured here
//! rather than left to crossterm, so a colourless screen still shows who
//! speaks through bold and underline.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Preset, ThemeConfig};
use crate::story::fold;

mod ansi;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// NO_COLOR: attributes only.
    None,
    Ansi16,
    /// 256 colours or more.
    Full,
}

impl ColorMode {
    /// Reads NO_COLOR, COLORTERM and TERM the way most terminals expect.
    pub(crate) fn detect(var: impl Fn(&str) -> Option<String>) -> ColorMode {
        if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorMode::None;
        }
        let colorterm = var("COLORTERM").unwrap_or_default();
        let term = var("TERM").unwrap_or_default();
        if matches!(colorterm.as_str(), "truecolor" | "24bit") || term.contains("256color") {
            ColorMode::Full
        } else {
            ColorMode::Ansi16
        }
    }

    pub(crate) fn from_env() -> ColorMode {
        ColorMode::detect(|name| std::env::var(name).ok())
    }
}

/// The colours a preset starts from, before config.toml replaces any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Colors {
    /// Speakers on terminals with 256 colours or more.
    pub speakers: Vec<Color>,
    pub speakers_16: Vec<Color>,
    /// Headings that are not a speaker's: the intro, the help's sections.
    pub heading: Color,
    pub cue: Color,
    pub note: Color,
    /// Keyword matches; shown reversed, so the colour becomes the marker's.
    pub highlight: Color,
    /// The focused pane's border and the current-turn marker.
    pub focus: Color,
}

impl Colors {
    /// `Reset` leaves the terminal's own colour and keeps only the
    /// attributes, which reads well on any background.
    pub(crate) fn preset(preset: Preset) -> Colors {
        match preset {
            Preset::Dark | Preset::Mono => Colors {
                // Mid-tone xterm colours that keep their contrast on dark
                // backgrounds and on most light ones.
                speakers: [33, 166, 34, 163, 37, 136, 99, 160, 28, 130]
                    .map(Color::Indexed)
                    .to_vec(),
                // No white, black or grey: one of them is always the background.
                speakers_16: vec![
                    Color::Blue,
                    Color::Magenta,
                    Color::Cyan,
                    Color::Green,
                    Color::Red,
                    Color::Yellow,
                ],
                heading: Color::Reset,
                cue: Color::Reset,
                note: Color::Yellow,
                highlight: Color::Reset,
                focus: Color::Cyan,
            },
            // Darker shades, and no yellow or cyan, which fade on white.
            Preset::Light => Colors {
                speakers: [25, 130, 28, 127, 30, 124, 55, 94, 22, 89]
                    .map(Color::Indexed)
                    .to_vec(),
                speakers_16: vec![Color::Blue, Color::Magenta, Color::Green, Color::Red],
                heading: Color::Reset,
                cue: Color::Reset,
                note: Color::Magenta,
                highlight: Color::Reset,
                focus: Color::Blue,
            },
        }
    }

    fn with(mut self, config: &ThemeConfig) -> Colors {
        let set = |slot: &mut Color, value: Option<Color>| *slot = value.unwrap_or(*slot);
        set(&mut self.heading, config.heading);
        set(&mut self.cue, config.cue);
        set(&mut self.note, config.note);
        set(&mut self.highlight, config.highlight);
        set(&mut self.focus, config.focus);
        match (&config.speakers, &config.speakers_16) {
            // One palette named for all terminals serves the 16-colour ones too.
            (Some(full), None) => (self.speakers, self.speakers_16) = (full.clone(), full.clone()),
            (full, small) => {
                self.speakers = full.clone().unwrap_or(self.speakers);
                self.speakers_16 = small.clone().unwrap_or(self.speakers_16);
            }
        }
        self
    }

    fn all_mut(&mut self) -> impl Iterator<Item = &mut Color> {
        let single = [
            &mut self.heading,
            &mut self.cue,
            &mut self.note,
            &mut self.highlight,
            &mut self.focus,
        ];
        self.speakers.iter_mut().chain(single)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub mode: ColorMode,
    /// For `mode`: the right palette, every colour one the terminal shows.
    colors: Colors,
}

impl Theme {
    /// The preset with the config's colours on top. NO_COLOR and the mono
    /// preset leave attributes only, whatever colours the config names.
    pub fn from_config(mode: ColorMode, config: &ThemeConfig) -> Theme {
        let preset = config.preset.unwrap_or(Preset::Dark);
        let mode = match preset {
            Preset::Mono => ColorMode::None,
            _ => mode,
        };
        let mut colors = Colors::preset(preset).with(config);
        if mode == ColorMode::Ansi16 {
            colors.speakers = std::mem::take(&mut colors.speakers_16);
            for color in colors.all_mut() {
                *color = ansi::nearest(*color);
            }
        }
        Theme { mode, colors }
    }

    /// No palette may be empty: speakers need a colour each.
    fn palette(&self) -> &[Color] {
        match self.colors.speakers.as_slice() {
            [] => &[Color::Reset],
            palette => palette,
        }
    }

    fn colored(&self, style: Style, color: Color) -> Style {
        match (self.mode, color) {
            (ColorMode::None, _) | (_, Color::Reset) => style,
            _ => style.fg(color),
        }
    }

    /// A speaker's heading; the same person gets the same colour everywhere.
    pub(crate) fn speaker(&self, name: &str) -> Style {
        let hash = fnv1a(fold::name_key(name).as_bytes());
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match self.mode {
            ColorMode::None => bold.add_modifier(Modifier::UNDERLINED),
            _ => {
                let palette = self.palette();
                self.colored(bold, palette[hash as usize % palette.len()])
            }
        }
    }

    pub(crate) fn intro(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::DIM | Modifier::BOLD);
        self.colored(style, self.colors.heading)
    }

    /// A section heading, such as the help overlay's.
    pub(crate) fn heading(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        self.colored(style, self.colors.heading)
    }

    pub(crate) fn cue(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC);
        self.colored(style, self.colors.cue)
    }

    pub(crate) fn note(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match self.mode {
            ColorMode::None => style.add_modifier(Modifier::REVERSED),
            _ => self.colored(style, self.colors.note),
        }
    }

    /// A note's body: set apart from speech without shouting.
    pub(crate) fn note_text(&self) -> Style {
        self.colored(
            Style::new().add_modifier(Modifier::ITALIC),
            self.colors.note,
        )
    }

    pub(crate) fn highlight(&self) -> Style {
        self.colored(
            Style::new().add_modifier(Modifier::REVERSED),
            self.colors.highlight,
        )
    }

    pub(crate) fn gutter(&self) -> Style {
        self.colored(Style::new().add_modifier(Modifier::BOLD), self.colors.focus)
    }

    /// The mark of a story not yet opened; a glyph, so it shows in
    /// NO_COLOR too.
    pub(crate) fn unread(&self) -> Style {
        self.gutter()
    }

    /// The mark of a starred story.
    pub(crate) fn star(&self) -> Style {
        self.colored(Style::new().add_modifier(Modifier::BOLD), self.colors.note)
    }

    pub(crate) fn border(&self, focused: bool) -> Style {
        match focused {
            true => self.gutter(),
            false => Style::new().add_modifier(Modifier::DIM),
        }
    }
    pub(crate) fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Part of a turn selected with `v`: reversed and underlined, apart
    /// from the filter's marks (reversed alone) in every colour mode.
    pub fn selection(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
    }

    pub(crate) fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub(crate) fn error(&self) -> Style {
        self.colored(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    pub(crate) fn status(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

/// Stable across runs and Rust versions, unlike the std hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn detects_colour_depth_and_no_color() {
        assert_eq!(
            ColorMode::detect(env(&[("COLORTERM", "truecolor")])),
            ColorMode::Full
        );
        assert_eq!(
            ColorMode::detect(env(&[("TERM", "xterm-256color")])),
            ColorMode::Full
        );
        assert_eq!(
            ColorMode::detect(env(&[("TERM", "xterm")])),
            ColorMode::Ansi16
        );
        let no_color = [("NO_COLOR", "1"), ("COLORTERM", "truecolor")];
        assert_eq!(ColorMode::detect(env(&no_color)), ColorMode::None);
    }

    #[test]
    fn speaker_colour_follows_identity_not_spelling() {
        let theme = Theme::from_config(ColorMode::Full, &ThemeConfig::default());
        assert_eq!(theme.speaker("JOSH EARNEST"), theme.speaker("Josh Earnest"));
        assert_eq!(theme.speaker("Mayor Ann Lee"), theme.speaker("Ann Lee"));
    }

    #[test]
    fn no_color_uses_no_colours_at_all() {
        let theme = Theme::from_config(ColorMode::None, &ThemeConfig::default());
        for style in [
            theme.speaker("Ann Lee"),
            theme.note(),
            theme.gutter(),
            theme.border(true),
            theme.error(),
        ] {
            assert_eq!((style.fg, style.bg), (None, None));
        }
        assert!(
            theme
                .speaker("Ann Lee")
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
    }

    fn config(preset: Option<Preset>) -> ThemeConfig {
        ThemeConfig {
            preset,
            heading: Some(Color::Rgb(0xff, 0x88, 0)),
            speakers: Some(vec![Color::Indexed(196)]),
            ..ThemeConfig::default()
        }
    }

    #[test]
    fn config_colours_replace_the_preset_ones() {
        let theme = Theme::from_config(ColorMode::Full, &config(Some(Preset::Light)));
        assert_eq!(theme.intro().fg, Some(Color::Rgb(0xff, 0x88, 0)));
        assert_eq!(theme.speaker("Ann Lee").fg, Some(Color::Indexed(196)));
        assert_eq!(theme.border(true).fg, Some(Color::Blue));
    }

    #[test]
    fn sixteen_colours_get_the_small_palette_or_the_nearest_colour() {
        let plain = Theme::from_config(ColorMode::Ansi16, &ThemeConfig::default());
        let dark = Colors::preset(Preset::Dark);
        assert!(
            dark.speakers_16
                .contains(&plain.speaker("Ann Lee").fg.unwrap())
        );
        let themed = Theme::from_config(ColorMode::Ansi16, &config(None));
        assert_eq!(themed.speaker("Ann Lee").fg, Some(Color::LightRed));
        assert_eq!(themed.intro().fg, Some(Color::Yellow));
    }

    #[test]
    fn mono_and_no_color_drop_every_configured_colour() {
        let mono = Theme::from_config(ColorMode::Full, &config(Some(Preset::Mono)));
        let no_color = Theme::from_config(ColorMode::None, &config(Some(Preset::Light)));
        for theme in [mono, no_color] {
            assert_eq!(theme.mode, ColorMode::None);
            for style in [theme.speaker("Ann Lee"), theme.intro(), theme.note_text()] {
                assert_eq!((style.fg, style.bg), (None, None));
            }
        }
    }

    #[test]
    fn light_preset_has_no_yellow_and_darker_speakers() {
        let light = Colors::preset(Preset::Light);
        let yellow = [Color::Yellow, Color::LightYellow];
        assert!(!light.speakers_16.iter().any(|c| yellow.contains(c)));
        assert!(!yellow.contains(&light.note) && !yellow.contains(&light.focus));
        // Dark enough to read on white: well below mid-grey in luma.
        for color in light.speakers {
            let Color::Indexed(i) = color else {
                panic!("{color:?}")
            };
            let [r, g, b] = ansi::xterm_rgb(i).map(f64::from);
            assert!(0.299 * r + 0.587 * g + 0.114 * b < 115.0, "{i}");
        }
    }
}
