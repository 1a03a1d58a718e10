//! The help overlay, printed from the keymap in force: each action once
//! per context with all its keys, the contexts from the keys used most to
//! the ones used least. The App keeps the scroll asked for; the overlay
//! clamps it to the lines there are when it draws them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::app::geometry::overlay;
use crate::tui::keymap::{Action, Context};

const WIDTH: u16 = 64;
const KEY_COLUMN: usize = 16;

fn lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut context: Option<Context> = None;
    for (ctx, keys, description) in app.keymap().help_rows() {
        if context != Some(ctx) {
            if context.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::styled(ctx.title(), app.theme().heading()));
            context = Some(ctx);
        }
        lines.push(Line::from(vec![
            Span::styled(key_cell(&keys), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(description),
        ]));
    }
    lines
}

/// The keys, indented and padded to the column; keys too many for it
/// still keep two spaces before the description rather than running into
/// it (`Shift-Tabback`).
fn key_cell(keys: &str) -> String {
    let gap = if keys.chars().count() >= KEY_COLUMN {
        "  "
    } else {
        ""
    };
    format!("  {keys:<KEY_COLUMN$}{gap}")
}

/// Names the keys that close and scroll the help as they are bound now.
fn title(app: &App) -> String {
    let keys = |action: Action| app.keymap().labels(Context::Help, &action);
    let first = |action: Action| keys(action).into_iter().next().unwrap_or_default();
    format!(
        " Keys · {} closes, {}/{} scroll ",
        keys(Action::CloseOverlay).join(" or "),
        first(Action::Down),
        first(Action::Up)
    )
}

/// Draws the help scrolled by `scroll` lines, or as far as it goes: the
/// last line stops at the bottom of the box, however far the reader asked.
pub(crate) fn draw(frame: &mut Frame, app: &App, screen: Rect, scroll: usize) {
    let lines = lines(app);
    let line_count = lines.len();
    let area = overlay(screen, WIDTH, line_count as u16 + 2);
    let block = Block::bordered()
        .title(title(app))
        .border_style(app.theme().border(true));
    let text: Vec<Line> = lines
        .into_iter()
        .skip(clamped(scroll, area, line_count))
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).block(block), area);
}

/// `scroll` with no fewer lines left than the box shows.
fn clamped(scroll: usize, area: Rect, lines: usize) -> usize {
    let visible = usize::from(area.height.saturating_sub(2));
    scroll.min(lines.saturating_sub(visible))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Keymap;

    #[test]
    fn a_long_key_list_keeps_a_gap_before_the_description() {
        assert_eq!(key_cell("j Down"), format!("  j Down{}", " ".repeat(10)));
        assert!(key_cell("Esc q Tab Shift-Tab").ends_with("Shift-Tab  "));
        assert!(key_cell("Tab Shift-Tab 123").ends_with("123  "));
    }

    #[test]
    fn rows_merge_the_keys_of_one_action() {
        let rows = Keymap::default().help_rows();
        let down = rows
            .iter()
            .find(|(c, _, d)| *c == Context::Panes && *d == "down")
            .unwrap();
        assert_eq!(down.1, "j Down");
        let scroll = rows
            .iter()
            .find(|(c, _, d)| *c == Context::Help && *d == "scroll help")
            .unwrap();
        assert_eq!(scroll.1, "j Down k Up");
        assert_eq!(rows[0].0, Context::Panes);
        assert_eq!(rows.last().unwrap().0, Context::Global);
    }

    /// The screen after `?` and `downs` presses of `j`, on 80x12.
    fn help_after(downs: usize) -> String {
        help_after_keys(downs, 0)
    }

    /// The screen after `?`, `downs` presses of `j` and `ups` of `k`.
    fn help_after_keys(downs: usize, ups: usize) -> String {
        use crate::tui::{MemoryStories, Origin, TuiOptions, dispatch, start};
        use ratatui::{Terminal, backend::TestBackend};
        let options = TuiOptions::new(Box::new(MemoryStories::new(vec![])), Origin::Library);
        let (mut app, mut source) = start(options, (80, 12));
        dispatch(&mut app, source.as_mut(), Action::ToggleHelp);
        for _ in 0..downs {
            dispatch(&mut app, source.as_mut(), Action::Down);
        }
        for _ in 0..ups {
            dispatch(&mut app, source.as_mut(), Action::Up);
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 12)).unwrap();
        app.layout();
        terminal.draw(|f| crate::tui::view::draw(f, &app)).unwrap();
        let buffer = terminal.backend().buffer();
        let rows = buffer.content().chunks(80);
        let rows = rows.map(|row| row.iter().map(|c| c.symbol()).collect::<String>());
        rows.collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn scrolling_past_the_end_keeps_the_last_line_at_the_bottom() {
        let top = help_after(0);
        assert!(top.contains("All panes"), "{top}");
        let end = help_after(500);
        let rows: Vec<&str> = end.lines().collect();
        // The box's last inner row is the help's last line: Ctrl-C quits.
        assert!(rows[rows.len() - 3].contains("Ctrl-c"), "{end}");
        assert!(!end.contains("All panes"), "{end}");
        assert_eq!(help_after(501), end);
    }

    #[test]
    fn up_after_scrolling_past_the_end_moves_at_once() {
        let end = help_after(500);
        let one_up = help_after_keys(500, 1);
        assert_ne!(one_up, end);
        let lines = Keymap::default().help_line_count();
        // 80x12: the box shows 8 of the help's lines, so the end is at
        // `lines - 8`, and one line up from it is the same as going there.
        assert_eq!(one_up, help_after(lines - 8 - 1));
    }

    #[test]
    fn the_counted_lines_are_the_lines_drawn() {
        use crate::config::ThemeConfig;
        use crate::tui::theme::{ColorMode, Theme};
        let theme = Theme::from_config(ColorMode::None, &ThemeConfig::default());
        let app = App::new(0, crate::tui::Origin::Library, theme);
        assert_eq!(lines(&app).len(), app.keymap().help_line_count());
    }

    #[test]
    fn the_scroll_stops_where_the_last_line_shows() {
        let area = Rect::new(0, 0, 64, 12);
        assert_eq!(clamped(3, area, 40), 3);
        assert_eq!(clamped(500, area, 40), 30);
        assert_eq!(clamped(5, area, 8), 0);
    }
}
