//! Colours. Speakers keep their colour across stories and sessions because
//! it comes from their identity, not their order. NO_COLOR is honoured here
//! rather than left to crossterm, so a colourless screen still shows who
//! speaks through bold and underline.

use ratatui::style::{Color, Modifier, Style};

use crate::story::fold;

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
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> ColorMode {
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

    pub fn from_env() -> ColorMode {
        ColorMode::detect(|name| std::env::var(name).ok())
    }
}

/// Mid-tone xterm colours that keep their contrast on dark and light
/// backgrounds alike.
const FULL_PALETTE: [u8; 10] = [33, 166, 34, 163, 37, 136, 99, 160, 28, 130];
/// No white, black or grey: one of them is always the background.
const ANSI_PALETTE: [Color; 6] = [
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Green,
    Color::Red,
    Color::Yellow,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mode: ColorMode,
}

impl Theme {
    pub fn new(mode: ColorMode) -> Theme {
        Theme { mode }
    }

    fn colored(&self, style: Style, color: Color) -> Style {
        match self.mode {
            ColorMode::None => style,
            _ => style.fg(color),
        }
    }

    /// A speaker's heading; the same person gets the same colour everywhere.
    pub fn speaker(&self, name: &str) -> Style {
        let hash = fnv1a(fold::name_key(name).as_bytes());
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match self.mode {
            ColorMode::None => bold.add_modifier(Modifier::UNDERLINED),
            ColorMode::Ansi16 => bold.fg(ANSI_PALETTE[hash as usize % ANSI_PALETTE.len()]),
            ColorMode::Full => bold.fg(Color::Indexed(
                FULL_PALETTE[hash as usize % FULL_PALETTE.len()],
            )),
        }
    }

    pub fn intro(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM | Modifier::BOLD)
    }

    pub fn cue(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC)
    }

    pub fn note(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match self.mode {
            ColorMode::None => style.add_modifier(Modifier::REVERSED),
            _ => style.fg(Color::Yellow),
        }
    }

    /// A note's body: set apart from speech without shouting.
    pub fn note_text(&self) -> Style {
        self.colored(Style::new().add_modifier(Modifier::ITALIC), Color::Yellow)
    }

    pub fn highlight(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn gutter(&self) -> Style {
        self.colored(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    pub fn border(&self, focused: bool) -> Style {
        match focused {
            true => self.colored(Style::new().add_modifier(Modifier::BOLD), Color::Cyan),
            false => Style::new().add_modifier(Modifier::DIM),
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn error(&self) -> Style {
        self.colored(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    pub fn status(&self) -> Style {
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
        let theme = Theme::new(ColorMode::Full);
        assert_eq!(theme.speaker("JOSH EARNEST"), theme.speaker("Josh Earnest"));
        assert_eq!(theme.speaker("Mayor Ann Lee"), theme.speaker("Ann Lee"));
    }

    #[test]
    fn no_color_uses_no_colours_at_all() {
        let theme = Theme::new(ColorMode::None);
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
}
