//! Draws the App. Reads state only: no mutation, no I/O, so a frame is a
//! pure function of the App and can be snapshot-tested. One module per
//! pane or overlay (list, transcript, quotes, speakers, picker, help, the
//! bar); `draw` lays them out with `app::geometry`. Uses the App through
//! its accessors, the theme, the keymap's labels and `story`.

mod bar;
pub(crate) mod help;
mod list;
mod picker;
pub(crate) mod quotes;
mod share;
mod sheet;
mod speakers;
mod strip;
mod transcript;

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::geometry::{MIN_HEIGHT, MIN_WIDTH};
use super::app::{App, Focus, Overlay};
use super::theme::Theme;

pub fn draw(frame: &mut Frame, app: &App) {
    let screen = frame.area();
    let Some(areas) = app.areas() else {
        too_small(frame, screen);
        return;
    };
    match app.focus() {
        Focus::Quotes => quotes::draw(frame, app, areas.main()),
        Focus::Speakers => speakers::draw(frame, app, areas.main()),
        Focus::Sheet => sheet::draw(frame, app, areas.main()),
        Focus::List | Focus::Transcript => {
            list::draw(frame, app, areas.list);
            transcript::draw(frame, app, areas.transcript);
        }
    }
    bar::draw_filter(frame, app, areas.bar);
    bar::draw_status(frame, app, areas.status);
    match app.overlay() {
        Overlay::Help { scroll } => help::draw(frame, app, screen, scroll),
        Overlay::Picker { speakers } => picker::draw(frame, app, screen, speakers),
        Overlay::TalkShare => share::draw_overlay(frame, app, screen),
        Overlay::None => {}
    }
}

fn too_small(frame: &mut Frame, screen: Rect) {
    let text = too_small_notice(screen.width, screen.height);
    let notice = Paragraph::new(Line::from(text)).wrap(Wrap { trim: true });
    frame.render_widget(notice, screen);
}

/// The longest notice that fits whole on a screen of `width` x `height`.
fn too_small_notice(width: u16, height: u16) -> String {
    let notices = [
        format!("Terminal too small: {width}x{height}, needs {MIN_WIDTH}x{MIN_HEIGHT}. q quits."),
        format!("Too small: needs {MIN_WIDTH}x{MIN_HEIGHT}. q quits."),
        format!("Needs {MIN_WIDTH}x{MIN_HEIGHT}. q quits."),
        "Too small. q quits.".to_string(),
        "Too small".to_string(),
        "Small".to_string(),
    ];
    let fits = |text: &str| wrapped_rows(text, usize::from(width)) <= usize::from(height);
    notices
        .iter()
        .find(|n| fits(n))
        .cloned()
        .unwrap_or_else(|| fit("Too small", usize::from(width)))
}

/// Rows `text` takes wrapped at word boundaries to `width` columns; a word
/// longer than the width counts as never fitting.
fn wrapped_rows(text: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let cols = word.width();
        if cols > width {
            return usize::MAX;
        }
        if used == 0 {
            used = cols;
        } else if used + 1 + cols <= width {
            used += 1 + cols;
        } else {
            rows += 1;
            used = cols;
        }
    }
    rows
}

/// A pane's title for a pane `width` columns wide: cut with an ellipsis
/// rather than by the border.
fn pane_title(text: &str, width: u16) -> String {
    format!(" {} ", fit(text, usize::from(width).saturating_sub(4)))
}

/// `text` as spans in `base`, the byte ranges `marks` highlighted.
fn marked<'a>(text: &'a str, marks: &[Range<usize>], base: Style, theme: &Theme) -> Vec<Span<'a>> {
    marked_with(text, marks, base, theme.highlight())
}

/// `text` as spans in `base`, the byte ranges `marks` in `base` patched
/// with `mark`.
fn marked_with<'a>(
    text: &'a str,
    marks: &[Range<usize>],
    base: Style,
    mark: Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::with_capacity(marks.len() * 2 + 1);
    let mut at = 0;
    for range in marks {
        spans.push(Span::styled(&text[at..range.start], base));
        spans.push(Span::styled(&text[range.clone()], base.patch(mark)));
        at = range.end;
    }
    spans.push(Span::styled(&text[at..], base));
    spans
}

/// Shortens `text` to `width` columns, marking the cut with an ellipsis.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cols = c.width().unwrap_or(0);
        if used + cols + 1 > width {
            break;
        }
        out.push(c);
        used += cols;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod small_screen_tests {
    use super::*;

    #[test]
    fn the_too_small_notice_fits_the_screen_it_is_on() {
        for (width, height) in [(10, 3), (20, 2), (39, 9), (5, 1), (12, 4)] {
            let notice = too_small_notice(width, height);
            assert!(
                wrapped_rows(&notice, usize::from(width)) <= usize::from(height),
                "{width}x{height}: {notice}"
            );
        }
        assert_eq!(too_small_notice(10, 3), "Needs 40x10. q quits.");
        assert!(too_small_notice(39, 9).starts_with("Terminal too small: 39x9"));
    }

    #[test]
    fn a_cut_pane_title_ends_in_an_ellipsis() {
        assert_eq!(
            pane_title("Talks End Over Aleppo", 40),
            " Talks End Over Aleppo "
        );
        assert_eq!(pane_title("Talks End Over Aleppo", 14), " Talks End… ");
    }
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fit_cuts_by_columns_and_marks_the_cut() {
        assert_eq!(fit("River Plan", 10), "River Plan");
        assert_eq!(fit("River Plan", 6), "River…");
        assert_eq!(fit("東京 River", 4), "東…");
        assert_eq!(fit("abc", 0), "…");
    }
}
