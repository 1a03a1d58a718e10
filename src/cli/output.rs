//! How the CLI prints: colour only on a terminal and never with NO_COLOR,
//! speakers in the colours config.toml gives them in the TUI, and story
//! text sanitized on its way out, since a story file may have
//! been edited by hand.

use std::io::{IsTerminal, Write};

use crossterm::style::{Attribute, Color, Stylize};
use ratatui::style::Color as TuiColor;

use crate::config::ThemeConfig;
use crate::story::sanitize;
use crate::tui::theme::{ColorMode, Theme};

pub struct Out {
    theme: Option<Theme>,
}

impl Out {
    pub fn stdout(config: &ThemeConfig) -> Out {
        let mode = ColorMode::from_env();
        let colour = std::io::stdout().is_terminal() && mode != ColorMode::None;
        Out {
            theme: colour.then(|| Theme::from_config(mode, config)),
        }
    }

    /// A speaker's name in their colour, bold.
    pub fn speaker(&self, name: &str, text: &str) -> String {
        let text = sanitize::clean_line(text);
        match &self.theme {
            Some(theme) => {
                let styled = text.to_string().attribute(Attribute::Bold);
                match theme.speaker(name).fg.and_then(ansi) {
                    Some(color) => styled.with(color).to_string(),
                    None => styled.to_string(),
                }
            }
            None => text.into_owned(),
        }
    }

    pub fn dim(&self, text: &str) -> String {
        let text = sanitize::clean_line(text);
        match self.theme {
            Some(_) => text.to_string().attribute(Attribute::Dim).to_string(),
            None => text.into_owned(),
        }
    }

    pub fn bold(&self, text: &str) -> String {
        let text = sanitize::clean_line(text);
        match self.theme {
            Some(_) => text.to_string().attribute(Attribute::Bold).to_string(),
            None => text.into_owned(),
        }
    }
}

fn ansi(color: TuiColor) -> Option<Color> {
    Some(match color {
        TuiColor::Rgb(r, g, b) => Color::Rgb { r, g, b },
        TuiColor::Indexed(i) => Color::AnsiValue(i),
        TuiColor::Red => Color::DarkRed,
        TuiColor::Green => Color::DarkGreen,
        TuiColor::Yellow => Color::DarkYellow,
        TuiColor::Blue => Color::DarkBlue,
        TuiColor::Magenta => Color::DarkMagenta,
        TuiColor::Cyan => Color::DarkCyan,
        TuiColor::LightRed => Color::Red,
        TuiColor::LightGreen => Color::Green,
        TuiColor::LightYellow => Color::Yellow,
        TuiColor::LightBlue => Color::Blue,
        TuiColor::LightMagenta => Color::Magenta,
        TuiColor::LightCyan => Color::Cyan,
        _ => return None,
    })
}

/// Prints JSON to stdout, pretty, with a final newline. Buffered: stdout
/// alone flushes at every newline, a write call per line of JSON.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// A story as `show --json` and `parse` print it: as stored, with where it
/// came from and when it aired at the top, where scripts look first.
pub fn story_json(story: &crate::story::Story) -> serde_json::Value {
    let mut value = serde_json::to_value(story).expect("a story serializes");
    if let Some(fields) = value.as_object_mut() {
        let top = [
            ("url", serde_json::json!(story.source.url)),
            ("audio_url", serde_json::json!(story.source.audio_url)),
            ("date", serde_json::json!(story.date())),
            ("program", serde_json::json!(story.program)),
        ];
        for (key, field) in top {
            fields.insert(key.to_string(), field);
        }
    }
    value
}
