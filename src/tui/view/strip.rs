//! The speaker strip: one line above the transcript, the story's turns
//! as cells in each speaker's colour, each as wide as its share of the
//! words, the part on screen drawn full height. Without colour each
//! speaker has a letter, and the part on screen is reversed.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::story::Story;
use crate::tui::app::document::Document;
use crate::tui::app::talk::{self, Voice};
use crate::tui::theme::{ColorMode, Theme};

/// A column of the strip off screen and on it, when there is colour.
const OFF_SCREEN: &str = "▄";
const ON_SCREEN: &str = "█";
/// Turns of no named speaker (the intro, cues, notes) without colour.
const NOBODY: char = '·';

/// The reader's place in the story: the lines on screen.
pub(crate) struct Place {
    pub scroll: usize,
    pub height: usize,
}

/// The strip for `story` as `doc` laid it out.
pub(crate) fn line(story: &Story, doc: &Document, place: Place, theme: &Theme) -> Line<'static> {
    let columns = &doc.strip;
    let seen = doc.seen_words(place.scroll, place.height);
    let on_screen = talk::seen_columns(columns, &seen);
    let letters = talk::letters(story);
    let mut spans: Vec<Span> = Vec::new();
    for ((voice, _), seen) in columns.iter().zip(on_screen) {
        let (text, style) = cell(story, *voice, seen, theme, &letters);
        // Neighbours alike share a span, so a frame has few of them.
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&text),
            _ => spans.push(Span::styled(text, style)),
        }
    }
    Line::from(spans)
}

fn cell(
    story: &Story,
    voice: Voice,
    seen: bool,
    theme: &Theme,
    letters: &[char],
) -> (String, Style) {
    if theme.mode == ColorMode::None {
        let letter = match voice {
            Voice::Speaker(i) => letters.get(i).copied().unwrap_or('?'),
            Voice::Other => NOBODY,
        };
        let style = match seen {
            true => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            false => Style::new(),
        };
        return (letter.to_string(), style);
    }
    let style = match voice {
        Voice::Speaker(i) => story
            .speakers
            .get(i)
            .map_or(theme.dim(), |s| theme.speaker(&s.name)),
        Voice::Other => theme.dim(),
    };
    let glyph = match seen {
        true => ON_SCREEN,
        false => OFF_SCREEN,
    };
    (glyph.to_string(), style.remove_modifier(Modifier::BOLD))
}
